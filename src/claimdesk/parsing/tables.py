"""Read the key/value table blocks of the web layout (gate, level, tier, dimensions, record, provenance).

Each reader takes the block (or None when the report has none) and the
report's warning list, and returns the model value or None. Reports repeat
these blocks word for word (the correction record and the quality tier are
boilerplate), so a reader's answer for a block seen before is remembered,
with the warnings it gave, and replayed: the answers are immutable.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any

from claimdesk.model import (
    CorrectionRecord,
    CorrectionState,
    GateStatus,
    GateVerdict,
    Level,
    QualityTier,
    Tier,
    VerificationLevel,
)
from claimdesk.parsing.blocks import Block, table_row
from claimdesk.parsing.fields import enum_value, first_int, paper_level, snake

__all__ = ["correction_record", "dimensions", "gate", "provenance", "quality_tier", "verification_level"]

# Bounded memories (hostile files must not make them hold megabytes): rows
# and blocks over these sizes are read each time, never kept.
_REMEMBERED, _REMEMBERED_BLOCKS = 4096, 1024
_MEMO_LINES, _MEMO_CHARS = 40, 2000  # what a remembered block may hold at most
_ROW_CHARS = 500
# (reader, heading, lines) -> (answer, warnings it gave)
_answers: dict[tuple[Any, ...], tuple[Any, tuple[str, ...]]] = {}


def _keyed_row(line: str) -> tuple[str, str] | None:
    """A table line as (snake_case key, value), or None for a line that is not a table row."""
    row = table_row(line)
    return None if row is None else (snake(row[0]), row[1])


_remembered_row = lru_cache(maxsize=_REMEMBERED)(_keyed_row)  # tables repeat their rows report after report


def _rows(block: Block) -> dict[str, str]:
    """A key/value table keyed by snake_case name; the first of repeated rows wins."""
    rows: dict[str, str] = {}
    for line in block.lines:
        if "|" not in line:
            continue
        row = _remembered_row(line) if len(line) <= _ROW_CHARS else _keyed_row(line)
        if row is not None:
            rows.setdefault(*row)
    return rows


def _remembered(absent: Any = None) -> Callable[[Callable[[Block, list[str]], Any]], Callable[[Block | None, list[str]], Any]]:
    """A reader answered from memory for a block read before; ``absent``: its answer without the block."""

    def wrap(read: Callable[[Block, list[str]], Any]) -> Callable[[Block | None, list[str]], Any]:
        def reader(block: Block | None, warnings: list[str]) -> Any:
            if block is None:
                return absent
            lines = block.lines
            if len(lines) > _MEMO_LINES or sum(map(len, lines)) > _MEMO_CHARS:
                return read(block, warnings)  # a big block is read, never kept
            key = (read, block.heading, *lines)
            known = _answers.get(key)
            if known is None:
                given: list[str] = []
                known = (read(block, given), tuple(given))
                if len(_answers) >= _REMEMBERED_BLOCKS:
                    _answers.clear()
                _answers[key] = known
            if known[1]:
                warnings.extend(known[1])
            return known[0]

        reader.__doc__ = read.__doc__
        return reader

    return wrap


_GATE_ROWS = frozenset({"status", "gate", "reason", "evaluated", "evaluated_at"})
_LEVEL_ROWS = frozenset({"paper_level", "source_grounded_claims", "claim_record_source"})
_TIER_ROWS = frozenset({"tier", "basis"})
_CORRECTION_ROWS = frozenset({"status", "correction_count", "manifest_contract", "correction_contract"})


def _unknown_rows(block: Block, rows: dict[str, str], known: frozenset[str], warnings: list[str]) -> None:
    if not rows.keys() <= known:
        warnings.append(f"ignored unknown row(s) in {block.heading!r}: {', '.join(sorted(rows.keys() - known))}")


@_remembered()
def gate(block: Block, warnings: list[str]) -> GateVerdict | None:
    rows = _rows(block)
    _unknown_rows(block, rows, _GATE_ROWS, warnings)
    status = enum_value(GateStatus, rows.get("status", ""))
    if status is None:
        warnings.append(f"gate verdict has no readable status ({rows.get('status', 'missing')!r}); ignored")
        return None
    return GateVerdict(
        status=status,
        gate=rows.get("gate") or None,
        reason=rows.get("reason") or None,
        evaluated_at=rows.get("evaluated") or rows.get("evaluated_at") or None,
    )


@_remembered()
def verification_level(block: Block, warnings: list[str]) -> VerificationLevel | None:
    rows = _rows(block)
    _unknown_rows(block, rows, _LEVEL_ROWS, warnings)
    if not rows:
        warnings.append("verification level table is empty; ignored")
        return None
    level, label = paper_level(rows.get("paper_level", ""))
    if "paper_level" in rows and level is None:
        warnings.append(f"unreadable paper level {rows['paper_level']!r}")
    grounded = rows.get("source_grounded_claims")
    return VerificationLevel(
        level=level,
        label=label,
        source_grounded_claims=first_int(grounded) if grounded else None,
        claim_record_source=rows.get("claim_record_source") or None,
    )


@_remembered()
def quality_tier(block: Block, warnings: list[str]) -> QualityTier | None:
    rows = _rows(block)
    _unknown_rows(block, rows, _TIER_ROWS, warnings)
    tier = enum_value(Tier, rows.get("tier", ""))
    if tier is None:
        warnings.append(f"quality tier is not readable ({rows.get('tier', 'missing')!r}); ignored")
        return None
    return QualityTier(tier=tier, basis=rows.get("basis") or None)


@_remembered(absent=())
def dimensions(block: Block, warnings: list[str]) -> tuple[tuple[str, Level], ...]:
    found: list[tuple[str, Level]] = []
    for name, level in _rows(block).items():
        value = enum_value(Level, level)
        if value is None:
            warnings.append(f"quality dimension {name!r} has no readable level ({level!r})")
            continue
        found.append((name, value))
    return tuple(found)


@_remembered()
def correction_record(block: Block, warnings: list[str]) -> CorrectionRecord | None:
    rows = _rows(block)
    _unknown_rows(block, rows, _CORRECTION_ROWS, warnings)
    state = enum_value(CorrectionState, rows.get("status", ""))
    if state is None:
        warnings.append(f"correction record has no readable status ({rows.get('status', 'missing')!r}); ignored")
        return None
    count = first_int(rows.get("correction_count", ""))
    if count is None:
        warnings.append("correction record has no readable correction count; 0 is assumed")
        count = 0
    return CorrectionRecord(
        state=state,
        count=count,
        manifest_contract=rows.get("manifest_contract") or None,
        correction_contract=rows.get("correction_contract") or None,
    )


@_remembered()
def provenance(block: Block, warnings: list[str]) -> tuple[tuple[str, str], ...] | None:
    rows = _rows(block)
    if not rows:
        warnings.append("provenance table is empty")
    return tuple(rows.items())
