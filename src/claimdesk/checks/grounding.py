"""Checks against the held source texts: a ✓ claim no passage bears on, a number a source contradicts.

These two checks need the evidence for a report, which ``check_report`` does not compute (it
must stay cheap and never touch the database). A face that has the evidence (``claimdesk
check`` with a database holding sources, the desk's analysis) passes it in here; the checks
import nothing from the evidence or source packages at run time, so the core checks never
load retrieval or network code. Without any source text held they say nothing: a missing
source is not a finding.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from claimdesk.checks.registry import finding, sort_key
from claimdesk.model import Finding, Report

if TYPE_CHECKING:
    from claimdesk.evidence import ReportEvidence

NO_PASSAGE = "verified-claim-no-passage"
CONTRADICTED = "source-contradicts-number"


def grounding_findings(report: Report, evidence: "ReportEvidence | None") -> list[Finding]:
    """The two source checks' findings for ``report``, worst first; none when no source text is held."""
    if evidence is None or not evidence.any_held:
        return []
    held = sum(1 for state in evidence.sources if state.usable)
    total = len(evidence.sources)
    verified = {claim.index for claim in report.claims if claim.verified}
    found: list[Finding] = []
    for item in evidence.claims:
        if item.claim in verified and not item.passages and item.support.value in ("not-found", "no-source"):
            found.append(finding(
                NO_PASSAGE,
                f"claim {item.claim} is marked ✓ but no passage of the {held} of {total} sources held bears on it",
                claim=item.claim,
            ))
        if item.support.value == "contradicted":
            hit = next((p for p in item.passages if p.numbers_conflicting), None)
            if hit is None:
                continue
            pairs = ", ".join(f"{c.claim} where the source gives {c.source}" for c in hit.numbers_conflicting)
            where = f"reference {hit.ref}" + (f", page {hit.page}" if hit.page else "")
            found.append(finding(CONTRADICTED, f"claim {item.claim} states {pairs} ({where})", claim=item.claim))
    return sorted(found, key=sort_key)
