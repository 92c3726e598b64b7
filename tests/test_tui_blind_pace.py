"""The desk under blind review, and the time each desk mark records (Mark.seconds)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SAMPLES, SEED_NAMES

pytest.importorskip("textual")

from rich.console import Console  # noqa: E402
from textual.widgets import DataTable, Static  # noqa: E402

from claimdesk.store import ReviewStore  # noqa: E402
from claimdesk.tui.app import ClaimdeskApp  # noqa: E402

SEED_FILES = [SAMPLES / name for name in SEED_NAMES]
RLHF = "001_c07bb58f8e3503ce"  # 15 claims
SIZE = (120, 40)
SECRET = "bob thinks the table is wrong"


class FakeClock:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def store(db_path: Path) -> ReviewStore:
    store = ReviewStore(db_path)
    assert not store.import_paths(SEED_FILES).failed
    return store


def desk_app(store: ReviewStore, reviewer: str = "ann") -> ClaimdeskApp:
    return ClaimdeskApp(store, reviewer, cursor_blink=False)


def cell_text(app: ClaimdeskApp, claim: int, column: str) -> str:
    return str(app.screen.query_one("#claims-table", DataTable).get_cell(str(claim), column))


def static_text(app: ClaimdeskApp, selector: str, width: int = 200) -> str:
    console = Console(width=width, record=True, file=open("/dev/null", "w"), color_system=None)
    console.print(app.screen.query_one(selector, Static).content)
    return console.export_text()


def mine(store: ReviewStore, reviewer: str = "ann"):
    return {claim: mark for (claim, who), mark in store.current_marks(RLHF).items() if who == reviewer}


async def settle(pilot) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def open_claims(pilot) -> None:
    await pilot.pause()
    pilot.app.screen.open_report(RLHF)
    await pilot.press("2")
    await pilot.pause()


# --- pace: the seconds a desk mark records


async def test_a_desk_mark_records_how_long_its_claim_was_under_the_cursor(store):
    app = desk_app(store)
    clock = FakeClock()
    async with app.run_test(size=SIZE) as pilot:
        app.screen.pane.clock = clock
        await open_claims(pilot)
        assert app.screen.pane.current_claim == 1
        clock.now += 42.0
        await pilot.press("c")  # marks claim 1, the cursor moves to claim 2
        await settle(pilot)
        clock.now += 7.5
        await pilot.press("d")
        await settle(pilot)
        clock.now += 3.0
        await pilot.press("z")  # an undo is not time spent reading a claim
        await settle(pilot)
    marks = store.marks(RLHF)
    assert [(m.claim, m.verdict.value, m.seconds) for m in marks] == [
        (1, "confirmed", 42.0),
        (2, "disputed", 7.5),
        (2, "cleared", None),
    ]


async def test_the_time_counts_from_when_the_cursor_arrived_on_the_claim(store):
    app = desk_app(store)
    clock = FakeClock()
    async with app.run_test(size=SIZE) as pilot:
        app.screen.pane.clock = clock
        await pilot.pause()
        app.screen.open_report(RLHF)  # the Overview first: claim 1 is not in view yet
        await pilot.pause()
        clock.now += 300.0
        await pilot.press("2")
        await pilot.pause()
        clock.now += 5.0
        await pilot.press("c")
        await settle(pilot)
        assert mine(store)[1].seconds == 5.0
        await pilot.press("up")
        await pilot.pause()
        clock.now += 100.0  # on claim 1, not marked
        await pilot.press("down")
        await pilot.pause()
        clock.now += 12.0
        await pilot.press("u")
        await settle(pilot)
    assert mine(store)[2].seconds == 12.0
    assert [m.seconds for m in store.marks(RLHF) if m.claim == 1] == [5.0]


# --- blind review


def bob_marks(store: ReviewStore) -> None:
    store.add_mark(RLHF, 1, "disputed", SECRET, reviewer="bob")
    store.add_mark(RLHF, 2, "unsupported", reviewer="bob")
    store.add_mark(RLHF, 2, "confirmed", reviewer="ann")  # ann has marked claim 2 already


async def test_blind_review_hides_others_marks_until_i_mark_the_claim(store):
    bob_marks(store)
    store.update_settings(blind=True)
    app = desk_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await open_claims(pilot)
        assert "blind review on" in app.screen.sub_title
        assert "bob" not in cell_text(app, 1, "others")  # not marked by me: hidden
        assert "bob" in cell_text(app, 2, "others")  # marked by me: shown
        assert SECRET not in static_text(app, "#claim-detail")
        await pilot.press("6")  # the team view lists only the conflicts on claims I marked
        await settle(pilot)
        assert [c.claim for c in app.screen.figures["conflicts"]] == [2]
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("c")  # my mark on claim 1 reveals bob's
        await settle(pilot)
        assert "bob" in cell_text(app, 1, "others")
        await pilot.press("up")
        await pilot.pause()
        assert SECRET in static_text(app, "#claim-detail")
        await pilot.press("6")
        await settle(pilot)
        assert [c.claim for c in app.screen.figures["conflicts"]] == [1, 2]
        assert "blind review" in static_text(app, "#team-conflicts")


async def test_without_blind_review_the_desk_shows_every_mark(store):
    bob_marks(store)
    app = desk_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await open_claims(pilot)
        assert "blind" not in app.screen.sub_title
        assert "bob" in cell_text(app, 1, "others")
        assert SECRET in static_text(app, "#claim-detail")
        await pilot.press("6")
        await settle(pilot)
        assert not app.screen.figures["blind"]
        assert "blind review" not in static_text(app, "#team-conflicts")


async def test_blind_review_keeps_others_marks_out_of_the_history_tab(store):
    bob_marks(store)
    store.update_settings(blind=True)
    app = desk_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await open_claims(pilot)
        records = app.screen.query_one("#corrections-tab").records
        assert {(m.claim, m.reviewer) for m in records.marks} == {(2, "bob"), (2, "ann")}


async def test_turning_blind_review_on_in_another_terminal_hides_the_marks_at_the_next_refresh(store):
    bob_marks(store)
    app = desk_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await open_claims(pilot)
        assert "bob" in cell_text(app, 1, "others")
        ReviewStore(store.root).update_settings(blind=True)  # claimdesk config blind on, elsewhere
        app.screen.poll_changes()  # what the desk's one-second timer does
        await pilot.pause()
        assert "bob" not in cell_text(app, 1, "others")
        assert "bob" in cell_text(app, 2, "others")
        assert "blind review on" in app.screen.sub_title


async def test_the_related_line_under_a_claim_keeps_hidden_marks_hidden(store):
    import asyncio

    store.add_mark("004_a9b6704b1e66c2ae", 1, "disputed", reviewer="bob")  # RLHF claim 1's near-twin
    store.update_settings(blind=True)
    app = desk_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await open_claims(pilot)
        await app.workers.wait_for_complete()
        await pilot.pause()
        app.screen.pane.look_up_related_later()
        while (timer := app.screen.pane._related_timer) is not None and timer._task is not None:
            await asyncio.wait_for(asyncio.shield(timer._task), timeout=30)
        await pilot.pause()
        await app.workers.wait_for_complete()  # the look-up runs in a worker
        await pilot.pause()
        await pilot.pause()
        detail = static_text(app, "#claim-detail")
        assert "related (r)" in detail
        assert "bob" not in detail and "disputed" not in detail


def test_related_claims_leave_out_what_blind_review_hides(store):
    from claimdesk.related import RelatedIndex, related_claims

    code = "004_a9b6704b1e66c2ae"  # its claim 1 is RLHF claim 1's near-twin
    index = RelatedIndex.from_store(store)
    store.add_mark(code, 1, "disputed", reviewer="bob")

    def marks_seen(viewer):
        items = related_claims(store, index, RLHF, 1, viewer=viewer)
        return next(item for item in items if item.report_id == code and item.claim == 1).marks

    assert marks_seen(None) == {"bob": "disputed"}
    assert marks_seen("ann") == {}
    store.add_mark(code, 1, "confirmed", reviewer="ann")
    assert marks_seen("ann") == {"bob": "disputed", "ann": "confirmed"}


# --- the team view's pace


async def test_the_team_view_shows_each_reviewers_pace_and_how_long_a_report_takes(store):
    for claim, seconds in ((1, 20.0), (2, 40.0), (3, 60.0)):
        store.add_mark(RLHF, claim, "confirmed", reviewer="ann", seconds=seconds)
    store.add_mark(RLHF, 1, "confirmed", reviewer="bob", seconds=10.0)
    store.add_mark(RLHF, 4, "confirmed", reviewer="bob")  # the command line records no time
    app = desk_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("6")
        await settle(pilot)
        summary = static_text(app, "#team-summary-body")
    assert "ann 90 claims/h, median 40 s per claim" in summary
    assert "bob 360 claims/h, median 10 s per claim" in summary
    assert "a report takes a reviewer 65 s (median of 2" in summary  # median of ann's 120 s and bob's 10 s
