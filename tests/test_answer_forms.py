r"""Answers as students write them: each claim's accepted forms, and a wrong twin of each refuted.

A bound is accepted as the number and as the relation (``|w| \ge 4``, ``4 \le |w|``,
``\epsilon < \frac{1}{\lambda_{\max}}``, ``0 < \epsilon < 1/\lambda_{\max}``); softmax with
cross-entropy as ``a_j - y_j`` and as the vector ``a - y`` (with a note that the index was dropped);
Adam's bias correction as the factor ``1 - \beta_1^t`` and as the corrected estimate
``\frac{m_t}{1-\beta_1^t}``. Every accepted form has a wrong twin here, refuted with a point a
student can plug in; a kind mismatch is explained, not just marked wrong.
"""

from __future__ import annotations

import functools
import json
import re

import pytest
import sympy as sp

from derivax.answerkeys import GradingError, key_from_claim
from derivax.claims import AnswerForm, Claim, ClaimError
from derivax.cli import main
from derivax.domains import Interval, Sym
from derivax.gradebook import content_key
from derivax.grading import grade_answer, load_submission
from derivax.registry import builtin_claims


@functools.cache
def _claims() -> dict[str, Claim]:
    return {c.id: c for c in builtin_claims()}


@functools.cache
def _key(claim_id: str):
    return key_from_claim(_claims()[claim_id])


def grade(claim_id: str, answer: str):
    return grade_answer(_key(claim_id), answer)


# (claim, answer, the form's note or "key" for the target itself)
ACCEPTED = [
    ("sigmoid-saturation-bound", "4", "key"),
    ("sigmoid-saturation-bound", r"|w| \ge 4", "condition on w"),
    ("sigmoid-saturation-bound", r"4 \le |w|", "condition on w"),
    ("sigmoid-saturation-bound", r"|w| \geq 4", "condition on w"),
    ("sigmoid-saturation-bound", r"w \le -4 \vee w \ge 4", "condition on w"),
    ("sigmoid-saturation-bound", r"(-\infty, -4] \cup [4, \infty)", "condition on w"),
    ("gd-quadratic-convergence", r"\frac{1}{\lambda_{\max}}", "key"),
    ("gd-quadratic-convergence", r"\epsilon < \frac{1}{\lambda_{\max}}", "step size"),
    ("gd-quadratic-convergence", r"0 < \epsilon < 1/\lambda_{\max}", "step size"),
    ("gd-quadratic-convergence", r"\epsilon \lambda_{\max} < 1", "step size"),
    ("softmax-ce-delta", "a_j - y_j", "key"),
    ("softmax-ce-delta", "a - y", "index j was dropped"),
    ("softmax-ce-delta", r"-y + a", "index j was dropped"),
    ("softmax-ce-delta", r"\mathbf{a} - \mathbf{y}", "index j was dropped"),
    ("adam-bias-correction", r"1 - \beta_1^t", "key"),
    ("adam-bias-correction", r"\frac{m_t}{1-\beta_1^t}", "corrected estimate"),
    ("adam-bias-correction", r"m_t \cdot (1-\beta_1^t)^{-1}", "corrected estimate"),
    ("adam-bias-correction", r"\hat{m}_t = \frac{m_t}{1-\beta_1^t}", "corrected estimate"),
]


@pytest.mark.parametrize(("claim_id", "answer", "note"), ACCEPTED)
def test_an_accepted_form_is_correct_with_its_note(claim_id, answer, note):
    result = grade(claim_id, answer)
    assert result.status == "correct", result.message
    assert result.score == result.max_score == 1.0
    if note == "key":
        assert result.message.startswith("equivalent to the key")
    else:
        assert "accepted form" in result.message and note in result.message
    assert result.read_as  # the reading is shown beside every verdict


# The wrong twin of every accepted form: (claim, answer, a point in the message a student can plug in)
REFUTED = [
    ("sigmoid-saturation-bound", "5", "key = 4, answer = 5"),
    ("sigmoid-saturation-bound", r"|w| > 4", "w = 4 satisfies the key but not the answer"),
    ("sigmoid-saturation-bound", r"|w| \ge 2", "satisfies the answer but not the key"),
    ("sigmoid-saturation-bound", r"w \ge 4", "w = -4 satisfies the key but not the answer"),
    ("sigmoid-saturation-bound", r"|w| \le 4", "satisfies the key but not the answer"),
    ("sigmoid-saturation-bound", r"4 \ge |w|", "satisfies the key but not the answer"),
    ("sigmoid-saturation-bound", r"(-\infty, -4) \cup (4, \infty)", "4 satisfies the key but not the answer"),
    ("gd-quadratic-convergence", r"\frac{2}{\lambda_{\max}}", "key ="),
    ("gd-quadratic-convergence", r"\epsilon \le 1/\lambda_{\max}", "epsilon = 1, lambda_max = 1 satisfies the answer but not the key"),
    ("gd-quadratic-convergence", r"0 < \epsilon < 2/\lambda_{\max}", "satisfies the answer but not the key"),
    ("gd-quadratic-convergence", r"\epsilon > \frac{1}{\lambda_{\max}}", "satisfies"),
    ("softmax-ce-delta", "a_j + y_j", "key = -1, answer = 1"),
    ("softmax-ce-delta", "a + y", "a = 0, y = 1: key = -1, answer = 1"),
    ("softmax-ce-delta", "y - a", "a = 0, y = 1: key = -1, answer = 1"),
    ("adam-bias-correction", r"1 - \beta_1^{t-1}", "t = "),
    ("adam-bias-correction", r"\frac{m_t}{1-\beta_1}", "t = 2"),
    ("adam-bias-correction", r"\frac{m_t}{1-\beta_1^{t-1}}", "t = 2"),
    ("adam-bias-correction", r"\frac{m_t}{1+\beta_1^t}", "m_t = "),
    ("adam-bias-correction", r"\hat{m}_t = \frac{m_t}{1-\beta_1}", "t = 2 satisfies the key but not the answer"),
]


