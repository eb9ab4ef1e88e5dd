"""The vectorised trend statistics give the same numbers as the libraries and formulas they restate."""

from __future__ import annotations

import numpy as np
import pytest
import statsmodels.api as sm
from scipy import stats

from independence.analysis.tageffects import bh_q_values
from independence.analysis.trendstats import (
    GRID,
    chosen_grid_points,
    gls_fits,
    level_differences,
    slope_tests,
    whitened_sums,
)


def gappy_series(count: int, points: int, seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return week numbers with gaps, whole-point values with a mild trend, and a mask with a hole."""
    rng = np.random.default_rng(seed)
    weeks = np.array([np.sort(rng.choice(points + 15, size=points, replace=False)) for _ in range(count)], float)
    values = np.round(3 + 0.03 * weeks + rng.normal(0, 0.8, (count, points)))
    mask = np.ones((count, points), dtype=bool)
    mask[::3, points // 2] = False
    return weeks, values, mask


def covariance(weeks: np.ndarray, rho: float, noise: float) -> np.ndarray:
    """Return the error model's correlation matrix: AR(1) across weeks with gaps, plus independent noise."""
    return (1 - noise) * rho ** np.abs(weeks[:, None] - weeks[None, :]) + noise * np.eye(len(weeks))


@pytest.mark.parametrize(("rho", "noise"), [(0.0, 0.05), (0.5, 0.2), (0.9, 0.6)])
def test_the_kalman_filter_gives_statsmodels_gls_and_the_dense_reml_likelihood(rho, noise):
    weeks, values, mask = gappy_series(12, 20, seed=int(rho * 10))
    centre = np.where(mask, weeks, 0).sum(axis=1, keepdims=True) / mask.sum(axis=1, keepdims=True)
    columns = {"1": np.ones_like(weeks), "x": weeks - centre, "y": values}
    fits = gls_fits(whitened_sums(weeks, columns, mask, np.array([[rho]]), np.array([[noise]])), ("1", "x"))
    for row in range(len(weeks)):
        x, y = weeks[row][mask[row]], values[row][mask[row]]
        design = np.column_stack([np.ones(len(x)), x - x.mean()])
        sigma = covariance(x, rho, noise)
        gls = sm.GLS(y, design, sigma=sigma).fit()
        assert fits.coefficients[0, row] == pytest.approx(gls.params, abs=1e-10)
        assert np.sqrt(fits.variances[0, row]) == pytest.approx(gls.bse, rel=1e-9)
        inverse = np.linalg.inv(sigma)
        information = design.T @ inverse @ design
        residual = y - design @ gls.params
        variance = residual @ inverse @ residual / (len(x) - 2)
        reml = -0.5 * (
            (len(x) - 2) * np.log(variance) + np.linalg.slogdet(sigma)[1] + np.linalg.slogdet(information)[1]
        )
        assert fits.likelihood[0, row] == pytest.approx(reml, abs=1e-8)


def test_the_tests_use_the_pooled_model_and_students_t_from_scipy():
    weeks, values, mask = gappy_series(6, 24, seed=4)
    groups = np.array(["ana"] * 3 + ["bo"] * 3)
    tests = slope_tests(weeks, values, mask, groups, groups, alpha=0.04)
    assert len(set(zip(tests.rho[:3], tests.noise_share[:3]))) == 1  # one error model per person
    for row in range(len(weeks)):
        x, y = weeks[row][mask[row]], values[row][mask[row]]
        sigma = covariance(x, tests.rho[row], tests.noise_share[row])
        gls = sm.GLS(y, np.column_stack([np.ones(len(x)), x - x.mean()]), sigma=sigma).fit()
        t = gls.params[1] / gls.bse[1]
        assert tests.p_value[row] == pytest.approx(2 * stats.t.sf(abs(t), len(x) - 2), rel=1e-9)
        half = stats.t.ppf(0.98, len(x) - 2) * gls.bse[1]
        assert (tests.low[row], tests.high[row]) == pytest.approx((gls.params[1] - half, gls.params[1] + half))


def test_a_group_shares_its_rho_and_a_noise_group_also_its_noise_share():
    rng = np.random.default_rng(2)
    likelihood = rng.normal(size=(len(GRID), 4))
    alone = chosen_grid_points(likelihood, np.array(["a", "b", "c", "d"]), np.array(["a", "b", "c", "d"]))
    assert list(alone) == list(np.argmax(likelihood, axis=0))
    pooled = chosen_grid_points(likelihood, np.array(["p"] * 4), np.array(["p"] * 4))
    summed = likelihood.sum(axis=1)
    assert set(pooled) == {int(np.argmax(summed))}
    shared_rho = chosen_grid_points(likelihood, np.array(["p"] * 4), np.array(["1", "2", "3", "4"]))
    by_model = likelihood.reshape(20, 6, 4)
    rho = int(np.argmax(by_model.max(axis=1).sum(axis=1)))
    assert list(shared_rho) == [rho * 6 + int(np.argmax(by_model[rho, :, k])) for k in range(4)]


def test_a_level_difference_is_the_gls_coefficient_of_the_later_weeks_with_its_p_value():
    weeks, values, mask = gappy_series(5, 16, seed=8)
    later = weeks >= np.median(weeks, axis=1, keepdims=True)
    rho, noise = np.full(5, 0.4), np.full(5, 0.2)
    levels = level_differences(weeks, values, mask, later, rho, noise, alpha=0.04)
    difference, low, high = levels.difference, levels.low, levels.high
    for row in range(5):
        x, y, step = weeks[row][mask[row]], values[row][mask[row]], later[row][mask[row]].astype(float)
        gls = sm.GLS(y, np.column_stack([np.ones(len(x)), step]), sigma=covariance(x, 0.4, 0.2)).fit()
        assert difference[row] == pytest.approx(gls.params[1], abs=1e-10)
        assert levels.earlier[row] == pytest.approx(gls.params[0], abs=1e-10)
        assert high[row] - low[row] == pytest.approx(2 * stats.t.ppf(0.98, len(x) - 2) * gls.bse[1])
        assert levels.p_value[row] == pytest.approx(gls.pvalues[1], rel=1e-6)


def test_q_values_match_scipy():
    p_values = np.random.default_rng(3).random(60) ** 3
    assert np.allclose(bh_q_values(p_values), stats.false_discovery_control(p_values, method="bh"))


def shift_shapes(x: np.ndarray, split: int) -> dict[bool, np.ndarray]:
    """Return the two forms of a shift after the split-th week with a value, written out the long way: a step,
    and a straight rise from the first week to the split-th (in weeks, gaps included), then held."""
    step = (np.arange(1, len(x) + 1) > split) * 1.0
    gradual = np.array([min((week - x[0]) / (x[split - 1] - x[0]), 1.0) for week in x])
    return {False: step, True: gradual}


def test_a_regressor_in_versions_gives_the_sums_of_each_version_filtered_alone():
    weeks, values, mask = gappy_series(5, 24, seed=4)
    versions = np.random.default_rng(1).normal(size=(5, 3, 24))
    rho, noise = np.array([[0.3], [0.7]]), np.array([[0.2], [0.1]])
    together = whitened_sums(weeks, {"1": np.ones_like(weeks), "s": versions, "y": values}, mask, rho, noise)
    for version in range(3):
        alone = whitened_sums(
            weeks, {"1": np.ones_like(weeks), "s": versions[:, version], "y": values}, mask, rho, noise
        )
        for key, value in alone.products.items():
            assert np.allclose(np.broadcast_to(together.products[key], (2, 5, 3))[..., version], value, atol=1e-12)
        assert np.allclose(together.log_variance, alone.log_variance)


def test_the_shift_is_the_same_whatever_the_chunks_its_series_are_filtered_in(monkeypatch):
    from independence.analysis import trendstats

    weeks, values, mask = gappy_series(7, 40, seed=6)
    values[:3, 20:] += 1.0
    groups = np.array(["a"] * 4 + ["b"] * 3)
    whole = trendstats.shift_tests(weeks, values, mask, groups, groups, 8, 0.01)
    monkeypatch.setattr(trendstats, "CHUNK_SERIES", 1)  # one series at a time, whatever its splits
    chunked = trendstats.shift_tests(weeks, values, mask, groups, groups, 8, 0.01)
    for field in ("before", "earlier", "difference", "low", "high", "p_value", "gradual"):
        assert np.array_equal(getattr(whole, field), getattr(chunked, field)), field


@pytest.mark.parametrize("gradual", [False, True])
def test_the_shift_is_the_gls_fit_of_the_form_and_split_that_fits_best(monkeypatch, gradual):
    from independence.analysis import trendstats

    monkeypatch.setattr(trendstats, "GRID", np.array([[0.5, 0.2]]))  # one error model: chosen whatever the data
    monkeypatch.setattr(trendstats, "RHOS", np.array([0.5]))
    monkeypatch.setattr(trendstats, "NOISE_SHARES", np.array([0.2]))
    weeks, values, mask = gappy_series(6, 30, seed=5)
    for row in range(6):  # a shift completed at the 14th week with a value: at once, or rising from the first
        at = weeks[row][mask[row]][13]
        values[row] += 3.0 * (
            np.clip((weeks[row] - weeks[row][0]) / (at - weeks[row][0]), 0, 1) if gradual else (weeks[row] > at)
        )
    groups = np.array([f"#{k}" for k in range(6)])
    shifts = trendstats.shift_tests(weeks, values, mask, groups, groups, 8, alpha=0.01)
    assert shifts.usable.all()
    assert shifts.gradual.sum() >= 4 if gradual else (~shifts.gradual).sum() >= 4  # mostly the form planted
    for row in range(6):
        x, y = weeks[row][mask[row]], values[row][mask[row]]
        fits = []
        for split in range(8, len(x) - 7):
            for form, shape in shift_shapes(x, split).items():
                design = np.column_stack([np.ones(len(x)), shape])
                fits.append((split, form, sm.GLS(y, design, sigma=covariance(x, 0.5, 0.2)).fit()))
        split, form, gls = max(fits, key=lambda fit: abs(fit[2].tvalues[1]))
        assert (shifts.before[row], shifts.gradual[row]) == (split, form)
        assert shifts.difference[row] == pytest.approx(gls.params[1], abs=1e-9)
        assert shifts.earlier[row] == pytest.approx(gls.params[0], abs=1e-9)
        null = trendstats.null_largest_shifts(len(x), 8)
        deviate = stats.norm.isf(gls.pvalues[1] / 2)
        assert shifts.p_value[row] == pytest.approx((np.sum(null >= deviate) + 1) / (len(null) + 1), abs=1e-9)
        widened = stats.t.ppf(stats.norm.cdf(np.quantile(null, 0.99)), len(x) - 2)
        assert shifts.high[row] - shifts.low[row] == pytest.approx(2 * widened * gls.bse[1])
        assert widened > stats.t.ppf(0.995, len(x) - 2)  # wider than at one split chosen beforehand
    cut = slice(0, 18)  # 18 weeks with a value at most: fewer than 2 × 8 + 3
    shifts = trendstats.shift_tests(weeks[:, cut], values[:, cut], mask[:, cut], groups, groups, 8, 0.01)
    assert not shifts.usable.any() and (shifts.p_value == 1).all()


def test_the_null_of_the_largest_shift_matches_a_dense_simulation_of_every_split_and_form():
    # the largest t of a step or of a gradual shift, over all splits of independent values, as a normal deviate,
    # simulated the long way (least squares of every shape)
    from independence.analysis.trendstats import null_largest_shifts

    values = np.random.default_rng(8).standard_normal((4000, 30))
    weeks = np.arange(30.0)
    deviates = []
    for split in range(8, 23):
        for shape in shift_shapes(weeks, split).values():
            design = np.column_stack([np.ones(30), shape])
            coefficients, residuals, *_ = np.linalg.lstsq(design, values.T, rcond=None)
            error = np.sqrt(residuals / 28 * np.linalg.inv(design.T @ design)[1, 1])
            deviates.append(stats.norm.isf(stats.t.sf(np.abs(coefficients[1] / error), 28)))
    largest = np.max(deviates, axis=0)
    steps_only = np.max(deviates[::2], axis=0)
    null = null_largest_shifts(30, 8)
    for level in (0.9, 0.95, 0.99):
        assert np.quantile(null, level) == pytest.approx(np.quantile(largest, level), rel=0.04)
    assert np.quantile(null, 0.99) > np.quantile(steps_only, 0.99) > stats.norm.isf(0.005)
