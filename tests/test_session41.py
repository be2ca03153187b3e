"""Session 41: probes with fresh derivations (optimizers and recurrences, LaTeX notation, probability) and the
last session's review. What a comment says is not read: a commented-out definition of e or base of ``\\log`` changes
no reading. Each with a right step and a wrong twin whose witness is re-checked by hand."""

from __future__ import annotations

import ast
import re
import textwrap

import pytest
import sympy as sp

from derivax.assignment import load_assignment
from derivax.equiv import equivalent
from derivax.evidence import Verdict
from derivax.judge import check_statement
from derivax.latex import LatexError, parse
from derivax.steps import check_document
from tests.conftest import judged_steps, statuses

_judged, _status = judged_steps, statuses  # "# A" on line 1


def test_a_commented_out_definition_of_e_reads_nothing():
    found = _status(
        _judged(
            r"""
            <!-- Let $e = y - wx$ be the error. -->
            Then

            $$\ln e = 1$$

            $$\ln e = 2$$
            """
        )
    )
    assert found == {"4: \\ln e = 1": "ok", "6: \\ln e = 2": "wrong"}


def test_a_commented_out_log_base_reads_nothing():
    commented = _judged(
        r"""
        \section{A}
        % Here $\log$ denotes the base-2 logarithm.
        $$\log 8 = 3$$
        """
    )
    said = _judged(
        r"""
        \section{A}
        Here $\log$ denotes the base-2 logarithm.
        $$\log 8 = 3$$
        """
    )
    (natural,) = commented.values()
    assert natural.status == "wrong" and "2.07944" in natural.message  # ln 8
    (binary,) = said.values()
    assert binary.status == "ok" and "base-2 logarithm, as the text says" in binary.message


_CONTEXT = """
assignment: a symmetric H and independent X, Y
symbols:
  'H': {kind: matrix, properties: [symmetric]}
  'x': {kind: vector}
  'y': {kind: vector}
  'X': {kind: random variable, properties: [independent, zero mean], variance: '1'}
  'Y': {kind: random variable, properties: [independent, zero mean], variance: '1'}
"""


def test_the_text_takes_back_a_context_files_property(tmp_path):
    path = tmp_path / "context.yaml"
    path.write_text(_CONTEXT)
    document = r"""
        # A

        $$(Hx)^T y = x^T H^T y = x^T H y$$

        # B

        In this problem $H$ is not symmetric.

        $$(Hx)^T y = x^T H^T y = x^T H y$$

        # C

        $$\mathbb{E}[XY] = \mathbb{E}[X]\mathbb{E}[Y] = 0$$

        # D

        Now suppose $X$ and $Y$ are not independent.

        $$\mathbb{E}[XY] = \mathbb{E}[X]\mathbb{E}[Y] = 0$$
        """
    found = check_document(textwrap.dedent(document).lstrip("\n"), timeout_s=20, assignment=load_assignment(path))
    status = {(r.line, r.left, r.right): r for r in found if r.status != "given"}
    assert status[(3, "x^T H^T y", "x^T H y")].status == "ok"  # the file's symmetric H
    denied = status[(9, "x^T H^T y", "x^T H y")]
    assert denied.status == "wrong" and "H a general matrix" in denied.message
    h, x, y = (sp.Matrix(m) for m in _matrices(denied.message))  # the witness, re-checked
    assert x.T * h.T * y != x.T * h * y
    assert status[(13, "\\mathbb{E}[XY]", "\\mathbb{E}[X]\\mathbb{E}[Y]")].status == "ok"  # independent in the file
    assert status[(19, "\\mathbb{E}[XY]", "\\mathbb{E}[X]\\mathbb{E}[Y]")].status != "ok"  # "not independent"


def _matrices(message: str) -> list[list[list[int]]]:
    """H=[[..]], x=[[..]], y=[[..]] of a matrix witness, in that order."""
    return [ast.literal_eval(m) for m in re.findall(r"\b[Hxy]=(\[\[.*?\]\])", message)[:3]]


