"""A straight-line trend in weekly values with autocorrelated, noisy errors, fitted for many series at once.

The model: value = level + slope × week + error, where the error is a first-order autoregressive
process (correlation ρ per week, so ρ^d across a gap of d weeks) plus independent noise that takes a
share w of the error's variance (the rounding of whole-point ratings, the few entries behind a week).
Weeks without a value are simply absent: the gaps count as time passing. For each (ρ, w) on a grid,
a Kalman filter whitens the regressors and the values (one pass over the weeks, vectorised over the
series), which gives the generalised least squares slope, its standard error and the REML likelihood;
the (ρ, w) of highest likelihood is chosen, either per series or pooled over a group of series that
share their dynamics (one person's weekly check-in ratings). The slope is then tested with Student's t
on n − 2 degrees of freedom. `tests/analysis/test_trendstats.py` checks the filter against
statsmodels' GLS and a dense REML likelihood; `dev/ratings.py` measures false alarms and power.
"""

from __future__ import annotations

import functools
import itertools
from dataclasses import dataclass

import numpy as np

RHOS = np.linspace(0.0, 0.95, 20)
NOISE_SHARES = np.array([0.05, 0.1, 0.2, 0.3, 0.45, 0.6])  # some noise always: ratings are rounded
GRID = np.array(list(itertools.product(RHOS, NOISE_SHARES)))  # (combinations, 2): ρ and w
CHUNK_SERIES = 2000  # series (or versions of a series) filtered at once: bounds memory to ~100 MB
SHIFT_PROFILE_SPLITS = 5  # splits of each form the error model of a shift in level is chosen over
SHIFT_NULL_DRAWS = 4000  # simulated series behind the p-value of the best-fitting shift
STEP, GRADUAL = 0, 1  # forms of a shift in level: all at once, or spread over the first weeks and then held


@dataclass(frozen=True)
class WhitenedSums:
    """Sums of products of the whitened columns, per error model (grid point) and series."""

    products: dict[str, np.ndarray]  # keys like "11", "1x", "xy", "yy": arrays (models, series)
    log_variance: np.ndarray  # Σ log of the innovation variances, (models, series)
    points: np.ndarray  # valid points per series


def whitened_sums(
    x: np.ndarray, columns: dict[str, np.ndarray], mask: np.ndarray, rho: np.ndarray, noise: np.ndarray
) -> WhitenedSums:
    """Run the Kalman filter of the error model over the weeks; return the products of the whitened columns.

    `x` holds each series' week numbers (increasing among its valid points), `columns` the regressors
    and the values (each (series, points), or (series, versions, points) for a regressor in several
    versions, such as a shift at several splits, whose products then gain that axis), `mask` the valid
    points; `rho` and `noise` are the error models, broadcastable to (models, series). The filter runs
    once whatever the versions. The error's variance is scaled to 1: its level cancels in the slope's t
    statistic and is profiled out of the likelihood.
    """
    series, length = x.shape
    shape = np.broadcast_shapes(rho.shape, noise.shape, (1, series))
    if any(column.ndim == 3 for column in columns.values()):  # one versions axis for all: 1 where there is one
        columns = {name: column if column.ndim == 3 else column[:, None] for name, column in columns.items()}
    names = list(columns)
    versions = {name: columns[name].shape[1:-1] for name in names}  # () or (versions,)
    means = {name: np.zeros(shape + versions[name]) for name in names}
    state_variance = np.broadcast_to(1 - noise, shape).copy()
    products = {
        a + b: np.zeros(np.broadcast_shapes(shape + versions[a], shape + versions[b]))
        for a, b in itertools.combinations_with_replacement(names, 2)
    }
    log_variance = np.zeros(shape)
    previous = np.full(series, np.nan)
    for t in range(length):
        valid, first = mask[:, t], np.isnan(previous)
        if not valid.any():
            continue
        gaps = np.where(valid & ~first, x[:, t] - previous, 0.0)
        phi = np.where(first, 0.0, rho**gaps)
        predicted = np.where(first, 1 - noise, phi**2 * state_variance + (1 - noise) * (1 - phi**2))
        variance = predicted + noise
        gain = predicted / variance
        root = np.sqrt(variance)
        whitened = {}
        for name in names:
            axes = (...,) + (None,) * len(versions[name])
            kept, carried, gained = valid[axes], phi[axes], gain[axes]
            innovation = columns[name][..., t] - carried * means[name]
            whitened[name] = np.where(kept, innovation / root[axes], 0.0)
            means[name] = np.where(kept, carried * means[name] + gained * innovation, means[name])
        for key in products:
            products[key] += whitened[key[0]] * whitened[key[1]]
        log_variance += np.where(valid, np.log(variance), 0.0)
        state_variance = np.where(valid, predicted * (1 - gain), state_variance)
        previous = np.where(valid, x[:, t], previous)
    return WhitenedSums(products, log_variance, mask.sum(axis=1))


