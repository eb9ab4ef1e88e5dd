"""Prefect flow for the coach's digest: the release use case for consenting clients, recorded in the warehouse's
release ledger.

The pseudonym key is never a flow parameter (parameters are stored by the Prefect API): it comes from
INDEPENDENCE_PSEUDONYM_KEY or INDEPENDENCE_PSEUDONYM_KEY_FILE on the worker.
"""

from __future__ import annotations

from pathlib import Path

from prefect import flow, get_run_logger, task

from independence.config import COHORT_WEEKS
from independence.pipelines.cohort import coach_release
from independence.publish.cohort.pseudonyms import pseudonym_key
from independence.publish.cohort.written import DEFAULT_BUDGET, release_options
from independence_flows.retries import warehouse_was_busy


@task(name="write cohort release", retries=3, retry_delay_seconds=2, retry_condition_fn=warehouse_was_busy)
def write_release(db_path: str | None, roster: str, options: dict, out: str | None, budget: float) -> dict:
    """Build the release from consenting clients only; return where it is and its totals (no client data)."""
    digest = coach_release(
        Path(roster),
        release_options(**options),
        pseudonym_key(),
        db_path=Path(db_path) if db_path else None,
        out=Path(out) if out else None,
        budget=budget,
    )
    return {
        "html": str(digest.html_path),
        "json": str(digest.json_path),
        "clients": digest.content["release"]["clients"]["clients"],
        "warnings": digest.warnings,
    }


@flow(name="cohort-release")
def cohort_release_flow(
    roster: str,
    coach: str,
    cohort: str | None = None,
    db_path: str | None = None,
    out: str | None = None,
    k: int = 5,
    dp_epsilon: float | None = None,
    weeks: int = COHORT_WEEKS,
    trajectories: bool = False,
    budget: float = DEFAULT_BUDGET,
) -> dict:
    """Write one coach's aggregate release (HTML and JSON) and record it in the release ledger."""
    logger = get_run_logger()
    options = {
        "coach": coach,
        "cohort": cohort,
        "k": k,
        "epsilon": dp_epsilon,
        "weeks": weeks,
        "trajectories": trajectories,
    }
    result = write_release(db_path, roster, options, out, budget)
    for warning in result["warnings"]:
        logger.warning(warning)
    logger.info("cohort release for %s: %s consenting clients, %s", coach, result["clients"], result["html"])
    return result
