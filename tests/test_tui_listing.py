"""A library larger than the first page: the desk shows the page, then the whole list."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SAMPLES, SEED_NAMES

pytest.importorskip("textual")

from claimdesk.store import ReviewStore  # noqa: E402
from claimdesk.store import listing as listing_module  # noqa: E402
from claimdesk.tui.app import ClaimdeskApp  # noqa: E402
from claimdesk.tui.widgets.library_panel import LibraryPanel  # noqa: E402
from claimdesk.tui.widgets.report_list import ReportList  # noqa: E402

SEED_FILES = [SAMPLES / name for name in SEED_NAMES]
SIZE = (80, 24)


@pytest.fixture
def store(db_path: Path, monkeypatch) -> ReviewStore:
    store = ReviewStore(db_path)
    assert not store.import_paths(SEED_FILES).failed
    monkeypatch.setattr(listing_module, "HEAD_ROWS", 2)  # four reports: a head of two
    (db_path / "listing-head.json").unlink()
    return store


async def until(pilot, done) -> None:
    for _ in range(50):
        if done():
            return
        await pilot.pause(0.1)
    assert done()


async def test_the_first_page_then_every_report_in_the_same_order(store):
    head = ReviewStore(store.root).listing_head()
    assert not head.complete and len(head.summaries) == 2
    app = ClaimdeskApp(store, "ann", cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        panel = app.screen.query_one(LibraryPanel)
        reports = app.screen.query_one(ReportList)
        await until(pilot, lambda: panel.listed)
        ids = [row.report_id for row in reports.rows]
        assert len(ids) == 4
        assert ids[:2] == [s.id for s in head.summaries]  # the page shown first does not move
        assert app.screen.report is not None and app.screen.report.id == ids[0]
        status = app.screen.query_one("#side-status").text.plain
        assert "4 reports" in status and "listing" not in status


async def test_the_filter_finds_reports_beyond_the_first_page(store):
    head_ids = {s.id for s in ReviewStore(store.root).listing_head().summaries}
    beyond = next(s for s in store.summaries() if s.id not in head_ids)
    app = ClaimdeskApp(store, "ann", cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        panel = app.screen.query_one(LibraryPanel)
        await until(pilot, lambda: panel.listed)
        await pilot.press("slash")
        await pilot.press(*beyond.id[:6])
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.report.id == beyond.id


async def test_the_reopened_report_beyond_the_first_page_opens_at_once(store, tmp_path):
    head_ids = {s.id for s in ReviewStore(store.root).listing_head().summaries}
    beyond = next(s for s in store.summaries() if s.id not in head_ids)
    state = tmp_path / "state.json"
    first = ClaimdeskApp(store, "ann", cursor_blink=False)
    first.state_path = state
    async with first.run_test(size=SIZE) as pilot:
        panel = first.screen.query_one(LibraryPanel)
        await until(pilot, lambda: panel.listed)
        first.screen.open_report(beyond.id)
        await pilot.pause()
    again = ClaimdeskApp(ReviewStore(store.root), "ann", cursor_blink=False)
    again.state_path = state
    async with again.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: again.screen.report is not None)
        assert again.screen.report.id == beyond.id
        panel = again.screen.query_one(LibraryPanel)
        await until(pilot, lambda: panel.listed)
        reports = again.screen.query_one(ReportList)
        assert reports.open_id == beyond.id and reports.highlighted_id == beyond.id
