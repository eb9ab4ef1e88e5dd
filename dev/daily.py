"""Simulated people's daily moods, to measure how often the weekday and time-of-day patterns are wrong.

Each person logs for `days` days. Behind each entry is a latent mood: the person's level, an AR(1)
process across days (correlation `rho`, standard deviation `sd`), a planted weekday effect
(`weekend` points on Saturdays and Sundays) and a planted part-of-day effect (`evening` points on
evening entries). Each logged day has one to three entries at random parts of the day; each entry
is the latent mood plus its own noise (`entry_sd`), rounded to a whole point within 1..5. Days are
skipped at random (`skip`), and more often on hard days (`skip_hard` more when the latent mood is
below the level), the way people skip logging on bad days. Used by tests/dev/test_daily.py (which
asserts the limits of docs/method.md) and bench/honesty.py (which prints the table).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from independence.analysis.patterns import PARTS_OF_DAY, part_of_day_pattern, weekday_pattern

FIRST_DAY = dt.date(2025, 11, 3)  # a Monday


@dataclass(frozen=True)
class DailySpec:
    """A simulated group of people: how many, how long, how noisy, what is planted."""

    people: int = 200
    days: int = 182
    weekend: float = 0.0
    evening: float = 0.0
    rho: float = 0.6
    sd: float = 0.8
    entry_sd: float = 0.5
    level: float = 3.2
    skip: float = 0.15
    skip_hard: float = 0.2
    seed: int = 1


@dataclass(frozen=True)
class SimulatedPerson:
    """One person's logged days with their daily mean mood, and their (day, part of day, mean mood) values."""

    days: list[tuple[dt.date, float]]
    parts: list[tuple[dt.date, str, float]]


def simulated_people(spec: DailySpec) -> list[SimulatedPerson]:
    """Return every simulated person's daily means and part-of-day means, as the report computes them."""
    rng = np.random.default_rng(spec.seed)
    dates = [FIRST_DAY + dt.timedelta(days=number) for number in range(spec.days)]
    weekend = np.array([day.weekday() >= 5 for day in dates]) * spec.weekend
    people = []
    for _ in range(spec.people):
        errors = np.empty(spec.days)
        errors[0] = rng.normal(0, spec.sd)
        shocks = rng.normal(0, spec.sd * np.sqrt(1 - spec.rho**2), spec.days)
        for number in range(1, spec.days):
            errors[number] = spec.rho * errors[number - 1] + shocks[number]
        latent = spec.level + weekend + errors
        logged = rng.random(spec.days) > spec.skip + spec.skip_hard * (errors < 0)
        days, parts = [], []
        for number in np.flatnonzero(logged):
            chosen = rng.choice(len(PARTS_OF_DAY), size=rng.integers(1, 4), replace=False)
            by_part = {}
            for part in chosen:
                shift = spec.evening if PARTS_OF_DAY[part] == "evening" else 0.0
                by_part[PARTS_OF_DAY[part]] = float(
                    np.clip(np.round(latent[number] + shift + rng.normal(0, spec.entry_sd)), 1, 5)
                )
            days.append((dates[number], float(np.mean(list(by_part.values())))))
            parts += [(dates[number], part, mood) for part, mood in by_part.items()]
        people.append(SimulatedPerson(days, parts))
    return people


def pattern_rates(spec: DailySpec) -> dict[str, float]:
    """Return the share of people whose weekday pattern, and whose time-of-day pattern, is called."""
    people = simulated_people(spec)
    weekdays = [weekday_pattern(person.days).verdict == "differs" for person in people]
    parts = [part_of_day_pattern(person.parts).verdict == "differs" for person in people]
    return {"weekday": float(np.mean(weekdays)), "part_of_day": float(np.mean(parts))}
