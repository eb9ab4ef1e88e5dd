"""The Vega, Vega-Lite and Vega-Embed script bundle, built offline by vl-convert and cached on disk."""

from __future__ import annotations

import functools
import os
from pathlib import Path

import vl_convert

from independence.report import written_atomically

VEGA_LITE_VERSION = "6.4"


def bundle_cache_dir() -> Path:
    """Return the directory that keeps built bundles: INDEPENDENCE_CACHE_DIR, else ~/.cache/independence."""
    configured = os.environ.get("INDEPENDENCE_CACHE_DIR")
    if configured:
        return Path(configured)
    return Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "independence"


@functools.cache
def vega_bundle() -> str:
    """Return the script that defines window.vegaEmbed (about 0.9 MB); built once per vl-convert version."""
    path = bundle_cache_dir() / f"vega-bundle-{vl_convert.__version__}-vl{VEGA_LITE_VERSION}.js"
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        pass
    script = vl_convert.javascript_bundle(vl_version=VEGA_LITE_VERSION).replace("</script", "<\\/script")
    try:
        written_atomically(path, script.encode("utf-8"))
    except OSError:
        pass  # an unwritable cache only costs the ~2 s rebuild next time
    return script
