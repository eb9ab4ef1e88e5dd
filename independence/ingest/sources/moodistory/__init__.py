"""Moodistory: the JSON export, on the scale length the person chose."""

from independence.ingest.sources.contract import DocumentSource
from independence.ingest.sources.moodistory import json_export

JSON = DocumentSource("moodistory", json_export.recognised_document, json_export.staged_document)
