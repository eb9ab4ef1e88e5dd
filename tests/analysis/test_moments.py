"""Before and after a marked moment: which weeks each side holds, what too few weeks say, the gate over a moment's
signs (Simes' test, cross-checked with scipy), and a clear step read the right way with levels that add up."""

from __future__ import annotations

import dataclasses
import datetime as dt

import numpy as np
import pytest

from independence.analysis.moments import (
    MIN_SIDE_WEEKS,
    MOMENT_GATE,
    MOMENT_WEEKS,
    SideBySide,
    gated,
    moment_comparisons,
)
from independence.analysis.trends import SeriesPoints, series_trends, simes_p
from independence.signs import SIGNS
from independence.warehouse.marts import Window
from independence.warehouse.moments import MarkedMoment

MONDAY = dt.date(2026, 1, 5)
WINDOW = Window(MONDAY, MONDAY + dt.timedelta(weeks=59), 60)


def person(values_by_sign: dict[str, np.ndarray]) -> tuple[list[SeriesPoints], list]:
    """Return one person's series in SIGNS x SERIES order (check-ins only) and their trends."""
    empty = SeriesPoints(np.array([]), np.array([]), 0, next(iter(SIGNS.values())).observed)
    points = []
    for key, sign in SIGNS.items():
        values = values_by_sign[key]
        weeks = np.flatnonzero(~np.isnan(values)).astype(float)
        rated = SeriesPoints(weeks, values[~np.isnan(values)], len(weeks), sign.self_rated, "p", 59.0, True)
        points += [empty, rated]
    return points, series_trends(points)


def noisy(seed: int, step: float = 0.0, at: int = 30) -> np.ndarray:
    """Return 60 weeks of whole-point ratings around 3 with a step from week `at`."""
    rng = np.random.default_rng(seed)
    return np.clip(np.round(3 + rng.normal(0, 0.6, 60) + step * (np.arange(60) >= at)), 1, 5)


def compared(values_by_sign: dict[str, np.ndarray], on: dt.date):
    points, trends = person(values_by_sign)
    windows = {"observed": None, "self_rated": WINDOW}
    (comparison,) = moment_comparisons([MarkedMoment(1, on, "moved in together")], points, trends, windows)
    return {(side.sign, side.series): side for side in comparison.compared}


def test_a_clear_step_is_read_higher_and_the_levels_add_up_while_flat_signs_stay_the_same():
    values = {key: noisy(seed) for seed, key in enumerate(SIGNS)}
    values["alone_comfort"] = noisy(99, step=2.0)
    sides = compared(values, MONDAY + dt.timedelta(weeks=30, days=2))  # a Wednesday of week 30
    step = sides[("alone_comfort", "self_rated")]
    assert step.verdict == "higher" and step.interval[0] > 0
    assert step.after_level - step.before_level == pytest.approx(step.difference, abs=1e-3)
    assert step.before_weeks == step.after_weeks == MOMENT_WEEKS  # weeks 4-29 and 31-56: week 30 on neither side
    assert [side for key, side in sides.items() if key[0] != "alone_comfort" and side.verdict != "about the same"] == []
    assert {series for _, series in sides} == {"self_rated"}  # series without a fit are not compared


def test_too_few_weeks_on_a_side_say_how_many_there_are_and_are_not_compared():
    values = {key: noisy(seed) for seed, key in enumerate(SIGNS)}
    values["decision_confidence"][:27] = np.nan  # only weeks 27-29 before week 30
    sides = compared(values, MONDAY + dt.timedelta(weeks=30))
    short = sides[("decision_confidence", "self_rated")]
    assert short.verdict is None and short.difference is None
    assert short.missing == f"3 weeks with a value before and 26 weeks after; each side needs {MIN_SIDE_WEEKS}"
    outside = compared(values, MONDAY - dt.timedelta(weeks=3))  # before the window: nothing before it
    assert all(side.verdict is None and side.before_weeks == 0 for side in outside.values())


def side(p_value: float, verdict: str) -> SideBySide:
    return SideBySide("alone_comfort", "self_rated", 10, 10, 3.0, 3.5, 0.5, (0.1, 0.9), verdict, None, None, p_value)


def test_the_gate_leaves_calls_only_when_the_moment_as_a_whole_stands_out():
    lone = [side(0.03, "higher")] + [side(0.5, "about the same")] * 11  # one of twelve at 0.03: chance-like
    assert simes_p([s.p_value for s in lone]) > MOMENT_GATE
    assert [(s.verdict, s.reason) for s in gated(lone)][0] == ("about the same", "nothing_stands_out")
    strong = [side(0.001, "higher"), side(0.03, "higher")] + [side(0.5, "about the same")] * 10
    assert [s.verdict for s in gated(strong)][:2] == ["higher", "higher"]  # the moment stands out: both stay
    missing = dataclasses.replace(side(0.5, "about the same"), p_value=None, verdict=None, missing="too few")
    assert gated([missing]) == [missing]
