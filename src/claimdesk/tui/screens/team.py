"""The team view: how far reviewers agree, who marked how much, and where they disagree.

Everything here reads every reviewed report's marks, so a thread does it with
a store of its own (each report's marks are read once and shared by the
agreement, the conflicts and the counts). Enter on a conflict opens that report
at that claim; the view is read again when the database changes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static
from textual.worker import get_current_worker

from claimdesk.errors import ClaimdeskError
from claimdesk.tui.text import VERDICT_STYLE_BY_VALUE, one_line, plain

# A table row costs the screen time to build; past this many conflicts the
# view shows the first ones and says where the full list is.
MAX_ROWS = 1000


class _SharedReads:
    """A store whose ``current_marks`` are read once per report, so the agreement,
    the conflicts and the counts over one library cost one pass over the marks."""

    def __init__(self, store) -> None:
        self._store = store
        self._marks: dict[str, Any] = {}

    def current_marks(self, report_id: str):
        if report_id not in self._marks:
            self._marks[report_id] = self._store.current_marks(report_id)
        return self._marks[report_id]

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)


def team_figures(store, viewer: str | None = None) -> dict[str, Any]:
    """Agreement (claimdesk.agreement), conflicts, per-reviewer counts and pace over the library.

    ``viewer``: blind review is on for this reviewer, so conflicts show only on
    claims they have marked (claimdesk.blind, as ``claimdesk conflicts``).
    """
    from claimdesk.library_agreement import agreement_summary, reviewed_report_ids
    from claimdesk.conflicts import library_conflicts
    from claimdesk.pace import claim_times, pace_in_order

    shared = _SharedReads(store)
    summary = agreement_summary(shared)
    # One pass over the review files, one at a time, for the counts, the conflicts and the pace.
    library_ids = reviewed_report_ids(shared)
    in_library = set(library_ids)
    reviewed = store.reviewed_ids()
    times = {}
    for group in store.in_review_file_order(reviewed):
        for rid in group:
            if rid in in_library:
                shared.current_marks(rid)
            times[rid] = claim_times(store.marks(rid))
    conflicts = library_conflicts(shared, viewer=viewer)
    marks: Counter[str] = Counter()
    reports: dict[str, set[str]] = {}
    for report_id in library_ids:
        for (_, reviewer), mark in shared.current_marks(report_id).items():
            marks[reviewer] += 1
            reports.setdefault(reviewer, set()).add(report_id)
    in_conflict: Counter[str] = Counter(m.reviewer for c in conflicts for m in c.marks)
    reviewers = [
        {"reviewer": name, "marks": marks[name], "reports": len(reports[name]), "conflicts": in_conflict[name]}
        for name in sorted(marks)
    ]
    titles = {s.id: s.title for s in store.summaries()}
    return {
        "summary": summary, "conflicts": conflicts, "reviewers": reviewers, "titles": titles,
        "pace": pace_in_order(reviewed, times), "blind": viewer is not None,
    }


def counted(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def summary_text(figures: dict[str, Any]) -> Text:
    """Overall agreement, each pair of reviewers, each reviewer's counts and pace (the box
    above the conflicts, which scrolls when there are many reviewers)."""
    from claimdesk.agreement import COHEN, format_kappa, format_percent

    summary = figures["summary"]
    overall = summary["overall"]
    text = Text()
    text.append("Agreement  ", style="bold")
    if not overall["claims"]:
        text.append("no claim has marks from two or more reviewers", style="dim")
    else:
        method = "Cohen's κ" if overall["method"] == COHEN else "Fleiss' κ"
        text.append(
            f"{counted(overall['claims'], 'shared claim')} in {counted(len(summary['reports']), 'report')}: "
            f"{format_percent(overall['percent'])} agree, {method} {format_kappa(overall['kappa'])}"
        )
        for pair in summary["pairs"]:
            text.append(f"\n  {one_line(pair['a'])} / {one_line(pair['b'])}: ")
            text.append(
                f"{pair['claims']} shared, {format_percent(pair['percent'])} agree, "
                f"Cohen's κ {format_kappa(pair['kappa'])}"
            )
    text.append("\nReviewers  ", style="bold")
    if not figures["reviewers"]:
        text.append("no marks yet", style="dim")
    for position, row in enumerate(figures["reviewers"]):
        if position:
            text.append(" · ")
        text.append(one_line(row["reviewer"]), style="bold")
        text.append(
            f" {counted(row['marks'], 'mark')} in {counted(row['reports'], 'report')}, {row['conflicts']} in conflict"
        )
    text.append_text(pace_text(figures.get("pace")))
    return text


def conflicts_text(figures: dict[str, Any]) -> Text:
    """How many conflicts, over their table: on a line of its own, never scrolled out of sight."""
    total = len(figures["conflicts"])
    text = Text(f"Conflicts  {total}", style="bold")
    if total > MAX_ROWS:
        text.append(f"  (the first {MAX_ROWS:,} below; claimdesk conflicts lists every one)", style="dim")
    elif total:
        text.append("  (Enter opens the report at the claim; a new mark resolves one)", style="dim")
    if figures.get("blind"):
        text.append("  blind review: only claims you have marked", style="dim")
    return text


def pace_text(pace) -> Text:
    """Claims per hour and median time per claim per reviewer, and how long a report takes."""
    from claimdesk.pace import format_duration

    text = Text("\nPace  ", style="bold")
    if pace is None or not pace.timed:
        text.append("no marks with time recorded yet (the desk records it; the command line does not)", style="dim")
        return text
    for position, row in enumerate(pace.reviewers):
        if position:
            text.append(" · ")
        text.append(one_line(row.reviewer), style="bold")
        per_hour = "—" if row.claims_per_hour is None else f"{row.claims_per_hour:.0f}"
        text.append(f" {per_hour} claims/h, median {format_duration(row.median_seconds)} per claim")
    text.append(f"\n  a report takes a reviewer {format_duration(pace.median_report_seconds)} "
                f"(median of {counted(len(pace.reports), 'timed report review')})")
    return text


def verdicts_cell(conflict) -> Text:
    cell = Text()
    for mark in conflict.marks:
        if cell:
            cell.append(" ")
        value = mark.verdict.value if hasattr(mark.verdict, "value") else str(mark.verdict)
        cell.append(f"{one_line(mark.reviewer)[:10]}:")
        cell.append(value, style=VERDICT_STYLE_BY_VALUE.get(value, ""))
    cell.no_wrap, cell.overflow = True, "ellipsis"  # cut to the column with "…", never mid-word unmarked
    return cell


def conflict_detail(conflict, title: str) -> Text:
    """The claim and every reviewer's verdict and note, in full."""
    text = Text()
    text.append(f"{one_line(title) or conflict.report_id}", style="bold")
    text.append(f"  claim {conflict.claim}: ", style="bold")
    text.append(plain(conflict.claim_text) or "—")
    for mark in conflict.marks:
        value = mark.verdict.value if hasattr(mark.verdict, "value") else str(mark.verdict)
        text.append(f"\n{one_line(mark.reviewer)}: ", style="bold")
        text.append(value, style=VERDICT_STYLE_BY_VALUE.get(value, ""))
        if mark.note:
            text.append(f"  {one_line(mark.note)}", style="italic")
    return text


