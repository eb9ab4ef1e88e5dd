"""The benchmarks' targets table: every recorded figure with its target, its ratio and whether it was met."""

from __future__ import annotations

from bench.targets import Figure, recorded, summary_lines


def test_every_recorded_figure_is_listed_with_its_ratio_and_verdict(tmp_path):
    recorded("upload", [Figure("upload -> report / report FILE", 0.65, 1.0, "x")], tmp_path)
    recorded("ingest", [Figure("first import / bare read", 7.6, 4.0, "x")], tmp_path)
    header, ingest, upload = summary_lines(tmp_path)
    assert header.split()[:2] == ["bench", "figure"]
    assert ingest.startswith("ingest") and "1.90x" in ingest and "NOT met" in ingest
    assert upload.startswith("upload") and "0.65x" in upload and " met " in upload
    recorded("upload", [Figure("upload -> report / report FILE", 1.2, 1.0, "x")], tmp_path)  # a later run replaces it
    assert "1.20x" in summary_lines(tmp_path)[2] and len(summary_lines(tmp_path)) == 3
