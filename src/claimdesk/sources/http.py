"""Careful HTTP GETs: redirects capped and kept to http(s), bodies capped in size, one-line errors.

The only module that imports httpx, so the rest of the core (and the checks) load without it.
"""

from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import httpx

from claimdesk import __version__


class FetchError(Exception):
    """One line saying why a source could not be fetched."""


@dataclass(frozen=True, slots=True)
class FetchSettings:
    """Where sources are fetched from and how politely. Environment variables override the defaults."""

    arxiv_api: str = "https://export.arxiv.org/api/query"
    arxiv_pdf: str = "https://arxiv.org/pdf/"
    crossref_api: str = "https://api.crossref.org/works/"
    arxiv_delay: float = 3.0  # arXiv's published limit: one request every three seconds
    timeout: float = 30.0
    max_bytes: int = 40 * 1024 * 1024
    max_redirects: int = 5
    arxiv_batch: int = 50  # ids per API query

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> "FetchSettings":
        env = dict(os.environ if env is None else env)
        base = cls()

        def number(name: str, default: float) -> float:
            try:
                return float(env[name])
            except (KeyError, ValueError):
                return default

        return cls(
            arxiv_api=env.get("CLAIMDESK_ARXIV_API") or base.arxiv_api,
            arxiv_pdf=env.get("CLAIMDESK_ARXIV_PDF") or base.arxiv_pdf,
            crossref_api=env.get("CLAIMDESK_CROSSREF_API") or base.crossref_api,
            arxiv_delay=max(number("CLAIMDESK_ARXIV_DELAY", base.arxiv_delay), 0.0),
            timeout=max(number("CLAIMDESK_FETCH_TIMEOUT", base.timeout), 0.1),
            max_bytes=int(max(number("CLAIMDESK_FETCH_MAX_BYTES", base.max_bytes), 1024)),
        )


@dataclass(frozen=True, slots=True)
class Response:
    url: str  # after redirects
    content_type: str
    body: bytes


@dataclass
class Throttle:
    """At least ``delay`` seconds between the starts of two requests."""

    delay: float
    _last: float = field(default=-1e9)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def wait(self) -> None:
        with self._lock:
            pause = self._last + self.delay - time.monotonic()
            if pause > 0:
                time.sleep(pause)
            self._last = time.monotonic()


def is_web_url(url: str) -> bool:
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)


class Fetcher:
    """GETs with the settings' caps; use as a context manager to close the connection pool."""

    def __init__(self, settings: FetchSettings, *, transport: httpx.BaseTransport | None = None) -> None:
        self.settings = settings
        self._client = httpx.Client(
            follow_redirects=False,
            timeout=settings.timeout,
            headers={"User-Agent": f"claimdesk/{__version__} (literature review desk)"},
            transport=transport,
        )

    def __enter__(self) -> "Fetcher":
        return self

    def __exit__(self, *exc: object) -> None:
        self._client.close()

    def get(self, url: str, *, accept: str = "*/*", params: dict[str, str] | None = None) -> Response:
        """The body at ``url``; FetchError with one line on any failure."""
        if not is_web_url(url):
            raise FetchError("not an http(s) URL")
        for _hop in range(self.settings.max_redirects + 1):
            try:
                with self._client.stream("GET", url, params=params, headers={"Accept": accept}) as response:
                    if response.is_redirect:
                        location = response.headers.get("location", "")
                        target = urljoin(str(response.url), location)
                        if not is_web_url(target):
                            raise FetchError("redirected away from http(s)")
                        url, params = target, None
                        continue
                    if response.status_code >= 400:
                        raise FetchError(f"HTTP {response.status_code} {response.reason_phrase}".strip())
                    body = self._read_capped(response)
                    return Response(str(response.url), response.headers.get("content-type", ""), body)
            except httpx.TimeoutException:
                raise FetchError(f"timed out after {self.settings.timeout:g} s") from None
            except httpx.HTTPError as exc:
                reason = " ".join(str(exc).split())[:120] or type(exc).__name__
                raise FetchError(f"could not connect: {reason}") from None
        raise FetchError(f"more than {self.settings.max_redirects} redirects")

    def _read_capped(self, response: httpx.Response) -> bytes:
        cap = self.settings.max_bytes
        declared = response.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > cap:
            raise FetchError(f"larger than the {_size(cap)} cap")
        chunks: list[bytes] = []
        total = 0
        for chunk in response.iter_bytes():
            total += len(chunk)
            if total > cap:
                raise FetchError(f"larger than the {_size(cap)} cap")
            chunks.append(chunk)
        return b"".join(chunks)


def _size(count: int) -> str:
    if count >= 1024 * 1024:
        return f"{count / (1024 * 1024):g} MB"
    return f"{count / 1024:g} KB"
