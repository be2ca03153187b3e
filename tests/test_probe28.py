"""Session 28: the counterexample hunt in thin regions (probe H of session 27), each fix with a right case and a wrong twin.

See tests/FINDINGS.md, "Session 28".
"""

from __future__ import annotations

import pytest
import sympy as sp

from derivax.judge import check_statement
from derivax.latex import parse


def _judged(text: str):
    # twice the default time: these hunts run after sampling, and a loaded CI worker's JAX threads count in its CPU time
    return check_statement(parse(text), timeout_s=10.0)


# --- an equation in the premise is solved for one symbol, exactly: the rest is a question in one symbol fewer --------


@pytest.mark.parametrize(
    "text",
    [
        r"x + y = 1 \Rightarrow xy \le \frac14",
        r"y = x^2 \Rightarrow y \ge x - 0.25",
        r"x y = 1 \Rightarrow x^2 + y^2 \ge 2",
        r"x + y = 2 \Rightarrow x^2 + y^2 \ge 2",
        r"x^2 + y^2 = 1 \Rightarrow x y \le \frac12",
        r"x^2 + y^2 = 1 \Rightarrow |x| \le 1",
        r"\frac{1-y}{1-a} = \frac{y}{a} \Rightarrow a = y",
        r"2x + 3y = 6 \Rightarrow y = 2 - \frac{2}{3}x",
    ],
)
def test_an_equation_premise_solved_for_one_symbol_proves_what_follows(text):
    judged = _judged(text)
    assert judged.verdict.name == "PROVED", judged
    assert "solved for" in judged.method


@pytest.mark.parametrize(
    "text, where",
    [
        # each fails on a point of the premise that no sample hits: the tangency of the line and the hyperbola
        (r"x + y = 1 \Rightarrow xy < \frac14", {"x": sp.Rational(1, 2), "y": sp.Rational(1, 2)}),
        (r"y = x^2 \Rightarrow y > x - 0.25", {"x": sp.Rational(1, 2), "y": sp.Rational(1, 4)}),
        (r"x^2 + y^2 = 1 \Rightarrow x y < \frac12", {"x": sp.sqrt(2) / 2, "y": sp.sqrt(2) / 2}),
        (r"x y = 1 \Rightarrow x + y \ge 2", None),
        (r"2x + 3y = 6 \Rightarrow y = 2 - \frac{3}{2}x", None),
    ],
)
def test_the_wrong_twin_is_refuted_at_a_point_of_the_premise(text, where):
    judged = _judged(text)
    assert judged.verdict.name == "REFUTED", judged
    point = judged.counterexample.point
    premise, conclusion = parse(text).expr.args
    values = {s: point[s] for s in point}
    assert sp.simplify(premise.lhs.subs(values) - premise.rhs.subs(values)) == 0  # on the premise, exactly
    assert conclusion.subs(values) in (sp.false, False)
    if where is not None:
        assert {s.name: v for s, v in point.items()} == where


def test_a_solved_premise_with_a_constant_written_apart_is_proved():
    # {log(9)/2} and {log(3)}: the same number, which the sets' comparison did not see ("only 1 point")
    assert _judged(r"e^{2x} = 9 \Rightarrow x = \ln 3").verdict.name == "PROVED"
    assert _judged(r"\ln x = 2 \Rightarrow x = e^2").verdict.name == "PROVED"
    wrong = _judged(r"e^{2x} = 9 \Rightarrow x = \ln 2")
    assert wrong.verdict.name == "REFUTED"


def test_an_undefined_conclusion_after_elimination_is_still_no_counterexample():
    # b = -2aw makes -b/a read 2w; at a = b = 0 the conclusion as written has no value, so no counterexample there
    twin = _judged(r"2aw + b = 0 \Rightarrow w = -\frac{b}{a}")
    assert twin.verdict.name == "REFUTED" and twin.counterexample.at["a"] != 0


# --- the edge of a non-strict premise: x^2 + y^2 <= 1 holds on the circle, where the thin failures sit --------------


