"""``claimdesk sync`` (a team across machines through a git remote) and ``claimdesk config``."""

from __future__ import annotations

from pathlib import Path

import click

from claimdesk.cli.common import db_option, resolve_db

_SWITCH = {"on": True, "off": False, "true": True, "false": False, "yes": True, "no": False, "1": True, "0": False}


@click.command("sync")
@click.argument("remote", required=False)
@click.option("--json", "as_json", is_flag=True, help="Print what was sent and received as JSON.")
@db_option
def sync(remote: str | None, as_json: bool, db: Path | None) -> None:
    """Sync this database with a git REMOTE: receive teammates' records, send yours.

    REMOTE is any git URL your git can reach (a path to a bare repository,
    ssh or https); it is remembered after the first sync reaches it, so later
    `claimdesk sync` needs no argument. Start from an empty repository: the
    remote must hold claimdesk's files only.
    """
    from claimdesk.store import ReviewStore
    from claimdesk.sync import shown
    from claimdesk.sync import sync as run_sync

    store = ReviewStore(resolve_db(db))
    result = run_sync(store, remote)
    if as_json:
        from claimdesk.cli.streams import echo_json

        doc = {
            "remote": shown(result.remote),
            "received": result.received.to_dict(),
            "sent": {
                "reports": result.sent.reports,
                "marks": result.sent.marks,
                "triage": result.sent.triage,
                "corrections": result.sent.corrections,
            },
            "rounds": result.rounds,
        }
        echo_json(doc)
        return
    for line in result.lines():
        click.echo(line)


@click.command("config")
@click.argument("name", required=False, type=click.Choice(["blind", "remote"]))
@click.argument("value", required=False)
@db_option
def config(name: str | None, value: str | None, db: Path | None) -> None:
    """Show or change this database's settings.

    \b
    claimdesk config               show every setting
    claimdesk config blind on|off  blind review: others' marks on a claim stay
                                   hidden (desk, exports) until you mark it
    claimdesk config remote URL    the git remote `claimdesk sync` uses
    """
    from claimdesk.cli.inputs import require_database
    from claimdesk.sanitize import clean
    from claimdesk.store import ReviewStore
    from claimdesk.sync import shown as remote_shown

    root = resolve_db(db)
    require_database(root)  # settings belong to a database; `import` or `sync` makes one
    store = ReviewStore(root)
    if name is None or value is None:
        if name is not None and value is None:
            settings = store.settings()
            values = {
                "blind": "on" if settings.blind else "off",
                "remote": remote_shown(settings.sync_remote or "(none)"),
            }
            click.echo(values[name])
            return
        settings = store.settings()
        click.echo(f"blind   {'on' if settings.blind else 'off'}")
        click.echo(f"remote  {remote_shown(settings.sync_remote or '(none: claimdesk sync REMOTE sets it)')}")
        return
    if name == "blind":
        switch = _SWITCH.get(value.strip().lower())
        if switch is None:
            raise click.UsageError(f"blind is on or off, not {clean(value)!r}")
        store.update_settings(blind=switch)
        click.echo(f"blind review {'on' if switch else 'off'} for {clean(str(store.root))}")
    else:
        from claimdesk.sync import normalise_remote

        url = normalise_remote(value)
        store.update_settings(sync_remote=url)
        click.echo(f"sync remote: {remote_shown(url)}")
