r"""Where a sum of even powers is 0: a common zero of its bases, found by Newton's method and proved by intervals.

A strict relation whose difference is a sum of even powers of k functions of k variables,
:math:`(x - \sin y)^2 + (y - \cos x)^2 > 0`, fails exactly where the k functions vanish together: a point that no
rational hits, so no sampled point, climb or landmark refutes it. Newton's method (mpmath, 60 digits) finds a
candidate from each start; :func:`derivax.interval.holds_a_zero` (Krawczyk's test) then proves that a box of
half-width :data:`RADIUS` around it holds a zero. Nothing is claimed where the test fails.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import mpmath
import sympy as sp

from derivax.codegen import safe_lambdify
from derivax.interval import holds_a_zero
from derivax.limits import clock

__all__ = ["RADIUS", "certified_common_zero", "even_power_bases"]

RADIUS = sp.Rational(1, 10**25)  # the box's half-width around Newton's point: far above its 10^-45 residual
_DIGITS = 60


def even_power_bases(gap: Any, symbols: Sequence[sp.Symbol]) -> list[Any] | None:
    r"""The bases :math:`b_i` where ``gap`` is :math:`\sum_i c_i b_i^{2 m_i}`, each :math:`c_i > 0` a number, with as
    many distinct bases as ``symbols`` (at least 2), each in them and none a number; None otherwise. Such a sum is 0
    exactly where every base is."""
    if not isinstance(gap, sp.Add) or len(symbols) < 2:
        return None
    bases = []
    for term in gap.args:
        coefficient, rest = term.as_coeff_Mul()
        if not (coefficient.is_positive and rest.is_Pow and rest.exp.is_Integer and rest.exp > 0 and rest.exp % 2 == 0):
            return None
        if rest.base.is_number or not rest.base.free_symbols <= set(symbols):
            return None
        bases.append(rest.base)
    bases = list(dict.fromkeys(bases))
    return bases if len(bases) == len(symbols) else None


def certified_common_zero(
    bases: Sequence[Any], symbols: Sequence[sp.Symbol], starts: Sequence[dict], inside: Callable[[dict], bool], seconds: float
) -> dict | None:
    """The center (exact rationals) of a box of half-width :data:`RADIUS` proved to hold a common zero of ``bases``,
    where ``inside(center)`` says the whole box lies where the relation is defined; None where no start within
    ``seconds`` of CPU leads to one."""
    began = clock()
    symbols = list(symbols)
    system = sp.Matrix(list(bases))
    try:
        values = safe_lambdify(symbols, list(system), "mpmath")
        slopes = safe_lambdify(symbols, system.jacobian(symbols), "mpmath")
    except Exception:  # no mpmath form of a function here: no candidate
        return None
    seen: list[list[Any]] = []
    for start in starts:
        if clock() - began > seconds:
            return None
        with mpmath.workdps(_DIGITS):
            try:
                root = mpmath.findroot(values, [mpmath.mpf(start[s]) for s in symbols], J=slopes, tol=mpmath.mpf(10) ** -90)
            except Exception:  # no convergence from here (a singular Jacobian, a step out of the domain): the next start
                continue
            root = list(root)
            if any(all(abs(a - b) < 10**-20 for a, b in zip(root, other, strict=True)) for other in seen):
                continue  # the same zero from another start: tested once
            seen.append(root)
            center = [sp.Rational(mpmath.nstr(r, 45, min_fixed=-mpmath.inf, max_fixed=mpmath.inf)) for r in root]
        point = dict(zip(symbols, center, strict=True))
        if inside(point) and holds_a_zero(bases, symbols, center, RADIUS):
            return point
    return None
