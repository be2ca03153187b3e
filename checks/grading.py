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

Everything a student wrote is untrusted on the way out too: file names come from
:mod:`derivax.outnames` and are checked to stay inside the output folder (:func:`output_path`), and
spreadsheet cells that a spreadsheet would run as a formula are neutralised (:func:`gradebook_csv`).

A re-run finishes an interrupted class without regrading anyone done: each results.json records a
:func:`content_key` of what it was graded from, and :func:`reuse_result` takes a result back only
when that key matches and the file is exactly what this version would write for it.
"""

from __future__ import annotations

import csv
import dataclasses
import functools
import hashlib
import io
import json
import math
import os
import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sympy as sp

from derivax.claims import Claim
from derivax.domains import Sym
from derivax.evidence import Verdict, short
from derivax.isolation import ErrorLog, guarded
from derivax.judge import Domains, Judgement, domains_from, equivalent_expressions
from derivax.latex import LatexError, Parsed, parse
from derivax.safeload import YamlInputError, YamlLimits, load_yaml_file

__all__ = [
    "AnswerResult",
    "GradingError",
    "Key",
    "KeyForm",
    "StudentResult",
    "Submission",
    "content_key",
    "default_deadline",
    "display_name",
    "duplicate_names",
    "feedback_markdown",
    "grade_all",
    "grade_submission",
    "gradebook_csv",
    "gradescope_json",
    "key_from_claim",
    "keys_from_claims",
    "keys_from_file",
    "load_submission",
    "lost_student",
    "output_path",
    "problem_ids",
    "reuse_result",
    "select_keys",
    "spreadsheet_safe",
]

MAX_FILE_BYTES = 2_000_000
MAX_ANSWER_CHARS = 4000
MAX_NAME_CHARS = 1000  # longer student names are cut (with a note); the file name still tells them apart
# Test hook (tests/test_hostile.py): a worker grading the student of this name exits at once, as if killed.
TEST_EXIT_ENV = "DERIVAX_TEST_WORKER_EXIT_ON_STUDENT"


class GradingError(ValueError):
    """A key or submission file that cannot be used; the message names the file and the fix."""


@dataclass(frozen=True)
class KeyForm:
    """Another accepted way to write a key's answer (a claim's :class:`~derivax.claims.AnswerForm`, read).

    ``kind`` is ``expression`` (``expr`` in the key's own symbols, compared like the key) or
    ``condition`` (a relation, compared with :func:`derivax.equiv.equivalent` from ``latex`` under
    ``assume``: the claim's symbol domains and the form's own conditions, as LaTeX).
    """

    latex: str
    note: str
    kind: str
    expr: Any
    assume: tuple[str, ...] = ()
    names: frozenset[str] = frozenset()  # the identifiers the form uses (to pick the counterexample a student can read)


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
    forms: tuple[KeyForm, ...] = ()  # a claim's other accepted forms (answer_forms); the key itself always is one

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
    read_as: str = ""  # how the answer was read (SymPy's plain text), shown so a misreading is seen at a glance

    def as_dict(self) -> dict[str, Any]:
        out = {
            "problem": self.problem,
            "status": self.status,
            "message": self.message,
            "score": self.score,
            "max_score": self.max_score,
            "answer": self.answer,
            "read_as": self.read_as,
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
    conditions = tuple(c for s in claim.symbols if isinstance(s, Sym) for c in _domain_conditions(s))
    forms = tuple(_key_form(claim, form, rename, conditions) for form in claim.answer_forms)
    return Key(claim.id, claim.target, Domains(sets), rename, points, sp.latex(claim.target), names, forms=forms)


_FAMILY = {"expression": "expression", "relation": "condition", "chain": "condition", "logic": "condition", "set": "set"}


def _family(kind: str) -> str:
    """``expression``, ``condition`` (relations, chains, and/or/not) or ``set``."""
    return _FAMILY.get(kind, kind)


def _key_form(claim: Claim, form: Any, rename: dict[str, sp.Symbol], conditions: tuple[str, ...]) -> KeyForm:
    """A claim's answer form read by the grammar (the library's own text, but read like any other)."""
    try:
        parsed = parse(form.latex)
    except LatexError as error:
        raise GradingError(f"claim {claim.id!r}: answer form {form.latex!r} does not parse: {error}") from None
    names = frozenset(s.name for s in parsed.symbols)
    family = _family(parsed.kind)
    if family == "expression":
        expr = parsed.expr.xreplace({s: rename[s.name] for s in parsed.expr.free_symbols if s.name in rename})
        return KeyForm(form.latex, form.note, "expression", expr, (), names)
    if family == "condition":
        return KeyForm(form.latex, form.note, "condition", parsed.condition, conditions + tuple(form.assume), names)
    raise GradingError(f"claim {claim.id!r}: answer form {form.latex!r} is a {parsed.kind}; forms are expressions or relations")


_LESS = {True: "<", False: r"\le"}  # an open end, a closed end


def _domain_conditions(sym: Sym) -> tuple[str, ...]:
    """A symbol's domain as LaTeX conditions for :func:`derivax.equiv.equivalent` (``\\epsilon > 0``).

    Intervals, unions of intervals and integer ranges (by their bounds: the integrality is checked
    on a counterexample afterwards, :func:`_outside_domains`); the reals, or any other set, give none.
    """
    name, domain = sym.latex or sym.name, sym.domain
    if isinstance(domain, sp.Range):
        domain = sp.Interval(domain.inf, domain.sup)
    pieces = domain.args if isinstance(domain, sp.Union) else (domain,)
    if not all(isinstance(p, sp.Interval) for p in pieces):
        return ()
    texts = []
    for piece in pieces:
        links = []
        if piece.start.is_finite:
            links.append(f"{sp.latex(piece.start)} {_LESS[piece.left_open]} ")
        links.append(name)
        if piece.end.is_finite:
            links.append(f" {_LESS[piece.right_open]} {sp.latex(piece.end)}")
        if len(links) == 1:
            return ()  # the whole line: no condition
        texts.append("".join(links))
    return (texts[0],) if len(texts) == 1 else (r" \vee ".join(f"({t})" for t in texts),)


def problem_ids(text: str) -> list[str]:
    """The ids of ``--problems ID,ID,...`` (commas and/or spaces), in order, each once."""
    return list(dict.fromkeys(p for p in re.split(r"[,\s]+", text) if p))


def keys_from_claims(ids: Sequence[str], claims: Mapping[str, Claim]) -> dict[str, Key]:
    """The rubric of built-in claims ``ids``, in that order; every unknown id is named in the error."""
    unknown = [i for i in ids if i not in claims]
    if unknown:
        raise GradingError(f"unknown problem ids in --problems: {', '.join(unknown)} (`derivax list` shows the built-in claims)")
    if not ids:
        raise GradingError("--problems names no problem; pass --problems ID,ID,... (`derivax list` shows the built-in claims)")
    return {i: key_from_claim(claims[i]) for i in ids}


def select_keys(keys: Mapping[str, Key], ids: Sequence[str], source: str) -> dict[str, Key]:
    """The problems ``ids`` of an instructor's key (``--key K --problems ...``: grade part of a key file)."""
    unknown = [i for i in ids if i not in keys]
    if unknown:
        raise GradingError(f"unknown problem ids in --problems: {', '.join(unknown)} (not in {source}; it has {', '.join(keys)})")
    if not ids:
        raise GradingError(f"--problems names no problem; {source} has {', '.join(keys)}")
    return {i: keys[i] for i in ids}


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


