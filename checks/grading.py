r"""Grading: compare each student answer (LaTeX) with a key, and write the feedback.

A *key* is what an answer is compared with: a built-in claim's ``target`` under the claim's
symbol domains, or an instructor's own answer with its assumptions (``grade --key``). A
*submission* is a YAML file ``{student: NAME, answers: {PROBLEM_ID: LATEX, ...}}``, read with
:mod:`derivax.safeload` (a safe loader with limits on size, aliases, depth and duplicate keys) and
never executed; an answer that YAML does not read as text is refused, never graded through ``str()``.

A built-in claim may accept other ways of writing its answer (its ``answer_forms``, see
:class:`derivax.claims.AnswerForm`): the bound as a relation (``|w| \\ge 4`` for 4), a vector for a
component (``a - y`` for ``a_j - y_j``), the quantity the target is part of. An answer is compared
with the target and with each form of its own kind (expressions as real functions, relations by
their solution sets under the claim's domains); ``correct`` says which form it matched and the
form's note. An answer of a kind no form has (a relation where an expression is expected, or the
reverse) is ``incorrect`` with that explained, or ``undecided`` when it is an equation one side of
which matches (the grader cannot tell what the other side names).

Each answer gets one of ``correct`` (with how: symbolic, or sampling with the number of
points), ``incorrect`` (with a point where the two differ and both values), ``unparsed`` (with
the parser's message and position) or ``undecided`` (with the reason, e.g. timed out).

The *rubric* (which problems are graded, and so each student's ``max_score``) comes from the
instructor: a key file, or named built-in claims (:func:`keys_from_claims`). It is never derived
from what the students answered, since then one student answering extra problems would lower
everyone's score. An answer to a problem outside the rubric is reported as ``unknown`` and is worth
nothing either way.

Keys are built in :mod:`derivax.keys`; the feedback, gradebook and results.json files, and resuming an
interrupted class, are :mod:`derivax.gradebook`'s.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import itertools
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sympy as sp

from derivax import documents
from derivax.answerkeys import DEFAULT_LIMITS, GradingError, Key, KeyForm, _family
from derivax.assignment import Assignment
from derivax.evidence import Verdict, short
from derivax.isolation import ErrorLog, guarded
from derivax.judge import (
    FOREIGN_ADVICE,
    FOREIGN_NOTE,
    FOREIGN_RELATION,
    Judgement,
    as_matrices_too,
    checked_within,
    equivalent_expressions,
    foreign_names,
    matrices_disagree,
    read_as_key_names,
)
from derivax.latex import (
    LatexError,
    Parsed,
    alternative_readings,
    functions_named,
    parse,
    values_assumed,
    values_written,
)
from derivax.limits import TimeLimitExceeded, clock, time_limit
from derivax.safeload import YamlInputError, YamlLimits, load_yaml_text, read_input_file, text_of_bytes
from derivax.steps import StepResult, check_document
from derivax.written import tuple_as_vector

__all__ = [
    "AnswerResult",
    "StudentResult",
    "Submission",
    "default_deadline",
    "grade_all",
    "grade_submission",
    "key_for_answer",
    "load_submission",
    "lost_student",
    "same_answer",
]
MAX_ANSWER_CHARS = 4000
MAX_NAME_CHARS = 1000  # longer student names are cut (with a note); the file name still tells them apart
# Test hook (tests/test_hostile.py): a worker grading the student of this name exits at once, as if killed.
TEST_EXIT_ENV = "DERIVAX_TEST_WORKER_EXIT_ON_STUDENT"


@dataclass(frozen=True)
class AnswerResult:
    problem: str
    status: str  # correct, incorrect, unparsed, undecided, missing
    message: str
    score: float
    max_score: float
    answer: str = ""
    judgement: Judgement | None = None
    read_as: str = ""  # how the answer was read (SymPy's plain text), shown so a misreading is seen at a glance
    mistake: str = ""  # the known mistake (its LaTeX) an incorrect answer is equivalent to, if any

    def _repr_latex_(self) -> str:
        """How a notebook shows it as math (MathJax): the statement or reading, and the verdict in words."""
        from derivax.html import latex_fragment

        return latex_fragment(self)

    def _repr_html_(self) -> str:
        """How a notebook shows it: the same marks and counterexample as derivax's HTML pages."""
        from derivax.html import fragment

        return fragment(self)

    def as_dict(self) -> dict[str, Any]:
        out = {
            "problem": self.problem,
            "status": self.status,
            "message": self.message,
            "score": self.score,
            "max_score": self.max_score,
            "answer": self.answer,
            "read_as": self.read_as,
            "mistake": self.mistake,
        }
        if self.judgement is not None:
            out["judgement"] = self.judgement.as_dict()
        return out


@dataclass(frozen=True)
class Submission:
    student: str
    answers: dict[str, str]
    source: str = ""
    rejected: dict[str, str] = field(default_factory=dict)  # problem -> why its answer is not LaTeX text
    digest: str = ""  # SHA-256 of the file's bytes, taken before it was read (see load_submission); "" if unreadable
    document: str = ""  # a Markdown/LaTeX submission's text: its derivation's steps are judged too


@dataclass(frozen=True)
class StudentResult:
    student: str
    source: str
    results: list[AnswerResult] = field(default_factory=list)
    error: str = ""
    steps: list[StepResult] = field(default_factory=list)  # a document submission's steps, judged (no points)

    def _repr_html_(self) -> str:
        """How a notebook shows it: the same marks and counterexample as derivax's HTML pages."""
        from derivax.html import fragment

        return fragment(self)

    @property
    def score(self) -> float:
        return sum(r.score for r in self.results)

    @property
    def max_score(self) -> float:
        return sum(r.max_score for r in self.results)


def _not_text(value: Any) -> str:
    """Why an answer that YAML did not read as text is refused (never graded through ``str()``).

    ``str()`` would grade a list as an interval, ``010`` as 8 and ``1.10`` as 1.1: not what the
    student wrote. Quoting the answer keeps it exactly as written.
    """
    kind = {bool: "true/false", int: "number", float: "number", list: "list", dict: "mapping"}.get(type(value), type(value).__name__)
    hint = " (put the answer in quotes, e.g. '4')" if isinstance(value, int | float) and not isinstance(value, bool) else ""
    return f"not a LaTeX string: YAML read this answer as a {kind}{hint}"


def _student_name(value: Any, path: str | Path) -> str:
    """The student's name as text, cut to :data:`MAX_NAME_CHARS` for display."""
    if value is None or value == "":
        return Path(path).stem
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise GradingError(f"{path}: 'student' must be a name (text), not a {type(value).__name__}")
    name = str(value)
    if len(name) > MAX_NAME_CHARS:
        name = name[:MAX_NAME_CHARS] + f"... ({len(name)} characters; cut at {MAX_NAME_CHARS})"
    return name


DOCUMENT_SUFFIXES = (".md", ".markdown", ".tex", ".txt")