@pytest.mark.parametrize(("claim_id", "answer", "witness"), REFUTED)
def test_a_wrong_twin_is_refuted_with_a_point(claim_id, answer, witness):
    result = grade(claim_id, answer)
    assert result.status == "incorrect", result.message
    assert result.score == 0.0
    assert witness in result.message, result.message
    assert "accepted form" not in result.message  # the feedback never hands out the key's forms


def test_the_witness_is_a_real_counterexample():
    """The point reported for |w| > 4 is on the boundary: |w| >= 4 holds there and |w| > 4 does not."""
    result = grade("sigmoid-saturation-bound", r"|w| > 4")
    w = int(re.search(r"w = (-?\d+)", result.message).group(1))
    assert abs(w) >= 4 and not abs(w) > 4


@pytest.mark.parametrize(
    ("claim_id", "answer", "expected", "given"),
    [
        ("softmax-ce-delta", r"\delta = a + y", "an expression in a_j, y_j was expected", "your answer is an equation"),
        ("softmax-ce-delta", r"a_j - y_j \le 1", "an expression in a_j, y_j was expected", "your answer is an inequality"),
        ("init-variance", r"\sigma^2 \le 1", "an expression in n was expected", "your answer is an inequality"),
        ("init-variance", r"[0, 1]", "an expression in n was expected", "your answer is a set"),
        ("adam-bias-factor-limit", r"x > 1", "an expression (a number) was expected", "your answer is an inequality"),
    ],
)
def test_a_kind_mismatch_is_explained(claim_id, answer, expected, given):
    result = grade(claim_id, answer)
    assert result.status == "incorrect"
    assert expected in result.message and given in result.message, result.message
    assert "alone" in result.message or "not a set" in result.message  # what to write instead


def test_a_relation_against_a_relation_form_is_never_a_kind_mismatch():
    result = grade("gd-quadratic-convergence", r"\epsilon = \frac{1}{\lambda_{\max}}")
    assert result.status == "incorrect" and "satisfies the key but not the answer" in result.message


def test_an_equation_whose_side_matches_is_undecided_not_correct():
    """``\\delta_j = a_j - y_j``: the right side is right, but what the left side names cannot be checked."""
    for answer in (r"\delta_j = a_j - y_j", r"\frac{\partial C}{\partial a_j} = a_j - y_j"):
        result = grade("softmax-ce-delta", answer)
        assert result.status == "undecided", result.message
        assert "right-hand side alone is equivalent" in result.message and "a person should look" in result.message
    credit = grade_answer(_key("softmax-ce-delta"), r"\delta_j = a_j - y_j", undecided_credit=0.5)
    assert credit.score == 0.5


def test_an_expression_where_an_instructor_expects_a_relation_is_explained(tmp_path):
    from derivax.answerkeys import keys_from_file

    path = tmp_path / "key.yaml"
    path.write_text("bound: {answer: 'x \\ge 2'}\nroot: {answer: 'x = 2'}\n")
    keys = keys_from_file(path)
    result = grade_answer(keys["bound"], "2")
    assert result.status == "incorrect"
    assert "an inequality was expected; your answer is an expression" in result.message
    assert "an equation was expected" in grade_answer(keys["root"], "2").message
    assert grade_answer(keys["bound"], r"2 \le x").status == "correct"


def test_every_claim_form_parses_and_each_claim_declares_its_forms_once():
    claims = _claims()
    declared = {cid: [f.latex for f in c.answer_forms] for cid, c in claims.items() if c.answer_forms}
    assert declared == {
        "sigmoid-saturation-bound": [r"|w| \ge 4"],
        "gd-quadratic-convergence": [r"\epsilon < \frac{1}{\lambda_{\max}}"],
        "softmax-ce-delta": ["a - y"],
        "adam-bias-correction": [r"\frac{m_t}{1-\beta_1^t}", r"\hat{m}_t = \frac{m_t}{1-\beta_1^t}"],
        "momentum-stability": [r"|\mu| < 1 \wedge 0 < \eta k < 2(1 + \mu)"],
    }
    for cid in declared:
        key = _key(cid)
        assert [f.latex for f in key.forms] == declared[cid]
        assert all(f.note for f in key.forms)


