"""The store's value types and the JSON shape of each review record."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from claimdesk.errors import ClaimdeskError, StoreError
from claimdesk.model import CorrectionEvent, CorrectionType, Mark, Triage, TriageDecision, Verdict


class InvalidRecord(ClaimdeskError):
    """A mark, triage decision or correction that cannot be saved as asked (nothing was written)."""


@dataclass(frozen=True, slots=True)
class ReportSummary:
    """One row of the library index: enough to list and sort reports without opening them."""

    id: str
    title: str
    published: str | None
    research_question: str | None
    gate: str | None
    tier: str | None
    review_score: float | None
    claims: int  # rows of the claim table (the claims a reviewer can mark)
    verified: int  # rows marked ✓ in the claim table
    # The report's own findings as counted at import, or None: not checked yet (import
    # leaves the checks out; findings depend on the whole library, see README storage).
    findings: int | None
    worst_severity: str | None
    imported_at: str
    version: int


@dataclass(frozen=True, slots=True)
class ImportResult:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)


@dataclass(frozen=True, slots=True)
class MarkRequest:
    """One mark to save in a batch. ``tag`` is the caller's (e.g. the input line number)."""

    report: str  # id or unique prefix
    claim: int
    verdict: Verdict | str
    note: str = ""
    reviewer: str = ""
    tag: Any = None
    seconds: float | None = None  # time the claim was under the cursor (Mark.seconds)


@dataclass(frozen=True, slots=True)
class MarkOutcome:
    """What a call to ``add_marks`` made durable, request by request.

    Iterating (or indexing) gives the saved marks, as the method returned before.
    """

    saved: tuple[tuple[MarkRequest, Mark], ...] = ()
    failed: tuple[tuple[MarkRequest, ClaimdeskError], ...] = ()

    @property
    def marks(self) -> list[Mark]:
        return [mark for _, mark in self.saved]

    def __len__(self) -> int:
        return len(self.saved)

    def __iter__(self) -> Iterator[Mark]:
        return iter(self.marks)

    def __getitem__(self, index: int) -> Mark:
        return self.saved[index][1]


@dataclass(frozen=True, slots=True)
class RecordsOutcome:
    """What a call to ``add_records`` added (records already held are skipped), and what failed.

    Unpacks as (marks, triage, corrections), as the method returned before.
    """

    marks: int = 0
    triage: int = 0
    corrections: int = 0
    failed: tuple[tuple[str, ClaimdeskError], ...] = ()  # (report id, why its bucket was not written)

    def __iter__(self) -> Iterator[int]:
        return iter((self.marks, self.triage, self.corrections))

    def __getitem__(self, index: int) -> int:
        return (self.marks, self.triage, self.corrections)[index]


class PartialSave(StoreError):
    """Some review files were written and some were not; ``outcome`` says which records are durable."""

    def __init__(self, message: str, outcome: MarkOutcome | RecordsOutcome) -> None:
        super().__init__(message)
        self.outcome = outcome


_last_stamp: list[datetime] = []
_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def stamp_micros(at: str) -> int:
    """An ISO 8601 time stamp as microseconds since 1970 (0 when it does not parse)."""
    from datetime import timedelta

    try:
        moment = datetime.fromisoformat(str(at))
    except ValueError:
        return 0
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return (moment - _EPOCH) // timedelta(microseconds=1)


def now_micros() -> int:
    """The wall clock in microseconds (a seam: tests skew it)."""
    import time

    return time.time_ns() // 1000


def mark_order(mark: Mark) -> tuple[int, str]:
    """Sort key of a mark among the marks of its (claim, reviewer): last made last."""
    return (mark.order if mark.order is not None else stamp_micros(mark.at), mark.id)


def doc_order(doc: dict[str, Any]) -> tuple[int, str]:
    """``mark_order`` of a stored mark document, without building the Mark."""
    order = doc.get("order")
    return (order if isinstance(order, int) else stamp_micros(doc["at"]), str(doc["id"]))


def utc_now() -> str:
    """ISO 8601 with microseconds and an explicit +00:00; strictly increasing within a process.

    So two marks made one after the other never share a timestamp, and
    "newest" is unambiguous even for a fast batch.
    """
    from datetime import timedelta

    now = datetime.now(timezone.utc)
    if _last_stamp and now <= _last_stamp[0]:
        now = _last_stamp[0] + timedelta(microseconds=1)
    _last_stamp[:] = [now]
    return now.isoformat(timespec="microseconds")


