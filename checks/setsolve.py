r"""Short cuts to SymPy's answers about sets of reals in one variable: the same sets, the same truth values.

:func:`polynomial_relation` and :func:`absolute_relation` give the real solutions of a polynomial relation, and
of one with an absolute value of a polynomial, by SymPy's polynomial tools, where :func:`sympy.solveset` takes
10 to 70 ms; :func:`contains` and :func:`in_interval` decide membership in the sets solveset gives periodic
equations and in intervals without SymPy's relational machinery. Each gives exactly SymPy's answer (the same
sets, printed alike) or None (or SymPy's own answer) where it cannot; tests/test_equiv_paths.py compares them
with SymPy's on random inputs. :mod:`derivax.solutions` asks these first.
"""

from __future__ import annotations

import functools
import math
from fractions import Fraction
from typing import Any

import mpmath
import sympy as sp
from sympy.solvers.inequalities import solve_poly_inequality

from derivax.interval import enclosure
from derivax.limits import set_aside

__all__ = ["absolute_relation", "contains", "in_interval", "polynomial_relation", "simplest_between", "simplest_inside", "solvers_loaded"]

_INFINITE = (sp.oo, -sp.oo)


@functools.cache
def solvers_loaded() -> None:
    """Import what SymPy's solvers import on their first call (checksol loads sympy.physics.units and the combinatorics:
    0.3 s of CPU), before any budget is counted: the first inequality of a process got 0.3 s less for its proof than
    the next, and sigma(x - 0.3)(1 - sigma(x - 0.3)) <= 0.25 was proved or only confirmed by what ran before it. The
    clock is set aside (:func:`derivax.limits.set_aside`): called inside a check, the imports were still that check's
    time (0.5-0.8 s of CPU on a loaded machine)."""
    with set_aside():
        import sympy.assumptions.wrapper
        import sympy.combinatorics
        import sympy.physics.units
        import sympy.sets.handlers.functions
        import sympy.tensor.tensor  # noqa: F401


_ORDER = {sp.StrictLessThan: "<", sp.LessThan: "<=", sp.StrictGreaterThan: ">", sp.GreaterThan: ">="}


def polynomial_relation(rel: Any, x: sp.Symbol, domain: sp.Set) -> sp.Set | None:
    """The real solutions of :math:`p(x) = 0` or :math:`p(x) \\mathrel{R} 0` (R an order), p with rational
    coefficients and factors of degree at most 2, by SymPy's polynomial tools (real roots; the polynomial
    inequality solver): the rationals and square roots solveset gives, and the same sets (identical, printed
    alike, on 401 random equations and 481 inequalities); None for anything else. solveset would first
    re-evaluate the relation for a real x and, for an inequality, ask through ``simplify`` whether the
    polynomial is periodic: two thirds of its time there.
    """
    if not (type(rel) in _ORDER or isinstance(rel, sp.Equality)) or domain is not sp.S.Reals:
        return None
    f = rel.lhs - rel.rhs
    if f.free_symbols != {x} or not f.is_polynomial(x):
        return None
    poly = sp.Poly(f, x)
    if poly.degree() < 1:  # (x+1)^2 - (x^2+2x+1): zero, or a constant, once expanded: solveset decides
        return None
    if not (poly.domain.is_ZZ or poly.domain.is_QQ) or any(g.degree() > 2 for g, _ in poly.factor_list()[1]):
        return None
    if isinstance(rel, sp.Equality):
        return sp.FiniteSet(*poly.real_roots())
    solved = sp.Union(*solve_poly_inequality(poly, _ORDER[type(rel)]))
    # Where it holds for every real x, solveset says Reals if the assumptions settle the relation for a real x first
    # (x^2 + 1 > 0), else (-oo, oo); asked only then (it took half of this function's time). Elsewhere the sets
    # are the same without asking: an empty set is EmptySet either way.
    if solved == sp.S.Reals and rel.xreplace({x: sp.Dummy(real=True)}) is sp.true:
        return sp.S.Reals
    return solved


_RELATION = {"<": sp.StrictLessThan, "<=": sp.LessThan, ">": sp.StrictGreaterThan, ">=": sp.GreaterThan, "==": sp.Eq}


