"""Session 25: findings of fresh probes (textbook relations, LaTeX documents), each fix with a right case and a wrong twin.

See tests/FINDINGS.md, "Session 25".
"""

from __future__ import annotations

import pytest

from derivax.judge import check_statement
from derivax.latex import parse
from derivax.steps import check_document


def _verdict(text: str) -> str:
    return check_statement(parse(text)).verdict.name


def _statuses(document: str) -> dict[str, str]:
    return {f"{r.left} {r.relation} {r.right}": r.status for r in check_document(document)}


# --- D is a diagonal matrix as often as a dimension: its products keep their order ------------------------------------


@pytest.mark.parametrize("relation", ["AD = DA", r"P D P^{-1} A = A P D P^{-1}"])
def test_a_product_with_d_is_not_taken_to_commute(relation):
    assert _verdict(relation) == "UNDECIDED"


@pytest.mark.parametrize("relation", ["ND = DN", "2D + D = 3D", r"P D P^{-1} P = P D"])
def test_d_still_commutes_with_counts_and_cancels_where_the_order_is_kept(relation):
    assert _verdict(relation) == "PROVED"


# --- assumptions in words about several symbols: "let $a$ and $b$ be positive constants" ------------------------------


@pytest.mark.parametrize(
    "prose",
    [
        "Let $a$ and $b$ be positive constants.",
        "Suppose $a$, $b$ are positive reals.",
        "Let $a, b$ be positive.",
        "For positive $a$ and $b$,",
        "Assume $a$, $b$ and $c$ are all strictly positive.",
    ],
)
def test_a_sign_stated_in_words_for_several_symbols_holds_for_each(prose):
    statuses = _statuses(prose + "\n\n$$ |a| + 2|b| = a + 2b = 2b + a $$\n")
    assert statuses == {"|a| + 2|b| = a + 2b": "ok", "a + 2b = 2b + a": "ok"}


def test_the_wrong_sign_in_words_flags_the_same_step_with_a_point_inside():
    (first, second) = check_document("Suppose $u$, $v$ are negative reals.\n\n$$ |u| + 2|v| = u + 2v = 2v + u $$\n")
    assert (first.status, second.status) == ("wrong", "ok")
    assert "u=-1, v=-1" in first.message and "assuming u < 0, v < 0" in first.message


@pytest.mark.parametrize("prose", ["Let $a + b$ be positive.", "$a$ and $b$ are not positive.", "If $a$ is positive and $b$ is not,"])
def test_words_about_more_than_plain_symbols_state_nothing_for_them(prose):
    statuses = _statuses(prose + "\n\n$$ |a| + 2|b| = a + 2b = 2b + a $$\n")
    assert statuses["|a| + 2|b| = a + 2b"] != "ok"


# --- random variables listed in one inline math ("$X_1, X_2$", "$x_1, x_2, \dots, x_n$") are declared ------------------

_IID = "Let {names} be i.i.d. random variables with mean $0$ and variance $\\sigma^2$.\n\n"


@pytest.mark.parametrize("names", ["$X_1, X_2$", "$X_1$, $X_2$", "$X_1$ and $X_2$"])
def test_variables_listed_in_one_inline_math_are_each_declared(names):
    step = "$$ \\operatorname{Var}(X_1 + X_2) = \\operatorname{Var}(X_1) + \\operatorname{Var}(X_2) = 2\\sigma^2 $$\n"
    document = _IID.format(names=names) + step
    assert set(_statuses(document).values()) == {"ok"}


def test_a_slip_with_variables_listed_in_one_inline_math_is_flagged():
    document = _IID.format(names="$X_1, X_2$") + "$$ \\operatorname{Var}(3X_1) = 3\\sigma^2 $$\n"
    (result,) = check_document(document)
    assert result.status == "wrong" and "9*sigma**2 = 3*sigma**2" in result.message


def test_an_elided_list_with_its_second_entry_declares_the_family():
    document = _IID.format(names="$x_1, x_2, \\dots, x_n$") + (
        "$$ \\operatorname{Var}\\left(\\sum_{i=1}^n x_i\\right) = \\sum_{i=1}^n \\operatorname{Var}(x_i) = n\\sigma^2 $$\n"
    )
    assert set(_statuses(document).values()) == {"ok"}
    slip = _IID.format(names="$x_1, x_2, \\dots, x_n$") + "$$ \\operatorname{Var}\\left(\\sum_{i=1}^n x_i\\right) = \\sigma^2 $$\n"
    assert check_document(slip)[0].status != "ok"


