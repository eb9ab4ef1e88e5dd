"""The notebook API on the demo warehouse: every frame checked against SQL on the same file."""

from __future__ import annotations

import json
import shutil
import warnings

import duckdb
import pandas as pd
import pytest

from tests.publish.cohort.conftest import copied_warehouse, practice, released  # noqa: F401 (the practice fixture)


def sql(db, query: str, parameters: list | None = None) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(query, parameters or []).fetchall()


def test_people_entries_and_weekly_signs_are_the_warehouse_rows(demo_db):
    from independence import api

    warehouse = api.open_warehouse(demo_db)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a built warehouse gives no staleness warning
        people = warehouse.people()
        entries = warehouse.entries("demo")
        weekly = warehouse.weekly_signs("demo")
    assert isinstance(people, pd.DataFrame) and people["user_id"].tolist() == ["demo"]
    assert people["entries"].tolist() == [sql(demo_db, "select count(*) from entries")[0][0]]
    assert list(entries.columns) == ["entry_id", "logged_at_local", "tz", "source", "mood_raw", "mood_score", "tags"]
    assert len(entries) == people["entries"][0] and entries["logged_at_local"].is_monotonic_increasing
    tagged = dict(sql(demo_db, "select entry_id, count(*) from entry_tags group by entry_id"))
    assert {e: len(tags) for e, tags in zip(entries["entry_id"], entries["tags"], strict=True) if len(tags)} == tagged
    assert "note" not in entries.columns and "note" in warehouse.entries("demo", with_notes=True).columns
    assert list(weekly.columns) == ["week_start", "iso_week", "sign", "series", "value", "evidence"]
    expected = sql(demo_db, "select count(*), sum(value) from mart_weekly_signs where user_id = 'demo'")[0]
    assert len(weekly) == expected[0] and weekly["value"].sum() == pytest.approx(expected[1])
    assert set(weekly["series"]) == {"observed", "self_rated"}


def test_insights_match_the_cli_json_and_the_report_renders(demo_db, tmp_path):
    from independence import api
    from independence.config import DEFAULT_WEEKS
    from independence.pipelines.insights import user_insights
    from independence.warehouse import Warehouse

    warehouse = api.open_warehouse(demo_db)
    frame = warehouse.insights("demo")
    assert len(frame) == 12 and set(frame["series"]) == {"observed", "self_rated"}
    with Warehouse(demo_db).reading() as con:
        expected = user_insights(con, "demo", DEFAULT_WEEKS)["signs"]
    for row in frame.astype(object).where(frame.notna(), None).to_dict("records"):
        trend = expected[row["sign"]][row["series"]]
        assert row["verdict"] == trend["verdict"] and row["weeks"] == trend["weeks"]
        shift = trend["shift"] or {}
        assert [row["called_by"], row["shift_form"], row["shift_difference"], row["shift_p_value"]] == [
            trend["called_by"],
            shift.get("form"),
            shift.get("difference"),
            shift.get("p_value"),
        ]
    assert frame["shift_difference"].notna().sum() >= 6, "the demo's weekly series each have a shift to read"
    page = warehouse.report("demo", tmp_path / "r.html")
    assert page == tmp_path / "r.html" and "Your independence report" in page.read_text(encoding="utf-8")


def test_the_vocabulary_frame_is_the_persons_tags_with_their_meanings(demo_db):
    from independence import api
    from independence.pipelines.vocabulary import person_tag_meanings
    from independence.warehouse import Warehouse

    frame = api.open_warehouse(demo_db).vocabulary("demo")
    with Warehouse(demo_db).reading() as con:
        expected = [meaning.as_json() for meaning in person_tag_meanings(con, "demo")]
    assert frame.astype(object).where(frame.notna(), None).to_dict("records") == expected
    assert list(frame["tag"][:1]) == ["partner"]
    assert frame.set_index("tag").loc["partner", "signal"] == "with_partner"
    assert frame["suggested"].isna().all() and frame["meaning_from"].notna().any()


