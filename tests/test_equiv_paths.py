"""The short cuts of `derivax equiv` (issue 18, item 3) give the answers of the long way round.

Each fast path is checked against what it replaces: SymPy's ``solveset`` and ``contains``, the
expansion of a power, the time limits the hostile rows used to run to. No timings are asserted
(speed figures live in benchmarks/equiv_batch.py and the README).
"""

from __future__ import annotations

import random

import pytest
import sympy as sp

from derivax.compare import MAX_TERMS, compare
from derivax.equiv import _JUDGED, equivalent
from derivax.evidence import Verdict
from derivax.latex import MAX_POWER_DIGITS, LatexError, parse
from derivax.setsolve import absolute_relation, contains, in_interval, polynomial_relation
from derivax.solutions import _points_in, _samerelations_by_sat, _samerelations_in
from derivax.symbolic import zero_by

x = sp.Symbol("x")


def _random_polynomial(rng: random.Random) -> sp.Expr:
    """A product of linear and quadratic factors with small rational coefficients, expanded or not."""
    f = sp.Rational(rng.choice([-3, -2, -1, 1, 2, 3]), rng.randint(1, 3))
    for _ in range(rng.randint(1, 3)):
        r = rng.random()
        if r < 0.5:
            f *= (x - sp.Rational(rng.randint(-5, 5), rng.randint(1, 3))) ** rng.randint(1, 2)
        elif r < 0.8:
            f *= x**2 + rng.randint(-4, 4) * x + rng.randint(-4, 4)
        else:
            f *= rng.randint(1, 3) * x**2 + sp.Rational(rng.randint(-4, 4), rng.randint(1, 3))
    return sp.expand(f) if rng.random() < 0.3 else f


def _solved_alike(fast_path, rel) -> int:
    """1 where the fast path solves ``rel`` and its set is solveset's, printed alike; 0 where it leaves it to solveset."""
    fast = fast_path(rel, x, sp.S.Reals)
    if fast is None:
        return 0
    slow = sp.solveset(rel, x, sp.S.Reals)
    assert fast == slow and sp.sstr(fast) == sp.sstr(slow), rel
    return 1


@pytest.mark.parametrize("seed", range(4))
def testpolynomial_relations_solved_as_solveset_solves_them(seed: int):
    rng = random.Random(seed)
    checked = 0
    for _ in range(30):
        f, rhs = _random_polynomial(rng), rng.choice([0, 0, 0, 1, -2])
        rel = rng.choice([sp.Eq, sp.Lt, sp.Le, sp.Gt, sp.Ge])(f, rhs)
        if rel in (sp.true, sp.false):
            continue
        checked += _solved_alike(polynomial_relation, rel)
    assert checked >= 15


def testpolynomial_relations_that_are_not_left_to_solveset():
    identity = sp.Eq((x + 1) ** 2, x**2 + 2 * x + 1)  # the zero polynomial once expanded: every x solves it
    assert polynomial_relation(identity, x, sp.S.Reals) is None
    assert sp.solveset(identity, x, sp.S.Reals) == sp.S.Reals
    assert polynomial_relation(sp.Gt((x + 1) ** 2, x**2 + 2 * x), x, sp.S.Reals) is None  # a constant: 1 > 0
    assert polynomial_relation(sp.Gt(x**3, 2), x, sp.S.Reals) is None  # a cube root: solveset's own form
    assert polynomial_relation(sp.Gt(sp.Float(0.5) * x, 1), x, sp.S.Reals) is None  # a float coefficient
    assert polynomial_relation(sp.Ne(x**2, 1), x, sp.S.Reals) is None
    assert polynomial_relation(sp.Gt(x**2, 1), x, sp.Interval(0, 2)) is None  # one period of a trigonometric pair
    assert equivalent("(x+1)^2 = x^2 + 2x + 1", r"\mathbb{R}")["verdict"] == "equivalent"


@pytest.mark.parametrize("seed", range(2))
def test_absolute_values_of_polynomials_solved_as_solveset_solves_them(seed: int):
    rng = random.Random(seed)

    def polynomial(degree: int) -> sp.Expr:
        return sum(sp.Rational(rng.randint(-4, 4), rng.randint(1, 3)) * x**k for k in range(degree + 1))

    relations = [sp.Abs(2 * x + 1) > 3, sp.Abs(x - 1) <= 2, sp.Eq(sp.Abs(x), 2), sp.Abs(x**2 - 4) < 3, sp.Eq(sp.Abs(x), -1)]
    for _ in range(25):
        g = polynomial(rng.choice([1, 1, 2]))
        lhs = rng.choice([1, -1, 2, sp.Rational(-1, 2)]) * sp.Abs(g) + (polynomial(rng.choice([0, 1])) if rng.random() < 0.5 else 0)
        relations.append(rng.choice([sp.Eq, sp.Lt, sp.Le, sp.Gt, sp.Ge])(lhs, rng.choice([0, 1, 3, sp.Rational(1, 2), x, 2 * x - 1, -2])))
    checked = sum(_solved_alike(absolute_relation, rel) for rel in relations if rel not in (sp.true, sp.false))
    assert checked >= 15
    assert absolute_relation(sp.Abs(x) > x, x, sp.S.Reals) is None  # a part without x: solveset's (a ConditionSet)
    assert absolute_relation(sp.Abs(x) + sp.Abs(x - 1) > 3, x, sp.S.Reals) is None  # two absolute values


