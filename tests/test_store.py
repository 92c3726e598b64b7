"""The review store: library, versions, marks following claims, additive records."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest
from conftest import SEEDS, SEED_NAMES, seed_folder

from claimdesk.errors import NotFound, StoreError
from claimdesk.model import CorrectionType, Verdict
from claimdesk.store import InvalidRecord, MarkRequest, ReviewStore



PAPER = "001_c07bb58f8e3503ce"
WEB = "000_f713c555584e367b"


@pytest.fixture
def store(db_path: Path, tmp_path: Path) -> ReviewStore:
    s = ReviewStore(db_path)
    result = s.import_paths([seed_folder(tmp_path)])
    assert not result.failed
    return s


def test_import_builds_the_library_and_reimport_changes_nothing(store: ReviewStore, tmp_path: Path) -> None:
    ids = [s.id for s in store.summaries()]
    assert PAPER in ids and WEB in ids and len(ids) == 4
    paper = next(s for s in store.summaries() if s.id == PAPER)
    assert paper.claims == len(store.report(PAPER).claims) > 0
    assert paper.version == 1 and paper.imported_at.endswith("+00:00")
    again = store.import_paths([seed_folder(tmp_path)])
    assert again.added == [] and again.updated == [] and sorted(again.unchanged) == sorted(ids)


def test_import_lists_bad_files_and_keeps_the_rest(db_path: Path, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SEEDS / f"{PAPER}.txt", folder)
    (folder / "broken.txt").write_text("this is not a report\n")
    (folder / ".hidden.txt").write_text("skipped\n")
    (folder / "notes.csv").write_text("ignored\n")
    store = ReviewStore(db_path)
    result = store.import_paths([folder, tmp_path / "missing"])
    assert result.added == [PAPER]
    failed = dict(result.failed)
    assert str(folder / "broken.txt") in failed and failed[str(folder / "broken.txt")]
    assert str(tmp_path / "missing") in failed
    assert not any(".hidden" in p for p in failed)


def test_resolve_by_prefix(store: ReviewStore) -> None:
    assert store.resolve("001") == PAPER
    assert store.resolve(PAPER) == PAPER
    with pytest.raises(NotFound, match="matches 4 reports"):
        store.resolve("0")
    with pytest.raises(NotFound, match="no report"):
        store.resolve("zzz")


def test_every_mark_is_kept_and_the_newest_counts(store: ReviewStore) -> None:
    first = store.add_mark(PAPER, 2, "disputed", "numbers differ", reviewer="ann")
    second = store.add_mark("001", 2, Verdict.CONFIRMED, reviewer="ann")
    store.add_mark(PAPER, 2, "unsupported", reviewer="bob")
    assert [m.id for m in store.marks(PAPER)][:2] == [first.id, second.id]
    assert len(store.marks(PAPER)) == 3
    current = store.current_marks(PAPER)
    assert current[(2, "ann")].verdict is Verdict.CONFIRMED
    assert current[(2, "bob")].verdict is Verdict.UNSUPPORTED
    assert first.at.endswith("+00:00") and len(first.id) == 32
    assert store.progress("ann") == {PAPER: 1}


def test_cleared_withdraws_a_mark_but_keeps_history(store: ReviewStore) -> None:
    store.add_mark(PAPER, 1, "disputed", reviewer="ann")
    store.add_mark(PAPER, 1, "cleared", reviewer="ann")
    assert store.current_marks(PAPER) == {}
    assert [m.verdict for m in store.marks(PAPER)] == [Verdict.DISPUTED, Verdict.CLEARED]
    assert store.progress("ann") == {}


def test_holds_mark_says_whether_a_cleared_mark_would_withdraw_anything(store: ReviewStore) -> None:
    assert not store.holds_mark(PAPER, 1, "ann")
    store.add_mark(PAPER, 1, "disputed", reviewer="ann")
    assert store.holds_mark(PAPER[:3], 1, " ann ")  # a prefix, and the name as the store keeps it
    assert not store.holds_mark(PAPER, 1, "bob") and not store.holds_mark(PAPER, 2, "ann")
    store.add_mark(PAPER, 1, "cleared", reviewer="ann")
    assert not store.holds_mark(PAPER, 1, "ann")
    with pytest.raises(NotFound):
        store.holds_mark(PAPER, 999, "ann")  # out of range is an error, not "nothing to withdraw"


@pytest.mark.parametrize(
    ("report", "claim", "verdict", "error"),
    [
        ("nope", 1, "confirmed", NotFound),
        (PAPER, 0, "confirmed", NotFound),
        (PAPER, 999, "confirmed", NotFound),
        (WEB, 1, "confirmed", NotFound),  # the web layout has no claim table
        (PAPER, 1, "great", InvalidRecord),
    ],
)
def test_a_bad_mark_writes_nothing(store: ReviewStore, report: str, claim: int, verdict: str, error: type) -> None:
    token = store.change_token()
    with pytest.raises(error):
        store.add_mark(report, claim, verdict, reviewer="ann")
    assert not any((store.root / "reviews").iterdir())
    assert store.change_token() == token


def test_marks_follow_claims_into_a_new_version(db_path: Path, tmp_path: Path) -> None:
    source = tmp_path / f"{PAPER}.txt"
    text = (SEEDS / f"{PAPER}.txt").read_text(encoding="utf-8")
    source.write_text(text, encoding="utf-8")
    store = ReviewStore(db_path)
    store.import_paths([source])
    before = store.report(PAPER)
    moved, gone = before.claims[1], before.claims[0]
    store.add_mark(PAPER, 2, "disputed", reviewer="ann")
    store.add_mark(PAPER, 1, "confirmed", reviewer="ann")
    assert store.progress("ann") == {PAPER: 2}
    # The new version drops the first claim row: claim 2 becomes claim 1.
    lines = text.splitlines(keepends=True)
    drop = next(i for i, line in enumerate(lines) if line.startswith(gone.text[:40]))
    source.write_text("".join(lines[:drop] + lines[drop + 1 :]), encoding="utf-8")
    result = store.import_paths([source])
    assert result.updated == [PAPER]
    after = store.report(PAPER)
    assert after.claims[0].text == moved.text
    assert store.summary(PAPER).version == 2
    versions = store.versions(PAPER)
    assert [v["version"] for v in versions] == [1, 2]
    assert versions[0]["report"]["claims"][0]["text"] == gone.text  # the first version is kept whole
    assert versions[1]["source"] == str(source.resolve())
    current = store.current_marks(PAPER)
    assert list(current) == [(1, "ann")] and current[(1, "ann")].verdict is Verdict.DISPUTED
    assert len(store.marks(PAPER)) == 2  # the mark on the vanished claim is kept
    # progress counts the claims of the current version only, read afresh or from cached buckets
    assert store.progress("ann") == ReviewStore(db_path).progress("ann") == {PAPER: 1}


def test_batch_reports_bad_requests_and_saves_the_rest(store: ReviewStore) -> None:
    saved, errors = [], []
    store.add_marks(
        [
            MarkRequest(PAPER, 1, "confirmed", reviewer="ann", tag=1),
            MarkRequest(PAPER, 99, "confirmed", reviewer="ann", tag=2),
            MarkRequest("003", 2, "disputed", reviewer="ann", tag=3),
        ],
        on_saved=lambda r, m: saved.append(r.tag),
        on_error=lambda r, e: errors.append((r.tag, str(e))),
    )
    assert saved == [1, 3]
    assert errors[0][0] == 2 and "no claim 99" in errors[0][1]
    assert len(store.marks(PAPER)) == 1


def test_triage_and_corrections_are_additive(store: ReviewStore) -> None:
    store.add_triage(PAPER, "watchlist", reviewer="ann")
    store.add_triage(PAPER, "reject", "counts disagree", reviewer="bob")
    assert [t.decision.value for t in store.triage(PAPER)] == ["watchlist", "reject"]
    first = store.add_correction(PAPER, "CLAIM", "claim 2 overstated", claim=2, fields=["claims"], reviewer="ann")
    answer = store.add_correction(PAPER, CorrectionType.METADATA, "wrong type", supersedes=first.event_id, reviewer="ann")
    assert [e.event_id for e in store.corrections(PAPER)] == [first.event_id, answer.event_id]
    assert answer.supersedes == first.event_id and len(first.event_id) == 36
    with pytest.raises(InvalidRecord):
        store.add_correction(PAPER, "CLAIM", "   ", reviewer="ann")
    with pytest.raises(InvalidRecord):
        store.add_correction(PAPER, "TYPO", "x", reviewer="ann")
    with pytest.raises(NotFound):
        store.add_correction(PAPER, "CLAIM", "x", supersedes="not-an-event", reviewer="ann")
    assert len(store.corrections(PAPER)) == 2


def test_change_token_sees_other_writers(store: ReviewStore, db_path: Path) -> None:
    other = ReviewStore(db_path)
    token = store.change_token()
    other.add_mark(PAPER, 3, "needs-check", reviewer="bob")
    assert store.change_token() != token
    token2, changed = store.changed_since(token)
    assert changed == {PAPER}
    assert store.changed_since(token2)[1] == set()
    assert store.current_marks(PAPER)[(3, "bob")].verdict is Verdict.NEEDS_CHECK


def test_a_file_or_foreign_folder_is_not_taken_for_a_database(tmp_path: Path) -> None:
    plain = tmp_path / "reviews.db"
    plain.write_text("x")
    with pytest.raises(StoreError, match="is a file"):
        ReviewStore(plain)
    foreign = tmp_path / "docs"
    foreign.mkdir()
    (foreign / "thesis.txt").write_text("mine")
    with pytest.raises(StoreError, match="not a claimdesk review database"):
        ReviewStore(foreign)
    assert sorted(p.name for p in foreign.iterdir()) == ["thesis.txt"]


def test_bulk_add_reports(db_path: Path, store: ReviewStore) -> None:
    fresh = ReviewStore(db_path.parent / "bulk")
    result = fresh.add_reports([store.report(PAPER)])
    assert result.added == [PAPER]
    assert fresh.report(PAPER) == store.report(PAPER)


def test_marks_made_in_a_burst_keep_their_order(store: ReviewStore) -> None:
    verdicts = ["disputed", "confirmed", "unsupported", "needs-check"] * 10
    store.add_marks([MarkRequest(PAPER, 4, v, reviewer="ann") for v in verdicts])
    stamps = [m.at for m in store.marks(PAPER)]
    assert stamps == sorted(stamps) and len(set(stamps)) == len(stamps)
    assert store.current_marks(PAPER)[(4, "ann")].verdict.value == "needs-check"


def test_records_copied_from_another_database_are_a_union_by_id(store: ReviewStore, db_path: Path) -> None:
    mark = store.add_mark(PAPER, 1, "disputed", reviewer="ann")
    event = store.add_correction(PAPER, "CLAIM", "claim 1 misquoted", reviewer="ann")
    other = ReviewStore(db_path.parent / "other")
    other.add_reports([store.report(PAPER)], hashes={PAPER: store.content_hash(PAPER)})
    assert other.content_hash(PAPER) == store.content_hash(PAPER)
    assert tuple(other.add_records(marks=[mark, mark], corrections=[event])) == (1, 0, 1)
    assert tuple(other.add_records(marks=[mark], corrections=[event])) == (0, 0, 0)
    assert other.marks(PAPER) == [mark] and other.corrections(PAPER) == [event]


def test_importing_the_folder_that_holds_the_database_skips_the_database(tmp_path: Path) -> None:
    folder = seed_folder(tmp_path)
    store = ReviewStore(folder / "reviews-db")
    first = store.import_paths([folder])
    assert sorted(first.added) == sorted(Path(n).stem for n in SEED_NAMES) and not first.failed
    store.add_mark(PAPER, 1, "confirmed", reviewer="ann")
    again = store.import_paths([folder])
    assert again.added == [] and again.failed == [] and len(again.unchanged) == 4


def test_a_reader_sees_another_writer_even_when_file_signatures_collide(
    store: ReviewStore, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A replaced file can reuse the old inode, size and time stamp; the change log still tells."""
    import claimdesk.store.reviews as reviews

    store.add_mark(PAPER, 1, "confirmed", reviewer="ann")
    monkeypatch.setattr(reviews, "signature", lambda path: (1, 1, 1) if path.exists() else None)
    assert len(store.marks(PAPER)) == 1  # cached under the colliding signature
    ReviewStore(db_path).add_mark(PAPER, 1, "disputed", reviewer="bob")
    assert [m.reviewer for m in store.marks(PAPER)] == ["ann", "bob"]


