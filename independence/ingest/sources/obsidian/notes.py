"""Obsidian daily notes with YAML front matter (a vault ZIP of `.md` files, or one note) into entries.

A note's front matter holds the mood, the date and tags under keys the person names
(`--front-matter map.toml`, default `mood`, `date`, `tags`); without a date key the note's file name
(`2026-05-17.md`) gives the day. The mood is read on the `--scale N` points (default 5) as
1 + (m - 1) x 4 / (N - 1); the day's entry is placed at 12:00 (notes have no time of day). The
Markdown after the front matter becomes the note as plain text. YAML is read with the safe loader
only (libyaml's when present).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

import polars as pl
import yaml

from independence.errors import ExportError
from independence.ingest.options import SourceOptions
from independence.ingest.reading.documents import Document
from independence.ingest.sources.journals import plain_text, tag_list
from independence.ingest.sources.rows import Rejected, date_problem, guarded, rating_problem, staged_frames, staged_row

_FRONT_MATTER = re.compile(r"\A\ufeff?---\s*\n(.*?)\n---\s*(?:\n|\Z)(.*)\Z", re.DOTALL)
_DAY_NAME = re.compile(r"(\d{4}-\d{2}-\d{2})")
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's safe loader when built in


MAX_FRONT_MATTER = 64 * 1024  # characters of YAML before a note's body
MAX_FRONT_MATTER_NODES = 10_000  # values the front matter may hold once its aliases (*name) are followed
MAX_VAULT_VALUES = 300_000  # values all of a vault's front matter may hold (years of daily notes hold ~10,000)


def expanded_size(node: yaml.Node, budget: int, sizes: dict[int, int] | None = None) -> int:
    """Return how many values a composed YAML node holds with every alias followed, stopping past `budget`.

    An alias repeats its anchor's whole value, so a few lines can stand for billions of values (an
    alias bomb); the count follows the node graph with memoisation and never builds those values.
    """
    sizes = {} if sizes is None else sizes
    if id(node) in sizes:
        return sizes[id(node)]
    sizes[id(node)] = budget + 1  # a node that contains itself is over any budget
    total = 1
    if isinstance(node, yaml.SequenceNode):
        children = node.value
    elif isinstance(node, yaml.MappingNode):
        children = [part for pair in node.value for part in pair]
    else:
        children = []
    for child in children:
        total += expanded_size(child, budget, sizes)
        if total > budget:
            break
    sizes[id(node)] = total
    return total


def front_matter(text: str) -> tuple[dict | None, int]:
    """Return a note's front matter as a dict (None when it is not YAML key: value pairs within the limits) and
    how many values it holds.

    Read once with the safe loader: composed, its size checked with every alias followed, then built.
    """
    if len(text) > MAX_FRONT_MATTER:
        return None, 0
    try:
        loader = _SAFE_LOADER(text)
        try:
            node = loader.get_single_node()
            size = 0 if node is None else expanded_size(node, MAX_FRONT_MATTER_NODES)
            if node is None or size > MAX_FRONT_MATTER_NODES:
                return None, size
            meta = loader.construct_document(node)
        finally:
            loader.dispose()
    except (yaml.YAMLError, RecursionError, ValueError):
        return None, 0
    return (meta if isinstance(meta, dict) else None), size


def notes(document: Document) -> Iterator[tuple[str, dict, str]]:
    """Yield (name, front matter, body) for every Markdown note that opens with YAML front matter.

    A single note is read whatever its file is called (an upload has no name of its own); in a vault
    ZIP only the `.md` members are notes. A vault whose front matter holds more than
    MAX_VAULT_VALUES values in all is refused as soon as the count passes it (reading it would take
    minutes: no one's daily notes hold that many).
    """
    values = 0
    for name, data in sorted(document.members.items()):
        if document.kind == "zip" and not name.lower().endswith(".md"):
            continue
        match = _FRONT_MATTER.match(data.decode("utf-8", "replace"))
        if match:
            meta, size = front_matter(match.group(1))
            values += size
            if values > MAX_VAULT_VALUES:
                raise ExportError(
                    document.path,
                    f"the notes' front matter holds more than {MAX_VAULT_VALUES:,} values in all; daily notes hold "
                    "a few each, so this is refused rather than read for minutes",
                    "obsidian",
                )
            yield name, meta if meta is not None else {"__invalid__": True}, match.group(2)


def recognised_document(document: Document, options: SourceOptions = SourceOptions()) -> str | None:
    """Return the form for notes whose front matter holds the mood key, else None."""
    if document.kind not in ("zip", "markdown"):
        return None
    key = options.front_matter["mood"]
    if any(key in meta for _, meta, _ in notes(document)):
        return "Obsidian daily notes (front matter)"
    return None


def _day(meta: dict, key: str, name: str) -> dt.date | None:
    """Return the note's day from its date key, else from a YYYY-MM-DD file name."""
    value = meta.get(key)
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value) if value is not None else name
    match = _DAY_NAME.search(text)
    try:
        return dt.date.fromisoformat(match.group(1)) if match else None
    except ValueError:
        return None


def _tags(value: Any) -> list[dict]:
    """Return front matter tags (a list or a comma-separated string) as tags."""
    items = value.split(",") if isinstance(value, str) else value if isinstance(value, list) else []
    return tag_list([str(item).strip().lstrip("#") for item in items], "tag")


def _note(number: int, name: str, meta: dict, body: str, options: SourceOptions) -> dict | Rejected:
    """Return one daily note as a staged row at 12:00 of its day, or why it cannot be one."""
    keys, scale = options.front_matter, options.scale
    day, mood = _day(meta, keys["date"], name), meta.get(keys["mood"])
    if meta.get("__invalid__"):
        return Rejected(
            number, f"{name}: front matter is not YAML key: value pairs within the limits (64 KB, 10,000 values)", name
        )
    if day is None:
        return Rejected(number, f"{name}: no date (front matter `{keys['date']}` or a YYYY-MM-DD file name)", name)
    hint = " (set the scale with --scale N)"
    if problem := date_problem(day) or (None if mood is None else rating_problem(mood, keys["mood"], 1, scale, hint)):
        return Rejected(number, f"{name}: {problem}", name)
    return staged_row(
        number,
        dt.datetime.combine(day, dt.time(12)),
        mood_raw=f"{mood}/{scale}" if mood is not None else None,
        mood_score=1 + (mood - 1) * 4 / (scale - 1) if mood is not None else None,
        note_title=name.rsplit("/", 1)[-1].removesuffix(".md"),
        note=plain_text(body),
        tags=_tags(meta.get(keys["tags"])),
    )


def staged_document(document: Document, options: SourceOptions = SourceOptions()) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Return one entry per note with front matter, and the notes rejected with a reason."""
    return staged_frames(
        guarded(_note, number, name, meta, body, options)
        for number, (name, meta, body) in enumerate(notes(document), start=1)
    )
