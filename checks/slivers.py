r"""Points in the slivers where a relation may fail: the counterexample hunt's exact half.

Random points and the guided search (derivax.search) miss a failure confined to a sliver: ``e^{-10^6 (x -
0.3)^2} < 0.5`` fails only for :math:`|x - 0.3| < 8.3 \cdot 10^{-4}`, ``(x - 1)(x - 1.000001) \ge 0`` only
between its roots, ``x^2 - 2 \ne 0`` only at :math:`\pm\sqrt 2`, ``\sigma(10^4 (x - 0.7)) - \sigma(10^4 (x -
0.7001)) < 0.1`` only near 0.70005; the violation's gradient is 0 or underflows everywhere else. Two sources
of proposals, in one variable at a time (the others fixed at a few simple points, for a relation in several):

- :func:`negation_points`: SymPy solves the negation (``<`` becomes ``\ge``, ``\ne`` becomes ``=``) within
  the variable's domain and the conditions' solution sets, and each piece of the set proposes a point: an
  element of a finite set, a rational inside a bounded interval (its midpoint, or the shortest decimal that
  stays inside), one unit past the end of a half-line;
- :func:`landmark_points`: where the argument of a function, a base under a root or a denominator, or the
  difference of a max's arguments is 0 (a polynomial's real roots), the midpoints between those roots, and
  points just beside them: where a steep function turns.

A proposal is only a proposal: :func:`derivax.compare.compare` keeps it when the relation certainly fails
there (intervals, or 150 digits), as it does for sampled points, so a wrong solution set or landmark can cost
a counterexample, never give a false one.
"""

from __future__ import annotations

import fractions
import functools
import itertools
from collections.abc import Callable, Sequence
from typing import Any

import mpmath
import sympy as sp
from sympy.core.function import AppliedUndef

from derivax.limits import TimeLimitExceeded, time_limit
from derivax.realeval import nnf
from derivax.solutions import _solution_set

_NEGATION = {"<": sp.Ge, "<=": sp.Gt, ">": sp.Le, ">=": sp.Lt, "!=": sp.Eq}
_PER_SET = 8  # points proposed by one solution set (the pieces of a union, a finite set's elements)
_SLICES = 3  # sampled points at which the other variables are fixed, for a relation in several
_LANDMARKS = 24  # points proposed around the landmarks of one variable
_MAX_DEGREE = 4  # a landmark is a root of a polynomial of at most this degree


def negation_points(
    lhs: Any,
    rhs: Any,
    rel: str,
    symbols: Sequence[sp.Symbol],
    domains: Any,
    integers: frozenset,
    fixed: Sequence[dict],
    seconds: float,
) -> list[tuple[dict, str]]:
    r"""(point, how it was found) where ``lhs rel rhs`` may fail: from the solution set of its negation in
    each variable, the others fixed at the points ``fixed`` (sampled points, where the relation held).

    ``domains`` is the sampler's :class:`derivax.sampling.Domains`; ``integers`` the variables that are
    integers. Only ``<``, ``\le``, ``>``, ``\ge`` and ``\ne``: an equation's negation holds almost everywhere,
    which sampling already covers. Every solve runs under one time limit of ``seconds`` in all.
    """
    negated = _NEGATION.get(rel)
    if negated is None:
        return []

    def propose(x: sp.Symbol, given: dict) -> list[tuple[Any, str]]:
        relation = negated(_fixed(lhs, given), _fixed(rhs, given))
        where = _where(x, domains, given, seconds)
        if where is None or relation in (sp.true, sp.false):
            return []
        solved = _solution_set(relation, x, seconds)  # over the reals: SymPy's polynomial tools serve there
        plain = isinstance(solved, sp.Union | sp.Interval | sp.FiniteSet) and not solved.has(sp.ImageSet)
        if rel == "!=" and not plain:
            # the sides of a \ne meet at single exact points: sin x = 1 at pi/2 + 2 pi n, x e^x = 1 at W(1), the real
            # roots of x^3 - 3x + 1 (SymPy's radicals hold an I that cancels): each one exact, tried as it is
            return [(value, "solving the negation") for value in _exact_roots(relation, solved, x, where, x in integers)]
        if solved is None:
            return []
        solved = sp.Intersection(solved, where)
        if solved is sp.S.EmptySet or not isinstance(solved, sp.Union | sp.Interval | sp.FiniteSet):
            return []
        return [(value, "solving the negation") for value in representatives(solved, x in integers)]

    return _one_at_a_time(symbols, fixed, seconds, propose)


def _exact_roots(equation: Any, solved: Any, x: sp.Symbol, where: sp.Set, integer: bool) -> list[Any]:
    """Exact real solutions of a one-variable equation where solveset gave no plain set: three of each periodic family,
    a polynomial's real roots (as CRootOf), else what ``sp.solve`` finds, real and in ``where``."""
    f = equation.lhs - equation.rhs
    found: list[Any] = []
    families = [p for p in (solved.args if isinstance(solved, sp.Union) else [solved]) if isinstance(p, sp.ImageSet)]
    if families:
        found = [family.lamda(n) for n in (0, 1, -1) for family in families if len(family.lamda.variables) == 1]
    elif f.is_polynomial(x):
        found = list(sp.Poly(f, x).real_roots())
    else:
        found = list(sp.solve(equation, x, dict=False))
    out = []
    for value in found[:_PER_SET]:
        if not (isinstance(value, sp.Expr) and value.is_number) or value.is_real is False:
            continue
        if integer and value.is_integer is not True:
            continue
        if where.contains(value) is not sp.false:
            out.append(value)
    return out


