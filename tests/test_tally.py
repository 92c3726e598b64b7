"""`claimdesk stats` in one streaming pass: the same counts and agreement as asking report by
report, without keeping the review files in memory."""

from __future__ import annotations

import os
import random
from pathlib import Path

from conftest import seed_folder

from claimdesk.agreement import agreement_of, pairwise, ratings_from_marks
from claimdesk.library_agreement import agreement_summary
from claimdesk.store import MarkRequest, ReviewStore
from claimdesk.pace import library_pace, pace_dict
from claimdesk.tally import collect_stats

VERDICTS = ("confirmed", "disputed", "unsupported", "needs-check", "cleared")


def _agreement_one_by_one(store: ReviewStore) -> dict:
    """The agreement as it was worked out before streaming: every shared claim held, then pooled."""
    every: list[dict[str, str]] = []
    reports = {}
    for rid in sorted(set(store.reviewed_ids()) & set(store.report_ids())):
        shared = [r for r in ratings_from_marks(store.current_marks(rid)).values() if len(r) >= 2]
        if shared:
            every.extend(shared)
            reports[rid] = agreement_of(shared).to_dict()
    return {
        "overall": agreement_of(every).to_dict(),
        "reports": reports,
        "pairs": [{"a": a, "b": b, **result.to_dict()} for a, b, result in pairwise(every)],
    }


def _expected(store: ReviewStore) -> dict:
    """The counts as they were worked out report by report, from Mark objects."""
    by_verdict = dict.fromkeys(VERDICTS[:-1], 0)
    by_reviewer: dict[str, dict[str, int]] = {}
    triage = dict.fromkeys(("accept", "watchlist", "quarantine", "reject"), 0)
    marked = total = corrections = 0
    for rid in store.reviewed_ids():
        reviews = store.reviews(rid)
        total += len(reviews.marks)
        corrections += len(reviews.corrections)
        for m in reviews.marks:
            by_reviewer.setdefault(m.reviewer, {"current": 0, "marks": 0})["marks"] += 1
        if reviews.triage:
            triage[store.triage(rid)[-1].decision.value] += 1
        current = store.current_marks(rid)
        marked += len({n for n, _ in current})
        for mark in current.values():
            by_verdict[mark.verdict.value] += 1
            by_reviewer[mark.reviewer]["current"] += 1
    summaries = store.summaries()
    return {
        "database": str(store.root), "reports": len(summaries), "claims": sum(s.claims for s in summaries),
        "marked_claims": marked, "current_marks": sum(by_verdict.values()), "marks_total": total,
        "by_verdict": by_verdict, "by_reviewer": dict(sorted(by_reviewer.items())), "triage": triage,
        "corrections": corrections, "agreement": _agreement_one_by_one(store),
        "pace": pace_dict(library_pace(store)),
    }


def test_streamed_stats_equal_the_counts_taken_report_by_report(tmp_path: Path) -> None:
    store = ReviewStore(tmp_path / "db")
    folder = seed_folder(tmp_path)
    store.import_paths([folder])
    rng = random.Random(5)
    claims = {s.id: s.claims for s in store.summaries() if s.claims}
    requests = [  # some with the seconds the desk records (pace), some without
        MarkRequest(rid, rng.randint(1, claims[rid]), rng.choice(VERDICTS), reviewer=rng.choice(("ann", "bo", "cy")),
                    seconds=rng.choice((None, round(rng.uniform(0.5, 90), 3))))
        for rid in rng.choices(sorted(claims), k=400)
    ]
    for start in range(0, len(requests), 100):  # several commits: later marks replace earlier ones
        store.add_marks(requests[start : start + 100])
    rid = sorted(claims)[0]
    store.add_triage(rid, "watchlist", reviewer="ann")
    store.add_triage(rid, "accept", reviewer="bo")
    # A new version without its first claim: marks follow claims by their text.
    path = next(folder.glob(f"{sorted(claims)[1]}*"))
    text = path.read_text(encoding="utf-8")
    first = store.report(sorted(claims)[1]).claims[0].text
    path.write_text(text.replace(first, "A claim rewritten for the new version.", 1), encoding="utf-8")
    store.import_paths([path])
    fresh = ReviewStore(store.root)
    got = collect_stats(fresh, workers=1).to_dict()
    assert got == _expected(ReviewStore(store.root))
    # Split between processes (the review files shared out, the counts merged): the same figures.
    assert collect_stats(ReviewStore(store.root), workers=2).to_dict() == got
    from claimdesk import tally

    two = ReviewStore(store.root)
    counts, agreement, _ = tally._collect_forked(two, 3)  # forced, whatever threads the test runner has
    assert (counts.marks_total, counts.by_verdict, agreement.summary()) == (
        got["marks_total"], got["by_verdict"], got["agreement"])
    assert got["current_marks"] > 50 and got["agreement"]["overall"]["claims"] > 5
    assert got["triage"]["accept"] == 1
    assert got["pace"]["reviewers"] and got["pace"]["median_report_seconds"]
    assert agreement_summary(fresh) == got["agreement"]
    assert not fresh._reviews._cache  # every review file was read and let go


