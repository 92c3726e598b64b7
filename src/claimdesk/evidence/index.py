"""bm25s over a report's passages: the candidates the suggestion then weighs.

One index per set of held source texts, built once and kept (keyed by what was held),
so the desk moving from claim to claim only queries it.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from claimdesk.evidence.passages import Passage
from claimdesk.evidence.text import tokens


@dataclass(frozen=True, slots=True)
class Candidate:
    index: int  # position in PassageIndex.passages
    score: float


class PassageIndex:
    """Passages, their token sets, document frequencies and a bm25s retriever."""

    def __init__(self, passages: Sequence[Passage]) -> None:
        self.passages = list(passages)
        self.token_lists = [tokens(f"{p.context} {p.text}" if p.context else p.text) for p in self.passages]
        self.token_sets = [frozenset(t) for t in self.token_lists]
        counts: Counter[str] = Counter()
        for token_set in self.token_sets:
            counts.update(token_set)
        self._df = counts
        self._n = len(self.passages)
        self._retriever = None
        if self.passages:
            import bm25s

            retriever = bm25s.BM25()
            retriever.index([t or [""] for t in self.token_lists], show_progress=False)
            self._retriever = retriever

    def idf(self, token: str) -> float:
        return math.log(1.0 + (self._n + 1) / (self._df.get(token, 0) + 0.5))

    def search(self, query: Sequence[str], k: int = 25) -> list[Candidate]:
        if self._retriever is None or not query:
            return []
        k = min(k, self._n)
        known = [t for t in query if t in self._df]
        if not known:
            return []
        results, scores = self._retriever.retrieve([known], k=k, show_progress=False, n_threads=1)
        return [
            Candidate(int(i), float(s)) for i, s in zip(results[0], scores[0], strict=True) if float(s) > 0.0
        ]
