"""suspicious-reference: a malformed arXiv id or DOI, or an arXiv id implausible for the report's date.

New-style arXiv ids encode the year and month they were issued (``YYMM.NNNNN``;
four digits after the dot until 2014, five since 2015). An id issued after the
report's date cannot be a source of it; one issued more than ``MAX_AGE_YEARS``
before it is older than the deep-learning literature these questions draw on
(the 2012-2014 classics still pass).
"""

from __future__ import annotations

import re
from urllib.parse import unquote

from claimdesk.checks.registry import finding
from claimdesk.model import Finding, Report

MAX_AGE_YEARS = 14

_NEW_ID = re.compile(r"^(?P<yy>\d{2})(?P<mm>\d{2})\.(?P<num>\d{4,5})(?:v\d+)?$")
_OLD_ID = re.compile(r"^[a-z][a-z-]*(?:\.[A-Za-z]{2})?/(?P<yy>\d{2})(?P<mm>\d{2})\d{3}(?:v\d+)?$")
_ARXIV_URL = re.compile(r"arxiv\.org/(?:abs|pdf)/(?P<id>[^?#]+?)(?:\.pdf)?/?(?:[?#].*)?$", re.I)
_DOI_URL = re.compile(r"(?:dx\.)?doi\.org/(?P<doi>.+)$", re.I)
_DOI = re.compile(r"^10\.\d{4,9}/[^\s<>\"]+$")
_ARXIV_DOI = re.compile(r"^10\.48550/arxiv\.(?P<id>.+)$", re.I)
_DATE = re.compile(r"^(?P<year>\d{4})-(?P<month>\d{2})")


def _report_month(report: Report) -> tuple[int, int] | None:
    for value in (report.published, report.gate.evaluated_at if report.gate else None):
        match = _DATE.match(value or "")
        if match:
            return int(match.group("year")), int(match.group("month"))
    return None


def arxiv_problem(arxiv_id: str, when: tuple[int, int] | None) -> str | None:
    """Why an arXiv id is malformed or implausible, or None."""
    match = _NEW_ID.match(arxiv_id) or _OLD_ID.match(arxiv_id)
    if not match:
        return f"arXiv id {arxiv_id!r} is malformed"
    yy, mm = int(match.group("yy")), int(match.group("mm"))
    if not 1 <= mm <= 12:
        return f"arXiv id {arxiv_id} names month {mm:02d}, which does not exist"
    year = (1900 if yy >= 91 else 2000) + yy
    if match.re is _NEW_ID:
        digits = len(match.group("num"))
        if year < 2007:
            return f"arXiv id {arxiv_id} is malformed: ids of this form start in 2007, not {year}"
        expected = 4 if year < 2015 else 5
        if digits != expected:
            return f"arXiv id {arxiv_id} is malformed: ids from {year} have {expected} digits after the dot"
    if when is None:
        return None
    report_year, report_month = when
    if (year, mm) > (report_year, report_month):
        return f"arXiv id {arxiv_id} dates from {year}-{mm:02d}, after the report ({report_year}-{report_month:02d})"
    if report_year - year > MAX_AGE_YEARS:
        return (
            f"arXiv id {arxiv_id} dates from {year}, {report_year - year} years before the report "
            f"({report_year}): implausibly old for the question"
        )
    return None


def reference_problem(url: str, when: tuple[int, int] | None) -> str | None:
    url = url.strip()
    arxiv = _ARXIV_URL.search(url)
    if arxiv:
        return arxiv_problem(unquote(arxiv.group("id")), when)
    if "arxiv.org" in url.casefold():
        return f"arXiv link {url!r} carries no id"
    doi_link = _DOI_URL.search(url)
    if doi_link:
        doi = unquote(doi_link.group("doi")).strip()
        if not _DOI.match(doi):
            return f"DOI {doi!r} is malformed"
        inner = _ARXIV_DOI.match(doi)
        if inner:
            return arxiv_problem(inner.group("id"), when)
        return None
    if not re.match(r"^https?://[^\s/]+\.[^\s/]+", url, re.I):
        return f"reference {url!r} is not a well-formed link"
    return None


def suspicious_reference(report: Report) -> list[Finding]:
    when = _report_month(report)
    found = []
    for number, reference in enumerate(report.references, start=1):
        problem = reference_problem(reference.url, when)
        if problem:
            found.append(finding("suspicious-reference", f"reference {number}: {problem}"))
    return found
