"""Throughput of find_money next to one plain regex pass, on the seeds repeated to >= 10 MB.

The plain pass is the floor any money finder pays: one scan of the text for a simple money
pattern (digits, an optional myriad unit, a currency). The figure that matters is the
ratio; the bar is find_money at >= 1/8 of the plain pass, measured in the same run.

    .venv/bin/python benchmarks/bench_money.py [--mb 10] [--runs 5]
"""

from __future__ import annotations

import argparse
import statistics
import time

import regex
from seed_corpus import seed_corpus

from policydocs.extract.money import find_money

SIMPLE_MONEY = regex.compile(r"[0-9][0-9,.]*\s?(?:[조억만천]\s?)*(?:원|달러|위안|엔|유로)")


def timed(function, text: str) -> tuple[float, int]:
    started = time.perf_counter()
    found = len(function(text))
    return time.perf_counter() - started, found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=10.0, help="size of the benchmark text in MB (default 10)")
    parser.add_argument("--runs", type=int, default=5, help="runs per measurement; the median is reported")
    args = parser.parse_args()
    text = seed_corpus(args.mb)
    megabytes = len(text.encode("utf-8")) / 1_000_000
    find_money("워밍업 1억 원")  # build the patterns outside the timing
    # Runs alternate, so that a busy machine slows both sides of each ratio alike.
    plain_times, our_times, ratios = [], [], []
    for _ in range(args.runs):
        plain, plain_found = timed(SIMPLE_MONEY.findall, text)
        ours, ours_found = timed(find_money, text)
        plain_times.append(plain)
        our_times.append(ours)
        ratios.append(plain / ours)
    print(f"text: {megabytes:.1f} MB ({len(text):,} characters), median of {args.runs} alternating runs")
    print(f"plain regex pass : {megabytes / statistics.median(plain_times):8.1f} MB/s  ({plain_found:,} matches)")
    print(f"find_money       : {megabytes / statistics.median(our_times):8.1f} MB/s  ({ours_found:,} mentions)")
    print(f"ratio            : {statistics.median(ratios):8.3f}  (bar: >= {1 / 8:.3f})")


if __name__ == "__main__":
    main()
