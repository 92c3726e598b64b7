"""Whatever bytes arrive, the parser answers with a sound Report or a ParseError."""

from __future__ import annotations

import random

import jsonschema
import orjson
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimdesk.errors import ParseError
from claimdesk.parsing import parse_bytes
from claimdesk.sanitize import has_control

from conftest import SEEDS, load_schema

SEED_TEXTS = [path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))]
SCHEMA = load_schema("report")
FUZZ = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])

NASTY = st.lists(
    st.sampled_from(
        list("|\t\n\r ✓×:.,/-#?0123456789Lv") + ["\x1b", "\x07", "\x9b", "\x9d", "\x00", "\ufeff", "[bold]",
        "Abstract", "3 Results", "References", "Quality Tier", "| Tier | Watchlist |", "http://arxiv.org/abs/",
        "https://doi.org/", "/10", "papers", "claims extracted", "verified", "\x1b]52;c;", "{", "}"]
    ),
    max_size=20,
).map("".join)


def assert_sound(data: bytes) -> None:
    """Only ParseError may escape; a returned report meets the contract and round-trips."""
    try:
        report = parse_bytes(data, "fuzz.txt")
    except ParseError as exc:
        assert exc.reason and "\n" not in exc.reason
        return
    as_dict = report.to_dict()
    jsonschema.validate(as_dict, SCHEMA)
    encoded = orjson.dumps(as_dict)
    assert not has_control(encoded.decode("utf-8").replace("\\n", "").replace("\\t", ""))
    assert parse_bytes(encoded, "fuzz.json") == report


@FUZZ
@given(st.binary(max_size=3000))
def test_random_bytes(data: bytes) -> None:
    assert_sound(data)


@st.composite
def mutated_seed(draw: st.DrawFn) -> bytes:
    text = draw(st.sampled_from(SEED_TEXTS))
    rng = random.Random(draw(st.integers(0, 2**32)))
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(["delete", "duplicate", "insert", "shuffle", "crlf", "truncate"]))
        if not text:
            break
        a, b = sorted(rng.randrange(len(text) + 1) for _ in range(2))
        if kind == "delete":
            text = text[:a] + text[b:]
        elif kind == "duplicate":
            text = text[:b] + text[a:b] + text[b:]
        elif kind == "insert":
            text = text[:a] + draw(NASTY) + text[a:]
        elif kind == "shuffle":
            lines = text.split("\n")
            rng.shuffle(lines)
            text = "\n".join(lines)
        elif kind == "crlf":
            text = "\ufeff" + text.replace("\n", "\r\n")
        else:
            text = text[:b]
    data = text.encode("utf-8")
    if draw(st.booleans()):
        cut = draw(st.integers(0, len(data)))
        data = data[:cut]
    return data


@FUZZ
@given(mutated_seed())
def test_mutated_seeds(data: bytes) -> None:
    assert_sound(data)


@st.composite
def mutated_json(draw: st.DrawFn) -> bytes:
    report = parse_bytes(draw(st.sampled_from(SEED_TEXTS)).encode(), "seed.txt").to_dict()
    path = draw(st.sampled_from(["title", "stats", "claims", "gate", "quality_tier", "provenance", "references", "id"]))
    report[path] = draw(
        st.recursive(
            st.none() | st.booleans() | st.integers(-5, 20) | st.floats(allow_nan=False) | st.text(max_size=8),
            lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
            max_leaves=6,
        )
    )
    return orjson.dumps(report)


@settings(max_examples=40, deadline=None)
@given(mutated_json())
def test_mutated_report_json(data: bytes) -> None:
    assert_sound(data)
