"""The figure reading's shortcuts read exactly what their plain forms read.

Import reads every claim of every report, so the patterns skip backtracking
that can never match, the phrases around a number are read once per distinct
phrase, and claims that give no figure are remembered. Each of these must give
what the plain form gives, on real claims and on awkward ones.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from claimdesk.checks import figure_patterns, figures
from claimdesk.checks.figures import read_claim, read_subject
from claimdesk.errors import ClaimdeskError
from claimdesk.model import claim_key
from claimdesk.parsing import parse_file
from conftest import SEEDS

ROOT = Path(__file__).resolve().parent.parent

# The patterns as first written: greedy name words and a flat list of verbs.
PLAIN_NAME = r"[A-Za-z0-9][\w.+/-]*(?:\s+\(?[A-Za-z0-9][\w.+/-]*\)?){0,4}?"
PLAIN = {
    "SUBJECT": re.compile(
        rf"^\s*(?P<entity>{PLAIN_NAME})\s*(?:,[^,]{{1,80}},\s*)?\s+(?P<verb>{figure_patterns.VERBS})\b", re.I
    ),
    "SEGMENT": re.compile(
        r"(?<![\w.@/-])(?P<num>\d+(?:\.\d+)?)(?P<pct>\s?%)?(?![\w.]*\d)(?![\w@])"
        r"[ \t]*(?P<measure>(?:[A-Za-z][\w@-]*[ \t]+){0,3}?)(?:on|in|across)[ \t]+(?:the[ \t]+)?"
        r"(?P<bench>[A-Za-z0-9][\w.+/@'-]*(?:[ \t]+[A-Za-z][\w.+/@'-]*){0,3})",
        re.I,
    ),
}
PLAIN["POSSESSIVE"] = re.compile(figure_patterns.POSSESSIVE.pattern.replace("*+", "*"), re.I)
PLAIN["BENCH_POSSESSIVE"] = re.compile(figure_patterns.BENCH_POSSESSIVE.pattern.replace("*+", "*"), re.I)

AWKWARD = [
    "GPT-4o, the largest model, achieves 88.7% on MMLU",
    "Llama 2 70B with LoRA reaches 68.9% on MMLU and 56.8% in GSM8K",
    "model-x   Achieves\t71.3 % on the MMLU benchmark",
    "Qwen2.5-7B achievesX 59.6% on HumanEval",
    "A B C D E F achieves 1% on X",
    "x" * 90 + " achieves 5% on Y",
    "Phi-2's accuracy on ARC-Challenge is 75.1%",
    "the accuracy of Mistral-7B on ARC is 80%",
    "The MMLU accuracy of Gemma-7B is 64.3%",
    "Whisper large v3 transcribes LibriSpeech test-clean with a word error rate of 2.7%",
    "1.2.3 reaches 4.5.6% on v1.2 in 3 of 4 runs; 12abc on 7",
    "K\u212aelvin-7B has 50% on MMLU",  # a Kelvin sign: re.I folds it to k
    "\u017fmall-7B scores 40% in ARC",  # a long s: re.I folds it to s
    "Model_9 (base) scored 33.3% across all tasks, and 44% on BBH",
    "",
    " ",
    "7B is 3% on X",
]


def _claims() -> list[str]:
    texts = set(AWKWARD)
    folders = (ROOT / "sample_reports", SEEDS, ROOT / "tests" / "eval" / "corpus")
    for path in sorted(path for folder in folders for path in folder.rglob("*") if path.is_file()):
        try:
            report = parse_file(path)
        except ClaimdeskError:
            continue
        texts.update(claim.text for claim in report.claims)
    return sorted(texts)


CLAIMS = _claims()


def _found(pattern: re.Pattern[str], text: str, start: int) -> list[tuple[object, ...]]:
    return [(m.span(), m.groups(), m.groupdict()) for m in pattern.finditer(text, start)] + [
        (None if (m := pattern.match(text, start)) is None else (m.span(), m.groups()),)
    ]


@pytest.mark.parametrize("name", sorted(PLAIN))
def test_each_pattern_matches_as_its_plain_form_does(name: str) -> None:
    fast = getattr(figure_patterns, name)
    assert fast.pattern != PLAIN[name].pattern  # the shortcut is in place
    assert len(CLAIMS) > 200
    for text in CLAIMS:
        for start in [0, *(i + 1 for i, c in enumerate(text) if c in " ,")][:10]:
            assert _found(fast, text, start) == _found(PLAIN[name], text, start), (name, text, start)


def test_the_verbs_are_grouped_without_losing_one() -> None:
    grouped = figure_patterns.by_first_letter("is|was|has|had|hits|is")
    assert grouped == "i(?:s)|w(?:as)|h(?:as|ad|its)"
    for verb in set(figure_patterns.VERBS.split("|")):
        assert figure_patterns.SUBJECT.match(f"Llama-2-7B {verb.upper()} 5% on X").group("verb") == verb.upper()


def _plain_claim_key(text: str) -> str:
    folded = " ".join(text.split()).casefold()
    return hashlib.blake2b(folded.encode("utf-8"), digest_size=10).hexdigest()


@pytest.mark.parametrize(
    "text",
    ["", " ", "a  b", " a", "a ", "a\tb", "a\nb", "a\x1cb", "a\x85b", "a\u00a0b", "a\u3000b", "Stra\u00dfe",
     "\u0130stanbul", "MIXED Case", "tab\t", "\x7fdel", "ﬁne-tuned"],
)
def test_a_claim_key_is_the_hash_of_the_folded_text(text: str) -> None:
    assert claim_key(text) == _plain_claim_key(text)
    assert claim_key(text) == _plain_claim_key(text)  # and again, from the kept keys


def test_claim_keys_of_real_claims_are_unchanged() -> None:
    for text in CLAIMS:
        assert claim_key(text) == _plain_claim_key(text)


def test_a_remembered_claim_reads_as_it_did() -> None:
    first = [(read_claim("r", i, text), read_subject(text)) for i, text in enumerate(CLAIMS)]
    again = [(read_claim("r", i, text), read_subject(text)) for i, text in enumerate(CLAIMS)]
    assert again == first
    assert any(claim is not None for claim, _ in first) and any(claim is None for claim, _ in first)


def test_the_memory_of_claims_without_figures_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(figures, "_KEPT", 8)
    monkeypatch.setattr(figures, "_NO_FIGURES", {})
    monkeypatch.setattr(figures, "_NO_SUBJECT", {})
    for n in range(50):
        assert read_claim("r", 1, f"Claim {n} says nothing about a model.") is None
        assert read_subject(f"Claim {n} says nothing.") is None
        assert len(figures._NO_FIGURES) <= 8 and len(figures._NO_SUBJECT) <= 8
    # a subject that gives no figure is remembered for figures only: its subject still reads
    text = "DeepSeek-V2 is a mixture-of-experts model with 236B total parameters."
    assert read_claim("r", 1, text) is None and read_claim("r", 1, text) is None
    assert read_subject(text) is not None and read_subject(text).entity == "DeepSeek-V2"
