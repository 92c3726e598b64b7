"""Sources written while reviewers mark claims: nothing is lost, every file stays whole."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from claimdesk.cli import cli
from evidence_helpers import paper_report, write

ADD = """
import sys
from pathlib import Path
from claimdesk.store import ReviewStore
from claimdesk.sources import add_source
db, ref, folder = Path(sys.argv[1]), int(sys.argv[2]), Path(sys.argv[3])
store = ReviewStore(db)
report = store.report(store.resolve("rep_conc"))
for n in range(15):
    path = folder / f"src{ref}_{n}.txt"
    path.write_text(f"Version {n} of source {ref}: Tern-7B reaches {60 + n}.5% pass@1.")
    add_source(db, report, ref, path)
"""


@pytest.mark.slow
def test_sources_added_from_two_processes_while_marking(tmp_path, monkeypatch):
    db = tmp_path / "db"
    monkeypatch.setenv("CLAIMDESK_DB", str(db))
    claims = [(f"Tern-7B reaches {60 + n}.5% pass@1 on task {n}.", "✓", "0.5") for n in range(5)]
    report = write(tmp_path / "rep_conc.txt",
                   paper_report("T", claims, ["https://example.org/a", "https://example.org/b"]))
    runner = CliRunner()
    assert runner.invoke(cli, ["import", str(report)]).exit_code == 0
    writers = [
        subprocess.Popen([sys.executable, "-c", ADD, str(db), str(ref), str(tmp_path)], stderr=subprocess.PIPE)
        for ref in (1, 2)
    ]
    for n in range(20):
        result = runner.invoke(cli, ["mark", "rep_conc", str(n % 5 + 1), "confirmed", "--note", f"n{n}",
                                     "--reviewer", "ana"], catch_exceptions=False)
        assert result.exit_code == 0, result.output
    for proc in writers:
        _out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err.decode()
    listing = json.loads(runner.invoke(cli, ["sources", "list", "rep_conc", "--json"]).output)
    assert [s["status"] for s in listing["sources"]] == ["held", "held"]
    evidence = json.loads(runner.invoke(cli, ["evidence", "rep_conc", "--json"]).output)
    assert any("Version 14 of source" in p["text"] for c in evidence["claims"] for p in c["passages"])
    exported = json.loads(runner.invoke(cli, ["export", "--format", "json"]).output)
    notes = {m["note"] for r in exported["reports"] for m in r["marks"]}
    assert {f"n{n}" for n in range(20)} <= notes
