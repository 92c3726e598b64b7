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
from claimdesk.checks.names import SMALL_WORDS, entity_key, looks_like_model, trim_entity

# Symbol variants a generator writes for the same text: no-break spaces, hyphens and dashes, wide percent.
_UNICODE_VARIANTS = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u2010": "-", "\u2011": "-",
                                   "\u2012": "-", "\u2013": "-", "\u2212": "-", "\uff05": "%"})
_DIGIT = re.compile(r"\d")
_PERCENT = re.compile(r"(\d)\s*(?:per\s*cent|percent)\b", re.I)

# --- figures --------------------------------------------------------------------------------

_VERBS = (
    r"achieves|achieved|achieving|scores|scored|reaches|reached|obtains|obtained|attains|attained|gets|got|"
    r"records|recorded|yields|yielded|reports|reported|posts|posted|transcribes|transcribed|hits|delivers|"
    r"delivered|sets|shows|showed|has|had|keeps|kept|solves|solved|answers|answered|retains|maintains|"
    r"reports|registers|registered|is|was"
)

def _by_first_letter(words: str) -> str:
    """An alternation of words grouped by first letter ("a(?:chieves|ttains)|s(?:cores)").

    Under re.I the engine enters every branch of a flat alternation; grouped, it
    tests one letter per group. Followed by \\b, at most one word can match at a
    place, so the grouping matches exactly what the flat list does.
    """
    groups: dict[str, list[str]] = {}
    for word in dict.fromkeys(words.split("|")):
        groups.setdefault(word[0], []).append(word[1:])
    return "|".join(f"{first}(?:{'|'.join(rests)})" for first, rests in groups.items())


# Possessive (*+): a name is always followed by a space, comma, quote or bracket, none of
# which [\w.+/-] takes, so giving characters back could never make a match; it only made
# every claim without a subject retry each shorter name.
_NAME = r"[A-Za-z0-9][\w.+/-]*+(?:\s+\(?[A-Za-z0-9][\w.+/-]*+\)?){0,4}?"
_SUBJECT = re.compile(
    rf"^\s*(?P<entity>{_NAME})\s*(?:,[^,]{{1,80}}+,\s*)?\s+(?P<verb>{_by_first_letter(_VERBS)})\b", re.I
)
_OBJECT_VERBS = frozenset({"transcribes", "transcribed", "solves", "solved", "answers", "answered"})
# Measures a benchmark name may stand before: "an MMLU accuracy of 71.3%", "the MMLU accuracy of X is …".
_MEASURES = r"(?:accuracy|score|word error rate|WER|F1(?: score)?|exact match|EM|pass@\d+|BLEU|ROUGE-L|perplexity|win rate|success rate)"
_BENCH_NAME = r"[A-Z][\w.+/@'-]*(?:\s+[A-Z0-9][\w.+/@'-]*){0,2}"
_BENCH_POSSESSIVE = re.compile(
    rf"^\s*the\s+(?P<bench>{_BENCH_NAME})\s+(?P<measure>{_MEASURES})\s+of\s+(?P<entity>{_NAME})\s+"
    r"(?:is|was|stands at|reaches|reached)\s+(?P<num>\d+(?:\.\d+)?)(?P<pct>%)?",
    re.I,
)
_POSSESSIVE = re.compile(
    rf"^\s*(?:the\s+(?P<m1>[A-Za-z][\w@ -]{{0,30}}?)\s+of\s+(?P<e1>{_NAME})|(?P<e2>{_NAME})'s\s+(?P<m2>[A-Za-z][\w@ -]{{0,30}}?))"
    r"\s+(?:on|in)\s+(?:the\s+)?(?P<bench>[^,;]+?)\s+(?:is|was|stands at|reaches|reached)\s+(?P<num>\d+(?:\.\d+)?)(?P<pct>%)?",
    re.I,
)
_BENCH_MEASURE_OF = re.compile(
    rf"\b(?:an?|the|its)\s+(?P<bench>{_BENCH_NAME})\s+(?P<measure>{_MEASURES})\s+of\s+"
    r"(?P<num>\d+(?:\.\d+)?)(?P<pct>\s?%)?(?![\w.]*\d)"
)
# A leading phrase before the subject: "On GSM8K, …", "Compared with Llama 2, …".
_LEAD = re.compile(r"^\s*(?P<prep>[A-Za-z]+(?:\s+(?:with|to))?)\s+(?P<phrase>[^,]{1,80}),\s*", re.I)
_LEAD_BENCH = frozenset({"on", "across", "for"})
_LEAD_WORDS = frozenset("on in for across under with without at using compared relative after before when "
                        "among over".split())
