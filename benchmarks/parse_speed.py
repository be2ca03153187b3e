r"""Benchmark: reading LaTeX, derivax beside latex2sympy2_extended, on the readings table (issue 13).

Every input of tests/readings_table.py (the LaTeX of the field, with the reading derivax must give)
is read once by each reader, one after another in a fresh process per reader:

- ``derivax``: :func:`derivax.latex.parse` (the grammar in checks/latex.py, SymPy built from it);
- ``latex2sympy2_extended``: ``latex2sympy(text)`` with its defaults, as tests/differential.py calls
  it (the reader behind Math-Verify; a test dependency of derivax).

Each process first reads a few warm-up inputs that are not in the table (grammar construction,
imports and first-call costs are not counted), then times each input of the table once. Figures:
total seconds, per-input median and 90th percentile, and the number of inputs the reader fails on
(raises, or runs past ``--limit`` seconds). Whether a reading is *right* is tests/test_readings.py's job.

``--source DIR`` (repeatable) reads with the derivax of another checkout: DIR/checks is imported as
the package ``derivax`` (what pyproject.toml's package-dir mapping does for an install), so two
commits can be compared in one run, for example::

    git worktree add /tmp/dx_base 09cbb8d
    python benchmarks/parse_speed.py --source /tmp/dx_base --source .

The inputs are always this checkout's table. Run: ``python benchmarks/parse_speed.py [--source DIR]...
[--no-peer] [--json PATH]``.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PEER = "latex2sympy2_extended"
WARM_UP = [
    r"\frac{a}{b} + c^2",
    r"\sqrt{x^2 + 1} - \ln(y)",
    r"\sum_{i=1}^{n} w_i x_i",
    r"\frac{\partial L}{\partial w} = \sigma(z)(1 - \sigma(z))",
    r"e^{-\lambda t} \sin(\omega t)",
    r"\max(0, x) \le |x|",
]


# ------------------------------------------------------------------------------------------ one reader, in its own process


class _Overrun(Exception):
    pass


def _raise_overrun(signum: int, frame: Any) -> None:
    raise _Overrun


def _import_derivax(source: str | None) -> Any:
    """``derivax.latex`` of this install, or of the checkout ``source`` (its checks/ folder as the package ``derivax``)."""
    if source is not None:
        package = Path(source).resolve() / "checks"
        spec = importlib.util.spec_from_file_location("derivax", package / "__init__.py", submodule_search_locations=[str(package)])
        if spec is None or spec.loader is None:
            raise SystemExit(f"{package}: no package to import as derivax")
        module = importlib.util.module_from_spec(spec)
        sys.modules["derivax"] = module
        spec.loader.exec_module(module)
    import derivax.latex

    if source is not None and not Path(derivax.latex.__file__).resolve().is_relative_to(Path(source).resolve()):
        raise SystemExit(f"derivax.latex came from {derivax.latex.__file__}, not from {source}")
    return derivax.latex


def _reader(name: str, source: str | None) -> Any:
    if name == "derivax":
        latex = _import_derivax(source)
        return latex.parse
    from latex2sympy2_extended import latex2sympy

    return latex2sympy


def _worker(name: str, source: str | None, limit: float) -> None:
    """Time one reader on every input of the table; print JSON on stdout."""
    sys.path.insert(0, str(ROOT))
    from tests.readings_table import READINGS

    read = _reader(name, source)
    signal.signal(signal.SIGALRM, _raise_overrun)
    start = time.perf_counter()
    for text in WARM_UP:
        try:
            read(text)
        except Exception:
            pass
    warm_up = time.perf_counter() - start
    seconds, failed = [], []
    for i, (text, _) in enumerate(READINGS):
        signal.setitimer(signal.ITIMER_REAL, limit)
        start = time.perf_counter()
        try:
            read(text)
        except Exception:  # a refusal, a crash or an overrun: the reader fails on this input
            failed.append(i)
        finally:
            seconds.append(time.perf_counter() - start)
            signal.setitimer(signal.ITIMER_REAL, 0)
    print(json.dumps({"seconds": seconds, "failed": failed, "warm_up": warm_up}))


# ------------------------------------------------------------------------------------------ the comparison


def _commit(source: Path) -> str:
    try:
        run = subprocess.run(["git", "-C", str(source), "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return "?"
    dirty = subprocess.run(["git", "-C", str(source), "status", "--porcelain", "--", "checks"], capture_output=True, text=True)
    return run.stdout.strip() + ("+changes" if dirty.stdout.strip() else "")


def _peer_version() -> str:
    import importlib.metadata

    try:
        return importlib.metadata.version(PEER)
    except importlib.metadata.PackageNotFoundError:
        return ""


def _run(name: str, source: str | None, limit: float) -> dict[str, Any]:
    command = [sys.executable, __file__, "--worker", name, "--limit", str(limit)] + (["--source", source] if source else [])
    run = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    if run.returncode != 0:
        raise SystemExit(f"{name}: the reader's process failed:\n{run.stderr[-2000:]}")
    return json.loads(run.stdout.strip().splitlines()[-1])


def _figures(label: str, data: dict[str, Any]) -> dict[str, Any]:
    seconds = data["seconds"]
    return {
        "reader": label,
        "inputs": len(seconds),
        "total_s": sum(seconds),
        "median_ms": 1000 * statistics.median(seconds),
        "p90_ms": 1000 * statistics.quantiles(seconds, n=10, method="inclusive")[-1],
        "max_ms": 1000 * max(seconds),
        "failed": len(data["failed"]),
        "warm_up_s": data["warm_up"],
        "failed_inputs": data["failed"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--source", action="append", default=[], help="a derivax checkout to read with (repeatable; default: this install)")
    parser.add_argument("--no-peer", action="store_true", help=f"derivax only, without {PEER}")
    parser.add_argument("--limit", type=float, default=30.0, help="seconds one input may take before it counts as failed (%(default)s)")
    parser.add_argument("--json", metavar="PATH", help="also write the figures (and the failed inputs) as JSON")
    parser.add_argument("--worker", choices=["derivax", PEER], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        _worker(args.worker, args.source[0] if args.source else None, args.limit)
        return

    sys.path.insert(0, str(ROOT))
    from tests.readings_table import READINGS

    runs: list[tuple[str, dict[str, Any]]] = []
    for source in args.source or [None]:
        label = f"derivax @ {_commit(Path(source) if source else ROOT)}"
        runs.append((label, _run("derivax", source, args.limit)))
    version = _peer_version()
    if not args.no_peer and version:
        runs.append((f"{PEER} {version}", _run(PEER, None, args.limit)))

    rows = [_figures(label, data) for label, data in runs]
    cores = os.cpu_count()
    print(f"{len(READINGS)} inputs of tests/readings_table.py; each reader in a fresh process, warm-up excluded")
    print(f"Python {platform.python_version()} on {platform.machine()}, {cores} cores; load average {os.getloadavg()[0]:.2f} at the end")
    print()
    width = max(len(r["reader"]) for r in rows)
    print(f"  {'reader':<{width}}  total s  median ms  p90 ms  max ms  fails on")
    for r in rows:
        figures = f"{r['total_s']:7.2f}  {r['median_ms']:9.2f}  {r['p90_ms']:6.2f}  {r['max_ms']:6.0f}  {r['failed']:8d}"
        print(f"  {r['reader']:<{width}}  {figures}")
    if not args.no_peer and not version:
        print()
        print(f"{PEER}: not installed here (pip install -e '.[test]' to compare); derivax figures only.")
    if args.json:
        out = {
            "inputs": [text for text, _ in READINGS],
            "python": platform.python_version(),
            "machine": platform.machine(),
            "cores": cores,
            "readers": rows,
        }
        Path(args.json).write_text(json.dumps(out, indent=1), encoding="utf-8")
        print(f"\nwrote {args.json}")


if __name__ == "__main__":
    main()
