"""Measure how often the verdicts are wrong: false alarms on null personas, power on planted ones.

Used by tests/dev/test_honesty.py (which asserts the limits) and bench/honesty.py (which prints the
rates recorded in docs/method.md). Everything runs through the real warehouse and transforms.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

from dev.synth_cohort import PLANTED_TAGS, CohortSpec, cohort_frames, loaded_cohort
from independence.analysis.transforms import built_warehouse
from independence.pipelines.insights import insights_by_user
from independence.warehouse import Warehouse


@dataclass(frozen=True)
class VerdictRates:
    """Verdict counts per series (sign/series, plus conflicts/recovery) and tag-effect counts per cohort."""

    personas: int
    verdicts: dict[str, Counter]
    tags_reported: int
    tags_unplanted: int
    personas_with_unplanted_tag: int
    personas_with_a_call: int = 0  # personas with any trend called, or any last-8-weeks comparison higher or lower

    @property
    def any_call_share(self) -> float:
        """Return the share of personas who read a change on any of their series."""
        return self.personas_with_a_call / self.personas

    def share(self, series: str, *verdicts: str) -> float:
        """Return the share of personas whose verdict on a series is one of `verdicts`."""
        return sum(self.verdicts[series][v] for v in verdicts) / self.personas

    def unplanted_share(self) -> float:
        """Return the share of reported tag effects that were not planted (0 when none reported)."""
        return self.tags_unplanted / self.tags_reported if self.tags_reported else 0.0


def cohort_rates(results: list[dict]) -> VerdictRates:
    """Return the verdict and tag-effect counts of a list of insight JSON objects."""
    verdicts: dict[str, Counter] = {}
    reported = unplanted = with_unplanted = with_call = 0
    for result in results:
        trends = [trend for by in result["signs"].values() for trend in by.values()]
        calls = [trend["verdict"] for trend in trends] + [result["conflicts"]["recovery_trend"]["verdict"]]
        recents = [trend["recent"]["verdict"] for trend in trends if trend["recent"]]
        with_call += any(v in ("improving", "declining") for v in calls) or any(v != "about the same" for v in recents)
        for sign, by_series in result["signs"].items():
            for series, trend in by_series.items():
                verdicts.setdefault(f"{sign}/{series}", Counter())[trend["verdict"]] += 1
        verdicts.setdefault("conflicts/recovery", Counter())[result["conflicts"]["recovery_trend"]["verdict"]] += 1
        tags = [effect["tag"] for effect in result["tag_effects"]]
        reported += len(tags)
        unplanted += sum(tag not in PLANTED_TAGS for tag in tags)
        with_unplanted += any(tag not in PLANTED_TAGS for tag in tags)
    return VerdictRates(len(results), verdicts, reported, unplanted, with_unplanted, with_call)


def measured_rates(
    db_path: Path, personas: int, profile: dict | None = None, conflict_profile: dict | None = None
) -> dict[str, VerdictRates]:
    """Return the rates of a null cohort and of one cohort per planted change (`dev.synth_cohort.CHANGES`).

    The cohorts share `profile` (CohortSpec fields; the engaged defaults when None), the conflict
    cohort also `conflict_profile`; all go into one fresh warehouse, built once.
    """
    null = CohortSpec(personas=personas, seed=10, **(profile or {}))
    cohorts = {
        "null": null,
        "apart_gap": replace(null, planted=("apart_gap",), seed=11),
        "conflict_drop": replace(null, planted=("conflict_drop",), seed=12, **(conflict_profile or {})),
        "second_guessing": replace(null, planted=("second_guessing",), seed=13),
    }
    with Warehouse(db_path).writing() as con:
        for spec in cohorts.values():
            loaded_cohort(con, cohort_frames(spec))
        built_warehouse(con)
        results = {kind: insights_by_user(con, spec.user_ids()) for kind, spec in cohorts.items()}
    return {kind: cohort_rates(list(by_user.values())) for kind, by_user in results.items()}
