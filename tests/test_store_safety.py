"""Failures the store must survive: full or read-only disks, damaged files, a held lock."""

from __future__ import annotations

import dataclasses
import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SEEDS, seed_folder
from filelock import FileLock

from claimdesk.errors import DatabaseCorrupt, DatabaseLocked, StoreError
from claimdesk.store import MarkRequest, ReviewStore
from claimdesk.store.records import review_path



PAPER = "001_c07bb58f8e3503ce"


@pytest.fixture
def store(db_path: Path, tmp_path: Path) -> ReviewStore:
    s = ReviewStore(db_path)
    s.import_paths([seed_folder(tmp_path)])
    s.add_mark(PAPER, 1, "confirmed", reviewer="ann")
    return s


def _everything(root: Path) -> dict[str, bytes]:
    """Every file of the database (hidden temp files too) and its bytes."""
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _without_lock(files: dict[str, bytes]) -> dict[str, bytes]:
    return {k: v for k, v in files.items() if k != "lock"}


@pytest.mark.parametrize(
    ("code", "words"),
    [(errno.ENOSPC, "disk is full"), (errno.EROFS, "read-only"), (errno.EACCES, "permission denied")],
)
def test_a_failed_write_keeps_the_old_file_and_says_why(
    store: ReviewStore, monkeypatch: pytest.MonkeyPatch, code: int, words: str
) -> None:
    before = _everything(store.root)
    real_write = os.write

    def failing_write(fd: int, data: bytes) -> int:
        real_write(fd, bytes(data[:7]))  # a partial temp file is left behind to clean up
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(os, "write", failing_write)
    with pytest.raises(StoreError, match=words):
        store.add_mark(PAPER, 2, "disputed", "lost?", reviewer="ann")
    monkeypatch.undo()
    assert _without_lock(_everything(store.root)) == _without_lock(before)
    assert [m.claim for m in ReviewStore(store.root).marks(PAPER)] == [1]
    store.add_mark(PAPER, 2, "disputed", reviewer="ann")  # works again once there is room
    assert len(ReviewStore(store.root).marks(PAPER)) == 2


def _fsync_failing_at(monkeypatch: pytest.MonkeyPatch, failing_call: int) -> None:
    real_fsync = os.fsync
    calls = {"n": 0}

    def fsync(fd: int) -> None:
        calls["n"] += 1
        if calls["n"] == failing_call:
            raise OSError(errno.ENOSPC, "No space left on device")
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)


@pytest.mark.parametrize("failing_call", [1, 2])
def test_a_full_disk_during_an_import_leaves_no_trace(
    store: ReviewStore, monkeypatch: pytest.MonkeyPatch, failing_call: int
) -> None:
    """An import group writes a snapshot pack and the library; a failure on either undoes both."""
    before = _everything(store.root)
    template = store.report(PAPER)
    reports = [dataclasses.replace(template, id=f"bulk-{i:02d}") for i in range(12)]
    _fsync_failing_at(monkeypatch, failing_call)
    with pytest.raises(StoreError, match="disk is full"):
        store.add_reports(reports)
    monkeypatch.undo()
    assert _without_lock(_everything(store.root)) == _without_lock(before)
    assert not any(s.id.startswith("bulk-") for s in ReviewStore(store.root).summaries())
    store.add_reports(reports)  # works again once there is room
    assert ReviewStore(store.root).report("bulk-11").title == template.title


