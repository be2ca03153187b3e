"""Session 71: prose that turns to the next thing ("Now, let's look at ...") states no condition."""

from __future__ import annotations

import pytest

from tests.judged import steps_of, verdict_of


def _unrolled(prose: str, term: str) -> list[str]:
    document = (
        "# P\n\nThe average is\n\n$$v_t = \\beta v_{t-1} + (1-\\beta) g_t$$\n\nwith $v_0 = 0$.\n\n"
        f"{prose}\n\n$$\\hat v_t = \\frac{{v_t}}{{1-\\beta^t}}"
        f" = \\frac{{\\sum_{{i=0}}^{{t-1}} \\beta^i (1-\\beta) {term}}}{{1-\\beta^t}}$$\n"
    )
    return [s[1] for s in steps_of(document) if s[1] != "given"]


@pytest.mark.parametrize(
    "prose", ["Now, let's look at the corrected average $\\hat v_t$ of $v_t$:", "Let us simplify $\\hat v_t$, the corrected $v_t$:"]
)
def test_lets_look_at_is_no_condition(prose):
    # seed 003:217-219: a repeated off-by-one index of the unrolled sum stayed undecided behind "let's look at"
    assert _unrolled(prose, "g_{t-i}") == ["ok"]
    assert _unrolled(prose, "g_{t-i-1}") == ["wrong"]  # at t = 1 the sum gives (1 - beta) g_0, the recurrence g_1


def test_lets_look_at_a_case_is_still_one():
    # "let's look at $t = 1$" picks a value: the step is not flagged against the text
    assert _unrolled("Now, let's look at $t = 1$ in $v_t$:", "g_{t-i-1}") == ["undecided"]


# --- probe helper-221: right steps flagged with a witness the text does not allow -------------------------------------

_SOFTMAX = "$$p_i = \\frac{\\exp(s_i)}{\\sum_{k=1}^{n} \\exp(s_k)}$$\n\n"


def _log_softmax(defined: str, sign: str) -> str:
    document = (
        f"# Ex\n\nLet $t$ be a one-hot target vector.\n\n{defined}$$\\frac{{\\partial \\log p_j}}{{\\partial s_i}} = \\delta_{{ij}}"
        f" - \\frac{{\\exp(s_i)}}{{\\sum_{{k=1}}^{{n}} \\exp(s_k)}} = \\delta_{{ij}} {sign} p_i$$\n"
    )
    last = [s for s in steps_of(document) if s[1] != "given"][-1]
    return last[1]


def test_a_family_on_one_side_only_is_not_flagged_beside_a_one_hot_declaration():
    # the one-hot t is not even in the step; p's definition is prose the reader does not take: p_1 = 0 is no witness
    assert _log_softmax("", "-") == "undecided"
    assert _log_softmax("", "+") == "undecided"
    # with p defined, the step is decided both ways
    assert _log_softmax(_SOFTMAX, "-") == "ok"
    assert _log_softmax(_SOFTMAX, "+") == "wrong"  # at n = 2, i = 1, j = 2: -1/2 against 1/2


def test_a_sum_of_one_family_against_numbers_beside_a_one_hot_family():
    document = (
        "# Bias\n\nLet $y$ be a one-hot label. The prediction is $p = \\text{softmax}(o)$.\n\n"
        "$$\\sum_{k=1}^{K} p_k - \\sum_{k=1}^{K} y_k = 1 - 1 = 0$$\n"
    )
    verdicts = {s[2]: s[1] for s in steps_of(document)}
    assert verdicts["\\sum_{k=1}^{K} p_k - \\sum_{k=1}^{K} y_k"] == "undecided"  # p is the softmax: its sum is 1
    assert verdicts["1 - 1"] == "ok"


def _mean_solved(value: str) -> list[str]:
    document = (
        "# Mean\n\nWe have $n$ data points $x_1, \\dots, x_n$ with mean $\\bar{x} = \\frac{1}{n}\\sum_{i=1}^{n} x_i$. "
        f"Setting the derivative to zero:\n\n$$n m - n \\bar{{x}} = 0 \\;\\Rightarrow\\; m = {value}$$\n"
    )
    return [s[1] for s in steps_of(document) if s[1] != "given"]


def test_an_implication_is_judged_with_the_definitions_of_its_names():
    # refuted at n = 0 with \bar{x} free, where the text's mean has no value
    assert _mean_solved("\\bar{x}") == ["ok"]
    assert _mean_solved("-\\bar{x}") == ["wrong"]  # at n = 1, x_1 = -1: m = -1 solves the premise


# --- multi-line displays, "for any $k$", and the entries of a family the text defines (probe helper-221) ----------

