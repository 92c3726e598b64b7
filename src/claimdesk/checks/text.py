"""Reading the words and numbers of report text, shared by several checks."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain

class FoldedPattern:
    """A case-insensitive pattern, run on ASCII text as a case-sensitive one on its lower case.

    For ASCII text and a pattern written in lower case, both find the same
    matches at the same positions, and the case-sensitive engine can jump to a
    literal: several times faster. Other text gets the case-insensitive pattern.
    Groups of a match on the lowered text are lowered too (callers take digits
    or positions).
    """

    def __init__(self, source: str, anchor: str = "", reach: int = 0) -> None:
        """``anchor``: a lower-case literal every match holds, at most ``reach`` characters after
        the match's start; the search starts there (a pattern opening on digits has no literal
        the engine could jump to)."""
        self.anchor, self.reach = anchor, reach
        self.insensitive = re.compile(source, re.I)
        # A leading \b also stops the engine from jumping to the literal after it, so it is
        # checked by hand instead (a match where it fails is skipped, the search goes on).
        self.bounded = source.startswith(r"\b")
        self.lowered = re.compile(source[2:] if self.bounded else source)

    def search(self, text: str) -> re.Match[str] | None:
        if not text.isascii():
            return self.insensitive.search(text)
        return next(self._matches(text.lower()), None)

    def _matches(self, lowered: str) -> Iterator[re.Match[str]]:
        pattern, bounded = self.lowered, self.bounded
        position = 0
        if self.anchor:
            first = lowered.find(self.anchor)
            if first < 0:
                return
            position = max(0, first - self.reach)
        while True:
            match = pattern.search(lowered, position)
            if match is None:
                return
            start = match.start()
            if bounded and start and _word_char(lowered[start - 1]) == _word_char(lowered[start]):
                position = start + 1
                continue
            yield match
            position = match.end() if match.end() > start else start + 1

    def sub(self, replacement: str, text: str) -> str:
        if not text.isascii():
            return self.insensitive.sub(replacement, text)
        pieces: list[str] = []
        end = 0
        for match in self._matches(text.lower()):
            pieces.append(text[end : match.start()])
            pieces.append(replacement)
            end = match.end()
        if not pieces:
            return text
        pieces.append(text[end:])
        return "".join(pieces)


def _word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


# The publisher's abstract template, sentence by sentence.
# (The opening sentence matches within the first words: the plain pattern is quicker there.)
_PAPERS = re.compile(r"\bfindings from (\d{1,6}) (?:peer[- ]reviewed )?(?:papers|studies|sources)\b", re.I)
_CLAIMS = FoldedPattern(r"\b(\d{1,6}) claims? (?:were|was) extracted\b", anchor=" claim", reach=6)
_VERIFIED = FoldedPattern(
    r"\b(\d{1,6}) (?:were|was) independently verified\b", anchor=" independently verified", reach=6 + 1 + 4
)
_SCORE = FoldedPattern(r"\bscore of (\d{1,2}(?:\.\d+)?)\s*/\s*10\b")


@dataclass(frozen=True, slots=True)
class AbstractCounts:
    """The counts the abstract's own sentences state (None where it states none)."""

    papers: int | None = None
    claims: int | None = None
    verified: int | None = None
    score: float | None = None


@lru_cache(maxsize=1024)
def abstract_counts(abstract: str | None) -> AbstractCounts:
    if not abstract:
        return AbstractCounts()

    def first(pattern: FoldedPattern | re.Pattern[str]) -> str | None:
        match = pattern.search(abstract)
        return match.group(1) if match else None

    papers, claims, verified, score = (first(p) for p in (_PAPERS, _CLAIMS, _VERIFIED, _SCORE))
    return AbstractCounts(
        papers=int(papers) if papers else None,
        claims=int(claims) if claims else None,
        verified=int(verified) if verified else None,
        score=float(score) if score else None,
    )


STOP_WORDS = frozenset(
    """
    a about above across after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each either few for from
    further had has have having he her here how however i if in into is it its itself just least less
    like many may might more most much must no nor not now of off on once only or other our out over
    own same seen should so some such than that the their them then there these they this those
    through to too under until up upon us very via was we were what when where whether which while who
    whom why will with within without would yet you your e.g i.e etc vs versus among per
    self pre post non multi anti cross auto semi sub co
    """.split()
)

# Words every question in this field uses; they say nothing about *which* question it is.
GENERIC_WORDS = frozenset(
    """
    model models modeling modelling performance performances perform performing benchmark benchmarks
    compare compared comparing comparison comparisons effect effects affect affects affected impact
    impacts influence role method methods approach approaches technique techniques task tasks
    evaluate evaluated evaluating evaluation evaluations result results measure measured measuring
    metric metrics study studies research question questions paper papers work works use used using
    architecture architectures system systems score scores scoring baseline baselines setting settings
    condition conditions case cases different various new large language llm llms data dataset
    datasets training trained train accuracy improve improves improved improvement outcome outcomes
    degree extent level levels type types kind kinds factor factors current existing recent
    state art based respect terms way ways change changes across relative overall well good better
    best high higher low lower increase increases decrease decreases ai example examples
    """.split()
)

