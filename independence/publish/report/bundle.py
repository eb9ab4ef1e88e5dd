"""The Vega, Vega-Lite and Vega-Embed script bundle, built offline by vl-convert and cached on disk."""

from __future__ import annotations

import functools

import vl_convert

from independence.config import default_cache_dir
from independence.publish.files import written_atomically

VEGA_LITE_VERSION = "6.4"


@functools.cache
def vega_bundle() -> str:
    """Return the script that defines window.vegaEmbed (about 0.9 MB); built once per vl-convert version."""
    path = default_cache_dir() / f"vega-bundle-{vl_convert.__version__}-vl{VEGA_LITE_VERSION}.js"
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
