"""Triage checks (stub: the real checks replace this module).

``check_report(report, others=())`` returns the findings for one report;
``others`` are the other reports in the library, for cross-report checks.
"""

from __future__ import annotations

from collections.abc import Sequence

from claimdesk.model import Finding, Report


def check_report(report: Report, others: Sequence[Report] = ()) -> list[Finding]:
    return []
