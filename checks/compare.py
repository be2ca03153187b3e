r"""The decision kernel: does ``lhs REL rhs`` hold under the assumptions? One procedure for every command.

``check``, ``equiv`` (expressions), ``grade`` (every expression key) and ``steps`` all call
:func:`compare`; they differ only in how they present its :class:`~derivax.evidence.Judgement`.
The conventions, written down once:

* **Where.** Two sides are compared where both are *defined*: every part real and finite
  (:mod:`derivax.realeval`), inside the symbols' domains (:mod:`derivax.sampling`). So
  :math:`\sqrt{x}\sqrt{y} = \sqrt{xy}` holds (it is never compared at :math:`x = y = -1`), and
  :math:`(x^2-1)/(x+1) = x - 1`. Where the two sides are *never* both defined although one of
  them is (:math:`\ln(xy) = \ln x + \ln y` with :math:`x, y < 0`), the relation is refuted at a
  point where one side is real and the other is not.
* **Tolerance.** Numbers are exact: sides are evaluated at 60 digits and a difference there is a
  counterexample only when interval arithmetic at 150 digits shows it is not rounding
  (:func:`derivax.interval.fails_certainly`; a second evaluation at 150 digits where a part has no
  interval form). A limit SymPy cannot take is evaluated at a huge argument: then the sides agree
  within a relative 1e-20. A decimal number is read exactly (``0.333`` is 333/1000),
  but an equation with decimals in it holds *to the digits written*: within half a unit in the
  last written place of the least precise decimal, relative to it (``\sigma(1) = 0.731`` and
  ``\frac{1}{3} = 0.333`` hold, ``confirmed`` with the tolerance named, never ``proved``); more
  than one unit apart is refuted (``\frac{2}{3} = 0.65``); in between is ``undecided``, since it
  may be a truncation (``\frac{2}{3} = 0.666``) or a rounding slip (``\frac{1}{3} = 0.34``).
  ``\approx`` holds within the digits written and at least a relative 1e-3. Inequalities compare
  decimals exactly.
* **Evidence.** ``proved``: SymPy reduces the difference to 0 (or settles the sign) under the
  assumptions, with log rules only where they hold (no ``force=True``); ``refuted``: a point the
  student can plug in, simplest first; ``confirmed``: agreement at the sampled points (simple
  numbers, near the origin and up to 1e9), never called a proof; ``undecided``: why.
"""

from __future__ import annotations

import dataclasses
import functools
import itertools
import math
import random
import time
from collections.abc import Iterable, Sequence
from fractions import Fraction
from typing import Any, NamedTuple

import mpmath
import sympy as sp
from sympy.core.function import AppliedUndef

from derivax.calculus import OVER_RANGE, dependence_declared, kinked_derivative, rules_applied, sums_written_out, writes_derivatives
from derivax.codegen import undefined_functions
from derivax.common_roots import RADIUS, certified_common_zero, even_power_bases
from derivax.digits import (
    _EXACT_ATOL,
    _EXACT_RTOL,
    _HEAVY_RTOL,
    _INTEGRAL_ATOL,
    _INTEGRAL_RTOL,
    _LOOSE_APPROX,
    Band,
    holds_within,
    relative_unit,
    stated_tolerance,
    tolerance,
)
from derivax.evidence import Counterexample, Judgement, Verdict, failure_text
from derivax.hidden import settle_ties
from derivax.infinity import against_infinity
from derivax.interval import continuous_on, fails_certainly
from derivax.latex import NORMS
from derivax.limits import TimeLimitExceeded, clock, time_left, time_limit
from derivax.merging import merged_product, ratio_slices, unmerged_point
from derivax.optima import optima_taken
from derivax.optima import scope_unclear as optima_scope_unclear
from derivax.premise_hunt import along_rays, edge_counterexample
from derivax.realeval import (
    CHECK_DIGITS,
    DIGITS,
    closed_form,
    defined_at,
    evaluated,
    exact_point,
    faithful_float,
    generic_limits,
    holds_at,
    limits_taken,
    value_at,
)
from derivax.sampling import (
    Domains,
    Sampler,
    angle_symbols,
    domains_from,
    emptied_domains,
    first_whole_numbers,
    integer_symbols,
    point_json,
    ranges_forwards,
    rounded_points,
    shown_at,
    sum_bounds,
)
from derivax.setsolve import simplest_between, solvers_loaded
from derivax.slivers import (
    SearchCutShort,
    critical_points,
    diagonal_points,
    grid_points,
    joint_critical_points,
    joint_landmarks,
    landmark_points,
    magnitude_points,
    negation_points,
    sign_change,
)
from derivax.sumbounds import ORDERS, fails_throughout, holds_for_every_n, integral_test, unsummed

__all__ = [
    "MAX_OPS",
    "MAX_TERMS",
    "UNDEFINED",
    "compare",
    "unknowns_as_symbols",
]

MAX_OPS = 3000
MAX_TERMS = 100_000  # a sum with more terms, a free symbol and no closed form is not sampled (each point adds every term)
_POINTS = 60
_SCREEN = 10  # points sampled before the cheap rewrites are tried on an equation


UNDEFINED = "uses functions defined elsewhere"  # the reason compare gives; judge and equiv look for it


_BINDERS = (sp.Derivative, sp.Integral, sp.Sum, sp.Product, sp.Limit)


_RELATIONS = {"<": sp.StrictLessThan, "<=": sp.LessThan, ">": sp.StrictGreaterThan, ">=": sp.GreaterThan}


def _sides_at(lhs: Any, rhs: Any, point: dict[Any, Any]) -> tuple[float, float] | None:
    """Both sides' values at ``point`` where they are plain numbers there, else None."""
    try:
        values = [(side if isinstance(side, sp.Basic) else sp.Integer(side)).xreplace(point).evalf(30) for side in (lhs, rhs)]
        return (float(values[0]), float(values[1])) if all(v.is_real and v.is_finite for v in values) else None
    except (TypeError, ValueError, AttributeError, ZeroDivisionError):
        return None


def _apart_whatever(lhs: Any, rhs: Any, domains: Domains, seed: int, timeout_s: float) -> Judgement | None:
    """The refutation of ``lhs - rhs = 0`` where that difference no longer involves the unknowns (the fresh symbols of
    :func:`unknowns_as_symbols`): the sides then differ whatever values the unknowns take. None otherwise."""
    stand_ins = {s for e in (lhs, rhs) for s in e.free_symbols if isinstance(s, sp.Dummy)}
    if any(isinstance(e, sp.Basic) and e.has(sp.zoo, sp.nan, sp.oo, -sp.oo) for e in (lhs, rhs)):
        return None  # a(undefined) in seed 001 read zoo*a: "not real" there is how it was written, not a slip
    try:
        with time_limit(min(1.0, timeout_s)):
            gap = sp.simplify(lhs - rhs)
    except Exception:  # the time limit, or anything SymPy raises: the failure stays one for some values only
        return None
    if gap.free_symbols & stand_ins or gap.has(sp.Dummy):
        return None
    j = compare(gap, sp.Integer(0), "==", domains, seed=seed, timeout_s=timeout_s)
    return j if j.verdict is Verdict.REFUTED and j.counterexample is not None else None


def where_written_defined(
    conditions: list[Any], written: list[Any], symbols: set[Any], domains: Domains, sides: Iterable[Any] = ()
) -> Domains:
    r"""``domains`` narrowed to where what the input writes is defined (``written``: the conditions recorded while
    reading, x >= 0 of ``\sqrt{x}^2``, which SymPy made x), as ``check`` and ``equiv`` both compare: never to nothing (the
    assumptions leave it no room: the comparison without it says so) and never to a slice, a condition some symbol
    meets only at single points (``\sqrt{-a^2}``: a = 0; ``\sqrt{-(a-y)^2}``: a = y), where agreement says nothing of
    the rest (the sampling's slice check sees that, on the domain as it was).

    A bound of a sum in ``sides`` keeps its first whole number (:func:`derivax.sampling.first_whole_numbers`) unless
    ``domains`` start at 0: ``\sqrt{n}`` is real from n = 0, but 0 is no bound of :math:`\sum_{k=1}^n`
    (``\sum_{k=1}^n k^{-1/2} \le 2\sqrt n - 1`` was refuted at the empty sum; review helper-178 R15)."""
    if not written:
        return domains
    names = sorted(set().union(*(getattr(c, "free_symbols", set()) for c in written)), key=str)
    for symbol in names:
        # the other symbols at a value no slice is made for (solveset takes no parameter in -(a - y)^2 >= 0), and the
        # conditions together (1 - beta^t >= 0 and beta^t - 1 >= 0 leave beta^t = 1 alone)
        where = sp.S.Reals
        try:
            with time_limit(0.5):
                for condition in written:
                    if symbol in getattr(condition, "free_symbols", set()):
                        fixed = condition.xreplace({other: sp.Rational(37, 100) for other in names if other != symbol})
                        where = where.intersect(sp.solveset(fixed, symbol, sp.S.Reals))
        except Exception:  # the time limit, or a condition solveset cannot take: no slice that we know of
            continue
        if isinstance(where, sp.FiniteSet):
            return domains
    defined = domains_from(conditions + written, symbols)
    if any(s is sp.S.EmptySet for s in defined.sets.values()):
        return domains
    sides = [e for e in sides if isinstance(e, sp.Basic)]
    first = first_whole_numbers(*sides)
    for name in integer_symbols(*sides):
        stated = domains.of(name)
        if not (stated is not sp.S.Reals and getattr(stated, "inf", None) == 0 and stated.contains(0) is sp.true):
            defined.sets[name] = defined.of(name).intersect(sp.Interval(first.get(name, 1), sp.oo))
    return defined


NO_REAL_VALUE = (
    "neither side has a real value (a division by 0, ln 0, the root or logarithm of a negative number, tan(pi/2), or a limit "
    "that does not exist)"
)


def without_value(expr: Any) -> bool:
    """Whether an expression holds a part with no value: 1/0 and ln 0 (zoo), 0/0 (nan), a limit that does not exist
    (zoo, or SymPy's bounds for sin(1/x) at 0)."""
    return isinstance(expr, sp.Basic) and expr.has(sp.zoo, sp.nan, sp.AccumBounds)


def defined_nowhere(conditions: list[Any], written: list[Any], symbols: set[Any]) -> list[str]:
    r"""The names that no value makes what is written defined under the conditions (x of ``\ln(-x^2 - 1)``): a relation
    between such sides holds of nothing (it was proved by the sign of the difference); [] where each has room or
    SymPy cannot tell within half a second."""
    if not written:
        return []
    try:
        with time_limit(0.5):
            defined = domains_from(conditions + written, symbols)
    except Exception:  # the time limit, or a condition domains_from cannot take: no emptiness that we know of
        return []
    return sorted(str(name) for name, values in defined.sets.items() if values is sp.S.EmptySet)


def lost_names_defined_nowhere(conditions: list[Any], written: Sequence[Any], symbols: set[Any]) -> str:
    r"""Why what is written about names the reading lost (``\ln(-x^2 - 1) - \ln(-x^2 - 1)`` is 0 to SymPy) leaves
    nothing to check: a condition no value meets, each on its own (two integrals' dummy x are different names); ''
    where there is none."""
    lost = [d for d in written if isinstance(d, sp.Basic) and d.free_symbols and not d.free_symbols <= symbols]
    nowhere = sorted({n for d in lost for n in defined_nowhere(conditions, [d], d.free_symbols)})
    if not nowhere:
        return ""
    where = ", ".join(sorted(dict.fromkeys(sp.sstr(d) for d in lost)))
    return f"what is written is defined nowhere ({where}: no real value of {', '.join(nowhere)})"


def _imaginary_unit_beside(missing: Any, other: Any) -> str | None:
    """``i`` or ``j`` where a side without a real value is a constant (no names) and the other side names one of them."""
    if not isinstance(missing, sp.Basic) or missing.free_symbols or not isinstance(other, sp.Basic):
        return None
    return next((n for n in ("i", "j") if any(s.name == n for s in other.free_symbols)), None)


def _real_conditions(expr: Any) -> list[Any]:
    """Where ``expr`` is real by its form: each logarithm's argument positive, each base of a power with a symbolic
    or fractional exponent positive (nonnegative under a square root's and other even roots')."""
    found = []
    for node in sp.preorder_traversal(expr):
        if isinstance(node, sp.log) and node.args[0].free_symbols:
            found.append(sp.StrictGreaterThan(node.args[0], 0))
        elif node.is_Pow and node.base.free_symbols and not node.exp.is_integer:
            exponent = node.exp
            root = exponent.is_Rational and exponent.q % 2 == 0 and exponent > 0
            found.append((sp.GreaterThan if root else sp.StrictGreaterThan)(node.base, 0))
    return [c for c in dict.fromkeys(found) if c not in (sp.true, sp.false)]


def _where_both_real(lhs: Any, rhs: Any, domains: Domains) -> Domains | None:
    """``domains`` narrowed to where both sides are real by their form (:func:`_real_conditions`), marked so that a
    second comparison does not narrow again; None where their form says nothing more, or leaves no room."""
    sides = [side for side in (lhs, rhs) if isinstance(side, sp.Basic)]
    conditions = list(dict.fromkeys(c for side in sides for c in _real_conditions(side)))
    if not conditions or len(conditions) > 24:
        return None
    symbols = set().union(*(side.free_symbols for side in sides))
    stated = domains.as_conditions()
    try:
        with time_limit(1.0):
            narrowed = domains_from(stated + conditions, symbols)
    except Exception:  # the time limit, or a condition the solver cannot take: the points drawn stand
        return None
    if any(isinstance(s, sp.FiniteSet) or s.is_empty for s in narrowed.sets.values()):
        return None  # nowhere, or a slice (sqrt(-a^2) at a = 0 alone), where agreement says nothing of the rest
    return dataclasses.replace(narrowed, both_defined=True)


def _beside_a_point(sides: Sequence[Any]) -> bool:
    """Whether a limit among ``sides`` is taken at a finite point (evaluated 10^-40 beside it, where a difference
    quotient cancels about 40 digits)."""
    return any(isinstance(e, sp.Basic) and any(limit.args[2].is_finite is not False for limit in e.atoms(sp.Limit)) for e in sides)


def _argument_free(limited: Sequence[Any], evaluated_sides: Sequence[Any]) -> bool:
    """Whether the sides with their limits evaluated at 10^40 (``evaluated_sides``) are exactly what they are at
    10^400 + 1 and at 10^40 + 1/3 as well: values that do not depend on the argument (1/(x + oo) is 0 at each), where
    sides alike are an identity; (-1)^n a (a, then -a) and sin(pi x) (0 at whole numbers only) are not."""
    from derivax.evaluate import computable  # (as compare does)

    try:
        with time_limit(1.0):
            for huge in (sp.Integer(10) ** 400 + 1, sp.Integer(10) ** 40 + sp.Rational(1, 3)):
                if any(computable(e, huge) != side for e, side in zip(limited, evaluated_sides, strict=True)):
                    return False
    except Exception:  # TimeLimitExceeded among them: not shown free of it
        return False
    return True


def _limits_unsettled(
    limited: Sequence[Any], evaluated_sides: Sequence[Any], rel: str, points: list[dict], rtol: float, atol: float, beside: bool
) -> str | None:
    """Why limits that held at every sampled point, evaluated at 10^40 (``evaluated_sides``), confirm nothing, or None.

    At each of ``points`` the sides (``limited``, the limits kept) are evaluated again at 10^400 and one step further
    (10^400 + 1): a relation that fails there has limits without a value ((-1)^n a is a at every even n and -a at
    every odd one); sides that draw apart from 10^40 to 10^400 may diverge (10^{-50} ln n); a side whose two-sided
    limit has no value (the values on either side of the point differ: floor at a whole number) where the other side
    has one says nothing of the claim there. ``beside``: a limit is taken at a finite point (:func:`_beside_a_point`),
    evaluated with 460 more digits.
    """
    from derivax.evaluate import computable  # (as compare does: evaluate imports this module's neighbours)

    digits = DIGITS + 460 if beside else DIGITS
    # (and a third, off the whole numbers: 10^40, 10^400 and 10^400 + 1 are all zeros of sin(pi x), and
    # lim (a + sin(pi x)) = a was confirmed: probe helper-163)
    far, further, aside = sp.Integer(10) ** 400, sp.Integer(10) ** 400 + 1, sp.Integer(10) ** 400 + sp.Rational(1, 3)
    for point in points:
        with mpmath.workdps(digits):
            near = [value_at(e, point) for e in evaluated_sides]
            if (near[0] is None) != (near[1] is None):
                missing = 0 if near[0] is None else 1
                if limited[missing].has(sp.Limit):
                    side, at = "left" if missing == 0 else "right", shown_at(point)
                    return f"the limit on the {side} side has no value at {at}, where the other side has one: not settled by evaluation"
                continue
            if near[0] is None:
                continue
            values = [[value_at(computable(e, huge), point) for e in limited] for huge in (far, further, aside)]
        if any(v is None for pair in values[:2] for v in pair):
            continue
        if any(v is None for v in values[2]):
            values = values[:2]  # ((-1)^n has no real value off the whole numbers: the two whole ones alone)
        at = shown_at(point)
        where = f" at {at}" if at else ""
        for side, name in ((0, "left"), (1, "right")):
            # each limit for itself: lim (-1)^n a = lim (-1)^n a holds at every n, and neither side has a value
            if limited[side].has(sp.Limit) and not all(holds_within("==", values[0][side], v[side], rtol, atol) for v in values[1:]):
                return (
                    f"the limit on the {name} side takes other values one step further (10^400, 10^400 + 1 and 10^400 + 1/3)"
                    f"{where}: no limit there"
                )
        if not all(holds_within(rel, a, b, rtol, atol) for a, b in values):
            further = "but not at 10^400 or one step further (10^400 + 1): the limit has no value there, or another"
            return f"the limits, evaluated at 10^40, hold{where}, {further}"
        gap_near, gap_far = abs(near[0] - near[1]), abs(values[0][0] - values[0][1])
        scale = max(abs(values[0][0]), abs(values[0][1]))
        if gap_far > 2 * gap_near and gap_far > mpmath.mpf(10) ** -30 * scale:
            shown = f"{mpmath.nstr(gap_near, 3)} at 10^40, {mpmath.nstr(gap_far, 3)} at 10^400"
            return f"the sides of the limits draw apart{where} ({shown}): they may not converge to the claim; not settled by evaluation"
    return None


