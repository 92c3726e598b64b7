"""An import committed in many groups writes what one group would, and sees other processes' writes
between its groups; the figure index's append without parsing gives the bytes a parse would."""

from __future__ import annotations

import os
import random
import shutil
from pathlib import Path

import orjson
import pytest
from conftest import SAMPLES

from claimdesk.checks import check_library, check_with_numbers
from claimdesk.store import ReviewStore
from claimdesk.store import importer
from claimdesk.store.figindex import _appended

EVAL = Path(__file__).parent / "eval" / "corpus"


def _corpus(folder: Path) -> list[Path]:
    folder.mkdir()
    for path in [*SAMPLES.glob("*.txt"), *EVAL.rglob("*.txt"), *EVAL.rglob("*.md")]:
        shutil.copy(path, folder / f"{path.parent.name}-{path.name}")
    return sorted(folder.iterdir())


def _index_files(root: Path) -> dict[str, object]:
    """Every library and index file, parsed, with what differs between two imports (times, packs) left out."""
    found: dict[str, object] = {}
    for path in sorted([*(root / "library").glob("*.json"), *(root / "index").glob("*.json")]):
        data = orjson.loads(path.read_bytes())
        if path.parent.name == "library":
            data = {rid: {k: v for k, v in row.items() if k not in ("imported_at", "snapshot")}
                    for rid, row in data["rows"].items()}
        elif path.name.startswith("subjects-"):
            data = {key: sorted(ids) for key, ids in data["postings"].items()}
        elif path.name.startswith("figures-") and path.name != "figures-state.json":
            data = {key: orjson.loads(text) for key, text in data["figures"].items()}
        found[path.name] = data
    return found


def test_an_import_in_many_small_groups_writes_what_one_group_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = _corpus(tmp_path / "corpus")
    assert len(files) > 20
    one = ReviewStore(tmp_path / "one")
    assert not one.import_paths(files, workers=1).failed
    monkeypatch.setattr(importer, "IMPORT_GROUP_SIZE", 3)
    monkeypatch.setattr(importer, "IMPORT_GROUP_MAX", 7)
    many = ReviewStore(tmp_path / "many")
    assert not many.import_paths(files, workers=1).failed
    assert len(list((tmp_path / "many" / "snapshots").iterdir())) > 4  # it did commit in groups
    assert _index_files(tmp_path / "many") == _index_files(tmp_path / "one")
    ids = many.report_ids()
    named = [many.report(rid) for rid in ids]
    assert check_with_numbers(named[:5], many.number_peers(named[:5])) == {
        rid: found for rid, found in check_library(named).items() if rid in ids[:5]
    }


def test_another_writer_between_two_groups_of_an_import_is_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = _corpus(tmp_path / "corpus")
    first, rest = files[:10], files[10:]
    monkeypatch.setattr(importer, "IMPORT_GROUP_SIZE", 4)
    monkeypatch.setattr(importer, "IMPORT_GROUP_MAX", 4)
    mine = ReviewStore(tmp_path / "db")
    other = ReviewStore(tmp_path / "db")
    assert not mine.import_paths(first[:5], workers=1).failed  # this process's shards now parsed
    assert not other.import_paths(first[5:], workers=1).failed  # written behind its back
    assert not mine.import_paths(rest, workers=1).failed
    expected = sorted(p.stem for p in files)
    assert ReviewStore(tmp_path / "db").report_ids() == expected
    assert mine.report_ids() == expected


def test_appending_to_a_figure_entry_gives_the_text_a_parse_and_dump_give() -> None:
    rng = random.Random(7)
    for _ in range(300):
        held = {f"r{rng.randrange(40)}": [rng.randrange(1, 4), [[1, "m\"x:", []]]] for _ in range(rng.randrange(0, 6))}
        text = orjson.dumps(held).decode() if held else None
        adds = [(f"r{rng.randrange(40)}", [1, [[2, '"r3":', [["b", "w", "m", "", 1.0, "1"]]]]])
                for _ in range(rng.randrange(1, 4))]
        fast = _appended(text, adds)
        slow = dict(held)
        for rid, entry in adds:
            slow[rid] = entry
        if fast is not None:
            assert fast == orjson.dumps(slow).decode()
        else:  # only when an id is already held (or given twice)
            assert any(rid in held for rid, _ in adds) or len({r for r, _ in adds}) < len(adds)
    assert _appended('{"a":[1,[]]}', [("a", None)]) is None  # a removal always parses
    assert _appended("{ }", [("b", [1, []])]) is None  # not orjson's: parsed
    # A report new to the library is appended without searching the text for it.
    assert _appended('{"a":[1,[]]}', [("b", [1, []])], fresh={"b"}) == '{"a":[1,[]],"b":[1,[]]}'


