"""The desk's background work and live refresh, as a part of the desk screen.

Workers (a thread each, with a store of their own) read the reviewer's progress
and run claimdesk.analysis over the library; what they find comes back as
messages. A timer asks the store what changed, so other processes' marks and
imports appear without a restart; more than BULK_CHANGE changed reports at
once (an import, a merge) reads everything again.
"""

from __future__ import annotations

import gc
import time

from textual import work
from textual.message import Message
from textual.worker import get_current_worker

from claimdesk.errors import ClaimdeskError
from claimdesk.model import Finding, Report
from claimdesk.tui.widgets.claim_detail import RelatedLine
from claimdesk.tui.widgets.claims_pane import ClaimsPane
from claimdesk.tui.widgets.report_tabs import OverviewTab

# While a key came in within TYPING_PAUSE seconds, background work runs in
# slices of WORK_SLICE seconds with REST seconds between them.
TYPING_PAUSE = 0.4
WORK_SLICE = 0.01
REST = 0.04
# More changed reports than this at once: read the whole library again.
BULK_CHANGE = 200
# Library shards the related-claims look-up keeps parsed, of 64 (each about 3 MB at 100,000
# reports): a quarter, so the look-ups hold about 50 MB there, and a look-up whose candidates
# are spread over many shards parses some again (in its worker).
LOOKUP_SHARDS = 16


