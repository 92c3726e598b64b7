"""``claimdesk check REPORT... [--json] [--fail-on SEVERITY]``: the triage checks on reports.

A REPORT that names a file (it exists, has a report suffix or a folder in it)
is parsed, a folder is checked file by file, and any other name is a report id
(or unique prefix) in the review library (claimdesk.cli.common decides, for
`show` too). Numbers are compared across every report named, and across the
whole library when ids are used. Report text reaches the terminal only through
``rich.text.Text``, never as markup.
"""

from __future__ import annotations

import os
from pathlib import Path

import click

from claimdesk.cli.common import db_option, existing_store, library_report, looks_like_file


def _files_in(folder: Path) -> list[Path]:
    from claimdesk.reportfiles import report_files

    return report_files(folder)


def _gather(targets: tuple[str, ...], db: Path | None):  # -> (reports to check, the library's figures)
    """The reports named on the command line, and the library's figures they are compared with."""
    from claimdesk.parsing import parse_file

    named = []
    store = None
    for target in targets:
        path = Path(target)
        if os.path.isdir(path):
            named.extend(parse_file(file) for file in _files_in(path))
        elif looks_like_file(target):
            named.append(parse_file(path))
        else:
            if store is None:
                store = existing_store(db, target)
            named.append(library_report(store, target))
    # Only figures for the same subject can conflict: the store's figure index holds them by
    # subject, so no other report is read.
    peers = store.number_peers(named) if store is not None else []
    return named, peers


@click.command("check")
@click.argument("targets", nargs=-1, required=True, metavar="REPORT...")
@click.option("--json", "as_json", is_flag=True, help="Print the findings as JSON.")
@click.option(
    "--fail-on",
    type=click.Choice(["high", "medium", "low"]),
    default=None,
    help="Exit 1 when a finding reaches this severity (default: always exit 0).",
)
@db_option
def check(targets: tuple[str, ...], as_json: bool, fail_on: str | None, db: Path | None) -> None:
    """Run the triage checks on REPORTs: files, folders, or library ids (or unique prefixes)."""
    from claimdesk.checks import SEVERITY_RANK, check_with_numbers

    named, peers = _gather(targets, db)
    if not named:  # a wrong folder must not pass a `--fail-on` gate as "0 findings"
        from claimdesk.errors import NotFound
        from claimdesk.reportfiles import REPORT_SUFFIXES

        kinds = ", ".join(f"*{suffix}" for suffix in sorted(REPORT_SUFFIXES))
        raise NotFound(f"no reports to check: the folders named hold no report files ({kinds})")
    results = check_with_numbers(named, peers)
    _add_source_findings(named, results, db)
    rows = []
    seen: set[str] = set()
    for report in named:
        if report.id in seen:
            continue
        seen.add(report.id)
        rows.append((report.id, results.get(report.id, [])))

    if as_json:
        from claimdesk.cli.streams import echo_json

        echo_json([{"report": rid, "findings": [f.to_dict() for f in findings]} for rid, findings in rows])
    else:
        _print_table(rows)

    if fail_on is not None:
        limit = SEVERITY_RANK[fail_on]
        if any(SEVERITY_RANK.get(f.severity, 99) <= limit for _rid, findings in rows for f in findings):
            raise SystemExit(1)


def _add_source_findings(named, results, db: Path | None) -> None:
    """The two source checks, for reports whose sources the database holds (after `claimdesk sources`)."""
    from claimdesk.cli.common import resolve_db

    root = resolve_db(db)
    if not (root / "sources").is_dir():
        return  # nothing fetched or added: the source checks stay silent
    from claimdesk.checks.grounding import grounding_findings
    from claimdesk.checks.registry import sort_key
    from claimdesk.evidence import evidence_for_report
    from claimdesk.sources import SourceStore

    store = SourceStore(root)
    for report in named:
        extra = grounding_findings(report, evidence_for_report(root, report, store=store))
        if extra:
            results[report.id] = sorted([*results.get(report.id, []), *extra], key=sort_key)


_SEVERITY_STYLE = {"high": "bold red", "medium": "yellow", "low": "cyan"}


def _print_table(rows) -> None:  # rows: list[tuple[str, list[Finding]]]
    """One block per report: its id, then its findings worst first."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    from claimdesk.cli.streams import stdout_console
    from claimdesk.sanitize import clean

    console = stdout_console(highlight=False, markup=False, emoji=False)
    total = 0
    for report_id, findings in rows:
        heading = Text(clean(report_id), style="bold")
        if not findings:
            heading.append("  no findings", style="green")
            console.print(heading)
            continue
        heading.append(f"  {len(findings)} finding{'s' if len(findings) != 1 else ''}", style="dim")
        console.print(heading)
        table = Table(box=box.SIMPLE, show_edge=False, pad_edge=False, header_style="bold")
        table.add_column("Severity", no_wrap=True)
        table.add_column("Code", no_wrap=True)
        table.add_column("Claim", justify="right", no_wrap=True)
        table.add_column("Finding", overflow="fold", ratio=1)
        for item in findings:
            total += 1
            table.add_row(
                Text(item.severity, style=_SEVERITY_STYLE.get(item.severity, "")),
                Text(item.code),
                Text("" if item.claim is None else str(item.claim)),
                Text(clean(item.message)),
            )
        console.print(table)
    flagged = sum(1 for _rid, findings in rows if findings)
    console.print(Text(f"{total} finding{'s' if total != 1 else ''} in {flagged} of {len(rows)} reports"))
