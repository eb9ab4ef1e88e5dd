"""What goes with good days: tag effects that passed the false-discovery control, with their intervals."""

from __future__ import annotations

from independence.publish.charts import OKABE_ITO, chart_template, dataset, templated_spec, values


def tag_effects_chart(effects: list[dict]) -> dict:
    """Return the tag effects: difference in daily mood on days with each tag (mood points, 95% interval)."""
    rows = dataset(
        "tag_effects", [{**effect, "ci_low": effect["ci95"][0], "ci_high": effect["ci95"][1]} for effect in effects]
    )
    order = [effect["tag"] for effect in sorted(effects, key=lambda effect: -effect["mood_difference"])]
    return templated_spec(_tag_effects, {"rows": rows.name, "order": order}, rows, height=28 * len(effects) + 20)


def _tag_effects(rows: str, order: list[str], height: int) -> dict:
    """Return the chart of `tag_effects_chart` (tags travel as data and as the sort order, never as fields)."""
    import altair as alt

    y = alt.Y("tag:N", title=None, sort=order, axis=alt.Axis(labelLimit=180))
    base = alt.Chart(alt.NamedData(name=rows)).encode(y=y)
    zero = alt.Chart(values([{"zero": 0}])).mark_rule(color=OKABE_ITO["grey"], strokeDash=[4, 4]).encode(x="zero:Q")
    interval = base.mark_rule(strokeWidth=2, color=OKABE_ITO["blue"]).encode(
        x=alt.X("ci_low:Q", title="mood difference on days with the tag (points)"), x2="ci_high:Q"
    )
    point = base.mark_point(filled=True, size=70, color=OKABE_ITO["blue"]).encode(
        x="mood_difference:Q",
        tooltip=[
            alt.Tooltip("tag:N"),
            alt.Tooltip("mood_difference:Q", title="difference", format="+.2f"),
            alt.Tooltip("ci_low:Q", title="95% interval from", format="+.2f"),
            alt.Tooltip("ci_high:Q", title="to", format="+.2f"),
            alt.Tooltip("days_with:Q", title="days with"),
            alt.Tooltip("days_without:Q", title="days without"),
            alt.Tooltip("q_value:Q", title="q", format=".3f"),
        ],
    )
    chart = alt.layer(zero, interval, point).properties(width="container", height=height)
    return chart_template(chart, tag_effects_chart)
