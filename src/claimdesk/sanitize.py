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
# C0 controls except \t and \n, DEL, C1 controls (incl. lone ST 0x9c), and the
# Unicode bidirectional overrides and isolates, which can make a claim read in
# a different order on screen than it is stored.
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\x80-\x9f\u202a-\u202e\u2066-\u2069]")


def has_control(text: str) -> bool:
    """True when ``text`` holds anything ``clean`` would remove."""
    return bool(_CONTROL_CHARS.search(text))


def clean(text: str) -> str:
    """Return ``text`` without terminal control sequences or control characters."""
    if not _CONTROL_CHARS.search(text):
        return text
    text = text.replace("\r\n", "\n")
    text = _ESCAPE_SEQUENCE.sub("", text)
    return _CONTROL_CHARS.sub("", text)