def critical_points(
    lhs: Any, rhs: Any, rel: str, symbols: Sequence[sp.Symbol], domains: Any, fixed: Sequence[dict], seconds: float, *, whole: bool = False
) -> list[tuple[dict, str]]:
    r"""(point, how) where ``lhs - rhs`` turns in each variable (the others fixed at the points ``fixed``): the zeros
    of its derivative that SymPy finds, three of each periodic family, as 40-digit rationals. An inequality that
    fails only by a hair at a maximum (``\frac{\ln x}{x} < 0.36787944`` fails within 2.6e-4 of e only) fails there
    first. Only ``<``, ``\le``, ``>``, ``\ge``."""
    if rel not in _NEGATION or rel == "!=" or not all(isinstance(side, sp.Expr) for side in (lhs, rhs)):
        return []

    def propose(x: sp.Symbol, given: dict) -> list[tuple[Any, str]]:
        slope = sp.diff(_fixed(lhs - rhs, given), x)
        if slope.free_symbols != {x}:
            return []
        solved = _solution_set(sp.Eq(slope, 0), x, seconds)
        where = _where(x, domains, given, seconds)
        pieces = list(solved.args) if isinstance(solved, sp.Union) else [solved] if solved is not None else []
        values: list[Any] = []
        for piece in pieces:
            if isinstance(piece, sp.FiniteSet):
                values += [v for v in piece.args if v.is_real]
            elif isinstance(piece, sp.ImageSet) and len(piece.lamda.variables) == 1:
                values += [piece.lamda(n) for n in (0, 1, -1)]
        if not values and (solved is None or isinstance(solved, sp.ConditionSet) or solved is sp.S.EmptySet):
            # e^x - e x^{e-1}: SymPy cannot solve it, its zero is e; and SymPy's "no zero" is checked too: the slope of
            # sigma(x - 0.3)(1 - sigma(x - 0.3)) came out EmptySet, its zero is 3/10 (a dip below 0.25 went unseen)
            values = named_zeros(slope, x, where, numeric=True)
        out = []
        for value in values[:_PER_SET]:
            # the fewest digits that still fail are the ones to show (a hair's failure needs more of them)
            # and the exact value last: a strict relation that ties there (cos x < 1 at 2 pi) fails at it alone
            spellings = [value] if value.is_Rational else [sp.Rational(str(sp.N(value, digits))) for digits in (3, 6, 10, 16, 40)] + [value]
            for close in dict.fromkeys(spellings):
                if where is None or where.contains(close) is not sp.false:
                    out.append((close, "trying where the difference of the sides turns (its derivative is 0)"))
        return out

    return _one_at_a_time(symbols, fixed, seconds, propose, whole=whole)


_CONSTANTS = (sp.Integer(1), sp.E, sp.pi, sp.sqrt(2), sp.sqrt(3), sp.sqrt(5), sp.log(2), sp.log(3), sp.log(10), sp.exp(-1), sp.GoldenRatio)
_STARTS = ("0.5", "1", "2", "3", "5", "10", "-0.5", "-1", "-2", "-3", "0.1")


def named_zeros(f: Any, x: sp.Symbol, where: sp.Set | None, numeric: bool = False) -> list[Any]:
    r"""Zeros of ``f`` (in x alone) that SymPy could not solve for, found by mpmath's secant method at 60 digits from
    a few starts, as closed forms: a rational p/q (q <= 12) times one of 1, e, pi, sqrt 2, sqrt 3, sqrt 5, ln 2, ln 3,
    ln 10, 1/e or the golden ratio that agrees with the zero to 45 digits. A strict relation that ties at such a point
    (``e^x > x^e`` at e) fails there alone, and only the exact point shows it. With ``numeric``, a zero with no such
    name is given too, as a rational of 45 digits: a turning point where a relation fails by a hair
    (:math:`\frac{\sin x}{x} > -0.21723362821122` fails by 1.6e-15 at the zero of :math:`\tan x = x` near 4.4934) fails
    at a point that close as well, while a tie there (its floats) shows nothing, and is checked as any point is."""
    from derivax.realeval import value_at  # an evaluation of the expression's tree: no generated code

    def at(t: Any) -> Any:
        v = value_at(f, {x: sp.Float(t, 60)})
        if v is None:
            raise ValueError("undefined")
        return v

    found: list[Any] = []
    with mpmath.workdps(60):
        for start in _STARTS:
            if where is not None and where.contains(sp.Rational(start)) is sp.false:
                continue
            try:
                zero = mpmath.findroot(at, mpmath.mpf(start), tol=mpmath.mpf(10) ** -55)
            except (ValueError, ZeroDivisionError, TypeError, OverflowError):
                continue
            if not isinstance(zero, mpmath.mpf) or any(abs(zero - z) < mpmath.mpf(10) ** -40 for z in found):
                continue
            found.append(zero)
        named, unnamed = [], []
        for zero in found[:4]:
            for constant in _CONSTANTS:
                ratio = zero / mpmath.mpf(constant.evalf(60)._mpf_) if constant != 1 else zero
                fraction = fractions.Fraction(mpmath.nstr(ratio, 50)).limit_denominator(12)
                if abs(ratio - mpmath.mpf(fraction.numerator) / fraction.denominator) < mpmath.mpf(10) ** -45:
                    named.append(sp.Rational(fraction.numerator, fraction.denominator) * constant)
                    break
            else:
                unnamed.append(zero)
    if not numeric:
        return named
    # 16 digits first, for every zero (the point shown is short, and a hair's failure of 1e-15 still shows), then 45
    return named + [sp.Rational(mpmath.nstr(zero, digits)) for digits in (16, 45) for zero in unnamed]


