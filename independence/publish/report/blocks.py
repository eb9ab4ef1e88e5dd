"""The printable report as blocks: runs of text, the verdict table, charts — each one Vega-Lite document.

A block is what is placed on a page in one piece: a heading keeps the words (and first chart) after
it, a sign's card stays whole. The blocks are in reading order: page 1 at a glance, the cards, then
the details. `pdf` lays them on pages; the PNG stacks them.
"""

from __future__ import annotations

import copy
import textwrap
from dataclasses import dataclass, field

from independence.analysis.sentences import (
    FRAMING,
    apart_sentence,
    conflict_sentence,
)
from independence.publish.charts import VERDICT_COLOURS, hoisted_datasets
from independence.publish.report.changes import changes_since, report_digest
from independence.publish.report.content import (
    CALLED_WHEN,
    SOURCES,
    SignCard,
    coverage,
    feeling_lines,
    has_checkins,
    missing_data,
    missing_line,
    quiet_tags_line,
    shown_series,
    sign_cards,
    skipping_sentence,
    source_note,
    speaks_to,
    strongest_tags,
    tag_lines,
)
from independence.publish.report.data import ReportData
from independence.publish.report.figures import Figure, unpictured_patterns
from independence.publish.report.moments import HOW as MOMENTS_HOW
from independence.publish.report.moments import moment_views
from independence.publish.report.sign_figures import sign_figures

GAP = 8.0
CONTENT_WIDTH = 500  # every block is drawn this wide, so it fits both papers without scaling
SIGN_CHART_HEIGHT = 105
INK, MUTED = "#1d2330", "#5b6472"
# Stacked charts keep their own legends: shared ones would gather at the foot of the whole stack.
OWN_LEGENDS = {
    kind: {channel: "independent" for channel in ("color", "fill", "stroke", "shape", "opacity", "size")}
    for kind in ("scale", "legend")
}


@dataclass
class Block:
    """What is placed on a page in one piece: one or more parts stacked; `starts_page` forces a new page."""

    parts: list[dict]
    starts_page: bool = False

    @property
    def spec(self) -> dict:
        """Return the block as one Vega-Lite document body: its parts stacked, their rows hoisted to the top."""
        if len(self.parts) == 1:
            return self.parts[0]
        parts, datasets = hoisted_datasets(self.parts)
        return {"vconcat": parts, "datasets": datasets, "spacing": GAP, "resolve": OWN_LEGENDS}


@dataclass
class _Layout:
    """Blocks in reading order; `add(..., together=True)` puts a part in the block before it (a card, a heading)."""

    blocks: list[Block] = field(default_factory=list)

    def add(self, spec: dict, *, starts_page: bool = False, together: bool = False) -> None:
        if together and self.blocks:
            self.blocks[-1].parts.append(spec)
        else:
            self.blocks.append(Block([spec], starts_page))


def _wrapped(paragraph: str, size: float) -> list[str]:
    """Return one paragraph's lines, wrapped to CONTENT_WIDTH for a font size."""
    return textwrap.wrap(paragraph, int(CONTENT_WIDTH / (size * 0.46))) or ["-"]


def text_block(paragraphs: list[str], size: float = 10.5, weight: str = "normal", colour: str = INK) -> dict:
    """Return a Vega-Lite chart of wrapped paragraphs, CONTENT_WIDTH wide, half a line between paragraphs.

    Each paragraph is its own text mark placed below the one before: Vega drops blank lines inside one.
    """
    line_height = round(size * 1.38, 1)
    marks, top = [], 0.0
    for paragraph in paragraphs or [""]:
        lines = _wrapped(paragraph, size) if paragraph else [" "]
        marks.append(
            {
                "mark": {
                    "type": "text",
                    "text": lines,
                    "align": "left",
                    "baseline": "top",
                    "x": 0,
                    "y": top,
                    "fontSize": size,
                    "fontWeight": weight,
                    "lineHeight": line_height,
                    "color": colour,
                }
            }
        )
        top += line_height * (len(lines) + 0.5)
    return {
        "data": {"values": [{}]},
        "layer": marks,
        "width": CONTENT_WIDTH,
        "height": round(top - line_height * 0.5),
        "view": {"stroke": None},
    }


