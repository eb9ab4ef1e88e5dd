"""The project's own weekly check-in CSV: a date and 1..5 self-ratings of the six signs."""

from __future__ import annotations

import polars as pl

from independence.ingest.options import SourceOptions
from independence.ingest.records import MEASURE, date_out_of_range
from independence.ingest.sources.frames import first_reason, split_rows
from independence.signs import SIGNS as SIGN_KEYS

SIGNS = tuple(SIGN_KEYS)
TEMPLATE_HEADER = ["date", *SIGNS, "note"]
_DATE = r"^\d{4}-\d{2}-\d{2}(?:[ T]\d{1,2}:\d{2})?$"


def recognised_format(header: list[str], options: SourceOptions = SourceOptions()) -> str | None:
    """Return 'check-in CSV' for a header with `date` and at least one sign column, else None."""
    if "date" in header and any(sign in header for sign in SIGNS) and "mood" not in header:
        return "check-in CSV"
    return None


def header_problem(header: list[str], options: SourceOptions = SourceOptions()) -> str | None:
    """Return what is wrong with a check-in header (unknown columns), or None."""
    unknown = [name for name in header if name not in TEMPLATE_HEADER]
    if unknown:
        return f"line 1: unknown check-in column(s) {', '.join(unknown)}; allowed: {', '.join(TEMPLATE_HEADER)}"
    return None


def _rating(sign: str) -> pl.Expr:
    """Return a sign's rating as a number, null when the cell is empty or unreadable."""
    return pl.col(sign).str.strip_chars().str.replace(",", ".").cast(pl.Float64, strict=False)


def _rating_problem(sign: str) -> tuple[pl.Expr, pl.Expr]:
    """Return (failed, reason) for a cell that is filled but not a number from 1 to 5."""
    filled = pl.col(sign).str.strip_chars().fill_null("") != ""
    failed = filled & ~_rating(sign).is_between(1, 5).fill_null(False)
    return failed, pl.format(f"{sign}: '{{}}' is not a rating from 1 to 5", pl.col(sign))


def staged_rows(
    rows: pl.DataFrame, header: list[str], options: SourceOptions = SourceOptions()
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Return canonical staged rows (ratings as measures) and the rows rejected with a reason."""
    signs = [sign for sign in SIGNS if sign in header]
    text = pl.col("date").str.strip_chars()
    when = text.str.replace("T", " ").str.to_datetime("%Y-%m-%d %H:%M", strict=False)
    logged_at = pl.coalesce(when, text.str.to_date("%Y-%m-%d", strict=False).cast(pl.Datetime("us")))
    note = pl.col("note").str.strip_chars() if "note" in header else pl.lit(None, pl.String)
    measures = pl.concat_list(
        [
            pl.when(_rating(sign).is_not_null()).then(
                pl.struct(pl.lit(sign).alias("name"), _rating(sign).alias("value"), pl.lit(5.0).alias("value_max"))
            )
            for sign in signs
        ]
    ).list.drop_nulls()
    parsed = rows.with_columns(
        logged_at.cast(pl.Datetime("us")).alias("logged_at_local"),
        pl.lit(None, dtype=pl.String).alias("tz"),
        pl.lit(None, dtype=pl.String).alias("mood_raw"),
        pl.lit(None, dtype=pl.Float64).alias("mood_score"),
        pl.lit(None, dtype=pl.String).alias("note_title"),
        pl.when(note == "").then(None).otherwise(note).alias("note"),
        pl.lit([], dtype=pl.List(pl.Struct({"tag": pl.String, "tag_group": pl.String}))).alias("tags"),
        measures.cast(pl.List(MEASURE)).alias("measures"),
        first_reason(
            (
                ~text.str.contains(_DATE).fill_null(False) | logged_at.is_null(),
                pl.format("cannot read date '{}' (expected YYYY-MM-DD)", pl.col("date")),
            ),
            (date_out_of_range(logged_at.dt.date()), pl.format("date {} is out of range (1990 to tomorrow)", text)),
            *[_rating_problem(sign) for sign in signs],
            ((measures.list.len() == 0) & (note.fill_null("") == ""), pl.lit("no rating and no note")),
        ),
    )
    return split_rows(parsed, header)
