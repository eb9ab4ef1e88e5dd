"""The weekly check-in CSV: ratings become measures, bad cells are rejected by line and column."""

from __future__ import annotations

import duckdb
import pytest

from independence.errors import ExportError
from independence.ingest.reading.textfile import opened_text_export
from independence.ingest.sources import checkin, recognised_csv
from independence.pipelines.imports import imported_export
from independence.signs import SIGNS


def test_ratings_become_measures_and_bad_rows_are_named(fixtures, db_path):
    summary = imported_export(fixtures / "checkin" / "checkins.csv", "ana", db_path=db_path)
    assert summary.source == "checkin"
    assert (summary.rows_read, summary.entries_added) == (7, 3)
    assert summary.rejects == [
        {"line": 4, "reason": "alone_comfort: '7' is not a rating from 1 to 5"},
        {"line": 5, "reason": "alone_comfort: 'abc' is not a rating from 1 to 5"},
        {"line": 6, "reason": "cannot read date '21/02/2024' (expected YYYY-MM-DD)"},
        {"line": 7, "reason": "no rating and no note"},
    ]
    with duckdb.connect(str(db_path), read_only=True) as con:
        week_two = con.execute(
            """select list(name order by name), list(value order by name), any_value(e.mood_score)
               from entry_measures join entries e using (entry_id) where e.source_line = 3"""
        ).fetchall()[0]
        half = con.execute(
            "select value from entry_measures join entries using (entry_id) "
            "where source_line = 8 and name = 'alone_comfort'"
        ).fetchall()
    assert week_two[0] == sorted(set(SIGNS) - {"needs_expression"})
    assert week_two[2] is None
    assert half == [(4.5,)]


def test_unknown_columns_are_refused_with_the_allowed_list(fixtures, db_path):
    with pytest.raises(ExportError, match="unknown check-in column.*alone_confort.*allowed: date, alone_comfort"):
        imported_export(fixtures / "checkin" / "unknown_column.csv", "ana", db_path=db_path)


def test_the_shipped_template_is_a_checkin_header_with_no_rows(db_path):
    from independence.config import SAMPLES_DIR

    template = SAMPLES_DIR / "checkin_template.csv"
    with opened_text_export(template) as export:
        assert recognised_csv(export).source is checkin.TEMPLATE
    with pytest.raises(ExportError, match="header but no rows"):
        imported_export(template, "ana", db_path=db_path)
