r"""Solution sets: are two conditions (or sets of reals) the same set? The kernel for relations.

A condition (an equation, an inequality, and/or/not of them) stands for its *real solution set*: a
point belongs to it when every side of its relations is defined there (:mod:`derivax.realeval`)
and the relations hold. Two conditions, or two sets, or a condition in one variable and a set,
are compared as sets:

* with one variable, SymPy's ``solveset`` gives both sets (within one common period for
  trigonometric inequalities); a difference is a number in one set and not the other, *checked
  by evaluating both inputs there* (solveset can be wrong: ``log(-1)`` is ``i*pi`` to it);
* with several, each variable in turn is solved for on slices where the others are fixed to
  simple numbers, and the truth values are compared at sampled points (:mod:`derivax.sampling`);
* conditions that are the same relations rearranged or scaled (:math:`2x > 6` and :math:`x > 3`)
  are equal by propositional reasoning over canonical relations.

The answer is a :class:`~derivax.evidence.Judgement`: ``proved`` (symbolic), ``confirmed``
(sampling), ``refuted`` with a :class:`~derivax.evidence.Counterexample` whose ``at`` is the
point (for two sets: the element, under the element's name) and whose ``lhs``/``rhs`` say whether
it is in the key's and the answer's set, or ``undecided`` with the reason.
"""

from __future__ import annotations

import dataclasses
import itertools
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import mpmath
import sympy as sp
from sympy.calculus.util import periodicity

from derivax.evidence import Counterexample, Judgement, Verdict
from derivax.interval import enclosure
from derivax.limits import TimeLimitExceeded, clock, time_left, time_limit
from derivax.realeval import CHECK_DIGITS, NotACondition, Unevaluable, defined_at, holds_at, nnf, relations_in, truth
from derivax.sampling import Domains, Sampler, domains_from, point_json, rounded_points
from derivax.setsolve import (
    absolute_relation,
    contains,
    in_interval,
    polynomial_relation,
    simplest_between,
    simplest_inside,
    solvers_loaded,
)

__all__ = ["Side", "compare_solution_sets", "condition_side", "implies"]

_INFINITE = (sp.oo, -sp.oo)
_SLICES = 4
_SAMPLES = 60


def _substitute(cond: Any, assign: dict) -> Any:
    """Fix some symbols of a condition; a relation left without symbols becomes its truth value."""
    if not assign:
        return cond
    if isinstance(cond, sp.And | sp.Or):
        return cond.func(*[_substitute(a, assign) for a in cond.args])
    if isinstance(cond, sp.core.relational.Relational):
        rel = type(cond)(cond.lhs.xreplace(assign), cond.rhs.xreplace(assign), evaluate=False)
        if not rel.free_symbols:
            try:
                return sp.true if holds_at(rel, {}) else sp.false
            except Unevaluable:
                return rel
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
        return domain if holds_at(cond, {}) else sp.S.EmptySet
    if domain is sp.S.Reals and _periodic_inequality(cond, x):
        return None
    return _solveset(cond, x, domain, seconds)


_SOLVED: dict[tuple, sp.Set | None] = {}


def _solveset(rel: Any, x: sp.Symbol, domain: sp.Set, seconds: float) -> sp.Set | None:
    """SymPy's solution set of one relation, or None; remembered (a batch repeats its keys), unless it timed out."""
    memo = (rel, x, domain)
    if memo in _SOLVED:
        return _SOLVED[memo]
    solvers_loaded()  # their first call's imports are not the relation's time (tanh x < 1 - 10^{-30} was unsolved in 0.3 s)
    try:
        with time_limit(seconds):
            solved = polynomial_relation(rel, x, domain)
            if solved is None:
                solved = absolute_relation(rel, x, domain)
            if solved is None:
                solved = sp.solveset(rel, x, domain)
    except TimeLimitExceeded:
        return None
    except (NotImplementedError, ValueError, TypeError):
        solved = None
    if not isinstance(solved, sp.Set) or solved.has(sp.ConditionSet):
        solved = None
    if solved is not None and not _agrees_with_evaluation(rel, x, solved, domain):
        solved = _linear_set(rel, x, domain)  # SymPy's set is wrong at a simple point: x OP c is read by hand
    if len(_SOLVED) > 4096:
        _SOLVED.clear()
    _SOLVED[memo] = solved
    return solved


def _linear_set(rel: Any, x: sp.Symbol, domain: sp.Set) -> sp.Set | None:
    r"""The real solutions of :math:`a x + b \mathrel{R} 0` (R an order; a, b constants, a's sign certified by an
    enclosure), or None for any other relation or a domain other than the reals."""
    if type(rel) not in _ORDERS or domain is not sp.S.Reals:
        return None
    op = _OPS[type(rel)]
    b, linear = (rel.lhs - rel.rhs).as_independent(x, as_Add=True)  # not expanded: log(a/b) stays one logarithm
    a = sp.cancel(linear / x)
    if a.free_symbols or b.free_symbols or a == 0:
        return None
    sign = a if a.is_Rational else None
    if sign is None:
        bounds = enclosure(a, 30)
        if bounds is None or bounds[0] <= 0 <= bounds[1]:
            return None
        sign = bounds[0]
    end = -b / a
    above = (op in (">", ">=")) == (sign > 0)  # x above the end, or below it
    strict = op in (">", "<")
    return sp.Interval(end, sp.oo, strict, True) if above else sp.Interval(-sp.oo, end, True, strict)


_ORDERS = (sp.StrictLessThan, sp.LessThan, sp.StrictGreaterThan, sp.GreaterThan)
_PROBES = tuple(sp.Rational(p) for p in ("0", "1", "-1", "2", "-2", "1/2", "-1/2", "10", "-10", "1000", "-1000"))


def _agrees_with_evaluation(rel: Any, x: sp.Symbol, solved: sp.Set, domain: sp.Set) -> bool:
    """Whether SymPy's solution set agrees with the relation evaluated at a few simple points of the domain (where
    both answer). solveset compares numbers at its default precision: it gives x > log(1 + 10^{-40}) no solution at
    all (that logarithm evaluates to 0 there), and a set that is wrong at x = 1 must not decide anything. For an order
    relation and a union of intervals only (membership in a set of radicals took SymPy 2 s: x^3 - 3x + 1 = 0)."""
    parts = solved.args if isinstance(solved, sp.Union) else (solved,)
    if type(rel) not in _ORDERS or not all(isinstance(p, sp.Interval) or p in (sp.S.EmptySet, sp.S.Reals) for p in parts):
        return True
    for p in _PROBES:
        try:
            if domain is not sp.S.Reals and contains(domain, p) is not sp.true:
                continue
            inside = contains(solved, p)
            if inside not in (sp.true, sp.false):
                continue
            with mpmath.workdps(CHECK_DIGITS):
                holds = truth(rel, {x: p})
        except (TypeError, ValueError, AttributeError, ArithmeticError, Unevaluable):
            continue
        if holds != bool(inside):
            return False
    return True


def _common_period(conds: Sequence[Any], x: sp.Symbol, seconds: float) -> Any:
    """A period shared by every relation of the conditions (all periodic in ``x``), or None."""
    periods = []
    solvers_loaded()
    try:
        with time_limit(seconds):
            for cond in conds:
                for rel in relations_in(cond):
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
            inside = [contains(r, p) for r in rest]
            if isinstance(s, sp.Complement) and all(v is sp.false for v in inside):
                out.append(p)
            elif isinstance(s, sp.Intersection) and all(v is sp.true for v in inside):
                out.append(p)
        return out[:limit]
    return []


