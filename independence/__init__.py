"""independence insights: honest reports about emotional independence from mood-app exports."""

__version__ = "0.1.0"
