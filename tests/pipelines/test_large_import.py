"""A 200 MB export is streamed: every row accounted for, memory bounded, the cut-off last line rejected."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from dev.synth import write_bulk_daylio
from tests.conftest import REPO

ROWS = 1_650_000
# Peak memory is VmHWM: unlike ru_maxrss it is not inherited from the (large) test process across exec.
IMPORT_AND_MEASURE = """
import json, re, sys
from pathlib import Path
from independence.pipelines.imports import imported_export
summary = imported_export(sys.argv[1], "big", db_path=sys.argv[2])
peak_kb = int(re.search(r"VmHWM:\\s+(\\d+) kB", Path("/proc/self/status").read_text()).group(1))
print(json.dumps({"summary": summary.as_json() | {"rejects": summary.rejects[:3]}, "peak_rss_mb": peak_kb / 1024}))
"""


@pytest.mark.slow
def test_a_200_mb_export_loads_in_bounded_memory_and_keeps_line_numbers(tmp_path):
    path = write_bulk_daylio(tmp_path / "daylio_export_big.csv", ROWS, seed=9)
    with path.open("ab") as export:
        export.write(b'"2024-01-01","1 January","Monday","9:00 am","good","gym","","","cut off')
    size_mb = path.stat().st_size / 1e6
    assert size_mb > 200
    result = subprocess.run(
        [sys.executable, "-c", IMPORT_AND_MEASURE, str(path), str(tmp_path / "big.duckdb")],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=600,
        env=os.environ | {"INDEPENDENCE_MEMORY_LIMIT": "512MB"},
    )
    assert result.returncode == 0, result.stderr
    measured = json.loads(result.stdout)  # one line: nothing else (no progress bar) on stdout
    summary = measured["summary"]
    assert summary["rows_read"] == ROWS + 1
    assert summary["entries_added"] + summary["duplicates_skipped"] == ROWS
    assert summary["rejected"] == 1
    last_line = path.read_bytes().count(b"\n") + 1
    assert summary["rejects"][0]["line"] == last_line > ROWS + 1
    assert "never closed" in summary["rejects"][0]["reason"]
    assert measured["peak_rss_mb"] < 1000, f"peak {measured['peak_rss_mb']:.0f} MB for a {size_mb:.0f} MB file"
