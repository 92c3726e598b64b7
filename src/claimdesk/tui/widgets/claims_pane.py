"""The Claims tab: the open report's claims table and the detail under it.

The pane owns its columns (the claim text gets what the others leave), the
cursor and when it arrived on each claim. A marking key becomes a
``MarkRequested`` message; the screen writes it and hands back the marks. After
a mark only the changed cells are redrawn, so a report of 100,000 claims marks
as fast as one of ten.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping, Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import DataTable

from claimdesk.model import Finding, Mark, Report, Verdict
from claimdesk.tui.writes import MyMark
from claimdesk.tui.text import COLOUR, Palette, one_line, others_cell, verdict_cell, verified_cell
from claimdesk.tui.widgets.claim_detail import ClaimDetail, ClaimDetailBox, RelatedLine
from claimdesk.tui.widgets.claims_columns import claim_columns

# The related claims of the claim under the cursor are asked for once it rests this long.
RELATED_DELAY = 0.15


class ClaimsTable(DataTable):
    """The claims, one row each; keys act through the desk screen's bindings."""

    def _update_column_widths(self, updated_cells) -> None:
        # Every column's width is set by the pane, so content widths are never used;
        # DataTable would re-measure a whole column whenever a cell gets narrower
        # (a mark becoming "✓ confirmed"), which costs seconds on 100,000 claims.
        self._require_update_dimensions = True

    def on_resize(self) -> None:
        if self.size.width:
            self.query_ancestor(ClaimsPane).fit_columns(self.size.width)


