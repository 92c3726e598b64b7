"""The open report's tabs: one widget each, redrawn from its own reactives.

The screen sets ``report`` (and what else a tab shows); a tab never reads the
store. Bodies are built by claimdesk.tui.tab_bodies from ``rich.text.Text`` only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.console import RenderableType
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.reactive import reactive
from textual.widgets import Static, TabbedContent, TabPane

from claimdesk.model import CorrectionEvent, Finding, Mark, Report, Triage
from claimdesk.tui.tab_bodies import corrections_text, gates_text, overview_text, provenance_text
from claimdesk.tui.text import COLOUR, Palette


@dataclass(frozen=True)
class ReviewRecords:
    """What reviewers filed against one report, for the Corrections tab."""

    corrections: Sequence[CorrectionEvent] = ()
    marks: Sequence[Mark] = ()
    triage: Sequence[Triage] = ()


class ReportTabs(TabbedContent):
    """The open report's five tabs. Where the long labels do not fit (80 columns with the
    list shown) the two longest are shortened, so no label is cut."""

    SHORT_LABELS = {"provenance": "4 Prov.", "corrections": "5 Corr."}

    def on_mount(self) -> None:
        self._long_labels = {pane: self.get_tab(pane).label.plain for pane in self.SHORT_LABELS}
        # Each tab is its label with a cell of padding on either side.
        self._long_width = sum(self.get_tab(pane).label.cell_length + 2 for pane in self.query(TabPane))

    def on_resize(self) -> None:
        short = self.size.width < self._long_width
        for pane, label in self.SHORT_LABELS.items():
            self.get_tab(pane).label = label if short else self._long_labels[pane]


class ReportTab(VerticalScroll):
    """A scrolling tab body. Subclasses say what it shows in ``body``."""

    report: reactive[Report | None] = reactive(None, always_update=True)

    def __init__(self, *, body_id: str, **kwargs) -> None:
        super().__init__(**kwargs)
        self._body_id = body_id

    def compose(self) -> ComposeResult:
        yield Static("", id=self._body_id)

    @property
    def palette(self) -> Palette:
        return getattr(self.app, "palette", COLOUR)

    def body(self, report: Report) -> RenderableType:  # pragma: no cover - each tab overrides
        raise NotImplementedError

    def redraw(self) -> None:
        if not self.is_mounted:
            return
        report = self.report
        self.query_one(f"#{self._body_id}", Static).update(Text("") if report is None else self.body(report))

    def watch_report(self, old: Report | None, new: Report | None) -> None:
        self.redraw()
        if old is None or new is None or old.id != new.id:
            self.scroll_home(animate=False)

    def on_mount(self) -> None:
        self.redraw()


class OverviewTab(ReportTab):
    findings: reactive[tuple[Finding, ...]] = reactive((), init=False)
    agreement = reactive(None, init=False, always_update=True)  # claimdesk.agreement.Agreement

    def body(self, report: Report) -> RenderableType:
        return overview_text(report, self.findings, self.agreement, self.palette)

    def watch_findings(self) -> None:
        self.redraw()

    def watch_agreement(self) -> None:
        self.redraw()


class GatesTab(ReportTab):
    def body(self, report: Report) -> RenderableType:
        return gates_text(report, self.palette)


class ProvenanceTab(ReportTab):
    # Each reference's source status and depth (claimdesk.sources.SourceState), once known.
    sources: reactive[tuple] = reactive(tuple, init=False, always_update=True)

    def body(self, report: Report) -> RenderableType:
        if not self.sources:
            return provenance_text(report)
        from rich.console import Group

        from claimdesk.tui.widgets.evidence_pane import sources_text

        return Group(provenance_text(report), sources_text(self.sources))

    def watch_sources(self) -> None:
        self.redraw()


class CorrectionsTab(ReportTab):
    records: reactive[ReviewRecords] = reactive(ReviewRecords, init=False, always_update=True)

    def body(self, report: Report) -> RenderableType:
        records = self.records
        return corrections_text(records.corrections, records.marks, records.triage, self.palette)

    def watch_records(self) -> None:
        self.redraw()

