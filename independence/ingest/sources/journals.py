"""Shared steps of journal exports (Day One, Journey): UTC or epoch times made local, Markdown made plain."""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from typing import Any

_ESCAPED = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])")
_PHOTO = re.compile(r"!\[[^\]]*\]\((?:dayone-moment|journey-photo)://[^)]*\)")


def local_time(utc: dt.datetime, zone: Any) -> tuple[dt.datetime, str]:
    """Return (local wall-clock time, zone label) for a UTC time and an IANA zone name (UTC when unknown)."""
    try:
        tz = zoneinfo.ZoneInfo(str(zone))
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, TypeError):
        return utc.replace(tzinfo=None), "UTC"
    return utc.astimezone(tz).replace(tzinfo=None), str(zone)


def plain_text(markdown: Any) -> str | None:
    """Return journal Markdown as plain text: photo links removed, backslash escapes undone, blank as None."""
    if not isinstance(markdown, str):
        return None
    text = _ESCAPED.sub(r"\1", _PHOTO.sub("", markdown)).strip()
    return text or None


def tag_list(tags: Any, group: str) -> list[dict]:
    """Return a list of tag names as tags in one group (non-strings and blanks skipped)."""
    return [{"tag": tag.strip(), "tag_group": group} for tag in tags or [] if isinstance(tag, str) and tag.strip()]
