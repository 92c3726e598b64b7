"""The desk's keys: what acts here, and why a key cannot act now.

Part of the desk screen. A desk key that cannot act says why instead of doing
nothing; keys typed after a key that opens a dialog, before the dialog is up,
are kept for the dialog; palette commands open the tab their action needs.
"""

from __future__ import annotations

from textual import events
from textual.widgets import Input

from claimdesk.tui.bindings import DESK_KEYS, key_name

CLAIM_ACTIONS = {"mark", "edit_note", "related", "passages", "detail_down", "detail_up"}
REPORT_ACTIONS = {"correction", "triage"}
DIALOG_ACTIONS = {"edit_note", "correction", "triage"}  # keys that open a dialog with a text field


class DeskKeys:
    """Mixed into DeskScreen: which desk keys can act, and the keys held for a dialog."""

    _typed_ahead: list | None = None  # keys typed while a dialog opens (see on_key)

    def why_not(self, action: str) -> str | None:
        """Why ``action`` cannot act now (None: it can)."""
        if action in CLAIM_ACTIONS:
            if self.report is None:
                return "No report is open."
            if self.active_tab != "claims":
                return "That key acts on a claim: press 2 for the Claims tab."
            if not self.report.claims:
                return "This report has no claim table: there is no claim to act on."
            if self.pane.current_claim is None:
                return "No claim is under the cursor."
            if action == "detail_down" and not self.pane.detail_can_page(1):
                return "The claim's detail is shown to its end."
            if action == "detail_up" and not self.pane.detail_can_page(-1):
                return "The claim's detail is shown from its start."
        if action in REPORT_ACTIONS and self.report is None:
            return "No report is open."
        if action in {"next_report", "previous_report", "next_unreviewed"} and not self.rows:
            return "The library is empty."
        if action == "undo" and not self._undo:
            if self._undone:
                return "Nothing left to undo: every mark you made since the desk opened is undone."
            return "Nothing to undo: you have made no mark since the desk opened."
        if action == "back" and not self._history:
            return "Nothing to go back to."
        return self.evidence_why_not(action)

    def take_typed_ahead(self) -> list:
        """The keys typed after the key that opened a dialog, for the dialog (once)."""
        keys, self._typed_ahead = self._typed_ahead or [], None
        return keys

    def on_screen_resume(self) -> None:
        self._typed_ahead = None

    def _release_typed_ahead(self) -> None:
        if self.app.screen is self:
            self._typed_ahead = None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if isinstance(self.focused, Input):
            return False  # typed into the filter box, every key is text (some desk keys are priority)
        return self.why_not(action) is None

    def on_key(self, event: events.Key) -> None:
        """A desk key that cannot act here says why, instead of doing nothing.

        Keys typed after a key that opens a dialog, before the dialog is up (a fast
        typist, keys batched over SSH), are kept for the dialog: a "c" in a note
        must not mark a claim.
        """
        if self._typed_ahead is not None:
            event.stop()
            event.prevent_default()
            self._typed_ahead.append(event)
            return
        if isinstance(self.focused, Input):
            return  # keys typed into a box are text (and the box's own keys)
        for binding, _ in DESK_KEYS:
            if event.key in binding.key.split(","):
                action = binding.action.split("(")[0]
                reason = self.why_not(action)
                if reason:
                    event.stop()
                    self.notify(f"{key_name(event.key)} ({binding.description}): {reason}", timeout=3)
                elif action in DIALOG_ACTIONS:
                    self._typed_ahead = []
                    self.set_timer(1.0, self._release_typed_ahead)  # never hold keys for a dialog that did not come
                return

    def run_from_palette(self, action: str) -> None:
        """Palette commands work from any tab: claim actions open Claims first."""
        name = action.split("(")[0]
        if name in CLAIM_ACTIONS:
            self.action_tab("claims")
        self.call_after_refresh(self._run_or_explain, action)

    async def _run_or_explain(self, action: str) -> None:
        reason = self.why_not(action.split("(")[0])
        if reason:
            self.notify(reason, timeout=3)
        else:
            await self.app.run_action(action, self)
