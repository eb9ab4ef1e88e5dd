"""The upload page's settings: where it keeps things, and its limits (environment first, then overrides)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from independence.config import DEFAULT_WEEKS, REPORTS_DIR, SPACES_DIR, settings


@dataclass(frozen=True)
class WebSettings:
    """Where the upload page keeps things, and its limits."""

    db_path: Path = field(default_factory=lambda: settings().db_path)
    spaces_dir: Path = SPACES_DIR
    reports_dir: Path = REPORTS_DIR
    max_upload_bytes: int = 50 * 1024 * 1024
    uploads_per_hour: int = 20
    misses_per_hour: int = 120
    space_days: int = 30
    workers: int = 2
    weeks: int = DEFAULT_WEEKS
    use_prefect: bool = False
    upload_memory_mb: int = 2048
    allowed_hosts: tuple[str, ...] = ("127.0.0.1", "localhost", "[::1]")
    read_timeout_seconds: float = 30.0
    header_timeout_seconds: float = 10.0
    upload_seconds: int = 300
    trusted_proxy: str | None = None


def settings_from_environment(**overrides: object) -> WebSettings:
    """Return settings from INDEPENDENCE_* variables (MAX_UPLOAD_MB, UPLOADS_PER_HOUR, SPACE_DAYS,
    UPLOAD_MEMORY_MB, UPLOAD_SECONDS, ALLOWED_HOSTS, TRUSTED_PROXY), then overrides."""
    configured = settings()
    values: dict[str, object] = {
        "db_path": configured.db_path,
        "max_upload_bytes": int(configured.max_upload_mb * 1024 * 1024),
        "uploads_per_hour": configured.uploads_per_hour,
        "space_days": configured.space_days,
        "upload_memory_mb": configured.upload_memory_mb,
        "allowed_hosts": configured.allowed_hosts,
        "upload_seconds": configured.upload_seconds,
        "trusted_proxy": configured.trusted_proxy,
    }
    return WebSettings(**(values | {k: v for k, v in overrides.items() if v is not None}))
