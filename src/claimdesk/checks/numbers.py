"""conflicting-numbers: the same model given different numbers, in one report or across reports.

Each claim's figures are read by ``claimdesk.checks.figures``: a subject (a
model name, compared with case, spaces, hyphens and dots folded), and for each
number its benchmark, its measure and the conditions it was measured under
(shots, numerical precision, fine-tuning, data split).

Two things count as a conflict:

* the same subject, benchmark and conditions with a different number, under the
  same measure or where one claim names no measure ("59.6% on HumanEval Pro"
  against "61.0% pass@1 on HumanEval Pro"); other conditions or other measures
  ("top-1" against "top-5") are other facts;
* the same subject and the same two or more numbers attached to different
  benchmarks (one report's "Base / Self-invoking" is another's "HumanEval Pro /
  MBPP Pro").

One shared number under another benchmark is not a conflict: a model can score
50.0 on two benchmarks. The index is built once per library, so checking
thousands of reports costs one pass over their claims.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from itertools import combinations

from claimdesk.checks.figures import (
    ClaimNumbers, Figure, entity_key, read_claim, read_figures, read_subject, read_text,
)
from claimdesk.checks.registry import finding
from claimdesk.model import Finding, Report

__all__ = ["ENTITY_KEYS_VERSION", "ClaimNumbers", "NumberIndex", "conflicts_for", "entity_key", "entity_keys",
           "read_claim", "read_repeated", "read_report"]


def read_report(report: Report) -> list[ClaimNumbers]:
    return [ClaimNumbers(report.id, claim, entity, tuple(figures)) for claim, entity, figures in claim_figures(report)]


def claim_figures(report: Report) -> list[tuple[int, str, list[Figure]]]:
    """(claim, subject as written, figures) of each claim giving figures: ``read_report``'s
    reading, for a caller that keeps the figures only as rows (the figure index)."""
    found = []
    for claim in report.claims:
        read = read_text(claim.text)
        if read is not None:
            found.append((claim.index, *read))
    return found


def read_repeated(reports: Sequence[Report]) -> dict[str, list[ClaimNumbers]]:
    """Per report id, the figures of the claims whose subject another claim (of any of them) shares.

    Only those can conflict among these reports, and reading a subject costs a
    fraction of reading figures, so figures are read only where they can matter.
    """
    subjects = []
    counts: dict[str, int] = {}
    for report in reports:
        for claim in report.claims:
            subject = read_subject(claim.text)
            if subject is not None:
                key = entity_key(subject.entity)
                counts[key] = counts.get(key, 0) + 1
                subjects.append((report.id, claim.index, key, subject))
    found: dict[str, list[ClaimNumbers]] = {report.id: [] for report in reports}
    for report_id, index, key, subject in subjects:
        if counts[key] > 1:
            numbers = read_figures(report_id, index, subject)
            if numbers is not None:
                found[report_id].append(numbers)
    return found


# Bumped whenever entity_keys would give other keys for the same text, so that an
# index kept on disk from these keys knows to rebuild itself.
# 2: dots fold like hyphens and spaces; more sentence shapes give a subject.
ENTITY_KEYS_VERSION = 2


def entity_keys(report: Report) -> set[str]:
    """The normalised subject keys this report gives numbers for.

    Two reports can only conflict on a number if they share a key, so a store
    can keep these keys as postings and hand ``check_report`` just the reports
    that share one.
    """
    return {entity_key(item.entity) for item in read_report(report)}


_Key = tuple[str, str, str]  # (subject, benchmark, condition)


class NumberIndex:
    """Every claim's figures, keyed so that a conflict look-up never scans the library."""

    def __init__(self, items: Iterable[ClaimNumbers] = ()) -> None:
        # (subject, benchmark, condition) -> (measure, value) -> claims giving it
        self.by_fact: dict[_Key, dict[tuple[str, float], list[ClaimNumbers]]] = defaultdict(lambda: defaultdict(list))
        # (subject, value pair) -> benchmark pair -> claims giving it
        self.by_pair: dict[tuple[str, float, float], dict[tuple[str, str], list[ClaimNumbers]]] = defaultdict(
            lambda: defaultdict(list)
        )
        self._sorted = True
        for item in items:
            self.add(item)

    @classmethod
    def of_reports(cls, reports: Iterable[Report]) -> "NumberIndex":
        index = cls()
        for report in reports:
            for item in read_report(report):
                index.add(item)
        return index

    def add(self, item: ClaimNumbers) -> None:
        self._sorted = False
        entity = entity_key(item.entity)
        for figure in item.figures:
            claims = self.by_fact[(entity, figure.benchmark, figure.condition)][(figure.measure, figure.value)]
            if not claims or claims[-1] is not item:  # a claim may give one fact twice
                claims.append(item)
        for pair_key, benchmarks in _pairs(item):
            self.by_pair[(entity, *pair_key)][benchmarks].append(item)

    def _sort(self) -> None:
        """Order every group, and the claims in it by (report id, claim), once after adding.

        Look-ups then walk groups and claims in an order that does not depend on the
        order the reports were given in, so findings are deterministic.
        """
        if self._sorted:
            return
        for table in (self.by_fact, self.by_pair):
            for outer, groups in table.items():
                for claims in groups.values():
                    claims.sort(key=_position)
                table[outer] = dict(sorted(groups.items()))  # type: ignore[index]
        self._sorted = True

    def different_values(self, item: ClaimNumbers) -> Iterator[tuple[Figure, float, list[ClaimNumbers]]]:
        """(this figure, the other value, claims) for the same fact given another value."""
        self._sort()
        entity = entity_key(item.entity)
        for figure in item.figures:
            groups = self.by_fact.get((entity, figure.benchmark, figure.condition))
            if not groups:
                continue
            for (measure, value), claims in groups.items():
                if value != figure.value and (measure == figure.measure or not measure or not figure.measure):
                    yield figure, value, claims

    def other_metrics(self, item: ClaimNumbers) -> Iterator[tuple[tuple[float, float], list[ClaimNumbers]]]:
        """(value pair, claims) where the same subject has these numbers under other benchmarks."""
        self._sort()
        entity = entity_key(item.entity)
        for pair_key, benchmarks in _pairs(item):
            groups = self.by_pair.get((entity, *pair_key))
            if not groups:
                continue
            for other_pair, claims in groups.items():
                if other_pair != benchmarks:
                    yield (pair_key, claims)


