"""Claims in other reports that say nearly the same thing.

Generated reports restate the same findings again and again, sometimes with
different numbers. Showing a claim's near-twins (with their marks) lets a
verdict reached once be reused and makes contradictions visible.

Similarity is rapidfuzz's ``token_set_ratio`` and ``token_sort_ratio``
averaged: the set ratio forgives reordering and extra words, the sort ratio
keeps a short claim from matching every longer claim that happens to contain
its words. The default cutoff of 70 (of 100) pairs restatements such as
"Deepseek-V2.5 was used to generate self-invoking problems…" / "Deepseek-V2.5
is used to generate the self-invoking problems…" and leaves apart claims that
only share a benchmark name.

Scoring every claim of a large library for each lookup would be slow, so the
index keeps an inverted list of tokens and only scores claims that share one
of the query's rarest tokens (model names, figures, uncommon words), which
any restatement shares too. An index of the whole library grows with it, so
past claimdesk.analysis.RELATED_INDEX_LIMIT reports the desk builds none:
``LibraryRelated`` indexes, for each look-up, only the reports that share
subjects with the claim's report (read from the store's persistent subject
postings) and lets them go.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable, Iterable

from rapidfuzz import fuzz, process
from rapidfuzz.utils import default_process

from claimdesk.model import Report, Verdict

if TYPE_CHECKING:  # pragma: no cover
    from claimdesk.store import ReviewStore

DEFAULT_CUTOFF = 70.0
# How many candidate claims one lookup may score at most (rarest tokens first).
CANDIDATE_BUDGET = 5000
MAX_QUERY_TOKENS = 8
# How many other reports one library look-up reads (LibraryRelated): the most subjects shared first.
CANDIDATE_REPORTS = 100


@dataclass(frozen=True, slots=True)
class RelatedClaim:
    """A claim of another report, how similar it is (0–100), and its current marks."""

    report_id: str
    claim: int
    text: str
    score: float
    marks: dict[str, str] = field(default_factory=dict)  # reviewer -> verdict

    def to_dict(self) -> dict:
        return {
            "report": self.report_id,
            "claim": self.claim,
            "text": self.text,
            "score": round(self.score, 1),
            "marks": dict(self.marks),
        }


class RelatedIndex:
    """An in-memory index of every claim's text for near-duplicate lookups."""

    def __init__(self, cutoff: float = DEFAULT_CUTOFF) -> None:
        self.cutoff = cutoff
        self._entries: list[tuple[str, int, str, str] | None] = []  # report, claim, text, processed
        self._by_report: dict[str, list[int]] = {}
        self._postings: dict[str, list[int]] = defaultdict(list)

    @classmethod
    def from_reports(cls, reports: Iterable[Report], cutoff: float = DEFAULT_CUTOFF) -> "RelatedIndex":
        index = cls(cutoff)
        for report in reports:
            index.add_report(report)
        return index

    @classmethod
    def from_store(cls, store: "ReviewStore", cutoff: float = DEFAULT_CUTOFF) -> "RelatedIndex":
        """Index every report in the library (reads each snapshot once)."""
        return cls.from_reports((store.report(s.id) for s in store.summaries()), cutoff)

    def __len__(self) -> int:
        return sum(len(ids) for ids in self._by_report.values())

    def add_report(self, report: Report) -> None:
        """Index a report's claims, replacing what was indexed for its id before."""
        self.remove_report(report.id)
        ids = []
        for claim in report.claims:
            processed = default_process(claim.text)
            entry = len(self._entries)
            self._entries.append((report.id, claim.index, claim.text, processed))
            for token in set(processed.split()):
                self._postings[token].append(entry)
            ids.append(entry)
        self._by_report[report.id] = ids

    def remove_report(self, report_id: str) -> None:
        for entry in self._by_report.pop(report_id, ()):
            self._entries[entry] = None  # postings skip dead entries

    def related(self, report_id: str, claim: int, limit: int = 10) -> list[RelatedClaim]:
        """Claims of *other* reports similar to claim ``claim`` of ``report_id``."""
        text = next(
            (e[2] for i in self._by_report.get(report_id, ()) if (e := self._entries[i]) and e[1] == claim),
            None,
        )
        if text is None:
            return []
        return self.similar(text, exclude_report=report_id, limit=limit)

    def similar(
        self, text: str, *, exclude_report: str | None = None, limit: int = 10, every: bool = False
    ) -> list[RelatedClaim]:
        """Indexed claims similar to ``text``, best first (ties by report id, claim).

        ``every``: score every indexed claim, not only those sharing the query's
        rarest tokens (for a small index of chosen reports, where rarity means little).
        """
        query = default_process(text)
        if every:
            candidates = {i for i, e in enumerate(self._entries) if e is not None and e[0] != exclude_report}
        else:
            candidates = self._candidates(query, exclude_report)
        if not candidates:
            return []
        # The mean of the two ratios reaches the cutoff only if the set ratio
        # reaches 2 * cutoff - 100 (the sort ratio is at most 100): prefilter on it.
        choices = {entry: self._entries[entry][3] for entry in candidates}  # type: ignore[index]
        first = process.extract(
            query, choices, scorer=fuzz.token_set_ratio, processor=None,
            score_cutoff=max(0.0, 2 * self.cutoff - 100), limit=None,
        )
        found = []
        for _, set_score, entry in first:
            score = (set_score + fuzz.token_sort_ratio(query, choices[entry], processor=None)) / 2
            if score >= self.cutoff:
                report_id, claim, claim_text, _ = self._entries[entry]  # type: ignore[misc]
                found.append(RelatedClaim(report_id, claim, claim_text, score))
        found.sort(key=lambda r: (-r.score, r.report_id, r.claim))
        return found[:limit]

    def _candidates(self, query: str, exclude_report: str | None) -> set[int]:
        tokens = sorted(set(query.split()), key=lambda t: (len(self._postings.get(t, ())), t))
        candidates: set[int] = set()
        spent = 0
        for used, token in enumerate(tokens):
            postings = self._postings.get(token)
            if not postings:
                continue
            if used >= MAX_QUERY_TOKENS or (candidates and spent + len(postings) > CANDIDATE_BUDGET):
                break
            spent += len(postings)
            candidates.update(postings)
        return {
            entry
            for entry in candidates
            if (e := self._entries[entry]) is not None and e[0] != exclude_report
        }


