"""The coach's charts, drawn only from released cells: suppressed cells are simply absent."""

from __future__ import annotations

import altair as alt

from independence.publish.charts import OKABE_ITO, by_sign_and_series, chart_spec, dataset

# ISO weeks only: a calendar axis would need each week's Monday, an exact date, in the page
COHORT_SERIES = {"observed": "from clients' entries", "self_rated": "clients' check-in ratings"}


def cohort_weekly_chart(weekly_signs: list[dict]) -> dict:
    """Return the cohort's weekly means per sign with their 95% intervals (weeks with too few clients left out)."""
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
    x = alt.X("week:O", title=None, axis=alt.Axis(labelOverlap=True, labelAngle=-90))
    base = alt.Chart().encode(x=x)
    band = base.mark_area(opacity=0.25, color=OKABE_ITO["blue"]).encode(y=alt.Y("low:Q", title=None), y2="high:Q")
    points = base.mark_point(filled=True, size=30, color=OKABE_ITO["blue"]).encode(
        y=alt.Y("mean:Q", title=None, scale=alt.Scale(zero=False)),
        tooltip=[
            alt.Tooltip("week:N"),
            alt.Tooltip("mean:Q", format=".2f"),
            alt.Tooltip("low:Q", format=".2f"),
            alt.Tooltip("high:Q", format=".2f"),
            alt.Tooltip("clients:Q"),
        ],
    )
    chart = by_sign_and_series(alt.layer(band, points).properties(width=240, height=90), cells, COHORT_SERIES)
    return chart_spec(chart, cohort_weekly_chart, cells)


def engagement_chart(weeks: list[dict]) -> dict:
    """Return the share of clients who logged each week (weeks with too few in either group left out)."""
    rows = [{"week": w["week"], "share": w["share_logging"]} for w in weeks if w["share_logging"] is not None]
    cells = dataset("engagement", rows)
    chart = (
        alt.Chart(cells.data)
        .mark_line(point=True, color=OKABE_ITO["green"])
        .encode(
            x=alt.X("week:O", title=None, axis=alt.Axis(labelOverlap=True, labelAngle=-90)),
            y=alt.Y(
                "share:Q", title="share of clients logging", scale=alt.Scale(domain=[0, 1]), axis=alt.Axis(format="%")
            ),
            tooltip=[alt.Tooltip("week:N"), alt.Tooltip("share:Q", format=".0%")],
        )
        .properties(width="container", height=180)
    )
    return chart_spec(chart, engagement_chart, cells)
