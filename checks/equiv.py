r"""Are a key and an answer the same mathematical object over the reals? (``derivax equiv``)

Both sides are LaTeX, read by the grammar in :mod:`derivax.latex` (never ``eval``). The kinds and
what "the same" means for each:

* **expressions** are equal as real functions wherever both are defined: :math:`(x^2-1)/(x+1)`
  equals :math:`x-1`, :math:`\ln(x^2)` equals :math:`2\ln x`. An expression is *defined* at a
  point when every part of it is real there (so :math:`\sqrt{x}\sqrt{y}` is undefined at
  :math:`x=y=-1`, although the complex product is real). This is the convention of a grader that
  must not mark a correct simplification wrong because of points the problem never meant;
  assumptions (``--assume``) narrow the domain further.
* **equations, inequalities** and their combinations with :math:`\wedge, \vee, \neg` (or the words
  and, or, not) are compared by their *real solution sets*: a point belongs to the set when every
  side is defined there and the relations hold. So :math:`\ln(x^2)=0` and :math:`2\ln x = 0`
  differ (at :math:`x=-1`) although the expressions agree where both are defined.
* **intervals, finite sets**, their unions, intersections and differences are compared as sets;
  an interval and the inequality that describes it (in one variable) are the same set.
* Objects of different kinds differ (:math:`x > 1` is not :math:`1`); names are case-sensitive.

Verdicts: ``equivalent`` (with how: symbolic, or sampling with the number of points and the
tolerance), ``different`` with a witness the student can check (a point with both values, or a
number in one solution set and not in the other, re-evaluated before it is reported), or
``undecided`` with the reason. A timeout, a SymPy ``NotImplementedError``, an input that does
not parse (the grammar never reads a prefix of the input) give ``undecided``, never a guess.

Expressions are decided by the kernel every command shares (:func:`derivax.compare.compare`: the
same points, tolerance and symbolic route as ``check``, ``grade`` and ``steps``), conditions and
sets by :func:`derivax.solutions.compare_solution_sets`; this module reads the two inputs, picks
the comparison by their kinds, and presents the :class:`~derivax.evidence.Judgement` as
``equivalent``/``different``/``undecided`` with a witness. Numbers are exact (``0.333`` is
:math:`333/1000`), but expressions with decimals in them agree *to the digits written*, as in
every other command: ``\frac{1}{3}`` and ``0.333`` are equivalent to 3 digits (the method says so),
``0.34`` is different.
"""

from __future__ import annotations

import collections
import copy
import dataclasses
import decimal
import functools
import os
import random
import re
import threading
import time
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import mpmath
import sympy as sp
from sympy.core.function import AppliedUndef
from sympy.logic.boolalg import Boolean

from derivax.calculus import conditions_of_each_entry, dependence_declared, derivatives_done, sums_written_out, writes_derivatives
from derivax.codegen import undefined_functions
from derivax.compare import NO_REAL_VALUE, lost_names_defined_nowhere, where_written_defined, without_value
from derivax.digits import Band, approximations_as_bounds, relative_unit, rounding_band, significant_digits
from derivax.evidence import Judgement, Verdict, failure_text, plain
from derivax.indices import has_indices
from derivax.judge import (
    FOREIGN_ADVICE,
    FOREIGN_RELATION,
    KEY_DOMAIN_ADVICE,
    answer_loses_key_domain,
    as_matrices_too,
    checked_within,
    compared_with_key,
    families_put_in,
    first_reading,
    foreign_names,
    judge_implication,
    matrices_disagree,
    read_as_key_names,
    spellings_of,
    with_unknowns,
)
from derivax.latex import (
    LatexError,
    Parsed,
    alternative_readings,
    calls_read_alike,
    functions_named,
    parse,
    plain_text,
    readings_of_parts,
    second_readings_of,
    two_fonts_doubt,
    values_assumed,
    values_now,
    values_written,
    with_reading,
)
from derivax.limits import TimeLimitExceeded, time_limit
from derivax.optima import optima_taken
from derivax.realeval import CHECK_DIGITS, NotACondition, faithful_float, holds_at, nnf, relations_in, value_at
from derivax.safeload import not_latex_text
from derivax.sampling import Domains, Sampler, contradiction, domains_from, plain_number, point_json
from derivax.solutions import Side, compare_solution_sets
from derivax.written import has_written_matrix, tuple_as_vector

__all__ = [
    "DIFFERENT",
    "EQUIVALENT",
    "UNDECIDED",
    "EquivInputError",
    "describe",
    "equivalent",
    "equivalent_batch",
    "equivalent_judged",
    "key_rounded",
    "load_pairs",
    "rounded_coefficients",
    "rounded_to_units",
]

EQUIVALENT, DIFFERENT, UNDECIDED = "equivalent", "different", "undecided"
VERDICTS = (EQUIVALENT, DIFFERENT, UNDECIDED)
PAIR_FIELDS = ("id", "key", "answer", "assume", "expected", "note")  # a pair of `equiv --batch`
MAX_PAIRS_BYTES = 5_000_000
MAX_PAIRS_NODES = 2_000_000  # values with aliases expanded: 300,000 pairs of a few fields each


class EquivInputError(ValueError):
    """A pairs file that cannot be used at all (one bad pair in it is that pair's verdict instead)."""


class _InputProblem(Exception):
    """A side that does not parse or is not a comparable object: the pair is undecided, with this reason."""


# --------------------------------------------------------------------------------------------
# sides: what a parsed input is


def _other_readings(readings: list[Parsed]) -> list[tuple[str, list[Parsed]]]:
    r"""The inputs under each other established reading of their notation (:func:`derivax.latex.alternative_readings`),
    each input's own second readings applied to it alone: ``1/2x`` against ``\frac{x}{2}`` (both the node x/2) is
    1/(2x) against x/2 under the slash's second reading, and an answer ``3\frac{1}{2}`` (the number 3/2 as read) is
    7/2 as a mixed number. A name one input reads two ways is read so in the others (``p_g(2x)`` beside ``p_g(x)``)."""
    readings = calls_read_alike(readings)
    exprs = [sp.Tuple(*p.expr) if isinstance(p.expr, tuple) else p.expr for p in readings]
    if not all(isinstance(e, sp.Basic) for e in exprs):
        parts = [part for p in readings for part in (p.expr if isinstance(p.expr, tuple) else (p.expr,))]
        alternatives = alternative_readings(parts, second_readings_of(readings))
        return [(said, [with_reading(p, swaps) for p in readings]) for said, swaps in alternatives]
    whole = sp.Tuple(*exprs)
    lifted = readings_of_parts(whole, exprs, [p.second_readings for p in readings], lambda parts: sp.Tuple(*parts))
    out = []
    for said, swaps in alternative_readings([whole], lifted):
        other = whole.xreplace(swaps)
        read = [tuple(e.args) if isinstance(p.expr, tuple) else e for p, e in zip(readings, other.args, strict=True)]
        out.append((said, [with_reading(replace(p, expr=e), swaps) for p, e in zip(readings, read, strict=True)]))
    return out


def _parsed(text: str) -> Parsed | str:
    r"""The parse of one input, or the parser's message; cached (a batch repeats its keys) under the letters read as
    values before parentheses at the time (derivax.latex.functions_named: \sigma(x) is read two ways)."""
    return _parsed_with(text, values_now())


@functools.lru_cache(maxsize=4096)
def _parsed_with(text: str, values: frozenset[str]) -> Parsed | str:
    try:
        return parse(text)
    except LatexError as error:
        return str(error)


def _numbers(text: str) -> tuple[str, ...]:
    parsed = _parsed(text)
    return () if isinstance(parsed, str) else tuple(parsed.numbers)


def _side(text: str, which: str) -> Side:
    parsed = _parsed(text)
    if isinstance(parsed, str):
        raise _InputProblem(f"the {which} does not parse: {parsed}")
    return _side_of(parsed, which)


