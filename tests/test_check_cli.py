"""``claimdesk check``: files, folders and library ids; a table, JSON and exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimdesk.cli import cli
from conftest import SEED_NAMES, SEEDS

FIXTURES = Path(__file__).parent / "fixtures" / "checks"
SEED_001 = str(SEEDS / SEED_NAMES[1])
SEED_004 = str(SEEDS / SEED_NAMES[3])
CLEAN = str(FIXTURES / "clean_paper.txt")


def run(*args: str):
    return CliRunner().invoke(cli, ["check", *args], catch_exceptions=False)


def claimdesk(*args: str) -> subprocess.CompletedProcess:
    """The real console entry point, for what a user sees on errors."""
    return subprocess.run([sys.executable, "-m", "claimdesk", *args], capture_output=True, text=True, timeout=60)


def test_json_shape_exactly():
    result = run(SEED_001, SEED_004, "--json")
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert [entry["report"] for entry in data] == ["001_c07bb58f8e3503ce", "004_a9b6704b1e66c2ae"]
    for entry in data:
        assert set(entry) == {"report", "findings"}
        for item in entry["findings"]:
            assert set(item) == {"code", "severity", "message", "claim"}
            assert item["severity"] in ("high", "medium", "low")
            assert item["claim"] is None or isinstance(item["claim"], int)
    # Numbers are compared across the reports named together.
    conflicts = [f for f in data[0]["findings"] if f["code"] == "conflicting-numbers"]
    assert [f["claim"] for f in conflicts] == [13, 14, 15]
    assert "004_a9b6704b1e66c2ae" in conflicts[0]["message"]


def test_a_clean_report_has_an_empty_list_of_findings():
    data = json.loads(run(CLEAN, "--json").output)
    assert data == [{"report": "clean_paper", "findings": []}]


def test_folders_are_checked_file_by_file(tmp_path):
    for name in ("clean_paper.txt", "off_topic.txt"):
        (tmp_path / name).write_bytes((FIXTURES / name).read_bytes())
    (tmp_path / ".hidden.txt").write_text("not a report")
    data = json.loads(run(str(tmp_path), "--json").output)
    assert [entry["report"] for entry in data] == ["clean_paper", "off_topic"]
    assert [f["code"] for f in data[1]["findings"]] == ["off-topic-claims"]


@pytest.mark.parametrize(
    "paths, fail_on, code",
    [
        ([SEED_001], "high", 1),  # below the publication rule: high
        ([CLEAN], "low", 0),  # nothing at all
        ([str(FIXTURES / "suspicious_references.txt")], "high", 0),  # medium findings only
        ([str(FIXTURES / "suspicious_references.txt")], "medium", 1),
        ([SEED_001], None, 0),  # without --fail-on findings never fail the run
    ],
)
def test_fail_on(paths, fail_on, code):
    args = [*paths, *(["--fail-on", fail_on] if fail_on else [])]
    assert run(*args).exit_code == code


def test_table_names_reports_codes_and_evidence():
    result = run(SEED_004, CLEAN)
    assert result.exit_code == 0
    out = result.output
    assert "004_a9b6704b1e66c2ae" in out and "suspicious-reference" in out and "1002.1148v1" in out
    assert "clean_paper  no findings" in out
    assert "in 1 of 2 reports" in out


def test_report_text_is_never_read_as_markup(tmp_path):
    text = (FIXTURES / "clean_paper.txt").read_text()
    text = text.replace(
        "Token acceptance rate rises with draft model size, but the speed-up falls once drafting costs dominate.",
        "Token acceptance rate rises with size [bold red]but falls with the",
    )
    path = tmp_path / "markup.txt"
    path.write_text(text)
    result = CliRunner().invoke(cli, ["check", str(path)], env={"COLUMNS": "200"}, catch_exceptions=False)
    assert "truncated-claim" in result.output
    assert "[bold red]but falls with the" in result.output


def test_unreadable_file_is_one_line_and_exit_2(tmp_path):
    bad = tmp_path / "noise.txt"
    bad.write_bytes(b"\x00\x01\x02 not a report")
    result = claimdesk("check", str(bad))
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith(f"claimdesk: {bad}: ")
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr


def test_missing_file_and_unknown_id(tmp_path):
    missing = claimdesk("check", str(tmp_path / "gone.txt"))
    assert missing.returncode == 2 and missing.stderr.strip() == f"claimdesk: {tmp_path / 'gone.txt'}: no such file"
    unknown = claimdesk("check", "deadbeef", "--db", str(tmp_path / "nodb"))
    assert unknown.returncode == 2
    assert unknown.stderr.startswith("claimdesk: deadbeef: no such file, and there is no review library at ")
    assert not (tmp_path / "nodb").exists()  # checking never creates a database


def test_library_ids_are_checked_against_the_whole_library(tmp_path):
    from claimdesk.store import ReviewStore

    db = tmp_path / "db"
    ReviewStore(db).import_paths([SEED_001, SEED_004, CLEAN])
    result = run("001_c07", "--db", str(db), "--json")
    assert result.exit_code == 0
    (entry,) = json.loads(result.output)
    assert entry["report"] == "001_c07bb58f8e3503ce"
    conflicts = [f for f in entry["findings"] if f["code"] == "conflicting-numbers"]
    assert len(conflicts) == 3 and "004_a9b6704b1e66c2ae" in conflicts[0]["message"]


def test_a_folder_without_reports_is_an_error_not_a_pass(tmp_path):
    """`check wrong/folder --fail-on high` must not pass a gate as "0 findings in 0 of 0 reports"."""
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "notes.pdf").write_bytes(b"%PDF-1.4")
    result = CliRunner().invoke(cli, ["check", str(tmp_path / "empty"), "--fail-on", "high"])
    assert result.exit_code == 2
    assert "no reports to check" in result.output and "*.txt" in result.output
