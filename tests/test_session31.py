"""Session 31: chains that name before they define, a formula stated again in a new round, numbers put in for names.

``C = L(\\theta) = -\\frac{1}{n}\\sum_x \\dots`` names C and L before the expression that defines both (given, and
later steps use it); ``g = \\frac{1}{m}\\nabla \\dots`` after ``g = 5.001e^{-9}`` is the formula again at the start of
a new round of a computation by hand (given); and a step that puts numbers in for a formula's names is ``ok`` when the
values the document gave agree and the formula at those values is the right side (derivax.substitution), never
``ok`` where the structure differs or a value disagrees.
"""

from __future__ import annotations

import textwrap

import pytest
import sympy as sp

from derivax.latex import parse
from derivax.steps import check_document
from derivax.substitution import substituted


def _results(document: str) -> dict[tuple[str, str], tuple[str, str]]:
    results = check_document(textwrap.dedent(document), timeout_s=10)
    return {(r.left, r.right): (r.status, r.message) for r in results}


def test_a_chain_of_names_defines_each_and_later_steps_use_it():
    right = _results("""
        The cost is

        $$C = L(a) = (a+1)^2 = a^2 + 2a + 1$$

        Then

        $$\\frac{dC}{da} = 2a + 2$$
        """)
    assert right[("C", "L(a)")][0] == "given"
    assert right[("L(a)", "(a+1)^2")][0] == "given"
    assert "C (line 4)" in right[("L(a)", "(a+1)^2")][1]
    assert right[("(a+1)^2", "a^2 + 2a + 1")][0] == "ok"
    status, message = right[("\\frac{dC}{da}", "2a + 2")]
    assert status == "ok" and "definition of C (line 4)" in message
    twin = _results("""
        The cost is

        $$C = L(a) = (a+1)^2 = a^2 + a + 1$$

        Then

        $$\\frac{dC}{da} = 2a + 3$$
        """)
    assert twin[("(a+1)^2", "a^2 + a + 1")][0] == "wrong"
    status, message = twin[("\\frac{dC}{da}", "2a + 3")]
    assert status == "wrong" and "definition of C (line 4)" in message


def test_a_run_of_names_that_ends_with_a_name_defines_nothing():
    results = _results("$$C = L(a)$$\n\n$$\\frac{dC}{da} = 2a$$\n")
    assert results[("C", "L(a)")][0] != "given" or "chain goes on" not in results[("C", "L(a)")][1]
    assert results[("\\frac{dC}{da}", "2a")][0] == "undecided"


def test_a_formula_again_after_a_value_is_a_new_round_not_a_claim():
    results = _results("""
        Iteration 1:

        $$g = \\frac{1}{m} \\sum_i x_i w$$

        $$g = 0.5$$

        Iteration 2:

        $$g = \\frac{1}{m} \\sum_i x_i w$$
        """)
    status, message = results[("g", "\\frac{1}{m} \\sum_i x_i w")]
    assert status == "given" and "new round" in message and "0.5 on line 6" in message


STEPS = """
    AdaGrad, iteration 1:

    $$g = 5.001e^{-9}$$

    $$r = 2.501e^{-17}$$

    $$\\Delta\\theta = -\\frac{\\epsilon}{\\delta + \\sqrt{r}} \\cdot g$$

    $$\\Delta\\theta = {PUT}$$
    """


def test_numbers_put_in_for_a_formula_are_checked_against_the_values_given():
    put = "-\\frac{1}{10^{-8} + \\sqrt{2.501e^{-17}}} \\cdot 5.001e^{-9}"
    results = _results(STEPS.replace("{PUT}", put))
    status, message = results[("-\\frac{\\epsilon}{\\delta + \\sqrt{r}} \\cdot g", put)]
    assert status == "ok", message
    assert "r = 2.501e^{-17} (line 6), g = 5.001e^{-9} (line 4)" in message
    assert "epsilon = 1, delta = 10^{-8} put in by this step" in message


