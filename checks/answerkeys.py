r"""Answer keys: what each problem's answers are compared with.

A *key* is a built-in claim's ``target`` under the claim's symbol domains, with the claim's other
accepted forms (its ``answer_forms``, see :class:`derivax.claims.AnswerForm`: the bound as a
relation, a vector for a component, ...), or an instructor's own answer with its assumptions and
points (``grade --key FILE``). Keys are read through the LaTeX grammar and the limited YAML loader
(:mod:`derivax.safeload`); nothing in a key file is executed.

The *rubric* (which problems are graded, and so each student's ``max_score``) comes from the
instructor: a key file, or named built-in claims (:func:`keys_from_claims`). It is never derived
from what the students answered.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sympy as sp

from derivax.calculus import conditions_of_each_entry, sums_written_out
from derivax.claims import Claim
from derivax.domains import Sym
from derivax.judge import Domains, domains_from
from derivax.latex import LatexError, functions_named, parse, parse_assumption, values_in
from derivax.safeload import YamlInputError, YamlLimits, load_yaml_file, not_latex_text

__all__ = [
    "DEFAULT_LIMITS",
    "GradingError",
    "Key",
    "KeyForm",
    "Mistake",
    "key_from_claim",
    "keys_from_claims",
    "keys_from_file",
    "problem_ids",
    "select_keys",
]

MAX_FILE_BYTES = 2_000_000


# the gradebook's own columns (derivax.gradebook.gradebook_csv): no problem may take one's name (probe helper-182 F16)
GRADEBOOK_COLUMNS = ("student", "total", "max", "source")


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
class Mistake:
    r"""An anticipated wrong answer: an answer equivalent to it gets ``feedback`` and ``points``.

    Equivalence is the grader's own (the same comparison as with the key, under the problem's
    domains and assumptions), so ``2 - 2a`` matches a listed ``2(1 - a)``; it is only tried on an
    answer already found ``incorrect``, so a listed mistake can never take points from a right answer.
    ``expr`` is ``latex`` read by the grammar, in the key's symbols; ``source`` says where it was
    declared (the key file, or a claim's twin, whose ``why`` is the feedback).
    """

    latex: str
    feedback: str
    points: float = 0.0
    expr: Any = None
    source: str = ""


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
    mistakes: tuple[Mistake, ...] = ()  # anticipated wrong answers, with feedback and partial points

    def spelled(self, name: str) -> str:
        return self.names.get(name, name)


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


MAX_POINTS = 1e6  # a problem's points: finite, so a class's totals are too (.nan and .inf are YAML floats)


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
    key = Key(claim.id, claim.target, Domains(sets), rename, points, sp.latex(claim.target), names, forms=forms)
    return dataclasses.replace(key, mistakes=_twin_mistakes(claim))


def _twin_mistakes(claim: Claim) -> tuple[Mistake, ...]:
    """A claim's wrong twins as known mistakes, where a twin is a wrong *answer*: the claim states
    ``lhs = target`` and the twin only replaces the right-hand side. Its ``why`` is the feedback."""
    if claim.target is None or claim.rhs != claim.target:
        return ()
    return tuple(
        Mistake(sp.latex(t.rhs), t.why, 0.0, t.rhs, f"twin {t.name!r} of claim {claim.id!r}")
        for t in claim.twins
        if isinstance(t.rhs, sp.Expr) and t.lhs is None and t.rel is None and t.given is None
    )


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
    """An instructor's key file: ``{PROBLEM: {answer: LATEX, assume: [LATEX, ...], points: N, mistakes: [...]}}``.

    ``mistakes`` lists anticipated wrong answers, each ``{answer: LATEX, feedback: TEXT, points: N}``
    (points default 0, at most the problem's points): see :class:`Mistake`.
    """
    data = _load_yaml(path)
    if not isinstance(data, dict) or not data:
        raise GradingError(f"{path}: a key file maps problem ids to {{answer: LATEX, assume: [...], points: N}}")
    keys = {}
    for problem, spec in data.items():
        if str(problem).strip().casefold() in GRADEBOOK_COLUMNS:  # a column named twice: DictReader took "student" for a score
            columns = ", ".join(GRADEBOOK_COLUMNS)
            raise GradingError(f"{path}: problem {problem!r} has the name of a gradebook column ({columns}): rename it")
        if isinstance(spec, str):
            spec = {"answer": spec}
        if not isinstance(spec, dict) or "answer" not in spec:
            raise GradingError(f"{path}: problem {problem!r} needs an 'answer' (LaTeX)")
        unknown = sorted(str(field) for field in spec if field not in _KEY_FIELDS)
        if unknown:  # tolerance: 0.01 was ignored without a word: the instructor believed it in force
            named, fields = ", ".join(repr(u[:40]) for u in unknown[:3]), ", ".join(sorted(_KEY_FIELDS))
            raise GradingError(f"{path}: problem {problem!r}: unknown field {named}; the fields are {fields}")
        # never str() of what YAML read otherwise: an empty answer was "None" and yes was "True" (letters that students
        # could match), 2.20e+4 lost its written digits (22000.0), a list became an interval
        if not isinstance(spec["answer"], str) or not spec["answer"].strip():
            raise GradingError(f"{path}: problem {problem!r}: 'answer' {not_latex_text(spec['answer'])}")
        assumed = spec.get("assume", []) or []
        assumed = [assumed] if isinstance(assumed, str) else assumed
        if not isinstance(assumed, list) or not all(isinstance(a, str) and a.strip() for a in assumed):
            raise GradingError(f"{path}: problem {problem!r}: 'assume' is a list of conditions, each LaTeX text in quotes")
        try:
            read = [parse_assumption(a) for a in assumed]  # x - 1 is no condition: the key's error, not a student's
            conds = [r.condition for r in read]
            # a letter the key's assumptions write as a value (\sigma > 0: a scale) is one in the key too: \sigma (x + 1)
            # is sigma times x + 1 there, never the logistic (a right \sigma x + \sigma was incorrect: probe helper-176)
            with functions_named(frozenset(), values_in(read)):
                expr = parse(spec["answer"]).expr
        except LatexError as error:
            raise GradingError(f"{path}: problem {problem!r}: {error}") from None
        points = spec.get("points", 1)
        if isinstance(points, bool) or not isinstance(points, int | float) or not 0 <= points <= MAX_POINTS:
            raise GradingError(f"{path}: problem {problem!r}: 'points' must be a number from 0 to {MAX_POINTS:g}, not {str(points)[:40]!r}")
        points = float(points)
        free = getattr(expr, "free_symbols", set())
        assume = tuple(assumed)
        rename = {s.name: s for s in free}
        mistakes = _mistakes(spec.get("mistakes"), rename, points, f"{path}: problem {problem!r}")
        # 0 < p_i < 1 for the p_1, p_2 of \sum_{i=1}^2 written out, as check and equiv take it (review helper-140)
        conds = conditions_of_each_entry([expr], conds)
        entries = sums_written_out(expr).free_symbols if isinstance(expr, sp.Basic) else set()
        keys[str(problem)] = Key(
            str(problem), expr, domains_from(conds, free | entries), rename, points, spec["answer"], {}, assume, mistakes=mistakes
        )
    return keys


_KEY_FIELDS = frozenset({"answer", "assume", "points", "mistakes"})


def _mistakes(spec: Any, rename: Mapping[str, sp.Symbol], points: float, where: str) -> tuple[Mistake, ...]:
    """A key file's ``mistakes:`` list, checked entry by entry; the error names the entry and the fix."""
    if spec is None:
        return ()
    if not isinstance(spec, list):
        raise GradingError(f"{where}: 'mistakes' is a list of {{answer: LATEX, feedback: TEXT, points: N}}")
    out = []
    for number, entry in enumerate(spec, 1):
        here = f"{where}: mistake {number}"
        if not isinstance(entry, dict) or not isinstance(entry.get("answer"), str) or not entry["answer"].strip():
            raise GradingError(f"{here}: needs 'answer' (LaTeX text, in quotes)")
        feedback = entry.get("feedback", "")
        if not isinstance(feedback, str):
            raise GradingError(f"{here}: 'feedback' must be text")
        credit = entry.get("points", 0)
        if isinstance(credit, bool) or not isinstance(credit, int | float) or not 0 <= credit <= points:
            raise GradingError(f"{here}: 'points' must be a number from 0 to the problem's {points:g}")
        unknown = set(entry) - {"answer", "feedback", "points"}
        if unknown:
            raise GradingError(f"{here}: unknown field(s) {', '.join(sorted(map(str, unknown)))}; use answer, feedback, points")
        try:
            parsed = parse(entry["answer"]).expr
        except LatexError as error:
            raise GradingError(f"{here}: {error}") from None
        if isinstance(parsed, sp.Basic):
            parsed = parsed.xreplace({s: rename[s.name] for s in parsed.free_symbols if getattr(s, "name", None) in rename})
        out.append(Mistake(entry["answer"], feedback, float(credit), parsed, "key file"))
    return tuple(out)


DEFAULT_LIMITS = YamlLimits(max_bytes=MAX_FILE_BYTES, size_flag="--max-file-bytes")


def _load_yaml(path: str | Path, limits: YamlLimits = DEFAULT_LIMITS) -> Any:
    """A key or submission file, read within ``limits`` (:mod:`derivax.safeload`: size, aliases, depth, duplicate keys)."""
    try:
        return load_yaml_file(path, limits)
    except YamlInputError as error:
        raise GradingError(str(error)) from None
