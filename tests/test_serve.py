"""``claimdesk serve``: answers HTTP on loopback, and warns before binding anywhere else."""

from __future__ import annotations

import shlex
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from click.testing import CliRunner

from claimdesk.cli.team_cmd import app_command, exposure_warning, is_loopback, serve


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.slow
def test_serve_answers_on_loopback_with_the_app_page(tmp_path):
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "claimdesk", "serve", "--port", str(port),
         "--db", str(tmp_path / "db"), "--reviewer", "alice"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    try:
        page = None
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as response:
                    assert response.status == 200
                    page = response.read().decode("utf-8")
                    break
            except (urllib.error.URLError, ConnectionError, OSError):
                time.sleep(0.2)
        assert page is not None, f"no answer on port {port}; stderr: {proc.stderr.read1().decode() if proc.poll() is not None else ''}"
        assert "<div>claimdesk</div>" in page  # the served app's name on the start screen
        assert "js/textual.js" in page  # the browser terminal
        assert f"ws://127.0.0.1:{port}/ws" in page  # the browser's terminal connects back here
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    # No warning on loopback.
    assert b"no login" not in proc.stderr.read()


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.5", "localhost", "::1", "[::1]"])
def test_loopback_hosts_need_no_warning(host):
    assert is_loopback(host)
    assert exposure_warning(host, 8000) is None


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.20", "desk.example.org"])
def test_any_other_host_is_warned_about(host):
    assert not is_loopback(host)
    warning = exposure_warning(host, 8000)
    assert "no login" in warning and "anyone who can reach this port can read and write reviews" in warning


def test_dry_run_on_all_interfaces_warns_on_stderr_without_binding(tmp_path):
    result = CliRunner().invoke(
        serve, ["--host", "0.0.0.0", "--port", "8765", "--dry-run", "--db", str(tmp_path / "d b"), "--reviewer", "Ann O'Neil"]
    )
    assert result.exit_code == 0
    assert "no login" in result.stderr and "0.0.0.0:8765" in result.stderr
    assert "no login" not in result.stdout
    assert "would serve" in result.stdout and "http://0.0.0.0:8765" in result.stdout


def test_dry_run_on_loopback_is_quiet_on_stderr(tmp_path):
    result = CliRunner().invoke(serve, ["--dry-run", "--db", str(tmp_path / "db"), "--reviewer", "ann"])
    assert result.exit_code == 0
    assert result.stderr == ""
    assert "http://127.0.0.1:8000" in result.stdout


def test_app_command_quotes_paths_and_names(tmp_path):
    db = tmp_path / "my reviews; rm -rf x"
    command = app_command(db, "Ann O'Neil")
    assert shlex.split(command) == [sys.executable, "-m", "claimdesk", "open", "--db", str(db), "--reviewer", "Ann O'Neil"]


def test_a_port_in_use_is_one_line_before_any_banner(tmp_path):
    from claimdesk.cli import cli

    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        result = CliRunner().invoke(cli, ["serve", "--port", str(port), "--db", str(tmp_path / "db")])
    assert result.exit_code == 2
    assert result.output == f"claimdesk: cannot serve on 127.0.0.1:{port}: address already in use\n"
