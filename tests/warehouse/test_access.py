"""One writer at a time: threads queue on the process lock, other processes are waited for."""

from __future__ import annotations

import threading
import time

import duckdb
import pytest

from independence.errors import WarehouseBusyError
from independence.warehouse import open_warehouse
from independence.warehouse.access import writing
from tests.conftest import held_by_another_process


def test_threads_take_turns_and_every_write_lands(db_path):
    open_warehouse(db_path).close()
    inside, overlaps, errors = [], [], []

    def write(number: int) -> None:
        try:
            with writing(db_path, wait=60) as con:
                inside.append(number)
                overlaps.append(len(inside))
                con.execute("create table if not exists t (n integer)").fetchall()
                con.execute("insert into t values (?)", [number]).fetchall()
                time.sleep(0.01)
                inside.remove(number)
        except Exception as error:  # collected: a thread's exception would otherwise vanish
            errors.append(error)

    threads = [threading.Thread(target=write, args=(number,)) for number in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == [] and max(overlaps) == 1
    with duckdb.connect(str(db_path), read_only=True) as con:
        assert sorted(n for (n,) in con.execute("select n from t").fetchall()) == list(range(12))


def test_a_writer_waits_for_another_process_then_writes_and_gives_up_only_after_its_wait(db_path):
    with held_by_another_process(db_path, 1.5):
        with pytest.raises(WarehouseBusyError, match="after waiting 0 s|in use by another process"):
            with writing(db_path, wait=0.2):
                pass
        started = time.monotonic()
        with writing(db_path, wait=30) as con:
            waited = time.monotonic() - started
            con.execute("create table waited (n integer)").fetchall()
    assert waited > 0.3
    with duckdb.connect(str(db_path), read_only=True) as con:
        assert con.execute("select count(*) from waited").fetchall() == [(0,)]
