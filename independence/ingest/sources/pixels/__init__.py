"""Pixels: the JSON backup, flat and older nested form."""

from independence.ingest.sources.contract import DocumentSource
from independence.ingest.sources.pixels import backup

BACKUP = DocumentSource("pixels", backup.recognised_document, backup.staged_document)