def unknowns_as_symbols(exprs: Sequence[Any]) -> tuple[list[Any], str] | None:
    """``exprs`` with each quantity defined elsewhere (``Var(W)``, ``\\nabla J(w)``, ``C'(a)``) replaced by
    one fresh symbol per distinct quantity, and their names; None where that would change the meaning.

    A relation that holds for every value of the unknowns holds for the functions, whatever they are:
    so a ``proved``/``confirmed`` with unknowns is sound; a failure is not (the function may never
    take the failing value). An unknown under a derivative, sum, integral or limit is replaced with
    the whole operator (``d/dx f(x)`` is one unknown, never ``d/dx`` of a constant); indexed
    quantities (``x_k`` under a sum) are refused: :mod:`derivax.indices` instantiates them.
    """
    items = [e for e in exprs if isinstance(e, sp.Basic)]
    if any(e.atoms(sp.IndexedBase) or any(d.free_symbols for d in e.atoms(sp.KroneckerDelta)) for e in items):
        return None
    if any(not s.is_commutative for e in items for s in e.atoms(sp.Symbol)):
        return None  # transpose(x)*x is not x*transpose(x): as numbers, fresh symbols would commute
    found: dict[Any, sp.Dummy] = {}

    def collect(node: Any) -> None:
        if isinstance(node, AppliedUndef) or (isinstance(node, _BINDERS) and node.atoms(AppliedUndef)):
            if str(getattr(node, "func", "")) in OVER_RANGE:
                raise LookupError  # an index that the sum binds inside the unknown
            if node.is_commutative is False:  # a matrix written out: as a number it would commute (AB = BA was proved)
                raise LookupError
            # a norm is never negative (\|x\| + 1 > 0 holds for every vector): its value ranges over [0, oo)
            nonnegative = isinstance(node, AppliedUndef) and node.func.__name__ in NORMS.values()
            found.setdefault(node, sp.Dummy(f"u{len(found)}", nonnegative=True) if nonnegative else sp.Dummy(f"u{len(found)}", real=True))
            return
        for arg in node.args:
            collect(arg)

    try:
        for item in items:
            collect(item)
    except LookupError:
        return None
    if not found:
        return None
    replaced = [e.xreplace(found) if isinstance(e, sp.Basic) else e for e in exprs]
    if any(isinstance(e, sp.Basic) and e.atoms(AppliedUndef) for e in replaced):
        return None
    return replaced, ", ".join(sorted({sp.sstr(k) for k in found})[:4])


def _is_transpose(expr: Any) -> bool:
    return isinstance(expr, AppliedUndef) and str(expr.func) == "transpose" and len(expr.args) == 1


def _transposes_inward(expr: Any) -> Any:
    """``expr`` with every transpose pushed onto names: (AB)^T = B^T A^T, (A + B)^T = A^T + B^T,
    (cA)^T = c A^T for a number c, (A^n)^T = (A^T)^n, (A^T)^T = A. These hold for matrices, vectors and
    numbers alike, so nothing is assumed about the shapes."""
    if not isinstance(expr, sp.Basic) or not expr.args:
        return expr
    if _is_transpose(expr):
        inner = _transposes_inward(expr.args[0])
        if _is_transpose(inner):
            return inner.args[0]
        if inner.is_Add:
            return sp.Add(*(_transposes_inward(expr.func(term)) for term in inner.args))
        if inner.is_Mul:
            numbers, factors = inner.args_cnc()
            return sp.Mul(*numbers) * sp.Mul(*(_transposes_inward(expr.func(f)) for f in reversed(factors)))
        if inner.is_Pow and inner.exp.is_Integer and inner.exp > 0:
            return _transposes_inward(expr.func(inner.base)) ** inner.exp
        if inner.is_Number:
            return inner
        return expr.func(inner)
    return expr.func(*(_transposes_inward(a) for a in expr.args))


def equal_as_products(lhs: Any, rhs: Any) -> bool:
    """Whether ``lhs = rhs`` is an identity of the algebra of matrices, vectors and numbers: both sides expanded,
    products kept in the order written (noncommutative names), transposes pushed onto names.

    Sound whatever the shapes are (the rules hold for all of them); an opaque function other than the
    transpose is one unknown quantity on both sides. Only for inputs with names read as matrices or
    vectors; False means "not shown", never "different".
    """
    sides = [e for e in (lhs, rhs) if isinstance(e, sp.Expr)]
    if len(sides) != 2 or not noncommuting(*sides):
        return False
    return sp.expand(_transposes_inward(lhs) - _transposes_inward(rhs)) == 0


def noncommuting(*exprs: Any) -> bool:
    """Whether a name in the expressions is read as a matrix or a vector (a noncommutative symbol or entry)."""
    return any(s.is_commutative is False for e in exprs if isinstance(e, sp.Basic) for s in e.atoms(sp.Symbol, sp.Indexed))


def _one_kind_per_name(lhs: Any, rhs: Any) -> tuple[Any, Any]:
    """The sides with a name read as a matrix or vector on either (``A^T``) read so on both: a key and an answer are
    read apart, and the answer's lone ``A`` was a number, so ``A^T = A`` held (for a number)."""
    sides = [e for e in (lhs, rhs) if isinstance(e, sp.Basic)]
    shaped = {s.name for e in sides for s in e.free_symbols if isinstance(s, sp.Symbol) and s.is_commutative is False}
    plain = {s for e in sides for s in e.free_symbols if isinstance(s, sp.Symbol) and s.is_commutative and s.name in shaped}
    if not plain:
        return lhs, rhs
    swap = {s: sp.Symbol(s.name, commutative=False) for s in plain}
    return tuple(e.xreplace(swap) if isinstance(e, sp.Basic) else e for e in (lhs, rhs))


def _inverse_on_one_side(lhs: Any, rhs: Any) -> str:
    """A matrix name inverted on its own (X^{-1}) on one side only, while the other side uses it otherwise; '' if none."""

    def inverted(e: Any) -> set:  # X of X^{-1} and of (X^T)^{-1}: each exists for a square X only
        bases = (p.base.args[0] if _is_transpose(p.base) else p.base for p in e.atoms(sp.Pow) if p.exp.is_negative)
        return {b for b in bases if isinstance(b, sp.Symbol) and not b.is_commutative}

    sides = [e for e in (lhs, rhs) if isinstance(e, sp.Basic)]
    if len(sides) != 2:
        return ""
    # (the least-squares slip: the other side transposes the name, (X^T X)^{-1} X^T; (AB)^{-1} = B^{-1} A^{-1} stands)
    (left, right), (used_left, used_right) = (inverted(e) for e in sides), (_transposed_names(e) for e in sides)
    lonely = (left - right) & used_right | (right - left) & used_left
    return min((s.name for s in lonely), default="")


def _equal_with_grams_whole(lhs: Any, rhs: Any) -> bool:
    """Whether the sides are equal as products with each inverted Gram product (X^T X) kept whole, one opaque matrix."""
    sides = [side for side in (lhs, rhs) if isinstance(side, sp.Basic)]
    grams = {p.base for side in sides for p in side.atoms(sp.Pow) if p.exp.is_negative and isinstance(p.base, sp.Mul)}
    opaque = {g: sp.Symbol(f"_gram{i}", commutative=False) for i, g in enumerate(sorted(grams, key=str))}
    try:
        whole = [side.subs(opaque) for side in sides]
    except Exception:  # SymPy's substitution in products: no such reading, so not shown
        return False
    if any(side.has(*grams) for side in whole):
        return False
    return whole[0] == whole[1] or equal_as_products(*whole)  # (G^{-1} G = I: 1 and 1, no names left to order)


def square_only(lhs: Any, rhs: Any, gram: bool = True) -> tuple[str, str]:
    """(the name, why) where the sides can agree for a square matrix only while one of them is also defined for other
    shapes: a name inverted on one side only (``(X^T X)^{-1} X^T y = X^{-1} y``), or (``gram``) an inverted Gram
    product that agrees only taken apart (``X (X^T X)^{-1} X^T y = y``); ('', '') where neither is so. ``check``,
    ``equiv`` and ``steps`` leave such a step undecided unless the shapes are declared."""
    lhs, rhs = _one_kind_per_name(lhs, rhs)  # (sides read apart: w commuting on one, not on the other)
    square = _inverse_on_one_side(lhs, rhs)
    if square:
        return square, (
            f"{square}^(-1) on one side exists only for a square {square}, and the other side is also defined for {square} of "
            f"other shapes (a tall one, where {square}^T {square} is invertible): they may differ there; declare the shapes in a "
            "context file"
        )
    product = _gram_inverse(lhs, rhs) if gram else None
    # I as the identity there: (X^T X)^{-1} X^T X = I holds for every shape (it was left undecided: review helper-185 R4)
    from derivax.matrices import IDENTITY_NAME  # NumPy: only for pairs with names read as matrices

    identity = {s: sp.Integer(1) for e in (lhs, rhs) if isinstance(e, sp.Basic) for s in e.free_symbols if IDENTITY_NAME.fullmatch(s.name)}
    if product is None or not product[0] or _equal_with_grams_whole(lhs.xreplace(identity), rhs.xreplace(identity)):
        # ((X^T X)^{-1} X^T X w = w: the inverse meets the very product it inverts, for any shape: review 172)
        return "", ""
    return product[1], (
        f"equal as products only with ({product[0]})^(-1) taken apart into inverses of its factors, which exist for square "
        "factors only (a tall X has X^T X invertible and no X^(-1)); declare the shapes in a context file"
    )


def _gram_inverse(*sides: Any) -> tuple[str, str]:
    """The first inverse of a product that holds a name and its transpose (``(X^T X)^{-1}``, ``(W W^T)^{-1}``): the
    product is invertible for rectangular factors, which have no inverses of their own; as (the product, the name),
    ('', '') if there is none."""
    for side in sides:
        if not isinstance(side, sp.Basic):
            continue
        for power in side.atoms(sp.Pow):
            if power.exp.is_negative and isinstance(power.base, sp.Mul):
                names = {a for a in power.base.args if isinstance(a, sp.Symbol)}
                if names & _transposed_names(power.base):
                    return sp.sstr(power.base), min(n.name for n in names & _transposed_names(power.base))
    return "", ""


def _transposed_names(expr: Any) -> set:
    return {t.args[0] for t in expr.atoms(AppliedUndef) if _is_transpose(t) and isinstance(t.args[0], sp.Symbol)}


def products_judged(lhs: Any, rhs: Any, seed: int, timeout_s: float) -> Judgement | None:
    """``lhs == rhs`` with names read as matrices or vectors, as ``check``, ``equiv`` and ``steps`` all judge it:
    proved as an identity of products in their order (:func:`equal_as_products`), else judged on random
    instances (:func:`derivax.matrices.products_judgement`); None where no name is read so."""
    if not noncommuting(lhs, rhs):
        return None  # and NumPy is not imported: a plain input with a function defined elsewhere never needs it
    lhs, rhs = _one_kind_per_name(lhs, rhs)
    square, why = square_only(lhs, rhs, gram=False)
    if square:  # (X^T X)^{-1} X^T y = X^{-1} y was proved: true for a square X only, where least squares has a tall one
        return Judgement(Verdict.UNDECIDED, "none", why)
    if equal_as_products(lhs, rhs):
        square, why = square_only(lhs, rhs)
        if square:  # X (X^T X)^{-1} X^T y = y was proved: the inverse taken apart, X X^{-1}, which a tall X has not
            return Judgement(Verdict.UNDECIDED, "none", why)
        return Judgement(Verdict.PROVED, "symbolic (products expanded in their order, transposes onto names)")
    from derivax.matrices import products_judgement

    # X^T(X\theta - y) = X^T X\theta - y X^T held with theta and y numbers, the one reading where both sides have a
    # shape; with them vectors the left side is one and the right side none (probe helper-135)
    return shapes_doubted(products_judgement(lhs, rhs, seed, timeout_s), lhs, rhs, seed, capitals_as_matrices=True)


def shapes_doubted(judged: Judgement | None, lhs: Any, rhs: Any, seed: int, capitals_as_matrices: bool) -> Judgement | None:
    """``judged``, or undecided where it holds and a reading gives one side a shape and the other none
    (:func:`derivax.matrices.one_side_only_fits`; ``capitals_as_matrices``: among the readings with every capital a
    matrix only)."""
    if judged is None or judged.verdict not in (Verdict.PROVED, Verdict.CONFIRMED):
        return judged
    from derivax.matrices import one_side_only_fits  # NumPy: only for pairs with names read as matrices

    fits = one_side_only_fits(lhs, rhs, seed, capitals_as_matrices=capitals_as_matrices)
    if fits:
        return Judgement(Verdict.UNDECIDED, "matrices", f"with {fits}, one side is a product and the other is not")
    return judged


def _scope_unclear(*exprs: Any) -> str:
    r"""Why the reading of an operator's scope is in doubt ('' if it is not): a limit's variable that also stands
    outside it (``\lim_{n \to \infty} 1 + \frac{1}{n}``: the body ended at the +, and 1/n was left with n free), or a
    sum's or product's index outside a body without it (``\sum_{i=1}^{3} 1 + i``). A verdict on such a reading
    answers a question the writer did not ask."""
    sides = [e for e in exprs if isinstance(e, sp.Basic)]
    if unclear := optima_scope_unclear(sides):
        return unclear
    free = set().union(*(e.free_symbols for e in sides))
    for side in sides:
        for limit in side.atoms(sp.Limit):
            if limit.args[1] in free:
                variable = limit.args[1]
                why = "where does its body end, and which is meant where? (write its body in parentheses, or name its variable otherwise)"
                return f"the limit's variable {variable} also stands outside it: {why}"
        for loop in side.atoms(sp.Sum, sp.Product):
            index = loop.limits[0][0]
            if index in free and index not in loop.function.free_symbols:
                return f"the index {index} stands outside its sum or product, whose body does not use it: where does the body end?"
    return ""


def _out_along_rays(condition: Any, relation: Any, sampler: Sampler, seconds: float) -> dict | None:
    """A point inside ``condition`` where ``relation`` fails, out along a ray (:func:`derivax.premise_hunt.along_rays`),
    or None within ``seconds``."""
    from derivax.implications import side_of  # implications judges with this module: imported when needed

    try:
        with time_limit(seconds):
            found = along_rays(side_of(condition, ""), side_of(relation, ""), sampler, seconds)
    except TimeLimitExceeded:
        return None
    return found.counterexample.point if found is not None else None


def _too_big(*exprs: Any) -> bool:
    return any(sp.count_ops(e, visual=False) > MAX_OPS for e in exprs if isinstance(e, sp.Basic))


def _long_sum(*exprs: Any) -> str | None:
    """Why a side cannot be sampled: a sum of over :data:`MAX_TERMS` terms that depends on a free symbol
    and that SymPy does not sum in closed form (each point would add up every term); None otherwise.

    A sum with a closed form (:math:`\\sum_{k=1}^{10^6} kx`) or without free symbols (one evaluation) is kept.
    """
    from sympy.concrete.summations import eval_sum_symbolic

    for e in exprs:
        if not isinstance(e, sp.Basic) or not e.has(sp.Sum):
            continue
        for s in e.atoms(sp.Sum):
            if len(s.limits) != 1 or not s.free_symbols:
                continue
            (index, lo, hi) = s.limits[0]
            if not (lo.is_Integer and hi.is_Integer) or hi - lo + 1 <= MAX_TERMS:
                continue
            try:
                with time_limit(0.5):
                    closed = eval_sum_symbolic(s.function.expand(), (index, lo, hi))
            except Exception:  # TimeLimitExceeded included: SymPy works out a huge exact number (x / k^2)
                closed = None
            if closed is None:
                return f"a sum of {hi - lo + 1} terms with no closed form SymPy finds: too many terms to evaluate (over {MAX_TERMS})"
    return None


_SMALL_BOUNDS = range(4)  # the whole numbers a sum's symbolic bound is tried at after SymPy summed it


def _holds_at_small_bounds(difference: Any, domains: Domains) -> bool:
    r"""Whether a difference with sums or products to a symbolic bound (n) is 0 at n = 0, 1, 2, 3 where the domains
    allow them, each sum added up term by term (other symbols at fixed rationals): SymPy's closed form of
    :math:`\sum_{k=0}^n \binom{n}{k} (-1)^k` is 0, which fails at n = 0 (the sum is 1), and "= 0" was proved."""
    difference = sp.sympify(difference, strict=True)
    bounds = sorted(sum_bounds(difference), key=lambda s: s.name)
    if not bounds:
        return True
    others = sorted(difference.free_symbols - set(bounds), key=lambda s: s.name)
    fixed = {s: sp.Rational(3 + 2 * i, 7 + 4 * i) for i, s in enumerate(others)}
    try:
        with time_limit(1.0):
            first = first_whole_numbers(difference)
            for value in _SMALL_BOUNDS:
                if not all(domains.of(s).contains(value) is sp.true and value >= first.get(s, 1) for s in bounds):
                    continue
                at = difference.xreplace({**{s: sp.Integer(value) for s in bounds}, **fixed}).doit()
                number = sp.N(at, 30)
                if number.is_number and number.is_finite and abs(number) > sp.Float(10) ** -20:
                    return False
    except TimeLimitExceeded:
        return True  # (as before: the closed form stands; sampling goes on to look at other points)
    except Exception:  # SymPy's summation of an odd term: the closed form stands, as before
        return True
    return True


