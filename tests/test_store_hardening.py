"""Defects an adversarial run found in the store: skewed clocks, colliding file names, damaged
files, symlinks and pipes in imported folders, a moved-aside library, and unbounded inputs."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import orjson
import pytest
from conftest import SEEDS, seed_folder

from claimdesk.errors import ClaimdeskError, DatabaseCorrupt
from claimdesk.store import InvalidRecord, MarkRequest, ReviewStore
from claimdesk.store.records import review_path

PAPER = "001_c07bb58f8e3503ce"
HOUR = 3600 * 10**6


@pytest.fixture
def store(db_path: Path, tmp_path: Path) -> ReviewStore:
    s = ReviewStore(db_path)
    assert not s.import_paths([seed_folder(tmp_path)]).failed
    return s


def run_cli(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run ``claimdesk ARGS`` in this process; (exit code, stdout, stderr). A traceback fails the test."""
    from claimdesk.cli import main

    monkeypatch.setattr(sys, "argv", ["claimdesk", *args])
    monkeypatch.setenv("CLAIMDESK_REVIEWER", "ann")
    code = 0
    try:
        main()
    except SystemExit as exc:
        code = int(exc.code or 0)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


# --- 6: the last mark made is the current one, whatever the clocks say


class Clock:
    def __init__(self, start: int = 1_900_000_000 * 10**6) -> None:
        self.now = start

    def __call__(self) -> int:
        self.now += 1
        return self.now


def test_a_clock_set_back_cannot_revive_an_old_verdict_and_cleared_clears(store: ReviewStore) -> None:
    clock = Clock()
    laptop = ReviewStore(store.root, clock=clock)
    laptop.add_mark(PAPER, 1, "disputed", reviewer="ann")
    clock.now -= HOUR  # the clock goes back an hour
    laptop.add_mark(PAPER, 1, "confirmed", reviewer="ann")
    current = ReviewStore(store.root).current_marks(PAPER)
    assert current[(1, "ann")].verdict.value == "confirmed"
    assert ReviewStore(store.root).progress("ann") == {PAPER: 1}
    clock.now -= HOUR
    laptop.add_mark(PAPER, 1, "cleared", reviewer="ann")
    assert ReviewStore(store.root).current_marks(PAPER) == {}
    assert ReviewStore(store.root).progress("ann") == {}
    assert [m.verdict.value for m in ReviewStore(store.root).marks(PAPER)] == ["disputed", "confirmed", "cleared"]


def test_the_order_holds_across_a_merge_from_a_database_with_a_slow_clock(store: ReviewStore, tmp_path: Path) -> None:
    from claimdesk.merge import merge_into

    ahead = Clock()
    office = ReviewStore(store.root, clock=ahead)
    office.add_mark(PAPER, 2, "disputed", reviewer="ann")
    behind = Clock(ahead.now - 2 * HOUR)
    laptop = ReviewStore(tmp_path / "laptop", clock=behind)
    merge_into(laptop, office)
    laptop.add_mark(PAPER, 2, "cleared", reviewer="ann")  # made last, stamped two hours "earlier"
    merge_into(office, laptop)
    assert ReviewStore(store.root).current_marks(PAPER) == {}


# --- 7: report identity


def test_two_files_with_one_stem_are_a_clash_naming_both_and_reimport_changes_nothing(
    db_path: Path, tmp_path: Path
) -> None:
    text = (SEEDS / f"{PAPER}.txt").read_bytes()
    for sub, extra in (("a", b""), ("b", b"\n\nA different ending.\n")):
        (tmp_path / "in" / sub).mkdir(parents=True)
        (tmp_path / "in" / sub / "report.txt").write_bytes(text + extra)
    store = ReviewStore(db_path)
    first = store.import_paths([tmp_path / "in"])
    assert first.added == ["report"]
    failed = dict(first.failed)
    reason = failed[str(tmp_path / "in" / "b" / "report.txt")]
    assert str(tmp_path / "in" / "a" / "report.txt") in reason
    for _ in range(2):
        again = store.import_paths([tmp_path / "in"])
        assert again.added == again.updated == [] and again.unchanged == ["report"]
    assert store.summary("report").version == 1
    later = store.import_paths([tmp_path / "in" / "b"])  # alone, while a/report.txt is still there
    assert later.updated == [] and str(tmp_path / "in" / "a" / "report.txt") in dict(later.failed)[
        str(tmp_path / "in" / "b" / "report.txt")
    ]
    assert store.summary("report").version == 1


