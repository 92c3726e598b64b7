"""Errors the core raises. Each carries a one-line message fit for a person."""

from __future__ import annotations

from pathlib import Path


class ClaimdeskError(Exception):
    """Base for every error the command line turns into ``claimdesk: message``."""

    exit_code = 2


class ParseError(ClaimdeskError):
    """A file is not a report we can read."""

    def __init__(self, path: str | Path, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


class StoreError(ClaimdeskError):
    """The review database could not be read or written; nothing was lost."""


class DatabaseCorrupt(StoreError):
    """A database file does not parse. It is never overwritten."""


class DatabaseLocked(StoreError):
    """Another process held the database lock for too long."""


class NotFound(ClaimdeskError):
    """A report id, prefix or claim number that names nothing (or more than one thing)."""


class SyncError(ClaimdeskError):
    """A sync could not reach its remote, or the remote is not a claimdesk sync repository.

    Raised before anything is written locally, or after only whole, durable merges.
    """

    exit_code = 1
