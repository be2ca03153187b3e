r"""Benchmark: ``derivax grade`` on a generated class (7 answers a student, built-in claims).

Three classes, all seeded:

* default: answers drawn from small pools of correct, equivalent and wrong forms, as a class
  repeats itself; identical answers are graded once a run.
* ``--unique``: every answer a student writes is distinct from every classmate's (as text, spacing
  aside), as in a real class: the same few right answers and typical mistakes (the claims' known
  mistakes among them) spelled in many ways (``\dfrac``, ``\left(``, ``a_{j}``, spacing, a final
  full stop, ``\ge``/``\geq``, ...), equivalent rewrites that SymPy reads differently
  (``a_j(1 - y_j/a_j)``), answers of the other accepted kinds (``|w| \ge 4`` for 4), equations,
  typos that do not parse, and a tail of one-off wrong answers (``\frac{7}{n}``). Many spellings
  share a reading, which grading judges once; ``--readings`` counts them.
* ``--distinct-readings``: the worst case, where no two answers share a reading: each pool answer
  times ``\sin^2 k + \cos^2 k`` for the student's own k (1, but SymPy keeps it while reading), so
  every answer takes the uncached path.

Run: ``python benchmarks/grade_class.py [--students 100] [--unique | --distinct-readings] [--jobs 2]
[--scheduler local] [--readings] [--progress]``.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
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

# --unique: what a class writes, per problem, with weights (how many students write it). Correct
# answers and their equivalent rewrites first, then typical mistakes (the claim's known mistakes,
# which grading recognises, among them), then equations and typos. Each is spelled in many ways.
FORMS: dict[str, list[tuple[int, str]]] = {
    "softmax-ce-delta": [
        (30, r"a_j - y_j"),
        (6, r"-(y_j - a_j)"),
        (4, r"-y_j + a_j"),
        (6, r"a - y"),  # the vector form, an accepted form of the claim
        (2, r"\frac{2a_j - 2y_j}{2}"),
        (2, r"a_j(1 - \frac{y_j}{a_j})"),  # equivalent where a_j != 0, read differently
        (12, r"y_j - a_j"),
        (5, r"a_j + y_j"),
        (6, r"a_j(1 - a_j)(a_j - y_j)"),  # the sigmoid-with-MSE delta
        (3, r"a_j(1 - a_j)"),
        (3, r"-\frac{y_j}{a_j}"),
        (2, r"(a_j - y_j)^2"),
        (4, r"\delta_j = a_j - y_j"),  # an equation: a person should look
        (2, r"a_j - y_j +"),  # a typo: unparsed
    ],
    "sigmoid-saturation-bound": [
        (30, "4"),
        (3, r"2^2"),
        (2, r"\sqrt{16}"),
        (2, r"\frac{8}{2}"),
        (2, "4.0"),
        (8, r"|w| \ge 4"),  # the bound as a condition, an accepted form
        (5, "5"),  # known mistakes of the claim
        (2, "4.02"),
        (2, r"\frac{201}{50}"),
        (6, "2"),
        (4, r"\frac{1}{4}"),
        (3, r"|w| > 4"),
        (3, r"w \ge 4"),
        (2, "8"),
        (1, r"4 \le"),
    ],
    "sigmoid-saturation-width": [
        (20, r"\frac{2}{|w|}\ln(\frac{|w|(1+\sqrt{1-4/|w|})}{2}-1)"),
        (10, r"\frac{2}{|w|}\cosh^{-1}(\frac{|w|}{2}-1)"),
        (3, r"\frac{2}{|w|}\operatorname{arccosh}(\frac{|w|}{2}-1)"),
        (4, r"\frac{2\ln(\frac{|w|}{2}(1+\sqrt{1-\frac{4}{|w|}})-1)}{|w|}"),
        (8, r"\frac{1}{|w|}\ln(\frac{|w|(1+\sqrt{1-4/|w|})}{2}-1)"),  # known mistakes
        (6, r"\frac{2}{|w|}\ln(\frac{|w|(1+\sqrt{1-4/|w|})}{2}+1)"),
        (4, r"\frac{2}{w}\ln(\frac{w(1+\sqrt{1-4/w})}{2}-1)"),
        (4, r"\frac{4}{|w|}\cosh^{-1}(\frac{|w|}{2}-1)"),
        (3, r"\frac{2}{|w|}\cosh^{-1}(\frac{|w|}{2})"),
        (2, r"\frac{2}{|w|}\ln(\frac{|w|(1+\sqrt{1-4/|w|})}{2}-1"),
    ],
    "weight-decay-factor": [
        (25, r"e^{-\eta\lambda/m}"),
        (8, r"\exp(-\frac{\lambda\eta}{m})"),
        (3, r"\frac{1}{e^{\eta\lambda/m}}"),
        (3, r"(e^{-\eta\lambda})^{1/m}"),
        (8, r"e^{-\eta\lambda m}"),  # known mistakes
        (10, r"1 - \frac{\eta\lambda}{m}"),
        (6, r"e^{-\eta\lambda}"),
        (4, r"e^{\eta\lambda/m}"),
        (3, r"1 - \eta\lambda"),
        (2, r"(1 - \frac{\eta\lambda}{m})^m"),
        (2, r"e^{-\eta\lambda/m"),
    ],
    "adam-bias-correction": [
        (30, r"1-\beta_1^t"),
        (4, r"-\beta_1^t + 1"),
        (4, r"\frac{m_t}{1-\beta_1^t}"),  # accepted forms
        (3, r"\hat{m}_t = \frac{m_t}{1-\beta_1^t}"),
        (8, r"1-\beta_1^{t-1}"),
        (8, r"(1-\beta_1)^t"),
        (4, r"1-\beta_1"),
        (3, r"\beta_1^t"),
        (3, r"1-\beta_2^t"),
        (3, r"\frac{1}{1-\beta_1^t}"),
        (2, r"1-\beta_1^{t"),
    ],
    "gd-quadratic-convergence": [
        (25, r"\frac{1}{\lambda_{\max}}"),
        (6, r"\lambda_{\max}^{-1}"),
        (3, r"1/\lambda_{\text{max}}"),
        (5, r"\epsilon < \frac{1}{\lambda_{\max}}"),  # the condition, an accepted form
        (12, r"\frac{2}{\lambda_{\max}}"),  # known mistakes
        (4, r"\frac{1}{\kappa\lambda_{\max}}"),
        (5, r"\frac{1}{2\lambda_{\max}}"),
        (3, r"\lambda_{\max}"),
        (3, r"\frac{1}{\lambda_{\min}}"),
        (2, r"\frac{2}{\lambda_{\max}^2}"),
        (1, r"\frac{1}{\lambda_{\max}"),
    ],
    "init-variance": [
        (30, r"\frac{1}{n}"),
        (6, r"n^{-1}"),
        (4, r"1/n"),
        (2, r"\frac{2}{2n}"),
        (10, r"\frac{2}{n}"),
        (5, r"\frac{1}{n^2}"),
        (5, r"\frac{1}{\sqrt{n}}"),
        (3, r"n"),
        (3, r"\frac{1}{2n}"),
        (3, r"\frac{2}{n_{in} + n_{out}}"),
        (1, r"\frac{1}{n"),
    ],
}
# One-off wrong answers (a coefficient or exponent slip of its own, so a reading of its own), drawn
# with small numbers k and j for the TAIL of the class.
TAILS: dict[str, list[str]] = {
    "softmax-ce-delta": [r"{k}(a_j - y_j)", r"a_j^{j} - {k}y_j", r"\frac{a_j - {j}y_j}{{k}}", r"a_j(1-a_j)^{j}(a_j - y_j)"],
    "sigmoid-saturation-bound": [r"{k}.{j}", r"|w| \ge {k}", r"\frac{{k}}{{j}}", r"\sqrt{{k}}", r"{j}\ln {k}"],
    "sigmoid-saturation-width": [
        r"\frac{{k}}{|w|}\cosh^{-1}(\frac{|w|}{2}-1)",
        r"\frac{2}{|w|}\ln(\frac{|w|}{{k}}+{j})",
        r"\frac{{j}}{|w|}\cosh^{-1}(\frac{|w|}{{k}})",
    ],
    "weight-decay-factor": [r"e^{-{k}\eta\lambda/m}", r"1 - \frac{{k}\eta\lambda}{{j}m}", r"e^{-{j}\eta\lambda/({k}m)}"],
    "adam-bias-correction": [r"1-\beta_1^{t+{k}}", r"1-{k}\beta_1^{{j}t}", r"1-\beta_1^{{k}t}", r"(1-\beta_1^t)^{{j}}"],
    "gd-quadratic-convergence": [r"\frac{{k}}{\lambda_{\max}}", r"\frac{1}{{k}\lambda_{\max}}", r"\frac{{j}}{{k}\lambda_{\max}}"],
    "init-variance": [r"\frac{{k}}{n}", r"\frac{1}{{k}n}", r"\frac{1}{n+{k}}", r"\frac{{j}}{{k}n}", r"\frac{1}{n^{{j}}}"],
}
TAIL = 0.15  # at least this share are one-off slips; more once a large class has used up the common answers' spellings


def _frac(t: str) -> str:
    return t.replace(r"\frac", r"\dfrac")


def _left_right(t: str) -> str:
    if t.count("(") != t.count(")"):
        return t
    return re.sub(r"(?<!\\left)\((.*)\)", r"\\left(\1\\right)", t, count=1)


def _braced_subscripts(t: str) -> str:
    return re.sub(r"_([A-Za-z0-9])", r"_{\1}", t)


def _spaced(t: str) -> str:
    return re.sub(r"\s*([+=<]|(?<![{(^])-)\s*", r" \1 ", t).strip()


def _tight(t: str) -> str:
    return re.sub(r"\s*([+=<-])\s*", r"\1", t)


def _full_stop(t: str) -> str:
    return t + "."


def _abs_bars(t: str) -> str:
    return t.replace("|w|", r"\left|w\right|")


def _geq(t: str) -> str:
    return t.replace(r"\ge ", r"\geq ")


def _thin_space(t: str) -> str:
    return re.sub(r"(\\lambda|\\eta)(?=[\\a-z])", r"\1\\,", t, count=1)


def _cdot(t: str) -> str:
    return re.sub(r"(?<=[0-9])(?=[a-z(]|\\(?!right|left|cdot|frac|dfrac))", r" \\cdot ", t, count=1)


WRAPPERS = ["{ANSWER}", r"\left(ANSWER\right)", r"ANSWER \,", r"\displaystyle ANSWER", r"\; ANSWER", r"ANSWER \quad"]
SPELLINGS: list[Callable[[str], str]] = [_frac, _left_right, _braced_subscripts, _spaced, _tight, _thin_space, _cdot, _abs_bars, _geq]


def unique_answers(problem: str, count: int, rng: random.Random) -> list[str]:
    """``count`` answers to ``problem``, no two the same text (spacing aside), as a class writes them."""
    weights, bases = zip(*FORMS[problem], strict=True)
    seen: set[str] = set()
    out: list[str] = []
    slips = [(t, k, j) for t in TAILS[problem] for k in range(2, 61) for j in range(2, 13)]
    rng.shuffle(slips)
    tail = iter(slips)
    while len(out) < count:
        text = None
        if rng.random() >= TAIL:
            for _ in range(40):  # a spelling no classmate used yet
                base = rng.choices(bases, weights)[0]
                candidate = base
                for spell in SPELLINGS:
                    if rng.random() < 0.4:
                        candidate = spell(candidate)
                if rng.random() < 0.3:
                    wrappers = WRAPPERS[1:] if any(c in candidate for c in ("=", "<", ">", "\\ge", "\\le")) else WRAPPERS
                    candidate = rng.choice(wrappers).replace("ANSWER", candidate)
                if rng.random() < 0.3:
                    candidate = _full_stop(candidate)
                if "".join(candidate.split()) not in seen:
                    text = candidate
                    break
        while text is None or "".join(text.split()) in seen:
            template, k, j = next(tail)
            text = template.replace("{k}", str(k)).replace("{j}", str(j))
        seen.add("".join(text.split()))
        out.append(text)
    return out


def write_class(folder: Path, students: int, mode: str = "pools", seed: int = 0) -> None:
    """Write the class's submissions ``s0000.yaml``... (``mode``: pools, unique or distinct-readings)."""
    rng = random.Random(seed)
    columns = {p: unique_answers(p, students, rng) for p in FORMS} if mode == "unique" else {}
    for i in range(students):
        answers = {}
        for problem, pool in POOLS.items():
            if mode == "unique":
                answer = columns[problem][i]
            else:
                answer = rng.choice(pool)
            if mode == "distinct-readings":  # equal in value, different in reading (SymPy keeps sin^2 k + cos^2 k)
                answer = rf"\left(\sin^2({i + 2}) + \cos^2({i + 2})\right)\left({answer}\right)"
            answers[problem] = answer
        (folder / f"s{i:04d}.yaml").write_text(yaml.safe_dump({"student": f"Student {i:04d}", "answers": answers}))


