"""Session 26: findings of fresh probes and the defects left in session 25, each fix with a right case and a wrong twin.

See tests/FINDINGS.md, "Session 26".
"""

from __future__ import annotations

import pytest

from derivax.judge import check_statement
from derivax.latex import LatexError, parse
from derivax.steps import check_document


def _verdict(text: str) -> str:
    return check_statement(parse(text)).verdict.name


def _statuses(document: str) -> dict[str, str]:
    return {f"{r.left} {r.relation} {r.right}": r.status for r in check_document(document)}


# --- premises (and conclusions) listed with commas around an arrow are one conjunction --------------------------------


@pytest.mark.parametrize(
    "relation",
    [
        r"x > 0, x < 1 \Rightarrow x^2 < x",
        r"x, y > 0 \Rightarrow xy > 0",
        r"a, b > 0 \implies a + b > 0",
        r"a > 0, \eta a < 2 \Rightarrow \eta < 2/a",
        r"x \in (0, 1], y > 0 \Rightarrow xy > 0",
        r"x > 0 \Rightarrow x^2 > 0, x^3 > 0",
    ],
)
def test_relations_listed_with_commas_around_an_arrow_are_their_conjunction(relation):
    assert _verdict(relation) in ("PROVED", "CONFIRMED")


@pytest.mark.parametrize(
    "relation",
    [
        r"x > 0, x < 1 \Rightarrow x^2 > x",
        r"x, y > 0 \Rightarrow xy < 0",
        r"x > 0 \Rightarrow x^2 > 0, x^3 < 0",
        r"x > -1, x < 1 \Rightarrow x^2 < x",
    ],
)
def test_a_wrong_conclusion_from_listed_premises_is_refuted(relation):
    assert _verdict(relation) == "REFUTED"


def test_the_listed_premises_are_read_as_a_conjunction():
    assert str(parse(r"x > 0, x < 1 \Rightarrow x^2 < x").expr) == "Implies((x > 0) & (x < 1), x**2 < x)"
    assert str(parse(r"x, y > 0 \Rightarrow xy > 0").expr) == "Implies((x > 0) & (y > 0), x*y > 0)"


@pytest.mark.parametrize("relation", [r"x^2 = 1 \Rightarrow x = 1, -1", r"x > 0, 2 \Rightarrow x > 0", r"f(x), x > 0 \Rightarrow x > 0"])
def test_a_comma_that_does_not_list_relations_is_still_refused(relation):
    with pytest.raises(LatexError):
        parse(relation)


# --- a relation spelled \mathrel{=}, or with a note over it, is the relation --------------------------------------------


@pytest.mark.parametrize(("relation", "verdict"), [
    (r"(x+1)^2 \mathrel{=} x^2 + 2x + 1", "PROVED"),
    (r"(x+1)^2 \mathrel{=} x^2 + 2x + 2", "REFUTED"),
    (r"x \overset{(a)}{\le} x + 1", "PROVED"),
    (r"x + 1 \stackrel{\text{def}}{\le} x", "REFUTED"),
])
def test_a_relation_spelled_as_one_is_checked_as_the_relation(relation, verdict):
    assert _verdict(relation) == verdict


def test_align_rows_spelled_with_mathrel_are_steps_and_a_slip_is_flagged():
    document = "\\begin{align*}\nf(x) &= (x+1)^2 \\\\\n &\\mathrel{=} x^2 + 2x + 1 \\\\\n &\\mathrel{=} x^2 + 2x + 2\n\\end{align*}\n"
    statuses = _statuses(document)
    assert statuses["(x+1)^2 = x^2 + 2x + 1"] == "ok"
    assert statuses["x^2 + 2x + 1 = x^2 + 2x + 2"] == "wrong"


# --- moments stated in the prose's inline math hold for the steps after them --------------------------------------------

