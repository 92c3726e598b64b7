"""A tiny in-memory review store with the documented API, for desk tests that
need no disk (and a check that it behaves like the documented store)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timezone

from claimdesk.errors import NotFound, StoreError
from claimdesk.model import CorrectionEvent, CorrectionType, Mark, Report, Triage, TriageDecision, Verdict


@dataclass(frozen=True)
class FakeSummary:
    id: str
    title: str
    published: str | None
    research_question: str | None
    gate: str | None
    tier: str | None
    review_score: float | None
    claims: int
    verified: int
    findings: int
    worst_severity: str | None
    imported_at: str
    version: int


def _now() -> str:
    return datetime.now(timezone.utc).isoformat()


class FakeStore:
    def __init__(self, reports: list[Report]) -> None:
        self.reports = {r.id: r for r in reports}
        self.mark_log: list[Mark] = []
        self.triage_log: list[Triage] = []
        self.events: list[CorrectionEvent] = []
        self.version = 0
        self.changed: list[tuple[int, str]] = []
        self.fail_writes = False

    def summaries(self):
        out = []
        for r in self.reports.values():
            out.append(
                FakeSummary(
                    r.id, r.title, r.published, r.research_question,
                    r.gate.status.value if r.gate else None,
                    r.quality_tier.tier.value if r.quality_tier else None,
                    r.stats.review_score, len(r.claims), r.verified_count, 0, None, "2026-01-01", 1,
                )
            )
        return out

    def report(self, report_id):
        try:
            return self.reports[report_id]
        except KeyError:
            raise NotFound(f"no report {report_id!r}") from None

    def is_empty(self):
        return not self.reports

    def _touch(self, report_id):
        self.version += 1
        self.changed.append((self.version, report_id))

    def add_mark(self, report_id, claim, verdict, note="", *, reviewer):
        if self.fail_writes:
            raise StoreError("disk full: the mark was not saved")
        report = self.report(report_id)
        if not 1 <= claim <= len(report.claims):
            raise NotFound(f"claim {claim} does not exist")
        mark = Mark(uuid.uuid4().hex, report_id, claim, report.claims[claim - 1].key, Verdict(verdict), note, reviewer, _now())
        self.mark_log.append(mark)
        self._touch(report_id)
        return mark

    def marks(self, report_id):
        return [m for m in self.mark_log if m.report_id == report_id]

    def current_marks(self, report_id):
        current = {}
        for m in self.marks(report_id):
            current[(m.claim, m.reviewer)] = m
        return {k: m for k, m in current.items() if m.verdict != Verdict.CLEARED}

    def add_triage(self, report_id, decision, note="", *, reviewer):
        t = Triage(uuid.uuid4().hex, report_id, TriageDecision(decision), note, reviewer, _now())
        self.triage_log.append(t)
        self._touch(report_id)
        return t

    def triage(self, report_id):
        return [t for t in self.triage_log if t.report_id == report_id]

    def add_correction(self, report_id, correction_type, note, *, claim=None, fields=(), supersedes=None, reviewer):
        if not note.strip():
            raise StoreError("a correction needs a note")
        e = CorrectionEvent(str(uuid.uuid4()), report_id, _now(), CorrectionType(correction_type), note, tuple(fields), claim, reviewer, supersedes)
        self.events.append(e)
        self._touch(report_id)
        return e

    def corrections(self, report_id):
        return [e for e in self.events if e.report_id == report_id]

    def progress(self, reviewer):
        out = {}
        for rid in self.reports:
            n = sum(1 for (_, who) in self.current_marks(rid) if who == reviewer)
            if n:
                out[rid] = n
        return out

    def change_token(self):
        return self.version

    def changed_since(self, token):
        return self.version, {rid for v, rid in self.changed if v > (token or 0)}
