"""Read a report file, in whichever layout it comes, into a ``Report``.

One entry point for the web layout, the paper layout and our own report JSON.
Everything that is not a report is refused with ``ParseError(path, reason)``
and a short reason a person can act on; nothing else ever escapes, because a
reviewer pointing the desk at a folder of odd files must not see a traceback.
"""

from __future__ import annotations

import os
import re
from pathlib import Path, PurePath
from stat import S_ISDIR, S_ISREG

from claimdesk.errors import ParseError
from claimdesk.model import Report
from claimdesk.sanitize import clean, has_control
from claimdesk.textbytes import UTF8_BOM, NotText, utf8_text

__all__ = ["MAX_BYTES", "parse_bytes", "parse_file", "parse_text"]

MAX_BYTES = 50 * 1024 * 1024
CONTROL_WARNING = "removed terminal control sequences"
NOT_JSON = "not valid JSON (truncated or damaged)"

# What sanitize.has_control finds in the decoded text, found in the UTF-8
# bytes instead, where a byte table and two literal-led patterns do it at a
# fraction of the cost: C0 controls but tab, line feed and carriage return
# (every CR becomes a line end), DEL, C1 controls (C2 80..9F), and the
# bidirectional marks, overrides and isolates, invisible characters and line
# separators (D8 9C; E2 80 8B..8F, A8..AE; E2 81 A0, A6..A9; EF BB BF).
_NOT_CONTROL_BYTES = bytes(b for b in range(256) if not (b < 9 or b in (11, 12) or 14 <= b < 32 or b == 127))
_C1_BYTES = re.compile(rb"\xc2[\x80-\x9f]")
_BIDI_BYTES = re.compile(rb"\xe2(?:\x80[\x8b-\x8f\xa8-\xae]|\x81[\xa0\xa6-\xa9])")


def parse_file(path: str | Path) -> Report:
    """Parse one report file; raise ParseError(path, reason) when it is not a report."""
    path = Path(path)
    try:
        info = path.stat()
        if S_ISDIR(info.st_mode):
            raise ParseError(path, "is a directory, not a report file")
        _refuse_special(path, info.st_mode)
        if info.st_size > MAX_BYTES:
            raise ParseError(path, _too_large(info.st_size))
        # O_NONBLOCK: a FIFO swapped in after the stat must not block the open;
        # fstat then refuses it without reading.
        with open(os.open(path, os.O_RDONLY | os.O_NONBLOCK), "rb") as handle:
            _refuse_special(path, os.fstat(handle.fileno()).st_mode)
            # Ask for the size stat gave, not the limit: a read of the limit
            # allocates 50 MB for every file. More than that size (the file
            # grew, or a device reports no size) is read on, up to the limit.
            data = handle.read(info.st_size + 1)
            if len(data) > info.st_size:
                data += handle.read(MAX_BYTES + 1 - len(data))
    except ParseError:
        raise
    except FileNotFoundError:
        raise ParseError(path, "no such file") from None
    except PermissionError:
        raise ParseError(path, "permission denied") from None
    except OSError as exc:
        raise ParseError(path, (exc.strerror or "cannot be read").lower()) from None
    except ValueError:  # a NUL in the name
        raise ParseError(path, "not a valid file name") from None
    return parse_bytes(data, path)


def _refuse_special(path: Path, mode: int) -> None:
    """A FIFO, socket or device is never read: reading one can block forever or never end."""
    if not S_ISREG(mode):
        raise ParseError(path, "not a regular file (a FIFO, socket or device); not read")


def parse_bytes(data: bytes, path: str | Path) -> Report:
    """Parse report bytes read from ``path`` (its stem becomes the id)."""
    try:
        return _parse_bytes(bytes(data), path)
    except ParseError:
        raise
    except RecursionError:
        raise ParseError(path, "too deeply nested to read") from None
    except MemoryError:
        raise ParseError(path, "too large to read") from None
    except Exception as exc:  # a parser bug must still be one line, never a traceback
        raise ParseError(path, f"unreadable report ({type(exc).__name__})") from None


def parse_text(text: str, path: str | Path = "report") -> Report:
    """Parse report text that is already decoded (a BOM and CRLF are fine)."""
    try:
        return _parse_text(text, path)
    except ParseError:
        raise
    except RecursionError:
        raise ParseError(path, "too deeply nested to read") from None
    except Exception as exc:
        raise ParseError(path, f"unreadable report ({type(exc).__name__})") from None


def _too_large(size: int) -> str:
    return f"too large for a report ({size / 1024 / 1024:.0f} MB; the limit is {MAX_BYTES // 1024 // 1024} MB)"


