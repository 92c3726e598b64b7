"""`claimdesk stats` from tallies kept per review bucket (store/tallies.py): the same figures as
counting every mark again, whatever changed behind the kept files, and nothing written or
created where it must not be."""

from __future__ import annotations

import dataclasses
import json
import random
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_tally import _expected

from claimdesk.cli import cli as main
from claimdesk.store import MarkRequest, ReviewStore
from claimdesk.store import tallies
from claimdesk.store.reviews import ReviewFiles
from claimdesk.store.synthetic import fill
from claimdesk.tally import collect_stats

VERDICTS = ("confirmed", "disputed", "unsupported", "needs-check", "cleared")


@pytest.fixture(autouse=True)
def no_racy_wait(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files written a moment ago are kept here (the wait for the clock's resolution is tested alone)."""
    monkeypatch.setattr(tallies, "RACY_NS", 0)


def _library(root: Path, reports: int = 40) -> tuple[ReviewStore, dict[str, int]]:
    store = ReviewStore(root)
    fill(store, reports=reports, marks=0)
    return store, {s.id: s.claims for s in store.summaries()}


def _random_reviews(store: ReviewStore, claims: dict[str, int], rng: random.Random, count: int) -> None:
    ids = sorted(claims)
    store.add_marks([
        MarkRequest(rid, rng.randint(1, claims[rid]), rng.choice(VERDICTS), reviewer=rng.choice(("ann", "bo", "cy")),
                    seconds=rng.choice((None, round(rng.uniform(0.5, 90), 3))))
        for rid in rng.choices(ids, k=count)
    ])
    for rid in rng.sample(ids, 3):
        store.add_triage(rid, rng.choice(("accept", "watchlist", "quarantine", "reject")), reviewer="ann")
    store.add_correction(rng.choice(ids), "CLAIM", "a claim was cut", reviewer="bo")


def _counted(root: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[dict, int]:
    """stats --json's figures and how many review buckets were read to get them."""
    read: list[Path] = []
    original = ReviewFiles.bucket_digests

    def counting(self: ReviewFiles, path: Path, keys_of):  # type: ignore[no-untyped-def]
        read.append(path)
        return original(self, path, keys_of)

    monkeypatch.setattr(ReviewFiles, "bucket_digests", counting)
    got = collect_stats(ReviewStore(root), workers=1).to_dict()
    monkeypatch.setattr(ReviewFiles, "bucket_digests", original)
    return got, len(read)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_kept_tallies_give_the_figures_of_counting_again_after_random_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed: int
) -> None:
    rng = random.Random(seed)
    store, claims = _library(tmp_path / "db")
    for step in range(4):
        _random_reviews(store, claims, rng, 150)
        if step == 2:  # a new version of a reviewed report without its first claim: marks follow claims by key
            rid = rng.choice(sorted(claims))
            old = store.report(rid)
            store.add_reports([dataclasses.replace(old, claims=old.claims[1:])], run_checks=False)
            claims[rid] -= 1
        first, _ = _counted(store.root, monkeypatch)
        kept, read = _counted(store.root, monkeypatch)
        assert read == 0  # nothing changed: every figure came from the kept tallies
        assert kept == first == _expected(ReviewStore(store.root))
        assert collect_stats(ReviewStore(store.root), workers=2).to_dict() == kept
    assert kept["current_marks"] > 100 and kept["agreement"]["overall"]["claims"] > 5 and kept["pace"]["reviewers"]


def test_only_the_changed_bucket_is_read_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store, claims = _library(tmp_path / "db")
    _random_reviews(store, claims, random.Random(4), 200)
    before, read = _counted(store.root, monkeypatch)
    assert read > 10
    rid = sorted(claims)[0]
    ReviewStore(store.root).add_marks([MarkRequest(rid, 1, "disputed", reviewer="zed")])  # another process
    after, read = _counted(store.root, monkeypatch)
    assert read == 1
    assert after["marks_total"] == before["marks_total"] + 1
    assert after["by_reviewer"]["zed"] == {"current": 1, "marks": 1}
    assert after == _expected(ReviewStore(store.root))


def test_a_new_version_with_other_claims_is_counted_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store, claims = _library(tmp_path / "db", reports=8)
    rid = sorted(claims)[0]
    store.add_marks([MarkRequest(rid, n, "confirmed", reviewer="ann") for n in range(1, claims[rid] + 1)])
    before, _ = _counted(store.root, monkeypatch)
    old = store.report(rid)
    store.add_reports([dataclasses.replace(old, claims=old.claims[2:])], run_checks=False)  # no review file changes
    after, read = _counted(store.root, monkeypatch)
    assert read == 1
    assert after["by_verdict"]["confirmed"] == before["by_verdict"]["confirmed"] - 2
    assert after == _expected(ReviewStore(store.root))


@pytest.mark.parametrize("damage", ["garbage", "cut", "flipped", "forged", "empty"])
def test_a_damaged_tally_is_counted_again_never_trusted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage: str
) -> None:
    import hashlib

    store, claims = _library(tmp_path / "db", reports=12)
    _random_reviews(store, claims, random.Random(6), 80)
    truth, _ = _counted(store.root, monkeypatch)
    kept = sorted((store.root / "digests").glob("reviews-*.tally"))
    assert kept
    for path in kept:
        raw = path.read_bytes()
        if damage == "garbage":
            path.write_bytes(b"\x00not a tally\xff")
        elif damage == "cut":
            path.write_bytes(raw[: len(raw) // 2])
        elif damage == "flipped":
            path.write_bytes(raw.replace(b'"marks":', b'"marks":1', 1))
        elif damage == "forged":  # a well-hashed file of the wrong shape
            _, _, body = raw.partition(b"\n")
            head, _, _ = body.partition(b"\n")
            body = head + b'\n{"marked": "many"}'
            path.write_bytes(hashlib.blake2b(body, digest_size=16).hexdigest().encode() + b"\n" + body)
        else:
            path.write_bytes(b"")
    got, read = _counted(store.root, monkeypatch)
    assert got == truth
    assert read == len(kept)
    assert all(path.read_bytes() != b"" and b"not a tally" not in path.read_bytes() for path in kept)  # rewritten
    assert _counted(store.root, monkeypatch)[1] == 0


def test_damaged_library_keys_are_read_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store, claims = _library(tmp_path / "db", reports=12)
    _random_reviews(store, claims, random.Random(7), 60)
    truth, _ = _counted(store.root, monkeypatch)
    for path in (store.root / "digests").glob("library-*.keys"):
        path.write_bytes(b"junk")
    assert _counted(store.root, monkeypatch) == (truth, 0)


def test_a_bucket_changed_a_moment_ago_is_not_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two writes within one tick of the file system's clock could leave one signature: wait it out."""
    monkeypatch.setattr(tallies, "RACY_NS", 3600 * 10**9)
    store, claims = _library(tmp_path / "db", reports=6)
    _random_reviews(store, claims, random.Random(8), 30)
    got, _ = _counted(store.root, monkeypatch)
    assert got == _expected(ReviewStore(store.root))
    assert not list((store.root / "digests").glob("reviews-*.tally"))


def test_a_damaged_bucket_fails_as_before_and_gets_no_tally(tmp_path: Path) -> None:
    store, claims = _library(tmp_path / "db", reports=6)
    _random_reviews(store, claims, random.Random(9), 30)
    bucket = sorted((store.root / "reviews").glob("*.json"))[0]
    bucket.write_text('{"marks": {"1": {"report_id": "x"}}}', encoding="utf-8")
    result = CliRunner().invoke(main, ["stats", "--json", "--db", str(store.root)])
    assert result.exit_code != 0 and "damaged" in result.output and "Traceback" not in result.output
    assert not (store.root / "digests" / f"reviews-{bucket.stem}.tally").exists()


def test_stats_works_where_nothing_can_be_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store, claims = _library(tmp_path / "db", reports=10)
    _random_reviews(store, claims, random.Random(10), 60)
    expected = collect_stats(ReviewStore(store.root), workers=1).to_dict()
    root = store.root
    import shutil

    shutil.rmtree(root / "digests")

    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(30, "Read-only file system")

    monkeypatch.setattr(Path, "mkdir", refuse)
    monkeypatch.setattr(Path, "write_bytes", refuse)
    result = CliRunner().invoke(main, ["stats", "--json", "--db", str(root)])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == expected
    assert not (root / "digests").exists()


def test_stats_on_a_missing_database_creates_nothing(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["stats", "--json", "--db", str(tmp_path / "none")])
    assert result.exit_code == 2
    assert not (tmp_path / "none").exists()


def test_the_command_prints_the_same_with_and_without_kept_tallies(tmp_path: Path) -> None:
    store, claims = _library(tmp_path / "db", reports=10)
    _random_reviews(store, claims, random.Random(11), 80)
    runner = CliRunner()
    first = [runner.invoke(main, ["stats", *extra, "--db", str(store.root)]).output for extra in ((), ("--json",))]
    assert (store.root / "digests").is_dir()
    again = [runner.invoke(main, ["stats", *extra, "--db", str(store.root)]).output for extra in ((), ("--json",))]
    assert first == again and "current marks" in first[0]


def test_rows_from_before_claim_keys_were_kept_count_by_their_snapshots(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store, claims = _library(tmp_path / "db", reports=12)
    _random_reviews(store, claims, random.Random(12), 80)
    truth, _ = _counted(store.root, monkeypatch)
    for shard in (store.root / "library").glob("*.json"):
        data = json.loads(shard.read_text(encoding="utf-8"))
        for row in data["rows"].values():
            row.pop("claim_keys", None)
        shard.write_text(json.dumps(data), encoding="utf-8")
    assert _counted(store.root, monkeypatch)[0] == truth  # counted again: the library's answer changed form
    assert _counted(store.root, monkeypatch) == (truth, 0)


def test_a_pass_that_fails_keeps_nothing(tmp_path: Path) -> None:
    """A command that fails on a damaged bucket leaves the database as it found it, kept files too."""
    store, claims = _library(tmp_path / "db", reports=30)
    _random_reviews(store, claims, random.Random(13), 120)
    bucket = sorted((store.root / "reviews").glob("*.json"))[-1]  # counted last
    bucket.write_text(bucket.read_text(encoding="utf-8").replace('"verdict"', '"verdikt"'), encoding="utf-8")
    for extra in ((), ("--json",)):
        result = CliRunner().invoke(main, ["stats", *extra, "--db", str(store.root)])
        assert result.exit_code != 0 and "damaged" in result.output
    assert not (store.root / "digests").exists()


def _writer(root: str, seed: int, rounds: int) -> None:
    store = ReviewStore(Path(root))
    claims = {s.id: s.claims for s in store.summaries()}
    rng = random.Random(seed)
    for _ in range(rounds):
        store.add_marks([
            MarkRequest(rid, rng.randint(1, claims[rid]), rng.choice(VERDICTS), reviewer=f"w{seed}")
            for rid in rng.choices(sorted(claims), k=5)
        ])


@pytest.mark.slow
def test_counts_taken_while_others_write_never_keep_a_stale_tally(tmp_path: Path) -> None:
    import multiprocessing

    store, _ = _library(tmp_path / "db", reports=30)
    context = multiprocessing.get_context("fork")
    writers = [context.Process(target=_writer, args=(str(store.root), seed, 40)) for seed in (1, 2)]
    for writer in writers:
        writer.start()
    counts = 0
    while any(w.is_alive() for w in writers) or counts < 3:
        collect_stats(ReviewStore(store.root), workers=1)  # keeps tallies as buckets change under it
        counts += 1
    for writer in writers:
        writer.join()
        assert writer.exitcode == 0
    assert collect_stats(ReviewStore(store.root), workers=1).to_dict() == _expected(ReviewStore(store.root))
    assert collect_stats(ReviewStore(store.root), workers=1).to_dict()["marks_total"] == 2 * 40 * 5
