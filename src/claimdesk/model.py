"""The report and review model: frozen dataclasses with the publisher's enums.

Everything the parser reads and everything a reviewer writes is one of these
types. They are immutable so a report snapshot can be shared between the
command line, the store and the app without anyone changing it behind the
others' backs. ``Report.to_dict``/``from_dict`` give the JSON shape of
``contracts/report.schema.json`` (report_dict.py) so ``claimdesk show --json``
round-trips.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from enum import Enum
from functools import lru_cache
from typing import Any


class GateStatus(str, Enum):
    """gate-verdict-v1 status."""

    UNVERIFIED = "UNVERIFIED"
    VERIFIED = "VERIFIED"
    FALSIFIED = "FALSIFIED"


class Tier(str, Enum):
    """quality-tiers-v1 tier."""

    FLAGSHIP_CANDIDATE = "FLAGSHIP_CANDIDATE"
    DOI_GRADE = "DOI_GRADE"
    PUBLIC_RECORD = "PUBLIC_RECORD"
    WATCHLIST = "WATCHLIST"
    QUARANTINE_CANDIDATE = "QUARANTINE_CANDIDATE"


class Level(str, Enum):
    """quality-dimensions-v1 level."""

    UNASSESSED = "UNASSESSED"
    LOW = "LOW"
    MEDIUM = "MEDIUM"
    HIGH = "HIGH"


class CorrectionState(str, Enum):
    """correction-record-v1 correction_state."""

    CURRENT = "CURRENT"
    CORRECTED = "CORRECTED"
    SUPERSEDED = "SUPERSEDED"


class CorrectionType(str, Enum):
    """correction-record-v1 correction_type."""

    METADATA = "METADATA"
    ARTIFACT = "ARTIFACT"
    CLAIM = "CLAIM"
    BENCHMARK = "BENCHMARK"
    PROVENANCE = "PROVENANCE"
    QUALITY_ASSESSMENT = "QUALITY_ASSESSMENT"


class Verdict(str, Enum):
    """A reviewer's mark on one claim. ``cleared`` withdraws an earlier mark."""

    CONFIRMED = "confirmed"
    DISPUTED = "disputed"
    UNSUPPORTED = "unsupported"
    NEEDS_CHECK = "needs-check"
    CLEARED = "cleared"


class TriageDecision(str, Enum):
    """A reviewer's decision on a whole report."""

    ACCEPT = "accept"
    WATCHLIST = "watchlist"
    QUARANTINE = "quarantine"
    REJECT = "reject"


class ReferenceKind(str, Enum):
    ARXIV = "arxiv"
    DOI = "doi"
    URL = "url"


class Layout(str, Enum):
    WEB = "web"
    PAPER = "paper"
    JSON = "json"


QUALITY_DIMENSIONS: tuple[str, ...] = (
    "evidence_strength",
    "citation_grounding",
    "numerical_consistency",
    "benchmark_validity",
    "novelty",
    "uncertainty_disclosure",
    "reproducibility_status",
    "safety_impact",
)

# The publisher's stated publication rule.
PUBLICATION_MIN_SCORE = 6.5
PUBLICATION_MIN_VERIFIED = 5


@dataclass(frozen=True, slots=True)
class Claim:
    """One row of a report's claim table."""

    index: int  # 1-based position in the table
    text: str
    verified: bool | None
    confidence: float | None

    @property
    def key(self) -> str:
        """A stable key of the claim text, so marks survive a re-import."""
        return claim_key(self.text)


@lru_cache(maxsize=4096)  # a claim recurs across reports and versions, and every import keys each claim
def claim_key(text: str) -> str:
    """Hash of the claim text with case and white space folded."""
    if text.isascii() and text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        # Already folded as to white space (printable ASCII has no other white space than " "),
        # and for ASCII lower() is casefold(): the same bytes without splitting and joining.
        folded = text.lower()
    else:
        folded = " ".join(text.split()).casefold()  # str.split's white space is exactly re's \s
    return hashlib.blake2b(folded.encode("utf-8"), digest_size=10).hexdigest()


@dataclass(frozen=True, slots=True)
class ReportStats:
    """The counts a report states about itself (abstract and/or 3 Results)."""

    papers: int | None = None
    claims_extracted: int | None = None
    claims_verified: int | None = None
    review_score: float | None = None


