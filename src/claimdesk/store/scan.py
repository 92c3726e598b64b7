"""Passes over the whole library, one shard at a time: the part of the library that serves
`stats` (claim counts, claim keys kept) and the desk's analysis (every report), in bounded memory.

A mixin of ``Library`` (library.py), which owns the files; this part owns two
caches, the claim-count table and the claim-key table (``LibraryKeys``), each
kept while no shard's signature changes (and dropped with the rows when the
change log says ``L``). Each shard's part of the claim-key table is also kept
on disk by store/tallies.py (digests/library-<bb>.keys), checked against the
shard's signature, so `stats` reads no shard of an unchanged library.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from claimdesk.errors import StoreError
from claimdesk.model import Report
from claimdesk.store.files import Signature, read_json, signature
from claimdesk.store.rows import KEY_WIDTH, all_shards, checked_pointer, parse_shard
from claimdesk.store.tallies import LOAD_ERRORS, KeptFiles, Unkept

KEYS_VERSION = 2


@dataclass(frozen=True, slots=True)
class LibraryKeys:
    """The library's totals and, per report, its current claim keys joined (what decides which
    claim a mark counts for), or ``#`` and a stamp of its snapshot when its row has none."""

    reports: int
    claims: int
    keys: dict[str, str]

    def keys_of(self, report_id: str) -> tuple[str, ...] | None:
        """The claim keys, None when not in the library; raises KeyError for a row without them."""
        joined = self.keys.get(report_id)
        if joined is None:
            return None
        if joined.startswith("#"):
            raise KeyError(report_id)
        return tuple(joined[i : i + KEY_WIDTH] for i in range(0, len(joined), KEY_WIDTH))


class LibraryScan:
    folder: Path
    _shards: dict[Path, tuple[Signature, dict[str, dict[str, Any]]]]
    _counts: tuple[tuple[Signature | None, ...], dict[str, tuple[int, str | None]]] | None
    _keys_table: tuple[tuple[Signature | None, ...], LibraryKeys] | None
    _unkept_keys: list[Unkept]  # the table's shard parts read from shards, for the caller to keep
    root: Path

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
        found: dict[str, tuple[int, str | None]] = {}
        for rid, row in self.each_row():
            joined = row.get("claim_keys")
            claims = int(row["claims"] or 0)
            valid = isinstance(joined, str) and len(joined) == KEY_WIDTH * claims
            found[rid] = (claims, joined if valid else None)
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

    def library_keys(self) -> LibraryKeys:
        """Reports, claims and each report's key stamp, a shard at a time (each shard's part
        read from digests/ while the shard is unchanged, else from the shard, and then kept
        by ``keep_tallies`` once the pass that asked has succeeded)."""
        paths = all_shards(self.folder)
        sigs = tuple(signature(p) for p in paths)
        if self._keys_table is not None and self._keys_table[0] == sigs:
            return self._keys_table[1]
        if any(sig is None for sig in sigs):
            self._recover()
            sigs = tuple(signature(p) for p in paths)
        kept = KeptFiles(self.root)
        reports = claims = 0
        keys: dict[str, str] = {}
        for path, sig in zip(paths, sigs):
            if sig is None:
                continue
            name = f"library-{path.stem}.keys"
            part = _keys_doc(kept.read(name, sig, KEYS_VERSION))
            if part is None:
                part = _shard_keys(path)
                self._unkept_keys.append(Unkept(name, path, sig, KEYS_VERSION, {}, part))
            reports += len(part["keys"])
            claims += part["claims"]
            keys.update(part["keys"])
        found = LibraryKeys(reports, claims, keys)
        self._keys_table = (sigs, found)
        return found

    def take_unkept_keys(self) -> list[Unkept]:
        """The claim-key parts read from shards since last asked, for the store to keep."""
        taken, self._unkept_keys = self._unkept_keys, []
        return taken

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



def _shard_keys(path: Path) -> dict[str, Any]:
    """One shard's claims and each report's joined claim keys, or for a row from before claim
    keys were kept, ``#`` and a hash of its snapshot pointer (a pointer names one snapshot for ever)."""
    claims = 0
    keys: dict[str, str] = {}
    for rid, row in parse_shard(path, read_json(path)).items():
        count = int(row["claims"] or 0)
        claims += count
        joined = row.get("claim_keys")
        if isinstance(joined, str) and len(joined) == KEY_WIDTH * count and "#" not in joined:
            keys[rid] = joined
        else:
            keys[rid] = "#" + hashlib.blake2b(repr(row.get("snapshot")).encode(), digest_size=10).hexdigest()
    return {"claims": claims, "keys": keys}


def _keys_doc(found: tuple[dict[str, Any], Any] | None) -> dict[str, Any] | None:
    """A kept shard part, or None when its shape is not one _shard_keys gives."""
    if found is None:
        return None
    doc = found[1]
    try:
        if type(doc["claims"]) is not int or not isinstance(doc["keys"], dict):
            return None
        if not all(type(v) is str for v in doc["keys"].values()):
            return None
        return doc
    except LOAD_ERRORS:
        return None