DEFAULT_LIMITS = YamlLimits(max_bytes=MAX_FILE_BYTES, size_flag="--max-file-bytes")


def _load_yaml(path: str | Path, limits: YamlLimits = DEFAULT_LIMITS) -> Any:
    """A key or submission file, read within ``limits`` (:mod:`derivax.safeload`: size, aliases, depth, duplicate keys)."""
    try:
        return load_yaml_file(path, limits)
    except YamlInputError as error:
        raise GradingError(str(error)) from None


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


def load_submission(path: str | Path, limits: YamlLimits = DEFAULT_LIMITS) -> Submission:
    """Read one submission; raise :class:`GradingError` saying what is wrong with it.

    An answer that is not text (a number, list, mapping or boolean) is kept out of ``answers``
    and recorded in ``rejected`` with the reason; the student's other answers are graded.
    """
    digest = _file_digest(path, limits.max_bytes)
    data = _load_yaml(path, limits)
    if data is None:
        raise GradingError(f"{path}: the file is empty; expected {{student: NAME, answers: {{PROBLEM_ID: LATEX}}}}")
    if not isinstance(data, dict) or "answers" not in data:
        raise GradingError(f"{path}: expected a mapping with 'student' and 'answers' keys")
    answers = data.get("answers") or {}
    if not isinstance(answers, dict):
        raise GradingError(f"{path}: 'answers' must map problem ids to LaTeX strings")
    student = _student_name(data.get("student"), path)
    texts: dict[str, str] = {}
    rejected: dict[str, str] = {}
    for k, v in answers.items():
        if v is None or isinstance(v, str):
            texts[str(k)] = v or ""
        else:
            rejected[str(k)] = _not_text(v)
    return Submission(student, texts, str(path), rejected, digest)


