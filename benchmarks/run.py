"""claimdesk at scale, each figure against a baseline measured in the same run.

    python benchmarks/run.py            # 10,000 reports, 100,000 marks
    python benchmarks/run.py --quick    # a small library: a smoke test for CI
    python benchmarks/run.py --n 2000 --marks 20000 --json
    python benchmarks/run.py --reports 100000   # archive scale, libraries kept in --work (archive.py)

Generates synthetic reports from sample_reports/ in a temporary folder, then
times the real commands in subprocesses (so interpreter start-up is in every
figure and in every baseline), prints a table and exits 1 when a goal is
missed (2 when a step could not run). Most goals are ratios, not absolute
times: this machine is shared.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

import synth  # noqa: E402

PYTHON = sys.executable
DRIVER = str(HERE / "appdriver.py")
REVIEWERS = ("bench", "alice", "bob", "chen", "dana")
VERDICTS = ("confirmed", "disputed", "unsupported", "needs-check")
FILTER_QUERY = "robust moe"
READ_ALL = synth.READ_ALL


class StepFailed(Exception):
    """A benchmark step did not run (exit status 2, unlike a missed goal's 1)."""


@dataclass
class Run:
    seconds: float  # to the marker line when one was awaited, else to the exit
    returncode: int
    stdout: str
    stderr: str


@dataclass
class Row:
    name: str
    figure: float
    baseline: float | None
    unit: str
    goal: str  # e.g. "ratio <= 15", "<= 50 ms", ">= 2000/s"
    ok: bool
    detail: dict = field(default_factory=dict)

    @property
    def ratio(self) -> float | None:
        if self.baseline in (None, 0):
            return None
        return self.figure / self.baseline


def claimdesk_command() -> list[str]:
    script = Path(PYTHON).with_name("claimdesk")
    return [str(script)] if script.exists() else [PYTHON, "-m", "claimdesk"]


PYCACHE: Path | None = None  # set in main(): bytecode for every child, as an installed package has


def child_env() -> dict[str, str]:
    """The children run as on a user's machine: with cached bytecode, no debug settings.

    Without PYTHONDONTWRITEBYTECODE's override an editable install would
    recompile every claimdesk module on every start (Textual, installed from a
    wheel, has its bytecode), which a real install never does. The bytecode
    goes to a folder in the benchmark's temporary folder, not the checkout.
    """
    env = dict(os.environ)
    for name in ("CLAIMDESK_DB", "CLAIMDESK_REVIEWER", "TEXTUAL", "TEXTUAL_DEBUG", "PYTHONDONTWRITEBYTECODE"):
        env.pop(name, None)
    if PYCACHE is not None:
        env["PYTHONPYCACHEPREFIX"] = str(PYCACHE)
    return env


def run(cmd: Sequence[str], *, stdin_path: Path | None = None, marker: str | None = None) -> Run:
    """Run ``cmd``; time it to ``marker`` on stdout, or else to its exit."""
    with tempfile.TemporaryFile() as err, open(stdin_path or os.devnull, "rb") as stdin:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, stdin=stdin, stdout=subprocess.PIPE, stderr=err, env=child_env(), cwd=REPO)
        assert proc.stdout is not None
        seen_at = None
        lines: list[bytes] = []
        if marker is not None:
            for line in proc.stdout:
                lines.append(line)
                if line.startswith(marker.encode()):
                    seen_at = time.perf_counter()
                    break
        lines.append(proc.stdout.read())
        proc.wait()
        ended = time.perf_counter()
        proc.stdout.close()
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
    elapsed = (seen_at if seen_at is not None else ended) - started
    result = Run(elapsed, proc.returncode, b"".join(lines).decode("utf-8", "replace"), stderr)
    if proc.returncode != 0 or (marker is not None and seen_at is None):
        raise StepFailed(f"{' '.join(map(str, cmd))}\n{result.stdout[-2000:]}\n{stderr[-4000:]}")
    return result


def median_of(reps: int, step: Callable[[], float]) -> tuple[float, list[float]]:
    samples = [step() for _ in range(reps)]
    return statistics.median(samples), samples


def say(message: str) -> None:
    print(f"  {message}", file=sys.stderr, flush=True)


# --- the measurements


