"""Chart templates: a chart built once per shape and filled per person is exactly the chart Altair builds for them."""

from __future__ import annotations

import datetime as dt

import pytest

from independence.pipelines.reports import report_bytes, report_content
from independence.publish import charts
from independence.publish.report.figures import report_figures
from independence.publish.report.sign_figures import sign_figures
from independence.warehouse import Warehouse

TODAY = dt.date(2026, 11, 27)


@pytest.fixture(scope="module")
def con(demo_db):
    with Warehouse(demo_db).reading() as connection:
        yield connection


def all_specs(con, weeks: int) -> dict[str, dict]:
    data = report_content(con, "demo", weeks, TODAY)
    sections = [*report_figures(data).values(), *sign_figures(data).values()]
    return {figure.key: figure.spec for section in sections for figure in section}


def built_directly(monkeypatch, function):
    with monkeypatch.context() as patched:
        patched.setattr(charts, "TEMPLATES", False)
        return function()


@pytest.mark.parametrize("weeks", [8, 26, 52])
def test_every_filled_chart_equals_the_chart_altair_builds_for_the_same_person(con, monkeypatch, weeks):
    direct = built_directly(monkeypatch, lambda: all_specs(con, weeks))
    filled = all_specs(con, weeks)
    assert len(filled) >= 15  # every kind of chart: patterns, mood, apart, conflicts, tags, sign cards
    assert filled == direct


def test_a_whole_report_is_the_same_page_either_way(con, monkeypatch):
    direct = built_directly(monkeypatch, lambda: report_bytes(con, "demo", "html", 26, False, TODAY))
    assert report_bytes(con, "demo", "html", 26, False, TODAY) == direct


def test_people_of_one_shape_share_a_template_and_their_values_stay_their_own():
    charts._template.cache_clear()
    rows = [{"group": "Mon", "mean": 3.0, "low": 2.5, "high": 3.5, "values": 4}]
    first = charts.patterns.mood_by_group_chart(rows, ["Mon", "Tue"], "weekday")
    other = charts.patterns.mood_by_group_chart([{**rows[0], "mean": 4.0}], ["Mon", "Tue"], "weekday")
    assert charts._template.cache_info().currsize == 1
    assert first["datasets"] != other["datasets"]
    assert first["data"]["name"] in first["datasets"] and other["data"]["name"] in other["datasets"]
    first["layer"][0]["encoding"]["x"]["sort"].append("Wed")  # a caller changing its spec changes no template
    again = charts.patterns.mood_by_group_chart(rows, ["Mon", "Tue"], "weekday")
    assert again["layer"][0]["encoding"]["x"]["sort"] == ["Mon", "Tue"]


def test_a_list_value_fills_its_whole_slot_and_a_tag_named_like_a_marker_stays_text():
    effects = [
        {
            "tag": "<slot:rows>",
            "mood_difference": 0.4,
            "ci95": [0.1, 0.7],
            "days_with": 9,
            "days_without": 30,
            "q_value": 0.02,
        },
        {
            "tag": "walk",
            "mood_difference": 0.6,
            "ci95": [0.2, 0.9],
            "days_with": 12,
            "days_without": 27,
            "q_value": 0.01,
        },
    ]
    spec = charts.tags.tag_effects_chart(effects)
    (rows,) = spec["datasets"].values()
    assert [row["tag"] for row in rows] == ["<slot:rows>", "walk"]
    assert spec["layer"][1]["encoding"]["y"]["sort"] == ["walk", "<slot:rows>"]


def test_templates_kept_on_disk_are_reused_by_the_next_process_and_equal_altairs(con, monkeypatch, tmp_path):
    monkeypatch.setattr(charts, "default_cache_dir", lambda: tmp_path)
    for cached in (charts._template, charts._stored_templates):
        cached.cache_clear()
    built = all_specs(con, 26)
    (stored,) = tmp_path.glob("chart-templates-*.json")
    written = stored.stat().st_mtime_ns
    for cached in (charts._template, charts._stored_templates):  # as a new process starts
        cached.cache_clear()
    again = all_specs(con, 26)
    assert stored.stat().st_mtime_ns == written  # nothing had to be built, so nothing was stored
    assert again == built == built_directly(monkeypatch, lambda: all_specs(con, 26))
    stored_text = stored.read_text()  # no person's values are kept: tags, dates and numbers are slots
    data = report_content(con, "demo", 26, TODAY)
    assert data.judgement.reported_tags() and all(e.tag not in stored_text for e in data.judgement.reported_tags())
    assert data.daily[0]["day"] not in stored_text and "<slot:" in stored_text
    for cached in (charts._template, charts._stored_templates):
        cached.cache_clear()


def test_the_stored_templates_belong_to_this_code_and_this_altair():
    import hashlib
    from importlib.metadata import version
    from pathlib import Path

    digest = hashlib.sha256(version("altair").encode())
    for source in sorted(Path(charts.__file__).parent.glob("*.py")):
        digest.update(source.read_bytes())
    assert charts._stored_templates_path().name == f"chart-templates-{digest.hexdigest()[:16]}.json"


def test_with_its_templates_on_disk_a_report_is_drawn_without_importing_altair(demo_db, tmp_path):
    import os
    import subprocess
    import sys

    script = f"""
import datetime as dt, sys
from independence.pipelines.reports import report_bytes
from independence.warehouse import Warehouse
with Warehouse({str(demo_db)!r}).reading() as con:
    page = report_bytes(con, "demo", "html", 26, False, dt.date(2026, 11, 27))
print(len(page), "altair" in sys.modules)
"""
    environment = {**os.environ, "INDEPENDENCE_CACHE_DIR": str(tmp_path)}
    runs = [
        subprocess.run([sys.executable, "-c", script], env=environment, capture_output=True, text=True) for _ in "12"
    ]
    assert [run.returncode for run in runs] == [0, 0], runs[0].stderr
    (first_size, first_imported), (second_size, second_imported) = (run.stdout.split() for run in runs)
    assert first_imported == "True" and second_imported == "False" and first_size == second_size
