"""Durable JSON files: atomic replace, fsync, and corruption refusal.

Every file of the database is written the same way: serialise, write a temp
file in the same folder, fsync it, ``os.replace`` it over the old one, fsync
the folder. A crash at any moment leaves either the old file or the new one,
never half of each. A file that does not parse is reported, never rewritten.
"""

from __future__ import annotations

import errno
import os
import secrets
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import orjson
from tinydb.storages import Storage

from claimdesk.errors import DatabaseCorrupt, StoreError
from claimdesk.store.background_file import BackgroundFile

Signature = tuple[int, int, int]

# Above this many files in one commit, fsync them from a few threads at once:
# the file system then joins them into fewer journal commits.
_PARALLEL_FSYNC_FROM = 8
_FSYNC_THREADS = 16


def signature(path: Path) -> Signature | None:
    """(inode, size, mtime_ns): changes whenever any process replaces the file."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise StoreError(f"cannot read {path}: {exc.strerror}") from exc
    return (st.st_ino, st.st_size, st.st_mtime_ns)


def corrupt(path: Path, reason: str) -> DatabaseCorrupt:
    return DatabaseCorrupt(
        f"{path} is damaged ({reason}); it was left untouched. "
        "Move it aside or restore a backup, then run the command again."
    )


def read_json(path: Path) -> Any | None:
    """The parsed file, or None when it does not exist. DatabaseCorrupt when it does not parse."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    except IsADirectoryError as exc:
        raise corrupt(path, "a folder where a file belongs") from exc
    except NotADirectoryError as exc:
        raise corrupt(path.parent, "a file where a folder belongs") from exc
    except OSError as exc:
        raise StoreError(f"cannot read {path}: {exc.strerror}") from exc
    try:
        parsed = orjson.loads(data)
    except orjson.JSONDecodeError as exc:
        reason = "empty file" if not data else f"not valid JSON: {exc}"
        raise corrupt(path, reason) from exc
    if parsed is None:  # "null" is no file of the store's, and must not read as a missing one
        raise corrupt(path, "it holds null, not the store's data")
    return parsed


def _write_problem(path: Path, exc: OSError, alone: bool = False) -> StoreError:
    why = {
        errno.ENOSPC: "the disk is full",
        errno.EDQUOT: "the disk quota is exhausted",
        errno.EROFS: "the file system is read-only",
        errno.EACCES: "permission denied",
        errno.EPERM: "permission denied",
    }.get(exc.errno or 0, exc.strerror or str(exc))
    if alone:  # other files of the same commit may have been saved
        return StoreError(f"could not write {path}: {why}; that file's previous version is intact")
    return StoreError(f"could not write {path}: {why}; the previous version is intact and nothing was saved")


def fsync_dir(folder: Path) -> None:
    """Make a rename in ``folder`` durable (Windows has no folder fsync; its rename is journaled)."""
    if os.name == "nt":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _temp_path(path: Path) -> Path:
    return path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")


def _write_temp(temp: Path, payload: bytes) -> None:
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    try:
        view = memoryview(payload)
        while view:
            written = os.write(fd, view)
            view = view[written:]
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_data(temp: Path, data: Any) -> None:
    """Write a staged value (JSON-able, bytes as they are, or a file written meanwhile) to its temp file."""
    if isinstance(data, BackgroundFile):
        data.finish()
    else:
        _write_temp(temp, data if isinstance(data, bytes) else orjson.dumps(data))


def _remove_quietly(path: Path) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


