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

Everything here is pure except ``report_agreement``, which only reads the
store. The same figures over a whole library, pooled one report at a time,
are claimdesk.library_agreement's.
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
    return fleiss_from_sums(*_pair_agreement(items))


def fleiss_from_sums(observed: float, totals: Mapping[str, int], count: int) -> float | None:
    """Fleiss' kappa from the sum of P_i over ``count`` items and the pooled category totals."""
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
        kappa = fleiss_from_sums(observed, totals, count)
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
        verdict = verdict_value(mark.verdict)
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


def verdict_value(verdict: Verdict | str) -> str:
    return verdict.value if isinstance(verdict, Verdict) else str(verdict)


# --- reading the store -----------------------------------------------------


def report_agreement(store: "ReviewStore", report_id: str) -> Agreement:
    """Agreement on one report's claims (for the Overview tab)."""
    return agreement_of(ratings_from_marks(store.current_marks(report_id)).values())


def count_noun(n: int, noun: str) -> str:
    """'1 report', '2 reports'."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
