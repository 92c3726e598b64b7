"""Past RELATED_INDEX_LIMIT reports the desk holds no index of every claim: related claims are
looked up on demand in the store, and the reviewer sees the same restatement with its marks."""

from __future__ import annotations

import pytest

pytest.importorskip("textual")

import claimdesk.analysis as analysis  # noqa: E402
from claimdesk.related import LibraryRelated, RelatedIndex  # noqa: E402
from claimdesk.store import ReviewStore  # noqa: E402
from test_tui_team import CODE, RLHF, SIZE, desk_app, related_lookup_done, static_text, store, wait_for_library  # noqa: E402,F401


async def test_a_library_past_the_limit_looks_related_claims_up_in_the_store(store, monkeypatch):
    monkeypatch.setattr(analysis, "RELATED_INDEX_LIMIT", 2)  # the four seeds are "large"
    store.add_mark(CODE, 10, "disputed", reviewer="bob")
    app = desk_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await wait_for_library(app, pilot)
        assert isinstance(app.screen.related_index, LibraryRelated)
        app.screen.open_at_claim(RLHF, 15)
        await related_lookup_done(app, pilot)
        line = static_text(app, "#claim-detail")
        assert "1 related (r)" in line and "claim 10 bob disputed" in line
        await pilot.press("r")
        await pilot.pause()
        shown = str(app.screen.query_one("#related-list").get_option_at_index(0).prompt)
        assert "DeepseekCoder-33B-instruct achieves 80.7% on HumanEval Pro" in shown


def test_the_pass_lets_the_claim_index_go_once_the_library_passes_the_limit(store, monkeypatch):
    given: list[object] = []
    real = analysis._check
    monkeypatch.setattr(analysis, "_check", lambda s, batch, between=None: (given.append("checked"), real(s, batch, between))[1])
    assert analysis.analyse_library(ReviewStore(store.root), on_related=given.append, related_limit=3) is not None
    assert given == [None, "checked"]  # handed over as soon as the limit is passed, not after the checks
    monkeypatch.setattr(analysis, "_check", real)
    given.clear()
    analysis.analyse_library(ReviewStore(store.root), on_related=given.append, related_limit=4)
    assert isinstance(given[0], RelatedIndex) and given[0].related(RLHF, 15)
