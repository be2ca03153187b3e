r"""Steps with vectors and matrices (derivax.matrices): judged on random instances with the declared properties.

Every right step has a wrong twin that is refuted with an instance a student can multiply out; a step whose
shapes fit no reading, an inequality between matrices and a function defined elsewhere are ``undecided``.
"""

from __future__ import annotations

import builtins
import doctest
import textwrap

import numpy as np
import pytest
import sympy as sp

from derivax import latex, matrices
from derivax.assignment import assignment_from_text
from derivax.latex import parse
from derivax.matrices import ShapeError, check_matrix_step, evaluate
from derivax.steps import check_document

CONTEXT = assignment_from_text(
    textwrap.dedent(
        r"""
        symbols:
          A: {kind: matrix}
          B: {kind: matrix}
          P: {kind: matrix}
          D: {kind: matrix, properties: [diagonal]}
          E: {kind: matrix, properties: [diagonal]}
          Q: {kind: matrix, properties: [orthogonal]}
          H: {kind: matrix, properties: [symmetric, positive definite]}
          '\Lambda': {kind: matrix, properties: [diagonal]}
          I: {kind: matrix, properties: [identity]}
          v: {kind: vector}
          '\epsilon': {domain: positive}
          '\eta': {domain: positive}
          t: {domain: integer >= 1}
        """
    ),
    "hw.yaml",
)


def _judge(left: str, right: str, relation: str = "=", context=CONTEXT, **options):
    return check_matrix_step(parse(left), relation, parse(right), context, **options)


# (id, left, right, status): each right step beside its wrong twin
STEPS = [
    ("AB-BA-general", "AB", "BA", "wrong"),
    ("DE-ED-diagonal", "DE", "ED", "ok"),
    ("square-of-sum", "(A+B)^2", "A^2 + AB + BA + B^2", "ok"),
    ("square-of-sum-as-scalars", "(A+B)^2", "A^2 + 2AB + B^2", "wrong"),
    ("square-of-sum-diagonal", "(D+E)^2", "D^2 + 2DE + E^2", "ok"),
    ("transpose-of-product", "(AB)^T", "B^T A^T", "ok"),
    ("transpose-of-product-unswapped", "(AB)^T", "A^T B^T", "wrong"),
    ("inverse-of-product", "(AB)^{-1}", "B^{-1}A^{-1}", "ok"),
    ("inverse-of-product-unswapped", "(AB)^{-1}", "A^{-1}B^{-1}", "wrong"),
    ("orthogonal-QQT", "Q Q^T", "I", "ok"),
    ("orthogonal-QTQ-v", "Q^T Q v", "v", "ok"),
    ("orthogonal-cancels", r"Q(I-2\epsilon\Lambda)Q^T Q(I-2\epsilon\Lambda)Q^T v", r"Q(I-2\epsilon\Lambda)^2 Q^T v", "ok"),
    ("general-does-not-cancel", r"P(I-2\epsilon\Lambda)P^T P(I-2\epsilon\Lambda)P^T v", r"P(I-2\epsilon\Lambda)^2 P^T v", "wrong"),
    ("power-t", r"Q(I-2\epsilon\Lambda)^t Q^T Q(I-2\epsilon\Lambda) Q^T v", r"Q(I-2\epsilon\Lambda)^{t+1} Q^T v", "ok"),
    ("power-t-inside", r"Q(I-2\epsilon\Lambda)^t Q^T v", r"Q(I-2\epsilon\Lambda^t)Q^T v", "wrong"),
    ("symmetric-quadratic-form", "v^T H v", "v^T H^T v", "ok"),
    ("general-quadratic-form", "v^T A v", "v^T A^T v", "ok"),  # a 1x1 equals its transpose
    ("general-bilinear-form", "v^T A B v", "v^T B A v", "wrong"),
    ("inverse-cancels", "H^{-1}H v", "v", "ok"),
    ("identity-factor", r"v - \eta I v", r"(I - \eta I)v", "ok"),
    ("identity-scalar", r"(I - \eta I)v", r"(1 - \eta)v", "ok"),
    ("identity-scalar-sign", r"(I - \eta I)v", r"(1 + \eta)v", "wrong"),
    ("trace-cyclic", r"\operatorname{tr}(ABP)", r"\operatorname{tr}(PAB)", "ok"),
    ("trace-not-any-order", r"\operatorname{tr}(ABP)", r"\operatorname{tr}(APB)", "wrong"),
    ("trace-linear", r"\operatorname{tr}(A + \eta B)", r"\operatorname{tr}(A) + \eta\,\mathrm{tr}(B)", "ok"),
    ("trace-of-outer-product", r"\operatorname{tr}(v v^T)", "v^T v", "ok"),
    ("determinant-multiplicative", r"\det(AB)", r"\det(A)\det(B)", "ok"),
    ("determinant-not-additive", r"\det(A + B)", r"\det(A) + \det(B)", "wrong"),
    ("determinant-of-scaled", r"\det(\eta A)", r"\eta \det(A)", "wrong"),  # eta^n det(A): fails at n = 2
    ("determinant-orthogonal", r"\det(Q)^2", "1", "ok"),
]


