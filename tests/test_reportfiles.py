"""One walk of a folder for report files: what `check FOLDER` reads."""

from __future__ import annotations

import os

from claimdesk.reportfiles import report_files


def test_report_files_in_path_order_skipping_hidden_other_suffixes_and_links_out(tmp_path):
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
    assert found == ["a.txt", "b/c.MD", "b/d.json", "link-in.txt"]


def test_a_missing_folder_has_no_report_files(tmp_path):
    assert report_files(tmp_path / "nothing") == []