def load_submission(path: str | Path, limits: YamlLimits = DEFAULT_LIMITS) -> Submission:
    """Read one submission; raise :class:`GradingError` saying what is wrong with it.

    A YAML file gives the answers. An answer that is not text (a number, list, mapping or boolean)
    is kept out of ``answers`` and recorded in ``rejected`` with the reason; the student's other
    answers are graded. A Markdown/LaTeX document (``.md``, ``.tex``, ``.txt``) is a whole
    submission: its ``derivax: answer ID: LATEX`` directives are the answers, and every step of its
    derivations is judged (:func:`derivax.steps.check_document`) and shown in the feedback.
    """
    try:  # a regular file, no link, read once: its digest names the very bytes graded (a FIFO blocked the class)
        raw = read_input_file(path, limits.max_bytes, limits.size_flag, links=False)
        digest = hashlib.sha256(raw).hexdigest()
        if Path(path).suffix.lower() in DOCUMENT_SUFFIXES:
            return _load_document(path, text_of_bytes(raw, path, "Markdown or LaTeX", document=True), digest)
        data = load_yaml_text(text_of_bytes(raw, path, "YAML"), str(path), limits)
    except YamlInputError as error:
        raise GradingError(str(error)) from None
    if data is None:
        raise GradingError(f"{path}: the file is empty; expected {{student: NAME, answers: {{PROBLEM_ID: LATEX}}}}")
    if not isinstance(data, dict) or "answers" not in data:
        raise GradingError(f"{path}: expected a mapping with 'student' and 'answers' keys")
    answers = data.get("answers") or {}
    if not isinstance(answers, dict):
        raise GradingError(f"{path}: 'answers' must map problem ids to LaTeX strings")
    student = _student_name(data.get("student"), path)
    _within_answer_limit(path, len(answers))
    texts: dict[str, str] = {}
    rejected: dict[str, str] = {}
    for k, v in answers.items():
        if v is None or isinstance(v, str):
            texts[str(k)] = v or ""
        else:
            rejected[str(k)] = _not_text(v)
    return Submission(student, texts, str(path), rejected, digest)


def _load_document(path: str | Path, text: str, digest: str) -> Submission:
    """A Markdown/LaTeX submission: the student is the file's stem, the answers its answer directives."""
    conflicts = documents.conflicting_answers(text, _read_alike)  # answered twice, differently: neither is graded
    given = {problem: answer for problem, answer in documents.answers(text).items() if problem not in conflicts}
    _within_answer_limit(path, len(given) + len(conflicts))
    return Submission(Path(path).stem, given, str(path), conflicts, digest, document=text)


def _read_alike(answers: list[str]) -> bool:
    """Whether every one of a problem's answers reads as the same object (a few, each within the parse's limits)."""
    if len(answers) > 4:
        return False
    try:
        readings = [parse(a) for a in answers]
    except LatexError:
        return False
    return all(r.kind == readings[0].kind and r.expr == readings[0].expr for r in readings)


MAX_ANSWERS = 2_000  # answers in one submission: far above any assignment's problems


def _within_answer_limit(path: str | Path, count: int) -> None:
    """Refuse a submission with more than :data:`MAX_ANSWERS` answers (66,000 answer lines to problems outside the
    rubric made a 28 MB page, a 13 MB results.json and a megabyte line on the terminal, for one student)."""
    if count > MAX_ANSWERS:
        raise GradingError(f"{path}: {count:,} answers; a submission is limited to {MAX_ANSWERS:,}")


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
    written, latex = latex, tuple_as_vector(latex, key.expr)  # (1, 2) for a vector key: a vector, no interval
    if latex != written:
        graded = grade_answer(key, latex, timeout_s=timeout_s, undecided_credit=undecided_credit, seed=seed)
        return dataclasses.replace(graded, answer=written)
    values = _value_letters(key)
    if values & values_assumed(key.assume):
        # the key's own assumptions make the letter a value (\sigma > 0): the answer is read so, whatever its verdict (an
        # incorrect \sigma(2\pi) was shown as the logistic at 2 pi: probe helper-176)
        return _graded_within(key, latex, values, timeout_s, undecided_credit, seed)
    graded = _graded_within(key, latex, frozenset(), timeout_s, undecided_credit, seed)
    if values and graded.status in ("undecided", "unparsed", "incorrect"):
        # a letter the key writes as a value (g in g\frac{1 - \mu^t}{1 - \mu}, a standard deviation sigma) read as one in the
        # answer too: g(1 - \mu^t), \sigma(2\pi)^{1/2} as products (probe helpers 143, 146). Only to credit: read so, an
        # answer that is incorrect keeps its first verdict, since the student may have meant g applied (w - \eta g(w) for
        # w - \eta g stays undecided; review helper-148)
        again = _graded_within(key, latex, values, timeout_s, undecided_credit, seed)
        if again.status == "correct":
            named = ", ".join(sorted(values))
            return dataclasses.replace(again, message=f"{again.message}; reading {named} as a value before parentheses, as the key does")
    return graded


def _value_letters(key: Key) -> frozenset[str]:
    r"""The letters among f, g, h, ell and sigma the key writes as values and never applies (\sigma\,\sigma(a), f(1 - f)
    keep their calls), and those its assumptions write alone (\sigma > 0), whatever the key applies."""
    return values_written(key.expr, key.latex) | (values_assumed(key.assume) & {s.name for s in getattr(key.expr, "free_symbols", ())})


def _graded_within(key: Key, latex: str, values: frozenset[str], timeout_s: float, undecided_credit: float, seed: int) -> AnswerResult:
    """:func:`grade_answer` of an answer read with ``values`` (letters read as values before parentheses), in its time."""
    try:
        with functions_named(frozenset(), values):
            parsed = parse(latex)
    except LatexError as error:
        return AnswerResult(key.problem, "unparsed", str(error), 0.0, key.points, latex)
    if "".join(latex.split()) == "".join(key.latex.split()) and isinstance(key.expr, sp.Expr) and parsed.expr == key.expr:
        # the key as written, read the same: correct without weighing it (a slow integral in the key took the answer
        # past its limit, and a verbatim answer was undecided: review helper-140)
        verbatim = "equivalent to the key (the key as written)"
        return AnswerResult(key.problem, "correct", verbatim, key.points, key.points, latex, read_as=parsed.read_as)
    try:
        # the answer's whole work, as equiv's pair: each part kept its own share, and an integral's closed form and
        # quadratures at every point added up to 11 s of CPU for a 1 s limit (probe helper-121)
        with time_limit(timeout_s), functions_named(frozenset(), values):
            return dataclasses.replace(_graded(key, latex, parsed, timeout_s, undecided_credit, seed), read_as=parsed.read_as)
    except TimeLimitExceeded:
        message = f"timed out after {timeout_s:g} s of CPU"
        return AnswerResult(key.problem, "undecided", message, undecided_credit * key.points, key.points, latex, read_as=parsed.read_as)


