"""Benchmark: the large inputs of the issue-33 attack run, at full size, through `independence ingest`.

For each generated input it prints the outcome (imported, or the refusal's first words), the wall time
and the peak resident memory of the command and its children together (sampled every 50 ms), under
the default ceiling (INDEPENDENCE_UPLOAD_MEMORY_MB, 2,048). The same cases run small in
tests/ingest/test_hostile_inputs_round2.py; the figures go to docs/reliability.md.
Usage: python -m bench.hostile [CASE ...] (all cases by default; about 3 minutes and 2 GB of disk).
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import psutil

CLI = Path(sys.executable).with_name("independence")


def _zipped(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def vault(notes: int, values: int) -> Callable[[Path], Path]:
    """Return a writer of an Obsidian vault ZIP of `notes` daily notes holding `values` front-matter tags each."""

    def written(folder: Path) -> Path:
        tags = ", ".join(f"t{i}" for i in range(values))
        note = f"---\nmood: 4\ntags: [{tags}]\n---\nA day.\n".encode()
        members = {f"vault/{2000 + n // 300}-01-{1 + n % 28:02d}-{n}.md": note for n in range(notes)}
        return _zipped(folder / f"vault-{notes}x{values}.zip", members)

    return written


def pixels(megabytes: int, tags: int = 2) -> Callable[[Path], Path]:
    """Return a writer of a Pixels backup of about `megabytes` MB, each day carrying `tags` emotion tags."""

    def written(folder: Path) -> Path:
        path = folder / f"PIXELS-BACKUP-{megabytes}MB-{tags}.json"
        day = {"date": "", "type": "Mood", "scores": [3], "notes": "a day " * 30,
               "tags": [{"type": "Emotions", "entries": [f"e{n}" for n in range(tags)]}]}  # fmt: skip
        with path.open("w", encoding="utf-8") as export:
            export.write("[")
            number = 0
            while export.tell() < megabytes * 1_000_000:
                day["date"] = f"{2000 + (number // 336) % 26}-{1 + (number // 28) % 12}-{1 + number % 28}"
                export.write(("," if number else "") + json.dumps(day))
                number += 1
            export.write("]")
        return path

    return written


def day_one(megabytes: int) -> Callable[[Path], Path]:
    """Return a writer of a Day One ZIP whose Journal.json holds about `megabytes` MB of entries."""

    def written(folder: Path) -> Path:
        draw = random.Random(1)
        entries = (
            {"uuid": f"{draw.getrandbits(64):016x}", "creationDate": f"20{10 + i % 15}-01-{1 + i % 28:02d}T10:00:00Z",
             "text": "a day " * 150}
            for i in range(1000)
        )  # fmt: skip
        block = "".join(json.dumps(entry) + "," for entry in entries)
        last = '{"uuid":"x","creationDate":"2026-01-01T10:00:00Z","text":"x"}]}'
        journal = '{"metadata":{"version":"1.0"},"entries":[' + block * (megabytes * 1_000_000 // len(block)) + last
        return _zipped(folder / f"dayone-{megabytes}MB.zip", {"Journal.json": journal.encode()})

    return written


def journey_tags(count: int, zipped: bool) -> Callable[[Path], Path]:
    """Return a writer of one Journey entry carrying `count` tags, as a JSON file or inside a ZIP."""

    def written(folder: Path) -> Path:
        tags = json.dumps([f"t{i % 1000}" for i in range(count)])
        entry = '{"id":"a","date_journal":1600000000000,"text":"hi","mood":3,"tags":' + tags + "}"
        if zipped:
            return _zipped(folder / f"journey-{count}.zip", {"a.json": entry.encode()})
        path = folder / f"journey-{count}.json"
        path.write_text(entry, encoding="utf-8")
        return path

    return written


CASES: dict[str, Callable[[Path], Path]] = {
    "vault 3,000 notes x 9,000 values": vault(3000, 9000),
    "vault 20,000 notes x 500 values": vault(20_000, 500),
    "vault 5,000 notes x 60 values": vault(5000, 58),
    "Pixels 250 MB": pixels(250),
    "Pixels 150 MB": pixels(150),
    "Pixels 15 MB, 1,000 tags a day": pixels(15, tags=1000),
    "Journey entry of 23 million tags (ZIP)": journey_tags(23_000_000, zipped=True),
    "Journey entry of 3 million tags": journey_tags(3_000_000, zipped=False),
    "Day One 250 MB": day_one(250),
    "Day One 200 MB": day_one(200),
    "Day One 100 MB": day_one(100),
}


def _tree_rss(process: psutil.Process) -> int:
    """Return the resident bytes of a process and all its children now."""
    total = 0
    try:
        processes = [process, *process.children(recursive=True)]
    except psutil.Error:
        return 0
    for member in processes:
        try:
            total += member.memory_info().rss
        except psutil.Error:
            pass
    return total


def measured_ingest(export: Path, db_path: Path) -> tuple[int, float, int, str]:
    """Return (exit code, seconds, peak resident bytes of the tree, last output line) of one `ingest`."""
    started = time.monotonic()
    command = [str(CLI), "ingest", str(export), "--user", "bench", "--db", str(db_path)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    watched, peak = psutil.Process(process.pid), 0
    while process.poll() is None:
        peak = max(peak, _tree_rss(watched))
        time.sleep(0.05)
    lines = process.stdout.read().strip().splitlines() if process.stdout else []
    return process.returncode, time.monotonic() - started, peak, lines[-1] if lines else ""


def main(names: list[str]) -> None:
    chosen = [name for name in CASES if not names or any(part in name for part in names)]
    print(f"{'input':<42} {'MB':>7} {'exit':>4} {'s':>6} {'peak MB':>8}  outcome")
    for name in chosen:
        with tempfile.TemporaryDirectory(prefix="bench-hostile-") as scratch:
            export = CASES[name](Path(scratch))
            code, seconds, peak, last = measured_ingest(export, Path(scratch) / "warehouse.duckdb")
            size = export.stat().st_size / 2**20
            print(f"{name:<42} {size:>7.1f} {code:>4} {seconds:>6.1f} {peak / 2**20:>8.0f}  {last[-150:]}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
