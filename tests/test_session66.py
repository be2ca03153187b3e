"""Session 66: CI of stop 78 (a proof's check with a fixed budget), and steps of issue 16 in context."""

from __future__ import annotations

import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from derivax.assignment import read_assignment
from tests.judged import steps_of

# the chain of seed 002's b) (unstable gradients), as its context file states it
_CHAIN = {"\\sigma": {"description": "the logistic function"}}
_CHAIN_DEFINITIONS = ["\\sigma(z) = \\frac{1}{1+e^{-z}}", "h_1 = \\sigma(x)", "h_i = \\sigma(w_i h_{i-1})"]


def _chain(declare_input: bool):
    symbols = {**_CHAIN, **({"x": {"kind": "scalar"}} if declare_input else {})}
    return read_assignment({"symbols": symbols, "definitions": _CHAIN_DEFINITIONS}, "chain.yaml")


def _judged(math: str, assignment) -> tuple:
    (step,) = steps_of(f"# P\n\n$${math}$$\n", assignment=assignment)
    return step


@pytest.mark.parametrize(
    ("math", "status"),
    [
        (r"\frac{\partial h_3}{\partial w_1} = 0", "ok"),  # h_3 = sigma(w_3 sigma(w_2 sigma(x))): no w_1 in it
        (r"\frac{\partial h_3}{\partial w_1} = 1", "wrong"),  # twin
        (r"\frac{\partial h_2}{\partial w_1} = 0", "ok"),
        # a derivative that is not 0 set to 0 may be an equation being set up (stationarity): never wrong as a lone relation
        (r"\frac{\partial h_3}{\partial w_3} = 0", "undecided"),
    ],
)
def test_a_derivative_by_a_weight_the_chain_does_not_hold_is_zero(math, status):
    """Seed 002:340 (dh_3/dw_1 = 0): h_3 written out holds w_2, w_3 (other weights of the chain) and the input x, which
    the context file declares a scalar; none of them depends on w_1."""
    assert _judged(math, _chain(True))[1] == status


def test_a_name_no_file_declares_may_depend_on_the_weight():
    """Without x declared, h_1 = sigma(x) may depend on w_1 through x (the document did not say what x is): the
    derivative is not taken as 0, and dh_3/dw_1 = 0 is not judged."""
    step = _judged(r"\frac{\partial h_3}{\partial w_1} = 0", _chain(False))
    assert step[1] == "undecided", step
    # the same with a defined quantity and an undefined name beside it: L = (y - \hat{y})^2 never gives dL/dw = 0
    plain = steps_of("# P\n\nLet $L = (y - \\hat{y})^2$.\n\n$$\\frac{\\partial L}{\\partial w} = 0$$\n")
    assert [s[1] for s in plain if s[0] == 5] == ["undecided"], plain


def test_an_entry_with_a_letter_index_may_be_the_weight_itself():
    # w_n may be w_1 (n = 1): only other numbered entries of the family are free of w_1
    step = _judged(r"\frac{\partial h_n}{\partial w_1} = 5", _chain(True))
    assert step[1] == "undecided", step


_CONTINUED = """# P

Let the $x_k$ be independent with mean 0 and variance $\\sigma_k^2$.

$$\\mathbb{{E}}[(y_d + x_k) x_k] = {first}$$
$$= y_d \\mathbb{{E}}[x_k] + \\sigma_k^2$$
"""


def test_a_display_continued_by_the_next_one_is_a_link_of_the_chain():
    """Seed 003:320: ``A = B`` on its own display, then ``= C`` on the next, is the chain A = B = C; its first link
    was refused as a lone relation ("an equation or a definition")."""
    from derivax.assignment import read_assignment as read

    declared = read(
        {
            "symbols": {
                "x_k": {"kind": "random variable", "properties": ["independent", "zero mean"], "variance": "\\sigma_k^2"},
                "y_d": {"kind": "scalar"},
            }
        },
        "x.yaml",
    )
    right = steps_of(_CONTINUED.format(first="\\mathbb{E}[y_d x_k] + \\mathbb{E}[x_k^2]"), assignment=declared)
    assert [s[1] for s in right] == ["ok", "ok"], right
    wrong = steps_of(_CONTINUED.format(first="\\mathbb{E}[y_d x_k] + 2\\mathbb{E}[x_k^2]"), assignment=declared)
    assert [s[1] for s in wrong][:1] == ["wrong"], wrong
    # a lone relation followed by prose, no continuation, stays what it was: an equation, perhaps
    lone = steps_of("# P\n\n$$x^2 - 3x = 2x$$\n\nso $x = 5$.\n")
    assert all(s[1] != "wrong" for s in lone), lone