def verdict_table(cards: list[SignCard], series: list[str]) -> dict:
    """Return the at-a-glance table as a chart: one row per sign, one coloured verdict per series."""
    row_height, first_column = 22, 190
    column_width = (CONTENT_WIDTH - first_column) / len(series)
    cells = [
        {"x": first_column + column * column_width, "y": 0, "text": SOURCES[name], "colour": MUTED, "bold": False}
        for column, name in enumerate(series)
    ]
    for row, card in enumerate(cards, start=1):
        cells.append({"x": 0, "y": row * row_height, "text": card.title, "colour": INK, "bold": True})
        for column, line in enumerate(card.lines):
            cells.append(
                {
                    "x": first_column + column * column_width,
                    "y": row * row_height,
                    "text": f"{line.arrow}  {line.words}",
                    "colour": VERDICT_COLOURS[line.verdict],
                    "bold": line.verdict != "insufficient_data",
                }
            )
    height = row_height * (len(cards) + 1)

    def layer(bold: bool) -> dict:
        return {
            "transform": [{"filter": f"datum.bold == {str(bold).lower()}"}],
            "mark": {
                "type": "text",
                "align": "left",
                "baseline": "top",
                "fontSize": 11,
                "fontWeight": "bold" if bold else "normal",
            },
            "encoding": {
                "x": {"field": "x", "type": "quantitative", "scale": {"domain": [0, CONTENT_WIDTH]}, "axis": None},
                "y": {
                    "field": "y",
                    "type": "quantitative",
                    "scale": {"domain": [0, height], "reverse": False, "range": [0, height]},
                    "axis": None,
                },
                "text": {"field": "text"},
                "color": {"field": "colour", "type": "nominal", "scale": None},
            },
        }

    return {
        "data": {"values": cells},
        "layer": [layer(True), layer(False)],
        "width": CONTENT_WIDTH,
        "height": height,
        "view": {"stroke": None},
    }


def fixed_width(spec: dict, width: float = CONTENT_WIDTH) -> dict:
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


