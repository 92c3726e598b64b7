"""Hostile names, odd bytes, damaged databases and embedded JSON-LD: one line, never a traceback.

Most tests run the real ``claimdesk`` entry point in a subprocess: what a person
sees is its bytes on stdout and stderr, including the error path in ``main``.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SAMPLES

from claimdesk.sanitize import clean, has_control

PAPER = SAMPLES / "001_c07bb58f8e3503ce.txt"
OTHER_PAPER = SAMPLES / "004_a9b6704b1e66c2ae.txt"
OSC52 = b"\x1b]52;c;cHduZWQ=\x07"  # sets the terminal clipboard
TITLE = b"\x1b]0;owned\x1b\\"  # retitles the window
RAW_C1 = (b"\x9b", b"\x9d", b"\xc2\x9b", b"\xc2\x9d")  # 8-bit CSI/OSC, raw or UTF-8-encoded


def run(*args: str | bytes | os.PathLike, env: dict[str, str] | None = None, cwd: Path | None = None):
    return subprocess.run(
        [sys.executable, "-m", "claimdesk", *args],
        capture_output=True,
        env={**os.environ, **(env or {})},
        cwd=cwd,
        timeout=120,
    )


def assert_inert(output: bytes) -> None:
    """Nothing that steers a terminal: no ESC, BEL, nor an 8-bit CSI/OSC in any form."""
    assert b"\x1b" not in output and b"\x07" not in output
    for sequence in RAW_C1:
        assert sequence not in output, sequence
    assert "\u2028".encode() not in output and "\u200e".encode() not in output


def assert_one_line(done: subprocess.CompletedProcess, code: int | None = None) -> str:
    err = done.stderr.decode("utf-8", "replace")
    assert "Traceback" not in err, err
    assert done.returncode != 0 if code is None else done.returncode == code, (done.returncode, err)
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("claimdesk: "), err
    return lines[0]


def hostile_folder(tmp_path: Path) -> Path:
    """Reports whose file names carry OSC 52, a window title and bytes that are not UTF-8."""
    folder = tmp_path / "in"
    folder.mkdir()
    for name, source in ((b"clip" + OSC52 + b"\x9b31m.txt", PAPER), (b"title" + TITLE + b"\xff\x9d.txt", OTHER_PAPER)):
        shutil.copyfile(source, os.path.join(os.fsencode(folder), name))
    return folder


# --- 2: the sanitiser ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("hostile", "expected"),
    [
        ("a\udc9b31mb", "ab"),  # surrogate-escaped 0x9b: 8-bit CSI from an undecodable name
        ("a\udc9d52;c;eA==\x07b", "ab"),  # surrogate-escaped 0x9d: 8-bit OSC 52
        ("a\x9b2Jb\x9d0;t\x07c", "abc"),  # raw C1 introducers
        ("left\u200eright\u200f\u061cend", "leftrightend"),  # bidi marks
        ("zero\u200bwidth\u200c\u200d\u2060\ufeffid", "zerowidthid"),  # invisible characters
        ("one\u2028line\u2029only", "onelineonly"),  # line and paragraph separators
        ("bad\udcffbyte", "bad\ufffdbyte"),  # another undecodable byte: visible, encodable
    ],
)
def test_clean_removes_c1_from_undecodable_names_invisible_and_separator_characters(hostile, expected):
    # Compared as ascii(): a failure report must itself be printable (no lone surrogates).
    assert ascii(clean(hostile)) == ascii(expected)
    assert not has_control(clean(hostile))
    clean(hostile).encode("utf-8")  # always valid Unicode


def test_json_keeps_the_data_but_writes_what_a_terminal_or_page_acts_on_as_escapes():
    data = {"claim": "x\x9b2J \u2028 \u200d </script><script>alert(1)</script>"}
    import orjson

    from claimdesk.sanitize import inert_json

    text = inert_json(orjson.dumps(data).decode())
    assert "</" not in text and "\x9b" not in text and "\u2028" not in text
    assert json.loads(text) == data


def test_show_of_a_file_with_osc52_in_its_name_keeps_the_terminal_untouched(tmp_path):
    folder = hostile_folder(tmp_path)
    for name in os.listdir(os.fsencode(folder)):
        path = os.path.join(os.fsencode(folder), name)
        done = run("show", path)
        assert done.returncode == 0, done.stderr
        assert b" id clip" in done.stdout or b" id title" in done.stdout
        assert_inert(done.stdout + done.stderr)
        as_json = run("show", "--json", path)
        assert as_json.returncode == 0, as_json.stderr
        assert_inert(as_json.stdout)
        json.loads(as_json.stdout)


def test_check_of_a_folder_names_the_failing_path_without_its_escapes(tmp_path):
    folder = hostile_folder(tmp_path)
    (Path(os.fsdecode(folder)) / "x").mkdir()
    bad = os.path.join(os.fsencode(folder), b"x", b"not-a-report" + OSC52 + b"\x9b2J.txt")
    Path(os.fsdecode(bad)).write_bytes(b"\x00\x01 binary")
    done = run("check", folder)
    line = assert_one_line(done, 2)
    assert "not-a-report" in line and "binary data" in line
    assert_inert(done.stderr)
    checked = run("check", os.path.join(os.fsencode(folder), os.listdir(os.fsencode(folder))[0]))
    assert_inert(checked.stdout + checked.stderr)


def test_import_merge_and_exports_of_hostile_names_stay_inert(tmp_path):
    folder = hostile_folder(tmp_path)
    ours, theirs = tmp_path / "ours", tmp_path / "theirs"
    done = run("import", "--db", ours, folder)
    assert done.returncode == 0, done.stderr
    assert b"2 new" in done.stdout
    # The same names with other content in the other database: a conflict the merge lists.
    changed = tmp_path / "changed"
    shutil.copytree(folder, changed)
    for name in os.listdir(os.fsencode(changed)):
        path = os.path.join(os.fsencode(changed), name)
        with open(path, "ab") as handle:
            handle.write(b"\nA line that makes another version.\n")
    assert run("import", "--db", theirs, changed).returncode == 0
    ids = json.loads(run("show", "--json", os.path.join(os.fsencode(folder), os.listdir(os.fsencode(folder))[0])).stdout)
    assert run("mark", "--db", theirs, "--reviewer", "bob", ids["id"][:4], "1", "disputed", "--note", "see \u2028 here").returncode == 0
    merged = run("merge", "--db", ours, theirs)
    assert merged.returncode == 0, merged.stderr
    assert b"2 in conflict" in merged.stdout
    assert_inert(merged.stdout + merged.stderr)
    for fmt in ("json", "csv", "markdown", "claimreview"):
        exported = run("export", "--db", ours, "--format", fmt)
        assert exported.returncode == 0, exported.stderr
        assert_inert(exported.stdout)
    claimreview = json.loads(run("export", "--db", ours, "--format", "claimreview").stdout)
    for review in claimreview:
        assert not has_control(review["itemReviewed"]["appearance"]["identifier"])
    for command in (("conflicts",), ("conflicts", "--json"), ("stats",), ("stats", "--json")):
        shown = run(*command, "--db", ours)
        assert shown.returncode == 0, shown.stderr
        assert_inert(shown.stdout)


# --- 3: odd bytes -----------------------------------------------------------------------


@pytest.fixture
def db_with_reports(tmp_path):
    db = tmp_path / "db"
    assert run("import", "--db", db, PAPER).returncode == 0
    return db


def _records(db: Path) -> dict[str, str]:
    """Every file of the database with its digest: what 'nothing was written' is checked against."""
    return {
        str(path.relative_to(db)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(db.rglob("*"))
        if path.is_file() and path.name not in ("lock",)
    }


@pytest.mark.parametrize(
    "args",
    [
        ("mark", "001", "1", "disputed", "--note", b"caf\xe9 \x9b2J"),
        ("mark", "001", "1", "disputed", "--reviewer", b"bo\xffb"),
        ("triage", "001", "reject", "--note", b"\xff\xfe"),
        ("correct", "001", "--type", "CLAIM", "--note", "fixed", "--field", b"fi\xffeld"),
        ("correct", "001", "--type", "CLAIM", "--note", b"fixed \xc3"),
    ],
)
def test_a_note_name_or_field_that_is_not_utf8_is_refused_in_one_line(db_with_reports, args):
    before = _records(db_with_reports)
    done = run(*args, "--db", db_with_reports)
    line = assert_one_line(done, 2)
    assert "not UTF-8 text" in line
    assert_inert(done.stderr)
    assert _records(db_with_reports) == before


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("mark", b"00\xff", "1", "confirmed"), "a report id is UTF-8 text"),
        (("show", b"00\xff"), "a report id is UTF-8 text"),
        (("triage", b"00\xff", "accept"), "a report id is UTF-8 text"),
        (("correct", b"00\xff", "--type", "CLAIM", "--note", "n"), "a report id is UTF-8 text"),
        (("check", b"00\xff"), "a report id is UTF-8 text"),
        (("evidence", b"00\xff"), "a report id is UTF-8 text"),
        (("export", "--report", b"00\xff"), "a report id is UTF-8 text"),
        (("conflicts", "--report", b"00\xff"), "a report id is UTF-8 text"),
        (("config", "remote", b"/tmp/\xff"), "not UTF-8 text"),
        (("sync", b"/tmp/\xff"), "not UTF-8 text"),
        (("serve", "--dry-run", "--public-url", "http://[bad"), "not a valid URL"),
        (("serve", "--dry-run", "--public-url", "javascript:alert(1)"), "must start with http"),
        (("mark", "001", "1", "confirmed", "--reviewer", ""), "a reviewer name is needed"),
        (("stats", "--db", ""), "an empty path names no database"),
    ],
)
def test_odd_arguments_are_refused_in_one_line_and_change_nothing(db_with_reports, args, says):
    """Undecodable bytes in an id or a remote, a URL that is none, an empty name or path."""
    before = _records(db_with_reports)
    done = run(*args, env={"CLAIMDESK_DB": str(db_with_reports)})
    assert says in assert_one_line(done, 2)
    assert_inert(done.stderr)
    assert _records(db_with_reports) == before


def test_an_empty_db_before_the_command_makes_no_database_here(tmp_path):
    done = run("--db", "", "import", PAPER, cwd=tmp_path)
    assert "an empty path names no database" in assert_one_line(done, 2)
    assert list(tmp_path.iterdir()) == []


def test_a_reviewer_from_the_environment_that_is_not_utf8_is_refused(db_with_reports):
    env = {**os.environ}
    done = subprocess.run(
        [sys.executable, "-m", "claimdesk", "mark", "001", "1", "confirmed", "--db", str(db_with_reports)],
        capture_output=True,
        env={**{k.encode(): v.encode() for k, v in env.items()}, b"CLAIMDESK_REVIEWER": b"ann\xff"},
        timeout=60,
    )
    assert "not UTF-8 text" in assert_one_line(done, 2)


def test_a_file_name_that_is_not_utf8_imports_and_shows(tmp_path):
    folder = hostile_folder(tmp_path)
    db = tmp_path / "db"
    done = run("import", "--db", db, folder)
    assert done.returncode == 0, done.stderr
    assert b"2 new" in done.stdout
    history = json.loads(run("export", "--db", db).stdout)
    assert len(history["reports"]) == 2


C_LOCALE = {"LC_ALL": "C", "LANG": "C", "PYTHONCOERCECLOCALE": "0", "PYTHONUTF8": "0"}


@pytest.mark.parametrize("command", [("show",), ("check",), ("show", "--json"), ("check", "--json")])
def test_show_and_check_in_an_ascii_locale_print_instead_of_crashing(command):
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONIOENCODING", "LC_CTYPE")}
    env.update(C_LOCALE)
    done = subprocess.run(
        [sys.executable, "-m", "claimdesk", *command, str(PAPER)], capture_output=True, env=env, timeout=60
    )
    assert done.returncode == 0, done.stderr.decode(errors="replace")
    assert b"UnicodeEncodeError" not in done.stderr and done.stderr == b""
    assert (b"RLHF" if command[0] == "show" else b"references") in done.stdout
    if "--json" in command:
        json.loads(done.stdout)  # data stays UTF-8 whatever the locale


# --- 10 (faces): damaged databases ------------------------------------------------------------


def _damaged(tmp_path: Path, damage: str) -> Path:
    db = tmp_path / damage
    assert run("import", "--db", db, PAPER, OTHER_PAPER).returncode == 0
    assert run("mark", "--db", db, "--reviewer", "ann", "001", "1", "disputed").returncode == 0
    assert run("mark", "--db", db, "--reviewer", "bob", "001", "1", "confirmed").returncode == 0
    if damage == "reviews-is-a-file":
        shutil.rmtree(db / "reviews")
        (db / "reviews").write_text("not a folder")
    elif damage == "row-missing-a-field":
        for shard in (db / "library").glob("*.json"):  # the library index, in shards since layout 3
            library = json.loads(shard.read_text())
            for row in library["rows"].values():
                del row["snapshot"]
            shard.write_text(json.dumps(library))
    elif damage == "record-missing-a-field":
        for bucket in (db / "reviews").glob("*.json"):
            bucket.write_text(bucket.read_text().replace('"verdict"', '"verdikt"'))
    elif damage == "bucket-cut-short":
        for bucket in (db / "reviews").glob("*.json"):
            bucket.write_bytes(bucket.read_bytes()[:20])
    return db


COMMANDS = [
    ("stats",),
    ("stats", "--json"),
    ("export",),
    ("export", "--format", "csv"),
    ("export", "--format", "markdown"),
    ("export", "--format", "claimreview"),
    ("conflicts",),
    ("conflicts", "--json"),
]


@pytest.mark.parametrize("damage", ["reviews-is-a-file", "row-missing-a-field", "record-missing-a-field", "bucket-cut-short"])
def test_damaged_databases_give_one_line_for_every_command_and_stay_untouched(tmp_path, damage):
    db = _damaged(tmp_path, damage)
    before = _records(db)
    for command in COMMANDS:
        done = run(*command, "--db", db)
        line = assert_one_line(done) if done.returncode else pytest.fail(f"{command}: exit 0")
        if damage != "reviews-is-a-file":
            assert "damaged" in line and "left untouched" in line, (command, line)
    # merge: the damaged database as the target, and as the one merged in.
    fresh = tmp_path / "fresh"
    assert run("import", "--db", fresh, OTHER_PAPER).returncode == 0
    fresh_before = _records(fresh)
    into_damaged = run("merge", "--db", db, fresh)  # fresh holds nothing new: no reason to fail
    if into_damaged.returncode:
        assert_one_line(into_damaged)
    assert b"Traceback" not in into_damaged.stderr
    if damage != "reviews-is-a-file":  # a missing review folder reads as no reviews to merge in
        assert_one_line(run("merge", "--db", fresh, db))
    assert _records(db) == before
    if damage != "reviews-is-a-file":
        assert _records(fresh) == fresh_before


# --- 13: JSON-LD, and read-only commands that must not create databases ----------------------


def test_claimreview_json_ld_cannot_close_the_script_element_it_is_embedded_in(db_with_reports, tmp_path):
    note = "</script><script>alert(document.cookie)</script>"
    assert run("mark", "--db", db_with_reports, "--reviewer", "ann", "001", "1", "disputed", "--note", note).returncode == 0
    out = tmp_path / "review.jsonld"
    for done in (
        run("export", "--db", db_with_reports, "--format", "claimreview"),
        run("export", "--db", db_with_reports, "--format", "claimreview", "-o", out),
    ):
        assert done.returncode == 0, done.stderr
    for text in (run("export", "--db", db_with_reports, "--format", "claimreview").stdout.decode(), out.read_text()):
        assert "</" not in text
        assert json.loads(text)[0]["reviewBody"] == note


def test_merge_of_an_empty_folder_refuses_and_creates_nothing(db_with_reports, tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    before = _records(db_with_reports)
    line = assert_one_line(run("merge", "--db", db_with_reports, empty), 2)
    assert "not a claimdesk review database" in line
    assert list(empty.iterdir()) == []
    assert _records(db_with_reports) == before
    missing = tmp_path / "missing"
    assert run("merge", "--db", db_with_reports, missing).returncode == 2
    assert not missing.exists()


@pytest.mark.parametrize("command", [("conflicts",), ("conflicts", "--json"), ("stats",), ("export",)])
def test_read_only_commands_on_a_new_path_refuse_and_create_nothing(tmp_path, command):
    new = tmp_path / "new"
    line = assert_one_line(run(*command, "--db", new), 2)
    assert "no review database" in line
    assert not new.exists()
    empty = tmp_path / "empty"
    empty.mkdir()
    assert_one_line(run(*command, "--db", empty), 2)
    assert list(empty.iterdir()) == []


def test_check_of_an_id_in_an_empty_folder_creates_no_database(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    line = assert_one_line(run("check", "001_c07", "--db", empty), 2)
    assert "not a claimdesk review database" in line
    assert list(empty.iterdir()) == []


def test_usage_and_write_errors_that_quote_a_path_keep_its_escapes_out(db_with_reports, tmp_path):
    missing = os.path.join(os.fsencode(tmp_path), b"gone" + OSC52 + b"\x9b2J")
    done = run("merge", "--db", db_with_reports, missing)
    assert done.returncode == 2 and b"gone" in done.stderr
    assert_inert(done.stderr)
    unwritable = os.path.join(os.fsencode(tmp_path), b"no-such-folder" + TITLE, b"out.json")
    done = run("export", "--db", db_with_reports, "-o", unwritable)
    assert_one_line(done)
    assert b"no-such-folder" in done.stderr
    assert_inert(done.stderr)


def test_records_merged_from_a_hostile_database_are_refused_and_print_inert_if_written_anyway(db_with_reports, tmp_path):
    """Another reviewer's database is input too: its ids, times and names would reach our outputs.
    A merge refuses records the store would not write; records written into a database by other
    means still print inert."""
    from claimdesk.model import Mark, Triage, TriageDecision, Verdict
    from claimdesk.store import ReviewStore

    def hostile_records(store: ReviewStore) -> None:
        rid = store.resolve("001")
        key = store.claim_keys(rid)[0]
        hostile = OSC52.decode() + "\x9b2J\u2028"
        store.add_records(
            marks=[
                Mark("m1" + hostile, rid, 1, key, Verdict.DISPUTED, "", "eve" + hostile, "2026-01-01" + hostile),
                Mark("m2", rid, 1, key, Verdict.CONFIRMED, "", "ann", "2026-01-02T00:00:00+00:00"),
            ],
            triage=[Triage("t1", rid, TriageDecision.REJECT, "", "eve", "2026" + hostile)],
        )

    theirs = tmp_path / "theirs"
    assert run("import", "--db", theirs, PAPER).returncode == 0
    hostile_records(ReviewStore(theirs))
    before = _records(db_with_reports)
    refused = run("merge", "--db", db_with_reports, theirs)
    assert "nothing was merged" in assert_one_line(refused, 2)
    assert_inert(refused.stderr)
    assert _records(db_with_reports) == before
    hostile_records(ReviewStore(db_with_reports))
    for command in (("conflicts",), ("export", "--format", "csv"), ("export", "--format", "markdown"),
                    ("export",), ("export", "--format", "claimreview"), ("stats",)):
        done = run(*command, "--db", db_with_reports)
        assert done.returncode == 0, (command, done.stderr)
        assert b"eve" in done.stdout, command
        assert_inert(done.stdout)


@pytest.mark.parametrize("command", [("stats",), ("export", "--format", "csv"), ("show", "001"), ("conflicts",)])
def test_a_command_run_with_standard_output_closed_says_so(db_with_reports, command):
    """`claimdesk stats >&-` printed nothing and exited 0, as if all had gone well."""
    done = subprocess.run(
        [sys.executable, "-m", "claimdesk", *command, "--db", str(db_with_reports)],
        stdout=None, stderr=subprocess.PIPE, preexec_fn=lambda: os.close(1), timeout=120,
    )
    err = done.stderr.decode()
    assert done.returncode == 1 and err == "claimdesk: could not print: standard output is closed\n", err


@pytest.mark.parametrize("command", [("check", "001"), ("stats",), ("export", "--format", "csv"), ("show", "001")])
def test_a_reader_that_goes_away_ends_the_command_quietly_with_status_141(db_with_reports, command):
    """`claimdesk check ... | head`: never the 1 that means "a finding reached --fail-on"."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "claimdesk", *command, "--db", str(db_with_reports)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    proc.stdout.close()  # gone before the first line is printed
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 141 and err == b"", err
