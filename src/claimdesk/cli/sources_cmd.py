"""``claimdesk sources fetch|add|list`` and ``claimdesk evidence``: the text of the cited papers, and
each claim beside the passages that bear on it.

Source text is untrusted: it reaches the terminal only through ``clean`` and ``rich.text.Text``.
"""

from __future__ import annotations

from pathlib import Path

import click

from claimdesk.cli.common import db_option, hand_down
from claimdesk.cli.streams import stderr_is_terminal


def _store(db: Path | None):  # -> ReviewStore
    from claimdesk.cli.common import resolve_db
    from claimdesk.cli.inputs import require_database
    from claimdesk.store import ReviewStore

    root = resolve_db(db)
    require_database(root, "`claimdesk import` adds reports")  # never creates a database
    return ReviewStore(root)


def _reports(store, names: tuple[str, ...]):
    if names:
        return [store.report(store.resolve(name)) for name in names]
    return [store.report(summary.id) for summary in store.summaries()]


def _console():
    from claimdesk.cli.streams import stdout_console

    return stdout_console(highlight=False, markup=False, emoji=False)


def _on_terminal() -> bool:
    """A progress bar only for a person watching (stderr is a terminal), never in a pipe or a log."""
    return stderr_is_terminal()


@click.group("sources")
@db_option
@click.pass_context
def sources(ctx: click.Context, db: Path | None) -> None:
    """Fetch, add and list the texts of the papers a report cites.

    --db may come before `sources`, after it or after the subcommand; the last one wins.
    """
    hand_down(ctx, sources.commands, db=db)


@sources.command("fetch", short_help="Fetch the sources of reports (all when none is named).")
@click.argument("reports", nargs=-1, metavar="[REPORT...]")
@click.option("--refresh", is_flag=True, help="Fetch again sources already held (held text is kept if it fails).")
@db_option
def fetch(reports: tuple[str, ...], refresh: bool, db: Path | None) -> None:
    """Fetch every reference of the named reports (all reports when none are named)."""
    from rich.text import Text

    from claimdesk.sanitize import clean
    from claimdesk.sources.fetch import ABSTRACT, FAILED, HELD, fetch_sources

    store = _store(db)
    chosen = _reports(store, reports)
    console = _console()
    if _on_terminal():
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        # the description is a source id from the report: shown as plain text, never as markup
        columns = (TextColumn("fetching"), BarColumn(), MofNCompleteColumn(),
                   TextColumn("{task.description}", markup=False))
        with Progress(*columns, console=Console(stderr=True, markup=False, highlight=False), transient=True) as bar:
            task = bar.add_task("", total=None)

            def progress(done: int, total: int, what: str) -> None:
                bar.update(task, completed=done, total=total, description=clean(what)[:50])

            summary = fetch_sources(store.root, chosen, refresh=refresh, progress=progress)
    else:
        summary = fetch_sources(store.root, chosen, refresh=refresh)
    line = Text(f"held {summary.count(HELD)} · abstract only {summary.count(ABSTRACT)} · failed {summary.count(FAILED)}")
    if summary.skipped:
        line.append(f" · already held {summary.skipped} (--refresh fetches them again)", style="dim")
    console.print(line)
    for item in summary.outcomes:
        if item.outcome != FAILED and item.reason:
            console.print(Text(f"  {item.outcome} {clean(item.ident)}: {clean(item.reason)}", style="yellow"))
    for item in summary.failed:
        console.print(Text(f"  failed {clean(item.ident)}: {clean(item.reason or 'failed')}", style="red"))
    if summary.failed:  # only sources left without text: one whose held text was kept is no failure
        raise SystemExit(1)


@sources.command("add", short_help="Attach a local copy of one reference of a report.")
@click.argument("report", metavar="REPORT")
@click.option("--ref", "ref", type=int, required=True, help="The reference number (1-based, as `sources list` shows).")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@db_option
def add(report: str, ref: int, file: Path, db: Path | None) -> None:
    """Attach a local copy (.pdf, .txt, .md, .html) of reference N of REPORT."""
    from rich.text import Text

    from claimdesk.errors import ClaimdeskError, NotFound
    from claimdesk.sanitize import clean
    from claimdesk.sources import ExtractError, add_source

    store = _store(db)
    parsed = store.report(store.resolve(report))
    if not file.exists():
        raise ClaimdeskError(f"{clean(str(file))}: no such file")
    try:
        state = add_source(store.root, parsed, ref, file)
    except IndexError as exc:
        raise NotFound(str(exc)) from None
    except ExtractError as exc:
        raise ClaimdeskError(f"{clean(str(file))}: {exc}") from None
    _console().print(Text(f"held reference {ref} of {clean(parsed.id)}: {clean(state.ident)} ({state.depth.value})"))


