"""Make untrusted report text safe to show in a terminal.

Report text is hostile until proven otherwise: escape sequences in it could move
the cursor, retitle the window or write to the clipboard (OSC 52). We remove
every terminal control sequence and control character except tab and newline.
Rich markup is *not* touched here; it is data, and the faces must render text
with ``rich.text.Text`` (never markup) so ``[bold]`` stays literal.
"""

from __future__ import annotations

import re

# ESC-introduced sequences: CSI (ESC [ ... final), OSC (ESC ] ... BEL or ST),
# DCS/SOS/PM/APC (ESC P/X/^/_ ... ST), and two-character escapes (ESC x).
_ESCAPE_SEQUENCE = re.compile(
    r"""
    \x1b\[[0-?]*[ -/]*[@-~]?                  # CSI
  | \x1b\][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?  # OSC, ended by BEL or ST
  | \x1b[PX^_][^\x1b\x9c]*(?:\x1b\\|\x9c)?     # DCS, SOS, PM, APC
  | \x1b[ -/]*[0-~]?                          # other escapes (incl. lone ESC)
  | \x9b[0-?]*[ -/]*[@-~]?                    # 8-bit CSI
  | \x9d[^\x07\x9c]*(?:\x07|\x9c)?            # 8-bit OSC
    """,
    re.VERBOSE,
)
# C0 controls except \t and \n, DEL, C1 controls (incl. lone ST 0x9c), the
# Unicode bidirectional marks, overrides and isolates, which can make a claim
# read in a different order on screen than it is stored (U+061C, U+200E,
# U+200F, U+202A..U+202E, U+2066..U+2069), the invisible characters that make
# two different ids look the same (U+200B..U+200D, U+2060, U+FEFF), the line
# and paragraph separators that break a one-line listing (U+2028, U+2029), and
# lone surrogates: a file name or argument that is not UTF-8 arrives with its
# bad bytes as U+DC80..U+DCFF, and a terminal takes escaped 0x9b and 0x9d
# back as 8-bit CSI and OSC.
_CONTROL_CHARS = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f\x80-\x9f\u061c\u200b-\u200f\u2028\u2029\u202a-\u202e"
    "\u2060\u2066-\u2069\ufeff\ud800-\udfff]"
)
_SURROGATES = re.compile("[\ud800-\udfff]")


def _surrogate(match: re.Match[str]) -> str:
    """An escaped byte 0x80..0x9f back to its C1 control (removed below); any other: U+FFFD."""
    code = ord(match.group())
    return chr(code - 0xDC00) if 0xDC80 <= code <= 0xDC9F else "\ufffd"


def has_control(text: str) -> bool:
    """True when ``text`` holds anything ``clean`` would remove or replace."""
    return bool(_CONTROL_CHARS.search(text))


def clean(text: str) -> str:
    """Return ``text`` without terminal control sequences, control or invisible characters.

    The result is always valid Unicode (it encodes to UTF-8): a lone surrogate
    becomes U+FFFD, or disappears with the control sequence it escaped.
    """
    if not _CONTROL_CHARS.search(text):
        return text
    text = _SURROGATES.sub(_surrogate, text)
    text = text.replace("\r\n", "\n")
    text = _ESCAPE_SEQUENCE.sub("", text)
    return _CONTROL_CHARS.sub("", text)


# In JSON text: what a terminal would act on or hide, and the "</" that would
# end an HTML <script> block holding JSON-LD. orjson already escapes C0.
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u061c\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060\u2066-\u2069\ufeff]|</")


def inert_json(text: str) -> str:
    """JSON text with the same data, every character above written as an escape.

    Data is kept (a claim's zero-width joiner survives as ``\\u200d``), but
    printing the text cannot steer a terminal, and it can sit in a web page's
    ``<script>`` element without closing it.
    """
    return _JSON_UNSAFE.sub(_json_escape, text)


def _json_escape(match: re.Match[str]) -> str:
    found = match.group()
    return "<\\/" if found == "</" else f"\\u{ord(found):04x}"
