"""Weighing passages against a claim: coverage of its words, its numbers, its direction.

A claim's numbers are the strongest signal. A passage supports a claim that gives
numbers only when it names the claim's subject (its name-like words) and states every
one of its numbers; sharing words is not enough. A passage that names the subject and
measure with another number contradicts it, and so does one that says the opposite
direction ("less efficient" against "more efficient"). The thresholds are data here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from claimdesk.evidence.index import PassageIndex
from claimdesk.evidence.numbers import Number, agree, context_tokens, numbers_in, specific
from claimdesk.evidence.passages import Passage
from claimdesk.evidence.text import DOWN, UP, name_tokens, subject_tokens, tokens, words

# Share of the claim's (idf-weighted) words a passage must hold.
SUPPORT_COVERAGE_WITH_NUMBERS = 0.45
SUPPORT_COVERAGE_WORDS_ONLY = 0.62
CONTRADICT_COVERAGE_NUMBERS = 0.4
CONTRADICT_COVERAGE_DIRECTION = 0.5
# Each specific value stated (a decimal, or not a small whole number) lowers the words needed, to a floor.
COVERAGE_PER_SPECIFIC_NUMBER = 0.08
COVERAGE_FLOOR = 0.25
BEARS_COVERAGE = 0.34  # below this a passage is not shown as bearing on the claim at all
CUT_AT = 118  # the publisher cuts claims at 120 characters


@dataclass(frozen=True, slots=True)
class ClaimQuery:
    text: str
    query: list[str]  # bm25 tokens, numbers included
    content: frozenset[str]  # words to be covered (no numbers)
    names: frozenset[str]  # name-like words: subject and measure
    subject: str | None  # the first name-like word
    subject_tokens: frozenset[str]  # its tokens, which say nothing about which measure a number is
    numbers: tuple[Number, ...]  # the values the claim states (a value cut off at the end is dropped)
    polarity: int  # +1 up, -1 down, 0 neither


def read_claim(text: str) -> ClaimQuery:
    body = text.strip()
    cut = len(body) >= CUT_AT and not body.endswith((".", "!", "?", ")", '"'))
    numbers = numbers_in(body)
    if cut:
        # the last word may be a fragment ("Self-invo") and the last value may be cut ("35." of "35.1")
        last_space = body.rfind(" ")
        if last_space > 0:
            body = body[:last_space]
        numbers = [n for n in numbers if n.end <= len(body)]
    toks = tokens(body)
    names = name_tokens(body)
    content = frozenset(t for t in toks if not t.startswith("#"))
    return ClaimQuery(
        text=body,
        query=toks,
        content=content,
        names=frozenset(names),
        subject=names[0] if names else None,
        subject_tokens=subject_tokens(body),
        numbers=tuple(numbers),
        polarity=_polarity(words(body)),
    )


# A direction word followed by one of these says how much, and so which way overall:
# "gain less" goes down, "drop more" goes down, "improve more" goes up.
_HOW_MUCH = {"more": 1, "less": -1, "fewer": -1}


def _polarity(ws: list[str]) -> int:
    """The direction of the first word that has one: "smaller models are more robust" is about the
    smaller, and says the opposite of "larger models are more robust"."""
    for at, w in enumerate(ws):
        direction = 1 if w in UP else -1 if w in DOWN else 0
        if direction:
            following = ws[at + 1] if at + 1 < len(ws) else ""
            return direction * _HOW_MUCH.get(following, 1) if w not in _HOW_MUCH else direction
    return 0


@dataclass(frozen=True, slots=True)
class Judgement:
    """One passage weighed against one claim."""

    index: int
    bm25: float
    coverage: float
    names_present: bool
    matched: tuple[str, ...]  # claim numbers (as written) the passage states
    conflicts: tuple[tuple[str, str], ...]  # (claim number, passage number)
    pairing: float  # how well the conflicting numbers' surrounding words match the claim's
    flipped: bool  # says the opposite direction
    supports: bool
    contradicts: bool
    all_numbers: bool = False  # states every number the claim gives (and the claim gives some)

    @property
    def rank(self) -> float:
        bonus = 2.0 if self.supports else (1.5 if self.contradicts else 0.0)
        bonus += 1.0 if self.all_numbers else 0.0
        return bonus + self.coverage * 2.0 + len(self.matched) + 0.5 * self.pairing + 0.05 * self.bm25


def coverage(index: PassageIndex, claim: ClaimQuery, token_set: frozenset[str]) -> float:
    if not claim.content:
        return 0.0
    total = sum(index.idf(t) for t in claim.content)
    held = sum(index.idf(t) for t in claim.content if t in token_set)
    return held / total if total else 0.0


def judge(index: PassageIndex, claim: ClaimQuery, i: int, bm25: float, *, title: str = "") -> Judgement:
    passage = index.passages[i]
    token_set = index.token_sets[i]
    cov = coverage(index, claim, token_set)
    names_present = names_named(claim, passage, token_set, title)
    source_numbers = numbers_in(passage.text)
    cells = _header_cells(passage, len(source_numbers))
    matched: list[str] = []
    used: set[int] = set()
    unmatched: list[Number] = []
    for number in claim.numbers:
        hit = next((j for j, s in enumerate(source_numbers)
                    if j not in used and agree(number, s) and _same_slot(claim, number, passage, s, cells, j)), None)
        if hit is None:
            unmatched.append(number)
        else:
            used.add(hit)
            matched.append(number.written)
    conflicts: list[tuple[str, str]] = []
    pairing = 0.0
    if unmatched and names_present and cov >= CONTRADICT_COVERAGE_NUMBERS:
        conflicts, pairing = _pair(claim, unmatched, passage, source_numbers, used)
    flipped = False
    if claim.polarity and cov >= CONTRADICT_COVERAGE_DIRECTION:
        flipped = _flipped(claim, index, passage.text)
    if claim.numbers:
        supports = names_present and not unmatched and cov >= needed_coverage(claim) and not flipped
    else:
        supports = names_present and cov >= SUPPORT_COVERAGE_WORDS_ONLY and not flipped
    contradicts = bool(conflicts) or (flipped and names_present)
    return Judgement(i, bm25, cov, names_present, tuple(matched), tuple(conflicts), pairing, flipped, supports,
                     contradicts, bool(claim.numbers) and not unmatched)


def needed_coverage(claim: ClaimQuery) -> float:
    """The share of the claim's words a passage stating all its numbers must also hold."""
    count = sum(1 for n in claim.numbers if specific(n))
    return max(SUPPORT_COVERAGE_WITH_NUMBERS - COVERAGE_PER_SPECIFIC_NUMBER * count, COVERAGE_FLOOR)