def _side_of(parsed: Parsed, which: str) -> Side:
    # \sum_{i=1}^{3} x_i^2 against (x_1 + x_2 + x_3)^2: the sum's entries are the names written beside it, as check and
    # steps read them (an opaque family x[i] left equiv undecided where they refute); before any derivative is taken, so
    # that d/dx_j of x_1 + x_2 under \sum_{j=1}^2 is by x_1, then x_2
    expr = sums_written_out(parsed.expr)
    # d/dx of a formula: take it exactly; not under a sum over x_k (d/da_j of a[k] is not 0: the kernel instantiates it)
    if isinstance(expr, sp.Basic) and expr.has(sp.Derivative) and not has_indices(expr):
        expr = derivatives_done(expr)
    if parsed.kind == "expression":
        if isinstance(expr, Boolean) and not isinstance(expr, sp.Expr):
            raise _InputProblem(f"the {which} is not an expression, relation or set: {expr}")
        return Side("expression", expr, parsed.text, parsed.conditions_written)
    if parsed.kind == "set":
        return Side("set", expr, parsed.text)
    cond = sp.And(*expr) if parsed.kind == "chain" else expr
    if parsed.approximate and isinstance(cond, sp.Basic) and (not cond.free_symbols or cond.has(sp.Implies, sp.Equivalent)):
        # a closed statement e^{10} \approx 22026 is true or false to its digits (an equation, it was false, and two such
        # statements "both false": equivalent); so is the conclusion of an implication, as check reads it (x = 2.7183
        # => x \approx 2.27 was equivalent to the 2.72 form: both "false" at 2.7183); with symbols alone, x \approx 2.72
        # stays the equation it names
        cond = approximations_as_bounds(cond, parsed.approximate, parsed.numbers)
    try:
        condition = nnf(cond)
    except NotACondition as error:
        raise _InputProblem(str(error)) from error
    if parsed.domain:  # sqrt(x)^2 = -1 has no solution: its domain x >= 0 was read before SymPy dropped it
        condition = sp.And(condition, *parsed.domain)
    rels = relations_in(condition)
    if parsed.kind == "logic":
        kind = "logic"
    elif rels and all(isinstance(r, sp.Equality) for r in rels):
        kind = "equation"
    else:
        kind = "inequality"
    for r in rels:
        if any(isinstance(side, sp.Set) or not isinstance(side, sp.Expr) for side in r.args):
            raise _InputProblem(f"the {which} compares things that are not numbers: {r}")
    return Side(kind, condition, parsed.text)


def _undefined_functions(*sides: Side) -> list[str]:
    """Undefined functions and indexed quantities: nothing to evaluate them with (see derivax.codegen)."""
    return sorted(undefined_functions([s.obj for s in sides if isinstance(s.obj, sp.Basic)]))


# --------------------------------------------------------------------------------------------
# witnesses


def _latex(v: Any) -> str:
    return sp.latex(sp.sympify(v, strict=True))  # witness values: numbers, never text


def _rational_at(expr: Any, point: dict) -> Any:
    """``expr`` at an exact point where SymPy makes it a rational number (as an mpmath number), else None."""
    if not isinstance(expr, sp.Basic) or not all(isinstance(v, sp.Basic) and not v.is_Float for v in point.values()):
        return None
    try:
        with time_limit(0.5):
            value = expr.xreplace(point)
    except Exception:  # the time limit, or anything SymPy raises: the numeric value is shown instead
        return None
    return mpmath.mpf(value.p) / value.q if value.is_Rational else None


def expression_witness(key: Any, answer: Any, point: dict, kernel: tuple[Any, Any]) -> dict:
    """The sides' values at the point (150 digits); where one cannot be computed here (a limit the kernel took at a
    huge argument), the ``kernel``'s values as it gave them."""
    at, exact = point_json(point)
    with mpmath.workdps(CHECK_DIGITS):
        # \lceil \cos^2 x \rceil at pi/2 is exactly 0; at 150 digits cos^2 is 1e-300 and its ceiling 1
        k, a = (_rational_at(e, point) for e in (key, answer))
        if k is None or a is None:
            k, a = value_at(key, point), value_at(answer, point)
        if k is None or a is None:
            return {"at": at, "exact": exact, "key": plain(kernel[0]), "answer": plain(kernel[1])}
        out = {"at": at, "exact": exact, "key": faithful_float(k), "answer": faithful_float(a)}
        if f"{float(k):.6g}" == f"{float(a):.6g}":  # close values: show the digits where they part
            apart = abs(k - a) / max(abs(k), abs(a))
            digits = min(CHECK_DIGITS - 10, int(-mpmath.log10(apart)) + 6) if apart else 17
            out["digits"] = {"key": mpmath.nstr(k, digits), "answer": mpmath.nstr(a, digits)}
    return out


def _membership_witness(point: dict, in_key: bool, in_answer: bool, element: sp.Symbol | None) -> dict:
    """``at``/``exact``: the point; two sets: ``element`` (and ``at`` holds the sets' parameters, if any)."""
    if element is None:
        at, exact = point_json(point)
        return {"at": at, "exact": exact, "in_key": in_key, "in_answer": in_answer}
    at, exact = point_json({s: v for s, v in point.items() if s != element})
    value = point[element]
    return {
        "element": plain_number(value),
        "exact_element": _latex(value),
        "at": at,
        "exact": exact,
        "in_key": in_key,
        "in_answer": in_answer,
    }


def describe(result: dict) -> str:
    """One line for a person: the verdict, how, and the witness or the reason."""
    verdict, w = result["verdict"], result.get("witness") or {}
    if verdict == EQUIVALENT:
        return f"equivalent ({result['method']})"
    if verdict == UNDECIDED:
        return f"undecided: {result.get('reason', '')}"
    if "kinds" in w:
        return f"different: the key is {_a(w['kinds']['key'])}, the answer is {_a(w['kinds']['answer'])}"
    if "element" in w:
        where = "the key's set, not the answer's" if w["in_key"] else "the answer's set, not the key's"
        given = ", ".join(f"{k} = {v}" for k, v in w["exact"].items())
        return f"different: {w['exact_element']} is in {where}" + (f" (for {given})" if given else "")
    point = ", ".join(f"{k} = {v}" for k, v in (w.get("exact") or w.get("at") or {}).items())
    if "in_key" in w:
        if not point:
            return f"different: the key is {str(w['in_key']).lower()}, the answer is {str(w['in_answer']).lower()}"
        who = "the key but not the answer" if w["in_key"] else "the answer but not the key"
        return f"different: {point} satisfies {who}"
    where = f"at {point}: " if point else ""
    if "digits" in w:
        return f"different: {where}key = {w['digits']['key']}, answer = {w['digits']['answer']}"
    # 0.6670 for 2/3 shown as 0.667, which is accepted: the tolerance its written digits set says why it is not
    written = re.search(r"within the digits written \((rtol [^)]*)\)", str(w.get("note", "")))
    tolerance = f" (not within the digits written: {written[1]})" if written else ""
    return f"different: {where}key = {_shown(w['key'])}, answer = {_shown(w['answer'])}{tolerance}"


def _shown(value: Any) -> str:
    """A witness value in a message: a number to 6 digits, or a word ("diverges", "not real", a too large number)."""
    return f"{value:.6g}" if isinstance(value, int | float) and not isinstance(value, bool) else str(value)


def _a(kind: str) -> str:
    return f"an {kind}" if kind[0] in "aeiou" else f"a {kind}"


def _free(obj: Any) -> set[sp.Symbol]:
    """The free symbols of a read side (none for what is no SymPy object)."""
    return set(getattr(obj, "free_symbols", ()) or ())


def _result(verdict: str, method: str, *, witness: dict | None = None, reason: str = "") -> dict:
    return {"verdict": verdict, "method": method, "witness": witness, "reason": reason}


def _presented(j: Judgement, key: Any = None, answer: Any = None, element: sp.Symbol | None = None) -> dict:
    """The kernel's Judgement in equiv's words; expressions (key and answer given) or solution sets."""
    if j.verdict in (Verdict.PROVED, Verdict.CONFIRMED):
        return _result(EQUIVALENT, j.method) | {"judgement": j}
    if j.verdict is Verdict.UNDECIDED:
        return _result(UNDECIDED, j.method, reason=j.reason) | {"judgement": j}
    return _result(DIFFERENT, j.method, witness=_witness(j, key, answer, element)) | {"judgement": j}


def _witness(j: Judgement, key: Any, answer: Any, element: sp.Symbol | None) -> dict:
    ce = j.counterexample
    if key is not None and not ce.point:  # an instantiation (derivax.indices): its entries, as the kernel gave them
        return {"at": plain(ce.at), "key": plain(ce.lhs), "answer": plain(ce.rhs), "note": ce.note}
    if key is not None:
        if isinstance(ce.lhs, str) or isinstance(ce.rhs, str):  # one side is not real there
            at, exact = point_json(ce.point)
            return {"at": at, "exact": exact, "key": ce.lhs, "answer": ce.rhs}
        return expression_witness(key, answer, ce.point, (ce.lhs, ce.rhs))
    return _membership_witness(ce.point, ce.lhs, ce.rhs, element)


# --------------------------------------------------------------------------------------------
# the entry points


_JUDGED: collections.OrderedDict[tuple, dict] = collections.OrderedDict()
_JUDGED_MAX = 4096
_JUDGED_LOCK = threading.Lock()


