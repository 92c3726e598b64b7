"""Read our own report JSON (``claimdesk show --json`` output) back into a Report.

The file is as untrusted as any report, so every field's type is checked
before ``Report.from_dict`` sees it, and every string is cleaned of terminal
control sequences (JSON escapes like ``\\u001b`` would otherwise slip through).
"""

from __future__ import annotations

import math
import re
from typing import Any

from claimdesk.model import (
    CorrectionState,
    GateStatus,
    Layout,
    Level,
    ReferenceKind,
    Report,
    Tier,
)
from claimdesk.sanitize import clean

_LINE_BREAK = re.compile(r"[ \t]*\n\s*")  # clean() has made every line break a "\n"
_SAFE_ID = re.compile(r"[A-Za-z0-9_][A-Za-z0-9._-]{0,127}")


class BadReportJson(ValueError):
    """The JSON is not a claimdesk report; the message names the field."""


def looks_like_report_json(data: Any) -> bool:
    return isinstance(data, dict) and "title" in data and ("claims" in data or "stats" in data)


def report_from_json(data: dict[str, Any], fallback_id: str) -> tuple[Report, bool]:
    """(report, whether control sequences were removed). Raises BadReportJson."""
    changed = [False]
    data = _cleaned(data, changed)
    _check(data)
    for key in ("title", "publisher"):  # one-line fields: a line break would forge lines in listings
        if isinstance(data.get(key), str) and "\n" in data[key]:
            data[key] = _LINE_BREAK.sub(" ", data[key])
    if not (isinstance(data.get("id"), str) and _SAFE_ID.fullmatch(data["id"])):
        data["id"] = fallback_id
    layout = None if "layout" in data else Layout.JSON
    if data.get("stats") is not None and data["stats"].get("review_score") is not None:
        data["stats"]["review_score"] = float(data["stats"]["review_score"])
    return Report.from_dict(data, layout=layout), changed[0]


def _cleaned(value: Any, changed: list[bool], depth: int = 0) -> Any:
    if depth > 8:
        raise BadReportJson("nested too deeply")
    if isinstance(value, str):
        result = clean(value)
        if result != value:
            changed[0] = True
        return result
    if isinstance(value, dict):
        return {_cleaned(k, changed, depth + 1): _cleaned(v, changed, depth + 1) for k, v in value.items()}
    if isinstance(value, list):
        return [_cleaned(v, changed, depth + 1) for v in value]
    return value


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: Any) -> bool:
    return (_is_int(value) or isinstance(value, float)) and math.isfinite(value)


def _need(ok: bool, field: str) -> None:
    if not ok:
        raise BadReportJson(f"bad field {field!r}")


def _opt_str(obj: dict, key: str, where: str) -> None:
    _need(obj.get(key) is None or isinstance(obj.get(key), str), f"{where}{key}")


def _opt_int(obj: dict, key: str, where: str, low: int = 0, high: int | None = None) -> None:
    value = obj.get(key)
    _need(value is None or (_is_int(value) and value >= low and (high is None or value <= high)), f"{where}{key}")


def _enum(value: Any, enum: type, field: str) -> None:
    _need(isinstance(value, str) and value in {m.value for m in enum}, field)


def _object(value: Any, field: str, nullable: bool = True) -> dict | None:
    if value is None and nullable:
        return None
    _need(isinstance(value, dict), field)
    return value


def _check(data: dict[str, Any]) -> None:
    """Enough of contracts/report.schema.json that from_dict yields a sound Report."""
    _need(isinstance(data.get("title"), str) and bool(data["title"].strip()), "title")
    if "layout" in data:
        _enum(data["layout"], Layout, "layout")
    for key in ("publisher", "published", "abstract", "research_question"):
        _opt_str(data, key, "")
    stats = _object(data.get("stats"), "stats")
    if stats:
        for key in ("papers", "claims_extracted", "claims_verified"):
            _opt_int(stats, key, "stats.")
        score = stats.get("review_score")
        _need(score is None or (_is_number(score) and 0 <= score <= 10), "stats.review_score")
    claims = data.get("claims")
    _need(claims is None or isinstance(claims, list), "claims")
    for claim in claims or ():
        _object(claim, "claims[]", nullable=False)
        _need(_is_int(claim.get("index")) and claim["index"] >= 1, "claims[].index")
        _need(isinstance(claim.get("text"), str), "claims[].text")
        _need(claim.get("verified") is None or isinstance(claim["verified"], bool), "claims[].verified")
        conf = claim.get("confidence")
        _need(conf is None or (_is_number(conf) and 0 <= conf <= 1), "claims[].confidence")
    gate = _object(data.get("gate"), "gate")
    if gate:
        _enum(gate.get("status"), GateStatus, "gate.status")
        for key in ("gate", "reason", "evaluated_at"):
            _opt_str(gate, key, "gate.")
    level = _object(data.get("verification_level"), "verification_level")
    if level:
        _opt_int(level, "level", "verification_level.", 0, 7)
        _opt_int(level, "source_grounded_claims", "verification_level.")
        _opt_str(level, "label", "verification_level.")
        _opt_str(level, "claim_record_source", "verification_level.")
    tier = _object(data.get("quality_tier"), "quality_tier")
    if tier:
        _enum(tier.get("tier"), Tier, "quality_tier.tier")
        _opt_str(tier, "basis", "quality_tier.")
    dimensions = _object(data.get("quality_dimensions"), "quality_dimensions")
    for value in (dimensions or {}).values():
        _enum(value, Level, "quality_dimensions")
    record = _object(data.get("correction_record"), "correction_record")
    if record:
        _enum(record.get("state"), CorrectionState, "correction_record.state")
        _need(_is_int(record.get("count")) and record["count"] >= 0, "correction_record.count")
        _opt_str(record, "manifest_contract", "correction_record.")
        _opt_str(record, "correction_contract", "correction_record.")
    provenance = _object(data.get("provenance"), "provenance")
    for value in (provenance or {}).values():
        _need(isinstance(value, str), "provenance")
    references = data.get("references")
    _need(references is None or isinstance(references, list), "references")
    for ref in references or ():
        _object(ref, "references[]", nullable=False)
        _need(isinstance(ref.get("url"), str), "references[].url")
        _enum(ref.get("kind"), ReferenceKind, "references[].kind")
        _opt_str(ref, "id", "references[].")
    warnings = data.get("warnings")
    _need(warnings is None or (isinstance(warnings, list) and all(isinstance(w, str) for w in warnings)), "warnings")
