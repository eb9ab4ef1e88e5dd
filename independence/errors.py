"""Errors that carry a message a person can act on: which file, which line, what is wrong."""

from __future__ import annotations

from pathlib import Path

MAX_PROBLEM = 900  # characters: a message names the file, line and problem, never a whole input value


class InsightsError(Exception):
    """Base class for every error the CLI reports without a traceback."""


class ExportError(InsightsError):
    """An export file could not be imported at all; nothing was written.

    `source` names the app the file was recognised as, when it got that far.
    """

    def __init__(self, path: Path | str, problem: str, source: str | None = None) -> None:
        self.path = Path(path)
        self.problem = problem if len(problem) <= MAX_PROBLEM else f"{problem[:MAX_PROBLEM]}… (cut)"
        self.source = source
        super().__init__(f"{self.path}: {self.problem}")

    def __reduce__(self):
        """Rebuild from the same arguments, so the error crosses a process boundary (an isolated import)."""
        return type(self), (self.path, self.problem, self.source)


class UnmappedMoodsError(ExportError):
    """Mood labels without a level; the import stops before anything is written."""

    def __init__(self, path: Path | str, label_counts: dict[str, int], source: str | None = None) -> None:
        self.label_counts = dict(sorted(label_counts.items()))
        listed = ", ".join(
            f'"{label}" ({count} {"entry" if count == 1 else "entries"})' for label, count in self.label_counts.items()
        )
        # a line per label, its level left for the person to choose: a guessed level would read 'sad' as 3
        lines = "\n".join(f'  "{label}" = ' for label in self.label_counts)
        labels = "label has" if len(self.label_counts) == 1 else "labels have"
        problem = (
            f"{len(self.label_counts)} mood {labels} no level 1..5: {listed}. Nothing was imported.\n"
            "Give each its level in a TOML file (5 is the best, like Daylio's 'rad'; 1 the worst, like 'awful') "
            "and pass it with --moods FILE:\n"
            f"{lines}"
        )
        super().__init__(path, problem, source)

    def __reduce__(self):
        """Rebuild from the label counts (see ExportError.__reduce__)."""
        return type(self), (self.path, self.label_counts, self.source)


class ConfigError(InsightsError):
    """A configuration file (mood map, …) is malformed."""


class UserIdError(InsightsError):
    """A user id outside the allowed alphabet or length."""


class WarehouseBusyError(InsightsError):
    """Another process holds the warehouse file open for writing."""


class WarehouseMissingError(InsightsError):
    """A command that only reads found no warehouse file."""


class WarehouseStaleError(InsightsError):
    """A read-only caller needs built models, but imports are newer than the last build."""


class DataTestError(InsightsError):
    """A transform produced rows that break a data test; the build was rolled back."""


def shortened(text: object, limit: int = 120) -> str:
    """Return a value as text for a message, cut to `limit` characters (an input is never echoed whole)."""
    shown = str(text)
    return shown if len(shown) <= limit else f"{shown[:limit]}… ({len(shown):,} characters)"
