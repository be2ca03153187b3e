"""The readings table (tests/readings_table.py) and the round trip SymPy -> LaTeX -> derivax.

A reading is right when it is the same SymPy object as the expected one, or (for expressions that
SymPy may arrange differently) when the difference simplifies to zero and both agree at random
points; a Derivative, Sum, Limit or undefined function must be kept where the expected value has it,
so an operator evaluated away or a misread scope cannot pass as "equal".
"""

from __future__ import annotations

import random

import mpmath
import pytest
import sympy as sp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from derivax.latex import parse
from tests.readings_table import READINGS

KEPT = (sp.Derivative, sp.Sum, sp.Product, sp.Limit, sp.core.function.AppliedUndef, sp.Indexed)


def test_the_table_is_large_and_has_no_duplicates():
    inputs = [latex for latex, _ in READINGS]
    assert len(inputs) >= 400
    assert len(set(inputs)) == len(inputs), [i for i in inputs if inputs.count(i) > 1][:5]


def _same(got: object, expected: object) -> bool:
    if got == expected:
        return True
    if isinstance(expected, tuple) or isinstance(got, tuple):
        return isinstance(got, tuple) and isinstance(expected, tuple) and len(got) == len(expected) and all(map(_same, got, expected))
    if not (isinstance(got, sp.Expr) and isinstance(expected, sp.Expr)):
        return bool(sp.simplify(sp.Equivalent(got, expected)) is sp.true) if isinstance(got, sp.logic.boolalg.Boolean) else False
    for kind in KEPT:
        if got.has(kind) != expected.has(kind):
            return False
    difference = (got - expected).doit()
    if sp.simplify(difference) == 0:
        return True
    rng = random.Random(0)
    symbols = sorted(difference.free_symbols, key=str)
    for _ in range(5):
        point = {s: sp.Rational(rng.randint(1, 97), 37) for s in symbols}
        value = difference.subs(point).evalf(30)
        if not value.is_number or abs(complex(value)) > 1e-20:
            return False
    return True


@pytest.mark.parametrize(("latex", "expected"), READINGS, ids=[r[0] for r in READINGS])
def test_reading(latex, expected):
    parsed = parse(latex)
    assert _same(parsed.expr, expected), f"{latex!r} read as {parsed.expr!r}, expected {expected!r}"


# --- round trip: what SymPy prints, derivax reads back ------------------------------------------
NAMES = [sp.Symbol(s) for s in ("x", "y", "w", "a", "b", "alpha", "beta", "lambda", "theta", "epsilon", "eta")]
UNARY = [sp.exp, sp.log, sp.sin, sp.cos, sp.tanh, sp.sqrt, sp.Abs]


def _trees() -> st.SearchStrategy:
    leaves = st.one_of(
        st.sampled_from(NAMES),
        st.integers(1, 9).map(sp.Integer),
        st.tuples(st.integers(1, 9), st.integers(2, 9)).map(lambda p: sp.Rational(*p)),
    )

    def extend(children: st.SearchStrategy) -> st.SearchStrategy:
        return st.one_of(
            st.tuples(children, children).map(lambda p: p[0] + p[1]),
            st.tuples(children, children).map(lambda p: p[0] - p[1]),
            st.tuples(children, children).map(lambda p: p[0] * p[1]),
            st.tuples(children, children).map(lambda p: p[0] / p[1] if p[1] != 0 else p[0]),
            st.tuples(children, st.integers(-3, 4)).map(lambda p: p[0] ** p[1]),
            st.tuples(st.sampled_from(UNARY), children).map(lambda p: p[0](p[1])),
        )

    return st.recursive(leaves, extend, max_leaves=8)


@settings(max_examples=300, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(_trees())
def test_round_trip_of_sympy_latex(expr):
    """sympy.latex(expr) read by derivax is expr again (the same object, or equal at random points)."""
    if not isinstance(expr, sp.Expr) or expr.has(sp.zoo, sp.nan, sp.oo, sp.I):  # reals only: SymPy prints I as i
        return
    text = sp.latex(expr)
    got = parse(text, timeout_s=10).expr
    if got == expr:
        return
    symbols = sorted(expr.free_symbols | got.free_symbols, key=str)
    f = sp.lambdify(symbols, expr, "mpmath")  # test-side: expressions the test built, never input
    g = sp.lambdify(symbols, got, "mpmath")
    rng = random.Random(1)
    compared = 0
    with mpmath.workdps(40):
        for _ in range(12):
            args = [mpmath.mpf(rng.uniform(0.1, 3)) for _ in symbols]
            try:
                u, v = f(*args), g(*args)
            except (ZeroDivisionError, ValueError, OverflowError):
                continue
            compared += 1
            assert abs(u - v) <= mpmath.mpf(10) ** -25 * max(1, abs(u)), f"{text!r} read as {got}, not {expr}"
    assert compared or expr.free_symbols, text
