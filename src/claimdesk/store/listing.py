"""The listing: what the desk's side panel needs of every report, kept compact beside the library.

The library's shards hold whole rows (claim keys, snapshot pointers, hashes);
listing 100,000 reports from them means parsing every shard and building a
row object per report before the first screen. The listing keeps only the
summary fields, as one JSON array per report (``listing.json``), and
the first page in the desk's opening order (``listing-head.json``),
so the first screen reads a few kilobytes and the rest is read by a worker.

Both files are derived data with one owner (this module) and one
invalidation rule: each records the signature of every shard it was made
from, and a read whose signatures no longer match rebuilds what changed (only
the changed shards are parsed again). So no writer has to remember the
listing (import, merge, sync, recovery): a stale listing is never used, and
a listing is replaced atomically, so a reader never sees half of one.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable
from operator import itemgetter
from pathlib import Path
from typing import Any

import orjson

from claimdesk.errors import StoreError
from claimdesk.store.files import Signature, signature, write_json
from claimdesk.store.records import ReportSummary
from claimdesk.store.rows import all_shards

LISTING_FORMAT = 1
HEAD_ROWS = 200  # a tall terminal shows about 40 reports; the rest comes from the full listing

# The order of a listing entry: ReportSummary's fields, so ReportSummary(*entry) makes one.
FIELDS = (
    "id", "title", "published", "research_question", "gate", "tier", "review_score", "claims",
    "verified", "findings", "worst_severity", "imported_at", "version",
)  # fmt: skip

ShardReader = Callable[[Path], dict[str, dict[str, Any]]]


def opening_key(published: str | None, imported_at: str | None) -> tuple[str, str]:
    """The desk's opening order, largest first (newest, then latest imported): the head is cut in it."""
    return (published or "", imported_at or "")


def newest_key(summary: ReportSummary) -> tuple[str, str]:
    return opening_key(summary.published, summary.imported_at)


class ListingHead:
    """The first ``HEAD_ROWS`` reports in the opening order, and how many there are in all."""

    __slots__ = ("summaries", "total")

    def __init__(self, summaries: list[ReportSummary], total: int) -> None:
        self.summaries = summaries
        self.total = total

    @property
    def complete(self) -> bool:
        return len(self.summaries) >= self.total


