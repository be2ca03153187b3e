"""Session 46: a relation with an infinity whose other side has a limit, series or integral with free symbols is valued
at sampled points inside the assumptions (each a constant limit or series there), in the extended reals: confirmed
where every point holds it, refuted at a point that fails it, each with a wrong twin."""

from __future__ import annotations

import pytest

from tests.conftest import judged_steps, statuses


def _verdict(statement: str, *assumed: str) -> str:
    from derivax.judge import check_statement
    from derivax.latex import parse

    return check_statement(parse(statement), [parse(a) for a in assumed], timeout_s=10).verdict.name


_HOLDS = ("PROVED", "CONFIRMED")


@pytest.mark.parametrize(
    ("statement", "assumed", "verdicts"),
    [
        # seed 001, line 74: "if there exists an m such that z_m > z_j ... so \lim e^{c(z_m - z_j)} = \infty": undecided
        # ("only 0 points where both sides are defined": the infinite side has no real value to sample)
        ("\\lim_{c \\to \\infty} e^{c(z_m - z_j)} = \\infty", ("z_m > z_j",), _HOLDS),
        ("\\lim_{c \\to \\infty} e^{c(z_m - z_j)} = \\infty", ("z_m < z_j",), ("REFUTED",)),
        ("\\lim_{c \\to \\infty} e^{c(z_m - z_j)} = \\infty", (), ("REFUTED",)),  # z_m = z_j: the limit is 1
        ("\\sum_{k=1}^\\infty k^{-p} < \\infty", ("p > 1",), _HOLDS),
        ("\\sum_{k=1}^\\infty k^{-p} < \\infty", ("p > \\frac{1}{2}",), ("REFUTED",)),  # diverges at p = 1
        # SymPy sums k^{-p} to zeta(p), finite below 1 too (the analytic continuation): never a value of the series
        ("\\sum_{k=1}^\\infty \\frac{1}{k^p} = \\infty", ("p < 1",), _HOLDS),
        ("\\sum_{k=1}^\\infty \\frac{1}{k^p} = \\infty", ("p > 0",), ("REFUTED",)),
        ("\\sum_{k=0}^\\infty r^k = \\infty", ("r \\ge 1",), _HOLDS),
        ("\\sum_{k=0}^\\infty r^k = \\infty", ("r \\ge 0",), ("REFUTED",)),  # r = 0: the sum is 1
        ("\\lim_{x \\to 0^+} a \\ln x = -\\infty", ("a > 0",), _HOLDS),
        ("\\lim_{x \\to 0^+} a \\ln x = -\\infty", ("a < 0",), ("REFUTED",)),
        ("\\int_1^\\infty x^{-p}\\,dx < \\infty", ("p > 1",), _HOLDS),
        ("\\int_1^\\infty x^{-p}\\,dx < \\infty", ("p > 0",), ("REFUTED",)),
    ],
)
def test_a_side_that_may_diverge_is_valued_at_sampled_points(statement, assumed, verdicts):
    assert _verdict(statement, *assumed) in verdicts


def test_the_refutation_shows_the_finite_value_against_the_infinity():
    from derivax.judge import check_statement
    from derivax.latex import parse

    j = check_statement(parse("\\lim_{c \\to \\infty} e^{c(z_m - z_j)} = \\infty"), [parse("z_m < z_j")], timeout_s=10)
    assert j.verdict.name == "REFUTED"
    assert j.counterexample.lhs == 0 and j.counterexample.rhs == "inf"
    assert j.counterexample.at["z_m"] < j.counterexample.at["z_j"]  # a point inside the assumption


def test_a_limit_to_infinity_under_the_texts_condition_is_ok_in_a_document():
    """Seed 001's step, in a document: the prose condition before it is what makes it true; without it, no flag."""
    found = judged_steps(
        r"""
        if there exists an m, such that $z_m^L > z_j^L$ then $z_j^L$ is not maximal

        $$\text{so } \lim_{c \rightarrow \infty} e^{c(z_m^L - z_j^L)} = \infty$$
        """
    )
    assert list(statuses(found).values()) == ["ok"]
    twin = judged_steps(
        r"""
        if there exists an m, such that $z_m^L < z_j^L$ then $z_j^L$ is not minimal

        $$\text{so } \lim_{c \rightarrow \infty} e^{c(z_m^L - z_j^L)} = \infty$$
        """
    )
    assert list(statuses(twin).values()) != ["ok"]


