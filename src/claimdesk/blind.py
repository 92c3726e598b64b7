"""Blind review: who may see which marks (no Textual here; the desk and the exports share it).

While a database's blind setting is on, a reviewer sees another reviewer's
marks on a claim only once they have marked that claim themselves (any mark,
'cleared' included: once you have committed a verdict, the others are no
longer a prompt). Claims are matched by report and claim key, so a
re-imported report keeps what was revealed. `claimdesk conflicts` follows
the same rule: it lists a conflict once you have marked its claim.

This hides marks in what claimdesk shows; it is not access control: anyone
who can read the database folder or the sync remote can read every mark.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TypeVar

from claimdesk.model import Mark


def revealed_claims(marks: Iterable[Mark], reviewer: str) -> set[tuple[str, str]]:
    """(report id, claim key) of every claim ``reviewer`` has marked."""
    return {(m.report_id, m.claim_key) for m in marks if m.reviewer == reviewer}


def visible_marks(marks: Iterable[Mark], reviewer: str, blind: bool) -> list[Mark]:
    """The marks ``reviewer`` may see, in their order: all of them unless ``blind``."""
    marks = list(marks)
    if not blind:
        return marks
    revealed = revealed_claims(marks, reviewer)
    return [m for m in marks if m.reviewer == reviewer or (m.report_id, m.claim_key) in revealed]


K = TypeVar("K")


def visible_current(
    current: Mapping[K, Mark], marks: Iterable[Mark], reviewer: str, blind: bool
) -> dict[K, Mark]:
    """The current marks (as ReviewStore.current_marks gives them) ``reviewer`` may see.

    ``marks`` is every mark on the report (ReviewStore.marks): having marked a
    claim once is enough, even if that mark was later cleared.
    """
    if not blind:
        return dict(current)
    revealed = revealed_claims(marks, reviewer)
    return {
        key: m for key, m in current.items() if m.reviewer == reviewer or (m.report_id, m.claim_key) in revealed
    }