def _parse_bytes(data: bytes, path: str | Path) -> Report:
    if len(data) > MAX_BYTES:
        raise ParseError(path, _too_large(len(data)))
    if not data or data.isspace():
        raise ParseError(path, "empty file")
    try:
        text = utf8_text(data, "a report")
    except NotText as exc:
        raise ParseError(path, str(exc)) from None
    if data.startswith(UTF8_BOM):
        data = data[3:]
    return _parse_text(text, path, _control_bytes(data), b"\r" in data)


def _control_bytes(data: bytes) -> bool:
    """True when the text of valid UTF-8 ``data`` holds anything ``sanitize.clean`` removes."""
    return bool(
        data.translate(None, _NOT_CONTROL_BYTES)
        or (b"\xc2" in data and _C1_BYTES.search(data))
        or (b"\xe2" in data and _BIDI_BYTES.search(data))
        # A lone lead byte is looked for first: a one-byte search is a memchr,
        # and these lead bytes are rare in report text.
        or (b"\xd8" in data and b"\xd8\x9c" in data)
        or (b"\xef" in data and b"\xef\xbb\xbf" in data)
    )


def _parse_text(text: str, path: str | Path, control: bool | None = None, carriage: bool = True) -> Report:
    """``control``/``carriage``: what the caller already knows of the text (None/True: look)."""
    # The id is shown, exported and stored as JSON: a name's control characters
    # and bytes that are not UTF-8 (surrogate escapes) never reach it.
    # A name's line breaks and tabs become spaces: an id is one line wherever it is printed.
    stem = clean(path.stem if isinstance(path, PurePath) else Path(path).stem)
    report_id = (stem.replace("\n", " ").replace("\t", " ") if not stem.isprintable() else stem).strip() or "report"
    text = text.removeprefix("\ufeff")
    if carriage:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    warnings: list[str] = []
    cleaned = text
    if has_control(text) if control is None else control:
        # Line by line, so an unterminated OSC cannot swallow the rest of the report.
        cleaned = "\n".join(clean(line) for line in text.split("\n"))
        warnings.append(CONTROL_WARNING)
    if not cleaned or cleaned.isspace():
        raise ParseError(path, "empty file" if not text or text.isspace() else "no report blocks found")
    opening = cleaned[:1]
    if opening.isspace():  # look past the leading white space without copying the text
        opening = cleaned[:64].lstrip()[:1] or cleaned.lstrip()[:1]
    not_json = False
    if opening == "{" or opening == "[":
        try:
            return _parse_json(cleaned, path, report_id)
        except ParseError as exc:
            # A text report may open with "[Survey] ..." or "{draft}": one not named .json
            # that is not JSON at all is read as text, and refused as JSON only if it is no report.
            if exc.reason != NOT_JSON or _suffix(path) == ".json":
                raise
            not_json = True
    layouts = _layouts or _load_layouts()
    try:
        return layouts.parse_document(cleaned, report_id, warnings)
    except layouts.NotAReport:
        if not_json and _json_like(cleaned):
            raise ParseError(path, NOT_JSON) from None
        raise ParseError(path, "no report blocks found") from None


def _json_like(text: str) -> bool:
    """Whether text opens as JSON does ("[1, ..." or '{"title"...'), not as "[Survey] ..." does."""
    opening = text.lstrip()[:64]
    second = opening[1:].lstrip()[:1]
    return second in ('"', "}") if opening[:1] == "{" else second in ("", "]", "[", "{", '"', "-") or second.isdigit()


def _suffix(path: str | Path) -> str:
    return (path.suffix if isinstance(path, PurePath) else os.path.splitext(str(path))[1]).lower()


_layouts = None  # the text-layout parser, imported on first use (start-up stays quick)


def _load_layouts():  # type: ignore[no-untyped-def]
    global _layouts
    from claimdesk.parsing import layouts

    _layouts = layouts
    return layouts


def _parse_json(text: str, path: str | Path, report_id: str) -> Report:
    import orjson

    from claimdesk.parsing.json_report import BadReportJson, looks_like_report_json, report_from_json

    try:
        data = orjson.loads(text)
    except orjson.JSONDecodeError:
        raise ParseError(path, NOT_JSON) from None
    if not looks_like_report_json(data):
        raise ParseError(path, "JSON, but not a claimdesk report")
    try:
        report, removed = report_from_json(data, report_id)
    except (BadReportJson, KeyError, TypeError, ValueError) as exc:
        detail = str(exc) if isinstance(exc, BadReportJson) else type(exc).__name__
        raise ParseError(path, f"JSON report with a {detail}" if isinstance(exc, BadReportJson) else f"JSON report not readable ({detail})") from None
    if removed and CONTROL_WARNING not in report.warnings:
        from dataclasses import replace

        report = replace(report, warnings=(*report.warnings, CONTROL_WARNING))
    return report