def _file_digest(path: str | Path, max_bytes: int) -> str:
    """SHA-256 of the submission's bytes (at most ``max_bytes + 1``: a larger file is refused anyway).

    Taken *before* the file is parsed: if the file changes in between, the key names the older
    bytes, so a later run sees a mismatch and regrades, never reuses a stale result.
    """
    try:
        with open(path, "rb") as handle:
            return hashlib.sha256(handle.read(max_bytes + 1)).hexdigest()
    except OSError:
        return ""


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
        if _family(parsed.kind) == "expression":
            result = _kind_mismatch(key, latex, parsed, _object_kind(key.expr))
        else:
            result = _grade_as_objects(key, latex, timeout_s, undecided_credit, seed)
    elif key.forms or _family(parsed.kind) != "expression":
        result = _grade_against_forms(key, latex, parsed, timeout_s, undecided_credit, seed)
    else:
        result = _grade_expression(key, latex, parsed, timeout_s, undecided_credit, seed)
    return dataclasses.replace(result, read_as=parsed.read_as)


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


def _equation_with_a_matching_side(
    key: Key, latex: str, parsed: Parsed, timeout_s: float, undecided_credit: float, seed: int
) -> AnswerResult:
    """A relation where only expressions are accepted: explained; ``undecided`` if it is ``NAME = answer``.

    ``\\delta_j = a_j - y_j`` has the right expression on one side, but what ``\\delta_j`` names is
    not something the grader can check (``\\frac{\\partial C}{\\partial a_j} = a_j - y_j`` is false):
    a person should look, so the answer is neither marked right nor wrong.
    """
    mismatch = _kind_mismatch(key, latex, parsed)
    if parsed.kind != "relation" or not isinstance(parsed.expr, sp.Eq) or not isinstance(key.expr, sp.Expr):
        return mismatch
    for which, side in (("right", parsed.expr.rhs), ("left", parsed.expr.lhs)):
        alone = dataclasses.replace(parsed, expr=side, kind="expression")
        candidates = [None, *(f for f in key.forms if f.kind == "expression")]
        for form in candidates:
            result = _against_form(key, form, latex, alone, timeout_s, undecided_credit, seed)
            if result.status == "correct":
                reason = (
                    f"{mismatch.message}. Its {which}-hand side alone is {result.message}, but what the other side names "
                    "cannot be checked; a person should look at it"
                )
                return AnswerResult(key.problem, "undecided", reason, undecided_credit * key.points, key.points, latex)
    return mismatch