# ---------------------------------------------------------------------------------------- probe helper-114: grading


def _graded(key_latex: str, answer: str, assume: tuple[str, ...] = ()):
    """One answer graded against a key written in an instructor's YAML file."""
    import tempfile
    from pathlib import Path

    import yaml

    from derivax.answerkeys import keys_from_file
    from derivax.grading import grade_answer

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "key.yaml"
        path.write_text(yaml.safe_dump({"p": {"answer": key_latex, "assume": list(assume)}}))
        key = keys_from_file(path)["p"]
    return grade_answer(key, answer)


def _equiv(key: str, answer: str, assume: tuple[str, ...] = ()) -> dict:
    from derivax.equiv import equivalent

    return equivalent(key, answer, list(assume))


_VECTOR = r"\begin{pmatrix} 1 \\ 2 \end{pmatrix}"


@pytest.mark.parametrize(
    ("key", "answer", "status", "verdict"),
    [
        # a written matrix was an unknown function to grade (undecided) and compared entry by entry in equiv
        (_VECTOR, r"\begin{pmatrix} 2 \\ 1 \end{pmatrix}", "incorrect", "different"),
        # each entry an answer to its key, as a number is (session 49): 2.001 for 2 is one unit in its last digit away
        (_VECTOR, r"\begin{pmatrix} 1 \\ 2.001 \end{pmatrix}", "undecided", "undecided"),
        (_VECTOR, r"\begin{pmatrix} 1 \\ 2.5 \end{pmatrix}", "incorrect", "different"),
        (r"\begin{pmatrix} x^2 - 1 \\ 2 \end{pmatrix}", r"\begin{pmatrix} (x-1)(x+1) \\ 2 \end{pmatrix}", "correct", "equivalent"),
        # a tuple for a vector key is that vector (it was an open interval: "your answer is a set"; (2, 1) unparsed)
        (_VECTOR, "(1, 2)", "correct", "equivalent"),
        (_VECTOR, r"\left(1, 2\right)", "correct", "equivalent"),
        (_VECTOR, "(2, 1)", "incorrect", "different"),
        (_VECTOR, "(1, 2, 3)", "unparsed", "undecided"),  # three entries: no vector of two
        # a written matrix transposed (it was the matrix to the power T)
        (_VECTOR, r"\begin{pmatrix} 1 & 2 \end{pmatrix}^T", "correct", "equivalent"),
        (_VECTOR, r"\begin{pmatrix} 2 & 1 \end{pmatrix}^\top", "incorrect", "different"),
        # an arrow names another quantity (\vec{v}/v = 1 is no identity): read as the key's names, a person looks
        ("a - y", r"\vec{a} - \vec{y}", "undecided", "undecided"),
        ("a - y", r"\vec{y} - \vec{a}", "incorrect", "different"),
        # math delimiters and a label in words around an answer (unparsed before)
        (r"\sigma(z)(1 - \sigma(z))", r"$\sigma(z)\cdot(1-\sigma(z))$", "correct", "equivalent"),
        ("a - y", r"\text{answer: } a - y", "correct", "equivalent"),
        ("y = 2x + 1", r"\text{The answer is } y = 2x+1\text{.}", "correct", "equivalent"),
        ("y = 2x + 1", r"\text{The answer is } y = 2x-1", "incorrect", "different"),
        # words that carry meaning are no label: kept, and the answer does not read (probe helper-116: they were dropped)
        ("x^2", r"\text{Wrong: } x^2", "unparsed", "undecided"),
        ("x", r"\text{For positive x:} \sqrt{x^2}", "unparsed", "undecided"),
        ("-x", r"\text{The opposite is } x", "unparsed", "undecided"),
    ],
)
def test_grade_and_equiv_agree_on_vectors_and_wrapped_answers(key, answer, status, verdict):
    assert _graded(key, answer).status == status
    assert _equiv(key, answer)["verdict"] == verdict