@dataclass(frozen=True)
class GlsFits:
    """GLS fits of some regressors at every error model: coefficients, their variances, the REML likelihood."""

    coefficients: np.ndarray  # (models, series, regressors)
    variances: np.ndarray  # (models, series, regressors): the coefficients' squared standard errors
    likelihood: np.ndarray  # (models, series): REML log-likelihood, the error variance profiled out
    points: np.ndarray  # (series,)


def _product(products: dict[str, np.ndarray], a: str, b: str) -> np.ndarray:
    """Return the sum of products of two whitened columns, whichever order it was accumulated in."""
    return products[a + b] if a + b in products else products[b + a]


def _inverse(matrices: np.ndarray) -> np.ndarray:
    """Return the inverses of a stack of invertible matrices: 2 × 2 ones in closed form (a cohort's shifts invert
    millions of them, where numpy's batched call costs more than the arithmetic), others by numpy."""
    if matrices.shape[-2:] != (2, 2):
        return np.linalg.inv(matrices)
    a, b, c, d = matrices[..., 0, 0], matrices[..., 0, 1], matrices[..., 1, 0], matrices[..., 1, 1]
    adjugate = np.stack([np.stack([d, -b], axis=-1), np.stack([-c, a], axis=-1)], axis=-2)
    return adjugate / (a * d - b * c)[..., None, None]


def gls_fits(sums: WhitenedSums, regressors: tuple[str, ...]) -> GlsFits:
    """Return the GLS fits of the value column 'y' on the named regressors, from whitened sums of products."""
    p = sums.products
    design = np.stack([np.stack([_product(p, a, b) for b in regressors], axis=-1) for a in regressors], axis=-2)
    crossed = np.stack([_product(p, a, "y") for a in regressors], axis=-1)
    free = sums.points - len(regressors)
    with np.errstate(invalid="ignore", divide="ignore"):
        sign, log_det = np.linalg.slogdet(design)
        singular = sign <= 0
        design = np.where(singular[..., None, None], np.eye(len(regressors)), design)
        inverse = _inverse(design)
        coefficients = np.einsum("...ij,...j->...i", inverse, crossed)
        residual = np.maximum(p["yy"] - np.einsum("...i,...i->...", coefficients, crossed), 0.0)
        variance = residual / free
        likelihood = -0.5 * (free * np.log(np.maximum(variance, 1e-300)) + sums.log_variance + log_det)
        likelihood = np.where(singular, -np.inf, likelihood)
        variances = variance[..., None] * np.diagonal(inverse, axis1=-2, axis2=-1)
    return GlsFits(coefficients, variances, likelihood, sums.points)


