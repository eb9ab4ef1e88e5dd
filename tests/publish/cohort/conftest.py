"""A synthetic coaching practice with unique markers in every client's tags, notes and mood labels."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from dev.synth_clients import Client, practice_clients, write_practice
from independence.analysis.transforms import built_warehouse
from independence.pipelines.cohort import coach_release
from independence.pipelines.imports import imported_export
from independence.publish.cohort.written import WrittenRelease, release_options
from independence.warehouse import Warehouse

KEY = b"a-test-key-that-is-long-enough-0123456789"
TODAY = dt.date(2026, 11, 27)


@dataclass(frozen=True)
class Practice:
    """The practice's folder, built warehouse, clients and each client's export files."""

    directory: Path
    db: Path
    clients: list[Client]
    files: dict[str, list[Path]]

    @property
    def roster(self) -> Path:
        return self.directory / "roster.csv"


def imported_practice(folder: Path, clients: list[Client], files: dict[str, list[Path]]) -> Path:
    """Return a built warehouse holding the given clients' exports."""
    db = folder / "warehouse.duckdb"
    for client in clients:
        for path in files[client.user_id]:
            imported_export(path, client.user_id, db_path=db, moods_path=folder / "exports" / "moods.toml")
    with Warehouse(db).writing() as con:
        built_warehouse(con)
    return db


@pytest.fixture(scope="session")
def practice(tmp_path_factory) -> Practice:
    folder = tmp_path_factory.mktemp("practice")
    clients = practice_clients()
    files = write_practice(folder / "exports", clients, marked=True)
    return Practice(folder / "exports", imported_practice(folder, clients, files), clients, files)


def copied_warehouse(db: Path, folder: Path, name: str = "warehouse") -> Path:
    """Return a copy of a built warehouse in folder: releases recorded in it stay out of every other test's."""
    folder.mkdir(parents=True, exist_ok=True)
    return Path(shutil.copy(db, folder / f"{name}.duckdb"))


@pytest.fixture
def practice_db(practice, tmp_path) -> Path:
    """Return this test's own copy of the practice's warehouse (its release ledger starts empty)."""
    return copied_warehouse(practice.db, tmp_path / "practice")


def released(db: Path, roster: Path, folder: Path, name: str, **options) -> WrittenRelease:
    """Return one release of coach Robin (unless `coach` says otherwise) written to folder/name.html and recorded
    in the warehouse's ledger."""
    settings = {"coach": "Robin", "cohort": None, "k": 5, "epsilon": None, "weeks": 26, "trajectories": False}
    settings.update(options)
    return coach_release(
        roster,
        release_options(**settings, today=TODAY),
        KEY,
        db_path=db,
        out=folder / f"{name}.html",
        ledger_file=folder / "no-ledger-file.json",
    )


def roster_with(practice: Practice, folder: Path, extra_rows: list[list[str]]) -> Path:
    """Return a copy of the practice's roster with rows appended (consent changes)."""
    rows = list(csv.reader(practice.roster.open(encoding="utf-8")))
    path = folder / "roster.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows + extra_rows)
    return path
