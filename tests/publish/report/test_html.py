"""The HTML report: every section, honest wording, no note text unless asked, user text escaped, nothing remote."""

from __future__ import annotations

import datetime as dt
import html.parser
import json
import re

import pytest

from independence.publish.report import default_report_path, written_report
from independence.publish.report.html import content_security_policy, script_hash
from independence.warehouse import Warehouse
from tests.publish.report.conftest import HOSTILE_FILE, HOSTILE_NOTE, HOSTILE_TAGS, PAYLOADS
from tests.transforms.rows import add_entry, add_import

SECTIONS = ["how-to-read", "summary", "mood", "apart", "conflicts", "tags", "signs", "coverage", "what-this-is-not"]


class Elements(html.parser.HTMLParser):
    """Collect every start tag with its attributes, and the text of every <script>."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts.append(data)


def parsed(page: str) -> Elements:
    elements = Elements()
    elements.feed(page)
    return elements


@pytest.fixture(scope="module")
def demo_page(demo_db, tmp_path_factory) -> str:
    out = tmp_path_factory.mktemp("report") / "demo.html"
    with Warehouse(demo_db).reading() as con:
        written_report(con, "demo", out=out, weeks=52)
    return out.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def hostile_page(hostile_db, tmp_path_factory) -> str:
    out = tmp_path_factory.mktemp("report") / "eve.html"
    with Warehouse(hostile_db).reading() as con:
        written_report(con, "eve", out=out, include_notes=True)
    return out.read_text(encoding="utf-8")


def test_every_section_is_present_with_six_sign_cards(demo_page):
    ids = {attrs.get("id") for _, attrs in parsed(demo_page).tags}
    assert set(SECTIONS) <= ids
    assert sum(1 for tag, attrs in parsed(demo_page).tags if tag == "article" and "card" in attrs.get("class", "")) == 6
    assert "notes" not in ids, "note excerpts appear only with --include-notes"
    assert "Time apart" in demo_page and "improving" in demo_page
    assert "not needing nobody" in demo_page and "not a diagnosis" in demo_page


def test_the_page_loads_nothing_and_runs_only_its_own_scripts(demo_page):
    elements = parsed(demo_page)
    assert not [tag for tag, attrs in elements.tags if tag in ("link", "img", "iframe", "object", "embed")]
    assert not [attrs for tag, attrs in elements.tags if "src" in attrs or "href" in attrs]
    runnable = [attrs for tag, attrs in elements.tags if tag == "script" and attrs.get("type") != "application/json"]
    assert len(runnable) == 2
    (policy,) = [a["content"] for t, a in elements.tags if a.get("http-equiv") == "Content-Security-Policy"]
    assert "default-src 'none'" in policy and "connect-src 'none'" in policy
    runnable_text = [text for text in elements.scripts if not text.startswith(("{", "["))]
    assert {script_hash(text) for text in runnable_text} == set(re.findall(r"'sha256-[^']+'", policy))
    assert "@import" not in demo_page and "url(http" not in demo_page


def test_the_policy_lists_exactly_the_given_scripts():
    policy = content_security_policy(["a", "b"])
    assert (
        policy.count("'sha256-") == 2 and script_hash("a") in policy and "'unsafe-inline'" not in policy.split(";")[1]
    )


def test_datasets_drawn_by_two_charts_are_stored_once(demo_page):
    block = re.search(r'<script type="application/json" id="report-datasets">(.*?)</script>', demo_page, re.S)
    datasets = json.loads(block.group(1))
    assert sum(name.startswith("daily-") for name in datasets) == 1, "mood timeline and pixels share the days"
    assert sum(name.startswith("conflicts-") for name in datasets) == 1, "three conflict charts share the episodes"
    specs = re.findall(r'class="vega-spec" data-target="[^"]+">(.*?)</script>', demo_page, re.S)
    assert len(specs) == 9 and all("datasets" not in json.loads(spec) for spec in specs)


def test_user_text_is_escaped_everywhere_and_notes_appear_only_as_asked_excerpts(hostile_page):
    elements = parsed(hostile_page)
    assert not [tag for tag, _ in elements.tags if tag in ("img", "svg", "a", "iframe")]
    assert not [attrs for _, attrs in elements.tags if any(name.startswith("on") for name in attrs)]
    assert len([tag for tag, _ in elements.tags if tag == "script"]) == 2 + 1 + hostile_page.count('class="vega-spec"')
    # in the page text the payloads are escaped; in JSON blocks '<' is \u003c
    for payload in [*HOSTILE_TAGS, PAYLOADS["link"]]:
        assert payload not in hostile_page
    assert "&lt;img src=x onerror=" in hostile_page  # the file name, visible as text in the imports table
    assert "\\u003cimg src=x onerror=" in hostile_page  # the tag, as chart data
    assert "Secret words" in hostile_page  # --include-notes shows excerpts
    assert HOSTILE_FILE.replace("<", "&lt;").replace(">", "&gt;") in hostile_page


def test_without_include_notes_no_note_text_reaches_the_report(hostile_db, tmp_path):
    with Warehouse(hostile_db).reading() as con:
        page = written_report(con, "eve", out=tmp_path / "r.html").read_text(encoding="utf-8")
    assert "Secret words" not in page and HOSTILE_NOTE[:20] not in page
    assert 'id="notes"' not in page


def test_a_person_with_few_entries_sees_what_is_missing_and_nothing_stood_out(db_path, tmp_path):
    with Warehouse(db_path).writing() as con:
        batch = add_import(con, "kim")
        for day in range(10):
            add_entry(con, "kim", dt.datetime(2026, 3, 2, 9) + dt.timedelta(days=day), 3 + day % 2, import_id=batch)
        from independence.analysis.transforms import built_warehouse

        built_warehouse(con)
        page = written_report(con, "kim", out=tmp_path / "kim.html").read_text(encoding="utf-8")
    assert page.count("not enough data yet") >= 6
    assert "would help" in page
    assert "Nothing stood out." in page
    assert "No conflicts were tagged" in page


def test_the_default_path_is_the_iso_week_with_a_latest_copy(demo_db, tmp_path):
    today = dt.date(2026, 11, 27)
    with Warehouse(demo_db).reading() as con:
        path = written_report(con, "demo", weeks=52, today=today, reports_dir=tmp_path)
    assert path == default_report_path("demo", "html", today, tmp_path) == tmp_path / "demo" / "2026-W48.html"
    assert (tmp_path / "demo" / "latest.html").read_bytes() == path.read_bytes()
    assert path.stat().st_mode & 0o077 == 0, "a report is readable by its owner only"