@pytest.mark.parametrize(
    "put, said",
    [
        # the square root dropped: the formula at those numbers is another number, never ok
        ("-\\frac{1}{10^{-8} + 2.501e^{-17}} \\cdot 5.001e^{-9}", "appear on one side only"),
        # g put in as 5.1e-9 where line 4 gave 5.001e-9: reported, not judged (a name may be reused)
        ("-\\frac{1}{10^{-8} + \\sqrt{2.501e^{-17}}} \\cdot 5.1e^{-9}", "g = 5.1e^{-9} where line 4 gives 5.001e-9"),
    ],
)
def test_numbers_put_in_wrongly_are_never_ok(put, said):
    results = _results(STEPS.replace("{PUT}", put))
    status, message = results[("-\\frac{\\epsilon}{\\delta + \\sqrt{r}} \\cdot g", put)]
    assert status == "undecided" and said in message, message


def _put(left: str, right: str, known: dict | None = None) -> tuple[str, str]:
    status, _, reason = substituted(parse(left), parse(right), (known or {}).get)
    return status, reason


@pytest.mark.parametrize(
    "left, right, known, shown",
    [
        ("\\frac{s}{1 - p_1^t}", "\\frac{5.001e^{-10}}{1 - 0.9}", {"t": (sp.Integer(1), "line 5")}, "p_1 = 0.9"),
        ("\\theta + \\Delta\\theta", "10^{-8} + (-1.554e^{-5})", {}, "Delta_theta = (-1.554e^{-5})"),
        ("0.9 s + (1 - 0.9) g", "0.9 * 0 + (1 - 0.9) * 5.001e^{-9}", {}, "s = 0, g = 5.001e^{-9}"),
        ("w - \\eta x^2", "0.5 - 0.1 \\cdot 2^2", {}, "w = 0.5, eta = 0.1, x = 2"),
        ("w - \\eta x^2", "0.5 - 0.1 \\cdot 4", {"x": (sp.Integer(2), "line 2")}, "x = 2 (line 2)"),
        ("\\frac{1}{1+e^{-(w x + b)}}", "\\frac{1}{1+e^{-(0.5 \\cdot 2 + 1)}}", {}, "w = 0.5, x = 2, b = 1"),
    ],
)
def test_substitutions_read(left, right, known, shown):
    status, reason = _put(left, right, known)
    assert status == "ok" and shown in reason


@pytest.mark.parametrize(
    "left, right",
    [
        ("\\beta_1 m + (1 - \\beta_1) g", "0.9 \\cdot 0.5 + (1 - 0.8) \\cdot 2"),  # beta_1 is 0.9 and 0.8
        ("w - \\eta x^2", "0.5 - 0.1 \\cdot 2"),  # the square dropped (a power never brings a value of its own)
        ("\\frac{s}{1 - \\beta^t}", "\\frac{0.5}{1 - 0.9}"),  # t has no value: beta^t = 0.9 says nothing of beta
        ("w - \\eta x", "0.5 - 0.1 \\cdot y"),  # a name on the right: no substitution
        ("a + b", "3"),  # a result, not numbers in place of names
    ],
)
def test_no_substitution_where_the_sides_do_not_align(left, right):
    assert _put(left, right)[0] == ""


def test_a_value_the_document_gave_that_differs_is_reported_not_flagged():
    status, reason = _put("\\frac{1}{1+e^{-(w x + b)}}", "\\frac{1}{1+e^{-(0.5 \\cdot 2 + 1)}}", {"b": (sp.Integer(2), "line 4")})
    assert status == "undecided" and "b = 1 where line 4 gives 2" in reason


def test_a_long_side_gives_up_within_its_budget():
    names = " + ".join(f"a_{{{k}}} b_{{{k}}}" for k in range(40))
    numbers = " + ".join(f"{k}.5 \\cdot {k}" for k in range(40)) + " + 1"
    assert _put(names, numbers)[0] == ""


# ---------------------------------------------------------------------------------- probe Q: a restatement that differs


