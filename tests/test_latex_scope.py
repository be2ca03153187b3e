r"""Operator scope as mathematicians write it: one test per rule, each with the reading it must give.

Rules (the module docstring of checks/latex.py states them):
- ``\frac{d}{dx}``, ``\frac{d^2}{dx^2}``, ``\frac{\partial^2}{\partial x\partial y}`` apply to the
  implicit-product term that follows, whatever stands before them;
- ``\sum``, ``\prod``, ``\lim``: the body is the implicit-product term that follows, up to the next
  ``+``/``-`` at the same level;
- ``\frac{dy}{dx}`` with a quantity on top is an opaque derivative symbol, never a fraction;
- a derivative operator followed by a bracket and more factors (``\frac{d}{dx}[x^2] x``) has a second reading,
  the operator on the bracket alone: a verdict stands only where both readings give it.
"""

from __future__ import annotations

import pytest
import sympy as sp

from derivax.judge import check_statement
from derivax.latex import parse

w, z, x, y, h, eps, i, t, beta, n, C = sp.symbols("w z x y h epsilon i t beta n C")

READINGS = [
    # derivative operators, with and without something before them
    (r"3\frac{d}{dw}\left(w^2\right)", 3 * sp.Derivative(w**2, w)),
    (r"-\frac{d}{dw} w^2 w", -sp.Derivative(w**3, w)),
    (r"\epsilon\frac{d}{dw}(hw^2)", eps * sp.Derivative(h * w**2, w)),
    (r"x \cdot \frac{d}{dx} x^2", x * sp.Derivative(x**2, x)),
    (r"\frac{\partial}{\partial z}\frac{1}{2}z^2", sp.Derivative(z**2 / 2, z)),
    (r"\frac{d}{dz} z^2 + z", sp.Derivative(z**2, z) + z),
    (r"\frac{d^2}{dx^2} x^3", sp.Derivative(x**3, (x, 2))),
    (r"\frac{\partial^2}{\partial x \partial y} x^2 y^3", sp.Derivative(x**2 * y**3, x, y)),
    (r"\dfrac{\mathrm{d}}{\mathrm{d}x} x^2", sp.Derivative(x**2, x)),
    # big operators: the body is the whole product after them, up to + or -
    (r"\sum_{i=1}^{3} 2i", sp.Sum(2 * i, (i, 1, 3))),
    (r"\sum_{i=1}^{t}(1-\beta)\beta^{t-i}", sp.Sum((1 - beta) * beta ** (t - i), (i, 1, t))),
    (r"2\sum_{i=1}^{n} i + 1", 2 * sp.Sum(i, (i, 1, n)) + 1),
    (r"\sum_{i=1}^{n} i^2 - n", sp.Sum(i**2, (i, 1, n)) - n),
    (r"\prod_{i=1}^{n} 2 i", sp.Product(2 * i, (i, 1, n))),
    (r"\lim_{n \to \infty} n \sin(1/n)", sp.Limit(n * sp.sin(1 / n), n, sp.oo, "-")),
    # Leibniz quotients of quantities: opaque symbols, never d*C/(d*z)
    (r"\frac{\partial C}{\partial z}", sp.Function("dC_dz")(z)),
    (r"\frac{dy}{dx}", sp.Function("dy_dx")(x)),
    # a plain fraction with d on top stays a fraction
    (r"\frac{d}{2}", sp.Symbol("d") / 2),
]


@pytest.mark.parametrize(("latex", "expected"), READINGS, ids=[r[0] for r in READINGS])
def test_reading(latex, expected):
    got = parse(latex).expr
    if got.has(sp.Limit) or got.has(sp.core.function.AppliedUndef):
        assert got == expected, got
        return
    assert sp.simplify((got - expected).doit()) == 0 and got.has(sp.Derivative) == expected.has(sp.Derivative), got


STATEMENTS = [
    (r"3\frac{d}{dw}\left(w^2\right) = 6w", True),
    (r"3\frac{d}{dw}\left(w^2\right) = 3w", False),  # the misreading's answer is now refuted
    (r"\sum_{i=1}^{3} 2i = 12", True),
    (r"\sum_{i=1}^{3} 2i = 6", False),
    (r"\frac{\partial}{\partial z}\frac{1}{2}z^2 = z", True),
    (r"\frac{\partial}{\partial z}\frac{1}{2}z^2 = \frac{1}{2}", False),
    (r"w - \epsilon\frac{d}{dw}(hw^2) = w - 2\epsilon h w", True),
    (r"w - \epsilon\frac{d}{dw}(hw^2) = w - \epsilon h w", False),
    (r"(1-\beta)\sum_{i=1}^{t}\beta^{t-i} = 1-\beta^t", True),
]