def test_hostile_report_ids_stay_inside_the_database(db_path: Path, store: ReviewStore) -> None:
    template = store.report(PAPER)
    odd = ["../../escape", "a/b\\c", "  spaced id ", "ünïcode-ид", ".hidden", "x" * 300, "line\nbreak"]
    fresh = ReviewStore(db_path.parent / "odd")
    result = fresh.add_reports([dataclasses.replace(template, id=rid) for rid in odd], run_checks=False)
    assert sorted(result.added) == sorted(odd)
    assert sorted(fresh.report_ids()) == sorted(odd)
    for rid in odd:
        assert fresh.report(rid).id == rid
        fresh.add_mark(rid, 1, "confirmed", reviewer="ann")
        assert fresh.marks(rid)[0].report_id == rid
    inside = {p.resolve().parent for p in fresh.root.rglob("*")}
    folders = {fresh.root} | {fresh.root / sub for sub in ("snapshots", "reviews", "index", "library")}
    assert inside <= {f.resolve() for f in folders}
    with pytest.raises(InvalidRecord):
        fresh.add_reports([dataclasses.replace(template, id=" ")])


def test_an_import_writes_one_snapshot_pack_not_a_file_per_report(store: ReviewStore, tmp_path: Path) -> None:
    packs = sorted((store.root / "snapshots").glob("*.json"))
    assert len(packs) == 1  # the four seeds were one import group
    reopened = ReviewStore(store.root)
    assert reopened.report(PAPER).id == PAPER and reopened.report(WEB).id == WEB


