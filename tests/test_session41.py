"""Session 41: probes with fresh derivations (optimizers and recurrences, LaTeX notation, probability) and the
last session's review. What a comment says is not read: a commented-out definition of e or base of ``\\log`` changes
no reading. Each with a right step and a wrong twin whose witness is re-checked by hand."""

from __future__ import annotations

import ast
import re
import textwrap

import sympy as sp

from derivax.assignment import load_assignment
from derivax.steps import check_document


def _judged(document: str) -> dict[str, object]:
    found = check_document(textwrap.dedent(document).lstrip("\n"), timeout_s=20)  # "# A" on line 1
    return {f"{r.line}: {r.left} {r.relation} {r.right}": r for r in found if r.status != "given"}


def _status(found: dict[str, object]) -> dict[str, str]:
    return {key: r.status for key, r in found.items()}


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
