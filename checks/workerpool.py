"""Worker processes that lose only the task they held when they die or run past a deadline.

``concurrent.futures.ProcessPoolExecutor`` is the wrong tool for untrusted work: when one worker
dies (killed, out of memory, a crash in C) the whole pool is broken (``BrokenProcessPool``), every
pending future fails, and nothing tells which task killed it; and a task that hangs in C code
cannot be stopped at all. Here each worker has its own pipe, so the parent always knows which task
a worker holds: a worker that dies costs that task only (``on_lost``), a task past ``deadline_s``
has its worker killed, and in both cases a fresh worker takes the remaining tasks.

Workers are spawned (a fresh interpreter), or forked where that is safe (:func:`fork_is_safe`: Linux, one
thread, no JAX loaded) and asked for (:class:`Workers` with ``fork=True``): a forked worker starts with
what this process has already loaded (SymPy, the claims) instead of importing and building it again.

Each worker runs with an address-space limit (``RLIMIT_AS``), so one input that makes SymPy
allocate without bound ends in ``MemoryError`` inside that worker instead of the kernel's OOM
killer choosing among the instructor's processes. Workers ignore Ctrl-C: the parent handles it
(writes what is done) and stops them.
"""

from __future__ import annotations

import gc
import os
import signal
import sys
import time
import weakref
from collections.abc import Callable, Sequence
from typing import Any

from derivax.inputlimits import allow_long_integers

__all__ = ["WorkerPoolError", "Workers", "default_memory_mb", "fork_is_safe", "run_pool", "set_memory_limit"]

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


# This process's ends of its workers' pipes. A forked worker inherits them all (its own pipe's other
# end among them) and closes them first: otherwise a worker would hold its own pipe open, and never
# see the end of the file when this process dies.
_PARENT_ENDS: weakref.WeakSet[Any] = weakref.WeakSet()


def fork_is_safe() -> bool:
    """Whether a worker may be forked from this process: Linux, JAX not loaded, and a single thread.

    fork copies only the calling thread: a lock another thread held (JAX's and XLA's thread pools,
    BLAS, a progress bar's refresh) stays locked forever in the child. JAX is named as well, whatever
    its threads: it does not support being forked. The threads are counted by the kernel (native ones
    included), where Linux shows them."""
    if sys.platform != "linux" or "jax" in sys.modules or "jaxlib" in sys.modules:
        return False
    try:
        return len(os.listdir("/proc/self/task")) == 1
    except OSError:
        return False


def _worker(conn: Any, fn: Callable[[Any, Any], Any], context: Any, memory_mb: int, prepare: Callable[[Any], None] | None = None) -> None:
    """A worker: answer ``(index, task)`` with ``(index, fn(context, task))`` until ``None`` or EOF.

    ``prepare(context)``, if given, runs once after "ready" is sent, as the first task would have: its
    imports overlap the parent's work, and the first task (which waits in the pipe meanwhile) finds them
    done. It is only a head start: an error in it is ignored, and the first task meets it again.
    """
    for inherited in list(_PARENT_ENDS):  # forked: the parent's ends of every pipe (see _PARENT_ENDS); spawned: none
        inherited.close()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    set_memory_limit(memory_mb)
    allow_long_integers()  # a spawned worker starts with Python's defaults
    conn.send(("ready", None))
    if prepare is not None:
        try:
            prepare(context)
        except Exception:  # the task that needs what failed reports it, with the task's name
            pass
    # What is loaded by now (the modules, their constants, SymPy's singletons) lives as long as the worker: frozen,
    # it is no longer walked by every full collection (on the equiv pair table: 2 full collections took 0.2 to
    # 0.3 s, 0.03 s frozen).
    gc.freeze()
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


def _spawn(
    fn: Callable[[Any, Any], Any], context: Any, memory_mb: int, prepare: Callable[[Any], None] | None, fork: bool = False
) -> tuple[Any, Any]:
    """One worker process started: the parent's end of its pipe, and the process.

    Spawned, unless ``fork`` and :func:`fork_is_safe` (checked now, at each start: a thread started
    since, or JAX imported, means spawn)."""
    import multiprocessing

    ctx = multiprocessing.get_context("fork" if fork and fork_is_safe() else "spawn")
    parent, child = ctx.Pipe()
    _PARENT_ENDS.add(parent)
    proc = ctx.Process(target=_worker, args=(child, fn, context, memory_mb, prepare), daemon=True)
    proc.start()
    child.close()
    return parent, proc


