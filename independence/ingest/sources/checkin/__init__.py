"""Weekly check-ins: the project's own template CSV, and coach forms (Google Forms, Typeform) via a column map."""

from independence.ingest.sources.checkin import forms, template
from independence.ingest.sources.contract import CsvSource

TEMPLATE = CsvSource("checkin", template.recognised_format, template.staged_rows, template.header_problem)
FORM = CsvSource("checkin", forms.recognised_format, forms.staged_rows, forms.header_problem)