_RNN = (
    "# b) 1.\n\nLet $\\delta_{n,i} = 1$ if $n = i$ and $\\delta_{n,i} = 0$ otherwise.\n\n"
    r"$$\begin{aligned} \frac{\partial h_n}{\partial w_i} &= \frac{\partial \sigma(w_n \cdot h_{n-1})}{\partial (w_n \cdot h_{n-1})} FIRST "
    r"\\ &= \frac{\partial \sigma(w_n \cdot h_{n-1})}{\partial (w_n \cdot h_{n-1})} "
    r"\left[ SECOND \cdot h_{n-1} + w_n \cdot \frac{\partial h_{n-1}}{\partial w_i} \right] \end{aligned}$$"
    "\n\nso that\n\n$$\\frac{\\partial h_n}{\\partial w_1} = LAST$$\n\nfor any value of $n$.\n"
)


def _rnn(first: str = r"\frac{\partial (w_n \cdot h_{n-1})}{\partial w_i}", second: str = r"\delta_{n,i}", last: str = "0", declare=True):
    text = _RNN.replace("FIRST", first).replace("SECOND", second).replace("LAST", last)
    return [(s[1], s[4]) for s in steps_of(text, assignment=_chain(declare))]


def test_a_recurrent_chain_rule_for_any_layer_is_judged_at_numbered_layers():
    """Seed 002:322-332: the chain rule through h_n = sigma(w_n h_{n-1}) for any n and i, with Kronecker's delta as
    the text spells it, holds at every n = 2..4, i = 1..4 once the definitions are put in (n = 1 writes h_0, before
    the chain's start, and is left out); dh_n/dw_1 = 0 at n = 1..4."""
    steps = _rnn()
    assert [s for s, _ in steps] == ["ok", "ok", "ok"], steps
    assert "n = 2, 3, 4 and i = 1, 2, 3, 4" in steps[0][1] and "n = 1 left out: it writes h_0" in steps[0][1], steps[0][1]
    assert "Kronecker" in steps[1][1] and "n = 1, 2, 3, 4" in steps[2][1], steps


@pytest.mark.parametrize(
    ("case", "place"),
    [
        ({"first": r"h_{n-1}"}, 0),  # the recursion forgotten: dh_2/dw_1 is 0, sigma'(w_2 h_1) h_1 is not
        ({"second": "1"}, 1),  # dw_n/dw_i is no 1 for n != i
        # a derivative of a defined quantity stated alone is a claim about it, judged as a link is (n = 1 writes h_0)
        ({"last": r"h_{n-1}"}, 2),
    ],
)
def test_a_recurrent_chain_rule_with_a_slip_is_wrong_at_a_numbered_layer(case, place):
    steps = _rnn(**case)
    status, message = steps[place]
    assert status == "wrong" and ("n = 2, i = 1" in message if place < 2 else "at n = 2 " in message), steps
    assert "the sides differ at" in message, message  # the witness: the instance and its point
    # a number on one side may be an equation being set up (as f'(w) = 0 may): never wrong
    assert _rnn(last="5")[2][0] == "undecided"


def test_a_recurrent_chain_rule_with_an_undeclared_input_is_not_judged():
    # x undeclared: h_1 = sigma(x) may depend on any weight through x; no instance settles it
    assert all(s == "undecided" for s, _ in _rnn(declare=False)[::2]), _rnn(declare=False)


