r"""Indices by instantiation (derivax.indices): sums over an unstated or symbolic range, at n = 1..6.

Every right step has a wrong twin that is refuted with a witness (the size, the index values, the
entries); ambiguous readings and an index free on one side only stay undecided, naming the reason.
"""

from __future__ import annotations

import pytest

from derivax.indices import check_with_indices, has_indices
from derivax.latex import parse
from derivax.steps import check_document


def _check(left: str, right: str):
    result = check_with_indices(parse(left).expr, parse(right).expr, [], seed=0, timeout_s=20.0)
    assert result is not None, "the step has indices"
    return result


# (id, left, right of the right step, right side of its wrong twin)
PAIRS = [
    ("distribute", r"\sum_k (a_k - y_k) x_k", r"\sum_k a_k x_k - \sum_k y_k x_k", r"\sum_k a_k x_k + \sum_k y_k x_k"),
    ("derivative", r"\frac{\partial}{\partial a_j} \sum_k y_k \ln a_k", r"\frac{y_j}{a_j}", r"y_j a_j"),
    ("leave-one-out", r"\sum_{k \ne j} y_k", r"\sum_k y_k - y_j", r"\sum_k y_k - 2 y_j"),
    ("explicit-n", r"\sum_{i=1}^{n} (x_i + 1)", r"\sum_{i=1}^{n} x_i + n", r"\sum_{i=1}^{n} x_i + n - 1"),
    ("product", r"\prod_k e^{x_k}", r"e^{\sum_k x_k}", r"e^{\prod_k x_k}"),
    ("double", r"\sum_{i,j} a_i b_j", r"\sum_i a_i \sum_j b_j", r"\sum_i a_i b_i"),
    ("nested-excluding", r"\sum_j \sum_{k \ne j} x_j x_k", r"(\sum_k x_k)^2 - \sum_k x_k^2", r"(\sum_k x_k)^2 + \sum_k x_k^2"),
    # \sum_{i<j}: j indexes x and appears nowhere else, so the sum runs over the pairs i < j (and j > i, i <= j)
    (
        "pairs",
        r"\sum_{i<j} (x_i - x_j)^2",
        r"n \sum_{i=1}^n x_i^2 - \left(\sum_{i=1}^n x_i\right)^2",
        r"n \sum_{i=1}^n x_i^2 + \left(\sum_{i=1}^n x_i\right)^2",
    ),
    ("pairs-square", r"\left(\sum_{i=1}^n x_i\right)^2 - \sum_{i=1}^n x_i^2", r"2 \sum_{i<j} x_i x_j", r"2 \sum_{i \le j} x_i x_j"),
    ("pairs-reversed", r"\sum_{j > i} x_i x_j", r"\sum_{i<j} x_i x_j", r"\sum_{i \le j} x_i x_j"),
    (
        "softmax-seed-001",
        r"\frac{1}{1 + e^{-cz_j^L} \sum_{k \neq j} e^{cz_k^L}}",
        r"\frac{1}{1 + \sum_{k \neq j} e^{c(z_k^L - z_j^L)}}",
        r"\frac{1}{1 + \sum_{k \neq j} e^{c(z_k^L + z_j^L)}}",
    ),
    (
        "log-softmax-seed-004",
        r"-\ln \frac{e^{s_j}}{\sum_{i=1}^n e^{s_i}}",
        r"-[s_j - \ln(e^{s_j} + \sum_{i=1, i \neq j}^n e^{s_i})]",
        r"-[s_j - \ln(\sum_{i=1, i \neq j}^n e^{s_i})]",
    ),
]


@pytest.mark.parametrize(("left", "right"), [(p[1], p[2]) for p in PAIRS], ids=[p[0] for p in PAIRS])
def test_right_step_is_ok_at_every_size(left, right):
    result = _check(left, right)
    assert result.status == "ok", result.message
    assert "instantiated at n = 1..6" in result.message


