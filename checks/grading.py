r"""Grading: compare each student answer (LaTeX) with a key, and write the feedback.

A *key* is what an answer is compared with: a built-in claim's ``target`` under the claim's
symbol domains, or an instructor's own answer with its assumptions (``grade --key``). A
*submission* is a YAML file ``{student: NAME, answers: {PROBLEM_ID: LATEX, ...}}``, read with
``yaml.safe_load`` and never executed.

Each answer gets one of ``correct`` (with how: symbolic, or sampling with the number of
points), ``incorrect`` (with a point where the two differ and both values), ``unparsed`` (with
the parser's message and position) or ``undecided`` (with the reason, e.g. timed out).
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sympy as sp
import yaml

from checks.claims import Claim
from checks.domains import Sym
from checks.evidence import Verdict
from checks.judge import Domains, Judgement, domains_from, equivalent_expressions
from checks.latex import LatexError, parse

__all__ = [
    "AnswerResult",
    "GradingError",
    "Key",
    "StudentResult",
    "Submission",
    "feedback_markdown",
    "grade_submission",
    "gradebook_csv",
    "gradescope_json",
    "key_from_claim",
    "keys_from_file",
    "load_submission",
]

MAX_FILE_BYTES = 2_000_000
MAX_ANSWER_CHARS = 4000


class GradingError(ValueError):
    """A key or submission file that cannot be used; the message names the file and the fix."""


@dataclass(frozen=True)
class Key:
    """What one problem's answers are compared with."""

    problem: str
    expr: Any
    domains: Domains
    rename: dict[str, sp.Symbol]
    points: float = 1.0
    latex: str = ""
    names: dict[str, str] = field(default_factory=dict)  # key symbol name -> the student's spelling
    assume: tuple[str, ...] = ()  # the key file's conditions, as written (LaTeX)

    def spelled(self, name: str) -> str:
        return self.names.get(name, name)


@dataclass(frozen=True)
class AnswerResult:
    problem: str
    status: str  # correct, incorrect, unparsed, undecided, missing
    message: str
    score: float
    max_score: float
    answer: str = ""
    judgement: Judgement | None = None

    def as_dict(self) -> dict[str, Any]:
        out = {
            "problem": self.problem,
            "status": self.status,
            "message": self.message,
            "score": self.score,
            "max_score": self.max_score,
            "answer": self.answer,
        }
        if self.judgement is not None:
            out["judgement"] = self.judgement.as_dict()
        return out


@dataclass(frozen=True)
class Submission:
    student: str
    answers: dict[str, str]
    source: str = ""


@dataclass(frozen=True)
class StudentResult:
    student: str
    source: str
    results: list[AnswerResult] = field(default_factory=list)
    error: str = ""

    @property
    def score(self) -> float:
        return sum(r.score for r in self.results)

    @property
    def max_score(self) -> float:
        return sum(r.max_score for r in self.results)


def _symbol_name(sym: Sym) -> str:
    """The name a student's LaTeX for this symbol parses to (``\\lambda`` -> ``lambda``)."""
    if sym.latex:
        try:
            parsed = parse(sym.latex).expr
        except LatexError:
            return sym.name
        if isinstance(parsed, sp.Symbol):
            return parsed.name
    return sym.name


def key_from_claim(claim: Claim, points: float = 1.0) -> Key:
    """A claim's target, with the claim's symbol domains and the students' spellings of its symbols."""
    if claim.target is None:
        raise GradingError(f"claim {claim.id!r} declares no target, so answers cannot be graded against it")
    rename: dict[str, sp.Symbol] = {}
    sets: dict[sp.Symbol, sp.Set] = {}
    names: dict[str, str] = {}
    for s in claim.symbols:
        if isinstance(s, Sym):
            names[s.name] = _symbol_name(s)
            rename[names[s.name]] = s.symbol
            rename[s.name] = s.symbol
            sets[s.symbol] = s.domain
    for free in claim.target.free_symbols:
        rename.setdefault(free.name, free)
    return Key(claim.id, claim.target, Domains(sets), rename, points, sp.latex(claim.target), names)


