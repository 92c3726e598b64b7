"""Agreement figures checked against examples worked out by hand."""

from __future__ import annotations

from collections import Counter
from types import SimpleNamespace

import pytest

from claimdesk.agreement import (
    agreement_of,
    cohen_kappa,
    fleiss_kappa,
    format_kappa,
    pairwise,
    percent_agreement,
    ratings_from_marks,
    report_agreement,
)
from claimdesk.library_agreement import agreement_summary, summary_lines
from claimdesk.model import Mark, Verdict


def test_cohen_textbook_example():
    # Wikipedia "Cohen's kappa", worked example: 50 proposals, two readers.
    #   both yes 20, A yes / B no 5, A no / B yes 10, both no 15.
    #   p_o = (20 + 15) / 50 = 0.70
    #   A says yes 25/50 = 0.5, B says yes 30/50 = 0.6
    #   p_e = 0.5 * 0.6 + 0.5 * 0.4 = 0.50
    #   kappa = (0.70 - 0.50) / (1 - 0.50) = 0.40
    pairs = [("yes", "yes")] * 20 + [("yes", "no")] * 5 + [("no", "yes")] * 10 + [("no", "no")] * 15
    assert cohen_kappa(pairs) == pytest.approx(0.40)


def test_fleiss_1971_example():
    # Wikipedia "Fleiss' kappa", worked example: 10 subjects, 14 raters, 5 categories.
    #   P_i = 1.000 .253 .308 .440 .330 .462 .242 .176 .286 .286 -> P̄ = 3.780 / 10 = 0.378
    #   p_j = .143 .200 .279 .150 .229 -> P̄_e = sum p_j^2 = 0.2128
    #   kappa = (0.378 - 0.2128) / (1 - 0.2128) = 0.210
    table = [
        [0, 0, 0, 0, 14],
        [0, 2, 6, 4, 2],
        [0, 0, 3, 5, 6],
        [0, 3, 9, 2, 0],
        [2, 2, 8, 1, 1],
        [7, 7, 0, 0, 0],
        [3, 2, 6, 3, 0],
        [2, 5, 3, 2, 2],
        [6, 5, 2, 1, 0],
        [0, 2, 2, 3, 7],
    ]
    items = [dict(zip("abcde", row)) for row in table]
    assert fleiss_kappa(items) == pytest.approx(0.210, abs=5e-4)
    assert percent_agreement(items) == pytest.approx(37.8, abs=0.05)


def _marks(report_id: str, rows: list[tuple[int, str, str]]) -> dict[tuple[int, str], Mark]:
    """current_marks-shaped dict from (claim, reviewer, verdict) rows."""
    out = {}
    for n, (claim, reviewer, verdict) in enumerate(rows):
        out[(claim, reviewer)] = Mark(
            id=f"{report_id}-{n}", report_id=report_id, claim=claim, claim_key=f"k{claim}",
            verdict=Verdict(verdict), note="", reviewer=reviewer, at=f"2026-06-01T00:00:{n:02d}Z",
        )
    return out


def test_two_reviewers_use_cohen_over_claims_both_marked():
    # alice/bob on claims 1-4; claim 5 only alice (not shared), claim 6 bob 'cleared' (withdrawn).
    #   claim 1 c/c, 2 c/d, 3 d/d, 4 u/d -> agree 2 of 4 = 50 %
    #   alice: c2 d1 u1, bob: c1 d3 -> S = 2*1 + 1*3 + 1*0 = 5
    #   kappa = (A*N - S) / (N^2 - S) = (2*4 - 5) / (16 - 5) = 3/11 = 0.2727
    current = _marks("r", [
        (1, "alice", "confirmed"), (1, "bob", "confirmed"),
        (2, "alice", "confirmed"), (2, "bob", "disputed"),
        (3, "alice", "disputed"), (3, "bob", "disputed"),
        (4, "alice", "unsupported"), (4, "bob", "disputed"),
        (5, "alice", "confirmed"),
        (6, "alice", "confirmed"), (6, "bob", "cleared"),
    ])
    result = agreement_of(ratings_from_marks(current).values())
    assert result.method == "cohen"
    assert result.reviewers == ("alice", "bob")
    assert result.claims == 4
    assert result.percent == pytest.approx(50.0)
    assert result.kappa == pytest.approx(3 / 11)
    assert "Cohen's κ 0.27" in result.describe()


def test_three_reviewers_use_fleiss_with_variable_raters():
    # claim 1: c c c          -> P = 1
    # claim 2: c d d          -> P = (0 + 2) / (3 * 2) = 1/3
    # claim 3: d d (carol -)  -> P = 1
    # claim 4: u (alice only) -> not shared, ignored
    #   P̄ = (1 + 1/3 + 1) / 3 = 7/9 -> 77.8 %
    #   pooled: confirmed 4, disputed 4 of 8 -> P̄_e = 0.25 + 0.25 = 0.5
    #   kappa = (7/9 - 1/2) / (1/2) = 5/9 = 0.5556
    current = _marks("r", [
        (1, "alice", "confirmed"), (1, "bob", "confirmed"), (1, "carol", "confirmed"),
        (2, "alice", "confirmed"), (2, "bob", "disputed"), (2, "carol", "disputed"),
        (3, "alice", "disputed"), (3, "bob", "disputed"),
        (4, "alice", "unsupported"),
    ])
    result = agreement_of(ratings_from_marks(current).values())
    assert result.method == "fleiss"
    assert result.claims == 3
    assert result.percent == pytest.approx(700 / 9)
    assert result.kappa == pytest.approx(5 / 9)


