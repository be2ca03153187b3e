r"""Steps with vectors and matrices, judged on random instances with the declared properties.

A step that uses a name the assignment's context file declares a ``vector`` or a ``matrix``
(:mod:`derivax.assignment`) is read again with :func:`derivax.latex.parse` and ``noncommutative`` names,
so that a product keeps its order (``Q\Lambda Q^T w`` is :math:`Q \Lambda Q^\top w`, never a sorted
commutative product), and judged by evaluating both sides, in float64, on random instances

.. math:: n = 1, 2, 3, 4, \qquad \text{five instances of each size (three with small integer entries)}

built with the declared properties: ``identity`` (:math:`I_n`), ``orthogonal`` (the Q of a QR
factorisation of a Gaussian matrix; a signed permutation in the integer instances), ``diagonal``,
``symmetric``, ``positive definite`` (:math:`sBB^\top + cI`, eigenvalues below 1 too), ``positive semidefinite`` (:math:`BB^\top`,
B of rank n - 1), ``invertible``; vectors are :math:`n \times 1` (``one-hot``, ``probability vector``).
Names the file does not declare are read as scalars, as vectors, and (capitals) as matrices: every
reading whose shapes fit is judged, and a verdict stands only when they agree. Scalars are drawn where
the step's assumptions (context domains, prose, ``% derivax: assume``) hold; a scalar in the exponent
of a matrix is an integer 0..5.

Verdicts (the entries of both sides compared, ``scale`` the largest entry's magnitude, at least 1):

- ``ok``: :math:`\max|L - R| \le 10^{-9}\,\text{scale}` on every instance;
- ``wrong``: an instance with :math:`\max|L - R| > 10^{-6}\,\text{scale}`, shown at the smallest size
  that fails (integer entries where the properties allow) so a student can multiply it out by hand;
- ``undecided`` otherwise, with the reason: a difference between the two tolerances (rounding?), shapes
  that fit under no reading (never ``wrong``), a function defined elsewhere (``\nabla J(w)``), an
  inequality between matrices, readings that disagree, a property combination with no generator.

Evaluation walks the SymPy tree with NumPy (no code is generated; names are only keys of a dict).
"""

from __future__ import annotations

import functools
import itertools
import math
import re
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, TypeVar

import numpy as np
import sympy as sp
from sympy.core.function import AppliedUndef

from derivax.assignment import Assignment
from derivax.evidence import Counterexample, Judgement, Verdict
from derivax.latex import CONDITION_KINDS, MATRIX_FUNCTIONS, LatexError, Parsed, _scalar_letter, capitals_written, letters_written, parse
from derivax.limits import TimeLimitExceeded, time_limit
from derivax.matrix_recurrences import MatrixRecurrence, unrolled

__all__ = [
    "AGREE",
    "DIFFER",
    "IDENTITY_NAME",
    "SIZES",
    "SQUARE_PROPERTIES",
    "MatrixVerdict",
    "check_matrix_step",
    "declared_dims",
    "evaluate",
    "gradient_written",
    "judge_matrix_step",
    "products_judgement",
]

SIZES = (1, 2, 3, 4)
INSTANCES = 5  # per size: the first three with small integer entries, the others Gaussian
AGREE = 1e-9  # max |L - R| <= AGREE * scale: the sides agree (float64 rounding of products of 4x4 matrices)
DIFFER = 1e-6  # max |L - R| > DIFFER * scale: the sides differ; in between is undecided
MAX_READINGS = 64  # shape readings of undeclared names tried (scalar / vector / matrix each)
_SHAPE_SIZE = 3  # shapes are decided at n = 3, where a vector, a matrix and a scalar all differ
_SINGULAR = 1e8  # condition number above which an inverse at an instance is not trusted
# the properties of a square matrix only (a rectangular one has no instance with them)
SQUARE_PROPERTIES = ("identity", "orthogonal", "diagonal", "symmetric", "positive definite", "positive semidefinite", "invertible")
_SHAPE = "shape "  # a declared size as a property: "shape {m \times n}", "shape 3 \times 2", "shape m" (context.prose_matrices)
Label = int | str  # a dimension: a number (3) or a letter (m)


class ShapeError(ValueError):
    """The sides cannot be formed with these shapes (a 3x1 vector times a 3x3 matrix, a scalar plus a matrix)."""


class NotEvaluable(ValueError):
    """Something in the step that instances cannot evaluate (a function defined elsewhere, a singular inverse)."""


@dataclass(frozen=True)
class MatrixVerdict:
    """A matrix step's verdict (ok, wrong, undecided), why, the instance it failed at, and the reading."""

    status: str
    message: str
    counterexample: Counterexample | None = None
    read_as: str = ""


# -- evaluation ------------------------------------------------------------------------------------


def _is_array(value: Any) -> bool:
    return isinstance(value, np.ndarray)


def _as_scalar(value: Any) -> Any:
    """A 1x1 result (an inner product w^T v) acts as a number beside shapes it does not fit."""
    return float(value[0, 0]) if _is_array(value) and value.shape == (1, 1) else value


def _plus(a: Any, b: Any) -> Any:
    if not _is_array(a) and not _is_array(b):
        return a + b
    if _is_array(a) and _is_array(b) and a.shape == b.shape:
        return a + b
    if _is_array(a) != _is_array(b):  # a number beside a square matrix is that multiple of I (H^{-1}H reads as 1)
        m, c = (a, b) if _is_array(a) else (b, a)
        if m.shape[0] == m.shape[1]:
            return m + c * np.eye(m.shape[0])
    a2, b2 = _as_scalar(a), _as_scalar(b)
    if not _is_array(a2) and not _is_array(b2):
        return a2 + b2
    raise ShapeError(f"cannot add {_shape(a)} and {_shape(b)}")  # never numpy's broadcasting


def _times(a: Any, b: Any) -> Any:
    if not _is_array(a) or not _is_array(b):
        return a * b
    if a.shape[1] == b.shape[0]:
        return a @ b
    if a.shape == (1, 1) or b.shape == (1, 1):
        return _as_scalar(a) * _as_scalar(b) if not _is_array(_as_scalar(a)) or not _is_array(_as_scalar(b)) else a @ b
    raise ShapeError(f"cannot multiply {_shape(a)} by {_shape(b)}")


def _shape(value: Any) -> str:
    return f"{value.shape[0]}x{value.shape[1]}" if _is_array(value) else "a scalar"


def _power(base: Any, exponent: Any) -> Any:
    if _is_array(exponent):
        raise ShapeError(f"an exponent that is {_shape(exponent)}")
    if not _is_array(base):
        if float(base) == 0 and float(exponent) < 0:  # 1/(x^T x) at an instance where x^T x is 0 (it raised: helper-171)
            raise NotEvaluable("a division by zero at this instance")
        value = float(base) ** float(exponent) if not (base < 0 and not float(exponent).is_integer()) else math.nan
        if isinstance(value, complex) or not math.isfinite(value):
            raise NotEvaluable("a power that is not a real number at this instance")
        return value
    if base.shape[0] != base.shape[1]:
        if float(exponent) < 0:  # X^{-1} of a 4x3 X: no inverse (only a square matrix has one)
            raise ShapeError(f"an inverse of a {_shape(base)} matrix (not square: no inverse)")
        raise ShapeError(f"a power of a {_shape(base)} (not square)")
    if not float(exponent).is_integer():
        raise NotEvaluable("a matrix to a power that is not an integer")
    k = int(exponent)
    if k < 0:
        if np.linalg.cond(base) > _SINGULAR:
            raise NotEvaluable("an inverse of a singular matrix at this instance")
        base, k = np.linalg.inv(base), -k
    return np.linalg.matrix_power(base, k)


_SCALAR_FUNCTIONS = {sp.exp: math.exp, sp.log: math.log, sp.Abs: abs, sp.sin: math.sin, sp.cos: math.cos, sp.tanh: math.tanh}


