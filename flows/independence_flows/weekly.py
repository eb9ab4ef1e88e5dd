"""Prefect flow for the weekly reports: who is due, one build, a snapshot, batches of reports, the record.

The run is the use case `independence.pipelines.weekly_run.weekly_reports`, given this module's tasks as its
steps (each a use case of `independence.pipelines.weekly`, and the upload page's expiry); this module only
wires them. The task runner is threads; the caller chooses another with
`weekly_insights.with_options(task_runner=task_runner_named("dask", ...))` (the command line does, from
`--task-runner` or INDEPENDENCE_TASK_RUNNER), which fans the same batches out to Dask workers.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from prefect import flow, get_run_logger, task, unmapped
from prefect.artifacts import create_markdown_artifact
from prefect.context import FlowRunContext
from prefect.runtime import flow_run
from prefect.task_runners import ThreadPoolTaskRunner

from independence.config import DEFAULT_BATCH_SIZE, DEFAULT_WEEKS, REPORTS_DIR, SPACES_DIR
from independence.errors import InsightsError
from independence.pipelines.uploads import expired_spaces_removed
from independence.pipelines.weekly import (
    built_snapshot,
    due_users,
    failures_text,
    recorded_run,
    rendered_batch,
    run_summary,
    week_monday,
)
from independence.pipelines.weekly_run import WeeklyRequest, WeeklySteps, weekly_reports
from independence.warehouse import Warehouse
from independence.warehouse.runs import DueReport, ReportOutcome
from independence_flows.retries import warehouse_was_busy

TASK_RUNNERS = ("threads", "dask")


class ReportsFailedError(InsightsError):
    """Some users' reports failed after their retries; the others were written and everything was recorded."""


class RenderFailedError(Exception):
    """One user's report failed; raised so that Prefect retries the task."""


def task_runner_named(name: str, address: str | None = None, workers: int | None = None):
    """Return the task runner called 'threads' or 'dask' (a local cluster of `workers`, or the one at `address`)."""
    if name == "threads":
        return ThreadPoolTaskRunner(max_workers=workers)
    if name == "dask":
        import dask
        from prefect_dask import DaskTaskRunner

        # The nanny's MALLOC_TRIM_THRESHOLD_=65536 turns off glibc's adaptive mmap threshold in the workers
        # it starts: every array over 128 KB is then mapped and unmapped again, and 50 people's report
        # content took 1.95 s instead of 1.25 s. Local workers keep glibc's default. The workers'
        # statistical profiler (a stack sample every 10 ms) is not used here either.
        dask.config.set(
            {
                "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None,
                "distributed.worker.profile.enabled": False,
            }
        )

        if address:
            return DaskTaskRunner(address=address)
        return DaskTaskRunner(
            cluster_kwargs={
                "n_workers": workers or 2,
                "threads_per_worker": 1,
                "processes": True,
                "dashboard_address": None,  # no web dashboard: it would show task names on a port
            }
        )
    raise InsightsError(f"unknown task runner {name!r}: choose one of {', '.join(TASK_RUNNERS)}")


def workers_report_to_this_server() -> None:
    """Point the Dask worker processes this run starts at the run's own Prefect server.

    With Prefect's temporary server (no PREFECT_API_URL), each worker otherwise started a temporary
    server of its own on the same Prefect database: about 6 s before the first report of every run.
    Workers of an existing cluster (`--dask-address`) need PREFECT_API_URL set where they run.
    """
    if not type(FlowRunContext.get().task_runner).__module__.startswith("prefect_dask"):
        return
    import dask
    from prefect.client.orchestration import get_client

    with get_client(sync_client=True) as client:
        dask.config.set({"distributed.nanny.environ.PREFECT_API_URL": str(client.api_url)})


@task(name="find due users", retries=3, retry_delay_seconds=5, retry_condition_fn=warehouse_was_busy)
def find_due_users(db_path: str, force: bool) -> list[DueReport]:
    """Return the users with imports newer than their last successful report."""
    return due_users(Path(db_path), force)


@task(name="build and snapshot", retries=3, retry_delay_seconds=5, retry_condition_fn=warehouse_was_busy)
def build_and_snapshot(db_path: str) -> str:
    """Run the transforms once when an import is newer than the build, then copy the warehouse for the renderers."""
    return str(built_snapshot(Path(db_path)))