def sign_change(lhs: Any, rhs: Any, x: sp.Symbol, where: sp.Set, seconds: float) -> tuple[Any, Any] | None:
    r"""Two close rationals a < b (their gap at most 1e-15 of the scale) where ``lhs - rhs`` (in x alone, within
    ``where``) has opposite signs, each certified by interval arithmetic, and is continuous on [a, b]
    (:func:`derivax.interval.continuous_on`): by the intermediate value theorem the sides are equal somewhere
    between. ``\cos x \ne x`` fails at the Dottie number 0.739085..., which no rational hits; this finds it. A grid
    of 801 points on [-20, 20] and [-1000, 1000] within ``where``, then bisection at 60 digits; None if no change of
    sign is found and certified in ``seconds``."""
    from derivax.interval import continuous_on, enclosure
    from derivax.realeval import value_at

    gap = lhs - rhs
    if not isinstance(gap, sp.Expr) or gap.free_symbols != {x}:
        return None

    pieces = _intervals(where)

    def inside(a: Any, b: Any) -> bool:  # [a, b] within ``where`` (by its intervals: SymPy's sets took most of the time)
        if where is sp.S.Reals:
            return True
        if pieces is None:
            return (where.contains(a) if a == b else sp.Interval(a, b).is_subset(where)) in (True, sp.true)
        return any((lo < a or (lo == a and not lo_open)) and (b < hi or (b == hi and not hi_open)) for lo, hi, lo_open, hi_open in pieces)

    def sign(t: Any) -> int | None:  # certified by an enclosure of the gap at the exact point t
        ends = enclosure(gap.xreplace({x: t}), 40)
        return None if ends is None or ends[0] <= 0 <= ends[1] else (1 if ends[0] > 0 else -1)

    try:
        with time_limit(seconds):
            for width in (20, 1000):
                grid = [sp.Rational(width * (i - 400), 400) for i in range(801)]
                grid = [t for t in grid if inside(t, t)]
                with mpmath.workdps(30):
                    values = [(t, value_at(gap, {x: t})) for t in grid]
                values = [(t, v) for t, v in values if v is not None and v != 0]
                for (a, va), (b, vb) in itertools.pairwise(values):
                    if (va > 0) == (vb > 0) or b - a > sp.Rational(width, 200) or not continuous_on(gap, x, a, b):
                        continue
                    if not inside(a, b):
                        # a point the domain leaves out lies between (x^2/x \ne 0 changes sign across x = 0, where it
                        # has no value: the point "between" was x = 0 itself, a true statement refuted)
                        continue
                    with mpmath.workdps(60):
                        for _ in range(200):  # bisection: each step halves [a, b], the sign at a kept
                            middle = (a + b) / 2
                            vm = value_at(gap, {x: middle})
                            if vm is None or vm == 0:
                                break
                            a, b = (middle, b) if (vm > 0) == (va > 0) else (a, middle)
                            if b - a < sp.Rational(1, 10**15) * max(1, abs(a)):
                                break
                    if sign(a) is not None and sign(b) is not None and sign(a) != sign(b) and continuous_on(gap, x, a, b):
                        return a, b
    except TimeLimitExceeded:
        return None
    except Exception:  # an evaluation SymPy or mpmath could not do: no crossing is claimed
        return None
    return None


def _intervals(where: sp.Set) -> list[tuple[Any, Any, bool, bool]] | None:
    """A set as its intervals (ends, and whether each is open), where it is a union of intervals; None otherwise."""
    parts = where.args if isinstance(where, sp.Union) else (where,)
    if not all(isinstance(p, sp.Interval) for p in parts):
        return None
    return [(p.inf, p.sup, bool(p.left_open), bool(p.right_open)) for p in parts]


class SearchCutShort(Exception):
    """A search asked for ``whole`` ran out of time or failed: the points it found are not all there are."""


def _others_nonzero(symbols: Sequence[sp.Symbol], fixed: Sequence[dict], slices: list[dict]) -> list[tuple[dict, sp.Symbol]]:
    """For each variable of several, one more point of ``fixed`` (among its first 30) where the others are fixed at
    values other than 0, if the first ``slices`` have none: the landmarks of w in max(0, 1 - ywx) need y and x nonzero
    (the first simple points, (0, 0, 0), (0, 0, 1), (0, 1, 0), never gave them, and a thin band of the hinge loss's
    derivative went unseen, probe helper-144)."""
    out = []
    for x in symbols if len(symbols) > 1 else ():
        if any(all(v != 0 for s, v in p.items() if s != x) for p in slices):
            continue
        found = next((dict(p) for p in fixed[:30] if len(p) == len(symbols) and all(v != 0 for s, v in p.items() if s != x)), None)
        if found is not None:
            out.append((found, x))
    return out


def _one_at_a_time(
    symbols: Sequence[sp.Symbol],
    fixed: Sequence[dict],
    seconds: float,
    propose: Callable[[sp.Symbol, dict], list[tuple[Any, str]]],
    *,
    whole: bool = False,
) -> list[tuple[dict, str]]:
    """``propose(x, given)``'s values of each variable x, the others fixed at up to three of the points ``fixed``
    (``given``), and at one where they are all nonzero (:func:`_others_nonzero`), as whole points with how each was
    found; all within ``seconds``. Lists, never a generator: a generator suspended inside the time limit would keep its
    alarm armed. ``whole``: raise :class:`SearchCutShort`
    where the time ran out or a source failed (a caller that checks a proof must not take a part for the whole)."""
    out: list[tuple[dict, str]] = []
    if not symbols or len(symbols) > 4 or seconds <= 0:
        return out
    try:
        with time_limit(seconds):
            slices = [{}] if len(symbols) == 1 else [dict(p) for p in fixed[:_SLICES]]
            for others, x in [(o, x) for o in slices for x in symbols] + _others_nonzero(symbols, fixed, slices):
                given = {s: v for s, v in others.items() if s != x}
                if len(given) == len(symbols) - 1:
                    where = f" in {x} at {_shown(given)}" if given else ""
                    out += [({**given, x: value}, how + where) for value, how in propose(x, given)]
    except TimeLimitExceeded:
        if whole:
            raise SearchCutShort(f"out of time after {seconds:g} s of CPU") from None
    except Exception as error:  # a proposal source that fails proposes less; it never decides anything
        if whole:
            raise SearchCutShort(f"{type(error).__name__}") from error
    return out


