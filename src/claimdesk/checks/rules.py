"""The publisher's own rules: the publication rule and the quality-tier thresholds."""

from __future__ import annotations

from dataclasses import dataclass

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


@dataclass(frozen=True)
class TierRule:
    """One tier of quality-tiers-v1 as data: what the contract states, and the thresholds it sets.

    The Gates tab lists these rows and the tier-contradiction check reads them,
    so the two cannot disagree.
    """

    tier: Tier
    stated: str  # the contract's own words
    min_score: float | None = None
    max_score: float | None = None
    min_verified: int | None = None
    reproducibility: Level | None = None
    # WATCHLIST: a score above max_score is still allowed with fewer verified claims than this
    # (the report is below DOI grade on verified claims).
    excused_below_verified: int | None = None
    # QUARANTINE_CANDIDATE ("low-scoring"): contradicted only by a DOI-grade score with at least
    # one verified claim and no failed gate.
    contradicted_from_score: float | None = None


TIER_RULES: tuple[TierRule, ...] = (
    TierRule(Tier.FLAGSHIP_CANDIDATE, "score ≥ 8.5, ≥ 5 verified claims, reproducibility HIGH",
             min_score=8.5, min_verified=5, reproducibility=Level.HIGH),
    TierRule(Tier.DOI_GRADE, "score ≥ 7.5, ≥ 1 verified claim", min_score=7.5, min_verified=1),
    TierRule(Tier.PUBLIC_RECORD, "score ≥ 5.0", min_score=5.0),
    TierRule(Tier.WATCHLIST, "score ≤ 7.49 (or no verified claim)", max_score=7.49, excused_below_verified=1),
    TierRule(Tier.QUARANTINE_CANDIDATE, "low-scoring: not a DOI-grade score with verified claims",
             contradicted_from_score=7.5),
)
TIER_RULE = {rule.tier: rule for rule in TIER_RULES}


@dataclass(frozen=True)
class TierFacts:
    """What a report shows that the tier thresholds are held against."""

    score: float | None
    verified: int | None
    reproducibility: Level | None
    gate: GateStatus | None


@dataclass(frozen=True)
class TierAssessment:
    """``holds``: True (every threshold met), False (one is contradicted) or None (cannot tell)."""

    tier: Tier
    holds: bool | None
    problems: tuple[str, ...]


def tier_facts(report: Report) -> TierFacts:
    return TierFacts(
        score=review_score(report),
        verified=verified_claims(report),
        reproducibility=report.dimensions.get("reproducibility_status"),
        gate=report.gate.status if report.gate else None,
    )


def assess_tier(rule: TierRule, facts: TierFacts) -> TierAssessment:
    """Hold ``facts`` against one tier's thresholds."""
    score, verified, reproducibility = facts.score, facts.verified, facts.reproducibility
    problems: list[str] = []
    unknown = False
    if rule.min_score is not None:
        if score is None:
            unknown = True
        elif score < rule.min_score:
            problems.append(f"score {_fmt(score)} is under {_fmt(rule.min_score)}")
    if rule.min_verified is not None:
        if verified is None:
            unknown = True
        elif verified < rule.min_verified:
            problems.append("no verified claims" if verified == 0 and rule.min_verified == 1
                            else f"{verified} verified claims is under {rule.min_verified}")
    if rule.reproducibility is not None:
        if reproducibility is None:
            unknown = True
        elif reproducibility is not rule.reproducibility:
            problems.append(f"reproducibility is {reproducibility.value}, not {rule.reproducibility.value}")
    if rule.max_score is not None:
        if score is None:
            unknown = True
        elif score > rule.max_score:
            excused = rule.excused_below_verified is not None and verified is not None and verified < rule.excused_below_verified
            if not excused:
                problems.append(f"score {_fmt(score)} is above the {rule.tier.value.lower()}'s {_fmt(rule.max_score)}")
    if rule.contradicted_from_score is not None:
        if score is None:
            unknown = True
        elif score >= rule.contradicted_from_score and (verified or 0) >= 1 and facts.gate is not GateStatus.FALSIFIED:
            problems.append(f"score {_fmt(score)} with {verified} verified claims meets DOI grade")
    holds = False if problems else (None if unknown else True)
    return TierAssessment(rule.tier, holds, tuple(problems))


def assess_tiers(facts: TierFacts) -> list[TierAssessment]:
    """Every tier, in the contract's order."""
    return [assess_tier(rule, facts) for rule in TIER_RULES]


def tier_contradiction(report: Report) -> list[Finding]:
    if report.quality_tier is None:
        return []
    tier = report.quality_tier.tier
    problems = assess_tier(TIER_RULE[tier], tier_facts(report)).problems
    if not problems:
        return []
    return [finding("tier-contradiction", f"printed tier {tier.value} but " + "; ".join(problems))]
