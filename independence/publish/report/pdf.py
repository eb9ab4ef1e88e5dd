"""The report as a printable PDF (A4 or Letter, every page the same size) and as one PNG image.

Each part of a block (`blocks`) is drawn by vl-convert as its own one-page PDF (no browser needed; text stays
real text, so the PDF can be searched and read aloud) and placed on pages of the chosen paper with
pikepdf: a block never splits, a page starts when the next block does not fit, and every page gets
its number. The PNG is the same blocks in one column.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import pikepdf
import vl_convert

from independence.publish.charts import hoisted_datasets
from independence.publish.report.blocks import CONTENT_WIDTH, GAP, OWN_LEGENDS, Block, report_blocks
from independence.publish.report.bundle import VEGA_LITE_VERSION
from independence.publish.report.data import ReportData
from independence.publish.report.figures import Figure

SCHEMA = f"https://vega.github.io/schema/vega-lite/v{VEGA_LITE_VERSION}.json"
PAPER_SIZES = {"a4": (595.28, 841.89), "letter": (612.0, 792.0)}  # points
MARGIN = 40.0
FOOTER = 22.0


def _drawn(spec: dict) -> pikepdf.Pdf:
    """Return a block drawn as a one-page PDF by vl-convert (keep the document: its page lives in it)."""
    document = {
        "$schema": SCHEMA,
        **spec,
        "padding": 0,
        "background": "white",
        "config": {"legend": {"orient": "bottom"}},
    }
    pdf = vl_convert.vegalite_to_pdf(document, vl_version=VEGA_LITE_VERSION, allowed_base_urls=[])
    return pikepdf.open(io.BytesIO(pdf))


def _pages_of(blocks: list[Block], heights: list[float], usable: float) -> list[list[int]]:
    """Return the blocks' indexes per page, in order: a new page when the next block does not fit or asks for one."""
    pages: list[list[int]] = [[]]
    used = 0.0
    for index, block in enumerate(blocks):
        height = min(heights[index], usable) + GAP
        if pages[-1] and (block.starts_page or used + height > usable):
            pages.append([])
            used = 0.0
        pages[-1].append(index)
        used += height
    return pages


def _pdf_text(text: str) -> bytes:
    """Return text as the bytes of a PDF string literal in WinAnsi (cp1252), brackets and backslashes escaped."""
    plain = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    return plain.encode("cp1252", "replace")


def _with_footer(pdf: pikepdf.Pdf, page: pikepdf.Page, left: str, right: str) -> None:
    """Write the footer line on a page: the report's name on the left, 'Page n of m' on the right.

    Drawn in Helvetica, one of the fonts every PDF reader has, so nothing is embedded for it.
    """
    width = float(page.mediabox[2])
    font = pikepdf.Dictionary(
        Type=pikepdf.Name.Font,
        Subtype=pikepdf.Name.Type1,
        BaseFont=pikepdf.Name.Helvetica,
        Encoding=pikepdf.Name.WinAnsiEncoding,
    )
    page.add_resource(pdf.make_indirect(font), pikepdf.Name.Font, pikepdf.Name.Footer)
    baseline = MARGIN - 14
    right_x = width - MARGIN - len(right) * 8 * 0.52
    text = (
        b"q 0.36 0.39 0.45 rg BT /Footer 8 Tf %.1f %.1f Td (" % (MARGIN, baseline)
        + _pdf_text(left)
        + b") Tj ET BT /Footer 8 Tf %.1f %.1f Td (" % (right_x, baseline)
        + _pdf_text(right)
        + b") Tj ET Q"
    )
    page.contents_add(pikepdf.Stream(pdf, text), prepend=False)


@dataclass(frozen=True)
class _DrawnBlock:
    """A block drawn part by part, each part its own one-page PDF (kept: its page lives in it), with the width and
    height each part is placed at: narrowed to CONTENT_WIDTH where wider, the whole block shrunk to a page."""

    documents: list[pikepdf.Pdf]
    sizes: list[tuple[float, float]]

    @property
    def height(self) -> float:
        """Return the height the block takes on a page, its parts GAP apart."""
        return sum(height for _, height in self.sizes) + GAP * (len(self.sizes) - 1)


def _drawn_block(block: Block, usable: float) -> _DrawnBlock:
    """Return a block's parts drawn one by one, so each starts at the left edge: stacked in one Vega-Lite document,
    the words were indented to the plot edge of the chart beside them and shrunk with its axis."""
    documents = [_drawn(part) for part in block.parts]
    boxes = [pikepdf.Rectangle(document.pages[0].mediabox) for document in documents]
    narrowed = [min(1.0, CONTENT_WIDTH / box.width) for box in boxes]
    sizes = [(box.width * scale, box.height * scale) for box, scale in zip(boxes, narrowed, strict=True)]
    parts_height = sum(height for _, height in sizes)
    gaps = GAP * (len(sizes) - 1)
    if parts_height + gaps > usable:  # taller than a page: shrink every part alike
        shrink = (usable - gaps) / parts_height
        sizes = [(width * shrink, height * shrink) for width, height in sizes]
    return _DrawnBlock(documents, sizes)


def report_pdf(data: ReportData, figures: dict[str, list[Figure]], generated_on: str, paper: str = "a4") -> bytes:
    """Return the report as a PDF on A4 or Letter: every page that size, blocks never split, pages numbered.

    Each part of a block is placed as a form XObject (pikepdf's overlay), so its drawing is copied, never
    re-parsed.
    """
    width, height = PAPER_SIZES[paper]
    usable = height - 2 * MARGIN - FOOTER
    blocks = report_blocks(data, figures, generated_on)
    drawn = [_drawn_block(block, usable) for block in blocks]
    left = (width - CONTENT_WIDTH) / 2
    output = pikepdf.Pdf.new()
    layout = _pages_of(blocks, [block.height for block in drawn], usable)
    for number, indexes in enumerate(layout, start=1):
        page = output.add_blank_page(page_size=(width, height))
        top = height - MARGIN
        for index in indexes:
            for document, (part_width, part_height) in zip(drawn[index].documents, drawn[index].sizes, strict=True):
                top -= part_height
                page.add_overlay(document.pages[0], pikepdf.Rectangle(left, top, left + part_width, top + part_height))
                top -= GAP
        _with_footer(output, page, f"Independence report · {generated_on}", f"Page {number} of {len(layout)}")
    output.docinfo["/Title"] = "Independence report"
    output.docinfo["/Producer"] = "independence insights"
    written = io.BytesIO()
    output.save(written, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return written.getvalue()


def report_png(data: ReportData, figures: dict[str, list[Figure]], generated_on: str) -> bytes:
    """Return the report as one PNG: every block in one column on white, evenly spaced."""
    blocks, datasets = hoisted_datasets([block.spec for block in report_blocks(data, figures, generated_on)])
    spec = {
        "$schema": SCHEMA,
        "vconcat": blocks,
        "datasets": datasets,
        "spacing": 14,
        "padding": 28,
        "resolve": OWN_LEGENDS,
        "background": "white",
        "config": {"legend": {"orient": "bottom"}, "concat": {"spacing": 14}},
    }
    return vl_convert.vegalite_to_png(spec, vl_version=VEGA_LITE_VERSION, scale=1.5, allowed_base_urls=[])
