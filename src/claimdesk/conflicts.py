"""Claims on which reviewers' current marks disagree.

A conflict is a claim where the current marks (the newest per reviewer;
'cleared' withdraws a mark and is not a verdict) carry more than one verdict.
Resolving one needs no special record: a reviewer simply marks again, the new
mark becomes current, and the claim drops off the list. Nothing is edited.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Mapping

from claimdesk.model import Mark, Report, Verdict

if TYPE_CHECKING:  # pragma: no cover
    from claimdesk.store import ReviewStore


@dataclass(frozen=True, slots=True)
class Conflict:
    """One disputed claim with every reviewer's current mark, oldest first."""

    report_id: str
    claim: int
    claim_text: str
    marks: tuple[Mark, ...]

    @property
    def verdicts(self) -> dict[str, str]:
        return {m.reviewer: _value(m.verdict) for m in self.marks}

    def to_dict(self) -> dict[str, Any]:
        """The shape of ``claimdesk conflicts --json``."""
        return {
            "report": self.report_id,
            "claim": self.claim,
            "claim_text": self.claim_text,
            "marks": [
                {"reviewer": m.reviewer, "verdict": _value(m.verdict), "note": m.note, "at": m.at}
                for m in self.marks
            ],
        }


def find_conflicts(
    report_id: str,
    current: Mapping[tuple[int, str], Mark],
    report: Report | None = None,
    *,
    reviewer: str | None = None,
) -> list[Conflict]:
    """Conflicts among one report's current marks, by claim number.

    ``current`` is ``store.current_marks(report_id)``. With ``reviewer``, only
    conflicts that reviewer takes part in. ``report`` supplies claim texts.
    """
    by_claim: dict[int, list[Mark]] = defaultdict(list)
    for (claim, _), mark in current.items():
        if _value(mark.verdict) != Verdict.CLEARED.value:
            by_claim[claim].append(mark)
    texts = {c.index: c.text for c in report.claims} if report is not None else {}
    found = []
    for claim in sorted(by_claim):
        marks = sorted(by_claim[claim], key=lambda m: (m.at, m.reviewer))
        if len({_value(m.verdict) for m in marks}) < 2:
            continue
        if reviewer is not None and all(m.reviewer != reviewer for m in marks):
            continue
        found.append(Conflict(report_id, claim, texts.get(claim, ""), tuple(marks)))
    return found


def library_conflicts(
    store: "ReviewStore", *, report_id: str | None = None, reviewer: str | None = None, viewer: str | None = None
) -> list[Conflict]:
    """Every conflict in the library (or in one report), by report id then claim.

    Only reports with a conflict have their snapshot loaded (for claim texts).
    ``viewer``: blind review is on for this reviewer, so only claims they have
    marked show others' marks (claimdesk.blind).
    """
    from claimdesk.library_agreement import reviewed_report_ids

    ids = [report_id] if report_id is not None else reviewed_report_ids(store)
    found: dict[str, list[Conflict]] = {}
    # One review file read at a time (the store keeps none), then in report id order.
    groups = store.in_review_file_order(ids) if hasattr(store, "in_review_file_order") else [ids]
    for group in groups:
        for rid in group:
            current = store.current_marks(rid)
            if viewer is not None:
                from claimdesk.blind import visible_current

                current = visible_current(current, store.marks(rid), viewer, blind=True)
            if find_conflicts(rid, current, reviewer=reviewer):
                found[rid] = find_conflicts(rid, current, store.report(rid), reviewer=reviewer)
    return [conflict for rid in ids for conflict in found.get(rid, ())]


def _value(verdict: Verdict | str) -> str:
    return verdict.value if isinstance(verdict, Verdict) else str(verdict)
