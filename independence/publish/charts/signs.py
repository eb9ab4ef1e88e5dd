"""The six signs week by week: the value from entries beside the self-rated check-in, one panel each."""

from __future__ import annotations

import altair as alt

from independence.analysis.sentences import SERIES_LABELS
from independence.publish.charts import OKABE_ITO, UTC, by_sign_and_series, chart_spec, dataset


def sign_weeks_chart(sign_weeks: list[dict]) -> dict:
    """Return the six signs week by week: from your entries and, when present, your check-in ratings."""
    weeks = dataset("sign_weeks", sign_weeks)
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
    chart = by_sign_and_series(alt.layer(points), weeks, SERIES_LABELS)
    return chart_spec(chart, sign_weeks_chart, weeks)
