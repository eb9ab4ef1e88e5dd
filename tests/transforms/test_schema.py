"""transforms/schema.yml: every model declared, its lineage as a SQL parser reads it, data tests that catch bad rows.

The lineage is declared (the runner orders the models by it, with no parsing at run time) and checked here
against sqlglot's reading of each model's SQL, so it can never drift from what the SQL really reads.
"""

from __future__ import annotations

import re

import pytest
import sqlglot
from sqlglot import exp

from independence.analysis.transforms import (
    LAYERS,
    TRANSFORMS_DIR,
    built_warehouse,
    data_tests,
    failed_data_tests,
    model_schema,
    transform_models,
)
from independence.errors import DataTestError
from independence.warehouse import Warehouse
from tests.transforms.rows import add_entry, add_import


def _model_files() -> dict[str, str]:
    return {path.stem: layer for layer in LAYERS for path in (TRANSFORMS_DIR / layer).glob("*.sql")}


def parsed_reads(sql: str) -> set[str]:
    """Return the tables a model's SELECT reads, as sqlglot parses it (its own CTEs left out)."""
    tree = sqlglot.parse_one(sql, dialect="duckdb")
    ctes = {cte.alias_or_name for cte in tree.find_all(exp.CTE)}
    return {table.name for table in tree.find_all(exp.Table) if table.name not in ctes}


def test_every_model_file_has_a_schema_entry_and_every_entry_a_model_file():
    assert set(model_schema()) == set(_model_files())
    assert len(_model_files()) >= 33


@pytest.mark.parametrize("model", sorted(_model_files()))
def test_the_declared_lineage_is_what_the_sql_reads(model):
    sql = (TRANSFORMS_DIR / _model_files()[model] / f"{model}.sql").read_text(encoding="utf-8")
    assert set(model_schema()[model]["reads"]) == parsed_reads(sql)


def test_the_parser_reads_tables_not_words():
    # the old lineage matched words: a column or a comment named like a model counted as reading it
    sql = """-- reads nothing of int_daily_mood_calendar
             with int_entries_current as (select 1 as mart_daily_mood)
             select mart_daily_mood from int_entries_current join stg_warehouse__entries using (entry_id)"""
    assert parsed_reads(sql) == {"stg_warehouse__entries"}


def test_every_model_has_data_tests_that_name_it():
    names = list(data_tests())
    for model in _model_files():
        named = [name for name in names if re.search(rf"(^|__){model}(__|$)", name)]
        assert len(named) >= 2, f"{model}: {named}"  # at least its key and its values
        assert f"unique__{model}" in named


def test_the_readme_lists_every_model_in_its_layer_and_no_other():
    readme = (TRANSFORMS_DIR / "README.md").read_text(encoding="utf-8")
    rows = {line.split("|")[1].strip(" `/"): line for line in readme.splitlines() if line.startswith("| `")}
    for model, layer in _model_files().items():
        assert f"`{model}`" in rows[layer], f"{model} is not in the README's {layer} row"
    listed = set(re.findall(r"`((?:stg|int|mart)_\w+)`", readme))
    assert listed == set(_model_files())


def test_models_run_in_the_order_their_declared_reads_need():
    position = {model.name: index for index, model in enumerate(transform_models())}
    for model in transform_models():
        assert all(position[parent] < position[model.name] for parent in model.depends_on), model.name


@pytest.fixture
def built(db_path):
    with Warehouse(db_path).writing() as con:
        batch = add_import(con, "ana")
        for day in range(1, 20):
            add_entry(con, "ana", f"2026-03-{day:02d} 09:00", 1 + day % 5, ("partner", "argument"), import_id=batch)
        built_warehouse(con)
        assert failed_data_tests(con) == {}
        yield con


@pytest.mark.parametrize(
    ("breaking", "caught"),
    [
        ("insert into mart_weekly_mood select * from mart_weekly_mood limit 1", "unique__mart_weekly_mood"),
        ("update mart_daily_mood set mood_mean = 6 where logged", "values__mart_daily_mood"),
        ("update mart_weekly_signs set series = 'guessed'", "values__mart_weekly_signs"),
        ("update int_entry_tags_current set user_id = 'someone else'", "relationships__int_entry_tags_current"),
        ("delete from int_weekly_apart_together", "relationships__mart_weekly_apart_together"),
        ("update mart_user_imports set file_name = null", "values__mart_user_imports"),
    ],
)
def test_the_generic_tests_catch_a_broken_row(built, breaking, caught):
    built.execute(breaking).fetchall()
    failed = failed_data_tests(built)
    assert any(name.startswith(caught) for name in failed), failed


def test_a_build_whose_generic_test_fails_is_rolled_back(built, tmp_path):
    import shutil

    broken = tmp_path / "transforms"
    shutil.copytree(TRANSFORMS_DIR, broken)
    model = broken / "marts" / "mart_weekly_mood.sql"
    model.write_text(f"select * from ({model.read_text()}) union all select * from ({model.read_text()})\n")
    with pytest.raises(DataTestError, match=r"unique__mart_weekly_mood \(\d+ rows\)"):
        built_warehouse(built, broken)
    assert built.execute("select count(*) from builds").fetchall() == [(1,)]
