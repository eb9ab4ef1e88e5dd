"""Altair charts of one person's report, one chart per function; data arrive aggregated from the marts.

Colours are the Okabe–Ito palette (safe for the common colour-vision deficiencies), categories are
also told apart by shape, and mood uses viridis. Charts never turn user text into field names,
titles or expressions: tags and labels travel only as data values, which Vega renders as text.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from independence.config import default_cache_dir
from independence.publish.files import written_atomically

if TYPE_CHECKING:
    import altair as alt

# Altair is imported where a chart is built: with every template on disk (`_stored_templates`), a report
# is drawn without importing it (0.3 s of a one-off command's start).

OKABE_ITO = {
    "orange": "#E69F00",
    "sky": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "grey": "#999999",
}
NOT_LOGGED = "#e6e6e6"
CHART_HEIGHT = 220
FADED = 0.45  # the opacity of what is drawn but not counted: a recovery cut at 7 days, a group too few to compare
VERDICT_COLOURS = {
    "improving": OKABE_ITO["green"],
    "declining": OKABE_ITO["vermillion"],
    "steady": OKABE_ITO["blue"],
    "insufficient_data": OKABE_ITO["grey"],
    "no_inputs": OKABE_ITO["grey"],
}


def mood_scale() -> alt.Scale:
    """Return the mood axis: 1 to 5, not rounded outwards."""
    import altair as alt

    return alt.Scale(domain=[1, 5], nice=False)


def mood_colours() -> alt.Scale:
    """Return mood as colour: viridis from 1 to 5."""
    import altair as alt

    return alt.Scale(scheme="viridis", domain=[1, 5])


SHORT_SPAN_DAYS = 62  # under about two months a span may hold no first of a month: such an axis ticks by the day


@dataclass(frozen=True)
class CalendarSpan:
    """The first and last day a time axis draws, which set how it ticks (`ticks`) and, when short, its domain."""

    first: dt.date
    last: dt.date

    @property
    def days(self) -> int:
        """Return the days spanned, both ends counted."""
        return (self.last - self.first).days + 1

    def ticks(self) -> dict[str, object]:
        """Return the axis's tick `interval` ('month' or 'day') and `step`, the shape of a chart template.

        Months step by the months spanned (`month_step`). A span under SHORT_SPAN_DAYS may hold no first of a
        month (three weeks of January), where month ticks leave the axis without a single date: it ticks every
        day up to 10 days, every third day up to 24, else every seventh (the 1st, 8th, 15th, 22nd and 29th).
        """
        if self.days >= SHORT_SPAN_DAYS:
            return {"interval": "month", "step": month_step(self.days)}
        return {"interval": "day", "step": 1 if self.days <= 10 else 3 if self.days <= 24 else 7}

    def domain(self) -> list[float]:
        """Return the span with a day's margin either side, in UTC milliseconds: a short axis's domain, so that
        a single day drawn still sits between dated ticks."""
        start = dt.datetime.combine(self.first - dt.timedelta(days=1), dt.time(), dt.UTC)
        end = dt.datetime.combine(self.last + dt.timedelta(days=1), dt.time(), dt.UTC)
        return [start.timestamp() * 1000, end.timestamp() * 1000]


def drawn_span(*rows: list[dict], field: str = "date") -> CalendarSpan:
    """Return the span of the dates a time axis draws (ISO days in `field`; 1970-01-01 alone when none): the axis
    follows the dates drawn, not the window, so three months of points in a year's window tick monthly."""
    days = [dt.date.fromisoformat(str(row[field])[:10]) for drawn in rows for row in drawn]
    return CalendarSpan(min(days), max(days)) if days else CalendarSpan(dt.date(1970, 1, 1), dt.date(1970, 1, 1))


def month_step(days_spanned: int) -> int:
    """Return how many months a calendar axis steps per tick: 1 up to 5 months spanned, then 2, 3, 6 or 12."""
    months = days_spanned / 30.4
    return next((step for limit, step in ((5, 1), (10, 2), (16, 3), (36, 6)) if months <= limit), 12)


def calendar_x(field: str, interval: str, step: int, time_domain: list[float]) -> alt.X:
    """Return a calendar x channel in UTC (dates arrive as ISO days, which JavaScript reads as UTC midnight) that
    ticks as `CalendarSpan.ticks` says: months labelled once each ('May 2026', never a weekly tick repeating
    it), or days ('4 Jan 2023') over `time_domain` (`CalendarSpan.domain`), which only a day-ticked axis uses.
    """
    import altair as alt

    by_day = interval == "day"
    return alt.X(
        field,
        title=None,
        scale=alt.Scale(type="utc", domain=time_domain) if by_day else alt.Scale(type="utc"),
        axis=alt.Axis(
            format="%-d %b %Y" if by_day else "%b %Y",
            labelOverlap=True,
            tickCount={"interval": interval, "step": step},
            labelAngle=0,
            grid=False,
        ),
    )


def calendar_slots(span: CalendarSpan) -> tuple[dict[str, object], dict[str, object]]:
    """Return a calendar axis's person's values (the domain slot) and its template shape (interval and step)."""
    return {"time_domain": span.domain()}, span.ticks()


def interval_words(low: str, high: str, without: str) -> str:
    """Return a Vega expression for a tooltip's interval: 'low to high' to two decimals, or `without` where the row
    has none (a tooltip would otherwise read 'null', where the table beside the chart reads '–')."""
    return f"datum.{low} == null ? '{without}' : format(datum.{low}, '.2f') + ' to ' + format(datum.{high}, '.2f')"


def values(rows: list[dict]) -> alt.Data:
    """Return a few constant rows as inline chart data (a reference line, say)."""
    import altair as alt

    return alt.Data(values=rows)