def test_membership_in_a_periodic_solution_set_as_sympy_decides_it():
    sets = [sp.solveset(eq, x, sp.S.Reals) for eq in (sp.cos(x), sp.Eq(sp.sin(x), 1), sp.sin(x), sp.tan(x))]
    squares = sp.ImageSet(sp.Lambda(sp.Symbol("n"), sp.Symbol("n") ** 2), sp.S.Integers)  # not linear: SymPy's test
    points = [p for s in sets for p in _points_in(s, 12)] + [sp.Integer(1), sp.pi / 3, sp.sqrt(2) * sp.pi]
    for s in [*sets, squares]:
        for p in points:
            assert contains(s, p) == s.contains(p), (s, p)


def test_a_high_power_is_compared_through_its_base():
    slow = equivalent("(x+y+z+w+v)^{40} = 0", "x+y+z+w+v = 0")
    assert slow["verdict"] == "equivalent" and slow["method"].startswith("symbolic (the same relations")
    assert equivalent("(x+y+z+w+v)^{40} > 0", r"x+y+z+w+v \ne 0")["verdict"] == "equivalent"  # even: g^n > 0 iff g != 0
    assert equivalent("-(x+y+z+w+v)^{41} > 0", "x+y+z+w+v < 0")["verdict"] == "equivalent"  # odd, the sign flipped
    assert equivalent(r"(x+y+z+w+v)^{40} \ge 0", "x+y+z+w+v = 0")["verdict"] == "different"  # true everywhere


def test_a_power_of_numbers_past_the_digit_limit_is_refused_while_reading():
    with pytest.raises(LatexError, match="digits"):
        parse(r"10^{10^{10}} + 1")
    with pytest.raises(LatexError, match="digits"):
        parse(r"2^{-10^{6}}")
    assert parse(r"10^{400} + 1").expr == sp.Integer(10) ** 400 + 1  # well inside the limit
    assert MAX_POWER_DIGITS >= 10_000
    assert parse(r"(-1)^{10^{10}}").expr is not None  # a base of 1 in size: no digits to compute


def test_a_long_sum_without_a_closed_form_is_not_sampled():
    k = sp.Symbol("k")
    long_sum = sp.Sum(k ** (-x), (k, 1, 10**6))
    j = compare(long_sum, 1 + x, "==")
    assert j.verdict is Verdict.UNDECIDED and "1000000 terms" in j.reason
    closed = compare(sp.Sum(k * x, (k, 1, 10**6)), 500000500000 * x, "==", timeout_s=20)  # a closed form: kept
    assert closed.verdict is not Verdict.UNDECIDED or "terms" not in closed.reason
    short = compare(sp.Sum(k ** (-x), (k, 1, 10)), 1 + x, "==")  # few terms: sampled as before
    assert short.verdict is Verdict.REFUTED
    assert MAX_TERMS == 100_000


def test_the_cheap_rewrites_prove_rational_and_hyperbolic_identities():
    assert zero_by((x**2 - 1) / (x + 1) - (x - 1), costly=False) in ("cancel", "expand")
    assert zero_by(sp.tanh(x) - (sp.exp(2 * x) - 1) / (sp.exp(2 * x) + 1), costly=False) == "hyperbolic functions as exponentials"
    assert zero_by(sp.tanh(x) - (sp.exp(2 * x) + 1) / (sp.exp(2 * x) - 1), costly=False) is None  # a wrong twin
    assert equivalent(r"\frac{1}{1+e^{-x}}", r"\frac{1}{2}+\frac{1}{2}\tanh\frac{x}{2}")["method"].startswith("symbolic")
    n = sp.Symbol("n")
    assert zero_by(sp.binomial(n, 2) - n * (n - 1) / 2, costly=False) == "special functions expanded"
    assert zero_by(sp.binomial(n, 2) - n * (n + 1) / 2, costly=False) is None


