"""Moving between reports in the desk: the next, the previous, the next unreviewed, and back.

Part of the desk screen. The order is the library panel's (its sort and filter);
the back key (⌫) returns to where the reviewer was before the last jump.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Step:
    """Where the reviewer was, for the back key."""

    report_id: str
    tab: str
    claim: int | None


class ReportSteps:
    """Mixed into DeskScreen: steps from report to report, and the way back."""

    def remember_place(self) -> None:
        """Where the reviewer is now, for the back key (⌫)."""
        if self.report is not None:
            self._history.append(Step(self.report.id, self.active_tab, self.pane.current_claim))

    def _open_neighbour(self, step: int, want=None) -> bool:
        target = self.panel.neighbour(self.report.id if self.report else None, step, want)
        if target is None:
            return False
        self.open_report(target)
        return True

    def action_next_report(self) -> None:
        if not self._open_neighbour(1):
            self.notify("This is the last report in the list.", timeout=2)

    def action_previous_report(self) -> None:
        if not self._open_neighbour(-1):
            self.notify("This is the first report in the list.", timeout=2)

    def action_next_unreviewed(self) -> None:
        progress = self.progress

        def unreviewed(row) -> bool:
            return row.claims > 0 and progress.get(row.report_id, 0) < row.claims

        if not self._open_neighbour(1, unreviewed):
            self.notify("Every report's claims carry your mark.", timeout=3)

    def action_back(self) -> None:
        if not self._history:
            return
        step = self._history.pop()
        self.open_report(step.report_id, remember=False)
        if self.report is None or self.report.id != step.report_id:
            return
        self.action_tab(step.tab)
        if step.claim is not None:
            self.pane.move_to_claim(step.claim)
