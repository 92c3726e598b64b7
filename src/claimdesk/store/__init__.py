"""The review database (no Textual here): reports, marks, triage and corrections.

See ``core`` for the layout and README (section storage) for why it is laid out so.
"""

from claimdesk.store.core import Reviews, ReviewStore, default_db_path, open_store
from claimdesk.store.records import ImportResult, InvalidRecord, MarkRequest, ReportSummary

__all__ = [
    "ImportResult",
    "InvalidRecord",
    "MarkRequest",
    "ReportSummary",
    "ReviewStore",
    "Reviews",
    "default_db_path",
    "open_store",
]
