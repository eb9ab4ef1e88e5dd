"""Daylio CSV: every header era, 12h/24h times, HTML notes, custom moods, rejects with lines."""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest

from independence.errors import ExportError, UnmappedMoodsError
from independence.ingest.sources.daylio import csv_export as daylio
from independence.pipelines.imports import imported_export
from tests.helpers import count_rows


def entries(db):
    """Return (logged_at_local, mood_raw, mood_score, note_title, note, source_line, tags, measures) rows."""
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(
            """select logged_at_local, mood_raw, mood_score, note_title, note, source_line,
                      coalesce((select list(tag order by tag) from entry_tags t where t.entry_id = e.entry_id), []),
                      coalesce((select list((name, value, value_max) order by name) from entry_measures m
                                where m.entry_id = e.entry_id), [])
               from entries e order by source_line"""
        ).fetchall()


@pytest.mark.parametrize(
    ("header", "era"),
    [
        ("year,date,weekday,time,mood,activities,note", "oldest"),
        ("full_date,date,weekday,time,mood,activities,note", "2020"),
        ("full_date,date,weekday,time,mood,activities,note_title,note", "2021+"),
        ("full_date,date,weekday,time,mood,activities,scales,note_title,note", "newest"),
        ("note,mood,time,activities,date,full_date", "2020"),
    ],
)
def test_every_header_era_is_recognised_by_name_not_position(header, era):
    assert era in daylio.recognised_format(header.split(","))


def test_unrelated_headers_are_not_daylio():
    assert daylio.recognised_format(["date", "mood", "notes"]) is None
    assert daylio.recognised_format(["date", "time", "mood", "activities"]) is None


def test_2021_era_with_bom_html_notes_emoji_and_mixed_clock_formats(fixtures, db_path):
    summary = imported_export(fixtures / "daylio" / "era_2021.csv", "ana", db_path=db_path)
    assert (summary.rows_read, summary.entries_added, summary.rejected) == (7, 5, 2)
    assert summary.rejects == [
        {"line": 6, "reason": "cannot read time '25:61'"},
        {"line": 8, "reason": "cannot read date '2024-02-30'"},
    ]
    rows = entries(db_path)
    assert [row[0] for row in rows] == [
        dt.datetime(2024, 3, 3, 18, 50),
        dt.datetime(2024, 3, 3, 14, 58),
        dt.datetime(2024, 3, 2, 10, 4),
        dt.datetime(2024, 3, 1, 1, 25),
        dt.datetime(2024, 2, 29, 0, 5),
    ]
    assert [row[2] for row in rows] == [5, 4, 3, 1, 4]
    assert rows[0][3:5] == ("Good day", 'We said "let\'s talk", and did.\nFelt calm & heard 😊')
    assert rows[0][6] == ["friends", "movies / tv", "🎨 painting"]
    assert rows[2][4] == "Line one\nline two, with a comma"
    assert rows[3][4] == "[[links]] stay as text"
    assert [row[5] for row in rows] == [2, 3, 4, 7, 9]


def test_oldest_era_combines_year_and_display_date(fixtures, db_path):
    summary = imported_export(fixtures / "daylio" / "era_oldest.csv", "ana", db_path=db_path)
    assert summary.rejects == [{"line": 5, "reason": "cannot read date '2019 Smarch 3'"}]
    assert [(row[0], row[6]) for row in entries(db_path)] == [
        (dt.datetime(2019, 9, 28, 20, 15), ["friends", "movies / tv"]),
        (dt.datetime(2019, 4, 12, 7, 30), ["work"]),
        (dt.datetime(2019, 9, 1, 12, 0), ["partner away", "reading"]),
    ]


@pytest.mark.parametrize(
    ("language", "dates", "rejects"),
    [
        (
            "pl",
            [dt.datetime(2017, 1, 1, 8), dt.datetime(2017, 8, 31, 23, 5), dt.datetime(2017, 9, 7, 12, 10)],
            [(5, "cannot read date '2017 30 lutego'"), (6, "expected 7 fields, found 6")],
        ),
        (
            "de",
            [dt.datetime(2019, 3, 1, 7, 30), dt.datetime(2019, 9, 7, 20, 15), dt.datetime(2019, 12, 24, 18)],
            [(5, "cannot read date '2019 32. Mai'")],
        ),
        (
            "es",
            [dt.datetime(2021, 1, 1, 0, 5), dt.datetime(2021, 9, 3, 9), dt.datetime(2021, 10, 16, 18, 43)],
            [],
        ),
    ],
)
def test_oldest_era_reads_the_display_date_in_the_phones_language(fixtures, db_path, language, dates, rejects):
    summary = imported_export(
        fixtures / "daylio" / f"era_oldest_{language}.csv",
        "ana",
        db_path=db_path,
        moods_path=fixtures / "daylio" / "oldest_moods.toml",
    )
    assert [(reject["line"], reject["reason"]) for reject in summary.rejects] == rejects
    assert sorted(row[0] for row in entries(db_path)) == dates


