"""Use case: one person's insights, from the stored ones when they are of the current build and window."""

from __future__ import annotations

from pathlib import Path

from independence.analysis.insights import user_insights
from independence.config import DEFAULT_WEEKS
from independence.pipelines.builds import checked_vocabulary_request, current_build, stored_vocabulary
from independence.warehouse import Warehouse
from independence.warehouse.insights import saved_user_insights, stored_user_insights


def person_insights(
    user: str, db_path: Path | None = None, weeks: int = DEFAULT_WEEKS, signals_path: Path | None = None
) -> dict:
    """Return a user's insight JSON over their last `weeks` calendar weeks with data.

    The transforms are rebuilt first when an import is newer than the last build (and this person's when a
    vocabulary is given); insights stored for this build and window (by `build` or an earlier call) are read
    back, others computed and stored.
    """
    checked_vocabulary_request(user, signals_path)
    with Warehouse(db_path).writing() as con:
        build_id = current_build(con, also=stored_vocabulary(con, user, signals_path))
        stored = stored_user_insights(con, user, weeks, build_id)
        if stored is not None:
            return stored
        result = user_insights(con, user, weeks)
        saved_user_insights(con, user, weeks, build_id, result)
        return result
