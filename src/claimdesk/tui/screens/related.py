"""Claims of other reports that say nearly the same thing as the claim under the cursor.

A verdict reached once can be reused, and a restatement with other numbers (or
another reviewer's opposite verdict) stands out. Enter opens the related claim.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from claimdesk.tui.text import marks_text, one_line, plain


def related_option(item, title: str) -> Text:
    """One related claim: where it is, how alike, its marks, its text."""
    text = Text()
    text.append(f"{item.score:.0f}% ", style="bold")
    text.append(one_line(title) or one_line(item.report_id), style="bold")
    text.append(f"  claim {item.claim}  ")
    text.append_text(marks_text(item.marks))
    text.append("\n")
    text.append(plain(item.text))
    return text


class RelatedDialog(ModalScreen):
    """The related claims of one claim. Returns (report id, claim) to open, or None."""

    BINDINGS = [Binding("escape,r", "close", "Close", id="related-close")]

    def __init__(self, report_id: str, claim: int, claim_text: str, related: list, titles: dict[str, str]) -> None:
        super().__init__()
        self.report_id = report_id
        self.claim = claim
        self.claim_text = claim_text
        self.related = related
        self.titles = titles

    def compose(self) -> ComposeResult:
        heading = Text(f"Claims like claim {self.claim}: ", style="bold")
        heading.append(one_line(self.claim_text), style="")
        with Vertical(classes="dialog related"):
            yield Static(heading, classes="dialog-title", id="related-heading")
            if self.related:
                yield OptionList(
                    *[
                        Option(related_option(item, self.titles.get(item.report_id, "")), id=str(position))
                        for position, item in enumerate(self.related)
                    ],
                    id="related-list",
                )
            else:
                yield Static(Text("No claim in another report says nearly the same thing.", style="dim"))
            yield Static(Text("Enter opens the claim · Escape closes", style="dim"), classes="dialog-help")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        item = self.related[int(event.option.id)]
        self.dismiss((item.report_id, item.claim))

    def action_close(self) -> None:
        self.dismiss(None)
