"""Diaro XML backup: `<data><table name="diaro_entries"><r><uid>…</uid><date>…</date>…</r>…</table>…</data>`.

Each row of `diaro_entries` is one entry at `date` (milliseconds since 1970, UTC) moved by its `tz_offset`;
its `mood` is the uid of a row of `diaro_moods`, whose `weight` (1..5, 5 the best) is the mood score (the uid
runs the other way: uid 1 has weight 5); `tags` lists uids of `diaro_tags` as `,uid,uid,`; the folder's title
is a tag in the group `folder`; title and text are the note. Locations, weather (a temperature of 0 means
none was recorded), attachments and templates are not read. The XML is parsed with `defusedxml` (no DTD,
entities or external references), as Apple's export is.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from independence.errors import ExportError
from independence.ingest.options import SourceOptions
from independence.ingest.reading.documents import MAX_JSON_BYTES, Document
from independence.ingest.sources.rows import Rejected, date_problem, guarded, shortened, staged_frames, staged_row

_MARK = b'<table name="diaro_'


def _member(document: Document) -> tuple[str, bytes] | None:
    """Return the name and bytes of a backup ZIP's DiaroBackup.xml, or None."""
    for name, data in document.members.items():
        if name.rsplit("/", 1)[-1].lower() == "diarobackup.xml":
            return name, data
    return None


def recognised_document(document: Document, options: SourceOptions = SourceOptions()) -> str | None:
    """Return the Diaro form of a document (its backup ZIP, or the bare XML whose first table is Diaro's), or None."""
    if document.kind == "zip":
        found = _member(document)
        return "Diaro backup (ZIP)" if found and _MARK in found[1][:65536] else None
    if document.kind == "xml":
        with document.path.open("rb") as source:
            return "Diaro backup (XML)" if _MARK in source.read(65536) else None
    return None


def _backup_bytes(document: Document) -> tuple[str, bytes]:
    """Return the backup's name and bytes (the bare XML read up to the import's limit, or the ZIP member)."""
    if document.kind == "zip":
        return _member(document)
    with document.path.open("rb") as source:
        return document.file_name, source.read(MAX_JSON_BYTES + 1)


def _tables(document: Document, name: str, data: bytes) -> dict[str, list[dict[str, str]]]:
    """Return each table's rows as {column: text}, parsed without DTDs, entities or external references."""
    if len(data) > MAX_JSON_BYTES:
        raise ExportError(document.path, f"{name} is larger than the {MAX_JSON_BYTES // 2**20} MB one import reads")
    try:
        root: Element = fromstring(data, forbid_dtd=True)
    except DefusedXmlException as error:
        raise ExportError(
            document.path, f"{name} uses XML features no backup needs ({type(error).__name__}); refused"
        ) from None
    except ParseError as error:
        raise ExportError(document.path, f"{name} is not well-formed XML ({shortened(error)})") from None
    return {
        table.get("name", ""): [{column.tag: (column.text or "").strip() for column in row} for row in table.iter("r")]
        for table in root.iter("table")
    }


def _local(row: dict[str, str]) -> tuple[dt.datetime, str | None]:
    """Return an entry's local time and zone from its UTC milliseconds and its offset ('+02:00')."""
    utc = dt.datetime(1970, 1, 1) + dt.timedelta(milliseconds=int(row["date"]))
    offset = row.get("tz_offset", "")
    if len(offset) == 6 and offset[0] in "+-" and offset[1:3].isdigit() and offset[4:].isdigit():
        shift = dt.timedelta(hours=int(offset[1:3]), minutes=int(offset[4:]))
        return (utc + shift if offset[0] == "+" else utc - shift), f"UTC{offset}"
    return utc, "UTC"


def _entry(number: int, row: dict[str, str], lookups: dict[str, dict[str, Any]]) -> dict | Rejected:
    """Return one Diaro entry as a staged row, or why it cannot be one."""
    try:
        when, zone = _local(row)
    except (KeyError, ValueError, OverflowError):
        return Rejected(number, f"entry {number}: cannot read date {shortened(row.get('date'), 40)!r}")
    if problem := date_problem(when.date()):
        return Rejected(number, f"entry {number}: {problem}", f"uid={row.get('uid')!r}")
    mood = lookups["moods"].get(row.get("mood", ""))
    tags = [
        {"tag": lookups["tags"][uid], "tag_group": "tag"}
        for uid in row.get("tags", "").split(",")
        if uid in lookups["tags"]
    ]
    if folder := lookups["folders"].get(row.get("folder_uid", "")):
        tags.append({"tag": folder, "tag_group": "folder"})
    return staged_row(
        number,
        when,
        tz=zone,
        mood_raw=mood[0] if mood else None,
        mood_score=mood[1] if mood else None,
        note_title=row.get("title") or None,
        note=row.get("text") or None,
        tags=tags,
        source_entry_id=row.get("uid") or None,
    )


def _moods(rows: list[dict[str, str]]) -> dict[str, tuple[str, float]]:
    """Return each mood uid's label and score (its weight, when 1..5)."""
    found = {}
    for row in rows:
        try:
            weight = float(row.get("weight", ""))
        except ValueError:
            continue
        if 1 <= weight <= 5:
            found[row.get("uid", "")] = (row.get("title") or f"weight {weight:g}", weight)
    return found


def staged_document(document: Document, options: SourceOptions = SourceOptions()) -> tuple:
    """Return canonical staged rows and the entries rejected with a reason (numbered in the backup's order)."""
    name, data = _backup_bytes(document)
    tables = _tables(document, name, data)
    lookups = {
        "moods": _moods(tables.get("diaro_moods", [])),
        "tags": {row.get("uid", ""): row.get("title", "") for row in tables.get("diaro_tags", []) if row.get("title")},
        "folders": {
            row.get("uid", ""): row.get("title", "") for row in tables.get("diaro_folders", []) if row.get("title")
        },
    }
    entries = tables.get("diaro_entries", [])
    return staged_frames(guarded(_entry, number, row, lookups) for number, row in enumerate(entries, start=1))
