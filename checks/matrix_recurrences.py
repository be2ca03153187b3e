r"""Recurrences of vectors and matrices, ``w_t = w_{t-1} - 2\epsilon Q\Lambda Q^\top w_{t-1}``, unrolled.

Gradient descent on a quadratic is a recurrence of vectors: a document states it, then writes ``w_1``,
``w_2`` and a closed form ``w_t = Q(I - 2\epsilon\Lambda)^t Q^\top w_0``. A step that uses the sequence is
turned into steps without it: every term :math:`w_k` is replaced by the rule unrolled down to :math:`w_0`
(which stays free: a vector of the instances), and a step that uses the index :math:`t` itself is
instantiated at

.. math:: t = 1, 2, 3, 4,

each instance an exact consequence of the rule at that t (no induction is claimed, and the evidence says
which t). :mod:`derivax.matrices` then judges each instance on random matrices with the declared
properties. This is :mod:`derivax.recurrences` for sides that do not commute: there the instances are
polynomials compared exactly, here products of matrices compared on instances.

>>> from derivax.latex import parse
>>> rec = matrix_recurrence_from(parse("w_t"), parse(r"Q^T w_{t-1}"), 7)
>>> rec.describe()
'the recurrence for w_t (line 7)'
>>> rule = rec.rule(lambda text: parse(text).expr)
>>> [(t, str(lhs)) for t, lhs, _ in unrolled(parse("w_2").expr, parse("Q^T Q^T w_0").expr, rec, rule, set())]
[(None, 'transpose(Q)**2*w_0')]
>>> [t for t, _, _ in unrolled(parse("w_t").expr, parse("(Q^T)^t w_0").expr, rec, rule, set())]
[1, 2, 3, 4]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import sympy as sp

from derivax.latex import Parsed
from derivax.recurrences import _shift_back, _term

__all__ = ["UNROLLED", "MatrixRecurrence", "matrix_recurrence_from", "unrolled"]

UNROLLED = (1, 2, 3, 4)  # the t at which a step with the index itself is instantiated
_MAX_ORDER = 4


@dataclass(frozen=True)
class MatrixRecurrence:
    r"""``base_index = rule``: ``w_t = w_{t-1} - 2\epsilon Q\Lambda Q^T w_{t-1}`` is base w, index t.

    ``text`` is the LaTeX of the rule as written; ``shift`` the amount a forward form
    (``w_{t+1} = ...``) is shifted back to define ``base_index``."""

    base: str
    index: str
    text: str
    shift: int
    line: int

    def describe(self) -> str:
        return f"the recurrence for {self.base}_{self.index} (line {self.line})"

    def rule(self, read: Any) -> Any:
        """The rule read by ``read`` (a LaTeX reader with the step's matrices), shifted to define base_index."""
        return _shift_back(read(self.text), self.index, self.shift) if self.shift else read(self.text)


def matrix_recurrence_from(left: Parsed, right: Parsed, line: int) -> MatrixRecurrence | None:
    """``left = right`` as a recurrence of the sequence ``left`` names (``w_t``, or ``w_{t+1}``), or None.

    The right side must use earlier terms of the sequence (``w_{t-1}``, up to four back) and not the
    term it defines, nor a fixed term (``w_0``: a closed form, not a recurrence)."""
    lhs, rhs = left.expr, right.expr
    if not isinstance(lhs, sp.Symbol) or not isinstance(rhs, sp.Basic):
        return None
    forward = re.fullmatch(r"(.+?)_([a-z])plus(\d)", lhs.name)
    found = forward or re.fullmatch(r"(.+?)_([a-z])", lhs.name)
    if found is None:
        return None
    base, index = found.group(1), found.group(2)
    shift = int(forward.group(3)) if forward else 0
    shifts = []
    for symbol in rhs.free_symbols:
        term = _term(symbol.name, index)
        if term is None or term[0] != base:
            continue
        if not term[2] or term[1] - shift >= 0:
            return None  # w_0 (a closed form) or w_t itself on the right: not a rule for the next term
        shifts.append(shift - term[1])
    if not shifts or max(shifts) > _MAX_ORDER:
        return None
    return MatrixRecurrence(base, index, right.text, shift, line)


def _relative(expr: Any, index: str) -> list[tuple[str, int]]:
    """The terms of ``expr`` written relative to the index: ``w_tminus1`` -> (w, -1)."""
    out = []
    for symbol in expr.free_symbols:
        term = _term(symbol.name, index)
        if term is not None and term[2]:
            out.append((term[0], term[1]))
    return out


def unrolled(lhs: Any, rhs: Any, rec: MatrixRecurrence, rule: Any, numbers: set[str]) -> list[tuple[int | None, Any, Any]]:
    """The step ``lhs = rhs`` without the sequence: ``[(t, lhs_t, rhs_t), ...]``, or [] where it does not apply.

    ``rule`` is the recurrence's rule read with the step's matrices (:meth:`MatrixRecurrence.rule`);
    ``numbers`` the names that are scalars (a new term's symbol commutes only then). A step that uses the
    index (``w_t``, ``(I - A)^t``) gives one case per t in :data:`UNROLLED` (t at least the largest shift back
    in it, so that no term before ``w_0`` is needed); a step with fixed terms only (``w_2``) gives one case,
    t None. A step that uses a sequence the rule does not drive (``g_t`` beside ``w_t = w_{t-1} - ...``
    without g) is not turned: [] (t would be an unknown of its own there)."""
    sides = (lhs, rhs)
    if not all(isinstance(e, sp.Basic) for e in sides):
        return []
    driven = {rec.base} | {base for base, _ in _relative(rule, rec.index)}
    relative = [t for e in sides for t in _relative(e, rec.index)]
    if any(base not in driven for base, _ in relative):
        return []
    named = {s.name: s for e in (*sides, rule) for s in e.free_symbols}

    def symbol(name: str) -> sp.Symbol:
        return named.get(name) or (sp.Symbol(name) if name in numbers else sp.Symbol(name, commutative=False))

    memo: dict[int, Any] = {}

    def term(k: int) -> Any:
        if k == 0:
            return symbol(f"{rec.base}_0")
        if k not in memo:
            memo[k] = at(rule, k)
        return memo[k]

    def at(expr: Any, t: int | None) -> Any:
        mapping = {}
        for s in expr.free_symbols:
            if s.name == rec.index and t is not None:
                mapping[s] = sp.Integer(t)
                continue
            found = _term(s.name, rec.index)
            if found is None or found[0] not in driven or (found[2] and t is None):
                continue
            k = t + found[1] if found[2] else found[1]
            if k < 0:
                raise ValueError("a term before the initial one")
            mapping[s] = term(k) if found[0] == rec.base else symbol(f"{found[0]}_{k}")
        return expr.xreplace(mapping)

    uses_index = bool(relative) or any(s.name == rec.index for e in sides for s in e.free_symbols)
    fixed = any((found := _term(s.name, rec.index)) is not None and found[0] == rec.base for e in sides for s in e.free_symbols)
    if not uses_index and not fixed:
        return []
    if not uses_index:
        return [(None, at(lhs, None), at(rhs, None))]
    first = max([-k for _, k in relative] + [1])
    return [(t, at(lhs, t), at(rhs, t)) for t in UNROLLED if t >= first]
