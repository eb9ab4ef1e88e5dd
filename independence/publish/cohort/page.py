"""The coach's HTML page: the same offline, self-contained standard as the personal report."""

from __future__ import annotations

from independence.publish.charts.cohort import cohort_weekly_chart, engagement_chart, verdict_chart
from independence.publish.report.html import chart_page_context, template_environment
from independence.signs import SIGNS

EPSILON_WORDS = (
    "Differential privacy is on: random noise was added to every number, enough that the release would look "
    "almost the same whether or not any one client's data were in it. ε (epsilon) measures how much one "
    "client could change what you see: smaller is more private and noisier. Each release spends ε, and "
    "releases add up: the cumulative ε is what a client's privacy has spent so far."
)


def cohort_html(content: dict) -> str:
    """Return the coach's page for one release: charts of the released cells, tables and the privacy rules."""
    specs = {
        "weekly": cohort_weekly_chart(content["weekly_signs"]),
        "verdicts": verdict_chart(content["verdicts"]),
        "engagement": engagement_chart(content["engagement"]["weeks"]),
    }
    return (
        template_environment()
        .get_template("cohort.html.j2")
        .render(
            release=content["release"],
            content=content,
            signs=SIGNS,
            epsilon_words=EPSILON_WORDS,
            **chart_page_context(specs),
        )
    )
