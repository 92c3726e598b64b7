"""A report as plain data: the JSON shape of ``contracts/report.schema.json``.

``Report.to_dict``/``Report.from_dict`` hand over to these two, so the model
holds the report and this module alone knows the contract's field names
(``claimdesk show --json`` round-trips through them, and so does every report
snapshot the store and sync keep).
"""

from __future__ import annotations

from typing import Any

from claimdesk.model import (
    Claim,
    CorrectionRecord,
    CorrectionState,
    GateStatus,
    GateVerdict,
    Layout,
    Level,
    QualityTier,
    Reference,
    ReferenceKind,
    Report,
    ReportStats,
    Tier,
    VerificationLevel,
)


def report_to_dict(report: Report) -> dict[str, Any]:
    """The JSON shape of contracts/report.schema.json."""
    # ``_value_`` is what the enums' ``value`` property returns, read without the property.
    stats, gate, level, tier, record = (
        report.stats, report.gate, report.verification_level, report.quality_tier, report.correction_record
    )
    return {
        "id": report.id,
        "layout": report.layout._value_,
        "title": report.title,
        "publisher": report.publisher,
        "published": report.published,
        "abstract": report.abstract,
        "research_question": report.research_question,
        "stats": {
            "papers": stats.papers,
            "claims_extracted": stats.claims_extracted,
            "claims_verified": stats.claims_verified,
            "review_score": stats.review_score,
        },
        "claims": [
            {"index": c.index, "text": c.text, "verified": c.verified, "confidence": c.confidence}
            for c in report.claims
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
        "quality_dimensions": {name: value._value_ for name, value in report.quality_dimensions},
        "correction_record": None
        if record is None
        else {
            "state": record.state._value_,
            "count": record.count,
            "manifest_contract": record.manifest_contract,
            "correction_contract": record.correction_contract,
        },
        "provenance": None if report.provenance is None else dict(report.provenance),
        "references": [{"url": r.url, "kind": r.kind._value_, "id": r.id} for r in report.references],
        "warnings": list(report.warnings),
    }


def report_from_dict(data: dict[str, Any], *, layout: Layout | None = None) -> Report:
    """Inverse of ``report_to_dict``. Raises KeyError/ValueError/TypeError on bad data."""
    stats = data.get("stats") or {}
    gate = data.get("gate")
    level = data.get("verification_level")
    tier = data.get("quality_tier")
    record = data.get("correction_record")
    provenance = data.get("provenance")
    return Report(
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