def evaluate(expr: Any, env: dict[str, Any]) -> Any:
    r"""The value of a SymPy expression (read with non-commutative matrices) at an instance, with NumPy.

    ``env`` maps identifiers to floats (scalars) or 2-D float64 arrays; products are matrix products in
    the order read, sums need equal shapes (no broadcasting), ``transpose(X)`` is :math:`X^\top`, a
    matrix to an integer power is a matrix power (:math:`X^{-1}` the inverse), ``norm`` the Euclidean (vectors) or
    Frobenius (matrices) norm (``normone``, ``normtwo``, ``normmax``, ``normfro``: :data:`_NORMS`), ``tr`` and
    ``det`` the trace and the determinant of a square matrix (a number is its own 1x1 matrix), ``gradient_of`` a
    gradient by differences (:func:`_gradient`). Raises :class:`ShapeError` or :class:`NotEvaluable`; never generates
    or runs code.

    >>> evaluate(parse("A B", noncommutative=frozenset({"A", "B"})).expr, {"A": np.eye(2), "B": np.ones((2, 1))}).shape
    (2, 1)
    """
    if isinstance(expr, sp.Symbol):
        if expr.name not in env:
            raise NotEvaluable(f"no value for {expr.name}")
        return env[expr.name]
    if expr.is_Number or isinstance(expr, sp.NumberSymbol):
        if not expr.is_real:
            raise NotEvaluable(f"the number {expr} is not real")
        return float(expr)
    if isinstance(expr, sp.Add):
        total = evaluate(expr.args[0], env)
        for term in expr.args[1:]:
            total = _plus(total, evaluate(term, env))
        return total
    if isinstance(expr, sp.Mul):
        product = evaluate(expr.args[0], env)
        for factor in expr.args[1:]:  # args keep the order read for non-commutative factors
            product = _times(product, evaluate(factor, env))
        return product
    if isinstance(expr, sp.Pow):
        return _power(evaluate(expr.base, env), evaluate(expr.exp, env))
    if isinstance(expr, AppliedUndef) and expr.func.__name__ == "transpose" and len(expr.args) == 1:
        value = evaluate(expr.args[0], env)
        return value.T.copy() if _is_array(value) else value
    if type(expr) in _SCALAR_FUNCTIONS and len(expr.args) == 1:
        value = evaluate(expr.args[0], env)
        if _is_array(value) and value.shape == (1, 1):
            value = float(value[0, 0])  # |x^T y|, \sigma(w^T x): of the number a 1x1 product is
        if _is_array(value):
            raise NotEvaluable(f"{type(expr).__name__} of a matrix")
        try:
            return float(_SCALAR_FUNCTIONS[type(expr)](value))
        except (ValueError, OverflowError):
            raise NotEvaluable(f"{type(expr).__name__} is not a real number at this instance") from None
    if isinstance(expr, AppliedUndef) and expr.func.__name__ == "inner" and len(expr.args) == 2:  # <x, y>, <A, B> = tr(A^T B)
        left, right = (evaluate(a, env) for a in expr.args)
        if _is_array(left) != _is_array(right) or (_is_array(left) and left.shape != right.shape):
            raise ShapeError(f"an inner product of a {_shape(left)} and a {_shape(right)}")
        return float(np.sum(left * right))
    if isinstance(expr, AppliedUndef) and expr.func.__name__ in _NORMS and len(expr.args) == 1:  # \|x\|, \|x\|_1, \|W\|_F
        value = evaluate(expr.args[0], env)
        return _NORMS[expr.func.__name__](value) if _is_array(value) else abs(float(value))
    if isinstance(expr, AppliedUndef) and expr.func.__name__ in MATRIX_FUNCTIONS and len(expr.args) == 1:  # tr, det
        value = evaluate(expr.args[0], env)
        if not _is_array(value):
            return float(value)  # of a 1x1 matrix, which a number is
        if value.shape[0] != value.shape[1]:
            raise ShapeError(f"{expr.func.__name__} of a {_shape(value)} matrix, which is not square")
        return float(np.linalg.det(value)) if expr.func.__name__ == "det" else float(np.trace(value))
    if isinstance(expr, AppliedUndef) and expr.func.__name__ == GRADIENT and len(expr.args) == 2:
        if not isinstance(expr.args[1], sp.Symbol):
            # \nabla_z L after "Let $z = Wa + b$": the variable was replaced by its definition (an internal error, probe
            # helper-131); a gradient by an expression is not evaluated
            raise NotEvaluable("a gradient by a quantity the document defines (its definition stood in for the variable)")
        return _gradient(expr.args[0], expr.args[1].name, env)
    if isinstance(expr, AppliedUndef) and expr.func.__name__ == "SumOver" and len(expr.args) == 2:
        return _sum_over_entries(expr.args[0], expr.args[1], env)
    if isinstance(expr, AppliedUndef) and expr.func.__name__ == "diag" and len(expr.args) == 1:
        value = evaluate(expr.args[0], env)
        if not _is_array(value) or min(value.shape) != 1:
            raise NotEvaluable("diag of something other than a vector")
        return np.diagflat(value)
    if isinstance(expr, AppliedUndef):
        raise NotEvaluable(f"{sp.sstr(expr)} is a function defined elsewhere")
    raise NotEvaluable(f"{type(expr).__name__} is not evaluated on instances")


GRADIENT = "gradient_of"  # gradient_of(body, w): the gradient of a scalar body by w (a number or a vector)


def _sum_over_entries(body: Any, index: Any, env: dict[str, Any]) -> float:
    r"""``\sum_i u_i v_i`` written with no range: the sum over every entry of the vectors the body takes at ``i``
    (``u[i]``), which must all have one length; i runs 1..n where it stands alone in the body."""
    indexed = body.atoms(sp.Indexed)
    # (by name: read with matrices, the index may be a non-commutative symbol in one place and not in the other)
    at_index = all([getattr(i, "name", None) for i in e.indices] == [getattr(index, "name", None)] for e in indexed)
    if not isinstance(index, sp.Symbol) or not indexed or not at_index:
        raise NotEvaluable("a sum over something other than the entries u_i of vectors")
    vectors = {e.base.label.name: env.get(e.base.label.name) for e in indexed}
    if not all(_is_array(v) and min(v.shape) == 1 for v in vectors.values()):
        raise NotEvaluable("a sum over the entries of something that is not a vector")
    lengths = {v.size for v in vectors.values()}
    if len(lengths) != 1:
        raise ShapeError(f"a sum over the entries of vectors of lengths {sorted(lengths)}")
    total: Any = 0.0
    for k in range(lengths.pop()):
        entries = {e: sp.Float(float(vectors[e.base.label.name].ravel()[k]), 30) for e in indexed}
        alone = {s: sp.Integer(k + 1) for s in body.free_symbols if isinstance(s, sp.Symbol) and s.name == index.name}
        total = _plus(total, evaluate(body.xreplace(entries).xreplace(alone), env))
    return total


def _p_norm(order: float) -> Callable[[np.ndarray], float]:
    """The p-norm of a vector's entries (a column or a row), else the matrix norm it induces."""
    return lambda v: float(np.linalg.norm(v.ravel() if min(v.shape) == 1 else v, order))


# The norms latex.NORMS names. A vector's 1-, 2- and max-norms are of its entries; a matrix's are the induced ones (its
# largest column sum, singular value, row sum); the bare \|W\| and \|W\|_F are Frobenius's.
_NORMS: dict[str, Callable[[np.ndarray], float]] = {
    "norm": lambda v: float(np.linalg.norm(v)),
    "normfro": lambda v: float(np.linalg.norm(v, "fro")),
    "normtwo": lambda v: float(np.linalg.norm(v, 2)),
    "normone": _p_norm(1),
    "normmax": _p_norm(np.inf),
}
_EVALUATED = ("transpose", "inner", *_NORMS, GRADIENT, *MATRIX_FUNCTIONS, "SumOver", "diag")  # the functions evaluate() knows
_STEP = 1e-3  # the central differences' step, relative to the entry (at least 1e-3)


def _gradient(body: Any, variable: str, env: dict[str, Any]) -> Any:
    r"""The gradient of a scalar ``body`` by ``variable`` at the instance: central differences with one Richardson
    step, :math:`(4 D(h/2) - D(h)) / 3` with :math:`D(h) = (f(x + h e_i) - f(x - h e_i)) / 2h`, exact for cubics
    and within about 1e-12 relative for the smooth bodies of the field (well inside ``AGREE``)."""
    point = env.get(variable)
    if point is None:
        raise NotEvaluable(f"no value for {variable}")

    def value(at: Any) -> float:
        result = _as_scalar(evaluate(body, {**env, variable: at}))
        if _is_array(result):
            raise ShapeError(f"a gradient of a {_shape(result)} (not a number)")  # w^T H w with w a number: no such reading
        return float(result)

    def central(index: Any, h: float) -> float:
        up, down = (np.array(point, dtype=float) if _is_array(point) else float(point) for _ in range(2))
        if _is_array(point):
            up[index] += h
            down[index] -= h
        else:
            up, down = up + h, down - h
        return (value(up) - value(down)) / (2 * h)

    def partial(index: Any) -> float:
        entry = float(point[index]) if _is_array(point) else float(point)
        h = _STEP * max(1.0, abs(entry))
        return (4 * central(index, h / 2) - central(index, h)) / 3

    if not _is_array(point):
        return partial(None)
    out = np.zeros(point.shape)
    for index in np.ndindex(point.shape):
        out[index] = partial(index)
    return out


def _holds(condition: Any, env: dict[str, Any]) -> bool:
    """A scalar condition (relation, And/Or/Not, membership) at an instance; NotEvaluable if it cannot say."""
    if condition is sp.true:
        return True
    if condition is sp.false:
        return False
    if isinstance(condition, sp.And):
        return all(_holds(c, env) for c in condition.args)
    if isinstance(condition, sp.Or):
        return any(_holds(c, env) for c in condition.args)
    if isinstance(condition, sp.Not):
        return not _holds(condition.args[0], env)
    if isinstance(condition, sp.Contains) and isinstance(condition.args[1], sp.Set):
        value = evaluate(condition.args[0], env)
        if _is_array(value):
            raise NotEvaluable("a condition on a matrix")
        found = condition.args[1].contains(sp.Rational(value) if float(value).is_integer() else sp.Float(value))
        if found not in (sp.true, sp.false):
            raise NotEvaluable(f"membership in {condition.args[1]}")
        return bool(found)
    if isinstance(condition, sp.core.relational.Relational):
        left, right = evaluate(condition.lhs, env), evaluate(condition.rhs, env)
        if _is_array(left) or _is_array(right):
            raise NotEvaluable("a condition on a matrix")
        op = {sp.Lt: left < right, sp.Le: left <= right, sp.Gt: left > right, sp.Ge: left >= right}
        if type(condition) in op:
            return bool(op[type(condition)])
        if isinstance(condition, sp.Ne):
            return left != right
        if isinstance(condition, sp.Eq):
            return left == right
    raise NotEvaluable(f"the condition {sp.sstr(condition)}")


def _number_of(value: Any) -> float:
    """A side of an inequality as the number it is (a 1x1 product ``x^T A x`` too); a vector or a matrix is
    NotEvaluable: which order it is compared in (entrywise, Loewner) is not read."""
    if _is_array(value):
        if value.shape != (1, 1):
            raise NotEvaluable("an inequality with a side that is a vector or a matrix (entrywise, or in the Loewner order?)")
        return float(value[0, 0])
    return float(value)


def _comparable(left: Any, right: Any) -> tuple[Any, Any]:
    """Both sides with one shape: a 1x1 side beside a number is that number, 0 beside an array its zero, and a
    number beside a square matrix is that multiple of I (SymPy reads ``H^{-1}H`` as 1); any other mismatch is a
    ShapeError."""
    if _is_array(left) == _is_array(right) and (not _is_array(left) or left.shape == right.shape):
        return left, right
    # 0 beside an array is the zero of its shape: SymPy cancels w - (2H)^{-1}(2Hw) to 0 whatever w's shape is
    if not _is_array(left) and left == 0:
        return np.zeros_like(right), right
    if not _is_array(right) and right == 0:
        return left, np.zeros_like(left)
    if not _is_array(left) and right.shape[0] == right.shape[1]:  # a number, never a 1x1 product w^T w
        return left * np.eye(right.shape[0]), right
    if not _is_array(right) and left.shape[0] == left.shape[1]:
        return left, right * np.eye(left.shape[0])
    left2, right2 = _as_scalar(left), _as_scalar(right)
    if not _is_array(left2) and not _is_array(right2):
        return left2, right2
    raise ShapeError(f"the left side is {_shape(left)}, the right side {_shape(right)}")


