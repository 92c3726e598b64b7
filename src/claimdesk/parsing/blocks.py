"""Split report text into a preamble and headed blocks, whatever the layout.

Both layouts are a sequence of blocks under heading lines; only the headings
and the block bodies differ. Finding blocks by their headings, not by their
position, is what lets a report with blocks missing, repeated, reordered or
unknown still be read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# canonical block name -> the headings that open it (compared case-folded,
# without numbering, '#' or a trailing colon)
_HEADINGS: dict[str, tuple[str, ...]] = {
    "abstract": ("abstract", "summary"),
    "research_question": ("research question",),
    "verification_level": ("verification level",),
    "gate": ("truth-engine gate verdict", "truth engine gate verdict", "gate verdict"),
    "quality_tier": ("quality tier",),
    "quality_dimensions": ("quality dimensions",),
    "correction_record": ("correction record",),
    "provenance": ("provenance",),
    "introduction": ("introduction",),
    "methodology": ("methodology", "methods"),
    "results": ("results",),
    "limitations": ("limitations",),
    "claims": ("extracted claims", "claims"),
    "references": ("references", "bibliography"),
}
_BY_HEADING = {heading: name for name, headings in _HEADINGS.items() for heading in headings}

# Blocks only one layout has; they decide which layout a file is.
WEB_BLOCKS = frozenset(
    {"research_question", "verification_level", "gate", "quality_tier", "quality_dimensions",
     "correction_record", "provenance"}
)
PAPER_BLOCKS = frozenset({"introduction", "methodology", "results", "limitations", "claims", "references"})

def _heading_pattern() -> re.Pattern[str]:
    names = sorted(_BY_HEADING, key=len, reverse=True)
    alternatives = "|".join(re.escape(name).replace(r"\ ", r"[ \t]+") for name in names)
    return re.compile(
        r"^[ \t]*+(?:#{1,6}[ \t]*+)?(?:\d{1,2}(?:\.\d{1,2})*\.?[ \t]++)?"
        rf"(?P<name>{alternatives})[ \t]*:?[ \t]*$",
        re.IGNORECASE | re.MULTILINE,
    )


# Every pattern runs over the whole text at C speed: a report of a million
# lines is split without a Python-level step per line.
_KNOWN_HEADING = _heading_pattern()
_INLINE_ABSTRACT = re.compile(r"^[ \t]*+abstract:", re.IGNORECASE | re.MULTILINE)
# "6 Discussion" after a blank line: a numbered heading we do not know, kept
# apart so its text does not leak into the block before it.
_UNKNOWN_NUMBERED = re.compile(
    r"(?:\A|(?<=\n\n))[ \t]*+\d{1,2}(?:\.\d{1,2})*\.?[ \t]+[A-Z][A-Za-z0-9 ,&/'()\-]{0,60}$", re.MULTILINE
)
# A short line directly above a pipe table: the heading of a table block.
_ABOVE_TABLE = re.compile(r"^[ \t]*+[^|\s][^\n\t]{0,78}(?<![|.;,\s])[ \t]*\n(?=[ \t]*\|)", re.MULTILINE)
_SPACES = re.compile(r"[ \t]+")


@dataclass
class Block:
    name: str | None  # canonical name, None for a block we do not know
    heading: str  # as printed
    lines: list[str] = field(default_factory=list)


@dataclass
class Document:
    preamble: list[str]
    blocks: list[Block]
    warnings: list[str]

    def first(self, name: str) -> Block | None:
        for block in self.blocks:
            if block.name == name:
                return block
        return None

    def names(self) -> set[str]:
        return {b.name for b in self.blocks if b.name is not None}


def known_heading(line: str) -> str | None:
    """The canonical block name a heading line opens, or None."""
    match = _KNOWN_HEADING.fullmatch(line.strip())
    return _BY_HEADING[_SPACES.sub(" ", match.group("name").casefold())] if match else None


def _candidates(text: str) -> list[tuple[int, int, str, str | None]]:
    """(line start, body start, kind, name) of every line that may open a block, in order."""
    found: dict[int, tuple[int, int, str, str | None]] = {}
    for match in _ABOVE_TABLE.finditer(text):
        found[match.start()] = (match.start(), match.end(), "above_table", None)
    for match in _UNKNOWN_NUMBERED.finditer(text):
        found[match.start()] = (match.start(), match.end() + 1, "numbered", None)
    for match in _INLINE_ABSTRACT.finditer(text):
        found[match.start()] = (match.start(), match.start(), "inline_abstract", "abstract")
    for match in _KNOWN_HEADING.finditer(text):
        name = _BY_HEADING[_SPACES.sub(" ", match.group("name").casefold())]
        found[match.start()] = (match.start(), match.end() + 1, "known", name)
    return [found[position] for position in sorted(found)]


def split_blocks(text: str) -> Document:
    """Group lines under their headings; text before the first heading is the preamble."""
    warnings: list[str] = []
    opened: list[tuple[int, int, str | None]] = []  # (line start, body start, name)
    current: str | None | bool = False  # False: still in the preamble
    for start, body, kind, name in _candidates(text):
        if opened and start < opened[-1][1]:
            continue  # inside the heading line just opened
        if kind == "inline_abstract" and current == "abstract":
            continue
        if kind in ("numbered", "above_table"):
            if current is False:
                continue
            if kind == "above_table" and current is not None and current not in WEB_BLOCKS:
                continue
        opened.append((start, body, name))
        current = name

    preamble_end = opened[0][0] if opened else len(text)
    blocks: list[Block] = []
    for position, (start, body, name) in enumerate(opened):
        end = opened[position + 1][0] if position + 1 < len(opened) else len(text)
        heading_end = text.find("\n", start)
        heading = text[start : heading_end if heading_end != -1 else len(text)].strip()
        if body == start:  # "Abstract: ..." opens the block and is part of it
            heading = "Abstract"
        lines = text[body:end].split("\n") if body < end else []
        blocks.append(Block(name, heading, lines))

    seen: set[str] = set()
    kept: list[Block] = []
    unknown: list[str] = []
    repeated: list[str] = []
    for block in blocks:
        if block.name is None:
            unknown.append(block.heading)
        elif block.name in seen:
            repeated.append(block.heading)
        else:
            seen.add(block.name)
            kept.append(block)
    if unknown:
        warnings.append(f"ignored unknown block{_listing(unknown)}")
    if repeated:
        warnings.append(f"ignored repeated block{_listing(repeated)}")
    return Document(preamble=text[:preamble_end].split("\n"), blocks=kept, warnings=warnings)


def _listing(headings: list[str], shown: int = 5) -> str:
    """``s 'A', 'B' and 3 more`` (or `` 'A'`` for one): warnings stay one short line."""
    distinct = list(dict.fromkeys(headings))
    names = ", ".join(repr(h[:60]) for h in distinct[:shown])
    more = f" and {len(distinct) - shown} more" if len(distinct) > shown else ""
    return f"{'s' if len(distinct) > 1 else ''} {names}{more}"


def paragraphs(lines: list[str]) -> list[str]:
    """Blank-line separated paragraphs, each with its lines joined by a space."""
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


def free_text(lines: list[str]) -> str | None:
    """A block's text: paragraphs separated by a blank line, or None when empty."""
    found = paragraphs(lines)
    return "\n\n".join(found) if found else None


def table_rows(lines: list[str]) -> list[tuple[str, str]]:
    """``| Key | Value | |`` rows as (key, value); trailing empty cells are dropped."""
    rows: list[tuple[str, str]] = []
    for line in lines:
        stripped = line.strip()
        if not stripped.startswith("|"):
            continue
        cells = [cell.strip() for cell in stripped.strip("|").split("|")]
        while cells and not cells[-1]:
            cells.pop()
        if not cells or not cells[0]:
            continue
        if set(cells[0]) <= set("-: "):  # a markdown separator row
            continue
        rows.append((cells[0], " | ".join(cells[1:])))
    return rows
