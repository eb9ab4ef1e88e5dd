"""An import's problem in words for a person on the upload page: no command-line flags, no internals, and
always what to do next. The command line keeps the exact technical message."""

from __future__ import annotations

import re

EXPORT_AGAIN = (
    "Export again from your app and upload the file as the app saved it, without opening it in a spreadsheet."
)
# (pattern in the technical message, the words for a person); the first match wins
PLAIN = [
    (
        re.compile(r"binary content|not a CSV header row|longer than 64 KiB|looks like UTF-16 but"),
        "This is not a mood or journal export: it looks like a picture, a document or another kind of file. "
        "Choose the CSV, JSON, XML or ZIP file your app exported (see the list below).",
    ),
    (
        re.compile(r"header .* is (from no supported app|not a \w+ header)"),
        "The first line of this file is not the header of any app the page reads. " + EXPORT_AGAIN,
    ),
    (
        re.compile(r"JSON of no supported app's shape|XML that is not an Apple Health|is not a CSV file"),
        "This file is not an export of an app the page reads. Check the list below for your app and how to export it.",
    ),
    (
        re.compile(r"Markdown without a `(\w+)` front matter key"),
        "This note has no mood at its top (a line such as `mood: 4` in its front matter). Add one, or upload "
        "the Mood Tracker plugin's JSON instead.",
    ),
    (
        re.compile(r"invalid JSON|not UTF-8 JSON|not a readable ZIP|ZIP member cannot be read|unbalanced quotes"),
        "This file is damaged or incomplete (it may have been cut off while downloading). " + EXPORT_AGAIN,
    ),
    (
        re.compile(r"ZIP|nested deeper|larger than the \d+ MB limit"),
        "This archive is larger or deeper than any app's export when unpacked, so it was not opened. Upload "
        "the export file itself rather than a folder of files.",
    ),
]


def plain_problem(problem: str) -> str:
    """Return an import problem in words for a person: what is wrong and what to do next."""
    for pattern, words in PLAIN:
        if pattern.search(problem):
            return words
    problem = re.sub(r";? supported: .*$", "", problem).strip()
    problem = re.sub(r"\s*\(with --\w[\w-]*\)", "", problem).rstrip(".")
    return f"{problem[:1].upper()}{problem[1:]}. Fix this in the file or export again from your app, then try again."
