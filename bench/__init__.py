"""Benchmarks: scripts that measure and print figures (`make bench`); the figures are kept in docs/benchmarks.md."""