class ClaimsPane(Vertical):
    """The claims table with its detail sections under it."""

    class MarkRequested(Message):
        """Mark ``claim`` of ``report_id``; ``seconds``: how long the claim was under the cursor."""

        def __init__(self, report_id: str, claim: int, verdict: Verdict, note: str, seconds: float | None,
                     previous: MyMark | None = None) -> None:
            self.report_id = report_id
            self.claim = claim
            self.verdict = verdict
            self.note = note
            self.seconds = seconds
            self.previous = previous  # my mark before this one (saved or still on its way), for undo
            super().__init__()

    class ClaimRested(Message):
        """The cursor rested on ``claim``: time to look up what relates to it."""

        def __init__(self, report_id: str, claim: int) -> None:
            self.report_id = report_id
            self.claim = claim
            super().__init__()

    report: reactive[Report | None] = reactive(None, init=False, always_update=True)

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.mine: dict[int, Mark] = {}
        self.others: dict[int, list[Mark]] = {}
        self._flagged: dict[int, list[Finding]] = {}
        self._related: dict[int, RelatedLine] = {}
        self._related_timer = None
        self._related_pending: int | None = None  # the claim the timer waits to look up
        self._arrived: tuple[int, float] | None = None  # (claim, monotonic time the cursor came)
        # A monotonic clock, so a changed wall clock never makes a mark's time negative; tests replace it.
        self.clock: Callable[[], float] = time.monotonic
        self._widths: dict[str, int] = {}
        self._rows_of: dict[int, int] = {}  # claim number -> table row
        # Marks requested but not yet read back from the store: the next key (a note,
        # another verdict, undo) builds on them even when the write is still on its way.
        self._requested: dict[int, MyMark | None] = {}
        self._detail_of: tuple[str, int] | None = None  # (report, claim) the detail shows, read from its top

    def compose(self) -> ComposeResult:
        yield ClaimsTable(id="claims-table", cursor_type="row", zebra_stripes=True)
        with Vertical(id="claim-details"):
            with ClaimDetailBox(id="claim-detail-box"):
                yield ClaimDetail("", id="claim-detail")
            yield from self.compose_details()

    def compose_details(self) -> ComposeResult:
        """More sections under the claim's detail: the evidence for the claim under the cursor."""
        from claimdesk.tui.widgets.evidence_pane import EvidencePane

        yield EvidencePane("", id="claim-evidence")

    def on_mount(self) -> None:
        table = self.table
        for key, label, width in self._columns(self.app.size.width):
            table.add_column(label, key=key, width=width)

    @property
    def table(self) -> ClaimsTable:
        return self.query_one(ClaimsTable)

    @property
    def palette(self) -> Palette:
        return getattr(self.app, "palette", COLOUR)

    # --- columns

    def _columns(self, table_width: int) -> list[tuple[str, str, int]]:
        last = self.report.claims[-1].index if self.report is not None and self.report.claims else 9
        return claim_columns(table_width, last, self.mine.values(), self.others.values())

    def fit_columns(self, table_width: int | None = None) -> None:
        """The claim column takes what the other columns leave (see claims_columns)."""
        table = self.table
        width = table_width or table.size.width or self.app.size.width
        changed = False
        for key, _, wanted in self._columns(width):
            column = table.columns.get(key)  # type: ignore[call-overload]
            if column is not None and column.width != wanted:
                column.width = wanted
                changed = True
        if changed:
            table.refresh()
            table._require_update_dimensions = True

    @property
    def claim_width(self) -> int:
        column = self.table.columns.get("claim")  # type: ignore[call-overload]
        return column.width if column is not None else 0

    # --- content

    def show(self, report: Report | None, mine: dict[int, Mark], others: dict[int, list[Mark]],
             findings: Sequence[Finding], keep_cursor: bool = False) -> None:
        """A report (new, or a new version): every row is built."""
        self.mine, self.others = mine, others
        self._flagged = _flag(findings)
        self._related = {}
        self._requested = {}
        self.set_reactive(ClaimsPane.report, report)
        table = self.table
        cursor = table.cursor_row if keep_cursor else 0
        table.clear()
        self._rows_of = {}
        if report is None:
            self._update_detail()
            return
        self.fit_columns()
        palette = self.palette
        for row, claim in enumerate(report.claims):
            self._rows_of[claim.index] = row
            table.add_row(
                self._number_cell(claim.index),
                Text(one_line(claim.text), no_wrap=True, overflow="ellipsis"),
                verified_cell(claim.verified, claim.confidence, palette),
                verdict_cell(mine.get(claim.index), palette),
                others_cell(others.get(claim.index, ()), palette),
                key=str(claim.index),
            )
        if report.claims:
            table.move_cursor(row=min(cursor, len(report.claims) - 1), animate=False)
        self._arrived = None
        self._update_detail()

    def _number_cell(self, number: int) -> Text:
        cell = Text(str(number))
        if number in self._flagged:
            cell.append("⚑", style=self.palette.flag)
        return cell

    def set_marks(self, mine: dict[int, Mark], others: dict[int, list[Mark]], *, settled: bool = True) -> None:
        """New current marks: only the cells that changed are redrawn. ``settled``: no write
        of mine is still on its way, so the store's marks are the whole story."""
        old_mine, old_others = self.mine, self.others
        self.mine, self.others = mine, others
        if settled:
            self._requested = {}
        if self.report is None:
            return
        table = self.table
        palette = self.palette
        changed_mine, changed_others = _changed(old_mine, mine), _changed(old_others, others)
        for claim in changed_mine:
            if claim in self._rows_of:
                table.update_cell(str(claim), "mine", verdict_cell(mine.get(claim), palette))
        for claim in changed_others:
            if claim in self._rows_of:
                table.update_cell(str(claim), "others", others_cell(others.get(claim, ()), palette))
        if changed_mine or changed_others:
            self.fit_columns()  # Mine and Others are as wide as what they hold
        self._update_detail()

    def set_findings(self, findings: Sequence[Finding]) -> None:
        old, self._flagged = self._flagged, _flag(findings)
        if self.report is None:
            return
        for claim in set(old) ^ set(self._flagged):
            if claim in self._rows_of:
                self.table.update_cell(str(claim), "n", self._number_cell(claim))
        self._update_detail()

    def show_related(self, line: RelatedLine) -> None:
        self._related[line.claim] = line
        if line.claim == self.current_claim:
            self._update_detail()

    def forget_related(self) -> None:
        self._related = {}
        self._update_detail()

    # --- the cursor

    @property
    def current_claim(self) -> int | None:
        report = self.report
        if report is None or not report.claims:
            return None
        row = self.table.cursor_row
        if row < 0 or row >= len(report.claims):
            return None
        return report.claims[row].index

    def move_to_claim(self, claim: int) -> None:
        row = self._rows_of.get(claim)
        if row is not None:
            self.table.move_cursor(row=row, animate=False)

    def advance(self) -> None:
        table = self.table
        if table.cursor_row < table.row_count - 1:
            table.move_cursor(row=table.cursor_row + 1)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        claim = self.current_claim
        if claim is not None and (self._arrived is None or self._arrived[0] != claim):
            self._arrived = (claim, self.clock())
        self._update_detail()
        self.look_up_related_later()

    def look_up_related_later(self) -> None:
        """Ask for the related claims of the claim under the cursor once it rests there.

        In a large library one lookup can take a good part of a frame: holding ↓ must
        not pay it on every row. Another highlight of the claim the timer already waits
        for (the table's own event after a move, a live refresh) does not restart the wait.
        """
        claim = self.current_claim
        if claim is None or claim in self._related:
            return
        if self._related_timer is not None:
            if self._related_pending == claim:
                return
            self._related_timer.stop()
        self._related_pending = claim
        self._related_timer = self.set_timer(RELATED_DELAY, self._rested)

    def _rested(self) -> None:
        self._related_timer = self._related_pending = None
        claim = self.current_claim
        if claim is not None and self.report is not None:
            self.post_message(self.ClaimRested(self.report.id, claim))

    def start_clock(self) -> None:
        """The claims came into view: the claim under the cursor is read from now on, not
        from when the report opened behind another tab."""
        claim = self.current_claim
        self._arrived = None if claim is None else (claim, self.clock())

    def seconds_on(self, claim: int) -> float | None:
        """How long ``claim`` has been under the cursor (None when it is not there)."""
        if self._arrived is None or self._arrived[0] != claim:
            return None
        return round(max(0.0, self.clock() - self._arrived[1]), 3)

    def my_mark(self, claim: int) -> MyMark | None:
        """My current verdict and note on ``claim``, counting marks still on their way to the store."""
        if claim in self._requested:
            return self._requested[claim]
        mark = self.mine.get(claim)
        return None if mark is None else MyMark(mark.verdict, mark.note)

    def request_mark(self, verdict: Verdict, note: str | None = None, *, advance: bool = True) -> bool:
        """Ask for a mark on the claim under the cursor. A new verdict keeps my note on the claim."""
        claim = self.current_claim
        if self.report is None or claim is None:
            return False
        previous = self.my_mark(claim)
        if note is None:
            note = previous.note if previous is not None and verdict is not Verdict.CLEARED else ""
        self._requested[claim] = None if verdict is Verdict.CLEARED else MyMark(verdict, note)
        self.post_message(self.MarkRequested(self.report.id, claim, verdict, note, self.seconds_on(claim), previous))
        if advance:
            self.advance()
        return True

    # --- the detail under the table

    def detail_can_page(self, direction: int) -> bool:
        """Whether the detail has more to show below (1) or above (-1)."""
        return self.query_one(ClaimDetailBox).can_page(direction)

    def page_detail(self, direction: int) -> None:
        self.query_one(ClaimDetailBox).page(direction)

    def _update_detail(self) -> None:
        self._follow_evidence()
        detail = self.query_one(ClaimDetail)
        report = self.report
        number = self.current_claim
        # Another claim is read from its start; the same claim redrawn (a mark, a note) stays where it was.
        shown = (report.id, number) if report is not None and number is not None else None
        if shown != self._detail_of:
            self._detail_of = shown
            self.query_one(ClaimDetailBox).to_top()
        if report is None:
            detail.update("")
            return
        if not report.claims:
            detail.update(Text("This report has no claim table.", style="dim"))
            return
        row = self._rows_of.get(number) if number is not None else None
        if row is None:
            detail.update("")
            return
        claim = report.claims[row]
        detail.show_claim(claim, self.mine.get(claim.index), self.others.get(claim.index, ()),
                          self._related.get(claim.index), self._flagged.get(claim.index, ()), self.palette)

    def _follow_evidence(self) -> None:
        """The evidence section shows the claim under the cursor (it holds the report's evidence)."""
        from claimdesk.tui.widgets.evidence_pane import EvidencePane

        number = self.current_claim
        row = self._rows_of.get(number) if number is not None else None
        claim = self.report.claims[row] if self.report is not None and row is not None else None
        for pane in self.query(EvidencePane):
            pane.claim = claim


def _flag(findings: Iterable[Finding]) -> dict[int, list[Finding]]:
    from claimdesk.checks import concerned_claims

    flagged: dict[int, list[Finding]] = {}
    for finding in findings:
        for claim in concerned_claims(finding):
            flagged.setdefault(claim, []).append(finding)
    return flagged


def _changed(old: Mapping[int, object], new: Mapping[int, object]) -> set[int]:
    return {claim for claim in old.keys() | new.keys() if old.get(claim) != new.get(claim)}
