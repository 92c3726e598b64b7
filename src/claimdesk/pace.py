"""A reviewer's pace, from the seconds each mark records (no Textual here).

A mark's ``seconds`` is how long its claim was under the reviewer's cursor
before the mark; marks made elsewhere (the command line, older databases)
have none and are left out of every figure here. Time on one claim is the
sum over the reviewer's marks on it (coming back to a claim adds to it);
claims per hour is timed claims over the time spent on them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from statistics import median
from typing import TYPE_CHECKING, Any

from claimdesk.model import Mark
from claimdesk.sanitize import clean

if TYPE_CHECKING:  # pragma: no cover
    from claimdesk.store import ReviewStore


@dataclass(frozen=True, slots=True)
class ReviewerPace:
    reviewer: str
    claims: int  # claims with time recorded
    seconds: float  # total time on them
    median_seconds: float | None  # per claim
    claims_per_hour: float | None


@dataclass(frozen=True, slots=True)
class ReportPace:
    """One reviewer's time on one report (the sum over its timed claims)."""

    report_id: str
    reviewer: str
    claims: int
    seconds: float


@dataclass(frozen=True, slots=True)
class Pace:
    reviewers: tuple[ReviewerPace, ...]  # by reviewer name
    reports: tuple[ReportPace, ...]  # by report id, then reviewer
    median_report_seconds: float | None  # over every (report, reviewer) with time recorded

    @property
    def timed(self) -> bool:
        return bool(self.reviewers)


def pace_of(marks: Iterable[Mark]) -> Pace:
    """Pace per reviewer and per report from any marks (one report's, or the library's)."""
    per_claim: dict[tuple[str, str, str], float] = {}
    for mark in marks:
        if mark.seconds is None:
            continue
        key = (mark.reviewer, mark.report_id, mark.claim_key)
        per_claim[key] = per_claim.get(key, 0.0) + mark.seconds
    return pace_of_claims(per_claim)


def pace_of_claims(per_claim: dict[tuple[str, str, str], float]) -> Pace:
    """Pace from the time on each claim: (reviewer, report id, claim key) -> seconds."""
    by_reviewer: dict[str, list[float]] = {}
    by_report: dict[tuple[str, str], list[float]] = {}
    for (reviewer, report_id, _), seconds in per_claim.items():
        by_reviewer.setdefault(reviewer, []).append(seconds)
        by_report.setdefault((report_id, reviewer), []).append(seconds)
    reviewers = tuple(
        ReviewerPace(
            reviewer=name,
            claims=len(times),
            seconds=sum(times),
            median_seconds=median(times),
            claims_per_hour=3600.0 * len(times) / sum(times) if sum(times) > 0 else None,
        )
        for name, times in sorted(by_reviewer.items())
    )
    reports = tuple(
        ReportPace(report_id=rid, reviewer=name, claims=len(times), seconds=sum(times))
        for (rid, name), times in sorted(by_report.items())
    )
    return Pace(
        reviewers=reviewers,
        reports=reports,
        median_report_seconds=median(r.seconds for r in reports) if reports else None,
    )


def format_duration(seconds: float | None) -> str:
    """'42 s', '3.5 min', '1.2 h'; an em dash for no figure."""
    if seconds is None:
        return "—"
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 5400:
        return f"{seconds / 60:.1f} min"
    return f"{seconds / 3600:.1f} h"


def library_pace(store: "ReviewStore") -> Pace:
    """The pace over every mark in the database, read one review file at a time (the store
    keeps none of them)."""
    ids = store.reviewed_ids()
    times = {rid: claim_times(store.marks(rid)) for group in store.in_review_file_order(ids) for rid in group}
    return pace_in_order(ids, times)


ClaimTimes = list[tuple[tuple[str, str, str], float]]


def claim_times(marks: Iterable[Mark]) -> ClaimTimes:
    """One report's marks as (reviewer, report id, claim key) and seconds, in mark order."""
    return [((m.reviewer, m.report_id, m.claim_key), m.seconds) for m in marks if m.seconds is not None]


def pace_in_order(ids: Iterable[str], times: dict[str, ClaimTimes]) -> Pace:
    """The pace of the reports' claim times taken in the order of ``ids``: the figures of
    ``pace_of`` over their marks in that order, to the bit, whatever order they were read in."""
    per_claim: dict[tuple[str, str, str], float] = {}
    for rid in ids:
        for key, seconds in times.get(rid, ()):
            per_claim[key] = per_claim.get(key, 0.0) + seconds
    return pace_of_claims(per_claim)


def pace_dict(pace: Pace) -> dict[str, Any]:
    """Plain data for JSON output."""
    return {
        "reviewers": [asdict(r) for r in pace.reviewers],
        "reports": [asdict(r) for r in pace.reports],
        "median_report_seconds": pace.median_report_seconds,
    }


def pace_lines(pace: Pace) -> list[str]:
    """A plain summary for a person; reviewer names are sanitised here."""
    if not pace.timed:
        return ["pace: no marks with time recorded yet (the desk records it; the command line does not)"]
    lines = ["pace (time with the claim under the cursor):"]
    for r in pace.reviewers:
        per_hour = "—" if r.claims_per_hour is None else f"{r.claims_per_hour:.0f}"
        lines.append(
            f"  {clean(r.reviewer)}: {per_hour} claims per hour, median {format_duration(r.median_seconds)} per claim "
            f"({r.claims} timed claim{'s' if r.claims != 1 else ''})"
        )
    lines.append(
        f"  a report takes a reviewer {format_duration(pace.median_report_seconds)} (median of "
        f"{len(pace.reports)} timed report review{'s' if len(pace.reports) != 1 else ''})"
    )
    return lines
