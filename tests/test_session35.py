"""Session 35: a relation about a sum or product whose bound n has no upper limit is tried past n = 10^9 where
every sum has a closed form (compare._past_small_bounds), each with a right case and its wrong twin."""

from __future__ import annotations

import mpmath
import pytest

from derivax.judge import check_statement
from derivax.latex import parse

EULER_TRUNCATED = "0.5772156649015328606065"  # Euler's gamma to 22 digits: 1.2e-23 below it


def _judged(statement: str):
    return check_statement(parse(statement), timeout_s=20)


# each wrong twin with the relation at n computed independently (mpmath's digamma for H_n, the product's n + 1)
FAR_FAILURES = [
    (r"\sum_{k=1}^n 1/k < 22", lambda n: mpmath.harmonic(n) < 22),  # H_n passes 22 at n = 2.0e9
    (r"\prod_{k=1}^n (1 + 1/k) < 10^{12}", lambda n: n + 1 < 10**12),
    (r"\sum_{k=1}^n 1/k - \ln n > 0.5772156650", lambda n: mpmath.harmonic(n) - mpmath.log(n) > mpmath.mpf("0.5772156650")),
    # gamma truncated: H_n - ln n - 1/(2n) is gamma - 1/(12 n^2) + ..., above the truncation from n = 10^12
    (
        rf"\sum_{{k=1}}^n 1/k < \ln n + {EULER_TRUNCATED} + \frac{{1}}{{2n}}",
        lambda n: mpmath.harmonic(n) < mpmath.log(n) + mpmath.mpf(EULER_TRUNCATED) + mpmath.mpf(1) / (2 * n),  # read at 60 digits
    ),
    (r"\sum_{k=1}^{n} \frac{1}{k(k+1)} < 1 - 10^{-13}", lambda n: 1 - mpmath.mpf(1) / (n + 1) < 1 - mpmath.mpf(10) ** -13),
]


@pytest.mark.parametrize(("statement", "holds_at"), FAR_FAILURES, ids=[s for s, _ in FAR_FAILURES])
def test_a_failure_past_a_billion_is_found_where_the_sums_have_closed_forms(statement, holds_at):
    judged = _judged(statement)  # each was confirmed: the bounds sampled stopped at 10^9
    assert judged.verdict.name == "REFUTED", judged
    (n,) = judged.counterexample.point.values()
    assert int(n) > 10**9 and "found past the whole numbers sampled" in judged.counterexample.note
    with mpmath.workdps(60):
        assert not holds_at(mpmath.mpf(int(n)))


@pytest.mark.parametrize(
    "statement",
    [
        r"\sum_{k=1}^n 1/k > \ln(n+1)",
        rf"\sum_{{k=1}}^n 1/k - \ln(n) - {EULER_TRUNCATED} > 0",  # H_n - ln n > gamma, above the truncation
        r"\sum_{k=1}^n 1/k \le 1 + \ln n",
        r"\sum_{k=1}^{n} \frac{1}{k(k+1)} < 1",
        r"\prod_{k=1}^n (1 + 1/k) \le n + 1",
        r"\sum_{k=1}^n 1/k^2 < \pi^2/6",
    ],
)
def test_what_holds_for_every_n_is_not_refuted_far_out(statement):
    assert _judged(statement).verdict.name in ("PROVED", "CONFIRMED")


# A strict relation whose difference is a sum of even powers of as many functions as variables fails exactly where
# they all vanish: a point no rational hits. Each was confirmed.


def _fixed_point_of_cos_sin() -> tuple[float, float]:
    """x = sin y, y = cos x by iterating y -> cos(sin y), a contraction (|d/dy| <= sin 1 < 1): plain floats."""
    import math

    y = 0.5
    for _ in range(200):
        y = math.cos(math.sin(y))
    return math.sin(y), y


@pytest.mark.parametrize(
    ("statement", "zero"),
    [
        (r"(x-\sin y)^2+(y-\cos x)^2 > 0", _fixed_point_of_cos_sin()),
        (r"(x-\sin y)^2+(y-\cos x)^2 \ne 0", _fixed_point_of_cos_sin()),
        (r"(x-\sin y)^2 + 3(y-\cos x)^4 + 1 > 1", _fixed_point_of_cos_sin()),
        (r"-(x-y)^2 - (x^2+y^2-1)^2 < 0", (2**-0.5, 2**-0.5)),
    ],
)
def test_a_sum_of_even_powers_is_refuted_at_a_certified_common_zero_of_its_bases(statement, zero):
    judged = _judged(statement)
    # certified by Krawczyk's test, or found exactly where the gap turns in every variable (session 47's joint critical
    # points: the common zero of a sum of squares is a zero of its gradient too)
    note = judged.counterexample.note
    assert judged.verdict.name == "REFUTED" and any(w in note for w in ("Krawczyk", "every variable at once", "exactly equal")), judged
    shown = {str(name): float(value) for name, value in judged.counterexample.point.items()}
    if "Krawczyk" in note:
        assert abs(shown["x"] - zero[0]) < 1e-12 and abs(shown["y"] - zero[1]) < 1e-12
    else:  # an exact common zero: this one, or its mirror image (x = y = -1/sqrt 2 for the circle and the line)
        assert abs(abs(shown["x"]) - abs(zero[0])) < 1e-12 and abs(abs(shown["y"]) - abs(zero[1])) < 1e-12


