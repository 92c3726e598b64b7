"""off-topic-claims: a claim table that does not speak to the research question.

The question's distinctive terms are its words minus stop words and the words
every question in the field uses (model, benchmark, performance, compare…).
Both signals must be weak before the check fires: few claims mention any
term, and the claims together mention few of the terms. A report whose claims
discuss the benchmark the question names, but not its method, touches the
question and is left to the reviewer.
"""

from __future__ import annotations

from claimdesk.checks.registry import finding
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
    # Most reports are on topic: one pass over all claims settles it before any per-claim work.
    anywhere = terms_in(" \n ".join(c.text for c in claims), wanted)
    if len(anywhere) / len(terms) > MAX_TERM_SHARE:
        return []
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
        return []
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
