"""Running one use case in a child process under a memory ceiling, so one file can never take a server down.

The child is a fresh interpreter (spawn, not fork: no copy of the parent's threads or open warehouse)
whose data segment is capped with RLIMIT_DATA, which covers Python's, DuckDB's and Polars' heap. An
allocation past the cap fails inside the child as a MemoryError (or ends the child); the parent keeps
serving either way.
"""

from __future__ import annotations

import multiprocessing
import resource
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TypeVar

Result = TypeVar("Result")


class OutOfMemoryError(Exception):
    """The child process needed more memory than its ceiling, or ended without an answer."""


def _capped(memory_bytes: int) -> None:
    """Cap this (child) process's data segment at memory_bytes."""
    resource.setrlimit(resource.RLIMIT_DATA, (memory_bytes, memory_bytes))


def in_child(memory_mb: int, function: Callable[..., Result], *args: object) -> Result:
    """Return function(*args) computed in a fresh child process whose memory is capped at memory_mb.

    The function and its arguments and result must be picklable (module-level, plain data). A
    MemoryError in the child, or a child that dies, raises OutOfMemoryError here; any other error of the
    function is raised here as it was raised there.
    """
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(1, mp_context=context, initializer=_capped, initargs=(memory_mb << 20,)) as pool:
        try:
            return pool.submit(function, *args).result()
        except MemoryError:
            raise OutOfMemoryError(f"needed more than {memory_mb} MB of memory") from None
        except BrokenProcessPool:
            raise OutOfMemoryError(f"ended without an answer (over {memory_mb} MB of memory, or killed)") from None
