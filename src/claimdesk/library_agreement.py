"""Agreement over a whole library, pooled one report at a time (no Textual here).

``agreement_summary`` gives the figures ``claimdesk stats`` and the Team
screen show: per report, per pair of reviewers and overall, by the methods
claimdesk.agreement describes. A library can hold a million shared claims, so
``AgreementTally`` keeps each report's result and the integer sums Cohen's and
Fleiss' kappa need (``AgreementPool``), never the claims; tallies of disjoint
reports merge exactly (claimdesk.tally keeps them per review bucket).
"""

from __future__ import annotations

from itertools import combinations
from typing import TYPE_CHECKING, Any, Mapping

from claimdesk.agreement import (
    COHEN,
    FLEISS,
    NO_AGREEMENT,
    Agreement,
    count_noun,
    fleiss_from_sums,
    format_kappa,
    format_percent,
    verdict_value,
)
from claimdesk.model import Verdict

if TYPE_CHECKING:  # pragma: no cover
    from claimdesk.store import ReviewStore

_CLEARED = Verdict.CLEARED.value


class AgreementPool:
    """``agreement_of`` over claims added one at a time, holding counts, not the claims.

    P_i depends only on a claim's verdict counts and its number of reviewers
    n, so the sum of P_i is kept exactly as an integer per n; Cohen's kappa
    needs each reviewer's verdict counts and the agreeing claims, also integers.
    """

    __slots__ = ("claims", "sums", "totals", "by_reviewer")

    def __init__(self) -> None:
        self.claims = 0
        self.sums: dict[int, int] = {}  # n reviewers -> sum over claims of sum_j n_j(n_j - 1)
        self.totals: dict[str, int] = {}  # verdict -> marks
        self.by_reviewer: dict[str, dict[str, int]] = {}  # reviewer -> verdict -> marks

    def add(self, rating: Mapping[str, str]) -> None:
        """One shared claim: reviewer -> verdict (two reviewers or more)."""
        counts: dict[str, int] = {}
        for reviewer, verdict in rating.items():
            counts[verdict] = counts.get(verdict, 0) + 1
            mine = self.by_reviewer.setdefault(reviewer, {})
            mine[verdict] = mine.get(verdict, 0) + 1
        self._take(len(rating), counts)

    def add_two(self, a: str, verdict_a: str, b: str, verdict_b: str) -> None:
        """One claim as two reviewers marked it (a pair's pool), without building a mapping.

        Called for every pair of every shared claim of a library, so written out flat."""
        by_reviewer, totals = self.by_reviewer, self.totals
        mine = by_reviewer.get(a)
        if mine is None:
            mine = by_reviewer[a] = {}
        mine[verdict_a] = mine.get(verdict_a, 0) + 1
        mine = by_reviewer.get(b)
        if mine is None:
            mine = by_reviewer[b] = {}
        mine[verdict_b] = mine.get(verdict_b, 0) + 1
        totals[verdict_a] = totals.get(verdict_a, 0) + 1
        totals[verdict_b] = totals.get(verdict_b, 0) + 1
        self.claims += 1
        if verdict_a == verdict_b:
            self.sums[2] = self.sums.get(2, 0) + 2

    def _take(self, n: int, counts: dict[str, int]) -> None:
        self.claims += 1
        self.sums[n] = self.sums.get(n, 0) + sum(c * (c - 1) for c in counts.values())
        for verdict, c in counts.items():
            self.totals[verdict] = self.totals.get(verdict, 0) + c

    def merge(self, other: "AgreementPool") -> None:
        """Take in another pool's claims (cheaper than adding them again)."""
        self.claims += other.claims
        for n, total in other.sums.items():
            self.sums[n] = self.sums.get(n, 0) + total
        for verdict, c in other.totals.items():
            self.totals[verdict] = self.totals.get(verdict, 0) + c
        for reviewer, counts in other.by_reviewer.items():
            mine = self.by_reviewer.setdefault(reviewer, {})
            for verdict, c in counts.items():
                mine[verdict] = mine.get(verdict, 0) + c

    def result(self) -> Agreement:
        if not self.claims:
            return NO_AGREEMENT
        reviewers = tuple(sorted(self.by_reviewer))
        count = self.claims
        observed = sum(total / (n * (n - 1)) for n, total in sorted(self.sums.items()))
        percent = 100.0 * observed / count
        if len(reviewers) == 2:  # every claim has both: Cohen, in integers as cohen_kappa does
            first, second = (self.by_reviewer[r] for r in reviewers)
            agree = self.sums.get(2, 0) // 2
            chance = sum(c * second.get(verdict, 0) for verdict, c in first.items())
            denominator = count * count - chance
            kappa = None if denominator == 0 else (agree * count - chance) / denominator
            method = COHEN
        else:
            kappa = fleiss_from_sums(observed, self.totals, count)
            method = FLEISS
        return Agreement(reviewers=reviewers, claims=count, percent=percent, kappa=kappa, method=method)


