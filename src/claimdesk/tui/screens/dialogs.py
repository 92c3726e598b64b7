"""The desk's dialogs: a mark's note, a correction event, a triage decision, the keys.

Each dialog writes nothing until its values are valid; Escape always cancels
without writing. A store failure is shown in the dialog and as an error
notification, and the dialog stays open so nothing typed is lost.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, Select, Static, TextArea
from textual.widgets.option_list import Option

from claimdesk.errors import ClaimdeskError
from claimdesk.model import CorrectionType, TriageDecision
from claimdesk.tui.bindings import DESK_KEYS, key_name
from claimdesk.tui.text import plain


class _Dialog(ModalScreen):
    """Shared behaviour: Escape cancels, Ctrl+S saves, errors shown inline."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="dialog-cancel"),
        Binding("ctrl+s", "save", "Save", id="dialog-save"),
    ]

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_save(self) -> None:  # pragma: no cover - each dialog overrides
        raise NotImplementedError

    def show_error(self, message: str) -> None:
        error = self.query_one(".dialog-error", Static)
        error.update(Text(message))
        error.display = bool(message)

    def _blink(self) -> bool:
        return getattr(self.app, "cursor_blink", True)

    def _try(self, write: Callable[[], object]) -> object | None:
        """Run a store write; on failure show why and keep the dialog open."""
        try:
            return write()
        except ClaimdeskError as exc:
            self.show_error(f"Not saved: {exc}")
            self.app.notify(str(exc), title="Not saved", severity="error")
            return None


class NoteDialog(_Dialog):
    """The note of the reviewer's mark on one claim. Returns the note, or None."""

    def __init__(self, claim: int, verdict: str, note: str) -> None:
        super().__init__()
        self.claim = claim
        self.verdict = verdict
        self.note = note

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Text(f"Note on claim {self.claim} ({self.verdict})"), classes="dialog-title")
            note = Input(value=plain(self.note), placeholder="Why this verdict?", id="note-input")
            note.cursor_blink = self._blink()
            yield note
            yield Static("", classes="dialog-error")
            yield Static(Text("Enter or Ctrl+S saves · Escape cancels"), classes="dialog-help")

    def on_mount(self) -> None:
        self.show_error("")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def action_save(self) -> None:
        self.dismiss(self.query_one("#note-input", Input).value)


