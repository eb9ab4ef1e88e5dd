"""Daylio CSV exports, all four header eras, into canonical staged rows.

Mood levels are not in a CSV: labels are kept in `mood_raw` and scored from the mood map at load.
The oldest era's displayed day is read in the file's own language (`display_dates`).
Columns with few distinct values (dates, times, activities, scales) are parsed once per value.
"""

from __future__ import annotations

import polars as pl

from independence.ingest.options import SourceOptions
from independence.ingest.records import MEASURE, TAG, date_out_of_range
from independence.ingest.sources.daylio.display_dates import month_days
from independence.ingest.sources.frames import (
    computed_on_unique,
    first_reason,
    html_as_text,
    split_rows,
    unescaped_entities,
)

_REQUIRED = {"date", "time", "mood", "activities"}
_MINIMAL = {"full_date", "weekday", "time", "mood"}
_SCALE = r"^(.+?)\s*:\s*(-?\d+(?:[.,]\d+)?)\s*(?:/\s*(\d+(?:[.,]\d+)?))?\D*$"
_NO_TEXT = pl.lit(None, dtype=pl.String)


def recognised_format(header: list[str], options: SourceOptions = SourceOptions()) -> str | None:
    """Return the Daylio header era for a header, or None when it is not a Daylio CSV.

    A file its owner cut down to `full_date`, `weekday`, `time` and `mood` (the columns a report needs) is
    still Daylio: `full_date` beside a weekday is Daylio's own naming.
    """
    columns = set(header)
    if _MINIMAL <= columns and not _REQUIRED <= columns:
        return "Daylio CSV (date, time and mood only)"
    if not _REQUIRED <= columns:
        return None
    if "full_date" in columns:
        if "scales" in columns:
            return "Daylio CSV (newest header, with scales)"
        return "Daylio CSV (2021+ header)" if "note_title" in columns else "Daylio CSV (2020 header)"
    return "Daylio CSV (oldest header, year + date)" if "year" in columns else None


def _date_columns(header: list[str]) -> list[str]:
    """Return the columns a row's date is read from: `full_date`, or `year` and `date`."""
    return ["full_date"] if "full_date" in header else ["year", "date"]


def _entry_date(header: list[str], displayed: dict[str, tuple[int, int]]) -> pl.Expr:
    """Return the entry's date from `full_date`, or from `year` plus the displayed day ('7 września').

    `displayed` maps each displayed day of the chunk to its (month, day), read in the file's language.
    """
    if "full_date" in header:
        return pl.col("full_date").str.strip_chars().str.to_date("%Y-%m-%d", strict=False)
    shown = pl.col("date")
    month = shown.replace_strict({k: m for k, (m, _) in displayed.items()}, default=None, return_dtype=pl.Int32)
    day = shown.replace_strict({k: d for k, (_, d) in displayed.items()}, default=None, return_dtype=pl.Int32)
    year = pl.col("year").str.strip_chars().cast(pl.Int32, strict=False)
    iso = pl.format("{}-{}-{}", year, month.cast(pl.String).str.zfill(2), day.cast(pl.String).str.zfill(2))
    return iso.str.to_date("%Y-%m-%d", strict=False)


def _time_of_day() -> pl.Expr:
    """Return the time from '6:50 pm', '10:04 AM', '9:40 p.m.', '14:58' or '01:25'; null when unreadable."""
    text = pl.col("time").str.strip_chars().str.to_uppercase().str.replace_all(".", "", literal=True)
    return pl.coalesce(
        text.str.to_time("%I:%M %p", strict=False),
        text.str.to_time("%I:%M%p", strict=False),
        text.str.to_time("%H:%M", strict=False),
        text.str.to_time("%H:%M:%S", strict=False),
    )


def _split_items(column: str) -> pl.Expr:
    """Return the ' | '-joined items of a column as a trimmed list without empty items."""
    return (
        pl.col(column).fill_null("").str.split("|").list.eval(pl.element().str.strip_chars().filter(pl.element() != ""))
    )


