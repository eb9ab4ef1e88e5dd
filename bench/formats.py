"""Benchmark: parser throughput per app format (parse and stage only, no warehouse load).

Generates a synthetic export per format with N rows (default 500,000) and prints rows/s of
`stage_export`. Usage: python bench/formats.py [ROWS]; figures go to docs/benchmarks.md.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import polars as pl

from independence.sources.howwefeel import EMOTIONS
from independence.staging import stage_export


def howwefeel_export(path: Path, rows: int, seed: int = 1) -> Path:
    """Write a How We Feel CSV of `rows` entries: 1-3 emotion words, people/places/events, notes."""
    rng = np.random.default_rng(seed)
    stamps = np.datetime64("2020-01-01T00:00") + rng.integers(0, 6 * 365 * 1440, rows).astype("timedelta64[m]")
    dates = pl.Series(stamps.astype("datetime64[us]")).dt.to_string("%Y %a %b %-d %-I:%M %p")
    words = EMOTIONS["word"].str.to_titlecase().to_numpy()
    moods = [";".join(rng.choice(words, int(count), replace=False)) for count in rng.integers(1, 4, 2048)]
    people = np.array(["Partner", "By Myself", "Family", "Friends", "Partner;Family", ""])
    frame = pl.DataFrame(
        {
            "Date": dates,
            "Mood": np.array(moods)[rng.integers(0, len(moods), rows)],
            "Tags (People)": people[rng.integers(0, len(people), rows)],
            "Tags (Places)": np.array(["Home", "Work", "Outside", ""])[rng.integers(0, 4, rows)],
            "Tags (Events)": np.array(["Cooking", "Argument", "Exercise", ""])[rng.integers(0, 4, rows)],
            "Exercise": np.array(["30", "", "45", ""])[rng.integers(0, 4, rows)],
            "Sleep": np.array(["7.5", "6", "", "8"])[rng.integers(0, 4, rows)],
            "Notes": np.array(["Good talk tonight.", "", "Long day; tired.", ""])[rng.integers(0, 4, rows)],
        }
    )
    frame.write_csv(path)
    return path


def main(rows: int) -> None:
    """Print parse-and-stage throughput for each generated format."""
    with tempfile.TemporaryDirectory() as scratch:
        for name, write in (("How We Feel CSV", howwefeel_export),):
            path = write(Path(scratch) / f"{name.replace(' ', '_')}.csv", rows)
            started = time.perf_counter()
            staged = stage_export(path)
            seconds = time.perf_counter() - started
            staged.discard()
            size = path.stat().st_size / 1e6
            print(
                f"{name}: {rows:,} rows, {size:.0f} MB, staged {staged.rows_staged:,} in {seconds:.2f} s "
                f"({staged.rows_read / seconds:,.0f} rows/s), rejected {staged.rows_rejected:,}"
            )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 500_000)