def test_a_bound_just_below_the_maximum_on_a_disc_is_refuted_on_its_edge():
    judged = _judged(r"x^2 + y^2 \le 1 \Rightarrow x + y \le 1.414")
    assert judged.verdict.name == "REFUTED", judged
    point = {s: v for s, v in judged.counterexample.point.items()}
    x, y = sorted(point, key=lambda s: s.name)
    assert point[x] ** 2 + point[y] ** 2 <= 1
    assert point[x] + point[y] > sp.Rational(1414, 1000)
    assert "edge" in judged.method


def test_the_right_bound_on_a_disc_is_not_refuted():
    # sqrt(2) is the maximum of x + y on the disc: nothing to refute (confirmed: the edge gives no proof)
    assert _judged(r"x^2 + y^2 \le 1 \Rightarrow x + y \le \sqrt{2}").verdict.name in ("PROVED", "CONFIRMED")
    assert _judged(r"x^2 + y^2 \le 1 \Rightarrow x + y \le 1.415").verdict.name in ("PROVED", "CONFIRMED")


# --- the hunt before a confirmation: the edges of a premise, and the conclusion's own searches inside it ------------


def test_a_thin_sliver_of_two_premises_is_found_on_an_edge():
    # |w| sigma'(z) >= 1 and |w| <= 4.02 leave |z| up to 0.1414: the edge |w| sigma'(z) = 1 solved for w finds it
    judged = _judged(r"|w|\sigma'(z) \ge 1 \wedge |w| \le 4.02 \Rightarrow |z| \le 0.12")
    assert judged.verdict.name == "REFUTED", judged
    point = judged.counterexample.point
    w, z = (next(v for s, v in point.items() if s.name == name) for name in ("w", "z"))
    assert abs(float(z)) > 0.12 and abs(float(w)) <= 4.02
    right = _judged(r"|w|\sigma'(z) \ge 1 \wedge |w| \le 4.02 \Rightarrow |z| \le 0.15")
    assert right.verdict.name in ("PROVED", "CONFIRMED"), right


def test_a_branch_of_the_circle_is_hunted_where_the_conclusion_fails_alone():
    judged = _judged(r"x^2 + y^2 = 1 \Rightarrow |x + y| < \sqrt{2}")
    assert judged.verdict.name == "REFUTED", judged
    point = {s.name: v for s, v in judged.counterexample.point.items()}
    assert sp.simplify(point["x"] - point["y"]) == 0 and sp.simplify(point["x"] ** 2 + point["y"] ** 2 - 1) == 0
    assert _judged(r"x^2 + y^2 = 1 \Rightarrow |x + y| \le \sqrt{2}").verdict.name in ("PROVED", "CONFIRMED")


def test_the_hunt_never_turns_a_confirmation_into_a_time_out():
    # the slices of |w sigma'(wa)| >= 1 solved one after another outlived the step's 3 s: now they share its budget.
    # The budget is 6 s here: the proof alone takes close to 3 s of CPU on a CI core shared by two test workers, so at
    # 3 s the test failed there (1 run in 4, session 31) for the proof's speed, not the hunt's share of the budget,
    # which it keeps 0.3 s of whatever the budget is
    text = r"|w\sigma'(wa)| \geq 1 \Rightarrow \sigma'(wa) \geq \frac{1}{|w|}"
    judged = check_statement(parse(text), timeout_s=6.0)
    assert judged.verdict.name in ("PROVED", "CONFIRMED"), judged


def test_a_product_of_two_symbols_is_sampled_as_one():
    from derivax.judge import check_statement as check

    assumptions = [parse(r"0 < \eta\lambda < 2"), parse(r"t \ge 0")]
    wrong = check(parse(r"(1 - \eta\lambda)^t \le e^{-\eta\lambda t}"), assumptions, timeout_s=10.0)  # the slack of _judged
    assert wrong.verdict.name == "REFUTED", wrong
    point = {s.name: v for s, v in wrong.counterexample.point.items()}
    product = point["eta"] * point["lambda"]
    assert 1 < product < 2 and point["t"] == int(point["t"])  # a negative base at a whole t
    assert "product" in wrong.method
    narrow = [parse(r"0 < \eta\lambda < 1"), parse(r"t \ge 0")]
    assert check(parse(r"(1 - \eta\lambda)^t \le e^{-\eta\lambda t}"), narrow, timeout_s=10.0).verdict.name in ("PROVED", "CONFIRMED")


