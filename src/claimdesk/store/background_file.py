"""A temp file written by a background thread while its writer goes on, made durable at commit.

The import's snapshot pack is the largest file a commit writes, and the only
one whose bytes are known before the indexes are staged. Written and synced
piece by piece while the importing process works out the indexes, its disk
time overlaps that work instead of following it. It is still a temp file
until the commit renames it, in the commit's order (``WriteGroup``), so a
crash leaves at most a stale temp file, removed by a later commit.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

_IOV_MAX = 1024  # pieces per writev call (Linux's limit)


def _write_pieces(fd: int, pieces: Sequence[bytes]) -> None:
    """Write every piece, in order, in as few system calls as the pieces allow."""
    writev = getattr(os, "writev", None)  # not on Windows: one write per piece there
    for start in range(0, len(pieces), _IOV_MAX):
        batch = pieces[start : start + _IOV_MAX]
        written = writev(fd, batch) if writev is not None else 0
        for piece in batch:  # after a short write (rare on a regular file), the rest one piece at a time
            if written >= len(piece):
                written -= len(piece)
                continue
            view = memoryview(piece)[written:]
            written = 0
            while view:
                view = view[os.write(fd, view) :]


class BackgroundFile:
    """A new temp file next to ``path``, appended to by one thread in the order of ``write`` calls.

    ``write`` returns at once; each piece is written and its data synced in
    the background. ``finish`` waits for every write and syncs the file whole
    (the first error of any write is raised there, as an OSError). ``discard``
    stops, closes and removes the temp file. The caller renames ``temp``.
    """

    def __init__(self, path: Path, temp: Path) -> None:
        self.path = path
        self.temp = temp
        self._fd: int | None = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o644)
        self._thread = ThreadPoolExecutor(1, thread_name_prefix="claimdesk-pack")
        self._writes: list[Future[None]] = []
        self._failed: OSError | None = None

    def write(self, pieces: Sequence[bytes]) -> None:
        if pieces:
            self._writes.append(self._thread.submit(self._append, list(pieces)))

    def _append(self, pieces: list[bytes]) -> None:
        if self._failed is not None or self._fd is None:
            return
        try:
            _write_pieces(self._fd, pieces)
            # Pushing each part to the disk now is what keeps the final sync short.
            getattr(os, "fdatasync", os.fsync)(self._fd)
        except OSError as exc:
            self._failed = exc

    def finish(self) -> None:
        """Every piece written and the file durable, or the first OSError of any write."""
        try:
            for future in self._writes:
                future.result()
            if self._failed is not None:
                raise self._failed
            assert self._fd is not None
            os.fsync(self._fd)
        finally:
            self._close()

    def discard(self) -> None:
        self._close()
        try:
            os.unlink(self.temp)
        except OSError:
            pass

    def _close(self) -> None:
        self._thread.shutdown(wait=True, cancel_futures=True)
        fd, self._fd = self._fd, None
        if fd is not None:
            os.close(fd)
