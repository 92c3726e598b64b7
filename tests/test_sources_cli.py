"""``claimdesk sources fetch|add|list`` and ``claimdesk evidence`` as a user runs them."""

from __future__ import annotations

import json
import subprocess
import sys

import jsonschema
import pytest
from click.testing import CliRunner

from claimdesk.cli import cli
from conftest import load_schema
from evidence_helpers import atom, make_pdf, paper_report, write

CLAIMS = [
    ("Tern-Coder-7B-base achieves 61.3% pass@1 on base problems.", "✓", "0.40"),
    ("Tern-Coder-7B-base reaches 45.0% pass@1 on self-invoking problems.", "✓", "0.30"),
    ("RecurBench holds 240 self-invoking programming problems.", "×", "0.10"),
    ("Marlin-8B scores 70.0 on HumanEval Pro.", "✓", "0.60"),
]
PAGES = [
    "RecurBench\nWe present RecurBench, a benchmark of 240 self-invoking program-\nming problems.",
    "Results\nTern-Coder-7B-base achieves 61.3% pass@1 on base problems and 38.2% pass@1\n"
    "on self-invoking problems.",
]


@pytest.fixture
def library(tmp_path, httpserver, monkeypatch):
    """A library holding one report that cites an arXiv paper and a web page on the local server."""
    monkeypatch.setenv("CLAIMDESK_ARXIV_API", httpserver.url_for("/api/query"))
    monkeypatch.setenv("CLAIMDESK_ARXIV_PDF", httpserver.url_for("/pdf/"))
    monkeypatch.setenv("CLAIMDESK_CROSSREF_API", httpserver.url_for("/works/"))
    monkeypatch.setenv("CLAIMDESK_ARXIV_DELAY", "0")
    db = tmp_path / "db"
    monkeypatch.setenv("CLAIMDESK_DB", str(db))
    report = write(
        tmp_path / "rep_evidence_01.txt",
        paper_report("Self-invoking code", CLAIMS, ["http://arxiv.org/abs/2501.00001v2", httpserver.url_for("/board")]),
    )
    result = CliRunner().invoke(cli, ["import", str(report)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return db


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def serve_paper(httpserver, board_status: int = 200) -> None:
    httpserver.expect_request("/api/query").respond_with_data(
        atom([("2501.00001v2", "RecurBench", "A benchmark of 240 self-invoking problems.")]),
        content_type="application/atom+xml",
    )
    httpserver.expect_request("/pdf/2501.00001v2").respond_with_data(make_pdf(PAGES), content_type="application/pdf")
    if board_status == 200:
        httpserver.expect_request("/board").respond_with_data(
            "<main><p>Marlin-8B scores 66.4 on HumanEval Pro.</p></main>", content_type="text/html")
    else:
        httpserver.expect_request("/board").respond_with_data("down", status=board_status)


def test_fetch_summarises_and_exits_1_on_a_failure_then_list_shows_status(library, httpserver):
    serve_paper(httpserver, board_status=500)
    result = run("sources", "fetch")
    assert result.exit_code == 1
    assert "held 1 · abstract only 0 · failed 1" in result.output
    assert f"failed {httpserver.url_for('/board')}: HTTP 500" in result.output
    listing = json.loads(run("sources", "list", "rep_ev", "--json").output)
    assert [(s["status"], s["depth"]) for s in listing["sources"]] == [("held", "full-text"), ("failed", "none")]
    assert listing["sources"][1]["error"].startswith("HTTP 500")
    from claimdesk.sources import SourceCounts, SourceStore
    from claimdesk.store import ReviewStore

    store = ReviewStore(library)
    counts = SourceCounts.of(SourceStore(library).states(store.report(store.resolve("rep_ev"))))
    assert (counts.total, counts.held, counts.full_text, counts.failed, counts.missing) == (2, 1, 1, 1, 0)
    table = run("sources", "list").output
    assert "held" in table and "failed" in table and "RecurBench" in table


def test_evidence_json_meets_the_contract_and_grounds_numbers(library, httpserver):
    serve_paper(httpserver)
    assert run("sources", "fetch").exit_code == 0
    result = run("evidence", "rep_ev", "--json")
    assert result.exit_code == 0
    data = json.loads(result.output)
    jsonschema.validate(data, load_schema("evidence"))
    support = {c["claim"]: c["support"] for c in data["claims"]}
    assert support == {1: "supported", 2: "contradicted", 3: "supported", 4: "contradicted"}
    first = data["claims"][0]["passages"][0]
    assert first["ref"] == 1 and first["page"] == 2 and "61.3%" in first["numbers_matched"]
    second = data["claims"][1]["passages"][0]
    assert {"claim": "45.0%", "source": "38.2%"} in second["numbers_conflicting"]
    fourth = data["claims"][3]["passages"][0]
    assert fourth["ref"] == 2 and fourth["numbers_conflicting"] == [{"claim": "70.0", "source": "66.4"}]
    one = json.loads(run("evidence", "rep_ev", "--claim", "2", "--json").output)
    assert [c["claim"] for c in one["claims"]] == [2]
    text = run("evidence", "rep_ev").output
    assert "contradicted" in text and "45.0% vs 38.2%" in text


def test_evidence_without_sources_says_no_source_for_every_claim(library):
    data = json.loads(run("evidence", "rep_ev", "--json").output)
    jsonschema.validate(data, load_schema("evidence"))
    assert {c["support"] for c in data["claims"]} == {"no-source"}
    assert {s["status"] for s in data["sources"]} == {"missing"}


def test_add_a_local_file_then_evidence_reads_it(library, tmp_path):
    note = write(tmp_path / "board.md", "# Board\n\nMarlin-8B scores 70.0 on HumanEval Pro, the best entry.\n")
    result = run("sources", "add", "rep_ev", "--ref", "2", str(note))
    assert result.exit_code == 0 and "held reference 2" in result.output
    data = json.loads(run("evidence", "rep_ev", "--claim", "4", "--json").output)
    assert data["claims"][0]["support"] == "supported"
    assert data["sources"][1]["origin"].startswith("file: ")
    pdf = tmp_path / "paper.pdf"
    pdf.write_bytes(make_pdf(PAGES))
    assert run("sources", "add", "rep_ev", "--ref", "1", str(pdf)).exit_code == 0
    listing = json.loads(run("sources", "list", "rep_ev", "--json").output)
    assert [s["status"] for s in listing["sources"]] == ["held", "held"]


def claimdesk(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "claimdesk", *args], capture_output=True, text=True, timeout=60,
                          env=env)


def test_bad_input_is_one_line_exit_2_and_nothing_is_lost(library, tmp_path):
    import os

    env = dict(os.environ)
    good = write(tmp_path / "good.txt", "Marlin-8B scores 70.0 on HumanEval Pro.")
    assert run("sources", "add", "rep_ev", "--ref", "2", str(good)).exit_code == 0
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 20)
    cases = [
        (["sources", "add", "rep_ev", "--ref", "2", str(broken)], "broken.pdf: the PDF"),
        (["sources", "add", "rep_ev", "--ref", "2", str(tmp_path / "x.docx")], "no such file"),
        (["sources", "add", "rep_ev", "--ref", "9", str(good)], "there is no reference 9"),
        (["evidence", "rep_ev", "--claim", "99"], "there is no claim 99"),
        (["evidence", "nosuchreport"], "no report 'nosuchreport'"),
    ]
    docx = write(tmp_path / "y.docx", "text")
    cases.append((["sources", "add", "rep_ev", "--ref", "2", str(docx)], "unsupported file type .docx"))
    for args, message in cases:
        done = claimdesk(*args, env=env)
        assert done.returncode == 2, (args, done.stderr)
        assert done.stderr.startswith("claimdesk: ") and message in done.stderr, done.stderr
        assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    data = json.loads(run("evidence", "rep_ev", "--claim", "4", "--json").output)
    assert data["claims"][0]["support"] == "supported"  # the good copy is still held


