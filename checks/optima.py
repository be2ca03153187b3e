r"""The extremum of a function of one real variable, as :mod:`derivax.latex` reads it: ``\min_x f(x)`` is
``MinOf(f, x)``, ``\sup_{x > 0} e^{-x}`` is ``SupOf(exp(-x), x, x > 0)`` (likewise MaxOf, InfOf).

Such a value is taken only where it can be checked, never on SymPy's word alone:

- SymPy's ``function_range`` gives the range of f over the domain (the reals, or the set the condition
  describes), and with it the candidate value: its lower end for min and inf, its upper end for max and sup;
- the value is *reached*: at a point of the domain (``solveset`` of f = value, the point re-evaluated at 60
  digits), or, for inf and sup only, as the limit of f at an end of the domain (SymPy's limit);
  a ``\min`` whose value is not reached at a point (``\min_x e^x``) has none, and stays unread;
- no point of a grid across the domain (401 points across it, [-1000, 1000] for an unbounded end, and 401
  across its part in [-10, 10]) lies beyond it
  (below an inf, above a sup) by more than 1e-9 of its size, at 30 digits.

A body with another free symbol (``\min_x (x - a)^2``), an unknown function, or a case SymPy's range cannot
settle stays opaque: the step that uses it is ``undecided`` with the reading shown. ``ArgMinOf`` and
``ArgMaxOf`` (a point, not a value) are never taken here.
"""

from __future__ import annotations

from typing import Any

import mpmath
import sympy as sp
from sympy.calculus.util import function_range
from sympy.core.function import AppliedUndef

from derivax.codegen import safe_lambdify
from derivax.latex import EXTREMA
from derivax.limits import TimeLimitExceeded, time_limit

__all__ = ["OPTIMA", "optima_taken", "scope_unclear"]

OPTIMA = {"MinOf": "min", "MaxOf": "max", "InfOf": "inf", "SupOf": "sup"}
_GRID = 400
_SLACK = mpmath.mpf(10) ** -9


def optima_taken(expr: Any, seconds: float = 2.0) -> tuple[Any, list[str], bool]:
    """``expr`` with each extremum it can check replaced by its value, a note for each one taken, and whether each
    value is exact (reached at a point SymPy solved for, or a limit): one reached at a root Newton's method found is
    a float's evidence, and a verdict that rests on it is at most ``confirmed``."""
    if not isinstance(expr, sp.Basic):
        return expr, [], True
    found = [f for f in expr.atoms(AppliedUndef) if f.func.__name__ in OPTIMA]
    notes, values, exact = [], {}, True
    for f in sorted(found, key=sp.default_sort_key):
        try:
            with time_limit(seconds):
                taken = _value(f)
        except TimeLimitExceeded:
            taken = None
        except Exception:  # SymPy's range, sets or limits on an odd body: the extremum stays opaque
            taken = None
        if taken is not None:
            values[f], note, solved = taken
            notes.append(note)
            exact = exact and solved
    return (expr.xreplace(values) if values else expr), notes, exact


def scope_unclear(sides: list[Any]) -> str:
    r"""Why an extremum's scope is in doubt ('' if it is not): its variable also stands outside it (``\min_x x^4 - 2x^2``:
    the body ended at the -, as a sum's does, and -2x^2 was left with x free), as for a limit's variable."""
    for side in sides:
        for f in side.atoms(AppliedUndef):
            if f.func.__name__ in EXTREMA and f.func.__name__.endswith("Of"):  # over a variable (ArgMinOf too)
                variable = f.args[1]
                if any(variable in e.xreplace({f: sp.Dummy()}).free_symbols for e in sides):
                    word = f.func.__name__.removesuffix("Of").lower()
                    where = "where does its body end? (write the body in parentheses)"
                    return f"the variable {variable} of the {word} also stands outside it: {where}"
    return ""


