"""One walk of a folder for report files: what `check FOLDER` reads and `import` takes."""

from __future__ import annotations

import os
from pathlib import Path

from claimdesk.reportfiles import report_files

SAMPLES = Path(__file__).resolve().parents[1] / "sample_reports"


def test_report_files_in_path_order_skipping_hidden_other_suffixes_and_links(tmp_path):
    folder = tmp_path / "reports"
    (folder / "b").mkdir(parents=True)
    (folder / ".hidden").mkdir()
    for name in ("a.txt", "b/c.MD", "b/d.json", "notes.pdf", ".e.txt", ".hidden/f.txt"):
        (folder / name).write_text("x")
    outside = tmp_path / "secret.txt"
    outside.write_text("not yours")
    os.symlink(outside, folder / "link-out.txt")
    os.symlink(folder / "a.txt", folder / "link-in.txt")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "g.txt").write_text("x")
    os.symlink(elsewhere, folder / "linked-folder")
    found = [p.relative_to(folder).as_posix() for p in report_files(folder)]
    assert found == ["a.txt", "b/c.MD", "b/d.json"]  # no link is followed, not even one inside


def test_a_missing_folder_has_no_report_files(tmp_path):
    assert report_files(tmp_path / "nothing") == []


def test_import_and_check_walk_one_folder_alike(tmp_path):
    """One walker: what check FOLDER reads is what import takes, and a link is refused by both."""
    from claimdesk.store import ReviewStore

    folder = tmp_path / "reports"
    folder.mkdir()
    seed = sorted(SAMPLES.glob("*.txt"))[0]
    (folder / "one.txt").write_bytes(seed.read_bytes())
    os.symlink(folder / "one.txt", folder / "two.txt")
    assert [p.name for p in report_files(folder)] == ["one.txt"]
    result = ReviewStore(tmp_path / "db").import_paths([folder])
    assert [Path(path).name for path, _ in result.failed] == ["two.txt"]
    assert "symbolic link" in result.failed[0][1]


def test_the_walk_gives_the_order_of_the_parts_below_the_folder(tmp_path):
    """Folders are taken in name order as they are met: the same order as sorting every file by
    its parts (a folder named like a file's stem, names sharing a prefix, case, non-ASCII)."""
    from claimdesk.reportfiles import walk

    folder = tmp_path / "reports"
    names = [
        "a.txt", "a/x.txt", "a/b/y.md", "a b.txt", "a-b/z.json", "a0.txt", "B.txt", "b/B.txt",
        "ä.txt", "ä/a.txt", "z.txt", "a.txt.d/q.txt", "a/a.txt", "aa/a.txt", "A/a.txt", "a/0/0.txt",
    ]
    for name in names:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text("x")
    found = walk(folder)
    assert [parts for parts, _ in found] == sorted(tuple(name.split("/")) for name in names)
    assert all(path == os.path.join(folder, *parts) for parts, path in found)
