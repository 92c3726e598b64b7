"""Words and numbers as the evidence index sees them: tokens that survive paraphrase.

A token is a lower-cased word, lightly stemmed, with a few synonyms folded together
("attains" and "achieves" are one word). Hyphenated names give both the joined form and
their parts, so "Qwen2.5-Coder-7B" and "Qwen2.5Coder-7B" meet, and so do "self-invoking"
and the PDF's "self-\\ninvoking". A value such as "76.2%" becomes "#76.2", so
"pass@1 of 76.2%" and "76.2% pass@1" are the same bag of tokens.
"""

from __future__ import annotations

import re
from functools import lru_cache

STOP = frozenset(
    """a an the and or but if of to in on at by for with from as is are was were be been being this that these
    those it its their there here than then so such into over under about across via per we our us they them he she
    his her i you your not no nor can could may might will would should shall do does did done has have had having
    which who whom whose what when where why how all any both each few most other some same own only very also just
    more most much many while whereas however although though thus hence therefore e g eg ie et al""".split()
)
# Words that carry direction; kept out of STOP so they count, and read by the polarity test.
UP = frozenset(
    "more higher greater increase increases increased increasing improve improves improved improving better best "
    "outperform outperforms outperformed outperforming faster larger above exceed exceeds exceeded gain gains "
    "raise raises raised boost boosts boosted stronger grew grow grows rise rises rose risen".split()
)
DOWN = frozenset(
    "less lower fewer decrease decreases decreased decreasing reduce reduces reduced reducing degrade degrades "
    "degraded worse worst underperform underperforms underperformed slower smaller below drop drops dropped hurt "
    "hurts lag lags lagged weaker fell fall falls shrink shrinks shrank lose loses lost losing".split()
)

_SYNONYM_GROUPS = (
    ("achieve", "achieves achieved achieving attain attains attained reach reaches reached obtain obtains obtained "
                "score scores scored record records recorded get gets got yield yields yielded post posts posted"),
    ("outperform", "outperform outperforms outperformed surpass surpasses surpassed beat beats exceed exceeds "
                   "exceeded win wins won"),
    ("select", "select selects selected pick picks picked choose chooses chose chosen"),
    ("need", "need needs needed require requires required"),
    ("increase", "increase increases increased improve improves improved boost boosts boosted raise raises raised "
                 "gain gains higher greater"),
    ("decrease", "decrease decreases decreased reduce reduces reduced lower lowers lowered cut cuts drop drops "
                 "dropped"),
    ("use", "use uses used using employ employs employed utilize utilizes utilized leverage leverages leveraged "
            "adopt adopts adopted apply applies applied rely relies"),
    ("generate", "generate generates generated produce produces produced create creates created synthesize "
                 "synthesizes synthesized"),
    ("propose", "propose proposes proposed introduce introduces introduced present presents presented"),
    ("show", "show shows showed shown demonstrate demonstrates demonstrated indicate indicates indicated reveal "
             "reveals revealed find finds found"),
    ("model", "model models"),
    ("llm", "llm llms"),
    ("accuracy", "accuracy accurate acc"),
    ("efficient", "efficient efficiency efficiently"),
    ("benchmark", "benchmark benchmarks"),
    ("large", "large larger big bigger"),
    ("small", "small smaller tiny"),
    ("expert", "expert experts"),
    ("task", "task tasks"),
    ("parameter", "parameter parameters params"),
    ("train", "train trains trained training"),
    ("evaluate", "evaluate evaluates evaluated evaluation evaluations assess assesses assessed"),
)
SYNONYMS: dict[str, str] = {word: head for head, words in _SYNONYM_GROUPS for word in words.split()}

_SUFFIXES = ("ations", "ation", "ments", "ment", "ness", "ities", "ity", "ings", "ing", "ies", "ied", "ed", "es", "s")

_HYPHEN_BREAK = re.compile(r"(\w)-[ \t]*\n[ \t]*(\w)")
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}\b)")
TOKEN = re.compile(r"[^\W_]+(?:[-.@/+'][^\W_]+)*%?")
_NUMBER = re.compile(r"\d+(?:\.\d+)?%?")
_SPLIT = re.compile(r"[-/+']")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A light suffix stripper: consistent on both sides is all retrieval needs."""
    if word in SYNONYMS:
        return SYNONYMS[word]
    if len(word) <= 3 or not word.isalpha():
        return word
    base = word
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            if suffix in ("s", "es") and word.endswith(("ss", "us", "is")):
                break
            base = word[: -len(suffix)]
            if suffix in ("ies", "ied"):
                base += "y"
            break
    if base.endswith("e") and len(base) > 3:
        base = base[:-1]
    return SYNONYMS.get(base, base)


def number_token(written: str) -> str:
    value = float(written.rstrip("%"))
    return f"#{value:g}"


def prepare(text: str) -> str:
    """Join words a PDF broke across lines and drop thousands separators."""
    return _THOUSANDS.sub("", _HYPHEN_BREAK.sub(r"\1-\2", text))


@lru_cache(maxsize=131072)
def word_tokens(raw: str) -> tuple[str, ...]:
    low = raw.casefold()
    if _NUMBER.fullmatch(low):
        return (number_token(low),)
    low = low.rstrip("%")
    if not _SPLIT.search(low):
        if low in STOP or len(low) < 2:
            return ()
        return (stem(low),)
    joined = _SPLIT.sub("", low)
    out = [stem(joined) if joined.isalpha() else joined]
    for part in _SPLIT.split(low):
        if len(part) >= 2 and part not in STOP and not part.isdigit():
            out.append(stem(part))
    return tuple(out)


def tokens(text: str) -> list[str]:
    """The index tokens of ``text``, in order, with repeats."""
    out: list[str] = []
    for match in TOKEN.finditer(prepare(text)):
        out.extend(word_tokens(match.group()))
    return out


def words(text: str) -> list[str]:
    """Lower-cased raw words (for the polarity test, which must see "less" and "more" unstemmed)."""
    return [m.group().casefold() for m in TOKEN.finditer(prepare(text))]


def _names(text: str) -> list[str]:
    found: list[str] = []
    for match in TOKEN.finditer(prepare(text)):
        raw = match.group().rstrip("%")
        if _NUMBER.fullmatch(raw):
            continue
        has_digit = any(ch.isdigit() for ch in raw)
        has_alpha = any(ch.isalpha() for ch in raw)
        inner_cap = any(ch.isupper() for ch in raw[1:])
        if has_alpha and (has_digit or inner_cap) and len(raw) >= 2:
            found.append(raw)
    return found


def name_tokens(text: str) -> list[str]:
    """Name-like words (a digit with letters, an inner capital, or all capitals), first seen first."""
    return list(dict.fromkeys(_SPLIT.sub("", raw.casefold()) for raw in _names(text)))


def subject_tokens(text: str) -> frozenset[str]:
    """The tokens of the first name-like word (the claim's subject, as publishers write claims)."""
    names = _names(text)
    return frozenset(word_tokens(names[0])) if names else frozenset()