def test_names_listed_without_an_ellipsis_are_not_a_family():
    # x_1, y_2, z_3, x_n: four names, not the family x_i (x_n is an ordinary name here)
    document = _IID.format(names="$x_1, y_2, z_3, x_n$") + "$$ \\operatorname{Var}(y_2 + z_3) = 2\\sigma^2 $$\n"
    assert check_document(document)[0].status == "ok"


# --- a moment the declaration gives (variance s^2) is a parameter: a slip between moments is flagged -----------------

_PAIR = "Let $Y_1, Y_2$ be independent random variables, each with variance $s^2$ and zero mean.\n\n"


def test_a_slip_between_moments_of_declared_variables_is_flagged_at_a_value_of_the_declared_variance():
    (result, _) = check_document(_PAIR + "$$ \\operatorname{Var}(Y_1 - Y_2) = \\operatorname{Var}(Y_1) - \\operatorname{Var}(Y_2) = 0 $$\n")
    assert result.status == "wrong" and "s = 1" in result.message


def test_the_right_step_between_the_same_moments_is_ok():
    document = _PAIR + "$$ \\operatorname{Var}(Y_1 - Y_2) = \\operatorname{Var}(Y_1) + \\operatorname{Var}(Y_2) = 2s^2 $$\n"
    assert set(_statuses(document).values()) == {"ok"}


def test_a_number_claimed_for_a_moment_is_still_not_flagged_on_the_declared_variance_alone():
    # Var(Y_1 - Y_2) = 1 is 2 s^2 = 1: right if the text sets s^2 = 1/2 somewhere derivax does not read
    (result,) = check_document(_PAIR + "$$ \\operatorname{Var}(Y_1 - Y_2) = 1 $$\n")
    assert result.status == "undecided"


# --- a loss named E(w) is a function the text defines, not an expectation -------------------------------------------

_ERROR = "The error is\n\n$$ E(w) = \\frac{1}{2}(y - wx)^2 $$\n\nso\n\n"


@pytest.mark.parametrize("step", ["$$ \\frac{dE}{dw} = -(y - wx)x = wx^2 - xy $$", "$$ E'(w) = -(y - wx)x $$"])
def test_a_loss_named_e_is_learnt_and_differentiated(step):
    results = check_document(_ERROR + step + "\n")
    assert results[0].status == "given" and {r.status for r in results[1:]} == {"ok"}


def test_a_slip_in_the_derivative_of_a_loss_named_e_is_flagged():
    result = check_document(_ERROR + "$$ E'(w) = (y - wx)x $$\n")[-1]
    assert result.status == "wrong" and "definition of E(w) (line 3)" in result.message


@pytest.mark.parametrize("spelling", ["\\mathbb{E}[w]", "E[w]", "\\mathbb{E}(w)"])
def test_an_expectation_is_never_learnt_as_a_function(spelling):
    # E[w] = (y - wx)^2 / 2 is a value of an expectation, whatever the right side: nothing learnt, nothing to use
    document = f"$$ {spelling} = \\frac{{1}}{{2}}(y - wx)^2 $$\n\nso\n\n$$ E'(w) = (y - wx)x $$\n"
    assert check_document(document)[-1].status == "undecided"


# --- an entry with a numeric index of a family defined by a formula: the index is a number, never a symbol "0" -------

_DESCENT = (
    "Let $f(w) = 2w^2$. Gradient descent updates\n\n$$ w_{t+1} = w_t - \\eta f'(w_t) = (1 - 4\\eta) w_t $$\n\n"
    "so\n\n$$ w_{t} = (1 - 4\\eta)^t w_0 $$\n\nThen\n\n"
)


def test_a_closed_form_in_its_start_is_used_without_substituting_the_start_into_itself():
    # w_0 inside w_t = (1 - 4 eta)^t w_0 was taken for the entry t = 0 of the family, with t a symbol named "0"; both
    # right steps below came out wrong "at 0=1"
    results = check_document(_DESCENT + "$$ w_{t+1} = (1 - 4\\eta) w_t = (1-4\\eta)^{t+1} w_0 $$\n")
    assert [r.status for r in results[-2:]] == ["ok", "ok"]
    assert all(" 0=" not in r.message for r in results)


