"""Per-database settings: a small JSON file beside the marker (``settings.json``).

Settings belong to one database, not to a person: blind review and the sync
remote travel with the folder. Unknown keys (a newer claimdesk's) are kept
when this version rewrites the file.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from claimdesk.errors import DatabaseCorrupt
from claimdesk.store.files import corrupt, read_json, write_json

SETTINGS_FILE = "settings.json"


@dataclass(frozen=True, slots=True)
class Settings:
    """What a database remembers about how it is used."""

    # Blind review: other reviewers' marks on a claim stay hidden until you mark it (claimdesk.blind).
    blind: bool = False
    # The git URL `claimdesk sync` used last (remembered after the first sync reached it).
    sync_remote: str | None = None
    # This database's name in a sync remote (its log file); made on the first sync.
    database_id: str | None = None


def new_database_id() -> str:
    return uuid.uuid4().hex


def _raw(root: Path) -> dict[str, Any]:
    path = root / SETTINGS_FILE
    data = read_json(path)
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise corrupt(path, "the settings are not a JSON object")
    return data


def read_settings(root: Path) -> Settings:
    """The database's settings (defaults where the file or a key is missing)."""
    data = _raw(root)
    blind = data.get("blind", False)
    remote = data.get("sync_remote")
    dbid = data.get("database_id")
    if not isinstance(blind, bool) or not isinstance(remote, (str, type(None))) or not isinstance(
        dbid, (str, type(None))
    ):
        raise corrupt(root / SETTINGS_FILE, "a setting has the wrong type")
    return Settings(blind=blind, sync_remote=remote, database_id=dbid)


def write_settings(root: Path, **changes: Any) -> Settings:
    """Apply ``changes`` and write the file durably. The caller holds the database lock."""
    known = {f.name for f in fields(Settings)}
    unknown = set(changes) - known
    if unknown:
        raise TypeError(f"unknown settings: {', '.join(sorted(unknown))}")
    data = _raw(root)
    updated = replace(read_settings(root), **changes)
    for name in known:
        data[name] = getattr(updated, name)
    write_json(root / SETTINGS_FILE, data)
    return updated


__all__ = ["DatabaseCorrupt", "Settings", "new_database_id", "read_settings", "write_settings"]
