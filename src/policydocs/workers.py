"""An ordered, bounded process pool with a hard per-item timeout.

``concurrent.futures`` and ``multiprocessing.Pool`` cannot stop one hung task: their
workers cannot be killed one by one. Here each worker has its own pipe and a shared slot where it
writes which item it is on, and a worker that overruns its deadline is killed and
replaced; that item becomes a failure result and the rest of its chunk is sent again.

A worker sends its results in batches (at the end of a chunk, or as soon as
``FLUSH_SECONDS`` have passed since its last message), not one message per item: the
parent, which shares the cores with the workers, then spends little time per document.
An item's time limit is counted from the worker's last message, so an item gets at least
``timeout - FLUSH_SECONDS`` to itself.

Memory is bounded: items are pulled from the input lazily, at most ``window`` items (and
``window_bytes`` of input) are in flight or waiting to be emitted, and results are yielded
in input order. Workers are forked from a ``forkserver`` that imported the worker module
once (POSIX); elsewhere they are spawned and import it once each.
"""

from __future__ import annotations

import multiprocessing
import os
import select
import selectors
import signal
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import Any, Generic, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

_READY = "ready"
_RESULT = "result"
_RAISED = "raised"
_IDLE = -1  # the worker's progress slot between items

# A worker sends what it has when this much time has passed since its last message.
FLUSH_SECONDS = 0.1


class WorkerStartError(RuntimeError):
    """Workers die before they can take any work (a broken installation, not a bad document)."""


def default_jobs() -> int:
    """The CPUs this process may run on (cgroup/affinity aware where the OS says)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # macOS, Windows
        return max(1, os.cpu_count() or 1)


def peak_rss(pid: int | None = None) -> int | None:
    """Peak resident memory in bytes of a process (default: this one); None where the OS does not say.

    Linux's ``VmHWM`` first: unlike ``ru_maxrss`` it does not count the memory of the
    process that forked this one before it ran ``exec``.
    """
    try:
        with open(f"/proc/{pid or 'self'}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    if pid is not None:
        return None
    try:
        import resource
    except ImportError:  # Windows
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024


def _context(preload: tuple[str, ...]) -> multiprocessing.context.BaseContext:
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(list(preload))
        return context
    return multiprocessing.get_context("spawn")


def _worker_main(conn: Connection, progress: Any, function: Callable[[Any], Any],
                 initializer: Callable[..., None] | None, initargs: tuple[Any, ...]) -> None:
    """Loop in the worker: receive a chunk, mark each item in ``progress`` as it starts, and
    send the results in batches (see the module docstring)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides what Ctrl-C means
    if initializer is not None:
        initializer(*initargs)
    try:
        conn.send([(_READY, None, None)])
        while True:
            chunk = conn.recv()
            if chunk is None:
                return
            batch = []
            last_sent = time.monotonic()
            for seq, item in chunk:
                progress.value = seq
                try:
                    batch.append((_RESULT, seq, function(item)))
                except Exception as exc:  # noqa: BLE001 - reported to the parent as this item's failure
                    batch.append((_RAISED, seq, (type(exc).__name__, str(exc) or repr(exc))))
                if time.monotonic() - last_sent >= FLUSH_SECONDS:
                    _send_batch(conn, batch)
                    batch = []
                    last_sent = time.monotonic()
            progress.value = _IDLE
            if batch:
                _send_batch(conn, batch)
    except (EOFError, OSError):
        return  # the parent has gone or stopped listening (Ctrl-C, --fail-fast): nothing left to report to


def _send_batch(conn: Connection, batch: list[tuple[str, int, Any]]) -> None:
    """Send a batch; if a result cannot be pickled, that item is reported as failed, the others as done."""
    try:
        conn.send(batch)  # pickled whole before anything is written: a failure sends nothing
    except (EOFError, OSError):
        raise
    except Exception:  # noqa: BLE001 - find the culprit below
        for kind, seq, payload in batch:
            try:
                conn.send([(kind, seq, payload)])
            except (EOFError, OSError):
                raise
            except Exception as exc:  # noqa: BLE001 - this item's result cannot travel
                conn.send([(_RAISED, seq, (type(exc).__name__, f"the result could not be sent: {exc}"))])


@dataclass
class _Worker(Generic[Item]):
    process: Any
    conn: Connection
    progress: Any  # shared with the worker: the seq of the item it is on, or _IDLE
    ready: bool = False
    chunk: deque[tuple[int, Item]] = field(default_factory=deque)
    deadline: float | None = None
    # Registered once: ``conn.poll()`` builds a new selector on every call, once per message.
    poller: Any = None

    def has_message(self) -> bool:
        """Whether a message (or the end of the pipe) is waiting, without blocking."""
        if self.poller is None:
            return bool(self.conn.poll())
        return bool(self.poller.poll(0))


