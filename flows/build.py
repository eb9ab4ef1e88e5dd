"""Prefect flow for scheduled builds: run the SQL transforms, then compute and store every user's insights.

Both tasks wrap the plain library functions that `independence build` calls directly.
"""

from __future__ import annotations

from prefect import flow, get_run_logger, task

from flows.ingest import warehouse_was_busy
from independence.build import stored_insights
from independence.insights import DEFAULT_WEEKS
from independence.transforms import built_warehouse
from independence.warehouse import open_warehouse


@task(name="run transforms", retries=3, retry_delay_seconds=2, retry_condition_fn=warehouse_was_busy)
def run_transforms(db_path: str | None) -> dict:
    """Rebuild every model in one transaction and return the build summary."""
    with open_warehouse(db_path) as con:
        summary = built_warehouse(con)
    return {"build_id": summary.build_id, "models": summary.models, "users": summary.users, "seconds": summary.seconds}


@task(name="compute trends", retries=3, retry_delay_seconds=2, retry_condition_fn=warehouse_was_busy)
def compute_trends(db_path: str | None, build_id: int, weeks: int) -> int:
    """Compute every user's insights over the window and store them; return the number of users."""
    with open_warehouse(db_path) as con:
        return stored_insights(con, build_id, weeks)


@flow(name="build-insights")
def build_insights(db_path: str | None = None, weeks: int = DEFAULT_WEEKS) -> dict:
    """Rebuild the transforms and store every user's insights over the last `weeks` weeks."""
    logger = get_run_logger()
    summary = run_transforms(db_path)
    users = compute_trends(db_path, summary["build_id"], weeks)
    logger.info("build %s: %s models, insights stored for %s users", summary["build_id"], summary["models"], users)
    return {**summary, "users_with_insights": users, "window_weeks": weeks}