def test_a_slip_after_a_closed_form_is_flagged():
    result = check_document(_DESCENT + "$$ w_{t+1} = (1 - 4\\eta) w_t = (1-4\\eta)^{t} w_0 $$\n")[-1]
    assert result.status == "wrong" and "eta=1, t=0, w_0=1" in result.message


def test_entries_at_numbers_take_the_family_formula_there():
    document = "Define\n\n$$ a_k = k^2 + 1 $$\n\nThen\n\n$$ a_3 + a_1 = 10 + 2 = 12 $$\n\nand\n\n$$ a_2 = 4 $$\n"
    results = check_document(document)
    assert [r.status for r in results[1:3]] == ["ok", "ok"]
    # a_2 = 4 is a claim about the entry (5), named; never learnt as a new definition of a_2
    assert results[3].status == "undecided" and "a_2 is 5, not 4" in results[3].message


# --- a premise of two relations joined by a comma, \text{ and } or \wedge is both (B alone was the premise) ------------


@pytest.mark.parametrize("joiner", [",\\ ", "\\text{ and }", " \\wedge ", ", "])
def test_both_relations_before_an_arrow_are_the_premise(joiner):
    results = check_document(f"\\[ a > 0{joiner}\\eta a < 2 \\Rightarrow \\eta < \\frac{{2}}{{a}} \\]\n")
    (implication,) = [r for r in results if r.relation == "=>"]
    assert implication.status == "ok" and implication.left.startswith("a > 0 \\wedge")
    assert {r.status for r in results if r.relation != "=>"} == {"given"}  # the premise's relations are no claims


def test_a_wrong_conclusion_from_a_joined_premise_is_refuted_inside_it():
    results = check_document("\\[ a > 0,\\ \\eta a < 2 \\Rightarrow \\eta < \\frac{1}{a} \\]\n")
    (implication,) = [r for r in results if r.relation == "=>"]
    assert implication.status == "wrong"
    at = implication.counterexample.at
    assert at["a"] > 0 and at["a"] * at["eta"] < 2 and not at["eta"] < 1 / at["a"]


def test_the_joined_premise_carries_to_an_arrow_on_the_next_row():
    document = (
        "\\begin{align*}\na > 0,\\ |1 - \\eta a| < 1 &\\Rightarrow 0 < \\eta a < 2 \\\\\n"
        "&\\Rightarrow 0 < \\eta < \\frac{2}{a}\n\\end{align*}\n"
    )
    implications = [r for r in check_document(document) if r.relation == "=>"]
    assert [r.status for r in implications] == ["ok", "ok"]
    slip = document.replace("\\frac{2}{a}", "\\frac{1}{a}")
    assert [r.status for r in check_document(slip) if r.relation == "=>"] == ["ok", "wrong"]


def test_relations_listed_without_an_arrow_stay_separate_claims():
    results = check_document("$$ x + x = 2x, \\quad 3x - x = 2x, \\quad x \\cdot x = 2x $$\n")
    assert [r.status for r in results] == ["ok", "ok", "undecided"]  # a lone equation (x^2 = 2x) may be one to solve


# --- two relations whose sides differ by a number: the number's sign is known, never an atom free to take any -------


@pytest.mark.parametrize(
    ("key", "answer"),
    [
        ("(x+1)(x-1) = x^2 - 1", "(x+1)(x-1) = x^2 + 1"),  # always true against never true
        ("x + 1 = x + 1", "x + 1 = x + 2"),
        ("x + 1 = x + 2", "x + 1 = x + 1"),
        ("5! = 120", "5! = 60"),
        (r"\sigma(0) = \frac{1}{2}", r"\sigma(0) = 1"),
        (r"x \le x", r"x \le x - 1"),
        (r"x > 0 \Rightarrow \tanh(0) = 0", r"x > 0 \Rightarrow \tanh(0) = 1"),
    ],
)
def test_a_true_relation_and_a_false_one_are_different(key, answer):
    from derivax.equiv import equivalent

    assert equivalent(key, answer)["verdict"] == "different"


@pytest.mark.parametrize(("key", "answer"), [("x + 1 = x + 1", "x = x"), ("2x > 6", "x > 3"), ("5! = 120", r"\binom{5}{2} = 10")])
def test_relations_that_are_both_always_or_equally_true_stay_equivalent(key, answer):
    from derivax.equiv import equivalent

    assert equivalent(key, answer)["verdict"] == "equivalent"


