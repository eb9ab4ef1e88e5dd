"""A second name for a written file: a hard link where the file system has them, else a copy."""

from __future__ import annotations

import os

from independence.publish import files


def test_a_second_name_is_the_same_file_and_replaces_what_was_there(tmp_path):
    report = files.written_atomically(tmp_path / "2026-W49.html", b"this week")
    (tmp_path / "latest.html").write_bytes(b"last week")
    latest = files.linked_atomically(report, tmp_path / "latest.html")
    assert latest.samefile(report) and latest.read_bytes() == b"this week"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["2026-W49.html", "latest.html"]


def test_without_hard_links_the_bytes_are_written(tmp_path, monkeypatch):
    def refused(*arguments):
        raise OSError("links are not supported here")

    report = files.written_atomically(tmp_path / "2026-W49.html", b"this week")
    monkeypatch.setattr(os, "link", refused)
    latest = files.linked_atomically(report, tmp_path / "latest.html")
    assert latest.read_bytes() == b"this week" and not latest.samefile(report)
    assert latest.stat().st_mode & 0o077 == 0
