"""The checks run on hostile and random reports without failing."""

from __future__ import annotations

import dataclasses

from hypothesis import given, settings
from hypothesis import strategies as st

from claimdesk.checks import SEVERITIES, check_library, check_report
from claimdesk.model import Claim, Layout, Reference, ReferenceKind, Report, ReportStats

words = st.sampled_from(
    ["We", "our", "achieves", "59.6%", "on", "HumanEval", "Pro", "and", "Qwen2.5-Coder-7B", "(", ")", ",", ".",
     "mixture-of-experts", "research question:", "claims were extracted", "score of 9/10", "?", "ü", "[bold]", "x" * 130]
)
text = st.one_of(st.text(max_size=200), st.lists(words, max_size=40).map(" ".join))
urls = st.one_of(
    st.text(max_size=60),
    st.builds(lambda s: f"http://arxiv.org/abs/{s}", st.text(max_size=20)),
    st.builds(lambda s: f"https://doi.org/{s}", st.text(max_size=20)),
)
claims = st.lists(
    st.tuples(text, st.one_of(st.none(), st.booleans()), st.one_of(st.none(), st.floats(0, 1))), max_size=12
)
reports = st.builds(
    lambda rid, layout, title, abstract, question, rows, refs, stats, published: Report(
        id=rid,
        layout=layout,
        title=title or "t",
        abstract=abstract,
        research_question=question,
        claims=tuple(Claim(i, t, v, c) for i, (t, v, c) in enumerate(rows, start=1)),
        references=tuple(Reference(u, ReferenceKind.URL, None) for u in refs),
        stats=stats,
        published=published,
    ),
    st.sampled_from(["a", "b", "c"]),
    st.sampled_from(list(Layout)),
    text,
    st.one_of(st.none(), text),
    st.one_of(st.none(), text),
    claims,
    st.lists(urls, max_size=5),
    st.builds(
        ReportStats,
        st.one_of(st.none(), st.integers(0, 10**6)),
        st.one_of(st.none(), st.integers(0, 10**6)),
        st.one_of(st.none(), st.integers(0, 10**6)),
        st.one_of(st.none(), st.floats(0, 10)),
    ),
    st.one_of(st.none(), st.sampled_from(["2026-05-30", "1999-01-01", "garbage"])),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(reports, min_size=1, max_size=4))
def test_checks_never_fail_on_random_reports(batch):
    results = check_library(batch)
    for report in batch:
        for item in check_report(report, batch):
            assert item.severity in SEVERITIES and item.message
        assert all(f.severity in SEVERITIES for f in results[report.id])


def test_a_huge_claim_is_checked():
    report = Report(id="big", layout=Layout.PAPER, title="t", research_question="How does routing work?",
                    claims=(Claim(1, "Qwen-7B achieves 1.0% on X " * 20000, True, 0.1),))
    assert check_report(dataclasses.replace(report))


_PIECES = st.sampled_from(
    ["routing", "routers", "stability", "stabilities", "mixture-of-experts", "Mixture of Expert", "large language models",
     "xlarge language model", "moe", "-", ".", "'", " ", "\n", "é", "Ü", "_", "co-training", "sparsity.", "42", "v2.5"]
)


@given(st.lists(_PIECES, max_size=30).map("".join), st.sets(st.sampled_from(
    ["routing", "router", "stability", "moe", "llm", "expert", "sparsity", "training", "co", "v2.5"]), max_size=5))
def test_terms_found_by_looking_only_where_they_can_be_are_the_full_reading(text: str, wanted: set[str]) -> None:
    from claimdesk.checks.text import term_set, terms_in

    assert terms_in(text, frozenset(wanted)) == set(wanted) & set(term_set(text))


@given(
    st.lists(st.sampled_from(["We", "we", "US", "bus", "ours", "Our", "_we", "3 claims were extracted", "Score of 7.5 / 10",
                              "findings from 12 Papers", "É", "ſ", " ", ".", "x1", "1234567", "12", " claim", "s were",
                              " Claims was Extracted", " WAS independently verified", "were", " independently verified"]),
             max_size=20).map("".join)
)
def test_a_folded_pattern_finds_what_the_case_insensitive_pattern_finds(text: str) -> None:
    import re

    from claimdesk.checks.text import FoldedPattern

    for source, anchor, reach in (
        (r"\b(?:we|our|ours|us)\b", "", 0),
        (r"\bscore of (\d{1,2}(?:\.\d+)?)\s*/\s*10\b", "", 0),
        (r"\b(\d{1,6}) claims? (?:were|was) extracted\b", "", 0),
        (r"\b(\d{1,6}) claims? (?:were|was) extracted\b", " claim", 6),
        (r"\b(\d{1,6}) (?:were|was) independently verified\b", " independently verified", 11),
    ):
        folded, plain = FoldedPattern(source, anchor, reach), re.compile(source, re.I)
        found, expected = folded.search(text), plain.search(text)
        assert (found and found.span()) == (expected and expected.span())
        assert folded.sub("|", text) == plain.sub("|", text)


@given(st.lists(st.sampled_from(["e.g", "E.G", "i.e", "et al", ".", "?", "!", " ", "\n", "A", "a", "1", "xe.g", "_e.g", "é.g"]),
                max_size=14).map("".join))
def test_the_sentence_end_is_found_where_the_look_behind_first_pattern_found_it(text: str) -> None:
    import re

    from claimdesk.checks.abstract import _SENTENCE_END

    reference = re.compile(r"(?<!\be\.g)(?<!\bi\.e)(?<!\bet al)[.?!](?=\s+[A-Z0-9]|\s*$)")
    found, expected = _SENTENCE_END.search(text), reference.search(text)
    assert (found and found.span()) == (expected and expected.span())
