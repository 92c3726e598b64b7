"""The compact listing the desk lists from: always what the library's rows say."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SAMPLES, SEED_NAMES

from claimdesk.store import ReviewStore
from claimdesk.store import listing as listing_module
from claimdesk.store.records import summary_from_row
from claimdesk.store.rows import all_shards, parse_shard
from claimdesk.store.files import read_json

SEED_FILES = [SAMPLES / name for name in SEED_NAMES]


def from_rows(root: Path) -> list:
    """The summaries read the slow way: every full row of every shard."""
    rows = {}
    for path in all_shards(root / "library"):
        rows.update(parse_shard(path, read_json(path)))
    return [summary_from_row(rows[rid]) for rid in sorted(rows)]


@pytest.fixture
def store(db_path: Path) -> ReviewStore:
    store = ReviewStore(db_path)
    assert not store.import_paths(SEED_FILES[:3]).failed
    return store


def test_the_listing_says_what_the_rows_say_and_follows_an_import(store):
    assert store.summaries() == from_rows(store.root)
    assert (store.root / "listing.json").exists()
    # Another process imports a report: the listing read next holds it, without being told.
    other = ReviewStore(store.root)
    assert not other.import_paths(SEED_FILES[3:]).failed
    assert len(store.summaries()) == 4
    assert store.summaries() == from_rows(store.root)
    head = ReviewStore(store.root).listing_head()
    assert head.total == 4 and head.complete
    assert sorted(s.id for s in head.summaries) == [s.id for s in store.summaries()]


def test_a_damaged_or_foreign_listing_is_rebuilt_not_believed(store):
    expected = store.summaries()
    (store.root / "listing.json").write_text('{"format": 1, "shards": {"00": {"sig": 1, "rows": [[1]]}}}')
    (store.root / "listing-head.json").write_bytes(b"\x00not json")
    fresh = ReviewStore(store.root)
    assert fresh.summaries() == expected
    assert fresh.listing_head().total == len(expected)
    assert not fresh.is_empty()


def test_the_head_is_the_first_page_in_the_opening_order(store, monkeypatch):
    monkeypatch.setattr(listing_module, "HEAD_ROWS", 2)
    (store.root / "listing-head.json").unlink(missing_ok=True)
    head = ReviewStore(store.root).listing_head()
    everything = sorted(store.summaries(), key=listing_module.newest_key, reverse=True)
    assert head.total == 3 and not head.complete
    assert [s.id for s in head.summaries] == [s.id for s in everything[:2]]


def test_an_empty_library_lists_nothing(db_path):
    store = ReviewStore(db_path)
    assert store.is_empty() and store.summaries() == [] and store.listing_head().total == 0


def test_progress_counts_the_same_without_keeping_review_files(store):
    first = next(s for s in store.summaries() if s.claims)
    store.add_mark(first.id, 1, "confirmed", reviewer="ann")
    store.add_mark(first.id, 2, "confirmed", reviewer="ann")
    store.add_mark(first.id, 2, "cleared", reviewer="ann")
    assert ReviewStore(store.root).progress("ann") == {first.id: 1}


def test_the_head_an_import_writes_is_the_head_a_full_rebuild_gives_ties_and_all(db_path, monkeypatch):
    """Import writes the head from listing entries, not summaries: the same reports in the same
    order, also among reports published the same day and imported in the same group (ties)."""
    import dataclasses

    from claimdesk.store.synthetic import sample_templates

    monkeypatch.setattr(listing_module, "HEAD_ROWS", 7)
    template = sample_templates()[0]
    days = ["2025-01-02", None, "2025-01-02", "2024-12-31", "2025-01-02"]
    reports = [dataclasses.replace(template, id=f"r{n:03d}-{'zyx'[n % 3]}", published=days[n % len(days)])
               for n in range(40)]  # fmt: skip
    store = ReviewStore(db_path)
    store.add_reports(reports[::-1])
    written = read_json(db_path / "listing-head.json")
    everything = sorted(ReviewStore(db_path).summaries(), key=listing_module.newest_key, reverse=True)
    assert written["total"] == 40
    assert [row[0] for row in written["rows"]] == [s.id for s in everything[:7]]
    assert [s.id for s in ReviewStore(db_path).listing_head().summaries] == [s.id for s in everything[:7]]
