"""The library: one index row per report (library/, 64 shards) and the snapshot packs it points into.

This module owns library/ and snapshots/, and the caches over them (the commit that
writes them is in library_commit.py):

- rows: each shard parsed, kept while the shard's signature is unchanged
  (all dropped when the change log says ``L``);
- reports and claim keys: keyed by report id and checked against the row's
  snapshot pointer; packs are written once and never changed, so a pointer
  names one snapshot for ever and these need no other invalidation.

The rows are derived data: with shards moved aside, ``recovery`` rebuilds
them from the packs instead of the library reading as empty.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from claimdesk.errors import NotFound
from claimdesk.model import Report, claim_key
from claimdesk.sanitize import clean
from claimdesk.store.changes import ChangeLog
from claimdesk.store.dblock import DatabaseLock
from claimdesk.store.files import Signature, WriteGroup, corrupt, read_json, signature
from claimdesk.store.records import ReportSummary
from claimdesk.store.recovery import has_packs, rebuild_rows
from claimdesk.store.rows import (
    KEY_WIDTH,
    Parsed,
    Pointer,
    all_shards,
    checked_pointer,
    parse_shard,
    row_fields,
    shard_path,
)
from claimdesk.store.library_commit import LibraryCommit
from claimdesk.store.listing import Listing
from claimdesk.store.scan import LibraryKeys, LibraryScan
from claimdesk.store.snapshots import read_snapshot, report_at
from claimdesk.store.tallies import Unkept
from claimdesk.store.figindex import FigureIndex
from claimdesk.store.subjects import SubjectIndex

__all__ = ["Library", "Parsed", "Pointer", "all_shards", "parse_shard", "row_fields", "shard_path"]

_REPORT_CACHE_SIZE = 512


class Library(LibraryCommit, LibraryScan):
    """Index rows and snapshots of one database. Used from one thread."""

    def __init__(
        self, root: Path, lock: DatabaseLock, changes: ChangeLog, subjects: SubjectIndex, figures: FigureIndex,
        *, shard_cache: int | None = None,
    ) -> None:
        self.root = root
        # At most this many shards kept parsed (None: all): a store that reads rows here and
        # there for ever (the desk's related-claims look-ups) would otherwise end up holding
        # every row of the library, about 200 MB at 100,000 reports.
        self._shard_cache = shard_cache
        self.folder = root / "library"
        self.packs = root / "snapshots"
        self._lock = lock
        self._changes = changes
        self._subjects = subjects
        self._figures = figures
        self._shards: dict[Path, tuple[Signature, dict[str, dict[str, Any]]]] = {}
        self._merged: tuple[tuple[Signature | None, ...], dict[str, dict[str, Any]]] | None = None
        self.listing = Listing(self.folder, self._shard_once)
        self._reports: dict[str, tuple[Pointer, Report]] = {}
        self._keys: dict[str, tuple[Pointer, tuple[str, ...]]] = {}
        self._counts: tuple[tuple[Signature | None, ...], dict[str, tuple[int, str | None]]] | None = None
        self._keys_table: tuple[tuple[Signature | None, ...], LibraryKeys] | None = None
        self._unkept_keys: list[Unkept] = []
        self._written: tuple[int, int] | None = None  # the change log's token after this process's last commit

    def forget(self) -> None:
        """The change log said the library changed (or cannot tell): re-read the rows."""
        self._shards.clear()
        self._merged = None
        self._counts = None
        self._keys_table = None

    # --- rows: one shard per bucket of ids, so one report's row is one small read

    def shard_path(self, report_id: str) -> Path:
        return shard_path(self.folder, report_id)

    def _shard(self, path: Path) -> dict[str, dict[str, Any]]:
        """One shard's rows (cached until the file changes); a missing shard is recovered."""
        sig = signature(path)
        if sig is None:
            self._recover()
            sig = signature(path)
            if sig is None:
                return {}
        cached = self._shards.get(path)
        if cached is not None and cached[0] == sig:
            if self._shard_cache is not None:
                self._shards[path] = self._shards.pop(path)  # most recently used last
            return cached[1]
        rows = parse_shard(path, read_json(path))
        if self._shard_cache is not None and len(self._shards) >= self._shard_cache:
            self._shards.pop(next(iter(self._shards)))  # the least recently used
        self._shards[path] = (sig, rows)
        return rows

    def _shard_once(self, path: Path) -> dict[str, dict[str, Any]]:
        """One shard's rows for the listing, not kept: it keeps only the fields it lists."""
        sig = signature(path)
        cached = self._shards.get(path)
        if sig is None or (cached is not None and cached[0] == sig):
            return self._shard(path)  # cached, or missing (then recovered)
        return parse_shard(path, read_json(path))

    def _recover(self) -> None:
        """Shards missing while snapshots exist: the index was moved aside or lost; rebuild it."""
        if self.folder.exists() and not self.folder.is_dir():
            raise corrupt(self.folder, "a file where a folder belongs")
        if not has_packs(self.packs) or all(p.exists() for p in all_shards(self.folder)):
            return
        with self._lock:
            missing = [p for p in all_shards(self.folder) if not p.exists()]
            if not missing:
                return
            rows = rebuild_rows(self.packs)
            self.folder.mkdir(exist_ok=True)
            group = WriteGroup()
            wanted = set(missing)
            by_shard: dict[Path, dict[str, Any]] = {p: {} for p in missing}
            for rid, row in rows.items():
                path = self.shard_path(rid)
                if path in wanted:
                    by_shard[path][rid] = row
            for path, shard_rows in by_shard.items():
                group.stage(path, {"rows": shard_rows})
            group.commit()
            self._changes.note(sorted(rid for rows_ in by_shard.values() for rid in rows_), kind="L")

    def rows(self) -> dict[str, dict[str, Any]]:
        """report id -> library row, every shard (cached until a shard changes)."""
        paths = all_shards(self.folder)
        sigs = tuple(signature(p) for p in paths)
        cached = self._merged
        if cached is not None and cached[0] == sigs:
            return cached[1]
        merged: dict[str, dict[str, Any]] = {}
        for path in paths:
            merged.update(self._shard(path))
        self._merged = (tuple(signature(p) for p in paths), merged)
        return merged

    def row_or_none(self, report_id: str) -> dict[str, Any] | None:
        return self._shard(self.shard_path(report_id)).get(report_id)

    def summaries(self) -> list[ReportSummary]:
        """The library index only (never the snapshots), sorted by id: from the compact listing."""
        return self.listing.summaries()

    def row(self, report_id: str) -> dict[str, Any]:
        row = self.row_or_none(report_id)
        if row is None:
            raise NotFound(f"no report {clean(report_id)!r} in the library at {self.root}")
        return row

    def resolve(self, id_or_prefix: str) -> str:
        """An exact id, or the one id starting with the prefix. NotFound otherwise."""
        given = str(id_or_prefix)
        try:
            given.encode("utf-8")
        except UnicodeEncodeError:  # undecodable bytes on the command line: no id holds them
            raise NotFound(f"no report {clean(given)!r}: a report id is UTF-8 text") from None
        if given and self.row_or_none(given) is not None:
            return given  # an exact id reads one shard, not the library
        wanted = given.strip()
        if not wanted:
            raise NotFound("give a report id (or the start of one)")
        if self.row_or_none(wanted) is not None:
            return wanted
        rows = self.rows()
        matches = sorted(rid for rid in rows if rid.startswith(wanted))
        if len(matches) == 1:
            return matches[0]
        if not matches:
            raise NotFound(
                f"no report {clean(wanted)!r} in the library at {self.root}; `claimdesk import` adds reports"
            )
        shown = ", ".join(clean(m) for m in matches[:3]) + (", ..." if len(matches) > 3 else "")
        raise NotFound(f"{clean(wanted)!r} matches {len(matches)} reports ({shown}); give more of the id")

    # --- snapshots

    def pointer(self, report_id: str) -> Pointer:
        """Where the current snapshot of a report is; NotFound when the library has no such report."""
        return checked_pointer(self.row(report_id).get("snapshot"), self.shard_path(report_id))

    def snapshot(self, report_id: str, pointer: Pointer) -> dict[str, Any]:
        """One snapshot document: a slice of a pack, read without reading the rest."""
        return read_snapshot(self.packs, report_id, pointer)

    def report(self, report_id: str) -> Report:
        """The current snapshot of a report (cached by pointer: a new version has a new one)."""
        pointer = self.pointer(report_id)
        cached = self._reports.get(report_id)
        if cached is not None and cached[0] == pointer:
            return cached[1]
        report = report_at(self.packs, report_id, pointer)
        if len(self._reports) >= _REPORT_CACHE_SIZE:
            self._reports.clear()
        self._reports[report_id] = (pointer, report)
        return report

    def claim_keys(self, report_id: str) -> tuple[str, ...]:
        """The claim keys of the current version (a batch touches thousands of reports)."""
        row = self.row(report_id)
        joined = row.get("claim_keys")
        if isinstance(joined, str) and len(joined) % KEY_WIDTH == 0 and len(joined) == KEY_WIDTH * row["claims"]:
            return tuple(joined[i : i + KEY_WIDTH] for i in range(0, len(joined), KEY_WIDTH))
        pointer = self.pointer(report_id)
        cached = self._keys.get(report_id)
        if cached is not None and cached[0] == pointer:
            return cached[1]
        known = self._reports.get(report_id)
        if known is not None and known[0] == pointer:
            keys = tuple(c.key for c in known[1].claims)
        else:
            doc = self.snapshot(report_id, pointer)
            try:
                keys = tuple(claim_key(str(c["text"])) for c in doc["report"].get("claims") or ())
            except (KeyError, TypeError, AttributeError) as exc:
                raise corrupt(self.packs / pointer[0], f"the snapshot is incomplete ({exc!r})") from exc
        self._keys[report_id] = (pointer, keys)
        return keys

    def versions(self, report_id: str) -> list[dict[str, Any]]:
        """Every imported version, oldest first: version, content_hash, source, imported_at, report (dict)."""
        pointer: Pointer | None = self.pointer(report_id)
        found: list[dict[str, Any]] = []
        while pointer is not None:
            doc = self.snapshot(report_id, pointer)
            found.append({k: doc.get(k) for k in ("version", "content_hash", "source", "imported_at", "report")})
            previous = doc.get("previous")
            where = self.packs / pointer[0]
            pointer = None if previous is None else checked_pointer(previous, where)
            if len(found) > 100_000:
                raise corrupt(where, "the version history loops")
        found.reverse()
        return found

    def _report_at(self, report_id: str, pointer: Pointer) -> Report:
        return report_at(self.packs, report_id, pointer)
