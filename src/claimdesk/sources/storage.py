"""Source texts kept durably in the database folder, under ``DB/sources/``.

One JSON file per source, named by ``source_key`` (so a paper cited by many reports is
kept once), written with the store's durable helpers (temp file, fsync, atomic replace)
under the database lock. A failed fetch never replaces held text: it is recorded only
when nothing was held. The bundled sample sources are read when the database holds
nothing for a reference, so the samples have evidence on a machine without a network.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from claimdesk.model import Reference, ReferenceKind, Report
from claimdesk.sources.model import Depth, PageSpan, SourceDoc, SourceState, Status, reference_ident, source_key
from claimdesk.errors import DatabaseCorrupt
from claimdesk.store.dblock import DatabaseLock, lock_timeout_from_env
from claimdesk.store.files import read_json, remove_stale_temps, write_json

FORMAT = 1
_DEPTH_RANK = {Depth.NONE.value: 0, Depth.ABSTRACT.value: 1, Depth.FULL_TEXT.value: 2}


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _doc_from(data: dict[str, Any]) -> SourceDoc:
    return SourceDoc(
        kind=ReferenceKind(data["kind"]),
        ident=str(data["id"]),
        title=data.get("title"),
        text=str(data["text"]),
        depth=Depth(data["depth"]),
        origin=str(data.get("origin") or ""),
        pages=tuple(PageSpan(int(p), int(s), int(e)) for p, s, e in data.get("pages") or ()),
        fetched_at=str(data.get("at") or ""),
    )


def _doc_to(doc: SourceDoc) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "status": Status.HELD.value,
        "kind": doc.kind.value,
        "id": doc.ident,
        "title": doc.title,
        "depth": doc.depth.value,
        "origin": doc.origin,
        "at": doc.fetched_at or _now(),
        "pages": [[span.page, span.start, span.end] for span in doc.pages],
        "text": doc.text,
    }


def _well_formed(data: dict[str, Any]) -> bool:
    if data.get("status") != Status.HELD.value:
        return True
    try:
        _doc_from(data)
    except (KeyError, ValueError, TypeError):
        return False
    return True


class SourceStore:
    """The held sources of one review database. Safe to use from one thread."""

    def __init__(self, db_path: Path | str, *, bundled: bool = True) -> None:
        self.root = Path(db_path).expanduser()
        self.folder = self.root / "sources"
        self._bundled = bundled
        self._cache: dict[str, tuple[tuple[int, int] | None, dict[str, Any] | None]] = {}

    # --- reading

    def _path(self, reference: Reference) -> Path:
        return self.folder / f"{source_key(reference)}.json"

    def _record(self, reference: Reference) -> dict[str, Any] | None:
        path = self._path(reference)
        try:
            st = path.stat()
            sig: tuple[int, int] | None = (st.st_mtime_ns, st.st_size)
        except OSError:
            sig = None
        key = str(path)
        cached = self._cache.get(key)
        if cached is not None and cached[0] == sig:
            return cached[1]
        try:
            data = read_json(path) if sig is not None else None
        except DatabaseCorrupt:
            # a damaged source file fails that source alone; fetching or adding it again replaces it
            data = {"status": Status.FAILED.value, "error": "the stored text is damaged; fetch or add it again"}
        if data is not None and (not isinstance(data, dict) or not _well_formed(data)):
            data = {"status": Status.FAILED.value, "error": "the stored text is damaged; fetch or add it again"}
        self._cache[key] = (sig, data)
        return data

    def document(self, reference: Reference) -> SourceDoc | None:
        """The held text of ``reference``, or None (bundled sample text when the database has none)."""
        data = self._record(reference)
        if data is not None and data.get("status") == Status.HELD.value:
            return _doc_from(data)
        if self._bundled and (data is None):
            from claimdesk.sources.samples import bundled_document

            return bundled_document(reference)
        return None

    def state(self, ref: int, reference: Reference) -> SourceState:
        """Status, depth and origin of reference number ``ref``."""
        ident = reference_ident(reference)
        data = self._record(reference)
        if data is not None and data.get("status") == Status.FAILED.value:
            return SourceState(ref, ident, reference.kind, data.get("title"), Status.FAILED, Depth.NONE,
                               data.get("origin"), str(data.get("error") or "failed"))
        doc = self.document(reference)
        if doc is None:
            return SourceState(ref, ident, reference.kind, None, Status.MISSING, Depth.NONE, None)
        return SourceState(ref, ident, reference.kind, doc.title, Status.HELD, doc.depth, doc.origin)

    def states(self, report: Report) -> list[SourceState]:
        return [self.state(n, reference) for n, reference in enumerate(report.references, start=1)]

    def is_held(self, reference: Reference) -> bool:
        """True when the database itself holds text (bundled samples do not count: they may be refreshed)."""
        data = self._record(reference)
        return data is not None and data.get("status") == Status.HELD.value

    # --- writing (under the database lock)

    def _lock(self) -> DatabaseLock:
        return DatabaseLock(self.root / "lock", lock_timeout_from_env())

    def _write(self, reference: Reference, data: dict[str, Any]) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        remove_stale_temps(self.folder)
        write_json(self._path(reference), data)

    def put(self, reference: Reference, doc: SourceDoc, *, keep_deeper: bool = False) -> bool:
        """Keep ``doc`` as the text of ``reference``, replacing what was held; True when written.

        With ``keep_deeper`` (a refresh) a held text deeper than ``doc`` (full text against an
        abstract) is kept instead: a fetch that got less never takes away what was held.
        """
        with self._lock():
            if keep_deeper:
                self._cache.clear()
                current = self._record(reference)
                if current is not None and current.get("status") == Status.HELD.value:
                    if _DEPTH_RANK.get(str(current.get("depth")), 0) > _DEPTH_RANK[doc.depth.value]:
                        return False
            self._write(reference, _doc_to(doc))
            return True

    def put_failure(self, reference: Reference, error: str, *, origin: str | None = None, title: str | None = None) -> bool:
        """Record a failed fetch, unless text is held (it stays). True when the failure was recorded."""
        with self._lock():
            self._cache.clear()
            current = self._record(reference)
            if current is not None and current.get("status") == Status.HELD.value:
                return False
            if current is None and self._bundled:
                from claimdesk.sources.samples import bundled_document

                if bundled_document(reference) is not None:
                    return False  # the bundled sample text stays in use
            self._write(reference, {
                "format": FORMAT,
                "status": Status.FAILED.value,
                "kind": reference.kind.value,
                "id": reference_ident(reference),
                "title": title,
                "origin": origin,
                "error": " ".join(error.split())[:300],
                "at": _now(),
            })
            return True
