"""The store's commands at archive scale, side by side with the same commands on 100 reports.

    python benchmarks/scale.py --reports 100000 --work /tmp/store-bench
    python benchmarks/scale.py --reports 1000 --marks-per-report 7.5

Generates (once, kept in --work) ``--reports`` synthetic reports and a
100-report library of the first hundred of them, imports both, fills both
with the same number of marks per report through the store's batch API, then
times the real commands in subprocesses (interpreter start-up included in
every figure and baseline) and reads their peak memory. Prints a table and a
JSON line. The desk's figures (first screen, memory over 90 s, filter
keystroke) are benchmarks/run.py's; this script leaves the desk out so the
100,000-report run fits a shared machine.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import synth  # noqa: E402

PYTHON = sys.executable
READ_ALL = synth.READ_ALL
VERDICTS = ("confirmed", "disputed", "unsupported", "needs-check")
REVIEWERS = ("bench", "alice", "bob", "chen", "dana")


def timed(cmd: list[str]) -> tuple[float, float, str]:
    """(seconds, peak RSS in MB of this child, stdout) of one command."""
    import tempfile

    with tempfile.TemporaryFile() as out_file, tempfile.TemporaryFile() as err_file:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out_file, stderr=err_file)  # files: a full pipe would block it
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - started
        out_file.seek(0)
        err_file.seek(0)
        out, err = out_file.read().decode(), err_file.read().decode()
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} failed: {err.strip()[:400]}")
    return seconds, usage.ru_maxrss / 1024, out


def claimdesk(*args: str) -> list[str]:
    return [PYTHON, "-m", "claimdesk", *args]


def ensure_reports(work: Path, count: int) -> Path:
    folder = work / f"reports-{count}"
    if not folder.is_dir():
        synth.generate(folder, count, HERE.parent / "sample_reports")
    return folder


def ensure_small(work: Path, big_reports: Path) -> Path:
    """The first hundred of the big library's files, in a folder of their own."""
    small_reports = work / "reports-first-100"
    if not small_reports.is_dir():
        small_reports.mkdir()
        for path in sorted(big_reports.iterdir())[:100]:
            shutil.copy(path, small_reports)
    return small_reports


def ensure_library(work: Path, reports: Path, name: str) -> tuple[Path, float | None]:
    """The library imported from ``reports`` (kept in ``work``); the import's seconds when it was made now.

    The import's time (and its peak memory) are also kept next to the library,
    so a later run that reuses the library can still show them.
    """
    db = work / name
    if (db / "claimdesk.json").exists():
        return db, None
    seconds, mb, _ = timed(claimdesk("import", str(reports), "--db", str(db)))
    read_seconds, _ = median_run([PYTHON, "-c", READ_ALL, str(reports)], 3)
    (work / f"{name}.import.json").write_text(json.dumps({"seconds": seconds, "mb": mb, "read_seconds": read_seconds}))
    return db, seconds


def import_figures(work: Path, name: str) -> dict | None:
    """{"seconds", "mb", "read_seconds"} of the import that made ``name``, if it was timed."""
    path = work / f"{name}.import.json"
    return json.loads(path.read_text()) if path.exists() else None


def fill_marks(db: Path, per_report: float, seed: int = 7) -> int:
    """Marks through the store's batch API, in chunks (one group commit each); skipped when present."""
    from claimdesk.store import MarkRequest, ReviewStore

    store = ReviewStore(db)
    done = db / "bench-marks.json"
    if done.exists():
        return int(json.loads(done.read_text())["marks"])
    claims = {s.id: s.claims for s in store.summaries() if s.claims}
    ids = sorted(claims)
    total = int(len(store.report_ids()) * per_report)
    rng = random.Random(seed)
    chosen = sorted(rng.choice(ids) for _ in range(total))
    for start in range(0, total, 100_000):
        requests = [
            MarkRequest(rid, rng.randint(1, claims[rid]), rng.choice(VERDICTS), reviewer=rng.choice(REVIEWERS))
            for rid in chosen[start : start + 100_000]
        ]
        store.add_marks(requests)
    done.write_text(json.dumps({"marks": total}))
    return total


def median_run(cmd: list[str], reps: int) -> tuple[float, float]:
    timed(cmd)  # warm the page cache and bytecode
    runs = [timed(cmd) for _ in range(reps)]
    return statistics.median(r[0] for r in runs), max(r[1] for r in runs)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reports", type=int, default=10_000)
    parser.add_argument("--marks-per-report", type=float, default=7.5)
    parser.add_argument("--work", type=Path, default=Path("/tmp/store-bench"))
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--fill", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.fill is not None:
        fill_marks(args.fill, args.marks_per_report)
        return 0
    work: Path = args.work
    work.mkdir(parents=True, exist_ok=True)
    big_reports = ensure_reports(work, args.reports)
    small_reports = ensure_small(work, big_reports)
    big, import_seconds = ensure_library(work, big_reports, f"db-{args.reports}")
    small, _ = ensure_library(work, small_reports, "db-100")
    read_seconds, _ = median_run([PYTHON, "-c", READ_ALL, str(big_reports)], args.reps)
    # Filled in a child: a forked child's peak memory counts its parent's pages from before the
    # exec, so this process stays small for the figures that follow.
    for db in (big, small):
        subprocess.run([PYTHON, __file__, "--fill", str(db), "--marks-per-report", str(args.marks_per_report)], check=True)
    marks = int(json.loads((big / "bench-marks.json").read_text())["marks"])

    target = sorted(p.stem for p in small_reports.iterdir())[1]  # a paper-layout report, in both libraries
    rows: list[tuple[str, float, float, float, float]] = []
    for label, cmd in (
        ("one mark", ["mark", target, "1", "confirmed", "--reviewer", "single"]),
        ("check ID", ["check", target, "--json"]),
        ("stats", ["stats", "--json"]),
    ):
        big_s, big_mb = median_run(claimdesk(*cmd, "--db", str(big)), args.reps)
        small_s, small_mb = median_run(claimdesk(*cmd, "--db", str(small)), args.reps)
        rows.append((label, big_s, big_mb, small_s, small_mb))
    print(f"{args.reports:,} reports, {marks:,} marks (against 100 reports with the same marks per report)")
    if import_seconds is not None:
        print(f"  import              {import_seconds:8.1f} s   read the files: {read_seconds:.2f} s   "
              f"ratio {import_seconds / read_seconds:.1f}")
    for label, big_s, big_mb, small_s, small_mb in rows:
        print(f"  {label:<18}{big_s:8.2f} s {big_mb:6.0f} MB   at 100: {small_s:.2f} s {small_mb:4.0f} MB   "
              f"ratio {big_s / small_s:.2f}")
    print(json.dumps({
        "reports": args.reports, "marks": marks, "import_seconds": import_seconds, "read_seconds": read_seconds,
        "commands": {label: {"seconds": b, "mb": bm, "seconds_at_100": s, "mb_at_100": sm} for label, b, bm, s, sm in rows},
        "rusage_children_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