_XY = "Let $X$ and $Y$ be independent random variables. {said}\n\n$$ {step} $$\n{after}"
_VAR_XY = r"\operatorname{Var}(XY) = \mathbb{E}[X^2 Y^2] - \mathbb{E}[XY]^2 = \mathbb{E}[X^2]\mathbb{E}[Y^2]"


@pytest.mark.parametrize(
    ("said", "after"),
    [
        (r"Assume $\mathbb{E}[X] = 0$.", ""),
        (r"Considering $E(X) = E(Y) = 0$ we obtain:", ""),
        ("", "\nsince $E[X] = 0$.\n"),
    ],
)
def test_a_mean_stated_in_the_prose_is_used_and_named(said, after):
    results = check_document(_XY.format(said=said, step=_VAR_XY, after=after))
    assert [r.status for r in results] == ["ok", "ok"]
    assert "E(X) = 0 (line" in results[1].message


def test_without_the_stated_mean_the_same_step_is_flagged_with_a_witness():
    results = check_document(_XY.format(said="", step=_VAR_XY, after=""))
    assert [r.status for r in results] == ["ok", "wrong"] and "mean 1" in results[1].message


def test_a_wrong_step_under_a_stated_mean_is_flagged_at_that_mean():
    results = check_document(_XY.format(said=r"Assume $\mathbb{E}[X] = 1$.", step=_VAR_XY, after=""))
    assert [r.status for r in results] == ["ok", "wrong"] and "E(X) = 1 (line 1)" in results[1].message


def test_a_stated_moment_no_declaration_carries_keeps_a_step_from_being_flagged():
    step = r"\operatorname{Var}(XY) = \mathbb{E}[X^2 Y^2] - \mathbb{E}[XY]^2 = \mathbb{E}[X^2 Y^2]"
    results = check_document(_XY.format(said=r"Assume $\operatorname{Cov}(X, Y) = 0$ and $\mathbb{E}[XY] = 0$.", step=step, after=""))
    assert results[1].status == "undecided" and "not flagged: the text states" in results[1].message


def test_a_mean_in_a_conditional_clause_holds_for_the_next_display_only():
    document = (
        "Let $X$ and $Y$ be independent random variables. If $\\mathbb{E}[X] = 0$, then\n\n"
        "$$ \\operatorname{Var}(XY) = \\mathbb{E}[X^2]\\mathbb{E}[Y^2] - \\mathbb{E}[XY]^2 $$\n\n"
        "In general, we have\n\n"
        "$$ \\mathbb{E}[X^2 Y^2] - \\mathbb{E}[XY]^2 = \\mathbb{E}[X^2]\\mathbb{E}[Y^2] - \\mathbb{E}[X]^2\\mathbb{E}[Y]^2"
        " = \\mathbb{E}[X^2]\\mathbb{E}[Y^2] $$\n"
    )
    statuses = [r.status for r in check_document(document)]
    assert statuses[-1] == "wrong"  # the case E[X] = 0 has ended: the last link fails at mean 1


# --- what a problem declares holds in its parts: "# Problem 4 ... Assume $x > 0$ ... ## (a)" -----------------------------

_NESTED = (
    "{top} Problem 4\n\nAssume $x > 0$.\n\n{sub} (a)\n\n$$ \\frac{{d}}{{dx}}\\sqrt{{x^2}} = {right} $$\n\n"
    "{top} Problem 5\n\n$$ \\frac{{d}}{{dx}}\\sqrt{{x^2}} = \\frac{{d}}{{dx}} x $$\n"
)


@pytest.mark.parametrize(("top", "sub"), [("#", "##"), ("##", "###"), ("#", "####")])
def test_an_assumption_of_a_problem_holds_in_its_subsections_and_ends_with_the_problem(top, sub):
    (part, later) = check_document(_NESTED.format(top=top, sub=sub, right="\\frac{d}{dx} x"))
    assert part.status == "ok" and "assuming x > 0" in part.message
    assert later.status == "wrong" and "x=-1" in later.message  # Problem 5 states nothing


