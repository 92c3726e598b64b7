"""The shape of a library row, where it lives (its shard), and what may replace it.

Data and small functions shared by the library, the importer, recovery and
migration, so each of them states a row's rules once.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from claimdesk.errors import StoreError
from claimdesk.model import Report, claim_key
from claimdesk.sanitize import clean
from claimdesk.store.files import corrupt

Pointer = tuple[str, int, int]  # (pack file name, byte offset, length) of one snapshot

# Every row has these (summary_from_row reads them); a row without one is damage.
ROW_FIELDS = frozenset(
    {
        "id", "title", "published", "research_question", "gate", "tier", "review_score", "claims",
        "verified", "findings", "worst_severity", "imported_at", "version", "content_hash", "snapshot",
    }
)  # fmt: skip
@dataclass(slots=True)
class Parsed:
    """One report ready to commit: small and picklable, so a worker process can make it."""

    path: str
    source: str  # where the version came from (an absolute path for an imported file)
    report_id: str
    digest: str
    row: dict[str, Any]  # the library row's fields taken from the report
    report_json: bytes  # the parsed report, serialised
    subjects: list[str] | None = None  # subject keys for the cross-report index (None: not worked out)
    # figure index rows by subject key (store/figindex.py), each key's rows as JSON or as lists
    figures: dict[str, bytes | list[list[Any]]] | None = None
    # the figure keys of the version this one replaces, and where that version is (None: not worked out)
    previous_keys: tuple[Pointer, list[str]] | None = None


def row_fields(report: Report, findings: int | None = None, worst: str | None = None) -> dict[str, Any]:
    """The library row's fields that come from the report itself."""
    return {
        "title": report.title,
        "published": report.published,
        "research_question": report.research_question,
        "gate": report.gate.status.value if report.gate else None,
        "tier": report.quality_tier.tier.value if report.quality_tier else None,
        "review_score": report.stats.review_score,
        "claims": len(report.claims),
        "verified": report.verified_count,
        "findings": findings,
        "worst_severity": worst,
        # The claim keys of this version, joined (each is KEY_WIDTH hex digits): marks are
        # matched to claims from the row, without opening the snapshot (stats, conflicts).
        "claim_keys": joined_keys(report),
    }


KEY_WIDTH = 20


def joined_keys(report: Report) -> str | None:
    keys = [claim_key(claim.text) for claim in report.claims]  # Claim.key, without a property call per claim
    return "".join(keys) if set(map(len, keys)) <= {KEY_WIDTH} else None  # every key KEY_WIDTH long


SHARDS = 64


def shard_number(report_id: str) -> int:
    """Which library shard holds a report's row (a stable hash of its id)."""
    digest = hashlib.blake2b(report_id.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big") % SHARDS


@lru_cache(maxsize=1 << 14)
def key_shard(key: str, shards: int) -> str:
    """Which of ``shards`` shards holds a subject key's entries, in the subject and figure indexes
    (a stable hash, as hex). Keys recur from report to report, so answers are remembered."""
    digest = hashlib.blake2b(key.encode("utf-8"), digest_size=4).digest()
    return f"{int.from_bytes(digest, 'big') % shards:02x}"


def shard_path(folder: Path, report_id: str) -> Path:
    return folder / f"{shard_number(report_id):02x}.json"


def all_shards(folder: Path) -> list[Path]:
    return [folder / f"{n:02x}.json" for n in range(SHARDS)]


def parse_shard(path: Path, data: Any) -> dict[str, dict[str, Any]]:
    """The rows of one shard; DatabaseCorrupt when any read would refuse one."""
    if data is None:
        return {}
    try:
        table = data["rows"]
        for rid, doc in table.items():
            if not isinstance(doc, dict) or doc.get("id") != rid:
                raise TypeError("a row is not filed under its report id")
            missing = ROW_FIELDS.difference(doc)
            if missing:
                raise KeyError(", ".join(sorted(missing)))
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise corrupt(path, f"a library row is incomplete or misnamed ({exc!r:.120})") from exc
    return table


def checked_pointer(value: Any, where: Path) -> Pointer:
    if (
        isinstance(value, list)
        and len(value) == 3
        and isinstance(value[0], str)
        and value[0].endswith(".json")
        and not value[0].startswith(".")
        and "/" not in value[0]
        and "\\" not in value[0]
        and isinstance(value[1], int)
        and isinstance(value[2], int)
        and value[1] >= 0
        and value[2] > 0
    ):
        return (value[0], value[1], value[2])
    raise corrupt(where, f"a snapshot reference is not [pack, offset, length] ({value!r:.80})")


def pointer_or_none(value: Any) -> Pointer | None:
    """A row's snapshot pointer when it is well formed; None otherwise (whoever needs it then says why)."""
    try:
        return checked_pointer(value, Path())
    except StoreError:
        return None


def clash(row: dict[str, Any] | None, entry: Parsed) -> str | None:
    """Why a file may not replace the report ``row`` holds: another file, still there, has its id.

    A report moved to a new folder (its old file gone) is an update; two files
    that both exist and give the same id are refused, naming both, and the
    library keeps the one it has.
    """
    if row is None:
        return None
    old = row.get("source")
    new = entry.source
    if not isinstance(old, str) or not os.path.isabs(old) or not os.path.isabs(new) or old == new:
        return None
    try:
        if not os.path.isfile(old) or os.path.samefile(old, new):
            return None
    except OSError:
        return None
    return (
        f"gives the report id {clean(entry.report_id)!r}, as {clean(old)} does (already in the library); "
        "rename one of the two files"
    )
