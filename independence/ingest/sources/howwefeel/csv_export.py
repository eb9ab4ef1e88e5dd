"""How We Feel CSV exports (every header variant, with or without key columns) into canonical staged rows.

The app records emotion words, not a number: each word is placed on the mood meter through our table
(`data/emotions.toml` beside this module), giving valence (+1 pleasant, -1 unpleasant) and energy (+1 high,
-1 low). The entry's mood score is 3 + 1.5 x the mean valence of its words (1.5 = all unpleasant,
4.5 = all pleasant, 3 = as many of each); mean valence and energy are kept as measures. People,
places and events become tags in those groups (from the key columns when present, so the English
signal vocabulary matches a localised app); numeric columns (exercise, sleep, steps, …) become
measures; notes, reflections and takeaways are joined into the note.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import polars as pl

from independence.ingest.options import SourceOptions
from independence.ingest.records import MEASURE, TAG, date_out_of_range
from independence.ingest.sources.frames import computed_on_unique, first_reason, split_rows

_QUADRANTS = {
    "high_pleasant": (1.0, 1.0),
    "low_pleasant": (1.0, -1.0),
    "high_unpleasant": (-1.0, 1.0),
    "low_unpleasant": (-1.0, -1.0),
}
_TABLE = tomllib.loads((Path(__file__).parent / "data" / "emotions.toml").read_text(encoding="utf-8"))
EMOTIONS = pl.DataFrame(
    [(word, *_QUADRANTS[quadrant]) for quadrant, words in _TABLE.items() for word in words],
    schema={"word": pl.String, "valence": pl.Float64, "energy": pl.Float64},
    orient="row",
)
_GROUPS = ("people", "places", "events")
_NUMERIC = (
    "exercise",
    "sleep",
    "steps",
    "meditation",
    "temperature (f)",
    "water (cups)",
    "caffeine (mg)",
    "alcoholic drinks",
)
_TEXTS = ("notes", "reflections", "takeaways")
_NUMBER = r"^\s*(-?\d+(?:[.,]\d+)?)"


def recognised_format(header: list[str], options: SourceOptions = SourceOptions()) -> str | None:
    """Return the How We Feel variant for a header (date, mood and tag columns), or None."""
    columns = set(header)
    if not {"date", "mood"} <= columns or not any(f"tags ({group})" in columns for group in _GROUPS):
        return None
    return "How We Feel CSV (with key columns)" if "mood key" in columns else "How We Feel CSV"


def _column(header: list[str], *names: str) -> pl.Expr:
    """Return the first of the named columns present in the header, else a null string."""
    for name in names:
        if name in header:
            return pl.col(name)
    return pl.lit(None, dtype=pl.String)


def _words(header: list[str]) -> pl.Expr:
    """Return the entry's emotion words (the locale-independent key column when there is one)."""
    text = _column(header, "mood key", "mood")
    return (
        text.str.split(";")
        .list.eval(pl.element().str.strip_chars().str.to_lowercase())
        .list.eval(pl.element().filter(pl.element() != ""))
    )


def _scored(rows: pl.DataFrame, header: list[str]) -> pl.DataFrame:
    """Return the rows with mean valence, mean energy and any unknown words, computed once per distinct text."""
    key = "mood key" if "mood key" in header else "mood"
    texts = rows.select(pl.col(key)).unique()
    words = texts.with_columns(_words(header).alias("word")).explode("word")
    summary = (
        words.join(EMOTIONS, on="word", how="left")
        .group_by(key)
        .agg(
            pl.col("valence").mean().alias("valence"),
            pl.col("energy").mean().alias("energy"),
            pl.col("word").filter(pl.col("valence").is_null() & pl.col("word").is_not_null()).alias("unknown_words"),
        )
    )
    return rows.join(summary, on=key, how="left", nulls_equal=True, maintain_order="left")


def _tags(header: list[str]) -> pl.Expr:
    """Return people, places and events as tags in those groups (the English keys when the export has them)."""
    parts = []
    for group in _GROUPS:
        column = _column(header, f"tags key ({group})", f"tags ({group})")
        parts.append(
            column.str.split(";").list.eval(
                pl.struct(pl.element().str.strip_chars().alias("tag"), pl.lit(group).alias("tag_group"))
            )
        )
    return pl.concat_list(parts).list.eval(pl.element().filter(pl.element().struct.field("tag") != ""))


def _measures(header: list[str]) -> pl.Expr:
    """Return valence, energy and the numeric columns that hold a number, as measures."""
    items = [
        pl.struct(pl.lit("valence").alias("name"), pl.col("valence").alias("value"), pl.lit(1.0).alias("value_max")),
        pl.struct(pl.lit("energy").alias("name"), pl.col("energy").alias("value"), pl.lit(1.0).alias("value_max")),
    ]
    for name in (column for column in _NUMERIC if column in header):
        value = pl.col(name).str.extract(_NUMBER).str.replace(",", ".").cast(pl.Float64, strict=False)
        items.append(
            pl.when(value.is_not_null()).then(
                pl.struct(pl.lit(name).alias("name"), value.alias("value"), pl.lit(None, pl.Float64).alias("value_max"))
            )
        )
    return pl.concat_list(items).list.drop_nulls()


def _note(header: list[str]) -> pl.Expr:
    """Return notes, reflections and takeaways joined by blank lines, null when all are empty."""
    texts = [pl.col(name).str.strip_chars() for name in _TEXTS if name in header]
    if not texts:
        return pl.lit(None, dtype=pl.String)
    joined = pl.concat_list(texts).list.eval(pl.element().filter(pl.element() != "")).list.join("\n\n")
    return pl.when(joined == "").then(None).otherwise(joined)


def staged_rows(
    rows: pl.DataFrame, header: list[str], options: SourceOptions = SourceOptions()
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Return canonical staged rows and the rows rejected with a reason (date, emotion words)."""
    text = pl.col("date").str.strip_chars()
    logged_at = text.str.replace(r"^(\d{4})\s+[^\d\s]+\s+", "$1 ").str.to_datetime("%Y %b %d %I:%M %p", strict=False)
    tag_columns = [c for g in _GROUPS for c in (f"tags ({g})", f"tags key ({g})") if c in header]
    measure_columns = ["valence", "energy", *(c for c in _NUMERIC if c in header)]
    scored = computed_on_unique(_scored(rows, header), tag_columns, tags=_tags(header).cast(pl.List(TAG)))
    scored = computed_on_unique(scored, measure_columns, measures=_measures(header).cast(pl.List(MEASURE)))
    parsed = scored.with_columns(
        logged_at.alias("logged_at_local"),
        pl.lit(None, dtype=pl.String).alias("tz"),
        _column(header, "mood").str.strip_chars().alias("mood_raw"),
        (3 + 1.5 * pl.col("valence")).alias("mood_score"),
        pl.lit(None, dtype=pl.String).alias("note_title"),
        _note(header).alias("note"),
        first_reason(
            (logged_at.is_null(), pl.format("cannot read date '{}' (expected like '2026 Sun May 17 3:39 PM')", text)),
            (date_out_of_range(logged_at.dt.date()), pl.format("date {} is out of range (1990 to tomorrow)", text)),
            (
                pl.col("unknown_words").list.len() > 0,
                pl.format("unknown emotion word(s): {}", pl.col("unknown_words").list.join(", ")),
            ),
            (pl.col("valence").is_null(), pl.lit("no emotion word")),
        ),
    )
    return split_rows(parsed, header)
