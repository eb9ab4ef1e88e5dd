"""Use cases: make sure the warehouse's transforms reflect every import, and the `build` command."""

from __future__ import annotations

from pathlib import Path

import duckdb

from independence.analysis.own_words import replaced_terms
from independence.analysis.signals import signal_terms
from independence.analysis.transforms import (
    BuildSummary,
    build_is_current,
    built_warehouse,
    full_build_needed,
    users_changed_since_build,
)
from independence.errors import ConfigError
from independence.warehouse import Warehouse
from independence.warehouse.builds import latest_build_id
from independence.warehouse.users import validated_user_id


def current_build(con: duckdb.DuckDBPyConnection, force: bool = False, also: tuple[str, ...] = ()) -> int:
    """Bring the models up to date with every import and return the build id.

    Only the people with imports newer than the last build are rebuilt (their rows replaced in every
    model), and those in `also` (whose vocabulary just changed); a full rebuild runs when forced, before the
    first build, when a model has no table yet, and after an upgrade changed the models or the vocabulary.
    """
    if force or full_build_needed(con):
        return built_warehouse(con).build_id
    if build_is_current(con) and not also:
        return latest_build_id(con)
    return built_warehouse(con, users=sorted({*users_changed_since_build(con), *also})).build_id


def checked_vocabulary_request(user: str | None, signals_path: Path | None) -> None:
    """Refuse a vocabulary file without its user, a malformed one, and an invalid user id, before anything is
    opened."""
    if signals_path is not None and user is None:
        raise ConfigError("a signals file belongs to one user: pass --user ID with --signals FILE")
    if user is not None:
        validated_user_id(user)
    if signals_path is not None:
        signal_terms(signals_path)


def saved_vocabulary(con: duckdb.DuckDBPyConnection, user: str | None, signals_path: Path | None) -> tuple[str, ...]:
    """Store a user's own signal vocabulary when a file is given; return whose vocabulary changed (for `also`)."""
    if signals_path is None or user is None:
        return ()
    replaced_terms(con, user, signal_terms(signals_path))
    return (user,)


def built_models(
    db_path: Path | None = None, user: str | None = None, signals_path: Path | None = None, full: bool = False
) -> BuildSummary:
    """Rebuild the transforms (the same data gives the same tables) and return what the build did.

    By default only the people with imports newer than the last build are rebuilt; `full` rebuilds every model
    and every person (as does a model without a table, or an upgrade that changed the models). With
    `signals_path`, the user's own vocabulary is stored first (that person is rebuilt) and used by every later
    build.
    """
    checked_vocabulary_request(user, signals_path)
    with Warehouse(db_path).writing() as con:
        vocabulary_of = saved_vocabulary(con, user, signals_path)
        full = full or full_build_needed(con)
        changed = None if full else sorted({*users_changed_since_build(con), *vocabulary_of})
        return built_warehouse(con, users=changed)