def chosen_grid_points(likelihood: np.ndarray, groups: np.ndarray, noise_groups: np.ndarray) -> np.ndarray:
    """Return, per series, its grid point: one ρ per group, one noise share per noise group.

    Series of one person share how persistent their weekly ups and downs are (`groups`); series that
    also share their noise (check-in ratings of one person, rounded the same way) form `noise_groups`
    inside a group. Likelihoods are summed over each noise group, maximised over the noise share for
    every ρ, summed over the group; the group's ρ is the best of that sum, and each noise group keeps
    the noise share that suits it best at that ρ.
    """
    by_model = np.nan_to_num(likelihood, nan=-np.inf).reshape(len(RHOS), len(NOISE_SHARES), -1)
    noise_labels, noise_members = np.unique(noise_groups, return_inverse=True)
    per_noise_group = np.zeros((len(RHOS), len(NOISE_SHARES), len(noise_labels)))
    np.add.at(per_noise_group.transpose(2, 0, 1), noise_members, by_model.transpose(2, 0, 1))
    owner = np.zeros(len(noise_labels), dtype=int)
    labels, members = np.unique(groups, return_inverse=True)
    owner[noise_members] = members
    pooled = np.zeros((len(RHOS), len(labels)))
    np.add.at(pooled.T, owner, per_noise_group.max(axis=1).T)
    rho = np.argmax(pooled, axis=0)[owner]  # per noise group
    noise = np.argmax(per_noise_group[rho, :, np.arange(len(rho))], axis=1)
    return (rho * len(NOISE_SHARES) + noise)[noise_members]


def student_t_sf(t: np.ndarray, df: np.ndarray) -> np.ndarray:
    """Return P(T > t) for Student's t (scipy.special, imported when first needed)."""
    from scipy.special import stdtr

    return stdtr(df, -t)


def ndtr(z):
    """Return the standard normal distribution function (scipy.special)."""
    from scipy.special import ndtr as normal_cdf

    return normal_cdf(z)


def ndtri(probability):
    """Return the standard normal quantile (scipy.special)."""
    from scipy.special import ndtri as normal_quantile

    return normal_quantile(probability)


def student_t_ppf(probability: float, df: np.ndarray) -> np.ndarray:
    """Return Student's t quantile."""
    from scipy.special import stdtrit

    return stdtrit(df, probability)


@dataclass(frozen=True)
class SlopeTests:
    """Per series: slope per week, its interval, the two-sided p-value, the fitted line, the chosen error model."""

    slope: np.ndarray
    low: np.ndarray
    high: np.ndarray
    p_value: np.ndarray
    level: np.ndarray  # the line's value at week `centre`
    centre: np.ndarray
    rho: np.ndarray
    noise_share: np.ndarray


def _chunk_fits(x: np.ndarray, y: np.ndarray, mask: np.ndarray) -> tuple[GlsFits, np.ndarray]:
    """Return the straight-line fits at every grid point, and each series' mean week."""
    centre = np.where(mask, x, 0).sum(axis=1, keepdims=True) / mask.sum(axis=1, keepdims=True)
    columns = {"1": np.ones_like(x), "x": x - centre, "y": y}
    sums = whitened_sums(x, columns, mask, GRID[:, 0][:, None], GRID[:, 1][:, None])
    return gls_fits(sums, ("1", "x")), centre[:, 0]


def slope_tests(
    x: np.ndarray, y: np.ndarray, mask: np.ndarray, groups: np.ndarray, noise_groups: np.ndarray, alpha: float
) -> SlopeTests:
    """Return each series' trend slope per week with its (1 − alpha) interval and p-value.

    The error model is the one of highest REML likelihood; series in the same group share its ρ, and
    those in the same noise group also its noise share (`chosen_grid_points`). Each series needs at
    least 3 valid points and two different values.
    """
    lines, centres = [], []
    for start in range(0, len(x), CHUNK_SERIES):
        part = slice(start, start + CHUNK_SERIES)
        line, centre = _chunk_fits(x[part], y[part], mask[part])
        lines.append(line), centres.append(centre)
    chosen = chosen_grid_points(np.concatenate([f.likelihood for f in lines], axis=1), groups, noise_groups)
    pick = np.arange(len(chosen))
    coefficients = np.concatenate([f.coefficients for f in lines], axis=1)[chosen, pick]
    variances = np.concatenate([f.variances for f in lines], axis=1)[chosen, pick]
    points = np.concatenate([f.points for f in lines])
    slope, error = coefficients[:, 1], np.sqrt(variances[:, 1])
    df = points - 2.0
    quantile = student_t_ppf(1 - alpha / 2, df)
    with np.errstate(invalid="ignore", divide="ignore"):
        p_value = 2 * student_t_sf(np.abs(slope / error), df)
    low, high = slope - quantile * error, slope + quantile * error
    return SlopeTests(slope, low, high, p_value, coefficients[:, 0], np.concatenate(centres), *GRID[chosen].T)


