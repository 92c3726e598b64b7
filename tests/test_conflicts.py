"""Conflicts: claims whose current marks disagree, listed exactly."""

from __future__ import annotations

import pytest

from claimdesk.conflicts import find_conflicts
from claimdesk.model import Claim, Layout, Mark, Report, Verdict

REPORT = Report(
    id="r1",
    layout=Layout.PAPER,
    title="t",
    claims=tuple(Claim(i, f"claim text {i}", None, None) for i in range(1, 5)),
)


def mark(claim: int, reviewer: str, verdict: str, at: str, note: str = "") -> Mark:
    return Mark(id=f"{claim}{reviewer}{at}", report_id="r1", claim=claim, claim_key=f"k{claim}",
                verdict=Verdict(verdict), note=note, reviewer=reviewer, at=at)


def current(*marks: Mark) -> dict[tuple[int, str], Mark]:
    return {(m.claim, m.reviewer): m for m in marks}


def test_only_disagreeing_claims_are_listed_with_every_mark():
    marks = current(
        mark(1, "alice", "confirmed", "2026-06-01T10:00:00Z"),
        mark(1, "bob", "confirmed", "2026-06-01T10:01:00Z"),  # agree: no conflict
        mark(2, "bob", "disputed", "2026-06-01T10:03:00Z", "Table 2 says 59.6"),
        mark(2, "alice", "confirmed", "2026-06-01T10:02:00Z", "matches abstract"),
        mark(3, "alice", "unsupported", "2026-06-01T10:04:00Z"),  # alone: no conflict
        mark(4, "alice", "needs-check", "2026-06-01T10:05:00Z"),
        mark(4, "carol", "cleared", "2026-06-01T10:06:00Z"),  # withdrawn: not a verdict
    )
    found = find_conflicts("r1", marks, REPORT)
    assert [c.to_dict() for c in found] == [
        {
            "report": "r1",
            "claim": 2,
            "claim_text": "claim text 2",
            "marks": [
                {"reviewer": "alice", "verdict": "confirmed", "note": "matches abstract", "at": "2026-06-01T10:02:00Z"},
                {"reviewer": "bob", "verdict": "disputed", "note": "Table 2 says 59.6", "at": "2026-06-01T10:03:00Z"},
            ],
        }
    ]
    assert found[0].verdicts == {"alice": "confirmed", "bob": "disputed"}


def test_a_new_mark_resolves_the_conflict():
    before = current(mark(2, "alice", "confirmed", "t1"), mark(2, "bob", "disputed", "t2"))
    assert len(find_conflicts("r1", before, REPORT)) == 1
    after = dict(before)
    after[(2, "alice")] = mark(2, "alice", "disputed", "t3", "agreed after discussion")
    assert find_conflicts("r1", after, REPORT) == []


def test_three_reviewers_two_of_whom_agree_is_still_a_conflict():
    marks = current(mark(1, "a", "confirmed", "t1"), mark(1, "b", "confirmed", "t2"), mark(1, "c", "unsupported", "t3"))
    [conflict] = find_conflicts("r1", marks, REPORT)
    assert [m.reviewer for m in conflict.marks] == ["a", "b", "c"]


@pytest.mark.parametrize("reviewer, expected", [("bob", [2]), ("carol", [3]), ("alice", [2, 3]), ("dave", [])])
def test_reviewer_filter_keeps_conflicts_they_take_part_in(reviewer, expected):
    marks = current(
        mark(2, "alice", "confirmed", "t1"), mark(2, "bob", "disputed", "t2"),
        mark(3, "alice", "confirmed", "t3"), mark(3, "carol", "needs-check", "t4"),
    )
    assert [c.claim for c in find_conflicts("r1", marks, REPORT, reviewer=reviewer)] == expected


def test_claim_missing_from_snapshot_has_empty_text():
    marks = current(mark(9, "a", "confirmed", "t1"), mark(9, "b", "disputed", "t2"))
    [conflict] = find_conflicts("r1", marks, REPORT)
    assert conflict.claim_text == ""


# --- the command, on a real database ------------------------------------------------

import orjson  # noqa: E402
from click.testing import CliRunner  # noqa: E402

from claimdesk.cli.team_cmd import conflicts  # noqa: E402
from claimdesk.store import ReviewStore  # noqa: E402

from conftest import SAMPLES, SEEDS  # noqa: E402


@pytest.fixture
def reviewed_db(tmp_path):
    """Seeds 001 and 004 imported; alice, bob and carol mark some claims."""
    store = ReviewStore(tmp_path / "db")
    store.import_paths([next(SEEDS.glob("001_*")), next(SEEDS.glob("004_*"))])
    r001 = store.resolve("001_")
    r004 = store.resolve("004_")
    store.add_mark(r001, 1, "confirmed", "pass@1 matches table 3", reviewer="alice")
    store.add_mark(r001, 1, "disputed", "table 3 says 92.1", reviewer="bob")
    store.add_mark(r001, 2, "confirmed", reviewer="alice")
    store.add_mark(r001, 2, "confirmed", reviewer="bob")  # agreement: not listed
    store.add_mark(r004, 3, "unsupported", reviewer="alice")
    store.add_mark(r004, 3, "disputed", reviewer="carol")  # carol first disagrees...
    store.add_mark(r004, 5, "needs-check", reviewer="bob")
    store.add_mark(r004, 5, "confirmed", reviewer="carol")
    store.add_mark(r004, 5, "cleared", reviewer="carol")  # ...then withdraws: not listed
    return tmp_path / "db", store, r001, r004


