"""Simulated people who mark a moment, to measure how often "before and after" comparisons are wrong.

Each person rates the six signs once a week for `weeks` weeks, in whole points from 1 to 5. Behind each
rating: the person's level, a "how the week went" factor shared by all six signs (AR(1), correlation `rho`,
standard deviation `sd`), each sign's own AR(1) of the same kind, and for `changed` of the six signs a step
of `step` points from the moment's week on. Weeks are skipped at random (`skip`) and `skip_bad` more often
when the week went badly (its shared factor below zero). The moment falls in a random week between a quarter
and three quarters of the way through. Used by tests/dev/test_moments.py, which asserts the rates printed in
docs/method.md, and by `python -m dev.moments`, which prints them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from dev.shapes import ar_series
from independence.analysis.moments import MomentComparison, moment_comparisons
from independence.analysis.trends import SeriesPoints, series_trends
from independence.signs import SERIES, SIGNS
from independence.warehouse.marts import Window
from independence.warehouse.moments import MarkedMoment

FIRST_WEEK = dt.date(2025, 1, 6)  # a Monday


@dataclass(frozen=True)
class MomentSpec:
    """A simulated group: how many people, how long, how noisy, how often they skip, what changes at the moment."""

    people: int = 300
    weeks: int = 52
    step: float = 0.0
    changed: int = 3
    rho: float = 0.5
    sd: float = 0.5
    skip: float = 0.3
    skip_bad: float = 0.2
    seed: int = 1


@dataclass(frozen=True)
class MomentRates:
    """What the comparisons said: false calls among unchanged signs, people with any, found changes, wrong way."""

    false_per_sign: float
    people_with_a_false_call: float
    found: float | None
    opposite: float
    compared: float


def simulated_people(spec: MomentSpec) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return ratings (people, six signs, weeks), which weeks each person logged (people, weeks), moment weeks."""
    rng = np.random.default_rng(spec.seed)
    shared = ar_series(rng, (spec.people, 1, spec.weeks), spec.rho, spec.sd)
    own = ar_series(rng, (spec.people, len(SIGNS), spec.weeks), spec.rho, spec.sd)
    moment = rng.integers(spec.weeks // 4, 3 * spec.weeks // 4, spec.people)
    after = np.arange(spec.weeks)[None, :] >= moment[:, None]
    planted = np.zeros((spec.people, len(SIGNS), 1))
    planted[:, : spec.changed] = spec.step
    latent = 3.0 + shared + own + planted * after[:, None, :]
    ratings = np.clip(np.round(latent), 1, 5)
    logged = rng.random((spec.people, spec.weeks)) > spec.skip + spec.skip_bad * (shared[:, 0] < 0)
    return ratings, logged, moment


def compared_moments(spec: MomentSpec) -> list[MomentComparison]:
    """Return each simulated person's moment compared before and after, judged by the report's own code."""
    ratings, logged, moment = simulated_people(spec)
    window = Window(FIRST_WEEK, FIRST_WEEK + dt.timedelta(weeks=spec.weeks - 1), spec.weeks)
    empty = SeriesPoints(np.array([]), np.array([]), 0, next(iter(SIGNS.values())).observed)
    points = []
    for person in range(spec.people):
        weeks = np.flatnonzero(logged[person]).astype(float)
        for number, sign in enumerate(SIGNS.values()):
            values = ratings[person, number][logged[person]]
            rated = SeriesPoints(weeks, values, len(values), sign.self_rated, f"p{person}", spec.weeks - 1.0, True)
            points += [empty, rated]  # SIGNS x SERIES order: observed (none here), then self-rated
    trends = series_trends(points)
    per_person = len(SIGNS) * len(SERIES)
    found = []
    for person in range(spec.people):
        day = FIRST_WEEK + dt.timedelta(weeks=int(moment[person]))
        part = slice(person * per_person, (person + 1) * per_person)
        marked = [MarkedMoment(1, day, "moment")]
        found += moment_comparisons(marked, points[part], trends[part], {"observed": None, "self_rated": window})
    return found


def moment_rates(spec: MomentSpec) -> MomentRates:
    """Return the rates of `MomentRates` over the simulated people (signs in SIGNS order; the first `changed`
    changed by `step`)."""
    comparisons = compared_moments(spec)
    changed_signs = set(list(SIGNS)[: spec.changed]) if spec.step else set()
    false = unchanged = found = planted = opposite = compared = total = 0
    people_false = 0
    for comparison in comparisons:
        any_false = False
        for side in comparison.compared:
            total += 1
            if side.verdict is None:
                continue
            compared += 1
            called = side.verdict in ("higher", "lower")
            if side.sign in changed_signs:
                planted += 1
                found += side.verdict == ("higher" if spec.step > 0 else "lower")
                opposite += side.verdict == ("lower" if spec.step > 0 else "higher")
            else:
                unchanged += 1
                false += called
                any_false |= called
        people_false += any_false
    return MomentRates(
        false_per_sign=false / max(unchanged, 1),
        people_with_a_false_call=people_false / len(comparisons),
        found=found / planted if planted else None,
        opposite=opposite / max(planted + unchanged, 1),
        compared=compared / max(total, 1),
    )


def rates_table(people: int = 1000) -> list[str]:
    """Return docs/method.md's table: per length and step, the rates of `moment_rates` (seeds as in the tests)."""
    lines = [
        "| weeks | step at the moment (3 of 6 signs) | found | unchanged signs called | people with any false call "
        "| read the wrong way |",
        "|---:|---|---:|---:|---:|---:|",
    ]
    for weeks in (26, 52):
        for step in (0.0, 1.0, 1.5, -1.5):
            seed = weeks if step == 0 else 200 + weeks
            rates = moment_rates(MomentSpec(people=people, weeks=weeks, step=step, seed=seed))
            found = "–" if rates.found is None else f"{rates.found:.0%}"
            lines.append(
                f"| {weeks} | {'none' if step == 0 else f'{step:+.1f}'} | {found} | {rates.false_per_sign:.1%} | "
                f"{rates.people_with_a_false_call:.1%} | {rates.opposite:.1%} |"
            )
    return lines


if __name__ == "__main__":
    print("\n".join(rates_table()))
