"""Corpus-scale benchmark of ``extract``: throughput, scaling to 2 jobs, peak memory, import time, and peers.

Everything is measured in the same run, on the same text, and printed as one table:

- ``import policydocs`` (median of 5 fresh interpreters);
- one plain ``regex`` pass of a money pattern over the whole corpus — the practical limit;
- ``policydocs.extract`` in this process over a sample of the documents (median of ``--runs``);
  the corpus repeats its source documents, so that sample's words have been read before
  (the readings of words are cached, as they are in a long run over a real corpus);
  and over the five seed documents alone (the bar names "the seed corpus");
- ``policydocs.extract`` at first sight: a fresh interpreter reads each distinct source
  document once, every word new to it -- what a corpus of unseen text costs at its start;
- ``dateparser.search.search_dates(languages=['ko'])`` — the peer a user would otherwise
  reach for — on a slice, extrapolated to the corpus (it is far too slow to run on all);
- what two independent CPU-bound processes gain over one on this machine: the ceiling
  of any 2-job scaling (2.0 only when two cores are really free);
- ``policydocs extract corpus.jsonl --jobs N`` as a user runs it, over the whole corpus,
  for 1 and 2 jobs: wall time, MB/s, and peak RSS of the main process and of the largest
  worker (child processes, read from the run's own summary), plus the same with 2 jobs
  on a tenth of the corpus, to show that memory does not grow with the corpus.

The corpus (>= ``--mb`` MB of UTF-8) is built from the seed documents and, when
``../shared/data/ner_dev/kmou_train.jsonl`` is present, the KMOU sentences (read at run
time, grouped 20 to a document, never copied into the repository). It is written to a
temporary JSON Lines file that is removed afterwards.

    .venv/bin/python benchmarks/bench_extract.py [--mb 50] [--runs 3] [--sample-mb 2]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path

import regex
from seed_corpus import SEEDS, source_documents

ROOT = Path(__file__).resolve().parent.parent
PLAIN_MONEY = regex.compile(r"\d[\d,.]*\s?(?:[조억만천]\s?)*(?:원|달러|위안|엔|유로)")
BARS = {"single": 5.0, "scaling": 1.7, "memory_mb": 200.0, "import_s": 0.5, "ratio": 1 / 16}


def corpus_documents(megabytes: float) -> Iterator[str]:
    """The source documents, cycled until at least ``megabytes`` of UTF-8 have been produced."""
    documents, _ = source_documents()
    produced, target = 0, megabytes * 1_000_000
    while produced < target:
        for text in documents:
            yield text
            produced += len(text.encode("utf-8"))
            if produced >= target:
                return


SEED_COPIES = 8


def seed_documents() -> list[str]:
    """The seed documents alone, repeated: the bar's "seed corpus" without the KMOU sentences."""
    return sorted(path.read_text(encoding="utf-8") for path in SEEDS.glob("*.txt")) * SEED_COPIES


def representative_sample(megabytes: float) -> list[str]:
    """Documents in the corpus's own proportions (seeds and KMOU alike), about ``megabytes`` of them."""
    documents, _ = source_documents()
    total = sum(len(text.encode("utf-8")) for text in documents)
    copies = max(1, round(megabytes * 1_000_000 / total))
    if megabytes * 1_000_000 >= total:
        return documents * copies
    stride = max(1, round(total / (megabytes * 1_000_000)))
    return documents[::stride]


def write_corpus(path: Path, megabytes: float) -> tuple[int, int]:
    """Write the corpus as JSON Lines; (documents, bytes of text)."""
    count = size = 0
    with path.open("w", encoding="utf-8") as stream:
        for text in corpus_documents(megabytes):
            stream.write(json.dumps({"id": f"b{count:07d}", "text": text}, ensure_ascii=False) + "\n")
            count += 1
            size += len(text.encode("utf-8"))
    return count, size


