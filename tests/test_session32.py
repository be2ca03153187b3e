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
    ],
)
def test_what_is_not_a_derivative_by_a_scalar_is_not_judged_as_one(left, right):
    status, message = _results(f"$$q = {left} = {right}$$\n")[(left, right)]
    assert status == "undecided" and "as a scalar" not in message


@pytest.mark.parametrize(("right", "status"), [("2w", "ok"), ("w", "wrong")])
def test_a_gradient_by_a_declared_vector_is_the_vector_gradient_not_a_derivative(right, status):
    # w a declared vector: the gradient of the body written, on instances (session 37; undecided before)
    verdict, message = _results(f"$$q = \\nabla_w (w^T w) = {right}$$\n")[(r"\nabla_w (w^T w)", right)]
    assert verdict == status and "w a general vector" in message, message


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


# Probe V (instructor keys and final answers, 462 pairs beside grade): three right answers flagged wrong, each now
# decided alike by equiv and grade.


@pytest.mark.parametrize(
    ("key", "answer", "assume", "verdict"),
    [
        # an assumption on two names, one of them not in the pair, was left out whole: x = -1 refuted sqrt(x^2) = x
        (r"\sqrt{x^2}", "x", r"x > 0 \wedge y > 0", "equivalent"),
        (r"\sqrt{x^2}", "x", "x, y > 0", "equivalent"),
        (r"|x|", "(-x)", r"x < 0 \wedge n \ge 1", "equivalent"),
        ("x > 0", r"x \ge 0", r"x \ne 0 \wedge y > 0", "equivalent"),
        ("x^2 = 4", "x = 2", r"x > 0 \wedge y > 0", "equivalent"),
        # the wrong twins stay different
        (r"\sqrt{x^2}", "(-x)", r"x > 0 \wedge y > 0", "different"),
        ("x^2 = 4", "x = -2", r"x > 0 \wedge y > 0", "different"),
        ("x > 0", r"x \ge 0", r"x > -1 \wedge y > 0", "different"),
        # a part that ties x to a name the pair does not use is left out: a difference found is no verdict
        (r"\sqrt{x^2}", "x", r"x > y \wedge y > 0", "undecided"),
    ],
)
def test_each_part_of_an_assumption_on_the_pairs_names_is_kept(key, answer, assume, verdict):
    from derivax.equiv import equivalent

    assert equivalent(key, answer, [assume])["verdict"] == verdict


@pytest.mark.parametrize(
    ("key", "answer", "verdict"),
    [
        ("x = 3", "3", "undecided"),
        ("y = x^2", "x^2", "undecided"),
        ("f(x) = x^2", "x^2", "undecided"),
        (r"\frac{\partial L}{\partial w} = (\hat{y} - y)x", r"(\hat{y} - y)x", "undecided"),
        ("x = 3", "4", "different"),
        ("f(x) = x^2", "x^3", "different"),  # was undecided (f defined elsewhere) where grade said incorrect
        (r"\frac{\partial L}{\partial w} = (\hat{y} - y)x", r"(y - \hat{y})x", "different"),
    ],
)
def test_the_value_a_key_gives_a_name_is_judged_alike_by_equiv_and_grade(tmp_path, key, answer, verdict):
    from derivax.answerkeys import keys_from_file
    from derivax.equiv import equivalent
    from derivax.grading import grade_answer

    found = equivalent(key, answer)
    assert found["verdict"] == verdict, found
    path = tmp_path / "key.yaml"
    path.write_text(f"q: {{answer: '{key}'}}\n")
    graded = grade_answer(keys_from_file(path)["q"], answer)
    assert graded.status == {"undecided": "undecided", "different": "incorrect"}[verdict], graded.message
    if verdict == "undecided":
        assert "It is the key's value of" in found["reason"] and "It is the key's value of" in graded.message


def test_a_decimal_outside_its_written_digits_says_so():
    from derivax.equiv import describe, equivalent

    # 0.6670 claims four decimals (2/3 is 0.6667 there); it was shown as 0.667, which is accepted
    text = describe(equivalent(r"\frac{2}{3}", "0.6670"))
    assert text.startswith("different") and "not within the digits written" in text
    assert equivalent(r"\frac{2}{3}", "0.667")["verdict"] == "equivalent"


