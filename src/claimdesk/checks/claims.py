"""Checks on the rows of the claim table: doubtful ✓ marks and claims cut short."""

from __future__ import annotations

import re

from claimdesk.checks.registry import finding
from claimdesk.model import Finding, Report

LOW_CONFIDENCE = 0.5
# The publisher cuts claim text at this many characters; trailing white space may go with it.
CUT_LENGTH = 120
_CUT_SLACK = 2

_CLOSED = re.compile(r"""[.!?…]["'”’)\]]*$|[)\]"'”’%]$""")
_DANGLING_END = re.compile(r"[,;:(\[/&–—-]$")
_DANGLING_WORDS = frozenset(
    "a an and as at between both but by for from in including into like of on or such than that the "
    "their to versus vs via whether which while with".split()
)


def verified_low_confidence(report: Report) -> list[Finding]:
    doubtful = [
        c for c in report.claims
        if c.verified and c.confidence is not None and c.confidence < LOW_CONFIDENCE
    ]
    if not doubtful:
        return []
    listing = ", ".join(f"{c.index} ({c.confidence:.2f})" for c in doubtful)
    noun = "claim" if len(doubtful) == 1 else "claims"
    return [
        finding(
            "verified-low-confidence",
            f"{len(doubtful)} {noun} marked ✓ with confidence under {LOW_CONFIDENCE}: {listing}",
            doubtful[0].index if len(doubtful) == 1 else None,
        )
    ]


def _tail(text: str, size: int = 30) -> str:
    return text if len(text) <= size else "…" + text[-size:]


def truncation_reason(text: str) -> str | None:
    """Why ``text`` looks cut off, or None when it reads as a finished claim."""
    text = text.rstrip()
    if not text or _CLOSED.search(text[-4:]):
        return None
    if CUT_LENGTH - _CUT_SLACK <= len(text) <= CUT_LENGTH:
        return f"stops without closing punctuation at the {CUT_LENGTH}-character cut"
    if _DANGLING_END.search(text):
        return f"ends on {text[-1]!r}"
    last = re.findall(r"[A-Za-z.]+$", text)
    if last and last[0].lower().rstrip(".") in _DANGLING_WORDS:
        return f"ends on the word {last[0]!r}"
    if text.count("(") > text.count(")"):
        return "leaves a bracket open"
    return None


def truncated_claim(report: Report) -> list[Finding]:
    found = []
    for claim in report.claims:
        reason = truncation_reason(claim.text)
        if reason:
            found.append(
                finding("truncated-claim", f"claim {claim.index} {reason}: \"{_tail(claim.text)}\"", claim.index)
            )
    return found
