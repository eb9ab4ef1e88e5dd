"""Use cases: make sure the warehouse's transforms reflect every import, and the `build` command."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb

from independence.analysis.insights import insights_by_user
from independence.analysis.signals import stored_user_terms
from independence.analysis.transforms import BuildSummary, build_is_current, built_warehouse
from independence.config import DEFAULT_WEEKS
from independence.errors import ConfigError
from independence.warehouse import Warehouse
from independence.warehouse.insights import latest_build_id, replaced_insights
from independence.warehouse.people import warehouse_users
from independence.warehouse.users import validated_user_id


@dataclass(frozen=True)
class InsightsBuild:
    """A finished build: the transform summary and how many users' insights were stored."""

    transforms: BuildSummary
    users: int
    window_weeks: int


def current_build(con: duckdb.DuckDBPyConnection, force: bool = False) -> int:
    """Rebuild the transforms when forced or when an import is newer than the last build; return the build id."""
    if force or not build_is_current(con):
        return built_warehouse(con).build_id
    return latest_build_id(con)


def checked_vocabulary_request(user: str | None, signals_path: Path | None) -> None:
    """Refuse a vocabulary file without its user, and an invalid user id, before anything is opened."""
    if signals_path is not None and user is None:
        raise ConfigError("a signals file belongs to one user: pass --user ID with --signals FILE")
    if user is not None:
        validated_user_id(user)


def stored_vocabulary(con: duckdb.DuckDBPyConnection, user: str | None, signals_path: Path | None) -> bool:
    """Store a user's own signal vocabulary when a file is given; return whether one was stored."""
    if signals_path is None or user is None:
        return False
    stored_user_terms(con, user, signals_path)
    return True


def built_insights(
    db_path: Path | None = None,
    weeks: int = DEFAULT_WEEKS,
    user: str | None = None,
    signals_path: Path | None = None,
) -> InsightsBuild:
    """Rebuild every transform and store every user's insights over `weeks` (the same data gives the same results).

    With `signals_path`, the user's own vocabulary is stored first and used by this and every later build.
    """
    checked_vocabulary_request(user, signals_path)
    with Warehouse(db_path).writing() as con:
        stored_vocabulary(con, user, signals_path)
        summary = built_warehouse(con)
        results = insights_by_user(con, warehouse_users(con), weeks)
        return InsightsBuild(summary, replaced_insights(con, weeks, summary.build_id, results), weeks)