def test_a_wrong_step_in_a_subsection_is_flagged_at_a_point_the_problem_allows():
    (part, _) = check_document(_NESTED.format(top="#", sub="##", right="\\frac{d}{dx} (-x)"))
    assert part.status == "wrong" and "assuming x > 0" in part.message


def test_latex_sections_nest_as_markdown_headings_do():
    document = (
        "\\section*{Problem 4}\nAssume $x > 0$.\n\\subsection*{(a)}\n\\[ \\frac{d}{dx}\\sqrt{x^2} = \\frac{d}{dx} x \\]\n"
        "\\section*{Problem 5}\n\\[ \\frac{d}{dx}\\sqrt{x^2} = \\frac{d}{dx} x \\]\n"
    )
    assert [r.status for r in check_document(document)] == ["ok", "wrong"]


def test_a_sibling_subsection_does_not_inherit_an_assumption_made_in_another():
    document = "# Problem 4\n\n## (a)\n\nAssume $x > 0$.\n\n$$ |x| = x $$\n\n## (b)\n\n$$ \\frac{d}{dx}|x| = \\frac{d}{dx} x $$\n"
    statuses = [r.status for r in check_document(document)]
    assert statuses[-1] == "wrong"


# --- "Find the derivative of ..." and a heading with "square root" announce results, not equations to solve ------------


@pytest.mark.parametrize(
    ("prose", "right", "status"),
    [
        ("Find the derivative of $e^{2x}$:", "2e^{2x}", "ok"),
        ("Find the derivative of $e^{2x}$:", "e^{2x}", "wrong"),
        ("## Derivative of the square root", "2e^{2x}", "ok"),
        ("## Derivative of the square root", "e^{2x}", "wrong"),
    ],
)
def test_a_result_announced_by_find_the_derivative_is_judged(prose, right, status):
    (result,) = check_document(f"{prose}\n\n$$\\frac{{d}}{{dx}}e^{{2x}} = {right}$$\n")
    assert result.status == status


def test_find_x_such_that_still_announces_an_equation():
    (result,) = check_document("Find $x$ such that:\n\n$$x^2 = 5x - 6$$\n")
    assert result.status == "undecided"


# --- a heading that names a property is no case of the steps under it ---------------------------------------------------


def test_a_heading_naming_orthogonal_matrices_does_not_excuse_a_wrong_step():
    document = (
        "## Orthogonal matrices preserve length\n\nLet $Q$ be an orthogonal matrix and $x \\in \\mathbb{R}^n$.\n\n"
        "$$\\|Qx\\|^2 = x^T Q Q x = x^T x$$\n"
    )
    assert check_document(document)[0].status == "wrong"
    right = document.replace("x^T Q Q x", "x^T Q^T Q x")
    assert [r.status for r in check_document(right)] == ["ok", "ok"]


# --- "let $w$ be a constant": a scalar beside random variables ----------------------------------------------------------

_CONSTANT = "Let $x$ be a random variable with zero mean and variance $s^2$, and {said}.\n\n$$\\mathbb{{E}}[(wx)^2] = {right} = w^2 s^2$$\n"


@pytest.mark.parametrize("said", ["let $w$ be a constant", "$w$ is a fixed scalar", "for a constant $w$", "let $w$ be deterministic"])
def test_a_name_called_a_constant_is_a_scalar_in_expectations(said):
    assert [r.status for r in check_document(_CONSTANT.format(said=said, right="w^2 \\mathbb{E}[x^2]"))] == ["ok", "ok"]
    assert check_document(_CONSTANT.format(said=said, right="w \\mathbb{E}[x^2]"))[0].status == "wrong"


def test_a_name_nobody_calls_constant_is_still_undeclared():
    result = check_document(_CONSTANT.format(said="let $u$ be a constant", right="w^2 \\mathbb{E}[x^2]"))[0]
    assert result.status == "undecided" and "declared neither random nor a scalar" in result.message