def count_readings(folder: Path) -> tuple[int, int, int]:
    """(answers, distinct texts, distinct readings) of the class, by grading's own memo key."""
    from derivax.grading import _memo_key, load_submission

    texts, keys, total = set(), set(), 0
    for path in sorted(folder.glob("*.yaml")):
        for problem, answer in load_submission(path).answers.items():
            total += 1
            texts.add((problem, " ".join(answer.split())))
            keys.add(_memo_key(problem, answer))
    return total, len(texts), len(keys)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--students", type=int, default=100)
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--unique", action="store_true", help="every answer distinct from every classmate's, as a class writes them")
    mode.add_argument("--distinct-readings", action="store_true", help="the worst case: no two answers share a reading")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--scheduler", help="pass --scheduler to derivax grade (e.g. local)")
    parser.add_argument("--readings", action="store_true", help="also count the distinct texts and readings (after the timed run)")
    parser.add_argument("--progress", action="store_true", help="pass --progress (the bar with time left on stderr)")
    parser.add_argument("--keep", metavar="DIR", help="write the class and the grades under DIR and keep them")
    args = parser.parse_args()
    kind = "unique" if args.unique else "distinct-readings" if args.distinct_readings else "pools"
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(args.keep or tmp)
        folder.mkdir(parents=True, exist_ok=True)
        write_class(folder, args.students, kind)
        files = list(map(str, sorted(folder.glob("*.yaml"))))
        command = [sys.executable, "-m", "derivax.cli", "grade", *files, "--problems", ",".join(POOLS), "--out", str(folder / "out")]
        command += ["--jobs", str(args.jobs), "--fresh"]
        command += ["--scheduler", args.scheduler] if args.scheduler else []
        command += ["--progress"] if args.progress else []
        load = os.getloadavg()[0]
        used = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        done = subprocess.run(command, stdout=subprocess.PIPE, stderr=None if args.progress else subprocess.PIPE, text=True)
        seconds = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = after.ru_utime + after.ru_stime - used.ru_utime - used.ru_stime  # the command and its workers
        print(done.stdout.splitlines()[-1] if done.stdout else (done.stderr or "")[-500:])
        answers = args.students * len(POOLS)
        print(
            f"graded {args.students} submissions x {len(POOLS)} answers ({kind}) in {seconds:.1f} s wall, {cpu:.1f} s CPU, "
            f"{answers / seconds:.1f} answers/s (exit {done.returncode}; load average {load:.2f} at the start, "
            f"{os.getloadavg()[0]:.2f} at the end)"
        )
        if args.readings:
            total, texts, readings = count_readings(folder)
            print(f"{total} answers: {texts} distinct texts (spacing aside), {readings} distinct readings (judged once each)")


if __name__ == "__main__":
    main()
