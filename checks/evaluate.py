"""Turning SymPy sides into functions: mpmath (high precision) and NumPy (float64).

Shared by the numeric and property checkers. A side that SymPy leaves
unevaluated is made computable first: derivatives and finite sums are carried
out, and a limit at infinity is replaced by the expression at a huge argument
(evaluated at 60 digits, so the truncation error is far below any tolerance); a limit at a point by the
expression just beside it, on both sides for a two-sided limit (no value where the two differ).
"""

from __future__ import annotations

import functools
import numbers
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import mpmath
import sympy as sp

from derivax.calculus import derivatives_done
from derivax.claims import Claim, Instance
from derivax.codegen import safe_lambdify
from derivax.domains import Vec

if TYPE_CHECKING:  # NumPy loads with the numeric checker: `derivax check` on a plain relation never needs it
    import numpy as np

__all__ = [
    "DIGITS",
    "NEGATION",
    "clearly",
    "computable",
    "flatten_point",
    "float_function",
    "holds",
    "mp_function",
    "relation_of",
    "sample_points",
]

DIGITS = 60
_HUGE = sp.Integer(10) ** 40


def computable(expr: Any, huge: Any = _HUGE) -> Any:
    """``expr`` with limits replaced by their value at a huge argument (10^40, or ``huge``), derivatives done."""

    def at_limit(e: sp.Expr, var: sp.Symbol, point: sp.Expr, direction: Any = "+") -> sp.Expr:
        if point in (sp.oo, -sp.oo):
            return e.subs(var, huge if point is sp.oo else -huge)
        if str(direction) == "+-":  # two-sided: both one-sided values, and no value (NaN) where they differ
            right, left = e.subs(var, point + 1 / huge), e.subs(var, point - 1 / huge)
            agree = sp.Abs(right - left) <= sp.Float("1e-20", DIGITS) * (1 + sp.Abs(right))
            return sp.Piecewise((right, agree), (sp.nan, True))
        step = 1 / huge if str(direction) == "+" else -1 / huge
        return e.subs(var, point + step)

    if isinstance(expr, sp.MatrixBase):
        return expr.applyfunc(lambda e: computable(e, huge))
    expr = sp.sympify(expr, strict=True)
    expr = expr.replace(lambda e: isinstance(e, sp.Limit), lambda e: at_limit(*e.args))
    if not expr.has(sp.Derivative):
        return expr
    # innermost first: real symbols, undefined at kinks (derivax.calculus); then anything else left unevaluated
    return derivatives_done(expr).doit(deep=True)


def _elements(expr: Any) -> tuple[list[Any], bool]:
    if isinstance(expr, sp.MatrixBase):
        return list(expr), True
    return [expr], False


@functools.lru_cache(maxsize=4096)
def _mp_lambdified(symbols: tuple[sp.Symbol, ...], expr: Any) -> Callable[..., Any]:
    items, is_vector = _elements(computable(expr))
    fn = safe_lambdify(symbols, items, "mpmath")
    return (lambda *a: fn(*a)) if is_vector else (lambda *a: fn(*a)[0])


def mp_function(inst: Instance, expr: Any) -> Callable[..., Any]:
    """``expr`` as an mpmath function of the instance's flat symbols."""
    return _mp_lambdified(inst.symbols, expr)


def float_function(inst: Instance, expr: Any) -> Callable[..., Any]:
    """``expr`` as a NumPy float64 function of the instance's flat symbols, arrays broadcast elementwise.

    The claimed side of the numeric checker: the lambdified SymPy statement, a computation of its own
    beside the independent JAX witness it is compared with. NumPy, not eager JAX: every JAX primitive
    is compiled once per shape (46 XLA compiles for the library), NumPy runs at once. Cached per
    instance symbols and expression, so a side asked for again (the guided proposals) is not lambdified again.
    """
    return _float_lambdified(inst.symbols, expr)


@functools.lru_cache(maxsize=1024)
def _float_lambdified(symbols: tuple[sp.Symbol, ...], expr: Any) -> Callable[..., Any]:
    import numpy as np

    items, is_vector = _elements(computable(expr))
    fn = safe_lambdify(symbols, items, "numpy")  # no cse: it would double the lambdify time, and NumPy runs each operation once anyway

    def evaluate(*args: Any) -> np.ndarray:
        arrays = [np.asarray(a, dtype=np.float64) for a in args]
        shape = np.broadcast_shapes(*(a.shape for a in arrays)) if arrays else ()
        # Overflow to inf and log of a negative to nan are values here (counted as unusable points), not errors.
        with np.errstate(all="ignore"):
            parts = [np.broadcast_to(np.asarray(v, dtype=np.float64), shape) for v in fn(*arrays)]
        return np.stack(parts, axis=-1) if is_vector else parts[0]

    return evaluate


def flatten_point(claim: Claim, point: dict[str, Any]) -> list[Any]:
    """A point ``{name: value}`` as the flat argument list of an instance."""
    flat: list[Any] = []
    for s in claim.symbols:
        value = point[s.name]
        if isinstance(s, Vec):
            flat += list(value) if not hasattr(value, "shape") else [value[..., k] for k in range(value.shape[-1])]
        else:
            flat.append(value)
    return flat


def holds(rel: str, lhs: Any, rhs: Any, tol: Any) -> Any:
    """``lhs REL rhs`` with slack ``tol``; works elementwise on arrays."""
    if rel == "==":
        return abs(lhs - rhs) <= tol
    if rel in ("<=", "<"):
        return lhs <= rhs + tol
    return lhs >= rhs - tol


def clearly(rel: str, lhs: Any, rhs: Any, tol: Any) -> Any:
    """``lhs REL rhs`` with margin ``tol`` to spare (used for hypotheses)."""
    if rel == "==":
        return abs(lhs - rhs) <= tol
    if rel in ("<=", "<"):
        return lhs < rhs - tol
    return lhs > rhs + tol


def to_mp(value: Any) -> Any:
    if isinstance(value, numbers.Integral):  # int and NumPy's integers alike
        return int(value)
    return mpmath.mpf(float(value))


NEGATION = {"<=": ">", "<": ">=", ">=": "<", ">": "<=", "==": "!="}
_REL_OF = {sp.GreaterThan: ">=", sp.StrictGreaterThan: ">", sp.LessThan: "<=", sp.StrictLessThan: "<", sp.Equality: "=="}


def relation_of(rel: sp.Rel) -> str:
    return _REL_OF[type(rel)]


def sample_points(claim: Claim, size: int | None, count: int, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """``count`` points from the symbols' typical boxes, each symbol shuffled independently."""
    import numpy as np

    points: dict[str, np.ndarray] = {}
    for s in claim.symbols:
        if isinstance(s, Vec):
            points[s.name] = s.sample(rng, count, size)
        else:
            values = s.sample(rng, count)
            points[s.name] = np.concatenate([values[:1], rng.permutation(values[1:])])
    return points
