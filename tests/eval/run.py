"""Per-code precision and recall of the triage checks on the evaluation corpus.

    python tests/eval/run.py                 # the development half
    python tests/eval/run.py heldout         # the held-out half
    python tests/eval/run.py dev heldout -v  # both, with every miss and false alarm

Each half is checked as one library (``check_library``), so numbers are
compared across its reports as the desk compares them. A code counts once
per report: a true positive when it fires on a report whose manifest says it
must, a false alarm when it fires where the manifest does not allow it. The checks
against held source texts are not scored: the corpus carries no sources.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "corpus"
MANIFEST = CORPUS / "manifest.tsv"


@dataclass(frozen=True)
class Expected:
    path: Path
    must: frozenset[str]
    may: frozenset[str]
    name: str


@dataclass
class Score:
    code: str
    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0
    misses: list[str] = field(default_factory=list)
    false_alarms: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        fired = self.true_positives + self.false_positives
        return self.true_positives / fired if fired else 1.0

    @property
    def recall(self) -> float:
        wanted = self.true_positives + self.false_negatives
        return self.true_positives / wanted if wanted else 1.0


def _codes(text: str) -> frozenset[str]:
    return frozenset() if text == "-" else frozenset(text.split(","))


def manifest(half: str) -> list[Expected]:
    rows = []
    for line in MANIFEST.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        path, must, may, name = line.split("\t")
        if path.startswith(half + "/"):
            rows.append(Expected(CORPUS / path, _codes(must), _codes(may), name))
    return rows


def source_codes() -> frozenset[str]:
    """Codes of the checks that need held source texts: the corpus carries none, so they are not scored."""
    try:
        from claimdesk.checks import grounding
    except ImportError:
        return frozenset()
    return frozenset({grounding.NO_PASSAGE, grounding.CONTRADICTED})


def evaluate(half: str) -> tuple[int, dict[str, Score]]:
    """(number of reports, score per code) for one half of the corpus."""
    from claimdesk.checks import CHECKS, check_library
    from claimdesk.parsing import parse_file

    expected = manifest(half)
    reports = [parse_file(row.path) for row in expected]
    results = check_library(reports)
    scores = {code: Score(code) for code in CHECKS if code not in source_codes()}
    for row, report in zip(expected, reports):
        fired = {finding.code for finding in results[report.id]}
        for code, score in scores.items():
            if code in row.must:
                if code in fired:
                    score.true_positives += 1
                else:
                    score.false_negatives += 1
                    score.misses.append(row.name)
            elif code in fired and code not in row.may:
                score.false_positives += 1
                detail = "; ".join(f.message for f in results[report.id] if f.code == code)
                score.false_alarms.append(f"{row.name}: {detail}")
    return len(expected), scores


def table(half: str, count: int, scores: dict[str, Score], verbose: bool = False) -> str:
    lines = [f"{half}: {count} reports", f"{'code':<26}{'TP':>4}{'FP':>4}{'FN':>4}{'precision':>11}{'recall':>8}"]
    for score in scores.values():
        lines.append(
            f"{score.code:<26}{score.true_positives:>4}{score.false_positives:>4}{score.false_negatives:>4}"
            f"{score.precision:>11.2f}{score.recall:>8.2f}"
        )
        if verbose:
            lines.extend(f"    missed: {name}" for name in score.misses)
            lines.extend(f"    false alarm: {text}" for text in score.false_alarms)
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    verbose = "-v" in argv
    halves = [arg for arg in argv if not arg.startswith("-")] or ["dev"]
    for half in halves:
        count, scores = evaluate(half)
        print(table(half, count, scores, verbose))
        print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
