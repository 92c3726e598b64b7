"""The bundled sample reports: the seeds plus reports covering what the seeds do not."""

from __future__ import annotations

import re

import pytest

from claimdesk.model import QUALITY_DIMENSIONS, CorrectionState, GateStatus, Layout, Level, ReferenceKind, Tier
from claimdesk.parsing import parse_bytes, parse_file
from claimdesk.resources import sample_reports_dir

from conftest import SAMPLES, SEEDS

SAMPLE_FILES = sorted(SAMPLES.glob("*.txt"))
REPORTS = {path.stem: parse_file(path) for path in SAMPLE_FILES}
GOOD_PAPERS = ["012_05579329a8f27419", "013_25a94e3e2d60ff28", "014_80eb93b05cdb6115"]


def test_samples_are_found_where_the_package_looks():
    shipped = sorted(p.name for p in sample_reports_dir().glob("*.txt"))
    assert shipped == [p.name for p in SAMPLE_FILES]
    assert len(SAMPLE_FILES) >= 10


def test_names_are_number_and_hash():
    for path in SAMPLE_FILES:
        assert re.fullmatch(r"\d{3}_[0-9a-f]{16}\.txt", path.name), path.name


@pytest.mark.parametrize("seed", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.name)
def test_the_seeds_ship_unchanged(seed):
    assert (SAMPLES / seed.name).read_bytes() == seed.read_bytes()


def test_every_gate_status_tier_and_correction_state_is_covered():
    gates = {r.gate.status for r in REPORTS.values() if r.gate}
    tiers = {r.quality_tier.tier for r in REPORTS.values() if r.quality_tier}
    states = {r.correction_record.state for r in REPORTS.values() if r.correction_record}
    assert gates == set(GateStatus)
    assert {Tier.DOI_GRADE, Tier.QUARANTINE_CANDIDATE, Tier.WATCHLIST} <= tiers
    assert states == set(CorrectionState)


def test_verified_web_report():
    report = REPORTS["010_0bdb1749e33b9d50"]
    assert report.layout is Layout.WEB and report.claims == ()
    assert report.gate.status is GateStatus.VERIFIED
    assert report.gate.evaluated_at == "2026-06-14T09:12:05+00:00"
    assert report.quality_tier.tier is Tier.DOI_GRADE
    assert report.verification_level.level == 5
    assert report.verification_level.label == "Sandbox-executed claims"
    assert report.correction_record.state is CorrectionState.CORRECTED and report.correction_record.count == 1
    assert report.dimensions == {
        "evidence_strength": Level.HIGH,
        "citation_grounding": Level.HIGH,
        "numerical_consistency": Level.MEDIUM,
        "benchmark_validity": Level.MEDIUM,
        "novelty": Level.LOW,
        "uncertainty_disclosure": Level.MEDIUM,
        "reproducibility_status": Level.HIGH,
        "safety_impact": Level.UNASSESSED,
    }
    assert tuple(report.dimensions) == QUALITY_DIMENSIONS
    assert report.stats.review_score == 7.9 and report.stats.claims_verified == 5


def test_falsified_report_has_crlf_line_ends_and_reads_like_lf():
    path = SAMPLES / "011_856d5c92ca010c85.txt"
    data = path.read_bytes()
    assert data.count(b"\r\n") == data.count(b"\n") > 40
    report = REPORTS[path.stem]
    assert report == parse_bytes(data.replace(b"\r\n", b"\n"), path)
    assert report.gate.status is GateStatus.FALSIFIED
    assert report.quality_tier.tier is Tier.QUARANTINE_CANDIDATE
    assert report.correction_record.state is CorrectionState.SUPERSEDED and report.correction_record.count == 2
    assert report.dimensions["numerical_consistency"] is Level.LOW
    assert "\r" not in report.abstract and "\r" not in report.title


@pytest.mark.parametrize("stem", GOOD_PAPERS)
def test_good_paper_reports_are_consistent(stem):
    report = REPORTS[stem]
    assert report.layout is Layout.PAPER and report.warnings == ()
    assert report.published.startswith("2026-06-")
    assert report.stats.claims_extracted == len(report.claims)
    assert report.stats.claims_verified == report.verified_count
    assert report.stats.papers == len(report.references)
    assert report.stats.review_score >= 6.5
    confident = [c for c in report.claims if c.verified and c.confidence >= 0.8]
    assert len(confident) >= 5 and len(confident) == report.verified_count
    assert all(c.text.endswith(".") for c in report.claims)
    assert all(r.kind is ReferenceKind.ARXIV and re.fullmatch(r"\d{4}\.\d{5}v\d+", r.id) for r in report.references)
    assert report.research_question.endswith("?")
    assert report.research_question in report.abstract


def test_report_with_problems_shows_them():
    report = REPORTS["015_aec8f3c7f9fd62bf"]
    assert report.warnings == ("abstract and 3 Results disagree on claims extracted: 9 vs 8",)
    assert report.stats.claims_extracted == 8 and report.stats.claims_verified == 6
    assert report.verified_count == 5  # the table disagrees with the stated count
    assert report.stats.review_score < 6.5
    cut = [c.index for c in report.claims if len(c.text) == 120 and not c.text.endswith(".")]
    assert cut == [2, 8]
    assert any(c.verified and c.confidence < 0.3 for c in report.claims)
    assert "We introduce LiveCodeBench" in report.abstract
    assert [r.id for r in report.references] == ["2403.07974v1", "0907.1815v2", "2403.0797", None]


def test_report_without_a_claim_table():
    report = REPORTS["016_5097543273954b69"]
    assert report.layout is Layout.PAPER
    assert report.claims == () and report.warnings == ()
    assert report.stats.claims_extracted == 5 and len(report.references) == 6


def test_printed_tier_that_its_own_figures_contradict():
    report = REPORTS["018_c0e841555666063f"]
    assert report.quality_tier.tier is Tier.FLAGSHIP_CANDIDATE
    assert report.stats.review_score == 8.1 and report.stats.claims_verified == 4
    assert report.dimensions["reproducibility_status"] is Level.MEDIUM


def test_all_eight_dimensions_appear_across_the_samples():
    named = {name for report in REPORTS.values() for name in report.dimensions}
    assert named == set(QUALITY_DIMENSIONS)
