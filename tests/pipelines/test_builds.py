"""Incremental builds: only the people with new imports are rebuilt, and the tables equal a full build's."""

from __future__ import annotations

import shutil

from tests.web.conftest import DAYLIO, SAMPLES


def model_rows(con) -> dict[str, list[tuple]]:
    """Return every model's rows, sorted, so two builds can be compared table by table.

    Floats are rounded to 9 decimals: DuckDB's parallel sums add in no fixed order, so even two full
    builds may differ in the last bit.
    """
    from independence.analysis.transforms import transform_models

    def rounded(row: tuple) -> tuple:
        return tuple(round(value, 9) if isinstance(value, float) else value for value in row)

    return {
        model.name: sorted((rounded(row) for row in con.execute(f"select * from {model.name}").fetchall()), key=repr)
        for model in transform_models()
    }


def test_an_incremental_build_rebuilds_only_the_people_who_changed_and_equals_a_full_build(demo_db, tmp_path):
    from independence.analysis.transforms import built_warehouse, users_changed_since_build
    from independence.pipelines.builds import current_build
    from independence.pipelines.imports import imported_export
    from independence.warehouse import Warehouse

    db = tmp_path / "warehouse.duckdb"
    shutil.copyfile(demo_db, db)
    imported_export(SAMPLES / "checkins.csv", "other", db_path=db)
    with Warehouse(db).writing() as con:
        built_warehouse(con)
        before = model_rows(con)
    imported_export(DAYLIO, "newcomer", db_path=db, moods_path=SAMPLES / "moods.toml")
    imported_export(SAMPLES / "checkins.csv", "demo", db_path=db)  # all duplicates: the person is rebuilt anyway
    with Warehouse(db).writing() as con:
        assert users_changed_since_build(con) == ["demo", "newcomer"]
        current_build(con)
        (users,) = con.execute("select users from builds order by build_id desc limit 1").fetchall()[0]
        incremental = model_rows(con)
        built_warehouse(con)
        full = model_rows(con)
    assert users == 2, "only the two people with new imports were built"
    for name in full:
        assert incremental[name] == full[name], name
    others = {name: [row for row in rows if "other" in row] for name, rows in before.items()}
    assert others == {name: [row for row in rows if "other" in row] for name, rows in incremental.items()}
    assert any("newcomer" in row for rows in incremental.values() for row in rows)


def test_build_rebuilds_people_with_new_imports_and_full_rebuilds_everyone(demo_db, tmp_path):
    from tests.helpers import run

    db = tmp_path / "warehouse.duckdb"
    shutil.copyfile(demo_db, db)
    assert run("ingest", str(SAMPLES / "checkins.csv"), "--user", "other", "--db", str(db)).returncode == 0
    changed = run("build", "--db", str(db))
    assert changed.returncode == 0 and "models for 1 person (people with new imports" in changed.stdout
    full = run("build", "--full", "--db", str(db))
    assert full.returncode == 0 and "models for 2 people (every person" in full.stdout


def test_an_incremental_build_runs_the_data_tests_on_the_rebuilt_people_and_rolls_back(demo_db, tmp_path):
    import duckdb
    import pytest

    from independence.analysis.transforms import built_warehouse
    from independence.config import TRANSFORMS_DIR
    from independence.errors import DataTestError
    from independence.pipelines.imports import imported_export
    from independence.warehouse import Warehouse

    db = tmp_path / "warehouse.duckdb"
    shutil.copyfile(demo_db, db)
    imported_export(SAMPLES / "checkins.csv", "other", db_path=db)
    broken = tmp_path / "transforms"
    shutil.copytree(TRANSFORMS_DIR, broken)
    # offending rows only among the rebuilt person's: the test sees them although "demo" is not rebuilt
    (broken / "tests" / "assert_no_other.sql").write_text("select * from mart_weekly_signs where user_id = 'other'\n")
    failing = tmp_path / "failing"
    shutil.copytree(TRANSFORMS_DIR, failing)  # a model that fails halfway through the build
    (failing / "marts" / "mart_weekly_mood.sql").write_text("select no_such_column, user_id from entries\n")
    with Warehouse(db).writing() as con:
        builds = con.execute("select count(*) from builds").fetchall()[0][0]
        with pytest.raises(DataTestError, match=r"assert_no_other \(\d+ rows\)"):
            built_warehouse(con, broken, users=["other"])
        with pytest.raises(duckdb.Error, match="no_such_column"):
            built_warehouse(con, failing, users=["other"])
        assert con.execute("select * from duckdb_tables() where temporary").fetchall() == []  # rolled back too
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("select count(*) from mart_weekly_signs where user_id = 'other'").fetchall() == [(0,)]
        assert con.execute("select count(*) from builds").fetchall()[0][0] == builds