def _interval_points(s: sp.Interval) -> list[Any]:
    lo, hi = s.inf, s.sup
    if lo == hi:
        return [lo] if in_interval(s, lo) is sp.true else []
    inside = simplest_inside(s)  # certified by enclosures of the ends: SymPy held atanh(1 - 10^{-30}) <= 0
    if inside is not None:
        return [inside]
    # ends without interval enclosures (asin, atan): SymPy's comparisons
    if in_interval(s, 0) is sp.true:
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
    out = [p for p in out if in_interval(s, p) is sp.true]
    if not out and lo.is_finite and hi.is_finite:
        out.append((lo + hi) / 2)
    return out


def _compare_sets(a: sp.Set, b: sp.Set, seconds: float) -> tuple[str, list[Any]]:
    """``("equal", [])``, or ``("differ"|"unknown", candidate points)`` to be checked by evaluation.

    Where SymPy cannot say (or runs out of time), the candidates include :func:`_breakpoints`: for
    unions of intervals with numeric endpoints they are enough to tell the sets apart.
    """
    if a == b or _same_numbers(a, b):
        return "equal", []
    try:
        with time_limit(seconds):
            only_a, only_b = sp.Complement(a, b), sp.Complement(b, a)
            empty_a, empty_b = only_a.is_empty, only_b.is_empty
            if empty_a and empty_b:
                if _ends_apart(a, b):  # SymPy compares ends at its own precision: atanh(1 - 10^{-30}) and 34 tied
                    return "unknown", _breakpoints(a, b)
                return "equal", []
            points = (_points_in(only_a) if not empty_a else []) + (_points_in(only_b) if not empty_b else [])
            if empty_a is False or empty_b is False:
                return "differ", points
            return "unknown", points + _points_in(a) + _points_in(b) + _breakpoints(a, b)
    except (TimeLimitExceeded, NotImplementedError, TypeError, ValueError, RecursionError):
        return "unknown", _points_in(a) + _points_in(b) + _breakpoints(a, b)


def _same_numbers(a: sp.Set, b: sp.Set) -> bool:
    r"""Two finite sets of the same constants written apart (:math:`\{\ln(9)/2\}` and :math:`\{\ln 3\}`)."""
    return _numbers_within(a, b) and _numbers_within(b, a)


def _numbers_within(a: sp.Set, b: sp.Set) -> bool:
    """Each element of the finite set of constants ``a`` is some element of ``b``, by SymPy's simplification of their
    difference to 0 (tried only where they tie at 50 digits)."""
    if not (isinstance(a, sp.FiniteSet) and isinstance(b, sp.FiniteSet)) or a.free_symbols or b.free_symbols:
        return False
    if max(len(a), len(b)) > _BRANCHES or any(sp.count_ops(v) > 40 for v in (*a.args, *b.args)):
        return False

    def same(u: Any, v: Any) -> bool:
        try:
            with time_limit(0.5):
                return abs(sp.N(u - v, 50)) < sp.Float(10) ** -40 and sp.simplify(u - v) == 0
        except (TimeLimitExceeded, TypeError, ValueError):
            return False

    return all(any(same(u, v) for v in b.args) for u in a.args)


def _endpoints(s: sp.Set) -> list[Any] | None:
    """The finite numeric endpoints of a finite union of intervals and points (None for any other set)."""
    if isinstance(s, sp.Union):
        parts = [_endpoints(p) for p in s.args]
        return None if any(p is None for p in parts) else [e for p in parts for e in p]
    if isinstance(s, sp.Interval):
        ends = [s.inf, s.sup]
    elif isinstance(s, sp.FiniteSet):
        ends = list(s.args)
    elif s is sp.S.EmptySet or s is sp.S.Reals:
        ends = []
    else:
        return None
    finite = [e for e in ends if e.is_finite]
    return finite if all(e.is_real and not e.free_symbols for e in finite) else None


def _ends_apart(a: sp.Set, b: sp.Set) -> bool:
    """Whether two unions of intervals have finite ends that differ at 60 digits (False where either is no such union)."""
    ends_a, ends_b = _endpoints(a), _endpoints(b)
    if ends_a is None or ends_b is None:
        return False
    try:
        with mpmath.workdps(70):
            values_a, values_b = (sorted({mpmath.mpf(sp.N(e, 60)) for e in ends}) for ends in (ends_a, ends_b))
    except (TypeError, ValueError):
        return False
    if len(values_a) != len(values_b):
        return True
    # relative to the ends themselves (60 significant digits each): relative to 1, e^x > 1 + 10^{-40} and x > 10^{-40}
    # (ends 10^{-40} - 5 \cdot 10^{-81} and 10^{-40}) were equivalent; "apart" only sends the sets to their breakpoints
    return any(abs(x - y) > mpmath.mpf(10) ** -50 * max(abs(x), abs(y)) for x, y in zip(values_a, values_b, strict=True))


def _breakpoints(a: sp.Set, b: sp.Set, limit: int = 40) -> list[Any]:
    """Points where two unions of intervals can differ: every endpoint, one point inside each gap
    between consecutive endpoints and one beyond each end (membership is constant in between).

    Two such sets that agree at all of them are equal; [0, \\sqrt 2] and [0, 1.414] differ at \\sqrt 2.
    """
    ends_a, ends_b = _endpoints(a), _endpoints(b)
    if ends_a is None or ends_b is None:
        return []
    try:
        ends = sorted(set(ends_a + ends_b), key=lambda e: sp.N(e, 30))[:limit]
    except TypeError:
        return []
    if not ends:
        return [sp.Integer(0)]
    gaps = [(lo + hi) / 2 for lo, hi in itertools.pairwise(ends)]
    return ends + gaps + [ends[0] - 1, ends[-1] + 1]


@dataclass(frozen=True)
class Side:
    """One parsed input: an expression, a condition (NNF Boolean) or a set of reals."""

    kind: str  # expression, equation, inequality, logic, set
    obj: Any
    text: str
    written: tuple = field(default=(), compare=False)  # where an expression as written is defined (Parsed.domain)

    @property
    def family(self) -> str:
        return {"expression": "expression", "set": "set"}.get(self.kind, "condition")

    @property
    def symbols(self) -> set[sp.Symbol]:
        return {s for s in getattr(self.obj, "free_symbols", set()) if isinstance(s, sp.Symbol)}

    def member(self, point: dict, var: sp.Symbol | None) -> bool | None:
        """Is the point in this side's solution set (a set: is the value of ``var`` an element)?"""
        if self.family == "condition":
            return truth(self.obj, point)
        assign = {s: v for s, v in point.items() if s != var}
        answer = self.obj.xreplace(assign).contains(point[var])
        return bool(answer) if answer in (sp.true, sp.false) else None

    def solution(self, var: sp.Symbol, assign: dict, seconds: float, domain: sp.Set = sp.S.Reals) -> sp.Set | None:
        if self.family == "set":
            return self.obj.xreplace(assign).intersect(domain)
        return _solution_set(_substitute(self.obj, assign), var, seconds, domain)


_OPS = {sp.StrictGreaterThan: ">", sp.GreaterThan: ">=", sp.StrictLessThan: "<", sp.LessThan: "<=", sp.Equality: "==", sp.Unequality: "!="}


_FLIP = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "==": "==", "!=": "!="}
_EVEN_POWER = {"==": "==", "!=": "!=", ">": "!=", "<=": "=="}  # g^n OP 0 for even n as a relation of g: g^n > 0 iff g != 0
_EXPAND_TERMS = 200  # a power that expands past this many terms is compared through its base instead


