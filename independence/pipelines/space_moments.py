"""Use cases of the upload page's moments: take a moment to mark or remove, then apply it (stored for the space's
person, the report written again) in the same turn-taking way as an import."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

from independence.config import DEFAULT_WEEKS
from independence.errors import InsightsError
from independence.pipelines.isolated import WarmWorkers
from independence.pipelines.moments import MAX_MOMENTS, checked_moment
from independence.pipelines.spaces import Space, updated_space
from independence.pipelines.uploads import IsolatedChange, isolated_space_change, rewritten_report
from independence.warehouse import Warehouse, transaction
from independence.warehouse.moments import marked_moments, removed_moment, saved_moment

log = logging.getLogger("independence.web")
NOT_APPLIED = "Your moment could not be applied just now, so your report is as it was. Try again."


def moment_change(space: Space, form: dict[str, str]) -> dict:
    """Return the change the moments form asks for: {"remove": id} for one of the space's moments, or {"add":
    [date, words]} checked (`checked_moment` raises ConfigError with what is wrong)."""
    if "remove" in form:
        ids = {str(moment["moment_id"]): moment["moment_id"] for moment in space.moments}
        if form["remove"] not in ids:
            raise InsightsError("That moment is not in your list any more.")
        return {"remove": ids[form["remove"]]}
    if len(space.moments) >= MAX_MOMENTS:
        raise InsightsError(f"You have marked {MAX_MOMENTS} moments: remove one before marking another.")
    day, words = checked_moment(form.get("date", ""), form.get("words", ""))
    return {"add": [day.isoformat(), words]}


def remarked_space(space: Space, db_path: Path, weeks: int = DEFAULT_WEEKS) -> Space:
    """Apply the space's pending moment (mark or remove), write its report again and keep its moments' list.

    The space ends 'done' either way: when the moment could not be applied, the report stays as it was with a
    notice.
    """
    pending = space.pending_moment or {}
    space = updated_space(space, status="working", step="comparing before and after")
    try:
        with Warehouse(db_path).writing() as con:
            with transaction(con):
                if "add" in pending:
                    on, words = pending["add"]
                    saved_moment(con, space.user, dt.date.fromisoformat(on), words)
                else:
                    removed_moment(con, space.user, int(pending["remove"]))
            moments = [moment.as_json() for moment in marked_moments(con, [space.user]).get(space.user, [])]
            space = rewritten_report(con, space, weeks)
    except (InsightsError, MemoryError) as error:
        log.warning("moment for %s not applied: %s", space.user, type(error).__name__)
        return updated_space(space, status="done", step="", pending_moment=None, notice=NOT_APPLIED)
    return updated_space(space, status="done", step="", pending_moment=None, moments=moments, notice=None)


def isolated_space_moments(
    space: Space,
    db_path: Path,
    weeks: int,
    memory_mb: int,
    seconds: int | None = None,
    workers: WarmWorkers | None = None,
) -> Space:
    """Apply a space's moment as `remarked_space` does, in a child process capped at memory_mb and `seconds` (one
    of the page's warm `workers` when given)."""
    limits = IsolatedChange(memory_mb, seconds, workers)
    return isolated_space_change(remarked_space, space, db_path, weeks, limits, "moment", "pending_moment", NOT_APPLIED)
