"""Moments a person marks, end to end on the command line: mark, list, remove, the report's before and after, and
that they are the person's own (deleted with them; that no coach release reads them is tested with the releases,
tests/publish/cohort/test_release_privacy.py)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from independence.errors import ConfigError
from independence.pipelines.moments import MAX_WORDS, checked_moment
from independence.pipelines.people import deleted_person
from tests.helpers import count_rows, rows, run
from tests.publish.report.auditor import page_problems


@pytest.fixture
def demo(demo_db, tmp_path):
    """Return this test's own copy of the demo warehouse (one person, 'demo': a Daylio year and check-ins)."""
    return Path(shutil.copy(demo_db, tmp_path / "warehouse.duckdb"))


def moments(db, *args: str) -> list[dict]:
    """Run `independence moments --user demo` with args and return the moments it lists, as JSON."""
    result = run("moments", "--user", "demo", "--db", str(db), "--json", *args)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_mark_list_and_remove_moments_and_the_report_compares_before_and_after(demo, tmp_path):
    assert moments(demo) == []
    marked = moments(demo, "--add", "2026-05-04", "  moved in\ttogether ")
    assert marked == [{"moment_id": 1, "date": "2026-05-04", "words": "moved in together"}]
    moments(demo, "--add", "2025-12-01", "started therapy")
    listed = run("moments", "--user", "demo", "--db", str(demo), "--list")
    assert re.search(r"1\s+2026-05-04\s+moved in together", listed.stdout) and "2025-12-01" in listed.stdout
    assert [m["moment_id"] for m in moments(demo)] == [2, 1]  # in date order, each keeping its number

    result = run("report", "--user", "demo", "--db", str(demo), "--out", str(tmp_path / "r.html"))
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    insights = json.loads(run("insights", "--user", "demo", "--db", str(demo), "--json").stdout)
    assert [m["words"] for m in insights["moments"]] == ["started therapy", "moved in together"]
    compared = insights["moments"][1]["compared"]
    assert len(compared) >= 10 and all(side["interval"] for side in compared if side["verdict"])
    assert "Before and after your moments" in page and "moved in together" in page
    assert page_problems(page, insights) == []

    assert [m["moment_id"] for m in moments(demo, "--remove", "2")] == [1]
    run("report", "--user", "demo", "--db", str(demo), "--out", str(tmp_path / "r2.html"))
    assert "started therapy" not in (tmp_path / "r2.html").read_text(encoding="utf-8")


def test_a_moment_that_cannot_be_one_is_refused_in_one_line_and_nothing_is_stored(demo):
    for args, said in [
        (["--add", "2026-02-30", "x"], "write the day as YYYY-MM-DD"),
        (["--add", "1989-12-31", "x"], "between 1990-01-01 and tomorrow"),
        (["--add", "2026-03-01", "   "], "say in a few words what happened"),
        (["--add", "2026-03-01", "x" * (MAX_WORDS + 1)], f"at most {MAX_WORDS} characters"),
        (["--remove", "9"], "demo has no moment 9"),
        (["--add", "2026-03-01", "x", "--remove", "1"], "not both"),
    ]:
        result = run("moments", "--user", "demo", "--db", str(demo), *args)
        assert result.returncode != 0 and said in result.stderr, (args, result.stderr)
        assert "Traceback" not in result.stderr
    stranger = run("moments", "--user", "nobody", "--db", str(demo), "--add", "2026-03-01", "x")
    assert stranger.returncode == 1 and "no entries for user 'nobody'" in stranger.stderr
    assert count_rows(demo, "select count(*) from user_moments") == 0


def test_moment_words_keep_their_text_and_refuse_control_characters():
    assert checked_moment(" 2026-03-01 ", "Umzug  nach Köln") == (
        checked_moment("2026-03-01", "x")[0],
        "Umzug nach Köln",
    )
    with pytest.raises(ConfigError, match="without control characters"):
        checked_moment("2026-03-01", "moved\x00in")


def test_deleting_a_person_deletes_their_moments_and_their_words_leave_the_file(demo, tmp_path):
    moments(demo, "--add", "2026-05-04", "moved in with Quillon")
    deleted_person("demo", demo, tmp_path / "reports")
    assert rows(demo, "select * from user_moments") == []
    assert b"Quillon" not in demo.read_bytes()
