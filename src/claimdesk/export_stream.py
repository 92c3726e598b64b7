"""Exports written a report at a time, in the order asked for, holding one review file.

JSON comes out exactly as ``orjson.dumps(document, option=OPT_INDENT_2)``
would write the whole document, passed through ``inert_json``: each item is
dumped on its own and its lines indented to where it sits (a JSON string never
holds a raw line break, so indenting cannot touch its data).

Reports are worked out in the order the store reads them best, one review
file at a time (``ReviewStore.in_review_file_order``), into a temp file, and
read back in the order asked for: an export of 100,000 reports holds one
review file and one report's text, not every review file parsed.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any

import orjson

from claimdesk.sanitize import inert_json


def item_text(item: Any, depth: int) -> str:
    """``item`` as JSON, indented as it sits at ``depth`` in an indented document, made inert."""
    pad = "  " * depth
    return inert_json(pad + orjson.dumps(item, option=orjson.OPT_INDENT_2).decode().replace("\n", "\n" + pad))


def json_list(texts: Iterable[str], depth: int) -> Iterator[str]:
    """A JSON array of items already written at ``depth + 1`` (an empty text is no item); its
    opening bracket sits at ``depth``, where the caller has put it."""
    first = True
    for text in texts:
        if text:
            yield ("[\n" if first else ",\n") + text
            first = False
    yield "[]" if first else "\n" + "  " * depth + "]"


def json_document(head: Mapping[str, Any], key: str, texts: Iterable[str]) -> Iterator[str]:
    """``{**head, key: [items]}`` and a line break; ``texts``: the items, written at depth 2."""
    name = inert_json(orjson.dumps(key).decode())
    if head:
        text = orjson.dumps(dict(head), option=orjson.OPT_INDENT_2).decode()
        yield inert_json(text[: -len("\n}")]) + ",\n  " + name + ": "
    else:
        yield "{\n  " + name + ": "
    yield from json_list(texts, depth=1)
    yield "\n}\n"


def in_order(ids: Sequence[str], groups: Iterable[Sequence[str]], render: Callable[[str], str]) -> Iterator[str]:
    """``render(id)`` for every id, in the order of ``ids``.

    ``groups`` gives the same ids in the order to work them out in; each text
    goes to a temp file as it is made, and is read back when its turn comes.
    """
    if len(ids) <= 1:
        yield from (render(rid) for rid in ids)
        return
    where: dict[str, tuple[int, int]] = {}
    with tempfile.TemporaryFile() as spool:
        offset = 0
        for group in groups:
            for rid in group:
                data = render(rid).encode("utf-8")
                spool.write(data)
                where[rid] = (offset, len(data))
                offset += len(data)
        for rid in ids:
            start, size = where[rid]
            spool.seek(start)
            yield spool.read(size).decode("utf-8")
