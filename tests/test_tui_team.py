"""The desk's library-wide views: findings across reports, agreement, conflicts, related claims."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SAMPLES

pytest.importorskip("textual")

from rich.console import Console  # noqa: E402
from textual.widgets import DataTable, Static  # noqa: E402

from claimdesk.store import ReviewStore  # noqa: E402
from claimdesk.tui.app import ClaimdeskApp  # noqa: E402

SEED_FILES = [
    SAMPLES / name
    for name in (
        "000_f713c555584e367b.txt",
        "001_c07bb58f8e3503ce.txt",
        "003_9a8a60184fa0a066.txt",
        "004_a9b6704b1e66c2ae.txt",
    )
]
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
    assert app.screen.library_findings is not None


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
        assert rows[RLHF].findings == len(app.screen.library_findings[RLHF])
        assert any(f.code == "conflicting-numbers" for f in app.screen.library_findings[CODE])


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
