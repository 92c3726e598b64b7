"""Screens that explain: every key and what the badges mean, and files that could not be imported."""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from claimdesk.tui.bindings import DESK_KEYS, key_name
from claimdesk.tui.text import plain

HELP_CLOSE = "Escape, q or ? closes this"
EXTRA_KEYS = (
    ("Escape", "In the filter box: clear the filter and return to the list. In a dialog: close it, writing nothing"),
    ("Enter", "Open the highlighted report (in the filter box too: ↑ ↓ move through the matches)"),
    ("↑ ↓", "Move in the report list or the claims table"),
    ("Tab", "Move between the list and the report; in a form, from field to field, then the buttons"),
    ("Ctrl+P", "Command palette: every action by name, and every report by title or id"),
    ("Ctrl+S", "Save a dialog (note, correction, triage)"),
)
LEGEND = (
    ("FLAG", "printed tier FLAGSHIP_CANDIDATE; DOI is DOI_GRADE, PUBLIC is PUBLIC_RECORD"),
    ("WATCH", "printed tier WATCHLIST; QUAR is QUARANTINE_CANDIDATE; without a tier, the gate verdict"),
    ("8.5", "the report's own review score out of 10 (– when it states none)"),
    ("3/15", "claims you have marked / claims in the report"),
    ("⚑4", "findings of the automatic checks (on a claim: a finding concerns it)"),
    ("✓ ×", "Report column: the report says the claim was verified (✓) or not (×), then its confidence"),
    ("✓ ✗ ∅ ?", "verdicts: confirmed, disputed, unsupported, needs-check; ✎ the mark has a note"),
    ("✓2 ✗1", "Others column when the names do not fit: how many reviewers gave each verdict (who, in the detail)"),
    ("▌", "the report that is open"),
)


class HelpScreen(ModalScreen):
    """Every key of the desk, from the same list the bindings come from, and what the badges mean."""

    BINDINGS = [
        Binding("escape,q,question_mark", "dismiss_help", "Close", id="help-close"),
    ]

    @staticmethod
    def _grid(rows) -> Table:
        """Two columns, so a long line wraps under its text, not to column 0."""
        grid = Table.grid(padding=(0, 2))
        grid.add_column(justify="right", no_wrap=True, style="bold")
        grid.add_column(ratio=1)
        for key, text in rows:
            grid.add_row(Text(key), Text(text))
        return grid

    def compose(self) -> ComposeResult:
        title = Text("Keys of the review desk", style="bold")
        title.append(f"  ({HELP_CLOSE})", style="dim")
        keys = self._grid([(key_name(binding.key), help_text) for binding, help_text in DESK_KEYS])
        with VerticalScroll(classes="dialog help"):
            yield Static(title, id="help-title")
            yield Static(Group(keys, Text(""), self._grid(EXTRA_KEYS)), id="help-body")
            yield Static(Text("What the list and the table show", style="bold"), classes="help-heading")
            yield Static(self._grid(LEGEND), id="help-legend")
            yield Static(Text(f"Every mark is saved the moment you press its key; z undoes it. {HELP_CLOSE}.", style="dim"),
                         classes="help-heading")

    def action_dismiss_help(self) -> None:
        self.dismiss(None)


class ImportProblems(ModalScreen):
    """Files that could not be imported, each with its reason. Escape closes."""

    BINDINGS = [Binding("escape,enter,q", "close", "Close", id="import-problems-close")]

    def __init__(self, failures) -> None:
        super().__init__()
        self.failures = list(failures)

    def compose(self) -> ComposeResult:
        title = Text(f"{len(self.failures)} file(s) could not be imported", style="bold")
        title.append("  (Escape closes; the other files were imported)", style="dim")
        rows = Table.grid(padding=(0, 2))
        rows.add_column(ratio=3, overflow="fold")  # the whole path, wrapped: it is how the file is found
        rows.add_column(ratio=2)
        for path, reason in self.failures:
            rows.add_row(Text(plain(path), style="bold"), Text(plain(reason)))
        with VerticalScroll(classes="dialog help"):
            yield Static(title, classes="dialog-title")
            yield Static(rows, id="import-problems")

    def action_close(self) -> None:
        self.dismiss(None)
