"""Configuration, read in one place: every INDEPENDENCE_* variable, the data/ paths, the default window.

Settings come from the environment each time `settings()` is called (so a test or a served flow sees
the environment it runs in), and only here: no other module reads `os.environ` for the project. An
INDEPENDENCE_* variable that is not a setting is an error naming the closest one, never silently
ignored, and so is a value of the wrong kind. The person's own configuration files (mood map,
vocabulary, column maps) are TOML, read by `toml_document` with errors that name the file.
"""

from __future__ import annotations

import difflib
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

from independence.errors import ConfigError

# Files that ship with the code: inside the package once installed from a wheel (`independence/shipped/`,
# see pyproject.toml), else in the repository's own folders (a checkout or an editable install)
PACKAGE_DIR = Path(__file__).resolve().parent
REPO_DIR = PACKAGE_DIR.parent


def shipped_path(name: str, in_repository: str) -> Path:
    """Return where a shipped folder or file is: `independence/shipped/NAME` when installed, else the repository's."""
    installed = PACKAGE_DIR / "shipped" / name
    return installed if installed.exists() else REPO_DIR / in_repository


TRANSFORMS_DIR = shipped_path("transforms", "transforms")
TEMPLATES_DIR = shipped_path("reports", "reports")
SAMPLES_DIR = shipped_path("samples", "data/samples")
DEPLOYMENTS_FILE = shipped_path("prefect.yaml", "prefect.yaml")
PRACTICE_DIR = SAMPLES_DIR / "cohort"

# Where the program writes, relative to the folder it runs in (git-ignored in the repository)
DATA_DIR = Path("data")
DEFAULT_DB = DATA_DIR / "warehouse.duckdb"
REPORTS_DIR = DATA_DIR / "reports"
SPACES_DIR = DATA_DIR / "spaces"
COHORT_DIR = DATA_DIR / "cohort"
LEDGER_PATH = COHORT_DIR / "ledger.json"
DEMO_DIR = DATA_DIR / "demo"
COHORT_DEMO_DIR = DATA_DIR / "cohort-demo"
PREFECT_SERVER_LOG = DATA_DIR / "prefect-server.log"

DEFAULT_WEEKS = 52  # the trend window in calendar weeks: all history up to a year (docs/method.md, "The window")
DEFAULT_BATCH_SIZE = 50  # people per weekly render task: their content is read in one go (docs/scaling.md)
DEMO_WEEKS = 52  # the demo persona's samples cover one year
COHORT_WEEKS = 26  # a coach's release: the last half year of weekly cells

ENVIRONMENT = {
    "INDEPENDENCE_DB": "the warehouse file",
    "INDEPENDENCE_MEMORY_LIMIT": "DuckDB's memory limit for imports, e.g. 1GB",
    "INDEPENDENCE_LOCK_WAIT": "seconds a writer waits for the warehouse",
    "INDEPENDENCE_CACHE_DIR": "where the chart script bundle and chart templates are cached",
    "INDEPENDENCE_TIMEZONE": "IANA zone of the weekly schedule",
    "INDEPENDENCE_TASK_RUNNER": "threads or dask, for the weekly flow",
    "INDEPENDENCE_DASK_ADDRESS": "an existing Dask scheduler for the weekly flow",
    "INDEPENDENCE_PSEUDONYM_KEY": "the coach view's secret pseudonym key",
    "INDEPENDENCE_PSEUDONYM_KEY_FILE": "a file holding that key",
    "INDEPENDENCE_MAX_UPLOAD_MB": "the upload page's largest upload",
    "INDEPENDENCE_UPLOADS_PER_HOUR": "uploads per client per hour on the upload page",
    "INDEPENDENCE_SPACE_DAYS": "days an upload space lives",
    "INDEPENDENCE_UPLOAD_MEMORY_MB": "the memory one upload's import may use (MB)",
    "INDEPENDENCE_ALLOWED_HOSTS": "host names the upload page answers, comma-separated",
    "INDEPENDENCE_TRUSTED_PROXY": "the address of a reverse proxy whose X-Forwarded-For the upload page believes",
    "INDEPENDENCE_UPLOAD_SECONDS": "the wall-clock and CPU seconds one upload's check or import may take",
    "INDEPENDENCE_DEBUG": "1 shows the traceback of an unexpected error (a bug) instead of one line",
}


@dataclass(frozen=True)
class Settings:
    """Everything the environment can set, typed, with the defaults filled in."""

    db_path: Path = DEFAULT_DB
    memory_limit: str = "1GB"
    lock_wait_seconds: float = 300.0
    cache_dir: Path | None = None
    timezone: str | None = None  # None: the time zone prefect.yaml declares
    task_runner: str = "threads"
    dask_address: str | None = None
    pseudonym_key: str | None = None
    pseudonym_key_file: Path | None = None
    max_upload_mb: float = 50.0
    uploads_per_hour: int = 20
    space_days: int = 30
    upload_memory_mb: int = 2048
    allowed_hosts: tuple[str, ...] = ("127.0.0.1", "localhost", "[::1]")
    trusted_proxy: str | None = None
    upload_seconds: int = 300
    debug: bool = False


