"""A person's insights: the ones `build` stored are read back while no import is newer."""

from __future__ import annotations

import duckdb

from independence.pipelines.builds import built_insights
from independence.pipelines.demo import sample_files
from independence.pipelines.imports import imported_export
from independence.pipelines.insights import person_insights


def test_stored_insights_are_read_back_until_an_import_is_newer(db_path, fixtures):
    files = sample_files()
    imported_export(files["daylio"], "ana", db_path=db_path, moods_path=files["moods"])
    built_insights(db_path, 26)
    with duckdb.connect(str(db_path)) as con:  # mark the stored row, to see whether it is what comes back
        con.execute(
            'update user_insights set insights = json_merge_patch(insights, \'{"generated_at": "stored"}\')'
        ).fetchall()
    assert person_insights("ana", db_path, 26)["generated_at"] == "stored"
    assert person_insights("ana", db_path, 12)["generated_at"] != "stored"  # another window is computed
    imported_export(fixtures / "checkin" / "checkins.csv", "ana", db_path=db_path)
    fresh = person_insights("ana", db_path, 26)
    assert fresh["generated_at"] != "stored"
    with duckdb.connect(str(db_path), read_only=True) as con:
        builds, stored = con.execute(
            "select (select count(*) from builds), (select count(*) from user_insights where window_weeks = 26)"
        ).fetchall()[0]
    assert builds == 2 and stored == 1
