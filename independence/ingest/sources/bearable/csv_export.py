"""Bearable CSV exports (both headers) into canonical staged rows: one entry per exported row.

Bearable exports one row per date x time slot x category. Each row becomes one entry, so line numbers
stay exact and every row can be read on its own:
- `Mood` rows carry the mood: the rating (Bearable's 1-10 style scale) becomes the 1..5 score
  1 + (rating - 1) x 4 / 9, the raw rating is kept as measure `mood_rating` (of 10), and the emotion
  words in `detail` become tags in group `emotion`.
- Every other category's `detail` items become tags in a group named after the category (`factors`,
  `symptom`, `gratitudes`, …): an item's emoji and level (`🖥️ Video Calls - Moderate`,
  `Headache (Mild)`) are dropped from the tag and the level kept as measure `<tag> level`
  (Little/Mild 1, Moderate 2, High/Severe 3, Extreme 4).
- A number in `rating/amount` becomes a measure named after the category (`energy`, `sleep quality`);
  Sleep `7:30` becomes `sleep` in hours (synced rows, noted `(Synced)`, as `sleep (synced)`).
- Times: `H:MM` as written; buckets at fixed times: pre 06:00, am 09:00, mid 13:00, pm 19:00,
  all day 12:00; an empty time of day (how Bearable exports Sleep and Sleep quality) is all day.
The transforms give a day's mood entries the signals of the same app's entries without a mood on
that day, so Factors such as `With partner` count for that day's moods.
"""

from __future__ import annotations

import polars as pl

from independence.ingest.options import SourceOptions
from independence.ingest.records import MEASURE, TAG, date_out_of_range
from independence.ingest.sources.frames import computed_on_unique, first_reason, split_rows

_REQUIRED = {"date", "time of day", "category", "rating/amount", "detail", "notes"}
BUCKET_TIMES = {"pre": "06:00", "am": "09:00", "mid": "13:00", "pm": "19:00", "all day": "12:00", "": "12:00"}
LEVELS = {"little": 1.0, "mild": 1.0, "moderate": 2.0, "high": 3.0, "severe": 3.0, "extreme": 4.0}
_LEVEL = r"(?i)(?:\s+-\s+|\s*\()(" + "|".join(LEVELS) + r")\)?\s*$"
_EMOJI = r"^[^\p{L}\p{N}(]+"


def recognised_format(header: list[str], options: SourceOptions = SourceOptions()) -> str | None:
    """Return the Bearable header version for a header, or None when it is not a Bearable CSV."""
    if not _REQUIRED <= set(header):
        return None
    return "Bearable CSV (with date formatted)" if "date formatted" in header else "Bearable CSV"


def _logged_at(header: list[str]) -> pl.Expr:
    """Return the row's local time: the formatted date (or '22nd Sep 2020') plus the time or bucket time."""
    display = pl.col("date").str.strip_chars().str.replace(r"(\d)(st|nd|rd|th)\b", "$1")
    day = display.str.to_date("%d %b %Y", strict=False)
    if "date formatted" in header:
        day = pl.coalesce(pl.col("date formatted").str.strip_chars().str.to_date("%Y-%m-%d", strict=False), day)
    slot = pl.col("time of day").fill_null("").str.strip_chars().str.to_lowercase()
    clock = slot.replace_strict(BUCKET_TIMES, default=slot, return_dtype=pl.String)
    return (day.cast(pl.String) + " " + clock).str.to_datetime("%Y-%m-%d %H:%M", strict=False)


def _tags_and_levels(details: pl.DataFrame) -> pl.DataFrame:
    """Return distinct (category, detail) pairs with their tags and level measures, exploded and regrouped."""
    category = pl.col("category").str.strip_chars().str.to_lowercase()
    items = details.with_columns(
        pl.when(category == "mood").then(pl.lit("emotion")).otherwise(category).alias("tag_group"),
        pl.col("detail").str.split("|").alias("item"),
    ).explode("item")
    item = pl.col("item").str.strip_chars()
    name = item.str.replace(_EMOJI, "").str.replace(_LEVEL, "").str.strip_chars()
    level = item.str.extract(_LEVEL).str.to_lowercase().replace_strict(LEVELS, default=None, return_dtype=pl.Float64)
    parsed = items.with_columns(name.alias("tag"), level.alias("level")).filter(pl.col("tag").fill_null("") != "")
    grouped = parsed.group_by("category", "detail").agg(
        pl.struct("tag", "tag_group").alias("tags"),
        pl.struct(
            (pl.col("tag") + " level").alias("name"), pl.col("level").alias("value"), pl.lit(4.0).alias("value_max")
        )
        .filter(pl.col("level").is_not_null())
        .alias("levels"),
    )
    return details.join(grouped, on=["category", "detail"], how="left", nulls_equal=True)


