"""Day One: a ZIP with one or more journal JSON files, or one such JSON."""

from independence.ingest.sources.contract import DocumentSource
from independence.ingest.sources.dayone import journal

JOURNAL = DocumentSource("dayone", journal.recognised_document, journal.staged_document)
