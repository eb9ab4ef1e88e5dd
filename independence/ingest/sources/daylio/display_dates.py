"""Daylio's oldest export era has no ISO date: the `date` column is the day as the phone displayed it.

"June 22", "7 września" (Polish, genitive month), "16 de octubre", "7. September", "9月7日", "7 tháng 9":
the words, their grammatical forms and the day-month order all come from the phone's language. They
are read here with CLDR locale data (Babel) for every language Daylio ships: each language's own
"day and month" pattern (CLDR skeleton `MMMMd`) with its month names in every form (format and
stand-alone, wide and abbreviated), plus a generous "number and month name in either order" reading.
The language is found from the file itself: the one whose names read the most of its dates.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

from babel import Locale

# The languages Daylio's Android and iOS apps ship in (CLDR codes); English first, so it wins a tie.
DAYLIO_LANGUAGES = (
    "en", "ar", "bg", "ca", "cs", "da", "de", "el", "es", "et", "fa", "fi", "fr", "he", "hi", "hr", "hu", "id",
    "it", "ja", "ko", "lt", "lv", "ms", "nb", "nl", "pl", "pt", "pt_PT", "ro", "ru", "sk", "sl", "sr", "sr_Latn",
    "sv", "th", "tr", "uk", "vi", "zh", "zh_Hant",
)  # fmt: skip
_FIELD = re.compile(r"'([^']*)'|(d{1,2}|M{1,4}|L{1,4})|(.)", re.DOTALL)


def normalised(text: str) -> str:
    """Return display text compared case-blind: NFKC, case-folded, any space (U+00A0, U+202F) as one space."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text).casefold()).strip()


@dataclass(frozen=True)
class DisplayDates:
    """One language's reading of displayed days: its patterns (CLDR's first), and month name -> month number."""

    language: str
    patterns: tuple[re.Pattern, ...]
    months: dict[str, int]

    def month_day(self, text: str) -> tuple[int, int] | None:
        """Return (month, day) of a displayed day like '7 września', or None when this language cannot read it."""
        shown = normalised(text)
        match = next((found for pattern in self.patterns if (found := pattern.fullmatch(shown))), None)
        if not match:
            return None
        parts = match.groupdict()
        month = self.months.get(parts["name"].rstrip(".")) if parts.get("name") else int(parts["number"])
        day = int(parts["day"])
        return (month, day) if month and 1 <= month <= 12 and 1 <= day <= 31 else None


def _loose_patterns(months: dict[str, int]) -> tuple[re.Pattern, re.Pattern]:
    """Return patterns of a number and a month name in either order, with punctuation or 'de' between."""
    names = "|".join(map(re.escape, sorted(months, key=len, reverse=True)))
    return (
        re.compile(rf"(?P<day>\d{{1,2}})\W*(?:de\s+)?(?P<name>{names})\.?"),
        re.compile(rf"(?P<name>{names})\.?\W*(?P<day>\d{{1,2}})\W*"),
    )


def _month_names(locale: Locale) -> dict[str, int]:
    """Return every name of every month in a locale (format and stand-alone, wide and abbreviated), normalised."""
    names: dict[str, int] = {}
    for context in ("format", "stand-alone"):
        for width in ("wide", "abbreviated"):
            for number, name in locale.months[context][width].items():
                names.setdefault(normalised(name).rstrip("."), number)
    return names


def _pattern(skeleton: str, months: dict[str, int]) -> re.Pattern:
    """Return a regex of a CLDR date pattern ('d MMMM', "d 'de' MMMM", 'M月d日') over normalised text."""
    names = "|".join(map(re.escape, sorted(months, key=len, reverse=True)))
    parts = []
    for quoted, field, literal in _FIELD.findall(skeleton):
        if field.startswith("d"):
            parts.append(r"(?P<day>\d{1,2})")
        elif field in ("MMMM", "MMM", "LLLL", "LLL"):
            parts.append(rf"(?P<name>{names})\.?")
        elif field:
            parts.append(r"(?P<number>\d{1,2})")
        else:
            text = normalised(quoted or literal) if (quoted or literal).strip() else " "
            parts.append(r"\s*" if text == " " else r"\s*" + re.escape(text) + r"\s*")
    return re.compile("".join(parts))


@functools.cache
def readers() -> tuple[DisplayDates, ...]:
    """Return the display-date reader of every Daylio language (built once: about 40 ms a language)."""
    found = []
    for code in DAYLIO_LANGUAGES:
        locale = Locale.parse(code)
        months = _month_names(locale)
        skeleton = str(locale.datetime_skeletons.get("MMMMd") or "d MMMM")
        found.append(DisplayDates(code, (_pattern(skeleton, months), *_loose_patterns(months)), months))
    return tuple(found)


def month_days(texts: list[str]) -> tuple[str | None, dict[str, tuple[int, int]]]:
    """Return the language that reads the most of these displayed days, and each readable one's (month, day)."""
    distinct = sorted({text for text in texts if text and text.strip()})
    best: tuple[int, str | None, dict[str, tuple[int, int]]] = (0, None, {})
    for reader in readers():
        read = {text: value for text in distinct if (value := reader.month_day(text))}
        if len(read) > best[0]:
            best = (len(read), reader.language, read)
        if len(read) == len(distinct):
            break
    return best[1], best[2]
