"""Simulated people whose signs change in every shape, to measure the trend rule (docs/method.md's shape tables).

Each person rates the six signs once a week in whole points from 1 to 5. Behind each rating: a start level of 3,
a "how the week went" factor shared by all six signs (AR(1), correlation `rho`, standard deviation `sd`), each
sign's own AR(1) of the same kind, and for `changed` of the six signs a change of `size` points in a `shape`:

- `linear`: a steady rise across the weeks;
- `step`: all of it at once, halfway;
- `plateau`: a rise over the first 20 weeks, then held;
- `ceiling`: a steady rise from 3.5 that whole-point ratings cap at 5;
- `dip`: down by `size` for the middle third, then back (no change from start to end).

Each person skips a share of weeks drawn between `skip_low` and `skip_high`, and `skip_bad` more in weeks that
went badly (the week's mean over the six signs below the start level): with a step down, the bad weeks are the
ones that go missing. Used by tests/dev/test_shapes.py (which asserts docs/method.md's tables) and by
`python -m dev.shapes` (which prints them).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from independence.analysis.trends import SeriesPoints, SeriesTrend, person_gated, series_trends
from independence.signs import SIGNS

SHAPES = ("none", "linear", "step", "plateau", "ceiling", "dip")


@dataclass(frozen=True)
class ShapeSpec:
    """A simulated group: how many people, how long, the change (shape, size, signs), the noise, the skipping."""

    people: int = 400
    weeks: int = 52
    shape: str = "none"
    size: float = 1.5
    changed: int = 3
    rho: float = 0.5
    sd: float = 0.5
    skip_low: float = 0.2
    skip_high: float = 0.4
    skip_bad: float = 0.2
    seed: int = 1


@dataclass(frozen=True)
class ShapeRates:
    """What the verdicts said: changed signs found the right way, unchanged signs called, people with any call
    on an unchanged sign (a trend, or the last 8 weeks against the 8 before), verdicts opposite to the truth,
    unchanged signs called improving."""

    found: float | None
    false_per_series: float
    people_with_a_false_call: float
    opposite: float
    unchanged_improving: float


def ar_series(rng: np.random.Generator, shape: tuple[int, ...], rho: float, sd: float) -> np.ndarray:
    """Return AR(1) series along the last axis with stationary standard deviation sd."""
    values = np.empty(shape)
    values[..., 0] = rng.normal(0, sd, shape[:-1])
    shocks = rng.normal(0, sd * np.sqrt(1 - rho**2), shape)
    for week in range(1, shape[-1]):
        values[..., week] = rho * values[..., week - 1] + shocks[..., week]
    return values


def change_curve(shape: str, weeks: int, size: float) -> np.ndarray:
    """Return the planted change per week for a shape (0 at the start)."""
    t = np.arange(weeks, dtype=float)
    curves = {
        "none": np.zeros(weeks),
        "linear": size * t / (weeks - 1),
        "step": size * (t >= weeks // 2),
        "plateau": size * np.minimum(t / 20, 1.0),
        "ceiling": size * t / (weeks - 1),
        "dip": -abs(size) * ((t >= weeks // 3) & (t < 2 * weeks // 3)),
    }
    return curves[shape]


def simulated_ratings(spec: ShapeSpec) -> tuple[np.ndarray, np.ndarray]:
    """Return ratings (people, six signs, weeks) and which weeks each person logged (people, weeks)."""
    rng = np.random.default_rng(spec.seed)
    shared = ar_series(rng, (spec.people, 1, spec.weeks), spec.rho, spec.sd)
    own = ar_series(rng, (spec.people, len(SIGNS), spec.weeks), spec.rho, spec.sd)
    planted = np.zeros((len(SIGNS), spec.weeks))
    planted[: spec.changed] = change_curve(spec.shape, spec.weeks, spec.size)
    start = 3.5 if spec.shape == "ceiling" else 3.0
    latent = start + shared + own + planted
    ratings = np.clip(np.round(latent), 1, 5)
    bad = latent.mean(axis=1) < start
    skip = rng.uniform(spec.skip_low, spec.skip_high, (spec.people, 1))
    logged = rng.random((spec.people, spec.weeks)) > skip + spec.skip_bad * bad
    return ratings, logged


def simulated_points(spec: ShapeSpec) -> list[SeriesPoints]:
    """Return every simulated person's six check-in series as the trend code receives them."""
    ratings, logged = simulated_ratings(spec)
    points = []
    for person in range(spec.people):
        weeks = np.flatnonzero(logged[person]).astype(float)
        for number, sign in enumerate(SIGNS.values()):
            values = ratings[person, number][logged[person]]
            points.append(
                SeriesPoints(weeks, values, len(values), sign.self_rated, f"p{person}", spec.weeks - 1.0, True)
            )
    return points


