"""The report and review model: frozen dataclasses with the publisher's enums.

Everything the parser reads and everything a reviewer writes is one of these
types. They are immutable so a report snapshot can be shared between the
command line, the store and the app without anyone changing it behind the
others' backs. ``to_dict``/``from_dict`` give the JSON shape of
``contracts/report.schema.json`` so ``claimdesk show --json`` round-trips.
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
        """The JSON shape of contracts/report.schema.json."""
        # ``_value_`` is what the enums' ``value`` property returns, read without the property.
        stats, gate, level, tier, record = (
            self.stats, self.gate, self.verification_level, self.quality_tier, self.correction_record
        )
        return {
            "id": self.id,
            "layout": self.layout._value_,
            "title": self.title,
            "publisher": self.publisher,
            "published": self.published,
            "abstract": self.abstract,
            "research_question": self.research_question,
            "stats": {
                "papers": stats.papers,
                "claims_extracted": stats.claims_extracted,
                "claims_verified": stats.claims_verified,
                "review_score": stats.review_score,
            },
            "claims": [
                {"index": c.index, "text": c.text, "verified": c.verified, "confidence": c.confidence}
                for c in self.claims
            ],
            "gate": None
            if gate is None
            else {"status": gate.status._value_, "gate": gate.gate, "reason": gate.reason, "evaluated_at": gate.evaluated_at},
            "verification_level": None
            if level is None
            else {
                "level": level.level,
                "label": level.label,
                "source_grounded_claims": level.source_grounded_claims,
                "claim_record_source": level.claim_record_source,
            },
            "quality_tier": None if tier is None else {"tier": tier.tier._value_, "basis": tier.basis},
            "quality_dimensions": {name: value._value_ for name, value in self.quality_dimensions},
            "correction_record": None
            if record is None
            else {
                "state": record.state._value_,
                "count": record.count,
                "manifest_contract": record.manifest_contract,
                "correction_contract": record.correction_contract,
            },
            "provenance": None if self.provenance is None else dict(self.provenance),
            "references": [{"url": r.url, "kind": r.kind._value_, "id": r.id} for r in self.references],
            "warnings": list(self.warnings),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any], *, layout: Layout | None = None) -> "Report":
        """Inverse of ``to_dict``. Raises KeyError/ValueError/TypeError on bad data."""
        stats = data.get("stats") or {}
        gate = data.get("gate")
        level = data.get("verification_level")
        tier = data.get("quality_tier")
        record = data.get("correction_record")
        provenance = data.get("provenance")
        return cls(
            id=str(data["id"]),
            layout=layout or Layout(data["layout"]),
            title=str(data["title"]),
            publisher=data.get("publisher"),
            published=data.get("published"),
            abstract=data.get("abstract"),
            research_question=data.get("research_question"),
            stats=ReportStats(
                papers=stats.get("papers"),
                claims_extracted=stats.get("claims_extracted"),
                claims_verified=stats.get("claims_verified"),
                review_score=stats.get("review_score"),
            ),
            claims=tuple(
                Claim(
                    index=int(c["index"]),
                    text=str(c["text"]),
                    verified=c.get("verified"),
                    confidence=c.get("confidence"),
                )
                for c in data.get("claims") or ()
            ),
            gate=None
            if gate is None
            else GateVerdict(
                status=GateStatus(gate["status"]),
                gate=gate.get("gate"),
                reason=gate.get("reason"),
                evaluated_at=gate.get("evaluated_at"),
            ),
            verification_level=None
            if level is None
            else VerificationLevel(
                level=level.get("level"),
                label=level.get("label"),
                source_grounded_claims=level.get("source_grounded_claims"),
                claim_record_source=level.get("claim_record_source"),
            ),
            quality_tier=None if tier is None else QualityTier(Tier(tier["tier"]), tier.get("basis")),
            quality_dimensions=tuple(
                (str(name), Level(value)) for name, value in (data.get("quality_dimensions") or {}).items()
            ),
            correction_record=None
            if record is None
            else CorrectionRecord(
                state=CorrectionState(record["state"]),
                count=int(record["count"]),
                manifest_contract=record.get("manifest_contract"),
                correction_contract=record.get("correction_contract"),
            ),
            provenance=None if provenance is None else tuple((str(k), str(v)) for k, v in provenance.items()),
            references=tuple(
                Reference(url=str(r["url"]), kind=ReferenceKind(r["kind"]), id=r.get("id"))
                for r in data.get("references") or ()
            ),
            warnings=tuple(str(w) for w in data.get("warnings") or ()),
        )


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
