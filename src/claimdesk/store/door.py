"""Small rules the store applies at its door: claim numbers, time stamps, record order, messages."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timezone
from typing import Any

from claimdesk.errors import ClaimdeskError, NotFound
from claimdesk.sanitize import clean
from claimdesk.store.records import InvalidRecord


def record_id(record: Any) -> str:
    return getattr(record, "event_id", None) or record.id


def by_time(records: Iterable[Any], attr: str) -> list[Any]:
    """Oldest first; a tie (two processes, one microsecond) is broken by record id,
    so the order is the same whichever way two databases were merged."""
    return sorted(records, key=lambda r: (getattr(r, attr), record_id(r)))


def stamp(micros: int) -> str:
    return datetime.fromtimestamp(micros / 1_000_000, timezone.utc).isoformat(timespec="microseconds")


def check_number(number: object) -> None:
    if isinstance(number, bool) or not isinstance(number, int):
        raise InvalidRecord(f"a claim number is a whole number from 1, not {number!r}")


def check_range(report_id: str, number: int, count: int) -> None:
    if count == 0:
        raise NotFound(f"report {clean(report_id)} has no claim table, so there is no claim {number} to mark")
    if not 1 <= number <= count:
        raise NotFound(f"report {clean(report_id)} has {count} claims (1-{count}); there is no claim {number}")


def partial_message(saved: int, what: str, first: ClaimdeskError) -> str:
    plural = "" if saved == 1 else "s"
    return f"{first} ({saved} other {what}{plural} in other review files were saved)"
