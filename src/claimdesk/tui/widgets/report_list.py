"""The side panel: every report in the library on one virtual list.

A library can hold tens of thousands of reports, so this is a Line API widget:
each report takes exactly two lines and only the visible lines are ever
rendered. Filtering swaps one list of rows; no widget is created per report.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.cache import LRUCache
from textual.events import Click
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from claimdesk.tui.text import one_line, tier_badge, tier_style

ROW_HEIGHT = 2


class Row:
    """What the list shows of one report. Built for every report before the first
    paint, so everything but the id is worked out only when first needed."""

    __slots__ = ("report_id", "summary", "library_findings", "sources", "_title", "_badge", "_haystack")

    def __init__(self, summary) -> None:
        self.report_id: str = summary.id
        self.summary = summary
        # Findings counted with numbers compared across the library (None until known).
        self.library_findings: int | None = None
        # Source texts held, as "held/total" once the desk has looked ("" until then).
        self.sources: str = ""
        self._title: str | None = None
        self._badge: tuple[str, str] | None = None
        self._haystack: str | None = None

    @classmethod
    def from_summary(cls, summary) -> "Row":
        return cls(summary)

    @property
    def title(self) -> str:
        if self._title is None:
            self._title = one_line(self.summary.title) or "(untitled)"
        return self._title

    @property
    def badge(self) -> str:
        return self._badges()[0]

    @property
    def badge_style(self) -> str:
        return self._badges()[1]

    def _badges(self) -> tuple[str, str]:
        if self._badge is None:
            s = self.summary
            # The score has a place of its own on the row, so the badge never stands in for it.
            self._badge = (tier_badge(s.tier, s.gate, None), tier_style(s.tier))
        return self._badge

    @property
    def claims(self) -> int:
        return self.summary.claims

    @property
    def findings(self) -> int | None:
        """Findings against the whole library once the desk has them; before that the count
        the store kept, which is None for a report imported without checks (not shown)."""
        return self.summary.findings if self.library_findings is None else self.library_findings

    @property
    def haystack(self) -> str:
        """Lowercase title, id and research question: what the filter searches."""
        if self._haystack is None:
            self._haystack = f"{self.title}\n{one_line(self.report_id)}\n{one_line(self.summary.research_question)}".lower()
        return self._haystack


class ReportList(ScrollView, can_focus=True):
    """A scrolling list of reports, two lines each, with one highlighted row."""

    COMPONENT_CLASSES = {
        "report-list--title",
        "report-list--meta",
        "report-list--highlight",
        "report-list--open",
    }
    BINDINGS = [
        Binding("up,k", "cursor(-1)", "Up", show=False, id="list-up"),
        Binding("down,j", "cursor(1)", "Down", show=False, id="list-down"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="list-page-up"),
        Binding("pagedown", "page(1)", "Page down", show=False, id="list-page-down"),
        Binding("home", "jump(0)", "First", show=False, id="list-first"),
        Binding("end", "jump(-1)", "Last", show=False, id="list-last"),
        Binding("enter", "open", "Open", show=False, id="list-open"),
    ]

    highlighted: reactive[int | None] = reactive(None, always_update=True)

    class Opened(Message):
        """The reviewer chose a report (Enter or click)."""

        def __init__(self, report_id: str) -> None:
            self.report_id = report_id
            super().__init__()

    def __init__(self, *, progress: Callable[[str], int], **kwargs) -> None:
        super().__init__(**kwargs)
        self._rows: Sequence[Row] = ()
        self._progress = progress
        self.open_id: str | None = None
        self._cache: LRUCache[tuple, Strip] = LRUCache(400)
        self.after_first_paint: Callable[[], object] | None = None

    # --- content

    @property
    def rows(self) -> Sequence[Row]:
        return self._rows

    def set_rows(self, rows: Sequence[Row], keep: str | None = None) -> None:
        """Show ``rows``; keep ``keep`` (a report id) highlighted when it is still there."""
        self._rows = rows
        self._set_virtual_height(len(rows) * ROW_HEIGHT)
        index = None
        if rows:
            index = 0
            if keep is not None:
                for position, row in enumerate(rows):
                    if row.report_id == keep:
                        index = position
                        break
        self.highlighted = index
        self.refresh()

    def _set_virtual_height(self, height: int) -> None:
        """A new height for the scrolled content. Re-lay the screen only when the
        scroll bar appears or goes (a filter keystroke usually changes neither)."""
        new = Size(self.size.width, height)
        old = self.virtual_size
        viewport = self.scrollable_content_region.height
        if new == old:
            return
        if viewport and (old.height > viewport) == (height > viewport) and old.width == new.width:
            self.set_reactive(ReportList.virtual_size, new)
            self._scroll_update(new)
        else:
            self.virtual_size = new

    def refresh_rows(self) -> None:
        """Redraw (after progress or the open report changed; both are in the line cache key)."""
        self.refresh()

    @property
    def highlighted_id(self) -> str | None:
        if self.highlighted is None or not self._rows:
            return None
        return self._rows[self.highlighted].report_id

    def watch_highlighted(self, index: int | None) -> None:
        if index is None:
            return
        top = index * ROW_HEIGHT
        height = self.scrollable_content_region.height
        if top < self.scroll_offset.y:
            self.scroll_to(y=top, animate=False)
        elif height and top + ROW_HEIGHT > self.scroll_offset.y + height:
            self.scroll_to(y=top + ROW_HEIGHT - height, animate=False)
        self.refresh()

    # --- actions

    def action_cursor(self, step: int) -> None:
        if not self._rows:
            return
        current = self.highlighted if self.highlighted is not None else 0
        self.highlighted = max(0, min(len(self._rows) - 1, current + step))

    def action_page(self, direction: int) -> None:
        rows_per_page = max(1, self.scrollable_content_region.height // ROW_HEIGHT)
        self.action_cursor(direction * rows_per_page)

    def action_jump(self, index: int) -> None:
        if self._rows:
            self.highlighted = index if index >= 0 else len(self._rows) - 1

    def action_open(self) -> None:
        report_id = self.highlighted_id
        if report_id is not None:
            self.post_message(self.Opened(report_id))

    def on_click(self, event: Click) -> None:
        index = (event.y + self.scroll_offset.y) // ROW_HEIGHT
        if 0 <= index < len(self._rows):
            self.highlighted = index
            self.post_message(self.Opened(self._rows[index].report_id))

    # --- rendering

    def on_resize(self) -> None:
        self.virtual_size = Size(self.size.width, len(self._rows) * ROW_HEIGHT)
        self._cache.clear()

    def render_line(self, y: int) -> Strip:
        if self.after_first_paint is not None and self._rows:
            # The list is being drawn for the first time: queue the deferred work
            # so it runs once this frame is on the screen.
            self.call_later(self.after_first_paint)
            self.after_first_paint = None
        scroll_y = self.scroll_offset.y
        width = self.scrollable_content_region.width
        line = y + scroll_y
        index, part = divmod(line, ROW_HEIGHT)
        base = self.rich_style
        if index >= len(self._rows):
            return Strip.blank(width, base)
        row = self._rows[index]
        done = self._progress(row.report_id)
        selected = index == self.highlighted
        is_open = row.report_id == self.open_id
        key = (row.report_id, part, width, selected, is_open, done, row.findings, row.sources, self.has_focus, self.app.theme)
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        style = base
        if is_open:
            style += self.get_component_rich_style("report-list--open")
        if selected:
            style += self.get_component_rich_style("report-list--highlight")
        marker = "▌" if is_open else " "
        if part == 0:
            text = Text(marker, style=self.get_component_rich_style("report-list--title"))
            text.append(row.title, style=self.get_component_rich_style("report-list--title"))
        else:
            meta = self.get_component_rich_style("report-list--meta")
            text = Text(marker + " ", style=meta)
            text.append(f"{row.badge:<6}", style=Style.parse(row.badge_style) if row.badge_style else meta)
            score = row.summary.review_score
            text.append(f" {'–' if score is None else f'{score:.1f}':>4}", style=meta)
            text.append(f" {done}/{row.claims}", style=meta)
            if row.findings:
                text.append(f"  ⚑{row.findings}", style=meta + Style(bold=True))
            if row.sources:
                text.append(f"  ▤{row.sources}", style=meta)
        text.truncate(width, overflow="ellipsis", pad=True)
        segments = [Segment(seg.text, style + seg.style if seg.style else style) for seg in text.render(self.app.console)]
        strip = Strip(segments).crop_extend(0, width, style)
        self._cache[key] = strip
        return strip


def filter_rows(rows: Sequence[Row], query: str) -> list[Row]:
    """Rows whose title, id or research question hold every word of ``query``."""
    words = query.lower().split()
    if not words:
        return list(rows)
    if len(words) == 1:
        word = words[0]
        return [row for row in rows if word in row.haystack]
    return [row for row in rows if all(word in row.haystack for word in words)]


def match_indices(haystacks: Sequence[str], candidates: Iterable[int], words: Sequence[str]) -> list[int]:
    """Indices among ``candidates`` whose haystack holds every one of ``words`` (lowercase)."""
    # One comprehension per word (longest first: it rules out the most), not a generator per row.
    if not words:
        return list(candidates)
    found = candidates
    for word in sorted(set(words), key=len, reverse=True):
        found = [i for i in found if word in haystacks[i]]
    return found


def rank_matches(haystacks: Sequence[str], title_ends: Sequence[int], matches: Iterable[int], phrase: str) -> list[int]:
    """``matches`` reordered: titles starting with ``phrase``, then titles holding it, then the rest."""
    matches = list(matches)
    positions = [haystacks[i].find(phrase) for i in matches]
    starts = [i for i, p in zip(matches, positions) if p == 0]
    within = [i for i, p in zip(matches, positions) if 0 < p < title_ends[i]]
    if not starts and not within:
        return matches
    rest = [i for i, p in zip(matches, positions) if p < 0 or p >= title_ends[i]]
    return starts + within + rest
