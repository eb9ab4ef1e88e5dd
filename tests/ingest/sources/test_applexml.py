"""Apple Health export.xml: State of Mind records streamed safely; everything else ignored."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys

import pytest

from independence.errors import ExportError
from independence.pipelines.imports import imported_export
from tests.conftest import REPO
from tests.helpers import rows

BOMB = """<?xml version="1.0"?>
<!DOCTYPE HealthData [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<HealthData locale="en_US"><Record type="HKStateOfMindTypeIdentifier" startDate="&lol3;"/></HealthData>
"""


def test_state_of_mind_records_are_read_past_a_malformed_dtd_and_control_bytes(fixtures, db_path):
    summary = imported_export(fixtures / "applehealth" / "export.xml", "ana", db_path=db_path)
    assert (summary.source, summary.source_format) == ("applehealth", "Apple Health export.xml (State of Mind records)")
    assert (summary.rows_read, summary.entries_added) == (3, 2)
    assert [r["reason"] for r in summary.rejects] == ["record 3: cannot read startDate 'yesterday'"]
    assert rows(db_path, "select logged_at_local, tz, round(mood_score, 3) from entries order by 1") == [
        (dt.datetime(2026, 10, 25, 7, 5, 11), "UTC-05:00", 4.2),
        (dt.datetime(2026, 10, 26, 21, 40), "UTC-05:00", 1.667),
    ]
    assert rows(db_path, "select tag_group, tag from entry_tags order by all") == [
        ("association", "partner"),
        ("association", "selfCare"),
        ("emotion", "calm"),
        ("emotion", "grateful"),
    ]


def test_an_entity_bomb_and_other_xml_are_refused_and_nothing_is_written(db_path, tmp_path):
    bomb = tmp_path / "export.xml"
    bomb.write_text(BOMB, encoding="utf-8")
    with pytest.raises(ExportError, match="not well-formed XML|refused unsafe XML"):
        imported_export(bomb, "ana", db_path=db_path)
    page = tmp_path / "page.xml"
    page.write_text("<html><body>hello</body></html>", encoding="utf-8")
    with pytest.raises(ExportError, match="XML that is not an Apple Health export.xml"):
        imported_export(page, "ana", db_path=db_path)
    assert not db_path.exists() or rows(db_path, "select count(*) from entries") == [(0,)]


STREAM = """
import json, re, sys
from pathlib import Path
from independence.ingest.reading.documents import Document
from independence.ingest.sources.applehealth import export_xml as applexml

def rss(field):
    return int(re.search(field + r":\\s+(\\d+) kB", Path("/proc/self/status").read_text()).group(1)) / 1024

before = rss("VmRSS")
staged, rejects = applexml.staged_document(Document(Path(sys.argv[1]), "xml"))
print(json.dumps({"rows": staged.height, "before_mb": before, "peak_mb": rss("VmHWM")}))
"""


@pytest.mark.slow
def test_a_large_export_is_streamed_in_bounded_memory(tmp_path):
    path = tmp_path / "export.xml"
    step = (
        '<Record type="HKQuantityTypeIdentifierStepCount" sourceName="Phone" unit="count" '
        'startDate="2026-10-25 07:00:00 -0500" endDate="2026-10-25 07:10:00 -0500" value="120"/>\n'
    )
    mood = '<Record type="HKStateOfMindTypeIdentifier" startDate="2026-10-25 07:05:11 -0500" valence="0.2"/>\n'
    with path.open("w", encoding="utf-8") as out:
        out.write('<?xml version="1.0"?>\n<HealthData locale="en_US">\n')
        block = step * 999 + mood
        for _ in range(800):
            out.write(block)
        out.write("</HealthData>\n")
    size_mb = path.stat().st_size / 1e6
    result = subprocess.run(
        [sys.executable, "-c", STREAM, str(path)], capture_output=True, text=True, cwd=REPO, timeout=300
    )
    measured = json.loads(result.stdout)
    assert measured["rows"] == 800 and size_mb > 100
    assert measured["peak_mb"] - measured["before_mb"] < 60  # a fraction of the file: it is never held whole
