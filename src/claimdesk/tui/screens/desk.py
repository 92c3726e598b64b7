"""The desk: the report list beside the open report's tabs. Routing and writes only.

The widgets own their state: the library panel its rows, sort and filter; the
claims pane its table, cursor and columns; each tab its body. This screen reads
the store (from the UI thread only), hands the widgets what they show, turns
their messages into writes, and answers the keys. Background work (progress,
library checks, writes) runs in workers with stores of their own and comes back
as messages.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Header, Static, TabbedContent, TabPane

from claimdesk.errors import ClaimdeskError
from claimdesk.model import Finding, Report, Verdict
from claimdesk.tui.bindings import DESK_BINDINGS
from claimdesk.tui.state import DeskState, Place
from claimdesk.tui.text import one_line, split_marks
from claimdesk.tui.screens.desk_blind import BlindView
from claimdesk.tui.screens.desk_dialogs import DialogActions
from claimdesk.tui.screens.desk_evidence import EvidenceWork
from claimdesk.tui.screens.desk_keys import DeskKeys
from claimdesk.tui.screens.desk_steps import ReportSteps, Step
from claimdesk.tui.screens.desk_work import LibraryWork
from claimdesk.tui.screens.desk_writes import MarkWrites
from claimdesk.tui.widgets.claim_detail import RelatedLine
from claimdesk.tui.widgets.claims_pane import ClaimsPane
from claimdesk.tui.widgets.library_panel import LibraryPanel
from claimdesk.tui.widgets.report_tabs import (
    CorrectionsTab, GatesTab, OverviewTab, ProvenanceTab, ReportTabs, ReviewRecords,
)
from claimdesk.tui.writes import DeskWriter, MarkJob

if TYPE_CHECKING:
    from claimdesk.tui.app import ClaimdeskApp

TABS = ("overview", "claims", "gates", "provenance", "corrections")


class DeskScreen(BlindView, MarkWrites, LibraryWork, DialogActions, EvidenceWork, DeskKeys, ReportSteps, Screen):
    """The main screen of the review desk."""

    BINDINGS = DESK_BINDINGS
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide"), (150, "-huge")]

    app: "ClaimdeskApp"

    def __init__(self) -> None:
        super().__init__(id="desk")
        self.report: Report | None = None
        self.findings: list[Finding] = []
        self.change_token: object | None = None
        self.analysis = None  # claimdesk.analysis.LibraryAnalysis, once the library worker is done
        self.related_index = None  # claimdesk.related.RelatedIndex, or LibraryRelated in a large library
        self._related_cache: dict[tuple[str, int], list] = {}
        self._started = False
        self._polling = False
        self._undo: list[MarkJob] = []  # my marks since the desk opened, newest last
        self._undone = 0  # marks undone with z (an empty undo list then means "all undone")
        self._history: list[Step] = []
        self._writer: DeskWriter | None = None
        self._busy_noticed = False
        self._in_flight = 0  # marks submitted and not yet reported back

    # --- layout

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="≡")
        with Horizontal(id="body"):
            yield LibraryPanel(id="side", cursor_blink=self.app.cursor_blink)
            with Vertical(id="main"):
                yield Static("", id="report-heading")
                with ReportTabs(id="tabs", initial="overview"):
                    with TabPane("1 Overview", id="overview"):
                        yield OverviewTab(body_id="overview-body", classes="tab-body", id="overview-tab")
                    with TabPane("2 Claims", id="claims"):
                        yield ClaimsPane(id="claims-pane")
                    with TabPane("3 Gates", id="gates"):
                        yield GatesTab(body_id="gates-body", classes="tab-body", id="gates-tab")
                    with TabPane("4 Provenance", id="provenance"):
                        yield ProvenanceTab(body_id="provenance-body", classes="tab-body", id="provenance-tab")
                    with TabPane("5 Corrections", id="corrections"):
                        yield CorrectionsTab(body_id="corrections-body", classes="tab-body", id="corrections-tab")
        # Compact, and Ctrl+P is in the help screen, so every marking key fits 80 columns.
        yield Footer(compact=True, show_command_palette=False)

    @property
    def store(self):
        return self.app.store

    @property
    def reviewer(self) -> str:
        return self.app.reviewer

    def reviewer_label(self) -> str:
        return one_line(self.reviewer)

    @property
    def panel(self) -> LibraryPanel:
        return self.query_one(LibraryPanel)

    @property
    def pane(self) -> ClaimsPane:
        return self.query_one(ClaimsPane)

    @property
    def rows(self):
        return self.panel.rows

    @property
    def progress(self) -> dict[str, int]:
        return self.panel.progress

    @property
    def summaries(self) -> dict[str, Any]:
        return self.panel.summaries

    @property
    def active_tab(self) -> str:
        return self.query_one(TabbedContent).active

    def apply_filter(self) -> None:
        self.panel.apply_filter()

    def on_mount(self) -> None:
        self.read_blind()  # the sub-title names the reviewer and says when blind review is on
        if self.app.demo:
            self.title = "claimdesk · DEMO"
            self.sub_title = "bundled samples in a demo database, not your library · claimdesk import PATH"
        # The first page only: a large library's full listing is read by a worker after
        # the first paint (load_listing), so the first screen costs the same at any size.
        try:
            self.panel.set_head(self.store.listing_head())
        except ClaimdeskError as exc:
            self.notify(str(exc), title="Library not loaded", severity="error")
            self.panel.set_summaries([])
        report_list = self.panel.report_list
        report_list.focus()
        try:
            self.change_token = self.store.change_token()
        except ClaimdeskError:
            self.change_token = None  # the first poll reads everything and reports the error
        # Only the list is drawn first. Then: the first report, the reviewer's
        # progress (a worker), the filter's search text, the live-refresh timer.
        if report_list.rows:
            report_list.after_first_paint = self._after_first_paint
        else:
            self._show_empty()
        self.set_timer(0.5, self._after_first_paint)  # in case the list is never drawn (a tiny terminal)

    def _after_first_paint(self) -> None:
        if self._started:
            return
        self._started = True
        place = self._state().load() if self._state() else Place()
        rows = self.panel.report_list.rows
        if place.report and self._in_library(place.report):
            self.open_report(place.report, remember=False)
            if place.tab in TABS and place.tab != "overview":
                self.action_tab(place.tab)
        elif rows and self.report is None:
            self.open_report(rows[0].report_id, remember=False)
        self.load_progress()
        if self.panel.listed:
            self.load_source_counts(tuple(self.summaries))
            self.set_timer(0.2, self.panel.haystacks)  # the first keystroke is then as fast as the rest
        else:
            self.load_listing()
        self.load_library()
        self.set_interval(1.0, self.poll_changes, name="live-refresh")

    def _in_library(self, report_id: str) -> bool:
        """Whether the library holds ``report_id`` (its listing may not be read yet)."""
        if report_id in self.summaries or self.panel.listed:
            return report_id in self.summaries
        try:
            return self.store.summary(report_id) is not None  # one shard, not the library
        except ClaimdeskError:
            return False

    def _state(self) -> DeskState | None:
        path = getattr(self.app, "state_path", None)
        root = getattr(self.store, "root", None)
        return DeskState(path, root, self.reviewer) if path is not None and root is not None else None

    def _save_place(self) -> None:
        state = self._state()
        if state is not None and self.report is not None:
            state.save(Place(self.report.id, self.active_tab))

    def _show_empty(self) -> None:
        self.query_one("#report-heading", Static).update(
            Text("The library is empty. Quit and run: claimdesk import PATH")
        )

    # --- the open report

    def on_library_panel_report_chosen(self, message: LibraryPanel.ReportChosen) -> None:
        self.open_report(message.report_id)

    def open_report(self, report_id: str, *, remember: bool = True, keep_cursor: bool = False) -> None:
        try:
            report = self.store.report(report_id)
        except ClaimdeskError as exc:
            self.notify(str(exc), title="Report not opened", severity="error")
            return
        if remember and self.report is not None and self.report.id != report_id:
            self.remember_place()
        self.report = report
        try:
            self.findings = self._findings_for(report)
        except Exception as exc:  # a broken check must not hide the report
            self.findings = []
            self.notify(f"The checks failed on this report: {exc}", severity="error")
        self.panel.set_open(report_id)
        self.query_one("#report-heading", Static).update(Text(one_line(report.title) or "(untitled)", style="bold"))
        mine, others = self._read_marks()
        overview = self.query_one(OverviewTab)
        overview.set_reactive(OverviewTab.findings, tuple(self.findings))
        overview.set_reactive(OverviewTab.agreement, self._agreement(mine, others))
        overview.report = report
        self.query_one(GatesTab).report = report
        self.query_one(ProvenanceTab).report = report
        corrections = self.query_one(CorrectionsTab)
        corrections.set_reactive(CorrectionsTab.records, self._read_records())
        corrections.report = report
        self.pane.show(report, mine, others, self.findings, keep_cursor=keep_cursor)
        self.show_evidence_for(report)
        claim = self.pane.current_claim
        if claim is not None and self.related_index is None:
            self.pane.show_related(RelatedLine(claim, 0, pending="reading the library…"))
        self.refresh_bindings()
        self._save_place()

    def _read_marks(self) -> tuple[dict, dict]:
        if self.report is None:
            return {}, {}
        report_id = self.report.id
        try:
            current = self.visible_current(report_id)  # blind review hides others' marks on claims I have not marked
        except ClaimdeskError as exc:
            self.notify(str(exc), title="Marks not loaded", severity="error")
            return {}, {}
        mine, others = split_marks(current, self.reviewer)
        self.panel.note_progress(report_id, len(mine))
        return mine, others

    def _read_records(self) -> ReviewRecords:
        report_id = self.report.id if self.report is not None else None
        if report_id is None:
            return ReviewRecords()
        try:
            return ReviewRecords(self.store.corrections(report_id), self.visible_history(report_id),
                                 self.store.triage(report_id))
        except ClaimdeskError as exc:
            self.notify(str(exc), title="Corrections not loaded", severity="error")
            return ReviewRecords()

    def _agreement(self, mine: dict, others: dict):
        """Agreement on the open report's claims, when two or more reviewers marked them."""
        reviewers = {self.reviewer} if mine else set()
        reviewers.update(mark.reviewer for marks in others.values() for mark in marks)
        if self.report is None or len(reviewers) < 2:
            return None
        from claimdesk.agreement import agreement_of, ratings_from_marks

        try:
            # Over the marks I may see: in blind review, claims I have not marked do not count.
            agreement = agreement_of(ratings_from_marks(self.visible_current(self.report.id)).values())
        except ClaimdeskError:
            return None  # the marks' own loading reports the error
        if not agreement.reviewers:  # no claim shared yet: still name who marked
            agreement = replace(agreement, reviewers=tuple(sorted(reviewers)))
        return agreement

    def _marks_changed(self) -> None:
        """The open report's reviews changed (my write, another process): update what shows them."""
        mine, others = self._read_marks()
        self.pane.set_marks(mine, others, settled=self._in_flight == 0)
        self.query_one(OverviewTab).agreement = self._agreement(mine, others)
        self.query_one(CorrectionsTab).records = self._read_records()

    # --- actions

    def action_toggle_side(self) -> None:
        show = not self.query_one("#side").display
        self.set_class(show, "-show-side")
        self.set_class(not show, "-hide-side")
        if not show and self.focused is not None and self.panel in self.focused.ancestors:
            self.action_tab(self.active_tab)

    def action_filter(self) -> None:
        self.set_class(True, "-show-side")
        self.set_class(False, "-hide-side")
        filter_box = self.panel.filter_box
        # Focus now, not after the queued keys: "/" typed with a title in one
        # burst (a fast typist, a paste, a slow link) must land in the box.
        self.set_focus(filter_box)
        if self.focused is not filter_box:
            filter_box.focus()

    def action_cycle_sort(self) -> None:
        self.notify(f"Sorted by {self.panel.cycle_sort()}", timeout=2)

    def action_tab(self, tab: str) -> None:
        self.set_class(False, "-show-side")  # a list shown by / steps aside again
        self.set_class(tab == "claims", "-claims")
        self.query_one(TabbedContent).active = tab
        if tab == "claims":
            self.pane.table.focus()
            self.pane.start_clock()
        else:
            self.query_one(f"#{tab} .tab-body").focus()
        self.refresh_bindings()
        self._save_place()

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        if self.active_tab == "claims" and not self.has_class("-claims"):
            self.pane.start_clock()  # shown by a click on the tab
        self.set_class(self.active_tab == "claims", "-claims")
        self.set_class(False, "-show-side")
        self.refresh_bindings()
        self._save_place()

    def action_mark(self, verdict: str) -> None:
        chosen = Verdict(verdict)
        claim = self.pane.current_claim
        # Withdrawing needs a mark of mine (one still on its way to the store counts): otherwise
        # a 'cleared' record would claim a withdrawal that never happened (as `claimdesk mark`,
        # which asks the store's holds_mark; the pane's marks are the store's plus those in flight).
        if chosen is Verdict.CLEARED and claim is not None and self.pane.my_mark(claim) is None:
            self.notify(f"Nothing to withdraw: you have not marked claim {claim}.", timeout=3)
            return
        self.pane.request_mark(chosen)

    def action_detail_down(self) -> None:
        self.pane.page_detail(1)

    def action_detail_up(self) -> None:
        self.pane.page_detail(-1)

    async def action_quit(self) -> None:
        self._save_place()
        self.app.exit()