def _assumed_symbols(expr: Any, domains: Domains) -> Any:
    """Symbols replaced by ones carrying the SymPy assumptions their domains imply."""
    mapping = {}
    for s in getattr(expr, "free_symbols", set()):
        if not isinstance(s, sp.Symbol):
            continue
        dom = domains.of(s)
        kw: dict[str, bool] = {"real": True}
        if dom.is_subset(sp.Interval.open(0, sp.oo)):
            kw = {"positive": True}
        elif dom.is_subset(sp.Interval(0, sp.oo)):
            kw = {"nonnegative": True}
        elif dom.is_subset(sp.Interval.open(-sp.oo, 0)):
            kw = {"negative": True}
        if dom.is_subset(sp.S.Integers):  # a context file's integer domain: (-1)^{2n} = 1 needs it
            kw["integer"] = True
        mapping[s] = sp.Symbol(s.name, **kw)
    return expr.xreplace(mapping) if mapping else expr


def _along_rays(expr: Any, domains: Domains) -> Any | None:
    r"""``expr`` with each symbol whose domain is an interval with an open end written from a fresh positive t, so that
    SymPy's signs see the bounds: x in (l, u) as :math:`l + (u - l)\frac{t}{1 + t}`, in (l, \infty) as l + t, in
    (-\infty, u) as u - t (t nonnegative where the end is closed). Each map is onto its interval, so a sign shown for
    every t is one for every x in the domain. None where no symbol has such a domain."""
    mapping = {}
    for symbol in getattr(expr, "free_symbols", set()):
        interval = domains.of(sp.Symbol(symbol.name)) if isinstance(symbol, sp.Symbol) else None
        if not isinstance(interval, sp.Interval):
            continue
        low, high = interval.start, interval.end
        bounded = low.is_finite and high.is_finite
        if bounded and not (interval.left_open and interval.right_open):
            continue  # [l, u]: no ray reaches u
        if not bounded and not (low.is_finite or high.is_finite):
            continue  # the real line: no bound to show
        t = sp.Dummy(f"{symbol.name}_t", positive=True) if (interval.left_open if low.is_finite else interval.right_open) else sp.Dummy(
            f"{symbol.name}_t", nonnegative=True
        )
        mapping[symbol] = low + (high - low) * t / (1 + t) if bounded else low + t if low.is_finite else high - t
    return expr.xreplace(mapping) if mapping else None


def _symbolic(lhs: Any, rhs: Any, rel: str, domains: Domains, costly: bool = True, seconds: float = 2.0) -> str | None:
    """How SymPy establishes ``lhs REL rhs`` under the domains, or None (``costly``: an equation may take
    ``simplify``, see :func:`derivax.symbolic.zero_by`). ``seconds``: the CPU the caller gives the whole of it; the
    check of an inequality's proof where its sides' difference turns gets what is left of them, at least 2 s."""
    from derivax.symbolic import zero_by

    began = clock()

    diff = _assumed_symbols(sp.sympify(lhs - rhs, strict=True), domains)
    if rel == "==":
        how = zero_by(diff, costly=costly)
        return how if how is None or _holds_at_small_bounds(lhs - rhs, domains) else None
    if rel == "!=":
        return None
    gap = sp.simplify(diff if rel in (">", ">=") else -diff)
    if not (gap.is_positive if rel in ("<", ">") else gap.is_nonnegative):
        rayed = _along_rays(gap, domains)  # -a/D^2 - b/(1 - D)^2 < 0 for 0 < D < 1: D = t/(1 + t), 1 - D = 1/(1 + t)
        gap = rayed if rayed is not None and (rayed.is_positive if rel in ("<", ">") else rayed.is_nonnegative) else gap
    if gap.is_positive if rel in ("<", ">") else gap.is_nonnegative:
        checked = _holds_where_it_turns(lhs, rhs, rel, domains, seconds=max(2.0, seconds - (clock() - began)))
        return "sign of the difference under the assumptions" if checked else None
    free = list(gap.free_symbols)
    if len(free) == 1:
        x = free[0]
        bad = sp.solveset(gap < 0 if rel in ("<=", ">=") else gap <= 0, x, sp.S.Reals)
        allowed = domains.of(sp.Symbol(x.name))
        periodic = any(x in f.free_symbols for f in gap.atoms(sp.functions.elementary.trigonometric.TrigonometricFunction))
        if periodic and bad is not sp.S.EmptySet:
            return None  # one period's points (solveset's answer) outside the domain say nothing of the other periods
        if isinstance(bad, sp.Set) and not isinstance(bad, sp.ConditionSet) and bad.intersect(allowed).is_empty:
            inside = _inside_numerically(bad, allowed, x)
            checked = _holds_where_it_turns(lhs, rhs, rel, domains, inside, max(2.0, seconds - (clock() - began)))
            return "solveset: no real point in the domain violates it" if checked else None
    return None


def _inside_numerically(bad: sp.Set, allowed: sp.Set, x: sp.Symbol) -> list[dict]:
    """A point (at 60 digits) in each interval of ``bad`` that overlaps ``allowed`` when their ends are compared as
    numbers: SymPy compares them symbolically, and took (-oo, log(1 + 10^{-12})) and (0, oo) for disjoint."""
    pieces = bad.args if isinstance(bad, sp.Union) else (bad,)
    lo_allowed, hi_allowed = (allowed.inf, allowed.sup) if isinstance(allowed, sp.Interval) else (-sp.oo, sp.oo)
    points = []
    for piece in pieces:
        if not isinstance(piece, sp.Interval):
            continue
        ends = []
        for a, b, pick in ((piece.inf, lo_allowed, max), (piece.sup, hi_allowed, min)):
            values = [mpmath.mpf(sp.N(v, DIGITS)) if v.is_finite else (mpmath.inf if v is sp.oo else -mpmath.inf) for v in (a, b)]
            ends.append(pick(values))
        lo, hi = ends
        if lo < hi:
            middle = (lo + hi) / 2 if mpmath.isfinite(lo) and mpmath.isfinite(hi) else (lo + 1 if mpmath.isfinite(lo) else hi - 1)
            if mpmath.isfinite(middle):
                points.append({x: sp.Rational(mpmath.nstr(middle, DIGITS))})
    return points


def _real_deeper(expr: Any, point: dict) -> bool:
    r"""Whether ``expr``, not real at the point at 60 digits, is real with 600: \ln(x + \sqrt{x^2 + 1}) at x = -10^{40},
    where x + \sqrt{x^2 + 1} = 5e-41 cancels to 0 or below (\ln(x + \sqrt{x^2+1}) = \sinh^{-1} x was refuted there)."""
    try:
        with mpmath.workdps(600):
            return defined_at(expr, point) is True
    except Exception:  # nothing more is known
        return False


def _holds_where_it_turns(lhs: Any, rhs: Any, rel: str, domains: Domains, also: Sequence[dict] = (), seconds: float = 2.0) -> bool:
    r"""Whether the inequality holds, at 60 digits, where the difference of its sides turns (the zeros of its
    derivative, :func:`derivax.slivers.critical_points`): a check of SymPy's proof, never the proof. SymPy 1.14 takes
    acosh(1000001/1000000) for zero, so solveset found no x with cosh(x - 0.77) < 1 + 10^{-6} and the sign of
    e^{(x - 0.77)^2} - 1 - 10^{-12} came out nonnegative: both were proved, and both fail at x = 0.77. ``also``: more
    points to try (:func:`_inside_numerically`). ``seconds``: the search's CPU; a fixed 2 s ran out on a slower
    machine for sign(x^3 - 3x + 1)^2 <= 1 (4 s there), and the proof given 30 s came out confirmed."""
    symbols = sorted((s for s in sp.sympify(lhs - rhs, strict=True).free_symbols if isinstance(s, sp.Symbol)), key=str)
    relation = {"<": sp.StrictLessThan, "<=": sp.LessThan, ">": sp.StrictGreaterThan, ">=": sp.GreaterThan}[rel](lhs, rhs, evaluate=False)
    try:  # the whole search or no proof: under load, a search cut short found no turning point and a false proof stood
        turning = critical_points(lhs, rhs, rel, symbols, domains, [{}], seconds, whole=True)
    except SearchCutShort:
        return False
    points = [*also, *(point for point, _ in turning)]
    for point in points:
        try:
            with mpmath.workdps(DIGITS):
                if not holds_at(relation, point):
                    return False
        except Exception:  # a point SymPy cannot evaluate tells nothing either way
            continue
    return True


def _symbolic_within(lhs: Any, rhs: Any, rel: str, domains: Domains, seconds: float, costly: bool = True) -> str | None:
    try:
        with time_limit(seconds):
            return _symbolic(lhs, rhs, rel, domains, costly, seconds)
    except TimeLimitExceeded:
        return None
    except (NotImplementedError, TypeError, ValueError, AttributeError, RecursionError, ArithmeticError, mpmath.libmp.NoConvergence):
        return None  # SymPy gave out (simplify's nroots did not converge): no route, the points decide


def _linked(symbols: set, conditions: Sequence[Any]) -> set:
    """The symbols and every other symbol a condition ties to them, however indirectly: y >= 1 under x >= 1 and
    y >= x is sampled in x too (y alone was refuted at y = 0, a point where no x satisfies the assumptions)."""
    linked = set(symbols)
    while True:
        more = set().union(*(c.free_symbols for c in conditions if c.free_symbols & linked)) - linked
        if not more:
            return linked
        linked |= more


def _certainly_fails(rel: str, lhs: Any, rhs: Any, point: dict) -> bool | None:
    """The failure at 60 digits is real: certified by intervals, else still there at 150 digits; None where a side
    could not be computed at 150 digits (a slow series): unsettled, never agreement."""
    certain = fails_certainly(rel, lhs, rhs, point, CHECK_DIGITS)
    if certain is not None:
        return certain
    with mpmath.workdps(DIGITS):
        coarse = value_at(lhs, point), value_at(rhs, point)
    # a coordinate 10^300 or 10^-300 hides that many digits (1 + a/m at m = 10^300 is 1 at 60 and at 150 digits, so
    # (1 + a/m)^m >= 1 + a was "certified" false; probe helper-147): checked with them added
    extra = 2 * _magnitude(point, (lhs, rhs))
    with mpmath.workdps(CHECK_DIGITS + extra):
        a, b = value_at(lhs, point), value_at(rhs, point)
        if a is None or b is None:
            return None
        if any(c is None or not holds_within("==", c, v, 1e-40, 1e-90) for c, v in zip(coarse, (a, b), strict=True)):
            # a value that moved between 60 and 150 digits was rounded away at both (artanh of 1 - 10^{-352955} came out
            # 141.4 and then 348.7; ln(1 + e^{-x}) = 2 artanh(e^{-x}/(2 + e^{-x})) was refuted: probe helper-119); with the
            # point's own digits added, values that stay put 200 digits further are the point's (e, not 1, for (1 +
            # 1/m)^m at m = 10^300)
            if not extra:
                return None
            with mpmath.workdps(CHECK_DIGITS + extra + 200):
                again = value_at(lhs, point), value_at(rhs, point)
            if any(c is None or not holds_within("==", c, v, 1e-100, 1e-200) for c, v in zip(again, (a, b), strict=True)):
                return None
        if rel in ("<", ">") and holds_within("==", a, b, _EXACT_RTOL, _EXACT_ATOL):
            return False  # a tie at 150 digits may be 1 - e^{-10^9} against 1: only intervals may refute a strict relation there
        return not holds_within(rel, a, b, _EXACT_RTOL, _EXACT_ATOL)


def _magnitude(point: dict, sides: Sequence[Any] = ()) -> int:
    """The most decimal places a coordinate of ``point``, or a power of it the ``sides`` take, reaches past 10^±40 (at
    most 2,000), else 0: x = 10^-20 in (1 + x^8)^{1/x^8} is 10^-160 there (review helper-148)."""
    powers: dict[Any, float] = {}
    for side in sides:
        for node in side.atoms(sp.Pow) if isinstance(side, sp.Basic) else ():
            if node.base in point and node.exp.is_number and node.exp.is_real:
                powers[node.base] = max(powers.get(node.base, 1.0), abs(float(node.exp)))
    out = 0
    for symbol, value in point.items():
        try:
            size = abs(float(mpmath.log10(abs(mpmath.mpf(value))))) * powers.get(symbol, 1.0) if value else 0.0
        except (TypeError, ValueError, OverflowError):
            continue
        out = max(out, int(size) if size > 40 else 0)
    return min(out, 2000)


_STRICT = ("<", ">", "!=")
_AUDITED = 4  # points where a relation held at 60 digits that are evaluated again at 150 before it is confirmed


def _differs_at_150(search: _Search, lhs: Any, rhs: Any, rel: str) -> tuple[dict, Any, Any, bool | None] | None:
    r"""A point where ``lhs REL rhs`` held at 60 digits (within their slack) and fails at 150 (beyond 1e-140 relative):
    ``10^{50} + 1 = 10^{50}``, ``\sigma(201) = 1``. The point, the values and whether intervals certify the failure
    (None: no interval form); None where every audited point holds at 150 digits too."""
    for point in search.audited:
        with mpmath.workdps(CHECK_DIGITS):
            a, b = value_at(lhs, point), value_at(rhs, point)
            if a is None or b is None:
                continue
            # e^{-800} = 0: values below the absolute slack (1e-100) differ at any number of digits; only intervals
            # tell a tiny value from a rounding of 0 (sin(pi) at 150 digits)
            tiny = a != b and max(abs(a), abs(b)) < 1e-90
            if not tiny and holds_within(rel, a, b, 1e-140, 1e-290):
                continue
        certain = fails_certainly(rel, lhs, rhs, point, CHECK_DIGITS)
        if tiny and not certain:
            continue
        return point, a, b, certain
    return None


_LARGE_BOUNDS = (13, 16, 20, 25, 32, 50, 64, 100, 128, 256, 500, 1000, 1024, 10**4, 10**5, 10**6, 10**7, 10**8, 10**9)
# past them where every sum has a closed form (evaluated through mpmath's digamma, zeta and gamma at any size):
# \sum_{k=1}^n 1/k < 22 fails from n = 2.0e9 on, \prod_{k=1}^n (1 + 1/k) < 10^{12} at n = 10^12, and
# \sum_{k=1}^n 1/k < 250 from n = 10^109; all three were confirmed
_FAR_BOUNDS = (10**12, 10**15, 10**20, 10**30, 10**50, 10**100, 10**200, 10**300, 10**500, 10**1000, 10**3000, 10**10000)


def _unbounded_integers(sampler: Sampler) -> list[sp.Symbol]:
    r"""The symbols that range over whole numbers without an upper bound: sums' bounds, counts, and symbols whose
    stated domain is whole numbers (``n \in \mathbb{Z}, n \ge 1``)."""
    out = []
    for s in sampler.symbols:
        domain = sampler.domains.of(s)
        if s in sampler.integers or (domain is not sp.S.Reals and domain.is_subset(sp.S.Integers) and domain.sup is sp.oo):
            out.append(s)
    return out


def _domain_ends(s: sp.Symbol, sampler: Sampler) -> list[Any]:
    """The finite ends of a symbol's domain that belong to it (x = -2.01 of x >= -2.01)."""
    domain = sampler.domains.of(s)
    ends = [e for e in (getattr(domain, "inf", None), getattr(domain, "sup", None)) if e is not None and e.is_finite]
    return [e for e in dict.fromkeys(ends) if sampler.in_domain(s, e)]


def _shifted_to_the_count(expr: Any, whole: list[sp.Symbol]) -> Any:
    r"""``expr`` with each sum whose upper end is a whole-number symbol plus a constant, ``\sum_{k=0}^{K-1} f(k)``, run to
    the symbol itself, ``\sum_{j=1}^{K} f(j - 1)``: SymPy finds the closed form of the harmonic sum written so (not of
    its shifted spelling, left "no closed form" and unconfirmed: review helper-196 R6), and the integral test brackets it."""
    def shifted(total: sp.Sum) -> Any:
        if len(total.limits) != 1:
            return total
        k, lo, hi = total.limits[0]
        constant = hi - next(iter(hi.free_symbols)) if len(hi.free_symbols) == 1 else None
        if constant is None or not constant.is_Integer or constant == 0 or next(iter(hi.free_symbols)) not in whole:
            return total
        return sp.Sum(total.function.xreplace({k: k + constant}), (k, lo - constant, hi - constant))

    return expr.replace(lambda e: isinstance(e, sp.Sum), shifted) if whole else expr


def _past_small_bounds(lhs: Any, rhs: Any, rel: str, sampler: Sampler, rtol: float, atol: float, seconds: float) -> Any:
    r"""A certain failure at a whole number past the 12 sampled (13 .. 10^9 and the odd number after each, every such
    symbol alike), the other symbols at their simplest values and at the ends of their domains (Bernoulli's
    :math:`(1 + x)^n \ge 1 + nx` for x >= -2.01 fails at x = -2.01 for odd n from 735), with each sum in the closed
    form SymPy finds, as ``(point, lhs value, rhs value, note)``. A sum without one is added up to 1000 terms only;
    past them, one such sum is bracketed by the integral test (:mod:`derivax.sumbounds`). A reason (a string) where an
    order relation with such a sum stays open past the terms added; None if nothing is found in ``seconds``."""
    whole = _unbounded_integers(sampler)
    closed, bases = None, [{}]
    try:
        with time_limit(seconds):
            closed = [
                _p_series(_real_closed_form(_shifted_to_the_count(e, whole))) if isinstance(e, sp.Basic) and e.has(sp.Sum, sp.Product)
                else e
                for e in (lhs, rhs)
            ]
            summed = any(isinstance(e, sp.Basic) and e.has(sp.Sum, sp.Product) for e in closed)
            largest = 10**9 if summed else _FAR_BOUNDS[-1]
            wide = Sampler(sampler.symbols, sampler.domains, sampler.integers, sampler.seed, largest=largest, first=sampler.first)
            search = _Search(*closed, rel, wide, rtol, atol)
            rest = [s for s in sampler.symbols if s not in whole]
            bases = (sampler.simple_points(1, rest) or [{}])[:1] if rest else [{}]
            for s in rest:  # each other symbol at an end of its domain, the rest at their simplest values
                bases += [{**bases[0], s: end} for end in _domain_ends(s, sampler)]
            for bound in _LARGE_BOUNDS + _FAR_BOUNDS:
                if summed and bound > 1000:
                    break
                for base in bases:
                    for value in (bound, bound + 1):
                        point = {**base, **{s: sp.Integer(value) for s in whole}}
                        found = search.fails_at(point) if len(point) == len(sampler.symbols) else None
                        if found is not None:
                            return point, *found, _FOUND_PAST
    except Exception:  # TimeLimitExceeded included: SymPy's doit or an evaluation gave out; the sampled bounds stand
        pass
    left = unsummed(closed or (), whole)
    if not left or rel not in (*ORDERS, "=="):
        return None
    test = integral_test(left[0], 2.0) if len(left) == 1 else None
    if test is not None:
        # past the terms added up, the one sum left bracketed by the integral test: \sum_{k=1}^n k^{-1/2} < 2000 fails
        # from n = 1,001,000 on and was confirmed
        for bound in (b for b in _LARGE_BOUNDS + _FAR_BOUNDS if b > 1000):
            for base in bases:
                point = {**base, **{s: sp.Integer(bound) for s in whole}}
                found = fails_throughout(*closed, rel, test, point) if len(point) == len(sampler.symbols) else None
                if found is not None:
                    return point, *found
        if holds_for_every_n(*closed, rel, test):
            return None
    if rel not in ORDERS:
        return None  # an equation between sums: the bounds sampled are evidence for it
    return (
        f"{', '.join(sp.sstr(total) for total in left)} has no closed form SymPy finds: its terms were added up for bounds "
        "up to 1000 only, and the relation may fail past them; not confirmed"
    )


