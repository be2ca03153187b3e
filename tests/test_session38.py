"""Session 38: definitions spelled ``\\triangleq`` or ``\\overset{def}{=}``, constants listed in one span ("and $a, b$
constants"), an equation as the premise of a sentence ("From $A$ it follows that $B$"), and a conclusion that holds
for every value of a symbol its premise does not mention; each with a right step and its wrong twin."""

from __future__ import annotations

import math
import textwrap

from derivax.context import _as_equation
from derivax.steps import check_document


def _judged(document: str) -> dict[str, object]:
    found = check_document(textwrap.dedent(document), timeout_s=20)
    return {f"{r.left} {r.relation} {r.right}": r for r in found if r.status != "given"}


def test_every_spelling_of_is_defined_as_reads_as_an_equation():
    for written in (r"h(u) \triangleq u^2", r"h(u) := u^2", r"h(u) \coloneqq u^2", r"h(u) \defeq u^2",
                    r"h(u) \overset{\text{def}}{=} u^2", r"h(u) \stackrel{\Delta}{=} u^2"):
        assert _as_equation(written).replace(" ", "") == "h(u)=u^2", written
    assert _as_equation(r"a \triangleqq b") == r"a \triangleqq b"  # another command, left alone


def test_a_function_defined_with_triangleq_is_used_and_its_wrong_derivative_refuted():
    found = _judged(
        r"""
        # Q1

        Let $h(u) \triangleq \ln(1 + e^{u})$. Then
        $$h'(u) = \frac{e^u}{1+e^u}$$

        # Q2

        Let $h(u) \triangleq \ln(1 + e^{u})$. Then
        $$h'(u) = \frac{1}{1+e^u}$$
        """
    )
    right, wrong = found[r"h'(u) = \frac{e^u}{1+e^u}"], found[r"h'(u) = \frac{1}{1+e^u}"]
    assert right.status == "ok" and "definition of h(u)" in right.message, right.message
    assert wrong.status == "wrong", wrong.message
    u = float(wrong.counterexample.as_dict()["at"]["u"])
    assert abs(math.exp(u) / (1 + math.exp(u)) - 1 / (1 + math.exp(u))) > 1e-6  # h'(u) = sigma(u) differs there


def test_constants_listed_in_one_span_make_the_variance_of_an_affine_map_decidable():
    found = _judged(
        r"""
        # Q1

        Let $X$ be a random variable with variance $\sigma^2$, and $a, b$ constants.
        $$\operatorname{Var}(aX + b) = a^2 \operatorname{Var}(X) = a^2\sigma^2$$

        # Q2

        Let $X$ be a random variable with variance $\sigma^2$, and $a, b$ constants.
        $$\operatorname{Var}(aX + b) = a \operatorname{Var}(X) + b = a\sigma^2 + b$$
        """
    )
    right = found[r"\operatorname{Var}(aX + b) = a^2 \operatorname{Var}(X)"]
    wrong = found[r"\operatorname{Var}(aX + b) = a \operatorname{Var}(X) + b"]
    assert right.status == "ok", right.message
    assert wrong.status == "wrong", wrong.message
    # the witness in the message: a = 0, b = 1, sigma = 1 gives Var(b) = 0 against 0 + 1
    assert "a = 0, b = 1" in wrong.message


def test_an_equation_after_from_is_the_premise_of_what_follows_in_the_sentence():
    found = _judged(
        r"""
        # Q1

        From $e^{-w} = \frac{1}{4}$ it follows that $w = \ln 4$.

        # Q2

        From $e^{-w} = \frac{1}{4}$ it follows that $w = -\ln 4$.

        # Q3

        Since $2a - 1 = 0$, we get $a = \frac{1}{2}$.
        """
    )
    right, wrong = found[r"e^{-w} = \frac{1}{4} => w = \ln 4"], found[r"e^{-w} = \frac{1}{4} => w = -\ln 4"]
    assert right.status == "ok", right.message
    assert wrong.status == "wrong", wrong.message
    w = wrong.counterexample.as_dict()["exact"]["w"]
    assert "log" in w and "4" in w  # w = ln 4, where e^{-w} = 1/4 and w != -ln 4
    assert found[r"2a - 1 = 0 => a = \frac{1}{2}"].status == "ok"


def test_a_conclusion_about_a_symbol_the_premise_leaves_free_follows_when_it_holds_for_every_value():
    found = _judged(
        r"""
        # Q1

        Let $C = -(y \ln a + (1-y)\ln(1-a))$. Since $y = 1$, we have $C = -\ln a$.

        # Q2

        Let $C = -(y \ln a + (1-y)\ln(1-a))$. Since $y = 0$, we have $C = -\ln a$.
        """
    )
    right, twin = (r for k, r in found.items() if k.endswith(r"C = -\ln a"))
    assert right.status == "ok" and "for every value of a" in right.message, right.message
    # the twin fails for every a != 1/2, but a fact stated elsewhere could tie a to y: undecided, never refuted
    assert twin.status == "undecided" and "does not mention" in twin.message, twin.message


