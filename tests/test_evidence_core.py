"""The evidence core: numbers, tokens, passages, suggestions and the two source checks."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from claimdesk.checks.grounding import grounding_findings
from claimdesk.cli import cli
from claimdesk.evidence import SourceIndex, Support, evidence_for_report
from claimdesk.evidence.numbers import agree, numbers_in
from claimdesk.evidence.passages import passages_of
from claimdesk.evidence.text import tokens
from claimdesk.model import Claim, Layout, Report, ReferenceKind
from claimdesk.parsing.fields import classify_reference
from claimdesk.sources import Depth, SourceDoc, add_source
from claimdesk.sources.extract import html_text, pdf_text
from conftest import REPO
from evidence_helpers import make_pdf, paper_report, write


def doc(text: str, pages=()) -> SourceDoc:
    return SourceDoc(ReferenceKind.URL, "http://x", "A paper", text, Depth.FULL_TEXT, "test", tuple(pages))


def test_core_imports_neither_textual_nor_the_http_client():
    code = (
        "import sys\n"
        "import claimdesk.sources, claimdesk.evidence, claimdesk.checks.grounding\n"
        "from claimdesk.cli import cli\n"
        "cli.get_command(None, 'sources'); cli.get_command(None, 'evidence')\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'httpx')))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env={"PYTHONPATH": str(REPO / "src")}, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_values_are_told_from_names_labels_and_dates():
    text = "o1-mini gets 96.2% pass@1 on GPT-4 tasks (Table 2), 1,200 problems, 5-shot, 6.7B, in 2023 [12]; 2048 tokens"
    assert [n.written for n in numbers_in(text)] == ["96.2%", "1200", "2048"]
    assert [n.written for n in numbers_in("2 Experiments We train 64 experts")] == ["64"]
    assert [n.written for n in numbers_in("up to 7x faster, 10x-larger")] == ["7x"]
    assert [n.written for n in numbers_in("by 12 percent, the 10 percentile")] == ["12%", "10"]


def test_values_agree_across_forms():
    (claim,) = numbers_in("96.2%")
    assert agree(claim, numbers_in("96.2")[0])
    assert agree(claim, numbers_in("0.962")[0])
    assert not agree(claim, numbers_in("96.4")[0])
    (rounded,) = numbers_in("96%")
    assert agree(rounded, numbers_in("96.2")[0])


def test_tokens_survive_word_order_synonyms_and_hyphenation():
    assert set(tokens("pass@1 of 76.2%")) == set(tokens("76.2% pass@1"))
    assert "achieve" in tokens("attains") and "achieve" in tokens("reached")
    assert "programm" in tokens("program-\nming problems")
    assert set(tokens("Qwen2.5Coder-7B")) & set(tokens("Qwen2.5-Coder-7B"))


def test_passages_keep_offsets_pages_and_table_headers():
    pdf = pdf_text(make_pdf([
        "Intro\nWe present a bench-\nmark of 240 problems.",
        "Table 2: pass@1 (%).\nModel Base Self-invoking\nTern-7B 61.3 38.2\nMarlin-8B 55.0 29.7\nThe end.",
    ]))
    source = doc(pdf.text, pdf.pages)
    found = passages_of(1, source)
    row = next(p for p in found if p.text.startswith("Tern-7B"))
    assert row.page == 2 and row.header == "Model Base Self-invoking" and "pass@1" in row.context
    assert source.text[row.start : row.end] == "Tern-7B 61.3 38.2"
    intro = found[0]
    assert intro.page == 1 and "bench-mark" in intro.text


def test_html_main_text_skips_scripts_and_navigation():
    page = html_text("<html><title>T</title><script>x=1</script><nav>Menu</nav><main><p>Body 1.</p>"
                     "<table><tr><th>A</th><th>B</th></tr><tr><td>x</td><td>2.0</td></tr></table></main></html>")
    assert page.title == "T"
    assert page.text == "Body 1.\n\nA | B\nx | 2.0"


@pytest.mark.parametrize(
    ("claim", "expected"),
    [
        ("Tern-7B reaches a pass@1 of 61.3% on base problems.", Support.SUPPORTED),
        ("Tern-7B reaches 44.0% pass@1 on self-invoking problems.", Support.CONTRADICTED),
        ("Vega-3B reaches 61.3% pass@1 on base problems.", Support.NOT_FOUND),  # another model's number
        ("Tern-7B is trained with reinforcement learning on proofs.", Support.NOT_FOUND),
        ("Instruction tuning helps more on self-invoking problems than on base problems.", Support.CONTRADICTED),
        ("Tern-7B reaches a pass@1 of 61.3% on base problems and 38.2% on the self-invoking problems of the benchmark wh",
         Support.SUPPORTED),
    ],
)
def test_suggestions(claim, expected):
    text = ("Instruction tuning helps less on self-invoking problems than on base problems.\n\n"
            "Table 2: pass@1 (%).\nModel Base Self-invoking\nTern-7B 61.3 38.2\nMarlin-8B 55.0 29.7")
    index = SourceIndex([(1, doc(text))])
    assert index.claim_evidence(Claim(1, claim, True, 0.5), all_held=True).support is expected


def report_with(tmp_path, claims):
    return Report(
        id="g1", layout=Layout.PAPER, title="t",
        claims=tuple(Claim(n, text, verified, 0.5) for n, (text, verified) in enumerate(claims, start=1)),
        references=(classify_reference("https://example.org/a"), classify_reference("https://example.org/b")),
    )


def test_source_checks_are_silent_without_sources_and_fire_with_them(tmp_path):
    db = tmp_path / "db"
    report = report_with(tmp_path, [
        ("Tern-7B reaches 44.0% pass@1 on self-invoking problems.", False),
        ("Tern-7B was distilled from a 70B teacher on proof data.", True),
        ("Tern-7B reaches 61.3% pass@1 on base problems.", True),
    ])
    assert grounding_findings(report, None) == []
    assert grounding_findings(report, evidence_for_report(db, report)) == []
    source = write(tmp_path / "a.txt", "Table 2: pass@1 (%).\nModel Base Self-invoking\nTern-7B 61.3 38.2\n")
    add_source(db, report, 1, source)
    found = grounding_findings(report, evidence_for_report(db, report))
    assert [(f.code, f.claim) for f in found] == [
        ("source-contradicts-number", 1),
        ("verified-claim-no-passage", 2),
    ]
    assert "44.0% where the source gives 38.2 (reference 1)" in found[0].message
    assert "1 of 2 sources held" in found[1].message


def test_claimdesk_check_adds_the_source_checks_once_sources_are_held(tmp_path, monkeypatch):
    db = tmp_path / "db"
    monkeypatch.setenv("CLAIMDESK_DB", str(db))
    claims = [("Tern-7B reaches 44.0% pass@1 on self-invoking problems.", "✓", "0.9")]
    path = write(tmp_path / "rep_check_01.txt", paper_report("T", claims, ["https://example.org/a"]))
    runner = CliRunner()
    assert runner.invoke(cli, ["import", str(path)]).exit_code == 0

    def codes() -> set[str]:
        out = runner.invoke(cli, ["check", "rep_check", "--json"], catch_exceptions=False).output
        return {f["code"] for f in json.loads(out)[0]["findings"]}

    assert "source-contradicts-number" not in codes()
    source = write(tmp_path / "a.txt", "Table 2: pass@1 (%).\nModel Base Self-invoking\nTern-7B 61.3 38.2\n")
    assert runner.invoke(cli, ["sources", "add", "rep_check", "--ref", "1", str(source)]).exit_code == 0
    assert "source-contradicts-number" in codes()


def test_bundled_sample_sources_give_evidence_offline(tmp_path):
    from claimdesk.parsing import parse_file
    from conftest import SAMPLES

    report = parse_file(next(SAMPLES.glob("012_*.txt")))
    evidence = evidence_for_report(tmp_path / "db", report)  # an empty database: only the bundled texts
    assert evidence.any_held
    held = [s for s in evidence.sources if s.usable]
    assert held and all(s.origin.startswith("bundled sample: ") for s in held)
    fifth = evidence.claim(5)  # DeepSeek-V2: 236B total parameters, 21B activated per token
    assert fifth.support is Support.SUPPORTED
    assert "236B total parameters" in fifth.best.text


@pytest.mark.parametrize(
    ("claim", "expected"),
    [
        # 92.4 is Vega-3B's figure in a clause about Vega-3B, not Tern-7B's
        ("Tern-7B achieves 92.4% pass@1 on HumanEval.", Support.CONTRADICTED),
        ("Vega-3B achieves 92.4% pass@1 on HumanEval.", Support.SUPPORTED),
        # 61.3 is under "Base", not under "Self-invoking"
        ("Tern-7B reaches 61.3% on self-invoking problems.", Support.CONTRADICTED),
    ],
)
def test_an_equal_number_in_the_wrong_place_does_not_support(claim, expected):
    text = ("On HumanEval, Vega-3B achieves 92.4% pass@1, while Tern-7B achieves 88.0% pass@1.\n\n"
            "Table 2: pass@1 (%).\nModel Base Self-invoking\nTern-7B 61.3 38.2\nMarlin-8B 55.0 29.7")
    index = SourceIndex([(1, doc(text))])
    assert index.claim_evidence(Claim(1, claim, True, 0.5), all_held=True).support is expected


def test_highlights_mark_matched_and_conflicting_numbers_and_shared_words():
    from claimdesk.evidence.highlight import highlights

    text = "Tern-7B achieves 61.3% pass@1 on base problems and 38.2% on self-invoking ones."
    spans = highlights("Tern-7B reaches 61.3% on base problems and 44.0% on self-invoking problems.", text,
                       conflicting=["38.2%"])
    marked = {(text[h.start : h.end], h.kind) for h in spans}
    assert {("61.3%", "match"), ("38.2%", "conflict"), ("base", "word"), ("problems", "word")} <= marked
    assert ("Tern-7B", "word") in marked and not any(kind == "word" and s == "61.3%" for s, kind in marked)


def test_reader_view_opens_on_the_passage_with_its_surroundings():
    from claimdesk.evidence.highlight import reader_view

    text = "\n".join(f"Line {n} of the paper." for n in range(400))
    source = doc(text)
    start = text.index("Line 200 ")
    view = reader_view(source, start, start + 10, around=100)
    assert view.text[view.passage_start : view.passage_end] == text[start : start + 10]
    assert view.text.startswith("Line ") and view.offset + view.passage_start == start
    assert len(view.text) < 400


def test_a_damaged_source_file_fails_that_source_only(tmp_path):
    db = tmp_path / "db"
    report = report_with(tmp_path, [("Tern-7B reaches 61.3% pass@1 on base problems.", True)])
    add_source(db, report, 1, write(tmp_path / "a.txt", "Model Base Hard\nTern-7B 61.3 38.2\n"))
    add_source(db, report, 2, write(tmp_path / "b.txt", "Other text 1.0."))
    files = sorted((db / "sources").glob("*.json"))
    assert len(files) == 2
    from claimdesk.sources import SourceStore, source_key

    damaged = db / "sources" / f"{source_key(report.references[1])}.json"
    damaged.write_text('{"status": "held", "text"')
    evidence = evidence_for_report(db, report)
    assert [s.status.value for s in evidence.sources] == ["held", "failed"]
    assert "damaged" in evidence.sources[1].error
    assert evidence.claims[0].support is Support.SUPPORTED
    assert not SourceStore(db).is_held(report.references[1])  # a fetch will replace it


def test_a_swapped_comparison_reads_as_the_opposite_direction():
    index = SourceIndex([(1, doc("Larger models are more robust to 4-bit quantization than smaller models.\n\n"
                                 "Other text about tokenizers."))])
    claim = Claim(1, "Smaller models are more robust to 4-bit quantization than larger models.", True, 0.5)
    assert index.claim_evidence(claim, all_held=True).support is Support.CONTRADICTED
    same = Claim(2, "Larger models are more robust to 4-bit quantization than smaller ones.", True, 0.5)
    assert index.claim_evidence(same, all_held=True).support is Support.SUPPORTED


def test_text_without_full_stops_is_cut_into_readable_passages():
    cells = "\n".join(f"Model-{n}\n{50 + n}.{n}" for n in range(200))  # a table extracted a cell per line
    found = passages_of(1, doc("Results\n" + cells))
    assert len(found) >= 8 and all(len(p.text) <= 400 for p in found)
    assert all(doc("Results\n" + cells).text[p.start : p.end].strip() for p in found)


def test_text_bytes_follow_the_report_files_rule_and_a_fetched_page_may_be_mislabelled():
    from claimdesk.sources.extract import ExtractError, bytes_text

    with pytest.raises(ExtractError, match="^binary data, not a PDF or UTF-8 text$"):
        bytes_text(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", name="figure.txt")
    with pytest.raises(ExtractError, match="^not UTF-8 text$"):
        bytes_text("Caf\xe9 au lait, 12.5 points.".encode("latin-1"), name="notes.md")
    # a page from the web whose bytes are not all UTF-8 still gives its words, but never binary data
    page = bytes_text("<p>Caf\xe9 au lait scores 12.5.</p>".encode("latin-1"), content_type="text/html", lenient=True)
    assert "au lait scores 12.5." in page.text
    with pytest.raises(ExtractError, match="binary data"):
        bytes_text(b"\x00\x01\x02 junk", content_type="text/plain", lenient=True)


def test_source_text_loses_whole_control_sequences_as_report_text_does():
    from claimdesk.sanitize import clean
    from claimdesk.sources.extract import html_text, normalise, plain_text

    raw = "Tern-7B \x1b[31m[bold]red\x1b[0m 61.3%\x9b2J\u200b.\nnext \x1b]8;;http://x\x07link\nopen OSC \x1b]52;c;ZXZpbA\nkept"
    text = normalise(raw)
    assert text == "Tern-7B [bold]red 61.3%.\nnext link\nopen OSC\nkept"
    assert clean(text) == text  # what is kept is what is shown: passage offsets need no shifting
    assert plain_text(raw.encode()).text == text
    assert html_text(f"<p>{raw}</p>").text.startswith("Tern-7B [bold]red 61.3%.")


@pytest.mark.parametrize(
    ("text", "direction"),
    [
        ("models gain less on self-invoking tasks", -1),
        ("models gain more on self-invoking tasks", 1),
        ("accuracy drops more on long inputs", -1),
        ("students lose more accuracy on long inputs", -1),
        ("the model is less efficient", -1),
        ("the model is more efficient", 1),
        ("errors fall less than expected", 1),
        ("no direction here", 0),
    ],
)
def test_a_direction_word_and_how_much_it_says_go_one_way(text, direction):
    """"gain less" goes down: it does not contradict "less efficient"."""
    from claimdesk.evidence.suggest import _polarity
    from claimdesk.evidence.text import words

    assert _polarity(words(text)) == direction
