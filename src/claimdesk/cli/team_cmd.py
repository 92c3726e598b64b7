"""Team commands: ``conflicts``, ``merge`` and ``serve``.

Imports of the store, rapidfuzz and textual-serve happen inside the commands
so ``claimdesk mark`` and friends never pay for them.
"""

from __future__ import annotations

import ipaddress
import itertools
import shlex
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import click

from claimdesk.cli.common import db_option, resolve_db, resolve_reviewer, reviewer_option

if TYPE_CHECKING:
    from claimdesk.conflicts import Conflict

# Each browser session runs a desk process (~56 MB): a few at once, not one per stray tab.
DEFAULT_MAX_SESSIONS = 4
LOOPBACK_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"}


# --- conflicts ---------------------------------------------------------------


@click.command()
@click.option("--json", "json_out", is_flag=True, help="Print a JSON list instead of text.")
@click.option("--report", "report", default=None, help="Only this report (id or unique id prefix).")
@click.option(
    "--involving",
    "involving",
    default=None,
    metavar="NAME",
    help="Only conflicts this reviewer takes part in (default: every reviewer).",
)
@db_option
@reviewer_option
def conflicts(json_out: bool, report: str | None, involving: str | None, db: Path | None, reviewer: str | None) -> None:
    """List claims on which reviewers' current marks disagree.

    Each reviewer's newest mark counts ('cleared' withdraws it). To resolve a
    conflict, mark the claim again: the new mark becomes current. With blind
    review on, only claims you (--reviewer) have marked are listed.
    """
    from claimdesk.cli.inputs import require_database
    from claimdesk.cli.streams import print_whole
    from claimdesk.conflicts import rendered_conflicts
    from claimdesk.export_stream import item_text, json_list
    from claimdesk.store import ReviewStore

    root = resolve_db(db)
    require_database(root)  # a read-only command never creates a database
    store = ReviewStore(root)
    report_id = store.resolve(report) if report else None
    viewer = resolve_reviewer(reviewer) if store.settings().blind else None
    counted = [0, 0]  # conflicting claims, reports with one

    def as_json(found: list[Conflict]) -> str:
        return ",\n".join(item_text(conflict.to_dict(), 1) for conflict in found)

    def as_text(found: list[Conflict]) -> str:
        counted[0] += len(found)
        counted[1] += 1
        return "".join(_conflict_lines(conflict) for conflict in found)

    texts = rendered_conflicts(
        store, as_json if json_out else as_text,
        report_id=report_id, reviewer=involving.strip() if involving else None, viewer=viewer,
    )
    if json_out:  # the list as one indented JSON document, as echo_json would print it
        print_whole(itertools.chain(json_list(texts, depth=0), ["\n"]))
        return
    print_whole(itertools.chain(texts, _text_ending(counted, report_id, involving)), data=False)


def _conflict_lines(conflict: Conflict) -> str:
    from claimdesk.sanitize import clean

    lines = [f"{clean(conflict.report_id)}  claim {conflict.claim}: {_one_line(clean(conflict.claim_text))}\n"]
    width = max(len(clean(m.reviewer)) for m in conflict.marks)
    for mark in conflict.marks:
        verdict = getattr(mark.verdict, "value", mark.verdict)
        note = f"  {_one_line(clean(mark.note))}" if mark.note else ""
        lines.append(f"    {clean(mark.reviewer):<{width}}  {verdict:<11}  {clean(mark.at)}{note}\n")
    return "".join(lines)


def _text_ending(counted: list[int], report_id: str | None, involving: str | None) -> Iterator[str]:
    """The last line, once every report's conflicts are written (so they are counted)."""
    from claimdesk.agreement import count_noun
    from claimdesk.sanitize import clean

    if not counted[0]:
        where = f" in {clean(report_id)}" if report_id is not None else ""
        if involving and involving.strip():
            yield f"No conflicts{where} involving {clean(involving.strip())}.\n"
        else:
            yield f"No conflicts{where}: every claim's current marks agree.\n"
    else:
        yield f"{count_noun(counted[0], 'conflicting claim')} in {count_noun(counted[1], 'report')}\n"


def _port_free(host: str, port: int) -> None:
    """ClaimdeskError in one line when HOST:PORT cannot be listened on (in use, no such address)."""
    import socket

    from claimdesk.errors import ClaimdeskError

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    try:
        with socket.create_server((host.strip("[]"), port), family=family):
            pass
    except OSError as exc:
        import os

        reason = (os.strerror(exc.errno) if exc.errno else str(exc)).lower()
        raise ClaimdeskError(f"cannot serve on {host}:{port}: {reason}") from None


