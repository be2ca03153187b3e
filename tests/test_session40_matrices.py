"""Session 40: matrices the text declares rectangular (``X \\in \\mathbb{R}^{m \\times n}`` with ``m > n``, "a $3 \\times 2$
matrix") are drawn rectangular, never square: an identity that holds only for square invertible matrices
(``X X^{-1} = I``, ``(X^T X)^{-1} = X^{-1} X^{-T}``, ``\\det(A)^2``) was ok. A side that is not defined for the declared
shapes (the inverse or the determinant of a non-square matrix) is undecided with that reason, the hat matrix applied to
y is not y (wrong, its rectangular witness re-checked here), and the right twins stay ok; square declarations and
documents that declare no size are judged as before."""

from __future__ import annotations

import textwrap

import numpy as np

from derivax.assignment import Assignment
from derivax.matrices import declared_dims, rectangular_names
from derivax.steps import check_document

_TALL = r"Let $X \in \mathbb{R}^{m \times n}$ with $m > n$ have full column rank, and $y \in \mathbb{R}^m$."


def _judged(document: str) -> dict[str, object]:
    found = check_document(textwrap.dedent(document), timeout_s=20)
    return {f"{r.left} {r.relation} {r.right}": r for r in found if r.status != "given"}


def test_declared_dims_reads_the_size_a_declaration_gives():
    said = Assignment(
        "the text",
        kinds={"X": "matrix", "T": "matrix", "y": "vector", "A": "matrix", "B": "matrix"},
        properties={
            "X": ("shape {m \\times n}",),
            "T": ("shape 3 \\times 2",),
            "y": ("shape m",),
            "A": ("invertible", "shape n \\times n"),
            "B": ("symmetric",),
        },
    )
    assert [declared_dims(said, n) for n in "XTyAB"] == [("m", "n"), (3, 2), ("m", 1), ("n", "n"), None]
    assert rectangular_names(set("XTyAB"), said) == {"X", "T"}  # a vector, a square matrix and no size: none


def test_the_inverse_of_a_rectangular_matrix_is_not_defined():
    found = _judged(
        rf"""
        {_TALL} The fitted values are

        $$\hat{{y}} = X (X^T X)^{{-1}} X^T y = X X^{{-1}} (X^T)^{{-1}} X^T y = y$$
        """
    )
    first = found[r"X (X^T X)^{-1} X^T y = X X^{-1} (X^T)^{-1} X^T y"]
    second = found[r"X X^{-1} (X^T)^{-1} X^T y = y"]
    for step in (first, second):  # both were ok: X X^{-1} read as 1, on square instances
        assert step.status == "undecided", step.message
        assert "not defined for the declared shapes" in step.message and "X^{-1}" in step.message, step.message
        assert "X is declared m x n, with m > n" in step.message, step.message


def test_the_hat_matrix_applied_to_y_is_not_y_for_a_tall_x():
    found = _judged(
        rf"""
        {_TALL} The fitted values are

        $$\hat{{y}} = X (X^T X)^{{-1}} X^T y = y$$
        """
    )
    step = found[r"X (X^T X)^{-1} X^T y = y"]
    assert step.status == "wrong", step.message
    at = step.counterexample.at
    x, y = np.array(at["X"], dtype=float), np.array(at["y"], dtype=float)
    assert x.ndim == 2 and x.shape[0] > x.shape[1] and y.shape == (x.shape[0], 1)  # rectangular, m > n, as declared
    fitted = x @ np.linalg.inv(x.T @ x) @ x.T @ y
    assert np.max(np.abs(fitted - y)) > 0.1  # re-checked: the projection of y onto X's columns is not y
    assert np.allclose(fitted, np.array(step.counterexample.lhs, dtype=float))
    assert "m = " in step.counterexample.note and "n = " in step.counterexample.note


def test_a_declared_3_by_2_matrix_has_no_inverse():
    found = _judged(
        r"""
        Let $X$ be a $3 \times 2$ matrix of rank 2 and $y$ a vector in $\mathbb{R}^3$.

        $$(X^T X)^{-1} X^T = X^{-1}$$
        """
    )
    step = found[r"(X^T X)^{-1} X^T = X^{-1}"]  # was ok: symbolic, (X^T X)^{-1} = X^{-1} X^{-T} for a square X only
    assert step.status == "undecided", step.message
    assert "X^{-1}" in step.message and "3x2" in step.message and "X is declared 3 x 2" in step.message, step.message


def test_the_determinant_of_a_rectangular_matrix_is_not_defined():
    found = _judged(
        r"""
        Let $A \in \mathbb{R}^{m \times n}$ with $m > n$.

        $$\det(A^T A) = \det(A)^2$$
        """
    )
    step = found[r"\det(A^T A) = \det(A)^2"]
    assert step.status == "undecided", step.message
    assert "det(A)" in step.message and "not defined for the declared shapes" in step.message, step.message


