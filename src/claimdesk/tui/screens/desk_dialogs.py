"""The desk's dialogs and views that open over it, as a part of the desk screen:
a note, a correction, a triage decision, the team view, related claims, the keys."""

from __future__ import annotations

from claimdesk.errors import ClaimdeskError
from claimdesk.model import Verdict
from claimdesk.tui.widgets.report_tabs import CorrectionsTab


class DialogActions:
    """Mixed into DeskScreen: the keys that open a dialog or another view."""

    def action_edit_note(self) -> None:
        claim = self.pane.current_claim
        if self.report is None or claim is None:
            return
        mine = self.pane.my_mark(claim)  # counting a mark still on its way to the store
        from claimdesk.tui.screens.dialogs import NoteDialog

        def saved(result: tuple[Verdict, str] | None) -> None:
            if result is not None and self.pane.current_claim == claim:
                self.pane.request_mark(result[0], result[1].strip(), advance=False)

        verdict = mine.verdict if mine is not None else None
        self.app.push_screen(NoteDialog(claim, verdict, mine.note if mine is not None else ""), saved)

    def action_correction(self) -> None:
        if self.report is None:
            return
        claim = self.pane.current_claim if self.active_tab == "claims" else None

        def filed(event) -> None:
            if event is not None:
                self.notify(f"Correction {event.event_id[:8]} filed ({event.correction_type.value}).")
                self.query_one(CorrectionsTab).records = self._read_records()

        from claimdesk.tui.screens.dialogs import CorrectionDialog

        self.app.push_screen(CorrectionDialog(self.report.id, claim, len(self.report.claims), self.reviewer), filed)

    def action_triage(self) -> None:
        if self.report is None:
            return
        report_id = self.report.id

        def recorded(decision) -> None:
            if decision is not None:
                self.notify(f"Triage recorded: {decision.decision.value}.")
                self.query_one(CorrectionsTab).records = self._read_records()

        try:
            mine = [t for t in self.store.triage(report_id) if t.reviewer == self.reviewer]
        except ClaimdeskError:
            mine = []
        current = mine[-1].decision.value if mine else None
        from claimdesk.tui.screens.dialogs import TriageDialog

        self.app.push_screen(TriageDialog(report_id, self.reviewer, current), recorded)

    def action_team(self) -> None:
        from claimdesk.tui.screens.team import TeamScreen

        def chosen(target: tuple[str, int] | None) -> None:
            if target is not None:
                self.open_at_claim(*target)

        self.app.push_screen(TeamScreen(self._worker_store, self.reviewer), chosen)

    def action_related(self) -> None:
        claim = self.pane.current_claim
        if self.report is None or claim is None:
            return
        if self.related_index is None:
            self.notify("Still reading the library for related claims; try again in a moment.", timeout=3)
            return
        from claimdesk.related import with_marks
        from claimdesk.tui.screens.related import RelatedDialog

        report_id = self.report.id
        try:
            found = with_marks(self.store, self._related(report_id, claim), viewer=self.viewer)
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
        """Open a report on the Claims tab with the cursor on ``claim`` (⌫ returns)."""
        if self.report is not None and self.report.id == report_id:
            self.remember_place()
        else:
            self.open_report(report_id)
        if self.report is None or self.report.id != report_id:
            return
        self.action_tab("claims")
        self.pane.move_to_claim(claim)

    def action_help(self) -> None:
        from claimdesk.tui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen())
