"""Session 36: an indexed family defined through its own earlier entry (``h_i = \\sigma(w_i h_{i-1})``) gives a
numbered entry its value, taken down to an entry with a value of its own; each capability with a right step and
its wrong twin, and the limits that keep it from a false verdict."""

from __future__ import annotations

import textwrap

import mpmath
import pytest
import sympy as sp

from derivax.assignment import assignment_from_text
from derivax.equiv import equivalent
from derivax.judge import check_statement
from derivax.latex import LatexError, parse
from derivax.steps import check_document

CHAIN = r"""
assignment: a chain of sigmoid layers
symbols:
  '\sigma': {description: the logistic function}
definitions:
  - '\sigma(z) = \frac{1}{1+e^{-z}}'
  - 'h_1 = \sigma(x)'
  - 'h_i = \sigma(w_i h_{i-1})'
  - 'f_0 = 0'
  - 'f_1 = 1'
  - 'f_i = f_{i-1} + f_{i-2}'
  - 'g_i = 2 g_{i-1}'
  - '\delta_i = w_{i+1} \delta_{i+1}'
"""


def _steps(document: str, context: str = CHAIN) -> dict[str, object]:
    assignment = assignment_from_text(textwrap.dedent(context), "chain.yaml")
    found = check_document(textwrap.dedent(document), assignment=assignment, timeout_s=20)
    return {f"{r.left} {r.relation} {r.right}": r for r in found if r.status != "given"}


def _sigma(z):
    return 1 / (1 + mpmath.exp(-z))


def test_a_numbered_entry_of_a_chain_is_its_layers_and_the_chain_rule_is_judged():
    found = _steps(
        r"""
        $$\frac{\partial h_3}{\partial w_2} = \sigma(w_3 h_2) (1 - \sigma(w_3 h_2)) w_3 \sigma(w_2 h_1) (1 - \sigma(w_2 h_1)) h_1$$

        $$\frac{\partial h_3}{\partial w_2} = \sigma(w_3 h_2) (1 - \sigma(w_3 h_2)) \sigma(w_2 h_1) (1 - \sigma(w_2 h_1)) h_1$$
        """
    )
    right, wrong = found.values()
    assert right.status == "ok" and "h_i (context file chain.yaml)" in right.message and "h_1" in right.message
    assert wrong.status == "wrong", wrong.message
    # the witness, checked independently: h_3 = s(w_3 s(w_2 s(x))) differentiated by mpmath in w_2
    at = {k: mpmath.mpf(v) for k, v in wrong.counterexample.as_dict()["exact"].items()}
    x, w2, w3 = at["x"], at["w_2"], at["w_3"]
    slope = mpmath.diff(lambda v: _sigma(w3 * _sigma(v * _sigma(x))), w2)
    h1, h2 = _sigma(x), _sigma(w2 * _sigma(x))
    s2, s3 = _sigma(w2 * h1), _sigma(w3 * h2)
    assert abs(slope - s3 * (1 - s3) * s2 * (1 - s2) * h1) > 1e-6  # the twin's right side is not the derivative


def test_deep_entries_on_both_sides_end_on_the_same_layer():
    # h_5 and h_4 both taken down to h_1 = sigma(x) (four rounds of substitution would stop them one apart)
    found = _steps(
        r"""
        $$\frac{\partial h_5}{\partial w_5} = \sigma(w_5 h_4) (1 - \sigma(w_5 h_4)) h_4$$

        $$\frac{\partial h_5}{\partial w_5} = \sigma(w_5 h_4) (1 - \sigma(w_5 h_4))$$
        """
    )
    assert [r.status for r in found.values()] == ["ok", "wrong"]


def test_a_symbolic_index_renames_the_shift():
    found = _steps(
        r"""
        $$\frac{\partial h_n}{\partial w_n} = \sigma(w_n h_{n-1}) (1 - \sigma(w_n h_{n-1})) h_{n-1}$$

        $$\frac{\partial h_n}{\partial w_n} = \sigma(w_n h_{n-1}) (1 - \sigma(w_n h_{n-1})) w_n$$
        """
    )
    assert [r.status for r in found.values()] == ["ok", "wrong"]


@pytest.mark.parametrize(("claimed", "status"), [("6765", "ok"), ("6766", "wrong")])
def test_two_earlier_entries_are_each_taken_once(claimed, status):
    # f_20 of f_i = f_{i-1} + f_{i-2}: 2^20 calls without sharing; the value checked against mpmath's Fibonacci
    assert int(mpmath.fib(20)) == 6765
    (step,) = _steps(f"$$f_{{19}} + f_{{18}} = {claimed}$$\n\n$$f_{{19}} + f_{{18}} = {claimed}$$").values()
    assert step.status == status, step.message