def test_a_prose_restatement_of_a_definition_in_force_does_not_free_it():
    """Seed 002:330: "because $h_1 = \\sigma(x)$" says the context file's definition again; it freed h_1 for the rest of
    the section, so h_2 written out ended on the family's h_0, and dh_n/dw_1 = 0 was not judged."""
    text = "# P\n\nThe chain starts at $h_1 = \\sigma(x)$, independent of $w_1$.\n\n$$\\frac{\\partial h_3}{\\partial w_1} = 0$$\n"
    assert [s[1] for s in steps_of(text, assignment=_chain(True))] == ["ok"]
    # a restatement with another value still frees it (the old definition may no longer be the one meant)
    other = text.replace("h_1 = \\sigma(x)", "h_1 = \\sigma(w_1 x)")
    assert [s[1] for s in steps_of(other, assignment=_chain(True))] == ["undecided"]


_PRODUCT = (
    "# P\n\n$$\\begin{aligned}\n\\text{var}(X_1 \\cdots X_n) &= E[X_1^2] \\cdots E[X_n^2] - (E[X_1])^2 \\cdots (E[X_n])^2 \\\\\n"
    "&= \\prod_{i=1}^n (\\text{var}(X_i) + (E[X_i])^2) SIGN \\prod_{i=1}^n (E[X_i])^2\n\\end{aligned}$$\n"
)


@pytest.mark.parametrize(("sign", "status"), [("-", "ok"), ("+", "wrong")])
def test_the_variance_of_a_product_of_n_independent_variables_is_judged_in_time(sign, status):
    """Seed 002:359: the moments of a product of 12 binomials (n = 12, the largest size tried) took 35 s of CPU to
    expand against the step's 3 s, and the step timed out; the moments are now compared in a polynomial ring."""
    declared = read_assignment({"symbols": {"X_i": {"kind": "random variable", "properties": ["independent"]}}}, "x.yaml")
    steps = steps_of(_PRODUCT.replace("SIGN", sign), assignment=declared)
    assert steps[-1][1] == status, steps


@given(st.lists(st.tuples(st.integers(-3, 3), st.lists(st.integers(0, 3), min_size=3, max_size=3)), max_size=6), st.integers(0, 2))
@settings(max_examples=60, deadline=None, derandomize=True)
def test_a_polynomial_vanishes_in_the_ring_exactly_when_it_expands_to_zero(terms, shift):
    """Differential: expectations._vanishes against SymPy's expand on polynomials in names and opaque applications,
    written as products of sums (so that expand has work to do) and as their expansion minus itself shifted."""
    from derivax import expectations

    x, y = sp.symbols("x y")
    e = sp.Function("E")
    atoms = (x, e(y**2), e(x * (y + 1)))
    poly = sp.Add(*(c * sp.Mul(*(a**k for a, k in zip(atoms, ks, strict=True))) for c, ks in terms))
    factored = (poly + 1) * (poly - shift) - (poly**2 + (1 - shift) * poly - shift)  # 0 for every shift
    assert expectations._vanishes(factored) is True
    other = (poly + 1) * (atoms[1] - shift) - poly * atoms[1]
    assert expectations._vanishes(other) == (sp.expand(other) == 0)
    assert expectations._vanishes(e(x * y + x) - e(x * (y + 1))) is True  # arguments expanded, as expand does


_LATE_NUMBERS = """# Problem 9b

For gradient descent on $L(w) = \\frac{{a}}{{2}} w^2$ the contraction factor is

$$c = 1 - \\eta a$$

Hence, for every $a > 0$ and $\\eta > 0$, the iterates shrink:

$$|1 - \\eta a| < 1$$

{after} $\\eta = 0.1$ and $a = 4$ we get

$$c = 1 - 0.1 \\cdot 4 = 0.6$$
"""


@pytest.mark.parametrize("after", ["With", "Taking", "For"])
def test_numbers_after_a_general_display_that_start_a_worked_example_are_not_its_values(after):
    """Probe helper-211 F1: the false bound |1 - eta a| < 1 (it fails at eta a = 3) was ok "with the numbers stated for
    a = 4, eta = 1/10" of the worked example after it; the numbers after a display count for it only in a clause that
    goes on its sentence ("where $w = 5$"), never in a new sentence, and never where the text made the names general."""
    steps = steps_of(_LATE_NUMBERS.format(after=after))
    bound = [s for s in steps if s[0] == 9]
    assert [s[1] for s in bound] == ["undecided"], bound
    assert [s[1] for s in steps if s[0] == 13] == ["ok", "ok"], steps  # the worked example itself: its numbers put in


