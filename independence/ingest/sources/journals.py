"""Shared steps of journal exports (Day One, Journey, Obsidian notes): UTC times made local, Markdown made plain."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token

from independence.ingest.sources.rows import few

_MARKDOWN = MarkdownIt("commonmark")
_INLINE_BREAKS = {"softbreak": "\n", "hardbreak": "\n"}


def local_time(utc: dt.datetime, zone: Any) -> tuple[dt.datetime, str]:
    """Return (local wall-clock time, zone label) for a UTC time and an IANA zone name (UTC when unknown)."""
    try:
        tz = zoneinfo.ZoneInfo(str(zone)[:100])
        return utc.astimezone(tz).replace(tzinfo=None), str(zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, TypeError, OSError, OverflowError):
        return utc.replace(tzinfo=None), "UTC"  # an unknown zone, a name no file can have, a time past year 9999


def _inline_text(token: Token) -> str:
    """Return the words of one inline token: text and code as written, line breaks kept, images and markup dropped."""
    if token.type in ("text", "code_inline"):
        return token.content
    return _INLINE_BREAKS.get(token.type, "")


def plain_text(markdown: Any) -> str | None:
    """Return journal Markdown as plain text (parsed by markdown-it): one line per block, blank as None.

    Headings, emphasis, links and escapes (`\\!`) become their words; photos (`![](dayone-moment://…)`)
    and other images are dropped; HTML blocks stay as written for the caller's HTML step.
    """
    if not isinstance(markdown, str):
        return None
    blocks = []
    for token in _MARKDOWN.parse(markdown):
        if token.type == "inline":
            blocks.append("".join(_inline_text(child) for child in token.children or []))
        elif token.type in ("code_block", "fence", "html_block"):
            blocks.append(token.content)
    text = "\n".join(block.strip() for block in blocks if block.strip())
    return text or None


def tag_list(tags: Any, group: str) -> list[dict]:
    """Return a list of tag names as tags in one group (non-strings and blanks skipped); see `few` for too many."""
    return [{"tag": tag.strip(), "tag_group": group} for tag in few(tags) if isinstance(tag, str) and tag.strip()]
