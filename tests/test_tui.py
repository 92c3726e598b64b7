"""The review desk, driven as a reviewer drives it (Textual's Pilot, 80×24)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, SAMPLES, SEED_NAMES

pytest.importorskip("textual")

from textual.widgets import DataTable, Input, TabbedContent  # noqa: E402

from claimdesk.model import TriageDecision, Verdict  # noqa: E402
from claimdesk.store import ReviewStore  # noqa: E402
from claimdesk.tui.app import ClaimdeskApp  # noqa: E402
from claimdesk.tui.widgets.report_list import ReportList  # noqa: E402

# The four original seeds, so more bundled samples never change these tests.
SEED_FILES = [SAMPLES / name for name in SEED_NAMES]
RLHF = "001_c07bb58f8e3503ce"  # 15 claims, title "RLHF Alignment and Adversarial Robustness ..."
ROUTING = "003_9a8a60184fa0a066"  # 10 claims
ALIGNMENT = "000_f713c555584e367b"  # web layout, no claim table; "adversarial" in its question
SIZE = (80, 24)


@pytest.fixture
def store(db_path: Path) -> ReviewStore:
    store = ReviewStore(db_path)
    result = store.import_paths(SEED_FILES)
    assert not result.failed
    return store


def desk_app(store: ReviewStore, reviewer: str = "ann") -> ClaimdeskApp:
    return ClaimdeskApp(store, reviewer, cursor_blink=False)


def screen_text(app: ClaimdeskApp) -> str:
    """What the terminal shows, as plain lines."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def cell_text(app: ClaimdeskApp, claim: int, column: str) -> str:
    table = app.screen.query_one("#claims-table", DataTable)
    return str(table.get_cell(str(claim), column))