@pytest.mark.parametrize(("left", "right", "status"), [s[1:] for s in STEPS], ids=[s[0] for s in STEPS])
def test_a_right_step_is_ok_and_its_twin_wrong_with_an_instance(left, right, status):
    verdict = _judge(left, right)
    assert verdict.status == status, verdict.message
    if status == "ok":
        assert "on random instances of sizes 1..4 with the declared properties (" in verdict.message
        assert "within 1e-09 of the largest entry" in verdict.message  # the tolerance is stated
        assert verdict.counterexample is None
    else:
        ce = verdict.counterexample
        assert ce is not None and ce.lhs != ce.rhs and "n = " in ce.note
        assert verdict.message.startswith("the sides differ at ")


def test_the_counterexample_to_AB_equals_BA_can_be_plugged_in():
    ce = _judge("AB", "BA").counterexample
    a, b = np.array(ce.at["A"], float), np.array(ce.at["B"], float)
    assert a.shape == b.shape and a.shape[0] >= 2  # 1x1 matrices commute: the smallest failing size is 2
    assert np.all(a == np.round(a)) and np.all(b == np.round(b))  # small integers, to multiply by hand
    assert np.array_equal(a @ b, np.array(ce.lhs)) and np.array_equal(b @ a, np.array(ce.rhs))
    assert not np.array_equal(a @ b, b @ a)


def test_an_orthogonal_cancellation_needs_the_declared_property():
    # With Q orthogonal, Q^T Q = I cancels in the middle; the same step with a general P fails (seed 003, line 255).
    left, right = r"Q(I-2\epsilon\Lambda)Q^T Q(I-2\epsilon\Lambda)Q^T v", r"Q(I-2\epsilon\Lambda)^2 Q^T v"
    assert _judge(left, right).status == "ok"
    general = assignment_from_text(
        "symbols: {Q: {kind: matrix}, '\\Lambda': {kind: matrix, properties: [diagonal]}, I: {kind: matrix, properties: [identity]}}"
    )
    twin = _judge(left, right, context=general)
    assert twin.status == "wrong" and "Q a general matrix" in twin.message


def test_QQT_equals_I_without_orthogonality_is_undecided_alone_and_wrong_inside_a_chain():
    # Alone, Q Q^T = I names Q on one side only: it may be a statement of a property of Q ("using the fact
    # that Q^T Q = I", as seed 003 writes before using it), so, as for scalar steps, it is reported only
    # when it holds. Used inside a step that keeps Q on both sides, the context file is the instructor's
    # declaration of what Q is: a general matrix, for which the step is false, with an instance to show.
    alone = _judge("P P^T", "I")
    assert alone.status == "undecided" and "appear on one side only" in alone.message
    assert _judge("Q Q^T", "I").status == "ok"
    chain = _judge("P P^T P v", "P v")
    assert chain.status == "wrong" and chain.counterexample is not None
    assert _judge("Q Q^T Q v", "Q v").status == "ok"


def test_a_shape_mismatch_is_undecided_never_wrong():
    verdict = _judge("A v", "v^T A")
    assert verdict.status == "undecided" and "shapes do not fit" in verdict.message and "3x1" in verdict.message
    assert _judge("A + v", "v + A").status == "undecided"


def test_undeclared_names_are_tried_as_scalars_and_vectors_and_must_agree():
    both = _judge(r"(I - \eta I)w", r"(1 - \eta)w")
    assert both.status == "ok" and "(w as a vector; w as a scalar)" in both.message
    scalar_only = _judge("A w", "w A")  # only a scalar w fits both sides
    assert scalar_only.status == "ok" and "w as a scalar" in scalar_only.message
    # the inner and the outer product confused: a name written transposed is a vector, 1x1 against nxn (it was
    # confirmed, the scalar reading of w taken as the only fit)
    split = _judge("w^T w", "w w^T")
    assert split.status == "undecided" and "the left side is 1x1, the right side 3x3 (with w as a vector)" in split.message
    # each side defined as vectors, different shapes; equal for a number x: the readings disagree
    outer = _judge("x y^T", "y^T x")
    assert outer.status == "undecided" and "x as a vector, y as a vector, where the left side is" in outer.message
    assert _judge("x^T y", "y^T x").status == "ok"  # the inner product is symmetric in every reading that fits