def _grade_expression(key: Key, latex: str, parsed: Parsed, timeout_s: float, undecided_credit: float, seed: int) -> AnswerResult:
    """An expression key: equal as real functions under the claim's domains (derivax.judge)."""
    if parsed.kind != "expression":
        return AnswerResult(key.problem, "incorrect", f"expected an expression, got a {parsed.kind}", 0.0, key.points, latex)
    answer = parsed.expr.xreplace({s: key.rename[s.name] for s in parsed.expr.free_symbols if s.name in key.rename})
    extra = sorted(s.name for s in answer.free_symbols if s.name not in key.rename)
    numbers = _written_numbers(key.latex) + tuple(parsed.numbers)
    judgement = equivalent_expressions(key.expr, answer, key.domains, timeout_s=timeout_s, seed=seed, numbers=numbers)
    if judgement.verdict in (Verdict.PROVED, Verdict.CONFIRMED):
        return AnswerResult(key.problem, "correct", f"equivalent to the key ({judgement.method})", key.points, key.points, latex, judgement)
    if judgement.verdict is Verdict.REFUTED:
        ce = judgement.counterexample
        note = f"; the answer uses symbols the problem does not: {', '.join(extra)}" if extra else ""
        point = ", ".join(f"{key.spelled(k)} = {short(v)}" for k, v in ce.at.items())
        message = f"differs from the key at {point or 'every point'}: key = {short(ce.lhs)}, answer = {short(ce.rhs)}{note}"
        return AnswerResult(key.problem, "incorrect", message, 0.0, key.points, latex, judgement)
    return AnswerResult(key.problem, "undecided", judgement.reason, undecided_credit * key.points, key.points, latex, judgement)


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
    submission: Submission, keys: dict[str, Key], cache: dict | None = None, *, log: ErrorLog | None = None, **options: Any
) -> StudentResult:
    """Grade every problem of the key; ``cache`` shares verdicts on identical answers across students.

    Each answer is graded inside :func:`derivax.isolation.guarded`: an exception is that answer's
    ``undecided`` (its traceback in ``log``), and the student's other answers are still graded.
    """
    results = []
    for problem, key in keys.items():
        if problem in submission.rejected:
            results.append(AnswerResult(problem, "unparsed", submission.rejected[problem], 0.0, key.points))
            continue
        answer = submission.answers.get(problem, "")
        memo = (problem, " ".join(answer.split()))
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
    return StudentResult(submission.student, submission.source, results)


def lost_student(submission: Submission, keys: dict[str, Key], reason: str, undecided_credit: float = 0.0) -> StudentResult:
    """The result of a student whose grading was lost (worker died, deadline): every answer ``undecided``."""
    results = [
        AnswerResult(p, "undecided", reason, undecided_credit * k.points, k.points, submission.answers.get(p, "")) for p, k in keys.items()
    ]
    return StudentResult(submission.student, submission.source, results, error=reason)


_WORKER_CACHE: dict = {}  # one answer cache per worker process, shared by the students it grades


def _grade_in_worker(context: tuple[dict[str, Key], dict[str, Any], ErrorLog | None], submission: Submission) -> StudentResult:
    """One student in a worker process (:func:`derivax.workerpool.run_pool`)."""
    keys, options, log = context
    if os.environ.get(TEST_EXIT_ENV) == submission.student:
        os._exit(137)
    return grade_submission(submission, keys, _WORKER_CACHE, log=log, **options)


def default_deadline(keys: Mapping[str, Key], timeout_s: float) -> float:
    """A student's wall-time deadline in a worker: every answer's own limit plus parsing, and slack.

    Each answer is already limited (``timeout_s``, parse 2 s) by a signal; the deadline only
    catches work a signal cannot interrupt (long C-level arithmetic), which would stall the class.
    """
    return (timeout_s + 5.0) * max(1, len(keys)) + 30.0


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
    **options: Any,
) -> list[StudentResult]:
    """Grade every submission; results in input order, ``on_result(index, result)`` as each finishes.

    With ``jobs > 1`` and at least ``min_per_worker`` students a worker, students are graded in
    worker processes (:mod:`derivax.workerpool`), each with ``memory_mb`` of address space: a
    student whose worker dies or passes ``deadline_s`` (default :func:`default_deadline`) gets
    ``undecided`` on every answer, and the rest of the class is graded. In this process there is
    no such protection, but every answer is still guarded.
    """
    results: list[StudentResult | None] = [None] * len(submissions)

    def done(index: int, result: StudentResult) -> None:
        results[index] = result
        if on_result is not None:
            on_result(index, result)

    # Starting a worker costs seconds (it imports SymPy): only worth it for a class of some size.
    if jobs <= 1 or len(submissions) < min_per_worker * jobs:
        cache: dict = {}
        for i, s in enumerate(submissions):
            done(i, grade_submission(s, keys, cache, log=log, **options))
        return [r for r in results if r is not None]
    from derivax.workerpool import run_pool

    deadline = default_deadline(keys, float(options.get("timeout_s", 5.0))) if deadline_s is None else deadline_s
    credit = float(options.get("undecided_credit", 0.0))
    run_pool(
        _grade_in_worker,
        (keys, options, log),
        submissions,
        jobs=jobs,
        on_done=done,
        on_lost=lambda i, reason: done(i, lost_student(submissions[i], keys, reason, credit)),
        deadline_s=deadline,
        memory_mb=memory_mb,
    )
    return [r for r in results if r is not None]


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def spreadsheet_safe(cell: Any) -> Any:
    """A text cell that Excel, LibreOffice or Sheets would run as a formula, prefixed with ``'``.

    A student named ``=HYPERLINK("http://evil", "click")`` would otherwise be a live formula in the
    instructor's gradebook (CSV injection). The quote is what spreadsheets themselves use to mark
    text; numbers (the scores) are left as numbers.
    """
    if isinstance(cell, str) and cell.startswith(_FORMULA_START):
        return "'" + cell
    return cell


