"""The detail under the claims table: the claim under the cursor in full, the notes
on it, its closest related claim in another report, and the findings that flag it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from claimdesk.model import Claim, Finding, Mark
from claimdesk.tui.text import Palette, marks_text, one_line, plain, verdict_text


@dataclass(frozen=True)
class RelatedLine:
    """The closest claim in another report to one claim of the open report (None: none found)."""

    claim: int
    count: int
    score: float = 0.0
    title: str = ""
    other_claim: int = 0
    marks: Mapping[str, str] | None = None  # reviewer -> verdict value on the other claim
    pending: str = ""  # "reading the library…", "looking…"


class ClaimDetail(Static):
    """The whole text of the claim under the cursor, the notes on it, related claims, findings."""

    def show_claim(self, claim: Claim, mine: Mark | None, others: Iterable[Mark], related: RelatedLine | None,
                   findings: Iterable[Finding], palette: Palette) -> None:
        text = Text()
        text.append(f"Claim {claim.index}: ", style="bold")
        text.append(plain(claim.text))
        if mine is not None and mine.note:
            text.append("\nMy note: ", style="bold")
            text.append(one_line(mine.note))
        text.append_text(others_text(others, palette))
        # Before the findings: those are flagged in the table and listed on the Overview.
        text.append_text(related_text(related, palette))
        for finding in findings:
            text.append("\n⚑ ", style=palette.flag)
            text.append(plain(finding.message))
        self.update(text)


class ClaimDetailBox(VerticalScroll, can_focus=False):
    """The window the detail is read through: a long claim, many notes and findings do not
    fit its few lines, so it scrolls (keys on the table: J down, K up; focus stays on the
    claims). Its top border says which way there is more, in words, since a scroll bar
    alone is invisible without colour."""

    def on_mount(self) -> None:
        self.watch(self, "scroll_y", self._say_where, init=False)
        self.watch(self, "virtual_size", self._say_where)

    def on_resize(self) -> None:
        self._say_where()

    def _say_where(self, *_) -> None:
        up, down = self.scroll_y > 0, self.scroll_y < self.max_scroll_y
        hint = " · ".join(part for part, shown in (("K ↑", up), ("J ↓ more", down)) if shown)
        self.border_title = hint or None

    def can_page(self, direction: int) -> bool:
        return self.scroll_y < self.max_scroll_y if direction > 0 else self.scroll_y > 0

    def page(self, direction: int) -> None:
        """A window down (1) or up (-1), less one line, so the line read last stays in sight."""
        self.scroll_relative(y=direction * max(1, self.scrollable_content_region.height - 1), animate=False)

    def to_top(self) -> None:
        self.scroll_to(y=0, animate=False)


def others_text(others: Iterable[Mark], palette: Palette) -> Text:
    """Every other reviewer's verdict on the claim (the table may show only counts): a line
    of its own for a mark with a note ("bob ✗ disputed: note"), one line for the rest."""
    text, plain_marks = Text(), []
    for mark in sorted(others, key=lambda m: m.reviewer):
        if not mark.note:
            plain_marks.append(mark)
            continue
        text.append(f"\n{one_line(mark.reviewer)} ", style="bold")
        text.append_text(verdict_text(mark.verdict, palette))
        text.append(f": {one_line(mark.note)}")
    if plain_marks:
        text.append("\nOthers: ", style="bold")
        for n, mark in enumerate(plain_marks):
            text.append(f"{', ' if n else ''}{one_line(mark.reviewer)} ")
            text.append_text(verdict_text(mark.verdict, palette))
    return text


def related_text(line: RelatedLine | None, palette: Palette) -> Text:
    """The related-claims line of the detail (still looking, none, or the closest one)."""
    if line is None or line.pending:
        return Text(f"\n≈ related claims: {line.pending if line else 'looking…'}", style="dim")
    if not line.count:
        return Text("\n≈ no related claims in other reports", style="dim")
    text = Text("\n≈ ", style="bold")
    text.append(f"{line.count} related (r): ", style="bold")
    text.append(f"{line.score:.0f}% ")
    title = one_line(line.title)
    text.append(title if len(title) <= 32 else title[:31] + "…", style="italic")
    text.append(f" claim {line.other_claim} ")
    text.append_text(marks_text(dict(line.marks or {}), palette))
    return text
