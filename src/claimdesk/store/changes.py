"""The change log: which reports' files were written, appended after each commit.

A hint for live views and caches (losing it loses no data). Each line is
``KIND STEM``: ``R`` for review records, ``L`` for the library and snapshots.
The token is (inode, size): cheap to read, unequal after any write by any
process; rotation replaces the file, so a token from before a rotation no
longer matches and readers start over.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from claimdesk.errors import StoreError
from claimdesk.store.records import file_stem, id_from_stem

ROTATE_AT = 8 * 1024 * 1024

Change = tuple[str, str]  # (kind, report id)


class ChangeLog:
    """Owns changes.log; holds no cache."""

    def __init__(self, root: Path) -> None:
        self.path = root / "changes.log"

    def token(self) -> tuple[int, int]:
        """Cheap (one stat); unequal after any write by any process."""
        try:
            st = os.stat(self.path)
        except FileNotFoundError:
            return (0, 0)
        except OSError as exc:
            raise StoreError(f"cannot read {self.path}: {exc.strerror}") from exc
        return (st.st_ino, st.st_size)

    def since(self, token: object) -> tuple[tuple[int, int], list[Change] | None]:
        """(new token, [(kind, report id)] written since ``token``); None when it cannot tell."""
        new = self.token()
        if new == token:
            return new, []
        if not (isinstance(token, tuple) and len(token) == 2 and token[0] == new[0] and token[1] <= new[1]):
            return new, None
        try:
            with open(self.path, "rb") as log:
                log.seek(token[1])
                chunk = log.read(new[1] - token[1])
        except OSError:
            return new, None
        changes: list[Change] = []
        for line in chunk.decode("utf-8", "replace").splitlines():
            kind, _, stem = line.rpartition(" ")
            rid = id_from_stem(stem) if stem else None
            if rid is None:
                return new, None
            changes.append((kind or "R", rid))
        return new, changes

    def note(self, report_ids: Iterable[str], kind: str = "R") -> None:
        """Append (under the database lock, after the commit it describes).

        A failure to append is ignored: the log is a hint, and the signature
        check of every cached file still catches the change.
        """
        payload = "".join(f"{kind} {file_stem(rid)}\n" for rid in report_ids).encode()
        if not payload:
            return
        path = self.path
        try:
            if path.exists() and path.stat().st_size > ROTATE_AT:
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

