"""ReviewStore: the thin front of the review database.

The parts, each owning its files and its cache (see docs/storage.md):
``layout`` (the folder and its format marker), ``library`` (index rows and
snapshot packs), ``importer`` (walk, worker pool, grouped commits),
``reviews`` (review buckets: marks, triage, corrections) and ``changes``
(the change log). This class checks requests at the door (limits, ids,
claim numbers), routes them, and turns change-log entries into the one
invalidation call each cache owner provides.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from claimdesk.errors import ClaimdeskError, NotFound
from claimdesk.model import Claim, CorrectionEvent, Mark, Report, Triage
from claimdesk.store.changes import ChangeLog
from claimdesk.store.door import by_time, check_number, check_range
from claimdesk.store.dblock import DatabaseLock, lock_timeout_from_env
from claimdesk.store.files import remove_stale_temps, signature
from claimdesk.store.importer import Importer, collector_paused
from claimdesk.store.layout import open_layout
from claimdesk.store.library import Library
from claimdesk.store.records import ImportResult, ReportSummary, mark_order, now_micros
from claimdesk.store.reviews import Reviews, ReviewFiles
from claimdesk.store.figindex import FigureIndex
from claimdesk.store.passes import StorePasses
from claimdesk.store.writing import StoreWrites
from claimdesk.store.subjects import SubjectIndex, subject_keys

if TYPE_CHECKING:  # pragma: no cover
    from claimdesk.store.settings import Settings
    from claimdesk.store.listing import ListingHead

__all__ = ["Reviews", "ReviewStore", "default_db_path", "open_store"]


class ReviewStore(StoreWrites, StorePasses):
    """Reports and the reviews filed against them. Safe under crashes and concurrent writers.

    ``clock`` (microseconds since 1970) is the wall clock marks are stamped
    and ordered with; tests skew it. ``shard_cache``: keep at most this many
    library shards parsed (None: every shard read), for a long-lived store
    that reads reports here and there.
    """

    def __init__(
        self, root: Path | str, *, lock_timeout: float | None = None, clock: Callable[[], int] | None = None,
        shard_cache: int | None = None,
    ) -> None:
        self.root = Path(root).expanduser()
        created = open_layout(self.root)
        for folder in (self.root, self.root / "reviews"):
            remove_stale_temps(folder)
        timeout = lock_timeout_from_env() if lock_timeout is None else lock_timeout
        self._lock = DatabaseLock(self.root / "lock", timeout)
        self._clock = clock
        self._changes = ChangeLog(self.root)
        self._subjects = SubjectIndex(self.root, self._lock)
        self._figures = FigureIndex(self.root, self._lock)
        if created:
            self._subjects.start_empty()
            self._figures.start_empty()
        self._library = Library(
            self.root, self._lock, self._changes, self._subjects, self._figures, shard_cache=shard_cache
        )
        self._reviews = ReviewFiles(self.root, self._lock, self._changes, clock or now_micros)
        self._importer = Importer(self.root, self._library)
        self._progress_cache: dict[str, tuple[object, dict[str, int]]] = {}
        self._seen_token: Any = self.change_token()

    # --- the library

    def _rows(self) -> dict[str, dict[str, Any]]:
        self._sync()
        return self._library.rows()

    def summaries(self) -> list[ReportSummary]:
        """The library index only (never the snapshots), sorted by id."""
        self._sync()
        return self._library.summaries()

    def listing_head(self) -> "ListingHead":
        """The first page of the library in the desk's opening order, and the count (store/listing.py)."""
        self._sync()
        return self._library.listing.head()

    def summary(self, report_id: str) -> ReportSummary | None:
        from claimdesk.store.records import summary_from_row

        self._sync()
        row = self._library.row_or_none(report_id)  # one shard, not the library
        return None if row is None else summary_from_row(row)

    def is_empty(self) -> bool:
        self._sync()
        return self._library.listing.head().total == 0  # the small head file, not every row

    def report_ids(self) -> list[str]:
        """Every report in the library, sorted."""
        return sorted(self._rows())

    def resolve(self, id_or_prefix: str) -> str:
        """An exact id, or the one id starting with the prefix. NotFound otherwise."""
        self._sync()
        return self._library.resolve(id_or_prefix)

    def report(self, report_id: str) -> Report:
        """The current snapshot of a report (cached until a new version is imported)."""
        self._sync()
        return self._library.report(report_id)

    def content_hash(self, report_id: str) -> str:
        """The content hash of the report's current version (from the library index)."""
        self._sync()
        return str(self._library.row(report_id)["content_hash"])

    def versions(self, report_id: str) -> list[dict[str, Any]]:
        """Every imported version, oldest first: version, content_hash, source, imported_at, report (dict)."""
        self._sync()
        return self._library.versions(report_id)

    def claim_keys(self, report_id: str) -> tuple[str, ...]:
        """The claim keys of the current version, cached (a batch touches thousands of reports)."""
        self._sync()
        return self._library.claim_keys(report_id)

    def claim_key(self, report_id: str, number: int) -> str:
        """The key of claim ``number`` (1-based); NotFound with the valid range."""
        check_number(number)
        keys = self.claim_keys(report_id)
        check_range(report_id, number, len(keys))
        return keys[number - 1]

    def claim(self, report_id: str, number: int) -> Claim:
        """Claim ``number`` (1-based) of the current version; NotFound with the valid range."""
        report = self.report(report_id)
        check_number(number)
        check_range(report_id, number, len(report.claims))
        return report.claims[number - 1]

    def sharing_subjects(self, report: Report) -> list[str]:
        """Ids of the library's other reports that give numbers for a subject ``report`` does.

        The only reports a number check of ``report`` has to read (see
        store/subjects.py). The first call after the subject keys changed (or
        on a database made before the index) rebuilds the index once.
        """
        self._sync()
        if not self._subjects.current():
            self._subjects.rebuild(self.report_ids(), lambda rid: subject_keys(self._library.report(rid)))
        keys = subject_keys(report)
        if not keys:
            return []
        rows = self._library.rows()
        return sorted(rid for rid in self._subjects.sharing(keys) if rid in rows and rid != report.id)

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
        self._sync()
        result = self._importer.import_paths(paths, on_progress, workers, run_checks)
        self._refresh_listing(result)
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
        self._sync()
        result = self._importer.add_reports(reports, run_checks, source, hashes)
        self._refresh_listing(result)
        return result

    def _refresh_listing(self, result: ImportResult) -> None:
        """Bring the desk's listing up to date now, so the next desk opens at once (a cache: a
        failure here only leaves the rebuild to the next read, which reports real damage).

        Its entries are built with the cyclic collector paused, as the import's rows are: a
        collection set off by building them would walk every row the import keeps parsed
        (most of the listing's second at 100,000 reports)."""
        if result.added or result.updated:
            try:
                with collector_paused():
                    self._library.listing.refresh()
            except ClaimdeskError:
                pass

    # --- review records

    def reviews(self, report_id: str) -> Reviews:
        """Everything filed against one report, in file order."""
        self._sync()
        return self._reviews.reviews(report_id)

    def in_review_file_order(self, report_ids: Iterable[str]) -> Iterator[list[str]]:
        """The ids grouped by the review file that holds their records, each group in the given
        order. Each file is let go of once its group is done, so a walk over every report (an
        export) holds one review file parsed, not all of them."""
        groups: dict[Path, list[str]] = {}
        for rid in report_ids:
            groups.setdefault(self._reviews.path_of(rid), []).append(rid)
        for path in sorted(groups):
            yield groups[path]
            self._reviews.let_go(path)

    def let_go_of_reviews(self, report_id: str) -> None:
        """A walk is done with the review file holding this report's records: read it again next time."""
        self._reviews.let_go(self._reviews.path_of(report_id))

    def reviewed_ids(self) -> list[str]:
        """Reports that have at least one review record."""
        self._sync()
        return self._reviews.reviewed_ids()

    def marks(self, report_id: str) -> list[Mark]:
        """Every mark ever made on the report, in the order they were made (last made last)."""
        return sorted(self.reviews(report_id).marks, key=mark_order)

    def current_marks(self, report_id: str) -> dict[tuple[int, str], Mark]:
        """(current claim number, reviewer) -> last mark made; marks follow claims by text key."""
        keys = self.claim_keys(report_id)
        self._sync()
        return dict(self._reviews.current_marks(report_id, keys))

    def triage(self, report_id: str) -> list[Triage]:
        return by_time(self.reviews(report_id).triage, "at")

    def corrections(self, report_id: str) -> list[CorrectionEvent]:
        return by_time(self.reviews(report_id).corrections, "corrected_at")

    # --- progress and change notification

    def progress(self, reviewer: str) -> dict[str, int]:
        """report id -> claims of the current version with a current mark by ``reviewer``."""
        token = (self.change_token(), signature(self.root / "library.json"))
        cached = self._progress_cache.get(reviewer)
        if cached is not None and cached[0] == token:
            return dict(cached[1])
        self._sync()
        result = self._stream_progress(reviewer)
        self._progress_cache[reviewer] = (token, result)
        return dict(result)

    def change_token(self) -> object:
        """Cheap (one stat); unequal after any write by any process."""
        return self._changes.token()

    def changed_since(self, token: object) -> tuple[object, set[str]]:
        """(new token, ids of reports whose reviews or snapshot changed since ``token``)."""
        new, changes = self._changes.since(token)
        if changes is None:
            return new, set(self.report_ids()) | set(self.reviewed_ids())
        return new, {rid for _, rid in changes}

    def _sync(self) -> None:
        """Tell each cache owner what the change log says changed since this store last looked.

        The (inode, size, mtime) signature already catches nearly every
        change; the log also catches a replaced file that happens to reuse
        the old inode number, size and time stamp.
        """
        new, changes = self._changes.since(self._seen_token)
        if new == self._seen_token:
            return
        self._seen_token = new
        if changes is None:
            self._library.forget()
            self._reviews.forget()
            return
        for kind, rid in changes:
            if kind == "L":
                self._library.forget()
            else:
                self._reviews.forget(rid)

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


def open_store(
    root: Path | str | None = None, *, lock_timeout: float | None = None, clock: Callable[[], int] | None = None
) -> ReviewStore:
    """The store at ``root``, else $CLAIMDESK_DB, else the user data folder."""
    if root is None:
        root = os.environ.get("CLAIMDESK_DB") or default_db_path()
    return ReviewStore(root, lock_timeout=lock_timeout, clock=clock)
