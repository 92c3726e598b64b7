"""``claimdesk sources SUBCOMMAND`` takes ``--db`` wherever the other commands do: before the
command (``claimdesk --db DB sources list``), after the group (``sources --db DB list``) and after
the subcommand, the last one winning, and over ``$CLAIMDESK_DB``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimdesk.cli import cli
from evidence_helpers import paper_report, write

CLAIMS = [("Marlin-8B scores 70.0 on HumanEval Pro.", "✓", "0.60")]


@pytest.fixture
def dbs(tmp_path, httpserver, monkeypatch):
    """Two databases holding the same report (one web-page reference); $CLAIMDESK_DB names ``other``."""
    httpserver.expect_request("/board").respond_with_data(
        "<main><p>Marlin-8B scores 70.0 on HumanEval Pro.</p></main>", content_type="text/html")
    report = write(tmp_path / "rep_db_01.txt", paper_report("Boards", CLAIMS, [httpserver.url_for("/board")]))
    target, other = tmp_path / "target", tmp_path / "other"
    for db in (target, other):
        result = CliRunner().invoke(cli, ["--db", str(db), "import", str(report)], catch_exceptions=False)
        assert result.exit_code == 0, result.output
    monkeypatch.setenv("CLAIMDESK_DB", str(other))
    return target, other


def placed(form: str, target: Path, elsewhere: Path, sub: list[str]) -> list[str]:
    """The arguments of ``sources SUB...`` with ``--db target`` placed as ``form`` says."""
    if form == "leading":
        return ["--db", str(target), "sources", *sub]
    if form == "group":
        return ["sources", "--db", str(target), *sub]
    if form == "trailing":
        return ["sources", *sub, "--db", str(target)]
    # every place at once: the one after the subcommand wins
    return ["--db", str(elsewhere), "sources", "--db", str(elsewhere), *sub, "--db", str(target)]


FORMS = ["leading", "group", "trailing", "last-wins"]


def held_files(db: Path) -> list[str]:
    folder = db / "sources"
    return sorted(p.name for p in folder.glob("*.json")) if folder.is_dir() else []


@pytest.mark.parametrize("form", FORMS)
def test_fetch_writes_into_the_database_named(dbs, form, tmp_path):
    target, other = dbs
    result = CliRunner().invoke(cli, placed(form, target, tmp_path / "nowhere", ["fetch"]), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "held 1 · abstract only 0 · failed 0" in result.output
    assert len(held_files(target)) == 1 and held_files(other) == []
    assert not (tmp_path / "nowhere").exists()


@pytest.mark.parametrize("form", FORMS)
def test_add_writes_into_the_database_named(dbs, form, tmp_path):
    target, other = dbs
    copy = write(tmp_path / "board.txt", "Marlin-8B scores 70.0 on HumanEval Pro.")
    args = placed(form, target, tmp_path / "nowhere", ["add", "rep_db", "--ref", "1", str(copy)])
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "held reference 1 of rep_db_01" in result.output
    assert len(held_files(target)) == 1 and held_files(other) == []
    assert not (tmp_path / "nowhere").exists()


@pytest.mark.parametrize("form", FORMS)
def test_list_reads_the_database_named(dbs, form, tmp_path):
    target, other = dbs
    copy = write(tmp_path / "board.txt", "Marlin-8B scores 70.0 on HumanEval Pro.")
    added = CliRunner().invoke(cli, ["--db", str(target), "sources", "add", "rep_db", "--ref", "1", str(copy)])
    assert added.exit_code == 0, added.output
    result = CliRunner().invoke(cli, placed(form, target, tmp_path / "nowhere", ["list", "rep_db", "--json"]),
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert [s["status"] for s in json.loads(result.output)["sources"]] == ["held"]
    # without --db the environment's database is read, where nothing is held
    plain = CliRunner().invoke(cli, ["sources", "list", "rep_db", "--json"], catch_exceptions=False)
    assert [s["status"] for s in json.loads(plain.output)["sources"]] == ["missing"]


def test_a_database_named_before_sources_that_does_not_exist_is_refused_by_name(dbs, tmp_path):
    missing = tmp_path / "missing-db"
    result = CliRunner().invoke(cli, ["--db", str(missing), "sources", "list"])
    assert result.exit_code != 0
    assert f"no review database at {missing}" in result.output
    assert not missing.exists()