def _graded(key: Key, latex: str, parsed: Parsed, timeout_s: float, undecided_credit: float, seed: int) -> AnswerResult:
    """:func:`grade_answer` of an answer read as ``parsed``, without its time limit."""
    key, parsed = _families_put_in(key, parsed)
    if not isinstance(key.expr, sp.Expr):  # an instructor's equation, inequality or set
        if _family(parsed.kind) == "expression":
            result = _value_of_a_solved_key(key, latex, parsed, timeout_s, undecided_credit, seed) or _kind_mismatch(
                key, latex, parsed, _object_kind(key.expr)
            )
        else:
            result = _grade_as_objects(key, latex, timeout_s, undecided_credit, seed)
    elif key.forms or _family(parsed.kind) != "expression":
        result = _grade_against_forms(key, latex, parsed, timeout_s, undecided_credit, seed)
    else:
        result = _grade_expression(key, latex, parsed, timeout_s, undecided_credit, seed)
    if result.status == "incorrect" and key.mistakes:
        result = _known_mistake(key, result, latex, parsed, timeout_s, seed)
    elif result.status in ("correct", "undecided") and key.mistakes:
        result = _listed_as_mistake(key, result, parsed)
    restated = _operations_left(key, parsed) if result.status == "correct" else ""
    if restated:  # \frac{d}{dw}\ln(1 + e^w) for the key \sigma(w): equal, and the question itself (probe helper-114)
        restated = f"the answer still has {restated} to carry out, which the key does not"
    elif result.status == "correct" and _unsolved(key, parsed):
        restated = "the answer is a relation still to be solved, where the key gives the solutions"
    if restated:
        message = f"{result.message}; but {restated}: a person decides"
        result = dataclasses.replace(result, status="undecided", message=message, score=undecided_credit * key.points)
    foreign = foreign_names(parsed.symbols, _known_names(key), getattr(key.expr, "free_symbols", ()))
    if result.status == "incorrect" and not result.mistake and foreign:
        result = _in_other_names(key, result, parsed, foreign, timeout_s, undecided_credit, seed)
    held = result.judgement is not None and result.judgement.verdict is not Verdict.UNDECIDED
    if result.status == "undecided" and held:  # the comparison's verdict, withdrawn: the JSON never says both
        withdrawn = dataclasses.replace(result.judgement, verdict=Verdict.UNDECIDED, reason=result.message)
        result = dataclasses.replace(result, judgement=withdrawn)
    return result


def _families_put_in(key: Key, parsed: Parsed) -> tuple[Key, Parsed]:
    r"""Key and answer with each family the key assumes (``\eta_t = \frac{1}{\sqrt t}``) put into their entries, as
    ``check`` and ``equiv`` put it in: the answer ``\eta_4`` for the key 1/2 was incorrect "at eta_4 = 0" (review
    helper-196 R13); both as they are where none applies."""
    if not key.assume:
        return key, parsed
    from derivax.judge import families_put_in
    from derivax.latex import LatexError, parse

    assumptions = []
    for text in key.assume:
        try:
            assumptions.append(parse(text))
        except LatexError:  # the key file's own condition, refused when the key was read: nothing to put in
            continue
    answer, used = families_put_in(parsed, assumptions)
    if not used or not isinstance(key.expr, sp.Basic):
        return key, parsed
    keyed, _ = families_put_in(Parsed(key.latex, key.expr, "expression"), assumptions)
    return dataclasses.replace(key, expr=keyed.expr), answer


def _in_other_names(
    key: Key, result: AnswerResult, parsed: Parsed, foreign: list[str], timeout_s: float, undecided_credit: float, seed: int
) -> AnswerResult:
    """An incorrect answer in names the key does not use (judge.read_as_key_names): undecided where those names, read as
    the key's, make it the key (a_j - y_j for a - y) or where it is no expression; else incorrect, and it says so."""
    undecided = functools.partial(dataclasses.replace, result, status="undecided", score=undecided_credit * key.points)
    names = ", ".join(foreign)
    if isinstance(key.expr, sp.Expr) != (_family(parsed.kind) == "expression"):
        return result  # an equation for an expression: wrong in kind, whatever its names
    if not isinstance(key.expr, sp.Expr):
        return result  # a relation or a set: equiv judged it, its names read as the key's too (equiv._relation_in_key_names)
    # the answer as written, and as its other readings give it (\sigma(1 - \sigma): sigma times 1 - sigma too)
    readings = [parsed.expr] + [parsed.expr.xreplace(sub) for _, sub in alternative_readings(parsed.expr, parsed.second_readings)]
    budget = min(3.0, timeout_s)
    found = [read_as_key_names(key.expr, in_key_names(r, key), foreign, key.domains, seed, budget, key.spelled) for r in readings]
    renamed = next((r for r in found if r), "")
    if renamed:
        return undecided(message=f"{result.message}; {FOREIGN_ADVICE % (names, renamed)}")
    if None in found:  # too many readings to try them all: nothing known
        return undecided(message=f"{result.message}; {FOREIGN_RELATION % names}")
    return dataclasses.replace(result, message=result.message + FOREIGN_NOTE % names)


_OPERATIONS = (
    (sp.Derivative, "a derivative"),
    (sp.Limit, "a limit"),
    (sp.Integral, "an integral"),
    (sp.Sum, "a sum"),
    (sp.Product, "a product"),
)


def _operations_left(key: Key, parsed: Parsed) -> str:
    """The operations an answer writes and the key does not (a derivative, a limit, an integral, a sum, a product):
    an answer equal to the key that is still the question (\\lim_{n \\to \\infty}(1 + 1/n)^n for e, \\frac{d}{dw}
    \\ln(1 + e^w) for \\sigma(w)) is no worked answer a grader credits; "" where there is none."""
    exprs = [e for e in (parsed.expr if isinstance(parsed.expr, tuple) else (parsed.expr,)) if isinstance(e, sp.Basic)]
    key_exprs = [e for e in (key.expr if isinstance(key.expr, tuple) else (key.expr,)) if isinstance(e, sp.Basic)]
    key_forms = [f.expr for f in key.forms if isinstance(f.expr, sp.Basic)]
    left = [
        word
        for kind, word in _OPERATIONS
        if any(e.has(kind) for e in exprs) and not any(e.has(kind) for e in key_exprs + key_forms)
    ]
    # \sigma'(z) for the key \sigma(z)(1 - \sigma(z)): the prime on a known function is worked out while reading, so no
    # derivative is left to see, and the question restated had full marks (probe helper-134)
    key_texts = [key.latex, *(f.latex for f in key.forms)]
    primed = _PRIME_APPLIED.search(parsed.text or "") and not any(_PRIME_APPLIED.search(t) for t in key_texts)
    if primed and "a derivative" not in left and not any(e.has(sp.Derivative) for e in key_exprs + key_forms):
        left.insert(0, "a derivative")
    return " and ".join(left)


