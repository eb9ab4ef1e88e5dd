"""The layers are a contract: import-linter checks them, and the docs name only files that exist."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO

LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def test_the_import_contracts_hold():
    result = subprocess.run([str(LINT_IMPORTS)], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "0 broken" in result.stdout


def test_only_entry_points_import_flows():
    importers = sorted(
        str(path.relative_to(REPO))
        for path in (REPO / "independence").rglob("*.py")
        if re.search(r"^\s*(from|import) independence_flows\b", path.read_text(encoding="utf-8"), re.M)
    )
    assert importers == ["independence/cli.py", "independence/web/state.py"]  # deployments.py: by entrypoint


def test_the_package_ships_no_synthetic_data_generator():
    assert not [path for path in (REPO / "independence").rglob("synth*.py")]
    assert (REPO / "dev" / "synth.py").is_file()


def test_every_file_the_docs_name_exists():
    named = set()
    for doc in [REPO / "README.md", *sorted((REPO / "docs").glob("*.md")), REPO / "transforms" / "README.md"]:
        text = doc.read_text(encoding="utf-8")
        for match in re.finditer(r"`((?:independence|flows|transforms|reports|bench|dev|tests|docs)/[\w./-]+)`", text):
            named.add((doc.name, match.group(1).rstrip("/.")))
    missing = [(doc, path) for doc, path in sorted(named) if not (REPO / path).exists()]
    assert missing == []


def _imported_top_modules(folders: list[str]) -> set[str]:
    """Return the top-level module names imported anywhere in the folders' Python files (hidden folders,
    such as the peers' environment bench/.peers, are not the project's)."""
    import ast

    names = set()
    for folder in folders:
        for path in (REPO / folder).rglob("*.py"):
            if any(part.startswith(".") for part in path.relative_to(REPO).parts):
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    names |= {alias.name.split(".")[0] for alias in node.names}
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    names.add(node.module.split(".")[0])
    return names


def _declared(requirements: list[str]) -> set[str]:
    """Return the normalised distribution names of requirement strings."""
    return {
        re.split(r"[<>=!~\[; ]", requirement, maxsplit=1)[0].lower().replace("_", "-") for requirement in requirements
    }


def test_every_direct_import_is_a_declared_dependency():
    import importlib.metadata
    import tomllib

    project = tomllib.loads((REPO / "pyproject.toml").read_text())
    runtime = _declared(project["project"]["dependencies"])
    dev = runtime | _declared(project["dependency-groups"]["dev"])
    distributions = importlib.metadata.packages_distributions()
    local = {"independence", "independence_flows", "dev", "tests", "bench"}

    def undeclared(folders: list[str], allowed: set[str]) -> list[str]:
        missing = []
        for name in sorted(_imported_top_modules(folders) - local - set(sys.stdlib_module_names)):
            owners = {owner.lower().replace("_", "-") for owner in distributions.get(name, [name])}
            if not owners & allowed:
                missing.append(f"{name} ({', '.join(sorted(owners))})")
        return missing

    assert undeclared(["independence", "flows"], runtime) == []
    assert undeclared(["tests", "dev", "bench"], dev) == []


def test_only_the_warehouse_layer_queries_the_models():
    """One owner of the queries on the models (`warehouse/marts.py`): analysis judges the rows it is handed,
    publish renders what it is handed, use cases fetch and pass them on."""
    readers = sorted(
        str(path.relative_to(REPO))
        for path in (REPO / "independence").rglob("*.py")
        if "warehouse" not in path.relative_to(REPO).parts
        and re.search(r"\b(?:mart|int|stg)_[a-z]\w*\b", path.read_text(encoding="utf-8"))
    )
    assert readers == []
