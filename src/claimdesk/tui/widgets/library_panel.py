"""The side panel: the filter box, the report list and its status line.

The panel owns the rows, their sort order and the filter; it tells the screen
only which report the reviewer chose (``LibraryPanel.ReportChosen``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Input

from claimdesk.store.listing import newest_key
from claimdesk.tui.widgets.report_list import ReportList, Row, match_indices, rank_matches

SORTS = ("newest", "review score", "findings", "least reviewed")
FILTER_MEMORY = 32  # filter results kept per sort order (each a list of indices)


def sort_key(order: str, progress: dict[str, int]) -> Callable[[Row], Any]:
    """How the list is ordered (largest first) for each of ``SORTS``."""
    if order == "newest":  # the order the listing's head is cut in, so the head is the list's first page
        return lambda r: newest_key(r.summary)
    if order == "review score":
        return lambda r: (r.summary.review_score is not None, r.summary.review_score or 0.0)
    if order == "findings":
        # Not checked yet (None) sorts after every counted report until the library is checked.
        return lambda r: (r.findings is not None, r.findings or 0, r.summary.claims)
    return lambda r: (
        r.summary.claims > 0,
        -(progress.get(r.report_id, 0) / r.summary.claims) if r.summary.claims else 0.0,
        r.summary.claims,
    )


class Listed:
    """The whole library made ready for the panel off the UI thread (``prepare_listing``)."""

    __slots__ = ("summaries", "rows", "order", "ordered")

    def __init__(self, summaries: list[Any], order: str, progress: dict[str, int]) -> None:
        self.summaries = summaries  # sorted by id, as the store gives them
        self.rows = [Row(s) for s in summaries]
        for row in self.rows:
            row.haystack  # worked out here, so the first filter keystroke costs no more than the rest
        self.order = order
        self.ordered = sorted(self.rows, key=sort_key(order, progress), reverse=True)


class FilterInput(Input):
    """The filter box. ↑ ↓ move through the matches while typing; Enter opens the
    highlighted one; Escape clears the filter and returns to the list.

    The list is narrowed in the value watcher, while the key is handled, so the
    box and the list change in the same frame (waiting for the bubbled
    ``Input.Changed`` costs a second frame per keystroke).
    """

    BINDINGS = [
        Binding("escape", "leave", "Clear filter", id="filter-leave"),
        Binding("down", "move(1)", "Next match", show=False, id="filter-down"),
        Binding("up", "move(-1)", "Previous match", show=False, id="filter-up"),
        Binding("pagedown", "move(10)", "Page down", show=False, id="filter-page-down"),
        Binding("pageup", "move(-10)", "Page up", show=False, id="filter-page-up"),
    ]

    def watch_value(self, value: str) -> None:
        if self.is_mounted:
            self.panel.apply_filter()

    @property
    def panel(self) -> "LibraryPanel":
        return self.query_ancestor(LibraryPanel)

    def action_leave(self) -> None:
        self.panel.clear_filter()

    def action_move(self, step: int) -> None:
        self.panel.report_list.action_cursor(step)


class SideStatus(Widget):
    """Counts and sort order under the list. Fixed size, so an update never re-lays the screen."""

    text: reactive[Text] = reactive(Text, layout=False)

    def render(self) -> Text:
        return self.text


class LibraryPanel(Vertical):
    """Every report of the library, sorted and filtered; posts ReportChosen."""

    class ReportChosen(Message):
        def __init__(self, report_id: str) -> None:
            self.report_id = report_id
            super().__init__()

    def __init__(self, *, cursor_blink: bool = True, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.summaries: dict[str, Any] = {}
        self.progress: dict[str, int] = {}
        self.sort_index = 0
        self.rows: list[Row] = []  # every report, in the current sort order
        self._all_rows: list[Row] = []
        self.listed = True  # False while only the head of a large library is shown
        self.total = 0
        self.progress_loaded = False  # the reviewer's progress has been read (the counts are real)
        self._haystack_cache: tuple[list[Row], list[str], list[int]] | None = None
        # phrase -> (matching indices into rows, the same ranked): backspacing and typing
        # again finds the answer here, and a longer phrase searches a shorter one's matches.
        self._filtered: dict[str, tuple[list[int], list[int]]] = {}
        self._cursor_blink = cursor_blink
        self._analysis = None  # claimdesk.analysis.LibraryAnalysis
        self._sources: dict[str, str] = {}  # report id -> "held/total" source texts

    def compose(self) -> ComposeResult:
        filter_box = FilterInput(placeholder="/ filter reports", id="filter")
        filter_box.cursor_blink = self._cursor_blink
        yield filter_box
        yield ReportList(progress=self._progress_of, id="reports")
        yield SideStatus(id="side-status")

    @property
    def report_list(self) -> ReportList:
        return self.query_one(ReportList)

    @property
    def filter_box(self) -> FilterInput:
        return self.query_one(FilterInput)

    @property
    def sort(self) -> str:
        return SORTS[self.sort_index]

    def _progress_of(self, report_id: str) -> int:
        return self.progress.get(report_id, 0)

    # --- content

    def set_summaries(self, summaries: Iterable[Any]) -> None:
        """Every report of the library (sorted by id), made ready on this thread."""
        self.take_listing(Listed(list(summaries), self.sort, self.progress))

    def set_head(self, head) -> None:
        """The first page (claimdesk.store.listing.ListingHead) until the whole listing is read.

        A library that fits in the head is the whole listing at once.
        """
        if head.complete:
            self.set_summaries(sorted(head.summaries, key=lambda s: s.id))
            return
        self.listed = False
        self.total = head.total
        self.summaries = {s.id: s for s in head.summaries}
        self._all_rows = [Row(s) for s in head.summaries]
        self.rows = list(self._all_rows)  # already in the opening order
        self._filtered = {}
        self.apply_filter()

    def take_listing(self, listed: Listed) -> None:
        """The whole library, prepared by ``Listed`` (usually in a worker)."""
        self.listed = True
        self.summaries = {s.id: s for s in listed.summaries}
        self.total = len(listed.summaries)
        self._all_rows = listed.rows
        sources = self._sources
        if sources:
            for row in self._all_rows:
                row.sources = sources.get(row.report_id, "")
        self._count_findings()
        if listed.order == self.sort and self.sort != "least reviewed" and self._analysis is None:
            self.rows = listed.ordered
            self._filtered = {}
            self.apply_filter()
        else:
            self.sort_and_show()
        self.haystacks()

    def set_progress(self, progress: dict[str, int]) -> None:
        self.progress.update(progress)
        self.progress_loaded = True
        if self.sort == "least reviewed":
            self.sort_and_show()
        self.report_list.refresh_rows()

    def note_progress(self, report_id: str, done: int) -> None:
        self.progress[report_id] = done
        self.report_list.refresh_rows()

    def note_sources(self, report_id: str, counts) -> None:
        """``counts`` (claimdesk.sources.SourceCounts) of one report: its row shows held/total."""
        shown = f"{counts.held}/{counts.total}" if counts.held else ""
        if self._sources.get(report_id, "") == shown:
            return
        self._sources[report_id] = shown
        for row in self._all_rows:
            if row.report_id == report_id:
                row.sources = shown
        if self.is_mounted:
            self.report_list.refresh_rows()

    def set_analysis(self, analysis) -> None:
        self._analysis = analysis
        self._count_findings()
        if self.sort == "findings":
            self.sort_and_show()
        self.report_list.refresh_rows()

    def _count_findings(self) -> None:
        """Side-panel counts from the library's findings, for rows of the version checked."""
        if self._analysis is None:
            return
        for row in self._all_rows:
            count = self._analysis.count_for(row.report_id, row.summary.version)
            if count is not None:
                row.library_findings = count

    def set_open(self, report_id: str | None) -> None:
        report_list = self.report_list
        report_list.open_id = report_id
        for index, row in enumerate(report_list.rows):
            if row.report_id == report_id:
                report_list.highlighted = index
                break
        report_list.refresh_rows()

    # --- order and filter

    def cycle_sort(self) -> str:
        self.sort_index = (self.sort_index + 1) % len(SORTS)
        self.sort_and_show()
        return self.sort

    def sort_and_show(self) -> None:
        self.rows = sorted(self._all_rows, key=sort_key(self.sort, self.progress), reverse=True)
        self._filtered = {}
        self.apply_filter()

    def apply_filter(self) -> None:
        """Narrow the list to the filter box's words, in one swap of the list's rows."""
        report_list = self.report_list
        query = self.filter_box.value
        words = query.lower().split()
        if not words:
            shown: Sequence[Row] = self.rows
        else:
            phrase = " ".join(words)
            found = self._filtered.get(phrase)
            if found is None:
                found = self._filter(phrase, words)
            rows = self.rows
            shown = [rows[i] for i in found[1]]
        keep = report_list.open_id if not words else None
        report_list.set_rows(shown, keep=keep or report_list.highlighted_id)
        if words and shown:
            report_list.highlighted = 0  # the best match, so Enter opens what was named
        self._update_status()

    def _filter(self, phrase: str, words: list[str]) -> tuple[list[int], list[int]]:
        haystacks, title_ends = self.haystacks()
        # Typing on only narrows: search the matches of the longest phrase this one extends.
        narrower = max((p for p in self._filtered if phrase.startswith(p)), key=len, default=None)
        candidates = self._filtered[narrower][0] if narrower is not None else range(len(self.rows))
        known = set(narrower.split()) if narrower is not None else set()  # every candidate holds these
        matches = match_indices(haystacks, candidates, [w for w in words if w not in known])
        # Titles that start with (then hold) what was typed come first, so Enter
        # opens the report the reviewer is naming; each group keeps the sort order.
        found = (matches, rank_matches(haystacks, title_ends, matches, phrase))
        if len(self._filtered) >= FILTER_MEMORY:
            self._filtered.pop(next(iter(self._filtered)))
        self._filtered[phrase] = found
        return found

    def haystacks(self) -> tuple[list[str], list[int]]:
        """Each row's lowercase search text and where its title ends, in list order."""
        if self._haystack_cache is None or self._haystack_cache[0] is not self.rows:
            haystacks = [row.haystack for row in self.rows]
            self._haystack_cache = (self.rows, haystacks, [h.find("\n") for h in haystacks])
        return self._haystack_cache[1], self._haystack_cache[2]

    def clear_filter(self) -> None:
        """Escape: the whole list again, the open report highlighted, focus on the list."""
        if self.filter_box.value:
            self.filter_box.value = ""
        self.report_list.focus()

    def _update_status(self) -> None:
        shown = len(self.report_list.rows)
        total = len(self.rows) if self.listed else self.total
        counts = f"{shown} of {total} reports" if shown != total else f"{total} reports"
        if not self.listed:
            counts = f"{total} reports · listing…"
        if self.filter_box.value:
            counts += " · Esc clears"
        self.query_one(SideStatus).text = Text(f"{counts}\nsorted by {self.sort}", no_wrap=True, overflow="ellipsis")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id != "filter":
            return
        event.stop()
        report_id = self.report_list.highlighted_id
        if report_id is None:
            self.notify("No report matches the filter.", severity="warning")
            return
        self.post_message(self.ReportChosen(report_id))
        self.report_list.focus()

    def on_report_list_opened(self, event: ReportList.Opened) -> None:
        event.stop()
        self.post_message(self.ReportChosen(event.report_id))

    def neighbour(self, report_id: str | None, step: int, want: Callable[[Row], bool] | None = None) -> str | None:
        """The report ``step`` places from ``report_id`` in list order; with ``want``, the next that
        satisfies it (wrapping)."""
        rows = self.report_list.rows or self.rows
        if not rows:
            return None
        ids = [row.report_id for row in rows]
        start = ids.index(report_id) if report_id in ids else -1
        for offset in range(1, len(rows) + 1):
            index = start + step * offset
            if want is None and not 0 <= index < len(rows):
                return None
            row = rows[index % len(rows)]
            if want is None or want(row):
                return row.report_id
        return None