# a prime on a function applied: \sigma'(z), f''(x), \tanh^{\prime}(z), \operatorname{softplus}'(z)
_PRIME_APPLIED = re.compile(r"(?:'+|\^\s*\{?\s*(?:\\prime\s*)+\}?)\s*(?:\\left\s*)?\(")


def _solved(expr: object, numbers: bool = False) -> bool:
    """Whether a relation is solved: a set, ``x = c`` (or ``x > c``, ``x \\le c``, ...) with no x in c, or an "or" /
    "and" of those; with ``numbers``, every c a number (y = mx + c is a line, as much a key as y - mx = c)."""
    if isinstance(expr, sp.Set):
        return not numbers or not expr.free_symbols
    if isinstance(expr, (sp.Or, sp.And)):
        return all(_solved(arg, numbers) for arg in expr.args)
    if isinstance(expr, sp.core.relational.Relational):
        return any(
            isinstance(side, sp.Symbol) and side not in other.free_symbols and not (numbers and other.free_symbols)
            for side, other in (expr.args, expr.args[::-1])
        )
    return False


def _unsolved(key: Key, parsed: Parsed) -> bool:
    """Whether the answer is an equation or inequality still to be solved where the key gives its solutions (x^2 - x -
    6 = 0 for x = 3 or x = -2, 2x = 4 for x = 2, 2x > 4 for x > 2): the same solution set, and the question restated."""
    relations = (sp.Set, sp.core.relational.Relational, sp.Or, sp.And)
    key_expr, answer = (sp.And(*e) if isinstance(e, tuple) else e for e in (key.expr, parsed.expr))  # -2 < x < 2: a chain
    solved_key = isinstance(key_expr, relations) and _solved(key_expr, numbers=True)
    return solved_key and isinstance(answer, relations[1:]) and not _solved(answer)


def _known_names(key: Key) -> set[str]:
    """The names a problem knows: its key's and its accepted forms' symbols (spellings included)."""
    return set(key.rename) | {name for form in key.forms for name in form.names}


def _listed_as_mistake(key: Key, result: AnswerResult, parsed: Parsed) -> AnswerResult:
    """A correct or undecided answer that is, as read, one of the key's known mistakes: the instructor's list wins. The
    key 1/3 with the mistake 0.3 graded the answer 0.3 correct (0.3 is 1/3 to the digit written) and never used the
    mistake; since one significant digit confirms within 1 % only, 0.3 is undecided against 1/3, and the list decides."""
    for mistake in key.mistakes:
        against = key_for_answer(key, mistake.latex, mistake.expr)
        if isinstance(against.expr, sp.Basic) and isinstance(parsed.expr, sp.Basic) and against.expr == parsed.expr:
            feedback = mistake.feedback.strip() or "a known mistake"
            how = result.judgement.method if result.judgement is not None else "compared"
            agrees = f"; it agrees with the key only as {how}" if result.status == "correct" else ""
            message = f"{feedback} (your answer is the known mistake {mistake.latex}, which the key lists{agrees})"
            return dataclasses.replace(result, status="incorrect", message=message, score=mistake.points, mistake=mistake.latex)
    return result


def in_key_names(expr: Any, key: Key) -> Any:
    """An answer's symbols replaced by the key's of the same name (with the key's assumptions), except where one is a
    matrix or vector (not commutative) and the other a number: w^T w for the key \\|w\\|^2 lost its vector w and was
    undecided, where ``equiv`` proved it on random vectors (probe helper-115)."""
    if not isinstance(expr, sp.Basic):
        return expr
    names = {s: key.rename[s.name] for s in expr.free_symbols if getattr(s, "name", None) in key.rename}
    return expr.xreplace({s: k for s, k in names.items() if s.is_commutative == k.is_commutative or s.is_commutative})


def key_for_answer(key: Key, latex: str, expr: Any) -> Key:
    """``key`` with another answer (a known mistake, a classmate's answer) in place of its own.

    The problem's domains, assumptions and spellings stay: "equivalent to this answer" means what
    "equivalent to the key" means, by the same comparison.
    """
    if isinstance(expr, sp.Basic):
        expr = in_key_names(expr, key)
    return dataclasses.replace(key, expr=expr, latex=latex, forms=(), mistakes=())


def same_answer(key: Key, first: str, second: str, *, timeout_s: float = 2.0, seed: int = 0) -> bool:
    """Whether two answers to ``key``'s problem are equivalent (``correct`` one against the other).

    False when they differ or when the comparison does not settle it: grouping answers never
    merges two that were not shown equivalent.
    """
    try:
        expr = parse(first).expr
    except LatexError:
        return False
    result = grade_answer(key_for_answer(key, first, expr), second, timeout_s=timeout_s, seed=seed)
    return result.status == "correct"


def _known_mistake(key: Key, result: AnswerResult, latex: str, parsed: Parsed, timeout_s: float, seed: int) -> AnswerResult:
    """An incorrect answer equivalent to one of the key's known mistakes: that mistake's feedback and points."""
    for mistake in key.mistakes:
        against = key_for_answer(key, mistake.latex, mistake.expr)
        if isinstance(against.expr, sp.Expr) and parsed.kind == "expression":
            match = _grade_expression(against, latex, parsed, timeout_s, 0.0, seed)
        elif not isinstance(against.expr, sp.Expr) and _family(parsed.kind) != "expression":
            match = _grade_as_objects(against, latex, timeout_s, 0.0, seed)
        else:
            continue
        if match.status == "correct":
            how = match.judgement.method if match.judgement is not None else "equivalent"
            feedback = mistake.feedback.strip() or "a known mistake"
            message = f"{feedback} (your answer is equivalent to the known mistake {mistake.latex}, {how}). {result.message}"
            return dataclasses.replace(result, message=message, score=mistake.points, mistake=mistake.latex)
    return result


def _object_kind(expr: Any) -> str:
    """What an instructor's non-expression key is, in words."""
    if isinstance(expr, sp.Set):
        return "set"
    if isinstance(expr, sp.Eq):
        return "equation"
    if isinstance(expr, sp.core.relational.Relational | tuple):
        return "inequality"
    return "relation"


def _answer_kind(parsed: Parsed) -> str:
    """The kind of a student's answer, in words: an expression, an equation, an inequality, a set."""
    if parsed.kind == "expression":
        return "expression"
    if parsed.kind == "relation" and isinstance(parsed.expr, sp.Eq):
        return "equation"
    if parsed.kind in ("relation", "chain"):
        return "inequality"
    return {"logic": "combination of relations (and/or/not)", "set": "set"}.get(parsed.kind, parsed.kind)


def _a(words: str) -> str:
    return f"an {words}" if words[0] in "aeiou" else f"a {words}"


def _expected(key: Key) -> str:
    """What kinds of answer a key accepts, without giving the answer away: its kinds and the names it uses."""
    kinds = ["expression"] if isinstance(key.expr, sp.Expr) else [_object_kind(key.expr)]
    if any(f.kind == "condition" for f in key.forms) and "expression" in kinds:
        kinds.append("relation")
    names = sorted({key.spelled(s.name) for s in getattr(key.expr, "free_symbols", ())})
    what = " or ".join(_a(k) for k in kinds)
    if kinds == ["expression"]:
        what += f" in {', '.join(names)}" if names else " (a number)"
    return what