@pytest.mark.parametrize(
    ("key", "answer", "status", "verdict", "said"),
    [
        # names the key does not use, that read as the key's make it the key: a person judges the notation
        ("a - y", "a_j - y_j", "undecided", "undecided", "a_j read as a"),
        ("a - y", r"\hat{y} - y", "undecided", "undecided", "y_hat read as a"),
        (r"\sigma(z)(1 - \sigma(z))", r"\sigma(1 - \sigma)", "undecided", "undecided", "sigma read as"),
        (r"\frac{1}{n}", r"\frac{1}{n_{in}}", "undecided", "undecided", "n_in read as n"),
        ("x + 1", "X + 1", "undecided", "undecided", "X read as x"),
        # wrong twins: no reading of the new name makes them the key
        ("a - y", "a - y + c", "incorrect", "different", ""),
        ("a - y", "a_j + y_j", "incorrect", "different", ""),
        (r"\sigma(z)(1 - \sigma(z))", r"\sigma(1 + \sigma)", "incorrect", "different", ""),
        ("x + 1", "X + 2", "incorrect", "different", ""),
        # a number for a key: letters are wrong whatever they name
        ("0.25", "x", "incorrect", "different", ""),
    ],
)
def test_an_answer_in_other_names_is_left_to_a_person_only_where_they_make_it_the_key(key, answer, status, verdict, said):
    graded, judged = _graded(key, answer), _equiv(key, answer)
    assert graded.status == status, graded.message
    assert judged["verdict"] == verdict, judged
    if said:
        assert said in graded.message and said in judged["reason"]


def test_a_relation_in_other_names_is_left_to_a_person():
    graded = _graded(r"0 < \epsilon < \frac{2}{\lambda}", r"0 < \eta < \frac{2}{\lambda}", ("\\lambda > 0",))
    assert graded.status == "undecided" and "eta" in graded.message
    assert _equiv("x > 1", "X > 1")["verdict"] == "undecided"
    assert _graded(r"0 < \epsilon < \frac{2}{\lambda}", r"0 < \epsilon < \frac{1}{\lambda}", ("\\lambda > 0",)).status == "incorrect"


@pytest.mark.parametrize(
    ("key", "answer"),
    [
        # one unit of a written 0.24 is 1/24 of it as a float, a hair below 0.01: 0.24 was refuted, 0.26 within
        ("0.25", "0.24"),
        ("0.25", "0.26"),
        ("\\frac{1}{4}", "0.24"),
        ("\\frac{1}{4}", "0.26"),
        ("0.5", "0.49"),
        ("0.5", "0.51"),
    ],
)
def test_one_unit_off_is_judged_alike_above_and_below(key, answer):
    assert _equiv(key, answer)["verdict"] == "undecided"
    assert _graded(key, answer).status == "undecided"


@pytest.mark.parametrize(("key", "answer"), [("0.25", "0.23"), ("0.25", "0.27"), ("\\frac{1}{4}", "0.27")])
def test_two_units_off_are_different(key, answer):
    assert _equiv(key, answer)["verdict"] == "different"


@pytest.mark.parametrize(
    "answer",
    [
        "0.25000000000000000000000000000000000000000000000000000000000000009",  # 9e-65 off: past 60-digit arithmetic
        "0.250000000000000000000000000000000000000000000000000000000000009",
    ],
)
def test_a_number_written_past_the_working_digits_is_never_accepted(answer):
    """They were ``equivalent``: one unit of the last digit is below what 60 digits tell apart."""
    assert _equiv("\\frac{1}{4}", answer)["verdict"] == "undecided"
    assert _graded("\\frac{1}{4}", answer).status == "undecided"
    assert _verdict(f"e = 2.7182818284590452353602874713526624977572470936999595749669676277240799{answer[-3:]}") == "UNDECIDED"


def test_a_tiny_difference_shows_the_digits_where_the_values_part():
    graded = _graded(r"\sigma(z)(1-\sigma(z))", r"\sigma(z)(1-\sigma(z)) + 10^{-12}")
    assert graded.status == "incorrect"
    assert "key = 0.25, answer = 0.250000000001" in graded.message


def test_a_matrix_answer_says_which_entry_differs():
    graded = _graded(_VECTOR, r"\begin{pmatrix} 1 \\ 3 \end{pmatrix}")
    assert graded.status == "incorrect" and "(entry 2)" in graded.message and "answer = 3" in graded.message


