"""Running one use case in a child process under a memory ceiling and a time limit, so one file can never take a
server down or keep a person waiting for minutes.

The child is a fresh interpreter (spawn, not fork: no copy of the parent's threads or open warehouse)
whose data segment is capped with RLIMIT_DATA, which covers Python's, DuckDB's and Polars' heap, and whose
CPU time is capped with RLIMIT_CPU. An allocation past the cap fails inside the child as a MemoryError (or
ends the child); a child past its wall-clock seconds is killed; the parent keeps serving either way.
"""

from __future__ import annotations

import multiprocessing
import resource
import signal
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from typing import TypeVar

Result = TypeVar("Result")


class ChildLimitError(Exception):
    """The child process passed its memory or time ceiling, or ended without an answer."""


class OutOfMemoryError(ChildLimitError):
    """The child process needed more memory than its ceiling, or ended without an answer."""


class TimeLimitError(ChildLimitError):
    """The child process took longer than its time limit and was ended."""


def _capped(memory_bytes: int, cpu_seconds: int | None) -> None:
    """Cap this (child) process's data segment at memory_bytes, and its CPU time at cpu_seconds."""
    resource.setrlimit(resource.RLIMIT_DATA, (memory_bytes, memory_bytes))
    if cpu_seconds is not None:
        resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 5))


def _ended(pool: ProcessPoolExecutor) -> list[int]:
    """Kill the pool's processes (a child past its time) and return their exit codes."""
    processes = list((getattr(pool, "_processes", None) or {}).values())  # no public way to stop one
    for process in processes:
        if process.is_alive():
            process.kill()
    for process in processes:
        process.join(5)
    return [process.exitcode for process in processes if process.exitcode is not None]


def in_child(memory_mb: int, function: Callable[..., Result], *args: object, seconds: int | None = None) -> Result:
    """Return function(*args) computed in a fresh child process capped at memory_mb and, when given, `seconds`.

    The function and its arguments and result must be picklable (module-level, plain data). A
    MemoryError in the child, or a child that dies, raises OutOfMemoryError here; a child past `seconds`
    (wall clock or CPU) is ended and raises TimeLimitError; any other error of the function is raised
    here as it was raised there.
    """
    context = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(1, mp_context=context, initializer=_capped, initargs=(memory_mb << 20, seconds))
    try:
        return pool.submit(function, *args).result(timeout=seconds)
    except FutureTimeout:
        _ended(pool)
        raise TimeLimitError(f"took longer than {seconds} s") from None
    except MemoryError:
        raise OutOfMemoryError(f"needed more than {memory_mb} MB of memory") from None
    except BrokenProcessPool:
        if -signal.SIGXCPU in _ended(pool):
            raise TimeLimitError(f"used more than {seconds} s of processor time") from None
        raise OutOfMemoryError(f"ended without an answer (over {memory_mb} MB of memory, or killed)") from None
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
