r"""Implications between relations in documents (issue 16, point 2): ``A \Rightarrow B`` is ``ok`` where B
holds wherever A does, ``wrong`` with a point where A holds and B fails, ``undecided`` otherwise.

Every ``wrong`` witness is re-checked here by plugging it into both relations with SymPy."""

from __future__ import annotations

import pytest
import sympy as sp

from derivax.latex import parse
from derivax.steps import check_document


def _implication(text: str):
    (step,) = [r for r in check_document(f"$${text}$$") if r.relation in ("=>", "<=>")]
    return step


@pytest.mark.parametrize(
    "text",
    [
        r"x^2 = 4 \Rightarrow x = 2 \vee x = -2",
        r"2x > 6 \Rightarrow x > 3",
        r"\frac{1-y}{1-a} = \frac{y}{a} \Rightarrow a = y",
        r"x^2 + y^2 = 1 \Rightarrow |x| \le 1",
        r"2x + 1 = 5 \Leftrightarrow x = 2",
        r"e^{x} > 1 \Rightarrow x > 0",
    ],
)
def test_a_valid_implication_is_ok(text):
    step = _implication(text)
    assert step.status == "ok", step.message


@pytest.mark.parametrize(
    ("text", "premise", "conclusion"),
    [
        (r"x^2 = 4 \Rightarrow x = 2", "x^2 = 4", "x = 2"),
        (r"x^2 + y^2 = 1 \Rightarrow |x| < 1", "x^2 + y^2 = 1", "|x| < 1"),
        (r"\frac{1-y}{1-a} = \frac{y}{a} \Rightarrow a = 1 - y", r"\frac{1-y}{1-a} = \frac{y}{a}", "a = 1 - y"),
        (r"x^2 = 4 \Leftrightarrow x = 2", "x^2 = 4", "x = 2"),
        (r"2x > 6 \Rightarrow x > 4", "2x > 6", "x > 4"),
    ],
)
def test_a_wrong_twin_is_refuted_with_a_point_where_the_premise_holds_and_the_conclusion_fails(text, premise, conclusion):
    step = _implication(text)
    assert step.status == "wrong", step.message
    point = step.counterexample.point
    holds = {side: parse(side).condition.xreplace(point) for side in (premise, conclusion)}
    assert holds[premise] == sp.true and holds[conclusion] == sp.false, (point, holds)


def test_a_conclusion_about_symbols_the_premise_never_mentions_is_undecided():
    step = _implication(r"-1 < 1 - 2\epsilon\lambda_i < 1 \Rightarrow \epsilon < \frac{1}{\lambda_{\max}}")
    assert step.status == "undecided" and "lambda_max" in step.message


def test_an_assumption_directive_narrows_the_premise():
    text = "% derivax: assume \\lambda > 0\n$$-1 < 1 - 2\\epsilon\\lambda < 1 \\Rightarrow \\epsilon < \\frac{1}{\\lambda}$$"
    (step,) = [r for r in check_document(text) if r.relation == "=>"]
    assert step.status == "ok", step.message
    (bare,) = [r for r in check_document(text.split("\n", 1)[1]) if r.relation == "=>"]
    assert bare.status == "wrong"  # lambda = -1, epsilon = -1/2: the premise holds, the conclusion does not
