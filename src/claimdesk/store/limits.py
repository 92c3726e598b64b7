"""Limits that protect the store, as data in one place; checked at the store's door.

A note is rewritten with every write of its review bucket, so its size is
capped; a reviewer name is shown in one table cell and compared for
agreement, so it is one short line of visible text.
"""

from __future__ import annotations

import unicodedata
from datetime import datetime

from claimdesk.sanitize import clean
from claimdesk.store.records import InvalidRecord

NOTE_MAX_CHARS = 10_000
REVIEWER_MAX_CHARS = 64
_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn"})


def reviewer_name(raw: object) -> str:
    """The reviewer name as stored: non-empty after strip, one line of visible text, short."""
    name = str(raw or "").strip()
    if not name:
        raise InvalidRecord("a reviewer name is needed (--reviewer or CLAIMDESK_REVIEWER)")
    if any(unicodedata.category(c) in _INVISIBLE_CATEGORIES for c in name):
        raise InvalidRecord("a reviewer name may not hold control characters, line breaks or invisible characters")
    if len(name) > REVIEWER_MAX_CHARS:
        raise InvalidRecord(f"a reviewer name of at most {REVIEWER_MAX_CHARS} characters, please")
    return clean(name)


def note_text(raw: object, what: str = "a note") -> str:
    """A note as stored: cleaned, stripped, at most NOTE_MAX_CHARS characters."""
    note = clean(str(raw or "")).strip()
    if len(note) > NOTE_MAX_CHARS:
        raise InvalidRecord(
            f"{what} of at most {NOTE_MAX_CHARS:,} characters, please (this one has {len(note):,})"
        )
    return note


def record_problem(reviewer: str, at: str, note: str) -> str | None:
    """What is wrong with a record made elsewhere (a merged or synced database), or None.

    A record this store wrote passes: its name passed ``reviewer_name``, its note
    ``note_text`` and its time is the store's own. One that does not was written
    by other means, and would print false lines wherever it is listed.
    """
    try:
        if reviewer_name(reviewer) != reviewer:
            return "its reviewer name is not as the store writes names"
    except InvalidRecord as exc:
        return str(exc).replace("a reviewer name", "its reviewer name", 1)
    if clean(note) != note or len(note) > NOTE_MAX_CHARS:
        return "its note holds control characters or is over the length a note may have"
    try:
        if clean(at) != at or not at.isprintable():
            raise ValueError
        datetime.fromisoformat(at)
    except ValueError:
        return f"its time {clean(at)[:40]!r} is not an ISO 8601 time stamp"
    return None
