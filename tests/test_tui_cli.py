"""`claimdesk [PATH...]`: what happens before the desk opens."""

from __future__ import annotations


import pytest
from click.testing import CliRunner
from conftest import SAMPLES

from claimdesk.cli import cli
from claimdesk.store import ReviewStore


@pytest.fixture
def opened(monkeypatch):
    """Run the command but record the app instead of taking over the terminal."""
    from claimdesk.tui.app import ClaimdeskApp

    apps: list[ClaimdeskApp] = []
    monkeypatch.setattr(ClaimdeskApp, "run", lambda self, *a, **k: apps.append(self))
    monkeypatch.setattr("claimdesk.cli.app_cmd.terminal_problem", lambda: None)  # CliRunner has no terminal
    return apps


def run(args: list[str]):
    return CliRunner().invoke(cli, args, catch_exceptions=False)


def test_an_empty_library_opens_the_bundled_samples_as_a_demo_outside_the_users_database(db_path, opened):
    result = run(["--db", str(db_path), "--reviewer", "ann"])
    assert result.exit_code == 0, result.output
    (app,) = opened
    assert app.reviewer == "ann" and app.demo
    assert ReviewStore(db_path).is_empty()  # the user's database never receives the samples
    demo = db_path.with_name(db_path.name + "-demo")
    assert app.store.root == demo
    count = len(ReviewStore(demo).summaries())
    assert count == len([p for p in SAMPLES.iterdir() if p.is_file()])
    assert any("demo" in message and f"{count} bundled sample reports" in message for message, _ in app.notices)
    # a second start reuses the demo database (marks made there are still there)
    ReviewStore(demo).add_mark("001_c07bb58f8e3503ce", 1, "confirmed", reviewer="ann")
    run(["--db", str(db_path), "--reviewer", "ann"])
    assert opened[1].store.root == demo and len(opened[1].store.summaries()) == count
    assert ReviewStore(db_path).is_empty()


def test_once_the_user_imports_the_desk_opens_their_library_not_the_demo(db_path, tmp_path, opened):
    good = tmp_path / "good.txt"
    good.write_bytes((SAMPLES / "001_c07bb58f8e3503ce.txt").read_bytes())
    run(["--db", str(db_path)])
    run(["--db", str(db_path), str(good)])
    assert not opened[1].demo and opened[1].store.root == db_path


def test_paths_are_imported_first_and_failures_printed(db_path, tmp_path, opened):
    bad = tmp_path / "notes.txt"
    bad.write_text("just some notes, not a report\n")
    good = tmp_path / "good.txt"
    good.write_bytes((SAMPLES / "001_c07bb58f8e3503ce.txt").read_bytes())
    result = run(["--db", str(db_path), str(good), str(bad)])
    assert result.exit_code == 0
    assert f"claimdesk: {bad}:" in result.output
    assert [s.id for s in ReviewStore(db_path).summaries()] == ["good"]
    (app,) = opened
    assert app.failures == [(str(bad), app.failures[0][1])]  # shown in the desk, file and reason
    assert app.failures[0][1]


def test_open_is_the_default_command(db_path, opened):
    assert run(["open", "--db", str(db_path)]).exit_code == 0
    assert len(opened) == 1


def test_ansi_flag_and_theme_choice(db_path, opened):
    run(["--db", str(db_path), "--ansi"])
    run(["--db", str(db_path), "--theme", "nord"])
    run(["--db", str(db_path), "--theme", "textual-ansi"])
    assert [app.theme for app in opened] == ["ansi-dark", "nord", "ansi-dark"]


def test_an_unknown_theme_is_refused_with_the_choices(db_path, opened):
    result = CliRunner().invoke(cli, ["--db", str(db_path), "--theme", "no-such-theme"])
    assert result.exit_code == 2
    assert "unknown theme 'no-such-theme'" in result.output
    assert "nord" in result.output
    assert opened == []
    assert not db_path.exists()  # refused before anything was written


def test_no_color_is_honoured(db_path, opened, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    run(["--db", str(db_path)])
    assert opened[0].no_color


def test_a_database_that_is_not_a_folder_is_refused(tmp_path, opened):
    not_a_db = tmp_path / "file"
    not_a_db.write_text("x")
    result = CliRunner().invoke(cli, ["--db", str(not_a_db)])
    assert result.exit_code == 2
    assert result.output.startswith("claimdesk: ") and result.output.count("\n") == 1
    assert opened == [] and not_a_db.read_text() == "x"