@dataclass(frozen=True, slots=True)
class GateVerdict:
    status: GateStatus
    gate: str | None = None
    reason: str | None = None
    evaluated_at: str | None = None


@dataclass(frozen=True, slots=True)
class VerificationLevel:
    level: int | None
    label: str | None
    source_grounded_claims: int | None = None
    claim_record_source: str | None = None


@dataclass(frozen=True, slots=True)
class QualityTier:
    tier: Tier
    basis: str | None = None


@dataclass(frozen=True, slots=True)
class CorrectionRecord:
    """The correction record as the report publishes it."""

    state: CorrectionState
    count: int
    manifest_contract: str | None = None
    correction_contract: str | None = None


@dataclass(frozen=True, slots=True)
class Reference:
    url: str
    kind: ReferenceKind
    id: str | None


@dataclass(frozen=True, slots=True)
class Report:
    """One published synthesis, as parsed. ``id`` is the source file's stem."""

    id: str
    layout: Layout
    title: str
    publisher: str | None = None
    published: str | None = None  # ISO date
    abstract: str | None = None
    research_question: str | None = None
    stats: ReportStats = field(default_factory=ReportStats)
    claims: tuple[Claim, ...] = ()
    gate: GateVerdict | None = None
    verification_level: VerificationLevel | None = None
    quality_tier: QualityTier | None = None
    quality_dimensions: tuple[tuple[str, Level], ...] = ()
    correction_record: CorrectionRecord | None = None
    provenance: tuple[tuple[str, str], ...] | None = None
    references: tuple[Reference, ...] = ()
    warnings: tuple[str, ...] = ()

    @property
    def dimensions(self) -> dict[str, Level]:
        return dict(self.quality_dimensions)

    @property
    def provenance_rows(self) -> dict[str, str]:
        return dict(self.provenance or ())

    @property
    def verified_count(self) -> int:
        """Claims the table itself marks ✓."""
        return sum(1 for c in self.claims if c.verified)

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of contracts/report.schema.json (claimdesk.report_dict)."""
        return _report_dict.report_to_dict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any], *, layout: Layout | None = None) -> "Report":
        """Inverse of ``to_dict``. Raises KeyError/ValueError/TypeError on bad data."""
        return _report_dict.report_from_dict(data, layout=layout)


# --- review records: what reviewers write. Additive: never edited, never deleted.


@dataclass(frozen=True, slots=True)
class Mark:
    """A reviewer's verdict on one claim. The newest per (claim, reviewer) counts."""

    id: str  # uuid4 hex; lets databases be merged by union
    report_id: str
    claim: int  # 1-based claim number at the time of marking
    claim_key: str
    verdict: Verdict
    note: str
    reviewer: str
    at: str  # ISO 8601 UTC timestamp
    # The store's order among marks of one (claim, reviewer): a hybrid logical clock in
    # microseconds (never below the previous mark's + 1, whatever the wall clock says).
    # None on marks made before it existed; they order by ``at``.
    order: int | None = None
    # How long the claim was under the reviewer's cursor before this mark (the desk
    # knows; the command line leaves it None). Feeds the pace figures (claimdesk.pace).
    seconds: float | None = None


@dataclass(frozen=True, slots=True)
class Triage:
    """A reviewer's decision on a whole report. The newest counts."""

    id: str
    report_id: str
    decision: TriageDecision
    note: str
    reviewer: str
    at: str


@dataclass(frozen=True, slots=True)
class CorrectionEvent:
    """One additive correction event filed against a report (correction-record-v1)."""

    event_id: str  # uuid4
    report_id: str
    corrected_at: str
    correction_type: CorrectionType
    public_note: str
    affected_fields: tuple[str, ...]
    claim: int | None
    reviewer: str
    supersedes: str | None = None  # event_id this one answers


@dataclass(frozen=True, slots=True)
class Finding:
    """What an automatic check reports about a report."""

    code: str
    severity: str  # "high" | "medium" | "low"
    message: str
    claim: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "severity": self.severity, "message": self.message, "claim": self.claim}


# Last, because report_dict builds the classes above; a module reference (not its
# names), so importing report_dict first works too. Not imported inside the methods:
# that costs a lookup on every report the store writes or reads.
import claimdesk.report_dict as _report_dict  # noqa: E402
