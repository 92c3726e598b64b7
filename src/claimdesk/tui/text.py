"""Report data turned into ``rich.text.Text`` for the desk.

Report text is hostile: every string that came from a report or a reviewer goes
through ``plain`` (control sequences removed) and into a ``Text`` object, never
into a markup string, so ``[bold]`` in a title is shown as typed.
Nothing here imports Textual; the functions are plain and easy to test.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

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


def tier_by_thresholds(
    score: float | None, verified: int | None, reproducibility: Level | None
) -> tuple[Tier | None, str]:
    """The highest tier the published thresholds allow, and why."""
    if score is None:
        return None, "no review score stated, so the thresholds cannot place it"
    verified = verified or 0
    if score >= 8.5 and verified >= 5 and reproducibility == Level.HIGH:
        return Tier.FLAGSHIP_CANDIDATE, f"score {score:g} ≥ 8.5, {verified} verified ≥ 5, reproducibility HIGH"
    if score >= 7.5 and verified >= 1:
        return Tier.DOI_GRADE, f"score {score:g} ≥ 7.5 and {verified} verified ≥ 1"
    if score >= 5.0:
        return Tier.PUBLIC_RECORD, f"score {score:g} ≥ 5.0 (DOI_GRADE needs ≥ 7.5 and a verified claim)"
    return Tier.QUARANTINE_CANDIDATE, f"score {score:g} < 5.0: below PUBLIC_RECORD; low-scoring"


# --- tab bodies


def _row(text: Text, label: str, value: object, style: str = "") -> None:
    text.append(f"{label:<22}", style="bold")
    text.append(plain(value) if value not in (None, "") else "—", style=style)
    text.append("\n")


def _heading(text: Text, title: str) -> None:
    if text:
        text.append("\n")
    text.append(title, style="bold underline")
    text.append("\n")


def findings_text(text: Text, findings: Sequence[Finding]) -> None:
    _heading(text, f"Findings ({len(findings)})")
    if not findings:
        text.append("No findings.\n", style="dim")
    for finding in findings:
        text.append(f"{finding.severity.upper():<7}", style=SEVERITY_STYLE.get(finding.severity, ""))
        if finding.claim is not None:
            text.append(f"claim {finding.claim}: ", style="bold")
        text.append(plain(finding.message))
        text.append(f"  ({plain(finding.code)})\n", style="dim")


def overview_text(report: Report, findings: Sequence[Finding]) -> Text:
    text = Text()
    text.append(plain(report.title) or "(untitled)", style="bold")
    text.append("\n\n")
    _row(text, "Report id", report.id)
    _row(text, "Publisher", report.publisher)
    _row(text, "Published", report.published)
    _row(text, "Layout", report.layout.value)
    _heading(text, "Research question")
    text.append((plain(report.research_question) or "—") + "\n")
    _heading(text, "Abstract")
    text.append((plain(report.abstract) or "—") + "\n")
    _heading(text, "Counts")
    stats = report.stats
    _row(text, "Papers retrieved", stats.papers)
    _row(text, "References listed", len(report.references))
    _row(text, "Claims (stated)", stats.claims_extracted)
    _row(text, "Claims (table)", len(report.claims))
    _row(text, "Verified (stated)", stats.claims_verified)
    _row(text, "Verified (table ✓)", report.verified_count)
    _row(text, "Review score", None if stats.review_score is None else f"{stats.review_score:g}/10")
    findings_text(text, findings)
    return text


def gates_text(report: Report) -> Text:
    text = Text()
    _heading(text, "Truth-engine gate verdict")
    gate = report.gate
    if gate is None:
        text.append("The report states no gate verdict.\n", style="dim")
    else:
        status_style = {"VERIFIED": "bold green", "FALSIFIED": "bold red"}.get(gate.status.value, "bold yellow")
        _row(text, "Status", gate.status.value, status_style)
        _row(text, "Gate", gate.gate)
        _row(text, "Reason", gate.reason)
        _row(text, "Evaluated", gate.evaluated_at)
    _heading(text, "Verification level")
    level = report.verification_level
    if level is None:
        text.append("The report states no verification level.\n", style="dim")
    else:
        _row(text, "Paper level", None if level.level is None else f"L{level.level}")
        _row(text, "Label", level.label)
        _row(text, "Source-grounded claims", level.source_grounded_claims)
        _row(text, "Claim record source", level.claim_record_source)
    _heading(text, "Quality tier")
    dims = report.dimensions
    thresholds, why = tier_by_thresholds(
        report.stats.review_score,
        report.stats.claims_verified if report.stats.claims_verified is not None else report.verified_count,
        dims.get("reproducibility_status"),
    )
    printed = report.quality_tier.tier.value if report.quality_tier else None
    _row(text, "Printed tier", printed, tier_style(printed))
    if report.quality_tier is not None:
        _row(text, "Basis", report.quality_tier.basis)
    _row(text, "Thresholds say", thresholds.value if thresholds else None, tier_style(thresholds.value if thresholds else None))
    text.append(" " * 22 + plain(why) + "\n", style="dim")
    if printed and thresholds and printed != thresholds.value:
        text.append(" " * 22 + "The printed tier differs from what the thresholds give.\n", style="bold yellow")
    _heading(text, "Quality dimensions")
    if not report.quality_dimensions:
        text.append("The report states no quality dimensions.\n", style="dim")
    for name, lvl in report.quality_dimensions:
        style = {"HIGH": "green", "MEDIUM": "yellow", "LOW": "red"}.get(lvl.value, "dim")
        _row(text, plain(name).replace("_", " "), lvl.value, style)
    return text


def provenance_text(report: Report) -> Text:
    text = Text()
    _heading(text, "Provenance")
    if not report.provenance:
        text.append("The report states no provenance.\n", style="dim")
    for key, value in report.provenance or ():
        _row(text, one_line(key)[:21], value)
    _heading(text, "Published correction record")
    record = report.correction_record
    if record is None:
        text.append("The report states no correction record.\n", style="dim")
    else:
        _row(text, "State", record.state.value)
        _row(text, "Correction count", record.count)
        _row(text, "Manifest contract", record.manifest_contract)
        _row(text, "Correction contract", record.correction_contract)
    _heading(text, f"References ({len(report.references)})")
    if not report.references:
        text.append("No references listed.\n", style="dim")
    for number, ref in enumerate(report.references, 1):
        text.append(f"{number:>3}. ")
        text.append(f"{ref.kind.value:<6}", style="bold")
        text.append(f"{plain(ref.id) or '—':<22} ")
        text.append(plain(ref.url), style="dim")
        text.append("\n")
    return text


def corrections_text(
    events: Sequence[CorrectionEvent], marks: Sequence[Mark], triage: Sequence[Triage] = ()
) -> Text:
    text = Text()
    _heading(text, f"Correction events filed here ({len(events)})")
    if not events:
        text.append("None yet. Press C to file one.\n", style="dim")
    for event in events:
        text.append(plain(event.corrected_at)[:19] + "  ", style="dim")
        text.append(event.correction_type.value, style="bold")
        if event.claim is not None:
            text.append(f"  claim {event.claim}")
        text.append(f"  by {plain(event.reviewer)}\n")
        text.append("    " + plain(event.public_note).replace("\n", "\n    ") + "\n")
        if event.affected_fields:
            text.append("    fields: " + ", ".join(plain(f) for f in event.affected_fields) + "\n", style="dim")
        text.append(f"    event {plain(event.event_id)}", style="dim")
        if event.supersedes:
            text.append(f"  supersedes {plain(event.supersedes)}", style="dim")
        text.append("\n")
    _heading(text, f"Triage decisions ({len(triage)})")
    if not triage:
        text.append("None yet. Press T to record one.\n", style="dim")
    for item in triage:
        text.append(plain(item.at)[:19] + "  ", style="dim")
        text.append(f"{item.decision.value:<11}", style="bold")
        text.append(f"by {plain(item.reviewer)}")
        if item.note:
            text.append(f"  {one_line(item.note)}")
        text.append("\n")
    _heading(text, f"History of marks ({len(marks)})")
    if not marks:
        text.append("No marks yet.\n", style="dim")
    for mark in marks:
        text.append(plain(mark.at)[:19] + "  ", style="dim")
        text.append(f"claim {mark.claim:<3} ")
        text.append(f"{mark.verdict.value:<12}", style=VERDICT_STYLE.get(mark.verdict, ""))
        text.append(f"by {plain(mark.reviewer)}")
        if mark.note:
            text.append(f"  {one_line(mark.note)}", style="italic")
        text.append("\n")
    return text


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