def bench_import(reports: Path, work: Path, reps: int) -> tuple[Row, Path]:
    """``claimdesk import`` of every file vs reading every file's bytes in one Python process."""
    read = lambda: run([PYTHON, "-c", READ_ALL, str(reports)]).seconds  # noqa: E731
    read()  # warm the page cache for both
    one = work / "one-report"
    one.mkdir()
    shutil.copy(next(reports.iterdir()), one)
    run([*claimdesk_command(), "import", str(one), "--db", str(work / "db-warm-up")])  # bytecode
    shutil.rmtree(work / "db-warm-up", ignore_errors=True)
    baseline, base_samples = median_of(max(reps, 5), read)
    samples = []
    library = work / "db"
    for rep in range(reps):
        db = library if rep == 0 else work / f"db-import-{rep}"
        result = run([*claimdesk_command(), "import", str(reports), "--db", str(db)])
        samples.append(result.seconds)
        say(f"import {rep + 1}/{reps}: {result.seconds:.2f} s ({result.stdout.strip()})")
        if db != library:
            shutil.rmtree(db, ignore_errors=True)
    figure = statistics.median(samples)
    ratio = figure / baseline
    return Row("import", figure, baseline, "s", "ratio <= 15", ratio <= 15, {"samples": samples, "baseline_samples": base_samples}), library


def mark_once(db: Path, report_id: str, claim: int) -> float:
    cmd = [*claimdesk_command(), "mark", report_id, str(claim), "confirmed", "--db", str(db), "--reviewer", "single"]
    return run(cmd).seconds


def load_marks(db: Path, count: int, seed: int = 7) -> tuple[float, dict[str, int]]:
    """Fill the database with ``count`` marks through the store's batch API (one group commit)."""
    from claimdesk.store import MarkRequest, ReviewStore

    store = ReviewStore(db)
    claims = {s.id: s.claims for s in store.summaries() if s.claims}
    rng = random.Random(seed)
    ids = sorted(claims)
    chosen = sorted(rng.choice(ids) for _ in range(count))  # sorted: each snapshot read once
    requests = [
        MarkRequest(
            report=rid,
            claim=rng.randint(1, claims[rid]),
            verdict=rng.choice(VERDICTS),
            reviewer=rng.choice(REVIEWERS),
        )
        for rid in chosen
    ]
    started = time.perf_counter()
    saved = store.add_marks(requests)
    elapsed = time.perf_counter() - started
    if len(saved) != count:
        raise StepFailed(f"loading marks: {len(saved)} of {count} saved")
    per_report: dict[str, int] = {}
    for rid in chosen:
        per_report[rid] = per_report.get(rid, 0) + 1
    return elapsed, per_report


