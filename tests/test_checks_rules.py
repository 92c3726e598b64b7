"""Each check on its own: reports that must trigger it and reports that must not."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from claimdesk.checks import check_library, check_report
from claimdesk.model import (
    Claim,
    GateStatus,
    GateVerdict,
    Level,
    QualityTier,
    Reference,
    ReferenceKind,
    ReportStats,
    Tier,
)
from claimdesk.parsing import parse_file

FIXTURES = Path(__file__).parent / "fixtures" / "checks"
CLEAN_PAPER = parse_file(FIXTURES / "clean_paper.txt")
CLEAN_WEB = parse_file(FIXTURES / "clean_web.txt")


def of(code, report, others=()):
    return [f for f in check_report(report, others) if f.code == code]


def with_stats(report, **changes):
    return dataclasses.replace(report, stats=dataclasses.replace(report.stats, **changes))


def claims(*rows):
    """Claims from (text, verified, confidence) rows."""
    return tuple(Claim(index=n, text=t, verified=v, confidence=c) for n, (t, v, c) in enumerate(rows, start=1))


def test_the_clean_reports_are_clean():
    assert check_report(CLEAN_PAPER) == [] and check_report(CLEAN_WEB) == []


# --- count-mismatch


def test_count_mismatch_web_source_grounded_count():
    level = dataclasses.replace(CLEAN_WEB.verification_level, source_grounded_claims=7)
    (found,) = of("count-mismatch", dataclasses.replace(CLEAN_WEB, verification_level=level))
    assert found.message == "claims: the abstract says 8 were extracted, the verification level lists 7 source-grounded claims"


def test_count_mismatch_never_uses_the_missing_claim_table_of_the_web_layout():
    assert CLEAN_WEB.claims == ()
    assert of("count-mismatch", CLEAN_WEB) == []


def test_count_mismatch_paper_without_claim_table_compares_nothing_with_the_table():
    # A missing claim table is a missing block, not a miscount (sample 016).
    assert of("count-mismatch", dataclasses.replace(CLEAN_PAPER, claims=())) == []


def test_count_mismatch_rows_against_the_stated_count():
    (found,) = of("count-mismatch", dataclasses.replace(CLEAN_PAPER, claims=CLEAN_PAPER.claims[:5]))
    assert found.message == "claims extracted: the report states 6, the claim table has 5 rows"


def test_count_mismatch_papers_abstract_against_results():
    (found,) = of("count-mismatch", with_stats(CLEAN_PAPER, papers=7))
    assert found.message == "papers retrieved: the abstract says 6, 3 Results says 7"


# --- references-short


def test_references_short_fires_when_fewer_references_than_papers():
    report = dataclasses.replace(CLEAN_PAPER, references=CLEAN_PAPER.references[:2])
    (found,) = of("references-short", report)
    assert found.message == "6 papers retrieved but only 2 references listed"
    assert found.severity == "low"


def test_references_short_is_quiet_when_every_paper_is_listed_and_for_web_reports():
    assert len(CLEAN_PAPER.references) == CLEAN_PAPER.stats.papers
    assert of("references-short", CLEAN_PAPER) == []
    assert CLEAN_WEB.references == () and of("references-short", CLEAN_WEB) == []


# --- below-publication-rule


def test_below_publication_rule_on_score():
    (found,) = of("below-publication-rule", with_stats(CLEAN_PAPER, review_score=6.4))
    assert found.message == "published although review score 6.4/10 is under 6.5"


def test_exactly_at_the_publication_rule_passes():
    report = with_stats(CLEAN_PAPER, review_score=6.5)
    assert report.verified_count == 5 and report.stats.claims_verified == 5
    assert of("below-publication-rule", report) == []


def test_below_publication_rule_counts_the_ticks_the_table_shows():
    # The report says 5 verified, but only 4 rows carry ✓: it has shown 4.
    rows = list(CLEAN_PAPER.claims)
    rows[0] = dataclasses.replace(rows[0], verified=False)
    (found,) = of("below-publication-rule", dataclasses.replace(CLEAN_PAPER, claims=tuple(rows)))
    assert "only 4 verified claims" in found.message


def test_below_publication_rule_needs_something_to_judge():
    report = dataclasses.replace(CLEAN_WEB, abstract=None, stats=ReportStats())
    assert of("below-publication-rule", report) == []


# --- tier-contradiction


def tiered(tier, score, verified, reproducibility=None, gate=None):
    dims = () if reproducibility is None else (("reproducibility_status", reproducibility),)
    return dataclasses.replace(
        CLEAN_WEB,
        quality_tier=QualityTier(tier),
        stats=dataclasses.replace(CLEAN_WEB.stats, review_score=score, claims_verified=verified),
        abstract=None,
        quality_dimensions=dims,
        gate=None if gate is None else GateVerdict(gate),
    )


@pytest.mark.parametrize(
    "tier, score, verified, reproducibility, gate",
    [
        (Tier.FLAGSHIP_CANDIDATE, 8.4, 6, Level.HIGH, None),
        (Tier.FLAGSHIP_CANDIDATE, 9.0, 4, Level.HIGH, None),
        (Tier.FLAGSHIP_CANDIDATE, 9.0, 6, Level.MEDIUM, None),
        (Tier.DOI_GRADE, 7.4, 3, None, None),
        (Tier.DOI_GRADE, 8.0, 0, None, None),
        (Tier.PUBLIC_RECORD, 4.9, 3, None, None),
        (Tier.WATCHLIST, 8.0, 3, None, None),
        (Tier.QUARANTINE_CANDIDATE, 8.0, 3, None, None),
    ],
)
def test_tier_contradiction_fires(tier, score, verified, reproducibility, gate):
    (found,) = of("tier-contradiction", tiered(tier, score, verified, reproducibility, gate))
    assert found.message.startswith(f"printed tier {tier.value} but ")


@pytest.mark.parametrize(
    "tier, score, verified, reproducibility, gate",
    [
        (Tier.FLAGSHIP_CANDIDATE, 8.5, 5, Level.HIGH, None),
        (Tier.DOI_GRADE, 7.5, 1, None, None),
        (Tier.PUBLIC_RECORD, 5.0, 0, None, None),
        (Tier.PUBLIC_RECORD, 9.0, 8, None, None),  # thresholds are minimums
        (Tier.WATCHLIST, 7.4, 4, None, None),  # seed 000
        (Tier.WATCHLIST, 8.0, 0, None, None),  # no verified claims: below DOI grade
        (Tier.QUARANTINE_CANDIDATE, 3.0, 1, None, None),
        (Tier.QUARANTINE_CANDIDATE, 8.0, 3, None, GateStatus.FALSIFIED),
    ],
)
def test_tier_allowed_by_the_thresholds(tier, score, verified, reproducibility, gate):
    assert of("tier-contradiction", tiered(tier, score, verified, reproducibility, gate)) == []


def test_tier_contradiction_message_names_the_evidence():
    (found,) = of("tier-contradiction", tiered(Tier.FLAGSHIP_CANDIDATE, 7.9, 6, Level.MEDIUM))
    assert found.message == "printed tier FLAGSHIP_CANDIDATE but score 7.9 is under 8.5; reproducibility is MEDIUM, not HIGH"


# --- verified-low-confidence


def test_one_low_confidence_claim_is_named_by_number():
    rows = list(CLEAN_PAPER.claims)
    rows[2] = dataclasses.replace(rows[2], confidence=0.49)
    (found,) = of("verified-low-confidence", dataclasses.replace(CLEAN_PAPER, claims=tuple(rows)))
    assert found.claim == 3
    assert found.message == "1 claim marked ✓ with confidence under 0.5: 3 (0.49)"


def test_confidence_of_one_half_and_unverified_doubtful_claims_pass():
    report = dataclasses.replace(
        CLEAN_PAPER,
        claims=claims(("A claim.", True, 0.5), ("Another claim.", False, 0.05), ("No confidence.", True, None)),
    )
    assert of("verified-low-confidence", report) == []


# --- truncated-claim


@pytest.mark.parametrize(
    "text",
    [
        "x" * 60 + " and then the claim goes on well past the point where the publisher cuts it off at one twe",
        "Residual connections reduce oversmoothing in deep graph networks compared with the",
        "Cache quantization was evaluated on three benchmarks,",
        "Keys are quantized per channel (as in KIVI",
    ],
)
def test_truncated_claims(text):
    if text.startswith("x"):
        text = text[:120]
        assert len(text) == 120
    report = dataclasses.replace(CLEAN_PAPER, claims=claims((text, False, 0.4)))
    (found,) = of("truncated-claim", report)
    assert found.claim == 1


@pytest.mark.parametrize(
    "text",
    [
        "x" * 118 + ".",  # at the cut, but finished
        "o1-mini achieves 96.2% pass@1 on HumanEval but only 76.2% on HumanEval Pro",  # seed 004: no stop, not cut
        "Several benchmarks cover multiple programming languages (Zheng et al., 2021)",
        "Accuracy rose to 45%",
    ],
)
def test_finished_claims_are_not_truncated(text):
    report = dataclasses.replace(CLEAN_PAPER, claims=claims((text, False, 0.4)))
    assert of("truncated-claim", report) == []


# --- abstract-contamination

OPENING = "This report synthesises findings from 6 peer-reviewed papers addressing the following research question: "
CLOSING = (
    " 6 claims were extracted from source literature; 5 were independently verified against retrieved documents."
    " An automated multi-reviewer quality assessment produced a score of 7.8/10."
)


def with_abstract(question_in_abstract, extra="", question=None):
    report = CLEAN_PAPER if question is None else dataclasses.replace(CLEAN_PAPER, research_question=question)
    body = OPENING + question_in_abstract + (" " + extra if extra else "") + CLOSING
    return dataclasses.replace(report, abstract=body)


def test_question_quoted_with_a_full_stop_instead_of_a_question_mark_is_not_cut():
    question = CLEAN_PAPER.research_question
    assert of("abstract-contamination", with_abstract(question.rstrip("?") + ".")) == []


def test_first_person_inside_the_question_is_not_contamination():
    question = "How can we reduce the memory of speculative decoding draft models for code generation?"
    assert of("abstract-contamination", with_abstract(question, question=question)) == []


def test_an_on_topic_summary_sentence_is_not_filler():
    extra = "Larger draft models raise token acceptance rate in speculative decoding but reduce the speed-up for code generation."
    assert of("abstract-contamination", with_abstract(CLEAN_PAPER.research_question, extra)) == []


def test_filler_unrelated_to_the_question():
    extra = "Since the release of ChatGPT, chat assistants have drawn a lot of attention from the public and industry."
    (found,) = of("abstract-contamination", with_abstract(CLEAN_PAPER.research_question, extra))
    assert "filler unrelated to the question" in found.message and "Since the release of ChatGPT" in found.message


def test_first_person_copied_text():
    extra = "Our method doubles throughput on a single GPU."
    (found,) = of("abstract-contamination", with_abstract(CLEAN_PAPER.research_question, extra))
    assert 'first-person text copied from a source: "Our method doubles throughput' in found.message


def test_cut_question():
    cut = "How does the size of the draft model in speculative decoding affect token acceptance rate."
    (found,) = of("abstract-contamination", with_abstract(cut))
    assert "cut off mid-sentence" in found.message
    assert 'goes on "and wall-clock speed-up for code generation"' in found.message


# --- off-topic-claims


def test_off_topic_needs_enough_claims_and_a_distinctive_question():
    few = dataclasses.replace(CLEAN_PAPER, claims=claims(("Scaling laws hold.", True, 0.9), ("So does RLHF.", True, 0.9)))
    assert of("off-topic-claims", few) == []
    generic = dataclasses.replace(CLEAN_PAPER, research_question="How do models compare on benchmarks?")
    assert of("off-topic-claims", generic) == []


def test_off_topic_fires_when_no_claim_mentions_the_question():
    report = dataclasses.replace(
        CLEAN_PAPER,
        claims=claims(
            ("Scaling laws relate loss to compute.", True, 0.9),
            ("Instruction tuning helps zero-shot transfer.", True, 0.9),
            ("Chain-of-thought prompting helps arithmetic.", True, 0.9),
        ),
    )
    (found,) = of("off-topic-claims", report)
    assert "none of the 3 claims mentions any" in found.message
    assert found.severity == "high"


def test_mixture_of_experts_and_moe_are_one_term():
    question = "How does sparse mixture-of-experts routing change load balance across experts?"
    report = dataclasses.replace(
        CLEAN_PAPER,
        research_question=question,
        claims=claims(("MoE layers need an auxiliary loss.", True, 0.9), ("Routing collapse is common.", True, 0.9),
                      ("Sparse layers cut compute.", True, 0.9)),
    )
    assert of("off-topic-claims", report) == []


# --- conflicting-numbers


def numbered(report_id, *texts):
    return dataclasses.replace(CLEAN_PAPER, id=report_id, claims=claims(*((t, False, 0.4) for t in texts)))


def test_same_entity_and_metric_with_different_numbers_across_reports():
    one = numbered("one", "GPT-4o achieves 90.2% pass@1 on HumanEval.")
    two = numbered("two", "GPT-4o achieves 87.1% pass@1 on HumanEval.")
    (found,) = of("conflicting-numbers", one, [one, two])
    assert found.message == "GPT-4o: report two claim 1 gives 87.1% for HumanEval (this claim: 90.2%)"
    assert found.claim == 1


def test_entity_names_are_folded():
    one = numbered("one", "Qwen2.5Coder-7B-base achieves 61.6% on HumanEval.")
    two = numbered("two", "Qwen2.5-Coder-7B-Base achieves 59.0% on HumanEval.")
    assert len(of("conflicting-numbers", one, [two])) == 1


@pytest.mark.parametrize(
    "first, second",
    [
        # agreeing numbers
        ("GPT-4o achieves 90.2% on HumanEval.", "GPT-4o achieves 90.2% on HumanEval."),
        # a different pass@k is a different measurement
        ("GPT-4o achieves 90.2% pass@1 on HumanEval.", "GPT-4o achieves 96.0% pass@10 on HumanEval."),
        # one shared number under another metric may be a coincidence
        ("GPT-4o achieves 50.0% on MBPP.", "GPT-4o achieves 50.0% on HumanEval."),
        # different models
        ("GPT-4o achieves 90.2% on HumanEval.", "GPT-4o-mini achieves 87.2% on HumanEval."),
        # no model name (no digit in the subject): not read
        ("The method achieves 90.2% on HumanEval.", "The method achieves 80.0% on HumanEval."),
    ],
)
def test_not_a_conflict(first, second):
    one, two = numbered("one", first), numbered("two", second)
    assert of("conflicting-numbers", one, [two]) == []
    assert check_library([one, two]) == {"one": check_report(one), "two": check_report(two)}


def test_a_report_is_not_compared_with_its_own_copy_in_the_library():
    one = numbered("one", "GPT-4o achieves 90.2% on HumanEval.", "GPT-4o achieves 90.2% on HumanEval.")
    assert of("conflicting-numbers", one, [one]) == []


# --- suspicious-reference


def referenced(*urls, published="2026-03-12"):
    refs = tuple(Reference(url=u, kind=ReferenceKind.URL, id=None) for u in urls)
    return dataclasses.replace(CLEAN_PAPER, references=refs, published=published, stats=dataclasses.replace(CLEAN_PAPER.stats, papers=len(refs)))


@pytest.mark.parametrize(
    "url",
    [
        "http://arxiv.org/abs/1706.03762v7",  # 2017, nine years before: a classic, not suspicious
        "http://arxiv.org/abs/1207.0580",  # 2012, fourteen years: still fine
        "https://arxiv.org/pdf/2402.06196.pdf",
        "https://doi.org/10.48550/arxiv.2402.06196",
        "https://doi.org/10.1007/s11704-026-60308-3",
        "https://aclanthology.org/2023.acl-long.101/",
    ],
)
def test_plausible_references(url):
    assert of("suspicious-reference", referenced(url)) == []


@pytest.mark.parametrize(
    "url, evidence",
    [
        ("http://arxiv.org/abs/2412.1500", "is malformed: ids from 2024 have 5 digits"),  # 2024 ids have five digits
        ("http://arxiv.org/abs/1203.12345", "ids from 2012 have 4 digits after the dot"),
        ("http://arxiv.org/abs/hep-th/9901001", "1999"),
        ("https://doi.org/10.48550/arxiv.2612.00001", "after the report"),
        ("https://doi.org/doi:10.1000/x", "malformed"),
        ("htp:/broken", "not a well-formed link"),
    ],
)
def test_suspicious_references(url, evidence):
    (found,) = of("suspicious-reference", referenced(url))
    assert evidence in found.message


def test_without_a_date_only_the_form_of_references_is_judged():
    report = referenced("http://arxiv.org/abs/0911.1234v2", "http://arxiv.org/abs/2413.01234", published=None)
    (found,) = of("suspicious-reference", report)
    assert "month 13" in found.message


def test_conflicts_are_named_in_the_same_order_whatever_order_reports_come_in():
    batch = [
        numbered(name, f"GPT-4o achieves {value}% pass@1 on HumanEval.")
        for name, value in (("one", "90.2"), ("two", "87.1"), ("three", "85.0"), ("four", "80.0"))
    ]
    forward = check_library(batch)
    assert check_library(list(reversed(batch))) == forward
    (found,) = [f for f in forward["one"] if f.code == "conflicting-numbers"]
    assert found.message == (
        "GPT-4o: report four claim 1 gives 80.0% for HumanEval (this claim: 90.2%); "
        "report three claim 1 gives 85.0% for HumanEval (this claim: 90.2%); and 1 other claim"
    )
