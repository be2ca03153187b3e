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

Numbers are exact: ``0.333`` is :math:`333/1000`, not :math:`1/3`.
"""

from __future__ import annotations

import functools
import itertools
import os
import random
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import mpmath
import sympy as sp
from sympy.calculus.util import periodicity
from sympy.core.function import AppliedUndef
from sympy.logic.boolalg import Boolean, BooleanFalse, BooleanTrue

from derivax.codegen import undefined_functions
from derivax.evidence import Verdict, plain
from derivax.judge import Domains, domains_from, equivalent_expressions
from derivax.latex import LatexError, Parsed, parse
from derivax.limits import TimeLimitExceeded, time_limit

__all__ = ["DIFFERENT", "EQUIVALENT", "UNDECIDED", "EquivInputError", "describe", "equivalent", "equivalent_batch", "load_pairs"]

EQUIVALENT, DIFFERENT, UNDECIDED = "equivalent", "different", "undecided"
MAX_PAIRS_BYTES = 5_000_000

_DPS = 60  # working digits of every evaluation
_DPS_CHECK = 150  # a difference found at 60 digits is kept only if it is there at 150 digits too
_RTOL = 1e-50  # answers are exact: a difference of 1e-44 is a difference, 60-digit rounding is not
_ATOL = 1e-100
_HEAVY_RTOL = 1e-20  # limits are evaluated at 10^40 (derivax.evaluate): approximate
_EQ_TOL = mpmath.mpf(10) ** -40  # sides of a relation closer than this (relatively) are equal
_SIMPLE = [0, 1, -1, 2, -2, sp.Rational(1, 2), sp.Rational(-1, 2), 3, -3, sp.Rational(1, 3), 5, -5, 10, -10, 100, -100, 1000, -1000]
_SLICES = 5
_MAX_LOG = 10**6
_SAMPLES = 60
_HEAVY = (sp.Sum, sp.Product, sp.Limit, sp.Derivative, sp.Integral)


class EquivInputError(ValueError):
    """A pairs file that cannot be used at all (one bad pair in it is that pair's verdict instead)."""


class _Undefined(Exception):
    """An expression that is not real (or not finite) at a point."""


class _InputProblem(Exception):
    """A side that does not parse or is not a comparable object: the pair is undecided, with this reason."""


# --------------------------------------------------------------------------------------------
# strict real evaluation


def _fn(check: Any, fn: Any) -> Any:
    def strict(v: Any) -> Any:
        if not check(v):
            raise _Undefined
        return fn(v)

    return strict


_FUNCTIONS: dict[Any, Any] = {
    sp.exp: mpmath.exp,
    sp.log: _fn(lambda v: v > 0, mpmath.log),
    sp.sin: mpmath.sin,
    sp.cos: mpmath.cos,
    sp.tan: mpmath.tan,
    sp.sec: mpmath.sec,
    sp.csc: _fn(lambda v: v != 0, mpmath.csc),
    sp.cot: _fn(lambda v: v != 0, mpmath.cot),
    sp.asin: _fn(lambda v: -1 <= v <= 1, mpmath.asin),
    sp.acos: _fn(lambda v: -1 <= v <= 1, mpmath.acos),
    sp.atan: mpmath.atan,
    sp.acot: mpmath.acot,
    sp.sinh: mpmath.sinh,
    sp.cosh: mpmath.cosh,
    sp.tanh: mpmath.tanh,
    sp.asinh: mpmath.asinh,
    sp.acosh: _fn(lambda v: v >= 1, mpmath.acosh),
    sp.atanh: _fn(lambda v: -1 < v < 1, mpmath.atanh),
    sp.Abs: abs,
    sp.sign: mpmath.sign,
}


def _real(expr: Any, env: dict) -> Any:
    """``expr`` at the point ``env`` (symbol -> mpf) as a finite real mpf; :class:`_Undefined` if any part is not real."""
    if expr.is_Symbol:
        if expr not in env:
            raise _Undefined
        return env[expr]
    if expr.is_Rational:
        return mpmath.mpf(expr.p) / expr.q
    if expr.is_Float:
        return mpmath.mpf(expr._mpf_)
    if expr.is_NumberSymbol:
        return mpmath.mpf(expr._as_mpf_val(mpmath.mp.prec))
    if expr.is_Add:
        terms = [_real(a, env) for a in expr.args]
        total = mpmath.fsum(terms)
        # Cancellation down to the working precision is an exact zero (x^2 - 2 at sqrt 2), so that
        # 1/(x^2 - 2) or ln(x^2 - 2) there is undefined, not a huge number.
        return mpmath.mpf(0) if abs(total) <= _noise() * max(abs(t) for t in terms) else total
    if expr.is_Mul:
        out = mpmath.mpf(1)
        for a in expr.args:
            out *= _real(a, env)
        return _finite(out)
    if expr.is_Pow:
        base, exponent = expr.args
        b = _real(base, env)
        if exponent.is_Integer:
            if b == 0 and exponent < 0:
                raise _Undefined
            if b != 0:
                _bounded(int(exponent) * mpmath.log(abs(b)))
            return _finite(b ** int(exponent))
        e = _real(exponent, env)
        if b > 0:
            _bounded(e * mpmath.log(b))
            return _finite(mpmath.power(b, e))
        if b == 0 and e > 0:
            return mpmath.mpf(0)
        raise _Undefined  # SymPy's principal root of a negative number is not real
    if isinstance(expr, sp.Max | sp.Min):
        values = [_real(a, env) for a in expr.args]
        return max(values) if isinstance(expr, sp.Max) else min(values)
    fn = _FUNCTIONS.get(expr.func)
    if fn is not None and len(expr.args) == 1:
        try:
            v = _real(expr.args[0], env)
            if expr.func in (sp.exp, sp.sinh, sp.cosh):
                _bounded(v)
            if expr.func in _TRIG:
                return _trig(expr.func, v)
            return _finite(fn(v))
        except (ValueError, ZeroDivisionError) as error:
            raise _Undefined from error
    if expr in (sp.oo, -sp.oo, sp.zoo, sp.nan) or isinstance(expr, AppliedUndef):
        raise _Undefined
    return _by_sympy(expr, env)


def _noise() -> Any:
    """Relative size below which a computed value is rounding noise at the working precision."""
    return mpmath.mpf(10) ** (10 - mpmath.mp.dps)


_TRIG = (sp.sin, sp.cos, sp.tan, sp.sec, sp.csc, sp.cot)


def _trig(func: Any, v: Any) -> Any:
    """A trigonometric function with its zeros exact (cos at pi/2 is 0) and its poles undefined."""
    s, c = mpmath.sin(v), mpmath.cos(v)
    s = mpmath.mpf(0) if abs(s) <= _noise() else s
    c = mpmath.mpf(0) if abs(c) <= _noise() else c
    num, den = {sp.sin: (s, 1), sp.cos: (c, 1), sp.tan: (s, c), sp.sec: (1, c), sp.csc: (1, s), sp.cot: (c, s)}[func]
    if den == 0:
        raise _Undefined
    return num / den


def _bounded(log_magnitude: Any) -> None:
    """Values beyond e^(10^6) (towers such as x^{x^{x^x}}) count as overflow: undefined, not computed."""
    if abs(log_magnitude) > _MAX_LOG:
        raise _Undefined


def _finite(v: Any) -> Any:
    if isinstance(v, mpmath.mpc) or not mpmath.isfinite(v):
        raise _Undefined
    return v


def _by_sympy(expr: Any, env: dict) -> Any:
    """Anything else (sums, binomials, factorials): SymPy's evalf at the point, real or undefined."""
    dps = mpmath.mp.dps
    values = {s: sp.Float(v, dps) for s, v in env.items()}
    try:
        v = sp.N(expr.xreplace(values), dps)
    except (TypeError, ValueError, ZeroDivisionError, NotImplementedError) as error:
        raise _Undefined from error
    if not v.is_Number or v.is_real is False or v.has(sp.I) or not v.is_finite:
        raise _Undefined
    return mpmath.mpf(sp.Float(v, dps)._mpf_)


def _value(expr: Any, point: dict) -> Any:
    """The real value at an exact point (symbol -> SymPy number), or None where it is undefined.

    At 60 digits, or at the working precision if that is higher (see :func:`_differ_at`).
    """
    with mpmath.workdps(max(mpmath.mp.dps, _DPS)):
        try:
            env = {s: _real(sp.sympify(v, strict=True), {}) for s, v in point.items()}
            return _real(sp.sympify(expr, strict=True), env)
        except (_Undefined, TypeError, ValueError, ZeroDivisionError, OverflowError, AttributeError):
            return None


def _differ(a: Any, b: Any) -> bool:
    return abs(a - b) > _ATOL + _RTOL * max(abs(a), abs(b))


def _differ_at(key: Any, answer: Any, point: dict) -> bool:
    """Both defined and different at 60 digits, and still at 150 (not rounding noise)."""
    k, a = _value(key, point), _value(answer, point)
    if k is None or a is None or not _differ(k, a):
        return False
    with mpmath.workdps(_DPS_CHECK):
        k, a = _value(key, point), _value(answer, point)
        return k is not None and a is not None and _differ(k, a)


# --------------------------------------------------------------------------------------------
# conditions: negation normal form, truth at a point, solution sets


def _negate(cond: Any) -> Any:
    if cond is sp.true or cond is sp.false:
        return sp.false if cond is sp.true else sp.true
    if isinstance(cond, sp.And):
        return sp.Or(*[_negate(a) for a in cond.args])
    if isinstance(cond, sp.Or):
        return sp.And(*[_negate(a) for a in cond.args])
    if isinstance(cond, sp.Not):
        return _nnf(cond.args[0])
    if isinstance(cond, sp.Implies):
        return sp.And(_nnf(cond.args[0]), _negate(cond.args[1]))
    if isinstance(cond, sp.Equivalent):
        a, b = cond.args[:2]
        return sp.Or(sp.And(_nnf(a), _negate(b)), sp.And(_negate(a), _nnf(b)))
    if isinstance(cond, sp.core.relational.Relational):
        return cond.negated
    raise _InputProblem(f"cannot negate {cond}")


def _nnf(cond: Any) -> Any:
    """Negations pushed onto the relations (``\\neg(x > 1)`` is ``x \\le 1``), as SymPy reads them."""
    if isinstance(cond, sp.And | sp.Or):
        return cond.func(*[_nnf(a) for a in cond.args])
    if isinstance(cond, sp.Not):
        return _negate(cond.args[0])
    if isinstance(cond, sp.Implies):
        return sp.Or(_negate(cond.args[0]), _nnf(cond.args[1]))
    if isinstance(cond, sp.Equivalent):
        a, b = cond.args[:2]
        return sp.Or(sp.And(_nnf(a), _nnf(b)), sp.And(_negate(a), _negate(b)))
    if isinstance(cond, sp.Contains):
        return _nnf(cond.args[1].as_relational(cond.args[0]))
    if isinstance(cond, BooleanTrue | BooleanFalse | sp.core.relational.Relational):
        return cond
    raise _InputProblem(f"'{cond}' is not a condition (a relation such as x > 1, or and/or/not of relations)")


def _relations(cond: Any) -> list[Any]:
    return [a for a in sp.preorder_traversal(cond) if isinstance(a, sp.core.relational.Relational)]


_INFINITE = {sp.oo: mpmath.inf, -sp.oo: -mpmath.inf}
_OPS_FN = {
    sp.StrictGreaterThan: lambda a, b: a > b,
    sp.GreaterThan: lambda a, b: a >= b,
    sp.StrictLessThan: lambda a, b: a < b,
    sp.LessThan: lambda a, b: a <= b,
}


def _holds(rel: Any, point: dict) -> bool:
    """Does one relation hold at an exact point? False where a side is not real (not in the solution set)."""
    a, b = (_INFINITE[side] if side in _INFINITE else _value(side, point) for side in (rel.lhs, rel.rhs))
    if a is None or b is None:
        return False
    if mpmath.isinf(a) or mpmath.isinf(b):  # -oo < x < oo: the bounds of an unbounded interval
        return {sp.Equality: a == b, sp.Unequality: a != b}.get(type(rel), bool(_OPS_FN[type(rel)](a, b)))
    equal = abs(a - b) <= _EQ_TOL * max(1, abs(a), abs(b))
    return {
        sp.Equality: equal,
        sp.Unequality: not equal,
        sp.StrictGreaterThan: a > b and not equal,
        sp.GreaterThan: a >= b or equal,
        sp.StrictLessThan: a < b and not equal,
        sp.LessThan: a <= b or equal,
    }[type(rel)]


def _truth(cond: Any, point: dict) -> bool:
    """The truth of a condition in negation normal form at an exact point."""
    if cond is sp.true or cond is sp.false:
        return bool(cond)
    if isinstance(cond, sp.And):
        return all(_truth(a, point) for a in cond.args)
    if isinstance(cond, sp.Or):
        return any(_truth(a, point) for a in cond.args)
    return _holds(cond, point)


def _substitute(cond: Any, assign: dict) -> Any:
    """Fix some symbols of a condition; a relation left without symbols becomes its truth value."""
    if not assign:
        return cond
    if isinstance(cond, sp.And | sp.Or):
        return cond.func(*[_substitute(a, assign) for a in cond.args])
    if isinstance(cond, sp.core.relational.Relational):
        rel = type(cond)(cond.lhs.xreplace(assign), cond.rhs.xreplace(assign), evaluate=False)
        if not rel.free_symbols:
            return sp.true if _holds(rel, {}) else sp.false
        return rel
    return cond


_PERIODIC = (sp.sin, sp.cos, sp.tan, sp.sec, sp.csc, sp.cot)


def _periodic_inequality(rel: Any, x: sp.Symbol) -> bool:
    """An inequality in trigonometric functions of ``x``: ``solveset`` answers for one period only."""
    if isinstance(rel, sp.Equality | sp.Unequality):
        return False
    return any(x in f.free_symbols for f in rel.atoms(*_PERIODIC))


def _solution_set(cond: Any, x: sp.Symbol, seconds: float, domain: sp.Set = sp.S.Reals) -> sp.Set | None:
    """The real solution set of a one-variable condition (NNF) within ``domain``, or None where SymPy cannot give it.

    Outside one period (``domain``), an inequality in sines and cosines gets None: SymPy's
    ``solveset`` gives the solutions in one period only (``tan x > 0`` gives :math:`(0, \\pi/2)`).
    """
    if cond is sp.true:
        return domain
    if cond is sp.false:
        return sp.S.EmptySet
    if isinstance(cond, sp.And | sp.Or):
        parts = [_solution_set(a, x, seconds, domain) for a in cond.args]
        if any(p is None for p in parts):
            return None
        return sp.Intersection(*parts) if isinstance(cond, sp.And) else sp.Union(*parts)
    if x not in cond.free_symbols:
        return domain if _holds(cond, {}) else sp.S.EmptySet
    if domain is sp.S.Reals and _periodic_inequality(cond, x):
        return None
    return _solveset(cond, x, domain, seconds)


_SOLVED: dict[tuple, sp.Set | None] = {}


def _solveset(rel: Any, x: sp.Symbol, domain: sp.Set, seconds: float) -> sp.Set | None:
    """SymPy's solution set of one relation, or None; remembered (a batch repeats its keys), unless it timed out."""
    memo = (rel, x, domain)
    if memo in _SOLVED:
        return _SOLVED[memo]
    try:
        with time_limit(seconds):
            solved = sp.solveset(rel, x, domain)
    except TimeLimitExceeded:
        return None
    except (NotImplementedError, ValueError, TypeError):
        solved = None
    if not isinstance(solved, sp.Set) or solved.has(sp.ConditionSet):
        solved = None
    if len(_SOLVED) > 4096:
        _SOLVED.clear()
    _SOLVED[memo] = solved
    return solved


def _common_period(conds: Sequence[Any], x: sp.Symbol, seconds: float) -> Any:
    """A period shared by every relation of the conditions (all periodic in ``x``), or None."""
    periods = []
    try:
        with time_limit(seconds):
            for cond in conds:
                for rel in _relations(cond):
                    if x not in rel.free_symbols or rel.lhs in _INFINITE or rel.rhs in _INFINITE:
                        continue  # -oo < x < oo: true for every real x
                    period = periodicity(rel.lhs - rel.rhs, x)
                    if period is None or period == 0:
                        return None
                    periods.append(period)
    except (TimeLimitExceeded, NotImplementedError, ValueError, TypeError):
        return None
    if not periods:
        return None
    common = periods[0]
    for p in periods[1:]:
        ratio = sp.nsimplify(common / p)
        if not ratio.is_Rational:
            return None
        common = common * ratio.q if ratio.p == 1 else common * sp.Rational(sp.ilcm(ratio.p, ratio.q), ratio.p)
    return common


def _points_in(s: sp.Set, limit: int = 12) -> list[Any]:
    """A few exact real numbers in a set, simplest first (none if the set is empty or not explicit)."""
    if s is sp.S.EmptySet:
        return []
    if s is sp.S.Reals:
        return [sp.Integer(0), sp.Integer(1), sp.Integer(-1)]
    if isinstance(s, sp.FiniteSet):
        items = [v for v in s.args if v.is_real is not False and not v.free_symbols]
        return sorted(items, key=lambda v: (sp.count_ops(v), abs(float(v))))[:limit]
    if isinstance(s, sp.Interval):
        return _interval_points(s)
    if isinstance(s, sp.Union):
        return [p for part in s.args for p in _points_in(part, limit)][:limit]
    if isinstance(s, sp.ImageSet) and s.base_sets == (sp.S.Integers,):
        fn = s.lamda
        out = []
        for n in (0, 1, -1, 2, -2, 3, -3, 4, -4, 5, -5):
            v = fn(sp.Integer(n))
            if v.is_real is not False:
                out.append(v)
        return out
    if isinstance(s, sp.Complement | sp.Intersection):
        first, rest = s.args[0], s.args[1:]
        out = []
        for p in _points_in(first, 3 * limit):
            inside = [r.contains(p) for r in rest]
            if isinstance(s, sp.Complement) and all(v is sp.false for v in inside):
                out.append(p)
            elif isinstance(s, sp.Intersection) and all(v is sp.true for v in inside):
                out.append(p)
        return out[:limit]
    return []


def _interval_points(s: sp.Interval) -> list[Any]:
    lo, hi = s.inf, s.sup
    if lo == hi:
        return [lo] if s.contains(lo) is sp.true else []
    if s.contains(0) is sp.true:
        return [sp.Integer(0)]
    out = []
    if hi.is_finite and (lo == -sp.oo or hi <= 0):
        n = sp.floor(hi)
        n = n - 1 if (n == hi and s.right_open) else n
        out.append(sp.Integer(n))
    if lo.is_finite and (hi == sp.oo or lo >= 0):
        n = sp.ceiling(lo)
        n = n + 1 if (n == lo and s.left_open) else n
        out.append(sp.Integer(n))
    out = [p for p in out if s.contains(p) is sp.true]
    if not out and lo.is_finite and hi.is_finite:
        for q in range(2, 4097):  # the simplest fraction inside
            p = sp.Rational(sp.floor(lo * q) + 1, q)
            if s.contains(p) is sp.true:
                out.append(p)
                break
        else:
            out.append((lo + hi) / 2)
    return out


def _compare_sets(a: sp.Set, b: sp.Set, seconds: float) -> tuple[str, list[Any]]:
    """``("equal", [])``, or ``("differ"|"unknown", candidate points)`` to be checked by evaluation."""
    if a == b:
        return "equal", []
    try:
        with time_limit(seconds):
            only_a, only_b = sp.Complement(a, b), sp.Complement(b, a)
            empty_a, empty_b = only_a.is_empty, only_b.is_empty
            if empty_a and empty_b:
                return "equal", []
            points = (_points_in(only_a) if not empty_a else []) + (_points_in(only_b) if not empty_b else [])
            if empty_a is False or empty_b is False:
                return "differ", points
            return "unknown", points + _points_in(a) + _points_in(b)
    except (TimeLimitExceeded, NotImplementedError, TypeError, ValueError, RecursionError):
        return "unknown", _points_in(a) + _points_in(b)


# --------------------------------------------------------------------------------------------
# sides: what a parsed input is, and how to ask it about a point


@dataclass(frozen=True)
class _Side:
    """One parsed input: an expression, a condition (NNF Boolean) or a set of reals."""

    kind: str  # expression, equation, inequality, logic, set
    obj: Any
    text: str

    @property
    def family(self) -> str:
        return {"expression": "expression", "set": "set"}.get(self.kind, "condition")

    @property
    def symbols(self) -> set[sp.Symbol]:
        return {s for s in getattr(self.obj, "free_symbols", set()) if isinstance(s, sp.Symbol)}

    def member(self, point: dict, var: sp.Symbol | None) -> bool | None:
        """Is the point in this side's solution set (a set: is the value of ``var`` an element)?"""
        if self.family == "condition":
            return _truth(self.obj, point)
        assign = {s: v for s, v in point.items() if s != var}
        answer = self.obj.xreplace(assign).contains(point[var])
        return bool(answer) if answer in (sp.true, sp.false) else None

    def solution(self, var: sp.Symbol, assign: dict, seconds: float, domain: sp.Set = sp.S.Reals) -> sp.Set | None:
        if self.family == "set":
            return self.obj.xreplace(assign).intersect(domain)
        return _solution_set(_substitute(self.obj, assign), var, seconds, domain)


@functools.lru_cache(maxsize=4096)
def _parsed(text: str) -> Parsed | str:
    """The parse of one input, or the parser's message; cached: a batch repeats its keys."""
    try:
        return parse(text)
    except LatexError as error:
        return str(error)


def _side(text: str, which: str) -> _Side:
    parsed = _parsed(text)
    if isinstance(parsed, str):
        raise _InputProblem(f"the {which} does not parse: {parsed}")
    return _side_of(parsed, which)


def _side_of(parsed: Parsed, which: str) -> _Side:
    expr = parsed.expr
    if isinstance(expr, sp.Basic) and expr.has(sp.Derivative):  # d/dx of a formula: take it exactly
        expr = expr.replace(lambda e: isinstance(e, sp.Derivative), lambda e: e.doit())
    if parsed.kind == "expression":
        if isinstance(expr, Boolean) and not isinstance(expr, sp.Expr):
            raise _InputProblem(f"the {which} is not an expression, relation or set: {expr}")
        return _Side("expression", expr, parsed.text)
    if parsed.kind == "set":
        return _Side("set", expr, parsed.text)
    cond = sp.And(*expr) if parsed.kind == "chain" else expr
    nnf = _nnf(cond)
    rels = _relations(nnf)
    if parsed.kind == "logic":
        kind = "logic"
    elif rels and all(isinstance(r, sp.Equality) for r in rels):
        kind = "equation"
    else:
        kind = "inequality"
    for r in rels:
        if any(isinstance(side, sp.Set) or not isinstance(side, sp.Expr) for side in r.args):
            raise _InputProblem(f"the {which} compares things that are not numbers: {r}")
    return _Side(kind, nnf, parsed.text)


def _undefined_functions(*sides: _Side) -> list[str]:
    """Undefined functions and indexed quantities: nothing to evaluate them with (see derivax.codegen)."""
    return sorted(undefined_functions([s.obj for s in sides if isinstance(s.obj, sp.Basic)]))


# --------------------------------------------------------------------------------------------
# sampling points


@dataclass(frozen=True)
class _Sampler:
    """Draws points from the symbols' domains (the assumptions), near the origin and far from it."""

    symbols: tuple[sp.Symbol, ...]
    domains: Domains
    rng: random.Random

    def _in_domain(self, s: sp.Symbol, v: Any) -> bool:
        dom = self.domains.of(s)
        return dom is sp.S.Reals or dom.contains(v) is sp.true

    def value(self, s: sp.Symbol, wide: bool) -> Any:
        for _ in range(30):
            r = self.rng.random()
            if r < 0.2:
                v = sp.sympify(self.rng.choice(_SIMPLE), strict=True)
            elif wide or r < 0.35:
                v = sp.Float(self.rng.choice((-1, 1)) * 10 ** self.rng.uniform(-9, 9), 17)
            else:
                v = sp.Float(self.rng.uniform(-4, 4), 17)
            if self._in_domain(s, v):
                return v
        return self._inside(self.domains.of(s))

    def _inside(self, dom: sp.Set) -> Any:
        points = _points_in(dom)
        if isinstance(dom, sp.Interval) and dom.measure.is_positive:
            lo, hi = max(float(dom.inf), -1e3), min(float(dom.sup), 1e3)
            v = sp.Float(self.rng.uniform(lo, hi), 17)
            if dom.contains(v) is sp.true:
                return v
        if isinstance(dom, sp.Union):
            return self._inside(self.rng.choice(dom.args))
        return points[0] if points else sp.Integer(0)

    def point(self, wide: bool = False) -> dict:
        return {s: self.value(s, wide) for s in self.symbols}

    def simple_points(self, limit: int = 60, symbols: Sequence[sp.Symbol] | None = None) -> list[dict]:
        """Points made of simple numbers (0, 1, -1, 1/2, ...) inside the domains, simplest first."""
        symbols = self.symbols if symbols is None else tuple(symbols)
        choices = [[sp.sympify(v, strict=True) for v in _SIMPLE if self._in_domain(s, sp.sympify(v, strict=True))] for s in symbols]
        if not all(choices):
            return []
        combos = itertools.islice(itertools.product(*[range(len(c)) for c in choices]), 4000)
        ranked = sorted(combos, key=lambda idx: (sum(idx), idx))[:limit]
        return [{s: c[i] for s, c, i in zip(symbols, choices, idx, strict=True)} for idx in ranked]

    def admissible(self, point: dict) -> bool:
        return all(_truth(_nnf(c), point) for c in self.domains.conditions if c.free_symbols <= set(point))


def _rounded(point: dict) -> list[dict]:
    """Shorter spellings of a float point (fewer significant digits), as exact rationals."""
    out = []
    for digits in (1, 2, 3, 4, 6):
        out.append({s: sp.Rational(f"{float(v):.{digits}g}") if isinstance(v, sp.Float) else v for s, v in point.items()})
    return out


# --------------------------------------------------------------------------------------------
# witnesses


def _latex(v: Any) -> str:
    return sp.latex(sp.sympify(v, strict=True))  # witness values: numbers, never text


def _number(v: Any) -> Any:
    v = sp.sympify(v)
    if v.is_Integer:
        return int(v)
    try:
        return float(v)
    except (TypeError, ValueError):
        return str(v)


def _point_json(point: dict) -> tuple[dict, dict]:
    names = sorted(point, key=lambda s: s.name)
    return {s.name: _number(point[s]) for s in names}, {s.name: _latex(point[s]) for s in names}


def _expression_witness(key: Any, answer: Any, point: dict) -> dict:
    at, exact = _point_json(point)
    with mpmath.workdps(_DPS_CHECK):
        k, a = _value(key, point), _value(answer, point)
        out = {"at": at, "exact": exact, "key": float(k), "answer": float(a)}
        if f"{float(k):.6g}" == f"{float(a):.6g}":  # close values: show the digits where they part
            apart = abs(k - a) / max(abs(k), abs(a))
            digits = min(_DPS_CHECK - 10, int(-mpmath.log10(apart)) + 6) if apart else 17
            out["digits"] = {"key": mpmath.nstr(k, digits), "answer": mpmath.nstr(a, digits)}
    return out


def _membership_witness(point: dict, in_key: bool, in_answer: bool, element: sp.Symbol | None) -> dict:
    """``at``/``exact``: the point; two sets: ``element`` (and ``at`` holds the sets' parameters, if any)."""
    if element is None:
        at, exact = _point_json(point)
        return {"at": at, "exact": exact, "in_key": in_key, "in_answer": in_answer}
    at, exact = _point_json({s: v for s, v in point.items() if s != element})
    value = point[element]
    return {"element": _number(value), "exact_element": _latex(value), "at": at, "exact": exact, "in_key": in_key, "in_answer": in_answer}


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
    return f"different: {where}key = {w['key']:.6g}, answer = {w['answer']:.6g}"


def _a(kind: str) -> str:
    return f"an {kind}" if kind[0] in "aeiou" else f"a {kind}"


# --------------------------------------------------------------------------------------------
# expressions


def _search_expressions(key: Any, answer: Any, sampler: _Sampler, start: Iterable[dict], count: int, wide: bool) -> tuple[dict | None, int]:
    """A point where both are defined and differ (simplest found first), and how many points were usable."""
    usable = 0
    found = None
    candidates = itertools.chain(sampler.simple_points(), start, (sampler.point(wide=wide and i % 2 == 0) for i in range(count)))
    for point in candidates:
        if not sampler.admissible(point):
            continue
        k, a = _value(key, point), _value(answer, point)
        if k is None or a is None:
            continue
        usable += 1
        if _differ(k, a) and _differ_at(key, answer, point):
            found = point
            break
    if found is None:
        return None, usable
    for shorter in _rounded(found):  # the same difference, with fewer digits to type
        if sampler.admissible(shorter) and _differ_at(key, answer, shorter):
            return shorter, usable
    return found, usable


def _expressions(key: _Side, answer: _Side, domains: Domains, sampler: _Sampler, seed: int, timeout_s: float) -> dict:
    heavy = key.obj.has(*_HEAVY) or answer.obj.has(*_HEAVY)
    rtol, atol = (_HEAVY_RTOL, 1e-30) if heavy else (_RTOL, _ATOL)
    # Few points here: the strict search below samples more widely (and only where both are real).
    points = 40 if heavy else 16
    j = equivalent_expressions(key.obj, answer.obj, domains, points=points, seed=seed, rtol=rtol, atol=atol, timeout_s=timeout_s)
    if j.verdict is Verdict.PROVED:
        return _result(EQUIVALENT, j.method)
    if heavy:  # sums, limits, derivatives: judge's own sampling is the evidence
        if j.verdict is Verdict.REFUTED:
            ce = j.counterexample
            return _result(DIFFERENT, "sampling", witness={"at": plain(ce.at), "key": ce.lhs, "answer": ce.rhs})
        if j.verdict is Verdict.CONFIRMED:
            return _result(EQUIVALENT, f"sampling ({j.points} points, rtol {rtol:g})")
        return _result(UNDECIDED, "none", reason=j.reason)
    start = []
    if j.verdict is Verdict.REFUTED:
        names = {s.name: s for s in sampler.symbols}
        at = j.counterexample.at
        start = [{names[k]: sp.Float(v, 17) if isinstance(v, float) else sp.Integer(v) for k, v in at.items() if k in names}]
    elif j.verdict is Verdict.UNDECIDED and not j.reason.startswith(("only", "timed out")):
        return _result(UNDECIDED, "none", reason=j.reason)
    point, usable = _search_expressions(key.obj, answer.obj, sampler, start, _SAMPLES, wide=True)
    if point is not None:
        return _result(DIFFERENT, "sampling", witness=_expression_witness(key.obj, answer.obj, point))
    if j.verdict is Verdict.UNDECIDED and j.reason.startswith("timed out"):
        seen = f"{usable} sampled points agree (not a proof)" if usable else "no sampled point where both sides are computable"
        return _result(UNDECIDED, "none", reason=f"sampling and SymPy {j.reason}; {seen}")
    total = usable + (j.points if j.verdict is Verdict.CONFIRMED else 0)
    if usable >= 10:
        return _result(EQUIVALENT, f"sampling ({total} points where both are defined, near 0 and up to 1e9; rtol {_RTOL:g})")
    return _result(UNDECIDED, "sampling", reason=f"only {usable} points where both sides are defined (real); SymPy could not decide")


# --------------------------------------------------------------------------------------------
# conditions and sets


_OPS = {sp.StrictGreaterThan: ">", sp.GreaterThan: ">=", sp.StrictLessThan: "<", sp.LessThan: "<=", sp.Equality: "==", sp.Unequality: "!="}


def _canonical(rel: Any, symbols: Sequence[sp.Symbol]) -> tuple[Any, str]:
    """``rel`` as ``g OP 0`` with ``g`` scaled to a canonical multiple and OP one of > >= = != < <=."""
    flip = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "==": "==", "!=": "!="}
    op = _OPS[type(rel)]
    f = rel.lhs - rel.rhs
    if f.is_polynomial(*symbols):
        f = sp.expand(f)
    coeff, g = sp.factor_terms(f).as_coeff_Mul()
    if coeff < 0:  # f = coeff * g: the relation of g to 0 is the flipped one
        op = flip[op]
    if g.could_extract_minus_sign():
        g, op = -g, flip[op]
    return g, op


