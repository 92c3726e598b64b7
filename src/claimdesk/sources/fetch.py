"""Fetch the text of every reference of some reports: arXiv, Crossref, and web pages.

* arXiv ids: title and abstract from the arXiv API (Atom, many ids per query), then
  the full text from the PDF. When only the PDF fails the abstract is kept.
* DOIs: Crossref ``works/DOI``: title, and the abstract when Crossref has one.
* Other http(s) URLs from the report's own reference list: the page's main text.

Requests to arXiv are spaced by the settings' delay. Each source that fails is recorded
with a one-line reason and the rest go on; text held before is never replaced by a failure.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

from claimdesk.model import Reference, ReferenceKind, Report
from claimdesk.sources.extract import ExtractError, bytes_text, normalise, pdf_text
from claimdesk.sources.http import Fetcher, FetchError, FetchSettings, Throttle, is_web_url
from claimdesk.sources.model import Depth, SourceDoc, reference_ident, source_key
from claimdesk.sources.storage import SourceStore

ProgressCallback = Callable[[int, int, str], None]  # (done, total, what was just done)

HELD, ABSTRACT, FAILED = "held", "abstract only", "failed"


@dataclass(frozen=True, slots=True)
class FetchOutcome:
    """What happened to one source: held (full text), abstract only, or failed with a reason."""

    ident: str
    kind: ReferenceKind
    outcome: str  # HELD, ABSTRACT or FAILED: what is held once the fetch is over
    reason: str | None = None
    cited_by: tuple[tuple[str, int], ...] = ()  # (report id, reference number)
    kept: bool = False  # the fetch failed, the text held before (or the bundled sample) stays


@dataclass(frozen=True, slots=True)
class FetchSummary:
    outcomes: tuple[FetchOutcome, ...] = ()
    skipped: int = 0  # already held, not fetched again

    def count(self, outcome: str) -> int:
        return sum(1 for item in self.outcomes if item.outcome == outcome)

    @property
    def failed(self) -> tuple[FetchOutcome, ...]:
        """The sources without text after the fetch (a failure where text was held is not one)."""
        return tuple(item for item in self.outcomes if item.outcome == FAILED)

    @property
    def kept(self) -> tuple[FetchOutcome, ...]:
        """The sources whose fetch failed while the text held before stays in use."""
        return tuple(item for item in self.outcomes if item.kept)


@dataclass
class _Job:
    reference: Reference
    cited_by: list[tuple[str, int]] = field(default_factory=list)


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def plan(reports: Sequence[Report], store: SourceStore, *, refresh: bool) -> tuple[list[_Job], int]:
    """The distinct references to fetch, and how many were skipped as already held."""
    jobs: dict[str, _Job] = {}
    for report in reports:
        for number, reference in enumerate(report.references, start=1):
            key = source_key(reference)
            jobs.setdefault(key, _Job(reference)).cited_by.append((report.id, number))
    todo = [job for job in jobs.values() if refresh or not store.is_held(job.reference)]
    return todo, len(jobs) - len(todo)


def fetch_sources(
    db_path: Path | str,
    reports: Sequence[Report],
    *,
    refresh: bool = False,
    settings: FetchSettings | None = None,
    progress: ProgressCallback | None = None,
    fetcher: Fetcher | None = None,
) -> FetchSummary:
    """Fetch and keep the sources of ``reports``; returns what happened to each one."""
    settings = settings or FetchSettings.from_env()
    store = SourceStore(db_path)
    jobs, skipped = plan(reports, store, refresh=refresh)
    run = _Run(store, settings, progress, len(jobs))
    if progress is not None:
        progress(0, len(jobs), "")  # the total is known before the first (slow, throttled) request
    own = fetcher is None
    client = fetcher or Fetcher(settings)
    try:
        arxiv = [job for job in jobs if job.reference.kind is ReferenceKind.ARXIV and job.reference.id]
        run.arxiv(client, arxiv)
        for job in jobs:
            if job.reference.kind is ReferenceKind.ARXIV and job.reference.id:
                continue
            if job.reference.kind is ReferenceKind.DOI and job.reference.id:
                run.crossref(client, job)
            else:
                run.page(client, job)
    finally:
        if own:
            client.__exit__(None, None, None)
    return FetchSummary(tuple(run.outcomes), skipped)


class _Run:
    def __init__(self, store: SourceStore, settings: FetchSettings, progress: ProgressCallback | None, total: int):
        self.store = store
        self.settings = settings
        self.progress = progress
        self.total = total
        self.outcomes: list[FetchOutcome] = []
        self.arxiv_throttle = Throttle(settings.arxiv_delay)

    def _done(self, job: _Job, outcome: str, reason: str | None = None, *, origin: str | None = None,
              title: str | None = None) -> None:
        kept = False
        if outcome == FAILED and not self.store.put_failure(job.reference, reason or "failed", origin=origin,
                                                            title=title):
            # text is held (fetched or added before, or the bundled sample): the source is not lost
            held = self.store.document(job.reference)
            if held is not None:
                outcome = HELD if held.depth is Depth.FULL_TEXT else ABSTRACT
                reason, kept = f"the text held before is kept; the fetch failed: {reason or 'failed'}", True
        ident = reference_ident(job.reference)
        self.outcomes.append(FetchOutcome(ident, job.reference.kind, outcome, reason, tuple(job.cited_by), kept))
        if self.progress is not None:
            self.progress(len(self.outcomes), self.total, ident)

    def _keep(self, job: _Job, text: str, depth: Depth, origin: str, title: str | None, pages=()) -> str:
        """Store the text (unless a deeper one is held); a note for the summary when it was not stored."""
        doc = SourceDoc(job.reference.kind, reference_ident(job.reference), title, text, depth, origin,
                        tuple(pages), _now())
        if self.store.put(job.reference, doc, keep_deeper=True):
            return ""
        return "; the fuller text held before is kept"

    # --- arXiv

    def arxiv(self, client: Fetcher, jobs: list[_Job]) -> None:
        size = max(self.settings.arxiv_batch, 1)
        for start in range(0, len(jobs), size):
            batch = jobs[start : start + size]
            ids = [job.reference.id or "" for job in batch]
            try:
                self.arxiv_throttle.wait()
                response = client.get(
                    self.settings.arxiv_api,
                    accept="application/atom+xml",
                    params={"id_list": ",".join(ids), "max_results": str(len(ids))},
                )
                entries = parse_atom(response.body)
                api_error = None
            except FetchError as exc:
                entries, api_error = {}, f"arXiv API: {exc}"
            for job in batch:
                self._arxiv_one(client, job, entries, api_error)

    def _arxiv_one(self, client: Fetcher, job: _Job, entries: dict[str, tuple[str, str]], api_error: str | None) -> None:
        ident = job.reference.id or ""
        title, abstract = entries.get(ident) or entries.get(_unversioned(ident)) or (None, "")
        url = self.settings.arxiv_pdf + ident
        try:
            self.arxiv_throttle.wait()
            response = client.get(url, accept="application/pdf")
            extracted = pdf_text(response.body)
        except (FetchError, ExtractError) as exc:
            if abstract:
                note = self._keep(job, abstract, Depth.ABSTRACT, self.settings.arxiv_api, title)
                self._done(job, ABSTRACT, f"PDF: {exc}{note}")
            else:
                reason = api_error or ("" if title else "arXiv has no entry for this id")
                self._done(job, FAILED, "; ".join(filter(None, [reason, f"PDF: {exc}"])), origin=url, title=title)
            return
        self._keep(job, extracted.text, Depth.FULL_TEXT, response.url, title or extracted.title, extracted.pages)
        self._done(job, HELD)

    # --- Crossref

    def crossref(self, client: Fetcher, job: _Job) -> None:
        import orjson

        url = self.settings.crossref_api + quote(job.reference.id or "", safe="/:;()._-")
        try:
            response = client.get(url, accept="application/json")
            message = orjson.loads(response.body)["message"]
            titles = message.get("title") or []
            title = normalise(str(titles[0])) if titles else None
            abstract = normalise(_strip_tags(str(message.get("abstract") or "")))
        except FetchError as exc:
            self._done(job, FAILED, f"Crossref: {exc}", origin=url)
            return
        except (ValueError, KeyError, TypeError, IndexError, AttributeError):
            self._done(job, FAILED, "Crossref answered with something that is not a works record", origin=url)
            return
        if abstract:
            note = self._keep(job, abstract, Depth.ABSTRACT, url, title)
            self._done(job, ABSTRACT, note[2:] or None)
        else:
            note = self._keep(job, title or "", Depth.NONE, url, title)
            self._done(job, ABSTRACT, f"Crossref has the title only, no abstract{note}")

    # --- web pages

    def page(self, client: Fetcher, job: _Job) -> None:
        url = job.reference.url
        if not is_web_url(url):
            self._done(job, FAILED, "not an http(s) URL; only http and https references are fetched")
            return
        try:
            response = client.get(url, accept="text/html,application/pdf,text/plain;q=0.8")
            extracted = bytes_text(response.body, content_type=response.content_type, name=urlpath(response.url),
                                   lenient=True)
        except (FetchError, ExtractError) as exc:
            self._done(job, FAILED, str(exc), origin=url)
            return
        self._keep(job, extracted.text, Depth.FULL_TEXT, response.url, extracted.title, extracted.pages)
        self._done(job, HELD)


def urlpath(url: str) -> str:
    return url.split("?", 1)[0].rsplit("/", 1)[-1]


_TAG = re.compile(r"<[^>]{0,400}>")


def _strip_tags(text: str) -> str:
    """Crossref abstracts are JATS XML fragments; keep their words."""
    import html

    return html.unescape(_TAG.sub(" ", text))


_ATOM = "{http://www.w3.org/2005/Atom}"


def _unversioned(ident: str) -> str:
    return re.sub(r"v\d+$", "", ident)


def parse_atom(body: bytes) -> dict[str, tuple[str, str]]:
    """arXiv id (with and without version) -> (title, abstract). FetchError on malformed XML."""
    from defusedxml import ElementTree

    try:
        root = ElementTree.fromstring(body)
    except Exception:  # ParseError, or defusedxml refusing entities/DTDs
        raise FetchError("arXiv API answered with malformed XML") from None
    found: dict[str, tuple[str, str]] = {}
    for entry in root.iter(f"{_ATOM}entry"):
        raw_id = (entry.findtext(f"{_ATOM}id") or "").strip()
        ident = raw_id.split("/abs/", 1)[-1].strip("/")
        title = normalise(entry.findtext(f"{_ATOM}title") or "")
        summary = normalise(" ".join((entry.findtext(f"{_ATOM}summary") or "").split()))
        if not ident or title.casefold() == "error":
            continue
        found[ident] = (title, summary)
        found.setdefault(_unversioned(ident), (title, summary))
    return found
