"""Evidence in the desk: the best passage under the claims table, the passages list, the
reader, fetching sources from the desk, the sources shown in the list and on Provenance."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SAMPLES, SEED_NAMES

pytest.importorskip("textual")

from textual.widgets import OptionList  # noqa: E402

from claimdesk.model import Verdict  # noqa: E402
from claimdesk.store import ReviewStore  # noqa: E402
from claimdesk.tui.app import ClaimdeskApp  # noqa: E402
from claimdesk.tui.screens.reader import PassagesScreen, ReaderScreen  # noqa: E402
from claimdesk.tui.widgets.evidence_pane import EvidencePane  # noqa: E402

SEED_FILES = [SAMPLES / name for name in SEED_NAMES]
RLHF = "001_c07bb58f8e3503ce"  # cites HumanEval Pro, whose sample text is bundled
SIZE = (120, 40)


@pytest.fixture
def store(db_path: Path) -> ReviewStore:
    store = ReviewStore(db_path)
    assert not store.import_paths(SEED_FILES).failed
    return store


def desk_app(store: ReviewStore, reviewer: str = "ann") -> ClaimdeskApp:
    return ClaimdeskApp(store, reviewer, cursor_blink=False)


def screen_text(app: ClaimdeskApp) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def notices(app: ClaimdeskApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def settle(pilot) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def open_claims(pilot, report_id: str = RLHF) -> None:
    await pilot.pause()
    pilot.app.screen.open_report(report_id)
    await pilot.press("2")
    await settle(pilot)


async def claim_with_passage(pilot) -> int:
    """Move the cursor to the first claim with a passage; its number."""
    desk = pilot.app.screen
    evidence = desk.evidence_pane.evidence
    assert evidence is not None and evidence.any_held
    for row, item in enumerate(evidence.claims):
        if item.passages:
            desk.pane.table.move_cursor(row=row, animate=False)
            await pilot.pause()
            return item.claim
    raise AssertionError("no claim of the sample report has a passage")


async def test_the_claims_pane_shows_the_best_passage_with_its_source_and_suggestion(store):
    app = desk_app(store)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_claims(pilot)
        number = await claim_with_passage(pilot)
        item = app.screen.evidence_pane.evidence.claim(number)
        hit = item.best
        shown = screen_text(app)
        assert f"suggests {item.support.value}" in shown
        assert f"[{hit.ref}] p. {hit.page}" in shown or f"[{hit.ref}] " in shown
        assert "HumanEval Pro" in shown.split("Evidence suggests")[1]
        assert " ".join(hit.text.split())[:40] in " ".join(shown.split())
        # The claim's words are styled in the passage (spans, not markup).
        passage = app.screen.query_one(EvidencePane).render_evidence().renderables[-1]
        assert passage.plain == " ".join(hit.text.split())
        assert any(span.style for span in passage.spans)
        # Moving the cursor follows the claim without a new computation.
        evidence = app.screen.evidence_pane.evidence
        await pilot.press("down")
        await pilot.pause()
        assert app.screen.evidence_pane.evidence is evidence
        assert app.screen.evidence_pane.claim.index != number


async def test_p_lists_the_passages_enter_reads_escape_comes_back_and_a_mark_still_lands(store):
    app = desk_app(store)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_claims(pilot)
        number = await claim_with_passage(pilot)
        hit = app.screen.evidence_pane.item.best
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, PassagesScreen)
        assert len(app.screen.query_one(OptionList).options) == len(app.screen.item.passages)
        await pilot.press("enter")
        await pilot.pause()
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        shown = " ".join(screen_text(app).split())
        assert "Reading [1]" in shown or f"Reading [{hit.ref}]" in shown
        assert " ".join(hit.text.split())[:30] in shown  # opened at the passage
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen.id == "desk"
        assert app.screen.pane.current_claim == number
        await pilot.press("c")
        await settle(pilot)
    assert any(claim == number and mark.verdict is Verdict.CONFIRMED
               for (claim, who), mark in store.current_marks(RLHF).items() if who == "ann")


async def test_the_reader_searches_with_slash_and_steps_with_n(store):
    app = desk_app(store)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_claims(pilot)
        await claim_with_passage(pilot)
        await pilot.press("p", "enter")
        await pilot.pause()
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        await pilot.press("slash")
        await pilot.press(*"pass@1")
        await pilot.press("enter")
        await pilot.pause()
        assert len(reader.found) >= 2, reader.found
        first = reader.at
        await pilot.press("n")
        await pilot.pause()
        assert reader.at == (first + 1) % len(reader.found)
        await pilot.press("N")
        await pilot.pause()
        assert reader.at == first
        assert isinstance(app.screen, ReaderScreen)  # n in the reader never marks a claim
    assert not store.current_marks(RLHF)


async def test_p_where_it_cannot_act_says_why_and_the_pane_offers_it_only_with_passages(store):
    app = desk_app(store)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        app.screen.open_report(RLHF)
        await settle(pilot)
        await pilot.press("p")  # Overview: no claim
        await pilot.pause()
        assert any("Claims tab" in n for n in notices(app))
        await pilot.press("2")
        await settle(pilot)
        desk = app.screen
        bare = next(row for row, item in enumerate(desk.evidence_pane.evidence.claims) if not item.passages)
        desk.pane.table.move_cursor(row=bare, animate=False)
        await pilot.pause()
        assert "p lists" not in screen_text(app)
        await pilot.press("p")
        await pilot.pause()
        assert app.screen is desk and any("No source passage" in n for n in notices(app))
        await claim_with_passage(pilot)
        assert "p lists them" in screen_text(app)
        assert screen_text(app).splitlines()[-1].rstrip().endswith("? Keys q Quit")  # the footer still fits


async def test_provenance_shows_each_references_status_and_depth_and_the_list_counts_held(store):
    app = desk_app(store)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_claims(pilot)
        await pilot.press("4")
        await pilot.pause()
        shown = screen_text(app)
        assert "Sources" in shown and "held" in shown and "full-text" in shown
        assert "missing" in shown
        evidence = app.screen.evidence_pane.evidence
        held = sum(1 for s in evidence.sources if s.usable)
        assert f"▤{held}/{len(evidence.sources)}" in shown


# --- fetching from the desk (a loopback server plays arXiv and a web page)


@pytest.fixture
def fetch_store(db_path: Path, tmp_path: Path, httpserver, monkeypatch) -> ReviewStore:
    from evidence_helpers import atom, make_pdf, paper_report, write

    server = httpserver
    server.expect_request("/api/query").respond_with_data(
        atom([("2501.00001v2", "RecurBench", "We present RecurBench, a benchmark of 240 problems.")]),
        content_type="application/atom+xml",
    )
    pdf = make_pdf(["RecurBench: self-invoking problems.\nWe present RecurBench, a benchmark of 240 problems.",
                    "Results\nTern-Coder-7B-base achieves 61.3% pass@1 on base problems, and 48.0% on\n"
                    "self-invoking problems."])
    server.expect_request("/pdf/2501.00001v2").respond_with_data(pdf, content_type="application/pdf")
    server.expect_request("/gone").respond_with_data("no", status=404)
    monkeypatch.setenv("CLAIMDESK_ARXIV_API", server.url_for("/api/query"))
    monkeypatch.setenv("CLAIMDESK_ARXIV_PDF", server.url_for("/pdf/"))
    monkeypatch.setenv("CLAIMDESK_CROSSREF_API", server.url_for("/works/"))
    monkeypatch.setenv("CLAIMDESK_ARXIV_DELAY", "0")
    monkeypatch.setenv("CLAIMDESK_FETCH_TIMEOUT", "5")
    report = write(tmp_path / "recur.txt", paper_report(
        "Self-invoking code generation",
        [("Tern-Coder-7B-base achieves 61.3% pass@1 on base problems.", "✓", "0.9"),
         ("Tern-Coder-7B-base reaches 55.0% on self-invoking problems.", "✓", "0.8")],
        ["http://arxiv.org/abs/2501.00001v2", server.url_for("/gone")],
    ))
    store = ReviewStore(db_path)
    assert not store.import_paths([report]).failed
    return store


async def test_F_fetches_in_the_background_then_the_passage_shows_and_failures_are_named(fetch_store):
    store = fetch_store
    report_id = store.summaries()[0].id
    app = desk_app(store)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_claims(pilot, report_id)
        assert "no source text held" in screen_text(app)
        await pilot.press("F")
        await pilot.pause()
        assert app.screen.id == "desk"  # the desk stays usable while it runs
        await pilot.press("down")
        await settle(pilot)
        await settle(pilot)
        said = "\n".join(notices(app))
        assert "1 held" in said and "1 failed" in said and "404" in said, said
        await pilot.press("up")
        await pilot.pause()
        shown = " ".join(screen_text(app).split())
        assert "suggests supported" in shown, shown
        assert "[1] p. 2 matched 61.3%" in shown and "RecurBench" in shown
        await pilot.press("down")
        await pilot.pause()
        shown = " ".join(screen_text(app).split())
        assert "suggests contradicted" in shown and "claim 55.0% vs source 48.0%" in shown
        await pilot.press("4")
        await pilot.pause()
        shown = screen_text(app)
        assert "full-text" in shown and "failed" in shown


async def test_the_palette_offers_the_fetch_and_runs_it_for_the_open_report(store, monkeypatch):
    import claimdesk.sources
    from claimdesk.sources.fetch import FetchSummary
    from claimdesk.tui.commands import DeskCommands

    asked = []

    def fake_fetch(db_path, reports, **kwargs):  # no network in tests: the fetch itself is tested above
        asked.extend(report.id for report in reports)
        return FetchSummary()

    monkeypatch.setattr(claimdesk.sources, "fetch_sources", fake_fetch)
    app = desk_app(store)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_claims(pilot)
        provider = DeskCommands(app.screen)
        names = [name for name, action, _ in provider._commands() if action == "fetch_sources"]
        assert names == ["Fetch (F)"]
        await pilot.press("4")  # from another tab too
        app.screen.run_from_palette("fetch_sources")
        await settle(pilot)
        await settle(pilot)
        said = "\n".join(notices(app))
        assert "Fetching the sources" in said and "0 held, 0 abstract only, 0 failed" in said
        assert asked == [RLHF]


async def test_the_list_shows_held_sources_for_reports_not_yet_opened(store):
    app = desk_app(store)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await settle(pilot)
        assert app.screen.report.id != RLHF
        rows = {row.report_id: row.sources for row in app.screen.panel.rows}
        assert rows[RLHF] == "1/3"  # its bundled sample source, never opened
        assert rows["003_9a8a60184fa0a066"] == ""  # nothing of it held: no count shown
        assert "▤1/3" in screen_text(app)


async def test_source_text_with_markup_and_escapes_is_shown_as_written_and_cleaned(db_path, tmp_path):
    from claimdesk.sources import add_source
    from claimdesk.parsing import parse_file
    from evidence_helpers import paper_report, write

    report_file = write(tmp_path / "r.txt", paper_report(
        "Markup in a source",
        [("Tern-Coder-7B-base achieves 61.3% pass@1 on base problems.", "✓", "0.9")],
        ["http://arxiv.org/abs/2501.00009v1"],
    ))
    store = ReviewStore(db_path)
    assert not store.import_paths([report_file]).failed
    source = write(tmp_path / "s.txt", "[bold red]Loud[/bold red] Tern-Coder-7B-base achieves 61.3% pass@1 "
                                       "on base problems \x1b[31mtoday\x1b]0;title\x07.\n")
    add_source(db_path, parse_file(report_file), 1, source)
    app = desk_app(store)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_claims(pilot, store.summaries()[0].id)
        shown = screen_text(app)
        assert "[bold red]Loud[/bold red]" in shown
        assert "\x1b" not in shown and "\x07" not in shown
        await pilot.press("p", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        shown = screen_text(app)
        assert "[bold red]Loud[/bold red]" in shown and "\x1b" not in shown


async def test_F_counts_a_held_source_whose_fetch_failed_as_held_as_the_command_line_does(
        store, httpserver, monkeypatch):
    httpserver.expect_request("/api/query").respond_with_data("down", status=503)
    for ident in ("2412.15004v4", "2307.02055v1", "2412.21199v2"):
        httpserver.expect_request(f"/pdf/{ident}").respond_with_data("down", status=503)
    monkeypatch.setenv("CLAIMDESK_ARXIV_API", httpserver.url_for("/api/query"))
    monkeypatch.setenv("CLAIMDESK_ARXIV_PDF", httpserver.url_for("/pdf/"))
    monkeypatch.setenv("CLAIMDESK_ARXIV_DELAY", "0")
    app = desk_app(store)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_claims(pilot)  # cites HumanEval Pro, whose sample text is bundled
        await pilot.press("F")
        await settle(pilot)
        await settle(pilot)
        said = "\n".join(notices(app))
        assert "1 held, 0 abstract only, 2 failed" in said, said
        assert "2412.21199v2:" not in said  # it is not named among the failures