def _value(f: Any) -> tuple[Any, str, bool] | None:
    body, variable, *condition = f.args
    kind = OPTIMA[f.func.__name__]
    if not isinstance(variable, sp.Symbol) or body.free_symbols != {variable} or body.has(AppliedUndef, sp.Indexed):
        return None
    x = sp.Dummy(variable.name, real=True)
    body = body.xreplace({variable: x})
    where = condition[0].xreplace({variable: x}).as_set() if condition else sp.S.Reals
    if not isinstance(where, (sp.Interval, sp.Union)) and where != sp.S.Reals:
        return None
    span = function_range(body, x, where)
    if not isinstance(span, (sp.Interval, sp.Union, sp.FiniteSet)) or span is sp.S.EmptySet:
        return None
    value = span.inf if kind in ("min", "inf") else span.sup
    if not (value.is_real and value.is_finite):
        return None
    grid = _grid(where)  # one grid and one evaluator serve the search for the point and the check that none is beyond
    with mpmath.workdps(30):
        function = safe_lambdify([x], body, "mpmath")
    reached, solved = _reached_at(body, x, where, value, grid, function)
    if reached is None and kind in ("inf", "sup"):
        reached, solved = _limit_at_an_end(body, x, where, value), True
    if reached is None or not _no_point_beyond(function, grid, value, kind):
        return None
    shown = sp.sstr(variable)
    return value, f"{kind} over {shown} of {sp.sstr(body.xreplace({x: variable}))} is {sp.sstr(value)} ({reached})", solved


def _reached_at(body: Any, x: sp.Dummy, where: Any, value: Any, grid: list[Any], function: Any) -> tuple[str | None, bool]:
    """Where f = value at a point of the domain, each candidate re-evaluated at 60 digits (None if nowhere), and
    whether the point is exact (SymPy's) rather than a float Newton's method found.

    The candidates: solveset's solutions (three of a periodic family), else the root of f' that Newton's method
    finds from the grid point nearest the value (``x e^{-x} = e^{-1}``, which solveset leaves as a condition)."""
    points = sp.solveset(sp.Eq(body, value), x, where)
    how = "solveset"
    if points is sp.S.EmptySet:
        return None, True
    if isinstance(points, sp.FiniteSet):
        candidates = sorted(points, key=sp.default_sort_key)
    elif isinstance(points, sp.ImageSet) and len(points.lamda.variables) == 1:
        candidates = [points.lamda(k) for k in (0, 1, -1)]
    else:
        candidates, how = _critical_point(body, x, value, grid, function), "Newton's method on the derivative"
    # a root Newton's method finds is a float: it reaches the value only to the working precision, and only where f
    # turns there (f'' not 0): e^x at x = -1020 and the sigmoid at 96 come within 1e-40 of 0 and 1 and reach neither
    exact = how == "solveset"
    for point in candidates:
        if not (point.is_real and where.contains(point) == sp.true):
            continue
        gap = abs(sp.N(body.xreplace({x: point}) - value, 60))
        size = max(1, abs(sp.N(value, 60)))
        if not exact:
            turn = abs(sp.N(sp.diff(body, x, 2).xreplace({x: point}), 60))
            if not (gap.is_number and gap <= sp.Float(10) ** -50 * size and turn.is_number and turn >= sp.Float(10) ** -8 * size):
                continue
        if gap.is_number and gap <= sp.Float(10) ** -40 * size:
            shown = sp.sstr(sp.N(point, 17) if point.is_Float else point)
            return f"reached at {x.name} = {shown}, {how}; SymPy's function_range", exact
    return None, exact