def test_inequalities_implications_and_functions_defined_elsewhere_are_undecided():
    inequality = _judge("-1", r"(I - 2\epsilon\Lambda)", "<")
    assert inequality.status == "undecided" and "inequality" in inequality.message
    assert _judge("A", "B", "=>").status == "undecided"
    gradient = _judge(r"\nabla J(v)", "2Hv")
    assert gradient.status == "undecided" and "defined elsewhere" in gradient.message


def test_a_failure_is_not_flagged_where_the_prose_states_a_condition_or_the_step_is_lone():
    assert _judge("AB v", "BA v", condition="since A and B commute").status == "undecided"
    lone = _judge("AB v", "BA v", linked=False)
    assert lone.status == "undecided" and "single relation" in lone.message
    assert _judge("(AB)^T v", "(B^T A^T) v", linked=False).status == "ok"  # a lone identity that holds is reported


def test_scalars_are_drawn_where_the_assumptions_hold():
    # (1 - eta) I v = |1 - eta| v holds only for eta <= 1: refuted for eta in (0, inf), ok under eta <= 1.
    left, right = r"(1 - \eta) I v", r"|1 - \eta| v"
    wrong = _judge(left, right)
    assert wrong.status == "wrong" and wrong.counterexample.at["eta"] > 1
    eta = sp.Symbol("eta")
    assert _judge(left, right, conditions=[sp.Le(eta, 1), sp.Gt(eta, 0)]).status == "ok"


def test_the_reading_keeps_the_order_and_the_default_reading_is_unchanged():
    text = r"2Q\Lambda(Q^T w)"
    default = parse(text)
    names = frozenset({"Q", "Lambda", "w"})
    ordered = parse(text, noncommutative=names)
    assert sp.sstr(ordered.expr) == "2*Q*Lambda*transpose(Q)*w"
    assert parse(text) is default and "Lambda(" in default.read_as  # memo keyed on the option; default as before
    assert (text, latex.MAX_LENGTH, 2.0, names) in latex._MEMO and (text, latex.MAX_LENGTH, 2.0) in latex._MEMO
    assert sp.sstr(parse(r"Q(I - \Lambda)^2 Q^T", noncommutative=frozenset({"Q", "Lambda", "I"})).expr) == "Q*(I - Lambda)**2*transpose(Q)"
    assert sp.sstr(parse(r"(A+B)^2", noncommutative=frozenset({"A", "B"})).expr) == "(A + B)**2"
    assert sp.sstr(parse(r"(AB)^{-1}", noncommutative=frozenset({"A", "B"})).expr) == "(A*B)**(-1)"
    assert sp.sstr(parse(r"AB - BA", noncommutative=frozenset({"A", "B"})).expr) == "A*B - B*A"


def test_evaluation_needs_equal_shapes_and_never_broadcasts():
    expr = parse("A + v", noncommutative=frozenset({"A", "v"})).expr
    with pytest.raises(matrices.ShapeError, match="cannot add"):
        evaluate(expr, {"A": np.eye(3), "v": np.ones((3, 1))})
    with pytest.raises(matrices.NotEvaluable, match="singular"):
        evaluate(parse("A^{-1}", noncommutative=frozenset({"A"})).expr, {"A": np.zeros((2, 2))})


def test_a_hostile_declared_name_never_reaches_generated_code(monkeypatch):
    hostile = assignment_from_text(
        "symbols:\n  'M_{\\text{__import__}}': {kind: matrix}\n  'N_{os.system;x}': {kind: matrix, properties: [diagonal]}\n"
    )
    assert set(hostile.kinds) == {"M_import_6ebe0d", "N_ossystemx_d04482"}  # safe identifiers, read once

    def refuse(*args, **kwargs):
        raise AssertionError("no code is generated or run for a matrix step")

    import derivax.codegen

    monkeypatch.setattr(builtins, "eval", refuse)
    monkeypatch.setattr(builtins, "exec", refuse)
    monkeypatch.setattr(sp, "lambdify", refuse)
    monkeypatch.setattr(derivax.codegen, "safe_lambdify", refuse)
    left, right = r"M_{\text{__import__}} N_{os.system;x}", r"N_{os.system;x} M_{\text{__import__}}"
    wrong = _judge(left, right, context=hostile)
    assert wrong.status == "wrong" and set(wrong.counterexample.at) == {"M_import_6ebe0d", "N_ossystemx_d04482"}
    control = _judge(r"N_{os.system;x} N_{os.system;x}", r"N_{os.system;x}^2", context=hostile)
    assert control.status == "ok"  # and the control beside it is still judged


