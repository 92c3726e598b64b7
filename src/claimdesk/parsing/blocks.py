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

_NUMBERING = re.compile(r"(?:\d{1,2}(?:\.\d{1,2})*\.?\s+)?")
_SPACES = re.compile(r"\s+")
# "6 Discussion": a numbered heading we do not know, kept apart so its text
# does not leak into the block before it.
_UNKNOWN_NUMBERED = re.compile(r"\d{1,2}(?:\.\d{1,2})*\.?[ \t]+[A-Z][A-Za-z0-9 ,&/'()\-]{0,60}")
_MAX_HEADING = 80


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
    if len(line) > _MAX_HEADING or line.startswith("|") or "\t" in line:
        return None
    text = line.strip().lstrip("#").strip().rstrip(":").strip()
    text = text[_NUMBERING.match(text).end() :]
    return _BY_HEADING.get(_SPACES.sub(" ", text.casefold()))


def _looks_like_heading(line: str) -> bool:
    stripped = line.strip()
    return (
        0 < len(stripped) <= _MAX_HEADING
        and not stripped.startswith("|")
        and not stripped.endswith(("|", ".", ";", ","))
        and "\t" not in stripped
    )


def split_blocks(lines: list[str]) -> Document:
    """Group lines under their headings; text before the first heading is the preamble."""
    preamble: list[str] = []
    blocks: list[Block] = []
    warnings: list[str] = []
    current: Block | None = None
    previous_blank = True
    count = len(lines)
    for number, line in enumerate(lines):
        stripped = line.strip()
        name = known_heading(stripped) if stripped else None
        new_heading = None
        if name is not None:
            new_heading = Block(name, stripped)
        elif stripped[:9].casefold() == "abstract:" and (current is None or current.name != "abstract"):
            new_heading = Block("abstract", "Abstract")
            new_heading.lines.append(stripped)
        elif current is not None and stripped:
            numbered = previous_blank and _UNKNOWN_NUMBERED.fullmatch(stripped)
            before_table = (
                number + 1 < count
                and lines[number + 1].lstrip().startswith("|")
                and _looks_like_heading(stripped)
                and (current.name is None or current.name in WEB_BLOCKS)
            )
            if numbered or before_table:
                new_heading = Block(None, stripped)
        if new_heading is not None:
            current = new_heading
            blocks.append(current)
        elif current is None:
            preamble.append(line)
        else:
            current.lines.append(line)
        previous_blank = not stripped

    seen: set[str] = set()
    kept: list[Block] = []
    for block in blocks:
        if block.name is None:
            warnings.append(f"ignored unknown block {block.heading!r}")
            continue
        if block.name in seen:
            warnings.append(f"ignored repeated block {block.heading!r}")
            continue
        seen.add(block.name)
        kept.append(block)
    return Document(preamble=preamble, blocks=kept, warnings=warnings)


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