def test_a_wrong_step_that_uses_a_definition_is_shown_at_a_point_the_definition_allows():
    found = _judged(
        r"""
        # Q1

        Let $\bar{x} = \frac{1}{n}\sum_{i=1}^n x_i$. Then
        $$\sum_{i=1}^n (x_i - \bar{x}) = \sum_{i=1}^n x_i - \bar{x} = 0.$$
        """
    )
    wrong = found[r"\sum_{i=1}^n (x_i - \bar{x}) = \sum_{i=1}^n x_i - \bar{x}"]
    assert wrong.status == "wrong" and "definition of x_bar" in wrong.message, wrong.message
    at = wrong.counterexample.as_dict()["at"]
    assert "x_bar" not in at  # the mean is the entries' mean, not a free number
    xs = [float(at[f"x_{i}"]) for i in range(1, int(at["n"]) + 1)]
    mean = sum(xs) / len(xs)
    assert abs(sum(x - mean for x in xs) - (sum(xs) - mean)) > 1e-9  # the sides differ at the point shown


def test_iid_without_the_words_random_variables_carries_its_mean_and_variance():
    found = _judged(
        r"""
        # Q1

        Let $x_1, \dots, x_n$ be i.i.d. with mean $\mu$ and variance $\sigma^2$, and $\bar{x} = \frac{1}{n}\sum_{i=1}^n x_i$.
        $$\operatorname{Var}(\bar{x}) = \frac{1}{n^2}\sum_{i=1}^n \operatorname{Var}(x_i) = \frac{\sigma^2}{n}$$

        # Q2

        Let $x_1, \dots, x_n$ be i.i.d. with mean $\mu$ and variance $\sigma^2$, and $\bar{x} = \frac{1}{n}\sum_{i=1}^n x_i$.
        $$\operatorname{Var}(\bar{x}) = \frac{1}{n}\sum_{i=1}^n \operatorname{Var}(x_i) = \sigma^2$$
        """
    )
    assert found[r"\frac{1}{n^2}\sum_{i=1}^n \operatorname{Var}(x_i) = \frac{\sigma^2}{n}"].status == "ok"
    wrong = found[r"\operatorname{Var}(\bar{x}) = \frac{1}{n}\sum_{i=1}^n \operatorname{Var}(x_i)"]
    assert wrong.status == "wrong", wrong.message
    assert "sigma**2/2 = sigma**2" in wrong.message  # at n = 2 the mean's variance is half, not all, of sigma^2


def test_a_name_given_a_moment_is_a_random_variable_and_a_variance_written_squared_a_positive_deviation():
    found = _judged(
        r"""
        # Q1

        Let $X$ have mean $\mu$ and variance $\sigma^2$.
        $$\mathbb{E}[X^2] = \operatorname{Var}(X) + \mathbb{E}[X]^2 = \sigma^2 + \mu^2$$

        # Q2

        Let $X$ have mean $\mu$ and variance $\sigma^2$.
        $$\mathbb{E}[X^2] = \operatorname{Var}(X) + \mathbb{E}[X]^2 = \sigma^2 - \mu^2$$

        # Q3

        Let $X$ have variance $\sigma^2$.
        $$\operatorname{Var}(2X) = 4\sigma^2 = (2\sigma)^2$$
        $$\sqrt{\operatorname{Var}(2X)} = \sqrt{4\sigma^2} = 2\sigma$$

        # Q4

        Suppose $W \sim \mathcal{N}(0, \sigma^2)$ and $X \sim \mathcal{N}(0, 1)$ are independent.
        $$\operatorname{Var}(WX) = \mathbb{E}[W^2]\mathbb{E}[X^2] = \sigma$$
        """
    )
    assert found[r"\operatorname{Var}(X) + \mathbb{E}[X]^2 = \sigma^2 + \mu^2"].status == "ok"
    wrong = found[r"\operatorname{Var}(X) + \mathbb{E}[X]^2 = \sigma^2 - \mu^2"]
    assert wrong.status == "wrong" and "mu = 1" in wrong.message, wrong.message  # 1 + 1 against 1 - 1
    assert found[r"\operatorname{Var}(2X) = 4\sigma^2"].status == "ok"
    # sigma is a standard deviation: 2 sigma is the root of 4 sigma^2, never flagged at sigma = -1
    root = found[r"\sqrt{4\sigma^2} = 2\sigma"]
    assert root.status != "wrong" and "a standard deviation" in root.message, root.message
    wrong = found[r"\mathbb{E}[W^2]\mathbb{E}[X^2] = \sigma"]
    assert wrong.status == "wrong" and "sigma = 2" in wrong.message, wrong.message  # sigma^2 = 4 against 2, at a positive sigma