_POWERS = {
    "symbols": {
        "A": {"kind": "matrix", "properties": ["symmetric", "positive definite"]},
        "Q": {"kind": "matrix", "properties": ["orthogonal"]},
        "\\Lambda": {"kind": "matrix", "properties": ["diagonal"]},
        "I": {"kind": "matrix", "properties": ["identity"]},
        "x_k": {"kind": "vector"},
        "c_k": {"kind": "vector"},
        "\\eta": {"kind": "scalar", "domain": "positive"},
        "k": {"kind": "scalar", "domain": "integer >= 0"},
    },
    "definitions": ["A = Q\\Lambda Q^T"],
}


def _powers(power: str, display: str = "$$\n{}\n$$", joined: str = "and in the same way for any $k$,") -> dict[int, str]:
    from derivax.assignment import read_assignment

    shared = read_assignment(_POWERS, "powers.yaml")
    text = (
        "# Powers\n\nThe matrix $A$ is symmetric positive definite.\n\n"
        + display.format("(I - \\eta A)^2 = Q (I - \\eta \\Lambda) Q^T Q (I - \\eta \\Lambda) Q^T = Q (I - \\eta \\Lambda)^2 Q^T ,")
        + f"\n\n{joined}\n\n"
        + display.format(f"x_k = (I - \\eta A)^k x_0 = {power} Q^T x_0 .")
        + "\n\nIn the eigenbasis, with $c_k = Q^T x_k$,\n\n"
        + display.format("c_k = Q^T Q (I - \\eta\\Lambda)^k Q^T x_0 = (I - \\eta \\Lambda)^k c_0 .")
        + "\n"
    )
    return {s[2]: s[1] for s in steps_of(text, assignment=shared)}


@pytest.mark.parametrize("display", ["$$\n{}\n$$", "$${}$$", "\\begin{{equation}}\n{}\n\\end{{equation}}"])
def test_a_wrong_power_is_flagged_whatever_the_display_looks_like(display):
    # "$$" on lines of their own: the math between them was read as prose ("Q Q^T" like words calling a matrix symmetric)
    right, wrong = _powers("Q (I - \\eta \\Lambda)^k", display), _powers("Q (I - \\eta \\Lambda^k)", display)
    assert right["(I - \\eta A)^k x_0"] == "ok"
    assert wrong["(I - \\eta A)^k x_0"] == "wrong"  # at n = 1, eta = 3, k = 3: 8 against 2
    # c_0 is Q^T x_0 by the text's c_k = Q^T x_k: never a general vector that makes the right step wrong
    assert right["Q^T Q (I - \\eta\\Lambda)^k Q^T x_0"] == "undecided"


def test_for_any_k_is_no_case_but_for_k_at_least_one_is():
    assert _powers("Q (I - \\eta \\Lambda^k)")["(I - \\eta A)^k x_0"] == "wrong"
    assert _powers("Q (I - \\eta \\Lambda^k)", joined="and in the same way for small $k$,")["(I - \\eta A)^k x_0"] == "undecided"


def test_a_family_defined_for_its_index_range_flags_nothing_it_does_not_read():
    # "Let $p_j = ...$ for $j = 1, \\dots, n$": the definition under its range is not read (a family's definition is not
    # put into sums over it, so a derivative would hold p_i constant); neither twin is flagged at a free p
    for sign in ("i", "j"):
        text = (
            "# Ex\n\nLet $p_j = \\frac{\\exp(s_j)}{\\sum_{k=1}^{n} \\exp(s_k)}$ for $j = 1, \\dots, n$.\n\n"
            "$$\\frac{\\partial \\log p_j}{\\partial s_i} = \\delta_{ij} - \\frac{\\exp(s_i)}{\\sum_{k=1}^{n} \\exp(s_k)}"
            f" = \\delta_{{ij}} - p_{sign}$$\n"
        )
        assert [s[1] for s in steps_of(text) if s[1] != "given"][-1] == "undecided"


# --- probe helper-222: arithmetic in a subscript, and \ne beside a rounded decimal -----------------------------------


@pytest.mark.parametrize(
    ("relation", "verdict"),
    [
        ("x_{1+1} = x_2", "proved"),
        ("x_{2-1} = x_1", "proved"),
        ("x_{i+1-1} = x_i", "proved"),
        ("x_{1+1} = x_3", "refuted"),  # the wrong twin: x_2 = x_3 fails at x_2 = 0, x_3 = 1
        ("x_{2i} = x_{i+i}", "proved"),  # one name, as written either way (it was refuted)
    ],
)
def test_a_subscript_of_whole_numbers_is_worked_out(relation, verdict):
    assert verdict_of(relation) == verdict