# --- past the sampled whole numbers: sums in closed form through Hurwitz's zeta, and whole numbers by their domain ---


@pytest.mark.parametrize(
    "text, bound",
    [
        (r"\sum_{k=1}^{n} \frac{1}{k^2} < 1.6449", 10**4),  # pi^2/6 = 1.644934...: crossed near n = 30000
        (r"\sum_{k=1}^{n} \frac{1}{k^{1.5}} < 2.61", 10**5),  # zeta(3/2) = 2.6124: SymPy leaves this sum unsummed
    ],
)
def test_a_series_bound_crossed_far_out_is_refuted_there(text, bound):
    judged = _judged(text)
    assert judged.verdict.name == "REFUTED", judged
    (n,) = judged.counterexample.point.values()
    assert n > bound


@pytest.mark.parametrize("text", [r"\sum_{k=1}^{n} \frac{1}{k^2} < 1.645", r"\sum_{k=1}^{n} \frac{1}{k^{1.5}} < 2.62"])
def test_the_series_bound_above_the_limit_is_not_refuted(text):
    assert _judged(text).verdict.name in ("PROVED", "CONFIRMED")


def test_a_whole_number_by_its_domain_is_tried_far_out_at_the_ends_of_the_others():
    # Bernoulli's inequality needs x >= -2: at x = -2.01 it fails for odd n from 735 only
    whole = [parse(r"n \in \mathbb{Z}"), parse(r"n \ge 1")]
    wrong = check_statement(parse(r"(1+x)^n \ge 1 + nx"), [parse(r"x \ge -2.01"), *whole])
    assert wrong.verdict.name == "REFUTED", wrong
    point = {s.name: v for s, v in wrong.counterexample.point.items()}
    assert point["x"] == sp.Rational(-201, 100) and point["n"] % 2 == 1 and point["n"] >= 735
    right = check_statement(parse(r"(1+x)^n \ge 1 + nx"), [parse(r"x \ge -2"), *whole])
    assert right.verdict.name in ("PROVED", "CONFIRMED"), right


# --- a turning point SymPy cannot solve for, found numerically: a relation that fails there by a hair --------------


def test_a_failure_by_a_hair_at_a_transcendental_turning_point_is_refuted():
    # the minimum of sin x / x is -0.2172336282112216 at the root of tan x = x near 4.4934
    judged = _judged(r"\frac{\sin x}{x} > -0.21723362821122")
    assert judged.verdict.name == "REFUTED", judged
    (x,) = judged.counterexample.point.values()
    assert abs(float(x) - 4.493409457909064) < 1e-9
    assert _judged(r"\frac{\sin x}{x} > -0.2172336282113").verdict.name in ("PROVED", "CONFIRMED")


# --- a relation \ne that fails at a transcendental point: a certified change of sign (the intermediate value theorem) -


@pytest.mark.parametrize("text, near", [(r"\cos x \ne x", 0.7390851332151607), (r"\sigma(x) \ne x", 0.6590460684074065)])
def test_a_difference_that_changes_sign_where_it_is_continuous_refutes_an_inequation(text, near):
    judged = _judged(text)
    assert judged.verdict.name == "REFUTED", judged
    assert judged.method == "intermediate value theorem"
    (x,) = judged.counterexample.point.values()
    assert abs(float(x) - near) < 1e-5
    assert "changes sign" in judged.counterexample.note


@pytest.mark.parametrize("text", [r"e^x \ne 0", r"\frac{1}{x} \ne 0", r"\sec x \ne 0"])
def test_a_sign_change_across_a_pole_or_none_at_all_refutes_nothing(text):
    # 1/x changes sign across its pole at 0 and sec x across each of its own: no zero there, so no refutation by it
    judged = _judged(text)
    assert judged.method != "intermediate value theorem", judged


