"""One sign's trend chart: its values over time in its unit, and the fitted line when a change was called."""

from __future__ import annotations

from independence.publish.charts import (
    CHART_HEIGHT,
    OKABE_ITO,
    VERDICT_COLOURS,
    CalendarSpan,
    calendar_slots,
    calendar_x,
    chart_template,
    dataset,
    templated_spec,
)

SIGN_CHART_HEIGHT = 150


def sign_trend_chart(
    points: list[dict],
    line: list[dict],
    *,
    y_title: str,
    domain: list[float],
    percent: bool,
    span: CalendarSpan,
    verdict: str,
) -> dict:
    """Return the sign over time: each value (a week, or a conflict episode) and the fitted trend when called.

    `points` and `line` rows hold `date` (ISO day) and `value`; points also `evidence` and `what`. The y
    scale is `domain`, shared by every chart of the same unit; the time axis ticks by `span`, the dates drawn.
    """
    values, fitted = dataset("sign_points", points), dataset("sign_line", line)
    slots, ticks = calendar_slots(span)
    return templated_spec(
        _sign_trend,
        {"points": values.name, "line": fitted.name, "domain": domain, **slots},
        values,
        fitted,
        y_title=y_title,
        percent=percent,
        line_colour=VERDICT_COLOURS[verdict] if line else None,
        **ticks,
    )


def _sign_trend(
    points: str,
    line: str,
    domain: list[float],
    time_domain: list[float],
    y_title: str,
    percent: bool,
    interval: str,
    step: int,
    line_colour: str | None,
) -> dict:
    """Return the chart of `sign_trend_chart` (a fitted line only with its colour)."""
    import altair as alt

    y = alt.Y(
        "value:Q",
        title=y_title,
        scale=alt.Scale(domain=domain, nice=False, clamp=True),
        axis=alt.Axis(format=".0%" if percent else ".2~f", tickCount=4),
    )
    x = calendar_x("date:T", interval, step, time_domain)
    dots = (
        alt.Chart(alt.NamedData(name=points))
        .mark_point(filled=True, size=28, opacity=0.75, color=OKABE_ITO["blue"])
        .encode(
            x=x,
            y=y,
            tooltip=[
                alt.Tooltip("what:N", title="value of"),
                alt.Tooltip("value:Q", format=".0%" if percent else ".2f"),
                alt.Tooltip("evidence:Q", title="based on"),
            ],
        )
    )
    layers = [dots]
    if line_colour:
        trend = alt.Chart(alt.NamedData(name=line)).mark_line(color=line_colour, strokeWidth=3)
        layers.append(trend.encode(x=x, y=alt.Y("value:Q", scale=alt.Scale(domain=domain))))
    chart = alt.layer(*layers).properties(width="container", height=min(SIGN_CHART_HEIGHT, CHART_HEIGHT))
    return chart_template(chart, sign_trend_chart)
