"""What a release is built from: consenting clients' weekly values, verdicts and engagement, as handed over.

The use case (`pipelines.cohort.cohort_client_data`) reads the rows filtered to the consenting user ids before
anything else (`warehouse.marts.cohort_rows`), so nobody else's rows are ever read, and judges them. Weeks are
calendar weeks of a window common to the cohort: the last `weeks` ISO weeks up to the latest week in which any
consenting client logged.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from independence.analysis.insights import UserJudgement
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


def client_data(
    users: list[str], mondays: list[dt.date], rows: dict[str, dict[str, list]], judged: dict[str, UserJudgement]
) -> ClientData:
    """Return the consenting clients' weekly sign values, verdicts, slopes and weekly entries, from their rows
    (`values`: week, sign, series, value; `entries`: week, entries) and their judgements."""
    values: dict[tuple[dt.date, str, str], dict[str, float]] = {}
    entries: dict[dt.date, dict[str, int]] = {week: dict.fromkeys(users, 0) for week in mondays}
    for user, mine in rows.get("values", {}).items():
        for week, sign, series, value in mine:
            values.setdefault((week, sign, series), {})[user] = value
    for user, mine in rows.get("entries", {}).items():
        for week, count in mine:
            entries[week][user] = count
    with_data: dict[tuple[str, str], set[str]] = {}  # who has any value of a series in the window
    for (_, sign, series), by_user in values.items():
        with_data.setdefault((sign, series), set()).update(by_user)
    verdicts: dict[tuple[str, str], dict[str, str]] = {}
    slopes: dict[tuple[str, str], dict[str, float]] = {}
    for user, judgement in judged.items():
        for sign in SIGNS:
            for series, trend in judgement.signs[sign].items():
                has_data = user in with_data.get((sign, series), ()) and trend.no_verdict != "no_inputs"
                verdicts.setdefault((sign, series), {})[user] = trend.verdict if has_data else "no_data"
                if trend.slope_per_week is not None:
                    slopes.setdefault((sign, series), {})[user] = trend.slope_per_week
    return ClientData(users, mondays, values, verdicts, slopes, entries)
