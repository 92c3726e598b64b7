"""The review database: a folder of small JSON files under one lock.

Layout (see README, section storage, for why)::

    claimdesk.json          marker: format and version
    library.json            TinyDB, table "reports": one index row per report, with where
                            its current snapshot is: [pack file, byte offset, length]
    snapshots/<pack>.json   one file per import group: a JSON array of snapshots (one
                            imported version of one report each, pointing at the version
                            before it); written once, never changed
    reviews/<bb>.json       TinyDB per bucket of reports (256, by a hash of the id):
                            tables marks, triage, corrections; each record names its report
    changes.log             ids written, appended after each commit (change hints)
    lock                    the filelock held around every read-modify-write

A mark rewrites one small review file, never the library; a batch over
thousands of reports rewrites at most 256 files per group commit. An import
group of thousands of reports writes one pack and one library: two fsyncs,
not one per report.
"""

from __future__ import annotations

import os
import secrets
import sys
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson
from tinydb import TinyDB

from claimdesk.errors import ClaimdeskError, DatabaseCorrupt, NotFound, ParseError, StoreError
from claimdesk.model import (
    Claim,
    CorrectionEvent,
    CorrectionType,
    Mark,
    Report,
    Triage,
    TriageDecision,
    Verdict,
    claim_key,
)
from claimdesk.sanitize import clean
from claimdesk.store.files import (
    DatabaseLock,
    DurableStorage,
    Signature,
    WriteGroup,
    corrupt,
    lock_timeout_from_env,
    read_json,
    remove_stale_temps,
    scan_json_stems,
    signature,
    write_json,
)
from claimdesk.store.records import (
    ImportResult,
    InvalidRecord,
    MarkRequest,
    ReportSummary,
    content_hash,
    correction_from_doc,
    correction_to_doc,
    file_stem,
    id_from_stem,
    mark_from_doc,
    mark_to_doc,
    parse_correction_type,
    parse_decision,
    parse_seconds,
    parse_verdict,
    review_path,
    summary_from_row,
    triage_from_doc,
    triage_to_doc,
    utc_now,
)

if TYPE_CHECKING:  # pragma: no cover
    from claimdesk.store.settings import Settings

FORMAT = "claimdesk-review-db"
FORMAT_VERSION = 2  # 2: snapshots in pack files (1 had one file per report)
REPORT_SUFFIXES = frozenset({".txt", ".md", ".json"})
SEVERITY_RANK = {"high": 3, "medium": 2, "low": 1}
# Import commits its parsed reports in groups: one library rewrite per group.
IMPORT_GROUP_SIZE = 2000
IMPORT_GROUP_SECONDS = 5.0
_CHANGE_LOG_ROTATE_AT = 8 * 1024 * 1024
_REPORT_CACHE_SIZE = 512


@dataclass(frozen=True, slots=True)
class Reviews:
    """Everything filed against one report, in file order."""

    marks: tuple[Mark, ...] = ()
    triage: tuple[Triage, ...] = ()
    corrections: tuple[CorrectionEvent, ...] = ()


@dataclass(slots=True)
class _Parsed:
    """One report ready to commit: small and picklable, so a worker process can make it."""

    path: str
    source: str  # where the version came from (an absolute path for an imported file)
    report_id: str
    digest: str
    row: dict[str, Any]  # the library row's fields taken from the report
    report_json: bytes  # the parsed report, serialised


# Import parses in worker processes from this many files on (below it, the
# start-up of the workers costs more than it saves).
POOL_FROM = 500
_POOL_CHUNK = 64
_POOL_MAX_WORKERS = 8


def _assess(path: str, source: str, report: Report, digest: str, run_checks: bool = False) -> _Parsed:
    """Serialise what the commit needs; with ``run_checks``, also count the report's own findings.

    Import leaves the checks out by default: some findings compare numbers
    across the whole library, so a count frozen at import goes stale as the
    library grows. The row then says None ("not checked yet"); the desk and
    `claimdesk check` work findings out against the current library.
    """
    if not report.id.strip():
        raise InvalidRecord("the report has no id")
    findings: int | None = None
    worst: str | None = None
    if run_checks:
        from claimdesk.checks import check_report

        found = check_report(report)
        findings = len(found)
        worst = max((f.severity for f in found), key=lambda s: SEVERITY_RANK.get(s, 0), default=None)
    row = {
        "title": report.title,
        "published": report.published,
        "research_question": report.research_question,
        "gate": report.gate.status.value if report.gate else None,
        "tier": report.quality_tier.tier.value if report.quality_tier else None,
        "review_score": report.stats.review_score,
        "claims": len(report.claims),
        "verified": report.verified_count,
        "findings": findings,
        "worst_severity": worst,
    }
    # A name that is not UTF-8 is kept readable (\xff), as JSON cannot hold its surrogate escapes.
    source = os.fsencode(source).decode("utf-8", "backslashreplace")
    return _Parsed(path, source, report.id, digest, row, orjson.dumps(report.to_dict()))


# (path, source, content hash the library has for the file's name) -> one outcome:
# ("ok", _Parsed) | ("unchanged", report id) | ("failed", path, reason)
_Job = tuple[str, str, "str | None"]