_WORD = re.compile(r"[a-z0-9]+(?:[-.'][a-z0-9]+)*")
# (literal that must be present, pattern, replacement). The patterns start with their literal
# (a leading \b would stop the regex engine from jumping to it: 15x slower); the word
# boundary in front is checked by _alias instead.
_ALIASES = (
    ("mixture", re.compile(r"mixture[- ]of[- ]experts?\b"), " moe "),
    ("large language", re.compile(r"large language models?\b"), " llm "),
)
_WORD_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-.'")


def _alias(replacement: str) -> Callable[[re.Match[str]], str]:
    def replace(match: re.Match[str]) -> str:
        start, text = match.start(), match.string
        if start and (text[start - 1].isalnum() or text[start - 1] == "_"):  # no \b before it
            return match.group(0)
        return replacement

    return replace


_ALIAS_REPLACERS = tuple((literal, pattern, _alias(replacement)) for literal, pattern, replacement in _ALIASES)


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    """A deliberately tiny stemmer: plural and -ness endings, applied alike to both sides."""
    if len(word) > 5 and word.endswith("ness"):
        return word[:-4]
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def stem(word: str) -> str:
    """The stem key terms are compared by (plural and -ness endings removed)."""
    return _stem(word)


def words(text: str, aliases: bool = True) -> list[str]:
    """Lower-cased words of ``text``, with aliases folded (mixture-of-experts -> moe) unless told not to."""
    return list(_words(text, aliases))


# Checks read some texts more than once per report (the question above all); caching by
# text keeps each reading to one pass. The caches are small: a desk checks 10,000 reports
# and should not keep every claim's words.
@lru_cache(maxsize=256)
def _words(text: str, aliases: bool) -> tuple[str, ...]:
    return tuple(_WORD.findall(_folded(text, aliases)))


def _folded(text: str, aliases: bool) -> str:
    """The text words are read from: case-folded, aliases replaced."""
    lowered = text.casefold()
    if aliases:
        for literal, pattern, replace in _ALIAS_REPLACERS:
            if literal in lowered:
                lowered = pattern.sub(replace, lowered)
    return lowered


@lru_cache(maxsize=65536)
def _word_terms(word: str) -> tuple[str, ...]:
    """The terms one word contributes: its stem, and the stem of each hyphen part."""
    word = word.strip(".'")
    terms = [_stem(word)]
    if "-" in word:
        terms.extend(_stem(part) for part in word.split("-") if part)
    return tuple(terms)


def term_set(text: str, aliases: bool = True) -> frozenset[str]:
    """Every stemmed word and hyphen part of ``text``, for matching against key terms."""
    return _term_set(text, aliases)


def terms_in(text: str, wanted: frozenset[str] | set[str]) -> set[str]:
    """``wanted & term_set(text)``, found by looking only where a wanted term can be.

    A word stems to ``term`` only if it starts with the term (less a final "y",
    which "-ies" replaces), so only the runs of word characters holding that
    root are read, word by word; the rest of the text is never tokenised.
    """
    folded = _folded(text, True)
    size = len(folded)
    found: set[str] = set()
    for term in wanted:
        root = term[:-1] if term.endswith("y") else term
        start = folded.find(root) if root else -1
        while start >= 0:
            left, right = start, start + len(root)
            while left > 0 and folded[left - 1] in _WORD_CHARS:
                left -= 1
            while right < size and folded[right] in _WORD_CHARS:
                right += 1
            if any(term in _word_terms(word) for word in _WORD.findall(folded, left, right)):
                found.add(term)
                break
            start = folded.find(root, right)
    return found


@lru_cache(maxsize=512)
def _term_set(text: str, aliases: bool) -> frozenset[str]:
    return frozenset(chain.from_iterable(map(_word_terms, set(_WORD.findall(_folded(text, aliases))))))


def key_terms(text: str) -> list[str]:
    """The distinctive terms of a question, in order: no stop words, generic words or bare numbers."""
    return list(_key_terms(text))


@lru_cache(maxsize=1024)
def _key_terms(text: str) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for word in _words(text, True):
        word = word.strip(".'")
        candidates = [word]
        if "-" in word:
            candidates = [part for part in word.split("-") if part]
        for part in candidates:
            if len(part) < 3 or part.isdigit() or part in STOP_WORDS or part in GENERIC_WORDS:
                continue
            stem = _stem(part)
            if stem in GENERIC_WORDS or stem in STOP_WORDS:
                continue
            seen.setdefault(stem, None)
    return tuple(seen)
