"""The files a sync remote holds, and how records travel in them (no git here; see sync.py).

A sync remote's tree::

    claimdesk-sync.json       marker: {"format": "claimdesk-sync", "version": 1}
    logs/<database id>.jsonl  one append-only log per database, written only by that database

A log is JSON lines, one record each: a report (its snapshot and content
hash), a mark, a triage decision or a correction event, in the documents the
store writes (store/records.py). Each sync appends one batch in a stable
order: reports by id, then marks, triage and corrections by time and id.
Since a database only ever appends to its own log, two databases never
touch the same file and a push never conflicts in content.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import orjson

from claimdesk.errors import SyncError
from claimdesk.model import CorrectionEvent, Mark, Report, Triage
from claimdesk.sanitize import clean
from claimdesk.store.records import (
    correction_from_doc,
    correction_to_doc,
    mark_from_doc,
    mark_to_doc,
    triage_from_doc,
    triage_to_doc,
)

if TYPE_CHECKING:  # pragma: no cover
    from claimdesk.store import ReviewStore

MARKER_NAME = "claimdesk-sync.json"
MARKER = {"format": "claimdesk-sync", "version": 1}
MARKER_BYTES = orjson.dumps(MARKER, option=orjson.OPT_SORT_KEYS) + b"\n"
LOG_DIR = "logs"
_LOG_PATH = re.compile(r"logs/([0-9a-f]{32})\.jsonl")
_DUMP = orjson.OPT_SORT_KEYS


def log_path(database_id: str) -> str:
    return f"{LOG_DIR}/{database_id}.jsonl"


def check_tree(paths: Iterable[str], where: str) -> None:
    """SyncError unless every file is the marker or a log (a remote holding other files is not ours)."""
    seen_marker = False
    any_file = False
    for path in paths:
        any_file = True
        if path == MARKER_NAME:
            seen_marker = True
        elif not _LOG_PATH.fullmatch(path):
            raise SyncError(
                f"{where} holds {clean(path)!r}, which claimdesk did not write; sync needs a repository "
                "of its own (start from an empty one)"
            )
    if any_file and not seen_marker:
        raise SyncError(f"{where} has no {MARKER_NAME}; it is not a claimdesk sync repository")


def check_marker(data: bytes, where: str) -> None:
    try:
        doc = orjson.loads(data)
    except orjson.JSONDecodeError:
        doc = None
    if not isinstance(doc, dict) or doc.get("format") != MARKER["format"]:
        raise SyncError(f"{where}: {MARKER_NAME} is not claimdesk's; it is not a claimdesk sync repository")
    if doc.get("version") != MARKER["version"]:
        raise SyncError(f"{where} was written by another claimdesk version (sync format {doc.get('version')!r})")


@dataclass(frozen=True, slots=True)
class _Summary:
    id: str


@dataclass
class RemoteLogs:
    """Every record the remote's logs hold, shaped as merge.py reads a source database.

    merge_into(store, logs) brings them in through the store's one durable
    path, skipping what the store already holds by id.
    """

    root: str  # where the records came from (the remote's URL), kept as the snapshots' source
    _reports: dict[str, tuple[str, dict[str, Any], str]] = field(default_factory=dict)  # id -> (hash, snapshot, log)
    _report_versions: set[tuple[str, str]] = field(default_factory=set)  # (id, content hash)
    _marks: dict[str, list[Mark]] = field(default_factory=dict)
    _triage: dict[str, list[Triage]] = field(default_factory=dict)
    _corrections: dict[str, list[CorrectionEvent]] = field(default_factory=dict)
    ids: set[tuple[str, str]] = field(default_factory=set)  # (kind, record id) of every review record
    _reading: str = ""  # the log being read

    def add_log(self, name: str, data: bytes) -> None:
        """Read one log; SyncError naming the log and line when a record does not parse."""
        self._reading = name
        if data and not data.endswith(b"\n"):
            raise SyncError(f"{self.root}: {name} ends in a partial line; it was not written by claimdesk")
        for number, line in enumerate(data.splitlines(), 1):
            if not line.strip():
                continue
            try:
                self._add(orjson.loads(line))
            except SyncError:
                raise
            except Exception as exc:  # hostile or damaged logs: one line, nothing written
                raise SyncError(
                    f"{self.root}: {name} line {number} is not a claimdesk record ({clean(type(exc).__name__)})"
                ) from None

    def _add(self, doc: dict[str, Any]) -> None:
        kind = doc["kind"]
        if kind == "report":
            rid, digest, snapshot = str(doc["id"]), str(doc["content_hash"]), doc["report"]
            if not isinstance(snapshot, dict) or snapshot.get("id") != rid:
                raise ValueError("report snapshot")
            Report.from_dict(snapshot)  # refuse a snapshot the store could not read back
            # A log's last version of a report is its database's current one; across logs
            # the first log (they are read in name order) wins, so every database that lacks
            # the report copies in the same version.
            held = self._reports.get(rid)
            if held is None or held[2] == self._reading:
                self._reports[rid] = (digest, snapshot, self._reading)
            self._report_versions.add((rid, digest))
        elif kind == "mark":
            mark = mark_from_doc(doc)
            self._marks.setdefault(mark.report_id, []).append(mark)
            self.ids.add(("mark", mark.id))
        elif kind == "triage":
            triage = triage_from_doc(doc)
            self._triage.setdefault(triage.report_id, []).append(triage)
            self.ids.add(("triage", triage.id))
        elif kind == "correction":
            event = correction_from_doc(doc)
            self._corrections.setdefault(event.report_id, []).append(event)
            self.ids.add(("correction", event.event_id))
        else:
            raise SyncError(f"{self.root} holds records of kind {clean(str(kind))!r}; upgrade claimdesk to sync")

    # --- what merge.py reads from a source database

    def summaries(self) -> list[_Summary]:
        """Reports whose snapshot travelled (review records of other reports wait for theirs)."""
        return [_Summary(rid) for rid in sorted(self._reports)]

    def content_hash(self, report_id: str) -> str:
        return self._reports[report_id][0]

    def report(self, report_id: str) -> Report:
        return Report.from_dict(self._reports[report_id][1])

    def marks(self, report_id: str) -> list[Mark]:
        return list(self._marks.get(report_id, ()))

    def triage(self, report_id: str) -> list[Triage]:
        return list(self._triage.get(report_id, ()))

    def corrections(self, report_id: str) -> list[CorrectionEvent]:
        return list(self._corrections.get(report_id, ()))

    # --- what this database still has to send

    def has_report(self, report_id: str, digest: str) -> bool:
        return (report_id, digest) in self._report_versions


@dataclass
class Outgoing:
    """Records the remote lacks, as log lines in their stable order."""

    lines: list[bytes] = field(default_factory=list)
    reports: int = 0
    marks: int = 0
    triage: int = 0
    corrections: int = 0

    @property
    def empty(self) -> bool:
        return not self.lines


def outgoing(store: "ReviewStore", remote: RemoteLogs) -> Outgoing:
    """Every report version and review record of ``store`` that no log of the remote holds."""
    out = Outgoing()
    for summary in store.summaries():
        rid = summary.id
        digest = store.content_hash(rid)
        if not remote.has_report(rid, digest):
            doc = {"kind": "report", "id": rid, "content_hash": digest, "report": store.report(rid).to_dict()}
            out.lines.append(orjson.dumps(doc, option=_DUMP))
            out.reports += 1
    marks: list[Mark] = []
    triage: list[Triage] = []
    corrections: list[CorrectionEvent] = []
    for group in store.in_review_file_order(store.reviewed_ids()):  # one review file held at a time
        for rid in group:
            reviews = store.reviews(rid)
            marks.extend(m for m in reviews.marks if ("mark", m.id) not in remote.ids)
            triage.extend(t for t in reviews.triage if ("triage", t.id) not in remote.ids)
            corrections.extend(c for c in reviews.corrections if ("correction", c.event_id) not in remote.ids)
    for mark in sorted(marks, key=lambda m: (m.at, m.id)):
        out.lines.append(orjson.dumps({"kind": "mark", **mark_to_doc(mark)}, option=_DUMP))
    for item in sorted(triage, key=lambda t: (t.at, t.id)):
        out.lines.append(orjson.dumps({"kind": "triage", **triage_to_doc(item)}, option=_DUMP))
    for event in sorted(corrections, key=lambda c: (c.corrected_at, c.event_id)):
        out.lines.append(orjson.dumps({"kind": "correction", **correction_to_doc(event)}, option=_DUMP))
    out.marks, out.triage, out.corrections = len(marks), len(triage), len(corrections)
    return out