@dataclass(frozen=True)
class LevelDifferences:
    """Per series: the earlier weeks' level, the later weeks' difference from it, its interval and p-value."""

    earlier: np.ndarray
    difference: np.ndarray
    low: np.ndarray
    high: np.ndarray
    p_value: np.ndarray


def level_differences(
    x: np.ndarray, y: np.ndarray, mask: np.ndarray, later: np.ndarray, rho: np.ndarray, noise: np.ndarray, alpha: float
) -> LevelDifferences:
    """Return each series' level in the earlier weeks and the later weeks' difference from it, with its
    (1 − alpha) interval and two-sided p-value: generalised least squares under the series' error model.

    `later` marks the later weeks among the valid ones; `rho` and `noise` (series,) are the error model
    to use (the one of the series' trend fit).
    """
    columns = {"1": np.ones_like(x), "s": later.astype(float), "y": y}
    fits = gls_fits(whitened_sums(x, columns, mask, rho[None], noise[None]), ("1", "s"))
    difference, error = fits.coefficients[0, :, 1], np.sqrt(fits.variances[0, :, 1])
    return LevelDifferences(
        fits.coefficients[0, :, 0], difference, *_t_tested(difference, error, fits.points - 2.0, alpha)
    )


def _t_tested(estimate: np.ndarray, error: np.ndarray, df: np.ndarray, alpha: float) -> tuple[np.ndarray, ...]:
    """Return an estimate's (1 − alpha) Student-t interval and two-sided p-value (1 for an exact zero, 0 for an
    exact non-zero)."""
    with np.errstate(invalid="ignore", divide="ignore"):
        quantile = student_t_ppf(1 - alpha / 2, df)
        p_value = np.where(error > 0, 2 * student_t_sf(np.abs(estimate / error), df), (estimate == 0) * 1.0)
    return estimate - quantile * error, estimate + quantile * error, p_value


@dataclass(frozen=True)
class ShiftTests:
    """Per series: the shift in level that fits best, its form and where it falls, its interval and p-value
    allowing for the search over forms and places; `usable` marks the series with enough weeks for it."""

    before: np.ndarray  # weeks with a value before a step; for a gradual shift, the weeks it took (first to k-th)
    earlier: np.ndarray  # the level before it (at the first week, for a gradual shift)
    difference: np.ndarray  # the level after it minus the level before
    low: np.ndarray
    high: np.ndarray
    p_value: np.ndarray
    usable: np.ndarray
    gradual: np.ndarray  # True where the best fit is gradual (a straight rise or fall to the k-th week, then held)


