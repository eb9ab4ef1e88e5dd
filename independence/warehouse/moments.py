"""The moments a person marks, with their date and their own words: stored, listed, removed.

Moments are the person's own data, like their notes: only they read them (their report, their insight JSON),
they go when the person is deleted (`people.PERSON_TABLES`), and no coach release reads this table.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb


@dataclass(frozen=True)
class MarkedMoment:
    """One moment a person marked: its number (theirs, from 1), the day, their words."""

    moment_id: int
    on: dt.date
    words: str

    def as_json(self) -> dict:
        """Return the moment as JSON: id, ISO date, words."""
        return {"moment_id": self.moment_id, "date": self.on.isoformat(), "words": self.words}


def marked_moments(con: duckdb.DuckDBPyConnection, users: list[str]) -> dict[str, list[MarkedMoment]]:
    """Return each user's marked moments in date order (users without any are absent).

    A warehouse last written by a version before moments (read without migrating) has none.
    """
    exists = con.execute(
        "select count(*) from information_schema.tables where table_name = 'user_moments' "
        "and table_catalog = current_database()"
    ).fetchall()[0][0]
    if not exists:
        return {}
    rows = con.execute(
        "select user_id, moment_id, on_date, words from user_moments where list_contains(?, user_id) "
        "order by user_id, on_date, moment_id",
        [users],
    ).fetchall()
    found: dict[str, list[MarkedMoment]] = {}
    for user, moment_id, on, words in rows:
        found.setdefault(user, []).append(MarkedMoment(moment_id, on, words))
    return found


def saved_moment(con: duckdb.DuckDBPyConnection, user: str, on: dt.date, words: str) -> MarkedMoment:
    """Store a moment for a user under the next free number; return it."""
    moment_id = con.execute(
        "select coalesce(max(moment_id), 0) + 1 from user_moments where user_id = ?", [user]
    ).fetchall()[0][0]
    con.execute(
        "insert into user_moments values (?, ?, ?, ?, ?)", [user, moment_id, on, words, dt.datetime.now(dt.UTC)]
    ).fetchall()
    return MarkedMoment(moment_id, on, words)


def removed_moment(con: duckdb.DuckDBPyConnection, user: str, moment_id: int) -> bool:
    """Delete one of a user's moments; return whether there was one of that number."""
    deleted = con.execute("delete from user_moments where user_id = ? and moment_id = ?", [user, moment_id]).fetchall()[
        0
    ][0]
    return deleted > 0
