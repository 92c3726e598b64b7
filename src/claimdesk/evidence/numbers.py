"""The numbers a claim states and the numbers a passage states, and whether they agree.

Only values count: a number glued to letters or a hyphen is part of a name ("o1-mini",
"GPT-4", "7B", "pass@1", "5-shot"), numbers after "Table", "Figure", "Section" and in
citation brackets are labels, and four-digit years are dates. A claim's value agrees with
a passage's when they are equal, when one is the other as a percentage and a fraction,
or when the passage's value rounds to the claim's ("96%" against "96.2").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from claimdesk.evidence.text import tokens

_VALUE = re.compile(r"(?<![\w.@/^-])(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(\s?%|\s(?:percent|per\s?cent)\b|[x×](?!\w))?(?![\w@]|\.\d|,\d|-\w|/\d)")
_LABEL_BEFORE = re.compile(r"(?:table|tab\.|figure|fig\.|section|sec\.|eq\.|equation|appendix|step|chapter|ref\.)\s*$", re.I)
_YEAR = re.compile(r"(?:19|20)\d\d")
_DATE_BEFORE = re.compile(
    r"(?:\b(?:in|since|from|until|by|year|during|early|late|mid|jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)"
    r"[a-z]*\.?|et al\.,?|\()\s*$",
    re.I,
)


@dataclass(frozen=True, slots=True)
class Number:
    written: str  # as the text gives it, e.g. "76.2%"
    value: float
    percent: bool
    decimals: int
    start: int  # offset in the text it was read from
    end: int


def numbers_in(text: str) -> list[Number]:
    """The values stated in ``text`` (offsets are offsets in ``text``)."""
    found: list[Number] = []
    prepared = text
    for match in _VALUE.finditer(prepared):
        digits = match.group(1).replace(",", "")
        before = prepared[max(0, match.start() - 12) : match.start()]
        if _LABEL_BEFORE.search(before) or (before.endswith("[") and prepared[match.end() : match.end() + 1] in "],"):
            continue
        if match.start() == 0 and re.match(r"\s+[A-Z][a-z]", prepared[match.end() :]):
            continue  # "2 Experiments": a section number at the start of a passage
        suffix = (match.group(2) or "").strip()
        pct = suffix == "%" or suffix.startswith("per")
        if pct:
            suffix = "%"
        if not pct and _YEAR.fullmatch(digits) and _DATE_BEFORE.search(before):
            continue
        decimals = len(digits.split(".", 1)[1]) if "." in digits else 0
        written = digits + suffix  # "76.2%", "7x"
        found.append(Number(written, float(digits), pct, decimals, match.start(), match.end()))
    return found


def agree(claim: Number, source: Number) -> bool:
    """True when the source's value is the claim's value (allowing rounding and % against fraction)."""
    candidates = [source.value]
    if claim.percent and not source.percent and source.value <= 1:
        candidates.append(source.value * 100)
    if source.percent and not claim.percent and claim.value <= 1:
        candidates.append(source.value / 100)
    for value in candidates:
        if abs(value - claim.value) < 1e-9:
            return True
        if claim.decimals < 3 and round(value, claim.decimals) == claim.value and _decimals_of(value) > claim.decimals:
            return True
    return False


def _decimals_of(value: float) -> int:
    text = f"{value:.6f}".rstrip("0")
    return len(text.split(".", 1)[1]) if "." in text else 0


def context_tokens(text: str, number: Number, *, window: int = 60) -> tuple[set[str], set[str]]:
    """Tokens shortly after and shortly before a number: the measure usually follows it."""
    after = text[number.end : number.end + window]
    if number.end + window < len(text) and " " in after:
        after = after[: after.rfind(" ")]  # whole words only
    before = text[max(0, number.start - window) : number.start]
    if number.start - window > 0 and " " in before:
        before = before[before.find(" ") + 1 :]
    # stop at the next number: its words belong to it
    following = numbers_in(after)
    if following and following[0].start > 3:
        after = after[: following[0].start]
    return ({t for t in tokens(after) if not t.startswith("#")}, {t for t in tokens(before) if not t.startswith("#")})


def specific(number: Number) -> bool:
    """A value unlikely to match by chance: it has decimals or is not a small whole number."""
    return number.decimals > 0 or number.value >= 20