def _prepare(jobs: Sequence[_Job], run_checks: bool = False) -> list[tuple[Any, ...]]:
    """Read, hash and parse files (and check them if asked); in a worker process or in this one."""
    from claimdesk.parsing import parse_bytes

    outcomes: list[tuple[Any, ...]] = []
    for text_path, source, known in jobs:
        path = Path(text_path)
        try:
            data = path.read_bytes()
        except OSError as exc:
            outcomes.append(("failed", text_path, clean(exc.strerror or str(exc))))
            continue
        digest = content_hash(data)
        if known == digest:
            outcomes.append(("unchanged", path.stem))
            continue
        try:
            parsed = _assess(text_path, source, parse_bytes(data, path), digest, run_checks)
        except ParseError as exc:
            outcomes.append(("failed", text_path, clean(exc.reason)))
        except ClaimdeskError as exc:
            outcomes.append(("failed", text_path, clean(str(exc))))
        except Exception as exc:  # hostile input must not stop a big import
            reason = f"could not be read as a report ({type(exc).__name__}: {exc})"
            outcomes.append(("failed", text_path, clean(reason)))
        else:
            outcomes.append(("ok", parsed))
    return outcomes


def _worker_count(files: int, workers: int | None) -> int:
    """How many worker processes an import of ``files`` files uses (1: none, parse here).

    Workers are forked, which is cheap and never re-runs the caller's script
    (a script without a main guard stays safe), but forking is only sound
    while this process runs no other thread, and only on Linux here.
    """
    if workers is None:
        raw = os.environ.get("CLAIMDESK_IMPORT_WORKERS", "").strip()
        if raw:
            try:
                workers = int(raw)
            except ValueError:
                raise StoreError(f"CLAIMDESK_IMPORT_WORKERS must be a whole number, not {raw!r}") from None
        elif files < POOL_FROM:
            return 1
        else:
            workers = os.cpu_count() or 1
    import threading

    if workers <= 1 or sys.platform != "linux" or threading.active_count() > 1:
        return 1
    return min(workers, _POOL_MAX_WORKERS, max(1, -(-files // _POOL_CHUNK)))


def _ignore_interrupts() -> None:
    """Ctrl-C is the importing process's to handle: it stops handing out work and waits for
    the chunks under way, so workers print no tracebacks of their own."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _prepared(jobs: list[_Job], workers: int, run_checks: bool = False) -> Iterator[list[tuple[Any, ...]]]:
    """Outcomes chunk by chunk, in file order; a broken or unavailable pool falls back to this process."""
    chunks = [jobs[i : i + _POOL_CHUNK] for i in range(0, len(jobs), _POOL_CHUNK)]
    if workers <= 1:
        for chunk in chunks:
            yield _prepare(chunk, run_checks)
        return
    import multiprocessing
    from concurrent.futures import Future, ProcessPoolExecutor

    import claimdesk.parsing  # noqa: F401  (loaded before the fork, not once per worker)

    if run_checks:
        import claimdesk.checks  # noqa: F401

    try:
        pool = ProcessPoolExecutor(
            workers, mp_context=multiprocessing.get_context("fork"), initializer=_ignore_interrupts
        )
    except (OSError, ValueError):
        for chunk in chunks:
            yield _prepare(chunk, run_checks)
        return
    window = 8 * workers  # chunks in flight: bounded memory, and work left while this process commits
    futures: list[Future[list[tuple[Any, ...]]] | None] = []
    try:
        for number, chunk in enumerate(chunks):
            while len(futures) < min(len(chunks), number + window):
                try:
                    futures.append(pool.submit(_prepare, chunks[len(futures)], run_checks))
                except Exception:  # a broken pool refuses work: the rest is done here
                    futures.append(None)
            future = futures[number]
            outcomes = None
            if future is not None:
                try:
                    outcomes = future.result()
                except Exception:  # a worker died (killed, out of memory): redo its chunk here
                    outcomes = None
            yield outcomes if outcomes is not None else _prepare(chunk, run_checks)
            futures[number] = None
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


Pointer = tuple[str, int, int]  # (pack file name, byte offset, length) of one snapshot


def _record_id(record: Any) -> str:
    return getattr(record, "event_id", None) or record.id


def _by_time(records: Iterable[Any], attr: str) -> list[Any]:
    """Oldest first; a tie (two processes, one microsecond) is broken by record id,
    so the order is the same whichever way two databases were merged."""
    return sorted(records, key=lambda r: (getattr(r, attr), _record_id(r)))


class _Bucket:
    """The records of one review file: raw documents grouped by report, converted on demand.

    Converting 100,000 marks to objects costs a second; most callers need one
    report (the desk) or a few fields of every mark (progress), so neither
    pays for the rest.
    """

    def __init__(self, path: Path, data: dict[str, Any]) -> None:
        self.path = path
        self.raw: dict[str, dict[str, list[dict[str, Any]]]] = {}
        self._reviews: dict[str, Reviews] = {}
        self._current: dict[str, dict[str, set[str]]] = {}
        try:
            for table in ("marks", "triage", "corrections"):
                rows = data.get(table) or {}
                for key in sorted(rows, key=int):
                    doc = rows[key]
                    self.raw.setdefault(str(doc["report_id"]), {}).setdefault(table, []).append(doc)
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise corrupt(path, f"a review record is incomplete ({exc!r})") from exc

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
        except (KeyError, TypeError, ValueError) as exc:
            raise corrupt(self.path, f"a review record is incomplete ({exc!r})") from exc
        self._reviews[report_id] = found
        return found

    def current_keys(self, reviewer: str) -> dict[str, set[str]]:
        """report id -> claim keys whose newest mark by ``reviewer`` is not 'cleared'."""
        cached = self._current.get(reviewer)
        if cached is not None:
            return cached
        result: dict[str, set[str]] = {}
        try:
            for report_id, tables in self.raw.items():
                newest: dict[str, tuple[str, str, str]] = {}
                for doc in tables.get("marks", ()):
                    if doc["reviewer"] != reviewer:
                        continue
                    stamp = (str(doc["at"]), str(doc["id"]), str(doc["verdict"]))
                    key = str(doc["claim_key"])
                    if key not in newest or stamp > newest[key]:
                        newest[key] = stamp
                keys = {k for k, stamp in newest.items() if stamp[2] != Verdict.CLEARED.value}
                if keys:
                    result[report_id] = keys
        except (KeyError, TypeError) as exc:
            raise corrupt(self.path, f"a review record is incomplete ({exc!r})") from exc
        self._current[reviewer] = result
        return result


_EMPTY_BUCKET = _Bucket(Path(), {})


class ReviewStore:
    """Reports and the reviews filed against them. Safe under crashes and concurrent writers."""

    def __init__(self, root: Path | str, *, lock_timeout: float | None = None) -> None:
        self.root = Path(root).expanduser()
        self._open()
        for folder in (self.root, self.root / "reviews"):
            remove_stale_temps(folder)
        timeout = lock_timeout_from_env() if lock_timeout is None else lock_timeout
        self._lock = DatabaseLock(self.root / "lock", timeout)
        self._library_cache: tuple[Signature | None, dict[str, dict[str, Any]]] | None = None
        self._summaries_cache: tuple[dict[str, dict[str, Any]], list[ReportSummary]] | None = None
        # Keyed by report id and checked against the current pointer (packs never change).
        self._snapshot_cache: dict[str, tuple[Pointer, Report]] = {}
        self._review_cache: dict[Path, tuple[Signature, _Bucket]] = {}
        self._keys_cache: dict[str, tuple[Pointer, tuple[str, ...]]] = {}
        self._progress_cache: dict[str, tuple[object, dict[str, int]]] = {}
        self._seen_token: Any = self.change_token()

    # --- opening

    def _open(self) -> None:
        root = self.root
        marker = root / "claimdesk.json"
        if root.exists() and not root.is_dir():
            raise StoreError(
                f"{root} is a file, but the review database is a folder; give --db a folder path "
                "(it is created if missing)"
            )
        if root.is_dir():
            info = read_json(marker)
            if info is not None:
                if (
                    not isinstance(info, dict)
                    or info.get("format") != FORMAT
                    or not isinstance(info.get("version"), int)
                ):
                    raise corrupt(marker, "not a claimdesk database marker")
                if info["version"] > FORMAT_VERSION:
                    raise StoreError(f"{root} was written by a newer claimdesk; upgrade to open it")
                if info["version"] < FORMAT_VERSION:
                    raise StoreError(
                        f"{root} uses an earlier database layout (version {info['version']}); "
                        "import the reports into a new --db folder"
                    )
                for sub in ("snapshots", "reviews"):
                    if not (root / sub).is_dir():
                        try:
                            (root / sub).mkdir(exist_ok=True)
                        except OSError:
                            pass  # read-only: reading still works
                return
            try:
                with os.scandir(root) as entries:
                    occupied = any(not e.name.startswith(".") for e in entries)
            except OSError as exc:
                raise StoreError(f"cannot read {root}: {exc.strerror}") from exc
            if occupied:
                raise StoreError(
                    f"{root} is not a claimdesk review database (no claimdesk.json, and the folder "
                    "is not empty); choose a new or empty folder for --db"
                )
        try:
            root.mkdir(parents=True, exist_ok=True)
            (root / "snapshots").mkdir(exist_ok=True)
            (root / "reviews").mkdir(exist_ok=True)
        except OSError as exc:
            raise StoreError(f"cannot create the review database {root}: {exc.strerror}") from exc
        write_json(marker, {"format": FORMAT, "version": FORMAT_VERSION, "created_at": utc_now()})

    # --- the library

    def _library(self) -> dict[str, dict[str, Any]]:
        """report id -> library row (cached until library.json changes)."""
        path = self.root / "library.json"
        self._sync()
        sig = signature(path)  # before reading: a replace in between only costs a re-read
        cached = self._library_cache
        if cached is not None and cached[0] == sig:
            return cached[1]
        data = DurableStorage(path).read() or {}
        try:
            rows = {doc["id"]: doc for doc in data.get("reports", {}).values()}
            if not all(isinstance(rid, str) for rid in rows):
                raise TypeError("a report id is not text")
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise corrupt(path, f"a library row is incomplete ({exc!r})") from exc
        self._library_cache = (sig, rows)
        return rows

    def summaries(self) -> list[ReportSummary]:
        """The library index only (never the snapshots), sorted by id."""
        rows = self._library()
        cached = self._summaries_cache
        if cached is None or cached[0] is not rows:
            try:
                summaries = [summary_from_row(rows[rid]) for rid in sorted(rows)]
            except (KeyError, TypeError, ValueError) as exc:
                raise corrupt(self.root / "library.json", f"a library row is incomplete ({exc!r})") from exc
            cached = self._summaries_cache = (rows, summaries)
        return list(cached[1])

    def summary(self, report_id: str) -> ReportSummary | None:
        row = self._library().get(report_id)
        if row is None:
            return None
        try:
            return summary_from_row(row)
        except (KeyError, TypeError, ValueError) as exc:
            raise corrupt(self.root / "library.json", f"a library row is incomplete ({exc!r})") from exc

    def is_empty(self) -> bool:
        return not self._library()

    def report_ids(self) -> list[str]:
        """Every report in the library, sorted."""
        return sorted(self._library())

    def resolve(self, id_or_prefix: str) -> str:
        """An exact id, or the one id starting with the prefix. NotFound otherwise."""
        given = str(id_or_prefix)
        rows = self._library()
        if given and given in rows:
            return given
        wanted = given.strip()
        if not wanted:
            raise NotFound("give a report id (or the start of one)")
        if wanted in rows:
            return wanted
        matches = sorted(rid for rid in rows if rid.startswith(wanted))
        if len(matches) == 1:
            return matches[0]
        if not matches:
            raise NotFound(f"no report {clean(wanted)!r} in the library at {self.root}; `claimdesk import` adds reports")
        shown = ", ".join(matches[:3]) + (", ..." if len(matches) > 3 else "")
        raise NotFound(f"{clean(wanted)!r} matches {len(matches)} reports ({shown}); give more of the id")

    def _pointer(self, report_id: str) -> Pointer:
        """Where the current snapshot of a report is; NotFound when the library has no such report."""
        row = self._library().get(report_id)
        if row is None:
            raise NotFound(f"no report {clean(report_id)!r} in the library at {self.root}")
        return self._checked_pointer(row.get("snapshot"), self.root / "library.json")

    @staticmethod
    def _checked_pointer(value: Any, where: Path) -> Pointer:
        if (
            isinstance(value, list)
            and len(value) == 3
            and isinstance(value[0], str)
            and value[0].endswith(".json")
            and not value[0].startswith(".")
            and "/" not in value[0]
            and "\\" not in value[0]
            and isinstance(value[1], int)
            and isinstance(value[2], int)
            and value[1] >= 0
            and value[2] > 0
        ):
            return (value[0], value[1], value[2])
        raise corrupt(where, f"a snapshot reference is not [pack, offset, length] ({value!r:.80})")

    def _snapshot(self, report_id: str, pointer: Pointer) -> dict[str, Any]:
        """One snapshot document: a slice of a pack, read without reading the rest."""
        path = self.root / "snapshots" / pointer[0]
        try:
            with open(path, "rb") as pack:
                pack.seek(pointer[1])
                data = pack.read(pointer[2])
        except FileNotFoundError as exc:
            raise corrupt(path, f"the snapshot pack of report {clean(report_id)!r} is missing") from exc
        except OSError as exc:
            raise StoreError(f"cannot read {path}: {exc.strerror}") from exc
        try:
            doc = orjson.loads(data)
        except orjson.JSONDecodeError as exc:
            raise corrupt(path, f"the snapshot of report {clean(report_id)!r} does not parse") from exc
        if not isinstance(doc, dict) or doc.get("id") != report_id or not isinstance(doc.get("report"), dict):
            raise corrupt(path, f"the snapshot of report {clean(report_id)!r} is not where the library says")
        return doc

    def report(self, report_id: str) -> Report:
        """The current snapshot of a report (cached until a new version is imported)."""
        pointer = self._pointer(report_id)
        cached = self._snapshot_cache.get(report_id)
        if cached is not None and cached[0] == pointer:
            return cached[1]
        doc = self._snapshot(report_id, pointer)
        try:
            report = Report.from_dict(doc["report"])
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise corrupt(self.root / "snapshots" / pointer[0], f"the snapshot is incomplete ({exc!r})") from exc
        if len(self._snapshot_cache) >= _REPORT_CACHE_SIZE:
            self._snapshot_cache.clear()
        self._snapshot_cache[report_id] = (pointer, report)
        return report

    def content_hash(self, report_id: str) -> str:
        """The content hash of the report's current version (from the library index)."""
        row = self._library().get(report_id)
        if row is None:
            raise NotFound(f"no report {clean(report_id)!r} in the library at {self.root}")
        return str(row["content_hash"])

    def versions(self, report_id: str) -> list[dict[str, Any]]:
        """Every imported version, oldest first: version, content_hash, source, imported_at, report (dict)."""
        pointer: Pointer | None = self._pointer(report_id)
        found: list[dict[str, Any]] = []
        while pointer is not None:
            doc = self._snapshot(report_id, pointer)
            found.append({k: doc.get(k) for k in ("version", "content_hash", "source", "imported_at", "report")})
            previous = doc.get("previous")
            where = self.root / "snapshots" / pointer[0]
            pointer = None if previous is None else self._checked_pointer(previous, where)
            if len(found) > 100_000:
                raise corrupt(where, "the version history loops")
        found.reverse()
        return found

    # --- import

    def import_paths(
        self,
        paths: Iterable[str | Path],
        on_progress: Callable[[int, int], None] | None = None,
        *,
        workers: int | None = None,
        run_checks: bool = False,
    ) -> ImportResult:
        """Add report files and folders (recursive). Bad files are listed, the rest imported.

        From POOL_FROM files on, files are parsed in worker processes (one per
        core; ``workers`` or $CLAIMDESK_IMPORT_WORKERS set the number, 1 turns
        it off) and committed here, in file order. The checks run only with
        ``run_checks``; otherwise the summaries' findings stay None.
        """
        result = ImportResult()
        files = self._collect(paths, result.failed)
        rows = self._library()
        jobs: list[_Job] = []
        for path, source in files:
            known = rows.get(os.path.splitext(os.path.basename(path))[0])  # the stem, as Path.stem
            jobs.append((path, source, None if known is None else known.get("content_hash")))
        pending: list[_Parsed] = []
        last_commit = time.monotonic()
        total = len(jobs)
        done = 0
        for outcomes in _prepared(jobs, _worker_count(total, workers), run_checks):
            for outcome in outcomes:
                done += 1
                if outcome[0] == "ok":
                    pending.append(outcome[1])
                elif outcome[0] == "unchanged":
                    result.unchanged.append(outcome[1])
                else:
                    result.failed.append((outcome[1], outcome[2]))
                if pending and (
                    len(pending) >= IMPORT_GROUP_SIZE or time.monotonic() - last_commit > IMPORT_GROUP_SECONDS
                ):
                    self._commit_reports(pending, result)
                    pending = []
                    last_commit = time.monotonic()
                if on_progress is not None:
                    on_progress(done, total)
        if pending:
            self._commit_reports(pending, result)
        return result

    def add_reports(
        self,
        reports: Iterable[Report],
        *,
        run_checks: bool = False,
        source: str = "",
        hashes: Mapping[str, str] | None = None,
    ) -> ImportResult:
        """Add parsed reports directly (merge, tests, benchmarks): grouped commits like import.

        ``hashes`` gives a report's content hash where it is known (a report
        copied from another database keeps the hash of its source file).
        """
        import orjson

        result = ImportResult()
        pending: list[_Parsed] = []
        for report in reports:
            digest = (hashes or {}).get(report.id) or content_hash(orjson.dumps(report.to_dict()))
            pending.append(_assess(source, source, report, digest, run_checks=run_checks))
            if len(pending) >= 2 * IMPORT_GROUP_SIZE:
                self._commit_reports(pending, result)
                pending = []
        if pending:
            self._commit_reports(pending, result)
        return result

    def _collect(self, paths: Iterable[str | Path], failed: list[tuple[str, str]]) -> list[tuple[str, str]]:
        """(file, its absolute path as text) for every report file, in path order.

        Folders are walked with scandir (file types come with the listing, no
        stat per file) and resolved once, not once per file. Hidden files and
        folders are skipped; symlinked folders are not followed.
        """
        files: list[tuple[str, str]] = []
        db_root = self.root.resolve()
        for given in paths:
            path = Path(given)
            if path.is_dir():
                base = path.resolve()
                # Never import the database's own files (a folder that holds the database).
                holds_db = db_root == base or base in db_root.parents
                found: list[tuple[tuple[str, ...], str]] = []
                self._walk(str(path), (), found)
                found.sort()
                for parts, full in found:
                    if holds_db:
                        resolved = Path(full).resolve()
                        if resolved == db_root or db_root in resolved.parents:
                            continue
                    files.append((full, os.path.join(base, *parts)))
            elif path.is_file():
                files.append((str(path), str(path.resolve())))
            elif path.exists():
                failed.append((str(path), "not a regular file"))
            else:
                failed.append((str(path), "no such file or folder"))
        return files

    @classmethod
    def _walk(cls, folder: str, parts: tuple[str, ...], found: list[tuple[tuple[str, ...], str]]) -> None:
        try:
            with os.scandir(folder) as entries:
                listing = list(entries)
        except OSError:
            return
        for entry in listing:
            name = entry.name
            if name.startswith("."):
                continue
            try:
                if entry.is_dir(follow_symlinks=False):
                    cls._walk(entry.path, (*parts, name), found)
                elif os.path.splitext(name)[1].lower() in REPORT_SUFFIXES and entry.is_file():
                    found.append(((*parts, name), entry.path))
            except OSError:
                continue

    def _commit_reports(self, entries: Sequence[_Parsed], result: ImportResult) -> None:
        """One pack of new snapshots, then one library rewrite; all durable before returning.

        The pack is renamed into place and its folder synced before the
        library is renamed, so the library never points at a snapshot a crash
        could take back. A crash in between leaves an unreferenced pack, no
        harm. Each snapshot names the one before it, so every version is kept.
        """
        library_path = self.root / "library.json"
        folder = self.root / "snapshots"
        remove_stale_temps(folder)
        with self._lock:
            group = WriteGroup()
            storage = DurableStorage(library_path, group)
            data = storage.read() or {}
            table = data.setdefault("reports", {})
            key_of = {str(doc.get("id")): key for key, doc in table.items()}
            next_key = max((int(k) for k in table), default=0) + 1
            pack_name = f"{time.time_ns():x}-{os.getpid()}-{secrets.token_hex(4)}.json"
            pieces: list[bytes] = []
            offset = 1  # after the opening "["
            changed: list[str] = []
            now = utc_now()
            for entry in entries:
                rid = entry.report_id
                key = key_of.get(rid)
                row = table.get(key) if key is not None else None
                if row is not None and row.get("content_hash") == entry.digest:
                    result.unchanged.append(rid)
                    continue
                if row is not None:
                    previous = self._checked_pointer(row.get("snapshot"), library_path)
                    version = int(row.get("version") or 1) + 1
                else:
                    previous, version = None, 1
                piece = orjson.dumps(
                    {
                        "id": rid,
                        "version": version,
                        "content_hash": entry.digest,
                        "source": entry.source,
                        "imported_at": now,
                        "previous": previous,
                        "report": orjson.Fragment(entry.report_json),
                    }
                )
                if pieces:
                    offset += 1  # the comma between two snapshots
                pointer = [pack_name, offset, len(piece)]
                pieces.append(piece)
                offset += len(piece)
                table_row = {
                    "id": rid,
                    **entry.row,
                    "imported_at": now,
                    "version": version,
                    "content_hash": entry.digest,
                    "snapshot": pointer,
                }
                if key is None:
                    key = str(next_key)
                    next_key += 1
                    key_of[rid] = key
                    result.added.append(rid)
                elif rid not in result.added:
                    result.updated.append(rid)
                table[key] = table_row
                changed.append(rid)
            if changed:
                group.stage(folder / pack_name, b"[" + b",".join(pieces) + b"]")
                storage.write(data)  # staged after the pack, so renamed after it is durable
                group.commit()
                self._note_changes(changed, kind="L")

    # --- review records

    def _bucket(self, path: Path) -> "_Bucket":
        """One review file, grouped by report (cached until the file changes)."""
        sig = signature(path)
        if sig is None:
            return _EMPTY_BUCKET
        cached = self._review_cache.get(path)
        if cached is not None and cached[0] == sig:
            return cached[1]
        bucket = _Bucket(path, DurableStorage(path).read() or {})
        self._review_cache[path] = (sig, bucket)
        return bucket

    def _buckets(self) -> Iterable["_Bucket"]:
        self._sync()
        folder = self.root / "reviews"
        for stem in sorted(scan_json_stems(folder)):
            yield self._bucket(folder / f"{stem}.json")

    def reviews(self, report_id: str) -> Reviews:
        """Everything filed against one report, in file order."""
        self._sync()
        return self._bucket(review_path(self.root, report_id)).reviews(report_id)

    def reviewed_ids(self) -> list[str]:
        """Reports that have at least one review record."""
        return sorted(rid for bucket in self._buckets() for rid in bucket.raw)

    def marks(self, report_id: str) -> list[Mark]:
        """Every mark ever made on the report, oldest first."""
        return _by_time(self.reviews(report_id).marks, "at")

    def current_marks(self, report_id: str) -> dict[tuple[int, str], Mark]:
        """(current claim number, reviewer) -> newest mark; marks follow claims by text key."""
        positions: dict[str, list[int]] = {}
        for number, key in enumerate(self.claim_keys(report_id), 1):
            positions.setdefault(key, []).append(number)
        current: dict[tuple[int, str], Mark] = {}
        for mark in self.marks(report_id):
            numbers = positions.get(mark.claim_key)
            if not numbers:
                continue  # the claim is gone from the current version; the mark is kept
            number = mark.claim if mark.claim in numbers else numbers[0]
            current[(number, mark.reviewer)] = mark
        return {k: m for k, m in current.items() if m.verdict is not Verdict.CLEARED}

    def triage(self, report_id: str) -> list[Triage]:
        return _by_time(self.reviews(report_id).triage, "at")

    def corrections(self, report_id: str) -> list[CorrectionEvent]:
        return _by_time(self.reviews(report_id).corrections, "corrected_at")

    # --- writing review records

    @staticmethod
    def _reviewer(name: str) -> str:
        name = clean(str(name or "")).strip()
        if not name:
            raise InvalidRecord("a reviewer name is needed (--reviewer or CLAIMDESK_REVIEWER)")
        if len(name) > 200:
            raise InvalidRecord("a reviewer name of at most 200 characters, please")
        return name

    def claim_keys(self, report_id: str) -> tuple[str, ...]:
        """The claim keys of the current version, cached (a batch touches thousands of reports)."""
        pointer = self._pointer(report_id)
        cached = self._keys_cache.get(report_id)
        if cached is not None and cached[0] == pointer:
            return cached[1]
        cached_report = self._snapshot_cache.get(report_id)
        if cached_report is not None and cached_report[0] == pointer:
            keys = tuple(c.key for c in cached_report[1].claims)
        else:
            doc = self._snapshot(report_id, pointer)
            try:
                keys = tuple(claim_key(str(c["text"])) for c in doc["report"].get("claims") or ())
            except (KeyError, TypeError, AttributeError) as exc:
                raise corrupt(self.root / "snapshots" / pointer[0], f"the snapshot is incomplete ({exc!r})") from exc
        self._keys_cache[report_id] = (pointer, keys)
        return keys

    def claim_key(self, report_id: str, number: int) -> str:
        """The key of claim ``number`` (1-based); NotFound with the valid range."""
        if isinstance(number, bool) or not isinstance(number, int):
            raise InvalidRecord(f"a claim number is a whole number from 1, not {number!r}")
        keys = self.claim_keys(report_id)
        count = len(keys)
        if count == 0:
            raise NotFound(f"report {report_id} has no claim table, so there is no claim {number} to mark")
        if not 1 <= number <= count:
            raise NotFound(f"report {report_id} has {count} claims (1-{count}); there is no claim {number}")
        return keys[number - 1]

    def claim(self, report_id: str, number: int) -> Claim:
        """Claim ``number`` (1-based) of the current version; NotFound with the valid range."""
        report = self.report(report_id)
        if isinstance(number, bool) or not isinstance(number, int):
            raise InvalidRecord(f"a claim number is a whole number from 1, not {number!r}")
        count = len(report.claims)
        if count == 0:
            raise NotFound(f"report {report_id} has no claim table, so there is no claim {number} to mark")
        if not 1 <= number <= count:
            raise NotFound(f"report {report_id} has {count} claims (1-{count}); there is no claim {number}")
        return report.claims[number - 1]

    def _new_mark(self, request: MarkRequest) -> Mark:
        verdict = parse_verdict(request.verdict)
        reviewer = self._reviewer(request.reviewer)
        report_id = self.resolve(request.report)
        key = self.claim_key(report_id, request.claim)
        return Mark(
            id=uuid.uuid4().hex,
            report_id=report_id,
            claim=request.claim,
            claim_key=key,
            verdict=verdict,
            note=clean(str(request.note or "")).strip(),
            reviewer=reviewer,
            at=utc_now(),
            seconds=parse_seconds(request.seconds),
        )

    def add_mark(
        self,
        report_id: str,
        claim: int,
        verdict: Verdict | str,
        note: str = "",
        *,
        reviewer: str,
        seconds: float | None = None,
    ) -> Mark:
        """Save one mark; durable on return. Nothing is written when anything is wrong.

        ``seconds``: how long the claim was under the cursor before the mark (the desk's).
        """
        request = MarkRequest(
            report=report_id, claim=claim, verdict=verdict, note=note, reviewer=reviewer, seconds=seconds
        )
        return self.add_marks([request])[0]

    def add_marks(
        self,
        requests: Iterable[MarkRequest],
        on_saved: Callable[[MarkRequest, Mark], None] | None = None,
        on_error: Callable[[MarkRequest, ClaimdeskError], None] | None = None,
    ) -> list[Mark]:
        """Save many marks with one durable write per touched review file (group commit).

        ``on_saved`` runs for each mark only after everything is durable.
        Without ``on_error`` the first bad request raises before anything is
        written; with it, bad requests are reported and the rest are saved.
        """
        accepted: list[tuple[MarkRequest, Mark]] = []
        for request in requests:
            try:
                accepted.append((request, self._new_mark(request)))
            except ClaimdeskError as exc:
                if on_error is None:
                    raise
                on_error(request, exc)
        saved = self._commit_records("marks", accepted, mark_to_doc, on_error)
        if on_saved is not None:
            for request, mark in saved:
                on_saved(request, mark)
        return [mark for _, mark in saved]

    def _commit_records(
        self,
        table: str,
        items: list[tuple[Any, Any]],
        to_doc: Callable[[Any], dict[str, Any]],
        on_error: Callable[[Any, ClaimdeskError], None] | None = None,
    ) -> list[tuple[Any, Any]]:
        if not items:
            return []
        by_file: dict[Path, list[tuple[Any, Any]]] = {}
        for request, record in items:
            by_file.setdefault(review_path(self.root, record.report_id), []).append((request, record))
        written: list[tuple[Any, Any]] = []
        with self._lock:
            group = WriteGroup()
            for path, batch in by_file.items():
                try:
                    db = TinyDB(path, storage=DurableStorage, group=group)
                    db.table(table, cache_size=0).insert_multiple(to_doc(record) for _, record in batch)
                except DatabaseCorrupt as exc:
                    if on_error is None:
                        raise
                    for request, _ in batch:
                        on_error(request, exc)
                    continue
                written.extend(batch)
            try:
                group.commit()
            except StoreError as exc:
                if on_error is None:
                    raise
                for request, _ in written:
                    on_error(request, exc)
                return []
            self._note_changes(dict.fromkeys(record.report_id for _, record in written))
        return written

    def add_records(
        self,
        *,
        marks: Iterable[Mark] = (),
        triage: Iterable[Triage] = (),
        corrections: Iterable[CorrectionEvent] = (),
    ) -> tuple[int, int, int]:
        """Insert existing records as they are (ids, times, reviewers kept): a union by id.

        Used to merge databases. Under the lock every touched review file is
        re-read and records it already holds (by id) are skipped; then one
        group commit. Returns how many marks, triage decisions and
        corrections were actually added.
        """
        tables = (
            ("marks", list(marks), mark_to_doc, "id"),
            ("triage", list(triage), triage_to_doc, "id"),
            ("corrections", list(corrections), correction_to_doc, "event_id"),
        )
        by_file: dict[Path, list[tuple[int, str, dict[str, Any], str]]] = {}
        for number, (table, records, to_doc, id_field) in enumerate(tables):
            for record in records:
                doc = to_doc(record)
                by_file.setdefault(review_path(self.root, record.report_id), []).append(
                    (number, table, doc, id_field)
                )
        added = [0, 0, 0]
        if not by_file:
            return (0, 0, 0)
        touched: dict[str, None] = {}
        with self._lock:
            group = WriteGroup()
            for path, items in by_file.items():
                db = TinyDB(path, storage=DurableStorage, group=group)
                for number, (table, _, _, id_field) in enumerate(tables):
                    wanted = [(doc, f) for n, t, doc, f in items if n == number]
                    if not wanted:
                        continue
                    handle = db.table(table, cache_size=0)
                    seen = {doc.get(id_field) for doc in handle.all()}
                    fresh = []
                    for doc, field_name in wanted:
                        if doc[field_name] not in seen:
                            seen.add(doc[field_name])
                            fresh.append(doc)
                            touched[doc["report_id"]] = None
                    if fresh:
                        handle.insert_multiple(fresh)
                        added[number] += len(fresh)
            group.commit()
            if touched:
                self._note_changes(touched)
        return (added[0], added[1], added[2])

    def add_triage(self, report_id: str, decision: TriageDecision | str, note: str = "", *, reviewer: str) -> Triage:
        record = Triage(
            id=uuid.uuid4().hex,
            report_id="",
            decision=parse_decision(decision),
            note=clean(str(note or "")).strip(),
            reviewer=self._reviewer(reviewer),
            at=utc_now(),
        )
        rid = self.resolve(report_id)
        record = Triage(record.id, rid, record.decision, record.note, record.reviewer, record.at)
        self._commit_records("triage", [(None, record)], triage_to_doc)
        return record

    def add_correction(
        self,
        report_id: str,
        correction_type: CorrectionType | str,
        note: str,
        *,
        claim: int | None = None,
        fields: Iterable[str] = (),
        supersedes: str | None = None,
        reviewer: str,
    ) -> CorrectionEvent:
        """File an additive correction event; a mistaken one is answered by a new one that supersedes it."""
        kind = parse_correction_type(correction_type)
        public_note = clean(str(note or "")).strip()
        if not public_note:
            raise InvalidRecord("a correction needs a public note saying what was corrected (--note)")
        who = self._reviewer(reviewer)
        rid = self.resolve(report_id)
        if claim is not None:
            self.claim_key(rid, claim)
        affected = tuple(dict.fromkeys(f for f in (clean(str(x)).strip() for x in fields) if f))
        if supersedes is not None:
            # The full id or a unique start of it: the desk announces an event by its first 8 characters.
            wanted = str(supersedes).strip()
            known = [e.event_id for e in self.corrections(rid) if wanted and e.event_id.startswith(wanted)]
            if len(set(known)) != 1:
                why = "matches more than one" if known else "names no"
                raise NotFound(f"{clean(wanted)!r} {why} correction event of report {rid}; give more of its id")
            supersedes = known[0]
        event = CorrectionEvent(
            event_id=str(uuid.uuid4()),
            report_id=rid,
            corrected_at=utc_now(),
            correction_type=kind,
            public_note=public_note,
            affected_fields=affected,
            claim=claim,
            reviewer=who,
            supersedes=supersedes,
        )
        self._commit_records("corrections", [(None, event)], correction_to_doc)
        return event

    # --- progress and change notification

    def progress(self, reviewer: str) -> dict[str, int]:
        """report id -> claims of the current version with a current mark by ``reviewer``."""
        token = (self.change_token(), signature(self.root / "library.json"))
        cached = self._progress_cache.get(reviewer)
        if cached is not None and cached[0] == token:
            return dict(cached[1])
        rows = self._library()
        result: dict[str, int] = {}
        for bucket in self._buckets():
            for report_id, keys in bucket.current_keys(reviewer).items():
                row = rows.get(report_id)
                if row is None or int(row.get("version") or 1) > 1:
                    try:
                        keys = keys & set(self.claim_keys(report_id))
                    except NotFound:
                        continue
                if keys:
                    result[report_id] = len(keys)
        self._progress_cache[reviewer] = (token, result)
        return dict(result)

    def change_token(self) -> object:
        """Cheap (one stat); unequal after any write by any process."""
        try:
            st = os.stat(self.root / "changes.log")
        except FileNotFoundError:
            return (0, 0)
        except OSError as exc:
            raise StoreError(f"cannot read {self.root / 'changes.log'}: {exc.strerror}") from exc
        return (st.st_ino, st.st_size)

    def changed_since(self, token: object) -> tuple[object, set[str]]:
        """(new token, ids of reports whose reviews or snapshot changed since ``token``)."""
        new, changes = self._changes_since(token)
        if changes is None:
            return new, set(self.report_ids()) | set(self.reviewed_ids())
        return new, {rid for _, rid in changes}

    def _changes_since(self, token: object) -> tuple[Any, list[tuple[str, str]] | None]:
        """(new token, [(kind, report id)]) from the change log; None when it cannot tell."""
        new = self.change_token()
        if new == token:
            return new, []
        if not (isinstance(token, tuple) and len(token) == 2 and token[0] == new[0] and token[1] <= new[1]):
            return new, None
        try:
            with open(self.root / "changes.log", "rb") as log:
                log.seek(token[1])
                chunk = log.read(new[1] - token[1])
        except OSError:
            return new, None
        changes: list[tuple[str, str]] = []
        for line in chunk.decode("utf-8", "replace").splitlines():
            kind, _, stem = line.rpartition(" ")
            rid = id_from_stem(stem) if stem else None
            if rid is None:
                return new, None
            changes.append((kind or "R", rid))
        return new, changes

    def _sync(self) -> None:
        """Drop cached files another process (or this one) changed, as the change log says.

        The (inode, size, mtime) signature already catches nearly every
        change; the log also catches a replaced file that happens to reuse
        the old inode number, size and time stamp.
        """
        new, changes = self._changes_since(self._seen_token)
        if new == self._seen_token:
            return
        self._seen_token = new
        if changes is None:
            self._library_cache = None
            self._snapshot_cache.clear()
            self._keys_cache.clear()
            self._review_cache.clear()
            return
        for kind, rid in changes:
            if kind == "L":
                self._library_cache = None  # snapshots are cached by pointer: a new version has a new one
            else:
                self._review_cache.pop(review_path(self.root, rid), None)

    def _note_changes(self, report_ids: Iterable[str], kind: str = "R") -> None:
        """Append to the change log (R: reviews, L: library and snapshot). Under the lock.

        A hint for live views and caches: losing it loses no data, so a
        failure to append is ignored.
        """
        path = self.root / "changes.log"
        payload = "".join(f"{kind} {file_stem(rid)}\n" for rid in report_ids).encode()
        try:
            if path.exists() and path.stat().st_size > _CHANGE_LOG_ROTATE_AT:
                fresh = path.with_name(".changes.log.new")
                fresh.write_bytes(b"")
                os.replace(fresh, path)
            fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
            try:
                os.write(fd, payload)
            finally:
                os.close(fd)
        except OSError:
            pass

    # --- settings (blind review, sync remote)

    def settings(self) -> "Settings":
        """This database's settings (store/settings.py)."""
        from claimdesk.store.settings import read_settings

        return read_settings(self.root)

    def update_settings(self, **changes: Any) -> "Settings":
        """Change settings durably, under the database lock; returns the new settings."""
        from claimdesk.store.settings import write_settings

        with self._lock:
            return write_settings(self.root, **changes)


def default_db_path() -> Path:
    """The user data folder's ``db`` (platformdirs)."""
    import platformdirs

    return Path(platformdirs.user_data_dir("claimdesk", appauthor=False)) / "db"


def open_store(root: Path | str | None = None, *, lock_timeout: float | None = None) -> ReviewStore:
    """The store at ``root``, else $CLAIMDESK_DB, else the user data folder."""
    if root is None:
        root = os.environ.get("CLAIMDESK_DB") or default_db_path()
    return ReviewStore(root, lock_timeout=lock_timeout)