def test_a_stale_warehouse_warns_for_frames_and_refuses_a_report(demo_db, tmp_path):
    from independence import api
    from independence.errors import WarehouseMissingError, WarehouseStaleError
    from independence.pipelines.imports import imported_export
    from tests.web.conftest import SAMPLES

    db = tmp_path / "w.duckdb"
    shutil.copyfile(demo_db, db)
    imported_export(SAMPLES / "checkins.csv", "other", db_path=db)
    warehouse = api.open_warehouse(db)
    with pytest.warns(UserWarning, match="independence build"):
        warehouse.weekly_signs("demo")
    with pytest.raises(WarehouseStaleError, match="independence build"):
        warehouse.report("demo", tmp_path / "r.html")
    with pytest.raises(WarehouseMissingError):
        api.open_warehouse(tmp_path / "none.duckdb")


def test_a_published_release_becomes_frames_with_its_hidden_cells(practice, tmp_path):  # noqa: F811
    from independence import api

    made = released(copied_warehouse(practice.db, tmp_path), practice.roster, tmp_path, "robin")
    frames = api.release_frames(made.json_path)
    content = json.loads(made.json_path.read_text(encoding="utf-8"))
    assert len(frames["weekly_signs"]) == len(content["weekly_signs"])
    assert frames["weekly_signs"]["suppressed"].sum() == sum(c["suppressed"] for c in content["weekly_signs"])
    assert len(frames["verdicts"]) == 12 * 5 and set(frames["verdicts"]["verdict"]) >= {"no_data", "steady"}
    shown = frames["verdicts"][~frames["verdicts"]["suppressed"]]
    assert (shown.groupby(["sign", "series"])["clients"].sum() <= content["release"]["clients"]["clients"]).all()
    assert len(frames["trends"]) == 12 and len(frames["engagement"]) == len(content["engagement"]["weeks"])


def test_entries_and_people_count_an_edited_entry_once_as_the_report_does(tmp_path):
    """A cumulative pair of exports: the second repeats the first with some moods edited and new days added."""
    from independence import api
    from independence.pipelines.builds import built_models
    from independence.pipelines.imports import imported_export
    from independence.pipelines.insights import user_insights
    from independence.warehouse import Warehouse
    from tests.conftest import REPO

    sample = REPO / "data" / "samples" / "daylio_export_2026_11_01.csv"
    lines = sample.read_text(encoding="utf-8-sig").splitlines()
    first, second = tmp_path / "first.csv", tmp_path / "second.csv"
    first.write_text("\n".join([lines[0], *lines[40:]]) + "\n", encoding="utf-8")
    edited = [line.replace('"good"', '"rad"') if number % 3 == 0 else line for number, line in enumerate(lines[1:])]
    second.write_text("\n".join([lines[0], *edited]) + "\n", encoding="utf-8")
    db = tmp_path / "w.duckdb"
    for path in (first, second):
        imported_export(path, "pair", db_path=db, moods_path=REPO / "data" / "samples" / "moods.toml")
    built_models(db)
    warehouse = api.open_warehouse(db)
    entries, every = warehouse.entries("pair"), warehouse.entries("pair", with_superseded=True)
    stored = sql(db, "select count(*) from entries where user_id = 'pair'")[0][0]
    current = sql(db, "select count(*) from int_entries_current where user_id = 'pair'")[0][0]
    assert len(every) == stored > len(entries) == current  # the first export's versions are superseded
    assert every["current"].sum() == len(entries) and set(entries["entry_id"]) <= set(every["entry_id"])
    with Warehouse(db).reading() as con:
        coverage = user_insights(con, "pair")["coverage"]
    people = warehouse.people().set_index("user_id").loc["pair"]
    assert (people["moods"], people["days_logged"]) == (coverage["entries"], coverage["days_logged"])
    assert (
        str(people["first_day"])[:10] == coverage["first_day"] and str(people["last_day"])[:10] == coverage["last_day"]
    )
    # the README's recipe gives the report's weekly means
    weekly = entries.set_index("logged_at_local")["mood_score"].resample("D").mean().resample("W").mean().dropna()
    marts = dict(sql(db, "select week_start + 6, mood_mean from mart_weekly_mood where user_id = 'pair'"))
    assert {day.date(): round(value, 6) for day, value in weekly.items()} == {
        day: round(value, 6) for day, value in marts.items() if value is not None
    }
