"""The counts of `claimdesk stats`, in one pass over the review records with bounded memory.

``ReviewStore.review_digests`` reads one review file at a time and hands over
each report's counts and current verdicts; this module adds them up (and the
agreement, claimdesk.agreement.AgreementTally) without holding any mark, so a
database of a million marks costs what reading it costs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from claimdesk.agreement import AgreementTally

if TYPE_CHECKING:  # pragma: no cover
    from claimdesk.store import ReviewStore

VERDICTS = ("confirmed", "disputed", "unsupported", "needs-check")  # 'cleared' withdraws: never counted
DECISIONS = ("accept", "watchlist", "quarantine", "reject")


@dataclass(slots=True)
class ReviewerCounts:
    current: int = 0  # current marks (one per claim)
    marks: int = 0  # every mark ever made


@dataclass(slots=True)
class Stats:
    """What `claimdesk stats` reports.

    ``marked_claims`` counts claims (a claim two reviewers marked is one);
    ``current_marks`` counts (claim, reviewer) pairs, which ``by_verdict``
    splits; ``marks_total`` counts every mark ever made, replaced and cleared too.
    """

    database: str
    reports: int = 0
    claims: int = 0
    marked_claims: int = 0
    marks_total: int = 0
    corrections: int = 0
    by_verdict: dict[str, int] = field(default_factory=lambda: dict.fromkeys(VERDICTS, 0))
    by_reviewer: dict[str, ReviewerCounts] = field(default_factory=dict)
    triage: dict[str, int] = field(default_factory=lambda: dict.fromkeys(DECISIONS, 0))
    agreement: dict[str, Any] = field(default_factory=dict)

    @property
    def current_marks(self) -> int:
        return sum(self.by_verdict.values())

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of `claimdesk stats --json`."""
        return {
            "database": self.database,
            "reports": self.reports,
            "claims": self.claims,
            "marked_claims": self.marked_claims,
            "current_marks": self.current_marks,
            "marks_total": self.marks_total,
            "by_verdict": dict(self.by_verdict),
            "by_reviewer": {
                name: {"current": c.current, "marks": c.marks} for name, c in sorted(self.by_reviewer.items())
            },
            "triage": dict(self.triage),
            "corrections": self.corrections,
            "agreement": self.agreement,
        }


def collect_stats(store: "ReviewStore") -> Stats:
    """Every count of the library and its reviews, agreement included, in one streaming pass."""
    stats = Stats(database=str(store.root))
    stats.reports, stats.claims = store.library_totals()
    agreement = AgreementTally()
    for digest in store.review_digests():
        stats.marks_total += digest.marks
        stats.corrections += digest.corrections
        for reviewer, count in digest.marks_by_reviewer.items():
            stats.by_reviewer.setdefault(reviewer, ReviewerCounts()).marks += count
        if digest.triage is not None:
            stats.triage[digest.triage] = stats.triage.get(digest.triage, 0) + 1
        current = digest.current
        if current:
            stats.marked_claims += len({number for number, _ in current})
            for (_, reviewer), verdict in current.items():
                stats.by_verdict[verdict] = stats.by_verdict.get(verdict, 0) + 1
                stats.by_reviewer[reviewer].current += 1
        agreement.add(digest.report_id, current)
    stats.agreement = agreement.summary()
    return stats
