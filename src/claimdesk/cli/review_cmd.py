"""Review commands: import, mark, triage, correct, export, stats.

Imports stay inside the functions: ``claimdesk mark`` should start fast, and
Rich is loaded only where something is drawn.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

import click

from claimdesk.cli.common import db_option, resolve_db, resolve_reviewer, reviewer_option

if TYPE_CHECKING:
    from claimdesk.store import ReviewStore

VERDICTS = ("confirmed", "disputed", "unsupported", "needs-check", "cleared")
DECISIONS = ("accept", "watchlist", "quarantine", "reject")
CORRECTION_TYPES = ("METADATA", "ARTIFACT", "CLAIM", "BENCHMARK", "PROVENANCE", "QUALITY_ASSESSMENT")
EXPORT_FORMATS = ("json", "csv", "markdown", "claimreview", "correction-record")
_BATCH_GROUP_MAX = 5000


def _open(db: Path | None, *, create: bool = False) -> "ReviewStore":
    """The store; commands that only add to existing reports never create a database."""
    from claimdesk.errors import NotFound
    from claimdesk.store import ReviewStore

    root = resolve_db(db)
    if not create and not root.exists():
        raise NotFound(f"no review database at {root} yet; `claimdesk import PATH` creates it")
    return ReviewStore(root)


def _safe(text: object) -> str:
    from claimdesk.sanitize import clean

    return clean(str(text))


def _claim_number(raw: str | int) -> int:
    from claimdesk.store import InvalidRecord

    text = str(raw).strip()
    if not text.isdigit() or int(text) < 1:
        raise InvalidRecord(f"a claim number is a whole number from 1, not {_safe(text)!r}")
    return int(text)


# --- import


@click.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@db_option
@reviewer_option
def import_(paths: tuple[Path, ...], db: Path | None, reviewer: str | None) -> None:
    """Add report files or folders (recursive: *.txt, *.md, *.json) to the library.

    An unchanged file is skipped; a changed one becomes a new version, and
    marks follow its claims. Bad files are listed with their reason; the rest
    are still imported, and the exit status is 1.
    """
    store = _open(db, create=True)
    if sys.stderr.isatty():
        result = _import_with_progress(store, paths)
    else:
        result = store.import_paths(paths)
    for path, reason in result.failed:
        click.echo(f"{_safe(path)}: {_safe(reason)}", err=True)
    click.echo(
        f"imported {len(result.added)} new, {len(result.updated)} updated, "
        f"{len(result.unchanged)} unchanged, {len(result.failed)} failed into {store.root}"
    )
    if result.failed:
        sys.exit(1)


def _import_with_progress(store: "ReviewStore", paths: tuple[Path, ...]) -> Any:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    with Progress(
        TextColumn("importing"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as bar:
        task = bar.add_task("import", total=None)

        def advance(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        return store.import_paths(paths, on_progress=advance)


# --- mark


@click.command("mark")
@click.argument("report", required=False)
@click.argument("claim", required=False)
@click.argument("verdict", required=False)
@click.option("--note", default="", help="Why: a short note kept with the mark.")
@click.option(
    "--batch",
    type=click.File("rb"),
    default=None,
    help='Read JSON lines {"report", "claim", "verdict", "note"} from FILE (- for stdin).',
)
@db_option
@reviewer_option
def mark(
    report: str | None,
    claim: str | None,
    verdict: str | None,
    note: str,
    batch: BinaryIO | None,
    db: Path | None,
    reviewer: str | None,
) -> None:
    """Mark claim CLAIM (1-based) of REPORT (id or unique prefix) with VERDICT.

    VERDICT is confirmed, disputed, unsupported, needs-check or cleared (which
    withdraws your earlier mark). Every mark is kept; your newest one counts.
    With --batch, prints `saved N` once line N is durable and `error N: reason`
    on stderr for a bad line; the exit status is 1 if any line failed.
    """
    from claimdesk.store import InvalidRecord
    from claimdesk.store.records import parse_verdict

    who = resolve_reviewer(reviewer)
    if batch is not None:
        if report is not None:
            raise click.UsageError("give either REPORT CLAIM VERDICT or --batch, not both")
        sys.exit(_mark_batch(_open(db), batch, who))
    if report is None or claim is None or verdict is None:
        raise click.UsageError("give REPORT CLAIM VERDICT (or --batch FILE)")
    parse_verdict(verdict)
    number = _claim_number(claim)
    if not who:
        raise InvalidRecord("a reviewer name is needed (--reviewer or CLAIMDESK_REVIEWER)")
    store = _open(db)
    saved = store.add_mark(report, number, verdict, note, reviewer=who)
    click.echo(
        f"saved {saved.verdict.value} on claim {saved.claim} of {_safe(saved.report_id)} by {_safe(saved.reviewer)}"
    )


def _mark_batch(store: "ReviewStore", stream: BinaryIO, reviewer: str) -> int:
    """Group commit: a reader thread queues lines; each round saves all that arrived, then acks them."""
    import queue
    import threading

    from claimdesk.errors import ClaimdeskError, StoreError
    from claimdesk.store import MarkRequest

    lines: queue.Queue[tuple[int, bytes] | BaseException | None] = queue.Queue(maxsize=4 * _BATCH_GROUP_MAX)

    def read_lines() -> None:
        try:
            for raw in stream:
                lines.put((0, raw))
        except BaseException as exc:  # an unreadable input ends the batch with an error
            lines.put(exc)
        finally:
            lines.put(None)

    threading.Thread(target=read_lines, name="batch-reader", daemon=True).start()
    out = sys.stdout
    failures = 0
    number = 0
    finished = False

    def fail(line: int, reason: object) -> None:
        nonlocal failures
        failures += 1
        click.echo(f"error {line}: {_safe(reason)}", err=True)

    while not finished:
        items = [lines.get()]
        while len(items) < _BATCH_GROUP_MAX:
            try:
                items.append(lines.get_nowait())
            except queue.Empty:
                break
        requests: list[MarkRequest] = []
        for item in items:
            if item is None:
                finished = True
                break
            if isinstance(item, BaseException):
                fail(number + 1, f"cannot read the input: {item}")
                continue
            number += 1
            try:
                request = _batch_request(item[1], number, reviewer)
            except ClaimdeskError as exc:
                fail(number, exc)
                continue
            if request is not None:
                requests.append(request)
        if not requests:
            continue
        pending = {r.tag for r in requests}
        acks: list[str] = []

        def saved(request: MarkRequest, _mark: object) -> None:
            pending.discard(request.tag)
            acks.append(f"saved {request.tag}\n")

        def refused(request: MarkRequest, exc: ClaimdeskError) -> None:
            pending.discard(request.tag)
            fail(request.tag, exc)

        try:
            store.add_marks(requests, on_saved=saved, on_error=refused)
        except StoreError as exc:
            for tag in sorted(pending):
                fail(tag, exc)
        if acks:
            out.write("".join(acks))
            out.flush()
    return 1 if failures else 0


def _batch_request(raw: bytes, number: int, reviewer: str) -> Any:
    """One JSON line as a MarkRequest; None for a blank line."""
    import orjson

    from claimdesk.store import InvalidRecord, MarkRequest

    if not raw.strip():
        return None
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise InvalidRecord(f"not a JSON object ({exc})") from None
    if not isinstance(data, dict):
        raise InvalidRecord('not a JSON object; expected {"report", "claim", "verdict", "note"}')
    missing = [k for k in ("report", "claim", "verdict") if k not in data]
    if missing:
        raise InvalidRecord(f"missing {', '.join(missing)}")
    report, claim, verdict, note = data["report"], data["claim"], data["verdict"], data.get("note") or ""
    if not isinstance(report, str):
        raise InvalidRecord("report must be a string (an id or unique prefix)")
    if isinstance(claim, bool) or not isinstance(claim, (int, str)):
        raise InvalidRecord(f"claim must be a whole number from 1, not {claim!r}")
    if not isinstance(verdict, str):
        raise InvalidRecord(f"verdict must be a string, one of {', '.join(VERDICTS)}")
    if not isinstance(note, str):
        raise InvalidRecord("note must be a string")
    return MarkRequest(
        report=report, claim=_claim_number(claim), verdict=verdict, note=note, reviewer=reviewer, tag=number
    )
