"""Evidence in the desk, as a part of the desk screen: passages for the open report's
claims, the passages list and the reader, fetching sources in the background.

Evidence is computed by a worker (one at a time: the source index cache is for one
thread at a time) and kept per report until sources change; the evidence pane under the
claims table only shows what it is handed, so moving the cursor costs nothing.
"""

from __future__ import annotations

from textual import work
from textual.message import Message
from textual.worker import get_current_worker

from claimdesk.model import Report
from claimdesk.tui.text import one_line
from claimdesk.tui.widgets.evidence_pane import EvidencePane

FETCH_NOTICE_SECONDS = 8
# The list's held-sources counts are read for libraries up to this size (each report is read once).
SOURCE_COUNT_LIMIT = 2000


class EvidenceWork:
    """Mixed into DeskScreen."""

    class EvidenceReady(Message):
        def __init__(self, report_id: str, evidence) -> None:
            self.report_id = report_id
            self.evidence = evidence  # claimdesk.evidence.ReportEvidence
            super().__init__()

    class EvidenceFailed(Message):
        def __init__(self, report_id: str, reason: str) -> None:
            self.report_id = report_id
            self.reason = reason
            super().__init__()

    class FetchProgress(Message):
        def __init__(self, done: int, total: int, what: str) -> None:
            self.done, self.total, self.what = done, total, what
            super().__init__()

    class FetchDone(Message):
        def __init__(self, report_ids: tuple[str, ...], summary=None, error: str | None = None) -> None:
            self.report_ids = report_ids
            self.summary = summary  # claimdesk.sources.fetch.FetchSummary
            self.error = error
            super().__init__()

    class SourceCountsReady(Message):
        def __init__(self, counts: dict) -> None:
            self.counts = counts  # report id -> claimdesk.sources.SourceCounts
            super().__init__()

    _evidence_cache: dict[str, object]
    _fetching: bool = False

    @property
    def evidence_pane(self) -> EvidencePane:
        return self.query_one(EvidencePane)

    def evidence_of(self, report_id: str):
        return self._evidence_cache_dict().get(report_id)

    def _evidence_cache_dict(self) -> dict[str, object]:
        if not hasattr(self, "_evidence_cache"):
            self._evidence_cache = {}
        return self._evidence_cache

    def show_evidence_for(self, report: Report) -> None:
        """The open report changed: show its evidence (cached) or compute it in a worker."""
        found = self.evidence_of(report.id)
        self.evidence_pane.evidence = found
        if found is None:
            self.compute_evidence(report)
        self._show_source_counts(found)

    @work(thread=True, exclusive=True, group="evidence")
    def compute_evidence(self, report: Report) -> None:
        from claimdesk.evidence import evidence_for_report

        try:
            evidence = evidence_for_report(self.store.root, report)
        except Exception as exc:  # damaged source text must not take the desk down
            self.post_message(self.EvidenceFailed(report.id, one_line(str(exc)) or type(exc).__name__))
            return
        if not get_current_worker().is_cancelled:
            self.post_message(self.EvidenceReady(report.id, evidence))

    def on_evidence_work_evidence_ready(self, message: EvidenceReady) -> None:
        self._evidence_cache_dict()[message.report_id] = message.evidence
        if self.report is not None and self.report.id == message.report_id:
            self.evidence_pane.evidence = message.evidence
            self._show_source_counts(message.evidence)
            self.refresh_bindings()

    def on_evidence_work_evidence_failed(self, message: EvidenceFailed) -> None:
        if self.report is not None and self.report.id == message.report_id:
            self.evidence_pane.pending = f"not computed: {message.reason}"

    def _show_source_counts(self, evidence) -> None:
        from claimdesk.tui.widgets.report_tabs import ProvenanceTab

        self.query_one(ProvenanceTab).sources = tuple(evidence.sources) if evidence is not None else ()
        if evidence is not None:
            from claimdesk.sources import SourceCounts

            self.panel.note_sources(evidence.report, SourceCounts.of(evidence.sources))

    @work(thread=True, exclusive=True, group="source-counts")
    def load_source_counts(self, report_ids: tuple[str, ...]) -> None:
        """How many sources each report holds, for the list (a store of its own: not the UI's)."""
        from claimdesk.errors import ClaimdeskError
        from claimdesk.sources import SourceCounts, SourceStore

        if not report_ids or len(report_ids) > SOURCE_COUNT_LIMIT:
            return
        store = self._worker_store()
        sources = SourceStore(store.root)
        worker = get_current_worker()
        counts = {}
        for report_id in report_ids:
            if worker.is_cancelled:
                return
            try:
                report = store.report(report_id)
                counts[report_id] = SourceCounts.of(sources.states(report))
            except (ClaimdeskError, OSError, ValueError):
                continue  # a report that cannot be read shows no count; opening it says why
        self.post_message(self.SourceCountsReady(counts))

    def on_evidence_work_source_counts_ready(self, message: SourceCountsReady) -> None:
        for report_id, counts in message.counts.items():
            self.panel.note_sources(report_id, counts)

    # --- the passages list and the reader

    def evidence_why_not(self, action: str) -> str | None:
        if action == "passages":
            item = self.evidence_pane.item
            if self.evidence_pane.evidence is None:
                return "The passages are still being found."
            if item is None or not item.passages:
                return "No source passage bears on this claim (F fetches the report's sources)."
        if action == "fetch_sources":
            if self.report is None:
                return "No report is open."
            if not self.report.references:
                return "This report lists no references to fetch."
            if self._fetching:
                return "A fetch is already running."
        return None

    def action_passages(self) -> None:
        item = self.evidence_pane.item
        claim = self.evidence_pane.claim
        if item is None or claim is None or not item.passages:
            return
        from claimdesk.tui.screens.reader import PassagesScreen

        def chosen(hit) -> None:
            if hit is not None:
                self.open_reader(claim, hit)

        self.app.push_screen(PassagesScreen(claim, item), chosen)

    def open_reader(self, claim, hit) -> None:
        from claimdesk.evidence.highlight import reader_view
        from claimdesk.sources import SourceStore
        from claimdesk.tui.screens.reader import ReaderScreen

        report = self.report
        if report is None or not 1 <= hit.ref <= len(report.references):
            return
        try:
            doc = SourceStore(self.store.root).document(report.references[hit.ref - 1])
        except Exception as exc:  # a damaged source file: say so, keep the desk
            self.notify(f"The source text could not be read: {one_line(str(exc))}", severity="error")
            return
        if doc is None:
            self.notify("The source text is no longer held.", severity="warning")
            return
        view = reader_view(doc, hit.start, hit.end)
        self.app.push_screen(ReaderScreen(claim, hit, view, doc.title or ""))

    # --- fetching from the desk

    def action_fetch_sources(self) -> None:
        if self.report is None:
            return
        self._fetching = True
        self.evidence_pane.pending = "fetching sources…"
        self.notify(f"Fetching the sources of “{one_line(self.report.title)[:60]}” in the background.", timeout=4)
        self.refresh_bindings()
        self.fetch_in_background((self.report,))

    @work(thread=True, exclusive=True, group="fetch")
    def fetch_in_background(self, reports: tuple[Report, ...]) -> None:
        from claimdesk.sources import fetch_sources

        ids = tuple(report.id for report in reports)
        try:
            summary = fetch_sources(
                self.store.root, list(reports),
                progress=lambda done, total, what: self.post_message(self.FetchProgress(done, total, what)),
            )
        except Exception as exc:  # whatever went wrong is one line in a notice, never a traceback
            self.post_message(self.FetchDone(ids, error=one_line(str(exc)) or type(exc).__name__))
            return
        self.post_message(self.FetchDone(ids, summary))

    def on_evidence_work_fetch_progress(self, message: FetchProgress) -> None:
        self.evidence_pane.pending = f"fetching sources {message.done}/{message.total}…"

    def on_evidence_work_fetch_done(self, message: FetchDone) -> None:
        from claimdesk.sources.fetch import ABSTRACT, HELD

        self._fetching = False
        self.evidence_pane.pending = ""
        cache = self._evidence_cache_dict()
        for report_id in message.report_ids:
            cache.pop(report_id, None)
        if message.error is not None:
            self.notify(f"The fetch stopped: {message.error}", title="Sources not fetched", severity="error")
        else:
            summary = message.summary
            held, abstract, failed = summary.count(HELD), summary.count(ABSTRACT), len(summary.failed)
            line = f"{held} held, {abstract} abstract only, {failed} failed"
            if summary.skipped:
                line += f", {summary.skipped} already held"
            reasons = [f"{one_line(item.ident)}: {one_line(item.reason)}" for item in summary.failed[:3]]
            self.notify("\n".join([line, *reasons]), title="Sources fetched",
                        severity="warning" if failed else "information", timeout=FETCH_NOTICE_SECONDS)
        if self.report is not None and self.report.id in message.report_ids:
            self.show_evidence_for(self.report)
        self.refresh_bindings()
