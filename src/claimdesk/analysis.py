"""Library-wide work for the desk, without Textual: findings with numbers compared
across every report, and the related-claims index.

The desk runs ``analyse_library`` in a worker thread with a store of its own and
posts the typed result as a message; nothing here touches the desk.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from claimdesk.errors import ClaimdeskError
from claimdesk.model import Finding, Report


@dataclass(frozen=True)
class LibraryAnalysis:
    """What the whole library says: findings per report (for the version checked) and the related index."""

    findings: dict[str, list[Finding]] = field(default_factory=dict)
    versions: dict[str, int] = field(default_factory=dict)
    related: object | None = None  # claimdesk.related.RelatedIndex

    def findings_for(self, report_id: str, version: int | None) -> list[Finding] | None:
        """The findings of ``report_id`` when they were worked out for ``version``, else None."""
        if report_id in self.findings and self.versions.get(report_id) == version:
            return self.findings[report_id]
        return None


class AnalysisFailed(Exception):
    """A check raised: the desk says so and keeps single-report findings."""


def analyse_library(store, keep_going: Callable[[], bool] = lambda: True,
                    on_related: Callable[[object], None] | None = None) -> LibraryAnalysis | None:
    """Read every snapshot once; None when ``keep_going`` said stop.

    ``keep_going`` is called between small steps (a worker steps aside there
    while the reviewer types, and stops when cancelled). ``on_related`` gets the
    related index as soon as it is built, before the slower checks.
    Raises ClaimdeskError when the library cannot be read, AnalysisFailed when a check breaks.
    """
    summaries = store.summaries()
    reports: list[Report] = []
    versions: dict[str, int] = {}
    for summary in summaries:
        if not keep_going():
            return None
        try:
            reports.append(store.report(summary.id))
        except ClaimdeskError:
            continue  # a damaged snapshot is reported when that report is opened
        versions[summary.id] = summary.version
    from claimdesk.related import RelatedIndex

    related = RelatedIndex()
    for report in reports:
        if not keep_going():
            return None
        related.add_report(report)
    if on_related is not None:
        on_related(related)
    from claimdesk.checks import check_report

    findings: dict[str, list[Finding]] = {}
    try:
        # check_report against the same ``reports`` list reads the library's numbers
        # once (the first call) and gives what check_library gives, a report at a time.
        for report in reports:
            if not keep_going():
                return None
            findings[report.id] = check_report(report, reports)
    except Exception as exc:  # a broken check must not take the desk down
        raise AnalysisFailed(str(exc)) from exc
    return LibraryAnalysis(findings=findings, versions=versions, related=related)