def _fixed(side: Any, given: dict) -> Any:
    return side.xreplace(given) if isinstance(side, sp.Basic) and given else side


def _where(x: sp.Symbol, domains: Any, given: dict, seconds: float) -> sp.Set | None:
    """x's domain, cut by the solution sets of the conditions on x alone (the others fixed); None when a
    condition cannot be solved (its points are still checked against it, so the domain alone serves)."""
    where = domains.of(x)
    for condition in domains.conditions:
        cond = nnf(condition.xreplace(given)) if isinstance(condition, sp.Basic) else condition
        if not isinstance(cond, sp.Basic) or cond.free_symbols - {x}:
            continue
        solved = _solution_set(cond, x, seconds)
        if solved is not None:
            where = sp.Intersection(where, solved)
    return where if isinstance(where, sp.Set) and where is not sp.S.EmptySet else None


def _shown(given: dict) -> str:
    return ", ".join(f"{s} = {v}" for s, v in sorted(given.items(), key=lambda kv: kv[0].name))


def representatives(solved: sp.Set, integer: bool = False) -> list[Any]:
    """Up to a few points of a solution set, simple ones first: exact elements of a finite set, a short
    rational inside each bounded interval, one past the end of each half-line (integers where ``integer``)."""
    pieces = list(solved.args) if isinstance(solved, sp.Union) else [solved]
    out: list[Any] = []
    for piece in pieces:
        if isinstance(piece, sp.FiniteSet):
            out.extend(v for v in piece.args if v.is_real and (not integer or v.is_integer))
        elif isinstance(piece, sp.Interval):
            value = _inside(piece, integer)
            if value is not None:
                out.append(value)
        if len(out) >= _PER_SET:
            break
    return out[:_PER_SET]


def _inside(interval: sp.Interval, integer: bool) -> Any:
    """A simple number inside an interval (None if there is none to give: an empty or integer-free piece)."""
    a, b = interval.start, interval.end
    if a is sp.S.NegativeInfinity and b is sp.S.Infinity:
        candidate = sp.Integer(0)
    elif a is sp.S.NegativeInfinity:
        candidate = sp.floor(b) - 1
    elif b is sp.S.Infinity:
        candidate = sp.ceiling(a) + 1
    elif integer:
        candidate = sp.ceiling(a)
    else:
        candidate = _short_rational(a, b)
    if candidate is None or interval.contains(candidate) is not sp.true:
        if integer and candidate is not None:
            for step in (1, -1):
                other = candidate + step
                if interval.contains(other) is sp.true:
                    return other
        return None
    return candidate


def _short_rational(a: Any, b: Any) -> Any:
    """The rational with the fewest decimal digits strictly between a < b (their midpoint if exact)."""
    middle = (a + b) / 2
    if middle.is_Rational and len(str(middle)) <= 12:
        return middle
    try:
        low, high = float(a), float(b)
    except TypeError:
        return None
    for digits in range(0, 30):
        scale = sp.Integer(10) ** digits
        for candidate in (sp.Rational(round(float(middle) * 10**digits)), sp.ceiling(sp.Float(low, 40) * scale)):
            value = sp.Rational(candidate, scale)
            if low <= float(value) <= high and bool(a < value) and bool(value < b):
                return value
    return middle if middle.is_real else None


def landmark_points(
    lhs: Any,
    rhs: Any,
    symbols: Sequence[sp.Symbol],
    fixed: Sequence[dict],
    seconds: float,
    numeric_roots: bool = True,
    *,
    whole: bool = False,
) -> list[tuple[dict, str]]:
    """(point, how) at and around the landmarks of each variable (the others fixed at the points ``fixed``):
    the real roots of the polynomial arguments of functions, bases of roots and denominators, and
    differences of a max's or min's arguments; the midpoints between adjacent roots; and points at a
    relative 10^-3 and 10^-6 beside each root. ``whole``: raise :class:`SearchCutShort` where the time ran out."""

    def propose(x: sp.Symbol, given: dict) -> list[tuple[Any, str]]:
        # (a set: the shorter of two spellings of one root first, the one a student can type)
        marks = _landmarks([_fixed(lhs, given), _fixed(rhs, given)], x, numeric_roots)
        roots = sorted(marks, key=lambda r: (float(r), len(str(r))))
        return [(value, "trying the landmarks (where an argument is 0)") for value in _around(roots)[:_LANDMARKS]]

    return _one_at_a_time(symbols, fixed, seconds, propose, whole=whole)


