"""The desk's library-wide views: findings across reports, agreement, conflicts, related claims."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from conftest import SAMPLES, SEED_NAMES

pytest.importorskip("textual")

from rich.console import Console  # noqa: E402
from textual.widgets import DataTable, Static  # noqa: E402

from claimdesk.store import ReviewStore  # noqa: E402
from claimdesk.tui.app import ClaimdeskApp  # noqa: E402

SEED_FILES = [SAMPLES / name for name in SEED_NAMES]
RLHF = "001_c07bb58f8e3503ce"  # claims 13-15 give the figures seed 004 gives for HumanEval Pro / MBPP Pro
CODE = "004_a9b6704b1e66c2ae"
SIZE = (80, 24)


@pytest.fixture
def store(db_path: Path) -> ReviewStore:
    store = ReviewStore(db_path)
    assert not store.import_paths(SEED_FILES).failed
    return store


def desk_app(store: ReviewStore, reviewer: str = "ann") -> ClaimdeskApp:
    return ClaimdeskApp(store, reviewer, cursor_blink=False)


def static_text(app: ClaimdeskApp, selector: str, width: int = 200) -> str:
    """A Static's whole content as plain text, scrolled out of view or not."""
    console = Console(width=width, record=True, file=open("/dev/null", "w"), color_system=None)
    console.print(app.screen.query_one(selector, Static).content)
    return console.export_text()


async def wait_for_library(app: ClaimdeskApp, pilot) -> None:
    await app.workers.wait_for_complete()
    await pilot.pause()
    assert app.screen.analysis is not None


async def related_lookup_done(app: ClaimdeskApp, pilot) -> None:
    """Wait until the desk's pending related-claims lookup has run, however slow the machine.

    The lookup waits for the cursor to rest (a timer). A fixed pause raced it: the
    timer's clock starts only when the event loop first runs it, and the table's
    highlight event used to start it again.
    """
    while (timer := app.screen.pane._related_timer) is not None and timer._task is not None:
        await asyncio.wait_for(asyncio.shield(timer._task), timeout=30)
    await pilot.pause()  # the pane's ClaimRested reaches the screen
    await app.workers.wait_for_complete()  # the look-up runs in a worker
    await pilot.pause()
    await pilot.pause()


async def open_team(app, pilot) -> None:
    """Press 6 on the desk and wait until the team view has read every reviewer's marks."""
    await pilot.pause()
    await pilot.press("6")
    await app.workers.wait_for_complete()
    await pilot.pause()


