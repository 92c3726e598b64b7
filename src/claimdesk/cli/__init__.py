"""The ``claimdesk`` command line: a thin click face on the core.

``claimdesk [--db PATH] [--reviewer NAME] COMMAND ...``; with no command (or
with report files/folders) it opens the desk. The group's ``--db`` and
``--reviewer`` are the defaults of the command's own, so both places work and
the one after the command wins.

Subcommands are imported only when run, so ``claimdesk mark`` never pays for
Textual and the app never pays for the exporters. A new command is one line in
``_COMMANDS`` and one in ``_HELP``.

Every error a person can cause is one line on stderr, ``claimdesk: ...``, with
exit status 2 (a ClaimdeskError carries its own status); never a traceback and
never click's multi-line usage block.
"""

from __future__ import annotations

import importlib
import os
import re
import sys
from pathlib import Path
from typing import Any

import click
from click_default_group import DefaultGroup

from claimdesk import __version__
from claimdesk.cli.common import database_path

# name -> "module:attribute"
_COMMANDS: dict[str, str] = {
    "open": "claimdesk.cli.app_cmd:open_app",
    "show": "claimdesk.cli.show_cmd:show",
    "import": "claimdesk.cli.review_cmd:import_",
    "mark": "claimdesk.cli.review_cmd:mark",
    "triage": "claimdesk.cli.review_cmd:triage",
    "correct": "claimdesk.cli.review_cmd:correct",
    "export": "claimdesk.cli.output_cmd:export",
    "stats": "claimdesk.cli.output_cmd:stats",
    "check": "claimdesk.cli.check_cmd:check",
    "conflicts": "claimdesk.cli.team_cmd:conflicts",
    "merge": "claimdesk.cli.team_cmd:merge",
    "serve": "claimdesk.cli.team_cmd:serve",
    "sync": "claimdesk.cli.sync_cmd:sync",
    "config": "claimdesk.cli.sync_cmd:config",
    "sources": "claimdesk.cli.sources_cmd:sources",
    "evidence": "claimdesk.cli.sources_cmd:evidence",
}

_HELP = {
    "open": "Open the review desk (the default: claimdesk [PATH...]).",
    "show": "Print one report (a file or a library id), for a person or as JSON.",
    "import": "Add report files or folders to the library.",
    "mark": "Mark a claim: confirmed, disputed, unsupported, needs-check, cleared.",
    "triage": "Record a decision on a whole report.",
    "correct": "File an additive correction event against a report.",
    "export": "Export reviews as json, csv, markdown, claimreview or correction-record.",
    "stats": "Counts of reports, claims, marks, triage and corrections.",
    "check": "Run the triage checks on reports.",
    "conflicts": "List claims on which reviewers' current marks disagree.",
    "merge": "Bring another review database in (a union; nothing lost).",
    "serve": "Serve the desk to a web browser.",
    "sync": "Sync with teammates through a git remote (send and receive records).",
    "config": "Show or change this database's settings (blind review, sync remote).",
    "sources": "Fetch, add or list the texts of the papers reports cite.",
    "evidence": "Each claim beside the source passages that support or contradict it.",
}

DEFAULT_COMMAND = "open"
_WORD = re.compile(r"[a-z][a-z-]*")


def _load(name: str) -> click.Command | None:
    module_name, attr = _COMMANDS[name].split(":")
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:  # a command not built in this install
        if exc.name != module_name:
            raise
        return None
    return getattr(module, attr)


class LazyGroup(DefaultGroup):
    """Commands imported on first use; anything that is not a command goes to the desk."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(_COMMANDS)

    def get_command(self, ctx: click.Context | None, name: str) -> click.Command | None:
        if name not in _COMMANDS:
            if ctx is None:
                return None
            # A path or an option of the desk's: `claimdesk reports/ --ansi`.
            ctx.arg0 = name  # type: ignore[attr-defined]  # read by DefaultGroup.resolve_command
            name = self.default_cmd_name
        return _load(name)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        rest = super().parse_args(ctx, args)
        if not ctx._protected_args and not ctx.resilient_parsing:
            # Only group options (`claimdesk --db DB`): the desk.
            ctx._protected_args = [self.default_cmd_name]
        return rest

    def resolve_command(self, ctx: click.Context, args: list[str]) -> tuple[str | None, click.Command | None, list[str]]:
        first = args[0]
        if first not in _COMMANDS and _WORD.fullmatch(first) and not os.path.lexists(first):
            # A bare word that names neither a command nor a file is a typo, not a path to import.
            import difflib  # only for this message: every command would pay for it at start-up

            close = difflib.get_close_matches(first, _COMMANDS, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else "; `claimdesk --help` lists the commands"
            raise click.UsageError(f"no such command or file: {first!r}{hint}", ctx=ctx)
        return super().resolve_command(ctx, args)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except BrokenPipeError:  # click's main would make this exit 1, a status commands use
            raise _ReaderGone() from None

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        # Short help without importing every command module.
        with formatter.section("Commands"):
            formatter.write_dl([(name, _HELP[name]) for name in _COMMANDS])

    def main(self, args: Any = None, prog_name: str | None = None, complete_var: str | None = None,
             standalone_mode: bool = True, **extra: Any) -> Any:
        """click's main, with every error as one ``claimdesk: ...`` line (CliRunner runs this too)."""
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        sys.exit(_run(lambda: super(LazyGroup, self).main(
            args, prog_name or "claimdesk", complete_var, standalone_mode=False, **extra
        )))


