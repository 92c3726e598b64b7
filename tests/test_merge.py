"""Merging review databases: a union by record id that is idempotent, order-independent and lossless."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import orjson
import pytest
from click.testing import CliRunner

from claimdesk.cli.team_cmd import merge
from claimdesk.merge import merge_into
from claimdesk.model import Claim, CorrectionType, Layout, Report, TriageDecision, Verdict
from claimdesk.store import ReviewStore

VERDICTS = ["confirmed", "disputed", "unsupported", "needs-check", "cleared"]
REVIEWERS = ["alice", "bob", "carol"]


def write_reports(folder: Path, ids: list[str], variant: str = "") -> Path:
    """Report-JSON files; ``variant`` changes every claim text (same ids, other content)."""
    folder.mkdir(parents=True, exist_ok=True)
    for rid in ids:
        number = int(rid[-3:])
        claims = tuple(
            Claim(i, f"Model M{number}-{i} reaches {number + i * 1.5:.1f}% on bench B{i}{variant}", None, None)
            for i in range(1, 6)
        )
        report = Report(id=rid, layout=Layout.JSON, title=f"Generated report {rid}", claims=claims)
        (folder / f"{rid}.json").write_bytes(orjson.dumps(report.to_dict()))
    return folder


def review_randomly(store: ReviewStore, rng: random.Random, count: int) -> None:
    """Random marks, triage decisions and correction events on the store's reports."""
    ids = sorted(s.id for s in store.summaries())
    for _ in range(count):
        rid = rng.choice(ids)
        reviewer = rng.choice(REVIEWERS)
        roll = rng.random()
        if roll < 0.8:
            store.add_mark(rid, rng.randint(1, 5), Verdict(rng.choice(VERDICTS)),
                           f"note {rng.randint(0, 99)}", reviewer=reviewer)
        elif roll < 0.9:
            store.add_triage(rid, rng.choice(list(TriageDecision)), "", reviewer=reviewer)
        else:
            store.add_correction(rid, rng.choice(list(CorrectionType)), f"fix {rng.randint(0, 99)}",
                                 reviewer=reviewer)


def content(store: ReviewStore) -> dict:
    """Everything a merge must preserve, in an order-free form."""
    out = {}
    for summary in store.summaries():
        rid = summary.id
        out[rid] = {
            "snapshot": store.report(rid).to_dict(),
            "hash": store.content_hash(rid),
            "marks": sorted(store.marks(rid), key=lambda m: m.id),
            "triage": sorted(store.triage(rid), key=lambda t: t.id),
            "corrections": sorted(store.corrections(rid), key=lambda c: c.event_id),
            "current": sorted(store.current_marks(rid).items()),
        }
    return out


def record_ids(store: ReviewStore) -> set[tuple[str, str]]:
    ids = set()
    for summary in store.summaries():
        ids |= {("mark", m.id) for m in store.marks(summary.id)}
        ids |= {("triage", t.id) for t in store.triage(summary.id)}
        ids |= {("correction", c.event_id) for c in store.corrections(summary.id)}
    return ids


@pytest.fixture(params=[20260601, 7])
def pair(tmp_path: Path, request) -> tuple[Path, Path]:
    """Two databases with a shared history, then work of their own, some reports on one side only."""
    rng = random.Random(request.param)
    base = ReviewStore(tmp_path / "base")
    base.import_paths([write_reports(tmp_path / "files-base", [f"rep{n:03d}" for n in range(1, 6)])])
    review_randomly(base, rng, 40)
    shutil.copytree(tmp_path / "base", tmp_path / "a")
    shutil.copytree(tmp_path / "base", tmp_path / "b")
    a = ReviewStore(tmp_path / "a")
    b = ReviewStore(tmp_path / "b")
    a.import_paths([write_reports(tmp_path / "files-a", ["rep006", "rep007"])])
    b.import_paths([write_reports(tmp_path / "files-b", ["rep008"])])
    review_randomly(a, rng, 60)
    review_randomly(b, rng, 60)
    return tmp_path / "a", tmp_path / "b"


def merged(tmp_path: Path, first: Path, second: Path, name: str) -> ReviewStore:
    shutil.copytree(first, tmp_path / name)
    target = ReviewStore(tmp_path / name)
    merge_into(target, ReviewStore(second))
    return target


