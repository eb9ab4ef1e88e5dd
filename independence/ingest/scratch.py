"""Private scratch folders for one import, and removal of those a killed import left behind.

Staging files hold personal data (notes included), so a folder whose process died is not left in
the temporary directory: each new import removes such folders first.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

_PREFIX = "independence-"
_OWNED = re.compile(rf"{_PREFIX}[a-z]+-(\d+)-")


def scratch_dir(kind: str) -> Path:
    """Return a new folder readable only by this user, named for `kind` and this process."""
    return Path(tempfile.mkdtemp(prefix=f"{_PREFIX}{kind}-{os.getpid()}-"))


def removed_folder(folder: Path) -> None:
    """Remove a scratch folder with everything in it (nothing happens when it is already gone)."""
    shutil.rmtree(folder, ignore_errors=True)


def process_alive(pid: int) -> bool:
    """Return whether a process with this id exists."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def removed_orphans(root: Path | None = None) -> list[Path]:
    """Remove scratch folders whose process no longer runs; return the folders removed."""
    root = Path(root or tempfile.gettempdir())
    removed = []
    for folder in root.glob(f"{_PREFIX}*"):
        owner = _OWNED.match(folder.name)
        if owner and folder.is_dir() and not process_alive(int(owner.group(1))):
            removed_folder(folder)
            removed.append(folder)
    return removed