def test_a_new_report_whose_first_commit_was_cut_short_is_held_once_in_the_figure_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from conftest import killed_at_the_library, seed_folder

    store = ReviewStore(tmp_path / "db")
    folder = seed_folder(tmp_path)
    store.import_paths([folder])
    extra = tmp_path / "extra"
    extra.mkdir()
    newcomer = extra / "newcomer.txt"
    newcomer.write_bytes((folder / "001_c07bb58f8e3503ce.txt").read_bytes())  # shares every subject of a seed
    with killed_at_the_library(monkeypatch):
        ReviewStore(store.root).import_paths([newcomer])
    assert ReviewStore(store.root).import_paths([newcomer]).added == ["newcomer"]
    texts = [text for path in (store.root / "index").glob("figures-??.json")
             for text in orjson.loads(path.read_bytes())["figures"].values()]
    held = [text.count('"newcomer":') for text in texts if '"newcomer":' in text]
    assert held and set(held) == {1}  # in every key of its subjects, once


def test_an_import_pauses_the_collector_while_it_commits_and_gives_it_back_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The importing process holds millions of objects at 100,000 reports: its cyclic collector
    is off while it imports, and left as the caller had it afterwards, also when the import fails."""
    import gc

    from claimdesk.store.library_commit import LibraryCommit
    from claimdesk.store.listing import Listing

    files = _corpus(tmp_path / "corpus")[:4]
    seen: list[bool] = []
    real_commit = LibraryCommit.commit

    def commit(self, entries, result):  # type: ignore[no-untyped-def]
        seen.append(gc.isenabled())
        return real_commit(self, entries, result)

    monkeypatch.setattr(LibraryCommit, "commit", commit)
    real_refresh = Listing.refresh

    def refresh(self):  # type: ignore[no-untyped-def]
        seen.append(gc.isenabled())
        return real_refresh(self)

    monkeypatch.setattr(Listing, "refresh", refresh)
    assert gc.isenabled()
    assert not ReviewStore(tmp_path / "db").import_paths(files, workers=1).failed
    assert seen == [False, False] and gc.isenabled()  # the commit, then the listing's entries
    gc.disable()
    try:
        ReviewStore(tmp_path / "db2").import_paths(files, workers=1)
        assert not gc.isenabled()  # a caller that had it off keeps it off
    finally:
        gc.enable()

    def broken(self, entries, result):  # type: ignore[no-untyped-def]
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(LibraryCommit, "commit", broken)
    with pytest.raises(OSError):
        ReviewStore(tmp_path / "db3").import_paths(files, workers=1)
    assert gc.isenabled()


def test_import_workers_collect_their_garbage(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A worker parses untrusted files by the thousand: its collector runs, though the importing
    process pauses its own."""
    import gc

    files = _corpus(tmp_path / "corpus")[:6]
    real_assess = importer.assess
    log = tmp_path / "collector.log"

    def assess(*args, **kwargs):  # type: ignore[no-untyped-def]
        # Runs in the forked worker (prepare, which calls it, is sent by name).
        with open(log, "a") as out:
            out.write(f"{os.getpid()} {gc.isenabled()}\n")
        return real_assess(*args, **kwargs)

    monkeypatch.setattr(importer, "assess", assess)
    monkeypatch.setattr(importer, "_POOL_CHUNK", 2)
    if importer.worker_count(len(files), 2) < 2:
        pytest.skip("this platform imports in one process")
    assert not ReviewStore(tmp_path / "db").import_paths(files, workers=2).failed
    lines = log.read_text().split()
    pids, states = set(lines[::2]), set(lines[1::2])
    assert str(os.getpid()) not in pids and states == {"True"}


@pytest.mark.parametrize("size", [0, 1, 4095, 4096, (1 << 24) - 1, (1 << 24) + 5])
def test_a_file_is_read_whole_whatever_its_size(tmp_path: Path, size: int) -> None:
    path = tmp_path / "report.txt"
    data = random.Random(size).randbytes(size)
    path.write_bytes(data)
    assert importer.read_regular(str(path), walked=True) == data


def test_a_file_that_grows_while_it_is_read_is_read_to_its_end(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "report.txt"
    path.write_bytes(b"a" * 100)
    real_fstat = os.fstat

    class Smaller:  # fstat saw the file before its last 40 bytes were written
        def __init__(self, fd: int) -> None:
            self._real = real_fstat(fd)
            self.st_mode = self._real.st_mode
            self.st_size = 60

    monkeypatch.setattr(importer.os, "fstat", Smaller)
    assert importer.read_regular(str(path), walked=False) == b"a" * 100
