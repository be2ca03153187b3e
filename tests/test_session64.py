"""Session 64: each fix with its twin (review helper-207 R8, probe helper-204 F1, two values on a definition's line)."""

from __future__ import annotations

import pytest

from derivax.latex import LatexError, parse
from tests.judged import steps_of, verdict_of

# --- a number put in by a step that a "where" right after its display states (review helper-207 R8) ---------------

WHERE_AFTER = r"""# Part a

The loss is $L = (w - 3)^2$.

$$L = (w - 3)^2 = (5 - 3)^2 = RESULT$$

where $w = STATED$.
"""


def _step(document: str, left: str, right: str) -> tuple[str, str]:
    """The (status, message) of the step ``left = right`` in ``document``."""
    (found,) = [(status, message) for _, status, lhs, rhs, message in steps_of(document) if (lhs, rhs) == (left, right)]
    return found


@pytest.mark.parametrize(("stated", "expected"), [("5", "ok"), ("4", "undecided")])
def test_a_number_put_in_agrees_with_the_value_stated_after_the_display(stated: str, expected: str) -> None:
    status, message = _step(WHERE_AFTER.replace("STATED", stated).replace("RESULT", "4"), "(w - 3)^2", "(5 - 3)^2")
    assert status == expected, message
    assert "line 7" in message


def test_the_result_after_a_value_stated_after_the_display_is_still_judged() -> None:
    status, message = _step(WHERE_AFTER.replace("STATED", "5").replace("RESULT", "5"), "(5 - 3)^2", "5")
    assert status == "wrong", message


# --- two numbers for one name on the definition's own line ------------------------------------------------------------

EITHER = r"""# Part c

Let $w = 5$ or $w = 4$.

$$L = (w - 3)^2 = (PUT - 3)^2 = RESULT$$
"""


@pytest.mark.parametrize(("put", "result"), [("4", "1"), ("5", "4")])
def test_either_value_of_a_definition_line_with_two_is_no_wrong_step(put: str, result: str) -> None:
    verdicts = [status for _, status, *_ in steps_of(EITHER.replace("PUT", put).replace("RESULT", result))]
    assert "wrong" not in verdicts


def test_a_wrong_result_under_either_value_is_still_flagged() -> None:
    status, message = _step(EITHER.replace("PUT", "4").replace("RESULT", "2"), "(4 - 3)^2", "2")
    assert status == "wrong", message


# --- q(z) beside q alone: the density at z or a product (probe helper-204 F1) ---------------------------------------


@pytest.mark.parametrize("relation", [r"\frac{q(z)}{z} = q", "q(z) = q z", r"p(x) + p = p x + p"])
def test_a_letter_applied_to_one_name_beside_it_alone_has_both_readings(relation: str) -> None:
    assert verdict_of(relation) == "undecided"


@pytest.mark.parametrize(
    ("relation", "expected"),
    [
        ("a(b + c) = ab + ac", "proved"),
        ("w(x + 1) = wx + w", "proved"),
        ("w(x + 1) = wx + 2w", "refuted"),
        ("a(2) = 2a", "proved"),
        (r"w(x) + w = w(x + 1)", "proved"),
    ],
)
def test_a_letter_beside_itself_applied_to_more_than_a_name_is_a_product(relation: str, expected: str) -> None:
    assert verdict_of(relation) == expected


# --- the product rule in Leibniz notation: every name of the top differentiated by the variable elsewhere -----------


@pytest.mark.parametrize(
    ("relation", "expected"),
    [
        (r"\frac{\partial (u v)}{\partial x} = \frac{\partial u}{\partial x} v + u \frac{\partial v}{\partial x}", "proved"),
        (r"\frac{\partial (u/v)}{\partial x} = \frac{\frac{\partial u}{\partial x} v - u \frac{\partial v}{\partial x}}{v^2}", "proved"),
        (
            r"\frac{\partial (w_n \cdot h_{n-1})}{\partial w_i} = \frac{\partial w_n}{\partial w_i} \cdot h_{n-1}"
            r" + w_n \cdot \frac{\partial h_{n-1}}{\partial w_i}",
            "proved",
        ),
        # wrong twins: a term too many (refuted whatever u and v are), the second term dropped
        (r"\frac{\partial (u v)}{\partial x} = \frac{\partial u}{\partial x} v + u \frac{\partial v}{\partial x} + 1", "refuted"),
        (r"\frac{\partial (u v)}{\partial x} = \frac{\partial u}{\partial x} v + 2 u \frac{\partial v}{\partial x}", "undecided"),
        # v never differentiated: a constant or not, the text does not say
        (r"\frac{\partial (u v)}{\partial x} = \frac{\partial u}{\partial x} v", "undecided"),
    ],
)
def test_the_derivative_of_a_product_of_names_each_differentiated_by_the_variable(relation: str, expected: str) -> None:
    assert verdict_of(relation) == expected