# ---------------------------------------------------------------------------------------- probe helper-113: hostile input


@pytest.mark.parametrize(
    "statement",
    [
        "5 000 000 = 0",  # was proved: 5 * 000 * 000
        "1 000 = 1000",  # was refuted
        "2 5 = 10",
        "x^23 4 = 1",  # x^2 then 3 4: TeX shows 34
    ],
)
def test_digits_separated_by_a_space_are_refused(statement):
    from derivax.latex import LatexError, parse

    with pytest.raises(LatexError, match="digits separated by a space"):
        parse(statement)


@pytest.mark.parametrize(("statement", "verdicts"), [("x^2 3 = 3x^2", _HOLDS), ("x_1 2 = 2x_1", _HOLDS), ("1\\,000 = 1000", _HOLDS)])
def test_a_script_digit_before_a_space_is_no_spaced_number(statement, verdicts):
    assert _verdict(statement) in verdicts


@pytest.mark.parametrize(
    ("statement", "verdicts"),
    [
        # a comma between longer indices keeps them apart (both were w_112: proved)
        ("w_{1,12} = w_{11,2}", ("REFUTED",)),
        ("W_{i,jk} = W_{ij,k}", ("REFUTED",)),
        ("w_{1,12} = w_{1,12}", _HOLDS),
        ("a_{j,k} = a_{jk}", _HOLDS),  # one-character indices: the same entry, however written
    ],
)
def test_subscripts_with_commas_stay_apart(statement, verdicts):
    assert _verdict(statement) in verdicts


def test_a_determinant_written_as_vmatrix_is_refused():
    from derivax.latex import LatexError, parse

    # det A = det A^T was refuted entry by entry, and |A| = A proved
    with pytest.raises(LatexError, match="vmatrix"):
        parse("\\begin{vmatrix} 1 & 2 \\\\ 3 & 4 \\end{vmatrix} = \\begin{vmatrix} 1 & 3 \\\\ 2 & 4 \\end{vmatrix}")


@pytest.mark.parametrize(
    ("statement", "verdicts"),
    [
        # the brace of a group around 2 \cdot 10^8 was taken for the exponent's (unparsed; or misread and refuted)
        ("\\frac{1}{2 \\cdot 10^8} = 5 \\cdot 10^{-9}", _HOLDS),
        ("\\frac{1}{2 \\cdot 10^8} = 5 \\cdot 10^{-8}", ("REFUTED",)),
        ("\\sqrt{4 \\cdot 10^2} = 20", _HOLDS),
        ("\\sqrt{4 \\cdot 10^2} = 2", ("REFUTED",)),
        ("5 \\cdot 10^{2x} = 5 \\cdot 100^{x}", _HOLDS),
        ("5 \\cdot 10^{2x} = 5 \\cdot 10^{x}", ("REFUTED",)),
    ],
)
def test_scientific_notation_keeps_the_braces_of_the_group_around_it(statement, verdicts):
    assert _verdict(statement) in verdicts


@pytest.mark.parametrize(
    "statement",
    ["\\int_0^{10^{100}} e^{-x^2}\\,dx > \\frac{1}{2}", "\\int_0^{10^{100}} e^{-x^2}\\,dx < 0.001"],
)
def test_an_integral_over_a_range_too_wide_for_quadrature_is_not_judged_by_it(statement):
    """Every node missed where e^{-x^2} lives: the true one was refuted, the false one confirmed."""
    assert _verdict(statement) == "UNDECIDED"


def _class(folder):
    key = folder / "key.yaml"
    key.write_text("p: {answer: 'x^2'}\n")
    for name, answer in (("a", "x^2"), ("b", "x^3")):
        (folder / f"{name}.yaml").write_text(f"student: {name.upper()}\nanswers:\n  p: '{answer}'\n")
    return key