def joint_landmarks(lhs: Any, rhs: Any, symbols: Sequence[sp.Symbol]) -> list[tuple[dict, str]]:
    """(point, how) with every variable at one of its own landmarks at once: the roots of the one-variable bases of
    even powers and of the arguments of functions and absolute values. An isolated point in 2 or 3 variables
    ((x - 3)^2 + (y - 4)^2 \ne 0 fails at (3, 4) only) is never met with the other variables at simple values."""
    if not 2 <= len(symbols) <= 3:
        return []
    parts: list[Any] = []  # the expressions whose zeros mark a landmark, found in one walk of each side
    for expr in (lhs, rhs):
        for node in sp.preorder_traversal(expr) if isinstance(expr, sp.Basic) else ():
            if isinstance(node, sp.Pow) and node.exp.is_Integer and node.exp.is_even:
                parts.append(node.base)
            elif isinstance(node, sp.Pow) and node.exp.free_symbols:
                parts += _odd_power_parts(node)
            elif isinstance(node, sp.Function) and not isinstance(node, AppliedUndef):
                parts += node.args
    per_symbol = []
    for x in symbols:
        roots = {r for part in parts for r in real_roots(part, x) or _crossings(part, x, 2)}
        if not roots:
            return []
        per_symbol.append(sorted(roots, key=float)[:4])
    how = "trying every variable at its landmark at once"
    return [(dict(zip(symbols, values, strict=True)), how) for values in itertools.product(*per_symbol)]


_SEPARABLE_MOST = 12  # variables a separable difference is searched in (each part's turning points combined)


def joint_critical_points(lhs: Any, rhs: Any, symbols: Sequence[sp.Symbol], seconds: float) -> list[tuple[dict, str]]:
    r"""(point, how) where the difference of the sides turns in 2 or 3 variables at once: the real solutions of its
    gradient's system, where it is a polynomial SymPy solves within ``seconds``. ``xy(1 - x - y) \le 0.037`` for x, y
    >= 0 fails only near its maximum (1/3, 1/3), which no variable reaches with the others at simple values (it was
    confirmed: probe helper-119)."""
    gap = lhs - rhs if all(isinstance(side, sp.Expr) for side in (lhs, rhs)) else None
    if gap is None or not 2 <= len(symbols) <= _SEPARABLE_MOST or gap.free_symbols != set(symbols):
        return []
    if not gap.is_polynomial(*symbols) or len(symbols) > 3:
        # (a sum of parts in one variable each, in any number of them up to a dozen: -\sum_{k=1}^5 q_k \log q_k \le
        # \log 5 fails at q_k = 1/2 and was confirmed from 5 variables on: probe helper-198 F23)
        return _separable_critical_points(gap, symbols, seconds) if len(symbols) <= _SEPARABLE_MOST else []
    try:
        with time_limit(seconds):
            poly = sp.Poly(gap, *symbols)
            if poly.total_degree() > 6:
                return []
            solutions = sp.solve([sp.diff(gap, x) for x in symbols], list(symbols), dict=True)
    except Exception:  # the time limit, or a system SymPy cannot take: nothing proposed
        return []
    out = []
    for solution in solutions[:_PER_SET]:
        if set(solution) == set(symbols) and all(v.is_real and not v.free_symbols for v in solution.values()):
            out.append(({x: solution[x] for x in symbols}, "trying where the difference of the sides turns in every variable at once"))
    return out


def _separable_critical_points(gap: Any, symbols: Sequence[sp.Symbol], seconds: float) -> list[tuple[dict, str]]:
    r"""Where a difference that is a sum of parts in one variable each turns in every variable at once: each
    variable's own zeros of its slope, all combined. ``x \ln x + y \ln y > -\frac{2}{e}`` ties only at (1/e, 1/e),
    and ``x e^{-x^2} + y e^{-y^2} \le 0.85`` fails only near (0.707, 0.707): with the other variable at a simple
    value neither is reached (both were confirmed: probe helper-156)."""
    per_symbol: list[list[Any]] = []
    try:
        with time_limit(seconds):
            for x in symbols:
                slope = sp.diff(gap, x)
                if slope.free_symbols != {x}:
                    return []  # not separable in x (or x does not count): nothing proposed
                solved = _solution_set(sp.Eq(slope, 0), x, seconds / len(symbols))
                values = [v for v in solved.args if v.is_real] if isinstance(solved, sp.FiniteSet) else []
                if not values:
                    values = named_zeros(slope, x, None, numeric=True)
                if not values:
                    return []
                per_symbol.append(values[:3])
    except Exception:  # the time limit, or an equation SymPy cannot take: nothing proposed
        return []
    how = "trying where the difference of the sides turns in every variable at once (each part in its own variable)"
    out = []
    # every variable at the same turning point first (a symmetric sum's extreme: t^4 - t^2 in four variables turns at
    # 1/\sqrt 2 in each, the last of 81 combinations, and was cut off: review helper-200 R10)
    shared = [v for v in per_symbol[0] if all(v in values for values in per_symbol[1:])]
    combinations = [tuple(v for _ in symbols) for v in shared]
    for values in combinations + [c for c in itertools.product(*per_symbol) if c not in combinations]:
        exact = dict(zip(symbols, values, strict=True))
        # the exact zeros (a strict relation that ties there fails there alone) and 16 digits of them (a hair's failure)
        out.append((exact, how))
        if not all(v.is_Rational for v in values):
            out.append(({x: sp.Rational(str(sp.N(v, 16))) for x, v in exact.items()}, how))
    return out[: 4 * _PER_SET]


_GRID_SPANS = ((-10.0, 10.0, 20_001), (-1000.0, 1000.0, 200_001))  # (from, to, points): steps of 0.001 and 0.01


def _failure_gap(lhs: Any, rhs: Any, rel: str) -> Any:
    """``lhs - rhs`` for ``<``, ``\\le``; ``rhs - lhs`` for ``>``, ``\\ge``: > 0 (or >= 0 for a strict relation) where it fails."""
    return (lhs - rhs) if rel in ("<", "<=") else (rhs - lhs)