@pytest.mark.parametrize(
    ("relation", "verdict"),
    [
        ("\\pi \\ne 3.14", "undecided"),  # \pi = 3.14 is confirmed within the digits written: never both confirmed
        ("\\sigma(2) \\ne 0.88", "undecided"),
        ("\\pi \\ne 3", "confirmed"),  # a whole number is exact
        ("\\sigma(2) \\ne 0.5", "confirmed"),
        ("0.1 + 0.2 \\ne 0.3", "refuted"),  # equal exactly
    ],
)
def test_not_equal_beside_a_rounded_decimal(relation, verdict):
    assert verdict_of(relation) == verdict


@pytest.mark.parametrize(
    ("relation", "verdict"),
    [
        ("\\mathbf{x} + x = 2x", "undecided"),  # a vector and a scalar, or one name written two ways: proved before
        ("\\boldsymbol{\\theta} = \\theta", "undecided"),
        ("\\mathcal{L} = L", "undecided"),  # the loss and the number of layers
        ("\\mathbf{x} + x = 3x", "refuted"),  # false with the two equal: false either way
        ("\\mathbf{x} + \\mathbf{x} = 2\\mathbf{x}", "proved"),  # one font throughout
    ],
)
def test_a_letter_in_two_fonts_is_never_proved_one_name(relation, verdict):
    assert verdict_of(relation) == verdict


def test_equiv_does_not_credit_a_letter_in_two_fonts():
    from derivax.equiv import equivalent

    assert equivalent("\\mathbf{x} + x", "2x")["verdict"] == "undecided"
    assert equivalent("\\mathcal{L}", "L")["verdict"] == "undecided"
    assert equivalent("\\mathbf{x} + \\mathbf{x}", "2\\mathbf{x}")["verdict"] == "equivalent"
    assert equivalent("\\mathbf{x} + x", "3x")["verdict"] == "different"


# --- review helper-223 of the rules above -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "display", ["\\begin{{equation}}\n{}\n\\end{{equation}}", "\\[\n{}\n\\]", "$$\\begin{{aligned}}\n{}\n\\end{{aligned}}$$"]
)
def test_a_where_after_a_multi_line_display_still_defines(display):
    # C1: the closing line was blanked, "where" lost its display, and the right derivative was wrong at a = 0
    def derivative(right: str) -> list[str]:
        body = display.format(f"\\frac{{d}}{{dz}}(a z) = {right}")
        return [s[1] for s in steps_of(f"# Tanh\n\nThe derivative is\n{body}\nwhere $a = \\tanh(z)$.\n") if s[1] != "given"]

    assert derivative("a + z(1 - a^2)") == ["ok"]
    assert derivative("a + z(1 + a^2)") == ["wrong"]


def test_a_function_defined_in_a_multi_line_display_is_still_known():
    # (MEDIUM: u's definition inside "$$" lines was lost with the blanked lines)
    found = steps_of("# U\n\n$$\nu(x) = x^2 + 1\n$$\n\n$$u(3) \\cdot 2 = 7 \\cdot 2$$\n")
    assert [s[1] for s in found if s[2] == "u(3) \\cdot 2"] == ["wrong"]  # u(3) = 10


@pytest.mark.parametrize("words", ["Let's look at positive $x$ only.", "For any positive $x$, we have", "For any integer $x$, we have"])
def test_a_quantifier_or_a_look_that_qualifies_the_name_stays_a_condition(words):
    # C2, C3: "positive", "integer" restrict x; the step fails only at x = -1 (or x = 0.5), which the text rules out
    text = f"# Abs\n\nLet $f(x) = \\sqrt{{x^2}}$.\n\n{words}\n\n$$f(x) + 1 = x + 1$$\n"
    assert [s[1] for s in steps_of(text) if s[1] != "given"] in (["undecided"], ["ok"])  # ok: "positive" read as x > 0


def test_a_solved_for_name_is_never_put_in_from_its_claimed_value():
    # C4: w = b - a claimed first, then "solved": with w put in, the conclusion held whatever the algebra
    text = (
        "# Solve\n\nThe solution of the equation is\n\n$$w = b - a$$\n\n"
        "Indeed, solving for $w$:\n\n$$a w - b = 0 \\Rightarrow w = b - a$$\n"
    )
    assert [s[1] for s in steps_of(text) if s[2] == "a w - b = 0"] == ["wrong"]  # a = 1, b = 0: w = 0, not -1


def test_a_shape_in_a_subscript_is_no_product():
    assert verdict_of("A_{2 \\times 3} = A_{3 \\times 2}") == "refuted"  # C5: two matrices, not A_6 twice
