"""Reading one snapshot out of a pack: by the library, and by import workers for a report's previous version.

A pack is written once and never changed, so a pointer (pack, offset, length)
names the same bytes for ever: what a worker reads there is what the
importing process would read under the lock.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson

from claimdesk.errors import StoreError
from claimdesk.model import Report
from claimdesk.sanitize import clean
from claimdesk.store.files import corrupt
from claimdesk.store.rows import Pointer


def read_snapshot(packs: Path, report_id: str, pointer: Pointer) -> dict[str, Any]:
    """One snapshot document: a slice of a pack, read without reading the rest."""
    path = packs / pointer[0]
    try:
        with open(path, "rb") as pack:
            pack.seek(pointer[1])
            data = pack.read(pointer[2])
    except FileNotFoundError as exc:
        raise corrupt(path, f"the snapshot pack of report {clean(report_id)!r} is missing") from exc
    except (IsADirectoryError, NotADirectoryError) as exc:
        raise corrupt(path, "a folder where a file belongs, or a file where a folder belongs") from exc
    except OSError as exc:
        raise StoreError(f"cannot read {path}: {exc.strerror}") from exc
    try:
        doc = orjson.loads(data)
    except orjson.JSONDecodeError as exc:
        raise corrupt(path, f"the snapshot of report {clean(report_id)!r} does not parse") from exc
    if not isinstance(doc, dict) or doc.get("id") != report_id or not isinstance(doc.get("report"), dict):
        raise corrupt(path, f"the snapshot of report {clean(report_id)!r} is not where the library says")
    return doc


def report_at(packs: Path, report_id: str, pointer: Pointer) -> Report:
    """The report a snapshot holds."""
    doc = read_snapshot(packs, report_id, pointer)
    try:
        return Report.from_dict(doc["report"])
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise corrupt(packs / pointer[0], f"the snapshot is incomplete ({exc!r})") from exc


def previous_figure_keys(packs: Path, report_id: str, pointer: Pointer) -> tuple[Pointer, list[str]] | None:
    """The figure index keys of the version at ``pointer``, worked out as the commit would; None when
    it cannot be read here (the commit then reads it under the lock and reports what is wrong).

    An import worker works them out for each changed report, so the commit,
    which holds the lock, only checks that the pointer is still the row's.
    """
    from claimdesk.store.figindex import figure_rows

    try:
        return pointer, sorted(figure_rows(report_at(packs, report_id, pointer)))
    except Exception:  # noqa: BLE001 - any failure leaves the work, and its message, to the commit
        return None
