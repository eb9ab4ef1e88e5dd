"""Use cases of the moments a person marks (moved in together, partner started travelling, started therapy):
add one, list them, remove one. Their report then compares each sign before and after each moment.

Nothing is rebuilt: moments are read whenever a person is judged. The person must have entries, so a mistyped
user id is refused instead of collecting moments nobody reads.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path

from independence.errors import ConfigError
from independence.ingest.records import EARLIEST_DATE, latest_allowed_date
from independence.warehouse import Warehouse, transaction
from independence.warehouse.moments import MarkedMoment, marked_moments, removed_moment, saved_moment
from independence.warehouse.people import entry_count
from independence.warehouse.users import validated_user_id

MAX_WORDS = 120  # characters: "moved in together", "partner started working nights"
MAX_MOMENTS = 30  # a person's moments; each adds a comparison to every sign in their report


def checked_moment(on: str, words: str) -> tuple[dt.date, str]:
    """Return a moment's day and words when they can be a moment, else raise ConfigError saying what is wrong.

    The day is an ISO date (2026-03-01) from 1990 to tomorrow; the words are 1 to MAX_WORDS characters of text
    (spaces tidied; control characters refused).
    """
    try:
        day = dt.date.fromisoformat(on.strip())
    except ValueError:
        raise ConfigError(f"moment date {on[:40]!r}: write the day as YYYY-MM-DD, e.g. 2026-03-01") from None
    if not EARLIEST_DATE <= day <= latest_allowed_date():
        raise ConfigError(f"moment date {day}: a moment lies between {EARLIEST_DATE} and tomorrow")
    tidy = " ".join(words.split())
    if not tidy:
        raise ConfigError('moment words: say in a few words what happened, e.g. "moved in together"')
    if len(tidy) > MAX_WORDS:
        raise ConfigError(f"moment words: at most {MAX_WORDS} characters (these have {len(tidy)})")
    if any(unicodedata.category(char) == "Cc" for char in tidy):
        raise ConfigError("moment words: only text, without control characters")
    return day, tidy


def _known_person(con, user: str) -> str:
    """Return the user id when they have entries; raise ConfigError otherwise."""
    if not entry_count(con, user):
        raise ConfigError(f"no entries for user {user!r} in this warehouse: import their export first")
    return user


def added_moment(user: str, on: str, words: str, db_path: Path | None = None) -> MarkedMoment:
    """Mark a moment for a person (checked first, see `checked_moment`); return it with its number."""
    user = validated_user_id(user)
    day, words = checked_moment(on, words)
    with Warehouse(db_path).writing() as con, transaction(con):
        _known_person(con, user)
        if len(marked_moments(con, [user]).get(user, [])) >= MAX_MOMENTS:
            raise ConfigError(f"{user} has {MAX_MOMENTS} moments already: remove one first (--remove N)")
        return saved_moment(con, user, day, words)


def listed_moments(user: str, db_path: Path | None = None) -> list[MarkedMoment]:
    """Return a person's marked moments in date order."""
    user = validated_user_id(user)
    with Warehouse(db_path).writing() as con:
        return marked_moments(con, [_known_person(con, user)]).get(user, [])


def dropped_moment(user: str, moment_id: int, db_path: Path | None = None) -> None:
    """Remove one of a person's moments by its number; raise ConfigError when they have none of that number."""
    user = validated_user_id(user)
    with Warehouse(db_path).writing() as con, transaction(con):
        if not removed_moment(con, _known_person(con, user), moment_id):
            raise ConfigError(f"{user} has no moment {moment_id}: `independence moments --user {user}` lists them")
