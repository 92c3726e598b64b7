"""The benchmark's quick mode runs end to end: every step works and the table is printed.

No timing is asserted here (the machine running the tests may be busy); the
benchmark itself judges its goals and its exit status says whether it ran.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from conftest import REPO

RUN = REPO / "benchmarks" / "run.py"
MEASURES = ("import", "one mark at", "batch marks", "first screen", "filter keystroke", "peak RSS")


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(RUN), "--quick", "--n", "60", "--marks", "600", "--batch", "300", "--reps", "1", *args],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=REPO,
    )


@pytest.mark.slow
def test_quick_benchmark_prints_every_measure_with_its_goal() -> None:
    result = _run()
    assert result.returncode in (0, 1), result.stderr[-3000:]  # 1 only means a goal was missed
    assert "Traceback" not in result.stderr
    for measure in MEASURES:
        assert measure in result.stdout, result.stdout
    for goal in ("ratio <= 15", "ratio <= 2.5", "<= 50 ms", "ratio <= 1.5", ">= 2000/s", "<= 400 MB"):
        assert goal in result.stdout


@pytest.mark.slow
def test_quick_benchmark_json_has_figure_baseline_and_ratio() -> None:
    result = _run("--json")
    assert result.returncode in (0, 1), result.stderr[-3000:]
    report = json.loads(result.stdout)
    assert report["n"] == 60 and report["marks"] == 600
    names = [row["name"] for row in report["rows"]]
    assert all(any(name.startswith(m) for name in names) for m in MEASURES)
    for row in report["rows"]:
        assert row["figure"] > 0
        assert isinstance(row["ok"], bool)
        if row["baseline"] is not None:
            assert row["ratio"] == row["figure"] / row["baseline"]
    batch = next(row for row in report["rows"] if row["name"].startswith("batch"))
    assert batch["detail"]["saved"] == 300  # every line of the batch was acknowledged
    status = 0 if all(row["ok"] for row in report["rows"]) else 1
    assert result.returncode == status
