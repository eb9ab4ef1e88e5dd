"""Obsidian: the mood-tracker plugin's JSON, and daily notes with mood in their YAML front matter."""

from independence.ingest.sources.contract import DocumentSource
from independence.ingest.sources.obsidian import notes, tracker

TRACKER = DocumentSource("obsidian", tracker.recognised_document, tracker.staged_document)
NOTES = DocumentSource("obsidian", notes.recognised_document, notes.staged_document)
