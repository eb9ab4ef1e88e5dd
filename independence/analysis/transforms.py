"""Run the SQL transforms in `transforms/`: macros, then staging -> intermediate -> marts, then data tests.

Each model file is one SELECT whose file name is the table it produces. `transforms/schema.yml` declares
what each model reads (its lineage; a test checks it against the SQL as sqlglot parses it) and its
generic data tests (unique, not null, accepted values, ranges, relationships to its parents). Models are
ordered by what they read, layer by layer, and rebuilt with `create or replace` inside one transaction:
a build either replaces every model and passes every data test, or leaves the warehouse exactly as it
was. An incremental build replaces only some people's rows in every model, in the same order and
transaction, with the same data tests (see `built_warehouse`).
"""

from __future__ import annotations

import datetime as dt
import functools
import graphlib
import hashlib
import re
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb
import yaml

from independence.analysis import signals
from independence.analysis.signals import VOCABULARY_DIR, seeded_default_terms
from independence.config import TRANSFORMS_DIR
from independence.errors import DataTestError, InsightsError
from independence.warehouse import transaction
from independence.warehouse.users import validated_user_id

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


def model_schema(directory: Path = TRANSFORMS_DIR) -> dict[str, dict]:
    """Return schema.yml's entry of every model: what it reads and its generic data tests."""
    path = directory / "schema.yml"
    return _parsed_schema(path, path.stat().st_mtime_ns)


@functools.lru_cache(maxsize=8)
def _parsed_schema(path: Path, _modified: int) -> dict[str, dict]:
    """Return a schema file's models, parsed once per version of the file (every command checks the models)."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(path.read_text(encoding="utf-8"), Loader=loader)["models"]


def transform_models(directory: Path = TRANSFORMS_DIR) -> list[Model]:
    """Return every model in run order; a model without a schema entry, reading a later layer, or a cycle is an
    error."""
    files = {path.stem: (layer, path) for layer in LAYERS for path in sorted((directory / layer).glob("*.sql"))}
    schema = model_schema(directory)
    models = {}
    for name, (layer, path) in files.items():
        if name not in schema:
            raise InsightsError(f"{path}: model {name} has no entry in {directory / 'schema.yml'}")
        depends_on = frozenset(schema[name]["reads"]) & set(files)
        later = [dep for dep in depends_on if LAYERS.index(files[dep][0]) > LAYERS.index(layer)]
        if later:
            raise InsightsError(f"{path}: a {layer} model must not read the later model(s) {', '.join(sorted(later))}")
        models[name] = Model(layer, name, path.read_text(encoding="utf-8").strip().rstrip(";"), depends_on)
    order = graphlib.TopologicalSorter({name: model.depends_on for name, model in models.items()})
    ranked = list(order.static_order())
    return sorted(models.values(), key=lambda m: (LAYERS.index(m.layer), ranked.index(m.name)))


def _literal(value: object) -> str:
    """Return a value of schema.yml as a SQL literal (strings quoted, None as null)."""
    if value is None:
        return "null"
    return "'" + str(value).replace("'", "''") + "'" if isinstance(value, str) else repr(value)


def generic_tests(model: str, entry: dict) -> dict[str, str]:
    """Return one model's generic data tests from its schema entry, by name: SELECTs of offending rows."""
    tests = {}
    if entry.get("unique"):
        key = ", ".join(entry["unique"])
        tests[f"unique__{model}"] = f"select {key} from {model} group by {key} having count(*) > 1"
    wrong = [f"{column} is null" for column in entry.get("not_null", [])]
    for column, values in entry.get("accepted", {}).items():
        wrong.append(f"{column} not in ({', '.join(_literal(v) for v in values)})")
    for column, (low, high) in entry.get("range", {}).items():
        wrong += [f"{column} < {low}"] if low is not None else []
        wrong += [f"{column} > {high}"] if high is not None else []
    if wrong:
        tests[f"values__{model}"] = f"select * from {model} where " + " or ".join(f"({w})" for w in wrong)
    for parent, columns in entry.get("relationships", {}).items():
        matched = " and ".join(f"child.{c} is not distinct from parent.{c}" for c in columns)
        tests[f"relationships__{model}__{parent}"] = (
            f"select child.* from {model} child anti join {parent} parent on {matched}"
        )
    return tests


def data_tests(directory: Path = TRANSFORMS_DIR) -> dict[str, str]:
    """Return every data test by name: schema.yml's generic tests of each model, then the hand-written SELECTs of
    tests/ (each returns offending rows; none = pass)."""
    found = {}
    for model, entry in model_schema(directory).items():
        found |= generic_tests(model, entry)
    found |= {path.stem: path.read_text(encoding="utf-8") for path in sorted((directory / "tests").glob("*.sql"))}
    return found


