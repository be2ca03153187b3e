r"""The grader's views (issue 19): HTML pages, known mistakes with partial credit, wrong answers grouped.

Each capability has its wrong twin here: a right answer never gets a known mistake's feedback, an
answer that differs from every listed mistake gets none, different mistakes stay in different
classes, and a student's markup is shown as text.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import sympy as sp

from derivax.answerkeys import GradingError, key_from_claim, keys_from_file
from derivax.classview import summarise
from derivax.cli import main
from derivax.gradebook import content_key, gradescope_json, reuse_result
from derivax.grading import Submission, grade_answer, grade_submission, same_answer
from derivax.html import _clean, fragment, mathml, reading_mathml, steps_page, student_page
from derivax.registry import builtin_claims
from derivax.steps import check_document

KEY = """\
p1:
  answer: "a(1-a)"
  points: 2
  mistakes:
    - answer: "1 - a"
      feedback: "You dropped the factor a."
      points: 1
    - {answer: "a(1+a)", feedback: "Sign error in the second factor."}
p2:
  answer: "x^2 > 4"
  mistakes:
    - {answer: "x > 2", feedback: "x < -2 satisfies it too.", points: 0.5}
"""


@pytest.fixture
def keys(tmp_path: Path):
    path = tmp_path / "key.yaml"
    path.write_text(KEY)
    return keys_from_file(path)


# --- known mistakes -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("answer", "mistake", "points"),
    [
        (r"\frac{2-2a}{2}", "1 - a", 1.0),  # looks nothing like '1 - a'
        (r"-(a - 1)", "1 - a", 1.0),
        (r"a^2 + a", "a(1+a)", 0.0),
        (r"\frac{a^3 + a^2}{a}", "a(1+a)", 0.0),  # equal where both are defined
    ],
)
def test_an_answer_equivalent_to_a_known_mistake_gets_its_feedback_and_points(keys, answer, mistake, points):
    result = grade_answer(keys["p1"], answer)
    assert result.status == "incorrect"
    assert result.mistake == mistake
    assert result.score == points
    feedback = next(m.feedback for m in keys["p1"].mistakes if m.latex == mistake)
    assert result.message.startswith(feedback)
    assert "differs from the key at" in result.message  # the counterexample is still shown


@pytest.mark.parametrize("answer", [r"a - a^2", r"-a^2 + a", r"\frac{a}{(1-a)^{-1}}"])
def test_a_right_answer_never_gets_a_mistakes_feedback(keys, answer):
    result = grade_answer(keys["p1"], answer)
    assert (result.status, result.mistake, result.score) == ("correct", "", 2.0)


@pytest.mark.parametrize("answer", [r"a^2", r"1 + a", r"2 - a"])
def test_an_answer_like_no_listed_mistake_gets_no_mistake_feedback(keys, answer):
    result = grade_answer(keys["p1"], answer)
    assert (result.status, result.mistake, result.score) == ("incorrect", "", 0.0)


def test_relation_keys_match_known_mistakes_by_solution_set(keys):
    matched = grade_answer(keys["p2"], r"2 < x")
    assert (matched.status, matched.mistake, matched.score) == ("incorrect", "x > 2", 0.5)
    other = grade_answer(keys["p2"], r"x > 3")
    assert (other.status, other.mistake, other.score) == ("incorrect", "", 0.0)
    right = grade_answer(keys["p2"], r"|x| > 2")
    assert (right.status, right.mistake) == ("correct", "")


@pytest.mark.parametrize(
    ("mistakes", "message"),
    [
        ("mistakes: 3", "'mistakes' is a list"),
        ("mistakes: [{feedback: hi}]", "mistake 1: needs 'answer'"),
        ("mistakes: [{answer: 'a', points: 5}]", "'points' must be a number from 0 to the problem's 1"),
        ("mistakes: [{answer: 'a', points: true}]", "'points' must be a number"),
        ("mistakes: [{answer: 'a', feedback: [1]}]", "'feedback' must be text"),
        ("mistakes: [{answer: 'a', hint: x}]", "unknown field(s) hint"),
        ("mistakes: [{answer: '\\\\frac{a'}]", "mistake 1"),
    ],
)
def test_a_bad_mistakes_list_is_refused_with_the_entry_named(tmp_path, mistakes, message):
    path = tmp_path / "key.yaml"
    path.write_text(f"p:\n  answer: 'a'\n  {mistakes}\n")
    with pytest.raises(GradingError, match=re.escape(message)):
        keys_from_file(path)


def _claims():
    return {c.id: c for c in builtin_claims()}


def test_a_claims_wrong_twins_act_as_known_mistakes():
    claim = _claims()["sigmoid-derivative"]
    key = key_from_claim(claim)
    twin = next(t for t in claim.twins if "dropped" in t.why)
    assert any(m.feedback == twin.why for m in key.mistakes)
    result = grade_answer(key, r"1 - \sigma(z)")  # the student's spelling, not the twin's SymPy
    assert result.status == "incorrect"
    assert result.message.startswith(twin.why)
    assert grade_answer(key, r"\sigma(z) - \sigma(z)^2").status == "correct"
    # a claim whose target is not its right-hand side has no answer-shaped twins: no mistakes invented
    assert all(key_from_claim(c).mistakes == () for c in _claims().values() if c.target is not None and c.rhs != c.target)


def test_a_resumed_class_keeps_partial_credit_and_refuses_a_hand_raised_one(tmp_path, keys):
    submission_path = tmp_path / "s.yaml"
    submission_path.write_text("student: s\nanswers:\n  p1: '2 - 2a'\n  p2: 'x > 2'\n")
    from derivax.grading import load_submission

    submission = load_submission(submission_path)
    options = {"timeout_s": 5.0, "undecided_credit": 0.0, "seed": 0}
    key = content_key(submission, keys, options)
    student = grade_submission(submission, keys)
    assert [r.score for r in student.results] == [0.0, 0.5]  # 2 - 2a is twice the mistake: no match
    (tmp_path / "s.results.json").write_text(gradescope_json(student, key))
    again = reuse_result(tmp_path, "s", submission, keys, key)
    assert again is not None and [r.mistake for r in again.results] == ["", "x > 2"]
    data = json.loads((tmp_path / "s.results.json").read_text())
    data["derivax_answers"][1]["score"] = 1.0  # more than the mistake is worth
    (tmp_path / "s.results.json").write_text(json.dumps(data, indent=2))
    assert reuse_result(tmp_path, "s", submission, keys, key) is None


# --- grouping wrong answers -----------------------------------------------------------------------


def test_equivalent_wrong_answers_form_one_class_and_different_ones_stay_apart(tmp_path):
    path = tmp_path / "key.yaml"
    path.write_text("p:\n  answer: 'a(1-a)'\n")
    keys = keys_from_file(path)
    first = ["a(1+a)", "a + a^2", "a^2 + a", r"\frac{a^3+a^2}{a}", "(a+1)a"]  # 5 forms, 6 students
    second = ["1 - a", r"\frac{2-2a}{2}", "-a + 1"]  # 3 forms
    answers = [*first, first[0], *second, "a^3"]
    students = [
        grade_submission(Submission(f"s{i}", {"p": answer}, f"s{i}.yaml"), keys, {}, timeout_s=5.0) for i, answer in enumerate(answers)
    ]
    summary = summarise(students, keys)
    (problem,) = summary.problems
    assert problem.counts["incorrect"] == 10
    sizes = [len(c.students) for c in problem.classes]
    assert sizes == [6, 3, 1]
    assert set(problem.classes[0].spellings) == set(first)
    assert set(problem.classes[1].spellings) == set(second)
    assert same_answer(keys["p"], "a(1+a)", "a^2 + a") and not same_answer(keys["p"], "a(1+a)", "1 - a")


def test_answers_not_shown_equivalent_are_never_merged(tmp_path):
    path = tmp_path / "key.yaml"
    path.write_text("p:\n  answer: 'x'\n")
    keys = keys_from_file(path)
    answers = ["x + 1", r"x + 1 + 10^{-40}"]  # differ by less than sampling can see; exact arithmetic tells them apart
    students = [grade_submission(Submission(f"s{i}", {"p": a}, f"s{i}.yaml"), keys, {}) for i, a in enumerate(answers)]
    (problem,) = summarise(students, keys).problems
    assert [len(c.students) for c in problem.classes] == [1, 1]


# --- pages ----------------------------------------------------------------------------------------


def test_mathml_is_rebuilt_from_mathml_elements_only():
    # SymPy's printer does not escape names: what it prints is parsed, and anything but MathML is refused
    assert mathml(sp.Symbol('x"><script>alert(1)</script>')) is None
    assert mathml(sp.Symbol("a<b")) is None
    with pytest.raises(ValueError, match="not MathML"):
        _clean(ET.fromstring("<math><mi>x</mi><script>alert(1)</script></math>"))
    kept = ET.tostring(_clean(ET.fromstring('<math><mi onclick="alert(1)" mathvariant="bold">x&lt;</mi></math>')), encoding="unicode")
    assert kept == '<math><mi mathvariant="bold">x&lt;</mi></math>'
    ET.fromstring(str(mathml(sp.sqrt(sp.Symbol("x")) / 2)))  # well-formed XML
    assert reading_mathml(r"\frac{1}{1 + e^{-z}}") is not None
    assert reading_mathml(r"\frac{1}{") is None  # unparsed: no typeset reading, never a guess


def test_the_steps_page_marks_each_step_with_symbol_and_word_and_shows_the_counterexample():
    text = "Intro <script>alert(1)</script>\n\n$$ (x+1)^2 = x^2 + 2x + 1 = x^2 + 1 $$\n"
    results = check_document(text)
    page = steps_page("doc.md", text, results)
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "✓ ok" in page and "✗ wrong" in page
    wrong = page[page.index('class="step wrong"') :]
    assert "counterexample" in wrong and "<math" in wrong
    assert page.count("<math") == len(results)


def test_a_student_page_shows_the_reading_the_mistake_and_the_keys_value_at_the_witness(keys):
    from derivax.grading import StudentResult

    student = StudentResult("<img src=x onerror=alert(1)>", "s.yaml", [grade_answer(keys["p1"], "1-a")])
    page = student_page(student, keys)
    assert "<img" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "Known mistake" in page and "You dropped the factor a." in page
    assert "<td>key</td>" in page and "<td>your answer</td>" in page
    assert "<math" in page


def test_notebook_views_render_verdicts_steps_answers_and_claims(keys):
    answer = grade_answer(keys["p1"], "1-a")
    assert "✗ incorrect" in answer._repr_html_()
    assert "counterexample" in answer.judgement._repr_html_()
    (step,) = check_document("$$ 2x + x = 3x $$")
    assert "✓ ok" in step._repr_html_()
    from derivax.grading import StudentResult

    assert "&lt;b&gt;" in StudentResult("<b>", "s.yaml", [answer])._repr_html_()
    claim = _claims()["sigmoid-derivative"]
    from derivax.evidence import Evidence, Verdict
    from derivax.verification import ClaimReport

    report = ClaimReport(claim, {"symbolic": Evidence("symbolic", Verdict.PROVED, "expand")}, Verdict.PROVED, 0.1)
    html = report._repr_html_()
    assert "sigmoid-derivative" in html and "✓ proved" in html and "<math" in html
    assert "✓ proved" in fragment(report.evidence["symbolic"])
    # and as math (MathJax): the reading or the statement, the verdict in words, text escaped
    assert answer._repr_latex_() == r"$\displaystyle 1 - a \quad \text{p1: incorrect (1/2)}$"
    assert "sigmoid-derivative: proved" in report._repr_latex_()
    assert r"\text{\textbackslash{}frac\{1\}\{}" in grade_answer(keys["p1"], "\\frac{1}{")._repr_latex_()


# --- grade --html, end to end ---------------------------------------------------------------------


def _class(tmp_path: Path) -> list[str]:
    answers = {
        "ann": ("a-a^2", r"x<-2 \vee x>2"),
        "bob": (r"\frac{2-2a}{2}", "x>2"),
        "cat": ("1-a", "2<x"),
        "dan": ("a+a^2", "x>3"),
        "<script>alert(1)</script>": ("a^2+a", "x > 3"),
    }
    paths = []
    for i, (name, (p1, p2)) in enumerate(answers.items()):
        path = tmp_path / f"s{i}.yaml"
        path.write_text(json.dumps({"student": name, "answers": {"p1": p1, "p2": p2}}))
        paths.append(str(path))
    return paths


def test_grade_html_writes_pages_index_summary_figures_and_html_results(tmp_path, capsys):
    (tmp_path / "key.yaml").write_text(KEY)
    out = tmp_path / "out"
    assert main(["grade", *_class(tmp_path), "--key", str(tmp_path / "key.yaml"), "--out", str(out), "--html", "--jobs", "1"]) == 0
    for name in ("index.html", "class-summary.json", "class-scores.png", "class-scores.svg", "class-problems.png", "class-problems.svg"):
        assert (out / name).stat().st_size > 0, name
    assert sorted(p.name for p in out.glob("s*.html")) == [f"s{i}.html" for i in range(5)]
    index = (out / "index.html").read_text()
    assert "<script>" not in index and "&lt;script&gt;alert(1)&lt;/script&gt;" in index
    summary = json.loads((out / "class-summary.json").read_text())
    p1 = summary["problems"][0]
    assert p1["counts"]["incorrect"] == 4
    assert [c["count"] for c in p1["incorrect_classes"]] == [2, 2]
    assert {c["known_mistake"] for c in p1["incorrect_classes"]} == {"1 - a", "a(1+a)"}
    results = json.loads((out / "s1.results.json").read_text())
    assert results["output_format"] == "html"
    assert results["tests"][0]["output"].startswith("<p><strong>✗ incorrect</strong>")
    assert results["score"] == 1.5
    # the same command again: every student reused (html results are what a resumed run compares)
    capsys.readouterr()
    assert main(["grade", *_class(tmp_path), "--key", str(tmp_path / "key.yaml"), "--out", str(out), "--html", "--jobs", "1"]) == 0
    assert "resumed: 5 students already graded" in capsys.readouterr().err


DOCUMENT = """\
# Problem 1