def test_a_damaged_snapshot_pack_is_refused_and_left_as_it_was(store: ReviewStore, tmp_path: Path) -> None:
    from claimdesk.errors import DatabaseCorrupt

    (pack,) = (store.root / "snapshots").glob("*.json")
    damaged = pack.read_bytes().replace(b'"claims"', b'"cla\x00ms', 1)
    pack.write_bytes(damaged)
    fresh = ReviewStore(store.root)
    with pytest.raises(DatabaseCorrupt, match="restore a backup"):
        for rid in fresh.report_ids():
            fresh.report(rid)
    assert pack.read_bytes() == damaged
    assert fresh.summaries()  # the library itself still loads


def test_a_database_of_the_earlier_layout_is_refused_untouched(tmp_path: Path) -> None:
    old = tmp_path / "old-db"
    (old / "snapshots").mkdir(parents=True)
    (old / "claimdesk.json").write_text('{"format": "claimdesk-review-db", "version": 1}')
    before = sorted(p.name for p in old.rglob("*"))
    with pytest.raises(StoreError, match="earlier database layout"):
        ReviewStore(old)
    assert sorted(p.name for p in old.rglob("*")) == before


def test_import_leaves_findings_unchecked_unless_asked(store: ReviewStore, db_path: Path, tmp_path: Path) -> None:
    """A count frozen at import would go stale as the library grows, so import leaves it open."""
    from claimdesk.checks import check_report

    assert all(s.findings is None and s.worst_severity is None for s in store.summaries())
    checked = ReviewStore(tmp_path / "checked")
    assert not checked.import_paths([seed_folder(tmp_path)], run_checks=True).failed
    paper = checked.summary(PAPER)
    own = check_report(checked.report(PAPER))
    assert paper is not None and paper.findings == len(own) > 0
    assert paper.worst_severity in {f.severity for f in own}
    from claimdesk.store import importer as core

    assert core.worker_count(131, 2) == 2  # checks asked for also run in worker processes
    pooled = ReviewStore(tmp_path / "pooled")
    assert len(pooled.import_paths([_copies(tmp_path / "many", 130)], workers=2, run_checks=True).added) == 130
    assert all(s.findings is not None for s in pooled.summaries())