@dataclass(frozen=True)
class PoolOptions:
    """How many workers, how long one item may take, and how much may be in flight."""

    jobs: int = 1
    timeout: float | None = 60.0
    chunk_items: int = 64
    chunk_bytes: int = 32 * 1024
    window_chunks_per_job: int = 3
    window_bytes: int = 8 * 1024 * 1024  # input bytes in flight; one bigger document still goes alone


class OrderedPool(Generic[Item, Result]):
    """Map ``function`` over items in worker processes; yield results in input order.

    ``failure(item, error_type, message)`` builds the result of an item whose worker timed
    out (``Timeout``), died (``WorkerCrash``) or raised (the exception's class name).
    ``weight(item)`` is its size in bytes, for chunking and the memory window.
    """

    def __init__(
        self,
        function: Callable[[Item], Result],
        failure: Callable[[Item, str, str], Result],
        *,
        options: PoolOptions,
        weight: Callable[[Item], int] = lambda item: 0,
        initializer: Callable[..., None] | None = None,
        initargs: tuple[Any, ...] = (),
        preload: tuple[str, ...] = (),
    ) -> None:
        self.function, self.failure, self.options, self.weight = function, failure, options, weight
        self.initializer, self.initargs = initializer, initargs
        self.context = _context(preload)
        self.workers: list[_Worker[Item]] = []
        self.selector = selectors.DefaultSelector()  # every worker's pipe and exit sentinel, registered once
        self.startup_deaths = 0
        self.peak_worker_rss: int | None = None  # the largest worker's peak RSS, read as workers stop

    # -- workers ----------------------------------------------------------------------

    def _start_worker(self) -> _Worker[Item]:
        parent_end, child_end = self.context.Pipe(duplex=True)
        progress = self.context.RawValue("q", _IDLE)
        process = self.context.Process(
            target=_worker_main,
            args=(child_end, progress, self.function, self.initializer, self.initargs),
            daemon=True,
            name=f"policydocs-worker-{len(self.workers) + 1}",
        )
        process.start()
        child_end.close()
        worker: _Worker[Item] = _Worker(process, parent_end, progress)
        if hasattr(select, "poll"):
            worker.poller = select.poll()
            worker.poller.register(parent_end.fileno(), select.POLLIN)
        self.workers.append(worker)
        self.selector.register(worker.conn, selectors.EVENT_READ, worker)
        self.selector.register(process.sentinel, selectors.EVENT_READ, worker)
        return worker

    def _stop_worker(self, worker: _Worker[Item]) -> None:
        self.workers.remove(worker)
        self.peak_worker_rss = max(self.peak_worker_rss or 0, peak_rss(worker.process.pid) or 0) or None
        self.selector.unregister(worker.conn)
        self.selector.unregister(worker.process.sentinel)
        if worker.process.is_alive():
            worker.process.kill()
        worker.process.join(timeout=5)
        worker.conn.close()

    def close(self) -> None:
        """Stop every worker: politely when idle, by force when busy."""
        for worker in self.workers:
            self.peak_worker_rss = max(self.peak_worker_rss or 0, peak_rss(worker.process.pid) or 0) or None
        for worker in list(self.workers):
            if not worker.chunk and worker.process.is_alive():
                try:
                    worker.conn.send(None)
                except OSError:
                    pass
        deadline = time.monotonic() + 2
        for worker in list(self.workers):
            if not worker.chunk:
                worker.process.join(timeout=max(0.0, deadline - time.monotonic()))
            self._stop_worker(worker)

    # -- the loop ---------------------------------------------------------------------

    def imap(self, items: Iterable[Item]) -> Iterator[Result]:
        """Results in input order; closing the iterator early stops the workers."""
        try:
            yield from self._run(iter(items))
        finally:
            self.close()

    def _run(self, items: Iterator[Item]) -> Iterator[Result]:
        options = self.options
        window = max(1, options.jobs) * options.window_chunks_per_job * options.chunk_items
        retry: deque[tuple[int, Item]] = deque()
        done: dict[int, Result] = {}
        weights: dict[int, int] = {}
        next_seq = next_out = 0
        in_flight_bytes = 0
        exhausted = False

        def pull_fresh() -> list[tuple[int, Item]]:
            """Up to one chunk of new items, within the window."""
            nonlocal next_seq, exhausted, in_flight_bytes
            chunk: list[tuple[int, Item]] = []
            chunk_bytes = 0
            while not exhausted and len(chunk) < options.chunk_items and chunk_bytes < options.chunk_bytes:
                outstanding = next_seq - next_out
                if outstanding >= window or (outstanding and in_flight_bytes >= options.window_bytes):
                    break
                try:
                    item = next(items)
                except StopIteration:
                    exhausted = True
                    break
                size = self.weight(item)
                weights[next_seq] = size
                in_flight_bytes += size
                chunk_bytes += size
                chunk.append((next_seq, item))
                next_seq += 1
            return chunk

        def take_chunk() -> list[tuple[int, Item]]:
            if not retry:
                return pull_fresh()
            return [retry.popleft() for _ in range(min(len(retry), options.chunk_items))]

        while True:
            # Hand out work to idle workers; start a new one (up to --jobs) only for work nobody can take.
            while True:
                idle = [w for w in self.workers if w.ready and not w.chunk]
                if idle:
                    chunk = take_chunk()
                    if not chunk:
                        break
                    self._send(idle[0], chunk)
                    continue
                if len(self.workers) >= options.jobs:
                    break
                starting = sum(1 for w in self.workers if not w.ready)
                if len(retry) <= starting * options.chunk_items:
                    fresh = pull_fresh()
                    if not fresh:
                        break
                    retry.extend(fresh)
                self._start_worker()

            emitted = False
            while next_out in done:
                result = done.pop(next_out)
                in_flight_bytes -= weights.pop(next_out, 0)
                next_out += 1
                emitted = True
                yield result
            if exhausted and not retry and next_out == next_seq:
                return
            if not emitted:  # after emitting, the window has room: hand out work before blocking
                self._wait(done, retry)

    def _send(self, worker: _Worker[Item], chunk: list[tuple[int, Item]]) -> None:
        worker.chunk.extend(chunk)
        worker.conn.send(chunk)
        if self.options.timeout:
            worker.deadline = time.monotonic() + self.options.timeout

    def _wait(self, done: dict[int, Result], retry: deque[tuple[int, Item]]) -> None:
        """Block until a worker reports, dies or overruns its deadline; file what happened."""
        deadlines = [w.deadline for w in self.workers if w.chunk and w.deadline is not None]
        timeout = max(0.0, min(deadlines) - time.monotonic()) if deadlines else None
        if not self.workers:
            return
        ready: dict[int, tuple[_Worker[Item], bool]] = {}
        for key, _ in self.selector.select(timeout):
            worker, exited = ready.get(id(key.data), (key.data, False))
            ready[id(worker)] = (worker, exited or key.fileobj == worker.process.sentinel)
        for worker, exited in ready.values():
            self._drain(worker, done, retry, exited=exited)
        now = time.monotonic()
        for worker in list(self.workers):
            if worker.chunk and worker.deadline is not None and now >= worker.deadline:
                self._drain(worker, done, retry)  # a result may have arrived just in time
                if worker in self.workers and worker.chunk and worker.deadline is not None and now >= worker.deadline:
                    message = f"no result after {self.options.timeout:g} s: the worker was stopped"
                    self._lose(worker, "Timeout", message, done, retry)

    def _drain(self, worker: _Worker[Item], done: dict[int, Result], retry: deque[tuple[int, Item]], *,
               exited: bool = False) -> None:
        """File every message the worker has sent; if it has died (``exited``, or its pipe broke), replace it."""
        try:
            while worker.has_message():
                for kind, seq, payload in worker.conn.recv():
                    if kind == _READY:
                        worker.ready = True
                        self.startup_deaths = 0
                        continue
                    expected_seq, item = worker.chunk.popleft()
                    assert seq == expected_seq, (seq, expected_seq)
                    done[seq] = payload if kind == _RESULT else self.failure(item, *payload)
                if self.options.timeout:
                    worker.deadline = time.monotonic() + self.options.timeout
        except (EOFError, OSError):
            exited = True
        if exited and worker in self.workers and not worker.process.is_alive():
            code = worker.process.exitcode
            if not worker.ready:
                self.startup_deaths += 1
                if self.startup_deaths >= 3:
                    raise WorkerStartError(f"worker processes exit before taking work (exit code {code})")
            message = f"the worker process died (exit code {code}) while reading this document"
            self._lose(worker, "WorkerCrash", message, done, retry)

    def _lose(self, worker: _Worker[Item], error_type: str, message: str, done: dict[int, Result],
              retry: deque[tuple[int, Item]]) -> None:
        """The worker is gone: the item it was on fails; the others it had not reported (done
        but not yet sent, or not started) are sent again."""
        pending = list(worker.chunk)
        current = worker.progress.value
        worker.chunk.clear()
        self._stop_worker(worker)
        if pending:
            at = next((index for index, (seq, _) in enumerate(pending) if seq == current), 0)
            seq, item = pending.pop(at)
            done[seq] = self.failure(item, error_type, message)
            retry.extendleft(reversed(pending))
