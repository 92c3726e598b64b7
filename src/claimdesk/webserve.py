"""The desk in a browser: textual-serve, guarded against other web pages.

The served desk has no login. Binding to loopback keeps other machines out,
but not other *web pages* in the reviewer's own browser: browsers let any page
open a WebSocket to ``ws://127.0.0.1:PORT`` (WebSockets are not bound by the
same-origin policy), and a page whose name resolves to 127.0.0.1 (DNS
rebinding) sends its own name as ``Host``. So every request must name the
served address in ``Host``, and a request that carries an ``Origin`` (every
browser WebSocket does; a WebSocket without one is refused) must come from a
page of the served address. Each session starts a desk process, so sessions
are capped; when the cap is reached the page says so instead of starting one.
"""

from __future__ import annotations

import html
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from aiohttp import web
from textual_serve.server import Server

from claimdesk.sanitize import clean

LOOPBACK_ALIASES = ("127.0.0.1", "localhost", "[::1]")


@dataclass(frozen=True)
class Refusal:
    """Why a request was turned away: an HTTP status and a line for the log and the page."""

    status: int
    reason: str


def _netloc(host: str, port: int) -> str:
    host = host.strip().lower()
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"
    return f"{host}:{port}"


def allowed_hosts(host: str, port: int, public_url: str | None, *, loopback: bool) -> frozenset[str]:
    """Every ``host:port`` a legitimate page of this server is reached at."""
    names = {_netloc(host, port)}
    if public_url:
        parts = urlsplit(public_url)
        default = 443 if parts.scheme == "https" else 80
        if parts.hostname:
            names.add(_netloc(parts.hostname, parts.port or default))
    if loopback:
        names.update(_netloc(alias.strip("[]"), port) for alias in LOOPBACK_ALIASES)
    return frozenset(names)


def _host_forms(value: str) -> set[str]:
    """``Host`` (or an origin's netloc) as ``host:port``; without a port, either web default."""
    parts = urlsplit(f"//{value.strip()}")
    try:
        port = parts.port
    except ValueError:
        return set()
    if not parts.hostname:
        return set()
    return {_netloc(parts.hostname, p) for p in ((port,) if port else (80, 443))}


def check_request(
    allowed: frozenset[str], *, host: str | None, origin: str | None, websocket: bool
) -> Refusal | None:
    """None when the request comes from a page of the served address, else why not."""
    shown_host = clean(host or "")[:100]
    if not host or not _host_forms(host) & allowed:
        return Refusal(
            421,
            f"refused a request for host {shown_host!r}: not the served address "
            "(behind a proxy or another name, give serve --public-url the address browsers use)",
        )
    if origin is None:
        if websocket:
            return Refusal(403, "refused a WebSocket without an Origin")
        return None
    parts = urlsplit(origin.strip())
    if parts.scheme not in ("http", "https") or not _host_forms(parts.netloc) & allowed:
        return Refusal(403, f"refused a request from the page {clean(origin)[:100]!r}: not the served address")
    return None


class GuardedServer(Server):
    """textual-serve with a Host/Origin check on every request and a cap on sessions."""

    def __init__(
        self,
        command: str,
        *,
        host: str,
        port: int,
        title: str,
        public_url: str | None = None,
        max_sessions: int,
        loopback: bool = True,
        extra_hosts: Iterable[str] = (),
    ) -> None:
        super().__init__(command, host=host, port=port, title=title, public_url=public_url)
        self.max_sessions = max_sessions
        self.sessions = 0
        self.allowed = allowed_hosts(host, port, public_url, loopback=loopback) | frozenset(extra_hosts)

    async def _make_app(self) -> web.Application:
        app = await super()._make_app()
        app.middlewares.append(self._guard)
        return app

    @web.middleware
    async def _guard(
        self, request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
    ) -> web.StreamResponse:
        refusal = check_request(
            self.allowed,
            host=request.headers.get("Host"),
            origin=request.headers.get("Origin"),
            websocket=request.headers.get("Upgrade", "").lower() == "websocket",
        )
        if refusal is not None:
            self.console.print(f"claimdesk serve: {refusal.reason}", markup=False, highlight=False)
            return web.Response(status=refusal.status, text=refusal.reason + "\n")
        response = await handler(request)
        # No other site may frame the desk (and steer clicks or keys into it).
        response.headers["Content-Security-Policy"] = "frame-ancestors 'none'"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Referrer-Policy"] = "no-referrer"
        return response

    def _full(self) -> bool:
        return self.sessions >= self.max_sessions

    def _full_page(self) -> web.Response:
        title = html.escape(self.title)
        n = self.max_sessions
        body = (
            f"<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>{title}: full</title></head>\n"
            f"<body><h1>{title} is full</h1>\n<p>{n} desk session{'s are' if n != 1 else ' is'} open, the most "
            "this server allows. Close a desk tab (or wait for one to end), then reload this page.</p>\n"
            "</body></html>\n"
        )
        return web.Response(status=503, text=body, content_type="text/html", headers={"Retry-After": "10"})

    async def handle_index(self, request: web.Request) -> web.StreamResponse:  # type: ignore[override]
        if self._full():
            return self._full_page()
        response = await super().handle_index(request)
        if isinstance(response, web.Response) and response.text is not None:
            titled = f"<head>\n    <meta charset=\"utf-8\">\n    <title>{html.escape(self.title)}</title>"
            response.text = response.text.replace("<head>", titled, 1)
        return response

    async def handle_websocket(self, request: web.Request) -> web.StreamResponse:
        if self._full():  # checked and counted with no await between: one event loop, no race
            self.console.print("claimdesk serve: refused a session: the session cap is reached", markup=False)
            return self._full_page()
        self.sessions += 1
        try:
            return await super().handle_websocket(request)
        finally:
            self.sessions -= 1
