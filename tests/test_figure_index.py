"""The persistent figure index: `check ID` reads the named report and the index, not the library,
and finds exactly what checking against every report finds, through new versions and crashes."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import orjson
import pytest
from conftest import SAMPLES, SEEDS, SEED_NAMES, killed_at_the_library, seed_folder

from claimdesk.checks import check_library, check_with_numbers
from claimdesk.store import ReviewStore

PAPER = "001_c07bb58f8e3503ce"
OTHER_PAPER = "004_a9b6704b1e66c2ae"
EVAL = Path(__file__).parent / "eval" / "corpus"


def _via_index(store: ReviewStore, rids: list[str]) -> dict[str, list]:
    named = [store.report(rid) for rid in rids]
    return check_with_numbers(named, store.number_peers(named))


def _corpus(tmp_path: Path) -> Path:
    """The samples and the evaluation corpus in one folder: many reports sharing subjects."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    for path in [*SAMPLES.glob("*.txt"), *EVAL.rglob("*.txt"), *EVAL.rglob("*.md"), *EVAL.rglob("*.json")]:
        shutil.copy(path, folder / f"{path.parent.name}-{path.name}")
    return folder


def test_checking_through_the_index_finds_what_checking_every_report_finds(tmp_path: Path) -> None:
    store = ReviewStore(tmp_path / "db")
    assert not store.import_paths([_corpus(tmp_path)]).failed
    ids = store.report_ids()
    everything = check_library([store.report(rid) for rid in ids])
    conflicts = 0
    for rid in ids:
        found = _via_index(store, [rid])[rid]
        assert found == everything[rid], rid
        conflicts += sum(f.code == "conflicting-numbers" for f in found)
    assert conflicts >= 5  # the corpus does share subjects: the comparison is not vacuous
    pair = ids[:2]
    assert _via_index(store, pair) == {rid: everything[rid] for rid in pair}


