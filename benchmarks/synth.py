"""Synthetic reports for the benchmark: the sample reports with new titles and claim tables.

Every file is one of the bundled samples (web or paper layout) with a fresh
title, research question, counts and, for the paper layout, a new claim table
drawn from the samples' claims with altered figures. The samples name about a
dozen models, so left as they are every paper-layout report would share a subject
with half the library; each report is given one of ``FAMILIES`` model families
instead, written as a suffix on every model name it mentions ("o1-mini-r17"), so a
model appears in a small share of the library, as in a real archive. The same
seed gives the same files, so runs compare like with like.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from pathlib import Path

SUBJECTS = [
    "Sparse MoE", "Dense Transformer", "Retrieval-Augmented", "Code LLM", "Vision-Language",
    "Speech Recognition", "Graph Neural", "Diffusion", "Small Language", "Multilingual",
    "Long-Context", "Instruction-Tuned", "Quantised", "Distilled", "Agentic", "Tool-Using",
]
TOPICS = [
    "Alignment", "Adversarial Robustness", "Routing Stability", "Calibration", "Benchmark Contamination",
    "Reward Hacking", "Hallucination Rates", "Energy Efficiency", "Reasoning Depth", "Data Scaling",
    "Fairness Audits", "Privacy Leakage", "Chain-of-Thought Faithfulness", "Tokeniser Effects",
    "Self-Invoking Code Generation", "Evaluation Drift",
]
LINKS = ["in", "for", "across", "under", "versus", "and"]
SETTINGS = [
    "HumanEval Pro", "MBPP", "MMLU", "GSM8K", "Low-Resource Languages", "Clinical Notes",
    "Edge Devices", "Multimodal Benchmarks", "Legal Documents", "Scientific Abstracts",
]
FAMILIES = 1000  # model-name variants: a model then appears in well under 1% of the reports
TIERS = ["Watchlist", "Public record", "DOI grade", "Quarantine candidate", "Flagship candidate"]

_NUMBER = re.compile(r"\d+\.\d+")
_QUESTION = re.compile(r"(?i)(research question: )([^\n?]*?)(\?|\. )")
_DATE = re.compile(r"^(January|February|March|April|May|June|July|August|September|October|November|December) \d{1,2}, \d{4}$", re.M)
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]


@dataclass(frozen=True)
class Template:
    name: str
    text: str
    paper: bool  # paper layout (claim table) or web layout


def load_templates(samples: Path) -> tuple[list[Template], list[str]]:
    """The sample reports and every claim row of their tables."""
    templates: list[Template] = []
    claims: list[str] = []
    for path in sorted(samples.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        paper = "\nClaim\tVerified\tConfidence\n" in text
        templates.append(Template(path.name, text, paper))
        if paper:
            table = text.split("\nClaim\tVerified\tConfidence\n", 1)[1].split("\nReferences", 1)[0]
            claims.extend(line.split("\t")[0] for line in table.splitlines() if "\t" in line)
    if not templates:
        raise SystemExit(f"no sample reports in {samples}")
    return templates, claims


def _title(rng: random.Random) -> str:
    return f"{rng.choice(TOPICS)} {rng.choice(LINKS)} {rng.choice(SUBJECTS)} Models on {rng.choice(SETTINGS)}"


def _question(rng: random.Random, title: str) -> str:
    return (
        f"How does {rng.choice(TOPICS).lower()} affect {rng.choice(SUBJECTS)} models "
        f"({title.split()[0].lower()} study) on {rng.choice(SETTINGS)} compared to dense baselines?"
    )


def _vary_claim(rng: random.Random, claim: str, family: int) -> str:
    varied = _NUMBER.sub(lambda m: f"{float(m.group()) * rng.uniform(0.8, 1.2):.1f}", claim)
    subject = _subject(varied)
    return varied.replace(subject, f"{subject}-r{family}", 1) if subject else varied


def _subject(claim: str) -> str | None:
    """The model a claim gives numbers for, as written (the checks decide what a subject is)."""
    from claimdesk.checks.figures import read_subject

    found = read_subject(claim)
    return found.entity if found is not None and found.entity in claim else None


def _claim_table(rng: random.Random, claims: list[str]) -> tuple[str, int, int]:
    count = rng.randint(3, 25)
    family = rng.randrange(FAMILIES)
    verified = 0
    rows = ["Claim\tVerified\tConfidence"]
    for _ in range(count):
        ok = rng.random() < 0.3
        verified += ok
        rows.append(f"{_vary_claim(rng, rng.choice(claims), family)}\t{'✓' if ok else '×'}\t{rng.uniform(0.01, 0.95):.2f}")
    return "\n".join(rows), count, verified


def _line_index(lines: list[str], wanted: str) -> int | None:
    for i, line in enumerate(lines):
        if line.strip() == wanted:
            return i
    return None


def make_report(rng: random.Random, template: Template, claims: list[str]) -> str:
    """One synthetic report built on ``template``."""
    title = _title(rng)
    question = _question(rng, title)
    score = f"{rng.uniform(2.0, 9.5):.1f}/10"
    text = template.text
    lines = text.split("\n")
    first = next(i for i, line in enumerate(lines) if line.strip())
    lines[first] = title
    if template.paper:
        text = "\n".join(lines)
        head, rest = text.split("\nClaim\tVerified\tConfidence\n", 1)
        tail = "\nReferences" + rest.split("\nReferences", 1)[1]
        table, count, verified = _claim_table(rng, claims)
        head = _QUESTION.sub(lambda m: f"{m.group(1)}{question[:-1]}{m.group(3)}", head)
        head = _DATE.sub(lambda m: f"{rng.choice(MONTHS)} {rng.randint(1, 28)}, {rng.choice((2025, 2026))}", head, count=1)
        head = re.sub(r"\d+ claims were extracted", f"{count} claims were extracted", head)
        head = re.sub(r"\d+ claims extracted", f"{count} claims extracted", head)
        head = re.sub(r"\d+ were independently verified", f"{verified} were independently verified", head)
        head = re.sub(r"\d+ independently verified", f"{verified} independently verified", head)
        head = re.sub(r"\d+\.\d/10", score, head)
        return f"{head}\n{table}\n{tail}"
    at = _line_index(lines, "Research Question")
    if at is not None and at + 1 < len(lines):
        lines[at + 1] = question
    text = "\n".join(lines)
    text = re.sub(r"\d+\.\d/10", score, text)
    return text.replace("| Tier | Watchlist |", f"| Tier | {rng.choice(TIERS)} |")


def generate(target: Path, count: int, samples: Path, seed: int = 1) -> list[Path]:
    """Write ``count`` reports into ``target``; returns their paths (ids are the stems)."""
    rng = random.Random(seed)
    templates, claims = load_templates(samples)
    target.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(count):
        template = templates[index % len(templates)]
        path = target / f"{index:05d}_{rng.getrandbits(64):016x}.txt"
        path.write_text(make_report(rng, template, claims), encoding="utf-8")
        paths.append(path)
    return paths


# The baseline every import figure is a ratio of: reading the same files in one plain
# Python process.
READ_ALL = """
import os, sys
total = 0
for folder, _, names in os.walk(sys.argv[1]):
    for name in names:
        with open(os.path.join(folder, name), "rb") as f:
            total += len(f.read())
print(total)
"""
