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


def bearable_export(path: Path, rows: int, seed: int = 2) -> Path:
    """Write a Bearable CSV (newer header) of `rows` rows: moods, factors, energy, sleep and symptoms."""
    rng = np.random.default_rng(seed)
    days = pl.Series(np.datetime64("2020-01-01") + rng.integers(0, 6 * 365, rows).astype("timedelta64[D]"))
    suffix = {1: "st", 2: "nd", 3: "rd", 21: "st", 22: "nd", 23: "rd", 31: "st"}
    day_numbers = days.dt.day()
    display = (
        day_numbers.cast(pl.String)
        + day_numbers.replace_strict(suffix, default="th", return_dtype=pl.String)
        + days.dt.to_string(" %b %Y")
    )
    categories = np.array(["Mood", "Mood", "Factors", "Energy", "Sleep", "Symptom"])
    category = categories[rng.integers(0, len(categories), rows)]
    details = {
        "Mood": np.array(["Calm | Hopeful", "Anxious", "Content", "Tired | Sad", ""]),
        "Factors": np.array(["With partner | Gym", "With family | 🖥️ Video Calls - Moderate", "Alone time"]),
        "Energy": np.array([""]),
        "Sleep": np.array([""]),
        "Symptom": np.array(["Headache (Mild)", "Fatigue (Moderate)"]),
    }
    amounts = {"Mood": None, "Factors": "", "Energy": "3", "Sleep": "7:30", "Symptom": ""}
    detail = np.array([details[c][rng.integers(0, len(details[c]))] for c in category[:4096]])[np.arange(rows) % 4096]
    category = category[np.arange(rows) % 4096]
    amount = np.where(
        category == "Mood", rng.integers(1, 11, rows).astype(str), [amounts.get(c) or "" for c in category]
    )
    frame = pl.DataFrame(
        {
            "date": display,
            "date formatted": days.dt.to_string("%Y-%m-%d"),
            "weekday": days.dt.to_string("%A"),
            "time of day": np.array(["9:30", "pm", "am", "all day", "mid", "21:05"])[rng.integers(0, 6, rows)],
            "category": category,
            "rating/amount": amount,
            "detail": detail,
            "notes": np.array(["", "", "Argument about chores", "(Synced)"])[rng.integers(0, 4, rows)],
        }
    )
    frame.write_csv(path, quote_style="always")
    return path


def main(rows: int) -> None:
    """Print parse-and-stage throughput for each generated format."""
    with tempfile.TemporaryDirectory() as scratch:
        for name, write in (("How We Feel CSV", howwefeel_export), ("Bearable CSV", bearable_export)):
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