def _checked_public_url(value: str) -> str:
    """An http(s) address with a host (and a valid port, if any); a click error otherwise."""
    from urllib.parse import urlsplit

    from claimdesk.sanitize import clean

    url = value.strip()
    problem = None
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018  (raises on a port that is not a number in range)
    except ValueError:
        problem = "it is not a valid URL"
    else:
        if parts.scheme not in ("http", "https"):
            problem = "it must start with http:// or https://"
        elif not parts.hostname:
            problem = "it names no host"
    if problem is None and url != clean(url):
        problem = "it holds control characters"
    if problem is not None:
        raise click.BadParameter(f"{clean(url)!r}: {problem}", param_hint="--public-url")
    return url


def _one_line(text: str) -> str:
    return " ".join(text.split())


# --- merge -------------------------------------------------------------------


@click.command()
@click.argument("other", type=click.Path(path_type=Path, exists=True))
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@db_option
def merge(other: Path, as_json: bool, db: Path | None) -> None:
    """Bring the database OTHER into this one (a union by record id; nothing lost).

    Reports only OTHER has are copied in. Reports with the same id but other
    content are listed and left as they are here; their review records are
    still merged. Merging twice, or in either order, gives the same records.
    """
    from claimdesk.cli.inputs import require_database
    from claimdesk.cli.streams import echo_json
    from claimdesk.errors import StoreError
    from claimdesk.merge import merge_into, same_database
    from claimdesk.sanitize import clean
    from claimdesk.store import ReviewStore

    target_path = resolve_db(db)
    if target_path.exists() and same_database(other, target_path):
        raise StoreError(f"{other} is this database; nothing to merge")
    require_database(other, "nothing was merged")
    source = ReviewStore(other)
    target = ReviewStore(target_path)
    result = merge_into(target, source)
    if as_json:
        echo_json(result.to_dict())
        return
    click.echo(f"Merged {clean(str(other))} into {clean(str(target_path))}")
    for line in result.lines():
        click.echo(line)


# --- serve -------------------------------------------------------------------


def is_loopback(host: str) -> bool:
    """True for addresses only this machine can reach (127.0.0.0/8, ::1, localhost)."""
    name = host.strip().strip("[]").lower()
    if name in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def exposure_warning(host: str, port: int) -> str | None:
    """The warning printed before serving beyond loopback, or None on loopback."""
    if is_loopback(host):
        return None
    return (
        f"warning: serving on {host}:{port}, beyond this machine. The desk has no login: "
        "anyone who can reach this port can read and write reviews under the served "
        "reviewer's name. Prefer the default 127.0.0.1 with an SSH tunnel "
        "(ssh -L PORT:127.0.0.1:PORT server), or put an authenticating proxy in front."
    )


def app_command(db: Path, reviewer: str) -> str:
    """The shell command textual-serve runs for each browser session."""
    return " ".join(
        shlex.quote(part)
        for part in (sys.executable, "-m", "claimdesk", "open", "--db", str(db), "--reviewer", reviewer)
    )


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="Port to bind.")
@click.option(
    "--public-url",
    default=None,
    help="The address browsers use to reach the server, if not http://HOST:PORT (behind a proxy).",
)
@click.option(
    "--max-sessions",
    default=DEFAULT_MAX_SESSIONS,
    show_default=True,
    type=click.IntRange(1, 64),
    envvar="CLAIMDESK_MAX_SESSIONS",
    help="Desk sessions open at once (each runs a desk process); more get a 'full' page.",
)
@click.option("--dry-run", is_flag=True, help="Print what would be served, and any warning, then exit.")
@db_option
@reviewer_option
def serve(
    host: str,
    port: int,
    public_url: str | None,
    max_sessions: int,
    dry_run: bool,
    db: Path | None,
    reviewer: str | None,
) -> None:
    """Serve the desk to a web browser (textual-serve).

    Binds to loopback by default. Every browser session runs the desk on the
    same database as the same reviewer. Only pages of the served address
    (http://HOST:PORT or --public-url) may connect: other web pages open in
    the same browser are refused.
    """
    warning = exposure_warning(host, port)
    if warning:
        click.echo(f"claimdesk: {warning}", err=True)
    if public_url is not None:
        public_url = _checked_public_url(public_url)
    command = app_command(resolve_db(db).expanduser().absolute(), resolve_reviewer(reviewer))
    url = public_url or f"http://{host}:{port}"
    if dry_run:
        click.echo(f"would serve {command} on {url}")
        return
    _port_free(host, port)  # before the server prints its banner, which says it is serving
    from claimdesk.webserve import GuardedServer

    server = GuardedServer(
        command,
        host=host,
        port=port,
        title="claimdesk",
        public_url=public_url,
        max_sessions=max_sessions,
        loopback=is_loopback(host) or host.strip("[]") in ("0.0.0.0", "::", ""),
    )
    server.serve()
