"""The desk's dialogs: a mark's note, a correction event, a triage decision.

Each dialog writes nothing until its values are valid; Escape always cancels
without writing. A store failure is shown in the dialog and as an error
notification, and the dialog stays open so nothing typed is lost.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, Select, Static, TextArea
from textual.widgets.option_list import Option

from claimdesk.errors import ClaimdeskError
from claimdesk.claimnumber import BadClaimNumber, claim_number
from claimdesk.model import CorrectionType, TriageDecision, Verdict
from claimdesk.tui.text import plain


class _Dialog(ModalScreen):
    """Shared behaviour: Escape cancels, Ctrl+S saves, errors shown inline."""

    # What the fields that take no text are called, by id, for the hint a typed key gets there.
    FIELD_NAMES: dict[str, str] = {}
    _hinted: object = None  # the field whose hint is showing: one per field, not one per key

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="dialog-cancel"),
        Binding("ctrl+s", "save", "Save", id="dialog-save"),
        # Priority: focus moves before the next key is routed, so text typed right
        # after Tab (a fast typist, a paste, keys batched over SSH) lands in the next field.
        Binding("tab", "app.focus_next", "Next field", show=False, priority=True, id="dialog-next"),
        Binding("shift+tab", "app.focus_previous", "Previous field", show=False, priority=True, id="dialog-previous"),
    ]

    def action_cancel(self) -> None:
        self.dismiss(None)

    def replay_typed_ahead(self) -> None:
        """Keys the desk kept because they were typed before this dialog was up: in order,
        into the field that has focus now."""
        screens = self.app.screen_stack
        below = screens[-2] if len(screens) > 1 and screens[-1] is self else None
        take = getattr(below, "take_typed_ahead", None)
        for event in take() if take is not None else ():
            self._route(event)

    def _route(self, event: events.Key) -> None:
        focused = self.focused
        if isinstance(focused, Input) and event.key == "enter":
            self.call_later(focused.action_submit)
        elif isinstance(focused, Input) and event.is_printable:
            focused.insert_text_at_cursor(event.character or "")
        elif isinstance(focused, TextArea) and event.is_printable:
            focused.insert(event.character or "")
        elif event.key == "tab":
            self.focus_next()
        else:
            self.early_key(event.key)

    def on_key(self, event: events.Key) -> None:
        """Keys that reach the dialog itself.

        Keys typed while the dialog was still opening (right after the desk key, in
        one burst) were sent to the dialog before any field had focus: they go to
        the field that has it now, in order, so no character is lost. Otherwise a
        desk key pressed over the dialog says why nothing happened.
        """
        focused = self.focused
        if isinstance(focused, Input):
            if event.is_printable:
                event.stop()
                focused.insert_text_at_cursor(event.character or "")
            elif event.key == "enter":
                event.stop()
                self.call_later(focused.action_submit)
            return
        if isinstance(focused, TextArea):
            if event.is_printable:
                event.stop()
                focused.insert(event.character or "")
            return
        if self.early_key(event.key):
            event.stop()
            return
        if event.is_printable:  # an open Select's menu takes its own keys (typing finds an option)
            event.stop()
            if focused is not self._hinted:
                self._hinted = focused
                self.app.notify(f"{event.character}: {self.no_typing(focused)} "
                                "Escape closes the dialog, writing nothing; Ctrl+S saves.", timeout=4)

    def no_typing(self, field: object) -> str:
        """Why a key typed on ``field`` (a list, a button) went nowhere, and what does work there.

        It names the field, not "a dialog is open": the reviewer is typing into the dialog,
        usually text meant for a box further down, or a desk key out of habit.
        """
        if field is None:
            return "no field has focus (Tab: the first field)."
        name = self.FIELD_NAMES.get(getattr(field, "id", None) or "", "this field")
        if isinstance(field, Select):
            return f"{name} takes no typing until it is open (Enter opens it; Tab: next field)."
        if isinstance(field, Button):
            return "a button takes no typing (Enter presses it; Tab: next field)."
        return f"{name} takes no typing (↑ ↓ choose, Tab: next field)."

    def on_descendant_focus(self) -> None:
        self._hinted = None  # back on a field later, a key typed there is explained again

    def early_key(self, key: str) -> bool:
        """Handle a key that arrived before the dialog could route it; True when handled."""
        return False

    def action_save(self) -> None:  # pragma: no cover - each dialog overrides
        raise NotImplementedError

    def show_error(self, message: str, field: str | None = None) -> None:
        """Show ``message`` under the form; focus moves to ``field`` (an id), the one at fault,
        so the next keys typed mend it."""
        error = self.query_one(".dialog-error", Static)
        error.update(Text(message))
        error.display = bool(message)
        if field is not None:
            self.set_focus(self.query_one(f"#{field}"))

    def _blink(self) -> bool:
        return getattr(self.app, "cursor_blink", True)

    @property
    def write_store(self):
        """The app's store for writes that wait on the lock only briefly (the desk never freezes)."""
        return self.app.write_store

    def _try(self, write: Callable[[], object]) -> object | None:
        """Run a store write; on failure (a busy database too) show why and keep the dialog open."""
        try:
            return write()
        except ClaimdeskError as exc:
            self.show_error(f"Not saved: {exc}")
            self.app.notify(str(exc), title="Not saved", severity="error")
            return None


def _chosen(value: object) -> bool:
    """A Select's value names an option (not the blank prompt)."""
    return isinstance(value, str)


