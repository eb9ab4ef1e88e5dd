"""Bearable: the CSV export, old and new header (one row per date x time slot x category)."""

from independence.ingest.sources.bearable import csv_export
from independence.ingest.sources.contract import CsvSource

CSV = CsvSource("bearable", csv_export.recognised_format, csv_export.staged_rows)
