"""The self-contained HTML report: Jinja2 templates from reports/, every script and style inline.

User text (tags, notes, mood names, file names, the user id) reaches the page only through Jinja2's
autoescaping or inside JSON script blocks with `<`, `>` and `&` escaped, and a Content-Security-Policy
lets only the page's own two scripts run (by hash) and forbids every network request.
"""

from __future__ import annotations

import base64
import datetime as dt
import functools
import hashlib
import json

import jinja2
from markupsafe import Markup

from independence.analysis.sentences import (
    FRAMING,
    apart_sentence,
    conflict_sentence,
)
from independence.analysis.trends import CONFIDENCE
from independence.config import TEMPLATES_DIR
from independence.publish.charts import hoisted_datasets
from independence.publish.report.bundle import vega_bundle
from independence.publish.report.changes import changes_since, report_digest
from independence.publish.report.content import (
    CALLED_WHEN,
    SOURCES,
    coverage,
    feeling_lines,
    has_checkins,
    missing_data,
    missing_line,
    quiet_tags_line,
    shown_series,
    sign_cards,
    skipping_sentence,
    source_note,
    speaks_to,
    strongest_tags,
    tag_lines,
)
from independence.publish.report.data import ReportData
from independence.publish.report.figures import Figure, unpictured_patterns
from independence.publish.report.moments import HOW as MOMENTS_HOW
from independence.publish.report.moments import moment_views
from independence.publish.report.sign_figures import sign_figures


def script_json(value: object) -> Markup:
    """Return JSON safe inside a <script> element: no '<', '>' or '&' that could end it or open a tag."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def script_hash(script: str) -> str:
    """Return the CSP source of an inline script: 'sha256-<base64 digest>'."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode()).digest()).decode() + "'"


def content_security_policy(scripts: list[str]) -> str:
    """Return a policy that runs only the given inline scripts and loads nothing from anywhere.

    Vega compiles its own chart expressions with Function(), hence 'unsafe-eval'; injected markup
    cannot run because inline scripts and event handlers need a listed hash.
    """
    hashes = " ".join(script_hash(script) for script in scripts)
    return (
        f"default-src 'none'; script-src {hashes} 'unsafe-eval'; style-src 'unsafe-inline'; img-src data:; "
        "connect-src 'none'; font-src 'none'; base-uri 'none'; form-action 'none'"
    )


@functools.cache
def template_environment() -> jinja2.Environment:
    """Return the template environment: reports/, autoescaping on, undefined names are errors.

    One environment per process, so each template is compiled once (about 80 ms), not once per report.
    """
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def chart_page_context(specs: dict[str, dict]) -> dict:
    """Return what every chart page's template needs: the charts' specs and titles, shared rows, style, scripts, CSP.

    Each chart's own title becomes page text above it, where it wraps on a narrow screen.
    """
    stripped, datasets = hoisted_datasets(list(specs.values()))
    embed = (TEMPLATES_DIR / "embed.js").read_text(encoding="utf-8")
    bundle = vega_bundle()
    return {
        "specs": {
            key: script_json({name: value for name, value in spec.items() if name != "title"})
            for key, spec in zip(specs, stripped, strict=True)
        },
        "chart_titles": {key: spec.get("title", "") for key, spec in specs.items()},
        "datasets": script_json(datasets),
        "style": Markup((TEMPLATES_DIR / "report.css").read_text(encoding="utf-8")),
        "bundle": Markup(bundle),
        "embed": Markup(embed),
        "csp": content_security_policy([bundle, embed]),
    }


def report_html(
    data: ReportData, figures: dict[str, list[Figure]], generated_on: dt.date, links: dict[str, str] | None = None
) -> str:
    """Return the whole report as one HTML document that needs no network and no other file.

    `links` adds the upload page's actions (a 'delete' URL) to the masthead; files on disk have none.
    """
    judgement = data.judgement
    by_sign = sign_figures(data)
    charts = [figure for section in figures.values() for figure in section]
    charts += [figure for section in by_sign.values() for figure in section]
    return (
        template_environment()
        .get_template("report.html.j2")
        .render(
            data=data,
            generated_on=generated_on.isoformat(),
            cards=sign_cards(data),
            shown=shown_series(data),
            sources=SOURCES,
            sign_figures=by_sign,
            missing=missing_data(data),
            missing_line=missing_line(data),
            speaks=speaks_to(data),
            strongest_tags=strongest_tags(data),
            changes=changes_since(data.previous, report_digest(data), data.remade),
            moments=moment_views(data),
            moments_how=MOMENTS_HOW,
            coverage=coverage(data),
            figures=figures,
            apart_sentence=apart_sentence(judgement.apart),
            conflict_sentence=conflict_sentence(judgement.conflicts, judgement.signs["conflict_calmness"]["observed"]),
            tag_sentences=tag_lines(data),
            tags_tested=bool(judgement.tested),
            quiet_tags_line=quiet_tags_line(data),
            feeling_lines=feeling_lines(data),
            unpictured_patterns=unpictured_patterns(data),
            framing=FRAMING,
            confidence=f"{CONFIDENCE:.0%}",
            has_checkins=has_checkins(data),
            source_note=source_note(data),
            skipping=skipping_sentence(data),
            called_when=CALLED_WHEN,
            links=links or {},
            person="you" if links else data.user,  # the upload page's user ids are hashes, not names
            **chart_page_context({figure.key: figure.spec for figure in charts}),
        )
    )
