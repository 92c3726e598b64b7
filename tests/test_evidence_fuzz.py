"""Untrusted input never crashes extraction or evidence: whatever the bytes, a text or a one-line reason."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import jsonschema

from claimdesk.evidence import SourceIndex
from claimdesk.model import Claim, ReferenceKind
from claimdesk.sources import Depth, SourceDoc
from claimdesk.sources.extract import ExtractError, bytes_text, html_text
from conftest import load_schema
from evidence_helpers import make_pdf

SCHEMA = load_schema("evidence")

PDF = make_pdf(["Tern-7B achieves 61.3% pass@1.\nModel Base Hard\nTern-7B 61.3 38.2", "Page two 12.5."])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=3000), st.sampled_from(["application/pdf", "text/html", "text/plain", "", "image/png"]))
def test_any_bytes_give_text_or_a_one_line_reason(data, content_type):
    try:
        out = bytes_text(data, content_type=content_type)
    except ExtractError as exc:
        assert "\n" not in str(exc)
    else:
        assert isinstance(out.text, str)


@settings(max_examples=40, deadline=None)
@given(st.integers(min_value=0, max_value=len(PDF) - 1), st.binary(min_size=1, max_size=64))
def test_a_damaged_pdf_gives_text_or_a_one_line_reason(at, junk):
    damaged = PDF[:at] + junk + PDF[at + len(junk) :]
    try:
        bytes_text(damaged, content_type="application/pdf")
    except ExtractError as exc:
        assert "\n" not in str(exc)


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=400))
def test_any_html_gives_text_or_a_reason(markup):
    try:
        html_text(markup)
    except ExtractError:
        pass


SOURCE = SourceDoc(ReferenceKind.URL, "x", "t",
                   "Tern-7B achieves 61.3% pass@1 on base problems.\n\nModel Base Hard\nTern-7B 61.3 38.2\n",
                   Depth.FULL_TEXT, "test")
INDEX = SourceIndex([(1, SOURCE)])


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200))
def test_any_claim_gets_a_suggestion_with_passages_in_the_text(text):
    item = INDEX.claim_evidence(Claim(1, text, True, 0.5), all_held=True)
    assert len(item.passages) <= 5
    jsonschema.validate({"report": "r", "sources": [], "claims": [item.to_dict()]}, SCHEMA)
    for hit in item.passages:
        assert 0 <= hit.start <= hit.end <= len(SOURCE.text)
