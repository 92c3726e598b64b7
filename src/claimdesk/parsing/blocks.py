"""Split report text into a preamble and headed blocks, whatever the layout.

Both layouts are a sequence of blocks under heading lines; only the headings
and the block bodies differ. Finding blocks by their headings, not by their
position, is what lets a report with blocks missing, repeated, reordered or
unknown still be read.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from itertools import compress

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
        r"[ \t]*+(?:#{1,6}[ \t]*+)?(?:\d{1,2}(?:\.\d{1,2})*\.?[ \t]++)?"
        rf"(?P<name>{alternatives})[ \t]*:?[ \t]*",
        re.IGNORECASE,
    )


# Each pattern is matched against one line, and only against the few lines a
# cheap test of their first and last characters lets through: the text is
# walked once, and every pattern is bounded by its line, so a report of a
# million lines (or one line of a million digits) is split in linear time.
_KNOWN_HEADING = _heading_pattern()
_INLINE_ABSTRACT = re.compile(r"abstract:", re.IGNORECASE)
# "6 Discussion" after a blank line: a numbered heading we do not know, kept
# apart so its text does not leak into the block before it.
_UNKNOWN_NUMBERED = re.compile(r"[ \t]*+\d{1,2}(?:\.\d{1,2})*\.?[ \t]+[A-Z][A-Za-z0-9 ,&/'()\-]{0,60}")
# A short line directly above a pipe table: the heading of a table block.
_ABOVE_TABLE = re.compile(r"[ \t]*+[^|\s][^\n\t]{0,78}(?<![|.;,\s])[ \t]*")
_SPACES = re.compile(r"[ \t]+")

# First and last characters a known heading line can have once its spaces are
# stripped, derived from the names (case-insensitive matching also lets the
# long s, the dotless and dotted i and the Kelvin sign stand for s, i and k).
_CASE_ALIKES = "\u017f\u0131\u0130\u212a"
_FIRST_OF_NAME = frozenset("#" + "".join(h[0] + h[0].upper() for h in _BY_HEADING) + _CASE_ALIKES)
_LAST_OF_NAME = frozenset(":" + "".join(h[-1] + h[-1].upper() for h in _BY_HEADING) + _CASE_ALIKES)
# Last characters of a line that may be a heading (its spaces not stripped yet),
# and first characters of a line that cannot be "Abstract:" or a numbered
# heading (ASCII, not a space, digit or "a").
_HEADING_END = _LAST_OF_NAME | {" ", "\t"}
_PLAIN_FIRST = frozenset(chr(code) for code in range(33, 127)) - frozenset("aA0123456789")


def _exact_headings() -> dict[str, str]:
    """Heading lines as reports usually print them ("3 Results"): found without a pattern."""
    return {
        f"{prefix}{printed}": name
        for heading, name in _BY_HEADING.items()
        for printed in {heading.title(), heading.capitalize()}
        for prefix in ("", "1 ", "2 ", "3 ", "4 ", "5 ", "6 ", "7 ", "8 ", "9 ")
    }


@dataclass(slots=True)
class Block:
    name: str | None  # canonical name, None for a block we do not know
    heading: str  # as printed
    lines: list[str]


class Document:
    """The preamble's lines, the first block of each name in order, and the splitting's warnings."""

    __slots__ = ("preamble", "by_name", "warnings", "first")

    def __init__(self, preamble: list[str], by_name: dict[str, Block], warnings: list[str]) -> None:
        self.preamble = preamble
        self.by_name = by_name
        self.warnings = warnings
        # first(name): the first block of that name, or None
        self.first: Callable[[str], Block | None] = by_name.get

    @property
    def blocks(self) -> list[Block]:
        return list(self.by_name.values())

    def names(self) -> set[str]:
        return set(self.by_name)


def _canonical(match: re.Match[str]) -> str:
    return _BY_HEADING[_SPACES.sub(" ", match.group("name").casefold())]


_EXACT_HEADINGS = _exact_headings()


def known_heading(line: str) -> str | None:
    """The canonical block name a heading line opens, or None."""
    match = _KNOWN_HEADING.fullmatch(line.strip())
    return _canonical(match) if match else None


def _opening(lines: list[str]) -> list[tuple[int, str | None, bool]]:
    """(line number, block name, heading line belongs to the body) of every line that opens a block.

    A known heading wins over an inline ``Abstract:``, which wins over an
    unknown numbered heading, which wins over a short line above a table.
    Unknown headings open a block only after the preamble, and a line above a
    table only inside an unknown or web-layout block.
    """
    opened: list[tuple[int, str | None, bool]] = []
    current: str | None | bool = False  # False: still in the preamble
    count = len(lines)
    exact = _EXACT_HEADINGS
    first_of_name, last_of_name = _FIRST_OF_NAME, _LAST_OF_NAME
    plain_first, heading_end = _PLAIN_FIRST, _HEADING_END
    for number, line in compress(enumerate(lines), lines):  # blank lines open nothing
        first = line[0]
        if first == "|":
            continue  # a table row opens nothing
        if first in plain_first and line[-1] not in heading_end:
            # Most lines: one that does not end like a heading, nor start like
            # "Abstract:" or a number, can only be a line above a table, in an
            # unknown or web-layout block.
            if current is False or (current is not None and current not in WEB_BLOCKS) or number + 1 == count:
                continue
            following = lines[number + 1][:1]
            if following != "|" and following != " " and following != "\t":
                continue
        # Every exact heading ends in a letter of a name: a body line ending in
        # anything else (most end in a full stop) is not hashed to look it up.
        name = exact.get(line) if line[-1] in last_of_name else None
        if name is not None:
            current = name
            opened.append((number, name, False))
            continue
        bare = line
        if first == " " or first == "\t":
            bare = line.lstrip(" \t")
            if not bare:
                continue
            first = bare[0]
            if first == "|":
                continue
        last = line[-1]
        if last == " " or last == "\t":
            last = line.rstrip(" \t")[-1]
        if last in last_of_name and (first in first_of_name or first.isdecimal()):
            match = _KNOWN_HEADING.fullmatch(line)
            if match:
                current = _canonical(match)
                opened.append((number, current, False))
                continue
        if (first == "a" or first == "A") and bare[8:9] == ":" and _INLINE_ABSTRACT.match(bare):
            if current != "abstract":
                current = "abstract"
                opened.append((number, current, True))
            continue
        if current is False:
            continue
        if (
            first.isdecimal()
            and (number == 0 or (number >= 2 and not lines[number - 1]))
            and _UNKNOWN_NUMBERED.fullmatch(line)
        ):
            current = None
            opened.append((number, None, False))
            continue
        if current is not None and current not in WEB_BLOCKS:
            continue
        if number + 1 < count and _pipe_line(lines[number + 1]) and _ABOVE_TABLE.fullmatch(line):
            current = None
            opened.append((number, None, False))
    return opened


def _pipe_line(line: str) -> bool:
    start = line[:1]
    if start == "|":
        return True
    return start in (" ", "\t") and line.lstrip(" \t")[:1] == "|"


def split_blocks(text: str) -> Document:
    """Group lines under their headings; text before the first heading is the preamble."""
    lines = text.split("\n")
    opened = _opening(lines)
    by_name: dict[str, Block] = {}
    unknown: list[str] = []
    repeated: list[str] = []
    reading: tuple[str, str, int] | None = None  # (name, heading, first body line) of the block being read
    for number, name, inline in opened:
        if reading is not None:  # this heading ends it
            by_name[reading[0]] = Block(reading[0], reading[1], lines[reading[2] : number])
            reading = None
        heading = "Abstract" if inline else lines[number].strip()  # "Abstract: ..." is part of its block
        if name is None:
            unknown.append(heading)
        elif name in by_name:
            repeated.append(heading)
        else:
            reading = (name, heading, number if inline else number + 1)
    if reading is not None:
        by_name[reading[0]] = Block(reading[0], reading[1], lines[reading[2] :])
    warnings: list[str] = []
    if unknown:
        warnings.append(f"ignored unknown block{_listing(unknown)}")
    if repeated:
        warnings.append(f"ignored repeated block{_listing(repeated)}")
    preamble = lines[: opened[0][0]] if opened else lines
    return Document(preamble, by_name, warnings)


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


def table_row(line: str) -> tuple[str, str] | None:
    """One ``| Key | Value |`` line as (key, value), or None for any other line."""
    stripped = line.strip()
    if not stripped.startswith("|"):
        return None
    cells = [cell.strip() for cell in stripped.strip("|").split("|")]
    while cells and not cells[-1]:
        cells.pop()
    if not cells or not cells[0]:
        return None
    if not cells[0].strip("-: "):  # a markdown separator row
        return None
    return cells[0], " | ".join(cells[1:])
