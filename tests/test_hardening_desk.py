"""The related-claims lookup waits for the cursor to rest, and a redraw does not restart the wait.

A redraw of the same claim (the table's own highlight event, a live refresh)
used to stop the pending lookup and start its timer again, so the line kept
saying "looking…" for as long as redraws came: the race behind a flaky test.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SAMPLES, SEED_NAMES

pytest.importorskip("textual")

from test_tui_team import CODE, RLHF, SIZE, related_lookup_done, static_text, wait_for_library  # noqa: E402

from claimdesk.store import ReviewStore  # noqa: E402
from claimdesk.tui.app import ClaimdeskApp  # noqa: E402
from claimdesk.tui.widgets.claims_pane import ClaimsTable  # noqa: E402


@pytest.fixture
def store(db_path: Path) -> ReviewStore:
    store = ReviewStore(db_path)
    assert not store.import_paths([SAMPLES / name for name in SEED_NAMES]).failed
    return store


async def test_a_redraw_of_the_same_claim_does_not_postpone_its_related_lookup(store):
    store.add_mark(CODE, 10, "disputed", reviewer="bob")
    app = ClaimdeskApp(store, "ann", cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await wait_for_library(app, pilot)
        screen = app.screen
        pane = screen.pane
        screen.open_at_claim(RLHF, 15)
        pane.look_up_related_later()  # what the highlight event and a live refresh do
        pending = pane._related_timer
        assert pending is not None and pane.current_claim == 15
        pane.look_up_related_later()
        pane.look_up_related_later()
        assert pane._related_timer is pending
        # Another claim is another lookup: that one does start the wait again.
        screen.query_one(ClaimsTable).move_cursor(row=0, animate=False)
        pane.look_up_related_later()
        assert pane._related_timer is not pending
        screen.query_one(ClaimsTable).move_cursor(row=14, animate=False)
        pane.look_up_related_later()
        await related_lookup_done(app, pilot)
        line = static_text(app, "#claim-detail")
        assert "1 related (r)" in line and "claim 10 bob disputed" in line
