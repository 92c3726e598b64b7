"""Options and helpers every subcommand shares.

``--db`` and ``--reviewer`` are also the group's options (claimdesk/cli/__init__.py),
which hands its values down as these options' defaults. So the environment is
read here, in resolve_db/resolve_reviewer, not by click: a value given before
the command must beat the environment, and one given after it must beat both.
"""

from __future__ import annotations

import getpass
import os
from pathlib import Path

import click

from claimdesk.reportfiles import REPORT_SUFFIXES  # one list of report suffixes

DB_ENV = "CLAIMDESK_DB"
REVIEWER_ENV = "CLAIMDESK_REVIEWER"

def database_path(ctx: click.Context, param: click.Parameter, value: str | Path | None) -> Path | None:
    """--db as a Path; an empty one is refused (Path("") would quietly mean this folder)."""
    if value is None:
        return None
    if not str(value).strip():
        raise click.BadParameter("an empty path names no database")
    return Path(value)


db_option = click.option(
    "--db",
    "db",
    type=click.Path(dir_okay=True, file_okay=True),
    callback=database_path,
    default=None,
    help="Review database (default: $CLAIMDESK_DB, else your user data folder).",
)
reviewer_option = click.option(
    "--reviewer",
    "reviewer",
    default=None,
    metavar="NAME",
    help="Your reviewer name (default: $CLAIMDESK_REVIEWER, else your login name).",
)


def hand_down(ctx: click.Context, commands, **options: object) -> None:
    """Make the options given to a group (``--db`` before the command) its subcommands' defaults.

    click reads a command's option default from its context's ``default_map``, which it takes
    from its parent's by the command's name; an option given after the command still wins.
    A group of subcommands (``claimdesk sources``) calls this too, so the value reaches them.
    """
    given = {name: value for name, value in options.items() if value is not None}
    if given:
        ctx.default_map = {name: dict(given) for name in commands}


def resolve_reviewer(reviewer: str | None) -> str:
    """--reviewer (after or before the command), else CLAIMDESK_REVIEWER, else the login name.

    A name given but blank is passed on for the store to refuse, not swapped for the login name.
    """
    from claimdesk.cli.inputs import utf8_text

    if reviewer is not None:  # given, even empty: the store refuses a blank name
        return utf8_text(reviewer, "the reviewer name").strip() or reviewer
    candidate = os.environ.get(REVIEWER_ENV)
    if candidate:  # an empty variable is an unset one
        return utf8_text(candidate, "the reviewer name").strip() or candidate
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers
        return os.environ.get("USER") or "reviewer"


def resolve_db(db: Path | None) -> Path:
    """--db (after or before the command), else CLAIMDESK_DB, else the user data folder."""
    if db is not None:
        return db
    if os.environ.get(DB_ENV):
        return Path(os.environ[DB_ENV])
    import platformdirs

    return Path(platformdirs.user_data_dir("claimdesk", appauthor=False)) / "db"


# --- a report named on the command line: a file, or a library id or unique prefix



def open_store(db: Path | None, *, create: bool = False):  # -> ReviewStore
    """The store; commands that only add to existing reports never create a database."""
    from claimdesk.cli.inputs import require_database
    from claimdesk.store import ReviewStore

    root = resolve_db(db)
    if not create:
        require_database(root)
    return ReviewStore(root)


def safe(text: object) -> str:
    """Untrusted text (names, ids, paths) as it may be printed."""
    from claimdesk.sanitize import clean

    return clean(str(text))


def looks_like_file(target: str) -> bool:
    """A name that can only mean a file: it exists, has a report suffix or a folder in it."""
    return (
        os.path.lexists(target)
        or Path(target).suffix.lower() in REPORT_SUFFIXES
        or "/" in target
        or "\\" in target
    )


def existing_store(db: Path | None, target: str):  # -> ReviewStore
    """The review library, opened only if it already exists (reading never creates one)."""
    from claimdesk.cli.inputs import require_database
    from claimdesk.errors import NotFound
    from claimdesk.sanitize import clean

    root = resolve_db(db)
    if not root.exists():
        raise NotFound(f"{clean(target)}: no such file, and there is no review library at {clean(str(root))}")
    require_database(root, f"{clean(target)} is no file either")
    from claimdesk.store import ReviewStore

    return ReviewStore(root)


def library_report(store, target: str):  # -> Report
    """The current version of the library report ``target`` names (id or unique prefix)."""
    from claimdesk.errors import NotFound

    try:
        return store.report(store.resolve(target))
    except NotFound as exc:
        raise NotFound(f"{target}: no such file, and {exc}") from None


def named_report(target: str, db: Path | None):  # -> Report
    """A report file parsed, or else the library report with that id or prefix."""
    if looks_like_file(target):
        from claimdesk.parsing import parse_file

        return parse_file(target)
    return library_report(existing_store(db, target), target)
