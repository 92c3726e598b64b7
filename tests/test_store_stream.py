"""Passes over the whole library read it a shard at a time and keep nothing cached."""

from __future__ import annotations

from pathlib import Path

from conftest import seed_folder

from claimdesk.store import ReviewStore


def test_each_report_gives_every_current_report_and_caches_no_shard(tmp_path: Path) -> None:
    store = ReviewStore(tmp_path / "db")
    folder = seed_folder(tmp_path)
    store.import_paths([folder])
    first = sorted(folder.iterdir())[1]
    first.write_text(first.read_text(encoding="utf-8").replace("claims", "claims ", 1), encoding="utf-8")
    store.import_paths([first])
    fresh = ReviewStore(store.root)
    seen = {rid: (version, report) for rid, version, report in fresh.each_report()}
    assert not fresh._library._shards  # nothing kept
    assert sorted(seen) == store.report_ids()
    for rid, (version, report) in seen.items():
        assert version == store.summary(rid).version
        assert report == store.report(rid)
    assert seen[first.stem][0] == 2