@pytest.mark.parametrize(
    ("key", "answer"), [(r"\sigma(0) = \frac{1}{2}", r"\sigma(0) = 1"), ("(x+1)(x-1) = x^2 - 1", "(x+1)(x-1) = x^2 + 1")]
)
def test_grading_a_false_relation_against_a_true_key_is_incorrect(tmp_path, key, answer):
    from derivax.answerkeys import keys_from_file
    from derivax.grading import grade_answer

    path = tmp_path / "key.yaml"
    path.write_text(f"p:\n  answer: '{key}'\n", encoding="utf-8")
    assert grade_answer(keys_from_file(path)["p"], answer, timeout_s=5.0).status == "incorrect"
    assert grade_answer(keys_from_file(path)["p"], key, timeout_s=5.0).status == "correct"


# --- a sum over examples x^{(i)} written out: its entries are the x^{(1)}, x^{(2)} written beside it ------------------


@pytest.mark.parametrize(
    "relation", [r"\sum_{i=1}^{2} x^{(i)} = x^{(1)} + x^{(2)}", r"\sum_{i=1}^{2} x^{(i)} y^{(i)} = x^{(1)}y^{(1)} + x^{(2)}y^{(2)}"]
)
def test_a_sum_over_examples_equals_its_terms_written_out(relation):
    assert _verdict(relation) == "PROVED"


def test_a_sum_over_examples_with_a_wrong_term_is_refuted():
    assert _verdict(r"\sum_{i=1}^{2} x^{(i)} = x^{(1)} + 2x^{(2)}") == "REFUTED"


# --- a proof that holds only where the sides are defined says where ------------------------------------------------


def test_a_proof_on_the_domain_of_what_is_written_names_the_domain():
    judgement = check_statement(parse(r"2\log x = \log(x^2)"))  # (the other way round, the right side loses x < 0)
    assert judgement.verdict.name == "PROVED" and "where what is written is defined: x > 0" in judgement.method
    assert check_statement(parse(r"\log(x^2) = 2\log x"), [parse("x < 0")]).verdict.name == "REFUTED"


# --- a second reading belongs to the input it was read in: never applied to another input that reads the same ------


def test_the_slash_reading_of_one_side_is_not_applied_to_the_other_side():
    from derivax.equiv import equivalent

    # 1/2x and \frac{x}{2} are both the node x/2: the slash's second reading 1/(2x) made both sides 1/(2x) ("the same")
    for key, answer in [("1/2x", r"\frac{x}{2}"), (r"\frac{x}{2}", "1/2x")]:
        assert equivalent(key, answer)["verdict"] == "undecided"
    document = "$$ y = 1/2x = \\frac{x}{2} $$\n"
    assert check_document(document)[-1].status == "undecided"


def test_a_mixed_number_answer_keeps_its_reading_when_it_is_a_number():
    from derivax.equiv import equivalent

    # 3\frac{1}{2} is read 3/2 (the product) and 7/2 (a mixed number): against 7/2 never "different"
    assert equivalent(r"\frac{7}{2}", r"3\frac{1}{2}")["verdict"] == "undecided"
    assert equivalent(r"\frac{3}{2}", r"3\frac{1}{2}")["verdict"] == "undecided"
    assert equivalent(r"\frac{5}{2}", r"3\frac{1}{2}")["verdict"] == "different"  # neither reading
    results = check_document("$$ y = 3\\frac{1}{2} \\cdot 2 = 7 $$\n")
    assert results[-1].status == "undecided" and "mixed number" in results[-1].message


def test_readings_shared_by_name_still_apply_to_every_input():
    from derivax.equiv import equivalent

    result = equivalent(r"(I - \eta I)w", r"(1-\eta)w")
    assert result["verdict"] == "undecided" and "identity matrix" in result["reason"]


# --- a continuation row spaced as TeX users align it ({}+, \phantom{=}, \hspace) is part of the row before ----------


@pytest.mark.parametrize(
    "space", ["&\\quad {}+ ", "&\\phantom{=} + ", "&\\hphantom{{}={}} + ", "&\\hspace{1em} + ", "&\\mathrel{\\phantom{=}} + "]
)
def test_a_continuation_row_with_aligning_space_is_joined(space):
    document = f"\\begin{{align*}}\n\\frac{{d}}{{dw}}(w^2 + w^3) &= 2w \\\\\n{space}3w^2\n\\end{{align*}}\n"
    (result,) = check_document(document)
    assert result.status == "ok" and result.right == "2w + 3w^2"
    (slip,) = check_document(document.replace("3w^2", "2w^2"))
    assert slip.status == "wrong"


