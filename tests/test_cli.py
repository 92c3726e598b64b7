"""The command line as click users expect it: global options, one-line errors, ids everywhere.

In-process (CliRunner) unless a real pipe or a real process is the point.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import REPO, SAMPLES, seed_folder

from claimdesk.cli import _COMMANDS, cli
from claimdesk.store import ReviewStore

PAPER = "001_c07bb58f8e3503ce"
WEB = "000_f713c555584e367b"


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch):
    monkeypatch.delenv("CLAIMDESK_DB", raising=False)
    monkeypatch.delenv("CLAIMDESK_REVIEWER", raising=False)


@pytest.fixture
def db(db_path: Path, tmp_path: Path) -> Path:
    ReviewStore(db_path).import_paths([seed_folder(tmp_path)])
    return db_path


@pytest.fixture
def opened(monkeypatch):
    """Desks that would have been drawn (the app's run is recorded, not run)."""
    from claimdesk.tui.app import ClaimdeskApp

    apps: list[ClaimdeskApp] = []
    monkeypatch.setattr(ClaimdeskApp, "run", lambda self, *a, **k: apps.append(self))
    return apps


def invoke(*args: str, input: str | bytes | None = None, env: dict[str, str] | None = None):
    return CliRunner().invoke(cli, list(args), input=input, env=env)


def one_line_error(result) -> str:
    """The single `claimdesk: ...` line a failed command printed (and nothing else)."""
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("claimdesk: "), result.stderr
    assert "Usage:" not in result.stderr and "Traceback" not in result.stderr
    return lines[0]


def files_of(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file() and p.name != "lock"}


# --- global options -----------------------------------------------------------


def test_global_options_before_the_command(db: Path, opened) -> None:
    result = invoke("--db", str(db), "--reviewer", "bob", "mark", "001", "1", "confirmed")
    assert result.exit_code == 0, result.output
    assert result.stdout == f"saved confirmed on claim 1 of {PAPER} by bob\n"
    stats = invoke("--db", str(db), "stats", "--json")
    assert json.loads(stats.stdout)["current_marks"] == 1
    assert opened == []  # no desk behind either command


def test_options_after_the_command_win_over_those_before(db: Path, tmp_path: Path) -> None:
    other = tmp_path / "elsewhere"
    result = invoke("--db", str(other), "--reviewer", "bob", "mark", "001", "1", "disputed", "--db", str(db), "--reviewer", "cy")
    assert result.exit_code == 0, result.output
    assert [m.reviewer for m in ReviewStore(db).marks(PAPER)] == ["cy"]
    assert not other.exists()


def test_options_before_the_command_win_over_the_environment(db: Path, tmp_path: Path) -> None:
    env = {"CLAIMDESK_DB": str(tmp_path / "nowhere"), "CLAIMDESK_REVIEWER": "env-person"}
    assert invoke("--db", str(db), "--reviewer", "dee", "mark", "001", "2", "unsupported", env=env).exit_code == 0
    assert invoke("mark", "001", "3", "confirmed", "--db", str(db), env=env).exit_code == 0
    marks = ReviewStore(db).marks(PAPER)
    assert [(m.claim, m.reviewer) for m in marks] == [(2, "dee"), (3, "env-person")]
    # With nothing given, the environment names the database.
    assert json.loads(invoke("stats", "--json", env={"CLAIMDESK_DB": str(db)}).stdout)["current_marks"] == 2


def test_group_options_open_the_desk_with_the_same_values(db: Path, opened, monkeypatch) -> None:
    monkeypatch.setattr("claimdesk.cli.app_cmd.terminal_problem", lambda: None)
    assert invoke("--db", str(db), "--reviewer", "ann").exit_code == 0
    assert invoke("--reviewer", "ann", "open", "--db", str(db), "--reviewer", "bo").exit_code == 0
    assert invoke("--db", str(db), "--ansi").exit_code == 0
    assert [app.reviewer for app in opened] == ["ann", "bo", os.environ.get("USER") or opened[2].reviewer]
    assert opened[2].theme == "ansi-dark"


# --- typos, missing paths, no terminal -------------------------------------------


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["stat"], "no such command or file: 'stat'; did you mean 'stats'?"),
        (["mrak", "001", "1", "confirmed"], "no such command or file: 'mrak'; did you mean 'mark'?"),
        (["--reviewer", "ann", "exprot"], "'exprot'; did you mean 'export'?"),
        (["zzz"], "no such command or file: 'zzz'; `claimdesk --help` lists the commands"),
        (["./nothere"], "./nothere: no such file or folder"),
        (["reports/new.txt"], "reports/new.txt: no such file or folder"),
    ],
)
def test_a_typo_or_a_missing_path_is_a_usage_error_before_anything_is_drawn(
    db_path: Path, opened, args: list[str], says: str
) -> None:
    line = one_line_error(invoke("--db", str(db_path), *args))
    assert says in line
    assert opened == [] and not db_path.exists()


