"""How far reviewers agree on the claims they both (or all) marked.

A team trusts a review only as far as independent reviewers reach the same
verdicts. Agreement is computed over *shared claims*: claims that two or more
reviewers hold a current mark on ('cleared' withdraws a mark, so it never
counts). Chance-corrected agreement follows the usual choice of method:

* exactly two reviewers over the claims both marked: **Cohen's kappa**;
* three or more reviewers: **Fleiss' kappa** in its variable-rater form. Each
  shared claim contributes the share of agreeing reviewer pairs among the
  reviewers who marked it (P_i = sum n_ij(n_ij - 1) / (n_i(n_i - 1))), and the
  chance term comes from the pooled verdict proportions over all those marks.
  When every claim was marked by the same number of reviewers this is exactly
  Fleiss (1971); it lets a claim that only two of three reviewers reached still
  count instead of being thrown away.

Percent agreement is the mean share of agreeing reviewer pairs per shared
claim; for two reviewers it is simply the share of claims marked alike.

A kappa is undefined when chance agreement is certain (every mark has the same
verdict, p_e = 1) or nothing is shared; it is then ``None`` and shown as
"n/a". Arithmetic on counts is done in integers so that case is detected
exactly, never as a division by a rounding error.

Everything here is pure except ``report_agreement``/``agreement_summary``,
which only read the store.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from itertools import combinations
from typing import TYPE_CHECKING, Any, Iterable, Mapping, Sequence

from claimdesk.model import Mark, Verdict

if TYPE_CHECKING:  # pragma: no cover
    from claimdesk.store import ReviewStore

# One shared claim: reviewer -> verdict value (str).
Ratings = Mapping[str, str]

COHEN = "cohen"
FLEISS = "fleiss"


@dataclass(frozen=True, slots=True)
class Agreement:
    """Agreement among ``reviewers`` over ``claims`` shared claims."""

    reviewers: tuple[str, ...]
    claims: int  # shared claims (marked by at least two reviewers)
    percent: float | None  # 0..100, None when nothing is shared
    kappa: float | None  # None when undefined (nothing shared or p_e = 1)
    method: str | None  # "cohen", "fleiss" or None when nothing is shared

    def to_dict(self) -> dict[str, Any]:
        return {
            "reviewers": list(self.reviewers),
            "claims": self.claims,
            "percent": None if self.percent is None else round(self.percent, 1),
            "kappa": None if self.kappa is None else round(self.kappa, 3),
            "method": self.method,
        }

    def describe(self) -> str:
        """One line for a person, e.g. '2 reviewers, 12 shared claims: 83.3% agree, Cohen's κ 0.62'."""
        if not self.claims:
            return "no claims marked by two or more reviewers"
        name = "Cohen's κ" if self.method == COHEN else "Fleiss' κ"
        return (
            f"{len(self.reviewers)} reviewers, {self.claims} shared claims: "
            f"{format_percent(self.percent)} agree, {name} {format_kappa(self.kappa)}"
        )


NO_AGREEMENT = Agreement(reviewers=(), claims=0, percent=None, kappa=None, method=None)


def format_kappa(value: float | None) -> str:
    """Kappa for display: two decimals, or 'n/a' when undefined."""
    return "n/a" if value is None else f"{value:.2f}"


def format_percent(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1f}%"


# --- pure statistics -------------------------------------------------------


def cohen_kappa(pairs: Sequence[tuple[str, str]]) -> float | None:
    """Cohen's kappa for two raters; ``pairs`` holds (rater A, rater B) per item.

    kappa = (p_o - p_e) / (1 - p_e) with p_o the share of items rated alike and
    p_e = sum_k (a_k / N)(b_k / N). In integers: (A*N - S) / (N^2 - S) where A
    is the count of agreeing items and S = sum_k a_k * b_k.
    """
    n = len(pairs)
    if n == 0:
        return None
    agree = sum(1 for a, b in pairs if a == b)
    first = Counter(a for a, _ in pairs)
    second = Counter(b for _, b in pairs)
    chance = sum(count * second.get(category, 0) for category, count in first.items())
    denominator = n * n - chance
    if denominator == 0:  # p_e = 1: both raters used one and the same verdict throughout
        return None
    return (agree * n - chance) / denominator


