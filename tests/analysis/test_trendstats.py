"""The vectorised statistics give the same numbers as the libraries they restate."""

from __future__ import annotations

import warnings

import numpy as np
import pymannkendall
import pytest
from scipy import stats

from independence.analysis.trendstats import average_ranks, bh_q_values, hamed_rao_p_values, theil_sen


def random_series(points: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Return 150 series: a third trending, the rest rounded to halves (many ties), with gappy week numbers."""
    rng = np.random.default_rng(seed)
    values = np.round(rng.normal(size=(150, points)) * 2) / 2
    values[:50] = rng.normal(size=(50, points)) + np.arange(points) * 0.08
    weeks = np.array([np.sort(rng.choice(points + 12, size=points, replace=False)) for _ in range(150)], dtype=float)
    return weeks, values


@pytest.mark.parametrize("points", [8, 13, 26, 52])
def test_theil_sen_matches_scipy(points):
    weeks, values = random_series(points, seed=points)
    slopes, lows, highs = theil_sen(weeks, values, 0.95)
    for row in range(len(values)):
        expected = stats.theilslopes(values[row], weeks[row], alpha=0.95)
        assert slopes[row] == pytest.approx(expected.slope, abs=1e-12)
        assert (lows[row], highs[row]) == pytest.approx((expected.low_slope, expected.high_slope), abs=1e-12)


@pytest.mark.parametrize("points", [8, 13, 26, 52])
def test_hamed_rao_matches_pymannkendall(points):
    _weeks, values = random_series(points, seed=100 + points)
    p_values = hamed_rao_p_values(values, alpha=0.025)
    compared = 0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        for row in range(len(values)):
            expected = pymannkendall.hamed_rao_modification_test(values[row], alpha=0.025).p
            if np.isnan(expected):  # a series whose detrended ranks are all equal
                continue
            compared += 1
            assert p_values[row] == pytest.approx(expected, abs=1e-9)
    assert compared > 140


def test_ranks_and_q_values_match_scipy():
    rng = np.random.default_rng(3)
    tied = np.round(rng.normal(size=(40, 20)))
    assert np.array_equal(average_ranks(tied), stats.rankdata(tied, axis=1))
    p_values = rng.random(60) ** 3
    assert np.allclose(bh_q_values(p_values), stats.false_discovery_control(p_values, method="bh"))
