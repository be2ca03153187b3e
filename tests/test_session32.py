"""Session 32: a gradient by a name declared a scalar is that derivative (issue 16).

``\\nabla_\\theta f`` is read as an opaque gradient ``grad_theta(f)``: with a vector theta it is a vector of partial
derivatives, and nothing is known. Where the context file (``\\theta: {kind: scalar}``) or the prose ("let
$\\theta$ be a scalar") declares theta a scalar, the gradient is the derivative, taken once the definitions are in;
a body that is not written in theta (an undefined L) stays opaque, never 0.
"""

from __future__ import annotations

import textwrap

import pytest

from derivax.assignment import assignment_from_text
from derivax.steps import check_document

_SCALAR_THETA = "symbols:\n  '\\theta': {kind: scalar}\n  'w': {kind: vector}\n"


def _results(document: str, context: str | None = _SCALAR_THETA) -> dict[tuple[str, str], tuple[str, str]]:
    assignment = assignment_from_text(context, "hw.yaml") if context else None
    results = check_document(textwrap.dedent(document), timeout_s=10, assignment=assignment)
    return {(r.left, r.right): (r.status, r.message) for r in results}


_LOGISTIC = r"\nabla_\theta \sigma(a\theta)"


@pytest.mark.parametrize(
    ("right", "status"),
    [
        (r"a\sigma(a\theta)(1-\sigma(a\theta))", "ok"),
        (r"\sigma(a\theta)(1-\sigma(a\theta))", "wrong"),  # the chain rule's factor a forgotten
        (r"a\sigma(-a\theta)\sigma(a\theta)", "ok"),
        (r"-a\sigma(a\theta)(1-\sigma(a\theta))", "wrong"),
    ],
)
def test_a_gradient_by_a_declared_scalar_is_its_derivative(right, status):
    found = _results(f"The gradient:\n\n$$g = {_LOGISTIC} = {right}$$\n")
    verdict, message = found[(_LOGISTIC, right)]
    assert verdict == status, message
    assert "theta as a scalar (context file hw.yaml" in message  # the evidence names the declaration


def test_a_wrong_gradient_names_a_point_where_the_sides_differ():
    results = check_document("$$g = \\nabla_\\theta \\theta^3 = 2\\theta^2$$\n", assignment=assignment_from_text(_SCALAR_THETA, "hw.yaml"))
    wrong = next(r for r in results if r.status == "wrong")
    assert wrong.counterexample is not None and "theta" in wrong.counterexample.at


def test_without_the_declaration_the_gradient_stays_opaque():
    found = _results(f"$$g = {_LOGISTIC} = \\sigma(a\\theta)(1-\\sigma(a\\theta))$$\n", context=None)
    assert found[(_LOGISTIC, r"\sigma(a\theta)(1-\sigma(a\theta))")][0] == "undecided"


def test_the_prose_can_declare_the_scalar():
    document = """
        Let $\\theta$ be a scalar.

        $$g = \\nabla_\\theta (\\theta^2 + 3\\theta) = 2\\theta + 3$$

        $$h = \\nabla_{\\theta} \\theta^3 = 2\\theta^2$$
        """
    found = _results(document, context=None)
    assert found[(r"\nabla_\theta (\theta^2 + 3\theta)", r"2\theta + 3")][0] == "ok"
    status, message = found[(r"\nabla_{\theta} \theta^3", r"2\theta^2")]
    assert status == "wrong" and "theta as a scalar (line 2" in message


@pytest.mark.parametrize(
    ("left", "right"),
    [
        (r"\nabla_\theta L", "0"),  # L undefined: it may depend on theta; never taken as a constant
        (r"\nabla_\theta (a^2)", "0"),  # a undefined: the same
        (r"\nabla_w (w^T w)", "2w"),  # w a declared vector: a gradient, not the derivative by a scalar
        (r"\nabla_w (w^T w)", "w"),
    ],
)
def test_what_is_not_a_derivative_by_a_scalar_is_not_judged_as_one(left, right):
    status, message = _results(f"$$q = {left} = {right}$$\n")[(left, right)]
    assert status == "undecided" and "as a scalar" not in message


def test_a_gradient_of_a_defined_quantity_uses_its_definition():
    document = """
        $$L = (a\\theta - 1)^2$$

        $$g = \\nabla_\\theta L = 2a(a\\theta - 1)$$

        $$h = \\nabla_\\theta L = 2(a\\theta - 1)$$
        """
    found = _results(document)
    status, message = found[(r"\nabla_\theta L", r"2a(a\theta - 1)")]
    assert status == "ok" and "L (line 2)" in message
    status, message = found[(r"\nabla_\theta L", r"2(a\theta - 1)")]
    assert status == "wrong" and "L (line 2)" in message


def test_a_fixed_vector_in_the_prose_is_no_scalar():
    document = """
        Let $b$ be a fixed vector.

        $$g = \\nabla_b (b^2) = 3b$$
        """
    status, message = _results(document, context=None)[(r"\nabla_b (b^2)", "3b")]
    assert status == "undecided" and "as a scalar" not in message
