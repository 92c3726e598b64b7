"""The parser reads every seed exactly, tolerates messy files and refuses non-reports."""

from __future__ import annotations

import orjson
import pytest

from claimdesk.errors import ParseError
from claimdesk.model import (
    CorrectionRecord,
    CorrectionState,
    GateStatus,
    GateVerdict,
    Layout,
    Level,
    QualityTier,
    Reference,
    ReferenceKind,
    ReportStats,
    Tier,
    VerificationLevel,
)
from claimdesk.parsing import parse_bytes, parse_file, parse_text
from claimdesk.parsing.fields import classify_reference, enum_value, iso_date, paper_level, snake

from conftest import SAMPLES, SEEDS

WEB = SEEDS / "000_f713c555584e367b.txt"
PAPER_001 = SEEDS / "001_c07bb58f8e3503ce.txt"
PAPER_003 = SEEDS / "003_9a8a60184fa0a066.txt"
PAPER_004 = SEEDS / "004_a9b6704b1e66c2ae.txt"

CLAIMS_001 = [
    ("o1-mini achieves 96.2% pass@1 on HumanEval.", True, 0.20),
    ("o1-mini achieves 76.2% pass@1 on HumanEval Pro.", True, 0.22),
    ("Instruction-tuned models are less efficient on self-invoking code generation than on traditional code generation tasks.", True, 0.29),
    ("HumanEval and MBPP are fundamental benchmarks focusing on Python function completion tasks with test-driven evaluation.", False, 0.10),
    ("Deepseek-V2.5 was used to generate self-invoking problems, candidate solutions, and test inputs for the benchmark.", False, 0.03),
    ("OpenCoder-8B-base achieved a score of 56.1 on the Base Problem and 10.5 on the Self-invoking Problem.", False, 0.08),
    ("OpenCoder-8B-instruct achieved a score of 75.4 on the Base Problem and 22.8 on the Self-invoking Problem.", False, 0.07),
    ("DeepseekCoder-6.7B-base achieved a score of 59.6 on the Base Problem and 35.1 on the Self-invoking Problem.", False, 0.08),
    ("DeepseekCoder-6.7B-instruct achieved a score of 56.1 on the Base Problem and 35.1 on the Self-invoking Problem.", False, 0.08),
    ("WaveCoder-Ultra-6.7B achieved a score of 61.4 on the Base Problem and 26.3 on the Self-invoking Problem.", False, 0.07),
    ("Magocoder-S-DS-6.7B achieved a score of 50.9 on the Base Problem and 33.3 on the Self-invoking Problem.", False, 0.07),
    ("Yi-Coder-9B-Chat achieved a score of 66.7 on the Base Problem and 31.6 on the Self-invoking Problem.", False, 0.06),
    ("Qwen2.5Coder-7B-base achieved a score of 59.6 on the Base Problem and 38.6 on the Self-invoking Problem.", False, 0.07),
    ("Qwen2.5Coder-7B-instruct achieved a score of 64.9 on the Base Problem and 35.1 on the Self-invoking Problem.", False, 0.07),
    ("DeepseekCoder-33B-instruct achieved a score of 80.7 on the Base Problem and 43.9 on the Self-invoking Problem.", False, 0.07),
]
CLAIMS_003 = [
    ("The rapid evolution of large language models (LLMs) has driven a transformative shift in artificial intelligence (AI), r", True, 0.33),
    ("LLMs are distinguished from their predecessors by unprecedented scale and advanced capabilities.", True, 0.21),
    ("LLMs necessitate new frameworks for understanding their development, behavior, and societal impact.", True, 0.25),
    ("This survey systematically reviews recent advancements in LLM techniques across four key dimensions: (1) pre-training me", True, 0.33),
    ("Pre-training methodologies establish core model capabilities through large-scale self-supervised training, architectural", True, 0.37),
    ("Post-training techniques include supervised fine-tuning and reinforcement learning, which adapt foundational models to d", True, 0.33),
    ("Utilization strategies, such as in-context learning, prompt engineering, and agentic reasoning, optimize real-world depl", True, 0.37),
    ("Evaluation methods encompass benchmarks for key ability dimensions such as core language capabilities, reasoning, and sa", True, 0.35),
    ("Critical research issues include those concerning theoretical foundations, efficient scaling, alignment, and agentic cap", True, 0.27),
    ("The survey highlights open challenges in the field of LLMs.", False, 0.07),
]
CLAIMS_004 = [
    ("o1-mini achieves 96.2% pass@1 on HumanEval but only 76.2% on HumanEval Pro", True, 0.25),
    ("Instruction-tuned models are less efficient on self-invoking code generation than traditional code generation tasks", True, 0.33),
    ("HumanEval (Chen et al., 2021) and MBPP (Austin et al., 2021) serve as fundamental benchmarks, focusing on Python functions", False, 0.05),
    ("Several benchmarks have expanded code evaluation benchmarks to encompass multiple programming languages (Zheng et al., 2021)", False, 0.04),
    ("The benchmark construction process involves three steps: Self-invoking problem Generation, Solutions Generation, and Test Generation", False, 0.13),
    ("Deepseek-V2.5 is used to generate the self-invoking problems, as well as their candidate solutions and test inputs", False, 0.07),
    ("The final execution results are used to construct complete test cases with assert command", False, 0.03),
    ("Qwen2.5-Coder-7B-base achieves 59.6% on HumanEval Pro and 38.6% on MBPP Pro", False, 0.12),
    ("Qwen2.5-Coder-7B-instruct achieves 64.9% on HumanEval Pro and 35.1% on MBPP Pro", False, 0.10),
    ("DeepseekCoder-33B-instruct achieves 80.7% on HumanEval Pro and 43.9% on MBPP Pro", False, 0.10),
]