def keys_from_file(path: str | Path) -> dict[str, Key]:
    """An instructor's key file: ``{PROBLEM: {answer: LATEX, assume: [LATEX, ...], points: N}}``."""
    data = _load_yaml(path)
    if not isinstance(data, dict) or not data:
        raise GradingError(f"{path}: a key file maps problem ids to {{answer: LATEX, assume: [...], points: N}}")
    keys = {}
    for problem, spec in data.items():
        if isinstance(spec, str):
            spec = {"answer": spec}
        if not isinstance(spec, dict) or "answer" not in spec:
            raise GradingError(f"{path}: problem {problem!r} needs an 'answer' (LaTeX)")
        try:
            expr = parse(str(spec["answer"])).expr
            conds = [parse(str(a)).condition for a in spec.get("assume", []) or []]
        except LatexError as error:
            raise GradingError(f"{path}: problem {problem!r}: {error}") from None
        points = float(spec.get("points", 1))
        free = getattr(expr, "free_symbols", set())
        assume = tuple(str(a) for a in spec.get("assume", []) or [])
        keys[str(problem)] = Key(
            str(problem), expr, domains_from(conds, free), {s.name: s for s in free}, points, str(spec["answer"]), {}, assume
        )
    return keys


def _load_yaml(path: str | Path) -> Any:
    path = Path(path)
    if not path.is_file():
        raise GradingError(f"{path}: no such file")
    if path.stat().st_size > MAX_FILE_BYTES:
        raise GradingError(f"{path}: {path.stat().st_size} bytes; files are limited to {MAX_FILE_BYTES} bytes")
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8", errors="replace"))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        raise GradingError(f"{path}: not valid YAML{where}: {getattr(error, 'problem', error)}") from None


def load_submission(path: str | Path) -> Submission:
    """Read one submission; raise :class:`GradingError` saying what is wrong with it."""
    data = _load_yaml(path)
    if data is None:
        raise GradingError(f"{path}: the file is empty; expected {{student: NAME, answers: {{PROBLEM_ID: LATEX}}}}")
    if not isinstance(data, dict) or "answers" not in data:
        raise GradingError(f"{path}: expected a mapping with 'student' and 'answers' keys")
    answers = data.get("answers") or {}
    if not isinstance(answers, dict):
        raise GradingError(f"{path}: 'answers' must map problem ids to LaTeX strings")
    student = str(data.get("student") or Path(path).stem)
    return Submission(student, {str(k): "" if v is None else str(v) for k, v in answers.items()}, str(path))


def grade_answer(key: Key, latex: str, *, timeout_s: float = 5.0, undecided_credit: float = 0.0, seed: int = 0) -> AnswerResult:
    """Compare one answer with its key; never raises on the answer's content."""
    if not latex.strip():
        return AnswerResult(key.problem, "missing", "no answer given", 0.0, key.points, latex)
    if len(latex) > MAX_ANSWER_CHARS:
        return AnswerResult(
            key.problem,
            "unparsed",
            f"answer is {len(latex)} characters; the limit is {MAX_ANSWER_CHARS}",
            0.0,
            key.points,
            latex[:200] + "...",
        )
    try:
        parsed = parse(latex)
    except LatexError as error:
        return AnswerResult(key.problem, "unparsed", str(error), 0.0, key.points, latex)
    if not isinstance(key.expr, sp.Expr):  # an instructor's equation, inequality or set
        return _grade_as_objects(key, latex, timeout_s, undecided_credit, seed)
    if parsed.kind != "expression":
        return AnswerResult(key.problem, "incorrect", f"expected an expression, got a {parsed.kind}", 0.0, key.points, latex)
    answer = parsed.expr.xreplace({s: key.rename[s.name] for s in parsed.expr.free_symbols if s.name in key.rename})
    extra = sorted(s.name for s in answer.free_symbols if s.name not in key.rename)
    judgement = equivalent_expressions(key.expr, answer, key.domains, timeout_s=timeout_s, seed=seed)
    if judgement.verdict in (Verdict.PROVED, Verdict.CONFIRMED):
        return AnswerResult(key.problem, "correct", f"equivalent to the key ({judgement.method})", key.points, key.points, latex, judgement)
    if judgement.verdict is Verdict.REFUTED:
        ce = judgement.counterexample
        note = f"; the answer uses symbols the problem does not: {', '.join(extra)}" if extra else ""
        point = ", ".join(f"{key.spelled(k)} = {v:.6g}" if isinstance(v, float) else f"{key.spelled(k)} = {v}" for k, v in ce.at.items())
        message = f"differs from the key at {point or 'every point'}: key = {ce.lhs:.6g}, answer = {ce.rhs:.6g}{note}"
        return AnswerResult(key.problem, "incorrect", message, 0.0, key.points, latex, judgement)
    return AnswerResult(key.problem, "undecided", judgement.reason, undecided_credit * key.points, key.points, latex, judgement)