def chart_block(figures: list[Figure], height: int | None = None) -> dict:
    """Return one chart, or several side by side, as one block titled by their figures; `height` overrides theirs.

    Side by side, each plot gets an equal share of the width left after its axis labels.
    """
    width = CONTENT_WIDTH if len(figures) == 1 else (CONTENT_WIDTH - 30 - 100 * len(figures) // 2) / len(figures)
    specs = []
    for figure in figures:
        spec = fixed_width(figure.spec, width)
        spec["title"] = {"text": figure.title, "anchor": "start", "fontSize": 11, "color": INK}
        if height is not None:
            spec["height"] = height
        specs.append(spec)
    charts, datasets = hoisted_datasets(specs)
    if len(charts) == 1:
        return {**charts[0], "datasets": datasets}
    return {"hconcat": charts, "datasets": datasets, "spacing": 30, "resolve": OWN_LEGENDS}


def _heading(layout: _Layout, title: str, *, starts_page: bool = False) -> None:
    """Add a section heading, which starts a block: what is added `together` after it stays with it."""
    layout.add(text_block([title], 15, "bold"), starts_page=starts_page)


def _front_page(layout: _Layout, data: ReportData, generated_on: str) -> None:
    """Add page 1: the title, whose report, and the at-a-glance block."""
    facts = coverage(data)
    cards = sign_cards(data)
    series = shown_series(data)
    window = f"{facts.window_span}, {facts.window_moods}" if facts.window_label else "no entries yet"
    layout.add(text_block(["Your independence report"], 20, "bold"))
    layout.add(
        text_block(
            [
                f"For {data.user}: {window}. Generated {generated_on}; private, it stays on your device unless you "
                "share it.",
                *([facts.windows_note] if facts.windows_note else []),
            ],
            10,
            colour=MUTED,
        )
    )
    speaks = speaks_to(data)
    _heading(layout, "At a glance")
    how = f" ({speaks.how})" if speaks.how else ""
    layout.add(text_block([f"{speaks.line} {speaks.hint}{how}".strip()], 10.5, "bold"), together=True)
    examples = ["Some of your tags may say more: " + " ".join(speaks.examples)] if speaks.examples else []
    if examples or speaks.tagging:
        layout.add(text_block([*examples, *([speaks.tagging] if speaks.tagging else [])], 9.5), together=True)
    layout.add(verdict_table(cards, series), together=True)
    tags = strongest_tags(data) or [quiet_tags_line(data)]
    layout.add(text_block(["What went with your mood"], 11.5, "bold"))
    layout.add(text_block([*tags, "Associations, not causes."]))
    previous = f" ({data.previous.iso_week})" if data.previous else ""
    layout.add(text_block([f"Since your last report{previous}"], 11.5, "bold"))
    layout.add(text_block(changes_since(data.previous, report_digest(data), data.remade)))
    notes = []
    if waiting := missing_line(data):
        notes.append(f"{waiting}: see “What would help”.")
    if note := source_note(data):
        notes.append(note)
    if skipped := skipping_sentence(data):
        notes.append(skipped)
    layout.add(text_block([*notes, FRAMING], 9.5, colour=MUTED))


def _sign_pages(layout: _Layout, data: ReportData) -> None:
    """Add the six sign cards (each kept on one page) and, once, what would help."""
    by_sign = sign_figures(data)
    _heading(layout, "The six signs", starts_page=True)
    layout.add(
        text_block(
            [
                "↑ improving · ↓ declining · → no clear change (the most common honest answer) · … not enough data "
                "yet · – not in your data (nothing you logged speaks to it). A line through the points is drawn only "
                "when a change was called."
            ],
            9.5,
            colour=MUTED,
        ),
        together=True,
    )
    for card in sign_cards(data):
        verdicts = " · ".join(f"{SOURCES[line.series]}: {line.arrow} {line.words}" for line in card.lines)
        layout.add(text_block([card.title], 13, "bold"))
        layout.add(text_block([verdicts, card.headline]), together=True)
        if by_sign[card.key]:
            layout.add(chart_block(by_sign[card.key], height=SIGN_CHART_HEIGHT), together=True)
        details = [card.meaning, *(line.sentence for line in card.detailed_lines), card.threshold]
        layout.add(text_block(details, 8.5, colour=MUTED), together=True)
    missing, speaks = missing_data(data), speaks_to(data)
    if missing or speaks.silent or not has_checkins(data):
        _heading(layout, "What would help")
        lines = []
        if speaks.silent:
            lines.append(f"{speaks.silent_line} {speaks.hint}")
            lines += [f"{item.title}: {item.what_helps}." for item in speaks.silent]
            lines += [speaks.unattributed] if speaks.unattributed else []
        lines += [
            f"{item.title} ({item.source.lower()}): {item.what_helps} — has {item.has}."
            + (f" {item.pace}" if item.pace else "")
            for item in missing
        ]
        if not has_checkins(data):
            lines.append(
                "No check-in ratings were imported: a short weekly self-rating of each sign (the check-in template, "
                "data/samples/checkin_template.csv) would add your own view beside what your entries show."
            )
        layout.add(text_block(lines), together=True)


def _moments(layout: _Layout, data: ReportData) -> None:
    """Add the moments the person marked: each in a sentence, then every sign's before, after and difference."""
    views = moment_views(data)
    if not views:
        return
    _heading(layout, "Before and after your moments")
    for view in views:
        lines = [f"{view.day} · {view.words}: {view.headline}", *([view.note] if view.note else [])]
        lines += [
            f"{row.sign} ({row.source}): before {row.before}, after {row.after}"
            + (
                f"; difference {row.difference} ({row.interval}), {row.reads}."
                if row.difference != "–"
                else f"; {row.reads}."
            )
            for row in view.rows
        ]
        layout.add(text_block(lines, 9.5), together=True)
    layout.add(text_block([MOMENTS_HOW], 9, colour=MUTED), together=True)


def _section(layout: _Layout, title: str, paragraphs: list[str], figures: list[Figure]) -> None:
    """Add a section: its heading with its words and first chart, then each further chart with its caption."""
    _heading(layout, title)
    if paragraphs:
        layout.add(text_block(paragraphs), together=True)
    for number, figure in enumerate(figures):
        layout.add(chart_block([figure]), together=number == 0)
        layout.add(text_block([figure.summary], 9, colour=MUTED), together=True)


def report_blocks(data: ReportData, figures: dict[str, list[Figure]], generated_on: str) -> list[Block]:
    """Return the report's blocks in reading order: page 1 at a glance, then the cards, then the details."""
    judgement = data.judgement
    layout = _Layout()
    _front_page(layout, data, generated_on)
    _sign_pages(layout, data)
    _moments(layout, data)
    _section(layout, "Patterns in your mood", unpictured_patterns(data) if data.history else [], figures["patterns"])
    _section(
        layout,
        "Mood over time",
        ["Grey dots are logged days; the line is each week's mean with its 95% interval."],
        figures["mood"],
    )
    _section(layout, "Time apart and together", [apart_sentence(judgement.apart)], figures["apart"])
    calm = judgement.signs["conflict_calmness"]["observed"]
    _section(layout, "Conflicts", [conflict_sentence(judgement.conflicts, calm)], figures["conflicts"])
    _section(
        layout,
        "What goes with better and worse days",
        [*tag_lines(data), *feeling_lines(data)],
        figures["tags"],
    )
    if data.excerpts is not None:
        excerpts = [f"{e['side']} · {e['day']} · mood {e['mood']:.1f}: {e['excerpt']}" for e in data.excerpts]
        _section(layout, "Your words on your best and hardest days", excerpts or ["No notes written."], [])
    facts = coverage(data)
    imports = [
        f"{row['source_format']}: {row['file_name']}, {row['rows_read']} rows read, {row['rows_rejected']} rejected, "
        f"{row['entries_current']} entries in use"
        for row in facts.imports
    ]
    _section(
        layout,
        "What this report is based on",
        [
            f"Logged: {facts.logged}; in this window {facts.window_days_logged} of {facts.window_days} days have a "
            f"mood, with {facts.gaps} stretch{'' if facts.gaps == 1 else 'es'} of days without one. Days not logged "
            "are left empty, never filled "
            "in, and people often skip logging on hard days.",
            *imports,
            "What this is not: not a diagnosis or an assessment of you or your relationship. A pattern is not a "
            f"cause. {CALLED_WHEN}",
        ],
        [],
    )
    return layout.blocks
