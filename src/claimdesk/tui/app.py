"""The review desk application.

The app holds the store and the reviewer's name; the desk screen does the work.
Store calls from the progress worker and the live-refresh timer share one lock,
so the store is never entered from two threads at once.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence

from textual import events
from textual.app import App
from textual.binding import Binding
from textual.notifications import SeverityLevel

from claimdesk.resources import stylesheet
from claimdesk.sanitize import clean
from claimdesk.tui.commands import DeskCommands
from claimdesk.tui.screens.desk import DeskScreen

# The 16-colour theme of this Textual; "textual-ansi" is accepted as its older name.
ANSI_THEME = "ansi-dark"
THEME_ALIASES = {"textual-ansi": ANSI_THEME, "ansi": ANSI_THEME}


class ClaimdeskApp(App[None]):
    """Review machine-generated reports: a list, five tabs, one key per verdict."""

    TITLE = "claimdesk"
    CSS_PATH = str(stylesheet())
    COMMANDS = App.COMMANDS | {DeskCommands}
    BINDINGS = [Binding("ctrl+q", "quit", "Quit", show=False, priority=True, id="app-quit")]

    def __init__(
        self,
        store,
        reviewer: str,
        *,
        theme: str | None = None,
        ansi: bool = False,
        notices: Sequence[tuple[str, str]] = (),
        cursor_blink: bool = True,
    ) -> None:
        super().__init__(ansi_color=True if ansi else None)
        self.store = store
        self.reviewer = reviewer
        self.store_lock = threading.RLock()
        self.notices = list(notices)
        self.cursor_blink = cursor_blink
        self.last_key_at = 0.0  # when the reviewer last pressed a key (background work steps aside)
        chosen = ANSI_THEME if ansi else theme
        if chosen:
            chosen = THEME_ALIASES.get(chosen, chosen)
            if chosen not in self.available_themes:
                raise ValueError(f"unknown theme {chosen!r}; choose one of: {', '.join(sorted(self.available_themes))}")
            self.theme = chosen

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Notifications carry error messages that quote report ids and paths: never markup."""
        super().notify(clean(str(message)), title=clean(str(title)), severity=severity, timeout=timeout, markup=False)

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key):
            self.last_key_at = time.monotonic()
        await super().on_event(event)

    def get_default_screen(self) -> DeskScreen:
        return DeskScreen()

    def on_mount(self) -> None:
        for message, severity in self.notices:
            self.notify(message, severity=severity, timeout=8)