def test_source_text_is_sanitised_before_the_terminal(library, tmp_path):
    hostile = write(tmp_path / "hostile.txt", "Marlin-8B scores 70.0 on HumanEval Pro \x1b]52;c;ZXZpbA==\x07[bold]x[/bold].")
    assert run("sources", "add", "rep_ev", "--ref", "2", str(hostile)).exit_code == 0
    out = run("evidence", "rep_ev", "--claim", "4").output
    assert "\x1b" not in out and "\x07" not in out and "[bold]x[/bold]" in out


def test_help_lists_the_new_commands():
    out = run("--help").output
    assert "sources" in out and "evidence" in out


def test_sources_help_gives_each_subcommand_a_whole_line():
    out = CliRunner().invoke(cli, ["sources", "--help"], terminal_width=80).output
    listing = out.split("Commands:", 1)[1]
    lines = [line.strip() for line in listing.strip().splitlines()]
    assert [line.split()[0] for line in lines] == ["add", "fetch", "list"]
    assert all(not line.endswith("...") and line.endswith(".") for line in lines), lines


def test_fetch_on_a_terminal_shows_a_progress_bar_without_failing(library, httpserver, monkeypatch):
    serve_paper(httpserver)
    monkeypatch.setattr("claimdesk.cli.sources_cmd._on_terminal", lambda: True)
    result = CliRunner().invoke(cli, ["sources", "fetch", "rep_ev"], catch_exceptions=False)
    assert result.exit_code == 0
    assert "held 2 · abstract only 0 · failed 0" in result.output


