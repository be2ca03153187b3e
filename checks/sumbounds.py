r"""Partial sums with no closed form, past the terms derivax adds up: bounds by the integral test.

A sum :math:`S_n = \sum_{k=a}^{n} f(k)` that SymPy does not sum is added up term by term, so it is only ever valued
for small n (up to 1000). An order relation between such sums can hold there and fail far out:
:math:`\sum_{k=1}^n k^{-1/2} < 2000` holds up to n = 10^6 and fails from n = 1,001,000 on, and
:math:`\sum_{k=2}^n \frac{1}{k \ln k} < 5` only past n = 10^{10^{2}}. For f monotone on :math:`[a, \infty)` with an
antiderivative F in closed form the integral test brackets every partial sum,

.. math::

    f(k) \text{ between } \int_{k-1}^{k} f \text{ and } \int_{k}^{k+1} f
    \quad\Rightarrow\quad
    S_n \text{ between } F(n+1) - F(a) \text{ and } f(a) + F(n) - F(a),

whichever way f runs, and for f positive and decreasing with :math:`F(\infty)` finite,
:math:`f(a) \le S_n \le f(a) + F(\infty) - F(a)` for every n. A relation whose sides are linear in the sum holds (or
fails) for every value of an interval once it does at both ends, which settles it there at any n.
"""

from __future__ import annotations

import dataclasses
import itertools
from typing import Any

import mpmath
import sympy as sp

from derivax.limits import time_limit
from derivax.realeval import CHECK_DIGITS, value_at

ORDERS = ("<", "<=", ">", ">=")


@dataclasses.dataclass(frozen=True)
class IntegralTest:
    """The integral test's bracket of one partial sum, as expressions in its upper bound ``n``."""

    total: sp.Sum
    n: sp.Symbol
    low: sp.Expr
    high: sp.Expr
    limit_high: sp.Expr | None  # f(a) + F(oo) - F(a): every partial sum's ceiling, where f is positive, decreasing and F(oo) finite
    first: sp.Expr  # f(a): every partial sum's floor, where f is positive


def unsummed(expressions: Any, whole: list[sp.Symbol]) -> list[sp.Sum]:
    r"""The sums left in ``expressions`` whose upper bound is one of the whole-number symbols ``whole``, or runs with one
    (``K - 1``: \sum_{k=0}^{K-1} (k+1)^{-3/2} \le 2.6 was confirmed, past the 1000 terms added up without a word, and fails
    from K = 28,000 or so: probe helper-195 F30)."""
    found: dict[sp.Sum, None] = {}
    for e in expressions:
        if isinstance(e, sp.Basic):
            for s in e.atoms(sp.Sum):
                if len(s.limits) == 1 and (s.limits[0][2] in whole or s.limits[0][2].free_symbols & set(whole)):
                    found[s] = None
    return list(found)


def integral_test(total: sp.Sum, seconds: float = 2.0) -> IntegralTest | None:
    r"""The integral test's bracket of ``total`` (a sum :math:`\sum_{k=a}^{n} f(k)` with a whole number a, f in k alone,
    monotone on :math:`[a, \infty)` by SymPy's test of its derivative and on 40 points spread out to 10^{12}, with an
    antiderivative SymPy finds and checks by differentiating); None where any of this fails or takes too long."""
    (k, a, n), f = total.limits[0], total.function
    if not (a.is_Integer and isinstance(n, sp.Symbol)) or f.free_symbols - {k}:
        return None
    x = sp.Dummy("x", positive=True)
    g = f.xreplace({k: x})
    try:
        with time_limit(seconds):
            from sympy.calculus.singularities import is_decreasing, is_increasing

            where = sp.Interval(a, sp.oo)
            decreasing = bool(is_decreasing(g, where, x))
            if not decreasing and not is_increasing(g, where, x):
                return None
            if not _monotone_on_samples(g, x, int(a), decreasing):
                return None
            antiderivative = sp.integrate(g, x)
            if antiderivative.has(sp.Integral) or sp.simplify(antiderivative.diff(x) - g) != 0:
                return None
            start = antiderivative.subs(x, a)
            first = g.subs(x, a)
            if not (start.is_finite and first.is_finite):
                return None
            ends = (antiderivative.subs(x, n + 1) - start, first + antiderivative.subs(x, n) - start)
            low, high = (ends[0], ends[1]) if decreasing else (ends[1], ends[0])
            limit_high = None
            if decreasing and first.is_positive:
                far = sp.limit(antiderivative, x, sp.oo)
                if far.is_finite and sp.limit(g, x, sp.oo) == 0:
                    limit_high = first + far - start
    except Exception:  # TimeLimitExceeded included: SymPy's monotonicity test, integral or limit gave out
        return None
    return IntegralTest(total, n, low, high, limit_high, first)


