"""One sign's trend chart: its values over time in its unit, and the fitted line when a change was called."""

from __future__ import annotations

import altair as alt

from independence.publish.charts import CHART_HEIGHT, OKABE_ITO, UTC, VERDICT_COLOURS, chart_spec, dataset, month_axis

SIGN_CHART_HEIGHT = 150


def sign_trend_chart(
    points: list[dict],
    line: list[dict],
    *,
    y_title: str,
    domain: list[float],
    percent: bool,
    days_spanned: int,
    verdict: str,
) -> dict:
    """Return the sign over time: each value (a week, or a conflict episode) and the fitted trend when called.

    `points` and `line` rows hold `date` (ISO day) and `value`; points also `evidence` and `what`. The y
    scale is `domain`, shared by every chart of the same unit.
    """
    values = dataset("sign_points", points)
    fitted = dataset("sign_line", line)
    y = alt.Y(
        "value:Q",
        title=y_title,
        scale=alt.Scale(domain=domain, nice=False, clamp=True),
        axis=alt.Axis(format=".0%" if percent else "~r", tickCount=4),
    )
    x = alt.X("date:T", title=None, scale=UTC, axis=month_axis(days_spanned))
    dots = (
        alt.Chart(values.data)
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
    if line:
        trend = alt.Chart(fitted.data).mark_line(color=VERDICT_COLOURS[verdict], strokeWidth=3)
        layers.append(trend.encode(x=alt.X("date:T", scale=UTC), y=alt.Y("value:Q", scale=alt.Scale(domain=domain))))
    chart = alt.layer(*layers).properties(width="container", height=min(SIGN_CHART_HEIGHT, CHART_HEIGHT))
    return chart_spec(chart, sign_trend_chart, values, fitted)