# Probe X (security of input paths): each finding reproduced, then refused or shown as text.


def test_a_pairs_file_is_read_with_the_yaml_limits(tmp_path, capsys):
    from derivax.cli import main

    anchors = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    anchors += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 9)]
    bomb = tmp_path / "bomb.yaml"  # 9^9 values once expanded: it hung the batch at 10 GB
    bomb.write_text("- {id: good, key: 'x', answer: 'x'}\n- {unused: {" + ", ".join(anchors) + "}}\n- {id: *a8, key: 'x', answer: 'x+1'}\n")
    assert main(["equiv", "--batch", str(bomb), "--jobs", "0"]) == 2
    assert "alias bomb" in capsys.readouterr().err
    deep = tmp_path / "deep.yaml"  # a RecursionError traceback before
    deep.write_text("- {id: good, key: 'x', answer: 'x'}\n- " + "[" * 20_000 + "]" * 20_000 + "\n")
    assert main(["equiv", "--batch", str(deep), "--jobs", "0"]) == 2
    err = capsys.readouterr().err
    assert "nested over" in err and "Traceback" not in err
    latin1 = tmp_path / "latin1.yaml"  # was read with U+FFFD in place of its bytes
    latin1.write_bytes("- {id: caf\xe9, key: 'x', answer: 'x'}\n".encode("latin-1"))
    assert main(["equiv", "--batch", str(latin1), "--jobs", "0"]) == 2
    assert "not UTF-8" in capsys.readouterr().err


def test_a_pair_whose_id_is_not_a_name_is_reported_by_its_position():
    from derivax.equiv import equivalent_batch

    (odd, plain) = equivalent_batch([{"id": [1, 2], "key": "x", "answer": "x"}, {"id": 7, "key": "x", "answer": "x"}], jobs=0)
    assert odd["id"] == "0" and odd["verdict"] == "undecided" and "id must be a string or a number" in odd["reason"]
    assert plain["id"] == "7" and plain["verdict"] == "equivalent"


def test_a_link_inside_a_documents_folder_is_not_followed(tmp_path, capsys):
    from derivax.cli import main

    secret = tmp_path / "secret.md"
    secret.write_text("TOKEN=ghp_abc123\n\n$$1 + 1 = 2$$\n")
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "ok.md").write_text("$$2 + 2 = 4$$\n")
    (docs / "notes.md").symlink_to(secret)
    assert main(["steps", str(docs), "--format", "html", "--out", str(tmp_path / "html")]) == 1  # a document not checked
    assert "symbolic link" in capsys.readouterr().err
    assert "ghp_abc123" not in (tmp_path / "html" / "notes.html").read_text()
    assert main(["steps", str(docs / "notes.md")]) == 0  # named on the command line: the user chose it
    capsys.readouterr()


def test_a_students_file_never_takes_the_name_of_a_class_file():
    from derivax.outnames import RESERVED_STEMS, unique_stems

    stems = unique_stems([("Index", "index.yaml"), ("Bob", "bob.yaml"), ("G", "Gradebook.md")])
    assert stems[1] == "bob"
    assert all(s.casefold() not in RESERVED_STEMS and s.startswith(("index-", "Gradebook-")) for s in (stems[0], stems[2]))


def test_file_names_in_ci_annotations_and_junit_are_shown_not_sent():
    from derivax.report_steps import render
    from derivax.steps import check_document

    results = check_document("$$1 + x = x + 1 = x + 2$$\n")
    for name in ("esc\x1b]0;title\x07\x1b[2J.md", "bidi\u202egnp.md"):
        github = render([(name, results)], "github", show_all=False)
        junit = render([(name, results)], "junit", show_all=False)
        for out in (github, junit):
            assert "\x1b" not in out and "\u202e" not in out and "\x07" not in out
        assert "\\x1b" in github or "\\u202e" in github


def test_an_answer_too_large_to_evaluate_says_so_in_words():
    from derivax.equiv import equivalent

    reason = equivalent("w^2 + 1", r"\binom{10^{300}}{10^{150}}")["reason"] or ""
    assert "maximum recursion" not in reason


# The largest and smallest of a family beside its entries (derivax.extremes): lambda_i for every i, lambda_max their
# maximum, written out at n = 1..4.

