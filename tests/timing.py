"""Timing for the linear-time tests: 1x against 8x input, measured fairly.

CPU time of this process (``time.process_time``), not wall time, so that other work on a
busy machine does not count; runs alternate and the best of five is kept, with the
garbage collector quiet during each run.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable

LINEAR_BAR = 12.0  # 8x the input may take at most 12x the time; quadratic growth shows as 64x
FLOOR_SECONDS = 2e-3  # below this the clock's resolution dominates


def _run(function: Callable[[str], object], text: str) -> float:
    gc.collect()
    gc.disable()
    try:
        started = time.process_time()
        function(text)
        return time.process_time() - started
    finally:
        gc.enable()


def best_times_of(function: Callable[[str], object], small: str, large: str) -> tuple[float, float]:
    """Best of five alternating runs of ``function`` on ``small`` and on ``large``."""
    function(small[:200])  # compile patterns and fill caches before timing
    best_small = best_large = float("inf")
    for _ in range(5):
        best_small = min(best_small, _run(function, small))
        best_large = min(best_large, _run(function, large))
    return best_small, best_large


def growth(function: Callable[[str], object], small: str) -> float:
    """How many times longer ``function`` takes on ``small * 8`` than on ``small``."""
    once, eight = best_times_of(function, small, small * 8)
    return eight / max(once, FLOOR_SECONDS)
