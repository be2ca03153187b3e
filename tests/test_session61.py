"""Session 61: each fix with its twin (probe helpers 192-199)."""

from __future__ import annotations

import pytest

from derivax.equiv import equivalent
from tests.judged import steps_of, verdict_of

# --- a slip in a computation by hand is flagged where it is made (probe helper-195 F5) ------------------------------

HEAVY_BALL = r"""Let $f(x) = 2x^2$, so $f'(x) = 4x$. Let $\eta = 0.1$, $\beta = 0.9$ and let $x_0 = 1$ and $x_{-1} = 1$. The update is
$$x_{t+1} = x_t - \eta f'(x_t) + \beta (x_t - x_{t-1}).$$
$$x_1 = x_0 - 0.1 \cdot 4 x_0 + 0.9(x_0 - x_{-1}) = 1 - 0.4 + 0 = 0.6$$
$$x_2 = x_1 - 0.1 \cdot 4 x_1 + 0.9(x_1 - x_0) = 0.6 - 0.24 + 0.36 = 0.72$$
$$x_3 = x_2 - 0.1 \cdot 4 x_2 + 0.9(x_2 - x_1) = 0.72 - 0.288 + 0.108 = 0.54$$
$$x_4 = x_3 - \eta f'(x_3) + \beta(x_3 - x_2) = 0.54 - 0.216 - MINUS = RESULT$$
"""


def test_a_slip_in_an_iterate_is_flagged_once_and_its_number_carried_forward():
    steps = steps_of(HEAVY_BALL.replace("MINUS", "0.162").replace("RESULT", "0.162"))
    assert [(line, right) for line, status, _, right, _ in steps if status == "wrong"] == [(4, "0.6 - 0.24 + 0.36")]
    given = next(m for line, status, left, _, m in steps if line == 4 and status == "given")
    assert "the number its display ends with, 0.72" in given
    # twin: a slip made later, from the carried number, is flagged there
    steps = steps_of(HEAVY_BALL.replace("MINUS", "0.162").replace("RESULT", "0.126"))
    assert [(line, status) for line, status, *_ in steps if status == "wrong"] == [(4, "wrong"), (6, "wrong")]
    # and a later line computed from the formula's value instead of the student's own number is flagged too
    steps = steps_of(HEAVY_BALL.replace("MINUS", "0.162").replace("RESULT", "0.162").replace("0.72 - 0.288 + 0.108", "0 - 0 - 0.54"))
    assert (5, "wrong") in [(line, status) for line, status, *_ in steps]


def test_a_rounded_result_keeps_its_exact_value():
    text = "Let $u = 3$.\n$$v = e^{-u/3} = 0.37$$\n$$z = 2v = 0.7358$$\n"
    assert [(line, status) for line, status, *_ in steps_of(text) if status != "given"] == [(2, "ok"), (3, "ok")]
    # twin: a slip beyond the written digits is carried, and the line after computes with the student's number
    text = "Let $a = 2$.\n$$b = a^2 + 1 = 4 + 1 = 6$$\n$$c = 2b = 12$$\n"
    assert [(line, status) for line, status, *_ in steps_of(text) if status != "given"] == [(2, "ok"), (2, "wrong"), (3, "ok")]


# --- an equation supposed in the prose is a hypothesis of the steps after it (probe helper-192 F30) -----------------


def test_an_equation_after_assume_is_a_hypothesis_a_witness_must_meet():
    chain = "$$(a^2)^2 + a = a^4 + a = RIGHT$$\n"
    steps = steps_of("Assume $a^2 = 1$. Then\n" + chain.replace("RIGHT", "1 + a"))
    assert [status for _, status, *_ in steps] == ["ok", "ok"] and "assuming a^2 = 1" in steps[1][4]
    # twin: a slip is still flagged, at a point that meets the hypothesis
    steps = steps_of("Assume $a^2 = 1$. Then\n" + chain.replace("RIGHT", "2 + a"))
    assert steps[1][1] == "wrong" and ("a=-1" in steps[1][4] or "a=1" in steps[1][4])
    # and without the hypothesis (or where the text denies it), the identity fails at a = 0
    for said in ("", "We cannot assume $a^2 = 1$. In general\n"):
        assert steps_of(said + chain.replace("RIGHT", "1 + a"))[1][1] == "wrong"


