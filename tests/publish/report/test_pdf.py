"""PDF and PNG reports: drawn by vl-convert, the PDF a readable multi-page document with real text."""

from __future__ import annotations

import datetime as dt
import io
import struct

import pypdf
import pytest

from independence.errors import ConfigError
from independence.publish.report import report_bytes
from independence.warehouse import Warehouse

TODAY = dt.date(2026, 11, 27)
PAGE_TITLES = [
    "Your independence report",
    "Mood over time",
    "Time apart and together",
    "Conflicts",
    "What goes with good days",
    "The signs week by week",
    "What this report is based on",
]


@pytest.fixture(scope="module")
def pdf_pages(demo_db) -> list[str]:
    with Warehouse(demo_db).reading() as con:
        pdf = report_bytes(con, "demo", "pdf", 52, False, TODAY)
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages]


def test_the_pdf_has_one_page_per_section_with_its_title_first(pdf_pages):
    assert len(pdf_pages) == len(PAGE_TITLES)
    for text, title in zip(pdf_pages, PAGE_TITLES, strict=True):
        assert text.startswith(title), text[:80]


def test_the_pdf_carries_the_numbers_and_the_framing_as_text(pdf_pages):
    assert "Time apart (from your entries): improving" in pdf_pages[0]
    assert "conflict episode(s) in the window" in pdf_pages[3]
    assert "On days with 'argument'" in pdf_pages[4]
    assert "not needing" in pdf_pages[-1] and "not a diagnosis" in pdf_pages[-1]
    assert "Quiet evening" not in "".join(pdf_pages), "no note text without --include-notes"


def test_the_pdf_adds_a_notes_page_only_when_asked(demo_db):
    with Warehouse(demo_db).reading() as con:
        pdf = report_bytes(con, "demo", "pdf", 52, True, TODAY)
    pages = [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages]
    assert len(pages) == len(PAGE_TITLES) + 1 and pages[-2].startswith("Your words on your best and hardest days")


def test_the_png_is_one_tall_image_of_every_page(demo_db):
    with Warehouse(demo_db).reading() as con:
        png = report_bytes(con, "demo", "png", 52, False, TODAY)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])
    assert width >= 600 and height > 5 * width


def test_an_unknown_format_is_refused(demo_db):
    with Warehouse(demo_db).reading() as con, pytest.raises(ConfigError, match="unknown report format"):
        report_bytes(con, "demo", "docx", 52, False, TODAY)