def test_conflicts_json_lists_exactly_the_disagreements(reviewed_db):
    db, store, r001, r004 = reviewed_db
    result = CliRunner().invoke(conflicts, ["--json", "--db", str(db)])
    assert result.exit_code == 0, result.output
    data = orjson.loads(result.stdout)
    assert [(c["report"], c["claim"]) for c in data] == [(r001, 1), (r004, 3)]
    first = data[0]
    assert first["claim_text"] == "o1-mini achieves 96.2% pass@1 on HumanEval."
    assert [(m["reviewer"], m["verdict"], m["note"]) for m in first["marks"]] == [
        ("alice", "confirmed", "pass@1 matches table 3"),
        ("bob", "disputed", "table 3 says 92.1"),
    ]
    assert all(m["at"] for m in first["marks"])
    assert [(m["reviewer"], m["verdict"]) for m in data[1]["marks"]] == [("alice", "unsupported"), ("carol", "disputed")]


def test_conflicts_filters_and_resolution(reviewed_db):
    db, store, r001, r004 = reviewed_db
    runner = CliRunner()
    only_004 = orjson.loads(runner.invoke(conflicts, ["--json", "--report", "004", "--db", str(db)]).stdout)
    assert [(c["report"], c["claim"]) for c in only_004] == [(r004, 3)]
    bobs = orjson.loads(runner.invoke(conflicts, ["--json", "--involving", "bob", "--db", str(db)]).stdout)
    assert [(c["report"], c["claim"]) for c in bobs] == [(r001, 1)]
    # resolving = a new mark; the older marks are all still kept
    store.add_mark(r001, 1, "disputed", "agreed: 92.1", reviewer="alice")
    after = orjson.loads(runner.invoke(conflicts, ["--json", "--db", str(db)]).stdout)
    assert [(c["report"], c["claim"]) for c in after] == [(r004, 3)]
    assert len(store.marks(r001)) == 5


def test_conflicts_text_output_for_a_person(reviewed_db):
    db, _, r001, _ = reviewed_db
    result = CliRunner().invoke(conflicts, ["--db", str(db)])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == f"{r001}  claim 1: o1-mini achieves 96.2% pass@1 on HumanEval."
    assert "alice" in lines[1] and "confirmed" in lines[1] and "pass@1 matches table 3" in lines[1]
    assert "bob" in lines[2] and "disputed" in lines[2]
    assert lines[-1] == "2 conflicting claims in 2 reports"


def test_conflicts_on_an_empty_database_and_a_bad_report(tmp_path):
    runner = CliRunner()
    ReviewStore(tmp_path / "db")  # an empty database (a new path is refused: conflicts never creates one)
    empty = runner.invoke(conflicts, ["--db", str(tmp_path / "db")])
    assert empty.exit_code == 0 and "No conflicts" in empty.stdout
    assert orjson.loads(runner.invoke(conflicts, ["--json", "--db", str(tmp_path / "db")]).stdout) == []
    bad = runner.invoke(conflicts, ["--report", "nope", "--db", str(tmp_path / "db")])
    assert bad.exit_code != 0 and "no report 'nope'" in str(bad.exception)



def test_conflicts_json_is_the_whole_list_dumped_at_once(reviewed_db):
    """Written a report at a time, the JSON is byte for byte the list dumped whole (hostile note too)."""
    from claimdesk.conflicts import library_conflicts
    from claimdesk.sanitize import inert_json

    db, store, r001, _ = reviewed_db
    store.add_mark(r001, 2, "unsupported", "\x1b[31mred\x1b[0m \u202e</script>", reviewer="carol")
    result = CliRunner().invoke(conflicts, ["--json", "--db", str(db)])
    assert result.exit_code == 0, result.output
    whole = [c.to_dict() for c in library_conflicts(ReviewStore(db))]
    assert len(whole) == 3
    assert result.stdout_bytes == (inert_json(orjson.dumps(whole, option=orjson.OPT_INDENT_2).decode()) + "\n").encode()
    assert "\x1b" not in result.stdout


def test_conflicts_are_rendered_a_report_at_a_time_and_printed_by_report_id(tmp_path):
    """Each render sees one report's conflicts; the reports come out in id order whatever
    the order of their review files."""
    from claimdesk.conflicts import rendered_conflicts

    store = ReviewStore(tmp_path / "db")
    store.import_paths([SAMPLES])
    ids = sorted(rid for rid in store.report_ids() if store.report(rid).claims)[:8]
    for rid in ids:
        store.add_mark(rid, 1, "confirmed", reviewer="alice")
        store.add_mark(rid, 1, "disputed", reviewer="bob")
    seen: list[list[str]] = []

    def render(found):
        seen.append([c.report_id for c in found])
        return found[0].report_id + "\n"

    texts = list(rendered_conflicts(store, render))
    assert texts == [rid + "\n" for rid in ids]
    assert sorted(group[0] for group in seen) == ids and all(len(set(g)) == 1 for g in seen)
    lines = CliRunner().invoke(conflicts, ["--db", str(tmp_path / "db")]).stdout.splitlines()
    assert [line.split()[0] for line in lines if not line.startswith(" ")][:-1] == ids
    assert lines[-1] == f"{len(ids)} conflicting claims in {len(ids)} reports"


def test_no_conflicts_says_which_filter_found_none(reviewed_db):
    db, _, r001, r004 = reviewed_db
    runner = CliRunner()
    from claimdesk.cli import cli

    nobody = runner.invoke(cli, ["conflicts", "--involving", "nobody", "--db", str(db)])
    assert nobody.stdout == "No conflicts involving nobody.\n"
    store = ReviewStore(db)
    store.add_mark(r001, 1, "disputed", reviewer="alice")
    one = runner.invoke(cli, ["conflicts", "--report", "001", "--db", str(db)])
    assert one.stdout == f"No conflicts in {r001}: every claim's current marks agree.\n"