def test_an_assumption_tying_two_symbols_is_hunted_on_its_edge():
    wrong = check_statement(parse(r"x + y \le 1.414"), [parse(r"x^2 + y^2 \le 1")])
    assert wrong.verdict.name == "REFUTED", wrong
    point = {s.name: v for s, v in wrong.counterexample.point.items()}
    assert point["x"] ** 2 + point["y"] ** 2 <= 1 and point["x"] + point["y"] > sp.Rational(1414, 1000)
    right = check_statement(parse(r"x + y \le 1.415"), [parse(r"x^2 + y^2 \le 1")])
    assert right.verdict.name in ("PROVED", "CONFIRMED"), right


@pytest.mark.parametrize("text", [r"(\cos x - x)^2 > 0", r"x^2 + (\cos x - x)^2 > x^2", r"(\cos x - x)^4 e^x > 0"])
def test_a_strict_relation_that_touches_at_a_transcendental_zero_is_refuted(text):
    # the Dottie number: (cos x - x)^2 is 0 there and positive elsewhere, so only the exact point, no rational, fails
    judged = _judged(text)
    assert judged.verdict.name == "REFUTED", judged
    assert "under an even power" in judged.counterexample.note


@pytest.mark.parametrize("text", [r"(\cos x - x)^2 \ge 0", r"(x^2 + 1)^2 > 0", r"(\cos x - x)^2 + 1 > 0"])
def test_the_non_strict_or_positive_twin_is_not_refuted(text):
    assert _judged(text).verdict.name in ("PROVED", "CONFIRMED")


def test_a_product_crossing_its_bound_near_a_thousand_terms_is_refuted():
    # prod (1 + 1/k^2) -> sinh(pi)/pi = 3.676: SymPy's closed form goes through 1 +- i, and its evalf of 1000 terms
    # took past a point's half second; the terms are now multiplied out in mpmath
    wrong = _judged(r"\prod_{k=1}^{n}\left(1 + \frac{1}{k^2}\right) < 3.67")
    assert wrong.verdict.name == "REFUTED", wrong
    assert _judged(r"\prod_{k=1}^{n}\left(1 + \frac{1}{k^2}\right) < 3.68").verdict.name in ("PROVED", "CONFIRMED")


def test_finite_sums_and_products_evaluated_term_by_term_agree_with_sympy():
    import mpmath

    from derivax.realeval import value_at

    k, n = sp.symbols("k n")
    for expr in (sp.Sum(k**2, (k, 1, n)), sp.Product(1 + 1 / k, (k, 1, n)), sp.Sum(sp.binomial(n, k), (k, 0, n))):
        for bound in (1, 5, 12):
            with mpmath.workdps(60):
                ours = value_at(expr, {n: sp.Integer(bound)})
            assert ours == mpmath.mpf(sp.Float(expr.subs(n, bound).doit(), 60)._mpf_)
    assert value_at(sp.Sum(1 / (k - 3), (k, 1, n)), {n: sp.Integer(5)}) is None  # a term with no value: none for the sum


# --- probe I (this session, against the hunts above): a function of x that is constant for some value of the others --


@pytest.mark.parametrize(
    "text",
    [
        r"|xy| = 0 \Rightarrow x = 0",
        r"e^{xy} = 1 \Rightarrow x = 0",
        r"2^{xy} = 1 \Rightarrow x = 0",
        r"\sqrt{xy} = 0 \Rightarrow x = 0",
        r"\ln(1 + x^2 y^2) = 0 \Rightarrow x = 0",
        r"e^{x(y-1)} = 1 \Rightarrow x = 0",
        r"|xy| = y^2 \Rightarrow |x| = |y|",
        r"e^{xy} = e^{2y} \Rightarrow x = 2",
    ],
)
def test_an_equation_in_a_function_that_stops_depending_on_x_is_not_solved_for_x(text):
    # e^{xy} = 1 at y = 0 holds for every x: solveset's {0} is not every solution, and these were proved
    judged = _judged(text)
    assert judged.verdict.name == "REFUTED", judged


@pytest.mark.parametrize(
    "text", [r"e^{2x} = y \Rightarrow x = \frac{\ln y}{2}", r"\ln x = y \Rightarrow x = e^y", r"e^{xy} = 1 \Rightarrow xy = 0"]
)
def test_the_right_twins_still_hold(text):
    assert _judged(text).verdict.name in ("PROVED", "CONFIRMED")


