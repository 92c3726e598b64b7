"""The desk: the report list beside the open report's five tabs.

Before the first paint the screen reads only the library index
(``store.summaries()``); the reviewer's progress is read by a worker after
mount, and the open report is loaded when it is chosen. A one-second timer asks
the store what changed, so other reviewers' marks appear without a restart.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import work
from textual.worker import get_current_worker
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.reactive import reactive
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import DataTable, Footer, Header, Input, Static, TabbedContent, TabPane

from claimdesk.errors import ClaimdeskError
from claimdesk.model import Finding, Mark, Report, Verdict
from claimdesk.tui.bindings import DESK_BINDINGS
from claimdesk.tui.text import (
    corrections_text,
    gates_text,
    one_line,
    others_cell,
    overview_text,
    plain,
    provenance_text,
    marks_text,
    split_marks,
    verdict_cell,
)
from claimdesk.tui.widgets.report_list import ReportList, Row, match_indices, rank_matches

if TYPE_CHECKING:
    from claimdesk.tui.app import ClaimdeskApp

TABS = ("overview", "claims", "gates", "provenance", "corrections")
SORTS = ("newest", "review score", "findings", "least reviewed")
CLAIM_ACTIONS = {"mark", "edit_note", "related"}
# While a key came in within TYPING_PAUSE seconds, background work runs in
# slices of WORK_SLICE seconds with REST seconds between them.
TYPING_PAUSE = 0.4
# Related claims of the claim under the cursor are looked up once it rests this long.
RELATED_DELAY = 0.15
WORK_SLICE = 0.01
REST = 0.04
REPORT_ACTIONS = {"correction", "triage"}


class FilterInput(Input):
    """The side panel's filter box; Escape goes back to the list.

    The list is narrowed in the value watcher, while the key is handled, so the
    box and the list change in the same frame (waiting for the bubbled
    ``Input.Changed`` costs a second frame per keystroke).
    """

    BINDINGS = [Binding("escape", "leave", "Back", id="filter-leave")]

    def watch_value(self, value: str) -> None:
        if self.is_mounted:
            self.screen.apply_filter()

    def action_leave(self) -> None:
        self.screen.query_one(ReportList).focus()


class SideStatus(Widget):
    """Counts and sort order under the list. Fixed size, so an update never re-lays the screen."""

    text: reactive[Text] = reactive(Text, layout=False)

    def render(self) -> Text:
        return self.text


class ClaimsTable(DataTable):
    """The open report's claims; marking keys live on the desk screen."""

    def on_resize(self) -> None:
        if self.size.width:
            self.screen.fit_claim_column(self.size.width)


