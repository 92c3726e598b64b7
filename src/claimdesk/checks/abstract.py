"""abstract-contamination: text in the abstract that is not the synthesis speaking.

The publisher's abstract is a template: an opening that quotes the research
question, then fixed sentences with the counts, the score and a disclaimer.
Whatever else sits in it was put there by the extractor: first-person text
copied from a source paper, or filler that has nothing to do with the question.
The quoted question itself may also be cut short.
"""

from __future__ import annotations

import re

from claimdesk.checks.registry import finding
from claimdesk.checks.text import STOP_WORDS, FoldedPattern, key_terms, term_set
from claimdesk.model import Finding, Report

_LABEL = re.compile(r"^\s*abstract\s*:\s*", re.I)
_OPENING = re.compile(
    r"this report synthesi[sz]es findings from \d{1,7} [\w -]{0,40}?(?:papers|studies|sources) "
    r"addressing the following research question:\s*",
    re.I,
)
_TEMPLATE_SENTENCES = (
    FoldedPattern(r"\d+ claims? (?:were|was) extracted from source literature; \d+ (?:were|was) independently "
                  r"verified against retrieved documents\.?"),
    FoldedPattern(r"an automated multi-reviewer quality assessment produced a score of [\d.]+\s*/\s*10\.?"),
    FoldedPattern(r"this report is a machine-generated literature synthesis and does not constitute original "
                  r"research\.?"),
)
_FIRST_PERSON = FoldedPattern(r"\b(?:we|our|ours|us)\b")
# The stop comes first (the engine scans for it), then the look-behinds check what precedes it.
_SENTENCE_END = re.compile(r"[.?!](?<!\be\.g.)(?<!\bi\.e.)(?<!\bet al.)(?=\s+[A-Z0-9]|\s*$)")

# Filler: most of its distinctive words are foreign to the question.
FILLER_MIN_WORDS = 8
FILLER_MAX_SHARED = 0.15
PREFIX = 7  # letters two words must share to count as one ("generation" and "general" do not)
# How a synthesis speaks of its sources; such words say nothing about the topic.
SYNTHESIS_WORDS = frozenset(
    "source report reported evidence finding literature author agree suggest indicate mixed limited "
    "directly retrieved retrieve claim claimed paper show shown".split()
)


def _squash(text: str) -> str:
    """Runs of white space as one space, ends trimmed (str.split: the same as re's \\s+, 10× faster)."""
    return " ".join(text.split())


def _snippet(text: str, size: int = 60) -> str:
    text = text.strip()
    return text if len(text) <= size else text[:size].rstrip() + "…"


def _common_prefix(left: str, right: str) -> int:
    if left.startswith(right):
        return len(right)
    low, high = 0, min(len(left), len(right))
    while low < high:  # the longest equal prefix, by bisection on slices (done in C)
        middle = (low + high + 1) // 2
        if left[:middle] == right[:middle]:
            low = middle
        else:
            high = middle - 1
    return low


def _last_word(text: str) -> str:
    """The run of ASCII letters the text ends on, punctuation and spaces after it aside ("" if none).

    Read from the end: a pattern looking ahead to the end from every word is quadratic.
    """
    end = len(text)
    while end and not (text[end - 1].isalnum() or text[end - 1] == "_"):
        end -= 1
    start = end
    while start and text[start - 1].isascii() and text[start - 1].isalpha():
        start -= 1
    return text[start:end] if start < end and text[end - 1].isascii() and text[end - 1].isalpha() else ""


def _split_question(rest: str, question: str | None) -> tuple[str, str, str | None]:
    """(question as quoted, text after it, the part of the full question left out if it was cut)."""
    if question:
        full = _squash(question).rstrip("?. ")
        shared = _common_prefix(rest.casefold(), full.casefold())
        if shared >= len(full):
            return rest[:shared], rest[shared:].lstrip("?.! "), None
        # Cut: the quote agrees with the question word for word, then ends its sentence early.
        if shared >= 20 and rest[shared:shared + 1] in (".", "?", "!") and full[shared:shared + 1] == " ":
            return rest[:shared], rest[shared + 1:].lstrip(), full[shared:].strip()
    match = _SENTENCE_END.search(rest)
    end = match.end() if match else len(rest)
    quoted = rest[:end]
    last_word = _last_word(quoted)
    if last_word and last_word.casefold() in STOP_WORDS:
        return quoted, rest[end:].lstrip(), ""
    return quoted, rest[end:].lstrip(), None


def contamination_reasons(abstract: str, question: str | None, title: str = "") -> list[str]:
    """Each way the abstract is contaminated, as evidence a reviewer can read."""
    text = _squash(_LABEL.sub("", abstract))
    opening = _OPENING.search(text)
    reasons: list[str] = []
    if opening:
        head = text[: opening.start()]
        quoted, after, left_out = _split_question(text[opening.end():], question)
        if left_out is not None:
            tail = quoted[-40:].lstrip()
            detail = f' (the full question goes on "{_snippet(left_out, 50)}")' if left_out else ""
            reasons.append(f'a research question cut off mid-sentence: "…{tail}."{detail}')
        extra = head + " " + after
        question_text = question or quoted
    else:
        extra = text.replace(_squash(question), " ") if question else text
        question_text = question or ""
    for sentence in _TEMPLATE_SENTENCES:
        extra = sentence.sub(" ", extra)
    extra = _squash(extra)
    if not extra:
        return reasons

    first_person = _FIRST_PERSON.search(extra)
    if first_person:
        start = extra.rfind(". ", 0, first_person.start())
        start = 0 if start < 0 else start + 2
        reasons.insert(0, f'first-person text copied from a source: "{_snippet(extra[start:])}"')
    elif opening and question_text and len(extra.split()) >= FILLER_MIN_WORDS:
        # The question's vocabulary: every word of it and of the title, compared by its first
        # letters so that "specialisation" meets "specialise" and "experts" meets "mixture-of-experts".
        vocabulary = {term[:PREFIX] for term in term_set(f"{question_text} {title}", aliases=False)}
        extra_terms = [term for term in key_terms(extra) if term not in SYNTHESIS_WORDS]
        shared = [term for term in extra_terms if term[:PREFIX] in vocabulary]
        if extra_terms and len(shared) / len(extra_terms) < FILLER_MAX_SHARED:
            reasons.insert(
                0,
                f'filler unrelated to the question ({len(shared)} of its {len(extra_terms)} key terms '
                f'in the question): "{_snippet(extra)}"',
            )
    return reasons


def abstract_contamination(report: Report) -> list[Finding]:
    if not report.abstract:
        return []
    reasons = contamination_reasons(report.abstract, report.research_question, report.title)
    if not reasons:
        return []
    return [finding("abstract-contamination", "the abstract carries " + "; ".join(reasons))]
