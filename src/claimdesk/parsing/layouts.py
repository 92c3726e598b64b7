"""Turn the blocks of a text report (web or paper layout) into a ``Report``."""

from __future__ import annotations

import re
from functools import lru_cache

from claimdesk.model import Layout, Level, Reference, Report, ReportStats
from claimdesk.parsing.build import new_report, new_stats
from claimdesk.parsing import tables
from claimdesk.parsing.blocks import PAPER_BLOCKS, WEB_BLOCKS, Block, Document, free_text, paragraphs, split_blocks
from claimdesk.parsing.claim_table import claims
from claimdesk.parsing.fields import classify_reference, iso_date

# Blocks that prove a file is a report when they hold something.
_SUBSTANTIVE = WEB_BLOCKS | {"abstract", "results", "claims", "references", "methodology"}

# Bounded repeats and look-arounds keep every pattern linear on hostile input
# (a megabyte of digits must not take quadratic time). Each count pattern
# begins with a bare digit, so the engine skips straight from digit to digit,
# and the "not after a digit, comma or point" test sits behind that first digit.
_NUMBER = r"(\d(?<![\d,.]\d)(?:\d{0,2}(?:,\d{3}){1,3}(?![\d,])|\d{0,8}(?![\d,])))"
_PAPERS = re.compile(_NUMBER + r"\s+(?:[A-Za-z-]+\s+){0,2}?(?:papers?|sources|documents)\b", re.IGNORECASE)
_EXTRACTED = re.compile(_NUMBER + r"\s+claims?\s+(?:were\s+|was\s+)?extracted", re.IGNORECASE)
_VERIFIED = re.compile(_NUMBER + r"\s+(?:(?:were|was|are|is)\s+)?(?:independently\s+)?verified", re.IGNORECASE)
_SCORE = re.compile(r"(\d(?<![\d.]\d)\d{0,2}(?:\.\d{1,6})?)[ \t]{0,3}/[ \t]{0,3}10(?!\d)(?!\.\d)")
_SCORE_REACH = 14  # "100.123456 / " at most: a score starts this close to its "/"
_QUESTION_IN_ABSTRACT = re.compile(r"research question:[ \t]*([^?]{1,2000}?[?.])(?=[ \t\n]+[A-Z0-9]|$)", re.IGNORECASE)
_QUESTION_IN_INTRO = re.compile(r"research question:[ \t]*(.{1,4000})", re.IGNORECASE | re.DOTALL)
_SEARCH_LIMIT = 20_000  # counts and the question sit near the start of their block
_URL = re.compile(r"https?://[^\s<>\"'`]+", re.IGNORECASE)
_STAT_LABELS = {
    "papers": "papers",
    "claims_extracted": "claims extracted",
    "claims_verified": "claims verified",
    "review_score": "review score",
}


class NotAReport(Exception):
    """The text holds none of the blocks a report has."""


def parse_document(text: str, report_id: str, warnings: list[str]) -> Report:
    """Build a Report from normalised text (LF line ends, no control sequences)."""
    doc = split_blocks(text)
    for name, block in doc.by_name.items():
        if name in _SUBSTANTIVE and _has_content(block):
            break
    else:
        raise NotAReport
    warnings.extend(doc.warnings)

    preamble = [stripped for line in doc.preamble if (stripped := line.strip())]
    published = None
    date_at = None
    for position, line in enumerate(preamble):
        published = iso_date(line)
        if published:
            date_at = position
            break
    names = doc.names()
    web_votes = len(names & WEB_BLOCKS)
    paper_votes = len(names & PAPER_BLOCKS) + (1 if published else 0)
    if web_votes == paper_votes:
        layout = Layout.PAPER if len(preamble) > 1 else Layout.WEB
    else:
        layout = Layout.WEB if web_votes > paper_votes else Layout.PAPER

    title = preamble[0] if preamble and date_at != 0 else None
    publisher = None
    if date_at is not None and date_at >= 2:
        publisher = preamble[date_at - 1]
    elif date_at is None and len(preamble) >= 2 and len(preamble[1]) <= 120:
        publisher = preamble[1]
    if title is None:
        title = report_id or "untitled report"
        warnings.append("no title line; the file name is used")

    block = doc.first
    abstract = _abstract(block("abstract"))
    question = _research_question(doc, abstract)
    # The table blocks are web-layout blocks: without any, each reader would answer "absent".
    provenance = tables.provenance(block("provenance"), warnings) if web_votes else None
    if publisher is None and provenance:
        publisher = dict(provenance).get("publisher") or None
    stats = _stats(doc, abstract, warnings)
    read_claims = claims(block("claims"), warnings)
    gate = level = tier = record = None
    dimensions: tuple[tuple[str, Level], ...] = ()
    if web_votes:
        gate = tables.gate(block("gate"), warnings)
        level = tables.verification_level(block("verification_level"), warnings)
        tier = tables.quality_tier(block("quality_tier"), warnings)
        dimensions = tables.dimensions(block("quality_dimensions"), warnings)
        record = tables.correction_record(block("correction_record"), warnings)
    references = _references(block("references"), warnings)
    return new_report(  # every field, in the model's order
        report_id,
        layout,
        title,
        publisher,
        published,
        abstract,
        question,
        stats,
        read_claims,
        gate,
        level,
        tier,
        dimensions,
        record,
        provenance,
        references,
        tuple(warnings),
    )