def _tags() -> pl.Expr:
    """Return activities as a list of {tag, tag_group='activity'} without repeats."""
    return (
        _split_items("activities")
        .list.unique(maintain_order=True)
        .list.eval(pl.struct(pl.element().alias("tag"), pl.lit("activity").alias("tag_group")))
        .cast(pl.List(TAG))
    )


def _measures() -> pl.Expr:
    """Return scales like 'Sleep Quality: 8/10 points' as measures; an unreadable item gives null."""
    items = _split_items("scales")
    parsed = items.list.eval(
        pl.element().str.extract_groups(_SCALE).struct.rename_fields(["name", "value", "value_max"])
    )
    measures = parsed.list.eval(
        pl.struct(
            pl.element().struct.field("name").str.strip_chars(),
            pl.element().struct.field("value").str.replace(",", ".").cast(pl.Float64),
            pl.element().struct.field("value_max").str.replace(",", ".").cast(pl.Float64),
        ).filter(pl.element().struct.field("name").is_not_null())
    )
    # a value too long to be finite (millions of digits) is unreadable, never infinity
    measures = measures.list.eval(pl.element().filter(pl.element().struct.field("value").is_finite()))
    measures = measures.cast(pl.List(MEASURE))
    return pl.when(measures.list.len() == items.list.len()).then(measures)


def _with_parsed_parts(rows: pl.DataFrame, header: list[str]) -> pl.DataFrame:
    """Return rows with date, time, tags, note text and measures, each parsed once per distinct value."""
    absent = [pl.lit("").alias(name) for name in ("activities", "scales", "note", "note_title") if name not in header]
    rows = rows.with_columns(absent) if absent else rows
    displayed = {} if "full_date" in header else month_days(rows["date"].unique().drop_nulls().to_list())[1]
    rows = computed_on_unique(rows, _date_columns(header), entry_date=_entry_date(header, displayed))
    rows = computed_on_unique(rows, ["time"], time_of_day=_time_of_day())
    rows = computed_on_unique(rows, ["activities"], tags=_tags())
    rows = computed_on_unique(rows, ["note"], note_text=html_as_text(pl.col("note")))
    rows = computed_on_unique(rows, ["note_title"], note_title_text=html_as_text(pl.col("note_title")))
    return computed_on_unique(rows, ["scales"], measures=_measures())


def staged_rows(
    rows: pl.DataFrame, header: list[str], options: SourceOptions = SourceOptions()
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Return canonical staged rows and the rows rejected with a reason, from one chunk."""
    parts = _with_parsed_parts(rows, header)
    date, time, mood = pl.col("entry_date"), pl.col("time_of_day"), pl.col("mood").str.strip_chars()
    parsed = parts.with_columns(
        date.dt.combine(time).alias("logged_at_local"),
        _NO_TEXT.alias("tz"),
        mood.alias("mood_raw"),
        pl.lit(None, dtype=pl.Float64).alias("mood_score"),
        pl.col("note_title_text").alias("note_title"),
        pl.col("note_text").alias("note"),
        first_reason(
            (date.is_null(), pl.format("cannot read date '{}'", pl.concat_str(_date_columns(header), separator=" "))),
            (date_out_of_range(date), pl.format("date {} is out of range (1990 to tomorrow)", date)),
            (time.is_null(), pl.format("cannot read time '{}'", pl.col("time"))),
            (mood.fill_null("") == "", pl.lit("no mood label")),
            (
                pl.col("measures").is_null(),
                pl.format("cannot read scales '{}' (expected 'Name: value')", pl.col("scales")),
            ),
        ),
    )
    staged, rejects = split_rows(parsed, header)
    return staged.with_columns(unescaped_entities(staged["note"]), unescaped_entities(staged["note_title"])), rejects
