"""One person's report: HTML (self-contained, offline), PDF or PNG, written atomically to its path."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import duckdb

from independence.config import DEFAULT_WEEKS, REPORTS_DIR
from independence.errors import ConfigError
from independence.publish.files import linked_atomically, written_atomically
from independence.publish.report.changes import digest_record
from independence.publish.report.data import ReportData, report_data, report_week
from independence.publish.report.figures import report_figures
from independence.warehouse.digests import ReportDigest
from independence.warehouse.users import validated_user_id

FORMATS = ("html", "pdf", "png")
PAPERS = ("a4", "letter")


def default_report_path(user: str, fmt: str, today: dt.date, reports_dir: Path = REPORTS_DIR) -> Path:
    """Return data/reports/<user>/<ISO week>.<fmt>, the report of the week `today` falls in."""
    return reports_dir / validated_user_id(user) / f"{report_week(today)}.{fmt}"


@dataclass(frozen=True)
class RenderedReport:
    """A report's bytes and its digest: what it said, which the caller stores so the next report can compare."""

    content: bytes
    digest: ReportDigest


@dataclass(frozen=True)
class WrittenReport:
    """A report written to disk: its path and its digest (store it with `warehouse.digests.saved_digests`)."""

    path: Path
    digest: ReportDigest


def _rendered(data: ReportData, fmt: str, today: dt.date, links: dict[str, str] | None, paper: str) -> bytes:
    """Return the report's bytes in one format."""
    figures = report_figures(data)
    if fmt == "html":
        from independence.publish.report.html import report_html

        return report_html(data, figures, today, links).encode("utf-8")
    from independence.publish.report.pdf import report_pdf, report_png

    if fmt == "pdf":
        return report_pdf(data, figures, today.isoformat(), paper)
    return report_png(data, figures, today.isoformat())


def rendered_report(
    con: duckdb.DuckDBPyConnection,
    user: str,
    fmt: str,
    weeks: int,
    include_notes: bool,
    today: dt.date,
    links: dict[str, str] | None = None,
    paper: str = "a4",
    data: ReportData | None = None,
) -> RenderedReport:
    """Return one user's report in the format 'html', 'pdf' or 'png', from the built marts, with its digest.

    `links` (HTML only) are the upload page's actions shown in the masthead; `paper` (PDF only) is
    'a4' or 'letter'; `data` is the user's content when already read with the same arguments
    (`reports_data` reads a batch of people at once).
    """
    if fmt not in FORMATS:
        raise ConfigError(f"unknown report format {fmt!r}: choose one of {', '.join(FORMATS)}")
    if paper not in PAPERS:
        raise ConfigError(f"unknown paper size {paper!r}: choose one of {', '.join(PAPERS)}")
    data = data or report_data(con, user, weeks, today, include_notes)
    return RenderedReport(_rendered(data, fmt, today, links, paper), digest_record(data, weeks))


def report_bytes(
    con: duckdb.DuckDBPyConnection,
    user: str,
    fmt: str,
    weeks: int,
    include_notes: bool,
    today: dt.date,
    links: dict[str, str] | None = None,
    paper: str = "a4",
) -> bytes:
    """Return one user's report in the format 'html', 'pdf' or 'png' (see `rendered_report`)."""
    return rendered_report(con, user, fmt, weeks, include_notes, today, links, paper).content


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
    paper: str = "a4",
    data: ReportData | None = None,
) -> WrittenReport:
    """Write one user's report and return its path and digest; the default path also refreshes latest.<fmt>.

    The digest is not stored here (the connection may be a read-only snapshot): the use case stores it.
    `data` is the user's content when already read (see `rendered_report`).
    """
    validated_user_id(user)
    today = today or dt.date.today()
    report = rendered_report(con, user, fmt, weeks, include_notes, today, links, paper, data)
    if out is not None:
        return WrittenReport(written_atomically(out, report.content), report.digest)
    path = written_atomically(default_report_path(user, fmt, today, reports_dir), report.content)
    linked_atomically(path, path.with_name(f"latest.{fmt}"))
    return WrittenReport(path, report.digest)