def _rating_measure() -> pl.Expr:
    """Return the row's number as a measure named after its category (Sleep '7:30' in hours)."""
    category = pl.col("category").str.strip_chars().str.to_lowercase()
    amount = pl.col("rating/amount").str.strip_chars()
    clock = amount.str.extract_groups(r"^(\d{1,2}):(\d{2})$")
    hours = clock.struct.field("1").cast(pl.Float64) + clock.struct.field("2").cast(pl.Float64) / 60
    value = pl.coalesce(amount.str.replace(",", ".").cast(pl.Float64, strict=False), hours)
    synced = pl.col("notes").fill_null("").str.contains(r"(?i)\(synced\)")
    name = (
        pl.when(category == "mood")
        .then(pl.lit("mood_rating"))
        .when(synced)
        .then(category + " (synced)")
        .otherwise(category)
    )
    value_max = pl.when(category == "mood").then(pl.lit(10.0)).otherwise(pl.lit(None, pl.Float64))
    return pl.when(value.is_not_null()).then(
        pl.struct(name.alias("name"), value.alias("value"), value_max.alias("value_max"))
    )


def staged_rows(
    rows: pl.DataFrame, header: list[str], options: SourceOptions = SourceOptions()
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Return canonical staged rows (one per exported row) and the rows rejected with a reason."""
    is_mood = pl.col("category").str.strip_chars().str.to_lowercase() == "mood"
    rating = pl.col("rating/amount").str.strip_chars().str.replace(",", ".").cast(pl.Float64, strict=False)
    when_columns = [c for c in ("date", "date formatted", "time of day") if c in header]
    described = rows.join(
        _tags_and_levels(rows.select("category", "detail").unique()),
        on=["category", "detail"],
        how="left",
        nulls_equal=True,
        maintain_order="left",
    )
    described = computed_on_unique(described, when_columns, logged_at_local=_logged_at(header))
    described = computed_on_unique(
        described, ["category", "rating/amount", "notes"], rating_measure=pl.concat_list(_rating_measure())
    )
    logged_at = pl.col("logged_at_local")
    note = pl.col("notes").str.strip_chars()
    parsed = described.with_columns(
        pl.lit(None, dtype=pl.String).alias("tz"),
        pl.when(is_mood).then(pl.col("rating/amount").str.strip_chars()).alias("mood_raw"),
        pl.when(is_mood).then(1 + (rating - 1) * 4 / 9).alias("mood_score"),
        pl.lit(None, dtype=pl.String).alias("note_title"),
        pl.when(note.fill_null("").str.contains(r"(?i)^\(synced\)$") | (note == ""))
        .then(None)
        .otherwise(note)
        .alias("note"),
        pl.col("tags").fill_null([]).cast(pl.List(TAG)),
        pl.concat_list(pl.col("levels").fill_null([]), pl.col("rating_measure").list.drop_nulls())
        .cast(pl.List(MEASURE))
        .alias("measures"),
        first_reason(
            (
                logged_at.is_null(),
                pl.format("cannot read date '{}' and time '{}'", pl.col("date"), pl.col("time of day")),
            ),
            (
                date_out_of_range(logged_at.dt.date()),
                pl.format("date {} is out of range (1990 to tomorrow)", pl.col("date")),
            ),
            (
                is_mood & ~rating.is_between(1, 10).fill_null(False),
                pl.format("mood rating '{}' is not a number from 1 to 10", pl.col("rating/amount")),
            ),
            (pl.col("category").str.strip_chars().fill_null("") == "", pl.lit("no category")),
        ),
    ).drop("levels", "rating_measure")
    return split_rows(parsed, header)
