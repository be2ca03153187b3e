"""Interval branch-and-bound: proofs on boxes, counterexamples re-evaluated, time limits never prove."""

from __future__ import annotations

import sympy as sp

from derivax import registry
from derivax.derivations._common import sigmoid_prime
from derivax.interval import prove, prove_facts

z = sp.Symbol("z", real=True)


def test_sigmoid_prime_at_most_a_quarter_is_proved_despite_touching_at_zero():
    out = prove(sp.Le(sigmoid_prime(z), sp.Rational(1, 4)), [(z, -40, 40)])
    assert out["verdict"] == "proved" and out["summary"].startswith("proved (interval arithmetic,")


def test_a_bound_off_by_a_small_constant_is_refuted_at_an_exact_point():
    out = prove(sp.Le(sigmoid_prime(z), sp.Rational(2499, 10000)), [(z, -40, 40)])
    assert out["verdict"] == "refuted"
    at = out["counterexample"]["at"]["z"]
    assert sigmoid_prime(sp.Float(at, 60)) > sp.Rational(2499, 10000)


def test_strict_relation_touching_its_bound_is_never_proved():
    # sigma'(0) = 1/4 exactly, so "< 1/4" is false: refuted or left confirmed, never proved.
    out = prove(sp.Lt(sigmoid_prime(z), sp.Rational(1, 4)), [(z, -1, 1)])
    assert out["verdict"] in ("refuted", "confirmed")


def test_running_out_of_time_gives_confirmed_not_proved():
    x, y = sp.symbols("x y", real=True)
    hard = sp.Le(sp.sin(x * y) * sp.cos(x - y) - sp.sin(x) ** 2, 2)  # true, but slow to settle on a wide box
    out = prove(hard, [(x, -50, 50), (y, -50, 50)], seconds=0.05, max_boxes=3)
    assert out["verdict"] in ("proved", "confirmed")
    out = prove(sp.Le(sp.sin(x * y) * sp.cos(x - y), 1 - sp.Rational(1, 10**9)), [(x, -50, 50), (y, -50, 50)], seconds=0.2)
    assert out["verdict"] != "proved"


def test_library_interval_facts_are_all_proved():
    claims = [c for c in registry.builtin_claims() if c.interval]
    assert {c.id for c in claims} >= {
        "sigmoid-saturation-bound",
        "gd-quadratic-convergence",
        "sigmoid-saturation-width",
        "cross-entropy-minimum",
        "weight-decay-factor",
        "momentum-stability",
    }
    for claim in claims:
        for fact in prove_facts(claim.interval):
            assert fact["verdict"] == "proved", (claim.id, fact)
            assert fact["boxes"] >= 1


def test_floor_and_ceiling_have_interval_enclosures():
    # floor(0) < ceiling(0) fails by a tie, which digits alone never certify for a strict relation: the interval
    # images of the ends (both functions are non-decreasing) settle it, and an enclosure holds every value inside
    import sympy as sp
    from mpmath import iv

    from derivax.interval import _DERIVED, fails_certainly

    x = sp.Symbol("x")
    assert fails_certainly("<", sp.floor(x), sp.ceiling(x), {x: sp.Integer(0)}) is True
    assert fails_certainly("<", sp.floor(x), sp.ceiling(x), {x: sp.Rational(1, 2)}) is False
    low, high = _DERIVED["floor"](iv.mpf([-0.5, 2.5])), _DERIVED["ceil"](iv.mpf([-0.5, 2.5]))
    assert (low.a, low.b, high.a, high.b) == (-1, 2, 0, 3)


def test_sign_has_an_interval_enclosure_that_holds_zero():
    # mpmath's iv.sign gives [-1, -1] at 0 and on [-1, 1], so sign(x)^2 = 1 at x = 0 (0 against 1) looked like rounding
    # and the relation was confirmed. sign is non-decreasing: the images of the ends enclose it.
    from mpmath import iv

    from derivax.interval import _DERIVED, fails_certainly
    from derivax.judge import check_statement
    from derivax.latex import parse

    x = sp.Symbol("x")
    assert fails_certainly("==", sp.sign(x) ** 2, sp.Integer(1), {x: sp.Integer(0)}) is True
    assert fails_certainly("==", sp.sign(x) ** 2, sp.Integer(1), {x: sp.Rational(1, 3)}) is False
    around = _DERIVED["sign"](iv.mpf([-1, 1]))
    assert (around.a, around.b) == (-1, 1) and _DERIVED["sign"](iv.mpf(0)).a == 0
    refuted = check_statement(parse(r"\operatorname{sign}(x)^2 = 1"))
    assert refuted.verdict.name == "REFUTED" and refuted.counterexample.at["x"] == 0
    assert check_statement(parse(r"\operatorname{sign}(x)^2 \le 1")).verdict.name == "PROVED"
