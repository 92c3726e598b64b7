"""The evidence section of the benchmark runs end to end (timings are judged by the benchmark, not here)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from conftest import REPO


@pytest.mark.slow
def test_evidence_benchmark_reports_both_figures() -> None:
    done = subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "run.py"), "--evidence-only", "--reps", "1", "--json"],
        capture_output=True, text=True, timeout=600, cwd=REPO,
    )
    assert done.returncode in (0, 1), done.stderr[-3000:]
    rows = {row["name"]: row for row in json.loads(done.stdout)["rows"]}
    evidence = rows["evidence, 15 claims, 4 sources"]
    assert evidence["figure"] > 0 and evidence["detail"]["claims"] == 15 and evidence["detail"]["sources"] == 4
    assert rows["indexing vs text extraction"]["baseline"] > 0
