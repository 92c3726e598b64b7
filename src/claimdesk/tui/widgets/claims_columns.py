"""The widths of the claims table's columns: the claim text gets what the others leave."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from claimdesk.model import Mark
from claimdesk.tui.text import others_cell

MINE_WIDTH = 14  # "? needs-check✎"
REPORT_WIDTH = 6  # "✓ .90"
OTHERS_MIN, OTHERS_MAX = 6, 28


def others_width(others: Iterable[Sequence[Mark]]) -> int:
    """The Others column: as wide as its widest cell, within bounds."""
    widest = max((others_cell(marks).cell_len for marks in others), default=0)
    return max(OTHERS_MIN, min(OTHERS_MAX, widest))


def claim_columns(table_width: int, last_claim: int, others: Iterable[Sequence[Mark]]) -> list[tuple[str, str, int]]:
    """(key, label, width) of each column, for a table ``table_width`` wide whose last claim
    is numbered ``last_claim``, with ``others`` the other reviewers' marks per claim."""
    number, others_column = max(3, len(str(last_claim)) + 1), others_width(others)
    fixed = number + REPORT_WIDTH + MINE_WIDTH + others_column
    padding = 2 * 5 + 2  # cell padding and the scroll bar
    claim = max(12, table_width - fixed - padding)
    return [
        ("n", "#", number),
        ("claim", "Claim", claim),
        ("verified", "Report", REPORT_WIDTH),
        ("mine", "Mine", MINE_WIDTH),
        ("others", "Others", others_column),
    ]
