"""Read a person's TOML configuration file (mood map, signal vocabulary) with errors that name the file."""

from __future__ import annotations

import tomllib
from pathlib import Path

from independence.errors import ConfigError


def toml_document(path: Path, kind: str) -> dict:
    """Return the parsed document; a missing or malformed file is a ConfigError naming the file and its kind."""
    try:
        return tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: {kind} file not found") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: not a valid TOML {kind} ({error})") from None