def screen_text(app) -> str:
    """The screen as drawn, line by line."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())

async def test_overview_shows_a_number_conflict_with_another_report_once_the_library_is_checked(store):
    app = desk_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.screen.open_report(RLHF)
        await wait_for_library(app, pilot)
        overview = static_text(app, "#overview-body")
        assert "conflicting-numbers" in overview
        assert f"report {CODE} claim 8" in overview
        # the flagged claims are marked in the table, and the list counts the new findings
        await pilot.press("2")
        await pilot.pause()
        table = app.screen.query_one("#claims-table", DataTable)
        assert "⚑" in str(table.get_cell("13", "n"))
        rows = {row.report_id: row for row in app.screen.rows}
        assert rows[RLHF].findings == len(app.screen.findings)  # the count kept equals what the open report shows
        app.screen.open_report(CODE)
        await pilot.pause()
        assert rows[CODE].findings == len(app.screen.findings)
        assert any(f.code == "conflicting-numbers" for f in app.screen.findings)


async def test_overview_shows_agreement_once_two_reviewers_marked_the_report(store):
    store.add_mark(RLHF, 1, "confirmed", reviewer="ann")
    store.add_mark(RLHF, 1, "confirmed", reviewer="bob")
    store.add_mark(RLHF, 2, "disputed", reviewer="ann")
    store.add_mark(RLHF, 2, "confirmed", reviewer="bob")
    app = desk_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.screen.open_report(RLHF)
        await pilot.pause()
        overview = static_text(app, "#overview-body")
        assert "Agreement" in overview
        assert "ann, bob" in overview
        assert "50.0%" in overview
        assert "Cohen's κ" in overview and "0.00" in overview  # p_o 0.5, p_e 0.5
        app.screen.open_report(CODE)  # nobody marked it: no agreement section
        await pilot.pause()
        assert "Agreement" not in static_text(app, "#overview-body")


async def test_team_view_lists_a_conflict_with_each_verdict_and_note_and_enter_opens_it(store):
    store.add_mark(RLHF, 3, "confirmed", "matches table 2", reviewer="ann")
    store.add_mark(RLHF, 3, "disputed", "the paper says 41.2", reviewer="bob")
    store.add_mark(RLHF, 4, "confirmed", reviewer="ann")
    store.add_mark(RLHF, 4, "confirmed", reviewer="bob")
    app = desk_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await open_team(app, pilot)
        assert app.screen.id == "team"
        summary = static_text(app, "#team-summary-body")
        # two shared claims, one agreed: 50% and Cohen's kappa 0 (p_o 0.5, p_e 0.5)
        assert "2 shared claims in 1 report: 50.0% agree, Cohen's κ 0.00" in summary
        assert "ann 2 marks in 1 report, 1 in conflict" in summary
        assert "Conflicts  1" in static_text(app, "#team-conflicts")
        table = app.screen.query_one("#conflicts-table", DataTable)
        assert table.row_count == 1
        assert str(table.get_cell("0", "claim")) == "3"
        assert str(table.get_cell("0", "verdicts")) == "ann:confirmed bob:disputed"
        detail = static_text(app, "#conflict-detail")
        assert "matches table 2" in detail and "the paper says 41.2" in detail
        await pilot.press("enter")
        await pilot.pause()
        desk = app.screen
        assert desk.id == "desk"
        assert desk.report.id == RLHF
        assert desk.query_one("#tabs").active == "claims"
        assert desk.pane.current_claim == 3


async def test_team_view_with_no_shared_marks_says_so_and_escape_returns(store):
    app = desk_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await open_team(app, pilot)
        assert "no claim has marks from two or more reviewers" in static_text(app, "#team-summary-body")
        assert "No conflicts" in static_text(app, "#conflict-detail")
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen.id == "desk"


async def test_related_claims_show_the_restatement_in_another_report_with_its_marks(store):
    # 001 claim 15 "DeepseekCoder-33B-instruct achieved a score of 80.7 on the Base Problem ..."
    # restates 004 claim 10 "... achieves 80.7% on HumanEval Pro and 43.9% on MBPP Pro".
    store.add_mark(CODE, 10, "disputed", reviewer="bob")
    app = desk_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await wait_for_library(app, pilot)
        app.screen.open_at_claim(RLHF, 15)
        # not while the cursor is moving (read before the loop runs: the lookup waits 0.15 s,
        # and one pause of the loop can take longer than that on a busy machine)
        assert "looking" in static_text(app, "#claim-detail")
        await related_lookup_done(app, pilot)
        line = static_text(app, "#claim-detail")
        assert "1 related (r)" in line
        assert "claim 10 bob disputed" in line
        await pilot.press("r")
        await pilot.pause()
        options = app.screen.query_one("#related-list")
        assert options.option_count == 1
        shown = str(options.get_option_at_index(0).prompt)
        assert "DeepseekCoder-33B-instruct achieves 80.7% on HumanEval Pro" in shown
        assert "bob disputed" in shown
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.report.id == CODE
        assert app.screen.pane.current_claim == 10


async def test_related_key_before_the_index_is_ready_explains_itself(store):
    app = desk_app(store)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await wait_for_library(app, pilot)
        app.screen.related_index = None  # as it is in the seconds after start-up in a large library
        app.screen.open_at_claim(RLHF, 1)
        await pilot.pause()
        assert "reading the library" in static_text(app, "#claim-detail")
        await pilot.press("r")
        await pilot.pause()
        assert app.screen.id == "desk"
        assert any("Still reading the library" in n.message for n in app._notifications)


async def test_team_view_picks_up_a_new_conflict_while_open(store):
    app = desk_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await open_team(app, pilot)
        table = app.screen.query_one("#conflicts-table", DataTable)
        assert table.row_count == 0
        store.add_mark(CODE, 2, "confirmed", reviewer="ann")
        store.add_mark(CODE, 2, "unsupported", "not in the cited paper", reviewer="cy")
        await pilot.pause(2.5)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert table.row_count == 1
        assert str(table.get_cell("0", "verdicts")) == "ann:confirmed cy:unsupported"


async def test_team_view_shows_hostile_notes_literally(store):
    store.add_mark(RLHF, 5, "confirmed", "[bold red]fine[/] \x1b[31mred\x1b[0m", reviewer="ann")
    store.add_mark(RLHF, 5, "disputed", "[link=http://x]see[/link]", reviewer="bob")
    app = desk_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_team(app, pilot)
        shown = screen_text(app)
        assert "[bold red]fine[/]" in shown and "[link=http://x]see[/link]" in shown
        assert "\x1b" not in static_text(app, "#conflict-detail")


def side_panel_lines(app: ClaimdeskApp) -> list[str]:
    """The side panel's visible lines as plain text."""
    from claimdesk.tui.widgets.report_list import ReportList

    report_list = app.screen.query_one(ReportList)
    return ["".join(seg.text for seg in report_list.render_line(y)) for y in range(report_list.size.height)]