def test_a_scalar_random_variable_is_no_constant():
    document = "Let $w$ be a scalar random variable with zero mean and variance $1$.\n\n$$\\mathbb{E}[w^2] = \\operatorname{Var}(w) = 1$$\n"
    assert [r.status for r in check_document(document)] == ["ok", "ok"]


# --- \binom{-1}{k}: a negative top with a whole k (SymPy took k for any real and gave zoo) ------------------------------

_WHOLE_K = (r"k \in \mathbb{Z}", r"k \ge 0")


def _verdict_assuming(text: str, *assumptions: str) -> str:
    return check_statement(parse(text), [parse(a) for a in assumptions]).verdict.name


@pytest.mark.parametrize("relation", [r"\binom{-1}{k} = (-1)^k", r"\binom{-2}{k} = (-1)^k (k+1)", r"\binom{-1}{k} \ne 0"])
def test_binomials_with_a_negative_top_hold_at_whole_k(relation):
    assert _verdict_assuming(relation, *_WHOLE_K) in ("PROVED", "CONFIRMED")


@pytest.mark.parametrize("relation", [r"\binom{-1}{k} = 1", r"\binom{-2}{k} = (-1)^k k"])
def test_a_wrong_binomial_with_a_negative_top_is_refuted_at_a_whole_k(relation):
    judgement = check_statement(parse(relation), [parse(a) for a in _WHOLE_K])
    assert judgement.verdict.name == "REFUTED" and judgement.counterexample.at == {"k": 1}


# --- (expr)^T of numbers and Greek letters is a power (T a horizon), not a transpose ------------------------------------


@pytest.mark.parametrize(
    ("relation", "verdict"),
    [
        (r"\prod_{t=1}^{T}(1-\eta\lambda) = (1-\eta\lambda)^T", "PROVED"),
        (r"\prod_{t=1}^{T}(1-\eta\lambda) = (1-\eta\lambda)^{T-1}", "REFUTED"),
        (r"(0.9)^T = 0.9^T", "PROVED"),
        (r"(1-\beta)^T = 1-\beta^T", "REFUTED"),
        (r"(AB)^T = B^T A^T", "PROVED"),
        (r"(AB)^T = A^T B^T", "UNDECIDED"),
    ],
)
def test_a_bracket_of_numbers_to_the_t_is_a_power_and_of_letters_a_transpose(relation, verdict):
    assert _verdict(relation) == verdict


# --- a step judged with a definition whose first witness the text rules out is judged again inside what it states ------

_CONVEX = (
    "$$C(a) = -y\\ln a - (1 - y)\\ln(1 - a)$$\n\n$$C'(a) = -\\frac{{y}}{{a}} + \\frac{{1 - y}}{{1 - a}}$$\n\n"
    "$$C''(a) = {second}$$\n\nSince $0 < y < 1$ and $0 < a < 1$, both terms are positive, so $C''(a) > 0$.\n"
)


def test_a_wrong_second_derivative_is_flagged_at_a_point_the_text_allows():
    results = check_document(_CONVEX.format(second="-\\frac{y}{a^2} + \\frac{1 - y}{(1 - a)^2}"))
    (second,) = [r for r in results if r.left == "C''(a)"]
    assert second.status == "wrong" and "definition of C(a)" in second.message and "assuming what the text states" in second.message
    at = second.counterexample.at
    assert 0 < at["a"] < 1 and 0 < at["y"] < 1 and "C''(a) > 0" not in second.message


def test_the_right_second_derivative_stays_ok():
    results = check_document(_CONVEX.format(second="\\frac{y}{a^2} + \\frac{1 - y}{(1 - a)^2}"))
    assert [r.status for r in results if r.status != "given"] == ["ok", "ok"]


# --- the domain of a log of a short sum is written out as the sum is (check agreed with equiv) --------------------------


def test_the_log_sum_exp_shift_is_proved_as_equiv_finds_it():
    assert _verdict(r"\log\sum_{i=1}^{3} e^{x_i-m} + m = \log\sum_{i=1}^{3} e^{x_i}") == "PROVED"
    assert _verdict(r"\log\sum_{i=1}^{3} e^{x_i-m} - m = \log\sum_{i=1}^{3} e^{x_i}") == "REFUTED"


