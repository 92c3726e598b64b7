"""`claimdesk stats` reports how far reviewers agree, as text and JSON."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import SAMPLES


def run(db: Path, *args: str, reviewer: str = "ann") -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "claimdesk", "--db", str(db), "--reviewer", reviewer, *args],
        capture_output=True,
        text=True,
        check=True,
    )


def test_stats_shows_cohen_kappa_for_two_reviewers(tmp_path: Path) -> None:
    db = tmp_path / "db"
    subprocess.run(
        [sys.executable, "-m", "claimdesk", "import", str(SAMPLES / "001_c07bb58f8e3503ce.txt"), "--db", str(db)],
        check=True,
        capture_output=True,
    )
    batch = "\n".join(
        json.dumps({"report": "001", "claim": claim, "verdict": verdict})
        for claim, verdict in enumerate(["confirmed", "confirmed", "disputed", "disputed"], start=1)
    )
    subprocess.run(
        [sys.executable, "-m", "claimdesk", "mark", "--batch", "-", "--db", str(db), "--reviewer", "ann"],
        input=batch, text=True, check=True, capture_output=True,
    )
    batch_bob = "\n".join(
        json.dumps({"report": "001", "claim": claim, "verdict": verdict})
        for claim, verdict in enumerate(["confirmed", "disputed", "disputed", "disputed"], start=1)
    )
    subprocess.run(
        [sys.executable, "-m", "claimdesk", "mark", "--batch", "-", "--db", str(db), "--reviewer", "bob"],
        input=batch_bob, text=True, check=True, capture_output=True,
    )
    # ann: C C D D, bob: C D D D -> p_o = 3/4; p_e = 0.5*0.25 + 0.5*0.75 = 0.5; kappa = 0.5
    overall = json.loads(run(db, "stats", "--json").stdout)["agreement"]["overall"]
    assert overall["claims"] == 4
    assert overall["percent"] == 75.0
    assert abs(overall["kappa"] - 0.5) < 1e-9
    text = run(db, "stats").stdout
    assert "75.0% agree" in text and "Cohen's κ 0.50" in text


def test_stats_without_shared_claims_says_so(tmp_path: Path) -> None:
    db = tmp_path / "db"
    run(db, "import", str(SAMPLES / "003_9a8a60184fa0a066.txt"))
    run(db, "mark", "003", "1", "confirmed")
    assert "no claims marked by two or more reviewers" in run(db, "stats").stdout
