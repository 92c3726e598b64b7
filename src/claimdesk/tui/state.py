"""Where the desk was: the open report and tab, kept per database and reviewer.

A small JSON file outside the review database (it is the reviewer's place on
this machine, not review data, so it never travels with ``merge``). Written to
a temporary file, synced and renamed into place; a damaged file is ignored.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

MAX_PLACES = 200  # databases × reviewers remembered; the oldest are dropped


@dataclass(frozen=True)
class Place:
    report: str | None = None
    tab: str = "overview"


def default_state_path() -> Path:
    import platformdirs

    return Path(platformdirs.user_state_dir("claimdesk", appauthor=False)) / "desk.json"


class DeskState:
    def __init__(self, path: Path, database: Path | str, reviewer: str) -> None:
        self.path = Path(path)
        try:
            where = str(Path(database).expanduser().resolve())
        except OSError:
            where = str(database)
        self.key = f"{where}\n{reviewer}"

    def _read(self) -> dict:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def load(self) -> Place:
        entry = self._read().get(self.key)
        if not isinstance(entry, dict):
            return Place()
        report, tab = entry.get("report"), entry.get("tab")
        return Place(report if isinstance(report, str) else None, tab if isinstance(tab, str) else "overview")

    def save(self, place: Place) -> None:
        """Best effort: losing the place loses nothing a reviewer filed."""
        data = self._read()
        data.pop(self.key, None)
        data[self.key] = {"report": place.report, "tab": place.tab}
        while len(data) > MAX_PLACES:
            data.pop(next(iter(data)))
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, temp = tempfile.mkstemp(prefix=".desk-", suffix=".tmp", dir=self.path.parent)
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as handle:
                    json.dump(data, handle)
                    handle.flush()
                    os.fsync(handle.fileno())
                os.replace(temp, self.path)
            except BaseException:
                try:
                    os.unlink(temp)
                except OSError:
                    pass
                raise
        except OSError:
            pass
