"""Text typed on the command line, checked before anything keeps it.

A terminal or locale that is not UTF-8 hands Python undecodable bytes as lone
surrogates (U+DC80..U+DCFF). Kept, they would be stored as something the
person never typed (or crash the JSON writer); so a note, name or field that
is not UTF-8 is refused in one line, and nothing is written.
"""

from __future__ import annotations

from pathlib import Path

from claimdesk.errors import ClaimdeskError
from claimdesk.sanitize import clean


class NotUtf8(ClaimdeskError):
    """An argument or variable holds bytes that are not UTF-8 text."""


def utf8_text(value: str, what: str) -> str:
    """``value`` unchanged when it is valid Unicode; else NotUtf8 naming ``what``."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        shown = clean("".join(_escaped(c) for c in value))
        raise NotUtf8(f"{what}: not UTF-8 text ({shown[:80]}); use a UTF-8 terminal or locale") from None
    return value


def _escaped(char: str) -> str:
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # an undecodable byte, as surrogateescape carries it
        return f"\\x{code - 0xDC00:02x}"
    return f"\\u{code:04x}" if 0xD800 <= code <= 0xDFFF else char


def require_database(root: Path, hint: str = "`claimdesk import PATH` creates one") -> None:
    """Refuse, in one line, a path that holds no review database yet.

    Commands that only read (or only read from it, as merge reads OTHER)
    must never create a database where a path was mistyped. The marker file
    is the one the store writes first when it creates a database.
    """
    from claimdesk.errors import NotFound

    if root.is_dir() and (root / "claimdesk.json").exists():
        return
    if root.exists() and not root.is_dir():
        return  # the store says what is wrong with it
    shown = clean(str(root))
    if root.is_dir():
        raise NotFound(f"{shown} is not a claimdesk review database (no claimdesk.json); {hint}")
    raise NotFound(f"no review database at {shown}; {hint}")
