"""Exports of the review database: json, csv, markdown, claimreview, correction-record.

Core code (no Textual). Every exporter takes a ReviewStore and optional
report ids, and returns plain data or text; the command line only prints it.
Report text is hostile: terminal control characters are removed everywhere,
and Markdown/CSV cells are escaped so a title cannot break the table or
become a spreadsheet formula.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from claimdesk.blind import visible_current, visible_marks
from claimdesk.export_stream import in_order
from claimdesk.model import CorrectionEvent, CorrectionState, Mark, Report, Verdict
from claimdesk.sanitize import clean, inert_json
from claimdesk.store.records import correction_to_doc

if TYPE_CHECKING:
    from claimdesk.store import ReviewStore

FORMATS = ("json", "csv", "markdown", "claimreview", "correction-record")
EXPORT_SCHEMA = "claimdesk/export-v1"
CORRECTION_SCHEMA = "https://assignee.net/schemas/correction-record-v1"

# ClaimReview ratings: 1 (worst) .. 5 (best).
_RATING = {
    Verdict.CONFIRMED: (5, "Confirmed"),
    Verdict.NEEDS_CHECK: (3, "Needs check"),
    Verdict.UNSUPPORTED: (2, "Unsupported"),
    Verdict.DISPUTED: (1, "Disputed"),
}
CSV_COLUMNS = ("report_id", "report_title", "claim", "claim_text", "verdict", "reviewer", "at", "note", "mark_id")


def generated_at() -> str:
    from claimdesk.store.records import utc_now

    return utc_now()


def _ids(store: "ReviewStore", report_ids: Sequence[str] | None) -> list[str]:
    if report_ids is not None:
        return list(report_ids)
    return sorted(set(store.report_ids()) | {s.id for s in store.summaries()})


def current_claim(mark: Mark, positions: dict[str, list[int]]) -> int | None:
    """The claim number the mark's claim has in the current version (None: it is gone)."""
    numbers = positions.get(mark.claim_key)
    if not numbers:
        return None
    return mark.claim if mark.claim in numbers else numbers[0]


def _event(event: CorrectionEvent) -> dict[str, Any]:
    """The stored shape of an event, less report_id (the export nests it under its report)."""
    doc = correction_to_doc(event)
    del doc["report_id"]
    return doc


# --- json


def _marks(store: "ReviewStore", rid: str, viewer: str | None) -> list[Mark]:
    """Every mark on the report, oldest first; for a blind ``viewer``, only those they may see."""
    marks = store.marks(rid)
    return marks if viewer is None else visible_marks(marks, viewer, blind=True)


def current_for(store: "ReviewStore", rid: str, viewer: str | None) -> dict[tuple[int, str], Mark]:
    current = store.current_marks(rid)
    if viewer is None:
        return current
    return visible_current(current, store.marks(rid), viewer, blind=True)


def hidden_marks(store: "ReviewStore", viewer: str, report_ids: Sequence[str] | None = None) -> int:
    """How many marks blind review keeps from ``viewer`` (for a note beside an export)."""
    ids = report_ids if report_ids is not None else store.reviewed_ids()
    groups = store.in_review_file_order(ids)  # one review file held at a time
    return sum(len(store.marks(rid)) - len(_marks(store, rid, viewer)) for group in groups for rid in group)


def export_json(
    store: "ReviewStore", report_ids: Sequence[str] | None = None, *, viewer: str | None = None
) -> dict[str, Any]:
    """Everything: per report the newest triage, every mark, every correction (export-v1).

    ``viewer``: blind review is on for this reviewer (claimdesk.blind hides others' marks).
    """
    return {**json_head(), "reports": list(json_reports(store, report_ids, viewer=viewer))}


def json_head() -> dict[str, Any]:
    """The export-v1 document's fields before its reports."""
    return {"schema": EXPORT_SCHEMA, "generated_at": generated_at()}


def json_reports(
    store: "ReviewStore", report_ids: Sequence[str] | None = None, *, viewer: str | None = None
) -> Iterator[dict[str, Any]]:
    """The export-v1 document's reports, one at a time."""
    for rid in _ids(store, report_ids):
        yield json_report(store, rid, viewer)


