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

import inspect
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from claimdesk.errors import NotFound, StoreError
from claimdesk.sanitize import clean

if TYPE_CHECKING:  # pragma: no cover
    from claimdesk.store import ReviewStore

_NEEDED = ("content_hash", "reviews", "add_reports", "add_records")
# Writes are batched so a merge of two large libraries is a few group commits.
_REPORTS_PER_COMMIT = 1000
_RECORDS_PER_COMMIT = 20000


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
            shown = self.reports_conflicting[:SHOWN_CONFLICTS]
            out.extend(f"  {clean(rid)}" for rid in shown)
            if len(self.reports_conflicting) > len(shown):  # a whole archive can conflict: --json lists them all
                out.append(f"  … and {len(self.reports_conflicting) - len(shown)} more (--json lists every one)")
        if not self.changed:
            out.append("nothing new: this database already held everything")
        return out


# A person's summary names this many conflicting reports; --json names all of them.
SHOWN_CONFLICTS = 20


def merge_into(
    target: "ReviewStore",
    source: "ReviewStore",
    on_progress: Callable[[int, int], None] | None = None,
) -> MergeResult:
    """Union ``source``'s reports and review records into ``target``.

    New reports are written first (grouped commits), then the new records, a
    review file at a time; the store skips, under its lock, any id it already
    holds.
    """
    missing = [name for name in _NEEDED if not callable(getattr(target, name, None))]
    if "add_reports" not in missing and "hashes" not in inspect.signature(target.add_reports).parameters:
        missing.append("add_reports(hashes=...)")
    if missing:
        raise StoreError(f"this version of the store cannot merge (missing {', '.join(missing)})")
    result = MergeResult()
    ids = sorted(s.id for s in source.summaries())
    result.reports_seen = len(ids)
    copies: list[tuple[str, str]] = []
    for rid in ids:  # the library rows only: no review file is read yet
        theirs = source.content_hash(rid)
        try:
            ours = target.content_hash(rid)
        except NotFound:
            copies.append((rid, theirs))
            continue
        if ours != theirs:
            result.reports_conflicting.append(rid)
    # Every record is read before anything is written, so damage in either library stops the
    # merge with nothing changed. They are read one review file at a time on each side: both
    # stores file a report's records by the same hash of its id, so a group of the source's is
    # one file of ours; each report's records keep their order.
    groups = source.in_review_file_order(ids) if hasattr(source, "in_review_file_order") else [ids]
    let_go = getattr(target, "let_go_of_reviews", None)
    incoming: list[tuple[list, list, list]] = []
    done = 0
    for group in groups:
        marks: list = []
        triage: list = []
        corrections: list = []
        for rid in group:
            held = target.reviews(rid)  # one read of the review file for all three kinds
            marks.extend(_checked(source, _new(source.marks(rid), held.marks, "id")))
            triage.extend(_checked(source, _new(source.triage(rid), held.triage, "id")))
            corrections.extend(_checked(source, _new(source.corrections(rid), held.corrections, "event_id")))
            done += 1
            if on_progress is not None:
                on_progress(done, len(ids))
        if marks or triage or corrections:
            incoming.append((marks, triage, corrections))
        if let_go is not None and group:
            let_go(group[0])
    for start in range(0, len(copies), _REPORTS_PER_COMMIT):
        chunk = copies[start : start + _REPORTS_PER_COMMIT]
        added = target.add_reports(
            (source.report(rid) for rid, _ in chunk), hashes=dict(chunk), source=str(source.root)
        ).added
        result.reports_added.extend(added)
    for marks, triage, corrections in incoming:  # a group's records: one review file of ours
        _add(target, marks, triage, corrections, result)
    result.reports_added.sort()
    return result


def _add(target: "ReviewStore", marks: list, triage: list, corrections: list, result: MergeResult) -> None:
    records = [("m", r) for r in marks] + [("t", r) for r in triage] + [("c", r) for r in corrections]
    for start in range(0, len(records), _RECORDS_PER_COMMIT):
        chunk = records[start : start + _RECORDS_PER_COMMIT]
        added = target.add_records(
            marks=[r for kind, r in chunk if kind == "m"],
            triage=[r for kind, r in chunk if kind == "t"],
            corrections=[r for kind, r in chunk if kind == "c"],
        )
        result.marks_added += added[0]
        result.triage_added += added[1]
        result.corrections_added += added[2]


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _checked(source: "ReviewStore", records: list) -> list:
    """``records`` if every one reads as the store writes them; else StoreError naming the first
    that does not (read before anything is written, so nothing is merged)."""
    from claimdesk.store.limits import record_problem

    for record in records:
        at = getattr(record, "at", None) or getattr(record, "corrected_at", "")
        note = getattr(record, "note", None)
        problem = record_problem(record.reviewer, at, record.public_note if note is None else note)
        if problem is not None:
            raise StoreError(
                f"{clean(str(source.root))}: a record of report {clean(record.report_id)!r} was not made by claimdesk "
                f"({problem}); nothing was merged"
            )
    return records


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