# --- f'(g(x)) with f and g defined: the derivative of f taken at g(x) (it was an internal error) ---------------------

_COMPOSED = "Let $f(x) = x^2$ and $g(x) = 3x + 1$.\n\n$$f'(g(x))\\,g'(x) = {right}$$\n"


def test_the_chain_rule_with_defined_functions_is_checked():
    (result,) = check_document(_COMPOSED.format(right="6(3x + 1)"))
    assert result.status == "ok" and "18*x + 6" in result.read_as


def test_a_slip_in_the_chain_rule_with_defined_functions_is_flagged():
    (result,) = check_document(_COMPOSED.format(right="3(3x + 1)"))
    assert result.status == "wrong" and "x=0" in result.message


# --- LaTeX's part markers end a part: what part (a) defined is not used in part (b) -------------------------------


_PARTS = "{a}Let $C = \\frac{{1}}{{2}}(a - y)^2$.\n\\[ \\frac{{\\partial C}}{{\\partial a}} = a - y \\]\n{b}Now the cross-entropy.\n" + (
    "\\[ \\frac{{\\partial C}}{{\\partial a}} = -\\frac{{y}}{{a}} + \\frac{{1-y}}{{1-a}} \\]\n"
)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("\\begin{enumerate}\n\\item ", "\\item "),
        ("\\paragraph{Part 1.} ", "\\paragraph{Part 2.} "),
        ("\\textbf{(a)} ", "\\noindent\\textbf{(b)} "),
        ("\\textbf{Problem 1.} ", "\\textbf{Problem 2.} "),
        ("", "\n---\n\n"),
    ],
)
def test_a_latex_part_marker_ends_what_the_part_before_defined(a, b):
    results = check_document(_PARTS.format(a=a, b=b))
    assert [r.status for r in results] == ["ok", "undecided"]


# --- \approx: the right side is the approximation, also where the left side is a written whole number -----------------


@pytest.mark.parametrize("relation", [r"1024 \approx 10^3", r"2^{10} \approx 10^3", r"1024 \approx 1000", r"1001 \approx 1000"])
def test_a_power_of_ten_approximates_a_written_whole_number(relation):
    assert _verdict(relation) == "CONFIRMED"


@pytest.mark.parametrize("relation", [r"1024 \approx 2 \cdot 10^3", r"1000 \approx 1001"])
def test_a_wrong_approximation_of_a_written_whole_number_is_refuted(relation):
    assert _verdict(relation) == "REFUTED"


def test_an_approximate_conclusion_in_equiv_holds_to_its_digits_as_in_check():
    from derivax.equiv import equivalent

    key = r"x = 2.7183 \Rightarrow x \approx 2.72"
    assert equivalent(key, r"x = 2.7183 \Rightarrow x \approx 2.27")["verdict"] == "different"
    assert equivalent(key, r"x = 2.7183 \Rightarrow x \approx 2.718")["verdict"] == "equivalent"  # both hold


# --- a term after a sum that uses the sum's index: the body as read, or taken on over it (two readings) ----------------


@pytest.mark.parametrize(
    "relation",
    [
        r"\sum_{i=1}^{2} x_i + y_i = x_1 + x_2 + y_1 + y_2",
        r"\sum_{i=1}^{2} y_i \log p_i + (1-y_i)\log(1-p_i) = y_1 \log p_1 + (1-y_1)\log(1-p_1) + y_2 \log p_2 + (1-y_2)\log(1-p_2)",
    ],
)
def test_a_sum_whose_next_term_uses_its_index_is_undecided_not_refuted(relation):
    judgement = check_statement(parse(relation))
    assert judgement.verdict.name == "UNDECIDED" and "sum's body taken on" in judgement.reason


def test_a_slip_under_both_readings_of_a_sum_body_is_refuted():
    assert _verdict(r"\sum_{i=1}^{2} x_i + y_i = x_1 + x_2 + 2y_1") == "REFUTED"