def claim_rows(report):
    assert [c.index for c in report.claims] == list(range(1, len(report.claims) + 1))
    return [(c.text, c.verified, c.confidence) for c in report.claims]


# --- the four seeds, field by field


def test_web_seed_header_and_counts():
    report = parse_file(WEB)
    assert report.id == "000_f713c555584e367b"
    assert report.layout is Layout.WEB
    assert report.title == "Alignment Techniques and Robustness in Sparse MoE Models for Code Generation"
    assert report.publisher == "Assignee Research"  # from the Provenance table
    assert report.published is None
    assert report.abstract.startswith("This report synthesises findings from 15 peer-reviewed papers")
    assert "measured by accuracy on adversarial. Large Language Models" in report.abstract
    assert report.abstract.endswith("does not constitute original research.")
    assert report.research_question == (
        "What are the effects of alignment techniques (e.g., RLHF, constitutional AI) on the robustness of "
        "sparse MoE models in self-invoking code generation tasks, measured by accuracy on adversarial "
        "examples in HumanEval Pro?"
    )
    assert report.stats == ReportStats(papers=15, claims_extracted=6, claims_verified=4, review_score=7.4)
    assert report.claims == ()
    assert report.references == ()
    assert report.warnings == ()


def test_web_seed_tables():
    report = parse_file(WEB)
    assert report.verification_level == VerificationLevel(
        level=2, label="Source-grounded claims", source_grounded_claims=6,
        claim_record_source="not publicly specified",
    )
    assert report.gate == GateVerdict(
        status=GateStatus.UNVERIFIED,
        gate="Gate 2 — Verification (formal proof or sandbox reproduction)",
        reason="Published before the Gate 2 verification pipeline was activated (2026-06-10). "
        "No formal proof or sandbox reproduction has been attempted for this record.",
        evaluated_at="2026-06-10T06:30:49+00:00",
    )
    assert report.quality_tier == QualityTier(
        Tier.WATCHLIST, "Review score or public verified-claim signal is below DOI-grade threshold."
    )
    assert report.quality_dimensions == (
        ("evidence_strength", Level.LOW),
        ("citation_grounding", Level.MEDIUM),
        ("uncertainty_disclosure", Level.MEDIUM),
        ("reproducibility_status", Level.MEDIUM),
    )
    assert report.correction_record == CorrectionRecord(
        CorrectionState.CURRENT, 0, "paper-manifest-v1.1", "correction-record-v1"
    )
    assert report.provenance == (
        ("publisher", "Assignee Research"),
        ("public_provenance", "L3, Claim aggregate record"),
        ("report_artifact", "Available"),
        ("external_record", "Not registered"),
        ("claim_lineage", "6 aggregate source-grounded claims"),
        ("review_method", "Automated multi-reviewer assessment"),
        ("quality_guide", "How to read scores, claims, manifests, and evidence links"),
        ("provenance_contract", "source-provenance-v1"),
        ("note", "Machine-generated synthesis of existing literature. Not primary research."),
    )


