"""The persistent subject index: checking one report reads the reports sharing a subject, no more,
and finds what checking against the whole library finds; it survives a kill during import."""

from __future__ import annotations

import dataclasses
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import SEEDS, SEED_NAMES, seed_folder

from claimdesk.checks import check_report
from claimdesk.checks.numbers import entity_keys
from claimdesk.store import ReviewStore

PAPER = "001_c07bb58f8e3503ce"
OTHER_PAPER = "004_a9b6704b1e66c2ae"


@pytest.fixture
def store(db_path: Path, tmp_path: Path) -> ReviewStore:
    s = ReviewStore(db_path)
    assert not s.import_paths([seed_folder(tmp_path)]).failed
    return s


def _findings(store: ReviewStore, rid: str, others: list[str]) -> list:
    return check_report(store.report(rid), [store.report(o) for o in others])


def test_a_report_is_checked_against_the_reports_sharing_a_subject_with_the_same_findings(store: ReviewStore) -> None:
    everyone = [rid for rid in store.report_ids()]
    for rid in everyone:
        sharing = store.sharing_subjects(store.report(rid))
        expected = sorted(o for o in everyone if o != rid and entity_keys(store.report(o)) & entity_keys(store.report(rid)))
        assert sharing == expected
        assert _findings(store, rid, sharing) == _findings(store, rid, [o for o in everyone if o != rid])
    assert store.sharing_subjects(store.report(PAPER)) == [OTHER_PAPER]


def test_a_new_version_and_a_new_report_are_posted_by_import(store: ReviewStore, tmp_path: Path) -> None:
    twin = dataclasses.replace(store.report(OTHER_PAPER), id="twin")
    store.add_reports([twin])
    assert ReviewStore(store.root).sharing_subjects(store.report(PAPER)) == [OTHER_PAPER, "twin"]