# Seed 003 (gradient descent on w^T H w) with its context file: the steps that use Q, Lambda, H or I.
# Checked by hand: every `ok` below is a true identity for Q orthogonal, Lambda diagonal, I the identity
# (253: w_0 - 2eQLQ^T w_0 = (I - 2eQLQ^T) w_0 factors w_0 out; (I - 2eQLQ^T) = Q(I - 2eL)Q^T since QQ^T = I;
# 255: Q^T Q = I in the middle; 285/287: eta I w = eta w). No matrix step of the seed is wrong.
SEED_003_MATRIX_STEPS = {
    # grad J of J(w) = w^T H w (defined in the prose), H = Q Lambda Q^T in the file: 2Hw (H symmetric), the same
    # written out, and regrouped (associativity)
    (227, r"\nabla J(w)"): "ok",
    (231, r"\nabla J(w)"): "ok",
    (235, r"\nabla J(w)"): "ok",
    (243, r"w_{\text{new}}"): "ok",  # restates w_new (line 239) with grad J(w_old) = 2 Q Lambda Q^T w_old
    (253, "w_1"): "ok",  # the rule at t = 1
    (253, r"w_0 - 2\epsilon Q\Lambda Q^T w_0"): "ok",
    (253, r"(I - 2\epsilon Q\Lambda Q^T) w_0"): "ok",
    (255, "w_2"): "ok",  # the rule at t = 2, Q orthogonal
    (255, r"Q(I - 2\epsilon \Lambda) Q^T w_1"): "ok",  # w_1 and w_0 unrolled with the rule
    (255, r"Q(I - 2\epsilon \Lambda) Q^T Q(I - 2\epsilon \Lambda) Q^T w_0"): "ok",
    (259, "w_t"): "ok",  # the closed form, at t = 1..4
    (269, "-1"): "given",  # -1 < (I - 2 eps Lambda): a premise of the implication after it (its check)
    (269, r"(I - 2\epsilon\Lambda)"): "given",
    # (277) Newton's step "is given by: w_new = w_old - eta H^{-1} grad J(w_old)": a definition (given, no check)
    (281, r"w_{\text{new}}"): "given",  # joined by "\Rightarrow" to the next display: the implication is the check
    # (2H)^{-1} 2H w_old read with numbers cancels H away: it went the scalar way ("sampling") until session 29
    (283, r"w_{\text{new}}"): "given",
    (285, r"w_{\text{new}}"): "given",  # w_new = w_old - eta I w_old: the conclusion of that implication
    (287, r"w_{\text{old}} - \eta Iw_{\text{old}}"): "ok",
    # (287) w_new = (I - eta I) w_old restates w_new: given, the rewrite above is its check (was undecided)
    (289, r"(I - \eta I)w_{\text{old}}"): "ok",
}


def test_seed_003_matrix_steps_with_its_context_file(seeds_dir):
    from pathlib import Path

    from derivax.assignment import load_assignment

    context = Path(__file__).resolve().parents[1] / "examples" / "context" / "003_adam_gd_newton_dropout.yaml"
    found = check_document((seeds_dir / "003_f457ea5a82bac99a.txt").read_text(), assignment=load_assignment(context))
    got = {(r.line, r.left): r.status for r in found if r.method == "matrices" and r.relation in ("=", "<")}
    assert got == SEED_003_MATRIX_STEPS
    assert not [r for r in found if r.method == "matrices" and r.status == "wrong"]


def test_the_docstring_examples_hold():
    assert doctest.testmod(matrices).failed == 0


def test_matrices_declared_in_the_prose_are_instantiated_without_a_context_file():
    from derivax.steps import check_document

    text = textwrap.dedent(r"""
        Let $Q$ be an orthogonal matrix and $\Lambda$ a diagonal matrix, and let $w \in \mathbb{R}^n$.

        $$Q \Lambda Q^T Q \Lambda Q^T w = Q \Lambda^2 Q^T w$$

        $$(Q \Lambda Q^T)^2 w = Q \Lambda^2 Q^T w = Q^T \Lambda^2 Q w$$
        """)
    steps = {f"{r.left} = {r.right}": r for r in check_document(text)}
    right = steps[r"Q \Lambda Q^T Q \Lambda Q^T w = Q \Lambda^2 Q^T w"]
    assert right.status == "ok" and right.method == "matrices" and "declared in the text" in right.message
    twin = steps[r"Q \Lambda^2 Q^T w = Q^T \Lambda^2 Q w"]  # Q Lambda^2 Q^T is not Q^T Lambda^2 Q
    assert twin.status == "wrong" and twin.counterexample is not None
    # Q undeclared (only written transposed): not known to be orthogonal, so Q^T Q is not I and nothing is decided.
    plain = {f"{r.left} = {r.right}": r for r in check_document(text.replace("Let $Q$ be", "Let $R$ be"))}
    assert plain[r"Q \Lambda Q^T Q \Lambda Q^T w = Q \Lambda^2 Q^T w"].status == "undecided"


