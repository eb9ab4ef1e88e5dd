"""Turn records built in Python (from JSON exports) into the canonical staged and reject frames."""

from __future__ import annotations

import datetime as dt

import polars as pl

from independence.csvchunks import RAW_LINE_CHARS, REJECT_SCHEMA
from independence.sources.records import EARLIEST_DATE, STAGED_SCHEMA


def in_range(day: dt.date) -> bool:
    """Return whether a day lies between 1990 and tomorrow (outside is a typo, not a real entry)."""
    return EARLIEST_DATE <= day <= dt.date.today() + dt.timedelta(days=1)


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
) -> dict:
    """Return one staged record with the canonical fields, empty where the app has nothing."""
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
    }


def staged_frames(rows: list[dict], rejects: list[tuple[int, str, str]]) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Return rows as a frame of STAGED_SCHEMA and rejects (number, reason, raw text) as REJECT_SCHEMA."""
    staged = pl.DataFrame(rows, schema=STAGED_SCHEMA) if rows else pl.DataFrame(schema=STAGED_SCHEMA)
    raw = [(number, reason, text[:RAW_LINE_CHARS]) for number, reason, text in rejects]
    return staged, pl.DataFrame(raw, schema=REJECT_SCHEMA, orient="row")
