"""Sources: the text of the papers and pages a report cites, fetched or added, kept in the database.

Textual-free and network-free at import: the HTTP client is loaded only by ``fetch_sources``.

* ``SourceStore(db_path)``: what is held (``states(report)``, ``document(reference)``).
* ``fetch_sources(db_path, reports, refresh=False, progress=callback)``: fetch and keep.
* ``add_source(db_path, report, ref, file)``: attach a local copy of one reference.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from claimdesk.sources.extract import ExtractError, Extracted, bytes_text
from claimdesk.sources.model import (
    Depth,
    PageSpan,
    SourceCounts,
    SourceDoc,
    SourceState,
    Status,
    reference_ident,
    source_key,
)
from claimdesk.sources.storage import SourceStore

if TYPE_CHECKING:
    from claimdesk.model import Report
    from claimdesk.sources.fetch import FetchSummary, ProgressCallback

__all__ = [
    "Depth",
    "ExtractError",
    "Extracted",
    "PageSpan",
    "SourceCounts",
    "SourceDoc",
    "SourceState",
    "SourceStore",
    "Status",
    "add_source",
    "fetch_sources",
    "reference_ident",
    "source_key",
]

ADD_SUFFIXES = (".pdf", ".txt", ".md", ".html", ".htm")
MAX_ADD_BYTES = 100 * 1024 * 1024


def fetch_sources(db_path: Path | str, reports, *, refresh: bool = False,
                  progress: "ProgressCallback | None" = None, settings=None) -> "FetchSummary":
    """Fetch the sources of ``reports`` into the database at ``db_path`` (see sources.fetch)."""
    from claimdesk.sources.fetch import fetch_sources as run

    return run(db_path, reports, refresh=refresh, progress=progress, settings=settings)


def add_source(db_path: Path | str, report: "Report", ref: int, file: Path) -> SourceState:
    """Keep ``file`` as the text of reference number ``ref`` of ``report``.

    Raises ``ExtractError`` (one line) when the file gives no text and ``IndexError``
    when the report has no reference ``ref``; nothing held is changed then.
    """
    from datetime import UTC, datetime

    if not 1 <= ref <= len(report.references):
        raise IndexError(f"the report has {len(report.references)} references; there is no reference {ref}")
    suffix = file.suffix.lower()
    if suffix not in ADD_SUFFIXES:
        raise ExtractError(f"unsupported file type {suffix or '(none)'}; give a .pdf, .txt, .md or .html file")
    try:
        size = file.stat().st_size
        if size > MAX_ADD_BYTES:
            raise ExtractError(f"larger than the {MAX_ADD_BYTES // (1024 * 1024)} MB cap")
        data = file.read_bytes()
    except OSError as exc:
        raise ExtractError(f"cannot read the file: {exc.strerror or exc}") from None
    extracted = bytes_text(data, name=file.name, content_type="text/plain" if suffix in (".txt", ".md") else "")
    reference = report.references[ref - 1]
    doc = SourceDoc(reference.kind, reference_ident(reference), extracted.title, extracted.text, Depth.FULL_TEXT,
                    f"file: {file.resolve()}", extracted.pages,
                    datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"))
    store = SourceStore(db_path)
    store.put(reference, doc)
    return store.state(ref, reference)