def _kind_mismatch(key: Key, latex: str, parsed: Parsed, expected: str = "") -> AnswerResult:
    """An answer of a kind the key has no form of: ``incorrect``, with what was expected and what was given."""
    expected = _a(expected) if expected else _expected(key)
    given = _answer_kind(parsed)
    if given == "expression":
        advice = "write the condition itself (with =, <, \\le, ...), not only a value"
    elif given == "set":
        advice = "write the value or formula itself, not a set"
    else:
        advice = "write the value or formula alone, without = or an inequality sign"
    message = f"{expected} was expected; your answer is {_a(given)} ({advice})"
    return AnswerResult(key.problem, "incorrect", message, 0.0, key.points, latex)


def _grade_against_forms(key: Key, latex: str, parsed: Parsed, timeout_s: float, undecided_credit: float, seed: int) -> AnswerResult:
    """A claim's key with its accepted forms: correct if the answer is equivalent to any form of its kind.

    Each form of the answer's kind is tried in order (for an expression, the key itself first). If
    none matches: ``undecided`` if any comparison was (a form it might match), else ``incorrect``
    with the counterexample of the form whose names are closest to the answer's (so ``a + y`` is
    refuted against ``a - y``, not against ``a_j - y_j``). An answer of a kind no form has is a
    kind mismatch (:func:`_kind_mismatch`, or :func:`_equation_with_a_matching_side`).
    """
    family = _family(parsed.kind)
    candidates: list[KeyForm | None] = [None] if family == "expression" else []
    wanted = "expression" if family == "expression" else "condition"  # a set is compared with the relations
    candidates += [f for f in key.forms if f.kind == wanted]
    if not candidates:
        return _equation_with_a_matching_side(key, latex, parsed, timeout_s, undecided_credit, seed)
    tried: list[tuple[KeyForm | None, AnswerResult]] = []
    for form in candidates:
        result = _against_form(key, form, latex, parsed, timeout_s, undecided_credit, seed)
        if result.status == "correct":
            return result
        tried.append((form, result))
    for form, result in tried:
        if result.status != "incorrect":
            where = "the key" if form is None else "an accepted form"
            return dataclasses.replace(result, message=f"not decided against {where}: {result.message}")
    answer_names = {s.name for s in parsed.symbols}

    def unknown_names(entry: tuple[KeyForm | None, AnswerResult]) -> int:
        form = entry[0]
        known = set(key.rename) if form is None else form.names
        return len(answer_names - known)

    return min(tried, key=unknown_names)[1]


def _against_form(
    key: Key, form: KeyForm | None, latex: str, parsed: Parsed, timeout_s: float, undecided_credit: float, seed: int
) -> AnswerResult:
    """The answer against the key itself (``form`` None) or one accepted form of the same kind."""
    if form is None:
        return _grade_expression(key, latex, parsed, timeout_s, undecided_credit, seed)
    if form.kind == "expression":
        rename = {**key.rename, **{s.name: s for s in form.expr.free_symbols if s.name not in key.rename}}
        form_key = dataclasses.replace(key, expr=form.expr, latex=form.latex, rename=rename, forms=())
        result = _grade_expression(form_key, latex, parsed, timeout_s, undecided_credit, seed)
        if result.status == "correct":
            method = result.judgement.method if result.judgement is not None else "equivalent"
            return dataclasses.replace(result, message=f"equivalent to the accepted form {form.latex} ({method}); {form.note}")
        return result
    return _against_condition(key, form, latex, timeout_s, undecided_credit, seed)


def _against_condition(key: Key, form: KeyForm, latex: str, timeout_s: float, undecided_credit: float, seed: int) -> AnswerResult:
    """A relation (or set) answer against a relation form: the same solution set under the claim's domains."""
    from derivax.equiv import DIFFERENT, EQUIVALENT, describe, equivalent

    result = equivalent(form.latex, latex, list(form.assume), timeout_s=timeout_s, seed=seed)
    if result["verdict"] == EQUIVALENT:
        message = f"equivalent to the accepted form {form.latex} ({result['method']}); {form.note}"
        return AnswerResult(key.problem, "correct", message, key.points, key.points, latex)
    if result["verdict"] == DIFFERENT:
        outside = _outside_domains(key, result.get("witness") or {})
        if outside:
            reason = f"the only difference found ({describe(result)}) is outside the problem's domain: {outside}"
            return AnswerResult(key.problem, "undecided", reason, undecided_credit * key.points, key.points, latex)
        return AnswerResult(key.problem, "incorrect", describe(result), 0.0, key.points, latex)
    reason = result.get("reason") or describe(result)
    return AnswerResult(key.problem, "undecided", reason, undecided_credit * key.points, key.points, latex)


def _outside_domains(key: Key, witness: Mapping[str, Any]) -> str:
    """The values of a witness point that lie outside their symbol's domain (an integer range, say), or ""."""
    out = []
    for name, value in (witness.get("at") or {}).items():
        symbol = key.rename.get(name)
        if symbol is None or symbol not in key.domains.sets or isinstance(value, bool) or not isinstance(value, int | float):
            continue
        number = sp.Integer(value) if isinstance(value, int) else sp.Float(value)
        if key.domains.sets[symbol].contains(number) is not sp.true:
            out.append(f"{key.spelled(symbol.name)} = {short(value)} is not in {key.domains.sets[symbol]}")
    return "; ".join(out)


def _value_of_a_solved_key(
    key: Key, latex: str, parsed: Parsed, timeout_s: float, undecided_credit: float, seed: int
) -> AnswerResult | None:
    """An expression answering a key solved for a name (``\\ln 2`` for ``x = \\ln 2``): ``undecided`` where it is the
    key's value (the answer left out "x ="; a person says whether the problem asked for the equation), else None.
    The mirror of :func:`_equation_with_a_matching_side` (it was ``incorrect`` by kind: a right value graded wrong)."""
    from derivax.equiv import names_a_value, value_alone, value_name_text

    expr = key.expr
    if not isinstance(expr, sp.Eq):
        return None
    answer = in_key_names(parsed.expr, key)
    for name, value in ((expr.lhs, expr.rhs), (expr.rhs, expr.lhs)):
        if not (names_a_value(name) and isinstance(value, sp.Expr) and not value.has(name)):
            continue  # x = \ln 2, f(x) = x^2, \frac{\partial L}{\partial w} = (\hat{y} - y)x: a name and its value
        judgement = equivalent_expressions(value, answer, key.domains, timeout_s=timeout_s, seed=seed, numbers=tuple(parsed.numbers))
        if judgement.verdict in (Verdict.PROVED, Verdict.CONFIRMED):
            spelled = key.spelled(name.name) if isinstance(name, sp.Symbol) else value_name_text(name)
            reason = f"{_expected(key)} was expected and your answer is an expression. {value_alone(spelled, judgement.method)}"
            return AnswerResult(key.problem, "undecided", reason, undecided_credit * key.points, key.points, latex, judgement)
    return None