_STOP = rf"(?:{'|'.join(sorted(SMALL_WORDS, key=len, reverse=True))})\b"
_BENCH = rf"[A-Za-z0-9][\w.+/@'-]*(?:[ \t]+(?!{_STOP})[A-Za-z0-9][\w.+/@'-]*){{0,3}}"
_MEASURE_WORD = rf"(?!{_STOP})[A-Za-z][\w@-]*"
_STOP_WORDS = SMALL_WORDS
_NUMBER = re.compile(r"(?<![\w.@/-])(?P<num>\d+(?:\.\d+)?)(?P<pct>\s?%)?(?![\w.]*\d)(?![\w@])")
_WORD_TOKEN = re.compile(r"[A-Za-z][\w@-]*")
# The stop words are checked in Python after the match: a look-ahead over ~45 words at every word
# would cost more than the rest of the pattern.
_SEGMENT = re.compile(
    r"(?<![\w.@/-])(?P<num>\d+(?:\.\d+)?)(?P<pct>\s?%)?(?![\w.]*\d)(?![\w@])"
    r"[ \t]*(?P<measure>(?:[A-Za-z][\w@-]*[ \t]+){0,3}?)(?:on|in|across)[ \t]+(?:the[ \t]+)?"
    r"(?P<bench>[A-Za-z0-9][\w.+/@'-]*(?:[ \t]+[A-Za-z][\w.+/@'-]*){0,3})",
    re.I,
)
_BENCH_TOKEN = re.compile(r"[A-Za-z0-9][\w.+/@'-]*")
_TRAILING = ",.;:)"
_BENCH_PREPOSITIONS = frozenset({"on", "in", "across"})
_SKIP_AFTER = frozenset({"from", "by", "to"})  # "from 17.9%", "by 3 points", "up to 50%": not a result
# What follows a comparison is about something else ("versus 80% for GPT-4", "up from 71.3% for …").
_COMPARISON_MARKERS = (" versus ", " vs ", " vs. ", " than ", " against ", " compared with ", " compared to ",
                       " relative to ", " whereas ", " while ", " up from ", " down from ")
_OBJECT = re.compile(rf"\s*(?P<bench>{_BENCH})\s+(?:with|at)\b", re.I)
_RESPECTIVELY = re.compile(
    r"(?P<nums>\d+(?:\.\d+)?%?(?:\s*,\s*\d+(?:\.\d+)?%?)*,?\s+and\s+\d+(?:\.\d+)?%?)\s+"
    rf"(?P<measure>(?:{_MEASURE_WORD}\s+){{0,2}}?)(?:on|in|across)\s+(?:the\s+)?"
    r"(?P<benches>[^;]+?)\s*,?\s+respectively\b",
    re.I,
)
_MEASURE_ALIASES = {
    "wer": "word error rate",
    "acc": "accuracy",
    "em": "exact match",
    "f1 score": "f1",
    "score": "",
    "average score": "",
    "average": "",
    "result": "",
    "performance": "",
}
_NAMED = re.compile(r"[A-Z0-9-]")
_BENCH_TAIL = re.compile(r"\s+(?:benchmark|dataset|suite|test)$", re.I)
_BENCH_HEAD = re.compile(r"^(?:the|a|an)\s+", re.I)


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
    return _MEASURE_ALIASES.get(key, key)


@lru_cache(maxsize=4096)
def _bench(written: str) -> tuple[str, str] | None:
    """(key, as written) for a benchmark phrase, or None when it names no benchmark."""
    written = written.strip(" .;:'\"")
    written = _BENCH_TAIL.sub("", _BENCH_HEAD.sub("", written))
    if not written or not _NAMED.search(written):
        return None  # "on average", "on dialogue prompts": not a named benchmark
    return entity_key(written), written


def _figure(bench: tuple[str, str], measure: str, conditions: list[str], num: str, pct: str | None) -> Figure:
    condition = "; ".join(sorted(set(conditions))) if conditions else ""
    return Figure(bench[0], bench[1], measure, condition, round(float(num), 4), num + ("%" if pct else ""))