def _position(item: ClaimNumbers) -> tuple[str, int]:
    return (item.report_id, item.claim)


def _pairs(item: ClaimNumbers) -> list[tuple[tuple[float, float], tuple[str, str]]]:
    """Each pair of distinct values the claim gives on two distinct benchmarks, with those benchmarks."""
    by_value: dict[float, str] = {}
    for figure in item.figures:
        by_value.setdefault(figure.value, figure.benchmark)
    return [
        ((a, b), (by_value[a], by_value[b]))
        for a, b in combinations(sorted(by_value), 2)
        if by_value[a] != by_value[b]
    ]


def _number_of(item: ClaimNumbers, like: Figure, value: float) -> str:
    return next(
        (f.number for f in item.figures if f.benchmark == like.benchmark and f.condition == like.condition
         and f.value == value),
        f"{value:g}",
    )


def _where(other: ClaimNumbers, report_id: str) -> str:
    if other.report_id == report_id:
        return f"claim {other.claim}"
    return f"report {other.report_id} claim {other.claim}"


def _metrics_for(item: ClaimNumbers, values: Sequence[float]) -> str:
    wanted = set(values)
    named = []
    for figure in item.figures:  # in the claim's own order
        if figure.value in wanted:
            wanted.discard(figure.value)
            named.append(f"{figure.number} for {figure.written}")
    return " and ".join(named)


def _fact(figure: Figure) -> str:
    """The benchmark as written, with the conditions a reader needs to see the two numbers are comparable."""
    return f"{figure.written} ({figure.condition})" if figure.condition else figure.written


SHOWN = 2  # other claims named in a message
COUNTED = 50  # other claims counted per group before "more than" is said


def _own_first(claims: list[ClaimNumbers], report_id: str) -> list[ClaimNumbers]:
    """The claims of ``report_id`` (found by bisection), then at most COUNTED others, in order."""
    if len(claims) <= 4:  # most groups: a plain pass is cheaper than two bisections
        own = [claim for claim in claims if claim.report_id == report_id]
        if not own:
            return claims
        return own + [claim for claim in claims if claim.report_id != report_id]
    start = bisect_left(claims, (report_id, -1), key=_position)
    end = bisect_left(claims, (report_id, 1 << 62), key=_position)
    before = min(start, COUNTED)
    rest = claims[:before] + claims[end : end + COUNTED - before]
    return claims[start:end] + rest


def conflicts_for(report: Report, items: Sequence[ClaimNumbers], indexes: Sequence[NumberIndex]) -> list[Finding]:
    """Findings for ``items`` (the report's own numbers) against every index given.

    A claim never conflicts with itself. Claims of the same report are named
    first, then others by report id; a popular model's numbers are counted only
    up to a bound, so one look-up costs the same in a library of any size.
    """
    found: list[Finding] = []
    for item in items:
        named: dict[tuple[str, int], str] = {}
        seen: set[tuple[str, int]] = set()
        more_than = False

        def consider(claims: list[ClaimNumbers], describe) -> bool:  # type: ignore[no-untyped-def]
            """Take in one group; False once enough claims are counted to stop looking."""
            nonlocal more_than
            if len(claims) > COUNTED:
                more_than = True
            for candidate in _own_first(claims, report.id):
                if candidate is item or (candidate.claim == item.claim and candidate.report_id == item.report_id):
                    continue
                place = (candidate.report_id, candidate.claim)
                seen.add(place)
                if len(named) < SHOWN and place not in named:
                    named[place] = describe(candidate)
            if len(seen) >= COUNTED:
                more_than = True
                return False
            return True

        def groups():  # type: ignore[no-untyped-def]
            # The same numbers under other metrics first: the stronger sign of a misreading.
            for index in indexes:
                for values, claims in index.other_metrics(item):
                    yield claims, (
                        lambda c, values=values: f"{_where(c, report.id)} gives {_metrics_for(c, values)} "
                        f"(this claim: {_metrics_for(item, values)})"
                    )
            for index in indexes:
                for figure, value, claims in index.different_values(item):
                    yield claims, (
                        lambda c, figure=figure, value=value: f"{_where(c, report.id)} gives "
                        f"{_number_of(c, figure, value)} for {_fact(figure)} (this claim: {figure.number})"
                    )

        for claims, describe in groups():
            if not consider(claims, describe):
                break
        if not named:
            continue
        shown = "; ".join(named.values())
        extra = len(seen) - len(named)
        if more_than:
            shown += f"; and more than {extra} other claims"
        elif extra:
            shown += f"; and {extra} other claim{'s' if extra != 1 else ''}"
        found.append(finding("conflicting-numbers", f"{item.entity}: {shown}", item.claim))
    return found