def test_a_supposed_sum_keeps_a_witness_that_breaks_it_from_flagging_the_step():
    text = (
        "Suppose the inputs are standardized so that $\\sum_{i=1}^n x_i^2 = n$. Then\n"
        "$$\\hat w = \\frac{\\sum_{i=1}^n x_i y_i}{\\sum_{i=1}^n x_i^2} = \\frac{C}{n}\\sum_{i=1}^n x_i y_i$$\n"
    )
    assert [status for _, status, *_ in steps_of(text.replace("C", "1"))] == ["given", "undecided"]
    assert [status for _, status, *_ in steps_of(text.replace("C", "2"))] == ["given", "wrong"]


# --- a key's name written as a function of its argument (probe helper-194 F18) --------------------------------------


@pytest.mark.parametrize(
    ("key", "answer"),
    [
        ("y = 2x + 1", "y(x) = 2x + 1"),
        ("y(x) = 2x + 1", "y = 2x + 1"),
        ("a(1 - a)", "a(z)(1 - a(z))"),
        (r"w = w_0 e^{-\eta t}", r"w(t) = w_0 e^{-\eta t}"),
    ],
)
def test_a_name_written_as_a_function_of_its_argument_is_never_refuted_on_the_product_alone(key, answer):
    result = equivalent(key, answer)
    assert result["verdict"] == "undecided" and "read as the value of" in result["reason"]
    assert "equivalent" in result["reason"].rpartition("argument")[2]


@pytest.mark.parametrize(
    ("key", "answer"),
    [
        ("y = 2x + 1", "y(x) = 2x + 2"),
        ("a(1 - a)", "a(z)(1 + a(z))"),
        (r"w = w_0 e^{-\eta t}", r"w(t) = w_0 e^{\eta t}"),
        ("y = 2", "y(2) = 2"),  # a value at a number is no name
    ],
)
def test_a_wrong_answer_in_function_notation_stays_different(key, answer):
    assert equivalent(key, answer)["verdict"] == "different"


# --- a decimal written on both sides is one number: its rounding cancels (probe helper-193 F20) ----------------------


@pytest.mark.parametrize(
    ("relation", "verdict"),
    [
        # a stale 1/sigma: 1/1.85 is 0.5405, not the 0.5 of sigma = 2; the rounding of 1.85 moves the sides by 1e-4 only
        (r"1.85 - 0.1\left(1.85 - \frac{1}{1.85}\right) = 1.85 - 0.1(1.85 - 0.5)", "refuted"),
        (r"\sigma(1.25) = \sigma(1.28)", "refuted"),
        # one unit apart in one decimal: both could be roundings of 1.855, never confirmed
        (r"1.85 + 1.85 = 1.85 + 1.86", "undecided"),
        (r"\sigma(1.25) = \sigma(1.26)", "undecided"),
        (r"1.85 \cdot 1.85 = 1.85 \cdot 1.86", "undecided"),
        # twins: a side computed from rounded values agrees within their rounding
        (r"1.85 - 0.1\left(1.85 - \frac{1}{1.85}\right) = 1.85 - 0.1(1.85 - 0.541)", "confirmed"),
        (r"\sigma(2)(1 - \sigma(2)) = 0.8808 \cdot 0.1192", "confirmed"),
        (r"1.85 + 1.85 = 1.85 + 1.85", "proved"),
    ],
)
def test_the_rounding_band_is_the_differences_sensitivity_to_each_written_decimal(relation, verdict):
    assert verdict_of(relation) == verdict


@pytest.mark.parametrize(
    ("key", "answer", "verdict"),
    [
        # the key's decimals are exact, and 1.26 is no rounding of 1.25 (both rounded, they meet only at 1.255's edge)
        (r"\sigma(1.25)", r"\sigma(1.26)", "different"),
        (r"1.85 + 1.85", r"1.85 + 1.86", "different"),
        (r"\sigma(1.25)", r"\sigma(1.28)", "different"),
        (r"\sigma(2)(1 - \sigma(2))", r"0.8808 \cdot 0.1192", "equivalent"),
        (r"\ln 2", "0.693", "equivalent"),
    ],
)
def test_an_answer_computed_from_other_decimals_than_the_key_is_not_equivalent(key, answer, verdict):
    assert equivalent(key, answer)["verdict"] == verdict