def test_definitions_by_a_map_and_by_equiv_and_a_derivative_at_a_point():
    found = _status(
        _judged(
            r"""
            # A

            Define $g: \mathbb{R} \to \mathbb{R}$ by $g(x) = x^3 - 2x$.

            $$g'(x) = 3x^2 - 2$$

            $$\left. \frac{dg}{dx} \right|_{x=1} = 1$$

            $$\frac{dg}{dx}\Big|_{x=2} = 10$$

            # B

            Define $g: \mathbb{R} \to \mathbb{R}$ by $g(x) = x^3 - 2x$.

            $$g'(x) = 3x^2 - 2x$$

            $$\left. \frac{dg}{dx} \right|_{x=1} = 3$$

            $$\frac{dg}{dx}\Big|_{x=2} = 12$$

            # C

            Let $\ell(w) \equiv (w - 3)^2$.

            $$\ell'(w) = 2(w - 3)$$

            # D

            Let $\ell(w) \equiv (w - 3)^2$.

            $$\ell'(w) = 2w - 3$$
            """
        )
    )
    assert found == {
        "5: g'(x) = 3x^2 - 2": "ok",  # g'(x) = 3x^2 - 2
        "7: \\left. \\frac{dg}{dx} \\right|_{x=1} = 1": "ok",  # 3 - 2
        "9: \\frac{dg}{dx}\\Big|_{x=2} = 10": "ok",  # 12 - 2
        "15: g'(x) = 3x^2 - 2x": "wrong",
        "17: \\left. \\frac{dg}{dx} \\right|_{x=1} = 3": "wrong",
        "19: \\frac{dg}{dx}\\Big|_{x=2} = 12": "wrong",
        "25: \\ell'(w) = 2(w - 3)": "ok",
        "31: \\ell'(w) = 2w - 3": "wrong",  # 2w - 6
    }


def test_independence_is_what_the_text_says_of_which_names():
    """A probe's false verdicts: "independent of the noise" made the line's variables independent of each other, two
    groups declared apart were one, and a stated correlation was ignored; Var(X + Y) = 2 was ok where it is 3."""
    found = _judged(
        r"""
        # A

        Let $X$ and $Y$ be independent random variables with zero mean and unit variance.

        $$\operatorname{Var}(X + Y) = \operatorname{Var}(X) + \operatorname{Var}(Y) = 2$$

        $$\operatorname{Var}(X + Y) = 3$$

        # B

        Assume $X$ and $Y$ are independent of the noise $\epsilon$, with zero mean, unit variance and correlation $\frac{1}{2}$.

        $$\operatorname{Var}(X + Y) = \operatorname{Var}(X) + \operatorname{Var}(Y) = 2$$

        # C

        Let $X \sim \mathcal{N}(0, 1)$ and $Y \sim \mathcal{N}(0, 1)$ have correlation $\frac{1}{2}$, independent of the noise.

        $$\operatorname{Var}(X + Y) = 2$$

        # D

        Let $X$ and $Y$ be independent random variables with zero mean and unit variance.

        Let $Z$ and $W$ be independent random variables with zero mean and unit variance.

        $$\operatorname{Var}(X + Z) = 2$$

        $$\operatorname{Var}(Z + W) = 2$$

        # E

        Let $X \sim \mathcal{N}(0,1)$ and $Y \sim \mathcal{N}(0,1)$ with $\operatorname{Cov}(X, Y) = \frac12$; $Z$ is independent of $X$.

        $$\operatorname{Var}(X + Y) = 2$$

        # F

        Let $X \sim \mathcal{N}(0, 1)$ be independent of $Y$, where $Y$ has zero mean and unit variance.

        $$\mathbb{E}[XY] = \mathbb{E}[X]\mathbb{E}[Y] = 0$$
        """
    )
    status = _status(found)
    assert status["5: \\operatorname{Var}(X + Y) = \\operatorname{Var}(X) + \\operatorname{Var}(Y)"] == "ok"
    assert status["5: \\operatorname{Var}(X) + \\operatorname{Var}(Y) = 2"] == "ok"
    wrong = found["7: \\operatorname{Var}(X + Y) = 3"]
    assert wrong.status == "wrong" and "lhs = 2, rhs = 3" in wrong.message  # independent: 1 + 1
    # "independent of the noise": X and Y are not said independent of each other (their correlation is 1/2)
    assert status["13: \\operatorname{Var}(X + Y) = \\operatorname{Var}(X) + \\operatorname{Var}(Y)"] == "undecided"
    assert status["19: \\operatorname{Var}(X + Y) = 2"] == "undecided"
    assert status["27: \\operatorname{Var}(X + Z) = 2"] == "undecided"  # two groups: X and Z not said independent
    assert status["29: \\operatorname{Var}(Z + W) = 2"] == "ok"
    assert status["35: \\operatorname{Var}(X + Y) = 2"] == "undecided"  # Cov(X, Y) = 1/2 stated: 3
    assert status["41: \\mathbb{E}[XY] = \\mathbb{E}[X]\\mathbb{E}[Y]"] == "ok"  # "be independent of $Y$": the pair


