"""Read a report's claim table: one claim per line, ``text<TAB>flag<TAB>confidence`` as printed."""

from __future__ import annotations

from claimdesk.model import Claim
from claimdesk.parsing.blocks import Block
from claimdesk.parsing.build import new_claim
from claimdesk.parsing.fields import confidence, known_flags, verified_flag

__all__ = ["claims"]

_UNSEEN = object()


def claims(block: Block | None, warnings: list[str]) -> tuple[Claim, ...]:
    if block is None:
        return ()
    found: list[Claim] = []
    skipped = number = 0
    # The flags a table prints are a handful of values, looked up here directly;
    # anything else goes through the reader in fields.
    flags = known_flags
    for line in block.lines:
        stripped = line.strip()
        if not stripped:
            continue
        cells = stripped.split("\t")
        if len(cells) == 3 and cells[2]:  # the usual "text<TAB>flag<TAB>confidence" row
            text, flag, conf = cells[0].strip(), cells[1].strip(), cells[2].strip()
        else:
            read = _claim_cells(stripped)
            if read is None:
                skipped += 1
                continue
            text, flag, conf = read
        if len(text) <= 5 and text.casefold() == "claim" and flag.casefold() in ("verified", ""):
            continue  # the header row ("claim" is five letters however it is cased)
        if not text:
            skipped += 1
            continue
        verified = flags.get(flag, _UNSEEN)
        if verified is _UNSEEN:
            verified = verified_flag(flag)
        value = confidence(conf)
        number += 1
        if (verified is None and flag) or (value is None and conf):
            warnings.append(f"claim {number}: unreadable verified flag or confidence")
        found.append(new_claim(number, text, verified, value))  # type: ignore[arg-type]
    if skipped:
        warnings.append(f"skipped {skipped} unreadable line(s) in the claim table")
    return tuple(found)


def _claim_cells(line: str) -> tuple[str, str, str] | None:
    """(text, verified, confidence) from a tab, pipe or space separated row."""
    if "\t" in line:
        cells = [cell.strip() for cell in line.split("\t")]
    elif line.startswith("|"):
        cells = [cell.strip() for cell in line.strip("|").split("|")]
    else:
        words = line.rsplit(None, 2)  # "claim text  ✓  0.42" with the tabs lost
        if len(words) != 3 or verified_flag(words[1]) is None or confidence(words[2]) is None:
            return None
        return words[0], words[1], words[2]
    while len(cells) > 1 and not cells[-1]:
        cells.pop()
    if len(cells) >= 3:
        return "\t".join(cells[:-2]).strip(), cells[-2], cells[-1]
    if len(cells) == 2:
        return cells[0], cells[1], ""
    return cells[0], "", ""