def test_check_id_reads_the_named_report_only_and_still_names_the_other(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from claimdesk.cli import main
    from claimdesk.store.library import Library

    store = ReviewStore(tmp_path / "db")
    store.import_paths([seed_folder(tmp_path)])
    read: list[str] = []
    real = Library.report
    monkeypatch.setattr(Library, "report", lambda self, rid: (read.append(rid), real(self, rid))[1])
    monkeypatch.setattr(sys, "argv", ["claimdesk", "check", PAPER, "--json", "--db", str(store.root)])
    with pytest.raises(SystemExit) as exited:
        main()
    assert not exited.value.code
    assert set(read) == {PAPER}
    out = orjson.loads(capsys.readouterr().out)
    assert any(f"report {OTHER_PAPER}" in f["message"] for f in out[0]["findings"] if f["code"] == "conflicting-numbers")


def test_a_new_version_replaces_its_figures_everywhere(tmp_path: Path) -> None:
    store = ReviewStore(tmp_path / "db")
    folder = seed_folder(tmp_path)
    store.import_paths([folder])
    before = _via_index(store, [PAPER])[PAPER]
    assert any(OTHER_PAPER in f.message for f in before)
    # The other paper's new version gives no figures at all: nothing of it may stay in the index.
    other = folder / f"{OTHER_PAPER}.txt"
    text = other.read_text(encoding="utf-8")
    other.write_text(text.replace("%", " percent of the time "), encoding="utf-8")
    assert ReviewStore(store.root).import_paths([other]).updated == [OTHER_PAPER]
    fresh = ReviewStore(store.root)
    everything = check_library([fresh.report(rid) for rid in fresh.report_ids()])
    assert _via_index(fresh, [PAPER])[PAPER] == everything[PAPER]
    assert not any(f"report {OTHER_PAPER}" in f.message for f in everything[PAPER])


def test_a_changed_figure_reading_rebuilds_the_index_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import claimdesk.store.figindex as figindex

    store = ReviewStore(tmp_path / "db")
    store.import_paths([seed_folder(tmp_path)])
    expected = _via_index(store, [PAPER])
    monkeypatch.setattr(figindex, "figures_version", lambda: "changed")
    rebuilt = []
    real = figindex.FigureIndex.rebuild
    monkeypatch.setattr(figindex.FigureIndex, "rebuild", lambda self, *a: (rebuilt.append(1), real(self, *a)))
    fresh = ReviewStore(store.root)
    assert _via_index(fresh, [PAPER]) == expected
    assert _via_index(fresh, [OTHER_PAPER])[OTHER_PAPER]
    assert len(rebuilt) == 1 and fresh._figures.current()


def test_a_commit_cut_short_is_read_from_the_library_and_repaired_by_the_next(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = ReviewStore(tmp_path / "db")
    folder = seed_folder(tmp_path)
    store.import_paths([folder])
    expected = _via_index(store, [PAPER])
    other = folder / f"{OTHER_PAPER}.txt"
    other.write_text(other.read_text(encoding="utf-8").replace("%", " percent of the time "), encoding="utf-8")
    # The index shards are renamed, then the process dies before the library's shards are.
    with killed_at_the_library(monkeypatch):
        ReviewStore(store.root).import_paths([other])
    after_crash = ReviewStore(store.root)
    assert after_crash._figures.committing() == {OTHER_PAPER}
    assert _via_index(after_crash, [PAPER]) == expected  # the library still holds the old version
    assert ReviewStore(store.root).import_paths([other]).updated == [OTHER_PAPER]
    fresh = ReviewStore(store.root)
    assert not fresh._figures.committing()
    everything = check_library([fresh.report(rid) for rid in fresh.report_ids()])
    assert _via_index(fresh, [PAPER])[PAPER] == everything[PAPER] != expected[PAPER]


@pytest.mark.slow
def test_a_kill_during_an_import_never_leaves_the_figure_index_out_of_step(tmp_path: Path) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    texts = [(SEEDS / name).read_bytes() for name in SEED_NAMES]
    for n in range(3000):
        (folder / f"r{n:04d}.txt").write_bytes(texts[n % len(texts)])
    db = tmp_path / "db"
    ReviewStore(db)
    rng = random.Random(int.from_bytes(os.urandom(4), "big"))
    env = {**os.environ, "CLAIMDESK_IMPORT_WORKERS": "1"}
    for run in range(4):
        proc = subprocess.Popen(
            [sys.executable, "-m", "claimdesk", "import", str(folder), "--db", str(db)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env,
        )
        time.sleep(rng.uniform(0.5, 4.0))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        store = ReviewStore(db)
        ids = store.report_ids()
        if not ids:
            continue
        probe = store.report(ids[-1])
        peers = store.number_peers([probe])
        assert sorted({item.report_id for item in peers}) == store.sharing_subjects(probe), f"run {run}"
    assert ReviewStore(db).import_paths([folder]).failed == []
    store = ReviewStore(db)
    assert not store._figures.committing()
    assert len({item.report_id for item in store.number_peers([store.report("r0001")])}) == 1499


def test_a_subject_key_stays_in_the_shard_existing_databases_hold_it_in() -> None:
    """Both indexes find a key's entries by a stable hash of the key: a different answer would
    make every existing database look empty for that key. The answers are remembered, boundedly."""
    from claimdesk.store import figindex, subjects
    from claimdesk.store.rows import key_shard

    known = {"gpt-4o|humaneval|pass@1": "17", "llama 3 70b": "1f", "": "25", "ünïcode ☃": "29", "x" * 300: "21"}
    for key, shard in known.items():
        assert figindex.shard_of(key) == subjects.shard_of(key) == shard
    assert key_shard.cache_info().maxsize is not None  # hostile keys cannot make it grow without end


def _index_files(root: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((root / "index").glob("figures-*.json"))}


def _changed(folder: Path) -> None:
    """Every seed in a new version; where it gives percentages, with fewer figures than before."""
    for path in folder.glob("*.txt"):
        text = path.read_text(encoding="utf-8").replace("%", " percent of the time ", 3)
        path.write_text(text + "\n", encoding="utf-8")


@pytest.mark.parametrize("workers", [1, 2])
def test_an_import_of_new_versions_takes_their_old_keys_from_the_workers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, workers: int
) -> None:
    """The commit, which holds the lock, no longer reads each replaced snapshot: the import works
    out the old version's figure keys beside the parse. The index comes out the same."""
    from claimdesk.store import importer
    from claimdesk.store.library import Library

    folder = seed_folder(tmp_path)
    by_commit, by_import = ReviewStore(tmp_path / "commit"), ReviewStore(tmp_path / "import")
    by_commit.import_paths([folder])
    by_import.import_paths([folder])
    _changed(folder)
    with monkeypatch.context() as patched:  # the commit works the old keys out itself
        patched.setattr(importer, "previous_figure_keys", lambda *args: None)
        assert len(by_commit.import_paths([folder], workers=workers).updated) == 4
    reads: list[str] = []
    real = Library._report_at
    monkeypatch.setattr(Library, "_report_at", lambda self, rid, at: (reads.append(rid), real(self, rid, at))[1])
    assert len(ReviewStore(by_import.root).import_paths([folder], workers=workers).updated) == 4
    assert reads == []  # no replaced snapshot read under the lock
    assert _index_files(by_import.root) == _index_files(by_commit.root)
    fresh = ReviewStore(by_import.root)
    everything = check_library([fresh.report(rid) for rid in fresh.report_ids()])
    assert _via_index(fresh, [PAPER])[PAPER] == everything[PAPER]


def test_old_keys_worked_out_from_a_version_since_replaced_are_not_trusted(tmp_path: Path) -> None:
    """Another process may import a newer version between the walk and the commit: keys worked
    out from a snapshot that is no longer the row's are ignored, and the commit reads its own."""
    from claimdesk.store.importer import assess
    from claimdesk.store.records import ImportResult, content_hash

    folder = seed_folder(tmp_path)
    stale, plain = ReviewStore(tmp_path / "stale"), ReviewStore(tmp_path / "plain")
    stale.import_paths([folder])
    plain.import_paths([folder])
    new = [r for r in (stale.report(rid) for rid in stale.report_ids())]
    new = [type(r).from_dict({**r.to_dict(), "title": r.title + " (revised)",
                              "claims": [c for c in r.to_dict()["claims"]][:2]}) for r in new]  # fmt: skip

    def entries(old: tuple | None) -> list:
        return [assess("", "", r, content_hash(orjson.dumps(r.to_dict())), previous_keys=old) for r in new]

    stale._library.commit(entries((("0-0-old.json", 1, 10), ["not|a|key"])), ImportResult())
    plain._library.commit(entries(None), ImportResult())
    assert _index_files(stale.root) == _index_files(plain.root)
    assert b"not|a|key" not in b"".join(_index_files(stale.root).values())
