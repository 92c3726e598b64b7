"""off-topic-claims: a claim table that does not speak to the research question.

Two ways a claim table misses its question:

* it barely touches the question at all: the question's distinctive terms are
  its words minus stop words and the words every question in the field uses
  (model, benchmark, performance, compare…), and both signals are weak: few
  claims mention any term, and the claims together mention few of the terms;
* it speaks only of the question's setting: no claim addresses the subject the
  question asks about (the method or intervention, see ``checks.subject``),
  however often the claims name the benchmarks, datasets or models the
  question is set in. A question about a method is not answered by claims about
  its benchmark.
"""

from __future__ import annotations

from claimdesk.checks.registry import finding
from claimdesk.checks.subject import addresses, question_subject, subject_terms
from claimdesk.checks.text import key_terms, terms_in
from claimdesk.model import Finding, Report

MAX_CLAIM_SHARE = 0.25  # of claims that mention at least one key term
MAX_TERM_SHARE = 0.25  # of key terms that some claim mentions
MIN_TERMS = 3  # fewer key terms say too little about the question to judge
MIN_CLAIMS = 3


def off_topic_claims(report: Report) -> list[Finding]:
    question = report.research_question
    claims = report.claims
    if not question or len(claims) < MIN_CLAIMS:
        return []
    terms = key_terms(question)
    if len(terms) < MIN_TERMS:
        return []
    wanted = set(terms)
    text = " \n ".join(c.text for c in claims)
    # Most reports are on topic: one pass over all claims settles it before any per-claim work.
    anywhere = terms_in(text, wanted)
    if len(anywhere) / len(terms) > MAX_TERM_SHARE:
        return _setting_only(question, text, terms, anywhere)
    touching = []
    touched: set[str] = set()
    for claim in claims if anywhere else ():  # a claim can only hold terms the claims together hold
        hits = terms_in(claim.text, anywhere)
        if hits:
            touching.append(claim.index)
            touched |= hits
    claim_share = len(touching) / len(claims)
    term_share = len(touched) / len(terms)
    if claim_share > MAX_CLAIM_SHARE or term_share > MAX_TERM_SHARE:
        return _setting_only(question, text, terms, anywhere)
    missing = [term for term in terms if term not in touched]
    if touching:
        where = (
            f"only claim{'s' if len(touching) > 1 else ''} {', '.join(map(str, touching))} of {len(claims)} "
            f"mention{'' if len(touching) > 1 else 's'} any ({', '.join(t for t in terms if t in touched)})"
        )
    else:
        where = f"none of the {len(claims)} claims mentions any"
    return [
        finding(
            "off-topic-claims",
            f"the question's key terms are {', '.join(terms)}; {where}; never mentioned: {', '.join(missing)}",
        )
    ]


def _setting_only(question: str, text: str, terms: list[str], anywhere: set[str]) -> list[Finding]:
    """A finding when the claims touch the question but never its subject."""
    wanted = subject_terms(question)
    if not wanted or terms_in(text, set(wanted)):
        return []
    subject = question_subject(question) or ""
    if addresses(subject, wanted, text):
        return []
    setting = [term for term in terms if term in anywhere]
    return [
        finding(
            "off-topic-claims",
            f"the question asks about \"{subject}\"; no claim addresses it (its terms: {', '.join(wanted)}); "
            f"the claims speak only of the setting ({', '.join(setting)})",
        )
    ]