def _families_in(key_text: str, answer_text: str, assume: Sequence[str]) -> tuple[Side, Side] | None:
    r"""Key and answer with each assumed family (``\eta_t = \frac{1}{\sqrt t}``) put into their entries, as ``check`` puts
    it in (:func:`derivax.judge.families_put_in`); None where no assumption is one or neither side names an entry."""
    if not assume:
        return None
    assumptions = [p for p in (_parsed(a) for a in assume) if isinstance(p, Parsed)]
    sides = [_parsed(t) for t in (key_text, answer_text)]
    if not all(isinstance(p, Parsed) for p in sides):
        return None
    put = [families_put_in(p, assumptions) for p in sides]
    if not any(used for _, used in put):
        return None
    return _side_of(put[0][0], "key"), _side_of(put[1][0], "answer")


def _decide(key_text: str, answer_text: str, assume: Sequence[str], timeout_s: float, seed: int, out: dict) -> dict:
    """Read both sides and the assumptions, then judge them (or recall the judgement of the same reading).

    Pairs that read the same (``x+1`` and ``1+x``: the same SymPy objects, kinds, assumptions and decimals as
    written, which set the tolerance) get the same verdict: a class where 300 students wrote the same answer,
    however spelled, is judged once per process. Only ``equivalent`` and ``different`` are remembered; an
    ``undecided`` may come from a time limit, which depends on the machine's load.
    """
    derived = _derivation_answered(key_text, answer_text, assume, timeout_s, seed, out)
    if derived is not None:
        return derived
    key = _side(key_text, "key")
    out["kind"], out["key_parsed"] = key.kind, plain_text(key.obj)
    answer_text = tuple_as_vector(answer_text, key.obj)  # (1, 2) for a vector key: a vector, no interval (as grade reads it)
    answer = _side(answer_text, "answer")
    families = _families_in(key_text, answer_text, assume)
    if families is not None:  # \eta_4 against the key 1/2 under \eta_t = 1/\sqrt t: the family's value (review helper-196 R13)
        key, answer = families
    out["answer_kind"], out["answer_parsed"] = answer.kind, plain_text(answer.obj)
    conditions = _conditions(assume)
    empty = contradiction(conditions)
    if empty:  # any answer would match a key under assumptions that hold nowhere
        return _result(UNDECIDED, "none", reason=empty)
    numbers = (_numbers(key_text), _numbers(answer_text))
    # Notation with two readings (I, the identity or a name; d/dx [x^2] x): a verdict only where every reading gives it,
    # as check and steps do (derivax.judge.check_statement). Such a pair is not remembered: readings are looked up by object.
    readings = [_parsed(t) for t in (key_text, answer_text, *assume)]
    dependent = _with_dependence(readings)
    if dependent is not readings:  # dz/dtheta written in the pair: z is z(theta) on both sides (derivax.calculus)
        readings = dependent
        key, answer = _side_of(readings[0], "key"), _side_of(readings[1], "answer")
        out["key_parsed"], out["answer_parsed"] = plain_text(key.obj), plain_text(answer.obj)
        conditions = _conditions(assume, readings[2:])
    alternatives = _other_readings(readings)
    # the numbers as written set the tolerance (derivax.digits.stated_tolerance): decimals always (0.05 and 0.050), whole
    # numbers under \approx (22000 is rounded at its last nonzero digit)
    approximate = any(isinstance(p, Parsed) and p.approximate for p in readings[:2])
    written = tuple(tuple(sorted(n for n in side if "." in n or approximate)) for side in numbers)
    # where what is written is defined (\sqrt{x}^2 is x to SymPy, real only for x >= 0), as check takes it
    defined = tuple(dict.fromkeys(d for p in readings[:2] for d in p.conditions_written))
    # each side's own domain too: the answer must be defined wherever the key is (x against \sqrt{x}\sqrt{x} is not the
    # reverse pair, though both read x = x with x >= 0)
    memo = (key.kind, key.obj, answer.kind, answer.obj, tuple(conditions), written, defined, key.written, answer.written, timeout_s, seed)
    # AB and BA read alike while capitals are numbers: such a pair is judged as matrices too, and never remembered
    capitals = any(isinstance(p, Parsed) and p.capital_products for p in readings[:2])
    with _JUDGED_LOCK:
        found = None if alternatives or capitals else _JUDGED.get(memo)
        if found is not None:
            _JUDGED.move_to_end(memo)
    if found is not None:
        return {**found, "witness": copy.deepcopy(found["witness"])}
    band = _answer_rounding_band(key, answer, key_text, answer_text)
    decided = _rounding_of_key(_judged(key, answer, conditions, numbers, timeout_s, seed, defined, band), key, answer, numbers)
    if decided["method"] == "kinds" and key.kind == "expression" and isinstance(readings[1], Parsed):
        matched = _side_matching(key, readings[1], conditions, numbers, timeout_s, seed, defined)
        if matched:  # \sigma'(z) = \sigma(z)(1 - \sigma(z)) for the key \sigma(z)(1 - \sigma(z)): as grade says it
            return _result(UNDECIDED, "kinds", reason=matched)
    if decided["method"] == "kinds" and answer.kind == "expression" and isinstance(readings[0], Parsed):
        matched = _value_matching(readings[0], answer, conditions, numbers, timeout_s, seed, defined)
        if matched:  # 3 for the key x = 3, x^2 for f(x) = x^2: as grade says it
            return _result(UNDECIDED, "kinds", reason=matched)
    if decided["verdict"] == UNDECIDED and decided.get("reason", "").startswith("uses functions defined elsewhere"):
        defined_alike = _both_define(readings[0], readings[1])
        if defined_alike is not None:  # L(w) = (w - 1)^2 against L(w) = w^2 - 2w + 1: the same L(w), so the bodies
            function, key_body, answer_body = defined_alike
            bodies = _judged(key_body, answer_body, conditions, numbers, timeout_s, seed, defined)
            if bodies["verdict"] in (EQUIVALENT, DIFFERENT):
                return {**bodies, "method": f"{bodies['method']}; both define {function}: their right sides compared"}
    labels = _solution_labels(key, answer)
    if decided["verdict"] == DIFFERENT and labels:  # x_{1,2} = \frac{5 \pm 1}{2} for the key x = 2 \vee x = 3
        # the labels read as the key's unknown, the second reading: a verdict only where both readings give it
        renamed = {s: sp.Symbol(_label_stem(s.name), **s.assumptions0) for s in answer.obj.free_symbols if s.name in labels}
        relabelled = dataclasses.replace(answer, obj=answer.obj.xreplace(renamed))
        other = _judged(key, relabelled, conditions, numbers, timeout_s, seed, defined)
        stem = _label_stem(labels[0])
        if other["verdict"] != DIFFERENT:
            why = f"the answer writes {', '.join(labels)} where the key has {stem}, and read as its solutions, {describe(other)}"
            return _result(UNDECIDED, "readings", reason=f"{describe(decided)}; not decided: {why}")
        decided = {**other, "method": f"{other['method']}; the same with {', '.join(labels)} read as {stem}"}  # its witness
    if decided["verdict"] == DIFFERENT:
        valued = _values_written_as_calls(readings[0], readings[1])
        if valued is not None:  # y(x) = 2x + 1 for the key y = 2x + 1: y as a function of x, never only the product xy
            which, letters, other_key, other_answer = valued
            other = _judged(_side_of(other_key, "key"), _side_of(other_answer, "answer"), conditions, numbers, timeout_s, seed, defined)
            if other["verdict"] != DIFFERENT:
                reason = (
                    f"the readings disagree: as written, {describe(decided)}; with {letters}(...) in the {which} read as the "
                    f"value of {letters} at its argument (the {'key' if which == 'answer' else 'answer'} writes {letters}), "
                    f"{describe(other)}"
                )
                return _result(UNDECIDED, "readings", reason=reason)
    # the key's names as written too (the w of \frac{\partial}{\partial w}(wx + b), gone once the derivative is taken)
    written_key = readings[0].symbols if isinstance(readings[0], Parsed) else set()
    known = {s.name for s in _free(key.obj) | written_key} | {s.name for c in conditions for s in _free(c)}
    foreign = foreign_names(_free(answer.obj), known, _free(key.obj))
    if decided["verdict"] == DIFFERENT and foreign and decided["method"] != "kinds" and not labels:  # as grade says it
        if key.family == answer.family == "expression":
            _, domains = _domains(key, answer, conditions)
            # the answer as written, and as its other readings give it (\sigma(1 - \sigma): sigma times 1 - sigma too)
            readings_of_answer = [answer.obj] + [others[1].expr for _, others in alternatives if isinstance(others[1], Parsed)]
            found = [read_as_key_names(key.obj, obj, foreign, domains, seed, min(3.0, timeout_s)) for obj in readings_of_answer]
        else:  # x_1 = 2 for the key x = 2: each reading judged as the pair is
            found = [_relation_in_key_names(key, answer, foreign, conditions, numbers, min(3.0, timeout_s), seed, defined)]
        renamed = next((r for r in found if r), "")
        if renamed:
            return _result(UNDECIDED, "none", reason=f"{describe(decided)}; {FOREIGN_ADVICE % (', '.join(foreign), renamed)}")
        if None in found:  # too many readings to try them all
            return _result(UNDECIDED, "none", reason=f"{describe(decided)}; {FOREIGN_RELATION % ', '.join(foreign)}")
    tied = _tied(key, answer, conditions)
    if decided["verdict"] == DIFFERENT and tied:
        why = f"the assumption {tied[0]} ties the pair's names to others it does not use, so it was left out and the witness may break it"
        return _result(UNDECIDED, "none", reason=f"{describe(decided)}; not decided: {why}")
    for description, others in alternatives:
        other_key, other_answer, *other_assumed = others
        other = _judged(
            _side_of(other_key, "key"),
            _side_of(other_answer, "answer"),
            _conditions(assume, other_assumed),
            numbers,
            timeout_s,
            seed,
            defined,
        )
        if other["verdict"] != decided["verdict"]:
            reason = f"the readings disagree: as written, {describe(decided)}; with {description}, {describe(other)}"
            return _result(UNDECIDED, "readings", reason=reason)
    if capitals and decided["verdict"] == EQUIVALENT:
        doubt = matrices_disagree(as_matrices_too(key_text, answer_text, seed=seed, timeout_s=min(timeout_s, 2.0)))
        if doubt:
            return _result(UNDECIDED, "matrices", reason=doubt)
    if alternatives:
        return {**decided, "method": f"{decided['method']}; the same with {'; '.join(d for d, _ in alternatives)}"}
    if decided["verdict"] in (EQUIVALENT, DIFFERENT) and not capitals:
        with _JUDGED_LOCK:
            _JUDGED[memo] = {**decided, "witness": copy.deepcopy(decided["witness"])}
            while len(_JUDGED) > _JUDGED_MAX:
                _JUDGED.popitem(last=False)
    return decided