def test_pairs_that_read_the_same_are_judged_once():
    first = equivalent("x^2 + 2x + 1", "(x+1)^2")
    size = len(_JUDGED)
    again = equivalent("1 + 2x + x^2", "(1+x)^{2}")  # another spelling, the same reading
    assert len(_JUDGED) == size and again["verdict"] == first["verdict"] == "equivalent"
    assert again["method"] == first["method"]
    # the numbers as written are part of the reading: 0.5 and 1/2 have different tolerances
    assert equivalent(r"\frac{1}{3}", "0.333")["verdict"] == "equivalent"
    assert equivalent(r"\frac{1}{3}", r"\frac{333}{1000}")["verdict"] == "different"
    wrong = equivalent("x^2", "x")
    wrong["witness"]["at"]["x"] = 99  # a caller's change never reaches the remembered witness
    assert equivalent("x^2", "x")["witness"]["at"] == {"x": -1}
    before = len(_JUDGED)
    assert equivalent("f(x)", "g(x)")["verdict"] == "undecided"
    assert len(_JUDGED) == before  # an undecided is never remembered


def test_the_same_relations_are_found_by_enumeration_as_by_the_sat_solver():
    y = sp.Symbol("y")
    relations = [x > 1, x >= 1, sp.Eq(x, 1), sp.Ne(x, 1), x < 1, x <= 1, 2 * x > 2, sp.Eq(2 * x - 2, 0), x**2 > 1]
    relations += [sp.Eq(x**2, 1), sp.log(x) > 0, sp.log(x) <= 0, sp.Ne(sp.log(x), 0), sp.sqrt(x) < 1, y > x, x - y < 0]
    rng = random.Random(0)

    def formula(depth: int) -> sp.Basic:
        if depth == 0 or rng.random() < 0.3:
            return rng.choice(relations)
        return rng.choice([sp.And, sp.Or])(formula(depth - 1), formula(depth - 1))

    conditions = [formula(3) for _ in range(120)] + relations
    same = 0
    for _ in range(1500):
        a, b = rng.choice(conditions), rng.choice(conditions)
        symbols = sorted(a.free_symbols | b.free_symbols, key=lambda s: s.name)
        fast = _samerelations_in(a, b, symbols)
        assert fast == _samerelations_by_sat(a, b, symbols), (a, b)
        same += fast
    assert same >= 30  # the identical pairs and the rescaled ones among them
    assert _samerelations_in(sp.Ne(sp.log(x), 0), sp.Or(sp.log(x) > 0, sp.log(x) < 0), [x])  # undefined: neither holds
    assert not _samerelations_in(sp.Ne(sp.log(x), 0), sp.Or(sp.log(x) >= 0, sp.log(x) < 0), [x])  # not where log x is undefined
    assert _samerelations_in(sp.Or(x >= 0, x < 0), sp.true, [x])  # a polynomial is defined everywhere


def test_membership_in_an_interval_as_sympy_decides_it():
    rng = random.Random(0)
    ends = [sp.Rational(rng.randint(-20, 20), rng.randint(1, 6)) for _ in range(30)]
    ends += [sp.Integer(0), sp.oo, -sp.oo, sp.sqrt(2), 3 * sp.sqrt(5) / 7, sp.pi / 2, -sp.E]
    ends += [sp.atanh(sp.Rational(1, 2)), -sp.asinh(3), sp.acosh(2)]  # enclosed by their logarithms
    points = [*ends[:30], sp.Integer(0), sp.Rational(707, 500), sp.sqrt(2), sp.pi, 1]
    for _ in range(3000):
        s = sp.Interval(rng.choice(ends), rng.choice(ends), rng.random() < 0.5, rng.random() < 0.5)
        if isinstance(s, sp.Interval):
            p = rng.choice(points)
            assert in_interval(s, p) == s.contains(p), (s, p)


def test_a_failure_is_certified_alike_by_walking_the_tree_and_by_the_lambdified_code(monkeypatch: pytest.MonkeyPatch):
    from derivax import interval

    y = sp.Symbol("y")
    sides = [x**2 - 1, (x + 1) * (x - 1), sp.sin(2 * x) / 3, 2 * sp.sin(x) * sp.cos(x), sp.exp(x) / (1 + sp.exp(x)), sp.sqrt(x**2 + 1)]
    sides += [sp.log(x * y), sp.log(x) + sp.log(y), sp.tanh(x) + 1, x ** sp.Rational(2, 3), sp.Abs(x - y) / (x + 2), sp.atan(x), sp.E**y]
    points = [{x: sp.Integer(v), y: sp.Rational(w, 3)} for v in (-1, 0, 2) for w in (-4, 5)]
    walked = [interval.fails_certainly(rel, a, b, p) for a in sides for b in sides for p in points for rel in ("==", "<", ">=")]
    monkeypatch.setattr(interval, "_walkable", lambda expr, env: False)
    lambdified = [interval.fails_certainly(rel, a, b, p) for a in sides for b in sides for p in points for rel in ("==", "<", ">=")]
    assert walked == lambdified
    assert walked.count(True) > 100 and None in walked  # atan has no interval form: None both ways
