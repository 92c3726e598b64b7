"""Small normalisers: from how a report prints a value to the model's value.

Each returns ``None`` for what it cannot read, so one odd field never costs
the reviewer the rest of the report; callers record a warning.
"""

from __future__ import annotations

import math
import re
from datetime import date
from enum import Enum
from functools import lru_cache
from typing import TypeVar
from urllib.parse import urlsplit

from claimdesk.model import Reference, ReferenceKind

E = TypeVar("E", bound=Enum)

_NON_WORD = re.compile(r"[^0-9a-z]+")
# Every report repeats the same row names, levels, dates, confidences and cited
# papers: the readers of these short values remember their last few thousand
# answers (all immutable), which saves a regex or a parse per table row.
_REMEMBERED = 4096


@lru_cache(maxsize=_REMEMBERED)
def snake(name: str) -> str:
    """``Safety/impact`` -> ``safety_impact``; ``Public provenance`` -> ``public_provenance``."""
    return _NON_WORD.sub("_", name.casefold()).strip("_")


@lru_cache(maxsize=_REMEMBERED)
def enum_value(enum: type[E], printed: str) -> E | None:
    """``Quarantine candidate`` -> QUARANTINE_CANDIDATE; also tries the first word."""
    return _enum_value(enum, printed)


def _enum_value(enum: type[E], printed: str) -> E | None:
    key = snake(printed).upper()
    if not key:
        return None
    try:
        return enum(key)
    except ValueError:
        pass
    first = key.split("_", 1)[0]
    try:
        return enum(first)
    except ValueError:
        return None


_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_PRINTED_DATE = re.compile(r"([A-Za-z]{3,9})\.?\s+(\d{1,2}),?\s+(\d{4})")
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def iso_date(line: str) -> str | None:
    """``May 30, 2026`` (or ``2026-05-30``) -> ``2026-05-30``; None if the line is not a date."""
    text = line.strip()
    if not text[-1:].isdecimal():  # both forms end in a digit (what \d matches); a title does not
        return None
    # Reports of one day print the same date; a long line is read, never kept.
    return _iso_date(text) if len(text) > 64 else _remembered_date(text)


def _iso_date(text: str) -> str | None:
    match = _PRINTED_DATE.fullmatch(text)
    if match:
        month = _MONTHS.get(match.group(1).casefold())
        day, year = int(match.group(2)), int(match.group(3))
    else:
        match = _ISO_DATE.fullmatch(text)
        if not match:
            return None
        year, month, day = (int(g) for g in match.groups())
    if month is None:
        return None
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


_remembered_date = lru_cache(maxsize=_REMEMBERED)(_iso_date)


_INTEGER = re.compile(r"\d{1,3}(?:,\d{3})+(?!\d)|\d+")


def first_int(text: str) -> int | None:
    """The first whole number in ``text`` (``1,204`` reads as 1204)."""
    match = _INTEGER.search(text)
    return int(match.group().replace(",", "")) if match else None


_PAPER_LEVEL = re.compile(r"L?\s*(\d+)\s*(?:[,:;.\-\u2013\u2014]\s*)?(.*)", re.IGNORECASE | re.DOTALL)


def paper_level(printed: str) -> tuple[int | None, str | None]:
    """``L2, Source-grounded claims`` -> (2, "Source-grounded claims")."""
    match = _PAPER_LEVEL.fullmatch(printed.strip())
    if not match:
        return None, printed.strip() or None
    level = int(match.group(1)) if len(match.group(1)) <= 2 else None
    if level is not None and not 0 <= level <= 7:
        level = None
    return level, match.group(2).strip() or None


_TICKS = {"✓", "✔", "☑", "yes", "y", "true", "verified"}
_CROSSES = {"×", "✗", "✘", "x", "no", "n", "false", "unverified"}
# What verified_flag says of a flag as printed, for a caller that looks it up
# without the call (the claim table, once per claim).
known_flags: dict[str, bool] = {**dict.fromkeys(_TICKS, True), **dict.fromkeys(_CROSSES, False)}


def verified_flag(printed: str) -> bool | None:
    """``✓`` -> True, ``×`` -> False, anything else -> None."""
    if printed in _TICKS:  # as printed most of the time; saves the folding
        return True
    if printed in _CROSSES:
        return False
    key = printed.strip().casefold()
    if key in _TICKS:
        return True
    if key in _CROSSES:
        return False
    return None


@lru_cache(maxsize=_REMEMBERED)
def confidence(printed: str) -> float | None:
    """``0.33`` -> 0.33 and ``33%`` -> 0.33; None when not a number in 0..1."""
    text = printed.strip()
    percent = text.endswith("%")
    if percent:
        text = text[:-1].strip()
    if not text or len(text) > 32:
        return None
    try:
        value = float(text)
    except ValueError:
        return None
    if percent:
        value /= 100
    if not math.isfinite(value) or not 0 <= value <= 1:
        return None
    return value


_ARXIV_HOSTS = {"arxiv.org", "www.arxiv.org", "export.arxiv.org"}
_DOI_HOSTS = {"doi.org", "dx.doi.org", "www.doi.org"}


# "https://doi.org/10.1/x": a plain host name, no user, port or brackets (and
# no tab or line break, which urlsplit would drop) is read without urlsplit.
_PLAIN_URL = re.compile(r"https?://([A-Za-z0-9.-]+)([/?#]|\Z)", re.ASCII | re.IGNORECASE)


@lru_cache(maxsize=_REMEMBERED)
def classify_reference(url: str) -> Reference:
    """arXiv abs/pdf links -> arxiv id with version; doi.org links -> the DOI as written."""
    plain = _PLAIN_URL.match(url)
    if plain and "\t" not in url and "\n" not in url and "\r" not in url:  # what urlsplit would say, without its cost
        host = plain.group(1).lower()
        path = url[plain.start(2) :]
        for mark in ("?", "#"):
            cut = path.find(mark)
            if cut >= 0:
                path = path[:cut]
    else:
        try:
            parts = urlsplit(url)
            host = (parts.hostname or "").casefold()
        except ValueError:
            return Reference(url, ReferenceKind.URL, None)
        path = parts.path
    if host in _ARXIV_HOSTS:
        for prefix in ("/abs/", "/pdf/"):
            if path.startswith(prefix):
                ident = path[len(prefix) :].strip("/")
                if prefix == "/pdf/" and ident.endswith(".pdf"):
                    ident = ident[:-4]
                return Reference(url, ReferenceKind.ARXIV, ident or None)
    if host in _DOI_HOSTS:
        ident = path.lstrip("/")
        return Reference(url, ReferenceKind.DOI, ident or None)
    return Reference(url, ReferenceKind.URL, None)
