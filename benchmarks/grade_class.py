"""Benchmark: ``derivax grade`` on a generated class of 100 submissions of 7 answers each.

Answers are drawn (seeded) from pools of correct, equivalent and wrong forms per claim, as a real
class repeats itself; identical answers are graded once per run. ``--unique`` instead makes every
answer distinct: each is multiplied by ``\\sin^2 k + \\cos^2 k`` for the student's own k, which is 1
but which SymPy does not fold while reading, so no two answers share a reading (grading memoises by
reading: ``\\frac{k}{k}`` would be folded to 1 and graded once) and every answer takes the uncached path.
Run: ``python benchmarks/grade_class.py [--students 100] [--unique]``.
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

POOLS = {
    "softmax-ce-delta": [r"a_j - y_j", r"-(y_j - a_j)", r"a_j + y_j", r"y_j - a_j", r"-y_j + a_j", r"a_j(1-a_j)(a_j - y_j)"],
    "sigmoid-saturation-bound": ["4", r"2^2", "5", r"\sqrt{16}", "1/4", "2"],
    "sigmoid-saturation-width": [
        r"\frac{2}{|w|}\ln\left(\frac{|w|(1+\sqrt{1-4/|w|})}{2}-1\right)",
        r"\frac{2}{|w|}\cosh^{-1}\left(\frac{|w|}{2}-1\right)",
        r"\frac{1}{|w|}\ln\left(\frac{|w|(1+\sqrt{1-4/|w|})}{2}-1\right)",
        r"\frac{2}{|w|}\ln\left(\frac{|w|(1+\sqrt{1-4/|w|})}{2}+1\right)",
    ],
    "weight-decay-factor": [r"e^{-\eta\lambda/m}", r"\exp(-\frac{\lambda\eta}{m})", r"e^{-\eta\lambda m}", r"1 - \frac{\eta\lambda}{m}"],
    "adam-bias-correction": [r"1-\beta_1^t", r"1-\beta_1^{t-1}", r"(1-\beta_1)^t", r"1 - \beta_{1}^{t}"],
    "gd-quadratic-convergence": [
        r"\frac{1}{\lambda_{\max}}",
        r"\frac{2}{\lambda_{\max}}",
        r"\lambda_{max}^{-1}",
        r"\frac{1}{2\lambda_{\max}}",
    ],
    "init-variance": [r"\frac{1}{n}", r"n^{-1}", r"\frac{2}{n}", r"\frac{1}{n^2}", r"\frac{\cos(2\pi n)}{n}"],
}


def write_class(folder: Path, students: int, unique: bool, seed: int = 0) -> None:
    rng = random.Random(seed)
    for i in range(students):
        answers = {}
        for problem, pool in POOLS.items():
            answer = rng.choice(pool)
            if unique:  # equal in value, different in form and in reading (SymPy keeps sin^2 k + cos^2 k): graded afresh
                answer = rf"\left(\sin^2({i + 2}) + \cos^2({i + 2})\right)\left({answer}\right)"
            answers[problem] = answer
        (folder / f"s{i:03d}.yaml").write_text(yaml.safe_dump({"student": f"Student {i:03d}", "answers": answers}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--students", type=int, default=100)
    parser.add_argument("--unique", action="store_true")
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        write_class(folder, args.students, args.unique)
        start = time.perf_counter()
        files = map(str, sorted(folder.glob("*.yaml")))
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "derivax.cli",
                "grade",
                *files,
                "--problems",
                ",".join(POOLS),
                "--out",
                str(folder / "out"),
                "--jobs",
                str(args.jobs),
            ],
            capture_output=True,
            text=True,
        )
        seconds = time.perf_counter() - start
    print(done.stdout.splitlines()[-1] if done.stdout else done.stderr[-500:])
    kind = "unique answers" if args.unique else "answers from pools"
    print(f"graded {args.students} submissions x {len(POOLS)} answers ({kind}) in {seconds:.1f} s wall (exit {done.returncode})")


if __name__ == "__main__":
    main()