def test_a_bernoulli_variable_given_by_the_probability_of_one():
    found = _judged(
        r"""
        # Q1

        Let $m$ be a Bernoulli random variable with $P(m = 1) = p$. Then
        $$\mathbb{E}\left[\frac{m}{p}\right] = \frac{1}{p}\mathbb{E}[m] = 1$$

        # Q2

        Let $m$ be a Bernoulli random variable with $\Pr(m = 1) = p$. Then
        $$\mathbb{E}\left[\frac{m}{p}\right] = \frac{1}{p}\mathbb{E}[m] = p$$
        """
    )
    assert [r.status for k, r in found.items() if k.startswith(r"\frac{1}{p}\mathbb{E}[m] =")] == ["ok", "wrong"]


def test_matrices_written_out_are_compared_entry_by_entry_alike_by_check_equiv_and_steps():
    from derivax.equiv import equivalent
    from derivax.judge import check_statement
    from derivax.latex import parse

    right, wrong = r"\begin{pmatrix} (x+1)^2 \\ 6y \end{pmatrix}", r"\begin{pmatrix} x^2 + 1 \\ 6y \end{pmatrix}"
    key = r"\begin{pmatrix} x^2 + 2x + 1 \\ 3y \cdot 2 \end{pmatrix}"
    assert equivalent(key, right)["verdict"] == "equivalent"
    different = equivalent(key, wrong)
    assert different["verdict"] == "different" and different["witness"]["entry"] == "entry 1"
    x = float(different["witness"]["at"]["x"])
    assert (x + 1) ** 2 != x**2 + 1  # the first entries differ at the point shown
    assert check_statement(parse(f"{key} = {wrong}")).verdict.value == "refuted"
    assert check_statement(parse(f"{key} = {right}")).verdict.value == "proved"
    found = _judged(f"# Q\n\n$${key} = {right} = {wrong}$$\n")
    assert [r.status for r in found.values()] == ["ok", "wrong"]
    # shapes that differ, or a lone matrix equation with a name on one side: no verdict
    shapes = parse(r"\begin{pmatrix} x \\ y \end{pmatrix} = \begin{pmatrix} x & y \end{pmatrix}")
    assert check_statement(shapes).verdict.value == "undecided"
    lone = _judged("# Q\n\n$$\\begin{pmatrix} 2x \\\\ 6y \\end{pmatrix} = \\begin{pmatrix} x \\\\ 6z \\end{pmatrix}$$\n")
    assert [r.status for r in lone.values()] == ["undecided"]


def test_the_gradient_of_a_function_of_two_names_is_the_column_of_its_partials():
    found = _judged(
        r"""
        # Q1

        Let $f(x, y) = x^2 + 3y^2$. Then
        $$\nabla f(x, y) = \begin{pmatrix} 2x \\ 6y \end{pmatrix}.$$

        # Q2

        Let $f(x, y) = x^2 + 3y^2$. Then
        $$\nabla f(x, y) = \begin{pmatrix} 2x \\ 3y \end{pmatrix}.$$
        """
    )
    right, wrong = found.values()
    assert right.status == "ok" and "definition of f(x, y)" in right.message, right.message
    assert wrong.status == "wrong" and "entry 2" in wrong.message, wrong.message
    y = float(wrong.counterexample.as_dict()["at"]["y"])
    assert 6 * y != 3 * y  # d/dy (x^2 + 3y^2) = 6y, not 3y, at the point shown


def test_a_name_given_to_an_expression_in_words_is_a_definition():
    from derivax.context import _definitions_said

    line = r"Let $s$ denote the normaliser $\sum_{k=1}^n e^{z_k}$, and write $u$ for $3w^2$."
    said = [m for _, maths, _ in _definitions_said(line) for m in maths]
    assert r"s = \sum_{k=1}^n e^{z_k}" in said and "u = 3w^2" in said
    refused = (
        r"Denote by $s$ the value $t = 2$.",
        r"$W$ denotes the weights $W \in \mathbb{R}^n$.",
        r"$h$ denotes the layer $\sigma(W h)$.",
    )
    for line in refused:
        assert not [m for _, maths, _ in _definitions_said(line) for m in maths if "=" in m], line  # no equation, a membership, itself
    found = _judged(
        r"""
        # Q1

        Denote by $s$ the sum $\sum_{k=1}^n e^{z_k}$. Then
        $$\frac{\partial s}{\partial z_j} = e^{z_j}.$$

        # Q2

        Denote by $s$ the sum $\sum_{k=1}^n e^{z_k}$. Then
        $$\frac{\partial s}{\partial z_j} = s.$$
        """
    )
    right, wrong = found.values()
    assert right.status == "ok" and "definition of s" in right.message, right.message
    assert wrong.status == "wrong", wrong.message
    at = wrong.counterexample.as_dict()["at"]
    zs = [float(at[f"z_{k}"]) for k in range(1, int(at["n"]) + 1)]
    assert abs(math.exp(zs[int(at["j"]) - 1]) - sum(math.exp(z) for z in zs)) > 1e-9  # e^{z_j} is not the whole sum there


