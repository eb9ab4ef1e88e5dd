"""Journey: one JSON per entry, alone or many in a ZIP."""

from independence.ingest.sources.contract import DocumentSource
from independence.ingest.sources.journey import entries

ENTRIES = DocumentSource("journey", entries.recognised_document, entries.staged_document)
