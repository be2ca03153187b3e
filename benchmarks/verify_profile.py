"""Profile: where a cold ``derivax verify`` of the library spends its time, per claim and per checker stage.

Runs every claim (``--twins``: every wrong twin) in this one process, as ``derivax verify --no-cache
--jobs 1 --seed 0`` would, with JAX's persistent compilation cache off unless ``--jax-cache DIR`` is
given. For each claim it reports the wall and CPU seconds of each stage and the number of XLA
compilations (backend compiles, counted with ``jax.monitoring``) and their seconds (in the totals,
also the seconds JAX spent tracing and lowering to MLIR):

- ``instances``: building the claim's SymPy sides at each size (first use; lazily built sides);
- ``symbolic``: SymPy (:mod:`derivax.symbolic`);
- ``witness``: the independent JAX witness at the sampled points (``numeric.run_witness``, tracing
  and compiling included);
- ``numeric``: the rest of the numeric checker (sampling, the claimed side in NumPy, comparing);
- ``hypothesis``: Hypothesis's ``find`` with mpmath at 60 digits (property checker);
- ``search``: the guided counterexample search (shared by the numeric and property checkers, paid once);
- ``interval``: the interval proofs of declared facts;
- ``property``: the rest of the property checker (re-evaluating the search's proposals exactly);
- ``lambdify``: turning SymPy sides into Python code (:func:`derivax.codegen.safe_lambdify`), wherever called.

A stage nested in another (the witness inside the numeric checker) is subtracted from its parent, so
the columns add up to the claim's total. The verdicts are printed so a run before and after a change
can be compared; ``--json FILE`` writes every figure.

Run: ``python benchmarks/verify_profile.py [ID...] [--twins] [--json FILE] [--jax-cache DIR]``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from contextlib import contextmanager
from typing import Any

STAGES = ("instances", "symbolic", "witness", "numeric", "hypothesis", "search", "interval", "property", "lambdify")


class Profile:
    """Wall, CPU, compile count and compile seconds per stage, for the claim being verified."""

    def __init__(self) -> None:
        self.stack: list[str] = []
        self.rows: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))

    @contextmanager
    def stage(self, name: str):
        wall, cpu = time.perf_counter(), time.process_time()
        parent = self.stack[-1] if self.stack else None
        self.stack.append(name)
        try:
            yield
        finally:
            self.stack.pop()
            dw, dc = time.perf_counter() - wall, time.process_time() - cpu
            self.rows[name]["wall"] += dw
            self.rows[name]["cpu"] += dc
            if parent is not None:  # the parent's own time excludes its nested stages
                self.rows[parent]["wall"] -= dw
                self.rows[parent]["cpu"] -= dc

    def compiled(self, seconds: float) -> None:
        where = self.stack[-1] if self.stack else "other"
        self.rows[where]["compiles"] += 1
        self.rows[where]["compile_s"] += seconds

    def traced(self, seconds: float) -> None:
        """Tracing to a jaxpr and lowering it to MLIR: JAX's Python-side cost of a compile."""
        where = self.stack[-1] if self.stack else "other"
        self.rows[where]["trace_s"] += seconds

    def take(self) -> dict[str, dict[str, float]]:
        rows, self.rows = self.rows, defaultdict(lambda: defaultdict(float))
        return {k: dict(v) for k, v in rows.items()}


PROFILE = Profile()


def _wrap(module: Any, attr: str, stage: str) -> None:
    original: Callable[..., Any] = getattr(module, attr)

    def wrapped(*args: Any, **kwargs: Any) -> Any:
        with PROFILE.stage(stage):
            return original(*args, **kwargs)

    setattr(module, attr, wrapped)


