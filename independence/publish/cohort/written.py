"""A written release: where its HTML and JSON go, the checks on its options, and the coach's warnings."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from independence.config import COHORT_DIR, COHORT_WEEKS
from independence.errors import ConfigError
from independence.publish.cohort.headline import cohort_headline
from independence.publish.cohort.page import cohort_html
from independence.publish.cohort.release import MIN_K, ReleaseOptions
from independence.publish.files import written_atomically

DEFAULT_BUDGET = 10.0
# Caps on ε, no higher than the largest public deployments: the 2020 US Census spent about 17 in total on
# persons. A release may spend at most MAX_RELEASE_EPSILON, and no client's total over every release that
# counted them may pass MAX_TOTAL_EPSILON (docs/method.md, "The coach's view").
MAX_RELEASE_EPSILON = 10.0
MAX_TOTAL_EPSILON = 20.0


@dataclass(frozen=True)
class WrittenRelease:
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
    """Return a warning when this release brings a client's cumulative ε near the budget; refuse one over it.

    `spent` is the most any client of this release has spent: every earlier release from the warehouse
    that counted them adds up, whichever coach or cohort it was for.
    """
    if epsilon is None:
        return []
    if budget > MAX_TOTAL_EPSILON:
        raise ConfigError(
            f"--dp-budget {budget:g} is more than any client's privacy loss may add up to here ({MAX_TOTAL_EPSILON:g}, "
            "about what the 2020 US Census spent on persons in all); beyond it the noise protects no one, and it "
            "would not be differential privacy in any sense that means something. Nothing was released"
        )
    after = spent + epsilon
    if after > budget:
        raise ConfigError(
            f"--dp-epsilon {epsilon:g} would take a client's cumulative ε to {after:g}, over the budget of "
            f"{budget:g} ({spent:g} spent by earlier releases that counted them); nothing was released. Each release "
            "adds to what all of them together reveal, so the budget is a limit, not a warning"
        )
    if after > 0.8 * budget:
        return [f"this release takes a client's cumulative ε to {after:g} of a budget of {budget:g}"]
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
    if epsilon is not None and epsilon > MAX_RELEASE_EPSILON:
        raise ConfigError(
            f"--dp-epsilon {epsilon:g} is more than one release may spend ({MAX_RELEASE_EPSILON:g}): noise that small "
            "protects no one, so it would not be differential privacy in any sense that means something. Use a "
            "smaller ε with a larger cohort or fewer --weeks"
        )
    return ReleaseOptions(coach, cohort, k, epsilon, weeks, trajectories, today or dt.date.today())


def written_release(content: dict, html_path: Path) -> tuple[Path, Path]:
    """Write a release's HTML page and its JSON beside it (same name, .json); return both paths."""
    json_path = html_path.with_suffix(".json")
    written_atomically(html_path, cohort_html(content).encode("utf-8"))
    written_atomically(json_path, json.dumps(content, indent=1, ensure_ascii=False).encode("utf-8"))
    return html_path, json_path


def _shown(cells: list[dict]) -> str:
    """Return 'shown of all' for a list of released cells."""
    return f"{sum(not cell['suppressed'] for cell in cells)} of {len(cells)}"


def release_summary(content: dict) -> list[str]:
    """Return a release in a few plain sentences for the terminal: who, which weeks, what was shown and hidden."""
    release = content["release"]
    who = release["coach"] + (f", cohort {release['cohort']}" if release["cohort"] else "")
    if release["clients"]["suppressed"]:
        return [f"{who}, release {release['week']}: fewer than {release['k']} consenting clients, so nothing is shown."]
    window = release["window"]
    verdict_counts = [count for cell in content["verdicts"] for count in cell["counts"].values()]
    lines = [
        f"{who}, release {release['week']}: {release['clients']['clients']} consenting clients, "
        f"ISO weeks {window['first_week']} to {window['last_week']} ({window['weeks']} weeks).",
        f"Shown: {_shown(content['weekly_signs'])} weekly means, {_shown(verdict_counts)} verdict counts, "
        f"{_shown(content['trends'])} cohort trends; the rest is hidden (fewer than {release['k']} clients, "
        "or a number that could reveal them).",
    ]
    lines.append(cohort_headline(content))
    if release["withheld"]:
        lines.append(f"Withheld this time: {release['withheld']['why']}.")
    privacy = release["differential_privacy"]
    lines.append(
        f"Differential privacy: ε = {privacy['epsilon']:g} "
        f"(the most any of these clients has spent in all: {privacy['clients_cumulative_epsilon']:g})."
        if privacy
        else "Differential privacy: off (exact averages of at least k clients)."
    )
    return lines
