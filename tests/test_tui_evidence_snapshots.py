"""Pictures of the evidence in the desk at 80×24 and 120×40: the claims pane with a passage
under the table, and the reader on the source text (the bundled sample sources).

Update after an intended change with ``pytest tests/test_tui_evidence_snapshots.py --snapshot-update``.
"""

from __future__ import annotations

import pytest
from conftest import SAMPLES, SEED_NAMES

pytest.importorskip("pytest_textual_snapshot")

from claimdesk.store import ReviewStore  # noqa: E402
from claimdesk.tui.app import ClaimdeskApp  # noqa: E402

SEED_FILES = [SAMPLES / name for name in SEED_NAMES]
RLHF = "001_c07bb58f8e3503ce"
SIZES = [(80, 24), (120, 40)]


@pytest.fixture
def desk(db_path):
    store = ReviewStore(db_path)
    store.import_paths(SEED_FILES)
    store.add_mark(RLHF, 1, "confirmed", reviewer="ann")
    return ClaimdeskApp(store, "ann", cursor_blink=False)


async def _claim_with_passage(pilot) -> None:
    await pilot.pause(0.6)  # the desk's first-paint work (progress, library, source counts) has started
    await pilot.app.workers.wait_for_complete()
    pilot.app.screen.open_report(RLHF)
    await pilot.press("2")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    desk = pilot.app.screen
    row = next(row for row, item in enumerate(desk.evidence_pane.evidence.claims) if item.passages)
    desk.pane.table.move_cursor(row=row, animate=False)
    await pilot.wait_for_scheduled_animations()
    await pilot.pause(0.3)  # related claims are looked up once the cursor rests


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_claims_with_passage(snap_compare, desk, size):
    assert snap_compare(desk, terminal_size=size, run_before=_claim_with_passage)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_reader(snap_compare, desk, size):
    async def run_before(pilot) -> None:
        await _claim_with_passage(pilot)
        await pilot.press("p")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause(0.2)

    assert snap_compare(desk, terminal_size=size, run_before=run_before)
