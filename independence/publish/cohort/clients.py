"""What the release is built from: consenting clients' weekly values, verdicts and engagement.

Every query is filtered to the consenting user ids before anything else, so nobody else's rows
are ever read. Weeks are calendar weeks of a window common to the cohort: the last `weeks` ISO
weeks up to the latest week in which any consenting client logged.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb

from independence.analysis.insights import judged_users
from independence.signs import SIGNS


@dataclass(frozen=True)
class ClientData:
    """Per-client rows for one release; `weeks` lists the window's Mondays (empty without entries)."""

    users: list[str]
    weeks: list[dt.date]
    values: dict[tuple[dt.date, str, str], dict[str, float]]  # (week, sign, series) -> user -> value
    verdicts: dict[tuple[str, str], dict[str, str]]  # (sign, series) -> user -> verdict
    slopes: dict[tuple[str, str], dict[str, float]]  # (sign, series) -> user -> slope per week
    entries: dict[dt.date, dict[str, int]]  # week -> user -> entries that week (0 when none)


def cohort_weeks(con: duckdb.DuckDBPyConnection, users: list[str], weeks: int) -> list[dt.date]:
    """Return the Mondays of the cohort's window, or [] when no consenting client has an entry."""
    last = con.execute(
        "select max(week_start) from mart_weekly_engagement where list_contains(?, user_id)", [users]
    ).fetchall()[0][0]
    if last is None:
        return []
    return [last - dt.timedelta(weeks=weeks - 1 - number) for number in range(weeks)]


def client_data(con: duckdb.DuckDBPyConnection, users: list[str], weeks: int) -> ClientData:
    """Return the consenting clients' weekly sign values, verdicts, slopes and weekly entries."""
    mondays = cohort_weeks(con, users, weeks) if users else []
    values: dict[tuple[dt.date, str, str], dict[str, float]] = {}
    entries: dict[dt.date, dict[str, int]] = {week: dict.fromkeys(users, 0) for week in mondays}
    if mondays:
        rows = con.execute(
            """select week_start, sign, series, user_id, value from mart_weekly_signs
               where list_contains(?, user_id) and week_start between ? and ?""",
            [users, mondays[0], mondays[-1]],
        ).fetchall()
        for week, sign, series, user, value in rows:
            values.setdefault((week, sign, series), {})[user] = value
        for week, user, count in con.execute(
            """select week_start, user_id, entries from mart_weekly_engagement
               where list_contains(?, user_id) and week_start between ? and ?""",
            [users, mondays[0], mondays[-1]],
        ).fetchall():
            entries[week][user] = count
    with_data: dict[tuple[str, str], set[str]] = {}  # who has any value of a series in the window
    for (_, sign, series), by_user in values.items():
        with_data.setdefault((sign, series), set()).update(by_user)
    verdicts: dict[tuple[str, str], dict[str, str]] = {}
    slopes: dict[tuple[str, str], dict[str, float]] = {}
    for user, judgement in judged_users(con, users, weeks, with_tags=False).items() if users else ():
        for sign in SIGNS:
            for series, trend in judgement.signs[sign].items():
                has_data = user in with_data.get((sign, series), ()) and trend.no_verdict != "no_inputs"
                verdicts.setdefault((sign, series), {})[user] = trend.verdict if has_data else "no_data"
                if trend.slope_per_week is not None:
                    slopes.setdefault((sign, series), {})[user] = trend.slope_per_week
    return ClientData(users, mondays, values, verdicts, slopes, entries)
