"""Reading the figures a claim gives: (subject, benchmark, measure, condition, value).

Claims state results in many sentence shapes:

* "Qwen2.5-Coder-7B-base achieves 59.6% on HumanEval Pro and 38.6% on MBPP Pro"
* "On GSM8K, Orca 2 13B reaches 59.1% (8-shot)"
* "Conformer-L reaches a 6.3% word error rate on Switchboard"
* "Whisper large v3 transcribes LibriSpeech test-clean with a word error rate of 2.7%"
* "Gemma-7B achieves 64.3% and 46.4% on MMLU and GSM8K respectively"
* "Phi-2's accuracy on ARC-Challenge is 75.1%"

The subject is the model the sentence is about; it must look like a model
name (a digit, or a capital letter inside a word: "Llama-2-13B", "GShard"), which
keeps "The method achieves …" out. Conditions that change a result (shots,
numerical precision, fine-tuning, data split) are read wherever they stand
and kept with the figure they belong to, so that a 5-shot and a 0-shot score
are two facts, not a contradiction. Figures introduced by "from", "by", or
after a comparison ("versus", "than", "compared with") describe something
else and are left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

# --- subjects -------------------------------------------------------------------------------

_SEPARATORS = re.compile(r"[\s\-_.]+")


@lru_cache(maxsize=4096)
def entity_key(name: str) -> str:
    """A model name with case, spaces, hyphens, underscores and dots folded alike.

    "Model 2 70B", "Model-2-70B" and "model2-70b" give one key. Where two runs of
    digits meet across a separator the separator is kept (as "."), so that
    "Qwen2.5-7B" and "Qwen2-57B" stay two models.
    """
    parts = [part for part in _SEPARATORS.split(name.casefold().removesuffix("'s")) if part]
    key = ""
    for part in parts:
        if key and key[-1].isdigit() and part[0].isdigit():
            key += "."
        key += part
    return key


_NOT_A_NAME = frozenset(
    "a an the this that these those it its their our we they with without on in for at by using under after "
    "before across compared relative when while both each all most some such many llm llms moe moes ai nlp".split()
)
_INNER_CAPITAL = re.compile(r"[a-z0-9][A-Z]|[A-Z]{2}[a-z]")
_NAME_PARTS = re.compile(r"[\s-]+")


def _looks_like_model(name: str) -> bool:
    """A digit ("Llama-2-13B"), a capital inside a word ("GShard", "DeiT"), an acronym ("BERT-large")
    or a size letter after the name ("Conformer-L", "T5 XL")."""
    parts = [part for part in _NAME_PARTS.split(name.strip()) if part]
    if not parts or parts[0].casefold() in _NOT_A_NAME:
        return False
    if any(c.isdigit() for c in name) or any(_INNER_CAPITAL.search(part) for part in parts):
        return True
    if len(parts[0]) >= 2 and parts[0].isupper():
        return True
    return any(part.isupper() and len(part) <= 3 for part in parts[1:])


# --- conditions -----------------------------------------------------------------------------

_NUMBER_WORDS = {"zero": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "eight": "8",
                 "ten": "10", "few": "few"}
_SETTING = r"(?:\s+(?:setting|evaluation|prompting|regime|mode))?"
_CONDITIONS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "shots",
        re.compile(
            r"\(?\b(?:(?:in|under|with)\s+(?:the\s+|a\s+)?)?(?P<v>\d{1,2}|zero|one|two|three|four|five|eight|ten|few)"
            rf"[- ]shot\b{_SETTING}\)?",
            re.I,
        ),
    ),
    (
        "precision",
        re.compile(
            r"\(?\b(?:(?:in|with|at|using|under)\s+(?:a\s+|an\s+|the\s+)?)?"
            r"(?:(?P<fp>fp|bf)(?P<fpbits>16|32)|int(?P<int>4|8)|(?P<bits>\d{1,2})-bit|(?P<word>half|full)[- ]precision)"
            r"(?:\s+(?:precision|quantization|quantisation|weights|inference|cache|kv cache))?\b\)?",
            re.I,
        ),
    ),
    (
        "tuning",
        re.compile(
            r"\(?\b(?P<no>without(?:\s+any)?|before(?:\s+any)?|with\s+no|no)\s+fine-?tuning\b\)?"
            r"|\(?\b(?:after|with)\s+fine-?tuning\b\)?|\bfine-?tuned\b",
            re.I,
        ),
    ),
    (
        "split",
        re.compile(
            r"\(?\b(?:(?:on|in)\s+(?:the\s+)?)?(?P<v>test|dev|development|validation|val)\s+(?:split|set)\b\)?",
            re.I,
        ),
    ),
)


def _condition_value(kind: str, match: re.Match[str]) -> str:
    if kind == "shots":
        word = match.group("v").casefold()
        return f"{_NUMBER_WORDS.get(word, word)}-shot"
    if kind == "precision":
        if match.group("fpbits"):
            return f"{match.group('fpbits')}-bit"
        if match.group("int"):
            return f"{match.group('int')}-bit"
        if match.group("bits"):
            return f"{match.group('bits')}-bit"
        return "16-bit" if match.group("word").casefold() == "half" else "32-bit"
    if kind == "tuning":
        return "no fine-tuning" if match.group("no") else "fine-tuned"
    value = match.group("v").casefold()
    return "test split" if value == "test" else "dev split"


@dataclass(frozen=True, slots=True)
class _Condition:
    start: int
    value: str


def _take_conditions(text: str) -> tuple[str, list[_Condition]]:
    """The text with every condition blanked out (positions kept), and the conditions found."""
    found: list[_Condition] = []
    for kind, pattern in _CONDITIONS:
        if kind == "shots" and "shot" not in text.casefold():
            continue
        if kind == "tuning" and "tun" not in text.casefold():
            continue

        def blank(match: re.Match[str], kind: str = kind) -> str:
            found.append(_Condition(match.start(), _condition_value(kind, match)))
            return " " * (match.end() - match.start())

        text = pattern.sub(blank, text)
    found.sort(key=lambda c: c.start)
    return text, found


# --- figures --------------------------------------------------------------------------------

_VERBS = (
    r"achieves|achieved|achieving|scores|scored|reaches|reached|obtains|obtained|attains|attained|gets|got|"
    r"records|recorded|yields|yielded|reports|reported|posts|posted|transcribes|transcribed|hits|delivers|"
    r"delivered|sets|shows|showed|has|had|keeps|kept|solves|solved|answers|answered|retains|maintains|"
    r"reports|registers|registered|is|was"
)
_NAME = r"[A-Za-z0-9][\w.+/-]*(?:\s+[A-Za-z0-9][\w.+/-]*){0,4}?"
_SUBJECT = re.compile(rf"^\s*(?P<entity>{_NAME})\s*(?:,[^,]{{1,80}},\s*)?\s+(?:{_VERBS})\b", re.I)
_POSSESSIVE = re.compile(
    rf"^\s*(?:the\s+(?P<m1>[A-Za-z][\w@ -]{{0,30}}?)\s+of\s+(?P<e1>{_NAME})|(?P<e2>{_NAME})'s\s+(?P<m2>[A-Za-z][\w@ -]{{0,30}}?))"
    r"\s+(?:on|in)\s+(?:the\s+)?(?P<bench>[^,;]+?)\s+(?:is|was|stands at|reaches|reached)\s+(?P<num>\d+(?:\.\d+)?)(?P<pct>%)?",
    re.I,
)
# A leading phrase before the subject: "On GSM8K, …", "Compared with Llama 2, …".
_LEAD = re.compile(r"^\s*(?P<prep>[A-Za-z]+(?:\s+(?:with|to))?)\s+(?P<phrase>[^,]{1,80}),\s*", re.I)
_LEAD_BENCH = frozenset({"on", "across", "for"})
_STOP = (
    r"(?:and|but|while|with|without|compared|versus|vs|whereas|than|respectively|when|which|on|in|for|at|after|"
    r"before|under|using|as|by|from|to|up|down|the|a|an|its|their|is|was|of|over|among|where|whose|per|only)\b"
)
_BENCH = rf"[A-Za-z0-9][\w.+/@'-]*(?:[ \t]+(?!{_STOP})[A-Za-z0-9][\w.+/@'-]*){{0,3}}"
_MEASURE_WORD = rf"(?!{_STOP})[A-Za-z][\w@-]*"
_NUMBER = re.compile(r"(?<![\w.@/-])(?P<num>\d+(?:\.\d+)?)(?P<pct>\s?%)?(?![\w.]*\d)(?![\w@])")
_AFTER = re.compile(
    rf"\s*(?P<measure>(?:{_MEASURE_WORD}\s+){{0,3}}?)(?:on|in|across)\s+(?:the\s+)?(?P<bench>{_BENCH})",
    re.I,
)
_MEASURE_BEFORE = re.compile(rf"(?:an?\s+)?(?P<measure>(?:{_MEASURE_WORD}\s+){{0,2}}{_MEASURE_WORD})\s+of\s*$", re.I)
_UNIT_AFTER = re.compile(rf"[ \t]+(?P<measure>{_MEASURE_WORD}(?:[ \t]+{_MEASURE_WORD}){{0,2}})", re.I)
_OBJECT = re.compile(rf"\s*(?P<bench>{_BENCH})\s+with\b", re.I)
_SKIP_BEFORE = re.compile(r"\b(?:from|by|of)\s*$|\bup\s+to\s*$", re.I)
_COMPARISON = re.compile(
    r"\b(?:versus|vs\.?|than|against|compared\s+(?:with|to)|relative\s+to|whereas|up\s+from|down\s+from)\b", re.I
)
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
_BENCH_TAIL = re.compile(r"\s+(?:benchmark|dataset|suite|test)$", re.I)


@dataclass(frozen=True, slots=True)
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


def _measure_key(words: str) -> str:
    key = " ".join(words.casefold().replace("-", " ").split())
    key = key.removeprefix("a ").removeprefix("an ").removeprefix("the ")
    return _MEASURE_ALIASES.get(key, key)


def _bench(written: str) -> tuple[str, str] | None:
    """(key, as written) for a benchmark phrase, or None when it names no benchmark."""
    written = written.strip(" .;:'\"")
    written = _BENCH_TAIL.sub("", written)
    if not written or not re.search(r"[A-Z0-9-]", written):
        return None  # "on average", "on dialogue prompts": not a named benchmark
    return entity_key(written), written


def _figure(bench: tuple[str, str], measure: str, conditions: list[str], num: str, pct: str | None) -> Figure:
    return Figure(bench[0], bench[1], measure, "; ".join(sorted(set(conditions))), round(float(num), 4),
                  num + ("%" if pct else ""))


def _conditions_for(conditions: list[_Condition], start: int, end: int, shared: list[str]) -> list[str]:
    return shared + [c.value for c in conditions if start <= c.start < end]


def _respectively(text: str, offset: int, conditions: list[_Condition], shared: list[str]) -> list[Figure] | None:
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


def _scan(text: str, offset: int, conditions: list[_Condition], shared: list[str],
          default_bench: tuple[str, str] | None) -> list[Figure]:
    """The figures from ``offset`` on, each with its benchmark, measure and conditions."""
    stop = _COMPARISON.search(text, offset)
    end = stop.start() if stop else len(text)
    numbers = [m for m in _NUMBER.finditer(text, offset, end)]
    figures: list[Figure] = []
    measure_carried = ""
    for position, number in enumerate(numbers):
        before = text[offset if position == 0 else numbers[position - 1].end() : number.start()]
        if _SKIP_BEFORE.search(before) and not _MEASURE_BEFORE.search(before):
            continue
        following = numbers[position + 1].start() if position + 1 < len(numbers) else end
        after = _AFTER.match(text, number.end(), following)
        measure = ""
        bench = None
        if after:
            bench = _bench(after.group("bench"))
            measure = _measure_key(after.group("measure"))
        measured_before = _MEASURE_BEFORE.search(before)
        if measured_before:
            measure = measure or _measure_key(measured_before.group("measure"))
        if bench is None:
            if after is not None or default_bench is None:
                continue
            bench = default_bench
            # "reaches 59.1% accuracy" with the benchmark named before the subject
            unit = _UNIT_AFTER.match(text, number.end(), following)
            if unit and not measured_before:
                measure = _measure_key(unit.group("measure"))
        if measure:
            measure_carried = measure
        else:
            measure = measure_carried
        conds = _conditions_for(conditions, number.start(), following, shared)
        figures.append(_figure(bench, measure, conds, number.group("num"), number.group("pct")))
    return figures


def read_claim(report_id: str, index: int, text: str) -> ClaimNumbers | None:
    """The subject and figures of a claim, or None when it gives no model a figure on a benchmark."""
    if not any(c.isdigit() for c in text):
        return None
    text = text.replace("\u00a0", " ").replace("\u2013", "-").replace("\u2011", "-").replace("％", "%")
    text = re.sub(r"(\d)\s*(?:per\s*cent|percent)\b", r"\1%", text)
    text, conditions = _take_conditions(text)
    start = 0
    default_bench = None
    lead = _LEAD.match(text)
    if lead and not _SUBJECT.match(text):
        start = lead.end()
        if lead.group("prep").casefold() in _LEAD_BENCH:
            default_bench = _bench(lead.group("phrase"))
    text_from = text[start:].lstrip(" ,")
    start = len(text) - len(text_from)
    shared = [c.value for c in conditions if c.start < start]

    possessive = _POSSESSIVE.match(text_from)
    if possessive:
        entity = possessive.group("e1") or possessive.group("e2")
        bench = _bench(possessive.group("bench"))
        if bench is None or not _looks_like_model(entity):
            return None
        measure = _measure_key(possessive.group("m1") or possessive.group("m2"))
        conds = shared + [c.value for c in conditions if c.start >= start]
        figure = _figure(bench, measure, conds, possessive.group("num"), possessive.group("pct"))
        return ClaimNumbers(report_id, index, entity.strip(), (figure,))

    subject = _SUBJECT.match(text_from)
    if not subject:
        return None
    entity = subject.group("entity").strip()
    if not _looks_like_model(entity):
        return None
    offset = start + subject.end()
    shared += [c.value for c in conditions if start <= c.start < offset]
    obj = _OBJECT.match(text, offset)  # "transcribes LibriSpeech test-clean with a word error rate of …"
    if obj:
        default_bench = _bench(obj.group("bench")) or default_bench
        offset = obj.end()
    figures = _respectively(text, offset, conditions, shared) or _scan(text, offset, conditions, shared, default_bench)
    if not figures:
        return None
    return ClaimNumbers(report_id, index, entity, tuple(figures))
