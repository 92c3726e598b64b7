"""Fetching sources from a local server playing arXiv, Crossref and web pages, failures included."""

from __future__ import annotations

import time

import pytest
from werkzeug import Response

from claimdesk.model import Claim, Layout, Report
from claimdesk.parsing.fields import classify_reference
from claimdesk.sources import Depth, SourceStore, Status
from claimdesk.sources.fetch import ABSTRACT, FAILED, HELD, fetch_sources, parse_atom
from claimdesk.sources.http import FetchError, FetchSettings, Throttle
from evidence_helpers import atom, make_pdf

PAPER = make_pdf(
    [
        "RecurBench: self-invoking problems.\nWe present RecurBench, a bench-\nmark of 240 problems.",
        "Results\nTern-Coder-7B-base achieves 61.3% pass@1 on base problems.",
    ]
)


def settings_for(server, **extra) -> FetchSettings:
    return FetchSettings(
        arxiv_api=server.url_for("/api/query"),
        arxiv_pdf=server.url_for("/pdf/"),
        crossref_api=server.url_for("/works/"),
        arxiv_delay=0.0,
        timeout=extra.pop("timeout", 5.0),
        max_bytes=extra.pop("max_bytes", 2_000_000),
        **extra,
    )


def report_citing(*urls: str) -> Report:
    return Report(
        id="r1",
        layout=Layout.PAPER,
        title="t",
        claims=(Claim(1, "Tern-Coder-7B-base achieves 61.3% pass@1 on base problems.", True, 0.5),),
        references=tuple(classify_reference(url) for url in urls),
    )


def test_arxiv_crossref_and_pages_held_failures_reported_one_line_each(httpserver, tmp_path):
    server = httpserver
    server.expect_request("/api/query").respond_with_data(
        atom([
            ("2501.00001v2", "RecurBench", "We present RecurBench, a benchmark of 240 problems."),
            ("2501.00002v1", "Only an abstract", "This abstract is all there is."),
        ]),
        content_type="application/atom+xml",
    )
    server.expect_request("/pdf/2501.00001v2").respond_with_data(PAPER, content_type="application/pdf")
    server.expect_request("/pdf/2501.00002v1").respond_with_data("gone", status=404)
    server.expect_request("/pdf/2501.00003v1").respond_with_data("oops", status=500)
    server.expect_request("/works/10.5555/with.abstract").respond_with_json(
        {"message": {"title": ["A DOI paper"], "abstract": "<jats:p>Marlin-8B reaches 55.0 on base.</jats:p>"}}
    )
    server.expect_request("/works/10.5555/absent").respond_with_data("no", status=404)
    server.expect_request("/page").respond_with_data(
        "<html><head><title>Board</title><script>var secret = 1;</script></head>"
        "<body><nav>menu</nav><main><p>Orca-Code-34B scores 52.4.</p></main></body></html>",
        content_type="text/html",
    )
    server.expect_request("/big").respond_with_data(b"x" * 50_000, content_type="text/plain")
    server.expect_request("/fake.pdf").respond_with_data(b"<html>not a pdf</html>", content_type="application/pdf")
    server.expect_request("/away").respond_with_data("", status=302, headers={"Location": "ftp://example.org/x"})
    server.expect_request("/loop").respond_with_data("", status=302, headers={"Location": "/loop"})
    report = report_citing(
        "http://arxiv.org/abs/2501.00001v2",
        "http://arxiv.org/abs/2501.00002v1",
        "http://arxiv.org/abs/2501.00003v1",
        "https://doi.org/10.5555/with.abstract",
        "https://doi.org/10.5555/absent",
        server.url_for("/page"),
        server.url_for("/big"),
        server.url_for("/fake.pdf"),
        server.url_for("/away"),
        server.url_for("/loop"),
        "ftp://example.org/paper.pdf",
    )
    seen: list[tuple[int, int]] = []
    summary = fetch_sources(
        tmp_path / "db", [report], settings=settings_for(server, max_bytes=10_000),
        progress=lambda done, total, _what: seen.append((done, total)),
    )
    outcome = {item.ident: item for item in summary.outcomes}
    assert outcome["2501.00001v2"].outcome == HELD
    assert outcome["2501.00002v1"].outcome == ABSTRACT and "404" in outcome["2501.00002v1"].reason
    assert outcome["2501.00003v1"].outcome == FAILED and "500" in outcome["2501.00003v1"].reason
    assert outcome["10.5555/with.abstract"].outcome == ABSTRACT
    assert outcome["10.5555/absent"].outcome == FAILED and "404" in outcome["10.5555/absent"].reason
    assert outcome[server.url_for("/page")].outcome == HELD
    assert "cap" in outcome[server.url_for("/big")].reason
    assert "not a PDF" in outcome[server.url_for("/fake.pdf")].reason
    assert "away from http" in outcome[server.url_for("/away")].reason
    assert "redirects" in outcome[server.url_for("/loop")].reason
    assert "http(s)" in outcome["ftp://example.org/paper.pdf"].reason
    assert all("\n" not in (item.reason or "") for item in summary.outcomes)
    assert seen[0] == (0, 11) and seen[-1] == (11, 11)
    # many ids, one API query
    api_calls = [request for request, _ in server.log if request.path == "/api/query"]
    assert len(api_calls) == 1
    assert api_calls[0].args["id_list"] == "2501.00001v2,2501.00002v1,2501.00003v1"

    store = SourceStore(tmp_path / "db", bundled=False)
    states = {s.ident: s for s in store.states(report)}
    full = states["2501.00001v2"]
    assert (full.status, full.depth.value, full.title) == (Status.HELD, "full-text", "RecurBench")
    doc = store.document(report.references[0])
    assert doc.pages[0].page == 1 and doc.pages[1].page == 2
    assert doc.page_at(doc.text.index("Tern-Coder")) == 2
    assert states["2501.00002v1"].depth.value == "abstract"
    assert states["2501.00003v1"].status is Status.FAILED and "500" in states["2501.00003v1"].error
    page = store.document(report.references[5])
    assert "Orca-Code-34B scores 52.4." in page.text and "secret" not in page.text and "menu" not in page.text


