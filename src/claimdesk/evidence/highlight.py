"""Where to highlight a claim's words and numbers in a passage, for a face to style (no markup here).

The desk's evidence pane and reader call ``highlights(claim_text, text)`` and get character
spans of ``text``: values equal to the claim's (``match``), values the evidence found in
conflict (``conflict``), and words the claim shares with the passage (``word``). The face
builds a ``rich.text.Text`` from the sanitised text and styles these spans.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from claimdesk.evidence.numbers import agree, numbers_in
from claimdesk.evidence.suggest import read_claim
from claimdesk.evidence.text import TOKEN, word_tokens
from claimdesk.sources.model import SourceDoc


@dataclass(frozen=True, slots=True)
class Highlight:
    start: int
    end: int
    kind: str  # "match" | "conflict" | "word"


def highlights(claim_text: str, text: str, *, conflicting: Iterable[str] = ()) -> tuple[Highlight, ...]:
    """Spans of ``text`` to highlight against the claim; ``conflicting`` are source values in conflict."""
    claim = read_claim(claim_text)
    conflict_values = {value for value in conflicting}
    spans: list[Highlight] = []
    taken: list[tuple[int, int]] = []
    for number in numbers_in(text):
        if any(agree(mine, number) for mine in claim.numbers):
            kind = "match"
        elif number.written in conflict_values:
            kind = "conflict"
        else:
            continue
        spans.append(Highlight(number.start, number.end, kind))
        taken.append((number.start, number.end))
    for match in TOKEN.finditer(text):
        if any(start < match.end() and match.start() < end for start, end in taken):
            continue
        found = word_tokens(match.group())
        if found and not found[0].startswith("#") and any(t in claim.content for t in found):
            spans.append(Highlight(match.start(), match.end(), "word"))
    return tuple(sorted(spans, key=lambda h: h.start))


@dataclass(frozen=True, slots=True)
class ReaderView:
    """A window of a source's text around a passage: ``text`` starts at ``offset`` of the stored text."""

    text: str
    offset: int
    passage_start: int  # in ``text``
    passage_end: int
    page: int | None


def reader_view(doc: SourceDoc, start: int, end: int, *, around: int = 1500) -> ReaderView:
    """The passage ``start``..``end`` of ``doc`` with up to ``around`` characters either side,
    widened to whole lines so the reader opens on the surrounding paragraph."""
    text = doc.text
    start = max(0, min(start, len(text)))
    end = max(start, min(end, len(text)))
    left = text.rfind("\n", 0, max(0, start - around)) + 1 if start > around else 0
    right_break = text.find("\n", min(len(text), end + around))
    right = len(text) if right_break < 0 or end + around >= len(text) else right_break
    return ReaderView(text[left:right], left, start - left, end - left, doc.page_at(start))
