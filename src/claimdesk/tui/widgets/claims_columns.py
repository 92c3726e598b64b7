"""The widths of the claims table's columns: the claim text gets the room.

Mine and Others are as wide as what they hold (an empty column is as wide as its
heading). Where the claim would still get fewer than ``CLAIM_ROOM`` cells, Others
counts marks by verdict instead of naming reviewers (the names are in the detail
under the table), then Mine drops the verdict's word and keeps its glyph. The cells
pick their form from the width they are drawn in (``text.FitCell``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from claimdesk.model import Mark
from claimdesk.tui.text import others_cell, verdict_cell

REPORT_WIDTH = 6  # "✓ .90"
OTHERS_MAX = 28
CLAIM_ROOM = 32  # what the claim should keep before the other columns give up their long forms
CLAIM_MIN = 12
PADDING = 2 * 5 + 2  # cell padding and the scroll bar


def _widest(cells, heading: str) -> tuple[int, int]:
    """(long, short): the widest long and short form among ``cells``, at least the heading."""
    long = short = len(heading)
    for cell in cells:
        long, short = max(long, cell.long.cell_len), max(short, cell.short.cell_len)
    return min(long, OTHERS_MAX), min(short, OTHERS_MAX)


def mine_widths(mine: Iterable[Mark]) -> tuple[int, int]:
    # A cell's width depends only on its verdict and whether it has a note: measure each kind once.
    kinds = {(mark.verdict, bool(mark.note)): mark for mark in mine}
    return _widest((verdict_cell(mark) for mark in kinds.values()), "Mine")


def others_widths(others: Iterable[Sequence[Mark]]) -> tuple[int, int]:
    return _widest((others_cell(marks) for marks in others if marks), "Others")


def claim_columns(table_width: int, last_claim: int, mine: Iterable[Mark],
                  others: Iterable[Sequence[Mark]]) -> list[tuple[str, str, int]]:
    """(key, label, width) of each column, for a table ``table_width`` wide whose last claim
    is numbered ``last_claim``, with my marks ``mine`` and the other reviewers' marks per claim."""
    number = max(3, len(str(last_claim)) + 1)
    (mine_long, mine_short), (others_long, others_short) = mine_widths(mine), others_widths(others)
    left = table_width - PADDING - number - REPORT_WIDTH
    for mine_width, others_width in ((mine_long, others_long), (mine_long, others_short), (mine_short, others_short)):
        if left - mine_width - others_width >= CLAIM_ROOM:
            break
    claim = max(CLAIM_MIN, left - mine_width - others_width)
    return [
        ("n", "#", number),
        ("claim", "Claim", claim),
        ("verified", "Report", REPORT_WIDTH),
        ("mine", "Mine", mine_width),
        ("others", "Others", others_width),
    ]