SIGMA_PRIME = r"\frac{\partial \sigma(w_n h_{n-1})}{\partial (w_n h_{n-1})}"
PRODUCT_RULE_STEP = (
    "# b\n\n$$"
    + SIGMA_PRIME
    + r" \frac{\partial (w_n h_{n-1})}{\partial w_i} = "
    + SIGMA_PRIME
    + r" \left[ \frac{\partial w_n}{\partial w_i} h_{n-1} + RIGHT \right]$$"
    + "\n"
)


@pytest.mark.parametrize(("right", "expected"), [(r"w_n \frac{\partial h_{n-1}}{\partial w_i}", "ok"), ("w_n", "undecided")])
def test_a_chain_rule_step_through_a_product_in_a_document(right: str, expected: str) -> None:
    (step,) = steps_of(PRODUCT_RULE_STEP.replace("RIGHT", right))
    assert step[1] == expected, step


# --- assumptions that contradict each other prove nothing -----------------------------------------------------------


@pytest.mark.parametrize(
    ("relation", "assume", "expected"),
    [
        ("(n - i) x + 1 = 1", ("n = i", r"n \ne i"), "undecided"),
        ("(n - i) x + 1 = 1", ("n = i",), "proved"),
        ("(n - i) x + 1 = 2", ("n = i",), "refuted"),
        ("1 + 0 = 1", ("n = i", r"n \ne i"), "proved"),
    ],
)
def test_an_equation_put_in_that_makes_another_assumption_false(relation: str, assume: tuple[str, ...], expected: str) -> None:
    assert verdict_of(relation, *assume) == expected


# --- the cases of a value defined in words are no cases of the display after them --------------------------------

PIECEWISE = r"""# b

where $d = 1$ if $n = i$ CASES. Then we compute

$$x + 1 = (n - i) x + 1 = 1$$
"""


@pytest.mark.parametrize("cases", [r"or $d = 0$ if $n \neq i$", "and $d = 0$ otherwise", r"and $0$ if $n \neq i$"])
def test_the_cases_of_a_piecewise_value_are_not_assumed(cases: str) -> None:
    verdicts = {(left, right): status for _, status, left, right in steps_of(PIECEWISE.replace("CASES", cases), messages=False)}
    assert verdicts[("(n - i) x + 1", "1")] != "ok"


CONDITION_OF_A_FACT = r"""# b

We have $|y| = y$ if $y > 0$, so

$$\sqrt{y^2} = RIGHT$$
"""


@pytest.mark.parametrize(("right", "expected"), [("y", "ok"), ("-y", "wrong")])
def test_a_condition_after_a_fact_with_no_other_case_is_still_assumed(right: str, expected: str) -> None:
    statuses = {status for _, status, *_ in steps_of(CONDITION_OF_A_FACT.replace("RIGHT", right), messages=False)}
    assert expected in statuses and ({"ok", "wrong"} - {expected}).isdisjoint(statuses)


# --- probe helper-208: prose that excludes, denies, or gives another's choice ----------------------------------------

RELU = "# R\n\nWORDS\n\n$$\\frac{d}{dz}\\max(0, z) = RIGHT$$\n"


def _statuses(document: str) -> list[str]:
    return [status for _, status, *_ in steps_of(document, messages=False)]


@pytest.mark.parametrize(
    "words",
    [
        "Except when $z > 0$, we have",
        "Except for $z > 0$, we have",
        "Apart from the case $z > 0$, we have",
        "Other than when $z > 0$, we have",
        "Ignoring the case $z > 0$, we have",
        "For the complement of $z > 0$, we have",
        "Other papers assume $z > 0$; we do not.",
    ],
)
def test_a_case_the_text_excludes_is_never_assumed(words: str) -> None:
    assert "ok" not in _statuses(RELU.replace("WORDS", words).replace("RIGHT", "1"))