def test_display_dates_of_every_daylio_language_are_read_from_cldr_data():
    from independence.ingest.sources.daylio.display_dates import DAYLIO_LANGUAGES, month_days, readers

    shown = {
        "pl": "7 września",
        "en": "September 7",
        "es": "7 de septiembre",
        "de": "7. September",
        "fr": "7 septembre",
        "it": "7 settembre",
        "pt": "7 de setembro",
        "ru": "7 сентября",
        "uk": "7 вересня",
        "cs": "7. září",
        "hu": "szeptember 7.",
        "tr": "7 Eylül",
        "nl": "7 september",
        "fi": "7. syyskuuta",
        "el": "7 Σεπτεμβρίου",
        "ja": "9月7日",
        "ko": "9월 7일",
        "vi": "7 tháng 9",
        "lt": "rugsėjo 7 d.",
        "he": "7 בספטמבר",
        "ar": "7 سبتمبر",
        "th": "7 กันยายน",
    }
    assert len(readers()) == len(DAYLIO_LANGUAGES) >= 40
    for language, text in shown.items():
        found, read = month_days([text])
        assert read == {text: (9, 7)}, (language, text, found)


def test_2020_era_paragraph_notes_and_empty_activities(fixtures, db_path):
    summary = imported_export(fixtures / "daylio" / "era_2020.csv", "ana", db_path=db_path)
    assert summary.rejects == [{"line": 4, "reason": "cannot read date 'not-a-date'"}]
    rows = entries(db_path)
    assert rows[0][4] == "Good workout\nthen dinner"
    assert rows[1][6] == [] and rows[1][4] is None


def test_newest_era_scales_become_measures(fixtures, db_path):
    summary = imported_export(fixtures / "daylio" / "era_newest.csv", "ana", db_path=db_path)
    assert summary.rejects == [
        {"line": 4, "reason": "cannot read scales 'Sleep Quality: lots' (expected 'Name: value')"},
        {"line": 5, "reason": "no mood label"},
    ]
    rows = entries(db_path)
    assert rows[0][7] == [("Energy", 3.0, 5.0), ("Sleep Quality", 8.0, 10.0)]
    assert rows[1][3:5] == ("Morning", "Coffee together")


def test_custom_moods_are_scored_from_the_mapping_file(fixtures, db_path):
    summary = imported_export(
        fixtures / "daylio" / "custom_moods.csv",
        "ana",
        db_path=db_path,
        moods_path=fixtures / "daylio" / "custom_moods.toml",
    )
    assert summary.entries_added == 4
    assert [(row[1], row[2]) for row in entries(db_path)] == [
        ("vaguely ok", 3.0),
        ("Rested", 4.0),
        ("sad", 2.0),
        ("good", 4.0),
    ]


def test_unmapped_labels_fail_before_anything_is_written_and_are_all_named(fixtures, db_path):
    imported_export(fixtures / "daylio" / "era_2020.csv", "ana", db_path=db_path)
    with pytest.raises(UnmappedMoodsError) as raised:
        imported_export(fixtures / "daylio" / "italian.csv", "ana", db_path=db_path)
    assert raised.value.label_counts == {"così così": 1, "male": 1, "ottimo": 1}
    message = str(raised.value)
    assert "italian.csv" in message and '  "ottimo" = ' in message and " = 3" not in message and "--moods" in message
    assert count_rows(db_path, "select count(*) from imports") == 1
    assert count_rows(db_path, "select count(*) from entries") == 2


def test_a_file_whose_every_row_is_broken_loads_nothing_and_names_the_lines(tmp_path, db_path):
    path = tmp_path / "broken.csv"
    path.write_text(
        "full_date,date,weekday,time,mood,activities,note\n2024-13-45,x,y,9:00,good,,\n2024-01-01,x,y,nine,good,,\n"
    )
    with pytest.raises(ExportError, match=r"no row could be read \(2 rejected\).*line 2: cannot read date"):
        imported_export(path, "ana", db_path=db_path)
    assert not db_path.exists() or count_rows(db_path, "select count(*) from imports") == 0


def test_dates_far_in_the_past_or_future_are_rejected(tmp_path, db_path):
    path = tmp_path / "typo.csv"
    path.write_text(
        "full_date,date,weekday,time,mood,activities,note\n"
        "1924-01-01,x,y,9:00,good,,\n2204-01-01,x,y,9:00,good,,\n2024-01-01,x,y,9:00,good,,\n"
    )
    summary = imported_export(path, "ana", db_path=db_path)
    assert [reject["line"] for reject in summary.rejects] == [2, 3]
    assert all("out of range" in reject["reason"] for reject in summary.rejects)


def test_a_csv_cut_down_to_date_time_and_mood_loads_as_daylio(fixtures, db_path):
    """Issue 29: an owner kept only full_date, weekday, time and mood; that is all a report needs."""
    assert daylio.recognised_format(["full_date", "weekday", "time", "mood"]) == "Daylio CSV (date, time and mood only)"
    assert daylio.recognised_format(["full_date", "time", "mood"]) is None  # no weekday: not Daylio's own naming
    summary = imported_export(fixtures / "daylio" / "date_time_mood_only.csv", "ana", db_path=db_path)
    assert (summary.source, summary.source_format) == ("daylio", "Daylio CSV (date, time and mood only)")
    assert [(r["line"], r["reason"][:22]) for r in summary.rejects] == [(6, "cannot read time 'not ")]
    assert [row[:3] + row[5:] for row in entries(db_path)] == [
        (dt.datetime(2025, 2, 1, 18, 7), "meh", 3.0, 2, [], []),
        (dt.datetime(2025, 2, 1, 11, 49), "good", 4.0, 3, [], []),
        (dt.datetime(2025, 2, 2, 21, 30), "rad", 5.0, 4, [], []),
        (dt.datetime(2025, 2, 3, 7, 12), "awful", 1.0, 5, [], []),
    ]
