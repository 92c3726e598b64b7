"""Shared pieces of the sources and evidence tests: a report in the paper layout, PDFs, Atom feeds."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path


def paper_report(title: str, claims: Sequence[tuple[str, str, str]], references: Sequence[str]) -> str:
    """A report in the publisher's paper layout. ``claims``: (text, ✓ or ×, confidence)."""
    rows = "\n".join(f"{text}\t{mark}\t{conf}" for text, mark, conf in claims)
    refs = "\n".join(f"- <{url}>" for url in references)
    verified = sum(1 for _t, mark, _c in claims if mark == "✓")
    return f"""{title}

Test Research

May 30, 2026

Abstract

This report synthesises findings from {len(references)} peer-reviewed papers addressing the following research question: How do code models handle self-invoking problems?. Of {len(claims)} claims extracted, {verified} were verified. The review score was 5.0/10.

1 Introduction

Research question: How do code models handle self-invoking problems?.

2 Methodology

Systematic literature search across multiple databases yielded {len(references)} papers.

3 Results

{len(claims)} claims were extracted and {verified} verified. Review score 5.0/10.

4 Limitations

None stated.

5 Extracted Claims

Claim\tVerified\tConfidence
{rows}

References

{refs}
"""


def make_pdf(pages: Sequence[str], title: str = "A test paper") -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_title(title)
    for text in pages:
        pdf.add_page()
        pdf.set_font("helvetica", size=10)
        pdf.multi_cell(0, 5, text)
    return bytes(pdf.output())


def atom(entries: Sequence[tuple[str, str, str]]) -> str:
    """An arXiv API answer: (id with version, title, abstract) per entry."""
    items = "".join(
        f"<entry><id>http://arxiv.org/abs/{ident}</id><title>{title}</title><summary>{summary}</summary></entry>"
        for ident, title, summary in entries
    )
    return f'<?xml version="1.0" encoding="UTF-8"?><feed xmlns="http://www.w3.org/2005/Atom">{items}</feed>'


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path