def test_paper_seed_001():
    report = parse_file(PAPER_001)
    assert report.layout is Layout.PAPER
    assert report.title == "RLHF Alignment and Adversarial Robustness in Sparse MoE Code Generation Models"
    assert report.publisher == "Assignee Research"
    assert report.published == "2026-05-30"
    assert report.stats == ReportStats(papers=16, claims_extracted=15, claims_verified=3, review_score=4.5)
    assert report.research_question == (
        "How does RLHF alignment impact the adversarial robustness of sparse MoE models on code generation "
        "benchmarks like HumanEval Pro compared to dense architectures?"
    )
    assert "We introduce self-invoking code generation" in report.abstract  # kept intact for the checks
    assert claim_rows(report) == CLAIMS_001
    assert report.verified_count == 3
    assert [(r.kind, r.id) for r in report.references] == [
        (ReferenceKind.ARXIV, "2412.15004v4"),
        (ReferenceKind.ARXIV, "2307.02055v1"),
        (ReferenceKind.ARXIV, "2412.21199v2"),
    ]
    assert report.references[0].url == "http://arxiv.org/abs/2412.15004v4"
    assert report.gate is None and report.quality_tier is None and report.correction_record is None
    assert report.quality_dimensions == () and report.provenance is None
    assert report.warnings == ()


def test_paper_seed_003():
    report = parse_file(PAPER_003)
    assert report.title == "Sparse Mixture-of-Experts Routing Impact on Multimodal RLHF Alignment Scores"
    assert report.publisher == "Assignee Research"
    assert report.published == "2026-06-03"
    assert report.stats == ReportStats(papers=12, claims_extracted=10, claims_verified=9, review_score=8.5)
    assert report.research_question == (
        "How does sparse mixture-of-experts routing in multimodal models affect alignment scores on RLHF "
        "benchmarks compared to dense baseline architectures?"
    )
    assert claim_rows(report) == CLAIMS_003
    assert report.references == (
        Reference("https://doi.org/10.1007/s11704-026-60308-3", ReferenceKind.DOI, "10.1007/s11704-026-60308-3"),
        Reference("https://doi.org/10.1109/access.2024.3365742", ReferenceKind.DOI, "10.1109/access.2024.3365742"),
        Reference("https://doi.org/10.48550/arxiv.2402.06196", ReferenceKind.DOI, "10.48550/arxiv.2402.06196"),
    )
    assert report.warnings == ()


def test_paper_seed_004():
    report = parse_file(PAPER_004)
    assert report.title == (
        "Robustness of ALF-LB to Expert Initialization and Capacity Constraints on Code Generation Benchmarks"
    )
    assert report.published == "2026-06-06"
    assert report.stats == ReportStats(papers=10, claims_extracted=10, claims_verified=2, review_score=4.8)
    # the abstract cuts the question off; the Introduction has it whole
    assert report.research_question.endswith("under the same conditions?")
    assert "how does this compare to the performance degradation. 10 claims" in report.abstract
    assert claim_rows(report) == CLAIMS_004
    assert [r.id for r in report.references] == ["2411.14865v1", "1002.1148v1", "2412.21199v2"]
    assert report.warnings == ()


# --- normalisation