def json_report(store: "ReviewStore", rid: str, viewer: str | None = None) -> dict[str, Any]:
    """One report of the export-v1 document."""
    summary = store.summary(rid)
    reviews = store.reviews(rid)
    # The library row has the title; marks are placed by claim keys alone.
    report = store.report(rid) if summary is None else None
    positions: dict[str, list[int]] = {}
    if reviews.marks:
        for number, key in enumerate(store.claim_keys(rid), 1):
            positions.setdefault(key, []).append(number)
    triage = store.triage(rid)
    newest = triage[-1] if triage else None
    return {
        "id": clean(rid),
        "title": summary.title if summary is not None else report.title,  # type: ignore[union-attr]
        "version": summary.version if summary is not None else 1,
        "triage": None
        if newest is None
        else {"decision": newest.decision.value, "reviewer": newest.reviewer, "at": newest.at, "note": newest.note},
        "marks": [
            {
                "id": m.id,
                "claim": m.claim,
                "current_claim": current_claim(m, positions),
                "claim_key": m.claim_key,
                "verdict": m.verdict.value,
                "note": m.note,
                "reviewer": m.reviewer,
                "at": m.at,
                "seconds": m.seconds,
            }
            for m in _marks(store, rid, viewer)
        ],
        "corrections": [_event(e) for e in store.corrections(rid)],
    }


# --- current marks, flat (csv, claimreview)


def _current_rows_of(store: "ReviewStore", rid: str, viewer: str | None) -> Iterator[tuple[Report, int, Mark]]:
    if not store.reviews(rid).marks:
        return
    report = store.report(rid)
    current = current_for(store, rid, viewer)
    for number, reviewer in sorted(current):
        yield report, number, current[(number, reviewer)]


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(text: str) -> str:
    """Plain text for a spreadsheet: no control characters, never a formula."""
    text = clean(text)
    return "'" + text if text.startswith(_FORMULA_START) else text


def export_csv(store: "ReviewStore", report_ids: Sequence[str] | None = None, *, viewer: str | None = None) -> str:
    """One row per current mark."""
    return "".join(csv_chunks(store, report_ids, viewer=viewer))


def csv_chunks(
    store: "ReviewStore", report_ids: Sequence[str] | None = None, *, viewer: str | None = None
) -> Iterator[str]:
    """The CSV export a report at a time."""
    ids = report_ids if report_ids is not None else store.reviewed_ids()
    yield ",".join(CSV_COLUMNS) + "\n"
    yield from in_order(ids, store.in_review_file_order(ids), lambda rid: _csv_rows(store, rid, viewer))


def _csv_rows(store: "ReviewStore", rid: str, viewer: str | None) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for report, number, mark in _current_rows_of(store, rid, viewer):
        writer.writerow(
            [
                _cell(report.id),
                _cell(report.title),
                number,
                _cell(report.claims[number - 1].text),
                mark.verdict.value,
                _cell(mark.reviewer),
                _cell(mark.at),  # merged from another database: as untrusted as a note
                _cell(mark.note),
                _cell(mark.id),
            ]
        )
    return out.getvalue()


def export_claimreview(
    store: "ReviewStore", report_ids: Sequence[str] | None = None, *, viewer: str | None = None
) -> list[dict[str, Any]]:
    """schema.org ClaimReview JSON-LD, one per current mark."""
    return list(claimreviews(store, report_ids, viewer=viewer))


def claimreviews(
    store: "ReviewStore", report_ids: Sequence[str] | None = None, *, viewer: str | None = None
) -> Iterator[dict[str, Any]]:
    """The ClaimReview export's items, one at a time."""
    for rid in report_ids if report_ids is not None else store.reviewed_ids():
        yield from claimreviews_of(store, rid, viewer)


def claimreviews_of(store: "ReviewStore", rid: str, viewer: str | None) -> Iterator[dict[str, Any]]:
    """The ClaimReview items of one report's current marks."""
    for report, number, mark in _current_rows_of(store, rid, viewer):
        value, name = _RATING[mark.verdict]
        appearance: dict[str, Any] = {"@type": "Report", "name": clean(report.title), "identifier": clean(report.id)}
        if report.published:
            appearance["datePublished"] = report.published
        item: dict[str, Any] = {"@type": "Claim", "appearance": appearance, "position": number}
        if report.publisher:
            publisher = {"@type": "Organization", "name": clean(report.publisher)}
            item["author"] = publisher
            appearance["publisher"] = publisher
        review: dict[str, Any] = {
            "@context": "https://schema.org",
            "@type": "ClaimReview",
            "identifier": mark.id,
            "claimReviewed": clean(report.claims[number - 1].text),
            "reviewRating": {
                "@type": "Rating",
                "ratingValue": value,
                "bestRating": 5,
                "worstRating": 1,
                "alternateName": name,
            },
            "author": {"@type": "Person", "name": clean(mark.reviewer)},
            "datePublished": mark.at,
            "itemReviewed": item,
        }
        if mark.note:
            review["reviewBody"] = clean(mark.note)
        yield review


