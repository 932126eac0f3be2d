"""Throughput of find_organizations next to one plain regex pass, on the seeds repeated to >= 10 MB.

The plain pass is the floor any organisation finder pays: one scan of the text for a simple
organisation pattern (a Hangul word ending in a body's suffix: …부, …청, …원, …회, …사).
The figure that matters is the ratio; the bar is find_organizations at >= 1/8 of the plain
pass, measured in the same run. ``--digits`` also prints a pass of ``[0-9]+`` for scale.

    .venv/bin/python benchmarks/bench_organizations.py [--mb 10] [--runs 5] [--digits]
"""

from __future__ import annotations

import argparse
import statistics
import time

import regex
from seed_corpus import seed_corpus

from policydocs.extract.organizations import find_organizations

SIMPLE_ORGANIZATION = regex.compile(r"[가-힣]+(?:부|청|처|원|회|소|단|사|실|터)(?![가-힣])")
DIGITS = regex.compile(r"[0-9]+")


def median_seconds(function, text: str, runs: int) -> tuple[float, int]:
    times, found = [], 0
    for _ in range(runs):
        started = time.perf_counter()
        found = len(function(text))
        times.append(time.perf_counter() - started)
    return statistics.median(times), found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=10.0, help="size of the benchmark text in MB (default 10)")
    parser.add_argument("--runs", type=int, default=5, help="runs per measurement; the median is reported")
    parser.add_argument("--digits", action="store_true", help="also time a [0-9]+ pass, for scale")
    args = parser.parse_args()
    text = seed_corpus(args.mb)
    megabytes = len(text.encode("utf-8")) / 1_000_000
    find_organizations("워밍업: 대전시가 산업부와")  # build the lexicon and patterns outside the timing
    plain, plain_found = median_seconds(SIMPLE_ORGANIZATION.findall, text, args.runs)
    ours, ours_found = median_seconds(find_organizations, text, args.runs)
    print(f"text: {megabytes:.1f} MB ({len(text):,} characters), median of {args.runs} runs")
    print(f"plain regex pass   : {megabytes / plain:8.1f} MB/s  ({plain_found:,} matches)")
    if args.digits:
        digits, digits_found = median_seconds(DIGITS.findall, text, args.runs)
        print(f"[0-9]+ pass        : {megabytes / digits:8.1f} MB/s  ({digits_found:,} matches)")
    print(f"find_organizations : {megabytes / ours:8.1f} MB/s  ({ours_found:,} mentions)")
    print(f"ratio              : {plain / ours:8.3f}  (bar: >= {1 / 8:.3f})")


if __name__ == "__main__":
    main()