def names_named(claim: ClaimQuery, passage: Passage, token_set: frozenset[str], title: str = "") -> bool:
    """The claim's subject (its first name-like word) and at least half its names are in the passage.

    The source's title counts: a paper about "SlimQ" need not repeat the name in every paragraph.
    """
    if not claim.names:
        return True
    folded = re.sub(r"[-\s/]", "", f"{title} {passage.context} {passage.text}".casefold())
    present = [name for name in claim.names if name in token_set or name in folded]
    return claim.subject in present and 2 * len(present) >= len(claim.names)


def _pair(claim: ClaimQuery, unmatched: list[Number], passage: Passage, values: list[Number],
          used: set[int]) -> tuple[list[tuple[str, str]], float]:
    """Each unmatched claim value against the passage value whose surrounding words best match its own,
    and the best match's strength."""
    if len(used) == len(values):
        return [], 0.0
    strength = 0.0
    header_cells = _header_cells(passage, len(values))
    found: list[tuple[str, str]] = []
    taken = set(used)
    for number in unmatched:
        after, before = _wanted(claim, number)
        wanted = after | before
        best, best_score = None, 0.0
        for j, source in enumerate(values):
            if j in taken or agree(number, source) or not comparable(number, source, passage):
                continue
            if header_cells is not None:
                theirs = set(tokens(header_cells[j]))
            else:
                s_after, s_before = context_tokens(passage.text, source)
                theirs = s_after | s_before | set(tokens(passage.context))
            shared = wanted & theirs
            score = sum(1.0 if t in after else 0.6 for t in shared) / (1 + 0.1 * len(theirs - wanted))
            if score > best_score:
                best, best_score = j, score
        if best is not None:
            taken.add(best)
            found.append((number.written, values[best].written))
            strength = max(strength, best_score)
    return found, strength