def test_a_database_made_before_the_index_and_a_new_key_version_rebuild_it_once(
    store: ReviewStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.rmtree(store.root / "index")
    old = ReviewStore(store.root)
    assert old.sharing_subjects(old.report(PAPER)) == [OTHER_PAPER]
    assert (store.root / "index" / "state.json").exists()
    import claimdesk.store.subjects as subjects

    monkeypatch.setattr(subjects, "keys_version", lambda: 999)
    rebuilt = []
    real = subjects.SubjectIndex.rebuild
    monkeypatch.setattr(subjects.SubjectIndex, "rebuild", lambda self, *a: (rebuilt.append(1), real(self, *a)))
    fresh = ReviewStore(store.root)
    assert fresh.sharing_subjects(fresh.report(PAPER)) == [OTHER_PAPER]
    assert fresh.sharing_subjects(fresh.report(OTHER_PAPER)) == [PAPER]
    assert rebuilt == [1]


def test_check_id_reads_only_the_reports_sharing_a_subject(
    store: ReviewStore, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from claimdesk.cli import main

    read: list[str] = []
    real = ReviewStore.report
    monkeypatch.setattr(ReviewStore, "report", lambda self, rid: (read.append(rid), real(self, rid))[1])
    monkeypatch.setattr(sys, "argv", ["claimdesk", "check", PAPER, "--json", "--db", str(store.root)])
    try:
        main()
    except SystemExit as exc:
        assert not exc.code
    # The other paper's figures come from the figure index (tests/test_figure_index.py), not its snapshot.
    assert set(read) == {PAPER}
    assert OTHER_PAPER in capsys.readouterr().out


@pytest.mark.slow
def test_a_kill_during_an_import_never_leaves_a_report_without_its_postings(tmp_path: Path) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    texts = [(SEEDS / name).read_bytes() for name in SEED_NAMES]
    for n in range(3000):
        (folder / f"r{n:04d}.txt").write_bytes(texts[n % len(texts)])
    db = tmp_path / "db"
    ReviewStore(db)
    rng = random.Random(int.from_bytes(os.urandom(4), "big"))
    env = {**os.environ, "CLAIMDESK_IMPORT_WORKERS": "1"}
    for run in range(6):
        proc = subprocess.Popen(
            [sys.executable, "-m", "claimdesk", "import", str(folder), "--db", str(db)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env,
        )
        time.sleep(rng.uniform(0.5, 4.0))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        store = ReviewStore(db)
        ids = store.report_ids()
        from claimdesk.store.subjects import SubjectIndex

        index = SubjectIndex(db, None)  # type: ignore[arg-type]  (reads only)
        for rid in ids:
            keys = entity_keys(store.report(rid))
            assert all(rid in index.sharing([key]) for key in keys), f"run {run}: {rid} has no postings"
    assert ReviewStore(db).import_paths([folder]).failed == []
    store = ReviewStore(db)
    assert len(store.report_ids()) == 3000
    assert len(store.sharing_subjects(store.report("r0001"))) == 1499  # every copy of the two papers


def _as_version_2(root: Path, keep_shards: bool = False) -> bytes:
    """The database as the version-2 layout kept it: one library.json (a TinyDB table), no index."""
    import orjson

    rows = [row for path in sorted((root / "library").glob("*.json")) for row in orjson.loads(path.read_bytes())["rows"].values()]
    library = orjson.dumps({"reports": {str(n): row for n, row in enumerate(rows, 1)}})
    (root / "library.json").write_bytes(library)
    if not keep_shards:
        shutil.rmtree(root / "library")
    shutil.rmtree(root / "index")
    (root / "claimdesk.json").write_bytes(orjson.dumps({"format": "claimdesk-review-db", "version": 2}))
    return library


@pytest.mark.parametrize("crashed_midway", [False, True])
def test_a_version_2_database_is_migrated_in_place_with_a_backup(store: ReviewStore, crashed_midway: bool) -> None:
    import orjson

    store.add_mark(PAPER, 1, "disputed", reviewer="ann")
    ids, summaries = store.report_ids(), store.summaries()
    library = _as_version_2(store.root, keep_shards=crashed_midway)
    migrated = ReviewStore(store.root)
    assert migrated.report_ids() == ids and migrated.summaries() == summaries
    assert migrated.current_marks(PAPER)[(1, "ann")].verdict.value == "disputed"
    assert orjson.loads((store.root / "claimdesk.json").read_bytes())["version"] == 3
    assert (store.root / "library.v2-backup.json").read_bytes() == library
    assert not (store.root / "library.json").exists()
    assert migrated.sharing_subjects(migrated.report(PAPER)) == [OTHER_PAPER]  # the index is built on first use
    assert migrated.import_paths([SEEDS / f"{PAPER}.txt"]).unchanged == [PAPER]


def test_marks_are_matched_to_claims_from_the_row_without_opening_the_snapshot(
    store: ReviewStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    from claimdesk.store.library import Library

    store.add_mark(PAPER, 3, "disputed", reviewer="ann")
    keys = tuple(c.key for c in store.report(PAPER).claims)
    fresh = ReviewStore(store.root)

    def no_snapshot(*_: object) -> None:
        raise AssertionError("the snapshot was opened")

    monkeypatch.setattr(Library, "snapshot", no_snapshot)
    assert fresh.claim_keys(PAPER) == keys
    assert list(fresh.current_marks(PAPER)) == [(3, "ann")]


def test_a_mark_by_exact_id_reads_one_library_shard_not_the_library(
    store: ReviewStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    from claimdesk.store.library import Library

    def whole_library(*_: object) -> None:
        raise AssertionError("the whole library was read")

    fresh = ReviewStore(store.root)
    monkeypatch.setattr(Library, "rows", whole_library)
    monkeypatch.setattr(Library, "summaries", whole_library)
    saved = fresh.add_mark(PAPER, 2, "confirmed", reviewer="ann")
    assert fresh.current_marks(PAPER)[(2, "ann")].id == saved.id
    assert fresh.summary(PAPER).id == PAPER


def test_a_version_2_database_with_its_library_json_moved_aside_still_lists_every_report(store: ReviewStore) -> None:
    ids = store.report_ids()
    _as_version_2(store.root)
    (store.root / "library.json").rename(store.root / "library.json.aside")
    assert ReviewStore(store.root).report_ids() == ids



def _postings(root: Path) -> dict[str, list[str]]:
    import orjson

    found: dict[str, list[str]] = {}
    for path in sorted((root / "index").glob("subjects-??.json")):
        for key, ids in orjson.loads(path.read_bytes())["postings"].items():
            assert key not in found, f"{key} in two shards"
            found[key] = ids
    return found


def _as_256_shards(root: Path) -> None:
    """Write the index as a database made before the state recorded its shard count."""
    import hashlib

    import orjson

    postings = _postings(root)
    for path in (root / "index").glob("subjects-??.json"):
        path.unlink()
    old: dict[str, dict[str, list[str]]] = {f"{n:02x}": {} for n in range(256)}
    for key, ids in postings.items():
        digest = hashlib.blake2b(key.encode("utf-8"), digest_size=4).digest()
        old[f"{int.from_bytes(digest, 'big') % 256:02x}"][key] = ids
    for shard, held in old.items():
        (root / "index" / f"subjects-{shard}.json").write_bytes(orjson.dumps({"postings": held}))
    state = orjson.loads((root / "index" / "state.json").read_bytes())
    state.pop("shards")
    (root / "index" / "state.json").write_bytes(orjson.dumps(state))


def test_an_index_in_256_shards_is_moved_to_64_from_its_own_postings_without_reading_a_report(
    store: ReviewStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    from claimdesk.store.library import Library

    expected = _postings(store.root)
    names = [p.stem for p in (store.root / "index").glob("subjects-??.json")]
    assert expected and names and all(int(n.removeprefix("subjects-"), 16) < 64 for n in names)
    _as_256_shards(store.root)

    def no_report(self, rid):  # type: ignore[no-untyped-def]
        raise AssertionError("the move read a report")

    monkeypatch.setattr(Library, "report", no_report)
    old = ReviewStore(store.root)
    old.ensure_subject_index()
    assert len(list((store.root / "index").glob("subjects-??.json"))) == 64
    assert _postings(store.root) == expected
    monkeypatch.undo()
    fresh = ReviewStore(store.root)
    assert fresh.sharing_subjects(fresh.report(PAPER)) == [OTHER_PAPER]


def test_a_move_cut_short_is_finished_by_the_next_with_each_id_once(
    store: ReviewStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    import claimdesk.store.subjects as subjects

    expected = _postings(store.root)
    _as_256_shards(store.root)
    real_write = subjects.write_json

    def dies_at_the_state(path, data):  # type: ignore[no-untyped-def]
        raise KeyboardInterrupt("killed")  # the new shards are renamed, the state still says 256

    monkeypatch.setattr(subjects, "write_json", dies_at_the_state)
    with pytest.raises(KeyboardInterrupt):
        ReviewStore(store.root).ensure_subject_index()
    monkeypatch.setattr(subjects, "write_json", real_write)
    assert len(list((store.root / "index").glob("subjects-??.json"))) == 256  # new 00-3f beside old 40-ff
    ReviewStore(store.root).ensure_subject_index()
    assert _postings(store.root) == expected


def test_an_import_into_an_index_in_256_shards_moves_it_first_so_its_postings_are_kept(
    store: ReviewStore, tmp_path: Path
) -> None:
    _as_256_shards(store.root)
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "newcomer.txt").write_bytes((SEEDS / f"{PAPER}.txt").read_bytes())
    assert ReviewStore(store.root).import_paths([extra]).added == ["newcomer"]
    fresh = ReviewStore(store.root)
    assert "newcomer" in fresh.sharing_subjects(fresh.report(PAPER))
    assert len(list((store.root / "index").glob("subjects-??.json"))) == 64