def test_a_pipe_or_a_link_among_the_submissions_costs_only_itself(tmp_path, capsys):
    """A FIFO blocked the whole class for ever; a link to /dev/zero read without end; a link to a file outside
    published it in the feedback. Now each is refused, listed unscored in the gradebook, and the exit is 1."""
    import csv
    import os

    from derivax.cli import main

    key = _class(tmp_path)
    os.mkfifo(tmp_path / "pipe.yaml")
    (tmp_path / "zero.md").symlink_to("/dev/zero")
    secret = tmp_path.parent / f"{tmp_path.name}-secret.md"
    secret.write_text("secret: 42\n")
    (tmp_path / "mallory.md").symlink_to(secret)
    paths = [str(tmp_path / n) for n in ("a.yaml", "pipe.yaml", "zero.md", "mallory.md", "b.yaml")]
    out = tmp_path / "out"
    assert main(["grade", *paths, "--key", str(key), "--out", str(out), "--jobs", "1", "--html"]) == 1
    err = capsys.readouterr().err
    assert "pipe.yaml: a pipe, not a regular file" in err and "zero.md: a symbolic link" in err and "mallory.md: a symbolic link" in err
    rows = {r["student"]: r for r in csv.DictReader((out / "gradebook.csv").open())}
    assert rows["A"]["total"] == "1.0" and rows["B"]["total"] == "0.0"
    assert {n for n, r in rows.items() if r["total"] == ""} == {"pipe", "zero", "mallory"}
    assert not any("secret: 42" in f.read_text(errors="replace") for f in out.iterdir() if f.is_file())


def test_steps_checks_the_other_documents_beside_a_pipe(tmp_path, capsys):
    import os

    from derivax.cli import main

    (tmp_path / "ok.md").write_text("$$1 + 1 = 2$$\n")
    os.mkfifo(tmp_path / "pipe.md")
    assert main(["steps", str(tmp_path / "ok.md"), str(tmp_path / "pipe.md")]) == 1
    captured = capsys.readouterr()
    assert "1 ok" in captured.out and "pipe.md: a pipe, not a regular file" in captured.err


def test_a_link_in_the_folders_of_a_submission_is_refused_too(tmp_path, capsys):
    from derivax.cli import main

    key = _class(tmp_path)
    private = tmp_path.parent / f"{tmp_path.name}-private"
    private.mkdir()
    (private / "notes.md").write_text("secret: 42\n")
    (tmp_path / "bob").symlink_to(private)
    out = tmp_path / "out"
    assert main(["grade", str(tmp_path / "a.yaml"), str(tmp_path / "bob" / "notes.md"), "--key", str(key), "--out", str(out)]) == 1
    assert "notes.md: a symbolic link" in capsys.readouterr().err
    rows = (out / "gradebook.csv").read_text()
    assert "notes,,,1.0," in rows.replace("\r", "")  # no score, the rubric's maximum
    assert not any("secret: 42" in f.read_text(errors="replace") for f in out.iterdir() if f.is_file())


@pytest.mark.parametrize("assumption", ["x - 1", "\\{1, 2\\}"])
def test_an_assumption_that_is_no_condition_is_refused(assumption, tmp_path, capsys):
    """``--assume 'x - 1'`` was no condition at all, and x^2 >= x was proved under it; in a key it was the student's
    answer that came out unparsed."""
    from derivax.cli import main

    assert main(["check", "x^2 \\ge x", "--assume", assumption]) == 2
    assert "not a condition" in capsys.readouterr().err
    key = tmp_path / "key.yaml"
    key.write_text(f"p: {{answer: 'x', assume: ['{assumption}']}}\n")
    (tmp_path / "s.yaml").write_text("student: S\nanswers:\n  p: 'x'\n")
    assert main(["grade", str(tmp_path / "s.yaml"), "--key", str(key), "--out", str(tmp_path / "out")]) == 2
    assert "not a condition" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("key", "answer", "verdict"),
    [
        ("1.04", "1.0", "undecided"),  # was equivalent: the key rounded to fewer digits than it gives
        ("2.04", "2.0", "undecided"),
        ("1.04", "1.04", "equivalent"),
        ("1.04", "1.040", "equivalent"),
        ("1.04", "1.2", "different"),
        ("\\frac{1}{3}", "0.333", "equivalent"),  # an exact key: the answer's digits set the tolerance, as before
    ],
)
def test_an_answer_coarser_than_a_decimal_key_is_left_to_a_person(key, answer, verdict):
    assert _equiv(key, answer)["verdict"] == verdict
    assert _graded(key, answer).status == {"undecided": "undecided", "equivalent": "correct", "different": "incorrect"}[verdict]