def _copies(folder: Path, count: int) -> Path:
    """``count`` report files: the seeds under new ids (the id is the file name)."""
    folder.mkdir()
    texts = [(SEEDS / name).read_bytes() for name in SEED_NAMES]
    for n in range(count):
        (folder / f"copy-{n:03d}.txt").write_bytes(texts[n % len(texts)])
    (folder / "broken.txt").write_bytes(b"\x00 not a report")
    return folder


def test_an_import_in_worker_processes_matches_one_in_this_process(tmp_path: Path) -> None:
    from claimdesk.store import importer as core

    folder = _copies(tmp_path / "reports", 150)
    assert core.worker_count(151, 2) == 2  # the pool is really used
    here = ReviewStore(tmp_path / "here")
    pooled = ReviewStore(tmp_path / "pooled")
    serial_result = here.import_paths([folder], workers=1)
    pooled_result = pooled.import_paths([folder], workers=2)
    assert pooled_result == serial_result
    assert len(pooled_result.added) == 150 and [p for p, _ in pooled_result.failed] == [str(folder / "broken.txt")]
    strip = lambda s: dataclasses.replace(s, imported_at="")  # noqa: E731
    assert [strip(s) for s in pooled.summaries()] == [strip(s) for s in here.summaries()]
    assert pooled.report("copy-149") == here.report("copy-149")
    assert pooled.import_paths([folder], workers=2).unchanged == pooled_result.added


def test_an_import_falls_back_to_this_process_when_workers_cannot_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import concurrent.futures

    def no_processes(*args: object, **kwargs: object) -> None:
        raise OSError("no processes left")

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", no_processes)
    folder = _copies(tmp_path / "reports", 20)
    result = ReviewStore(tmp_path / "db").import_paths([folder], workers=2)
    assert len(result.added) == 20


def test_a_script_without_a_main_guard_can_import_a_large_folder(tmp_path: Path) -> None:
    import subprocess
    import sys

    folder = _copies(tmp_path / "reports", 40)
    script = tmp_path / "plain_script.py"
    script.write_text(
        "from claimdesk.store import ReviewStore\n"
        f"result = ReviewStore({str(tmp_path / 'db')!r}).import_paths([{str(folder)!r}], workers=2)\n"
        "print(len(result.added))\n"
    )
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["40"]
