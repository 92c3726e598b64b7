"""Writers killed mid-batch and writers at once: no acknowledged mark is ever lost."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from conftest import seed_folder

from claimdesk.store import ReviewStore



KILLS = 30
MARKABLE = ("001_c07bb58f8e3503ce", "003_9a8a60184fa0a066", "004_a9b6704b1e66c2ae")
VERDICTS = ("confirmed", "disputed", "unsupported", "needs-check", "cleared")


def _writer(db: Path, reviewer: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "claimdesk", "mark", "--batch", "-", "--db", str(db), "--reviewer", reviewer],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "CLAIMDESK_LOCK_TIMEOUT": "30"},
    )


def _line(rng: random.Random, note: str) -> bytes:
    report = rng.choice(MARKABLE)
    return (json.dumps({"report": report[:6], "claim": rng.randint(1, 10), "verdict": rng.choice(VERDICTS), "note": note}) + "\n").encode()


def _feed(proc: subprocess.Popen[bytes], lines: list[bytes], close: bool) -> None:
    assert proc.stdin is not None
    try:
        for line in lines:
            proc.stdin.write(line)
            proc.stdin.flush()
        if close:
            proc.stdin.close()
    except (BrokenPipeError, ValueError, OSError):
        pass  # the writer was killed


def _acks(proc: subprocess.Popen[bytes], into: list[int], first: threading.Event | None = None) -> None:
    assert proc.stdout is not None
    for raw in proc.stdout:
        word, _, number = raw.decode().partition(" ")
        assert word == "saved", raw
        into.append(int(number))
        if first is not None:
            first.set()


def _notes(db: Path) -> list[str]:
    store = ReviewStore(db)  # must load after every crash
    return [m.note for rid in MARKABLE for m in store.marks(rid)]


@pytest.fixture
def db(tmp_path: Path) -> Path:
    root = tmp_path / "db"
    assert not ReviewStore(root).import_paths([seed_folder(tmp_path)]).failed
    return root


@pytest.mark.slow
def test_sigkill_at_random_moments_never_loses_an_acknowledged_mark(db: Path) -> None:
    seed = int.from_bytes(os.urandom(4), "big")
    rng = random.Random(seed)
    acknowledged_total = 0
    for run in range(KILLS):
        proc = _writer(db, f"w{run}")
        lines = [_line(rng, f"run{run}-line{n}") for n in range(1, 4001)]
        acked: list[int] = []
        writing = threading.Event()
        feeder = threading.Thread(target=_feed, args=(proc, lines, False), daemon=True)
        reader = threading.Thread(target=_acks, args=(proc, acked, writing), daemon=True)
        feeder.start()
        reader.start()
        # Kill at a random moment once it is writing (start-up time varies with the machine's load).
        assert writing.wait(60), f"run {run}: the writer never saved anything"
        time.sleep(rng.uniform(0.0, 0.5))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        reader.join(10)
        feeder.join(10)
        notes = set(_notes(db))
        lost = [n for n in acked if f"run{run}-line{n}" not in notes]
        assert not lost, f"seed {seed}, run {run}: acknowledged lines lost: {lost[:10]}"
        acknowledged_total += len(acked)
    assert acknowledged_total > KILLS
    leftovers = [p for p in db.rglob("*") if p.is_file()]
    for path in leftovers:
        if path.suffix == ".json" and not path.name.startswith("."):
            json.loads(path.read_bytes())  # every database file parses


@pytest.mark.slow
def test_four_writers_at_once_lose_nothing(db: Path) -> None:
    rng = random.Random(7)
    per_writer = 250
    procs, acks, feeders = [], [], []
    for w in range(4):
        proc = _writer(db, f"writer{w}")
        lines = [_line(rng, f"writer{w}-line{n}") for n in range(1, per_writer + 1)]
        acked: list[int] = []
        feeders.append(threading.Thread(target=_feed, args=(proc, lines, True), daemon=True))
        procs.append(proc)
        acks.append((acked, threading.Thread(target=_acks, args=(proc, acked), daemon=True)))
    for thread in feeders:
        thread.start()
    for _, thread in acks:
        thread.start()
    for proc in procs:
        assert proc.wait(timeout=120) == 0, proc.stderr.read().decode() if proc.stderr else ""
    for _, thread in acks:
        thread.join(10)
    assert [sorted(acked) for acked, _ in acks] == [list(range(1, per_writer + 1))] * 4
    notes = _notes(db)
    assert len(notes) == 4 * per_writer == len(set(notes))
