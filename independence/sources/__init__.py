"""One parser module per app; each recognises its header and stages canonical rows."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

from independence.errors import ExportError
from independence.sources import bearable, checkin, daylio, howwefeel

SOURCES: dict[str, ModuleType] = {module.NAME: module for module in (daylio, bearable, howwefeel, checkin)}
SUPPORTED = (
    "Daylio CSV (all header eras), Bearable CSV (both headers), How We Feel CSV (with or without key columns), "
    "check-in CSV (date + the six sign columns)"
)


def detected_source(path: Path, header: list[str], requested: str = "auto") -> tuple[ModuleType, str]:
    """Return the parser module and format label for a header; raise when it fits no parser."""
    if requested != "auto" and requested not in SOURCES:
        raise ExportError(path, f"unknown source {requested!r}; choose auto or one of {', '.join(SOURCES)}")
    candidates = SOURCES.values() if requested == "auto" else [SOURCES[requested]]
    for module in candidates:
        label = module.recognised_format(header)
        if label:
            problem = getattr(module, "header_problem", lambda _: None)(header)
            if problem:
                raise ExportError(path, problem)
            return module, label
    shown = ",".join(header)[:200]
    if requested != "auto":
        raise ExportError(path, f"line 1: header {shown!r} is not a {requested} header")
    raise ExportError(path, f"line 1: header {shown!r} is from no supported app; supported: {SUPPORTED}")