@pytest.mark.parametrize(("latex", "holds"), STATEMENTS, ids=[s[0] for s in STATEMENTS])
def test_scope_examples_are_judged_right(latex, holds):
    assumptions = [parse(r"0 < \beta < 1")] if r"\beta" in latex else []
    judgement = check_statement(parse(latex), assumptions, timeout_s=10)
    assert judgement.verdict.value in (("proved", "confirmed") if holds else ("refuted",)), judgement.describe()
    if not holds:
        assert judgement.counterexample is not None


def test_a_bare_function_takes_the_names_after_it_so_textbook_identities_are_not_refuted():
    assert check_statement(parse(r"\sin 2x = 2\sin x \cos x"), timeout_s=10).verdict.value == "proved"
    assert check_statement(parse(r"\cos 2\theta = \cos^2\theta - \sin^2\theta"), timeout_s=10).verdict.value == "proved"
    twin = check_statement(parse(r"\sin 2x = 2\sin x"), timeout_s=10)
    assert twin.verdict.value == "refuted" and twin.counterexample is not None


def test_names_written_transposed_keep_their_order_in_products():
    """``Q^T``, ``x^\\top``: matrices or vectors. ``A^T B^T`` is not ``B^T A^T`` and ``x^T x`` (a number) is not
    ``x x^T`` (a matrix); read as commuting numbers they were 'equivalent (identical)'."""
    from derivax.equiv import equivalent as equiv

    for key, answer in ((r"A^T B^T", r"B^T A^T"), (r"x^T x", r"x x^T"), (r"Q^T Q w", r"Q Q^T w")):
        assert equiv(key, answer)["verdict"] != "equivalent", (key, answer)
    assert equiv(r"A^T B^T", r"A^{\top} B^{\top}")["verdict"] == "equivalent"
    assert equiv(r"2 x^T x", r"x^T x + x^T x")["verdict"] == "equivalent"


def test_beside_a_transpose_capitals_are_matrices_and_latin_letters_vectors():
    r"""In an input that transposes something, the capitals (A, H, \Lambda) and the Latin letters (w, y) keep
    their order too: ``Q^T A Q`` is not ``A Q^T Q``, ``X^T X w`` is not ``X^T w X``, ``\sum_k x_k x_k^T`` (a
    matrix) is not ``\sum_k x_k^T x_k`` (a number). All three were 'equivalent' (A, w read as numbers; the
    entries instantiated as numbers). Greek letters stay numbers; without a transpose nothing changes."""
    from derivax.equiv import equivalent as equiv

    for key, answer in (
        (r"Q^T A Q", r"A Q^T Q"),
        (r"x^T A x", r"A x^T x"),
        (r"X^T X w", r"X^T w X"),
        (r"\sum_k x_k x_k^T", r"\sum_k x_k^T x_k"),
        (r"(A^T B)^T", r"A^T B"),
    ):
        assert equiv(key, answer)["verdict"] != "equivalent", (key, answer)
    assert equiv(r"2\epsilon x^T A x", r"x^T A x \epsilon + \epsilon x^T A x")["verdict"] == "equivalent"
    assert equiv(r"Q^T (A + B) Q", r"Q^T A Q + Q^T B Q")["verdict"] == "equivalent"
    # no transpose: equal as numbers, but capitals in products are matrices too (session 18: AB against BA was
    # equivalent, and a Newton step with the gradient on the wrong side graded correct), so the two readings must agree
    assert equiv(r"A B x", r"x B A")["verdict"] == "undecided"
    assert equiv(r"A B x", r"A B x")["verdict"] == "equivalent"


def test_a_cases_environment_is_a_piecewise_function_and_a_kink_is_never_judged():
    """``\\begin{cases}`` is read (it was refused); a derivative has no value where cases meet, so ReLU' written
    as 1 for x >= 0 is as right as 1 for x > 0 (it was refuted at x = 0, and d/dx max(x, 0) = 1/2 there)."""
    from derivax.equiv import equivalent

    relu = r"\begin{cases} x & x > 0 \\ 0 & \text{otherwise} \end{cases}"
    assert equivalent(relu, r"\max(x, 0)")["verdict"] == "equivalent"
    assert equivalent(relu, r"|x|")["verdict"] == "different"
    step = r"\begin{cases}1 & x \ge 0 \\ 0 & x < 0\end{cases}"
    for derivative in (rf"\frac{{d}}{{dx}}{relu}", r"\frac{d}{dx}\max(x, 0)"):
        assert equivalent(derivative, step)["verdict"] == "equivalent", derivative
        assert equivalent(derivative, step.replace("0 & x < 0", "x & x < 0"))["verdict"] == "different", derivative


