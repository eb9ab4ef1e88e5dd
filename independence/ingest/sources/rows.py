"""Turn records built in Python (from JSON, ZIP, XML and note exports) into the canonical frames."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

import polars as pl

from independence.ingest.records import RAW_LINE_CHARS, REJECT_SCHEMA, STAGED_SCHEMA, in_range


def staged_row(
    line: int,
    logged_at_local: dt.datetime,
    *,
    tz: str | None = None,
    mood_raw: str | None = None,
    mood_score: float | None = None,
    note_title: str | None = None,
    note: str | None = None,
    tags: list[dict] | None = None,
    measures: list[dict] | None = None,
    source_entry_id: object = None,
) -> dict:
    """Return one staged record with the canonical fields, empty where the app has nothing.

    `source_entry_id` is the app's own id of the entry, when it gives one (kept as text).
    """
    return {
        "line": line,
        "logged_at_local": logged_at_local,
        "tz": tz,
        "mood_raw": mood_raw,
        "mood_score": mood_score,
        "note_title": note_title,
        "note": note,
        "tags": tags or [],
        "measures": measures or [],
        "source_entry_id": None if source_entry_id is None else str(source_entry_id)[:200],
    }


@dataclass(frozen=True)
class Rejected:
    """A record that cannot be an entry: its number, the reason, and what of it may be stored (never a note)."""

    number: int
    reason: str
    shown: str = ""


def staged_frames(records: Iterable[dict | Rejected]) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Return a parser's records as staged rows (STAGED_SCHEMA) and its rejects (REJECT_SCHEMA).

    A parser yields, record by record, a staged row (`staged_row`) or a `Rejected`: bad records are
    values, not crashes, and the good ones still load.
    """
    rows, rejects = [], []
    for record in records:
        if isinstance(record, Rejected):
            rejects.append((record.number, record.reason, record.shown[:RAW_LINE_CHARS]))
        else:
            rows.append(record)
    staged = pl.DataFrame(rows, schema=STAGED_SCHEMA) if rows else pl.DataFrame(schema=STAGED_SCHEMA)
    return staged, pl.DataFrame(rejects, schema=REJECT_SCHEMA, orient="row")


def date_problem(day: dt.date) -> str | None:
    """Return why a record's day cannot be an entry (before 1990 or after tomorrow: a typo), or None."""
    return None if in_range(day) else f"date {day} is out of range (1990 to tomorrow)"


def rating_problem(
    value: object, name: str, low: float, high: float, hint: str = "", whole: bool = False
) -> str | None:
    """Return why a rating is unusable ('moodRating 9 is not 1..5', plus a hint), or None for a number in range.

    `whole` asks for a whole number.
    """
    kinds = int if whole else int | float
    if isinstance(value, bool) or not isinstance(value, kinds) or not low <= value <= high:
        return f"{name} {value!r} is not {low:g}..{high:g}{hint}"
    return None
