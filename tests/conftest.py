"""Shared test fixtures: where the seeds, samples and contracts are."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("CLAIMDESK_SHARED", REPO.parent / "shared"))
SEEDS = SHARED / "seeds"
CONTRACTS = SHARED / "contracts"
SAMPLES = REPO / "sample_reports"


def load_schema(name: str) -> dict:
    """A contract schema from ../shared/contracts (e.g. 'report')."""
    return json.loads((CONTRACTS / f"{name}.schema.json").read_text())


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """A fresh, empty review database location."""
    return tmp_path / "db"
