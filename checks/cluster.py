"""Past one machine: the same tasks on a Dask distributed cluster (``--scheduler ADDRESS|local``).

Dask places *chunks* of tasks on its workers; inside a Dask worker each chunk is run by
:func:`derivax.workerpool.run_pool` in one spawned process, exactly as on one machine. That keeps
every protection of the local run, which Dask's own task threads would lose: the per-answer time
limits are signals, and signals only work in a process's main thread; the address-space limit
and the per-student deadline belong to a process of its own. A chunk costs one process start
(about a second of imports) and cold caches, so chunks are 8 to 64 tasks, as large as keeps every
worker thread about four chunks busy. Chunks go out a few per thread at a time and each is
annotated when it goes (``annotate``): grading sends with it the verdicts the finished chunks
found, so the class's common answers are not judged again in every chunk.

A Dask worker that dies (killed, machine lost) loses its chunk; the scheduler gives the chunk to
another worker (Dask's ``allowed-failures``, 3 by default, then the chunk's students are lost and
reported like a local worker's death). The results come back to this process, which writes every
file, so the output is the same bytes as a local run; a run that is interrupted is resumed by the
same command (``derivax grade`` reuses each finished student's results.json).

``scheduler`` is the address of a running scheduler (``tcp://host:8786``), or ``local`` for a
``LocalCluster`` of ``jobs`` worker processes on this machine (no dashboard, loopback only). Dask
workers are daemonic processes by default, and a daemonic process may not start another: start
remote workers with ``DASK_DISTRIBUTED__WORKER__DAEMON=False`` (``local`` sets it itself).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Sequence
from typing import Any

__all__ = ["CHUNK", "MAX_CHUNK", "TEST_KILL_ENV", "run_on_dask", "run_tasks"]

CHUNK = 8  # the fewest tasks per Dask task: one process start is paid per chunk
MAX_CHUNK = 64  # the most: a class of thousands on a few workers
# Test hook (tests/test_cluster.py): the Dask worker that takes the chunk holding this task index exits
# at once, once (a marker file named by the second part, "INDEX:PATH", makes the retry go through).
TEST_KILL_ENV = "DERIVAX_TEST_KILL_DASK_WORKER"


def _run_chunk(
    fn: Callable[[Any, Any], Any], context: Any, chunk: list[tuple[int, Any]], pool: dict[str, Any]
) -> list[tuple[int, str, Any]]:
    """One chunk inside a Dask worker: ``(index, "done"|"lost", result or reason)`` for each task."""
    import multiprocessing

    from derivax.workerpool import run_pool

    if multiprocessing.current_process().daemon:
        raise RuntimeError(
            "this Dask worker is a daemonic process, which may not start the process that grades a chunk; "
            "start the workers with DASK_DISTRIBUTED__WORKER__DAEMON=False (see the README)"
        )
    hook = os.environ.get(TEST_KILL_ENV, "")
    if hook:
        index, _, marker = hook.partition(":")
        if any(str(i) == index for i, _ in chunk) and not os.path.exists(marker):
            with open(marker, "w"):
                pass  # the marker only has to exist
            os._exit(1)
    out: list[tuple[int, str, Any]] = []
    run_pool(
        fn,
        context,
        [task for _, task in chunk],
        jobs=1,
        on_done=lambda j, result: out.append((chunk[j][0], "done", result)),
        on_lost=lambda j, reason: out.append((chunk[j][0], "lost", reason)),
        deadline_s=pool.get("deadline_s"),
        memory_mb=pool.get("memory_mb", 0),
    )
    return out


def run_on_dask(
    fn: Callable[[Any, Any], Any],
    context: Any,
    tasks: Sequence[Any],
    *,
    scheduler: str,
    jobs: int,
    on_done: Callable[[int, Any], None],
    on_lost: Callable[[int, str], None],
    deadline_s: float | None = None,
    memory_mb: int = 0,
    chunk: int = CHUNK,
    annotate: Callable[[int, int], Any] | None = None,
) -> None:
    """Run ``fn(context, task)`` for every task on the cluster; callbacks and ``annotate`` as :func:`derivax.workerpool.run_pool`'s."""
    import dask
    from distributed import Client, LocalCluster, as_completed

    # A daemonic worker may not start the chunk's process; the nannies read this again when they restart a worker.
    with dask.config.set({"distributed.worker.daemon": False}):
        cluster = None
        if scheduler == "local":
            cluster = LocalCluster(
                n_workers=max(1, jobs), threads_per_worker=1, processes=True, dashboard_address=None, host="127.0.0.1", silence_logs=50
            )
            client = Client(cluster)
        else:
            client = Client(scheduler, timeout="30s")
        try:
            shared = client.scatter(context, broadcast=True)
            pool = {"deadline_s": deadline_s, "memory_mb": memory_mb}
            run = uuid.uuid4().hex[:8]
            threads = max(1, sum(client.nthreads().values()))
            # Each chunk pays a process start and cold caches: chunks as large as keeps every thread about four
            # chunks busy, at least `chunk` and at most MAX_CHUNK tasks.
            size = max(chunk, min(MAX_CHUNK, len(tasks) // (4 * threads)))
            pieces = [list(range(len(tasks)))[i : i + size] for i in range(0, len(tasks), size)]
            # A few chunks per worker thread at a time, each annotated when it is sent: it carries what the
            # chunks finished by then found (each chunk is a fresh process, a worker numbered -1 - n of its own).
            window = 2 * threads
            waiting = iter(enumerate(pieces))
            futures: dict[Any, list[int]] = {}

            def submit() -> Any:
                for n, piece in waiting:
                    payload = [(i, tasks[i] if annotate is None else annotate(i, -1 - n)) for i in piece]
                    future = client.submit(_run_chunk, fn, shared, payload, pool, key=f"derivax-{run}-{n}", pure=False)
                    futures[future] = piece
                    return future
                return None

            for _ in range(window):
                submit()
            running = as_completed(list(futures))
            for future in running:
                piece = futures.pop(future)
                try:
                    results = future.result()
                except Exception as error:  # the chunk failed on every worker it was given (KilledWorker) or could not run
                    results = [(index, "lost", f"lost on the cluster: {type(error).__name__}: {error}") for index in piece]
                for index, status, value in results:
                    (on_done if status == "done" else on_lost)(index, value)
                following = submit()
                if following is not None:
                    running.add(following)
        finally:
            client.close()
            if cluster is not None:
                cluster.close()


def run_tasks(
    fn: Callable[[Any, Any], Any],
    context: Any,
    tasks: Sequence[Any],
    *,
    jobs: int,
    on_done: Callable[[int, Any], None],
    on_lost: Callable[[int, str], None],
    deadline_s: float | None = None,
    memory_mb: int = 0,
    scheduler: str | None = None,
    chunk: int = CHUNK,
    annotate: Callable[[int, int], Any] | None = None,
    workers: Any = None,
    prepare: Callable[[Any], None] | None = None,
) -> None:
    """:func:`derivax.workerpool.run_pool` on this machine, or :func:`run_on_dask` with a ``scheduler``: one call for both.

    ``annotate`` is :func:`~derivax.workerpool.run_pool`'s; on a cluster each chunk is a worker of
    its own, numbered -1, -2, ... ``workers`` (processes started ahead, :class:`derivax.workerpool.Workers`)
    and ``prepare`` serve this machine only; on a cluster they are not used.
    """
    if scheduler is not None:
        run_on_dask(
            fn,
            context,
            tasks,
            scheduler=scheduler,
            jobs=jobs,
            on_done=on_done,
            on_lost=on_lost,
            deadline_s=deadline_s,
            memory_mb=memory_mb,
            chunk=chunk,
            annotate=annotate,
        )
        return
    from derivax.workerpool import run_pool

    run_pool(
        fn,
        context,
        tasks,
        jobs=jobs,
        on_done=on_done,
        on_lost=on_lost,
        deadline_s=deadline_s,
        memory_mb=memory_mb,
        annotate=annotate,
        workers=workers,
        prepare=prepare,
    )
