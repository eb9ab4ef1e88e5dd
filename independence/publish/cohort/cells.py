"""Small-cell rules: counts from fewer than k clients are suppressed, and so is a partner cell whenever one
suppressed count could be worked out from the total (complementary suppression)."""

from __future__ import annotations

import math

T_975 = [
    12.706,
    4.303,
    3.182,
    2.776,
    2.571,
    2.447,
    2.365,
    2.306,
    2.262,
    2.228,
    2.201,
    2.179,
    2.160,
    2.145,
    2.131,
    2.120,
    2.110,
    2.101,
    2.093,
    2.086,
    2.080,
    2.074,
    2.069,
    2.064,
    2.060,
    2.056,
    2.052,
    2.048,
    2.045,
    2.042,
]


def t_quantile_975(df: int) -> float:
    """Return Student's t 97.5% quantile: tabled to 30 degrees of freedom, Cornish-Fisher beyond (error < 1e-4)."""
    if df <= len(T_975):
        return T_975[df - 1]
    z = 1.959964
    return z + (z**3 + z) / (4 * df) + (5 * z**5 + 16 * z**3 + 3 * z) / (96 * df**2)


def mean_interval(values: list[float]) -> tuple[float, tuple[float, float] | None]:
    """Return the mean and its 95% t interval (None for a single value)."""
    mean = sum(values) / len(values)
    if len(values) < 2:
        return mean, None
    sd = math.sqrt(sum((value - mean) ** 2 for value in values) / (len(values) - 1))
    half = t_quantile_975(len(values) - 1) * sd / math.sqrt(len(values))
    return mean, (mean - half, mean + half)


def protected_groups(groups: dict[str, set[str]], k: int, forced: frozenset[str] = frozenset()) -> set[str]:
    """Return the names of the groups to hide: every group of 1..k-1 clients, every `forced` one, and partners.

    While exactly one group is hidden, or the hidden groups hold fewer than k clients between them (so
    a total would tell them apart), the smallest shown non-empty group is hidden too. Groups may
    overlap (a client in several bins); empty groups stay shown, as they name nobody.
    """
    hidden = {name for name, members in groups.items() if 0 < len(members) < k} | set(forced)
    while hidden:
        together = set().union(*(groups[name] for name in hidden))
        if len(hidden) >= 2 and (len(together) >= k or not together):
            break
        shown = sorted((len(members), name) for name, members in groups.items() if name not in hidden and members)
        if not shown:
            break
        hidden.add(shown[0][1])
    return hidden
