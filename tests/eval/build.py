"""Render the evaluation corpus: hand-written report specs -> report files and a manifest.

    python tests/eval/build.py      # rewrites tests/eval/corpus/{dev,heldout,heldout2,heldout3}/ and manifest.tsv

Each spec (specs_dev.py, specs_heldout*.py) holds what a person wrote: the
question, the abstract's own sentences, the claims, the counts and which codes
must fire. This module only lays them out the way the publisher's generator
does, with its drift: CRLF or a BOM, section numbers written "5", "5." or
"## 5", other tick symbols, blank lines, references as bullets or numbered.
The rendered files are committed; the evaluation reads the files, not the specs.
"""

from __future__ import annotations

import hashlib
import random
import sys
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "corpus"

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]


@dataclass
class Spec:
    name: str
    question: str
    claims: list[tuple[str, bool, float]] = field(default_factory=list)
    must: tuple[str, ...] = ()
    may: tuple[str, ...] = ()  # codes a reviewer could argue either way: not scored
    layout: str = "paper"
    title: str = ""
    papers: int | None = None
    refs: list[str] | None = None  # reference URLs; default: ``papers`` plausible arXiv links
    score: float = 7.8
    results_score: float | None = None
    stated_claims: int | None = None  # the abstract's claims extracted (default: the table's rows)
    stated_verified: int | None = None
    results_claims: int | None = None  # 3 Results (default: the abstract's)
    results_verified: int | None = None
    summary: str = ""  # the abstract's own sentence(s) after the question
    abstract_question: str | None = None  # the question as the abstract quotes it (a cut one)
    date: tuple[int, int, int] = (2026, 6, 12)
    drift: frozenset[str] = frozenset()
    # web layout
    web_claims: tuple[int, int] = (8, 6)
    grounded: int | None = None
    tier: str | None = None
    reproducibility: str = "MEDIUM"
    gate: str = "Unverified"
    source_title: str = "a survey of recent work"


def _flags(text: str) -> frozenset[str]:
    return frozenset(text.split())


def _default_tier(score: float, verified: int) -> str:
    if score >= 7.5 and verified >= 1:
        return "DOI grade"
    if score >= 5.0:
        return "Watchlist"
    return "Quarantine candidate"


def _refs(spec: Spec, papers: int, rng: random.Random) -> list[str]:
    if spec.refs is not None:
        return spec.refs
    year, month, _ = spec.date
    urls = []
    for _ in range(papers):
        y = rng.randint(2019, year - 2000 - 1 + 2000) - 2000
        m = rng.randint(1, 12)
        urls.append(f"http://arxiv.org/abs/{y:02d}{m:02d}.{rng.randint(1000, 19999):05d}v{rng.randint(1, 4)}")
    return urls


def _heading(number: int, name: str, drift: frozenset[str]) -> str:
    if "nonum" in drift:
        return name
    if "dotnum" in drift:
        return f"{number}. {name}"
    if "hash" in drift:
        return f"## {number} {name}"
    return f"{number} {name}"


def _ticks(drift: frozenset[str]) -> tuple[str, str]:
    if "ticks2" in drift:
        return "✔", "✗"
    if "yesno" in drift:
        return "yes", "no"
    return "✓", "×"


def _abstract(spec: Spec, papers: int, claims: int, verified: int) -> str:
    quoted = spec.abstract_question if spec.abstract_question is not None else spec.question
    parts = [
        f"This report synthesises findings from {papers} peer-reviewed papers addressing the following "
        f"research question: {quoted}"
    ]
    if spec.summary:
        parts.append(spec.summary)
    parts.append(
        f"{claims} claims were extracted from source literature; {verified} were independently verified "
        "against retrieved documents."
    )
    parts.append(f"An automated multi-reviewer quality assessment produced a score of {spec.score:g}/10.")
    parts.append("This report is a machine-generated literature synthesis and does not constitute original research.")
    return " ".join(parts)


