"""The canonical staged record every source produces, the reject record, and the dates they accept.

A staged row is one entry as an app wrote it, before it has a user or an id: its physical `line` (or
item number) in the export, local time, zone, mood label and score, note, tags and measures, and the
app's own id of the entry where the app gives one (Day One's uuid, Journey's id, a Daylio backup's
entry id). A reject is a line or item that could not be read, with the reason and a short copy of it.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

LINE = "line"
RAW_LINE_CHARS = 300
EARLIEST_DATE = dt.date(1990, 1, 1)
TAG = pl.Struct({"tag": pl.String, "tag_group": pl.String})
MEASURE = pl.Struct({"name": pl.String, "value": pl.Float64, "value_max": pl.Float64})
STAGED_SCHEMA = {
    LINE: pl.Int64,
    "logged_at_local": pl.Datetime("us"),
    "tz": pl.String,
    "mood_raw": pl.String,
    "mood_score": pl.Float64,
    "note_title": pl.String,
    "note": pl.String,
    "tags": pl.List(TAG),
    "measures": pl.List(MEASURE),
    "source_entry_id": pl.String,
}
REJECT_SCHEMA = {LINE: pl.Int64, "reason": pl.String, "raw_line": pl.String}


MAX_REASON = 300  # characters of a reject's reason: a value it quotes is cut, never echoed whole
MAX_TAG = 200  # characters of one tag: a longer "tag" is a broken cell, not a label someone chose
MAX_TAGS = 1_000  # tags of one entry: a day holds tens at most; millions would need gigabytes to stage


def short_reasons(rejects: pl.DataFrame) -> pl.DataFrame:
    """Return rejects whose reasons are at most about MAX_REASON characters, a cut one saying how long it was."""
    length = pl.col("reason").str.len_chars()
    cut = pl.format("{}… ({} characters)", pl.col("reason").str.slice(0, MAX_REASON - 40), length)
    return rejects.with_columns(pl.when(length > MAX_REASON).then(cut).otherwise(pl.col("reason")).alias("reason"))


def rejects_frame(lines: list[int], reasons: list[str], raws: list[str]) -> pl.DataFrame:
    """Return rejects as a frame with the shared reject schema."""
    return pl.DataFrame({LINE: lines, "reason": reasons, "raw_line": raws}, schema=REJECT_SCHEMA)


def latest_allowed_date() -> dt.date:
    """Return tomorrow: a later date is a typo, not an entry (a person ahead of UTC may log 'tomorrow')."""
    return dt.date.today() + dt.timedelta(days=1)


def in_range(day: dt.date) -> bool:
    """Return whether a day lies between 1990 and tomorrow (outside is a typo, not a real entry)."""
    return EARLIEST_DATE <= day <= latest_allowed_date()


def date_out_of_range(date: pl.Expr) -> pl.Expr:
    """Return whether a date lies before 1990 or after tomorrow, as a Polars expression."""
    return (date < EARLIEST_DATE) | (date > latest_allowed_date())
