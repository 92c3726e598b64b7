"""The persistent cross-report index: which reports give numbers for which subject.

Two reports can only conflict on a number when they share a subject key
(``claimdesk.checks.numbers.entity_keys``), so checking one report needs the
reports sharing one of its keys, not the library. The postings live in
``index/subjects-<bb>.json`` (64 shards by a hash of the key, so a look-up
reads the few shards of its keys) and ``index/state.json`` says which
ENTITY_KEYS_VERSION and how many shards they were made with. Every import
group rewrites the shards it touches, and at 256 shards (databases made
before the count was recorded) their fsyncs were half of a group's writing;
such an index is moved to 64 shards once, from its own postings.

Import adds postings in the same group commit as the library rows, staged
before library.json: a crash leaves postings for a report the library does
not hold yet (harmless: a candidate is only read), never a report without its
postings. Postings are only added; a report whose new version drops a subject
keeps a stale posting until the next rebuild, which costs a read, not a miss.
When the key version changes (or the index is missing, as in a database made
before it existed) the whole index is rebuilt once, under the lock.

This module owns index/ and one cache: shards by file signature.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from claimdesk.store.dblock import DatabaseLock
from claimdesk.store.files import Signature, WriteGroup, corrupt, read_json, signature, write_json
from claimdesk.store.rows import key_shard

SHARDS = 64
OLD_SHARDS = 256  # what a state that does not record its count was made with


def subject_keys(report: Any) -> list[str]:
    """The report's subject keys, sorted (the checks own what a subject is)."""
    from claimdesk.checks.numbers import entity_keys

    return sorted(entity_keys(report))


def keys_version() -> int:
    from claimdesk.checks.numbers import ENTITY_KEYS_VERSION

    return int(ENTITY_KEYS_VERSION)


def shard_of(key: str) -> str:
    return key_shard(key, SHARDS)


