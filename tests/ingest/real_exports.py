"""The real exports people published (../shared/real-exports, when present): which ones, and their mood maps."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import REPO

REAL = REPO.parent / "shared" / "real-exports"


NORMAL = {
    "daylio/noamelf_2018_era1_en.csv": ("daylio", 77),
    "daylio/kplich_2017_era1_pl.csv": ("daylio", 21),
    "daylio/kayraucklnc_2020_era2_12h.csv": ("daylio", 419),
    "daylio/veeupatising_2020_era2_12h.csv": ("daylio", 705),
    "daylio/zhafen_2019_era2_custom.csv": ("daylio", 1186),
    "daylio/lizzycooper_2020_era2_custom.csv": ("daylio", 505),
    "daylio/albyedw_2024_era3_24h.csv": ("daylio", 1525),
    "daylio/donnydew_2023_era3_space.csv": ("daylio", 1424),
    "daylio/donnydew_2024_era3_nnbsp.csv": ("daylio", 1760),
    "daylio/staticf0x_parserfixture_mixed12h24h.csv": ("daylio", 32),
    "daylio/michaelcurrin_parserfixture_era3.csv": ("daylio", 3),
    "daylio/michaelcurrin_parserfixture_multimoods.csv": ("daylio", 7),
    "daylio_backup/guekka_official_english.daylio": ("daylio", 5),
    "daylio_backup/guekka_old_anonymized.daylio": ("daylio", 365),
    "daylio_backup/guekka_new_anonymized.daylio": ("daylio", 64),
    "bearable/andrewmiller_2020_2021.csv": ("bearable", 1040),
    "pixels/vincentadufour_2021_2025.json": ("pixels", 1862),
    "pixels/pixelsparser_parserfixture.json": ("pixels", 4),
    "dayone/ezefspa_journal_es.json": ("dayone", 1553),
    "dayone/letterkai_journal_2026.json": ("dayone", 1),
    "daylio/deutschegabanna_parserfixture_scales_pl.csv": ("daylio", 7),
    "journey/andi0b_parserfixture_2entries.zip": ("journey", 2),
    "obsidian_mood_tracker/darthwonka_2023.json": ("obsidian", 2),
    "obsidian_mood_tracker/rootandbeer_2026_reconstructed.json": ("obsidian", 26),
    "apple_health/lornesvarc_2025_2026_hae_stateofmind.csv": ("applehealth", 307),
    "imoodjournal/ssmolenski_2015_2019.csv": ("imoodjournal", 2434),
    "diaro/marph91_parserfixture_de.zip": ("diaro", 6),
}


def moods_beside(path: Path) -> Path | None:
    """Return the export's mood map (`<name>.moods.toml` beside it), when it has one."""
    moods = path.with_suffix(".moods.toml")
    return moods if moods.exists() else None