def grid_points(lhs: Any, rhs: Any, rel: str, x: sp.Symbol, where: sp.Set, seconds: float) -> list[tuple[dict, str]]:
    r"""(point, how) at the worst violations of a one-variable inequality on dense float64 grids (steps of 0.001 on
    [-10, 10], 0.01 on [-1000, 1000], inside ``where``): the peaks of a sum of sines at unrelated frequencies
    (``\sin x + \sin(\sqrt 2 x) < 1.99`` fails near x = -29.9 on 0.15 % of the line) are narrow and scattered, and
    neither random points nor a gradient climb from 16 starts met one (it was confirmed: probe helper-119). Each point
    where float64 shows a failure is a proposal, checked at 60 digits as any other; [] where the sides cannot be compiled."""
    import numpy as np

    if rel not in ("<", "<=", ">", ">=") or not all(isinstance(side, sp.Expr) for side in (lhs, rhs)):
        return []
    gap = _failure_gap(lhs, rhs, rel)
    pieces = _intervals(where) if where is not sp.S.Reals else [(-sp.oo, sp.oo, True, True)]
    if pieces is None:
        return []
    try:
        with time_limit(seconds):
            f = _on_arrays([x], gap)
            out: list[tuple[dict, str]] = []
            for start, stop, count in _GRID_SPANS:
                grid = np.linspace(start, stop, count)
                inside = np.zeros_like(grid, dtype=bool)
                for lo, hi, _, _ in pieces:
                    inside |= (grid >= float(lo)) & (grid <= float(hi))
                grid = grid[inside]
                with np.errstate(all="ignore"):
                    values = np.asarray(f(grid), dtype=float) * np.ones(grid.size)  # (a constant gap: one value, spread)
                if values.size == 0:
                    continue
                values = np.where(np.isfinite(values), values, -np.inf)
                for i in np.argsort(values)[::-1][:3]:
                    # only where float64 shows the relation failing: a tie proposed here would take the place of the
                    # sampled ties that the deep settling examines (\sigma(x) \le 1 - 10^{-5000} was then confirmed)
                    if values[i] > 0:
                        point = sp.Rational(str(round(float(grid[i]), 6)))
                        out.append(({x: point}, "trying the worst points of a dense grid"))
            return out
    except Exception:  # the time limit, a side NumPy cannot evaluate: nothing proposed
        return []


_DIAGONAL_STEPS = (0.3, 0.1, 0.03, 0.01, 0.001)


def _on_arrays(symbols: Sequence[sp.Symbol], expr: Any) -> Callable[..., Any]:
    """``expr`` as a NumPy function of arrays; one element at a time where NumPy has no array form of a part
    (SymPy's NumPy printer gives ``math.erf``, which takes numbers only: erf's grid was never evaluated)."""
    import numpy as np

    from derivax.codegen import safe_lambdify

    f = safe_lambdify(list(symbols), expr, "numpy")
    try:
        with np.errstate(all="ignore"):
            f(*[np.zeros(2) + 0.5 for _ in symbols])
    except TypeError:
        return np.vectorize(f, otypes=[float])
    return f


def diagonal_points(
    lhs: Any, rhs: Any, rel: str, symbols: Sequence[sp.Symbol], where: Sequence[sp.Set], seconds: float
) -> list[tuple[dict, str]]:
    r"""(point, how) at the worst violations of an inequality in two variables that ties where they are equal
    (``|f(x) - f(y)| \le L|x - y|``, ``f(\frac{x+y}{2}) \le \frac{f(x) + f(y)}{2}``): pairs t ± h beside the diagonal,
    t on a dense grid of [-10, 10], h from 0.3 down to 0.001, in float64. Such a bound fails only where its two points
    are near each other and near where f is steepest: GELU's Lipschitz constant 1.12 (it is 1.1289, at x = \sqrt 2)
    was confirmed (probe helper-156); random pairs lie too far apart and the climb slides to the diagonal's tie."""
    import numpy as np

    if rel not in ("<", "<=", ">", ">=") or len(symbols) != 2 or not all(isinstance(side, sp.Expr) for side in (lhs, rhs)):
        return []
    gap = _failure_gap(lhs, rhs, rel)
    x, y = symbols
    pieces = [_intervals(w) if w is not sp.S.Reals else [(-sp.oo, sp.oo, True, True)] for w in where]
    if any(p is None for p in pieces):
        return []
    try:
        with time_limit(seconds):
            f = _on_arrays([x, y], gap)
            t = np.linspace(-10.0, 10.0, 2001)
            with np.errstate(all="ignore"):
                on_diagonal = np.asarray(f(t, t), dtype=float) * np.ones(t.size)
            finite = on_diagonal[np.isfinite(on_diagonal)]
            if finite.size < t.size // 2 or np.max(np.abs(finite)) > 1e-9:
                return []  # no tie along x = y: not this shape
            h = np.repeat(np.array(_DIAGONAL_STEPS), t.size)
            centres = np.tile(t, len(_DIAGONAL_STEPS))
            first, second = centres + h, centres - h
            inside = np.ones(first.size, dtype=bool)
            for values, own in ((first, pieces[0]), (second, pieces[1])):
                inside &= np.any([(values >= float(lo)) & (values <= float(hi)) for lo, hi, _, _ in own], axis=0)
            with np.errstate(all="ignore"):
                gaps = np.asarray(f(first, second), dtype=float) * np.ones(first.size)
            gaps = np.where(np.isfinite(gaps) & inside, gaps, -np.inf)
            out: list[tuple[dict, str]] = []
            for i in np.argsort(gaps)[::-1][:3]:
                if gaps[i] > 0:  # only where float64 shows a failure (each checked at 60 digits, as any other proposal)
                    point = {x: sp.Rational(str(round(float(first[i]), 6))), y: sp.Rational(str(round(float(second[i]), 6)))}
                    out.append((point, "trying pairs of points beside the diagonal x = y, where the sides tie"))
            return out
    except Exception:  # the time limit, a side NumPy cannot evaluate: nothing proposed
        return []


