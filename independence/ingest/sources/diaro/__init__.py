"""Diaro: its XML backup (`DiaroBackup.xml`, bare or in the backup ZIP beside the photos)."""

from independence.ingest.sources.contract import DocumentSource
from independence.ingest.sources.diaro import backup

BACKUP = DocumentSource("diaro", backup.recognised_document, backup.staged_document)