def test_an_unknown_functions_stand_in_is_never_named_in_a_reason():
    judgement = check_statement(parse(r"\ell(w)=\frac12w^2 \implies \ell'(w)=w"))
    assert judgement.verdict.name == "UNDECIDED" and "u1" not in judgement.reason and "u0" not in judgement.reason


# --- probe C (this session's own changes) ------------------------------------------------------------------------------


@pytest.mark.parametrize("relation", [r"(\Lambda)^T = \Lambda", r"(\Sigma)^T(\Sigma) = \Sigma^2"])
def test_a_greek_capital_in_brackets_keeps_its_transpose(relation):
    assert "transpose" in str(parse(relation).expr) and _verdict(relation) == "UNDECIDED"


@pytest.mark.parametrize("relation", [r"\sqrt{x^2} \overset{x>0}{=} x", r"x^2 \overset{x=2}{=} 4", r"\frac12x^2 \underset{x\to0}{=} 0"])
def test_a_condition_over_a_relation_is_not_dropped(relation):
    with pytest.raises(LatexError):
        parse(relation)


def test_a_condition_over_a_relation_in_a_document_flags_nothing():
    statuses = _statuses("$$ |x| + 1 \\overset{x \\ge 0}{=} x + 1 = 1 + x $$\n")
    assert "wrong" not in statuses.values()


@pytest.mark.parametrize("heading", ["## Problem 2", "### Exercise 2", "## 2.", "## **Problem 2**"])
def test_a_heading_naming_a_problem_ends_the_problem_before_it_at_any_level(heading):
    document = f"# Problem 1\n\nAssume $x > 0$.\n\n{heading}\n\n$$ \\sqrt{{x^2}} + 1 = |x| + 1 = x + 1 $$\n"
    assert [r.status for r in check_document(document)] == ["ok", "wrong"]


def test_throughout_before_the_first_heading_holds_in_every_problem():
    document = "Throughout, assume $x > 0$.\n\n# Problem 1\n\n$$ \\sqrt{x^2} + 1 = |x| + 1 = x + 1 $$\n"
    assert [r.status for r in check_document(document)] == ["ok", "ok"]
    assert [r.status for r in check_document(document.replace("Throughout, assume", "Assume"))] == ["ok", "wrong"]


_MEAN_STEP = "$$ \\mathbb{E}[(X+1)^2] = \\mathbb{E}[X^2] + 2\\mathbb{E}[X] + 1 = \\mathbb{E}[X^2] + 1 $$\n"


@pytest.mark.parametrize(
    "said",
    [
        "Note that $\\mathbb{E}[X] = 0$ does not hold here.",
        "We want to show that $\\mathbb{E}[X] = 0$.",
        "It is not clear whether $\\mathbb{E}[X] = 0$.",
    ],
)
def test_a_mean_the_text_does_not_assert_is_not_used(said):
    results = check_document(f"Let $X$ be a random variable. {said}\n\n{_MEAN_STEP}")
    assert results[1].status != "ok" and "stated in the text" not in results[1].message


def test_a_mean_supposed_for_contradiction_with_none_reached_flags_nothing():
    document = f"# P\n\nLet $X$ be a random variable. Suppose, for contradiction, that $\\mathbb{{E}}[X] = 0$.\n\n## (a)\n\n{_MEAN_STEP}"
    results = check_document(document)
    assert results[1].status == "undecided" and "not flagged" in results[1].message


def test_a_mean_in_a_conditional_clause_holds_for_the_last_display_too():
    results = check_document(f"Let $X$ be a random variable. If $\\mathbb{{E}}[X] = 0$, then\n\n{_MEAN_STEP}")
    assert [r.status for r in results] == ["ok", "ok"]


def test_the_points_where_a_derivative_equals_something_announce_an_equation():
    document = "Find the derivative of $x^3$ and the points where\n\n$$\\frac{d}{dx} x^3 = 3x$$\n"
    assert check_document(document)[0].status == "undecided"


