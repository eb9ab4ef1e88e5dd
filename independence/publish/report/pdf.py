"""The report as a multi-page PDF and as one tall PNG, drawn by vl-convert (no browser needed).

Each page is one Vega-Lite document: text blocks (wrapped here, drawn as real text, so the PDF can be
searched and read aloud) stacked with the same charts as the HTML report.
"""

from __future__ import annotations

import copy
import io
import textwrap

import pypdf
import vl_convert

from independence.analysis.sentences import FRAMING, apart_sentence, conflict_sentence, tag_sentences
from independence.analysis.trends import CONFIDENCE
from independence.publish.charts import hoisted_datasets
from independence.publish.report.bundle import VEGA_LITE_VERSION
from independence.publish.report.content import coverage, sign_cards
from independence.publish.report.data import ReportData
from independence.publish.report.figures import Figure

PAGE_WIDTH = 540
WRAP_CHARACTERS = 92
SCHEMA = f"https://vega.github.io/schema/vega-lite/v{VEGA_LITE_VERSION}.json"


def text_block(paragraphs: list[str], size: int = 11, weight: str = "normal") -> dict:
    """Return a Vega-Lite text chart of wrapped paragraphs (a blank line between them), PAGE_WIDTH wide."""
    width = int(WRAP_CHARACTERS * 11 / size)
    lines: list[str] = []
    for paragraph in paragraphs:
        lines += [*(textwrap.wrap(paragraph, width) or [""]), ""]
    lines = lines[:-1] or [""]
    line_height = round(size * 1.35)
    return {
        "data": {"values": [{}]},
        "mark": {
            "type": "text",
            "text": lines,
            "align": "left",
            "baseline": "top",
            "x": 0,
            "y": 0,
            "fontSize": size,
            "fontWeight": weight,
            "lineHeight": line_height,
        },
        "width": PAGE_WIDTH,
        "height": line_height * len(lines),
    }


def fixed_width(spec: dict, width: int = PAGE_WIDTH) -> dict:
    """Return a chart spec for a page: no $schema or config of its own, 'container' widths made fixed."""

    def fixed(node: object) -> object:
        if isinstance(node, dict):
            return {
                key: width if key == "width" and value == "container" else fixed(value) for key, value in node.items()
            }
        if isinstance(node, list):
            return [fixed(item) for item in node]
        return node

    return {key: value for key, value in fixed(copy.deepcopy(spec)).items() if key not in ("$schema", "config")}


def page(title: str, paragraphs: list[str], figures: list[Figure]) -> dict:
    """Return one page: a heading, its paragraphs and its charts, stacked."""
    blocks = [text_block([title], 17, "bold")]
    if paragraphs:
        blocks.append(text_block(paragraphs))
    charts, datasets = hoisted_datasets([fixed_width(figure.spec) for figure in figures])
    blocks += charts
    return {
        "$schema": SCHEMA,
        "vconcat": blocks,
        "datasets": datasets,
        "spacing": 18,
        "padding": 36,
        "config": {"legend": {"orient": "bottom"}},
    }


def _sign_lines(data: ReportData, has_checkins: bool) -> list[str]:
    """Return one line per sign and series: verdict words, latest value and what it rests on."""
    lines = []
    for card in sign_cards(data):
        for line in (card.observed, card.self_rated) if has_checkins else (card.observed,):
            lines.append(f"{card.title} ({line.label}): {line.words}. Latest week {line.latest}; {line.basis}.")
    return lines


def report_pages(data: ReportData, figures: dict[str, list[Figure]], generated_on: str) -> list[dict]:
    """Return the report's pages as Vega-Lite specs, in reading order."""
    judgement = data.judgement
    facts = coverage(data)
    has_checkins = any(by["self_rated"].weeks for by in judgement.signs.values())
    window = f"the calendar weeks {facts.window_label}" if facts.window_label else "no entries yet"
    pages = [
        page(
            "Your independence report",
            [
                f"For {data.user}, covering {window}; generated {generated_on}. Private: it stays on your device "
                "unless you share it.",
                "Arrows: improving, declining, no clear change, or not enough data yet. A change is called only when "
                f"the {CONFIDENCE:.0%} interval of a trend that allows for week-to-week carry-over excludes no change "
                "and the change reaches a minimum size. Days "
                "you did not log are left empty, and people often skip logging on hard days.",
                *_sign_lines(data, has_checkins),
            ],
            [],
        ),
        page(
            "Mood over time",
            ["Grey dots are logged days; the line is each week's mean with its 95% interval."],
            figures["mood"],
        ),
        page("Time apart and together", [apart_sentence(judgement.apart)], figures["apart"]),
        page(
            "Conflicts",
            [conflict_sentence(judgement.conflicts, judgement.signs["conflict_calmness"]["observed"])],
            figures["conflicts"],
        ),
        page("What goes with good days", tag_sentences(judgement.tested), figures["tags"]),
        page("The signs week by week", [figure.summary for figure in figures["signs"]], figures["signs"]),
    ]
    if data.excerpts is not None:
        excerpts = [f"{e['side']} · {e['day']} · mood {e['mood']:.1f}: {e['excerpt']}" for e in data.excerpts]
        pages.append(page("Your words on your best and hardest days", excerpts or ["No notes written."], []))
    imports = [
        f"{row['source_format']}: {row['file_name']}, {row['rows_read']} rows read, {row['rows_rejected']} rejected, "
        f"{row['entries_current']} entries in use"
        for row in facts.imports
    ]
    pages.append(
        page(
            "What this report is based on",
            [
                f"{facts.entries} entries on {facts.days_logged} days; in this window {facts.window_days_logged} of "
                f"{facts.window_days} days have a mood, with {facts.gaps} stretch(es) of days without one.",
                *imports,
                "What this is not: not a diagnosis or an assessment of you or your relationship. A pattern is not "
                "a cause. " + FRAMING,
            ],
            [],
        )
    )
    return pages


def report_pdf(data: ReportData, figures: dict[str, list[Figure]], generated_on: str) -> bytes:
    """Return the report as a PDF with one page per section."""
    writer = pypdf.PdfWriter()
    for spec in report_pages(data, figures, generated_on):
        pdf = vl_convert.vegalite_to_pdf(spec, vl_version=VEGA_LITE_VERSION, allowed_base_urls=[])
        writer.append(pypdf.PdfReader(io.BytesIO(pdf)))
    writer.add_metadata({"/Title": "Independence report", "/Producer": "independence insights"})
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def report_png(data: ReportData, figures: dict[str, list[Figure]], generated_on: str) -> bytes:
    """Return the report as one tall PNG image, the pages stacked."""
    pages, datasets = hoisted_datasets(report_pages(data, figures, generated_on))
    spec = {
        "$schema": SCHEMA,
        "vconcat": [{k: v for k, v in p.items() if k not in ("$schema", "config")} for p in pages],
        "datasets": datasets,
        "spacing": 40,
        "background": "white",
        "config": {"legend": {"orient": "bottom"}},
    }
    return vl_convert.vegalite_to_png(spec, vl_version=VEGA_LITE_VERSION, scale=1.5, allowed_base_urls=[])
