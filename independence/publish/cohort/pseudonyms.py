"""Keyed pseudonyms (HMAC-SHA-256): stable for one key, unlinkable to the id without it.

The key comes from INDEPENDENCE_PSEUDONYM_KEY or a key file (INDEPENDENCE_PSEUDONYM_KEY_FILE or
--key-file); it is never written anywhere by this program. A plain hash of an id is not used: ids
are guessable, so a dictionary of hashes would reverse it.
"""

from __future__ import annotations

import hashlib
import hmac
from pathlib import Path

from independence.config import settings
from independence.errors import ConfigError

KEY_ENV = "INDEPENDENCE_PSEUDONYM_KEY"
KEY_FILE_ENV = "INDEPENDENCE_PSEUDONYM_KEY_FILE"
MIN_KEY_BYTES = 16


def pseudonym_key(key_file: Path | None = None) -> bytes:
    """Return the secret key: from the key file if given, else INDEPENDENCE_PSEUDONYM_KEY(_FILE); else raise."""
    configured = settings()
    path = key_file or configured.pseudonym_key_file
    if path is not None:
        try:
            key = path.read_bytes().strip()
        except OSError as error:
            raise ConfigError(f"cannot read the pseudonym key file {path}: {error.strerror}") from None
    else:
        key = (configured.pseudonym_key or "").strip().encode()
    if not key:
        raise ConfigError(
            f"the coach view needs a secret pseudonym key: set {KEY_ENV} or {KEY_FILE_ENV}, or pass --key-file "
            "(for example: python -c 'import secrets; print(secrets.token_hex(32))' > key.txt)"
        )
    if len(key) < MIN_KEY_BYTES:
        raise ConfigError(f"the pseudonym key is too short: use at least {MIN_KEY_BYTES} characters of random text")
    return key


def pseudonym(key: bytes, user_id: str) -> str:
    """Return a client's pseudonym, e.g. 'anon-3f9a0c5d2b7e1a44'."""
    return "anon-" + hmac.new(key, user_id.encode(), hashlib.sha256).hexdigest()[:16]
