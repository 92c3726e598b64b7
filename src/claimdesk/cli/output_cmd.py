"""Output commands: export (reviews in the publisher's formats) and stats.

Imports stay inside the functions, as in the other command modules.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import click

from claimdesk.cli.common import db_option, open_store, resolve_reviewer, reviewer_option, safe

EXPORT_FORMATS = ("json", "csv", "markdown", "claimreview", "correction-record")


@click.command("export")
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS), default="json", show_default=True)
@click.option("--report", "report", default=None, help="Only this report (id or unique prefix).")
@click.option(
    "-o", "--output", type=click.Path(path_type=Path, dir_okay=False, allow_dash=True), default=None,
    help="Write to FILE (- for standard output).",
)
@db_option
@reviewer_option  # who you are: blind review leaves out others' marks on claims you have not marked
def export(fmt: str, report: str | None, output: Path | None, db: Path | None, reviewer: str | None) -> None:
    """Export reviews as json, csv, markdown, claimreview (JSON-LD) or correction-record.

    correction-record is per report and needs --report. With blind review on
    (claimdesk config blind on), other reviewers' marks on a claim are left
    out until you (--reviewer) have marked that claim.
    """
    from claimdesk.cli.streams import print_whole
    from claimdesk.export import hidden_marks, render_chunks

    if fmt == "correction-record" and report is None:
        raise click.UsageError("--format correction-record needs --report ID")
    store = open_store(db)
    ids = [store.resolve(report)] if report is not None else None
    viewer = resolve_reviewer(reviewer) if store.settings().blind else None
    if viewer is not None:
        hidden = hidden_marks(store, viewer, ids)
        if hidden:
            click.echo(
                f"blind review: {hidden} mark{'s' if hidden != 1 else ''} by other reviewers left out "
                f"until {safe(viewer)} marks those claims",
                err=True,
            )
    chunks = render_chunks(store, fmt, ids, viewer=viewer)
    if output is None or str(output) == "-":
        print_whole(chunks)
        return
    _write_output(output, chunks, store.root)
    click.echo(f"wrote {fmt} export to {safe(output)}", err=True)


def _write_output(path: Path, chunks: Iterable[str], database: Path) -> None:
    """Whole or not at all: written a part at a time to a temp file beside the target, then renamed.

    A symbolic link is written through (its target is replaced, the link stays); a device or
    FIFO is written into, as a shell's redirection would; the database's own files never.
    """
    import os

    from claimdesk.errors import StoreError

    target = Path(os.path.realpath(path))
    home = Path(os.path.realpath(database))
    if target == home or home in target.parents:
        raise StoreError(f"{safe(path)} is inside the review database; write the export elsewhere")
    def write_to(file: Path) -> None:
        with open(file, "w", encoding="utf-8") as out:
            out.writelines(chunks)

    if target.exists() and not target.is_file():
        try:
            write_to(target)
        except OSError as exc:
            raise StoreError(f"could not write {safe(path)}: {exc.strerror or exc}") from exc
        return
    temp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        write_to(temp)
        os.replace(temp, target)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise StoreError(f"could not write {safe(path)}: {exc.strerror or exc}") from exc
    except BaseException:
        temp.unlink(missing_ok=True)  # the export failed part way (damage it reports): no half file
        raise


@click.command("stats")
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON.")
@db_option
def stats(as_json: bool, db: Path | None) -> None:
    """Reports, claims marked by verdict and by reviewer, triage and corrections filed;
    agreement, and pace (claims per hour, median seconds per claim, time per report)."""
    from claimdesk.library_agreement import summary_lines
    from claimdesk.pace import pace_lines
    from claimdesk.tally import collect_stats

    store = open_store(db)
    collected = collect_stats(store)  # one pass over the review files, one at a time
    pace = collected.pace()
    counts = collected.to_dict()
    agreement = counts["agreement"]
    if as_json:
        from claimdesk.cli.streams import echo_json

        echo_json(counts)
        return
    from claimdesk.cli.streams import stdout_console
    from rich.table import Table
    from rich.text import Text

    table = Table(title=Text(f"claimdesk: {safe(counts['database'])}"), show_header=True, header_style="bold")
    table.add_column("")
    table.add_column("count", justify="right")
    table.add_row("reports", str(counts["reports"]))
    table.add_row("claims", str(counts["claims"]))
    table.add_row("claims with a current mark", str(counts["marked_claims"]))
    table.add_row("current marks (one per claim and reviewer)", str(counts["current_marks"]))
    for verdict, n in counts["by_verdict"].items():
        table.add_row(Text(f"  {verdict}"), str(n))
    for name, n in counts["by_reviewer"].items():
        table.add_row(Text(f"  by {safe(name)}"), str(n["current"]))
    table.add_row("marks ever made (replaced and cleared too)", str(counts["marks_total"]))
    for name, n in counts["by_reviewer"].items():
        table.add_row(Text(f"  by {safe(name)}"), str(n["marks"]))
    for decision, n in counts["triage"].items():
        table.add_row(Text(f"reports triaged {decision}"), str(n))
    table.add_row("corrections filed", str(counts["corrections"]))
    console = stdout_console()
    console.print(table)
    for line in summary_lines(agreement):
        console.print(Text(safe(line)), soft_wrap=True)  # it names reviewers
    for line in pace_lines(pace):
        console.print(Text(line), soft_wrap=True)  # pace_lines cleans the names