# -- instances -------------------------------------------------------------------------------------


def _matrix(properties: frozenset[str], n: int, rng: np.random.Generator, integer: bool) -> np.ndarray:
    """A random n x n matrix with ``properties``; integer entries where ``integer`` and the properties allow."""
    p = properties & set(SQUARE_PROPERTIES)
    if "identity" in p:
        return np.eye(n)
    if "orthogonal" in p:
        if p - {"orthogonal", "diagonal", "symmetric", "invertible"}:
            raise NotEvaluable(f"no random instances for a matrix that is {', '.join(sorted(p))}")
        signs = rng.choice([-1.0, 1.0], size=n)
        if "diagonal" in p:
            return np.diag(signs)
        if integer:
            permutation = np.eye(n)[rng.permutation(n)] * signs  # a signed permutation: orthogonal, integer
            return permutation @ permutation.T if "symmetric" in p else permutation
        q, r = np.linalg.qr(rng.standard_normal((n, n)))
        q = q * np.sign(np.diag(r))
        return q @ np.diag(signs) @ q.T if "symmetric" in p else q
    definite = "positive definite" in p
    semidefinite = "positive semidefinite" in p and not definite
    if "diagonal" in p:
        if definite:
            entries = rng.integers(1, 5, n).astype(float) / rng.choice([1.0, 4.0]) if integer else rng.uniform(0.05, 3.0, n)
        elif semidefinite:
            entries = rng.integers(0, 4, n).astype(float) if integer else rng.uniform(0.0, 3.0, n)
        else:
            entries = rng.choice([-3.0, -2.0, -1.0, 1.0, 2.0, 3.0], n) if integer else rng.standard_normal(n)
        return np.diag(entries)

    def draw(rows: int, cols: int) -> np.ndarray:
        return rng.integers(-2, 3, (rows, cols)).astype(float) if integer else rng.standard_normal((rows, cols))

    if definite:
        # eigenvalues below 1 too (|log det H| = log det H held at every BB^T + I drawn: probe helper-152); an integer
        # instance over 4 stays exact in float64
        b = draw(n, n)
        if integer:
            return (b @ b.T + np.eye(n)) / rng.choice([1.0, 4.0])
        return rng.uniform(0.05, 1.0) * (b @ b.T) + rng.uniform(0.01, 0.5) * np.eye(n)
    if semidefinite:
        b = draw(n, max(n - 1, 1)) if n > 1 else np.zeros((1, 1))
        return b @ b.T
    if "symmetric" in p:
        a = draw(n, n)
        return a + a.T
    for _ in range(20):
        a = draw(n, n)
        if "invertible" not in p or abs(np.linalg.det(a)) > 0.5:
            return a
    return a + n * np.eye(n)


def _vector(properties: frozenset[str], n: int, rng: np.random.Generator, integer: bool) -> np.ndarray:
    if "ones" in properties:  # \mathbf{1}
        return np.ones((n, 1))
    if "one-hot" in properties:
        return np.eye(n)[:, [int(rng.integers(n))]]
    if "probability vector" in properties:
        return rng.dirichlet(np.ones(n)).reshape(n, 1)
    return (rng.integers(-3, 4, (n, 1)).astype(float) if integer else rng.standard_normal((n, 1))).copy()


def _scalar(rng: np.random.Generator, attempt: int, integer: bool) -> float:
    """Simple numbers first (plug-in-able), then spread out: 0, ±1/2, ±1, 2, 3 ... then (0, 1), then wide."""
    if attempt < 20:
        return float(rng.choice([-2.0, -1.0, -0.5, 0.5, 1.0, 2.0, 3.0])) if integer else float(rng.normal(0.0, 1.5))
    if attempt < 60:
        return float(rng.uniform(0.0, 1.0))
    if attempt < 100:
        return float(rng.integers(1, 7))
    return float(rng.uniform(-10.0, 10.0))


@dataclass(frozen=True)
class _Reading:
    r"""One assignment of shapes: identifier -> 'scalar' | 'vector' | 'matrix', with each one's properties.

    ``dims`` (where a step uses a matrix declared rectangular, ``X \in \mathbb{R}^{m \times n}``): each vector's
    and matrix's (rows, columns) as labels, a dimension letter or a number; ``orders`` the orders of the letters
    (smallest first) that the stated relations allow (m > n), the taller first; see :meth:`sizes`."""

    kinds: dict[str, str]
    properties: dict[str, frozenset[str]]
    exponents: frozenset[str]  # scalars in the exponent of a matrix: drawn as integers 0..5
    dims: dict[str, tuple[Label, Label]] = field(default_factory=dict)
    orders: tuple[tuple[str, ...], ...] = ()

    def sizes(self, n: int, k: int) -> dict[Label, int]:
        """The size of each dimension label at size n, instance k: a number is itself; the letters of one order of
        :attr:`orders` (each in turn, by k) are n, n + 1, ... (m > n: n = 1, m = 2 first; m, n unrelated: tall, wide)."""
        out: dict[Label, int] = {label: label for d in self.dims.values() for label in d if isinstance(label, int)}
        order = self.orders[k % len(self.orders)] if self.orders else ()
        out.update({letter: n + i for i, letter in enumerate(order)})
        return out

    def instance(self, n: int, rng: np.random.Generator, integer: bool, attempt: int, k: int = 0) -> dict[str, Any]:
        if self.dims:
            return self._shaped_instance(n, rng, integer, attempt, k)
        env: dict[str, Any] = {}
        for name in sorted(self.kinds):
            kind, props = self.kinds[name], self.properties.get(name, frozenset())
            if kind == "matrix":
                env[name] = _matrix(props, n, rng, integer)
            elif kind == "vector":
                env[name] = _vector(props, n, rng, integer)
            elif name in self.exponents:
                env[name] = float(rng.integers(0, 6))
            else:
                env[name] = _scalar(rng, attempt, integer)
        return env

    def _shaped_instance(self, n: int, rng: np.random.Generator, integer: bool, attempt: int, k: int) -> dict[str, Any]:
        """An instance with the declared (and inferred) rectangular shapes; a dimension letter the step uses as a
        number (``\\frac{1}{m}``) is its size."""
        sizes = self.sizes(n, k)
        env: dict[str, Any] = {}
        for name in sorted(self.kinds):
            kind, props = self.kinds[name], self.properties.get(name, frozenset())
            if kind in ("matrix", "vector") and name in self.dims:
                rows, cols = (sizes.get(label, n) for label in self.dims[name])
                column = kind == "vector" and cols == 1
                env[name] = _vector(props, rows, rng, integer) if column else _rectangular(props, rows, cols, rng, integer)
            elif kind == "matrix":
                env[name] = _matrix(props, n, rng, integer)
            elif kind == "vector":
                env[name] = _vector(props, n, rng, integer)
            elif name in sizes:
                env[name] = float(sizes[name])
            elif name in self.exponents:
                env[name] = float(rng.integers(0, 6))
            else:
                env[name] = _scalar(rng, attempt, integer)
        return env

    def size_note(self, n: int, k: int) -> str:
        """The sizes an instance was drawn at, in words: ``m = 2, n = 1`` (letters), else ``X 3x2`` (numbers)."""
        sizes = self.sizes(n, k)
        letters = [f"{label} = {size}" for label, size in sorted(sizes.items(), key=lambda item: str(item[0])) if isinstance(label, str)]
        if letters:
            return ", ".join(letters)
        shaped = [f"{name} {sizes[r]}x{sizes[c]}" for name, (r, c) in sorted(self.dims.items()) if self.kinds.get(name) == "matrix"]
        return ", ".join(shaped) or f"n = {n}"


def _rectangular(properties: frozenset[str], rows: int, cols: int, rng: np.random.Generator, integer: bool) -> np.ndarray:
    """A random rows x cols matrix of full rank (a Gaussian one is, almost surely; integer ones are drawn again); a
    square one is :func:`_matrix`'s. A property (symmetric, invertible, ...) of a non-square matrix has no instances."""
    if rows == cols:
        return _matrix(properties, rows, rng, integer)
    p = properties & set(SQUARE_PROPERTIES)
    if p:
        raise NotEvaluable(f"no random instances for a {rows}x{cols} matrix that is {', '.join(sorted(p))}")
    for _ in range(20):
        a = rng.integers(-2, 3, (rows, cols)).astype(float) if integer else rng.standard_normal((rows, cols))
        if np.linalg.matrix_rank(a) == min(rows, cols):
            break
    return a


def _shown(value: Any) -> Any:
    """Compact: integers as integers, other numbers to 4 significant digits, matrices as nested lists."""
    if _is_array(value):
        return [[_shown(float(x)) for x in row] for row in value]
    value = float(value)
    if value.is_integer() and abs(value) < 1e15:
        return int(value)
    return float(f"{value:.4g}")


@dataclass(frozen=True)
class _Outcome:
    status: str  # ok, wrong, undecided
    detail: str
    counterexample: Counterexample | None = None
    instances: int = 0


