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

import itertools
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import mpmath
import sympy as sp
from sympy.calculus.util import periodicity

from derivax.evidence import Counterexample, Judgement, Verdict
from derivax.interval import enclosure
from derivax.limits import TimeLimitExceeded, time_limit
from derivax.realeval import CHECK_DIGITS, Unevaluable, defined_at, holds_at, relations_in, truth
from derivax.sampling import Sampler, point_json, rounded_points
from derivax.setsolve import (
    absolute_relation,
    contains,
    in_interval,
    polynomial_relation,
    simplest_inside,
    solvers_loaded,
)

__all__ = ["Side", "compare_solution_sets"]

_INFINITE = (sp.oo, -sp.oo)
_SLICES = 4
_SAMPLES = 60
_BRANCHES = 4  # at most this many solutions of an equation, elements of a finite set compared


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
        try:  # (a limit in the condition that cannot be valued: an internal error, probe helper-124)
            return domain if holds_at(cond, {}) else sp.S.EmptySet
        except Unevaluable:
            return None
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
    except Exception:  # SymPy's solvers raise many kinds: GeneratorsNeeded on sigma(z) = p, AttributeError in unrad
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
        # and far members: \sin x = 1 \Rightarrow x < 100 was confirmed from the eleven nearest (probe helper-119)
        far = (25, 30, 40, 50, 60, 75, 100, 150, 200, 300, 500, 1000, 2000, 5000, 10**4, 10**5, 10**6, 2 * 10**6, 10**7)
        for n in (*sorted(range(-20, 21), key=abs), *(m for k in far for m in (k, -k))):
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
    first, after = None, 0
    for point in points:
        if first is not None:
            after += 1
            if after > _BETTER_WITNESS_TRIES:
                break
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
                    if _all_defined(key, answer, point):
                        return point, k, a
                    first = first or (point, k, a)
        except (TypeError, ValueError, AttributeError, Unevaluable):
            continue
    return first


_BETTER_WITNESS_TRIES = 40  # points tried past a witness where a side is undefined, for one where both are defined


def _all_defined(key: Side, answer: Side, point: dict) -> bool:
    """Whether every side of both inputs' relations has a real value at the point: a witness a student can plug in.
    One where the answer divides by zero (t = 1 in m_t / (1 - \\beta_1^{t-1})) is "not in the answer's set", true, and
    gives the student 0/0 to check (probe helper-114); a better one is looked for, this one kept if none is found."""
    sides = [e for s in (key, answer) if s.family == "condition" for r in relations_in(s.obj) for e in (r.lhs, r.rhs)]
    return all(defined_at(e, point) is not False for e in sides)


def _slice_values(others: Sequence[sp.Symbol], sampler: Sampler, statements: Sequence[Any] = ()) -> list[dict]:
    """Values for the other symbols: simple numbers, and less special fractions near and farther out
    (a slice through 5/7 finds where a disc and a square differ; one through 0, 1, 2 does not); with ``statements``,
    also slices past each bound they set on one other symbol alone (:func:`_past_the_bounds`)."""
    if not others:
        return [{}]
    simple = sampler.simple_points(limit=_SLICES, symbols=others)
    rng = sampler.rng
    for numerators in ((-6, 6), (-40, 40)):
        point = {s: sp.Rational(rng.randint(*numerators), rng.choice((3, 7, 11))) for s in others}
        if all(sampler.in_domain(s, v) for s, v in point.items()):
            simple.append(point)
    return simple + _past_the_bounds(others, sampler, statements, simple[0] if simple else {})


_BOUND_SLICES = 6  # slices past the bounds on one symbol alone, at most (each costs a solve on each side)


