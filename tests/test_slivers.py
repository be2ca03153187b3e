"""The counterexample hunt's exact half (derivax.slivers): failures confined to a sliver that random points
and the guided search's gradient miss are found by solving the relation's negation or at its landmarks."""

from __future__ import annotations

import random

import mpmath
import pytest
import sympy as sp

from derivax.evidence import Verdict
from derivax.judge import check_statement
from derivax.latex import parse
from derivax.slivers import representatives

# (relation, the width of the set where it fails, worked out by hand)
THIN = [
    (r"e^{-10^6 (x - 0.3)^2} < 0.5", "|x - 0.3| < 8.3e-4"),
    (r"(x - 1)(x - 1.000001) \ge 0", "1 < x < 1.000001"),
    (r"(w - 4)^2 (w + 4)^2 > 10^{-20}", "|w -+ 4| < 1.25e-12"),
    (r"x^2 - 2 \ne 0", "x = +-sqrt 2 only"),
    (r"\sigma(10^4 (x - 0.7)) - \sigma(10^4 (x - 0.7001)) < 0.1", "0.70002 < x < 0.70008 roughly"),
    (r"\frac{w^2}{(w - 0.5)^2 + 10^{-10}} < 10^{6}", "|w - 0.5| < 5e-4"),
    (r"\ln(1 + 10^{8}(x - 0.25)^2) > 10^{-9}", "|x - 0.25| < 3.2e-9"),
    (r"e^{-10^6 (x - 0.3)^2} - y^2 < 0.5", "a sliver in x, for each |y| < 0.7"),
    # equations: a bump or a kink that random points step over (the landmarks only: a negation holds almost everywhere)
    (r"\max(0, 1 - 10^8 (x-2.345)^2) = 0", "|x - 2.345| < 1e-4"),
    (r"\operatorname{relu}(10^{-6} - (x - 0.777)^2) = 0", "|x - 0.777| < 1e-3"),
    (r"|x - 0.1234| + |x - 0.1235| = |2x - 0.2469|", "0.1234 < x < 0.1235"),
    (r"\min(1, 10^{9}|x - 3.21|) = 1", "|x - 3.21| < 1e-9"),
]
# their right twins: they hold, and nothing here may refute them
HOLDS = [
    r"e^{-10^6 (x - 0.3)^2} \le 1",
    r"(x - 1)^2 (x - 1.000001)^2 \ge 0",
    r"\frac{1}{(x-\pi)^2 + 10^{-12}} \le 10^{12}",
    r"\sqrt{x^2 + 10^{-12}} > |x|",
    r"\frac{1}{1 + e^{-10^4 (x - 0.7)}} \le 1",
    r"e^{x} \ge 1 + x",
    r"\max(0, x) - \max(0, -x) = x",
    r"|x - 0.1234| + |x - 0.1235| \ge 0.0001",
]


def _fails_exactly(relation: str, point: dict) -> bool:
    """The relation at the counterexample's exact point, evaluated by the test at 80 digits (independently)."""
    rel = parse(relation).expr
    values = {s: point[s] for s in rel.free_symbols}
    with mpmath.workdps(80):
        lhs = sp.N(rel.lhs.xreplace(values), 80)
        rhs = sp.N(rel.rhs.xreplace(values), 80)
    return not bool(type(rel)(lhs, rhs))


@pytest.mark.parametrize(("relation", "width"), THIN, ids=[r for r, _ in THIN])
def test_a_relation_that_fails_on_a_sliver_is_refuted_there(relation, width):
    judgement = check_statement(parse(relation), timeout_s=20)
    assert judgement.verdict is Verdict.REFUTED, (width, judgement.describe())
    assert _fails_exactly(relation, judgement.counterexample.point), judgement.describe()


@pytest.mark.parametrize("relation", [r for r, _ in THIN[:4]])
def test_random_points_miss_these_slivers(relation):
    # why the exact half is needed: 2,000 uniform points of [-10, 10] (twenty times what check samples) miss them
    rel = parse(relation).expr
    (x,) = sorted(rel.free_symbols, key=str)
    f = sp.lambdify(x, rel.lhs - rel.rhs, "mpmath")  # test-side: an expression the test built
    rng = random.Random(0)
    op = {sp.StrictLessThan: lambda d: d < 0, sp.GreaterThan: lambda d: d >= 0, sp.StrictGreaterThan: lambda d: d > 0}
    holds = op.get(type(rel), lambda d: d != 0)
    with mpmath.workdps(30):
        assert all(holds(f(mpmath.mpf(rng.uniform(-10, 10)))) for _ in range(2_000))


@pytest.mark.parametrize("relation", HOLDS)
def test_what_holds_is_never_refuted_by_a_proposal(relation):
    assert check_statement(parse(relation), timeout_s=20).verdict in (Verdict.PROVED, Verdict.CONFIRMED)


def test_a_solution_set_proposes_simple_points_inside_each_piece():
    x = sp.Symbol("x")
    thin = sp.Interval.open(1, sp.Rational(1000001, 1000000))
    (inside,) = representatives(thin)
    assert inside.is_Rational and thin.contains(inside) is sp.true
    assert set(representatives(sp.FiniteSet(-sp.sqrt(2), sp.sqrt(2)))) == {-sp.sqrt(2), sp.sqrt(2)}
    assert representatives(sp.Interval(3, sp.oo)) == [4] and representatives(sp.Interval.open(-sp.oo, 0)) == [-1]
    assert representatives(sp.Interval.open(sp.Rational(1, 3), sp.Rational(2, 3)), integer=True) == []
    assert representatives(sp.Union(sp.Interval(0, 1), sp.FiniteSet(5))) == [sp.Rational(1, 2), 5]
    assert x not in representatives(sp.Interval(0, 1))


def test_the_counterexample_shows_the_point_that_fails_not_a_rounding_of_it():
    # (x - 1)(x - 1.000001) >= 0 fails at 1.0000005, and holds at 1: "x=1" would be a point the student cannot use
    described = check_statement(parse(r"(x - 1)(x - 1.000001) \ge 0"), timeout_s=20).describe()
    assert "x=1.0000005" in described, described
    assert "x=\\sqrt{2}" in check_statement(parse(r"x^2 - 2 \ne 0"), timeout_s=20).describe()
    assert "at x=1:" in check_statement(parse(r"\sin x = x"), timeout_s=20).describe()  # a simple point stays simple


def test_a_piecewise_function_and_a_series_are_no_trouble_for_the_proposals():
    # the landmarks read a Piecewise's conditions (its args are pairs, not expressions), and a proposal where a
    # series converges slowly (x near 1 in sum x^k) costs at most the proposals' budget, never the whole check
    series = check_statement(parse(r"\sum_{k=0}^{\infty} x^k = \frac{1}{1-x}"), [parse("-1 < x < 1")], timeout_s=30)
    assert series.verdict in (Verdict.PROVED, Verdict.CONFIRMED), series  # it ran out of time on a proposal
    cases = r"\begin{cases} x & x > 0.25 \\ 0 & \text{otherwise} \end{cases} = \max(0, x)"
    judgement = check_statement(parse(cases), timeout_s=20)
    assert judgement.verdict is Verdict.REFUTED and 0 < judgement.counterexample.point[sp.Symbol("x")] <= sp.Rational(1, 4)