_MAGNITUDES = tuple(range(-10, 11))  # 10^-10 .. 10^10
_MANTISSAS = {2: (1, 2, 3, 5), 3: (1, 2)}  # 168 values a symbol for two symbols (2.8 * 10^4 points), 84 for three (5.9 * 10^5)


def magnitude_points(
    lhs: Any, rhs: Any, rel: str, symbols: Sequence[sp.Symbol], where: Sequence[sp.Set], seconds: float
) -> list[tuple[dict, str]]:
    r"""(point, how) at the worst violations of an inequality in two or three variables on a grid of scales: each
    variable ±m·10^k (k = -10..10; m = 1, 2, 3, 5 for two variables, 1, 2 for three), all combinations, in float64. A failure
    out along a valley where one variable runs off to 0 as another runs off to infinity (``(xy - 1)^2 + x^2 \ge
    10^{-6}`` fails only near x = 10^{-4}, y = 10^4) lies outside every box the sampler and the guided search look
    in, and the random draws up to 10^9 do not pair the scales. Each point where float64 shows a failure is a
    proposal, checked at 60 digits as any other (``where``: each variable's own domain, which its values keep to);
    [] where the sides cannot be compiled."""
    import numpy as np

    from derivax.codegen import safe_lambdify

    if rel not in ("<", "<=", ">", ">=") or len(symbols) not in _MANTISSAS or not all(isinstance(side, sp.Expr) for side in (lhs, rhs)):
        return []
    gap = _failure_gap(lhs, rhs, rel)
    scales = [sp.Integer(m) * sp.Integer(10) ** k for k in _MAGNITUDES for m in _MANTISSAS[len(symbols)]]
    try:
        with time_limit(seconds):
            values = [[v for scale in scales for v in (scale, -scale) if domain.contains(v) is sp.true] for domain in where]
            f = safe_lambdify(list(symbols), gap, "numpy")
            mesh = np.meshgrid(*[np.array([float(v) for v in axis]) for axis in values], indexing="ij")
            with np.errstate(all="ignore"):
                found = np.asarray(f(*mesh), dtype=float) * np.ones(mesh[0].shape)
            found = np.where(np.isfinite(found), found, -np.inf).ravel()
            # the failing points nearest to 1 in scale first (a student plugs in 10^-4, 10^4 more readily than 10^-10,
            # 10^10), the worst failure among equals
            scale = np.max([np.abs(np.log10(np.abs(m))) for m in mesh], axis=0).ravel()
            failing = np.flatnonzero(found > 0)  # only where float64 shows a failure (a tie would crowd out the sampled ones)
            out: list[tuple[dict, str]] = []
            # six: a condition tying the variables may rule some out
            for flat in failing[np.lexsort((-found[failing], np.round(scale[failing], 6)))][:6]:
                index = np.unravel_index(flat, mesh[0].shape)
                point = {s: axis[i] for s, axis, i in zip(symbols, values, index, strict=True)}
                out.append((point, "trying a grid of scales (±m·10^k)"))
            return out
    except Exception:  # the time limit, a side NumPy cannot evaluate: nothing proposed
        return []


def _odd_power_parts(power: sp.Pow) -> list[Any]:
    """``x^{2b}`` is real at a negative x only where its exponent is an odd integer over an odd number (x^1 at b =
    1/2, where (x^2)^b = |x|): the zeros of the exponent minus 1 and plus 1, and of the base plus 1 (a base of -1)."""
    return [power.exp - 1, power.exp + 1, power.base + 1]


def _landmarks(exprs: Sequence[Any], x: sp.Symbol, numeric_roots: bool = True) -> set[Any]:
    """Rational approximations (40 digits) of the real roots of the expressions whose zeros mark a turn."""
    marks: set[Any] = set()
    for expr in exprs:
        if not isinstance(expr, sp.Basic):
            continue
        for node in sp.preorder_traversal(expr):
            parts: list[Any] = []
            if isinstance(node, sp.Max | sp.Min):
                # a nested one's arguments too: min(max(x, 0), 1) turns where x = 1 (its clip at 1 went unseen)
                values = _extremum_arguments(node)
                parts = [a - b for i, a in enumerate(values) for b in values[i + 1 :]]
            elif isinstance(node, sp.Piecewise):  # where a case's condition turns: x > 0 marks 0
                parts = [c.lhs - c.rhs for _, cond in node.args for c in cond.atoms(sp.core.relational.Relational)]
            elif isinstance(node, sp.floor | sp.ceiling):
                # where the argument reaches the next whole number too: floor(x^2/10^{20}) = 0 fails from x = 10^{10}
                # (it was confirmed: sampling stops at 10^9; probe helper-141)
                parts = [node.args[0], node.args[0] - 1, node.args[0] + 1]
            elif isinstance(node, sp.sin | sp.cos):
                # where it peaks: floor(10^{-6} + sin^2(x + 1)) = 0 fails only near x = pi/2 - 1
                parts = [node.args[0] + k * sp.pi / 2 for k in (0, -1, 1, -2)]
            elif isinstance(node, sp.Function) and not isinstance(node, AppliedUndef):
                parts = list(node.args)
            elif isinstance(node, sp.Pow) and not (node.exp.is_Integer and node.exp > 0):
                parts = [node.base]
            elif isinstance(node, sp.Pow) and node.exp.is_Integer and node.exp.is_even:
                parts = [node.base]  # (x - e^{-x})^4 > 10^{-40} fails only within 10^{-10} of the base's root
            for part in parts:
                marks.update(real_roots(part, x) or (_crossings(part, x) if numeric_roots else []))
                for branch in _without_bars(part):  # min(|x|, 10^{10}): where x = 10^{10} or x = -10^{10}
                    marks.update(real_roots(branch, x))
            if len(marks) > _LANDMARKS:
                break
    return marks