def test_a_restated_function_that_differs_is_used_by_no_later_step():
    """A slip in a restatement (f(w) = w^2 + 3w after Let f(w) = w^2 - 3w) replaced the definition, and the right
    derivative of the real f after it was flagged wrong: neither definition is used after the two disagree."""
    results = _results("Let $f(w) = w^2 - 3w$.\n\n$$f(w) = w^2 + 3w$$\n\n$$f'(w) = 2w - 3$$\n")
    status, message = results[("f(w)", "w^2 + 3w")]
    assert status == "undecided" and "use neither definition of f(w)" in message
    assert results[("f'(w)", "2w - 3")][0] == "undecided"
    agreeing = _results("Let $f(w) = w^2 - 3w$.\n\n$$f(w) = w(w - 3)$$\n\n$$f'(w) = 2w - 3$$\n")
    assert agreeing[("f'(w)", "2w - 3")][0] == "ok"
    twin = _results("Let $f(w) = w^2 - 3w$.\n\n$$f(w) = w(w - 3)$$\n\n$$f'(w) = 2w + 3$$\n")
    assert twin[("f'(w)", "2w + 3")][0] == "wrong"


# ---------------------------------------------------------------------------------- probe R: bars and slashes


def _check(statement: str) -> tuple[str, str]:
    from derivax.judge import check_statement

    judgement = check_statement(parse(statement))
    return judgement.verdict.name, judgement.reason


@pytest.mark.parametrize(
    "statement, verdict",
    [
        ("|x| - 2|y| = 2|xy|", "REFUTED"),  # was read 2|xy| = 2|xy|: proved
        ("|x| - 2|y| \\ge 0", "REFUTED"),
        ("2|x| - 3|y| = 6|xy|", "REFUTED"),
        ("|x-1| y |x+1| \\ge 0", "REFUTED"),  # spaced on one side, each bar hugs what it bounds
        ("|a| b |c| = b|a||c|", "PROVED"),  # was refuted: read |a |b| c|
        ("|a|b|c| = |a| |b| |c|", "UNDECIDED"),  # unspaced: |a| b |c| or |a |b| c|, the readings disagree
        ("||x| - 1| \\ge 0", "PROVED"),
        ("|x||y| = |xy|", "PROVED"),
        ("\\frac{1}{2\\pi} = 1/2\\pi", "UNDECIDED"),  # was refuted: 1/2\pi is 1/(2 pi) as often as pi/2
        ("1/2\\sqrt{\\pi} = \\frac{1}{2\\sqrt{\\pi}}", "UNDECIDED"),
        ("x/2 + 1 = \\frac{x}{2} + 1", "PROVED"),
    ],
)
def test_bars_and_slashes_are_read_as_a_reader_reads_them(statement, verdict):
    assert _check(statement)[0] == verdict


def test_a_name_given_to_a_defined_function_is_its_body():
    """C = L(\\theta) = ... after Let L(\\theta) = ...: C is L's body, so dC/d\\theta is checked (it was undecided)."""
    document = "Let $L(\\theta) = \\frac{1}{2}(\\theta - 2)^2$.\n\n$$C = L(\\theta) = \\frac{1}{2}(\\theta^2 - 4\\theta + 4)$$\n\n"
    right = _results(document + "$$\\frac{dC}{d\\theta} = \\theta - 2$$\n")
    assert right[("C", "L(\\theta)")][0] == "given"
    assert right[("\\frac{dC}{d\\theta}", "\\theta - 2")][0] == "ok"
    twin = _results(document + "$$\\frac{dC}{d\\theta} = \\theta + 2$$\n")
    assert twin[("\\frac{dC}{d\\theta}", "\\theta + 2")][0] == "wrong"


