"""Steps the CSV sources share on Polars frames: parse each distinct value once, reasons, HTML as text."""

from __future__ import annotations

import html

import polars as pl

from independence.ingest.records import LINE, RAW_LINE_CHARS, REJECT_SCHEMA, STAGED_SCHEMA

_ENTITY = r"&(#\d+|#x[0-9a-fA-F]+|[A-Za-z]+\d*);"


def computed_on_unique(frame: pl.DataFrame, keys: list[str], **columns: pl.Expr) -> pl.DataFrame:
    """Return the frame with `columns` added, each computed once per distinct value of `keys`.

    Dates, times, activity sets and scales repeat thousands of times in an export; parsing each
    distinct value once and joining back is much faster than parsing every row.
    """
    distinct = frame.select(keys).unique().with_columns(**columns)
    return frame.join(distinct, on=keys, how="left", nulls_equal=True, maintain_order="left")


def raw_line(columns: list[str]) -> pl.Expr:
    """Return the row re-joined with commas and cut short: the stored copy of a rejected line."""
    joined = pl.concat_str([pl.col(name).fill_null("") for name in columns], separator=",")
    return joined.str.slice(0, RAW_LINE_CHARS).alias("raw_line")


def split_rows(parsed: pl.DataFrame, columns: list[str]) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Split a frame with a `reject_reason` column into staged rows and rejects."""
    rejects = parsed.filter(pl.col("reject_reason").is_not_null()).select(
        pl.col(LINE), pl.col("reject_reason").alias("reason"), raw_line(columns)
    )
    staged = parsed.filter(pl.col("reject_reason").is_null()).select(
        (pl.col(name) if name in parsed.columns else pl.lit(None)).cast(dtype).alias(name)
        for name, dtype in STAGED_SCHEMA.items()
    )
    return staged, rejects.cast(REJECT_SCHEMA)


def first_reason(*checks: tuple[pl.Expr, pl.Expr]) -> pl.Expr:
    """Return the reason of the first failing (condition, reason) check, or null when all pass."""
    chain = pl.when(checks[0][0]).then(checks[0][1])
    for failed, reason in checks[1:]:
        chain = chain.when(failed).then(reason)
    return chain.otherwise(pl.lit(None, dtype=pl.String)).alias("reject_reason")


def html_as_text(fragment: pl.Expr) -> pl.Expr:
    """Return an HTML fragment as plain text: line breaks kept, tags removed, blank as null."""
    text = (
        fragment.str.replace_all("\r\n", "\n", literal=True)
        .str.replace_all(r"(?i)<br\s*/?>\n?", "\n")
        .str.replace_all(r"(?i)</(p|div|li|h[1-6])\s*>", "\n")
        .str.replace_all(r"<[^>]*>", "")
        .str.strip_chars()
    )
    return pl.when(text == "").then(None).otherwise(text)


def unescaped_entities(texts: pl.Series) -> pl.Series:
    """Return the texts with HTML entities decoded; only rows that contain an entity are touched."""
    has_entity = texts.str.contains(_ENTITY).fill_null(False)
    if not has_entity.any():
        return texts
    values = texts.to_list()
    for index in has_entity.arg_true().to_list():
        values[index] = html.unescape(values[index])
    return pl.Series(texts.name, values, dtype=pl.String)