@pytest.mark.parametrize(("left", "twin"), [(p[1], p[3]) for p in PAIRS], ids=[p[0] for p in PAIRS])
def test_wrong_twin_is_refuted_with_a_witness(left, twin):
    result = _check(left, twin)
    assert result.status == "wrong", result.message
    assert result.at["n"] in range(1, 7) and len(result.at) > 1, "the size and the entries"
    assert result.lhs != result.rhs
    assert f"n = {result.at['n']}" in result.message


def test_a_written_entry_sets_the_least_size():
    # x_3 is an entry of x only where n >= 3; below that the step says nothing
    result = _check(r"\sum_k x_k", r"x_3 + \sum_{k \ne 3} x_k")
    assert result.status == "ok" and "n = 3..6" in result.message, result.message
    twin = _check(r"\sum_k x_k", r"2 x_3 + \sum_{k \ne 3} x_k")
    assert twin.status == "wrong" and twin.at["n"] == 3, twin.message


def test_the_witness_names_the_free_index_value():
    result = _check(r"\frac{\partial}{\partial a_j} \sum_k y_k \ln a_k", r"y_j a_j")
    assert result.at["j"] == 1 and {"a_1", "y_1"} <= set(result.at)


# Steps that must stay undecided: (id, left, right, part of the reason)
UNDECIDED = [
    ("free-on-one-side", r"\sum_k x_k", r"x_k", "the index k is free on one side only"),
    ("excluded-on-one-side", r"\sum_{k \ne j} y_k", r"\sum_k y_k", "the index j is free on one side only"),
    # \frac{1}{n} \sum_k: n may be the number of terms; the twin fails with n free, so never flagged
    ("count-like-n", r"\frac{1}{n} \sum_k 1", r"1", "may be the number of terms"),
    # \sum_w w^2 sums over the weights (elements), not over integers
    ("index-as-element", r"\sum_w w^2", r"\sum_w w", "used as a value"),
    # w_k outside the sum over k (seed 003 writes this): free and bound at once
    ("free-and-bound", r"\sum_{k=1}^n w_k x_k + w_k", r"\sum_{k=1}^n w_k x_k", "free on one side only"),
    # seed 003 line 312: the k of delta_k x_k is free beside the sum over k; the student may mean it inside
    (
        "free-and-bound-both-sides",
        r"(y_d - \sum_{k=1}^n w_k x_k - \delta_k x_k) x_k",
        r"(y_d - \sum_{k=1}^n w_k x_k) x_k - \delta_k x_k^2",
        "both a free index and a summation index",
    ),
    ("mixed-ranges", r"\sum_{i=0}^{n-1} x_i", r"\sum_k x_k", "beside one over a range other than 1..n"),
    # C = sum_k ...: C is defined here (a name on one side only); the failure is not flagged
    ("name-on-one-side", r"C", r"\sum_k y_k \ln a_k", "on one side only (defined elsewhere?)"),
    ("two-sizes", r"\sum_{i=1}^{n} x_i + \sum_{i=1}^{m} y_i", r"\sum_{i=1}^{n} x_i", "depend on 2 symbols"),
    ("huge-range", r"\sum_{i=1}^{n + 10^{9}} x_i", r"\sum_{i=1}^{n + 10^{9}} x_i + 0 x_1", "over 2000"),
    ("many-indices", r"\sum_{i,j,k,l,m} a_i b_j c_k d_l e_m", r"\sum_{i,j,k,l,m} b_j a_i c_k d_l e_m", "over 2000 terms"),
    # x_{k+1} is instantiated (an entry after the range), but k is also the sum's letter: which is meant?
    # t is no entry's index: \sum_{k<t} runs over k < t with t free (a recurrence unrolled), not over pairs
    ("order-free", r"\sum_{k<t} \beta^{t-k} g_k", r"\beta S", "free on one side only"),
    ("index-expression", r"\sum_k x_k + x_{k+1}", r"\sum_k (x_k + 1) + x_{k+1} - 1", "both a free index and a summation index"),
]


@pytest.mark.parametrize(("left", "right", "reason"), [u[1:] for u in UNDECIDED], ids=[u[0] for u in UNDECIDED])
def test_ambiguous_or_one_sided_steps_stay_undecided(left, right, reason):
    result = _check(left, right)
    assert result.status == "undecided"
    assert reason in result.message