@pytest.mark.parametrize("name, data, reason", [
    ("random.txt", bytes(range(256)) * 20, "binary data, not a PDF or UTF-8 text"),
    ("random.html", b"<p>" + bytes(range(256)) * 20, "binary data, not a PDF or UTF-8 text"),
    ("latin1.md", "R\xe9sum\xe9 of the board, 70.0 points.".encode("latin-1"), "not UTF-8 text"),
    ("utf16.txt", "Marlin-8B scores 70.0".encode("utf-16"), "UTF-16 text, not UTF-8 text"),
], ids=["binary-txt", "binary-html", "latin1-md", "utf16-txt"])
def test_add_refuses_a_file_that_is_not_text_and_keeps_what_was_held(library, tmp_path, name, data, reason):
    good = write(tmp_path / "good.txt", "Marlin-8B scores 70.0 on HumanEval Pro.")
    assert run("sources", "add", "rep_ev", "--ref", "2", str(good)).exit_code == 0
    held = sorted((library / "sources").iterdir())
    before = [path.read_bytes() for path in held]
    bad = tmp_path / name
    bad.write_bytes(data)
    result = CliRunner().invoke(cli, ["sources", "add", "rep_ev", "--ref", "2", str(bad)])
    assert result.exit_code == 2
    assert result.output == f"claimdesk: {bad}: {reason}\n"
    assert sorted((library / "sources").iterdir()) == held
    assert [path.read_bytes() for path in held] == before


def test_escape_sequences_in_a_source_are_removed_whole_before_it_is_kept(library, tmp_path):
    coloured = write(tmp_path / "coloured.txt",
                     "Marlin-8B scores 70.0 on HumanEval Pro \x1b[31m[bold]red\x1b[0m, the \x1b[1;4mbest\x1b[m entry.")
    assert run("sources", "add", "rep_ev", "--ref", "2", str(coloured)).exit_code == 0
    data = json.loads(run("evidence", "rep_ev", "--claim", "4", "--json").output)
    (best, *_) = data["claims"][0]["passages"]
    assert "HumanEval Pro [bold]red, the best entry." in best["text"]
    shown = run("evidence", "rep_ev", "--claim", "4").output
    assert "[bold]red" in shown and "[31m" not in shown and "[0m" not in shown and "[1;4m" not in shown


@pytest.fixture
def samples_offline(tmp_path, httpserver, monkeypatch):
    """The bundled sample library, with arXiv a local server that answers nothing but 503."""
    from conftest import SAMPLES

    for path in ("/api/query", "/pdf/2412.15004v4", "/pdf/2307.02055v1", "/pdf/2412.21199v2"):
        httpserver.expect_request(path).respond_with_data("down", status=503)
    monkeypatch.setenv("CLAIMDESK_ARXIV_API", httpserver.url_for("/api/query"))
    monkeypatch.setenv("CLAIMDESK_ARXIV_PDF", httpserver.url_for("/pdf/"))
    monkeypatch.setenv("CLAIMDESK_ARXIV_DELAY", "0")
    db = tmp_path / "samples-db"
    monkeypatch.setenv("CLAIMDESK_DB", str(db))
    assert run("import", str(SAMPLES / "001_c07bb58f8e3503ce.txt")).exit_code == 0
    return db


def test_a_failed_fetch_of_a_held_source_is_counted_held_and_only_real_failures_fail(samples_offline):
    listed = json.loads(run("sources", "list", "001", "--json").output)
    assert [s["status"] for s in listed["sources"]] == ["missing", "missing", "held"]
    result = run("sources", "fetch", "001")
    assert result.exit_code == 1  # two sources have no text
    assert "held 1 · abstract only 0 · failed 2" in result.output
    said = " ".join(result.output.split())
    assert "held 2412.21199v2: the text held before is kept; the fetch failed: arXiv API: HTTP 503" in said
    assert "failed 2412.21199v2" not in said
    listed = json.loads(run("sources", "list", "001", "--json").output)
    assert [s["status"] for s in listed["sources"]] == ["failed", "failed", "held"]


def test_a_fetch_whose_only_failures_kept_held_text_exits_0(samples_offline, tmp_path):
    for ref in (1, 2):
        copy = write(tmp_path / f"copy{ref}.txt", f"A local copy of reference {ref}.")
        assert run("sources", "add", "001", "--ref", str(ref), str(copy)).exit_code == 0
    result = run("sources", "fetch", "001", "--refresh")
    assert result.exit_code == 0, result.output
    assert "held 3 · abstract only 0 · failed 0" in result.output
    assert result.output.count("the text held before is kept") == 3
