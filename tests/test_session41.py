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
