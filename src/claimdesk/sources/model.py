"""What claimdesk knows about a report's sources: typed values shared by fetch, storage and evidence.

A source is identified by its reference (kind and id, or the URL for a web page), not by
the report that cites it, so a paper cited by ten reports is fetched and stored once.
"""

from __future__ import annotations

import hashlib
from bisect import bisect_right
from dataclasses import dataclass
from enum import Enum

from claimdesk.model import Reference, ReferenceKind


class Status(str, Enum):
    HELD = "held"  # text is stored
    MISSING = "missing"  # never fetched or added
    FAILED = "failed"  # the last fetch failed and nothing is held


class Depth(str, Enum):
    FULL_TEXT = "full-text"
    ABSTRACT = "abstract"
    NONE = "none"


@dataclass(frozen=True, slots=True)
class PageSpan:
    """Characters ``start``..``end`` of the stored text come from page ``page`` (1-based)."""

    page: int
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class SourceDoc:
    """The text of one source as stored: plain text, with page spans for PDFs."""

    kind: ReferenceKind
    ident: str  # arXiv id, DOI or URL as the report gives it
    title: str | None
    text: str
    depth: Depth
    origin: str  # the URL fetched or the file added
    pages: tuple[PageSpan, ...] = ()
    fetched_at: str = ""

    def page_at(self, offset: int) -> int | None:
        """The page holding character ``offset``, or None for text without pages."""
        if not self.pages:
            return None
        starts = [span.start for span in self.pages]
        at = bisect_right(starts, offset) - 1
        return self.pages[max(at, 0)].page


@dataclass(frozen=True, slots=True)
class SourceState:
    """One reference of a report and what is held for it (a row of ``sources list``)."""

    ref: int  # 1-based position in the report's reference list
    ident: str
    kind: ReferenceKind
    title: str | None
    status: Status
    depth: Depth
    origin: str | None
    error: str | None = None

    @property
    def usable(self) -> bool:
        """True when evidence can be drawn from this source (title-only records cannot)."""
        return self.status is Status.HELD and self.depth is not Depth.NONE

    def to_dict(self) -> dict[str, object]:
        """The ``sources`` item of contracts/evidence.schema.json."""
        return {
            "ref": self.ref,
            "id": self.ident,
            "kind": self.kind.value,
            "title": self.title,
            "status": self.status.value,
            "depth": self.depth.value,
            "origin": self.origin,
            "error": self.error,
        }


def reference_ident(reference: Reference) -> str:
    """The id a reference is known by: the arXiv id or DOI, else the URL."""
    return reference.id or reference.url


def source_key(reference: Reference) -> str:
    """A file-name-safe key for a reference: the same paper gives the same key in every report."""
    ident = reference_ident(reference).strip()
    if reference.kind is not ReferenceKind.URL:
        ident = ident.casefold()
    digest = hashlib.blake2b(f"{reference.kind.value}:{ident}".encode(), digest_size=12).hexdigest()
    return f"{reference.kind.value}-{digest}"


@dataclass(frozen=True, slots=True)
class SourceCounts:
    """How much of a report's reference list is held: for a side panel or a summary line."""

    total: int
    full_text: int
    abstract: int
    failed: int
    missing: int

    @classmethod
    def of(cls, states: "list[SourceState] | tuple[SourceState, ...]") -> "SourceCounts":
        return cls(
            total=len(states),
            full_text=sum(1 for s in states if s.usable and s.depth is Depth.FULL_TEXT),
            abstract=sum(1 for s in states if s.usable and s.depth is Depth.ABSTRACT),
            failed=sum(1 for s in states if s.status is Status.FAILED),
            missing=sum(1 for s in states if s.status is Status.MISSING or (s.status is Status.HELD and not s.usable)),
        )

    @property
    def held(self) -> int:
        return self.full_text + self.abstract