@pytest.mark.parametrize(("words", "right"), [("When $z > 0$, we have", "1"), ("Assume $z < 0$.", "0")])
def test_a_case_the_text_states_is_still_assumed(words: str, right: str) -> None:
    assert _statuses(RELU.replace("WORDS", words).replace("RIGHT", right)) == ["ok"]


UNLESS = "# R\n\nThe ReLU gradient is\n\n$$\\frac{d}{dz}\\max(0, z) = 0 \\cdot z = 0, \\qquad \\text{WORD } z CONDITION$$\n"


@pytest.mark.parametrize("word", ["unless", "except when"])
@pytest.mark.parametrize(("condition", "expected"), [("> 0", ["ok", "ok"]), (r"\le 0", ["wrong", "ok"])])
def test_unless_in_a_display_states_the_opposite_case(word: str, condition: str, expected: list[str]) -> None:
    assert _statuses(UNLESS.replace("WORD", word).replace("CONDITION", condition)) == expected


SQRT = "# V\n\nWORDS\n\n$$\\sqrt{4 v^2} = 2\\sqrt{v^2} = RIGHT$$\n"


@pytest.mark.parametrize(
    ("words", "right", "expected"),
    [
        ("Assume $v$ is not negative.", "2 v", "ok"),
        ("Assume that $v$ is never negative.", "2 v", "ok"),
        ("Assume $v$ cannot be negative.", "2 v", "ok"),
        ("Assume $v$ is not positive.", "-2 v", "ok"),
        # twins: the other sign is wrong; "not always positive" says no one sign
        ("Assume $v$ is not negative.", "-2 v", "wrong"),
        ("Assume $v$ is not positive.", "2 v", "wrong"),
        ("Here $v$ is not always positive.", "2 v", "wrong"),
    ],
)
def test_a_denied_sign_in_words_is_the_other_side(words: str, right: str, expected: str) -> None:
    assert _statuses(SQRT.replace("WORDS", words).replace("RIGHT", right))[-1] == expected


@pytest.mark.parametrize(
    "words",
    [
        "Let $v$ be the keep probability.",
        "Let $v$ be the dropout rate.",
        "The weights have variance $v$.",
        "Each weight has standard deviation $v$.",
        "Let $v$ be the fan-in.",
        "Let $v$ be the number of inputs.",
        "Let $v$ be the key dimension.",
    ],
)
def test_what_a_dropout_or_initialisation_text_calls_a_name_gives_its_range(words: str) -> None:
    assert _statuses(SQRT.replace("WORDS", words).replace("RIGHT", "2 v"))[-1] == "ok"
    assert _statuses(SQRT.replace("WORDS", words).replace("RIGHT", "-2 v"))[-1] == "wrong"


OTHERS = "# LeCun\n\nWORDS\n\n$$n v t + t = t(n v + 1) = RIGHT$$\n"


@pytest.mark.parametrize(
    "words",
    [
        r"He et al. use $v = \frac{2}{n}$; we do not: we use LeCun initialisation.",
        r"Had we chosen $v = \frac{2}{n}$, the variance would double; but we use LeCun.",
        r"A common mistake is to take $v = \frac{2}{n}$.",
        r"Unlike He initialisation, where $v = \frac{2}{n}$, here",
    ],
)
def test_a_formula_given_to_others_or_to_a_mistake_is_no_definition(words: str) -> None:
    assert _statuses(OTHERS.replace("WORDS", words).replace("RIGHT", "3t"))[-1] != "ok"


@pytest.mark.parametrize(
    ("words", "right", "expected"),
    [
        (r"We use $v = \frac{2}{n}$.", "3t", "ok"),
        (r"Following He et al., let $v = \frac{2}{n}$.", "3t", "ok"),
        (r"Following He et al., let $v = \frac{2}{n}$.", "2t", "wrong"),
    ],
)
def test_a_formula_of_our_own_is_a_definition(words: str, right: str, expected: str) -> None:
    assert _statuses(OTHERS.replace("WORDS", words).replace("RIGHT", right))[-1] == expected


