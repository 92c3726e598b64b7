"""The database folder, its format marker, and the check that its parts are what they should be.

Layout (see docs/storage.md)::

    claimdesk.json          marker: format and version
    library/<bb>.json       the library index in 64 shards by a hash of the id: one row per
                            report, with where its current snapshot is: [pack, offset, length]
    index/                  the cross-report subject index (see subjects.py)
    snapshots/<pack>.json   one file per import group: a JSON array of snapshots, written once
    reviews/<bb>.json       TinyDB per bucket of reports (256, by a hash of the id):
                            tables marks, triage, corrections; each record names its report
    changes.log             ids written, appended after each commit (change hints)
    listing.json, listing-head.json  what the desk lists of every report, and its first page
                            (derived, checked against the shards' signatures: see listing.py)
    digests/                counts kept per review bucket and library shard for `stats`
                            (derived, never trusted: see tallies.py; safe to delete)
    lock                    the filelock held around every read-modify-write

Version 3 is the current layout. A version-2 database (one library.json) is
migrated in place when opened: the shards are written and made durable, then
the marker says 3, then library.json is renamed to library.v2-backup.json. A
crash before the marker is written leaves a version-2 database that migrates
again; after it, only the backup's rename is left, and that is harmless.
Version 1 (one file per snapshot) is refused with a message saying how to
move on.
"""

from __future__ import annotations

import os
from pathlib import Path

from claimdesk.errors import StoreError
from claimdesk.store.files import corrupt, read_json, write_json
from claimdesk.store.records import utc_now

FORMAT = "claimdesk-review-db"
FORMAT_VERSION = 3  # 3: library in shards; 2: one library.json; 1: one file per snapshot
FOLDERS = ("snapshots", "reviews")


def open_layout(root: Path) -> bool:
    """Check the folder is a database of a layout we read (creating a new one where allowed).

    True when the database was created just now.

    Raises StoreError with what to do; a damaged part (a file where a folder
    belongs) is reported as damaged and left untouched.
    """
    marker = root / "claimdesk.json"
    if root.exists() and not root.is_dir():
        raise StoreError(
            f"{root} is a file, but the review database is a folder; give --db a folder path "
            "(it is created if missing)"
        )
    if root.is_dir():
        info = read_json(marker)
        if info is not None:
            _check_marker(root, marker, info)
            for sub in ("library", "index"):  # made by the first commit that needs them
                if (root / sub).exists() and not (root / sub).is_dir():
                    raise corrupt(root / sub, "a file where a folder belongs")
            if (root / "lock").is_dir():
                raise corrupt(root / "lock", "a folder where a file belongs")
            for sub in FOLDERS:
                folder = root / sub
                if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
                    raise corrupt(folder, "a file where a folder belongs")
                if not folder.is_dir():
                    try:
                        folder.mkdir(exist_ok=True)
                    except OSError:
                        pass  # read-only: reading still works
            return False
        try:
            with os.scandir(root) as entries:
                occupied = any(not e.name.startswith(".") for e in entries)
        except OSError as exc:
            raise StoreError(f"cannot read {root}: {exc.strerror}") from exc
        if occupied:
            raise StoreError(
                f"{root} is not a claimdesk review database (no claimdesk.json, and the folder "
                "is not empty); choose a new or empty folder for --db"
            )
    try:
        root.mkdir(parents=True, exist_ok=True)
        for sub in FOLDERS:
            (root / sub).mkdir(exist_ok=True)
    except OSError as exc:
        raise StoreError(f"cannot create the review database {root}: {exc.strerror}") from exc
    write_json(marker, {"format": FORMAT, "version": FORMAT_VERSION, "created_at": utc_now()})
    return True


def _check_marker(root: Path, marker: Path, info: object) -> None:
    """Refuse what this version cannot read; migrate a version-2 database in place."""
    if not isinstance(info, dict) or info.get("format") != FORMAT or not isinstance(info.get("version"), int):
        raise corrupt(marker, "not a claimdesk database marker")
    version = info["version"]
    if version > FORMAT_VERSION:
        raise StoreError(f"{root} was written by a newer claimdesk; upgrade to open it")
    if version == 2:
        _migrate_from_2(root, marker)
        return
    if version < FORMAT_VERSION:
        raise StoreError(
            f"{root} uses an earlier database layout (version {version}); "
            "import the reports into a new --db folder"
        )


def _migrate_from_2(root: Path, marker: Path) -> None:
    from claimdesk.store.dblock import DatabaseLock, lock_timeout_from_env
    from claimdesk.store.files import WriteGroup, fsync_dir
    from claimdesk.store.rows import all_shards, parse_shard, shard_path

    old = root / "library.json"
    try:
        with DatabaseLock(root / "lock", lock_timeout_from_env()):
            info = read_json(marker)
            if isinstance(info, dict) and info.get("version") == FORMAT_VERSION:
                return  # another process migrated it while this one waited
            data = read_json(old)
            if data is None:  # moved aside (the old recovery advice): the packs say what it held
                from claimdesk.store.recovery import rebuild_rows

                data = {"reports": dict(enumerate(rebuild_rows(root / "snapshots").values()))}
            table = data.get("reports", {}) if isinstance(data, dict) else None
            if not isinstance(table, dict):
                raise corrupt(old, "not a library table")
            folder = root / "library"
            folder.mkdir(exist_ok=True)
            shards: dict[Path, dict[str, object]] = {path: {} for path in all_shards(folder)}
            for doc in table.values():
                if not isinstance(doc, dict) or not isinstance(doc.get("id"), str):
                    raise corrupt(old, "a library row has no report id")
                shards[shard_path(folder, doc["id"])][doc["id"]] = doc
            group = WriteGroup()
            for path, rows in shards.items():
                parse_shard(path, {"rows": rows})  # a row the reads would refuse stops the migration
                group.stage(path, {"rows": rows})
            group.commit()
            write_json(marker, {**info, "version": FORMAT_VERSION, "migrated_from": 2, "migrated_at": utc_now()})
            if old.exists():
                os.replace(old, root / "library.v2-backup.json")
                fsync_dir(root)
    except OSError as exc:
        raise StoreError(
            f"{root} uses the version-2 layout and could not be migrated in place ({exc.strerror or exc}); "
            "open it once with write access, or import its reports into a new --db folder"
        ) from exc