def _without_bars(part: Any) -> list[Any]:
    """``part`` with each absolute value |q| taken as q and as -q (both at once): where |q| - c turns, q = c or q = -c."""
    if not isinstance(part, sp.Expr) or not part.has(sp.Abs):
        return []
    try:
        return [part.replace(sp.Abs, lambda q: q), part.replace(sp.Abs, lambda q: -q)]
    except (TypeError, ValueError):
        return []


def _extremum_arguments(node: Any) -> list[Any]:
    """The arguments of a max or min, with those of a max or min among them in its place (at most 8)."""
    out: list[Any] = []
    for arg in node.args:
        out += _extremum_arguments(arg) if isinstance(arg, sp.Max | sp.Min) else [arg]
    return out[:8]


def landmarks_of(expr: Any, x: sp.Symbol) -> list[Any]:
    r"""Exact or 40-digit rational points where ``expr``, a function of x alone, may turn or peak: the real roots of
    its functions' arguments and of its even powers' bases (:func:`_landmarks`, no numeric root-finding), and where
    an exponent turns (the roots of the derivative of a polynomial exponent: e^{-10^6 (x^2 - 2x + 5)} peaks at 1,
    where the exponent has no real root)."""
    marks = set(_landmarks([expr], x, numeric_roots=False))
    for node in sp.preorder_traversal(expr):
        if isinstance(node, sp.exp) and node.args[0].free_symbols == {x}:
            marks.update(real_roots(sp.diff(node.args[0], x), x))
        if len(marks) > _LANDMARKS:
            break
    return sorted(marks, key=float)


def real_roots(part: Any, x: sp.Symbol) -> list[Any]:
    """The real roots of a polynomial in x alone with rational coefficients: exact up to degree 4 (radicals, or SymPy's
    CRootOf where no radical writes them), 40-digit rationals above; [] for anything else."""
    if not isinstance(part, sp.Expr) or part.free_symbols != {x} or not part.is_polynomial(x):
        return []
    try:
        poly = sp.Poly(part, x)
        if poly.degree() == 1 and not part.has(sp.Float) and all(c.is_number and c.is_real for c in poly.all_coeffs()):
            a, b = poly.all_coeffs()
            return [-b / a]  # x - pi: the exact root (a float beside an irrational point misses a case that holds at it alone)
        if not 0 < poly.degree() <= _MAX_DEGREE or not all(c.is_Rational for c in poly.all_coeffs()):
            return []
        # a quadratic's roots exact (sqrt 2): sign(x^2 - 2)^2 = 1 fails at sqrt 2 alone, never at a rational beside it (it
        # was confirmed: probe helper-151); higher degrees as 40-digit rationals
        exact = poly.degree() <= 4  # (roots SymPy gives by radicals: x^3 - 2 at the cube root of 2 too)
        return [r if r.is_Rational or exact else sp.Rational(str(r.evalf(40))) for r in poly.real_roots()]
    except (sp.PolynomialError, NotImplementedError, ValueError):
        return []


@functools.lru_cache(maxsize=256)
def _crossings(part: Any, x: sp.Symbol, limit: int = 4) -> list[Any]:
    r"""Rationals within 10^{-17} and 10^{-60} (relative) of where ``part``, a function of x alone that is no polynomial, changes sign
    on [-20, 20] (a grid of 401 points at 30 digits, then bisection at 90): the roots of x - \cos x and x - e^{-x},
    which SymPy cannot solve and no sampled point comes near (e^{-10^{12} (x - \cos x)^2} < 0.5 fails within 10^{-6}
    of the Dottie number). A change of sign across a pole proposes a point beside it: a proposal, never a verdict."""
    from derivax.realeval import value_at

    if not isinstance(part, sp.Expr) or part.free_symbols != {x} or part.is_polynomial(x):
        return []
    grid = [sp.Rational(i, 10) for i in range(-200, 201)]
    with mpmath.workdps(30):
        values = [(t, value_at(part, {x: t})) for t in grid]
    roots: list[Any] = []
    for (a, va), (b, vb) in itertools.pairwise(values):
        if va is None or vb is None or va == 0 or vb == 0 or (va > 0) == (vb > 0):
            continue
        with mpmath.workdps(90):
            for _ in range(240):
                middle = (a + b) / 2
                vm = value_at(part, {x: middle})
                if vm is None or vm == 0 or b - a < sp.Rational(1, 10**60) * max(1, abs(a)):
                    break
                a, b = (middle, b) if (vm > 0) == (va > 0) else (a, middle)
        middle = (a + b) / 2  # at 17 significant digits first (a point to type), then the 60 that the bisection gave
        with mpmath.workdps(90):
            typed = sp.Rational(mpmath.nstr(mpmath.mpf(middle.p) / middle.q, 17, min_fixed=-mpmath.inf, max_fixed=mpmath.inf))
        roots += [typed, middle] if typed != middle else [middle]
        if len(roots) >= 2 * limit:
            break
    return roots


def _around(roots: list[Any]) -> list[Any]:
    """The roots, the midpoints between neighbours, then points beside each root."""
    out = list(dict.fromkeys(roots))
    out += [(a + b) / 2 for a, b in itertools.pairwise(roots) if a != b]
    for relative in (sp.Rational(1, 10**3), sp.Rational(1, 10**6)):
        for r in roots:
            step = relative * max(1, abs(r))
            out += [r - step, r + step]
    return out