def test_a_name_written_on_both_sides_is_the_steps_own_even_where_the_reading_cancels_it():
    """n \\cdot \\frac{1}{n} \\cdot v = nv reads v = nv: n is written on both sides, so no name defined elsewhere
    (it was 'n appear on one side only', undecided)."""
    chain = "$$\\operatorname{Var}(z) = n \\cdot \\frac{1}{n} \\cdot v = {END}$$\n"
    assert _results(chain.replace("{END}", "v"))[("n \\cdot \\frac{1}{n} \\cdot v", "v")][0] == "ok"
    assert _results(chain.replace("{END}", "nv"))[("n \\cdot \\frac{1}{n} \\cdot v", "nv")][0] == "wrong"


# ---------------------------------------------------------------------------------- probe S: moments and matrices


MOMENT_CHAIN = "$$\\mathbb{E}[X^2 + X] = \\mathbb{E}[X^2] + \\mathbb{E}[X] = {END} + \\mathbb{E}[X]$$\n"
MOMENT_LINK = "\\mathbb{E}[X^2] + \\mathbb{E}[X]"


@pytest.mark.parametrize("words", ["variance 1 (say)", "unit variance (say)", "mean 0 and variance 1 (not necessarily Gaussian)"])
def test_a_variance_said_in_words_before_a_parenthesis_is_read(words):
    """"with zero mean and variance 1 (say)": the variance was not read, and the witness drew X with variance 2, so a
    right E[X^2] = 1 was wrong."""
    document = f"Let $X$ be a random variable with zero mean and {words}.\n\n" + MOMENT_CHAIN
    assert _results(document.replace("{END}", "1"))[(MOMENT_LINK, "1 + \\mathbb{E}[X]")][0] == "ok"
    assert _results(document.replace("{END}", "2"))[(MOMENT_LINK, "2 + \\mathbb{E}[X]")][0] == "wrong"


def test_a_variance_said_in_words_not_read_lets_no_witness_choose_it():
    document = "Let $X$ be a random variable with zero mean and variance one half.\n\n" + MOMENT_CHAIN.replace("{END}", "1")
    assert _results(document)[(MOMENT_LINK, "1 + \\mathbb{E}[X]")][0] == "undecided"


def test_matrix_operators_in_text_and_capitals_side_by_side():
    """\\text{tr}(A) was unparsed; QQ^T read Q times Q to the power T."""
    assert parse("\\text{tr}(A + B)").expr == parse("\\operatorname{tr}(A + B)").expr
    nc = frozenset({"Q", "A", "B"})
    assert str(parse("QQ^T", noncommutative=nc).expr) == "Q*transpose(Q)"
    assert str(parse("AB^T", noncommutative=nc).expr) == "A*transpose(B)"
    assert str(parse("\\beta^T").expr) == "beta**T"  # a Greek letter's T is a power (a horizon)
    assert str(parse("xy^T").expr) == "x*transpose(y)"  # letters side by side are factors (session 50: xy^Tz = zy^Tx was proved)
    context = "symbols:\n  'Q': {kind: matrix, properties: [orthogonal]}\n  '\\Lambda': {kind: matrix, properties: [diagonal]}\n"
    from derivax.assignment import assignment_from_text

    chain = "$$I - 2\\epsilon Q\\Lambda Q^T = QQ^T - 2\\epsilon Q\\Lambda Q^T = {END}$$\n"
    for end, status in (("Q(I - 2\\epsilon\\Lambda)Q^T", "ok"), ("Q^T(I - 2\\epsilon\\Lambda)Q", "wrong")):
        results = check_document(chain.replace("{END}", end), timeout_s=10, assignment=assignment_from_text(context))
        assert {(r.left, r.right): r.status for r in results}[("QQ^T - 2\\epsilon Q\\Lambda Q^T", end)] == status


# ---------------------------------------------------------------------------------- probe T: one significant digit


