"""Apple Health State of Mind as Health Auto Export CSV (`StateOfMind-<from>-<to>.csv`), read generously.

The CSV layout is *unverified*: any header with a `valence` or valence-class column and a start column
(`start`, `start date`, `date`) is accepted. Scores, tags and measures follow the JSON export
(`applehealth`): 3 + 2 x valence, or 1 + (class - 1) x 4 / 6 from the class (1..7 or words such as
`slightly_pleasant`); labels, associations (split on `,`, `;` or `|`) and the kind become tags.
"""

from __future__ import annotations

import polars as pl

from independence.ingest.options import SourceOptions
from independence.ingest.records import MEASURE, TAG, date_out_of_range
from independence.ingest.sources.applehealth.auto_export_json import CLASSES
from independence.ingest.sources.frames import first_reason, split_rows

_STARTS = ("start", "start date", "startdate", "date")
_CLASSES = ("valence classification", "valenceclassification", "classification")


def _first(header: list[str], names: tuple[str, ...]) -> str | None:
    """Return the first of the names present in the header."""
    return next((name for name in names if name in header), None)


def recognised_format(header: list[str], options: SourceOptions = SourceOptions()) -> str | None:
    """Return the format for a State of Mind CSV header, else None."""
    if _first(header, _STARTS) and ("valence" in header or _first(header, _CLASSES)) and "mood" not in header:
        return "Apple Health State of Mind (Health Auto Export CSV)"
    return None


def _split(column: str, group: str) -> pl.Expr:
    """Return a multi-valued cell as tags in one group."""
    return (
        pl.col(column)
        .fill_null("")
        .str.replace_all(r"[;|]", ",")
        .str.split(",")
        .list.eval(pl.element().str.strip_chars())
        .list.eval(pl.element().filter(pl.element() != ""))
        .list.eval(pl.struct(pl.element().alias("tag"), pl.lit(group).alias("tag_group")))
    )


def staged_rows(
    rows: pl.DataFrame, header: list[str], options: SourceOptions = SourceOptions()
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Return canonical staged rows and the rows rejected with a reason (start, valence)."""
    start = pl.col(_first(header, _STARTS)).str.strip_chars()
    local = start.str.slice(0, 19).str.to_datetime("%Y-%m-%d %H:%M:%S", strict=False)
    offset = start.str.extract(r"([+-]\d{2}):?(\d{2})$", 1) + ":" + start.str.extract(r"([+-]\d{2}):?(\d{2})$", 2)
    valence = (
        pl.col("valence").str.strip_chars().cast(pl.Float64, strict=False)
        if "valence" in header
        else pl.lit(None, pl.Float64)
    )
    valence = pl.when(valence.is_between(-1, 1)).then(valence)
    class_column = _first(header, _CLASSES)
    klass = pl.lit(None, pl.Float64)
    if class_column:
        text = pl.col(class_column).str.strip_chars().str.to_lowercase()
        klass = pl.coalesce(
            text.cast(pl.Float64, strict=False),
            text.replace_strict({k: float(v) for k, v in CLASSES.items()}, default=None, return_dtype=pl.Float64),
        )
        klass = pl.when(klass.is_between(1, 7)).then(klass)
    tags = [
        _split(name, group)
        for name, group in (("labels", "emotion"), ("associations", "association"))
        if name in header
    ]
    measures = pl.concat_list(
        pl.when(valence.is_not_null()).then(
            pl.struct(pl.lit("valence").alias("name"), valence.alias("value"), pl.lit(1.0).alias("value_max"))
        ),
        pl.when(klass.is_not_null()).then(
            pl.struct(pl.lit("valence_class").alias("name"), klass.alias("value"), pl.lit(7.0).alias("value_max"))
        ),
    ).list.drop_nulls()
    parsed = rows.with_columns(
        local.alias("logged_at_local"),
        pl.when(offset.is_not_null()).then("UTC" + offset).alias("tz"),
        pl.coalesce(pl.col(class_column) if class_column else pl.lit(None, pl.String), valence.cast(pl.String)).alias(
            "mood_raw"
        ),
        pl.coalesce(3 + 2 * valence, 1 + (klass - 1) * 4 / 6).alias("mood_score"),
        pl.lit(None, dtype=pl.String).alias("note_title"),
        pl.lit(None, dtype=pl.String).alias("note"),
        (pl.concat_list(tags) if tags else pl.lit([], dtype=pl.List(TAG))).cast(pl.List(TAG)).alias("tags"),
        measures.cast(pl.List(MEASURE)).alias("measures"),
        first_reason(
            (local.is_null(), pl.format("cannot read start '{}'", start)),
            (date_out_of_range(local.dt.date()), pl.format("start {} is out of range (1990 to tomorrow)", start)),
            (valence.is_null() & klass.is_null(), pl.lit("no valence from -1 to 1 and no valence class")),
        ),
    )
    return split_rows(parsed, header)
