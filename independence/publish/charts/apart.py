"""Time apart from and together with the partner: mood distributions and the weekly gap."""

from __future__ import annotations

from independence.publish.charts import (
    CHART_HEIGHT,
    OKABE_ITO,
    CalendarSpan,
    calendar_slots,
    calendar_x,
    chart_template,
    dataset,
    templated_spec,
    values,
)


def apart_together_moods(apart_moods: list[dict]) -> dict:
    """Return the mood when apart and when together: share of each context's entries at each mood level."""
    moods = dataset("apart_moods", apart_moods)
    return templated_spec(_apart_together_moods, {"moods": moods.name}, moods)


def _apart_together_moods(moods: str) -> dict:
    """Return the chart of `apart_together_moods`."""
    import altair as alt

    contexts = alt.Scale(domain=["apart", "together"], range=[OKABE_ITO["orange"], OKABE_ITO["blue"]])
    chart = (
        alt.Chart(alt.NamedData(name=moods))
        .mark_bar()
        .encode(
            x=alt.X("mood_level:O", title="mood (1-5)", axis=alt.Axis(labelAngle=0)),
            xOffset=alt.XOffset("context:N"),
            y=alt.Y("share:Q", title="share of entries", axis=alt.Axis(format="%")),
            color=alt.Color("context:N", scale=contexts, title=None),
            tooltip=[
                alt.Tooltip("context:N"),
                alt.Tooltip("mood_level:O", title="mood"),
                alt.Tooltip("entries:Q"),
                alt.Tooltip("share:Q", format=".0%"),
            ],
        )
        .properties(width="container", height=CHART_HEIGHT)
    )
    return chart_template(chart, apart_together_moods)


def weekly_apart_gap(apart_weeks: list[dict], trend_line: list[dict], span: CalendarSpan) -> dict:
    """Return the weekly gap: mood apart minus mood together (mood points), with the trend when one was estimated."""
    both = dataset("apart_weeks", [row for row in apart_weeks if row["gap"] is not None])
    trend = dataset("apart_trend", trend_line)
    slots, ticks = calendar_slots(span)
    return templated_spec(
        _weekly_apart_gap,
        {"both": both.name, "trend": trend.name, **slots},
        both,
        trend,
        with_trend=bool(trend_line),
        **ticks,
    )


def _weekly_apart_gap(
    both: str, trend: str, time_domain: list[float], interval: str, step: int, with_trend: bool
) -> dict:
    """Return the chart of `weekly_apart_gap`."""
    import altair as alt

    x = calendar_x("week_start:T", interval, step, time_domain)
    zero = alt.Chart(values([{"zero": 0}])).mark_rule(color=OKABE_ITO["grey"], strokeDash=[4, 4]).encode(y="zero:Q")
    points = (
        alt.Chart(alt.NamedData(name=both))
        .mark_point(filled=True, color=OKABE_ITO["orange"], size=40)
        .encode(
            x=x,
            y=alt.Y("gap:Q", title="apart minus together (mood points)"),
            tooltip=[
                alt.Tooltip("iso_week:N", title="week"),
                alt.Tooltip("gap:Q", format="+.2f"),
                alt.Tooltip("entries_apart:Q", title="entries apart"),
                alt.Tooltip("entries_together:Q", title="entries together"),
            ],
        )
    )
    layers = [zero, points]
    if with_trend:
        line = alt.Chart(alt.NamedData(name=trend)).mark_line(color=OKABE_ITO["vermillion"], strokeWidth=2)
        layers.append(line.encode(x=x, y="gap:Q"))
    chart = alt.layer(*layers).properties(width="container", height=CHART_HEIGHT)
    return chart_template(chart, weekly_apart_gap)