_ARROW = re.compile(r"\\(?:implies|Rightarrow|Longrightarrow|iff|Leftrightarrow|Longleftrightarrow)(?![A-Za-z])")


def _derivation_answered(key_text: str, answer_text: str, assume: Sequence[str], timeout_s: float, seed: int, out: dict) -> dict | None:
    r"""An answer written as its derivation, ``2x = 4 \implies x = 2``, against a key that is no implication: its last
    conclusion is compared with the key, and it counts only where the arrow holds too (it was read as one proposition in
    x, true at x = 0, and graded incorrect: probe helper-165). None where the answer has no such arrow."""
    arrows = [m for m in _ARROW.finditer(answer_text) if _depth_at(answer_text, m.start()) == 0]
    if not arrows or _ARROW.search(key_text):
        return None
    last = arrows[-1]
    premise_text, conclusion_text = answer_text[: last.start()], answer_text[last.end() :]
    if not premise_text.strip() or not conclusion_text.strip():
        return None
    found = _decide(key_text, conclusion_text, assume, timeout_s, seed, out)
    if found["verdict"] != EQUIVALENT:
        return {**found, "reason": f"the answer's conclusion: {found.get('reason') or ''}".rstrip(": ")}
    try:
        premise, conclusion = parse(_last_link(answer_text, arrows)), parse(conclusion_text)
        step = judge_implication(premise, conclusion, [parse(a) for a in assume], both_ways=False, seed=seed, timeout_s=timeout_s / 2)
    except Exception:  # a premise that does not read: the step to the conclusion is not shown
        step = None
    if step is not None and step.verdict in (Verdict.PROVED, Verdict.CONFIRMED):
        return {**found, "method": f"the answer's conclusion, which its premise implies ({step.method}); {found['method']}"}
    why = step.reason if step is not None and step.reason else "the step to it was not read"
    return _result(UNDECIDED, "implication", reason=f"the answer's conclusion matches the key; its step to it is not shown right: {why}")


def _last_link(answer_text: str, arrows: list) -> str:
    """The premise of the answer's last arrow: the text between the arrow before it (if any) and it."""
    begin = arrows[-2].end() if len(arrows) > 1 else 0
    return answer_text[begin : arrows[-1].start()]


def _depth_at(text: str, at: int) -> int:
    """The brace and bracket depth of ``text`` at index ``at``."""
    depth = 0
    for c in text[:at]:
        depth += c in "{(["
        depth -= c in "})]"
    return depth


def _relation_in_key_names(
    key: Side, answer: Side, foreign: list[str], conditions: list[Any], numbers: tuple, timeout_s: float, seed: int, defined: tuple
) -> str | None:
    """:func:`derivax.judge.read_as_key_names` for relations and sets: how the answer's own names, each read as a
    key's name it may spell (judge.spellings_of), make the same solution set; "" where none does, None where there were
    too many readings to try."""
    names = {s.name: s for s in answer.symbols}
    own = sorted(key.symbols, key=lambda s: s.name)
    unused = [k for k in own if k.name not in names]
    choices = [[(names[n], k) for k in spellings_of(n, own, unused)] for n in foreign if n in names]

    def holds(combo: tuple) -> bool:
        renamed = dataclasses.replace(answer, obj=answer.obj.xreplace(dict(combo)))
        return _judged(key, renamed, conditions, numbers, timeout_s / 4, seed, defined)["verdict"] == EQUIVALENT

    found = first_reading(choices, holds, timeout_s, _RELATION_RENAMINGS)
    return found if found is None or found == "" else ", ".join(f"{a.name} read as {k.name}" for a, k in found)


_RELATION_RENAMINGS = 8  # readings of a relation answer's names tried (each a comparison of solution sets)


def chain_work(parsed: Parsed) -> Parsed | None:
    """The work an answer shows as a chain of equations (``\\sigma(0)(1 - \\sigma(0)) = \\frac12 \\cdot \\frac12 =
    \\frac14``): its links, after a first side that names the result (``y = 2 + 2 = 4``: y is no claim of every value);
    None unless ``parsed`` is such a chain. equiv and grade judge the links alike: a false one makes the answer wrong."""
    if parsed.kind != "chain" or not isinstance(parsed.expr, tuple) or not all(isinstance(r, sp.Eq) for r in parsed.expr):
        return None
    rest = parsed.expr[1:] if isinstance(parsed.expr[0].lhs, sp.Symbol | AppliedUndef | sp.Derivative) else parsed.expr
    return replace(parsed, expr=tuple(rest)) if len(rest) > 1 else replace(parsed, expr=rest[0], kind="relation")


def _side_matching(key: Side, answer: Parsed, conditions: list[Any], numbers: tuple, timeout_s: float, seed: int, defined: tuple) -> str:
    """Why an equation answer to an expression key is neither right nor wrong ('' where it is wrong): one of its sides
    alone is the key (``\\delta_j = a_j - y_j``), and what the other side names cannot be checked (``\\frac{\\partial
    C}{\\partial a_j} = a_j - y_j`` is false); or a chain of equations whose links hold and whose last (or first) side is
    the key. The reason grade gives (derivax.grading), so the two agree (equiv called the chain different: probe
    helper-184 F4)."""
    work = chain_work(answer)
    if work is not None:
        if checked_within(work, timeout_s=timeout_s, seed=seed).verdict is Verdict.REFUTED:
            return ""  # a false link: different, as grade's incorrect
        ends = (("last", answer.expr[-1].rhs), ("first", answer.expr[0].lhs))
    elif answer.kind == "relation" and isinstance(answer.expr, sp.Eq):
        ends = (("right", answer.expr.rhs), ("left", answer.expr.lhs))
    else:
        return ""
    for which, side in ends:
        alone = dataclasses.replace(answer, expr=side, kind="expression")
        try:
            other = _judged(key, _side_of(alone, "answer"), conditions, numbers, timeout_s, seed, defined)
        except _InputProblem:
            continue
        if other["verdict"] == EQUIVALENT:
            return f"expected an expression, got an equation. {side_alone(which, 'equivalent to the key')}"
    return ""


