"""The ``claimdesk`` command line: a thin click face on the core.

Subcommands are imported only when run, so ``claimdesk mark`` never pays for
Textual and the app never pays for the exporters. ``claimdesk [PATH...]``
with no subcommand opens the app.
"""

from __future__ import annotations

import importlib
import sys

import click

from claimdesk import __version__

# name -> "module:attribute"
_COMMANDS: dict[str, str] = {
    "open": "claimdesk.cli.app_cmd:open_app",
    "show": "claimdesk.cli.show_cmd:show",
    "import": "claimdesk.cli.review_cmd:import_",
    "mark": "claimdesk.cli.review_cmd:mark",
    "triage": "claimdesk.cli.review_cmd:triage",
    "correct": "claimdesk.cli.review_cmd:correct",
    "export": "claimdesk.cli.review_cmd:export",
    "stats": "claimdesk.cli.review_cmd:stats",
    "check": "claimdesk.cli.check_cmd:check",
    "conflicts": "claimdesk.cli.team_cmd:conflicts",
    "merge": "claimdesk.cli.team_cmd:merge",
    "serve": "claimdesk.cli.team_cmd:serve",
    "sync": "claimdesk.cli.sync_cmd:sync",
    "config": "claimdesk.cli.sync_cmd:config",
}

_HELP = {
    "open": "Open the review desk (the default: claimdesk [PATH...]).",
    "show": "Print one report, for a person or as JSON.",
    "import": "Add report files or folders to the library.",
    "mark": "Mark a claim: confirmed, disputed, unsupported, needs-check, cleared.",
    "triage": "Record a decision on a whole report.",
    "correct": "File an additive correction event against a report.",
    "export": "Export reviews as json, csv, markdown, claimreview or correction-record.",
    "stats": "Counts of reports, marks and corrections.",
    "check": "Run the triage checks on reports.",
    "conflicts": "List claims on which reviewers' current marks disagree.",
    "merge": "Bring another review database in (a union; nothing lost).",
    "serve": "Serve the desk to a web browser.",
    "sync": "Sync with teammates through a git remote (send and receive records).",
    "config": "Show or change this database's settings (blind review, sync remote).",
}


class LazyGroup(click.Group):
    """A group whose commands are imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(_COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        target = _COMMANDS.get(name)
        if target is None:
            return None
        module_name, attr = target.split(":")
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:  # a command not built in this install
            if exc.name != module_name:
                raise
            return None
        return getattr(module, attr)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        # Short help without importing every command module.
        with formatter.section("Commands"):
            formatter.write_dl([(name, _HELP[name]) for name in _COMMANDS])

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        # ``claimdesk``, ``claimdesk PATH...`` and ``claimdesk --db X`` open the app.
        if not args or (args[0] not in _COMMANDS and args[0] not in ("--help", "-h", "--version")):
            args = ["open", *args]
        return super().parse_args(ctx, args)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="claimdesk")
def cli() -> None:
    """claimdesk: review machine-generated literature-synthesis reports.

    Run with no command (or with report files/folders) to open the desk.
    """


def main() -> None:
    """Entry point: every known error becomes one line on stderr, never a traceback."""
    from claimdesk.errors import ClaimdeskError

    try:
        cli.main(standalone_mode=False)
    except ClaimdeskError as exc:
        click.echo(f"claimdesk: {exc}", err=True)
        sys.exit(exc.exit_code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.Abort:
        click.echo("claimdesk: aborted", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except BrokenPipeError:
        sys.exit(1)
    except KeyboardInterrupt:
        sys.exit(130)
