"""Tag effects on daily mood: mean mood on days with a tag minus days without, honestly tested.

p-values come from permuting whole 7-day blocks of the daily mood series against the fixed tag
days (day-to-day correlation kept), intervals from resampling whole 7-day blocks of mood and tags
together, and q-values from Benjamini–Hochberg across every tag tested (checked against scipy in the
tests). Everything is computed from per-block sums, so thousands of resamples cost a few small matrix
products.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import numpy as np

BLOCK_DAYS = 7
PERMUTATIONS = 1999
BOOTSTRAPS = 999
MIN_TAG_DAYS = 10
MIN_LOGGED_DAYS = 30
MAX_Q = 0.1


@dataclass(frozen=True)
class TagEffect:
    """Mean daily mood with a tag minus without (mood points), its interval, q-value and day counts."""

    tag: str
    mood_difference: float
    ci95: tuple[float, float] | None
    p_value: float
    q_value: float
    days_with: int
    days_without: int

    @property
    def stood_out(self) -> bool:
        """Return whether the effect is reported: it passed the false-discovery control (q below MAX_Q) and its
        95% interval excludes no difference (the block permutations and the block bootstrap can disagree near the
        edge; a tag whose interval reaches past zero is not said to go with better or worse days)."""
        return self.q_value < MAX_Q and self.ci95 is not None and (self.ci95[0] > 0 or self.ci95[1] < 0)

    def as_json(self) -> dict:
        """Return the insight JSON object for this tag effect."""
        return {
            "tag": self.tag,
            "mood_difference": self.mood_difference,
            "ci95": list(self.ci95) if self.ci95 else None,
            "q_value": self.q_value,
            "days_with": self.days_with,
            "days_without": self.days_without,
        }


def bh_q_values(p_values: np.ndarray) -> np.ndarray:
    """Return Benjamini–Hochberg adjusted p-values (q-values) in the input order."""
    count = len(p_values)
    order = np.argsort(p_values)
    scaled = p_values[order] * count / np.arange(1, count + 1)
    adjusted = np.minimum(np.minimum.accumulate(scaled[::-1])[::-1], 1.0)
    q_values = np.empty(count)
    q_values[order] = adjusted
    return q_values


def user_seed(user_id: str) -> int:
    """Return a stable random seed for one user, so the same data gives the same p-values."""
    return int.from_bytes(hashlib.sha256(user_id.encode()).digest()[:8], "little")


def _differences(sum_with, days_with, sum_all, days_all) -> np.ndarray:
    """Return mean with minus mean without from sums and day counts (NaN where a side is empty)."""
    with np.errstate(invalid="ignore", divide="ignore"):
        return sum_with / days_with - (sum_all - sum_with) / (days_all - days_with)


def _blocks(mood: np.ndarray, tagged: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return mood (0 where unlogged) and logged as (blocks, 7), and tags as (tags, blocks, 7)."""
    days = -(-len(mood) // BLOCK_DAYS) * BLOCK_DAYS
    padded = np.full(days, np.nan)
    padded[: len(mood)] = mood
    logged = ~np.isnan(padded)
    tags = np.zeros((len(tagged), days))
    tags[:, : len(mood)] = tagged
    return (
        np.where(logged, padded, 0.0).reshape(-1, BLOCK_DAYS),
        logged.reshape(-1, BLOCK_DAYS),
        tags.reshape(len(tagged), -1, BLOCK_DAYS),
    )


def _permutation_p_values(mood, logged, tags, observed, rng) -> np.ndarray:
    """Return two-sided p-values of each tag's difference against mood blocks shuffled across positions."""
    blocks = len(mood)
    # pair[i, j, t]: mood of block i placed at position j, summed over the days tag t has there
    pair_sum = np.einsum("ik,tjk->ijt", mood, tags)
    pair_days = np.einsum("ik,tjk->ijt", logged.astype(float), tags)
    order = np.argsort(rng.random((PERMUTATIONS, blocks)), axis=1)
    positions = np.arange(blocks)
    null = _differences(
        pair_sum[order, positions].sum(axis=1), pair_days[order, positions].sum(axis=1), mood.sum(), logged.sum()
    )
    extreme = (np.abs(np.nan_to_num(null, nan=0.0)) >= np.abs(observed) - 1e-12).sum(axis=0)
    return (1 + extreme) / (1 + PERMUTATIONS)


def _bootstrap_intervals(mood, logged, tags, rng) -> tuple[np.ndarray, np.ndarray]:
    """Return 95% percentile intervals of each tag's difference over resamples of whole blocks."""
    blocks = len(mood)
    drawn = rng.integers(0, blocks, (BOOTSTRAPS, blocks))
    counts = (drawn[:, :, None] == np.arange(blocks)).sum(axis=1).astype(float)
    boot = _differences(
        counts @ np.einsum("bk,tbk->bt", mood, tags),
        counts @ np.einsum("bk,tbk->bt", logged.astype(float), tags),
        counts @ mood.sum(axis=1, keepdims=True),
        counts @ logged.sum(axis=1, keepdims=True).astype(float),
    )
    low, high = np.nanpercentile(boot, [2.5, 97.5], axis=0)
    return low, high


def tag_effects(mood: np.ndarray, tags: dict[str, np.ndarray], seed: int) -> list[TagEffect]:
    """Return the effects of tags seen on ≥ 10 logged days and missing on ≥ 10, sorted by q-value.

    `mood` is daily mean mood on consecutive calendar days (NaN = not logged); each tag maps to a
    boolean array over the same days. Every tag meeting the minimums is tested and counted in the
    Benjamini–Hochberg correction; only q < 0.1 gets an interval, and callers report only those whose interval
    excludes no difference (`TagEffect.stood_out`).
    """
    logged = ~np.isnan(mood)
    days_logged = int(logged.sum())
    if days_logged < MIN_LOGGED_DAYS:
        return []
    names = [name for name, days in tags.items() if MIN_TAG_DAYS <= (days & logged).sum() <= days_logged - MIN_TAG_DAYS]
    if not names:
        return []
    tagged = np.stack([tags[name] & logged for name in names]).astype(float)
    mood_blocks, logged_blocks, tag_blocks = _blocks(mood, tagged)
    observed = _differences(
        np.einsum("bk,tbk->t", mood_blocks, tag_blocks), tagged.sum(axis=1), mood_blocks.sum(), days_logged
    )
    rng = np.random.default_rng(seed)
    p_values = _permutation_p_values(mood_blocks, logged_blocks, tag_blocks, observed, rng)
    q_values = bh_q_values(p_values)
    kept = q_values < MAX_Q
    low, high = np.full(len(names), np.nan), np.full(len(names), np.nan)
    if kept.any():
        low, high = _bootstrap_intervals(mood_blocks, logged_blocks, tag_blocks, rng)
    return sorted(
        (
            TagEffect(
                tag=name,
                mood_difference=round(float(observed[row]), 3),
                ci95=(round(float(low[row]), 3), round(float(high[row]), 3)) if kept[row] else None,
                p_value=round(float(p_values[row]), 4),
                q_value=round(float(q_values[row]), 4),
                days_with=int(tagged[row].sum()),
                days_without=days_logged - int(tagged[row].sum()),
            )
            for row, name in enumerate(names)
        ),
        key=lambda effect: (effect.q_value, -abs(effect.mood_difference), effect.tag),
    )
