"""Session 39: a solution marked with a star (``w^*``, ``\\theta_{opt}``) read as the value the premise is solved for and
used after its line; several premises of one sentence ("If $A$ and $B$, then $C$"); a hypothesis whose conclusion ends
its sentence is no assumption of the next display; a heading that names a topic ("# Expectations") is no statement of
the moments. Each with a right step and its wrong twin, the twin's witness re-checked by hand."""

from __future__ import annotations

import math
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


def test_a_definition_followed_by_for_a_fixed_name_is_no_case():
    # "define the loss $\ell(w) = ...$ for a fixed input $x$": no relation after "for", so no case; the definition holds
    # (it was dropped as a case, and the first link was "x on one side only")
    found = _judged(
        r"""
        # A

        Let $\sigma(z) = \frac{1}{1 + e^{-z}}$ and define the loss $\ell(w) = -\ln \sigma(w x)$ for a fixed input $x$.

        $$\ell'(w) = -x (1 - \sigma(wx))$$

        # B

        Let $\sigma(z) = \frac{1}{1 + e^{-z}}$ and define the loss $\ell(w) = -\ln \sigma(w x)$ for a fixed input $x$.

        $$\ell'(w) = -(1 - \sigma(wx))$$

        # C

        Let $f(x) = x$ for $x > 1$.

        $$f(x) = 2x$$
        """
    )
    right = found[r"\ell'(w) = -x (1 - \sigma(wx))"]
    assert right.status == "ok" and "ell(w)" in right.message
    wrong = found[r"\ell'(w) = -(1 - \sigma(wx))"]
    assert wrong.status == "wrong"
    at = {k: float(v) for k, v in wrong.counterexample.at.items()}
    assert at.get("x", 0.0) != 1.0  # the sides agree at x = 1 only
    # "for $x > 1$" is a case of f: no definition, so the display defines f anew and nothing is flagged
    assert "f(x) = 2x" not in found


def test_a_derivative_of_a_defined_name_is_a_result_computed():
    # d/dw e^u after u = w^2: taken of e^{w^2}, the w on the right is its own (it was "may be an equation being solved");
    # without u's definition it stays undecided (u may be defined in words not read)
    steps = [r for r in check_document(textwrap.dedent(_DERIVATIVE_OF_U), timeout_s=20)]
    assert [r.status for r in steps] == ["wrong", "ok", "undecided"]
    assert "w=0: lhs=0, rhs=1" in steps[0].message  # d/dw e^{w^2} = 2w e^{w^2} is 0 at w = 0; e^0 = 1


_DERIVATIVE_OF_U = r"""
# A

Let $u = w^2$. Then

$$\frac{d}{dw} e^{u} = e^{w^2}$$

# B

Let $u = w^2$. Then

$$\frac{d}{dw} e^{u} = 2 w e^{w^2}$$

# C

$$\frac{d}{dw} e^{u} = 2 w e^{w^2}$$
"""


def test_a_bound_named_by_a_noun_is_an_assumption_of_the_section():
    # "Here $\eta > 0$ is the learning rate and $\lambda > 0$ the decay": both bounds hold to the end of the section (the
    # right equivalence was "it follows for eta, lambda > 0 ... the text does not say: state it")
    found = _judged(
        r"""
        # A

        Here $\eta > 0$ is the learning rate and $\lambda > 0$ the decay.

        $$|1 - \eta\lambda| < 1 \iff 0 < \eta < \frac{2}{\lambda}$$

        # B

        Here $\eta > 0$ is the learning rate and $\lambda > 0$ the decay.

        $$|1 - \eta\lambda| < 1 \iff 0 < \eta < \frac{1}{\lambda}$$
        """
    )
    right = found[r"|1 - \eta\lambda| < 1 <=> 0 < \eta < \frac{2}{\lambda}"]
    assert right.status == "ok" and r"assuming \eta > 0, \lambda > 0" in right.message
    wrong = found[r"|1 - \eta\lambda| < 1 <=> 0 < \eta < \frac{1}{\lambda}"]
    assert wrong.status == "wrong"
    at = {k: float(v) for k, v in wrong.counterexample.at.items()}
    eta, lam = at["eta"], at["lambda"]
    assert eta > 0 and lam > 0 and abs(1 - eta * lam) < 1 and not eta < 1 / lam


def test_a_named_expression_that_is_no_bound_of_one_name_is_no_assumption():
    found = _judged("# A\n\nHere $x^2 > 0$ is the square and $f(x) > 0$ the value.\n\n$$\\sqrt{x^2} = x$$\n")
    assert found[r"\sqrt{x^2} = x"].status == "undecided" and "assuming" not in found[r"\sqrt{x^2} = x"].message


