"""While the reviewer types, the desk's keystrokes come first: no cyclic garbage collection in the
middle of one, and the background checks step aside between reports, not only between batches."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import SAMPLES

pytest.importorskip("textual")

from claimdesk import analysis  # noqa: E402
from claimdesk.checks import check_with_numbers  # noqa: E402
from claimdesk.parsing import parse_file  # noqa: E402
from claimdesk.store import ReviewStore  # noqa: E402
from claimdesk.tui.app import ClaimdeskApp  # noqa: E402
from claimdesk.tui.screens.desk_work import TYPING_PAUSE  # noqa: E402


@pytest.fixture
def collector_on() -> Iterator[None]:
    was = gc.isenabled()
    gc.enable()
    yield
    (gc.enable if was else gc.disable)()


@pytest.fixture
def store(tmp_path: Path) -> ReviewStore:
    store = ReviewStore(tmp_path / "db")
    assert not store.import_paths([SAMPLES]).failed
    return store


async def test_the_collector_pauses_while_keys_come_and_returns_after(store: ReviewStore, collector_on: None) -> None:
    app = ClaimdeskApp(store, "ann", cursor_blink=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert gc.isenabled()
        await pilot.press("slash", "r", "o")
        assert not gc.isenabled()  # typing
        await pilot.pause(TYPING_PAUSE / 2)
        await pilot.press("b")
        await pilot.pause(TYPING_PAUSE * 0.7)
        assert not gc.isenabled()  # each key starts the wait again
        await pilot.pause(TYPING_PAUSE)
        assert gc.isenabled()  # keys stopped: the collector is back
        await pilot.press("u")
        assert not gc.isenabled()
    assert gc.isenabled()  # the desk closed while paused: given back


async def test_keys_without_a_pause_keep_the_collector_off_only_so_long(
    store: ReviewStore, collector_on: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    import claimdesk.tui.app as app_module

    monkeypatch.setattr(app_module, "COLLECTOR_PAUSE_MAX", TYPING_PAUSE / 2)
    app = ClaimdeskApp(store, "ann", cursor_blink=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("slash")
        seen: list[bool] = []
        for key in "robust moe":  # a key every quarter pause: never a pause long enough
            await pilot.pause(TYPING_PAUSE / 4)
            seen.append(gc.isenabled())
            await pilot.press(key)
            seen.append(gc.isenabled())
        # Given back once COLLECTOR_PAUSE_MAX had passed, though the keys went on; off again at the next key.
        assert True in seen[:-1] and seen[-1] is False


async def test_a_collector_switched_off_by_the_caller_stays_off(store: ReviewStore, collector_on: None) -> None:
    gc.disable()
    app = ClaimdeskApp(store, "ann", cursor_blink=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("slash", "r")
        await pilot.pause(TYPING_PAUSE * 1.5)
        assert not gc.isenabled()
    assert not gc.isenabled()


def test_checking_a_batch_steps_aside_between_its_reports() -> None:
    reports = [parse_file(path) for path in sorted(SAMPLES.glob("*.txt"))]
    calls: list[int] = []
    stepped = check_with_numbers(reports, [], between=lambda: calls.append(1))
    assert stepped == check_with_numbers(reports, [])  # the same findings
    assert len(calls) >= 2 * len(reports)  # reading each report's figures, then checking each


def test_the_library_pass_asks_to_go_on_inside_a_batch(store: ReviewStore, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(analysis, "BATCH", 1000)  # the whole library in one batch
    asked: list[int] = []
    reports = len(store.report_ids())

    def keep_going() -> bool:
        asked.append(1)
        return True

    result = analysis.analyse_library(ReviewStore(store.root), keep_going)
    assert result is not None and len(result.counts) == reports
    # once per report as it is read, then twice per report within the one batch
    assert len(asked) >= 3 * reports