class WriteGroup:
    """Files staged in memory, then made durable together.

    ``commit`` writes and fsyncs every temp file first, then renames them in
    the order they were staged, fsyncing a folder before moving on to the
    next folder. So a file staged later (the library index) never points at
    one staged earlier (a snapshot) that a crash could still take back.
    """

    def __init__(self) -> None:
        self.staged: dict[Path, Any] = {}
        self.read_cache: dict[Path, Any] = {}  # files read under the same lock hold

    def stage(self, path: Path, data: Any) -> None:
        """Stage a JSON-able value, or bytes written as they are (already serialised)."""
        earlier = self.staged.pop(path, None)  # keep the latest, at the end of the order
        if isinstance(earlier, BackgroundFile):
            earlier.discard()
        self.staged[path] = data

    def background(self, path: Path) -> BackgroundFile:
        """Stage a file its caller writes piece by piece from now on (see BackgroundFile)."""
        try:
            file = BackgroundFile(path, _temp_path(path))
        except OSError as exc:
            raise _write_problem(path, exc) from exc
        self.stage(path, file)
        return file

    def discard(self) -> None:
        """Drop everything staged, and any file being written in the background."""
        for data in self.staged.values():
            if isinstance(data, BackgroundFile):
                data.discard()
        self.staged.clear()

    def __bool__(self) -> bool:
        return bool(self.staged)

    def __enter__(self) -> "WriteGroup":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.discard()  # nothing is left staged after a commit; after a failure, temp files go

    def commit(self) -> None:
        if not self.staged:
            return
        # Serialised as each file is written, not all first: a commit of a large
        # index then holds a few files' bytes at a time, not the whole index twice.
        jobs = [
            (path, data.temp if isinstance(data, BackgroundFile) else _temp_path(path), data)
            for path, data in self.staged.items()
        ]
        # One pool for the whole commit (its threads start once, not once per folder).
        pool = ThreadPoolExecutor(min(_FSYNC_THREADS, len(jobs))) if len(jobs) >= _PARALLEL_FSYNC_FROM else None
        try:
            self._write_and_rename(jobs, pool)
        finally:
            if pool is not None:
                pool.shutdown(wait=True)
        self.staged.clear()

    def _write_and_rename(self, jobs: list[tuple[Path, Path, Any]], pool: ThreadPoolExecutor | None) -> None:
        written: list[Path] = []
        try:
            if pool is not None:
                futures = [pool.submit(_write_data, temp, data) for _, temp, data in jobs]
                errors: list[tuple[Path, OSError]] = []
                for (path, temp, _), future in zip(jobs, futures):
                    exc = future.exception()
                    if exc is None:
                        written.append(temp)
                    elif isinstance(exc, OSError):
                        errors.append((path, exc))
                    else:
                        raise exc
                if errors:
                    raise _write_problem(*errors[0])
            else:
                for path, temp, data in jobs:
                    try:
                        _write_data(temp, data)
                    except OSError as exc:
                        _remove_quietly(temp)
                        raise _write_problem(path, exc) from exc
                    written.append(temp)
        except BaseException:
            if pool is not None:  # no thread may still be writing a temp file removed here
                pool.shutdown(wait=True, cancel_futures=True)
            for _, _, data in jobs:
                if isinstance(data, BackgroundFile):
                    data.discard()
            for temp in written:
                _remove_quietly(temp)
            for _, temp, _ in jobs:
                _remove_quietly(temp)
            raise
        # Renames, one folder at a time (the staging order between folders
        # matters; inside one folder it does not, so many go in parallel).
        runs: list[list[tuple[Path, Path]]] = []
        for path, temp, _ in jobs:
            if runs and runs[-1][0][0].parent == path.parent:
                runs[-1].append((path, temp))
            else:
                runs.append([(path, temp)])
        for number, run in enumerate(runs):
            failure = _rename_all(run, pool)
            if failure is not None:
                for later in runs[number:]:
                    for _, temp in later:
                        _remove_quietly(temp)
                raise _write_problem(*failure)
            folder = run[0][0].parent
            try:
                fsync_dir(folder)
            except OSError as exc:
                raise _write_problem(folder, exc) from exc

    def commit_each(self) -> dict[Path, StoreError]:
        """Make every staged file durable on its own: one file's failure does not stop the others.

        Returns the files that failed and why; every other staged file is
        durable on return. For files that do not depend on each other (review
        buckets), so a caller can acknowledge exactly what was saved.
        """
        failed: dict[Path, StoreError] = {}
        jobs = [
            (path, _temp_path(path), data if isinstance(data, bytes) else orjson.dumps(data))
            for path, data in self.staged.items()
        ]
        self.staged.clear()

        def write(job: tuple[Path, Path, bytes]) -> OSError | None:
            try:
                _write_temp(job[1], job[2])
            except OSError as exc:
                _remove_quietly(job[1])
                return exc
            return None

        if len(jobs) >= _PARALLEL_FSYNC_FROM:
            with ThreadPoolExecutor(min(_FSYNC_THREADS, len(jobs))) as pool:
                outcomes = list(pool.map(write, jobs))
        else:
            outcomes = [write(job) for job in jobs]
        by_folder: dict[Path, list[tuple[Path, Path]]] = {}
        for (path, temp, _), exc in zip(jobs, outcomes):
            if exc is not None:
                failed[path] = _write_problem(path, exc, True)
            else:
                by_folder.setdefault(path.parent, []).append((path, temp))
        for folder, run in by_folder.items():
            renamed = []
            for path, temp in run:
                try:
                    os.replace(temp, path)
                except OSError as exc:
                    _remove_quietly(temp)
                    failed[path] = _write_problem(path, exc, True)
                else:
                    renamed.append(path)
            try:
                fsync_dir(folder)
            except OSError as exc:
                for path in renamed:  # on disk, perhaps, but not known durable: not acknowledged
                    failed[path] = _write_problem(folder, exc, True)
        return failed