def test_a_value_stated_after_a_step_settles_nothing_the_step_needs_it_for():
    """A probe's false ok: "In part (b) we take $g_1 = 1$" after the step was used to unroll it (v_2 = mu + g_2 was ok;
    it is mu g_1 + g_2). Said for what came before ("where $v_0 = 0$") it holds there."""
    found = _judged(
        r"""
        # A

        With $v_0 = 0$ and $v_t = \mu v_{t-1} + g_t$,
        $$v_2 = \mu + g_2.$$
        In part (b) we take $g_1 = 1$.

        # B

        Let $v_t = \mu v_{t-1} + g_t$.

        $$v_2 = \mu g_1 + g_2$$

        where $v_0 = 0$.

        # C

        Let $v_t = \mu v_{t-1} + g_t$.

        $$v_2 = \mu g_1 + 2 g_2$$

        where $v_0 = 0$.
        """
    )
    later = found["4: v_2 = \\mu + g_2"]
    assert later.status == "undecided" and "g_1 (line 5), stated after this step" in later.message
    assert found["11: v_2 = \\mu g_1 + g_2"].status == "ok"
    wrong = found["19: v_2 = \\mu g_1 + 2 g_2"]
    assert wrong.status == "wrong" and wrong.counterexample is not None


def test_cross_and_dot_products_of_marked_vectors_are_not_read_as_numbers():
    """A probe's false proofs: \\mathbf{a} \\times \\mathbf{b} = \\mathbf{b} \\times \\mathbf{a} was proved (read a*b),
    and the true a x b = -b x a refuted. Now refused, so undecided; a scalar times a vector still reads."""
    for written in (
        r"\mathbf{a} \times \mathbf{b} = \mathbf{b} \times \mathbf{a}",
        r"\mathbf{a} \times \mathbf{b} = -\mathbf{b} \times \mathbf{a}",
        r"(\mathbf{a}\cdot\mathbf{b})\,\mathbf{c} = \mathbf{a}\,(\mathbf{b}\cdot\mathbf{c})",
        r"\vec{u} \cdot \vec{v} = \vec{v} \cdot \vec{u}",
        r"\boldsymbol{a} \times \boldsymbol{a} = 0",
    ):
        with pytest.raises(LatexError, match="cross and dot products"):
            parse(written)
    assert parse(r"2 \cdot \mathbf{x} = \mathbf{x} + \mathbf{x}").expr == sp.Eq(2 * sp.Symbol("x"), 2 * sp.Symbol("x"), evaluate=False)
    found = _status(
        _judged(
            r"""
            Let $u, v \in \mathbb{R}^3$ be vectors.

            $$u \times v = v \times u$$
            """
        )
    )
    assert found == {"3: u \\times v = v \\times u": "undecided"}  # declared vectors: no scalar reading


def test_a_function_before_a_slash_is_read_both_ways():
    """A probe's false wrong: \\cos \\pi/3 = 1/2 was refuted as (\\cos \\pi)/3. Both readings now; a verdict only where
    they agree."""
    for written in (r"\cos \pi/3 = \frac{1}{2}", r"\cos \pi/3 = -\frac{1}{3}", r"\sin x/2 = \frac{\sin x}{2}"):
        assert check_statement(parse(written)).verdict == Verdict.UNDECIDED, written
    wrong = check_statement(parse(r"\sin \pi/2 = 2"))  # 0 or 1, never 2
    assert wrong.verdict == Verdict.REFUTED


def test_a_natural_number_is_a_whole_number_at_least_zero():
    """A probe's false wrong: "Let $t \\in \\mathbb{N}$" was echoed as an assumption and broken by the witness t = 0.5
    ((-2)^{2t} = 4^t holds for every natural t). \\mathbb{N} is 0, 1, 2, ... (the wider convention)."""
    found = _status(
        _judged(
            r"""
            Let $t \in \mathbb{N}$. Then

            $$(-2)^{2t} = 4^t$$

            $$(-2)^{t} = (-1)^t 2^t = 2^t$$
            """
        )
    )
    assert found == {"3: (-2)^{2t} = 4^t": "ok", "5: (-2)^{t} = (-1)^t 2^t": "ok", "5: (-1)^t 2^t = 2^t": "wrong"}
    refuted = check_statement(parse(r"2^n > n + 1"), [parse(r"n \in \mathbb{N}")])
    assert refuted.verdict == Verdict.REFUTED and refuted.counterexample.at["n"] in (0, 1)  # 1 > 1, 2 > 2: both false