def test_fleiss_with_equal_raters_matches_cohen_style_counts():
    # Two raters on every item: Fleiss' P_i is 1 for agreement, 0 otherwise, so
    # percent agreement equals the plain share of identical pairs (3 of 4).
    items = [Counter(["c", "c"]), Counter(["c", "d"]), Counter(["d", "d"]), Counter(["d", "d"])]
    assert percent_agreement(items) == pytest.approx(75.0)


def test_everyone_using_one_verdict_is_undefined_not_a_crash():
    # p_e = 1: every mark 'confirmed' -> kappa undefined, shown "n/a"; agreement 100 %.
    assert cohen_kappa([("confirmed", "confirmed")] * 5) is None
    assert fleiss_kappa([{"confirmed": 3}] * 4) is None
    current = _marks("r", [(1, "a", "confirmed"), (1, "b", "confirmed"), (2, "a", "confirmed"), (2, "b", "confirmed")])
    result = agreement_of(ratings_from_marks(current).values())
    assert result.kappa is None and result.percent == 100.0
    assert format_kappa(result.kappa) == "n/a"
    assert "n/a" in result.describe()


def test_nothing_shared_is_undefined():
    assert cohen_kappa([]) is None
    assert fleiss_kappa([]) is None
    assert fleiss_kappa([{"confirmed": 1}]) is None  # one rater per item: nothing to compare
    result = agreement_of([{"alice": "confirmed"}])
    assert result.claims == 0 and result.kappa is None and result.percent is None
    assert result.describe() == "no claims marked by two or more reviewers"


def test_one_rater_constant_other_varied_is_zero():
    # A always 'c'; B 'c','d'. p_o = 1/2, p_e = 1 * 1/2 = 1/2 -> kappa = 0 (defined).
    assert cohen_kappa([("c", "c"), ("c", "d")]) == pytest.approx(0.0)


def test_pairwise_reports_each_pair_over_its_own_claims():
    ratings = [
        {"alice": "confirmed", "bob": "confirmed", "carol": "disputed"},
        {"alice": "disputed", "bob": "disputed"},
    ]
    pairs = {(a, b): r for a, b, r in pairwise(ratings)}
    assert set(pairs) == {("alice", "bob"), ("alice", "carol"), ("bob", "carol")}
    assert pairs[("alice", "bob")].claims == 2 and pairs[("alice", "bob")].percent == 100.0
    # alice/bob: c/c, d/d -> A=2, N=2, S = 1*1 + 1*1 = 2 -> (4 - 2) / (4 - 2) = 1
    assert pairs[("alice", "bob")].kappa == pytest.approx(1.0)
    assert pairs[("alice", "carol")].claims == 1 and pairs[("alice", "carol")].percent == 0.0


class FakeStore:
    """Just the reading half of the store the agreement functions use."""

    def __init__(self, marks: dict[str, dict]):
        self._marks = marks

    def summaries(self):
        return [SimpleNamespace(id=rid) for rid in self._marks]

    def current_marks(self, report_id):
        return self._marks[report_id]


def test_summary_per_report_pairs_and_overall():
    # r1: alice/bob agree on 1, disagree on 2. r2: alice/bob agree on 1. r3: only alice.
    #   overall (Cohen, 3 shared claims): c/c, c/d, d/d -> A = 2, N = 3
    #   alice c2 d1, bob c1 d2 -> S = 2*1 + 1*2 = 4 -> (2*3 - 4) / (9 - 4) = 2/5 = 0.4
    store = FakeStore({
        "r1": _marks("r1", [(1, "alice", "confirmed"), (1, "bob", "confirmed"),
                            (2, "alice", "confirmed"), (2, "bob", "disputed")]),
        "r2": _marks("r2", [(1, "alice", "disputed"), (1, "bob", "disputed")]),
        "r3": _marks("r3", [(1, "alice", "disputed")]),
    })
    summary = agreement_summary(store)
    assert set(summary["reports"]) == {"r1", "r2"}
    assert summary["reports"]["r1"]["percent"] == 50.0
    assert summary["reports"]["r2"]["kappa"] is None  # one verdict used: n/a
    assert summary["overall"] == {
        "reviewers": ["alice", "bob"], "claims": 3, "percent": 66.7, "kappa": 0.4, "method": "cohen",
    }
    assert summary["pairs"][0]["a"] == "alice" and summary["pairs"][0]["kappa"] == 0.4
    lines = summary_lines(summary)
    assert lines[0].startswith("Agreement: 3 shared claims in 2 reports, 2 reviewers: 66.7% agree")
    assert report_agreement(store, "r3").claims == 0


def test_summary_of_an_unreviewed_library():
    summary = agreement_summary(FakeStore({}))
    assert summary["overall"]["claims"] == 0 and summary["reports"] == {} and summary["pairs"] == []
    assert summary_lines(summary) == ["Agreement: no claims marked by two or more reviewers"]