@pytest.mark.parametrize("text", [r"x^2 + y^2 < 1 \Rightarrow x + y \le 1.414", r"x^2 + y^2 < 1 \Rightarrow x + y < 1.41421356"])
def test_a_strict_premise_is_refuted_just_inside_its_edge(text):
    # the edge's elimination solves in 0.2 s slices of the worker's CPU time (all its threads: a CI worker's JAX pools
    # spin beside it), and a slice cut short left it confirmed once in CI at timeout 10 s: more time, the same hunt
    judged = check_statement(parse(text), timeout_s=30.0)
    assert judged.verdict.name == "REFUTED", judged
    point = {s.name: v for s, v in judged.counterexample.point.items()}
    assert sp.N(point["x"] ** 2 + point["y"] ** 2 - 1, 50) < 0  # strictly inside the disc
    # found just inside the edge, or out along a ray to it (session 53: the exact landmarks changed which hunt comes first)
    assert "just inside" in judged.method or "along a ray to the edge" in judged.method


@pytest.mark.parametrize("text", [r"x^2 + y^2 < 1 \Rightarrow x + y < \sqrt{2}", r"x^2 + y^2 < 1 \Rightarrow x + y \le \sqrt{2}"])
def test_the_strict_premise_right_twin_is_not_refuted_on_its_edge(text):
    assert _judged(text).verdict.name in ("PROVED", "CONFIRMED")


def test_a_merged_product_under_conditions_that_become_true_is_no_internal_error():
    judged = check_statement(parse(r"\sqrt{\eta\lambda} \le \frac{\eta\lambda+1}{2}"), [parse(r"\eta > 0"), parse(r"\lambda > 0")])
    assert judged.verdict.name in ("PROVED", "CONFIRMED"), judged


# --- probe J (this session, whole derivations): tiny values of inverse trigonometric functions, the IVT in a conclusion


@pytest.mark.parametrize(
    "text, assumed",
    [
        (r"\arctan x \ne 0", [r"x > 0"]),
        (r"\arcsin x \ne 0", [r"x > 0"]),
        (r"\arccos x \ne \frac{\pi}{2}", [r"x > 0"]),
        (r"2\arctan w \ne \arctan w", [r"w > 0"]),
        (r"\arctan\left(\frac{1}{x}\right) \ne 0", []),
    ],
)
def test_a_tiny_inverse_trigonometric_value_is_no_tie(text, assumed):
    # arctan 10^{-100} and 0 were "equal" within the tolerance, uncertified (iv had no atan): refuted, a true statement
    judged = check_statement(parse(text), [parse(a) for a in assumed], timeout_s=10.0)
    assert judged.verdict.name in ("PROVED", "CONFIRMED"), judged


def test_the_inverse_trigonometric_twin_is_still_refuted():
    assert _judged(r"\arcsin x \ne 0").verdict.name == "REFUTED"  # at x = 0


@pytest.mark.parametrize("text", [r"\frac{1}{1 + e^{1/x}} \ne \frac{1}{2}", r"\tanh\left(\frac{1}{x}\right) \ne 0"])
def test_a_bounded_function_across_a_pole_inside_is_not_continuous(text):
    # tanh(1/x) changes sign across x = 0 and its enclosure is finite, but 1/x inside has no value there
    judged = _judged(text)
    assert judged.verdict.name in ("PROVED", "CONFIRMED"), judged


@pytest.mark.parametrize("text", [r"x > 0 \Rightarrow \cos x \ne x", r"\cos x < 1 + x^2 \Rightarrow \cos x \ne x"])
def test_an_implication_whose_conclusion_fails_at_a_transcendental_point_is_refuted(text):
    judged = _judged(text)
    assert judged.verdict.name == "REFUTED", judged
    assert "intermediate value theorem" in judged.method


def test_the_implication_twin_beyond_the_crossing_is_not_refuted():
    assert _judged(r"x > 1 \Rightarrow \cos x \ne x").verdict.name in ("PROVED", "CONFIRMED")
