"""The coach's HTML page: the same offline, self-contained standard as the personal report."""

from __future__ import annotations

import math

from independence.publish.charts.cohort import cohort_weekly_chart, engagement_chart
from independence.publish.cohort.bars import verdict_bars
from independence.publish.cohort.headline import cohort_headline
from independence.publish.report.html import chart_page_context, template_environment
from independence.signs import SIGNS

EPSILON_WORDS = (
    "Differential privacy is on: random noise was added to every number, enough that the release would look "
    "almost the same whether or not any one client's data were in it. ε (epsilon) measures how much one "
    "client could change what you see: smaller is more private and noisier. Each release spends ε, and "
    "releases add up: the cumulative ε is what a client's privacy has spent so far."
)


def trend_texts(mean: float, ci95: list[float] | None) -> tuple[str, str]:
    """Return a trend cell's mean and interval as text, with decimals enough for two significant digits of
    the interval's width (or of the mean without one): never '+0.000 to +0.000'."""
    scale = (ci95[1] - ci95[0]) if ci95 and ci95[1] > ci95[0] else abs(mean)
    decimals = 2 if scale == 0 else min(max(2, 1 - math.floor(math.log10(scale))), 6)

    def signed(value: float) -> str:
        text = f"{value:+.{decimals}f}"
        return "0" if float(text) == 0 else text.replace("-", "\u2212")

    if not ci95:
        return signed(mean), "–"
    if ci95[0] == ci95[1]:
        return signed(mean), "none: every client's trend is the same"
    return signed(mean), f"{signed(ci95[0])} to {signed(ci95[1])}"


def cohort_html(content: dict) -> str:
    """Return the coach's page for one release: charts of the released cells, tables and the privacy rules."""
    specs = {
        "weekly": cohort_weekly_chart(content["weekly_signs"]),
        "engagement": engagement_chart(content["engagement"]["weeks"]),
    }
    return (
        template_environment()
        .get_template("cohort.html.j2")
        .render(
            release=content["release"],
            content=content,
            signs=SIGNS,
            verdict_bars=verdict_bars(content["verdicts"]),
            weekly_shown=any(not cell["suppressed"] for cell in content["weekly_signs"]),
            headline=None if content["release"]["clients"]["suppressed"] else cohort_headline(content),
            trend_texts=trend_texts,
            epsilon_words=EPSILON_WORDS,
            **chart_page_context(specs),
        )
    )