# --- a pair of names used only as their ratio is searched on a slice (probe helper-195 F1, F27) ----------------------

RATE = ("0 < \\mu < L", "k \\ge 1")


@pytest.mark.parametrize(
    ("relation", "verdict"),
    [
        # the linear rate is no O(1/k) or O(1/k^2) bound with these constants: it fails near k = L/mu
        (r"(1 - \frac{\mu}{L})^k \le \frac{L}{3 \mu k}", "refuted"),
        (r"\left(1 - \frac{\mu}{L}\right)^{k} \le \frac{L}{\mu k^2}", "refuted"),
        (r"\left(1 - \frac{\mu}{L}\right)^{k} \le \frac{2L}{\mu (k+1)^2}", "refuted"),
        # twins that hold: 1 - x <= e^{-x}, and max_r r(1 - r)^k < 1/k
        (r"(1 - \frac{\mu}{L})^k \le e^{-\mu k / L}", "confirmed"),
        (r"(1 - \frac{\mu}{L})^k \le \frac{L}{\mu k}", "confirmed"),
    ],
)
def test_a_rate_bound_in_a_ratio_of_two_names_is_searched_where_it_fails(relation, verdict):
    assert verdict_of(relation, *RATE) == verdict


def test_the_witness_on_the_slice_is_a_point_of_the_statement():
    from derivax.judge import checked_within
    from derivax.latex import parse

    j = checked_within(parse(r"(1 - \frac{\mu}{L})^k \le \frac{L}{3 \mu k}"), [parse(a) for a in RATE], timeout_s=10.0, seed=0)
    at = {name: float(value) for name, value in j.counterexample.at.items()}
    assert at["mu"] == 1 and 0 < at["mu"] < at["L"] and at["k"] >= 1
    assert (1 - at["mu"] / at["L"]) ** at["k"] > at["L"] / (3 * at["mu"] * at["k"])


# --- a chain through an \approx is judged at its ends too (probe helper-195 F29) --------------------------------------


@pytest.mark.parametrize(
    ("relation", "verdict"),
    [
        (r"0.9^{21} \approx 0.1 \le 0.1", "undecided"),  # 0.1094 > 0.1: the count of steps is one short
        (r"(1 - \frac{1}{10})^{21} \approx 0.1 \le 0.1", "undecided"),
        (r"0.9^{22} \approx 0.1 \le 0.1", "confirmed"),  # twin: 0.0985
        (r"e^{-3} \approx 0.05 < 0.06", "confirmed"),
    ],
)
def test_an_approximate_chain_is_not_confirmed_where_its_ends_fail(relation, verdict):
    assert verdict_of(relation) == verdict


# --- a key that defines a function: the answer's definition of the same function is compared body to body (194 F19) ---


@pytest.mark.parametrize(
    ("answer", "verdict"),
    [
        ("L(w) = w^2 - 2w + 1", "equivalent"),
        ("L(w) = w^2 + 1", "different"),
        ("L(w) = L(w - 1) + 1", "undecided"),  # no definition: a recurrence in L
    ],
)
def test_two_definitions_of_the_same_function_are_compared_by_their_bodies(answer, verdict):
    assert equivalent("L(w) = (w - 1)^2", answer)["verdict"] == verdict


# --- an assumed two-index family is put into its entries (review helper-196 R3) ---------------------------------------


@pytest.mark.parametrize(
    ("relation", "family", "verdict"),
    [
        ("a_{2,3} = 6", "a_{i,j} = i j", "proved"),
        ("a_{23} = 5", "a_{ij} = i + j", "proved"),
        ("a_{ij} = a_{ji}", "a_{ij} = i + j", "proved"),
        # twins
        ("a_{2,3} = 5", "a_{i,j} = i j", "refuted"),
        ("a_{ij} = a_{ji}", "a_{ij} = i - j", "refuted"),
    ],
)
def test_an_assumed_two_index_family_is_put_into_its_entries(relation, family, verdict):
    assert verdict_of(relation, family) == verdict
