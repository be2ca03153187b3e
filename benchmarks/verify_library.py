"""Benchmark: wall time of ``derivax verify`` on the built-in library, cold (fresh process, JAX compile included).

Run: ``python benchmarks/verify_library.py [--repeat 3] [--twins]``. Prints one line per run and the
median; the figures in the README come from this script.

``--parallel N`` instead measures, in one run and in this order: the sequential path
(``--jobs 1``, no compilation cache: the path before issue 18), ``--jobs N`` cold with an empty JAX
compilation cache, and ``--jobs N`` again with that cache warm (the result cache is off in all three,
so every claim is verified). It prints wall and CPU seconds of each and whether the three outputs
agree apart from the times.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from typing import Any


def _without_times(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_times(v) for k, v in value.items() if k != "seconds"}
    if isinstance(value, list):
        return [_without_times(v) for v in value]
    return value


def _timed(command: list[str], env: dict[str, str]) -> tuple[float, float, subprocess.CompletedProcess[str]]:
    """Wall and CPU seconds (the process and its workers) of one run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=env)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), done


def _parallel(base: list[str], jobs: int) -> None:
    results = {}
    with tempfile.TemporaryDirectory(prefix="derivax-jax-") as folder:
        runs = [
            ("sequential (--jobs 1), no compilation cache", ["--jobs", "1"], ""),
            (f"--jobs {jobs}, compilation cache empty (cold)", ["--jobs", str(jobs)], folder),
            (f"--jobs {jobs}, compilation cache warm", ["--jobs", str(jobs)], folder),
        ]
        for name, extra, cache in runs:
            env = {**os.environ, "DERIVAX_JAX_CACHE": cache}
            wall, cpu, done = _timed(base + extra, env)
            results[name] = done
            entries = len(os.listdir(folder))
            print(f"{name}: {wall:.1f} s wall, {cpu:.1f} s CPU (exit {done.returncode}; {entries} entries in the compilation cache)")
    outputs = [_without_times(json.loads(d.stdout)) if d.stdout.strip() else d.stderr for d in results.values()]
    verdicts = [c["verdict"] for c in outputs[0]["claims"]] if isinstance(outputs[0], dict) else []
    same = all(o == outputs[0] for o in outputs)
    print(f"outputs identical apart from times: {'yes' if same else 'NO'}; {len(verdicts)} claims, {verdicts.count('proved')} proved")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("ids", nargs="*", help="claim ids (default: the whole built-in library)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--twins", action="store_true", help="time 'derivax verify --twins' instead")
    parser.add_argument("--cached", action="store_true", help="time warm re-runs from .derivax_cache/ (run once first to fill it)")
    parser.add_argument("--parallel", type=int, metavar="N", help="sequential, --jobs N cold and --jobs N with a warm compilation cache")
    args = parser.parse_args()
    command = [sys.executable, "-m", "derivax.cli", "verify", "--seed", "0", "--json"] + (["--twins"] if args.twins else [])
    if args.parallel:
        _parallel([*command, "--no-cache", *args.ids], args.parallel)
    else:
        command += ([] if args.cached else ["--no-cache"]) + args.ids
        times = []
        for run in range(args.repeat):
            start = time.perf_counter()
            # One job and no compilation cache: cold as before issue 18, comparable with the older figures.
            done = subprocess.run([*command, "--jobs", "1"], capture_output=True, text=True, env={**os.environ, "DERIVAX_JAX_CACHE": ""})
            times.append(time.perf_counter() - start)
            print(f"run {run + 1}: {times[-1]:.1f} s (exit {done.returncode})")
        print(f"median {statistics.median(times):.1f} s over {args.repeat} cold runs")
    machine = f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    print(f"{machine}, load average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
