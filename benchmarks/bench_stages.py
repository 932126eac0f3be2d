"""Where ``extract``'s time goes: the throughput of each stage, next to one plain regex pass.

``extract`` must reach 5 MB/s in one process; it is only as fast as the sum of its stages,
so each stage is timed alone, on the same documents, in the same run:

- ``read_page`` (body, furniture, metadata), ``segment`` (sentences and items of the body),
- ``find_money``, ``scan_dates``, ``find_organizations`` (the mention extractors),
- ``records`` (``build_records`` given the units and mentions, the models included),
- ``extract`` (everything), and a plain ``regex`` pass of a money pattern for scale.

Times are CPU seconds of this process (``time.process_time``), the median of ``--runs``,
so another busy process on the machine changes them little. Two document sets: the seed
documents repeated, and the KMOU sentences grouped 20 to a document (when present).

Repeated runs over the same documents find every word's reading cached. ``--first-sight``
measures what unseen text costs instead: each stage runs once, in a fresh interpreter, over
every distinct document (the seeds and all the KMOU sentences, 20 to a document).

    .venv/bin/python benchmarks/bench_stages.py [--runs 5] [--set seeds|kmou|both]
    .venv/bin/python benchmarks/bench_stages.py --first-sight
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import regex
from seed_corpus import source_documents

import policydocs
from policydocs.document import read_page
from policydocs.extract.dates import scan_dates
from policydocs.extract.money import find_money
from policydocs.extract.organizations import find_organizations
from policydocs.extract.records import build_records
from policydocs.models import Mentions
from policydocs.structure import segment

ROOT = Path(__file__).resolve().parent.parent
KMOU = ROOT.parent / "shared" / "data" / "ner_dev" / "kmou_train.jsonl"
PLAIN_MONEY = regex.compile(r"\d[\d,.]*\s?(?:[조억만천]\s?)*(?:원|달러|위안|엔|유로)")
SEED_COPIES = 8
KMOU_SENTENCES = 4000
SENTENCES_PER_DOCUMENT = 20


def document_sets(which: str) -> dict[str, list[str]]:
    """The seed documents repeated, and KMOU sentences 20 to a document."""
    sets = {}
    if which in ("seeds", "both"):
        seeds = [path.read_text(encoding="utf-8") for path in sorted((ROOT / "seeds").glob("*.txt"))]
        sets["seeds"] = seeds * SEED_COPIES
    if which in ("kmou", "both") and KMOU.exists():
        with KMOU.open(encoding="utf-8") as lines:
            sentences = [json.loads(line)["text"] for _, line in zip(range(KMOU_SENTENCES), lines)]
        sets["kmou"] = [
            " ".join(sentences[start : start + SENTENCES_PER_DOCUMENT])
            for start in range(0, len(sentences), SENTENCES_PER_DOCUMENT)
        ]
    return sets


def _records(prepared: tuple[str, object, Mentions]) -> object:
    text, units, mentions = prepared
    return build_records(text, units, mentions, None)


def _prepare(text: str) -> tuple[str, object, Mentions]:
    dates, _ = scan_dates(text, None)
    mentions = Mentions(money=find_money(text), dates=dates, organizations=find_organizations(text))
    return text, segment(read_page(text)), mentions


def cpu_seconds(function: Callable[[object], object], inputs: list, runs: int) -> float:
    """Median CPU seconds of ``function`` over every input."""
    times = []
    for _ in range(runs):
        started = time.process_time()
        for item in inputs:
            function(item)
        times.append(time.process_time() - started)
    return statistics.median(times)


def stages_of(documents: list[str]) -> list[tuple[str, Callable[[object], object], list]]:
    """Each stage with its inputs; the inputs of segment and records are made beforehand."""
    pages = [read_page(text) for text in documents]
    prepared = [_prepare(text) for text in documents]
    return [
        ("plain regex money pass", PLAIN_MONEY.findall, documents),
        ("read_page", read_page, documents),
        ("segment", segment, pages),
        ("find_money", find_money, documents),
        ("scan_dates", lambda text: scan_dates(text, None), documents),
        ("find_organizations", find_organizations, documents),
        ("records", _records, prepared),
        ("extract", policydocs.extract, documents),
    ]


def distinct_documents() -> list[str]:
    """The seeds once and every KMOU sentence once, 20 to a document."""
    return source_documents()[0]


def first_sight_child(stage: str) -> None:
    """One stage over every distinct document, once, in this fresh interpreter: CPU seconds.

    Making the inputs of records runs the mention extractors first (their caches warm up,
    records' own do not); every other stage starts cold.
    """
    documents = distinct_documents()
    policydocs.extract("워밍업 2030년까지 1억 원, 산업부와 삼성전자")  # build lexicons and patterns first
    if stage == "segment":
        function, inputs = segment, [read_page(text) for text in documents]
    elif stage == "records":
        function, inputs = _records, [_prepare(text) for text in documents]
    else:
        function, inputs = {name: function for name, function, _ in stages_of([])}[stage], documents
    started = time.process_time()
    for item in inputs:
        function(item)
    print(time.process_time() - started)


def first_sight() -> None:
    documents = distinct_documents()
    megabytes = sum(len(text.encode("utf-8")) for text in documents) / 1_000_000
    print(f"\nfirst sight: {len(documents):,} distinct documents, {megabytes:.2f} MB, each stage once in a fresh interpreter, CPU time")
    print(f"| {'stage':24} | {'MB/s':>8} | {'ms/doc':>7} | {'share of extract':>16} |")
    print(f"|{'-' * 26}|{'-' * 10}|{'-' * 9}|{'-' * 18}|")
    seconds = {}
    for stage, _, _ in stages_of([]):
        done = subprocess.run([sys.executable, __file__, "--first-sight-child", stage], capture_output=True, text=True, check=True)
        seconds[stage] = float(done.stdout)
    for stage, spent in seconds.items():
        share = "" if stage.startswith("plain") else f"{spent / seconds['extract']:.0%}"
        print(f"| {stage:24} | {megabytes / spent:8.2f} | {1000 * spent / len(documents):7.3f} | {share:>16} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per stage; the median is shown")
    parser.add_argument("--set", default="both", choices=("seeds", "kmou", "both"))
    parser.add_argument("--first-sight", action="store_true", help="each stage once over unseen documents")
    parser.add_argument("--first-sight-child", metavar="STAGE", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.first_sight_child:
        first_sight_child(args.first_sight_child)
        return
    if args.first_sight:
        first_sight()
        return
    for name, documents in document_sets(args.set).items():
        megabytes = sum(len(text.encode("utf-8")) for text in documents) / 1_000_000
        for text in documents[:10]:
            policydocs.extract(text)  # build lexicons and patterns outside the timing
        stages = stages_of(documents)
        print(f"\n{name}: {len(documents):,} documents, {megabytes:.2f} MB, CPU time, median of {args.runs}")
        print(f"| {'stage':24} | {'MB/s':>8} | {'ms/doc':>7} | {'share of extract':>16} |")
        print(f"|{'-' * 26}|{'-' * 10}|{'-' * 9}|{'-' * 18}|")
        seconds = {stage: cpu_seconds(function, inputs, args.runs) for stage, function, inputs in stages}
        for stage, spent in seconds.items():
            share = "" if stage.startswith("plain") else f"{spent / seconds['extract']:.0%}"
            print(f"| {stage:24} | {megabytes / spent:8.2f} | {1000 * spent / len(documents):7.3f} | {share:>16} |")


if __name__ == "__main__":
    main()