@pytest.mark.parametrize(
    ("printed", "expected"),
    [("Unverified", GateStatus.UNVERIFIED), ("VERIFIED", GateStatus.VERIFIED), ("Falsified", GateStatus.FALSIFIED)],
)
def test_gate_status_names(printed, expected):
    assert enum_value(GateStatus, printed) is expected


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        ("Watchlist", Tier.WATCHLIST),
        ("Quarantine candidate", Tier.QUARANTINE_CANDIDATE),
        ("DOI grade", Tier.DOI_GRADE),
        ("DOI-grade", Tier.DOI_GRADE),
        ("Flagship candidate", Tier.FLAGSHIP_CANDIDATE),
        ("Public record", Tier.PUBLIC_RECORD),
        ("Platinum", None),
    ],
)
def test_tier_names(printed, expected):
    assert enum_value(Tier, printed) is expected


def test_dimension_and_row_names_become_snake_case():
    assert snake("Safety/impact") == "safety_impact"
    assert snake("Evidence strength") == "evidence_strength"
    assert snake("Public provenance") == "public_provenance"


@pytest.mark.parametrize(
    ("printed", "expected"),
    [("May 30, 2026", "2026-05-30"), ("June 3, 2026", "2026-06-03"), ("Sept. 9 2025", "2025-09-09"),
     ("2026-06-06", "2026-06-06"), ("February 30, 2026", None), ("Assignee Research", None)],
)
def test_dates(printed, expected):
    assert iso_date(printed) == expected


def test_paper_level():
    assert paper_level("L2, Source-grounded claims") == (2, "Source-grounded claims")
    assert paper_level("L7 — Externally reviewed") == (7, "Externally reviewed")
    assert paper_level("L9, Beyond the scale") == (None, "Beyond the scale")


@pytest.mark.parametrize(
    ("url", "kind", "ident"),
    [
        ("http://arxiv.org/abs/2412.15004v4", ReferenceKind.ARXIV, "2412.15004v4"),
        ("https://arxiv.org/pdf/2401.04088v1.pdf", ReferenceKind.ARXIV, "2401.04088v1"),
        ("https://arxiv.org/abs/hep-th/9901001", ReferenceKind.ARXIV, "hep-th/9901001"),
        ("https://doi.org/10.1109/access.2024.3365742", ReferenceKind.DOI, "10.1109/access.2024.3365742"),
        ("https://dx.doi.org/10.48550/arXiv.2402.06196", ReferenceKind.DOI, "10.48550/arXiv.2402.06196"),
        ("https://github.com/evalplus/evalplus", ReferenceKind.URL, None),
        ("HTTPS://DOI.ORG/10.1000/XYZ?download=1#top", ReferenceKind.DOI, "10.1000/XYZ"),
        ("https://arxiv.org/abs/2412.15004v4#section", ReferenceKind.ARXIV, "2412.15004v4"),
        ("http://reader@arxiv.org:80/abs/2412.15004v4", ReferenceKind.ARXIV, "2412.15004v4"),
        ("https://[::1]/abs/2412.15004v4", ReferenceKind.URL, None),
        ("https://doi.org/10.1000/a\tb", ReferenceKind.DOI, "10.1000/ab"),
    ],
)
def test_reference_kinds(url, kind, ident):
    assert classify_reference(url) == Reference(url, kind, ident)


# --- messy but readable files


def test_crlf_and_bom_read_like_the_seed():
    for seed in (WEB, PAPER_001, PAPER_003, PAPER_004):
        data = seed.read_bytes()
        messy = b"\xef\xbb\xbf" + data.replace(b"\n", b"\r\n")
        assert parse_bytes(messy, seed) == parse_file(seed)


def test_headings_read_the_same_however_they_are_printed():
    text = PAPER_001.read_text(encoding="utf-8")
    odd = (
        text.replace("3 Results\n", "### 3.   RESULTS :  \n")
        .replace("Abstract\n", "abstract:\n")
        .replace("5 Extracted Claims", "5. extracted   claims")
        .replace("4 Limitations", "4 Limitationſ")  # a long s matches "s" without regard to case
    )
    report = parse_text(odd, PAPER_001)
    assert report == parse_file(PAPER_001)


