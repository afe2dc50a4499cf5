"""Figures shared by the benchmarks: percentiles, a latency summary line, peak RSS.

Percentiles are nearest-rank (always a measured value, no interpolation), so
a p95 over 20 turns is the 19th fastest turn.
"""

from __future__ import annotations

import math
from collections.abc import Sequence


def percentile(values: Sequence[float], pct: float) -> float:
    """The smallest value with at least ``pct`` percent of the values at or below it."""
    if not values:
        raise ValueError("no values")
    ordered = sorted(values)
    return ordered[max(0, math.ceil(pct / 100 * len(ordered)) - 1)]


def summary(seconds: Sequence[float], pcts: Sequence[int] = (50, 95), decimals: int = 0) -> str:
    """'median 52 ms, p95 73 ms' for timings given in seconds (p50 is named median)."""
    if not seconds:
        return "none timed"
    return ", ".join(
        f"{'median' if p == 50 else f'p{p}'} {percentile(seconds, p) * 1000:.{decimals}f} ms"
        for p in pcts
    )


def peak_rss_mb(pid: int) -> float:
    """A live process's peak resident memory (VmHWM in /proc/<pid>/status), in MB."""
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmHWM for pid {pid}")
