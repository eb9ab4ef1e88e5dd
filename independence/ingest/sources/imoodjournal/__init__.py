"""iMoodJournal: its CSV export (a row per entry, the level on 1..10, a 0/1 column per hashtag)."""

from independence.ingest.sources.contract import CsvSource
from independence.ingest.sources.imoodjournal import csv_export

CSV = CsvSource("imoodjournal", csv_export.recognised_format, csv_export.staged_rows)
