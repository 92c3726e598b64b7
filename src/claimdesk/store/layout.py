"""The database folder, its format marker, and the check that its parts are what they should be.

Layout (see docs/storage.md)::

    claimdesk.json          marker: format and version
    library.json            TinyDB, table "reports": one index row per report, with where
                            its current snapshot is: [pack file, byte offset, length]
    snapshots/<pack>.json   one file per import group: a JSON array of snapshots, written once
    reviews/<bb>.json       TinyDB per bucket of reports (256, by a hash of the id):
                            tables marks, triage, corrections; each record names its report
    changes.log             ids written, appended after each commit (change hints)
    lock                    the filelock held around every read-modify-write

Version 2 is the current layout. Rows and records gained optional fields since
(a row's ``source``, a mark's ``order``) that older readers ignore and this
one does without, so a version-2 database opens as it is. Version 1 (one file
per snapshot) is refused with a message saying how to move on.
"""

from __future__ import annotations

import os
from pathlib import Path

from claimdesk.errors import StoreError
from claimdesk.store.files import corrupt, read_json, write_json
from claimdesk.store.records import utc_now

FORMAT = "claimdesk-review-db"
FORMAT_VERSION = 2  # 2: snapshots in pack files (1 had one file per report)
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
    if not isinstance(info, dict) or info.get("format") != FORMAT or not isinstance(info.get("version"), int):
        raise corrupt(marker, "not a claimdesk database marker")
    version = info["version"]
    if version > FORMAT_VERSION:
        raise StoreError(f"{root} was written by a newer claimdesk; upgrade to open it")
    if version < FORMAT_VERSION:
        raise StoreError(
            f"{root} uses an earlier database layout (version {version}); "
            "import the reports into a new --db folder"
        )