def _same_relations(a: Any, b: Any, symbols: Sequence[sp.Symbol]) -> bool:
    r"""Propositionally equivalent over canonical relations (:math:`2x > 6` is :math:`x - 3 > 0`).

    Each canonical :math:`g` gets three atoms :math:`g>0, g=0, g<0`, at most one true (none where
    :math:`g` is undefined; exactly one where :math:`g` is a polynomial), so the argument is sound
    also where a side is not real.
    """
    atoms: dict[Any, tuple[sp.Symbol, sp.Symbol, sp.Symbol]] = {}

    def literal(rel: Any) -> Any:
        g, op = _canonical(rel, symbols)
        if g not in atoms:
            i = len(atoms)
            atoms[g] = (sp.Symbol(f"P{i}"), sp.Symbol(f"Z{i}"), sp.Symbol(f"N{i}"))
        p, z, n = atoms[g]
        return {">": p, ">=": p | z, "==": z, "!=": p | n, "<": n, "<=": n | z}[op]

    def formula(cond: Any) -> Any:
        if isinstance(cond, sp.And | sp.Or):
            return cond.func(*[formula(c) for c in cond.args])
        if isinstance(cond, sp.core.relational.Relational):
            return literal(cond)
        return cond

    fa, fb = formula(a), formula(b)
    axioms = []
    for g, (p, z, n) in atoms.items():
        axioms += [~(p & z), ~(p & n), ~(z & n)]
        if g.is_polynomial(*symbols):
            axioms.append(p | z | n)
    return sp.satisfiable(sp.And(*axioms, sp.Xor(fa, fb))) is False