_CLAUSE_END = re.compile(r"[.;!?]\s|,\s*(?:while|whereas|but)\b|\s(?:while|whereas|but)\s")


def _wanted(claim: ClaimQuery, number: Number) -> tuple[set[str], set[str]]:
    """The words that say which measure a claim value is: those after it, and those before it
    that are not the subject's."""
    after, before = context_tokens(claim.text, number)
    return after - {"achieve"}, (before - claim.subject_tokens) - {"achieve"}


def _same_slot(claim: ClaimQuery, number: Number, passage: Passage, source: Number, cells: list[str] | None,
               j: int) -> bool:
    """An equal value is the claim's value only where it could be: under a column whose header shares a
    word with the claim's measure, or in prose, not in a clause about another model."""
    if cells is not None:
        after, before = _wanted(claim, number)
        theirs = set(tokens(cells[j]))
        return not (after | before) or not theirs or bool((after | before) & theirs)
    if claim.subject is None:
        return True
    text = passage.text
    starts = [m.end() for m in _CLAUSE_END.finditer(text, 0, source.start)]
    ends = [m.start() for m in _CLAUSE_END.finditer(text, source.end)]
    clause = text[starts[-1] if starts else 0 : ends[0] if ends else len(text)]
    # a clause naming models (a word starting with a letter and holding a digit, not "pass@1") is about them
    models = [name for name in name_tokens(clause) if _model_like(name)]
    return not models or any(name in claim.names for name in models)


def _model_like(name: str) -> bool:
    return name[0].isalpha() and "@" not in name and any(ch.isdigit() for ch in name)


def comparable(claim: Number, source: Number, passage: Passage) -> bool:
    """Could ``source`` state the same quantity as ``claim``? A percentage against a percentage (a
    table may give its % in the caption), a fraction against a fraction, within a factor of ten."""
    if claim.percent and not source.percent and "%" not in passage.context:
        return False
    a, b = claim.value, source.value
    if claim.percent != source.percent:
        if a <= 1 < b:
            a *= 100
        elif b <= 1 < a:
            b *= 100
    if (a < 1) != (b < 1):
        return False
    low, high = sorted((abs(a), abs(b)))
    return low > 0 and high / low <= 10


def _header_cells(passage: Passage, values: int) -> list[str] | None:
    """The header cells over a row's values, when the header splits into one cell per value."""
    if not passage.header:
        return None
    if " | " in passage.header:
        cells = [c.strip() for c in passage.header.split(" | ")]
    else:
        cells = passage.header.split()
    if len(cells) == values + 1:
        return cells[1:]
    if len(cells) == values:
        return cells
    return None


_CLAUSE = re.compile(r"(?<=[.!?;:,])\s+|\s+(?=(?:but|while|whereas|although)\b)")


def _flipped(claim: ClaimQuery, index: PassageIndex, text: str) -> bool:
    """The passage's clause closest to the claim goes the other way ("less" against "more")."""
    best, best_cov = "", -1.0
    for sentence in _CLAUSE.split(text):
        cov = coverage(index, claim, frozenset(tokens(sentence)))
        if cov > best_cov:
            best, best_cov = sentence, cov
    theirs = _polarity(words(best))
    return bool(theirs) and theirs != claim.polarity


def supported_together(claim: ClaimQuery, judged: list[Judgement], index: PassageIndex) -> bool:
    """Two passages of one source that between them state every number of the claim (two table rows,
    say), each bearing on the claim, neither contradicting it, its subject named in one of them."""
    if len(claim.numbers) < 2:
        return False
    partial = [j for j in judged if j.matched and not j.flipped and not j.conflicts]
    wanted = {n.written for n in claim.numbers}
    for a_pos, a in enumerate(partial):
        for b in partial[a_pos + 1 :]:
            if index.passages[a.index].ref != index.passages[b.index].ref:
                continue
            if not set(a.matched) | set(b.matched) >= wanted or not (a.names_present or b.names_present):
                continue
            together = index.token_sets[a.index] | index.token_sets[b.index]
            if coverage(index, claim, together) >= needed_coverage(claim):
                return True
    return False
