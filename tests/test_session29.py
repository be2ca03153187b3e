"""Session 29: the library loads without exact work, and claims whose sides are built lazily still show them."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from derivax.claimreport import ClaimReport
from derivax.evidence import Verdict
from derivax.html import _claim_mathml, latex_fragment
from derivax.registry import builtin_claims

LAZY = ("glorot-variance", "he-variance", "cross-entropy-minimum", "momentum-stability", "maxpool-backprop", "newton-quadratic")


def test_loading_the_library_integrates_and_solves_nothing():
    """Issue 18, point 1: a claim builds its exact values when it is checked, not when it is imported. Loading
    the library with SymPy's integrator and solvers made to fail must still give every claim."""
    probe = textwrap.dedent(
        """
        import sympy
        def refuse(*args, **kwargs):
            raise AssertionError("exact work while loading the library")
        for name in ("integrate", "solve", "solveset", "limit", "simplify"):
            setattr(sympy, name, refuse)
        from derivax.registry import builtin_claims
        print(len(builtin_claims()))
        """
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert int(done.stdout.strip()) == len(builtin_claims())


@pytest.mark.parametrize("claim_id", LAZY)
def test_a_lazily_built_statement_is_shown(claim_id):
    claim = next(c for c in builtin_claims() if c.id == claim_id)
    assert callable(claim.lhs) or callable(claim.given)  # the side waits until the claim is checked
    shown = _claim_mathml(claim)
    if claim_id != "maxpool-backprop":  # SymPy's MathML printer fails on its matrix of Piecewise: shown without, as before
        assert "<math" in str(shown) and "lambda" not in str(shown) and "function" not in str(shown)
    fragment = latex_fragment(ClaimReport(claim, {}, Verdict.PROVED, 0.0))
    assert "lambda" not in fragment and "function" not in fragment and f"{claim_id}: proved" in fragment


# -- dividing by a symbol the premise lets be zero ----------------------------------------------------------------------


def _implication(premise: str, conclusion: str):
    from derivax.judge import judge_implication
    from derivax.latex import parse

    return judge_implication(parse(premise), parse(conclusion))


@pytest.mark.parametrize(
    ("premise", "conclusion", "needs"),
    [
        ("a x = b", r"x = \frac{b}{a}", "a != 0"),
        (r"\eta g = d", r"\eta = \frac{d}{g}", "g != 0"),
        ("a^2 x = b", r"x = \frac{b}{a^2}", "a != 0"),
    ],
)
def test_a_conclusion_that_divides_by_what_the_premise_lets_be_zero_is_not_proved(premise, conclusion, needs):
    """b = ax put into x = b/a gives x = x, but at a = b = 0 the premise holds for every x and b/a has no value:
    it was proved. Undecided now, naming the condition and a point; proved once the condition is stated."""
    unstated = _implication(premise, conclusion)
    assert unstated.verdict is Verdict.UNDECIDED and f"needs {needs}" in unstated.reason, unstated
    assert "premise also holds where it has none" in unstated.reason
    condition = needs.replace("!=", r"\ne")
    stated = _implication(rf"{premise} \wedge {condition}", conclusion)
    assert stated.verdict is Verdict.PROVED, stated


def test_a_wrong_division_is_still_refuted_where_everything_has_a_value():
    wrong = _implication("a x = b", r"x = \frac{2b}{a}")
    assert wrong.verdict is Verdict.REFUTED and wrong.counterexample.at["a"] != 0


def test_the_premise_keeps_its_own_denominators_when_it_is_solved():
    """-y/a + (1-y)/(1-a) = 0 holds only where a != 0, 1: solved for y (y = a) it must keep that, or the conclusion
    (1-y)/(1-a) = y/a, which needs the same, would be undecided."""
    right = _implication(r"-\frac{y}{a} + \frac{1-y}{1-a} = 0", r"\frac{1-y}{1-a} = \frac{y}{a}")
    assert right.verdict is Verdict.PROVED, right
    twin = _implication(r"-\frac{y}{a} + \frac{1-y}{1-a} = 0", r"\frac{1-y}{1-a} = \frac{2y}{a}")
    assert twin.verdict is Verdict.REFUTED


def test_a_condition_on_the_premise_s_display_holds_for_what_follows_from_it():
    """ "Let f(w) = aw^2 + bw + c with a > 0." then f'(w) = 0, "hence", w = -b/(2a): the condition holds for the next
    display (the premise's), and so for the implication across displays, which needs a != 0."""
    from derivax.steps import check_document

    text = "Let $f(w) = a w^2 + b w + c$ with $a > 0$.\n\n$$f'(w) = 0$$\n\nhence\n\n$$w = -\\frac{b}{2a}$$\n"
    (step,) = [r for r in check_document(text, timeout_s=10) if r.kind == "implies"]
    assert step.status == "ok" and "assuming a > 0" in step.message, step.message
    (twin,) = [r for r in check_document(text.replace("{2a}", "{a}"), timeout_s=10) if r.kind == "implies"]
    assert twin.status == "wrong" and twin.counterexample is not None
    # nothing stated: dividing by a is not shown to be allowed
    bare = text.replace(" with $a > 0$", "")
    (step,) = [r for r in check_document(bare, timeout_s=10) if r.kind == "implies"]
    assert step.status == "undecided" and "needs a != 0" in step.message, step.message


def test_a_later_case_ends_an_assumption_it_contradicts():
    """Probe L: "Assume $x > 0$." then "In the case $x < 0$ we have" a slip: it was ok, judged under x > 0 ("in the
    case", "consider", "otherwise" now state a case as "for" does, and a later case that contradicts ends the first)."""
    from derivax.steps import check_document

    display = "$$\\frac{d}{dx}(x|x|) = 2|x| = 2x$$"
    text = f"Assume $x > 0$.\n\n{display}\n\nIn the case $x < 0$ we have\n\n{display}\n"
    steps = [r for r in check_document(text, timeout_s=10) if r.left == "2|x|"]
    assert [s.status for s in steps] == ["ok", "wrong"], [(s.status, s.message) for s in steps]


# -- probe K (session 29): steps with a context file ---------------------------------------------------------------------


def _judged(text: str, context: str) -> dict[str, object]:
    from derivax.assignment import assignment_from_text
    from derivax.steps import check_document

    results = check_document(text, timeout_s=10, assignment=assignment_from_text(context))
    return {f"{r.left} {r.relation} {r.right}": r for r in results}


MATRICES = (
    "symbols: {A: {kind: matrix}, B: {kind: matrix}, H: {kind: matrix, properties: [symmetric, positive definite]}, w: {kind: vector}}"
)


def test_a_conjugation_keeps_the_matrices_that_cancel_as_numbers():
    """A B A^{-1} = B A A^{-1} was ok, read as B = B: A cancelled in the reading with numbers, so the second reading
    never made it a matrix. Similar matrices are not equal."""
    steps = _judged("$$A B A^{-1} = B A A^{-1} = B$$\n", MATRICES)
    slip = steps["A B A^{-1} = B A A^{-1}"]
    assert slip.status == "wrong" and slip.counterexample is not None, slip.message
    assert steps["B A A^{-1} = B"].status == "ok"
    right = _judged("$$A^{-1} B A x = A^{-1} B A x = A^{-1} (B (A x))$$\n", MATRICES.replace("w:", "x:"))
    assert right["A^{-1} B A x = A^{-1} (B (A x))"].status == "ok"


def test_the_inverse_of_a_product_reverses_its_factors():
    steps = _judged("$$(A B)^{-1} A B = A^{-1} B^{-1} A B = I$$\n\n$$(A B)^{-1} A B = B^{-1} A^{-1} A B = I$$\n", MATRICES)
    assert steps["(A B)^{-1} A B = A^{-1} B^{-1} A B"].status == "wrong"
    assert steps["(A B)^{-1} A B = B^{-1} A^{-1} A B"].status == "ok"


def test_a_difference_that_cancels_to_zero_is_the_zero_vector():
    """w - (2H)^{-1}(2Hw) reads as 0 (SymPy cancels it), beside a vector: the zero vector, so the factor-2 slip is
    flagged (it was "the shapes do not fit: the left side is a scalar")."""
    steps = _judged("$$w - (2H)^{-1}(2Hw) = w - 2H^{-1}Hw = -w$$\n", MATRICES)
    slip = steps["w - (2H)^{-1}(2Hw) = w - 2H^{-1}Hw"]
    assert slip.status == "wrong", slip.message
    right = _judged("$$w - (2H)^{-1}(2Hw) = w - H^{-1}Hw = 0$$\n", MATRICES)
    assert right["w - (2H)^{-1}(2Hw) = w - H^{-1}Hw"].status == "ok"


def test_a_family_key_declares_every_member():
    """w_k: {kind: vector} declares w_0, w_1, w_t (as x_k does for random variables): w_1 H is then no product."""
    family = "symbols: {H: {kind: matrix, properties: [symmetric]}, 'w_k': {kind: vector}}"
    steps = _judged("$$H w_1 = H w_1 = w_1 H$$\n", family)
    assert steps["H w_1 = w_1 H"].status != "ok" and "3x1 by 3x3" in steps["H w_1 = w_1 H"].message
    right = _judged("$$w_1^T H w_0 = w_1^T H w_0 = (H w_1)^T w_0$$\n", family)
    assert right["w_1^T H w_0 = (H w_1)^T w_0"].status == "ok"


SOFTMAX = "symbols: {}\ndefinitions:\n  - 'a_j = \\frac{e^{z_j}}{\\sum_k e^{z_k}}'\n"


def test_a_one_hot_declaration_is_no_condition_that_withholds_a_verdict():
    """Under a heading, "Let $C = ...$ with $y$ one-hot." was taken for a condition on the step, and a slip went
    unflagged ("not flagged: the text states a condition")."""
    text = "# Problem 1\nLet $C = -\\sum_k y_k \\ln a_k$ with $y$ one-hot.\n\n$$\\frac{\\partial C}{\\partial z_j} = a_j + y_j$$\n"
    slip = next(iter(_judged(text, SOFTMAX).values()))
    assert slip.status == "wrong", slip.message
    right = next(iter(_judged(text.replace("a_j + y_j", "a_j - y_j"), SOFTMAX).values()))
    assert right.status == "ok", right.message


EXPECTATIONS = (
    "symbols:\n"
    "  X: {kind: random variable, properties: [independent], distribution: normal, mean: '\\mu', variance: 's^2'}\n"
    "  Y: {kind: random variable, properties: [independent], mean: '\\nu', variance: 'r^2'}\n"
    "  '\\mu': {kind: scalar}\n  '\\nu': {kind: scalar}\n  s: {kind: scalar, domain: positive}\n  r: {kind: scalar, domain: positive}\n"
)


def test_a_name_that_cancels_is_not_on_one_side():
    """E[(X - mu)^4] = 3 s^4 for a normal X: mu cancels, so Var(X)^2 = s^4 on the right is a slip, not a value of mu
    stated elsewhere (it was not flagged)."""
    slip = next(iter(_judged("$$\\mathbb{E}[(X - \\mu)^4] = \\operatorname{Var}(X)^2$$\n", EXPECTATIONS).values()))
    assert slip.status == "wrong" and "lhs = 3, rhs = 1" in slip.message, slip.message
    right = next(iter(_judged("$$\\mathbb{E}[(X - \\mu)^4] = 3\\operatorname{Var}(X)^2$$\n", EXPECTATIONS).values()))
    assert right.status == "ok", right.message


def test_a_random_variable_before_parentheses_multiplies():
    steps = _judged("$$\\mathbb{E}[X(X+Y)] = s^2 + \\mu^2 + \\mu\\nu$$\n\n$$\\mathbb{E}[X(X+Y)] = s^2 + \\mu\\nu$$\n", EXPECTATIONS)
    assert steps["\\mathbb{E}[X(X+Y)] = s^2 + \\mu^2 + \\mu\\nu"].status == "ok"
    slip = steps["\\mathbb{E}[X(X+Y)] = s^2 + \\mu\\nu"]
    assert slip.status == "wrong" and slip.counterexample is not None, slip.message


def test_a_sequence_the_prose_makes_constant_is_put_into_the_unrolling():
    """s_t = (1 - beta^{t-1}) g after s_t's recurrence, "for constant gradients $g_t = g$": every g term is g, in the
    rule and in the step; the slip was silently `given` as s_t's definition, and is `wrong` at t = 1 now."""
    from derivax.steps import check_document

    text = "$$s_t = \\beta s_{t-1} + (1 - \\beta) g_t$$\n\nWith $s_0 = 0$, for constant gradients $g_t = g$:\n\n$$s_t = CLAIM$$\n"

    def judged(claim: str):
        (step,) = [r for r in check_document(text.replace("CLAIM", claim), timeout_s=10) if r.line == 5]
        return step

    slip = judged("(1 - \\beta^{t-1}) g")
    assert slip.status == "wrong" and slip.counterexample is not None and "every g term g" in slip.message, slip.message
    for right in ("(1 - \\beta^{t}) g", "(1 - \\beta) \\sum_{i=1}^{t} \\beta^{t-i} g_i"):
        assert judged(right).status == "ok", right


@pytest.mark.parametrize(
    "prose", ["With $w_0$ given, where $g_t = \\nabla L(w_t)$ at every step:", "Write $g_t = g$ for the current gradient:"]
)
def test_a_sequence_is_constant_only_where_the_text_says_so_and_its_value_is_free_of_the_index(prose):
    """g_t = \\nabla L(w_t) is no constant (it moves with t), nor is "$g_t = g$" that names the current gradient: put
    in, w_2 = w_0 - 2 eta g_1 would be ok (g_0 = g_1); it is never ok here."""
    from derivax.steps import check_document

    text = "$$w_{t+1} = w_t - \\eta g_t$$\n\n" + prose + "\n\n$$w_2 = w_0 - 2\\eta g_1$$\n"
    (step,) = [r for r in check_document(text, timeout_s=10) if r.line == 5]
    assert step.status != "ok" and "every g term" not in step.message, step.message
    constant = text.replace(prose, "For constant gradients $g_t = g$:")
    (step,) = [r for r in check_document(constant, timeout_s=10) if r.line == 5]
    assert step.status == "ok" and "every g term g" in step.message, step.message


def test_a_closed_form_at_another_letter_is_unrolled_at_the_recurrence_s_letter():
    """w_T = w_0 - eta sum_{t=1}^{T} g_t after w_{t+1} = w_t - eta g_t (the sum should run from 0 to T - 1): T read as
    t, the sum's own t renamed first; it was silently the definition of w_T."""
    from derivax.steps import check_document

    def judged(claim: str):
        text = "$$w_{t+1} = w_t - \\eta g_t$$\n\n$$" + claim + "$$\n"
        (step,) = [r for r in check_document(text, timeout_s=10) if r.line == 3]
        return step

    slip = judged("w_T = w_0 - \\eta\\sum_{t=1}^{T} g_t")
    assert slip.status == "wrong" and slip.counterexample is not None and "T read as t" in slip.message, slip.message
    for right in ("w_T = w_0 - \\eta\\sum_{t=0}^{T-1} g_t", "w_T = w_0 - \\eta\\sum_{i=0}^{T-1} g_i"):
        assert judged(right).status == "ok", right


def test_a_closed_form_unrolling_cannot_check_is_not_a_definition():
    """s_t = (1 - beta^t) g after s_t's recurrence in g_t, with nothing saying the gradients are constant: g is no term
    of the recurrence, so unrolling cannot check it; it was silently `given` as s_t's definition."""
    from derivax.steps import check_document

    text = "$$s_t = \\beta s_{t-1} + (1 - \\beta) g_t$$\n\nWith $s_0 = 0$:\n\n$$s_t = (1 - \\beta^{t}) g$$\n"
    (closed,) = [r for r in check_document(text, timeout_s=10) if r.line == 5]
    assert closed.status == "undecided" and "closed form of s_t after the recurrence" in closed.message, closed.message


# -- probe L (session 29) -----------------------------------------------------------------------------------------------


def test_an_undeclared_i_beside_declared_matrices_is_the_identity():
    """With a context file declaring A only, I was tried as a general matrix or a number: (I + A)^2 = I + 2A + A^2 was
    wrong at I = [[2]]."""
    steps = _judged("$$(I + A)^2 = (I + A)^2 = I + 2A + A^2$$\n\n$$(I + A)^2 = (I + A)^2 = I + A^2$$\n", MATRICES)
    right = steps["(I + A)^2 = I + 2A + A^2"]
    assert right.status == "ok" and "I as the identity" in right.message, right.message
    assert steps["(I + A)^2 = I + A^2"].status == "wrong"


def test_a_premise_keeps_the_negative_base_of_a_power_with_a_symbol_for_exponent():
    """x^n = 4, n = 2 => x = 2 was proved: x > 0, a sufficient condition for x^n to have a value, was put into the
    premise as if necessary (x = -2, n = 2 satisfies it)."""
    wrong = _implication(r"x^n = 4 \wedge n = 2", "x = 2")
    assert wrong.verdict is Verdict.REFUTED and float(wrong.counterexample.at["x"]) < 0, wrong
    assert _implication(r"x^n = 4 \wedge n = 2", "x^2 = 4").verdict in (Verdict.PROVED, Verdict.CONFIRMED)


@pytest.mark.parametrize(
    ("premise", "conclusion", "needs"),
    [("a^2 x = a", r"x = \frac{1}{a}", "a != 0"), (r"\lambda(\lambda w - g) = 0", r"w = \frac{g}{\lambda}", "lambda != 0")],
)
def test_a_division_the_premise_does_not_allow_is_caught_whatever_decided_the_rest(premise, conclusion, needs):
    """The premise factors (a(ax - 1) = 0), so no equation is eliminated and sampling confirmed it; at a = 0 the premise
    holds for every x and 1/a has no value."""
    unstated = _implication(premise, conclusion)
    assert unstated.verdict is Verdict.UNDECIDED and f"needs {needs}" in unstated.reason, unstated
    condition = needs.replace("!=", r"\ne").replace("lambda", r"\lambda")
    assert _implication(rf"{premise} \wedge {condition}", conclusion).verdict in (Verdict.PROVED, Verdict.CONFIRMED)


def test_solving_steps_that_fail_only_at_a_parameter_value_are_no_internal_error():
    from derivax.steps import check_document

    text = "Let $L(\\eta) = \\eta^2 w^2$.\n\nSetting $L'(\\eta) = 0$ gives\n$$\\eta = 0$$\n"
    results = check_document(text, timeout_s=10)
    assert results and not [r for r in results if "internal error" in r.message], [r.message for r in results]
    right = _implication(r"\sigma(z) = p", r"z = \ln\frac{p}{1-p}")
    assert right.verdict in (Verdict.PROVED, Verdict.CONFIRMED) and "internal error" not in right.reason, right
    assert _implication(r"\sigma(z) = p", r"z = \ln\frac{1-p}{p}").verdict is Verdict.REFUTED


def test_the_unknown_of_algebra_is_no_scale_of_either_sign():
    """x^2 = b => x = sqrt(b) was left undecided, "it follows for x > 0, as such parameters usually are"; a scale
    (sigma) keeps that reading."""
    assert _implication("x^2 = b", r"x = \sqrt{b}").verdict is Verdict.REFUTED
    scale = _implication(r"\sigma^2 = v", r"\sigma = \sqrt{v}")
    assert scale.verdict is Verdict.UNDECIDED and "sigma > 0" in scale.reason


def test_a_conclusion_simplified_as_it_is_read_keeps_what_it_writes():
    """Probe L, F7: x = ab/a is read x = b, so a x = ab => x = ab/a was refuted at a = 0, where the premise holds and,
    as written, the conclusion has no value. Undecided now; a real slip is still refuted where everything has a value."""
    for premise, conclusion in (("a x = a b", r"x = \frac{ab}{a}"), ("a b = 0", r"a = \frac{0}{b}")):
        right = _implication(premise, conclusion)
        assert right.verdict is Verdict.UNDECIDED and "has no value where it failed" in right.reason, right
    slip = _implication("a x = a b", r"x = \frac{2ab}{a}")
    assert slip.verdict is Verdict.REFUTED and float(slip.counterexample.at["a"]) != 0


# -- probe M (session 29) -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("premise", "conclusion"),
    [("a = 0", r"\frac{a}{a} = 1"), ("x y = 0", r"\frac{x y}{y} = x"), ("x = -1", r"\sqrt{x}^2 = x")],
)
def test_a_conclusion_simplified_away_still_needs_its_value(premise, conclusion):
    """a/a is 1 and sqrt(x)^2 is x as SymPy reads them: a = 0 => a/a = 1 was proved. The domain recorded while reading
    keeps a != 0, and a premise point outside it makes the step undecided."""
    judged = _implication(premise, conclusion)
    assert judged.verdict is Verdict.UNDECIDED and "as written, the step needs" in judged.reason, judged
    assert _implication("x = 4", r"\sqrt{x}^2 = x").verdict is Verdict.PROVED


def test_an_assumption_a_later_case_contradicts_does_not_come_back():
    from derivax.steps import check_document

    text = (
        "Assume $x > 0$.\n\n$$\\sqrt{x^2} = x = |x|$$\n\nIn the case $x < 0$, we get\n\n$$\\sqrt{x^2} = -x = |x|$$\n\n"
        "Finally\n\n$$|x| + x = 2x = 2\\sqrt{x^2}$$\n"
    )
    last = [r for r in check_document(text, timeout_s=10) if r.line == 11]
    assert [r.status for r in last] == ["wrong", "wrong"], [r.message for r in last]
    assert [r.status for r in check_document(text, timeout_s=10) if r.line in (3, 7)] == ["ok"] * 4