_FOUND_PAST = "found past the whole numbers sampled (sums in closed form); both sides at 60 digits; certified at 150 digits"


def _within_digits(lhs: Any, rhs: Any, rtol: float, atol: float) -> bool:
    """Whether two sides without symbols agree within ``rtol``/``atol`` (at 30 digits); False where either has no value."""
    if not all(isinstance(e, sp.Expr) and not e.free_symbols for e in (lhs, rhs)):
        return False
    try:
        left, right = (complex(sp.N(e, 30)) for e in (lhs, rhs))
    except (TypeError, ValueError, ArithmeticError):
        return False
    # (sides exactly equal, 1.5 \ne 1.5: the search refutes it, as any \ne between equal numbers)
    gap = abs(left.real - right.real)
    return left.imag == right.imag == 0 and 0 < gap <= atol + rtol * abs(right.real)


def _equal_somewhere(lhs: Any, rhs: Any, rel: str, x: sp.Symbol, where: sp.Set, seconds: float) -> tuple[Any, Any, str] | None:
    r"""A segment [a, b] inside which the sides of a relation in x are equal, by the intermediate value theorem
    (:func:`derivax.slivers.sign_change`): for ``\ne``, where their difference changes sign; for a strict order, where
    the base of an even power in the difference does (:math:`(\cos x - x)^2 > 0`), the whole difference being
    continuous on the segment (so the other factors are finite where the base is 0). With the function that changes
    sign, for the evidence; None otherwise."""
    if rel == "!=":
        # two thirds of the time: the change of sign is the likelier (\frac{x \cos x}{x} \ne x once ran out of a
        # half on a loaded CI worker, for a cause not found, and was confirmed)
        crossing = sign_change(lhs, rhs, x, where, seconds * 2 / 3)
        if crossing is not None:
            return (*crossing, "the difference of the sides")
        seconds /= 3  # a difference that touches 0 without changing sign ((x - \cos x)^2 \ne 0): its even power's base
    gap = sp.factor_terms(lhs - rhs)
    factors = gap.args if gap.is_Mul else (gap,)
    bases = [f.base for f in factors if f.is_Pow and f.exp.is_Integer and f.exp > 0 and f.exp % 2 == 0 and f.base.free_symbols == {x}]
    for base in bases[:2]:
        crossing = sign_change(base, sp.Integer(0), x, where, seconds / len(bases[:2]))
        if crossing is not None and continuous_on(gap, x, *crossing):
            return (*crossing, f"{base}, under an even power in the difference of the sides,")
    return None


def _first_proposal_failing(search: _Search, proposals: Any, found_by: str, seconds: float | None = None) -> tuple[Any, str]:
    """The first proposed ``(point, how)`` where the relation fails, as ``((point, lhs, rhs), how)``; ``(None,
    found_by)`` where none does. With ``seconds``, the proposals share that budget, and running out of it ends the
    try, never the check (one point may be slow to evaluate: a series near its radius)."""

    def first() -> tuple[Any, str]:
        for point, how in proposals:
            hit = search.fails_at(point)
            if hit is not None:
                return (point, *hit), how
        return None, found_by

    if seconds is None:
        return first()
    try:
        with time_limit(seconds):
            return first()
    except TimeLimitExceeded:
        return None, found_by


def _one_varying(lhs: Any, rhs: Any, symbols: tuple, sampler: Sampler) -> list[tuple[sp.Symbol, dict, bool]]:
    r"""Where to look for the intermediate value theorem's crossing: ``(x, others, fixed)``, the difference of the sides
    in x alone with the other symbols at ``others`` (simple admissible values). ``fixed``: only there (the difference
    is in x alone once they are put in: (x - \cos x)^2 + y^2 > 0 at y = 0); else for every value of them (it never
    had them: (x - \cos x)^2 + y > y). Never where the assumptions tie a symbol to the others, nor over the integers."""
    gap = lhs - rhs if all(isinstance(e, sp.Expr) for e in (lhs, rhs)) else None
    varying = getattr(gap, "free_symbols", set()) & set(symbols)
    tied = {s for c in sampler.domains.conditions for s in getattr(c, "free_symbols", ())}
    if not varying or sampler.integers or varying & tied:
        return []
    if len(varying) == 1:
        (x,) = varying
        others = [s for s in symbols if s != x]
        base = next((p for p in sampler.simple_points(30, others) if sampler.admissible(p)), None) if others else {}
        return [] if base is None else [(x, {s: base[s] for s in others}, False)]
    if len(varying) > 3:
        return []
    out = []
    for x in sorted(varying, key=lambda s: s.name):
        others = [s for s in symbols if s != x]
        for base in [p for p in sampler.simple_points(30, others) if sampler.admissible(p)][:2]:
            if gap.xreplace(base).free_symbols == {x}:
                out.append((x, base, True))
    return out


def _inside_segment(low: Any, high: Any) -> tuple[Any, str, str]:
    """The simplest fraction strictly between two rational ends (a point to plug in), and the ends at 17 digits."""
    simplest = simplest_between(Fraction(int(low.p), int(low.q)), Fraction(int(high.p), int(high.q)))
    shown = (mpmath.nstr(mpmath.mpf(end.p) / end.q, 17) for end in (low, high))
    return sp.Rational(simplest.numerator, simplest.denominator), *shown


def _box_inside(sampler: Sampler, center: dict) -> bool:
    """Whether the box of half-width 2 :data:`RADIUS` around ``center`` lies in every symbol's domain, and no other
    condition applies (x \ne 0 of a cancelled x/x: a zero found at x = 0 would lie where the relation is undefined)."""
    if sampler.domains.conditions:
        return False
    return all(sp.Interval(c - 2 * RADIUS, c + 2 * RADIUS).is_subset(sampler.domains.of(s)) for s, c in center.items())


def _even_powers_vanish(lhs: Any, rhs: Any, rel: str, symbols: tuple, sampler: Sampler, seconds: float) -> tuple[dict, list] | None:
    r"""A point where a strict relation (or \ne) whose difference is a sum of even powers of as many functions as
    variables (:math:`(x - \sin y)^2 + (y - \cos x)^2 > 0`) fails: a box proved to hold a common zero of the bases
    (:func:`derivax.common_roots.certified_common_zero`), as ``(the simplest point in the box, the bases)``; None."""
    gaps = {">": [lhs - rhs], "<": [rhs - lhs], "!=": [lhs - rhs, rhs - lhs]}[rel]
    for gap in gaps:
        bases = even_power_bases(gap, symbols)
        if bases is None:
            continue
        # Newton's starts only once the difference has that form: most relations checked here never do
        starts = [p for p in sampler.simple_points(30) if sampler.admissible(p)][:12] + [sampler.point() for _ in range(8)]
        center = certified_common_zero(bases, symbols, starts, functools.partial(_box_inside, sampler), seconds)
        if center is not None:
            return {s: _inside_segment(c - RADIUS, c + RADIUS)[0] for s, c in center.items()}, bases
    return None


def _real_closed_form(expr: Any) -> Any:
    r"""SymPy's closed form of the sums and products in ``expr``, unless it goes through complex numbers
    (:math:`\prod (1 + 1/k^2)` as rising factorials of 1 ± i, which real evaluation refuses): then as written."""
    closed = expr.doit()
    if closed.has(sp.I):
        return expr
    factorials = (sp.RisingFactorial, sp.FallingFactorial, sp.factorial, sp.binomial)
    if closed.has(*factorials):
        # \prod_{k=1}^n (1 + 1/k) is RisingFactorial(2, n)/n!, which takes minutes at n = 10^9 (exact factorials):
        # n + 1 once the gammas cancel; kept as it was where they do not
        try:
            simpler = sp.gammasimp(closed)
        except (TypeError, ValueError):  # SymPy's rewrite compares a bound it cannot order
            simpler = closed
        closed = closed if simpler.has(*factorials, sp.gamma) else simpler
    return closed


def _p_series(expr: Any) -> Any:
    r""":math:`\sum_{k=1}^{n} k^{-s}` for a number s > 1, which SymPy leaves unsummed for s = 3/2, as the generalized
    harmonic number :math:`H_n^{(s)}` (evaluated through Hurwitz's zeta: a bound of 10^7 costs no more than one of 10)."""

    def p_series(node: Any) -> bool:
        if not isinstance(node, sp.Sum) or len(node.limits) != 1 or node.limits[0][1] != 1:
            return False
        k, term = node.limits[0][0], node.function
        return bool(term.is_Pow and term.base == k and term.exp.is_number and term.exp < -1)

    return expr.replace(p_series, lambda node: sp.harmonic(node.limits[0][2], -node.function.exp))


def _tie_at(lhs: Any, rhs: Any, point: dict) -> bool:
    """Whether the sides still agree at 150 digits (to 140): ``1 - e^{-200}`` and 1 part there, ln(2x) and ln 2 + ln x
    do not."""
    with mpmath.workdps(CHECK_DIGITS):
        a, b = value_at(lhs, point), value_at(rhs, point)
        return a is not None and b is not None and holds_within("==", a, b, mpmath.mpf(10) ** -140, mpmath.mpf(10) ** -290)


def _exact_difference(lhs: Any, rhs: Any, point: dict, digits: int = 4000, seconds: float = 1.0) -> Any | None:
    r"""``lhs - rhs`` at the point (floats taken as the exact binary numbers they are), to 15 digits that SymPy's evalf
    vouches for: it raises its working precision past any cancellation (``\tanh 400 - 1`` is -7.3e-348 and
    ``2^{1000} + 1 - 2^{1000}`` is 1, where 60 or 150 digits see 0). None where it cannot tell the difference from 0
    within ``digits`` digits or ``seconds`` of CPU, or cannot compute it."""
    exact = exact_point(point)
    try:
        with time_limit(seconds):
            difference = _difference_at(lhs, rhs, exact)
            if not difference.has(sp.Sum, sp.Product, sp.Limit, sp.Derivative):
                # powers of numbers that reading left unevaluated (10^{99999}): exact, so 10^{99999} + 10^{-99999} and
                # 10^{99999} differ by a rational SymPy computes, where evalf's 4,000 digits cannot see it
                difference = difference.doit()
            d = difference.evalf(15, maxn=digits, strict=True)
            if not (d.is_Number and d.is_real and d.is_finite and d != 0):
                return None
            if not difference.is_Rational:
                # a second opinion at the digits the difference needs: SymPy's evalf took ln(1 + e^{-1000}) for 0 (the
                # "difference" of -ln sigma(x) > e^{-x}/2 at x = 1000 came out negative: a true relation refuted)
                # (all the digits SymPy was allowed: what a value hides inside, 1 + e^{-1000}, its size does not show)
                with mpmath.workdps(digits):
                    a, b = value_at(lhs, exact), value_at(rhs, exact)
                    # the same difference to 6 digits, not only its sign: ln(1 + e^{-1000}) was 0 to evalf, and at 1,000 digits
                    # the difference of ln(1 + u) > u - u^2/2 is u^3/3 = 4e-1304, lost in rounding noise whose sign can match
                    agree = a is not None and b is not None and a != b and abs((a - b) - mpmath.mpf(d)) <= 1e-6 * abs(mpmath.mpf(d))
                if not agree:
                    return None
    except Exception:  # PrecisionExhausted (not told apart from 0), the time limit, anything SymPy cannot evaluate
        return None
    return d


def _difference_at(lhs: Any, rhs: Any, exact: dict) -> Any:
    """``lhs - rhs`` at the exact point (:func:`derivax.realeval.exact_point`), each integral as the closed form evaluation found for it
    (remembered: SymPy's integration and its check take seconds)."""
    difference = sp.sympify(lhs, strict=True) - sp.sympify(rhs, strict=True)
    return difference.replace(lambda e: isinstance(e, sp.Integral), lambda e: closed_form(e) or e).xreplace(exact)


def _holds_by_sign(rel: str, difference: Any) -> bool:
    """Does ``lhs REL rhs`` hold when ``lhs - rhs`` is this nonzero number?"""
    return {"==": False, "!=": True, "<": difference < 0, "<=": difference < 0, ">": difference > 0, ">=": difference > 0}[rel]


def _tied(search: _Search, lhs: Any, rhs: Any, rel: str, domains: Domains, done: Any, rtol: float) -> Judgement:
    """A strict relation whose sides tied at a sampled point (to 60 and 150 digits) where no interval could say
    they differ: refuted there if the sides are equal as an identity (``\\ln(2x) < \\ln 2 + \\ln x``, ``\\sum_{i=1}^n 1
    < n``), else undecided: a tie that digits cannot settle is never agreement."""
    point, a, b = search.tie
    route = _symbolic_within(lhs, rhs, "==", domains, 2.0)
    if route:
        note = f"the sides are equal everywhere (symbolic: {route}), so never {'different' if rel == '!=' else 'strictly ordered'}"
        return done(Verdict.REFUTED, "symbolic", "", _counterexample(point, a, b, note), search.usable, rtol)
    shown, exact = point_json(point)
    at = ", ".join(f"{k} = {exact.get(k, v)}" for k, v in shown.items()) or "the point"
    if _equal_at(lhs, rhs, point):
        ordered = "different" if rel == "!=" else "strictly ordered"
        note = f"the sides are exactly equal at {at} (SymPy simplifies their difference there to 0), so not {ordered}"
        return done(Verdict.REFUTED, "symbolic", "", _counterexample(point, a, b, note), search.usable, rtol)
    why = f"the sides agree to 150 digits at {at} ({mpmath.nstr(a, 10)}) and nothing certifies that they differ: equal there?"
    return done(Verdict.UNDECIDED, "sampling", why, usable=search.usable, rtol=rtol)


def _slack_ties_settled(search: _Search, lhs: Any, rhs: Any, rel: str, found: Any, constant: bool) -> Any:
    r"""Settle the points where the slack decided a comparison of integrals (:attr:`_Search.slack_ties`). Where every
    integral has a closed form, by the exact difference (:func:`_integral_difference`): \int_0^{50} e^{-x} dx = 1 was
    confirmed (it is 1 - e^{-50}), \int_{30}^{31} e^{-x^2} dx = 0 too (it is 2.27e-393). Where a quadrature gave a
    value, a difference within its accuracy stands as the tolerance says, except between sides both below the absolute
    slack, which nothing tells apart: undecided. A Judgement where a point decides (refuted; for constant sides,
    confirmed) or cannot be settled (undecided); else ``found`` (None where it was one of these points and holds)."""
    for point, a, b in search.slack_ties:
        closed, difference = _integral_difference(lhs, rhs, point, 4000 if constant else 1000)
        tiny = max(abs(a), abs(b)) <= _INTEGRAL_ATOL
        if not closed and not tiny:
            continue
        at = shown_at(point)
        if difference is None:
            why = (
                f"the sides are within the slack of integrals computed numerically at {at} ({mpmath.nstr(a, 6)} against "
                f"{mpmath.nstr(b, 6)}), and SymPy's evalf could not tell their difference from 0"
            )
            return Judgement(Verdict.UNDECIDED, "evaluation", why)
        if difference == 0:
            holds, shown = rel in ("==", "<=", ">="), "exactly equal (SymPy reduces their difference to 0)"
        else:
            holds = _holds_by_sign(rel, difference)
            shown = f"{mpmath.nstr(mpmath.mpf(difference._mpf_), 6)} apart (SymPy's evalf, its precision raised past the cancellation)"
        if not holds:
            return Judgement(Verdict.REFUTED, "evaluation", "", _counterexample(point, a, b, f"the sides are {shown}"))
        if found is not None and found[0] == point:
            found = None  # a failure within the slack only: the relation holds there
        if constant and found is None:
            return Judgement(Verdict.CONFIRMED, f"evaluation (the sides are {shown})")
    return found


def _integral_difference(lhs: Any, rhs: Any, point: dict, digits: int) -> tuple[bool, Any]:
    """(whether every integral has a closed form, ``lhs - rhs`` at the exact point): the difference is SymPy's exact 0
    where it reduces to it, else its evalf to 15 digits with the precision raised up to ``digits``; None where that
    cannot tell it from 0, an integral has no closed form, or 4 s of CPU run out (a closed form at 4,000 digits)."""
    try:
        with time_limit(4.0):
            difference = _difference_at(lhs, rhs, exact_point(point)).doit()
            if difference.has(sp.Integral):
                return False, None
            if difference == 0 or sp.expand(difference.rewrite(sp.erf)) == 0:  # (erfc(30) - erfc(31) against erf(31) - erf(30))
                return True, sp.Integer(0)
            try:
                d = difference.evalf(15, maxn=digits, strict=True)
            except sp.core.evalf.PrecisionExhausted:
                d = sp.Integer(0)
            if d == 0 and sp.simplify(difference) == 0:
                return True, sp.Integer(0)  # ln(1 + e) - ln 2 against ln((1 + e)/2): equal, which evalf cannot see
    except Exception:  # the time limit, anything SymPy cannot evaluate
        return True, None
    return True, d if d.is_Number and d.is_real and d.is_finite and d != 0 else None


