"""Pictures of the desk's main views at 80×24 and 120×40 (pytest-textual-snapshot).

Deterministic on purpose: a fixed reviewer, a database built from the bundled
samples with fixed marks, no clock in the header, no blinking cursors.
Update after an intended change with ``pytest tests/test_tui_snapshots.py --snapshot-update``.
"""

from __future__ import annotations

import pytest
from conftest import SAMPLES, SEED_NAMES

pytest.importorskip("pytest_textual_snapshot")

from claimdesk.store import ReviewStore  # noqa: E402
from claimdesk.tui.app import ClaimdeskApp  # noqa: E402

# The four original seeds, so more bundled samples never change these tests.
SEED_FILES = [SAMPLES / name for name in SEED_NAMES]
RLHF = "001_c07bb58f8e3503ce"
ALIGNMENT = "000_f713c555584e367b"
SIZES = [(80, 24), (120, 40)]


@pytest.fixture
def desk(db_path):
    store = ReviewStore(db_path)
    store.import_paths(SEED_FILES)
    store.add_mark(RLHF, 1, "confirmed", reviewer="ann")
    store.add_mark(RLHF, 2, "disputed", "the source says 92.4", reviewer="ann")
    store.add_mark(RLHF, 2, "unsupported", reviewer="bob")
    return ClaimdeskApp(store, "ann", cursor_blink=False)


def _open(report_id: str, tab: str):
    async def run_before(pilot) -> None:
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        pilot.app.screen.open_report(report_id)
        await pilot.press(tab)
        await pilot.wait_for_scheduled_animations()  # the tab underline slides
        await pilot.pause(0.3)  # related claims are looked up once the cursor rests

    return run_before


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_overview(snap_compare, desk, size):
    assert snap_compare(desk, terminal_size=size, run_before=_open(RLHF, "1"))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_claims(snap_compare, desk, size):
    assert snap_compare(desk, terminal_size=size, run_before=_open(RLHF, "2"))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_gates(snap_compare, desk, size):
    assert snap_compare(desk, terminal_size=size, run_before=_open(ALIGNMENT, "3"))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_claims_no_color(snap_compare, db_path, monkeypatch, size):
    """Under NO_COLOR verdicts, ✓/× and ⚑ read by glyph and attribute."""
    monkeypatch.setenv("NO_COLOR", "1")
    store = ReviewStore(db_path)
    store.import_paths(SEED_FILES)
    for claim, verdict in ((1, "confirmed"), (2, "disputed"), (3, "unsupported"), (4, "needs-check")):
        store.add_mark(RLHF, claim, verdict, reviewer="ann")
    store.add_mark(RLHF, 2, "unsupported", reviewer="bob")
    app = ClaimdeskApp(store, "ann", cursor_blink=False)
    assert snap_compare(app, terminal_size=size, run_before=_open(RLHF, "2"))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_overview_no_color(snap_compare, db_path, monkeypatch, size):
    monkeypatch.setenv("NO_COLOR", "1")
    store = ReviewStore(db_path)
    store.import_paths(SEED_FILES)
    app = ClaimdeskApp(store, "ann", cursor_blink=False)
    assert snap_compare(app, terminal_size=size, run_before=_open(RLHF, "1"))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_help(snap_compare, desk, size):
    async def run_before(pilot) -> None:
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()  # the workers' results arrive as messages
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(desk, terminal_size=size, run_before=run_before)


@pytest.fixture
def team_desk(db_path):
    store = ReviewStore(db_path)
    store.import_paths(SEED_FILES)
    store.add_mark(RLHF, 1, "confirmed", reviewer="ann")
    store.add_mark(RLHF, 1, "confirmed", reviewer="bob")
    store.add_mark(RLHF, 2, "disputed", "the source says 92.4", reviewer="ann")
    store.add_mark(RLHF, 2, "unsupported", "no source given", reviewer="bob")
    return ClaimdeskApp(store, "ann", cursor_blink=False)


async def _team(pilot) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.press("6")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_team(snap_compare, team_desk, size):
    assert snap_compare(team_desk, terminal_size=size, run_before=_team)
