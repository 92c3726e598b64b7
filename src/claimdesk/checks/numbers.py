"""conflicting-numbers: the same model given different numbers, in one report or across reports.

A claim such as "Qwen2.5-Coder-7B-base achieves 59.6% on HumanEval Pro and
38.6% on MBPP Pro" is read as an entity (a model name: it must hold a digit,
which keeps "The method achieves …" out) and (metric, number) pairs. Entity
names are compared with case, hyphens and spaces folded, so
"Qwen2.5Coder-7B-base" and "Qwen2.5-Coder-7B-base" are one model.

Two things count as a conflict:

* the same entity and metric (and the same pass@k, when stated) with a different number;
* the same entity and the same two or more numbers attached to different metrics
  (one report's "Base / Self-invoking" is another's "HumanEval Pro / MBPP Pro").

One shared number under another metric is not a conflict: a model can score
50.0 on two benchmarks. The index is built once per library, so checking
thousands of reports costs one pass over their claims.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import combinations

from claimdesk.checks.registry import finding
from claimdesk.model import Finding, Report

_DIGIT = re.compile(r"\d")
_VERBS = (
    r"achieves|achieved|achieving|scores|scored|reaches|reached|obtains|obtained|attains|attained|"
    r"gets|got|records|recorded|yields|yielded|reports|reported|posts|posted"
)
_SUBJECT = re.compile(
    rf"^\s*(?P<entity>[A-Za-z0-9][\w.+/-]*(?:\s+[A-Za-z0-9][\w.+/-]*){{0,3}}?)\s+(?:{_VERBS})\b", re.I
)
_STOP = r"(?:and|but|while|with|compared|versus|vs|whereas|than|respectively|when|which|on|in|for|at)\b"
_UNIT_WORD = rf"(?!{_STOP})[A-Za-z][\w@-]*"
_SEGMENT = re.compile(
    r"(?P<num>\d+(?:\.\d+)?)\s*(?P<pct>%)?\s*"
    rf"(?:(?P<unit>{_UNIT_WORD}(?:\s+{_UNIT_WORD}){{0,2}})\s+)?(?:on|in|for)\s+(?:the\s+)?"
    rf"(?P<metric>[A-Za-z][\w@+-]*(?:\s+(?!{_STOP})[A-Za-z0-9][\w@+-]*){{0,3}})",
    re.I,
)


@dataclass(frozen=True, slots=True)
class ClaimNumbers:
    """The numbers one claim attaches to one entity."""

    report_id: str
    claim: int
    entity: str  # as written
    metrics: tuple[tuple[str, str, float, str], ...]  # (metric key, metric as written, value, number as written)


def entity_key(name: str) -> str:
    return re.sub(r"[^0-9a-z.]", "", name.casefold())


def read_claim(report_id: str, index: int, text: str) -> ClaimNumbers | None:
    """The entity and numbers of a claim, or None when it names no model with numbers."""
    if not _DIGIT.search(text):
        return None
    subject = _SUBJECT.match(text)
    if not subject or not _DIGIT.search(subject.group("entity")):
        return None
    metrics: list[tuple[str, str, float, str]] = []
    unit = None
    for segment in _SEGMENT.finditer(text, subject.end()):
        unit = segment.group("unit") or unit  # "96.2% pass@1 on A but only 76.2% on B": both pass@1
        written = segment.group("metric").strip().rstrip(".")
        key = " ".join(written.casefold().split())
        if unit:
            key = f"{key} [{' '.join(unit.casefold().split())}]"
        number = segment.group("num") + (segment.group("pct") or "")
        metrics.append((key, written, round(float(segment.group("num")), 4), number))
    if not metrics:
        return None
    return ClaimNumbers(report_id, index, subject.group("entity"), tuple(metrics))


def read_report(report: Report) -> list[ClaimNumbers]:
    found = []
    for claim in report.claims:
        numbers = read_claim(report.id, claim.index, claim.text)
        if numbers is not None:
            found.append(numbers)
    return found


# Bumped whenever entity_keys would give other keys for the same text, so that an
# index kept on disk from these keys knows to rebuild itself.
ENTITY_KEYS_VERSION = 1


def entity_keys(report: Report) -> set[str]:
    """The normalised subject keys this report gives numbers for.

    Two reports can only conflict on a number if they share a key, so a store
    can keep these keys as postings and hand ``check_report`` just the reports
    that share one.
    """
    return {entity_key(item.entity) for item in read_report(report)}


class NumberIndex:
    """Every claim's numbers, keyed so that a conflict look-up never scans the library."""

    def __init__(self, items: Iterable[ClaimNumbers] = ()) -> None:
        # (entity, metric) -> value -> claims giving it
        self.by_metric: dict[tuple[str, str], dict[float, list[ClaimNumbers]]] = defaultdict(lambda: defaultdict(list))
        # (entity, value pair) -> metric pair -> claims giving it
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
        for key, _written, value, _number in item.metrics:
            self.by_metric[(entity, key)][value].append(item)
        for pair_key, metric_pair in _pairs(item):
            self.by_pair[(entity, *pair_key)][metric_pair].append(item)

    def _sort(self) -> None:
        """Order every group, and the claims in it by (report id, claim), once after adding.

        Look-ups then walk groups and claims in an order that does not depend on the
        order the reports were given in, so findings are deterministic.
        """
        if self._sorted:
            return
        for table in (self.by_metric, self.by_pair):
            for outer, groups in table.items():
                for claims in groups.values():
                    claims.sort(key=_position)
                table[outer] = dict(sorted(groups.items()))
        self._sorted = True

    def different_values(self, item: ClaimNumbers) -> Iterator[tuple[str, str, str, list[ClaimNumbers]]]:
        """(metric as written, this number, metric key, claims) giving the same entity and metric another value."""
        self._sort()
        entity = entity_key(item.entity)
        for key, written, value, number in item.metrics:
            values = self.by_metric.get((entity, key))
            if not values:
                continue
            for other_value, claims in values.items():
                if other_value != value:
                    yield (written, number, key, claims)

    def other_metrics(self, item: ClaimNumbers) -> Iterator[tuple[tuple[float, float], list[ClaimNumbers]]]:
        """(value pair, claims) where the same entity has these numbers under other metrics."""
        self._sort()
        entity = entity_key(item.entity)
        for pair_key, metric_pair in _pairs(item):
            groups = self.by_pair.get((entity, *pair_key))
            if not groups:
                continue
            for other_pair, claims in groups.items():
                if other_pair != metric_pair:
                    yield (pair_key, claims)