_POSITIVE = [r"\epsilon > 0", r"\lambda_i > 0"]


@pytest.mark.parametrize(
    ("statement", "verdict"),
    [
        (r"-1 < 1 - 2\epsilon\lambda_i < 1 \Rightarrow \epsilon < \frac{1}{\lambda_{\max}}", "CONFIRMED"),
        (r"-1 < 1 - 2\epsilon\lambda_i < 1 \Rightarrow \epsilon < \frac{1}{2\lambda_{\max}}", "REFUTED"),  # a factor 2 too many
        (r"\epsilon < \frac{1}{\lambda_{\max}} \Rightarrow \epsilon < \frac{1}{\lambda_i}", "CONFIRMED"),
        (r"\epsilon < \frac{1}{\lambda_{\min}} \Rightarrow \epsilon < \frac{1}{\lambda_i}", "REFUTED"),  # the smallest is not enough
        (r"0 < \epsilon\lambda_i < 1 \Rightarrow \epsilon\lambda_{\min} < 1", "CONFIRMED"),
        (r"0 < \epsilon\lambda_i < 1 \Rightarrow \epsilon\lambda_{\max} < \frac{1}{2}", "REFUTED"),
    ],
)
def test_an_implication_about_every_entry_and_the_largest(statement, verdict):
    from derivax.judge import check_statement
    from derivax.latex import parse

    judged = check_statement(parse(statement), [parse(a) for a in _POSITIVE], timeout_s=20)
    assert judged.verdict.name == verdict, judged
    assert judged.method.startswith("entries")
    if verdict == "REFUTED":
        assert judged.counterexample is not None and "lambda_1" in judged.counterexample.at


def test_two_index_letters_are_two_entries_not_every_entry():
    from derivax.extremes import family_extremes
    from derivax.latex import parse

    assert family_extremes(parse(r"\lambda_i < \lambda_j \Rightarrow \lambda_i < \lambda_{\max}").condition) == {}
    assert set(family_extremes(parse(r"\lambda_i < 1 \Rightarrow \lambda_{\max} < 1").condition)) == {"lambda"}


def test_a_step_to_the_largest_eigenvalue_in_a_document():
    document = """
        Assume $\\epsilon > 0$ and $\\lambda_i > 0$ (H is positive definite).

        $$-1 < 1 - 2\\epsilon\\lambda_i < 1 \\Rightarrow \\epsilon < \\frac{1}{\\lambda_{\\max}}$$

        $$-1 < 1 - 2\\epsilon\\lambda_i < 1 \\Rightarrow \\epsilon < \\frac{2}{\\lambda_{\\max}} - 1$$
        """
    found = _results(document, context=None)
    assert found[(r"-1 < 1 - 2\epsilon\lambda_i < 1", r"\epsilon < \frac{1}{\lambda_{\max}}")][0] == "ok"
    assert found[(r"-1 < 1 - 2\epsilon\lambda_i < 1", r"\epsilon < \frac{2}{\lambda_{\max}} - 1")][0] == "wrong"


# Probe W (steps between relations in documents): prose that lifts, denies or only supposes a condition.


@pytest.mark.parametrize(
    "lifted",
    [
        "Now let $x$ be any real number.",
        "Now let $x$ be arbitrary.",
        r"Now $x \in \mathbb{R}$ is arbitrary.",
        "In part (b), $x$ can be negative.",
        "Next, drop the sign assumption on $x$:",
        r"We no longer assume $x > 0$.",
    ],
)
def test_a_sentence_that_lifts_an_assumption_ends_it(lifted):
    document = f"Assume $x > 0$.\n\n$$x^2 = 4 \\Rightarrow x = 2$$\n\n{lifted}\n\n$$x^2 = 9 \\Rightarrow x = 3$$\n"
    found = _results(document, context=None)
    assert found[("x^2 = 4", "x = 2")][0] == "ok"  # still under x > 0
    status, message = found[("x^2 = 9", "x = 3")]  # was ok "assuming x > 0 (stated in the text)"
    assert status == "wrong" and "x = -3" in message, message


