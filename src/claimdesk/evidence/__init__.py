"""Evidence: for each claim of a report, the passages of its held sources that bear on it.

Textual-free and network-free. The desk and the command line call
``evidence_for_report(db_path, report)`` and get a ``ReportEvidence``: the state of
every reference, and for every claim up to five passages, best first, with the numbers
that matched and conflicted, and a suggestion (never a mark; the reviewer decides):

* ``supported``: a held passage states the claim's content and every number it gives;
* ``contradicted``: a held passage names the same subject and measure with another
  number, or says the opposite direction;
* ``not-found``: every reference's text is held and none bears on the claim;
* ``no-source``: nothing held bears on it and some reference has no text held.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from claimdesk.evidence.index import PassageIndex
from claimdesk.evidence.passages import Passage, passages_of
from claimdesk.evidence.suggest import BEARS_COVERAGE, Judgement, judge, read_claim, supported_together
from claimdesk.model import Claim, Report
from claimdesk.sources.model import SourceDoc, SourceState
from claimdesk.sources.storage import SourceStore

__all__ = [
    "ClaimEvidence",
    "NumberConflict",
    "PassageHit",
    "ReportEvidence",
    "Support",
    "SourceIndex",
    "evidence_for_report",
    "build_index",
]

MAX_PASSAGES = 5
CANDIDATES = 30
OUTWEIGH = 0.2  # how much more of the claim a contradicting passage must cover to outweigh a supporting one


class Support(str, Enum):
    SUPPORTED = "supported"
    CONTRADICTED = "contradicted"
    NOT_FOUND = "not-found"
    NO_SOURCE = "no-source"


@dataclass(frozen=True, slots=True)
class NumberConflict:
    claim: str  # the number as the claim gives it
    source: str  # the number the passage gives in its place


@dataclass(frozen=True, slots=True)
class PassageHit:
    """One passage shown for a claim; ``start``/``end`` are offsets in the source's stored text."""

    ref: int
    text: str
    score: float
    page: int | None
    start: int
    end: int
    numbers_matched: tuple[str, ...] = ()
    numbers_conflicting: tuple[NumberConflict, ...] = ()
    title: str | None = None
    supports: bool = False
    contradicts: bool = False

    def to_dict(self) -> dict[str, object]:
        return {
            "ref": self.ref,
            "text": self.text,
            "score": round(self.score, 4),
            "page": self.page,
            "start": self.start,
            "end": self.end,
            "numbers_matched": list(self.numbers_matched),
            "numbers_conflicting": [{"claim": c.claim, "source": c.source} for c in self.numbers_conflicting],
        }


@dataclass(frozen=True, slots=True)
class ClaimEvidence:
    claim: int
    support: Support
    passages: tuple[PassageHit, ...]

    @property
    def best(self) -> PassageHit | None:
        return self.passages[0] if self.passages else None

    def to_dict(self) -> dict[str, object]:
        return {"claim": self.claim, "support": self.support.value, "passages": [p.to_dict() for p in self.passages]}


@dataclass(frozen=True, slots=True)
class ReportEvidence:
    report: str
    sources: tuple[SourceState, ...]
    claims: tuple[ClaimEvidence, ...]

    @property
    def any_held(self) -> bool:
        return any(state.usable for state in self.sources)

    def claim(self, number: int) -> ClaimEvidence | None:
        return next((item for item in self.claims if item.claim == number), None)

    def to_dict(self) -> dict[str, object]:
        """The shape of contracts/evidence.schema.json."""
        return {
            "report": self.report,
            "sources": [state.to_dict() for state in self.sources],
            "claims": [item.to_dict() for item in self.claims],
        }


