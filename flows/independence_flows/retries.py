"""When a task is worth retrying: only when another process kept the warehouse longer than its wait."""

from __future__ import annotations

from prefect.states import State

from independence.errors import WarehouseBusyError


def warehouse_was_busy(_task: object, _task_run: object, state: State) -> bool:
    """Return whether a failed task failed only because another process held the warehouse."""
    return isinstance(state.result(raise_on_failure=False), WarehouseBusyError)
