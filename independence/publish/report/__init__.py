"""One person's report: HTML (self-contained, offline), PDF or PNG, written atomically to its path."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb

from independence.config import DEFAULT_WEEKS, REPORTS_DIR
from independence.errors import ConfigError
from independence.publish.files import written_atomically
from independence.publish.report.content import report_week
from independence.publish.report.data import report_data
from independence.publish.report.figures import report_figures
from independence.warehouse.users import validated_user_id

FORMATS = ("html", "pdf", "png")


def default_report_path(user: str, fmt: str, today: dt.date, reports_dir: Path = REPORTS_DIR) -> Path:
    """Return data/reports/<user>/<ISO week>.<fmt>, the report of the week `today` falls in."""
    return reports_dir / validated_user_id(user) / f"{report_week(today)}.{fmt}"


def report_bytes(
    con: duckdb.DuckDBPyConnection,
    user: str,
    fmt: str,
    weeks: int,
    include_notes: bool,
    today: dt.date,
    links: dict[str, str] | None = None,
) -> bytes:
    """Return one user's report in the format 'html', 'pdf' or 'png', from the built marts.

    `links` (HTML only) are the upload page's actions shown in the masthead.
    """
    if fmt not in FORMATS:
        raise ConfigError(f"unknown report format {fmt!r}: choose one of {', '.join(FORMATS)}")
    data = report_data(con, user, weeks, include_notes)
    figures = report_figures(data)
    if fmt == "html":
        from independence.publish.report.html import report_html

        return report_html(data, figures, today, links).encode("utf-8")
    from independence.publish.report.pdf import report_pdf, report_png

    return (report_pdf if fmt == "pdf" else report_png)(data, figures, today.isoformat())


def written_report(
    con: duckdb.DuckDBPyConnection,
    user: str,
    *,
    out: Path | None = None,
    fmt: str = "html",
    weeks: int = DEFAULT_WEEKS,
    include_notes: bool = False,
    today: dt.date | None = None,
    reports_dir: Path = REPORTS_DIR,
    links: dict[str, str] | None = None,
) -> Path:
    """Write one user's report and return its path; the default path also refreshes latest.<fmt> beside it."""
    validated_user_id(user)
    today = today or dt.date.today()
    content = report_bytes(con, user, fmt, weeks, include_notes, today, links)
    if out is not None:
        return written_atomically(out, content)
    path = written_atomically(default_report_path(user, fmt, today, reports_dir), content)
    latest = path.with_name(f"latest.{fmt}")
    written_atomically(latest, content)
    return path
