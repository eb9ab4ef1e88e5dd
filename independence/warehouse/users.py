"""User ids: the only user-chosen string that reaches file paths, so it is strictly validated."""

from __future__ import annotations

import re

from independence.errors import UserIdError

_USER_ID = re.compile(r"[A-Za-z0-9_.-]{1,64}")


def validated_user_id(user_id: str) -> str:
    """Return the user id unchanged when it is 1-64 letters, digits, '-', '_' or '.', else raise."""
    if not _USER_ID.fullmatch(user_id) or set(user_id) == {"."}:
        raise UserIdError(f"invalid user id {user_id!r}: use 1-64 letters, digits, '-', '_' or '.' (not only dots)")
    return user_id