class SourceIndex:
    """The passages of a report's held sources, indexed; query it once per claim."""

    def __init__(self, docs: Sequence[tuple[int, SourceDoc]]) -> None:
        self.docs = dict(docs)
        passages: list[Passage] = []
        for ref, doc in docs:
            passages.extend(passages_of(ref, doc))
        self.index = PassageIndex(passages)

    def claim_evidence(self, claim: Claim, *, all_held: bool) -> ClaimEvidence:
        query = read_claim(claim.text)
        judged: list[Judgement] = [
            judge(self.index, query, c.index, c.score, title=self._title(c.index))
            for c in self.index.search(query.query, CANDIDATES)
        ]
        bearing = [
            j for j in judged
            if j.supports or j.contradicts or j.coverage >= (BEARS_COVERAGE / 2 if j.all_numbers else BEARS_COVERAGE)
        ]
        support_cov = max((j.coverage for j in bearing if j.supports), default=None)
        contra_cov = max((j.coverage for j in bearing if j.contradicts), default=None)
        if support_cov is None and supported_together(query, bearing, self.index):
            support_cov = 0.0
        if support_cov is not None and (contra_cov is None or contra_cov <= support_cov + OUTWEIGH):
            support = Support.SUPPORTED
        elif contra_cov is not None:
            # a passage that states the claim more closely with another number outweighs a looser match
            support = Support.CONTRADICTED
        else:
            support = Support.NOT_FOUND if all_held else Support.NO_SOURCE
        # the passages that carry the suggestion come first, then the rest by rank
        if support is Support.CONTRADICTED:
            bearing.sort(key=lambda j: (not j.contradicts, -j.rank, j.index))
        elif support is Support.SUPPORTED:
            bearing.sort(key=lambda j: (not j.supports, -j.rank, j.index))
        else:
            bearing.sort(key=lambda j: (-j.rank, j.index))
        hits = tuple(self._hit(j) for j in bearing[:MAX_PASSAGES])
        return ClaimEvidence(claim.index, support, hits)

    def _title(self, i: int) -> str:
        doc = self.docs.get(self.index.passages[i].ref)
        return (doc.title or "") if doc else ""

    def _hit(self, judged: Judgement) -> PassageHit:
        passage = self.index.passages[judged.index]
        doc = self.docs.get(passage.ref)
        return PassageHit(
            ref=passage.ref,
            text=passage.text,
            score=judged.rank,
            page=passage.page,
            start=passage.start,
            end=passage.end,
            numbers_matched=judged.matched,
            numbers_conflicting=tuple(NumberConflict(c, s) for c, s in judged.conflicts),
            title=doc.title if doc else None,
            supports=judged.supports,
            contradicts=judged.contradicts,
        )


_INDEXES: dict[tuple[object, ...], SourceIndex] = {}
_KEEP = 16


def build_index(docs: Sequence[tuple[int, SourceDoc]]) -> SourceIndex:
    """The index of these texts, reused while they are unchanged."""
    key = tuple((ref, doc.ident, doc.origin, doc.fetched_at, len(doc.text)) for ref, doc in docs)
    found = _INDEXES.get(key)
    if found is None:
        if len(_INDEXES) >= _KEEP:
            _INDEXES.pop(next(iter(_INDEXES)))
        found = _INDEXES[key] = SourceIndex(docs)
    return found


def evidence_for_report(
    db_path: Path | str, report: Report, *, claims: Iterable[int] | None = None, store: SourceStore | None = None
) -> ReportEvidence:
    """Evidence for every claim of ``report`` (or the claim numbers in ``claims``) from its held sources."""
    store = store or SourceStore(db_path)
    states = tuple(store.states(report))
    docs: list[tuple[int, SourceDoc]] = []
    for state, reference in zip(states, report.references, strict=True):
        if state.usable:
            doc = store.document(reference)
            if doc is not None:
                docs.append((state.ref, doc))
    wanted = None if claims is None else set(claims)
    chosen = [c for c in report.claims if wanted is None or c.index in wanted]
    if not docs:
        items = tuple(ClaimEvidence(c.index, Support.NO_SOURCE, ()) for c in chosen)
        return ReportEvidence(report.id, states, items)
    index = build_index(docs)
    all_held = bool(states) and all(state.usable for state in states)
    items = tuple(index.claim_evidence(c, all_held=all_held) for c in chosen)
    return ReportEvidence(report.id, states, items)
