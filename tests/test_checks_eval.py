"""The triage checks on the evaluation corpus: every code's precision and recall stay at 0.95 or more."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

EVAL = Path(__file__).parent / "eval"
# Loaded from its path under its own name: tests/eval is not put on sys.path, where "run"
# could shadow or be shadowed by another module.
_SPEC = importlib.util.spec_from_file_location("claimdesk_eval_run", EVAL / "run.py")
evaluation = importlib.util.module_from_spec(_SPEC)
sys.modules["claimdesk_eval_run"] = evaluation
_SPEC.loader.exec_module(evaluation)

GOAL = 0.95


@pytest.fixture(scope="module")
def dev():
    return evaluation.evaluate("dev")


def test_the_corpus_is_large_varied_and_a_third_clean():
    rows = [row for half in ("dev", "heldout", "heldout2", "heldout3") for row in evaluation.manifest(half)]
    assert len(evaluation.manifest("dev")) >= 60
    data = [row.path.read_bytes() for row in rows]
    assert sum(b"\r\n" in d for d in data) >= 10
    assert sum(d.startswith(b"\xef\xbb\xbf") for d in data) >= 5
    web = sum(b"Truth-Engine Gate Verdict" in d for d in data)
    assert 10 <= web < len(rows) - 30
    clean = sum(not row.must for row in rows)
    assert len(rows) / 4 <= clean <= len(rows) / 2


def test_every_code_is_exercised(dev):
    _count, scores = dev
    for code, score in scores.items():
        assert score.true_positives + score.false_negatives >= 1, code


@pytest.mark.parametrize("half", ["dev", "heldout", "heldout2", "heldout3"])
def test_every_code_keeps_its_precision_and_recall(half):
    count, scores = evaluation.evaluate(half)
    low = {
        code: (round(score.precision, 2), round(score.recall, 2), score.misses, score.false_alarms)
        for code, score in scores.items()
        if score.precision < GOAL or score.recall < GOAL
    }
    assert not low, evaluation.table(half, count, scores, verbose=True)


def test_the_script_prints_a_row_per_code():
    count, scores = evaluation.evaluate("dev")
    table = evaluation.table("dev", count, scores)
    assert f"dev: {count} reports" in table
    for code in scores:
        assert code in table