def content_hash(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


# --- report ids as file names: reversible, safe on every file system we expect.

_SAFE = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-.")
_MAX_STEM = 160


def file_stem(report_id: str) -> str:
    """Percent-encode anything unusual; very long ids get a hashed, marked ('~') name."""
    if len(report_id) <= _MAX_STEM and not report_id.startswith(".") and _SAFE.issuperset(report_id):
        return report_id  # the usual id, as it is (the change log writes one per imported report)
    stem = "".join(c if c in _SAFE else "".join(f"%{b:02X}" for b in c.encode("utf-8")) for c in report_id)
    if stem.startswith("."):
        stem = "%2E" + stem[1:]
    if len(stem) > _MAX_STEM:
        digest = hashlib.blake2b(report_id.encode("utf-8"), digest_size=10).hexdigest()
        stem = f"{stem[:100]}~{digest}"
    return stem


def id_from_stem(stem: str) -> str | None:
    """The report id a file name stands for; None for hashed names (read the file)."""
    if "~" in stem:
        return None
    if "%" not in stem:
        return stem
    from urllib.parse import unquote

    return unquote(stem, errors="strict")


REVIEW_BUCKETS = 256


def review_bucket(report_id: str) -> int:
    """Which of the REVIEW_BUCKETS review files holds a report's records (a stable hash)."""
    digest = hashlib.blake2b(report_id.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big") % REVIEW_BUCKETS


def review_path(root: Path, report_id: str) -> Path:
    """The review file of a report: one of 256 buckets (see README, section storage)."""
    return root / "reviews" / f"{review_bucket(report_id):02x}.json"


# --- records <-> JSON documents


def mark_to_doc(mark: Mark) -> dict[str, Any]:
    doc = {
        "id": mark.id,
        "report_id": mark.report_id,
        "claim": mark.claim,
        "claim_key": mark.claim_key,
        "verdict": mark.verdict.value,
        "note": mark.note,
        "reviewer": mark.reviewer,
        "at": mark.at,
        **({} if mark.order is None else {"order": mark.order}),
    }
    if mark.seconds is not None:  # absent, not null, so marks without it keep their old shape
        doc["seconds"] = mark.seconds
    return doc


def mark_from_doc(doc: dict[str, Any]) -> Mark:
    return Mark(
        id=str(doc["id"]),
        report_id=str(doc["report_id"]),
        claim=int(doc["claim"]),
        claim_key=str(doc["claim_key"]),
        verdict=Verdict(doc["verdict"]),
        note=str(doc.get("note") or ""),
        reviewer=str(doc["reviewer"]),
        at=str(doc["at"]),
        order=_order(doc.get("order")),
        seconds=_stored_seconds(doc.get("seconds")),
    )


def _order(value: Any) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"a mark's order is not a whole number ({value!r:.40})")
    return value


def _stored_seconds(value: Any) -> float | None:
    try:
        return parse_seconds(value)
    except InvalidRecord as exc:  # the readers report a bad record as a damaged file
        raise ValueError(str(exc)) from None


def parse_seconds(value: Any) -> float | None:
    """A mark's time under the cursor: None, or a finite number of seconds from 0."""
    if value is None:
        return None
    import math

    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or value < 0:
        raise InvalidRecord(f"a mark's seconds are a number from 0, not {value!r:.40}")
    return float(value)


def triage_to_doc(triage: Triage) -> dict[str, Any]:
    return {
        "id": triage.id,
        "report_id": triage.report_id,
        "decision": triage.decision.value,
        "note": triage.note,
        "reviewer": triage.reviewer,
        "at": triage.at,
    }


def triage_from_doc(doc: dict[str, Any]) -> Triage:
    return Triage(
        id=str(doc["id"]),
        report_id=str(doc["report_id"]),
        decision=TriageDecision(doc["decision"]),
        note=str(doc.get("note") or ""),
        reviewer=str(doc["reviewer"]),
        at=str(doc["at"]),
    )


def correction_to_doc(event: CorrectionEvent) -> dict[str, Any]:
    return {
        "event_id": event.event_id,
        "report_id": event.report_id,
        "corrected_at": event.corrected_at,
        "correction_type": event.correction_type.value,
        "public_note": event.public_note,
        "affected_fields": list(event.affected_fields),
        "claim": event.claim,
        "reviewer": event.reviewer,
        "supersedes": event.supersedes,
    }


def correction_from_doc(doc: dict[str, Any]) -> CorrectionEvent:
    claim = doc.get("claim")
    return CorrectionEvent(
        event_id=str(doc["event_id"]),
        report_id=str(doc["report_id"]),
        corrected_at=str(doc["corrected_at"]),
        correction_type=CorrectionType(doc["correction_type"]),
        public_note=str(doc["public_note"]),
        affected_fields=tuple(str(f) for f in doc.get("affected_fields") or ()),
        claim=None if claim is None else int(claim),
        reviewer=str(doc["reviewer"]),
        supersedes=doc.get("supersedes"),
    )


def summary_from_row(row: dict[str, Any]) -> ReportSummary:
    """A library row as the store wrote it, taken positionally without conversions.

    The store builds every row from a parsed report, so the types are right at
    write time; converting each field again on every load cost ~50 ms at
    10,000 reports on the desk's first screen. A row missing a field raises
    KeyError (the caller reports the library as damaged).
    """
    return ReportSummary(
        row["id"],
        row["title"],
        row["published"],
        row["research_question"],
        row["gate"],
        row["tier"],
        row["review_score"],
        row["claims"],
        row["verified"],
        row["findings"],
        row["worst_severity"],
        row["imported_at"],
        row["version"],
    )


def parse_verdict(value: Verdict | str) -> Verdict:
    if isinstance(value, Verdict):
        return value
    try:
        return Verdict(str(value).strip().lower())
    except ValueError:
        choices = ", ".join(v.value for v in Verdict)
        raise InvalidRecord(f"unknown verdict {str(value)!r}; choose one of {choices}") from None


def parse_decision(value: TriageDecision | str) -> TriageDecision:
    if isinstance(value, TriageDecision):
        return value
    try:
        return TriageDecision(str(value).strip().lower())
    except ValueError:
        choices = ", ".join(d.value for d in TriageDecision)
        raise InvalidRecord(f"unknown triage decision {str(value)!r}; choose one of {choices}") from None


def parse_correction_type(value: CorrectionType | str) -> CorrectionType:
    if isinstance(value, CorrectionType):
        return value
    try:
        return CorrectionType(str(value).strip().upper().replace("-", "_"))
    except ValueError:
        choices = ", ".join(t.value for t in CorrectionType)
        raise InvalidRecord(f"unknown correction type {str(value)!r}; choose one of {choices}") from None