def test_a_relation_form_is_compared_under_the_claims_domains():
    key = _key("gd-quadratic-convergence")
    (form,) = key.forms
    assert form.kind == "condition"
    assert r"0 < \epsilon" in form.assume and r"0 < \lambda_{\max}" in form.assume


def test_a_counterexample_outside_an_integer_domain_is_not_a_verdict():
    """A relation form over an integer t: a difference only at t = 1.5 is no counterexample to the claim."""
    t = Sym("t", "t", domain=sp.Range(1, 10), typical=(1, 9))
    claim = Claim(
        id="integer-demo",
        title="demo",
        symbols=(t,),
        lhs=t.symbol,
        rhs=t.symbol,
        witness=lambda t: t,
        refs=("test",),
        target=t.symbol,
        answer_forms=(AnswerForm(r"\sin(\pi t) = 0", "t is an integer"),),
    )
    key = key_from_claim(claim)
    assert grade_answer(key, r"\sin(\pi t) = 0").status == "correct"
    result = grade_answer(key, r"t = t")  # true for every real t, but not the form's set over the reals
    assert result.status == "undecided" and "outside the problem's domain" in result.message


def test_forms_are_declared_with_the_claim_and_checked():
    w = Sym("w", "w", domain=Interval(-sp.oo, sp.oo), typical=(-1.0, 1.0))
    base = dict(id="demo", title="demo", symbols=(w,), lhs=w.symbol, rhs=w.symbol, witness=lambda w: w, refs=("test",))
    with pytest.raises(ClaimError, match="declare target"):
        Claim(**base, answer_forms=(AnswerForm("w", "note"),))
    with pytest.raises(ClaimError, match="AnswerForm"):
        Claim(**base, target=w.symbol, answer_forms=("w",))
    with pytest.raises(ClaimError, match="note"):
        AnswerForm("w", "")
    with pytest.raises(GradingError, match="does not parse"):
        key_from_claim(Claim(**base, target=w.symbol, answer_forms=(AnswerForm(r"\frac{w", "broken"),)))
    with pytest.raises(GradingError, match="set"):
        key_from_claim(Claim(**base, target=w.symbol, answer_forms=(AnswerForm("[0, 1]", "a set"),)))


def test_the_forms_are_part_of_the_rubric_hash(tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text("student: S\nanswers: {softmax-ce-delta: 'a - y'}\n")
    submission = load_submission(path)
    key = _key("softmax-ce-delta")
    import dataclasses

    assert content_key(submission, {"softmax-ce-delta": key}, {}) != content_key(
        submission, {"softmax-ce-delta": dataclasses.replace(key, forms=())}, {}
    )


def test_grade_cli_accepts_the_forms_and_refutes_their_twins(tmp_path, capsys):
    folder = tmp_path / "class"
    folder.mkdir()
    (folder / "nora.yaml").write_text(
        "student: Nora Natural\n"
        "answers:\n"
        "  sigmoid-saturation-bound: '|w| \\ge 4'\n"
        "  gd-quadratic-convergence: '0 < \\epsilon < 1/\\lambda_{\\max}'\n"
        "  softmax-ce-delta: 'a - y'\n"
        "  adam-bias-correction: '\\frac{m_t}{1-\\beta_1^t}'\n"
    )
    (folder / "otto.yaml").write_text(
        "student: Otto Off\n"
        "answers:\n"
        "  sigmoid-saturation-bound: '|w| > 4'\n"
        "  gd-quadratic-convergence: '\\epsilon \\le 1/\\lambda_{\\max}'\n"
        "  softmax-ce-delta: 'a + y'\n"
        "  adam-bias-correction: '\\frac{m_t}{1-\\beta_1}'\n"
    )
    rubric = "sigmoid-saturation-bound,gd-quadratic-convergence,softmax-ce-delta,adam-bias-correction"
    out = tmp_path / "out"
    code = main(["grade", *sorted(map(str, folder.glob("*.yaml"))), "--problems", rubric, "--out", str(out), "--json", "--jobs", "1"])
    assert code == 0
    data = json.loads(capsys.readouterr().out)
    by_student = {s["student"]: {a["problem"]: a for a in s["answers"]} for s in data["students"]}
    nora, otto = by_student["Nora Natural"], by_student["Otto Off"]
    assert {a["status"] for a in nora.values()} == {"correct"}
    assert "index j was dropped" in nora["softmax-ce-delta"]["message"]
    assert {a["status"] for a in otto.values()} == {"incorrect"}
    assert "w = 4 satisfies the key but not the answer" in otto["sigmoid-saturation-bound"]["message"]
    feedback = (out / "nora.md").read_text()
    assert "index j was dropped" in feedback and "Read as:" in feedback