def _monotone_on_samples(g: sp.Expr, x: sp.Symbol, a: int, decreasing: bool) -> bool:
    """A second opinion on SymPy's monotonicity test: the values at points from a to 10^12 run the same way."""
    points = sorted({a + i for i in range(8)} | {int(10 ** (e / 3)) for e in range(3, 37)} - {p for p in range(a)})
    with mpmath.workdps(30):
        values = [value_at(g, {x: sp.Integer(p)}) for p in points if p >= a]
    if any(v is None for v in values):
        return False
    steps = [b - c for c, b in itertools.pairwise(values)]
    return all(s <= 0 for s in steps) if decreasing else all(s >= 0 for s in steps)


def _linear_in(sides: tuple[Any, Any], total: sp.Sum) -> tuple[Any, Any] | None:
    """The sides with the sum as one symbol, where both are linear in it; None otherwise."""
    s = sp.Dummy("S")
    put = tuple(side.xreplace({total: s}) if isinstance(side, sp.Basic) else side for side in sides)
    if any(isinstance(side, sp.Basic) and (side.has(total) or sp.diff(side, s, 2) != 0) for side in put):
        return None
    return put, s


def _fails(rel: str, a: Any, b: Any) -> bool | None:
    """Whether ``a rel b`` fails with a margin of 10^{-100} of the larger side (None: too close to tell)."""
    margin = mpmath.mpf(10) ** -100 * max(abs(a), abs(b), 1)
    if abs(a - b) <= margin:
        return None
    holds = {"<": a < b, "<=": a < b, ">": a > b, ">=": a > b, "==": False}[rel]
    return not holds


def _ends_values(sides: tuple[Any, Any], s: sp.Symbol, ends: tuple[Any, Any], point: dict) -> list[tuple[Any, Any]] | None:
    """Both sides' values with the sum at either end of its bracket, at ``point``, at 150 digits."""
    out = []
    with mpmath.workdps(CHECK_DIGITS):
        for end in ends:
            at = value_at(end, point)
            if at is None:
                return None
            values = tuple(
                value_at(side.xreplace({s: sp.Float(at, CHECK_DIGITS)}), point) if isinstance(side, sp.Basic) else side for side in sides
            )
            if any(v is None for v in values):
                return None
            out.append(values)
    return out


def fails_throughout(lhs: Any, rhs: Any, rel: str, test: IntegralTest, point: dict) -> tuple[str, str, str] | None:
    """Where the relation fails for every value of the integral test's bracket of its one unsummed sum at ``point``
    (both sides linear in that sum): the sides there, as ranges, and a note for the evidence; None otherwise."""
    if rel not in (*ORDERS, "=="):
        return None
    linear = _linear_in((lhs, rhs), test.total)
    if linear is None:
        return None
    (left, right), s = linear
    values = _ends_values((left, right), s, (test.low, test.high), point)
    if values is None:
        return None
    failing = [_fails(rel, a, b) for a, b in values]
    if not all(failing):
        return None
    if rel == "==" and (values[0][0] > values[0][1]) != (values[1][0] > values[1][1]):
        return None  # the difference changes sign across the bracket: equal somewhere inside
    shown = [tuple(mpmath.nstr(v, 8) for v in pair) for pair in values]
    note = (
        f"{sp.sstr(test.total)} is not in closed form: by the integral test it lies between {sp.sstr(test.low)} and "
        f"{sp.sstr(test.high)} at this {test.n}, and the relation fails at both ends, so for every value between "
        "(both sides are linear in the sum); 150 digits"
    )
    a = shown[0][0] if shown[0][0] == shown[1][0] else f"between {shown[0][0]} and {shown[1][0]}"
    b = shown[0][1] if shown[0][1] == shown[1][1] else f"between {shown[0][1]} and {shown[1][1]}"
    return a, b, note


def holds_for_every_n(lhs: Any, rhs: Any, rel: str, test: IntegralTest) -> str | None:
    r"""Why an order relation holds for every upper bound, where its sides are linear in the sum and free of every other
    symbol, the terms are positive and decreasing and their integral converges: every partial sum lies between the
    first term f(a) and :math:`f(a) + F(\infty) - F(a)`, and the relation holds at both. None otherwise."""
    if rel not in ORDERS or test.limit_high is None or test.total.limits[0][1] > 12:
        return None  # (bounds below the first term, an empty sum, are among those sampled: 0 .. 12)
    linear = _linear_in((lhs, rhs), test.total)
    if linear is None:
        return None
    (left, right), s = linear
    if any(isinstance(side, sp.Basic) and side.free_symbols - {s} for side in (left, right)):
        return None
    values = _ends_values((left, right), s, (test.first, test.limit_high), {})
    if values is None or any(_fails(rel, a, b) is not False for a, b in values):
        return None
    return (
        f"{sp.sstr(test.total)} is not in closed form, but its terms are positive and decreasing with a convergent integral: "
        f"every partial sum lies between {sp.sstr(test.first)} and {sp.sstr(test.limit_high)} (integral test), and the "
        "relation holds at both ends, so for every value between (both sides are linear in the sum)"
    )