def _rename_all(run: list[tuple[Path, Path]], pool: ThreadPoolExecutor | None) -> tuple[Path, OSError] | None:
    """os.replace every (path, temp); the first failure, if any."""

    def rename(pair: tuple[Path, Path]) -> tuple[Path, OSError] | None:
        path, temp = pair
        try:
            os.replace(temp, path)
        except OSError as exc:
            return (path, exc)
        return None

    if pool is None or len(run) < _PARALLEL_FSYNC_FROM:
        results = [rename(pair) for pair in run]
    else:
        results = list(pool.map(rename, run))
    return next((r for r in results if r is not None), None)


def write_json(path: Path, data: Any) -> None:
    """Replace one file durably."""
    group = WriteGroup()
    group.stage(path, data)
    group.commit()


class DurableStorage(Storage):
    """TinyDB storage: orjson, atomic durable replace, refusal of damaged files.

    With a ``group`` the write is staged there and made durable by the
    group's commit, so one commit can cover many review files. Never wrap it
    in CachingMiddleware: every read-modify-write must see other processes'
    writes, and the caller holds the database lock around it.
    """

    def __init__(self, path: Path, group: WriteGroup | None = None) -> None:
        self.path = Path(path)
        self.group = group

    def read(self) -> dict[str, dict[str, Any]] | None:
        group = self.group
        if group is not None:
            if self.path in group.staged:
                return group.staged[self.path]
            if self.path in group.read_cache:
                return group.read_cache[self.path]
        data = read_json(self.path)
        if data is None:
            return None
        if not isinstance(data, dict) or not all(isinstance(t, dict) for t in data.values()):
            raise corrupt(self.path, "not a table file")
        if group is not None:
            group.read_cache[self.path] = data
        return data

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        if self.group is not None:
            self.group.stage(self.path, data)
        else:
            write_json(self.path, data)


STALE_TEMP_SECONDS = 3600


def remove_stale_temps(folder: Path) -> None:
    """Delete temp files a killed writer left behind (no write takes an hour)."""
    import time

    cutoff = time.time() - STALE_TEMP_SECONDS
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.name.startswith(".") and entry.name.endswith(".tmp"):
                    try:
                        if entry.stat().st_mtime < cutoff:
                            os.unlink(entry.path)
                    except OSError:
                        pass
    except OSError:
        pass


def scan_json_stems(folder: Path) -> Iterable[str]:
    """Stems of the ``*.json`` files in ``folder``; temp and hidden files skipped."""
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                name = entry.name
                if name.endswith(".json") and not name.startswith("."):
                    yield name[:-5]
    except FileNotFoundError:
        return
    except NotADirectoryError as exc:
        raise corrupt(folder, "a file where a folder belongs") from exc
    except OSError as exc:
        raise StoreError(f"cannot read {folder}: {exc.strerror}") from exc
