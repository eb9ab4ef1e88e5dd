"""The upload page's warm workers: started once and reused, under the same ceilings as a fresh child; a worker
that passes a limit is ended and replaced, and the next task runs on the new one."""

from __future__ import annotations

import os
import time

import pytest

from independence.pipelines.isolated import OutOfMemoryError, TimeLimitError, WarmWorkers


def _pid() -> int:
    return os.getpid()


def _busy(seconds: float) -> int:
    """Spend about `seconds` of processor time; return the pid."""
    until = time.process_time() + seconds
    while time.process_time() < until:
        sum(range(10_000))
    return os.getpid()


def _hog() -> None:
    held = []
    while True:
        held.append(b"x" * (8 << 20))
        time.sleep(0.005)


def _refuse(text: str) -> None:
    raise ValueError(text)


@pytest.fixture
def workers():
    pool = WarmWorkers(1, 600, preload="independence.pipelines.isolated")
    yield pool
    pool.close()


def test_a_warm_worker_is_reused_and_an_ordinary_error_keeps_it(workers):
    first = workers.run(_pid, seconds=30)
    assert workers.run(_pid, seconds=30) == first != os.getpid()
    with pytest.raises(ValueError, match="not a date"):
        workers.run(_refuse, "not a date", seconds=30)
    assert workers.run(_pid, seconds=30) == first


def test_a_worker_past_its_memory_is_ended_and_replaced(workers):
    before = workers.run(_pid, seconds=30)
    with pytest.raises(OutOfMemoryError, match="needed more than 600 MB"):
        workers.run(_hog, seconds=60)
    after = workers.run(_pid, seconds=30)
    assert after != before
    with pytest.raises(ProcessLookupError):
        os.kill(before, 0)


def test_each_task_gets_its_own_processor_time_and_one_past_it_is_ended(workers):
    pids = {workers.run(_busy, 0.6, seconds=1) for _ in range(3)}  # 1.8 s in all: each task has its own second
    assert len(pids) == 1
    started = time.monotonic()
    with pytest.raises(TimeLimitError):
        workers.run(_busy, 30, seconds=1)
    assert time.monotonic() - started < 10
    assert workers.run(_pid, seconds=30) not in pids