class Listing:
    """Reads and keeps ``listing.json`` and its head (beside ``library/``). Used from one thread."""

    def __init__(self, folder: Path, read_shard: ShardReader) -> None:
        self.folder = folder  # the library's shards; the listing lives beside the folder
        self.path = folder.parent / "listing.json"
        self.head_path = folder.parent / "listing-head.json"
        self._read_shard = read_shard
        self._cached: tuple[dict[str, Signature | None], list[ReportSummary]] | None = None

    def _signatures(self) -> dict[str, Signature | None]:
        sigs = {path.stem: signature(path) for path in all_shards(self.folder)}
        missing = [stem for stem, sig in sigs.items() if sig is None]
        if missing:
            # Reading a missing shard rebuilds the lost ones from the packs (store/recovery.py).
            self._read_shard(self.folder / f"{missing[0]}.json")
            sigs = {path.stem: signature(path) for path in all_shards(self.folder)}
        return sigs

    def head(self) -> ListingHead:
        """The first page, from the small head file when it is current, else from the full listing."""
        sigs = self._signatures()
        data = _load(self.head_path)
        if isinstance(data, dict) and data.get("format") == LISTING_FORMAT and _same(data.get("sigs"), sigs):
            try:
                return ListingHead([ReportSummary(*entry) for entry in data["rows"]], int(data["total"]))
            except (KeyError, TypeError, ValueError):
                pass  # damaged: rebuilt below
        summaries = self.summaries()
        return ListingHead(_head_of(summaries), len(summaries))

    def summaries(self) -> list[ReportSummary]:
        """Every report's summary, sorted by id; rebuilds (and rewrites) what is stale."""
        sigs = self._signatures()
        if self._cached is not None and self._cached[0] == sigs:
            return list(self._cached[1])
        fresh, built_here = self._current(sigs)
        try:
            summaries = [ReportSummary(*entry) for shard in fresh.values() for entry in shard["rows"]]
        except TypeError:
            # A listing written by a different build; read every shard again.
            if built_here:
                raise
            self._forget()
            return self.summaries()
        summaries.sort(key=lambda s: s.id)
        self._cached = (sigs, summaries)
        return list(summaries)

    def refresh(self) -> None:
        """Rewrite what is stale, without building a summary per report (after an import, so
        the next desk opens at once; the importing process lists nothing itself)."""
        sigs = self._signatures()
        if self._cached is None or self._cached[0] != sigs:
            self._current(sigs)

    def _current(self, sigs: dict[str, Signature | None]) -> tuple[dict[str, Any], bool]:
        """Each shard's listing entries, stale ones rebuilt and saved; and whether they were all
        rebuilt here (entries read back from the file may be of a different build)."""
        data = _load(self.path)
        shards: dict[str, Any] = {}
        if isinstance(data, dict) and data.get("format") == LISTING_FORMAT and isinstance(data.get("shards"), dict):
            shards = data["shards"]
        fresh: dict[str, Any] = {}
        rebuilt = False
        for path in all_shards(self.folder):
            sig = sigs[path.stem]
            kept = shards.get(path.stem)
            if isinstance(kept, dict) and _same_sig(kept.get("sig"), sig) and isinstance(kept.get("rows"), list):
                fresh[path.stem] = kept
                continue
            # The signature is taken before the shard is read: a shard replaced meanwhile
            # then reads as stale next time, never as current.
            rows = self._read_shard(path) if sig is not None else {}
            fresh[path.stem] = {"sig": None if sig is None else list(sig), "rows": [_entry(row) for row in rows.values()]}
            rebuilt = True
        if rebuilt:
            self._save(fresh, sigs)
        return fresh, not shards

    def _save(self, shards: dict[str, Any], sigs: dict[str, Signature | None]) -> None:
        """Write the listing and its head (a cache: a failed write only costs the next read time)."""
        if not self.folder.is_dir():
            return
        entries = [entry for shard in shards.values() for entry in shard["rows"]]
        try:
            head = _head_entries(entries)
            write_json(self.path, {"format": LISTING_FORMAT, "shards": shards})
            write_json(
                self.head_path,
                {"format": LISTING_FORMAT, "sigs": {k: None if v is None else list(v) for k, v in sigs.items()},
                 "total": len(entries), "rows": head},
            )  # fmt: skip
        except (OSError, StoreError, TypeError, IndexError):
            return  # a read-only database still lists; it rebuilds in memory each time

    def _forget(self) -> None:
        self._cached = None
        for path in (self.path, self.head_path):
            try:
                path.unlink()
            except OSError:
                pass


def _head_of(summaries: list[ReportSummary]) -> list[ReportSummary]:
    # Same key and stable reverse sort as the panel's "newest" order, so the head is
    # exactly the first rows the full list will show.
    return sorted(summaries, key=newest_key, reverse=True)[:HEAD_ROWS]


_ID, _PUBLISHED, _IMPORTED = FIELDS.index("id"), FIELDS.index("published"), FIELDS.index("imported_at")


def _head_entries(entries: list[list[Any]]) -> list[list[Any]]:
    """``_head_of`` on listing entries, without making a summary of each: the same order
    (by id, then a stable newest-first cut, which ``heapq.nlargest`` keeps)."""
    by_id = sorted(entries, key=itemgetter(_ID))
    return heapq.nlargest(HEAD_ROWS, by_id, key=lambda e: opening_key(e[_PUBLISHED], e[_IMPORTED]))


# A row's listing entry: its FIELDS in order (a tuple, written as a JSON array).
_entry = itemgetter(*FIELDS)


def _load(path: Path) -> Any:
    try:
        return orjson.loads(path.read_bytes())
    except (OSError, orjson.JSONDecodeError):
        return None


def _same_sig(kept: Any, sig: Signature | None) -> bool:
    return (kept is None and sig is None) or (sig is not None and kept == list(sig))


def _same(kept: Any, sigs: dict[str, Signature | None]) -> bool:
    return isinstance(kept, dict) and len(kept) == len(sigs) and all(_same_sig(kept.get(k), v) for k, v in sigs.items())