def test_no_command_and_no_terminal_says_the_desk_needs_one(db_path: Path, opened) -> None:
    line = one_line_error(invoke("--db", str(db_path)))  # CliRunner's streams are not terminals
    assert "the desk needs a terminal" in line
    assert opened == [] and not db_path.exists()


@pytest.mark.parametrize("args", [["stat"], ["mrak", "001", "1", "confirmed"], []])
def test_a_typo_in_a_pipe_finishes_at_once_with_status_2(tmp_path: Path, args: list[str]) -> None:
    """The cron/CI case: stdin and stdout are pipes; nothing is drawn, nothing hangs."""
    env = {**os.environ, "CLAIMDESK_DB": str(tmp_path / "db")}
    env.pop("TEXTUAL_DRIVER", None)
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "claimdesk", *args],
        stdin=subprocess.PIPE, capture_output=True, text=True, env=env, timeout=30,
    )
    assert done.returncode == 2
    assert done.stdout == "" and done.stderr.count("\n") == 1 and done.stderr.startswith("claimdesk: ")
    assert time.monotonic() - started < 30
    assert not (tmp_path / "db").exists()


# --- click's usage errors -------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["mark", "001", "1", "confirmed", "--bogus"], "no such option"),
        (["stats", "--frobnicate"], "no such option"),
        (["export", "--format", "yaml"], "'yaml' is not one of"),
        (["triage"], "missing argument 'REPORT'"),
        (["show"], "missing argument 'REPORT'"),
        (["correct", "001", "--note", "x"], "missing option '--type'"),
        (["serve", "--port", "0"], "0 is not in the range"),
        (["--bogus"], "no such option"),
        (["mark"], "give REPORT CLAIM VERDICT"),
    ],
)
def test_every_usage_error_is_one_line_with_status_2(db: Path, args: list[str], says: str) -> None:
    line = one_line_error(invoke("--db", str(db), *args))
    assert says in line


def test_help_and_version_still_work() -> None:
    result = invoke("--help")
    assert result.exit_code == 0
    for name in _COMMANDS:
        assert name in result.stdout
    assert "--db" in result.stdout and "--reviewer" in result.stdout
    assert invoke("mark", "--help").exit_code == 0
    assert invoke("--version").stdout.startswith("claimdesk")


def test_mark_runs_without_importing_textual(db: Path) -> None:
    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from claimdesk.cli import cli\n"
        f"r = CliRunner().invoke(cli, ['--db', {str(db)!r}, '--reviewer', 'ann', 'mark', '001', '1', 'confirmed'])\n"
        "assert r.exit_code == 0, r.output\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'textual'))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                          env={**os.environ, "PYTHONPATH": str(REPO / "src")})
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


# --- options mean one thing; unused ones are not offered ---------------------------


# export and conflicts take --reviewer: blind review shows you others' marks only on claims you marked.
@pytest.mark.parametrize("command", [["stats"], ["import", "x.txt"], ["check", "x.txt"]])
def test_reviewer_is_not_offered_where_it_is_not_used(db: Path, command: list[str]) -> None:
    line = one_line_error(invoke(*command, "--reviewer", "ann", "--db", str(db)))
    assert "no such option" in line and "--reviewer" in line