def gradebook_csv(students: list[StudentResult], problems: list[str]) -> str:
    """One row per student, one column per problem (the score), the total, the maximum and the file.

    ``source`` (the submission file) tells two students of the same name apart. Quoting is the csv
    module's, and every text cell goes through :func:`spreadsheet_safe`.
    """
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([spreadsheet_safe(c) for c in ["student", *problems, "total", "max", "source"]])
    for s in students:
        by_problem = {r.problem: r for r in s.results}
        row = [s.student, *[by_problem[p].score if p in by_problem else "" for p in problems], s.score, s.max_score, s.source]
        writer.writerow([spreadsheet_safe(c) for c in row])
    return out.getvalue()


def gradescope_json(student: StudentResult, key: str = "") -> str:
    """Gradescope's results.json: ``tests[]`` with name, score, max_score, output.

    ``student`` and ``source`` (extra top-level keys, which Gradescope ignores) say whose results
    these are, so a file can be matched to its student without trusting its name. With a
    :func:`content_key`, ``derivax_key`` and ``derivax_answers`` (every field a
    :class:`StudentResult` is rebuilt from) let a re-run reuse the result (:func:`reuse_result`).
    A student whose grading was lost (``error``: worker died, deadline) gets no key, so a re-run
    tries them again: the loss was the run's, not the answers'.
    """
    tests = [{"name": r.problem, "score": r.score, "max_score": r.max_score, "output": f"{r.status}: {r.message}"} for r in student.results]
    data: dict[str, Any] = {"score": student.score, "student": student.student, "source": student.source, "tests": tests}
    if key and not student.error:
        data["derivax_key"] = key
        data["derivax_answers"] = [{f: getattr(r, f) for f in _ANSWER_FIELDS} for r in student.results]
    return json.dumps(data, indent=2)


_ANSWER_FIELDS = ("problem", "status", "message", "score", "max_score", "answer", "read_as")
_STATUSES = frozenset({"correct", "incorrect", "unparsed", "undecided", "missing", "unknown"})
MAX_RESULTS_BYTES = 64_000_000  # a results.json larger than this was not written by grade (answers are capped)


def content_key(submission: Submission, keys: Mapping[str, Key], options: Mapping[str, Any]) -> str:
    """What a student's result depends on, hashed: a result with the same key would grade the same.

    The submission's bytes, the rubric (each problem's id, key answer, assumptions and points; a
    built-in claim's target and accepted forms stand for its answer, the derivax version for its domains), the
    options that change verdicts (timeout, undecided credit, seed) and the derivax version (the
    grader itself). ``jobs``, memory and deadlines are left out: they change no verdict.
    "" (never reused) when the file's bytes could not be read.
    """
    from derivax import __version__

    if not submission.digest:
        return ""
    rubric = [
        [k.problem, k.latex, list(k.assume), k.points] + ([[[f.latex, f.note] for f in k.forms]] if k.forms else []) for k in keys.values()
    ]
    graded_with = {
        "timeout_s": float(options.get("timeout_s", 5.0)),
        "undecided_credit": float(options.get("undecided_credit", 0.0)),
        "seed": int(options.get("seed", 0)),
    }
    payload = {"derivax": __version__, "submission": submission.digest, "rubric": rubric, "options": graded_with}
    return "sha256:" + hashlib.sha256(json.dumps(payload, sort_keys=True).encode("utf-8", "replace")).hexdigest()


