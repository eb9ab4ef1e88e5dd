"""Apple Health `export.xml`: State of Mind records, streamed with an XML-bomb-safe parser.

The file can be gigabytes: it is read in 1 MB pieces, its internal DTD (which some exports carry
malformed) is skipped, control characters XML forbids are blanked, and `defusedxml` parses the rest
with any DTD, entity or external reference refused. Each element is dropped once read, so memory
stays bounded. Everything but State of Mind records is ignored. Whether Apple writes State of Mind
to `export.xml` is unverified: a `Record` whose `type` mentions StateOfMind is read generously (its
start date, valence or valence class from attributes or `MetadataEntry` children, labels and
associations from metadata), scored and tagged like the Health Auto Export JSON (`applehealth`).
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ElementTree

import polars as pl
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

from independence.errors import ExportError
from independence.ingest.options import SourceOptions
from independence.ingest.reading.documents import Document
from independence.ingest.sources.applehealth.auto_export_json import judged_sample
from independence.ingest.sources.rows import guarded, shortened, staged_frames

PIECE = 1024 * 1024
_CONTROL = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]")


class _CleanedXml(io.RawIOBase):
    """A readable view of an XML file without its internal DTD and with forbidden control bytes blanked."""

    def __init__(self, path) -> None:
        self._source = open(path, "rb")  # noqa: SIM115 - closed by close()
        self._pending = b""
        self._in_doctype = False
        self._seen_root = False

    def readable(self) -> bool:
        return True

    def _cleaned(self, piece: bytes) -> bytes:
        """Return a piece with the DOCTYPE block (until `]>`) removed; state carries across pieces."""
        kept = b""
        while piece:
            if self._in_doctype:
                end = piece.find(b"]>")
                if end < 0:
                    return kept
                piece, self._in_doctype = piece[end + 2 :], False
            elif not self._seen_root and (start := piece.find(b"<!DOCTYPE")) >= 0:
                kept, piece, self._in_doctype = kept + piece[:start], piece[start:], True
            else:
                self._seen_root = self._seen_root or b"<HealthData" in piece
                return kept + piece
        return kept

    def readinto(self, buffer) -> int:
        while len(self._pending) < len(buffer):
            piece = self._source.read(PIECE)
            if not piece:
                break
            self._pending += _CONTROL.sub(b" ", self._cleaned(piece))
        size = min(len(buffer), len(self._pending))
        buffer[:size], self._pending = self._pending[:size], self._pending[size:]
        return size

    def close(self) -> None:
        self._source.close()
        super().close()


def recognised_document(document: Document, options: SourceOptions = SourceOptions()) -> str | None:
    """Return the format for an Apple Health export.xml (root HealthData in its first 64 KB), else None."""
    if document.kind != "xml":
        return None
    with document.path.open("rb") as source:
        head = source.read(65536)
    return "Apple Health export.xml (State of Mind records)" if b"<HealthData" in head else None


def _sample(record: ElementTree.Element) -> dict:
    """Return a State of Mind record as the Health Auto Export shape: start, valence, class, labels."""
    metadata = {entry.get("key", "").lower(): entry.get("value", "") for entry in record.iter("MetadataEntry")}

    def find(*words: str) -> str | None:
        for key, value in {**{k.lower(): v for k, v in record.attrib.items()}, **metadata}.items():
            if all(word in key for word in words):
                return value
        return None

    valence = find("valence")
    klass = find("valence", "class")
    try:
        valence_number = float(valence) if valence is not None and valence != klass else None
    except ValueError:
        valence_number = None
    return {
        "start": record.get("startDate") or record.get("creationDate"),
        "valence": valence_number,
        "valenceClassification": int(klass) if klass and klass.isdigit() else klass,
        "labels": [x.strip() for x in (find("label") or "").split(",") if x.strip()],
        "associations": [x.strip() for x in (find("association") or "").split(",") if x.strip()],
        "kind": find("kind"),
    }


def _records(document: Document):
    """Yield (number, State of Mind record as a dict), streaming the file and freeing what was read."""
    number, root = 0, None
    with _CleanedXml(document.path) as cleaned:
        reader = io.BufferedReader(cleaned, PIECE)
        for event, element in iterparse(reader, events=("start", "end"), forbid_dtd=True):
            if root is None and event == "start":
                root = element
            if event == "end" and element.tag == "Record":
                if "stateofmind" in (element.get("type") or "").lower():
                    number += 1
                    yield number, _sample(element)
                root.clear()


def staged_document(document: Document, options: SourceOptions = SourceOptions()) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Return canonical staged rows from the State of Mind records, and those rejected with a reason."""
    try:
        return staged_frames(
            guarded(judged_sample, number, sample, "record", "startDate") for number, sample in _records(document)
        )
    except DefusedXmlException as error:
        raise ExportError(document.path, f"refused unsafe XML ({type(error).__name__})") from None
    except ElementTree.ParseError as error:
        raise ExportError(document.path, f"not well-formed XML ({error})") from None
    except (LookupError, UnicodeError) as error:  # an encoding declared that no codec knows, or bytes not in it
        raise ExportError(document.path, f"XML in an encoding that cannot be read ({shortened(error)})") from None
