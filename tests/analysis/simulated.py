"""Simulated people the trend tests and the page auditor share."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np

from independence.analysis.trends import SeriesPoints
from independence.signs import SIGNS


def early_rise(seed: int, abrupt: bool = False) -> list[SeriesPoints]:
    """Return a person's six weekly check-in series over a year: one rises from about 1.5 to 4 over ten weeks (or,
    `abrupt`, at the tenth) and stays at 4, the other five stay around 3 (whole points, 30% of weeks skipped)."""
    rng = np.random.default_rng(seed)
    weeks = np.arange(52)
    kept = rng.random(52) > 0.3
    level = np.where(weeks < 10, 1.5 + (0 if abrupt else 2.5 * weeks / 10), 4.0)
    levels = [level, *(np.full(52, 3.0) for _ in range(5))]
    return [
        SeriesPoints(
            weeks[kept].astype(float),
            np.clip(np.round(values + rng.normal(0, 0.55, 52)), 1, 5)[kept],
            int(kept.sum()),
            sign.self_rated,
            f"p{seed}",
            51.0,
            True,
        )
        for values, sign in zip(levels, SIGNS.values(), strict=True)
    ]


def early_rise_checkins(path: Path, seed: int, start: dt.date = dt.date(2025, 12, 1), abrupt: bool = False) -> Path:
    """Write `early_rise(seed, abrupt)` as a check-in CSV, one row per week logged from `start`; return the path."""
    series = early_rise(seed, abrupt)
    header = ["date", *SIGNS, "note"]
    rows = [header]
    for position, week in enumerate(series[0].week_index):
        day = start + dt.timedelta(weeks=int(week))
        rows.append([day.isoformat(), *(str(int(s.values[position])) for s in series), ""])
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(",".join(row) for row in rows) + "\n", encoding="utf-8")
    return path