class Workers:
    """Worker processes started before their tasks are known, for a later :func:`run_pool` with the same ``fn`` and ``context``.

    A spawned worker spends about a second importing before it can take a task; started first, it
    imports while the caller is still loading what the tasks will be. :func:`run_pool` adopts them
    (``workers=``); those it does not need, or that :func:`run_pool` never takes (every result came
    from a cache), are stopped by :meth:`close` (or leaving the ``with`` block).

    With ``fork=True`` nothing starts yet: the caller loads what the tasks need, then calls
    :meth:`launch`, and the workers are forked from it then, with all of that loaded (spawned instead
    where :func:`fork_is_safe` says no). Replacements for lost workers are started the same way.
    """

    def __init__(
        self,
        fn: Callable[[Any, Any], Any],
        context: Any,
        jobs: int,
        *,
        memory_mb: int = 0,
        prepare: Callable[[Any], None] | None = None,
        fork: bool = False,
    ) -> None:
        self.fn, self.context, self.memory_mb, self.prepare, self.fork = fn, context, memory_mb, prepare, fork
        self.jobs = max(1, jobs)
        # (connection, process) of each worker not yet taken by run_pool
        self.started: list[tuple[Any, Any]] = []
        self.launched = False
        if not fork:
            self.launch()

    def launch(self) -> None:
        """Start the workers, once (at construction unless ``fork``)."""
        if not self.launched:
            self.launched = True
            self.started = [_spawn(self.fn, self.context, self.memory_mb, self.prepare, self.fork) for _ in range(self.jobs)]

    def serves(self, fn: Callable[[Any, Any], Any], context: Any, memory_mb: int) -> bool:
        """Whether these workers can run ``fn(context, ...)`` under ``memory_mb``: they were started with exactly those."""
        return fn is self.fn and memory_mb == self.memory_mb and context == self.context

    def take(self, count: int) -> list[tuple[Any, Any]]:
        """Up to ``count`` started workers (launched now if they were not), now the caller's to stop; the rest stay until :meth:`close`."""
        self.launch()
        taken, self.started = self.started[:count], self.started[count:]
        return taken

    def close(self) -> None:
        """Stop the workers nobody took (and start none after)."""
        self.launched = True
        for conn, _proc in self.started:
            try:
                conn.send(None)
            except (OSError, ValueError):
                pass
        for conn, proc in self.started:
            proc.join(0.5)
            if proc.is_alive():
                proc.kill()
                proc.join(2)
            conn.close()
        self.started = []

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# A worker's deadline counts its CPU seconds where the system tells them (Linux's /proc), as every limit inside a worker
# does: on a loaded machine the wall clock ran past a pair's deadline while its worker had had a fraction of it (equiv
# --batch stopped two pairs at a load of 8 on 2 cores that it decides alone). A worker that waits without computing (a
# lost lock) is still stopped by the wall clock, at WALL_FACTOR times the deadline.
WALL_FACTOR = 4.0
_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") and "SC_CLK_TCK" in os.sysconf_names else 100


def _cpu_seconds(pid: int | None) -> float | None:
    """The user and system CPU seconds of process ``pid`` so far (all its threads); None where unknown."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            fields = stat.read().rsplit(b")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / _TICKS  # utime and stime, fields 14 and 15 of stat(5)
    except (OSError, ValueError, IndexError, TypeError):
        return None


def _task_seconds(wall: float, cpu_at_start: float | None, cpu_now: float | None) -> float:
    """How much of its deadline a task has used: its CPU seconds where known (the wall clock divided by
    :data:`WALL_FACTOR` when that is more), else the wall clock."""
    if cpu_at_start is None or cpu_now is None:
        return wall
    return max(cpu_now - cpu_at_start, wall / WALL_FACTOR)


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
    workers: Workers | None = None,
    prepare: Callable[[Any], None] | None = None,
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

    ``workers``: processes started ahead (:class:`Workers`) with the same ``fn``, ``context`` and
    ``memory_mb``; as many as needed are used first, before any is started here. ``prepare(context)``
    runs in each worker started here before its first task (see :func:`_worker`).
    """
    from multiprocessing.connection import wait

    ahead, fork = [], False
    if workers is not None and workers.serves(fn, context, memory_mb):
        ahead = workers.take(max(1, min(jobs, len(tasks))))
        prepare = prepare if prepare is not None else workers.prepare  # a replacement worker gets the same head start
        fork = workers.fork
    todo = list(range(len(tasks)))[::-1]
    procs: dict[Any, Any] = {}  # connection -> process
    serials: dict[Any, int] = {}  # connection -> the worker's number, for annotate
    busy: dict[Any, tuple[int, float]] = {}  # connection -> (task index, started)
    ready: set[Any] = set()
    failed_starts = 0

    def start(started: tuple[Any, Any] | None = None) -> None:
        parent, proc = started if started is not None else _spawn(fn, context, memory_mb, prepare, fork)
        serials[parent] = len(serials)
        procs[parent] = proc

    def stop(conn: Any) -> None:
        proc = procs.pop(conn)
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

    for started in ahead:
        start(started)
    for _ in range(max(1, min(jobs, len(tasks))) - len(ahead)):
        start()
    try:
        while todo or busy:
            for conn in list(ready):
                if todo and conn not in busy:
                    index = todo.pop()
                    conn.send((index, tasks[index] if annotate is None else annotate(index, serials[conn])))
                    busy[conn] = (index, (time.monotonic(), _cpu_seconds(procs[conn].pid)))
            for conn in wait(list(procs), timeout=0.25):
                try:
                    message = conn.recv()
                except (EOFError, OSError):
                    if conn in busy:
                        code = procs[conn].exitcode
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
                for conn, (_index, (started, cpu_at_start)) in list(busy.items()):
                    spent = _task_seconds(now - started, cpu_at_start, _cpu_seconds(procs[conn].pid))
                    if spent > deadline_s:
                        lose(conn, f"still running after the deadline of {deadline_s:g} s; the worker was stopped")
    finally:
        for conn, proc in list(procs.items()):
            try:
                conn.send(None)
            except (OSError, ValueError):
                pass
            proc.join(0.5 if not busy else 0)
            if proc.is_alive():
                proc.kill()
                proc.join(2)
            conn.close()
