"""One person, several apps: every app's entries share one timeline, and each app's repeats deduplicate."""

from __future__ import annotations

import duckdb

from independence.analysis.transforms import built_warehouse
from independence.pipelines.imports import imported_export
from independence.warehouse import Warehouse

FILES = [
    "daylio/era_newest.csv",
    "bearable/bearable-export.csv",
    "howwefeel/HowWeFeelEmotions.csv",
    "pixels/PIXELS-BACKUP-1730000000000.json",
    "dayone/Journal.json",
]


def test_entries_of_several_apps_coexist_and_reimports_add_nothing(fixtures, db_path):
    first = [imported_export(fixtures / name, "ana", db_path=db_path) for name in FILES]
    again = [imported_export(fixtures / name, "ana", db_path=db_path) for name in FILES]
    assert all(summary.entries_added > 0 for summary in first)
    assert [summary.entries_added for summary in again] == [0] * len(FILES)
    with Warehouse(db_path).writing() as con:
        built_warehouse(con)
        per_app = dict(con.execute("select source_app, count(*) from int_entries_current group by 1").fetchall())
        days = con.execute(
            "select count(*) filter (where logged), min(day), max(day) from mart_daily_mood where user_id = 'ana'"
        ).fetchall()[0]
    assert per_app == {summary.source: summary.entries_added for summary in first}
    with duckdb.connect(str(db_path), read_only=True) as con:
        mood_days = con.execute(
            "select count(distinct logged_at_local::date) from entries where mood_score is not null"
        ).fetchall()[0][0]
    assert days[0] == mood_days  # every app's mood days are on the one calendar
