"""The vendored contract schemas and seed copies must match ../shared exactly."""

from __future__ import annotations

import pytest

from conftest import HAVE_SHARED, REPO, SAMPLES, SEED_NAMES, SHARED


@pytest.mark.skipif(not HAVE_SHARED, reason="../shared is not beside this checkout")
@pytest.mark.parametrize("name", ["report", "export", "correction-record-v1", "evidence"])
def test_vendored_contract_matches_shared(name: str) -> None:
    ours = (REPO / "tests" / "contracts" / f"{name}.schema.json").read_bytes()
    assert ours == (SHARED / "contracts" / f"{name}.schema.json").read_bytes()


@pytest.mark.skipif(not (SHARED / "seeds").is_dir(), reason="../shared is not beside this checkout")
@pytest.mark.parametrize("name", SEED_NAMES)
def test_bundled_seed_matches_shared(name: str) -> None:
    assert (SAMPLES / name).read_bytes() == (SHARED / "seeds" / name).read_bytes()