class DeskScreen(Screen):
    """The main screen of the review desk."""

    BINDINGS = DESK_BINDINGS
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide"), (150, "-huge")]

    app: "ClaimdeskApp"

    def __init__(self) -> None:
        super().__init__(id="desk")
        self.rows: list[Row] = []  # every report, in the current sort order
        self.summaries: dict[str, Any] = {}
        self.progress: dict[str, int] = {}
        self.sort_index = 0
        self.report: Report | None = None
        self.findings: list[Finding] = []
        self.my_marks: dict[int, Mark] = {}
        self.others_marks: dict[int, list[Mark]] = {}
        self.change_token: object | None = None
        self._claim_width = 40
        self._polling = threading.Lock()
        self._started = False
        self._haystack_cache: tuple[list[Row], list[str], list[int]] | None = None
        # Findings with numbers compared across the whole library, and the
        # version of each report they were worked out for (None until the
        # library worker is done; until then the open report is checked alone).
        self.library_findings: dict[str, list[Finding]] | None = None
        self._library_versions: dict[str, int] = {}
        self.related_index = None  # claimdesk.related.RelatedIndex, built by the library worker
        self._related_cache: dict[tuple[str, int], list] = {}
        self._related_timer = None
        self._related_pending: tuple[str, int | None] | None = None  # what the timer will look up
        self._last_filter: tuple[str, list[int]] | None = None

    # --- layout

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="≡")
        with Horizontal(id="body"):
            with Vertical(id="side"):
                filter_box = FilterInput(placeholder="/ filter reports", id="filter")
                filter_box.cursor_blink = self.app.cursor_blink
                yield filter_box
                yield ReportList(progress=self._progress_of, id="reports")
                yield SideStatus(id="side-status")
            with Vertical(id="main"):
                yield Static("", id="report-heading")
                with TabbedContent(id="tabs", initial="overview"):
                    with TabPane("1 Overview", id="overview"):
                        with VerticalScroll(classes="tab-body"):
                            yield Static("", id="overview-body")
                    with TabPane("2 Claims", id="claims"):
                        yield ClaimsTable(id="claims-table", cursor_type="row", zebra_stripes=True)
                        yield Static("", id="claim-detail")
                    with TabPane("3 Gates", id="gates"):
                        with VerticalScroll(classes="tab-body"):
                            yield Static("", id="gates-body")
                    with TabPane("4 Provenance", id="provenance"):
                        with VerticalScroll(classes="tab-body"):
                            yield Static("", id="provenance-body")
                    with TabPane("5 Corrections", id="corrections"):
                        with VerticalScroll(classes="tab-body"):
                            yield Static("", id="corrections-body")
        # Compact, and Ctrl+P is in the help screen, so every marking key fits 80 columns.
        yield Footer(compact=True, show_command_palette=False)

    @property
    def store(self):
        return self.app.store

    @property
    def reviewer(self) -> str:
        return self.app.reviewer

    def _locked(self, call: Callable[[], Any]) -> Any:
        with self.app.store_lock:
            return call()

    def on_mount(self) -> None:
        self.sub_title = f"reviewer: {one_line(self.reviewer)}"
        table = self.query_one(ClaimsTable)
        self._claim_width = self._claim_column_width()
        for label, key, width in self._columns():
            table.add_column(label, key=key, width=width)
        try:
            summaries = self._locked(self.store.summaries)
        except ClaimdeskError as exc:
            self.notify(str(exc), title="Library not loaded", severity="error")
            summaries = []
        self.summaries = {s.id: s for s in summaries}
        self._all_rows = [Row(s) for s in summaries]
        self._sort_and_show()
        report_list = self.query_one(ReportList)
        report_list.focus()
        try:
            self.change_token = self._locked(self.store.change_token)
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
        rows = self.query_one(ReportList).rows
        if rows and self.report is None:
            self.open_report(rows[0].report_id)
        self.load_progress()
        self.load_library()
        self.set_timer(0.2, self._prepare_filter)
        self.set_interval(1.0, self.poll_changes, name="live-refresh")

    def _prepare_filter(self) -> None:
        """Work out every row's search text now, so the first keystroke is as fast as the rest."""
        self._haystacks()

    def _claim_column_width(self, table_width: int | None = None) -> int:
        """The claim text gets whatever the other columns leave."""
        if not table_width:
            main = self.query_one("#main").size.width or (self.app.size.width - 26)
            table_width = main
        fixed = sum(width for _, key, width in self._columns() if key != "claim")
        padding = 2 * len(self._columns()) + 2  # cell padding and the scroll bar
        return max(12, table_width - fixed - padding)

    def _columns(self) -> list[tuple[str, str, int]]:
        return [
            ("#", "n", 3),
            ("Claim", "claim", self._claim_width),
            ("Report", "verified", 6),
            ("Mine", "mine", 12),
            ("Others", "others", 14 if self.app.size.width >= 120 else 10),
        ]

    def fit_claim_column(self, table_width: int) -> None:
        """Called when the claims table is resized (the side panel or the terminal changed)."""
        width = self._claim_column_width(table_width)
        table = self.query_one(ClaimsTable)
        changed = False
        for label, key, wanted in self._columns():
            if key == "claim":
                wanted = width
            column = table.columns.get(key)  # type: ignore[call-overload]
            if column is not None and column.width != wanted:
                column.width = wanted
                changed = True
        if changed:
            self._claim_width = width
            self._fill_claims(keep_cursor=True)

    # --- side panel

    def _progress_of(self, report_id: str) -> int:
        return self.progress.get(report_id, 0)

    @work(thread=True, exclusive=True, group="progress")
    def load_progress(self) -> None:
        """Read the reviewer's progress after the first paint (it walks every mark)."""
        try:
            progress = self._worker_store().progress(self.reviewer)
        except ClaimdeskError as exc:
            self.app.call_from_thread(self.notify, str(exc), title="Progress not loaded", severity="error")
            return
        self.app.call_from_thread(self._apply_progress, progress)

    def _worker_store(self):
        """A store of its own for a worker thread, so the desk never waits on it."""
        root = getattr(self.store, "root", None)
        if root is None:
            return _Locked(self.store, self.app.store_lock)
        return type(self.store)(root)

    @work(thread=True, exclusive=True, group="library")
    def load_library(self) -> None:
        """Read every snapshot once after the first paint, for two things that need
        the whole library: the related-claims index, and the checks with numbers
        compared across reports.

        This takes seconds in a large library, so a thread does it, with a store
        of its own; the desk shows single-report findings until it is done. Python
        threads share one interpreter lock, so the thread steps aside while the
        reviewer is typing (see ``_step_aside``) and keystrokes keep their speed.
        """
        worker = get_current_worker()
        pace = [time.monotonic()]  # when the current slice of work began
        try:
            store = self._worker_store()
            summaries = store.summaries()
        except ClaimdeskError as exc:
            self.app.call_from_thread(self.notify, str(exc), title="Library checks not run", severity="error")
            return
        reports: list[Report] = []
        versions: dict[str, int] = {}
        for summary in summaries:
            if not self._step_aside(worker, pace):
                return
            try:
                reports.append(store.report(summary.id))
            except ClaimdeskError:
                continue  # a damaged snapshot is reported when that report is opened
            versions[summary.id] = summary.version
        from claimdesk.related import RelatedIndex

        related = RelatedIndex()
        for report in reports:
            if not self._step_aside(worker, pace):
                return
            related.add_report(report)
        self.app.call_from_thread(self._apply_related_index, related)
        try:
            from claimdesk.checks import check_report

            # check_report against the same ``reports`` list reads the library's
            # numbers once (the first call) and gives what check_library gives,
            # one report at a time, so the thread can step aside between reports.
            findings: dict[str, list[Finding]] = {}
            for report in reports:
                if not self._step_aside(worker, pace):
                    return
                findings[report.id] = check_report(report, reports)
        except Exception as exc:  # a broken check must not take the desk down
            self.app.call_from_thread(self.notify, f"The library checks failed: {exc}", severity="error")
            return
        if not worker.is_cancelled:
            self.app.call_from_thread(self._apply_library_findings, findings, versions)

    def _step_aside(self, worker, pace: list[float]) -> bool:
        """Called between small steps of a worker: False once it is cancelled.

        While keys are coming in, the worker works in slices of WORK_SLICE and
        sleeps REST between them, so the desk mostly has the interpreter to
        itself, yet the work still finishes while the reviewer keeps typing.
        """
        now = time.monotonic()
        if now - pace[0] >= WORK_SLICE:
            if now - self.app.last_key_at < TYPING_PAUSE:
                time.sleep(REST)
            pace[0] = time.monotonic()
        return not worker.is_cancelled

    def _apply_related_index(self, index) -> None:
        self.related_index = index
        self._related_cache = {}
        if self.query_one(TabbedContent).active == "claims":
            self._update_claim_detail()

    def _apply_library_findings(self, findings: dict[str, list[Finding]], versions: dict[str, int]) -> None:
        self.library_findings = findings
        self._library_versions = versions
        self._count_row_findings()
        if SORTS[self.sort_index] == "findings":
            self._sort_and_show()
        self.query_one(ReportList).refresh_rows()
        if self.report is not None:
            self.findings = self._findings_for(self.report)
            self._fill_overview()
            self._fill_claims(keep_cursor=True)

    def _count_row_findings(self) -> None:
        """Side-panel counts from the library's findings, for rows of the version checked."""
        library = self.library_findings
        if library is None:
            return
        for row in self._all_rows:
            if row.report_id in library and self._library_versions.get(row.report_id) == row.summary.version:
                row.library_findings = len(library[row.report_id])

    def _findings_for(self, report: Report) -> list[Finding]:
        """The library's findings for ``report`` when they are current, else its own checks."""
        summary = self.summaries.get(report.id)
        library = self.library_findings
        if (
            library is not None
            and report.id in library
            and summary is not None
            and self._library_versions.get(report.id) == summary.version
        ):
            return library[report.id]
        from claimdesk.checks import check_report

        return list(check_report(report))

    def _apply_progress(self, progress: dict[str, int]) -> None:
        self.progress.update(progress)
        if SORTS[self.sort_index] == "least reviewed":
            self._sort_and_show()
        self.query_one(ReportList).refresh_rows()

    def _sort_key(self, order: str) -> Callable[[Row], Any]:
        if order == "newest":
            return lambda r: (r.summary.published or "", r.summary.imported_at or "")
        if order == "review score":
            return lambda r: (r.summary.review_score is not None, r.summary.review_score or 0.0)
        if order == "findings":
            # Not checked yet (None) sorts after every counted report until the library worker is done.
            return lambda r: (r.findings is not None, r.findings or 0, r.summary.claims)
        progress = self.progress
        return lambda r: (
            r.summary.claims > 0,
            -(progress.get(r.report_id, 0) / r.summary.claims) if r.summary.claims else 0.0,
            r.summary.claims,
        )

    def _sort_and_show(self) -> None:
        order = SORTS[self.sort_index]
        self.rows = sorted(self._all_rows, key=self._sort_key(order), reverse=True)
        self._last_filter = None
        self.apply_filter()

    def apply_filter(self) -> None:
        """Narrow the list to the filter box's words, in one swap of the list's rows."""
        report_list = self.query_one(ReportList)
        query = self.query_one(FilterInput).value
        words = query.lower().split()
        if not words:
            shown: Sequence[Row] = self.rows
            self._last_filter = None
        else:
            haystacks, title_ends = self._haystacks()
            last = self._last_filter
            # Typing on only narrows: search the last matches, not the whole library.
            candidates = last[1] if last is not None and query.startswith(last[0]) else range(len(self.rows))
            matches = match_indices(haystacks, candidates, words)
            self._last_filter = (query, matches)
            rows = self.rows
            # Titles that start with (then hold) what was typed come first, so Enter
            # opens the report the reviewer is naming; each group keeps the sort order.
            shown = [rows[i] for i in rank_matches(haystacks, title_ends, matches, " ".join(words))]
        report_list.set_rows(shown, keep=report_list.highlighted_id or (self.report.id if self.report else None))
        self._update_side_status()

    def _haystacks(self) -> tuple[list[str], list[int]]:
        """Each row's lowercase search text and where its title ends, in list order."""
        if self._haystack_cache is None or self._haystack_cache[0] is not self.rows:
            haystacks = [row.haystack for row in self.rows]
            self._haystack_cache = (self.rows, haystacks, [h.find("\n") for h in haystacks])
        return self._haystack_cache[1], self._haystack_cache[2]

    def _update_side_status(self) -> None:
        shown = len(self.query_one(ReportList).rows)
        total = len(self.rows)
        counts = f"{shown} of {total} reports" if shown != total else f"{total} reports"
        self.query_one(SideStatus).text = Text(f"{counts}\nsorted by {SORTS[self.sort_index]}", no_wrap=True, overflow="ellipsis")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id != "filter":
            return
        rows = self.query_one(ReportList).rows
        if not rows:
            self.notify("No report matches the filter.", severity="warning")
            return
        self.open_report(rows[0].report_id)
        self.query_one(ReportList).focus()

    def on_report_list_opened(self, event: ReportList.Opened) -> None:
        self.open_report(event.report_id)

    # --- the open report

    def _show_empty(self) -> None:
        self.query_one("#report-heading", Static).update(
            Text("The library is empty. Quit and run: claimdesk import PATH")
        )

    def open_report(self, report_id: str) -> None:
        try:
            report = self._locked(lambda: self.store.report(report_id))
        except ClaimdeskError as exc:
            self.notify(str(exc), title="Report not opened", severity="error")
            return
        self.report = report
        try:
            self.findings = self._findings_for(report)
        except Exception as exc:  # a broken check must not hide the report
            self.findings = []
            self.notify(f"The checks failed on this report: {exc}", severity="error")
        report_list = self.query_one(ReportList)
        report_list.open_id = report_id
        for index, row in enumerate(report_list.rows):
            if row.report_id == report_id:
                report_list.highlighted = index
                break
        report_list.refresh_rows()
        heading = Text(one_line(report.title) or "(untitled)", style="bold")
        self.query_one("#report-heading", Static).update(heading)
        self.my_marks, self.others_marks = {}, {}
        self._reload_marks()
        self._fill_overview()
        self.query_one("#gates-body", Static).update(gates_text(report))
        self.query_one("#provenance-body", Static).update(provenance_text(report))
        for body in self.query(".tab-body"):
            body.scroll_home(animate=False)
        self._fill_claims(keep_cursor=False)
        self._fill_corrections()

    def _reload_marks(self) -> None:
        if self.report is None:
            return
        report_id = self.report.id
        try:
            current = self._locked(lambda: self.store.current_marks(report_id))
        except ClaimdeskError as exc:
            self.notify(str(exc), title="Marks not loaded", severity="error")
            return
        self.my_marks, self.others_marks = split_marks(current, self.reviewer)
        self.progress[report_id] = len(self.my_marks)

    def _fill_overview(self) -> None:
        if self.report is not None:
            self.query_one("#overview-body", Static).update(
                overview_text(self.report, self.findings, self._agreement())
            )

    def _agreement(self):
        """Agreement on the open report's claims, when two or more reviewers marked them."""
        reviewers = {self.reviewer} if self.my_marks else set()
        reviewers.update(mark.reviewer for marks in self.others_marks.values() for mark in marks)
        if self.report is None or len(reviewers) < 2:
            return None
        from claimdesk.agreement import report_agreement

        report_id = self.report.id
        try:
            agreement = self._locked(lambda: report_agreement(self.store, report_id))
        except ClaimdeskError:
            return None  # the marks' own loading reports the error
        if not agreement.reviewers:  # no claim shared yet: still name who marked
            from dataclasses import replace

            agreement = replace(agreement, reviewers=tuple(sorted(reviewers)))
        return agreement

    def _flagged(self) -> dict[int, list[Finding]]:
        from claimdesk.checks import concerned_claims

        flagged: dict[int, list[Finding]] = {}
        for finding in self.findings:
            for claim in concerned_claims(finding):
                flagged.setdefault(claim, []).append(finding)
        return flagged

    def _fill_claims(self, keep_cursor: bool) -> None:
        table = self.query_one(ClaimsTable)
        cursor = table.cursor_row if keep_cursor else 0
        table.clear()
        if self.report is None:
            return
        flagged = self._flagged()
        for claim in self.report.claims:
            number = Text(f"{claim.index}")
            if claim.index in flagged:
                number.append("⚑", style="bold red")
            verified = (
                Text("✓", style="green") if claim.verified else Text("×", style="red") if claim.verified is False else Text("?")
            )
            if claim.confidence is not None:
                verified.append(f" {claim.confidence:.2f}".replace(" 0.", " .").replace(" 1.00", " 1.0"))
            text = Text(one_line(claim.text), no_wrap=True, overflow="ellipsis")
            table.add_row(
                number,
                text,
                verified,
                verdict_cell(self.my_marks.get(claim.index)),
                others_cell(self.others_marks.get(claim.index, ())),
                key=str(claim.index),
            )
        if self.report.claims:
            table.move_cursor(row=min(cursor, len(self.report.claims) - 1), animate=False)
        self._update_claim_detail()

    def _refresh_mark_cells(self) -> None:
        """Update only the mark columns, so the cursor and scroll stay put."""
        if self.report is None:
            return
        table = self.query_one(ClaimsTable)
        for claim in self.report.claims:
            key = str(claim.index)
            table.update_cell(key, "mine", verdict_cell(self.my_marks.get(claim.index)))
            table.update_cell(key, "others", others_cell(self.others_marks.get(claim.index, ())))
        self._update_claim_detail()

    def _fill_corrections(self) -> None:
        if self.report is None:
            return
        report_id = self.report.id
        try:
            events, marks, triage = self._locked(
                lambda: (self.store.corrections(report_id), self.store.marks(report_id), self.store.triage(report_id))
            )
        except ClaimdeskError as exc:
            self.notify(str(exc), title="Corrections not loaded", severity="error")
            return
        self.query_one("#corrections-body", Static).update(corrections_text(events, marks, triage))

    def _current_claim(self) -> int | None:
        if self.report is None or not self.report.claims:
            return None
        table = self.query_one(ClaimsTable)
        row = table.cursor_row
        if row < 0 or row >= len(self.report.claims):
            return None
        return self.report.claims[row].index

    def _update_claim_detail(self) -> None:
        detail = self.query_one("#claim-detail", Static)
        if self.report is None or not self.report.claims:
            detail.update(Text("This report has no claim table.", style="dim"))
            return
        number = self._current_claim()
        claim = next((c for c in self.report.claims if c.index == number), None)
        if claim is None:
            detail.update("")
            return
        text = Text()
        text.append(f"Claim {claim.index}: ", style="bold")
        text.append(plain(claim.text))
        mine = self.my_marks.get(claim.index)
        if mine is not None and mine.note:
            text.append("\nMy note: ", style="bold")
            text.append(one_line(mine.note))
        for other in self.others_marks.get(claim.index, ()):
            if other.note:
                text.append(f"\n{one_line(other.reviewer)}: ", style="bold")
                text.append(one_line(other.note))
        # Before the findings: those are flagged in the table and listed on the Overview.
        text.append_text(self._related_line(claim.index))
        for finding in self._flagged().get(claim.index, ()):
            text.append("\n⚑ ", style="bold red")
            text.append(plain(finding.message))
        detail.update(text)

    def _look_up_related_later(self) -> None:
        """Look up related claims once the cursor rests: in a large library one
        lookup can take a good part of a frame, so holding ↓ must not pay it per row.
        A redraw of the claim the timer already waits for (the table's own
        highlight event, a live refresh) must not postpone it again."""
        key = (self.report.id, self._current_claim()) if self.report is not None else None
        if self._related_timer is not None:
            if key == self._related_pending:
                return
            self._related_timer.stop()
        self._related_pending = key
        self._related_timer = self.set_timer(RELATED_DELAY, self._look_up_related)

    def _look_up_related(self) -> None:
        self._related_timer = self._related_pending = None
        claim = self._current_claim()
        if claim is not None and self.related_index is not None:
            self._related(claim)
            self._update_claim_detail()

    def _related(self, claim: int) -> list:
        """Claims of other reports like ``claim`` of the open report (no marks), cached."""
        if self.related_index is None or self.report is None:
            return []
        key = (self.report.id, claim)
        if key not in self._related_cache:
            self._related_cache[key] = self.related_index.related(self.report.id, claim)
        return self._related_cache[key]

    def _related_line(self, claim: int) -> Text:
        """One line under the claim: how many near-twins other reports hold, and the closest."""
        if self.related_index is None:
            return Text("\n≈ related claims: reading the library…", style="dim")
        if self.report is None or (self.report.id, claim) not in self._related_cache:
            self._look_up_related_later()
            return Text("\n≈ related claims: looking…", style="dim")
        found = self._related(claim)
        if not found:
            return Text("\n≈ no related claims in other reports", style="dim")
        best = found[0]
        line = Text("\n≈ ", style="bold")
        line.append(f"{len(found)} related (r): ", style="bold")
        line.append(f"{best.score:.0f}% ")
        summary = self.summaries.get(best.report_id)
        title = one_line(summary.title if summary is not None else best.report_id)
        line.append(title if len(title) <= 32 else title[:31] + "…", style="italic")
        line.append(f" claim {best.claim} ")
        try:
            current = self._locked(lambda: self.store.current_marks(best.report_id))
        except ClaimdeskError:
            current = {}
        marks = {who: m.verdict.value for (number, who), m in current.items() if number == best.claim}
        line.append_text(marks_text(marks))
        return line

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._update_claim_detail()

    # --- actions

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in CLAIM_ACTIONS:
            if self.query_one(TabbedContent).active != "claims":
                return False
            return True if self._current_claim() is not None else None
        if action == "filter" and isinstance(self.focused, Input):
            return False  # "/" typed into the filter box is text
        if action in REPORT_ACTIONS | {"next_report", "previous_report", "next_unreviewed"}:
            return True if self.report is not None or self.rows else None
        return True

    def run_from_palette(self, action: str) -> None:
        """Palette commands work from any tab: claim actions open Claims first."""
        name = action.split("(")[0]
        if name in CLAIM_ACTIONS:
            self.action_tab("claims")
        self.call_after_refresh(self.app.run_action, action, self)

    def _side_visible(self) -> bool:
        return self.query_one("#side").display

    def action_toggle_side(self) -> None:
        show = not self._side_visible()
        self.set_class(show, "-show-side")
        self.set_class(not show, "-hide-side")
        if not show and self.focused is not None and self.query_one("#side") in self.focused.ancestors:
            self.action_tab(self.query_one(TabbedContent).active)

    def action_filter(self) -> None:
        self.set_class(True, "-show-side")
        self.set_class(False, "-hide-side")
        filter_box = self.query_one(FilterInput)
        # Focus now, not after the queued keys: "/" typed with a title in one
        # burst (a fast typist, a paste, a slow link) must land in the box.
        self.set_focus(filter_box)
        if self.focused is not filter_box:
            filter_box.focus()

    def action_cycle_sort(self) -> None:
        self.sort_index = (self.sort_index + 1) % len(SORTS)
        self._sort_and_show()
        self.notify(f"Sorted by {SORTS[self.sort_index]}", timeout=2)

    def action_tab(self, tab: str) -> None:
        self.set_class(False, "-show-side")  # a list shown by / steps aside again
        self.set_class(tab == "claims", "-claims")
        self.query_one(TabbedContent).active = tab
        if tab == "claims":
            self.query_one(ClaimsTable).focus()
        else:
            self.query_one(f"#{tab} .tab-body").focus()
        self.refresh_bindings()

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        self.set_class(self.query_one(TabbedContent).active == "claims", "-claims")
        self.set_class(False, "-show-side")
        self.refresh_bindings()

    def action_mark(self, verdict: str) -> None:
        claim = self._current_claim()
        if self.report is None or claim is None:
            return
        self._save_mark(claim, Verdict(verdict), "", advance=True)

    def _save_mark(self, claim: int, verdict: Verdict, note: str, advance: bool) -> bool:
        report_id = self.report.id
        try:
            self._locked(lambda: self.store.add_mark(report_id, claim, verdict, note, reviewer=self.reviewer))
        except ClaimdeskError as exc:
            self.notify(str(exc), title=f"Mark on claim {claim} not saved", severity="error")
            return False
        self._reload_marks()
        self._refresh_mark_cells()
        self._fill_overview()
        self._fill_corrections()
        self.query_one(ReportList).refresh_rows()
        if advance:
            table = self.query_one(ClaimsTable)
            if table.cursor_row < table.row_count - 1:
                table.move_cursor(row=table.cursor_row + 1)
        return True

    def action_edit_note(self) -> None:
        claim = self._current_claim()
        if self.report is None or claim is None:
            return
        mine = self.my_marks.get(claim)
        verdict = mine.verdict if mine is not None else Verdict.NEEDS_CHECK
        note = mine.note if mine is not None else ""

        def saved(result: str | None) -> None:
            if result is not None:
                self._save_mark(claim, verdict, result.strip(), advance=False)

        from claimdesk.tui.screens.dialogs import NoteDialog

        self.app.push_screen(NoteDialog(claim, verdict.value, note), saved)

    def action_correction(self) -> None:
        if self.report is None:
            return
        claim = self._current_claim() if self.query_one(TabbedContent).active == "claims" else None

        def filed(event) -> None:
            if event is not None:
                self.notify(f"Correction {event.event_id[:8]} filed ({event.correction_type.value}).")
                self._fill_corrections()

        from claimdesk.tui.screens.dialogs import CorrectionDialog

        self.app.push_screen(CorrectionDialog(self.report.id, claim, len(self.report.claims), self.reviewer), filed)

    def action_triage(self) -> None:
        if self.report is None:
            return
        report_id = self.report.id

        def recorded(decision) -> None:
            if decision is not None:
                self.notify(f"Triage recorded: {decision.decision.value}.")
                self._fill_corrections()

        try:
            mine = [t for t in self._locked(lambda: self.store.triage(report_id)) if t.reviewer == self.reviewer]
        except ClaimdeskError:
            mine = []
        current = mine[-1].decision.value if mine else None
        from claimdesk.tui.screens.dialogs import TriageDialog

        self.app.push_screen(TriageDialog(report_id, self.reviewer, current), recorded)

    def _step_report(self, step: int, want: Callable[[Row], bool] | None = None) -> bool:
        """Open the next report (in list order) after the open one; wrap only when searching."""
        rows = self.query_one(ReportList).rows or self.rows
        if not rows:
            return False
        ids = [row.report_id for row in rows]
        start = ids.index(self.report.id) if self.report is not None and self.report.id in ids else -1
        for offset in range(1, len(rows) + 1):
            index = start + step * offset
            if want is None and not 0 <= index < len(rows):
                return False
            row = rows[index % len(rows)]
            if want is None or want(row):
                self.open_report(row.report_id)
                return True
        return False

    def action_next_report(self) -> None:
        if not self._step_report(1):
            self.notify("This is the last report in the list.", timeout=2)

    def action_previous_report(self) -> None:
        if not self._step_report(-1):
            self.notify("This is the first report in the list.", timeout=2)

    def action_next_unreviewed(self) -> None:
        def unreviewed(row: Row) -> bool:
            return row.claims > 0 and self.progress.get(row.report_id, 0) < row.claims

        if not self._step_report(1, unreviewed):
            self.notify("Every report's claims carry your mark.", timeout=3)

    def action_team(self) -> None:
        from claimdesk.tui.screens.team import TeamScreen

        def chosen(target: tuple[str, int] | None) -> None:
            if target is not None:
                self.open_at_claim(*target)

        self.app.push_screen(TeamScreen(self._worker_store, self.reviewer), chosen)

    def action_related(self) -> None:
        claim = self._current_claim()
        if self.report is None or claim is None:
            return
        if self.related_index is None:
            self.notify("Still reading the library for related claims; try again in a moment.", timeout=3)
            return
        from claimdesk.related import related_claims
        from claimdesk.tui.screens.related import RelatedDialog

        index = self.related_index
        report_id = self.report.id
        try:
            found = self._locked(lambda: related_claims(self.store, index, report_id, claim))
        except ClaimdeskError as exc:
            self.notify(str(exc), title="Related claims not loaded", severity="error")
            return
        text = next((c.text for c in self.report.claims if c.index == claim), "")
        titles = {item.report_id: self.summaries[item.report_id].title for item in found if item.report_id in self.summaries}

        def chosen(target: tuple[str, int] | None) -> None:
            if target is not None:
                self.open_at_claim(*target)

        self.app.push_screen(RelatedDialog(report_id, claim, text, found, titles), chosen)

    def open_at_claim(self, report_id: str, claim: int) -> None:
        """Open a report on the Claims tab with the cursor on ``claim``."""
        self.open_report(report_id)
        if self.report is None or self.report.id != report_id:
            return
        self.action_tab("claims")
        for row, item in enumerate(self.report.claims):
            if item.index == claim:
                self.query_one(ClaimsTable).move_cursor(row=row, animate=False)
                break

    def action_help(self) -> None:
        from claimdesk.tui.screens.dialogs import HelpScreen

        self.app.push_screen(HelpScreen())

    async def action_quit(self) -> None:
        self.app.exit()

    # --- live refresh

    def poll_changes(self) -> None:
        """Show other processes' marks: ask the store what changed since last time."""
        if self._polling.locked():
            return
        with self._polling:
            try:
                token, changed = self._locked(lambda: self.store.changed_since(self.change_token))
            except ClaimdeskError as exc:
                self.notify(str(exc), title="Live refresh failed", severity="error")
                return
            self.change_token = token
            if not changed:
                return
            if len(changed) > 200:  # the change log was rotated or replaced: read progress afresh
                self.load_progress()
                changed = {self.report.id} if self.report is not None else set()
            reopened = self._reload_library_if_changed(changed)
            for report_id in changed:
                if self.report is not None and report_id == self.report.id:
                    if reopened:
                        continue
                    self._reload_marks()
                    self._refresh_mark_cells()
                    self._fill_overview()
                    self._fill_corrections()
                elif report_id in self.summaries:
                    try:
                        current = self._locked(lambda rid=report_id: self.store.current_marks(rid))
                    except ClaimdeskError as exc:
                        self.notify(str(exc), title="Live refresh failed", severity="error")
                        continue
                    self.progress[report_id] = sum(1 for (_, who) in current if who == self.reviewer)
            self.query_one(ReportList).refresh_rows()


    def _reload_library_if_changed(self, changed: set[str]) -> bool:
        """Pick up reports another process imported (new ones, new versions).

        Returns True when the open report was reopened because its snapshot changed.
        """
        summary_of = getattr(self.store, "summary", None)
        if summary_of is None:
            return False
        stale = False
        for report_id in changed:
            known = self.summaries.get(report_id)
            try:
                fresh = self._locked(lambda rid=report_id: summary_of(rid))
            except ClaimdeskError:
                return False  # reported by the caller's next read; keep what is shown
            if fresh is not None and (known is None or fresh.version != known.version):
                stale = True
                break
        if not stale:
            return False
        try:
            summaries = self._locked(self.store.summaries)
        except ClaimdeskError as exc:
            self.notify(str(exc), title="Library not reloaded", severity="error")
            return False
        self.summaries = {s.id: s for s in summaries}
        self._all_rows = [Row(s) for s in summaries]
        self._count_row_findings()
        self._sort_and_show()
        self.load_library()  # new reports and versions change what the numbers are compared with
        report = self.report
        if report is not None and report.id in self.summaries and report.id in changed:
            table = self.query_one(ClaimsTable)
            cursor = table.cursor_row
            self.open_report(report.id)
            if self.report is not None and self.report.claims:
                table.move_cursor(row=min(cursor, len(self.report.claims) - 1), animate=False)
            return True
        return False


class _Locked:
    """A store that has no folder of its own (a test double), entered under the app's lock."""

    def __init__(self, store, lock) -> None:
        self._store = store
        self._lock = lock

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(self._store, name)
        if not callable(attribute):
            return attribute

        def locked(*args: Any, **kwargs: Any) -> Any:
            with self._lock:
                return attribute(*args, **kwargs)

        return locked