def _shrinks(rel: str, a: Any, b: Any, far_a: Any, far_b: Any) -> bool:
    """Whether the failure of ``a REL b`` (at 10^40) is gone or ten times smaller at 10^400 (``far_a REL far_b``)."""
    if holds_within(rel, far_a, far_b, _HEAVY_RTOL, 1e-30):
        return True
    near, far = abs(a - b), abs(far_a - far_b)
    return bool(far * 10 <= near)


def _equal_at(lhs: Any, rhs: Any, point: dict) -> bool:
    """Whether SymPy proves the sides equal at the exact point: x e^{-x} and e^{-1} at x = 1 (a tie of a strict
    relation there refutes it, where the sides are no identity)."""
    if not (isinstance(lhs, sp.Expr) and isinstance(rhs, sp.Expr)):
        return False
    try:
        exact = {k: v if isinstance(v, sp.Basic) else sp.Rational(v) for k, v in point.items()}
        if not all(v.is_number and not v.has(sp.Float) for v in exact.values()):
            return False  # a float is no exact point: a tie there may be rounding
        with time_limit(1.0):
            return sp.simplify((lhs - rhs).xreplace(exact)) == 0
    except (TimeLimitExceeded, NotImplementedError, TypeError, ValueError, AttributeError, RecursionError, ArithmeticError):
        return False


_ENOUGH_TIED = 5  # distinct values of the names an assumed equation ties, for the points to show anything of them


def _tied_points(search: _Search) -> tuple[str, int] | None:
    """(the names, how many distinct values of them) where the assumptions include an equation among several names and
    the points defined on both sides give fewer than :data:`_ENOUGH_TIED` distinct values of those names; else None."""
    equations = [c for c in search.sampler._conditions if isinstance(c, sp.Eq) and len(c.free_symbols) > 1]
    if not equations:
        return None
    names = sorted(set().union(*(c.free_symbols for c in equations)), key=str)
    distinct = {tuple(point.get(s) for s in names) for point in search.both_defined}
    if len(distinct) >= _ENOUGH_TIED:
        return None
    return ", ".join(map(str, names)), len(distinct)


def _common_slice(search: _Search) -> str:
    """A point such as ``a = 0, y = 1`` where the sides' common domain seems to be a slice of the space: both are
    defined only at simple points (exact numbers) and never at a drawn one (floats), while at drawn points one side
    is ('' if not): a - y against a - y + sqrt(-a^2) is real only at a = 0, sqrt(1 - b^t) against sqrt(b^t - 1) only
    where b^t = 1."""
    if not search.both_defined or not search.one_side_defined:  # (the latter: drawn points only)
        return ""
    exact = {_where(p) for p in search.both_defined if not _drawn(p)}
    # a drawn point equal to an exact one is that point again (arcsin x against arcsin x + sqrt(x - 1): x = 1.0
    # drawn thirteen times beside x = 1 confirmed the pair, whose common domain is x = 1 alone)
    if any(_where(p) not in exact for p in search.both_defined if _drawn(p)):
        return ""
    return shown_at(next((p for p in search.both_defined if not _drawn(p)), search.both_defined[0]))


def _one_point(search: _Search) -> str:
    """The point, where every point both sides are defined at is the same one ('' if not): arcsin x against
    arcsin x + sqrt(x - 1) are both real at x = 1 alone, drawn again and again there."""
    seen = {_where(p) for p in search.both_defined}
    return shown_at(search.both_defined[0]) if len(seen) == 1 and search.both_defined[0] else ""


def _drawn(point: dict) -> bool:
    """Whether a point was drawn (a float coordinate), not one of the simple exact points."""
    return any(isinstance(v, sp.Float) for v in point.values())


def _where(point: dict) -> tuple:
    """A point as (name, float) pairs: a drawn 1.0 and an exact 1 are the same place."""
    return tuple(sorted((s.name, float(v)) for s, v in point.items()))


def _neither_rounded_nor_cut(values: tuple[Any, Any], numbers: Sequence[str]) -> bool:
    r"""Whether the one decimal a step writes, a side by itself, is neither the other side's exact value rounded to its
    last place (within half a unit) nor that value with its further digits cut (at most one unit below it in size):
    ``\frac{4}{5} = 0.9`` (0.8), ``3 \cdot 0.3`` is no such step (two decimals: the 0.3 may carry a rounding). One
    unit off past half of one was "truncated, or a rounding slip" for any direction (probe helper-205 M3)."""
    decimals = [n for n in numbers if relative_unit(n) is not None]
    if len(decimals) != 1:
        return False
    mantissa, _, exponent = decimals[0].partition("E")
    a, b = values
    with mpmath.workdps(60):
        written = abs(mpmath.mpf(mantissa) * mpmath.mpf(10) ** int(exponent or 0))
        unit = mpmath.mpf(10) ** (int(exponent or 0) - len(mantissa.split(".")[1]))
        stated, exact = (b, a) if abs(abs(b) - written) <= unit * 1e-9 else (a, b) if abs(abs(a) - written) <= unit * 1e-9 else (None, None)
        if stated is None or stated * exact <= 0:
            return False
        size = abs(exact)
        rounded = abs(size - written) <= unit / 2 * (1 + 1e-12)
        cut = written <= size < written + unit * (1 - 1e-12)
        # (and more than 5 % off: \frac{1}{3} = 0.34, 2 % off, is for the grader to decide, tests/data/equiv_pairs.yaml)
        return not rounded and not cut and abs(size - written) > size / 20


def _rounds_to_zero_beside(a: Any, b: Any) -> bool:
    """Whether the smaller of two numbers of one sign is under half the larger (0.001 beside 0.01)."""
    if a * b <= 0:
        return False
    low, high = sorted((abs(a), abs(b)))
    return low < high / 2


def _counterexample(point: dict, a: Any, b: Any, note: str) -> Counterexample:
    at, exact = point_json(point)
    a, b = (v if isinstance(v, str) else faithful_float(v) for v in (a, b))
    return Counterexample(at, a, b, note, exact, dict(point))


class _Search:
    """The sampling half of :func:`compare`: points, values, the first certain failure."""

    def __init__(self, lhs: Any, rhs: Any, rel: str, sampler: Sampler, rtol: float, atol: float, heavy: bool = False, digits: int = DIGITS):
        self.lhs, self.rhs, self.rel, self.sampler = lhs, rhs, rel, sampler
        self.digits = digits  # more where a limit is evaluated beside a point: (|a + h| - |a|)/h at h = 10^-40 cancels 40
        self.rtol, self.atol = rtol, atol
        self.usable = 0
        self.values: list[tuple[Any, Any]] = []
        self.audited: list[dict] = []  # the first points where the relation held: evaluated again at 150 digits
        self.one_sided: tuple[dict, bool] | None = None  # a point where only one side is defined
        # a point where the sides of a strict relation agree to the digits evaluated, and nothing certified that they
        # differ: it may be a tie (ln(2x) < ln 2 + ln x), so no confirmation rests on the other points
        self.tie: tuple[dict, Any, Any] | None = None
        # ... and the first few such points: a tie may hold at one (1 - tanh 1000 is 2.7e-869 > 10^{-1000}) and fail at
        # the next (1 - tanh 10^4 is 1e-8686): the first alone settled, 1 - tanh x > 10^{-1000} was confirmed
        self.strict_ties: list[tuple[dict, Any, Any]] = []
        self.unevaluable: dict | None = None  # a point where one side was too large to compute (e^{10^40 x} at x = 1)
        self.heavy = heavy  # limits evaluated at a huge argument (compare replaced them before the sides reach here)
        # a point where the sides differ at 60 digits and a side could not be computed again at 150 (\sum 1/n^2 against
        # \sum 1/n^3 was confirmed: the failure went uncertified and counted as agreement)
        self.unsettled: tuple[dict, Any, Any] | None = None
        # a point where a side's infinite series diverges and the other side is a number (sum_i beta^i = 1/(1 - beta)
        # for beta > 0 was confirmed: beta = 2 counted as outside the domain, like a log of a negative number)
        self.divergent: tuple[dict, bool, Any] | None = None
        # the points where both sides are defined, and some where only one is: a common domain that is a slice (a - y
        # against a - y + sqrt(-a^2), real only at a = 0) confirms nothing about the rest
        self.both_defined: list[dict] = []
        self.one_side_defined: list[dict] = []  # drawn points (floats) where one side is not real
        # points where an exact equation or a non-strict inequality held because the sides agreed to the 60 digits:
        # evidence only where nothing can hide a difference below them (derivax.hidden)
        self.ties: list[dict] = []
        # points where the slack decided (sides within it and not equal): with integrals computed numerically, 1 - e^{-50}
        # against 1, 2.27e-393 (e^{-x^2} on [30, 31]) against 0; settled by the exact difference (_slack_ties_settled)
        self.slack_ties: list[tuple[dict, Any, Any]] = []

    def fails_at(self, point: dict) -> tuple[Any, Any] | None:
        """Both values at the point if the relation certainly fails there; None otherwise."""
        if not self.sampler.admissible(point):
            return None
        decided = _cases_decided_at(self.lhs, self.rhs, point)
        if decided is not None:  # 1[x^2 = 2] at x = sqrt 2: the case's condition decided exactly, then the values
            lhs, rhs = decided
            with mpmath.workdps(self.digits):
                (a, _), (b, _) = evaluated(lhs, {}), evaluated(rhs, {})
            if a is None or b is None or holds_within(self.rel, a, b, self.rtol, self.atol) or not _certainly_fails(self.rel, lhs, rhs, {}):
                return None
            self.usable += 1
            return a, b
        with mpmath.workdps(self.digits):
            (a, a_missing), (b, b_missing) = evaluated(self.lhs, point), evaluated(self.rhs, point)
        if a is None or b is None:
            if (a is None) != (b is None):
                drawn = _drawn(point)
                # not real there (a series too slow to sum at a point is unknown, not undefined)
                if drawn and len(self.one_side_defined) < 50 and "not real" in (a_missing, b_missing):
                    self.one_side_defined.append(point)
                first = self.one_sided is None
                if first:
                    self.one_sided = (point, a is None)
                # too large to compute, not undefined: with limits, looked for past the first such point (lim 1/(1 -
                # beta^t) = 1 for beta > 0 was confirmed: beta = 1, undefined, came first; beta = 2, too large, unseen)
                if self.unevaluable is None and (first or self.heavy):
                    if (a_missing if a is None else b_missing) in ("unknown", "diverges"):
                        self.unevaluable = point
                if self.rel == "==" and self.divergent is None and "diverges" in (a_missing, b_missing):  # it may diverge to oo > 5
                    self.divergent = (point, a is None, b if a is None else a)
            return None
        self.usable += 1
        self.values.append((a, b))
        if len(self.both_defined) < 200:
            self.both_defined.append(point)
        if len(self.audited) < _AUDITED:
            self.audited.append(point)
        held = holds_within(self.rel, a, b, self.rtol, self.atol)
        if self.heavy and len(self.slack_ties) < 4 and held != holds_within(self.rel, a, b, 0, 0):
            self.slack_ties.append((point, a, b))
        # sides of a strict relation that agree to 50 of 60 digits: on either side of each other by rounding alone?
        close = self.rel in _STRICT and self.rtol <= _EXACT_RTOL and holds_within("==", a, b, _EXACT_RTOL, _EXACT_ATOL)
        if held and not close:
            if self.rel in ("==", "<=", ">=") and self.rtol <= _EXACT_RTOL and len(self.ties) < 200:
                if holds_within("==", a, b, _EXACT_RTOL, _EXACT_ATOL):
                    self.ties.append(point)
            return None
        if self.rtol > _EXACT_RTOL:  # approximate by design (\approx, limits): the values are the evidence
            return a, b
        certain = _certainly_fails(self.rel, self.lhs, self.rhs, point)
        if certain:
            return a, b
        if certain is None and self.unsettled is None:
            self.unsettled = (point, a, b)
        if close and len(self.strict_ties) < 8 and _tie_at(self.lhs, self.rhs, point):
            self.strict_ties.append((point, a, b))
            self.tie = self.tie or (point, a, b)
        return None

    def first_failure(self, points: Any) -> tuple[dict, Any, Any] | None:
        for point in points:
            found = self.fails_at(point)
            if found is not None:
                return point, *found
        return None


def _cases_decided_at(lhs: Any, rhs: Any, point: dict) -> tuple[Any, Any] | None:
    r"""Both sides with an exact point put in where a case's condition is an equation or a tie (``1[x^2 = 2]``,
    ``1[x^2 \ge 2]``) and the point is exact but not rational (sqrt 2): decided by SymPy exactly, as digits cannot (x^2
    at a 150-digit sqrt 2 is not 2, and 1[x^2 = 2] = 0 was confirmed: probe helper-151); None otherwise."""
    if not point or not all(isinstance(v, sp.Basic) and v.is_number and not v.is_Rational and not v.has(sp.Float) for v in point.values()):
        return None
    if not any(isinstance(e, sp.Basic) and e.has(sp.Piecewise) for e in (lhs, rhs)):
        return None
    try:
        with time_limit(0.5):
            sides = [e.xreplace(point) if isinstance(e, sp.Basic) else e for e in (lhs, rhs)]
            sides = [sp.piecewise_fold(e).doit() if isinstance(e, sp.Basic) and e.has(sp.Piecewise) else e for e in sides]
    except Exception:  # a condition SymPy cannot decide in time: the digits decide, as before
        return None
    if any(isinstance(e, sp.Basic) and (e.has(sp.Piecewise) or e.free_symbols) for e in sides):
        return None
    return sides[0], sides[1]


def _integrals_of(*sides: Any) -> list[sp.Integral]:
    """The definite integrals in ``sides``, outermost first."""
    return [i for e in sides if isinstance(e, sp.Basic) for i in sp.preorder_traversal(e) if isinstance(i, sp.Integral)]


def _first_failure(search: _Search, points: Any, seconds: float) -> tuple[dict, Any, Any] | None:
    """:meth:`_Search.first_failure` within ``seconds`` (None when none is found in time)."""
    if seconds <= 0:
        return None
    try:
        with time_limit(seconds):
            return search.first_failure(points)
    except TimeLimitExceeded:
        return None


def _simpler(search: _Search, point: dict) -> dict:
    """The same failure with fewer digits to type, if there is one."""
    for shorter in rounded_points(point):
        if shorter != point and search.fails_at(shorter) is not None:
            return shorter
    return point


# Magnitudes past the sampler's 10^-9..10^9: ln x + sin x <= 25 fails from e^27 on, arctan x <= 1.5707963267 past 10^11,
# x^{0.01} + sin^2 x >= 0.5 below 10^-30, (ln(1 + x))/x <= 0.9999999999 below 10^-10; all were confirmed.
_EXTREMES = tuple(sp.Integer(10) ** k for k in (12, 15, 20, 30, 50, 100, 300)) + tuple(
    sp.Rational(1, 10**k) for k in (10, 12, 15, 20, 31, 50, 100)
)


def _extreme_points(symbols: Sequence[sp.Symbol], sampler: Sampler, fixed: Sequence[dict]) -> list[tuple[dict, str]]:
    """Each real symbol in turn at ±10^12 .. 10^300 and ±10^-10 .. 10^-100, the others at the simplest admissible
    point: where a relation that holds on the sampled scales may stop holding."""
    base = fixed[0] if fixed else {}
    out = []
    for s in symbols:
        if s in sampler.integers:
            continue
        for magnitude in _EXTREMES:
            for value in (magnitude, -magnitude):
                point = {**base, s: value}
                if len(point) == len(symbols) and sampler.admissible(point):
                    out.append((point, "trying extreme magnitudes (10^-100 to 10^300)"))
    return out


def _whole_exponents(lhs: Any, rhs: Any, sampler: Sampler, draws: int = 24) -> list[tuple[dict, str]]:
    """Drawn points where the base of a power with a variable exponent is negative, that exponent set to 1, 2, 3: a
    real power of a negative base is real at whole exponents only, a set no drawn point meets (|1 - ba|^t = (1 - ba)^t
    was confirmed, every usable point having 1 - ba > 0)."""
    out: list[tuple[dict, str]] = []
    powers = [p for side in (lhs, rhs) if isinstance(side, sp.Basic) for p in side.atoms(sp.Pow) if p.base.free_symbols]
    free = set(sampler.symbols) - set(sampler.integers)
    for power in powers[:8]:
        # an exponent c t + d: the t that makes it 1, 2, 3 (2t = 1 at t = 1/2 too)
        wholes = [(whole, _solved_for(power.exp, whole, free)) for whole in (1, 2, 3)]
        if any(at is None for _, at in wholes):
            continue
        for _ in range(draws):
            point = sampler.point()
            try:
                negative = bool(power.base.xreplace(point) < 0)
            except TypeError:
                continue
            if not negative:
                continue
            for whole, exponent_at in wholes:
                at = {**point, **exponent_at}
                if sampler.admissible(at):
                    out.append((at, f"a whole exponent where the base of a power is negative ({power.exp} = {whole})"))
            if len(out) >= 9:
                break
    return out + _powers_of_powers(powers, sampler, draws)


def _solved_for(expr: Any, value: Any, free: set) -> dict | None:
    """The one free symbol of ``expr`` (linear in it, among ``free``) set so that ``expr`` is ``value``; None if none."""
    symbols = expr.free_symbols
    if len(symbols) != 1 or not symbols <= free:
        return None
    (t,) = symbols
    try:
        linear = sp.Poly(expr, t)
    except sp.PolynomialError:
        return None
    if linear.degree() != 1 or not all(c.is_number for c in linear.all_coeffs()):
        return None
    c, d = linear.all_coeffs()
    return {t: (value - d) / c}


