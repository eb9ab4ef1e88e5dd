"""The six signs week by week: the value from entries beside the self-rated check-in, one panel each."""

from __future__ import annotations

import json

import altair as alt

from independence.charts import OKABE_ITO, UTC, chart_spec, dataset
from independence.sentences import SERIES_LABELS
from independence.signs import SIGNS


def sign_weeks_chart(sign_weeks: list[dict]) -> dict:
    """Return the six signs week by week: from your entries and, when present, your check-in ratings."""
    weeks = dataset("sign_weeks", sign_weeks)
    keys = json.dumps(list(SIGNS))
    titles = json.dumps([sign.title for sign in SIGNS.values()])
    sources = json.dumps(SERIES_LABELS)
    points = (
        alt.Chart()
        .mark_point(filled=True, size=25, color=OKABE_ITO["blue"])
        .encode(
            x=alt.X(
                "week_start:T", title=None, scale=UTC, axis=alt.Axis(format="%b %y", labelOverlap=True, tickCount=4)
            ),
            y=alt.Y("value:Q", title=None, scale=alt.Scale(zero=False)),
            tooltip=[
                alt.Tooltip("title:N", title="sign"),
                alt.Tooltip("source:N"),
                alt.Tooltip("week_start:N", title="week of"),
                alt.Tooltip("value:Q", format=".2f"),
                alt.Tooltip("evidence:Q", title="based on"),
            ],
        )
        .properties(width=240, height=90)
    )
    chart = (
        alt.layer(points)
        .facet(
            row=alt.Row(
                "order:O",
                title=None,
                header=alt.Header(labelAngle=0, labelAlign="left", labelExpr=f"{titles}[datum.value]"),
            ),
            column=alt.Column("source:N", title=None, sort=list(SERIES_LABELS.values())),
            data=weeks.data,
        )
        # facet fields are computed before the data are split into panels
        .transform_calculate(
            order=f"indexof({keys}, datum.sign)",
            title=f"{titles}[indexof({keys}, datum.sign)]",
            source=f"{sources}[datum.series]",
        )
        .resolve_scale(y="independent", x="shared")
    )
    return chart_spec(chart, sign_weeks_chart, weeks)
