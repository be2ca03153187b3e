r"""Benchmark: answers graded per second against workers (issue 18, point 5), and what a cluster costs.

Grades one generated class (``grade_class.py --unique``: realistic distinct answers) with
``derivax grade`` on this machine's pool (``--jobs 1``, ``--jobs 2``) and on a Dask ``LocalCluster``
over loopback (``--scheduler local --jobs 1`` and ``2``), each from scratch, and prints wall time,
CPU time (the command and all its processes) and answers per second. Then it measures the parts of
a cluster run that do not shrink with more workers, to plan for 100 of them:

* Dask's own cost per task on loopback: a no-op task's round trip, one at a time, and per task
  when a thousand are in flight;
* the cost of one chunk in derivax's cluster path (:func:`derivax.cluster._run_chunk`): a spawned
  process that imports the grader, for one trivial student;
* the parent's work per student, which stays on one machine: reading the submission and writing
  its feedback and results.json.

Run: ``python benchmarks/grade_scaling.py [--students 300] [--skip-runs]``.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from grade_class import POOLS, write_class


def _run(files: list[str], out: Path, jobs: int, scheduler: str | None) -> tuple[float, float, int]:
    command = [sys.executable, "-m", "derivax.cli", "grade", *files, "--problems", ",".join(POOLS), "--out", str(out)]
    command += ["--jobs", str(jobs), "--fresh"] + (["--scheduler", scheduler] if scheduler else [])
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"grade failed ({done.returncode}): {done.stderr[-2000:]}")
    return wall, after.ru_utime + after.ru_stime - used.ru_utime - used.ru_stime, done.returncode


def _noop(x: int) -> int:
    return x


def _dask_overhead() -> tuple[float, float, float]:
    """(round trip of one no-op task, per task with 1000 in flight, one derivax chunk), seconds, on loopback."""
    import dask
    from distributed import Client, LocalCluster

    from derivax import grading
    from derivax.answerkeys import keys_from_claims
    from derivax.cluster import _run_chunk
    from derivax.registry import builtin_claims

    with dask.config.set({"distributed.worker.daemon": False}):
        cluster = LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None, host="127.0.0.1", silence_logs=50)
        client = Client(cluster)
        try:
            client.submit(_noop, -1, pure=False).result()  # warm
            trips = []
            for i in range(50):
                start = time.perf_counter()
                client.submit(_noop, i, pure=False).result()
                trips.append(time.perf_counter() - start)
            start = time.perf_counter()
            client.gather(client.map(_noop, range(1000), pure=False))
            per_task = (time.perf_counter() - start) / 1000
            claims = {c.id: c for c in builtin_claims()}
            keys = keys_from_claims(["init-variance"], claims)
            context = (keys, {"timeout_s": 5.0, "undecided_credit": 0.0, "seed": 0}, None, None)
            task = (grading.Submission("One", {"init-variance": r"\frac{1}{n}"}, "one.yaml"), ())
            chunks = []
            for _ in range(3):
                start = time.perf_counter()
                client.submit(_run_chunk, grading._grade_in_worker, context, [(0, task)], {}, pure=False).result()
                chunks.append(time.perf_counter() - start)
        finally:
            client.close()
            cluster.close()
    return statistics.median(trips), per_task, statistics.median(chunks)


def _parent_costs(folder: Path, count: int) -> tuple[float, float]:
    """(reading one submission, writing one student's feedback and results.json), seconds, in this process."""
    from derivax import gradebook, grading
    from derivax.answerkeys import keys_from_claims
    from derivax.atomicio import atomic_write_text
    from derivax.registry import builtin_claims

    paths = sorted(folder.glob("*.yaml"))[:count]
    start = time.perf_counter()
    submissions = [grading.load_submission(p) for p in paths]
    read = (time.perf_counter() - start) / len(paths)
    claims = {c.id: c for c in builtin_claims()}
    keys = keys_from_claims(list(POOLS), claims)
    options = {"timeout_s": 5.0, "undecided_credit": 0.0, "seed": 0}
    cache: dict = {}
    results = [grading.grade_submission(s, keys, cache, **options) for s in submissions[:20]]
    out = folder / "parent-writes"
    out.mkdir(exist_ok=True)
    start = time.perf_counter()
    for i, (s, r) in enumerate(zip(submissions, results, strict=False)):
        atomic_write_text(out / f"{i}.md", gradebook.feedback_markdown(r))
        atomic_write_text(out / f"{i}.results.json", gradebook.gradescope_json(r, gradebook.content_key(s, keys, options)))
    write = (time.perf_counter() - start) / len(results)
    return read, write


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--students", type=int, default=300)
    parser.add_argument("--skip-runs", action="store_true", help="only the overheads, not the four grading runs")
    args = parser.parse_args()
    answers = args.students * len(POOLS)
    print(f"machine: {os.cpu_count()} cores; load average {os.getloadavg()[0]:.2f} at the start")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        write_class(folder, args.students, "unique")
        files = list(map(str, sorted(folder.glob("*.yaml"))))
        if not args.skip_runs:
            for label, jobs, scheduler in (("pool", 1, None), ("pool", 2, None), ("dask local", 1, "local"), ("dask local", 2, "local")):
                load = os.getloadavg()[0]
                wall, cpu, _ = _run(files, folder / f"out-{label}-{jobs}".replace(" ", "-"), jobs, scheduler)
                print(
                    f"{label:10s} {jobs} worker(s): {answers} answers in {wall:6.1f} s wall, {cpu:6.1f} s CPU: "
                    f"{answers / wall:5.1f} answers/s, {cpu / answers * 1000:5.1f} ms CPU an answer (load {load:.2f})"
                )
        trip, per_task, chunk = _dask_overhead()
        print(f"dask on loopback: {trip * 1000:.1f} ms a no-op task's round trip; {per_task * 1000:.2f} ms a task with 1000 in flight")
        print(f"one derivax chunk of one trivial student (spawned process, imports, grading): {chunk:.2f} s")
        read, write = _parent_costs(folder, min(200, args.students))
        print(f"parent, per student: {read * 1000:.1f} ms reading the submission, {write * 1000:.1f} ms writing feedback and results.json")
    print(f"load average {os.getloadavg()[0]:.2f} at the end")


if __name__ == "__main__":
    main()