# --- correction record


def correction_record(store: "ReviewStore", report_id: str) -> dict[str, Any]:
    """correction-record-v1 for one report: the published record plus the events filed here."""
    report = store.report(report_id)
    events = store.corrections(report_id)
    published = report.correction_record
    count = (published.count if published else 0) + len(events)
    if published is not None and published.state is CorrectionState.SUPERSEDED:
        state = CorrectionState.SUPERSEDED
    elif count > 0:
        state = CorrectionState.CORRECTED
    else:
        state = CorrectionState.CURRENT
    publisher = report.publisher or report.provenance_rows.get("Publisher")
    work: dict[str, Any] = {"id": clean(report.id), "title": clean(report.title)}
    if report.published:
        work["published"] = report.published
    return {
        "schema": CORRECTION_SCHEMA,
        "schema_version": "1.0",
        "contract_version": "correction-record-v1",
        "generated_from": "claimdesk review database",
        "generated_at": generated_at(),
        "publisher": {"name": clean(publisher)} if publisher else {},
        "work": work,
        "correction_state": state.value,
        "correction_count": count,
        "last_corrected_at": max((e.corrected_at for e in events), default=None),
        "correction_events": [_event(e) for e in events],
        "known_superseded_manifest_urls": [],
        "policy": {"corrections_are_additive": True, "no_silent_public_rewrites": True},
        "published_record": None
        if published is None
        else {
            "correction_state": published.state.value,
            "correction_count": published.count,
            "manifest_contract": published.manifest_contract,
            "correction_contract": published.correction_contract,
        },
        "interpretation": (
            "correction_count is the count the report publishes plus the events filed by reviewers in "
            "this database. Events are additive: none is edited or removed, and a mistaken event is "
            "answered by a later one that names it in 'supersedes'."
        ),
        "limitations": [
            "Events filed here are reviewers' records; the publisher has not necessarily acted on them.",
            "The published record gives only a state and a count; its own events are not listed.",
            "last_corrected_at is the newest event filed here (the published record carries no date).",
        ],
    }


# --- the command line's single entry


def render(store: "ReviewStore", fmt: str, report_ids: Sequence[str] | None = None, *, viewer: str | None = None) -> str:
    """The export as text, ready to print or write to a file (``viewer``: blind review for them)."""
    return "".join(render_chunks(store, fmt, report_ids, viewer=viewer))


def render_chunks(
    store: "ReviewStore", fmt: str, report_ids: Sequence[str] | None = None, *, viewer: str | None = None
) -> Iterator[str]:
    """The export as text, a report or a few hundred rows at a time: what ``render`` joins.

    JSON goes through ``inert_json``: the same data, but nothing in it can
    steer a terminal, and ``</`` cannot end the <script> a page embeds
    ClaimReview JSON-LD in. It is written as orjson indents the whole
    document, an item at a time (export_stream.py). Reports are worked out
    one review file at a time and written out in the order asked for
    (``in_order``), so a large export holds one review file, not all of them.
    """
    from claimdesk.export_markdown import markdown_chunks
    from claimdesk.export_stream import item_text, json_document, json_list

    if fmt == "json":
        ids = _ids(store, report_ids)
        texts = in_order(ids, store.in_review_file_order(ids), lambda rid: item_text(json_report(store, rid, viewer), 2))
        yield from json_document(json_head(), "reports", texts)
    elif fmt == "csv":
        yield from csv_chunks(store, report_ids, viewer=viewer)
    elif fmt == "markdown":
        yield from markdown_chunks(store, report_ids, viewer=viewer)
    elif fmt == "claimreview":
        ids = report_ids if report_ids is not None else store.reviewed_ids()
        texts = in_order(
            ids, store.in_review_file_order(ids),
            lambda rid: ",\n".join(item_text(item, 1) for item in claimreviews_of(store, rid, viewer)),
        )
        yield from json_list(texts, depth=0)
        yield "\n"
    elif fmt == "correction-record":
        if not report_ids or len(report_ids) != 1:
            from claimdesk.errors import ClaimdeskError

            raise ClaimdeskError("correction-record is per report: add --report ID")
        import orjson

        yield inert_json(orjson.dumps(correction_record(store, report_ids[0]), option=orjson.OPT_INDENT_2).decode())
        yield "\n"
    else:
        raise ValueError(f"unknown export format {fmt!r}")
