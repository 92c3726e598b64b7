"""The triage checks on the seeds, the samples and reports written for these tests."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from claimdesk.checks import CHECKS, SEVERITIES, check_library, check_report, worst_severity
from claimdesk.parsing import parse_file
from conftest import SAMPLES, SEED_NAMES, SEEDS

FIXTURES = Path(__file__).parent / "fixtures" / "checks"

CODES = {
    "count-mismatch",
    "references-short",
    "below-publication-rule",
    "tier-contradiction",
    "verified-low-confidence",
    "truncated-claim",
    "abstract-contamination",
    "off-topic-claims",
    "conflicting-numbers",
    "suspicious-reference",
    "source-contradicts-number",
    "verified-claim-no-passage",
}


def seed(prefix: str):
    return parse_file(SEEDS / next(name for name in SEED_NAMES if name.startswith(prefix)))


def fixture(name: str):
    return parse_file(FIXTURES / name)


def codes(findings) -> list[str]:
    return sorted({f.code for f in findings})


@pytest.fixture(scope="module")
def seeds():
    reports = {name[:3]: parse_file(SEEDS / name) for name in SEED_NAMES}
    return reports, check_library(list(reports.values()))


def test_catalogue_has_exactly_the_stable_codes_each_explained():
    assert set(CHECKS) == CODES
    for code, info in CHECKS.items():
        assert info.code == code
        assert info.severity in SEVERITIES
        assert info.looks_at.strip() and info.why.strip()


# --- the seeds give the findings a careful reviewer would give them


def test_seed_000_web_report_findings(seeds):
    reports, results = seeds
    found = results[reports["000"].id]
    assert codes(found) == ["abstract-contamination", "below-publication-rule"]
    (contamination,) = [f for f in found if f.code == "abstract-contamination"]
    assert "Large Language Models (LLMs) have drawn a lot of attention" in contamination.message
    assert "accuracy on adversarial." in contamination.message
    assert "examples in HumanEval Pro" in contamination.message
    (rule,) = [f for f in found if f.code == "below-publication-rule"]
    assert "only 4 verified claims" in rule.message  # score 7.4 passes, 4 verified does not


def test_seed_001_findings(seeds):
    reports, results = seeds
    found = results[reports["001"].id]
    assert codes(found) == [
        "abstract-contamination",
        "below-publication-rule",
        "conflicting-numbers",
        "references-short",
        "verified-low-confidence",
    ]
    by_code = {f.code: f for f in found}
    assert "4.5/10" in by_code["below-publication-rule"].message
    assert "only 3 verified claims" in by_code["below-publication-rule"].message
    assert '"We introduce self-invoking code generation' in by_code["abstract-contamination"].message
    assert by_code["verified-low-confidence"].message.endswith("1 (0.20), 2 (0.22), 3 (0.29)")
    assert by_code["verified-low-confidence"].claim is None
    assert "16 papers retrieved but only 3 references" in by_code["references-short"].message


def test_seeds_001_and_004_give_the_same_numbers_under_different_metrics(seeds):
    reports, results = seeds
    conflicts_001 = [f for f in results[reports["001"].id] if f.code == "conflicting-numbers"]
    conflicts_004 = [f for f in results[reports["004"].id] if f.code == "conflicting-numbers"]
    assert [f.claim for f in conflicts_001] == [13, 14, 15]
    assert [f.claim for f in conflicts_004] == [8, 9, 10]
    qwen = conflicts_001[0].message
    assert qwen.startswith("Qwen2.5Coder-7B-base:")
    assert reports["004"].id in qwen and "claim 8" in qwen
    assert "59.6% for HumanEval Pro and 38.6% for MBPP Pro" in qwen
    assert "59.6 for Base Problem and 38.6 for Self-invoking Problem" in qwen
    assert reports["001"].id in conflicts_004[0].message
    assert all(f.severity == "high" for f in conflicts_001 + conflicts_004)


def test_seed_003_findings(seeds):
    reports, results = seeds
    found = results[reports["003"].id]
    assert codes(found) == ["off-topic-claims", "references-short", "truncated-claim", "verified-low-confidence"]
    truncated = [f.claim for f in found if f.code == "truncated-claim"]
    assert truncated == [1, 4, 5, 6, 7, 8, 9]  # the seven claims cut at 120 characters
    (off_topic,) = [f for f in found if f.code == "off-topic-claims"]
    assert "only claim 9 of 10" in off_topic.message
    assert "never mentioned: sparse, moe, routing, multimodal, rlhf, dense" in off_topic.message
    # 10 claims stated, 10 rows; 9 verified stated, 9 ✓: the counts agree.
    assert "count-mismatch" not in codes(found)
    # 8.5 and 9 verified: above the publication rule.
    assert "below-publication-rule" not in codes(found)


def test_seed_004_findings(seeds):
    reports, results = seeds
    found = results[reports["004"].id]
    assert codes(found) == [
        "abstract-contamination",
        "below-publication-rule",
        "conflicting-numbers",
        "off-topic-claims",
        "references-short",
        "suspicious-reference",
        "verified-low-confidence",
    ]
    by_code = {f.code: f for f in found}
    assert "1002.1148v1" in by_code["suspicious-reference"].message
    assert "2010" in by_code["suspicious-reference"].message
    assert "performance degradation." in by_code["abstract-contamination"].message
    assert "seen in auxiliary-loss-based methods" in by_code["abstract-contamination"].message
    # Claims without a final full stop are not cut when they are shorter than the cut.
    assert "truncated-claim" not in by_code


def test_claims_about_the_benchmark_alone_do_not_answer_a_question_about_a_method(seeds):
    reports, results = seeds
    # 004 asks about ALF-LB under expert initialisation and capacity limits; every claim is
    # about HumanEval Pro, MBPP and code models, none about the method.
    (off_topic,) = [f for f in results[reports["004"].id] if f.code == "off-topic-claims"]
    assert 'the question asks about "the ALF-LB method"' in off_topic.message
    assert "humaneval" in off_topic.message and "mbpp" in off_topic.message
    # 001 asks about RLHF alignment; its claim on instruction-tuned models addresses alignment.
    assert "off-topic-claims" not in codes(results[reports["001"].id])


def test_findings_are_sorted_by_severity_then_code(seeds):
    _reports, results = seeds
    for found in results.values():
        ranks = [(SEVERITIES.index(f.severity), f.code) for f in found]
        assert ranks == sorted(ranks)


def test_check_report_with_others_matches_check_library(seeds):
    reports, results = seeds
    everything = list(reports.values())
    for report in everything:
        assert check_report(report, everything) == results[report.id]


def test_without_other_reports_there_are_no_cross_report_conflicts():
    assert "conflicting-numbers" not in codes(check_report(seed("001")))


def test_checks_are_deterministic(seeds):
    reports, results = seeds
    again = check_library(list(reversed(list(reports.values()))))
    assert again == results


def test_worst_severity():
    assert worst_severity([]) is None
    found = check_report(seed("003"))
    assert worst_severity(found) == "high"


# --- reports written for these tests


@pytest.mark.parametrize("name", ["clean_paper.txt", "clean_web.txt"])
def test_clean_reports_have_no_findings(name):
    assert check_report(fixture(name)) == []


def test_clean_reports_checked_together_have_no_findings():
    reports = [fixture("clean_paper.txt"), fixture("clean_web.txt")]
    assert check_library(reports) == {r.id: [] for r in reports}


@pytest.mark.parametrize(
    "name, code",
    [
        ("bad_counts.txt", "count-mismatch"),
        ("conflicting_numbers.txt", "conflicting-numbers"),
        ("suspicious_references.txt", "suspicious-reference"),
        ("off_topic.txt", "off-topic-claims"),
        ("contaminated_abstract.txt", "abstract-contamination"),
    ],
)
def test_each_written_report_triggers_only_its_own_check(name, code):
    assert codes(check_report(fixture(name))) == [code]


def test_count_mismatch_names_every_disagreement():
    messages = [f.message for f in check_report(fixture("bad_counts.txt"))]
    assert messages == [
        "claims extracted: the abstract says 12, 3 Results says 10",
        "claims extracted: the report states 10, the claim table has 9 rows",
        "claims verified: the report states 6, the claim table marks 5 with ✓",
        "review score: the abstract says 7/10, 3 Results says 6.8/10",
    ]


def test_conflicting_numbers_within_one_report():
    found = check_report(fixture("conflicting_numbers.txt"))
    assert [f.claim for f in found] == [4, 5, 6, 7]
    assert found[0].message == "Mistral-7B: claim 5 gives 91.4% for needle-in-a-haystack (4-bit) (this claim: 98.1%)"
    assert found[2].message == (
        "Llama-2-13B: claim 7 gives 61.0% for RULER and 45.2% for LongBench "
        "(this claim: 61.0% for LongBench and 45.2% for RULER)"
    )


def test_suspicious_references_name_each_problem():
    messages = [f.message for f in check_report(fixture("suspicious_references.txt"))]
    assert messages == [
        "reference 1: arXiv id 2413.01234v1 names month 13, which does not exist",
        "reference 2: DOI '10.12/abc' is malformed",
        "reference 3: arXiv id 2609.01234v1 dates from 2026-09, after the report (2026-04)",
        "reference 4: arXiv id 0911.1234v2 dates from 2009, 17 years before the report (2026): "
        "implausibly old for the question",
    ]


def test_contaminated_abstract_names_the_copied_text_and_the_cut_question():
    (found,) = check_report(fixture("contaminated_abstract.txt"))
    assert '"In this paper, we propose KIVI' in found.message
    assert "and memory use in transformer inference" in found.message


# --- the project's sample reports


def test_every_sample_report_can_be_checked():
    reports = [parse_file(path) for path in sorted(SAMPLES.glob("*")) if path.is_file()]
    results = check_library(reports)
    assert set(results) == {r.id for r in reports}
    for found in results.values():
        for item in found:
            assert item.code in CODES and item.severity in SEVERITIES and item.message


def test_a_large_library_is_checked_once_per_report():
    base = seed("001")
    reports = [dataclasses.replace(base, id=f"r{n:05d}") for n in range(300)]
    results = check_library(reports)
    assert len(results) == 300
    # Identical copies agree with each other: no conflicts among them.
    assert all("conflicting-numbers" not in codes(found) for found in results.values())


# What each sample report should be flagged for, checked by reading it: the clean
# samples (010, 012, 013, 014) must stay clean, the flawed ones keep their flaws.
SAMPLE_CODES = {
    "010": [],
    "011": ["below-publication-rule"],  # 3.9/10; its QUARANTINE tier is allowed
    "012": [],
    "013": [],
    "014": [],
    "015": [
        "abstract-contamination",  # "We introduce LiveCodeBench" and the question cut before "and MBPP"
        "below-publication-rule",  # 6.1/10
        "count-mismatch",  # 9 vs 8 claims; 6 verified stated, 5 ✓
        "references-short",
        "suspicious-reference",  # 0907.1815 (2009) and the malformed 2403.0797
        "truncated-claim",
        "verified-low-confidence",
    ],
    "016": ["below-publication-rule"],  # no claim table: nothing to miscount
    "017": ["below-publication-rule"],
    "018": ["below-publication-rule", "tier-contradiction"],  # FLAGSHIP at 8.1 with 4 verified
}


@pytest.fixture(scope="module")
def samples():
    paths = {path.name[:3]: path for path in SAMPLES.glob("*.txt")}
    if not set(SAMPLE_CODES) <= set(paths):
        pytest.skip("the sample reports of this checkout differ")
    reports = [parse_file(path) for path in paths.values()]
    results = check_library(reports)
    return {report.id[:3]: results[report.id] for report in reports}


@pytest.mark.parametrize("name", sorted(SAMPLE_CODES))
def test_sample_report_findings(samples, name):
    assert codes(samples[name]) == SAMPLE_CODES[name]


def test_an_on_topic_synthesis_sentence_in_the_abstract_is_not_filler(samples):
    # 018: "Sources report some token-level and syntax-level specialisation of experts, ..."
    assert "abstract-contamination" not in codes(samples["018"])


def test_readme_table_lists_every_check_as_the_catalogue_states_it():
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("<!-- section: checks -->", 1)[1].split("<!-- /section: checks -->", 1)[0]
    for info in CHECKS.values():
        assert f"| `{info.code}` | {info.severity} | {info.looks_at} | {info.why} |" in section


def test_concerned_claims_names_every_flagged_claim(seeds):
    from claimdesk.checks import concerned_claims

    reports, results = seeds
    found = results[reports["003"].id]
    flagged = {n for f in found for n in concerned_claims(f)}
    assert flagged == set(range(1, 10))  # claims 1-9: ✓ with low confidence, seven of them also cut
    (rule,) = [f for f in results[reports["001"].id] if f.code == "below-publication-rule"]
    assert concerned_claims(rule) == ()
