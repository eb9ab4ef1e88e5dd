"""Conflict episodes: how far mood dropped, how long it took to recover, and how the person responded."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from independence.publish.charts import (
    CHART_HEIGHT,
    FADED,
    OKABE_ITO,
    calendar_slots,
    calendar_x,
    chart_template,
    dataset,
    drawn_span,
    templated_spec,
)

if TYPE_CHECKING:
    import altair as alt

RESPONSES = ["calm", "reactive", "mixed", "not recorded"]  # as shown: `labelled_episodes` turns keys into words
RESPONSE_COLOURS = [OKABE_ITO["green"], OKABE_ITO["vermillion"], OKABE_ITO["purple"], OKABE_ITO["grey"]]
RESPONSE_SHAPES = ["circle", "triangle-up", "diamond", "square"]


def labelled_episodes(conflicts: list[dict]) -> list[dict]:
    """Return the episodes with their response in words ('not recorded', not the key 'not_recorded')."""
    return [{**row, "response": row["response"].replace("_", " ")} for row in conflicts]


def _episode_points(episodes: str, time_domain: list[float], interval: str, step: int) -> alt.Chart:
    """Return one point per conflict episode on a calendar axis, coloured and shaped by the response."""
    import altair as alt

    return (
        alt.Chart(alt.NamedData(name=episodes))
        .mark_point(filled=True, size=60)
        .encode(
            x=calendar_x("day:T", interval, step, time_domain),
            color=alt.Color("response:N", scale=alt.Scale(domain=RESPONSES, range=RESPONSE_COLOURS), title="response"),
            shape=alt.Shape("response:N", scale=alt.Scale(domain=RESPONSES, range=RESPONSE_SHAPES), title="response"),
        )
        .properties(width="container", height=CHART_HEIGHT)
    )


def _episode_tooltip() -> list[alt.Tooltip]:
    """Return what hovering an episode shows: its day, drop, recovery and response."""
    import altair as alt

    return [
        alt.Tooltip("day:N", title="day"),
        alt.Tooltip("drop_points:Q", title="drop (mood points)", format=".2f"),
        alt.Tooltip("recovery_hours:Q", title="recovery (hours)", format=".1f"),
        alt.Tooltip("response:N"),
    ]


def _episode_chart(builder, conflicts: list[dict]) -> dict:
    """Return a chart of every episode, labelled, built by `builder` (which takes the episodes' name)."""
    episodes = dataset("conflicts", labelled_episodes(conflicts))
    slots, ticks = calendar_slots(drawn_span(conflicts, field="day"))
    return templated_spec(builder, {"episodes": episodes.name, **slots}, episodes, **ticks)


def conflict_drops(conflicts: list[dict]) -> dict:
    """Return each conflict's drop: mood points below the usual level, by the response recorded."""
    return _episode_chart(_conflict_drops, conflicts)


def _conflict_drops(episodes: str, time_domain: list[float], interval: str, step: int) -> dict:
    """Return the chart of `conflict_drops`."""
    import altair as alt

    chart = _episode_points(episodes, time_domain, interval, step).encode(
        y=alt.Y("drop_points:Q", title="drop below usual mood (points)"), tooltip=_episode_tooltip()
    )
    return chart_template(chart, conflict_drops)


def conflict_recovery(conflicts: list[dict]) -> dict:
    """Return each conflict's recovery: hours until mood was back within half a point (capped at 168)."""
    return _episode_chart(_conflict_recovery, conflicts)


def _conflict_recovery(episodes: str, time_domain: list[float], interval: str, step: int) -> dict:
    """Return the chart of `conflict_recovery`."""
    import altair as alt

    chart = _episode_points(episodes, time_domain, interval, step).encode(
        y=alt.Y("recovery_hours:Q", title="hours to recover", scale=alt.Scale(domain=[0, 168])),
        opacity=alt.condition("datum.recovery_censored", alt.value(FADED), alt.value(1.0)),
        tooltip=[*_episode_tooltip(), alt.Tooltip("recovery_censored:N", title="still low after 7 days")],
    )
    return chart_template(chart, conflict_recovery)


def conflict_responses(conflicts: list[dict]) -> dict:
    """Return the responses per month: conflict episodes met calmly, reactively, mixed or not recorded."""
    episodes = dataset("conflicts", labelled_episodes(conflicts))
    return templated_spec(_conflict_responses, {"episodes": episodes.name}, episodes)


def _conflict_responses(episodes: str) -> dict:
    """Return the chart of `conflict_responses`."""
    import altair as alt

    chart = (
        alt.Chart(alt.NamedData(name=episodes))
        .mark_bar()
        .encode(
            x=alt.X("utcyearmonth(date):O", title=None, axis=alt.Axis(labelAngle=-45, format="%b %Y")),
            y=alt.Y("count():Q", title="episodes", axis=alt.Axis(tickMinStep=1, format="d")),  # no half episodes
            color=alt.Color("response:N", scale=alt.Scale(domain=RESPONSES, range=RESPONSE_COLOURS), title="response"),
            order=alt.Order("response_order:Q"),
            tooltip=[
                alt.Tooltip("utcyearmonth(date):O", title="month", format="%b %Y"),
                alt.Tooltip("response:N"),
                alt.Tooltip("count():Q", title="episodes"),
            ],
        )
        .transform_calculate(
            response_order=f"indexof({json.dumps(RESPONSES)}, datum.response)", date="toDate(datum.day)"
        )
        .properties(width="container", height=CHART_HEIGHT)
    )
    return chart_template(chart, conflict_responses)