@pytest.mark.parametrize(
    ("opening", "left", "right"),
    [
        (r"We cannot assume $w > 0$. In general", r"\sqrt{w^2} + 1", "w + 1 = w + 2 - 1"),
        (r"Without assuming $x > 0$, we get", "x^2 > 4", "x > 2"),
        (r"It is not given that $a > 0$, so dividing by $a$ is not allowed in general; still", "a x > a b", "x > b"),
    ],
)
def test_a_condition_denied_by_the_words_before_it_is_not_assumed(opening, left, right):
    relation = r" \Rightarrow " if ">" in left else " = "
    found = _results(f"{opening}\n\n$${left}{relation}{right}$$\n", context=None)
    status, message = found[(left, right.split(" = ")[0])]
    assert status == "wrong" and "stated in the text" not in message, message


@pytest.mark.parametrize(
    ("opening", "left", "right"),
    [
        (r"Dividing by $\eta$ would flip the inequality if $\eta < 0$, but $\eta$ is a learning rate, so", r"\eta x > \eta b", "x > b"),
        (
            r"Squaring is a problem for $x < 0$, which cannot occur here because $x$ is a probability. So",
            "x^2 = \\frac{1}{4}",
            "x = \\frac{1}{2}",
        ),
        (r"The step below breaks down for $x < 0$; we only use it otherwise:", "x^2 = 4", "x = 2"),
    ],
)
def test_a_condition_of_what_would_go_wrong_is_never_assumed(opening, left, right):
    # each was 'wrong' with the point inside the condition, "assuming ... (stated in the text)": a right step flagged
    status, message = _results(f"{opening}\n\n$${left} \\Rightarrow {right}$$\n", context=None)[(left, right)]
    assert status == "undecided" and "stated in the text" not in message, message


def test_the_case_the_text_keeps_after_saying_what_fails_is_assumed():
    document = "This fails for $x < 0$, so from now on we only consider $x \\ge 0$:\n\n$$x^2 = 9 \\Rightarrow x = 3$$\n"
    status, message = _results(document, context=None)[("x^2 = 9", "x = 3")]
    assert status == "ok" and "x \\ge 0" in message
    twin = document.replace("x = 3$$", "x = -3$$")
    assert _results(twin, context=None)[("x^2 = 9", "x = -3")][0] == "wrong"


def test_a_wrong_step_about_the_largest_and_smallest_entry():
    document = "For every $k$ we have $\\lambda_{\\min} \\le \\lambda_k \\le \\lambda_{\\max}$, hence\n\n$$STEP$$\n"
    right = _results(document.replace("STEP", r"\lambda_{\min} \le \lambda_{\max}"), context=None)
    wrong = _results(document.replace("STEP", r"\lambda_{\max} \le \lambda_{\min}"), context=None)
    assert [s for s, _ in right.values()].count("ok") == 1
    assert [s for s, _ in wrong.values()].count("wrong") == 1  # an internal error before (a chain folded at n = 1)


# Probe Y (grading of documents, the result store, a lost student).


def test_unclosed_code_openers_cost_linear_time():
    import time

    from derivax import documents

    for opener in ("\\begin{verbatim}\n", "<pre>", "<code x>"):
        text = "<!--derivax:answer p1=x-->\n" + opener * 16_000  # 44 s of CPU before (each opener scanned to the end)
        start = time.process_time()
        assert documents.answers(text)
        assert time.process_time() - start < 5.0  # linear: milliseconds; the bound is far above any machine's noise
    kept = "\\begin{verbatim}\n$$1+1=3$$\n\\end{verbatim}\n<pre>$$2+2=5$$</PRE >\n$$1+1=2$$\n"
    blanked = documents._blank_spans(kept, documents._code_spans(kept))
    assert "1+1=3" not in blanked and "2+2=5" not in blanked and "$$1+1=2$$" in blanked


