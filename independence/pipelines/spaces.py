"""Private spaces of the upload page: one per person, found only through its unguessable token.

A space holds every file its person adds (exports of several apps, check-ins, next month's export):
one warehouse user, one report built from all of them. On disk a space is a folder named by a hash of
its token (so a listing of the folder reveals no token) holding `space.json` (status, timestamps, the
warehouse user id, a record of each import), and while needed the upload, the mood map and the
report. The warehouse user id is another hash of the token: nothing links a person's entries to a name.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import re
import secrets
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from independence.publish.files import written_atomically

TOKEN_BYTES = 32  # 256 bits
TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{43}")
STATUSES = ("queued", "working", "needs_moods", "done", "failed")
SPACE_MARKER = "/r/this-space"  # reports are written with this in their links; the page puts the token in


def new_token() -> str:
    """Return a fresh URL-safe token of 256 random bits."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def _digest(purpose: str, token: str) -> str:
    return hashlib.sha256(f"{purpose}:{token}".encode()).hexdigest()


def space_user(token: str) -> str:
    """Return the warehouse user id of a token's space, e.g. 'web-3f9a…' (not the folder's hash)."""
    return "web-" + _digest("user", token)[:20]


@dataclass
class Space:
    """One person's private space and where its work stands.

    `imports` records each file added (name, app format, counts, a few rejects; `failed` when it could
    not be added); `notice` tells the person, above their report, that the last file was not added.
    `words` are the person's most used tags with what each means now, `partners` the names they gave for
    their partner; `words_would_help` when some sign has nothing to go on while some of those tags mean
    nothing yet; `words_seen` once they answered (or skipped) the "Your words" step; `pending_words` their
    answer while it is being applied. `moments` are the moments they marked (id, date, words), `pending_moment`
    one to add ({"add": [date, words]}) or remove ({"remove": id}) while that is being applied.
    """

    folder: Path
    user: str
    created_at: str
    expires_at: str
    status: str = "queued"
    step: str = "received"
    file_name: str = ""
    keep_upload: bool = False
    error: str | None = None
    unmapped: dict[str, int] = field(default_factory=dict)
    imports: list[dict] = field(default_factory=list)
    notice: str | None = None
    words: list[dict] = field(default_factory=list)
    partners: list[str] = field(default_factory=list)
    words_seen: bool = False
    words_would_help: bool = False
    pending_words: dict | None = None
    moments: list[dict] = field(default_factory=list)
    pending_moment: dict | None = None

    @property
    def upload_path(self) -> Path:
        """Return where the uploaded file is kept until it is imported."""
        return self.folder / "upload"

    @property
    def moods_path(self) -> Path:
        """Return where the person's mood map (TOML) is kept."""
        return self.folder / "moods.toml"

    @property
    def report_path(self) -> Path:
        """Return the report's path inside the space."""
        return self.folder / "report.html"

    @property
    def last_import(self) -> dict | None:
        """Return the record of the space's newest file (its counts, or `failed`), or None before any."""
        return self.imports[-1] if self.imports else None

    @property
    def busy(self) -> bool:
        """Return whether a file of the space is being imported (or waits for its moods), or its words applied, now."""
        return self.status in ("queued", "working", "needs_moods")

    @property
    def asks_for_words(self) -> bool:
        """Return whether the space's page shows the "Your words" step before the report: once, when it would help."""
        return self.status == "done" and not self.words_seen and self.words_would_help

    def expired(self, now: dt.datetime) -> bool:
        """Return whether the space is past its expiry."""
        return now >= dt.datetime.fromisoformat(self.expires_at)


def space_folder(spaces_dir: Path, token: str) -> Path | None:
    """Return the folder of a well-formed token's space (which may not exist), or None for a malformed token."""
    if not TOKEN_PATTERN.fullmatch(token):
        return None
    return spaces_dir / _digest("space", token)[:32]


def created_space(spaces_dir: Path, token: str, file_name: str, keep_upload: bool, days: int) -> Space:
    """Create and store a new space for a token; return it."""
    folder = space_folder(spaces_dir, token)
    folder.mkdir(parents=True, mode=0o700)
    now = dt.datetime.now(dt.UTC)
    space = Space(
        folder=folder,
        user=space_user(token),
        created_at=now.isoformat(timespec="seconds"),
        expires_at=(now + dt.timedelta(days=days)).isoformat(timespec="seconds"),
        file_name=file_name,
        keep_upload=keep_upload,
    )
    return saved_space(space)


def saved_space(space: Space) -> Space:
    """Write the space's state atomically; return it."""
    state = {name: value for name, value in dataclasses.asdict(space).items() if name != "folder"}
    written_atomically(space.folder / "space.json", json.dumps(state, ensure_ascii=False).encode("utf-8"))
    return space


def updated_space(space: Space, **changes: object) -> Space:
    """Return the space with the changes applied, stored."""
    return saved_space(dataclasses.replace(space, **changes))


def loaded_space(folder: Path) -> Space | None:
    """Return the space stored in a folder, or None when there is none."""
    try:
        state = json.loads((folder / "space.json").read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    known = {field.name for field in dataclasses.fields(Space)}  # a file written by an older version may hold more
    return Space(folder=folder, **{name: value for name, value in state.items() if name in known})


def found_space(spaces_dir: Path, token: str, now: dt.datetime | None = None) -> Space | None:
    """Return the live space of a token, or None: unknown, malformed and expired tokens look the same."""
    folder = space_folder(spaces_dir, token)
    space = loaded_space(folder) if folder else None
    if space is None or space.expired(now or dt.datetime.now(dt.UTC)):
        return None
    return space


def every_space(spaces_dir: Path) -> list[Space]:
    """Return every stored space (for expiry), in folder order."""
    if not spaces_dir.is_dir():
        return []
    spaces = (loaded_space(folder) for folder in sorted(spaces_dir.iterdir()) if folder.is_dir())
    return [space for space in spaces if space is not None]


def removed_folder(space: Space) -> None:
    """Delete the space's folder with everything in it."""
    shutil.rmtree(space.folder, ignore_errors=True)
