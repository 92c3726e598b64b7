"""Writing review records: marks, triage decisions, corrections, and merged records.

A mixin of ``ReviewStore``: requests are checked at the door (limits, ids, claim numbers)
here, then handed to the review files (``reviews``), which commit them durably bucket by
bucket under the lock.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from typing import Any

from claimdesk.errors import ClaimdeskError, NotFound
from claimdesk.model import CorrectionEvent, CorrectionType, Mark, Triage, TriageDecision, Verdict
from claimdesk.sanitize import clean
from claimdesk.store.door import partial_message, stamp
from claimdesk.store.limits import note_text, reviewer_name
from claimdesk.store.records import (
    InvalidRecord,
    MarkOutcome,
    MarkRequest,
    PartialSave,
    RecordsOutcome,
    parse_correction_type,
    parse_decision,
    parse_seconds,
    parse_verdict,
    utc_now,
)


class StoreWrites:
    """The writing half of ``ReviewStore`` (it provides ``resolve``, ``claim_key``,
    ``corrections``, ``_reviews`` and ``_clock``)."""

    def _now(self) -> str:
        return utc_now() if self._clock is None else stamp(self._clock())

    def _new_mark(self, request: MarkRequest) -> Mark:
        verdict = parse_verdict(request.verdict)
        reviewer = reviewer_name(request.reviewer)
        note = note_text(request.note)
        report_id = self.resolve(request.report)
        key = self.claim_key(report_id, request.claim)
        seconds = parse_seconds(request.seconds)
        return Mark(
            uuid.uuid4().hex, report_id, request.claim, key, verdict, note, reviewer, self._now(), seconds=seconds
        )

    def holds_mark(self, report: str, claim: int, reviewer: str) -> bool:
        """Whether ``reviewer``'s newest mark on claim ``claim`` of ``report`` (an id or prefix)
        is a verdict. Only then does a 'cleared' mark withdraw anything: without one, the
        command line and the desk write nothing and say so (a 'cleared' record on a claim
        never marked would be history that says a mark was withdrawn when none was).

        A claim number out of range is NotFound: an error, not "nothing to withdraw".
        """
        report_id = self.resolve(report)
        self.claim_key(report_id, claim)
        return (claim, reviewer_name(reviewer)) in self.current_marks(report_id)

    def add_mark(
        self,
        report_id: str,
        claim: int,
        verdict: Verdict | str,
        note: str = "",
        *,
        reviewer: str,
        seconds: float | None = None,
    ) -> Mark:
        """Save one mark; durable on return. Nothing is written when anything is wrong.

        ``seconds``: how long the claim was under the cursor before the mark (the desk's).
        """
        request = MarkRequest(
            report=report_id, claim=claim, verdict=verdict, note=note, reviewer=reviewer, seconds=seconds
        )
        return self.add_marks([request])[0]

    def add_marks(
        self,
        requests: Iterable[MarkRequest],
        on_saved: Callable[[MarkRequest, Mark], None] | None = None,
        on_error: Callable[[MarkRequest, ClaimdeskError], None] | None = None,
    ) -> MarkOutcome:
        """Save many marks with one durable write per touched review file (group commit).

        Returns which requests were saved (durable) and which failed and why.
        ``on_saved`` runs for each mark only after it is durable. Without
        ``on_error`` a bad request raises before anything is written, and a
        review file that cannot be written raises PartialSave (which carries
        the outcome: the marks in other files are saved); with it, failures are
        reported request by request and the rest are saved.
        """
        accepted: list[tuple[MarkRequest, Mark]] = []
        refused: list[tuple[MarkRequest, ClaimdeskError]] = []
        for request in requests:
            try:
                accepted.append((request, self._new_mark(request)))
            except ClaimdeskError as exc:
                if on_error is None:
                    raise
                refused.append((request, exc))
        saved, failed = self._reviews.commit("marks", accepted)
        outcome = MarkOutcome(tuple(saved), tuple(refused + failed))
        if failed and on_error is None:
            if not saved:
                raise failed[0][1]
            raise PartialSave(partial_message(len(saved), "mark", failed[0][1]), outcome)
        if on_saved is not None:
            for request, mark in saved:
                on_saved(request, mark)
        if on_error is not None:
            for request, exc in outcome.failed:
                on_error(request, exc)
        return outcome

    def add_records(
        self,
        *,
        marks: Iterable[Mark] = (),
        triage: Iterable[Triage] = (),
        corrections: Iterable[CorrectionEvent] = (),
        on_error: Callable[[str, ClaimdeskError], None] | None = None,
    ) -> RecordsOutcome:
        """Insert existing records as they are (ids, times, reviewers, orders kept): a union by id.

        Used to merge databases. Under the lock every touched review file is
        re-read and records it already holds (by id) are skipped; then one
        group commit, bucket by bucket. Returns how many marks, triage
        decisions and corrections were added (it unpacks as a triple). A
        bucket that cannot be written raises PartialSave, or without raising
        is passed to ``on_error`` per report id.
        """
        outcome = self._reviews.add_records(marks, triage, corrections)
        if outcome.failed:
            if on_error is None:
                if not sum(outcome):
                    raise outcome.failed[0][1]
                raise PartialSave(partial_message(sum(outcome), "record", outcome.failed[0][1]), outcome)
            for report_id, exc in outcome.failed:
                on_error(report_id, exc)
        return outcome

    def _commit_one(self, table: str, record: Any) -> None:
        saved, failed = self._reviews.commit(table, [(None, record)])
        if failed:
            raise failed[0][1]

    def add_triage(self, report_id: str, decision: TriageDecision | str, note: str = "", *, reviewer: str) -> Triage:
        kind = parse_decision(decision)
        text = note_text(note)
        who = reviewer_name(reviewer)
        record = Triage(uuid.uuid4().hex, self.resolve(report_id), kind, text, who, self._now())
        self._commit_one("triage", record)
        return record

    def add_correction(
        self,
        report_id: str,
        correction_type: CorrectionType | str,
        note: str,
        *,
        claim: int | None = None,
        fields: Iterable[str] = (),
        supersedes: str | None = None,
        reviewer: str,
    ) -> CorrectionEvent:
        """File an additive correction event; a mistaken one is answered by a new one that supersedes it."""
        kind = parse_correction_type(correction_type)
        public_note = note_text(note, "a public note")
        if not public_note:
            raise InvalidRecord("a correction needs a public note saying what was corrected (--note)")
        who = reviewer_name(reviewer)
        rid = self.resolve(report_id)
        if claim is not None:
            self.claim_key(rid, claim)
        affected = tuple(dict.fromkeys(f for f in (clean(str(x)).strip() for x in fields) if f))
        if supersedes is not None:
            # The full id or a unique start of it: the desk announces an event by its first 8 characters.
            wanted = str(supersedes).strip()
            known = [e.event_id for e in self.corrections(rid) if wanted and e.event_id.startswith(wanted)]
            if len(set(known)) != 1:
                why = "matches more than one" if known else "names no"
                raise NotFound(f"{clean(wanted)!r} {why} correction event of report {rid}; give more of its id")
            supersedes = known[0]
        event = CorrectionEvent(
            event_id=str(uuid.uuid4()),
            report_id=rid,
            corrected_at=self._now(),
            correction_type=kind,
            public_note=public_note,
            affected_fields=affected,
            claim=claim,
            reviewer=who,
            supersedes=supersedes,
        )
        self._commit_one("corrections", event)
        return event