def absolute_relation(rel: Any, x: sp.Symbol, domain: sp.Set) -> sp.Set | None:
    r"""The real solutions of :math:`s|g(x)| + r(x) \mathrel{R} 0` (R an order or =; g, r polynomials, s a nonzero
    rational) by the definition of :math:`|g|`: :math:`g \ge 0` and :math:`sg + r \mathrel{R} 0`, or :math:`g < 0`
    and :math:`-sg + r \mathrel{R} 0`, each part by :func:`polynomial_relation`; None for anything else (or where a
    part is not for it). The same sets as solveset's, printed alike (tests/test_equiv_paths.py), in a few ms where
    solveset took 10 to 70 ms.
    """
    op = _ORDER.get(type(rel)) or ("==" if isinstance(rel, sp.Equality) else None)
    if op is None or domain is not sp.S.Reals:
        return None
    f = rel.lhs - rel.rhs
    absolutes = f.atoms(sp.Abs)
    if len(absolutes) != 1 or f.free_symbols != {x}:
        return None
    (absolute,) = absolutes
    g = absolute.args[0]
    t = sp.Dummy("t")
    linear = sp.expand(f.xreplace({absolute: t}))
    s, r = linear.coeff(t, 1), linear.coeff(t, 0)
    if linear.has(absolute) or sp.expand(s * t + r - linear) != 0 or not s.is_Rational or s == 0:
        return None
    if not (g.is_polynomial(x) and r.is_polynomial(x)):
        return None
    parts = []
    for sign, where in ((1, ">="), (-1, "<")):
        within = _polynomial_set(g, where, x)
        holds = _polynomial_set(sp.expand(sign * s * g + r), op, x)
        if within is None or holds is None:
            return None
        parts.append(sp.Intersection(within, holds))
    solved = sp.Union(*parts)
    return None if solved == sp.S.Reals else solved  # Reals or (-oo, oo): as solveset prints it, which this does not know


def _polynomial_set(p: Any, op: str, x: sp.Symbol) -> sp.Set | None:
    r"""The real solutions of :math:`p(x) \mathrel{op} 0` for a polynomial p, or None where :func:`polynomial_relation`
    gives none (a constant among them)."""
    p = sp.expand(p)
    if x not in p.free_symbols:  # |x| > x: solveset gives a ConditionSet (unsolved), and so does this, by leaving it
        return None
    return polynomial_relation(_RELATION[op](p, 0), x, sp.S.Reals)


def contains(s: sp.Set, p: Any) -> Any:
    """``s.contains(p)``, at once for the solutions solveset gives periodic equations: :math:`p` is in
    :math:`\\{a n + b : n \\in \\mathbb{Z}\\}` iff :math:`(p - b)/a` is an integer (SymPy's own test takes ~15 ms)."""
    if isinstance(s, sp.Union):
        parts = [contains(part, p) for part in s.args]
        if sp.true in parts:
            return sp.true
        if all(v is sp.false for v in parts):
            return sp.false
    elif isinstance(s, sp.ImageSet) and s.base_sets == (sp.S.Integers,) and len(s.lamda.variables) == 1:
        (n,) = s.lamda.variables
        a, b = sp.diff(s.lamda.expr, n), s.lamda.expr.subs(n, 0)
        if a.is_nonzero and not a.free_symbols and not b.free_symbols:
            q = (p - b) / a
            if q.is_Rational and s.lamda.expr.subs(n, q) == p:  # linear in n: the value at q is p
                return sp.true if q.is_integer else sp.false
    elif isinstance(s, sp.Interval):
        return in_interval(s, p)
    return s.contains(p)


