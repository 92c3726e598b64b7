"""Output that cannot fail on the terminal's encoding.

With locale coercion off and a C or ASCII locale, Python's stdout is ASCII
and strict: the first '·' or '…' of a report would end the command with a
UnicodeEncodeError. Characters the terminal cannot show become '?' instead,
and a lone surrogate (an undecodable name) never goes out as a raw byte.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Iterable
from typing import Any


def tolerant_streams() -> None:
    """Make stdout and stderr replace what their encoding cannot write."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper) and stream.errors != "replace":
            try:
                stream.reconfigure(errors="replace")
            except (ValueError, OSError):  # a closed or detached stream: nothing to print to
                pass


class ClosedOutput:
    """Standing in for a standard output the process was started without (``>&-``): the first
    write fails, so a command that prints ends with one line and a non-zero status instead
    of printing nothing and reporting success."""

    encoding = "utf-8"
    errors = "replace"

    @property
    def buffer(self) -> "ClosedOutput":
        return self

    def write(self, data: object) -> int:
        import errno

        raise OSError(errno.EBADF, "could not print: standard output is closed")

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False


def closed_stdout_noticed() -> None:
    """Put a ``ClosedOutput`` where Python left no stdout (fd 1 was closed at start)."""
    if sys.stdout is None:
        sys.stdout = ClosedOutput()  # type: ignore[assignment]


def stdout_console(**options: Any) -> Any:
    """A rich Console on stdout whose closed pipe ends the command as every other print's does
    (rich's own answer is SystemExit(1), which `check` uses for "a finding reached --fail-on")."""
    from rich.console import Console

    class _Console(Console):
        def on_broken_pipe(self) -> None:
            try:
                super().on_broken_pipe()  # points stdout at the null device: later writes are harmless
            except SystemExit:
                pass
            raise BrokenPipeError(32, "the reader of standard output went away")

    return _Console(**options)


def stderr_is_terminal() -> bool:
    """Whether a person is watching stderr (progress bars go there). A process started with
    stderr closed (`2>&-`) has no sys.stderr at all: no terminal, and nothing to fail on."""
    return sys.stderr is not None and sys.stderr.isatty()


def echo_json(data: object) -> None:
    """Print ``data`` as indented JSON: UTF-8 bytes whatever the locale, inert in a terminal."""
    import click
    import orjson

    from claimdesk.sanitize import inert_json

    text = inert_json(orjson.dumps(data, option=orjson.OPT_INDENT_2).decode())
    click.echo((text + "\n").encode("utf-8"), nl=False)


def print_whole(chunks: Iterable[str], *, data: bool = True) -> None:
    """Print ``chunks`` whole or not at all: gathered in a temp file (memory stays that of one
    chunk, whatever the library's size), then copied out. ``data``: UTF-8 bytes whatever the
    locale (exports, JSON); otherwise text, which the terminal's encoding replaces where it must."""
    import tempfile

    import click

    if data:
        with tempfile.TemporaryFile() as spool:
            for chunk in chunks:
                spool.write(chunk.encode("utf-8"))
            spool.seek(0)
            while block := spool.read(1 << 20):
                click.echo(block, nl=False)
        return
    # surrogatepass: a lone surrogate (an undecodable name) reaches the terminal's stream as it
    # would have, which replaces it.
    with tempfile.TemporaryFile("w+", encoding="utf-8", errors="surrogatepass", newline="") as text:
        for chunk in chunks:
            text.write(chunk)
        text.seek(0)
        while part := text.read(1 << 20):
            click.echo(part, nl=False)
