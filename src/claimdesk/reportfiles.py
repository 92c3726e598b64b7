"""The one walk of a folder for report files (``import``, ``check``, the desk's PATHs).

Report files are *.txt, *.md and *.json. Hidden files and folders are skipped.
Symbolic links are never followed, neither folders nor files: a link could lead
out of the folder (to /etc/shadow), and one rule for every command is easier to
trust than a rule per command; a linked file is listed as refused, so the user
can name the file itself. A pipe, device or socket is refused without being
opened. Folders are listed with scandir, so file types come with the listing
and there is no stat per file.
"""

from __future__ import annotations

import os
from operator import attrgetter
from pathlib import Path

REPORT_SUFFIXES = frozenset({".txt", ".md", ".json"})
NOT_REGULAR = "not a regular file (a pipe, device or socket is never opened)"
LINKED = "a symbolic link, not followed (name the file itself to import it)"
_name = attrgetter("name")


def is_report_name(name: str) -> bool:
    return not name.startswith(".") and os.path.splitext(name)[1].lower() in REPORT_SUFFIXES


def report_files(folder: str | Path) -> list[Path]:
    """Every report file under ``folder``, in path order (by the parts below ``folder``)."""
    return [Path(path) for _, path in walk(folder)]


def walk(folder: str | Path, failed: list[tuple[str, str]] | None = None) -> list[tuple[tuple[str, ...], str]]:
    """(parts below ``folder``, path) of every report file, in path order.

    Files with a report suffix that cannot be read as reports (links, pipes)
    are added to ``failed`` with the reason, when a list is given.
    """
    found: list[tuple[tuple[str, ...], str]] = []
    # Each folder's entries are taken in name order, a folder's files where its name sorts:
    # that is the order of the parts, with no sort of the whole list (of tuples, slow at 100,000).
    _walk(str(folder), (), found, failed if failed is not None else [])
    return found


def _walk(
    folder: str, parts: tuple[str, ...], found: list[tuple[tuple[str, ...], str]], failed: list[tuple[str, str]]
) -> None:
    try:
        with os.scandir(folder) as entries:
            listing = sorted(entries, key=_name)
    except OSError:
        return
    for entry in listing:
        name = entry.name
        if name.startswith("."):
            continue
        try:
            if entry.is_dir(follow_symlinks=False):
                _walk(entry.path, (*parts, name), found, failed)
            elif os.path.splitext(name)[1].lower() not in REPORT_SUFFIXES:
                continue
            elif entry.is_file(follow_symlinks=False):
                found.append(((*parts, name), entry.path))
            elif entry.is_symlink():
                failed.append((entry.path, LINKED))
            else:
                failed.append((entry.path, NOT_REGULAR))
        except OSError:
            continue
