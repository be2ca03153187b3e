"""Worker processes that lose only the task they held when they die or run past a deadline.

``concurrent.futures.ProcessPoolExecutor`` is the wrong tool for untrusted work: when one worker
dies (killed, out of memory, a crash in C) the whole pool is broken (``BrokenProcessPool``), every
pending future fails, and nothing tells which task killed it; and a task that hangs in C code
cannot be stopped at all. Here each worker has its own pipe, so the parent always knows which task
a worker holds: a worker that dies costs that task only (``on_lost``), a task past ``deadline_s``
has its worker killed, and in both cases a fresh worker takes the remaining tasks.

Each worker runs with an address-space limit (``RLIMIT_AS``), so one input that makes SymPy
allocate without bound ends in ``MemoryError`` inside that worker instead of the kernel's OOM
killer choosing among the instructor's processes. Workers ignore Ctrl-C: the parent handles it
(writes what is done) and stops them.
"""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Callable, Sequence
from typing import Any

__all__ = ["WorkerPoolError", "default_memory_mb", "run_pool", "set_memory_limit"]

START_ATTEMPTS = 3  # failed starts per worker slot before the pool gives up


class WorkerPoolError(RuntimeError):
    """The worker processes cannot start at all (not a fault of any one task)."""


def default_memory_mb(jobs: int) -> int:
    """Half the machine's memory shared among ``jobs`` workers, at least 1 GB each (0: unknown, no limit)."""
    try:
        total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):
        return 0
    return max(1024, total // 2 // max(1, jobs) // 2**20)


def set_memory_limit(megabytes: int) -> None:
    """Limit this process's address space to ``megabytes`` (0: no limit; ignored where unsupported)."""
    if megabytes <= 0:
        return
    try:
        import resource

        limit = megabytes * 2**20
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ImportError, ValueError, OSError):
        pass


def _worker(conn: Any, fn: Callable[[Any, Any], Any], context: Any, memory_mb: int) -> None:
    """A worker: answer ``(index, task)`` with ``(index, fn(context, task))`` until ``None`` or EOF."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    set_memory_limit(memory_mb)
    conn.send(("ready", None))
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        index, task = message
        try:
            result = ("done", fn(context, task))
        except MemoryError:
            result = ("lost", "the worker ran out of memory (raise the limit with --worker-memory-mb)")
        except Exception as error:  # fn guards its own items; this is a fault of the framework around them
            result = ("lost", f"internal error in the worker: {type(error).__name__}: {error}; please report")
        conn.send((index, *result))


def run_pool(
    fn: Callable[[Any, Any], Any],
    context: Any,
    tasks: Sequence[Any],
    *,
    jobs: int,
    on_done: Callable[[int, Any], None],
    on_lost: Callable[[int, str], None],
    deadline_s: float | None = None,
    memory_mb: int = 0,
    annotate: Callable[[int, int], Any] | None = None,
) -> None:
    """Run ``fn(context, task)`` for every task in ``jobs`` spawned workers.

    ``fn`` must be a module-level function (it is pickled by reference) and ``context`` picklable;
    the context is sent once per worker, not once per task. ``on_done(index, result)`` is called
    in this process as each task finishes, in completion order; ``on_lost(index, reason)`` for a
    task whose worker died or ran past ``deadline_s``. Exceptions from the callbacks and
    ``KeyboardInterrupt`` propagate after every worker is stopped.

    ``annotate(index, worker)``, if given, is what is sent for task ``index`` to the worker
    numbered ``worker`` (0, 1, ...; a replacement worker gets a new number) in place of
    ``tasks[index]``: the caller can add what that worker has not seen yet (grading sends the
    verdicts other workers found since, so no answer is judged twice in the class).
    """
    import multiprocessing
    from multiprocessing.connection import wait

    ctx = multiprocessing.get_context("spawn")  # not fork: JAX or BLAS threads may be running
    todo = list(range(len(tasks)))[::-1]
    workers: dict[Any, Any] = {}  # connection -> process
    serials: dict[Any, int] = {}  # connection -> the worker's number, for annotate
    busy: dict[Any, tuple[int, float]] = {}  # connection -> (task index, started)
    ready: set[Any] = set()
    failed_starts = 0

    def start() -> None:
        parent, child = ctx.Pipe()
        proc = ctx.Process(target=_worker, args=(child, fn, context, memory_mb), daemon=True)
        proc.start()
        child.close()
        serials[parent] = len(serials)
        workers[parent] = proc

    def stop(conn: Any) -> None:
        proc = workers.pop(conn)
        if proc.is_alive():
            proc.kill()
        proc.join(5)
        conn.close()
        ready.discard(conn)
        busy.pop(conn, None)

    def lose(conn: Any, reason: str) -> None:
        index, _ = busy[conn]
        stop(conn)
        on_lost(index, reason)
        if todo:
            start()

    for _ in range(max(1, min(jobs, len(tasks)))):
        start()
    try:
        while todo or busy:
            for conn in list(ready):
                if todo and conn not in busy:
                    index = todo.pop()
                    conn.send((index, tasks[index] if annotate is None else annotate(index, serials[conn])))
                    busy[conn] = (index, time.monotonic())
            for conn in wait(list(workers), timeout=0.25):
                try:
                    message = conn.recv()
                except (EOFError, OSError):
                    if conn in busy:
                        code = workers[conn].exitcode
                        how = f" (signal {-code})" if code is not None and code < 0 else ""
                        lose(conn, f"the worker process died while judging this{how}: killed, out of memory, or a crash")
                    else:  # died before its first task: replace it, a few times at most
                        stop(conn)
                        failed_starts += 1
                        if failed_starts > START_ATTEMPTS * max(1, jobs):
                            raise WorkerPoolError("the worker processes cannot start (see the messages above)") from None
                        start()
                    continue
                if message[0] == "ready":
                    ready.add(conn)
                    continue
                index, kind, payload = message
                busy.pop(conn, None)
                if kind == "done":
                    on_done(index, payload)
                else:
                    on_lost(index, payload)
            if deadline_s is not None:
                now = time.monotonic()
                for conn, (_index, started) in list(busy.items()):
                    if now - started > deadline_s:
                        lose(conn, f"still running after the deadline of {deadline_s:g} s; the worker was stopped")
    finally:
        for conn, proc in list(workers.items()):
            try:
                conn.send(None)
            except (OSError, ValueError):
                pass
            proc.join(0.5 if not busy else 0)
            if proc.is_alive():
                proc.kill()
                proc.join(2)
            conn.close()