ANEW = "# He\n\nLet $n = 512$.\n\nWORDS\n\n$$\\sqrt{\\frac{2}{n}} = \\frac{\\sqrt{2}}{\\sqrt{n}} = \\frac{1}{16}$$\n"


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("For a general fan-in $n$, the weight standard deviation is", "undecided"),
        ("For an arbitrary fan-in $n$ the He standard deviation is", "undecided"),
        ("Now let $n$ denote the width of another layer.", "undecided"),
        ("From here on $n$ is the width of the next layer.", "undecided"),
        # twin: the same n described again keeps its value
        ("For this layer, with fan-in $n$, the weight standard deviation is", "ok"),
    ],
)
def test_a_name_given_a_new_meaning_in_words_loses_its_value(words: str, expected: str) -> None:
    assert _statuses(ANEW.replace("WORDS", words))[-1] == expected


BERNOULLI = "# D\n\nWORDS\n\n$$\\mathbb{E}[m^2] = \\mathbb{E}[m] = p$$\n"


@pytest.mark.parametrize(
    "words",
    [
        "Let $m$ be a random variable equal to 1 with probability $p$ and 0 otherwise.",
        "Let $m$ be a random variable with $P(m = 1) = p$ and $P(m = 0) = 1 - p$.",
        r"Let $m$ be a random variable distributed as $\mathcal{N}(0, v)$.",
    ],
)
def test_a_law_in_words_not_read_leaves_moment_steps_unflagged(words: str) -> None:
    assert "wrong" not in _statuses(BERNOULLI.replace("WORDS", words))


def test_a_law_read_still_judges_moment_steps() -> None:
    assert _statuses(BERNOULLI.replace("WORDS", r"Let $m \sim \text{Bernoulli}(p)$."))[:2] == ["ok", "ok"]
    twin = BERNOULLI.replace("WORDS", r"Let $m \sim \text{Bernoulli}(p)$.").replace("= p$$", "= p^2$$")
    assert "wrong" in _statuses(twin)


@pytest.mark.parametrize(
    "relation",
    [r"\frac{d}{d\, pos}\sin(\omega\, pos) = \omega\cos(\omega\, pos)", r"\frac{d}{dpos}\sin(\omega pos) = 1", r"\frac{d}{dxy} x^2 y = 1"],
)
def test_a_derivative_by_several_letters_is_refused(relation: str) -> None:
    with pytest.raises(LatexError, match="several letters"):
        parse(relation)


def test_a_derivative_by_one_letter_is_read() -> None:
    assert verdict_of(r"\frac{d}{dx} x^2 = 2x") == "proved"
    assert verdict_of(r"\frac{d}{d x} x^2 = x") == "refuted"


# --- a derivative's second reading after a definition is put in (probe helper-208 F6) -----------------------------

SCOPED = "# D\n\nLet $s = \\frac{1}{1 + e^{-z}}$.\n\n$$\\frac{\\partial}{\\partial z} \\log s + \\lambda z^2 = RIGHT$$\n"


@pytest.mark.parametrize(
    ("right", "expected"),
    [
        # right read wide (the derivative of the sum), wrong read as written: no verdict, as without the definition
        (r"1 - s + 2\lambda z", "undecided"),
        # wrong under both readings
        (r"1 - s + 3\lambda z", "wrong"),
        # right read as written (the derivative of log s, plus lambda z^2), wrong read wide
        (r"1 - s + \lambda z^2", "undecided"),
    ],
)
def test_a_derivative_body_read_both_ways_with_a_definition_put_in(right: str, expected: str) -> None:
    assert _statuses(SCOPED.replace("RIGHT", right)) == [expected]


def test_a_bracketed_derivative_body_has_one_reading_with_a_definition() -> None:
    document = "# D\n\nLet $u = x^2$.\n\n$$\\frac{\\partial}{\\partial x} (u) + y = 2x + y$$\n"
    assert _statuses(document) == ["ok"]


# --- sigma squared defined: sigma is a standard deviation (probe helper-208 F11) ----------------------------------