def _value_matching(key: Parsed, answer: Side, conditions: list[Any], numbers: tuple, timeout_s: float, seed: int, defined: tuple) -> str:
    """Why an expression answer to a key solved for a name is neither right nor wrong ('' where it is not the key's
    value): ``3`` for ``x = 3``, ``x^2`` for ``f(x) = x^2`` (the answer left out "x ="; a person says whether the
    problem asked for the equation). The reason grade gives (derivax.grading), so the two agree."""
    expr = key.expr
    if key.kind != "relation" or not isinstance(expr, sp.Eq):
        return ""
    for name, value in ((expr.lhs, expr.rhs), (expr.rhs, expr.lhs)):
        if not names_a_value(name) or not isinstance(value, sp.Expr) or value.has(name):
            continue
        try:
            alone = _side_of(dataclasses.replace(key, expr=value, kind="expression"), "key")
            other = _judged(alone, answer, conditions, numbers, timeout_s, seed, defined)
        except _InputProblem:
            continue
        if other["verdict"] == EQUIVALENT:
            return f"expected an equation, got an expression. {value_alone(value_name_text(name), other['method'])}"
    return ""


def names_a_value(side: Any) -> bool:
    """Whether one side of a key equation names what the other gives: ``x``, ``f(x)``, and a derivative of such a name,
    ``f'(x)`` (its key against the answer ``2x`` was different, where ``\\frac{dy}{dx} = 2x``'s was the key's value:
    probe helper-130)."""
    if isinstance(side, sp.Derivative):
        side = side.expr
    return isinstance(side, sp.Symbol | AppliedUndef)


def value_name_text(side: Any) -> str:
    """A named side as its reader wrote it: ``f'(x)`` for the derivative of f(x) by x, else as plain text."""
    if isinstance(side, sp.Derivative) and isinstance(side.expr, AppliedUndef) and set(side.variables) == set(side.expr.args[:1]):
        return f"{side.expr.func.__name__}{chr(39) * len(side.variables)}({plain_text(side.expr.args[0])})"
    return plain_text(side)


def value_alone(name: str, how: str) -> str:
    """Why an expression that is the value a key equation gives a name is neither right nor wrong: said alike by
    equiv and grade."""
    return f"It is the key's value of {name} ({how}); a person should say whether the equation was asked for"


def _tied(key: Side, answer: Side, conditions: list[Any]) -> list[Any]:
    """The assumptions (parts of a conjunction) that name both the pair's symbols and others (x > y for a pair in x):
    left out of the pair's domains (:func:`_domains`), so a difference found may lie outside them."""
    symbols = key.symbols | answer.symbols
    parts = [p for c in conditions for p in sp.And.make_args(c)]
    return [p for p in parts if p.free_symbols & symbols and not p.free_symbols <= symbols]


def _solution_labels(key: Side, answer: Side) -> list[str]:
    """The answer's names x_1, x_2, x_12 (x_{1,2}) that the key, a relation in x, does not have: a student's labels
    for the solutions, not new unknowns (so a verdict "different" would rest on the names alone)."""
    if key.kind == "expression" or not isinstance(key.obj, sp.Basic) or not isinstance(answer.obj, sp.Basic):
        return []
    mine = {s.name for s in key.obj.free_symbols if isinstance(s, sp.Symbol)}
    theirs = {s.name for s in answer.obj.free_symbols if isinstance(s, sp.Symbol)}
    return sorted(n for n in theirs - mine if _label_stem(n) in mine)


def _label_stem(name: str) -> str | None:
    """The name a solution label is built on: x of x_1, x_12 (x_{1,2}) and x_1_12 (x_{1,12}); None where ``name`` is no
    label."""
    found = re.fullmatch(r"(.+?)(?:_\d+)+", name)
    return found.group(1) if found else None


def side_alone(which: str, how: str) -> str:
    """Why an equation whose one side alone is the key is neither right nor wrong: said alike by equiv and grade."""
    if which in ("first", "last"):  # a chain of equations: its last side (the value worked out), or its first
        return f"Its {which} side alone is {how}, but what the rest of the chain names cannot be checked; a person should look at it"
    return f"Its {which}-hand side alone is {how}, but what the other side names cannot be checked; a person should look at it"


def _domains(key: Any, answer: Any, conditions: list[Any]) -> tuple[list[Any], Domains]:
    """The assumptions on the pair's symbols only, and the domains they give them."""
    symbols = key.symbols | answer.symbols
    conditions = conditions_of_each_entry([key.obj, answer.obj], conditions)  # 0 < p_i < 1 for p_1 and p_2 written out
    # x > 0 \wedge y > 0 for a pair in x: its part on x holds (the whole was left out, and x = -1 refuted sqrt(x^2) = x)
    relevant = [p for c in conditions for p in sp.And.make_args(c) if p.free_symbols <= symbols]
    return relevant, domains_from(relevant, symbols)


def _with_dependence(readings: list[Parsed]) -> list[Parsed]:
    """The readings with each symbol the pair differentiates by a variable read as a function of it, as the kernel
    reads a statement (:func:`derivax.calculus.dependence_declared`); the same list where the pair writes none."""
    parts = [p.expr for p in readings]
    if not writes_derivatives(parts):
        return readings
    changed = dependence_declared(parts)
    if all(a is b for a, b in zip(parts, changed, strict=True)):
        return readings
    return [replace(p, expr=e) for p, e in zip(readings, changed, strict=True)]


def _conditions(assume: Sequence[str], parsed: Sequence[Parsed] | None = None) -> list[Any]:
    """The assumptions as conditions (``parsed``: their readings, when not as read)."""
    conditions = []
    for i, text in enumerate(assume):
        condition = _side(text, "assumption") if parsed is None else _side_of(parsed[i], "assumption")
        if condition.family != "condition":
            raise _InputProblem(f"the assumption {text!r} is not a condition such as x > 0")
        conditions.append(condition.obj)
    return conditions


def _answer_rounding_band(key: Side, answer: Side, key_text: str, answer_text: str) -> tuple[Band | None, Band | None]:
    r"""How to measure how far the rounding of the decimals a closed pair writes moves the key minus the answer
    (:func:`derivax.digits.rounding_band`, measured where a tolerance needs it): the answer's own (a decimal the key
    writes too is the key's exact number), and the key's as well, as where the key may be rounded. ``\sigma(1.26)``
    for the key ``\sigma(1.25)`` moves by \sigma' at 1.26 half a unit, not by 1.26's relative unit (it was equivalent:
    probe helper-193 F20). None where either side has names or is no expression."""
    if key.family != "expression" or answer.family != "expression" or _free(key.obj) or _free(answer.obj):
        return None, None

    def value(text: str, read: Any) -> Any:
        if text in (key_text, answer_text):
            return read
        try:
            with time_limit(1.0):
                moved = parse(text)
        except (LatexError, TimeLimitExceeded):
            return None
        return moved.expr if moved.kind == "expression" and isinstance(moved.expr, sp.Expr) else None

    def gap(texts: Sequence[str]) -> Any:
        key_value, answer_value = value(texts[0], key.obj), value(texts[1], answer.obj)
        return None if key_value is None or answer_value is None else key_value - answer_value

    key_decimals = {n for n in _numbers(key_text) if "." in n}
    texts = [key_text, answer_text]
    return functools.partial(rounding_band, texts, gap, exact=key_decimals), functools.partial(rounding_band, texts, gap)


def _both_define(key: Parsed | str, answer: Parsed | str) -> tuple[str, Side, Side] | None:
    r"""``L(w) = (w - 1)^2`` and ``L(w) = w^2 - 2w + 1``: the function both define (the same name applied to the same
    arguments on the left, not on the right) and the two right sides; None otherwise. As equations in the unknown
    value L(w), the two hold together exactly where their right sides agree (probe helper-194 F19)."""
    if not (isinstance(key, Parsed) and isinstance(answer, Parsed)) or key.kind != "relation" or answer.kind != "relation":
        return None
    if not (isinstance(key.expr, sp.Eq) and isinstance(answer.expr, sp.Eq)):
        return None
    applied = key.expr.lhs
    if not isinstance(applied, AppliedUndef) or answer.expr.lhs != applied or not all(a.is_Symbol for a in applied.args):
        return None
    if any(side.rhs.has(applied.func) for side in (key.expr, answer.expr)):
        return None  # a recurrence or an equation in L: no definition
    bodies = [_side_of(replace(p, expr=p.expr.rhs, kind="expression"), which) for p, which in ((key, "key"), (answer, "answer"))]
    return f"{applied.func.__name__}({', '.join(map(str, applied.args))})", bodies[0], bodies[1]


