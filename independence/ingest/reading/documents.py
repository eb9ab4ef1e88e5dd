"""Whole-document exports (JSON files, ZIP archives, XML): recognised by content and opened safely.

CSV exports stream through `csvchunks`; JSON and ZIP exports are smaller by nature and are read whole,
within limits: a JSON document of at most 256 MB, a ZIP of at most 100,000 members whose declared
sizes add up to at most 1 GB, no member compressed more than 200:1 (a ZIP bomb), no member read
beyond its declared size, and no member name that climbs out of the archive. Nothing is extracted
to disk. XML exports are not read here: their parser streams them (`sources/applexml.py`).
"""

from __future__ import annotations

import json
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from independence.errors import ExportError, shortened

MAX_JSON_BYTES = 256 * 1024 * 1024
MAX_ZIP_MEMBERS = 100_000
MAX_ZIP_BYTES = 1024 * 1024 * 1024
MAX_RATIO = 200
_TEXT_MEMBERS = (".json", ".daylio", ".csv", ".txt", ".md", ".xml")


@dataclass(frozen=True)
class Document:
    """An export read whole: its JSON value, or a ZIP's text members by name (photos are skipped)."""

    path: Path
    kind: str
    value: Any = None
    members: dict[str, bytes] = field(default_factory=dict)
    name: str = ""  # the file's name as the person knows it, when it is kept under another (an upload)

    @property
    def file_name(self) -> str:
        """Return the file's name as the person knows it (a single Day One JSON is named after its journal)."""
        return self.name or self.path.name


def sniffed_kind(path: Path) -> str:
    """Return 'zip', 'json', 'markdown' (front matter), 'xml' or 'text' from the first bytes (never the name)."""
    with path.open("rb") as source:
        head = source.read(64)
    if head.startswith(b"PK\x03\x04"):
        return "zip"
    stripped = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    if stripped[:1] in (b"{", b"["):
        return "json"
    if stripped.startswith(b"---"):
        return "markdown"
    return "xml" if stripped[:1] == b"<" else "text"


def json_value(data: bytes, where: str) -> Any:
    """Return parsed JSON, or raise naming where it is and the line and column of the problem."""
    try:
        return json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        raise ExportError(where, f"not UTF-8 JSON (invalid byte at offset {error.start})") from None
    except json.JSONDecodeError as error:
        raise ExportError(where, f"line {error.lineno}, column {error.colno}: invalid JSON ({error.msg})") from None
    except RecursionError:
        raise ExportError(where, "JSON nested deeper than any app writes (thousands of levels); refused") from None
    except ValueError:  # Python refuses to read an integer of more than 4,300 digits
        raise ExportError(where, "a number of thousands of digits, which no app writes; refused") from None


def _safe_name(path: Path, name: str) -> None:
    """Refuse a member name that is absolute or climbs out of the archive."""
    parts = PurePosixPath(name.replace("\\", "/")).parts
    if name.startswith(("/", "\\")) or ".." in parts or (parts and parts[0].endswith(":")):
        raise ExportError(path, f"ZIP member {name!r} points outside the archive; refused")


def _member_bytes(path: Path, archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """Return one member's bytes, reading no more than it declares (a lying header cannot inflate it)."""
    if info.compress_size and info.file_size / info.compress_size > MAX_RATIO:
        raise ExportError(
            path, f"ZIP member {info.filename!r} expands {info.file_size // info.compress_size}:1; refused"
        )
    try:
        with archive.open(info) as member:
            data = member.read(info.file_size + 1)
    except (zlib.error, EOFError) as error:  # a corrupt compressed stream; a bad checksum is BadZipFile
        raise ExportError(path, f"ZIP member {shortened(info.filename)!r} is corrupt ({shortened(error)})") from None
    if len(data) > info.file_size:
        raise ExportError(path, f"ZIP member {info.filename!r} is larger than its header says; refused")
    return data


def zip_members(path: Path) -> dict[str, bytes]:
    """Return the text members of a ZIP (JSON, .daylio, CSV, Markdown) after checking the archive's limits."""
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            if len(infos) > MAX_ZIP_MEMBERS:
                raise ExportError(path, f"ZIP has {len(infos)} members (limit {MAX_ZIP_MEMBERS}); refused")
            if sum(info.file_size for info in infos) > MAX_ZIP_BYTES:
                raise ExportError(path, "ZIP would unpack to more than 1 GB; refused")
            for info in infos:
                _safe_name(path, info.filename)
            wanted = [i for i in infos if not i.is_dir() and i.filename.lower().endswith(_TEXT_MEMBERS)]
            text_bytes = sum(info.file_size for info in wanted)
            if text_bytes > MAX_JSON_BYTES:
                raise ExportError(
                    path,
                    f"ZIP holds {text_bytes / 1e6:,.0f} MB of text to read, more than the "
                    f"{MAX_JSON_BYTES / 1e6:.0f} MB one import reads; refused",
                )
            return {info.filename: _member_bytes(path, archive, info) for info in wanted}
    except zipfile.BadZipFile as error:
        raise ExportError(path, f"not a readable ZIP archive ({shortened(error)})") from None
    except (RuntimeError, NotImplementedError) as error:  # encrypted or unsupported compression
        raise ExportError(path, f"ZIP member cannot be read ({error})") from None


def unpacked_size(path: Path) -> int:
    """Return the bytes an export holds once unpacked: a ZIP's declared member sizes, else the file's size (0 for
    no file: the import then says what is wrong)."""
    if not path.is_file():
        return 0
    size = path.stat().st_size
    if sniffed_kind(path) != "zip":
        return size
    try:
        with zipfile.ZipFile(path) as archive:
            return max(size, sum(info.file_size for info in archive.infolist()))
    except (zipfile.BadZipFile, OSError, ValueError):
        return size


def read_document(path: Path, kind: str, name: str = "") -> Document:
    """Return the export read whole: a JSON file parsed, or a ZIP's text members (XML is streamed later); `name` is
    the file's name as the person knows it (default: the path's)."""
    if kind == "xml":
        return Document(path, "xml", name=name)
    if kind == "markdown":
        return Document(path, "markdown", members={name or path.name: path.read_bytes()[:MAX_JSON_BYTES]}, name=name)
    if kind == "zip":
        return Document(path, "zip", members=zip_members(path), name=name)
    size = path.stat().st_size
    if size > MAX_JSON_BYTES:
        raise ExportError(path, f"JSON export of {size / 1e6:.0f} MB is larger than the 256 MB limit")
    return Document(path, "json", value=json_value(path.read_bytes(), str(path)), name=name)