def test_a_recurrence_over_k_is_unrolled_and_reported_at_k():
    found = _judged(
        r"""
        # Q1

        The recurrence is $a_{k+1} = (1 - \eta\lambda) a_k$ for $k \ge 0$. By induction,
        $$a_k = (1 - \eta\lambda)^k a_0.$$

        # Q2

        The recurrence is $a_{k+1} = (1 - \eta\lambda) a_k$ for $k \ge 0$. By induction,
        $$a_k = (1 - \eta\lambda)^{k+1} a_0.$$
        """
    )
    right, wrong = found.values()
    assert right.status == "ok" and "at k = 1, 2" in right.message, right.message
    assert wrong.status == "wrong" and "at k = 1 the sides differ" in wrong.message, wrong.message
    assert wrong.counterexample.at["k"] == 1  # a_1 = (1 - eta lambda) a_0, not (1 - eta lambda)^2 a_0


def test_the_vector_of_ones_and_sums_over_the_entries_of_declared_vectors():
    from derivax.latex import parse

    assert str(parse(r"\mathbf{1}^T x").expr) == "transpose(ones)*x"
    assert str(parse(r"\mathbf{1}_n^\top x").expr) == "transpose(ones_n)*x"
    assert str(parse(r"\mathbb{1}[x > 0]").expr) == "Piecewise((1, x > 0), (0, True))"  # the indicator stays one
    assert str(parse(r"\mathbf{1}_{y = k}").expr) == "Piecewise((1, Eq(k, y)), (0, True))"
    found = _judged(
        r"""
        # Q1

        Let $u$, $v$ and $x$ be vectors.
        $$u^T v = \sum_i u_i v_i = v^T u$$
        $$\mathbf{1}^T x = \sum_i x_i = x^T \mathbf{1}$$

        # Q2

        Let $x$ be a vector.
        $$\mathbf{1}^T x = \sum_i x_i^2 = \|x\|^2$$

        # Q3

        Let $d$ and $x$ be vectors.
        $$x^T \operatorname{diag}(d) x = \sum_i d_i x_i^2$$
        $$x^T \operatorname{diag}(d) x = \sum_i d_i x_i = d^T x$$
        """
    )
    statuses = {k: r.status for k, r in found.items()}
    assert statuses[r"u^T v = \sum_i u_i v_i"] == statuses[r"\sum_i x_i = x^T \mathbf{1}"] == "ok"
    wrong = found[r"\mathbf{1}^T x = \sum_i x_i^2"]
    assert wrong.status == "wrong", wrong.message
    x = wrong.counterexample.as_dict()["at"]["x"]
    assert abs(sum(v[0] for v in x) - sum(v[0] ** 2 for v in x)) > 1e-3  # sum x_i against sum x_i^2 at the instance
    assert statuses[r"x^T \operatorname{diag}(d) x = \sum_i d_i x_i^2"] == "ok"  # a lone relation that holds
    assert found[r"x^T \operatorname{diag}(d) x = \sum_i d_i x_i"].status == "wrong"


def test_a_row_of_entries_transposed_is_a_column_vector():
    from derivax.latex import parse

    assert str(parse(r"(2x, 6y)^T").expr) == "matrix((2*x,), (6*y,))"
    assert str(parse(r"\left[\sigma(z), 1\right]^\top").expr) == str(parse(r"\begin{pmatrix} \sigma(z) \\ 1 \end{pmatrix}").expr)
    assert str(parse(r"(0, 1)").expr) == "Interval.open(0, 1)"  # without a transpose: an interval, as before
    assert str(parse(r"f(x, y)^T").expr) == "transpose(f(x, y))"  # a call's arguments are no entries
    found = _judged(
        r"""
        # Q1

        Let $f(x, y) = x^2 y$. Then
        $$\nabla f(x, y) = (2xy, x^2)^T.$$

        # Q2

        Let $f(x, y) = x^2 y$. Then
        $$\nabla f(x, y) = (2xy, 2x^2)^T.$$
        """
    )
    right, wrong = found.values()
    assert right.status == "ok", right.message
    assert wrong.status == "wrong" and "entry 2" in wrong.message, wrong.message
    x = float(wrong.counterexample.as_dict()["at"]["x"])
    assert x**2 != 2 * x**2  # d/dy x^2 y = x^2, not 2x^2, at the point shown
