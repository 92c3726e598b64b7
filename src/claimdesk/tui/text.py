"""Report data turned into ``rich.text.Text`` for the desk.

Report text is hostile: every string that came from a report or a reviewer goes
through ``plain`` (control sequences removed) and into a ``Text`` object, never
into a markup string, so ``[bold]`` in a title is shown as typed.
Nothing here imports Textual; the functions are plain and easy to test.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from rich.text import Text

from claimdesk.model import Mark, Verdict
from claimdesk.sanitize import clean

TIER_BADGES = {
    "FLAGSHIP_CANDIDATE": "FLAG",
    "DOI_GRADE": "DOI",
    "PUBLIC_RECORD": "PUBLIC",
    "WATCHLIST": "WATCH",
    "QUARANTINE_CANDIDATE": "QUAR",
}
GATE_BADGES = {"UNVERIFIED": "unverified", "VERIFIED": "verified", "FALSIFIED": "FALSIFIED"}
VERDICT_SHORT = {
    Verdict.CONFIRMED: "confirmed",
    Verdict.DISPUTED: "disputed",
    Verdict.UNSUPPORTED: "unsupported",
    Verdict.NEEDS_CHECK: "needs-check",
    Verdict.CLEARED: "cleared",
}
# Each verdict has its own glyph, so it reads without colour (NO_COLOR, a monochrome
# terminal, a colour-blind reviewer).
VERDICT_SYMBOL = {
    Verdict.CONFIRMED: "✓",
    Verdict.DISPUTED: "✗",
    Verdict.UNSUPPORTED: "∅",
    Verdict.NEEDS_CHECK: "?",
    Verdict.CLEARED: "·",
}


@dataclass(frozen=True)
class Palette:
    """The styles of the desk's meaningful marks: verdicts, ✓/×, ⚑, severities.

    Hues are given as RGB, not ANSI names, where the ANSI theme would fold two of
    them into one (red and magenta are one colour in Textual's dark ANSI theme);
    every hue keeps a contrast of at least 4.5:1 on its theme's background. The
    monochrome palette carries the same meaning by attribute and glyph alone.
    """

    name: str
    verdicts: Mapping[Verdict, str]
    good: str  # ✓ verified, a threshold met
    bad: str  # × not verified, a threshold failed
    warn: str
    flag: str  # ⚑ a finding concerns this claim
    severities: tuple[str, ...]  # in the order of claimdesk.checks.SEVERITIES

    def verdict(self, verdict: Verdict) -> str:
        return self.verdicts.get(verdict, "")

    def verdict_value(self, value: str) -> str:
        try:
            return self.verdict(Verdict(value))
        except ValueError:
            return ""

    def severity(self, name: str) -> str:
        from claimdesk.checks.registry import SEVERITY_RANK

        rank = SEVERITY_RANK.get(name)
        return self.severities[rank] if rank is not None and rank < len(self.severities) else ""


def _verdicts(confirmed: str, disputed: str, unsupported: str, needs_check: str, cleared: str = "dim") -> dict[Verdict, str]:
    return {
        Verdict.CONFIRMED: confirmed,
        Verdict.DISPUTED: disputed,
        Verdict.UNSUPPORTED: unsupported,
        Verdict.NEEDS_CHECK: needs_check,
        Verdict.CLEARED: cleared,
    }


DARK = Palette(
    "dark",
    _verdicts("bold #6fdc6f", "bold #ff6b6b", "bold #d29bff", "bold #f0c040"),
    good="#6fdc6f", bad="#ff6b6b", warn="bold #f0c040", flag="bold #ff6b6b",
    severities=("bold #ff6b6b", "#f0c040", ""),
)
LIGHT = Palette(
    "light",
    _verdicts("bold #1a6b2e", "bold #b00020", "bold #7b2cbf", "bold #7a5200"),
    good="#1a6b2e", bad="#b00020", warn="bold #7a5200", flag="bold #b00020",
    severities=("bold #b00020", "#7a5200", ""),
)
# --ansi: the terminal's own 16 colours. Bright red and cyan stay readable on dark
# palettes where plain red and blue do not, and no two verdicts share a name.
ANSI = Palette(
    "ansi",
    _verdicts("bold green", "bold bright_red", "bold cyan", "bold yellow"),
    good="green", bad="bright_red", warn="bold yellow", flag="bold bright_red",
    severities=("bold bright_red", "yellow", ""),
)
# NO_COLOR: no hue at all; the terminal's own foreground carries full contrast.
MONO = Palette(
    "mono",
    _verdicts("bold", "bold reverse", "bold underline", "italic", "dim"),
    good="bold", bad="bold", warn="bold", flag="bold",
    severities=("bold reverse", "bold", ""),
)
COLOUR = DARK
# Kept for views that have no app at hand (the team view reads these).
VERDICT_STYLE = dict(COLOUR.verdicts)
VERDICT_STYLE_BY_VALUE = {verdict.value: style for verdict, style in VERDICT_STYLE.items()}


def plain(value: object) -> str:
    """A value as a single safe string: control sequences removed, None as ''."""
    if value is None:
        return ""
    return clean(str(value))


def one_line(value: object) -> str:
    """``plain`` with line breaks and tabs folded to spaces (for list rows and cells)."""
    return " ".join(plain(value).split())


def safe_text(value: object, style: str = "") -> Text:
    """A ``Text`` of report data; markup in it stays literal."""
    return Text(plain(value), style=style)


def tier_badge(tier: str | None, gate: str | None, review_score: float | None) -> str:
    """A short badge for the side panel: the tier, else the score, else the gate."""
    if tier:
        return TIER_BADGES.get(tier, one_line(tier)[:6])
    if review_score is not None:
        return f"{review_score:g}/10"
    if gate:
        return GATE_BADGES.get(gate, one_line(gate)[:10])
    return "—"


def tier_style(tier: str | None) -> str:
    return {
        "FLAGSHIP_CANDIDATE": "green",
        "DOI_GRADE": "green",
        "PUBLIC_RECORD": "cyan",
        "WATCHLIST": "yellow",
        "QUARANTINE_CANDIDATE": "red",
    }.get(tier or "", "")


# --- claims table cells


def verdict_text(verdict: Verdict, palette: Palette = COLOUR) -> Text:
    """A verdict as the desk writes it everywhere: glyph and word ("✗ disputed"), in the
    verdict's style; both, so it reads without colour."""
    word = VERDICT_SHORT.get(verdict, verdict.value)
    return Text(f"{VERDICT_SYMBOL.get(verdict, '?')} {word}", style=palette.verdict(verdict))


class FitCell:
    """A table cell with a long form and a short one: it draws the long form when the
    column is wide enough for it, else the short one. The column's width is chosen for
    the whole table (claims_columns), so no row is rebuilt when the window narrows.
    ``str()`` is the long form, the cell's full meaning."""

    def __init__(self, long: Text, short: Text) -> None:
        self.long, self.short = long, short
        for form in (long, short):
            form.no_wrap, form.overflow = True, "ellipsis"

    def __str__(self) -> str:
        return self.long.plain

    def __rich_console__(self, console, options):
        yield self.long if self.long.cell_len <= options.max_width else self.short

    def __rich_measure__(self, console, options):
        from rich.measure import Measurement

        return Measurement(self.short.cell_len, self.long.cell_len)


def verdict_cell(mark: Mark | None, palette: Palette = COLOUR) -> FitCell:
    """My verdict on a claim: glyph and word, or the glyph alone where the claim needs the
    room; ✎ when it has a note."""
    if mark is None:
        return FitCell(Text("·", style="dim"), Text("·", style="dim"))
    long = verdict_text(mark.verdict, palette)
    short = Text(VERDICT_SYMBOL.get(mark.verdict, "?"), style=palette.verdict(mark.verdict))
    if mark.note:
        long.append("✎")
        short.append("✎")
    return FitCell(long, short)


def others_names(marks: Iterable[Mark], palette: Palette = COLOUR, name_width: int = 10) -> Text:
    """Other reviewers' marks on a claim by name: "ann✓ bob✗"."""
    cell = Text()
    for mark in sorted(marks, key=lambda m: m.reviewer):
        if cell:
            cell.append(" ")
        cell.append(one_line(mark.reviewer)[:name_width])
        cell.append(VERDICT_SYMBOL.get(mark.verdict, "?"), style=palette.verdict(mark.verdict))
    return cell


def others_tally(marks: Iterable[Mark], palette: Palette = COLOUR) -> Text:
    """Other reviewers' marks on a claim counted by verdict: "✓2 ✗1" (the names are in the
    detail under the table)."""
    counts: dict[Verdict, int] = {}
    for mark in marks:
        counts[mark.verdict] = counts.get(mark.verdict, 0) + 1
    cell = Text()
    for verdict in VERDICT_SYMBOL:  # always in the same order, so columns of counts line up
        if counts.get(verdict):
            if cell:
                cell.append(" ")
            cell.append(VERDICT_SYMBOL[verdict], style=palette.verdict(verdict))
            cell.append(str(counts[verdict]))
    return cell


def others_cell(marks: Iterable[Mark], palette: Palette = COLOUR) -> FitCell:
    """Other reviewers' marks: by name, or counted by verdict where the names do not fit."""
    marks = list(marks)
    return FitCell(others_names(marks, palette), others_tally(marks, palette))


def verified_cell(verified: bool | None, confidence: float | None, palette: Palette = COLOUR) -> Text:
    """The report's own ✓ / × and its confidence (".90")."""
    if verified:
        cell = Text("✓", style=palette.good)
    elif verified is False:
        cell = Text("×", style=palette.bad)
    else:
        cell = Text("?")
    if confidence is not None:
        cell.append(f" {confidence:.2f}".replace(" 0.", " .").replace(" 1.00", " 1.0"))
    return cell


def split_marks(
    current: Mapping[tuple[int, str], Mark], reviewer: str
) -> tuple[dict[int, Mark], dict[int, list[Mark]]]:
    """Current marks split into mine (claim -> mark) and others' (claim -> marks)."""
    mine: dict[int, Mark] = {}
    others: dict[int, list[Mark]] = {}
    for (claim, who), mark in current.items():
        if mark.verdict == Verdict.CLEARED:
            continue
        if who == reviewer:
            mine[claim] = mark
        else:
            others.setdefault(claim, []).append(mark)
    return mine, others


def marks_text(marks: dict[str, str], palette: Palette = COLOUR) -> Text:
    """reviewer -> verdict value, as 'ann ✓confirmed bob ✗disputed'; 'unmarked' when empty."""
    if not marks:
        return Text("unmarked", style="dim")
    text = Text()
    for reviewer in sorted(marks):
        if text:
            text.append(" ")
        text.append(f"{one_line(reviewer)[:12]} ")
        text.append(marks[reviewer], style=palette.verdict_value(marks[reviewer]))
    return text