class TeamScreen(Screen):
    """Agreement, reviewers and conflicts across the library. Returns (report id, claim) or None."""

    BINDINGS = [
        Binding("escape,6", "close", "Back", id="team-close"),
        Binding("q", "app.quit", "Quit", id="team-quit"),
    ]

    def __init__(self, store_factory: Callable[[], Any], reviewer: str) -> None:
        super().__init__(id="team")
        self._store_factory = store_factory
        self.reviewer = reviewer
        self.figures: dict[str, Any] | None = None
        self._token: object | None = None

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="≡")
        with VerticalScroll(id="team-summary"):
            yield Static(Text("Reading every reviewer's marks…", style="dim"), id="team-summary-body")
        yield Static("", id="team-conflicts")
        yield DataTable(id="conflicts-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="conflict-detail")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.sub_title = "team: agreement, conflicts and pace"
        table = self.query_one("#conflicts-table", DataTable)
        wide = self.app.size.width >= 120
        table.add_column("Report", key="report", width=28 if wide else 16)
        table.add_column("#", key="claim", width=3)
        table.add_column("Verdicts", key="verdicts", width=40 if wide else 30)
        table.add_column("Claim", key="text", width=max(10, self.app.size.width - (28 if wide else 16) - (40 if wide else 30) - 14))
        table.focus()
        self.load()
        self.set_interval(2.0, self._reload_if_changed, name="team-refresh")

    @work(thread=True, exclusive=True, group="team")
    def load(self) -> None:
        worker = get_current_worker()
        try:
            store = self._store_factory()
            token = store.change_token()
            figures = team_figures(store, viewer=self.reviewer if store.settings().blind else None)
        except ClaimdeskError as exc:
            self.app.call_from_thread(self.notify, str(exc), title="Team view not loaded", severity="error")
            return
        if not worker.is_cancelled:
            self.app.call_from_thread(self._show, figures, token)

    def _reload_if_changed(self) -> None:
        if self.figures is None or any(w.group == "team" and w.is_running for w in self.workers):
            return  # still loading: the next check catches what changed meanwhile
        try:
            token = self.app.store.change_token()
        except ClaimdeskError:
            return
        if token != self._token:
            self.load()

    def _show(self, figures: dict[str, Any], token: object) -> None:
        self.figures = figures
        self._token = token
        self.query_one("#team-summary-body", Static).update(summary_text(figures))
        self.query_one("#team-conflicts", Static).update(conflicts_text(figures))
        table = self.query_one("#conflicts-table", DataTable)
        cursor = table.cursor_row
        table.clear()
        for position, conflict in enumerate(figures["conflicts"][:MAX_ROWS]):
            title = figures["titles"].get(conflict.report_id) or conflict.report_id
            table.add_row(
                Text(one_line(title), no_wrap=True, overflow="ellipsis"),
                Text(str(conflict.claim)),
                verdicts_cell(conflict),
                Text(one_line(conflict.claim_text), no_wrap=True, overflow="ellipsis"),
                key=str(position),
            )
        if table.row_count:
            table.move_cursor(row=min(max(cursor, 0), table.row_count - 1), animate=False)
        self._show_detail()

    def _selected(self):
        if not self.figures or not self.figures["conflicts"]:
            return None
        row = self.query_one("#conflicts-table", DataTable).cursor_row
        conflicts = self.figures["conflicts"]
        return conflicts[row] if 0 <= row < len(conflicts) else None

    def _show_detail(self) -> None:
        detail = self.query_one("#conflict-detail", Static)
        conflict = self._selected()
        if conflict is None:
            detail.update(Text("No conflicts: every shared claim has one verdict.", style="dim") if self.figures else "")
            return
        detail.update(conflict_detail(conflict, self.figures["titles"].get(conflict.report_id, "")))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_detail()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        conflict = self._selected()
        if conflict is not None:
            self.dismiss((conflict.report_id, conflict.claim))

    def action_close(self) -> None:
        self.dismiss(None)
