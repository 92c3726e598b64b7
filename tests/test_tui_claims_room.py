"""The Claims tab at 80 columns: the claim text gets the room, a long claim can be read to its
end from the keyboard, and the detail says every other reviewer's verdict."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from conftest import SAMPLES, SEED_NAMES

pytest.importorskip("textual")

from rich.console import Console  # noqa: E402
from textual.widgets import Static  # noqa: E402

from claimdesk.model import Claim  # noqa: E402
from claimdesk.parsing import parse_file  # noqa: E402
from claimdesk.store import ReviewStore  # noqa: E402
from claimdesk.tui.app import ClaimdeskApp  # noqa: E402

SEED_FILES = [SAMPLES / name for name in SEED_NAMES]
RLHF = "001_c07bb58f8e3503ce"  # claim 3 is 119 characters, "Instruction-tuned models are less efficient…"
LONG = "long"
THE_END = "THE-LAST-WORDS."


@pytest.fixture
def store(db_path: Path) -> ReviewStore:
    store = ReviewStore(db_path)
    assert not store.import_paths(SEED_FILES).failed
    return store


def with_four_reviewers(store: ReviewStore) -> ReviewStore:
    for reviewer, verdict in (("alice", "disputed"), ("bench", "unsupported"), ("bob", "needs-check"), ("chen", "confirmed")):
        store.add_mark(RLHF, 3, verdict, reviewer=reviewer)
    return store


def with_a_long_claim(store: ReviewStore) -> ReviewStore:
    base = parse_file(SAMPLES / f"{RLHF}.txt")
    words = " ".join(f"Sentence {n} of a long claim about benchmark {n}." for n in range(1, 60))
    text = words[:2000 - len(THE_END) - 1] + " " + THE_END
    claims = (Claim(index=1, text=text, verified=True, confidence=0.9),) + base.claims[1:]
    store.add_reports([dataclasses.replace(base, id=LONG, claims=claims)], run_checks=False)
    return store


def desk_app(store: ReviewStore, reviewer: str = "ann") -> ClaimdeskApp:
    return ClaimdeskApp(store, reviewer, cursor_blink=False)


def screen_text(app: ClaimdeskApp) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def row_line(app: ClaimdeskApp, start: str) -> str:
    return next(line for line in screen_text(app).splitlines() if start in line)


def shown_claim(app: ClaimdeskApp, start: str) -> str:
    """The claim text as the table row shows it, up to its ellipsis."""
    line = row_line(app, start)
    return start + line.split(start, 1)[1].split("…")[0]


def detail_text(app: ClaimdeskApp) -> str:
    console = Console(width=200, record=True, file=open("/dev/null", "w"), color_system=None)
    console.print(app.screen.query_one("#claim-detail", Static).content)
    return console.export_text()


async def open_claims(pilot, report_id: str = RLHF, claim: int = 1) -> None:
    await pilot.pause()
    pilot.app.screen.open_report(report_id)
    await pilot.press("2")
    await pilot.pause()
    pilot.app.screen.pane.move_to_claim(claim)
    await pilot.pause()


async def settle(pilot) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


# --- the claim text gets the room


async def test_at_80_columns_others_are_counted_by_verdict_and_the_claim_keeps_the_room(store):
    app = desk_app(with_four_reviewers(store))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_claims(pilot, claim=3)
        assert len(shown_claim(app, "Instruction")) >= 40
        assert "✓1 ✗1 ∅1 ?1" in row_line(app, "Instruction")
        assert "alice" not in row_line(app, "Instruction")
    app = desk_app(store)
    async with app.run_test(size=(120, 40)) as pilot:  # room enough: the names
        await open_claims(pilot, claim=3)
        assert "alice✗ bench∅ bob? chen✓" in row_line(app, "Instruction")
        assert len(shown_claim(app, "Instruction")) >= 60


async def test_with_the_list_shown_at_80_columns_an_empty_mine_column_leaves_the_claim_its_room(store):
    app = desk_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_claims(pilot, claim=3)
        await pilot.press("b")
        await pilot.pause()
        assert app.screen.query_one("#side").display
        assert len(shown_claim(app, "Instruction")) >= 20
        await pilot.press("c")  # my mark on claim 3: the glyph is shown, the word gives way to the claim
        await settle(pilot)
        line = row_line(app, "Instruction")
        assert "✓" in line.split("…", 1)[1] and "confirmed" not in line
        assert len(shown_claim(app, "Instruction")) >= 20
        await pilot.press("b")  # the list hidden: room for the word again
        await pilot.pause()
        assert "✓ confirmed" in row_line(app, "Instruction")


async def test_tab_labels_are_shortened_rather_than_cut_when_the_list_is_shown_at_80_columns(store):
    app = desk_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_claims(pilot)
        tabs = next(line for line in screen_text(app).splitlines() if "1 Overview" in line)
        assert "4 Provenance  5 Corrections" in tabs
        await pilot.press("b")
        await pilot.pause()
        tabs = next(line for line in screen_text(app).splitlines() if "1 Overview" in line)
        assert tabs.rstrip().endswith("4 Prov.  5 Corr.")
        await pilot.press("4")  # a shortened tab still opens
        await pilot.pause()
        assert app.screen.active_tab == "provenance"


# --- a long claim is read to its end


async def test_j_and_k_scroll_a_long_claims_detail_and_its_border_says_there_is_more(store):
    app = desk_app(with_a_long_claim(store))
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await open_claims(pilot, LONG)
        assert "Claim 1: Sentence 1" in screen_text(app)
        assert THE_END not in screen_text(app)
        assert "J ↓ more" in screen_text(app)
        for _ in range(40):
            if THE_END in screen_text(app):
                break
            await pilot.press("J")
            await pilot.pause()
        assert THE_END in screen_text(app)
        assert "K ↑" in screen_text(app) and "J ↓ more" not in screen_text(app)
        assert app.screen.pane.current_claim == 1  # the cursor stayed on the claim
        await pilot.press("J")  # at the end: it says so
        await pilot.pause()
        assert any("shown to its end" in n.message for n in app._notifications)
        await pilot.press("down", "up")  # back on the claim: read from its start
        await pilot.pause()
        assert "Claim 1: Sentence 1" in screen_text(app)
        await pilot.press("J", "K")
        await pilot.pause()
        assert "Claim 1: Sentence 1" in screen_text(app)


# --- other reviewers' verdicts in the detail


@pytest.mark.parametrize("no_color", [False, True], ids=["colour", "no-color"])
async def test_the_detail_gives_each_other_reviewers_verdict_with_their_note(store, monkeypatch, no_color):
    if no_color:
        monkeypatch.setenv("NO_COLOR", "1")
    store.add_mark(RLHF, 2, "disputed", "the source says 92.4", reviewer="bob")
    store.add_mark(RLHF, 2, "confirmed", reviewer="alice")
    store.add_mark(RLHF, 2, "needs-check", reviewer="chen")
    app = desk_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_claims(pilot, claim=2)
        detail = detail_text(app)
        assert "bob ✗ disputed: the source says 92.4" in detail
        assert "Others: alice ✓ confirmed, chen ? needs-check" in detail
        assert "bob ✗ disputed: the source says 92.4" in screen_text(app)

