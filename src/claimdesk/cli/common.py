"""Options and helpers every subcommand shares."""

from __future__ import annotations

import getpass
import os
from pathlib import Path

import click

db_option = click.option(
    "--db",
    "db",
    type=click.Path(path_type=Path, dir_okay=True, file_okay=True),
    envvar="CLAIMDESK_DB",
    default=None,
    help="Review database (default: $CLAIMDESK_DB, else your user data folder).",
)
reviewer_option = click.option(
    "--reviewer",
    "reviewer",
    envvar="CLAIMDESK_REVIEWER",
    default=None,
    help="Your reviewer name (default: $CLAIMDESK_REVIEWER, else your login name).",
)


def resolve_reviewer(reviewer: str | None) -> str:
    """--reviewer, else CLAIMDESK_REVIEWER (click fills it), else the login name.

    A name given but blank is refused (by the store), not swapped for the login name.
    """
    if reviewer:
        return reviewer
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers
        return os.environ.get("USER") or "reviewer"


def resolve_db(db: Path | None) -> Path:
    """--db, else CLAIMDESK_DB (click fills it), else the user data folder."""
    if db is not None:
        return db
    import platformdirs

    return Path(platformdirs.user_data_dir("claimdesk", appauthor=False)) / "db"