def test_merge_loses_nothing_and_duplicates_nothing(tmp_path, pair):
    a_path, b_path = pair
    a, b = ReviewStore(a_path), ReviewStore(b_path)
    expected = record_ids(a) | record_ids(b)
    ab = merged(tmp_path, a_path, b_path, "ab")
    assert record_ids(ab) == expected
    for summary in ab.summaries():  # no record twice
        ids = [m.id for m in ab.marks(summary.id)]
        assert len(ids) == len(set(ids))
    assert {s.id for s in ab.summaries()} == {f"rep{n:03d}" for n in range(1, 9)}
    # each record arrives intact: reviewer, verdict, note and time as written
    before = {m.id: m for s in b.summaries() for m in b.marks(s.id)}
    after = {m.id: m for s in ab.summaries() for m in ab.marks(s.id)}
    assert all(after[mid] == mark for mid, mark in before.items())


def test_merge_is_order_independent(tmp_path, pair):
    a_path, b_path = pair
    ab = merged(tmp_path, a_path, b_path, "ab")
    ba = merged(tmp_path, b_path, a_path, "ba")
    assert content(ab) == content(ba)


def test_merging_twice_changes_nothing(tmp_path, pair):
    a_path, b_path = pair
    ab = merged(tmp_path, a_path, b_path, "ab")
    once = content(ab)
    second = merge_into(ab, ReviewStore(b_path))
    assert not second.changed
    assert (second.marks_added, second.triage_added, second.corrections_added) == (0, 0, 0)
    assert content(ReviewStore(tmp_path / "ab")) == once
    # and merging the result back into a copy of B gives the same content as well
    bab = merged(tmp_path, b_path, tmp_path / "ab", "bab")
    assert content(bab) == once


def test_summary_counts_what_came_in(tmp_path, pair):
    a_path, b_path = pair
    a, b = ReviewStore(a_path), ReviewStore(b_path)
    new = record_ids(b) - record_ids(a)
    shutil.copytree(a_path, tmp_path / "t")
    result = merge_into(ReviewStore(tmp_path / "t"), b)
    assert result.reports_added == ["rep008"]
    assert result.reports_conflicting == []
    assert result.marks_added == sum(1 for kind, _ in new if kind == "mark")
    assert result.triage_added == sum(1 for kind, _ in new if kind == "triage")
    assert result.corrections_added == sum(1 for kind, _ in new if kind == "correction")


def test_conflicting_report_is_listed_kept_and_its_marks_still_merged(tmp_path):
    here = ReviewStore(tmp_path / "here")
    here.import_paths([write_reports(tmp_path / "h", ["rep001"])])
    there = ReviewStore(tmp_path / "there")
    there.import_paths([write_reports(tmp_path / "t", ["rep001"], variant=" (revised)")])
    # claim 1 differs between the versions; a claim both share would follow by its text key
    mark = there.add_mark("rep001", 1, Verdict.DISPUTED, "revised figure", reviewer="bob")
    snapshot = here.report("rep001").to_dict()
    result = merge_into(here, there)
    assert result.reports_conflicting == ["rep001"] and result.reports_added == []
    assert result.marks_added == 1
    assert here.report("rep001").to_dict() == snapshot  # not overwritten
    assert [m.id for m in here.marks("rep001")] == [mark.id]  # kept (not current: its claim text differs)


def test_cli_merge_prints_a_summary_and_is_idempotent(tmp_path, pair):
    a_path, b_path = pair
    runner = CliRunner()
    first = runner.invoke(merge, [str(b_path), "--db", str(a_path)])
    assert first.exit_code == 0, first.output
    assert "1 copied in" in first.output and "added" in first.output
    again = runner.invoke(merge, [str(b_path), "--db", str(a_path), "--json"])
    assert again.exit_code == 0
    data = orjson.loads(again.stdout)
    assert data["marks_added"] == data["triage_added"] == data["corrections_added"] == 0
    assert data["reports_added"] == []