class CorrectionDialog(_Dialog):
    """File one additive correction event. Returns the saved event, or None."""

    def __init__(self, report_id: str, claim: int | None, claim_count: int, reviewer: str) -> None:
        super().__init__()
        self.report_id = report_id
        self.claim = claim
        self.claim_count = claim_count
        self.reviewer = reviewer

    def compose(self) -> ComposeResult:
        blink = self._blink()
        with VerticalScroll(classes="dialog"):
            yield Label(Text(f"File a correction against {self.report_id}"), classes="dialog-title")
            yield Label("Type")
            yield Select(
                [(t.value, t.value) for t in CorrectionType],
                value=(CorrectionType.CLAIM.value if self.claim else CorrectionType.METADATA.value),
                allow_blank=False,
                id="correction-type",
            )
            yield Label(f"Claim number (1–{self.claim_count}; empty for the whole report)" if self.claim_count else "Claim number (this report has no claim table; leave empty)")
            claim = Input(value="" if self.claim is None else str(self.claim), id="correction-claim")
            claim.cursor_blink = blink
            yield claim
            yield Label("Affected fields (comma-separated)")
            fields = Input(placeholder="e.g. claims[3].text, stats.review_score", id="correction-fields")
            fields.cursor_blink = blink
            yield fields
            yield Label("Public note (required)")
            note = TextArea(id="correction-note")
            note.cursor_blink = blink
            yield note
            yield Static("", classes="dialog-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("File (Ctrl+S)", variant="primary", id="correction-file")
                yield Button("Cancel (Esc)", id="correction-cancel")

    def on_mount(self) -> None:
        self.show_error("")
        self.query_one("#correction-note", TextArea).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "correction-file":
            self.action_save()
        else:
            self.action_cancel()

    def validate(self) -> tuple[dict | None, str]:
        """The form's values, or None and the reason they cannot be filed."""
        note = self.query_one("#correction-note", TextArea).text.strip()
        claim_text = self.query_one("#correction-claim", Input).value.strip()
        fields_text = self.query_one("#correction-fields", Input).value
        kind = self.query_one("#correction-type", Select).value
        claim: int | None = None
        if claim_text:
            if not claim_text.isdigit():
                return None, f"Claim number {claim_text!r} is not a whole number."
            claim = int(claim_text)
            if not 1 <= claim <= self.claim_count:
                if self.claim_count:
                    return None, f"Claim {claim} does not exist: this report has claims 1–{self.claim_count}."
                return None, "This report has no claim table; leave the claim number empty."
        if not note:
            return None, "The public note is required: say what is wrong and what is right."
        fields = tuple(f.strip() for f in fields_text.split(",") if f.strip())
        return {"correction_type": CorrectionType(kind), "note": note, "claim": claim, "fields": fields}, ""

    def action_save(self) -> None:
        values, problem = self.validate()
        if values is None:
            self.show_error(problem)
            return
        store = self.app.store
        event = self._try(
            lambda: store.add_correction(
                self.report_id,
                values["correction_type"],
                values["note"],
                claim=values["claim"],
                fields=values["fields"],
                reviewer=self.reviewer,
            )
        )
        if event is not None:
            self.dismiss(event)


class TriageDialog(_Dialog):
    """Record a decision on a whole report. Returns the saved Triage, or None."""

    def __init__(self, report_id: str, reviewer: str, current: str | None = None) -> None:
        super().__init__()
        self.report_id = report_id
        self.reviewer = reviewer
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Text(f"Triage decision on {self.report_id}"), classes="dialog-title")
            decisions = OptionList(*[Option(d.value, id=d.value) for d in TriageDecision], id="triage-decision")
            yield decisions
            yield Label("Note (optional)")
            note = Input(id="triage-note")
            note.cursor_blink = self._blink()
            yield note
            yield Static("", classes="dialog-error")
            yield Static(Text("Enter on a decision, then Enter in the note (or Ctrl+S) files it · Escape cancels"), classes="dialog-help")

    def on_mount(self) -> None:
        self.show_error("")
        decisions = self.query_one("#triage-decision", OptionList)
        if self.current:
            decisions.highlighted = [d.value for d in TriageDecision].index(self.current)
        decisions.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.query_one("#triage-note", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def action_save(self) -> None:
        decisions = self.query_one("#triage-decision", OptionList)
        if decisions.highlighted is None:
            self.show_error("Choose a decision first.")
            return
        decision = TriageDecision(decisions.get_option_at_index(decisions.highlighted).id)
        note = self.query_one("#triage-note", Input).value.strip()
        store = self.app.store
        saved = self._try(lambda: store.add_triage(self.report_id, decision, note, reviewer=self.reviewer))
        if saved is not None:
            self.dismiss(saved)


class HelpScreen(ModalScreen):
    """Every key of the desk, from the same list the bindings come from."""

    BINDINGS = [
        Binding("escape,q,question_mark", "dismiss_help", "Close", id="help-close"),
    ]

    def compose(self) -> ComposeResult:
        text = Text()
        text.append("Keys of the review desk\n\n", style="bold")
        for binding, help_text in DESK_KEYS:
            text.append(f"{key_name(binding.key):>6}  ", style="bold")
            text.append(f"{help_text}\n")
        text.append("\n")
        for key, help_text in (
            ("Escape", "Leave the filter box (or close a dialog, writing nothing)"),
            ("Enter", "Open the highlighted report; in the filter box, the first match"),
            ("↑ ↓", "Move in the report list or the claims table"),
            ("Tab", "Move between the list and the report"),
            ("Ctrl+P", "Command palette: every action by name"),
            ("Ctrl+S", "Save a dialog (note, correction, triage)"),
        ):
            text.append(f"{key:>6}  ", style="bold")
            text.append(f"{help_text}\n")
        text.append("\nEvery mark is saved the moment you press its key.", style="dim")
        with VerticalScroll(classes="dialog help"):
            yield Static(text, id="help-body")

    def action_dismiss_help(self) -> None:
        self.dismiss(None)