def test_a_student_whose_grading_was_lost_is_no_zero_and_fails_the_run(tmp_path, monkeypatch, capsys):
    import csv

    import yaml

    from derivax import grading
    from derivax.cli import main

    monkeypatch.setenv(grading.TEST_EXIT_ENV, "Victim")  # the worker grading Victim exits at once, as kill -9 would
    paths = []
    for name in ("Ann", "Victim", "Bea", *(f"Filler{i}" for i in range(14))):  # 8 a worker: graded in workers
        path = tmp_path / f"{name}.yaml"
        path.write_text(yaml.safe_dump({"student": name, "answers": {"sigmoid-saturation-bound": "|w| \\ge 4"}}))
        paths.append(str(path))
    out = tmp_path / "out"
    args = ["grade", *paths, "--problems", "sigmoid-saturation-bound", "--out", str(out), "--jobs", "2"]
    assert main(args) == 1  # was 0
    assert "1 students not graded in full: Victim" in capsys.readouterr().err
    rows = {r["student"]: r for r in csv.DictReader((out / "gradebook.csv").open())}
    assert rows["Victim"]["total"] == "" and rows["Victim"]["sigmoid-saturation-bound"] == ""  # was 0.0, a real zero
    assert rows["Ann"]["total"] == "1.0"


def test_a_result_is_taken_back_only_under_this_users_secret(tmp_path, monkeypatch, capsys):
    import yaml

    from derivax import gradebook
    from derivax.cli import main

    submission = tmp_path / "mallory.yaml"
    submission.write_text(yaml.safe_dump({"student": "Mallory", "answers": {"sigmoid-saturation-bound": "|w| \\ge 5"}}))
    out = tmp_path / "reports"
    args = ["grade", str(submission), "--problems", "sigmoid-saturation-bound", "--out", str(out), "--jobs", "1"]
    # the student's own run, with a secret of their own (everything else in the key is public): full marks forged
    monkeypatch.setenv("DERIVAX_SECRET_DIR", str(tmp_path / "students"))
    monkeypatch.setattr(gradebook, "_SECRET", [])
    assert main(args) == 0
    forged = (out / "mallory.results.json").read_text()
    forged = forged.replace('"status": "incorrect"', '"status": "correct"').replace('"score": 0.0', '"score": 1.0')
    (out / "mallory.results.json").write_text(forged)
    # the instructor's run: another secret, so the forged file is not taken back
    monkeypatch.setenv("DERIVAX_SECRET_DIR", str(tmp_path / "instructors"))
    monkeypatch.setattr(gradebook, "_SECRET", [])
    capsys.readouterr()
    assert main(args) == 0
    captured = capsys.readouterr()
    assert "resumed" not in captured.err and "sigmoid-saturation-bound=incorrect" in captured.out
    assert (tmp_path / "instructors" / "grading-secret").stat().st_mode & 0o077 == 0  # its user's alone
    # no secret to be had (a read-only home): nothing is reused, everyone is graded
    blocked = tmp_path / "file"
    blocked.write_text("")
    monkeypatch.setenv("DERIVAX_SECRET_DIR", str(blocked / "below-a-file"))
    monkeypatch.setattr(gradebook, "_SECRET", [])
    assert gradebook.grading_secret() is None


# Probe Z (operator scope, 484 statements beside latex2sympy2): a term after a derivative that uses its variable.


@pytest.mark.parametrize(
    ("statement", "verdict"),
    [
        (r"\frac{d}{dx} x^2 + x^3 = 2x + 3x^2", "UNDECIDED"),  # was refuted: true as the derivative of the sum
        (r"\frac{d}{dx} x^2 + x = 3x", "UNDECIDED"),  # was proved: false as the derivative of the sum
        (r"\frac{\partial}{\partial w} w^2 + w = 3w", "UNDECIDED"),
        (r"\frac{d}{dx} x^2 + x^3 = 5x", "REFUTED"),  # false under both readings
        (r"\frac{d}{dx}x^2 + \frac{d}{dx}x^3 = 2x + 3x^2", "PROVED"),  # two derivatives: one reading
        (r"\frac{d}{dx}(x^2 + x^3) = 2x + 3x^2", "PROVED"),
        # y does not use x: as written the + ends the operator, but the derivative of the whole side is 2x (session 63)
        (r"\frac{d}{dx} x^2 + y = 2x + y", "UNDECIDED"),
        (r"\frac{d}{dx} x^2 + y = 2x + 2y", "REFUTED"),  # false under both readings
        (r"\frac{d}{dx}(x^2) + x = 3x", "PROVED"),  # the writer bracketed the body: one reading
    ],
)
def test_a_term_after_a_derivative_that_uses_its_variable_has_two_readings(statement, verdict):
    from derivax.judge import check_statement
    from derivax.latex import parse

    assert check_statement(parse(statement), timeout_s=10).verdict.name == verdict