@pytest.mark.parametrize(
    "relation",
    [
        r"x > 0 \Rightarrow x \in (1, \infty)",
        r"x > 0 \Rightarrow x > 1 \wedge x < \infty",
        r"x > 0 \Rightarrow x > 1, x > -\infty",
        r"x > 0 \Leftrightarrow x \in [1, \infty)",
    ],
)
def test_an_implication_with_an_infinite_bound_in_its_conclusion_is_refuted(relation):
    assert _verdict(relation) == "REFUTED"


@pytest.mark.parametrize("relation", [r"x > 2 \Rightarrow x \in (1, \infty)", r"x > 2 \Rightarrow x \in [1, \infty)"])
def test_a_right_implication_with_an_infinite_bound_is_proved(relation):
    assert _verdict(relation) == "PROVED"


@pytest.mark.parametrize("conclusion", ["x = 1, -1", "x = -1, 1", "x = 1,\\ -1"])
def test_a_conclusion_that_lists_values_is_not_judged_on_its_first(conclusion):
    (result,) = [r for r in check_document(f"$$ x^2 = 1 \\Rightarrow {conclusion} $$\n") if r.status != "given"]
    assert result.status == "undecided" and "more values after a comma" in result.message


def test_a_conclusion_with_one_value_is_still_judged():
    (result,) = [r for r in check_document("$$ x^2 = 1 \\Rightarrow x = 1 $$\n") if r.status != "given"]
    assert result.status == "wrong"


# --- an assumed linear equation between names is solved and put in (p_1 + p_2 = 1, n_in = n_out = n) --------------------


@pytest.mark.parametrize(
    ("relation", "assumptions", "verdict"),
    [
        (r"-\sum_{i=1}^{2} p_i\ln p_i \le \ln 2", (r"p_1 + p_2 = 1", "p_1 > 0", "p_2 > 0"), "CONFIRMED"),
        (r"-\sum_{i=1}^{2} p_i\ln p_i \le \ln 2 - 0.1", (r"p_1 + p_2 = 1", "p_1 > 0", "p_2 > 0"), "REFUTED"),
        (r"n\cdot\frac{2}{n_{in}+n_{out}}=1", (r"n_{in} = n_{out} = n", "n > 0"), "PROVED"),
        (r"n\cdot\frac{2}{n_{in}+n_{out}}=2", (r"n_{in} = n_{out} = n", "n > 0"), "REFUTED"),
        (r"x^2 + y^2 \ge \frac{1}{2}", (r"x + y = 1",), "PROVED"),
        (r"x^2 + y^2 \ge 1", (r"x + y = 1",), "REFUTED"),
    ],
)
def test_an_assumed_linear_equation_is_put_in(relation, assumptions, verdict):
    judgement = check_statement(parse(relation), [parse(a) for a in assumptions])
    assert judgement.verdict.name == verdict
    if verdict == "REFUTED":  # the point names every symbol of the assumptions, the solved ones too
        named = {s.name for a in assumptions for s in parse(a).symbols}
        assert named <= set(judgement.counterexample.at)
    else:
        assert "from the assumptions" in judgement.method


def test_an_assumed_equation_is_never_put_into_a_derivative():
    judgement = check_statement(parse(r"\frac{d}{dx}(x + y) = 1"), [parse("y = 2x")])
    assert judgement.verdict.name == "PROVED"  # y is a variable of its own; putting y = 2x in would make it 3


# --- "a Bernoulli random variable with mean $p$", "standard deviation $\sigma$", "variance is $v$" ---------------------


def test_a_bernoulli_variable_with_a_stated_mean_has_its_variance():
    document = (
        "Let $m$ be a Bernoulli random variable with mean $p$.\n\n"
        "$$\\operatorname{{Var}}(m) = \\mathbb{{E}}[m^2] - \\mathbb{{E}}[m]^2 = {right}$$\n"
    )
    assert [r.status for r in check_document(document.format(right="p - p^2"))] == ["ok", "ok"]
    assert [r.status for r in check_document(document.format(right="p^2 - p"))] == ["ok", "wrong"]


