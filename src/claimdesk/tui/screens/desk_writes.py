"""The desk's marks: written by a worker, reported back as messages, undone with ``z``.

Part of the desk screen. A mark request from the claims pane becomes a MarkJob
for claimdesk.tui.writes.DeskWriter; its outcome (waiting for the lock, saved,
refused) comes back as ``MarkWrites.WriteReport``.
"""

from __future__ import annotations

from textual import work
from textual.message import Message
from textual.worker import get_current_worker

from claimdesk.errors import ClaimdeskError
from claimdesk.model import Verdict
from claimdesk.tui.text import VERDICT_SHORT
from claimdesk.tui.widgets.claims_pane import ClaimsPane
from claimdesk.tui.writes import DeskWriter, MarkJob, WriteBusy, WriteDone


class MarkWrites:
    """Mixed into DeskScreen: my marks on their way to the store, and undo."""

    class WriteReport(Message):
        def __init__(self, outcome: WriteBusy | WriteDone) -> None:
            self.outcome = outcome
            super().__init__()

    def on_claims_pane_mark_requested(self, message: ClaimsPane.MarkRequested) -> None:
        job = MarkJob(message.report_id, message.claim, message.verdict, message.note, self.reviewer,
                      message.seconds, message.previous)
        self._undo.append(job)
        self._submit(job)

    def _submit(self, job: MarkJob) -> None:
        self._in_flight += 1
        if self._writer is None:
            self._writer = DeskWriter(self.store.root)
        if self._writer.submit(job):
            self._drain()

    @work(thread=True, group="writes")
    def _drain(self) -> None:
        worker = get_current_worker()
        self._writer.drain(lambda outcome: self.post_message(self.WriteReport(outcome)), lambda: not worker.is_cancelled)

    def on_mark_writes_write_report(self, message: WriteReport) -> None:
        outcome = message.outcome
        if isinstance(outcome, WriteBusy):
            if not self._busy_noticed:
                self._busy_noticed = True
                self.notify("Another claimdesk process holds the database; your mark is kept and retried.",
                            title=f"Claim {outcome.job.claim}: waiting to save", severity="warning", timeout=4)
            return
        self._busy_noticed = False
        self._in_flight -= 1
        job = outcome.job
        if outcome.mark is None:
            if job in self._undo:
                self._undo.remove(job)
            self.notify(outcome.error, title=f"Mark on claim {job.claim} not saved", severity="error")
        if self.report is not None and self.report.id == job.report_id:
            self._marks_changed()
        elif outcome.mark is not None:
            self.panel.note_progress(job.report_id, self._count_mine(job.report_id))
        self.refresh_bindings()

    def _count_mine(self, report_id: str) -> int:
        try:
            return sum(1 for (_, who) in self.store.current_marks(report_id) if who == self.reviewer)
        except ClaimdeskError:
            return self.progress.get(report_id, 0)

    def action_undo(self) -> None:
        if not self._undo:
            return
        last = self._undo.pop()
        self._undone += 1
        previous = last.previous
        verdict = previous.verdict if previous is not None else Verdict.CLEARED
        note = previous.note if previous is not None else ""
        if self.report is None or self.report.id != last.report_id:
            self.open_report(last.report_id)
        if self.active_tab != "claims":
            self.action_tab("claims")
        self.pane.move_to_claim(last.claim)
        self._submit(MarkJob(last.report_id, last.claim, verdict, note, self.reviewer, None, None, undo=True))
        back_to = "unmarked" if previous is None else VERDICT_SHORT.get(verdict, verdict.value)
        self.notify(f"Undone: claim {last.claim} is {back_to} again" + (" (note kept)" if note else "") + ".", timeout=3)
