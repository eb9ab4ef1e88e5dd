"""iMoodJournal CSV: `Date` (`September 5, 2015`), `Hour`, `Minute`, `Level` (1..10), `LevelText` (`(7) Pretty
Good`), `Comment`, then one column per hashtag holding 1 where the entry carries it.

The level is mapped onto the 1..5 mood scale by 1 + (level − 1) × 4 / 9 (10 → 5, 1 → 1) and kept as a measure
(`level`, out of 10); `LevelText` without its number is the mood label; each hashtag column with a 1 is a tag
(group `hashtag`); the comment is the note. The export has no time zone.
"""

from __future__ import annotations

import polars as pl

from independence.ingest.options import SourceOptions
from independence.ingest.records import MEASURE, TAG, date_out_of_range
from independence.ingest.sources.frames import first_reason, split_rows

_COLUMNS = ("date", "day of week", "hour", "minute", "level", "leveltext", "comment")
_REQUIRED = {"date", "hour", "minute", "level", "leveltext"}
LEVELS = 10


def recognised_format(header: list[str], options: SourceOptions = SourceOptions()) -> str | None:
    """Return the format for an iMoodJournal CSV header, else None."""
    return "iMoodJournal CSV" if _REQUIRED <= set(header) else None


def staged_rows(
    rows: pl.DataFrame, header: list[str], options: SourceOptions = SourceOptions()
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Return canonical staged rows and the rows rejected with a reason (date, time, level)."""
    day = pl.col("date").str.strip_chars().str.to_date("%B %d, %Y", strict=False)
    hour = pl.col("hour").str.strip_chars().cast(pl.Int32, strict=False)
    minute = pl.col("minute").str.strip_chars().cast(pl.Int32, strict=False)
    clock_ok = hour.is_between(0, 23) & minute.is_between(0, 59)
    moment = pl.when(clock_ok).then(day.dt.combine(pl.time(hour.fill_null(0), minute.fill_null(0))))
    level = pl.col("level").str.strip_chars().cast(pl.Float64, strict=False)
    level = pl.when(level.is_between(1, LEVELS)).then(level)
    label = pl.col("leveltext").str.strip_chars().str.replace(r"^\(\s*\d+\s*\)\s*", "")
    hashtags = [name for name in header if name not in _COLUMNS]
    tags = (
        pl.concat_list(
            [
                pl.when(pl.col(name).str.strip_chars() == "1").then(
                    pl.struct(pl.lit(name).alias("tag"), pl.lit("hashtag").alias("tag_group"))
                )
                for name in hashtags
            ]
        ).list.drop_nulls()
        if hashtags
        else pl.lit([], dtype=pl.List(TAG))
    )
    level_measure = pl.struct(
        pl.lit("level").alias("name"), level.alias("value"), pl.lit(float(LEVELS)).alias("value_max")
    )
    comment = pl.col("comment").str.strip_chars() if "comment" in header else pl.lit(None, pl.String)
    parsed = rows.with_columns(
        moment.alias("logged_at_local"),
        pl.lit(None, dtype=pl.String).alias("tz"),
        pl.when(label != "").then(label).otherwise(pl.col("level").str.strip_chars()).alias("mood_raw"),
        (1 + (level - 1) * 4 / (LEVELS - 1)).alias("mood_score"),
        pl.lit(None, dtype=pl.String).alias("note_title"),
        pl.when(comment != "").then(comment).alias("note"),
        tags.cast(pl.List(TAG)).alias("tags"),
        pl.concat_list(pl.when(level.is_not_null()).then(level_measure))
        .list.drop_nulls()
        .cast(pl.List(MEASURE))
        .alias("measures"),
        first_reason(
            (day.is_null(), pl.format("cannot read date '{}'", pl.col("date"))),
            (~clock_ok.fill_null(False), pl.format("cannot read time {}:{}", pl.col("hour"), pl.col("minute"))),
            (date_out_of_range(day), pl.format("date {} is out of range (1990 to tomorrow)", pl.col("date"))),
            (level.is_null(), pl.format("level '{}' is not 1 to 10", pl.col("level"))),
        ),
    )
    return split_rows(parsed, header)
