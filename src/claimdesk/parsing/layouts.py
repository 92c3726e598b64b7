"""Turn the blocks of a text report (web or paper layout) into a ``Report``."""

from __future__ import annotations

import re

from claimdesk.model import (
    Claim,
    CorrectionRecord,
    CorrectionState,
    GateStatus,
    GateVerdict,
    Layout,
    Level,
    QualityTier,
    Reference,
    Report,
    ReportStats,
    Tier,
    VerificationLevel,
)
from claimdesk.parsing.blocks import (
    PAPER_BLOCKS,
    WEB_BLOCKS,
    Block,
    Document,
    free_text,
    paragraphs,
    split_blocks,
    table_rows,
)
from claimdesk.parsing.fields import (
    classify_reference,
    confidence,
    enum_value,
    first_int,
    iso_date,
    paper_level,
    snake,
    verified_flag,
)

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
    if not any(_has_content(block) for block in doc.blocks if block.name in _SUBSTANTIVE):
        raise NotAReport
    warnings.extend(doc.warnings)

    preamble = [line.strip() for line in doc.preamble if line.strip()]
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

    abstract = _abstract(doc.first("abstract"))
    question = _research_question(doc, abstract)
    provenance = _provenance(doc.first("provenance"), warnings)
    if publisher is None and provenance:
        publisher = dict(provenance).get("publisher") or None

    return Report(
        id=report_id,
        layout=layout,
        title=title,
        publisher=publisher,
        published=published,
        abstract=abstract,
        research_question=question,
        stats=_stats(doc, abstract, warnings),
        claims=_claims(doc.first("claims"), warnings),
        gate=_gate(doc.first("gate"), warnings),
        verification_level=_verification_level(doc.first("verification_level"), warnings),
        quality_tier=_quality_tier(doc.first("quality_tier"), warnings),
        quality_dimensions=_dimensions(doc.first("quality_dimensions"), warnings),
        correction_record=_correction_record(doc.first("correction_record"), warnings),
        provenance=provenance,
        references=_references(doc.first("references"), warnings),
        warnings=tuple(warnings),
    )


def _has_content(block: Block) -> bool:
    return any(line.strip() for line in block.lines)


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
        match = _QUESTION_IN_INTRO.search(paragraph[:_SEARCH_LIMIT])
        if match:
            question = match.group(1).strip()
            if "?" in question:
                question = question[: question.rindex("?") + 1]
            return question.rstrip(".").strip() or None
    if abstract:
        match = _QUESTION_IN_ABSTRACT.search(abstract[:_SEARCH_LIMIT])
        if match:
            return match.group(1).strip()
    return None


