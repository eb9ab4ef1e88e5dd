"""Apple Health State of Mind: Health Auto Export JSON and CSV, and Apple's own export.xml."""

from independence.ingest.sources.applehealth import auto_export_csv, auto_export_json, export_xml
from independence.ingest.sources.contract import CsvSource, DocumentSource

AUTO_EXPORT_JSON = DocumentSource("applehealth", auto_export_json.recognised_document, auto_export_json.staged_document)
AUTO_EXPORT_CSV = CsvSource("applehealth", auto_export_csv.recognised_format, auto_export_csv.staged_rows)
EXPORT_XML = DocumentSource("applehealth", export_xml.recognised_document, export_xml.staged_document)
