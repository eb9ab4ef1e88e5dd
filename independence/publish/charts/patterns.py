"""Mood by weekday and by part of the day: each group's mean with its 95% interval and how many values."""

from __future__ import annotations

from independence.publish.charts import (
    FADED,
    OKABE_ITO,
    chart_template,
    dataset,
    interval_words,
    mood_scale,
    templated_spec,
)


def mood_by_group_chart(groups: list[dict], order: list[str], group_title: str) -> dict:
    """Return the mean mood per group with its 95% interval (groups without a value left empty, groups too few to
    compare, which have no interval, drawn faded)."""
    rows = dataset("groups", groups)
    return templated_spec(_mood_by_group, {"rows": rows.name}, rows, order=tuple(order), group_title=group_title)


def _mood_by_group(rows: str, order: tuple[str, ...], group_title: str) -> dict:
    """Return the chart of `mood_by_group_chart`."""
    import altair as alt

    # seven weekdays' names run together at a phone's width ('TuesdayWednesday'): more than four groups read
    # by their first three letters on the axis (Mon, Tue, …), in full in the tooltip and the table
    short = {"labelExpr": "slice(datum.label, 0, 3)"} if len(order) > 4 else {}
    axis = alt.Axis(labelAngle=0, **short)
    x = alt.X("group:N", title=None, sort=list(order), scale=alt.Scale(domain=list(order)), axis=axis)
    base = alt.Chart(alt.NamedData(name=rows)).encode(x=x)
    interval = base.mark_rule(strokeWidth=2, color=OKABE_ITO["blue"]).encode(
        y=alt.Y("low:Q", scale=mood_scale(), title="mood (1-5)"), y2="high:Q"
    )
    mean = (
        base.mark_point(filled=True, size=70, color=OKABE_ITO["blue"])
        .encode(
            y=alt.Y("mean:Q", scale=mood_scale()),
            opacity=alt.condition("datum.low === null", alt.value(FADED), alt.value(1.0)),  # too few to compare
            tooltip=[
                alt.Tooltip("group:N", title=group_title),
                alt.Tooltip("mean:Q", title="mean mood", format=".2f"),
                alt.Tooltip("interval:N", title="95% interval"),
                alt.Tooltip("values:Q", title="based on"),
            ],
        )
        .transform_calculate(interval=interval_words("low", "high", "too few to compare"))
    )
    chart = alt.layer(interval, mean).properties(width="container", height=170)
    return chart_template(chart, mood_by_group_chart)