def _powers_of_powers(powers: list, sampler: Sampler, draws: int) -> list[tuple[dict, str]]:
    """Drawn points where a power of a power, (b^e)^f, has b negative, e = 2 and f = 1/2: (b^2)^{1/2} is |b|, where
    b^{ef} is b ((x^y)^z = x^{yz} was confirmed: it fails at x = -1, y = 2, z = 1/2 only, a set no draw meets)."""
    out: list[tuple[dict, str]] = []
    free = set(sampler.symbols) - set(sampler.integers)
    for power in powers[:8]:
        inner = power.base
        if not (isinstance(inner, sp.Pow) and inner.base.free_symbols):
            continue
        even, half = _solved_for(inner.exp, 2, free), _solved_for(power.exp, sp.Rational(1, 2), free)
        if even is None or half is None or set(even) & set(half):
            continue
        for _ in range(draws):
            point = {**sampler.point(), **even, **half}
            try:
                negative = bool(inner.base.xreplace(point) < 0)
            except TypeError:
                continue
            if negative and sampler.admissible(point):
                out.append((point, "a power of a power at an even exponent inside, 1/2 outside, where the base is negative"))
            if len(out) >= 3:
                break
    return out


def _guided(lhs: Any, rhs: Any, rel: str, sampler: Sampler, seed: int) -> list[tuple[dict, str]]:
    """The guided search's proposals for an inequality (derivax.search; JAX is imported only here)."""
    left = time_left()
    budget = min(6.0, left - 0.3) if left > 0 else 6.0
    if budget < 0.5:
        return []
    symbols = list(sampler.symbols)
    pieces = []
    for s in symbols:
        if s in sampler.integers:
            pieces.append([(1.0, 12.0, True)])
        else:
            found = sampler.pieces(s, 12.0) or [(-3.0, 3.0, False)]
            pieces.append(found)
    try:
        from derivax.search import search, warmed_up

        if not warmed_up():  # (outside the budget: once a process, whichever check comes first)
            return []
    except Exception:  # no JAX that starts: the search proposes nothing, and the check goes on without it
        return []
    try:
        with time_limit(budget):
            report = search(symbols, [s.name for s in symbols], pieces, lhs, rhs, rel, seed=seed, starts=16, steps=60)
    except Exception:  # TimeLimitExceeded included: no JAX form, or too slow: the sampled points stand
        return []
    out = []
    for cand in report.candidates[:16]:
        point = {
            s: sp.Integer(round(cand.point[s.name])) if s in sampler.integers or pieces[i][0][2] else sp.Float(cand.point[s.name], 17)
            for i, s in enumerate(symbols)
        }
        out.append((point, cand.found_by))
    return out


def _shrunk(search: _Search, point: dict, seed: int, seconds: float) -> dict:
    """Ask Hypothesis for a simpler failing point than the sampled one (keep it if none is found)."""
    from hypothesis import HealthCheck, Phase, find, settings
    from hypothesis import strategies as st
    from hypothesis.errors import HypothesisException

    symbols = list(search.sampler.symbols)

    def strategy(s: sp.Symbol) -> st.SearchStrategy:
        if s in search.sampler.integers:
            return st.integers(1, 12)
        pieces = search.sampler.pieces(s, 12.0) or [(-3.0, 3.0, False)]
        readable = st.floats  # 0, or a size the digits evaluated can see (never 2e-79)
        return st.one_of(
            *[
                st.integers(math.ceil(lo), math.floor(hi)) if integer else readable(lo, hi).filter(lambda v: v == 0 or abs(v) >= 1e-9)
                for lo, hi, integer in pieces
            ]
        )

    def as_point(values: tuple) -> dict:
        return {s: sp.Integer(v) if isinstance(v, int) else sp.Float(v, 17) for s, v in zip(symbols, values, strict=True)}

    try:
        with time_limit(seconds):
            values = find(
                st.tuples(*[strategy(s) for s in symbols]),
                lambda values: search.fails_at(as_point(values)) is not None,
                settings=settings(
                    max_examples=100,
                    database=None,
                    deadline=None,
                    suppress_health_check=list(HealthCheck),
                    phases=(Phase.generate, Phase.shrink),
                ),
                random=random.Random(seed),
            )
    except (HypothesisException, TimeLimitExceeded):
        # none simpler found; or the time limit fired inside Hypothesis's run, which it then reports as flaky
        return point
    return as_point(values)


_FINEST_WRITTEN_RTOL = 1e-45  # a written number's last digit finer than this is past the working digits (DIGITS = 60)


def compare(
    lhs: Any,
    rhs: Any,
    rel: str = "==",
    domains: Domains | None = None,
    *,
    numbers: Sequence[str] = (),
    approx: bool = False,
    points: int = _POINTS,
    seed: int = 0,
    timeout_s: float = 5.0,
    shrink: bool = False,
    band: Band | None = None,
) -> Judgement:
    """Does ``lhs REL rhs`` hold where both sides are defined, within ``domains``? (module docstring)

    ``numbers`` are the numbers as written (for ``\\approx`` and for rounded decimals); ``shrink``
    asks Hypothesis for a simpler counterexample than the sampled one. A verdict confirmed by sampling is searched
    again on each slice of a pair of symbols used only as their ratio (:func:`derivax.merging.ratio_slices`).
    """
    start, cpu_start = time.perf_counter(), clock()
    options = _Options(numbers, approx, points, seed, shrink, band)
    j = _compare_once(lhs, rhs, rel, domains, timeout_s, options)
    left = timeout_s - (clock() - cpu_start)
    if j.verdict is not Verdict.CONFIRMED or domains is None or left < 1.0:
        return j
    try:  # (within what is left, with room for the caller's own work after: the slices are a second look, never owed)
        with time_limit(min(0.5, left / 4)):
            slices = ratio_slices(lhs, rhs, domains)
    except TimeLimitExceeded:
        return j
    for ratio in slices:
        left = timeout_s - (clock() - cpu_start)
        if left < 1.0:
            break
        sliced = _compare_once(ratio.lhs, ratio.rhs, rel, ratio.domains, min(left / 2, timeout_s / 4), options)
        if sliced.verdict is Verdict.REFUTED and sliced.counterexample is not None:
            ce = sliced.counterexample
            point = {**ce.point, **ratio.at}
            at, exact = point_json(point)
            ce = dataclasses.replace(ce, at=at, exact=exact, point=point)
            method = f"{sliced.method}; {ratio.describe()}"
            seconds = time.perf_counter() - start
            return Judgement(Verdict.REFUTED, method, sliced.reason, ce, j.points + sliced.points, sliced.tolerance, seconds)
    return j


class _Options(NamedTuple):
    """:func:`compare`'s options other than the time, as one (the slices are judged with the same)."""

    numbers: Sequence[str]
    approx: bool
    points: int
    seed: int
    shrink: bool
    band: Band | None


