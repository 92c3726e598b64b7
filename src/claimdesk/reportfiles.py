"""The one walk of a folder for report files (``import``, ``check``, the desk's PATHs).

Report files are *.txt, *.md and *.json. Hidden files and folders are skipped;
symlinked folders are not followed, and a symlinked file counts only when it
points inside the folder walked (a link to /etc/shadow is not a report of
this folder). Folders are listed with scandir, so file types come with the
listing and there is no stat per file.
"""

from __future__ import annotations

import os
from pathlib import Path

REPORT_SUFFIXES = frozenset({".txt", ".md", ".json"})


def is_report_name(name: str) -> bool:
    return not name.startswith(".") and os.path.splitext(name)[1].lower() in REPORT_SUFFIXES


def report_files(folder: str | Path) -> list[Path]:
    """Every report file under ``folder``, in path order (by the parts below ``folder``)."""
    base = Path(folder)
    try:
        inside = base.resolve()
    except OSError:
        return []
    found: list[tuple[tuple[str, ...], Path]] = []
    _walk(str(base), (), inside, found)
    found.sort()
    return [path for _, path in found]


def _walk(folder: str, parts: tuple[str, ...], inside: Path, found: list[tuple[tuple[str, ...], Path]]) -> None:
    try:
        with os.scandir(folder) as entries:
            listing = list(entries)
    except OSError:
        return
    for entry in listing:
        name = entry.name
        if name.startswith("."):
            continue
        try:
            if entry.is_dir(follow_symlinks=False):
                _walk(entry.path, (*parts, name), inside, found)
            elif is_report_name(name) and entry.is_file():
                if entry.is_symlink():
                    target = Path(entry.path).resolve()
                    if inside not in target.parents:
                        continue  # a link out of the folder
                found.append(((*parts, name), Path(entry.path)))
        except OSError:
            continue
