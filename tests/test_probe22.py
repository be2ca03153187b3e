"""Session 22's defects: each with a right case and a wrong twin."""

from __future__ import annotations

import mpmath
import pytest
import sympy as sp

from derivax.realeval import evaluated

# --- an infinite geometric series at a float's exact rational --------------------------------------------------------

_GAMMA, _T = sp.symbols("gamma t", real=True)


@pytest.mark.parametrize(
    ("term", "at", "expected"),
    [
        # SymPy's evalf differed from 1/(1 - gamma) past 60 digits here, and the 150-digit recheck ran out of time
        (_GAMMA**_T, sp.Rational(0.8767703699460044), 1 / (1 - sp.Rational(0.8767703699460044))),
        (2 * _GAMMA**_T, sp.Rational(-1, 3), sp.Rational(3, 2)),
        (_GAMMA ** (_T + 1), sp.Rational(1, 2), 1),
    ],
)
def test_an_infinite_geometric_series_is_summed_exactly(term, at, expected):
    with mpmath.workdps(150):  # the depth at which a tie of two sides is checked again
        value, why = evaluated(sp.Sum(term, (_T, 0, sp.oo)), {_GAMMA: at})
        assert why == ""
        assert abs(value - mpmath.mpf(sp.N(expected, 160)._mpf_)) < mpmath.mpf(10) ** -140


@pytest.mark.parametrize("at", [sp.Integer(1), sp.Rational(-1), sp.Rational(11, 10)])
def test_a_geometric_series_with_ratio_one_or_more_diverges(at):
    assert evaluated(sp.Sum(_GAMMA**_T, (_T, 0, sp.oo)), {_GAMMA: at}) == (None, "diverges")
