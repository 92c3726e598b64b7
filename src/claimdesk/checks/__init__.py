"""Triage checks: what a reviewer would flag in a report, found before anyone reads it.

Each check is a small function with a stable code (see ``CHECKS``). They are
deterministic and cheap, so the library can run them on every report as it is
imported. ``check_report`` checks one report (``others`` are the rest of the
library, for the cross-report number check); ``check_library`` checks many at
once and reads every report's numbers only once.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence

from claimdesk.checks.abstract import abstract_contamination
from claimdesk.checks.claims import truncated_claim, verified_low_confidence
from claimdesk.checks.counts import count_mismatch, references_short
from claimdesk.checks.numbers import ClaimNumbers, NumberIndex, conflicts_for, entity_key, read_repeated, read_report
from claimdesk.checks.references import suspicious_reference
from claimdesk.checks.registry import CHECKS, SEVERITIES, SEVERITY_RANK, CheckInfo, sort_key
from claimdesk.checks.rules import below_publication_rule, tier_contradiction
from claimdesk.checks.topic import off_topic_claims
from claimdesk.model import Finding, Report

__all__ = [
    "CHECKS",
    "SEVERITIES",
    "SEVERITY_RANK",
    "CheckInfo",
    "check_library",
    "check_report",
    "check_with_numbers",
    "concerned_claims",
    "worst_severity",
]

# The checks that need nothing but the report itself.
SINGLE_REPORT_CHECKS: tuple[Callable[[Report], list[Finding]], ...] = (
    count_mismatch,
    references_short,
    below_publication_rule,
    tier_contradiction,
    verified_low_confidence,
    truncated_claim,
    abstract_contamination,
    off_topic_claims,
    suspicious_reference,
)

# The index of the last ``others`` sequence seen (with its report ids), so that
# checking every report of a library against the same sequence reads that
# library's numbers once.
_last_others: tuple[Sequence[Report], int, NumberIndex, dict[str, list[ClaimNumbers]]] | None = None


def _index_of(others: Sequence[Report]) -> tuple[NumberIndex, dict[str, list[ClaimNumbers]]]:
    """The index of ``others`` and each one's figures by report id, read once per sequence."""
    global _last_others
    cached = _last_others
    if cached is not None and cached[0] is others and cached[1] == len(others):
        return cached[2], cached[3]
    by_report = {report.id: read_report(report) for report in others}
    index = NumberIndex(item for items in by_report.values() for item in items)
    _last_others = (others, len(others), index, by_report)
    return index, by_report


def _single(report: Report) -> list[Finding]:
    found: list[Finding] = []
    for check in SINGLE_REPORT_CHECKS:
        found.extend(check(report))
    return found


def check_report(report: Report, others: Sequence[Report] = ()) -> list[Finding]:
    """Every finding for ``report``, worst first, then by code.

    ``others`` are the other reports of the library; a report with the same id as
    ``report`` among them is taken to be ``report`` itself and is skipped.
    """
    found = _single(report)
    if not others:
        # Alone, a report can only conflict with itself: only claims sharing a subject need their figures.
        own = read_repeated([report])[report.id]
        if own:
            found.extend(conflicts_for(report, own, [NumberIndex(own)]))
        return sorted(found, key=sort_key)
    library, by_report = _index_of(others)
    # The report is among the others when the desk checks its library: its figures are read already.
    own = by_report[report.id] if report.id in by_report else read_report(report)
    if own:
        indexes: list[NumberIndex] = []
        # A claim never conflicts with itself, so the report's own numbers can only conflict
        # when two of its claims name the same model.
        if report.id not in by_report and _entities_repeat(own):
            indexes.append(NumberIndex(own))
        indexes.append(library)
        found.extend(conflicts_for(report, own, indexes))
    return sorted(found, key=sort_key)


def _entities_repeat(items: Sequence[ClaimNumbers]) -> bool:
    return len({entity_key(item.entity) for item in items}) < len(items)


def check_library(reports: Sequence[Report]) -> dict[str, list[Finding]]:
    """Findings for every report, keyed by report id, with numbers compared across all of them."""
    numbers = read_repeated(reports)
    index = NumberIndex(item for items in numbers.values() for item in items)
    results: dict[str, list[Finding]] = {}
    for report in reports:
        found = _single(report)
        found.extend(conflicts_for(report, numbers[report.id], [index]))
        results[report.id] = sorted(found, key=sort_key)
    return results


def check_with_numbers(
    reports: Sequence[Report], others: Iterable[ClaimNumbers], *, between: Callable[[], object] | None = None
) -> dict[str, list[Finding]]:
    """Findings for every report, with numbers compared among them and with ``others``.

    ``others`` are other reports' figures already read (a store's persistent
    figure index keeps them by subject), so the result equals ``check_library``
    on ``reports`` plus those other reports without reading the other reports.
    Figures in ``others`` of a report among ``reports`` are ignored: its own
    text is the truth. ``between`` is called between two reports' steps (a
    background thread steps aside there while the reviewer types).
    """
    own: dict[str, list[ClaimNumbers]] = {}
    for report in reports:
        own[report.id] = read_report(report)
        if between is not None:
            between()
    index = NumberIndex(item for items in own.values() for item in items)
    for item in others:
        if item.report_id not in own:
            index.add(item)
    results: dict[str, list[Finding]] = {}
    for report in reports:
        if between is not None:
            between()
        found = _single(report)
        found.extend(conflicts_for(report, own[report.id], [index]))
        results[report.id] = sorted(found, key=sort_key)
    return results


def worst_severity(findings: Sequence[Finding]) -> str | None:
    """The most severe severity among ``findings``, or None when there are none."""
    if not findings:
        return None
    return min((f.severity for f in findings), key=lambda s: SEVERITY_RANK.get(s, len(SEVERITIES)))


_LISTED_CLAIM = re.compile(r"(?:^|, )(\d+) \(\d")


def concerned_claims(finding: Finding) -> tuple[int, ...]:
    """The claim numbers a finding is about, so a face can mark each flagged claim.

    ``claim`` names one claim; the one report-wide finding that lists claims
    (verified-low-confidence) names them after the colon of its message.
    """
    if finding.claim is not None:
        return (finding.claim,)
    if finding.code == "verified-low-confidence" and ": " in finding.message:
        listing = finding.message.rsplit(": ", 1)[1]
        return tuple(int(number) for number in _LISTED_CLAIM.findall(listing))
    return ()