def test_counts_in_unusual_spellings():
    text = PAPER_001.read_text(encoding="utf-8")
    results = text[text.index("3 Results\n") : text.index("4 Limitations")]
    odd = text.replace(
        results,
        "3 Results\n\n1,204 peer-reviewed papers retrieved. 15 CLAIMS WERE EXTRACTED;\n"
        "12 were verified. Score: 7 / 10.\n\n",
    )
    stats = parse_text(odd, PAPER_001).stats
    assert stats == ReportStats(papers=1204, claims_extracted=15, claims_verified=12, review_score=7.0)
    # a long s or dotless i is still the letter it stands for, so the count is read
    stats = parse_text(odd.replace("were verified", "were verıfied"), PAPER_001).stats
    assert stats.claims_verified == 12


def test_extra_blank_lines_and_trailing_spaces_change_nothing():
    text = PAPER_001.read_text(encoding="utf-8")
    spaced = "\n\n\n" + text.replace("\n\n", "\n\n\n\n").replace("Abstract\n", "Abstract   \n")
    assert parse_text(spaced, PAPER_001) == parse_file(PAPER_001)


def test_blocks_in_another_order():
    text = WEB.read_text(encoding="utf-8")
    title, rest = text.split("\n", 1)
    head, provenance = rest.split("Provenance\n")
    reordered = f"{title}\nProvenance\n{provenance}\n{head}"
    report = parse_text(reordered, WEB)
    expected = parse_file(WEB)
    assert report.provenance == expected.provenance
    assert report.gate == expected.gate
    assert report.quality_dimensions == expected.quality_dimensions
    assert report.stats == expected.stats


def test_missing_blocks_are_left_empty():
    text = PAPER_001.read_text(encoding="utf-8")
    without_claims = text.split("5 Extracted Claims")[0] + "References\n\n- <http://arxiv.org/abs/2412.21199v2>\n"
    report = parse_text(without_claims, PAPER_001)
    assert report.claims == ()
    assert report.stats.claims_extracted == 15
    assert [r.id for r in report.references] == ["2412.21199v2"]


def test_unknown_blocks_are_ignored_with_a_warning():
    text = PAPER_001.read_text(encoding="utf-8").replace(
        "5 Extracted Claims", "4a Funding\n\nNone declared.\n\n6 Discussion\n\nSee above.\n\n5 Extracted Claims"
    )
    report = parse_text(text, PAPER_001)
    assert claim_rows(report) == CLAIMS_001
    assert any("unknown block" in w and "6 Discussion" in w for w in report.warnings)

    web = WEB.read_text(encoding="utf-8").replace(
        "Correction Record\n", "Funding Source\n| Grant | none |\nNot audited.\nCorrection Record\n"
    )
    report = parse_text(web, WEB)
    assert report.correction_record == parse_file(WEB).correction_record
    assert any("'Funding Source'" in w for w in report.warnings)


def test_repeated_block_keeps_the_first():
    text = PAPER_001.read_text(encoding="utf-8") + "\n\n3 Results\n\n99 papers retrieved.\n"
    report = parse_text(text, PAPER_001)
    assert report.stats.papers == 16
    assert any("repeated block" in w for w in report.warnings)


def test_results_win_over_abstract_and_the_disagreement_is_warned():
    text = PAPER_001.read_text(encoding="utf-8").replace("16 papers retrieved. 15 claims", "16 papers retrieved. 14 claims")
    report = parse_text(text, PAPER_001)
    assert report.stats.claims_extracted == 14
    assert "15 claims were extracted" in report.abstract
    assert any("disagree on claims extracted" in w and "15 vs 14" in w for w in report.warnings)


def test_claim_table_with_spaces_instead_of_tabs_and_odd_cells():
    text = PAPER_001.read_text(encoding="utf-8")
    head = text.split("Claim\tVerified\tConfidence\n")[0]
    table = (
        "Claim\tVerified\tConfidence\n"
        "Tabs became spaces here.   ✓   0.91\n"
        "Percent confidence.\t✓\t85%\n"
        "Unknown flag and confidence.\t?\tabout half\n"
        "Confidence out of range.\t×\t7.5\n"
        "just a stray line without cells\n"
    )
    report = parse_text(head + table, PAPER_001)
    assert claim_rows(report) == [
        ("Tabs became spaces here.", True, 0.91),
        ("Percent confidence.", True, 0.85),
        ("Unknown flag and confidence.", None, None),
        ("Confidence out of range.", False, None),
    ]
    assert any("skipped 1 unreadable line" in w for w in report.warnings)


