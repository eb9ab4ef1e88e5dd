"""Hypothesis strategies that mutate real-shaped exports: type swaps, extreme values, nesting, line endings, cuts.

Every seed is a synthetic fixture of `tests/fixtures` (or built here, like the Daylio backup), so a
mutation keeps enough of the export's shape to reach deep into its parser.
"""

from __future__ import annotations

import base64
import io
import json
import math
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from independence.ingest.options import SourceOptions

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"

WEIRD_STRINGS = [
    "",
    " ",
    "0001-01-01T00:00:00Z",
    "9999-12-31T23:59:59+14:00",
    "0000-00-00",
    "2026-02-30",
    "NaN",
    "1e999",
    "-1",
    "tuesday",
    "\x00\x01",
    "<script>x</script>",
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 ☃",
    "Pacific/Kiritimati",
    "Etc/GMT-14",
]
WEIRD_NUMBERS = [0, -1, 2**31, 2**63, -(2**63) - 1, 10**30, 1e20, 1e308, -1e308, 0.5, math.nan, math.inf, -math.inf]


def weird_values() -> st.SearchStrategy[Any]:
    """Return values of every JSON type and none a parser expects: wrong types, extremes, non-finite numbers."""
    scalar = st.one_of(
        st.none(),
        st.booleans(),
        st.sampled_from(WEIRD_NUMBERS),
        st.integers(),
        st.floats(),
        st.sampled_from(WEIRD_STRINGS),
        st.text(max_size=20),
        st.integers(min_value=1, max_value=200_000).map(lambda size: "x" * size),
    )
    return st.recursive(
        scalar,
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
        max_leaves=6,
    )


def json_paths(value: Any, path: tuple = ()) -> list[tuple]:
    """Return the path of every node of a JSON value (keys and list indexes), the root included."""
    found = [path]
    if isinstance(value, dict):
        for key, item in value.items():
            found += json_paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += json_paths(item, (*path, index))
    return found


def replaced(value: Any, path: tuple, new: Any) -> Any:
    """Return a copy of value with the node at path replaced by new (or deleted when new is DELETE)."""
    if not path:
        return new
    head, rest = path[0], path[1:]
    if isinstance(value, dict):
        copy = dict(value)
        if rest or new is not DELETE:
            copy[head] = replaced(value[head], rest, new)
        else:
            del copy[head]
        return copy
    copy = list(value)
    if rest or new is not DELETE:
        copy[head] = replaced(value[head], rest, new)
    else:
        del copy[head]
    return copy


DELETE = object()


@st.composite
def mutated_json(draw, value: Any) -> Any:
    """Return the JSON value with one to three nodes replaced by weird values, deleted, or nested deeper."""
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(json_paths(value)))
        action = draw(st.sampled_from(["replace", "replace", "delete", "nest"]))
        if action == "delete" and path:
            value = replaced(value, path, DELETE)
        elif action == "nest":
            node = value
            for step in path:
                node = node[step]
            depth = draw(st.integers(1, 60))
            for _ in range(depth):
                node = [node] if draw(st.booleans()) else {"x": node}
            value = replaced(value, path, node)
        else:
            value = replaced(value, path, draw(weird_values()))
    return value


def json_text(value: Any) -> str:
    """Return JSON text as apps and hand edits write it, NaN and Infinity included (Python's json allows them)."""
    return json.dumps(value, ensure_ascii=False, allow_nan=True)


@st.composite
def mutated_text(draw, text: str) -> bytes:
    """Return CSV or Markdown text mutated: line endings, a cell or line replaced, a cut, another encoding."""
    lines = text.splitlines()
    for _ in range(draw(st.integers(1, 3))):
        action = draw(st.sampled_from(["cell", "cell", "line", "cut", "duplicate", "quote"]))
        index = draw(st.integers(0, max(len(lines) - 1, 0)))
        if not lines:
            break
        if action == "cell":
            cells = lines[index].split(",")
            spot = draw(st.integers(0, len(cells) - 1))
            cells[spot] = draw(st.one_of(st.sampled_from(WEIRD_STRINGS), st.text(max_size=30)).map(str))
            lines[index] = ",".join(cells)
        elif action == "line":
            lines[index] = draw(st.text(max_size=80))
        elif action == "cut":
            lines = lines[: index + 1]
            lines[-1] = lines[-1][: draw(st.integers(0, len(lines[-1])))]
        elif action == "duplicate":
            lines.insert(index, lines[index])
        else:
            lines[index] = lines[index] + '"'
    ending = draw(st.sampled_from(["\n", "\r\n", "\r", "\n\r"]))
    mutated = ending.join(lines)
    encoding = draw(st.sampled_from(["utf-8", "utf-8", "utf-8-sig", "utf-16", "latin-1"]))
    return mutated.encode(encoding, "replace")


def daylio_backup_bytes(value: Any) -> bytes:
    """Return a Daylio backup (a ZIP holding base64 JSON) of value."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("backup.daylio", base64.encodebytes(json_text(value).encode()))
    return buffer.getvalue()


def vault_bytes(notes: dict[str, bytes]) -> bytes:
    """Return an Obsidian vault ZIP of notes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in notes.items():
            archive.writestr(f"vault/{name}", data)
    return buffer.getvalue()


