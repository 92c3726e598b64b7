"""Constructors of the model's frozen dataclasses for the parser's per-claim and per-report work.

A frozen dataclass's ``__init__`` sets each field through ``object.__setattr__``
(looked up per field, per instance). ``builder(cls)`` returns a function that
takes every field, in declaration order and by position, and sets the slots
directly: the instance is the one ``cls(...)`` gives (same type, fields,
equality, hash and pickling). It takes no defaults, so a field added to the
model breaks the parser's call loudly instead of leaving a slot unset.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields
from typing import Any, TypeVar

from claimdesk.model import Claim, Report, ReportStats

__all__ = ["builder", "new_claim", "new_report", "new_stats"]

T = TypeVar("T")


def builder(cls: type[T]) -> Callable[..., T]:
    names = [field.name for field in fields(cls)]  # type: ignore[arg-type]
    if not getattr(cls, "__slots__", None) or hasattr(cls, "__post_init__"):
        raise TypeError(f"{cls.__name__} is not a slotted dataclass without __post_init__")
    namespace: dict[str, Any] = {"_new": object.__new__, "_cls": cls}
    for name in names:
        namespace[f"_set_{name}"] = cls.__dict__[name].__set__  # the slot's member descriptor
    body = "".join(f"    _set_{name}(obj, {name})\n" for name in names)
    exec(f"def build_{cls.__name__}({', '.join(names)}):\n    obj = _new(_cls)\n{body}    return obj\n", namespace)
    return namespace[f"build_{cls.__name__}"]  # type: ignore[no-any-return]


new_claim: Callable[[int, str, bool | None, float | None], Claim] = builder(Claim)
new_report: Callable[..., Report] = builder(Report)
new_stats: Callable[[int | None, int | None, int | None, float | None], ReportStats] = builder(ReportStats)