def _split_rows(points: np.ndarray, side: int, most: int | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return (series, split, form) rows: each series split at its k-th week with a value, with at least `side`
    weeks with a value on each side, at every k or at `most` evenly spaced ones, in both forms (STEP, GRADUAL)."""
    series, splits, kinds = [], [], []
    for row, count in enumerate(points):
        if count < 2 * side + 3:
            continue
        ks = np.arange(side, count - side + 1)
        if most is not None and len(ks) > most:
            ks = np.unique(np.round(np.linspace(side, count - side, most)).astype(int))
        for form in (STEP, GRADUAL):
            series.append(np.full(len(ks), row)), splits.append(ks), kinds.append(np.full(len(ks), form))
    if not series:
        return np.zeros(0, dtype=int), np.zeros(0, dtype=int), np.zeros(0, dtype=int)
    return np.concatenate(series), np.concatenate(splits), np.concatenate(kinds)


def shift_shares(x: np.ndarray, mask: np.ndarray, splits, forms) -> np.ndarray:
    """Return the share of the shift reached at each week: for a step 0 up to the k-th week with a value and 1
    after it; for a gradual shift a straight line from 0 at the first week with a value to 1 at the k-th, then 1.

    `x` and `mask` are (..., points); `splits` (k) and `forms` broadcast against their leading axes, so (series, 1,
    points) weeks with (series, versions) splits give (series, versions, points) shares.
    """
    splits, forms, rank = np.asarray(splits)[..., None], np.asarray(forms)[..., None], np.cumsum(mask, axis=-1)
    first = np.where(mask & (rank == 1), x, -np.inf).max(axis=-1, keepdims=True)
    reached = np.where(mask & (rank == splits), x, -np.inf).max(axis=-1, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        ramp = np.clip((x - first) / (reached - first), 0.0, 1.0)
    return np.where(mask, np.where(forms == GRADUAL, ramp, (rank > splits) * 1.0), 0.0)


def _unfolded(sums: WhitenedSums, versions: tuple[int, int]) -> WhitenedSums:
    """Return sums over (models, series, versions) as sums over (models, series × versions), one per version."""
    shape = sums.log_variance.shape + versions[1:]
    return WhitenedSums(
        {key: np.broadcast_to(value, shape).reshape(shape[0], -1) for key, value in sums.products.items()},
        np.broadcast_to(sums.log_variance[..., None], shape).reshape(shape[0], -1),
        np.repeat(sums.points, versions[1]),
    )


def _split_fits(x: np.ndarray, y: np.ndarray, mask: np.ndarray, rows: tuple[np.ndarray, ...], rho, noise) -> GlsFits:
    """Return the GLS fits of a level and a shift (`shift_shares`) for (series, split, form) rows, each series'
    rows together, at the error models `rho` and `noise` (broadcastable to (models, rows), one model per series).

    A series' rows share one run of the filter: its level and values are whitened once, the shift at every row
    beside them (`whitened_sums` with versions), in chunks of about CHUNK_SERIES rows.
    """
    series, splits, forms = rows
    owners, starts, counts = np.unique(series, return_index=True, return_counts=True)
    width = int(counts.max()) if len(counts) else 1
    slots = starts[:, None] + np.minimum(np.arange(width), counts[:, None] - 1)  # (owners, width): padded, repeated
    models = np.broadcast_shapes(np.shape(rho), np.shape(noise), (1, len(series)))
    rho, noise = np.broadcast_to(rho, models)[:, starts], np.broadcast_to(noise, models)[:, starts]
    coefficients = np.zeros((models[0], len(series), 2))
    variances, likelihood = np.zeros_like(coefficients), np.zeros((models[0], len(series)))
    step = max(1, CHUNK_SERIES // width)
    for start in range(0, len(owners), step):
        part = slice(start, start + step)
        s, chunk = owners[part], slots[part]
        shares = shift_shares(x[s][:, None], mask[s][:, None], splits[chunk], forms[chunk])
        sums = whitened_sums(
            x[s], {"1": np.ones_like(x[s]), "s": shares, "y": y[s]}, mask[s], rho[:, part], noise[:, part]
        )
        fits = gls_fits(_unfolded(sums, chunk.shape), ("1", "s"))
        coefficients[:, chunk.ravel()], variances[:, chunk.ravel()] = fits.coefficients, fits.variances
        likelihood[:, chunk.ravel()] = fits.likelihood
    return GlsFits(coefficients, variances, likelihood, mask.sum(axis=1)[series])


@functools.lru_cache(maxsize=None)
def null_largest_shifts(points: int, side: int) -> np.ndarray:
    """Return, sorted, the largest standardised shift in level over every split (at least `side` weeks with a value
    on each side) and both forms (a step, a gradual shift) of SHIFT_NULL_DRAWS simulated series of `points`
    independent values with no shift.

    The form and split that fit best are looked for, so their statistic is the largest of many: this is its
    distribution when nothing shifted (seeded, so a report reads the same each time it is written). Each
    statistic is the projection of the values on the centred shape of the shift over its length, from running
    sums of the values (a step) and of the values times their rank (a gradual shift).
    """
    values = np.random.default_rng(points).standard_normal((SHIFT_NULL_DRAWS, points))
    rank = np.arange(points, dtype=float)
    sums, weighted = np.cumsum(values, axis=1), np.cumsum(values * rank, axis=1)
    total = sums[:, -1:]
    k = np.arange(side, points - side + 1)
    step = (sums[:, k - 1] - k / points * total) / np.sqrt(k * (points - k) / points)
    shapes = np.minimum(rank[None, :] / (k[:, None] - 1), 1.0)  # (splits, points): 0 at the first, 1 from the k-th
    mean = shapes.mean(axis=1)
    along = weighted[:, k - 1] / (k - 1) + (total - sums[:, k - 1])  # the values times the shape, summed
    gradual = (along - mean * total) / np.sqrt(((shapes - mean[:, None]) ** 2).sum(axis=1))
    return np.sort(np.maximum(np.abs(step).max(axis=1), np.abs(gradual).max(axis=1)))


def shift_tests(
    x: np.ndarray,
    y: np.ndarray,
    mask: np.ndarray,
    groups: np.ndarray,
    noise_groups: np.ndarray,
    side: int,
    alpha: float,
) -> ShiftTests:
    """Return each series' best-fitting shift in level, with its (1 − alpha) interval and p-value allowing for the
    search over its form and where it falls.

    The mean is a level and a shift, split at the k-th week with a value with at least `side` weeks with a value
    on each side (series with 2 × side + 3 of them), in two forms (`shift_shares`): a step after the k-th week, or
    a gradual shift, a straight rise or fall from the first week to the k-th, then held. The error model is the
    one of highest REML likelihood under a shift, profiled over SHIFT_PROFILE_SPLITS evenly spaced splits of each
    form and shared as in `slope_tests`, so a shift is not mistaken for persistent ups and downs. At that error
    model every split of both forms is fitted by GLS; the one with the largest t statistic (as a normal deviate)
    is the shift, and it is judged against the largest of the same statistic in series of independent values
    with no shift (`null_largest_shifts`), with the interval widened to match.
    """
    points = mask.sum(axis=1)
    usable = points >= 2 * side + 3
    profile = np.zeros((len(GRID), len(x)))
    coarse = _split_rows(points, side, SHIFT_PROFILE_SPLITS)
    if len(coarse[0]):
        likelihood = _split_fits(x, y, mask, coarse, GRID[:, 0][:, None], GRID[:, 1][:, None]).likelihood
        profile[:, usable] = -np.inf
        np.maximum.at(profile.T, coarse[0], np.nan_to_num(likelihood, nan=-np.inf).T)
    chosen = chosen_grid_points(profile, groups, noise_groups)
    found = ShiftTests(*(np.zeros(len(x)) for _ in range(5)), np.ones(len(x)), usable, np.zeros(len(x), dtype=bool))
    rows = _split_rows(points, side)
    if not len(rows[0]):
        return found
    fits = _split_fits(x, y, mask, rows, GRID[chosen[rows[0]], 0][None], GRID[chosen[rows[0]], 1][None])
    difference, error = fits.coefficients[0, :, 1], np.sqrt(fits.variances[0, :, 1])
    df = points[rows[0]] - 2.0
    with np.errstate(invalid="ignore", divide="ignore"):
        deviate = np.nan_to_num(-ndtri(student_t_sf(np.abs(difference / error), df)), nan=-np.inf)
    order = np.lexsort((-deviate, rows[0]))
    best = order[np.flatnonzero(np.r_[True, np.diff(rows[0][order]) != 0])]
    series = rows[0][best]
    for k, row in zip(best, series, strict=True):
        null = null_largest_shifts(int(points[row]), side)
        found.before[row], found.gradual[row] = rows[1][k], rows[2][k] == GRADUAL
        found.earlier[row] = fits.coefficients[0, k, 0]
        found.difference[row] = difference[k]
        found.p_value[row] = (np.sum(null >= deviate[k]) + 1) / (len(null) + 1)
        quantile = student_t_ppf(ndtr(np.quantile(null, 1 - alpha)), df[k])
        found.low[row], found.high[row] = difference[k] - quantile * error[k], difference[k] + quantile * error[k]
    found.usable[series] &= np.isfinite(error[best]) & np.isfinite(found.high[series])
    found.p_value[~found.usable] = 1.0
    return found