@pytest.mark.parametrize(("claimed", "status"), [("4 g_0", "ok"), ("5 g_0", "wrong")])
def test_an_entry_the_family_never_reaches_stays_undefined(claimed, status):
    # g_0 would need g_{-1}: the family does not define it, so g_3 - g_2 = 8 g_0 - 4 g_0 in the unknown g_0
    (step,) = _steps(f"$$g_3 - g_2 = {claimed}$$\n\n$$g_3 - g_2 = {claimed}$$").values()
    assert step.status == status and "g_0" in step.read_as, step


def test_a_family_that_climbs_for_ever_gives_no_value():
    # delta_3 = w_4 delta_4 = w_4 w_5 delta_5 = ...: no entry has a value of its own, so delta_3 keeps its name
    step = _steps(r"$$\delta_3 - w_4 \delta_4 = 0$$" + "\n\n" + r"$$\delta_3 - w_4 \delta_4 = 0$$")[r"\delta_3 - w_4 \delta_4 = 0"]
    assert step.status == "undecided" and "delta_3" in step.read_as, step


# --- extrema: \max_i, \min_x, \sup, \inf, \arg\min (derivax.latex reads them; derivax.optima takes their values) ---

@pytest.mark.parametrize(
    ("written", "read"),
    [
        (r"\max_i \lambda_i", "MaxOver(lambda[i], i)"),
        (r"\min_{k} x_k + 1", "MinOver(x[k], k) + 1"),  # the body ends at the +, as a sum's does
        (r"\max_{i \ne j} z_i", "MaxOver(z[i], i, Ne(i, j))"),
        (r"\min_x (x-2)^2", "MinOf((x - 2)**2, x)"),
        (r"\sup_{x > 0} e^{-x}", "SupOf(exp(-x), x, x > 0)"),
        (r"\inf_x x^2", "InfOf(x**2, x)"),
        (r"\max_{x \in [0,1]} x(1-x)", "MaxOf(x*(1 - x), x, (0 <= x) & (x <= 1))"),
        (r"\arg\min_\theta L(\theta)", "ArgMinOf(L(theta), theta)"),
        (r"\operatorname*{argmin}_\theta L(\theta)", "ArgMinOf(L(theta), theta)"),
        (r"\mathrm{arg\,max}_w f(w)", "ArgMaxOf(f(w), w)"),
        # no subscript after them: their readings as before
        (r"\max(a, b)", "Max(a, b)"),
        (r"\lambda_{\max}", "lambda_max"),
        (r"\epsilon < \frac{1}{\lambda_{\max}}", "epsilon < 1/lambda_max"),
    ],
)
def test_an_extremum_over_its_subscript_is_read(written, read):
    assert str(parse(written).expr) == read


def test_an_extremum_over_a_stated_range_is_refused_with_a_reason():
    with pytest.raises(LatexError, match="stated range"):
        parse(r"\max_{1 \le i \le n} \lambda_i")


def _point_values(judged) -> dict[str, float]:
    return {k: float(v) for k, v in judged.counterexample.as_dict()["at"].items()}


def test_an_extremum_over_a_familys_entries_is_taken_per_instance():
    assert check_statement(parse(r"\max_i (-\lambda_i) = -\min_i \lambda_i"), timeout_s=20).verdict.name in ("PROVED", "CONFIRMED")
    assert check_statement(parse(r"\max_i (2\lambda_i) = 2 \max_i \lambda_i"), timeout_s=20).verdict.name in ("PROVED", "CONFIRMED")
    wrong = check_statement(parse(r"\max_i (-\lambda_i) = \min_i \lambda_i"), timeout_s=20)
    assert wrong.verdict.name == "REFUTED"
    at = _point_values(wrong)
    entries = [v for k, v in sorted(at.items()) if k.startswith("lambda_")]
    assert max(-v for v in entries) != min(entries)  # the witness, recomputed with Python's max and min


@pytest.mark.parametrize(
    ("statement", "value"),
    [
        (r"\min_x \left((x-2)^2 + 1\right) = 1", mpmath.mpf(1)),
        (r"\max_{x \in [0,1]} x(1-x) = \frac{1}{4}", mpmath.mpf(1) / 4),
        (r"\max_x \sigma(x)(1 - \sigma(x)) = \frac{1}{4}", mpmath.mpf(1) / 4),  # the sigmoid's slope at most 1/4
        (r"\inf_x e^x = 0", mpmath.mpf(0)),
        (r"\sup_{x > 0} e^{-x} = 1", mpmath.mpf(1)),
    ],
)
def test_an_extremum_sympy_solves_is_proved_and_a_wrong_value_refuted(statement, value):
    right = check_statement(parse(statement), timeout_s=20)
    assert right.verdict.name == "PROVED" and "function_range" in right.method, right
    # the wrong twin's witness shows the value as the extremum (the left side at the point is that value)
    lhs = statement.split("=")[0]
    wrong = check_statement(parse(f"{lhs} = {float(value) + 0.5}"), timeout_s=20)
    assert wrong.verdict.name == "REFUTED" and wrong.counterexample.lhs == pytest.approx(float(value), abs=1e-12)


