"""The detail under the claims table: the claim under the cursor in full, the notes
on it, its closest related claim in another report, and the findings that flag it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from rich.text import Text
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
