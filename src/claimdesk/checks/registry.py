"""The catalogue of checks: one stable code per check, its severity and its reason.

Codes are part of the command line's JSON output and of saved findings, so they
never change meaning. Each check module builds its findings through ``finding``
so a code's severity is stated in exactly one place.
"""

from __future__ import annotations

from dataclasses import dataclass

from claimdesk.model import Finding

SEVERITIES: tuple[str, ...] = ("high", "medium", "low")
SEVERITY_RANK: dict[str, int] = {name: rank for rank, name in enumerate(SEVERITIES)}


@dataclass(frozen=True, slots=True)
class CheckInfo:
    """What one check is for, as the README table and ``claimdesk check`` describe it."""

    code: str
    severity: str
    looks_at: str
    why: str


CHECKS: dict[str, CheckInfo] = {
    info.code: info
    for info in (
        CheckInfo(
            "count-mismatch",
            "high",
            "Papers, claims extracted, claims verified and review score as the abstract states them, "
            "against `3 Results`, the claim table (rows and ✓ marks) and, in the web layout, "
            "the source-grounded claim count.",
            "When a report miscounts its own claims, none of its numbers can be taken on trust.",
        ),
        CheckInfo(
            "below-publication-rule",
            "high",
            "The review score and the verified-claim count (the lower of the stated count and the "
            "table's ✓ marks) against the publisher's rule: score ≥ 6.5 and ≥ 5 verified claims.",
            "The report was published although the publisher's own rule says it should not have been.",
        ),
        CheckInfo(
            "off-topic-claims",
            "high",
            "The research question's distinctive terms (stop words and generic words such as model, "
            "benchmark, performance removed) against the words of the claims; and the question's subject, "
            "the method it asks about, which some claim must address by name, acronym or synonym.",
            "Claims that never touch the question, or only its benchmarks and datasets, cannot answer it, "
            "however well they are verified.",
        ),
        CheckInfo(
            "conflicting-numbers",
            "high",
            "The figures claims give a named model: benchmark, measure, conditions (shots, precision, "
            "fine-tuning, split) and value, within the report and across the other reports checked with it.",
            "The same model given different numbers under the same conditions, or the same numbers under "
            "different benchmarks, means at least one report misreads its source.",
        ),
        CheckInfo(
            "source-contradicts-number",
            "high",
            "With source texts held (`claimdesk sources`): each claim's numbers against the passages of its "
            "report's sources that name the same subject and measure.",
            "A number the cited source gives differently is a misreading of that source until shown otherwise.",
        ),
        CheckInfo(
            "tier-contradiction",
            "medium",
            "The printed quality tier against the quality-tiers-v1 thresholds for the review score, "
            "the verified-claim count and the reproducibility dimension.",
            "A tier the thresholds do not allow misleads triage that trusts the tier.",
        ),
        CheckInfo(
            "verified-low-confidence",
            "medium",
            "Claims marked ✓ whose confidence is under 0.5 (one finding per report).",
            "A claim the extractor itself doubts should not count as independently verified.",
        ),
        CheckInfo(
            "truncated-claim",
            "medium",
            "Claim text that stops without closing punctuation at the publisher's 120-character cut, "
            "or ends on a comma, an open bracket or a word such as 'and' or 'of'.",
            "A cut-off claim cannot be checked against its source as written.",
        ),
        CheckInfo(
            "abstract-contamination",
            "medium",
            "The abstract with its fixed template sentences removed: first-person text (\"We introduce\"), "
            "sentences that share no distinctive term with the question, and a question that stops "
            "before the full research question ends.",
            "Text copied from a source paper or unrelated filler passes itself off as the synthesis.",
        ),
        CheckInfo(
            "suspicious-reference",
            "medium",
            "Each reference's arXiv id or DOI: its form, and for arXiv ids the year and month they encode "
            "against the report's date (after it, or more than 14 years before it).",
            "A malformed or implausible reference cannot support the claims it is listed for.",
        ),
        CheckInfo(
            "verified-claim-no-passage",
            "medium",
            "With source texts held (`claimdesk sources`): claims marked ✓ for which no passage of the "
            "report's held sources could be found.",
            "A claim called verified that none of its sources states was not verified against them.",
        ),
        CheckInfo(
            "references-short",
            "low",
            "The number of references listed against the number of papers the report says it retrieved.",
            "Papers that are not listed cannot be traced, so the claims drawn from them cannot be checked.",
        ),
    )
}


def finding(code: str, message: str, claim: int | None = None) -> Finding:
    """A finding with the severity the catalogue gives ``code``."""
    return Finding(code=code, severity=CHECKS[code].severity, message=message, claim=claim)


def sort_key(item: Finding) -> tuple[int, str, int, str]:
    """Worst first, then by code, claim number and message: a stable, deterministic order."""
    return (SEVERITY_RANK.get(item.severity, len(SEVERITIES)), item.code, item.claim or 0, item.message)