def _instrument() -> None:
    import jax
    from jax._src import dispatch

    import derivax.claims
    import derivax.codegen
    import derivax.evaluate
    import derivax.interval
    import derivax.numeric
    import derivax.property
    import derivax.search
    import derivax.symbolic
    import derivax.verification

    def listener(event: str, seconds: float, **_: Any) -> None:
        if event == dispatch.BACKEND_COMPILE_EVENT:
            PROFILE.compiled(seconds)
        elif event in (dispatch.JAXPR_TRACE_EVENT, dispatch.JAXPR_TO_MLIR_MODULE_EVENT):
            PROFILE.traced(seconds)

    jax.monitoring.register_event_duration_secs_listener(listener)
    checkers = derivax.verification.CHECKERS
    for name in list(checkers):
        original = checkers[name]

        def run(claim: Any, settings: Any, _original: Callable[..., Any] = original, _name: str = name) -> Any:
            with PROFILE.stage(_name):
                return _original(claim, settings)

        checkers[name] = run
    _wrap(derivax.numeric, "run_witness", "witness")
    _wrap(derivax.property, "find", "hypothesis")
    _wrap(derivax.search, "_cached", "search")
    _wrap(derivax.interval, "prove_facts", "interval")
    _wrap(derivax.claims, "_instances", "instances")
    for module in (derivax.evaluate, derivax.search, derivax.interval):
        _wrap(module, "safe_lambdify", "lambdify")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("ids", nargs="*", help="claim ids (default: the whole built-in library)")
    parser.add_argument("--twins", action="store_true", help="profile the wrong twins instead")
    parser.add_argument("--json", metavar="FILE", help="write every figure to FILE")
    parser.add_argument("--jax-cache", metavar="DIR", help="use JAX's persistent compilation cache in DIR (default: off)")
    args = parser.parse_args()

    begin_wall, begin_cpu = time.perf_counter(), time.process_time()
    from pathlib import Path

    from derivax.parallel import use_compilation_cache
    from derivax.registry import builtin_claims, select
    from derivax.settings import Settings

    if args.jax_cache:
        use_compilation_cache(Path(args.jax_cache))
    import derivax.numeric  # noqa: F401  (float64)

    _instrument()
    from derivax.verification import verify

    claims = select(builtin_claims(), args.ids) if args.ids else builtin_claims()
    if args.twins:
        claims = [t for c in claims for t in c.wrong_twins()]
    settings = Settings(seed=0)
    startup = (time.perf_counter() - begin_wall, time.process_time() - begin_cpu)
    print(f"start-up (imports, claims loaded): {startup[0]:.1f} s wall, {startup[1]:.1f} s CPU")

    header = f"{'claim':<44} {'verdict':<9} {'wall':>6} {'cpu':>6} {'XLA':>4} {'cmp s':>6} | " + " ".join(f"{s[:9]:>9}" for s in STAGES)
    print(header)
    out = []
    totals: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for claim in claims:
        wall, cpu = time.perf_counter(), time.process_time()
        report = verify(claim, settings)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        rows = PROFILE.take()
        compiles = int(sum(r.get("compiles", 0) for r in rows.values()))
        compile_s = sum(r.get("compile_s", 0.0) for r in rows.values())
        for stage, row in rows.items():
            for k, v in row.items():
                totals[stage][k] += v
        cells = " ".join(f"{rows.get(s, {}).get('wall', 0.0):5.2f}/{int(rows.get(s, {}).get('compiles', 0)):<3d}" for s in STAGES)
        print(f"{claim.id[:44]:<44} {report.verdict.value:<9} {wall:6.2f} {cpu:6.2f} {compiles:4d} {compile_s:6.2f} | {cells}")
        figures = {"wall": wall, "cpu": cpu, "compiles": compiles, "compile_s": compile_s}
        out.append({"id": claim.id, "verdict": report.verdict.value, **figures, "stages": rows})
    total_wall = sum(r["wall"] for r in out)
    total_cpu = sum(r["cpu"] for r in out)
    print(f"\ncells: stage wall seconds / XLA compiles. {len(out)} claims: {total_wall:.1f} s wall, {total_cpu:.1f} s CPU verifying")
    print(f"{'stage':<12} {'wall s':>8} {'cpu s':>8} {'XLA':>5} {'compile s':>10} {'trace s':>8}")
    for stage in (*STAGES, "other"):
        row = totals.get(stage)
        if row:
            wall_s, cpu_s, count = row.get("wall", 0), row.get("cpu", 0), int(row.get("compiles", 0))
            print(f"{stage:<12} {wall_s:8.1f} {cpu_s:8.1f} {count:5d} {row.get('compile_s', 0):10.1f} {row.get('trace_s', 0):8.1f}")
    verdicts = [r["verdict"] for r in out]
    summary = ", ".join(f"{verdicts.count(v)} {v}" for v in sorted(set(verdicts)))
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"verdicts: {summary}")
    print(f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, load average {load:.2f}")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"startup": startup, "claims": out, "totals": totals, "load": load}, f, indent=1)


if __name__ == "__main__":
    sys.exit(main())
