"""Session 65: CI of stop 77 (two verdicts that ran out of time on a loaded machine), and trust mends."""

from __future__ import annotations

import mpmath
import sympy as sp

from tests.judged import plain_verdict_of, steps_of, verdict_of  # noqa: F401  (the helpers this session's later tests use)


def test_an_integral_is_computed_once_per_point_and_precision(monkeypatch):
    """\\int_0^\\pi |\\sin 3x| dx was integrated by tanh-sinh three times a check (each reading, each side of infinity),
    about 2.5 s of CPU each, and ran past its limit on CI (stop 77): a quadrature's value is kept per integral, working
    precision and values of its free names."""
    from derivax import realeval

    x, a = sp.symbols("x a", real=True)
    integral = sp.Integral(sp.Abs(sp.sin(a * x)), (x, 0, sp.pi))
    calls = []
    original = realeval._cuts
    monkeypatch.setattr(realeval, "_cuts", lambda *args: calls.append(args) or original(*args))
    realeval._QUADRATURES.clear()
    with mpmath.workdps(30):
        first = realeval._quadrature(integral, {a: mpmath.mpf(3)})
        again = realeval._quadrature(integral, {a: mpmath.mpf(3)})
        assert len(calls) == 1 and first == again and abs(first - 2) < mpmath.mpf(10) ** -12
        other = realeval._quadrature(integral, {a: mpmath.mpf(1)})  # another value of a: integrated anew
        assert len(calls) == 2 and abs(other - 2) < mpmath.mpf(10) ** -12
    with mpmath.workdps(40):  # another precision: anew
        realeval._quadrature(integral, {a: mpmath.mpf(3)})
        assert len(calls) == 3


def test_a_failed_quadrature_is_tried_again(monkeypatch):
    """An overtime is not kept: on a busy machine the next try may finish."""
    from derivax import realeval
    from derivax.limits import TimeLimitExceeded

    x = sp.Symbol("x", real=True)
    integral = sp.Integral(sp.Abs(sp.sin(3 * x)), (x, 0, sp.pi))
    realeval._QUADRATURES.clear()
    original = realeval._cuts

    def starved(*args):
        raise TimeLimitExceeded("starved")

    monkeypatch.setattr(realeval, "_cuts", starved)
    assert realeval.rough_quadrature(integral, {}) is None
    monkeypatch.setattr(realeval, "_cuts", original)
    value = realeval.rough_quadrature(integral, {})
    assert value is not None and abs(value - 2) < 1e-4