def _canonical(rel: Any, symbols: Sequence[sp.Symbol]) -> tuple[Any, str]:
    """``rel`` as ``g OP 0`` with ``g`` scaled to a canonical multiple and OP one of > >= = != < <=."""
    return _canonical_of(rel.lhs - rel.rhs, _OPS[type(rel)], symbols)


def _canonical_of(f: Any, op: str, symbols: Sequence[sp.Symbol]) -> tuple[Any, str]:
    r"""``f OP 0`` in canonical form (see :func:`_canonical`).

    A power :math:`c\,g^n` (n a positive integer) whose expansion would be large (:math:`(x+y+z+w+v)^{40}`
    has 135,751 terms) is read through its base: :math:`g^n` is defined exactly where :math:`g` is, has
    the sign of :math:`g` for odd n, and for even n is 0 where :math:`g = 0` and positive elsewhere.
    """
    coeff, core = f.as_coeff_Mul()
    if core.is_Pow and core.exp.is_Integer and core.exp > 1 and _expansion_terms(core) > _EXPAND_TERMS:
        power_op = _FLIP[op] if coeff < 0 else op
        if core.exp % 2:
            return _canonical_of(core.base, power_op, symbols)
        if power_op in _EVEN_POWER:
            return _canonical_of(core.base, _EVEN_POWER[power_op], symbols)
    if f.is_polynomial(*symbols):
        f = sp.expand(f)
    coeff, g = sp.factor_terms(f).as_coeff_Mul()
    if coeff == 0:  # f is 0: never "0 times g" (x + 1 = x + 1 and x + 1 = x + 2 had the same atom g = 1)
        return sp.Integer(0), op
    if coeff < 0:  # f = coeff * g: the relation of g to 0 is the flipped one
        op = _FLIP[op]
    if g.could_extract_minus_sign():
        g, op = -g, _FLIP[op]
    return g, op


def _expansion_terms(power: Any) -> int:
    """How many terms the multinomial expansion of ``base^n`` has (t terms in the base: C(n+t-1, t-1))."""
    terms = len(sp.Add.make_args(power.base))
    return math.comb(int(power.exp) + terms - 1, terms - 1) if terms > 1 else 1


_STATES = {">": "P", ">=": "PZ", "==": "Z", "!=": "PN", "<": "N", "<=": "NZ"}  # g OP 0 holds in these states of g
_ENUMERATED = 1024  # up to this many joint states of the atoms, the two formulas are compared at every one


def _samerelations_in(a: Any, b: Any, symbols: Sequence[sp.Symbol]) -> bool:
    r"""Propositionally equivalent over canonical relations (:math:`2x > 6` is :math:`x - 3 > 0`).

    Each canonical :math:`g` is in one of the states :math:`g>0, g=0, g<0`, or none of them where :math:`g`
    is undefined (never for a polynomial), so the argument is sound also where a side is not real. The
    two formulas must agree in every joint state of their atoms: tried one by one where there are at most
    :data:`_ENUMERATED` (a condition has a few relations; SymPy's SAT solver took 1 to 3 ms to say the
    same), else asked of SymPy's SAT solver.
    """
    atoms: dict[Any, int] = {}

    def formula(cond: Any) -> Any:
        """A tree of tuples: ``("&"|"|", parts)``, ``(atom, states)`` for a relation, or a bool."""
        if isinstance(cond, sp.And | sp.Or):
            return ("&" if isinstance(cond, sp.And) else "|", [formula(c) for c in cond.args])
        if isinstance(cond, sp.core.relational.Relational):
            g, op = _canonical(cond, symbols)
            if not g.free_symbols:  # a number is in one state, known: never an atom free to take any
                return _number_state(g) in _STATES[op]
            return (atoms.setdefault(g, len(atoms)), _STATES[op])
        if cond is sp.true or cond is sp.false:
            return bool(cond)
        raise LookupError  # anything else: the SAT solver decides, on the formulas as they are

    try:
        fa, fb = formula(a), formula(b)
    except _SignUnknown:
        return False  # not shown to be the same relations: the other comparisons decide
    except LookupError:
        return _samerelations_by_sat(a, b, symbols)
    choices = [("P", "Z", "N") if g.is_polynomial(*symbols) else ("P", "Z", "N", "") for g in atoms]
    if math.prod(len(c) for c in choices) > _ENUMERATED:
        return _samerelations_by_sat(a, b, symbols)
    return all(_holds(fa, state) == _holds(fb, state) for state in itertools.product(*choices))


class _SignUnknown(Exception):
    """A relation between numbers whose truth SymPy does not settle exactly."""


def _number_state(g: Any) -> str:
    """The state of a number: "P", "Z", "N", or "" where it is undefined (zoo, nan, not real); raises
    :class:`_SignUnknown` where SymPy cannot say exactly."""
    if g.has(sp.zoo, sp.nan, sp.oo, -sp.oo) or g.is_extended_real is False:
        return ""
    for state, known in (("Z", g.is_zero), ("P", g.is_positive), ("N", g.is_negative)):
        if known:
            return state
    raise _SignUnknown


def _holds(tree: Any, state: tuple[str, ...]) -> bool:
    """The truth of a :func:`_samerelations_in` formula when atom i is in ``state[i]`` ("" for undefined)."""
    if isinstance(tree, bool):
        return tree
    head, rest = tree
    if head == "&":
        return all(_holds(t, state) for t in rest)
    if head == "|":
        return any(_holds(t, state) for t in rest)
    return state[head] != "" and state[head] in rest


def _samerelations_by_sat(a: Any, b: Any, symbols: Sequence[sp.Symbol]) -> bool:
    """:func:`_samerelations_in` by SymPy's SAT solver: three atoms for each canonical :math:`g`, at most one true."""
    atoms: dict[Any, tuple[sp.Symbol, sp.Symbol, sp.Symbol]] = {}

    def literal(rel: Any) -> Any:
        g, op = _canonical(rel, symbols)
        if not g.free_symbols:
            return sp.true if _number_state(g) in _STATES[op] else sp.false
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

    try:
        fa, fb = formula(a), formula(b)
    except _SignUnknown:
        return False
    axioms = []
    for g, (p, z, n) in atoms.items():
        axioms += [~(p & z), ~(p & n), ~(z & n)]
        if g.is_polynomial(*symbols):
            axioms.append(p | z | n)
    return sp.satisfiable(sp.And(*axioms, sp.Xor(fa, fb))) is False


def _verified(
    key: Side, answer: Side, points: Iterable[dict], var: sp.Symbol | None, agreed: list[dict] | None = None, digits: int | None = None
) -> tuple[dict, bool, bool] | None:
    r"""The first point in exactly one of the two solution sets, by direct evaluation of both inputs; ``agreed`` collects
    the points where both memberships were computed and agree (a point where one is unknown counts for nothing).
    ``digits``: evaluate at that many digits from the first (points SymPy placed between two ends that differ far
    below 60 digits: x = 10^{-40} - 2.5 \cdot 10^{-81} is in e^x > 1 + 10^{-40} and not in x > 10^{-40})."""
    for point in points:
        try:
            with mpmath.workdps(digits or mpmath.mp.dps):
                k, a = key.member(point, var), answer.member(point, var)
            if k is None or a is None:
                continue
            if k == a:
                if agreed is not None:
                    agreed.append(point)
                continue
            with mpmath.workdps(CHECK_DIGITS):
                if (key.member(point, var), answer.member(point, var)) == (k, a):
                    return point, k, a
        except (TypeError, ValueError, AttributeError, Unevaluable):
            continue
    return None


