"""A written release: where its HTML and JSON go, the checks on its options, and the coach's warnings."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from independence.config import COHORT_DIR, COHORT_WEEKS
from independence.errors import ConfigError
from independence.publish.cohort.page import cohort_html
from independence.publish.cohort.release import MIN_K, ReleaseOptions
from independence.publish.files import written_atomically

DEFAULT_BUDGET = 10.0


@dataclass(frozen=True)
class Digest:
    """A written release: its JSON content, where the HTML and JSON are, and warnings for the coach."""

    content: dict
    html_path: Path
    json_path: Path
    warnings: list[str]


def default_out(options: ReleaseOptions, directory: Path = COHORT_DIR) -> Path:
    """Return data/cohort/<coach>[-<cohort>]-<ISO week>.html."""
    name = "-".join(filter(None, [options.coach, options.cohort, f"{options.today:%G-W%V}"]))
    return directory / f"{''.join(c if c.isalnum() or c in '-_' else '_' for c in name)}.html"


def budget_warnings(spent: float, epsilon: float | None, budget: float) -> list[str]:
    """Return a warning when this release brings the coach's cumulative ε near the budget; refuse one over it.

    Every release of a coach counts, whatever its cohort: a client of a cohort is also in the coach's
    release of everyone.
    """
    if epsilon is None:
        return []
    after = spent + epsilon
    if after > budget:
        raise ConfigError(
            f"--dp-epsilon {epsilon:g} would take this coach's cumulative ε to {after:g}, over the budget of "
            f"{budget:g} ({spent:g} spent by earlier releases); nothing was released. Each release adds to what "
            "all of them together reveal, so the budget is a limit, not a warning"
        )
    if after > 0.8 * budget:
        return [f"this release takes the coach's cumulative ε to {after:g} of a budget of {budget:g}"]
    return []


def release_options(
    coach: str,
    cohort: str | None = None,
    k: int = 5,
    epsilon: float | None = None,
    weeks: int = COHORT_WEEKS,
    trajectories: bool = False,
    today: dt.date | None = None,
) -> ReleaseOptions:
    """Return the options of one release (today by default); k below 3 or a non-positive ε is refused."""
    if k < MIN_K:
        raise ConfigError(f"--k must be at least {MIN_K}: smaller groups would single people out")
    if epsilon is not None and epsilon <= 0:
        raise ConfigError("--dp-epsilon must be positive")
    return ReleaseOptions(coach, cohort, k, epsilon, weeks, trajectories, today or dt.date.today())


def written_release(content: dict, html_path: Path) -> tuple[Path, Path]:
    """Write a release's HTML page and its JSON beside it (same name, .json); return both paths."""
    json_path = html_path.with_suffix(".json")
    written_atomically(html_path, cohort_html(content).encode("utf-8"))
    written_atomically(json_path, json.dumps(content, indent=1, ensure_ascii=False).encode("utf-8"))
    return html_path, json_path
