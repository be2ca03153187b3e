"""Session 37: an implication stated in one sentence ("$A$, hence $B$", "If $A$ then $B$", "Setting $A$ gives $B$"),
declarations listed without a verb ("and $x$, $b$ vectors"), and the gradient of a body written out
(``\\nabla_x (x^T A x)``); each with a right step and its wrong twin, and what keeps them from a false verdict."""

from __future__ import annotations

import textwrap

import numpy as np

from derivax.documents import displays_and_steps
from derivax.steps import check_document


def _judged(document: str) -> dict[str, object]:
    found = check_document(textwrap.dedent(document), timeout_s=20)
    return {f"{r.left} {r.relation} {r.right}": r for r in found if r.status != "given"}


def test_an_inequality_then_hence_and_an_inequality_in_one_sentence_is_an_implication():
    found = _sentence_steps("Since $0 < \\beta < 1$, we have $1 - \\beta > 0$, hence $\\frac{1}{1-\\beta} > 1$.\n")
    assert found == [
        ("0 < \\beta < 1", "=>", "1 - \\beta > 0", "implies"),
        ("1 - \\beta > 0", "=>", "\\frac{1}{1-\\beta} > 1", "implies"),
    ]


def _sentence_steps(text: str) -> list[tuple[str, str, str, str]]:
    return [(s.left.latex, s.relation, s.right.latex, s.kind) for s in displays_and_steps(text, arithmetic=True)[1]]


def test_the_sentence_implication_is_judged_with_its_twin_refuted_at_a_point_one_can_check():
    found = _judged(
        """
        # Problem 1

        We know $x > 2$, so $x^2 > 4$.

        # Problem 2

        If $x < 1$ then $x^2 < 1$.
        """
    )
    right, wrong = found["x > 2 => x^2 > 4"], found["x < 1 => x^2 < 1"]
    assert right.status == "ok", right.message
    # its own premise and conclusion are the sentence's, no facts that excuse the counterexample
    assert wrong.status == "wrong", wrong.message
    x = wrong.counterexample.as_dict()["exact"]["x"]
    assert float(x) < 1 and not float(x) ** 2 < 1


def test_an_interval_concluded_from_an_absolute_value_and_a_setting_that_gives_a_solution():
    found = _judged(
        r"""
        # Problem 1

        Since $|1 - \epsilon\lambda| < 1$, we get $0 < \epsilon\lambda < 2$.

        # Problem 2

        Let $f(x) = x^2 - 4x + 3$.

        Setting $f'(x) = 0$ gives $x = 2$.

        # Problem 3

        Let $f(x) = x^2 - 4x + 3$.

        Setting $f'(x) = 0$ gives $x = 3$.
        """
    )
    assert found[r"|1 - \epsilon\lambda| < 1 => 0 < \epsilon\lambda < 2"].status == "ok"
    right, wrong = (r for k, r in found.items() if k.startswith("f'(x) = 0"))
    assert right.status == "ok" and "definition of f(x)" in right.message, right.message
    assert wrong.status == "wrong" and wrong.counterexample.as_dict()["exact"]["x"] in ("2", 2), wrong.message


def test_an_equation_before_so_defines_and_a_derivation_after_hence_is_no_single_conclusion():
    text = "Note $a = 1$, so $b = 2$. We have $x > 0$, hence $y = x = z$. Let $t > 0$; then $t^2 > 0$.\n"
    assert _sentence_steps(text) == []


def test_vectors_listed_without_a_verb_are_declared_and_a_gradient_is_judged_on_instances():
    found = _judged(
        r"""
        # Problem 1

        Let $A$ be a matrix and $x$, $b$ vectors.
        $$f(x) = \frac{1}{2}\|Ax - b\|^2$$
        $$\nabla f(x) = A^T(Ax - b)$$

        # Problem 2

        Let $A$ be a matrix and $x$, $b$ vectors.
        $$f(x) = \frac{1}{2}\|Ax - b\|^2$$
        $$\nabla f(x) = A^T(Ax + b)$$
        """
    )
    right, wrong = found[r"\nabla f(x) = A^T(Ax - b)"], found[r"\nabla f(x) = A^T(Ax + b)"]
    assert right.status == "ok" and "b a general vector" in right.message, right.message
    assert wrong.status == "wrong"
    _gradient_differs_at(wrong.counterexample.as_dict()["at"], lambda a, b, x: a.T @ (a @ x - b), lambda a, b, x: a.T @ (a @ x + b))


def _gradient_differs_at(at: dict, gradient, claimed) -> None:
    a, b, x = (np.array(at[n], dtype=float) for n in ("A", "b", "x"))
    assert not np.allclose(gradient(a, b, x), claimed(a, b, x))


def test_the_gradient_of_a_body_written_out_is_the_gradient_not_a_name():
    found = _judged(
        r"""
        # Problem 1

        Let $A$ be a matrix, and $x$ a vector.
        $$\nabla_x (x^T A x) = (A + A^T)x$$

        # Problem 2

        Let $A$ be a matrix, and $x$ a vector.
        $$\nabla_x (x^T A x) = 2Ax$$

        # Problem 3

        Let $w$ be a vector.
        $$\nabla_w \|w\|^2 = w$$
        """
    )
    assert found[r"\nabla_x (x^T A x) = (A + A^T)x"].status == "ok"
    twin = found[r"\nabla_x (x^T A x) = 2Ax"]
    assert twin.status == "wrong" and "A a general matrix" in twin.message  # right only for a symmetric A
    at = twin.counterexample.as_dict()["at"]
    a, x = np.array(at["A"], dtype=float), np.array(at["x"], dtype=float)
    assert not np.allclose((a + a.T) @ x, 2 * a @ x)
    assert found[r"\nabla_w \|w\|^2 = w"].status == "wrong"


def test_a_gradient_of_a_body_without_its_variable_stays_a_name():
    from derivax.latex import parse
    from derivax.matrices import gradient_written

    assert gradient_written(parse(r"\nabla_x (x^T A x)").expr)
    assert not gradient_written(parse(r"\nabla_w (x^T A x)").expr)
    assert not gradient_written(parse(r"\nabla_w J").expr)