def test_identical_sides_are_ok_whatever_the_reading():
    side = r"(y_d - \sum_{k=1}^n w_k x_k) x_k"
    assert _check(side, side).status == "ok"


def test_a_right_step_with_an_ambiguous_reading_may_still_be_ok():
    # the identity holds however the range is read; only a failure needs an unambiguous reading
    result = _check(r"\frac{1}{n} \sum_k (x_k + y_k)", r"\frac{1}{n} \sum_k x_k + \frac{1}{n} \sum_k y_k")
    assert result.status == "ok", result.message


@pytest.mark.parametrize(
    ("latex", "expected"),
    [(r"\sum_k x_k", True), (r"\sum_{i=1}^{n} x_i", True), (r"\sum_{i=1}^{3} x_i", False), (r"x_k + y_k", False)],
)
def test_which_steps_have_indices(latex, expected):
    assert has_indices(parse(latex).expr) is expected


DOCUMENT = r"""
The softmax cross-entropy, term by term:

$$\sum_k (a_k - y_k) x_k = \sum_k a_k x_k - \sum_k y_k x_k = \sum_k a_k x_k + \sum_k y_k x_k$$

A lone equation with a sum is not flagged:

$$\sum_k x_k y_k = 0$$
"""


def test_steps_judges_a_chain_with_indices():
    results = check_document(DOCUMENT, timeout_s=20.0)
    by_right = {r.right: r for r in results}
    good = by_right[r"\sum_k a_k x_k - \sum_k y_k x_k"]
    bad = by_right[r"\sum_k a_k x_k + \sum_k y_k x_k"]
    assert good.status == "ok" and good.method.startswith("indices") and "n = 1..6" in good.message
    assert bad.status == "wrong" and bad.counterexample is not None and bad.counterexample.at["n"] in range(1, 7)
    assert all(r.status != "wrong" for r in results if r.right == "0")


# One-hot sequences (a context file's `properties: [one-hot]`): each instance with its 1 at every position.
ONE_HOT = [
    ("sum-is-one", r"\sum_k y_k", r"1", r"2"),
    ("picks-one-term", r"\sum_k y_k (a_k - 1)", r"\sum_k y_k a_k - 1", r"\sum_k y_k a_k + 1"),
]


@pytest.mark.parametrize(("left", "right", "twin"), [p[1:] for p in ONE_HOT], ids=[p[0] for p in ONE_HOT])
def test_one_hot_right_step_ok_and_twin_wrong_with_the_position(left, right, twin):
    good = check_with_indices(parse(left).expr, parse(right).expr, [], timeout_s=20.0, one_hot=frozenset({"y"}))
    assert good.status == "ok" and "y one-hot" in good.message, good.message
    bad = check_with_indices(parse(left).expr, parse(twin).expr, [], timeout_s=20.0, one_hot=frozenset({"y"}))
    assert bad.status == "wrong" and bad.at["y"].startswith("e_") and "one-hot with its 1 at" in bad.message


@pytest.mark.parametrize(("left", "right"), [p[1:3] for p in ONE_HOT], ids=[p[0] for p in ONE_HOT])
def test_without_the_declaration_a_step_that_needs_one_hot_is_not_flagged(left, right):
    result = _check(left, right)
    assert result.status == "undecided" and "it holds if y is one-hot" in result.message


ONE_HOT_CONTEXT = """
symbols:
  'y_k': {kind: scalar, properties: [one-hot], description: the label}
"""

ONE_HOT_DOCUMENT = r"""
$$\sum_k y_k (a_k - 1) = \sum_k y_k a_k - 1 = \sum_k y_k a_k + 1$$
"""


def test_steps_use_the_context_files_one_hot_declaration():
    from derivax.assignment import assignment_from_text

    plain = check_document(ONE_HOT_DOCUMENT, timeout_s=20.0)
    # no declaration: the link that needs y one-hot is not flagged; -1 = +1 is wrong whatever y is
    assert [r.status for r in plain] == ["undecided", "wrong"]
    assert "it holds if y is one-hot" in plain[0].message
    results = check_document(ONE_HOT_DOCUMENT, timeout_s=20.0, assignment=assignment_from_text(ONE_HOT_CONTEXT, "hw.yaml"))
    assert [r.status for r in results] == ["ok", "wrong"]
    assert "one-hot as declared in context file hw.yaml" in results[0].message
    assert results[1].counterexample is not None and results[1].counterexample.at["y"].startswith("e_")


