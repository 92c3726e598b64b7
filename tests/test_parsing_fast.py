"""The parser's short cuts give what the plain reading gives.

The line scan passes most lines over on a few character tests, table blocks
seen before are answered from memory, and claims and reports are built
through their slots: each is checked here against the plain way.
"""

from __future__ import annotations

import dataclasses
import pickle
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimdesk.model import Claim, Layout, Report, ReportStats
from claimdesk.parsing import parse_text
from claimdesk.parsing import blocks
from claimdesk.parsing.blocks import WEB_BLOCKS, split_blocks
from claimdesk.parsing.build import builder, new_claim, new_report
from claimdesk.parsing.fields import iso_date

# --- the line scan without short cuts: every line through every rule, in order


def _plain_opening(lines: list[str]) -> list[tuple[int, str | None, bool]]:
    opened: list[tuple[int, str | None, bool]] = []
    current: str | None | bool = False
    for number, line in enumerate(lines):
        bare = line.lstrip(" \t")
        if not bare or bare[0] == "|":
            continue
        match = blocks._KNOWN_HEADING.fullmatch(line)
        if match:
            current = blocks._canonical(match)
            opened.append((number, current, False))
            continue
        if re.match(r"abstract:", bare, re.IGNORECASE) and bare[8:9] == ":":
            if current != "abstract":
                current = "abstract"
                opened.append((number, current, True))
            continue
        if current is False:
            continue
        if (number == 0 or (number >= 2 and not lines[number - 1])) and blocks._UNKNOWN_NUMBERED.fullmatch(line):
            current = None
            opened.append((number, None, False))
            continue
        if current is not None and current not in WEB_BLOCKS:
            continue
        if number + 1 < len(lines) and lines[number + 1].lstrip(" \t")[:1] == "|" and blocks._ABOVE_TABLE.fullmatch(line):
            current = None
            opened.append((number, None, False))
    return opened


