"""One person's report: HTML (self-contained, offline), PDF or PNG, written atomically to its path."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

from independence.errors import ConfigError
from independence.insights import DEFAULT_WEEKS
from independence.report.content import report_week
from independence.report.data import report_data
from independence.report.figures import report_figures
from independence.users import validated_user_id

if TYPE_CHECKING:
    from independence.sources.options import SourceOptions
    from independence.warehouse.load import ImportSummary

FORMATS = ("html", "pdf", "png")
FILE_REPORT_USER = "me"  # whose report `independence report FILE` writes
REPORTS_DIR = Path("data/reports")


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
        from independence.report.html import report_html

        return report_html(data, figures, today, links).encode("utf-8")
    from independence.report.pdf import report_pdf, report_png

    return (report_pdf if fmt == "pdf" else report_png)(data, figures, today.isoformat())


def written_atomically(path: Path, content: bytes) -> Path:
    """Write content to path through a temporary file in the same directory; return the path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=path.parent, prefix=f".{path.name}.", delete=False) as partial:
        partial.write(content)
    os.chmod(partial.name, 0o600)  # health data: readable by its owner only
    Path(partial.name).replace(path)
    return path


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


def report_from_export(
    file: Path,
    *,
    source: str = "auto",
    moods_path: Path | None = None,
    options: SourceOptions | None = None,
    out: Path | None = None,
    fmt: str = "html",
    weeks: int = DEFAULT_WEEKS,
    include_notes: bool = False,
    reports_dir: Path = REPORTS_DIR,
) -> tuple[ImportSummary, Path | None]:
    """Import one export into a throw-away warehouse and write user 'me''s report from it.

    Returns the import summary and the report's path (None when no entry could be read). Nothing of
    the warehouse is left behind.
    """
    from independence.ingest import imported_export
    from independence.sources.options import SourceOptions
    from independence.transforms import built_warehouse
    from independence.warehouse import open_warehouse

    with tempfile.TemporaryDirectory(prefix="independence-") as scratch:
        db_path = Path(scratch) / "warehouse.duckdb"
        summary = imported_export(
            file,
            FILE_REPORT_USER,
            db_path=db_path,
            source=source,
            moods_path=moods_path,
            options=options or SourceOptions(),
        )
        if not summary.entries_added:
            return summary, None
        with open_warehouse(db_path) as con:
            built_warehouse(con)
            path = written_report(
                con,
                FILE_REPORT_USER,
                out=out,
                fmt=fmt,
                weeks=weeks,
                include_notes=include_notes,
                reports_dir=reports_dir,
            )
    return summary, path