% derivax: answer p1: a - a^2

$$ \\frac{d}{da}(a^2) = 2a = a + a $$

$$ (a+1)^2 = a^2 + 2a + 1 = a^2 + 1 $$
"""


def test_grade_accepts_a_document_judges_its_steps_and_takes_its_answer_directives(tmp_path):
    (tmp_path / "key.yaml").write_text(KEY)
    doc = tmp_path / "carol.md"
    doc.write_text(DOCUMENT)
    out = tmp_path / "out"
    main(["grade", str(doc), "--key", str(tmp_path / "key.yaml"), "--out", str(out), "--html", "--jobs", "1"])
    results = json.loads((out / "carol.results.json").read_text())
    assert [t["name"] for t in results["tests"]] == ["p1", "p2", "derivation"]
    assert results["score"] == 2.0  # p1 right, p2 missing
    assert "derivax_key" not in results  # a document is always graded again (its steps are not stored)
    page = (out / "carol.html").read_text()
    assert "Your derivation" in page and "✗ wrong" in page and "✓ ok" in page
    feedback = (out / "carol.md").read_text()
    assert "## Derivation" in feedback and "line 7" in feedback


def test_documents_need_no_rubric(tmp_path):
    doc = tmp_path / "dave.md"
    doc.write_text(DOCUMENT)
    out = tmp_path / "out"
    assert main(["grade", str(doc), "--out", str(out)]) == 0
    assert "derivation" in (out / "dave.results.json").read_text()
    (tmp_path / "x.yaml").write_text("student: x\nanswers: {p: '1'}\n")
    assert main(["grade", str(doc), str(tmp_path / "x.yaml"), "--out", str(out)]) == 2  # a YAML answer needs a rubric


def test_steps_format_html_writes_one_page_per_document(tmp_path, capsys):
    doc = tmp_path / "d.md"
    doc.write_text("$$ (x+1)^2 = x^2 + 2x + 1 = x^2 + 1 $$\n")
    assert main(["steps", str(doc), "--format", "html", "--out", str(tmp_path / "pages")]) == 1  # a wrong step fails, as in text
    assert "✗ wrong" in (tmp_path / "pages" / "d.html").read_text()
    assert "wrote" in capsys.readouterr().out


def test_grade_judges_a_documents_steps_under_the_assignments_context_file(tmp_path):
    (tmp_path / "hw.yaml").write_text("symbols:\n  '\\beta_1': {domain: '0 < \\beta_1 < 1'}\n")
    doc = tmp_path / "erin.md"
    doc.write_text("$$ \\beta_1^2 < \\beta_1 < 1 $$\n")
    without, with_context = tmp_path / "plain", tmp_path / "context"
    assert main(["grade", str(doc), "--out", str(without)]) == 0
    assert main(["grade", str(doc), "--out", str(with_context), "--context", str(tmp_path / "hw.yaml"), "--jobs", "1"]) == 0
    plain = json.loads((without / "erin.results.json").read_text())["tests"][-1]["output"]
    decided = json.loads((with_context / "erin.results.json").read_text())["tests"][-1]["output"]
    assert plain.startswith("2 steps: 2 undecided") and decided.startswith("2 steps: 2 ok")
    (tmp_path / "bad.yaml").write_text("symbols: [1, 2]\n")
    assert main(["grade", str(doc), "--out", str(without), "--context", str(tmp_path / "bad.yaml")]) == 2