def test_control_sequences_are_removed_and_markup_is_kept():
    text = PAPER_001.read_text(encoding="utf-8")
    hostile = text.replace(
        "o1-mini achieves 96.2% pass@1 on HumanEval.",
        "o1-mini \x1b[31machieves\x1b[0m 96.2%\x07 [bold red]pass@1[/] \x1b]52;c;aGk=\x07on HumanEval.\x9b2J",
    ).replace("RLHF Alignment and", "RLHF \x1b]0;owned\x07Alignment and")
    report = parse_text(hostile, PAPER_001)
    assert report.claims[0].text == "o1-mini achieves 96.2% [bold red]pass@1[/] on HumanEval."
    assert report.title == parse_file(PAPER_001).title
    assert "removed terminal control sequences" in report.warnings


def test_unterminated_osc_does_not_swallow_the_rest():
    text = PAPER_001.read_text(encoding="utf-8").replace("Abstract\n", "Abstract\n\x1b]2;never ends\n", 1)
    report = parse_text(text, PAPER_001)
    assert claim_rows(report) == CLAIMS_001


def test_a_two_thousand_claim_report_parses_completely():
    text = PAPER_001.read_text(encoding="utf-8")
    head, tail = text.split("Claim\tVerified\tConfidence\n")
    references = tail[tail.index("References"):]
    rows = "".join(f"Claim number {i} about expert routing.\t{'✓' if i % 3 else '×'}\t0.{i % 90 + 10}\n" for i in range(1, 2001))
    report = parse_text(f"{head}Claim\tVerified\tConfidence\n{rows}\n{references}", "big.txt")
    assert len(report.claims) == 2000
    assert report.claims[1999] .text == "Claim number 2000 about expert routing."
    assert report.claims[1999].verified is True and report.claims[1999].confidence == 0.30
    assert len(report.references) == 3


# --- our own JSON


def test_json_output_reads_back_equal(tmp_path):
    for seed in (WEB, PAPER_001, PAPER_003, PAPER_004):
        report = parse_file(seed)
        path = tmp_path / f"{seed.stem}.json"
        path.write_bytes(orjson.dumps(report.to_dict(), option=orjson.OPT_INDENT_2))
        assert parse_file(path) == report


def test_json_strings_are_cleaned_too(tmp_path):
    data = parse_file(PAPER_001).to_dict()
    data["claims"][0]["text"] = "evil \u001b]52;c;aGk=\u0007text"
    report = parse_bytes(orjson.dumps(data), tmp_path / "x.json")
    assert report.claims[0].text == "evil text"
    assert "removed terminal control sequences" in report.warnings


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (lambda d: d["claims"][0].update(confidence=3), "claims[].confidence"),
        (lambda d: d.update(title=""), "'title'"),
        (lambda d: d.update(gate={"status": "MAYBE"}), "gate.status"),
        (lambda d: d["stats"].update(papers="many"), "stats.papers"),
    ],
)
def test_json_with_bad_fields_is_refused(tmp_path, change, reason):
    data = parse_file(PAPER_001).to_dict()
    change(data)
    with pytest.raises(ParseError) as caught:
        parse_bytes(orjson.dumps(data), tmp_path / "bad.json")
    assert reason in caught.value.reason


def test_json_id_that_is_not_a_safe_name_falls_back_to_the_file_stem(tmp_path):
    data = parse_file(PAPER_001).to_dict()
    data["id"] = "../../etc/passwd"
    assert parse_bytes(orjson.dumps(data), tmp_path / "mine.json").id == "mine"


