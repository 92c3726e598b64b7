"""Committing a group of imported reports: the snapshot pack, written in the background while
the commit stages its indexes, and the counts of what was added and changed.

What a user would notice if the pack went wrong: snapshots that read back wrong
(a piece out of order, a pointer off by a comma), a full disk that leaves a
half pack or a lingering thread, or a failed commit that leaves temp files.
"""

from __future__ import annotations

import dataclasses
import errno
import os
import threading
from pathlib import Path

import orjson
import pytest
from conftest import seed_folder

from claimdesk.errors import StoreError
from claimdesk.store import ReviewStore
from claimdesk.store import library_commit
from claimdesk.store.background_file import BackgroundFile


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file() and p.name != "lock"}


def _pack_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith("claimdesk-pack")]


def _bulk(store: ReviewStore, count: int, prefix: str = "bulk") -> list:
    template = store.report(store.summaries()[0].id)
    return [dataclasses.replace(template, id=f"{prefix}-{i:03d}", title=f"{template.title} {i}") for i in range(count)]


@pytest.fixture
def store(db_path: Path, tmp_path: Path) -> ReviewStore:
    s = ReviewStore(db_path)
    s.import_paths([seed_folder(tmp_path)])
    return s


def test_pieces_are_written_in_order_even_after_a_short_write(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_writev = os.writev

    def short_writev(fd: int, buffers: list[bytes]) -> int:
        return real_writev(fd, [bytes(buffers[0][:3])])  # the kernel may write less than asked

    monkeypatch.setattr(os, "writev", short_writev)
    target = tmp_path / "pack.json"
    file = BackgroundFile(target, tmp_path / ".pack.json.tmp")
    pieces = [b"[", b'{"a":1}', b",", b'{"b":"two"}']
    file.write(pieces[:2])
    file.write([])
    file.write(pieces[2:] + [b"]"])
    file.finish()
    assert (tmp_path / ".pack.json.tmp").read_bytes() == b'[{"a":1},{"b":"two"}]'
    assert not _pack_threads()


def test_a_pack_written_in_many_parts_reads_back_the_same(store: ReviewStore, monkeypatch: pytest.MonkeyPatch) -> None:
    reports = _bulk(store, 30)
    monkeypatch.setattr(library_commit, "_PACK_PART", 1)  # every snapshot a part of its own
    store.add_reports(reports, run_checks=False)
    fresh = ReviewStore(store.root)
    for report in reports:
        assert fresh.report(report.id).to_dict() == report.to_dict()
    packs = list((store.root / "snapshots").glob("*.json"))
    assert all(isinstance(orjson.loads(p.read_bytes()), list) for p in packs)  # every pack whole JSON
    assert not list((store.root / "snapshots").glob(".*.tmp"))
    assert not _pack_threads()


@pytest.mark.parametrize("part", [1, 1 << 30])
def test_a_full_disk_while_the_pack_is_written_leaves_no_trace(
    store: ReviewStore, monkeypatch: pytest.MonkeyPatch, part: int
) -> None:
    before = _files(store.root)
    reports = _bulk(store, 12)
    monkeypatch.setattr(library_commit, "_PACK_PART", part)

    def full(fd: int, buffers: list[bytes]) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "writev", full)
    with pytest.raises(StoreError, match="disk is full"):
        store.add_reports(reports, run_checks=False)
    monkeypatch.undo()
    assert _files(store.root) == before
    assert not _pack_threads()
    store.add_reports(reports, run_checks=False)  # works again once there is room
    assert ReviewStore(store.root).report("bulk-011").title == reports[11].title


def test_a_commit_that_fails_after_the_pack_began_removes_its_temp_file(
    store: ReviewStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _files(store.root)
    monkeypatch.setattr(library_commit, "_PACK_PART", 1)

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("staging failed")

    monkeypatch.setattr(library_commit.LibraryCommit, "_stage_figures", broken)
    with pytest.raises(RuntimeError, match="staging failed"):
        store.add_reports(_bulk(store, 5), run_checks=False)
    monkeypatch.undo()
    assert _files(store.root) == before
    assert not _pack_threads()


def test_an_import_of_unchanged_reports_writes_no_pack(store: ReviewStore, tmp_path: Path) -> None:
    before = _files(store.root)
    result = store.import_paths([seed_folder(tmp_path)])
    assert not result.added and len(result.unchanged) == 4
    assert {k for k in _files(store.root) if k.startswith("snapshots")} == {
        k for k in before if k.startswith("snapshots")
    }
    assert not _pack_threads()


def test_new_and_changed_reports_in_one_import_are_counted_without_rescanning_the_added(
    store: ReviewStore,
) -> None:
    """Each changed report was checked against the list of reports added so far: an import of
    many new and many changed reports grew with the square of their number."""
    from claimdesk.store.importer import assess
    from claimdesk.store.records import ImportResult, content_hash

    class Watched(list):
        scans = 0

        def __contains__(self, item: object) -> bool:
            Watched.scans += 1
            return super().__contains__(item)

    old = _bulk(store, 20, "old")
    store.add_reports(old, run_checks=False)
    changed = [dataclasses.replace(r, title=r.title + " (revised)") for r in old]
    mixed = [r for pair in zip(_bulk(store, 20, "new"), changed) for r in pair]
    entries = [assess("", "", r, content_hash(orjson.dumps(r.to_dict()))) for r in mixed]
    result = ImportResult(added=Watched())
    store._library.commit(entries, result)
    assert sorted(result.added) == [f"new-{i:03d}" for i in range(20)]
    assert sorted(result.updated) == [f"old-{i:03d}" for i in range(20)]
    assert Watched.scans == 0


def test_pieces_are_written_where_there_is_no_writev(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(os, "writev")  # Windows has none
    monkeypatch.delattr(os, "fdatasync", raising=False)
    file = BackgroundFile(tmp_path / "p.json", tmp_path / ".p.json.tmp")
    file.write([b"[", b"1", b",", b"2"])
    file.write([b"]"])
    file.finish()
    assert (tmp_path / ".p.json.tmp").read_bytes() == b"[1,2]"
