"""Output that cannot fail on the terminal's encoding.

With locale coercion off and a C or ASCII locale, Python's stdout is ASCII
and strict: the first '·' or '…' of a report would end the command with a
UnicodeEncodeError. Characters the terminal cannot show become '?' instead,
and a lone surrogate (an undecodable name) never goes out as a raw byte.
"""

from __future__ import annotations

import io
import sys


def tolerant_streams() -> None:
    """Make stdout and stderr replace what their encoding cannot write."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper) and stream.errors != "replace":
            try:
                stream.reconfigure(errors="replace")
            except (ValueError, OSError):  # a closed or detached stream: nothing to print to
                pass


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
