"""Use cases: people's judgements and insight JSON, judged from the rows of the marts each time they are asked for.

Judging is deterministic (the same marts give the same verdicts, p-values and intervals) and takes a few
milliseconds a person, so nothing is stored: the report, `insights --json` and the notebook API cannot
disagree, because they are judged by the same code from the same rows.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb

from independence.analysis.insights import UserJudgement, judged_users
from independence.config import DEFAULT_WEEKS
from independence.pipelines.builds import checked_vocabulary_request, current_build, saved_vocabulary
from independence.warehouse import Warehouse, marts
from independence.warehouse.moments import marked_moments


def judgements(
    con: duckdb.DuckDBPyConnection, users: list[str], weeks: int = DEFAULT_WEEKS, with_tags: bool = True
) -> dict[str, UserJudgement]:
    """Return each user's judgement over their last `weeks` calendar weeks with data: rows from the marts, judged."""
    windows = marts.series_windows(con, users, weeks)
    rows = marts.judging_rows(con, users, windows)
    return judged_users(users, marts.coverages(con, users), windows, rows, with_tags, marked_moments(con, users))


def insights_by_user(con: duckdb.DuckDBPyConnection, users: list[str], weeks: int = DEFAULT_WEEKS) -> dict[str, dict]:
    """Return the insight JSON object of each user over their last `weeks` calendar weeks with data."""
    generated_at = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    return {user: judgement.as_json(generated_at) for user, judgement in judgements(con, users, weeks).items()}


def user_insights(con: duckdb.DuckDBPyConnection, user: str, weeks: int = DEFAULT_WEEKS) -> dict:
    """Return the insight JSON object for one user over the last `weeks` calendar weeks with data."""
    return insights_by_user(con, [user], weeks)[user]


def person_insights(
    user: str, db_path: Path | None = None, weeks: int = DEFAULT_WEEKS, signals_path: Path | None = None
) -> dict:
    """Return a user's insight JSON over their last `weeks` calendar weeks with data.

    The transforms are rebuilt first when an import is newer than the last build (and this person's when a
    vocabulary is given).
    """
    checked_vocabulary_request(user, signals_path)
    with Warehouse(db_path).writing() as con:
        current_build(con, also=saved_vocabulary(con, user, signals_path))
        return user_insights(con, user, weeks)