def _has_content(block: Block) -> bool:
    return any(map(str.strip, block.lines))


def _text(block: Block | None) -> str | None:
    return None if block is None else free_text(block.lines)


def _abstract(block: Block | None) -> str | None:
    text = _text(block)
    if text and text[:9].casefold() == "abstract:":
        text = text[9:].lstrip() or None
    return text


def _research_question(doc: Document, abstract: str | None) -> str | None:
    """The question block (web), else the Introduction's full question, else the abstract's."""
    stated = _text(doc.first("research_question"))
    if stated:
        return stated
    intro = doc.first("introduction")
    for paragraph in paragraphs(intro.lines) if intro else ():
        match = _after_label(_QUESTION_IN_INTRO, paragraph[:_SEARCH_LIMIT])
        if match:
            question = match.group(1).strip()
            if "?" in question:
                question = question[: question.rindex("?") + 1]
            return question.rstrip(".").strip() or None
    if abstract:
        match = _after_label(_QUESTION_IN_ABSTRACT, abstract[:_SEARCH_LIMIT])
        if match:
            return match.group(1).strip()
    return None


def _after_label(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    """``pattern.search(text)`` for a pattern that begins with "research question:".

    A case-insensitive pattern cannot skip ahead to its first letters as a
    case-sensitive one does; in ASCII text (where only ASCII letters match
    them) the label is found in the lower-cased text first, and no match can
    start before it.
    """
    if text.isascii():
        at = text.lower().find("research question:")
        return None if at < 0 else pattern.search(text, at)
    return pattern.search(text)


def _counts(text: str | None) -> dict[str, int | float | None]:
    """The counts a text states; each pattern runs only where it can match.

    In ASCII text a pattern runs only when its word is there (in any case;
    other text may spell "s" or "i" with a long s or a dotless i, which
    case-insensitive matching accepts), and a count of extracted or verified
    claims, which cannot span a full stop (or a semicolon), is searched for
    from the last one before its word. The score is searched for from just before the first "/".
    """
    if not text:
        return {}
    text = text[:_SEARCH_LIMIT]
    found: dict[str, int | float | None] = {}
    if text.isascii():
        lowered = text.lower()
        papers = _PAPERS.search(text) if ("paper" in lowered or "source" in lowered or "document" in lowered) else None
        at = lowered.find("extracted")
        extracted = _EXTRACTED.search(text, text.rfind(".", 0, at) + 1) if at >= 0 else None
        at = lowered.find("verified")  # the look-behind still sees the text before the start
        # nor a semicolon, which reports print between the two counts
        verified = _VERIFIED.search(text, max(text.rfind(".", 0, at), text.rfind(";", 0, at)) + 1) if at >= 0 else None
    else:
        papers, extracted, verified = _PAPERS.search(text), _EXTRACTED.search(text), _VERIFIED.search(text)
    if papers:
        found["papers"] = int(papers.group(1).replace(",", ""))
    if extracted:
        found["claims_extracted"] = int(extracted.group(1).replace(",", ""))
    if verified:
        found["claims_verified"] = int(verified.group(1).replace(",", ""))
    slash = text.find("/")
    if slash >= 0:
        score = _SCORE.search(text, max(0, slash - _SCORE_REACH))
        if score:
            found["review_score"] = float(score.group(1))
    return found


def _stats(doc: Document, abstract: str | None, warnings: list[str]) -> ReportStats:
    """Counts from ``3 Results``, else the abstract, else Methodology; disagreement is warned."""
    # _counts holds only the counts it found, never None.
    results = _counts(_text(doc.first("results")))
    in_abstract = _counts(abstract)
    chosen = in_abstract | results
    if len(chosen) < len(_STAT_LABELS):  # Methodology is read only when a count is missing
        chosen = _counts(_text(doc.first("methodology"))) | chosen
    if results and in_abstract:
        for key, label in _STAT_LABELS.items():
            if key in results and key in in_abstract and results[key] != in_abstract[key]:
                warnings.append(
                    f"abstract and 3 Results disagree on {label}: {_fmt(in_abstract[key])} vs {_fmt(results[key])}"
                )
    score = chosen.get("review_score")
    if score is not None and not 0 <= score <= 10:
        warnings.append(f"review score {_fmt(score)}/10 is out of range; ignored")
        score = None
    return new_stats(chosen.get("papers"), chosen.get("claims_extracted"), chosen.get("claims_verified"), score)  # type: ignore[arg-type]


def _fmt(value: int | float | None) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


_REMEMBERED_LINES, _LINE_CHARS = 4096, 500  # a longer line is read each time, never kept


def _links(line: str) -> tuple[Reference, ...]:
    """The references a reference line's links give."""
    return tuple(classify_reference(url.rstrip(".,;:)]}>")) for url in _URL.findall(line))


_remembered_links = lru_cache(maxsize=_REMEMBERED_LINES)(_links)  # reports cite the same papers


def _references(block: Block | None, warnings: list[str]) -> tuple[Reference, ...]:
    if block is None:
        return ()
    found: list[Reference] = []
    without_link = 0
    for line in block.lines:
        if "://" in line:
            linked = _remembered_links(line) if len(line) <= _LINE_CHARS else _links(line)
            if linked:
                found.extend(linked)
                continue
        if line.strip():  # a line with text but no link
            without_link += 1
    if without_link:
        warnings.append(f"skipped {without_link} reference line(s) without a link")
    return tuple(found)