@sources.command("list", short_help="Each reference: held, missing or failed, depth, origin.")
@click.argument("report", required=False, metavar="[REPORT]")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@db_option
def list_(report: str | None, as_json: bool, db: Path | None) -> None:
    """Each reference: its status (held, missing, failed), depth and origin."""
    from claimdesk.sources import SourceStore

    store = _store(db)
    chosen = _reports(store, (report,) if report else ())
    sources_store = SourceStore(store.root)
    rows = [(item.id, sources_store.states(item)) for item in chosen]
    if as_json:
        from claimdesk.cli.streams import echo_json

        data = [{"report": rid, "sources": [s.to_dict() for s in states]} for rid, states in rows]
        echo_json(data[0] if report else data)
        return
    _print_sources(rows)


_STATUS_STYLE = {"held": "green", "missing": "dim", "failed": "red"}


def _print_sources(rows) -> None:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    from claimdesk.sanitize import clean

    console = _console()
    for report_id, states in rows:
        console.print(Text(clean(report_id), style="bold"))
        if not states:
            console.print(Text("  the report lists no references", style="dim"))
            continue
        table = Table(box=box.SIMPLE, show_edge=False, pad_edge=False, header_style="bold")
        for name in ("Ref", "Status", "Depth", "Source", "Title / reason"):
            table.add_column(name, overflow="fold", no_wrap=name in ("Ref", "Status", "Depth"))
        for s in states:
            detail = s.error if s.status.value == "failed" else (s.title or s.origin or "")
            table.add_row(Text(str(s.ref)), Text(s.status.value, style=_STATUS_STYLE[s.status.value]),
                          Text(s.depth.value), Text(clean(s.ident)), Text(clean(detail or "")))
        console.print(table)


_SUPPORT_STYLE = {"supported": "green", "contradicted": "bold red", "not-found": "yellow", "no-source": "dim"}


@click.command("evidence")
@click.argument("report", metavar="REPORT")
@click.option("--claim", "claim", type=int, default=None, help="Only this claim (1-based).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (contracts/evidence.schema.json).")
@db_option
def evidence(report: str, claim: int | None, as_json: bool, db: Path | None) -> None:
    """For each claim, the passages of the report's sources that bear on it, and a suggestion."""
    from claimdesk.errors import NotFound
    from claimdesk.evidence import evidence_for_report

    store = _store(db)
    parsed = store.report(store.resolve(report))
    if claim is not None and not any(c.index == claim for c in parsed.claims):
        raise NotFound(f"{parsed.id} has {len(parsed.claims)} claims; there is no claim {claim}")
    result = evidence_for_report(store.root, parsed, claims=None if claim is None else [claim])
    if as_json:
        from claimdesk.cli.streams import echo_json

        echo_json(result.to_dict())
        return
    _print_evidence(parsed, result)


def _print_evidence(report, result) -> None:
    from rich.text import Text

    from claimdesk.sanitize import clean

    console = _console()
    held = sum(1 for s in result.sources if s.usable)
    console.print(Text(f"{clean(report.id)}: {held} of {len(result.sources)} sources held", style="bold"))
    texts = {c.index: c.text for c in report.claims}
    for item in result.claims:
        line = Text(f"{item.claim}. ")
        line.append(item.support.value, style=_SUPPORT_STYLE[item.support.value])
        line.append("  " + clean(texts.get(item.claim, "")))
        console.print(line)
        for hit in item.passages[:3]:
            where = f"[{hit.ref}" + (f" p.{hit.page}" if hit.page else "") + "]"
            row = Text(f"   {where} ", style="cyan")
            shown = hit.text if len(hit.text) <= 300 else hit.text[:300].rsplit(" ", 1)[0] + " …"
            row.append(clean(shown))
            console.print(row)
            if hit.numbers_matched or hit.numbers_conflicting:
                nums = Text("      ")
                if hit.numbers_matched:
                    nums.append("matched " + ", ".join(clean(n) for n in hit.numbers_matched), style="green")
                    nums.append("  ")
                if hit.numbers_conflicting:
                    nums.append("conflicting " + ", ".join(f"{clean(c.claim)} vs {clean(c.source)}"
                                                           for c in hit.numbers_conflicting), style="red")
                console.print(nums)
    if not result.sources:
        console.print(Text("the report lists no references", style="dim"))
    elif not result.any_held:
        console.print(Text("no source text is held: `claimdesk sources fetch` or `claimdesk sources add`", style="dim"))