@pytest.mark.parametrize(
    "key, answer, verdict",
    [
        ("\\frac{1}{6}", "0.2", "undecided"),  # was equivalent: 0.2 is also the off-by-one 1/5
        ("\\frac{1}{9}", "0.1", "undecided"),
        ("0.16", "0.2", "undecided"),
        ("\\frac{1}{6}", "0.17", "equivalent"),  # two digits: 1/6 rounded
        ("4.99975e^{-9}", "5e^{-9}", "equivalent"),  # within 1 %
        ("\\frac{1}{5}", "0.2", "equivalent"),
        ("\\frac{1}{6}", "\\frac{1}{5}", "different"),
    ],
)
def test_an_answer_of_one_significant_digit_agrees_within_one_per_cent_only(key, answer, verdict):
    from derivax.equiv import equivalent

    assert equivalent(key, answer)["verdict"] == verdict


def test_a_binary_document_is_refused_with_a_message(tmp_path):
    from derivax.cli import main

    binary = tmp_path / "student.md"
    binary.write_bytes(b"# hw\n$$x = 1$$\n\x00\x01\xff\xfe\x02")
    other = tmp_path / "other.md"
    other.write_text("$$2x + 2x = 4x$$\n", encoding="utf-8")
    assert main(["steps", str(binary), str(other)]) != 0
    from derivax.grading import GradingError, load_submission

    with pytest.raises(GradingError, match=r"not UTF-8 text .*: a binary file"):
        load_submission(binary)


def test_a_summary_says_when_a_limit_stopped_the_judging():
    from derivax.report_steps import render
    from derivax.steps import cut_short

    document = "".join(f"$$x_{{{i}}} = {i} + {i} = {2 * i}$$\n\n" for i in range(12))
    results = check_document(document, max_steps=4)
    assert cut_short(results).startswith("20 steps not judged: the document's limit of 4 steps was reached")
    assert "steps not judged" in render([("doc.md", results)], "text")
    assert cut_short(check_document("$$2x + 2x = 4x$$\n")) == ""


@pytest.mark.parametrize(
    "key, answer",
    [
        ("\\sigma(z)(1-\\sigma(z))", "\\sigma'(z) = \\sigma(z)(1-\\sigma(z))"),
        ("0.25", "\\frac{1}{4} = 0.25"),
        ("\\frac{m_t}{1-\\beta_1^t}", "\\hat{m}_t = \\frac{m_t}{1-\\beta_1^t}"),
    ],
)
def test_equiv_and_grade_agree_on_an_equation_whose_side_is_the_key(key, answer, tmp_path):
    """equiv said 'different' by the kind rule where grade said 'undecided: a person should look' (probe T)."""
    import yaml

    from derivax.answerkeys import keys_from_file
    from derivax.equiv import equivalent
    from derivax.grading import grade_answer

    assert equivalent(key, answer)["verdict"] == "undecided"
    (tmp_path / "key.yaml").write_text(yaml.safe_dump({"p": {"answer": key}}), encoding="utf-8")
    graded = keys_from_file(tmp_path / "key.yaml")["p"]
    assert grade_answer(graded, answer).status == "undecided"
    assert equivalent(key, "y = x + 2")["verdict"] == "different"


def test_each_entry_of_a_family_given_a_variance_in_the_next_sentence():
    """"Let $w_1, w_2, w_3$ and $x_1, x_2, x_3$ be independent random variables with zero mean. Each $w_i$ has variance
    $\\frac{1}{3}$ and each $x_i$ has variance $v$": the variances were not read (undecided)."""
    prose = (
        "Let $w_1, w_2, w_3$ and $x_1, x_2, x_3$ be independent random variables with zero mean. "
        "Each $w_i$ has variance $\\frac{1}{3}$ and each $x_i$ has variance $v$.\n\n"
    )
    chain = "$$\\text{Var}(w_1 x_1 + w_2 x_2 + w_3 x_3) = 3\\text{Var}(w_1 x_1) = {END}$$\n"
    assert _results(prose + chain.replace("{END}", "v"))[("3\\text{Var}(w_1 x_1)", "v")][0] == "ok"
    assert _results(prose + chain.replace("{END}", "3v"))[("3\\text{Var}(w_1 x_1)", "3v")][0] == "wrong"


