"""Benchmark: wall time of ``derivax verify`` on the built-in library, cold (fresh process, JAX compile included).

Run: ``python benchmarks/verify_library.py [--repeat 3] [--twins]``. Prints one line per run and the
median; the figures in the README come from this script.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import subprocess
import sys
import time


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("ids", nargs="*", help="claim ids (default: the whole built-in library)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--twins", action="store_true", help="time 'derivax verify --twins' instead")
    parser.add_argument("--cached", action="store_true", help="time warm re-runs from .derivax_cache/ (run once first to fill it)")
    args = parser.parse_args()
    command = [sys.executable, "-m", "derivax.cli", "verify", "--seed", "0", "--json"] + (["--twins"] if args.twins else [])
    command += ([] if args.cached else ["--no-cache"]) + args.ids
    times = []
    for run in range(args.repeat):
        start = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True)
        times.append(time.perf_counter() - start)
        print(f"run {run + 1}: {times[-1]:.1f} s (exit {done.returncode})")
    print(
        f"median {statistics.median(times):.1f} s over {args.repeat} cold runs; "
        f"{platform.processor() or platform.machine()}, {__import__('os').cpu_count()} cores, Python {platform.python_version()}"
    )


if __name__ == "__main__":
    main()