def failed_data_tests(con: duckdb.DuckDBPyConnection, directory: Path = TRANSFORMS_DIR) -> dict[str, int]:
    """Return each failing data test with its number of offending rows (empty when all pass), all in one query."""
    counts = " union all ".join(
        f"select {_literal(name)} as test, count(*) as offending from ({_without_comments(sql)})"
        for name, sql in data_tests(directory).items()
    )
    return {name: rows for name, rows in con.execute(counts).fetchall() if rows}


def created_macros(con: duckdb.DuckDBPyConnection, directory: Path = TRANSFORMS_DIR) -> None:
    """Create (or replace) the SQL macros the models use."""
    for path in sorted((directory / "macros").glob("*.sql")):
        con.execute(path.read_text(encoding="utf-8")).fetchall()


def _built_models(con: duckdb.DuckDBPyConnection, directory: Path) -> dict[str, float]:
    """Create every model in order; return each model's build time in seconds."""
    seconds = {}
    for model in transform_models(directory):
        started = time.perf_counter()
        con.execute(f"create or replace table {model.name} as {model.sql}").fetchall()
        seconds[model.name] = round(time.perf_counter() - started, 3)
    return seconds


def _partition_key(con: duckdb.DuckDBPyConnection, table: str) -> str | None:
    """Return the column a stored table's rows belong to a person by: 'user_id', 'entry_id', or None (shared)."""
    columns = {
        name
        for (name,) in con.execute(
            """select column_name from information_schema.columns
               where table_name = ? and table_schema = 'main' and table_catalog = current_database()""",
            [table],
        ).fetchall()
    }
    return "user_id" if "user_id" in columns else "entry_id" if "entry_id" in columns else None


def _rebuilt_for_users(
    con: duckdb.DuckDBPyConnection, directory: Path, users: list[str], removed: bool
) -> tuple[dict[str, float], dict[str, int]]:
    """Replace, in every model, the rows of `users` (by user_id, or by their entries' ids); return the seconds
    per model and the data tests that fail on the rebuilt rows (see `failed_data_tests`).

    Temporary views named like the canonical tables, holding only these people's rows, shadow them
    (DuckDB looks in `temp` first); each model is computed into a temporary table of its own name,
    which the next models read in turn, then swapped into the stored model. So the work is these
    people's rows only, whatever else the warehouse holds. The data tests run while the shadows are in
    place, so they check these people's rows: everyone else's are unchanged and passed when they were
    built. Shared models (no person column, such as the seeded vocabulary) are small and rebuilt whole.
    With `removed`, entry-keyed rows whose entry is no longer stored go too (a whole-table anti-join,
    needed only after entries were deleted). User ids are validated, so they are listed as literals.
    """
    if not users:
        return {}, {}
    stored = '"' + con.execute("select current_database()").fetchall()[0][0].replace('"', '""') + '".main'
    listed = ", ".join(f"'{validated_user_id(user)}'" for user in users)
    theirs = f"(select entry_id from {stored}.entries where user_id in ({listed}))"
    models = transform_models(directory)
    keys = {model.name: _partition_key(con, model.name) for model in models}
    canonical = [
        name
        for (name,) in con.execute(
            """select table_name from information_schema.tables where table_schema = 'main'
               and table_catalog = current_database() and table_type = 'BASE TABLE'"""
        ).fetchall()
        if name not in keys
    ]
    shadows, seconds = [], {}  # the build's transaction drops them too when anything fails
    for table in canonical:
        key = _partition_key(con, table)
        if key is not None:
            scope = f"user_id in ({listed})" if key == "user_id" else f"entry_id in {theirs}"
            con.execute(f"create temp view {table} as select * from {stored}.{table} where {scope}").fetchall()
            shadows.append(("view", table))
    for model in models:
        started = time.perf_counter()
        key = keys[model.name]
        if key is None:
            con.execute(f"create or replace table {stored}.{model.name} as {model.sql}").fetchall()
        else:
            con.execute(f"create temp table {model.name} as {model.sql}").fetchall()
            shadows.append(("table", model.name))
            scope = f"user_id in ({listed})" if key == "user_id" else f"entry_id in {theirs}"
            if key == "entry_id" and removed:  # also the rows of the entries just deleted
                scope += f" or entry_id not in (select entry_id from {stored}.entries)"
            con.execute(f"delete from {stored}.{model.name} where {scope}").fetchall()
            con.execute(f"insert into {stored}.{model.name} by name select * from temp.{model.name}").fetchall()
        seconds[model.name] = round(time.perf_counter() - started, 3)
    failures = failed_data_tests(con, directory)  # on the shadows: these people's rebuilt rows
    for kind, name in reversed(shadows):
        con.execute(f"drop {kind} temp.{name}").fetchall()
    return seconds, failures


