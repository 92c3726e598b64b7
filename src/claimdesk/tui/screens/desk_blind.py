"""Blind review in the desk: which of the other reviewers' marks the desk may show.

Part of the desk screen. The rule itself is claimdesk.blind's; this reads the
database's setting (it can change while the desk is open: ``claimdesk config
blind on`` in another terminal) and filters every read of marks through it.
"""

from __future__ import annotations

from claimdesk.blind import visible_current, visible_marks
from claimdesk.errors import ClaimdeskError

BLIND_HINT = "blind review on"  # short: the header is cut at 80 columns; README says what it hides


class BlindView:
    """Mixed into DeskScreen: the marks the reviewer may see."""

    _blind: bool = False

    def read_blind(self) -> bool:
        """The database's blind setting, read again (the sub-title says when it is on)."""
        try:
            blind = self.store.settings().blind
        except (ClaimdeskError, AttributeError):
            blind = False  # a store without settings (an older database) is not blind
        if blind != self._blind or not getattr(self, "_blind_read", False):
            self._blind = blind
            self._blind_read = True
            self.show_blind_hint()
        return blind

    def show_blind_hint(self) -> None:
        if getattr(self.app, "demo", False):
            return
        base = f"reviewer: {self.reviewer_label()}"
        self.sub_title = f"{base} · {BLIND_HINT}" if self._blind else base

    def blind_changed(self) -> bool:
        """Whether the blind setting changed since the desk last read it (the poll asks)."""
        before = self._blind
        return self.read_blind() != before

    def visible_current(self, report_id: str) -> dict:
        """``store.current_marks(report_id)`` less what blind review hides from me."""
        current = self.store.current_marks(report_id)
        if not self.read_blind():
            return current
        return visible_current(current, self.store.marks(report_id), self.reviewer, blind=True)

    def visible_history(self, report_id: str) -> list:
        """``store.marks(report_id)`` less what blind review hides from me."""
        return visible_marks(self.store.marks(report_id), self.reviewer, self.read_blind())

    @property
    def viewer(self) -> str | None:
        """Me, when blind review is on (the core's ``viewer`` arguments); None when it is off."""
        return self.reviewer if self._blind else None