def _values_written_as_calls(key: Parsed | str, answer: Parsed | str) -> tuple[str, str, Parsed, Parsed] | None:
    r"""The pair with ``y(x)`` in one of them read as the other's name ``y`` (``y(x) = 2x + 1`` for the key
    ``y = 2x + 1``, ``a(z)(1 - a(z))`` for ``a(1 - a)``, ``w(t) = w_0 e^{-\eta t}``): which input wrote the calls, the
    letters, and the two inputs under that reading; None where neither writes such a call of a name the other writes
    alone. A call's arguments must be names (``y(2)`` is a value of y at 2, not y)."""
    if not (isinstance(key, Parsed) and isinstance(answer, Parsed)):
        return None
    for which, calling, plain_side in (("answer", answer, key), ("key", key, answer)):
        names = {s.name: s for s in _free(plain_side.expr if not isinstance(plain_side.expr, tuple) else sp.Tuple(*plain_side.expr))}
        swaps, letters = {}, []
        for node, letter, other in calling.second_readings or ():
            if letter not in names or not isinstance(other, sp.Basic):
                continue
            calls = [c for c in other.atoms(AppliedUndef) if c.func.__name__ == letter]
            if calls and all(a.is_Symbol for c in calls for a in c.args):
                swaps[node] = other.xreplace({c: names[letter] for c in calls})
                letters.append(letter)
        if swaps:
            read = with_reading(calling, swaps)
            pair = (plain_side, read) if which == "answer" else (read, plain_side)
            return which, ", ".join(sorted(set(letters))), *pair
    return None


def _judged(
    key: Side,
    answer: Side,
    conditions: list[Any],
    numbers: tuple[tuple[str, ...], tuple[str, ...]],
    timeout_s: float,
    seed: int,
    defined: tuple = (),
    band: tuple[Band | None, Band | None] = (None, None),
) -> dict:
    """The verdict on two read sides under the assumptions (conditions); see :func:`equivalent`. ``numbers``: the
    key's and the answer's written numbers. ``defined``: where what the pair writes is defined (recorded while
    reading), for expressions compared where both are defined. ``band``: :func:`_answer_rounding_band`."""
    key_numbers, answer_numbers = numbers
    if (key.family == "expression") != (answer.family == "expression"):  # f(x) = x^2 against x^3: no equation, whatever f is
        return _result(DIFFERENT, "kinds", witness={"kinds": {"key": key.kind, "answer": answer.kind}})
    undefined = _undefined_functions(key, answer)
    if undefined:
        if key.obj == answer.obj:
            return _result(EQUIVALENT, "symbolic (identical)")
        matrices = has_written_matrix(key.obj) and has_written_matrix(answer.obj)
        if matrices or key.family == answer.family == "expression":  # as grade judges them (judge.with_unknowns)
            _, domains = _domains(key, answer, conditions)
            judged = with_unknowns(key.obj, answer.obj, list(conditions), seed, timeout_s, (answer_numbers, key_numbers), domains)
            if judged is not None:
                out = _presented(judged, key.obj, answer.obj)
                if matrices and judged.verdict is Verdict.REFUTED and judged.counterexample is not None:
                    out["witness"]["entry"] = judged.counterexample.note.split(";")[0]  # which entry differs there
                return out
        if key.family == answer.family == "expression":
            # Equal for every value the unknowns may take (C'(a), z(theta) and dz/dtheta): the kernel says so, as for check.
            _, domains = _domains(key, answer, conditions)
            judgement = compared_with_key(key.obj, answer.obj, domains, answer_numbers, key_numbers, seed, timeout_s * 0.9)
            if judgement.verdict in (Verdict.PROVED, Verdict.CONFIRMED):
                return _presented(judgement, key.obj, answer.obj)
            if judgement.verdict is Verdict.REFUTED and not undefined_functions([optima_taken(s.obj)[0] for s in (key, answer)]):
                return _presented(judgement, key.obj, answer.obj)  # \min_x f against a wrong value: every extremum was taken
        return _result(UNDECIDED, "none", reason=f"uses functions defined elsewhere: {', '.join(undefined)}")
    if without_value(key.obj) and without_value(answer.obj):  # 1/0 against 1/0 + 1: zoo both, and was equivalent
        return _result(UNDECIDED, "none", reason=NO_REAL_VALUE)
    lost = lost_names_defined_nowhere(list(conditions), defined, key.symbols | answer.symbols)
    if lost:
        return _result(UNDECIDED, "none", reason=lost)
    if key.obj == answer.obj:
        if key.family == "expression" and answer.written:  # x against \sqrt{x}\sqrt{x}: read alike, real for x >= 0 only
            _, domains = _domains(key, answer, conditions)
            lost = answer_loses_key_domain(key.obj, answer.obj, domains, seed, min(1.0, timeout_s / 4), (key.written, answer.written))
            if lost:
                return _result(UNDECIDED, "symbolic (identical)", reason=lost + KEY_DOMAIN_ADVICE)
        return _result(EQUIVALENT, "symbolic (identical)")
    if (key.family == "expression") != (answer.family == "expression"):
        return _result(DIFFERENT, "kinds", witness={"kinds": {"key": key.kind, "answer": answer.kind}})
    relevant, domains = _domains(key, answer, conditions)
    symbols = key.symbols | answer.symbols
    if key.family == "expression":
        # \sqrt{x}^2 against |x| was different at x = -1, where check proved it: compared where both are defined, alike
        written = [d for d in defined if d.free_symbols <= symbols and d not in relevant]
        within = where_written_defined(relevant, written, symbols, domains, (key.obj, answer.obj))
        judgement = compared_with_key(
            key.obj, answer.obj, within, answer_numbers, key_numbers, seed, timeout_s * 0.9, domains, (key.written, answer.written), band
        )
        return _presented(judgement, key.obj, answer.obj)
    sampler = Sampler(tuple(sorted(symbols, key=lambda s: s.name)), domains, seed=seed)
    element = None
    if "set" in (key.family, answer.family):
        sets = [s for s in (key, answer) if s.family == "set"]
        params = set().union(*(s.symbols for s in sets))
        conds = [s for s in (key, answer) if s.family == "condition"]
        if conds:
            free = conds[0].symbols - params
            if len(free) != 1:
                what = "a closed statement" if not conds[0].symbols else f"a condition on {', '.join(sorted(s.name for s in free))}"
                return _result(
                    DIFFERENT,
                    "kinds",
                    witness={"kinds": {"key": key.kind, "answer": answer.kind}},
                    reason=f"a set of numbers against {what}",
                )
            (var,) = free
            key, answer = (_as_condition(s, var) for s in (key, answer))
            if key.family == answer.family == "condition":
                return _rounding_aside(_presented(compare_solution_sets(key, answer, relevant, sampler, None, timeout_s)), key, answer)
            element = var
        else:
            element = sp.Symbol("x_element")
            while element in params:
                element = sp.Symbol(element.name + "_")
            sampler = Sampler(tuple(sorted(params | {element}, key=lambda s: s.name)), domains, seed=seed)
    found = _presented(compare_solution_sets(key, answer, relevant, sampler, element, timeout_s), element=element)
    return _rounding_aside(found, key, answer, element)


def _rounding_aside(result: dict, key: Side, answer: Side, element: sp.Symbol | None = None) -> dict:
    """``different`` solution sets that are the same numbers but for the answer's rounding (``x = 0.333`` for the key
    ``x = \\frac{1}{3}``, ``\\{0.333, 1\\}``): ``undecided``, as relations are compared exactly, and an expression
    0.333 would agree with 1/3 to the digits written (it was ``different``, a right answer graded wrong)."""
    if result["verdict"] != DIFFERENT:
        return result
    try:
        with time_limit(1.0):
            sets, solved_sets = [], []
            for side in (key, answer):
                symbols = side.symbols - ({element} if element is not None else set())
                var = element if side.family == "set" else (next(iter(symbols)) if len(symbols) == 1 else None)
                solved = side.solution(var, {}, 0.5) if var is not None else None
                # (the ends of intervals too: 0 < \eta < 0.667 for 0 < \eta < \frac{2}{3}, probe helper-130)
                ends = solved if isinstance(solved, sp.FiniteSet) else _interval_ends(solved)
                if ends is None or not all(v.is_real and v.is_number for v in ends):
                    return result
                sets.append(sorted(ends, key=lambda v: float(v)))
                solved_sets.append(solved)
    except Exception:  # TimeLimitExceeded included: the verdict stands
        return result
    exact, rounded = sets
    if len(exact) != len(rounded) or exact == rounded:
        return result
    if solved_sets[0].xreplace(dict(zip(exact, rounded, strict=True))) != solved_sets[1]:
        return result  # not the same shape (open and closed ends, pieces): more than rounding
    pairs = []
    for e, r in zip(exact, rounded, strict=True):
        if e == r:
            continue
        unit = _decimal_unit(r)
        if unit is None or abs(float(e - r)) > float(unit) / 2 * (1 + 1e-12):
            return result
        pairs.append(f"{_as_decimal(r)} for {plain_text(e)}")
    why = (
        f"the answer's numbers are the key's rounded ({'; '.join(pairs[:4])}): relations are compared exactly, so "
        "whether the rounding is accepted is the key's to say"
    )
    return _result(UNDECIDED, "digits written", reason=why)


