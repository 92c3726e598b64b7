"""The report tabs' bodies (overview, gates, provenance, corrections) as rich renderables.

Built from ``Text`` only, never from markup, with the helpers in ``claimdesk.tui.text``;
nothing here imports Textual.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from claimdesk.model import CorrectionEvent, Finding, Mark, Report, Triage
from claimdesk.tui.text import COLOUR, Palette, one_line, plain, tier_style, verdict_text


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
# Import warnings are shown one line each, the first WARNINGS_SHOWN of them, each cut at
# WARNING_CHARS: a JSON report may carry any number of its own, of any length.
WARNINGS_SHOWN = 8
WARNING_CHARS = 160


def findings_section(section: Section, findings: Sequence[Finding], palette: Palette = COLOUR) -> None:
    section.heading(f"Findings ({len(findings)})")
    if not findings:
        section.text("No findings.", style="dim")
    for finding in findings:
        line = Text()
        line.append(f"{finding.severity.upper():<7}", style=palette.severity(finding.severity))
        if finding.claim is not None:
            line.append(f"claim {finding.claim}: ", style="bold")
        line.append(plain(finding.message))
        line.append(f"  ({plain(finding.code)})", style="dim")
        section.text(line)


def warnings_section(section: Section, report: Report, palette: Palette = COLOUR) -> None:
    """What the import removed or could not read (control sequences, skipped claim lines):
    the reviewer must know the text shown is not the whole of what was published."""
    warnings = report.warnings
    section.heading(f"Import warnings ({len(warnings)})")
    for warning in warnings[:WARNINGS_SHOWN]:
        line = one_line(warning)
        if len(line) > WARNING_CHARS:
            line = line[: WARNING_CHARS - 1] + "…"
        section.text(Text.assemble(("! ", palette.warn), line))
    if len(warnings) > WARNINGS_SHOWN:
        section.text(f"… and {len(warnings) - WARNINGS_SHOWN} more (claimdesk show {one_line(report.id)} lists them all)",
                     style="dim")


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


def overview_text(report: Report, findings: Sequence[Finding], agreement=None, palette: Palette = COLOUR) -> Group:
    """``agreement`` (claimdesk.agreement.Agreement) is shown when two or more reviewers marked claims."""
    section = Section()
    section.text(Text(plain(report.title) or "(untitled)", style="bold"))
    section.text("")
    section.row("Report id", report.id)
    section.row("Publisher", report.publisher)
    section.row("Published", report.published)
    section.row("Layout", report.layout.value)
    if report.warnings:
        warnings_section(section, report, palette)
    findings_section(section, findings, palette)
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


def gates_text(report: Report, palette: Palette = COLOUR) -> Group:
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
    from claimdesk.checks.rules import TIER_RULES, assess_tiers, tier_facts

    facts = tier_facts(report)
    score, verified, reproducibility = facts.score, facts.verified, facts.reproducibility
    facts_text = Text(
        f"score {'?' if score is None else f'{score:g}'}, "
        f"{'?' if verified is None else verified} verified, "
        f"reproducibility {reproducibility.value if reproducibility else '?'}"
    )
    section.row("The report has", facts_text)
    section.text(Text("What the tier thresholds say:", style="bold"))
    rules = Table.grid(padding=(0, 1), expand=True)
    rules.add_column(width=LABEL_WIDTH, no_wrap=True, overflow="ellipsis")
    rules.add_column(width=7, no_wrap=True)
    rules.add_column(ratio=1)
    assessments = assess_tiers(facts)
    for rule, assessment in zip(TIER_RULES, assessments):
        verdict, style = {True: ("meets", palette.good), False: ("fails", palette.bad), None: ("unknown", "dim")}[assessment.holds]
        name = Text("▶ " if rule.tier == printed else "  ", style="bold")
        name.append(rule.tier.value, style="bold" if rule.tier == printed else "")
        rules.add_row(name, Text(verdict, style=style), Text(rule.stated, style="dim"))
    section.parts.append(rules)
    printed_assessment = next((a for a in assessments if a.tier == printed), None)
    if printed_assessment is not None and printed_assessment.holds is False:
        section.text(Text("The printed tier's own threshold is not met: " + "; ".join(printed_assessment.problems) + ".", style="bold"))
    section.heading("Quality dimensions")
    if not report.quality_dimensions:
        section.text("The report states no quality dimensions.", style="dim")
    for name, lvl in report.quality_dimensions:
        style = {"HIGH": palette.good, "MEDIUM": palette.warn, "LOW": palette.bad}.get(lvl.value, "dim")
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
    events: Sequence[CorrectionEvent], marks: Sequence[Mark], triage: Sequence[Triage] = (), palette: Palette = COLOUR
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
        verdict = verdict_text(mark.verdict, palette)
        verdict.append(" " * max(0, 14 - verdict.cell_len))  # the reviewers in a column
        line.append_text(verdict)
        line.append(f"by {plain(mark.reviewer)}")
        if mark.note:
            line.append(f"  {one_line(mark.note)}", style="italic")
        section.text(line)
    return section.render()