def test_the_variable_of_a_derivative_in_the_key_is_the_keys_own_name():
    """d/dw (wx + b) for the key, w for the answer: w is no name foreign to the key (equiv said "with w read as x it
    is the key"; grade said incorrect)."""
    key = "\\frac{\\partial}{\\partial w}(wx+b)"
    assert _equiv(key, "w")["verdict"] == "different"
    assert _graded(key, "w").status == "incorrect"
    assert _equiv(key, "x")["verdict"] == "equivalent"


def test_a_vector_answer_keeps_its_vector_against_a_norm_key():
    """w^T w for the key \\|w\\|^2: grade renamed the answer's vector w to the key's number w and was undecided."""
    assert _equiv("\\|w\\|^2", "w^T w")["verdict"] == "equivalent"
    assert _graded("\\|w\\|^2", "w^T w").status == "correct"
    assert _graded("\\|w\\|^2", "w w^T").status != "correct"  # the outer product


def test_an_undecided_grade_never_carries_a_definite_judgement():
    graded = _graded("a - y", "a_j - y_j")
    assert graded.status == "undecided"
    assert graded.judgement is None or graded.judgement.verdict.name == "UNDECIDED"
    assert graded.as_dict()["status"] == "undecided"


def test_a_witness_is_one_where_both_relations_have_values():
    """t = 1 made the answer m_t / (1 - beta_1^0) a division by zero: true that it is not in the answer's set, and
    0/0 for the student to check; a point where both are defined is shown where one exists."""
    result = _equiv(
        "\\hat{m}_t = \\frac{m_t}{1-\\beta_1^t}", "\\hat{m}_t = \\frac{m_t}{1-\\beta_1^{t-1}}", ("0 < \\beta_1 < 1", "t \\ge 1")
    )
    assert result["verdict"] == "different"
    at = result["witness"]["at"]
    assert at["t"] != 1 and at["t"] >= 1 and 0 < at["beta_1"] < 1
    assert _equiv("\\hat{m}_t = \\frac{m_t}{1-\\beta_1^t}", "\\frac{m_t}{1-\\beta_1^t} = \\hat{m}_t")["verdict"] == "equivalent"


# ---------------------------------------------------------------------------------------- review probe helper-116


@pytest.mark.parametrize(
    ("statement", "assumed", "verdicts"),
    [
        # points where the series has no value counted for nothing, and the confirmation stood: false confirmed
        ("\\sum_{k=0}^\\infty r^k < \\infty", ("-2 < r < 1",), ("REFUTED",)),
        ("\\sum_{k=1}^\\infty \\frac{(-1)^k}{k^p} < \\infty", ("p > -\\frac{1}{2}",), ("REFUTED",)),
        ("\\sum_{k=1}^\\infty \\frac{(-1)^k}{k^p} < \\infty", ("p > 0",), _HOLDS),
        # no simple or drawn point fell between -3/2 and -1, where it converges: the ends of the domain are tried
        ("\\sum_{k=1}^\\infty k^p = \\infty", ("p > -\\frac{3}{2}",), ("REFUTED",)),
        ("\\sum_{k=1}^\\infty k^p = \\infty", ("p > -1",), _HOLDS),
        # a condition that ties the series' parameter to another: both drawn (refuted at p = 0, which p > q > 1 excludes)
        ("\\sum_{k=1}^\\infty k^{-p} < \\infty", ("p > q", "q > 1"), _HOLDS),
        ("\\sum_{k=1}^\\infty k^{-p} < \\infty", ("p > q", "q > 0"), ("REFUTED",)),
    ],
)
def test_a_series_with_parameters_is_confirmed_only_where_every_point_has_its_value(statement, assumed, verdicts):
    assert _verdict(statement, *assumed) in verdicts


_ADAM = "\\frac{\\eta \\hat{m}_t}{\\sqrt{\\hat{v}_t} + \\epsilon}"