def test_a_where_after_a_display_still_gives_its_names_their_numbers():
    # the twin: a "where" clause going on the display's sentence is its values (session 65's F12 and review R8)
    text = "# P\n\n$$\\frac{pr}{p + r} = \\frac{4}{5}$$\n\nwhere $p = 4$ and $r = 1$.\n"
    assert [s[1] for s in steps_of(text)] == ["ok"]
    assert [s[1] for s in steps_of(text.replace("\\frac{4}{5}", "\\frac{3}{5}"))] != ["ok"]


_DUAL = """# Problem 6b

The dual objective is

$$g(\\alpha) = 2\\alpha - 8\\alpha^2$$

Setting $g'(\\alpha) = {slope} = 0$ gives $\\alpha = {root}$.
"""


def test_an_implication_whose_premise_rewrites_a_defined_function_wrongly_is_wrong():
    """Probe helper-211 F2: "Setting $g'(\\alpha) = 2 - 8\\alpha = 0$ gives $\\alpha = \\frac14$" was ok "from the premise's
    parts without g (defined elsewhere)", g defined two lines up: g' is 2 - 16 alpha. A premise A = B = 0 claims the
    rewrite A = B; with g's definition it is judged, and its failure is the step's."""
    wrong = [s for s in steps_of(_DUAL.format(slope="2 - 8\\alpha", root="\\frac{1}{4}")) if s[0] == 7]
    assert [s[1] for s in wrong] == ["wrong"] and "the premise's rewrite" in wrong[0][4] and "alpha=" in wrong[0][4], wrong
    right = [s for s in steps_of(_DUAL.format(slope="2 - 16\\alpha", root="\\frac{1}{8}")) if s[0] == 7]
    assert [s[1] for s in right] == ["ok"] and "holds with the definition of g" in right[0][4], right
    # an equation of one link (the stationarity condition set up) claims no rewrite: judged as before
    alone = [s for s in steps_of(_DUAL.format(slope="0", root="\\frac{1}{8}").replace(" = 0 = 0", " = 0")) if s[0] == 7]
    assert [s[1] for s in alone] == ["ok"], alone


_LAYERS = """# Problem 2

Let $h_1 = \\sigma(x)$ and $h_i = \\sigma(w_i h_{{i-1}})$ for $i \\ge 2$, where $\\sigma(z) = \\frac{{1}}{{1+e^{{-z}}}}$.

For the third unit and the weight of the second layer,

$$\\frac{{\\partial h_3}}{{\\partial w_2}} = \\frac{{\\partial h_3}}{{\\partial h_2}}\\frac{{\\partial h_2}}{{\\partial w_2}}
= w_3 h_3(1 - h_3) \\, h_2(1-h_2) {last}$$
"""


@pytest.mark.parametrize(("last", "status"), [("h_1", "ok"), ("", "wrong")])
def test_a_derivative_by_an_earlier_entry_of_the_family_keeps_that_entry_the_variable(last, status):
    """Probe helper-211 F11: dh_3/dh_2 after h_i = sigma(w_i h_{i-1}) wrote h_2 out inside h_3 before taking the
    derivative, so it "used a function defined elsewhere"; h_2 now stays the variable, then is put in."""
    steps = [s for s in steps_of(_LAYERS.format(last=last)) if s[0] == 7]
    assert [s[1] for s in steps] == ["ok", status], steps


def test_the_variable_of_a_derivative_written_out_is_no_name_defined_elsewhere():
    """Probe helper-211 F5: d/dw (1 - ywx) = yx (the sign slipped) was undecided, "w appear on one side only"."""
    text = "# P\n\nWhere $y w x < 1$ the loss is $1 - y w x$ and\n\n$$\\frac{d}{dw}(1 - y w x) = RIGHT$$\n"
    assert [s[1] for s in steps_of(text.replace("RIGHT", "y x"))] == ["wrong"]
    assert [s[1] for s in steps_of(text.replace("RIGHT", "-y x"))] == ["ok"]
    # a derivative set to 0 stays an equation being set up, never wrong
    setup = "# P\n\nThe minimum is where\n\n$$\\frac{d}{dw}(w^2 - 4w) = 0$$\n\nso $w = 2$.\n"
    assert [s[1] for s in steps_of(setup)] == ["undecided"]


