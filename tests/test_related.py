"""Related claims: restatements across reports are found, unrelated claims are not."""

from __future__ import annotations

import random
from types import SimpleNamespace

import pytest

from claimdesk.model import Claim, Layout, Mark, Report, Verdict
from claimdesk.related import RelatedIndex, related_claims

from conftest import SEEDS


def seed_report(prefix: str) -> Report:
    """A Report holding a seed's claim table, read directly (tab-separated rows)."""
    path = next(SEEDS.glob(f"{prefix}_*.txt"))
    lines = path.read_text(encoding="utf-8").splitlines()
    start = lines.index("Claim\tVerified\tConfidence") + 1
    claims = []
    for line in lines[start:]:
        if not line.strip():
            break
        claims.append(Claim(index=len(claims) + 1, text=line.split("\t")[0], verified=None, confidence=None))
    return Report(id=path.stem, layout=Layout.PAPER, title=path.stem, claims=tuple(claims))


@pytest.fixture
def seeds_index() -> RelatedIndex:
    return RelatedIndex.from_reports([seed_report("001"), seed_report("003"), seed_report("004")])


def test_restatements_in_another_report_are_found(seeds_index):
    r001 = seed_report("001")
    # claim 5 of 001: "Deepseek-V2.5 was used to generate self-invoking problems, ..."
    found = seeds_index.related(r001.id, 5)
    assert found, "the restatement in seed 004 should be found"
    best = found[0]
    assert best.report_id.startswith("004_")
    assert best.text.startswith("Deepseek-V2.5 is used to generate the self-invoking problems")
    # claim 3 of 001 ("Instruction-tuned models are less efficient ...") is near-verbatim in 004
    best = seeds_index.related(r001.id, 3)[0]
    assert best.text.startswith("Instruction-tuned models are less efficient") and best.score > 95


def test_same_entity_with_other_figures_is_related(seeds_index):
    # 001 claim 1 "o1-mini achieves 96.2% pass@1 on HumanEval." and 004 claim 1 state
    # the o1-mini figures together: related, so the two can be compared.
    found = seeds_index.related(seed_report("001").id, 1)
    assert [f.report_id[:3] for f in found][:1] == ["004"]
    assert found[0].text.startswith("o1-mini achieves 96.2% pass@1 on HumanEval but only 76.2%")


def test_claims_that_only_share_a_benchmark_name_are_not_related(seeds_index):
    # 001 claim 2 (o1-mini on HumanEval Pro) vs 004's Qwen/Deepseek HumanEval Pro rows.
    found = seeds_index.related(seed_report("001").id, 2)
    assert all("o1-mini" in f.text for f in found)


def test_own_report_is_never_listed_and_unknown_claims_give_nothing(seeds_index):
    r001 = seed_report("001")
    for number in range(1, len(r001.claims) + 1):
        assert all(f.report_id != r001.id for f in seeds_index.related(r001.id, number))
    assert seeds_index.related(r001.id, 999) == []
    assert seeds_index.related("no-such-report", 1) == []


def test_reindexing_a_report_replaces_its_claims(seeds_index):
    r004 = seed_report("004")
    size = len(seeds_index)
    seeds_index.add_report(Report(id=r004.id, layout=Layout.PAPER, title="x", claims=r004.claims[:1]))
    assert len(seeds_index) == size - len(r004.claims) + 1
    found = seeds_index.related(seed_report("001").id, 5)  # its Deepseek-V2.5 twin is gone
    assert all(not f.text.startswith("Deepseek-V2.5 is used") for f in found)


def test_related_claims_carry_their_current_marks(seeds_index):
    r004 = seed_report("004")
    mark = Mark(id="m1", report_id=r004.id, claim=6, claim_key=r004.claims[5].key,
                verdict=Verdict.DISPUTED, note="table 2 says otherwise", reviewer="bob",
                at="2026-06-01T10:00:00Z")
    cleared = Mark(id="m2", report_id=r004.id, claim=6, claim_key=r004.claims[5].key,
                   verdict=Verdict.CLEARED, note="", reviewer="carol", at="2026-06-01T11:00:00Z")
    store = SimpleNamespace(current_marks=lambda rid: {(6, "bob"): mark, (6, "carol"): cleared} if rid == r004.id else {})
    found = related_claims(store, seeds_index, seed_report("001").id, 5)
    twin = next(f for f in found if f.report_id == r004.id and f.claim == 6)
    assert twin.marks == {"bob": "disputed"}
    assert twin.to_dict()["marks"] == {"bob": "disputed"}


def test_large_index_still_finds_the_needle():
    # 10,000 generated reports x 10 claims of shared vocabulary; one planted restatement.
    rng = random.Random(7)
    words = [f"w{i}" for i in range(3000)] + ["model", "benchmark", "accuracy", "the", "on", "of"]
    reports = []
    for r in range(10_000):
        claims = tuple(
            Claim(index=c + 1, text=" ".join(rng.choice(words) for _ in range(14)), verified=None, confidence=None)
            for c in range(10)
        )
        reports.append(Report(id=f"r{r:05d}", layout=Layout.PAPER, title="t", claims=claims))
    needle = "Qwen2.5-Coder-7B-base achieves 59.6% on HumanEval Pro and 38.6% on MBPP Pro"
    twin = "Qwen2.5-Coder-7B-base achieves 59.6% on HumanEval Pro, 38.6% on MBPP Pro"
    reports[10] = Report(id="r00010", layout=Layout.PAPER, title="t", claims=(Claim(1, needle, None, None),))
    reports[9000] = Report(id="r09000", layout=Layout.PAPER, title="t", claims=(Claim(3, twin, None, None),))
    index = RelatedIndex.from_reports(reports)
    found = index.related("r00010", 1)
    assert [(f.report_id, f.claim) for f in found] == [("r09000", 3)]