def test_deleting_a_person_leaves_no_model_row_of_their_entries_and_equals_a_full_build(demo_db, tmp_path):
    from independence.analysis.transforms import built_warehouse
    from independence.pipelines.imports import imported_export
    from independence.pipelines.people import deleted_person
    from independence.warehouse import Warehouse

    db = tmp_path / "warehouse.duckdb"
    shutil.copyfile(demo_db, db)
    imported_export(DAYLIO, "leaver", db_path=db, moods_path=SAMPLES / "moods.toml")
    with Warehouse(db).writing() as con:
        built_warehouse(con)
    assert deleted_person("leaver", db, tmp_path / "reports") > 500
    with Warehouse(db).writing() as con:
        after_delete = model_rows(con)
        entry_keyed = [
            name
            for (name,) in con.execute(
                """select table_name from information_schema.columns where column_name = 'entry_id'
                   and table_name in (select unnest(?::varchar[]))
                   and table_name not in (select table_name from information_schema.columns
                                          where column_name = 'user_id')""",
                [list(after_delete)],
            ).fetchall()
        ]
        orphans = {
            name: con.execute(
                f"select count(*) from {name} where entry_id not in (select entry_id from entries)"
            ).fetchall()[0][0]
            for name in entry_keyed
        }
        built_warehouse(con)
        full = model_rows(con)
    assert entry_keyed and orphans == dict.fromkeys(entry_keyed, 0)
    assert after_delete == full


def test_a_warehouse_built_by_an_older_version_is_rebuilt_whole_before_a_report_reads_it(demo_db, tmp_path):
    """The demo warehouse built before `mart_daily_tags` had its `feeling` column made every report fail ("a bug");
    a model whose meaning changed without a new column would have been read as the old models meant it."""
    from independence.analysis.transforms import (
        build_is_current,
        built_warehouse,
        transforms_fingerprint,
        users_changed_since_build,
    )
    from independence.config import TRANSFORMS_DIR
    from independence.pipelines.reports import person_report
    from independence.warehouse import Warehouse

    older = tmp_path / "transforms"
    shutil.copytree(TRANSFORMS_DIR, older)
    model = older / "marts" / "mart_daily_tags.sql"
    model.write_text(
        model.read_text(encoding="utf-8").replace(", spellings.feeling\n", "\n").replace("bool_and(feeling)", "null"),
        encoding="utf-8",
    )
    schema = older / "schema.yml"
    schema.write_text(schema.read_text(encoding="utf-8").replace("tag_key, tag, feeling]", "tag_key, tag]"))
    assert transforms_fingerprint(older) != transforms_fingerprint()
    db = tmp_path / "warehouse.duckdb"
    shutil.copyfile(demo_db, db)
    with Warehouse(db).writing() as con:
        built_warehouse(con, older)
        assert "feeling" not in {row[0] for row in con.execute("describe mart_daily_tags").fetchall()}
        assert not users_changed_since_build(con) and not build_is_current(con)
    page = person_report("demo", db_path=db, out=tmp_path / "demo.html").read_text(encoding="utf-8")
    assert "What went with your mood" in page
    with Warehouse(db).writing() as con:
        rebuilt = con.execute("select users, transforms from builds order by build_id desc limit 1").fetchall()[0]
        assert rebuilt == (1, transforms_fingerprint()) and build_is_current(con)
        assert "feeling" in {row[0] for row in con.execute("describe mart_daily_tags").fetchall()}
        con.execute("update builds set transforms = null").fetchall()  # as schema 9 finds the builds made before it
        assert not build_is_current(con)
