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
from functools import lru_cache

from claimdesk.checks.conditions import Condition, take_conditions
from claimdesk.checks.figure_patterns import (
    BENCH_HEAD, BENCH_MEASURE_OF, BENCH_POSSESSIVE, BENCH_PREPOSITIONS, BENCH_TAIL, BENCH_TOKEN,
    COMPARISON_MARKERS, LEAD, LEAD_BENCH, LEAD_WORDS, MEASURE_ALIASES, NAMED, NUMBER, OBJECT,
    OBJECT_VERBS, PERCENT, POSSESSIVE, RESPECTIVELY, SEGMENT, SKIP_AFTER, STOP_WORDS, SUBJECT, TRAILING,
    UNICODE_VARIANTS, WORD_TOKEN, has_digit,
)
from claimdesk.checks.names import entity_key, looks_like_model, trim_entity


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


@lru_cache(maxsize=4096)
def _measure_key(words: str) -> str:
    key = " ".join(words.casefold().replace("-", " ").split())
    key = key.removeprefix("a ").removeprefix("an ").removeprefix("the ")
    return MEASURE_ALIASES.get(key, key)


@lru_cache(maxsize=4096)
def _bench(written: str) -> tuple[str, str] | None:
    """(key, as written) for a benchmark phrase, or None when it names no benchmark."""
    written = written.strip(" .;:'\"")
    written = BENCH_TAIL.sub("", BENCH_HEAD.sub("", written))
    if not written or not NAMED.search(written):
        return None  # "on average", "on dialogue prompts": not a named benchmark
    return entity_key(written), written


def _figure(bench: tuple[str, str], measure: str, conditions: list[str], num: str, pct: str | None) -> Figure:
    condition = "; ".join(sorted(set(conditions))) if conditions else ""
    value, number = _number(num, pct)
    return Figure(bench[0], bench[1], measure, condition, value, number)


@lru_cache(maxsize=4096)
def _number(num: str, pct: str | None) -> tuple[float, str]:
    """A number's value and the number as written, with its % sign."""
    return round(float(num), 4), num + ("%" if pct else "")


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
    measure = _measure_key(match.group("measure"))
    conds = _conditions_for(conditions, match.start(), len(text) + 1, shared)
    figures = []
    for (num, pct), written in zip(numbers, benches):
        bench = _bench(written)
        if bench is None:
            return None
        figures.append(_figure(bench, measure, conds, num, pct))
    return figures


def _measure_words(tokens: list[str]) -> str:
    """Up to three words naming a measure ("word error rate", "pass@1"); "" at the first other token."""
    taken = []
    for token in tokens[:3]:
        word = token.rstrip(TRAILING)
        if not WORD_TOKEN.fullmatch(word) or word.casefold() in STOP_WORDS:
            break
        taken.append(word)
        if word != token:  # punctuation ends the phrase
            break
    return " ".join(taken)


def _benchmark_words(tokens: list[str]) -> str:
    """Up to four words naming a benchmark, to the first small word or punctuation."""
    taken: list[str] = []
    for token in tokens[:4]:
        word = token.rstrip(TRAILING)
        if not word or not BENCH_TOKEN.fullmatch(word) or (taken and word.casefold() in STOP_WORDS):
            break
        taken.append(word)
        if word != token:
            break
    return " ".join(taken)


def _without_brackets(tokens: list[str]) -> list[str]:
    """Words with bracketed abbreviations left out: "word error rate (WER) of" reads as "word error rate of"."""
    return [token for token in tokens if not (token.startswith("(") and token.endswith(")"))]


def _trim(words: str) -> str:
    """A benchmark phrase cut at its first small word ("Base Problem and" -> "Base Problem")."""
    kept = []
    for word in words.split():
        if kept and word.casefold() in STOP_WORDS:
            break
        kept.append(word)
        if word[-1] in TRAILING:
            break
    return " ".join(kept)


# The words around a number repeat from claim to claim ("pass@1", "HumanEval Pro and"):
# what they read as is kept, like _bench and _measure_key.
@lru_cache(maxsize=4096)
def _segment_measure(words: str) -> str | None:
    """The measure key of the words between a number and "on", or None when a small word is among them."""
    if any(word.casefold() in STOP_WORDS for word in words.split()):
        return None
    return _measure_key(words)


@lru_cache(maxsize=4096)
def _segment_bench(words: str) -> tuple[str, str] | None:
    return _bench(_trim(words) if " " in words else words)


@lru_cache(maxsize=1024)
def _word_before(before: str) -> str:
    """The last word of the few characters before a number, case folded ("of", "from")."""
    return before.rstrip().rpartition(" ")[2].casefold()