def test_equiv_and_steps_read_a_derivatives_body_alike():
    from derivax.equiv import equivalent

    assert equivalent(r"\frac{d}{dx} x^2 + x^3", "2x + 3x^2")["verdict"] == "undecided"
    found = _results("$$\\frac{d}{dx} x^2 + x^3 = 2x + x^3 = x(2 + x^2)$$\n", context=None)
    assert found[(r"\frac{d}{dx} x^2 + x^3", "2x + x^3")][0] == "undecided"
    assert found[("2x + x^3", "x(2 + x^2)")][0] == "ok"


def test_a_name_in_feedback_markdown_makes_no_link_emphasis_or_strikethrough():
    from markdown_it import MarkdownIt

    from derivax.gradebook import markdown_text

    # GitHub's Markdown links a bare address (markdown-it's linkify needs linkify-it, not installed: the address is
    # shown as a code span, which no Markdown links), and reads _x_ and ~~x~~ as emphasis and strikethrough
    shown = markdown_text("Mallory https://evil.example/x.png www.evil.example _emph_ ~~strike~~ a|b")
    html = MarkdownIt("commonmark").enable(["strikethrough", "table"]).render(f"# Feedback for {shown}")
    assert "<code>https://evil.example/x.png</code>" in html and "<code>www.evil.example</code>" in html
    assert "<em>" not in html and "<s>" not in html and "<a " not in html
    assert "_emph_ ~~strike~~ a|b" in html


def test_a_submission_with_thousands_of_answers_is_refused_with_a_message(tmp_path, capsys):
    from derivax.cli import main

    many = tmp_path / "many.md"  # 66,000 answers outside the rubric made a 28 MB page and a 13 MB results.json
    many.write_text("".join(f"<!--derivax:answer q{i}={i}-->\n" for i in range(3_000)))
    honest = tmp_path / "honest.yaml"
    honest.write_text("student: Hon\nanswers: {sigmoid-saturation-bound: '|w| \\ge 4'}\n")
    out = tmp_path / "out"
    main(["grade", str(many), str(honest), "--problems", "sigmoid-saturation-bound", "--out", str(out), "--jobs", "1"])
    captured = capsys.readouterr()
    assert "3,000 answers; a submission is limited to 2,000" in captured.err and "Hon: 1/1" in captured.out


@pytest.mark.parametrize(
    ("statement", "verdict"),
    [
        (r"n \ge 2 \Rightarrow n^2 \ge 4", "PROVED"),  # timed out: the boundary of a set of integers, listed one by one
        (r"n \ge 2 \Rightarrow n^2 \ge 5", "REFUTED"),
        (r"\frac{1}{n} \le 1 \Rightarrow \frac{1}{n^2} \le \frac{1}{n}", "PROVED"),
        (r"\frac{1}{n} \le 1 \Rightarrow \frac{1}{n^2} \ge \frac{1}{n}", "REFUTED"),
    ],
)
def test_an_implication_over_the_integers_is_decided_in_time(statement, verdict):
    from derivax.judge import check_statement
    from derivax.latex import parse

    assumptions = [parse(r"n \in \mathbb{Z}"), parse(r"n \ge 1")]
    assert check_statement(parse(statement), assumptions, timeout_s=5).verdict.name == verdict


@pytest.mark.parametrize(
    ("statement", "verdict"),
    [
        (r"\frac{d}{dw}(J(w) + 2w) = J'(w) + 3", "REFUTED"),  # 1 apart whatever J' is: undecided before
        (r"\frac{d}{dw}(J(w) + 2w) = J'(w) + 2", "PROVED"),
        (r"\frac{d}{dw} J(w) + 2w = J'(w) + 3w", "REFUTED"),  # false under both readings of the operator's scope
        (r"\frac{d}{dx}(f(x) g(x)) = f'(x) g(x)", "UNDECIDED"),  # the gap f g' depends on the unknowns
    ],
)
def test_a_gap_free_of_the_unknowns_refutes_after_the_rules_too(statement, verdict):
    from derivax.judge import check_statement
    from derivax.latex import parse

    assert check_statement(parse(statement), timeout_s=10).verdict.name == verdict
