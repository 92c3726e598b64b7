"""The desk's marks are written off the UI thread, one at a time, in order.

A mark waits for the database lock only briefly (LOCK_TIMEOUT); while another
process holds it the write is retried and the desk says so, so a long lock
never freezes the desk. The writer has a store of its own, used by one drain at
a time. Nothing here imports Textual: the screen runs ``drain`` in a worker and
turns what it reports into messages.
"""

from __future__ import annotations

import inspect
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from claimdesk.errors import ClaimdeskError, DatabaseLocked
from claimdesk.model import Mark, Verdict

LOCK_TIMEOUT = 0.5  # seconds a write waits for the lock before it says the database is busy
RETRY_EVERY = 1.0
GIVE_UP_AFTER = 60.0


@dataclass(frozen=True)
class MyMark:
    """My verdict and note on a claim, saved or on its way to the store."""

    verdict: Verdict
    note: str = ""


@dataclass(frozen=True)
class MarkJob:
    report_id: str
    claim: int
    verdict: Verdict
    note: str
    reviewer: str
    seconds: float | None = None
    previous: MyMark | None = None  # my mark this one replaces (for undo)
    undo: bool = False  # this write undoes an earlier one


@dataclass(frozen=True)
class WriteBusy:
    job: MarkJob
    waited: float


@dataclass(frozen=True)
class WriteDone:
    job: MarkJob
    mark: Mark | None
    error: str = ""


class DeskWriter:
    """A queue of marks and the store that writes them."""

    def __init__(self, root: Path | str, *, lock_timeout: float | None = None,
                 retry_every: float | None = None, give_up_after: float | None = None) -> None:
        self.root = Path(root)
        self.lock_timeout = LOCK_TIMEOUT if lock_timeout is None else lock_timeout
        self.retry_every = RETRY_EVERY if retry_every is None else retry_every
        self.give_up_after = GIVE_UP_AFTER if give_up_after is None else give_up_after
        self._jobs: deque[MarkJob] = deque()
        self._guard = threading.Lock()
        self._draining = False
        self._store = None

    def submit(self, job: MarkJob) -> bool:
        """Queue ``job``; True when no drain is running and one must be started."""
        with self._guard:
            self._jobs.append(job)
            if self._draining:
                return False
            self._draining = True
            return True

    @property
    def pending(self) -> int:
        return len(self._jobs)

    def _next(self) -> MarkJob | None:
        with self._guard:
            if not self._jobs:
                self._draining = False
                return None
            return self._jobs[0]

    def _writer_store(self):
        if self._store is None:
            from claimdesk.store import ReviewStore

            self._store = ReviewStore(self.root, lock_timeout=self.lock_timeout)
        return self._store

    def drain(self, report: Callable[[object], None], keep_going: Callable[[], bool] = lambda: True) -> None:
        """Write every queued job in order; ``report`` gets a WriteBusy or WriteDone for each step."""
        while (job := self._next()) is not None:
            started = time.monotonic()
            while True:
                try:
                    mark = self._write(job)
                except DatabaseLocked as exc:
                    waited = time.monotonic() - started
                    if waited >= self.give_up_after or not keep_going():
                        report(WriteDone(job, None, str(exc)))
                        break
                    report(WriteBusy(job, waited))
                    time.sleep(self.retry_every)
                    continue
                except ClaimdeskError as exc:
                    report(WriteDone(job, None, str(exc)))
                    break
                report(WriteDone(job, mark))
                break
            with self._guard:
                self._jobs.popleft()

    def _write(self, job: MarkJob) -> Mark:
        store = self._writer_store()
        extra = {}
        if job.seconds is not None and "seconds" in inspect.signature(store.add_mark).parameters:
            extra["seconds"] = job.seconds
        return store.add_mark(job.report_id, job.claim, job.verdict, job.note, reviewer=job.reviewer, **extra)