class SubjectIndex:
    def __init__(self, root: Path, lock: DatabaseLock) -> None:
        self.folder = root / "index"
        self.state_path = self.folder / "state.json"
        self._lock = lock
        self._cache: dict[Path, tuple[Signature, dict[str, list[str]]]] = {}
        self._staged: dict[Path, dict[str, list[str]]] = {}  # by the commit in progress

    def path(self, shard: str) -> Path:
        return self.folder / f"subjects-{shard}.json"

    # --- state

    def current(self) -> bool:
        """Whether the postings cover the library with today's subject keys, in today's shards."""
        state = read_json(self.state_path)
        return (
            isinstance(state, dict)
            and state.get("entity_keys_version") == keys_version()
            and state.get("shards", OLD_SHARDS) == SHARDS
        )

    def start_empty(self) -> None:
        """A new database: an empty index is complete."""
        self._ensure_folder()
        write_json(self.state_path, _state())

    def _ensure_folder(self) -> None:
        if self.folder.exists() and not self.folder.is_dir():
            raise corrupt(self.folder, "a file where a folder belongs")
        self.folder.mkdir(exist_ok=True)

    # --- reading

    def _shard(self, path: Path, group: WriteGroup | None = None) -> dict[str, list[str]]:
        if group is not None and path in group.staged:
            return group.staged[path]["postings"]
        sig = signature(path)
        if sig is None:
            return {}
        cached = self._cache.get(path)
        if cached is not None and cached[0] == sig:
            return cached[1]  # never changed in place: stage() copies what it changes
        data = read_json(path)
        postings = data.get("postings") if isinstance(data, dict) else None
        if not isinstance(postings, dict) or not all(isinstance(v, list) for v in postings.values()):
            raise corrupt(path, "not a subject index shard")
        self._cache[path] = (sig, postings)
        return postings

    def sharing(self, keys: Iterable[str]) -> set[str]:
        """Ids of the reports that give numbers for any of ``keys``."""
        found: set[str] = set()
        for key in set(keys):
            found.update(str(rid) for rid in self._shard(self.path(shard_of(key))).get(key, ()))
        return found

    def ranked(self, keys: Iterable[str]) -> dict[str, int]:
        """Report id -> how many of ``keys`` it gives numbers for (the related-claims look-up's candidates)."""
        shared: dict[str, int] = {}
        for key in set(keys):
            for rid in self._shard(self.path(shard_of(key))).get(key, ()):
                shared[str(rid)] = shared.get(str(rid), 0) + 1
        return shared

    # --- writing

    def stage(self, group: WriteGroup, postings: Mapping[str, Iterable[str]]) -> None:
        """Add report ids -> subject keys to the shards, staged in ``group`` (the caller holds the lock)."""
        self._staged.clear()  # what a failed commit staged is not on disk
        if not postings:
            return
        if not self.current():
            if not self._movable():
                return  # an index that is not current is rebuilt whole before it is used
            # Today's keys in another number of shards: moved now, or this group's postings
            # would be missing from the shards the move later reads.
            self.rebuild((), lambda rid: [])
        by_shard: dict[str, dict[str, list[str]]] = {}
        for rid, keys in postings.items():
            for key in keys:
                by_shard.setdefault(shard_of(key), {}).setdefault(key, []).append(rid)
        for shard, added in sorted(by_shard.items()):
            path = self.path(shard)
            # A new dict and new lists for the keys it adds to: the cached shard is never changed in place.
            postings_now = dict(self._shard(path, group))
            for key, ids in added.items():
                known = postings_now.get(key, [])
                have = set(known)
                postings_now[key] = known + [rid for rid in ids if rid not in have]
            group.stage(path, {"postings": postings_now})
            self._staged[path] = postings_now

    def end(self) -> None:
        """The commit is durable: keep the shards just written parsed (the next group starts from them)."""
        for path, postings in self._staged.items():
            sig = signature(path)
            if sig is not None:
                self._cache[path] = (sig, postings)
        self._staged.clear()

    def rebuild(self, report_ids: Iterable[str], keys_of: Callable[[str], list[str]]) -> None:
        """Write every shard again (under the lock), then the state.

        With today's subject keys in another number of shards, the postings
        are moved from the shards on disk (a read of the index, not of every
        report); otherwise they are made again from the reports.
        """
        with self._lock:
            if self.current():
                return
            self._ensure_folder()
            shards: dict[str, dict[str, list[str]]] = {f"{n:02x}": {} for n in range(SHARDS)}
            if self._movable():
                # Every file is read before any is written. A move cut short leaves some
                # shards already moved beside old ones: a key then comes twice, its ids once.
                moved: dict[str, dict[str, None]] = {}  # key -> its ids, in order, each once
                for path in self._shard_files():
                    for key, ids in self._shard(path).items():
                        moved.setdefault(key, {}).update(dict.fromkeys(map(str, ids)))
                for key, held in moved.items():
                    shards[shard_of(key)][key] = list(held)
            else:
                for rid in report_ids:
                    for key in keys_of(rid):
                        shards[shard_of(key)].setdefault(key, []).append(rid)
            group = WriteGroup()
            for shard, postings in shards.items():
                group.stage(self.path(shard), {"postings": postings})
            group.commit()
            write_json(self.state_path, _state())
            self._cache.clear()
            for path in self._shard_files():  # shards of the old count, now read by nothing
                if path.stem.removeprefix("subjects-") not in shards:
                    path.unlink(missing_ok=True)

    def _movable(self) -> bool:
        """Whether the shards on disk hold today's subject keys (in whatever number of shards)."""
        state = read_json(self.state_path)
        return isinstance(state, dict) and state.get("entity_keys_version") == keys_version()

    def _shard_files(self) -> list[Path]:
        return sorted(self.folder.glob("subjects-??.json"))


def _state() -> dict[str, int]:
    return {"entity_keys_version": keys_version(), "shards": SHARDS}