def _answer_from(data: Any, keys: Mapping[str, Key]) -> AnswerResult | None:
    """One ``derivax_answers`` entry back as an :class:`AnswerResult`, or None if anything is off."""
    if not isinstance(data, dict) or set(data) != set(_ANSWER_FIELDS):
        return None
    if not all(isinstance(data[f], str) for f in ("problem", "status", "message", "answer", "read_as")) or data["status"] not in _STATUSES:
        return None
    score, top = data["score"], data["max_score"]
    if not all(isinstance(x, int | float) and not isinstance(x, bool) and math.isfinite(x) for x in (score, top)):
        return None
    expected_max = keys[data["problem"]].points if data["problem"] in keys else 0.0
    if top != expected_max or not 0 <= score <= top:
        return None
    if (data["status"] == "correct" and score != top) or (data["status"] not in ("correct", "undecided") and score != 0):
        return None  # the score grade_answer gives each status: a hand-raised score is not taken back
    return AnswerResult(data["problem"], data["status"], data["message"], score, top, data["answer"], read_as=data["read_as"])


def reuse_result(out: Path, stem: str, submission: Submission, keys: Mapping[str, Key], key: str) -> StudentResult | None:
    """The student's result from an earlier run's ``out/STEM.results.json``, or None to grade them.

    Reused only if the file carries this ``key`` (:func:`content_key`), names this student and
    source, answers exactly the problems :func:`grade_submission` would, and writing the rebuilt
    result gives back the very same file. Anything else (missing, truncated, edited, another
    version's or another rubric's file) means regrade: never trusted blindly, never a crash.
    The rebuilt answers carry no ``judgement`` (its message still says how and where).
    """
    if not key:
        return None
    try:
        path = output_path(out, stem, ".results.json")
        if not path.is_file() or path.stat().st_size > MAX_RESULTS_BYTES:
            return None
        text = path.read_text(encoding="utf-8")
        data = json.loads(text)
        if not isinstance(data, dict) or data.get("derivax_key") != key:
            return None
        if data.get("student") != submission.student or data.get("source") != submission.source:
            return None
        stored = data.get("derivax_answers")
        problems = [*keys, *(p for p in [*submission.answers, *submission.rejected] if p not in keys)]
        if not isinstance(stored, list) or len(stored) != len(problems):
            return None
        results = [_answer_from(a, keys) for a in stored]
        if any(r is None or r.problem != p for r, p in zip(results, problems, strict=True)):
            return None
        student = StudentResult(submission.student, submission.source, [r for r in results if r is not None])
        return student if gradescope_json(student, key) == text else None
    except (OSError, ValueError, RecursionError, GradingError):  # ValueError covers bad JSON and bad UTF-8
        return None


def display_name(name: str) -> str:
    """A student's name on one line with control characters shown as escapes (``\\n``, ``\\x1b``).

    For terminals and Markdown headings: a name cannot start a new line of the feedback or send
    escape sequences to the instructor's terminal.
    """
    return "".join(repr(c)[1:-1] if unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") else c for c in name)


def _name_key(name: str) -> str:
    """Names that a person would read as the same: case, Unicode form and spacing aside."""
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


def duplicate_names(students: Sequence[StudentResult]) -> list[tuple[str, list[str]]]:
    """``(name, [source, ...])`` for every name that more than one submission gives.

    Both submissions are graded and get their own files; the instructor should know, since the
    gradebook then has two rows that differ only in ``source``.
    """
    groups: dict[str, list[StudentResult]] = {}
    for s in students:
        groups.setdefault(_name_key(s.student), []).append(s)
    return [(group[0].student, [s.source for s in group]) for group in groups.values() if len(group) > 1]


def output_path(out: Path, stem: str, suffix: str) -> Path:
    """``out/STEM+SUFFIX``, refused unless it is directly inside ``out`` (also after following links).

    Stems from :func:`derivax.outnames.unique_stems` cannot leave ``out``; this check keeps that true
    whatever a later change does, and refuses to write through a link planted in ``out``.
    """
    path = out / f"{stem}{suffix}"
    if path.name != f"{stem}{suffix}" or path.resolve().parent != out.resolve():
        raise GradingError(f"refusing to write {path!s}: the name would leave the output folder {out}")
    return path


def feedback_markdown(student: StudentResult) -> str:
    lines = [f"# Feedback for {display_name(student.student)}", "", f"Score: {student.score:g} / {student.max_score:g}", ""]
    if student.error:
        lines += [f"**Submission problem:** {student.error}", ""]
    for r in student.results:
        answer = f"Your answer: `{r.answer}`" if r.answer else "No answer."
        read = [f"Read as: `{r.read_as}`", ""] if r.read_as else []
        lines += [f"## {display_name(r.problem)}: {r.status}", "", answer, "", *read, r.message, ""]
    return "\n".join(lines)