def test_beside_matrices_the_prose_declares_i_is_the_identity():
    from derivax.steps import check_document

    text = textwrap.dedent(r"""
        Let $H$ be a symmetric positive definite matrix.

        $$w_{t+1} = w_t - \epsilon H w_t = (I - \epsilon H) w_t$$
        """)
    right = {f"{r.left} = {r.right}": r for r in check_document(text)}[r"w_t - \epsilon H w_t = (I - \epsilon H) w_t"]
    assert right.status == "ok" and "I identity" in right.message
    twin = {f"{r.left} = {r.right}": r for r in check_document(text.replace(r"(I - \epsilon H)", r"(I + \epsilon H)"))}
    wrong = twin[r"w_t - \epsilon H w_t = (I + \epsilon H) w_t"]
    assert wrong.status == "wrong" and wrong.counterexample is not None


def test_the_gradient_of_a_defined_function_of_a_vector_is_taken_on_each_instance():
    # J(w) = w^T H w, then \nabla J(w) = 2Hw (H symmetric): the gradient by central differences at each instance.
    from derivax.steps import check_document

    text = r"""
Let $H$ be a symmetric matrix and $w \in \mathbb{R}^n$.

$$J(w) = w^T H w$$

$$\nabla J(w) = 2Hw$$
"""
    steps = {f"{s.left} = {s.right}": s for s in check_document(text, timeout_s=10)}
    assert steps["J(w) = w^T H w"].status == "given"
    right = steps[r"\nabla J(w) = 2Hw"]
    assert right.status == "ok" and "H symmetric" in right.message, right.message
    for twin in (text.replace("= 2Hw", "= Hw"), text.replace("a symmetric matrix", "a matrix")):
        (wrong,) = [s for s in check_document(twin, timeout_s=10) if s.left == r"\nabla J(w)"]
        assert wrong.status == "wrong" and wrong.counterexample is not None, wrong.message
    # the same with \nabla_w J and \partial J / \partial w, and a loss defined in the prose
    for left in (r"\nabla_w J", r"\frac{\partial J}{\partial w}"):
        (same,) = [s for s in check_document(text.replace(r"\nabla J(w)", left), timeout_s=10) if s.left == left]
        assert same.status == "ok", same.message
    loss = r"""
Let $w \in \mathbb{R}^n$ and $x \in \mathbb{R}^n$. Define $\ell(w) = (w^T x - y)^2$.

$$\frac{\partial \ell}{\partial w} = 2(w^T x - y) x$$
"""
    (gradient,) = check_document(loss, timeout_s=10)
    assert gradient.status == "ok", gradient.message
    (slip,) = check_document(loss.replace("2(w^T x - y) x", "(w^T x - y) x"), timeout_s=10)
    assert slip.status == "wrong", slip.message


def test_least_squares_with_norms_is_judged_on_instances():
    # \|Xw - y\|^2 is the squared Euclidean norm on instances: its gradient X^T(Xw - y) ok, X(Xw - y) wrong.
    from derivax.steps import check_document

    text = r"""
Let $X$ be a matrix and $w \in \mathbb{R}^n$, $y \in \mathbb{R}^n$.

$$L(w) = \frac{1}{2}\|Xw - y\|^2 + \frac{\lambda}{2}\|w\|^2$$

$$\nabla L(w) = X^T(Xw - y) + \lambda w$$
"""
    (right,) = [s for s in check_document(text, timeout_s=10) if s.left == r"\nabla L(w)"]
    assert right.status == "ok", right.message
    (twin,) = [s for s in check_document(text.replace("X^T(Xw - y)", "X(Xw - y)"), timeout_s=10) if s.left == r"\nabla L(w)"]
    assert twin.status == "wrong" and twin.counterexample is not None, twin.message