@lru_cache(maxsize=4096)  # the words from the verb to "of" ("a word error rate of ")
def _measure_before(before: str) -> str | None:
    """The measure key of the words before "of" and a number, or None when no measure word stands there."""
    taken = []
    for token in reversed(_without_brackets(before.split())[-4:-1]):
        if token.casefold() in STOP_WORDS or not WORD_TOKEN.fullmatch(token):
            break
        taken.append(token)
    return _measure_key(" ".join(reversed(taken))) if taken else None


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
            measure = _segment_measure(measure_words)
            if measure is None:
                continue  # "45.0% with more data on …": not a measure
        else:
            measure = ""
        start = match.start()
        previous = _word_before(text[max(offset, start - 6) : start])
        if previous == "of":  # "a word error rate of 2.7% on …"
            before = _measure_before(text[max(offset, start - 60) : start])
            if before is None:
                continue  # "40% of its computation on …": no result
            measure = measure or before
        elif previous in SKIP_AFTER:
            continue
        bench = _segment_bench(bench_words)
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
        bench = _bench(owned.group("bench"))
        if bench is None:
            return []
        conds = [c.value for c in conditions if c.start >= offset] + shared if conditions else shared
        return [_figure(bench, _measure_key(owned.group("measure")), conds, owned.group("num"), owned.group("pct"))]
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
            for token in reversed(_without_brackets(before)[-4:-1]):
                if token.casefold() in STOP_WORDS or not WORD_TOKEN.fullmatch(token):
                    break
                back.append(token)
            if not back:
                continue  # "40% of its computation", "8 of 64 experts": no result
            measure = _measure_key(" ".join(reversed(back)))
            measured_before = True
        elif previous in SKIP_AFTER:
            continue
        following = numbers[position + 1].start() if position + 1 < len(numbers) else len(text) + 1
        after = text[number.end() : min(end, number.end() + 96)]
        if after[:1] in (",", ";", ":", ")") or after[:2] == ". ":
            after = ""
        tokens = after.split()
        words_after = _measure_words(tokens)
        count = len(words_after.split()) if words_after else 0
        rest = tokens[count:]
        if rest and rest[0].casefold() in BENCH_PREPOSITIONS:
            rest = rest[1:]
            if rest and rest[0].casefold() == "the":
                rest = rest[1:]
            bench = _bench(_benchmark_words(rest))
            if bench is None:
                continue  # "on average", "on dialogue prompts"
        elif default_bench is None:
            continue
        else:
            bench = default_bench
        if words_after and not measured_before:
            measure = _measure_key(words_after)
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


# Claims naming no subject recur across reports (the same sentence with another number): their
# verdict is kept, and only it, since a ClaimSubject holds lists a caller could change.
_NO_SUBJECT: dict[str, None] = {}
_NO_SUBJECT_KEPT = 4096


def read_subject(text: str) -> ClaimSubject | None:
    """The subject of a claim that may give figures, or None when it names no model before a verb."""
    if not has_digit(text) or text in _NO_SUBJECT:
        return None
    subject = _read_subject(text)
    if subject is None:
        if len(_NO_SUBJECT) >= _NO_SUBJECT_KEPT:
            _NO_SUBJECT.clear()
        _NO_SUBJECT[text] = None
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
                default_bench = _bench(_trim(lead.group("phrase")))
    text_from = text[start:].lstrip(" ,")
    start = len(text) - len(text_from)
    shared = [c.value for c in conditions if c.start < start] if conditions else []

    if possessive_hint:
        owned = BENCH_POSSESSIVE.match(text_from)
        if owned:
            entity = trim_entity(owned.group("entity"))
            bench = _bench(owned.group("bench"))
            if bench is None or not entity or not looks_like_model(entity):
                return None
            figure = _figure(bench, _measure_key(owned.group("measure")), [c.value for c in conditions],
                             owned.group("num"), owned.group("pct"))
            return ClaimSubject(entity, text, conditions, shared, len(text), None, figure)
        possessive = POSSESSIVE.match(text_from)
        if possessive:
            entity = (possessive.group("e1") or possessive.group("e2")).strip()
            bench = _bench(possessive.group("bench"))
            if bench is None or not looks_like_model(entity):
                return None
            measure = _measure_key(possessive.group("m1") or possessive.group("m2"))
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
            default_bench = _bench(obj.group("bench")) or default_bench
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


def read_claim(report_id: str, index: int, text: str) -> ClaimNumbers | None:
    """The subject and figures of a claim, or None when it gives no model a figure on a benchmark."""
    subject = read_subject(text)
    return None if subject is None else read_figures(report_id, index, subject)
