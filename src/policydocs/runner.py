"""A corpus run: documents through worker processes to an output, in input order, with a running tally.

Workers do all the per-document work — read, decode, extract and *render* (to a JSON
line or to table rows) — so the parent only lists inputs, writes outputs and counts.
What a worker sends back is an :class:`Outcome`: the rendered payload plus the counts
the summary needs, never the model objects themselves.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial
from typing import Any, NamedTuple

from policydocs.corpus import (
    ReadOptions,
    Task,
    document_error,
    extract_task,
)
from policydocs.models import DocumentError, ExtractionResult
from policydocs.workers import OrderedPool, PoolOptions, peak_rss

RECORD_TYPES = ("initiatives", "funding_commitments", "tech_forecasts", "dialogues")
MENTION_TYPES = ("money", "dates", "organizations")
COUNTED = (*RECORD_TYPES, *MENTION_TYPES, "warnings")  # the order of Outcome.counts


class Outcome(NamedTuple):
    """One document's rendered output and its counts (records and mentions per type, warnings).

    A NamedTuple: one is pickled back from a worker for every document.
    """

    doc_id: str
    size: int
    payload: Any
    counts: tuple[int, ...] = ()
    error_type: str | None = None


@dataclass(frozen=True, slots=True)
class RenderJson:
    """Render to one JSON text (one line unless ``indent``)."""

    indent: int | None = None

    def __call__(self, result: ExtractionResult | DocumentError) -> Any:
        return result.model_dump_json(indent=self.indent)


@dataclass(frozen=True, slots=True)
class RenderTables:
    """Render to rows of the flat tables (``export.tables``)."""

    def __call__(self, result: ExtractionResult | DocumentError) -> Any:
        from policydocs.export.tables import flatten

        return flatten(result)


Render = Callable[[ExtractionResult | DocumentError], Any]


def _counts(result: ExtractionResult) -> tuple[int, ...]:
    mentions = result.mentions
    return (
        *(len(getattr(result, name)) for name in RECORD_TYPES),
        *(len(getattr(mentions, name)) for name in MENTION_TYPES),
        len(result.warnings),
    )


def outcome_of(task: Task, result: ExtractionResult | DocumentError, render: Render) -> Outcome:
    """Render a result (or error record) for the output; a result that cannot be rendered becomes an error."""
    if isinstance(result, DocumentError):
        return Outcome(result.id, task.size, render(result), error_type=result.error_type)
    try:
        payload = render(result)
    except Exception as exc:  # noqa: BLE001 - e.g. text the output encoding refuses
        error = DocumentError(id=result.document.id, source=result.document.source, stage="extract",
                              error_type=type(exc).__name__, message=f"the result could not be written: {exc}"[:500])
        return Outcome(error.id, task.size, render(error), error_type=error.error_type)
    return Outcome(result.document.id, task.size, payload, _counts(result))


def failed_outcome(task: Task, error_type: str, message: str, *, render: Render) -> Outcome:
    """The outcome of a document whose worker timed out or died (built in the parent)."""
    return outcome_of(task, document_error(task, "extract", error_type, message), render)


_WORKER_STATE: tuple[ReadOptions, Render] | None = None


def init_worker(options: ReadOptions, render: Render) -> None:
    """Run once in each worker: keep the run's options, and warm the extractors (already warm
    when the worker was forked from the fork server) and the renderer up."""
    from policydocs.warm import warm_up

    global _WORKER_STATE
    _WORKER_STATE = (options, render)
    render(warm_up())


def process_task(task: Task) -> Outcome:
    """Run in a worker: read, extract and render one document."""
    assert _WORKER_STATE is not None, "init_worker was not called"
    options, render = _WORKER_STATE
    return outcome_of(task, extract_task(task, options), render)


@dataclass
class Summary:
    """What a run did: documents, bytes, time, records and mentions per type, warnings, failures."""

    documents: int = 0
    failed: int = 0
    bytes: int = 0
    seconds: float = 0.0
    counts: Counter[str] = field(default_factory=Counter)
    failures: Counter[str] = field(default_factory=Counter)
    stopped_early: bool = False
    peak_rss: int | None = None
    peak_worker_rss: int | None = None

    def add(self, outcome: Outcome) -> None:
        self.documents += 1
        self.bytes += outcome.size
        if outcome.error_type is not None:
            self.failed += 1
            self.failures[outcome.error_type] += 1
        else:
            for name, count in zip(COUNTED, outcome.counts):
                if count:
                    self.counts[name] += count

    def lines(self) -> list[str]:
        """The closing summary, one ``key: value`` line per topic (easy to read and to grep)."""
        megabytes = self.bytes / 1e6
        rate = megabytes / self.seconds if self.seconds > 0 else 0.0
        lines = [
            f"summary: {self.documents} documents, {self.documents - self.failed} extracted, {self.failed} failed; "
            f"{megabytes:.2f} MB in {self.seconds:.1f} s ({rate:.2f} MB/s)"
            + ("; stopped at the first failure (--fail-fast)" if self.stopped_early else ""),
            "records: " + " ".join(f"{name}={self.counts[name]}" for name in RECORD_TYPES),
            "mentions: " + " ".join(f"{name}={self.counts[name]}" for name in MENTION_TYPES),
            f"warnings: {self.counts['warnings']}",
        ]
        if self.peak_rss or self.peak_worker_rss:
            parent = f"{self.peak_rss / 1e6:.0f} MB" if self.peak_rss else "unknown"
            worker = f"{self.peak_worker_rss / 1e6:.0f} MB" if self.peak_worker_rss else "unknown"
            lines.append(f"memory: peak RSS main process {parent}, largest worker {worker}")
        if self.failures:
            lines.append("failures: " + " ".join(f"{name}={count}" for name, count in sorted(self.failures.items())))
        return lines


def run_corpus(
    tasks: Iterable[Task],
    *,
    options: ReadOptions,
    render: Render,
    write: Callable[[Outcome], None],
    pool: PoolOptions,
    fail_fast: bool = False,
    on_outcome: Callable[[Outcome, Summary], None] | None = None,
) -> Summary:
    """Extract every task in worker processes; ``write`` each outcome in input order; return the summary.

    Workers start from a fresh interpreter (``forkserver`` or ``spawn``) that imports the
    caller's main module, so a script calling this needs the usual
    ``if __name__ == "__main__":`` guard of multiprocessing code.
    """
    summary = Summary()
    started = time.perf_counter()
    workers = OrderedPool(
        process_task,
        partial(failed_outcome, render=render),
        options=pool,
        weight=lambda task: task.size,
        initializer=init_worker,
        initargs=(options, render),
        preload=("policydocs.runner", "policydocs.warm"),
    )
    outcomes = workers.imap(tasks)
    try:
        for outcome in outcomes:
            write(outcome)
            summary.add(outcome)
            summary.seconds = time.perf_counter() - started
            if on_outcome is not None:
                on_outcome(outcome, summary)
            if fail_fast and outcome.error_type is not None:
                summary.stopped_early = True
                break
    finally:
        outcomes.close()  # stops the workers, also on Ctrl-C or --fail-fast
    summary.seconds = time.perf_counter() - started
    summary.peak_rss, summary.peak_worker_rss = peak_rss(), workers.peak_worker_rss
    return summary
