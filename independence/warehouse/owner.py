"""The one owner of the DuckDB warehouse: every connection is opened here, and writers take turns.

DuckDB lets one process write a file, and inside that process concurrent writers conflict. So a
writer first queues on this process's lock for the file, then waits for any other process that
holds it, up to the configured wait (INDEPENDENCE_LOCK_WAIT, 300 s), instead of failing. Readers
wait the same way. `transaction` is the one begin/commit/rollback helper.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from independence.config import settings
from independence.errors import WarehouseBusyError, WarehouseMissingError
from independence.warehouse.schema import migrated

NOTICE_AFTER_SECONDS = 1.0
_LOCKS: dict[Path, threading.Lock] = {}
_LOCKS_GUARD = threading.Lock()


def _process_lock(path: Path) -> threading.Lock:
    """Return this process's lock for one warehouse file."""
    with _LOCKS_GUARD:
        return _LOCKS.setdefault(path.resolve(), threading.Lock())


def connected(
    path: Path, *, read_only: bool = False, wait: float = 0.0, on_wait: Callable[[str], None] | None = None
) -> duckdb.DuckDBPyConnection:
    """Return a DuckDB connection to a file, waiting up to `wait` seconds while another process holds it.

    `on_wait` is told once, after a second of waiting, that the warehouse is busy.
    """
    started = time.monotonic()
    deadline, pause, told = started + wait, 0.05, False
    while True:
        try:
            con = duckdb.connect(str(path), read_only=read_only)
            break
        except duckdb.IOException as error:
            if "lock" not in str(error).lower():
                raise
            if time.monotonic() + pause > deadline:
                waited = f" after waiting {wait:.0f} s" if wait else ""
                raise WarehouseBusyError(
                    f"{path}: the warehouse is in use by another process{waited}; try again when it ends "
                    "(INDEPENDENCE_LOCK_WAIT sets how long to wait)"
                ) from None
        if on_wait and not told and time.monotonic() - started >= NOTICE_AFTER_SECONDS:
            on_wait(f"{path}: another process is using the warehouse; waiting up to {wait:.0f} s for it")
            told = True
        time.sleep(pause)
        pause = min(pause * 2, 1.0)
    con.execute("set enable_progress_bar = false").fetchall()
    return con


class Warehouse:
    """The warehouse file at `path` (INDEPENDENCE_DB, else data/warehouse.duckdb): the only way to connect to it."""

    def __init__(self, path: Path | str | None = None) -> None:
        self.path = Path(path) if path else settings().db_path

    def __repr__(self) -> str:
        return f"Warehouse({str(self.path)!r})"

    def exists(self) -> bool:
        """Return whether the warehouse file has been created."""
        return self.path.exists()

    @contextmanager
    def writing(
        self, wait: float | None = None, on_wait: Callable[[str], None] | None = None
    ) -> Iterator[duckdb.DuckDBPyConnection]:
        """Yield the only writable connection, the schema migrated, after waiting up to `wait` seconds for it.

        Other writers of this process queue on a lock; another process is waited for. The connection
        is closed, and the next writer let in, when the block ends. Writable connections have a bounded
        memory limit (larger work spills to disk) and do not keep insertion order, which no table needs.
        """
        wait = settings().lock_wait_seconds if wait is None else wait
        deadline = time.monotonic() + wait
        lock = _process_lock(self.path)
        if not lock.acquire(timeout=wait):
            raise WarehouseBusyError(f"{self.path}: other writers kept the warehouse for {wait:.0f} s; try again later")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            remaining = max(deadline - time.monotonic(), 0.0)
            with connected(self.path, wait=remaining, on_wait=on_wait) as con:
                con.execute("set memory_limit = ?", [settings().memory_limit]).fetchall()
                con.execute("set preserve_insertion_order = false").fetchall()
                yield migrated(con)
        finally:
            lock.release()

    @contextmanager
    def reading(self, wait: float | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
        """Yield a read-only connection, waiting up to `wait` seconds while another process writes."""
        if not self.exists():
            raise WarehouseMissingError(f"{self.path}: no warehouse yet; import an export first")
        wait = settings().lock_wait_seconds if wait is None else wait
        with connected(self.path, read_only=True, wait=wait) as con:
            yield con
