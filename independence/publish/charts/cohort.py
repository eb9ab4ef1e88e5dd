"""The coach's charts, drawn only from released cells: suppressed cells are simply absent."""

from __future__ import annotations

import altair as alt

from independence.publish.charts import OKABE_ITO, chart_spec, dataset
from independence.signs import SIGNS

# ISO weeks only: a calendar axis would need each week's Monday, an exact date, in the page
COHORT_SERIES = {"observed": "from entries", "self_rated": "check-in ratings"}


def cohort_weekly_chart(weekly_signs: list[dict]) -> dict:
    """Return the cohort's weekly means per sign with their 95% intervals (weeks with too few clients left out).

    One panel per sign and source that has a released week, stacked in one column (it fits a phone's width),
    each titled with its sign and source and its y axis with its unit.
    """
    rows = [
        {
            "week": cell["week"],
            "sign": cell["sign"],
            "series": cell["series"],
            "mean": cell["mean"],
            "low": cell["ci95"][0] if cell["ci95"] else None,
            "high": cell["ci95"][1] if cell["ci95"] else None,
            "clients": cell["clients"],
        }
        for cell in weekly_signs
        if not cell["suppressed"]
    ]
    cells = dataset("cohort_weeks", rows)
    shown = {(row["sign"], row["series"]) for row in rows}
    panels = [_weekly_panel(key, series) for key in SIGNS for series in COHORT_SERIES if (key, series) in shown]
    chart = alt.vconcat(*panels, data=cells.data, spacing=18) if panels else alt.Chart(cells.data).mark_point()
    return chart_spec(chart, cohort_weekly_chart, cells)


def _weekly_panel(key: str, series: str) -> alt.LayerChart:
    """Return one sign's weekly means from one source: the interval as a band, the means as points, in its unit."""
    unit = "rating (1-5)" if series == "self_rated" else SIGNS[key].observed.unit
    x = alt.X("week:O", title=None, axis=alt.Axis(labelOverlap=True, labelAngle=-90))
    base = alt.Chart().transform_filter(f"datum.sign == '{key}' && datum.series == '{series}'").encode(x=x)
    band = base.mark_area(opacity=0.25, color=OKABE_ITO["blue"]).encode(y=alt.Y("low:Q", title=unit), y2="high:Q")
    points = base.mark_point(filled=True, size=30, color=OKABE_ITO["blue"]).encode(
        y=alt.Y("mean:Q", title=unit, scale=alt.Scale(zero=False)),
        tooltip=[
            alt.Tooltip("week:N"),
            alt.Tooltip("mean:Q", format=".2f"),
            alt.Tooltip("low:Q", format=".2f"),
            alt.Tooltip("high:Q", format=".2f"),
            alt.Tooltip("clients:Q"),
        ],
    )
    title = f"{SIGNS[key].title} · {COHORT_SERIES[series]}"
    return alt.layer(band, points).properties(width=250, height=90, title=title)


def engagement_chart(weeks: list[dict]) -> dict:
    """Return the share of clients who logged each week (weeks with too few in either group left out)."""
    rows = [{"week": w["week"], "share": w["share_logging"]} for w in weeks if w["share_logging"] is not None]
    cells = dataset("engagement", rows)
    chart = (
        alt.Chart(cells.data)
        .mark_line(point=True, color=OKABE_ITO["green"])
        .encode(
            x=alt.X("week:O", title="ISO week", axis=alt.Axis(labelOverlap=True, labelAngle=-90)),
            y=alt.Y(
                "share:Q", title="share of clients logging", scale=alt.Scale(domain=[0, 1]), axis=alt.Axis(format="%")
            ),
            tooltip=[alt.Tooltip("week:N"), alt.Tooltip("share:Q", format=".0%")],
        )
        .properties(width="container", height=180)
    )
    return chart_spec(chart, engagement_chart, cells)
