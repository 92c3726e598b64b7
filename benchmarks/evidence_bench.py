"""Evidence timings, run as a child of benchmarks/run.py: prints one JSON object.

    python benchmarks/evidence_bench.py WORK_FOLDER [--reps 5]

Writes four multi-page PDF sources (prose and tables, generated with fpdf2) and a
15-claim report citing them, attaches the sources to a fresh database, then times:

* extract: pypdf text extraction of the four PDFs (the baseline of indexing);
* index: cutting the four texts into passages and building the bm25s index;
* evidence: ``evidence_for_report`` for all 15 claims once the index is built.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import time
from pathlib import Path

MODELS = ["Tern", "Marlin", "Quill", "Heron", "Kestrel", "Finch", "Wren", "Stork", "Lark", "Orca"]
WORDS = ("model benchmark problem routing expert token accuracy training data evaluation result method layer "
         "sequence baseline compute budget quality robust error rate score metric sample dataset").split()


def _prose(rng: random.Random, sentences: int) -> str:
    out = []
    for _ in range(sentences):
        words = rng.sample(WORDS, 9)
        out.append(f"The {words[0]} of {rng.choice(MODELS)}-{rng.randint(1, 70)}B shows {words[1]} {words[2]} "
                   f"{rng.randint(10, 99)}.{rng.randint(0, 9)} on {words[3]} {words[4]} with {words[5]} {words[6]}.")
    return " ".join(out)


def write_pdf(path: Path, seed: int, pages: int) -> None:
    from fpdf import FPDF

    rng = random.Random(seed)
    pdf = FPDF()
    for page in range(pages):
        pdf.add_page()
        pdf.set_font("helvetica", size=10)
        pdf.multi_cell(0, 5, f"{page + 1} Section\n{_prose(rng, 14)}", new_x="LMARGIN", new_y="NEXT")
        pdf.multi_cell(0, 5, f"Table {page + 1}: pass@1 (%).", new_x="LMARGIN", new_y="NEXT")
        with pdf.table() as table:
            for cells in [("Model", "Base", "Hard"), *[(f"{m}-{seed}B", f"{rng.uniform(30, 90):.1f}",
                                                       f"{rng.uniform(10, 60):.1f}") for m in MODELS[:6]]]:
                row = table.row()
                for cell in cells:
                    row.cell(cell)
        pdf.multi_cell(0, 5, _prose(rng, 8), new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("work", type=Path)
    parser.add_argument("--reps", type=int, default=5)
    args = parser.parse_args()

    from claimdesk.evidence import SourceIndex, evidence_for_report
    from claimdesk.model import Claim, Layout, Report
    from claimdesk.parsing.fields import classify_reference
    from claimdesk.sources import SourceStore, add_source
    from claimdesk.sources.extract import pdf_text

    work = args.work
    work.mkdir(parents=True, exist_ok=True)
    pdfs = []
    for n in range(4):
        path = work / f"source{n}.pdf"
        write_pdf(path, seed=n + 1, pages=8)
        pdfs.append(path)
    claims = []
    for n in range(15):
        model = MODELS[n % 6]
        claims.append(Claim(n + 1, f"{model}-{n % 4 + 1}B achieves {40 + n}.5% pass@1 on base problems and "
                                   f"{20 + n}.1% on hard problems.", True, 0.5))
    report = Report(
        id="bench_evidence", layout=Layout.PAPER, title="bench", claims=tuple(claims),
        references=tuple(classify_reference(f"https://bench.example.org/paper{n}.pdf") for n in range(4)),
    )
    db = work / "db"
    for n, path in enumerate(pdfs, start=1):
        add_source(db, report, n, path)

    data = [path.read_bytes() for path in pdfs]
    extract = []
    for _ in range(args.reps):
        started = time.perf_counter()
        for blob in data:
            pdf_text(blob)
        extract.append(time.perf_counter() - started)

    store = SourceStore(db)
    docs = [(n, store.document(ref)) for n, ref in enumerate(report.references, start=1)]
    index = []
    for _ in range(args.reps):
        started = time.perf_counter()
        SourceIndex(docs)
        index.append(time.perf_counter() - started)

    evidence_for_report(db, report)  # builds and keeps the index
    evidence = []
    for _ in range(args.reps):
        started = time.perf_counter()
        result = evidence_for_report(db, report)
        evidence.append(time.perf_counter() - started)
    passages = len(SourceIndex(docs).index.passages)
    print(json.dumps({
        "extract_s": statistics.median(extract),
        "index_s": statistics.median(index),
        "evidence_s": statistics.median(evidence),
        "claims": len(result.claims),
        "sources": len(docs),
        "passages": passages,
        "characters": sum(len(doc.text) for _n, doc in docs),
    }))


if __name__ == "__main__":
    main()
