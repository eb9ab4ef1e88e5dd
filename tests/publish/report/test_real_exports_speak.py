"""Every real export people published gets a report that says once, near the top, which signs it speaks to, in
the very words of the insight JSON; a sign nothing speaks to gets neither a verdict nor a chart.

Reads ../shared/real-exports/ where it lies (skipped when absent); never copies or quotes it.
"""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest

from independence.analysis.evidence import speaks_to_parts
from independence.pipelines.builds import built_models
from independence.pipelines.imports import imported_export
from independence.pipelines.insights import user_insights
from independence.pipelines.reports import report_bytes
from independence.signs import SIGNS
from independence.warehouse import Warehouse
from tests.ingest.real_exports import NORMAL, REAL, moods_beside

pytestmark = pytest.mark.skipif(not REAL.is_dir(), reason="../shared/real-exports is not on this machine")
PEOPLE = {name: f"person-{number:02d}" for number, name in enumerate(sorted(NORMAL))}


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    """Return one built warehouse holding every normal real export, each as its own person."""
    db = tmp_path_factory.mktemp("real") / "warehouse.duckdb"
    for name, user in PEOPLE.items():
        imported_export(REAL / name, user, db_path=db, moods_path=moods_beside(REAL / name))
    built_models(db)
    return db


def text_of(fragment: str) -> str:
    """Return the text of an HTML fragment: tags dropped, entities read, spaces collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


@pytest.mark.parametrize("name", sorted(NORMAL))
def test_the_report_says_what_the_export_speaks_to_as_the_json_does_and_judges_nothing_else(warehouse, name):
    user = PEOPLE[name]
    with Warehouse(warehouse).reading() as con:
        result = user_insights(con, user)
        page = report_bytes(con, user, "html", 52, False, dt.date(2026, 12, 7)).decode("utf-8")
    speaking = result["speaks_to"]
    line, lead = speaks_to_parts(speaking, result["coverage"]["imports"])
    top = text_of(re.search(r'<p class="speaks" id="speaks-to">(.*?)</p>', page, re.S).group(1))
    assert top.startswith(line) and (lead in top if lead else True), (top, line)
    assert sum(line in sentence for sentence in result["insights"]) == 1  # said once in the sentences too
    assert speaking["count"] == len(speaking["signs"]) and set(speaking["signs"]) | set(
        speaking["without_inputs"]
    ) == set(SIGNS)
    glance = re.search(r'<table class="glance">(.*?)</table>', page, re.S).group(1)
    for key in speaking["without_inputs"]:
        for series in ("observed", "self_rated"):
            trend = result["signs"][key][series]
            assert trend["verdict"] == "insufficient_data" and trend["no_verdict"] == "no_inputs", (key, series)
            assert trend["slope_per_week"] is None and trend["interval"] is None
            assert f'id="chart-sign_{key}_{series}"' not in page  # no chart of a sign nothing speaks to
        row = re.search(rf'href="#card-{key}">.*?</tr>', glance, re.S).group(0)
        assert "not in your data" in row and "improving" not in row and "declining" not in row
    for key in speaking["signs"]:
        assert any(trend["no_verdict"] != "no_inputs" for trend in result["signs"][key].values())
