"""Prefect flow for scheduled builds: the `build` use case (transforms, then every user's insights)."""

from __future__ import annotations

from prefect import flow, get_run_logger, task

from independence.config import DEFAULT_WEEKS
from independence.pipelines.builds import built_insights
from independence_flows.retries import warehouse_was_busy


@task(name="build transforms and insights", retries=3, retry_delay_seconds=2, retry_condition_fn=warehouse_was_busy)
def build(db_path: str | None, weeks: int) -> dict:
    """Rebuild every model in one transaction, store every user's insights; return the build's figures."""
    result = built_insights(db_path, weeks)
    summary = result.transforms
    return {
        "build_id": summary.build_id,
        "models": summary.models,
        "users": summary.users,
        "seconds": summary.seconds,
        "users_with_insights": result.users,
        "window_weeks": weeks,
    }


@flow(name="build-insights")
def build_insights(db_path: str | None = None, weeks: int = DEFAULT_WEEKS) -> dict:
    """Rebuild the transforms and store every user's insights over the last `weeks` weeks."""
    result = build(db_path, weeks)
    get_run_logger().info(
        "build %s: %s models, insights stored for %s users", result["build_id"], result["models"], result["users"]
    )
    return result
