"""Library-wide work for the desk, without Textual: how many findings each report has
with numbers compared across every report, and one report's findings on demand.

The desk runs ``analyse_library`` in a worker thread with a store of its own and
posts the typed result as a message; nothing here touches the desk.

Memory stays bounded whatever the library's size: reports are read one at a
time and checked in batches of BATCH, each against the store's figure index
(the other reports' figures for the batch's subjects, ``ReviewStore.number_peers``),
so no more than a batch of reports is ever held, and what is kept of each is a
count for the side panel. The open report's findings are worked out again when it
is opened (``report_findings``: the report and the figure index, as
``claimdesk check ID`` does). Related claims come from an index of every claim up
to RELATED_INDEX_LIMIT reports and are looked up on demand beyond it
(``claimdesk.related.LibraryRelated``), so what is held stops growing there.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from claimdesk.errors import ClaimdeskError
from claimdesk.model import Finding, Report

BATCH = 1000  # reports held at once; each batch reads the figure index once (all its shards, at most)
# Up to this many reports the desk holds an index of every claim for related claims (about
# 48 MB at 10,000 reports): its token shortcut finds restatements in any report. Beyond, the
# look-up reads the reports sharing a subject on demand (claimdesk.related.LibraryRelated),
# which holds nothing but misses restatements in reports giving no numbers for the same model.
RELATED_INDEX_LIMIT = 10_000


@dataclass(frozen=True)
class LibraryAnalysis:
    """What the whole library says: the number of findings per report, for the version checked."""

    counts: dict[str, tuple[int, int]] = field(default_factory=dict)  # report id -> (version, findings)

    def count_for(self, report_id: str, version: int | None) -> int | None:
        """How many findings ``report_id`` has when they were counted for ``version``, else None."""
        known = self.counts.get(report_id)
        if known is not None and known[0] == version:
            return known[1]
        return None


class AnalysisFailed(Exception):
    """A check raised: the desk says so and keeps single-report findings."""


def analyse_library(
    store, keep_going: Callable[[], bool] = lambda: True,
    on_related: Callable[[object | None], None] | None = None, related_limit: int = RELATED_INDEX_LIMIT,
) -> LibraryAnalysis | None:
    """Read every snapshot once, a report at a time; None when ``keep_going`` said stop.

    ``keep_going`` is called between small steps (a worker steps aside there
    while the reviewer types, and stops when cancelled). ``on_related`` gets,
    once every report has been read, an index of every claim
    (claimdesk.related.RelatedIndex); or None as soon as more than
    ``related_limit`` reports were read, when the index is let go and related
    claims are looked up on demand (claimdesk.related.LibraryRelated).
    Raises ClaimdeskError when the library cannot be read, AnalysisFailed when a check breaks.
    """
    from claimdesk.related import RelatedIndex

    related = RelatedIndex() if on_related is not None else None
    indexed = 0
    counts: dict[str, tuple[int, int]] = {}
    versions: dict[str, int] = {}
    batch: list[Report] = []
    # A shard at a time, nothing cached: not the library's rows and summaries a second time.
    for report_id, version, report in store.each_report():
        if not keep_going():
            return None
        if report is None:
            continue  # a damaged snapshot is reported when that report is opened
        versions[report_id] = version
        if related is not None:
            indexed += 1
            if indexed > related_limit:
                related = None  # let go now, and look-ups on demand start now, not after the pass
                on_related(None)  # type: ignore[misc]
            else:
                related.add_report(report)
        batch.append(report)
        if len(batch) >= BATCH:
            _count(store, batch, versions, counts, keep_going)
            batch = []
    if batch:
        _count(store, batch, versions, counts, keep_going)
    if related is not None:
        on_related(related)  # type: ignore[misc]
    return LibraryAnalysis(counts=counts)


def report_findings(store, report: Report) -> list[Finding]:
    """``report``'s findings with its numbers compared across the library (the figure index).

    The same findings the library pass counted for it: a batch of one.
    Raises ClaimdeskError when the index cannot be read, AnalysisFailed when a check breaks.
    """
    return _check(store, [report]).get(report.id, [])


def _count(
    store, batch: list[Report], versions: dict[str, int], counts: dict[str, tuple[int, int]],
    keep_going: Callable[[], bool],
) -> None:
    # Checking a batch takes long (about a second for 1,000 reports): keep_going is called
    # between its reports too, so a keystroke never waits for a whole batch. A stop it asks
    # for is seen by the pass at its next report.
    for report_id, found in _check(store, batch, keep_going).items():
        counts[report_id] = (versions.pop(report_id), len(found))


def _check(store, batch: list[Report], between: Callable[[], object] | None = None) -> dict[str, list[Finding]]:
    """The batch's findings, numbers compared with the whole library through its figure index."""
    from claimdesk.checks import check_with_numbers

    try:
        return check_with_numbers(batch, store.number_peers(batch), between=between)
    except ClaimdeskError:
        raise
    except Exception as exc:  # a broken check must not take the desk down
        raise AnalysisFailed(str(exc)) from exc
