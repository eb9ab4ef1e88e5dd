"""Theil–Sen, Hamed–Rao Mann–Kendall and Benjamini–Hochberg for many series at once, in NumPy.

The formulas are those of `scipy.stats.theilslopes` (Sen 1968, eq. 2.6, for the interval),
`pymannkendall.hamed_rao_modification_test` (Hamed & Rao 1998: the variance of S scaled by the
significant autocorrelations of the detrended ranks) and `scipy.stats.false_discovery_control`;
tests check each gives the same numbers as the library on random series with ties. They are
re-stated here, vectorised over (series, points) arrays, because a cohort has thousands of series
and because importing scipy.stats costs an interactive command about 3 seconds on this machine.
"""

from __future__ import annotations

from statistics import NormalDist

import numpy as np

_NORMAL = NormalDist()
_normal_cdf = np.vectorize(_NORMAL.cdf, otypes=[float])


def normal_ppf(probability: float) -> float:
    """Return the standard normal quantile."""
    return _NORMAL.inv_cdf(probability)


def average_ranks(values: np.ndarray) -> np.ndarray:
    """Return per-row ranks from 1, ties given their average rank (as scipy.stats.rankdata)."""
    below = (values[:, None, :] < values[:, :, None]).sum(axis=2)
    equal = (values[:, None, :] == values[:, :, None]).sum(axis=2)
    return below + (equal + 1) / 2


def bh_q_values(p_values: np.ndarray) -> np.ndarray:
    """Return Benjamini–Hochberg adjusted p-values (q-values) in the input order."""
    count = len(p_values)
    order = np.argsort(p_values)
    scaled = p_values[order] * count / np.arange(1, count + 1)
    adjusted = np.minimum(np.minimum.accumulate(scaled[::-1])[::-1], 1.0)
    q_values = np.empty(count)
    q_values[order] = adjusted
    return q_values


def _pairs(points: int) -> tuple[np.ndarray, np.ndarray]:
    """Return index arrays (i, j) of every pair i < j."""
    return np.triu_indices(points, k=1)


def _tie_term(values: np.ndarray) -> np.ndarray:
    """Return Σ t(t-1)(2t+5) over groups of tied values, per row."""
    group_size = (values[:, :, None] == values[:, None, :]).sum(axis=2)
    return ((group_size - 1) * (2 * group_size + 5)).sum(axis=1).astype(float)


def theil_sen(x: np.ndarray, y: np.ndarray, confidence: float = 0.95) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return per-row Theil–Sen slope and its interval bounds for strictly increasing x rows."""
    rows, points = y.shape
    i, j = _pairs(points)
    slopes = np.sort((y[:, j] - y[:, i]) / (x[:, j] - x[:, i]), axis=1)
    pairs = slopes.shape[1]
    z = normal_ppf((1 - confidence) / 2)
    sigma = np.sqrt((points * (points - 1) * (2 * points + 5) - _tie_term(y)) / 18.0)
    upper = np.minimum(np.round((pairs - z * sigma) / 2).astype(int), pairs - 1)
    lower = np.maximum(np.round((pairs + z * sigma) / 2).astype(int) - 1, 0)
    row = np.arange(rows)
    return np.median(slopes, axis=1), slopes[row, lower], slopes[row, upper]


def _acf(ranks: np.ndarray) -> np.ndarray:
    """Return per-row autocorrelations at lags 0..n-1 (biased estimator, as pymannkendall)."""
    centred = ranks - ranks.mean(axis=1, keepdims=True)
    points = ranks.shape[1]
    acov = np.stack([(centred[:, : points - k] * centred[:, k:]).sum(axis=1) / points for k in range(points)], axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return acov / acov[:, :1]


def kendall_scores(y: np.ndarray) -> np.ndarray:
    """Return per-row Mann–Kendall S: later-minus-earlier pairs that rise minus those that fall."""
    i, j = _pairs(y.shape[1])
    return np.sign(y[:, j] - y[:, i]).sum(axis=1)


def hamed_rao_p_values(y: np.ndarray, alpha: float = 0.05) -> np.ndarray:
    """Return per-row two-sided p-values of the Mann–Kendall test with the Hamed–Rao variance correction."""
    rows, points = y.shape
    i, j = _pairs(points)
    score = kendall_scores(y)
    var_s = (points * (points - 1) * (2 * points + 5) - _tie_term(y)) / 18.0
    sens = np.median((y[:, j] - y[:, i]) / (j - i), axis=1)
    detrended = y - np.arange(1, points + 1) * sens[:, None]
    acf = _acf(average_ranks(detrended))
    bound = normal_ppf(1 - alpha / 2) / np.sqrt(points)
    lags = np.arange(1, points)
    weights = (points - lags) * (points - lags - 1) * (points - lags - 2)
    significant = np.where(np.abs(acf[:, 1:]) > bound, acf[:, 1:], 0.0)
    correction = 1 + 2 / (points * (points - 1) * (points - 2)) * (significant * weights).sum(axis=1)
    var_s = var_s * correction
    with np.errstate(invalid="ignore", divide="ignore"):
        z = np.where(score > 0, (score - 1), np.where(score < 0, score + 1, 0.0)) / np.sqrt(var_s)
    z = np.where(score == 0, 0.0, z)
    return 2 * (1 - _normal_cdf(np.abs(z)))
