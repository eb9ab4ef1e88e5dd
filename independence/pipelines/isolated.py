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

import importlib
import multiprocessing
import os
import queue
import resource
import signal
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
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


def _watched(
    pool: ProcessPoolExecutor, memory_mb: int, seconds: int | None, function: Callable[..., Result], *args: object
) -> Result:
    """Return function(*args) run in the pool's one process, watched: ended past memory_mb or `seconds`.

    A process whose resident memory passes memory_mb is ended and raises OutOfMemoryError here, as does a
    MemoryError in it or a process that dies; one past `seconds` (wall clock or CPU) is ended and raises
    TimeLimitError; any other error of the function is raised here as it was raised there.
    """
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


def in_child(memory_mb: int, function: Callable[..., Result], *args: object, seconds: int | None = None) -> Result:
    """Return function(*args) computed in a fresh child process capped at memory_mb and, when given, `seconds`
    (see `_watched`). The function and its arguments and result must be picklable (module-level, plain data)."""
    context = multiprocessing.get_context("spawn")
    capped = (memory_mb * DATA_BACKSTOP << 20, seconds)
    pool = ProcessPoolExecutor(1, mp_context=context, initializer=_capped, initargs=capped)
    try:
        return _watched(pool, memory_mb, seconds, function, *args)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _warmed(data_bytes: int, preload: str) -> None:
    """Start a warm worker: cap its data segment, import what its tasks need (so a task does not pay for it)."""
    _capped(data_bytes, None)
    importlib.import_module(preload)


def _within_cpu(seconds: int | None, function: Callable[..., Result], *args: object) -> Result:
    """Return function(*args) in a warm worker, its processor time capped at `seconds` more than it has used
    (a worker lives for many tasks, so its cap is set afresh for each), the cap lifted after."""
    if seconds is None:
        return function(*args)
    used = resource.getrusage(resource.RUSAGE_SELF)
    spent = int(used.ru_utime + used.ru_stime) + 1
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)  # only the soft limit moves: a hard one cannot rise again
    soft = spent + seconds if hard == resource.RLIM_INFINITY else min(spent + seconds, hard)
    resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))
    try:
        return function(*args)
    finally:
        resource.setrlimit(resource.RLIMIT_CPU, (hard, hard))


class WarmWorkers:
    """Worker processes kept started and warm (modules imported) for the upload page, under the same ceilings as
    `in_child`: each task is watched the same way, and a worker that passes a limit, dies, or keeps more than
    half the ceiling after a task is ended and replaced by a fresh one; the server itself is never at risk.

    `run` waits while every worker is busy (at most `count` tasks at once). Workers start on first use.
    """

    def __init__(self, count: int, memory_mb: int, preload: str = "independence.pipelines.uploads") -> None:
        self.count, self.memory_mb, self.preload = count, memory_mb, preload
        self._idle: queue.Queue[ProcessPoolExecutor] = queue.Queue()
        self._lock = threading.Lock()
        self._started = 0
        self._all: dict[ProcessPoolExecutor, Future] = {}  # every worker, with the task that started it

    def _fresh(self) -> ProcessPoolExecutor:
        """Return a new worker, already starting (its first task imports `preload`)."""
        context = multiprocessing.get_context("spawn")
        initargs = (self.memory_mb * DATA_BACKSTOP << 20, self.preload)
        worker = ProcessPoolExecutor(1, mp_context=context, initializer=_warmed, initargs=initargs)
        started = worker.submit(int)  # starts the process now, in the background
        with self._lock:
            self._all[worker] = started
        return worker

    def _taken(self) -> ProcessPoolExecutor:
        """Return an idle worker, starting one while fewer than `count` exist, else waiting for one."""
        with self._lock:
            start = self._started < self.count and self._idle.empty()
            self._started += start
        return self._fresh() if start else self._idle.get()

    def _retired(self, worker: ProcessPoolExecutor) -> None:
        """End a worker (its process killed if it still runs) and forget it."""
        _ended(_children(worker))
        worker.shutdown(wait=False, cancel_futures=True)
        with self._lock:
            self._all.pop(worker, None)

    def run(self, function: Callable[..., Result], *args: object, seconds: int | None = None) -> Result:
        """Return function(*args) computed in a warm worker capped at the memory ceiling and `seconds`."""
        worker = self._taken()
        healthy = False
        try:
            self._all[worker].result()  # a task's time counts from a started worker, not from its start
            result = _watched(worker, self.memory_mb, seconds, _within_cpu, seconds, function, *args)
            healthy = True
            return result
        except ChildLimitError:
            raise
        except Exception:
            healthy = bool(_children(worker)) and all(child.is_alive() for child in _children(worker))
            raise
        finally:
            if healthy and max((resident_mb(c.pid) for c in _children(worker)), default=0) <= self.memory_mb // 2:
                self._idle.put(worker)
            else:
                self._retired(worker)
                self._idle.put(self._fresh())

    def close(self) -> None:
        """End every worker."""
        with self._lock:
            workers = list(self._all)
        for worker in workers:
            self._retired(worker)


def isolation(memory_mb: int, workers: WarmWorkers | None = None) -> Callable[..., Result]:
    """Return how to run a use case under the memory ceiling: `run(function, *args, seconds=...)` on a warm worker
    when the caller keeps them (the upload page), else in a fresh child (`in_child`)."""
    if workers is not None:
        return workers.run
    return lambda function, *args, seconds=None: in_child(memory_mb, function, *args, seconds=seconds)
