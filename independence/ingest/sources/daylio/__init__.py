"""Daylio: the CSV export (all four header eras) and the `.daylio` backup."""

from independence.ingest.sources.contract import CsvSource, DocumentSource
from independence.ingest.sources.daylio import backup, csv_export

CSV = CsvSource("daylio", csv_export.recognised_format, csv_export.staged_rows)
BACKUP = DocumentSource("daylio", backup.recognised_document, backup.staged_document)
