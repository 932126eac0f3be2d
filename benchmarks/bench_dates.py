"""Throughput of find_dates on >= 10 MB of the seed documents, beside peers on the same text.

Run: ``.venv/bin/python benchmarks/bench_dates.py [--mb 10] [--runs 3] [--peer-kb 64]``

Prints MB/s (UTF-8 bytes, median of ``--runs``) for:

- one plain ``regex`` pass of a simple pattern (``[0-9]+``) over the same text: the floor;
- ``policydocs.find_dates`` with a reference date;
- ``dateparser.search.search_dates(..., languages=['ko'])`` and ``korean_datetime.parse_all``
  when installed (benchmark-only dependencies: ``pip install dateparser korean-datetime``).
  They are too slow for 10 MB, so they run on a slice of ``--peer-kb`` KB of the same
  text and their time for the whole text is extrapolated (said so in the output).
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time
from collections.abc import Callable

import regex
from seed_corpus import seed_corpus

from policydocs import find_dates

REFERENCE = dt.date(2023, 11, 6)


def megabytes(text: str) -> float:
    return len(text.encode("utf-8")) / 1_000_000


def timed(function: Callable[[str], object], text: str, runs: int) -> tuple[float, object]:
    """Median seconds over ``runs`` calls, and the last result."""
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = function(text)
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def peers() -> dict[str, Callable[[str], object]]:
    found: dict[str, Callable[[str], object]] = {}
    try:
        from dateparser.search import search_dates

        settings = {"RELATIVE_BASE": dt.datetime(2023, 11, 6)}
        found["dateparser.search_dates(ko)"] = lambda t: search_dates(t, languages=["ko"], settings=settings) or []
    except ImportError:
        print("dateparser not installed: pip install dateparser (benchmark only)", file=sys.stderr)
    try:
        import korean_datetime

        now = dt.datetime(2023, 11, 6)
        found["korean_datetime.parse_all"] = lambda t: korean_datetime.parse_all(t, now=now)
    except ImportError:
        print("korean-datetime not installed: pip install korean-datetime (benchmark only)", file=sys.stderr)
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mb", type=float, default=10.0, help="size of the text in MB (default 10)")
    parser.add_argument("--runs", type=int, default=3, help="runs per measurement; the median is printed")
    parser.add_argument("--peer-kb", type=int, default=64, help="slice for the slow peers, in KB")
    args = parser.parse_args(argv)

    text = seed_corpus(args.mb)
    size = megabytes(text)
    print(f"text: seeds/*.txt repeated to {size:.1f} MB ({len(text):,} characters), median of {args.runs} runs")

    find_dates(text[:1000], reference=REFERENCE)  # compile the rules outside the timing
    floor = regex.compile(r"[0-9]+")
    base_seconds, _ = timed(lambda t: sum(1 for _ in floor.finditer(t)), text, args.runs)
    ours_seconds, mentions = timed(lambda t: find_dates(t, reference=REFERENCE), text, args.runs)
    ours_rate = size / ours_seconds
    print(f"{'regex [0-9]+ (one plain pass)':34} {size / base_seconds:9.2f} MB/s")
    print(
        f"{'policydocs.find_dates':34} {ours_rate:9.2f} MB/s   {len(mentions):,} mentions; "  # type: ignore[arg-type]
        f"{ours_seconds / base_seconds:.1f}x the plain pass's time"
    )

    slice_ = text[: args.peer_kb * 1000 // 3]  # Hangul is 3 bytes a character in UTF-8
    slice_size = megabytes(slice_)
    ours_slice, _ = timed(lambda t: find_dates(t, reference=REFERENCE), slice_, args.runs)
    for name, function in peers().items():
        seconds, found = timed(function, slice_, 1)
        rate = slice_size / seconds
        print(
            f"{name:34} {rate:9.2f} MB/s   measured on a {slice_size * 1000:.0f} KB slice "
            f"({len(found):,} found), extrapolated to {size:.1f} MB: {size / rate:,.0f} s; "  # type: ignore[arg-type]
            f"find_dates is {seconds / ours_slice:,.0f}x faster on the same slice"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
