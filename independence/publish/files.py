"""Files leave the program whole or not at all: written beside their place, then renamed over it."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def written_atomically(path: Path, content: bytes) -> Path:
    """Write content to path through a temporary file in the same directory (mode 0600); return the path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=path.parent, prefix=f".{path.name}.", delete=False) as partial:
        partial.write(content)
    os.chmod(partial.name, 0o600)  # health data: readable by its owner only
    Path(partial.name).replace(path)
    return path
