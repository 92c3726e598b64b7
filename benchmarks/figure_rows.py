"""What import derives from a parsed report besides the snapshot: its figure index rows and its library row.

    python benchmarks/figure_rows.py REPORTS                    # every report file in the folder
    python benchmarks/figure_rows.py REPORTS --n 3000
    python benchmarks/figure_rows.py REPORTS --against OLD/src  # and an older checkout, in the same run

Every file is parsed before timing starts. A round runs, per report, what
``store.importer.assess`` runs: ``figure_rows`` with ``orjson.dumps`` of each
subject's rows, and ``row_fields``; the kept readings (lru caches, remembered
claims) are emptied before each round, as in a fresh import worker. Figures
are the best of the rounds, in microseconds of CPU time per report (process
time: other work on a shared machine stays out of it). With ``--against``,
that ``src/`` is loaded as a second copy of the package (``claimdesk_against``)
in this process and the rounds alternate between the two, so their ratio is
measured under the same load.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson

PARTS = ("all", "figures", "row")


def _copy_as(src: Path, name: str, into: Path) -> None:
    """``src/claimdesk`` copied to ``into/name``, its own imports renamed."""
    target = into / name
    shutil.copytree(src / "claimdesk", target)
    for path in target.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(r"\b(from|import) claimdesk\b", rf"\1 {name}", text), encoding="utf-8")


def _side(package: str, files: list[Path]) -> tuple[Callable[[], None], dict[str, Callable[[], None]], int]:
    parse = importlib.import_module(f"{package}.parsing").parse_bytes
    figure_rows = importlib.import_module(f"{package}.store.figindex").figure_rows
    row_fields = importlib.import_module(f"{package}.store.rows").row_fields
    errors = importlib.import_module(f"{package}.errors")
    kept = [importlib.import_module(f"{package}.{name}") for name in ("model", "checks.names", "checks.figures")]
    try:
        kept.append(importlib.import_module(f"{package}.checks.figure_words"))
    except ImportError:
        pass  # an older checkout
    reports: list[Any] = []
    for path in files:
        try:
            reports.append(parse(path.read_bytes(), path))
        except errors.ClaimdeskError:
            continue

    def forget() -> None:
        for module in kept:
            for value in vars(module).values():
                if callable(getattr(value, "cache_clear", None)):
                    value.cache_clear()
            for memo in ("_NO_SUBJECT", "_NO_FIGURES"):
                getattr(module, memo, {}).clear()

    def everything() -> None:
        for report in reports:
            {key: orjson.dumps(rows) for key, rows in figure_rows(report).items()}
            row_fields(report)

    def figures() -> None:
        for report in reports:
            {key: orjson.dumps(rows) for key, rows in figure_rows(report).items()}

    def row() -> None:
        for report in reports:
            row_fields(report)

    return forget, {"all": everything, "figures": figures, "row": row}, len(reports)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("reports", type=Path)
    parser.add_argument("--n", type=int, default=0, help="the first N files (default: all)")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--against", type=Path, help="another checkout's src/ folder, timed in the same run")
    args = parser.parse_args(argv)
    files = sorted(p for p in args.reports.iterdir() if p.is_file())
    files = files[: args.n] if args.n else files
    with tempfile.TemporaryDirectory() as tmp:
        sides = {"this": _side("claimdesk", files)}
        if args.against:
            _copy_as(args.against, "claimdesk_against", Path(tmp))
            sys.path.insert(0, tmp)
            sides = {"against": _side("claimdesk_against", files), **sides}
        best = {(side, part): float("inf") for side in sides for part in PARTS}
        for _ in range(args.rounds):
            for part in PARTS:
                for side, (forget, runs, _count) in sides.items():
                    forget()
                    gc.collect()
                    start = time.process_time()
                    runs[part]()
                    best[side, part] = min(best[side, part], time.process_time() - start)
    count = sides["this"][2]
    print(f"{count} reports; CPU microseconds per report, best of {args.rounds}")
    for part in PARTS:
        line = f"{part:8s}" + "".join(f"  {side} {best[side, part] / count * 1e6:7.1f}" for side in sides)
        if args.against:
            line += f"  ({best['against', part] / best['this', part]:.2f}x)"
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
