"""Mood by weekday and by part of the day: each group's mean with its 95% interval and how many values."""

from __future__ import annotations

import altair as alt

from independence.publish.charts import MOOD_SCALE, OKABE_ITO, chart_spec, dataset


def mood_by_group_chart(groups: list[dict], order: list[str], group_title: str) -> dict:
    """Return the mean mood per group with its 95% interval (groups without a value left empty)."""
    rows = dataset("groups", groups)
    x = alt.X("group:N", title=None, sort=order, scale=alt.Scale(domain=order), axis=alt.Axis(labelAngle=0))
    base = alt.Chart(rows.data).encode(x=x)
    interval = base.mark_rule(strokeWidth=2, color=OKABE_ITO["blue"]).encode(
        y=alt.Y("low:Q", scale=MOOD_SCALE, title="mood (1-5)"), y2="high:Q"
    )
    mean = base.mark_point(filled=True, size=70, color=OKABE_ITO["blue"]).encode(
        y=alt.Y("mean:Q", scale=MOOD_SCALE),
        tooltip=[
            alt.Tooltip("group:N", title=group_title),
            alt.Tooltip("mean:Q", title="mean mood", format=".2f"),
            alt.Tooltip("low:Q", title="95% interval from", format=".2f"),
            alt.Tooltip("high:Q", title="to", format=".2f"),
            alt.Tooltip("values:Q", title="based on"),
        ],
    )
    chart = alt.layer(interval, mean).properties(width="container", height=170)
    return chart_spec(chart, mood_by_group_chart, rows)