def _judge_reading(lhs: Any, rhs: Any, reading: _Reading, conditions: Sequence[Any], seed: int, relation: str = "=") -> _Outcome:
    """Both sides at sizes 1..4, INSTANCES each; the first failing instance at the smallest size, if any.

    An inequality (``relation`` <, <=, >, >=) compares sides that are numbers at every instance (norms, traces, 1x1
    products ``x^T A x``); a side that is a vector or a matrix there leaves it unevaluated (entrywise, or Loewner?)."""
    checked, skipped, close = 0, "", ""
    for n in SIZES:
        for k in range(INSTANCES):
            integer = k < 3
            rng = np.random.default_rng([seed, n, k])
            env = None
            for attempt in range(150):  # draw scalars until the assumptions hold
                candidate = reading.instance(n, rng, integer, attempt, k)
                if all(_holds(c, candidate) for c in conditions):
                    env = candidate
                    break
            if env is None:
                skipped = skipped or f"no values found where the assumptions hold at n = {n}"
                continue
            try:
                left, right = evaluate(lhs, env), evaluate(rhs, env)
            except NotEvaluable as error:
                skipped = skipped or f"{error} (n = {n})"
                continue
            if relation != "=":
                left, right = _number_of(left), _number_of(right)
                # how far the instance is from failing: the amount by which it fails (> 0), or is held (< 0)
                gap = left - right if relation in ("<", "<=") else right - left
                gap = gap + AGREE * max(1.0, abs(left), abs(right)) if relation in ("<", ">") else gap
            else:
                left, right = _comparable(left, right)
                gap = float(np.max(np.abs(np.asarray(left) - np.asarray(right))))
            scale = max(1.0, float(np.max(np.abs(left))), float(np.max(np.abs(right))))
            if not math.isfinite(gap):
                skipped = skipped or f"a value that is not finite (n = {n})"
                continue
            checked += 1
            if gap > DIFFER * scale:
                identity = {n for n, p in reading.properties.items() if "identity" in p}
                at = {name: _shown(value) for name, value in env.items() if name not in identity}
                size = reading.size_note(n, k) if reading.dims else f"n = {n}"
                note = f"{size}, {'integer' if integer else 'Gaussian'} instance {k + 1}, float64"
                ce = Counterexample(at, _shown(left), _shown(right), note)
                return _Outcome("wrong", f"at {size}", ce, checked)
            if gap > AGREE * scale and relation == "=":
                band = f"between {AGREE:g} and {DIFFER:g} of the largest entry: rounding?"
                close = close or f"the sides differ by {gap:.3g} at n = {n} ({band})"
            elif relation != "=" and gap > 0:  # fails by no more than rounding: a strict inequality at equality, or a tie
                close = close or f"the sides are within rounding of failing {relation} at n = {n} ({left:.17g} and {right:.17g})"
    if close:
        return _Outcome("undecided", close, None, checked)
    if checked < len(SIZES) * INSTANCES // 2:
        return _Outcome("undecided", f"only {checked} instances could be evaluated: {skipped}", None, checked)
    return _Outcome("ok", skipped, None, checked)


# -- the step --------------------------------------------------------------------------------------


def _names(parsed: Parsed) -> set[str]:
    return {s.name for s in parsed.symbols}


def _exponent_names(exprs: Iterable[Any]) -> frozenset[str]:
    found: set[str] = set()
    for e in exprs:
        for node in sp.preorder_traversal(e):
            if isinstance(node, sp.Pow) and not node.base.is_commutative:
                found |= {s.name for s in node.exp.free_symbols}
    return frozenset(found)


IDENTITY_NAME = re.compile(r"I(?:_[a-z])?")  # I, I_n: the identity, as the field writes it
_ONES_NAME = re.compile(r"ones(?:_[a-z0-9]+)?")  # \mathbf{1}, \mathbf{1}_n as latex reads them


def _readings(names: set[str], assignment: Assignment, exponents: frozenset[str], shaped: frozenset[str] = frozenset()) -> list[_Reading]:
    """Every shape reading: declared names as declared; undeclared ones scalar, vector or (capitals) matrix;
    ``shaped`` ones never scalars."""
    fixed = {n: assignment.kinds[n] for n in names if n in assignment.kinds}
    fixed |= {n: "scalar" for n in names if n in assignment.numbers or n in exponents}
    # I (I_n) undeclared beside matrices is the identity, in the field's notation: as a general matrix or a number,
    # (I + A)^2 = I + 2A + A^2 was wrong
    # (and so is an I the context file declares a matrix with no property but a shape: "the identity matrix" in words
    # drew a general matrix, and (I + W)^T x = (I + W^T) x was wrong: probe helper-183 F34)
    identities = {
        n
        for n in names
        if IDENTITY_NAME.fullmatch(n)
        and (n not in fixed or (fixed[n] == "matrix" and all(p.startswith(_SHAPE) for p in assignment.properties.get(n, ()))))
    }
    fixed |= {n: "matrix" for n in identities}
    # the vector of ones: a vector, every entry 1, declared or not (a context file's '\mathbf{1}': {kind: vector} drew it
    # at random, and right softmax-Jacobian steps were wrong: probe helper-183 F34)
    ones = {n for n in names if _ONES_NAME.fullmatch(n) and fixed.get(n, "vector") == "vector"}
    fixed |= {n: "vector" for n in ones}
    open_names = sorted(names - set(fixed))
    options = [("vector", "matrix", "scalar") if n[:1].isupper() else ("vector", "scalar") for n in open_names]
    options = [tuple(o for o in option if o != "scalar" or n not in shaped) for n, option in zip(open_names, options, strict=True)]
    properties = {n: frozenset(assignment.properties.get(n, ())) for n in names} | {n: frozenset({"identity"}) for n in identities}
    properties |= {n: frozenset({"ones"}) for n in ones}
    out = []
    for combo in itertools.product(*options):
        out.append(_Reading({**fixed, **dict(zip(open_names, combo, strict=True))}, properties, exponents))
        if len(out) > MAX_READINGS:
            break
    return out


# -- declared rectangular shapes ----------------------------------------------------------------------

_DIM = re.compile(r"\s*\{?\s*(?:(?P<number>\d{1,2})|(?P<letter>[A-Za-z]))\s*\}?\s*")


def declared_dims(assignment: Assignment, name: str) -> tuple[Label, Label] | None:
    r"""The (rows, columns) the text declares for ``name`` (``X \in \mathbb{R}^{m \times n}``: ('m', 'n'); "a $3 \times 2$
    matrix": (3, 2); ``y \in \mathbb{R}^m``: ('m', 1)), read from its property ``shape ...``; None where none is read."""
    said = next((p[len(_SHAPE) :] for p in assignment.properties.get(name, ()) if p.startswith(_SHAPE)), None)
    if said is None:
        return None
    said = said.strip()
    if said.startswith("{") and said.endswith("}"):
        said = said[1:-1]
    parts = re.split(r"\\times", said)
    if len(parts) > 2 or (len(parts) == 1 and assignment.kinds.get(name) != "vector"):
        return None
    labels: list[Label] = []
    for part in parts:
        found = _DIM.fullmatch(part)
        if found is None:
            return None
        labels.append(int(found["number"]) if found["number"] else found["letter"])
    return (labels[0], labels[1]) if len(labels) == 2 else (labels[0], 1)


def rectangular_names(names: Iterable[str], assignment: Assignment) -> set[str]:
    """The ``names`` declared matrices with a number of rows other than of columns (m x n, 3 x 2)."""
    return {
        n for n in names if assignment.kinds.get(n) == "matrix" and (d := declared_dims(assignment, n)) is not None and d[0] != d[1]
    }


def _letter_orders(
    letters: Sequence[str], declared: dict[str, tuple[Label, Label]], conditions: Sequence[Any]
) -> tuple[tuple[str, ...], ...]:
    r"""The orders of the dimension letters (smallest first) that the stated relations (``m > n``, ``m \ge n``) allow, the
    ones that make more declared matrices tall first; unrelated letters are tried both ways (tall, then wide)."""
    above: set[tuple[str, str]] = set()  # (bigger, smaller)
    stack = list(conditions)
    while stack:
        c = stack.pop()
        if isinstance(c, sp.And):
            stack.extend(c.args)
        elif isinstance(c, sp.core.relational.Relational) and isinstance(c.lhs, sp.Symbol) and isinstance(c.rhs, sp.Symbol):
            a, b = c.lhs.name, c.rhs.name
            if a in letters and b in letters and a != b:
                if isinstance(c, sp.StrictGreaterThan | sp.GreaterThan):
                    above.add((a, b))
                elif isinstance(c, sp.StrictLessThan | sp.LessThan):
                    above.add((b, a))
    if len(letters) > 4:
        return (tuple(letters),)
    every = list(itertools.permutations(letters))
    allowed = [p for p in every if all(p.index(big) > p.index(small) for big, small in above)] or every

    def tall(order: tuple[str, ...]) -> int:
        return sum(1 for r, c in declared.values() if r in order and c in order and order.index(r) > order.index(c))

    return tuple(sorted(allowed, key=lambda order: -tall(order)))


def _with_dims(reading: _Reading, assignment: Assignment, conditions: Sequence[Any]) -> list[_Reading]:
    """``reading`` with sizes: the declared ones, and for each other vector or matrix every size among the declared
    dimensions (a vector of length m or n); the shape test keeps those that fit (w of Xw has X's column count)."""
    declared = {
        n: d for n, kind in reading.kinds.items() if kind != "scalar" and (d := declared_dims(assignment, n)) is not None
    }
    labels = sorted({label for d in declared.values() for label in d if label != 1}, key=str)
    letters = [label for label in labels if isinstance(label, str)]
    orders = _letter_orders(letters, declared, conditions) if letters else ()
    open_names = [n for n, kind in sorted(reading.kinds.items()) if kind != "scalar" and n not in declared]
    options = []
    for n in open_names:
        if reading.kinds[n] == "vector":
            options.append([(label, 1) for label in labels])
        elif reading.properties.get(n, frozenset()) & set(SQUARE_PROPERTIES):  # identity, symmetric, ...: square
            options.append([(label, label) for label in labels])
        else:
            options.append([(r, c) for r in labels for c in labels])
    if not labels:
        return [replace(reading, dims=declared, orders=orders)]
    combos = itertools.islice(itertools.product(*options), 4 * MAX_READINGS)
    return [replace(reading, dims={**declared, **dict(zip(open_names, combo, strict=True))}, orders=orders) for combo in combos]


def _dims_said(names: Iterable[str], assignment: Assignment, conditions: Sequence[Any] = ()) -> str:
    """The declared rectangular shapes, in words: ``X is m x n (m > n)``."""
    said = []
    letters = set()
    for n in sorted(rectangular_names(names, assignment)):
        r, c = declared_dims(assignment, n) or (0, 0)
        said.append(f"{n} is declared {r} x {c}")
        letters |= {r, c}
    relations = [
        sp.sstr(c) for c in conditions if isinstance(c, sp.core.relational.Relational) and {s.name for s in c.free_symbols} <= letters
    ]
    return ", ".join(said) + (f", with {', '.join(relations)}" if relations else "")


