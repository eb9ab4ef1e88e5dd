"""Prefect flow for scheduled builds: the `build` use case (every model rebuilt, with its data tests)."""

from __future__ import annotations

from prefect import flow, get_run_logger, task

from independence.pipelines.builds import built_models
from independence_flows.retries import warehouse_was_busy


@task(name="build models", retries=3, retry_delay_seconds=2, retry_condition_fn=warehouse_was_busy)
def build(db_path: str | None, full: bool) -> dict:
    """Rebuild the models in one transaction, with every data test; return the build's figures."""
    summary = built_models(db_path, full=full)
    return {"build_id": summary.build_id, "models": summary.models, "users": summary.users, "seconds": summary.seconds}


@flow(name="build-models")
def build_models(db_path: str | None = None, full: bool = True) -> dict:
    """Rebuild the transforms: every person (`full`), or those with imports newer than the last build."""
    result = build(db_path, full)
    get_run_logger().info("build %s: %s models for %s people", result["build_id"], result["models"], result["users"])
    return result