@pytest.mark.parametrize(
    "statement, verdict",
    [
        ("(-8)^{1/3} = -2", "UNDECIDED"),  # was refuted: the principal power is not real, the real root is -2
        ("(-27)^{2/3} = 9", "UNDECIDED"),
        ("(-8)^{\\frac{1}{3}} = 2", "REFUTED"),  # 2 is neither reading
        ("8^{1/3} = 2", "PROVED"),
    ],
)
def test_a_negative_number_to_an_odd_root_has_the_real_root_as_a_reading(statement, verdict):
    assert _check(statement)[0] == verdict


# ---------------------------------------------------------------------------------- probe U: the session's own features


def test_the_latest_value_the_text_gives_is_the_one_put_in():
    """"Let $g = 0.5$", then "Now $g = 9.8$ and $t = 2$": 0.5 put in for g was ok with the stale value."""
    document = "Let $g = 0.5$.\n\nNow $g = 9.8$ and $t = 2$.\n\n$$h = \\frac{1}{2} g t^2$$\n\n$$h = \\frac{1}{2} \\cdot {G} \\cdot 2^2$$\n"
    stale = _results(document.replace("{G}", "0.5"))[("\\frac{1}{2} g t^2", "\\frac{1}{2} \\cdot 0.5 \\cdot 2^2")]
    assert stale[0] == "undecided" and "g = 0.5 where line 3 gives 9.8" in stale[1]
    fresh = _results(document.replace("{G}", "9.8"))[("\\frac{1}{2} g t^2", "\\frac{1}{2} \\cdot 9.8 \\cdot 2^2")]
    assert fresh[0] == "ok" and "g = 9.8 (line 3)" in fresh[1]


def test_a_value_the_text_gives_and_derivax_does_not_read_is_never_one_put_in():
    """"With $\\eta = 2 \\times 10^{-3}$:" was not read, so 2 \\times 10^{-2} put in for eta was ok ("no earlier value");
    that form is read now (below), \\frac{1}{500} is not."""
    document = "With $\\eta = \\frac{1}{500}$:\n\n$$\\Delta = 3 \\eta$$\n\n$$\\Delta = 3 \\times 2 \\times 10^{-2}$$\n"
    status, message = _results(document)[("3 \\eta", "3 \\times 2 \\times 10^{-2}")]
    assert status == "undecided" and "line 1 states a value not read here" in message


def test_numbers_put_in_after_prose_between_are_a_claim_not_a_definition():
    """E = \\frac12 \\cdot 4 \\cdot 3 after E = \\frac12 m v^2 and "With $m = 4$ and $v = 3$:" was E's new definition
    (given), its dropped square unseen."""
    document = "$$E = \\frac{1}{2} m v^2$$\n\nWith $m = 4$ and $v = 3$:\n\n$$E = {PUT}$$\n"
    right = _results(document.replace("{PUT}", "\\frac{1}{2} \\cdot 4 \\cdot 3^2"))[("E", "\\frac{1}{2} \\cdot 4 \\cdot 3^2")]
    assert right[0] == "ok" and "m = 4 (line 3), v = 3 (line 3)" in right[1]
    slip = _results(document.replace("{PUT}", "\\frac{1}{2} \\cdot 4 \\cdot 3"))[("E", "\\frac{1}{2} \\cdot 4 \\cdot 3")]
    assert slip[0] == "undecided"


def test_a_constant_the_prose_gives_in_scientific_notation_is_read():
    document = "With $\\eta = 2 \\times 10^{-3}$:\n\n$$\\Delta = 3 \\eta$$\n\n$$\\Delta = 3 \\times 2 \\times 10^{E}$$\n"
    right = _results(document.replace("{E}", "{-3}"))[("3 \\eta", "3 \\times 2 \\times 10^{-3}")]
    assert right[0] == "ok" and "eta = 2*10^{-3} (line 1)" in right[1]
    slip = _results(document.replace("{E}", "{-2}"))[("3 \\eta", "3 \\times 2 \\times 10^{-2}")]
    assert slip[0] == "undecided" and "line 1 gives 0.002" in slip[1]