@pytest.mark.parametrize(
    ("key", "answer", "verdict"),
    [
        # an arrow is a name apart again (\vec{v}/v = 1 was proved); read as the key's names, the answer is undecided
        ("a - y", "\\vec{a} - \\vec{y}", "undecided"),
        ("a - y", "\\vec{y} - \\vec{a}", "different"),
        # a name is read only as one it may spell: swapped names and changed indices are no spelling
        ("a - y", "y_j - a_j", "different"),
        ("W_{ij}", "W_{ji}", "different"),
        ("W_{ij}", "W_{j,i}", "different"),
        ("a - y", "\\hat{y} - y", "undecided"),  # \hat{y} like none of the key's names: read as the unused a
        ("x = 2", "t = 2", "undecided"),
        ("x = 2", "t = 5", "different"),  # a relation in other names, no reading makes it the key
        # all the readings are tried (the first 24 missed the right one)
        (_ADAM, "\\frac{\\alpha \\hat{m}}{\\sqrt{\\hat{v}} + \\varepsilon}", "undecided"),
        (_ADAM, "\\frac{\\alpha \\hat{v}}{\\sqrt{\\hat{m}} + \\varepsilon}", "different"),
    ],
)
def test_names_are_read_as_the_keys_only_where_they_may_spell_them(key, answer, verdict):
    assert _equiv(key, answer)["verdict"] == verdict
    assert _graded(key, answer).status == {"undecided": "undecided", "different": "incorrect"}[verdict]


def test_an_arrow_is_a_name_apart_from_the_letter_in_check():
    assert _verdict("\\frac{\\vec{v}}{v} = 1") == "REFUTED"
    assert _verdict("\\vec{w}^T \\vec{x} = \\vec{x}^T \\vec{w}") in _HOLDS  # ^T after \vec{w}: a transpose, not a power


def test_a_document_assumption_that_is_no_condition_is_refused():
    found = judged_steps(
        r"""
        % derivax: assume x - 1
        $$\sqrt{x^2} = x$$
        """
    )
    (step,) = found.values()
    assert step.status == "unparsed" and "not a condition" in step.message


@pytest.mark.parametrize(
    ("key", "answer", "verdict"),
    [
        ("2x", "1.0000000000000000000000000000000000000000000000000001 x", "different"),  # a failure found stands
        ("\\frac{1}{4}", "0.25000000000000000000000000000000000000000000000000000000000000009", "undecided"),
        ("4.99975 \\cdot 10^{-9}", "5 \\cdot 10^{-9}", "equivalent"),  # coarser, but within 1 %: as a one-digit answer
    ],
)
def test_long_and_coarse_numbers(key, answer, verdict):
    assert _equiv(key, answer)["verdict"] == verdict


def test_plain_text_scientific_notation_before_a_letter_is_not_rewritten():
    """2*10^-3x: the exponent is -3x or -3 (then times x); it was rewritten as 0.002 x and graded different."""
    assert _equiv("2 \\cdot 10^{-3x}", "2*10^-3x")["verdict"] != "different"
    assert _verdict("2*10^-3 = 0.002") in _HOLDS


@pytest.mark.parametrize(
    ("key", "answer", "status"),
    [
        # equal to the key, and the question itself (probe helper-114: each scored full marks)
        ("\\frac{e^{w}}{1+e^{w}}", "\\frac{d}{dw}\\ln(1+e^w)", "undecided"),
        ("e", "\\lim_{n\\to\\infty}(1+\\frac{1}{n})^n", "undecided"),
        ("e", "\\sum_{k=0}^{\\infty} \\frac{1}{k!}", "undecided"),
        # the worked answer, and an operation the key writes too, are graded as before
        ("\\frac{e^{w}}{1+e^{w}}", "\\frac{1}{1+e^{-w}}", "correct"),
        ("\\sum_{k=1}^n k", "\\sum_{i=1}^n i", "correct"),
        ("e", "\\lim_{n\\to\\infty}(1+\\frac{2}{n})^n", "incorrect"),  # the twin: e^2, wrong whatever it restates
    ],
)
def test_an_answer_that_still_has_the_operation_to_carry_out_is_left_to_a_person(key, answer, status):
    graded = _graded(key, answer)
    assert graded.status == status, graded.message
    if status == "undecided":
        assert "to carry out" in graded.message
