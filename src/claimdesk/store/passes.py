"""ReviewStore's reads across the whole library or index: the figures a check compares
with, and the streaming passes `stats` and the desk's analysis are built on.

A mixin of ``ReviewStore`` (core.py): each method routes to the part that owns
the files (figindex, library, reviews) and keeps no cache of its own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from claimdesk.model import Report
from claimdesk.store.figindex import number_peers
from claimdesk.store.reviews import ReviewDigest
from claimdesk.store.rows import KEY_WIDTH
from claimdesk.store.tallies import BucketTallies, KeptFiles, TallyCodec, Unkept

T = TypeVar("T")

if TYPE_CHECKING:
    from claimdesk.checks.figures import ClaimNumbers


class StorePasses:
    _figures: Any
    _library: Any
    _reviews: Any

    def _sync(self) -> None:  # pragma: no cover - ReviewStore's
        raise NotImplementedError

    def number_peers(self, reports: Sequence[Report]) -> list[ClaimNumbers]:
        """The figures the library's other reports give for the subjects of ``reports``.

        What ``checks.check_with_numbers`` compares them with: read from the
        persistent figure index (store/figindex.py), never other reports'
        snapshots, so checking one report costs the same in any library.
        """
        self._sync()
        return number_peers(self._figures, self._library, reports)

    def each_report(self) -> Iterator[tuple[str, int, Report | None]]:
        """(id, version, report or None when its snapshot is damaged) of every report, a shard
        at a time and never cached: a pass over the whole library in bounded memory."""
        self._sync()
        return self._library.each_report()

    def library_totals(self) -> tuple[int, int]:
        """(reports, claims) in the library: each shard's totals as kept (store/scan.py), or read."""
        self._sync()
        stamps = self._library.library_keys()
        return stamps.reports, stamps.claims

    def review_digests(self, *, part: tuple[int, int] | None = None) -> Iterator[ReviewDigest]:
        """Each library report's review counts and current verdicts, one review bucket at a time.

        Bounded memory whatever the database's size: what `stats` and the
        agreement summary are built on (claimdesk.tally). ``part=(i, n)``: only
        the i-th of n shares of the review files (processes splitting the work).
        """
        self._sync()
        return self._reviews.digests(self._keys_of(), part)

    def review_tallies(
        self, codec: TallyCodec[T], unkept: list[Unkept], *, part: tuple[int, int] | None = None
    ) -> Iterator[T]:
        """Each review bucket's tally (``codec.compute`` over its digests), kept on disk per bucket.

        A bucket whose file and whose reports' claims are unchanged since its
        tally was kept costs reading the tally (store/tallies.py says when one
        is used); the others are read and counted, and their tallies added to
        ``unkept``: the caller hands them to ``keep_tallies`` once its whole
        pass has succeeded.
        """
        self._sync()
        taken = self._library.library_keys()
        from_snapshots: list[str] = []

        def keys_of(rid: str) -> tuple[str, ...] | None:
            try:
                return taken.keys_of(rid)
            except KeyError:  # a row from before claim keys were kept: the snapshot says
                from_snapshots.append(rid)
                return self._library.claim_keys(rid)

        def read_bucket(path: Path) -> list[ReviewDigest]:
            return self._reviews.bucket_digests(path, keys_of)

        tallies: BucketTallies[T] = BucketTallies(self._library.root, self._reviews.folder, read_bucket)
        # Keys read from ``taken`` are the ones stamped; keys read from a snapshot are too unless
        # the library changed since ``taken`` was read: then that tally is not kept.
        return tallies.tallies(
            codec, taken.keys, unkept, part, keep=lambda: not from_snapshots or self._library.library_keys() is taken
        )

    def keep_tallies(self, unkept: list[Unkept]) -> None:
        """Write what a successful pass computed (its tallies, and the library's claim keys it
        read from shards): best effort, under no lock; nothing on a read-only folder."""
        KeptFiles(self._library.root).keep([*self._library.take_unkept_keys(), *unkept])

    def stale_tallies(self) -> int:
        """About how many review buckets ``review_tallies`` would count again (a guess, for
        deciding whether to share the work out between processes)."""
        return BucketTallies(self._library.root, self._reviews.folder, lambda path: []).stale()

    def _keys_of(self) -> Callable[[str], tuple[str, ...] | None]:
        """report id -> claim keys of its current version, None when not in the library."""
        counts = self._library.claim_counts()

        def keys_of(rid: str) -> tuple[str, ...] | None:
            known = counts.get(rid)
            if known is None:
                return None
            joined = known[1]
            if joined is None:  # a row from before claim keys were kept: the snapshot says
                return self._library.claim_keys(rid)
            return tuple(joined[i : i + KEY_WIDTH] for i in range(0, len(joined), KEY_WIDTH))

        return keys_of

