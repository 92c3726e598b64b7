"""``claimdesk show REPORT [--json]``: one report (a file or a library id), for a person or as JSON.

Report text is hostile: it is only ever placed in ``rich.text.Text`` objects
(never parsed as markup), and the parser has already removed control
sequences, so nothing a report contains can style or steer the terminal.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from claimdesk.cli.common import db_option

if TYPE_CHECKING:
    from rich.console import Group, RenderableType
    from rich.text import Text

    from claimdesk.model import Report


@click.command("show")
@click.argument("target", metavar="REPORT")
@click.option("--json", "as_json", is_flag=True, help="Print the parsed report as JSON (report.schema.json).")
@db_option
def show(target: str, as_json: bool, db: Path | None) -> None:
    """Print one REPORT (a file, or a library id or unique prefix), for a person or as JSON."""
    from claimdesk.cli.common import named_report

    report = named_report(target, db)
    if as_json:
        from claimdesk.cli.streams import echo_json

        echo_json(report.to_dict())
        return
    from claimdesk.cli.streams import stdout_console

    console = stdout_console(highlight=False, markup=False, emoji=False, soft_wrap=False)
    console.print(render(report))


def render(report: Report) -> Group:
    """A person's view of a report, built only from Text objects and fixed labels."""
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    from claimdesk.sanitize import clean

    parts: list[RenderableType] = [Text(report.title, style="bold")]
    byline = " · ".join(x for x in (report.publisher, report.published, f"{report.layout.value} layout") if x)
    parts.append(Text(f"{byline} · id {clean(report.id)}", style="dim"))
    if report.research_question:
        parts.append(_labelled("Question", report.research_question))

    stats = report.stats
    counts = Table.grid(padding=(0, 2))
    counts.add_column(style="bold")
    counts.add_column()
    counts.add_row("Papers", Text(_value(stats.papers)))
    counts.add_row("Claims extracted", Text(_value(stats.claims_extracted)))
    counts.add_row("Claims verified", Text(_value(stats.claims_verified)))
    score = "–" if stats.review_score is None else f"{stats.review_score:g}/10"
    counts.add_row("Review score", Text(score))
    if report.claims:
        counts.add_row("Claim table", Text(f"{len(report.claims)} rows, {report.verified_count} ✓"))
    if report.gate:
        gate = report.gate
        counts.add_row("Gate", Text(" — ".join(x for x in (gate.status.value, gate.gate) if x)))
        if gate.reason:
            counts.add_row("", Text(gate.reason))
        if gate.evaluated_at:
            counts.add_row("", Text(f"evaluated {gate.evaluated_at}"))
    if report.verification_level:
        level = report.verification_level
        shown = f"L{level.level}" if level.level is not None else "L?"
        if level.label:
            shown += f", {level.label}"
        if level.source_grounded_claims is not None:
            shown += f" ({level.source_grounded_claims} source-grounded claims)"
        counts.add_row("Verification", Text(shown))
    if report.quality_tier:
        counts.add_row("Tier", Text(report.quality_tier.tier.value))
        if report.quality_tier.basis:
            counts.add_row("", Text(report.quality_tier.basis))
    for name, level in report.quality_dimensions:
        counts.add_row(Text(name.replace("_", " ")), Text(level.value))
    if report.correction_record:
        record = report.correction_record
        counts.add_row("Corrections", Text(f"{record.state.value}, {record.count} correction(s)"))
    for key, value in report.provenance or ():
        counts.add_row(Text(key.replace("_", " ")), Text(value))
    parts.append(counts)

    if report.abstract:
        parts.append(_labelled("Abstract", report.abstract))
    if report.claims:
        table = Table(title="Claims", title_justify="left", expand=False, show_lines=False)
        table.add_column("#", justify="right")
        table.add_column("Claim", overflow="fold")
        table.add_column("✓/×", justify="center")
        table.add_column("Confidence", justify="right")
        for claim in report.claims:
            mark = {True: "✓", False: "×", None: "?"}[claim.verified]
            conf = "–" if claim.confidence is None else f"{claim.confidence:.2f}"
            table.add_row(Text(str(claim.index)), Text(claim.text), Text(mark), Text(conf))
        parts.append(table)
    else:
        parts.append(Text("No claim table in this report.", style="dim"))
    if report.references:
        refs = Text("References\n", style="bold")
        for ref in report.references:
            refs.append(Text(f"  {ref.kind.value:<5} {ref.id or ''}  "))
            refs.append(Text(ref.url, style="dim"))
            refs.append("\n")
        parts.append(refs)
    for warning in report.warnings:
        parts.append(Text(f"warning: {warning}", style="yellow"))
    return Group(*parts)


def _value(number: int | None) -> str:
    return "–" if number is None else str(number)


def _labelled(label: str, text: str) -> Text:
    from rich.text import Text

    result = Text(f"{label}: ", style="bold")
    result.append(Text(text))
    return result