def test_an_indicator_is_one_where_its_condition_holds():
    r"""``\mathbb{1}[x > 0]`` (and ``\mathbf{1}_{...}``, ``\mathbb{I}(...)``, ``\mathds{1}\{...\}``) was refused, so ReLU's
    derivative written with it, the most common way, stayed unread. The twin with the wrong condition is refuted
    with a point; a bold 1 that no bracket follows (the vector of ones) is not an indicator."""
    from derivax.steps import check_document

    right = check_statement(parse(r"\frac{d}{dx}\max(0, x) = \mathbb{1}[x > 0]"))
    assert right.verdict.value == "confirmed"
    twin = check_statement(parse(r"\frac{d}{dx}\max(0, x) = \mathbb{1}[x < 0]"))
    assert twin.verdict.value == "refuted" and twin.counterexample.at == {"x": 1}
    assert check_statement(parse(r"\mathbb{1}[x > 0] + \mathbb{1}[x \le 0] = 1")).verdict.value == "proved"
    relu = r"$$\frac{\partial}{\partial z}\max(0, z) = \mathbf{1}_{z > 0}$$"
    steps = check_document(f"ReLU passes the gradient where it is active:\n\n{relu}\n")
    assert [s.status for s in steps] == ["ok"], [(s.status, s.message) for s in steps]
    # a bold 1 with no condition is the vector of ones (session 38), a name: never the number 1 nor an indicator
    assert str(parse(r"\mathbf{1}").expr) == "ones"


def test_a_list_of_names_under_one_condition_puts_each_name_under_it():
    """``x, y > 0`` (as in "for $x, y > 0$") is x > 0 and y > 0; it was refused at the comma, so the
    prose's assumption was lost and AM-GM stayed undecided."""
    import sympy as sp

    from derivax.judge import check_statement

    x, y = sp.symbols("x y")
    assert parse("x, y > 0").expr == sp.And(x > 0, y > 0)
    assert parse(r"\alpha, \beta \in (0, 1)").expr == parse(r"\alpha \in (0, 1) \wedge \beta \in (0, 1)").expr
    assert parse("f(x, y) > 0").expr == (sp.Function("f")(x, y) > 0)  # a function's arguments are no list
    right = check_statement(parse(r"\frac{x + y}{2} \ge \sqrt{xy}"), [parse("x, y > 0")])
    twin = check_statement(parse(r"\frac{x + y}{2} \le \sqrt{xy}"), [parse("x, y > 0")])
    assert right.verdict.name in ("PROVED", "CONFIRMED") and twin.verdict.name == "REFUTED"


def test_a_derivative_by_one_entry_of_another_entry_is_never_decided_by_the_names():
    """d e^{z_k} / dz_j is 0 for k != j and e^{z_j} for k = j: read as two unrelated names it was 'proved' 0."""
    from derivax.equiv import equivalent

    assert check_statement(parse(r"\frac{\partial}{\partial z_j} e^{z_k} = 0")).verdict.name == "UNDECIDED"
    assert equivalent(r"\frac{\partial}{\partial z_j} e^{z_k}", "0")["verdict"] == "undecided"
    assert check_statement(parse(r"\frac{\partial}{\partial z_j} e^{z_j} = e^{z_j}")).verdict.name == "PROVED"
    assert check_statement(parse(r"\frac{\partial}{\partial z_j} \sum_k e^{z_k} = e^{z_j}")).verdict.name == "CONFIRMED"


def test_a_bracket_after_a_derivative_operator_is_a_second_reading_and_a_verdict_needs_both():
    from derivax.latex import alternative_readings

    as_read = parse(r"\frac{d}{dx}\left[x^2\right] x").expr
    assert as_read == sp.Derivative(x**3, x)
    ((description, substitution),) = alternative_readings([as_read])
    assert "bracket" in description and as_read.xreplace(substitution) == x * sp.Derivative(x**2, x)
    # No second reading where the bracket ends the term, or where nothing follows the operator's bracket.
    assert alternative_readings([parse(r"\frac{d}{dx}(x^2) + x").expr]) == []
    assert alternative_readings([parse(r"3\frac{d}{dw}\left(w^2\right)").expr]) == []
    assert alternative_readings([parse(r"\frac{1}{2}\frac{d}{dw}(y - wx)^2").expr]) == []  # the bracket's power is its operand
    # 2x^2 (the bracket alone) and 3x^2 (the rest of the product) are each one reading's value: undecided, naming both.
    for right in ("2x^2", "3x^2"):
        j = check_statement(parse(r"\frac{d}{dx}\left[x^2\right] x = " + right))
        assert j.verdict.value == "undecided" and "readings disagree" in j.reason, right
    # Wrong under both readings: refuted, with the point.
    twin = check_statement(parse(r"\frac{d}{dx}\left[x^2\right] x = 5x^2"))
    assert twin.verdict.value == "refuted" and twin.counterexample is not None
    # Where the readings agree (y does not depend on x) the verdict stands.
    assert check_statement(parse(r"\frac{\partial}{\partial x}(x^2 y) y = 2xy^2")).verdict.value == "proved"
