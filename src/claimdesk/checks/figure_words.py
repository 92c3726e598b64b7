"""The words around a number in a claim: measure and benchmark phrases, read for ``checks.figures``.

Pure functions of short phrases. The phrases recur from claim to claim and from
report to report ("pass@1", "a word error rate of", "HumanEval Pro and"), so
most are read once per distinct phrase and kept (lru_cache).
"""

from __future__ import annotations

from functools import lru_cache

from claimdesk.checks.figure_patterns import (
    BENCH_HEAD, BENCH_TAIL, BENCH_TOKEN, MEASURE_ALIASES, NAMED, STOP_WORDS, TRAILING, WORD_TOKEN,
)
from claimdesk.checks.names import entity_key


@lru_cache(maxsize=4096)
def measure_key(words: str) -> str:
    key = " ".join(words.casefold().replace("-", " ").split())
    key = key.removeprefix("a ").removeprefix("an ").removeprefix("the ")
    return MEASURE_ALIASES.get(key, key)


@lru_cache(maxsize=4096)
def bench_key(written: str) -> tuple[str, str] | None:
    """(key, as written) for a benchmark phrase, or None when it names no benchmark."""
    written = written.strip(" .;:'\"")
    written = BENCH_TAIL.sub("", BENCH_HEAD.sub("", written))
    if not written or not NAMED.search(written):
        return None  # "on average", "on dialogue prompts": not a named benchmark
    return entity_key(written), written


@lru_cache(maxsize=4096)
def number_as_written(num: str, pct: str | None) -> tuple[float, str]:
    """A number's value and the number as written, with its % sign."""
    return round(float(num), 4), num + ("%" if pct else "")


def measure_phrase(tokens: list[str]) -> str:
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


def benchmark_phrase(tokens: list[str]) -> str:
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


def without_brackets(tokens: list[str]) -> list[str]:
    """Words with bracketed abbreviations left out: "word error rate (WER) of" reads as "word error rate of"."""
    return [token for token in tokens if not (token.startswith("(") and token.endswith(")"))]


def trim(words: str) -> str:
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
# what they read as is kept, as for bench_key and measure_key.
@lru_cache(maxsize=4096)
def segment_measure(words: str) -> str | None:
    """The measure key of the words between a number and "on", or None when a small word is among them."""
    if any(word.casefold() in STOP_WORDS for word in words.split()):
        return None
    return measure_key(words)


@lru_cache(maxsize=4096)
def segment_bench(words: str) -> tuple[str, str] | None:
    return bench_key(trim(words) if " " in words else words)


@lru_cache(maxsize=1024)
def word_before(before: str) -> str:
    """The last word of the few characters before a number, case folded ("of", "from")."""
    return before.rstrip().rpartition(" ")[2].casefold()


@lru_cache(maxsize=4096)  # the words from the verb to "of" ("a word error rate of ")
def measure_before(before: str) -> str | None:
    """The measure key of the words before "of" and a number, or None when no measure word stands there."""
    taken = []
    for token in reversed(without_brackets(before.split())[-4:-1]):
        if token.casefold() in STOP_WORDS or not WORD_TOKEN.fullmatch(token):
            break
        taken.append(token)
    return measure_key(" ".join(reversed(taken))) if taken else None
