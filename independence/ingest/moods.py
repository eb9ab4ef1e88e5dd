"""Mood labels to levels 1..5: Daylio's defaults plus a user's own mapping file."""

from __future__ import annotations

from pathlib import Path

from independence.config import toml_document
from independence.errors import ConfigError, shortened

DEFAULT_MOOD_LEVELS: dict[str, float] = {"rad": 5, "good": 4, "meh": 3, "bad": 2, "awful": 1}


def mood_key(label: str) -> str:
    """Return the form labels are matched in: trimmed, lower-cased (as DuckDB lower() does)."""
    return label.strip().lower()


def mood_levels(path: Path | str | None = None) -> dict[str, float]:
    """Return the default mood levels updated with a TOML file of `"label" = level` lines."""
    levels = dict(DEFAULT_MOOD_LEVELS)
    if path is None:
        return levels
    path = Path(path)
    document = toml_document(path, "mood map")
    for label, level in document.items():
        if isinstance(level, bool) or not isinstance(level, int | float) or not 1 <= level <= 5:
            got = f"a {type(level).__name__}" if isinstance(level, dict | list) else shortened(repr(level), 60)
            raise ConfigError(f'{path}: mood "{shortened(label, 60)}" must map to a number from 1 to 5, got {got}')
        if not mood_key(label):
            raise ConfigError(f"{path}: an empty mood label cannot be mapped")
        levels[mood_key(label)] = float(level)
    return levels
