"""The publisher's own rules: the publication rule and the quality-tier thresholds."""

from __future__ import annotations

from claimdesk.checks.registry import finding
from claimdesk.checks.text import abstract_counts
from claimdesk.model import (
    PUBLICATION_MIN_SCORE,
    PUBLICATION_MIN_VERIFIED,
    Finding,
    GateStatus,
    Layout,
    Level,
    Report,
    Tier,
)


def _fmt(value: float) -> str:
    return f"{value:g}"


def review_score(report: Report) -> float | None:
    if report.stats.review_score is not None:
        return report.stats.review_score
    return abstract_counts(report.abstract).score


def verified_claims(report: Report) -> int | None:
    """The verified count to hold the report to: the lower of what it states and what its table shows.

    A report that states five verified claims but marks three with ✓ has shown three.
    """
    stated = report.stats.claims_verified
    if stated is None:
        stated = abstract_counts(report.abstract).verified
    if report.layout is Layout.WEB or not report.claims:
        return stated
    shown = report.verified_count
    return shown if stated is None else min(stated, shown)


def below_publication_rule(report: Report) -> list[Finding]:
    score = review_score(report)
    verified = verified_claims(report)
    reasons = []
    if score is not None and score < PUBLICATION_MIN_SCORE:
        reasons.append(f"review score {_fmt(score)}/10 is under {_fmt(PUBLICATION_MIN_SCORE)}")
    if verified is not None and verified < PUBLICATION_MIN_VERIFIED:
        reasons.append(f"only {verified} verified claim{'s' if verified != 1 else ''} (at least {PUBLICATION_MIN_VERIFIED} needed)")
    if not reasons:
        return []
    return [finding("below-publication-rule", "published although " + " and ".join(reasons))]


def _tier_problems(tier: Tier, score: float | None, verified: int | None, reproducibility: Level | None,
                   gate: GateStatus | None) -> list[str]:
    """What the thresholds of quality-tiers-v1 say against ``tier``; empty when it is allowed."""
    problems: list[str] = []
    if tier is Tier.FLAGSHIP_CANDIDATE:
        if score is not None and score < 8.5:
            problems.append(f"score {_fmt(score)} is under 8.5")
        if verified is not None and verified < 5:
            problems.append(f"{verified} verified claims is under 5")
        if reproducibility is not None and reproducibility is not Level.HIGH:
            problems.append(f"reproducibility is {reproducibility.value}, not HIGH")
    elif tier is Tier.DOI_GRADE:
        if score is not None and score < 7.5:
            problems.append(f"score {_fmt(score)} is under 7.5")
        if verified is not None and verified < 1:
            problems.append("no verified claims")
    elif tier is Tier.PUBLIC_RECORD:
        if score is not None and score < 5.0:
            problems.append(f"score {_fmt(score)} is under 5.0")
    elif tier is Tier.WATCHLIST:
        # Watchlist is for reports below the DOI-grade threshold on score or on verified claims.
        if score is not None and score > 7.49 and (verified is None or verified >= 1):
            problems.append(f"score {_fmt(score)} is above the watchlist's 7.49")
    elif tier is Tier.QUARANTINE_CANDIDATE:
        # "Low-scoring": a DOI-grade score with verified claims and no failed gate is not that.
        if score is not None and score >= 7.5 and (verified or 0) >= 1 and gate is not GateStatus.FALSIFIED:
            problems.append(f"score {_fmt(score)} with {verified} verified claims meets DOI grade")
    return problems


def tier_contradiction(report: Report) -> list[Finding]:
    if report.quality_tier is None:
        return []
    tier = report.quality_tier.tier
    score = review_score(report)
    verified = verified_claims(report)
    reproducibility = report.dimensions.get("reproducibility_status")
    gate = report.gate.status if report.gate else None
    problems = _tier_problems(tier, score, verified, reproducibility, gate)
    if not problems:
        return []
    return [finding("tier-contradiction", f"printed tier {tier.value} but " + "; ".join(problems))]