def in_interval(s: sp.Interval, p: Any) -> Any:
    """``s.contains(p)``; for a rational p and rational or infinite ends, by comparing fractions (SymPy's own
    test builds and evaluates the relations, about 1 ms, and the simplest fraction inside may take many)."""
    p = sp.Integer(p) if isinstance(p, int) else p
    if not isinstance(p, sp.Rational):
        return s.contains(p)
    v = Fraction(int(p.p), int(p.q))
    sides = []  # for each end: is v above it (-1), at it (0), below it (1), or None where not known here
    for end in (s.start, s.end):
        if end in _INFINITE:
            sides.append(-1 if end == -sp.oo else 1)
        elif end.is_Rational:
            e = Fraction(int(end.p), int(end.q))
            sides.append((e > v) - (e < v))
        else:  # sqrt(2), 3 sqrt(5)/7, pi/2: an enclosure that leaves v out decides; else SymPy does
            bounds = _enclosed(end, (30,))
            apart = bounds is not None and (bounds[0] > v or bounds[1] < v)
            sides.append(None if not apart else (1 if bounds[0] > v else -1))
    if None in sides:
        return s.contains(p)
    above = sides[0] < 0 or (sides[0] == 0 and not s.left_open)
    below = sides[1] > 0 or (sides[1] == 0 and not s.right_open)
    return sp.true if above and below else sp.false


def simplest_inside(s: sp.Set) -> sp.Rational | None:
    """The simplest fraction (least denominator, then least magnitude) in an interval: strictly between rational
    bounds of its ends (either end may be infinite), or a closed rational end; None where the ends have no such
    bounds apart. A point surely inside, found by continued fractions and compared as fractions. SymPy compares
    such ends at its default precision: it holds atanh(1 - 10^{-30}) <= 0 true, and asking it whether 34 + 1/q lies
    below that end took 0.7 ms a q, for 4,000 q."""
    if not isinstance(s, sp.Interval):
        return None
    # 80 digits where 30 give no enclosure (atanh(1 - 10^{-30}))
    first = None if s.start == -sp.oo else _enclosed(s.start, (30, 80))
    last = None if s.end == sp.oo else _enclosed(s.end, (30, 80))
    if (first is None and s.start != -sp.oo) or (last is None and s.end != sp.oo):
        return None
    low = None if first is None else first[1]  # at or above every value the start may have
    high = None if last is None else last[0]  # at or below every value the end may have
    if low is not None and high is not None and not low < high:
        return None
    found = [simplest_between(low, high)]
    # a closed rational end is in the set too: w <= -4 gives -4 (strictly inside, -5)
    ends = ((s.start, not s.left_open), (s.end, not s.right_open))
    found += [Fraction(int(end.p), int(end.q)) for end, closed in ends if closed and end.is_Rational]
    simplest = min(found, key=lambda f: (f.denominator, abs(f)))
    return sp.Rational(simplest.numerator, simplest.denominator)


def _enclosed(end: Any, digits: tuple[int, ...]) -> tuple[Fraction, Fraction] | None:
    """Fractions at or below and at or above a number: itself twice where rational, else the ends of its interval
    enclosure at the first of ``digits`` that gives one; None where none does."""
    if end.is_Rational:
        value = Fraction(int(end.p), int(end.q))
        return value, value
    for precision in digits:
        bounds = enclosure(end, precision)
        if bounds is not None:
            low, high = _exactly(bounds[0]), _exactly(bounds[1])
            return (low, high) if low is not None and high is not None else None
    return None


def simplest_between(low: Fraction | None, high: Fraction | None) -> Fraction:
    """The simplest fraction in the open interval (low, high); None for an infinite end (low < high)."""
    if low is None:
        return Fraction(0) if high is None or high > 0 else -simplest_between(-high, None)
    floor = math.floor(low)
    if high is None or floor + 1 < high:  # an integer inside: the one nearest 0
        if low < 0 and (high is None or high > 0):
            return Fraction(0)
        return Fraction(floor + 1) if low >= 0 or high is None else Fraction(math.ceil(high) - 1)
    # low and high in [floor, floor + 1]: p/q in (low - floor, high - floor) iff q/p in (1/(high - floor), 1/(low - floor))
    inverse = simplest_between(1 / (high - floor), None if low == floor else 1 / (low - floor))
    return floor + 1 / inverse


def _exactly(m: Any) -> Fraction | None:
    """A finite mpf as the fraction it is (mantissa times a power of two); None for anything else."""
    if not (isinstance(m, mpmath.mpf) and mpmath.isfinite(m)):
        return None
    sign, man, exp, _ = m._mpf_  # man_exp drops the sign: -e was read as e
    value = Fraction(int(man) * 2**exp) if exp >= 0 else Fraction(int(man), 2**-exp)
    return -value if sign else value