def _lead_in(conditions: list[Condition], start: int, end: int) -> list[str]:
    """Conditions between the verb and the first number ("reaches a 0-shot accuracy of …"): they hold for all."""
    return [c.value for c in conditions if start <= c.start < end]


def _conditions_for(conditions: list[Condition], start: int, end: int, shared: list[str]) -> list[str]:
    if not conditions:
        return shared
    return shared + [c.value for c in conditions if start <= c.start < end]


def _respectively(text: str, offset: int, conditions: list[Condition], shared: list[str]) -> list[Figure] | None:
    match = _RESPECTIVELY.search(text, offset)
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
        word = token.rstrip(_TRAILING)
        if not _WORD_TOKEN.fullmatch(word) or word.casefold() in _STOP_WORDS:
            break
        taken.append(word)
        if word != token:  # punctuation ends the phrase
            break
    return " ".join(taken)


def _benchmark_words(tokens: list[str]) -> str:
    """Up to four words naming a benchmark, to the first small word or punctuation."""
    taken: list[str] = []
    for token in tokens[:4]:
        word = token.rstrip(_TRAILING)
        if not word or not _BENCH_TOKEN.fullmatch(word) or (taken and word.casefold() in _STOP_WORDS):
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
        if kept and word.casefold() in _STOP_WORDS:
            break
        kept.append(word)
        if word[-1] in _TRAILING:
            break
    return " ".join(kept)


# The words around a number repeat from claim to claim ("pass@1", "HumanEval Pro and"):
# what they read as is kept, like _bench and _measure_key.
@lru_cache(maxsize=4096)
def _segment_measure(words: str) -> str | None:
    """The measure key of the words between a number and "on", or None when a small word is among them."""
    if any(word.casefold() in _STOP_WORDS for word in words.split()):
        return None
    return _measure_key(words)


@lru_cache(maxsize=4096)
def _segment_bench(words: str) -> tuple[str, str] | None:
    return _bench(_trim(words) if " " in words else words)


def _segments(text: str, offset: int, end: int, conditions: list[Condition], shared: list[str]) -> list[Figure]:
    """The figures of the common shape, "59.6% pass@1 on HumanEval Pro", read by one pattern."""
    figures: list[Figure] = []
    measure_carried = ""
    matches = list(_SEGMENT.finditer(text, offset, end))
    if conditions and matches:
        shared = shared + _lead_in(conditions, offset, matches[0].start())
    for position, match in enumerate(matches):
        num, pct, measure_words, bench_words = match.group("num", "pct", "measure", "bench")
        if measure_words:
            measure = _segment_measure(measure_words)
            if measure is None:
                continue  # "45.0% with more data on …": not a measure
        else:
            measure = ""
        start = match.start()
        previous = text[max(offset, start - 6) : start].rstrip().rpartition(" ")[2].casefold()
        if previous == "of":  # "a word error rate of 2.7% on …"
            taken = []
            for token in reversed(_without_brackets(text[max(offset, start - 60) : start].split())[-4:-1]):
                if token.casefold() in _STOP_WORDS or not _WORD_TOKEN.fullmatch(token):
                    break
                taken.append(token)
            if not taken:
                continue  # "40% of its computation on …": no result
            measure = measure or _measure_key(" ".join(reversed(taken)))
        elif previous in _SKIP_AFTER:
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
        for marker in _COMPARISON_MARKERS:
            at = lowered.find(marker, offset, end)
            if at >= 0:
                end = at
    if default_bench is None:
        figures = _segments(text, offset, end, conditions, shared)
        if figures or "of" not in text:
            return figures
        # "attains an MMLU accuracy of 71.3%": the benchmark named before its measure
        owned = _BENCH_MEASURE_OF.search(text, offset, end)
        if owned is None:
            return []
        bench = _bench(owned.group("bench"))
        if bench is None:
            return []
        conds = [c.value for c in conditions if c.start >= offset] + shared if conditions else shared
        return [_figure(bench, _measure_key(owned.group("measure")), conds, owned.group("num"), owned.group("pct"))]
    numbers = list(_NUMBER.finditer(text, offset, end))
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
                if token.casefold() in _STOP_WORDS or not _WORD_TOKEN.fullmatch(token):
                    break
                back.append(token)
            if not back:
                continue  # "40% of its computation", "8 of 64 experts": no result
            measure = _measure_key(" ".join(reversed(back)))
            measured_before = True
        elif previous in _SKIP_AFTER:
            continue
        following = numbers[position + 1].start() if position + 1 < len(numbers) else len(text) + 1
        after = text[number.end() : min(end, number.end() + 96)]
        if after[:1] in (",", ";", ":", ")") or after[:2] == ". ":
            after = ""
        tokens = after.split()
        words_after = _measure_words(tokens)
        count = len(words_after.split()) if words_after else 0
        rest = tokens[count:]
        if rest and rest[0].casefold() in _BENCH_PREPOSITIONS:
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


