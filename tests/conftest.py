"""Shared test fixtures: where the seeds, samples and contracts are."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "sample_reports"
# The publisher's seeds and our output contracts live in ../shared beside the
# checkout. A copy of the contracts is kept in tests/contracts (and the seeds in
# sample_reports) so a lone clone still tests; test_contract_copies proves the
# copies match ../shared wherever it exists.
SHARED = Path(os.environ.get("CLAIMDESK_SHARED", REPO.parent / "shared"))
HAVE_SHARED = (SHARED / "contracts").is_dir()
CONTRACTS = SHARED / "contracts" if HAVE_SHARED else REPO / "tests" / "contracts"
SEEDS = SHARED / "seeds" if (SHARED / "seeds").is_dir() else SAMPLES
SEED_NAMES = (
    "000_f713c555584e367b.txt",
    "001_c07bb58f8e3503ce.txt",
    "003_9a8a60184fa0a066.txt",
    "004_a9b6704b1e66c2ae.txt",
)


def load_schema(name: str) -> dict:
    """A contract schema from ../shared/contracts (e.g. 'report')."""
    return json.loads((CONTRACTS / f"{name}.schema.json").read_text())


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """A fresh, empty review database location."""
    return tmp_path / "db"


@contextmanager
def killed_at_the_library(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The process "dies" (KeyboardInterrupt) when a commit renames its first library shard:
    the snapshot pack and the indexes are in place, the library does not point at them yet."""
    from claimdesk.store import files

    real = files.os.replace

    def dies_at_the_library(src, dst, *a, **k):  # type: ignore[no-untyped-def]
        if "/library/" in str(dst):
            raise KeyboardInterrupt("killed")
        return real(src, dst, *a, **k)

    monkeypatch.setattr(files.os, "replace", dies_at_the_library)
    try:
        with pytest.raises(KeyboardInterrupt):
            yield
    finally:
        monkeypatch.setattr(files.os, "replace", real)


def seed_folder(tmp_path: Path) -> Path:
    """The four publisher seeds in a folder of their own (the samples grow; these do not)."""
    folder = tmp_path / "seeds"
    folder.mkdir(exist_ok=True)
    for name in SEED_NAMES:
        shutil.copy(SEEDS / name, folder / name)
    return folder


@pytest.fixture
def httpserver():
    """A loopback HTTP server for one test, stopped after it (every test file gets this one).

    pytest-httpserver's own fixture keeps one server thread alive for the whole session; a
    thread left running makes the store's import refuse to fork worker processes, which other
    tests in the same worker rely on.
    """
    from pytest_httpserver import HTTPServer

    server = HTTPServer(host="127.0.0.1", port=0)
    server.start()
    try:
        yield server
    finally:
        server.clear()
        if server.is_running():
            server.stop()


@pytest.fixture(autouse=True)
def _no_thread_left_behind():
    """A thread a test leaves running makes later tests in the same process behave differently
    (the import forks worker processes only while no other thread runs): fail the test that
    leaves one, not the unlucky test after it."""
    import threading

    before = set(threading.enumerate())
    yield
    left = [t for t in threading.enumerate() if t not in before and t.is_alive()]
    for thread in left:
        thread.join(timeout=5)
    left = [t.name for t in left if t.is_alive()]
    assert not left, f"threads left running: {left}"
