"""One person's report rendered from the content it is handed: HTML (self-contained, offline), PDF or PNG.

`pipelines.reports.assembled_report` is the one assembly behind every caller: it reads and judges the
content, calls `rendered_report`, writes the bytes to `report_path` (or where asked) and stores the digest.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from independence.errors import ConfigError
from independence.publish.report.changes import digest_record
from independence.publish.report.data import ReportData, report_week
from independence.publish.report.figures import report_figures
from independence.warehouse.digests import ReportDigest

FORMATS = ("html", "pdf", "png")
PAPERS = ("a4", "letter")


def report_path(user: str, fmt: str, today: dt.date, reports_dir: Path) -> Path:
    """Return <reports_dir>/<user>/<ISO week>.<fmt>, the report of the week `today` falls in (a validated user id)."""
    return reports_dir / user / f"{report_week(today)}.{fmt}"


@dataclass(frozen=True)
class RenderedReport:
    """A report's bytes and its digest: what it said, which the caller stores so the next report can compare."""

    content: bytes
    digest: ReportDigest


def checked_format(fmt: str, paper: str) -> None:
    """Refuse an unknown report format or paper size, naming the choices."""
    if fmt not in FORMATS:
        raise ConfigError(f"unknown report format {fmt!r}: choose one of {', '.join(FORMATS)}")
    if paper not in PAPERS:
        raise ConfigError(f"unknown paper size {paper!r}: choose one of {', '.join(PAPERS)}")


def rendered_report(
    data: ReportData, fmt: str, weeks: int, today: dt.date, links: dict[str, str] | None = None, paper: str = "a4"
) -> RenderedReport:
    """Return one person's report in the format 'html', 'pdf' or 'png' with its digest, from their content.

    `links` (HTML only) are the upload page's actions shown in the masthead; `paper` (PDF only) is 'a4' or
    'letter'.
    """
    checked_format(fmt, paper)
    figures = report_figures(data)
    if fmt == "html":
        from independence.publish.report.html import report_html

        content = report_html(data, figures, today, links).encode("utf-8")
    else:
        from independence.publish.report.pdf import report_pdf, report_png

        content = (
            report_pdf(data, figures, today.isoformat(), paper)
            if fmt == "pdf"
            else report_png(data, figures, today.isoformat())
        )
    return RenderedReport(content, digest_record(data, weeks))
