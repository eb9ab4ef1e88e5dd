"""Differential privacy through OpenDP: clamped, noisy sums and counts, and their stated 95% noise intervals.

Neighbouring data differ by one client (symmetric distance 1). A mean is a noisy sum of clamped
values over a noisy count; its stated interval holds both noises at 97.5% each, so the true mean
of the clamped values lies inside it at least 95% of the time. OpenDP's noise cannot be seeded.
"""

from __future__ import annotations

import functools
import math

import opendp.prelude as dp

dp.enable_features("contrib")

TAIL = math.log(1 / 0.025)  # Laplace: P(|noise| > TAIL x scale) = 2.5%


@functools.cache
def _sum_measurement(bounds: tuple[float, float], epsilon: float) -> tuple[dp.Measurement, float]:
    """Return OpenDP's clamp -> sum -> Laplace measurement costing `epsilon` per client, and its noise scale."""
    space = dp.vector_domain(dp.atom_domain(T=float, nan=False)), dp.symmetric_distance()

    def measurement(scale: float) -> dp.Measurement:
        return space >> dp.t.then_clamp(bounds) >> dp.t.then_sum() >> dp.m.then_laplace(scale)

    scale = dp.binary_search_param(measurement, d_in=1, d_out=epsilon)
    return measurement(scale), scale


@functools.cache
def _count_measurement(epsilon: float) -> tuple[dp.Measurement, float]:
    """Return OpenDP's count -> discrete Laplace measurement costing `epsilon`, and its noise scale."""
    space = dp.vector_domain(dp.atom_domain(T=float, nan=False)), dp.symmetric_distance()

    def measurement(scale: float) -> dp.Measurement:
        return space >> dp.t.then_count() >> dp.m.then_laplace(scale)

    scale = dp.binary_search_param(measurement, d_in=1, d_out=epsilon)
    return measurement(scale), scale


def noisy_mean(values: list[float], bounds: tuple[float, float], epsilon: float) -> dict:
    """Return a noisy count, a noisy mean of the clamped values and its 95% noise interval, spending `epsilon`."""
    sum_measurement, sum_scale = _sum_measurement(bounds, epsilon / 2)
    count_measurement, count_scale = _count_measurement(epsilon / 2)
    total = float(sum_measurement([float(value) for value in values]))
    count = int(count_measurement([0.0] * len(values)))
    if count < 1:
        return {"count": count, "mean": None, "interval": None}
    mean = total / count
    low_count = max(count - TAIL * count_scale, 1.0)
    half_width = (TAIL * sum_scale + abs(mean) * TAIL * count_scale) / low_count
    return {"count": count, "mean": mean, "interval": (mean - half_width, mean + half_width)}


def noisy_counts(counts: list[int], sensitivity: int, epsilon: float) -> list[int]:
    """Return counts with discrete Laplace noise; one client changes them by `sensitivity` in total (L1)."""
    measurement = dp.m.make_laplace(
        dp.vector_domain(dp.atom_domain(T=int)), dp.l1_distance(T=int), sensitivity / epsilon
    )
    assert measurement.map(sensitivity) <= epsilon + 1e-9
    return [int(value) for value in measurement([int(count) for count in counts])]


def mean_half_width(bounds: tuple[float, float], epsilon: float, clients: int) -> float:
    """Return the 95% noise half-width of a noisy mean of `clients` clamped values spending `epsilon`."""
    _, sum_scale = _sum_measurement(bounds, epsilon / 2)
    _, count_scale = _count_measurement(epsilon / 2)
    largest = max(abs(bound) for bound in bounds)
    return (TAIL * sum_scale + largest * TAIL * count_scale) / max(clients - TAIL * count_scale, 1.0)


def clients_needed(bounds: tuple[float, float], epsilon: float) -> int:
    """Return the fewest clients for which a noisy mean's 95% noise interval fits inside the unit's range."""
    _, sum_scale = _sum_measurement(bounds, epsilon / 2)
    _, count_scale = _count_measurement(epsilon / 2)
    largest = max(abs(bound) for bound in bounds)
    half_range = (bounds[1] - bounds[0]) / 2
    return math.ceil(TAIL * count_scale + (TAIL * sum_scale + largest * TAIL * count_scale) / half_range)


def count_half_width(epsilon: float, sensitivity: int = 1) -> float:
    """Return the 95% half-width of the discrete Laplace noise on a count spending `epsilon`."""
    return TAIL * sensitivity / epsilon
