"""Report data turned into ``rich.text.Text`` for the desk.

Report text is hostile: every string that came from a report or a reviewer goes
through ``plain`` (control sequences removed) and into a ``Text`` object, never
into a markup string, so ``[bold]`` in a title is shown as typed.
Nothing here imports Textual; the functions are plain and easy to test.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from claimdesk.model import (
    CorrectionEvent,
    Finding,
    Level,
    Mark,
    Report,
    Tier,
    Triage,
    Verdict,
)
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
VERDICT_STYLE = {
    Verdict.CONFIRMED: "bold green",
    Verdict.DISPUTED: "bold red",
    Verdict.UNSUPPORTED: "bold magenta",
    Verdict.NEEDS_CHECK: "bold yellow",
    Verdict.CLEARED: "dim",
}
VERDICT_SYMBOL = {
    Verdict.CONFIRMED: "✓",
    Verdict.DISPUTED: "✗",
    Verdict.UNSUPPORTED: "∅",
    Verdict.NEEDS_CHECK: "?",
    Verdict.CLEARED: "·",
}
VERDICT_STYLE_BY_VALUE = {verdict.value: style for verdict, style in VERDICT_STYLE.items()}
SEVERITY_STYLE = {"high": "bold red", "medium": "yellow", "low": "dim"}


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


# --- what the tier thresholds say (quality-tiers-v1)

TIER_RULES: tuple[tuple[Tier, str], ...] = (
    (Tier.FLAGSHIP_CANDIDATE, "score ≥ 8.5, ≥ 5 verified claims, reproducibility HIGH"),
    (Tier.DOI_GRADE, "score ≥ 7.5, ≥ 1 verified claim"),
    (Tier.PUBLIC_RECORD, "score ≥ 5.0"),
    (Tier.WATCHLIST, "score ≤ 7.49"),
    (Tier.QUARANTINE_CANDIDATE, "low-scoring (score < 5.0)"),
)


def tier_rule_holds(
    tier: Tier, score: float | None, verified: int | None, reproducibility: Level | None
) -> bool | None:
    """Whether the report meets ``tier``'s published thresholds; None when it cannot be told."""
    if score is None:
        return None
    if tier == Tier.FLAGSHIP_CANDIDATE:
        if score < 8.5 or (verified is not None and verified < 5):
            return False
        if verified is None or reproducibility is None:
            return None
        return reproducibility == Level.HIGH
    if tier == Tier.DOI_GRADE:
        if score < 7.5 or verified == 0:
            return False
        return None if verified is None else True
    if tier == Tier.PUBLIC_RECORD:
        return score >= 5.0
    if tier == Tier.WATCHLIST:
        return score <= 7.49
    return score < 5.0


# --- tab bodies: rich renderables built from Text, never from markup


class Section:
    """A heading, key/value rows in a two-column grid, and free text, in order."""

    def __init__(self) -> None:
        self.parts: list[RenderableType] = []
        self._grid: Table | None = None

    def _flush(self) -> None:
        if self._grid is not None:
            self.parts.append(self._grid)
            self._grid = None

    def heading(self, title: str) -> "Section":
        self._flush()
        if self.parts:
            self.parts.append(Text(""))
        self.parts.append(Text(title, style="bold underline"))
        return self

    def row(self, label: str, value: object, style: str = "") -> "Section":
        if self._grid is None:
            self._grid = Table.grid(padding=(0, 1), expand=True)
            self._grid.add_column(width=LABEL_WIDTH, no_wrap=True, overflow="ellipsis")
            self._grid.add_column(ratio=1)
        shown = value if isinstance(value, Text) else Text(plain(value) if value not in (None, "") else "—", style=style)
        self._grid.add_row(Text(plain(label), style="bold"), shown)
        return self

    def text(self, value: Text | str, style: str = "") -> "Section":
        self._flush()
        self.parts.append(value if isinstance(value, Text) else Text(value, style=style))
        return self

    def render(self) -> Group:
        self._flush()
        return Group(*self.parts)


LABEL_WIDTH = 22


def findings_section(section: Section, findings: Sequence[Finding]) -> None:
    section.heading(f"Findings ({len(findings)})")
    if not findings:
        section.text("No findings.", style="dim")
    for finding in findings:
        line = Text()
        line.append(f"{finding.severity.upper():<7}", style=SEVERITY_STYLE.get(finding.severity, ""))
        if finding.claim is not None:
            line.append(f"claim {finding.claim}: ", style="bold")
        line.append(plain(finding.message))
        line.append(f"  ({plain(finding.code)})", style="dim")
        section.text(line)