def test_held_text_survives_a_failed_refresh_and_is_not_fetched_again(httpserver, tmp_path):
    httpserver.expect_request("/page").respond_with_data("<p>First version 12.5.</p>", content_type="text/html")
    report = report_citing(httpserver.url_for("/page"))
    settings = settings_for(httpserver)
    assert fetch_sources(tmp_path / "db", [report], settings=settings).count(HELD) == 1
    again = fetch_sources(tmp_path / "db", [report], settings=settings)
    assert again.skipped == 1 and not again.outcomes
    httpserver.clear_all_handlers()
    httpserver.expect_request("/page").respond_with_data("down", status=503)
    refreshed = fetch_sources(tmp_path / "db", [report], settings=settings, refresh=True)
    (item,) = refreshed.outcomes  # the refresh failed, the source is still held: no failure
    assert (item.outcome, item.kept, refreshed.failed) == (HELD, True, ())
    assert item.reason.startswith("the text held before is kept; the fetch failed: HTTP 503")
    state = SourceStore(tmp_path / "db", bundled=False).state(1, report.references[0])
    assert state.status is Status.HELD
    assert "First version 12.5." in SourceStore(tmp_path / "db").document(report.references[0]).text


def test_malformed_atom_fails_the_ids_whose_pdf_also_failed(httpserver, tmp_path):
    httpserver.expect_request("/api/query").respond_with_data("<feed><entry>", content_type="application/atom+xml")
    httpserver.expect_request("/pdf/2501.00009v1").respond_with_data("no", status=404)
    report = report_citing("http://arxiv.org/abs/2501.00009v1")
    summary = fetch_sources(tmp_path / "db", [report], settings=settings_for(httpserver))
    (item,) = summary.outcomes
    assert item.outcome == FAILED and "malformed XML" in item.reason and "404" in item.reason


def test_entity_expansion_is_refused():
    bomb = b'<?xml version="1.0"?><!DOCTYPE f [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><feed>&b;</feed>'
    with pytest.raises(FetchError, match="malformed XML"):
        parse_atom(bomb)


def test_a_timeout_fails_that_source_only(httpserver, tmp_path):
    def slow(_request):
        time.sleep(1.0)
        return Response("late", content_type="text/plain")

    httpserver.expect_request("/slow").respond_with_handler(slow)
    httpserver.expect_request("/fast").respond_with_data("Quick text 4.5.", content_type="text/plain")
    # the test server answers one request at a time, so the slow one goes last
    report = report_citing(httpserver.url_for("/fast"), httpserver.url_for("/slow"))
    summary = fetch_sources(tmp_path / "db", [report], settings=settings_for(httpserver, timeout=0.2))
    outcome = {item.ident: item for item in summary.outcomes}
    assert "timed out" in outcome[httpserver.url_for("/slow")].reason
    assert outcome[httpserver.url_for("/fast")].outcome == HELD