def fleiss_kappa(items: Iterable[Mapping[str, int]]) -> float | None:
    """Fleiss' kappa; each item maps category -> number of raters who chose it.

    Items may have different numbers of raters (at least two each; items with
    fewer are ignored): P_i = sum_j n_ij(n_ij - 1) / (n_i(n_i - 1)),
    P̄ = mean P_i, p_j = (ratings in j) / (all ratings), P̄_e = sum_j p_j^2,
    kappa = (P̄ - P̄_e) / (1 - P̄_e).
    """
    return _fleiss(*_pair_agreement(items))


def _fleiss(observed: float, totals: Mapping[str, int], count: int) -> float | None:
    if count == 0:
        return None
    ratings = sum(totals.values())
    squares = sum(t * t for t in totals.values())
    if ratings * ratings == squares:  # p_e = 1: a single category used by everyone
        return None
    mean_observed = observed / count
    chance = squares / (ratings * ratings)
    return (mean_observed - chance) / (1 - chance)


def percent_agreement(items: Iterable[Mapping[str, int]]) -> float | None:
    """Mean share of agreeing rater pairs per item, in percent (None if no item)."""
    observed, _, count = _pair_agreement(items)
    return None if count == 0 else 100.0 * observed / count


def _pair_agreement(items: Iterable[Mapping[str, int]]) -> tuple[float, dict[str, int], int]:
    """(sum of P_i, pooled category totals, items with >= 2 ratings)."""
    observed = 0.0
    totals: dict[str, int] = {}  # a plain dict: Counter.update is slow on a million claims
    count = 0
    for item in items:
        n = sum(item.values())
        if n < 2:
            continue
        observed += sum(c * (c - 1) for c in item.values()) / (n * (n - 1))
        for category, c in item.items():
            totals[category] = totals.get(category, 0) + c
        count += 1
    return observed, totals, count


def agreement_of(ratings: Iterable[Ratings]) -> Agreement:
    """Agreement over shared claims given as reviewer -> verdict maps.

    Claims with fewer than two reviewers are skipped. Two reviewers in all:
    Cohen's kappa; more: Fleiss' kappa (variable raters, see module doc).
    """
    shared = [dict(r) for r in ratings if len(r) >= 2]
    if not shared:
        return NO_AGREEMENT
    reviewers = tuple(sorted({name for r in shared for name in r}))
    counts = [_count(r.values()) for r in shared]
    observed, totals, count = _pair_agreement(counts)
    percent = None if count == 0 else 100.0 * observed / count
    if len(reviewers) == 2:
        a, b = reviewers
        kappa = cohen_kappa([(r[a], r[b]) for r in shared])
        method = COHEN
    else:
        kappa = _fleiss(observed, totals, count)
        method = FLEISS
    return Agreement(reviewers=reviewers, claims=len(shared), percent=percent, kappa=kappa, method=method)


def _count(values: Iterable[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for value in values:
        found[value] = found.get(value, 0) + 1
    return found


def ratings_from_marks(current: Mapping[tuple[int, str], Mark]) -> dict[int, dict[str, str]]:
    """Group current marks (claim, reviewer) -> Mark into claim -> {reviewer: verdict}.

    'cleared' marks are dropped here too, in case a caller passes raw marks.
    """
    by_claim: dict[int, dict[str, str]] = defaultdict(dict)
    for (claim, reviewer), mark in current.items():
        verdict = _verdict_value(mark.verdict)
        if verdict == Verdict.CLEARED.value:
            continue
        by_claim[claim][reviewer] = verdict
    return dict(by_claim)


def pairwise(ratings: Iterable[Ratings]) -> list[tuple[str, str, Agreement]]:
    """Cohen's kappa for every pair of reviewers over the claims both marked."""
    by_pair: dict[tuple[str, str], list[dict[str, str]]] = defaultdict(list)
    for rating in ratings:
        for a, b in combinations(sorted(rating), 2):
            by_pair[(a, b)].append({a: rating[a], b: rating[b]})
    return [(a, b, agreement_of(items)) for (a, b), items in sorted(by_pair.items())]


def _verdict_value(verdict: Verdict | str) -> str:
    return verdict.value if isinstance(verdict, Verdict) else str(verdict)


# --- reading the store -----------------------------------------------------


def report_agreement(store: "ReviewStore", report_id: str) -> Agreement:
    """Agreement on one report's claims (for the Overview tab)."""
    return agreement_of(ratings_from_marks(store.current_marks(report_id)).values())


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
            kappa = _fleiss(observed, self.totals, count)
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
        tally.add(report_id, {key: _verdict_value(mark.verdict) for key, mark in current.items()})
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


def count_noun(n: int, noun: str) -> str:
    """'1 report', '2 reports'."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