@pytest.mark.parametrize(
    "said", ["standard deviation $\\sigma$", "variance $\\sigma^2$", "standard deviation $\\sigma$, so its variance is $\\sigma^2$"]
)
def test_a_standard_deviation_gives_the_variance(said):
    document = "Let $w$ be a random variable with zero mean and " + said + ".\n\n"
    document += "$$\\operatorname{{Var}}(2w) = 4\\mathbb{{E}}[w^2] = {right}$$\n"
    assert [r.status for r in check_document(document.format(right="4\\sigma^2"))] == ["ok", "ok"]
    assert [r.status for r in check_document(document.format(right="2\\sigma^2"))][1] == "wrong"


# --- an implication solved inside the assumptions' domain; a sum's index is never a function; "Setting $E = 0$ gives" ---


def test_an_implication_is_solved_inside_the_stated_domain():
    document = "For $x > 0$:\n\n$$x^2 = 4 \\Rightarrow x = {right}$$\n"
    (ok,) = [r for r in check_document(document.format(right="2")) if r.status != "given"]
    assert ok.status == "ok" and "assuming x > 0" in ok.message
    (wrong,) = [r for r in check_document(document.format(right="-2")) if r.status != "given"]
    assert wrong.status == "wrong"
    assert check_statement(parse(r"x^2 = 4 \Rightarrow x = 2"), [parse("x > 0")]).verdict.name == "PROVED"
    assert check_statement(parse(r"x^2 = 4 \Rightarrow x = 2")).verdict.name == "REFUTED"


def test_a_sums_own_index_before_a_bracket_is_a_product():
    assert _verdict(r"\sum_{k=1}^n \frac{1}{k(k+1)} = \frac{n}{n+1}") == "PROVED"
    assert _verdict(r"\sum_{k=1}^n \frac{1}{k(k+1)} = \frac{1}{n+1}") == "REFUTED"


_SETTING = (
    "$$J(c) = \\sum_{{i=1}}^n (x_i - c)^2$$\n\n$$J'(c) = 2nc - 2\\sum_{{i=1}}^n x_i$$\n\n"
    "Setting $J'(c) = 0$ gives\n\n$$c = {right}$$\n"
)


def test_setting_an_equation_to_zero_makes_the_display_its_solution():
    (right,) = [r for r in check_document(_SETTING.format(right="\\frac{1}{n}\\sum_{i=1}^n x_i")) if r.relation == "=>"]
    assert right.status == "ok" and "definition of J(c)" in right.message
    (wrong,) = [r for r in check_document(_SETTING.format(right="\\frac{1}{n+1}\\sum_{i=1}^n x_i")) if r.relation == "=>"]
    assert wrong.status == "wrong" and wrong.counterexample is not None
    statuses = [r.status for r in check_document("Setting $2c - 4 = 0$ gives\n\n$$c = 3$$\n") if r.status != "given"]
    assert statuses == ["wrong"]


# --- a membership before an arrow is the premise in a document too (it was dropped: the conclusion stood alone) ---------


@pytest.mark.parametrize(("interval", "status"), [("(0, 1)", "ok"), ("(0, 2)", "wrong")])
def test_a_membership_premise_in_a_document_is_judged(interval, status):
    results = check_document(f"$$ x \\in {interval} \\Rightarrow x^2 < x $$\n")
    (implication,) = [r for r in results if r.relation == "=>"]
    assert implication.status == status
    assert all(r.status == "given" for r in results if r is not implication)


def test_a_membership_alone_is_given_and_of_an_expression_not_read():
    (alone,) = check_document("$$ a_j \\in (0, 1) $$\n")
    assert alone.status == "given" and "where a name lies" in alone.message
    assert "wrong" not in _statuses("$$ \\forall x \\in (0,1): x^2 < x $$\n").values()