def _past_the_bounds(others: Sequence[sp.Symbol], sampler: Sampler, statements: Sequence[Any], base: dict) -> list[dict]:
    r"""Slices on each side of every bound that a relation in ``statements`` sets on one of ``others`` alone
    (lambda = 15 and 5 for lambda < 10), the rest of ``others`` at ``base``.

    A band that narrows as a symbol grows (0 < \eta < 2/\lambda, 0 < x < e^{-y}) is met by a bound on that symbol
    (\wedge \lambda < 10) only past the bound, where the band is thin: no simple slice and no sampled point reached it,
    and ``0 < \eta\lambda < 2 \wedge \lambda < 10`` was graded equivalent to ``0 < \eta < 2/\lambda`` (probe helper-134)."""
    found: list[dict] = []
    names = set(others)
    for relation in (r for statement in statements if isinstance(statement, sp.Basic) for r in relations_in(statement)):
        alone = relation.free_symbols
        if len(alone) != 1 or not alone <= names or isinstance(relation, sp.Ne):
            continue
        (symbol,) = alone
        try:
            with time_limit(0.2):
                roots = sp.solveset(relation.lhs - relation.rhs, symbol, sp.S.Reals)
        except Exception:  # a time-out, or what solveset cannot take: no slice from this relation
            continue
        if not isinstance(roots, sp.FiniteSet):
            continue
        for root in (r for r in roots if r.is_real and r.is_finite):
            step = max(sp.Integer(1), abs(root)) / 2 if root.is_Rational else sp.Rational(1, 2)
            for value in (root + step, root - step):
                value = sp.Rational(str(sp.N(value, 15))) if not value.is_Rational else value
                point = {**base, symbol: value}
                if sampler.in_domain(symbol, value) and point not in found:
                    found.append(point)
    return found[:_BOUND_SLICES]


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
    fallback = None  # a witness where a side is undefined (1/0): kept while a better one is looked for

    def plug_in(hit: tuple[dict, bool, bool], method: str) -> Judgement | None:
        """The refutation where both inputs are defined at the witness; else None, the witness kept as a fallback."""
        nonlocal fallback
        if _all_defined(keyc, answerc, hit[0]):
            return _membership(hit, method)
        fallback = fallback or (hit, method)
        return None

    domain = sp.S.Reals
    if len(symbols) == 1 and not is_set:
        (x,) = symbols
        if any(_periodic_inequality(r, x) for side in (keyc, answerc) for r in relations_in(side.obj)):
            period = _common_period([keyc.obj, answerc.obj], x, per_solve)
            domain = sp.Interval.Ropen(0, period) if period is not None else domain
    for var in variables:
        others = [s for s in symbols if s != var]
        slices = _slice_values(others, sampler, (keyc.obj, answerc.obj))
        agreed = 0
        for assign in slices:
            sets = (keyc.solution(var, assign, per_solve, domain), answerc.solution(var, assign, per_solve, domain))
            if sets[0] is None or sets[1] is None:
                unsolved += 1
                # One side solved: its points are candidates against the other, checked by evaluation.
                points = [p for s in sets if s is not None for p in _points_in(s)]
                hit = _verified(keyc, answerc, ({**assign, var: p} for p in points), var)
                if hit and (found := plug_in(hit, "evaluation at the solutions of one side")):
                    return found
                continue
            status, points = _compare_sets(*sets, per_solve)
            differ += status == "differ"
            if status == "equal":
                # solveset can be wrong (log(-1) is i*pi to it): its solutions must satisfy both inputs.
                hit = _verified(keyc, answerc, ({**assign, var: p} for p in _points_in(sets[0])), var)
                if hit and (found := plug_in(hit, "evaluation at the solutions SymPy found")):
                    return found
                agreed += 1
                whole = sets[0] if not assign else whole  # one variable: the solution set, shown in the method
                continue
            hit = _verified(keyc, answerc, ({**assign, var: p} for p in points), var, digits=CHECK_DIGITS)
            if hit and (found := plug_in(hit, "solveset, checked by evaluation")):
                return found
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
        if found := plug_in(shorter or hit, "evaluation at sampled points"):
            return found
    if fallback is not None:  # no witness where both are defined: the one found stands
        return _membership(*fallback)
    one_variable = len(symbols) == 1
    # (a set answered, \mathbb{R} for x^2 \ge 0, comes as "logic": the question solved, its answer compared as a set)
    bound = key.kind in ("equation", "inequality") and answer.kind in ("equation", "inequality")  # (x \in R: a set's key)
    if bound and not is_set and points and _everywhere(keyc, whole, domain, points, element, one_variable):
        # \sigma(x)(1 - \sigma(x)) \le 1/4 against 0 \le 1: every true statement has the whole line for its solution set
        # (both were graded correct: probe helper-156); a bound is the same answer only rearranged or scaled (above)
        return Judgement(
            Verdict.UNDECIDED,
            "solution sets",
            "the key holds at every value (a bound or an identity), so any true statement has its solution set: an answer "
            "is the same only as the key's relation rearranged or scaled, and this one is not read as that",
        )
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


def _everywhere(key: Side, whole: sp.Set | None, domain: sp.Set, points: list[dict], element: Any, one_variable: bool) -> bool:
    """Whether the key holds at every value: its solution set is the domain (one variable), or it holds at every point."""
    if one_variable and whole is not None:
        return whole == domain
    return all(key.member(p, element) is True for p in points)


def _membership(hit: tuple[dict, bool, bool], method: str) -> Judgement:
    """A point in exactly one of the two sets, as a refutation (``lhs``: in the key's, ``rhs``: in the answer's)."""
    point, in_key, in_answer = hit
    at, exact = point_json(point)
    return Judgement(Verdict.REFUTED, method, "", Counterexample(at, in_key, in_answer, method, exact, dict(point)))


def _equal(method: str) -> Judgement:
    return Judgement(Verdict.PROVED if method.startswith("symbolic") else Verdict.CONFIRMED, method)
