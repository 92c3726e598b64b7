"""The sentence shapes ``checks.figures`` reads figures from: word lists and patterns.

Kept apart from the reading so that each stays a readable size; the figure
index fingerprints this module with the others that decide what a figure is.
"""

from __future__ import annotations

import re

from claimdesk.checks.names import SMALL_WORDS

# Symbol variants a generator writes for the same text: no-break spaces, hyphens and dashes, wide percent.
UNICODE_VARIANTS = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u2010": "-", "\u2011": "-",
                                   "\u2012": "-", "\u2013": "-", "\u2212": "-", "\uff05": "%"})
DIGIT = re.compile(r"\d")


def has_digit(text: str) -> bool:
    """Whether ``text`` holds a digit (re's \\d). Most claims are ASCII, where ten substring
    searches answer without a regex scan of the whole claim."""
    if text.isascii():
        return ("0" in text or "1" in text or "2" in text or "3" in text or "4" in text or "5" in text
                or "6" in text or "7" in text or "8" in text or "9" in text)
    return DIGIT.search(text) is not None


PERCENT = re.compile(r"(\d)\s*(?:per\s*cent|percent)\b", re.I)

# --- figures --------------------------------------------------------------------------------

VERBS = (
    r"achieves|achieved|achieving|scores|scored|reaches|reached|obtains|obtained|attains|attained|gets|got|"
    r"records|recorded|yields|yielded|reports|reported|posts|posted|transcribes|transcribed|hits|delivers|"
    r"delivered|sets|shows|showed|has|had|keeps|kept|solves|solved|answers|answered|retains|maintains|"
    r"reports|registers|registered|is|was"
)


def by_first_letter(words: str) -> str:
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
NAME = r"[A-Za-z0-9][\w.+/-]*+(?:\s+\(?[A-Za-z0-9][\w.+/-]*+\)?){0,4}?"
SUBJECT = re.compile(
    rf"^\s*(?P<entity>{NAME})\s*(?:,[^,]{{1,80}}+,\s*)?\s+(?P<verb>{by_first_letter(VERBS)})\b", re.I
)
OBJECT_VERBS = frozenset({"transcribes", "transcribed", "solves", "solved", "answers", "answered"})
# Measures a benchmark name may stand before: "an MMLU accuracy of 71.3%", "the MMLU accuracy of X is …".
MEASURES = r"(?:accuracy|score|word error rate|WER|F1(?: score)?|exact match|EM|pass@\d+|BLEU|ROUGE-L|perplexity|win rate|success rate)"
BENCH_NAME = r"[A-Z][\w.+/@'-]*(?:\s+[A-Z0-9][\w.+/@'-]*){0,2}"
BENCH_POSSESSIVE = re.compile(
    rf"^\s*the\s+(?P<bench>{BENCH_NAME})\s+(?P<measure>{MEASURES})\s+of\s+(?P<entity>{NAME})\s+"
    r"(?:is|was|stands at|reaches|reached)\s+(?P<num>\d+(?:\.\d+)?)(?P<pct>%)?",
    re.I,
)
POSSESSIVE = re.compile(
    rf"^\s*(?:the\s+(?P<m1>[A-Za-z][\w@ -]{{0,30}}?)\s+of\s+(?P<e1>{NAME})|(?P<e2>{NAME})'s\s+(?P<m2>[A-Za-z][\w@ -]{{0,30}}?))"
    r"\s+(?:on|in)\s+(?:the\s+)?(?P<bench>[^,;]+?)\s+(?:is|was|stands at|reaches|reached)\s+(?P<num>\d+(?:\.\d+)?)(?P<pct>%)?",
    re.I,
)
BENCH_MEASURE_OF = re.compile(
    rf"\b(?:an?|the|its)\s+(?P<bench>{BENCH_NAME})\s+(?P<measure>{MEASURES})\s+of\s+"
    r"(?P<num>\d+(?:\.\d+)?)(?P<pct>\s?%)?(?![\w.]*\d)"
)
# A leading phrase before the subject: "On GSM8K, …", "Compared with Llama 2, …".
LEAD = re.compile(r"^\s*(?P<prep>[A-Za-z]+(?:\s+(?:with|to))?)\s+(?P<phrase>[^,]{1,80}),\s*", re.I)
LEAD_BENCH = frozenset({"on", "across", "for"})
LEAD_WORDS = frozenset("on in for across under with without at using compared relative after before when "
                        "among over".split())
STOP = rf"(?:{'|'.join(sorted(SMALL_WORDS, key=len, reverse=True))})\b"
BENCH = rf"[A-Za-z0-9][\w.+/@'-]*(?:[ \t]+(?!{STOP})[A-Za-z0-9][\w.+/@'-]*){{0,3}}"
MEASURE_WORD = rf"(?!{STOP})[A-Za-z][\w@-]*"
STOP_WORDS = SMALL_WORDS
NUMBER = re.compile(r"(?<![\w.@/-])(?P<num>\d+(?:\.\d+)?)(?P<pct>\s?%)?(?![\w.]*\d)(?![\w@])")
WORD_TOKEN = re.compile(r"[A-Za-z][\w@-]*")
# The stop words are checked in Python after the match: a look-ahead over ~45 words at every word
# would cost more than the rest of the pattern.
# The look-behind stands after the first digit so that the pattern starts with a digit, which
# the engine can skip to; and a measure word is followed by a space, which [\w@-] never
# takes back (possessive), as in NAME.
SEGMENT = re.compile(
    r"(?P<num>\d(?<![\w.@/-]\d)\d*(?:\.\d+)?)(?P<pct>\s?%)?(?![\w.]*\d)(?![\w@])"
    r"[ \t]*(?P<measure>(?:[A-Za-z][\w@-]*+[ \t]+){0,3}?)(?:on|in|across)[ \t]+(?:the[ \t]+)?"
    r"(?P<bench>[A-Za-z0-9][\w.+/@'-]*(?:[ \t]+[A-Za-z][\w.+/@'-]*){0,3})",
    re.I,
)
BENCH_TOKEN = re.compile(r"[A-Za-z0-9][\w.+/@'-]*")
TRAILING = ",.;:)"
BENCH_PREPOSITIONS = frozenset({"on", "in", "across"})
SKIP_AFTER = frozenset({"from", "by", "to"})  # "from 17.9%", "by 3 points", "up to 50%": not a result
# What follows a comparison is about something else ("versus 80% for GPT-4", "up from 71.3% for …").
COMPARISON_MARKERS = (" versus ", " vs ", " vs. ", " than ", " against ", " compared with ", " compared to ",
                       " relative to ", " whereas ", " while ", " up from ", " down from ")
OBJECT = re.compile(rf"\s*(?P<bench>{BENCH})\s+(?:with|at)\b", re.I)
RESPECTIVELY = re.compile(
    r"(?P<nums>\d+(?:\.\d+)?%?(?:\s*,\s*\d+(?:\.\d+)?%?)*,?\s+and\s+\d+(?:\.\d+)?%?)\s+"
    rf"(?P<measure>(?:{MEASURE_WORD}\s+){{0,2}}?)(?:on|in|across)\s+(?:the\s+)?"
    r"(?P<benches>[^;]+?)\s*,?\s+respectively\b",
    re.I,
)
MEASURE_ALIASES = {
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
NAMED = re.compile(r"[A-Z0-9-]")
BENCH_TAIL = re.compile(r"\s+(?:benchmark|dataset|suite|test)$", re.I)
BENCH_HEAD = re.compile(r"^(?:the|a|an)\s+", re.I)