def test_conflicts_filters_by_involving(db: Path) -> None:
    store = ReviewStore(db)
    store.add_mark(PAPER, 1, "confirmed", reviewer="ann")
    store.add_mark(PAPER, 1, "disputed", reviewer="bob")
    store.add_mark(PAPER, 2, "confirmed", reviewer="cy")
    store.add_mark(PAPER, 2, "disputed", reviewer="dee")
    found = json.loads(invoke("conflicts", "--json", "--involving", "bob", "--db", str(db)).stdout)
    assert [c["claim"] for c in found] == [1]
    assert len(json.loads(invoke("--db", str(db), "conflicts", "--json").stdout)) == 2


# --- ids wherever a report or an event is named ----------------------------------------


def test_show_takes_a_library_id_a_prefix_or_a_file(db: Path) -> None:
    by_prefix = invoke("--db", str(db), "show", "001", "--json")
    by_id = invoke("--db", str(db), "show", PAPER, "--json")
    by_file = invoke("show", str(SAMPLES / f"{PAPER}.txt"), "--json")
    assert by_prefix.exit_code == by_id.exit_code == by_file.exit_code == 0, by_prefix.output
    assert json.loads(by_prefix.stdout)["id"] == PAPER
    assert by_prefix.stdout == by_id.stdout
    assert json.loads(by_file.stdout)["title"] == json.loads(by_id.stdout)["title"]
    assert "RLHF" in invoke("--db", str(db), "show", "001").stdout


@pytest.mark.parametrize(
    ("name", "says"),
    [("0", "matches 4 reports"), ("999", "no report '999'"), ("missing.txt", "missing.txt: no such file")],
)
def test_show_of_an_ambiguous_or_unknown_name_is_one_line(db: Path, name: str, says: str) -> None:
    assert says in one_line_error(invoke("--db", str(db), "show", name))


def test_show_of_an_id_without_a_library_says_so(tmp_path: Path) -> None:
    line = one_line_error(invoke("--db", str(tmp_path / "none"), "show", "001"))
    assert "001: no such file, and there is no review library" in line
    assert not (tmp_path / "none").exists()


def test_supersedes_takes_the_short_id_the_desk_announces(db: Path) -> None:
    first = invoke("--db", str(db), "--reviewer", "ann", "correct", "001", "--type", "CLAIM", "--note", "claim 2 is 92.4")
    assert first.exit_code == 0, first.output
    event_id = first.stdout.strip()
    second = invoke(
        "--db", str(db), "--reviewer", "ann", "correct", "001", "--type", "CLAIM", "--note", "it is 92.1",
        "--supersedes", event_id[:8],
    )
    assert second.exit_code == 0, second.output
    events = ReviewStore(db).corrections(PAPER)
    assert [e.supersedes for e in events] == [None, event_id]
    line = one_line_error(invoke("--db", str(db), "--reviewer", "ann", "correct", "001", "--type", "CLAIM",
                                 "--note", "x", "--supersedes", "zz"))
    assert "'zz' names no correction event" in line
    assert len(ReviewStore(db).corrections(PAPER)) == 2


# --- counts that add up, messages that say what happened ----------------------------------


def test_stats_counts_say_what_they_count_and_add_up(db: Path) -> None:
    store = ReviewStore(db)
    store.add_mark(PAPER, 1, "confirmed", reviewer="ann")
    store.add_mark(PAPER, 1, "disputed", reviewer="bob")  # one claim, two reviewers
    store.add_mark(PAPER, 2, "confirmed", reviewer="ann")
    store.add_mark(PAPER, 2, "cleared", reviewer="ann")  # withdrawn
    counts = json.loads(invoke("--db", str(db), "stats", "--json").stdout)
    assert counts["marked_claims"] == 1
    assert counts["current_marks"] == sum(counts["by_verdict"].values()) == 2
    assert sum(r["current"] for r in counts["by_reviewer"].values()) == counts["current_marks"]
    assert sum(r["marks"] for r in counts["by_reviewer"].values()) == counts["marks_total"] == 4
    text = invoke("--db", str(db), "stats").stdout
    assert "claims with a current mark" in text and "current marks (one per claim and reviewer)" in text
    assert "marks ever made" in text