def _counts(text: str | None) -> dict[str, int | float | None]:
    """The counts a text states; each pattern runs only where it can match.

    In ASCII text a pattern runs only when its word is there (in any case;
    other text may spell "s" or "i" with a long s or a dotless i, which
    case-insensitive matching accepts), and a count of extracted or verified
    claims, which cannot span a full stop, is searched for from the last one
    before its word. The score is searched for from just before the first "/".
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
        verified = _VERIFIED.search(text, text.rfind(".", 0, at) + 1) if at >= 0 else None
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
    results = _counts(_text(doc.first("results")))
    in_abstract = _counts(abstract)
    in_methods: dict[str, int | float | None] | None = None  # read only when needed
    chosen: dict[str, int | float | None] = {}
    for key, label in _STAT_LABELS.items():
        value = results.get(key)
        if value is None:
            value = in_abstract.get(key)
        if value is None:
            if in_methods is None:
                in_methods = _counts(_text(doc.first("methodology")))
            value = in_methods.get(key)
        if key in results and key in in_abstract and results[key] != in_abstract[key]:
            warnings.append(
                f"abstract and 3 Results disagree on {label}: {_fmt(in_abstract[key])} vs {_fmt(results[key])}"
            )
        if key == "review_score" and value is not None and not 0 <= value <= 10:
            warnings.append(f"review score {_fmt(value)}/10 is out of range; ignored")
            value = None
        chosen[key] = value
    return ReportStats(**chosen)


def _fmt(value: int | float | None) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def _claims(block: Block | None, warnings: list[str]) -> tuple[Claim, ...]:
    if block is None:
        return ()
    claims: list[Claim] = []
    skipped = 0
    for line in block.lines:
        stripped = line.strip()
        if not stripped:
            continue
        cells = stripped.split("\t")
        if len(cells) == 3 and cells[2]:  # the usual "text<TAB>flag<TAB>confidence" row
            text, flag, conf = cells[0].strip(), cells[1].strip(), cells[2].strip()
        else:
            found = _claim_cells(stripped)
            if found is None:
                skipped += 1
                continue
            text, flag, conf = found
        if len(text) <= 5 and text.casefold() == "claim" and flag.casefold() in ("verified", ""):
            continue  # the header row ("claim" is five letters however it is cased)
        if not text:
            skipped += 1
            continue
        verified = verified_flag(flag)
        value = confidence(conf)
        if (flag and verified is None) or (conf and value is None):
            warnings.append(f"claim {len(claims) + 1}: unreadable verified flag or confidence")
        claims.append(Claim(len(claims) + 1, text, verified, value))
    if skipped:
        warnings.append(f"skipped {skipped} unreadable line(s) in the claim table")
    return tuple(claims)


def _claim_cells(line: str) -> tuple[str, str, str] | None:
    """(text, verified, confidence) from a tab, pipe or space separated row."""
    if "\t" in line:
        cells = [cell.strip() for cell in line.split("\t")]
    elif line.startswith("|"):
        cells = [cell.strip() for cell in line.strip("|").split("|")]
    else:
        words = line.rsplit(None, 2)  # "claim text  ✓  0.42" with the tabs lost
        if len(words) != 3 or verified_flag(words[1]) is None or confidence(words[2]) is None:
            return None
        return words[0], words[1], words[2]
    while len(cells) > 1 and not cells[-1]:
        cells.pop()
    if len(cells) >= 3:
        return "\t".join(cells[:-2]).strip(), cells[-2], cells[-1]
    if len(cells) == 2:
        return cells[0], cells[1], ""
    return cells[0], "", ""


def _rows(block: Block | None) -> dict[str, str]:
    """A key/value table keyed by snake_case name; the first of repeated rows wins."""
    rows: dict[str, str] = {}
    if block is not None:
        for key, value in table_rows(block.lines):
            rows.setdefault(snake(key), value)
    return rows


_GATE_ROWS = frozenset({"status", "gate", "reason", "evaluated", "evaluated_at"})
_LEVEL_ROWS = frozenset({"paper_level", "source_grounded_claims", "claim_record_source"})
_TIER_ROWS = frozenset({"tier", "basis"})
_CORRECTION_ROWS = frozenset({"status", "correction_count", "manifest_contract", "correction_contract"})


def _unknown_rows(block: Block, rows: dict[str, str], known: frozenset[str], warnings: list[str]) -> None:
    if rows.keys() <= known:
        return
    extra = sorted(set(rows) - known)
    if extra:
        warnings.append(f"ignored unknown row(s) in {block.heading!r}: {', '.join(extra)}")


def _gate(block: Block | None, warnings: list[str]) -> GateVerdict | None:
    if block is None:
        return None
    rows = _rows(block)
    _unknown_rows(block, rows, _GATE_ROWS, warnings)
    status = enum_value(GateStatus, rows.get("status", ""))
    if status is None:
        warnings.append(f"gate verdict has no readable status ({rows.get('status', 'missing')!r}); ignored")
        return None
    return GateVerdict(
        status=status,
        gate=rows.get("gate") or None,
        reason=rows.get("reason") or None,
        evaluated_at=rows.get("evaluated") or rows.get("evaluated_at") or None,
    )


def _verification_level(block: Block | None, warnings: list[str]) -> VerificationLevel | None:
    if block is None:
        return None
    rows = _rows(block)
    _unknown_rows(block, rows, _LEVEL_ROWS, warnings)
    if not rows:
        warnings.append("verification level table is empty; ignored")
        return None
    level, label = paper_level(rows.get("paper_level", ""))
    if "paper_level" in rows and level is None:
        warnings.append(f"unreadable paper level {rows['paper_level']!r}")
    grounded = rows.get("source_grounded_claims")
    return VerificationLevel(
        level=level,
        label=label,
        source_grounded_claims=first_int(grounded) if grounded else None,
        claim_record_source=rows.get("claim_record_source") or None,
    )


def _quality_tier(block: Block | None, warnings: list[str]) -> QualityTier | None:
    if block is None:
        return None
    rows = _rows(block)
    _unknown_rows(block, rows, _TIER_ROWS, warnings)
    tier = enum_value(Tier, rows.get("tier", ""))
    if tier is None:
        warnings.append(f"quality tier is not readable ({rows.get('tier', 'missing')!r}); ignored")
        return None
    return QualityTier(tier=tier, basis=rows.get("basis") or None)


def _dimensions(block: Block | None, warnings: list[str]) -> tuple[tuple[str, Level], ...]:
    if block is None:
        return ()
    found: list[tuple[str, Level]] = []
    for name, level in _rows(block).items():
        value = enum_value(Level, level)
        if value is None:
            warnings.append(f"quality dimension {name!r} has no readable level ({level!r})")
            continue
        found.append((name, value))
    return tuple(found)


def _correction_record(block: Block | None, warnings: list[str]) -> CorrectionRecord | None:
    if block is None:
        return None
    rows = _rows(block)
    _unknown_rows(block, rows, _CORRECTION_ROWS, warnings)
    state = enum_value(CorrectionState, rows.get("status", ""))
    if state is None:
        warnings.append(f"correction record has no readable status ({rows.get('status', 'missing')!r}); ignored")
        return None
    count = first_int(rows.get("correction_count", ""))
    if count is None:
        warnings.append("correction record has no readable correction count; 0 is assumed")
        count = 0
    return CorrectionRecord(
        state=state,
        count=count,
        manifest_contract=rows.get("manifest_contract") or None,
        correction_contract=rows.get("correction_contract") or None,
    )


def _provenance(block: Block | None, warnings: list[str]) -> tuple[tuple[str, str], ...] | None:
    if block is None:
        return None
    rows = _rows(block)
    if not rows:
        warnings.append("provenance table is empty")
    return tuple(rows.items())


def _references(block: Block | None, warnings: list[str]) -> tuple[Reference, ...]:
    if block is None:
        return ()
    found: list[Reference] = []
    without_link = 0
    for line in block.lines:
        if not line.strip():
            continue
        urls = _URL.findall(line) if "://" in line else ()
        if not urls:
            without_link += 1
        for url in urls:
            found.append(classify_reference(url.rstrip(".,;:)]}>")))
    if without_link:
        warnings.append(f"skipped {without_link} reference line(s) without a link")
    return tuple(found)