def bench_marks(db: Path, work: Path, marks: int, reps: int) -> tuple[Row, float, dict]:
    """One ``claimdesk mark`` on a copy of the library without marks vs the library with ``marks``.

    The two are run alternately, so a busy machine slows both alike.
    """
    from claimdesk.store import ReviewStore

    summaries = [s for s in ReviewStore(db).summaries() if s.claims]
    target = summaries[len(summaries) // 2]
    claim = 1
    empty_db = work / "db-no-marks"
    shutil.copytree(db, empty_db)
    load_seconds, per_report = load_marks(db, marks)
    say(f"loaded {marks:,} marks in {load_seconds:.1f} s ({marks / load_seconds:,.0f}/s through the store API)")
    mark_once(empty_db, target.id, claim)  # warm the page cache for both
    mark_once(db, target.id, claim)
    empty_samples, full_samples = [], []
    for _ in range(reps):
        empty_samples.append(mark_once(empty_db, target.id, claim))
        full_samples.append(mark_once(db, target.id, claim))
    empty, full = statistics.median(empty_samples), statistics.median(full_samples)
    say(f"one mark: {empty * 1000:.0f} ms without marks, {full * 1000:.0f} ms at {marks:,} marks")
    shutil.rmtree(empty_db, ignore_errors=True)
    detail = {
        "samples": full_samples,
        "baseline_samples": empty_samples,
        "target": target.id,
        "marks_on_target_report": per_report.get(target.id, 0) + reps + 1,
        "busiest_report_marks": max(per_report.values()) if per_report else 0,
        "load_seconds": load_seconds,
    }
    row = Row(f"one mark at {marks:,} marks", full, empty, "s", "ratio <= 1.5", full / empty <= 1.5, detail)
    return row, load_seconds, per_report


def bench_batch(db: Path, work: Path, lines: int) -> Row:
    """``claimdesk mark --batch -``: acknowledged marks per second, start-up included."""
    from claimdesk.store import ReviewStore

    claims = {s.id: s.claims for s in ReviewStore(db).summaries() if s.claims}
    ids = sorted(claims)
    rng = random.Random(11)
    batch = work / "batch.jsonl"
    with open(batch, "w", encoding="utf-8") as out:
        for _ in range(lines):
            rid = rng.choice(ids)
            line = {"report": rid, "claim": rng.randint(1, claims[rid]), "verdict": rng.choice(VERDICTS), "note": "batch"}
            out.write(json.dumps(line) + "\n")
    result = run([*claimdesk_command(), "mark", "--batch", "-", "--db", str(db), "--reviewer", "batcher"], stdin_path=batch)
    saved = sum(1 for line in result.stdout.splitlines() if line.startswith("saved "))
    rate = saved / result.seconds
    say(f"batch: {saved} of {lines} saved in {result.seconds:.2f} s")
    ok = saved == lines and rate >= 2000
    return Row(f"batch marks ({lines:,} lines)", rate, None, "/s", ">= 2000/s", ok, {"saved": saved, "seconds": result.seconds})


def bench_first_screen(db: Path, reps: int) -> Row:
    """Time to the first report title on screen vs a minimal Textual app's one line, alternating."""
    desk_cmd = [PYTHON, DRIVER, "first-screen", "claimdesk", str(db), "bench"]
    minimal_cmd = [PYTHON, DRIVER, "first-screen", "minimal"]
    run(desk_cmd, marker="FIRST-SCREEN")  # warm caches for both
    run(minimal_cmd, marker="FIRST-SCREEN")
    desk: list[float] = []
    minimal: list[float] = []
    for _ in range(reps):
        desk.append(run(desk_cmd, marker="FIRST-SCREEN").seconds)
        minimal.append(run(minimal_cmd, marker="FIRST-SCREEN").seconds)
    figure, baseline = statistics.median(desk), statistics.median(minimal)
    say(f"first screen: {figure:.2f} s vs minimal app {baseline:.2f} s")
    detail = {"samples": desk, "baseline_samples": minimal}
    return Row("first screen", figure, baseline, "s", "ratio <= 2.5", figure / baseline <= 2.5, detail)


def bench_filter(db: Path) -> tuple[Row, Row]:
    """One keystroke in the side-panel filter, to the frame showing the narrowed list; and peak RSS."""
    desk = run([PYTHON, DRIVER, "filter", "claimdesk", str(db), "bench", FILTER_QUERY])
    minimal = run([PYTHON, DRIVER, "filter", "minimal", FILTER_QUERY])
    desk_out, minimal_out = json.loads(desk.stdout), json.loads(minimal.stdout)
    desk_keys, minimal_keys = desk_out["keystrokes"], minimal_out["keystrokes"]
    figure = statistics.median(k["on_screen_s"] for k in desk_keys)
    baseline = statistics.median(k["on_screen_s"] for k in minimal_keys)
    say(f"filter keystroke: {figure * 1000:.1f} ms vs minimal app {baseline * 1000:.1f} ms")
    worst = max(k["on_screen_s"] for k in desk_keys)
    detail = {
        "keystrokes": desk_keys,
        "baseline_keystrokes": minimal_keys,
        "worst_s": worst,
        "filtered_median_s": statistics.median(k["filtered_s"] for k in desk_keys),
    }
    filter_row = Row("filter keystroke", figure, baseline, "s", "<= 50 ms", figure <= 0.050, detail)
    desk_mb, minimal_mb = desk_out["peak_rss_mb"], minimal_out["peak_rss_mb"]
    memory = Row("peak RSS, app open", desk_mb, minimal_mb, "MB", "<= 400 MB", desk_mb <= 400)
    return filter_row, memory


def bench_evidence(work: Path, reps: int) -> list[Row]:
    """Evidence for a 15-claim report with 4 held PDF sources, and indexing against text extraction."""
    out = json.loads(run([PYTHON, str(HERE / "evidence_bench.py"), str(work / "evidence"), "--reps", str(reps)]).stdout)
    say(f"evidence: {out['evidence_s'] * 1000:.0f} ms for {out['claims']} claims over {out['passages']} passages; "
        f"index {out['index_s'] * 1000:.0f} ms vs extract {out['extract_s'] * 1000:.0f} ms")
    evidence = Row("evidence, 15 claims, 4 sources", out["evidence_s"], None, "s", "<= 300 ms",
                   out["evidence_s"] <= 0.300, out)
    indexing = Row("indexing vs text extraction", out["index_s"], out["extract_s"], "s", "ratio <= 2",
                   out["index_s"] <= 2 * out["extract_s"])
    return [evidence, indexing]


# --- output


def fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "-"
    if unit == "s":
        return f"{value * 1000:,.0f} ms" if value < 10 else f"{value:,.1f} s"
    if unit == "/s":
        return f"{value:,.0f}/s"
    return f"{value:,.0f} {unit}"


def machine() -> dict[str, str]:
    model = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import platform

    import textual

    return {
        "cpus": str(os.cpu_count()),
        "cpu": model,
        "python": platform.python_version(),
        "textual": getattr(textual, "__version__", "?"),
        "system": f"{platform.system()} {platform.release()}",
    }


def print_table(rows: list[Row], info: dict) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"claimdesk benchmark: {info['n']:,} reports, {info['marks']:,} marks")
    for column in ("measure", "figure", "baseline", "ratio", "goal", "met"):
        table.add_column(column, justify="left" if column in ("measure", "goal") else "right")
    for row in rows:
        ratio = row.ratio
        table.add_row(
            row.name,
            fmt(row.figure, row.unit),
            fmt(row.baseline, row.unit),
            "-" if ratio is None else f"{ratio:.2f}×",
            row.goal,
            "yes" if row.ok else "NO",
        )
    console = Console(width=110)
    console.print(table)
    m = info["machine"]
    console.print(f"{m['cpus']} CPUs, {m['cpu']}, Python {m['python']}, Textual {m['textual']}, {m['system']}; {info['seconds']:.0f} s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="300 reports and 5,000 marks (a CI smoke test)")
    parser.add_argument("--n", type=int, default=None, help="reports to generate (default 10,000)")
    parser.add_argument("--marks", type=int, default=None, help="marks in the big database (default 100,000)")
    parser.add_argument("--batch", type=int, default=None, help="lines for mark --batch (default 20,000)")
    parser.add_argument("--reps", type=int, default=None, help="repetitions of the cheap steps (median)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of the table")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--evidence-only", action="store_true", help="only the evidence figures (no library)")
    parser.add_argument("--reports", type=int, default=None,
                        help="archive scale: this many reports (7.5 marks each), against 100 (not in CI)")
    parser.add_argument("--work", type=Path, default=Path("/tmp/store-bench"), help="where --reports keeps libraries")
    parser.add_argument("--desk-seconds", type=float, default=90.0, help="--reports: how long the desk stays open")
    parser.add_argument("--no-desk", action="store_true", help="--reports: the store's commands only")
    args = parser.parse_args(argv)
    if args.reports:
        return archive_main(args)
    n = args.n or (300 if args.quick else 10_000)
    marks = args.marks if args.marks is not None else (5_000 if args.quick else 100_000)
    batch = args.batch or (2_000 if args.quick else 20_000)
    reps = args.reps or (3 if args.quick else 5)
    started = time.perf_counter()
    work = Path(tempfile.mkdtemp(prefix="claimdesk-bench-"))
    global PYCACHE
    PYCACHE = work / "pycache"
    try:
        if args.evidence_only:
            rows = bench_evidence(work, reps)
            info = {"n": 0, "marks": 0, "machine": machine(), "seconds": time.perf_counter() - started}
            print(json.dumps({**info, "rows": [asdict(r) for r in rows]}, indent=2) if args.json else "", end="")
            if not args.json:
                print_table(rows, info)
            return 0 if all(r.ok for r in rows) else 1
        say(f"generating {n:,} reports in {work}")
        reports = work / "reports"
        synth.generate(reports, n, REPO / "sample_reports")
        rows: list[Row] = []
        # A large import is timed 3 times (the median): one sample moves by 10% with the machine.
        import_row, db = bench_import(reports, work, 3 if n >= 5000 else reps)
        rows.append(import_row)
        mark_row, _, _ = bench_marks(db, work, marks, 2 * reps + 1)
        rows.append(mark_row)
        rows.append(bench_batch(db, work, batch))
        rows.append(bench_first_screen(db, reps))
        filter_row, memory_row = bench_filter(db)
        rows.extend([filter_row, memory_row])
        rows.extend(bench_evidence(work, reps))
        info = {"n": n, "marks": marks, "machine": machine(), "seconds": time.perf_counter() - started}
        if args.json:
            out = {**info, "rows": [{**asdict(r), "ratio": r.ratio} for r in rows]}
            print(json.dumps(out, indent=2))
        else:
            print_table(rows, info)
        return 0 if all(r.ok for r in rows) else 1
    except StepFailed as exc:
        print(f"benchmark step failed: {exc}", file=sys.stderr)
        return 2
    finally:
        if args.keep:
            say(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


def archive_main(args: argparse.Namespace) -> int:
    from archive import archive_rows

    global PYCACHE
    started = time.perf_counter()
    args.work.mkdir(parents=True, exist_ok=True)
    PYCACHE = args.work / "pycache"
    try:
        rows, marks = archive_rows(args.work, args.reports, args.reps or 3, args.desk_seconds, not args.no_desk)
    except StepFailed as exc:
        print(f"benchmark step failed: {exc}", file=sys.stderr)
        return 2
    info = {"n": args.reports, "marks": marks, "machine": machine(), "seconds": time.perf_counter() - started}
    if args.json:
        print(json.dumps({**info, "rows": [{**asdict(r), "ratio": r.ratio} for r in rows]}, indent=2))
    else:
        print_table(rows, info)
    return 0 if all(r.ok for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
