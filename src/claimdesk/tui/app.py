"""The review desk application.

The app holds the store and the reviewer's name; the desk screen does the work.
The store is used from the UI thread only: workers open stores of their own.
"""

from __future__ import annotations

import gc
import os
import time
from collections.abc import Sequence
from pathlib import Path

from textual import events
from textual.app import App
from textual.binding import Binding
from textual.notifications import SeverityLevel
from textual.timer import Timer

from claimdesk.resources import stylesheet
from claimdesk.sanitize import clean
from claimdesk.tui.commands import DeskCommands, ReportCommands
from claimdesk.tui.screens.desk import DeskScreen
from claimdesk.tui.screens.desk_work import TYPING_PAUSE
from claimdesk.tui.text import ANSI, DARK, LIGHT, MONO, Palette

# The 16-colour theme of this Textual; "textual-ansi" is accepted as its older name.
ANSI_THEME = "ansi-dark"
THEME_ALIASES = {"textual-ansi": ANSI_THEME, "ansi": ANSI_THEME}
# Keys held down or typed without a pause keep the cyclic collector off for at most this long
# (seconds) plus TYPING_PAUSE; then it is back, and off again from the next key.
COLLECTOR_PAUSE_MAX = 5.0


class ClaimdeskApp(App[None]):
    """Review machine-generated reports: a list, five tabs, one key per verdict."""

    TITLE = "claimdesk"
    CSS_PATH = str(stylesheet())
    COMMANDS = App.COMMANDS | {DeskCommands, ReportCommands}
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
        state_path: Path | None = None,
        demo: bool = False,
        failures: Sequence[tuple[str, str]] = (),
    ) -> None:
        super().__init__(ansi_color=True if ansi else None)
        self.store = store
        self.reviewer = reviewer
        self.notices = list(notices)
        self.state_path = state_path  # where the desk keeps its place (None: nowhere)
        self.demo = demo  # the store is the demo database of bundled samples
        self.failures = list(failures)  # (file, reason) of files that could not be imported
        self._write_store = None
        self.cursor_blink = cursor_blink
        self.last_key_at = 0.0  # when the reviewer last pressed a key (background work steps aside)
        self._collector_back: Timer | None = None  # gives the cyclic collector back once keys stop
        self._collector_off_at = 0.0
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
            self._pause_collector()
        await super().on_event(event)

    def _pause_collector(self) -> None:
        """No cyclic garbage collection while keys come in quickly.

        A large library keeps millions of objects alive (rows, parsed index
        shards of the background checks). A full collection walks every one of
        them not frozen (tens to hundreds of milliseconds at 100,000 reports),
        and the allocations of a filter keystroke over the whole list are what
        set one off: in the middle of the keystroke. Reference counting frees
        what typing drops; the collector is back TYPING_PAUSE after the last key,
        or after COLLECTOR_PAUSE_MAX of keys without a pause (a key held down).
        """
        if self._collector_back is not None:
            if time.monotonic() - self._collector_off_at < COLLECTOR_PAUSE_MAX:
                self._collector_back.reset()
        elif gc.isenabled():  # switched off by someone else: theirs to switch back
            gc.disable()
            self._collector_off_at = time.monotonic()
            self._collector_back = self.set_timer(TYPING_PAUSE, self._resume_collector, name="collector-back")

    def _resume_collector(self) -> None:
        self._collector_back = None
        gc.enable()

    def on_unmount(self) -> None:
        if self._collector_back is not None:
            self._collector_back.stop()
            self._resume_collector()

    @property
    def write_store(self):
        """A store on the same database whose writes wait for the lock only briefly:
        a dialog says "busy, try again" (keeping what was typed) instead of freezing."""
        if self._write_store is None:
            from claimdesk.tui.writes import LOCK_TIMEOUT

            root = getattr(self.store, "root", None)
            self._write_store = self.store if root is None else type(self.store)(root, lock_timeout=LOCK_TIMEOUT)
        return self._write_store

    @property
    def palette(self) -> Palette:
        """The styles of verdicts, ✓/× and ⚑ for this terminal: no hue under NO_COLOR."""
        if self.no_color:
            return MONO
        if self.ansi_color:
            return ANSI
        return DARK if self.current_theme.dark else LIGHT

    def get_default_screen(self) -> DeskScreen:
        return DeskScreen()

    def on_mount(self) -> None:
        for message, severity in self.notices:
            self.notify(message, severity=severity, timeout=8)
        if self.failures:
            from claimdesk.tui.screens.help import ImportProblems

            self.push_screen(ImportProblems(self.failures))

    def deliver_screenshot(self, filename: str | None = None, path: str | None = None,
                           time_format: str | None = None) -> str | None:
        """Screenshots go to the Downloads folder when there is one, else the working folder."""
        if path is None:
            path = _screenshot_folder()
        return super().deliver_screenshot(filename, path, time_format)


def _screenshot_folder() -> str:
    try:
        import platformdirs

        downloads = platformdirs.user_downloads_path()
        if downloads.is_dir() and os.access(downloads, os.W_OK):
            return str(downloads)
    except Exception:  # no home, an odd platform: the working folder still works
        pass
    return os.getcwd()