def test_a_step_that_combines_coupled_recurrences_follows_whatever_the_initial_values():
    # heavy-ball momentum, v and w each a recurrence: w_t + mu v_t - eta lambda w_t = (1 + mu - eta lambda) w_t - mu w_{t-1}
    # takes v_t = w_t - w_{t-1} from w's rule one step back (it was "the document does not state v_0")
    found = _judged(
        r"""
        # A

        Heavy-ball momentum: $v_{t+1} = \mu v_t - \eta \lambda w_t$ and $w_{t+1} = w_t + v_{t+1}$. So

        $$w_{t+1} = w_t + \mu v_t - \eta\lambda w_t = (1 + \mu - \eta\lambda) w_t - \mu w_{t-1}$$

        # B

        Heavy-ball momentum: $v_{t+1} = \mu v_t - \eta \lambda w_t$ and $w_{t+1} = w_t + v_{t+1}$, with $v_0 = 0$. So

        $$w_{t+1} = w_t + \mu v_t - \eta\lambda w_t = (1 + \mu + \eta\lambda) w_t - \mu w_{t-1}$$
        """
    )
    first = found[r"w_{t+1} = w_t + \mu v_t - \eta\lambda w_t"]
    assert first.status == "ok" and "no initial value needed" in first.message
    second = found[r"w_t + \mu v_t - \eta\lambda w_t = (1 + \mu - \eta\lambda) w_t - \mu w_{t-1}"]
    assert second.status == "ok"
    wrong = found[r"w_t + \mu v_t - \eta\lambda w_t = (1 + \mu + \eta\lambda) w_t - \mu w_{t-1}"]
    assert wrong.status == "wrong"  # differs from the right link by 2 eta lambda w_t


def test_follows_from_rules_is_a_proof_never_a_guess():
    import sympy as sp

    from derivax.recurrences import follows_from_rules, recurrence_from

    v, w, vp, wp, mu, eta = sp.symbols("v_t w_t v_tplus1 w_tplus1 mu eta")
    rules = [recurrence_from(vp, mu * v - eta * w, 1), recurrence_from(wp, w + vp, 1)]
    assert follows_from_rules(wp, w + mu * v - eta * w, rules)
    assert not follows_from_rules(wp, w + mu * v + eta * w, rules)
    assert not follows_from_rules(wp, w + v, rules)  # true only where v_{t+1} = v_t: no combination


def test_names_a_relative_clause_declares_are_random_with_their_own_moments():
    # "..., independent of the inputs $x_1, \dots, x_n$, which are i.i.d. with mean $0$ and variance $1$": x was declared
    # neither random nor a scalar (w's clause ran over it); now x has its own moments, w keeps its
    document = r"""
    # A

    {setup}

    $$\operatorname{Var}(z) = \sum_{i=1}^n \operatorname{Var}(w_i)\operatorname{Var}(x_i) = 1$$

    # B

    {setup}

    $$\operatorname{Var}(z) = \sum_{i=1}^n \operatorname{Var}(w_i)\operatorname{Var}(x_i) = 2$$
    """
    setup = (
        r"Let $w_1, \dots, w_n$ be i.i.d. with mean $0$ and variance $\frac{1}{n}$, independent of the inputs $x_1, \dots, x_n$, "
        r"which are i.i.d. with mean $0$ and variance $1$. Let $z = \sum_{i=1}^n w_i x_i$."
    )
    found = _judged(document.replace("{setup}", setup))
    assert found[r"\operatorname{Var}(z) = \sum_{i=1}^n \operatorname{Var}(w_i)\operatorname{Var}(x_i)"].status == "ok"
    assert found[r"\sum_{i=1}^n \operatorname{Var}(w_i)\operatorname{Var}(x_i) = 1"].status == "ok"
    wrong = found[r"\sum_{i=1}^n \operatorname{Var}(w_i)\operatorname{Var}(x_i) = 2"]
    assert wrong.status == "wrong" and "1 = 2" in wrong.message  # n * (1/n) * 1 = 1 at every n


def test_a_starred_value_that_does_not_solve_the_premise_names_nothing_after_it():
    # w^* = b/(2a) is wrong; f(w^*) = -b^2/(2a) after it is not judged with that value (which w^* would the student mean?)
    found = _judged(
        r"""
        # A

        Let $f(w) = \frac{1}{2} a w^2 - b w$ with $a > 0$. Setting $f'(w) = 0$ gives

        $$w^* = \frac{b}{2a}$$

        and

        $$f(w^*) = -\frac{b^2}{2a}$$
        """
    )
    assert found[r"f'(w) = 0 => w^* = \frac{b}{2a}"].status == "wrong"
    assert found[r"f(w^*) = -\frac{b^2}{2a}"].status == "undecided"


