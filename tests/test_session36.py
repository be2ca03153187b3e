"""Session 36: an indexed family defined through its own earlier entry (``h_i = \\sigma(w_i h_{i-1})``) gives a
numbered entry its value, taken down to an entry with a value of its own; each capability with a right step and
its wrong twin, and the limits that keep it from a false verdict."""

from __future__ import annotations

import textwrap

import mpmath
import pytest

from derivax.assignment import assignment_from_text
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
