"""Committing imported reports to the library: a snapshot pack, the indexes, then the shards.

A mixin of ``Library`` (store/library.py), which owns the files and caches this writes.
"""

from __future__ import annotations

import os
import secrets
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import orjson

from claimdesk.model import Report
from claimdesk.store.background_file import BackgroundFile
from claimdesk.store.files import WriteGroup, remove_stale_temps, signature
from claimdesk.store.figindex import FigureRows, figure_rows
from claimdesk.store.records import ImportResult, utc_now
from claimdesk.store.rows import Parsed, Pointer, all_shards, checked_pointer, clash, shard_number


# The pack is handed to its writer in parts of about this many bytes: each is written and synced
# while the next is built.
_PACK_PART = 4 << 20


class LibraryCommit:
    """The writing half of ``Library`` (it provides the lock, the change log, the indexes,
    ``_shard``, ``_recover``, ``_report_at``, ``row_or_none`` and ``report``)."""

    def commit(self, entries: Sequence[Parsed], result: ImportResult) -> list[str]:
        """One pack of new snapshots, the subject postings, then the touched library shards.

        All durable before returning. The pack is renamed into place and its
        folder synced before the shards are renamed, so the library never
        points at a snapshot a crash could take back. A crash in between leaves
        an unreferenced pack, no harm. Each snapshot names the one before it,
        so every version is kept. The first commit writes every shard (empty
        ones too): from then on a missing shard is damage to recover from.
        Returns the ids whose current snapshot changed.
        """
        remove_stale_temps(self.packs)
        remove_stale_temps(self.folder)
        with self._lock, WriteGroup() as group:  # what is staged and not committed is dropped on the way out
            self._recover()
            if self._changes.token() != self._written:  # another process wrote since: trust no parsed shard
                self._shards.clear()
            paths = all_shards(self.folder)
            shards: dict[int, dict[str, dict[str, Any]]] = {}

            def shard_of(rid: str) -> dict[str, dict[str, Any]]:
                number = shard_number(rid)
                found = shards.get(number)
                if found is None:  # as it is now on disk (under the lock), checked whole before it is rewritten
                    found = shards[number] = dict(self._shard(paths[number]))
                return found

            pack_name = f"{time.time_ns():x}-{os.getpid()}-{secrets.token_hex(4)}.json"
            # The pack (a JSON array of snapshots) is written and synced in the background, a part
            # at a time, while this loop and the indexes' staging go on (store/background_file.py).
            pack: BackgroundFile | None = None
            pieces: list[bytes] = [b"["]
            held = 0  # bytes in pieces not yet handed to the pack
            offset = 1  # after the opening "["
            changed: list[str] = []
            figures: dict[str, tuple[int, FigureRows]] = {}
            old_keys: dict[str, list[str]] = {}
            fresh: set[str] = set()  # new to the library: the figure index holds nothing of theirs
            now = utc_now()
            added = set(result.added)  # as a set: a list scanned per updated report grew quadratic
            for entry in entries:
                rid = entry.report_id
                table = shard_of(rid)
                row = table.get(rid)
                if row is not None and row.get("content_hash") == entry.digest:
                    result.unchanged.append(rid)
                    continue
                refused = clash(row, entry)
                if refused:
                    result.failed.append((entry.path, refused))
                    continue
                if row is not None:
                    previous: Pointer | None = checked_pointer(row.get("snapshot"), paths[shard_number(rid)])
                    version = int(row.get("version") or 1) + 1
                else:
                    previous, version = None, 1
                piece = orjson.dumps(
                    {
                        "id": rid,
                        "version": version,
                        "content_hash": entry.digest,
                        "source": entry.source,
                        "imported_at": now,
                        "previous": previous,
                        "report": orjson.Fragment(entry.report_json),
                    }
                )
                if offset > 1:
                    pieces.append(b",")
                    offset += 1  # the comma between two snapshots
                pointer = [pack_name, offset, len(piece)]
                pieces.append(piece)
                offset += len(piece)
                held += len(piece)
                if held >= _PACK_PART:
                    if pack is None:
                        pack = group.background(self.packs / pack_name)
                    pack.write(pieces)
                    pieces, held = [], 0
                if row is None:
                    result.added.append(rid)
                    added.add(rid)
                elif rid not in added:
                    result.updated.append(rid)
                table[rid] = {
                    "id": rid,
                    **entry.row,
                    "imported_at": now,
                    "version": version,
                    "content_hash": entry.digest,
                    "snapshot": pointer,
                    "source": entry.source,
                }
                changed.append(rid)
                if row is None and rid not in figures:
                    fresh.add(rid)
                if previous is not None and rid not in figures:  # a new version: its old figures go
                    known = entry.previous_keys  # worked out by an import worker from the same snapshot
                    old_keys[rid] = known[1] if known is not None and known[0] == previous else sorted(
                        figure_rows(self._report_at(rid, previous)))
                figures[rid] = (version, entry.figures if entry.figures is not None else figure_rows(
                    Report.from_dict(orjson.loads(entry.report_json))))
            if changed:
                posted = set(changed)
                pieces.append(b"]")
                if pack is None:
                    pack = group.background(self.packs / pack_name)
                pack.write(pieces)
                # The subject postings are renamed after the pack and before the library.
                self._subjects.stage(group, {e.report_id: e.subjects or () for e in entries if e.report_id in posted})
                indexed = self._figures.current()
                if indexed:  # an index that is not current is rebuilt whole before it is used
                    self._stage_figures(group, figures, old_keys, fresh)
                if not self.folder.is_dir():
                    self.folder.mkdir()
                for number, path in enumerate(paths):
                    if number in shards:
                        group.stage(path, {"rows": shards[number]})
                    elif not path.exists():
                        group.stage(path, {"rows": {}})
                try:
                    group.commit()
                except BaseException:
                    if indexed:
                        self._figures.abandon()
                    raise
                if indexed:
                    self._figures.end()
                self._subjects.end()
                self._keep(paths, shards)
                self._changes.note(changed, kind="L")
                self._written = self._changes.token()
        return changed

    def _keep(self, paths: list[Path], shards: dict[int, dict[str, dict[str, Any]]]) -> None:
        """Shards just written stay parsed: the next group of an import starts from them, not from disk."""
        self._shards.update((paths[n], (sig, rows)) for n, rows in shards.items() if (sig := signature(paths[n])))
        self._merged = None

    def _stage_figures(
        self, group: WriteGroup, figures: dict[str, tuple[int, FigureRows]], old_keys: dict[str, list[str]],
        fresh: set[str],
    ) -> None:
        """Name the commit's reports in the figure index's state, then stage their entries (under the lock).

        Reports a crashed commit left named are repaired from their current
        snapshot: their entries are dropped wherever they are and written again.
        """
        try:
            left = self._figures.begin(sorted(figures)) - set(figures)
        except BaseException:  # the state may be written yet not durable: put it back
            self._figures.abandon()
            raise
        if left:
            for rid, keys in self._figures.keys_holding(left).items():
                old_keys[rid] = sorted(set(old_keys.get(rid, ())) | keys)
            for rid in sorted(left):
                row = self.row_or_none(rid)
                if row is not None:
                    figures[rid] = (int(row.get("version") or 1), figure_rows(self.report(rid)))
        self._figures.stage(group, figures, old_keys, fresh - self._figures.left())
