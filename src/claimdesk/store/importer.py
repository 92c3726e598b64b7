"""Import: walk the given folders, parse files (in worker processes when many), commit in groups.

The walk follows no symbolic link out of an imported folder and opens no
file that is not a regular file (a FIFO would block the read for ever).
Two files of one import that give the same report id are a clash: the
first (in path order) is imported, the second is refused naming both.
"""

from __future__ import annotations

import errno
import gc
import os
import stat
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import orjson

from claimdesk.errors import ClaimdeskError, ParseError, StoreError
from claimdesk.model import Report
from claimdesk.reportfiles import NOT_REGULAR, walk
from claimdesk.sanitize import clean
from claimdesk.store.library import Library
from claimdesk.store.rows import Parsed, Pointer, pointer_or_none, row_fields
from claimdesk.store.snapshots import previous_figure_keys
from claimdesk.store.records import ImportResult, InvalidRecord, content_hash
from claimdesk.store.figindex import figure_rows

SEVERITY_RANK = {"high": 3, "medium": 2, "low": 1}
# Import commits its parsed reports in groups: one library rewrite per group.
# A group rewrites every index shard it touches (64 of each at most), whatever its size, so
# an import of 10,000 reports into an empty library commits once, not twice.
IMPORT_GROUP_SIZE = 10000
IMPORT_GROUP_SECONDS = 10.0  # or once a group has waited 1 ms per report of its size (a slow machine)
# A group rewrites index shards whose size is that of the library, so with a
# fixed group size an import of N reports into a library of N would cost N^2.
# Groups grow with the library (half of it, up to this many), so the rewriting
# stays a small multiple of the final index; the cap bounds the memory the
# pending group holds.
IMPORT_GROUP_MAX = 20000


