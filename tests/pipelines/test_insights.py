"""A person's insights: judged from the current marts whenever they are asked for, never a stale stored copy."""

from __future__ import annotations

import duckdb

from independence.pipelines.builds import built_models
from independence.pipelines.demo import sample_files
from independence.pipelines.imports import imported_export
from independence.pipelines.insights import person_insights


def test_insights_follow_every_import_and_each_window_is_judged_on_its_own(db_path, fixtures):
    files = sample_files()
    imported_export(files["daylio"], "ana", db_path=db_path, moods_path=files["moods"])
    built_models(db_path)
    year, quarter = person_insights("ana", db_path, 52), person_insights("ana", db_path, 12)
    assert year["coverage"]["windows"] != quarter["coverage"]["windows"]
    assert year["signs"]["conflict_calmness"]["self_rated"]["weeks"] == 0
    imported_export(fixtures / "checkin" / "checkins.csv", "ana", db_path=db_path)
    fresh = person_insights("ana", db_path, 52)
    assert fresh["signs"]["conflict_calmness"]["self_rated"]["weeks"] > 0, "the new check-ins are judged"
    with duckdb.connect(str(db_path), read_only=True) as con:
        assert con.execute("select count(*) from builds").fetchall() == [(2,)]
