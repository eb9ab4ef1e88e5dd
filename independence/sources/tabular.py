"""Turn records built in Python (from JSON exports) into the canonical staged and reject frames."""

from __future__ import annotations

import polars as pl

from independence.csvchunks import RAW_LINE_CHARS, REJECT_SCHEMA
from independence.sources.records import STAGED_SCHEMA


def staged_frames(rows: list[dict], rejects: list[tuple[int, str, str]]) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Return rows as a frame of STAGED_SCHEMA and rejects (number, reason, raw text) as REJECT_SCHEMA."""
    staged = pl.DataFrame(rows, schema=STAGED_SCHEMA) if rows else pl.DataFrame(schema=STAGED_SCHEMA)
    raw = [(number, reason, text[:RAW_LINE_CHARS]) for number, reason, text in rejects]
    return staged, pl.DataFrame(raw, schema=REJECT_SCHEMA, orient="row")
