"""Reports over time: a week later, the demo persona's report says what changed since the one before."""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from pathlib import Path

from independence.analysis.sentences import SERIES_LABELS
from independence.pipelines.demo import DEMO_USER, sample_files
from independence.pipelines.imports import imported_export
from independence.pipelines.reports import person_report, report_from_file
from independence.publish.report.content import VERDICTS
from independence.signs import SIGNS
from independence.warehouse import Warehouse
from tests.conftest import REPO

FIRST_REPORT = dt.date(2026, 10, 26)  # a Monday: the samples' last week is not logged yet
SECOND_REPORT = dt.date(2026, 11, 2)


def rows_until(source: Path, out: Path, last_day: dt.date, column: str) -> Path:
    """Write the CSV's rows dated on or before last_day to out (header kept); return out."""
    with source.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        rows = [row for row in reader if dt.date.fromisoformat(row[column]) <= last_day]
        header = reader.fieldnames
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, header, quoting=csv.QUOTE_ALL)
        writer.writeheader()
        writer.writerows(rows)
    return out


def imported_samples(db: Path, files: dict[str, Path]) -> None:
    imported_export(files["daylio"], DEMO_USER, db_path=db, moods_path=files["moods"])
    imported_export(files["checkins"], DEMO_USER, db_path=db, source="checkin")


def visible_text(page: str) -> str:
    """Return the page's text without scripts, styles and tags."""
    page = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", page, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))


def test_the_demo_report_a_week_later_says_what_changed(tmp_path):
    samples = sample_files()
    db = tmp_path / "warehouse.duckdb"
    before = FIRST_REPORT - dt.timedelta(days=2)
    imported_samples(
        db,
        {
            "daylio": rows_until(samples["daylio"], tmp_path / "daylio.csv", before, "full_date"),
            "moods": samples["moods"],
            "checkins": rows_until(samples["checkins"], tmp_path / "checkins.csv", before, "date"),
        },
    )
    first = person_report(DEMO_USER, db_path=db, out=tmp_path / "first.html", today=FIRST_REPORT)
    assert "This is your first report here" in visible_text(first.read_text(encoding="utf-8"))

    imported_samples(db, samples)  # the whole year: the last week is new, the rest are duplicates
    second = person_report(DEMO_USER, db_path=db, out=tmp_path / "second.html", today=SECOND_REPORT)
    text = visible_text(second.read_text(encoding="utf-8"))
    since = text[text.index("Since your last report") : text.index("The six signs")]
    with Warehouse(db).reading() as con:
        new_moods = con.execute(
            "select count(*), count(distinct logged_at_local::date) from entries where user_id = ? "
            "and mood_score is not null and logged_at_local::date > ?",
            [DEMO_USER, before],
        ).fetchall()[0]
        digests = con.execute("select iso_week, digest from report_digests order by iso_week").fetchall()
    assert [week for week, _ in digests] == ["2026-W44", "2026-W45"]
    was, now = (json.loads(digest)["signs"] for _, digest in digests)
    moved = [
        f"{sign.title} ({SERIES_LABELS[series]}): {VERDICTS[was[key][series]['verdict']][1]} → "
        f"{VERDICTS[now[key][series]['verdict']][1]}."
        for key, sign in SIGNS.items()
        for series in SERIES_LABELS
        if was[key][series]["verdict"] != now[key][series]["verdict"]
    ]
    assert moved, "a week of the demo year moves at least one verdict"
    assert all(line in since for line in moved), (moved, since)
    assert "Since your last report (2026-W44)" in since
    assert f"{new_moods[0]} new moments with a mood, on {new_moods[1]} more days" in since
    assert "latest entry is from 2026-11-01" in since
    assert "This is your first report" not in since


def test_the_same_week_twice_compares_with_the_week_before_not_itself(demo_db, tmp_path):
    db = tmp_path / "warehouse.duckdb"
    db.write_bytes(demo_db.read_bytes())
    for _ in range(2):
        page = person_report(DEMO_USER, db_path=db, out=tmp_path / "r.html", today=SECOND_REPORT)
    assert "This is your first report here" in visible_text(page.read_text(encoding="utf-8"))
    with Warehouse(db).reading() as con:
        assert con.execute("select count(*) from report_digests").fetchall() == [(1,)]


def test_a_bearable_report_counts_moments_with_a_mood_not_a_row_per_factor(tmp_path):
    export = REPO / "tests" / "fixtures" / "bearable" / "bearable-export.csv"
    summary, path = report_from_file(export, out=tmp_path / "bearable.html", reports_dir=tmp_path)
    rejected = {reject["line"] for reject in summary.rejects}
    with export.open(encoding="utf-8", newline="") as handle:
        rows = [row for line, row in enumerate(csv.DictReader(handle), start=2) if line not in rejected]
    moods = [row for row in rows if row["category"] == "Mood"]
    text = visible_text(path.read_text(encoding="utf-8"))
    days = len({row["date formatted"] for row in moods})
    logged = f"{len(moods)} moments with a mood on {days} days, and {summary.entries_added - len(moods)} other entries"
    assert summary.entries_added > len(moods) and logged in text


def test_a_report_made_again_the_same_week_says_changes_are_told_week_to_week(demo_db, tmp_path):
    db = tmp_path / "warehouse.duckdb"
    db.write_bytes(demo_db.read_bytes())
    first = visible_text(
        person_report(DEMO_USER, db_path=db, out=tmp_path / "a.html", today=SECOND_REPORT).read_text(encoding="utf-8")
    )
    again = visible_text(
        person_report(DEMO_USER, db_path=db, out=tmp_path / "b.html", today=SECOND_REPORT).read_text(encoding="utf-8")
    )
    assert "made again this week" not in first and "This is your first report here: the next one" in first
    assert "This is your first report here, made again this week: from next week on" in again