@pytest.mark.parametrize(
    "relation", [r"\sum_{i=1}^{3} x_i + x_1 = 2x_1 + x_2 + x_3", r"\sum_{i=1}^{2} (x_i + y_i) = x_1 + x_2 + y_1 + y_2"]
)
def test_a_term_without_the_index_or_a_bracketed_body_has_one_reading(relation):
    assert _verdict(relation) == "PROVED"


# --- a letter written with a prime before a bracket is a function in its section: u(x) = e^{3x} defines u ------------


def test_a_function_named_by_any_letter_is_defined_where_its_prime_is_written():
    document = "$$u(x) = e^{3x}$$\n\n$$u'(x) = 3e^{3x}$$\n"
    defined, derivative = check_document(document)
    assert (defined.status, derivative.status) == ("given", "ok") and defined.read_as == "u(x) = exp(3*x)"
    (_, slip) = check_document(document.replace("3e^{3x}$$", "e^{3x}$$"))
    assert slip.status == "wrong"


def test_a_letter_never_primed_before_a_bracket_still_multiplies():
    (result,) = check_document("$$ y = u(x + 1) = ux + u $$\n")[1:]
    assert result.status == "ok"


# --- a bound on one name after the row (", \qquad 0 < \beta < 1") is the row's case, not two claims -----------------


def test_a_trailing_bound_on_a_name_is_the_rows_case():
    (result,) = check_document("$$ \\sum_{t=0}^{\\infty} \\beta^t = \\frac{1}{1-\\beta}, \\qquad 0 < \\beta < 1 $$\n")
    assert result.status == "ok" and "assuming 0 < \\beta < 1" in result.message


def test_a_slip_under_a_trailing_bound_is_flagged_inside_it():
    (result,) = check_document("$$ \\sum_{t=0}^{\\infty} \\beta^t = \\frac{2}{1-\\beta}, \\qquad 0 < \\beta < 1 $$\n")
    assert result.status == "wrong" and 0 < result.counterexample.at["beta"] < 1


# --- "$\sigma_w$ be the standard deviation": positive, as "the standard deviation $\sigma_w$" is -------------------

_STD = "Let $\\sigma_w$ be the standard deviation of the weights.\n\\[ n\\sigma_w^2 = 1 \\;\\Rightarrow\\; \\sigma_w = {right} \\]\n"


def test_a_name_said_to_be_a_standard_deviation_is_positive():
    (implication,) = [r for r in check_document(_STD.format(right="\\frac{1}{\\sqrt{n}}")) if r.relation == "=>"]
    assert implication.status == "ok" and "\\sigma_w > 0" in implication.message


def test_a_slip_about_a_standard_deviation_is_flagged():
    (implication,) = [r for r in check_document(_STD.format(right="\\frac{1}{n}")) if r.relation == "=>"]
    assert implication.status == "wrong"


# --- \frac{\partial}{\partial \hat{y}}: an accented variable of a derivative operator (it did not parse) --------------


def test_a_derivative_operator_in_an_accented_variable_reads():
    assert _verdict(r"\frac{\partial}{\partial \hat{y}}\frac{1}{2}(\hat{y} - y)^2 = \hat{y} - y") == "PROVED"
    assert _verdict(r"\frac{d}{d\bar{x}} \bar{x}^2 = 2\bar{x}") == "PROVED"


def test_a_slip_in_a_derivative_in_an_accented_variable_is_refuted():
    assert _verdict(r"\frac{\partial}{\partial \hat{y}}\frac{1}{2}(\hat{y} - y)^2 = 2(\hat{y} - y)") == "REFUTED"


# --- "1. $$ ... $$": a numbered step of a list, not a new problem (the definitions before it were dropped) ------------

_LISTED = "Define $\\hat y = wx + b$ and $L = \\frac{{1}}{{2}}(\\hat y - y)^2$.\n\n1. $$\\frac{{\\partial L}}{{\\partial w}} = {right}$$\n"


def test_a_numbered_display_uses_the_definitions_before_it():
    (result,) = check_document(_LISTED.format(right="(\\hat y - y)x"))
    assert result.status == "ok"
    (slip,) = check_document(_LISTED.format(right="2(\\hat y - y)x"))
    assert slip.status == "wrong"


def test_a_numbered_item_in_words_still_starts_a_problem():
    document = "Let $u = 3$.\n\n2. The second problem.\n\n$$u^2 + 1 = 10$$\n"
    assert check_document(document)[0].status == "undecided"  # u is no longer 3


# --- second round (probe C): bounds before an arrow, claims after a comma, grading's readings, \approx conclusions ---


