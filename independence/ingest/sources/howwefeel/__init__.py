"""How We Feel: the CSV export, with or without the locale-independent key columns."""

from independence.ingest.sources.contract import CsvSource
from independence.ingest.sources.howwefeel import csv_export

CSV = CsvSource("howwefeel", csv_export.recognised_format, csv_export.staged_rows)