def test_two_reviewers_give_cohen_and_more_give_fleiss_as_before(tmp_path: Path) -> None:
    store = ReviewStore(tmp_path / "db")
    store.import_paths([seed_folder(tmp_path)])
    rng = random.Random(9)
    claims = {s.id: s.claims for s in store.summaries() if s.claims}
    for reviewers in (("ann", "bo"), ("ann", "bo", "cy", "di")):
        store.add_marks([
            MarkRequest(rid, n, rng.choice(VERDICTS[:3]), reviewer=who)
            for rid in sorted(claims) for n in range(1, claims[rid] + 1) for who in reviewers if rng.random() < 0.7
        ])
        fresh = ReviewStore(store.root)
        assert collect_stats(fresh).agreement == _agreement_one_by_one(fresh)
        assert collect_stats(fresh).agreement["overall"]["method"] == ("cohen" if len(reviewers) == 2 else "fleiss")


def test_stats_of_an_empty_database(tmp_path: Path) -> None:
    stats = collect_stats(ReviewStore(tmp_path / "db"))
    assert (stats.reports, stats.current_marks, stats.agreement["overall"]["claims"]) == (0, 0, 0)


def _marked_library(tmp_path: Path) -> ReviewStore:
    store = ReviewStore(tmp_path / "db")
    store.import_paths([seed_folder(tmp_path)])
    claims = {s.id: s.claims for s in store.summaries() if s.claims}
    store.add_marks([MarkRequest(rid, 1, "disputed", reviewer="ann") for rid in claims])
    return store


def test_a_damaged_bucket_in_this_process_share_ends_the_forked_count_at_once(tmp_path: Path) -> None:
    import os

    import pytest

    from claimdesk import tally
    from claimdesk.store.files import DatabaseCorrupt

    store = _marked_library(tmp_path)
    buckets = sorted((store.root / "reviews").glob("*.json"))
    assert len(buckets) > 2
    for bucket in buckets:  # every share holds a damaged bucket, this process's first of all
        bucket.write_bytes(bucket.read_bytes()[:20])
    with pytest.raises(DatabaseCorrupt, match="left untouched"):
        tally._collect_forked(ReviewStore(store.root), 3)
    # Every child was waited for: none is left running or unreaped.
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)


def test_a_child_that_fails_has_its_share_counted_here(tmp_path: Path, monkeypatch) -> None:
    from claimdesk import tally

    store = _marked_library(tmp_path)
    expected = collect_stats(ReviewStore(store.root), workers=1).to_dict()
    parent = os.getpid()
    real = tally._collect

    def failing_in_children(store, part):
        if os.getpid() != parent:
            raise RuntimeError("a child that dies")
        return real(store, part)

    monkeypatch.setattr(tally, "_collect", failing_in_children)
    counts, agreement, _ = tally._collect_forked(ReviewStore(store.root), 3)
    assert (counts.marks_total, counts.by_verdict, agreement.summary()) == (
        expected["marks_total"], expected["by_verdict"], expected["agreement"])