def _equation_with_a_matching_side(
    key: Key, latex: str, parsed: Parsed, timeout_s: float, undecided_credit: float, seed: int
) -> AnswerResult:
    """A relation where only expressions are accepted: explained; ``undecided`` if it is ``NAME = answer``.

    ``\\delta_j = a_j - y_j`` has the right expression on one side, but what ``\\delta_j`` names is
    not something the grader can check (``\\frac{\\partial C}{\\partial a_j} = a_j - y_j`` is false):
    a person should look, so the answer is neither marked right nor wrong.
    """
    from derivax.equiv import chain_work, side_alone

    mismatch = _kind_mismatch(key, latex, parsed)
    # \sigma(0)(1 - \sigma(0)) = \frac12 \cdot \frac12 = \frac14: the work shown in the answer, a chain of equations ending
    # in the value (it was incorrect, "an inequality": probe helper-176); a false link makes the whole answer incorrect
    work = chain_work(parsed)  # (y = 2 + 2 = 4: the first side names the result, no claim: review helper-178)
    if not (work is not None or (parsed.kind == "relation" and isinstance(parsed.expr, sp.Eq))) or not isinstance(key.expr, sp.Expr):
        return mismatch
    if work is not None:
        links = checked_within(work, timeout_s=timeout_s, seed=seed)
        if links.verdict is Verdict.REFUTED:
            ce = links.counterexample
            at = ", ".join(f"{k} = {v}" for k, v in ce.coordinates().items()) if ce is not None else ""
            where = f" ({'at ' + at + ': ' if at else ''}{short(ce.lhs)} against {short(ce.rhs)})" if ce is not None else ""
            reason = f"your answer is a chain of equations, and a link of it is false{where}"
            return AnswerResult(key.problem, "incorrect", reason, 0.0, key.points, latex, links)
        mismatch = dataclasses.replace(mismatch, message=f"{_expected(key)} was expected; your answer is a chain of equations")
        ends = (("last", parsed.expr[-1].rhs), ("first", parsed.expr[0].lhs))
    else:
        ends = (("right", parsed.expr.rhs), ("left", parsed.expr.lhs))
    doubtful = None  # a side that may be the key (w_t for w: "a person should look"), where none is
    for which, side in ends:
        alone = dataclasses.replace(parsed, expr=side, kind="expression")
        candidates = [None, *(f for f in key.forms if f.kind == "expression")]
        for form in candidates:
            result = _against_form(key, form, latex, alone, timeout_s, undecided_credit, seed)
            foreign = foreign_names(alone.symbols, _known_names(key), key.expr.free_symbols) if form is None else []
            if result.status == "incorrect" and foreign:  # w_t - \eta\lambda w_t for (1 - \eta\lambda) w: the key in other names
                result = _in_other_names(key, result, alone, foreign, timeout_s, undecided_credit, seed)
                if result.status == "undecided" and doubtful is None:
                    # only a side that may be the key in other names: a side undecided for another reason (f'(x), a
                    # derivative of a function defined elsewhere) says nothing of f'(x) = x for the key 2x (probe helper-135)
                    doubtful = (which, result.message)
            if result.status == "correct":
                reason = f"{mismatch.message}. {side_alone(which, result.message)}"
                return AnswerResult(key.problem, "undecided", reason, undecided_credit * key.points, key.points, latex)
    if doubtful is not None:
        # w_{t+1} = w_t - \eta\lambda w_t for the key (1 - \eta\lambda) w: its right side is the key with w_t for w,
        # undecided on its own, and the answer was marked incorrect (0 points) as an equation (probe helper-134)
        which, message = doubtful
        reason = f"{mismatch.message}. Its {which}-hand side alone is not decided: {message}"
        return AnswerResult(key.problem, "undecided", reason, undecided_credit * key.points, key.points, latex)
    return mismatch


def _grade_expression(key: Key, latex: str, parsed: Parsed, timeout_s: float, undecided_credit: float, seed: int) -> AnswerResult:
    """An expression key: equal as real functions under the claim's domains (derivax.judge)."""
    if parsed.kind != "expression":
        return AnswerResult(key.problem, "incorrect", f"expected an expression, got a {parsed.kind}", 0.0, key.points, latex)
    answer = in_key_names(parsed.expr, key)
    own = (_key_readings(key), _renamed(parsed.second_readings, key.rename))
    numbers, key_numbers = tuple(parsed.numbers), _written_numbers(key.latex)
    written = (_written_domain(key.latex), parsed.conditions_written)
    judgement = equivalent_expressions(
        key.expr, answer, key.domains, timeout_s=timeout_s, seed=seed, numbers=numbers, own=own, key_numbers=key_numbers, written=written
    )
    held = judgement.verdict in (Verdict.PROVED, Verdict.CONFIRMED)
    doubt = matrices_disagree(as_matrices_too(key.latex, latex, seed=seed)) if held else ""
    if doubt:  # \theta - \epsilon g H^{-1} against \theta - \epsilon H^{-1} g: equal for numbers only
        return AnswerResult(key.problem, "undecided", doubt, undecided_credit * key.points, key.points, latex, judgement)
    if judgement.verdict in (Verdict.PROVED, Verdict.CONFIRMED):
        return AnswerResult(key.problem, "correct", f"equivalent to the key ({judgement.method})", key.points, key.points, latex, judgement)
    if judgement.verdict is Verdict.REFUTED:
        from derivax.equiv import key_rounded

        units = key_rounded(key.expr, answer, latex, key_numbers, numbers)
        if units:  # 141 for 100\sqrt{2}: the key rounded to units, or a slip (it was incorrect: probe helper-176)
            return AnswerResult(key.problem, "undecided", units, undecided_credit * key.points, key.points, latex, judgement)
        ce = judgement.counterexample
        # (every digit the point needs: x = 1 was shown for a failure at 1.0000005, where key and answer agree: helper-151)
        point = ", ".join(f"{key.spelled(k)} = {v}" for k, v in ce.coordinates().items())
        entry = ce.note.split(";")[0] if ce.note.startswith("entry ") else ""  # a written matrix: which entry differs
        where = f"{point or 'every point'}{f' ({entry})' if entry else ''}"
        values = short(ce.lhs), short(ce.rhs)
        if values[0] == values[1] and ce.point is not None:  # + 10^{-12}: "key = 0.25, answer = 0.25"; the digits where they part
            from derivax.equiv import expression_witness

            digits = expression_witness(key.expr, answer, ce.point, (ce.lhs, ce.rhs)).get("digits")
            values = (digits["key"], digits["answer"]) if digits else values
        message = f"differs from the key at {where}: key = {values[0]}, answer = {values[1]}"
        return AnswerResult(key.problem, "incorrect", message, 0.0, key.points, latex, judgement)
    return AnswerResult(key.problem, "undecided", judgement.reason, undecided_credit * key.points, key.points, latex, judgement)


