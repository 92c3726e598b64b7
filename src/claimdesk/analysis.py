"""Library-wide work for the desk, without Textual: findings with numbers compared
across every report, and the related-claims index.

The desk runs ``analyse_library`` in a worker thread with a store of its own and
posts the typed result as a message; nothing here touches the desk.

Memory stays bounded whatever the library's size: reports are read one at a
time and checked in batches of BATCH, each against the store's figure index
(the other reports' figures for the batch's subjects, ``ReviewStore.number_peers``),
so no more than a batch of reports is ever held.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from claimdesk.errors import ClaimdeskError
from claimdesk.model import Finding, Report

BATCH = 1000  # reports held at once; each batch reads the figure index once (all its shards, at most)


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
    """Read every snapshot once, a report at a time; None when ``keep_going`` said stop.

    ``keep_going`` is called between small steps (a worker steps aside there
    while the reviewer types, and stops when cancelled). ``on_related`` gets the
    related index once every report has been read.
    Raises ClaimdeskError when the library cannot be read, AnalysisFailed when a check breaks.
    """
    from claimdesk.related import RelatedIndex

    related = RelatedIndex()
    findings: dict[str, list[Finding]] = {}
    versions: dict[str, int] = {}
    batch: list[Report] = []
    # A shard at a time, nothing cached: not the library's rows and summaries a second time.
    for report_id, version, report in store.each_report():
        if not keep_going():
            return None
        if report is None:
            continue  # a damaged snapshot is reported when that report is opened
        versions[report_id] = version
        related.add_report(report)
        batch.append(report)
        if len(batch) >= BATCH:
            findings.update(_check(store, batch))
            batch = []
    if batch:
        findings.update(_check(store, batch))
    if on_related is not None:
        on_related(related)
    return LibraryAnalysis(findings=findings, versions=versions, related=related)


def _check(store, batch: list[Report]) -> dict[str, list[Finding]]:
    """The batch's findings, numbers compared with the whole library through its figure index."""
    from claimdesk.checks import check_with_numbers

    try:
        return check_with_numbers(batch, store.number_peers(batch))
    except ClaimdeskError:
        raise
    except Exception as exc:  # a broken check must not take the desk down
        raise AnalysisFailed(str(exc)) from exc
