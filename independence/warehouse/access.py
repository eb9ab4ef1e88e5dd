"""One writer at a time: threads of this process queue on a lock, other processes are waited for.

DuckDB lets one process write a file, and inside that process concurrent writers conflict. Every
long-lived service (the upload page, the weekly flow) therefore writes through `writing()`, which
waits instead of failing: first for the other threads here, then for any other process.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from independence.errors import WarehouseBusyError
from independence.warehouse.schema import default_db_path, open_warehouse

DEFAULT_WAIT_SECONDS = 300.0
_LOCKS: dict[Path, threading.Lock] = {}
_LOCKS_GUARD = threading.Lock()


def wait_seconds() -> float:
    """Return how long a writer waits for the warehouse: INDEPENDENCE_LOCK_WAIT seconds, else 300."""
    return float(os.environ.get("INDEPENDENCE_LOCK_WAIT") or DEFAULT_WAIT_SECONDS)


def _process_lock(path: Path) -> threading.Lock:
    """Return this process's lock for one warehouse file."""
    with _LOCKS_GUARD:
        return _LOCKS.setdefault(path.resolve(), threading.Lock())


@contextmanager
def writing(path: Path | str | None = None, wait: float | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
    """Yield the only writable connection to the warehouse, waiting up to `wait` seconds for it.

    The connection is closed, and the next waiting writer let in, when the block ends.
    """
    path = Path(path) if path else default_db_path()
    wait = wait_seconds() if wait is None else wait
    deadline = time.monotonic() + wait
    lock = _process_lock(path)
    if not lock.acquire(timeout=wait):
        raise WarehouseBusyError(f"{path}: other writers kept the warehouse for {wait:.0f} s; try again later")
    try:
        with open_warehouse(path, wait=max(deadline - time.monotonic(), 0.0)) as con:
            yield con
    finally:
        lock.release()