DAYLIO_BACKUP = {
    "version": 15,
    "customMoods": [
        {"id": 1, "custom_name": "", "mood_group_id": 1, "predefined_name_id": 1},
        {"id": 7, "custom_name": "glowing", "mood_group_id": 1, "predefined_name_id": -1},
        {"id": 8, "custom_name": "flat", "mood_group_id": 4, "predefined_name_id": -1},
    ],
    "tags": [{"id": 11, "name": "partner", "id_tag_group": 1}, {"id": 12, "name": "alone", "id_tag_group": 2}],
    "tag_groups": [{"id": 1, "name": "People"}, {"id": 2, "name": "Me"}],
    "dayEntries": [
        {
            "id": 1,
            "minute": 50,
            "hour": 18,
            "day": 28,
            "month": 8,
            "year": 2025,
            "datetime": 1759078200000,
            "timeZoneOffset": 7200000,
            "mood": 7,
            "note": "Quiet<br>evening",
            "note_title": "",
            "tags": [11, 12],
        },
        {
            "id": 2,
            "minute": 5,
            "hour": 9,
            "day": 1,
            "month": 0,
            "year": 2026,
            "datetime": 1767254700000,
            "timeZoneOffset": 3600000,
            "mood": 8,
            "note": "",
            "note_title": "New year",
            "tags": [11],
        },
    ],
}


@dataclass(frozen=True)
class Seed:
    """An export to mutate: its file name, how it is mutated ('json', 'backup', 'vault', 'text'), its content."""

    name: str
    kind: str
    content: Any
    options: SourceOptions = SourceOptions()
    moods: Path | None = None


def seeds() -> list[Seed]:
    """Return one seed per source and form."""
    found = []
    for relative in (
        "dayone/Journal.json",
        "journey/journey-1614771930000-abc.json",
        "journey/journey-cloud.json",
        "moodistory/moodistory-export.json",
        "pixels/PIXELS-BACKUP-1730000000000.json",
        "pixels/PIXELS-BACKUP-nested.json",
        "obsidian/mood-tracker-data.json",
        "applehealth/HealthAutoExport-2026-10-01-2026-10-31.json",
    ):
        found.append(Seed(Path(relative).name, "json", json.loads((FIXTURES / relative).read_text(encoding="utf-8"))))
    found.append(Seed("backup.daylio", "backup", DAYLIO_BACKUP))
    vault = {
        path.name: path.read_text(encoding="utf-8") for path in sorted((FIXTURES / "obsidian" / "vault").glob("*.md"))
    }
    found.append(Seed("vault.zip", "vault", vault))
    for relative, options, moods in (
        ("daylio/era_newest.csv", SourceOptions(), None),
        ("daylio/era_oldest.csv", SourceOptions(), FIXTURES / "daylio" / "oldest_moods.toml"),
        ("bearable/bearable-export.csv", SourceOptions(), None),
        ("howwefeel/HowWeFeelEmotions.csv", SourceOptions(), None),
        ("checkin/checkins.csv", SourceOptions(), None),
        ("applehealth/StateOfMind-2026-10-01-2026-10-31.csv", SourceOptions(), None),
        ("applehealth/StateOfMind-2025-10-30-2025-11-03-trailing-commas.csv", SourceOptions(), None),
        ("imoodjournal/iMoodJournal_export.csv", SourceOptions(), None),
        ("daylio/date_time_mood_only.csv", SourceOptions(), None),
        ("diaro/DiaroBackup.xml", SourceOptions(), None),
        ("applehealth/export.xml", SourceOptions(), None),
        ("obsidian/vault/2026-05-16.md", SourceOptions(), None),
    ):
        text = (FIXTURES / relative).read_text(encoding="utf-8-sig")
        found.append(Seed(Path(relative).name, "text", text, options, moods))
    return found


def with_huge_integer(text: str) -> str:
    """Return JSON text whose first number has 5,000 digits (Python reads at most 4,300 into an int)."""
    return re.sub(r"(?<![\w.\"])\d+(?![\w.\"])", "9" * 5000, text, count=1)


def garbled_stream(data: bytes, seed: int) -> bytes:
    """Return a ZIP whose first member's compressed bytes are flipped in the middle (its headers intact)."""
    raw = bytearray(data)
    info = zipfile.ZipFile(io.BytesIO(data)).infolist()[0]
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for offset in range(start + 2 + seed % 5, start + max(info.compress_size - 2, 3)):
        raw[offset] ^= 0x5A
    return bytes(raw)


@st.composite
def mutated_export(draw, seed: Seed) -> bytes:
    """Return the bytes of a mutated export of the seed's kind; now and then a number of thousands of digits in
    JSON, or a garbled compressed stream in a ZIP (issue 33)."""
    if seed.kind == "json":
        text = json_text(draw(mutated_json(seed.content)))
        return (with_huge_integer(text) if draw(st.integers(0, 7)) == 0 else text).encode("utf-8")
    if seed.kind in ("backup", "vault"):
        if seed.kind == "backup":
            data = daylio_backup_bytes(draw(mutated_json(seed.content)))
        else:
            name = draw(st.sampled_from(sorted(seed.content)))
            data = vault_bytes({**seed.content, name: draw(mutated_text(seed.content[name]))})
        return garbled_stream(data, draw(st.integers(0, 99))) if draw(st.integers(0, 7)) == 0 else data
    return draw(mutated_text(seed.content))