def _renamed(readings: tuple | None, rename: Mapping[str, Any]) -> tuple | None:
    """An input's own second readings in the key's symbols (the answer is renamed to them before it is compared)."""
    if readings is None:
        return None

    def to_key(e: Any) -> Any:
        return e.xreplace({s: rename[s.name] for s in e.free_symbols if s.name in rename}) if isinstance(e, sp.Basic) else e

    return tuple((to_key(node), mark, to_key(other)) for node, mark, other in readings)


def _key_readings(key: Key) -> tuple:
    """The key's own second readings, where its LaTeX reads to its expression (else none: a claim's target)."""
    try:
        parsed = parse(key.latex)
    except LatexError:
        return ()
    return (parsed.second_readings or ()) if parsed.expr == key.expr else ()


@functools.lru_cache(maxsize=256)
def _written_domain(latex: str) -> tuple:
    """Where a key's LaTeX as written is defined (:attr:`Parsed.domain`); nothing for a claim's own key."""
    try:
        return parse(latex).conditions_written if latex else ()
    except LatexError:
        return ()


@functools.lru_cache(maxsize=256)
def _written_numbers(latex: str) -> tuple[str, ...]:
    """The numbers a key's LaTeX writes (for the digits-written rule); none for a claim's own key."""
    try:
        return tuple(parse(latex).numbers) if latex else ()
    except LatexError:
        return ()


def _grade_as_objects(key: Key, latex: str, timeout_s: float, undecided_credit: float, seed: int) -> AnswerResult:
    """Equations, inequalities, sets: the same solution set as the key (``derivax equiv``)."""
    from derivax.equiv import DIFFERENT, EQUIVALENT, describe, equivalent_judged

    result, judgement = equivalent_judged(key.latex, latex, list(key.assume), timeout_s=timeout_s, seed=seed)
    if result["verdict"] == EQUIVALENT:
        return AnswerResult(key.problem, "correct", f"equivalent to the key ({result['method']})", key.points, key.points, latex, judgement)
    if result["verdict"] == DIFFERENT:
        return AnswerResult(key.problem, "incorrect", describe(result), 0.0, key.points, latex, _in_words(judgement))
    status = "unparsed" if result.get("method") == "input" else "undecided"
    reason = result.get("reason") or describe(result)
    return AnswerResult(key.problem, status, reason, undecided_credit * key.points, key.points, latex, judgement)


def _in_words(judgement: Judgement | None) -> Judgement | None:
    """A solution-set witness (in the key's set? in the answer's?) with words in place of True/False,
    so that the feedback and the PDF can show it like any counterexample."""
    ce = judgement.counterexample if judgement is not None else None
    if ce is None or not isinstance(ce.lhs, bool):
        return judgement

    def words(inside: bool, whose: str) -> str:
        return f"satisfies the {whose}" if inside else f"does not satisfy the {whose}"

    at = {("element" if name == "x_element" else name): v for name, v in ce.at.items()}
    shown = dataclasses.replace(ce, at=at, lhs=words(ce.lhs, "key"), rhs=words(ce.rhs, "answer"))
    return dataclasses.replace(judgement, counterexample=shown)


def grade_submission(
    submission: Submission,
    keys: dict[str, Key],
    cache: dict | None = None,
    *,
    log: ErrorLog | None = None,
    assignment: Assignment | None = None,
    **options: Any,
) -> StudentResult:
    """Grade every problem of the key; ``cache`` shares verdicts on identical answers across students.

    A document's steps are judged under ``assignment`` (an instructor's context file, ``--context``),
    so every student's derivation is read with the same conventions.

    Each answer is graded inside :func:`derivax.isolation.guarded`: an exception is that answer's
    ``undecided`` (its traceback in ``log``), and the student's other answers are still graded.
    """
    results = []
    for problem, key in keys.items():
        if problem in submission.rejected:
            results.append(AnswerResult(problem, "unparsed", submission.rejected[problem], 0.0, key.points))
            continue
        answer = submission.answers.get(problem, "")
        memo = _memo_key(problem, answer)
        if cache is not None and memo in cache:
            results.append(dataclasses.replace(cache[memo], answer=answer))
            continue
        result, failure = guarded(
            lambda key=key, answer=answer: grade_answer(key, answer, **options), f"{submission.source}: {problem}: {answer[:200]!r}", log
        )
        if result is None:
            credit = float(options.get("undecided_credit", 0.0))
            result = AnswerResult(problem, "undecided", failure, credit * key.points, key.points, answer)
        if cache is not None:
            cache[memo] = result
        results.append(result)
    for problem in [*submission.answers, *submission.rejected]:
        if problem not in keys:  # reported, but worth nothing and not counted in max_score
            results.append(
                AnswerResult(
                    problem,
                    "unknown",
                    f"{problem!r} is not a problem of this assignment (graded: {', '.join(keys)}); no points",
                    0.0,
                    0.0,
                    submission.answers.get(problem, ""),
                )
            )
    steps: list[StepResult] = []
    if submission.document:
        judged, failure = guarded(
            lambda: check_document(
                submission.document, timeout_s=DOCUMENT_STEP_TIMEOUT_S, deadline_s=DOCUMENT_DEADLINE_S, log=log, assignment=assignment
            ),
            f"{submission.source}: the derivation",
            log,
        )
        steps = judged if judged is not None else [StepResult("undecided", "", "", "", 0, 0, "document", failure)]
        steps = sorted(steps + _skipped_by_the_student(submission.document), key=lambda r: r.line)
    return StudentResult(submission.student, submission.source, results, steps=steps)


def _skipped_by_the_student(document: str) -> list[StepResult]:
    """Each display the document exempts with ``% derivax: skip``, as a ``skipped`` step: the student wrote the directive,
    so the grader sees what it hid (two wrong displays had vanished from every count, probe helper-142)."""
    try:
        shown = documents.displays(document)
    except Exception:  # the derivation's own reading reports what it could not read
        return []
    why = "not judged: the student's document exempts this display (derivax: skip)"
    return [StepResult("skipped", d.latex[:200], "", "", d.line, d.end_line, "display", why) for d in shown if d.skipped]


# A document's steps: the limits of `derivax steps` (3 s a step); the whole derivation at most 4 minutes.
DOCUMENT_STEP_TIMEOUT_S = 3.0
DOCUMENT_DEADLINE_S = 240.0