SIGMA_SQUARED = [
    "# S\n\nLet $\\sigma^2 = \\frac{1}{2}(a^2 + b^2)$.\n\n$$\\frac{x}{\\sigma} = 1 \\cdot \\frac{x}{\\sigma} = RIGHT$$\n",
    "# BN\n\n$$\\sigma_B^2 = \\frac{1}{m}\\sum_{i=1}^m (x_i - \\mu_B)^2$$\n\n"
    "$$\\frac{x}{\\sigma} = 1 \\cdot \\frac{x}{\\sigma} = RIGHT$$\n".replace("\\sigma}", "\\sigma_B}"),
]


@pytest.mark.parametrize("document", SIGMA_SQUARED)
@pytest.mark.parametrize(("right", "expected"), [("\\frac{x}{\\sqrt{SQ}}", "ok"), ("-\\frac{x}{\\sqrt{SQ}}", "wrong")])
def test_a_defined_sigma_squared_makes_sigma_nonnegative(document: str, right: str, expected: str) -> None:
    square = "\\sigma_B^2" if "sigma_B" in document else "\\sigma^2"
    assert _statuses(document.replace("RIGHT", right.replace("SQ", square)))[-1] == expected


# --- review helper-209: the second reading of this session's change ------------------------------------------------

EARLIER_PROBLEM = "# Problem 1\n\nWORDS\n\n# Problem 2\n\nBETWEEN\n\n$$L = (w - 3)^2 = (5 - 3)^2 = 4$$\n"


@pytest.mark.parametrize(
    ("words", "between"),
    [
        ("Let $w = 5$.", "Now $w$ is any real weight."),
        ("For $w = 5$ the loss is large.", "Now $w$ is any real weight."),
        ("Let $w = 5$.", "The loss is as before."),
        ("$$L = (w - 3)^2$$\n\nwhere $w = 5$.", "The loss is as before."),
    ],
)
def test_an_earlier_problems_value_never_puts_a_number_in(words: str, between: str) -> None:
    verdicts = {
        (left, right): status
        for _, status, left, right in steps_of(EARLIER_PROBLEM.replace("WORDS", words).replace("BETWEEN", between), messages=False)
    }
    assert verdicts[("(w - 3)^2", "(5 - 3)^2")] == "undecided"


@pytest.mark.parametrize(
    ("words", "put", "expected"),
    [
        # a point named on the definition's line is no new value
        ("Let $w = 5$; the minimum of the loss is at $w = 3$.", "5", "ok"),
        # a value set again on it is (the first no longer holds)
        ("Let $w = 5$; after one step $w = 4$.", "4", "ok"),
        ("Let $w = 5$; after one step $w = 5 - 1 = 4$.", "4", "undecided"),
    ],
)
def test_another_number_on_a_definitions_line(words: str, put: str, expected: str) -> None:
    document = f"# P\n\n{words}\n\n$$L = (w - 3)^2 = ({put} - 3)^2$$\n"
    verdicts = {(left, right): status for _, status, left, right in steps_of(document, messages=False)}
    assert verdicts[("(w - 3)^2", f"({put} - 3)^2")] == expected


@pytest.mark.parametrize(("condition", "expected"), [("n > i", "undecided"), ("n < i", "undecided"), (r"n \ge i", "proved")])
def test_an_equation_put_in_makes_a_strict_comparison_false(condition: str, expected: str) -> None:
    assert verdict_of("(n - i) x + 1 = 1", "n = i", condition) == expected


@pytest.mark.parametrize(
    "cases",
    [
        r"where $d = 1$ for $n = i$ and $d = 0$ for $n > i$.",
        "where $d = 1$ for $n = i$ and $0$ otherwise.",
        "where $d$ is $1$ if $n = i$ and $0$ otherwise.",
    ],
)
def test_other_wordings_of_a_piecewise_value_are_not_assumed(cases: str) -> None:
    document = f"# P\n\n{cases}\n\n$$x + 1 = (n - i)x + 1 = 1$$\n"
    verdicts = {(left, right): status for _, status, left, right in steps_of(document, messages=False)}
    assert verdicts[("(n - i)x + 1", "1")] != "ok"


def test_a_condition_with_a_later_clause_about_another_name_is_still_assumed() -> None:
    document = (
        "# P\n\nBecause $|w| = w$ when $w > 0$, which holds for the weight $w$ when $\\eta$ is small, we get\n\n"
        "$$\\sqrt{w^2} + 1 = w + 1$$\n"
    )
    assert _statuses(document) == ["ok"]


