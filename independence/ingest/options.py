"""Choices a person can give an import: a scale length and a column map for form exports."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from independence.config import toml_document
from independence.errors import ConfigError
from independence.signs import SIGNS

MIN_SCALE, MAX_SCALE = 2, 11
FRONT_MATTER_KEYS = ("mood", "date", "tags")
FORM_KEYS = ("timestamp", *SIGNS, "note")


@dataclass(frozen=True)
class SourceOptions:
    """`scale`: points of a configurable mood scale (Moodistory, Obsidian notes); `columns`: form question ->
    our column; `front_matter`: which YAML keys of Obsidian daily notes hold the mood, date and tags."""

    scale: int = 5
    columns: dict[str, str] = field(default_factory=dict)
    front_matter: dict[str, str] = field(default_factory=lambda: {key: key for key in FRONT_MATTER_KEYS})


def validated_scale(scale: int) -> int:
    """Return the scale length when it is 2..11 points, else raise."""
    if not MIN_SCALE <= scale <= MAX_SCALE:
        raise ConfigError(f"--scale must be {MIN_SCALE} to {MAX_SCALE} points, got {scale}")
    return scale


def _string_map(path: Path, kind: str, allowed: tuple[str, ...], value_meaning: str) -> dict[str, str]:
    """Return a TOML file of `key = "text"` lines, refusing unknown keys and non-text values."""
    document = toml_document(path, kind)
    unknown = sorted(set(document) - set(allowed))
    if unknown:
        raise ConfigError(f"{path}: unknown key(s) {', '.join(unknown)}; allowed: {', '.join(allowed)}")
    if not all(isinstance(v, str) and v.strip() for v in document.values()):
        raise ConfigError(f"{path}: every value must be {value_meaning}")
    return {key: value.strip() for key, value in document.items()}


def form_columns(path: Path | str) -> dict[str, str]:
    """Return a column map file as {our column: question text, lower-cased}; unknown keys are an error."""
    path = Path(path)
    document = _string_map(path, "column map", FORM_KEYS, "the question text of a form column")
    if "timestamp" not in document or len(document) < 2:
        raise ConfigError(f"{path}: map `timestamp` and at least one sign to the form's question text")
    return {key: value.lower() for key, value in document.items()}


def front_matter_keys(path: Path | str) -> dict[str, str]:
    """Return the YAML keys of daily notes from a TOML file (`mood = "Mood"`); unset ones keep their name."""
    document = _string_map(Path(path), "front matter map", FRONT_MATTER_KEYS, "the name of a front matter key")
    return {key: key for key in FRONT_MATTER_KEYS} | document


def source_options(
    scale: int = 5, columns: Path | str | None = None, front_matter: Path | str | None = None
) -> SourceOptions:
    """Return a person's parser options: the mood scale, a form's column map file and a front-matter key file."""
    return SourceOptions(
        validated_scale(scale),
        form_columns(columns) if columns else {},
        front_matter_keys(front_matter) if front_matter else SourceOptions().front_matter,
    )