class AgreementTally:
    """The agreement summary built up one report at a time (reports may come in any order).

    Holds each report's result and the pooled counts (overall and per pair of
    reviewers), never the claims, so a pass over a whole database is bounded
    by its number of reports with shared claims.
    """

    def __init__(self) -> None:
        self._reports: dict[str, dict[str, Any]] = {}
        self._overall = AgreementPool()
        self._pairs: dict[tuple[str, str], AgreementPool] = {}

    def add(self, report_id: str, current: Mapping[tuple[int, str], str]) -> None:
        """One report's current verdicts: (claim, reviewer) -> verdict value ('cleared' ignored)."""
        by_claim: dict[int, dict[str, str]] = {}
        for (claim, reviewer), verdict in current.items():
            if verdict != _CLEARED:
                by_claim.setdefault(claim, {})[reviewer] = verdict
        mine = AgreementPool()
        for rating in by_claim.values():
            if len(rating) < 2:
                continue
            mine.add(rating)
            for a, b in combinations(sorted(rating), 2):
                pool = self._pairs.get((a, b))
                if pool is None:
                    pool = self._pairs[(a, b)] = AgreementPool()
                pool.add_two(a, rating[a], b, rating[b])
        if mine.claims:
            self._overall.merge(mine)
            self._reports[report_id] = mine.result().to_dict()

    def merge(self, other: "AgreementTally") -> None:
        """Take in a tally of other reports (another process's share): counts add up exactly."""
        self._reports.update(other._reports)
        self._overall.merge(other._overall)
        for pair, pool in other._pairs.items():
            self._pairs.setdefault(pair, AgreementPool()).merge(pool)

    def parts(self) -> tuple[dict[str, dict[str, Any]], AgreementPool, dict[tuple[str, str], AgreementPool]]:
        """(per-report results, overall pool, pools per pair): what ``from_parts`` takes back."""
        return self._reports, self._overall, self._pairs

    @classmethod
    def from_parts(
        cls, reports: dict[str, dict[str, Any]], overall: AgreementPool, pairs: dict[tuple[str, str], AgreementPool]
    ) -> "AgreementTally":
        tally = cls()
        tally._reports, tally._overall, tally._pairs = reports, overall, pairs
        return tally

    def summary(self) -> dict[str, Any]:
        """Shape: {"overall": Agreement dict, "reports": {report_id: Agreement dict}
        (only reports with shared claims, in id order), "pairs": [{"a", "b", ...Agreement dict}]}.
        Overall pools every shared claim of the library (Cohen when only two
        reviewers ever shared claims, else Fleiss)."""
        return {
            "overall": self._overall.result().to_dict(),
            "reports": {rid: self._reports[rid] for rid in sorted(self._reports)},
            "pairs": [{"a": a, "b": b, **self._pairs[(a, b)].result().to_dict()} for a, b in sorted(self._pairs)],
        }


def agreement_summary(store: "ReviewStore") -> dict[str, Any]:
    """Agreement per report, per reviewer pair and overall, as plain data (see AgreementTally.summary).

    A store that streams its review records (``review_digests``) is read one
    review file at a time, in bounded memory.
    """
    tally = AgreementTally()
    digests = getattr(store, "review_digests", None)
    if digests is not None:
        for digest in digests():
            tally.add(digest.report_id, digest.current)  # a report not in the library has none
        return tally.summary()
    for report_id in reviewed_report_ids(store):
        current = store.current_marks(report_id)
        tally.add(report_id, {key: verdict_value(mark.verdict) for key, mark in current.items()})
    return tally.summary()


def reviewed_report_ids(store: "ReviewStore") -> list[str]:
    """Library reports that have review records (all reports if the store cannot tell)."""
    library = sorted(s.id for s in store.summaries())
    reviewed = getattr(store, "reviewed_ids", None)
    if reviewed is None:
        return library
    return sorted(set(reviewed()) & set(library))


def summary_lines(summary: Mapping[str, Any]) -> list[str]:
    """Plain lines for ``claimdesk stats`` from ``agreement_summary``'s result."""
    overall = summary["overall"]
    if not overall["claims"]:
        return ["Agreement: no claims marked by two or more reviewers"]
    method = "Cohen's κ" if overall["method"] == COHEN else "Fleiss' κ"
    lines = [
        f"Agreement: {count_noun(overall['claims'], 'shared claim')} in {count_noun(len(summary['reports']), 'report')}, "
        f"{len(overall['reviewers'])} reviewers: {format_percent(overall['percent'])} agree, "
        f"{method} {format_kappa(overall['kappa'])}"
    ]
    for pair in summary["pairs"]:
        lines.append(
            f"  {pair['a']} / {pair['b']}: {pair['claims']} shared, "
            f"{format_percent(pair['percent'])} agree, Cohen's κ {format_kappa(pair['kappa'])}"
        )
    return lines
