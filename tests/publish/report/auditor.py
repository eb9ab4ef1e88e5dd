"""The page auditor: what a report says in one place agrees with what it says everywhere else, and with its JSON.

`page_problems(html, insights)` reads a report's HTML (its visible text, the numbers behind each chart, each
chart's spec and rows) and the person's insight JSON, and returns every disagreement found, in words. It is
plain functions over the page a person receives; tests run it over real and simulated people.
"""

from __future__ import annotations

import datetime as dt
import html as html_lib
import json
import re
from dataclasses import dataclass
from html.parser import HTMLParser

from independence.signs import SIGNS

SOURCES = {"observed": "Your entries", "self_rated": "Your check-ins"}
CALLED = ("improving", "declining")
# The words a person reads for each verdict, in the card's sentence about that series.
SENTENCE_WORDS = {
    "improving": ("is improving",),
    "declining": ("is declining",),
    "steady": ("no clear change", "the same value", "too small to count"),
    "insufficient_data": ("Not enough data for a trend yet",),
    "no_inputs": ("Nothing in your data speaks to this",),
}
# Counts whose noun must agree with them: '1 entries', '2 episode' are both wrong.
PLURAL_NOUNS = (
    "entries|episodes|check-ins|days|weeks|notes|tags|moments|stretches|decisions|responses|imports|day-parts|values"
)
WORDING = {
    rf"(?<![\d.,−+-])1 ({PLURAL_NOUNS})\b": "a plural noun after 1",
    r"\w\(s\)|\(es\)": "a plural left to the reader, e.g. 'week(s)'",
    r"−0(\.0+)?(?![\d.])": "a negative zero",
    r"For me:": "a leftover label",
    r"\b1 of \d+ \w+ (need|have|are)\b": "a plural verb after 1 of …",
    r"\bnan\b|\bNone\b|\binf\b": "a missing number shown as text",
    r"fell a median −|dropped a median −|rose a median −": "a signed number that contradicts its verb",
}
MOOD_TABLES = ("figure-weekday", "figure-part_of_day", "figure-mood_timeline")


class _Text(HTMLParser):
    """Collect the text a person sees: scripts and styles dropped, blocks on lines of their own."""

    BLOCKS = {"p", "li", "tr", "h1", "h2", "h3", "dt", "dd", "figcaption", "summary", "div", "table", "td", "th"}

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.hidden += tag in ("script", "style")
        if tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        self.hidden -= tag in ("script", "style")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def visible_text(page: str) -> str:
    """Return the text a person reads on the page, a block a line, spaces collapsed."""
    parser = _Text()
    parser.feed(page)
    return "\n".join(" ".join(line.split()) for line in "".join(parser.parts).split("\n") if line.strip())


