"""Benchmark: wall time of ``derivax verify`` on the built-in library, cold (fresh process, JAX compile included).

Run: ``python benchmarks/verify_library.py [--repeat 3] [--twins]``. Prints one line per run and the
median; the figures in the README come from this script.

``--parallel N`` instead measures, in one run and in this order: the sequential path
(``--jobs 1``, no compilation cache: the path before issue 18), ``--jobs N`` cold with an empty JAX
compilation cache, and ``--jobs N`` again with that cache warm (the result cache is off in all three,
so every claim is verified). It prints wall and CPU seconds of each and whether the three outputs
agree apart from the times.

``--source DIR`` (repeatable) times another checkout instead of this install (its checks/ as the
package ``derivax``, its derivations/ as ``derivax.derivations``; as ``benchmarks/startup.py`` does), the
sources taking turns run by run, so a before/after comparison runs under the same load:

    git archive 6f0738f | (mkdir -p /tmp/dx_before && tar -x -C /tmp/dx_before)
    python benchmarks/verify_library.py --repeat 2 --source /tmp/dx_before --source .

``--warm-compile`` first runs each source once untimed with JAX's compilation cache in a folder of
its own, then times runs that reuse it (the result cache stays off): issue 18's second goal.
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
from pathlib import Path
from typing import Any

BOOT = """
import importlib.util, sys
source = sys.argv[1]
for name, folder in (("derivax", "checks"), ("derivax.derivations", "derivations")):
    path = source + "/" + folder
    spec = importlib.util.spec_from_file_location(name, path + "/__init__.py", submodule_search_locations=[path])
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
sys.modules["derivax"].derivations = sys.modules["derivax.derivations"]
from derivax.cli import main
sys.exit(main(sys.argv[2:]))
"""


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


def _sources(args: argparse.Namespace) -> None:
    """Each checkout in turn, ``--repeat`` rounds: wall and CPU seconds, and whether the verdicts agree."""
    verb = ["verify", "--seed", "0", "--json", "--no-cache", "--jobs", "1", *(["--twins"] if args.twins else []), *args.ids]
    times: dict[str, list[tuple[float, float]]] = {s: [] for s in args.source}
    verdicts: dict[str, list[str]] = {}
    with tempfile.TemporaryDirectory(prefix="derivax-jax-") as scratch:
        caches = {s: os.path.join(scratch, str(i)) if args.warm_compile else "" for i, s in enumerate(args.source)}
        if args.warm_compile:
            for source in args.source:
                command = [sys.executable, "-c", BOOT, str(Path(source).resolve()), *verb]
                _timed(command, {**os.environ, "DERIVAX_JAX_CACHE": caches[source]})
        for run in range(args.repeat):
            for source in args.source:
                env = {**os.environ, "DERIVAX_JAX_CACHE": caches[source]}
                wall, cpu, done = _timed([sys.executable, "-c", BOOT, str(Path(source).resolve()), *verb], env)
                times[source].append((wall, cpu))
                if done.returncode not in (0, 1) or not done.stdout.strip():
                    raise SystemExit(f"{source} failed: {done.stderr[-2000:]}")
                verdicts[source] = [c["verdict"] for c in json.loads(done.stdout)["claims"]]
                load = os.getloadavg()[0]
                print(f"round {run + 1}, {source}: {wall:.1f} s wall, {cpu:.1f} s CPU (exit {done.returncode}, load {load:.1f})")
    for source, runs in times.items():
        walls, cpus = [w for w, _ in runs], [c for _, c in runs]
        print(f"{source}: median {statistics.median(walls):.1f} s wall, {statistics.median(cpus):.1f} s CPU over {len(runs)} runs")
    same = all(v == next(iter(verdicts.values())) for v in verdicts.values())
    print(f"verdicts identical across sources: {'yes' if same else 'NO'} ({len(next(iter(verdicts.values())))} claims)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("ids", nargs="*", help="claim ids (default: the whole built-in library)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--twins", action="store_true", help="time 'derivax verify --twins' instead")
    parser.add_argument("--cached", action="store_true", help="time warm re-runs from .derivax_cache/ (run once first to fill it)")
    parser.add_argument("--parallel", type=int, metavar="N", help="sequential, --jobs N cold and --jobs N with a warm compilation cache")
    parser.add_argument("--source", action="append", default=[], help="a derivax checkout to time (repeatable; default: this install)")
    parser.add_argument("--warm-compile", action="store_true", help="JAX's compilation cache warm (one untimed run fills it)")
    args = parser.parse_args()
    if args.source:
        _sources(args)
        return
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