def built_warehouse(
    con: duckdb.DuckDBPyConnection,
    directory: Path = TRANSFORMS_DIR,
    users: list[str] | None = None,
    removed: bool = False,
) -> BuildSummary:
    """Rebuild the models from the canonical tables in one transaction, run every data test, record the build.

    With `users`, only those people's rows are replaced (an incremental build: an import's cost does not
    grow with everyone else's data); without, every model is rebuilt whole. Both give the same tables.
    `removed` says entries of `users` were deleted since the last build (a person's deletion).
    """
    started, clock = dt.datetime.now(dt.UTC), time.perf_counter()
    with transaction(con):
        seeded_default_terms(con)
        created_macros(con, directory)
        if users is None:
            model_seconds = _built_models(con, directory)
            failures = failed_data_tests(con, directory)
        else:
            model_seconds, failures = _rebuilt_for_users(con, directory, users, removed)
        if failures:
            listed = ", ".join(f"{name} ({rows} rows)" for name, rows in failures.items())
            raise DataTestError(f"build rolled back: data tests failed: {listed}")
        build_id, last_import, everyone = con.execute(
            """select (select coalesce(max(build_id), 0) + 1 from builds),
                      (select coalesce(max(import_id), 0) from imports),
                      (select count(distinct user_id) from entries)"""
        ).fetchall()[0]
        built = everyone if users is None else len(users)
        con.execute(
            "insert into builds (build_id, started_at, finished_at, last_import_id, models, users, transforms) "
            "values (?, ?, ?, ?, ?, ?, ?)",
            [
                build_id,
                started,
                dt.datetime.now(dt.UTC),
                last_import,
                len(model_seconds),
                built,
                transforms_fingerprint(directory),
            ],
        ).fetchall()
    return BuildSummary(build_id, len(model_seconds), built, round(time.perf_counter() - clock, 3), model_seconds)


def transforms_fingerprint(directory: Path = TRANSFORMS_DIR) -> str:
    """Return the SHA-256 of what the models are made from besides the data: every SQL file (models, macros,
    data tests), the schema, the shipped vocabulary and the code that seeds it. A build records it; a warehouse
    built by another version of them is rebuilt whole before anyone reads it."""
    digest = hashlib.sha256()
    files = [path for path in sorted(directory.rglob("*")) if path.suffix in (".sql", ".yml")]
    files += [*sorted(VOCABULARY_DIR.glob("*.toml")), Path(signals.__file__)]
    for path in files:
        digest.update(f"{path.name}\0".encode() + path.read_bytes() + b"\0")
    return digest.hexdigest()


def built_by_other_transforms(con: duckdb.DuckDBPyConnection, directory: Path = TRANSFORMS_DIR) -> bool:
    """Return whether the latest build ran with other models or vocabulary than these (an upgrade: True), or never
    ran."""
    found = con.execute("select transforms from builds order by build_id desc limit 1").fetchall()
    return not found or found[0][0] != transforms_fingerprint(directory)


def full_build_needed(con: duckdb.DuckDBPyConnection, directory: Path = TRANSFORMS_DIR) -> bool:
    """Return whether only a full build brings the models up to date: a model has no table yet, or every person's
    rows were built by other models or vocabulary than these (an upgrade)."""
    return not models_exist(con, directory) or built_by_other_transforms(con, directory)


def users_changed_since_build(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Return the people with an import newer than the latest build, sorted (everyone's, before any build)."""
    return [
        user
        for (user,) in con.execute(
            """select distinct user_id from imports
               where import_id > coalesce((select last_import_id from builds order by build_id desc limit 1), -1)
               order by user_id"""
        ).fetchall()
    ]


def models_exist(con: duckdb.DuckDBPyConnection, directory: Path = TRANSFORMS_DIR) -> bool:
    """Return whether every model has its table (a model added by an upgrade has none until a full build)."""
    tables = {row[0] for row in con.execute("select table_name from information_schema.tables").fetchall()}
    return {model.name for model in transform_models(directory)} <= tables


def build_is_current(con: duckdb.DuckDBPyConnection) -> bool:
    """Return whether the latest build has seen every import and was made by these models and vocabulary.

    An upgrade that adds or changes a model (or the shipped vocabulary) makes the build stale, so the next
    report rebuilds instead of failing on a missing column or, worse, reading what the old models meant.
    A person's changed vocabulary is not visible here: its callers rebuild that person after storing it.
    """
    seen_every_import = con.execute(
        """select coalesce((select last_import_id from builds order by build_id desc limit 1), -1)
                  = (select coalesce(max(import_id), 0) from imports)"""
    ).fetchall()[0][0]
    return bool(seen_every_import) and not full_build_needed(con)
