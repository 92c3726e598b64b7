"""Conditions a result was measured under: shots, numerical precision, fine-tuning, split, prompting.

Two figures for the same model and benchmark are one fact only under the same
conditions. They are found anywhere in a claim and blanked out (positions kept),
so that the rest of the claim reads as if they were not there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_NUMBER_WORDS = {"zero": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "eight": "8",
                 "ten": "10", "few": "few"}
_SETTING = r"(?:\s+(?:setting|evaluation|prompting|regime|mode))?"
_CONDITIONS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "shots",
        re.compile(
            r"\(?\b(?:(?:in|under|with)\s+(?:the\s+|a\s+)?)?(?P<v>\d{1,2}|zero|one|two|three|four|five|eight|ten|few)"
            rf"[- ]shots?\b{_SETTING}\)?",
            re.I,
        ),
    ),
    (
        "precision",
        re.compile(
            r"\(?\b(?:(?:in|with|at|using|under)\s+(?:a\s+|an\s+|the\s+)?)?"
            r"(?:(?P<fp>fp|bf)(?P<fpbits>16|32)|int(?P<int>4|8)|(?P<bits>\d{1,2})[- ]bits?|(?P<word>half|full)[- ]precision)"
            r"(?:\s+(?:precision|quantization|quantisation|quantized|quantised|weights|inference|cache|kv cache))?"
            r"\b\)?",
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
        "prompting",
        re.compile(
            r"\(?\b(?:(?:with|using|under|via)\s+(?:the\s+|a\s+)?)?"
            r"(?P<v>chain-of-thought|cot|standard|direct|answer-only|self-consistency|program-of-thought)"
            r"(?:\s+(?:prompting|prompts?|decoding))\b\)?"
            r"|\(?\b(?:with|using)\s+(?P<w>self-consistency|chain-of-thought|cot)\b\)?",
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


# A condition pattern is only run on text holding one of its literals.
_CONDITION_LITERALS = {
    "shots": ("shot",),
    "precision": ("bit", "fp16", "bf16", "fp32", "int8", "int4", "precision"),
    "tuning": ("fine",),
    "split": (" set", "split"),
    "prompting": ("prompt", "chain-of-thought", "cot", "consistency"),
}
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
    if kind == "prompting":
        value = (match.group("v") or match.group("w")).casefold()
        return f"{'chain-of-thought' if value == 'cot' else value} prompting"
    value = match.group("v").casefold()
    return "test split" if value == "test" else "dev split"


@dataclass(frozen=True, slots=True)
class Condition:
    start: int
    value: str


def take_conditions(text: str) -> tuple[str, list[Condition]]:
    """The text with every condition blanked out (positions kept), and the conditions found."""
    found: list[Condition] = []
    lowered = text.casefold()
    if not ("shot" in lowered or "bit" in lowered or "fine" in lowered or "precision" in lowered
            or "set" in lowered or "split" in lowered or "fp" in lowered or "bf16" in lowered or "int" in lowered
            or "prompt" in lowered or "cot" in lowered or "consistency" in lowered):
        return text, found  # no condition can be there (the common case, tested without the patterns)
    for kind, pattern in _CONDITIONS:
        # Plain substring tests: far cheaper than letting the pattern scan a text it cannot match.
        if not any(literal in lowered for literal in _CONDITION_LITERALS[kind]):
            continue

        def blank(match: re.Match[str], kind: str = kind) -> str:
            found.append(Condition(match.start(), _condition_value(kind, match)))
            return " " * (match.end() - match.start())

        text = pattern.sub(blank, text)
    found.sort(key=lambda c: c.start)
    return text, found
