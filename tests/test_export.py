"""Exports: valid against the contracts, one row per current mark, hostile text kept inert."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from pathlib import Path

import jsonschema
import pytest
from conftest import load_schema, seed_folder

from claimdesk.export import correction_record, export_claimreview, export_csv, export_json, render
from claimdesk.export_markdown import export_markdown
from claimdesk.model import Claim, CorrectionRecord, CorrectionState
from claimdesk.store import ReviewStore



PAPER = "001_c07bb58f8e3503ce"
WEB = "000_f713c555584e367b"


@pytest.fixture
def store(db_path: Path, tmp_path: Path) -> ReviewStore:
    s = ReviewStore(db_path)
    s.import_paths([seed_folder(tmp_path)])
    s.add_mark(PAPER, 2, "disputed", "95.1, not 96.2", reviewer="ann")
    s.add_mark(PAPER, 2, "confirmed", reviewer="ann")  # supersedes ann's earlier mark
    s.add_mark(PAPER, 2, "unsupported", reviewer="bob")
    s.add_mark(PAPER, 5, "needs-check", reviewer="bob")
    s.add_mark(PAPER, 7, "disputed", reviewer="bob")
    s.add_mark(PAPER, 7, "cleared", reviewer="bob")  # withdrawn: not current
    s.add_triage(PAPER, "quarantine", "counts disagree", reviewer="ann")
    first = s.add_correction(PAPER, "CLAIM", "claim 2 misquotes its source", claim=2, fields=["claims"], reviewer="ann")
    s.add_correction(PAPER, "METADATA", "wrong type on the first event", supersedes=first.event_id, reviewer="ann")
    return s


def test_json_export_satisfies_the_contract_and_keeps_every_mark(store: ReviewStore) -> None:
    data = export_json(store)
    jsonschema.validate(data, load_schema("export"))
    paper = next(r for r in data["reports"] if r["id"] == PAPER)
    assert len(paper["marks"]) == 6 and paper["triage"]["decision"] == "quarantine"
    assert [c["correction_type"] for c in paper["corrections"]] == ["CLAIM", "METADATA"]
    assert json.loads(render(store, "json")) ["schema"] == "claimdesk/export-v1"
    only = export_json(store, [WEB])
    assert [r["id"] for r in only["reports"]] == [WEB] and only["reports"][0]["marks"] == []


def test_csv_has_one_row_per_current_mark(store: ReviewStore) -> None:
    rows = list(csv.DictReader(io.StringIO(export_csv(store))))
    assert [(r["claim"], r["reviewer"], r["verdict"]) for r in rows] == [
        ("2", "ann", "confirmed"),
        ("2", "bob", "unsupported"),
        ("5", "bob", "needs-check"),
    ]
    assert rows[0]["claim_text"] == store.report(PAPER).claims[1].text


def test_claimreview_is_one_jsonld_review_per_current_mark(store: ReviewStore) -> None:
    reviews = export_claimreview(store)
    assert len(reviews) == 3
    for review in reviews:
        assert review["@context"] == "https://schema.org" and review["@type"] == "ClaimReview"
        assert review["claimReviewed"] and review["author"]["name"] in {"ann", "bob"}
        assert review["reviewRating"]["alternateName"] in {"Confirmed", "Unsupported", "Needs check"}
        assert 1 <= review["reviewRating"]["ratingValue"] <= 5
        assert review["datePublished"].endswith("+00:00")
        assert review["itemReviewed"]["appearance"]["identifier"] == PAPER


def test_correction_record_counts_published_and_filed_events(store: ReviewStore) -> None:
    schema = load_schema("correction-record-v1")
    record = correction_record(store, PAPER)
    jsonschema.validate(record, schema)
    published = store.report(PAPER).correction_record
    assert record["correction_count"] == (published.count if published else 0) + 2
    assert record["correction_state"] == "CORRECTED"
    assert record["last_corrected_at"] == store.corrections(PAPER)[-1].corrected_at
    web = correction_record(store, WEB)
    jsonschema.validate(web, schema)
    assert (web["correction_state"], web["correction_count"], web["last_corrected_at"]) == ("CURRENT", 0, None)
    assert web["published_record"]["correction_state"] == "CURRENT"


def test_a_superseded_report_stays_superseded(db_path: Path, store: ReviewStore) -> None:
    superseded = dataclasses.replace(
        store.report(WEB), id="old-report", correction_record=CorrectionRecord(CorrectionState.SUPERSEDED, 3)
    )
    fresh = ReviewStore(db_path.parent / "other")
    fresh.add_reports([superseded])
    fresh.add_correction("old-report", "PROVENANCE", "the publisher moved it", reviewer="ann")
    record = correction_record(fresh, "old-report")
    jsonschema.validate(record, load_schema("correction-record-v1"))
    assert record["correction_state"] == "SUPERSEDED" and record["correction_count"] == 4


def test_hostile_text_stays_inert_in_markdown_and_csv(db_path: Path, store: ReviewStore) -> None:
    nasty = "| =HYPERLINK(\"http://x\") \x1b]52;c;cGF5bG9hZA==\x07 <script>alert(1)</script> **bold**"
    report = dataclasses.replace(
        store.report(PAPER), id="nasty", title=nasty, claims=(Claim(1, "=1+1 " + nasty, True, 0.2),)
    )
    fresh = ReviewStore(db_path.parent / "nasty")
    fresh.add_reports([report], run_checks=False)
    fresh.add_mark("nasty", 1, "disputed", "-2+3 " + nasty, reviewer="ann")
    text = export_markdown(fresh)
    assert "\x1b" not in text and "\x07" not in text
    assert "<script>" not in text and "\\<script\\>" in text
    table_row = next(line for line in text.splitlines() if line.startswith("| 1 |"))
    assert table_row.count(" | ") == 3  # the title's pipe cannot add a column
    rows = list(csv.reader(io.StringIO(export_csv(fresh))))
    cells = [cell for row in rows[1:] for cell in row]
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)
    assert not any("\x1b" in cell for cell in cells)


def test_markdown_summarises_a_report_for_a_ticket(store: ReviewStore) -> None:
    text = export_markdown(store, [PAPER])
    assert "**Triage:** quarantine by ann" in text
    assert "**Claims:** 2 of 15 marked" in text
    assert "**disputed**" not in text  # ann's disputed mark was superseded by her confirmed one
    assert "claim 2 misquotes its source" in text
