"""Timing for the linear-time tests: 1x against 8x input, measured fairly."""

from __future__ import annotations

import time


def best_times_of(function, small: str, large: str) -> tuple[float, float]:
    """Best of five runs of each, alternating so that a busy machine slows both alike.

    Quadratic growth shows as 64x at 8x input; the bar is 12x, over a floor of 5 ms so that
    timer noise on tiny inputs cannot fail it.
    """
    best_small = best_large = float("inf")
    for _ in range(5):
        started = time.perf_counter()
        function(small)
        middle = time.perf_counter()
        function(large)
        best_small = min(best_small, middle - started)
        best_large = min(best_large, time.perf_counter() - middle)
    return best_small, best_large
