"""A source's text cut into passages a reviewer can read: a few sentences, or one table row.

Prose is cut at sentence ends into passages of at most three sentences and about 360
characters, never across a blank line. A table row (a line with two or more values that
are most of its words, or cells joined by " | ") is a passage of its own; its header line
and caption travel with it as ``context``, so "o1-mini 92.4 76.2" is found by "HumanEval".
Offsets are offsets in the stored text, so a passage can be shown in place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from claimdesk.evidence.numbers import numbers_in
from claimdesk.sources.model import SourceDoc

MAX_CHARS = 360
MAX_SENTENCES = 3
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]]?\s+(?=[A-Z0-9\"'(\[])")
_ABBREVIATION = re.compile(r"(?:\b(?:e\.g|i\.e|et al|Fig|Tab|Eq|Sec|vs|cf|approx|resp)\.|\b[A-Z]\.)$")
_PROSE_START = frozenset("from to and or of in on at by for with than then while which that the a an is are was".split())
_WORD = re.compile(r"[^\W_]+(?:[-.@][^\W_]+)*")


@dataclass(frozen=True, slots=True)
class Passage:
    ref: int
    start: int
    end: int
    page: int | None
    text: str  # the stored text start..end, white space folded
    context: str = ""  # a table row's caption and header
    header: str = ""  # a table row's header line alone


def _lines(text: str) -> list[tuple[int, int]]:
    spans, pos = [], 0
    for line in text.split("\n"):
        spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans


def is_table_row(line: str) -> bool:
    if len(line) > 200:
        return False
    values = numbers_in(line)
    if " | " in line and values:
        return True
    words = _WORD.findall(line)
    if line.endswith((".", ",", ";")) or (words and words[0] in _PROSE_START):
        return False  # "from 8.91 to 8.62." is the end of a sentence, not a row
    return len(values) >= 2 and len(values) * 2 >= len(words) - 1


_LINE_HYPHEN = re.compile(r"(\w)-[ \t]*\n[ \t]*(\w)")


def _fold(text: str) -> str:
    """White space folded; a word hyphenated across a line break is kept as one hyphenated word."""
    return " ".join(_LINE_HYPHEN.sub(r"\1-\2", text).split())


def passages_of(ref: int, doc: SourceDoc) -> list[Passage]:
    text = doc.text
    out: list[Passage] = []
    lines = _lines(text)
    prose: list[tuple[int, int]] = []  # consecutive prose lines, flushed at a blank line or a table
    header = ""
    caption = ""
    previous_row = False

    def flush() -> None:
        if prose:
            out.extend(_prose_passages(ref, doc, prose[0][0], prose[-1][1]))
            prose.clear()

    for index, (start, end) in enumerate(lines):
        line = text[start:end]
        stripped = line.strip()
        if not stripped:
            flush()
            previous_row = False
            continue
        if stripped.lower().startswith(("table ", "tab. ")) or (stripped.endswith(":") and len(stripped) <= 100):
            caption = stripped
        if is_table_row(stripped):
            if not previous_row:
                # the header is the line just above the first row, when it is short and holds no values
                above = text[lines[index - 1][0] : lines[index - 1][1]].strip() if index else ""
                header = above if above and not numbers_in(above) and len(above) <= 160 else ""
                if header and prose and prose[-1] == lines[index - 1]:
                    prose.pop()  # the header travels with each row as its context
                flush()
            context = _fold(" ".join(part for part in (caption, header) if part))
            out.append(Passage(ref, start, end, doc.page_at(start), _fold(stripped), context, _fold(header)))
            previous_row = True
            continue
        if previous_row:
            caption = caption if stripped == caption else ""
        previous_row = False
        prose.append((start, end))
    flush()
    return out


def _prose_passages(ref: int, doc: SourceDoc, start: int, end: int) -> list[Passage]:
    block = doc.text[start:end]
    cuts = [0]
    for match in _SENTENCE_END.finditer(block):
        if _ABBREVIATION.search(block[max(0, match.start() - 8) : match.start() + 1].rstrip()):
            continue
        cuts.append(match.end())
    cuts.append(len(block))
    sentences: list[tuple[int, int]] = []
    for i in range(len(cuts) - 1):
        if block[cuts[i] : cuts[i + 1]].strip():
            sentences.extend(_pieces(block, cuts[i], cuts[i + 1]))
    out: list[Passage] = []
    group: list[tuple[int, int]] = []
    for sentence in sentences:
        if group and (len(group) >= MAX_SENTENCES or sentence[1] - group[0][0] > MAX_CHARS):
            out.append(_make(ref, doc, start + group[0][0], start + group[-1][1]))
            group = []
        group.append(sentence)
    if group:
        out.append(_make(ref, doc, start + group[0][0], start + group[-1][1]))
    return out


def _pieces(block: str, start: int, end: int) -> list[tuple[int, int]]:
    """A "sentence" longer than a passage (a table with a cell per line, a list without full stops)
    cut at line breaks, else at spaces, into pieces of at most MAX_CHARS."""
    pieces: list[tuple[int, int]] = []
    while end - start > MAX_CHARS:
        window = block[start : start + MAX_CHARS]
        cut = window.rfind("\n")
        if cut < MAX_CHARS // 3:
            cut = window.rfind(" ")
        if cut < MAX_CHARS // 3:
            cut = MAX_CHARS
        pieces.append((start, start + cut))
        start += cut
    pieces.append((start, end))
    return pieces


def _make(ref: int, doc: SourceDoc, start: int, end: int) -> Passage:
    raw = doc.text[start:end]
    stripped_end = start + len(raw.rstrip())
    stripped_start = start + (len(raw) - len(raw.lstrip()))
    return Passage(ref, stripped_start, stripped_end, doc.page_at(stripped_start), _fold(doc.text[stripped_start:stripped_end]))
