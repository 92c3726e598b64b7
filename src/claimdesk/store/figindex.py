"""The persistent figure index: every report's comparable figures, by subject.

`conflicting-numbers` compares a report's figures (``checks.figures``: subject,
benchmark, measure, conditions, value) with every other claim giving figures
for the same subject. Keeping those figures here, by normalised subject key,
lets a check of one report read that report and the entries for its subjects,
never the other reports' snapshots.

Layout: ``index/figures-<bb>.json`` (64 shards by a hash of the subject key:
every import group rewrites most shards, and each is a file to fsync, so fewer
and larger than the subject postings' 256; a check reads one or two) holding
``{"figures": {key: "<JSON text of {report id: [version, [[claim, entity, [figure...]]...]]}>"}}``:
each key's entries are kept as JSON text, so reading a shard makes one string per key
and only the keys a check asks for are parsed (a whole shard parsed into lists took
25 ms; the desk's pass over the library reads every shard many times)
with each figure ``[benchmark, written, measure, condition, value, number]``.
``index/figures-state.json`` names the version of the figure reading that made
them (a fingerprint of the checks modules that read figures, so a change to
how figures are read can never leave a stale index) and the reports of a
commit in progress.

Consistency: a commit first writes the state naming its reports
("committing"), then the shards (before the library), then the state without
them. A crash in between leaves those few reports named; a reader then takes
their figures from the library's current snapshot instead of the index, and
the next commit repairs their entries. A report's new version replaces its
entry under every key of the version before (read from that snapshot), so a
subject a new version dropped keeps no stale figures.

This module owns ``index/figures-*`` and one cache: shards by file signature.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

import orjson

from claimdesk.store.dblock import DatabaseLock
from claimdesk.store.files import Signature, WriteGroup, corrupt, read_json, signature, write_json
from claimdesk.store.rows import key_shard

if TYPE_CHECKING:  # the checks are imported only when figures are read: a mark never needs them
    from claimdesk.checks.figures import ClaimNumbers

# report id -> [version, claim rows] under one subject key
Entry = list[Any]
FigureRows = dict[str, Any]  # subject key -> claim rows of one report (lists, or their JSON as bytes)

SHARDS = 64
FORMAT = 3  # the layout of the shards (3: 64 shards, each key's entries a JSON text); a change rebuilds it
_FINGERPRINT: str | None = None
_CACHED_SHARDS = 16


def shard_of(key: str) -> str:
    return key_shard(key, SHARDS)


def figures_version() -> str:
    """What made the index: the subject key version and the source of the modules that read figures."""
    global _FINGERPRINT
    if _FINGERPRINT is None:
        from claimdesk.checks import conditions, figure_patterns, figure_words, figures, names, numbers

        digest = hashlib.blake2b(digest_size=8)
        for module in (figures, names, conditions, numbers, figure_patterns, figure_words):
            digest.update(Path(str(module.__file__)).read_bytes())
        _FINGERPRINT = f"{FORMAT}-{numbers.ENTITY_KEYS_VERSION}-{digest.hexdigest()}"
    return _FINGERPRINT


@cache
def _numbers() -> ModuleType:
    """The checks' figure reading, imported on first use (an import statement per report costs
    more than the rows of a report without figures)."""
    from claimdesk.checks import numbers

    return numbers


def figure_rows(report: Any) -> FigureRows:
    """The report's figures as index rows, by subject key (the checks own what a figure is)."""
    numbers = _numbers()
    entity_key = numbers.entity_key
    found: FigureRows = {}
    for claim, entity, figures in numbers.claim_figures(report):
        found.setdefault(entity_key(entity), []).append(
            [claim, entity, [[f.benchmark, f.written, f.measure, f.condition, f.value, f.number] for f in figures]]
        )
    return found


def _held(shard: dict[str, str], key: str, path: Path) -> dict[str, Entry]:
    """The entries of one key (parsed from its text), by report id."""
    text = shard.get(key)
    if text is None:
        return {}
    try:
        held = orjson.loads(text)
    except orjson.JSONDecodeError as exc:
        raise corrupt(path, "a figure entry does not parse") from exc
    if not isinstance(held, dict):
        raise corrupt(path, "a figure entry is not filed by report")
    return held


def _appended(
    text: str | None, changes: Sequence[tuple[str, Entry | None]], fresh: AbstractSet[str] = frozenset()
) -> str | None:
    """The key's text with reports it does not hold yet added, without parsing it; None otherwise.

    Most of an import adds new reports to keys that hold thousands of others:
    parsing and writing out every key's entries again for each group would
    make an import's cost grow with the library. ``fresh`` are reports the
    index cannot hold (new to the library, not left by a crashed commit). For
    any other, the text is searched: it is orjson's, so an entry it holds
    appears as its JSON-encoded id followed by a colon. When no id is held,
    appending gives exactly the text a parse, insert and dump would (same
    order, same bytes).
    """
    if any(entry is None for _, entry in changes):
        return None
    added = {rid: entry for rid, entry in changes}
    if len(added) != len(changes):
        return None
    new = orjson.dumps(added).decode()
    if text is None:
        return new
    end = len(text.rstrip())
    start = 1
    while start < end and text[start].isspace():
        start += 1
    if not (text.startswith("{") and end > 0 and text[end - 1] == "}") or start >= end - 1:
        return None  # not an object with entries (orjson never writes one): parse it
    if any(rid not in fresh and orjson.dumps(rid).decode() + ":" in text for rid in added):
        return None
    return text[: end - 1] + "," + new[1:]