@pytest.mark.parametrize(
    "relation",
    [r"\beta(v) + (1-\beta) g = \beta v + g - \beta g", r"w - \eta(g) = w - \eta g", r"\lambda(w) + \lambda = \lambda w + \lambda"],
)
def test_a_rate_letter_before_one_name_multiplies(relation: str) -> None:
    assert verdict_of(relation) == "proved"


# --- review helper-210: the second reading of the prose mends --------------------------------------------------------


@pytest.mark.parametrize(
    "words",
    [
        "The weights $w$ are not all positive: some are negative.",
        "Note that $w$ cannot be both positive and negative.",
        "The update $w$ is not negative for every step; it changes sign.",
        "The pre-activation $w$ is not negative for all inputs.",
        "The ReLU output $w$ is not strictly positive: it may be zero.",
        "Here $w$ cannot be positive unless $z > 0$.",
        "Prove that $w$ cannot be negative.",
        "We want to show that $w$ is not negative.",
        r"If $w$ is not negative, then $\sqrt{w^2} = w$. In general $w$ can have either sign.",
    ],
)
def test_a_hedged_denied_or_wanted_sign_is_no_assumption(words: str) -> None:
    document = f"# A\n\n{words}\n\n$$f = \\sqrt{{w^2}} = 2w - w$$\n"
    assert _statuses(document)[-1] == "wrong"


@pytest.mark.parametrize("condition", [r"w > 0 \text{ and } x > 0", r"w > 0, x > 0"])
def test_unless_with_two_conditions_assumes_neither_opposite(condition: str) -> None:
    document = f"# R\n\n$$\\max(0, wx) = 1 \\cdot \\max(0, wx) = wx, \\qquad \\text{{unless }} {condition}$$\n"
    assert "ok" not in _statuses(document)[1:]


@pytest.mark.parametrize(
    "words",
    [
        "Ignoring the bias, assume $z > 0$.",
        "Unlike in part (a), let $z > 0$.",
        "We follow He et al. and assume $z > 0$.",
    ],
)
def test_our_own_assumption_or_definition_after_a_cue_word_stands(words: str) -> None:
    document = f"# A\n\n{words}\n\n$$\\sqrt{{z^2}} + 1 = z + 1$$\n"
    assert _statuses(document)[-1] == "ok"


@pytest.mark.parametrize("words", ["Let $a$ be the activation computed above.", r"Take another gradient step with $\eta$ as before."])
def test_a_description_of_a_name_keeps_its_value(words: str) -> None:
    document = f"# A\n\nLet $a = 3$ and $\\eta = 2$.\n\n{words}\n\n$$a \\eta + 1 = 7$$\n"
    assert _statuses(document) == ["ok"]


def test_a_value_before_the_first_heading_never_puts_a_number_in_after_an_update() -> None:
    document = "Let $w = 5$.\n\n# Gradient descent\n\n$$w \\leftarrow w - \\eta \\cdot 2(w - 3)$$\n\n$$L = (w - 3)^2 = (5 - 3)^2 = 4$$\n"
    verdicts = {(left, right): status for _, status, left, right in steps_of(document, messages=False)}
    assert verdicts[("(w - 3)^2", "(5 - 3)^2")] != "ok"


@pytest.mark.parametrize("words", ["A common mistake is to take $v = 5$.", "Had we started at $v = 5$, the loss would be 4."])
def test_a_value_given_to_a_mistake_never_puts_a_number_in(words: str) -> None:
    document = f"# A\n\n{words}\n\n$$L = (v - 3)^2 = (5 - 3)^2 = 4$$\n"
    verdicts = {(left, right): status for _, status, left, right in steps_of(document, messages=False)}
    assert verdicts[("(v - 3)^2", "(5 - 3)^2")] != "ok"


def test_a_law_in_words_of_another_variable_leaves_a_declared_one_judged() -> None:
    document = (
        "# A\n\nLet $x$ be a random variable with mean $0$ and variance $1$, and let $b$ be a random variable drawn from a "
        "uniform distribution.\n\n$$\\mathbb{E}[x^2] = \\operatorname{Var}(x) + \\mathbb{E}[x]^2 = 2$$\n"
    )
    assert "wrong" in _statuses(document)