def test_a_condition_on_letters_the_step_does_not_have_excuses_nothing():
    """Probe helper-211 F3: "For any $n \\ge 2$ and any $k \\ge 2$, the derivative of $h_n$ ... satisfies" kept a slip at
    n = 3, k = 2 (w_2 for w_3) from being flagged: its conditions are on n and k, which that step does not have."""
    text = (
        "# P\n\nLet $h_1 = \\sigma(x)$ and $h_i = \\sigma(w_i h_{i-1})$.\n\n"
        "For any $n \\ge 2$ and any $k \\ge 2$, the derivative of $h_n$ with respect to $w_k$ is a product.\n\n"
        "$$\\frac{\\partial h_3}{\\partial w_3} = h_3(1 - h_3) H$$\n"
    )
    assert [s[1] for s in steps_of(text.replace("H", "h_2"))] == ["ok"]
    assert [s[1] for s in steps_of(text.replace("H", "h_1"))] == ["wrong"]
    # a condition on the step's own names still excuses ("for $x > 0$" before a step in x)
    kept = "# P\n\nLet $f(x) = \\sqrt{x^2}$.\n\nFor $x > 0$ we have\n\n$$f(x) = -x$$\n"
    assert [s[1] for s in steps_of(kept)] != ["wrong"]


def _statuses(text: str, line: int, assignment=None) -> list[str]:
    return [s[1] for s in steps_of(text, assignment=assignment) if s[0] == line]


def test_a_derivative_through_a_shared_weight_keeps_the_earlier_layer_a_function_of_it():
    """Probe helper-212 F1: with one weight w for every layer (h_i = sigma(w h_{i-1})), dh_n/dw = sigma'(w h_{n-1}) h_{n-1}
    was ok: h_{n-1} was held as if free of w. The same for h_t = tanh(w h_{t-1} + u x_t)."""
    tied = "# P\n\nLet $h_1 = \\sigma(x)$ and $h_i = \\sigma(w h_{i-1})$ for $i \\ge 2$.\n\n$$\\frac{\\partial h_n}{\\partial w} = R$$\n"
    assert _statuses(tied.replace("R", "\\sigma'(w h_{n-1}) h_{n-1}"), 5) == ["undecided"]
    rnn = "# P\n\nLet $h_0 = 0$ and $h_t = \\tanh(w h_{t-1} + u x_t)$ for $t \\ge 1$.\n\n$$\\frac{\\partial h_t}{\\partial w} = R$$\n"
    assert _statuses(rnn.replace("R", "(1 - h_t^2) h_{t-1}"), 5) == ["undecided"]
    # twins that still hold: the derivative by the earlier state, and by the layer's own weight
    assert _statuses(rnn.replace("\\partial w", "\\partial h_{t-1}").replace("R", "w(1 - h_t^2)"), 5) == ["ok"]
    own = "# P\n\nLet $h_1 = \\sigma(x)$ and $h_i = \\sigma(w_i h_{i-1})$.\n\n$$\\frac{\\partial h_k}{\\partial w_k} = R$$\n"
    assert _statuses(own.replace("R", "h_k(1 - h_k) h_{k-1}"), 5) == ["ok"]
    assert _statuses(own.replace("R", "h_k(1 - h_k) h_k"), 5) == ["wrong"]


@pytest.mark.parametrize("name", ["q", "p", "u", "\\phi"])
def test_a_line_search_function_of_alpha_is_defined_whatever_its_letter(name):
    """Probe helper-212 F2: "Let $q(\\alpha) = ...$" read as the product q alpha (only f, g, h took a Greek argument), so
    the premise rewrite q'(alpha) = 2 - 8 alpha was never judged; with an inequality after it neither."""
    text = (
        f"# P\n\nLet ${name}(\\alpha) = 2\\alpha - 8\\alpha^2$.\n\n"
        f"Setting ${name}'(\\alpha) = 2 - @S\\alpha @R 0$ gives $\\alpha @R \\frac{{1}}{{@T}}$.\n"
    )

    def judged(slope: str, relation: str, root: str) -> list[str]:
        return _statuses(text.replace("@S", slope).replace("@R", relation).replace("@T", root), 5)

    assert judged("8", "=", "4") == ["wrong"]
    assert judged("8", "\\le", "4") == ["wrong"]
    assert judged("16", "=", "8") == ["ok"]


