"""Rebuilding the library index from the snapshot packs (it was moved aside or lost).

Every snapshot names its report and version, so the newest version of each
report becomes its row again; findings are left unchecked. Without this, a
database whose index is missing reads as an empty library, and commands such
as ``conflicts`` would report "No conflicts" while reviewers disagree.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson

from claimdesk.errors import StoreError
from claimdesk.model import Report
from claimdesk.store.files import corrupt, scan_json_stems
from claimdesk.store.records import utc_now

Pointer = tuple[str, int, int]


def has_packs(folder: Path) -> bool:
    return next(iter(scan_json_stems(folder)), None) is not None


def rebuild_rows(packs: Path) -> dict[str, dict[str, Any]]:
    """Library rows (report id -> row) made again from the packs."""
    from claimdesk.store.rows import row_fields

    newest: dict[str, tuple[int, str, dict[str, Any], Pointer]] = {}
    for stem in sorted(scan_json_stems(packs)):
        name = f"{stem}.json"
        for doc, pointer in _pack_entries(packs / name, name):
            rid, version = doc.get("id"), doc.get("version")
            if not isinstance(rid, str) or not isinstance(version, int):
                raise corrupt(packs / name, "a snapshot has no id or version")
            best = newest.get(rid)
            if best is None or (version, name) > (best[0], best[1]):
                newest[rid] = (version, name, doc, pointer)
    table: dict[str, dict[str, Any]] = {}
    for rid in sorted(newest):
        version, name, doc, pointer = newest[rid]
        try:
            fields = row_fields(Report.from_dict(doc["report"]))
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise corrupt(packs / name, f"the snapshot is incomplete ({exc!r})") from exc
        table[rid] = {
            "id": rid,
            **fields,
            "imported_at": doc.get("imported_at") or utc_now(),
            "version": version,
            "content_hash": str(doc.get("content_hash") or ""),
            "snapshot": list(pointer),
            "source": str(doc.get("source") or ""),
        }
    return table


def _pack_entries(path: Path, name: str) -> list[tuple[dict[str, Any], Pointer]]:
    """Each snapshot of a pack with its pointer (packs are written compact by orjson)."""
    try:
        data = path.read_bytes()
        docs = orjson.loads(data)
    except OSError as exc:
        raise StoreError(f"cannot read {path}: {exc.strerror}") from exc
    except orjson.JSONDecodeError as exc:
        raise corrupt(path, "a snapshot pack does not parse") from exc
    if not isinstance(docs, list):
        raise corrupt(path, "a snapshot pack is not a list")
    found: list[tuple[dict[str, Any], Pointer]] = []
    offset = 1
    for doc in docs:
        piece = orjson.dumps(doc)
        if data[offset : offset + len(piece)] != piece or not isinstance(doc, dict):
            raise corrupt(path, "a snapshot pack is not laid out as claimdesk writes it")
        found.append((doc, (name, offset, len(piece))))
        offset += len(piece) + 1
    return found