def test_one_hot_stated_in_the_prose_is_used_like_the_context_files_declaration():
    said = "If $y$ is a one-hot label, then\n" + ONE_HOT_DOCUMENT
    results = check_document(said, timeout_s=20.0)
    assert [r.status for r in results] == ["ok", "wrong"]
    assert "one-hot as the text says: y (line 1)" in results[0].message
    assert results[1].counterexample is not None and results[1].counterexample.at["y"].startswith("e_")
    # the prose of another section does not carry over
    other = "If $y$ is a one-hot label, then\n\n## Problem 2\n" + ONE_HOT_DOCUMENT
    assert [r.status for r in check_document(other, timeout_s=20.0)] == ["undecided", "wrong"]


@pytest.mark.parametrize(
    ("left", "right", "expected"),
    [
        (r"\sum_{k=1}^{n} (x_{k+1} - x_k)", r"x_{n+1} - x_1", "ok"),  # telescoping, the entry after the range
        (r"\sum_{k=1}^{n} (x_{k+1} - x_k)", r"x_{n} - x_1", "wrong"),  # its twin: off by one
        (r"\sum_{k=2}^{n} (x_k - x_{k-1})", r"x_n - x_1", "ok"),
    ],
)
def test_an_entry_with_a_shifted_index_outside_the_sums_is_instantiated(left, right, expected):
    from derivax.judge import check_statement

    j = check_statement(parse(f"{left} = {right}"))
    assert {"proved": "ok", "confirmed": "ok", "refuted": "wrong"}.get(j.verdict.value, "undecided") == expected, j
    if expected == "wrong":
        assert j.counterexample is not None and "x_2" in j.counterexample.at  # x_{n+1} at n = 1 is x_2


def test_an_index_that_only_names_a_derivative_variable_means_every_index():
    # d/dz_j of ln sum_k e^{z_k}: j names the variable only, so the claim is about every partial derivative; the twin
    # without e^{z_j} on the right was undecided ("the index j is free on one side only"), now refuted at n = 1
    from derivax.judge import check_statement

    left = r"\frac{\partial}{\partial z_j}\ln\sum_{k=1}^n e^{z_k} = "
    assert check_statement(parse(left + r"\frac{e^{z_j}}{\sum_{k=1}^n e^{z_k}}")).verdict.name == "CONFIRMED"
    twin = check_statement(parse(left + r"\frac{1}{\sum_{k=1}^n e^{z_k}}"))
    assert twin.verdict.name == "REFUTED" and twin.counterexample.at["j"] == 1, twin.describe()
    # a j that is an entry's index on one side only still asks which j is meant (y one-hot at j?)
    kept = check_statement(parse(r"\sum_{k=1}^n y_k \ln a_k = \ln a_j"))
    assert kept.verdict.name == "UNDECIDED" and "free on one side only" in kept.reason, kept.describe()


def test_an_index_free_on_one_side_under_a_stated_case_ranges_over_it():
    # d/dz_i ln s_j = -s_i for i != j: j on the left only was "free on one side only (which value is meant?)"
    from derivax.steps import check_document

    text = "Let $s_j = \\frac{e^{z_j}}{\\sum_k e^{z_k}}$.\n\n"
    text += "$$\\frac{\\partial}{\\partial z_i}\\ln s_j = {value} \\quad \\text{for } i \\neq j$$\n"
    right = check_document(text.replace("{value}", "-s_i"), timeout_s=10)
    assert right[-1].status == "ok" and "every value of i, j" in right[-1].message
    slip = check_document(text.replace("{value}", "1 - s_i"), timeout_s=10)
    assert slip[-1].status == "undecided" and "free on one side only" in slip[-1].message  # never flagged on that reading