def _fit(
    reading: _Reading, lhs: Any, rhs: Any, assignment: Assignment, seed: int, relation: str, raw: tuple[Any, Any] | None
) -> tuple[str, Any]:
    """Whether the sides' shapes fit under ``reading`` at size 3: ('fits', ''); ('shape', why) where a side has no
    shape; ('unlike', (why, as words)) where each side has one and the two differ; ('undefined', why) where the sides
    as written (``raw``) have none though the reading has (X X^{-1} of a rectangular X, cancelled to 1)."""
    try:
        env = reading.instance(_SHAPE_SIZE, np.random.default_rng(seed), False, 0)
    except NotEvaluable:
        if not reading.dims:
            raise
        return "fits", ""  # no instance of a non-square matrix with these properties: the instances say so
    guessed = _undeclared_shapes(reading, assignment)
    try:
        a, b = evaluate(lhs, env), evaluate(rhs, env)
    except ShapeError as error:
        undefined = next((u for side in (lhs, rhs) if reading.dims and (u := _undefined_part(side, env))), "")
        if undefined:  # det(A) of an m x n A: not a reading that fails, a side with no value for the declared shapes
            return "undefined", undefined
        return "shape", f"{error} (with {guessed})" if guessed else str(error)
    except NotEvaluable:
        a = b = None  # shapes fit as far as evaluated; the instances say more
    if a is not None:
        try:
            _comparable(a, b)
            if relation != "=":
                _number_of(a), _number_of(b)  # at n = 3 a side of an inequality is a number, or its order is not read
        except NotEvaluable as error:
            return "shape", str(error)
        except ShapeError as error:  # each side is defined, the two differ in shape: this reading makes it false
            said = (f"{error} (with {guessed})", f"{guessed}, where {error}") if guessed else (str(error), str(error))
            return "unlike", said
    for side in raw or ():
        undefined = _undefined_part(side, env)
        if undefined:
            return "undefined", undefined
    return "fits", ""


def _said(node: Any) -> str:
    """An inverse or a determinant as it is written, near enough: ``X^{-1}``, ``(X^T X)^{-1}``, ``det(A)``."""
    text = re.sub(r"transpose\((\w+)\)", r"\1^T", sp.sstr(node.args[0] if isinstance(node, AppliedUndef) else node.base))
    if isinstance(node, AppliedUndef):
        return f"det({text})"
    return f"{text if isinstance(node.base, sp.Symbol) else f'({text})'}^{{{sp.sstr(node.exp)}}}"


def _undefined_part(side: Any, env: dict[str, Any]) -> str:
    """The first inverse (a negative power) or determinant in ``side`` whose argument is a non-square matrix at the
    instance ``env``, in words; '' where there is none (or where it cannot be evaluated)."""
    for node in sp.preorder_traversal(side):
        if isinstance(node, sp.Pow) and node.exp.is_number and node.exp.is_negative:
            inner, what = node.base, "an inverse"
        elif isinstance(node, AppliedUndef) and node.func.__name__ == "det" and len(node.args) == 1:
            inner, what = node.args[0], "a determinant"
        else:
            continue
        try:
            value = evaluate(inner, env)
        except (ShapeError, NotEvaluable, ArithmeticError, ValueError, TypeError, np.linalg.LinAlgError):
            continue
        if _is_array(value) and value.shape[0] != value.shape[1]:
            return f"{_said(node)} is {what} of a {_shape(value)} matrix, which has none (not square)"
    return ""


def _undeclared_shapes(reading: _Reading, assignment: Assignment, sizes: bool = True) -> str:
    guessed = [
        f"{n} as the identity"
        if "identity" in reading.properties.get(n, ())
        else f"{n} as the vector of ones"
        if "ones" in reading.properties.get(n, ())
        else f"{n} as a {k}"
        for n, k in sorted(reading.kinds.items())
        if n not in assignment.kinds and n not in assignment.numbers
    ]
    return ", ".join(guessed + ([f"sizes {_sizes_taken(reading, assignment)}"] if sizes and _sizes_taken(reading, assignment) else []))


def _sizes_taken(reading: _Reading, assignment: Assignment) -> str:
    """With declared rectangular shapes, the sizes taken for the other vectors and matrices: ``w n x 1, I n x n``."""
    return ", ".join(f"{n} {r} x {c}" for n, (r, c) in sorted(reading.dims.items()) if declared_dims(assignment, n) is None)


def _declared(names: set[str], assignment: Assignment) -> str:
    parts = []
    for n in sorted(names & set(assignment.kinds)):
        props = [p for p in assignment.properties.get(n, ()) if not p.startswith(_SHAPE)]
        dims = declared_dims(assignment, n) if n in rectangular_names({n}, assignment) else None
        size = f" {dims[0]} x {dims[1]}" if dims else ""
        parts.append(f"{n}{size} {' '.join(props)}" if props else f"{n} a general{size} {assignment.kinds[n]}")
    return ", ".join(parts)


T = TypeVar("T")


def _quietly(function: Callable[..., T]) -> Callable[..., T]:
    """``function`` with NumPy's floating-point warnings off: an overflow (``H^{999999999}``) gives inf or nan, which the
    comparison takes as an instance it cannot evaluate; the warnings about it reached the user's terminal."""

    @functools.wraps(function)
    def quiet(*args: Any, **kwargs: Any) -> T:
        with np.errstate(all="ignore"):
            return function(*args, **kwargs)

    return quiet


@_quietly
def check_matrix_step(
    left: Parsed,
    relation: str,
    right: Parsed,
    assignment: Assignment,
    conditions: Sequence[Any] = (),
    *,
    linked: bool = True,
    condition: str = "",
    seed: int = 0,
    gradient_of: Callable[[Any], tuple[str, str, str] | None] | None = None,
    defined: dict[str, str] | None = None,
    recurrence: MatrixRecurrence | None = None,
) -> MatrixVerdict:
    r"""Judge ``left relation right`` (sides read by default) with the context's vectors and matrices.

    ``defined`` maps a declared matrix or vector to the LaTeX of its definition from the others (``H`` to
    ``Q\Lambda Q^T``): its instances are then computed from theirs, not drawn.

    ``gradient_of(node)`` gives, for a gradient of a defined quantity (``\nabla J(w)``), the LaTeX of the
    definition's body, its variable and the argument it is taken at: the gradient is then taken on each
    instance (:func:`evaluate`).

    ``recurrence`` is a rule of vectors stated before the step (``w_t = w_{t-1} - 2\epsilon Q\Lambda Q^T w_{t-1}``):
    the step's terms of that sequence are unrolled to ``w_0`` (:mod:`derivax.matrix_recurrences`), at t = 1..4
    where the step uses the index itself, and each instance is judged; such a step is a claim about the
    sequence, never a definition.

    ``conditions`` are SymPy conditions on scalars (the step's assumptions and the context's domains);
    one that instances cannot evaluate keeps a failing step ``undecided``. A lone relation (``linked``
    False), a side that is a bare name and a name on one side only are reported only when they hold,
    as :func:`derivax.steps.check_document` does for scalars; ``condition`` is prose between the
    section start and the step that states one: a failure is then ``undecided``, with its instance.

    >>> from derivax.assignment import assignment_from_text
    >>> ctx = assignment_from_text("symbols: {A: {kind: matrix}, B: {kind: matrix}}")
    >>> check_matrix_step(parse("AB"), "=", parse("BA"), ctx).status
    'wrong'
    """
    subject = _one_subject(left, right) if relation in ("=>", "<=>") else None
    if subject is not None:
        # w_new = A \Rightarrow w_new = B: with the premise, the conclusion holds exactly where A = B (and for every
        # instance only if A = B is an identity), so the step is the claim A = B, judged as a link of a chain
        premise, conclusion = subject
        verdict = check_matrix_step(
            premise, "=", conclusion, assignment, conditions, linked=True, condition=condition, seed=seed,
            gradient_of=gradient_of, defined=defined, recurrence=recurrence,
        )  # fmt: skip
        said = f"both sides of {relation} give {left.text.split('=')[0].strip()}: the right sides compared"
        return replace(verdict, message=f"{said}; {verdict.message}")
    if relation not in ("=", "<", ">", "<=", ">="):
        return MatrixVerdict("undecided", f"the relation {relation} between sides with vectors or matrices is not checked yet")
    if left.kind != "expression" or right.kind != "expression":
        return MatrixVerdict("undecided", "a step between relations with vectors or matrices is not checked")
    names = _names(left) | _names(right)
    assignment = assignment.with_members(names | capitals_written(f"{left.text} {right.text}"))  # w_1 of w_k: a vector
    # a declared matrix before parentheses was read as a function by default (\Lambda(Q^T w)): it multiplies
    applied = {f.func.__name__ for p in (left, right) if isinstance(p.expr, sp.Basic) for f in p.expr.atoms(AppliedUndef)}
    names |= applied & set(assignment.kinds)
    # a name the first reading cancelled (A^{-1} B A read as numbers is B) still keeps its place: A^{-1} B A = B was ok
    called = {f.func.__name__ for p in (left, right) if isinstance(p.expr, sp.Basic) for f in p.expr.atoms(AppliedUndef)}
    names |= set(assignment.kinds) | (capitals_written(f"{left.text} {right.text}") - called)  # J(w) stays a function
    noncommutative = frozenset(n for n in names if n not in assignment.numbers)
    try:
        lhs = parse(left.text, noncommutative=noncommutative).expr
        rhs = parse(right.text, noncommutative=noncommutative).expr
        cases: list[tuple[int | None, Any, Any]] = [(None, lhs, rhs)]
        start: set[str] = set()
        if recurrence is not None:  # w_2, or w_t in closed form, after w_t = ... w_{t-1} ...: unrolled to w_0
            rule = recurrence.rule(lambda text: _read_body(text, noncommutative, assignment)[0])
            cases = unrolled(lhs, rhs, recurrence, rule, set(assignment.numbers)) or cases
            # w_0 alone on a side (w_1 = (I - A)^0 w_0 at t = 1) is the sequence's start, not a definition; the
            # rule's names on one side only came with the unrolling, not from elsewhere
            start = {f"{recurrence.base}_0"} | _names_of(rule)
            # w_0 of a declared family w_k is a vector too: read as undeclared, its scalar reading fitted w_t (I - \eta H)
            # and the transposed product was ok (probe helper-167)
            assignment = assignment.with_members(start)
            first, term = f"{recurrence.base}_0", f"{recurrence.base}_{recurrence.index}"
            if first not in assignment.kinds and term in assignment.kinds:  # "w_t \in \mathbb{R}^n": so is w_0
                kinds = {**assignment.kinds, first: assignment.kinds[term]}
                properties = {**assignment.properties, first: assignment.properties.get(term, ())}
                assignment = replace(assignment, kinds=kinds, properties=properties)
        if gradient_of is not None:  # \nabla J(w) after J(w) = w^T H w: the gradient of that body, by differences
            cases = [(t, *(_gradients(e, gradient_of, noncommutative, assignment) for e in (a, b))) for t, a, b in cases]
    except (LatexError, ValueError) as error:
        return MatrixVerdict("undecided", f"cannot read it with matrices: {str(error).splitlines()[0]}")
    extra = applied & set(assignment.kinds)  # \Lambda(Q^T w): a declared matrix read as a function, a name all the same
    claim = linked or (recurrence is not None and cases != [(None, lhs, rhs)])  # w_2 = ... after the rule: a claim about w
    # a name written on both sides is neither defined by the step nor defined elsewhere, though the reading cancelled it
    # on one (B A A^{-1} is B): A B A^{-1} = B A A^{-1} is a claim about A and B
    start = start | ((_names(left) | letters_written(left.text)) & (_names(right) | letters_written(right.text)))
    # a matrix declared rectangular written in the step: the sides as written, unevaluated (X X^{-1} is not 1 there)
    written = _names(left) | _names(right) | letters_written(f"{left.text} {right.text}")
    raw = _unevaluated(left.text, right.text, noncommutative) if rectangular_names(written, assignment) else None
    verdicts = [
        (
            t,
            _judge_case(
                a, b, extra, assignment, conditions, claim, condition, seed, defined, start, _transposed_names((a, b)), relation=relation,
                raw=raw,
            ),
        )
        for t, a, b in cases
    ]
    if recurrence is None or cases == [(None, lhs, rhs)]:
        return verdicts[0][1]
    if len(cases) == 1 and cases[0][0] is None:
        verdict = verdicts[0][1]
        return replace(verdict, message=f"{verdict.message}; with {recurrence.describe()} unrolled to {recurrence.base}_0")
    unrolling = f"{recurrence.describe()} unrolled to {recurrence.base}_0"
    ts = ", ".join(str(t) for t, _ in verdicts)
    read_as = f"{sp.sstr(lhs)} = {sp.sstr(rhs)} (vectors and matrices in the order written), at {recurrence.index} = {ts}"
    failed = [(t, v) for t, v in verdicts if v.status == "wrong"] or [(t, v) for t, v in verdicts if v.status != "ok"]
    if failed:  # the first t that fails: the smallest instance a student can unroll by hand
        t, verdict = failed[0]
        return replace(verdict, message=f"at {recurrence.index} = {t} ({unrolling}): {verdict.message}", read_as=read_as)
    return replace(verdicts[-1][1], message=f"{verdicts[-1][1].message}; at {recurrence.index} = {ts} ({unrolling})", read_as=read_as)