def test_clearing_nothing_says_so_and_writes_nothing(db: Path) -> None:
    before = files_of(db)
    result = invoke("--db", str(db), "--reviewer", "ann", "mark", "001", "2", "cleared")
    assert result.exit_code == 0
    assert result.stdout == f"nothing to clear: claim 2 of {PAPER} has no mark by ann\n"
    assert files_of(db) == before
    invoke("--db", str(db), "--reviewer", "ann", "mark", "001", "2", "disputed")
    cleared = invoke("--db", str(db), "--reviewer", "ann", "mark", "001", "2", "cleared")
    assert cleared.stdout == f"saved cleared on claim 2 of {PAPER} by ann\n"
    assert "no claim 99" in one_line_error(invoke("--db", str(db), "--reviewer", "ann", "mark", "001", "99", "cleared"))


# --- mark --batch: each line on its own ------------------------------------------------


def test_one_bad_batch_line_does_not_sink_the_batch(db: Path) -> None:
    lines = [
        json.dumps({"report": "001", "claim": 1, "verdict": "confirmed"}),
        json.dumps({"report": "001", "claim": "²", "verdict": "confirmed"}),  # isdigit() but no int()
        json.dumps({"report": "001", "claim": "٣", "verdict": "confirmed"}),  # an Arabic-Indic three
        json.dumps({"report": "001", "claim": 2.5, "verdict": "confirmed"}),
        json.dumps({"report": "001", "claim": 3, "verdict": ["confirmed"]}),
        json.dumps({"report": "001", "claim": 3, "verdict": "perhaps"}),
        json.dumps([1, 2]),
        "\x00\xff not json",
        json.dumps({"report": "004", "claim": "2", "verdict": "disputed", "note": "table 2 says 38.6"}),
    ]
    data = ("\n".join(lines) + "\n").encode() + b'{"report": "001", "claim": 4, "verdict": "confirmed", "note": "\xff\x9b"}\n'
    result = CliRunner().invoke(cli, ["--db", str(db), "--reviewer", "ann", "mark", "--batch", "-"], input=data)
    assert result.exit_code == 1
    assert result.stdout.splitlines() == ["saved 1", "saved 9"]
    errors = result.stderr.splitlines()
    assert [e.split(":")[0] for e in errors] == [f"error {n}" for n in (2, 3, 4, 5, 6, 7, 8, 10)]
    assert "whole number" in errors[0] and "whole number" in errors[1]
    assert errors[-1] == "error 10: not UTF-8 text"
    assert "Traceback" not in result.stderr
    store = ReviewStore(db)
    assert [(m.claim, m.verdict.value) for m in store.marks(PAPER)] == [(1, "confirmed")]
    assert [m.note for m in store.marks("004_a9b6704b1e66c2ae")] == ["table 2 says 38.6"]


# --- non-regular files ------------------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
@pytest.mark.parametrize("command", [["show"], ["show", "--json"], ["check"]])
def test_a_fifo_is_refused_at_once_and_never_opened(tmp_path: Path, command: list[str]) -> None:
    fifo = tmp_path / "report.txt"
    os.mkfifo(fifo)
    # A process of its own: were the FIFO opened, the open would block and the timeout would say so.
    done = subprocess.run(
        [sys.executable, "-m", "claimdesk", *command, str(fifo)],
        stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=30,
    )
    assert done.returncode == 2
    assert done.stderr == f"claimdesk: {fifo}: not a regular file (a FIFO, socket or device); not read\n"
    assert done.stdout == ""


@pytest.mark.parametrize("command", [[], ["show"], ["check"], ["import"]])
def test_a_name_too_long_for_the_file_system_is_one_line(db: Path, opened, command: list[str]) -> None:
    name = "a" * 5000
    result = invoke("--db", str(db), *command, name)
    assert result.exit_code in (1, 2)
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("claimdesk: "), result.stderr[-500:]
    assert opened == []


def test_the_browser_desk_needs_no_terminal(monkeypatch) -> None:
    """`claimdesk serve` runs `claimdesk open` under textual-serve, which names its web driver."""
    from claimdesk.cli.app_cmd import terminal_problem

    import io

    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    monkeypatch.delenv("TEXTUAL_DRIVER", raising=False)
    assert "standard input is not one" in (terminal_problem() or "")
    monkeypatch.setenv("TEXTUAL_DRIVER", "textual.drivers.web_driver:WebDriver")
    assert terminal_problem() is None