@pytest.mark.parametrize(
    ("row", "status"),
    [
        ("x, y > 0 \\Rightarrow xy > 0", "ok"),
        ("x, y > 0 \\Rightarrow x - y > 0", "wrong"),
        ("a, b, c \\ge 1 \\implies abc \\ge 1", "ok"),
        ("a, b, c \\ge 1 \\implies abc \\ge 2", "wrong"),
    ],
)
def test_names_listed_under_one_bound_before_an_arrow_are_each_a_premise_in_a_document(row, status):
    (implication,) = [r for r in check_document(f"$$ {row} $$\n") if r.relation == "=>"]
    assert implication.status == status and "\\wedge" in implication.left


# --- a one-digit decimal confirms within 20 % at most (1/19 = 0.1 was confirmed, an answer twice the key correct) ------


@pytest.mark.parametrize(
    "relation", [r"\frac{1}{19} = 0.1", r"2 \cdot 0.03 = 0.1", r"5.001 \times 10^{-9} = 1 \times 10^{-8}", r"\frac{3}{20} = 0.2"]
)
def test_a_decimal_far_beyond_twenty_percent_is_not_confirmed(relation):
    assert _verdict(relation) == "UNDECIDED"


@pytest.mark.parametrize(
    ("relation", "verdict"),
    [
        (r"\sigma(1) = 0.731", "CONFIRMED"),
        (r"\frac13 = 0.33", "CONFIRMED"),
        (r"\frac13 = 0.3", "UNDECIDED"),  # one significant digit under "=": within 1 % only (session 31)
        (r"\frac{1}{3} = 0.333333333333", "CONFIRMED"),
        (r"\frac{1}{19} = 0.3", "REFUTED"),
        (r"\sigma(1) = 0.75", "REFUTED"),
    ],
)
def test_rounded_decimals_still_confirm_and_far_ones_refute(relation, verdict):
    assert _verdict(relation) == verdict


# --- a document that answers one problem twice, differently: neither answer is graded (the first silently won) ----------


def test_two_different_answers_to_one_problem_are_not_graded(tmp_path):
    from derivax.answerkeys import keys_from_file
    from derivax.grading import grade_submission, load_submission

    key_file = tmp_path / "key.yaml"
    key_file.write_text("p1:\n  answer: (x-1)^2\n")
    keys = keys_from_file(key_file)
    twice = tmp_path / "twice.md"
    twice.write_text("% derivax: answer p1: x^2 - 1\nLater I realised:\n% derivax: answer p1: (x-1)^2\n")
    restated = tmp_path / "restated.md"
    restated.write_text("% derivax: answer p1: (x-1)^2\nAgain:\n% derivax: answer p1: (x - 1)^2\n")
    (conflict,) = grade_submission(load_submission(twice), keys).results
    assert conflict.status == "unparsed" and "two different answers" in conflict.message and "x^2 - 1" in conflict.message
    (once,) = grade_submission(load_submission(restated), keys).results
    assert once.status == "correct"


@pytest.mark.parametrize("written", ["$(x-1)^2$", "$$ (x-1)^2 $$", "\\((x-1)^2\\)", "\\[(x-1)^2\\]"])
def test_an_answer_written_as_math_in_its_directive_is_the_math_inside(written, tmp_path):
    from derivax.answerkeys import keys_from_file
    from derivax.grading import grade_submission, load_submission

    key_file = tmp_path / "key.yaml"
    key_file.write_text("p1:\n  answer: x^2 - 2x + 1\n")
    document = tmp_path / "student.md"
    document.write_text(f"% derivax: answer p1: {written}\n")
    (result,) = grade_submission(load_submission(document), keys_from_file(key_file)).results
    assert result.status == "correct"
    document.write_text(f"% derivax: answer p1: {written.replace('-1', '+1')}\n")
    (twin,) = grade_submission(load_submission(document), keys_from_file(key_file)).results
    assert twin.status == "incorrect"
