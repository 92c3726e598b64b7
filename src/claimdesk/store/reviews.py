"""Review records: marks, triage and corrections in 256 TinyDB buckets under reviews/.

This module owns reviews/ and two caches: each bucket parsed, kept while its
signature is unchanged (dropped when the change log names one of its reports, or
a walk is done with it), and the reviewed ids, kept while every file's is. Writes
are group commits, acknowledged bucket by bucket: a bucket that cannot be
written fails its own records and no others.

The current mark of a (claim, reviewer) is the one with the highest order, a
hybrid logical clock assigned under the lock: the wall clock, but never less
than the last order of that claim and reviewer plus one. A clock set back
(a laptop, a merged database) cannot make a new mark older than the mark it
answers, so 'cleared' clears.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tinydb import TinyDB

from claimdesk.errors import ClaimdeskError, StoreError
from claimdesk.model import CorrectionEvent, Mark, Triage, Verdict
from claimdesk.store.changes import ChangeLog
from claimdesk.store.digest import ReviewDigest, digest
from claimdesk.store.dblock import DatabaseLock
from claimdesk.store.files import DurableStorage, Signature, WriteGroup, corrupt, scan_json_stems, signature
from claimdesk.store.records import (
    RecordsOutcome,
    correction_from_doc,
    correction_to_doc,
    doc_order,
    mark_order,
    mark_from_doc,
    mark_to_doc,
    REVIEW_BUCKETS,
    review_bucket,
    triage_from_doc,
    triage_to_doc,
)

TABLES = {
    "marks": (mark_from_doc, mark_to_doc, "id"),
    "triage": (triage_from_doc, triage_to_doc, "id"),
    "corrections": (correction_from_doc, correction_to_doc, "event_id"),
}
_INCOMPLETE = (KeyError, TypeError, ValueError, AttributeError)


@dataclass(frozen=True, slots=True)
class Reviews:
    """Everything filed against one report, in file order."""

    marks: tuple[Mark, ...] = ()
    triage: tuple[Triage, ...] = ()
    corrections: tuple[CorrectionEvent, ...] = ()


def check_tables(path: Path, data: dict[str, Any]) -> None:
    """DatabaseCorrupt unless every record of the bucket reads: checked before any write to it."""
    try:
        for table, rows in data.items():
            if table not in TABLES:
                continue
            from_doc = TABLES[table][0]
            for key, doc in rows.items():
                int(key)
                from_doc(doc)
    except _INCOMPLETE as exc:
        raise corrupt(path, f"a review record is incomplete or misnamed ({exc!r:.120})") from exc


class Bucket:
    """The records of one review file: raw documents grouped by report, converted on demand.

    Converting 100,000 marks to objects costs a second; most callers need one
    report (the desk) or a few fields of every mark (progress), so neither
    pays for the rest.
    """

    def __init__(self, path: Path, data: dict[str, Any], *, file_order: bool = True) -> None:
        """``file_order=False`` skips putting records in file order (digests need none)."""
        self.path = path
        self.raw: dict[str, dict[str, list[dict[str, Any]]]] = {}
        self._reviews: dict[str, Reviews] = {}
        self._current: dict[str, dict[str, set[str]]] = {}
        self._marks_now: dict[str, tuple[tuple[str, ...], dict[tuple[int, str], Mark]]] = {}
        try:
            for table in TABLES:
                rows = data.get(table) or {}
                # Keys are checked either way: a non-integer key is damage, whoever reads it.
                for key in (sorted(rows, key=int) if file_order else [k for k in rows if int(k) >= -1]):
                    doc = rows[key]
                    self.raw.setdefault(str(doc["report_id"]), {}).setdefault(table, []).append(doc)
        except _INCOMPLETE as exc:
            raise corrupt(path, f"a review record is incomplete or misnamed ({exc!r:.120})") from exc

    def reviews(self, report_id: str) -> Reviews:
        found = self._reviews.get(report_id)
        if found is not None:
            return found
        tables = self.raw.get(report_id)
        if not tables:
            return Reviews()
        try:
            found = Reviews(
                marks=tuple(mark_from_doc(d) for d in tables.get("marks", ())),
                triage=tuple(triage_from_doc(d) for d in tables.get("triage", ())),
                corrections=tuple(correction_from_doc(d) for d in tables.get("corrections", ())),
            )
        except _INCOMPLETE as exc:
            raise corrupt(self.path, f"a review record is incomplete ({exc!r:.120})") from exc
        self._reviews[report_id] = found
        return found

    def current_marks(self, report_id: str, keys: tuple[str, ...]) -> dict[tuple[int, str], Mark]:
        """(claim number in the version with ``keys``, reviewer) -> last mark made, 'cleared' left out.

        Cached per report for the same keys (stats and agreement ask twice); the
        bucket is replaced when its file changes, which drops this with it.
        """
        if report_id not in self.raw:
            return {}  # nothing cached: the empty bucket is shared
        cached = self._marks_now.get(report_id)
        if cached is not None and cached[0] == keys:
            return cached[1]
        positions: dict[str, list[int]] = {}
        for number, key in enumerate(keys, 1):
            positions.setdefault(key, []).append(number)
        current: dict[tuple[int, str], Mark] = {}
        for mark in sorted(self.reviews(report_id).marks, key=mark_order):
            numbers = positions.get(mark.claim_key)
            if not numbers:
                continue  # the claim is gone from the current version; the mark is kept
            number = mark.claim if mark.claim in numbers else numbers[0]
            current[(number, mark.reviewer)] = mark
        result = {k: m for k, m in current.items() if m.verdict is not Verdict.CLEARED}
        self._marks_now[report_id] = (keys, result)
        return result

    def current_keys(self, reviewer: str) -> dict[str, set[str]]:
        """report id -> claim keys whose last mark by ``reviewer`` is not 'cleared'."""
        cached = self._current.get(reviewer)
        if cached is not None:
            return cached
        result: dict[str, set[str]] = {}
        try:
            for report_id, tables in self.raw.items():
                newest: dict[str, tuple[tuple[int, str], str]] = {}
                for doc in tables.get("marks", ()):
                    if doc["reviewer"] != reviewer:
                        continue
                    stamp = (doc_order(doc), str(doc["verdict"]))
                    key = str(doc["claim_key"])
                    if key not in newest or stamp > newest[key]:
                        newest[key] = stamp
                keys = {k for k, stamp in newest.items() if stamp[1] != Verdict.CLEARED.value}
                if keys:
                    result[report_id] = keys
        except _INCOMPLETE as exc:
            raise corrupt(self.path, f"a review record is incomplete ({exc!r:.120})") from exc
        self._current[reviewer] = result
        return result


_EMPTY_BUCKET = Bucket(Path(), {})
OnError = Callable[[Any, ClaimdeskError], None]


class ReviewFiles:
    """The review buckets of one database: reads (cached) and group commits."""

    def __init__(self, root: Path, lock: DatabaseLock, changes: ChangeLog, clock: Callable[[], int]) -> None:
        self.root = root
        self.folder = root / "reviews"
        self._lock = lock
        self._changes = changes
        self._clock = clock
        self._cache: dict[Path, tuple[Signature, Bucket]] = {}
        # The reviewed ids, valid while every review file has the signature it had when they were read.
        self._ids: tuple[tuple[tuple[str, Signature | None], ...], list[str]] | None = None
        # The same paths as records.review_path, made once (a Path per call showed in profiles).
        self._paths = [self.folder / f"{n:02x}.json" for n in range(REVIEW_BUCKETS)]

    def path_of(self, report_id: str) -> Path:
        return self._paths[review_bucket(report_id)]

    # --- reading

    def forget(self, report_id: str | None = None) -> None:
        """The change log named ``report_id`` (None: it cannot tell): re-read its bucket."""
        if report_id is None:
            self._cache.clear()
        else:
            self._cache.pop(self.path_of(report_id), None)

    def let_go(self, path: Path) -> None:
        """A walk is done with this review file: read it again when it is next asked for."""
        self._cache.pop(path, None)

    def bucket(self, path: Path) -> Bucket:
        """One review file, grouped by report (cached until the file changes)."""
        sig = signature(path)
        if sig is None:
            if not self.folder.is_dir() and self.folder.exists():
                raise corrupt(self.folder, "a file where a folder belongs")
            return _EMPTY_BUCKET
        cached = self._cache.get(path)
        if cached is not None and cached[0] == sig:
            return cached[1]
        bucket = Bucket(path, DurableStorage(path).read() or {})
        self._cache[path] = (sig, bucket)
        return bucket

    def _passing(self, path: Path) -> Bucket | None:
        """One review file for a walk over all of them: the cached bucket while it is current,
        else read and not kept (so a walk holds one bucket at a time); None when it is gone."""
        sig = signature(path)
        cached = self._cache.get(path)
        if cached is not None and cached[0] == sig:
            return cached[1]
        if sig is None:
            return None
        return Bucket(path, DurableStorage(path).read() or {}, file_order=False)

    def reviews(self, report_id: str) -> Reviews:
        return self.bucket(self.path_of(report_id)).reviews(report_id)

    def digests(
        self, keys_of: Callable[[str], tuple[str, ...] | None], part: tuple[int, int] | None = None
    ) -> Iterator[ReviewDigest]:
        """Every report's digest, one bucket at a time: a bucket is read, digested and let go
        (never cached), so memory holds one bucket whatever the database's size. A report
        ``keys_of`` does not know (None: not in the library) has its records counted and no
        current marks."""
        for number, stem in enumerate(sorted(scan_json_stems(self.folder))):
            if part is not None and number % part[1] != part[0]:
                continue  # another process's share
            yield from self.bucket_digests(self.folder / f"{stem}.json", keys_of)

    def bucket_digests(self, path: Path, keys_of: Callable[[str], tuple[str, ...] | None]) -> list[ReviewDigest]:
        """The digests of one review file's reports, in id order (the file is read, not cached)."""
        bucket = self._passing(path)
        if bucket is None:
            return []
        return [digest(bucket.path, rid, bucket.raw[rid], keys_of(rid) or ()) for rid in sorted(bucket.raw)]

    def current_marks(self, report_id: str, keys: tuple[str, ...]) -> dict[tuple[int, str], Mark]:
        return self.bucket(self.path_of(report_id)).current_marks(report_id, keys)

    def each_current_keys(self, reviewer: str) -> Iterator[tuple[str, set[str]]]:
        """(report id, claim keys whose last mark by ``reviewer`` is not 'cleared'), one bucket
        at a time: a bucket already cached is used, others are read and let go (a reviewer's
        progress must not keep 178 MB of review files parsed at 750,000 marks)."""
        for stem in sorted(scan_json_stems(self.folder)):
            bucket = self._passing(self.folder / f"{stem}.json")
            if bucket is None:
                continue
            yield from bucket.current_keys(reviewer).items()
            del bucket

    def reviewed_ids(self) -> list[str]:
        """Reports with review records, in id order. One review file is read at a time and not
        kept (a cached one is used): listing them must not keep every file parsed."""
        stems = sorted(scan_json_stems(self.folder))
        sigs = tuple((stem, signature(self.folder / f"{stem}.json")) for stem in stems)
        if self._ids is not None and self._ids[0] == sigs:
            return list(self._ids[1])
        found: list[str] = []
        for stem in stems:
            bucket = self._passing(self.folder / f"{stem}.json")
            if bucket is not None:
                found.extend(bucket.raw)
        found.sort()
        self._ids = (sigs, found)
        return list(found)

    # --- writing

    def commit(
        self, table: str, items: list[tuple[Any, Any]]
    ) -> tuple[list[tuple[Any, Any]], list[tuple[Any, ClaimdeskError]]]:
        """Insert new records (marks get their order here); (saved, failed) pairs of (tag, record/why).

        Every bucket is checked whole before it is written (a file the reads
        refuse is never appended to) and made durable on its own, so what is
        returned as saved is exactly what is on disk.
        """
        if not items:
            return [], []
        to_doc = TABLES[table][1]
        by_file: dict[Path, list[tuple[Any, Any]]] = {}
        for tag, record in items:
            by_file.setdefault(self.path_of(record.report_id), []).append((tag, record))
        saved: list[tuple[Any, Any]] = []
        failed: list[tuple[Any, ClaimdeskError]] = []
        with self._lock:
            group = WriteGroup()
            staged: dict[Path, list[tuple[Any, Any]]] = {}
            for path, batch in by_file.items():
                try:
                    data = DurableStorage(path, group).read() or {}
                    check_tables(path, data)
                    if table == "marks":
                        batch = self._ordered(data, batch)
                    db = TinyDB(path, storage=DurableStorage, group=group)
                    db.table(table, cache_size=0).insert_multiple(to_doc(record) for _, record in batch)
                except StoreError as exc:
                    group.staged.pop(path, None)
                    failed.extend((tag, exc) for tag, _ in batch)
                    continue
                staged[path] = batch
            failures = group.commit_each()
            for path, batch in staged.items():
                problem = failures.get(path)
                if problem is None:
                    saved.extend(batch)
                else:
                    failed.extend((tag, problem) for tag, _ in batch)
            self._changes.note(dict.fromkeys(record.report_id for _, record in saved))
        return saved, failed

    def _ordered(self, data: dict[str, Any], batch: list[tuple[Any, Mark]]) -> list[tuple[Any, Mark]]:
        """The batch's marks with their order: after every mark of the same claim and reviewer."""
        last: dict[tuple[str, str, str], int] = {}
        for doc in (data.get("marks") or {}).values():
            key = (str(doc["report_id"]), str(doc["claim_key"]), str(doc["reviewer"]))
            order = doc_order(doc)[0]
            if order > last.get(key, -1):
                last[key] = order
        ordered = []
        for tag, mark in batch:
            key = (mark.report_id, mark.claim_key, mark.reviewer)
            order = max(self._clock(), last.get(key, -1) + 1)
            last[key] = order
            ordered.append((tag, dataclasses.replace(mark, order=order)))
        return ordered

    def add_records(
        self, marks: Iterable[Mark], triage: Iterable[Triage], corrections: Iterable[CorrectionEvent]
    ) -> RecordsOutcome:
        """Insert existing records as they are (ids, times, orders kept): a union by id, bucket by bucket."""
        given = {"marks": list(marks), "triage": list(triage), "corrections": list(corrections)}
        by_file: dict[Path, dict[str, list[dict[str, Any]]]] = {}
        for table, records in given.items():
            to_doc = TABLES[table][1]
            for record in records:
                path = self.path_of(record.report_id)
                by_file.setdefault(path, {}).setdefault(table, []).append(to_doc(record))
        if not by_file:
            return RecordsOutcome()
        added: dict[Path, dict[str, list[dict[str, Any]]]] = {}
        failed: list[tuple[str, ClaimdeskError]] = []
        with self._lock:
            group = WriteGroup()
            for path, tables in by_file.items():
                try:
                    data = DurableStorage(path, group).read() or {}
                    check_tables(path, data)
                    db = TinyDB(path, storage=DurableStorage, group=group)
                    fresh_by_table: dict[str, list[dict[str, Any]]] = {}
                    for table, docs in tables.items():
                        id_field = TABLES[table][2]
                        handle = db.table(table, cache_size=0)
                        seen = {doc.get(id_field) for doc in (data.get(table) or {}).values()}
                        fresh = []
                        for doc in docs:
                            if doc[id_field] not in seen:
                                seen.add(doc[id_field])
                                fresh.append(doc)
                        if fresh:
                            handle.insert_multiple(fresh)
                            fresh_by_table[table] = fresh
                except StoreError as exc:
                    group.staged.pop(path, None)
                    failed.extend(_failures(tables, exc))
                    continue
                added[path] = fresh_by_table
            failures = group.commit_each()
            counts = dict.fromkeys(TABLES, 0)
            touched: dict[str, None] = {}
            for path, tables in added.items():
                problem = failures.get(path)
                if problem is not None:
                    failed.extend(_failures(by_file[path], problem))
                    continue
                for table, docs in tables.items():
                    counts[table] += len(docs)
                    touched.update((doc["report_id"], None) for doc in docs)
            self._changes.note(touched)
        return RecordsOutcome(counts["marks"], counts["triage"], counts["corrections"], tuple(failed))


def _failures(tables: dict[str, list[dict[str, Any]]], exc: ClaimdeskError) -> list[tuple[str, ClaimdeskError]]:
    ids = dict.fromkeys(str(doc["report_id"]) for docs in tables.values() for doc in docs)
    return [(rid, exc) for rid in ids]
