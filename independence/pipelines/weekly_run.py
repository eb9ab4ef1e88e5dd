"""Use case: one weekly run, step by step, with each step carried out as its caller chooses.

The Prefect flow (`independence_flows.weekly`) passes its tasks, so a run on a Prefect server is recorded
there with retries and a summary artifact; `independence weekly` without a configured Prefect server passes
plain calls and a thread pool (`direct_steps`), so a one-off run costs no server start. Either way the
outcomes are recorded in the warehouse's `report_runs` and the steps are the same use cases.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from independence.config import DEFAULT_BATCH_SIZE, DEFAULT_WEEKS, REPORTS_DIR
from independence.pipelines.uploads import expired_spaces_removed
from independence.pipelines.weekly import (
    batches,
    built_snapshot,
    due_users,
    recorded_run,
    rendered_batch,
    report_week,
)
from independence.warehouse.copies import removed_snapshot
from independence.warehouse.runs import DueReport, ReportOutcome

log = logging.getLogger("independence.weekly")


@dataclass(frozen=True)
class WeeklyRequest:
    """What a weekly run is asked for: the warehouse, where reports go, the window, the week (its Monday), who."""

    db_path: str
    today: dt.date
    reports_dir: str = str(REPORTS_DIR)
    weeks: int = DEFAULT_WEEKS
    force: bool = False
    batch_size: int = DEFAULT_BATCH_SIZE
    retries: int = 2
    retry_delay_seconds: float = 10.0
    spaces_dir: str | None = None


@dataclass(frozen=True)
class WeeklySteps:
    """How a run carries out each step. `render` renders every batch (outcomes in order); `again` renders one
    failed user again under the request's retries and returns the outcome, or None while it still fails."""

    expire: Callable[[str, str, str], int]
    due: Callable[[str, bool], list[DueReport]]
    snapshot: Callable[[str], str]
    render: Callable[[list[list[DueReport]], dict], list[ReportOutcome]]
    again: Callable[[DueReport, dict], ReportOutcome | None]
    record: Callable[[str, str, list[ReportOutcome]], int]
    say: Callable[[str], None]


@dataclass(frozen=True)
class WeeklyResult:
    """What a run did: the ISO week, who was due, every outcome, the seconds it took."""

    iso_week: str
    due: list[DueReport]
    outcomes: list[ReportOutcome]
    seconds: float

    @property
    def failed(self) -> list[ReportOutcome]:
        """Return the outcomes that failed after their retries."""
        return [outcome for outcome in self.outcomes if outcome.status == "failed"]

    def as_json(self) -> dict:
        """Return the run's totals (what the flow returns)."""
        written = len(self.outcomes) - len(self.failed)
        return {
            "week": self.iso_week,
            "due": len(self.due),
            "written": written,
            "failed": len(self.failed),
            "seconds": round(self.seconds, 2),
        }


def weekly_reports(request: WeeklyRequest, steps: WeeklySteps, run_id: str) -> WeeklyResult:
    """Run the weekly reports: expired upload spaces go first, then every user with entries newer than their last
    successful report (everyone with `force`) gets a report from one snapshot taken after one build, a failed
    one is rendered again under the retries, and every outcome is recorded under `run_id`."""
    clock = time.perf_counter()
    if request.spaces_dir and Path(request.spaces_dir).is_dir():
        expired = steps.expire(request.spaces_dir, request.db_path, request.reports_dir)
        steps.say(f"{expired} expired upload space(s) deleted")
    iso_week = report_week(request.today)
    due = steps.due(request.db_path, request.force)
    steps.say(f"week {iso_week}: {len(due)} user(s) due: {', '.join(d.user for d in due) or 'none'}")
    outcomes: list[ReportOutcome] = []
    if due:
        snapshot = steps.snapshot(request.db_path)
        try:
            arguments = {
                "snapshot": snapshot,
                "iso_week": iso_week,
                "today": request.today,
                "reports_dir": request.reports_dir,
                "weeks": request.weeks,
            }
            by_user = {person.user: person for person in due}
            for outcome in steps.render(batches(due, request.batch_size), arguments):
                retried = (
                    None
                    if outcome.status == "ok" or not request.retries
                    else steps.again(by_user[outcome.user], arguments)
                )
                outcomes.append(retried or outcome)
        finally:
            removed_snapshot(Path(snapshot))
        steps.record(request.db_path, run_id, outcomes)
    return WeeklyResult(iso_week, due, outcomes, time.perf_counter() - clock)


def _rendered(batch: list[DueReport], arguments: dict) -> list[ReportOutcome]:
    """Render one batch from the snapshot named in `arguments`."""
    return rendered_batch(
        Path(arguments["snapshot"]),
        batch,
        arguments["iso_week"],
        arguments["today"],
        Path(arguments["reports_dir"]),
        arguments["weeks"],
    )


def direct_steps(request: WeeklyRequest, workers: int = 2, say: Callable[[str], None] = log.info) -> WeeklySteps:
    """Return the steps as plain calls in this process, batches rendered by a pool of `workers` threads."""

    def render(batch_list: list[list[DueReport]], arguments: dict) -> list[ReportOutcome]:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            return [
                outcome for done in pool.map(lambda batch: _rendered(batch, arguments), batch_list) for outcome in done
            ]

    def again(due: DueReport, arguments: dict) -> ReportOutcome | None:
        for _ in range(request.retries):
            time.sleep(request.retry_delay_seconds)
            (outcome,) = _rendered([due], arguments)
            if outcome.status == "ok":
                return outcome
        return None

    return WeeklySteps(
        expire=lambda spaces, db, reports: expired_spaces_removed(Path(spaces), Path(db), Path(reports)),
        due=lambda db, force: due_users(Path(db), force),
        snapshot=lambda db: str(built_snapshot(Path(db))),
        render=render,
        again=again,
        record=lambda db, run_id, outcomes: recorded_run(Path(db), run_id, outcomes),
        say=say,
    )