# --- not reports


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b"  \n\r\n\t\n", "empty file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary data, not a report"),
        ("Abstract\n\nCaf\xe9 au lait".encode("latin-1"), "not UTF-8 text"),
        ("Abstract\n\nVerified ✓".encode()[:-2], "truncated: the file ends inside a UTF-8 character"),
        ("Abstract".encode("utf-16"), "UTF-16 text, not UTF-8 text"),
        (b"Dear reviewer,\n\nplease find the minutes of Tuesday's meeting below.\n", "no report blocks found"),
        (b"Abstract\n\n", "no report blocks found"),
        (b'{"title": "x", "claims": [', "not valid JSON (truncated or damaged)"),
        (b'{"name": "package.json"}', "JSON, but not a claimdesk report"),
        (b"\x1b[2J\x1b]0;title\x07\n", "no report blocks found"),
    ],
)
def test_non_reports_are_refused_with_a_reason(data, reason):
    with pytest.raises(ParseError) as caught:
        parse_bytes(data, "odd.txt")
    assert caught.value.reason == reason
    assert str(caught.value) == f"odd.txt: {reason}"


def test_files_too_large_missing_or_folders_are_refused(tmp_path):
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as handle:
        handle.truncate(51 * 1024 * 1024)  # sparse: no real disk use
    with pytest.raises(ParseError, match="too large"):
        parse_file(huge)
    with pytest.raises(ParseError, match="no such file"):
        parse_file(tmp_path / "missing.txt")
    with pytest.raises(ParseError, match="is a directory"):
        parse_file(tmp_path)
    with pytest.raises(ParseError, match="not a valid file name"):
        parse_file(tmp_path / "nul\x00name.txt")


@pytest.mark.slow
def test_hostile_megabytes_are_read_in_one_pass():
    """Megabytes of digits, spaces or pipes (with and without words) end quickly in a result."""
    seed = PAPER_001.read_text(encoding="utf-8")
    head, tail = seed.split("3 Results\n", 1)
    for filler in ("1" * 2_000_000, " " * 2_000_000, "|" * 2_000_000, "1 " * 1_000_000, "1,000." * 300_000,
                   "Abstract\n\n" * 200_000, "| a |\n" * 300_000, "\n\n1 A" * 300_000):
        report = parse_text(f"{head}3 Results\n\n{filler} claims extracted /10\n{tail}", "hostile.txt")
        assert report.title == parse_file(PAPER_001).title


@pytest.mark.parametrize("title", ["[Survey] RLHF and robustness", "[bold red]MARKUP[/bold red] title", "{draft} RLHF"])
def test_a_text_report_whose_title_opens_with_a_bracket_is_read_as_text(title):
    """Only a file that is JSON is read as JSON: a report titled "[Survey] ..." is a text report."""
    lines = (SAMPLES / "001_c07bb58f8e3503ce.txt").read_text(encoding="utf-8").splitlines()
    at = next(i for i, line in enumerate(lines) if line.strip())
    lines[at] = title
    report = parse_bytes("\n".join(lines).encode(), "001_c07bb58f8e3503ce.txt")
    assert report.title == title
    assert len(report.claims) == len(parse_file(SAMPLES / "001_c07bb58f8e3503ce.txt").claims) > 0


@pytest.mark.parametrize(
    ("data", "name", "reason"),
    [
        (b"[Survey] notes\nnothing more\n", "odd.txt", "no report blocks found"),
        (b"[Survey] notes\nnothing more\n", "odd.json", "not valid JSON (truncated or damaged)"),
        (b'[\n  {"id": 1,', "odd.md", "not valid JSON (truncated or damaged)"),
    ],
)
def test_text_that_is_neither_a_report_nor_json_names_what_it_resembles(data, name, reason):
    with pytest.raises(ParseError) as caught:
        parse_bytes(data, name)
    assert caught.value.reason == reason


def test_ids_and_titles_are_one_line_whatever_the_file_name_or_json_says():
    """A line break in a file name or a JSON title would forge lines in every listing."""
    text = (SAMPLES / "001_c07bb58f8e3503ce.txt").read_bytes()
    assert parse_bytes(text, "new\nline\tid.txt").id == "new line id"
    forged = b'{"title": "Real\\n# Injected heading\\r\\nmore", "publisher": "A\\nB", "claims": []}'
    report = parse_bytes(forged, "j.json")
    assert report.title == "Real # Injected heading more"
    assert report.publisher == "A B"
