"""Passes over the whole library, one shard at a time: the part of the library that serves
`stats` (claim counts) and the desk's analysis (every report), in bounded memory.

A mixin of ``Library`` (library.py), which owns the files; this part owns one
cache, the claim-count table, kept while no shard's signature changes (and
dropped with the rows when the change log says ``L``).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from claimdesk.errors import StoreError
from claimdesk.model import Report
from claimdesk.store.files import Signature, read_json, signature
from claimdesk.store.rows import KEY_WIDTH, all_shards, checked_pointer, parse_shard


class LibraryScan:
    folder: Path
    _shards: dict[Path, tuple[Signature, dict[str, dict[str, Any]]]]
    _counts: tuple[tuple[Signature | None, ...], dict[str, tuple[int, str | None]]] | None

    def _recover(self) -> None:  # pragma: no cover - Library's
        raise NotImplementedError

    def snapshot(self, report_id: str, pointer: Any) -> dict[str, Any]:  # pragma: no cover - Library's
        raise NotImplementedError

    def claim_counts(self) -> dict[str, tuple[int, str | None]]:
        """report id -> (claims, joined claim keys or None), one shard at a time.

        For whole-library counts (stats): shards not already cached are parsed
        and let go, so memory holds one shard and this small table, not every row.
        """
        paths = all_shards(self.folder)
        sigs = tuple(signature(p) for p in paths)
        if self._counts is not None and self._counts[0] == sigs:
            return self._counts[1]
        if any(sig is None for sig in sigs):
            self._recover()
        found: dict[str, tuple[int, str | None]] = {}
        for path in paths:
            cached = self._shards.get(path)
            sig = signature(path)
            if cached is not None and cached[0] == sig:
                rows = cached[1]
            elif sig is None:
                continue
            else:
                rows = parse_shard(path, read_json(path))
            for rid, row in rows.items():
                joined = row.get("claim_keys")
                claims = int(row["claims"] or 0)
                valid = isinstance(joined, str) and len(joined) == KEY_WIDTH * claims
                found[rid] = (claims, joined if valid else None)
            del rows
        self._counts = (tuple(signature(p) for p in paths), found)
        return found

    def each_row(self) -> Iterator[tuple[str, dict[str, Any]]]:
        """(id, library row) of every report, one shard at a time: a shard already cached is
        used, others are parsed and let go, so memory holds one shard whatever the library's size."""
        paths = all_shards(self.folder)
        if any(signature(p) is None for p in paths):
            self._recover()
        for path in paths:
            sig = signature(path)
            cached = self._shards.get(path)
            if cached is not None and cached[0] == sig:
                rows = cached[1]
            elif sig is None:
                continue
            else:
                rows = parse_shard(path, read_json(path))
            yield from rows.items()
            del rows

    def each_report(self) -> Iterator[tuple[str, int, Report | None]]:
        """(id, version, current report) of every report, one shard at a time, never cached.

        For a pass over the whole library (the desk's analysis): memory holds
        one shard's rows and one report, whatever the library's size. A report
        whose snapshot cannot be read comes as None (it is reported when opened).
        """
        paths = all_shards(self.folder)
        if any(signature(p) is None for p in paths):
            self._recover()
        for path in paths:
            if signature(path) is None:
                continue
            rows = parse_shard(path, read_json(path))
            for rid in sorted(rows):
                row = rows[rid]
                try:
                    doc = self.snapshot(rid, checked_pointer(row.get("snapshot"), path))
                    report: Report | None = Report.from_dict(doc["report"])
                except (StoreError, KeyError, TypeError, ValueError, AttributeError):
                    report = None
                yield rid, int(row.get("version") or 1), report
            del rows

