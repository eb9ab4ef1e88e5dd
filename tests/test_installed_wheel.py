"""The package installed the ordinary way: a wheel built from the checkout, in a fresh environment, run elsewhere.

The wheel must carry everything the program reads (SQL transforms, report templates and assets, the demo's
synthetic samples) and must not install a generic top-level package such as `flows`. The commands run from
an unrelated folder, with nothing of the checkout on their path.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import REPO


def _uv() -> str:
    """Return the uv the Makefile installs (or one on PATH)."""
    found = REPO / ".tools" / "bin" / "uv"
    if found.exists():
        return str(found)
    on_path = shutil.which("uv")
    if on_path is None:
        pytest.skip("uv is not installed here (make install puts it in .tools/)")
    return on_path


def _clean_environment(home: Path) -> dict[str, str]:
    """Return an environment without the checkout's virtual environment, path or settings."""
    kept = {
        name: value for name, value in os.environ.items() if not name.startswith(("INDEPENDENCE_", "UV_", "PYTHON"))
    }
    kept.pop("VIRTUAL_ENV", None)
    return kept | {"UV_PYTHON_DOWNLOADS": "never", "HOME": str(home), "UV_CACHE_DIR": _uv_cache()}


def _uv_cache() -> str:
    """Return uv's cache folder of this machine (shared with `make install`, so installing takes seconds)."""
    return subprocess.run([_uv(), "cache", "dir"], capture_output=True, text=True, check=True).stdout.strip()


def _printed_path(output: str, label: str) -> Path:
    """Return the path a command printed after `label` on a line of its own."""
    return Path(next(line.removeprefix(label) for line in output.splitlines() if line.startswith(label)))


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, str]]:
    """Build the wheel, install it into a fresh environment; return (the wheel, the environment's bin, env)."""
    root = tmp_path_factory.mktemp("wheel")
    home = root / "home"
    home.mkdir()
    env = _clean_environment(home)
    built = subprocess.run(
        [_uv(), "build", "--wheel", "--out-dir", str(root / "dist"), str(REPO)],
        capture_output=True,
        text=True,
        env=env,
        cwd=root,
    )
    assert built.returncode == 0, built.stderr[-2000:]
    wheel = next((root / "dist").glob("independence-*.whl"))
    venv = root / "venv"
    base = getattr(sys, "_base_executable", sys.executable)
    for command in (
        [_uv(), "venv", "--quiet", "--python", base, str(venv)],
        [_uv(), "pip", "install", "--quiet", "--python", str(venv / "bin" / "python"), str(wheel)],
    ):
        done = subprocess.run(command, capture_output=True, text=True, env=env, cwd=root)
        assert done.returncode == 0, done.stderr[-2000:]
    return wheel, venv / "bin", env


def test_the_wheel_carries_what_the_program_reads_and_no_generic_top_level_package(installed):
    wheel, _, _ = installed
    names = zipfile.ZipFile(wheel).namelist()
    top_level = {name.split("/")[0] for name in names if "/" in name and ".dist-info/" not in name}
    assert top_level == {"independence", "independence_flows"}
    shipped = {name.removeprefix("independence/shipped/") for name in names if "/shipped/" in name}
    sql_models = {path.relative_to(REPO / "transforms").as_posix() for path in (REPO / "transforms").rglob("*.sql")}
    assert sql_models and {f"transforms/{model}" for model in sql_models} <= shipped
    assert {"reports/report.html.j2", "reports/report.css", "reports/embed.js", "reports/cohort.html.j2"} <= shipped
    assert {"samples/daylio_export_2026_11_01.csv", "samples/moods.toml", "samples/checkins.csv"} <= shipped


def test_the_installed_command_makes_the_demo_and_a_report_from_an_unrelated_folder(installed, tmp_path):
    _, bin_dir, env = installed
    elsewhere = tmp_path / "somewhere else"
    elsewhere.mkdir()
    shutil.copy(REPO / "data" / "samples" / "checkins.csv", elsewhere / "my checkins.csv")

    def run(*arguments: str) -> subprocess.CompletedProcess:
        done = subprocess.run(
            [str(bin_dir / "independence"), *arguments], capture_output=True, text=True, env=env, cwd=elsewhere
        )
        assert done.returncode == 0, (done.stdout + done.stderr)[-3000:]
        return done

    located = subprocess.run(
        [
            str(bin_dir / "python"),
            "-c",
            "import independence, independence.config as c; print(independence.__file__);print(c.TRANSFORMS_DIR)",
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=elsewhere,
        check=True,
    ).stdout.split()
    assert not located[0].startswith(str(REPO)) and "site-packages" in located[1]

    demo = run("demo")
    report = _printed_path(demo.stdout, "Report (open it in a browser; it works offline): ")
    assert report.is_relative_to(elsewhere) and "The six signs" in report.read_text(encoding="utf-8")

    own = run("report", "my checkins.csv")
    written = _printed_path(own.stdout, "Report: ")
    assert written.is_relative_to(elsewhere / "data" / "reports" / "me")
    assert "check-in" in written.read_text(encoding="utf-8")