def _verified(key: _Side, answer: _Side, points: Iterable[dict], var: sp.Symbol | None) -> tuple[dict, bool, bool] | None:
    """The first point in exactly one of the two solution sets, by direct evaluation of both inputs."""
    for point in points:
        try:
            k, a = key.member(point, var), answer.member(point, var)
            if k is None or a is None or k == a:
                continue
            with mpmath.workdps(_DPS_CHECK):
                if (key.member(point, var), answer.member(point, var)) == (k, a):
                    return point, k, a
        except (TypeError, ValueError, AttributeError):
            continue
    return None


def _slice_values(others: Sequence[sp.Symbol], sampler: _Sampler) -> list[dict]:
    if not others:
        return [{}]
    simple = sampler.simple_points(limit=_SLICES, symbols=others)
    rng = sampler.rng
    for _ in range(1):  # and a less special fraction
        point = {s: sp.Rational(rng.randint(-40, 40), rng.choice((3, 7, 11))) for s in others}
        if all(sampler._in_domain(s, v) for s, v in point.items()):
            simple.append(point)
    return simple


def _regions(key: _Side, answer: _Side, assume: list[Any], sampler: _Sampler, element: sp.Symbol | None, budget: float) -> dict:
    """Compare two solution sets: conditions in any number of variables, or two sets of reals.

    With one variable, SymPy's ``solveset`` decides (a difference is a point it finds, checked by
    evaluating both inputs there). With more, each variable in turn is solved for on slices where
    the others are fixed to simple numbers; the verdict is then ``equivalent`` by sampling.
    """
    symbols = list(sampler.symbols)
    if key.family == answer.family == "condition":
        try:
            with time_limit(max(budget / 5, 0.2)):
                same = _same_relations(key.obj, answer.obj, symbols)
        except TimeLimitExceeded:
            same = False
        if same:
            return _result(EQUIVALENT, "symbolic (the same relations, rearranged or scaled)")
    keyc, answerc = key, answer
    if assume and key.family == "condition":  # two sets: the assumptions restrict their parameters (the sampler)
        keyc = _Side(key.kind, sp.And(key.obj, *assume), key.text)
        answerc = _Side(answer.kind, sp.And(answer.obj, *assume), answer.text)
    if not symbols:  # two closed statements: compare their truth
        k, a = keyc.member({}, None), answerc.member({}, None)
        if k == a:
            return _result(EQUIVALENT, f"evaluation (both {'true' if k else 'false'})")
        return _result(DIFFERENT, "evaluation", witness={"at": {}, "exact": {}, "in_key": k, "in_answer": a})
    is_set = element is not None
    variables = [element] if is_set else symbols[:3]
    per_solve = max(budget / 8, 0.2)
    agreed_in: dict[sp.Symbol, int] = {}  # variable -> slices where both solution sets agree (all of them)
    unsolved = unknown = 0
    domain = sp.S.Reals
    if len(symbols) == 1 and not is_set:
        (x,) = symbols
        if any(_periodic_inequality(r, x) for side in (keyc, answerc) for r in _relations(side.obj)):
            period = _common_period([keyc.obj, answerc.obj], x, per_solve)
            domain = sp.Interval.Ropen(0, period) if period is not None else domain
    for var in variables:
        others = [s for s in symbols if s != var]
        slices = _slice_values(others, sampler)
        agreed = 0
        for assign in slices:
            sets = (keyc.solution(var, assign, per_solve, domain), answerc.solution(var, assign, per_solve, domain))
            if sets[0] is None or sets[1] is None:
                unsolved += 1
                # One side solved: its points are candidates against the other, checked by evaluation.
                points = [p for s in sets if s is not None for p in _points_in(s)]
                hit = _verified(keyc, answerc, ({**assign, var: p} for p in points), var)
                if hit:
                    return _membership(hit, element, "evaluation at the solutions of one side")
                continue
            status, points = _compare_sets(*sets, per_solve)
            if status == "equal":
                # solveset can be wrong (log(-1) is i*pi to it): its solutions must satisfy both inputs.
                hit = _verified(keyc, answerc, ({**assign, var: p} for p in _points_in(sets[0])), var)
                if hit:
                    return _membership(hit, element, "evaluation at the solutions SymPy found")
                agreed += 1
                continue
            hit = _verified(keyc, answerc, ({**assign, var: p} for p in points), var)
            if hit:
                return _membership(hit, element, "solveset, checked by evaluation")
            unknown += 1
        if agreed == len(slices):
            agreed_in[var] = agreed
    # Truth values at simple and sampled points: a second look, independent of solveset (a shorter
    # one where solveset has settled the question in one variable).
    count = _SAMPLES // 3 if agreed_in and len(symbols) == 1 else _SAMPLES
    drawn = itertools.chain(sampler.simple_points(limit=count // 2), (sampler.point(wide=i % 3 == 0) for i in range(count)))
    points = [p for p in drawn if sampler.admissible(p)]
    hit = _verified(keyc, answerc, points, element)
    if hit:
        shorter = _verified(keyc, answerc, [p for p in _rounded(hit[0]) if sampler.admissible(p)], element)
        return _membership(shorter or hit, element, "evaluation at sampled points")
    one_variable = len(symbols) == 1
    if agreed_in and one_variable:
        shown = keyc.solution(symbols[0], {}, per_solve, domain)
        if domain is not sp.S.Reals:
            how = f"both periodic with period {sp.sstr(domain.sup)}; the same solution set {sp.sstr(shown)} in {sp.sstr(domain)}"
            return _result(EQUIVALENT, f"symbolic ({how})")
        return _result(EQUIVALENT, f"symbolic (solveset: the same solution set {sp.sstr(shown)}; {len(points)} sampled points agree)")
    if agreed_in and not unknown:
        where = ", ".join(f"{n} slices in {v}" for v, n in agreed_in.items())
        return _result(EQUIVALENT, f"sampling (solution sets agree on {where}; truth values agree at {len(points)} points)")
    if unknown and not unsolved and len(points) >= 10:
        return _result(
            EQUIVALENT,
            f"sampling (each side's solutions, up to 11 per slice, satisfy the other; truth values agree at {len(points)} points)",
        )
    return _result(
        UNDECIDED,
        "sampling",
        reason=f"SymPy cannot give the solution sets; truth values agree at {len(points)} sampled points (not a proof)",
    )


def _membership(hit: tuple[dict, bool, bool], element: sp.Symbol | None, method: str) -> dict:
    point, k, a = hit
    return _result(DIFFERENT, method, witness=_membership_witness(point, k, a, element))


# --------------------------------------------------------------------------------------------
# the entry points


def _result(verdict: str, method: str, *, witness: dict | None = None, reason: str = "") -> dict:
    return {"verdict": verdict, "method": method, "witness": witness, "reason": reason}


def _decide(key_text: str, answer_text: str, assume: Sequence[str], timeout_s: float, seed: int, out: dict) -> dict:
    key = _side(key_text, "key")
    out["kind"], out["key_parsed"] = key.kind, sp.sstr(key.obj)
    answer = _side(answer_text, "answer")
    out["answer_kind"], out["answer_parsed"] = answer.kind, sp.sstr(answer.obj)
    conditions = []
    for text in assume:
        condition = _side(text, "assumption")
        if condition.family != "condition":
            raise _InputProblem(f"the assumption {text!r} is not a condition such as x > 0")
        conditions.append(condition.obj)
    undefined = _undefined_functions(key, answer)
    if undefined:
        if key.obj == answer.obj:
            return _result(EQUIVALENT, "symbolic (identical)")
        return _result(UNDECIDED, "none", reason=f"uses functions defined elsewhere: {', '.join(undefined)}")
    if key.obj == answer.obj:
        return _result(EQUIVALENT, "symbolic (identical)")
    if (key.family == "expression") != (answer.family == "expression"):
        return _result(DIFFERENT, "kinds", witness={"kinds": {"key": key.kind, "answer": answer.kind}})
    symbols = key.symbols | answer.symbols
    relevant = [c for c in conditions if c.free_symbols <= symbols]
    domains = domains_from(relevant, symbols)
    sampler = _Sampler(tuple(sorted(symbols, key=lambda s: s.name)), domains, random.Random(seed))
    if key.family == "expression":
        return _expressions(key, answer, domains, sampler, seed, timeout_s * 0.5)
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
                return _regions(key, answer, relevant, sampler, None, timeout_s)
            element = var
        else:
            element = sp.Symbol("x_element")
            while element in params:
                element = sp.Symbol(element.name + "_")
            sampler = _Sampler(tuple(sorted(params | {element}, key=lambda s: s.name)), domains, sampler.rng)
    return _regions(key, answer, relevant, sampler, element, timeout_s)


def _drop_infinite_bounds(cond: Any) -> Any:
    """``x < oo`` and ``-oo < x`` (the open ends of an interval) are true for every real x."""
    if isinstance(cond, sp.And | sp.Or):
        return cond.func(*[_drop_infinite_bounds(c) for c in cond.args])
    if isinstance(cond, sp.core.relational.Relational) and {cond.lhs, cond.rhs} & {sp.oo, -sp.oo}:
        finite = cond.rhs if cond.lhs in (sp.oo, -sp.oo) else cond.lhs
        if finite.is_Symbol:
            return sp.true if _holds(cond, {finite: sp.Integer(0)}) else sp.false
    return cond


def _as_condition(side: _Side, var: sp.Symbol) -> _Side:
    """A set of reals as the condition ``var`` in the set (an interval is its inequality)."""
    if side.family != "set":
        return side
    try:
        return _Side("logic", _drop_infinite_bounds(_nnf(side.obj.as_relational(var))), side.text)
    except (NotImplementedError, TypeError, AttributeError, _InputProblem):
        return side


def equivalent(key: str, answer: str, assume: Sequence[str] = (), *, timeout_s: float = 5.0, seed: int = 0) -> dict:
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
            decided = _decide(key, answer, list(assume), timeout_s, seed, out)
    except _InputProblem as problem:
        decided = _result(UNDECIDED, "input", reason=str(problem))
    except TimeLimitExceeded:
        decided = _result(UNDECIDED, "none", reason=f"timed out after {timeout_s:g} s")
    except NotImplementedError as error:
        decided = _result(UNDECIDED, "none", reason=f"outside what SymPy can decide: {error}"[:300])
    except RecursionError:
        decided = _result(UNDECIDED, "none", reason="the input is nested too deeply to evaluate")
    except Exception as error:  # untrusted input: report it, never crash, never read it as different
        decided = _result(UNDECIDED, "none", reason=f"could not evaluate: {type(error).__name__}: {error}"[:300])
    out.update(decided)
    out["seconds"] = round(time.perf_counter() - start, 4)
    order = ("verdict", "kind", "method", "witness", "key_parsed", "answer_parsed", "seconds", "reason", "answer_kind")
    return {k: out.get(k) for k in order}


# --------------------------------------------------------------------------------------------
# batch mode


def load_pairs(path: str | Path) -> list[Any]:
    """A pairs file: a YAML list of ``{id, key, answer, assume: [...]}`` (read with ``yaml.safe_load``)."""
    import yaml

    path = Path(path)
    if not path.is_file():
        raise EquivInputError(f"{path}: no such file")
    if path.stat().st_size > MAX_PAIRS_BYTES:
        raise EquivInputError(f"{path}: {path.stat().st_size} bytes; a pairs file is limited to {MAX_PAIRS_BYTES} bytes")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8", errors="replace"))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        raise EquivInputError(f"{path}: not valid YAML{where}: {getattr(error, 'problem', error)}") from None
    if not isinstance(data, list):
        raise EquivInputError(f"{path}: expected a list of {{id, key, answer, assume: [...]}}, got {type(data).__name__}")
    return data


def _pair_fields(pair: Any, index: int) -> tuple[str, str, str, list[str]] | tuple[str, str]:
    """``(id, key, answer, assume)``, or ``(id, problem)`` for a pair that is not usable."""
    if not isinstance(pair, dict):
        return str(index), f"pair {index} is a {type(pair).__name__}, not a mapping {{id, key, answer, assume}}"
    pid = str(pair.get("id", index))
    missing = [f for f in ("key", "answer") if pair.get(f) is None]
    if missing:
        return pid, f"pair {pid!r} has no {' and no '.join(missing)}"
    fields = [pair["key"], pair["answer"]]
    if any(isinstance(f, dict | list | bool) for f in fields):
        return pid, f"pair {pid!r}: key and answer must be LaTeX strings"
    assume = pair.get("assume") or []
    if isinstance(assume, str):
        assume = [assume]
    if not isinstance(assume, list) or any(isinstance(a, dict | list | bool) or a is None for a in assume):
        return pid, f"pair {pid!r}: assume must be a list of LaTeX conditions"
    return pid, str(fields[0]), str(fields[1]), [str(a) for a in assume]


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
) -> list[dict]:
    """Judge every pair in worker processes (``spawn``: JAX may be loaded); results in input order.

    Each pair has ``timeout_s`` inside its worker. A pair that crashes its worker or is still
    running after ``deadline_s`` (default ``timeout_s + 5``: work that a signal cannot interrupt)
    gets ``undecided``; the worker is stopped and replaced and the batch goes on. Each worker may
    use ``memory_mb`` of address space. ``jobs=0`` judges in this process (no such protection).
    The pool is the one grading uses (:mod:`derivax.workerpool`).
    """
    from derivax.workerpool import run_pool

    jobs = (os.cpu_count() or 1) if jobs is None else jobs
    if jobs <= 0:
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
    run_pool(_judge_pair, (timeout_s, seed), tasks, jobs=jobs, on_done=done, on_lost=lost, deadline_s=grace, memory_mb=memory_mb)
    return [r if r is not None else {"id": _pair_id(pairs[i], i), **_failed("not judged")} for i, r in enumerate(results)]


def _pair_id(pair: Any, index: int) -> str:
    return str(pair.get("id", index)) if isinstance(pair, dict) else str(index)
