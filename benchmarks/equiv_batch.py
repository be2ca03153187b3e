"""Benchmark: ``derivax equiv --batch`` on the regression table, beside Math-Verify on the same pairs.

derivax judges tests/data/equiv_pairs.yaml in batch mode (worker processes, all cores by default);
the figures are the wall time per pair (what a pipeline waits for, worker start-up included) and
the mean time one worker spends on a pair (per core), overall and per group of the table. If
``math_verify`` (Math-Verify 0.9.0, not a dependency of derivax: ``pip install math-verify==0.9.0``)
is importable, the same pairs go through ``math_verify.parse`` and ``math_verify.verify`` one after
another in this process (as its API runs: no batch mode), each side wrapped in ``$...$``;
Math-Verify has no assumptions, so it sees the pairs without them. Both tools' verdicts are scored
against the table's expected verdicts (Math-Verify's ``True`` against ``equivalent``).

Run: ``python benchmarks/equiv_batch.py [--jobs N] [--table PATH] [--show]``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from derivax.equiv import equivalent_batch  # noqa: E402

GROUPS = {
    "expr": "expressions",
    "near": "expressions (near misses)",
    "eqn": "equations, 1 variable",
    "eqn2": "equations, 2+ variables",
    "ineq": "inequalities, 1 variable",
    "ineq2": "inequalities, 2+ variables",
    "assume": "with assumptions",
    "logic": "and / or / not",
    "set": "sets and intervals",
    "kind": "kinds and names",
    "case": "kinds and names",
    "hostile": "hostile input",
}


def group(row_id: str) -> str:
    return GROUPS.get(row_id.split("-")[0], "other")


def math_verify_run(rows: list[dict]) -> list[tuple[bool | None, float]] | None:
    """Math-Verify's verdict and seconds per pair, or None if it is not installed."""
    try:
        from math_verify import parse, verify
    except ImportError:
        return None
    out = []
    for row in rows:
        key, answer = row.get("key"), row.get("answer")
        start = time.perf_counter()
        try:
            gold, pred = parse(f"${key}$"), parse(f"${answer}$")
            verdict: bool | None = bool(verify(gold, pred))
        except Exception:  # a crash on hostile input counts as "not equivalent", timed like the rest
            verdict = None
        out.append((verdict, time.perf_counter() - start))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--table", default=str(ROOT / "tests" / "data" / "equiv_pairs.yaml"))
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--timeout", type=float, default=5.0)
    parser.add_argument("--show", action="store_true", help="list the pairs where a tool's verdict differs from the table's")
    args = parser.parse_args()
    rows = yaml.safe_load(Path(args.table).read_text(encoding="utf-8"))
    n = len(rows)

    start = time.perf_counter()
    results = equivalent_batch(rows, jobs=args.jobs, timeout_s=args.timeout)
    wall = time.perf_counter() - start
    per_pair = [r["seconds"] for r in results]
    right = sum(r["verdict"] == row["expected"] for r, row in zip(results, rows, strict=True))

    mv = math_verify_run(rows)

    print(f"{n} pairs from {Path(args.table).name}; {os.cpu_count()} cores on this machine")
    print()
    print(f"derivax equiv --batch (--jobs {args.jobs}, --timeout {args.timeout:g}):")
    print(f"  wall time per pair        {1000 * wall / n:7.1f} ms   ({wall:.1f} s for the batch, worker start-up included)")
    mean, median = 1000 * statistics.mean(per_pair), 1000 * statistics.median(per_pair)
    print(f"  worker time per pair      {mean:7.1f} ms mean, {median:.1f} ms median")
    print(f"  slowest pair              {max(per_pair):7.2f} s    (limit {args.timeout:g} s)")
    print(f"  verdicts as expected      {right} of {n}")
    if mv is None:
        print()
        print("Math-Verify: not installed here (pip install math-verify==0.9.0 to compare); derivax figures only.")
    else:
        mv_seconds = [s for _, s in mv]
        decided = [(v, row) for (v, _), row in zip(mv, rows, strict=True) if row["expected"] in ("equivalent", "different")]
        mv_right = sum((v is True) == (row["expected"] == "equivalent") for v, row in decided)
        dx_right = sum(r["verdict"] == row["expected"] for r, row in zip(results, rows, strict=True) if row["expected"] != "undecided")
        print()
        print("Math-Verify 0.9.0 (parse + verify, one pair after another in one process):")
        mean, median = 1000 * statistics.mean(mv_seconds), 1000 * statistics.median(mv_seconds)
        print(f"  time per pair             {mean:7.1f} ms mean, {median:.1f} ms median")
        print(f"  slowest pair              {max(mv_seconds):7.2f} s")
        print(f"  on the {len(decided)} equivalent/different rows: Math-Verify right on {mv_right}, derivax on {dx_right}")

    print()
    width = max(len(g) for g in GROUPS.values())
    header = f"  {'group':<{width}}  pairs  derivax ms/pair (worker)  right"
    header += "   Math-Verify ms/pair  right" if mv is not None else ""
    print("Per group:")
    print(header)
    by_group: dict[str, list[int]] = defaultdict(list)
    for i, row in enumerate(rows):
        by_group[group(row["id"])].append(i)
    for name, idx in by_group.items():
        dx_ms = 1000 * statistics.mean(results[i]["seconds"] for i in idx)
        dx_ok = sum(results[i]["verdict"] == rows[i]["expected"] for i in idx)
        line = f"  {name:<{width}}  {len(idx):5d}  {dx_ms:24.1f}  {dx_ok:5d}"
        if mv is not None:
            mv_ms = 1000 * statistics.mean(mv[i][1] for i in idx)
            mv_ok = sum((mv[i][0] is True) == (rows[i]["expected"] == "equivalent") for i in idx)
            line += f"   {mv_ms:19.1f}  {mv_ok:5d}"
        print(line)

    if args.show:
        print()
        for i, row in enumerate(rows):
            notes = []
            if results[i]["verdict"] != row["expected"]:
                notes.append(f"derivax {results[i]['verdict']}")
            if mv is not None and (mv[i][0] is True) != (row["expected"] == "equivalent"):
                notes.append(f"Math-Verify {mv[i][0]}")
            if notes:
                print(f"  {row['id']} (expected {row['expected']}): {', '.join(notes)}")


if __name__ == "__main__":
    main()
