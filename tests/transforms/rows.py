"""Write a handful of canonical rows straight into a real warehouse file, for transform unit tests."""

from __future__ import annotations

import datetime as dt
import itertools

import duckdb

_NUMBERS = itertools.count(1)


def add_import(con: duckdb.DuckDBPyConnection, user: str, source: str = "daylio") -> int:
    """Insert one import row and return its id."""
    import_id = con.execute("select coalesce(max(import_id), 0) + 1 from imports").fetchall()[0][0]
    con.execute(
        "insert into imports values (?, ?, ?, ?, 'inline.csv', 'x', 0, 0, 0, 0, 0, now(), now())",
        [import_id, user, source, source],
    ).fetchall()
    return import_id


def add_entry(
    con: duckdb.DuckDBPyConnection,
    user: str,
    when: str | dt.datetime,
    mood: float | None,
    tags: tuple[str, ...] = (),
    note: str | None = None,
    *,
    import_id: int,
    source: str = "daylio",
    measures: dict[str, float] | None = None,
    source_entry_id: str | None = None,
    tag_group: str = "activity",
) -> str:
    """Insert one entry with its tags (all in `tag_group`) and measures (and the app's own id of it, if given);
    return its id."""
    entry_id = f"{user}-{next(_NUMBERS)}"
    con.execute(
        "insert into entries values (?, ?, ?, ?, null, ?, ?, null, ?, ?, 1, ?)",
        [entry_id, user, source, when, None if mood is None else str(mood), mood, note, import_id, source_entry_id],
    ).fetchall()
    for tag in tags:
        con.execute("insert into entry_tags values (?, ?, ?)", [entry_id, tag, tag_group]).fetchall()
    for name, value in (measures or {}).items():
        con.execute("insert into entry_measures values (?, ?, ?, 5)", [entry_id, name, value]).fetchall()
    return entry_id
