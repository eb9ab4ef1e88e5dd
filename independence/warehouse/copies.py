"""Whole-warehouse copies: a read-only snapshot for renderers, and a compacted rewrite after deletions.

DuckDB reuses the blocks that deleted rows leave behind but never clears them, so a person's deleted
notes would stay readable in the file's bytes. Rewriting the file from a fresh copy removes them.
"""

from __future__ import annotations

import secrets
from pathlib import Path

import duckdb


def sibling_path(db_path: Path, purpose: str) -> Path:
    """Return a fresh, unguessable hidden path beside the warehouse, e.g. .warehouse.duckdb.snapshot-1a2b…"""
    return db_path.with_name(f".{db_path.name}.{purpose}-{secrets.token_hex(8)}")


def written_copy(con: duckdb.DuckDBPyConnection, path: Path) -> Path:
    """Copy every table of the open warehouse into a new database file at `path` (mode 0600); return the path."""
    database = con.execute("select current_database()").fetchall()[0][0]
    con.execute("attach ? as warehouse_copy", [str(path)]).fetchall()
    try:
        con.execute(f'copy from database "{database}" to warehouse_copy').fetchall()
    finally:
        con.execute("detach warehouse_copy").fetchall()
    path.chmod(0o600)
    return path


def compacted(con: duckdb.DuckDBPyConnection, db_path: Path) -> None:
    """Replace the warehouse file with a fresh copy of its live rows, so no deleted row's bytes remain.

    Call it on the only writable connection, as the last thing before closing it: the copy is renamed
    over the file while this connection still holds the old one, so every later opener gets the copy.
    """
    con.execute("checkpoint").fetchall()
    written_copy(con, sibling_path(db_path, "compact")).replace(db_path)