def _number(name: str, text: str, kind: type) -> float | int:
    """Return a variable's value as a positive number of `kind`, or raise naming the variable."""
    try:
        value = kind(text)
    except ValueError:
        raise ConfigError(f"{name}={text!r} is not a {'whole ' if kind is int else ''}number") from None
    if value < 0:
        raise ConfigError(f"{name}={text!r} must not be negative")
    return value


def unknown_variables(environment: dict[str, str]) -> list[str]:
    """Return every INDEPENDENCE_* variable of the environment that is not a setting."""
    return sorted(name for name in environment if name.startswith("INDEPENDENCE_") and name not in ENVIRONMENT)


def settings(environment: dict[str, str] | None = None) -> Settings:
    """Return the settings from the environment (os.environ by default); an unknown or malformed one raises."""
    env = {name: value for name, value in (os.environ if environment is None else environment).items() if value}
    unknown = unknown_variables(env)
    if unknown:
        close = difflib.get_close_matches(unknown[0], list(ENVIRONMENT), n=1)
        hint = f"; did you mean {close[0]}?" if close else f"; settings are {', '.join(ENVIRONMENT)}"
        raise ConfigError(f"{unknown[0]} is not a setting of independence insights{hint}")
    values: dict[str, object] = {}
    if "INDEPENDENCE_DB" in env:
        values["db_path"] = Path(env["INDEPENDENCE_DB"])
    if "INDEPENDENCE_MEMORY_LIMIT" in env:
        values["memory_limit"] = env["INDEPENDENCE_MEMORY_LIMIT"]
    if "INDEPENDENCE_LOCK_WAIT" in env:
        values["lock_wait_seconds"] = _number("INDEPENDENCE_LOCK_WAIT", env["INDEPENDENCE_LOCK_WAIT"], float)
    if "INDEPENDENCE_CACHE_DIR" in env:
        values["cache_dir"] = Path(env["INDEPENDENCE_CACHE_DIR"])
    for name, field in (
        ("INDEPENDENCE_TIMEZONE", "timezone"),
        ("INDEPENDENCE_TASK_RUNNER", "task_runner"),
        ("INDEPENDENCE_DASK_ADDRESS", "dask_address"),
        ("INDEPENDENCE_PSEUDONYM_KEY", "pseudonym_key"),
    ):
        if name in env:
            values[field] = env[name]
    if "INDEPENDENCE_PSEUDONYM_KEY_FILE" in env:
        values["pseudonym_key_file"] = Path(env["INDEPENDENCE_PSEUDONYM_KEY_FILE"])
    if "INDEPENDENCE_MAX_UPLOAD_MB" in env:
        values["max_upload_mb"] = _number("INDEPENDENCE_MAX_UPLOAD_MB", env["INDEPENDENCE_MAX_UPLOAD_MB"], float)
    if "INDEPENDENCE_UPLOADS_PER_HOUR" in env:
        values["uploads_per_hour"] = _number("INDEPENDENCE_UPLOADS_PER_HOUR", env["INDEPENDENCE_UPLOADS_PER_HOUR"], int)
    if "INDEPENDENCE_SPACE_DAYS" in env:
        values["space_days"] = _number("INDEPENDENCE_SPACE_DAYS", env["INDEPENDENCE_SPACE_DAYS"], int)
    if "INDEPENDENCE_UPLOAD_MEMORY_MB" in env:
        values["upload_memory_mb"] = _number("INDEPENDENCE_UPLOAD_MEMORY_MB", env["INDEPENDENCE_UPLOAD_MEMORY_MB"], int)
    if "INDEPENDENCE_DEBUG" in env:
        values["debug"] = env["INDEPENDENCE_DEBUG"].strip().lower() in ("1", "true", "yes")
    if "INDEPENDENCE_TRUSTED_PROXY" in env:
        values["trusted_proxy"] = env["INDEPENDENCE_TRUSTED_PROXY"].strip()
    if "INDEPENDENCE_UPLOAD_SECONDS" in env:
        values["upload_seconds"] = _number("INDEPENDENCE_UPLOAD_SECONDS", env["INDEPENDENCE_UPLOAD_SECONDS"], int)
    if "INDEPENDENCE_ALLOWED_HOSTS" in env:
        values["allowed_hosts"] = tuple(h.strip() for h in env["INDEPENDENCE_ALLOWED_HOSTS"].split(",") if h.strip())
    return Settings(**values)


def default_cache_dir() -> Path:
    """Return where built assets are cached: INDEPENDENCE_CACHE_DIR, else $XDG_CACHE_HOME or ~/.cache, /independence."""
    configured = settings().cache_dir
    if configured:
        return configured
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "independence"


MAX_OPTION_FILE_BYTES = 1024 * 1024  # a mood map, column map or vocabulary of a person is a few kB


def toml_document(path: Path, kind: str) -> dict:
    """Return a person's TOML configuration file parsed; missing, huge, nested past reason or malformed is a
    ConfigError naming the file."""
    try:
        size = path.stat().st_size
        if size > MAX_OPTION_FILE_BYTES:
            raise ConfigError(
                f"{path}: a {kind} file of {size / 1e6:,.1f} MB is far larger than any needs (at most 1 MB)"
            )
        return tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: {kind} file not found") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: not a valid TOML {kind} ({str(error)[:200]})") from None
    except RecursionError:
        raise ConfigError(f"{path}: not a valid TOML {kind} (nested deeper than any {kind} needs)") from None