def _slice_values(others: Sequence[sp.Symbol], sampler: Sampler) -> list[dict]:
    if not others:
        return [{}]
    """Values for the other symbols: simple numbers, and less special fractions near and farther out
    (a slice through 5/7 finds where a disc and a square differ; one through 0, 1, 2 does not)."""
    simple = sampler.simple_points(limit=_SLICES, symbols=others)
    rng = sampler.rng
    for numerators in ((-6, 6), (-40, 40)):
        point = {s: sp.Rational(rng.randint(*numerators), rng.choice((3, 7, 11))) for s in others}
        if all(sampler.in_domain(s, v) for s, v in point.items()):
            simple.append(point)
    return simple


def compare_solution_sets(
    key: Side, answer: Side, assume: list[Any], sampler: Sampler, element: sp.Symbol | None, budget: float
) -> Judgement:
    """Compare two solution sets: conditions in any number of variables, or two sets of reals.

    With one variable, SymPy's ``solveset`` decides (a difference is a point it finds, checked by
    evaluating both inputs there). With more, each variable in turn is solved for on slices where
    the others are fixed to simple numbers; the verdict is then ``equivalent`` by sampling.
    """
    symbols = list(sampler.symbols)
    if key.family == answer.family == "condition":
        try:
            with time_limit(max(budget / 5, 0.2)):
                same = _samerelations_in(key.obj, answer.obj, symbols)
        except TimeLimitExceeded:
            same = False
        if same:
            return _equal("symbolic (the same relations, rearranged or scaled)")
    keyc, answerc = key, answer
    if assume and key.family == "condition":  # two sets: the assumptions restrict their parameters (the sampler)
        keyc = Side(key.kind, sp.And(key.obj, *assume), key.text)
        answerc = Side(answer.kind, sp.And(answer.obj, *assume), answer.text)
    if not symbols:  # two closed statements: compare their truth
        k, a = keyc.member({}, None), answerc.member({}, None)
        if k == a:
            return _equal(f"evaluation (both {'true' if k else 'false'})")
        return Judgement(Verdict.REFUTED, "evaluation", "", Counterexample({}, k, a, "evaluation"))
    is_set = element is not None
    variables = [element] if is_set else symbols[:3]
    per_solve = max(budget / 8, 0.2)
    agreed_in: dict[sp.Symbol, int] = {}  # variable -> slices where both solution sets agree (all of them)
    unsolved = unknown = differ = 0
    whole = None
    domain = sp.S.Reals
    if len(symbols) == 1 and not is_set:
        (x,) = symbols
        if any(_periodic_inequality(r, x) for side in (keyc, answerc) for r in relations_in(side.obj)):
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
                    return _membership(hit, "evaluation at the solutions of one side")
                continue
            status, points = _compare_sets(*sets, per_solve)
            differ += status == "differ"
            if status == "equal":
                # solveset can be wrong (log(-1) is i*pi to it): its solutions must satisfy both inputs.
                hit = _verified(keyc, answerc, ({**assign, var: p} for p in _points_in(sets[0])), var)
                if hit:
                    return _membership(hit, "evaluation at the solutions SymPy found")
                agreed += 1
                whole = sets[0] if not assign else whole  # one variable: the solution set, shown in the method
                continue
            hit = _verified(keyc, answerc, ({**assign, var: p} for p in points), var, digits=CHECK_DIGITS)
            if hit:
                return _membership(hit, "solveset, checked by evaluation")
            unknown += 1
        if agreed == len(slices):
            agreed_in[var] = agreed
    # Truth values at simple and sampled points: a second look, independent of solveset (a shorter
    # one where solveset has settled the question in one variable).
    count = _SAMPLES // 3 if agreed_in and len(symbols) == 1 else _SAMPLES
    drawn = itertools.chain(sampler.simple_points(limit=count // 2), (sampler.point(far=i % 3 == 0) for i in range(count)))
    points: list[dict] = []  # where both truth values were computed and agree ('78 points agree' counted the unknown too)
    hit = _verified(keyc, answerc, [p for p in drawn if sampler.admissible(p)], element, points)
    if hit:
        shorter = _verified(keyc, answerc, [p for p in rounded_points(hit[0]) if sampler.admissible(p)], element)
        return _membership(shorter or hit, "evaluation at sampled points")
    one_variable = len(symbols) == 1
    if agreed_in and one_variable:
        shown = whole if whole is not None else keyc.solution(symbols[0], {}, per_solve, domain)
        if domain is not sp.S.Reals:
            how = f"both periodic with period {sp.sstr(domain.sup)}; the same solution set {sp.sstr(shown)} in {sp.sstr(domain)}"
            return _equal(f"symbolic ({how})")
        return _equal(f"symbolic (solveset: the same solution set {sp.sstr(shown)}; {len(points)} sampled points agree)")
    if agreed_in and not unknown:
        where = ", ".join(f"{n} slices in {v}" for v, n in agreed_in.items())
        return _equal(f"sampling (solution sets agree on {where}; truth values agree at {len(points)} points)")
    if differ:  # SymPy's sets differ and no point of the difference was confirmed: neither proved nor refuted
        return Judgement(
            Verdict.UNDECIDED,
            "sampling",
            "SymPy's solution sets differ, but no point where they do was confirmed by evaluation at 150 digits "
            f"(truth values agree at {len(points)} sampled points)",
        )
    if unknown and not unsolved and len(points) >= 10:
        return _equal(
            f"sampling (each side's solutions, up to 11 per slice, satisfy the other; truth values agree at {len(points)} points)",
        )
    return Judgement(
        Verdict.UNDECIDED,
        "sampling",
        f"SymPy cannot give the solution sets; truth values agree at {len(points)} sampled points (not a proof)",
    )


def _membership(hit: tuple[dict, bool, bool], method: str) -> Judgement:
    """A point in exactly one of the two sets, as a refutation (``lhs``: in the key's, ``rhs``: in the answer's)."""
    point, in_key, in_answer = hit
    at, exact = point_json(point)
    return Judgement(Verdict.REFUTED, method, "", Counterexample(at, in_key, in_answer, method, exact, dict(point)))


def _equal(method: str) -> Judgement:
    return Judgement(Verdict.PROVED if method.startswith("symbolic") else Verdict.CONFIRMED, method)


def _beside_ends(target: sp.Set) -> list[sp.Rational]:
    """Rational points on both sides of each finite end of a set of reals, from a tenth to 10^{-12} of the end's size and of 1."""
    try:
        ends = [e for e in target.boundary if isinstance(e, sp.Expr) and e.is_finite and not e.free_symbols]
    except (TypeError, ValueError, NotImplementedError, AttributeError):
        return []
    out = []
    for end in ends[:4]:
        try:
            value = sp.Rational(str(sp.N(end, 40)))
        except (TypeError, ValueError):
            continue
        # a tenth to 10^{-12} of the end's size, and of 1 (x > 0 => e^x > 1 + 10^{-40}: its end is 10^{-40}, and every
        # point 10^{-12} from it was on the same side of 0 as the end)
        sizes = dict.fromkeys([max(abs(value), sp.Integer(1)), abs(value)] if value != 0 else [sp.Integer(1)])
        out += [_simplest_beside(value, sign * size / sp.Integer(10) ** k) for size in sizes for k in (1, 3, 6, 9, 12) for sign in (1, -1)]
    return out


def _simplest_beside(value: sp.Rational, step: sp.Rational) -> sp.Rational:
    """The simplest fraction strictly between ``value`` and ``value + step``: a witness a student can plug in
    (69/2 rather than a fraction of 40 digits)."""
    ends = sorted([value, value + step])
    low, high = (Fraction(int(e.p), int(e.q)) for e in ends)
    found = simplest_between(low, high)
    return sp.Rational(found.numerator, found.denominator)


def _defined(side: Side, point: dict) -> bool:
    """Whether every side of every relation in a condition has a real value at the point."""
    if side.kind in ("set", "expression"):
        return True
    # an infinite bound (x < \infty of x \in (1, \infty)) is a value to compare with: the point was skipped as undefined
    # there, and x > 0 => x \in (1, \infty) was confirmed
    return all(e in (sp.oo, -sp.oo) or defined_at(e, point) is not False for r in relations_in(side.obj) for e in (r.lhs, r.rhs))


def _premise_only(premise: Side, conclusion: Side, points: Iterable[dict]) -> tuple[dict | None, int]:
    """The first point where the premise holds and the conclusion fails (both re-checked at 150 digits),
    or None, and at how many points both the premise and the conclusion held."""
    seen = 0
    for point in points:
        try:
            if not premise.member(point, None):
                continue
            if conclusion.member(point, None):
                seen += 1  # counted only where the conclusion was evaluated: a Derivative at a point raised, and counted
                continue
            if not _defined(conclusion, point):
                continue  # w = -b/(2a) at a = 0: no value to fail there (sides compared where they are defined)
            with mpmath.workdps(CHECK_DIGITS):
                if premise.member(point, None) and not conclusion.member(point, None):
                    return point, seen
        except (TypeError, ValueError, AttributeError, Unevaluable):
            continue
    return None, seen


def implies(premise: Side, conclusion: Side, sampler: Sampler, budget: float, hunt_s: float | None = None) -> Judgement:
    r"""Does the conclusion hold wherever the premise does (inside the sampler's domains)? ``A \Rightarrow B``.

    ``proved`` where, in one variable, SymPy's solution set of A lies inside B's (its points checked
    by evaluation); ``refuted`` with a point where A holds and B fails (found among A's solutions on
    slices, or among sampled points, and re-checked at 150 digits); ``confirmed`` when at least 10
    points satisfying A all satisfy B; otherwise ``undecided``. A conclusion about symbols the
    premise never mentions is ``undecided``: it needs facts from elsewhere.
    """
    extra = conclusion.symbols - premise.symbols
    if extra:
        # a Dummy stands for an unknown function's value or derivative (compare's stand-ins): never its internal name
        names = [s.name for s in sorted(extra, key=str) if not isinstance(s, sp.Dummy)]
        names += ["a value or derivative of a function defined elsewhere"] if any(isinstance(s, sp.Dummy) for s in extra) else []
        return Judgement(Verdict.UNDECIDED, "none", f"the conclusion uses {', '.join(names)}, which the premise does not mention")
    return _implies(premise, conclusion, sampler, budget, hunt_s=budget / 2 if hunt_s is None else hunt_s)


def _implies(premise: Side, conclusion: Side, sampler: Sampler, budget: float, hunt_s: float = 0.0, edges: bool = True) -> Judgement:
    """:func:`implies` once the conclusion's symbols are known to be tied to the premise's (an eliminated symbol's
    branch may leave the premise without them: ``x + y = 1`` becomes no condition on x at all)."""
    start = clock()
    symbols = list(sampler.symbols)
    if len(symbols) > 1:
        reduced = _within(budget * 0.8 + hunt_s, lambda _: _by_elimination(premise, conclusion, sampler, budget * 0.8, hunt_s))
        if reduced is not None and reduced.verdict is not Verdict.UNDECIDED:
            return reduced
        budget = max(budget - (clock() - start), min(budget, 1.0))
    per_solve = max(budget / (8 if len(symbols) > 1 else 2), 0.2)  # one symbol: one premise and one conclusion to solve
    candidates: list[dict] = []
    solved_inside = None
    for var in symbols[:3]:
        others = [s for s in symbols if s != var]
        slices = _slice_values(others, sampler) + (_slice_values(others, sampler)[-2:] if others else [])
        # inside the assumptions' domain of var ("For $x > 0$": x^2 = 4 => x = 2 has the one premise point 2 there)
        domain = sampler.domains.of(var)
        for assign in slices:
            if len(symbols) > 1 and clock() - start > budget:
                break  # the slices share the budget: solved for every slice, 14 solves of 0.2 s outlived a 3 s step
            found = premise.solution(var, assign, per_solve, domain)
            # the conclusion gets what the premise left (most often all: a branch's premise is the guards of a solution)
            rest = max(0.8 * (budget - (clock() - start)), per_solve)
            target = conclusion.solution(var, assign, rest, domain) if len(symbols) == 1 else None
            if target is not None:
                # just past each end of the conclusion's set, where a premise may still hold: SymPy compares the ends
                # at its default precision (atanh(1 - 10^{-30}) is oo there, so tanh x < 1 - 10^{-30} => x < 34 was
                # proved); tried whether or not the premise was solved (it was confirmed where that solve ran out of
                # time); these points are evaluated at 150 digits before anything is said
                candidates = [{**assign, var: p} for p in _beside_ends(target)] + candidates
            if found is None:
                continue
            # inside the premise's set, and just inside its ends, where a conclusion fails first (sigma(z) >= 0.99 =>
            # sigma'(z) <= 0.0098 fails for z in [4.595, 4.605] only: 5, the set's simplest point, is past it)
            candidates += [{**assign, var: p} for p in _points_in(found) + _beside_ends(found)]
            if target is not None:
                within = _numbers_within(found, target)
                status, _ = ("equal", []) if within else _compare_sets(sp.Intersection(found, target), found, per_solve)
                solved_inside = status == "equal"
                if not solved_inside:  # where the premise holds and the conclusion may not: a thin sliver first
                    candidates = [{**assign, var: p} for p in _points_in(sp.Complement(found, target))] + candidates
    drawn = itertools.chain(candidates, sampler.simple_points(limit=30), (sampler.point(far=i % 3 == 0) for i in range(_SAMPLES)))
    point, looked = _premise_only(premise, conclusion, (p for p in drawn if sampler.admissible(p)))
    if point is not None:
        at, exact = point_json(point)
        ce = Counterexample(at, "holds", "fails", "the premise holds there and the conclusion does not", exact, dict(point))
        return Judgement(Verdict.REFUTED, "evaluation", "", ce)
    if solved_inside:
        return Judgement(Verdict.PROVED, "symbolic (solveset: the premise's solutions lie in the conclusion's)", points=looked)
    if looked < 10 and len(symbols) > 1:  # few simple slices in the domains (integers n >= 1): slices at sampled points
        more = []
        for var in symbols[:3]:
            for _ in range(6):
                assign = {s: v for s, v in sampler.point().items() if s != var}
                found = premise.solution(var, assign, per_solve)
                more += [{**assign, var: p} for p in _points_in(found)] if found is not None else []
        point, extra = _premise_only(premise, conclusion, (p for p in more if sampler.admissible(p)))
        if point is not None:
            at, exact = point_json(point)
            ce = Counterexample(at, "holds", "fails", "the premise holds there and the conclusion does not", exact, dict(point))
            return Judgement(Verdict.REFUTED, "evaluation", "", ce)
        looked += extra
    # Before confirming, the hunt (its own time, hunt_s): the premise's edges, where a thin failure usually sits, and the
    # searches of a single relation with the premise as its domain (critical points, the guided climb)
    hunt_start = clock()
    if edges and len(symbols) > 1 and hunt_s > 0.2:
        edge = _within(hunt_s * 0.6, lambda s: _on_the_edges(premise, conclusion, sampler, s))
        if edge is not None:
            return edge
    if looked >= 10:
        hunted = _within(hunt_s - (clock() - hunt_start), lambda s: _hunted(premise, conclusion, sampler, s))
        if hunted is not None:
            return hunted
    if looked >= 10:
        return Judgement(
            Verdict.CONFIRMED, f"sampling ({looked} points where the premise holds; the conclusion holds at each)", points=looked
        )
    return Judgement(Verdict.UNDECIDED, "sampling", f"only {looked} points where the premise holds; SymPy could not decide", points=looked)


_KEPT_BACK = 0.3  # CPU seconds a search leaves of the limit around it, for the verdict it would otherwise give


def _within(seconds: float, search: Any) -> Judgement | None:
    """``search(s)`` under a time limit of s seconds, at most what the limit around it leaves less :data:`_KEPT_BACK`;
    None where it runs out (a search that finds nothing in time leaves the verdict before it standing: it never
    turns a confirmation into a time-out)."""
    left = time_left()
    seconds = min(seconds, left - _KEPT_BACK) if left > 0 else seconds
    if seconds <= 0.1:
        return None
    try:
        with time_limit(seconds):
            return search(seconds)
    except TimeLimitExceeded:
        return None


_ELIMINABLE = (sp.Add, sp.Mul, sp.Pow, sp.exp, sp.log, sp.Symbol, sp.Number, sp.NumberSymbol)
_BRANCHES = 4
_ELIMINATED_AMONG = 6  # symbols in an equation to solve: past that, solving each in turn costs more than sampling


def _solved_for(equation: Any, var: sp.Symbol, seconds: float) -> tuple[list[Any], list[Any]] | None:
    r"""Every real solution of ``equation`` for ``var``, as expressions in the other symbols, and the conditions on
    the others under which they are solutions; or None.

    Only SymPy's complete answers are taken: a finite set, one intersected with the reals (``y = x^2`` for x is
    :math:`\{-\sqrt{y}, \sqrt{y}\}` where those are real), or one under a condition that an expression of the others
    lies in an interval (:math:`|w| c = 1` gives :math:`\pm 1/c` where :math:`1/c \ge 0`). The solutions are built from
    sums, products, powers, exp and log only, so where each is real is what :func:`_where_real` says.
    """
    try:
        with time_limit(seconds):
            if not _solved_whatever_the_others(equation, var):
                return None
            solved = sp.solveset(equation, var, sp.S.Reals)
    except TimeLimitExceeded:
        return None
    except Exception:  # SymPy fails in many ways on what it cannot solve: no elimination then
        return None
    conditions = []
    if isinstance(solved, sp.ConditionSet) and solved.sym == var and isinstance(solved.condition, sp.Contains):
        element, where = solved.condition.args
        if var in element.free_symbols or not isinstance(where, sp.Interval):
            return None
        conditions.append(where.as_relational(element))
        solved = solved.base_set
    if isinstance(solved, sp.Intersection) and len(solved.args) == 2 and sp.S.Reals in solved.args:
        solved = next(a for a in solved.args if a is not sp.S.Reals)
    if not isinstance(solved, sp.FiniteSet) or not 1 <= len(solved) <= _BRANCHES:
        return None
    values = list(solved.args)
    for value in values:
        if var in value.free_symbols or value.has(sp.I, sp.zoo, sp.nan, sp.oo, -sp.oo):
            return None
        if any(not isinstance(node, _ELIMINABLE) for node in sp.preorder_traversal(value)):
            return None
    return values, conditions


def _never_zero(c: Any) -> bool:
    """A coefficient that is 0 for no real values of its symbols (a nonzero number, e^y, y^2 + 1)."""
    real = {s: sp.Dummy(s.name, real=True) for s in c.free_symbols}
    return c.xreplace(real).is_zero is False


def _solved_whatever_the_others(equation: Any, var: sp.Symbol) -> bool:
    r"""Whether SymPy's solutions for ``var`` are all of them for *every* value of the other symbols.

    ``solveset`` solves for generic values of the others: :math:`\eta g = 0` gives :math:`\eta = 0`, but at g = 0
    every :math:`\eta` is a solution. The equation (denominators cleared) is taken as a polynomial in ``var``, or in
    the one function of ``var`` it holds (:math:`e^{2x}`, :math:`\ln x`), and accepted only where its degree cannot
    drop: the leading coefficient is never 0, or (degree 1) it and the constant term are never 0 together because one
    of them never is. ``xy = 1`` for x passes (at y = 0 it has no solution at all); ``\eta g = 0`` does not."""
    try:
        f = sp.numer(sp.together(equation.lhs - equation.rhs))
    except (TypeError, ValueError, AttributeError):
        return False
    def holds_var(g: Any) -> bool:
        return var in g.free_symbols and g != var and not (g.is_Pow and g.base == var and g.exp.is_Integer)

    holders = [var, *sorted({g for g in f.atoms(sp.exp, sp.log, sp.Pow, sp.Abs) if holds_var(g)}, key=sp.default_sort_key)]
    for holder in holders:
        stand_in = sp.Dummy("g")
        taken = f.xreplace({holder: stand_in})
        if var in taken.free_symbols or not _moves_with(holder, var):
            continue
        try:
            poly = sp.Poly(taken, stand_in)
        except (sp.PolynomialError, sp.GeneratorsNeeded, TypeError, ValueError):
            continue
        coefficients = poly.all_coeffs()
        if any(var in c.free_symbols for c in coefficients) or poly.degree() < 1:
            continue
        if _never_zero(coefficients[0]):
            return True
        return poly.degree() == 1 and _never_zero(coefficients[1])
    return False


def _moves_with(holder: Any, var: sp.Symbol) -> bool:
    r"""Whether a function of ``var`` (:math:`e^{2x}`, :math:`\ln x`, :math:`|x - 1|`, :math:`2^x`) changes with it for
    *every* value of the other symbols: its one argument holding ``var`` is a polynomial in it whose leading coefficient
    is never 0 (a power's base then has a number as exponent; an exponent, a positive number other than 1 as base).
    :math:`e^{xy}` does not: at y = 0 it is 1 whatever x is, so :math:`e^{xy} = 1` holds for every x there."""
    if holder == var:
        return True
    parts = [a for a in holder.args if var in a.free_symbols]
    if len(parts) != 1:
        return False
    (inner,) = parts
    if holder.is_Pow:
        other = holder.exp if inner is holder.base else holder.base
        if not other.is_number or other.is_zero or (inner is holder.exp and not (other.is_positive and other != 1)):
            return False
    try:
        poly = sp.Poly(inner, var)
    except (sp.PolynomialError, sp.GeneratorsNeeded, TypeError, ValueError):
        return False
    lead = poly.LC()
    return poly.degree() >= 1 and var not in lead.free_symbols and _never_zero(lead)


def _where_real(value: Any) -> list[Any]:
    """Conditions under which a solution built by :func:`_solved_for` is a real number: each logarithm's argument
    positive, each fractional power's base nonnegative (positive for a negative exponent), each denominator nonzero."""
    conditions = []
    for node in sp.preorder_traversal(value):
        if isinstance(node, sp.log) and node.args[0].free_symbols:
            conditions.append(sp.StrictGreaterThan(node.args[0], 0))
        elif node.is_Pow and node.base.free_symbols:
            if not node.exp.is_integer:
                strict = node.exp.is_negative or not (node.exp.is_Rational and node.exp.q % 2 == 0)
                conditions.append((sp.StrictGreaterThan if strict else sp.GreaterThan)(node.base, 0))
            elif node.exp.is_negative:
                conditions.append(sp.Unequality(node.base, 0))
    return [c for c in dict.fromkeys(conditions) if c is not sp.true]


def _side_of(condition: Any, text: str) -> Side:
    relations = relations_in(condition)
    kind = "equation" if relations and all(isinstance(r, sp.Equality) for r in relations) else "inequality"
    return Side(kind, condition, text)


def _elimination(premise: Side, sampler: Sampler, seconds: float) -> tuple[sp.Symbol, list[Any], Any] | None:
    """The premise's equation to solve and the symbol to solve it for (fewest solutions, simplest ones first), its
    solutions, and the rest of the premise; None where no equation of the premise is solved completely. The
    completeness test (:func:`_solved_whatever_the_others`) goes first, being cheaper than ``solveset``; all the
    solving shares ``seconds``."""
    if premise.kind == "set" or not isinstance(premise.obj, sp.Equality | sp.And):
        return None
    parts = list(premise.obj.args) if isinstance(premise.obj, sp.And) else [premise.obj]
    best = None
    deadline = clock() + seconds
    for part in parts:
        if not isinstance(part, sp.Equality) or len(part.free_symbols) > _ELIMINATED_AMONG:
            continue
        for var in sorted(part.free_symbols & set(sampler.symbols), key=lambda s: s.name):
            whole = sampler.domains.of(var).has(sp.S.Integers, sp.S.Naturals, sp.S.Naturals0)
            if var in sampler.integers or isinstance(var, sp.Dummy) or whole:
                continue
            left = deadline - clock()
            if left <= 0.05:
                return None if best is None else best[1:]
            solved = _solved_for(part, var, left)
            if solved is None:
                continue
            values, conditions = solved
            rank = (len(values), sum(sp.count_ops(v) + 4 * len(_where_real(v)) for v in values))
            if best is None or rank < best[0]:
                best = (rank, var, values, sp.And(*[q for q in parts if q is not part], *conditions))
    return None if best is None else best[1:]


def _by_elimination(premise: Side, conclusion: Side, sampler: Sampler, budget: float, hunt_s: float = 0.0) -> Judgement | None:
    r"""``A \Rightarrow B`` where A has an equation solved completely for one symbol v (``x + y = 1`` for y): for
    each solution s, the rest of A with v = s (and v's domain, and where s is real) must imply B with v = s. Exact:
    every point of A is one of these. The branches have one symbol fewer, so one symbol left is a question
    ``solveset`` answers (``x + y = 1 \Rightarrow xy < 1/4`` fails at x = y = 1/2, which no sample hits).
    None where no equation is solved so, or a branch's refutation does not hold for A and B as written."""
    start = clock()
    found = _elimination(premise, sampler, min(budget / 2, 1.5))
    if found is None:
        return None
    var, values, rest = found
    others = tuple(s for s in sampler.symbols if s != var)
    domain = sampler.domains.of(var)
    tied = [c for c in sampler.domains.conditions if var in c.free_symbols]
    kept = Domains(
        {s: d for s, d in sampler.domains.sets.items() if s != var},
        tuple(c for c in sampler.domains.conditions if var not in c.free_symbols),
    )
    narrower = Sampler(others, kept, integers=sampler.integers, seed=sampler.seed, largest=sampler.largest)
    methods, proved = [], True
    for i, value in enumerate(values):
        guards = _where_real(value) + ([domain.as_relational(value)] if domain is not sp.S.Reals else [])
        branch_premise = sp.And(rest.xreplace({var: value}), *[c.xreplace({var: value}) for c in tied], *guards)
        branch_conclusion = conclusion.obj.xreplace({var: value})
        if branch_premise is sp.false or branch_conclusion is sp.true:
            methods.append(f"{var.name} = {value}: nothing to follow")
            continue
        left = budget + hunt_s - (clock() - start)  # each branch's hunt is paid from the same time
        if left <= 0.2:
            return None
        sides = _side_of(branch_premise, premise.text), _side_of(branch_conclusion, conclusion.text)
        share = left / (len(values) - i)
        j = _implies(*sides, narrower, share * budget / (budget + hunt_s), share * hunt_s / (budget + hunt_s), edges=False)
        if j.verdict is Verdict.REFUTED and j.counterexample is not None:
            # a sampled float as the exact number it is: x = sqrt(1 - y^2) of a float y left x^2 + y^2 a rounding off 1
            found = {s: sp.Rational(v) if isinstance(v, sp.Float) else v for s, v in j.counterexample.point.items()}
            point = {**found, var: value.xreplace(found)}
            with mpmath.workdps(CHECK_DIGITS):
                try:
                    holds = sampler.admissible(point) and premise.member(point, None) and not conclusion.member(point, None)
                    holds = holds and _defined(conclusion, point)  # w = -b/a at a = b = 0: no value to fail there
                except (TypeError, ValueError, AttributeError, Unevaluable):
                    holds = False
            if not holds:
                return None
            at, exact = point_json(point)
            ce = Counterexample(at, "holds", "fails", "the premise holds there and the conclusion does not", exact, point)
            return Judgement(Verdict.REFUTED, f"{j.method}; the premise solved for {var.name} = {value}", "", ce)
        if j.verdict is Verdict.UNDECIDED:
            return j
        proved = proved and j.verdict is Verdict.PROVED
        methods.append(f"{var.name} = {value}: {j.method}")
    how = f"the premise's equation solved for {var.name} (every real solution): " + "; ".join(methods)
    return Judgement(Verdict.PROVED if proved else Verdict.CONFIRMED, how)


def _hunted(premise: Side, conclusion: Side, sampler: Sampler, seconds: float) -> Judgement | None:
    r"""A refutation where the conclusion, a single relation, turns or its negation is solved, one variable at a time
    inside the premise as the domain (:mod:`derivax.slivers`, as ``check`` hunts a relation): on a branch of the circle
    ``x^2 + y^2 = 1 \Rightarrow |x + y| < \sqrt{2}`` is a relation in y on [-1, 1] that fails where it turns only.
    Each point is re-checked at 150 digits against the premise and the conclusion as written; never a proof. An
    equation in the premise is :func:`_by_elimination`'s: as a domain it leaves no room to move in."""
    from derivax.slivers import critical_points, negation_points  # slivers solves with this module: imported when needed

    relation = conclusion.obj
    if seconds < 0.3 or premise.kind == "set" or not isinstance(relation, sp.core.relational.Relational):
        return None
    parts = premise.obj.args if isinstance(premise.obj, sp.And) else (premise.obj,)
    if any(isinstance(part, sp.Equality) for part in parts) or not all(isinstance(e, sp.Expr) for e in relation.args):
        return None
    start = clock()
    try:
        with time_limit(min(seconds / 3, 1.0)):
            domains = domains_from([*sampler.domains.as_conditions(), premise.obj], sampler.symbols)
    except (TimeLimitExceeded, TypeError, ValueError, RecursionError):
        return None
    if any(d.is_empty for d in domains.sets.values()):
        return None
    lhs, rhs, op = relation.lhs, relation.rhs, _OPS[type(relation)]
    symbols = sorted(relation.free_symbols & set(sampler.symbols), key=lambda s: s.name)
    fixed = [p for p in sampler.simple_points(limit=30) if sampler.admissible(p) and premise.member(p, None)]
    left = seconds - (clock() - start)
    proposals = negation_points(lhs, rhs, op, symbols, domains, frozenset(sampler.integers), fixed, left / 2)
    for point, how in itertools.chain(proposals, _later(lambda: critical_points(lhs, rhs, op, symbols, domains, fixed, left / 2))):
        point = {**(fixed[0] if fixed else {}), **point}
        if set(point) != set(sampler.symbols):
            continue
        with mpmath.workdps(CHECK_DIGITS):
            try:
                holds = sampler.admissible(point) and premise.member(point, None) and not conclusion.member(point, None)
                holds = holds and _defined(conclusion, point)
            except (TypeError, ValueError, AttributeError, Unevaluable):
                continue
        if holds:
            at, exact = point_json(point)
            ce = Counterexample(at, "holds", "fails", "the premise holds there and the conclusion does not", exact, point)
            return Judgement(Verdict.REFUTED, f"evaluation ({how}, the premise as the domain)", "", ce)
    return _equal_inside(premise, relation, op, sampler, domains, seconds - (clock() - start))


def _equal_inside(premise: Side, relation: Any, op: str, sampler: Sampler, domains: Domains, seconds: float) -> Judgement | None:
    r"""``x > 0 \Rightarrow \cos x \ne x``: the conclusion's sides are equal somewhere inside the premise's interval
    by the intermediate value theorem (:func:`derivax.compare._equal_somewhere`), though at no rational point. One
    symbol, a premise that is one interval of it (so the segment found lies inside), ``\ne`` or a strict order."""
    from derivax.compare import _equal_somewhere  # compare uses this module: imported when first needed

    if op not in ("!=", "<", ">") or len(sampler.symbols) != 1 or seconds < 0.3:
        return None
    (x,) = sampler.symbols
    where = domains.of(x)
    if not (where is sp.S.Reals or isinstance(where, sp.Interval)):
        return None
    crossing = _equal_somewhere(relation.lhs, relation.rhs, op, x, where, seconds)
    if crossing is None:
        return None
    low, high, changing = crossing
    inside = simplest_between(Fraction(int(low.p), int(low.q)), Fraction(int(high.p), int(high.q)))
    point = {x: sp.Rational(inside.numerator, inside.denominator)}
    try:
        with mpmath.workdps(CHECK_DIGITS):
            if not (premise.member(point, None) and premise.member({x: low}, None) and premise.member({x: high}, None)):
                return None
    except (TypeError, ValueError, AttributeError, Unevaluable):
        return None
    at, exact = point_json(point)
    shown = f"{mpmath.nstr(mpmath.mpf(low.p) / low.q, 17)}, {mpmath.nstr(mpmath.mpf(high.p) / high.q, 17)}"
    note = (
        f"the premise holds on [{shown}], where {changing} changes sign and is continuous: the conclusion's sides are "
        "equal at a point between, by the intermediate value theorem"
    )
    ce = Counterexample(at, "holds", "fails", note, exact, point)
    return Judgement(Verdict.REFUTED, "intermediate value theorem, the premise as the domain", "", ce)


def _later(make: Any) -> Iterable[Any]:
    """The items of ``make()``, made only when the ones before them did not suffice."""
    yield from make()


def edge_counterexample(condition: Any, relation: Any, sampler: Sampler, seconds: float) -> dict | None:
    r"""A point on the edge of a condition that ties several symbols (``x^2 + y^2 \le 1``, given as an assumption)
    where ``relation`` fails (:func:`_on_the_edges`), or None."""
    if not isinstance(relation, sp.core.relational.Relational):
        return None
    found = _on_the_edges(_side_of(condition, ""), _side_of(relation, ""), sampler, seconds)
    return dict(found.counterexample.point) if found is not None and found.counterexample is not None else None


_ORDERS_ALL = (sp.GreaterThan, sp.LessThan, sp.StrictGreaterThan, sp.StrictLessThan)
_NUDGES = tuple(sp.Rational(1, 10**k) for k in (4, 8, 12, 16))


def _on_the_edges(premise: Side, conclusion: Side, sampler: Sampler, budget: float) -> Judgement | None:
    r"""A refutation on or just inside the edge of an inequality of the premise (``x^2 + y^2 \le 1 \Rightarrow x + y
    \le 1.414`` fails near x = y = 0.7071, on the circle): the inequality taken as an equation, which
    :func:`_by_elimination` solves. A point found on the edge of a strict inequality is not in the premise: it is moved
    toward a simple point inside it by 10^-4 .. 10^-16 of the way, where a failure by a margin still shows
    (``x^2 + y^2 < 1 \Rightarrow x + y \le 1.414``). Every point is checked against the premise as written. Never a
    proof: the edge is part of the premise only."""
    if premise.kind == "set" or not isinstance(premise.obj, (*_ORDERS_ALL, sp.And)):
        return None
    parts = list(premise.obj.args) if isinstance(premise.obj, sp.And) else [premise.obj]
    start = clock()
    for part in parts:
        if not isinstance(part, _ORDERS_ALL) or len(part.free_symbols) < 2:
            continue
        left = budget - (clock() - start)
        if left <= 0.2:
            return None
        edge = sp.And(*[sp.Eq(part.lhs, part.rhs) if q is part else q for q in parts])
        j = _by_elimination(_side_of(edge, premise.text), conclusion, sampler, left)
        if j is None or j.verdict is not Verdict.REFUTED:
            continue
        point = j.counterexample.point
        for candidate, where in [(point, "on"), *((p, "just inside") for p in _nudged(point, premise, sampler))]:
            with mpmath.workdps(CHECK_DIGITS):
                try:
                    if premise.member(candidate, None) and not conclusion.member(candidate, None) and _defined(conclusion, candidate):
                        at, exact = point_json(candidate)
                        ce = dataclasses.replace(j.counterexample, at=at, exact=exact, point=candidate)
                        return dataclasses.replace(j, method=f"{j.method}, {where} the edge {part.lhs} = {part.rhs}", counterexample=ce)
                except (TypeError, ValueError, AttributeError, Unevaluable):
                    continue
    return None


def _nudged(point: dict, premise: Side, sampler: Sampler) -> list[dict]:
    """``point`` moved a little toward each of up to three simple points where the premise holds."""
    inside = []
    for q in sampler.simple_points(limit=30):
        try:
            if set(q) == set(point) and sampler.admissible(q) and premise.member(q, None):
                inside.append(q)
        except (TypeError, ValueError, AttributeError, Unevaluable):
            continue
        if len(inside) == 3:
            break
    return [{s: v + t * (q[s] - v) for s, v in point.items()} for t in _NUDGES for q in inside]


def condition_side(parsed: Any) -> Side | None:
    """A parsed relation, chain or logical combination as a condition (negation normal form), else None."""
    if parsed.kind not in ("relation", "chain", "logic"):
        return None
    try:
        condition = nnf(parsed.condition)
    except NotACondition:
        return None
    relations = relations_in(condition)
    if any(not isinstance(side, sp.Expr) for r in relations for side in r.args):
        return None
    kind = "equation" if relations and all(isinstance(r, sp.Equality) for r in relations) else "inequality"
    return Side("logic" if parsed.kind == "logic" else kind, condition, parsed.text)