_UNEVALUATED = "unevaluated__"  # a name in no text: the memo key of parse() for a reading without SymPy's evaluation


def _unevaluated(left: str, right: str, noncommutative: frozenset[str]) -> tuple[Any, Any] | None:
    """Both sides read with SymPy's evaluation off: ``X X^{-1} (X^T)^{-1} X^T y`` keeps its inverses (read with it on,
    it is y, and a step with X declared m x n was ok); None where that reading fails."""
    try:
        with sp.evaluate(False):
            sides = tuple(parse(text, noncommutative=noncommutative | {_UNEVALUATED}).expr for text in (left, right))
    except Exception:  # a reading SymPy cannot make without evaluation: no check of definedness
        return None
    return sides if all(isinstance(e, sp.Basic) for e in sides) else None


def _one_subject(left: Parsed, right: Parsed) -> tuple[Parsed, Parsed] | None:
    """The right sides of two equations with the same left side as written (``w_new = A`` and ``w_new = B``), read;
    None otherwise."""
    if left.kind != "relation" or right.kind != "relation":
        return None
    split = [_top_level_equation(p.text) for p in (left, right)]
    if None in split or split[0][0] != split[1][0]:
        return None
    try:
        return parse(split[0][1]), parse(split[1][1])
    except LatexError:
        return None


def _top_level_equation(text: str) -> tuple[str, str] | None:
    """``X = Y`` with one ``=`` outside brackets: (X without spaces, Y); None otherwise."""
    depth, at = 0, []
    for i, c in enumerate(text):
        depth += 1 if c in "({[" else -1 if c in ")}]" else 0
        if c == "=" and depth == 0:
            at.append(i)
    if len(at) != 1 or text[at[0] - 1 : at[0]] in ("<", ">", "!", ":", "\\"):
        return None
    return "".join(text[: at[0]].split()), text[at[0] + 1 :].strip()


def _judge_case(
    lhs: Any, rhs: Any, extra: set[str], assignment: Assignment, *rest: Any, relation: str = "=", raw: tuple[Any, Any] | None = None
) -> MatrixVerdict:
    """:func:`_judge_read` (same arguments) as read, and again with a matrix or vector to a power in the layer letter
    (``W^{l+1}``) read as a layer label, one matrix per layer: a verdict only where the two agree (W^{l+1}(W^l a) =
    (W^l W^{l+1}) a holds for powers of one matrix, and was ok; for two layers' matrices it fails)."""
    first = _judge_read(lhs, rhs, extra, assignment, *rest, relation=relation, raw=raw)
    layered_powers = sorted(
        {
            p
            for e in (lhs, rhs)
            if isinstance(e, sp.Basic)
            for p in e.atoms(sp.Pow)
            if isinstance(p.base, sp.Symbol) and p.base.is_commutative is False and _in_layer_letters(p.exp)
        },
        key=sp.default_sort_key,
    )
    if not layered_powers:
        return first
    labels = {p: sp.Symbol(f"{p.base.name}__layer{i}", commutative=False) for i, p in enumerate(layered_powers)}
    kinds = {label.name: assignment.kinds[p.base.name] for p, label in labels.items() if p.base.name in assignment.kinds}
    properties = {label.name: assignment.properties[p.base.name] for p, label in labels.items() if p.base.name in assignment.properties}
    layered = replace(assignment, kinds={**assignment.kinds, **kinds}, properties={**assignment.properties, **properties})
    raw_layered = tuple(e.xreplace(labels) for e in raw) if raw is not None else None
    second = _judge_read(lhs.xreplace(labels), rhs.xreplace(labels), extra, layered, *rest, relation=relation, raw=raw_layered)
    if second.status == first.status:
        return first
    shown = ", ".join(sorted(sp.sstr(p) for p in labels))
    labelled = f"as layer labels (one matrix per layer), {second.status}: {second.message}"
    why = f"the readings disagree: with {shown} powers, {first.status}; {labelled}"
    return MatrixVerdict("undecided", why, None, first.read_as)


_LAYER = frozenset({"l", "L"})  # letters of a layer index: names, whatever their assumptions


def _in_layer_letters(exponent: Any) -> bool:
    return not exponent.is_number and {s.name for s in exponent.free_symbols} <= _LAYER


