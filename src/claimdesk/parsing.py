"""Report parsing (stub: the real parser replaces this module)."""

from __future__ import annotations

from pathlib import Path

from claimdesk.errors import ParseError
from claimdesk.model import Report


def parse_file(path: str | Path) -> Report:
    """Parse one report file; raise ParseError(path, reason) when it is not a report."""
    raise ParseError(path, "parser not built yet")


def parse_bytes(data: bytes, path: str | Path) -> Report:
    """Parse report bytes read from ``path`` (its stem becomes the id)."""
    raise ParseError(path, "parser not built yet")