def test_cli_merge_refuses_itself_and_missing_databases(tmp_path, pair):
    a_path, _ = pair
    runner = CliRunner()
    itself = runner.invoke(merge, [str(a_path), "--db", str(a_path)])
    assert itself.exit_code != 0 and "this database" in str(itself.exception)
    missing = runner.invoke(merge, [str(tmp_path / "nope"), "--db", str(a_path)])
    assert missing.exit_code == 2 and "does not exist" in missing.output


def test_a_summary_names_the_first_conflicting_reports_and_counts_the_rest() -> None:
    from claimdesk.merge import SHOWN_CONFLICTS, MergeResult

    many = MergeResult(reports_seen=500, reports_conflicting=[f"r{i:03d}" for i in range(500)])
    lines = many.lines()
    assert sum(line.startswith("  r") for line in lines) == SHOWN_CONFLICTS
    assert f"  … and {500 - SHOWN_CONFLICTS} more (--json lists every one)" in lines
    assert len(many.to_dict()["reports_conflicting"]) == 500
    few = MergeResult(reports_seen=3, reports_conflicting=["a", "b"])
    assert [line for line in few.lines() if line.startswith("  ")] == ["  a", "  b"]


def test_a_merge_reads_one_review_file_at_a_time_on_each_side(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Both libraries file a report's records by the same hash of its id: the merge walks the
    other library a review file at a time and lets go of both sides' file after it."""
    import dataclasses

    from conftest import seed_folder

    from claimdesk.store import MarkRequest

    a, b = ReviewStore(tmp_path / "a"), ReviewStore(tmp_path / "b")
    a.import_paths([seed_folder(tmp_path)])
    template = a.report("001_c07bb58f8e3503ce")
    a.add_reports([dataclasses.replace(template, id=f"r{i:02d}") for i in range(30)], run_checks=False)
    a.add_marks([MarkRequest(f"r{i:02d}", 1 + i % 3, "disputed", reviewer="ann") for i in range(30)])
    held: list[int] = []
    real = ReviewStore.reviews

    def watched(self: ReviewStore, rid: str):
        held.append(len(self._reviews._cache))
        return real(self, rid)

    monkeypatch.setattr(ReviewStore, "reviews", watched)
    result = merge_into(b, a)
    assert result.marks_added == 30 and len(result.reports_added) == 34
    assert held and max(held) <= 1, held
    assert sorted(m.id for rid in a.reviewed_ids() for m in a.marks(rid)) == sorted(
        m.id for rid in b.reviewed_ids() for m in ReviewStore(b.root).marks(rid))


@pytest.mark.parametrize(
    ("field", "value", "says"),
    [
        ("reviewer", "\x1b[31mmal\u202eory\n", "its reviewer name may not hold control characters"),
        ("reviewer", "mallory\nbob  confirmed", "its reviewer name may not hold control characters"),
        ("at", "2026-12-02T07:00:00\x1b[2J+00:00", "is not an ISO 8601 time stamp"),
        ("at", "yesterday", "is not an ISO 8601 time stamp"),
        ("note", "fine\x1b]52;c;eA==\x07", "its note holds control characters"),
    ],
)
def test_a_record_the_store_would_not_write_stops_the_merge_with_nothing_changed(tmp_path, pair, field, value, says):
    """A database edited by other means (or sent through a sync remote) cannot forge listing lines."""
    a, b = pair
    known = {mark_id for kind, mark_id in record_ids(ReviewStore(a)) if kind == "mark"}
    forged, key, data = next(
        (path, key, data)
        for path in sorted((b / "reviews").glob("*.json"))
        for data in [orjson.loads(path.read_bytes())]
        for key, doc in (data.get("marks") or {}).items()
        if doc["id"] not in known  # a mark made in b alone: one the merge brings in
    )
    data["marks"][key][field] = value
    forged.write_bytes(orjson.dumps(data))
    before = {p: p.read_bytes() for p in sorted(a.rglob("*")) if p.is_file() and p.name != "lock"}
    from claimdesk.cli import cli

    result = CliRunner().invoke(cli, ["merge", str(b), "--db", str(a)])
    assert result.exit_code == 2, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and says in lines[0] and "nothing was merged" in lines[0]
    assert "\x1b" not in result.output and "\u202e" not in result.output
    after = {p: p.read_bytes() for p in sorted(a.rglob("*")) if p.is_file() and p.name != "lock"}
    assert after == before