class _ReaderGone(Exception):
    """Standard output's reader went away (``| head``)."""


def _run(call: Any) -> int:
    """Run click; turn what it raises into an exit status and at most one line on stderr."""
    from claimdesk.errors import ClaimdeskError

    try:
        result = call()
    except ClaimdeskError as exc:
        _fail(str(exc))
        return exc.exit_code
    except click.UsageError as exc:
        _fail(usage_line(exc))
        return 2
    except click.ClickException as exc:
        _fail(_first_line(exc.format_message()))
        return exc.exit_code
    except click.Abort:
        _fail("aborted")
        return 130
    except (_ReaderGone, BrokenPipeError):
        # The reader went away (`| head`): quietly, with the status a shell gives a process
        # ended by SIGPIPE, so it is never taken for a command's own 1 ("a finding reached
        # --fail-on", "a line failed"). What is still buffered can never be written.
        sys.stdout = click.utils.PacifyFlushWrapper(sys.stdout)  # type: ignore[assignment]
        return 141
    except OSError as exc:
        # A file the core did not expect to fail on (a name too long, a device
        # error): still one line. Writes are atomic, so nothing half-written stays.
        where = f"{exc.filename}: " if exc.filename else ""
        _fail(f"{where}{(exc.strerror or str(exc)).lower()}")
        return 1
    except KeyboardInterrupt:
        return 130
    return result if isinstance(result, int) else 0


def usage_line(exc: click.UsageError) -> str:
    """A usage error as one line; click's own (a bad option or argument) name where to read more."""
    message = _first_line(exc.format_message()).rstrip(".")
    message = message[:1].lower() + message[1:]
    if type(exc) is click.UsageError:  # ours: the message says it all
        return message
    path = exc.ctx.command_path if exc.ctx is not None else "claimdesk"
    return f"{message} (see `{path} --help`)"


def _first_line(text: str) -> str:
    return " ".join(text.split())


def _fail(message: str) -> None:
    from claimdesk.sanitize import clean

    click.echo(f"claimdesk: {_first_line(clean(message))}", err=True)


@click.group(
    cls=LazyGroup,
    default=DEFAULT_COMMAND,
    default_if_no_args=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.option(
    "--db",
    type=click.Path(),
    callback=database_path,
    envvar="CLAIMDESK_DB",
    default=None,
    help="Review database (default: $CLAIMDESK_DB, else your user data folder).",
)
@click.option(
    "--reviewer",
    envvar="CLAIMDESK_REVIEWER",
    default=None,
    metavar="NAME",
    help="Your reviewer name (default: $CLAIMDESK_REVIEWER, else your login name).",
)
@click.version_option(__version__, prog_name="claimdesk")
@click.pass_context
def cli(ctx: click.Context, db: Path | None, reviewer: str | None) -> None:
    """claimdesk: review machine-generated literature-synthesis reports.

    Run with no command (or with report files/folders) to open the desk.
    --db and --reviewer may also follow the command; there they win.
    """
    from claimdesk.cli.common import hand_down

    hand_down(ctx, _COMMANDS, db=db, reviewer=reviewer)


def main() -> None:
    """Run the command line in this process (``run`` is the process's entry point)."""
    from claimdesk.cli.streams import closed_stdout_noticed, tolerant_streams

    tolerant_streams()  # an ASCII locale prints '?' instead of raising UnicodeEncodeError
    closed_stdout_noticed()
    cli.main(prog_name="claimdesk")


def run() -> None:
    """The process's entry point (the ``claimdesk`` script, ``python -m claimdesk``): ``main``,
    then, if the command asked for it, an exit without the interpreter's teardown (cli/leave.py).
    In-process callers (tests, benchmarks) call ``main`` and always get control back."""
    from claimdesk.cli import leave

    leave.reset(ending=True)
    try:
        main()
    except SystemExit as exc:
        if leave.asked():
            leave.now(exc.code)
        raise
