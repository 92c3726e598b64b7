"""The review commands as a person runs them: import, mark (single and batch), triage, correct, export, stats."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import seed_folder

from claimdesk.store import ReviewStore



PAPER = "001_c07bb58f8e3503ce"


def claimdesk(*args: str, db: Path, stdin: str | None = None, reviewer: str = "ann") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CLAIMDESK_REVIEWER": reviewer, "CLAIMDESK_DB": str(db)}
    return subprocess.run(
        [sys.executable, "-m", "claimdesk", *args], input=stdin, capture_output=True, text=True, env=env, timeout=120
    )


def files_of(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file() and p.name != "lock"}


@pytest.fixture
def db(db_path: Path, tmp_path: Path) -> Path:
    ReviewStore(db_path).import_paths([seed_folder(tmp_path)])
    return db_path


def test_import_lists_each_bad_file_and_exits_1(db_path: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_text("hello\n")
    seeds = seed_folder(tmp_path)
    run = claimdesk("import", str(seeds), str(bad), db=db_path)
    assert run.returncode == 1
    assert re.search(rf"^{re.escape(str(bad))}: \S", run.stderr, re.M)
    assert "imported 4 new, 0 updated, 0 unchanged, 1 failed" in run.stdout
    again = claimdesk("import", str(seeds), db=db_path)
    assert again.returncode == 0 and "0 new, 0 updated, 4 unchanged, 0 failed" in again.stdout


def test_mark_saves_and_says_so(db: Path) -> None:
    run = claimdesk("mark", "001", "2", "disputed", "--note", "95.1 in the source", db=db)
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("saved disputed on claim 2 of 001_c07bb58f8e3503ce by ann")
    (mark,) = ReviewStore(db).marks(PAPER)
    assert (mark.claim, mark.verdict.value, mark.note, mark.reviewer) == (2, "disputed", "95.1 in the source", "ann")


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("nope", "1", "confirmed"), "no report 'nope'"),
        (("0", "1", "confirmed"), "matches 4 reports"),
        (("001", "16", "confirmed"), "no claim 16"),
        (("001", "two", "confirmed"), "whole number"),
        (("001", "1", "correct"), "unknown verdict 'correct'"),
        (("000", "1", "confirmed"), "no claim table"),
    ],
)
def test_a_bad_mark_exits_2_and_writes_nothing(db: Path, args: tuple[str, ...], says: str) -> None:
    before = files_of(db)
    run = claimdesk("mark", *args, db=db)
    assert run.returncode == 2
    assert run.stderr.startswith("claimdesk: ") and says in run.stderr and "Traceback" not in run.stderr
    assert files_of(db) == before


def test_mark_never_creates_a_database(tmp_path: Path) -> None:
    run = claimdesk("mark", "001", "1", "confirmed", db=tmp_path / "nowhere")
    assert run.returncode == 2 and "claimdesk import" in run.stderr
    assert not (tmp_path / "nowhere").exists()


def test_batch_acknowledges_good_lines_and_names_bad_ones(db: Path) -> None:
    lines = [
        {"report": "001", "claim": 1, "verdict": "confirmed"},
        {"report": "001", "claim": 99, "verdict": "confirmed"},
        "not json",
        {"report": "003", "claim": 2, "verdict": "maybe"},
        {"report": "004", "claim": 3, "verdict": "needs-check", "note": "check table 2"},
        {"claim": 3, "verdict": "disputed"},
    ]
    text = "".join((line if isinstance(line, str) else json.dumps(line)) + "\n" for line in lines)
    run = claimdesk("mark", "--batch", "-", db=db, stdin=text)
    assert run.returncode == 1
    assert run.stdout.splitlines() == ["saved 1", "saved 5"]
    errors = run.stderr.splitlines()
    assert [e.split(":")[0] for e in errors] == ["error 2", "error 3", "error 4", "error 6"]
    assert "no claim 99" in errors[0] and "unknown verdict" in errors[2] and "missing report" in errors[3]
    store = ReviewStore(db)
    assert [m.note for m in store.marks("004_a9b6704b1e66c2ae")] == ["check table 2"]
    assert len(store.marks(PAPER)) == 1


def test_batch_from_a_file_exits_0_when_every_line_is_saved(db: Path, tmp_path: Path) -> None:
    batch = tmp_path / "marks.jsonl"
    batch.write_text("".join(json.dumps({"report": PAPER, "claim": n, "verdict": "confirmed"}) + "\n" for n in range(1, 16)))
    run = claimdesk("mark", "--batch", str(batch), db=db, reviewer="bob")
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == [w for n in range(1, 16) for w in ("saved", str(n))]
    assert ReviewStore(db).progress("bob") == {PAPER: 15}


def test_triage_and_correct(db: Path) -> None:
    assert claimdesk("triage", "001", "quarantine", "--note", "counts disagree", db=db).returncode == 0
    assert claimdesk("triage", "001", "burn", db=db).returncode == 2
    first = claimdesk("correct", "001", "--type", "CLAIM", "--note", "claim 2 is 95.1", "--claim", "2", "--field", "claims", db=db)
    assert first.returncode == 0, first.stderr
    event_id = first.stdout.strip()
    assert re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}", event_id)
    answer = claimdesk("correct", "001", "--type", "METADATA", "--note", "filed as CLAIM by mistake", "--supersedes", event_id, db=db)
    assert answer.returncode == 0
    for bad in (
        ("--type", "CLAIM", "--note", "  "),
        ("--type", "TYPO", "--note", "x"),
        ("--type", "CLAIM", "--note", "x", "--supersedes", "no-such-event"),
        ("--type", "CLAIM", "--note", "x", "--claim", "40"),
        ("--type", "CLAIM"),
        ("--type", "CLAIM", "--note", "x", "--field", ""),
        ("--type", "CLAIM", "--note", "x", "--field", "claims", "--field", "  "),
    ):
        assert claimdesk("correct", "001", *bad, db=db).returncode == 2, bad
    store = ReviewStore(db)
    assert [e.supersedes for e in store.corrections(PAPER)] == [None, event_id]
    assert [t.decision.value for t in store.triage(PAPER)] == ["quarantine"]


def test_export_to_a_file_and_stats(db: Path, tmp_path: Path) -> None:
    claimdesk("mark", "001", "2", "disputed", db=db)
    claimdesk("mark", "001", "2", "confirmed", db=db, reviewer="bob")
    out = tmp_path / "export.json"
    run = claimdesk("export", "--format", "json", "-o", str(out), db=db)
    assert run.returncode == 0 and run.stdout == ""
    data = json.loads(out.read_text())
    assert data["schema"] == "claimdesk/export-v1" and len(data["reports"]) == 4
    assert claimdesk("export", "--format", "correction-record", db=db).returncode == 2
    assert claimdesk("export", "--format", "yaml", db=db).returncode == 2
    counts = json.loads(claimdesk("stats", "--json", db=db).stdout)
    assert counts["reports"] == 4 and counts["marked_claims"] == 1
    assert counts["by_verdict"]["disputed"] == 1 and counts["by_verdict"]["confirmed"] == 1
    assert counts["by_reviewer"] == {"ann": {"current": 1, "marks": 1}, "bob": {"current": 1, "marks": 1}}
    table = claimdesk("stats", db=db)
    assert table.returncode == 0 and "claims with a current mark" in table.stdout
