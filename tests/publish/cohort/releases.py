"""What a coach release holds: every aggregate cell, found anywhere in its JSON."""

from __future__ import annotations


def aggregates(node, path="$"):
    """Yield every object carrying `clients`, with its path (trajectories are individual, not aggregates)."""
    if isinstance(node, dict):
        if "clients" in node and "suppressed" in node:
            yield path, node
        for key, value in node.items():
            if key != "trajectories":
                yield from aggregates(value, f"{path}.{key}")
    elif isinstance(node, list):
        for number, item in enumerate(node):
            yield from aggregates(item, f"{path}[{number}]")