def _compare_once(lhs: Any, rhs: Any, rel: str, domains: Domains | None, timeout_s: float, settings: _Options) -> Judgement:
    """:func:`compare` on the statement as given."""
    numbers, approx, points, seed, shrink, band = settings
    identical = rel in ("==", "<=", ">=") and isinstance(lhs, sp.Basic) and lhs == rhs and not lhs.has(sp.Limit, sp.Derivative)
    if not identical:
        solvers_loaded()  # x + x = 2x needs no solver: 0.3 s of the start-up of a trivial check
    start, cpu_start = time.perf_counter(), clock()  # wall seconds reported; CPU seconds budgeted (derivax.limits)
    domains = domains or Domains()

    past_digits = 0.0  # a written number's relative unit where it is finer than the working digits can check

    def done(
        verdict: Verdict, method: str, reason: str = "", ce: Counterexample | None = None, usable: int = 0, rtol: float = 0.0
    ) -> Judgement:
        if past_digits and verdict in (Verdict.PROVED, Verdict.CONFIRMED) and method != "symbolic (identical)":
            reason = (
                f"a number is written to a relative precision of {past_digits:.1g}, past the margin derivax keeps below "
                f"its {DIGITS} working digits ({_FINEST_WRITTEN_RTOL:g}): its last digits cannot be checked"
            )
            verdict, method = Verdict.UNDECIDED, "none"
        return Judgement(verdict, method, reason, ce, usable, rtol, time.perf_counter() - start)

    if _too_big(lhs, rhs):
        return done(Verdict.UNDECIDED, "none", f"expression too large (over {MAX_OPS} operations)")
    if all(isinstance(s, sp.Basic) and s.is_number and s.is_extended_real is False and s is not sp.zoo for s in (lhs, rhs)):
        # \ln(-1) < \ln(-1) + 1 was proved by the sign of the difference: no real value to compare (one side not real
        # against a real one stays refuted below, as 1/0 = 2 is)
        return done(Verdict.UNDECIDED, "none", "both sides are not real (constants outside the reals): nothing to compare over the reals")
    emptied = emptied_domains(domains)
    if emptied:  # 0 < eta lambda < 1 and 1 < eta lambda < 2 both assumed: anything would follow from them
        return done(Verdict.UNDECIDED, "none", emptied)
    unclear = _scope_unclear(lhs, rhs, *domains.conditions)
    if unclear:
        return done(Verdict.UNDECIDED, "none", unclear)
    extended = against_infinity(lhs, rhs, rel, domains)  # \sum 1/k^2 < \infty: the infinite side has no value to sample
    if extended is not None:
        return done(*extended)
    taken = [optima_taken(e, min(2.0, timeout_s / 2)) for e in (lhs, rhs)]  # \min_x (x - 2)^2 + 1): its value, checked
    if any(notes for _, notes, _ in taken):
        notes = "; ".join(n for _, ns, _ in taken for n in ns)
        left = max(0.5, timeout_s - (clock() - cpu_start))
        options = {"numbers": numbers, "approx": approx, "points": points, "seed": seed, "timeout_s": left, "shrink": shrink}
        j = compare(taken[0][0], taken[1][0], rel, domains, **options)
        ce = dataclasses.replace(j.counterexample, note=f"{j.counterexample.note}; {notes}") if j.counterexample else None
        verdict = Verdict.CONFIRMED if j.verdict is Verdict.PROVED and not all(exact for *_, exact in taken) else j.verdict
        return done(verdict, f"{j.method}; {notes}", j.reason, ce, j.points, j.tolerance)
    if writes_derivatives([lhs, rhs, *domains.conditions]):
        lhs, rhs, *conditions = dependence_declared([lhs, rhs, *domains.conditions])  # dz/dtheta written: z = z(theta)
        domains = Domains(domains.sets, tuple(conditions))
    too_long = _long_sum(lhs, rhs)
    if too_long:
        return done(Verdict.UNDECIDED, "none", too_long)
    # \sum_{i=1}^3 x_i^2 + 1 against x_1^2 + x_2^2 + x_3^2 + 1: the entries x[i] of the sum are the x_1 written beside it
    lhs, rhs = sums_written_out(lhs), sums_written_out(rhs)
    if any(isinstance(c, sp.Basic) and c.has(sp.Sum) for c in domains.conditions):  # log \sum_i e^{x_i}: its argument > 0
        domains = Domains(domains.sets, tuple(sums_written_out(c) for c in domains.conditions))
    undefined = sorted(undefined_functions([e for e in (lhs, rhs, *domains.conditions) if isinstance(e, sp.Basic)]))
    if undefined:
        reason = f"{UNDEFINED}: {', '.join(undefined)}"
        products = products_judged(lhs, rhs, seed, min(timeout_s, 2.0)) if rel == "==" and not domains.conditions else None
        if products is not None:  # (AB)^T = B^T A^T, y^T X w = w^T X^T y: vectors and matrices
            return done(products.verdict, products.method, products.reason)
        ruled = rules_applied([lhs, rhs, *domains.conditions])  # d/dx [f(x) g(x)] = f'g + f g' for every f and g
        readings = [(ruled, "; the product, quotient and chain rules applied")] if ruled is not None else []
        readings.append(([lhs, rhs, *domains.conditions], ""))
        for exprs, rules in readings:
            unknown = unknowns_as_symbols(exprs)
            if unknown is None:
                continue
            (lhs_u, rhs_u, *conditions), named = unknown
            left = max(0.5, timeout_s - (clock() - cpu_start))
            sides = [e for e in (lhs_u, rhs_u) if isinstance(e, sp.Basic)]
            norms = {u: sp.Interval(0, sp.oo) for e in sides for u in e.atoms(sp.Dummy) if u.is_nonnegative}
            within = Domains({**domains.sets, **norms}, tuple(conditions))
            j = compare(lhs_u, rhs_u, rel, within, numbers=numbers, approx=approx, seed=seed, timeout_s=left)
            if j.verdict in (Verdict.PROVED, Verdict.CONFIRMED):
                # (only beside a derivative of one: E[X] = 0 assumed is a fact about the unknown E[X], and holds it)
                derivatives = [d for e in exprs if isinstance(e, sp.Basic) for d in e.atoms(sp.Derivative)]
                derived = any(d.expr.has(AppliedUndef) for d in derivatives)
                tied = [c for c in domains.conditions if isinstance(c, sp.Eq)] if derived else []
                if tied:
                    # --assume 'f(x) = x^2' ties the unknown f(x) to x, but not f'(x): the points that meet it confirmed
                    # f'(x)(x - y) >= mu (x - y)^2 and its reverse alike (probe helper-179), and so did those of x = y^2;
                    # an assumption defines nothing, and an equation leaves the unknowns' points degenerate
                    why = (
                        f"{named} defined elsewhere, under the equation {sp.sstr(tied[0])} assumed: the points that meet it say "
                        "nothing of every value of them (an assumption is no definition: put a function's definition into the relation)"
                    )
                    return done(Verdict.UNDECIDED, "none", why)
                how = f"{j.method}{rules}; for any values of {named} (defined elsewhere: treated as unknown numbers)"
                return done(j.verdict, how, usable=j.points, rtol=j.tolerance)
            # with the rules applied too (d/dw (J(w) + 2w) is J'(w) + 2 for every differentiable J): a difference free of
            # every unknown holds whatever values they take, those of the real J among them
            if j.verdict is Verdict.REFUTED and rel == "==":
                apart = _apart_whatever(lhs_u, rhs_u, within, seed, max(0.5, timeout_s - (clock() - cpu_start)))
                if apart is not None:  # 2 eta lambda w / n apart whatever Var(W) is: wrong for every value of it
                    gap = apart.counterexample.lhs
                    note = f"the left side minus the right is {gap} there, whatever the value of {named} (the difference holds none)"
                    ce = dataclasses.replace(apart.counterexample, note=note)
                    sides = _sides_at(lhs_u, rhs_u, ce.point)
                    if sides is not None:  # both sides have values there (only a condition held the unknowns): show them
                        ce = dataclasses.replace(ce, lhs=sides[0], rhs=sides[1], note=f"whatever the value of {named}")
                    return done(Verdict.REFUTED, f"{apart.method}; {named} defined elsewhere", "", ce, apart.points, apart.tolerance)
            if not rules:
                reason = f"{reason} (it does not hold for every value of {named})" if j.verdict is Verdict.REFUTED else reason
        return done(Verdict.UNDECIDED, "none", reason)
    try:
        # (an equation too where a condition ties the pair: under 1 < eta lambda < 2 few sampled points held it)
        merged = merged_product(lhs, rhs, domains) if rel != "==" or domains.conditions else None
    except (TypeError, ValueError, AttributeError, RecursionError):  # SymPy's subs on an odd tree: judged as written
        merged = None
    if merged is not None:  # (1 - eta lambda)^t <= e^{-eta lambda t}: one symbol for the product, one dimension fewer
        options = {"numbers": numbers, "approx": approx, "points": points, "seed": seed, "timeout_s": timeout_s, "shrink": shrink}
        j = compare(merged.lhs, merged.rhs, rel, merged.domains, **options)
        ce = j.counterexample
        if ce is not None:
            point = unmerged_point(ce.point, merged)
            at, exact = point_json(point)
            ce = dataclasses.replace(ce, at=at, exact=exact, point=point)
        return done(j.verdict, f"{j.method}; {merged.describe()}", j.reason, ce, j.points, j.tolerance)
    written = stated_tolerance(lhs, rhs, numbers, approx, band)
    if written is not None and 0 < written.rtol < _FINEST_WRITTEN_RTOL:
        # 0.25000...0009 (65 digits) against 1/4: one unit of its last digit is below what 60-digit arithmetic tells
        # apart with a margin, and it was confirmed (probe helper-114); a failure found stands (1.000...01 x = 2x)
        past_digits = written.rtol
    try:
        with time_limit(timeout_s):
            lhs, rhs = limits_taken(lhs), limits_taken(rhs)
            generic = [generic_limits(e) for e in (lhs, rhs)]  # a limit whose value is SymPy's only where parameters are not 0
            # a limit SymPy cannot take is evaluated at a huge argument (derivax.evaluate): within a tolerance, never exactly
            heavy = any(isinstance(e, sp.Basic) and e.has(sp.Limit, sp.Integral) for e in (lhs, rhs))
            # integrals and no limit: values good to 1e-30 absolute (quadrature) or exact (closed forms), at one point
            integrals_only = heavy and not any(isinstance(e, sp.Basic) and e.has(sp.Limit) for e in (lhs, rhs))
            from derivax.evaluate import computable  # as prepared() does: the limits left are taken at a huge argument

            kinked = kinked_derivative(lhs), kinked_derivative(rhs)  # before the derivatives are taken
            limited = lhs, rhs  # the limits left: evaluated at 10^40 below, and at 10^400 before they refute anything
            lhs, rhs = computable(lhs), computable(rhs)  # (prepared() would try SymPy's limits a second time)
            if undefined_functions([e for e in (lhs, rhs) if isinstance(e, sp.Basic)]):  # derivax.calculus left one opaque
                why = "a derivative by one entry of a family of another entry (d e^{z_k}/dz_j): 0 or not as the indices differ or not"
                return done(Verdict.UNDECIDED, "none", why)
            rtol, atol, rule = tolerance(written, rel, approx, heavy, integrals_only)
            reported = written.rtol if written is not None and atol else rtol  # the evidence's tolerance
            as_equal = tolerance(written, "==", approx, heavy, integrals_only)[:2] if rel == "!=" and written is not None else None
            if as_equal is not None and _within_digits(lhs, rhs, *as_equal):
                # \pi \ne 3.14 and \pi = 3.14 were both confirmed: as exact numbers the sides differ, as a rounding (the
                # reading = has) they agree; which is meant is not written (probe helper-222)
                why = "the sides agree within the digits written: \\ne holds for the exact numbers, not for a rounding of them"
                return done(Verdict.UNDECIDED, "none", why)
            if without_value(lhs) and without_value(rhs):  # 1/0 = 1/0 + 1 was proved (zoo + 1 is zoo), as \lim_{x \to 0} 1/x = \lim -1/x
                return done(Verdict.UNDECIDED, "none", f"{NO_REAL_VALUE}: nothing to compare")
            limits_left = any(isinstance(e, sp.Basic) and e.has(sp.Limit) for e in limited)
            beside = _beside_a_point(limited)  # a limit at a finite point: evaluated 10^-40 beside it, with more digits
            if lhs == rhs and rel in ("==", "<=", ">=") and (not limits_left or _argument_free(limited, (lhs, rhs))):
                # (x < x is no identity: the search refutes it.) Sides alike with a limit evaluated at 10^40 prove nothing
                # where the value depends on the argument ((-1)^n a is a there, and has no limit; probe helper-144)
                return done(Verdict.PROVED, "symbolic (identical)")
            own = set().union(*(getattr(e, "free_symbols", set()) for e in (lhs, rhs)))
            symbols = tuple(sorted(_linked(own, domains.conditions), key=lambda s: s.name))
            integers, first = frozenset(integer_symbols(lhs, rhs)), first_whole_numbers(lhs, rhs)
            forwards = ranges_forwards(lhs, rhs)
            if forwards:  # (never a point where SymPy's sum runs backwards: it is not the empty sum there)
                domains = dataclasses.replace(domains, conditions=(*domains.conditions, *forwards))
            sampler = Sampler(symbols, domains, integers, seed, angles=angle_symbols(lhs, rhs), first=first)
            search = _Search(lhs, rhs, rel, sampler, rtol, atol, heavy, DIGITS + 60 if beside else DIGITS)
            stream = sampler.points(points if symbols else 0, simple=30 if symbols else 1)
            # Sampling may take at most half the time, so the guided search and SymPy get theirs. The first
            # points refute most wrong equations; one that the cheap rewrites then settle (expand, cancel,
            # exponentials) needs no more points, and simplify, which can take a second, waits until none refutes it.
            exact = rel == "==" and not heavy and not approx
            for integral in _integrals_of(lhs, rhs):
                # SymPy's closed form of each integral, once, before the points' time starts: computed at the first point,
                # it took that point's share (1.5 s for |x - a| with a real) and the sampling ended with no point valued
                closed_form(integral)
            began = clock()
            found = _first_failure(search, itertools.islice(stream, _SCREEN) if exact else stream, timeout_s / 2)
            if found is None and exact:
                route = _symbolic_within(lhs, rhs, rel, domains, min(0.5, timeout_s / 10), costly=False)
                if route:
                    return done(Verdict.PROVED, f"symbolic ({route})", usable=search.usable, rtol=reported)
                found = _first_failure(search, stream, timeout_s / 2 - (clock() - began))
            found_by = "sampling"
            quick = None  # a route SymPy finds within 1 s: the inequality needs no guided search, nor a second try
            # the simple points where the other variables are fixed while one is solved for: at most once
            fixed = functools.cache(lambda: [p for p in sampler.simple_points(30) if sampler.admissible(p)])
            if found is None and rel in ("<", "<=", ">", ">=") and symbols:
                quick = _symbolic_within(lhs, rhs, rel, domains, 1.0)
            if found is None and rel in ("<", "<=", ">", ">=") and symbols and not quick and not heavy and not approx:
                # An inequality that fails by a hair at a maximum fails where the difference of its sides turns: SymPy's
                # zeros of the derivative are cheap and exact, so they go before the guided search's float64 climb
                turns = critical_points(lhs, rhs, rel, symbols, sampler.domains, fixed(), 1.0)
                found, found_by = _first_proposal_failing(search, turns, found_by)
                if found is None:
                    turns = joint_critical_points(lhs, rhs, symbols, 1.0)
                    found, found_by = _first_proposal_failing(search, turns, found_by)
            marks = None  # the landmarks' points, found once
            if found is None and rel in ("<", "<=", ">", ">=") and symbols and timeout_s >= 2 and not quick and not heavy and not approx:
                # where an argument or an even power's base is 0, cheap to find and to try, so before the climb (which
                # can take the rest of the time: (x - e^{-x})^4 > 10^{-40}, false only within 10^{-10} of x = 0.567...,
                # was confirmed when the climb had used it up)
                early = min(0.5, timeout_s / 10)  # (not for a short check's time: an implication's parts get 0.75 s)
                tried = clock()
                try:
                    marks = landmark_points(lhs, rhs, symbols, fixed(), early, whole=True)
                    found, found_by = _first_proposal_failing(search, marks, found_by, early)
                except SearchCutShort:
                    marks = None
                if found is None and clock() - tried >= early:
                    # cut short (a loaded machine's CPU second is slower): the later pass, with its larger budget, tries
                    # them again, so the verdict does not depend on how busy the machine was
                    marks = None
            if found is None and rel in ("<", "<=", ">", ">=") and symbols and not quick:
                # An inequality may fail on a thin sliver random points miss: climb its violation.
                climbed = ((point, f"guided search ({how})") for point, how in _guided(lhs, rhs, rel, sampler, seed))
                found, found_by = _first_proposal_failing(search, climbed, found_by)
            if found is None and rel in ("<", "<=", ">", ">=", "!=", "==") and symbols and not quick and not heavy and not approx:
                # A sliver that the search's gradient cannot see (e^{-10^6 (x - 0.3)^2} < 0.5, x^2 - 2 \ne 0, a bump
                # max(0, 1 - 10^8 (x - 2.345)^2) = 0): SymPy solves the negation in each variable (the others fixed
                # at simple points), and the landmarks (where an argument is 0) propose their points. An equation's
                # negation holds almost everywhere: sampling covers it, so it gets the landmarks only.
                # at least a second, whatever sampling and the guided search (JAX's import among them) took: the
                # negation's exact points were skipped when they had left too little (sigma(x - 0.77) >= 0.5 + 10^{-15}
                # for x > 0.77 was refuted or confirmed by how long the run before it took)
                budget = min(2.0, max(1.0, timeout_s / 2 - (clock() - began)))
                integers = frozenset(sampler.integers)
                proposals = negation_points(lhs, rhs, rel, symbols, sampler.domains, integers, fixed(), budget)
                # (roots found numerically for an inequality only: an equation's failures are everywhere, not at a root)
                proposals += landmark_points(lhs, rhs, symbols, fixed(), budget / 2, rel != "==") if marks is None else []
                proposals += joint_landmarks(lhs, rhs, symbols)
                if rel != "==":
                    proposals += _extreme_points(symbols, sampler, fixed())
                if len(symbols) == 1 and rel in ("<", "<=", ">", ">="):
                    proposals += grid_points(lhs, rhs, rel, symbols[0], sampler.domains.of(symbols[0]), budget / 2)
                elif not sampler.integers:
                    proposals += magnitude_points(lhs, rhs, rel, symbols, [sampler.domains.of(s) for s in symbols], budget / 2)
                    proposals += diagonal_points(lhs, rhs, rel, symbols, [sampler.domains.of(s) for s in symbols], budget / 2)
                proposals += _whole_exponents(lhs, rhs, sampler)
                # a proposal may be slow to evaluate (a series near its radius): they share one budget
                found, found_by = _first_proposal_failing(search, proposals, found_by, max(0.5, budget))
            ties = [c for c in sampler.domains.conditions if isinstance(c, sp.GreaterThan | sp.LessThan | sp.And)]
            # (an equation too: |x + y| = |x| + |y| under xy >= -10^{-8} fails only near that edge, and was confirmed, while
            # the same as an implication was refuted; probe helper-144)
            # (built unevaluated: SymPy would weigh a product of 10^6 factors against 4 to build it, 7 s)
            claim = sp.Eq(lhs, rhs, evaluate=False) if rel == "==" else None
            claim = _RELATIONS[rel](lhs, rhs, evaluate=False) if rel in _RELATIONS else claim
            if found is None and rel in ("<", "<=", ">", ">=", "==") and ties and not quick and not heavy and not approx:
                # x + y <= 1.414 for x^2 + y^2 <= 1: the failures hug the edge of the condition tying the symbols
                point = edge_counterexample(sp.And(*ties), claim, sampler, min(2.0, max(0.5, timeout_s / 4)))
                hit = search.fails_at(point) if point is not None else None
                if hit is not None:
                    found, found_by = (point, *hit), "the edge of the assumption tying the symbols"
            tying = [c for c in sampler.domains.conditions if isinstance(c, sp.core.relational.Relational) and len(c.free_symbols) > 1]
            if found is None and rel in ("<", "<=", ">", ">=", "==") and tying and not quick and not heavy and not approx:
                # |x| + |y| < 10^{-6} for x^2 + y^2 < 10^{-12}: the failures lie off the axes near the edge of a small disc
                point = _out_along_rays(sp.And(*tying), claim, sampler, min(1.5, max(0.5, timeout_s / 4)))
                hit = search.fails_at(point) if point is not None else None
                if hit is not None:
                    found, found_by = (point, *hit), "out along a ray to the edge of the assumption tying the symbols"
            # SymPy gets what is left of the time (a second kept back): sampling's confirmation stands when it runs out
            left = min(timeout_s / 2, timeout_s - (clock() - cpu_start) - 1.0)
            route = None if found is not None else quick or (_symbolic_within(lhs, rhs, rel, domains, left) if left > 0 else None)
    except TimeLimitExceeded:
        return done(Verdict.UNDECIDED, "none", f"timed out after {timeout_s:.3g} s of CPU")
    except Exception as error:  # untrusted input: report it, never crash, never read it as false
        return done(Verdict.UNDECIDED, "none", f"could not evaluate: {failure_text(error)}"[:300])
    how = f"{search.usable} points where both sides are defined" if symbols else "one evaluation, no symbols"
    if found is not None and approx and symbols:
        # e^x \approx 1 + x "for small x": an approximation between expressions holds in a regime (small x, large n),
        # so a point outside it refutes nothing; only agreement everywhere (within the digits written) decides
        point, a, b = found
        at = shown_at(point, "")
        why = (
            f"an approximation with symbols holds where the text means it to (small or large values), so the point where "
            f"the sides differ refutes nothing: at {at}, {mpmath.nstr(a, 6)} against {mpmath.nstr(b, 6)} ({rule})"
        )
        return done(Verdict.UNDECIDED, "sampling", why, usable=search.usable, rtol=reported)
    if found is not None and approx and written is None and not symbols:
        # 10! \approx \sqrt{20\pi}(10/e)^{10} (Stirling, 0.83 % off), (1.01)^{100} \approx e: an \approx between
        # expressions, with no digits written, states no precision; within 10 % nothing is refuted (beyond, it is)
        _, a, b = found
        if abs(a - b) <= _LOOSE_APPROX * max(abs(a), abs(b)):
            gap = mpmath.nstr(abs(a - b) / max(abs(a), abs(b)) * 100, 2)
            shown = f"{mpmath.nstr(a, 8)} and {mpmath.nstr(b, 8)}"
            why = f"an \\approx between expressions states no precision: the sides are {gap} % apart ({shown})"
            return done(Verdict.UNDECIDED, "sampling", why, usable=search.usable, rtol=reported)
    if found is not None and any(g is not None for g in generic):
        # lim_{e -> 0} g/(g + e) = 1 fails at g = 0 only, where the limit is 0: the claim holds for g != 0, as meant
        point, a, b = found
        sides = [g if g is not None else e for g, e in zip(generic, (lhs, rhs), strict=True)]
        with mpmath.workdps(DIGITS):
            x, y = (value_at(computable(e), point) for e in sides)
        elsewhere = None
        if x is not None and y is not None and holds_within(rel, x, y, rtol, atol):
            # the claim may still fail where no parameter is 0 (lim g/(g + e) = 1 + g at g = 1): a failure of the
            # generic sides there, that the sides as written share, is the counterexample
            usual = _Search(*(computable(e) for e in sides), rel, sampler, _EXACT_RTOL, _EXACT_ATOL)
            for candidate in itertools.islice(sampler.points(points, simple=30), 60):
                if all(float(v) != 0 for v in candidate.values()) and usual.fails_at(candidate) and search.fails_at(candidate):
                    elsewhere = candidate
                    break
        if x is not None and y is not None and holds_within(rel, x, y, rtol, atol) and elsewhere is None:
            shown = point_json(point)[0]
            at = ", ".join(f"{k} = {v}" for k, v in shown.items())
            zero = " and ".join(f"{k} \\ne 0" for k, v in shown.items() if float(v) == 0) or "the case"
            why = (
                f"it holds with the limit's usual value, and fails at {at} ({mpmath.nstr(a, 6)} against {mpmath.nstr(b, 6)}), "
                f"where a parameter is 0 and the limit is another: state {zero}"
            )
            return done(Verdict.UNDECIDED, "sampling", why, usable=search.usable, rtol=reported)
        if elsewhere is not None:
            found = (elsewhere, *search.fails_at(elsewhere))
    if integrals_only and search.slack_ties and (rtol, atol) == (_INTEGRAL_RTOL, _INTEGRAL_ATOL):
        # (only under the integrals' own slack: an \approx or digits written state theirs, 0.7468 for 0.746824...)
        settled = _slack_ties_settled(search, lhs, rhs, rel, found, not symbols)
        if isinstance(settled, Judgement):
            return dataclasses.replace(settled, seconds=time.perf_counter() - start, points=search.usable, tolerance=reported)
        found = settled
    if found is not None and heavy and not integrals_only:
        # lim_{x -> oo} x^{-a} = 0 (a > 0) is 10^{-20} at 10^40 for a = 1/2: a limit that converges slowly. Refuted only
        # where the failure stays at 10^400; where it shrinks tenfold or more, the values approach the claim
        point, a, b = found
        with mpmath.workdps(DIGITS + 460 if beside else DIGITS):
            far_a, far_b = (value_at(computable(e, sp.Integer(10) ** 400), point) for e in limited)
            next_a, next_b = (value_at(computable(e, sp.Integer(10) ** 400 + 1), point) for e in limited)
        if any(v is None for v in (far_a, far_b, next_a, next_b)) or not (
            holds_within("==", far_a, next_a, _HEAVY_RTOL, 1e-30) and holds_within("==", far_b, next_b, _HEAVY_RTOL, 1e-30)
        ):
            # lim_{t -> oo} (1 - mu^t)/(1 - mu) at mu = -1 is 0 at every even t and 1 at every odd one: no limit, no value
            # to refute with (it was refuted at 10^40, where the text had stated 0 < mu < 1 in words)
            at = shown_at(point)
            why = f"a limit evaluated at 10^40 fails at {at}, but there it takes other values one step further: no limit there"
            return done(Verdict.UNDECIDED, "sampling", why, usable=search.usable, rtol=reported)
        if _shrinks(rel, a, b, far_a, far_b):
            at = shown_at(point)
            why = (
                f"a limit evaluated at 10^40 fails at {at} ({mpmath.nstr(a, 6)} against {mpmath.nstr(b, 6)}), but at 10^400 the "
                "sides come closer: it may converge slowly to the claim; not settled by evaluation"
            )
            return done(Verdict.UNDECIDED, "sampling", why, usable=search.usable, rtol=reported)
    if found is not None:
        point, a, b = found
        usual = not any(g is not None for g in generic)  # else a simpler point may be a parameter's 0, where the limit differs
        if usual:
            point = _simpler(search, point)
        if shrink and symbols and found_by == "sampling" and usual:
            point = _shrunk(search, point, seed, max(1.0, timeout_s / 2))
        decided = _cases_decided_at(lhs, rhs, point)  # 1[x^2 = 3] at sqrt 3: its condition decided exactly, as when found
        sides, at = (decided, {}) if decided is not None else ((lhs, rhs), point)
        with mpmath.workdps(DIGITS):
            a, b = value_at(sides[0], at), value_at(sides[1], at)
        note = "both sides at 60 digits" + ("; the difference certified at 150 digits" if rule == "exact" else f"; {rule}")
        if found_by != "sampling":
            note = f"found by {found_by}; {note}"
        return done(Verdict.REFUTED, found_by, "", _counterexample(point, a, b, note), search.usable, reported)
    if search.divergent is not None:
        point, lhs_diverges, other = search.divergent
        values = ("diverges", float(other)) if lhs_diverges else (float(other), "diverges")
        side = "left" if lhs_diverges else "right"
        if (lhs if lhs_diverges else rhs).has(sp.Integral):
            note = f"the integral on the {side} side diverges there (SymPy's closed form: no finite value)"
        else:
            note = f"the series on the {side} side diverges there (SymPy's ratio and p-series tests)"
        return done(Verdict.REFUTED, "sampling", "", _counterexample(point, *values, note), search.usable, reported)
    route = None if limits_left else route  # a symbolic route between the sides evaluated at 10^40 proves no limit
    if route:
        return done(Verdict.PROVED, f"symbolic ({route})", usable=search.usable, rtol=reported)
    if written is not None and rel == "==":
        # Within one unit of the last written digit, but not within half of one: truncated, or a rounding slip.
        # Under \approx the relative 1e-3 that confirms is no licence to state more digits than hold: \pi \approx 3.144
        # agrees to 1e-3, not to its last digit (undecided, as a unit off is for =).
        half = (written.rtol / 2, written.atol / 2) if written.relative else (0.0 if approx else rtol, written.confirm)
        loose = next(((x, y) for x, y in search.values if not holds_within("==", x, y, *half)), None)
        if loose is not None and written.one_digit and not symbols and not approx and _rounds_to_zero_beside(*loose):
            # 10^{-3} = 0.01: within one unit of 0.01's digit, but 0.001 rounds (and truncates) to 0.00 there, and a slip of
            # one unit from 0.00 is no truncation: an order of magnitude apart (it was undecided, and 1e-2 for the key
            # 10^{-3} too)
            note = "a number of one significant digit against one under half of it: an order of magnitude, not a rounding slip"
            return done(Verdict.REFUTED, "digits written", "", _counterexample({}, *loose, note), search.usable, written.rtol)
        plain_digits = not (written.relative or written.rounded or written.carried or written.zero or approx or symbols)
        if loose is not None and plain_digits and _neither_rounded_nor_cut(loose, numbers):
            note = "the only decimal written is neither the exact side rounded (half a unit) nor its digits cut (truncated)"
            return done(Verdict.REFUTED, "digits written", "", _counterexample({}, *loose, note), search.usable, written.rtol)
        if loose is not None:
            shown = f"{mpmath.nstr(loose[0], 10)} and {mpmath.nstr(loose[1], 10)}"
            if written.rounded and written.rtol == 0:
                within = "half of one of 0, not 1e-9: \\approx 0 states no scale"
            elif written.rounded:
                within = "half a unit of the last nonzero digit of the whole number written, but more than 5 % apart"
            elif written.carried:
                within = "the rounding of the decimals the step computes with, not half of it"
            elif holds_within("==", *loose, 0.0, written.atol) and written.one_digit:
                within = "one unit in the last digit written, a number of one significant digit (confirmed within 1 % only)"
            elif holds_within("==", *loose, 0.0, written.atol):
                within = "one unit in the last digit written"
            else:
                within = f"a relative {rtol:g}"
            reason = f"the sides agree to within {within} ({shown}): truncated, or a rounding slip"
            return done(Verdict.UNDECIDED, "digits written", reason, usable=search.usable, rtol=written.rtol)
    if search.usable == 0 and search.one_sided is not None:
        point, lhs_missing = search.one_sided
        missing = lhs if lhs_missing else rhs
        if kinked[0 if lhs_missing else 1]:
            # a derivative at a kink (d/dx x|x| at 0): derivax gives it no value there, which says nothing of the
            # derivative itself (it may exist, as x|x|'s does): never "not real"
            why = (
                "a derivative at a point where a part of its function is not smooth (|x|, a max or min, a case's boundary: a "
                "kink, or not), which derivax does not evaluate: no verdict there"
            )
            return done(Verdict.UNDECIDED, "sampling", why, usable=0, rtol=reported)
        not_real, side = defined_at(missing, point) is False, "left" if lhs_missing else "right"
        if not_real and _real_deeper(missing, point):
            why = (
                f"the {side} side came out not real at {DIGITS} digits at {shown_at(point)} and is real "
                "with more digits (a cancellation): no verdict from that point"
            )
            return done(Verdict.UNDECIDED, "sampling", why, usable=0, rtol=reported)
        if not_real and not domains.both_defined:
            # no drawn point had both sides real: draw again where each logarithm's argument is positive and each real
            # power's base allowed (the sum of y_i ln p_i instantiated at n = 2 met p = 0 first, and was refuted there)
            narrowed = _where_both_real(lhs, rhs, domains)
            if narrowed is not None:
                left = max(0.5, timeout_s - (clock() - cpu_start))
                again = compare(
                    lhs, rhs, rel, narrowed, numbers=numbers, approx=approx, points=points, seed=seed, timeout_s=left, shrink=shrink
                )
                if again.points > 0 or again.verdict is not Verdict.REFUTED:
                    return again
        if not_real and rel != "==":
            # \sqrt{-1} \ne 1, \ln(-1) < 2: a side without a real value is neither equal nor unequal, less nor more
            # (it was refuted); an equation says the sides are one number, which a side without one is not (1/0 = 2)
            why = f"the {side} side has no real value at {shown_at(point)}, where the other has one, and no sampled point has both"
            return done(Verdict.UNDECIDED, "sampling", why, usable=0, rtol=reported)
        unit = _imaginary_unit_beside(missing, rhs if lhs_missing else lhs) if not_real else None
        if unit is not None:
            # \sqrt{-1} = i, \sqrt{-4} = 2i: true of complex numbers, where i is the imaginary unit (it was refuted at i = 0)
            why = (
                f"the {side} side has no real value (as read: a root or logarithm of a negative number, or a division by 0) and "
                f"the other names {unit}: if {unit} is the imaginary unit, this is a statement about complex numbers, which "
                "derivax does not check (it works over the real numbers)"
            )
            return done(Verdict.UNDECIDED, "sampling", why, usable=0, rtol=reported)
        if not_real:
            with mpmath.workdps(DIGITS):
                other = value_at(rhs if lhs_missing else lhs, point)
            values = ("not real", float(other)) if lhs_missing else (float(other), "not real")
            note = f"the {side} side is not real there, and no sampled point has both sides real"
            return done(Verdict.REFUTED, "sampling", "", _counterexample(point, *values, note), 0, reported)
    # a difference beyond 150 digits (tanh(400) = 1, 2^{1000} + 1 \le 2^{1000}, 1 + 10^{-400} > 1): constant sides, and
    # a strict relation's tie, are settled by SymPy's evalf, which raises its precision until the difference shows
    unsettled = {} if not symbols and rule == "exact" else search.tie[0] if search.tie is not None else None
    if unsettled is None and symbols and rule == "exact" and rel in ("==", "<=", ">=") and search.audited:
        # sides that agree to 150 digits where a relation held (sigma(x) >= 1 at x = 1000, where 1 - sigma is e^{-1000};
        # 1/(1 - beta^t) = 1 at t = 10^4) may still differ there: the first such point is settled as a constant is
        unsettled = search.audited[0] if _tie_at(lhs, rhs, search.audited[0]) else None
    # at a sampled point (a tie, or the audit) most sides agree because they are equal: 1,000 digits (sigma(1000) - 1 is
    # e^{-1000}) keep the cost of telling that from a difference small
    difference = _exact_difference(lhs, rhs, unsettled, 4000 if not symbols else 1000) if unsettled is not None else None
    for later in search.strict_ties[1:] if difference is not None and _holds_by_sign(rel, difference) else ():
        # the first tie settled in the relation's favour: a later one that SymPy settles against it refutes (one it cannot
        # settle is left, as before: ln(e^x + 1) > x at x = 10^9, e^{-10^9} apart)
        against = _exact_difference(lhs, rhs, later[0], 1000)
        if against is not None and not _holds_by_sign(rel, against):
            difference, unsettled, search.tie = against, later[0], later
            break
    if difference is not None and not _holds_by_sign(rel, difference):
        with mpmath.workdps(DIGITS):
            a, b = value_at(lhs, unsettled), value_at(rhs, unsettled)
        if a is None or b is None:  # \sqrt{-1} = \sqrt{-1} + 1: a difference of sides that are not real (it crashed)
            where = "both sides are" if a is None and b is None else f"the {'left' if a is None else 'right'} side is"
            return done(Verdict.UNDECIDED, "none", f"{where} not real{' there' if unsettled else ''}: nothing to compare over the reals")
        shown = mpmath.nstr(mpmath.mpf(difference._mpf_), 6)
        note = f"the sides differ by {shown} (SymPy's evalf, its precision raised past the cancellation)"
        return done(Verdict.REFUTED, "evaluation", "", _counterexample(unsettled, a, b, note), search.usable, reported)
    if search.tie is not None and difference is None:
        return _tied(search, lhs, rhs, rel, domains, done, reported)
    if rule == "exact" and rel in ("==", "<=", ">="):
        differs = _differs_at_150(search, lhs, rhs, rel)
        if differs is not None and differs[3]:
            point, a, b, _ = differs
            shown = f"{mpmath.nstr(a, 8)} and {mpmath.nstr(b, 8)}, {mpmath.nstr(a - b, 6)} apart"
            note = f"the sides are {shown}: within the slack of the 60-digit comparison, apart at 150 digits, certified by intervals"
            return done(Verdict.REFUTED, "sampling", "", _counterexample(point, a, b, note), search.usable, reported)
        if differs is not None:
            at = shown_at(differs[0])
            why = f"the sides agree to 60 digits at {at} and differ at 150 ({mpmath.nstr(differs[1] - differs[2], 6)}), uncertified"
            return done(Verdict.UNDECIDED, "sampling", why, usable=search.usable, rtol=reported)
    if search.unsettled is not None:
        point, a, b = search.unsettled
        at = shown_at(point)
        shown = f"{mpmath.nstr(a, 8)} against {mpmath.nstr(b, 8)}"
        why = (
            f"the sides differ at 60 digits at {at} ({shown}), but a side could not be computed again at 150 digits, or came "
            "out different there (rounding at both): not certified"
        )
        return done(Verdict.UNDECIDED, "sampling", why, usable=search.usable, rtol=reported)
    if heavy and search.unevaluable is not None:
        # a limit taken at a huge argument that overflows where the other side has a value: the points left are
        # part of the domain only (ln(1 + e^{beta x})/beta at x > 0), so they confirm nothing
        at = shown_at(search.unevaluable, "")
        why = f"the limit, evaluated at a huge argument, is too large to compute at {at}: no verdict from the other points"
        if any(isinstance(e, sp.Basic) and e.has(sp.Integral) for e in (lhs, rhs)):
            where = f" at {at}" if at else ""
            why = (
                f"an integral has no value derivax can compute{where} (SymPy's closed form does not hold there, or none): "
                "no verdict from the other points"
            )
        return done(Verdict.UNDECIDED, "sampling", why, usable=search.usable, rtol=reported)
    if _unbounded_integers(sampler) and search.usable:
        # \sum_{i=1}^n 1/i \le 10 holds for n = 1..12 (the bounds sampled) and fails from n = 12367
        far = _past_small_bounds(lhs, rhs, rel, sampler, rtol, atol, max(0.5, min(2.0, timeout_s - (clock() - cpu_start))))
        if isinstance(far, str):
            return done(Verdict.UNDECIDED, "sampling", far, usable=search.usable, rtol=reported)
        if far is not None:
            point, a, b, note = far
            return done(Verdict.REFUTED, "sampling", "", _counterexample(point, a, b, note), search.usable, reported)
    enough = 10 if symbols else 1
    thin = _common_slice(search)
    # (never where the assumptions themselves fix every symbol: x = 1.5 assumed, x^2 = 2.25 is judged there alone)
    every_fixed = all(isinstance(sampler.domains.of(s), sp.FiniteSet) for s in sampler.symbols)
    alone = _one_point(search) if symbols and not sampler.integers and not every_fixed else ""
    if alone and search.usable >= enough:
        why = f"both sides are real at one point only, {alone}: agreement there says nothing of a function"
        return done(Verdict.UNDECIDED, "sampling", why, usable=search.usable, rtol=reported)
    if thin and search.usable >= enough:
        why = (
            f"both sides are real only at exact points such as {thin}, never at a drawn one, where one side is not real: "
            "their common domain looks like a slice, and agreement there says nothing of the rest"
        )
        return done(Verdict.UNDECIDED, "sampling", why, usable=search.usable, rtol=reported)
    if search.usable >= enough and rule == "exact" and search.ties:
        # sigma(x) = 1 for x >= 10^4, tanh(10^5) = 1: agreement where an exponential hides the difference is no evidence
        needed = min(3, len(search.ties)) if symbols else 1
        left = max(0.5, min(2.0, timeout_s - (clock() - cpu_start)))
        settled = settle_ties(search.lhs, search.rhs, rel, search.ties, needed, search.usable > len(search.ties), sampler.admissible, left)
        if settled.failure is not None:
            point, a, b, note = settled.failure
            return done(Verdict.REFUTED, "sampling", "", _counterexample(point, a, b, note), search.usable, reported)
        if settled.undecided:
            return done(Verdict.UNDECIDED, "sampling", settled.undecided, usable=search.usable, rtol=reported)
    crossings_in = _one_varying(lhs, rhs, symbols, sampler) if rel in ("!=", "<", ">") and not heavy and not approx else []
    seconds = max(1.5, min(3.0, timeout_s - (clock() - cpu_start)))
    began_crossing = clock()
    for x, others, fixed_there in crossings_in if search.usable >= enough else ():
        # cos x \ne x fails at the Dottie number, which no rational hits: a certified change of sign of the
        # difference on an interval where it is continuous says the sides are equal inside it; a strict relation whose
        # difference is an even power of such a function times what is finite there ((\cos x - x)^2 > 0) too. The
        # difference may be in one variable of several ((x - \cos x)^2 + y > y: equal at the Dottie number for
        # every y), or become one once the others are put in ((x - \cos x)^2 + y^2 > 0 at y = 0): confirmed before
        left = seconds - (clock() - began_crossing)
        if left <= 0.1:
            break
        one = (lhs.xreplace(others), rhs.xreplace(others)) if fixed_there else (lhs, rhs)
        try:
            with time_limit(left):
                crossing = _equal_somewhere(*one, rel, x, sampler.domains.of(x), left)
        except Exception:  # TimeLimitExceeded included (SymPy's factor_terms of a large difference): no crossing claimed
            crossing = None
        if crossing is None:
            continue
        middle, low_shown, high_shown = _inside_segment(*crossing[:2])  # a point to plug in: the simplest inside
        at = {**others, x: middle}
        with mpmath.workdps(DIGITS):
            a, b = value_at(lhs, at), value_at(rhs, at)
        if a is None or b is None:  # (both sides have a value in the segment: it is continuous)
            continue
        there = ", ".join(f"{s} = {v}" for s, v in others.items())
        note = (
            f"{crossing[2]} changes sign between {low_shown} and {high_shown} and is continuous there (interval "
            f"arithmetic): the sides are equal at a point between, by the intermediate value theorem"
            + ((f" (with {there})" if fixed_there else " (whatever the other symbols are)") if others else "")
            + f"; {x} = {middle} is a point inside, not the point itself"
        )
        ce = _counterexample(at, a, b, note)
        return done(Verdict.REFUTED, "intermediate value theorem", "", ce, search.usable, reported)
    vanish = None
    if search.usable >= enough and rel in ("!=", "<", ">") and 2 <= len(symbols) <= 3 and not sampler.integers and not heavy and not approx:
        # (x - \sin y)^2 + (y - \cos x)^2 > 0 fails where both bases vanish, a point no rational hits: confirmed before
        try:
            with time_limit(max(0.5, min(2.0, timeout_s - (clock() - cpu_start)))):
                vanish = _even_powers_vanish(lhs, rhs, rel, symbols, sampler, 1.5)
        except Exception:  # TimeLimitExceeded included: no zero claimed
            vanish = None
    if vanish is not None:
        at, bases = vanish
        with mpmath.workdps(DIGITS):
            a, b = value_at(lhs, at), value_at(rhs, at)
        if a is not None and b is not None:
            named = ", ".join(sp.sstr(base) for base in bases)
            note = (
                f"{named} are all 0 at one point within 10^-25 of this one (Newton's method, then Krawczyk's interval test "
                f"at 60 digits), where the difference of the sides, a sum of their even powers, is 0: this point is near it, "
                f"not the point itself"
            )
            ce = _counterexample(at, a, b, note)
            return done(Verdict.REFUTED, "a common zero of the even powers' bases", "", ce, search.usable, reported)
    if limits_left and search.usable >= enough:
        # every point held with the limits evaluated at 10^40: a limit without a value ((-1)^n a), or one a tiny constant
        # hides (10^{-50} ln n is 10^{-48} there, and grows without bound) confirms nothing (probe helper-144)
        # (sides free of a parameter at 10^40, a^2 floor(10^{-45}/x) at x = 10^{-40} is 0: tried at simple values of it)
        kept = sorted(set().union(*(e.free_symbols for e in limited if isinstance(e, sp.Basic))) - set(symbols), key=str)
        simple = [{s: sp.Integer(v) for s in kept} for v in (1, 2, -1)] if kept else [{}]
        tried = [*fixed()[:12], *search.both_defined[:4]] if symbols else simple
        unsettled_limit = _limits_unsettled(limited, (lhs, rhs), rel, tried, rtol, atol, beside)
        if unsettled_limit:
            return done(Verdict.UNDECIDED, "sampling", unsettled_limit, usable=search.usable, rtol=reported)
    tied = _tied_points(search)
    if search.usable >= enough and tied is not None:
        # 1/p + 1/q = 1 assumed: a sampled point meets it only where it is simple (p = q = 2), and a free name x beside it
        # made 23 "points" of one (Young's inequality with the exponents swapped was confirmed: probe helper-195 F15)
        why = f"only {tied[1]} points of {tied[0]} where the assumed equation holds (of {search.usable} sampled); SymPy could not decide"
        return done(Verdict.UNDECIDED, "sampling", why, usable=search.usable, rtol=reported)
    if search.usable >= enough:
        where = "; simple numbers, near 0 and up to 1e9" if symbols else ""
        return done(Verdict.CONFIRMED, f"sampling ({how}{where}; {rule})", usable=search.usable, rtol=reported)
    listed = [domains.of(s) for s in symbols]
    # (never where the digits rule carries the assumed decimals' rounding: x^2 = 2 under x = 1.414 is no identity)
    exhaustive = not (written is not None and written.carried)
    if (
        exhaustive
        and symbols
        and all(isinstance(d, sp.FiniteSet) for d in listed)
        and 0 < math.prod(len(d) for d in listed) <= min(search.usable, 30)
    ):
        # \gamma = 0.9 assumed: the one point there is, each point of such domains tried (simple points list them)
        return done(
            Verdict.CONFIRMED, f"sampling (every point the assumptions allow: {search.usable}; {rule})", usable=search.usable, rtol=reported
        )
    if search.usable == 0 and search.unevaluable is not None:
        # \prod_{k=1}^{10^6} (1 + 1/k^2) < 4: real sides, not valued in time (it said "only 0 points where both sides
        # are defined", as if they had no value)
        why = "a side could not be valued in time (a long sum or product, a slow integral or limit); SymPy could not decide"
        return done(Verdict.UNDECIDED, "sampling", why, usable=0, rtol=reported)
    return done(
        Verdict.UNDECIDED,
        "sampling",
        f"only {search.usable} points where both sides are defined (real); SymPy could not decide",
        usable=search.usable,
        rtol=reported,
    )