def read_subject(text: str) -> ClaimSubject | None:
    """The subject of a claim that may give figures, or None when it names no model before a verb."""
    if not _DIGIT.search(text):
        return None
    if not text.isascii():
        text = text.translate(_UNICODE_VARIANTS)
    if "cent" in text:
        text = _PERCENT.sub(r"\1%", text)
    first = text[:16].split(None, 1)
    leads = bool(first) and first[0].casefold() in _LEAD_WORDS
    possessive_hint = "'s " in text or text[:4].casefold() == "the "
    subject = None if leads or possessive_hint else _SUBJECT.match(text)
    if subject is None and not leads and not possessive_hint:
        return None  # most claims: no model name before a verb, so no figure to read
    text, conditions = take_conditions(text)
    if conditions:
        subject = None  # read again on the text without its conditions
    start = 0
    default_bench = None
    if leads:
        lead = _LEAD.match(text)
        if lead and not _SUBJECT.match(text):
            start = lead.end()
            if lead.group("prep").casefold() in _LEAD_BENCH:
                # read as a benchmark after the number is: "On RULER at 32k tokens," names RULER
                default_bench = _bench(_trim(lead.group("phrase")))
    text_from = text[start:].lstrip(" ,")
    start = len(text) - len(text_from)
    shared = [c.value for c in conditions if c.start < start] if conditions else []

    if possessive_hint:
        owned = _BENCH_POSSESSIVE.match(text_from)
        if owned:
            entity = trim_entity(owned.group("entity"))
            bench = _bench(owned.group("bench"))
            if bench is None or not entity or not looks_like_model(entity):
                return None
            figure = _figure(bench, _measure_key(owned.group("measure")), [c.value for c in conditions],
                             owned.group("num"), owned.group("pct"))
            return ClaimSubject(entity, text, conditions, shared, len(text), None, figure)
        possessive = _POSSESSIVE.match(text_from)
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
        subject = _SUBJECT.match(text_from)
        if not subject:
            return None
    entity = trim_entity(subject.group("entity"))
    if not entity or not looks_like_model(entity):
        return None
    offset = start + subject.end()
    if conditions:
        shared += [c.value for c in conditions if start <= c.start < offset]
    if subject.group("verb").casefold() in _OBJECT_VERBS:
        obj = _OBJECT.match(text, offset)  # "transcribes LibriSpeech test-clean with a word error rate of …"
        if obj:
            default_bench = _bench(obj.group("bench")) or default_bench
            offset = obj.end()
    return ClaimSubject(entity, text, conditions, shared, offset, default_bench)


def read_figures(report_id: str, index: int, subject: ClaimSubject) -> ClaimNumbers | None:
    """The figures of a claim whose subject has been read, or None when it gives none."""
    if subject.figure is not None:
        return ClaimNumbers(report_id, index, subject.entity, (subject.figure,))
    text, offset, conditions, shared = subject.text, subject.offset, subject.conditions, subject.shared
    figures = None
    if "respectively" in text:
        figures = _respectively(text, offset, conditions, shared)
    figures = figures or _scan(text, offset, conditions, shared, subject.default_bench)
    if not figures:
        return None
    return ClaimNumbers(report_id, index, subject.entity, tuple(figures))


def read_claim(report_id: str, index: int, text: str) -> ClaimNumbers | None:
    """The subject and figures of a claim, or None when it gives no model a figure on a benchmark."""
    subject = read_subject(text)
    return None if subject is None else read_figures(report_id, index, subject)
