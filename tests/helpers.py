"""Helpers shared by the tests: the command line as a person runs it, and rows read from a warehouse."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import duckdb

from independence.warehouse import Warehouse
from tests.conftest import REPO

CLI = Path(sys.executable).with_name("independence")


def run(*args: str, cwd: Path = REPO, env: dict | None = None) -> subprocess.CompletedProcess:
    environment = {key: value for key, value in os.environ.items() if key != "INDEPENDENCE_DB"} | (env or {})
    return subprocess.run([str(CLI), *args], capture_output=True, text=True, cwd=cwd, env=environment, timeout=120)


def rows(db: Path | duckdb.DuckDBPyConnection, sql: str, *parameters: object) -> list[tuple]:
    """Return a query's rows: on an open connection, or on a warehouse file opened read-only through its owner."""
    if isinstance(db, duckdb.DuckDBPyConnection):
        return db.execute(sql, list(parameters)).fetchall()
    with Warehouse(db).reading(wait=0) as con:
        return con.execute(sql, list(parameters)).fetchall()


def count_rows(db: Path | duckdb.DuckDBPyConnection, sql: str, *parameters: object) -> object:
    """Return the single value a query gives (a count, a JSON document), on a connection or a warehouse file."""
    return rows(db, sql, *parameters)[0][0]
