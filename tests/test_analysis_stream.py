"""The desk's library analysis reads a report at a time and the figure index, and finds what
checking every report against every other finds."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import SAMPLES

import claimdesk.analysis as analysis
from claimdesk.checks import check_library
from claimdesk.store import ReviewStore

EVAL = Path(__file__).parent / "eval" / "corpus"


def test_the_analysis_in_small_batches_equals_checking_the_whole_library(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for path in [*SAMPLES.glob("*.txt"), *EVAL.rglob("*.txt")]:
        shutil.copy(path, folder / f"{path.parent.name}-{path.name}")
    store = ReviewStore(tmp_path / "db")
    assert not store.import_paths([folder]).failed
    monkeypatch.setattr(analysis, "BATCH", 7)  # many batches: each compared with the rest through the index
    held: list[int] = []
    real = analysis._check
    monkeypatch.setattr(analysis, "_check", lambda s, batch, between=None: (held.append(len(batch)), real(s, batch, between))[1])
    result = analysis.analyse_library(ReviewStore(store.root))
    assert result is not None
    expected = check_library([store.report(rid) for rid in store.report_ids()])
    assert result.counts == {rid: (store.summary(rid).version, len(found)) for rid, found in expected.items()}
    # the open report's findings, worked out again from the figure index, are the ones counted
    for rid, found in expected.items():
        assert analysis.report_findings(store, store.report(rid)) == found
    assert max(held) == 7 and len(held) > 5  # never more than a batch of reports at once
    assert any(f.code == "conflicting-numbers" for found in expected.values() for f in found)