def group_size(held: int) -> int:
    """Reports per commit when the library holds ``held`` reports."""
    return max(IMPORT_GROUP_SIZE, min(IMPORT_GROUP_MAX, held // 2))
# Import parses in worker processes from this many files on (below it, the
# start-up of the workers costs more than it saves).
POOL_FROM = 500
# Reports per task sent to a worker: each task costs a message each way and a wake-up of
# the importing process, so large imports send large tasks; a small one still has a few
# tasks per worker.
_POOL_CHUNK = 256
_POOL_MAX_WORKERS = 8
_POOL_WINDOW = 2048  # reports in flight per worker (a few MB of results)


def chunk_size(files: int, workers: int) -> int:
    """Reports per task when ``files`` files are shared by ``workers`` workers."""
    return max(1, min(_POOL_CHUNK, files // (4 * max(1, workers))))


def assess(
    path: str, source: str, report: Report, digest: str, run_checks: bool = False,
    previous_keys: tuple[Pointer, list[str]] | None = None,
) -> Parsed:
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
    row = row_fields(report, findings, worst)
    # A name that is not UTF-8 is kept readable (\xff), as JSON cannot hold its surrogate escapes.
    source = os.fsencode(source).decode("utf-8", "backslashreplace")
    # The subject keys are the keys of its figures. Each key's rows go back serialised: the
    # importing process, which every report passes through, then neither unpickles nor re-serialises them.
    figures = {key: orjson.dumps(rows) for key, rows in figure_rows(report).items()}
    return Parsed(
        path, source, report.id, digest, row, orjson.dumps(report.to_dict()), sorted(figures), figures, previous_keys
    )


# (path, source, content hash the library has for the file's name, walked, where that row's
# snapshot is) -> one outcome: ("ok", Parsed) | ("unchanged", report id, path) | ("failed", path, reason)
Job = tuple[str, str, "str | None", bool, "Pointer | None"]


def read_regular(path: str, walked: bool) -> bytes:
    """The bytes of a regular file, never blocking on a pipe; a walked symlink is not followed."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    if walked:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(path, flags)
    try:
        status = os.fstat(fd)
        if not stat.S_ISREG(status.st_mode):
            raise IsADirectoryError(0, NOT_REGULAR)
        # One read for a file as large as fstat said (asking one byte more sees its end);
        # a short or longer read (a file being written) goes on to the end.
        first = os.read(fd, min(status.st_size + 1, 1 << 24))
        if len(first) == status.st_size:
            return first
        chunks = [first]
        while True:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def prepare(jobs: Sequence[Job], run_checks: bool = False, packs: str | None = None) -> list[tuple[Any, ...]]:
    """Read, hash and parse files (and check them if asked); in a worker process or in this one.

    For a file whose name the library holds, the figure keys of the version
    it replaces are worked out here too (from ``packs``), not by the commit.
    """
    from claimdesk.parsing import parse_bytes

    outcomes: list[tuple[Any, ...]] = []
    for text_path, source, known, walked, previous in jobs:
        path = Path(text_path)
        try:
            data = read_regular(text_path, walked)
        except OSError as exc:
            reason = NOT_REGULAR if exc.strerror == NOT_REGULAR else exc.strerror or str(exc)
            if walked and exc.errno == errno.ELOOP:
                reason = "a symbolic link, not followed"  # swapped in after the walk
            outcomes.append(("failed", text_path, clean(reason)))
            continue
        digest = content_hash(data)
        if known == digest:
            outcomes.append(("unchanged", path.stem, text_path))
            continue
        try:
            report = parse_bytes(data, path)
            old = None if previous is None or packs is None else previous_figure_keys(Path(packs), report.id, previous)
            parsed = assess(text_path, source, report, digest, run_checks, old)
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


def worker_count(files: int, workers: int | None) -> int:
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
    workers = min(workers, _POOL_MAX_WORKERS)
    return min(workers, max(1, -(-files // chunk_size(files, workers))))


def _worker_start() -> None:
    """Ctrl-C is the importing process's to handle: it stops handing out work and waits for
    the chunks under way, so workers print no tracebacks of their own. A worker reads
    untrusted files and keeps nothing: its garbage collector runs as usual (the importing
    process pauses its own, see ``collector_paused``)."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    gc.enable()


def prepared(
    jobs: list[Job], workers: int, run_checks: bool = False, packs: str | None = None
) -> Iterator[list[tuple[Any, ...]]]:
    """Outcomes chunk by chunk, in file order; a broken or unavailable pool falls back to this process."""
    size = chunk_size(len(jobs), workers)
    chunks = [jobs[i : i + size] for i in range(0, len(jobs), size)]
    if workers <= 1:
        for chunk in chunks:
            yield prepare(chunk, run_checks, packs)
        return
    import multiprocessing
    from concurrent.futures import Future, ProcessPoolExecutor

    import claimdesk.checks.numbers  # noqa: F401  (loaded before the fork, not once per worker)
    import claimdesk.parsing  # noqa: F401

    if run_checks:
        import claimdesk.checks  # noqa: F401

    try:
        pool = ProcessPoolExecutor(
            workers, mp_context=multiprocessing.get_context("fork"), initializer=_worker_start
        )
    except (OSError, ValueError):
        for chunk in chunks:
            yield prepare(chunk, run_checks, packs)
        return
    # Chunks in flight: bounded memory, and enough work for the workers to go on with while
    # this process commits a group (seconds, at 100,000 reports) instead of idling a core.
    window = max(2, _POOL_WINDOW // size) * workers
    futures: list[Future[list[tuple[Any, ...]]] | None] = []
    try:
        for number, chunk in enumerate(chunks):
            while len(futures) < min(len(chunks), number + window):
                try:
                    futures.append(pool.submit(prepare, chunks[len(futures)], run_checks, packs))
                except Exception:  # a broken pool refuses work: the rest is done here
                    futures.append(None)
            future = futures[number]
            outcomes = None
            if future is not None:
                try:
                    outcomes = future.result()
                except Exception:  # a worker died (killed, out of memory): redo its chunk here
                    outcomes = None
            if number == len(chunks) - 1:
                pool.shutdown(wait=False)  # every result is in: the workers end while the last group commits
            yield outcomes if outcomes is not None else prepare(chunk, run_checks, packs)
            futures[number] = None
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


@contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic garbage collector off for the length of an import.

    An import keeps every library row it wrote parsed (the next group starts
    from them) and a group of parsed reports pending: millions of objects, none
    of them in a reference cycle. Each full collection walks them all, and
    allocating that many objects triggers one every few thousand reports, so
    the importing process would spend a third of its time there at 100,000
    reports. Plain reference counting still frees everything the import drops.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class Importer:
    """Turns paths into committed library entries. Holds no cache of its own."""

    def __init__(self, root: Path, library: Library) -> None:
        self.root = root
        self.library = library

    @collector_paused()
    def import_paths(
        self,
        paths: Iterable[str | Path],
        on_progress: Callable[[int, int], None] | None,
        workers: int | None,
        run_checks: bool,
    ) -> ImportResult:
        result = ImportResult()
        files = self.collect(paths, result.failed)
        rows = self.library.rows()
        jobs: list[Job] = []
        for path, source, walked in files:
            known = rows.get(os.path.splitext(os.path.basename(path))[0])  # the stem, as Path.stem
            if known is None:
                jobs.append((path, source, None, walked, None))
            else:
                jobs.append((path, source, known.get("content_hash"), walked, pointer_or_none(known.get("snapshot"))))
        pending: list[Parsed] = []
        claimed: dict[str, str] = {}  # report id -> the file of this import that gave it
        held = len(rows)
        del rows  # the hashes are in the jobs; the rows are the library's to cache
        size = group_size(held)
        last_commit = time.monotonic()
        total = len(jobs)
        done = 0
        for outcomes in prepared(jobs, worker_count(total, workers), run_checks, str(self.library.packs)):
            for outcome in outcomes:
                done += 1
                if outcome[0] == "failed":
                    result.failed.append((outcome[1], outcome[2]))
                else:
                    rid, path = (outcome[1].report_id, outcome[1].path) if outcome[0] == "ok" else outcome[1:3]
                    first = claimed.setdefault(rid, path)
                    if first != path:
                        reason = f"gives the report id {clean(rid)!r}, as {clean(first)} does; rename one of the two"
                        result.failed.append((path, reason))
                    elif outcome[0] == "ok":
                        pending.append(outcome[1])
                    else:
                        result.unchanged.append(rid)
                if pending and (
                    len(pending) >= size
                    or time.monotonic() - last_commit > IMPORT_GROUP_SECONDS * size / IMPORT_GROUP_SIZE
                ):
                    self.library.commit(pending, result)
                    size = group_size(held + len(result.added))
                    pending = []
                    last_commit = time.monotonic()
                if on_progress is not None:
                    on_progress(done, total)
        if pending:
            self.library.commit(pending, result)
        return result

    @collector_paused()
    def add_reports(
        self, reports: Iterable[Report], run_checks: bool, source: str, hashes: Mapping[str, str] | None
    ) -> ImportResult:
        result = ImportResult()
        pending: list[Parsed] = []
        for report in reports:
            digest = (hashes or {}).get(report.id) or content_hash(orjson.dumps(report.to_dict()))
            pending.append(assess(source, source, report, digest, run_checks=run_checks))
            if len(pending) >= 2 * IMPORT_GROUP_SIZE:
                self.library.commit(pending, result)
                pending = []
        if pending:
            self.library.commit(pending, result)
        return result

    def collect(self, paths: Iterable[str | Path], failed: list[tuple[str, str]]) -> list[tuple[str, str, bool]]:
        """(file, its absolute path as text, found by walking) for every report file, in path order.

        Folders are walked with scandir (file types come with the listing, no
        stat per file) and resolved once, not once per file. Hidden files and
        folders are skipped; symlinked folders and files are not followed.
        A file named on the command line is read as the user named it.
        """
        files: list[tuple[str, str, bool]] = []
        db_root = self.root.resolve()
        for given in paths:
            path = Path(given)
            if path.is_dir():
                base = path.resolve()
                # Never import the database's own files (a folder that holds the database).
                holds_db = db_root == base or base in db_root.parents
                for parts, full in walk(path, failed):
                    if holds_db:
                        resolved = Path(full).resolve()
                        if resolved == db_root or db_root in resolved.parents:
                            continue
                    files.append((full, os.path.join(base, *parts), True))
            elif path.is_file():
                files.append((str(path), str(path.resolve()), False))
            elif path.exists():
                failed.append((str(path), NOT_REGULAR))
            else:
                failed.append((str(path), "no such file or folder"))
        return files
