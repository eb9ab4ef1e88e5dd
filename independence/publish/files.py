"""Files leave the program whole or not at all: written beside their place, then renamed over it.

The partial file is named after its process (`.report.html.<pid>.<random>`), so one left by a killed
process is recognised and removed by the next write of the same file.
"""

from __future__ import annotations

import os
import re
import secrets
import tempfile
from pathlib import Path

from independence.ingest.scratch import process_alive


def removed_partials(path: Path) -> list[Path]:
    """Remove the partial files of `path` whose writing process no longer runs; return them."""
    owned = re.compile(rf"^\.{re.escape(path.name)}\.(\d+)\.")
    removed = []
    for partial in path.parent.glob(f".{path.name}.*"):
        match = owned.match(partial.name)
        if match and not process_alive(int(match.group(1))):
            partial.unlink(missing_ok=True)
            removed.append(partial)
    return removed


def written_atomically(path: Path, content: bytes) -> Path:
    """Write content to path through a temporary file in the same directory (mode 0600); return the path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    removed_partials(path)
    with tempfile.NamedTemporaryFile(dir=path.parent, prefix=f".{path.name}.{os.getpid()}.", delete=False) as partial:
        partial.write(content)
    os.chmod(partial.name, 0o600)  # health data: readable by its owner only
    Path(partial.name).replace(path)
    return path


def linked_atomically(source: Path, path: Path) -> Path:
    """Make `path` another name of the file `source` (a hard link renamed over it); return the path.

    Nothing is written twice (a weekly run's `latest.html` beside each report was 1.3 MB more a person);
    where links are not possible, `source`'s bytes are written to `path` instead.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    removed_partials(path)
    partial = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    try:
        os.link(source, partial)
    except OSError:
        return written_atomically(path, source.read_bytes())
    partial.replace(path)
    return path