def test_a_matrix_the_context_defines_from_others_is_computed_from_them():
    # H = Q Lambda Q^T in the context file: \nabla J(w) = 2(Q Lambda Q^T) w after J(w) = w^T H w is judged with H
    # built from Q and Lambda on each instance ("H, Lambda, Q appear on one side only" before); 2 Q Lambda w is wrong.
    from derivax.assignment import assignment_from_text
    from derivax.steps import check_document

    context = assignment_from_text(
        "symbols: {Q: {kind: matrix, properties: [orthogonal]}, '\\Lambda': {kind: matrix, properties: [diagonal]},"
        " H: {kind: matrix, properties: [symmetric]}}\ndefinitions: ['H = Q\\Lambda Q^T']"
    )
    text = "Let $J(w) = w^T H w$.\n\n$$\\nabla J(w) = 2(Q\\Lambda Q^T)w$$\n"
    (right,) = check_document(text, assignment=context, timeout_s=10)
    assert right.status == "ok", right.message
    (twin,) = check_document(text.replace("(Q\\Lambda Q^T)w", "Q\\Lambda w"), assignment=context, timeout_s=10)
    assert twin.status == "wrong" and twin.counterexample is not None, twin.message


GRADIENT_DESCENT = r"""
Let $Q$ be an orthogonal matrix and $\Lambda$ a diagonal matrix.

$$w_t = w_{t-1} - 2\epsilon Q\Lambda(Q^T w_{t-1})$$

So:

$$w_1 = w_0 - 2\epsilon Q\Lambda Q^T w_0 = Q(I - 2\epsilon \Lambda) Q^T w_0$$

$$w_2 = Q(I - 2\epsilon \Lambda) Q^T w_1 = Q(I - 2\epsilon \Lambda)^2 Q^T w_0$$

$$w_t = Q(I - 2\epsilon \Lambda)^t Q^T w_0$$
"""


def _steps_of(text: str, **options) -> dict[str, object]:
    return {f"{s.left} = {s.right}": s for s in check_document(text, timeout_s=10, **options)}


def test_a_recurrence_of_vectors_is_unrolled_for_its_terms_and_its_closed_form():
    # Gradient descent on w^T H w with H = Q Lambda Q^T: w_1, w_2 and w_t = Q(I - 2 eps Lambda)^t Q^T w_0 follow
    # from the rule; each is judged with the rule unrolled to w_0 (at t = 1..4 for the closed form).
    steps = _steps_of(GRADIENT_DESCENT)
    rule = steps[r"w_t = w_{t-1} - 2\epsilon Q\Lambda(Q^T w_{t-1})"]
    assert rule.status == "given" and "recurrence for w_t" in rule.message
    for key in (
        r"w_1 = w_0 - 2\epsilon Q\Lambda Q^T w_0",
        r"w_2 = Q(I - 2\epsilon \Lambda) Q^T w_1",
        r"Q(I - 2\epsilon \Lambda) Q^T w_1 = Q(I - 2\epsilon \Lambda)^2 Q^T w_0",
    ):
        assert steps[key].status == "ok" and "unrolled to w_0" in steps[key].message, (key, steps[key].message)
    closed = steps[r"w_t = Q(I - 2\epsilon \Lambda)^t Q^T w_0"]
    assert closed.status == "ok" and "at t = 1, 2, 3, 4" in closed.message, closed.message
    assert "at t = 1, 2, 3, 4" in closed.read_as and closed.read_as.startswith("w_t = Q*")


@pytest.mark.parametrize(
    ("right", "wrong", "at"),
    [
        (r"Q(I - 2\epsilon \Lambda)^t Q^T w_0", r"Q(I - 2\epsilon \Lambda)^{t+1} Q^T w_0", "t = 1"),
        (r"Q(I - 2\epsilon \Lambda)^t Q^T w_0", r"Q(I - 2\epsilon \Lambda^t) Q^T w_0", "t = 2"),
    ],
)
def test_a_wrong_closed_form_of_a_vector_recurrence_is_wrong_at_the_first_t_that_fails(right, wrong, at):
    steps = _steps_of(GRADIENT_DESCENT.replace(f"w_t = {right}", f"w_t = {wrong}"))
    twin = steps[f"w_t = {wrong}"]
    assert twin.status == "wrong" and twin.counterexample is not None and twin.message.startswith(f"at {at} "), twin.message