def _judge_read(
    lhs: Any,
    rhs: Any,
    extra: set[str],
    assignment: Assignment,
    conditions: Sequence[Any],
    linked: bool,
    condition: str,
    seed: int,
    defined: dict[str, str] | None,
    start: set[str],
    shaped: frozenset[str] = frozenset(),
    relation: str = "=",
    raw: tuple[Any, Any] | None = None,
) -> MatrixVerdict:
    """One pair of sides, read with matrices: every fitting reading of the undeclared names judged on instances.

    ``extra`` are names of the step that are no free symbols of the sides (a declared matrix read as a function);
    ``start`` names that may stand alone on a side or on one side only (a recurrence's ``w_0`` and rule);
    ``shaped`` names never read as numbers. ``raw`` are the sides as written, read without SymPy's evaluation
    (``X X^{-1}`` kept, where the reading cancels it to 1), given where a matrix is declared rectangular: a side
    that is not defined for the declared shapes as written (the inverse of an m x n X) is undecided, never ok."""
    names = _names_of(lhs, rhs) | extra
    if raw is not None:  # X of X X^{-1} y, cancelled by the reading: drawn all the same, to see that X^{-1} has no value
        names |= _names_of(*raw) & set(assignment.kinds)
    noncommutative = frozenset(n for n in names if n not in assignment.numbers)
    read_as = f"{sp.sstr(lhs)} {relation} {sp.sstr(rhs)} (vectors and matrices in the order written)"
    opaque = sorted({sp.sstr(f) for e in (lhs, rhs) for f in e.atoms(AppliedUndef) if f.func.__name__ not in _EVALUATED})
    if opaque:
        return MatrixVerdict("undecided", f"uses {', '.join(opaque)}, defined elsewhere: not evaluable on instances", None, read_as)
    derived = _derived(_names_of(lhs, rhs), defined or {}, noncommutative, assignment)
    if derived:  # H is what Q and Lambda make it: the step is judged with H = Q Lambda Q^T substituted
        lhs, rhs = (e.xreplace({s: derived[s.name] for s in e.free_symbols if s.name in derived}) for e in (lhs, rhs))
        names = _names_of(lhs, rhs) | extra
        read_as = f"{read_as}; with {', '.join(f'{n} = {sp.sstr(b)}' for n, b in derived.items())}"
    exponents = _exponent_names((lhs, rhs))
    readings = _readings(names, assignment, exponents, shaped)
    if len(readings) > MAX_READINGS:
        why = f"too many undeclared names to try as scalars and vectors: declare them in {assignment.source}"
        return MatrixVerdict("undecided", why, None, read_as)
    rectangular = bool(rectangular_names(names, assignment)) or raw is not None
    # with a matrix declared rectangular, each reading is tried at every size of its other vectors and matrices among
    # the declared dimensions; the sizes that fit are kept (one reading of the kinds, as before, where none fits)
    groups = [_with_dims(r, assignment, conditions) for r in readings] if rectangular else [[r] for r in readings]
    fitting, shape_errors, unlike, undefined = [], [], [], []
    for group in groups:
        failures: list[tuple[str, str]] = []  # (how, why) of each size of the group that does not fit
        found = []
        for reading in group:
            how, why = _fit(reading, lhs, rhs, assignment, seed, relation, raw)
            if how == "fits":
                found.append(reading)
            else:
                failures.append((how, why))
        if found:
            fitting += found
            continue
        how, why = next((f for f in failures if f[0] == "undefined"), failures[0])
        if how == "undefined":
            undefined.append(why)
        elif how == "unlike":
            unlike.append(why[1])
            shape_errors.append(why[0])
        else:
            shape_errors.append(why)
    if not fitting and undefined:
        said = _dims_said(names, assignment, conditions)
        why = f"not defined for the declared shapes ({said}): {undefined[0]}"
        return MatrixVerdict("undecided", why, None, read_as)
    if not fitting:
        said = f" ({_dims_said(names, assignment, conditions)})" if rectangular and rectangular_names(names, assignment) else ""
        return MatrixVerdict("undecided", f"the shapes do not fit{said}: {shape_errors[0]}", None, read_as)
    scalars = names - set(assignment.kinds)
    evaluable = [c for c in conditions if _evaluable(c, scalars)]
    # a condition on the step's matrices, or tying its scalars to others, is not used: a failure is then not flagged
    unevaluated = [sp.sstr(c) for c in conditions if not _evaluable(c, scalars) and _mentions(c, names)]
    outcomes = []
    for reading in fitting:
        # a condition on a name this reading takes as a vector or matrix (|w| >= 4, w a vector) is not used
        used = [c for c in evaluable if all(reading.kinds.get(s.name, "scalar") == "scalar" for s in c.free_symbols)]
        dropped = [sp.sstr(c) for c in evaluable if c not in used]
        try:
            outcome = _judge_reading(lhs, rhs, reading, used, seed, relation)
            if outcome.status == "wrong" and dropped:
                why = f"fails with {_undeclared_shapes(reading, assignment)}, where the assumption {dropped[0]} does not apply"
                outcome = _Outcome("undecided", why, outcome.counterexample, outcome.instances)
            outcomes.append((reading, outcome))
        except ShapeError as error:
            outcomes.append((reading, _Outcome("undecided", f"the shapes do not fit: {error}")))
        except NotEvaluable as error:
            outcomes.append((reading, _Outcome("undecided", str(error))))
    declared = _declared(names, assignment)
    statuses = {o.status for _, o in outcomes}
    shapes = [_undeclared_shapes(r, assignment) for r, _ in outcomes]
    properties = f"with the declared properties ({declared})" if declared else "(general matrices: nothing declared)"
    how = f"on random instances of sizes {SIZES[0]}..{SIZES[-1]} {properties}"
    tolerance = f"float64, entries agree within {AGREE:g} of the largest entry"
    if statuses == {"ok"} and unlike:  # x y^T = y^T x: true for a number x, not for a vector (n x n against 1 x 1)
        held = next(s for s in shapes if s)
        return MatrixVerdict("undecided", f"the readings disagree: holds with {held}, fails with {unlike[0]}", None, read_as)
    if statuses == {"ok"} and relation != "=":
        # a false inequality may hold at every instance drawn (x^T A x >= x^T x for a positive definite A whose drawn
        # eigenvalues all exceed 1): instances refute an inequality, never prove it
        count = sum(o.instances for _, o in outcomes)
        why = f"holds {how}: {count} instances, float64; instances can refute an inequality, not prove it"
        return MatrixVerdict("undecided", why, None, read_as)
    if statuses == {"ok"}:
        count = sum(o.instances for _, o in outcomes)
        guessed = list(dict.fromkeys(s for r, _ in outcomes if (s := _undeclared_shapes(r, assignment, sizes=False))))
        taken = list(dict.fromkeys(s for r, _ in outcomes if (s := _sizes_taken(r, assignment))))
        extra = (
            f"; undeclared names read {guessed[0]}"
            if len(guessed) == 1
            else f"; under each reading of the undeclared names that fits ({'; '.join(guessed)})"
            if guessed
            else ""
        )
        extra += f"; sizes taken {' or '.join(taken)}" if taken else ""
        return MatrixVerdict("ok", f"holds {how}: {count} instances, {tolerance}{extra}", None, read_as)
    identities = {n for n in names if "identity" in assignment.properties.get(n, ())}
    # I read as the identity in every reading (undeclared): a constant too, never a name defined elsewhere
    identities |= {n for n in names if outcomes and all("identity" in r.properties.get(n, ()) for r, _ in outcomes)}
    identities |= {n for n in names if _ONES_NAME.fullmatch(n)}  # \mathbf{1}: a constant, never a name defined elsewhere
    refusal = _refusal(lhs, rhs, linked, identities | start, assignment.free_in(lhs, rhs))
    if "undecided" in statuses:
        reason = next(o.detail for _, o in outcomes if o.status == "undecided")
        return MatrixVerdict("undecided", f"{refusal + '; ' if refusal else ''}{reason}", None, read_as)
    if statuses == {"ok", "wrong"}:
        held = next(s for (_, o), s in zip(outcomes, shapes, strict=True) if o.status == "ok")
        failed = next(s for (_, o), s in zip(outcomes, shapes, strict=True) if o.status == "wrong")
        return MatrixVerdict("undecided", f"the readings disagree: holds with {held}, fails with {failed}", None, read_as)
    reading, outcome = outcomes[0]
    guessed = _undeclared_shapes(reading, assignment)
    ce = outcome.counterexample
    fails = "the sides differ" if relation == "=" else f"{relation} fails"
    message = f"{fails} {ce.describe()}; checked {how}" + (f", with {guessed}" if guessed else "")
    if refusal:  # reported only when it holds, as for scalar steps
        return MatrixVerdict("undecided", refusal, None, read_as)
    if unevaluated:
        return MatrixVerdict("undecided", f"{message}; not flagged: the assumption {unevaluated[0]} was not evaluated", ce, read_as)
    if condition:
        return MatrixVerdict("undecided", f"{message}; not flagged: the text states a condition: {condition!r}", ce, read_as)
    return MatrixVerdict("wrong", message, ce, read_as)


def products_judgement(lhs: Any, rhs: Any, seed: int = 0, timeout_s: float = 2.0) -> Judgement | None:
    r"""``lhs == rhs`` for sides with names read as matrices (noncommutative), nothing declared, as the kernel's
    :class:`~derivax.evidence.Judgement` (None: no such names).

    ``check``, ``equiv`` and ``grade`` call it where products in their order decide nothing symbolically
    (:func:`derivax.compare.equal_as_products`): ``y^T X w = w^T X^T y`` (a 1x1 product equals its transpose).
    A name written transposed is a vector or a matrix, never a number (``x^T x`` is not ``x x^T``); the other
    noncommuting names are tried as numbers, vectors and (capitals) matrices; commuting names are numbers.
    Agreement under every reading whose shapes fit is ``confirmed`` (random instances, not a proof). Anything
    else is ``undecided``: a failure names its instance but is never ``refuted``, since nothing declares the
    matrices general (``Q^T Q v = v`` holds for the orthogonal Q a text may mean in words).

    >>> from derivax.latex import parse
    >>> products_judgement(parse("y^T X w").expr, parse("w^T X^T y").expr).verdict.name
    'CONFIRMED'
    >>> products_judgement(parse("x^T x").expr, parse("x x^T").expr).verdict.name
    'UNDECIDED'
    """
    sides = [e for e in (lhs, rhs) if isinstance(e, sp.Basic)]
    if len(sides) != 2 or all(s.is_commutative is not False for e in sides for s in e.free_symbols):
        return None
    start = time.perf_counter()
    commuting = frozenset(s.name for e in sides for s in e.free_symbols if s.is_commutative)
    transposed = _transposed_names(sides)
    try:
        with time_limit(timeout_s):
            verdict = _judge_case(lhs, rhs, set(), Assignment("", numbers=commuting), (), True, "", seed, None, set(), transposed)
    except TimeLimitExceeded:
        return Judgement(Verdict.UNDECIDED, "matrices", f"the instances took over {timeout_s:g} s", seconds=time.perf_counter() - start)
    except (ArithmeticError, ValueError, TypeError, np.linalg.LinAlgError) as error:  # an instance NumPy cannot take
        why = f"the instances could not be evaluated ({type(error).__name__})"
        return Judgement(Verdict.UNDECIDED, "matrices", why, seconds=time.perf_counter() - start)
    seconds = time.perf_counter() - start
    if verdict.status == "ok":
        return Judgement(Verdict.CONFIRMED, f"matrices: {verdict.message}", seconds=seconds)
    if verdict.status == "wrong":  # a property the text states in words (Q orthogonal) may make it hold
        why = f"fails for general matrices ({verdict.message}); declare the properties meant (a context file) to decide"
        return Judgement(Verdict.UNDECIDED, "matrices", why, seconds=seconds)
    return Judgement(Verdict.UNDECIDED, "matrices", verdict.message, seconds=seconds)


