"""Exports and library walks over many reports: the same bytes as the whole-document rendering,
reports in id order, and one review file held at a time whatever the library's size."""

from __future__ import annotations

import csv
import dataclasses
import io
from pathlib import Path

import orjson
import pytest
from conftest import seed_folder

import claimdesk.export as export
import claimdesk.export_markdown as export_markdown
from claimdesk.export_stream import in_order, item_text, json_document, json_list
from claimdesk.pace import library_pace, pace_of
from claimdesk.sanitize import inert_json
from claimdesk.store import MarkRequest, ReviewStore

HOSTILE = 'x\u202e</script>\x1b[31m"quoted"\u200d\\ back\nline'


@pytest.fixture
def store(db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> ReviewStore:
    """40 reports spread over many review files, marked by three reviewers, some notes hostile."""
    monkeypatch.setattr(export, "generated_at", lambda: "2026-01-01T00:00:00Z")
    monkeypatch.setattr(export_markdown, "generated_at", lambda: "2026-01-01T00:00:00Z")
    s = ReviewStore(db_path)
    s.import_paths([seed_folder(tmp_path)])
    template = s.report("001_c07bb58f8e3503ce")  # a report with a claim table
    s.add_reports(
        [dataclasses.replace(template, id=f"r{i:03d}", title=f"{template.title} {HOSTILE if i % 7 == 0 else i}")
         for i in range(40)],
        run_checks=False,
    )  # fmt: skip
    verdicts = ("confirmed", "disputed", "unsupported", "needs-check")
    requests = [
        MarkRequest(f"r{i:03d}", 1 + (i + n) % 3, verdicts[(i * n) % 4], HOSTILE if i % 5 == 0 else "", reviewer=who,
                    seconds=7.5 + i + n / 3)
        for i in range(0, 40, 2)
        for n, who in enumerate(("ann", "bob", "cy"))
    ]
    s.add_marks(requests)
    s.add_triage("r004", "quarantine", HOSTILE, reviewer="ann")
    return s


def test_the_json_export_is_the_whole_document_written_a_report_at_a_time(store: ReviewStore) -> None:
    whole = inert_json(orjson.dumps(export.export_json(store), option=orjson.OPT_INDENT_2).decode()) + "\n"
    assert export.render(store, "json") == whole
    reviews = export.export_claimreview(store)
    assert len(reviews) > 20
    assert export.render(store, "claimreview") == inert_json(orjson.dumps(reviews, option=orjson.OPT_INDENT_2).decode()) + "\n"
    for fmt in ("json", "claimreview"):
        assert export.render(store, fmt, []) == export.render(store, fmt, [])  # an empty selection: a valid document
        orjson.loads(export.render(store, fmt, []))


def test_reports_come_out_in_the_order_asked_for(store: ReviewStore) -> None:
    asked = ["r030", "r002", "r010", "r002"]
    data = orjson.loads(export.render(store, "json", asked))
    assert [r["id"] for r in data["reports"]] == asked
    rows = list(csv.reader(io.StringIO(export.render(store, "csv", asked))))[1:]
    firsts = list(dict.fromkeys(row[0] for row in rows))
    assert firsts == ["r030", "r002", "r010"]
    assert [r["id"] for r in orjson.loads(export.render(store, "json"))["reports"]] == sorted(
        r["id"] for r in orjson.loads(export.render(store, "json"))["reports"]
    )


@pytest.mark.parametrize("fmt", ["json", "csv", "markdown", "claimreview"])
def test_an_export_holds_one_review_file_at_a_time(store: ReviewStore, monkeypatch: pytest.MonkeyPatch, fmt: str) -> None:
    fresh = ReviewStore(store.root)
    held: list[int] = []
    real = type(fresh).reviews

    def watched(self: ReviewStore, rid: str):  # every format reads each report's reviews
        held.append(len(self._reviews._cache))
        return real(self, rid)

    monkeypatch.setattr(type(fresh), "reviews", watched)
    text = export.render(fresh, fmt)
    assert held and max(held) <= 1, held  # before: every review file stayed parsed as the walk went on
    assert text == export.render(ReviewStore(store.root), fmt)


def test_listing_the_reviewed_reports_keeps_no_review_file(store: ReviewStore) -> None:
    fresh = ReviewStore(store.root)
    assert len(fresh.reviewed_ids()) == 20
    assert not fresh._reviews._cache


def test_the_library_pace_is_that_of_every_mark_taken_in_report_order(store: ReviewStore) -> None:
    plain = pace_of(mark for rid in store.reviewed_ids() for mark in store.marks(rid))
    fresh = ReviewStore(store.root)
    assert library_pace(fresh) == plain
    assert not fresh._reviews._cache


def test_in_order_reads_back_what_each_group_made() -> None:
    made: list[str] = []

    def render(rid: str) -> str:
        made.append(rid)
        return f"<{rid}>" * (len(rid) % 3)  # some texts empty

    ids = ["b", "aa", "ccc", "aa"]
    assert list(in_order(ids, [["ccc", "aa"], ["b"]], render)) == ["<b>", "<aa><aa>", "", "<aa><aa>"]
    assert made == ["ccc", "aa", "b"]  # worked out in the groups' order, once each


def test_json_pieces_match_orjson_for_awkward_values() -> None:
    items = [{}, [], {"a": [1, {"b": HOSTILE}], "c": {}}, "s", None, 1.5, [[], [[]]]]
    for head in ({"schema": "x", "generated_at": "t"}, {}):
        want = inert_json(orjson.dumps({**head, "reports": items}, option=orjson.OPT_INDENT_2).decode()) + "\n"
        assert "".join(json_document(head, "reports", (item_text(i, 2) for i in items))) == want
        assert "".join(json_document(head, "reports", [])) == inert_json(
            orjson.dumps({**head, "reports": []}, option=orjson.OPT_INDENT_2).decode()) + "\n"
    assert "".join(json_list((item_text(i, 1) for i in items), 0)) == inert_json(
        orjson.dumps(items, option=orjson.OPT_INDENT_2).decode())


@pytest.mark.parametrize("to_file", [False, True])
def test_an_export_that_fails_part_way_prints_and_leaves_nothing(
    store: ReviewStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, to_file: bool
) -> None:
    """Written a report at a time, an export is still whole or not at all: a report that turns
    out damaged half way gives one line and a non-zero status, with nothing on stdout and no file."""
    from click.testing import CliRunner

    from claimdesk.cli import cli
    from claimdesk.errors import DatabaseCorrupt

    real = export._csv_rows
    seen: list[str] = []

    def damaged_third(store_: ReviewStore, rid: str, viewer: str | None) -> str:
        seen.append(rid)
        if len(seen) == 3:
            raise DatabaseCorrupt(f"{rid}'s snapshot is damaged (on purpose); it was left untouched.")
        return real(store_, rid, viewer)

    monkeypatch.setattr(export, "_csv_rows", damaged_third)
    target = tmp_path / "out.csv"
    args = ["export", "--format", "csv", "--db", str(store.root)] + (["-o", str(target)] if to_file else [])
    result = CliRunner().invoke(cli, args)
    assert result.exit_code != 0 and "damaged" in result.output
    assert "report_id,report_title" not in result.output  # not one row went out
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert not target.exists() and not list(tmp_path.glob(".out.csv.*"))


def test_the_reviewed_reports_are_listed_again_once_any_review_file_changes(store: ReviewStore) -> None:
    first = ReviewStore(store.root)
    before = first.reviewed_ids()
    assert first.reviewed_ids() == before  # remembered while no review file changed
    ReviewStore(store.root).add_mark("r001", 1, "confirmed", reviewer="dee")  # another process's write
    assert first.reviewed_ids() == sorted([*before, "r001"])


def _export(store: ReviewStore, *args: str):
    from click.testing import CliRunner

    from claimdesk.cli import cli

    return CliRunner().invoke(cli, ["export", "--db", str(store.root), *args])


def test_an_export_to_a_link_replaces_what_it_points_at_and_keeps_the_link(store: ReviewStore, tmp_path: Path) -> None:
    target = tmp_path / "kept" / "target.json"
    target.parent.mkdir()
    target.write_text("old")
    link = tmp_path / "link.json"
    link.symlink_to(target)
    result = _export(store, "-o", str(link))
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and link.resolve() == target
    assert orjson.loads(target.read_bytes())["schema"] == "claimdesk/export-v1"
    assert not list(tmp_path.rglob(".*.tmp"))


def test_an_export_into_a_fifo_writes_into_it(store: ReviewStore, tmp_path: Path) -> None:
    import os
    import threading

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()), daemon=True)
    reader.start()
    result = _export(store, "--format", "csv", "-o", str(fifo))
    reader.join(timeout=5)  # a daemon: if the FIFO was replaced, nothing ever writes to it
    assert result.exit_code == 0, result.output
    assert got and got[0].startswith(b"report_id,report_title")
    assert fifo.is_fifo()


def test_an_export_is_never_written_into_the_database(store: ReviewStore) -> None:
    before = (store.root / "claimdesk.json").read_bytes()
    for inside in (store.root / "claimdesk.json", store.root / "new.csv", store.root / "reviews" / "x.json"):
        result = _export(store, "--format", "csv", "-o", str(inside))
        assert result.exit_code == 2 and "inside the review database" in result.output
    assert (store.root / "claimdesk.json").read_bytes() == before
    assert not (store.root / "new.csv").exists()


def test_an_export_to_dash_goes_to_standard_output(store: ReviewStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = _export(store, "--format", "csv", "-o", "-")
    assert result.exit_code == 0 and result.stdout.startswith("report_id,report_title")
    assert not (tmp_path / "-").exists()


@pytest.mark.skipif(not Path("/dev/full").is_char_device(), reason="needs /dev/full")
def test_an_export_to_a_full_device_says_so_in_one_line(store: ReviewStore) -> None:
    result = _export(store, "-o", "/dev/full")
    assert result.exit_code != 0 and "could not write /dev/full" in result.output
    assert Path("/dev/full").is_char_device()