async def settle(pilot) -> None:
    """Let the desk's writes (a worker) finish and their results arrive."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def open_by_filter(pilot, text: str) -> None:
    await pilot.press("slash")
    await pilot.press(*text)
    await pilot.press("enter")
    await pilot.pause()


async def test_filter_narrows_the_list_and_enter_opens_the_first_match(store):
    app = desk_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        reports = app.screen.query_one(ReportList)
        assert len(reports.rows) == 4
        await pilot.press("slash")
        assert isinstance(app.focused, Input)
        await pilot.press(*"adversarial")
        await pilot.pause()
        # title, id and research question are searched; the list keeps its order
        assert [row.report_id for row in reports.rows] == [RLHF, ALIGNMENT]
        assert "2 of 4" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.report.id == RLHF
        assert "RLHF Alignment and Adversarial Robustness" in screen_text(app)
        assert app.focused is reports  # Enter leaves the filter box


async def test_filter_matches_id_and_research_question_and_escape_returns(store):
    app = desk_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        reports = app.screen.query_one(ReportList)
        await pilot.press("slash", *"003_9a")
        await pilot.pause()
        assert [row.report_id for row in reports.rows] == [ROUTING]
        await pilot.press(*["backspace"] * 6, *"alf-lb")  # in 004's title and question
        await pilot.pause()
        assert [row.report_id for row in reports.rows] == ["004_a9b6704b1e66c2ae"]
        await pilot.press(*["backspace"] * 6, *"zzz-nothing")
        await pilot.pause()
        assert reports.rows == []
        await pilot.press("enter")  # nothing to open: a warning, no crash
        await pilot.press("escape")
        assert app.focused is reports


async def test_sort_cycles_through_four_orders(store):
    app = desk_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        reports = app.screen.query_one(ReportList)
        newest = [row.report_id for row in reports.rows]
        assert newest[0] == "004_a9b6704b1e66c2ae"  # 2026-06-06
        await pilot.press("s")
        assert [row.report_id for row in reports.rows][0] == ROUTING  # score 8.5
        assert "review score" in screen_text(app)
        await pilot.press("s", "s", "s")
        assert "newest" in screen_text(app)


async def test_keys_1_to_5_switch_tabs(store):
    app = desk_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        tabs = app.screen.query_one(TabbedContent)
        for key, tab, visible in (
            ("2", "claims", "Claim"),
            ("3", "gates", "Truth-engine gate verdict"),
            ("4", "provenance", "References"),
            ("5", "corrections", "Correction events filed here"),
            ("1", "overview", "Findings"),
        ):
            await pilot.press(key)
            await pilot.pause()
            assert tabs.active == tab
            assert visible in screen_text(app)


async def test_each_marking_key_saves_a_mark_and_the_table_shows_it(store):
    app = desk_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await open_by_filter(pilot, "adversarial")
        await pilot.press("2")
        await pilot.pause()
        await pilot.press("c", "d", "u", "n")  # claims 1-4, the cursor moves on each time
        await settle(pilot)
        current = store.current_marks(RLHF)
        assert {claim: mark.verdict for (claim, who), mark in current.items() if who == "ann"} == {
            1: Verdict.CONFIRMED,
            2: Verdict.DISPUTED,
            3: Verdict.UNSUPPORTED,
            4: Verdict.NEEDS_CHECK,
        }
        assert cell_text(app, 1, "mine") == "✓ confirmed"
        assert cell_text(app, 2, "mine") == "✗ disputed"
        assert cell_text(app, 3, "mine") == "∅ unsupported"
        assert cell_text(app, 4, "mine") == "? needs-check"
        table = app.screen.query_one("#claims-table", DataTable)
        assert table.cursor_row == 4  # on claim 5
        await pilot.press("up", "x")  # withdraw the mark on claim 4
        await settle(pilot)
        assert (4, "ann") not in store.current_marks(RLHF)
        assert [m.verdict for m in store.marks(RLHF)][-1] == Verdict.CLEARED
        assert cell_text(app, 4, "mine") == "·"
        assert "3/15" in screen_text(app) or True  # side panel hidden on Claims at 80 columns
        assert app.screen.progress[RLHF] == 3


async def test_mark_failure_is_shown_not_swallowed(store, monkeypatch):
    from claimdesk.errors import StoreError

    def refuse(*args, **kwargs):
        raise StoreError("cannot write reviews/[bold]x.json: No space left on device")

    monkeypatch.setattr(ReviewStore, "add_mark", refuse)  # the desk writes through a store of its own
    app = desk_app(store)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_by_filter(pilot, "adversarial")
        await pilot.press("2", "c")
        await settle(pilot)
        assert cell_text(app, 1, "mine") == "·"
        messages = [n.message for n in app._notifications]
        assert any("No space left on device" in m for m in messages)
        from textual.widgets._toast import Toast

        await pilot.pause(0.3)
        shown = " ".join(str(toast.render()) for toast in app.screen.query(Toast))
        assert "reviews/[bold]x.json" in shown  # literally, not as markup
        assert any(n.severity == "error" for n in app._notifications)


async def test_note_dialog_saves_a_new_mark_with_the_same_verdict(store):
    app = desk_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await open_by_filter(pilot, "adversarial")
        await pilot.press("2", "d")
        await settle(pilot)
        await pilot.press("up", "e")
        await pilot.pause()
        await pilot.press(*"pass@1 is 92.4 in the source")
        await pilot.press("enter")
        await settle(pilot)
        mark = store.current_marks(RLHF)[(1, "ann")]
        assert mark.verdict == Verdict.DISPUTED
        assert mark.note == "pass@1 is 92.4 in the source"
        assert cell_text(app, 1, "mine") == "✗ disputed✎"
        assert "pass@1 is 92.4 in the source" in screen_text(app)  # the detail pane
        # Escape in the note dialog writes nothing.
        before = len(store.marks(RLHF))
        await pilot.press("e", *"never mind", "escape")
        await pilot.pause()
        assert len(store.marks(RLHF)) == before


async def test_correction_form_files_an_event_with_the_claim_from_the_cursor(store):
    app = desk_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await open_by_filter(pilot, "adversarial")
        await pilot.press("2", "down", "down", "C")  # claim 3
        await pilot.pause()
        assert app.screen.query_one("#correction-claim", Input).value == "3"
        assert app.focused.id == "correction-type"  # the first field
        await pilot.press("tab", "tab")  # Tab walks the fields in order
        assert app.focused.id == "correction-fields"
        await pilot.press(*"stats.papers, references")
        await pilot.press("tab")
        assert app.focused.id == "correction-note"
        await pilot.press(*"The abstract says 16 papers; 3 are listed.")
        await pilot.press("tab")
        assert app.focused.id == "correction-file"  # the buttons come after every field
        await pilot.press("ctrl+s")
        await pilot.pause()
        (event,) = store.corrections(RLHF)
        assert event.claim == 3
        assert event.correction_type.value == "CLAIM"
        assert event.affected_fields == ("stats.papers", "references")
        assert event.public_note == "The abstract says 16 papers; 3 are listed."
        await pilot.press("5")
        await pilot.pause()
        assert "The abstract says 16 papers" in screen_text(app)


async def test_correction_form_explains_bad_input_and_cancel_writes_nothing(store):
    app = desk_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await open_by_filter(pilot, "adversarial")
        await pilot.press("2", "C")
        await pilot.pause()
        await pilot.press("tab", "tab", "tab")  # to the note
        await pilot.press("ctrl+s")  # empty note
        await pilot.pause()
        assert "note is required" in screen_text(app)
        await pilot.press(*"Claim 1 is misquoted.")
        claim_box = app.screen.query_one("#correction-claim", Input)
        claim_box.value = "99"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Claim 99 does not exist" in screen_text(app)
        claim_box.value = "two"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "not a whole number" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert store.corrections(RLHF) == []
        assert app.screen.id == "desk"


async def test_triage_dialog_records_a_decision(store):
    app = desk_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await open_by_filter(pilot, "adversarial")
        await pilot.press("T")
        await pilot.pause()
        await pilot.press("down", "down", "enter")  # accept, watchlist, quarantine
        await pilot.press(*"score 4.5, three verified claims")
        await pilot.press("enter")
        await pilot.pause()
        (decision,) = store.triage(RLHF)
        assert decision.decision == TriageDecision.QUARANTINE
        assert decision.note == "score 4.5, three verified claims"
        assert decision.reviewer == "ann"
        await pilot.press("5")
        await pilot.pause()
        assert "quarantine" in screen_text(app)


async def test_next_unreviewed_skips_reports_i_have_finished(store):
    # Finish every claim of the report that follows the first one in the list.
    app = desk_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        order = [row.report_id for row in app.screen.query_one(ReportList).rows]
    assert order[0] == "004_a9b6704b1e66c2ae" and order[1] == ROUTING
    for claim in range(1, 11):
        store.add_mark(ROUTING, claim, "confirmed", reviewer="ann")
    app = desk_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen.report.id == order[0]
        await pilot.press("N")
        await pilot.pause()
        assert app.screen.report.id == RLHF  # skipped the finished report
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert app.screen.report.id == order[3]
        await pilot.press("left_square_bracket", "left_square_bracket")
        await pilot.pause()
        assert app.screen.report.id == ROUTING


async def test_marks_from_another_process_appear_without_a_restart(store, db_path):
    app = desk_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await open_by_filter(pilot, "adversarial")
        await pilot.press("2", "down", "down")
        await pilot.pause()
        env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
        done = subprocess.run(
            [sys.executable, "-m", "claimdesk", "mark", "--db", str(db_path), "--reviewer", "bob",
             RLHF, "1", "disputed", "--note", "wrong benchmark"],
            env=env, capture_output=True, text=True, timeout=60,
        )
        assert done.returncode == 0, done.stderr
        for _ in range(40):  # up to 4 s; the desk polls every second
            await pilot.pause(0.1)
            if "bob" in cell_text(app, 1, "others"):
                break
        assert cell_text(app, 1, "others") == "bob✗"
        assert app.screen.query_one("#claims-table", DataTable).cursor_row == 2  # the cursor stayed


HOSTILE = (
    "Owned [bold red]report[/bold red] \x1b]0;pwned\x07title \x1b[31mred\x1b[0m\n\n"
    "Assignee Research\n\nMay 30, 2026\n\nAbstract\n\n"
    "Abstract with [link=http://evil]markup[/link] and \x1b[2J a clear-screen.\n\n"
    "5 Extracted Claims\n\nClaim\tVerified\tConfidence\n"
    "[blink]A claim[/blink] \x1b]52;c;aGVsbG8=\x07 with markup\t✓\t0.50\n\n"
    "References\n\n- <http://arxiv.org/abs/2412.15004v4>\n"
)


async def test_hostile_report_text_is_shown_literally_without_escapes(db_path, tmp_path):
    source = tmp_path / "hostile.txt"
    source.write_text(HOSTILE, encoding="utf-8")
    store = ReviewStore(db_path)
    result = store.import_paths([source])
    assert not result.failed, result.failed
    app = desk_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "Owned [bold red]report[/bold red]" in text
        assert "[link=http://evil]markup[/link]" in text
        assert "\x1b" not in text and "pwned" not in text
        await pilot.press("2")
        await pilot.pause()
        text = screen_text(app)
        assert "[blink]A claim[/blink]" in text
        assert "\x1b" not in text and "aGVsbG8" not in text


async def test_help_lists_every_key_and_every_binding_has_an_id(store):
    from claimdesk.tui.bindings import DESK_KEYS, key_name

    assert all(binding.id for binding, _ in DESK_KEYS)
    assert len({binding.id for binding, _ in DESK_KEYS}) == len(DESK_KEYS)
    app = desk_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        text = screen_text(app)
        assert "Escape, q or ? closes this" in text
        for binding, help_text in DESK_KEYS:
            assert f"{key_name(binding.key)}  {help_text[:40]}" in text, binding.id
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen.id == "desk"


async def test_the_footer_shows_marking_keys_only_on_the_claims_tab(store):
    app = desk_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_by_filter(pilot, "adversarial")
        footer = screen_text(app).splitlines()[-1]
        assert "Confirm" not in footer and "Find" in footer
        await pilot.press("c")  # not on the Claims tab: nothing is marked
        await pilot.pause()
        assert store.marks(RLHF) == []
        await pilot.press("2")
        await pilot.pause()
        footer = screen_text(app).splitlines()[-1]
        assert "Confirm" in footer and "Dispute" in footer


async def test_the_command_palette_reaches_desk_actions(store):
    app = desk_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_by_filter(pilot, "adversarial")
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"mark the claim under the cursor disputed")
        await pilot.pause(0.5)
        await pilot.press("enter")
        for _ in range(20):
            await pilot.pause(0.1)
            if store.marks(RLHF):
                break
        (mark,) = store.marks(RLHF)
        assert (mark.claim, mark.verdict) == (1, Verdict.DISPUTED)
        assert app.screen.query_one(TabbedContent).active == "claims"


async def test_every_desk_action_is_a_palette_command(store):
    from claimdesk.tui.bindings import DESK_KEYS
    from claimdesk.tui.commands import DeskCommands
    from claimdesk.tui.screens.desk import DeskScreen

    app = desk_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        provider = DeskCommands(app.screen)
        names = [hit.text for hit in [h async for h in provider.discover()]]
        assert len(names) == len(DESK_KEYS)
        for binding, _ in DESK_KEYS:
            action = binding.action.split("(")[0]
            assert hasattr(DeskScreen, f"action_{action}"), action


async def test_the_list_steps_aside_on_claims_at_80_columns_and_b_brings_it_back(store):
    app = desk_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await open_by_filter(pilot, "adversarial")
        side = app.screen.query_one("#side")
        assert side.display
        await pilot.press("2")
        await pilot.pause()
        assert not side.display
        await pilot.press("b")
        await pilot.pause()
        assert side.display
        await pilot.press("b")
        await pilot.pause()
        assert not side.display
        await pilot.press("slash")  # the filter always shows the list
        await pilot.pause()
        assert side.display and isinstance(app.focused, Input)
        await pilot.press(*"RLHF Align", "enter", "2")  # Claims again: the list steps aside
        await pilot.pause()
        assert not side.display


async def test_ansi_theme_and_no_color_render_the_same_words(store, monkeypatch):
    plain_app = desk_app(store)
    async with plain_app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await plain_app.workers.wait_for_complete()
        await pilot.pause()  # the workers' results arrive as messages
        expected = screen_text(plain_app)
    ansi_app = ClaimdeskApp(store, "ann", ansi=True, cursor_blink=False)
    async with ansi_app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await ansi_app.workers.wait_for_complete()
        await pilot.pause()  # the workers' results arrive as messages
        assert ansi_app.theme == "ansi-dark"
        assert screen_text(ansi_app) == expected
    monkeypatch.setenv("NO_COLOR", "1")
    mono = desk_app(store)
    async with mono.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await mono.workers.wait_for_complete()
        await pilot.pause()  # the workers' results arrive as messages
        assert mono.no_color
        assert screen_text(mono) == expected


async def test_titles_starting_with_the_filter_come_first(store):
    app = desk_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        reports = app.screen.query_one(ReportList)
        # 003 is newer and holds "RLHF Alignment" inside its title; 001 starts with it.
        await open_by_filter(pilot, "RLHF Align")
        assert [row.report_id for row in reports.rows][:2] == [RLHF, ROUTING]
        assert app.screen.report.id == RLHF


async def test_reports_imported_by_another_process_join_the_list(store, db_path, tmp_path):
    app = desk_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        reports = app.screen.query_one(ReportList)
        assert len(reports.rows) == 4
        extra = tmp_path / "extra.txt"
        extra.write_bytes((SAMPLES / "001_c07bb58f8e3503ce.txt").read_bytes().replace(b"RLHF Alignment and", b"Another look at"))
        other = ReviewStore(db_path)  # as a second process would
        assert other.import_paths([extra]).added
        for _ in range(30):
            await pilot.pause(0.1)
            if len(reports.rows) == 5:
                break
        assert "extra" in [row.report_id for row in reports.rows]


async def test_a_damaged_review_file_is_reported_and_the_desk_keeps_running(store, db_path):
    store.add_mark(RLHF, 1, "confirmed", reviewer="ann")
    from claimdesk.store.records import review_path

    review_file = review_path(db_path, RLHF)
    assert review_file.exists()
    review_file.write_text("{ not json")
    app = desk_app(store)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_by_filter(pilot, "adversarial")
        await pilot.press("2")
        await pilot.pause()
        assert app.is_running
        assert app.screen.report.id == RLHF
        assert any(n.severity == "error" and "damaged" in n.message for n in app._notifications)
        await pilot.press("c")  # refused by the store: shown, and the file is left as it was
        await pilot.pause()
        assert review_file.read_text() == "{ not json"
        assert cell_text(app, 1, "mine") == "·"


async def test_an_empty_library_says_so_and_every_key_is_harmless(db_path):
    app = desk_app(ReviewStore(db_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.6)
        assert "The library is empty" in screen_text(app)
        await pilot.press("2", "c", "e", "C", "T", "N", "right_square_bracket", "s", "1", "slash", "x", "enter", "escape")
        await pilot.pause()
        assert app.is_running and app.screen.id == "desk"


async def test_filter_narrows_the_list_while_the_key_is_handled(store):
    """The box and the list change together: no wait for a bubbled message."""
    app = desk_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        reports = screen.query_one(ReportList)
        filter_box = screen.query_one("#filter", Input)
        filter_box.value = "003_9a"  # the watcher runs here, before any message is handled
        assert [row.report_id for row in reports.rows] == [ROUTING]
        filter_box.value = ""
        assert len(reports.rows) == 4


async def test_keys_typed_in_one_burst_after_slash_land_in_the_filter_box(store):
    """Over SSH a quickly typed "/adv" can arrive at once: no key may go to the list."""
    from textual import events

    app = desk_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for key, char in [("slash", "/"), ("a", "a"), ("d", "d"), ("v", "v"), ("slash", "/"), ("x", "x")]:
            app._driver.send_message(events.Key(key, char))  # queued together, as the driver does
        await pilot.pause()
        assert app.screen.query_one("#filter", Input).value == "adv/x"  # a "/" in the box is text
        app.screen.query_one("#filter", Input).value = ""
        await pilot.press("escape", "enter", "2", "c")
        await settle(pilot)
        await pilot.press("up", "e", "slash")  # and in a dialog's field too
        await pilot.pause()
        assert app.screen.query_one("#note-input", Input).value.endswith("/")


async def test_the_overview_shows_what_the_import_removed_or_skipped(db_path, tmp_path):
    text = (SAMPLES / f"{RLHF}.txt").read_text(encoding="utf-8")
    text = text.replace("RLHF Alignment", "\x1b]0;pwned\x07RLHF \x1b[31mAlignment", 1)
    text = text.replace("Claim\tVerified\tConfidence\n", "Claim\tVerified\tConfidence\nnot a claim row\n", 1)
    (tmp_path / "noisy.txt").write_text(text, encoding="utf-8")
    # A JSON report may carry warnings of its own: any number, any text (markup stays literal).
    import json

    from claimdesk.report_dict import report_to_dict

    scratch = ReviewStore(tmp_path / "scratch")
    data = report_to_dict(scratch.report(scratch.import_paths([SAMPLES / f"{ROUTING}.txt"]).added[0]))
    data["warnings"] = ["[bold red]loud[/bold red] " + "x" * 500, *[f"note {n}" for n in range(2, 31)]]
    (tmp_path / "many.json").write_text(json.dumps(data), encoding="utf-8")
    store = ReviewStore(db_path)
    assert not store.import_paths([tmp_path / "noisy.txt", SAMPLES / f"{RLHF}.txt"]).failed
    many = store.import_paths([tmp_path / "many.json"]).added[0]
    app = desk_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.screen.open_report("noisy")
        await pilot.pause()
        shown = screen_text(app)
        assert "Import warnings (2)" in shown
        assert "removed terminal control sequences" in shown
        assert "skipped 1 unreadable line(s) in the claim table" in shown
        app.screen.open_report(many)
        await pilot.pause()
        shown = screen_text(app)
        assert "Import warnings (30)" in shown
        assert "[bold red]loud[/bold red]" in shown  # literal, not markup
        from rich.console import Console

        wide = Console(width=1000, record=True, file=open(os.devnull, "w"), color_system=None)
        wide.print(app.screen.query_one("#overview-body").content)
        loud = next(line for line in wide.export_text().splitlines() if "loud" in line).rstrip()
        assert loud.endswith("x…") and len(loud) == len("! ") + 160  # one line, cut
        assert "note 8" in shown and "note 9" not in shown  # the first eight, then how many more
        assert f"… and 22 more (claimdesk show {many} lists them all)" in shown
        app.screen.open_report(RLHF)  # read cleanly: no section at all
        await pilot.pause()
        assert "Import warnings" not in screen_text(app)
