"""Text out of PDFs, HTML pages and plain files, with page spans; never a crash on bad input.

Every extractor returns an ``Extracted`` or raises ``ExtractError`` with a one-line reason.
Text is NFKC-normalised (PDF ligatures such as "ﬁ" become "fi") and cleaned as report text is
(``sanitize.clean``: whole control sequences, control and invisible characters removed), so stored
offsets are offsets of what is shown.
"""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass
from html.parser import HTMLParser

from claimdesk.sanitize import clean
from claimdesk.sources.model import PageSpan

MAX_PAGES = 400  # a longer "paper" is a book or a trap; its first pages are kept


class ExtractError(Exception):
    """A file that gives no text: the message is one line, fit for a summary."""


@dataclass(frozen=True, slots=True)
class Extracted:
    text: str
    pages: tuple[PageSpan, ...] = ()
    title: str | None = None


_SPACES = re.compile(r"[ \t\u00a0]+")
_BLANKS = re.compile(r"\n{3,}")


def normalise(text: str) -> str:
    """Source text as it is kept and shown: terminal control sequences removed whole, by the rule
    report text follows (``sanitize.clean``), line by line so an unterminated one cannot swallow
    the rest; NFKC; runs of spaces and blank lines folded."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    text = unicodedata.normalize("NFKC", text)
    text = "\n".join(_SPACES.sub(" ", clean(line)).strip() for line in text.split("\n"))
    return _BLANKS.sub("\n\n", text).strip()


def pdf_text(data: bytes) -> Extracted:
    """Each page's text, pages separated by a blank line, with the span of every page."""
    if not data.lstrip()[:5].startswith(b"%PDF-"):
        raise ExtractError("not a PDF (no %PDF- header)")
    import logging
    import warnings

    pypdf_log = logging.getLogger("pypdf")
    level = pypdf_log.level
    pypdf_log.setLevel(logging.CRITICAL)  # a damaged file's warnings would reach the user's terminal
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return _pdf_text(data)
    finally:
        pypdf_log.setLevel(level)


def _pdf_text(data: bytes) -> Extracted:
    try:
        import pypdf

        reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
        texts: list[str] = []
        for number, page in enumerate(reader.pages):
            if number >= MAX_PAGES:
                break
            texts.append(normalise(page.extract_text() or ""))
        title = None
        meta = reader.metadata
        if meta is not None and meta.title:
            title = normalise(str(meta.title))[:300] or None
    except ExtractError:
        raise
    except Exception as exc:  # pypdf raises many kinds on damaged files; none may escape
        reason = " ".join(str(exc).split())[:160] or type(exc).__name__
        raise ExtractError(f"the PDF does not parse: {reason}") from None
    parts: list[str] = []
    spans: list[PageSpan] = []
    offset = 0
    for number, text in enumerate(texts, start=1):
        if parts:
            parts.append("\n\n")
            offset += 2
        spans.append(PageSpan(number, offset, offset + len(text)))
        parts.append(text)
        offset += len(text)
    joined = "".join(parts)
    if not joined.strip():
        raise ExtractError("the PDF has no extractable text (scanned images?)")
    return Extracted(joined, tuple(spans), title)


_SKIP = frozenset({"script", "style", "noscript", "nav", "header", "footer", "aside", "form", "svg", "template", "head"})
_BLOCK = frozenset(
    {"p", "div", "section", "article", "main", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6",
     "table", "tr", "blockquote", "pre", "figcaption", "caption", "dd", "dt", "hr"}
)
_VOID = frozenset({"br", "hr", "img", "meta", "link", "input", "area", "base", "col", "embed", "source", "wbr"})


class _MainText(HTMLParser):
    """The visible text of a page, blocks on their own lines, table cells joined by " | "."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.skip = 0
        self.out: list[str] = []
        self.main: list[str] | None = None
        self.main_depth = 0
        self.depth = 0
        self.title: list[str] = []
        self.in_title = False
        self.cells = 0

    def _emit(self, text: str) -> None:
        self.out.append(text)
        if self.main_depth:
            assert self.main is not None
            self.main.append(text)

    def handle_starttag(self, tag: str, attrs) -> None:  # noqa: ANN001
        if tag == "title":
            self.in_title = True
        if tag in _VOID:
            if tag in _BLOCK:
                self._emit("\n")
            return
        self.depth += 1
        if tag in _SKIP:
            self.skip += 1
        if tag in ("main", "article") and self.main is None and not self.skip:
            self.main = []
            self.main_depth = self.depth
        if tag in _BLOCK:
            self._emit("\n")
            if tag == "tr":
                self.cells = 0
        if tag in ("td", "th"):
            if self.cells:
                self._emit(" | ")
            self.cells += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        if tag in _VOID:
            return
        if tag in _SKIP and self.skip:
            self.skip -= 1
        if tag in _BLOCK and tag != "tr":  # rows of a table stay on consecutive lines
            self._emit("\n")
        if self.main_depth and self.depth == self.main_depth and tag in ("main", "article"):
            self.main_depth = 0
        self.depth = max(self.depth - 1, 0)

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title.append(data)
            return
        if not self.skip:
            self._emit(data.replace("\n", " "))


def html_text(markup: str) -> Extracted:
    """The main text of an HTML page: ``<main>``/``<article>`` when there is one, else the body."""
    parser = _MainText()
    try:
        parser.feed(markup)
        parser.close()
    except Exception as exc:  # html.parser is lenient; this is for the unforeseen
        raise ExtractError(f"the page does not parse: {type(exc).__name__}") from None
    chosen = parser.main if parser.main and "".join(parser.main).strip() else parser.out
    text = normalise("".join(chosen))
    if not text:
        raise ExtractError("the page has no text")
    title = normalise(" ".join(parser.title))[:300] or None
    return Extracted(text, (), title)


def decoded(data: bytes, *, lenient: bool = False) -> str:
    """Text bytes as a string, by the rule report files follow too (``textbytes``): UTF-8, never
    binary data. ``lenient`` (a fetched page) replaces bytes that are not UTF-8 instead."""
    from claimdesk.textbytes import NotText, utf8_text

    try:
        return utf8_text(data, "a PDF or UTF-8 text", lenient=lenient)
    except NotText as exc:
        raise ExtractError(str(exc)) from None


def plain_text(data: bytes, *, lenient: bool = False) -> Extracted:
    """A .txt or .md file; the first Markdown heading, if any, is its title."""
    text = normalise(decoded(data, lenient=lenient))
    if not text:
        raise ExtractError("the file is empty")
    title = None
    first = text.split("\n", 1)[0]
    if first.startswith("#"):
        title = first.lstrip("#").strip()[:300] or None
    return Extracted(text, (), title)


def bytes_text(data: bytes, *, content_type: str = "", name: str = "", lenient: bool = False) -> Extracted:
    """Dispatch on the content type or file name; PDFs are recognised by their header too.

    Anything else must be UTF-8 text (``decoded``); ``lenient`` is for pages fetched from the web.
    """
    lowered = (content_type or "").lower()
    suffix = name.lower().rsplit(".", 1)[-1] if "." in name else ""
    if "pdf" in lowered or suffix == "pdf" or data.lstrip()[:5] == b"%PDF-":
        return pdf_text(data)
    if "html" in lowered or suffix in ("html", "htm"):
        return html_text(decoded(data, lenient=lenient))
    if lowered.startswith("text/") or suffix in ("txt", "md", "markdown", "text") or not lowered:
        return plain_text(data, lenient=lenient)
    raise ExtractError(f"unsupported content type {lowered.split(';')[0][:60]}")