@pytest.mark.parametrize(
    "statement",
    [
        r"(x - \sin y)^2 + (x - \sin y - 1)^2 > 0",  # the bases never vanish together (they differ by 1)
        r"(x-y)^2 \frac{x}{x} + (x+y)^2 > 0",  # their one common zero, x = y = 0, is where x/x is undefined
        r"(x - \cos y)^2 + (e^y + 1)^2 > 0",
    ],
)
def test_a_sum_of_even_powers_whose_bases_never_vanish_together_is_not_refuted(statement):
    assert _judged(statement).verdict.name in ("PROVED", "CONFIRMED")


def test_krawczyk_certifies_a_simple_zero_and_nothing_else():
    import sympy as sp

    from derivax.interval import holds_a_zero

    x, y = sp.symbols("x y", real=True)
    half = sp.sqrt(2) / 2
    center = [sp.Rational(str(sp.N(half, 45)))] * 2
    assert holds_a_zero([x - y, x**2 + y**2 - 1], [x, y], center, sp.Rational(1, 10**25))
    away = [center[0] + sp.Rational(1, 10**20)] * 2  # the zero lies 1.4e-20 away: outside a box of 1e-25
    assert not holds_a_zero([x - y, x**2 + y**2 - 1], [x, y], away, sp.Rational(1, 10**25))
    assert not holds_a_zero([x - y, (x - y) ** 2], [x, y], [sp.Integer(0)] * 2, sp.Rational(1, 10**25))  # singular


# An implication whose premise is one equation with a root no formula gives was undecided ("only 0 points where the
# premise holds"): the root is found by a change of sign and the conclusion judged on a certified segment around it.


def _dottie() -> float:
    import math

    x = 0.5
    for _ in range(200):
        x = math.cos(x)  # a contraction near the root
    return x


def _omega() -> float:  # x e^x = 1: x = e^{-x}, a contraction
    import math

    x = 0.5
    for _ in range(200):
        x = math.exp(-x)
    return x


@pytest.mark.parametrize(
    ("statement", "root", "fails"),
    [
        (r"x = \cos x \Rightarrow x > 0.75", _dottie(), lambda x: not x > 0.75),
        (r"x e^x = 1 \Rightarrow x < 0.5", _omega(), lambda x: not x < 0.5),
        (r"e^{-x} = x \Rightarrow x \ge 0.6", _omega(), lambda x: not x >= 0.6),
    ],
)
def test_an_implication_fails_at_a_root_of_its_premise_that_no_formula_gives(statement, root, fails):
    judged = _judged(statement)
    assert judged.verdict.name == "REFUTED" and "not the root itself" in judged.counterexample.note, judged
    (shown,) = (float(v) for v in judged.counterexample.point.values())
    assert abs(shown - root) < 1e-14 and fails(root)


def test_a_root_of_the_premise_that_the_conclusion_rounds_or_bounds_is_not_refuted():
    for statement in (r"x = \cos x \Rightarrow x > 0.7", r"x e^x = 1 \Rightarrow x > 0.5", r"x = \cos x \Rightarrow x < 1"):
        assert _judged(statement).verdict.name != "REFUTED", statement
    rounded = _judged(r"x = \cos x \Rightarrow x = 0.739")  # the root rounded as written
    assert rounded.verdict.name == "UNDECIDED" and "truncated, or a rounding slip" in rounded.reason, rounded


def test_a_document_says_the_premise_holds_near_the_point_shown_not_at_it():
    from derivax.steps import check_document

    (step,) = [r for r in check_document("# Q\n\n$$x = \\cos x \\Rightarrow x > 0.75$$\n", timeout_s=20) if r.relation == "=>"]
    assert step.status == "wrong" and "a point inside, not the root itself" in step.message
    assert "the premise holds and the conclusion does not" not in step.message  # it holds near the point, not at it
    (right,) = [r for r in check_document("# Q\n\n$$x = \\cos x \\Rightarrow x = 0.739$$\n", timeout_s=20) if r.relation == "=>"]
    assert right.status == "undecided"
