"""Running one use case in a child process under a memory ceiling and a time limit, so one file can never take a
server down, run a command past its memory, or keep a person waiting for minutes.

The child is a fresh interpreter (spawn, not fork: no copy of the parent's threads or open warehouse).
This process watches it every WATCH_SECONDS and ends it when its resident memory passes the ceiling or
its wall-clock seconds run out. The child's own limits are the backstop: its CPU time is capped with
RLIMIT_CPU, and its data segment (Python's, DuckDB's and Polars' heap) with RLIMIT_DATA at twice the
ceiling. The data cap is not the ceiling itself: at the cap glibc's malloc can spin instead of failing
(a 250 MB JSON import spun for 20 minutes at full CPU, its data segment at the cap), and the reserved
but unused address space it counts made files that fit in the ceiling fail.
"""

from __future__ import annotations

import multiprocessing
import os
import resource
import signal
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import TypeVar

Result = TypeVar("Result")
WATCH_SECONDS = 0.05  # how often the child's memory and time are looked at
WATCH_MARGIN = 32  # the child is ended past 1/32 below the ceiling: what it may allocate between two looks
DATA_BACKSTOP = 2  # the child's data segment may reach this many times the ceiling before malloc fails


class ChildLimitError(Exception):
    """The child process passed its memory or time ceiling, or ended without an answer."""


class OutOfMemoryError(ChildLimitError):
    """The child process needed more memory than its ceiling, or ended without an answer."""


class TimeLimitError(ChildLimitError):
    """The child process took longer than its time limit and was ended."""


def resident_mb(pid: int | str = "self") -> int:
    """Return a process's resident memory now, in MB: this process's by default (its peak where /proc is
    missing), another's by its pid (0 once it has ended, or where /proc is missing)."""
    try:
        pages = int(Path(f"/proc/{pid}/statm").read_text().split()[1])
    except (OSError, ValueError, IndexError):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss >> 10 if pid == "self" else 0  # Linux: kB
    return pages * os.sysconf("SC_PAGE_SIZE") >> 20


def room_beside_this_process(memory_mb: int) -> int:
    """Return the MB a child may use so that it and this process together stay within memory_mb (at least a
    quarter of it): a command that imports in a child is held to the ceiling as a whole."""
    return max(memory_mb // 4, memory_mb - resident_mb())


def _capped(data_bytes: int, cpu_seconds: int | None) -> None:
    """Cap this (child) process's data segment at data_bytes, and its CPU time at cpu_seconds."""
    resource.setrlimit(resource.RLIMIT_DATA, (data_bytes, data_bytes))
    if cpu_seconds is not None:
        resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 5))


def _children(pool: ProcessPoolExecutor) -> list[multiprocessing.process.BaseProcess]:
    """Return the pool's processes (no public way to reach them; the pool forgets them once one breaks)."""
    return list((getattr(pool, "_processes", None) or {}).values())


def _ended(processes: list[multiprocessing.process.BaseProcess]) -> list[int]:
    """Kill the processes still running (a child past its time or memory) and return every exit code.

    The pool's own thread may reap a child at the same moment: its exit code then shows a moment later.
    """
    for process in processes:
        if process.is_alive():
            process.kill()
    deadline = time.monotonic() + 5
    while any(process.exitcode is None for process in processes) and time.monotonic() < deadline:
        time.sleep(0.02)
    return [process.exitcode for process in processes if process.exitcode is not None]


def in_child(memory_mb: int, function: Callable[..., Result], *args: object, seconds: int | None = None) -> Result:
    """Return function(*args) computed in a fresh child process capped at memory_mb and, when given, `seconds`.

    The function and its arguments and result must be picklable (module-level, plain data). A child
    whose resident memory passes memory_mb is ended and raises OutOfMemoryError here, as does a
    MemoryError in the child or a child that dies; a child past `seconds` (wall clock or CPU) is ended
    and raises TimeLimitError; any other error of the function is raised here as it was raised there.
    """
    context = multiprocessing.get_context("spawn")
    capped = (memory_mb * DATA_BACKSTOP << 20, seconds)
    pool = ProcessPoolExecutor(1, mp_context=context, initializer=_capped, initargs=capped)
    future = pool.submit(function, *args)
    children = _children(pool)
    deadline = None if seconds is None else time.monotonic() + seconds
    watch_margin = memory_mb // WATCH_MARGIN
    try:
        while True:
            try:
                return future.result(timeout=WATCH_SECONDS)
            except FutureTimeout:
                if deadline is not None and time.monotonic() > deadline:
                    _ended(children)
                    raise TimeLimitError(f"took longer than {seconds} s") from None
                if max((resident_mb(child.pid) for child in children), default=0) > memory_mb - watch_margin:
                    _ended(children)
                    raise OutOfMemoryError(f"needed more than {memory_mb} MB of memory") from None
    except MemoryError:
        raise OutOfMemoryError(f"needed more than {memory_mb} MB of memory") from None
    except BrokenProcessPool:
        if -signal.SIGXCPU in _ended(children):
            raise TimeLimitError(f"used more than {seconds} s of processor time") from None
        raise OutOfMemoryError(f"ended without an answer (over {memory_mb} MB of memory, or killed)") from None
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
