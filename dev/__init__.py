"""Development-only code, never shipped in the wheel: seeded synthetic data and the honesty harness.

`make samples` writes the committed samples with `synth` and `synth_clients`; the tests and the
benchmarks use `synth_cohort` and `honesty` to measure how often verdicts are wrong.
"""