def test_a_wrong_term_of_a_vector_recurrence_is_wrong_and_without_the_property_undecided():
    twin = _steps_of(GRADIENT_DESCENT.replace(r"Q^T w_1 = Q(I - 2\epsilon \Lambda)^2", r"Q^T w_1 = Q(I - 2\epsilon \Lambda)"))
    wrong = twin[r"Q(I - 2\epsilon \Lambda) Q^T w_1 = Q(I - 2\epsilon \Lambda) Q^T w_0"]
    assert wrong.status == "wrong" and wrong.counterexample is not None, wrong.message
    # Q not orthogonal: Q(I - 2 eps Lambda)Q^T Q(...)Q^T does not collapse, so w_2's closed form fails; a general
    # matrix is a different problem, judged as such (wrong), never 'ok'.
    general = _steps_of(GRADIENT_DESCENT.replace("an orthogonal matrix", "a matrix"))
    assert general[r"w_2 = Q(I - 2\epsilon \Lambda) Q^T w_1"].status == "wrong"
    assert general[r"w_t = Q(I - 2\epsilon \Lambda)^t Q^T w_0"].status == "wrong"


def test_a_forward_recurrence_of_vectors_and_its_closed_form():
    text = r"""
Let $A$ be a symmetric matrix and $w \in \mathbb{R}^n$.

$$w_{t+1} = (I - \eta A) w_t$$

Hence

$$w_t = (I - \eta A)^t w_0$$
"""
    closed = _steps_of(text)[r"w_t = (I - \eta A)^t w_0"]
    assert closed.status == "ok", closed.message
    twin = _steps_of(text.replace("^t w_0", "^{t-1} w_0"))[r"w_t = (I - \eta A)^{t-1} w_0"]
    assert twin.status == "wrong" and twin.message.startswith("at t = 1 "), twin.message


def test_a_restated_update_rule_is_judged_with_the_gradient_at_its_argument():
    # w_new = w_old - eps \nabla J(w_old) after J(w) = w^T H w: restated with 2 eps H w_old it holds (H symmetric);
    # inside a chain, eps H w_old is wrong (the gradient is taken at w_old, the definition's w renamed).
    text = r"""
Let $H$ be a symmetric matrix and $w \in \mathbb{R}^n$.

$$J(w) = w^T H w$$

The update rule is:

$$w_{\text{new}} = w_{\text{old}} - \epsilon \nabla J(w_{\text{old}})$$

Substituting the gradient:

$$w_{\text{new}} = w_{\text{old}} - 2\epsilon H w_{\text{old}}$$
"""
    restated = _steps_of(text)[r"w_{\text{new}} = w_{\text{old}} - 2\epsilon H w_{\text{old}}"]
    assert restated.status == "ok" and restated.message.startswith("with the definition of w_new (line"), restated.message
    chain = text.replace(r"\nabla J(w_{\text{old}})$$", r"\nabla J(w_{\text{old}}) = w_{\text{old}} - \epsilon H w_{\text{old}}$$")
    twin = _steps_of(chain)[r"w_{\text{old}} - \epsilon \nabla J(w_{\text{old}}) = w_{\text{old}} - \epsilon H w_{\text{old}}"]
    assert twin.status == "wrong" and twin.counterexample is not None, twin.message


def test_check_equiv_and_steps_judge_undeclared_matrix_products_alike_on_instances():
    # y^T X w = w^T X^T y (a 1x1 product equals its transpose) is no identity of products in their order; on
    # instances with every reading whose shapes fit (y, w vectors: written transposed, never numbers) it holds.
    # (AB)^T = A^T B^T fails for general matrices but nothing declares them general: undecided, never wrong.
    from derivax.equiv import equivalent
    from derivax.judge import check_statement

    right = check_statement(parse(r"y^T X w = w^T X^T y"))
    assert right.verdict.name == "CONFIRMED" and "X as a matrix, w as a vector, y as a vector" in right.method
    assert equivalent("y^T X w", "w^T X^T y")["verdict"] == "equivalent"
    twin = check_statement(parse(r"(AB)^T = A^T B^T"))
    assert twin.verdict.name == "UNDECIDED" and "fails for general matrices" in twin.reason, twin.reason
    assert equivalent("(AB)^T", "A^T B^T")["verdict"] == "undecided"
    assert check_statement(parse(r"x^T x = x x^T")).verdict.name == "UNDECIDED"  # x as a number is not a reading
    text = r"""
$$\|Xw - y\|^2 = (Xw - y)^T (Xw - y) = w^T X^T X w - 2 y^T X w + y^T y$$
"""
    steps = {f"{s.left} = {s.right}": s for s in check_document(text, timeout_s=10)}
    expanded = steps[r"(Xw - y)^T (Xw - y) = w^T X^T X w - 2 y^T X w + y^T y"]
    assert expanded.status == "ok", expanded.message
    slip = {f"{s.left} = {s.right}": s for s in check_document(text.replace("- 2 y^T X w", "- 2 y^T X^T w"), timeout_s=10)}
    assert slip[r"(Xw - y)^T (Xw - y) = w^T X^T X w - 2 y^T X^T w + y^T y"].status == "undecided"
    # declared in the prose, the matrices are general ones: the slip is wrong, with the instance
    declared = "Let $X$ be a matrix and $w \\in \\mathbb{R}^n$, $y \\in \\mathbb{R}^n$.\n" + text.replace("- 2 y^T X w", "- 2 y^T X^T w")
    flagged = {f"{s.left} = {s.right}": s for s in check_document(declared, timeout_s=10)}
    wrong = flagged[r"(Xw - y)^T (Xw - y) = w^T X^T X w - 2 y^T X^T w + y^T y"]
    assert wrong.status == "wrong" and wrong.counterexample is not None, wrong.message