def agreement_section(section: Section, agreement) -> None:
    """Agreement among the reviewers of one report (claimdesk.agreement.Agreement)."""
    from claimdesk.agreement import COHEN, format_kappa, format_percent

    section.heading("Agreement")
    section.row("Reviewers", ", ".join(one_line(name) for name in agreement.reviewers) or "—")
    if not agreement.claims:
        section.text("No claim has marks from two or more reviewers yet.", style="dim")
        return
    section.row("Shared claims", agreement.claims)
    section.row("Agree", format_percent(agreement.percent))
    section.row("Cohen's κ" if agreement.method == COHEN else "Fleiss' κ", format_kappa(agreement.kappa))


def overview_text(report: Report, findings: Sequence[Finding], agreement=None) -> Group:
    """``agreement`` (claimdesk.agreement.Agreement) is shown when two or more reviewers marked claims."""
    section = Section()
    section.text(Text(plain(report.title) or "(untitled)", style="bold"))
    section.text("")
    section.row("Report id", report.id)
    section.row("Publisher", report.publisher)
    section.row("Published", report.published)
    section.row("Layout", report.layout.value)
    findings_section(section, findings)
    if agreement is not None:
        agreement_section(section, agreement)
    section.heading("Counts")
    stats = report.stats
    section.row("Papers retrieved", stats.papers)
    section.row("References listed", len(report.references))
    section.row("Claims (stated)", stats.claims_extracted)
    section.row("Claims (table)", len(report.claims))
    section.row("Verified (stated)", stats.claims_verified)
    section.row("Verified (table ✓)", report.verified_count)
    section.row("Review score", None if stats.review_score is None else f"{stats.review_score:g}/10")
    section.heading("Research question")
    section.text(Text(plain(report.research_question) or "—"))
    section.heading("Abstract")
    section.text(Text(plain(report.abstract) or "—"))
    return section.render()


def _verified_for_tiers(report: Report) -> int | None:
    if report.stats.claims_verified is not None:
        return report.stats.claims_verified
    if report.claims:
        return report.verified_count
    return None


def gates_text(report: Report) -> Group:
    section = Section()
    section.heading("Truth-engine gate verdict")
    gate = report.gate
    if gate is None:
        section.text("The report states no gate verdict.", style="dim")
    else:
        status_style = {"VERIFIED": "bold green", "FALSIFIED": "bold red"}.get(gate.status.value, "bold yellow")
        section.row("Status", gate.status.value, status_style)
        section.row("Gate", gate.gate)
        section.row("Reason", gate.reason)
        section.row("Evaluated", gate.evaluated_at)
    section.heading("Verification level")
    level = report.verification_level
    if level is None:
        section.text("The report states no verification level.", style="dim")
    else:
        section.row("Paper level", None if level.level is None else f"L{level.level}")
        section.row("Label", level.label)
        section.row("Source-grounded claims", level.source_grounded_claims)
        section.row("Claim record source", level.claim_record_source)
    section.heading("Quality tier")
    printed = report.quality_tier.tier if report.quality_tier else None
    section.row("Printed tier", printed.value if printed else "none printed", tier_style(printed.value if printed else None))
    if report.quality_tier is not None:
        section.row("Basis", report.quality_tier.basis)
    score = report.stats.review_score
    verified = _verified_for_tiers(report)
    reproducibility = report.dimensions.get("reproducibility_status")
    facts = Text(
        f"score {'?' if score is None else f'{score:g}'}, "
        f"{'?' if verified is None else verified} verified, "
        f"reproducibility {reproducibility.value if reproducibility else '?'}"
    )
    section.row("The report has", facts)
    section.text(Text("What the tier thresholds say:", style="bold"))
    rules = Table.grid(padding=(0, 1), expand=True)
    rules.add_column(width=LABEL_WIDTH, no_wrap=True, overflow="ellipsis")
    rules.add_column(width=7, no_wrap=True)
    rules.add_column(ratio=1)
    for tier, rule in TIER_RULES:
        holds = tier_rule_holds(tier, score, verified, reproducibility)
        verdict, style = {True: ("meets", "green"), False: ("fails", "red"), None: ("unknown", "dim")}[holds]
        name = Text("▶ " if tier == printed else "  ", style="bold")
        name.append(tier.value, style="bold" if tier == printed else "")
        rules.add_row(name, Text(verdict, style=style), Text(rule, style="dim"))
    section.parts.append(rules)
    if printed is not None and tier_rule_holds(printed, score, verified, reproducibility) is False:
        section.text(Text("The printed tier's own threshold is not met.", style="bold yellow"))
    section.heading("Quality dimensions")
    if not report.quality_dimensions:
        section.text("The report states no quality dimensions.", style="dim")
    for name, lvl in report.quality_dimensions:
        style = {"HIGH": "green", "MEDIUM": "yellow", "LOW": "red"}.get(lvl.value, "dim")
        section.row(plain(name).replace("_", " "), lvl.value, style)
    return section.render()


