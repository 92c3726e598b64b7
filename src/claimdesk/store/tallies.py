"""Whole-library counts kept on disk per source file (``digests/``), so that `claimdesk stats`
on an unchanged archive reads small files instead of every review record and library row:

- ``digests/reviews-<bb>.tally``: what the counts need of one review bucket (the caller's
  ``TallyCodec``: claimdesk.tally);
- ``digests/library-<bb>.keys``: one library shard's claim total and each report's claim
  keys (store/scan.py), so neither a count nor a recount of a changed bucket reads the shards.

This module owns digests/ and keeps no cache in memory. A kept file is derived data and never
trusted: it is used only when all of these hold, and recomputed from its source otherwise (then
written again):

- the source's signature (inode, size, mtime_ns) is the one it was computed from. Every write of
  a bucket or shard is an atomic replace: a new file, so a new inode while the old one is still
  held (and a review bucket only ever grows);
- for a tally, the stamp of its reports' claim keys in the library is the same: a re-import
  changes which claims the marks count for, and a report leaving or joining the library too;
- the version is the same (the counting rules or the format changed);
- its bytes hash to the hash written in front of them (a damaged or cut file is recomputed).

Kept files are written once the pass that computed them has succeeded (a command that fails
writes nothing), with a temp file and a rename, so a reader sees a whole file or none;
without the lock or an fsync, because losing one costs one recomputation. It is not written when
the source changed while it was read, nor when it changed less than ``RACY_NS`` ago (two writes
within one tick of the file system's clock could leave the same mtime; the next count writes
it). Writing is best effort: on a read-only folder or a full disk nothing is kept and the
command works as before.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import time
from itertools import repeat
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, Protocol, TypeVar

import orjson

from claimdesk.store.digest import ReviewDigest
from claimdesk.store.files import Signature, scan_json_stems, signature

T = TypeVar("T")
RACY_NS = 2_000_000_000
LOAD_ERRORS = (KeyError, TypeError, ValueError, AttributeError, IndexError)

# report id -> its claim keys joined, or another stamp of them; a report not in it is not in the library
ClaimKeys = Mapping[str, str]


class TallyCodec(Protocol[T]):
    """What is counted per review bucket, and how it is kept on disk."""

    version: int

    def compute(self, digests: list[ReviewDigest]) -> T: ...

    def dump(self, value: T) -> Any: ...  # plain JSON data

    def load(self, doc: Any) -> T: ...  # raises on a shape it did not write


@dataclass(frozen=True, slots=True)
class Unkept:
    """A derived file computed by a pass, written only once the whole pass has succeeded (a
    command that fails leaves the database as it found it). Plain data: a forked process
    hands it back."""

    name: str
    source: Path
    sig: Signature
    version: int
    extra: dict[str, Any]
    payload: Any


class KeptFiles:
    """digests/: one derived file per source file, checked as the module doc says."""

    def __init__(self, root: Path) -> None:
        self.folder = root / "digests"

    def read(self, name: str, sig: Signature, version: int) -> tuple[dict[str, Any], Any] | None:
        """(header, payload) kept for the source at ``sig``; None when missing, stale or damaged."""
        try:
            raw = (self.folder / name).read_bytes()
        except OSError:
            return None
        try:
            hashed, _, body = raw.partition(b"\n")
            if hashlib.blake2b(body, digest_size=16).hexdigest().encode() != hashed:
                return None  # damaged or cut
            head, _, payload = body.partition(b"\n")
            header = orjson.loads(head)
            if header["version"] != version or tuple(header["signature"]) != sig:
                return None
            return header, orjson.loads(payload)
        except LOAD_ERRORS:
            return None

    def keep(self, unkept: Iterable[Unkept]) -> None:
        """Write each (unless its source changed since, or too lately): best effort, never raising."""
        for item in unkept:
            self._write(item)

    def _write(self, item: Unkept) -> None:
        if signature(item.source) != item.sig or time.time_ns() - item.sig[2] < RACY_NS:
            return
        try:
            header = {"version": item.version, "signature": list(item.sig), **item.extra}
            body = orjson.dumps(header) + b"\n" + orjson.dumps(item.payload)
        except (TypeError, ValueError):  # orjson refused a value (a lone surrogate): count it again next time
            return
        data = hashlib.blake2b(body, digest_size=16).hexdigest().encode() + b"\n" + body
        target = self.folder / item.name
        temp = target.with_name(f".{item.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
        try:
            self.folder.mkdir(exist_ok=True)  # never parents: a missing database stays missing
            temp.write_bytes(data)
            os.replace(temp, target)
        except OSError:
            try:
                temp.unlink(missing_ok=True)
            except OSError:
                pass


def keys_stamp(report_ids: list[str], keys: ClaimKeys) -> str:
    """One hash of what the library says of the claims of ``report_ids``."""
    # In the order of ``report_ids``, which the tally's header holds as they are.
    text = "\n".join(map(keys.get, report_ids, repeat("")))
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


class BucketTallies(Generic[T]):
    """The tallies of one database's review buckets, read from digests/ or recomputed."""

    def __init__(self, root: Path, reviews_folder: Path, read_bucket: Callable[[Path], list[ReviewDigest]]) -> None:
        self._kept = KeptFiles(root)
        self._reviews = reviews_folder
        self._read_bucket = read_bucket

    def tallies(
        self, codec: TallyCodec[T], keys: ClaimKeys, unkept: list[Unkept], part: tuple[int, int] | None = None,
        keep: Callable[[], bool] = lambda: True,
    ) -> Iterator[T]:
        """Each review bucket's tally, in bucket order; ``part=(i, n)``: the i-th of n shares.
        A recomputed tally goes to ``unkept`` while ``keep()`` (``keys`` still holds)."""
        for number, stem in enumerate(sorted(scan_json_stems(self._reviews))):
            if part is not None and number % part[1] != part[0]:
                continue  # another process's share
            path = self._reviews / f"{stem}.json"
            sig = signature(path)
            if sig is None:
                continue
            name = f"reviews-{stem}.tally"
            value = self._load(name, sig, codec, keys)
            if value is not None:
                yield value
                continue
            digests = self._read_bucket(path)
            value = codec.compute(digests)
            rids = [d.report_id for d in digests]
            if keep():
                extra = {"reports": rids, "keys": keys_stamp(rids, keys)}
                unkept.append(Unkept(name, path, sig, codec.version, extra, codec.dump(value)))
            yield value

    def stale(self) -> int:
        """How many buckets have no tally or one older than the bucket: a guess at the work a
        count has ahead (cheap, two stats per bucket; a changed library is not seen here)."""
        found = 0
        for stem in scan_json_stems(self._reviews):
            try:
                tally = os.stat(self._kept.folder / f"reviews-{stem}.tally").st_mtime_ns
                found += os.stat(self._reviews / f"{stem}.json").st_mtime_ns >= tally
            except OSError:
                found += 1
        return found

    def _load(self, name: str, sig: Signature, codec: TallyCodec[T], keys: ClaimKeys) -> T | None:
        found = self._kept.read(name, sig, codec.version)
        if found is None:
            return None
        header, payload = found
        try:
            rids = header["reports"]
            if not isinstance(rids, list) or not all(isinstance(r, str) for r in rids):
                return None
            if header["keys"] != keys_stamp(rids, keys):
                return None  # the library's claims changed under these marks
            return codec.load(payload)
        except LOAD_ERRORS:
            return None