@dataclass(frozen=True)
class Dataset:
    """Rows a chart draws, carried in the spec's top-level `datasets` under a name unique to their content.

    Altair walks inline values row by row when it builds a spec (0.1 s per 400 rows); named data
    skip that, and charts of one report that draw the same rows share one copy on the page.
    """

    name: str
    rows: list[dict]

    @property
    def data(self) -> alt.NamedData:
        """Return the chart data that refers to these rows by name."""
        import altair as alt

        return alt.NamedData(name=self.name)


def dataset(label: str, rows: list[dict]) -> Dataset:
    """Return rows named '<label>-<digest of their content>'."""
    digest = hashlib.sha256(json.dumps(rows, sort_keys=True, default=str).encode()).hexdigest()[:12]
    return Dataset(f"{label}-{digest}", rows)


def hoisted_datasets(specs: list[dict]) -> tuple[list[dict], dict[str, list]]:
    """Return the specs without their `datasets`, and all of them merged: rows drawn twice are stored once.

    Dataset names carry a digest of their rows (`independence.charts.dataset`), so equal names mean equal rows.
    """
    datasets: dict[str, list] = {}
    for spec in specs:
        datasets.update(spec.get("datasets", {}))
    return [{key: value for key, value in spec.items() if key != "datasets"} for spec in specs], datasets


def chart_template(chart: alt.TopLevelMixin, function: object) -> dict:
    """Return the Vega-Lite spec of a chart without its rows, titled by its function's docstring.

    The title is the docstring's first line without 'Return the ' (specs are validated in the tests).
    """
    line = (function.__doc__ or "").strip().splitlines()[0].rstrip(".")
    title = line.removeprefix("Return the ").removeprefix("Return ")
    titled = chart.properties(title=title[:1].upper() + title[1:])
    return titled.configure_legend(orient="bottom").to_dict(validate=False)


def chart_spec(chart: alt.TopLevelMixin, function: object, *datasets: Dataset) -> dict:
    """Return the Vega-Lite spec of a chart with its rows (see `chart_template`)."""
    return {**chart_template(chart, function), "datasets": {data.name: data.rows for data in datasets}}


# Building a chart with Altair costs 5-20 ms of Python (objects, copies, schema checks) and a report
# has ~22: built once per shape and filled with each person's values, a report's charts cost ~1 ms.
TEMPLATES = True  # False builds every chart with Altair, as the tests' cross-check does


def _marker(name: str) -> str:
    """Return the marker a chart template holds where each person's value named `name` goes."""
    return f"<slot:{name}>"


def _markers(slots: tuple[tuple[str, bool], ...]) -> dict[str, object]:
    """Return each slot's marker: a string, or a list of one marker where the value is a list (Altair checks types)."""
    return {name: [_marker(name)] if is_list else _marker(name) for name, is_list in slots}


@functools.cache
def _charts_version() -> str:
    """Return a digest of Altair's version and this package's source: a template is reused only by the same code."""
    from importlib.metadata import version

    digest = hashlib.sha256(version("altair").encode())
    for source in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(source.read_bytes())
    return digest.hexdigest()[:16]


def _stored_templates_path() -> Path:
    """Return the file that keeps every template built by this version of the charts (in the cache folder)."""
    return default_cache_dir() / f"chart-templates-{_charts_version()}.json"


@functools.cache
def _stored_templates() -> dict[str, dict]:
    """Return the templates on disk (none when the file is missing or unreadable); this process adds to it."""
    try:
        return json.loads(_stored_templates_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


@functools.lru_cache(maxsize=1024)
def _template(builder: Callable[..., dict], slots: tuple[tuple[str, bool], ...], shape: tuple) -> dict:
    """Return the builder's spec with a marker in every slot: from disk, else built with Altair once and stored."""
    key = json.dumps([builder.__module__, builder.__qualname__, slots, shape])
    stored = _stored_templates()
    if key not in stored:
        stored[key] = builder(**_markers(slots), **dict(shape))
        path = _stored_templates_path()
        try:
            written_atomically(path, json.dumps(stored).encode("utf-8"))
            for older in path.parent.glob("chart-templates-*.json"):  # other versions' templates
                if older != path:
                    older.unlink(missing_ok=True)
        except OSError:
            pass  # an unwritable cache only costs building the chart again in the next process
    return stored[key]


def _filled(node: object, values: dict[str, object]) -> object:
    """Return a copy of a spec (shares nothing with it) with every marker replaced by its slot's value."""
    if isinstance(node, dict):
        return {key: _filled(value, values) for key, value in node.items()}
    if isinstance(node, list):
        if len(node) == 1 and isinstance(node[0], str) and isinstance(values.get(node[0]), list):
            return list(values[node[0]])
        return [_filled(value, values) for value in node]
    if isinstance(node, str) and node in values:
        return values[node]
    return node


def templated_spec(builder: Callable[..., dict], slots: dict[str, object], *datasets: Dataset, **shape) -> dict:
    """Return `builder(**slots, **shape)` with the datasets' rows, the chart built once per shape.

    `shape` is what sets the chart's structure (hashable, few values: a colour, a tick step, a height);
    `slots` are each person's values that Altair only places (dataset names, a scale's domain, a sort
    order). The tests check that both ways give the same spec.
    """
    if TEMPLATES:
        kinds = tuple(sorted((name, isinstance(value, list)) for name, value in slots.items()))
        template = _template(builder, kinds, tuple(sorted(shape.items())))
        spec = _filled(template, {_marker(name): value for name, value in slots.items()})
    else:
        spec = builder(**slots, **shape)
    return {**spec, "datasets": {data.name: data.rows for data in datasets}}