LINES = st.lists(
    st.sampled_from(
        ["", " ", "\t", "Abstract", "ABSTRACT:", "  Abstract  ", "Abstract: we read 3 papers.", "abstract:x",
         "3 Results", "3. Results:", "## Methods", "# 2 Methodology", "Extracted Claims", "claims", "5 Extracted Claims",
         "References", "Bibliography:", "Quality Tier", "quality tier ", "Truth-Engine Gate Verdict", "Provenance",
         "Correction Record", "Research Question", "Verification Level", "Quality Dimensions", "Limitations",
         "6 Discussion", "7.1 Related Work", "Notes", "A short line", "Some text.", "Text ending in s",
         "| Tier | Watchlist |", "  | Status | CURRENT |", "|---|---|", "٣ Results", "ſummary", "Kelvin", "abſtract",
         "a claim\t✓\t0.5", "12 papers retrieved.", "Summary of it all", "Results!", "Introduction", "methods\t"]
    ),
    max_size=30,
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(LINES)
def test_the_line_scan_opens_the_blocks_a_plain_reading_opens(lines):
    assert blocks._opening(lines) == _plain_opening(lines)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(LINES)
def test_blocks_keep_the_first_of_each_name_and_warn_of_the_rest(lines):
    text = "\n".join(lines)
    lines = text.split("\n")
    doc = split_blocks(text)
    opened = _plain_opening(lines)
    firsts: dict[str, tuple[int, bool]] = {}
    for position, (number, name, inline) in enumerate(opened):
        if name is not None and name not in firsts:
            end = opened[position + 1][0] if position + 1 < len(opened) else len(lines)
            firsts[name] = (number, inline)
            block = doc.first(name)
            assert block is not None
            assert block.lines == lines[number if inline else number + 1 : end]
    assert [block.name for block in doc.blocks] == list(firsts)
    assert doc.preamble == (lines[: opened[0][0]] if opened else lines)
    assert any("unknown" in w for w in doc.warnings) == any(name is None for _, name, _ in opened)


# --- table blocks answered from memory

WEB = """Routing Study
Abstract
Abstract: We read 12 papers; 6 claims were extracted and 4 were independently verified. Score 7.5/10.
Quality Tier
| Tier | Watchlist | |
| Colour | Blue |
Correction Record
| Status | CURRENT |
| Correction count | none |
"""


def test_a_table_block_read_again_gives_the_same_answer_and_warnings():
    first = parse_text(WEB, "a.txt")
    again = parse_text(WEB, "b.txt")
    assert first.quality_tier == again.quality_tier and first.quality_tier.tier.value == "WATCHLIST"
    assert first.correction_record == again.correction_record and first.correction_record.count == 0
    expected = [
        "ignored unknown row(s) in 'Quality Tier': colour",
        "correction record has no readable correction count; 0 is assumed",
    ]
    assert [w for w in first.warnings if w in expected] == expected
    assert first.warnings == again.warnings


def test_a_table_block_under_another_heading_warns_with_that_heading():
    first = parse_text(WEB, "a.txt")
    other = parse_text(WEB.replace("Quality Tier", "quality tier:"), "b.txt")
    assert "ignored unknown row(s) in 'quality tier:': colour" in other.warnings
    assert first.quality_tier == other.quality_tier


def test_a_large_table_block_is_read_but_not_kept():
    rows = "".join(f"| Row {n} | {n} |\n" for n in range(200))
    report = parse_text(WEB.replace("| Colour | Blue |\n", rows), "big.txt")
    assert any(w.startswith("ignored unknown row(s) in 'Quality Tier': row_0, row_1") for w in report.warnings)


# --- reports and claims built through their slots


def test_built_claims_and_reports_are_the_ones_the_constructors_give():
    claim = new_claim(1, "Text", True, 0.5)
    assert claim == Claim(1, "Text", True, 0.5) and hash(claim) == hash(Claim(1, "Text", True, 0.5))
    assert repr(claim) == repr(Claim(1, "Text", True, 0.5))
    assert pickle.loads(pickle.dumps(claim)) == claim
    with pytest.raises(dataclasses.FrozenInstanceError):
        claim.text = "changed"  # type: ignore[misc]
    values = dict(id="r", layout=Layout.WEB, title="T", stats=ReportStats(1, 2, 3, 4.0), claims=(claim,))
    full = Report(**values)  # type: ignore[arg-type]
    assert new_report(*(getattr(full, f.name) for f in dataclasses.fields(Report))) == full


def test_a_builder_takes_every_field():
    with pytest.raises(TypeError):
        new_claim(1, "Text", True)  # type: ignore[call-arg]

    class Plain:
        pass

    with pytest.raises(TypeError):
        builder(Plain)


def test_printed_dates_read_the_same_from_memory():
    for _ in range(2):
        assert iso_date("May 30, 2026") == "2026-05-30"
        assert iso_date(" 2026-02-30 ") is None
        assert iso_date("Routing study 2026") is None
    assert iso_date("May" + " " * 80 + "30, 2026") == "2026-05-30"


# --- counts searched for from where they can start


def _plain_counts(text: str) -> dict[str, float]:
    from claimdesk.parsing import layouts

    text = text[: layouts._SEARCH_LIMIT]
    found: dict[str, float] = {}
    for key, pattern in (("papers", layouts._PAPERS), ("claims_extracted", layouts._EXTRACTED), ("claims_verified", layouts._VERIFIED)):
        match = pattern.search(text)
        if match:
            found[key] = int(match.group(1).replace(",", ""))
    match = layouts._SCORE.search(text)
    if match:
        found["review_score"] = float(match.group(1))
    return found


COUNT_TEXT = st.lists(
    st.sampled_from(
        ["12", "1,204", "3.", " ", "\n", ".", ";", ",", ":", " papers", " Papers", " sources", " documents",
         " peer-reviewed", " new", " claims", " claim", " were", " was", " are", " extracted", " Extracted",
         " verified", " independently", " VERIFIED", "7.5/10", " / 10", "/", "10", "x", "ſ", " retrieved"]
    ),
    max_size=40,
).map("".join)


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(COUNT_TEXT)
def test_counts_are_the_first_each_pattern_finds_in_the_whole_text(text):
    from claimdesk.parsing import layouts

    assert layouts._counts(text) == _plain_counts(text)


def _plain_paragraphs(lines: list[str]) -> list[str]:
    result: list[str] = []
    current: list[str] = []
    for line in lines:
        stripped = line.strip()
        if stripped:
            current.append(stripped)
        elif current:
            result.append(" ".join(current))
            current = []
    if current:
        result.append(" ".join(current))
    return result


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["", " ", "\t", "a", " b ", "c d", "\u3000", "e\u2003", "\x1c", "f\tg", "  h"]), max_size=12))
def test_paragraphs_are_the_runs_of_lines_between_blank_lines(lines):
    assert blocks.paragraphs(lines) == _plain_paragraphs(lines)
    assert blocks.free_text(lines) == ("\n\n".join(_plain_paragraphs(lines)) or None)
