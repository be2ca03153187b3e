"""Benchmark: start-up of the light commands, ``derivax --help``, ``derivax list`` and ``derivax check 'x + x = 2x'``.

Each command runs in a fresh process (``python -c``: import derivax.cli, call main), ``--repeat`` times
after one warm-up run (so the operating system's file cache is warm, as for a user's second call);
the median wall time is printed beside what the process imported. ``--source DIR`` (repeatable)
times another checkout instead (its checks/ as the package ``derivax``, its derivations/ as
``derivax.derivations``), so a before/after comparison runs in one go, under the same load:

    git archive 7bc7220 | (mkdir -p /tmp/dx_before && tar -x -C /tmp/dx_before)
    python benchmarks/startup.py --source /tmp/dx_before --source .

Run: ``python benchmarks/startup.py [--repeat 7] [--source DIR]...``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

COMMANDS = {"--help": ["--help"], "list": ["list"], "check": ["check", "x + x = 2x"]}

BOOT = """
import importlib.util, json, sys
source = {source!r}
if source:
    for name, folder in (("derivax", "checks"), ("derivax.derivations", "derivations")):
        path = source + "/" + folder
        spec = importlib.util.spec_from_file_location(name, path + "/__init__.py", submodule_search_locations=[path])
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    sys.modules["derivax"].derivations = sys.modules["derivax.derivations"]
import io, contextlib
from derivax.cli import main
with contextlib.redirect_stdout(io.StringIO()):
    try:
        main({argv!r})
    except SystemExit:
        pass
import derivax.cli
heavy = ("sympy", "jax", "hypothesis", "numpy", "lark", "rich", "matplotlib", "jinja2")
print(json.dumps({{"file": derivax.cli.__file__, "imported": sorted(m for m in heavy if m in sys.modules)}}))
"""


def _time(argv: list[str], source: str | None) -> tuple[float, dict]:
    start = time.perf_counter()
    run = subprocess.run([sys.executable, "-c", BOOT.format(source=source, argv=argv)], capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if run.returncode != 0:
        raise SystemExit(f"{argv} failed: {run.stderr[-2000:]}")
    return seconds, json.loads(run.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--source", action="append", default=[], help="a derivax checkout to time (repeatable; default: this install)")
    args = parser.parse_args()
    for source in args.source or [None]:
        where = str(Path(source).resolve()) if source else None
        for name, argv in COMMANDS.items():
            _time(argv, where)  # warm-up: the file cache
            runs = [_time(argv, where) for _ in range(args.repeat)]
            times = [t for t, _ in runs]
            info = runs[-1][1]
            print(
                f"{source or 'this install'}: derivax {name:<7} median {statistics.median(times):.2f} s "
                f"(min {min(times):.2f}, max {max(times):.2f}, {args.repeat} runs); imports {', '.join(info['imported']) or 'none'}"
            )
            if where and not Path(info["file"]).resolve().is_relative_to(where):
                raise SystemExit(f"derivax.cli came from {info['file']}, not from {where}")
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, load average {load:.1f}")


if __name__ == "__main__":
    main()
