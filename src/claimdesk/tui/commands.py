"""The command palette (Ctrl+P) reaches every action of the desk.

Commands come from the same list as the key bindings, so a new key is in the
palette without further work; each hit names its key.
"""

from __future__ import annotations

from functools import partial

from textual.content import Content
from textual.markup import escape
from textual.command import DiscoveryHit, Hit, Hits, Provider

from claimdesk.tui.bindings import DESK_KEYS, key_name
from claimdesk.tui.text import one_line


class DeskCommands(Provider):
    """Every desk action, found by its name or its help text."""

    def _commands(self) -> list[tuple[str, str, str]]:
        return [
            (f"{binding.description} ({key_name(binding.key)})", binding.action, help_text)
            for binding, help_text in DESK_KEYS
        ]

    def _run(self, action: str) -> None:
        screen = self.screen
        runner = getattr(screen, "run_from_palette", None)
        if runner is not None:
            runner(action)
        else:
            self.app.call_later(self.app.run_action, action, screen)

    async def discover(self) -> Hits:
        for name, action, help_text in self._commands():
            yield DiscoveryHit(name, partial(self._run, action), help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, action, help_text in self._commands():
            score = max(matcher.match(name), matcher.match(help_text) * 0.8)
            if score > 0:
                yield Hit(score, matcher.highlight(name), partial(self._run, action), help=help_text)


class ReportCommands(Provider):
    """Open a report by its title or id (Ctrl+P, then type)."""

    def _reports(self) -> list[tuple[str, str]]:
        summaries = getattr(self.screen, "summaries", None) or {}
        return [(report_id, one_line(summary.title) or report_id) for report_id, summary in summaries.items()]

    def _open(self, report_id: str) -> None:
        opener = getattr(self.screen, "open_report", None)
        if opener is not None:
            opener(report_id)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for report_id, title in self._reports():
            safe_id = one_line(report_id)
            score = max(matcher.match(title), matcher.match(safe_id))
            if score > 0:
                # Content, not a string: a title is report text and may hold markup.
                yield Hit(
                    score,
                    Content(f"Open: {title}"),
                    partial(self._open, report_id),
                    help=escape(f"report {safe_id}"),  # help is read as markup
                )
