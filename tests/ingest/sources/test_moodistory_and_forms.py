"""Moodistory on a chosen scale, and coach forms (Google Forms / Typeform) through a column map."""

from __future__ import annotations

import datetime as dt

import pytest

from independence.errors import ConfigError, ExportError
from independence.ingest.options import SourceOptions, form_columns, validated_scale
from independence.pipelines.imports import imported_export
from tests.helpers import rows


def test_moodistory_scores_on_the_chosen_scale_and_names_the_option_when_a_mood_is_above_it(fixtures, db_path):
    path = fixtures / "moodistory" / "moodistory-export.json"
    summary = imported_export(path, "ana", db_path=db_path, options=SourceOptions(scale=7))
    assert (summary.source, summary.source_format) == ("moodistory", "Moodistory JSON (7-point scale)")
    assert (summary.rows_read, summary.entries_added) == (4, 2)
    assert [r["reason"] for r in summary.rejects] == [
        "item 3: mood 9 is not 1..7 (set the scale with --scale N)",
        "item 4: cannot read date 'yesterday'",
    ]
    assert rows(
        db_path, "select logged_at_local, tz, mood_raw, round(mood_score, 3), note from entries order by 1"
    ) == [
        (dt.datetime(2024, 5, 2, 19, 20), "Europe/Vienna", "7/7", 5.0, "Time apart, went climbing"),
        (dt.datetime(2024, 5, 3, 19, 20), "Europe/Vienna", "2/7", 1.667, None),
    ]
    assert rows(db_path, "select tag_group, tag from entry_tags order by all") == [
        ("hobbies", "Climbing"),
        ("people", "Partner away"),
    ]


def test_a_form_maps_questions_to_signs_and_reads_google_timestamps(fixtures, db_path):
    options = SourceOptions(columns=form_columns(fixtures / "forms" / "columns.toml"))
    summary = imported_export(
        fixtures / "forms" / "weekly-checkin-responses.csv", "ana", db_path=db_path, options=options
    )
    assert (summary.source, summary.source_format) == ("checkin", "form CSV (column map)")
    assert (summary.rows_read, summary.entries_added) == (4, 2)
    assert [r["reason"] for r in summary.rejects] == [
        "alone_comfort: 'seven' is not a rating from 1 to 5",
        "cannot read timestamp '31/05/2026 99:00:00'",
    ]
    measures = rows(
        db_path, "select logged_at_local, name, value from entry_measures join entries using (entry_id) order by all"
    )
    assert measures == [
        (dt.datetime(2026, 5, 17, 15, 39, 12), "alone_comfort", 4.0),
        (dt.datetime(2026, 5, 17, 15, 39, 12), "conflict_calmness", 3.0),
        (dt.datetime(2026, 5, 24, 9, 2, 45), "alone_comfort", 5.0),
    ]
    assert rows(db_path, "select note from entries where note is not null") == [("Good week",)]


def test_a_form_is_only_recognised_with_a_map_and_a_map_naming_a_missing_question_is_refused(
    fixtures, db_path, tmp_path
):
    form = fixtures / "forms" / "weekly-checkin-responses.csv"
    with pytest.raises(ExportError, match="is from no supported app"):
        imported_export(form, "ana", db_path=db_path)
    wrong = tmp_path / "wrong.toml"
    wrong.write_text('timestamp = "Timestamp"\nneeds_expression = "Did you say what you needed?"\n', encoding="utf-8")
    with pytest.raises(ExportError, match="the form has no column 'did you say what you needed\\?'"):
        imported_export(form, "ana", db_path=db_path, options=SourceOptions(columns=form_columns(wrong)))


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ('timestamp = "Timestamp"\nalone = "Q1"\n', r"unknown key\(s\) alone; allowed: timestamp"),
        ('alone_comfort = "Q1"\n', "map `timestamp` and at least one sign"),
        ('timestamp = "Timestamp"\nalone_comfort = 3\n', "every value must be the question text"),
    ],
)
def test_a_bad_column_map_names_the_file_and_problem(tmp_path, text, problem):
    path = tmp_path / "map.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=problem) as raised:
        form_columns(path)
    assert str(path) in str(raised.value)


def test_the_scale_is_two_to_eleven_points():
    assert validated_scale(11) == 11
    with pytest.raises(ConfigError, match="--scale must be 2 to 11 points, got 12"):
        validated_scale(12)
