"""``serve`` obeys only its own pages: foreign Origin/Host refused, sessions capped, a titled page."""

from __future__ import annotations

import asyncio
import shlex
import socket
import subprocess
import sys
import time
from contextlib import asynccontextmanager

import aiohttp
import pytest
from aiohttp import web

from claimdesk.webserve import GuardedServer, allowed_hosts, check_request

# A stand-in for the desk: a process that lives until the server writes to it (its "quit").
IDLE = " ".join(shlex.quote(p) for p in (sys.executable, "-c", "import sys; sys.stdin.buffer.read(1)"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@asynccontextmanager
async def running(max_sessions: int = 2):
    port = free_port()
    server = GuardedServer(IDLE, host="127.0.0.1", port=port, title="claimdesk", max_sessions=max_sessions)
    runner = web.AppRunner(await server._make_app())
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    try:
        yield server, port
    finally:
        await runner.cleanup()


async def _ws_status(session: aiohttp.ClientSession, url: str, **headers: str) -> int:
    try:
        ws = await session.ws_connect(url, headers=headers)
    except aiohttp.WSServerHandshakeError as exc:
        return exc.status
    await ws.close()
    return 101


async def test_a_websocket_from_another_site_is_refused_and_starts_no_desk():
    async with running() as (server, port), aiohttp.ClientSession() as session:
        url = f"ws://127.0.0.1:{port}/ws"
        assert await _ws_status(session, url, Origin="https://evil.example") == 403
        assert await _ws_status(session, url, Origin=f"http://evil.example:{port}") == 403
        assert await _ws_status(session, url) == 403  # no Origin: not a browser page of ours
        # A rebinding name that resolves to 127.0.0.1 sends its own Host and Origin.
        rebound = {"Host": f"evil.example:{port}", "Origin": f"http://evil.example:{port}"}
        assert await _ws_status(session, url, **rebound) == 421
        assert server.sessions == 0
        # The served page's own origin (and its loopback aliases) may connect.
        async with session.ws_connect(url, headers={"Origin": f"http://127.0.0.1:{port}"}) as ws:
            assert not ws.closed
        assert await _ws_status(session, url, Origin=f"http://localhost:{port}") == 101


async def test_the_page_has_a_title_and_refuses_a_foreign_host():
    async with running() as (_server, port), aiohttp.ClientSession() as session:
        async with session.get(f"http://127.0.0.1:{port}/") as response:
            page = await response.text()
            assert response.status == 200
            assert response.headers["X-Frame-Options"] == "DENY"
        assert "<title>claimdesk</title>" in page
        assert f"ws://127.0.0.1:{port}/ws" in page
        async with session.get(f"http://127.0.0.1:{port}/", headers={"Host": f"evil.example:{port}"}) as response:
            assert response.status == 421
            assert "ws://" not in await response.text()


async def test_sessions_are_capped_with_a_page_that_says_so():
    async with running(max_sessions=1) as (server, port), aiohttp.ClientSession() as session:
        origin = {"Origin": f"http://127.0.0.1:{port}"}
        url = f"ws://127.0.0.1:{port}/ws"
        first = await session.ws_connect(url, headers=origin)
        for _ in range(50):  # the session counts as soon as the handshake is answered
            if server.sessions == 1:
                break
            await asyncio.sleep(0.02)
        assert server.sessions == 1
        assert await _ws_status(session, url, **origin) == 503
        async with session.get(f"http://127.0.0.1:{port}/") as response:
            assert response.status == 503
            page = await response.text()
        assert "claimdesk is full" in page and "1 desk session is open" in page
        await first.close()
        for _ in range(100):
            if server.sessions == 0:
                break
            await asyncio.sleep(0.05)
        async with session.get(f"http://127.0.0.1:{port}/") as response:
            assert response.status == 200


@pytest.mark.parametrize(
    ("host", "origin", "websocket", "ok"),
    [
        ("127.0.0.1:8000", "http://127.0.0.1:8000", True, True),
        ("localhost:8000", "http://localhost:8000", True, True),
        ("[::1]:8000", "http://[::1]:8000", True, True),
        ("127.0.0.1:8000", None, False, True),  # a plain page load carries no Origin
        ("127.0.0.1:8000", None, True, False),
        ("127.0.0.1:8000", "null", True, False),  # a sandboxed frame or a file: page
        ("127.0.0.1:8000", "http://127.0.0.1:8001", True, False),
        ("127.0.0.1:9000", "http://127.0.0.1:9000", True, False),
        ("attacker.test:8000", "http://attacker.test:8000", True, False),
        ("", "http://127.0.0.1:8000", True, False),
        (None, "http://127.0.0.1:8000", False, False),
    ],
)
def test_only_the_served_address_passes(host, origin, websocket, ok):
    allowed = allowed_hosts("127.0.0.1", 8000, None, loopback=True)
    assert (check_request(allowed, host=host, origin=origin, websocket=websocket) is None) is ok


def test_a_public_url_is_the_served_address_behind_a_proxy():
    allowed = allowed_hosts("127.0.0.1", 8000, "https://desk.example.org", loopback=True)
    assert check_request(allowed, host="desk.example.org", origin="https://desk.example.org", websocket=True) is None
    assert check_request(allowed, host="desk.example.org", origin="https://other.example.org", websocket=True)


@pytest.mark.slow
def test_real_serve_refuses_a_foreign_websocket_and_holds_its_session_cap(tmp_path):
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "claimdesk", "serve", "--port", str(port), "--max-sessions", "1",
         "--db", str(tmp_path / "db"), "--reviewer", "alice"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )

    async def probe() -> None:
        async with aiohttp.ClientSession() as session:
            deadline = time.monotonic() + 30
            while True:
                try:
                    async with session.get(f"http://127.0.0.1:{port}/") as response:
                        assert response.status == 200
                        assert "<title>claimdesk</title>" in await response.text()
                        break
                except aiohttp.ClientConnectionError:
                    assert time.monotonic() < deadline and proc.poll() is None, "serve did not start"
                    await asyncio.sleep(0.2)
            url = f"ws://127.0.0.1:{port}/ws"
            assert await _ws_status(session, url, Origin="https://evil.example") == 403
            own = await session.ws_connect(url, headers={"Origin": f"http://127.0.0.1:{port}"})
            try:
                # The desk draws its first screen: the session is live.
                message = await own.receive(timeout=60)
                assert message.type in (aiohttp.WSMsgType.BINARY, aiohttp.WSMsgType.TEXT)
                assert await _ws_status(session, url, Origin=f"http://127.0.0.1:{port}") == 503
                async with session.get(f"http://127.0.0.1:{port}/") as response:
                    assert response.status == 503
                    assert "is full" in await response.text()
            finally:
                await own.close()

    try:
        asyncio.run(probe())
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
