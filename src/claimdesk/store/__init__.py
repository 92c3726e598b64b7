"""The review database (no Textual here): reports, marks, triage and corrections.

``ReviewStore`` (core) is a thin front over its parts; see docs/storage.md for
the layout and why it is laid out so.
"""

from claimdesk.store.core import ReviewStore, default_db_path, open_store
from claimdesk.store.limits import NOTE_MAX_CHARS, REVIEWER_MAX_CHARS
from claimdesk.store.records import (
    ImportResult,
    InvalidRecord,
    MarkOutcome,
    MarkRequest,
    PartialSave,
    RecordsOutcome,
    ReportSummary,
)
from claimdesk.store.reviews import Reviews

__all__ = [
    "NOTE_MAX_CHARS",
    "REVIEWER_MAX_CHARS",
    "ImportResult",
    "InvalidRecord",
    "MarkOutcome",
    "MarkRequest",
    "PartialSave",
    "RecordsOutcome",
    "ReportSummary",
    "ReviewStore",
    "Reviews",
    "default_db_path",
    "open_store",
]