def one_side_only_fits(lhs: Any, rhs: Any, seed: int = 0, capitals_as_matrices: bool = True) -> str:
    """A reading of the noncommutative names (numbers, vectors, capitals as matrices; commuting names numbers) under
    which one side has a shape and the other has none, as words ('' if there is none): ``H^{-1} g`` is a vector
    for a matrix H and a vector g, ``g H^{-1}`` is no product at all (the readings that fit agree, which said
    nothing of it). ``capitals_as_matrices``: only readings with every capital a matrix (y^T X w and w^T X^T y, both
    1x1, differ in shape only with X a vector, which the field does not write)."""
    sides = [e for e in (lhs, rhs) if isinstance(e, sp.Basic)]
    names = _names_of(*sides)
    commuting = frozenset(s.name for e in sides for s in e.free_symbols if s.is_commutative)
    assignment = Assignment("", numbers=commuting)
    # each product on its own: theta - eps H^{-1} g has no shape with theta a number and g a vector, but its product
    # H^{-1} g has one where g H^{-1} has none
    # a square is a product too: (A + B)^2 has no shape for vectors A, B, as A^2 + AB + BA + B^2 has none
    products = [
        [m for m in side.atoms(sp.Mul, sp.Pow) if (m.is_Mul or (m.exp.is_Integer and m.exp > 1)) and not m.is_commutative]
        for side in sides
    ]
    for reading in _readings(names, assignment, _exponent_names(sides), _transposed_names(sides)):
        if capitals_as_matrices and any(n[:1].isupper() and kind != "matrix" for n, kind in reading.kinds.items()):
            continue
        env = reading.instance(_SHAPE_SIZE, np.random.default_rng(seed), False, 0)
        # each product on its own, then each side whole: X^T X w - y^T X is a column minus a row for a matrix X (the
        # missing transpose), where X^T(Xw - y) is a column; its products alone fit, and the slip was confirmed with X a
        # vector (probe helper-171)
        for fits in ([_shape_fits(terms, env, True) for terms in products], [_shape_fits([side], env) for side in sides]):
            if len(fits) == 2 and None not in fits and fits[0] != fits[1]:
                return _undeclared_shapes(reading, assignment)
    return ""


def _shape_fits(terms: Sequence[Any], env: dict, by_factors: bool = False) -> bool | None:
    """Whether every term has a shape at the instance (False: one has none; None: one cannot be computed there);
    ``by_factors``: each factor of a product must have one of its own too (:func:`_factors_fit`)."""
    try:
        for term in terms:
            if by_factors:
                _factors_fit(term, env)
            evaluate(term, env)
    except ShapeError:
        return False
    except (NotEvaluable, ArithmeticError, ValueError, TypeError, np.linalg.LinAlgError):
        return None
    return True


def _factors_fit(product: Any, env: dict) -> None:
    """Raises :class:`NotEvaluable` where a factor of ``product`` has no shape by itself: then the product tells
    nothing of the order of its factors (``(A + B) C`` with A a vector and B a matrix fails at its sum)."""
    for factor in product.args:
        try:
            evaluate(factor, env)
        except ShapeError as error:
            raise NotEvaluable(f"a factor has no shape: {error}") from error


def _transposed_names(exprs: Iterable[Any]) -> frozenset[str]:
    """Names written transposed (``x^T``), and those in a trace or a determinant (``tr(AB)``) but Greek
    scalars: vectors or matrices, never numbers (as :mod:`derivax.latex` reads them)."""
    names: set[str] = set()
    for f in (f for e in exprs for f in e.atoms(AppliedUndef)):
        if f.func.__name__ == "transpose" and isinstance(f.args[0], sp.Symbol):
            names.add(f.args[0].name)
        elif f.func.__name__ in MATRIX_FUNCTIONS:
            names.update(s.name for a in f.args for s in a.free_symbols if not _scalar_letter(s.name))
    return frozenset(names)


def _names_of(*exprs: Any) -> set[str]:
    """The names the sides use, without the index of a sum over entries (``i`` of ``\\sum_i u_i v_i``)."""
    names = {s.name for e in exprs for s in e.free_symbols if isinstance(s, sp.Symbol)}  # u of an entry u[i]
    sums = [f for e in exprs for f in e.atoms(AppliedUndef) if f.func.__name__ == "SumOver"]
    return names - {f.args[1].name for f in sums if isinstance(f.args[1], sp.Symbol)}


def _read_body(text: str, noncommutative: frozenset[str], assignment: Assignment) -> tuple[Any, set[str]]:
    """A definition's body read with matrices: its own names (numbers aside) kept in order too, and those names."""
    body = parse(text).expr
    names = _names_of(body) if isinstance(body, sp.Basic) else set()
    return parse(text, noncommutative=noncommutative | frozenset(names - set(assignment.numbers))).expr, names


def _derived(names: set[str], defined: dict[str, str], noncommutative: frozenset[str], assignment: Assignment) -> dict[str, Any]:
    """name -> body for each name of the step with a definition whose names are all declared (one level): a declared
    one (H = Q Lambda Q^T of a context file), or one the text defines without declaring it (A = Q Lambda Q^T, its shape
    that of its body)."""
    out = {}
    for name in sorted(names & set(defined)):
        try:
            body, inner = _read_body(defined[name], noncommutative, assignment)
        except LatexError:
            continue
        if isinstance(body, sp.Basic) and name not in inner and inner <= set(assignment.kinds) | set(assignment.numbers):
            out[name] = body  # only from declared names: an undeclared one would need a shape reading of its own
    # a definition through another (w^* = H^{-1} b beside H = Q Lambda Q^T): each body with the others put in, so that
    # one H is drawn for both (w^* used a drawn H and the step Q Lambda Q^T: right steps were wrong, probe helper-171)
    for _ in range(len(out)):
        composed = {n: b.xreplace({s: out[s.name] for s in b.free_symbols if s.name in out and s.name != n}) for n, b in out.items()}
        if composed == out:
            break
        out = composed
    return out


def gradient_written(expr: Any) -> bool:
    r"""Whether ``expr`` is the gradient of a body written out by a variable it has (``\nabla_x (x^T A x)``, read
    ``grad_x(...)``): a result computed from what is written, never a definition."""
    if not isinstance(expr, AppliedUndef) or not expr.func.__name__.startswith("grad_") or len(expr.args) != 1:
        return False
    body = expr.args[0]
    return not isinstance(body, sp.Symbol | AppliedUndef) and any(s.name == expr.func.__name__[5:] for s in body.free_symbols)


def _gradients(
    expr: Any, gradient_of: Callable[[Any], tuple[str, str, str] | None], noncommutative: frozenset[str], assignment: Assignment
) -> Any:
    """``expr`` with each gradient of a defined quantity replaced by ``gradient_of(body, argument)``: the body
    with its variable renamed to the argument (``\\nabla J(w_{old})`` after ``J(w) = w^T H w``)."""
    found = {}
    for node in expr.atoms(AppliedUndef):
        if gradient_written(node):  # \nabla_x (x^T A x): the gradient of the body written, by the subscript's variable
            variables = [s for s in node.args[0].free_symbols if s.name == node.func.__name__[5:]]
            if len(variables) == 1:
                found[node] = sp.Function(GRADIENT)(node.args[0], variables[0])
            continue
        resolved = gradient_of(node)
        if resolved is None:
            continue
        text, variable, argument = resolved
        body, names = _read_body(text, noncommutative, assignment)
        if argument != variable:
            if argument in names:
                continue  # J(w) = w^T A w_{old} taken at w_{old}: renaming would capture it; left opaque
            body = body.xreplace({s: sp.Symbol(argument, **s.assumptions0) for s in body.free_symbols if s.name == variable})
        found[node] = sp.Function(GRADIENT)(body, sp.Symbol(argument))
    return expr.xreplace(found) if found else expr


def _evaluable(condition: Any, scalars: set[str]) -> bool:
    """Conditions about the step's scalars only (a prose assumption on other symbols, or on a matrix, is not)."""
    free = getattr(condition, "free_symbols", None)
    return bool(free) and {s.name for s in free} <= scalars


def _mentions(condition: Any, names: set[str]) -> bool:
    return bool({s.name for s in getattr(condition, "free_symbols", set())} & names)


def _refusal(lhs: Any, rhs: Any, linked: bool, constants: set[str], parameters: frozenset[str] = frozenset()) -> str:
    r"""Why a failure of this step says nothing (as for scalar steps): '' where it does.

    ``constants`` (declared identity matrices) are never defined by a step: ``QQ^T = I`` is a claim. ``parameters``
    (declared names with no value that the step drops, :func:`derivax.assignment.free_parameters`) on one side only
    are no values stated elsewhere: ``Q^T Q \Lambda Q^T Q = 2\Lambda`` with Q declared orthogonal is wrong."""
    named = [e for e in (lhs, rhs) if isinstance(e, sp.Symbol | AppliedUndef) and str(e) not in constants]
    if any(not (isinstance(e, AppliedUndef) and e.func.__name__ in _EVALUATED) for e in named):  # tr(AB) is a value, f(x) a name
        return "names or defines a quantity; nothing to check on its own"
    if not linked:
        return "a single relation with symbols (an equation or a definition), not a step of a chain"
    one_sided = (_names_of(lhs) ^ _names_of(rhs)) - constants - parameters
    if one_sided:
        return f"{', '.join(sorted(one_sided)[:4])} appear on one side only (defined elsewhere?)"
    return ""


def judge_matrix_step(
    left: Parsed,
    relation: str,
    right: Parsed,
    assignment: Assignment,
    assumptions: Sequence[Parsed],
    *,
    linked: bool,
    condition: str = "",
    seed: int = 0,
    timeout_s: float = 3.0,
    gradient_of: Callable[[Any], tuple[str, str, str] | None] | None = None,
    defined: dict[str, str] | None = None,
    recurrence: MatrixRecurrence | None = None,
) -> MatrixVerdict:
    """:func:`check_matrix_step` for :func:`derivax.steps.check_document`: the step's assumptions and the
    context file's domains on its symbols as conditions, a time limit, and the context file named."""
    given = list(assumptions) + [a.parsed for a in assignment.assumptions_for(left.symbols | right.symbols)]
    conditions = [p.condition for p in given if p.kind in CONDITION_KINDS]
    try:
        with time_limit(timeout_s):
            verdict = check_matrix_step(
                left,
                relation,
                right,
                assignment,
                conditions,
                linked=linked,
                condition=condition,
                seed=seed,
                gradient_of=gradient_of,
                defined=defined,
                recurrence=recurrence,
            )
    except TimeLimitExceeded:
        return MatrixVerdict("undecided", f"the instances took over {timeout_s:g} s")
    if verdict.status in ("ok", "wrong"):
        used = [a.text for a in assignment.assumptions_for(left.symbols | right.symbols)]
        assumed = f"; assuming {', '.join(used)}" if used else ""
        where = "declared in the text" if assignment.source == "the text" else f"context file {assignment.source}"
        message = f"{verdict.message}{assumed} ({where})"
        return MatrixVerdict(verdict.status, message, verdict.counterexample, verdict.read_as)
    return verdict