def provenance_text(report: Report) -> Group:
    section = Section()
    section.heading("Provenance")
    if not report.provenance:
        section.text("The report states no provenance.", style="dim")
    for key, value in report.provenance or ():
        section.row(one_line(key), value)
    section.heading("Published correction record")
    record = report.correction_record
    if record is None:
        section.text("The report states no correction record.", style="dim")
    else:
        section.row("State", record.state.value)
        section.row("Correction count", record.count)
        section.row("Manifest contract", record.manifest_contract)
        section.row("Correction contract", record.correction_contract)
    section.heading(f"References ({len(report.references)})")
    if not report.references:
        section.text("No references listed.", style="dim")
    for number, ref in enumerate(report.references, 1):
        line = Text(f"{number:>3}. ")
        line.append(f"{ref.kind.value:<6}", style="bold")
        line.append(f"{plain(ref.id) or '—':<22} ")
        line.append(plain(ref.url), style="dim")
        section.text(line)
    return section.render()


def corrections_text(
    events: Sequence[CorrectionEvent], marks: Sequence[Mark], triage: Sequence[Triage] = ()
) -> Group:
    section = Section()
    section.heading(f"Correction events filed here ({len(events)})")
    if not events:
        section.text("None yet. Press C to file one.", style="dim")
    for event in events:
        line = Text(plain(event.corrected_at)[:19] + "  ", style="dim")
        line.append(event.correction_type.value, style="bold")
        if event.claim is not None:
            line.append(f"  claim {event.claim}")
        line.append(f"  by {plain(event.reviewer)}\n")
        line.append("    " + plain(event.public_note).replace("\n", "\n    "))
        if event.affected_fields:
            line.append("\n    fields: " + ", ".join(plain(f) for f in event.affected_fields), style="dim")
        line.append(f"\n    event {plain(event.event_id)}", style="dim")
        if event.supersedes:
            line.append(f"  supersedes {plain(event.supersedes)}", style="dim")
        section.text(line)
    section.heading(f"Triage decisions ({len(triage)})")
    if not triage:
        section.text("None yet. Press T to record one.", style="dim")
    for item in triage:
        line = Text(plain(item.at)[:19] + "  ", style="dim")
        line.append(f"{item.decision.value:<11}", style="bold")
        line.append(f"by {plain(item.reviewer)}")
        if item.note:
            line.append(f"  {one_line(item.note)}")
        section.text(line)
    section.heading(f"History of marks ({len(marks)})")
    if not marks:
        section.text("No marks yet.", style="dim")
    for mark in marks:
        line = Text(plain(mark.at)[:19] + "  ", style="dim")
        line.append(f"claim {mark.claim:<3} ")
        line.append(f"{mark.verdict.value:<12}", style=VERDICT_STYLE.get(mark.verdict, ""))
        line.append(f"by {plain(mark.reviewer)}")
        if mark.note:
            line.append(f"  {one_line(mark.note)}", style="italic")
        section.text(line)
    return section.render()


# --- claims table cells


def verdict_cell(mark: Mark | None) -> Text:
    if mark is None:
        return Text("·", style="dim")
    cell = Text(VERDICT_SHORT.get(mark.verdict, mark.verdict.value), style=VERDICT_STYLE.get(mark.verdict, ""))
    if mark.note:
        cell.append("✎", style="dim")
    return cell


def others_cell(marks: Iterable[Mark]) -> Text:
    cell = Text()
    for mark in sorted(marks, key=lambda m: m.reviewer):
        if cell:
            cell.append(" ")
        cell.append(one_line(mark.reviewer)[:10])
        cell.append(VERDICT_SYMBOL.get(mark.verdict, "?"), style=VERDICT_STYLE.get(mark.verdict, ""))
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


def marks_text(marks: dict[str, str]) -> Text:
    """reviewer -> verdict value, as 'ann ✓confirmed bob ✗disputed'; 'unmarked' when empty."""
    if not marks:
        return Text("unmarked", style="dim")
    text = Text()
    for reviewer in sorted(marks):
        if text:
            text.append(" ")
        text.append(f"{one_line(reviewer)[:12]} ")
        text.append(marks[reviewer], style=VERDICT_STYLE_BY_VALUE.get(marks[reviewer], ""))
    return text
