"""Run the SQL transforms in `transforms/`: macros, then staging -> intermediate -> marts, then data tests.

Each model file is one SELECT whose file name is the table it produces. Models are ordered by the
tables they read (found by name in their SQL), layer by layer, and rebuilt with `create or replace`
inside one transaction: a build either replaces every model and passes every data test, or leaves
the warehouse exactly as it was.
"""

from __future__ import annotations

import datetime as dt
import graphlib
import re
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb

from independence.analysis.signals import seeded_default_terms
from independence.config import TRANSFORMS_DIR
from independence.errors import DataTestError, InsightsError
from independence.warehouse import transaction

LAYERS = ("staging", "intermediate", "marts")


@dataclass(frozen=True)
class Model:
    """One transform: its layer, table name, SQL and the models it reads."""

    layer: str
    name: str
    sql: str
    depends_on: frozenset[str]


@dataclass(frozen=True)
class BuildSummary:
    """What one build did: its id, models built, users covered and seconds taken."""

    build_id: int
    models: int
    users: int
    seconds: float
    model_seconds: dict[str, float]


def _without_comments(sql: str) -> str:
    """Return SQL without `--` line comments."""
    return re.sub(r"--[^\n]*", "", sql)


def transform_models(directory: Path = TRANSFORMS_DIR) -> list[Model]:
    """Return every model in run order; a model reading a later layer or a cycle is an error."""
    files = {path.stem: (layer, path) for layer in LAYERS for path in sorted((directory / layer).glob("*.sql"))}
    models = {}
    for name, (layer, path) in files.items():
        sql = path.read_text(encoding="utf-8")
        words = set(re.findall(r"[a-z_][a-z0-9_]*", _without_comments(sql).lower()))
        depends_on = frozenset(words & set(files) - {name})
        later = [dep for dep in depends_on if LAYERS.index(files[dep][0]) > LAYERS.index(layer)]
        if later:
            raise InsightsError(f"{path}: a {layer} model must not read the later model(s) {', '.join(sorted(later))}")
        models[name] = Model(layer, name, sql.strip().rstrip(";"), depends_on)
    order = graphlib.TopologicalSorter({name: model.depends_on for name, model in models.items()})
    ranked = list(order.static_order())
    return sorted(models.values(), key=lambda m: (LAYERS.index(m.layer), ranked.index(m.name)))


def data_tests(directory: Path = TRANSFORMS_DIR) -> dict[str, str]:
    """Return the data tests by name: SELECTs that return offending rows (none = pass)."""
    return {path.stem: path.read_text(encoding="utf-8") for path in sorted((directory / "tests").glob("*.sql"))}


def failed_data_tests(con: duckdb.DuckDBPyConnection, directory: Path = TRANSFORMS_DIR) -> dict[str, int]:
    """Return each failing data test with its number of offending rows (empty when all pass)."""
    failures = {}
    for name, sql in data_tests(directory).items():
        offending = con.execute(f"select count(*) from ({_without_comments(sql)})").fetchall()[0][0]
        if offending:
            failures[name] = offending
    return failures


def _built_models(con: duckdb.DuckDBPyConnection, directory: Path) -> dict[str, float]:
    """Create the macros and every model in order; return each model's build time in seconds."""
    for path in sorted((directory / "macros").glob("*.sql")):
        con.execute(path.read_text(encoding="utf-8")).fetchall()
    seconds = {}
    for model in transform_models(directory):
        started = time.perf_counter()
        con.execute(f"create or replace table {model.name} as {model.sql}").fetchall()
        seconds[model.name] = round(time.perf_counter() - started, 3)
    return seconds


def built_warehouse(con: duckdb.DuckDBPyConnection, directory: Path = TRANSFORMS_DIR) -> BuildSummary:
    """Rebuild every model from the canonical tables in one transaction and record the build."""
    started, clock = dt.datetime.now(dt.UTC), time.perf_counter()
    with transaction(con):
        seeded_default_terms(con)
        model_seconds = _built_models(con, directory)
        failures = failed_data_tests(con, directory)
        if failures:
            listed = ", ".join(f"{name} ({rows} rows)" for name, rows in failures.items())
            raise DataTestError(f"build rolled back: data tests failed: {listed}")
        build_id, last_import, users = con.execute(
            """select (select coalesce(max(build_id), 0) + 1 from builds),
                      (select coalesce(max(import_id), 0) from imports),
                      (select count(distinct user_id) from entries)"""
        ).fetchall()[0]
        con.execute(
            "insert into builds values (?, ?, ?, ?, ?, ?)",
            [build_id, started, dt.datetime.now(dt.UTC), last_import, len(model_seconds), users],
        ).fetchall()
    return BuildSummary(build_id, len(model_seconds), users, round(time.perf_counter() - clock, 3), model_seconds)


def build_is_current(con: duckdb.DuckDBPyConnection) -> bool:
    """Return whether every model's table exists and the latest build has seen every import.

    A model added by an upgrade makes the build stale, so the next report rebuilds instead of failing.
    A new vocabulary (`--signals`) is not visible here: its callers rebuild after storing one.
    """
    seen_every_import = con.execute(
        """select coalesce((select last_import_id from builds order by build_id desc limit 1), -1)
                  = (select coalesce(max(import_id), 0) from imports)"""
    ).fetchall()[0][0]
    tables = {row[0] for row in con.execute("select table_name from information_schema.tables").fetchall()}
    return bool(seen_every_import) and {model.name for model in transform_models()} <= tables
