"""Session 39: a solution marked with a star (``w^*``, ``\\theta_{opt}``) read as the value the premise is solved for and
used after its line; several premises of one sentence ("If $A$ and $B$, then $C$"); a hypothesis whose conclusion ends
its sentence is no assumption of the next display; a heading that names a topic ("# Expectations") is no statement of
the moments. Each with a right step and its wrong twin, the twin's witness re-checked by hand."""

from __future__ import annotations

import textwrap

from derivax.latex import solution_base
from derivax.steps import check_document


def _judged(document: str) -> dict[str, object]:
    found = check_document(textwrap.dedent(document), timeout_s=20)
    return {f"{r.left} {r.relation} {r.right}": r for r in found if r.status != "given"}


def test_solution_base_names_only_marked_names():
    assert [solution_base(n) for n in ("w__star", "theta_opt", "w_1__star", "w", "w_1", "star", "w_hat")] == [
        "w", "theta", "w_1", None, None, None, None
    ]


def test_a_starred_solution_solves_the_premise_and_its_wrong_twin_does_not():
    found = _judged(
        r"""
        # A

        Let $f(w) = \frac{1}{2} a w^2 - b w$ with $a > 0$. Setting $f'(w) = 0$ gives

        $$w^* = b/a$$

        # B

        Let $f(w) = \frac{1}{2} a w^2 - b w$ with $a > 0$. Setting $f'(w) = 0$ gives $w^* = b/(2a)$.
        """
    )
    right, wrong = found["f'(w) = 0 => w^* = b/a"], found["f'(w) = 0 => w^* = b/(2a)"]
    assert right.status == "ok" and "w__star read as the solution for w" in right.message
    assert wrong.status == "wrong", wrong.message
    at = {k: float(v) for k, v in wrong.counterexample.at.items()}
    a, b = at["a"], at["b"]
    assert a > 0 and a * (b / (2 * a)) - b != 0  # f'(b/(2a)) = -b/2: not a root where b != 0
    assert "does not solve the premise" in wrong.message


def test_a_starred_root_among_several_is_one_solution_and_a_non_root_is_refuted():
    # w^* names one solution (a minimiser among the roots of f'), not all of them: 1 is a root of 4w^3 - 4w, 2 is not
    found = _judged(
        r"""
        # A

        Setting $4w^3 - 4w = 0$ gives $w^* = 1$.

        # B

        Setting $4w^3 - 4w = 0$ gives $w^* = 2$.

        # C

        Solving $2\theta - 6 = 0$ we get $\theta_{opt} = 3$.
        """
    )
    assert found["4w^3 - 4w = 0 => w^* = 1"].status == "ok"
    wrong = found["4w^3 - 4w = 0 => w^* = 2"]
    assert wrong.status == "wrong" and 4 * 2**3 - 4 * 2 != 0
    assert found[r"2\theta - 6 = 0 => \theta_{opt} = 3"].status == "ok"


def test_a_starred_solution_is_used_by_the_lines_after_it():
    found = _judged(
        r"""
        # A

        Let $g(w) = (w - 3)^2 + 1$. Setting $g'(w) = 2(w - 3) = 0$ gives $w^* = 3$, so

        $$g(w^*) = 1$$

        # B

        Let $g(w) = (w - 3)^2 + 1$. The minimiser is $w^* = 3$ and

        $$g(w^*) = 2$$

        # C

        Let $f(w) = \frac{1}{2} a w^2 - b w$ with $a > 0$. Setting $f'(w) = 0$ gives

        $$w^* = \frac{b}{a}$$

        and

        $$f(w^*) = -\frac{b^2}{2a}$$
        """
    )
    assert found["g(w^*) = 1"].status == "ok" and "w__star" in found["g(w^*) = 1"].message
    wrong = found["g(w^*) = 2"]
    assert wrong.status == "wrong" and "is 1, not 2" in wrong.message and (3 - 3) ** 2 + 1 == 1
    assert found[r"f(w^*) = -\frac{b^2}{2a}"].status == "ok"


def test_a_plain_name_at_a_value_is_still_no_evaluation_alone():
    # u^2 + 2 = 12 after u = 3 may be an equation in u: named, never flagged (only marked solutions are evaluations)
    found = _judged("1) Problem 1\n\nLet $u = 3$. Then\n\n$$u^2 + 1 = 10$$\n\nand\n\n$$u^2 + 2 = 12$$\n")
    assert found["u^2 + 2 = 12"].status == "undecided"


def test_two_premises_of_one_sentence_hold_together():
    found = _judged(
        r"""
        # A

        If $\eta\lambda < 2$ and $\lambda > 0$, then $\eta < 2/\lambda$.

        # B

        If $\eta\lambda < 2$ and $\lambda > 0$ then $\eta < 1/\lambda$.

        # C

        Since $x > 1$ and $y > 1$, we have $xy > 1$.

        # D

        Since $x > 1$ and $y > 1$, we have $x + y > 3$.
        """
    )
    right = found[r"\eta\lambda < 2 \wedge \lambda > 0 => \eta < 2/\lambda"]
    assert right.status == "ok"
    wrong = found[r"\eta\lambda < 2 \wedge \lambda > 0 => \eta < 1/\lambda"]
    assert wrong.status == "wrong"
    at = {k: float(v) for k, v in wrong.counterexample.at.items()}
    eta, lam = at["eta"], at["lambda"]
    assert eta * lam < 2 and lam > 0 and not eta < 1 / lam
    assert found[r"x > 1 \wedge y > 1 => xy > 1"].status == "ok"
    twin = found[r"x > 1 \wedge y > 1 => x + y > 3"]
    assert twin.status == "wrong"
    at = {k: float(v) for k, v in twin.counterexample.at.items()}
    assert at["x"] > 1 and at["y"] > 1 and at["x"] + at["y"] <= 3


