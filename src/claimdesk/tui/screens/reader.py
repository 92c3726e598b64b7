"""Reading a claim's sources: the list of its passages, and the source text at one of them.

Both screens are given what they show (the claim, its evidence, the held document);
neither touches the database. Source text is untrusted: cleaned, styled through spans.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets.option_list import Option

from claimdesk.tui.text import one_line, plain
from claimdesk.tui.widgets.evidence_pane import SUPPORT_STYLES, highlighted, numbers_line, passage_heading

if TYPE_CHECKING:
    from claimdesk.evidence import ClaimEvidence, PassageHit
    from claimdesk.evidence.highlight import ReaderView
    from claimdesk.model import Claim

PASSAGE_STYLE = "on #303850"
FOUND_STYLE = "bold reverse yellow"


class PassagesScreen(ModalScreen["PassageHit | None"]):
    """Every passage shown for a claim, best first; Enter reads the chosen one in its source."""

    BINDINGS = [
        Binding("escape", "dismiss_none", "Back", id="passages-back"),
        Binding("enter", "read", "Read", id="passages-read", show=True),
    ]

    def __init__(self, claim: "Claim", item: "ClaimEvidence") -> None:
        super().__init__(id="passages")
        self.claim = claim
        self.item = item

    def compose(self) -> ComposeResult:
        with Vertical(id="passages-dialog"):
            heading = Text(f"Claim {self.claim.index}: ", style="bold")
            heading.append(one_line(self.claim.text))
            heading.append("\nsuggests ", style="dim")
            heading.append(self.item.support.value, style=SUPPORT_STYLES.get(self.item.support.value, ""))
            heading.append(" · Enter reads the source there · Esc back", style="dim")
            yield Static(heading, id="passages-heading")
            options = []
            for number, hit in enumerate(self.item.passages):
                body = passage_heading(hit)
                mark = " supports" if hit.supports else " contradicts" if hit.contradicts else ""
                if mark:
                    body.append(mark, style="green" if hit.supports else "red")
                numbers = numbers_line(hit)
                if numbers:
                    body.append("  ")
                    body.append_text(numbers)
                body.append("\n")
                body.append_text(highlighted(self.claim.text, hit, one_line_only=True))
                options.append(Option(body, id=str(number)))
            yield OptionList(*options, id="passages-list")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.item.passages[event.option_index])

    def action_read(self) -> None:
        option_list = self.query_one(OptionList)
        if option_list.highlighted is not None:
            self.dismiss(self.item.passages[option_list.highlighted])

    def action_dismiss_none(self) -> None:
        self.dismiss(None)


class SearchBox(Input):
    BINDINGS = [Binding("escape", "leave", "Close search", show=False)]

    def action_leave(self) -> None:
        self.value = ""
        self.display = False
        self.screen.query_one("#reader-scroll").focus()


class ReaderScreen(Screen):
    """The source text around a passage: scroll, search with /, n/N to the next/previous hit."""

    BINDINGS = [
        Binding("escape", "back", "Back", id="reader-back"),
        Binding("slash", "search", "Search", id="reader-search"),
        Binding("n", "find(1)", "Next", id="reader-next"),
        Binding("N", "find(-1)", "Prev", id="reader-previous"),
    ]

    def __init__(self, claim: "Claim", hit: "PassageHit", view: "ReaderView", title: str) -> None:
        super().__init__(id="reader")
        self.claim = claim
        self.hit = hit
        self.view = view
        self.source_title = title
        self.body = plain(view.text)
        self.found: list[tuple[int, int]] = []
        self.at = -1

    def compose(self) -> ComposeResult:
        heading = Text("Reading ", style="bold")
        heading.append_text(passage_heading(self.hit))
        heading.append(" · / search · Esc back", style="dim")
        yield Static(heading, id="reader-heading")
        with VerticalScroll(id="reader-scroll"):
            yield Static(self._text(), id="reader-text")
        box = SearchBox(placeholder="search the source text, Enter finds", id="reader-search-box")
        box.display = False
        yield box
        yield Footer(compact=True, show_command_palette=False)

    def _text(self) -> Text:
        view = self.view
        text = Text(self.body)
        text.stylize(PASSAGE_STYLE, view.passage_start, view.passage_end)
        # The passage's own highlights, placed at its offset in the window.
        passage = highlighted(self.claim.text, self.hit)
        if passage.plain == self.body[view.passage_start:view.passage_end]:
            for span in passage.spans:
                text.stylize(span.style, view.passage_start + span.start, view.passage_start + span.end)
        for number, (start, end) in enumerate(self.found):
            text.stylize(FOUND_STYLE if number == self.at else "reverse", start, end)
        return text

    def on_mount(self) -> None:
        scroll = self.query_one("#reader-scroll", VerticalScroll)
        scroll.focus()
        self.call_after_refresh(self._scroll_to, self.view.passage_start)

    def _line_of(self, offset: int) -> int:
        """The screen line holding ``offset``, with the reader's width and wrapping."""
        text_widget = self.query_one("#reader-text", Static)
        width = max(1, text_widget.content_region.width or text_widget.size.width or 80)
        lines = Text(self.body[:offset]).wrap(self.app.console, width)
        return max(0, len(lines) - 1)

    def _scroll_to(self, offset: int) -> None:
        scroll = self.query_one("#reader-scroll", VerticalScroll)
        scroll.scroll_to(y=max(0, self._line_of(offset) - 2), animate=False)

    @property
    def passage_line(self) -> int:
        return self._line_of(self.view.passage_start)

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_search(self) -> None:
        box = self.query_one(SearchBox)
        box.display = True
        box.focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        query = event.value.strip()
        self.found = [(m.start(), m.end()) for m in re.finditer(re.escape(query), self.body, re.IGNORECASE)] if query else []
        self.at = -1
        box = self.query_one(SearchBox)
        box.display = False
        self.query_one("#reader-scroll").focus()
        if not self.found:
            self.query_one("#reader-text", Static).update(self._text())
            self.notify(f"Not found in this part of the source: {one_line(query)}" if query else "Nothing to search for.", timeout=3)
            return
        # The first hit at or after the passage: the reader searches from where they read.
        after = [i for i, (start, _) in enumerate(self.found) if start >= self.view.passage_start]
        self.at = (after[0] if after else 0) - 1
        self.action_find(1)

    def action_find(self, step: int) -> None:
        if not self.found:
            self.notify("Search first: / then the words.", timeout=2)
            return
        self.at = (self.at + step) % len(self.found)
        self.query_one("#reader-text", Static).update(self._text())
        self._scroll_to(self.found[self.at][0])
        self.notify(f"{self.at + 1} of {len(self.found)}", timeout=1)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if isinstance(self.focused, Input) and action in {"find", "search"}:
            return False  # typed into the search box, n and / are text
        return True
