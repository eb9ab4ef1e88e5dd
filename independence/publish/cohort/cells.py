"""Small-cell rules: counts from fewer than k clients are suppressed, and so is a partner cell whenever one
suppressed count could be worked out from the total (complementary suppression)."""

from __future__ import annotations

import math

from scipy import special


def t_quantile_975(df: int) -> float:
    """Return Student's t 97.5% quantile for `df` degrees of freedom."""
    return float(special.stdtrit(df, 0.975))


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