def test_a_hypothesis_with_its_own_conclusion_is_no_assumption_of_the_next_display():
    # "If $x > 0$ then $x^2 > 0$." states an implication; x > 0 is not assumed for the display after it (sqrt(x^2) = x
    # is false at x = -1), while "Assume $x > 0$." is
    document = textwrap.dedent(
        r"""
        # A

        If $x > 0$ then $x^2 > 0$.

        $$\sqrt{x^2} = x$$

        # B

        When $x > 0$, $|x| = x$.

        $$\sqrt{x^2} = x$$

        # C

        Assume $x > 0$.

        $$\sqrt{x^2} = x$$
        """
    )
    roots = [r for r in check_document(document, timeout_s=20) if r.left == r"\sqrt{x^2}"]
    assert [r.status for r in roots] == ["undecided", "undecided", "ok"]
    assert "assuming" not in roots[0].message and "assuming" not in roots[1].message
    assert "x > 0" in roots[2].message


def test_a_heading_that_names_expectations_does_not_stop_a_moment_step_from_being_flagged():
    found = _judged(
        r"""
        # Expectations

        Let $X_1, \dots, X_n$ be i.i.d. random variables with mean $\mu$ and variance $\sigma^2$, and
        $\bar X = \frac{1}{n}\sum_{i=1}^n X_i$.

        $$\operatorname{Var}(\bar X) = \frac{1}{n^2}\sum_{i=1}^n \operatorname{Var}(X_i) = \frac{\sigma^2}{n}$$

        Wrong:

        $$\operatorname{Var}(\bar X) = \frac{\sigma^2}{n^2}$$
        """
    )
    assert found[r"\frac{1}{n^2}\sum_{i=1}^n \operatorname{Var}(X_i) = \frac{\sigma^2}{n}"].status == "ok"
    wrong = found[r"\operatorname{Var}(\bar X) = \frac{\sigma^2}{n^2}"]
    assert wrong.status == "wrong", wrong.message
    assert "not flagged" not in wrong.message and "n = 2" in wrong.message  # sigma^2/2 against sigma^2/4 at n = 2


def test_a_function_defined_through_another_defined_in_the_same_sentence_is_a_composition():
    # "Let $p(z) = ...$ and $q(w) = p(3w)$": p(3w) is p at 3w (it was read p times 3w, and the right derivative was
    # flagged wrong); q(w) = p(3w) composes, it does not rename
    found = _judged(
        r"""
        # A

        Let $p(z) = \frac{1}{1+e^{-z}}$ and $q(w) = p(3w)$. Then

        $$q'(w) = 3 p(3w)(1 - p(3w))$$

        # B

        Let $p(z) = \frac{1}{1+e^{-z}}$ and $q(w) = p(3w)$. Then

        $$q'(w) = p(3w)(1 - p(3w))$$
        """
    )
    assert found["q'(w) = 3 p(3w)(1 - p(3w))"].status == "ok"
    wrong = found["q'(w) = p(3w)(1 - p(3w))"]
    assert wrong.status == "wrong" and "w=0" in wrong.message
    assert "lhs=0.75, rhs=0.25" in wrong.message  # q'(0) = 3 p(0)(1 - p(0)) = 3/4; p(0)(1 - p(0)) = 1/4


def test_a_matrix_the_text_defines_without_declaring_it_is_computed_from_its_definition():
    # A = Q Lambda Q^T (A undeclared): A^2 = Q Lambda Q^T Q Lambda Q^T is judged with A put in (it was "A appears on
    # one side only"); the twin's last link drops a transpose and is refuted on an instance
    found = _judged(
        r"""
        # A

        Let $Q$ be an orthogonal matrix and $\Lambda$ a diagonal matrix.

        $$A = Q \Lambda Q^T$$

        $$A^2 = Q\Lambda Q^T Q \Lambda Q^T = Q \Lambda^2 Q^T$$

        # B

        Let $Q$ be an orthogonal matrix and $\Lambda$ a diagonal matrix.

        $$A = Q \Lambda Q^T$$

        $$A^2 = Q\Lambda Q^T Q \Lambda Q^T = Q \Lambda^2 Q$$
        """
    )
    right = found[r"A^2 = Q\Lambda Q^T Q \Lambda Q^T"]
    assert right.status == "ok" and "with A = Q*Lambda*transpose(Q)" in right.read_as
    wrong = found[r"Q\Lambda Q^T Q \Lambda Q^T = Q \Lambda^2 Q"]
    assert wrong.status == "wrong" and "Q orthogonal" in wrong.message