def test_a_full_disk_during_a_large_batch_saves_exactly_what_it_acknowledges(
    store: ReviewStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Review files are fsynced in parallel; the one that failed is untouched, and the
    outcome (and the change log) name exactly the marks that reached the disk."""
    from claimdesk.store import PartialSave

    template = store.report(PAPER)
    ids = [f"bulk-{i:02d}" for i in range(40)]
    store.add_reports([dataclasses.replace(template, id=rid) for rid in ids], run_checks=False)
    before = _everything(store.root)
    token = store.change_token()
    requests = [MarkRequest(rid, 1, "confirmed", reviewer="ann") for rid in ids]
    assert len({review_path(store.root, rid) for rid in ids}) >= 8  # the parallel path
    _fsync_failing_at(monkeypatch, 5)
    with pytest.raises(PartialSave, match="disk is full") as info:
        store.add_marks(requests)
    monkeypatch.undo()
    outcome = info.value.outcome
    saved = {m.report_id for m in outcome.marks}
    failed = {r.report for r, _ in outcome.failed}
    assert saved and failed and saved | failed == set(ids) and not saved & failed
    fresh = ReviewStore(store.root)
    assert {rid for rid in ids if fresh.marks(rid)} == saved
    after = _everything(store.root)
    for path in {review_path(store.root, rid) for rid in failed}:
        key = str(path.relative_to(store.root))
        assert after.get(key) == before.get(key)
    assert not [k for k in after if k.endswith(".tmp")]
    assert fresh.changed_since(token)[1] == saved


def test_one_unwritable_review_file_fails_only_its_own_batch_lines(
    store: ReviewStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With on_error, each request is either saved or reported, never both, never neither."""
    template = store.report(PAPER)
    ids = [f"bulk-{i:03d}" for i in range(120)]
    store.add_reports([dataclasses.replace(template, id=rid) for rid in ids], run_checks=False)
    stuck = review_path(store.root, ids[0])
    real_replace = os.replace

    def replace(src: object, dst: object) -> None:
        if Path(str(dst)) == stuck:
            raise PermissionError(errno.EPERM, "Operation not permitted")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    requests = [MarkRequest(rid, 1, "confirmed", reviewer="ann", tag=n) for n, rid in enumerate(ids)]
    acked: list[int] = []
    errors: list[int] = []
    outcome = store.add_marks(requests, on_saved=lambda r, m: acked.append(r.tag), on_error=lambda r, e: errors.append(r.tag))
    monkeypatch.undo()
    in_stuck = {n for n, rid in enumerate(ids) if review_path(store.root, rid) == stuck}
    assert set(errors) == in_stuck and len(acked) == len(ids) - len(in_stuck) == len(outcome)
    fresh = ReviewStore(store.root)
    assert {n for n, rid in enumerate(ids) if fresh.marks(rid)} == set(acked)


def test_a_damaged_review_file_is_refused_and_left_as_it_was(store: ReviewStore) -> None:
    path = review_path(store.root, PAPER)
    damaged = path.read_bytes()[:40]
    path.write_bytes(damaged)
    fresh = ReviewStore(store.root)
    with pytest.raises(DatabaseCorrupt) as info:
        fresh.add_mark(PAPER, 3, "disputed", reviewer="ann")
    message = str(info.value)
    assert str(path) in message and "move it aside or restore a backup" in message.lower()
    with pytest.raises(DatabaseCorrupt):
        fresh.marks(PAPER)
    assert path.read_bytes() == damaged
    # Other reports stay usable.
    fresh.add_mark("003", 1, "confirmed", reviewer="ann")


@pytest.mark.parametrize("damage", [b"", b"[1, 2, 3]", b'{"rows": {"x": {"title": "no id"}}}', b"\x00\x01garbage"])
def test_a_damaged_library_refuses_import_and_is_never_overwritten(store: ReviewStore, damage: bytes) -> None:
    from claimdesk.store.library import shard_path

    library = shard_path(store.root / "library", PAPER)
    library.write_bytes(damage)
    fresh = ReviewStore(store.root)
    with pytest.raises(DatabaseCorrupt, match=library.name):
        fresh.summaries()
    with pytest.raises(DatabaseCorrupt):
        fresh.import_paths([SEEDS / f"{PAPER}.txt"])
    assert library.read_bytes() == damage


def test_the_command_line_reports_a_damaged_file_without_a_traceback(store: ReviewStore) -> None:
    path = review_path(store.root, PAPER)
    path.write_bytes(b"{not json")
    run = subprocess.run(
        [sys.executable, "-m", "claimdesk", "mark", "001", "2", "disputed", "--db", str(store.root), "--reviewer", "ann"],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 2
    assert run.stderr.startswith("claimdesk: ") and str(path) in run.stderr and "Traceback" not in run.stderr
    assert path.read_bytes() == b"{not json"


def test_a_held_lock_gives_database_locked(store: ReviewStore) -> None:
    with FileLock(store.root / "lock"):
        blocked = ReviewStore(store.root, lock_timeout=0.2)
        with pytest.raises(DatabaseLocked, match="busy"):
            blocked.add_mark(PAPER, 2, "disputed", reviewer="bob")
        assert [m.reviewer for m in blocked.marks(PAPER)] == ["ann"]  # reading needs no lock
        run = subprocess.run(
            [sys.executable, "-m", "claimdesk", "mark", "001", "2", "disputed", "--db", str(store.root)],
            capture_output=True,
            text=True,
            env={**os.environ, "CLAIMDESK_LOCK_TIMEOUT": "0.3", "CLAIMDESK_REVIEWER": "bob"},
            timeout=60,
        )
    assert run.returncode == 2 and "busy" in run.stderr and "Traceback" not in run.stderr
    assert len(ReviewStore(store.root).marks(PAPER)) == 1


def test_temp_files_left_by_a_killed_writer_are_swept_after_an_hour(store: ReviewStore) -> None:
    old = store.root / "reviews" / ".38.json.4242.abcd1234.tmp"
    fresh = store.root / "reviews" / ".39.json.4243.abcd1234.tmp"
    for path in (old, fresh):
        path.write_bytes(b'{"marks": {')
    os.utime(old, (1, 1))
    ReviewStore(store.root)
    assert not old.exists() and fresh.exists()  # a temp file of a write in progress is left alone