def _position(item: ClaimNumbers) -> tuple[str, int]:
    return (item.report_id, item.claim)


def _pairs(item: ClaimNumbers) -> list[tuple[tuple[float, float], tuple[str, str]]]:
    """Each pair of distinct values in a claim with the metric names (unit aside) they are given for."""
    by_value: dict[float, str] = {}
    for key, _written, value, _number in item.metrics:
        by_value.setdefault(value, key.split(" [", 1)[0])
    return [((a, b), (by_value[a], by_value[b])) for a, b in combinations(sorted(by_value), 2)]


def _number_of(item: ClaimNumbers, key: str) -> str:
    return next(number for k, _w, _v, number in item.metrics if k == key)


def _where(other: ClaimNumbers, report_id: str) -> str:
    if other.report_id == report_id:
        return f"claim {other.claim}"
    return f"report {other.report_id} claim {other.claim}"


def _metrics_for(item: ClaimNumbers, values: Sequence[float]) -> str:
    wanted = set(values)
    named = []
    for _key, written, value, number in item.metrics:  # in the claim's own order
        if value in wanted:
            wanted.discard(value)
            named.append(f"{number} for {written}")
    return " and ".join(named)


SHOWN = 2  # other claims named in a message
COUNTED = 50  # other claims counted per group before "more than" is said


def _own_first(claims: list[ClaimNumbers], report_id: str) -> list[ClaimNumbers]:
    """The claims of ``report_id`` (found by bisection), then at most COUNTED others, in order."""
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
                place = _position(candidate)
                if place == (item.report_id, item.claim):
                    continue
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
                for written, number, key, claims in index.different_values(item):
                    yield claims, (
                        lambda c, written=written, number=number, key=key: f"{_where(c, report.id)} gives "
                        f"{_number_of(c, key)} for {written} (this claim: {number})"
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