def _critical_point(body: Any, x: sp.Dummy, value: Any, grid: list[Any], function: Any) -> list[Any]:
    """The root of f' near the grid point where f is nearest ``value``, at 60 digits (none if Newton fails)."""
    with mpmath.workdps(30):
        target = mpmath.mpf(sp.N(value, 30))
        gaps = [(abs(y - target), p) for p in grid if abs(p) <= 1000 and (y := _real_at(function, p)) is not None]
    if not gaps:
        return []
    near = min(gaps, key=lambda gap: gap[0])[1]
    slope = safe_lambdify([x], sp.diff(body, x), "mpmath")
    with mpmath.workdps(60):
        try:
            root = mpmath.findroot(slope, mpmath.mpf(near), tol=mpmath.mpf(10) ** -50)
        except (ValueError, ZeroDivisionError, OverflowError):
            return []
        return [sp.Float(root, 60)] if isinstance(root, mpmath.mpf) else []


def _grid(where: Any) -> list[Any]:
    """The grid of the module docstring: the points across the domain, and across its part in [-10, 10], that lie in it."""
    low = where.inf if where.inf != -sp.oo else sp.Integer(-1000)
    high = where.sup if where.sup != sp.oo else sp.Integer(1000)
    if not (low.is_finite and high.is_finite) or low >= high:
        return []
    with mpmath.workdps(30):
        a, b = mpmath.mpf(sp.N(low, 30)), mpmath.mpf(sp.N(high, 30))
        points = [a + (b - a) * k / _GRID for k in range(_GRID + 1)]
        near_a, near_b = mpmath.mpf(max(a, -10)), mpmath.mpf(min(b, 10))  # and finely where most bodies turn
        if near_a < near_b:
            points += [near_a + (near_b - near_a) * k / _GRID for k in range(_GRID + 1)]
        pieces = _pieces(where)
        return [p for p in sorted(set(points)) if any(_in_piece(piece, p) for piece in pieces)]


def _pieces(where: Any) -> list[tuple[Any, Any, bool, bool]]:
    """The domain's intervals as (low, high, low open, high open) in mpmath numbers (SymPy's contains took 3 ms a point)."""
    intervals = where.args if isinstance(where, sp.Union) else (sp.Interval(-sp.oo, sp.oo) if where == sp.S.Reals else where,)
    out = []
    for piece in intervals:
        if not isinstance(piece, sp.Interval):
            return []
        ends = [mpmath.mpf(sp.N(end, 30)) if end.is_finite else (mpmath.inf if end is sp.oo else -mpmath.inf) for end in piece.args[:2]]
        out.append((ends[0], ends[1], bool(piece.left_open), bool(piece.right_open)))
    return out


def _in_piece(piece: tuple[Any, Any, bool, bool], point: Any) -> bool:
    low, high, low_open, high_open = piece
    return (point > low if low_open else point >= low) and (point < high if high_open else point <= high)


def _real_at(function: Any, point: Any) -> Any:
    try:
        y = function(point)
    except (ZeroDivisionError, ValueError, OverflowError):
        return None
    if isinstance(y, float | int):
        y = mpmath.mpf(y)
    return y if isinstance(y, mpmath.mpf) and mpmath.isfinite(y) else None  # complex or undefined: outside the body's domain


def _limit_at_an_end(body: Any, x: sp.Dummy, where: Any, value: Any) -> str | None:
    """The end of the domain at which f tends to value (an inf or sup not reached), or None."""
    for end, side in ((where.inf, "+"), (where.sup, "-")):
        if end in (sp.oo, -sp.oo):
            side = "-" if end is sp.oo else "+"
        if sp.limit(body, x, end, side) == value:
            return f"the limit at {x.name} -> {sp.sstr(end)}, SymPy's function_range"
    return None


def _no_point_beyond(function: Any, grid: list[Any], value: Any, kind: str) -> bool:
    """No grid point of the domain lies below a min/inf (above a max/sup) by more than the slack, at 30 digits."""
    if not grid:
        return False
    with mpmath.workdps(30):
        target = mpmath.mpf(sp.N(value, 30))
        lower = kind in ("min", "inf")
        bound = target - _SLACK * max(1, abs(target)) if lower else target + _SLACK * max(1, abs(target))
        for point in grid:
            y = _real_at(function, point)
            if y is not None and ((lower and y < bound) or (not lower and y > bound)):
                return False
    return True
