"""Counts that disagree: abstract vs ``3 Results`` vs the claim table; papers vs references."""

from __future__ import annotations

from claimdesk.checks.registry import finding
from claimdesk.checks.text import abstract_counts
from claimdesk.model import Finding, Layout, Report


def _fmt(value: float) -> str:
    return f"{value:g}"


def count_mismatch(report: Report) -> list[Finding]:
    """Each stated count against every other place the report states or shows it."""
    found: list[Finding] = []
    said = abstract_counts(report.abstract)
    stats = report.stats

    # The abstract against 3 Results (the parser keeps 3 Results in stats when both exist).
    for label, abstract_value, results_value in (
        ("papers retrieved", said.papers, stats.papers),
        ("claims extracted", said.claims, stats.claims_extracted),
        ("claims verified", said.verified, stats.claims_verified),
    ):
        if abstract_value is not None and results_value is not None and abstract_value != results_value:
            found.append(
                finding(
                    "count-mismatch",
                    f"{label}: the abstract says {abstract_value}, 3 Results says {results_value}",
                )
            )
    if said.score is not None and stats.review_score is not None and abs(said.score - stats.review_score) > 1e-9:
        found.append(
            finding(
                "count-mismatch",
                f"review score: the abstract says {_fmt(said.score)}/10, "
                f"3 Results says {_fmt(stats.review_score)}/10",
            )
        )

    stated_claims = stats.claims_extracted if stats.claims_extracted is not None else said.claims
    stated_verified = stats.claims_verified if stats.claims_verified is not None else said.verified

    if report.layout is Layout.WEB:
        # No claim table in this layout; the verification block counts the claims instead.
        level = report.verification_level
        grounded = level.source_grounded_claims if level else None
        if grounded is not None and stated_claims is not None and grounded != stated_claims:
            found.append(
                finding(
                    "count-mismatch",
                    f"claims: the abstract says {stated_claims} were extracted, "
                    f"the verification level lists {grounded} source-grounded claims",
                )
            )
        return found

    rows = len(report.claims)
    if not rows:
        return found  # no claim table to count (a missing block, as in the web layout)
    if stated_claims is not None and stated_claims != rows:
        found.append(
            finding("count-mismatch", f"claims extracted: the report states {stated_claims}, the claim table has {rows} rows")
        )
    if stated_verified is not None and stated_verified != report.verified_count:
        found.append(
            finding(
                "count-mismatch",
                f"claims verified: the report states {stated_verified}, "
                f"the claim table marks {report.verified_count} with ✓",
            )
        )
    return found


def references_short(report: Report) -> list[Finding]:
    """Fewer references listed than papers retrieved (paper layout, which lists references)."""
    if report.layout is Layout.WEB:
        return []
    papers = report.stats.papers if report.stats.papers is not None else abstract_counts(report.abstract).papers
    listed = len(report.references)
    if papers is None or listed >= papers:
        return []
    return [
        finding(
            "references-short",
            f"{papers} papers retrieved but only {listed} reference{'s' if listed != 1 else ''} listed",
        )
    ]