@task(name="render batch")
def render_batch(
    snapshot: str, batch: list[DueReport], iso_week: str, today: dt.date, reports_dir: str, weeks: int
) -> list[ReportOutcome]:
    """Render a batch of reports from the snapshot; a user's failure is an outcome, not a task failure."""
    return rendered_batch(Path(snapshot), batch, iso_week, today, Path(reports_dir), weeks)


@task(name="render again")
def render_again(
    snapshot: str, due: DueReport, iso_week: str, today: dt.date, reports_dir: str, weeks: int
) -> ReportOutcome:
    """Render one failed user's report again; raise while it still fails, so the task's retries apply."""
    outcome = rendered_batch(Path(snapshot), [due], iso_week, today, Path(reports_dir), weeks)[0]
    if outcome.status == "failed":
        raise RenderFailedError(outcome.error)
    return outcome


@task(name="remove expired spaces", retries=3, retry_delay_seconds=5, retry_condition_fn=warehouse_was_busy)
def remove_expired_spaces(spaces_dir: str, db_path: str, reports_dir: str) -> int:
    """Delete every upload-page space past its expiry, with its entries, reports and files."""
    return expired_spaces_removed(Path(spaces_dir), Path(db_path), Path(reports_dir))


@task(name="record outcomes", retries=3, retry_delay_seconds=5, retry_condition_fn=warehouse_was_busy)
def record_outcomes(db_path: str, run_id: str, outcomes: list[ReportOutcome]) -> int:
    """Store every outcome in report_runs in one transaction."""
    return recorded_run(Path(db_path), run_id, outcomes)


def prefect_steps(request: WeeklyRequest, say) -> WeeklySteps:
    """Return the run's steps as this flow's tasks: each recorded in Prefect, with its retries."""

    def render(batch_list: list[list[DueReport]], arguments: dict) -> list[ReportOutcome]:
        futures = render_batch.map(batch=batch_list, **{name: unmapped(value) for name, value in arguments.items()})
        return [outcome for future in futures for outcome in future.result()]

    def again(due: DueReport, arguments: dict) -> ReportOutcome | None:
        retried = render_again.with_options(retries=request.retries, retry_delay_seconds=request.retry_delay_seconds)
        state = retried(due=due, **arguments, return_state=True)
        return state.result() if state.is_completed() else None

    return WeeklySteps(
        expire=remove_expired_spaces,
        due=find_due_users,
        snapshot=build_and_snapshot,
        render=render,
        again=again,
        record=record_outcomes,
        say=say,
    )


@flow(name="weekly-insights", task_runner=ThreadPoolTaskRunner())
def weekly_insights(
    db_path: str | None = None,
    reports_dir: str = str(REPORTS_DIR),
    weeks: int = DEFAULT_WEEKS,
    week: str | None = None,
    force: bool = False,
    batch_size: int = DEFAULT_BATCH_SIZE,
    retries: int = 2,
    retry_delay_seconds: float = 10.0,
    spaces_dir: str | None = str(SPACES_DIR),
) -> dict:
    """Render a report for every user with entries newer than their last successful one, and record each outcome.

    `week` ('YYYY-Www') names the reports (default: this week); `force` renders every user again. First,
    upload-page spaces in `spaces_dir` past their expiry are deleted with all their data.
    """
    logger = get_run_logger()
    workers_report_to_this_server()
    request = WeeklyRequest(
        db_path=str(Warehouse(db_path).path),
        today=week_monday(week) if week else dt.date.today(),
        reports_dir=reports_dir,
        weeks=weeks,
        force=force,
        batch_size=batch_size,
        retries=retries,
        retry_delay_seconds=retry_delay_seconds,
        spaces_dir=spaces_dir,
    )
    result = weekly_reports(request, prefect_steps(request, logger.info), str(flow_run.get_id() or "local"))
    runner = type(FlowRunContext.get().task_runner).__name__
    create_markdown_artifact(
        run_summary(result.iso_week, len(result.due), result.outcomes, result.seconds, runner),
        key="weekly-report-summary",
        description=f"Weekly reports {result.iso_week}: totals and failures",
    )
    logger.info(
        "week %s: %s written, %s failed in %.1f s; written for: %s",
        result.iso_week,
        len(result.outcomes) - len(result.failed),
        len(result.failed),
        result.seconds,
        ", ".join(o.user for o in result.outcomes if o.status == "ok") or "nobody",
    )
    if result.failed:
        raise ReportsFailedError(failures_text(result.outcomes))
    return result.as_json()
