"""Benchmarks: each bench_*.py module has ``run(workdir, quick) -> list[dict]``."""