def _memo_key(problem: str, answer: str) -> tuple:
    """What an answer's verdict depends on: its reading, not its spelling.

    ``a - a^2`` and ``-a^2 + a`` read to the same SymPy object, so a class where many students wrote
    one answer in different spellings is graded once per reading. The key keeps everything of the
    reading that grading uses besides the object: its kind, the numbers as written (the digits
    rule) and the domain recorded while reading. An answer with a second reading (``a(b+c)``:
    a product, or ``a`` applied), or one that does not parse, keys by its text (whitespace aside):
    second readings are looked up by object, so two spellings of one object need not share them.
    """
    text = " ".join(answer.split())
    if not text or len(answer) > MAX_ANSWER_CHARS:
        return (problem, "text", text)
    try:
        parsed = parse(answer)
        # AB and BA read alike as numbers; a second reading is the answer's own (parse): never shared by equal readings
        if alternative_readings(parsed.expr, parsed.second_readings) or parsed.capital_products:
            return (problem, "text", text)
        return (problem, parsed.kind, sp.srepr(parsed.expr), parsed.numbers, sp.srepr(parsed.domain))
    except Exception:  # any failure to read: the text itself is the key (grade_answer reports the failure)
        return (problem, "text", text)


def lost_student(submission: Submission, keys: dict[str, Key], reason: str, undecided_credit: float = 0.0) -> StudentResult:
    """The result of a student whose grading was lost (worker died, deadline): every answer ``undecided``."""
    results = [
        AnswerResult(p, "undecided", reason, undecided_credit * k.points, k.points, submission.answers.get(p, "")) for p, k in keys.items()
    ]
    return StudentResult(submission.student, submission.source, results, error=reason)


_WORKER_CACHE: dict = {}  # one answer cache per worker process: its own verdicts and those the parent passed on


def _grade_in_worker(
    context: tuple[dict[str, Key], dict[str, Any], ErrorLog | None, Assignment | None], task: tuple[Submission, tuple]
) -> tuple[StudentResult, list[tuple[tuple, AnswerResult]]]:
    """One student in a worker process (:func:`derivax.workerpool.run_pool`).

    ``task`` is the submission and the verdicts other workers found since this one's last task
    (memo key, result); the answer is the student's result and the verdicts this worker found
    for it, for the parent to pass on.
    """
    keys, options, log, assignment = context
    submission, known = task
    _WORKER_CACHE.update(known)
    if os.environ.get(TEST_EXIT_ENV) == submission.student:
        os._exit(137)
    before = len(_WORKER_CACHE)
    student = grade_submission(submission, keys, _WORKER_CACHE, log=log, assignment=assignment, **options)
    found = list(itertools.islice(reversed(_WORKER_CACHE.items()), len(_WORKER_CACHE) - before))[::-1]  # new keys come last
    return student, found


def _graded_here(
    submission: Submission, keys: dict[str, Key], cache: dict, deadline_s: float, credit: float, **options: Any
) -> StudentResult:
    """One student graded in this process, within ``deadline_s`` seconds of CPU: past it (work that outlived every
    answer's own limit: a counterexample of 10^(10^19728) written out was one), every answer ``undecided``, as for a
    worker stopped at its deadline, and the class goes on."""
    start = clock()
    try:
        with time_limit(deadline_s):
            student = grade_submission(submission, keys, cache, **options)
    except TimeLimitExceeded:
        student = None
    if student is None or clock() - start >= deadline_s:
        reason = f"still running after the deadline of {deadline_s:g} s of CPU; stopped"
        return lost_student(submission, keys, reason, credit)
    return student


def default_deadline(keys: Mapping[str, Key], timeout_s: float, documents: bool = False) -> float:
    """A student's wall-time deadline in a worker: every answer's own limit plus parsing, and slack.

    Each answer is already limited (``timeout_s``, parse 2 s) by a signal; the deadline only
    catches work a signal cannot interrupt (long C-level arithmetic), which would stall the class.
    A document submission adds its derivation's own deadline.
    """
    return (timeout_s + 5.0) * max(1, len(keys)) + 30.0 + (DOCUMENT_DEADLINE_S + 30.0 if documents else 0.0)


def grade_all(
    submissions: list[Submission],
    keys: dict[str, Key],
    *,
    jobs: int = 1,
    on_result: Callable[[int, StudentResult], None] | None = None,
    deadline_s: float | None = None,
    memory_mb: int = 0,
    log: ErrorLog | None = None,
    min_per_worker: int = 8,
    scheduler: str | None = None,
    assignment: Assignment | None = None,
    **options: Any,
) -> list[StudentResult]:
    """Grade every submission; results in input order, ``on_result(index, result)`` as each finishes.

    With ``scheduler`` (a Dask scheduler's address, or ``local``), the same worker processes run on
    the cluster's workers, a chunk of students each (:mod:`derivax.cluster`); the results, and so
    every file written from them, are the same as on this machine.

    With ``jobs > 1`` and at least ``min_per_worker`` students a worker, students are graded in
    worker processes (:mod:`derivax.workerpool`), each with ``memory_mb`` of address space: a
    student whose worker dies or passes ``deadline_s`` (default :func:`default_deadline`) gets
    ``undecided`` on every answer, and the rest of the class is graded. In this process the same
    deadline holds as CPU time (a signal, :func:`derivax.limits.time_limit`; no memory limit), and
    every answer is still guarded.
    """
    results: list[StudentResult | None] = [None] * len(submissions)

    def done(index: int, result: StudentResult) -> None:
        results[index] = result
        if on_result is not None:
            on_result(index, result)

    documents_given = any(s.document for s in submissions)
    deadline = default_deadline(keys, float(options.get("timeout_s", 5.0)), documents_given) if deadline_s is None else deadline_s
    credit = float(options.get("undecided_credit", 0.0))
    # Starting a worker costs seconds (it imports SymPy): only worth it for a class of some size.
    if scheduler is None and (jobs <= 1 or len(submissions) < min_per_worker * jobs):
        cache: dict = {}
        for i, s in enumerate(submissions):
            done(i, _graded_here(s, keys, cache, deadline, credit, log=log, assignment=assignment, **options))
        return [r for r in results if r is not None]
    from derivax.cluster import run_tasks

    # One verdict per memo key for the whole class: each worker's new verdicts come back with its
    # student and go out with the next task of every other worker (a key is the answer's reading,
    # so the result is the same whichever worker judged it first).
    shared: list[tuple[tuple, AnswerResult]] = []
    known: set[tuple] = set()
    sent: dict[int, int] = {}  # worker number -> how much of `shared` it has been sent

    def annotate(index: int, worker: int) -> tuple[Submission, tuple]:
        start, sent[worker] = sent.get(worker, 0), len(shared)
        return submissions[index], tuple(shared[start:])

    def graded(index: int, payload: tuple[StudentResult, list[tuple[tuple, AnswerResult]]]) -> None:
        student, found = payload
        for memo, result in found:
            if memo not in known:
                known.add(memo)
                shared.append((memo, result))
        done(index, student)

    run_tasks(
        _grade_in_worker,
        (keys, options, log if scheduler in (None, "local") else None, assignment),  # a remote worker cannot write this machine's log
        submissions,
        jobs=jobs,
        on_done=graded,
        on_lost=lambda i, reason: done(i, lost_student(submissions[i], keys, reason, credit)),
        deadline_s=deadline,
        memory_mb=memory_mb,
        scheduler=scheduler,
        annotate=annotate,
    )
    return [r for r in results if r is not None]