def test_throttle_spaces_requests_by_the_delay(monkeypatch):
    clock = [100.0]
    slept: list[float] = []
    monkeypatch.setattr("claimdesk.sources.http.time.monotonic", lambda: clock[0])

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        clock[0] += seconds

    monkeypatch.setattr("claimdesk.sources.http.time.sleep", sleep)
    throttle = Throttle(3.0)
    throttle.wait()
    clock[0] += 1.0
    throttle.wait()
    throttle.wait()
    assert slept == [pytest.approx(2.0), pytest.approx(3.0)]


def test_settings_read_the_environment():
    settings = FetchSettings.from_env(
        {"CLAIMDESK_ARXIV_API": "http://mirror/api", "CLAIMDESK_ARXIV_PDF": "http://mirror/pdf/",
         "CLAIMDESK_CROSSREF_API": "http://mirror/works/", "CLAIMDESK_ARXIV_DELAY": "0"}
    )
    assert (settings.arxiv_api, settings.arxiv_pdf, settings.crossref_api, settings.arxiv_delay) == (
        "http://mirror/api", "http://mirror/pdf/", "http://mirror/works/", 0.0)
    assert FetchSettings.from_env({}).arxiv_delay == 3.0
    assert FetchSettings.from_env({}).arxiv_api == "https://export.arxiv.org/api/query"


def test_a_refresh_that_gets_less_keeps_the_fuller_text(httpserver, tmp_path):
    from claimdesk.sources import add_source

    report = report_citing("https://doi.org/10.5555/paywalled")
    copy = tmp_path / "copy.txt"
    copy.write_text("The full paper: Marlin-8B reaches 55.0 on base problems.")
    add_source(tmp_path / "db", report, 1, copy)
    httpserver.expect_request("/works/10.5555/paywalled").respond_with_json(
        {"message": {"title": ["Paywalled"], "abstract": "<p>Only the abstract.</p>"}})
    summary = fetch_sources(tmp_path / "db", [report], settings=settings_for(httpserver), refresh=True)
    (item,) = summary.outcomes
    assert "fuller text held before is kept" in item.reason
    doc = SourceStore(tmp_path / "db").document(report.references[0])
    assert doc.depth.value == "full-text" and "The full paper" in doc.text


def test_a_failed_fetch_leaves_a_bundled_sample_text_in_use(httpserver, tmp_path):
    httpserver.expect_request("/pdf/2401.06066v1").respond_with_data("down", status=503)
    httpserver.expect_request("/api/query").respond_with_data(atom([]), content_type="application/atom+xml")
    report = report_citing("http://arxiv.org/abs/2401.06066v1")
    summary = fetch_sources(tmp_path / "db", [report], settings=settings_for(httpserver))
    assert (summary.count(HELD), summary.count(FAILED), len(summary.kept)) == (1, 0, 1)
    assert "the text held before is kept" in summary.outcomes[0].reason
    state = SourceStore(tmp_path / "db").state(1, report.references[0])
    assert state.status is Status.HELD and state.origin.startswith("bundled sample")


def test_a_held_source_whose_fetch_fails_counts_as_held_and_the_others_as_failed(httpserver, tmp_path):
    from claimdesk.sources import add_source

    httpserver.expect_request("/api/query").respond_with_data("down", status=503)
    httpserver.expect_request("/works/10.5555/held").respond_with_data("down", status=503)
    httpserver.expect_request("/page").respond_with_data("down", status=503)
    # the bundled sample (full text), an abstract added before, and a page with nothing held
    report = report_citing("http://arxiv.org/abs/2412.21199v2", "https://doi.org/10.5555/held",
                           httpserver.url_for("/page"))
    abstract = tmp_path / "abstract.txt"
    abstract.write_text("Only the abstract: Marlin-8B reaches 55.0.")
    add_source(tmp_path / "db", report, 2, abstract)
    store = SourceStore(tmp_path / "db")
    doc = store.document(report.references[1])
    store.put(report.references[1], type(doc)(doc.kind, doc.ident, doc.title, doc.text, Depth.ABSTRACT, doc.origin))
    summary = fetch_sources(tmp_path / "db", [report], settings=settings_for(httpserver), refresh=True)
    assert [(item.outcome, item.kept) for item in summary.outcomes] == [
        (HELD, True), (ABSTRACT, True), (FAILED, False)]
    assert [item.ident for item in summary.failed] == [httpserver.url_for("/page")]
    states = SourceStore(tmp_path / "db").states(report)
    assert [(s.status, s.depth) for s in states] == [
        (Status.HELD, Depth.FULL_TEXT), (Status.HELD, Depth.ABSTRACT), (Status.FAILED, Depth.NONE)]