def test_a_report_and_its_own_json_copy_do_not_flip(
    store: ReviewStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "pair"
    folder.mkdir()
    shutil.copy(SEEDS / f"{PAPER}.txt", folder)
    code, out, _ = run_cli(monkeypatch, capsys, "show", "--json", str(folder / f"{PAPER}.txt"))
    assert code == 0
    (folder / f"{PAPER}.json").write_text(out)
    fresh = ReviewStore(tmp_path / "pairdb")
    for _ in range(3):
        result = fresh.import_paths([folder])
        assert result.updated == []
    assert fresh.summary(PAPER).version == 1


# --- 10: damaged files: one message everywhere, nothing appended


def _damage(root: Path, how: str) -> Path:
    if how.endswith("folder is a file"):
        folder = root / how.split()[0]
        shutil.rmtree(folder)
        folder.write_text("not a folder")
        return folder
    if how == "lock is a folder":
        (root / "lock").unlink()
        (root / "lock").mkdir()
        (root / "lock" / "x").write_text("x")
        return root / "lock" / "x"
    bucket = review_path(root, PAPER)
    if how == "review file holds null":  # no records, yet not a file the store wrote
        bucket.write_bytes(b"null")
        return bucket
    data = orjson.loads(bucket.read_bytes())
    if how == "non-integer key":
        data["marks"] = {"one": next(iter(data["marks"].values()))}
    elif how == "row missing a field":
        key, doc = next(iter(data["marks"].items()))
        del doc["verdict"]
    elif how == "library row missing a field":
        from claimdesk.store.library import shard_path

        bucket = shard_path(root / "library", PAPER)
        data = orjson.loads(bucket.read_bytes())
        del data["rows"][PAPER]["title"]
    bucket.write_bytes(orjson.dumps(data))
    return bucket


COMMANDS = {
    "stats": ("stats",),
    "export": ("export", "--format", "csv"),
    "conflicts": ("conflicts",),
    "mark": ("mark", PAPER, "2", "confirmed"),
    "import": ("import", "SEEDS"),
    "merge": ("merge", "OTHER"),
}


@pytest.mark.parametrize("how", ["reviews folder is a file", "non-integer key", "row missing a field",
                                 "review file holds null", "library row missing a field", "library folder is a file",
                                 "index folder is a file", "snapshots folder is a file", "lock is a folder"])
@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_a_damaged_file_gives_one_line_and_is_left_untouched(
    store: ReviewStore,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    how: str,
    command: str,
) -> None:
    store.add_mark(PAPER, 1, "confirmed", reviewer="bob")
    other = ReviewStore(tmp_path / "other")
    other.import_paths([seed_folder(tmp_path)])
    other.add_mark(PAPER, 3, "disputed", reviewer="cy")
    damaged = _damage(store.root, how)
    before = damaged.read_bytes()
    args = [a.replace("SEEDS", str(seed_folder(tmp_path))).replace("OTHER", str(other.root)) for a in COMMANDS[command]]
    code, _, err = run_cli(monkeypatch, capsys, *args, "--db", str(store.root))
    if command == "import" and how in ("non-integer key", "row missing a field", "review file holds null"):
        assert code == 0 and damaged.read_bytes() == before  # import writes no review file
        return
    assert code != 0
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "is damaged" in lines[0] and "left untouched" in lines[0], err
    assert damaged.read_bytes() == before


# --- 11: import follows no symlink out of the folder and opens no pipe


def test_import_follows_no_symlinked_file_and_refuses_pipes_at_once(db_path: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    secret = outside / "secret.txt"
    secret.write_bytes((SEEDS / f"{PAPER}.txt").read_bytes())
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "link.txt").symlink_to(secret)
    os.mkfifo(folder / "pipe.txt")
    store = ReviewStore(db_path)
    result = store.import_paths([folder])  # a pipe opened for reading would block here for ever
    failed = dict(result.failed)
    assert "symbolic link" in failed[str(folder / "link.txt")]
    assert "not a regular file" in failed[str(folder / "pipe.txt")]
    assert result.added == [] and store.report_ids() == []


# --- 12: the library index moved aside


@pytest.mark.parametrize("aside", ["the library folder", "one shard"])
def test_with_the_library_index_moved_aside_reads_still_see_every_report_and_conflict(
    store: ReviewStore, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], aside: str
) -> None:
    from claimdesk.store.library import shard_path

    store.add_mark(PAPER, 1, "confirmed", reviewer="ann")
    store.add_mark(PAPER, 1, "disputed", reviewer="bob")
    ids = store.report_ids()
    moved = store.root / "library" if aside == "the library folder" else shard_path(store.root / "library", PAPER)
    moved.rename(moved.with_name(moved.name + ".aside"))
    code, out, err = run_cli(monkeypatch, capsys, "conflicts", "--db", str(store.root))
    assert code == 0 and "No conflicts" not in out and PAPER in out, (out, err)
    fresh = ReviewStore(store.root)
    assert fresh.report_ids() == ids
    assert fresh.report(PAPER).id == PAPER
    code, out, _ = run_cli(monkeypatch, capsys, "stats", "--json", "--db", str(store.root))
    assert code == 0 and orjson.loads(out)