def test_one_name_in_its_spellings():
    """A probe's false 'different': n_\\text{in} was n_text*i*n (and \\lambda_\\text{max} equivalent to
    \\lambda_\\text{xam}), n_{\\rm in} was n_rmin, \\overline{x} was another name than \\bar{x}."""
    same = [
        (r"\frac{2}{n_{in}+n_{out}}", r"\frac{2}{n_\text{in}+n_\text{out}}"),
        (r"\frac{2}{n_{in}+n_{out}}", r"\frac{2}{n_{\rm in}+n_{\rm out}}"),
        (r"\frac{2}{\lambda_{\max}}", r"\frac{2}{\lambda_\mathrm{max}}"),
        (r"\bar{x} - \mu", r"\overline{x} - \mu"),
        (r"\hat{\theta} - \eta g", r"\widehat{\theta} - \eta g"),
        (r"\tilde{y}", r"\widetilde{y}"),
    ]
    for key, answer in same:
        assert parse(key).expr == parse(answer).expr, (key, answer)
    assert parse(r"\lambda_\text{max}").expr != parse(r"\lambda_\text{xam}").expr
    assert parse(r"n_\text{in}").expr != parse(r"n_\text{out}").expr


def test_solutions_labelled_x1_x2_are_the_keys_unknown_as_a_second_reading():
    """A probe's false 'incorrect': x_{1,2} = \\frac{5 \\pm 1}{2} for the key x = 2 \\vee x = 3 (x_12 a new unknown).
    Read as labels of x too: undecided where the readings differ, different (with x's witness) where both say so."""
    labelled = equivalent(r"x = 2 \vee x = 3", r"x_{1,2} = \frac{5 \pm 1}{2}")
    assert labelled["verdict"] == "undecided" and "read as its solutions, equivalent" in labelled["reason"]
    assert equivalent(r"x = 2 \vee x = 3", r"x_1 = 2 \vee x_2 = 3")["verdict"] == "undecided"
    wrong = equivalent(r"x = 2 \vee x = 3", r"x_1 = 2 \vee x_2 = 4")
    assert wrong["verdict"] == "different" and wrong["witness"]["at"] == {"x": 3}  # 3 solves the key, not the answer


def test_multi_line_derivations_are_cut_where_their_author_cut_them():
    """A probe's false verdicts on layouts: a row ending in an operator went on in the next one (3 + 4 = 10 was judged
    alone: wrong); ``A \\implies B \\\\ \\implies C`` checked A => C (a false ok where B => C is wrong); a condition on
    one row of a chain held for that row only (a false wrong at x = -1); a "% ..." line inside an align dropped the
    whole display (its wrong step never judged)."""
    found = _status(
        _judged(
            r"""
            # A

            $$
            \begin{align*}
            s &= 1 + 2 + \\
            &\qquad 3 + 4 \\
            &= 10
            \end{align*}
            $$

            # B

            $$
            \begin{align*}
            2w = 4 &\implies w^2 = 4 \\
            &\implies w = 2
            \end{align*}
            $$

            # C

            $$
            \begin{align*}
            \max(0, x) + x &= 2x \\
            &= 2|x| \qquad \text{for } x > 0
            \end{align*}
            $$

            # D

            $$
            \begin{align*}
            (a+b)^2 &= a^2 + 2ab + b^2 \\
            % expand
            &= a^2 + b^2
            \end{align*}
            $$
            """
        )
    )
    assert found["5: 1 + 2 + 3 + 4 = 10"] == "ok"
    assert "6: 3 + 4 = 10" not in found
    assert found["15: 2w = 4 => w^2 = 4"] == "ok"
    assert found["15: w^2 = 4 => w = 2"] == "wrong"  # w = -2
    assert "15: 2w = 4 => w = 2" not in found
    assert found["24: \\max(0, x) + x = 2x"] == "ok" and found["24: 2x = 2|x|"] == "ok"
    assert found["33: (a+b)^2 = a^2 + 2ab + b^2"] == "ok" and found["33: a^2 + 2ab + b^2 = a^2 + b^2"] == "wrong"


def test_a_case_on_one_row_of_separate_equations_stays_that_rows():
    found = _judged(
        r"""
        $$
        \begin{align*}
        \max(0, x) &= x \quad \text{for } x > 0 \\
        \max(0, x) &= x
        \end{align*}
        $$
        """
    )
    assert found["3: \\max(0, x) = x"].status == "ok"
    assert found["4: \\max(0, x) = x"].status != "ok"  # a relation of its own: x = -1 breaks it