def _rounding_of_key(result: dict, key: Side, answer: Side, numbers: tuple) -> dict:
    """``different`` turned ``undecided`` where :func:`key_rounded` says why."""
    if result["verdict"] != DIFFERENT or key.kind != "expression" or answer.kind != "expression":
        return result
    why = key_rounded(key.obj, answer.obj, answer.text or "", *numbers)
    return _result(UNDECIDED, "digits written", reason=why) if why else result


def key_rounded(exact: Any, answer: Any, written: str, key_numbers: Sequence[str], answer_numbers: Sequence[str]) -> str:
    """Why an answer found different from its key may be the key rounded (:func:`rounded_to_units`,
    :func:`rounded_coefficients`), said alike by equiv and grade; '' where it may not."""
    return rounded_to_units(exact, answer, written) or rounded_coefficients(exact, answer, key_numbers, answer_numbers)


def rounded_coefficients(exact: Any, rounded: Any, key_numbers: Sequence[str], answer_numbers: Sequence[str]) -> str:
    """Why an answer whose decimals (two or more significant digits each) round a key written without decimals is
    neither right nor wrong: ``0.33x`` for ``\\frac{x}{3}`` agrees to the digits written wherever the names are positive
    (it was incorrect, while ``0.33`` alone is correct for ``\\frac13``: probe helper-176); '' otherwise."""
    decimals = [n for n in answer_numbers if "." in n]
    if not decimals or any("." in n for n in key_numbers) or any(significant_digits(n) < 2 for n in decimals):
        return ""
    if not (isinstance(exact, sp.Expr) and isinstance(rounded, sp.Expr)):
        return ""
    names = sorted(exact.free_symbols | rounded.free_symbols, key=str)
    if not names or exact.free_symbols != rounded.free_symbols or exact.has(sp.Integral, sp.Sum, sp.Limit):
        return ""
    units = [u for n in decimals if (u := relative_unit(n)) is not None]
    rtol = max(units) / 2 * (1 + 1e-9) if units else 0.0
    rng = random.Random(0)
    for _ in range(12):
        point = {s: sp.Rational(rng.randint(50, 300), 100) for s in names}
        try:
            a, b = (complex(sp.N(e.xreplace(point), 30)) for e in (exact, rounded))
        except (TypeError, ValueError, ZeroDivisionError):
            return ""
        if a.imag or b.imag or not a.real or abs(a.real - b.real) > rtol * abs(a.real):
            return ""
    shown = ", ".join(decimals[:3])
    return (
        f"the answer's decimals ({shown}) round the key's numbers to their digits wherever the names are positive: whether "
        "the rounding is accepted is the key's to say"
    )


def rounded_to_units(exact: Any, whole: Any, written: str) -> str:
    """Why an answer that is a whole number written alone within half a unit of a key that is no whole number (``141``
    for ``100\\sqrt{2}``, ``143`` for ``\\frac{1000}{7}``) is neither right nor wrong: the key rounded to units, or a slip
    (it was incorrect, while ``141.4`` is correct to its digits: probe helper-176); '' otherwise (a half, 8 for 7.5,
    stays a difference)."""
    if not re.fullmatch(r"\s*-?\s*\d+\s*", written):
        return ""
    if not (isinstance(exact, sp.Expr) and exact.is_number and exact.is_real and not exact.is_integer):
        return ""
    if not getattr(whole, "is_Integer", False):
        return ""
    try:
        gap = abs(float(sp.N(exact - whole, 30)))
        shown = mpmath.nstr(mpmath.mpf(str(sp.N(exact, 20))), 8)
    except (TypeError, ValueError):
        return ""
    if gap >= 0.5:
        return ""
    return (
        f"the answer {whole} is the key ({plain_text(exact)} = {shown}) rounded to a whole number: whether a rounding to units "
        "is accepted is the key's to say"
    )


def _interval_ends(solved: Any) -> sp.FiniteSet | None:
    """The finite ends of an interval or a union of intervals, None for anything else."""
    pieces = solved.args if isinstance(solved, sp.Union) else (solved,)
    if not pieces or not all(isinstance(p, sp.Interval) for p in pieces):
        return None
    return sp.FiniteSet(*[e for p in pieces for e in (p.start, p.end) if e.is_finite])


def _as_decimal(value: Any) -> str:
    """A rational with a decimal unit (:func:`_decimal_unit`) as the decimal it was written as (707/500: 1.414)."""
    with decimal.localcontext() as context:
        context.prec = 60
        return str(decimal.Decimal(int(value.p)) / decimal.Decimal(int(value.q)))


def _decimal_unit(value: Any) -> Any:
    """The unit in the last decimal place of a rational written as a decimal (333/1000: 1/1000), or None."""
    if not value.is_Rational or value.is_Integer:
        return None
    for places in range(1, 21):
        if (10**places) % value.q == 0:
            return sp.Rational(1, 10**places)
    return None


def _drop_infinite_bounds(cond: Any) -> Any:
    """``x < oo`` and ``-oo < x`` (the open ends of an interval) are true for every real x."""
    if isinstance(cond, sp.And | sp.Or):
        return cond.func(*[_drop_infinite_bounds(c) for c in cond.args])
    if isinstance(cond, sp.core.relational.Relational) and {cond.lhs, cond.rhs} & {sp.oo, -sp.oo}:
        finite = cond.rhs if cond.lhs in (sp.oo, -sp.oo) else cond.lhs
        if finite.is_Symbol:
            return sp.true if holds_at(cond, {finite: sp.Integer(0)}) else sp.false
    return cond


def _as_condition(side: Side, var: sp.Symbol) -> Side:
    """A set of reals as the condition ``var`` in the set (an interval is its inequality)."""
    if side.family != "set":
        return side
    try:
        return Side("logic", _drop_infinite_bounds(nnf(side.obj.as_relational(var))), side.text)
    except (NotImplementedError, TypeError, AttributeError, _InputProblem):
        return side


def equivalent_judged(
    key: str, answer: str, assume: Sequence[str] = (), *, timeout_s: float = 5.0, seed: int = 0
) -> tuple[dict, Judgement | None]:
    """:func:`equivalent`'s result and the kernel's Judgement behind it (None where the inputs were not
    compared: a kind mismatch, an input that does not parse); ``grade`` passes the Judgement on."""
    result = equivalent(key, answer, assume, timeout_s=timeout_s, seed=seed, _judgement=True)
    return result, result.pop("judgement", None)


def equivalent(
    key: str, answer: str, assume: Sequence[str] = (), *, timeout_s: float = 5.0, seed: int = 0, _judgement: bool = False
) -> dict:
    r"""Are ``key`` and ``answer`` (LaTeX) the same mathematical object over the reals, under ``assume``?

    Returns ``{"verdict", "kind", "method", "witness", "key_parsed", "answer_parsed", "seconds",
    "reason", "answer_kind"}``; ``verdict`` is ``equivalent``, ``different`` (``witness`` says where)
    or ``undecided`` (``reason`` says why). Never raises on the content of the inputs.

    >>> equivalent("x^2 > 4", r"x < -2 \vee x > 2")["verdict"]
    'equivalent'
    >>> equivalent("x^2 = 4", "x = 2")["witness"]["at"]
    {'x': -2}
    """
    start = time.perf_counter()
    out: dict[str, Any] = {"kind": "unparsed", "answer_kind": "unparsed", "key_parsed": None, "answer_parsed": None}
    try:
        with time_limit(timeout_s):
            assumed, written = _values_of(key, assume)
            with functions_named(frozenset(), assumed):  # \sigma > 0 assumed: \sigma(...) multiplies, in key and answer
                decided = _decide(key, answer, list(assume), timeout_s, seed, out)
            if decided["verdict"] != EQUIVALENT and written - assumed:
                # a letter the key writes as a value (\sigma \hat x + \mu) read as one in the answer (\sigma(\hat x) + \mu):
                # only to credit, as grade reads it (the two disagreed: probe helper-175)
                again: dict[str, Any] = dict(out)
                with functions_named(frozenset(), assumed | written):
                    other = _decide(key, answer, list(assume), timeout_s, seed, again)
                if other["verdict"] == EQUIVALENT:
                    named = ", ".join(sorted(written - assumed))
                    method = f"{other['method']}; reading {named} as a value before parentheses, as the key does"
                    out, decided = again, {**other, "method": method}
    except _InputProblem as problem:
        decided = _result(UNDECIDED, "input", reason=str(problem))
    except TimeLimitExceeded:
        decided = _result(UNDECIDED, "none", reason=f"timed out after {timeout_s:g} s of CPU")
    except NotImplementedError as error:
        decided = _result(UNDECIDED, "none", reason=f"outside what SymPy can decide: {error}"[:300])
    except RecursionError:
        decided = _result(UNDECIDED, "none", reason="the input is nested too deeply to evaluate")
    except Exception as error:  # untrusted input: report it, never crash, never read it as different
        decided = _result(UNDECIDED, "none", reason=f"could not evaluate: {failure_text(error)}"[:300])
    out.update(decided)
    doubt = two_fonts_doubt(key, answer) if out.get("verdict") == EQUIVALENT else ""
    if doubt:
        # \mathbf{x} + x against 2x, \mathcal{L} against L: one name to the reader, perhaps two to the writer (a vector and
        # a scalar, the loss and the number of layers): equal as read, never credited as such (probe helper-222)
        out.update(verdict=UNDECIDED, method="readings", reason=f"{doubt} (as one, equivalent)", witness=None)
    out["seconds"] = round(time.perf_counter() - start, 4)
    order = ("verdict", "kind", "method", "witness", "key_parsed", "answer_parsed", "seconds", "reason", "answer_kind")
    return {k: out.get(k) for k in order + (("judgement",) if _judgement else ())}