def text_of(fragment: str) -> str:
    """Return the text of an HTML fragment: tags dropped, entities read, spaces collapsed."""
    return " ".join(html_lib.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


@dataclass(frozen=True)
class Page:
    """A report as the auditor reads it."""

    html: str
    text: str
    specs: dict[str, dict]  # chart element id -> Vega-Lite spec
    datasets: dict[str, list[dict]]  # named rows the specs draw
    tables: dict[str, list[list[str]]]  # figure element id -> rows of "Numbers behind this chart"
    captions: dict[str, str]  # figure element id -> its caption

    def chart_rows(self, chart: str) -> dict[str, list[dict]]:
        """Return the rows each dataset of a chart draws, by dataset name."""
        names = set(re.findall(r'"data": \{"name": "([^"]+)"\}', json.dumps(self.specs.get(chart, {}))))
        return {name: self.datasets.get(name, []) for name in sorted(names)}


def read_page(page: str) -> Page:
    """Return the parts of a report's HTML the auditor compares."""
    specs = {
        target: json.loads(html_lib.unescape(body) if "&quot;" in body else body)
        for target, body in re.findall(
            r'<script type="application/json" class="vega-spec" data-target="([^"]+)">(.*?)</script>', page, re.S
        )
    }
    found = re.search(r'<script type="application/json" id="report-datasets">(.*?)</script>', page, re.S)
    datasets = json.loads(found.group(1)) if found else {}
    tables, captions = {}, {}
    for figure, body in re.findall(r'<figure class="chart-figure" id="([^"]+)">(.*?)</figure>', page, re.S):
        captions[figure] = text_of(re.search(r"<figcaption>(.*?)</figcaption>", body, re.S).group(1))
        tbody = re.search(r"<tbody>(.*?)</tbody>", body, re.S)
        tables[figure] = (
            [
                [text_of(cell) for cell in re.findall(r"<td>(.*?)</td>", row, re.S)]
                for row in re.findall(r"<tr>(.*?)</tr>", tbody.group(1), re.S)
            ]
            if tbody
            else []
        )
    return Page(page, visible_text(page), specs, datasets, tables, captions)


def shown_verdict(trend: dict) -> str:
    """Return the verdict a person reads for a trend of the JSON."""
    return "no_inputs" if trend["no_verdict"] == "no_inputs" else trend["verdict"]


def _shown_series(page: Page) -> list[str]:
    """Return the series the glance table shows, in its column order."""
    head = re.search(r'<table class="glance">\s*<thead>(.*?)</thead>', page.html, re.S).group(1)
    names = [text_of(cell) for cell in re.findall(r"<th[^>]*>(.*?)</th>", head, re.S)][1:]
    by_name = {name: series for series, name in SOURCES.items()}
    return [by_name[name] for name in names]


def _card(page: Page, key: str) -> str:
    """Return one sign card's HTML."""
    return re.search(rf'<article class="card[^"]*" id="card-{key}">(.*?)</article>', page.html, re.S).group(1)


def verdict_problems(page: Page, insights: dict) -> list[str]:
    """Return where one series' verdict reads differently in the glance table, its card, its sentence or the JSON."""
    problems = []
    series_shown = _shown_series(page)
    glance = re.search(r'<table class="glance">(.*?)</table>', page.html, re.S).group(1)
    for key, by_series in insights["signs"].items():
        row = re.search(rf'href="#card-{key}">.*?</tr>', glance, re.S).group(0)
        glance_chips = re.findall(r'class="chip verdict-([a-z_]+)"', row)
        card = _card(page, key)
        card_chips = re.findall(
            r'class="chip verdict-([a-z_]+)"', re.search(r'<p class="chips">(.*?)</p>', card, re.S)[1]
        )
        for column, series in enumerate(series_shown):
            expected = shown_verdict(by_series[series])
            where = f"{key} {series}"
            if glance_chips[column] != expected:
                problems.append(f"{where}: the glance table says {glance_chips[column]}, the JSON {expected}")
            if card_chips[column] != expected:
                problems.append(f"{where}: the card says {card_chips[column]}, the JSON {expected}")
            sentence = re.search(rf"<strong>{SOURCES[series]}:</strong>(.*?)</p>", card, re.S)
            if all(shown_verdict(by_series[shown]) == "no_inputs" for shown in series_shown):  # the headline says it
                if sentence:
                    problems.append(f"{where}: nothing speaks to the sign, and its card says so twice")
                sentence = re.search(r'<p class="headline">(.*?)</p>', card, re.S)
            words = text_of(sentence.group(1)) if sentence else ""
            if not any(phrase in words for phrase in SENTENCE_WORDS[expected]):
                problems.append(f"{where}: the card's sentence does not say {expected}: {words[:160]!r}")
            for other in CALLED:
                if other != expected and f"is {other}" in words:
                    problems.append(f"{where}: the card's sentence says {other}, the verdict is {expected}")
    return problems


def _leading_int(cell: str) -> int | None:
    """Return the whole number a cell starts with, or None."""
    found = re.match(r"(\d[\d,]*)", cell)
    return int(found.group(1).replace(",", "")) if found else None


def count_problems(page: Page, insights: dict) -> list[str]:
    """Return where a series' n differs between its card sentence, its chart's table and the JSON."""
    problems = []
    for key, by_series in insights["signs"].items():
        card = _card(page, key)
        for series in _shown_series(page):
            trend = by_series[series]
            if shown_verdict(trend) == "no_inputs":
                continue
            where = f"{key} {series}"
            sentence = text_of(re.search(rf"<strong>{SOURCES[series]}:</strong>(.*?)</p>", card, re.S).group(1))
            said = re.search(r"\bn = (\d[\d,]*) ", sentence)
            if said and int(said.group(1).replace(",", "")) != trend["evidence"]:
                problems.append(f"{where}: the sentence says n = {said.group(1)}, the JSON {trend['evidence']}")
            rows = page.tables.get(f"figure-sign_{key}_{series}")
            if rows is None:
                continue
            problems += _latest_problems(where, sentence, rows[-1])
            counted = sum(_leading_int(row[2]) or 0 for row in rows)
            if counted != trend["evidence"]:
                problems.append(
                    f"{where}: the chart's table counts {counted}, the JSON and sentence {trend['evidence']}"
                )
            weeks = len({row[0] for row in rows}) if key != "conflict_calmness" or series != "observed" else None
            if weeks is not None and weeks != trend["weeks"]:
                problems.append(f"{where}: the chart's table has {weeks} weeks, the JSON {trend['weeks']}")
    return problems


def _latest_problems(where: str, sentence: str, last_row: list[str]) -> list[str]:
    """Return a card's latest value that is not the last row of its chart's table: another date or number."""
    said = re.search(r"Latest (?:week with a value \(the week of (\S+)\)|episode \((\S+)\)): ([^;]+);", sentence)
    if not said:
        return [f"{where}: the card gives no dated latest value beside its chart"]
    day, value = said.group(1) or said.group(2), _leading_number(said.group(3))
    if day != last_row[0] or value is None or abs(value[0] - _number(last_row[1])) > 0.5 * 10 ** -value[1] + 1e-9:
        return [f"{where}: the card's latest is {said.group(0)!r}, the chart's last row {last_row[:2]}"]
    return []


def line_problems(page: Page, insights: dict) -> list[str]:
    """Return charts that draw a trend line where no change was called, or none where one was."""
    problems = []
    for key, by_series in insights["signs"].items():
        for series, trend in by_series.items():
            chart = f"chart-sign_{key}_{series}"
            if chart not in page.specs:
                continue
            drawn = any(rows for name, rows in page.chart_rows(chart).items() if name.startswith("sign_line-"))
            if drawn != (trend["verdict"] in CALLED):
                problems.append(
                    f"{key} {series}: a line is {'drawn' if drawn else 'missing'}, the verdict is {trend['verdict']}"
                )
    if "chart-weekly_apart_gap" in page.specs:
        drawn = any(
            rows for name, rows in page.chart_rows("chart-weekly_apart_gap").items() if name.startswith("apart_trend")
        )
        verdict = insights["signs"]["time_apart_comfort"]["observed"]["verdict"]
        if drawn != (verdict in CALLED):
            problems.append(f"weekly gap: a line is {'drawn' if drawn else 'missing'}, the verdict is {verdict}")
    return problems


def _bounds(cell: str) -> tuple[float, float] | None:
    """Return the two numbers of an interval cell 'a to b', or None."""
    found = re.fullmatch(r"([−+-]?\d+\.\d+) to ([−+-]?\d+\.\d+)", cell)
    if not found:
        return None
    return tuple(float(value.replace("−", "-")) for value in found.groups())


def interval_problems(page: Page) -> list[str]:
    """Return intervals outside the range their quantity can take: moods 1-5, mood differences ±4."""
    problems = []
    for figure, rows in page.tables.items():
        header = re.search(rf'<figure class="chart-figure" id="{figure}">.*?<thead>(.*?)</thead>', page.html, re.S)
        if not header or "95% interval" not in header.group(1):
            continue
        column = [text_of(cell) for cell in re.findall(r"<th[^>]*>(.*?)</th>", header.group(1))].index("95% interval")
        low, high = (1.0, 5.0) if figure in MOOD_TABLES else (-4.0, 4.0)
        for row in rows:
            bounds = _bounds(row[column])
            if bounds and not (low <= bounds[0] <= bounds[1] <= high):
                problems.append(f"{figure}: the interval {row[column]} of {row[0]} leaves {low:g} to {high:g}")
    return problems


def _encodings(spec: object) -> list[tuple[str | None, dict]]:
    """Return every (dataset name, encoding) pair of a spec, each layer with the data it draws."""
    if isinstance(spec, list):
        return [pair for part in spec for pair in _encodings(part)]
    if not isinstance(spec, dict):
        return []
    found = [((spec.get("data") or {}).get("name"), spec["encoding"])] if "encoding" in spec else []
    for key in ("layer", "vconcat", "hconcat", "concat", "spec"):
        inner = _encodings(spec.get(key, []))
        found += [(name or (spec.get("data") or {}).get("name"), encoding) for name, encoding in inner]
    return found


def _plotted(page: Page, chart: str) -> list[float | None]:
    """Return the quantities a chart plots (each layer's quantitative x or y field in its rows), None where missing."""
    values = []
    for name, encoding in _encodings(page.specs[chart]):
        for channel in ("x", "y"):
            field = (encoding.get(channel) or {}).get("field")
            if field and encoding[channel].get("type") == "quantitative" and name:
                values += [row.get(field) for row in page.datasets.get(name, [])]
    return values


def chart_problems(page: Page) -> list[str]:
    """Return charts that draw nothing: no rows, or every plotted value missing or zero (three or more)."""
    problems = []
    for chart in page.specs:
        if chart.startswith("chart-year_in_pixels"):
            continue
        rows = sum(len(found) for found in page.chart_rows(chart).values())
        values = _plotted(page, chart)
        if not rows:
            problems.append(f"{chart}: a chart of no rows")
        elif len(values) >= 3 and not any(isinstance(value, (int, float)) and value for value in values):
            problems.append(f"{chart}: every one of its {len(values)} values is missing or zero")
    return problems


def wording_problems(page: Page) -> list[str]:
    """Return words that contradict their numbers or read wrong: plurals, negative zeros, leftovers."""
    problems = []
    for pattern, what in WORDING.items():
        for found in re.finditer(pattern, page.text):
            line = page.text[page.text.rfind("\n", 0, found.start()) + 1 : page.text.find("\n", found.end())]
            problems.append(f"{what}: {line[:160]!r}")
    return problems


PATTERN_FIGURES = ("figure-weekday", "figure-part_of_day")


def _spoken_row(rows: list[list[str]], spoken: str) -> list[str] | None:
    """Return the table row of a group as a sentence names it ('Saturdays' is the row 'Saturday')."""
    return next((row for row in rows if f"{row[0]}s" == spoken), None)


def pattern_problems(page: Page) -> list[str]:
    """Return a weekday or time-of-day sentence whose means or counts are not its table's: a group's mean, the
    days the comparison rests on (the groups with an interval), and the groups too few to compare."""
    problems = []
    for figure in PATTERN_FIGURES:
        caption, rows = page.captions.get(figure), page.tables.get(figure, [])
        if caption is None:
            continue
        compared, few = [row for row in rows if row[2] != "–"], [row for row in rows if row[2] == "–"]
        named = re.findall(r"(\d\.\d) \((\w+)\)", caption) + [
            (mean, spoken) for spoken, mean in re.findall(r"on (\w+) \((\d\.\d);", caption)
        ]
        alike = re.search(r"average about (\d\.\d)", caption)
        named += [(alike.group(1), f"{row[0]}s") for row in compared] if alike else []
        for mean, spoken in named:
            row = _spoken_row(rows, spoken)
            if row is None or abs(float(row[1]) - float(mean)) > 0.051:
                problems.append(f"{figure}: the sentence gives {spoken} {mean}, its table {row and row[1]}")
        over = re.search(r" over (\d+) (?:days|day-parts)", caption)
        if over and int(over.group(1)) != sum(int(row[3]) for row in compared):
            problems.append(f"{figure}: the sentence rests on {over.group(1)}, its compared rows on another count")
        too_few = re.search(r"too few [\w-]+ to compare \(([^;]+);", caption)
        counts = [int(count) for count in re.findall(r"\d+", too_few.group(1))] if too_few else []
        if counts != [int(row[3]) for row in few]:
            problems.append(f"{figure}: groups too few to compare {counts}, its table {[row[0] for row in few]}")
    return problems


def _median(values: list[float]) -> float:
    """Return the median of a non-empty list."""
    ordered, middle = sorted(values), len(values) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def _said(problems: list[str], figure: str, said: object, shown: object) -> None:
    """Add a problem when what a figure's caption says is not what its table shows."""
    if said != shown:
        problems.append(f"{figure}: the caption says {said}, its table {shown}")


def caption_problems(page: Page) -> list[str]:
    """Return a chart caption whose counts, means or extremes are not those of the numbers behind the chart."""
    problems, captions, tables = [], page.captions, page.tables
    if said := re.match(r"(\d+) of (\d+) days since", captions.get("figure-year_in_pixels", "")):
        rows = tables["figure-year_in_pixels"]
        shown = [sum(int(row[1].split(" of ")[part]) for row in rows) for part in (0, 1)]
        _said(problems, "figure-year_in_pixels", [int(n) for n in said.groups()], shown)
    timeline = r"(\d+) of (\d+) weeks? (?:has|have) a mood; the weekly mean ranged from (\S+) to (\S+) on"
    if said := re.match(timeline, captions.get("figure-mood_timeline", "")):
        rows = tables["figure-mood_timeline"]
        means = [_number(row[2]) for row in rows if row[2] != "–"]
        extremes = [f"{min(means):.2f}", f"{max(means):.2f}"] if means else ["–", "–"]
        _said(problems, "figure-mood_timeline", list(said.groups()), [str(len(means)), str(len(rows)), *extremes])
    if "figure-apart_together_moods" in captions:
        caption, rows = captions["figure-apart_together_moods"], tables["figure-apart_together_moods"]
        placed = "between two whole points at the nearest one" in caption  # whole-point levels hold finer moods
        for side in ("apart", "together"):
            counts = [(int(row[1]), int(row[2])) for row in rows if row[0] == side]
            entries = sum(count for _, count in counts)
            mean = sum(mood * count for mood, count in counts) / entries if entries else None
            said = re.search(rf"\b{side} (\S+) \(n = (\d+) entr", caption)
            if said and mean is not None and placed and abs(_number(said.group(1)) - mean) <= 0.5:
                mean = _number(said.group(1))  # a finer mood moves the mean by up to half a point
            shown = [f"{mean:.2f}", str(entries)] if entries else None
            _said(problems, f"figure-apart_together_moods {side}", list(said.groups()) if said else None, shown)
    if said := re.match(r"(\d+) weeks? had entries both", captions.get("figure-weekly_apart_gap", "")):
        _said(problems, "figure-weekly_apart_gap", int(said.group(1)), len(tables["figure-weekly_apart_gap"]))
    if said := re.match(r"(\d+) episodes?; median drop (\S+) ", captions.get("figure-conflict_drops", "")):
        rows = tables["figure-conflict_drops"]
        drop = _median([_number(row[1]) for row in rows])
        if int(said.group(1)) != len(rows) or abs(_number(said.group(2)) - drop) > 0.006:
            problems.append(
                f"figure-conflict_drops: the caption says {said.group(0)!r}, its table {len(rows)} and {drop}"
            )
        hours = _median([min(_number(row[2]), 168.0) for row in rows])
        recovery = re.match(r"Median recovery (\S+) hours", captions.get("figure-conflict_recovery", ""))
        if recovery and abs(float(recovery.group(1)) - hours) > 0.51:
            problems.append(f"figure-conflict_recovery: the caption says {recovery.group(1)} hours, the table {hours}")
    if "figure-conflict_responses" in captions:
        caption, rows = captions["figure-conflict_responses"], tables["figure-conflict_responses"]
        said = {name: int(n) for n, name in re.findall(r"(\d+) ([a-z ]+?)(?:,|\.$)", caption)}
        _said(problems, "figure-conflict_responses", said, {row[0]: int(row[1]) for row in rows})
    if said := re.match(r"(\d+) of \d+ tags? tested passed", captions.get("figure-tag_effects", "")):
        _said(problems, "figure-tag_effects", int(said.group(1)), len(tables["figure-tag_effects"]))
    return problems


def glance_problems(page: Page, insights: dict) -> list[str]:
    """Return an at-a-glance count of the signs the export speaks to that is not its chips' or the JSON's, and a
    tag said to go with the mood whose numbers are not the tag table's."""
    problems = []
    glance = re.search(r'<section id="at-a-glance".*?</section>', page.html, re.S)
    glance = glance.group(0) if glance else ""
    chips = dict(re.findall(r'<a href="#card-([a-z_]+)">.*?</th>(.*?)</tr>', glance, re.S))
    spoken = sorted(key for key, cells in chips.items() if re.search(r"chip verdict-(?!no_inputs)", cells))
    said = re.search(
        r'id="speaks-to"><strong>Your exports? speaks? to (none|all|\d+)(?: of the)? six signs(?: \(([^)]*)\))?', glance
    )
    if chips and said:
        count = int(said.group(1)) if said.group(1).isdigit() else {"none": 0, "all": len(SIGNS)}[said.group(1)]
        named = sorted(key for key, title in SIGN_TITLES.items() if said.group(2) and title in said.group(2))
        expected = sorted(insights["speaks_to"]["signs"])
        if count != len(spoken) or count != len(expected) or (said.group(2) and named != expected):
            words = said.group(0).split("<strong>")[1]
            problems.append(f"at a glance {words!r}; chips of {spoken}, the JSON {expected}")
    table = {row[0]: row for row in page.tables.get("figure-tag_effects", [])}
    for tag, word, difference, low, high in re.findall(
        r"Days with ‘(.+?)’ went with (higher|lower) mood: (\S+) points \(95% interval (\S+) to (\S+)\)",
        text_of(glance),
    ):
        row = table.get(tag)
        if (
            row is None
            or [row[1], row[2]] != [difference, f"{low} to {high}"]
            or (word == "higher") != (difference[0] == "+")
        ):
            problems.append(f"at a glance ‘{tag}’ {word} {difference} ({low} to {high}); the tag table {row}")
    return problems


def coverage_problems(page: Page, insights: dict) -> list[str]:
    """Return what "What this report is based on" says that is not the JSON's coverage or the page's first line:
    moments, days, other entries, first and last day, the window's days with a mood, the imports listed."""
    problems, coverage = [], insights["coverage"]
    section = re.search(r'<section id="coverage".*?</section>', page.html, re.S)
    if not section:
        return ["no section saying what the report is based on"]
    facts = {
        text_of(term): text_of(said) for term, said in re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", section.group(0))
    }
    logged = re.match(
        r"(\d+) moments? with a mood on (\d+) days?,(?: and (\d+) other entr(?:y|ies) \([^)]*\),)? (\S+) to (\S+)$",
        facts.get("Logged", ""),
    )
    shown = (
        [int(n) for n in logged.groups()[:2]] + [int(logged.group(3) or 0), *logged.groups()[3:]] if logged else None
    )
    expected = [coverage[key] for key in ("entries", "days_logged", "other_entries", "first_day", "last_day")]
    if shown != expected:
        problems.append(f"based on: logged {facts.get('Logged')!r}, the JSON {expected}")
    lede = re.search(r'<p class="lede">(.*?)</p>', page.html, re.S)
    first_line = re.search(r"\d+ of \d+ days with a mood", text_of(lede.group(1))) if lede else None
    window = facts.get("This window", "")
    if first_line and window != first_line.group(0):
        problems.append(f"based on: this window {window!r}, the first line {first_line.group(0)!r}")
    imports = re.search(r"<summary>Imports \((\d+)\)</summary>(.*?)</table>", section.group(0), re.S)
    listed = len(re.findall(r"<tr><td>", imports.group(2))) if imports else 0
    if not imports or int(imports.group(1)) != listed or listed != coverage["imports"]:
        problems.append(
            f"based on: imports {imports and imports.group(1)}, {listed} listed, the JSON {coverage['imports']}"
        )
    return problems


def window_problems(page: Page, insights: dict) -> list[str]:
    """Return a window that reads as empty beside moods logged, or parts that describe no data."""
    problems = []
    coverage = insights["coverage"]
    lede = re.search(r'<p class="lede">(.*?)</p>', page.html, re.S)
    said = re.search(r"(\d+) of (\d+) days with a mood", text_of(lede.group(1))) if lede else None
    if said and said.group(1) == "0" and coverage.get("days_logged"):
        problems.append(f"the window shows 0 days with a mood, {coverage['days_logged']} days have one")
    span = re.search(r"the weeks? (\d{4}-\d\d-\d\d) to (\d{4}-\d\d-\d\d)", text_of(lede.group(1))) if lede else None
    if span and coverage.get("first_day"):
        start, end = (dt.date.fromisoformat(day) for day in span.groups())
        began = dt.date.fromisoformat(coverage["first_day"])
        if start < began - dt.timedelta(days=began.weekday()):
            problems.append(f"the window is read from {start}, weeks before the person began ({began})")
        if said and int(said.group(2)) != (end - start).days + 1:
            problems.append(f"the window counts {said.group(2)} days, its weeks {start} to {end} hold more or fewer")
    counted = coverage.get("in_window")
    if said and counted and [int(n) for n in said.groups()] != [counted["days_with_mood"], counted["days"]]:
        problems.append(
            f"the first line reads {said.group(1)} of {said.group(2)} days with a mood, the JSON's window "
            f"{counted['days_with_mood']} of {counted['days']}"
        )
    if "No moods logged yet" in page.text and coverage.get("days_logged"):
        problems.append("'No moods logged yet' beside logged moods")
    return problems


def contradiction_problems(page: Page, insights: dict) -> list[str]:
    """Return statements that contradict one another on the page, and explanations of series not shown."""
    problems = []
    responses = page.tables.get("figure-conflict_responses", [])
    if responses and all(row[0] == "not recorded" or row[1] == "0" for row in responses):
        problems.append("a chart of responses where none was recorded")
    for stated in re.findall(r"Apart from your partner your mood averaged[^\n]*", page.text):
        if "95% interval" not in stated and "Too few weeks" not in stated:
            problems.append(f"apart and together compared without saying how sure: {stated[:120]!r}")
    if "No moods were logged" in page.text and "nothing to report is a normal result" in page.text:
        problems.append("'No moods were logged' beside 'nothing to report is a normal result'")
    problems += _waiting_problems(page)
    problems += _silent_problems(page, insights)
    silent = r'(?:<p><strong>[^<]*:</strong>|<p class="headline">)([^<]*Nothing in your data speaks to this[^<]*)</p>'
    for said in re.findall(silent, page.html):
        if re.search(r"Latest (week|episode)|n = ", said):
            problems.append(f"a series nothing speaks to given a latest week: {text_of(said)[-120:]!r}")
    if _shown_series(page) == ["self_rated"]:
        for key in re.findall(r'<article class="card[^"]*" id="card-([a-z_]+)">', page.html):
            details = re.search(
                r"How this is judged, with the numbers</summary>(.*?)</details>", _card(page, key), re.S
            )
            paragraphs = re.findall(r"<p[^>]*>(.*?)</p>", details.group(1), re.S)
            explained = text_of(paragraphs[0] + " " + paragraphs[-1])  # the meaning and the threshold
            if "entries" in explained:
                problems.append(f"{key}: a check-in-only card explains a measure from entries: {explained[:120]!r}")
    return problems


def _silent_problems(page: Page, insights: dict) -> list[str]:
    """Return a count of the signs nothing speaks to in "What would help" that disagrees with the signs listed under
    it or with the insight JSON."""
    silent = insights["speaks_to"]["without_inputs"]
    found = re.search(r'<p id="not-in-your-data">(.*?)</p>\s*<ul class="plain">(.*?)</ul>', page.html, re.S)
    if not found:
        return [f"{len(silent)} signs nothing speaks to, not listed under what would help"] if silent else []
    said, listed = text_of(found.group(1)), found.group(2).count("<li>")
    count = re.match(r"Nothing in your data speaks to (any|\d+) of the six signs yet", said)
    number = len(SIGNS) if count and count.group(1) == "any" else int(count.group(1)) if count else None
    if number != listed or listed != len(silent):
        return [f"what would help says {said[:60]!r} and lists {listed}; {len(silent)} have no inputs"]
    return []


def _waiting_problems(page: Page) -> list[str]:
    """Return an at-a-glance count of verdicts waiting for data that disagrees with "What would help": how many
    need more weeks of the same logging, how many what they rest on logged more often."""
    help_html = re.search(r'<div class="help" id="what-would-help">(.*?)</div>', page.html, re.S)
    helps = text_of(help_html.group(1)) if help_html else ""
    often = re.findall(r"At your present pace a verdict would not come within the window", helps)
    listed = {"same": helps.count("of the same logging."), "often": len(often)}
    said = re.search(
        r"(\d+) of \d+ verdicts (?:wait for more data: (\d+) needs? [^,]+, (\d+)|needs? ([^:]+))", page.text
    )
    if not said:
        return [f"no count at a glance of {sum(listed.values())} verdicts waiting"] if any(listed.values()) else []
    if said.group(2):
        counts = {"same": int(said.group(2)), "often": int(said.group(3))}
    else:
        often = "more often" in said.group(4)
        counts = {"same": 0 if often else int(said.group(1)), "often": int(said.group(1)) if often else 0}
    if counts != listed or int(said.group(1)) != sum(listed.values()):
        return [f"at a glance {said.group(0)!r}, what would help lists {listed}"]
    return []


def conflict_problems(page: Page, insights: dict) -> list[str]:
    """Return conflict words that contradict the verdict, and drops that change sign between card and table."""
    problems = []
    verdict = insights["signs"]["conflict_calmness"]["observed"]["verdict"]
    section = text_of(re.search(r'<section id="conflicts".*?</section>', page.html, re.S).group(0))
    for words, needs in (("getting calmer", "improving"), ("getting less calm", "declining")):
        if words in section and verdict != needs:
            problems.append(f"conflicts say '{words}', the verdict is {verdict}")
    logged = insights["conflicts"]["conflict_entries"]
    if "No conflicts with your partner were logged" in section and logged:
        problems.append(f"the conflicts section says none were logged, the JSON counts {logged} conflict entries")
    # the card draws the mood's change at each conflict, the table under the drops its drop: one is minus the other
    card = {row[0]: _number(row[1]) for row in page.tables.get("figure-sign_conflict_calmness_observed", [])}
    table = {row[0]: _number(row[1]) for row in page.tables.get("figure-conflict_drops", [])}
    if card and "mood change" not in page.captions.get("figure-sign_conflict_calmness_observed", "") + json.dumps(
        page.specs.get("chart-sign_conflict_calmness_observed", {})
    ):
        problems.append("the conflict card's chart does not say it draws the mood's change")
    differing = sorted(day for day in card.keys() & table.keys() if abs(card[day] + table[day]) > 0.006)
    if differing:
        day = differing[0]
        problems.append(
            f"{len(differing)} conflicts disagree between card and table, e.g. {day}: change {card[day]:+.2f}, "
            f"drop {table[day]:+.2f}"
        )
    return problems


def _number(cell: str) -> float:
    """Return a table cell's number (true minus signs read)."""
    return float(cell.replace("−", "-").rstrip("+%"))


SIGN_TITLES = {key: sign.title for key, sign in SIGNS.items()}
MOMENT_READS = {"higher": "higher after", "lower": "lower after", "about the same": "about the same"}


def _leading_number(cell: str) -> tuple[float, int] | None:
    """Return a cell's first number and its decimals ('3.57 of 5 (23 weeks)' -> (3.57, 2); '15% of …' in points)."""
    found = re.match(r"([−+-]?\d+(?:\.(\d+))?)(%?)", cell)
    if not found:
        return None
    return _number(found.group(1)), len(found.group(2) or "")


def moment_problems(page: Page, insights: dict) -> list[str]:
    """Return disagreements about the moments a person marked: a moment of the JSON missing from the page, a table
    whose rows are not its comparisons, a reading that is not the JSON's verdict, a level after that is not the
    level before plus the difference, a called difference whose interval includes zero, or a headline that does
    not name what was called."""
    problems = []
    for moment in insights.get("moments", []):
        block = re.search(
            rf'<div class="moment" id="moment-{moment["moment_id"]}">(.*?)(?=<div class="moment"|</section>)',
            page.html,
            re.S,
        )
        if not block:
            problems.append(f"moment {moment['moment_id']} of the JSON is not on the page")
            continue
        body = block.group(1)
        headline = text_of(re.search(r'<p class="headline">(.*?)</p>', body, re.S).group(1))
        rows = [
            [text_of(cell) for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
            for row in re.findall(r"<tr(?: class=\"called\")?>(.*?)</tr>", body, re.S)
        ][1:]  # the header row has no cells
        rows = [row for row in rows if row]
        judged = sum(side["verdict"] is not None for side in moment["compared"])
        none = re.search(r"none of the (\d+) comparisons|the one comparison of your signs", headline)
        if none and (int(none.group(1)) if none.group(1) else 1) != judged:
            problems.append(f"moment {moment['moment_id']}: {none.group(0)!r}, {judged} compared in the JSON")
        if len(rows) != len(moment["compared"]):
            problems.append(
                f"moment {moment['moment_id']}: {len(rows)} rows on the page, {len(moment['compared'])} in the JSON"
            )
            continue
        for row, side in zip(rows, moment["compared"], strict=True):
            name = f"moment {moment['moment_id']}, {side['sign']} ({side['series']})"
            if side["verdict"] is None:
                if "not enough weeks" not in row[6]:
                    problems.append(f"{name}: no comparison in the JSON but the page reads {row[6]!r}")
                continue
            if not row[6].startswith(MOMENT_READS[side["verdict"]]):
                problems.append(f"{name}: the JSON says {side['verdict']!r}, the page reads {row[6]!r}")
            before, after, difference = (_leading_number(cell) for cell in row[2:5])
            if None in (before, after, difference):
                problems.append(f"{name}: a level or difference without a number: {row[2:5]}")
                continue
            slack = 0.5 * 10 ** -min(before[1], after[1], difference[1]) * 3
            if abs(after[0] - before[0] - difference[0]) > slack:
                problems.append(f"{name}: after {after[0]} − before {before[0]} is not the difference {difference[0]}")
            low, high = side["interval"]
            called = side["verdict"] in ("higher", "lower")
            if called and low <= 0 <= high:
                problems.append(f"{name}: called {side['verdict']!r} with an interval that includes no change")
            if called and SIGN_TITLES[side["sign"]] not in headline:
                problems.append(f"{name}: called {side['verdict']!r} but the moment's sentence does not name it")
    return problems


def page_problems(page_html: str, insights: dict) -> list[str]:
    """Return every disagreement the auditor finds on one report page, in words (empty when it all agrees)."""
    page = read_page(page_html)
    return [
        *verdict_problems(page, insights),
        *count_problems(page, insights),
        *line_problems(page, insights),
        *interval_problems(page),
        *chart_problems(page),
        *wording_problems(page),
        *pattern_problems(page),
        *caption_problems(page),
        *glance_problems(page, insights),
        *coverage_problems(page, insights),
        *window_problems(page, insights),
        *conflict_problems(page, insights),
        *contradiction_problems(page, insights),
        *moment_problems(page, insights),
    ]
