"""Generic form CSV (Google Forms, Typeform) for coach check-ins, read through a column map.

The person maps the form's question texts to our columns in a TOML file (`--columns map.toml`):
`timestamp = "Timestamp"`, `alone_comfort = "How comfortable were you on your own this week?"`, …,
optionally `note`. The form is recognised only with such a map, when its timestamp question is a
column. Each response becomes a check-in: ratings 1..5 as measures named after the sign (like the
project's own check-in CSV), the timestamp read in the common form layouts (Google Forms
`2026/05/17 3:39:12 PM` or `17/05/2026 15:39:12`, Typeform `2026-05-17 13:39:12`, ISO).
"""

from __future__ import annotations

import polars as pl

from independence.ingest.options import SourceOptions
from independence.ingest.records import MEASURE, TAG, date_out_of_range
from independence.ingest.sources.checkin.template import SIGNS
from independence.ingest.sources.frames import first_reason, split_rows

_LAYOUTS = ("%Y/%m/%d %I:%M:%S %p", "%Y/%m/%d %H:%M:%S", "%d/%m/%Y %H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S")


def recognised_format(header: list[str], options: SourceOptions = SourceOptions()) -> str | None:
    """Return 'form CSV (column map)' when a column map is given and its timestamp question is a column."""
    if options.columns and options.columns.get("timestamp") in header:
        return "form CSV (column map)"
    return None


def header_problem(header: list[str], options: SourceOptions = SourceOptions()) -> str | None:
    """Return which mapped questions are missing from the form's header, or None."""
    missing = [question for question in options.columns.values() if question not in header]
    return (
        f"line 1: the form has no column {', '.join(repr(q) for q in missing)} from the column map" if missing else None
    )


def _timestamp(column: str) -> pl.Expr:
    """Return the first layout that reads the timestamp, as a datetime."""
    text = pl.col(column).str.strip_chars().str.replace(r"\.\d+$", "").str.replace(r"\s*(GMT|UTC)[+-]?\d*$", "")
    return pl.coalesce([text.str.to_datetime(layout, strict=False) for layout in _LAYOUTS])


def staged_rows(
    rows: pl.DataFrame, header: list[str], options: SourceOptions = SourceOptions()
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Return each response as a check-in with its ratings, and the responses rejected with a reason."""
    columns = options.columns
    when = _timestamp(columns["timestamp"])
    signs = [sign for sign in SIGNS if sign in columns]
    ratings = {
        sign: pl.col(columns[sign]).str.strip_chars().str.replace(",", ".").cast(pl.Float64, strict=False)
        for sign in signs
    }
    measures = pl.concat_list(
        [
            pl.when(rating.is_between(1, 5)).then(
                pl.struct(pl.lit(sign).alias("name"), rating.alias("value"), pl.lit(5.0).alias("value_max"))
            )
            for sign, rating in ratings.items()
        ]
    ).list.drop_nulls()
    note = pl.col(columns["note"]).str.strip_chars() if "note" in columns else pl.lit(None, pl.String)
    filled = {sign: pl.col(columns[sign]).str.strip_chars().fill_null("") != "" for sign in signs}
    parsed = rows.with_columns(
        when.alias("logged_at_local"),
        pl.lit(None, dtype=pl.String).alias("tz"),
        pl.lit(None, dtype=pl.String).alias("mood_raw"),
        pl.lit(None, dtype=pl.Float64).alias("mood_score"),
        pl.lit(None, dtype=pl.String).alias("note_title"),
        pl.when(note == "").then(None).otherwise(note).alias("note"),
        pl.lit([], dtype=pl.List(TAG)).alias("tags"),
        measures.cast(pl.List(MEASURE)).alias("measures"),
        first_reason(
            (when.is_null(), pl.format("cannot read timestamp '{}'", pl.col(columns["timestamp"]))),
            (
                date_out_of_range(when.dt.date()),
                pl.format("timestamp {} is out of range", pl.col(columns["timestamp"])),
            ),
            *[
                (
                    filled[sign] & ~ratings[sign].is_between(1, 5).fill_null(False),
                    pl.format(f"{sign}: '{{}}' is not a rating from 1 to 5", pl.col(columns[sign])),
                )
                for sign in signs
            ],
        ),
    )
    return split_rows(parsed, header)
