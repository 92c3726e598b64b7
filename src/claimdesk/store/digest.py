"""One report's review records digested for counting (`stats`, the agreement summary):
from the raw stored documents, without making Mark objects, by the same rules as
``Bucket.current_marks`` (the last mark made per claim and reviewer; marks follow
claims by key) and ``ReviewStore.triage`` (the last by time, then id).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from claimdesk.model import Verdict
from claimdesk.store.files import corrupt
from claimdesk.store.records import _stored_seconds, doc_order

_INCOMPLETE = (KeyError, TypeError, ValueError, AttributeError)
_VERDICTS = frozenset(v.value for v in Verdict)


@dataclass(frozen=True, slots=True)
class ReviewDigest:
    """What the counts of `claimdesk stats` and the agreement need of one report's records."""

    report_id: str
    marks: int  # every mark ever made, replaced and cleared ones too
    corrections: int
    marks_by_reviewer: dict[str, int]
    triage: str | None  # the last triage decision, None when never triaged
    current: dict[tuple[int, str], str]  # (claim number, reviewer) -> verdict of the last mark, cleared left out
    # (reviewer, claim key) -> seconds under the cursor, summed over the marks that record it
    timed: dict[tuple[str, str], float] = field(default_factory=dict)


def digest(
    path: Path, report_id: str, tables: dict[str, list[dict[str, Any]]], keys: tuple[str, ...]
) -> ReviewDigest:
    """One report's digest from its raw documents (``tables``: its records in the review file ``path``)."""
    marks = tables.get("marks", ())
    by_reviewer: dict[str, int] = {}
    positions: dict[str, list[int]] = {}
    for number, key in enumerate(keys, 1):
        positions.setdefault(key, []).append(number)
    latest: dict[tuple[int, str], dict[str, Any]] = {}  # the last mark made per claim and reviewer
    seconds: list[tuple[tuple[int, str], str, str, float]] = []
    try:
        for doc in marks:
            if doc.get("seconds") is not None:
                spent = _stored_seconds(doc["seconds"])
                if spent is not None:
                    seconds.append((doc_order(doc), str(doc["reviewer"]), str(doc["claim_key"]), spent))
            reviewer = str(doc["reviewer"])
            by_reviewer[reviewer] = by_reviewer.get(reviewer, 0) + 1
            verdict = doc["verdict"]
            if verdict not in _VERDICTS:
                raise ValueError(f"{verdict!r} is not a verdict")
            numbers = positions.get(str(doc["claim_key"]))
            if not numbers:
                continue  # the claim is gone from the current version; the mark is kept
            slot = (doc["claim"] if doc["claim"] in numbers else numbers[0], reviewer)
            held = latest.get(slot)
            # Orders are compared only where a claim and reviewer has two marks (a few):
            # the same result as walking every mark in order, without sorting them all.
            if held is None or doc_order(doc) > doc_order(held):
                latest[slot] = doc
        current = {slot: str(doc["verdict"]) for slot, doc in latest.items()}
        triage = tables.get("triage", ())
        last = max(triage, key=lambda d: (str(d["at"]), str(d["id"])), default=None)
        decision = None if last is None else str(last["decision"])
    except _INCOMPLETE as exc:
        raise corrupt(path, f"a review record is incomplete ({exc!r:.120})") from exc
    cleared = Verdict.CLEARED.value
    timed: dict[tuple[str, str], float] = {}
    for _, reviewer, key, spent in sorted(seconds):  # in the order made, as pace.pace_of sums them
        timed[(reviewer, key)] = timed.get((reviewer, key), 0.0) + spent
    return ReviewDigest(
        report_id, len(marks), len(tables.get("corrections", ())), by_reviewer, decision,
        {k: v for k, v in current.items() if v != cleared}, timed,
    )