def test_an_extremum_reached_at_a_root_newton_found_is_at_most_confirmed():
    right = check_statement(parse(r"\max_x x e^{-x} = \frac{1}{e}"), timeout_s=20)
    assert right.verdict.name == "CONFIRMED" and "Newton" in right.method
    # independently: mpmath's root of the derivative (1 - x) e^{-x} is 1, and x e^{-x} there is 1/e
    root = mpmath.findroot(lambda x: (1 - x) * mpmath.exp(-x), 0.5)
    assert abs(root * mpmath.exp(-root) - mpmath.exp(-1)) < 1e-15
    assert check_statement(parse(r"\max_x x e^{-x} = \frac{1}{2}"), timeout_s=20).verdict.name == "REFUTED"


@pytest.mark.parametrize(
    ("statement", "why"),
    [
        (r"\min_x e^x = 0", "MinOf"),  # e^x never reaches 0: no minimum, however close its infimum
        (r"\max_x \sigma(x) = 1", "MaxOf"),  # nor the sigmoid 1
        (r"\min_x (x - a)^2 = 0", "MinOf"),  # another symbol in the body: not taken (true, but not by this path)
        (r"\min_x x^4 - 2x^2 = -1", "stands outside it"),  # the body ends at the -: x also outside, scope unclear
    ],
)
def test_an_extremum_that_is_not_reached_or_not_read_clearly_is_left_undecided(statement, why):
    judged = check_statement(parse(statement), timeout_s=20)
    assert judged.verdict.name == "UNDECIDED" and why in judged.reason, judged


def test_a_wrong_range_from_sympy_is_caught_by_the_grid(monkeypatch):
    import derivax.optima as optima

    # function_range claiming the range of (x - 2)^2 + 1 starts at 2 (the grid finds 1 below it) or at 1/2 (reached
    # nowhere: (x - 2)^2 + 1 = 1/2 has no real solution): neither value is taken
    for fake in (sp.Interval(2, sp.oo), sp.Interval(sp.Rational(1, 2), sp.oo)):
        monkeypatch.setattr(optima, "function_range", lambda *args, fake=fake: fake)
        expr = parse(r"\min_x \left((x-2)^2 + 1\right)").expr
        taken, notes, _ = optima.optima_taken(expr)
        assert taken == expr and notes == []


def test_equiv_takes_the_extremum_too():
    assert equivalent(r"\min_x \left((x-2)^2+1\right)", "1", timeout_s=20)["verdict"] == "equivalent"
    assert equivalent(r"\min_x \left((x-2)^2+1\right)", "2", timeout_s=20)["verdict"] == "different"


def test_a_documents_minimum_of_a_defined_function_is_judged_and_its_wrong_twin_flagged():
    found = check_document(
        textwrap.dedent(
            r"""
            Let $J(w) = (w-1)^2 + 3$. Its minimum is

            $$\min_w J(w) = J(1) = 3$$

            and wrongly

            $$\min_w J(w) = J(0) = 4$$
            """
        ),
        timeout_s=20,
    )
    judged = {(r.line, r.left, r.right): r for r in found}
    right, wrong = judged[(4, r"\min_w J(w)", "J(1)")], judged[(8, r"\min_w J(w)", "J(0)")]
    assert right.status == "ok" and "min over w" in right.message and "J(w) (line 2)" in right.message
    assert wrong.status == "wrong" and "is 3, not 4" in wrong.message  # J(0) = 4 is J's value, not its minimum 3


# --- a slash before an operator: e^{z_i}/\sum_j e^{z_j}, softmax written inline (it was unparsed) ---


@pytest.mark.parametrize(
    ("written", "as_fraction"),
    [
        (r"e^{z_i}/\sum_j e^{z_j}", r"\frac{e^{z_i}}{\sum_j e^{z_j}}"),
        (r"e^{z_i}/\sum_j e^{z_j} + 1", r"\frac{e^{z_i}}{\sum_j e^{z_j}} + 1"),  # the sum's body ends at the +
        (r"a / \max_i b_i", r"\frac{a}{\max_i b_i}"),
        (r"\text{sign}(x)", r"\operatorname{sign}(x)"),
    ],
)
def test_a_slash_before_an_operator_divides_by_it(written, as_fraction):
    assert parse(written).expr == parse(as_fraction).expr


@pytest.mark.parametrize(("right", "status"), [("1/6", "PROVED"), ("1/5", "REFUTED")])
def test_a_quotient_by_a_sum_is_judged(right, status):
    assert check_statement(parse(rf"1/\sum_{{k=1}}^3 k = {right}"), timeout_s=20).verdict.name == status