def note(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def median_seconds(function: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def extract_all(extract: Callable[..., object], documents: list[str]) -> None:
    """Extract each document and drop the result, as the workers do (holding them all would time the GC)."""
    for text in documents:
        extract(text)


def first_sight() -> tuple[float, float]:
    """(seconds, megabytes) of extracting every distinct source document once, in a fresh interpreter."""
    done = subprocess.run([sys.executable, __file__, "--first-sight-child"], capture_output=True, text=True, check=True)
    seconds, megabytes = map(float, done.stdout.split())
    return seconds, megabytes


def _first_sight_child() -> None:
    from policydocs import extract

    documents, _ = source_documents()
    extract("워밍업 2030년까지 1억 원")  # build the lazy patterns outside the timing
    started = time.perf_counter()
    extract_all(extract, documents)
    seconds = time.perf_counter() - started
    print(seconds, sum(len(text.encode("utf-8")) for text in documents) / 1e6)


def import_seconds(runs: int = 5) -> float:
    code = "import time; t = time.perf_counter(); import policydocs; print(time.perf_counter() - t)"
    times = [float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)
             for _ in range(runs)]
    return statistics.median(times)


def machine_scaling(runs: int = 3) -> float:
    """What two CPU-bound processes gain over one on this machine (2.0 on two free cores): the ceiling for --jobs 2."""
    code = "sum(range(40_000_000))"
    gains = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        alone = time.perf_counter() - started
        started = time.perf_counter()
        pair = [subprocess.Popen([sys.executable, "-c", code]) for _ in range(2)]
        for process in pair:
            process.wait()
        gains.append(2 * alone / (time.perf_counter() - started))
    return statistics.median(gains)


def cli_run(corpus: Path, jobs: int, out: Path) -> dict[str, float]:
    """Run the command line as a user does; wall time, and peak RSS of its processes (from its summary)."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "policydocs", "extract", str(corpus), "--jobs", str(jobs), "--out", str(out)],
        capture_output=True, text=True, cwd=ROOT, check=False,
    )
    seconds = time.perf_counter() - started
    if done.returncode not in (0, 1):
        raise SystemExit(f"policydocs extract failed ({done.returncode}):\n{done.stderr}")
    memory = re.search(r"main process (\d+) MB, largest worker (\d+) MB", done.stderr)
    summary = re.search(r"summary: (\d+) documents", done.stderr)
    return {
        "seconds": seconds,
        "documents": float(summary.group(1)) if summary else 0.0,
        "main_mb": float(memory.group(1)) if memory else float("nan"),
        "worker_mb": float(memory.group(2)) if memory else float("nan"),
    }


def dateparser_seconds(documents: list[str], kilobytes: float) -> tuple[float, float] | None:
    """search_dates(languages=['ko']) over documents adding up to ``kilobytes``; (seconds, megabytes)."""
    try:
        from dateparser.search import search_dates
    except ImportError:
        return None
    sample, size = [], 0
    for text in documents:
        if size >= kilobytes * 1000:
            break
        piece = text[: int(kilobytes * 1000)]
        sample.append(piece)
        size += len(piece.encode("utf-8"))
    search_dates("2023년 11월 6일", languages=["ko"])  # load its language data outside the timing
    started = time.perf_counter()
    for text in sample:
        search_dates(text, languages=["ko"])
    return time.perf_counter() - started, size / 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=50.0, help="corpus size in MB for the CLI runs (default 50)")
    parser.add_argument("--sample-mb", type=float, default=2.0, help="in-process extract sample in MB (default 2)")
    parser.add_argument("--runs", type=int, default=3, help="runs of the in-process measures; the median is shown")
    parser.add_argument("--dateparser-kb", type=float, default=20.0, help="dateparser slice in KB (default 20)")
    parser.add_argument("--first-sight-child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.first_sight_child:
        _first_sight_child()
        return

    from policydocs import extract

    _, origin = source_documents()
    with tempfile.TemporaryDirectory(prefix="policydocs-bench-") as folder:
        corpus, tenth = Path(folder, "corpus.jsonl"), Path(folder, "tenth.jsonl")
        count, size = write_corpus(corpus, args.mb)
        write_corpus(tenth, args.mb / 10)
        megabytes = size / 1e6
        sample = representative_sample(args.sample_mb)
        sample_mb = sum(len(t.encode("utf-8")) for t in sample) / 1e6
        text = "\n\n".join(corpus_documents(args.mb))

        note(f"corpus: {megabytes:.1f} MB in {count:,} documents; timing import")
        imported = import_seconds()
        note("plain regex pass")
        plain = median_seconds(partial(PLAIN_MONEY.findall, text), args.runs)
        del text  # 50 MB of str: not needed any more
        note(f"extract in process on {sample_mb:.1f} MB, {args.runs} runs")
        extract("워밍업 2030년까지 1억 원")  # build the lazy patterns outside the timing
        ours = median_seconds(lambda: extract_all(extract, sample), args.runs)
        seeds_only = seed_documents()
        seeds_mb = sum(len(t.encode("utf-8")) for t in seeds_only) / 1e6
        seeds_seconds = median_seconds(lambda: extract_all(extract, seeds_only), args.runs)
        note("extract at first sight, in a fresh interpreter")
        fresh_seconds, fresh_mb = first_sight()
        note("dateparser")
        peer = dateparser_seconds(sample, args.dateparser_kb)
        note("machine: two busy processes against one")
        ceiling = machine_scaling()
        note("CLI --jobs 1")
        one = cli_run(corpus, 1, Path(folder, "out1.jsonl"))
        note("CLI --jobs 2")
        two = cli_run(corpus, 2, Path(folder, "out2.jsonl"))
        note("CLI --jobs 2 on a tenth")
        small = cli_run(tenth, 2, Path(folder, "out3.jsonl"))

    single = sample_mb / ours
    cli_one, cli_two = megabytes / one["seconds"], megabytes / two["seconds"]
    scaling = one["seconds"] / two["seconds"]
    peak = max(one["main_mb"], one["worker_mb"], two["main_mb"], two["worker_mb"])
    rows = [
        ("import policydocs", f"{imported:.3f} s", "median of 5 fresh interpreters",
         f"<= {BARS['import_s']} s", imported <= BARS["import_s"]),
        ("plain regex money pass", f"{megabytes / plain:.1f} MB/s", f"{megabytes:.1f} MB, median of {args.runs}",
         "the practical limit", None),
        ("extract, in process", f"{single:.2f} MB/s", f"{sample_mb:.1f} MB sample, median of {args.runs}",
         f">= {BARS['single']} MB/s", single >= BARS["single"]),
        ("  ratio to the regex pass", f"1/{(megabytes / plain) / single:.0f}", "same run",
         f">= 1/{1 / BARS['ratio']:.0f}", single / (megabytes / plain) >= BARS["ratio"]),
        ("extract, in process, seeds", f"{seeds_mb / seeds_seconds:.2f} MB/s",
         f"the {len(seeds_only) // SEED_COPIES} seeds x {SEED_COPIES}, {seeds_mb:.2f} MB, median of {args.runs}",
         f">= {BARS['single']} MB/s", seeds_mb / seeds_seconds >= BARS["single"]),
        ("extract, first sight", f"{fresh_mb / fresh_seconds:.2f} MB/s",
         f"{fresh_mb:.1f} MB, every distinct document once, fresh interpreter", "", None),
    ]
    if peer is None:
        rows.append(("dateparser search_dates", "not installed", "pip install 'policydocs[bench]'", "peer", None))
    else:
        seconds, peer_mb = peer
        extrapolated = megabytes / (peer_mb / seconds)
        detail = f"{peer_mb * 1000:.0f} KB slice; extrapolated to the corpus: {extrapolated:,.0f} s"
        rows.append(("dateparser search_dates ko", f"{peer_mb / seconds:.3f} MB/s", detail, "peer", None))
    rows += [
        ("CLI --jobs 1", f"{cli_one:.2f} MB/s", f"{megabytes:.1f} MB, {count:,} docs, {one['seconds']:.1f} s",
         f">= {BARS['single']} MB/s", cli_one >= BARS["single"]),
        ("CLI --jobs 2", f"{cli_two:.2f} MB/s", f"{two['seconds']:.1f} s; scaling x{scaling:.2f}",
         f">= x{BARS['scaling']}", scaling >= BARS["scaling"]),
        ("  machine ceiling", f"x{ceiling:.2f}", "2 independent busy processes vs 1, same run", "", None),
        ("peak RSS, jobs 1", f"{one['main_mb']:.0f} / {one['worker_mb']:.0f} MB", "main / worker", "", None),
        ("peak RSS, jobs 2", f"{two['main_mb']:.0f} / {two['worker_mb']:.0f} MB", "main / largest worker",
         f"<= {BARS['memory_mb']:.0f} MB", peak <= BARS["memory_mb"]),
        ("peak RSS, jobs 2, 1/10 corpus", f"{small['main_mb']:.0f} / {small['worker_mb']:.0f} MB",
         f"{megabytes / 10:.1f} MB: same memory for 10x less", "constant", None),
    ]
    print(f"corpus: {megabytes:.1f} MB of text in {count:,} documents from {origin}")
    print(f"machine: {os.cpu_count()} CPUs, Python {sys.version.split()[0]}")
    print()
    print(f"| {'measure':<30} | {'result':>16} | {'detail':<58} | {'bar':<19} | ok |")
    print(f"|{'-' * 32}|{'-' * 18}|{'-' * 60}|{'-' * 21}|----|")
    for name, result, detail, bar, passed in rows:
        mark = "" if passed is None else ("yes" if passed else "NO")
        print(f"| {name:<30} | {result:>16} | {detail:<58} | {bar:<19} | {mark:<3}|")


if __name__ == "__main__":
    main()
