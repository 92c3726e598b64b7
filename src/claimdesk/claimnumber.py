"""The one validator of a claim number typed by a person (the desk's forms, ``mark``)."""

from __future__ import annotations


class BadClaimNumber(ValueError):
    """A claim number that is not a whole number from 1, or past the report's last claim."""


def claim_number(text: str | int, count: int | None = None) -> int:
    """``text`` as a claim number from 1 (to ``count`` when given); BadClaimNumber says why not.

    Only ASCII digits: "²" and "٣" pass ``str.isdigit`` but are not numbers a reviewer typed.
    """
    raw = str(text).strip()
    if not (raw.isascii() and raw.isdigit()) or int(raw) < 1:
        raise BadClaimNumber(f"claim number {raw!r} is not a whole number from 1")
    number = int(raw)
    if count is not None and number > count:
        if count == 0:
            raise BadClaimNumber("this report has no claim table; leave the claim number empty")
        raise BadClaimNumber(f"claim {number} does not exist: this report has claims 1–{count}")
    return number
