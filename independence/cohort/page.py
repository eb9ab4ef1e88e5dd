"""The coach's HTML page: the same offline, self-contained standard as the personal report."""

from __future__ import annotations

from markupsafe import Markup

from independence.charts.cohort import cohort_weekly_chart, engagement_chart, verdict_chart
from independence.report.bundle import vega_bundle
from independence.report.html import (
    TEMPLATES_DIR,
    content_security_policy,
    hoisted_datasets,
    script_json,
    template_environment,
)
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
    stripped, datasets = hoisted_datasets(list(specs.values()))
    embed = (TEMPLATES_DIR / "embed.js").read_text(encoding="utf-8")
    bundle = vega_bundle()
    return (
        template_environment()
        .get_template("cohort.html.j2")
        .render(
            release=content["release"],
            content=content,
            signs=SIGNS,
            titles={key: spec.get("title", "") for key, spec in specs.items()},
            specs={
                key: script_json({k: v for k, v in spec.items() if k != "title"}) for key, spec in zip(specs, stripped)
            },
            datasets=script_json(datasets),
            epsilon_words=EPSILON_WORDS,
            style=Markup((TEMPLATES_DIR / "report.css").read_text(encoding="utf-8")),
            bundle=Markup(bundle),
            embed=Markup(embed),
            csp=content_security_policy([bundle, embed]),
        )
    )