# --- 13: limits at the store's door


@pytest.mark.parametrize("name", ["   ", "ann\nbob", "ann\x1b]0;title\x07", "a" * 65, "an\u2028n", "an\u200en"])
def test_a_bad_reviewer_name_is_refused_with_nothing_written(store: ReviewStore, name: str) -> None:
    before = review_path(store.root, PAPER).exists()
    with pytest.raises(InvalidRecord, match="reviewer name"):
        store.add_mark(PAPER, 1, "confirmed", reviewer=name)
    with pytest.raises(InvalidRecord, match="reviewer name"):
        store.add_triage(PAPER, "accept", reviewer=name)
    assert review_path(store.root, PAPER).exists() == before


def test_a_note_over_the_cap_is_refused_and_one_at_the_cap_is_kept(store: ReviewStore) -> None:
    from claimdesk.store import NOTE_MAX_CHARS

    with pytest.raises(InvalidRecord, match="at most 10,000 characters"):
        store.add_mark(PAPER, 1, "confirmed", "x" * (NOTE_MAX_CHARS + 1), reviewer="ann")
    with pytest.raises(InvalidRecord, match="at most"):
        store.add_correction(PAPER, "CLAIM", "y" * (NOTE_MAX_CHARS + 1), reviewer="ann")
    assert store.add_mark(PAPER, 1, "confirmed", "x" * NOTE_MAX_CHARS, reviewer="ann").note == "x" * NOTE_MAX_CHARS


def test_the_command_line_turns_a_bad_name_into_one_line(
    store: ReviewStore, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run_cli(monkeypatch, capsys, "mark", PAPER, "1", "confirmed", "--reviewer", "   ", "--db", str(store.root))
    assert code == 2 and err.startswith("claimdesk: ") and "reviewer name" in err and len(err.splitlines()) == 1
    assert store.marks(PAPER) == []


def test_a_partial_save_is_a_claimdesk_error_carrying_the_outcome() -> None:
    from claimdesk.store import MarkOutcome, PartialSave

    error = PartialSave("x", MarkOutcome())
    assert isinstance(error, ClaimdeskError) and not isinstance(error, DatabaseCorrupt)
    assert list(error.outcome) == [] and MarkRequest("r", 1, "confirmed").tag is None


# --- 5: the batch acknowledges exactly what became durable


def test_a_batch_with_one_unwritable_review_file_saves_and_acknowledges_the_rest(
    store: ReviewStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import dataclasses
    import errno

    template = store.report(PAPER)
    ids = [f"bulk-{i:03d}" for i in range(60)]
    store.add_reports([dataclasses.replace(template, id=rid) for rid in ids])
    token = store.change_token()
    stuck = review_path(store.root, ids[0])
    real_replace = os.replace

    def replace(src: object, dst: object) -> None:
        if Path(str(dst)) == stuck:
            raise PermissionError(errno.EPERM, "Operation not permitted")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    batch = tmp_path / "marks.jsonl"
    batch.write_bytes(b"".join(orjson.dumps({"report": rid, "claim": 1, "verdict": "confirmed"}) + b"\n" for rid in ids))
    code, out, err = run_cli(monkeypatch, capsys, "mark", "--batch", str(batch), "--db", str(store.root))
    monkeypatch.undo()
    stuck_lines = {n for n, rid in enumerate(ids, 1) if review_path(store.root, rid) == stuck}
    assert code == 1
    assert {int(line.split()[1]) for line in out.splitlines()} == set(range(1, 61)) - stuck_lines
    assert {int(line.split(":")[0].split()[1]) for line in err.splitlines()} == stuck_lines
    assert "nothing was saved" not in err and "permission denied" in err
    fresh = ReviewStore(store.root)
    on_disk = {rid for rid in ids if fresh.marks(rid)}
    assert on_disk == {ids[n - 1] for n in set(range(1, 61)) - stuck_lines}
    assert fresh.changed_since(token)[1] == on_disk
