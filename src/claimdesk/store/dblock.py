"""The database lock: one lock held around every read-modify-write of the database."""

from __future__ import annotations

import os
from pathlib import Path

from claimdesk.errors import DatabaseLocked, StoreError

DEFAULT_LOCK_TIMEOUT = 10.0


def lock_timeout_from_env() -> float:
    raw = os.environ.get("CLAIMDESK_LOCK_TIMEOUT")
    if not raw:
        return DEFAULT_LOCK_TIMEOUT
    try:
        return max(0.0, float(raw))
    except ValueError:
        raise StoreError(f"CLAIMDESK_LOCK_TIMEOUT must be a number of seconds, not {raw!r}") from None


class DatabaseLock:
    """The one lock held around every read-modify-write of the database."""

    def __init__(self, path: Path, timeout: float) -> None:
        from filelock import FileLock

        self.path = path
        self.timeout = timeout
        self._lock = FileLock(path, timeout=timeout, preserve_lock_file=True)

    def __enter__(self) -> "DatabaseLock":
        from filelock import Timeout

        try:
            self._lock.acquire()
        except Timeout:
            raise DatabaseLocked(
                f"the review database {self.path.parent} is busy: another claimdesk process held "
                f"its lock for {self.timeout:g} s. Try again; if it stays locked, look for a stuck "
                "claimdesk process (CLAIMDESK_LOCK_TIMEOUT sets the wait)."
            ) from None
        except OSError as exc:
            raise StoreError(f"cannot lock {self.path}: {exc.strerror or exc}") from exc
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._lock.release()
