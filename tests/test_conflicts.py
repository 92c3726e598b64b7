"""Conflicts: claims whose current marks disagree, listed exactly."""

from __future__ import annotations

import pytest

from claimdesk.conflicts import find_conflicts
from claimdesk.model import Claim, Layout, Mark, Report, Verdict

REPORT = Report(
    id="r1",
    layout=Layout.PAPER,
    title="t",
    claims=tuple(Claim(i, f"claim text {i}", None, None) for i in range(1, 5)),
)


def mark(claim: int, reviewer: str, verdict: str, at: str, note: str = "") -> Mark:
    return Mark(id=f"{claim}{reviewer}{at}", report_id="r1", claim=claim, claim_key=f"k{claim}",
                verdict=Verdict(verdict), note=note, reviewer=reviewer, at=at)


def current(*marks: Mark) -> dict[tuple[int, str], Mark]:
    return {(m.claim, m.reviewer): m for m in marks}


def test_only_disagreeing_claims_are_listed_with_every_mark():
    marks = current(
        mark(1, "alice", "confirmed", "2026-06-01T10:00:00Z"),
        mark(1, "bob", "confirmed", "2026-06-01T10:01:00Z"),  # agree: no conflict
        mark(2, "bob", "disputed", "2026-06-01T10:03:00Z", "Table 2 says 59.6"),
        mark(2, "alice", "confirmed", "2026-06-01T10:02:00Z", "matches abstract"),
        mark(3, "alice", "unsupported", "2026-06-01T10:04:00Z"),  # alone: no conflict
        mark(4, "alice", "needs-check", "2026-06-01T10:05:00Z"),
        mark(4, "carol", "cleared", "2026-06-01T10:06:00Z"),  # withdrawn: not a verdict
    )
    found = find_conflicts("r1", marks, REPORT)
    assert [c.to_dict() for c in found] == [
        {
            "report": "r1",
            "claim": 2,
            "claim_text": "claim text 2",
            "marks": [
                {"reviewer": "alice", "verdict": "confirmed", "note": "matches abstract", "at": "2026-06-01T10:02:00Z"},
                {"reviewer": "bob", "verdict": "disputed", "note": "Table 2 says 59.6", "at": "2026-06-01T10:03:00Z"},
            ],
        }
    ]
    assert found[0].verdicts == {"alice": "confirmed", "bob": "disputed"}


def test_a_new_mark_resolves_the_conflict():
    before = current(mark(2, "alice", "confirmed", "t1"), mark(2, "bob", "disputed", "t2"))
    assert len(find_conflicts("r1", before, REPORT)) == 1
    after = dict(before)
    after[(2, "alice")] = mark(2, "alice", "disputed", "t3", "agreed after discussion")
    assert find_conflicts("r1", after, REPORT) == []


def test_three_reviewers_two_of_whom_agree_is_still_a_conflict():
    marks = current(mark(1, "a", "confirmed", "t1"), mark(1, "b", "confirmed", "t2"), mark(1, "c", "unsupported", "t3"))
    [conflict] = find_conflicts("r1", marks, REPORT)
    assert [m.reviewer for m in conflict.marks] == ["a", "b", "c"]


@pytest.mark.parametrize("reviewer, expected", [("bob", [2]), ("carol", [3]), ("alice", [2, 3]), ("dave", [])])
def test_reviewer_filter_keeps_conflicts_they_take_part_in(reviewer, expected):
    marks = current(
        mark(2, "alice", "confirmed", "t1"), mark(2, "bob", "disputed", "t2"),
        mark(3, "alice", "confirmed", "t3"), mark(3, "carol", "needs-check", "t4"),
    )
    assert [c.claim for c in find_conflicts("r1", marks, REPORT, reviewer=reviewer)] == expected


def test_claim_missing_from_snapshot_has_empty_text():
    marks = current(mark(9, "a", "confirmed", "t1"), mark(9, "b", "disputed", "t2"))
    [conflict] = find_conflicts("r1", marks, REPORT)
    assert conflict.claim_text == ""
