"""A synthetic export full of hostile strings: XSS and Vega-expression payloads in tags, notes, moods, file name."""

from __future__ import annotations

import csv
import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from independence.analysis.transforms import built_warehouse
from independence.pipelines.imports import imported_export
from independence.warehouse import Warehouse

# Each payload sets window.__xss or opens a dialog if it ever runs.
PAYLOADS = {
    "script": "<script>window.__xss='script'</script>",
    "img": '"><img src=x onerror="window.__xss=\'img\'">',
    "link": "<a href=\"javascript:window.__xss='link'\">click</a>",
    "svg": "<svg onload=\"window.__xss='svg'\"></svg>",
    "vega_signal": '{"signal": "alert(\'vega\')"}',
    "vega_expr": "'+alert('vega')+'",
    "template": "{{constructor.constructor('alert(1)')()}}",
}
HOSTILE_TAGS = [PAYLOADS["img"], PAYLOADS["vega_signal"], PAYLOADS["script"]]
HOSTILE_MOOD = PAYLOADS["svg"]
HOSTILE_NOTE = f"Secret words {PAYLOADS['link']} {PAYLOADS['template']} {PAYLOADS['vega_expr']}"
HOSTILE_FILE = "daylio <img src=x onerror=window.__xss=1>.csv"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
HEADER = ["full_date", "date", "weekday", "time", "mood", "activities", "scales", "note_title", "note"]


def hostile_rows(days: int = 140) -> list[list[str]]:
    """Return Daylio rows: days with a hostile tag are good (mood 5, a hostile mood label), others low."""
    rows = []
    for number in range(days):
        day = dt.date(2026, 1, 5) + dt.timedelta(days=number)
        tags = ["partner" if number % 2 else "alone"]
        if number % 3 == 0:
            mood, tags = HOSTILE_MOOD, [*tags, HOSTILE_TAGS[0], HOSTILE_TAGS[1]]
            if number % 2:
                tags.append(HOSTILE_TAGS[2])
        else:
            mood = "awful" if number % 2 else "bad"
        if number % 9 == 4:
            tags.append("argument")
        note = HOSTILE_NOTE if number % 5 == 0 else ""
        rows.append([day.isoformat(), "", "", "20:00", mood, " | ".join(tags), "", PAYLOADS["script"], note])
    return rows


@pytest.fixture(scope="session")
def hostile_export(tmp_path_factory) -> tuple[Path, Path]:
    """Return a hostile Daylio CSV (hostile file name) and the moods TOML that maps its hostile mood label to 5."""
    folder = tmp_path_factory.mktemp("hostile")
    export = folder / HOSTILE_FILE
    with export.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, quoting=csv.QUOTE_ALL)
        writer.writerow(HEADER)
        writer.writerows(hostile_rows())
    moods = folder / "moods.toml"
    moods.write_text(f"{json.dumps(HOSTILE_MOOD)} = 5\n", encoding="utf-8")
    return export, moods


@pytest.fixture(scope="session")
def hostile_db(tmp_path_factory, hostile_export) -> Path:
    """Return a built warehouse holding the hostile export for user 'eve'."""
    export, moods = hostile_export
    db = tmp_path_factory.mktemp("hostile-db") / "warehouse.duckdb"
    summary = imported_export(export, "eve", db_path=db, moods_path=moods)
    assert summary.rejected == 0 and summary.entries_added == 140
    with Warehouse(db).writing() as con:
        built_warehouse(con)
    return db
