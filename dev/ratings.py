"""Simulated people's weekly check-in ratings, to measure how often trend verdicts are wrong.

Each person rates the six signs once a week for `weeks` weeks. Behind each rating is a latent weekly
value: the person's level, an AR(1) process across weeks (correlation `rho`, standard deviation `sd`)
and, for planted people, a straight rise of `rise` points across the window; the rating is the latent
value rounded to whole or half points and kept within 1..5. Weeks are skipped at random (`skip`), and
more often in hard weeks (`skip_hard` more when the person's latent mean that week is below their
line), the way people skip logging on bad days. Used by tests/dev/test_ratings.py (which asserts the
limits of docs/method.md) and bench/honesty.py (which prints the table).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import numpy as np

from independence.analysis.trends import SeriesPoints, series_trends
from independence.signs import SIGNS


@dataclass(frozen=True)
class RatingSpec:
    """A simulated group of people: how many, how long, how noisy, how they rate, what is planted."""

    people: int = 200
    weeks: int = 26
    rise: float = 0.0
    step: float = 1.0
    rho: float = 0.5
    sd: float = 0.7
    level: float = 3.0
    skip: float = 0.1
    skip_hard: float = 0.2
    seed: int = 1


def rated_weeks(spec: RatingSpec) -> tuple[np.ndarray, np.ndarray]:
    """Return ratings (people, six signs, weeks) and which weeks each person checked in (people, weeks)."""
    rng = np.random.default_rng(spec.seed)
    shape = (spec.people, len(SIGNS), spec.weeks)
    errors = np.empty(shape)
    errors[..., 0] = rng.normal(0, spec.sd, shape[:2])
    shocks = rng.normal(0, spec.sd * np.sqrt(1 - spec.rho**2), shape)
    for week in range(1, spec.weeks):
        errors[..., week] = spec.rho * errors[..., week - 1] + shocks[..., week]
    line = spec.level + spec.rise * np.arange(spec.weeks) / max(spec.weeks - 1, 1)
    latent = line + errors
    ratings = np.clip(np.round(latent / spec.step) * spec.step, 1, 5)
    hard = latent.mean(axis=1) < line
    logged = rng.random((spec.people, spec.weeks)) > spec.skip + spec.skip_hard * hard
    return ratings, logged


def rating_points(spec: RatingSpec) -> list[SeriesPoints]:
    """Return every simulated person's six check-in series as the trend code receives them."""
    ratings, logged = rated_weeks(spec)
    points = []
    for person in range(spec.people):
        weeks = np.flatnonzero(logged[person]).astype(float)
        for number, sign in enumerate(SIGNS.values()):
            values = ratings[person, number][logged[person]]
            rule = sign.self_rated
            group, last = f"p{person}", float(spec.weeks - 1)
            points.append(SeriesPoints(weeks, values, len(values), rule, group, last, shared_noise=True))
    return points


def verdict_shares(spec: RatingSpec) -> dict[str, float]:
    """Return the share of series with each trend verdict, and of recent comparisons saying higher or lower."""
    trends = series_trends(rating_points(spec))
    verdicts = Counter(trend.verdict for trend in trends)
    recents = Counter(trend.recent.verdict for trend in trends if trend.recent)
    total = len(trends)
    return {
        "improving": verdicts["improving"] / total,
        "declining": verdicts["declining"] / total,
        "insufficient_data": verdicts["insufficient_data"] / total,
        "recent_higher": recents["higher"] / total,
        "recent_lower": recents["lower"] / total,
    }
