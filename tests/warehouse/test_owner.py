"""The warehouse's one owner: the only place that connects, one lock policy, writers that take turns."""

from __future__ import annotations

import re
import threading
import time

import duckdb
import pytest

from independence.errors import WarehouseBusyError, WarehouseMissingError
from independence.warehouse import Warehouse
from tests.conftest import REPO, held_by_another_process


def test_only_the_owner_connects_to_duckdb():
    connecting = [
        str(path.relative_to(REPO))
        for path in (REPO / "independence").rglob("*.py")
        if re.search(r"duckdb\.connect\(", path.read_text(encoding="utf-8"))
    ]
    assert connecting == ["independence/warehouse/owner.py"]


def test_the_path_comes_from_the_environment_or_defaults_under_data(monkeypatch, tmp_path):
    monkeypatch.delenv("INDEPENDENCE_DB", raising=False)
    assert str(Warehouse().path) == "data/warehouse.duckdb"
    monkeypatch.setenv("INDEPENDENCE_DB", str(tmp_path / "elsewhere.duckdb"))
    assert Warehouse().path == tmp_path / "elsewhere.duckdb"


def test_reading_a_missing_warehouse_says_so(tmp_path):
    with (
        pytest.raises(WarehouseMissingError, match="no warehouse yet"),
        Warehouse(tmp_path / "missing.duckdb").reading(),
    ):
        pass
    assert not (tmp_path / "missing.duckdb").exists()


def test_threads_take_turns_and_every_write_lands(db_path):
    with Warehouse(db_path).writing():
        pass
    inside, overlaps, errors = [], [], []

    def write(number: int) -> None:
        try:
            with Warehouse(db_path).writing(wait=60) as con:
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


def test_a_writer_waits_for_another_process_says_so_and_gives_up_only_after_its_wait(db_path):
    heard = []
    with held_by_another_process(db_path, 2.5):
        with pytest.raises(WarehouseBusyError, match="in use by another process"):
            with Warehouse(db_path).writing(wait=0.2):
                pass
        started = time.monotonic()
        with Warehouse(db_path).writing(wait=30, on_wait=heard.append) as con:
            waited = time.monotonic() - started
            con.execute("create table waited (n integer)").fetchall()
    assert waited > 1.0
    assert len(heard) == 1 and "another process is using the warehouse" in heard[0]
    with duckdb.connect(str(db_path), read_only=True) as con:
        assert con.execute("select count(*) from waited").fetchall() == [(0,)]


def test_the_configured_wait_is_the_one_policy(db_path, monkeypatch):
    monkeypatch.setenv("INDEPENDENCE_LOCK_WAIT", "0.3")
    with held_by_another_process(db_path, 60):
        started = time.monotonic()
        with pytest.raises(WarehouseBusyError, match="INDEPENDENCE_LOCK_WAIT"), Warehouse(db_path).writing():
            pass
        assert time.monotonic() - started < 5
    with duckdb.connect(str(db_path)) as con:
        assert con.execute("select count(*) from entries").fetchall() == [(0,)]