def judged_people(spec: ShapeSpec) -> list[SeriesTrend]:
    """Return every simulated person's six trends as a report judges them: fitted together, then gated per person
    (`trends.person_gated`)."""
    trends = series_trends(simulated_points(spec))
    per_person = len(SIGNS)
    return [
        trend
        for start in range(0, len(trends), per_person)
        for trend in person_gated(trends[start : start + per_person])
    ]


def shape_rates(spec: ShapeSpec, trends: list[SeriesTrend] | None = None) -> ShapeRates:
    """Return the rates of `ShapeRates` for the simulated people (the first `changed` signs changed), judged as a
    report judges them unless `trends` are given."""
    trends = judged_people(spec) if trends is None else trends
    verdicts = np.array([trend.verdict for trend in trends]).reshape(spec.people, len(SIGNS))
    recent = np.array([bool(t.recent and t.recent.verdict != "about the same") for t in trends])
    recent = recent.reshape(spec.people, len(SIGNS))
    truth = np.sign(change_curve(spec.shape, spec.weeks, spec.size)[-1]) if spec.shape != "none" else 0.0
    changed = np.zeros(len(SIGNS), dtype=bool)
    changed[: spec.changed] = spec.shape != "none"
    called = np.isin(verdicts, ("improving", "declining"))
    right = {1.0: "improving", -1.0: "declining"}.get(float(truth))
    wrong = {1.0: "declining", -1.0: "improving"}.get(float(truth))
    found = float((verdicts[:, changed] == right).mean()) if right and changed.any() else None
    opposite = float((verdicts[:, changed] == wrong).mean()) if wrong and changed.any() else 0.0
    if spec.shape == "dip":  # no change from start to end: any call on a dipped sign is against the truth
        opposite = float(called[:, changed].mean())
    return ShapeRates(
        found=found,
        false_per_series=float(called[:, ~changed].mean()),
        people_with_a_false_call=float((called | recent)[:, ~changed].any(axis=1).mean()),
        opposite=opposite,
        unchanged_improving=float((verdicts[:, ~changed] == "improving").mean()),
    )


def rates_table(people: int = 1000) -> list[str]:
    """Return docs/method.md's shape table (seeds as in the tests)."""
    lines = [
        "| weeks | shape (3 of 6 signs, 1.5 points) | found | unchanged series called | people with a false call "
        "| unchanged called improving | against the truth |",
        "|---:|---|---:|---:|---:|---:|---:|",
    ]
    for weeks in (26, 52):
        for shape in SHAPES:
            for size in (1.5, -1.5) if shape == "step" else (1.5,):
                rates = shape_rates(ShapeSpec(people=people, weeks=weeks, shape=shape, size=size, seed=weeks))
                found = "–" if rates.found is None else f"{rates.found:.0%}"
                name = f"{shape} {'down' if size < 0 else ''}".strip()
                lines.append(
                    f"| {weeks} | {name} | {found} | {rates.false_per_series:.1%} | "
                    f"{rates.people_with_a_false_call:.1%} | {rates.unchanged_improving:.1%} | {rates.opposite:.1%} |"
                )
    return lines


def flagged_share(spec: ShapeSpec) -> float:
    """Return the share of simulated people whose check-ins the report says they skip more after low weeks."""
    from independence.analysis.skips import skip_pattern, weekly_levels

    points = simulated_points(spec)
    flagged = 0
    for start in range(0, len(points), len(SIGNS)):
        pattern = skip_pattern(*weekly_levels(points[start : start + len(SIGNS)]), spec.weeks - 1)
        flagged += bool(pattern and pattern.informative)
    return flagged / spec.people


def skipping_table(people: int = 1000) -> list[str]:
    """Return docs/method.md's sensitivity table: verdicts as skipping after bad weeks grows, at 52 weeks."""
    lines = [
        "| more skipped in bad weeks | people told they skip after low weeks | no change: people with a false call "
        "| step down found | step down: unchanged called improving | step up found |",
        "|---:|---:|---:|---:|---:|---:|",
    ]
    for skip_bad in (0.0, 0.2, 0.4):
        spec = ShapeSpec(people=people, skip_bad=skip_bad, seed=5)
        none = shape_rates(spec)
        down = shape_rates(ShapeSpec(people=people, skip_bad=skip_bad, shape="step", size=-1.5, seed=5))
        up = shape_rates(ShapeSpec(people=people, skip_bad=skip_bad, shape="step", size=1.5, seed=5))
        lines.append(
            f"| {skip_bad:.0%} | {flagged_share(spec):.0%} | {none.people_with_a_false_call:.1%} | {down.found:.0%} | "
            f"{down.unchanged_improving:.1%} | {up.found:.0%} |"
        )
    return lines


if __name__ == "__main__":
    print("\n".join(rates_table()))
    print()
    print("\n".join(skipping_table()))
