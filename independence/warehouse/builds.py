"""The `builds` table: one row per transform build (written by `analysis.transforms.built_warehouse`)."""

from __future__ import annotations

import duckdb


def latest_build_id(con: duckdb.DuckDBPyConnection) -> int | None:
    """Return the id of the latest transform build, or None before the first."""
    return con.execute("select max(build_id) from builds").fetchall()[0][0]
