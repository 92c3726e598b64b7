"""Claims on which reviewers' current marks disagree.

A conflict is a claim where the current marks (the newest per reviewer;
'cleared' withdraws a mark and is not a verdict) carry more than one verdict.
Resolving one needs no special record: a reviewer simply marks again, the new
mark becomes current, and the claim drops off the list. Nothing is edited.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

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


def report_conflicts(
    store: "ReviewStore", report_id: str, *, reviewer: str | None = None, viewer: str | None = None
) -> list[Conflict]:
    """One report's conflicts; its snapshot is loaded (for claim texts) only when it has one.

    ``viewer``: blind review is on for this reviewer, so only claims they have
    marked show others' marks (claimdesk.blind).
    """
    current = store.current_marks(report_id)
    if viewer is not None:
        from claimdesk.blind import visible_current

        current = visible_current(current, store.marks(report_id), viewer, blind=True)
    found = find_conflicts(report_id, current, reviewer=reviewer)
    if not found:
        return []
    texts = {c.index: c.text for c in store.report(report_id).claims}
    return [replace(conflict, claim_text=texts.get(conflict.claim, "")) for conflict in found]


def _walk(store: "ReviewStore", report_id: str | None) -> tuple[list[str], Iterable[Sequence[str]]]:
    """The reports to look at, in report id order, and the same ids grouped by review file."""
    from claimdesk.library_agreement import reviewed_report_ids

    ids = [report_id] if report_id is not None else reviewed_report_ids(store)
    # One review file read at a time (the store keeps none), then in report id order.
    groups = store.in_review_file_order(ids) if hasattr(store, "in_review_file_order") else [ids]
    return ids, groups


def library_conflicts(
    store: "ReviewStore", *, report_id: str | None = None, reviewer: str | None = None, viewer: str | None = None
) -> list[Conflict]:
    """Every conflict in the library (or in one report), by report id then claim."""
    ids, groups = _walk(store, report_id)
    found: dict[str, list[Conflict]] = {}
    for group in groups:
        for rid in group:
            conflicts = report_conflicts(store, rid, reviewer=reviewer, viewer=viewer)
            if conflicts:
                found[rid] = conflicts
    return [conflict for rid in ids for conflict in found.get(rid, ())]


def rendered_conflicts(
    store: "ReviewStore",
    render: Callable[[list[Conflict]], str],
    *,
    report_id: str | None = None,
    reviewer: str | None = None,
    viewer: str | None = None,
) -> Iterator[str]:
    """``render(conflicts)`` of each report that has any, by report id, holding one report's conflicts.

    The texts are made a review file at a time and read back in report id
    order (``export_stream.in_order``), so a library with a hundred thousand
    conflicts is never held whole.
    """
    from claimdesk.export_stream import in_order

    ids, groups = _walk(store, report_id)

    def one(rid: str) -> str:
        conflicts = report_conflicts(store, rid, reviewer=reviewer, viewer=viewer)
        return render(conflicts) if conflicts else ""

    return (text for text in in_order(ids, groups, one) if text)


def _value(verdict: Verdict | str) -> str:
    return verdict.value if isinstance(verdict, Verdict) else str(verdict)