def test_unrelated_dimensions_are_drawn_rectangular_too():
    # m and n with no relation stated: tall and wide instances; the tall ones refute the claim
    found = _judged(
        r"""
        Let $X \in \mathbb{R}^{m \times n}$ and $y \in \mathbb{R}^m$.

        $$\hat{y} = X (X^T X)^{-1} X^T y = y$$
        """
    )
    step = found[r"X (X^T X)^{-1} X^T y = y"]
    assert step.status == "wrong", step.message
    x, y = (np.array(step.counterexample.at[n], dtype=float) for n in "Xy")
    assert x.shape[0] != x.shape[1] and np.max(np.abs(x @ np.linalg.inv(x.T @ x) @ x.T @ y - y)) > 0.1


def test_right_twins_with_a_tall_x_stay_ok():
    found = _judged(
        rf"""
        # Transpose

        {_TALL}

        $$(X^T X)^T = X^T X$$

        # Inverse

        {_TALL}

        $$X^T X (X^T X)^{{-1}} = I$$

        # Projection

        {_TALL} Let $P = X(X^T X)^{{-1}} X^T$.

        $$P^2 = X(X^T X)^{{-1}} X^T X (X^T X)^{{-1}} X^T = X (X^T X)^{{-1}} X^T = P$$

        # Fixed

        {_TALL}

        $$X(X^T X)^{{-1}} X^T X = X$$

        # Gradient

        {_TALL}

        $$\nabla_w \|Xw - y\|^2 = 2X^T(Xw - y)$$
        """
    )
    for key in (
        r"(X^T X)^T = X^T X",
        r"X^T X (X^T X)^{-1} = I",
        r"X(X^T X)^{-1} X^T X (X^T X)^{-1} X^T = X (X^T X)^{-1} X^T",
        r"X(X^T X)^{-1} X^T X = X",
        r"\nabla_w \|Xw - y\|^2 = 2X^T(Xw - y)",
    ):
        assert found[key].status == "ok", (key, found[key].message)
        assert "X a general m x n matrix" in found[key].message, found[key].message
    assert "sizes taken w n x 1" in found[r"\nabla_w \|Xw - y\|^2 = 2X^T(Xw - y)"].message


def test_square_declarations_are_judged_as_before():
    found = _judged(
        r"""
        # A

        Let $A$ be an invertible $n \times n$ matrix.

        $$(A^T A)^{-1} = A^{-1} (A^T)^{-1} = (A^T)^{-1} A^{-1}$$

        # B

        Let $A \in \mathbb{R}^{n \times n}$ be invertible.

        $$\det(A^T A) = \det(A^T)\det(A) = \det(A)^2$$
        """
    )
    assert found[r"(A^T A)^{-1} = A^{-1} (A^T)^{-1}"].status == "ok"
    wrong = found[r"A^{-1} (A^T)^{-1} = (A^T)^{-1} A^{-1}"]
    assert wrong.status == "wrong", wrong.message
    a = np.array(wrong.counterexample.at["A"], dtype=float)
    assert a.shape[0] == a.shape[1]
    inv = np.linalg.inv(a)
    assert np.max(np.abs(inv @ inv.T - inv.T @ inv)) > 0.1  # re-checked: A^{-1} A^{-T} is not A^{-T} A^{-1} here
    assert found[r"\det(A^T A) = \det(A^T)\det(A)"].status == "ok"
    assert found[r"\det(A^T)\det(A) = \det(A)^2"].status == "ok"


def test_a_property_declared_with_the_size_stays_declared():
    # "Let $A \in R^{n x n}$ ... $A$ is symmetric": the size and the property both, neither instead of the other
    found = _judged(
        r"""
        Let $w \in \mathbb{R}^n$ and $A \in \mathbb{R}^{n \times n}$, and $A$ is symmetric, so

        $$\nabla_w (w^T A w) = 2 A w$$
        """
    )
    assert found[r"\nabla_w (w^T A w) = 2 A w"].status == "ok", found[r"\nabla_w (w^T A w) = 2 A w"].message


def test_a_size_in_letters_alone_declares_a_matrix():
    # "where $X$ is $n \times d$": X a matrix of that size; "$\eta$ is $2 \times 10$" (numbers, no noun) declares nothing
    found = _judged(
        r"""
        The design matrix is $X$, where $X$ is $n \times d$ with $n > d$, and $y \in \mathbb{R}^n$.

        $$\hat{y} = X (X^T X)^{-1} X^T y = y$$
        """
    )
    step = found[r"X (X^T X)^{-1} X^T y = y"]
    assert step.status == "wrong" and "n = " in step.counterexample.note and "d = " in step.counterexample.note, step.message
    x = np.array(step.counterexample.at["X"], dtype=float)
    assert x.shape[0] > x.shape[1]
