"""Each transform on a handful of inline rows, with the exact rows expected back."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest

from independence.analysis.transforms import TRANSFORMS_DIR, built_warehouse, failed_data_tests, transform_models
from independence.errors import DataTestError, InsightsError
from independence.warehouse import Warehouse
from tests.helpers import rows
from tests.transforms.rows import add_entry, add_import

WEEK = dt.date(2026, 2, 2)  # the Monday of the week under test; four calm weeks come before it


@pytest.fixture
def scenario(db_path):
    """Return a built warehouse: 28 days at mood 4, then one eventful week, and two check-in imports."""
    with Warehouse(db_path).writing() as con:
        daylio = add_import(con, "ana")
        for day in range(28):
            add_entry(con, "ana", dt.datetime(2026, 1, 5, 12) + dt.timedelta(days=day), 4, import_id=daylio)
        add_entry(con, "ana", "2026-02-02 10:00", 2, ("argument", "yelled"), import_id=daylio)
        add_entry(con, "ana", "2026-02-02 15:00", 3, import_id=daylio)
        add_entry(con, "ana", "2026-02-02 20:00", 4, ("partner",), import_id=daylio)
        add_entry(con, "ana", "2026-02-03 09:00", 3, ("alone",), import_id=daylio)
        add_entry(con, "ana", "2026-02-05 12:00", 1, ("fight", "talked it through"), import_id=daylio)
        add_entry(con, "ana", "2026-02-06 10:00", 3, ("partner away",), import_id=daylio)
        add_entry(con, "ana", "2026-02-08 10:00", 5, ("gym",), import_id=daylio)
        for rating in (2, 4):  # the same Sunday sent twice: the later import wins
            batch = add_import(con, "ana", "checkin")
            add_entry(
                con,
                "ana",
                "2026-02-08 20:00",
                None,
                source="checkin",
                import_id=batch,
                measures={"alone_comfort": rating},
            )
        built_warehouse(con)
        yield con


def test_daily_mood_covers_every_calendar_day_and_leaves_gaps_empty(scenario):
    days = rows(scenario, "select day, mood_mean, mood_entries, logged from mart_daily_mood order by day")
    assert len(days) == 35 and days[0][0] == dt.date(2026, 1, 5) and days[-1][0] == dt.date(2026, 2, 8)
    by_day = {day: (mood, count, logged) for day, mood, count, logged in days}
    assert by_day[dt.date(2026, 2, 2)] == (3.0, 3, True)
    assert by_day[dt.date(2026, 2, 4)] == (None, 0, False)
    assert by_day[dt.date(2026, 2, 7)] == (None, 0, False)


def test_baseline_is_the_four_weeks_before_excluding_the_week_itself(scenario):
    found = rows(scenario, "select week_start, baseline, baseline_days from int_weekly_baseline")
    baselines = {week: (baseline, days) for week, baseline, days in found}
    assert baselines[dt.date(2026, 1, 5)] == (None, 0)
    assert baselines[dt.date(2026, 1, 12)] == (4.0, 7)
    assert baselines[WEEK] == (4.0, 28)


def test_conflict_episodes_have_drop_recovery_and_response(scenario):
    episodes = rows(
        scenario,
        """select logged_at_local, drop_points, recovery_hours, recovery_censored, response
           from mart_conflict_episodes order by logged_at_local""",
    )
    assert episodes == [
        (dt.datetime(2026, 2, 2, 10), 2.0, 10.0, False, "reactive"),
        (dt.datetime(2026, 2, 5, 12), 3.0, 70.0, False, "calm"),
    ]


def test_recovery_is_capped_at_seven_days_and_flagged(db_path):
    with Warehouse(db_path).writing() as con:
        batch = add_import(con, "cy")
        for day in range(7):
            add_entry(con, "cy", dt.datetime(2026, 1, 5, 12) + dt.timedelta(days=day), 4, import_id=batch)
        add_entry(con, "cy", "2026-01-12 09:00", 1, ("conflict",), import_id=batch)
        for day in range(1, 9):  # low for eight days; back to 4 only after the cap
            when = dt.datetime(2026, 1, 12, 9) + dt.timedelta(days=day)
            add_entry(con, "cy", when, 3 if day < 8 else 4, import_id=batch)
        built_warehouse(con)
        episodes = rows(
            con, "select drop_points, recovery_hours, recovery_censored, response from mart_conflict_episodes"
        )
        assert episodes == [(3.0, 168.0, True, "not_recorded")]


def test_apart_vs_together_week(scenario):
    assert rows(
        scenario,
        """select mood_apart, entries_apart, mood_together, entries_together, apart_gap
           from mart_weekly_apart_together where week_start = ?""",
        WEEK,
    ) == [(3.0, 2, 4.0, 1, -1.0)]


def test_weekly_signs_of_the_eventful_week_never_mix_series(scenario):
    signs = rows(
        scenario,
        "select iso_week, sign, series, value, evidence from mart_weekly_signs where week_start = ? order by all",
        WEEK,
    )
    assert signs == [
        ("2026-W06", "alone_comfort", "observed", -1.0, 1),
        ("2026-W06", "alone_comfort", "self_rated", 4.0, 1),
        ("2026-W06", "conflict_calmness", "observed", -2.5, 2),
        ("2026-W06", "happiness_ownership", "observed", 0.5, 2),
        ("2026-W06", "time_apart_comfort", "observed", -1.0, 3),
    ]  # no "expressing needs": nobody who never noted a need gets weeks of 0 needs


def test_weekly_sign_inputs_count_what_speaks_to_each_sign(scenario):
    inputs = rows(
        scenario, "select sign, series, inputs from mart_weekly_sign_inputs where week_start = ? order by all", WEEK
    )
    assert inputs == [
        ("alone_comfort", "observed", 1),
        ("alone_comfort", "self_rated", 1),
        ("conflict_calmness", "observed", 2),
        ("happiness_ownership", "observed", 2),
        ("time_apart_comfort", "observed", 3),
    ]


def test_weekly_tagging_counts_tagged_and_described_moments(scenario):
    assert rows(
        scenario,
        """select mood_entries, tagged_entries, described_entries, conflict_notes_unattributed
           from mart_weekly_tagging where week_start = ?""",
        WEEK,
    ) == [(7, 6, 6, 0)]


def test_user_tags_say_what_each_tag_means_and_the_mood_with_and_without_it(scenario):
    found = rows(
        scenario,
        """select tag, entries, days, round(mood_with, 2), round(mood_without, 2), signal, origin
           from mart_user_tags order by tag""",
    )
    assert found[0] == ("alone", 1, 1, 3.0, 3.88, "alone", "default")  # 124 mood points over 32 other days
    assert [row[0] for row in found] == ["alone", "argument", "fight", "gym", "partner", "partner away",
                                         "talked it through", "yelled"]  # fmt: skip


def test_daily_tags_keep_one_row_per_day_and_tag(scenario):
    assert rows(scenario, "select tag, day from mart_daily_tags where tag_key = 'partner away'") == [
        ("partner away", dt.date(2026, 2, 6))
    ]


def test_building_twice_gives_identical_marts_and_passes_every_data_test(scenario):
    marts = [m.name for m in transform_models() if m.layer == "marts"]
    before = {name: sorted(rows(scenario, f"select * from {name}"), key=repr) for name in marts}
    built_warehouse(scenario)
    assert {name: sorted(rows(scenario, f"select * from {name}"), key=repr) for name in marts} == before
    assert failed_data_tests(scenario) == {}
    assert rows(scenario, "select count(*) from builds") == [(2,)]


def test_models_run_layer_by_layer_after_what_they_read():
    models = transform_models()
    position = {model.name: index for index, model in enumerate(models)}
    layers = [m.layer for m in models]
    assert layers == sorted(layers, key=("staging", "intermediate", "marts").index)
    for model in models:
        assert all(position[dependency] < position[model.name] for dependency in model.depends_on)
    signs = models[position["mart_weekly_signs"]]
    assert signs.depends_on == {"int_weekly_observed_signs", "int_checkin_ratings_latest"}


def test_a_failing_data_test_rolls_the_whole_build_back(scenario, tmp_path):
    broken = tmp_path / "transforms"
    shutil.copytree(TRANSFORMS_DIR, broken)
    (broken / "tests" / "assert_no_conflicts.sql").write_text("select * from mart_conflict_episodes\n")
    signs = broken / "marts" / "mart_weekly_signs.sql"
    signs.write_text(f"select * from ({signs.read_text()}) where false\n")
    with pytest.raises(DataTestError, match=r"assert_no_conflicts \(2 rows\)"):
        built_warehouse(scenario, broken)
    assert rows(scenario, "select count(*) from mart_weekly_signs")[0][0] > 1
    assert rows(scenario, "select count(*) from builds") == [(1,)]


def test_a_staging_model_may_not_read_a_later_layer(tmp_path):
    broken = tmp_path / "transforms"
    shutil.copytree(TRANSFORMS_DIR, broken)
    (broken / "staging" / "stg_bad.sql").write_text("select * from int_daily_mood_calendar\n")
    with pytest.raises(InsightsError, match="stg_bad.sql: model stg_bad has no entry in .*schema.yml"):
        transform_models(broken)
    schema = broken / "schema.yml"
    schema.write_text(schema.read_text() + "  stg_bad:\n    reads: [int_daily_mood_calendar]\n")
    with pytest.raises(InsightsError, match="stg_bad.sql: a staging model must not read"):
        transform_models(broken)


def test_an_entry_edited_between_exports_counts_once_with_its_latest_version(db_path):
    with Warehouse(db_path).writing() as con:
        first = add_import(con, "di")
        add_entry(con, "di", "2026-03-02 09:00", 2, ("argument",), import_id=first)
        add_entry(con, "di", "2026-03-03 09:00", 3, import_id=first)
        add_entry(con, "di", "2026-03-03 09:00", 5, ("gym",), import_id=first)  # two entries in one minute
        second = add_import(con, "di")  # the next cumulative export: the 2 March entry was edited
        edited = add_entry(con, "di", "2026-03-02 09:00", 4, ("argument", "talked it through"), import_id=second)
        built_warehouse(con)
        assert rows(con, "select count(*) from entries") == [(4,)]
        current = rows(con, "select entry_id, mood_score from int_entries_current order by logged_at_local, mood_score")
        assert [mood for _, mood in current] == [4.0, 3.0, 5.0] and current[0][0] == edited
        assert rows(con, "select day, mood_mean, mood_entries from mart_daily_mood order by day") == [
            (dt.date(2026, 3, 2), 4.0, 1),
            (dt.date(2026, 3, 3), 4.0, 2),
        ]


def test_entries_with_an_app_id_are_current_per_id_and_never_merged_by_time(db_path):
    with Warehouse(db_path).writing() as con:
        first = add_import(con, "jo", "dayone")
        add_entry(
            con, "jo", "2026-03-02 20:00", None, note="walked", import_id=first, source="dayone", source_entry_id="A"
        )
        add_entry(
            con, "jo", "2026-03-02 20:00", None, note="walked", import_id=first, source="dayone", source_entry_id="B"
        )
        old = add_entry(con, "jo", "2026-03-03 08:00", None, note="old words", import_id=first, source="dayone")
        second = add_import(con, "jo", "dayone")  # B edited; a new entry C at A's time; A unchanged (a duplicate)
        edited = add_entry(
            con,
            "jo",
            "2026-03-02 20:00",
            None,
            note="walked far",
            import_id=second,
            source="dayone",
            source_entry_id="B",
        )
        add_entry(
            con, "jo", "2026-03-02 20:00", None, note="also", import_id=second, source="dayone", source_entry_id="C"
        )
        add_entry(
            con,
            "jo",
            "2026-03-03 08:00",
            None,
            note="new words",
            import_id=second,
            source="dayone",
            source_entry_id="D",
        )
        built_warehouse(con)
        current = rows(con, "select source_entry_id, note_text, entry_id from int_entries_current order by 1, 2")
    # A stays though a later import holds entries at its time; B is its edited version; the id-less entry an
    # earlier import left at 08:00 is replaced by the later import's entry at that time (an app that gained ids)
    assert [(app_id, text) for app_id, text, _ in current] == [
        ("A", "walked"),
        ("B", "walked far"),
        ("C", "also"),
        ("D", "new words"),
    ]
    assert edited in {entry for _, _, entry in current} and old not in {entry for _, _, entry in current}