def _grade_as_objects(key: Key, latex: str, timeout_s: float, undecided_credit: float, seed: int) -> AnswerResult:
    """Equations, inequalities, sets: the same solution set as the key (``derivax equiv``)."""
    from checks.equiv import DIFFERENT, EQUIVALENT, describe, equivalent

    result = equivalent(key.latex, latex, list(key.assume), timeout_s=timeout_s, seed=seed)
    if result["verdict"] == EQUIVALENT:
        return AnswerResult(key.problem, "correct", f"equivalent to the key ({result['method']})", key.points, key.points, latex)
    if result["verdict"] == DIFFERENT:
        return AnswerResult(key.problem, "incorrect", describe(result), 0.0, key.points, latex)
    status = "unparsed" if result.get("method") == "input" else "undecided"
    return AnswerResult(key.problem, status, result.get("reason") or describe(result), undecided_credit * key.points, key.points, latex)


def grade_submission(submission: Submission, keys: dict[str, Key], cache: dict | None = None, **options: Any) -> StudentResult:
    """Grade every problem of the key; ``cache`` shares verdicts on identical answers across students."""
    results = []
    for problem, key in keys.items():
        answer = submission.answers.get(problem, "")
        memo = (problem, " ".join(answer.split()))
        if cache is not None and memo in cache:
            results.append(dataclasses.replace(cache[memo], answer=answer))
            continue
        result = grade_answer(key, answer, **options)
        if cache is not None:
            cache[memo] = result
        results.append(result)
    for problem in submission.answers:
        if problem not in keys:
            results.append(
                AnswerResult(
                    problem,
                    "unknown",
                    f"no problem {problem!r} in the key; known: {', '.join(keys)}",
                    0.0,
                    0.0,
                    submission.answers[problem],
                )
            )
    return StudentResult(submission.student, submission.source, results)


def _grade_chunk(chunk: list[Submission], keys: dict[str, Key], options: dict[str, Any]) -> list[StudentResult]:
    cache: dict = {}
    return [grade_submission(s, keys, cache, **options) for s in chunk]


def grade_all(submissions: list[Submission], keys: dict[str, Key], *, jobs: int = 1, **options: Any) -> list[StudentResult]:
    """Grade every submission, in ``jobs`` worker processes (each with its own answer cache)."""
    # Starting a worker costs seconds (it imports SymPy and JAX): only worth it for a class of some size.
    if jobs <= 1 or len(submissions) < 8 * jobs:
        return _grade_chunk(submissions, keys, options)
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # Contiguous chunks keep the output in input order. "spawn", not "fork": JAX may hold threads.
    size = -(-len(submissions) // jobs)
    chunks = [submissions[i : i + size] for i in range(0, len(submissions), size)]
    with ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("spawn")) as pool:
        parts = pool.map(_grade_chunk, chunks, [keys] * len(chunks), [options] * len(chunks))
        return [student for part in parts for student in part]


def gradebook_csv(students: list[StudentResult], problems: list[str]) -> str:
    """One row per student, one column per problem (the score), then the total."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["student", *problems, "total", "max"])
    for s in students:
        by_problem = {r.problem: r for r in s.results}
        writer.writerow([s.student, *[by_problem[p].score if p in by_problem else "" for p in problems], s.score, s.max_score])
    return out.getvalue()


def gradescope_json(student: StudentResult) -> str:
    """Gradescope's results.json: ``tests[]`` with name, score, max_score, output."""
    tests = [{"name": r.problem, "score": r.score, "max_score": r.max_score, "output": f"{r.status}: {r.message}"} for r in student.results]
    return json.dumps({"score": student.score, "tests": tests}, indent=2)


def feedback_markdown(student: StudentResult) -> str:
    lines = [f"# Feedback for {student.student}", "", f"Score: {student.score:g} / {student.max_score:g}", ""]
    if student.error:
        lines += [f"**Submission problem:** {student.error}", ""]
    for r in student.results:
        lines += [f"## {r.problem}: {r.status}", "", f"Your answer: `{r.answer}`" if r.answer else "No answer.", "", r.message, ""]
    return "\n".join(lines)