def test_alternatives_in_a_sentence_are_one_conclusion():
    # "gives $w = 2$ or $w = 3$": the roots both, as a disjunction (the conclusion was w = 2 alone; and a later line's
    # "$w = 4$" was taken for a fact the text states about this one)
    found = _judged(
        r"""
        # A

        Setting $w^2 - 5w + 6 = 0$ gives $w = 2$ or $w = 3$.

        Setting $w^2 - 5w + 6 = 0$ gives $w = 2$ or $w = 4$.
        """
    )
    assert found[r"w^2 - 5w + 6 = 0 => w = 2 \vee w = 3"].status == "ok"
    wrong = found[r"w^2 - 5w + 6 = 0 => w = 2 \vee w = 4"]
    assert wrong.status == "wrong" and "at w = 3 the premise holds" in wrong.message and 3**2 - 5 * 3 + 6 == 0


def test_a_step_in_a_sentence_takes_no_fact_from_the_next_sentence():
    found = _judged(
        r"""
        # A

        Setting $2w - 6 = 0$ gives $w = 4$.
        Then $w > 5$ is what we wanted.
        """
    )
    wrong = found[r"2w - 6 = 0 => w = 4"]
    assert wrong.status == "wrong" and "not flagged" not in wrong.message  # the point w = 3 breaks w > 5, said after it


def test_the_hessian_of_a_defined_function_is_its_matrix_of_second_partials():
    # \nabla^2 f did not parse; after f(x, y) = ... it is the Hessian, judged entry by entry. Compared with a number (a
    # physicist's Laplacian) the shapes differ: undecided, never wrong
    from derivax.latex import parse

    assert str(parse(r"\nabla^2 f").expr) == "hess(f)" and str(parse(r"\nabla_w^{2} L").expr) == "hess_w(L)"
    found = _judged(
        r"""
        # A

        For $f(x, y) = x^2 y + y^3$ the Hessian is

        $$\nabla^2 f = \begin{pmatrix} 2y & 2x \\ 2x & 6y \end{pmatrix}$$

        # B

        For $f(x, y) = x^2 y + y^3$ the Hessian is

        $$\nabla^2 f = \begin{pmatrix} 2y & 2x \\ 2x & 3y \end{pmatrix}$$

        # C

        For $f(x, y) = x^2 y + y^3$,

        $$\nabla^2 f = 8y$$
        """
    )
    assert found[r"\nabla^2 f = \begin{pmatrix} 2y & 2x \\ 2x & 6y \end{pmatrix}"].status == "ok"
    wrong = found[r"\nabla^2 f = \begin{pmatrix} 2y & 2x \\ 2x & 3y \end{pmatrix}"]
    assert wrong.status == "wrong" and "entry (2, 2)" in wrong.message  # f_yy = 6y, not 3y
    assert found[r"\nabla^2 f = 8y"].status == "undecided"


def test_this_requires_after_a_reason_makes_the_display_follow_from_the_one_before():
    # "Since $\sigma'(x) \le 1/4$ for every $x$, this requires $$|w| \ge 4$$": the issue's own example, read as the
    # implication from the display before (it was two lone relations); the twin |w| >= 5 is refuted at a = 0, |w| = 4
    found = _judged(
        r"""
        # A

        We need the gradient factor to be at least one:

        $$|w \sigma'(wa)| \ge 1$$

        Since $\sigma'(x) \le \frac{1}{4}$ for every $x$, this requires

        $$|w| \ge 4$$

        # B

        We need the gradient factor to be at least one:

        $$|w \sigma'(wa)| \ge 1$$

        Since $\sigma'(x) \le \frac{1}{4}$ for every $x$, this requires

        $$|w| \ge 5$$
        """
    )
    assert found[r"|w \sigma'(wa)| \ge 1 => |w| \ge 4"].status == "ok"
    wrong = found[r"|w \sigma'(wa)| \ge 1 => |w| \ge 5"]
    assert wrong.status == "wrong"
    at = {k: float(v) for k, v in wrong.counterexample.at.items()}
    a, w = at["a"], at["w"]
    sigma_prime = math.exp(-a * w) / (1 + math.exp(-a * w)) ** 2
    assert abs(w * sigma_prime) >= 1 and abs(w) < 5
