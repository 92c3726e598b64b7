"""Blind review through the exports, and the pace figures (seconds under the cursor)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from claimdesk.blind import visible_current, visible_marks
from claimdesk.export import export_json, render
from claimdesk.merge import merge_into
from claimdesk.model import Claim, Layout, Mark, Report, Verdict
from claimdesk.pace import pace_of
from claimdesk.store import ReviewStore
from claimdesk.store.records import InvalidRecord


def one_report(store: ReviewStore) -> str:
    claims = tuple(Claim(i, f"Model M reaches {i}0% on bench B{i}", None, None) for i in range(1, 4))
    store.add_reports([Report(id="r1", layout=Layout.JSON, title="Report r1", claims=claims)])
    return "r1"


def mark(reviewer: str, claim: int, at: str, seconds: float | None = None, report: str = "r1") -> Mark:
    return Mark(id=f"{reviewer}{claim}{at}", report_id=report, claim=claim, claim_key=f"k{claim}",
                verdict=Verdict.CONFIRMED, note="", reviewer=reviewer, at=at, seconds=seconds)


def test_visible_marks_hides_others_until_you_mark_the_claim() -> None:
    marks = [mark("ann", 1, "1"), mark("bob", 1, "2"), mark("bob", 2, "3"), mark("ann", 3, "4")]
    assert visible_marks(marks, "ann", blind=False) == marks
    seen = visible_marks(marks, "ann", blind=True)
    assert [(m.reviewer, m.claim) for m in seen] == [("ann", 1), ("bob", 1), ("ann", 3)]
    assert [(m.reviewer, m.claim) for m in visible_marks(marks, "carol", blind=True)] == []
    current = {(1, "ann"): marks[0], (1, "bob"): marks[1], (2, "bob"): marks[2]}
    assert visible_current(current, marks, "ann", blind=True) == {(1, "ann"): marks[0], (1, "bob"): marks[1]}
    assert visible_current(current, marks, "ann", blind=False) == current


def cli(*args: str, db: Path, reviewer: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CLAIMDESK_REVIEWER": reviewer, "CLAIMDESK_DB": str(db)}
    return subprocess.run([sys.executable, "-m", "claimdesk", *args], capture_output=True, text=True, env=env, timeout=120)


def test_blind_exports_show_others_marks_only_on_claims_you_marked(tmp_path: Path) -> None:
    db = tmp_path / "db"
    store = ReviewStore(db)
    rid = one_report(store)
    store.add_mark(rid, 1, "disputed", "ann's secret reason", reviewer="ann")
    store.add_mark(rid, 2, "confirmed", "ann on two", reviewer="ann")
    assert cli("config", "blind", "on", db=db, reviewer="bob").returncode == 0
    assert store.settings().blind

    for fmt in ("json", "csv", "markdown", "claimreview"):
        done = cli("export", "--format", fmt, db=db, reviewer="bob")
        assert done.returncode == 0, done.stderr
        assert "ann's secret reason" not in done.stdout and "ann on two" not in done.stdout, fmt
        assert "2 marks by other reviewers left out until bob marks those claims" in done.stderr
    store.add_mark(rid, 1, "confirmed", reviewer="bob")
    done = cli("export", "--format", "json", db=db, reviewer="bob")
    shown = {(m["reviewer"], m["claim"]) for m in json.loads(done.stdout)["reports"][0]["marks"]}
    assert shown == {("ann", 1), ("bob", 1)}  # claim 2: bob has not marked it yet
    conflicts = cli("conflicts", db=db, reviewer="bob")
    assert "ann" in conflicts.stdout and "bob" in conflicts.stdout
    # carol has marked nothing: blind, she is shown no conflict between the others.
    assert "No conflicts" in cli("conflicts", db=db, reviewer="carol").stdout
    # Ann sees everything she may: bob's mark on claim 1, which she marked too.
    done = cli("export", "--format", "csv", db=db, reviewer="ann")
    assert "ann on two" in done.stdout and ",bob," in done.stdout
    # Blind off: everything, for everyone.
    assert cli("config", "blind", "off", db=db, reviewer="bob").returncode == 0
    assert "ann on two" in cli("export", "--format", "markdown", db=db, reviewer="carol").stdout


def test_config_refuses_a_bad_switch_and_a_missing_database(tmp_path: Path) -> None:
    done = cli("config", "blind", "on", db=tmp_path / "db", reviewer="ann")
    assert done.returncode == 2 and "no review database at" in done.stderr
    assert not (tmp_path / "db").exists()
    ReviewStore(tmp_path / "db")
    done = cli("config", "blind", "maybe", db=tmp_path / "db", reviewer="ann")
    assert done.returncode == 2 and "blind is on or off" in done.stderr
    assert cli("config", "blind", db=tmp_path / "db", reviewer="ann").stdout == "off\n"


# --- pace


def test_seconds_round_trip_through_store_export_and_merge(tmp_path: Path) -> None:
    a = ReviewStore(tmp_path / "a")
    rid = one_report(a)
    a.add_mark(rid, 1, "confirmed", reviewer="ann", seconds=12.25)
    a.add_mark(rid, 2, "confirmed", reviewer="ann")
    assert [m.seconds for m in ReviewStore(a.root).marks(rid)] == [12.25, None]
    exported = export_json(a)["reports"][0]["marks"]
    assert [m["seconds"] for m in exported] == [12.25, None]
    b = ReviewStore(tmp_path / "b")
    merge_into(b, a)
    assert [m.seconds for m in b.marks(rid)] == [12.25, None]
    with pytest.raises(InvalidRecord):
        a.add_mark(rid, 1, "confirmed", reviewer="ann", seconds=-1)
    assert len(a.marks(rid)) == 2


def test_the_export_with_seconds_meets_the_contract(tmp_path: Path) -> None:
    import jsonschema
    from conftest import load_schema

    store = ReviewStore(tmp_path / "db")
    rid = one_report(store)
    store.add_mark(rid, 1, "confirmed", reviewer="ann", seconds=3.5)
    jsonschema.validate(json.loads(render(store, "json")), load_schema("export"))


def test_pace_per_reviewer_and_per_report() -> None:
    marks = [
        mark("ann", 1, "1", 30.0),
        mark("ann", 1, "2", 10.0),  # back to the same claim: 40 s on it
        mark("ann", 2, "3", 20.0),
        mark("ann", 3, "4", None),  # the command line: not timed
        mark("bob", 1, "5", 60.0, report="r2"),
    ]
    pace = pace_of(marks)
    ann, bob = pace.reviewers
    assert (ann.reviewer, ann.claims, ann.seconds, ann.median_seconds) == ("ann", 2, 60.0, 30.0)
    assert ann.claims_per_hour == pytest.approx(120.0)
    assert (bob.claims, bob.claims_per_hour) == (1, pytest.approx(60.0))
    assert [(r.report_id, r.reviewer, r.claims, r.seconds) for r in pace.reports] == [
        ("r1", "ann", 2, 60.0),
        ("r2", "bob", 1, 60.0),
    ]
    assert pace.median_report_seconds == 60.0
    assert not pace_of([mark("ann", 1, "1")]).timed


def test_stats_shows_pace(tmp_path: Path) -> None:
    store = ReviewStore(tmp_path / "db")
    rid = one_report(store)
    store.add_mark(rid, 1, "confirmed", reviewer="ann", seconds=30)
    store.add_mark(rid, 2, "confirmed", reviewer="ann", seconds=90)
    done = cli("stats", db=store.root, reviewer="ann")
    assert "ann: 60 claims per hour, median 60 s per claim (2 timed claims)" in done.stdout
    assert "a report takes a reviewer 2.0 min" in done.stdout
    figures = json.loads(cli("stats", "--json", db=store.root, reviewer="ann").stdout)["pace"]
    assert figures["reviewers"][0]["median_seconds"] == 60.0


def test_sync_blind_and_pace_do_not_import_textual() -> None:
    from conftest import REPO

    code = (
        "import sys\n"
        "import claimdesk.sync, claimdesk.synclog, claimdesk.blind, claimdesk.pace, claimdesk.cli.sync_cmd\n"
        "print(any(m == 'textual' or m.startswith('textual.') for m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env={"PYTHONPATH": str(REPO / "src")}, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"
