"""Matrices written out (``\\begin{bmatrix} ... \\end{bmatrix}``, read as the opaque ``matrix(rows...)``): their rows,
their sums, ordered products and powers worked out, and a tuple answer read as a vector against one.

One job: what a written matrix is as SymPy data. Judging two of them entry by entry is :mod:`derivax.judge`'s.
"""

from __future__ import annotations

import re
from typing import Any

import sympy as sp
from sympy.core.function import AppliedUndef

from derivax.latex import top_level_split

__all__ = ["has_written_matrix", "matrix_value", "tuple_as_vector", "written_arithmetic", "written_matrix"]


def written_matrix(expr: Any) -> list[list[Any]] | None:
    r"""The rows of a matrix written out (``\begin{pmatrix} 2x \\ 6y \end{pmatrix}``, read ``matrix((2x,), (6y,))``), or
    None (no matrix, or rows of different lengths)."""
    if isinstance(expr, AppliedUndef) and expr.func.__name__ == "matrix" and all(isinstance(r, sp.Tuple) for r in expr.args):
        rows = [list(r) for r in expr.args]
        return rows if rows and all(len(r) == len(rows[0]) > 0 for r in rows) else None
    return None


_TUPLE = re.compile(r"\s*(?:\\left\s*)?\((?P<inside>.*?)(?:\\right\s*)?\)\s*[.,]?\s*", re.S)


def tuple_as_vector(answer: str, key: Any) -> str:
    r"""An answer written as a tuple, ``(1, 2)``, as the vector it is where the key is a vector written out with as many
    entries (``\begin{pmatrix} 1 \\ 2 \end{pmatrix}``), in the key's orientation; else the answer as it is. Alone,
    ``(1, 2)`` reads as an open interval: against a vector key the right answer was ``incorrect`` ("your answer is a
    set") and the wrong ``(2, 1)`` unparsed (an empty interval; probe helper-114). The same in ``grade`` and ``equiv``."""
    rows = written_matrix(key)
    found = _TUPLE.fullmatch(answer) if rows is not None and (len(rows) == 1 or len(rows[0]) == 1) else None
    if found is None:
        return answer
    entries = top_level_split(found.group("inside"), ",")  # None: (1, 2) \\cup (3, 4), no one tuple
    if entries is None or len(entries) != len(rows) * len(rows[0]) or len(entries) < 2 or not all(e.strip() for e in entries):
        return answer
    between = " & " if len(rows) == 1 else " \\\\ "
    return "\\begin{pmatrix} " + between.join(e.strip() for e in entries) + " \\end{pmatrix}"


def has_written_matrix(expr: Any) -> bool:
    """Whether an expression holds a matrix written out (``\\begin{bmatrix} ... \\end{bmatrix}``)."""
    return isinstance(expr, sp.Basic) and any(written_matrix(node) is not None for node in expr.atoms(AppliedUndef))


def matrix_value(expr: Any) -> Any:
    """A side built of written matrices by sums, products (in their order), scalar factors and whole powers, as one
    SymPy matrix; a scalar where it has no written matrix. ValueError where it is anything else (a function of a matrix)."""
    rows = written_matrix(expr)
    if rows is not None:
        return sp.ImmutableMatrix(rows)
    if not has_written_matrix(expr):
        if isinstance(expr, sp.Basic) and expr.atoms(AppliedUndef) and any(n.func.__name__ == "matrix" for n in expr.atoms(AppliedUndef)):
            raise ValueError("a matrix with rows of different lengths")
        if isinstance(expr, sp.Basic) and (expr.is_commutative is False or expr.free_symbols):
            # W M = M W for a written M was proved, W taken for a number (probe helper-120): a name beside written matrices
            # may be a matrix or a vector (\mathbf{w} reads as w), so only numbers multiply them here
            raise ValueError(f"{sp.sstr(expr)} may be a matrix or a vector beside the written ones")
        return expr
    if isinstance(expr, sp.Add):
        values = [matrix_value(a) for a in expr.args]
        if not all(isinstance(v, sp.MatrixBase) for v in values):
            raise ValueError("a matrix plus a number")
        return sum(values[1:], values[0])
    if isinstance(expr, sp.Mul):
        value: Any = sp.Integer(1)
        for a in expr.args:  # commutative factors first, then the matrices in the order written
            value = value * matrix_value(a)
        return value
    if isinstance(expr, sp.Pow) and expr.exp.is_Integer and expr.exp > 0:
        base = matrix_value(expr.base)
        if isinstance(base, sp.MatrixBase) and not base.is_square:
            raise ValueError(f"a power of a {base.rows}x{base.cols} matrix")
        return base**expr.exp
    raise ValueError(f"{type(expr).__name__} of a matrix is not worked out")


def written_arithmetic(lhs: Any, rhs: Any) -> tuple[list[list[Any]] | None, list[list[Any]] | None]:
    """Both sides of an equation with written matrices, worked out to rows (a side 0 is the zero matrix of the other's
    shape); None for a side that is no matrix."""
    values = [matrix_value(side) for side in (lhs, rhs)]
    for k in (0, 1):
        other = values[1 - k]
        if values[k] == 0 and isinstance(other, sp.MatrixBase):
            values[k] = sp.zeros(other.rows, other.cols)
    rows = [v.tolist() if isinstance(v, sp.MatrixBase) else None for v in values]
    return rows[0], rows[1]
