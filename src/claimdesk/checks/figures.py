"""Reading the figures a claim gives: (subject, benchmark, measure, condition, value).

Claims state results in many sentence shapes:

* "Qwen2.5-Coder-7B-base achieves 59.6% on HumanEval Pro and 38.6% on MBPP Pro"
* "On GSM8K, Orca 2 13B reaches 59.1% (8-shot)"
* "Conformer-L reaches a 6.3% word error rate on Switchboard"
* "Whisper large v3 transcribes LibriSpeech test-clean with a word error rate of 2.7%"
* "Gemma-7B achieves 64.3% and 46.4% on MMLU and GSM8K respectively"
* "Phi-2's accuracy on ARC-Challenge is 75.1%"

The subject is the model the sentence is about; it must look like a model
name (``checks.names``), which keeps "The method achieves …" out. Conditions that
change a result (``checks.conditions``: shots, numerical precision, fine-tuning,
data split, prompting) are read wherever they stand and kept with the figure they
belong to, so that a 5-shot and a 0-shot score are two facts, not a contradiction. Figures introduced by "from", "by", or
after a comparison ("versus", "than", "compared with") describe something
else and are left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from claimdesk.checks.conditions import Condition, take_conditions
from claimdesk.checks.figure_patterns import (
    BENCH_MEASURE_OF, BENCH_POSSESSIVE, BENCH_PREPOSITIONS, COMPARISON_MARKERS, LEAD, LEAD_BENCH, LEAD_WORDS,
    NUMBER, OBJECT, OBJECT_VERBS, PERCENT, POSSESSIVE, RESPECTIVELY, SEGMENT, SKIP_AFTER, STOP_WORDS, SUBJECT,
    UNICODE_VARIANTS, WORD_TOKEN, has_digit,
)
from claimdesk.checks.figure_words import (
    bench_key, benchmark_phrase, measure_before, measure_key, measure_phrase, number_as_written,
    segment_bench, segment_measure, trim, without_brackets, word_before,
)
from claimdesk.checks.names import entity_key, looks_like_model, trim_entity  # entity_key: read with figures


@dataclass(slots=True)  # not frozen: built for every figure read, and frozen dataclasses build slower
class Figure:
    """One number a claim gives its subject."""

    benchmark: str  # normalised key
    written: str  # the benchmark as written
    measure: str  # normalised key; "" when the claim names none (it then matches any measure)
    condition: str  # normalised conditions, "; "-joined; "" when none is stated
    value: float
    number: str  # the number as written, with its % sign


@dataclass(frozen=True, slots=True)
class ClaimNumbers:
    """The figures one claim gives one subject."""

    report_id: str
    claim: int
    entity: str  # as written
    figures: tuple[Figure, ...]


def _figure(bench: tuple[str, str], measure: str, conditions: list[str], num: str, pct: str | None) -> Figure:
    condition = "; ".join(sorted(set(conditions))) if conditions else ""
    value, number = number_as_written(num, pct)
    return Figure(bench[0], bench[1], measure, condition, value, number)


def _lead_in(conditions: list[Condition], start: int, end: int) -> list[str]:
    """Conditions between the verb and the first number ("reaches a 0-shot accuracy of …"): they hold for all."""
    return [c.value for c in conditions if start <= c.start < end]


def _conditions_for(conditions: list[Condition], start: int, end: int, shared: list[str]) -> list[str]:
    if not conditions:
        return shared
    return shared + [c.value for c in conditions if start <= c.start < end]


def _respectively(text: str, offset: int, conditions: list[Condition], shared: list[str]) -> list[Figure] | None:
    match = RESPECTIVELY.search(text, offset)
    if not match:
        return None
    numbers = re.findall(r"(\d+(?:\.\d+)?)(%?)", match.group("nums"))
    benches = [b for b in re.split(r"\s*,\s*(?:and\s+)?|\s+and\s+", match.group("benches")) if b.strip()]
    if len(numbers) != len(benches):
        return None
    measure = measure_key(match.group("measure"))
    conds = _conditions_for(conditions, match.start(), len(text) + 1, shared)
    figures = []
    for (num, pct), written in zip(numbers, benches):
        bench = bench_key(written)
        if bench is None:
            return None
        figures.append(_figure(bench, measure, conds, num, pct))
    return figures


def _segments(text: str, offset: int, end: int, conditions: list[Condition], shared: list[str]) -> list[Figure]:
    """The figures of the common shape, "59.6% pass@1 on HumanEval Pro", read by one pattern."""
    figures: list[Figure] = []
    measure_carried = ""
    matches = list(SEGMENT.finditer(text, offset, end))
    if conditions and matches:
        shared = shared + _lead_in(conditions, offset, matches[0].start())
    for position, match in enumerate(matches):
        num, pct, measure_words, bench_words = match.groups()  # SEGMENT's groups, in order
        if measure_words:
            measure = segment_measure(measure_words)
            if measure is None:
                continue  # "45.0% with more data on …": not a measure
        else:
            measure = ""
        start = match.start()
        previous = word_before(text[max(offset, start - 6) : start])
        if previous == "of":  # "a word error rate of 2.7% on …"
            before = measure_before(text[max(offset, start - 60) : start])
            if before is None:
                continue  # "40% of its computation on …": no result
            measure = measure or before
        elif previous in SKIP_AFTER:
            continue
        bench = segment_bench(bench_words)
        if bench is None:
            continue
        if measure:
            measure_carried = measure
        else:
            measure = measure_carried
        if conditions:
            following = matches[position + 1].start() if position + 1 < len(matches) else len(text) + 1
            conds = _conditions_for(conditions, start, following, shared)
        else:
            conds = shared
        figures.append(_figure(bench, measure, conds, num, pct))
    return figures


def _scan(text: str, offset: int, conditions: list[Condition], shared: list[str],
          default_bench: tuple[str, str] | None) -> list[Figure]:
    """The figures from ``offset`` on, each with its benchmark, measure and conditions.

    For each number: the measure words before it ("a word error rate of") or after it
    ("pass@1"), then "on"/"in"/"across" and the benchmark. Only the words next to a
    number are read.
    """
    lowered = text.casefold()
    end = len(text)
    if (" v" in lowered or " than " in lowered or " against " in lowered or " compared " in lowered
            or " relative " in lowered or " whereas " in lowered or " while " in lowered or " from " in lowered):
        for marker in COMPARISON_MARKERS:
            at = lowered.find(marker, offset, end)
            if at >= 0:
                end = at
    if default_bench is None:
        figures = _segments(text, offset, end, conditions, shared)
        if figures or "of" not in text:
            return figures
        # "attains an MMLU accuracy of 71.3%": the benchmark named before its measure
        owned = BENCH_MEASURE_OF.search(text, offset, end)
        if owned is None:
            return []
        bench = bench_key(owned.group("bench"))
        if bench is None:
            return []
        conds = [c.value for c in conditions if c.start >= offset] + shared if conditions else shared
        return [_figure(bench, measure_key(owned.group("measure")), conds, owned.group("num"), owned.group("pct"))]
    numbers = list(NUMBER.finditer(text, offset, end))
    if conditions and numbers:
        shared = shared + _lead_in(conditions, offset, numbers[0].start())
    figures: list[Figure] = []
    measure_carried = ""
    for position, number in enumerate(numbers):
        start = number.start()
        before = text[max(offset, start - 48) : start].split()
        previous = before[-1].casefold() if before else ""
        measure = ""
        measured_before = False
        if previous == "of":  # "a word error rate of 2.7%"
            back = []
            for token in reversed(without_brackets(before)[-4:-1]):
                if token.casefold() in STOP_WORDS or not WORD_TOKEN.fullmatch(token):
                    break
                back.append(token)
            if not back:
                continue  # "40% of its computation", "8 of 64 experts": no result
            measure = measure_key(" ".join(reversed(back)))
            measured_before = True
        elif previous in SKIP_AFTER:
            continue
        following = numbers[position + 1].start() if position + 1 < len(numbers) else len(text) + 1
        after = text[number.end() : min(end, number.end() + 96)]
        if after[:1] in (",", ";", ":", ")") or after[:2] == ". ":
            after = ""
        tokens = after.split()
        words_after = measure_phrase(tokens)
        count = len(words_after.split()) if words_after else 0
        rest = tokens[count:]
        if rest and rest[0].casefold() in BENCH_PREPOSITIONS:
            rest = rest[1:]
            if rest and rest[0].casefold() == "the":
                rest = rest[1:]
            bench = bench_key(benchmark_phrase(rest))
            if bench is None:
                continue  # "on average", "on dialogue prompts"
        elif default_bench is None:
            continue
        else:
            bench = default_bench
        if words_after and not measured_before:
            measure = measure_key(words_after)
        if measure:
            measure_carried = measure
        else:
            measure = measure_carried
        conds = _conditions_for(conditions, start, following, shared)
        figures.append(_figure(bench, measure, conds, number.group("num"), number.group("pct")))
    return figures


@dataclass(slots=True)
class ClaimSubject:
    """A claim read as far as its subject: enough to tell which claims could share a model."""

    entity: str
    text: str  # the claim with its conditions blanked out
    conditions: list[Condition]
    shared: list[str]  # conditions stated before the figures, holding for all of them
    offset: int  # where the figures may start
    default_bench: tuple[str, str] | None
    figure: Figure | None = None  # the one figure of a possessive claim ("X's accuracy on B is N%")


# Claims that give no figure recur across reports (the same sentence with another number or
# model suffix): that verdict is kept per text, and only it, since a ClaimSubject and its
# figures are mutable. Each memo is emptied when full, which bounds it.
_NO_SUBJECT: dict[str, None] = {}  # texts naming no subject
_NO_FIGURES: dict[str, None] = {}  # texts giving no figure, with or without a subject
_KEPT = 4096


def _remember(memo: dict[str, None], text: str) -> None:
    if len(memo) >= _KEPT:
        memo.clear()
    memo[text] = None


def read_subject(text: str) -> ClaimSubject | None:
    """The subject of a claim that may give figures, or None when it names no model before a verb."""
    if not has_digit(text) or text in _NO_SUBJECT:
        return None
    subject = _read_subject(text)
    if subject is None:
        _remember(_NO_SUBJECT, text)
    return subject


def _read_subject(text: str) -> ClaimSubject | None:
    if not text.isascii():
        text = text.translate(UNICODE_VARIANTS)
    if "cent" in text:
        text = PERCENT.sub(r"\1%", text)
    first = text[:16].split(None, 1)
    leads = bool(first) and first[0].casefold() in LEAD_WORDS
    possessive_hint = "'s " in text or text[:4].casefold() == "the "
    subject = None if leads or possessive_hint else SUBJECT.match(text)
    if subject is None and not leads and not possessive_hint:
        return None  # most claims: no model name before a verb, so no figure to read
    text, conditions = take_conditions(text)
    if conditions:
        subject = None  # read again on the text without its conditions
    start = 0
    default_bench = None
    if leads:
        lead = LEAD.match(text)
        if lead and not SUBJECT.match(text):
            start = lead.end()
            if lead.group("prep").casefold() in LEAD_BENCH:
                # read as a benchmark after the number is: "On RULER at 32k tokens," names RULER
                default_bench = bench_key(trim(lead.group("phrase")))
    text_from = text[start:].lstrip(" ,")
    start = len(text) - len(text_from)
    shared = [c.value for c in conditions if c.start < start] if conditions else []

    if possessive_hint:
        owned = BENCH_POSSESSIVE.match(text_from)
        if owned:
            entity = trim_entity(owned.group("entity"))
            bench = bench_key(owned.group("bench"))
            if bench is None or not entity or not looks_like_model(entity):
                return None
            figure = _figure(bench, measure_key(owned.group("measure")), [c.value for c in conditions],
                             owned.group("num"), owned.group("pct"))
            return ClaimSubject(entity, text, conditions, shared, len(text), None, figure)
        possessive = POSSESSIVE.match(text_from)
        if possessive:
            entity = (possessive.group("e1") or possessive.group("e2")).strip()
            bench = bench_key(possessive.group("bench"))
            if bench is None or not looks_like_model(entity):
                return None
            measure = measure_key(possessive.group("m1") or possessive.group("m2"))
            conds = shared + [c.value for c in conditions if c.start >= start]
            figure = _figure(bench, measure, conds, possessive.group("num"), possessive.group("pct"))
            return ClaimSubject(entity, text, conditions, shared, len(text), None, figure)

    if subject is None or start:
        subject = SUBJECT.match(text_from)
        if not subject:
            return None
    entity = trim_entity(subject.group("entity"))
    if not entity or not looks_like_model(entity):
        return None
    offset = start + subject.end()
    if conditions:
        shared += [c.value for c in conditions if start <= c.start < offset]
    if subject.group("verb").casefold() in OBJECT_VERBS:
        obj = OBJECT.match(text, offset)  # "transcribes LibriSpeech test-clean with a word error rate of …"
        if obj:
            default_bench = bench_key(obj.group("bench")) or default_bench
            offset = obj.end()
    return ClaimSubject(entity, text, conditions, shared, offset, default_bench)


def read_figures(report_id: str, index: int, subject: ClaimSubject) -> ClaimNumbers | None:
    """The figures of a claim whose subject has been read, or None when it gives none."""
    figures = figures_of(subject)
    return ClaimNumbers(report_id, index, subject.entity, tuple(figures)) if figures else None


def figures_of(subject: ClaimSubject) -> list[Figure]:
    """The figures of a claim whose subject has been read, in the claim's order (none: empty)."""
    if subject.figure is not None:
        return [subject.figure]
    text, offset, conditions, shared = subject.text, subject.offset, subject.conditions, subject.shared
    figures = None
    if "respectively" in text:
        figures = _respectively(text, offset, conditions, shared)
    return figures or _scan(text, offset, conditions, shared, subject.default_bench)


def read_text(text: str) -> tuple[str, list[Figure]] | None:
    """(subject as written, figures) of a claim, or None when it gives no model a figure on a benchmark."""
    if not has_digit(text) or text in _NO_FIGURES:
        return None
    subject = _read_subject(text)
    figures = figures_of(subject) if subject is not None else None
    if not figures:
        _remember(_NO_FIGURES, text)
        return None
    return subject.entity, figures


def read_claim(report_id: str, index: int, text: str) -> ClaimNumbers | None:
    """The subject and figures of a claim, or None when it gives no model a figure on a benchmark."""
    found = read_text(text)
    return None if found is None else ClaimNumbers(report_id, index, found[0], tuple(found[1]))
