"""Review commands: import, mark, triage, correct (export and stats: output_cmd.py).

Imports stay inside the functions: ``claimdesk mark`` should start fast, and
Rich is loaded only where something is drawn.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

import click

from claimdesk.cli.common import db_option, open_store, resolve_reviewer, reviewer_option, safe
from claimdesk.cli.streams import stderr_is_terminal

if TYPE_CHECKING:
    from claimdesk.store import ReviewStore

VERDICTS = ("confirmed", "disputed", "unsupported", "needs-check", "cleared")
DECISIONS = ("accept", "watchlist", "quarantine", "reject")
CORRECTION_TYPES = ("METADATA", "ARTIFACT", "CLAIM", "BENCHMARK", "PROVENANCE", "QUALITY_ASSESSMENT")
_BATCH_GROUP_MAX = 10_000


def _claim_number(raw: str | int) -> int:
    from claimdesk.store import InvalidRecord

    from claimdesk.claimnumber import BadClaimNumber, claim_number

    try:
        return claim_number(raw)
    except BadClaimNumber:
        raise InvalidRecord(f"a claim number is a whole number from 1, not {safe(str(raw).strip())!r}") from None


# --- import


@click.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@db_option
def import_(paths: tuple[Path, ...], db: Path | None) -> None:
    """Add report files or folders (recursive: *.txt, *.md, *.json) to the library.

    An unchanged file is skipped; a changed one becomes a new version, and
    marks follow its claims. Bad files are listed with their reason; the rest
    are still imported, and the exit status is 1. Import does not run the
    checks: `claimdesk check` and the desk work findings out against the
    whole library.
    """
    from claimdesk.cli import leave

    if leave.ending():
        # The import pauses the cyclic collector while it holds its rows, then gives it back;
        # the first collection after that walks them all (0.2 s at 100,000 reports), for
        # nothing when the process ends with the import.
        import gc

        gc.disable()
    store = open_store(db, create=True)
    if stderr_is_terminal():
        result = _import_with_progress(store, paths)
    else:
        result = store.import_paths(paths)
    leave.ask()  # every group is durable by now; the rows held in memory need no freeing
    for path, reason in result.failed:
        click.echo(f"{safe(path)}: {safe(reason)}", err=True)
    click.echo(
        f"imported {len(result.added)} new, {len(result.updated)} updated, "
        f"{len(result.unchanged)} unchanged, {len(result.failed)} failed into {safe(store.root)}"
    )
    if result.failed:
        sys.exit(1)


def _import_with_progress(store: "ReviewStore", paths: tuple[Path, ...]) -> Any:
    """A progress bar on stderr, drawn from the import's own progress callback.

    The bar never refreshes from a thread of its own (auto_refresh=False):
    the import forks worker processes only while this process runs one
    thread, so a refresh thread would send a terminal import down the slow
    single-process path.
    """
    import time

    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    with Progress(
        TextColumn("importing"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
        auto_refresh=False,
    ) as bar:
        task = bar.add_task("import", total=None)
        drawn = [0.0]

        def advance(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)
            now = time.monotonic()
            if now - drawn[0] >= 0.1 or done == total:  # ten frames a second is enough
                drawn[0] = now
                bar.refresh()

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
    from claimdesk.cli.inputs import utf8_text
    from claimdesk.model import Verdict
    from claimdesk.store import InvalidRecord
    from claimdesk.store.records import parse_verdict

    note = utf8_text(note, "--note")
    who = resolve_reviewer(reviewer)
    if batch is not None:
        if report is not None:
            raise click.UsageError("give either REPORT CLAIM VERDICT or --batch, not both")
        sys.exit(_mark_batch(open_store(db), batch, who))
    if report is None or claim is None or verdict is None:
        raise click.UsageError("give REPORT CLAIM VERDICT (or --batch FILE)")
    parse_verdict(verdict)
    number = _claim_number(claim)
    if not who:
        raise InvalidRecord("a reviewer name is needed (--reviewer or CLAIMDESK_REVIEWER)")
    store = open_store(db)
    if parse_verdict(verdict) is Verdict.CLEARED and not store.holds_mark(report, number, who):
        click.echo(f"nothing to clear: claim {number} of {safe(store.resolve(report))} has no mark by {safe(who)}")
        return
    saved = store.add_mark(report, number, verdict, note, reviewer=who)
    click.echo(
        f"saved {saved.verdict.value} on claim {saved.claim} of {safe(saved.report_id)} by {safe(saved.reviewer)}"
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

    errors: list[tuple[int, str]] = []

    def fail(line: int, reason: object) -> None:
        errors.append((line, safe(reason)))

    def report_errors() -> None:
        nonlocal failures
        failures += len(errors)
        for line, reason in sorted(errors):
            click.echo(f"error {line}: {reason}", err=True)
        errors.clear()

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
            except Exception as exc:  # a line must never sink the batch
                fail(number, f"unreadable line ({type(exc).__name__})")
                continue
            if request is not None:
                requests.append(request)
        if not requests:
            report_errors()
            continue
        acks: list[str] = []
        try:
            # Failures come back in the outcome, line by line: a review file that could
            # not be written fails its own lines, and every line acknowledged is on disk.
            outcome = store.add_marks(requests, on_error=lambda _request, _exc: None)
        except StoreError as exc:  # nothing was written (the lock, say)
            for request in requests:
                fail(request.tag, exc)
        else:
            acks = [f"saved {request.tag}\n" for request, _ in outcome.saved]
            for request, exc in outcome.failed:
                fail(request.tag, exc)
        if acks:
            out.write("".join(acks))
            out.flush()
        report_errors()
    return 1 if failures else 0


def _batch_request(raw: bytes, number: int, reviewer: str) -> Any:
    """One JSON line as a MarkRequest; None for a blank line."""
    import orjson

    from claimdesk.store import InvalidRecord, MarkRequest
    from claimdesk.store.records import parse_verdict

    if not raw.strip():
        return None
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        raise InvalidRecord("not UTF-8 text") from None
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
        raise InvalidRecord(f"claim must be a whole number from 1, not {safe(repr(claim))}")
    if not isinstance(verdict, str):
        raise InvalidRecord(f"verdict must be a string, one of {', '.join(VERDICTS)}")
    parse_verdict(verdict)
    if not isinstance(note, str):
        raise InvalidRecord("note must be a string")
    return MarkRequest(
        report=report, claim=_claim_number(claim), verdict=verdict, note=note, reviewer=reviewer, tag=number
    )


# --- triage and corrections


@click.command("triage")
@click.argument("report")
@click.argument("decision")
@click.option("--note", default="", help="Why: kept with the decision.")
@db_option
@reviewer_option
def triage(report: str, decision: str, note: str, db: Path | None, reviewer: str | None) -> None:
    """Record DECISION (accept, watchlist, quarantine, reject) on a whole REPORT.

    Every decision is kept; the newest one counts.
    """
    from claimdesk.cli.inputs import utf8_text
    from claimdesk.store.records import parse_decision

    note = utf8_text(note, "--note")
    parse_decision(decision)
    store = open_store(db)
    saved = store.add_triage(report, decision, note, reviewer=resolve_reviewer(reviewer))
    click.echo(f"saved {saved.decision.value} on {safe(saved.report_id)} by {safe(saved.reviewer)}")


@click.command("correct")
@click.argument("report")
@click.option("--type", "correction_type", required=True, help="One of " + ", ".join(CORRECTION_TYPES) + ".")
@click.option("--note", required=True, help="The public note: what was corrected and why.")
@click.option("--claim", type=int, default=None, help="The claim number the correction is about.")
@click.option("--field", "fields", multiple=True, help="An affected field name (repeatable).")
@click.option("--supersedes", default=None, help="The event id of an earlier event this one answers.")
@db_option
@reviewer_option
def correct(
    report: str,
    correction_type: str,
    note: str,
    claim: int | None,
    fields: tuple[str, ...],
    supersedes: str | None,
    db: Path | None,
    reviewer: str | None,
) -> None:
    """File an additive correction event against REPORT; prints its event id.

    Events are never edited or deleted: answer a mistaken one with a new
    event that names it in --supersedes.
    """
    from claimdesk.cli.inputs import utf8_text
    from claimdesk.store import InvalidRecord
    from claimdesk.store.records import parse_correction_type

    note = utf8_text(note, "--note")
    fields = tuple(utf8_text(name, "--field") for name in fields)
    if any(not name.strip() for name in fields):
        raise click.BadParameter("a field name is needed, not an empty one", param_hint="--field")
    supersedes = None if supersedes is None else utf8_text(supersedes, "--supersedes")
    parse_correction_type(correction_type)
    if not note.strip():
        raise InvalidRecord("a correction needs a public note saying what was corrected (--note)")
    store = open_store(db)
    event = store.add_correction(
        report,
        correction_type,
        note,
        claim=claim,
        fields=fields,
        supersedes=supersedes,
        reviewer=resolve_reviewer(reviewer),
    )
    click.echo(event.event_id)
