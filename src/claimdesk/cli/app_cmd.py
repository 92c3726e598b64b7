"""``claimdesk open [PATH...]``: the review desk (the default command).

Textual and the app are imported inside the command, after the arguments are
checked, so ``claimdesk --help`` and every other command stay fast.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from claimdesk.cli.common import db_option, resolve_db, resolve_reviewer, reviewer_option


@click.command("open")
@click.argument("paths", nargs=-1, type=click.Path())
@db_option
@reviewer_option
@click.option("--theme", "theme", default=None, metavar="NAME", help="Colour theme (e.g. nord, gruvbox, textual-light).")
@click.option("--ansi", is_flag=True, help="Use only the terminal's 16 ANSI colours (for basic terminals).")
def open_app(paths: tuple[str, ...], db: Path | None, reviewer: str | None, theme: str | None, ansi: bool) -> None:
    """Open the review desk; PATHs (files or folders) are imported first.

    NO_COLOR in the environment turns colour off.
    """
    for path in paths:
        if not os.path.lexists(path):
            raise click.UsageError(f"{path}: no such file or folder (nor a command; `claimdesk --help` lists them)")
    problem = terminal_problem()
    if problem:
        raise click.UsageError(problem)

    from claimdesk.resources import sample_reports_dir
    from claimdesk.sanitize import clean
    from claimdesk.store import ReviewStore

    if theme and not ansi:
        _check_theme(theme)

    root = resolve_db(db)
    store = ReviewStore(root)
    notices: list[tuple[str, str]] = []
    failures: list[tuple[str, str]] = []
    if paths:
        result = store.import_paths([Path(p) for p in paths])
        for path, reason in result.failed:
            click.echo(f"claimdesk: {clean(path)}: {clean(reason)}", err=True)
        failures.extend(result.failed)
        added = len(result.added) + len(result.updated)
        if added:
            notices.append((f"Imported {added} report(s).", "information"))
    demo = False
    if store.is_empty():
        # The samples open in a demo database beside the user's, never in it:
        # they must not travel with merge or count in the user's figures.
        store = ReviewStore(demo_db_path(root))
        demo = True
        if store.is_empty():
            store.import_paths([sample_reports_dir()])
        count = len(store.summaries())
        notices.append(
            (f"Your library is empty, so this is a demo: {count} bundled sample reports in a demo database "
             f"({clean(str(store.root))}). Marks here stay out of your library; run claimdesk import PATH to start.",
             "information")
        )

    from claimdesk.tui.app import ClaimdeskApp
    from claimdesk.tui.state import default_state_path

    try:
        app = ClaimdeskApp(store, resolve_reviewer(reviewer), theme=theme, ansi=ansi, notices=notices,
                           state_path=default_state_path(), demo=demo, failures=failures)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--theme") from None
    app.run()


def demo_db_path(root: Path) -> Path:
    """The demo database that belongs with the database at ``root``."""
    return root.with_name(root.name + "-demo")


def terminal_problem() -> str | None:
    """Why the desk cannot be drawn here, or None.

    Drawn into a pipe, the desk would hang a script or a cron job until
    killed, so it refuses unless standard input and output are a terminal.
    A Textual driver named in the environment (textual-serve's web driver,
    used by `claimdesk serve`) draws elsewhere and needs none.
    """
    if os.environ.get("TEXTUAL_DRIVER"):
        return None
    for name, stream in (("input", sys.stdin), ("output", sys.stdout)):
        try:
            if stream is None or not stream.isatty():
                raise ValueError
        except (ValueError, OSError):  # closed, detached or not a file
            return (
                f"the desk needs a terminal, and standard {name} is not one; "
                "commands such as `claimdesk stats` or `claimdesk mark` work without one"
            )
    return None


def _check_theme(name: str) -> None:
    """Refuse an unknown theme before anything is imported or opened."""
    from textual.theme import BUILTIN_THEMES

    from claimdesk.tui.app import THEME_ALIASES

    if THEME_ALIASES.get(name, name) not in BUILTIN_THEMES:
        choices = ", ".join(sorted(BUILTIN_THEMES))
        raise click.BadParameter(f"unknown theme {name!r}; choose one of: {choices}", param_hint="--theme")
