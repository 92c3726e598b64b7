"""Bring another review database into this one.

Review records (marks, triage decisions, correction events) are additive and
carry their own ids, so combining two databases is a union by id: merging the
same database twice changes nothing, A into B holds the same records as B
into A, and nothing is duplicated or lost.

Reports:

* a report only the other database has is copied in (its snapshot and content
  hash), as if it had been imported here;
* a report both have with the same content hash is the same report;
* a report both have with a *different* content hash (another version of the
  file) is a conflict: it is listed, and this library's snapshot is kept —
  never overwritten. Its review records are still merged: marks follow claims
  by the claim key of their text, exactly as after a re-import, so a mark on a
  claim both versions share counts, and a mark on a claim this version lacks is
  kept but not current.

Every write goes through the store (its lock and its durable write path);
records already present are skipped before writing, so an idempotent merge
writes nothing at all.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from claimdesk.errors import NotFound, StoreError

if TYPE_CHECKING:  # pragma: no cover
    from claimdesk.store import ReviewStore

_NEEDED = ("content_hash", "add_report", "add_records")


@dataclass
class MergeResult:
    """What came in."""

    reports_added: list[str] = field(default_factory=list)
    reports_conflicting: list[str] = field(default_factory=list)
    reports_seen: int = 0
    marks_added: int = 0
    triage_added: int = 0
    corrections_added: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.reports_added or self.marks_added or self.triage_added or self.corrections_added)

    def to_dict(self) -> dict[str, Any]:
        return {
            "reports_seen": self.reports_seen,
            "reports_added": list(self.reports_added),
            "reports_conflicting": list(self.reports_conflicting),
            "marks_added": self.marks_added,
            "triage_added": self.triage_added,
            "corrections_added": self.corrections_added,
        }

    def lines(self) -> list[str]:
        """A plain summary for a person."""
        out = [
            f"{_count(self.reports_seen, 'report')} in the other database: "
            f"{len(self.reports_added)} copied in, {len(self.reports_conflicting)} in conflict",
            f"added {_count(self.marks_added, 'mark')}, {_count(self.triage_added, 'triage decision')}, "
            f"{_count(self.corrections_added, 'correction event')}",
        ]
        if self.reports_conflicting:
            out.append(
                "conflicting reports (same id, different content; this library's version kept, "
                "their review records merged):"
            )
            out.extend(f"  {rid}" for rid in self.reports_conflicting)
        if not self.changed:
            out.append("nothing new: this database already held everything")
        return out


def merge_into(
    target: "ReviewStore",
    source: "ReviewStore",
    on_progress: Callable[[int, int], None] | None = None,
) -> MergeResult:
    """Union ``source``'s reports and review records into ``target``."""
    missing = [name for name in _NEEDED if not callable(getattr(target, name, None))]
    if missing:
        raise StoreError(f"this version of the store cannot merge (missing {', '.join(missing)})")
    result = MergeResult()
    summaries = sorted(source.summaries(), key=lambda s: s.id)
    result.reports_seen = len(summaries)
    for done, summary in enumerate(summaries, 1):
        rid = summary.id
        theirs = source.content_hash(rid)
        try:
            ours = target.content_hash(rid)
        except NotFound:
            ours = None
        if ours is None:
            if target.add_report(source.report(rid), theirs):
                result.reports_added.append(rid)
        elif ours != theirs:
            result.reports_conflicting.append(rid)
        marks = _new(source.marks(rid), target.marks(rid), "id")
        triage = _new(source.triage(rid), target.triage(rid), "id")
        corrections = _new(source.corrections(rid), target.corrections(rid), "event_id")
        if marks or triage or corrections:
            added = target.add_records(rid, marks=marks, triage=triage, corrections=corrections)
            result.marks_added += added[0]
            result.triage_added += added[1]
            result.corrections_added += added[2]
        if on_progress is not None:
            on_progress(done, len(summaries))
    return result


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _new(theirs: list, ours: list, id_field: str) -> list:
    """Records of ``theirs`` whose id ``ours`` lacks, in their order."""
    known = {getattr(record, id_field) for record in ours}
    return [record for record in theirs if getattr(record, id_field) not in known]


def same_database(a: Path, b: Path) -> bool:
    """True when two paths name the same database (so merging would be a no-op at best)."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return Path(a).resolve() == Path(b).resolve()