class LibraryRelated:
    """Related claims looked up in the library on demand, holding nothing between look-ups.

    The same question as ``RelatedIndex.related``, answered without an index of
    every claim (which grows with the library: about 48 MB per 10,000 reports):
    the candidates are the CANDIDATE_REPORTS reports sharing the most subjects
    with the claim's report, from the store's persistent subject postings
    (``ReviewStore.subject_neighbours``); only their snapshots are read, and
    every claim of theirs is scored. What it misses: restatements in reports
    that give no numbers for the same model (a report giving numbers for no
    model has no candidates at all); see docs/archive-scale.md.
    """

    def __init__(self, store: "ReviewStore", cutoff: float = DEFAULT_CUTOFF, candidates: int = CANDIDATE_REPORTS) -> None:
        self.store = store  # its own: look-ups may come from worker threads, one at a time
        self.cutoff = cutoff
        self.candidates = candidates
        self._one_at_a_time = threading.Lock()

    def related(
        self, report_id: str, claim: int, limit: int = 10, *, wanted: Callable[[], bool] = lambda: True
    ) -> list[RelatedClaim]:
        """Claims of *other* reports similar to claim ``claim`` of ``report_id``.

        ``wanted`` is asked once this look-up's turn has come (an earlier one may
        still be running): False gives [] without reading anything.
        """
        with self._one_at_a_time:
            return self._related(report_id, claim, limit) if wanted() else []

    def _related(self, report_id: str, claim: int, limit: int) -> list[RelatedClaim]:
        from claimdesk.errors import ClaimdeskError

        try:
            report = self.store.report(report_id)
        except ClaimdeskError:
            return []
        text = next((c.text for c in report.claims if c.index == claim), None)
        if text is None:
            return []
        index = RelatedIndex(self.cutoff)
        for other in self.store.subject_neighbours(report, limit=self.candidates):
            try:
                index.add_report(self.store.report(other))
            except ClaimdeskError:
                continue  # a damaged snapshot is reported when that report is opened
        return index.similar(text, exclude_report=report_id, limit=limit, every=True)


def related_claims(
    store: "ReviewStore", index: "RelatedIndex | LibraryRelated", report_id: str, claim: int, limit: int = 10, *,
    viewer: str | None = None,
) -> list[RelatedClaim]:
    """``index.related`` with each related claim's current marks from the store.

    ``viewer``: blind review is on for this reviewer, so others' marks show only
    on claims they have marked (claimdesk.blind).
    """
    return with_marks(store, index.related(report_id, claim, limit), viewer=viewer)


def with_marks(store: "ReviewStore", found: list[RelatedClaim], *, viewer: str | None = None) -> list[RelatedClaim]:
    """``found`` with each related claim's current marks from the store (see ``related_claims``)."""
    marks_by_report: dict[str, dict] = {}
    result = []
    for item in found:
        if item.report_id not in marks_by_report:
            current = store.current_marks(item.report_id)
            if viewer is not None:
                from claimdesk.blind import visible_current

                current = visible_current(current, store.marks(item.report_id), viewer, blind=True)
            marks_by_report[item.report_id] = current
        marks = {
            reviewer: _value(mark.verdict)
            for (number, reviewer), mark in marks_by_report[item.report_id].items()
            if number == item.claim and _value(mark.verdict) != Verdict.CLEARED.value
        }
        result.append(RelatedClaim(item.report_id, item.claim, item.text, item.score, marks))
    return result


def _value(verdict: Verdict | str) -> str:
    return verdict.value if isinstance(verdict, Verdict) else str(verdict)