@pytest.mark.parametrize(
    ("premise", "conclusion"), [("x > 0, x < 1", "x^2 < x"), ("n \\ge 1, n \\le 2", "n^2 \\le 4"), ("x < 1, x > 0", "x^2 < x")]
)
def test_a_bound_before_an_arrow_is_part_of_the_premise(premise, conclusion):
    results = check_document(f"\\[ {premise} \\implies {conclusion} \\]\n")
    (implication,) = [r for r in results if r.relation == "=>"]
    assert implication.status == "ok"


def test_a_wrong_conclusion_from_two_bounds_is_refuted_inside_them():
    (implication,) = [r for r in check_document("\\[ x > 0, x < 1 \\implies x^2 > x \\]\n") if r.relation == "=>"]
    assert implication.status == "wrong" and 0 < implication.counterexample.at["x"] < 1


def test_claims_about_constants_after_a_comma_are_claims():
    statuses = [r.status for r in check_document("$$ \\pi > 3, \\quad e < 2 $$\n")]
    assert statuses == ["ok", "wrong"]


@pytest.mark.parametrize(
    ("key", "answer"),
    [
        (r"\frac{x}{2}", "1/2x"),
        ("1/2x", r"\frac{x}{2}"),
        (r"3\frac{1}{2}", "1.5"),
        (r"\frac{7}{2}", r"3\frac{1}{2}"),
        (r"x e^{-2}", "e^-2x"),
    ],
)
def test_grading_judges_each_inputs_second_reading_on_that_input_alone(tmp_path, key, answer):
    from derivax.answerkeys import keys_from_file
    from derivax.grading import grade_answer

    path = tmp_path / "key.yaml"
    path.write_text(f"p:\n  answer: '{key}'\n", encoding="utf-8")
    assert grade_answer(keys_from_file(path)["p"], answer, timeout_s=5.0).status == "undecided"


def test_grading_a_plain_rewrite_is_still_correct(tmp_path):
    from derivax.answerkeys import keys_from_file
    from derivax.grading import grade_answer

    path = tmp_path / "key.yaml"
    path.write_text("p:\n  answer: '2x + 1'\n", encoding="utf-8")
    assert grade_answer(keys_from_file(path)["p"], "1 + 2x", timeout_s=5.0).status == "correct"
    assert grade_answer(keys_from_file(path)["p"], "2x - 1", timeout_s=5.0).status == "incorrect"


def test_a_bare_index_after_a_sum_gives_the_second_reading():
    judgement = check_statement(parse(r"\sum_{k=1}^{n} k + k^2 = \frac{n(n+1)}{2} + k^2"))
    assert judgement.verdict.name == "UNDECIDED" and "sum's body" in judgement.reason


@pytest.mark.parametrize(
    ("relation", "verdict"),
    [
        (r"x \approx 0.5 \Rightarrow x^2 \approx 0", "UNDECIDED"),  # an approximate premise is no condition (was proved)
        (r"x = 0.5 \Rightarrow x^2 \approx 0", "UNDECIDED"),  # as 0.25 \approx 0 is (was proved)
        (r"x = 2.7183 \Rightarrow x \approx 2.72", "PROVED"),
        (r"x = 2.7183 \Rightarrow x \approx 2.27", "REFUTED"),
        (r"x = 2 \Rightarrow x^2 \approx 4.1", "REFUTED"),
    ],
)
def test_an_approximate_conclusion_holds_to_its_digits_as_a_plain_comparison_does(relation, verdict):
    assert _verdict(relation) == verdict


# --- two functions defined on one row ("u(x) = e^{3x}, \quad v(x) = x^2"): each a function, not u times x ----------

_TWO = "$$ u(x) = e^{{3x}}, \\quad v(x) = x^2 $$\n\n$$ \\frac{{d}}{{dx}}(u(x) v(x)) = {right} $$\n"


def test_functions_defined_side_by_side_are_each_learnt():
    results = check_document(_TWO.format(right="3e^{3x}x^2 + 2x e^{3x}"))
    assert [r.status for r in results] == ["given", "given", "ok"] and results[0].read_as == "u(x) = exp(3*x)"


def test_a_slip_with_functions_defined_side_by_side_is_flagged():
    assert check_document(_TWO.format(right="3e^{3x}x^2 + x e^{3x}"))[-1].status == "wrong"
