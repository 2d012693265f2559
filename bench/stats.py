"""Timing helpers shared by the benchmarks: percentiles of repeated calls, in milliseconds."""

import statistics
import time
from collections.abc import Callable


def percentile(samples_ms: list[float], pct: float) -> float:
    ordered = sorted(samples_ms)
    k = max(0, min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1))))
    return ordered[k]


def time_calls(fn: Callable[[int], object], n: int, *, warmup: int = 20) -> list[float]:
    """Call ``fn(i)`` ``n`` times after ``warmup`` calls; return each call's time in ms."""
    for i in range(warmup):
        fn(i)
    out = []
    for i in range(n):
        t0 = time.perf_counter_ns()
        fn(i)
        out.append((time.perf_counter_ns() - t0) / 1e6)
    return out


def row(name: str, samples: list[float], baseline: list[float] | None, target: str) -> dict:
    p50 = statistics.median(samples)
    base = statistics.median(baseline) if baseline else None
    return {
        "name": name,
        "n": len(samples),
        "p50_ms": p50,
        "p99_ms": percentile(samples, 99),
        "baseline_p50_ms": base,
        "ratio": (p50 / base) if base else None,
        "target": target,
    }
