"""The system git, run on sync's work area (no Textual here).

One job: start ``git -C AREA ...`` through subprocess (an argument list,
never a shell) with a clean environment, a fixed identity and a timeout, and
turn a failure into one ``SyncError`` line. What to run is claimdesk.sync's
business.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from claimdesk.errors import SyncError
from claimdesk.sanitize import clean

DEFAULT_TIMEOUT = 120.0  # seconds per git command; CLAIMDESK_SYNC_TIMEOUT changes it
_IDENTITY = {
    "GIT_AUTHOR_NAME": "claimdesk",
    "GIT_AUTHOR_EMAIL": "claimdesk@localhost",
    "GIT_COMMITTER_NAME": "claimdesk",
    "GIT_COMMITTER_EMAIL": "claimdesk@localhost",
}
# Variables that would point git at another repository than the work area.
_REPO_VARIABLES = ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY", "GIT_NAMESPACE")


class Git:
    """The system git, run on the work area with a clean environment and a timeout."""

    def __init__(self, area: Path, timeout: float | None = None, secret: str | None = None) -> None:
        self.area = area
        self.secret = secret  # a password in the remote's URL, kept out of messages
        self.timeout = timeout if timeout is not None else _timeout_from_env()
        env = {k: v for k, v in os.environ.items() if k not in _REPO_VARIABLES}
        env.update(_IDENTITY)
        env["GIT_TERMINAL_PROMPT"] = "0"  # a password prompt would hang a sync: use keys or a credential helper
        env["LC_ALL"] = "C"
        self.env = env

    def run(self, *args: str, data: bytes | None = None, where: str = "") -> bytes:
        """Stdout of ``git -C AREA ARGS``; SyncError with git's last line when it fails."""
        command = ["git", "-c", "gc.auto=0", "-c", "maintenance.auto=false", "-C", str(self.area), *args]
        try:
            # A session of its own, so a timeout (or Ctrl-C) ends git's helpers too
            # (git-remote-https, ssh), which would otherwise hold its output open.
            process = subprocess.Popen(
                command,
                stdin=subprocess.PIPE if data is not None else subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                env=self.env,
                start_new_session=True,
            )
        except FileNotFoundError:
            raise SyncError("sync needs the git command, and it is not installed (or not on PATH)") from None
        try:
            stdout, stderr = process.communicate(data, timeout=self.timeout)
        except subprocess.TimeoutExpired:
            _end(process)
            raise SyncError(
                f"git {args[0]} {where} did not finish within {self.timeout:g} s (CLAIMDESK_SYNC_TIMEOUT)"
            ) from None
        except BaseException:
            _end(process)
            raise
        done = subprocess.CompletedProcess(command, process.returncode, stdout, stderr)
        if done.returncode != 0:
            line = _reason(done.stderr)
            if self.secret:
                line = line.replace(self.secret, "***")
            raise GitFailed(args[0], line, done.stderr.decode("utf-8", "replace"))
        return done.stdout


def _end(process: subprocess.Popen[bytes]) -> None:
    """Kill git and every helper it started, and reap them."""
    import signal

    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (OSError, AttributeError):  # gone already, or no process groups (Windows)
        process.kill()
    process.communicate()


class GitFailed(SyncError):
    def __init__(self, command: str, line: str, stderr: str) -> None:
        self.command = command
        self.line = line
        self.stderr = stderr
        super().__init__(f"git {command} failed: {line}")


def _reason(stderr: bytes) -> str:
    """git's own reason: its first line names the cause ("does not appear to be a git
    repository", "Could not resolve hostname"); later ones are generic advice."""
    lines = [ln.strip() for ln in stderr.decode("utf-8", "replace").splitlines() if ln.strip()]
    first = lines[0] if lines else "(no message)"
    for prefix in ("fatal: ", "error: "):
        first = first.removeprefix(prefix)
    return clean(first)


def _timeout_from_env() -> float:
    raw = os.environ.get("CLAIMDESK_SYNC_TIMEOUT", "").strip()
    if not raw:
        return DEFAULT_TIMEOUT
    try:
        value = float(raw)
    except ValueError:
        raise SyncError(f"CLAIMDESK_SYNC_TIMEOUT must be a number of seconds, not {clean(raw)!r}") from None
    if value <= 0:
        raise SyncError("CLAIMDESK_SYNC_TIMEOUT must be more than 0 seconds")
    return value
