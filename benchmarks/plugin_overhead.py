"""Benchmark: what the pytest plugin adds to ``pytest --collect-only`` on a project with no claims.

Run: ``python benchmarks/plugin_overhead.py [--repeat 7] [--tests 200]``. Builds a temporary project
of plain test files (no claims files), then times fresh ``pytest --collect-only -q`` processes:

- ``without``: the plugin blocked (``-p no:derivax``; the baseline);
- ``loaded``: the plugin loaded but off (what every pytest run pays once it is installed);
- ``--derivax``: the plugin on, globbing for claims files and finding none.

Prints each run, the medians, the overhead of ``--derivax`` over the baseline, and whether JAX or
SymPy were imported (they must not be: the plugin imports them only when it finds claims files).
"""

from __future__ import annotations

import argparse
import importlib.metadata
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CONFTEST = """\
import sys


def pytest_sessionfinish(session):
    heavy = sorted(m for m in ("jax", "sympy") if m in sys.modules)
    open("heavy.txt", "w").write(",".join(heavy) or "none")
"""


def _project(root: Path, tests: int) -> None:
    (root / "pyproject.toml").write_text('[tool.pytest.ini_options]\ntestpaths = ["tests"]\n')
    (root / "tests").mkdir()
    (root / "tests" / "conftest.py").write_text(CONFTEST)
    for i in range(tests):
        (root / "tests" / f"test_{i:04d}.py").write_text(f"def test_{i}_a():\n    assert {i} == {i}\n\n\ndef test_{i}_b():\n    pass\n")


def _plugin_args() -> list[str]:
    installed = any(ep.value == "derivax.pytest_plugin" for ep in importlib.metadata.entry_points(group="pytest11"))
    return ["-p", "derivax" if installed else "derivax.pytest_plugin"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=7, help="fresh processes per variant (default %(default)s)")
    parser.add_argument("--tests", type=int, default=200, help="test files in the project (default %(default)s)")
    args = parser.parse_args()
    base = [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider"]
    variants = {
        "without": [*base, "-p", "no:derivax"],
        "loaded": [*base, *_plugin_args()],
        "--derivax": [*base, *_plugin_args(), "--derivax"],
    }
    # The checkout first on the path, so that -p derivax.pytest_plugin finds this copy of the plugin.
    path = [str(Path(__file__).resolve().parents[1]), os.environ.get("PYTHONPATH", "")]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in path if p)}
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        _project(root, args.tests)
        times: dict[str, list[float]] = {name: [] for name in variants}
        heavy: dict[str, str] = {}
        for run in range(args.repeat):
            names = list(variants)
            names = names[run % len(names) :] + names[: run % len(names)]  # interleaved and rotated: drifts hit every variant alike
            for name in names:
                command = variants[name]
                start = time.perf_counter()
                done = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True)
                times[name].append(time.perf_counter() - start)
                if done.returncode != 0:
                    sys.exit(f"{name}: pytest exited {done.returncode}:\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
                heavy[name] = (root / "heavy.txt").read_text()
            print(f"run {run + 1}: " + ", ".join(f"{name} {times[name][-1]:.3f} s" for name in variants))
    medians = {name: statistics.median(t) for name, t in times.items()}
    for name, median in medians.items():
        print(f"{name:>10}: median {median:.3f} s over {args.repeat} runs; imported jax/sympy: {heavy[name]}")
    print(
        f"overhead of --derivax on {args.tests * 2} tests with no claims: {medians['--derivax'] - medians['without']:+.3f} s "
        f"(plugin loaded but off: {medians['loaded'] - medians['without']:+.3f} s); "
        f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )


if __name__ == "__main__":
    main()
