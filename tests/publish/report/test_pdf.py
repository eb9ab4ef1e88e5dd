"""PDF and PNG reports: every PDF page one paper size, the summary on page 1, blocks never split, pages numbered."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import struct
import subprocess

import pypdf
import pytest
from PIL import Image

from independence.errors import ConfigError
from independence.pipelines.reports import report_bytes
from independence.publish.report.blocks import CONTENT_WIDTH, GAP, Block
from independence.publish.report.pdf import PAPER_SIZES, _pages_of
from independence.signs import SIGNS
from independence.warehouse import Warehouse
from tests.publish.report.auditor import read_page, text_of

TODAY = dt.date(2026, 11, 27)
PDFTOPPM = shutil.which("pdftoppm")


@pytest.fixture(scope="module")
def pdf(demo_db) -> bytes:
    with Warehouse(demo_db).reading() as con:
        return report_bytes(con, "demo", "pdf", 52, False, TODAY)


@pytest.fixture(scope="module")
def pdf_pages(pdf) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages]


def media_boxes(pdf: bytes) -> set[tuple[float, ...]]:
    return {tuple(round(float(value), 2) for value in page.mediabox) for page in pypdf.PdfReader(io.BytesIO(pdf)).pages}


def test_every_page_is_a4_by_default_and_letter_when_asked(demo_db, pdf):
    assert media_boxes(pdf) == {(0.0, 0.0, *PAPER_SIZES["a4"])}
    with Warehouse(demo_db).reading() as con:
        letter = report_bytes(con, "demo", "pdf", 52, False, TODAY, paper="letter")
    assert media_boxes(letter) == {(0.0, 0.0, *PAPER_SIZES["letter"])}
    assert len(pypdf.PdfReader(io.BytesIO(letter)).pages) >= 8


def test_page_one_holds_the_summary_with_every_sign_and_its_verdicts(pdf_pages):
    first = pdf_pages[0]
    assert first.startswith("Your independence report")
    assert "At a glance" in first and "Since your last report" in first and "What went with your mood" in first
    for sign in SIGNS.values():
        assert sign.title in first
    assert first.count("→ no clear change") + first.count("↑ improving") + first.count("↓ declining") == 12
    assert "not needing nobody" in " ".join(first.split())


def test_every_page_is_numbered(pdf_pages):
    for number, text in enumerate(pdf_pages, start=1):
        assert f"Page {number} of {len(pdf_pages)}" in text


def test_the_pdf_carries_the_sections_the_numbers_and_the_framing_as_text(pdf_pages):
    text = "".join(pdf_pages)
    for heading in ("The six signs", "Patterns in your mood", "Mood over time", "Conflicts", "What this is not"):
        assert heading in text
    assert "conflict episodes in the window" in text
    assert "On days with 'argument'" in text
    assert "Quiet evening" not in text, "no note text without --include-notes"


def test_a_card_or_a_chart_is_never_split_and_pages_fill_in_order():
    blocks = [Block([{}], starts_page=index == 4) for index in range(7)]
    heights = [300.0, 300.0, 300.0, 50.0, 100.0, 900.0, 10.0]
    pages = _pages_of(blocks, heights, usable=700.0)
    assert pages == [[0, 1], [2, 3], [4], [5], [6]]
    for page in pages:  # a page overflows only with one block taller than a page (drawn scaled down)
        assert sum(heights[i] + GAP for i in page) <= 700 + GAP or len(page) == 1


@pytest.mark.skipif(PDFTOPPM is None, reason="poppler-utils (pdftoppm) is not installed; .ci/run installs it")
def test_the_pages_drawn_as_images_are_one_size_with_the_summary_on_top_and_a_footer(pdf, tmp_path):
    (tmp_path / "report.pdf").write_bytes(pdf)
    subprocess.run([PDFTOPPM, "-r", "40", "-png", tmp_path / "report.pdf", tmp_path / "page"], check=True)
    images = [Image.open(path).convert("L") for path in sorted(tmp_path.glob("page-*.png"))]
    assert len(images) == len(pypdf.PdfReader(io.BytesIO(pdf)).pages)
    assert {image.size for image in images} == {(331, 468)}, "A4 at 40 dpi"
    for image in images:
        width, height = image.size
        ink = image.point(lambda value: 255 if value < 200 else 0)
        assert ink.crop((0, 0, width, height // 4)).getbbox(), "every page starts with content"
        assert ink.crop((0, height - 30, width, height)).getbbox(), "every page has its footer"
        assert not ink.crop((0, 0, 15, height)).getbbox(), "nothing runs into the left margin"


def test_the_pdf_adds_the_notes_only_when_asked(demo_db, pdf_pages):
    with Warehouse(demo_db).reading() as con:
        pdf = report_bytes(con, "demo", "pdf", 52, True, TODAY)
    text = "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    assert "Your words on your best and hardest days" in text
    assert "Your words on your best" not in "".join(pdf_pages)


def test_the_png_is_one_tall_image_of_every_block_without_gaps(demo_db):
    with Warehouse(demo_db).reading() as con:
        png = report_bytes(con, "demo", "png", 52, False, TODAY)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])
    assert width >= 600 and height > 5 * width
    image = Image.open(io.BytesIO(png)).convert("L")
    rows = [image.crop((0, top, width, top + 1)).getextrema()[0] < 200 for top in range(0, height, 2)]
    longest_blank = max(len(run) for run in "".join("x" if ink else " " for ink in rows).split("x"))
    assert longest_blank * 2 < 160, "no blank stretch taller than a short gap between blocks"


def test_an_unknown_format_or_paper_is_refused(demo_db):
    with Warehouse(demo_db).reading() as con:
        with pytest.raises(ConfigError, match="unknown report format"):
            report_bytes(con, "demo", "docx", 52, False, TODAY)
        with pytest.raises(ConfigError, match="unknown paper size"):
            report_bytes(con, "demo", "pdf", 52, False, TODAY, paper="a5")


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) is not installed")
def test_headings_words_and_charts_all_start_at_the_left_margin_at_one_size(pdf):
    """Stacked with a chart in one Vega-Lite document, a section's heading and words were indented to the chart's
    plot edge (by the width of its axis labels, so by a different amount in every section) and shrunk with it."""
    import re

    layout = subprocess.run(
        ["pdftotext", "-bbox-layout", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode("utf-8")
    margin = (PAPER_SIZES["a4"][0] - CONTENT_WIDTH) / 2
    lines = []
    for attributes, words in re.findall(r"<line (.*?)>(.*?)</line>", layout, re.S):
        box = dict(re.findall(r'(\w+)="([\d.]+)"', attributes))
        text = " ".join(re.findall(r">([^<]*)</word>", words))
        lines.append((text, float(box["xMin"]), float(box["yMax"]) - float(box["yMin"])))
    titles = {sign.title for sign in SIGNS.values()}  # a card's heading (13 pt; 10.5 in the table at a glance)
    headings = [(x, height) for text, x, height in lines if text in titles and height > 11]
    assert len(headings) >= len(SIGNS)
    assert all(abs(x - margin) < 0.5 for x, _ in headings), headings
    assert max(height for _, height in headings) - min(height for _, height in headings) < 0.1, headings
    starts = [x for text, x, _ in lines if text.startswith("A change is called only when")]
    assert len(starts) >= len(SIGNS) and all(abs(x - margin) < 0.5 for x in starts), starts


def test_the_pdf_says_what_the_page_says_its_first_line_and_every_charts_caption(demo_db, pdf_pages):
    """The PDF is laid out apart from the HTML: the two must not drift into saying different numbers."""
    with Warehouse(demo_db).reading() as con:
        page = read_page(report_bytes(con, "demo", "html", 52, False, TODAY).decode("utf-8"))
    printed = "".join("".join(pdf_pages).split())
    lede = text_of(page.html.split('<p class="lede">')[1].split("</p>")[0])
    # a sign card's chart caption is said by the card's own sentence in the PDF ("in all, n = … in 42 weeks")
    captions = [caption for figure, caption in page.captions.items() if not figure.startswith("figure-sign_")]
    missing = [sentence for sentence in [lede, *captions] if "".join(sentence.split()) not in printed]
    assert len(captions) >= 9 and missing == [], missing