def render_paper(spec: Spec, rng: random.Random) -> str:
    d = spec.drift
    rows = len(spec.claims)
    shown_verified = sum(1 for _, ok, _ in spec.claims if ok)
    claims = spec.stated_claims if spec.stated_claims is not None else rows
    verified = spec.stated_verified if spec.stated_verified is not None else shown_verified
    papers = spec.papers if spec.papers is not None else (len(spec.refs) if spec.refs is not None else max(rows, 6))
    refs = _refs(spec, papers, rng)
    r_claims = spec.results_claims if spec.results_claims is not None else claims
    r_verified = spec.results_verified if spec.results_verified is not None else verified
    r_score = spec.results_score if spec.results_score is not None else spec.score
    year, month, day = spec.date
    date = f"{MONTHS[month - 1][:3] if 'shortdate' in d else MONTHS[month - 1]} {day}, {year}"
    gap = "\n\n\n" if "blank" in d else "\n\n"
    yes, no = _ticks(d)
    abstract = _abstract(spec, papers, claims, verified)
    blocks = [
        spec.title or spec.question.rstrip("?"),
        "Assignee Research",
        date,
        ("Abstract" + gap + abstract) if "abslabel" not in d else ("Abstract" + gap + "Abstract: " + abstract),
        _heading(1, "Introduction", d) + gap + f"This paper examines: {spec.source_title}. Research question: {spec.question}.",
        _heading(2, "Methodology", d) + gap + (
            f"Systematic literature search across multiple databases yielded {papers} papers. Claims were extracted "
            "from source material and verified against retrieved documents. An independent multi-reviewer "
            f"assessment produced a quality score of {r_score:g}/10."
        ),
        _heading(3, "Results", d) + gap + (
            f"{papers} papers retrieved. {r_claims} claims extracted; {r_verified} independently verified. "
            f"Quality review score: {r_score:g}/10."
        ),
        _heading(4, "Limitations", d) + gap + (
            "This report is a machine-generated literature synthesis and does not constitute original research. "
            "Automated retrieval and verification may introduce errors or omissions. Review scores reflect "
            "automated assessment, not human peer review. Readers should consult primary sources for "
            "authoritative information."
        ),
    ]
    if spec.claims:
        table = ["Claim\tVerified\tConfidence"]
        for text, ok, confidence in spec.claims:
            table.append(f"{text}\t{yes if ok else no}\t{confidence:.2f}")
        blocks.append(_heading(5, "Extracted Claims", d) + gap + "\n".join(table))
    if "refnum" in d:
        listing = "\n".join(f"[{n}] {url}" for n, url in enumerate(refs, 1))
    else:
        listing = "\n".join(f"- <{url}>" for url in refs)
    blocks.append("References" + gap + listing)
    return ("\n\n" if "lead" in d else "") + gap.join(blocks) + "\n"