def test_the_elementwise_product_of_matrices_is_refused_not_read_as_the_matrix_product():
    from derivax.steps import check_document

    # A \odot B = B \odot A holds (Hadamard); read as AB = BA it would be flagged. Refused with matrices, it is undecided.
    found = check_document("Let $A$ and $B$ be matrices.\n\n$$A \\odot B = B \\odot A = B \\odot A$$\n", timeout_s=10)
    assert found and all(r.status in ("undecided", "unparsed") and "odot" in r.message for r in found)


def test_a_trace_or_a_determinant_makes_its_names_matrices_in_check_and_equiv():
    # tr(ABC) = tr(ACB) was proved: A, B, C read as numbers (what a trace takes is a square matrix); the cyclic
    # property holds on every instance, the other order fails for general matrices (undecided: nothing declares them so)
    from derivax.equiv import equivalent
    from derivax.judge import check_statement

    assert parse(r"\operatorname{tr}(ABC)").expr.free_symbols == {sp.Symbol(n, commutative=False) for n in "ABC"}
    cyclic = check_statement(parse(r"\operatorname{tr}(ABC) = \operatorname{tr}(CAB)"))
    assert cyclic.verdict.name == "CONFIRMED" and "A as a matrix, B as a matrix, C as a matrix" in cyclic.method
    swapped = check_statement(parse(r"\operatorname{tr}(ABC) = \operatorname{tr}(ACB)"))
    assert swapped.verdict.name == "UNDECIDED" and "fails for general matrices" in swapped.reason, swapped.reason
    assert equivalent(r"\operatorname{tr}(ABC)", r"\operatorname{tr}(ACB)")["verdict"] == "undecided"
    assert check_statement(parse(r"\det(AB) = \det(A)\det(B)")).verdict.name == "CONFIRMED"
    assert check_statement(parse(r"\det(A + B) = \det(A) + \det(B)")).verdict.name == "UNDECIDED"
    # the determinant and the trace of a square matrix only; a number is its own 1x1 matrix
    with pytest.raises(ShapeError, match="not square"):
        evaluate(parse(r"\operatorname{tr}(v)", noncommutative=frozenset("v")).expr, {"v": np.ones((3, 1))})
    assert evaluate(parse(r"\det(A)", noncommutative=frozenset("A")).expr, {"A": np.diag([2.0, 3.0])}) == pytest.approx(6.0)
    assert evaluate(parse(r"\operatorname{tr}(A)", noncommutative=frozenset("A")).expr, {"A": np.diag([2.0, 3.0])}) == 5.0


def test_a_function_of_vectors_defined_in_the_prose_is_its_body_in_a_later_step():
    # J(w) defined with norms in the prose, then J(w) = (Xw - y)^T (Xw - y) + ...: the claim that the bodies agree,
    # judged on instances (it was undecided: "uses J(w), defined elsewhere")
    said = (
        "Let $X \\in \\mathbb{R}^{m \\times n}$, $y \\in \\mathbb{R}^m$, $w \\in \\mathbb{R}^n$ and $\\lambda > 0$. "
        "The loss is $J(w) = \\|Xw - y\\|^2 + \\lambda \\|w\\|^2$.\n\n"
    )
    right = check_document(said + "$$J(w) = (Xw - y)^T(Xw - y) + \\lambda w^T w = w^T X^T X w - 2 y^T X w + y^T y + \\lambda w^T w$$\n")
    assert [r.status for r in right] == ["ok", "ok"] and "with the definition of J(w) (line 1)" in right[0].message, right
    # a slip in the first link of a chain (a lone J(w) = ... that differs would be a new definition)
    twin = check_document(said + "$$J(w) = (Xw - y)^T(Xw + y) + \\lambda w^T w = w^T X^T X w - y^T y + \\lambda w^T w$$\n", timeout_s=10)
    assert [r.status for r in twin] == ["wrong", "ok"] and twin[0].counterexample is not None, [r.message for r in twin]
