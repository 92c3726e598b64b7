"""The desk as a new reviewer meets it: undo, notes that stay, room to read, keys that
tell the truth, navigation, forms, the first run, legibility without colour."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from conftest import SAMPLES, SEED_NAMES

pytest.importorskip("textual")

from rich.color import Color as RichColor  # noqa: E402
from textual.widgets import DataTable, Input, Select, TabbedContent  # noqa: E402

from claimdesk.model import Verdict  # noqa: E402
from claimdesk.store import ReviewStore  # noqa: E402
from claimdesk.tui.app import ClaimdeskApp  # noqa: E402
from claimdesk.tui.widgets.report_list import ReportList  # noqa: E402

SEED_FILES = [SAMPLES / name for name in SEED_NAMES]
RLHF = "001_c07bb58f8e3503ce"  # 15 claims
ROUTING = "003_9a8a60184fa0a066"
ALIGNMENT = "000_f713c555584e367b"  # web layout, no claim table
SIZE = (80, 24)


@pytest.fixture
def store(db_path: Path) -> ReviewStore:
    store = ReviewStore(db_path)
    assert not store.import_paths(SEED_FILES).failed
    return store


def desk_app(store: ReviewStore, reviewer: str = "ann", **kwargs) -> ClaimdeskApp:
    return ClaimdeskApp(store, reviewer, cursor_blink=False, **kwargs)


def screen_text(app: ClaimdeskApp) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def footer(app: ClaimdeskApp) -> str:
    return screen_text(app).splitlines()[-1]


def cell_text(app: ClaimdeskApp, claim: int, column: str) -> str:
    return str(app.screen.query_one("#claims-table", DataTable).get_cell(str(claim), column))


def mine(store: ReviewStore, report_id: str = RLHF, reviewer: str = "ann"):
    return {claim: mark for (claim, who), mark in store.current_marks(report_id).items() if who == reviewer}


async def settle(pilot) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def open_claims(pilot, report_id: str = RLHF) -> None:
    await pilot.pause()
    pilot.app.screen.open_report(report_id)
    await pilot.press("2")
    await pilot.pause()


def notices(app: ClaimdeskApp) -> list[str]:
    return [n.message for n in app._notifications]


# --- undo, and notes that survive a new verdict


async def test_a_new_verdict_keeps_the_note_and_z_walks_back_through_my_marks(store):
    app = desk_app(store)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_claims(pilot)
        await pilot.press("n")
        await settle(pilot)
        await pilot.press("up", "e", *"check the source table", "enter")
        await settle(pilot)
        assert (mine(store)[1].verdict, mine(store)[1].note) == (Verdict.NEEDS_CHECK, "check the source table")
        await pilot.press("c")  # a slip of the finger: the note must stay
        await settle(pilot)
        assert (mine(store)[1].verdict, mine(store)[1].note) == (Verdict.CONFIRMED, "check the source table")
        assert cell_text(app, 1, "mine") == "✓ confirmed✎"
        await pilot.press("down", "down", "z")  # undo goes to the claim it undoes
        await settle(pilot)
        assert (mine(store)[1].verdict, mine(store)[1].note) == (Verdict.NEEDS_CHECK, "check the source table")
        assert app.screen.pane.current_claim == 1
        assert cell_text(app, 1, "mine") == "? needs-check✎"
        await pilot.press("z")
        await settle(pilot)
        assert (mine(store)[1].verdict, mine(store)[1].note) == (Verdict.NEEDS_CHECK, "")
        await pilot.press("z")
        await settle(pilot)
        assert 1 not in mine(store)
        assert cell_text(app, 1, "mine") == "·"
        assert "z" not in footer(app).split()  # nothing left to undo: the footer stops offering it
        await pilot.press("z")
        await pilot.pause()
        assert any("Nothing left to undo: every mark you made since the desk opened is undone" in m
                   for m in notices(app))
        assert not any("you have made no mark" in m for m in notices(app))
        await pilot.press("c")
        await settle(pilot)
        assert footer(app).rstrip().endswith("z Undo ? Keys q Quit")  # every key fits 80 columns
        await pilot.press("up", "x")
        await settle(pilot)
        # undo is additive: every mark is still in the history
        assert len(store.marks(RLHF)) == 8


async def test_z_before_any_mark_says_none_was_made(store):
    app = desk_app(store)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_claims(pilot)
        await pilot.press("z")
        await pilot.pause()
        assert any("Nothing to undo: you have made no mark since the desk opened" in m for m in notices(app))


async def test_x_on_a_claim_i_have_not_marked_writes_nothing_and_says_so(store):
    store.add_mark(RLHF, 1, "disputed", reviewer="bob")  # someone else's mark is not mine to withdraw
    app = desk_app(store)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_claims(pilot)
        await pilot.press("x")
        await settle(pilot)
        assert [m.reviewer for m in store.marks(RLHF)] == ["bob"]
        assert "Nothing to withdraw: you have not marked claim 1." in notices(app)
        assert app.screen.pane.current_claim == 1  # the cursor stays on the claim
        await pilot.press("z")
        await pilot.pause()
        assert any("you have made no mark" in m for m in notices(app))  # nothing went on the undo list
        await pilot.press("d", "up", "x")  # the mark still on its way to the store counts as mine
        await settle(pilot)
        assert [(m.reviewer, m.verdict.value) for m in store.marks(RLHF)] == [
            ("bob", "disputed"), ("ann", "disputed"), ("ann", "cleared")]
        assert cell_text(app, 1, "mine") == "·"


async def test_undo_returns_to_the_report_of_the_mark(store):
    app = desk_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await open_claims(pilot, ROUTING)
        await pilot.press("d")
        await settle(pilot)
        app.screen.open_report(RLHF)
        await pilot.pause()
        await pilot.press("z")
        await settle(pilot)
        assert app.screen.report.id == ROUTING
        assert app.screen.query_one(TabbedContent).active == "claims"
        assert mine(store, ROUTING) == {}


async def test_e_on_an_unmarked_claim_asks_for_the_verdict_first(store):
    app = desk_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await open_claims(pilot)
        await pilot.press("e")
        await pilot.pause()
        assert "you have not marked it yet" in screen_text(app)
        verdict_box = app.screen.query_one("#note-verdict", Select)
        assert app.focused is verdict_box  # the first field
        app.screen.query_one("#note-input", Input).value = "figures differ"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Choose a verdict" in screen_text(app)
        assert store.marks(RLHF) == []  # nothing made up behind the reviewer's back
        verdict_box.value = "disputed"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert (mine(store)[1].verdict, mine(store)[1].note) == (Verdict.DISPUTED, "figures differ")


# --- reading room


async def test_the_claim_column_gets_the_room_and_the_side_panel_grows_on_wide_terminals(store):
    widths = {}
    for size in [(120, 40), (160, 50), (200, 50)]:
        app = desk_app(store)
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            widths[size[0]] = app.screen.query_one("#side").size.width
            await open_claims(pilot)
            claim = app.screen.pane.claim_width
            if size[0] == 120:
                assert claim >= 72
                line = next(line for line in screen_text(app).splitlines() if "Instruction-tuned" in line)
                shown = line.split("Instruction-tuned", 1)[1].split("…")[0]
                assert len("Instruction-tuned" + shown) >= 72
    assert widths[120] < widths[160] < widths[200]


# --- legible without colour


def _luminance(rgb) -> float:
    def channel(value: int) -> float:
        value /= 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _contrast(fg, bg) -> float:
    high, low = sorted((_luminance(fg), _luminance(bg)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _segments(app: ClaimdeskApp, needle: str, skip_line: int | None = None):
    """(style, contrast) of every drawn segment holding ``needle``, colours as the terminal shows them."""
    theme = app.ansi_theme
    found = []
    for y, strip in enumerate(app.screen._compositor.render_strips()):
        if y == skip_line:
            continue  # the cursor row wears the theme's own cursor colours
        for segment in strip:
            if needle not in segment.text or segment.style is None:
                continue
            style = segment.style
            fg, bg = style.color or RichColor.default(), style.bgcolor or RichColor.default()
            if style.reverse:
                fg, bg = bg, fg
            fg_rgb = fg.get_truecolor(theme, foreground=not style.reverse)
            bg_rgb = bg.get_truecolor(theme, foreground=style.reverse)
            found.append((style, _contrast(tuple(fg_rgb), tuple(bg_rgb))))
    return found


@pytest.mark.parametrize("mode", ["no-color", "ansi", "colour"])
async def test_verdicts_ticks_and_flags_are_legible_and_distinct_in_every_colour_mode(store, monkeypatch, mode):
    if mode == "no-color":
        monkeypatch.setenv("NO_COLOR", "1")
    store.add_mark(RLHF, 5, "disputed", reviewer="ann")
    store.add_mark(RLHF, 6, "unsupported", reviewer="ann")
    store.add_mark(RLHF, 7, "needs-check", reviewer="ann")
    store.add_mark(RLHF, 8, "confirmed", reviewer="ann")
    app = desk_app(store, ansi=(mode == "ansi"))
    async with app.run_test(size=(120, 40)) as pilot:
        await open_claims(pilot)
        table = app.screen.query_one("#claims-table", DataTable)
        cursor_line = table.region.y + 1  # the header, then the cursor on the first row
        styles = {}
        for needle in ("disputed", "unsupported", "needs-check", "confirmed", "×", "⚑"):
            found = _segments(app, needle, cursor_line)
            assert found, needle
            for style, ratio in found:
                assert ratio >= 4.5, (mode, needle, style, ratio)
            styles[needle] = found[0][0]
        disputed, unsupported = styles["disputed"], styles["unsupported"]
        if mode == "no-color":  # told apart by attribute (and glyph), not hue
            assert (disputed.reverse, disputed.underline) != (unsupported.reverse, unsupported.underline)
        else:
            assert disputed.color != unsupported.color
        assert "✗ disputed" in screen_text(app) and "∅ unsupported" in screen_text(app)


# --- keys that tell the truth


async def test_keys_that_cannot_act_are_not_offered_and_say_why(store):
    app = desk_app(store)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.pause()
        app.screen.open_report(RLHF)
        await pilot.pause()
        assert "Confirm" not in footer(app)
        await pilot.press("c")
        await pilot.pause()
        assert store.marks(RLHF) == []
        assert any("press 2 for the Claims tab" in m for m in notices(app))
        app.screen.open_report(ALIGNMENT)  # no claim table
        await pilot.press("2")
        await pilot.pause()
        assert "Confirm" not in footer(app) and "Note" not in footer(app)
        await pilot.press("d", "e")
        await pilot.pause()
        assert app.screen.id == "desk"  # no dialog opened
        assert any("no claim table" in m for m in notices(app))
        app.screen.open_report(RLHF)
        await pilot.pause()
        assert "Confirm" in footer(app) and "Dispute" in footer(app)


# --- navigation


async def test_arrows_move_through_the_matches_while_typing_and_enter_opens_the_highlighted_one(store):
    app = desk_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        reports = app.screen.query_one(ReportList)
        await pilot.press("slash", *"robust")
        await pilot.pause()
        matches = [row.report_id for row in reports.rows]
        assert len(matches) >= 3
        await pilot.press("down", "down")
        assert isinstance(app.focused, Input)  # still typing
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.report.id == matches[2]


async def test_escape_clears_the_filter(store):
    app = desk_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        reports = app.screen.query_one(ReportList)
        await pilot.press("slash", *"003_9a")
        await pilot.pause()
        assert len(reports.rows) == 1
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen.query_one("#filter", Input).value == ""
        assert len(reports.rows) == 4 and app.focused is reports


async def test_back_returns_from_a_jump_to_the_report_tab_and_claim(store):
    app = desk_app(store)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_claims(pilot, RLHF)
        await pilot.press("down", "down", "down")
        app.screen.open_at_claim(ROUTING, 4)  # as Enter in the related-claims or team view does
        await pilot.pause()
        assert app.screen.report.id == ROUTING
        await pilot.press("backspace")
        await pilot.pause()
        assert app.screen.report.id == RLHF
        assert app.screen.query_one(TabbedContent).active == "claims"
        assert app.screen.pane.current_claim == 4
        await pilot.press("backspace")  # the report the desk opened first
        await pilot.pause()
        await pilot.press("backspace")
        await pilot.pause()
        assert any("Nothing to go back to" in m for m in notices(app))


async def test_ctrl_p_finds_a_report_by_title_or_id(store):
    app = desk_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        for query, expected in (("Sparse Mixture-of-Experts Routing", ROUTING), ("001_c07b", RLHF)):
            await pilot.press("ctrl+p")
            await pilot.pause()
            await pilot.press(*query)
            await pilot.pause(0.6)
            await pilot.press("enter")
            for _ in range(20):
                await pilot.pause(0.1)
                if app.screen.id == "desk" and app.screen.report and app.screen.report.id == expected:
                    break
            assert app.screen.report.id == expected


async def test_the_desk_reopens_at_the_last_report_and_tab_per_reviewer_and_database(store, tmp_path):
    state = tmp_path / "state" / "desk.json"
    app = desk_app(store, state_path=state)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.6)
        app.screen.open_report(ROUTING)
        await pilot.press("3")
        await pilot.pause()
        await pilot.press("q")
    app = desk_app(store, state_path=state)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.6)
        assert app.screen.report.id == ROUTING
        assert app.screen.query_one(TabbedContent).active == "gates"
    other = desk_app(store, reviewer="bob", state_path=state)  # another reviewer keeps a place of their own
    async with other.run_test(size=SIZE) as pilot:
        await pilot.pause(0.6)
        assert other.screen.report.id != ROUTING
        assert other.screen.query_one(TabbedContent).active == "overview"


# --- first run, help, legend, sort


async def test_files_that_failed_to_import_are_listed_in_the_desk(store):
    app = desk_app(store, failures=[("notes/[bold]todo.txt", "not a report: no title or claim table")])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "1 file(s) could not be imported" in text
        assert "notes/[bold]todo.txt" in text and "not a report" in text
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen.id == "desk"


async def test_the_demo_says_so_in_the_header(store):
    app = desk_app(store, demo=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert "DEMO" in screen_text(app).splitlines()[0]


async def test_help_wraps_under_its_text_says_how_to_close_and_explains_the_badges(store):
    app = desk_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        text = screen_text(app)
        assert "Escape, q or ? closes this" in text
        body = app.screen.query_one("#help-body")
        lines = [strip.text for strip in app.screen._compositor.render_strips()]
        left = body.content_region.x
        wrapped = [line[left:] for line in lines if line[left:].startswith(" " * 6) and line[left:].strip()]
        assert wrapped, "expected a long help line to wrap"  # under its text, not to the dialog's edge
        await pilot.press("end")
        await pilot.pause()
        from rich.console import Console

        console = Console(width=120, record=True, file=open("/dev/null", "w"), color_system=None)
        console.print(app.screen.query_one("#help-legend").content)
        legend = console.export_text()
        for badge in ("FLAG", "WATCH", "QUAR", "⚑", "3/15"):
            assert badge in legend


async def test_sort_by_review_score_shows_every_rows_score_in_order(store):
    app = desk_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        rows = app.screen.query_one(ReportList).rows
        scores = [row.summary.review_score for row in rows]
        assert scores == sorted(scores, reverse=True)
        meta = [line for line in screen_text(app).splitlines() if "/" in line and ("—" in line or "WATCH" in line)]
        shown = [float(part) for line in meta for part in line.split() if part.replace(".", "", 1).isdigit()]
        assert shown[: len(scores)] == scores


async def test_the_screenshot_is_saved_where_downloads_does_not_exist(store, tmp_path, monkeypatch):
    import platformdirs

    monkeypatch.setattr(platformdirs, "user_downloads_path", lambda: tmp_path / "no-such-downloads")
    monkeypatch.chdir(tmp_path)
    app = desk_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.deliver_screenshot(filename="desk.svg")
        for _ in range(30):
            await pilot.pause(0.1)
            if (tmp_path / "desk.svg").exists():
                break
        assert (tmp_path / "desk.svg").exists()


# --- the rules: one home


def _with(report, tier, score, verified, reproducibility, gate):
    from claimdesk.model import GateStatus, GateVerdict, QualityTier, ReportStats

    dims = tuple((n, lvl) for n, lvl in report.quality_dimensions if n != "reproducibility_status")
    if reproducibility is not None:
        dims += (("reproducibility_status", reproducibility),)
    return dataclasses.replace(
        report,
        stats=ReportStats(review_score=score, claims_verified=verified),
        quality_tier=QualityTier(tier),
        quality_dimensions=dims,
        gate=None if gate is None else GateVerdict(GateStatus(gate)),
    )


def test_the_gates_tab_and_the_tier_check_agree_on_every_tier_and_score():
    from rich.console import Console

    from claimdesk.checks.rules import tier_contradiction
    from claimdesk.model import Level, Tier
    from claimdesk.parsing import parse_file
    from claimdesk.tui.tab_bodies import gates_text

    base = parse_file(SAMPLES / "000_f713c555584e367b.txt")  # web layout: the stated verified count is used
    console = Console(width=160, file=open("/dev/null", "w"), record=True, color_system=None)
    checked = 0
    for tier in Tier:
        for score in (None, 4.99, 5.0, 7.49, 7.5, 8.0, 8.49, 8.5):  # each side of every threshold
            for verified in (None, 0, 1, 4, 5):
                for reproducibility in (None, Level.HIGH, Level.LOW):
                    for gate in (None, "FALSIFIED"):
                        report = _with(base, tier, score, verified, reproducibility, gate)
                        console.print(gates_text(report))
                        shown = console.export_text()
                        printed = next(line for line in shown.splitlines() if line.lstrip().startswith("▶"))
                        says_fails = printed.split()[2] == "fails"
                        flagged = bool(tier_contradiction(report))
                        assert says_fails == flagged, (tier, score, verified, reproducibility, gate, printed)
                        assert ("own threshold is not met" in shown) == flagged
                        checked += 1
    assert checked == 5 * 8 * 5 * 3 * 2
    # the case that disagreed: WATCHLIST, score 8.0, no verified claim
    report = _with(base, Tier.WATCHLIST, 8.0, 0, None, None)
    assert not tier_contradiction(report)


# --- large reports, big changes, a held lock


async def test_a_mark_on_a_large_report_redraws_only_its_own_cells(db_path):
    from claimdesk.model import Claim
    from claimdesk.parsing import parse_file
    from claimdesk.tui.widgets.claims_pane import ClaimsTable

    base = parse_file(SAMPLES / "001_c07bb58f8e3503ce.txt")
    claims = tuple(
        Claim(index=n, text=f"Model {n} reaches {n % 97}.{n % 10} on benchmark {n % 13}", verified=n % 3 == 0, confidence=0.5)
        for n in range(1, 5001)
    )
    big = dataclasses.replace(base, id="big", claims=claims)
    store = ReviewStore(db_path)
    store.add_reports([big], run_checks=False)
    app = desk_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_claims(pilot, "big")
        table = app.screen.query_one(ClaimsTable)
        calls = {"update_cell": 0, "clear": 0, "add_row": 0}
        for name in calls:
            original = getattr(table, name)

            def counted(*args, _name=name, _original=original, **kwargs):
                calls[_name] += 1
                return _original(*args, **kwargs)

            setattr(table, name, counted)
        await pilot.press("d")
        await settle(pilot)
        assert mine(store, "big")[1].verdict == Verdict.DISPUTED
        assert cell_text(app, 1, "mine") == "✗ disputed"
        assert calls == {"update_cell": 1, "clear": 0, "add_row": 0}


async def test_the_live_desk_reads_everything_again_after_a_bulk_change(store, db_path):
    from claimdesk.store.synthetic import fill

    app = desk_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.6)
        reports = app.screen.query_one(ReportList)
        assert len(reports.rows) == 4
        other = ReviewStore(db_path)  # another process imports 250 reports at once
        fill(other, reports=250, marks=0)
        for _ in range(50):
            await pilot.pause(0.1)
            if len(reports.rows) == 254:
                break
        assert len(reports.rows) == 254
        assert "254 reports" in screen_text(app)


async def test_a_held_lock_does_not_freeze_the_desk_and_the_mark_is_saved_once_it_is_free(store, db_path, monkeypatch):
    from filelock import FileLock

    import claimdesk.tui.writes as writes

    monkeypatch.setattr(writes, "LOCK_TIMEOUT", 0.05)
    monkeypatch.setattr(writes, "RETRY_EVERY", 0.1)
    holder = FileLock(db_path / "lock")  # another process in the middle of a long write
    app = desk_app(store)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_claims(pilot)
        holder.acquire()
        try:
            await pilot.press("c")
            for _ in range(20):
                await pilot.pause(0.05)
                if any("waiting to save" in n.title for n in app._notifications):
                    break
            assert any("waiting to save" in n.title for n in app._notifications)
            await pilot.press("d")  # the desk still takes keys: claim 2, queued behind claim 1
            await pilot.pause()
            assert app.screen.pane.current_claim == 3
            assert store.marks(RLHF) == []
        finally:
            holder.release()
        await settle(pilot)
        assert {c: m.verdict for c, m in mine(store).items()} == {1: Verdict.CONFIRMED, 2: Verdict.DISPUTED}
        assert cell_text(app, 2, "mine") == "✗ disputed"


async def test_a_correction_filed_while_the_lock_is_held_says_busy_and_keeps_the_form(store, db_path, monkeypatch):
    from filelock import FileLock

    import claimdesk.tui.writes as writes

    monkeypatch.setattr(writes, "LOCK_TIMEOUT", 0.05)
    holder = FileLock(db_path / "lock")
    app = desk_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await open_claims(pilot)
        await pilot.press("C")
        await pilot.pause()
        await pilot.press("tab", "tab", "tab", *"Claim 1 is misquoted.")
        holder.acquire()
        try:
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert "busy" in screen_text(app)
            assert app.screen.query_one("#correction-note").text == "Claim 1 is misquoted."
        finally:
            holder.release()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen.id == "desk"
        assert [e.public_note for e in store.corrections(RLHF)] == ["Claim 1 is misquoted."]


async def test_text_typed_in_one_burst_after_tab_or_enter_lands_in_the_next_field(store):
    """Over SSH "Tab, Tab, Tab, text" can arrive at once: no character may be lost."""
    from textual import events

    def burst(app, keys) -> None:
        for key in keys:
            if key in ("tab", "enter", "down"):
                app._driver.send_message(events.Key(key, "\r" if key == "enter" else None))
            else:
                app._driver.send_message(events.Key("space" if key == " " else key, key))

    app = desk_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await open_claims(pilot)
        await pilot.press("C")
        await pilot.pause()
        burst(app, ["tab", "tab", "tab", *"Claim 1 is cut"])
        await pilot.pause(0.3)
        assert app.screen.query_one("#correction-note").text == "Claim 1 is cut"
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("T")
        await pilot.pause()
        burst(app, ["down", "down", "enter", *"low score", "enter"])
        await pilot.pause(0.3)
        assert [(t.decision.value, t.note) for t in store.triage(RLHF)] == [("quarantine", "low score")]  # accept, watchlist, quarantine


async def test_a_desk_key_over_a_dialog_says_why_nothing_happened(store):
    app = desk_app(store)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_claims(pilot)
        await pilot.press("T")  # the decisions have focus: "c" is no text here
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        assert store.marks(RLHF) == []
        assert notices(app) == ["c: the decision list takes no typing (↑ ↓ choose, Tab: next field). "
                                "Escape closes the dialog, writing nothing; Ctrl+S saves."]


async def test_letters_typed_on_the_correction_type_say_so_once_and_a_missing_note_takes_the_focus(store):
    app = desk_app(store)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_claims(pilot)
        await pilot.press("C")
        await pilot.pause()
        dialog = app.screen
        assert dialog.focused.id == "correction-type"
        await pilot.press(*"abc")  # one hint for the field, not one toast per key
        await pilot.pause()
        assert notices(app) == ["a: the Type list takes no typing until it is open (Enter opens it; Tab: next field). "
                                "Escape closes the dialog, writing nothing; Ctrl+S saves."]
        assert not any("a dialog is open" in m for m in notices(app))
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "The public note is required" in str(dialog.query_one(".dialog-error").content)
        assert dialog.focused.id == "correction-note"  # the field at fault
        await pilot.press(*"Claim 1 is cut")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen.id == "desk"
        assert [e.public_note for e in store.corrections(RLHF)] == ["Claim 1 is cut"]


async def test_a_bad_claim_number_in_a_correction_takes_the_focus_to_the_claim_field(store):
    app = desk_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await open_claims(pilot)
        await pilot.press("C")
        await pilot.pause()
        dialog = app.screen
        dialog.query_one("#correction-claim", Input).value = "99"
        dialog.query_one("#correction-note").text = "wrong"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert dialog.focused.id == "correction-claim"
        assert store.corrections(RLHF) == []


async def test_a_note_typed_in_one_burst_with_e_lands_in_the_note_and_marks_nothing_else(store):
    """"e" then the note at once (keys batched over SSH): the letters are the note's, never desk keys."""
    from textual import events

    app = desk_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await open_claims(pilot)
        await pilot.press("d")
        await settle(pilot)
        for key, char in [("up", None), ("e", "e"), *[(c if c != " " else "space", c) for c in "check cdnux"], ("enter", "\r")]:
            app._driver.send_message(events.Key(key, char))
        await settle(pilot)
        assert app.screen.id == "desk"
        assert [(m.claim, m.verdict.value, m.note) for m in store.marks(RLHF)] == [
            (1, "disputed", ""),
            (1, "disputed", "check cdnux"),
        ]