def render_web(spec: Spec, rng: random.Random) -> str:
    claims, verified = spec.web_claims
    papers = spec.papers if spec.papers is not None else claims + 4
    grounded = spec.grounded if spec.grounded is not None else claims
    tier = spec.tier or _default_tier(spec.score, verified)
    year, month, day = spec.date
    pipe_end = " | |" if "pipes" not in spec.drift else " |"
    abstract = _abstract(spec, papers, claims, verified)
    lines = [
        spec.title or spec.question.rstrip("?"),
        "Abstract",
        "Abstract: " + abstract,
        "Research Question",
        spec.question,
        "Verification Level",
        f"| Paper level | L2, Source-grounded claims{pipe_end}",
        f"| Source-grounded claims | {grounded}{pipe_end}",
        "| Claim record source | not publicly specified |",
        "Descriptive public verification status only; aggregate claim counts are public, but individual claim "
        "records are not exposed here.",
        "Truth-Engine Gate Verdict",
        f"| Status | {spec.gate}{pipe_end}",
        f"| Gate | Gate 2 — Verification (formal proof or sandbox reproduction){pipe_end}",
        f"| Reason | No formal proof or sandbox reproduction has been attempted for this record.{pipe_end}",
        f"| Evaluated | {year:04d}-{month:02d}-{day:02d}T07:15:00+00:00 |",
        "This record has not completed Gate 2 of the verification pipeline.",
        "Quality Tier",
        f"| Tier | {tier}{pipe_end}",
        "| Basis | Review score and public verified-claim signal. |",
        "Descriptive public triage only; this tier does not alter current publication or DOI behavior.",
        "Quality Dimensions",
        f"| Evidence strength | MEDIUM{pipe_end}",
        f"| Citation grounding | MEDIUM{pipe_end}",
        f"| Reproducibility status | {spec.reproducibility} |",
        "Automated triage signals derived from public fields; not human peer review or independent validation.",
        "Correction Record",
        "| Status | CURRENT |",
        "| Correction count | 0 |",
        "| Manifest contract | paper-manifest-v1.1 |",
        "| Correction contract | correction-record-v1 |",
        "Public corrections are additive records. Current status does not claim the synthesis is error-free.",
        "Provenance",
        "| Publisher | Assignee Research |",
        "| Public provenance | L2, Source-grounded claim record |",
        "| Note | Machine-generated synthesis of existing literature. Not primary research. |",
    ]
    if "webswap" in spec.drift:  # blocks in another order
        at = lines.index("Quality Tier")
        lines = lines[:3] + lines[at:at + 4] + lines[3:at] + lines[at + 4:]
    sep = "\n\n" if "blank" in spec.drift else "\n"
    return sep.join(lines) + "\n"


def render(spec: Spec) -> bytes:
    rng = random.Random(spec.name)
    text = render_web(spec, rng) if spec.layout == "web" else render_paper(spec, rng)
    if "crlf" in spec.drift:
        text = text.replace("\n", "\r\n")
    data = text.encode("utf-8")
    if "bom" in spec.drift:
        data = b"\xef\xbb\xbf" + data
    return data


def file_name(spec: Spec, number: int) -> str:
    digest = hashlib.sha256(spec.name.encode()).hexdigest()[:16]
    return f"{number:03d}_{digest}.txt"


def build(specs: list[Spec], folder: Path) -> list[str]:
    """Write the files; return manifest lines ``file<TAB>must<TAB>may<TAB>name``."""
    if folder.exists():
        for old in folder.glob("*.txt"):
            old.unlink()
    folder.mkdir(parents=True, exist_ok=True)
    lines = []
    names = set()
    for number, spec in enumerate(specs, 1):
        if spec.name in names:
            raise SystemExit(f"duplicate spec name {spec.name}")
        names.add(spec.name)
        name = file_name(spec, number)
        (folder / name).write_bytes(render(spec))
        lines.append(f"{folder.name}/{name}\t{','.join(sorted(spec.must)) or '-'}\t{','.join(sorted(spec.may)) or '-'}\t{spec.name}")
    return lines


def main() -> int:
    sys.path.insert(0, str(HERE))
    import specs_dev
    import specs_heldout
    import specs_heldout2
    import specs_heldout3

    manifest = ["# file\tmust fire\tmay fire (not scored)\tspec; every other code must not fire"]
    manifest += build(specs_dev.SPECS, CORPUS / "dev")
    manifest += build(specs_heldout.SPECS, CORPUS / "heldout")
    manifest += build(specs_heldout2.SPECS, CORPUS / "heldout2")
    manifest += build(specs_heldout3.SPECS, CORPUS / "heldout3")
    (CORPUS / "manifest.tsv").write_text("\n".join(manifest) + "\n", encoding="utf-8")
    held = (len(specs_heldout.SPECS), len(specs_heldout2.SPECS), len(specs_heldout3.SPECS))
    print(f"{len(specs_dev.SPECS)} dev, {' + '.join(map(str, held))} held-out reports written")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
