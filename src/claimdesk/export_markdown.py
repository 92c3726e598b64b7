"""The Markdown export: a per-report review summary a person can paste into a ticket.

Every value from a report or a reviewer is one line of inert Markdown (``md``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from claimdesk.export import current_for, generated_at
from claimdesk.export_stream import in_order
from claimdesk.model import Mark
from claimdesk.sanitize import clean

if TYPE_CHECKING:
    from claimdesk.store import ReviewStore


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


def md(text: object) -> str:
    """One line of inert Markdown: no control characters, no markup, no table breaks."""
    flat = re.sub(r"\s+", " ", clean(str(text))).strip()
    return _MD_SPECIAL.sub(r"\\\1", flat)


def export_markdown(store: "ReviewStore", report_ids: Sequence[str] | None = None, *, viewer: str | None = None) -> str:
    """A per-report review summary a person can paste into a ticket."""
    return "".join(markdown_chunks(store, report_ids, viewer=viewer))


def markdown_chunks(
    store: "ReviewStore", report_ids: Sequence[str] | None = None, *, viewer: str | None = None
) -> Iterator[str]:
    """The Markdown export a report at a time."""
    ids = report_ids if report_ids is not None else store.reviewed_ids()
    yield f"# Review summary\n\n_Generated {generated_at()} by claimdesk._\n"
    if not ids:
        yield "\n\nNo reviews yet.\n"
    yield from in_order(ids, store.in_review_file_order(ids), lambda rid: "\n" + _report_markdown(store, rid, viewer))


def _report_markdown(store: "ReviewStore", rid: str, viewer: str | None = None) -> str:
    report = store.report(rid)
    lines = [f"## {md(report.title)}", ""]
    facts = [f"id {md(rid)}"]
    if report.published:
        facts.append(f"published {md(report.published)}")
    if report.stats.review_score is not None:
        facts.append(f"review score {report.stats.review_score:g}/10")
    if report.quality_tier is not None:
        facts.append(f"tier {report.quality_tier.tier.value}")
    if report.gate is not None:
        facts.append(f"gate {report.gate.status.value}")
    lines += [" · ".join(facts), ""]
    triage = store.triage(rid)
    if triage:
        t = triage[-1]
        note = f" — {md(t.note)}" if t.note else ""
        lines += [f"**Triage:** {t.decision.value} by {md(t.reviewer)} ({md(t.at[:10])}){note}", ""]
    current = current_for(store, rid, viewer) if report.claims else {}
    by_claim: dict[int, list[Mark]] = {}
    for (number, _), mark in sorted(current.items()):
        by_claim.setdefault(number, []).append(mark)
    counts: dict[str, int] = {}
    for mark in current.values():
        counts[mark.verdict.value] = counts.get(mark.verdict.value, 0) + 1
    summary = ", ".join(f"{n} {v}" for v, n in sorted(counts.items())) or "none yet"
    lines += [f"**Claims:** {len(by_claim)} of {len(report.claims)} marked ({summary}).", ""]
    if by_claim:
        lines += ["| # | Claim | Table says | Verdicts |", "|---|---|---|---|"]
        for number, marks in sorted(by_claim.items()):
            claim = report.claims[number - 1]
            said = {True: "✓", False: "×", None: "?"}[claim.verified]
            if claim.confidence is not None:
                said += f" {claim.confidence:g}"
            verdicts = "; ".join(
                f"**{m.verdict.value}** ({md(m.reviewer)})" + (f": {md(m.note)}" if m.note else "") for m in marks
            )
            lines.append(f"| {number} | {md(claim.text)} | {said} | {verdicts} |")
        lines.append("")
    events = store.corrections(rid)
    if events:
        lines += ["**Corrections filed:**", ""]
        for e in events:
            where = []
            if e.claim is not None:
                where.append(f"claim {e.claim}")
            if e.affected_fields:
                where.append("fields " + ", ".join(md(f) for f in e.affected_fields))
            extra = f" ({'; '.join(where)})" if where else ""
            answer = f" — supersedes {md(e.supersedes)}" if e.supersedes else ""
            lines.append(
                f"- {md(e.corrected_at[:10])} {e.correction_type.value} {md(e.event_id)}{extra}: "
                f"{md(e.public_note)} — {md(e.reviewer)}{answer}"
            )
        lines.append("")
    return "\n".join(lines)
