"""Related claims looked up on demand in the store (LibraryRelated): the desk holds no index of
every claim, and finds what the whole-library index finds among reports that share a subject."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import SAMPLES

from claimdesk.related import LibraryRelated, RelatedIndex, related_claims
from claimdesk.store import ReviewStore
from claimdesk.store.subjects import subject_keys

EVAL = Path(__file__).parent / "eval" / "corpus"


@pytest.fixture(scope="module")
def corpus_store(tmp_path_factory: pytest.TempPathFactory) -> ReviewStore:
    root = tmp_path_factory.mktemp("related")
    folder = root / "corpus"
    folder.mkdir()
    for path in [*SAMPLES.glob("*.txt"), *EVAL.rglob("*.txt")]:
        shutil.copy(path, folder / f"{path.parent.name}-{path.name}")
    store = ReviewStore(root / "db")
    assert not store.import_paths([folder]).failed
    return store


def test_the_lookup_finds_what_the_whole_library_index_finds_in_reports_sharing_a_subject(corpus_store):
    store = ReviewStore(corpus_store.root)
    whole = RelatedIndex.from_store(store)
    lookup = LibraryRelated(store)
    keys = {rid: set(subject_keys(store.report(rid))) for rid in store.report_ids()}
    compared = 0
    for rid in store.report_ids():
        for claim in store.report(rid).claims:
            expected = [
                item for item in whole.related(rid, claim.index, limit=1000) if keys[item.report_id] & keys[rid]
            ]
            found = lookup.related(rid, claim.index, limit=1000)
            # every claim of the candidates is scored: what the index's token shortcut finds, and more
            where = {(item.report_id, item.claim) for item in found}
            assert {(item.report_id, item.claim) for item in expected} <= where, (rid, claim.index)
            assert all(item.score >= lookup.cutoff and keys[item.report_id] & keys[rid] for item in found)
            assert found == sorted(found, key=lambda r: (-r.score, r.report_id, r.claim))
            compared += bool(found)
    assert compared > 10  # restatements across reports do occur in the corpus


def test_the_lookup_reads_only_its_candidate_reports(corpus_store, monkeypatch):
    store = ReviewStore(corpus_store.root)
    rid = max(store.report_ids(), key=lambda r: len(store.subject_neighbours(store.report(r), limit=1000)))
    neighbours = store.subject_neighbours(store.report(rid), limit=1000)
    assert len(neighbours) > 3
    read: list[str] = []
    real = store.report
    monkeypatch.setattr(store, "report", lambda r: (read.append(r), real(r))[1])
    LibraryRelated(store, candidates=3).related(rid, 1)
    assert read[0] == rid and sorted(read[1:]) == sorted(neighbours[:3])  # the three sharing most subjects


def test_related_claims_from_the_lookup_carry_their_marks(corpus_store):
    store = ReviewStore(corpus_store.root)
    lookup = LibraryRelated(store)
    rid, claim, item = next(
        (rid, c.index, found[0])
        for rid in store.report_ids()
        for c in store.report(rid).claims
        if (found := lookup.related(rid, c.index))
    )
    store.add_mark(item.report_id, item.claim, "disputed", reviewer="bob")
    marked = related_claims(store, lookup, rid, claim)
    assert marked[0].marks == {"bob": "disputed"}


def test_a_report_without_subjects_or_an_unknown_claim_finds_nothing(corpus_store):
    store = ReviewStore(corpus_store.root)
    lookup = LibraryRelated(store)
    assert lookup.related("no-such-report", 1) == []
    rid = store.report_ids()[0]
    assert lookup.related(rid, 10_000) == []


def test_a_store_keeping_few_shards_parsed_answers_the_same(corpus_store):
    few = ReviewStore(corpus_store.root, shard_cache=2)
    every = ReviewStore(corpus_store.root)
    for rid in every.report_ids()[:20]:
        for claim in every.report(rid).claims:
            assert LibraryRelated(few).related(rid, claim.index) == LibraryRelated(every).related(rid, claim.index)
    assert len(few._library._shards) == 2 < len(every._library._shards)  # the bound holds


def test_a_look_up_no_longer_wanted_reads_nothing(corpus_store, monkeypatch):
    store = ReviewStore(corpus_store.root)
    monkeypatch.setattr(store, "report", lambda rid: pytest.fail("read a report"))
    assert LibraryRelated(store).related(store.report_ids()[0], 1, wanted=lambda: False) == []