class NoteDialog(_Dialog):
    """The note of the reviewer's mark on one claim. Returns (verdict, note), or None.

    On a claim without my mark the dialog asks for the verdict first: a note is
    always part of a mark, never a mark made up behind the reviewer's back.
    """

    FIELD_NAMES = {"note-verdict": "the Verdict list"}

    def __init__(self, claim: int, verdict: Verdict | None, note: str) -> None:
        super().__init__()
        self.claim = claim
        self.verdict = verdict
        self.note = note

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            if self.verdict is not None:
                yield Label(Text(f"Note on claim {self.claim} ({self.verdict.value})"), classes="dialog-title")
            else:
                yield Label(Text(f"Note on claim {self.claim}: you have not marked it yet"), classes="dialog-title")
                yield Label("Verdict")
                yield Select(
                    [(v.value, v.value) for v in Verdict if v is not Verdict.CLEARED],
                    prompt="Choose a verdict",
                    id="note-verdict",
                )
            yield Label("Note")
            note = Input(value=plain(self.note), placeholder="Why this verdict?", id="note-input")
            note.cursor_blink = self._blink()
            yield note
            yield Static("", classes="dialog-error")
            yield Static(Text("Enter or Ctrl+S saves · Escape cancels"), classes="dialog-help")

    def on_mount(self) -> None:
        self.show_error("")
        first = self.query_one("#note-verdict", Select) if self.verdict is None else self.query_one("#note-input", Input)
        self.set_focus(first)  # now, so keys typed right after `e` find it
        self.replay_typed_ahead()

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "note-verdict" and _chosen(event.value):
            self.show_error("")
            self.query_one("#note-input", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def action_save(self) -> None:
        verdict = self.verdict
        if verdict is None:
            chosen = self.query_one("#note-verdict", Select).value
            if not _chosen(chosen):
                self.show_error("Choose a verdict for the claim first (the note belongs to a mark).", "note-verdict")
                return
            verdict = Verdict(chosen)
        self.dismiss((verdict, self.query_one("#note-input", Input).value))


class CorrectionDialog(_Dialog):
    """File one additive correction event. Returns the saved event, or None."""

    FIELD_NAMES = {"correction-type": "the Type list"}

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
            note = TextArea(id="correction-note", tab_behavior="focus")
            note.cursor_blink = blink
            yield note
            yield Static("", classes="dialog-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("File (Ctrl+S)", variant="primary", id="correction-file")
                yield Button("Cancel (Esc)", id="correction-cancel")

    def on_mount(self) -> None:
        self.show_error("")
        self.set_focus(self.query_one("#correction-type", Select))  # the first field; Tab walks down to the buttons
        self.replay_typed_ahead()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "correction-file":
            self.action_save()
        else:
            self.action_cancel()

    def validate(self) -> tuple[dict | None, str, str | None]:
        """The form's values, or None, the reason they cannot be filed and the id of the field at fault."""
        note = self.query_one("#correction-note", TextArea).text.strip()
        claim_text = self.query_one("#correction-claim", Input).value.strip()
        fields_text = self.query_one("#correction-fields", Input).value
        kind = self.query_one("#correction-type", Select).value
        claim: int | None = None
        if claim_text:
            try:
                claim = claim_number(claim_text, self.claim_count)
            except BadClaimNumber as exc:
                reason = str(exc)
                return None, reason[:1].upper() + reason[1:] + ".", "correction-claim"
        if not note:
            return None, "The public note is required: say what is wrong and what is right.", "correction-note"
        fields = tuple(f.strip() for f in fields_text.split(",") if f.strip())
        return {"correction_type": CorrectionType(kind), "note": note, "claim": claim, "fields": fields}, "", None

    def action_save(self) -> None:
        values, problem, field = self.validate()
        if values is None:
            self.show_error(problem, field)
            return
        store = self.write_store
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

    FIELD_NAMES = {"triage-decision": "the decision list"}

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
        self.set_focus(decisions)
        self.replay_typed_ahead()

    # Priority, and only while the decisions have focus: keys are then handled in the
    # order typed, so "↓ ↓ Enter note Enter" sent in one burst picks the right decision
    # and the note lands in the note box.
    BINDINGS = [
        Binding("enter", "enter", "Choose", show=False, priority=True, id="triage-enter"),
        Binding("down", "move(1)", "Next", show=False, priority=True, id="triage-down"),
        Binding("up", "move(-1)", "Previous", show=False, priority=True, id="triage-up"),
    ]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("enter", "move"):  # in the note, Enter is the box's own (it files, after the typed text)
            return isinstance(self.focused, OptionList)
        return True

    def early_key(self, key: str) -> bool:
        if not isinstance(self.focused, OptionList) or key not in ("up", "down", "enter"):
            return False
        if key == "enter":
            self.action_enter()
        else:
            self.action_move(1 if key == "down" else -1)
        return True

    def action_move(self, step: int) -> None:
        decisions = self.query_one("#triage-decision", OptionList)
        if decisions.highlighted is None:
            decisions.highlighted = 0
        else:
            decisions.highlighted = max(0, min(decisions.option_count - 1, decisions.highlighted + step))

    def action_enter(self) -> None:
        """Enter on a decision moves to the note at once, so keys typed next go there."""
        decisions = self.query_one("#triage-decision", OptionList)
        if decisions.highlighted is None:
            decisions.highlighted = 0
        self.set_focus(self.query_one("#triage-note", Input))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()  # a click on a decision
        self.set_focus(self.query_one("#triage-note", Input))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def action_save(self) -> None:
        decisions = self.query_one("#triage-decision", OptionList)
        if decisions.highlighted is None:
            self.show_error("Choose a decision first.", "triage-decision")
            return
        decision = TriageDecision(decisions.get_option_at_index(decisions.highlighted).id)
        note = self.query_one("#triage-note", Input).value.strip()
        store = self.write_store
        saved = self._try(lambda: store.add_triage(self.report_id, decision, note, reviewer=self.reviewer))
        if saved is not None:
            self.dismiss(saved)
