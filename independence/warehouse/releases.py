"""The `release_ledger` table: one row per coach release, what it published and from whom (keyed hashes only).

A release is recorded (one transaction) before its files are written, so no release is ever shown without
being recorded. Retired rows (a ledger restarted for a lost key)
stay, marked, and are no longer read.
"""

from __future__ import annotations

import datetime as dt
import json

import duckdb

from independence.warehouse.transaction import transaction


def recorded_releases(con: duckdb.DuckDBPyConnection) -> list[tuple[str, dict]]:
    """Return every live release as (key fingerprint, entry), oldest first."""
    rows = con.execute(
        "select key_fingerprint, entry from release_ledger where retired_at is null order by release_id"
    ).fetchall()
    return [(fingerprint, json.loads(entry)) for fingerprint, entry in rows]


def inserted_releases(con: duckdb.DuckDBPyConnection, fingerprint: str, entries: list[dict]) -> int:
    """Record releases (their compact entries) under a key's fingerprint in one transaction; return how many."""
    with transaction(con):
        first = con.execute("select coalesce(max(release_id), 0) + 1 from release_ledger").fetchall()[0][0]
        for number, entry in enumerate(entries):
            con.execute(
                "insert into release_ledger values (?, ?, ?, ?, ?, ?, ?, ?, null)",
                [
                    first + number,
                    dt.datetime.now(dt.UTC),
                    fingerprint,
                    entry["coach"],
                    entry.get("cohort"),
                    entry["week"],
                    float(entry.get("epsilon") or 0.0),
                    json.dumps(entry, sort_keys=True, separators=(",", ":")),
                ],
            ).fetchall()
    return len(entries)


def retired_releases(con: duckdb.DuckDBPyConnection) -> int:
    """Mark every live release retired (kept, no longer read); return how many."""
    with transaction(con):
        retired = con.execute(
            "update release_ledger set retired_at = ? where retired_at is null returning release_id",
            [dt.datetime.now(dt.UTC)],
        ).fetchall()
    return len(retired)
