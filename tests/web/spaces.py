"""A person's space on the upload page: later exports, check-ins, what its report's glance table rests on."""

from __future__ import annotations

import re

from tests.web.conftest import DAYLIO, SAMPLES

CHECKINS = SAMPLES / "checkins.csv"


def glance_sources(page: str) -> list[str]:
    """Return the column heads of the report's at-a-glance table."""
    table = page.split('<table class="glance">')[1].split("</thead>")[0]
    return re.findall(r'<th scope="col">([^<]+)</th>', table)[1:]


def later_export() -> tuple[bytes, int]:
    """Return the sample Daylio export with three newer entries on top (Daylio writes newest first), and 3."""
    header, *rows = DAYLIO.read_text(encoding="utf-8-sig").splitlines()
    newer = [f"2026-11-{day:02d},{day} November,Monday,9:00 am,good,reading,,," for day in (2, 3, 4)]
    return ("\n".join([header, *newer, *rows]) + "\n").encode(), len(newer)


def space_of(settings, location: str):
    from independence.pipelines.spaces import found_space

    return found_space(settings.spaces_dir, TOKEN_PATH.fullmatch(location)[1])


TOKEN_PATH = re.compile(r"/r/([A-Za-z0-9_-]{43})")