def _values_of(key: str, assume: Sequence[str]) -> tuple[frozenset[str], frozenset[str]]:
    """The letters the assumptions write alone (values everywhere), and those the key writes as values (:func:`derivax.latex.
    values_written`); empty where a side does not parse (the judging says why)."""
    assumed = values_assumed(assume)
    try:
        with functions_named(frozenset(), assumed):
            read = parse(key)
    except LatexError:
        return assumed, frozenset()
    return assumed, values_written(read.expr, key)


# --------------------------------------------------------------------------------------------
# batch mode


def load_pairs(path: str | Path) -> list[Any]:
    """A pairs file: a YAML list of ``{id, key, answer, assume: [...]}``, read as every YAML input is
    (:mod:`derivax.safeload`: safe, UTF-8, limits on size, nodes with aliases expanded, depth)."""
    from derivax.safeload import YamlInputError, YamlLimits, load_yaml_file

    try:
        data = load_yaml_file(path, YamlLimits(max_bytes=MAX_PAIRS_BYTES, max_nodes=MAX_PAIRS_NODES))
    except YamlInputError as error:
        raise EquivInputError(str(error)) from None
    if not isinstance(data, list):
        raise EquivInputError(f"{path}: expected a list of {{id, key, answer, assume: [...]}}, got {type(data).__name__}")
    return data


def _pair_fields(pair: Any, index: int) -> tuple[str, str, str, list[str]] | tuple[str, str]:
    """``(id, key, answer, assume)``, or ``(id, problem)`` for a pair that is not usable."""
    if not isinstance(pair, dict):
        return str(index), f"pair {index} is a {type(pair).__name__}, not a mapping {{id, key, answer, assume}}"
    pid = _pair_id(pair, index)
    if not _names_a_pair(pair.get("id", index)):
        return pid, f"pair {index}: id must be a string or a number"
    missing = [f for f in ("key", "answer") if pair.get(f) is None]
    if missing:
        return pid, f"pair {pid!r} has no {' and no '.join(missing)}"
    for field in ("key", "answer"):
        # 010, 1:00, 0b1100, .inf, 1.00 unquoted: YAML's numbers (8, 60, 12, inf, 1.0), never what was written
        if not isinstance(pair[field], str):
            return pid, f"pair {pid!r}: the {field} {not_latex_text(pair[field])}"
    unknown = sorted(str(field) for field in pair if field not in PAIR_FIELDS)
    if unknown:  # a misspelt "assumes" judged the pair without its assumption, and said "different"
        return pid, f"pair {pid!r}: unknown field {unknown[0][:40]!r} (the fields are {', '.join(PAIR_FIELDS)})"
    if pair.get("expected", EQUIVALENT) not in VERDICTS:
        return pid, f"pair {pid!r}: expected must be one of {', '.join(VERDICTS)}"
    assume = pair.get("assume") or []
    if isinstance(assume, str):
        assume = [assume]
    if not isinstance(assume, list) or any(not isinstance(a, str) for a in assume):
        return pid, f"pair {pid!r}: assume must be a list of LaTeX conditions (each in quotes)"
    fields = [pair["key"], pair["answer"]]
    return pid, fields[0], fields[1], list(assume)


def _one(pair: Any, index: int, timeout_s: float, seed: int) -> dict:
    fields = _pair_fields(pair, index)
    if len(fields) == 2:
        pid, problem = fields
        return {"id": pid, **_failed(problem)}
    pid, key, answer, assume = fields
    return {"id": pid, **equivalent(key, answer, assume, timeout_s=timeout_s, seed=seed)}


def _failed(reason: str) -> dict:
    out = {"verdict": UNDECIDED, "kind": "unparsed", "method": "input", "witness": None, "key_parsed": None, "answer_parsed": None}
    return {**out, "seconds": 0.0, "reason": reason, "answer_kind": "unparsed"}


def _judge_pair(context: tuple[float, int], task: tuple[int, Any]) -> dict:
    """One pair in a worker process (:func:`derivax.workerpool.run_pool`); a memory error is the pair's verdict."""
    timeout_s, seed = context
    index, pair = task
    try:
        return _one(pair, index, timeout_s, seed)
    except MemoryError:
        return {"id": _pair_id(pair, index), **_failed("ran out of memory")}


def equivalent_batch(
    pairs: Sequence[Any],
    *,
    jobs: int | None = None,
    timeout_s: float = 5.0,
    seed: int = 0,
    memory_mb: int = 4096,
    deadline_s: float | None = None,
    scheduler: str | None = None,
) -> list[dict]:
    """Judge every pair in worker processes (``spawn``: JAX may be loaded); results in input order.

    With ``scheduler`` (a Dask scheduler's address, or ``local``) the same worker processes run on
    the cluster's workers, a chunk of pairs each (:mod:`derivax.cluster`), with the same verdicts.

    Each pair has ``timeout_s`` inside its worker. A pair that crashes its worker or is still
    running after ``deadline_s`` (default ``timeout_s + 5``: work that a signal cannot interrupt)
    gets ``undecided``; the worker is stopped and replaced and the batch goes on. Each worker may
    use ``memory_mb`` of address space. ``jobs=0`` judges in this process (no such protection).
    The pool is the one grading uses (:mod:`derivax.workerpool`).
    """
    from derivax.cluster import run_tasks

    jobs = (os.cpu_count() or 1) if jobs is None else jobs
    if jobs <= 0 and scheduler is None:
        return [_one(p, i, timeout_s, seed) for i, p in enumerate(pairs)]
    results: list[dict | None] = [None] * len(pairs)

    def done(index: int, result: dict) -> None:
        results[index] = result

    def lost(index: int, reason: str) -> None:
        if "deadline" in reason:
            reason = f"timed out after {timeout_s:g} s (the worker was stopped)"
        results[index] = {"id": _pair_id(pairs[index], index), **_failed(reason)}

    grace = timeout_s + 5.0 if deadline_s is None else deadline_s
    tasks = list(enumerate(pairs))
    run_tasks(
        _judge_pair,
        (timeout_s, seed),
        tasks,
        jobs=max(1, jobs),
        on_done=done,
        on_lost=lost,
        deadline_s=grace,
        memory_mb=memory_mb,
        scheduler=scheduler,
    )
    return [r if r is not None else {"id": _pair_id(pairs[i], i), **_failed("not judged")} for i, r in enumerate(results)]


def as_expected(pair: Any, result: dict) -> bool:
    """Whether a pair's verdict is the one its ``expected`` field names (``equivalent`` where it names none): a
    batch is a gate for a key's accepted forms and for a regression table of near misses alike."""
    expected = pair.get("expected", EQUIVALENT) if isinstance(pair, dict) else EQUIVALENT
    return result["verdict"] == expected  # an unusable pair is undecided: as expected only where a table says so


def _pair_id(pair: Any, index: int) -> str:
    """The pair's id as written where it is a string or a number (an id that is a list or a mapping, an alias of a
    large node, say, is never turned into text: the pair's position stands for it)."""
    pid = pair.get("id", index) if isinstance(pair, dict) else index
    return str(pid)[:200] if _names_a_pair(pid) else str(index)


def _names_a_pair(pid: Any) -> bool:
    """Whether an id is a string or a number (a bool, a list or a mapping is not)."""
    return isinstance(pid, str | int | float) and not isinstance(pid, bool)
