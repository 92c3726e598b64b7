"""A large review database built fast, for benchmarks and load tests.

Reports are copies of template reports under new ids; marks go in through the
normal group-commit path, so the files are exactly what real use produces.
"""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Sequence

from claimdesk.model import Report, Verdict
from claimdesk.store.core import ReviewStore
from claimdesk.store.records import MarkRequest

_VERDICTS = (Verdict.CONFIRMED, Verdict.DISPUTED, Verdict.UNSUPPORTED, Verdict.NEEDS_CHECK)


def sample_templates() -> list[Report]:
    """The bundled sample reports that have a claim table."""
    from claimdesk.parsing import parse_file
    from claimdesk.resources import sample_reports_dir

    reports = [parse_file(p) for p in sorted(sample_reports_dir().glob("*.txt"))]
    return [r for r in reports if r.claims]


def fill(
    store: ReviewStore,
    reports: int = 10_000,
    marks: int = 100_000,
    *,
    templates: Sequence[Report] | None = None,
    reviewers: Sequence[str] = ("ann", "bob", "chen", "dana"),
    seed: int = 1,
    chunk: int = 1_000,
) -> list[str]:
    """Add ``reports`` reports and ``marks`` marks spread evenly over them; returns the new ids."""
    rng = random.Random(seed)
    bases = list(templates or sample_templates())
    ids: list[str] = []
    batch: list[Report] = []
    for n in range(reports):
        base = bases[n % len(bases)]
        report = dataclasses.replace(base, id=f"synth-{n:06d}-{base.id}", title=f"{base.title} ({n})")
        ids.append(report.id)
        batch.append(report)
        if len(batch) >= chunk:
            store.add_reports(batch, run_checks=False)
            batch = []
    if batch:
        store.add_reports(batch, run_checks=False)
    if not ids or marks <= 0:
        return ids
    claims = {b.id: len(b.claims) for b in bases}
    per_report, extra = divmod(marks, len(ids))
    requests: list[MarkRequest] = []
    for index, rid in enumerate(ids):
        count = claims[rid.split("-", 2)[2]]
        for _ in range(per_report + (1 if index < extra else 0)):
            requests.append(
                MarkRequest(rid, rng.randint(1, count), rng.choice(_VERDICTS), reviewer=rng.choice(reviewers))
            )
        if len(requests) >= chunk * 10:
            store.add_marks(requests)
            requests = []
    if requests:
        store.add_marks(requests)
    return ids
