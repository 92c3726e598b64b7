"""The archive-scale figures of `benchmarks/run.py --reports N`, side by side in one run.

Each figure is taken against its baseline in the same run: the store's
commands (one mark, check ID, stats) against the same commands on a
100-report library of the first hundred files (the same marks per report),
the import against reading the same files in one Python process, and the
desk against a minimal Textual app (and against the desk on the 100-report
library). The libraries are built once in ``--work`` and kept: building
100,000 reports takes minutes (benchmarks/scale.py is the engine).
"""

from __future__ import annotations

import json
import statistics
import subprocess
from pathlib import Path

import scale
from run import DRIVER, FILTER_QUERY, PYTHON, Row, run, say


def store_rows(work: Path, count: int, per_report: float, reps: int) -> tuple[list[Row], Path, Path, int]:
    big_reports = scale.ensure_reports(work, count)
    small_reports = scale.ensure_small(work, big_reports)
    say(f"libraries in {work} (built once, then kept)")
    big, _ = scale.ensure_library(work, big_reports, f"db-{count}")
    small, _ = scale.ensure_library(work, small_reports, "db-100")
    for db in (big, small):
        subprocess.run([PYTHON, scale.__file__, "--fill", str(db), "--marks-per-report", str(per_report)], check=True)
    marks = int(json.loads((big / "bench-marks.json").read_text())["marks"])
    rows: list[Row] = []
    built = scale.import_figures(work, f"db-{count}")
    if built is not None:
        ratio = built["seconds"] / built["read_seconds"]
        say(f"import (when the library was built): {built['seconds']:.1f} s, {built['mb']:.0f} MB; "
            f"reading the files {built['read_seconds']:.2f} s")
        rows.append(Row("import (when built)", built["seconds"], built["read_seconds"], "s", "ratio <= 10",
                        ratio <= 10, {"mb": built["mb"]}))
    target = sorted(p.stem for p in small_reports.iterdir())[1]  # a paper-layout report, in both libraries
    for name, args, goal, ok in (
        ("one mark", ["mark", target, "1", "confirmed", "--reviewer", "single"], "ratio <= 1.5 (vs 100)",
         lambda b, s: b / s <= 1.5),
        ("check ID", ["check", target, "--json"], "ratio <= 2 (vs 100)", lambda b, s: b / s <= 2),
        ("stats", ["stats", "--json"], "<= 2 s", lambda b, s: b <= 2.0),
    ):
        big_s, big_mb = scale.median_run(scale.claimdesk(*args, "--db", str(big)), reps)
        small_s, small_mb = scale.median_run(scale.claimdesk(*args, "--db", str(small)), reps)
        say(f"{name}: {big_s:.2f} s, {big_mb:.0f} MB; at 100 reports {small_s:.2f} s, {small_mb:.0f} MB")
        rows.append(Row(name, big_s, small_s, "s", goal, ok(big_s, small_s),
                        {"mb": big_mb, "mb_at_100": small_mb}))
    return rows, big, small, marks


def desk_rows(big: Path, small: Path, reps: int, seconds: float) -> list[Row]:
    """First screen (big, 100, minimal; runs alternated), a filter keystroke, memory over ``seconds``."""
    commands = {
        "big": [PYTHON, DRIVER, "first-screen", "claimdesk", str(big), "bench"],
        "small": [PYTHON, DRIVER, "first-screen", "claimdesk", str(small), "bench"],
        "minimal": [PYTHON, DRIVER, "first-screen", "minimal"],
    }
    for cmd in commands.values():
        run(cmd, marker="FIRST-SCREEN")  # warm caches
    samples: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(reps):
        for name, cmd in commands.items():
            samples[name].append(run(cmd, marker="FIRST-SCREEN").seconds)
    big_s, small_s, minimal_s = (statistics.median(samples[n]) for n in ("big", "small", "minimal"))
    say(f"first screen: {big_s:.2f} s; at 100 reports {small_s:.2f} s; minimal app {minimal_s:.2f} s")
    rows = [Row("first screen", big_s, minimal_s, "s", "ratio <= 2.5", big_s / minimal_s <= 2.5,
                {"at_100_s": small_s, "samples": samples})]
    out = json.loads(run([PYTHON, DRIVER, "filter", "claimdesk", str(big), "bench", FILTER_QUERY]).stdout)
    minimal = json.loads(run([PYTHON, DRIVER, "filter", "minimal", FILTER_QUERY]).stdout)
    key = statistics.median(k["on_screen_s"] for k in out["keystrokes"])
    key_minimal = statistics.median(k["on_screen_s"] for k in minimal["keystrokes"])
    say(f"filter keystroke: {key * 1000:.1f} ms vs minimal app {key_minimal * 1000:.1f} ms")
    rows.append(Row("filter keystroke", key, key_minimal, "s", "<= 50 ms", key <= 0.050))
    memory = json.loads(run([PYTHON, DRIVER, "memory", "claimdesk", str(big), "bench", str(seconds)]).stdout)
    peak = memory["peak_rss_mb"]
    say(f"desk memory over its first {seconds:.0f} s: {peak:.0f} MB (minimal app {minimal['peak_rss_mb']:.0f} MB)")
    rows.append(Row(f"desk peak memory, {seconds:.0f} s", peak, minimal["peak_rss_mb"], "MB", "<= 500 MB",
                    peak <= 500, {"samples": memory["samples"]}))
    return rows


def archive_rows(work: Path, count: int, reps: int, desk_seconds: float, desk: bool) -> tuple[list[Row], int]:
    rows, big, small, marks = store_rows(work, count, 7.5, reps)
    if desk:
        rows.extend(desk_rows(big, small, reps, desk_seconds))
    return rows, marks
