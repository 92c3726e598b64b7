"""Build the evaluation set and measure the evidence feature on it.

    python tests/evidence_eval/evaluate.py           # the figures
    python tests/evidence_eval/evaluate.py --misses  # and every claim the suggestion got wrong

Sources are written to a temporary folder (PDFs generated with fpdf2), attached to a
fresh database with ``add_source`` (the path ``claimdesk sources add`` takes), and each
report's evidence is compared with the labels:

* passage hit@1: for claims a passage bears on, the best passage holds the expected snippet;
* suggestion accuracy: the suggestion equals the label;
* wrongly supported: of the claims not labelled ``supported``, the share suggested ``supported``;
* contradictions found: of the claims labelled ``contradicted``, the share suggested so.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from cases import CASES, Case, Source, Table  # noqa: E402

from claimdesk.model import Claim, Layout, Report  # noqa: E402
from claimdesk.parsing.fields import classify_reference  # noqa: E402

GOALS = {"hit_at_1": 0.85, "accuracy": 0.80, "wrongly_supported": 0.05, "contradictions_found": 0.75}


def write_pdf(source: Source, path: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_title(source.title)
    pdf.set_auto_page_break(True, margin=15)
    for page in source.pages:
        pdf.add_page()
        pdf.set_font("helvetica", size=10)
        for block in page:
            if isinstance(block, Table):
                pdf.multi_cell(0, 5, block.caption)
                with pdf.table(text_align="LEFT") as table:
                    for cells in (block.header, *block.rows):
                        row = table.row()
                        for cell in cells:
                            row.cell(cell)
            else:
                pdf.multi_cell(0, 5, str(block))
            pdf.ln(4)
    pdf.output(str(path))


def write_source(source: Source, folder: Path, name: str) -> Path | None:
    if source.kind == "missing":
        return None
    if source.kind == "pdf":
        path = folder / f"{name}.pdf"
        write_pdf(source, path)
    else:
        path = folder / f"{name}.{'html' if source.kind == 'html' else 'txt'}"
        path.write_text(source.body, encoding="utf-8")
    return path


def report_of(case: Case) -> Report:
    return Report(
        id=case.id,
        layout=Layout.PAPER,
        title=case.title,
        research_question=case.question,
        claims=tuple(Claim(n, c.text, True, 0.5) for n, c in enumerate(case.claims, start=1)),
        references=tuple(classify_reference(s.url) for s in case.sources),
    )


def build(work: Path) -> tuple[Path, list[Report]]:
    """A database at ``work/db`` holding the sources of every case; the reports."""
    from claimdesk.sources import add_source

    db = work / "db"
    files = work / "files"
    files.mkdir(parents=True, exist_ok=True)
    reports = []
    for case in CASES:
        report = report_of(case)
        for ref, source in enumerate(case.sources, start=1):
            path = write_source(source, files, f"{case.id}_{ref}")
            if path is not None:
                add_source(db, report, ref, path)
        reports.append(report)
    return db, reports


def folded(text: str) -> str:
    return " ".join(text.replace("-\n", "").split()).casefold()


@dataclass
class Metrics:
    hits: int = 0
    hit_total: int = 0
    correct: int = 0
    total: int = 0
    wrongly_supported: int = 0
    not_supported: int = 0
    contradictions: int = 0
    contradiction_total: int = 0
    misses: list[str] = field(default_factory=list)

    def figures(self) -> dict[str, float]:
        return {
            "hit_at_1": self.hits / max(self.hit_total, 1),
            "accuracy": self.correct / max(self.total, 1),
            "wrongly_supported": self.wrongly_supported / max(self.not_supported, 1),
            "contradictions_found": self.contradictions / max(self.contradiction_total, 1),
        }

    def meets_goals(self) -> bool:
        f = self.figures()
        return (
            f["hit_at_1"] >= GOALS["hit_at_1"]
            and f["accuracy"] >= GOALS["accuracy"]
            and f["wrongly_supported"] <= GOALS["wrongly_supported"]
            and f["contradictions_found"] >= GOALS["contradictions_found"]
        )


def measure(db: Path, reports: list[Report]) -> Metrics:
    from claimdesk.evidence import evidence_for_report

    metrics = Metrics()
    by_id = {case.id: case for case in CASES}
    for report in reports:
        evidence = evidence_for_report(db, report)
        case = by_id[report.id]
        for item, labelled in zip(evidence.claims, case.claims, strict=True):
            metrics.total += 1
            got = item.support.value
            ok = got == labelled.label
            metrics.correct += ok
            if labelled.label != "supported":
                metrics.not_supported += 1
                metrics.wrongly_supported += got == "supported"
            if labelled.label == "contradicted":
                metrics.contradiction_total += 1
                metrics.contradictions += got == "contradicted"
            hit_ok = True
            if labelled.snippet is not None:
                metrics.hit_total += 1
                best = item.best
                hit_ok = best is not None and folded(labelled.snippet) in folded(best.text)
                metrics.hits += hit_ok
            if not ok or not hit_ok:
                best_text = item.best.text[:110] if item.best else "-"
                metrics.misses.append(
                    f"{report.id} #{item.claim}: want {labelled.label}, got {got}"
                    f"{'' if hit_ok else ' (passage miss)'}\n    claim: {labelled.text[:110]}\n    best:  {best_text}"
                )
    return metrics


def run(work: Path | None = None) -> Metrics:
    if work is not None:
        return measure(*build(work))
    with tempfile.TemporaryDirectory(prefix="claimdesk-evidence-eval-") as folder:
        return measure(*build(Path(folder)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--misses", action="store_true", help="list every claim the suggestion got wrong")
    args = parser.parse_args(argv)
    metrics = run()
    f = metrics.figures()
    print(f"reports {len(CASES)}, claims {metrics.total}")
    print(f"passage hit@1          {f['hit_at_1']:.2f}  ({metrics.hits}/{metrics.hit_total}; goal >= {GOALS['hit_at_1']})")
    print(f"suggestion accuracy    {f['accuracy']:.2f}  ({metrics.correct}/{metrics.total}; goal >= {GOALS['accuracy']})")
    print(f"wrongly supported      {f['wrongly_supported']:.2f}  ({metrics.wrongly_supported}/{metrics.not_supported}; "
          f"goal <= {GOALS['wrongly_supported']})")
    print(f"contradictions found   {f['contradictions_found']:.2f}  ({metrics.contradictions}/{metrics.contradiction_total}; "
          f"goal >= {GOALS['contradictions_found']})")
    if args.misses:
        for line in metrics.misses:
            print(line)
    return 0 if metrics.meets_goals() else 1


if __name__ == "__main__":
    sys.exit(main())