def meta_line_of(app: ClaimdeskApp, report_id: str) -> str:
    """The second line of a report's entry in the side panel (badge, progress, ⚑ count)."""
    titles = {row.report_id: row.title for row in app.screen.rows}
    lines = side_panel_lines(app)
    start = next(i for i, line in enumerate(lines) if titles[report_id][:20] in line)
    return lines[start + 1]


async def test_after_claimdesk_import_the_list_counts_findings_once_the_library_is_checked(
    db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Import runs no checks; the side panel shows no count until the desk has checked the library."""
    import threading

    from click.testing import CliRunner

    import claimdesk.checks
    from claimdesk.cli import cli
    from claimdesk.tui.widgets.library_panel import SideStatus

    folder = tmp_path / "seeds"
    folder.mkdir()
    for path in SEED_FILES:
        (folder / path.name).write_bytes(path.read_bytes())
    outcome = CliRunner().invoke(cli, ["import", "--db", str(db_path), str(folder)])
    assert outcome.exit_code == 0, outcome.output
    assert ReviewStore(db_path).summary(RLHF).findings is None  # not checked at import

    # Hold the desk's library worker (a thread) until the list has been looked at.
    release = threading.Event()
    check_with_numbers = claimdesk.checks.check_with_numbers  # the library worker's check (analysis.py)

    def held(reports, others, **options):
        if threading.current_thread() is not threading.main_thread():
            release.wait(30)
        return check_with_numbers(reports, others, **options)

    monkeypatch.setattr(claimdesk.checks, "check_with_numbers", held)
    app = desk_app(ReviewStore(db_path))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert app.screen.analysis is None
        assert "⚑" not in meta_line_of(app, RLHF)
        for _ in range(2):  # newest -> review score -> findings: nothing counted yet, no error
            await pilot.press("s")
        await pilot.pause()
        assert "sorted by findings" in str(app.screen.query_one(SideStatus).text)
        assert len(app.screen.rows) == len(SEED_FILES)
        release.set()
        await wait_for_library(app, pilot)
        count = app.screen.analysis.counts[RLHF][1]
        assert count > 0
        assert f"⚑{count}" in meta_line_of(app, RLHF)
        counts = [row.findings for row in app.screen.rows]
        assert None not in counts and counts == sorted(counts, reverse=True)  # the sort uses the new counts


async def test_at_80_columns_many_reviewer_pairs_never_hide_the_conflict_count_and_cut_verdicts_end_in_an_ellipsis(store):
    import re

    from claimdesk.store import MarkRequest

    names = ["dana", "bench", "single-reviewer", "ann", "bob", "carol"]  # 15 pairs: more than the box holds
    verdicts = ["unsupported", "needs-check", "disputed", "confirmed"]
    store.add_marks([
        MarkRequest(report=RLHF, claim=claim, verdict=verdicts[(claim + position) % 4], note="", reviewer=name)
        for claim in range(1, 6) for position, name in enumerate(names)
    ])
    app = desk_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await open_team(app, pilot)
        shown = screen_text(app)
        assert "Conflicts  5" in shown
        rows = [line for line in shown.splitlines() if "RLHF" in line and "dana:" in line]
        assert rows and all(re.search(r"dana:\S+ \S+…", row) for row in rows), rows
