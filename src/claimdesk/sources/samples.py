"""Source texts bundled for the sample reports, read when the database holds none.

``sample_sources/index.json`` maps a reference ("arxiv:ID", "doi:DOI" or the URL) to a
text file and a title. The texts were written for claimdesk to show the evidence
feature offline; they are not the papers themselves, and say so in their first line.
"""

from __future__ import annotations

from functools import lru_cache

import orjson

from claimdesk.model import Reference
from claimdesk.sources.extract import plain_text
from claimdesk.sources.model import Depth, SourceDoc, reference_ident


@lru_cache(maxsize=1)
def _index() -> dict[str, dict[str, str]]:
    from claimdesk.resources import sample_sources_dir

    try:
        folder = sample_sources_dir()
        data = orjson.loads((folder / "index.json").read_bytes())
    except (FileNotFoundError, OSError, orjson.JSONDecodeError):
        return {}
    return {str(key).casefold(): value for key, value in data.items() if isinstance(value, dict)}


def _lookup_key(reference: Reference) -> str:
    ident = reference_ident(reference)
    return (ident if reference.kind.value == "url" else f"{reference.kind.value}:{ident}").casefold()


@lru_cache(maxsize=64)
def _load(name: str, title: str | None) -> tuple[str, str | None] | None:
    from claimdesk.resources import sample_sources_dir

    path = sample_sources_dir() / name
    try:
        extracted = plain_text(path.read_bytes())
    except Exception:  # a damaged bundle must not take the evidence down
        return None
    return extracted.text, title or extracted.title


def bundled_document(reference: Reference) -> SourceDoc | None:
    entry = _index().get(_lookup_key(reference))
    if entry is None or "/" in entry.get("file", "/") or "\\" in entry.get("file", ""):
        return None
    loaded = _load(entry["file"], entry.get("title"))
    if loaded is None:
        return None
    text, title = loaded
    return SourceDoc(reference.kind, reference_ident(reference), title, text, Depth.FULL_TEXT,
                     f"bundled sample: {entry['file']}")