def _claim_numbers(report_id: str, row: Sequence[Any]) -> ClaimNumbers:
    from claimdesk.checks.figures import ClaimNumbers, Figure

    claim, entity, figures = row
    return ClaimNumbers(
        report_id, int(claim), str(entity),
        tuple(Figure(str(b), str(w), str(m), str(c), float(v), str(n)) for b, w, m, c, v, n in figures),
    )


class FigureIndex:
    def __init__(self, root: Path, lock: DatabaseLock) -> None:
        self.folder = root / "index"
        self.state_path = self.folder / "figures-state.json"
        self._lock = lock
        self._cache: dict[Path, tuple[Signature, dict[str, str]]] = {}
        self._staged: dict[Path, dict[str, str]] = {}  # by the commit in progress
        self._before: dict[Path, Signature | None] = {}  # the staged shards' files before it
        self._left: set[str] = set()  # names a crashed commit had left in the state

    def path(self, shard: str) -> Path:
        return self.folder / f"figures-{shard}.json"

    # --- state

    def _state(self) -> dict[str, Any]:
        state = read_json(self.state_path)
        return state if isinstance(state, dict) else {}

    def current(self) -> bool:
        return self._state().get("version") == figures_version()

    def committing(self) -> set[str]:
        """Reports of a commit that has not finished (in progress, or cut short by a crash)."""
        return {str(rid) for rid in self._state().get("committing") or ()}

    def start_empty(self) -> None:
        self.folder.mkdir(exist_ok=True)
        write_json(self.state_path, {"version": figures_version()})

    # --- reading

    def _shard(self, path: Path, group: WriteGroup | None = None) -> dict[str, str]:
        if group is not None and path in group.staged:
            return group.staged[path]["figures"]
        sig = signature(path)
        if sig is None:
            return {}
        cached = self._cache.get(path)
        if cached is not None and cached[0] == sig:
            return cached[1]
        data = read_json(path)
        figures = data.get("figures") if isinstance(data, dict) else None
        if not isinstance(figures, dict) or not all(isinstance(v, str) for v in figures.values()):
            raise corrupt(path, "not a figure index shard")
        if len(self._cache) >= _CACHED_SHARDS:  # a pass over the library (the desk) holds a few, not all
            self._cache.clear()
        self._cache[path] = (sig, figures)
        return figures

    def entries(self, keys: Iterable[str]) -> dict[str, tuple[int, list[ClaimNumbers]]]:
        """report id -> (version, its figures for any of ``keys``)."""
        found: dict[str, tuple[int, list[ClaimNumbers]]] = {}
        by_shard: dict[str, list[str]] = {}
        for key in sorted(set(keys)):
            by_shard.setdefault(shard_of(key), []).append(key)
        wanted = [(key, shard) for shard, held in sorted(by_shard.items()) for key in held]
        shards = {shard: self._shard(self.path(shard)) for shard in by_shard}  # each read once
        for key, shard in wanted:
            for rid, entry in _held(shards[shard], key, self.path(shard)).items():
                try:
                    version, rows = int(entry[0]), entry[1]
                    items = [_claim_numbers(rid, row) for row in rows]
                except (TypeError, ValueError, IndexError) as exc:
                    raise corrupt(self.path(shard_of(key)), f"a figure entry is malformed ({exc!r})") from exc
                have = found.get(rid)
                found[rid] = (version, (have[1] if have else []) + items)
        return found

    def keys_holding(self, report_ids: Iterable[str]) -> dict[str, set[str]]:
        """Every key with an entry for one of ``report_ids`` (reads every shard: only after a crash)."""
        wanted = set(report_ids)
        found: dict[str, set[str]] = {}
        for number in range(SHARDS):
            path = self.path(f"{number:02x}")
            shard = self._shard(path)
            for key, text in shard.items():
                if any(rid in text for rid in wanted):  # a cheap look at the text first
                    for rid in wanted.intersection(_held(shard, key, path)):
                        found.setdefault(rid, set()).add(key)
        return found

    # --- writing (the caller holds the lock)

    def begin(self, report_ids: Sequence[str]) -> set[str]:
        """Name the reports about to be committed, durably; returns those a crashed commit left named."""
        self._staged.clear()
        self._before.clear()
        self._left = set()
        left = self._left = self.committing()
        write_json(self.state_path, {"version": figures_version(), "committing": sorted(left | set(report_ids))})
        return left

    def left(self) -> set[str]:
        """The reports a crashed commit had left named when this commit began (entries of theirs may be held)."""
        return set(self._left)

    def abandon(self) -> None:
        """The commit failed. If no shard was replaced (a failed write replaces nothing), the
        state goes back to what it was, so a full disk leaves no trace; otherwise the names
        stay, and readers and the next commit treat those reports as unfinished."""
        try:
            if all(signature(path) == sig for path, sig in self._before.items()):
                state: dict[str, Any] = {"version": figures_version()}
                if self._left:
                    state["committing"] = sorted(self._left)
                write_json(self.state_path, state)
        except Exception:  # noqa: BLE001 - the commit's own error is the one to report
            pass
        self._staged.clear()
        self._cache.clear()

    def end(self) -> None:
        """The commit is durable: clear the state's names, keep the shards just written cached."""
        write_json(self.state_path, {"version": figures_version()})
        for path, figures in self._staged.items():
            sig = signature(path)
            if sig is not None:
                self._cache[path] = (sig, figures)
        self._staged.clear()

    def stage(self, group: WriteGroup, new: Mapping[str, tuple[int, FigureRows]],
              old_keys: Mapping[str, Iterable[str]], fresh: AbstractSet[str] = frozenset()) -> None:
        """Replace each report's entries: drop it under ``old_keys``, add its new rows.

        ``fresh``: reports the index holds no entry for (see ``_appended``)."""
        by_shard: dict[str, list[tuple[str, str, Entry | None]]] = {}
        for rid, keys in old_keys.items():
            for key in keys:
                by_shard.setdefault(shard_of(key), []).append((key, rid, None))
        for rid, (version, rows) in new.items():
            for key, claims in rows.items():
                if isinstance(claims, bytes):  # serialised by an import worker: written as it is
                    claims = orjson.Fragment(claims)
                by_shard.setdefault(shard_of(key), []).append((key, rid, [version, claims]))
        for shard, changes in sorted(by_shard.items()):
            path = self.path(shard)
            # Changed in place, out of the cache: the staged shard is the truth until the
            # commit is durable (end() caches it again), and is re-read from disk if it fails.
            figures = self._shard(path, group)
            self._cache.pop(path, None)
            by_key: dict[str, list[tuple[str, Entry | None]]] = {}
            for key, rid, entry in changes:  # removals first, then additions, in the order given
                by_key.setdefault(key, []).append((rid, entry))
            for key, keyed in by_key.items():
                text = _appended(figures.get(key), keyed, fresh)
                if text is None:  # something to remove or replace: parse the key's entries
                    held = dict(_held(figures, key, path))
                    for rid, entry in keyed:
                        if entry is None:
                            held.pop(rid, None)
                        else:
                            held[rid] = entry
                    text = orjson.dumps(held).decode() if held else None
                if text is None:
                    figures.pop(key, None)
                else:
                    figures[key] = text
            group.stage(path, {"figures": figures})
            self._staged[path] = figures
            self._before[path] = signature(path)

    def rebuild(self, report_ids: Iterable[str], rows_of: Callable[[str], tuple[int, FigureRows]]) -> None:
        """Write every shard again from the reports (under the lock), then the state."""
        with self._lock:
            if self.current() and not self.committing():
                return
            self.folder.mkdir(exist_ok=True)
            shards: dict[str, dict[str, dict[str, Entry]]] = {f"{n:02x}": {} for n in range(SHARDS)}
            for rid in report_ids:
                version, rows = rows_of(rid)
                for key, claims in rows.items():
                    shards[shard_of(key)].setdefault(key, {})[rid] = [version, claims]
            group = WriteGroup()
            for shard, figures in shards.items():
                texts = {key: orjson.dumps(held).decode() for key, held in figures.items()}
                group.stage(self.path(shard), {"figures": texts})
            group.commit()
            self.end()
            self._cache.clear()


def number_peers(index: FigureIndex, library: Any, reports: Sequence[Any]) -> list[ClaimNumbers]:
    """The figures other library reports give for a subject ``reports`` give, from the index.

    ``library`` is the store's Library (rows and snapshots). Reports of an
    unfinished commit are read from their current snapshot instead, so the
    answer always matches the library as it stands.
    """
    from claimdesk.checks.numbers import entity_key, read_report

    if not index.current() or index.committing():
        # Not made with today's figure reading (or a crash left a commit unfinished): rebuild once.
        index.rebuild(sorted(library.rows()), lambda rid: (int(library.row(rid).get("version") or 1),
                                                           figure_rows(library.report(rid))))
    keys = {entity_key(item.entity) for report in reports for item in read_report(report)}
    if not keys:
        return []
    named = {report.id for report in reports}
    entries = index.entries(keys)
    for rid in index.committing() - named:  # a commit in progress: the library is the truth
        entries.pop(rid, None)
        row = library.row_or_none(rid)
        if row is not None:
            items = [item for item in read_report(library.report(rid)) if entity_key(item.entity) in keys]
            entries[rid] = (int(row.get("version") or 1), items)
    return [item for rid in sorted(entries) if rid not in named for item in entries[rid][1]]
