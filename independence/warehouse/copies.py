"""Warehouse copies: read-only snapshots of what renderers read, and a compacted rewrite after deletions.

DuckDB reuses the blocks that deleted rows leave behind but never clears them, so a person's deleted
notes would stay readable in the file's bytes. Rewriting the file from a fresh copy removes them.
Renderers read a snapshot taken right after a build, never the warehouse itself, so imports keep
writing while reports render; each process keeps one read-only connection per snapshot.
"""

from __future__ import annotations

import secrets
import threading
from pathlib import Path

import duckdb

from independence.warehouse.owner import connected

_SNAPSHOTS: dict[Path, duckdb.DuckDBPyConnection] = {}
_SNAPSHOTS_LOCK = threading.Lock()


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


def written_snapshot(con: duckdb.DuckDBPyConnection, db_path: Path, tables: list[str]) -> Path:
    """Copy the named tables of the open warehouse (what renderers read: `marts.report_tables`) to a fresh
    snapshot file beside it (mode 0600); return the snapshot's path."""
    path = sibling_path(db_path, "snapshot")
    database = con.execute("select current_database()").fetchall()[0][0].replace('"', '""')
    con.execute("attach ? as warehouse_snapshot", [str(path)]).fetchall()
    try:
        for table in tables:
            con.execute(
                f'create table warehouse_snapshot.{table} as select * from "{database}".main.{table}'
            ).fetchall()
    finally:
        con.execute("detach warehouse_snapshot").fetchall()
    path.chmod(0o600)
    return path


def compacted(con: duckdb.DuckDBPyConnection, db_path: Path) -> None:
    """Replace the warehouse file with a fresh copy of its live rows, so no deleted row's bytes remain.

    Call it on the only writable connection, as the last thing before closing it: the copy is renamed
    over the file while this connection still holds the old one, so every later opener gets the copy.
    """
    con.execute("checkpoint").fetchall()
    written_copy(con, sibling_path(db_path, "compact")).replace(db_path)


def snapshot_reader(snapshot: Path) -> duckdb.DuckDBPyConnection:
    """Return this process's read-only connection to a snapshot, opened once per run.

    Every batch a process (thread pool or Dask worker) renders reuses it, with DuckDB's cache warm;
    callers take their own cursor. Opening the next run's snapshot closes the previous one.
    """
    with _SNAPSHOTS_LOCK:
        if snapshot not in _SNAPSHOTS:
            for previous in list(_SNAPSHOTS):
                _SNAPSHOTS.pop(previous).close()
            _SNAPSHOTS[snapshot] = connected(snapshot, read_only=True)
        return _SNAPSHOTS[snapshot]


def removed_snapshot(snapshot: Path) -> None:
    """Close this process's connection to a snapshot, then delete it and its write-ahead log, if present.

    A Dask worker's connection closes when it opens the next run's snapshot.
    """
    with _SNAPSHOTS_LOCK:
        connection = _SNAPSHOTS.pop(snapshot, None)
    if connection is not None:
        connection.close()
    for file in (snapshot, snapshot.with_name(snapshot.name + ".wal")):
        file.unlink(missing_ok=True)
