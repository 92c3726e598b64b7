"""``claimdesk show``: JSON that meets the contract, a safe view for a person, clean refusals."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from claimdesk.cli import cli
from claimdesk.parsing import parse_file

from conftest import SAMPLES, SEEDS, load_schema

SAMPLE_FILES = sorted(SAMPLES.glob("*.txt"))
SEED_001 = SEEDS / "001_c07bb58f8e3503ce.txt"


def run_show(*args: str, colour: bool = False) -> subprocess.CompletedProcess[str]:
    """The real entry point, as a user runs it (piped: no colour codes unless forced)."""
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "CLICOLOR_FORCE", "NO_COLOR")}
    env.update(COLUMNS="300", PYTHONIOENCODING="utf-8")
    if colour:
        env.update(FORCE_COLOR="1", TERM="xterm-256color")
    return subprocess.run(
        [sys.executable, "-m", "claimdesk", "show", *args], capture_output=True, text=True,
        encoding="utf-8", env=env, timeout=60,
    )


def invoke(*args: str):
    result = CliRunner().invoke(cli, ["show", *args], catch_exceptions=False, env={"COLUMNS": "300"})
    assert result.exit_code == 0, result.output
    return result


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.name)
def test_json_meets_the_contract_and_reads_back_equal(path: Path, tmp_path: Path):
    output = invoke("--json", str(path)).stdout
    data = json.loads(output)
    jsonschema.validate(data, load_schema("report"))
    assert data["id"] == path.stem
    saved = tmp_path / f"{path.stem}.json"
    saved.write_text(output, encoding="utf-8")
    assert parse_file(saved) == parse_file(path)


def test_json_of_the_web_seed_states_its_tables():
    data = json.loads(invoke("--json", str(SEEDS / "000_f713c555584e367b.txt")).stdout)
    assert data["layout"] == "web"
    assert data["gate"]["status"] == "UNVERIFIED"
    assert data["quality_tier"]["tier"] == "WATCHLIST"
    assert data["verification_level"] == {
        "level": 2, "label": "Source-grounded claims", "source_grounded_claims": 6,
        "claim_record_source": "not publicly specified",
    }
    assert data["provenance"]["public_provenance"] == "L3, Claim aggregate record"


def test_view_for_a_person_has_title_counts_and_claims():
    out = invoke(str(SEED_001)).stdout
    assert "RLHF Alignment and Adversarial Robustness in Sparse MoE Code Generation Models" in out
    assert "Assignee Research · 2026-05-30" in out
    assert "Review score" in out and "4.5/10" in out
    assert "15 rows, 3 ✓" in out
    assert "o1-mini achieves 96.2% pass@1 on HumanEval." in out
    assert "0.20" in out and "×" in out


def test_view_of_a_web_report_shows_gate_tier_and_dimensions():
    out = invoke(str(SEEDS / "000_f713c555584e367b.txt")).stdout
    assert "UNVERIFIED" in out and "WATCHLIST" in out
    assert "evidence strength" in out and "CURRENT, 0 correction(s)" in out
    assert "No claim table in this report." in out


def hostile_report(tmp_path: Path) -> Path:
    text = SEED_001.read_text(encoding="utf-8")
    text = text.replace(
        "RLHF Alignment and", "RLHF \x1b]0;pwned\x07[bold red]Alignment[/bold red] \x1b[2Jand", 1
    ).replace(
        "o1-mini achieves 96.2% pass@1 on HumanEval.",
        "o1-mini \x1b[31machieves\x1b[0m [bold red]96.2%[/] \x1b]52;c;Y3VybA==\x07pass@1\x07 on HumanEval.\x9b6n",
    )
    path = tmp_path / "hostile.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_hostile_report_shows_markup_literally_and_emits_no_escape(tmp_path: Path):
    result = run_show(str(hostile_report(tmp_path)))
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "\x1b" not in out and "\x07" not in out and "\x9b" not in out
    assert "52;c;" not in out and "pwned" not in out
    assert "RLHF [bold red]Alignment[/bold red] and" in out
    assert "o1-mini achieves [bold red]96.2%[/] pass@1 on HumanEval." in out
    assert "warning: removed terminal control sequences" in out


def test_hostile_report_in_a_colour_terminal_emits_only_our_own_styles(tmp_path: Path):
    result = run_show(str(hostile_report(tmp_path)), colour=True)
    assert result.returncode == 0, result.stderr
    assert "\x1b[" in result.stdout  # styling is on
    plain = re.sub(r"\x1b\[[0-9;]*m", "", result.stdout)  # our own colour codes only
    assert "\x1b" not in plain and "\x07" not in plain and "\x9b" not in plain
    assert "RLHF [bold red]Alignment[/bold red] and" in plain
    assert "o1-mini achieves [bold red]96.2%[/] pass@1 on HumanEval." in plain


def test_hostile_report_as_json_is_clean(tmp_path: Path):
    result = run_show("--json", str(hostile_report(tmp_path)))
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["claims"][0]["text"] == "o1-mini achieves [bold red]96.2%[/] pass@1 on HumanEval."
    assert "\\u001b" not in result.stdout and "\x1b" not in result.stdout


def bad_files(tmp_path: Path) -> dict[str, tuple[bytes, str]]:
    seed = SEED_001.read_bytes()
    return {
        "empty.txt": (b"", "empty file"),
        "image.png": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary data, not a report"),
        "latin1.txt": ("Abstract\n\nR\xe9sum\xe9 of the findings".encode("latin-1"), "not UTF-8 text"),
        "truncated.txt": (seed[: seed.index("✓".encode()) + 1], "truncated: the file ends inside a UTF-8 character"),
        "cut-early.txt": (seed[:120], "no report blocks found"),
        "truncated.json": (b'{"id": "001", "title": "RLHF", "claims": [{"index": 1, "te', "not valid JSON (truncated or damaged)"),
        "notes.txt": (b"Shopping list\n\nmilk, eggs, 3 lemons\nremember the 7.4/10 restaurant\n", "no report blocks found"),
    }


def test_bad_files_give_one_line_and_exit_2(tmp_path: Path):
    for name, (data, reason) in bad_files(tmp_path).items():
        path = tmp_path / name
        path.write_bytes(data)
        for args in ((str(path),), ("--json", str(path))):
            result = run_show(*args)
            assert result.returncode == 2, (name, result.stderr)
            assert result.stdout == ""
            assert result.stderr == f"claimdesk: {path}: {reason}\n", name
            assert "Traceback" not in result.stderr


def test_missing_file_is_one_line(tmp_path: Path):
    result = run_show(str(tmp_path / "nowhere.txt"))
    assert result.returncode == 2
    assert result.stderr == f"claimdesk: {tmp_path / 'nowhere.txt'}: no such file\n"
