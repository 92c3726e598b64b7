"""`claimdesk import` ends without the interpreter's teardown: nothing it says or saves is lost."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from claimdesk.cli import leave

SAMPLES = Path(__file__).resolve().parent.parent / "sample_reports"


def _claimdesk(*args: str, stdout: int | None = subprocess.PIPE) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "claimdesk", *args], stdout=stdout, stderr=subprocess.PIPE, text=True, timeout=120
    )


def test_import_output_and_status_survive_the_quick_exit(tmp_path: Path) -> None:
    reports = tmp_path / "reports"
    shutil.copytree(SAMPLES, reports)
    (reports / "broken.txt").write_bytes(b"\x00\xff not a report")
    db = tmp_path / "db"
    done = _claimdesk("import", str(reports), "--db", str(db))
    assert done.returncode == 1  # a bad file: the status a plain exit gave
    assert done.stdout.startswith("imported ") and " 1 failed into " in done.stdout
    assert "broken.txt: " in done.stderr and "Traceback" not in done.stderr
    new = int(done.stdout.split()[1])
    assert new >= 10
    # What it said it saved is there for the next process.
    counted = _claimdesk("stats", "--json", "--db", str(db))
    assert counted.returncode == 0 and json.loads(counted.stdout)["reports"] == new
    again = _claimdesk("import", str(SAMPLES), "--db", str(db))
    assert again.returncode == 0 and f"0 new, 0 updated, {new} unchanged" in again.stdout


def test_output_to_a_file_is_flushed_before_the_exit(tmp_path: Path) -> None:
    out = tmp_path / "out.txt"
    with out.open("w") as handle:  # a file, not a terminal: block-buffered
        done = _claimdesk("import", str(SAMPLES), "--db", str(tmp_path / "db"), stdout=handle)
    assert done.returncode == 0
    assert out.read_text().startswith("imported ")


@pytest.mark.parametrize(("code", "status"), [(None, 0), (0, 0), (1, 1), (2, 2), ("bad input", 1)])
def test_the_exit_status_is_sys_exits(code: object, status: int) -> None:
    program = f"from claimdesk.cli import leave\nleave.now({code!r})\nraise SystemExit(99)"
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=60)
    assert done.returncode == status
    if isinstance(code, str):
        assert done.stderr.strip() == code


def test_an_import_run_in_process_returns(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # CliRunner and main() are not the process's entry point: the import returns to its caller.
    from click.testing import CliRunner

    from claimdesk.cli import cli, main

    result = CliRunner().invoke(cli, ["import", str(SAMPLES), "--db", str(tmp_path / "a")])
    assert result.exit_code == 0 and result.output.startswith("imported ")
    assert leave.asked()  # asked, and this line still runs
    monkeypatch.setattr(sys, "argv", ["claimdesk", "import", str(SAMPLES), "--db", str(tmp_path / "b")])
    with pytest.raises(SystemExit) as exited:
        main()
    assert not exited.value.code
    assert capsys.readouterr().out.startswith("imported ")
    leave.reset()


def test_only_the_entry_point_ends_with_its_command(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import gc

    from click.testing import CliRunner

    from claimdesk.cli import cli, run

    leave.reset()
    assert not leave.ending()
    result = CliRunner().invoke(cli, ["import", str(SAMPLES), "--db", str(tmp_path / "db")])
    assert result.exit_code == 0
    assert gc.isenabled()  # in-process: the import leaves the collector as it found it
    monkeypatch.setattr(sys, "argv", ["claimdesk", "--version"])  # a command that asks for nothing
    with pytest.raises(SystemExit):
        run()
    assert leave.ending() and not leave.asked()
    leave.reset()


@pytest.mark.parametrize("closed", [">&-", "2>&-"])
def test_an_import_with_an_output_closed_still_imports(tmp_path: Path, closed: str) -> None:
    # Started with stdout or stderr closed (`>&-`, `2>&-`), Python has no sys.stdout or sys.stderr.
    db = tmp_path / "db"
    script = f'exec "$@" {closed}'
    done = subprocess.run(
        ["sh", "-c", script, "sh", sys.executable, "-m", "claimdesk", "import", str(SAMPLES), "--db", str(db)],
        capture_output=True, text=True, timeout=120,
    )
    if closed == ">&-":  # imported; only its summary could not be printed, which it says
        assert done.returncode == 1 and done.stderr == "claimdesk: could not print: standard output is closed\n"
    else:
        assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    counted = _claimdesk("stats", "--json", "--db", str(db))
    assert json.loads(counted.stdout)["reports"] >= 10