class LibraryWork:
    """Mixed into DeskScreen: everything that reads the library in the background or polls it."""

    class ProgressLoaded(Message):
        def __init__(self, progress: dict[str, int]) -> None:
            self.progress = progress
            super().__init__()

    class ListingLoaded(Message):
        def __init__(self, listed) -> None:
            self.listed = listed  # claimdesk.tui.widgets.library_panel.Listed
            super().__init__()

    class RelatedReady(Message):
        """Related claims can be looked up: in ``index`` (claimdesk.related.RelatedIndex), or,
        when None, on demand in the library (its subject postings are current)."""

        def __init__(self, index) -> None:
            self.index = index
            super().__init__()

    class RelatedFound(Message):
        def __init__(self, index, report_id: str, claim: int, found: list) -> None:
            self.index = index  # what was asked: an answer from an index since replaced is dropped
            self.report_id = report_id
            self.claim = claim
            self.found = found  # claimdesk.related.RelatedClaim, best first
            super().__init__()

    class AnalysisReady(Message):
        def __init__(self, analysis) -> None:
            self.analysis = analysis  # claimdesk.analysis.LibraryAnalysis
            super().__init__()

    class WorkerProblem(Message):
        def __init__(self, title: str, message: str) -> None:
            self.title = title
            self.message = message
            super().__init__()

    # --- background work

    def _worker_store(self):
        """A store of its own for a worker thread: the desk's store stays on the UI thread."""
        return type(self.store)(self.store.root)

    @work(thread=True, exclusive=True, group="progress")
    def load_progress(self) -> None:
        """Read the reviewer's progress after the first paint (it walks every mark)."""
        try:
            progress = self._worker_store().progress(self.reviewer)
        except ClaimdeskError as exc:
            self.post_message(self.WorkerProblem("Progress not loaded", str(exc)))
            return
        self.post_message(self.ProgressLoaded(progress))

    def load_listing(self) -> None:
        """Every report for the side panel, read and made ready off the UI thread."""
        self._read_listing(self.panel.sort, dict(self.panel.progress))  # the panel's state, read here

    @work(thread=True, exclusive=True, group="listing")
    def _read_listing(self, sort: str, progress: dict[str, int]) -> None:
        from claimdesk.tui.widgets.library_panel import Listed

        worker = get_current_worker()
        try:
            summaries = self._worker_store().summaries()
        except ClaimdeskError as exc:
            self.post_message(self.WorkerProblem("Library not listed", str(exc)))
            return
        listed = Listed(summaries, sort, progress)
        if not worker.is_cancelled:
            self.post_message(self.ListingLoaded(listed))

    def on_library_work_listing_loaded(self, message: ListingLoaded) -> None:
        self.panel.take_listing(message.listed)
        # Every row of a large library lives as long as the list: out of the cyclic collector's
        # generations, a collection no longer walks them (at 100,000 reports each full pass
        # cost tens of milliseconds in the middle of a keystroke). They hold no cycles, so
        # reference counting still frees them when the list is replaced.
        gc.freeze()
        report = self.report
        if report is not None and report.id not in self.summaries:
            self.panel.set_open(None)  # removed from the library: the list no longer marks it
        elif report is not None:
            self.panel.set_open(report.id)
        if report is None and self.panel.report_list.rows:
            self.open_report(self.panel.report_list.rows[0].report_id, remember=False)
        self.load_source_counts(tuple(self.summaries))

    @work(thread=True, exclusive=True, group="library")
    def load_library(self) -> None:
        """Related claims and findings with numbers compared across the library (claimdesk.analysis).

        Python threads share one interpreter lock, so the thread steps aside while
        the reviewer is typing (see ``_keep_going``) and keystrokes keep their speed.
        What it keeps is bounded whatever the library's size: a findings count per
        report, and an index of every claim only up to RELATED_INDEX_LIMIT reports;
        beyond, related claims are looked up on demand (claimdesk.related.LibraryRelated)
        once the subject postings they read are current (a database made before them
        builds them here, once, off the UI thread).
        """
        from claimdesk.analysis import RELATED_INDEX_LIMIT, AnalysisFailed, analyse_library

        worker = get_current_worker()
        pace = [time.monotonic()]  # when the current slice of work began

        def keep_going() -> bool:
            now = time.monotonic()
            if now - pace[0] >= WORK_SLICE:
                # While the reviewer types, step aside until the keys stop: each slice of work
                # would delay the next keystroke's frame (at 100,000 reports the filter needs
                # the whole interpreter for its few tens of milliseconds).
                while time.monotonic() - self.app.last_key_at < TYPING_PAUSE and not worker.is_cancelled:
                    time.sleep(REST)
                pace[0] = time.monotonic()
            return not worker.is_cancelled

        # Known to be large: look-ups on demand from the start. Otherwise the pass itself
        # hands over to them once it has read more than the limit (the list may not hold
        # every report yet).
        whole = max(len(self.summaries), self.panel.total) <= RELATED_INDEX_LIMIT  # the list may be its first page

        def related_ready(index) -> None:
            if index is None:  # the look-up reads the subject postings: make them current here
                store.ensure_subject_index()
            self.post_message(self.RelatedReady(index))

        try:
            store = self._worker_store()
            if not whole:
                related_ready(None)  # a large library: look-ups start now, not after the whole pass
            analysis = analyse_library(
                store, keep_going, on_related=related_ready if whole else None, related_limit=RELATED_INDEX_LIMIT
            )
        except ClaimdeskError as exc:
            self.post_message(self.WorkerProblem("Library checks not run", str(exc)))
            return
        except AnalysisFailed as exc:
            self.post_message(self.WorkerProblem("Library checks failed", f"The library checks failed: {exc}"))
            return
        if analysis is not None and not worker.is_cancelled:
            self.post_message(self.AnalysisReady(analysis))

    def on_library_work_worker_problem(self, message: WorkerProblem) -> None:
        self.notify(message.message, title=message.title, severity="error")

    def on_library_work_progress_loaded(self, message: ProgressLoaded) -> None:
        self.panel.set_progress(message.progress)

    def on_library_work_related_ready(self, message: RelatedReady) -> None:
        from claimdesk.related import LibraryRelated

        # The on-demand look-up gets a store of its own (it runs in a worker: find_related),
        # which keeps few library shards parsed: look-ups reach rows all over the library.
        if message.index is None:
            store = type(self.store)(self.store.root, shard_cache=LOOKUP_SHARDS)
            self.related_index = LibraryRelated(store)
        else:
            self.related_index = message.index
        self._related_cache = {}
        self.pane.forget_related()
        claim = self.pane.current_claim
        if self.report is not None and claim is not None:
            self._look_up_related(self.report.id, claim)

    def on_library_work_analysis_ready(self, message: AnalysisReady) -> None:
        self.analysis = message.analysis
        self.panel.set_analysis(message.analysis)
        if self.report is not None:
            self.findings = self._findings_for(self.report)
            self.query_one(OverviewTab).findings = tuple(self.findings)
            self.pane.set_findings(self.findings)

    def _findings_for(self, report: Report) -> list[Finding]:
        """``report``'s findings with numbers compared across the library once the library is
        checked (worked out again from the figure index: the counts are all the analysis
        keeps), else its own checks."""
        summary = self.summaries.get(report.id)
        if self.analysis is not None and summary is not None:
            if self.analysis.count_for(report.id, summary.version) is not None:
                from claimdesk.analysis import report_findings

                return report_findings(self.store, report)
        from claimdesk.checks import check_report

        return list(check_report(report))

    # --- related claims

    def on_claims_pane_claim_rested(self, message: ClaimsPane.ClaimRested) -> None:
        self._look_up_related(message.report_id, message.claim)

    def _related(self, report_id: str, claim: int) -> list:
        """The related claims, from the look-ups already made or worked out now (the r key)."""
        key = (report_id, claim)
        if key not in self._related_cache:
            self._related_cache[key] = self.related_index.related(report_id, claim)
        return self._related_cache[key]

    @work(thread=True, exclusive=True, group="related")
    def find_related(self, index, report_id: str, claim: int) -> None:
        """One look-up off the UI thread: in a large library it reads the candidate reports."""
        from claimdesk.related import LibraryRelated

        worker = get_current_worker()
        try:
            if isinstance(index, LibraryRelated):  # the cursor moved on meanwhile: skip the reading
                found = index.related(report_id, claim, wanted=lambda: not worker.is_cancelled)
            else:
                found = index.related(report_id, claim)
        except ClaimdeskError:
            found = []  # the library could not be read: the open report says so when it is read
        if not worker.is_cancelled:
            self.post_message(self.RelatedFound(index, report_id, claim, found))

    def on_library_work_related_found(self, message: RelatedFound) -> None:
        if message.index is not self.related_index:
            return
        self._related_cache[(message.report_id, message.claim)] = message.found
        self._show_related(message.report_id, message.claim, message.found)

    def _look_up_related(self, report_id: str, claim: int) -> None:
        if self.report is None or self.report.id != report_id:
            return
        if self.related_index is None:
            self.pane.show_related(RelatedLine(claim, 0, pending="reading the library…"))
            return
        found = self._related_cache.get((report_id, claim))
        if found is None:
            self.find_related(self.related_index, report_id, claim)  # the line says "looking…" meanwhile
            return
        self._show_related(report_id, claim, found)

    def _show_related(self, report_id: str, claim: int, found: list) -> None:
        if self.report is None or self.report.id != report_id:
            return
        if not found:
            self.pane.show_related(RelatedLine(claim, 0))
            return
        best = found[0]
        summary = self.summaries.get(best.report_id)
        try:
            current = self.visible_current(best.report_id)
        except ClaimdeskError:
            current = {}
        marks = {who: m.verdict.value for (number, who), m in current.items() if number == best.claim}
        title = summary.title if summary is not None else best.report_id
        self.pane.show_related(RelatedLine(claim, len(found), best.score, title, best.claim, marks))

    # --- live refresh

    def poll_changes(self) -> None:
        """Show other processes' work: ask the store what changed since last time."""
        if self._polling:
            return
        self._polling = True
        try:
            self._poll()
        finally:
            self._polling = False

    def _poll(self) -> None:
        try:
            token, changed = self.store.changed_since(self.change_token)
        except ClaimdeskError as exc:
            self.notify(str(exc), title="Live refresh failed", severity="error")
            return
        self.change_token = token
        if self.blind_changed() and self.report is not None:
            self._marks_changed()  # blind review turned on or off in another terminal
        if not changed:
            return
        if len(changed) > BULK_CHANGE:
            # An import or a merge, or the change log was replaced: read everything afresh.
            self._reload_library(changed, everything=True)
            self.load_progress()
            return
        reopened = self._reload_library(changed)
        for report_id in changed:
            if self.report is not None and report_id == self.report.id:
                if not reopened:
                    self._marks_changed()
            elif report_id in self.summaries:
                self.panel.note_progress(report_id, self._count_mine(report_id))

    def _reload_library(self, changed: set[str], everything: bool = False) -> bool:
        """Pick up reports another process imported (new ones, new versions).

        Returns True when the open report was reopened because its snapshot changed.
        """
        if not everything:
            stale = False
            for report_id in changed:
                known = self.summaries.get(report_id)
                if known is None and not self.panel.listed:
                    continue  # beyond the first page: the listing being read will show it
                try:
                    fresh = self.store.summary(report_id)
                except ClaimdeskError:
                    return False  # reported by the next read; keep what is shown
                if fresh is not None and (known is None or fresh.version != known.version):
                    stale = True
                    break
            if not stale:
                return False
        self.load_listing()  # the list is swapped in when the worker has read it
        self.load_library()  # new reports and versions change what the numbers are compared with
        report = self.report
        if report is not None and (everything or report.id in changed):
            try:
                still_there = self.store.summary(report.id) is not None
            except ClaimdeskError:
                return False
            if still_there:
                self.open_report(report.id, remember=False, keep_cursor=True)
                return True
        return False