def test_a_premise_rewrite_is_judged_with_the_numbers_stated_for_the_definitions_parameters():
    text = (
        "# P\n\nLet $g(\\alpha) = a\\alpha - b\\alpha^2$ where $a = 2$ and $b = 8$.\n\n"
        "Setting $g'(\\alpha) = 2 - @S\\alpha = 0$ gives $\\alpha = @T$.\n"
    )
    wrong = [s for s in steps_of(text.replace("@S", "8").replace("@T", "\\frac{1}{4}")) if s[0] == 5]
    assert [s[1] for s in wrong] == ["wrong"] and "a = 2, b = 8 (stated in the text)" in wrong[0][4], wrong
    assert _statuses(text.replace("@S", "16").replace("@T", "\\frac{1}{8}"), 5) == ["ok"]


def test_a_weight_the_text_ties_to_another_is_not_free_of_it():
    """Probe helper-212 F5: "Let $w_3 = w_1$." and dh_3/dw_1 = 0 was ok (w_3 taken for a weight free of w_1)."""
    text = "# P\n\nLet $w_3 = w_1$.\n\n$$\\frac{\\partial h_3}{\\partial w_1} = 0$$\n"
    assert _statuses(text, 5, _chain(True)) == ["undecided"]
    assert _statuses(text.replace("w_3 = w_1", "w_3 = 2"), 5, _chain(True)) == ["ok"]  # a number: free of w_1


def test_numbers_given_for_instance_are_no_values_of_the_display():
    """Probe helper-212 F6: "where, for instance, $\\eta = 0.1$ and $a = 4$ give ..." made the false general bound ok."""
    text = (
        "# P\n\nFor every step size the method converges:\n\n$$|1 - \\eta a| < 1$$\n\n"
        "where, for instance, $\\eta = 0.1$ and $a = 4$ give $0.6$.\n"
    )
    assert _statuses(text, 5) == ["undecided"]


def test_a_value_put_into_a_derivative_by_it_takes_the_derivative_there():
    """Probe helper-212 F7: "where $w = 5$" after a wrong d/dw display raised "Can't calculate derivative wrt 5", and the
    whole document's verdicts were lost to one internal error."""
    text = "# P\n\nThe slope of the loss is\n\n$$\\frac{d}{dw} (w - 3)^2 = 2w = 10$$\n\nwhere $w = 5$.\n"
    steps = steps_of(text)
    assert steps[0][1] == "wrong" and "is 4, not 10" in steps[0][4], steps


def test_a_written_out_entry_of_a_family_with_its_start_defined_is_a_claim_about_it():
    """Probe helper-212 F4: h_2 = sigma(w_2 x) after h_1 = sigma(x), h_i = sigma(w_i h_{i-1}) was read as h_2's new
    definition, and the derivative after it judged against the slip; the family gives h_2 its value."""
    text = (
        "# P\n\nLet $h_1 = \\sigma(x)$ and $h_i = \\sigma(w_i h_{i-1})$ for $i \\ge 2$.\n\nWriting out the second layer,\n\n"
        "$$h_2 = H$$\n\nso\n\n$$\\frac{\\partial h_2}{\\partial w_2} = D$$\n"
    )
    slip = steps_of(text.replace("H", "\\sigma(w_2 x)").replace("D", "x \\sigma'(w_2 x)"))
    assert [s[1] for s in slip] == ["undecided", "wrong"], slip  # never the slip's "definition" again
    right = steps_of(text.replace("H", "\\sigma(w_2 \\sigma(x))").replace("D", "\\sigma(x) \\sigma'(w_2 \\sigma(x))"))
    assert [s[1] for s in right] == ["ok", "ok"], right
