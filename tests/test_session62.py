"""Session 62: each fix with its twin (systems of equations the text states; probe helpers 201-202)."""

from __future__ import annotations

import pytest

from derivax.latex import LatexError, parse
from tests.judged import steps_of, verdict_of

# --- equations the text states as a system: the steps after them judged at the solution (197 F3/F34/F5) -------------

BELLMAN = r"""Two states, the policy moves to the other one, $\gamma = 0.5$. The values satisfy the Bellman equations
$$v_1 = 1 + 0.5 v_2$$
$$v_2 = 2 + 0.5 v_1$$
Substituting the second into the first:
$$v_1 = 1 + 0.5(2 + 0.5 v_1) = 2 + 0.25 v_1$$
Solving for $v_1$:
$$v_1 = VALUE$$
"""


def _status(steps: list[tuple], line: int, left: str) -> tuple[str, str]:
    return next((status, message) for at, status, written, _, message in steps if at == line and written == left)


def test_a_solution_of_a_stated_system_is_checked_against_it():
    steps = steps_of(BELLMAN.replace("VALUE", r"\frac{2}{0.75} = 2.667"))
    assert _status(steps, 2, "v_1")[0] == "given" and "one equation of the system on lines 2, 3" in _status(steps, 2, "v_1")[1]
    assert _status(steps, 5, "v_1")[0] == "ok"  # a step of the elimination holds at the solution
    status, message = _status(steps, 7, "v_1")
    assert status == "ok" and "v_1 = 8/3, v_2 = 10/3" in message
    assert [s for _, s, *_ in steps if s == "wrong"] == []


@pytest.mark.parametrize("value", ["3", r"\frac{2}{0.5}", "2.5"])
def test_a_wrong_solution_of_a_stated_system_is_flagged_with_the_solution_as_its_point(value):
    results = steps_of(BELLMAN.replace("VALUE", value))
    status, message = _status(results, 7, "v_1")
    assert status == "wrong" and "does not follow from the system on lines 2, 3" in message


def test_a_wrong_elimination_step_is_not_ok_and_a_value_without_words_of_solving_is_not_flagged():
    results = steps_of(BELLMAN.replace("0.5(2 + 0.5 v_1) = 2 + 0.25 v_1", "0.5(2 + v_1) = 2 + 0.5 v_1").replace("VALUE", "4"))
    assert _status(results, 5, "v_1")[0] == "undecided"  # fails at the solution, but "Substituting" is no word of solving
    assert _status(results, 7, "v_1")[0] == "wrong"  # the claimed solution is wrong (and flagged: "Solving for")


def test_a_self_loop_after_satisfies_is_an_equation_not_an_update():
    text = "A single state with reward 1; its value satisfies the Bellman equation\n$$v = 1 + 0.5 v$$\nso its solution is\n$$v = RESULT$$\n"
    assert _status(steps_of(text.replace("RESULT", "2")), 4, "v")[0] == "ok"
    assert _status(steps_of(text.replace("RESULT", "1")), 4, "v")[0] == "wrong"
    # without the word "satisfies" (or equation, system, ...), the same display is an update rule: nothing claimed
    plain = text.replace("its value satisfies the Bellman equation", "we update").replace("RESULT", "1")
    assert _status(steps_of(plain), 4, "v")[0] != "wrong"


def test_calls_at_numbers_and_values_said_in_prose_are_solved_for():
    text = r"""With $\gamma = 0.9$ and the policy that swaps the states, the values satisfy
$$V(1) = 1 + 0.9 V(2)$$
$$V(2) = \gamma V(1)$$
Hence $V(1) = 1 + 0.81 V(1)$ and its solution is
$$V(1) = \frac{1}{DEN}$$
"""
    assert _status(steps_of(text.replace("DEN", "0.19")), 5, "V(1)")[0] == "ok"
    assert _status(steps_of(text.replace("DEN", "0.81")), 5, "V(1)")[0] == "wrong"


@pytest.mark.parametrize(
    "between",
    [
        "We run value iteration from zero.",  # an iteration beside the equations
        "With $v_2 = 0$ we get",  # a value the prose gives an unknown
        "so",  # the equation of v_1 with a number put in for v_2: a sweep by hand
    ],
)
def test_a_sweep_of_value_iteration_beside_the_system_is_not_flagged(between):
    text = BELLMAN.split("Substituting")[0] + between + "\n$$v_1 = 1 + 0.5 \\cdot 0 = 1$$\n"
    assert [s for _, s, *_ in steps_of(text) if s == "wrong"] == []


def test_a_system_in_parameters_confirms_what_holds_and_flags_nothing():
    text = "Its value satisfies the Bellman equation\n$$V = r + \\gamma V$$\nso\n$$V = CLAIM$$\n"
    assert _status(steps_of(text.replace("CLAIM", "\\frac{r}{1 - \\gamma}")), 4, "V")[0] == "ok"
    # twin: not ok, and not flagged either (a failure at some gamma may lie outside what the text assumes of it)
    assert _status(steps_of(text.replace("CLAIM", "\\frac{r}{1 + \\gamma}")), 4, "V")[0] == "undecided"


@pytest.mark.parametrize(
    "system",
    [
        "$$v_1 = 1 + \\beta v_2$$\n$$v_2 = 2 + 0.5 v_1$$",  # a parameter without a value: v_1 = 3 holds for one beta
        "$$v_1 = v_1 v_2 + 1$$\n$$v_2 = 2 + 0.5 v_1$$",  # not linear
        "$$v_1 = 1 + 0.5 v_2$$\n$$v_2 = 2 + v_2$$",  # no solution
    ],
)
def test_systems_without_one_numeric_solution_judge_nothing(system):
    text = f"The values satisfy\n{system}\nso\n$$v_1 = 3$$\n"
    assert [s for _, s, *_ in steps_of(text) if s in ("ok", "wrong")] == []


def test_values_given_as_a_display_after_solving_are_a_claim_not_a_system():
    text = "The values satisfy the equations\n$$x = 1 + 0.5 y$$\n$$y = 2 + 0.5 x$$\nSolving them gives\n$$x = 3, \\quad y = 3.5$$\n"
    assert _status(steps_of(text), 5, "x")[0] == "wrong"
    assert _status(steps_of(text.replace("x = 3,", "x = \\frac{8}{3},").replace("3.5", "\\frac{10}{3}")), 5, "x")[0] == "ok"


# --- primed bound letters, \sum_{s'} and \max_{a'} (probe helper-186 F2, RL notation) --------------------------------


def test_a_sum_over_a_primed_letter_reads_over_the_name_the_body_writes():
    parsed = parse(r"\sum_{s'} P(s' | s) V(s')")
    assert str(parsed.expr) == "SumOver(P(s_prime, given(s))*V(s_prime), s_prime)"  # over s', as P(s'|s) and V(s') write it
    assert "MaxOf" in str(parse(r"\max_{a'} Q(s', a')").expr)


def test_an_entry_subscripted_with_a_primed_letter_is_refused_not_read_as_one_name():
    # read as one name p_{s'} it would leave the sum: \sum_{s'} p_{s'} = n p_{s'}
    with pytest.raises(LatexError, match="primed name"):
        parse(r"\sum_{s'} p_{s'} = 1")
    assert verdict_of(r"\sum_{s'} P(s'|s) (r + 0.9 V(s')) = r + 0.8 \sum_{s'} P(s'|s) V(s')") != "proved"


# --- expectations over sums: a size where a side has no value is left out (probe helper-199 F6) ----------------------

SAMPLE_VARIANCE = (
    r"Let $x_1, \dots, x_n$ be independent with mean $\mu$ and variance $\sigma^2$, and $\bar{x} = \frac{1}{n}\sum_{i=1}^n x_i$."
    "\n"
    r"$$\mathbb{E}\left[\frac{1}{DIVISOR}\sum_{i=1}^n (x_i - \bar{x})^2\right] = \sigma^2$$"
    "\n"
)


def test_the_unbiased_sample_variance_is_ok_leaving_out_the_size_where_it_has_no_value():
    ((_, status, _, _, message),) = steps_of(SAMPLE_VARIANCE.replace("DIVISOR", "n-1"))
    assert status == "ok" and "left out where a side has no value (n = 1" in message
    # twins: the biased one and a wrong divisor are flagged, each at a size where both sides have values
    assert [s for _, s, *_ in steps_of(SAMPLE_VARIANCE.replace("DIVISOR", "n"))] == ["wrong"]
    assert [s for _, s, *_ in steps_of(SAMPLE_VARIANCE.replace("DIVISOR", "n-2"))] == ["wrong"]


# --- probe helper-202 (SVM, GAN, Kalman) ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        # F1: a word in a superscript is a label (w^{new} from w = 0 was w to the power n e w, 0^0 = 1)
        ("Let $w = 0$, $\\eta = 0.1$, $x = 2$, $y = 1$.\n$$w^{new} = w + \\eta y x = 0.2$$\n", []),
        ("Let $P = 1$ and $R = 1$.\n$$P^{post} = \\frac{P R}{P + R} = 0.5$$\n", []),
        ("Let $P = 1$ and $R = 1$.\n$$P^{\\text{post}} = \\frac{P R}{P + R} = 0.75$$\n", [2]),  # twin
        # F5: iterates numbered from 1 by superscript (Pegasos), never powers
        (
            "Let $\\lambda = 1$, $x = 1$, $y = 1$, $\\eta = 0.5$ and $w^{1} = 0$.\n"
            "$$w^{2} = w^{1} - \\eta(\\lambda w^{1} - y x) = 0.5$$\n$$w^{3} = w^{2} - \\eta(\\lambda w^{2} - y x) = 0.75$$\n",
            [],
        ),
    ],
)
def test_superscripts_that_label_or_number_are_not_powers(text, flagged):
    assert [line for line, status, *_ in steps_of(text) if status == "wrong"] == flagged


def test_a_wrong_difference_of_labelled_multipliers_is_flagged():
    text = (
        "Let $\\alpha_1 = 0$, $\\alpha_2 = 0$, $y_1 = 1$, $y_2 = 1$, $E_1 = 1$, $E_2 = -1$, $\\eta = 2$.\n"
        "$$\\alpha_2^{new} = \\alpha_2 + \\frac{y_2 (E_1 - E_2)}{\\eta} = 0 + \\frac{2}{2} = 1$$\n"
        "$$\\alpha_1^{new} = \\alpha_1 + y_1 y_2 (\\alpha_2 - \\alpha_2^{new}) = 0 + (0 - 1) = -1$$\n"
        "The two new multipliers are equal:\n$$\\alpha_1^{new} - \\alpha_2^{new} = RESULT$$\n"
    )
    assert [(line, status) for line, status, *_ in steps_of(text.replace("RESULT", "1 - 1 = 0")) if status == "wrong"] == [(5, "wrong")]
    assert [status for _, status, *_ in steps_of(text.replace("RESULT", "-1 - 1 = -2"))].count("wrong") == 0


@pytest.mark.parametrize(
    "text",
    [
        # F2: a definition with a density at x is no product p_data times x
        "Write $a = p_{data}(x)$ for the data density at $x$.\n$$\\frac{d}{dx} \\log a = \\frac{1}{x}$$\n",
        # F3: the optimal discriminator depends on x
        "$$D^*(x) = \\frac{p_{data}(x)}{p_{data}(x) + p_g(x)}$$\n$$D^*(2x) = D^*(x)$$\n",
        # F4: p_g(2x) beside p_g(x) on the other side is read with the call too
        "$$\\log p_g(2x) = \\log 2 + \\log p_g(x)$$\n",
    ],
)
def test_densities_at_a_point_are_not_products_in_documents(text):
    assert [status for _, status, *_ in steps_of(text) if status == "ok"] == []


def test_equiv_reads_a_density_at_another_point_both_ways():
    from derivax.equiv import equivalent

    key = r"\frac{p_{data}(x)}{p_{data}(x) + p_g(x)}"
    assert equivalent(key, r"\frac{p_{data}(2x)}{p_{data}(2x) + p_g(2x)}")["verdict"] != "equivalent"
    assert equivalent(r"\log p_g(x)", r"\log p_g(2x) - \log 2")["verdict"] != "equivalent"
    assert equivalent(key, key)["verdict"] == "equivalent"  # twin: the same answer still is


HINGE = r"""Let $h(m) = \max(0, 1 - m)$.

For $m < 1$ the hinge is active:

$$h(m) = 1 - m$$

SECOND

$$h(m) = VALUE$$

$$h'(m) = SLOPE$$
"""


def test_an_equation_that_holds_in_one_case_is_no_new_definition():
    # F6: the inactive branch written as the active one is not ok; F7: the right slope 0 is not flagged
    wrong = steps_of(
        HINGE.replace("SECOND", "Otherwise the point is outside the margin and").replace("VALUE", "1 - m").replace("SLOPE", "-1")
    )
    assert [status for line, status, *_ in wrong if line > 6] != ["ok", "ok"] and all(s != "ok" for line, s, *_ in wrong if line > 6)
    right = steps_of(
        HINGE.replace("SECOND", "For $m \\ge 1$ the point is outside the margin and").replace("VALUE", "0").replace("SLOPE", "0")
    )
    assert [status for _, status, *_ in right if status == "wrong"] == []
    assert [status for line, status, *_ in right if line == 5] == ["ok"]


def test_a_general_claim_after_an_example_does_not_use_the_examples_values():
    # F8: "In general, for any $p, r > 0$" frees p and r for the sentence, over both of its displays
    text = (
        "Let $p = 1$ and $r = 1$ in the example. Then\n$$k = \\frac{p}{p + r} = 0.5$$\n"
        "In general, for any $p, r > 0$, the posterior variance is half the prior:\n$$\\frac{p r}{p + r} = \\frac{p}{2}$$\n"
        "and the gain never exceeds one half:\n$$\\frac{p}{p + r} \\le \\frac{1}{2}$$\n"
    )
    assert [status for line, status, *_ in steps_of(text) if line >= 4] == ["undecided", "undecided"]
    assert [status for line, status, *_ in steps_of(text) if line == 2] == ["given", "ok"]  # twin: the example itself is judged
    other = "Let $p = 1$ and $r = 1$. Then\n$$k = \\frac{p}{p + r} = 0.5$$\nFor arbitrary positive $p$ and $r$,\n"
    other += "$$\\frac{p}{p + r} \\le \\frac{1}{2}$$\n"
    assert [status for line, status, *_ in steps_of(other) if line == 4] == ["undecided"]


# --- probe helper-201 (RNN, BPTT, convolution shapes) ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("relation", "not_this"),
    [
        # F1: short decimals are data, and a power of ten on the right an order of magnitude: never confirmed far off
        (r"0.9^{100} \approx 10^{-3}", "confirmed"),
        (r"0.5^{20} \approx 10^{-9}", "confirmed"),
        (r"0.0005 \cdot 0.1 \approx 10^{-6}", "confirmed"),
        # review helper-203 R8: within a factor 10 it is "of the order of", never refuted
        (r"0.8^{100} \approx 10^{-10}", "refuted"),
        (r"0.9^{100} \approx 10^{-5}", "refuted"),
        (r"0.5^{20} \approx 10^{-6}", "refuted"),
    ],
)
def test_an_order_of_magnitude_is_judged_as_one(relation, not_this):
    assert verdict_of(relation) != not_this


def test_an_order_of_magnitude_far_off_is_refuted_and_a_close_one_confirmed():
    assert verdict_of(r"0.5^{20} \approx 10^{-9}") == "refuted"
    assert verdict_of(r"0.5^{20} \approx 10^{-6}") == "confirmed"
    assert verdict_of(r"0.9^{100} \approx 2.7 \times 10^{-5}") == "confirmed"


@pytest.mark.parametrize("cue", ["That is, the loss vanishes at the optimum:", "Computing it at the optimum instead,"])
def test_a_value_at_another_point_after_that_is_is_not_a_claim(cue):
    # review helper-203 R9: "That is," and "Computing it" were read as the formula's value (withdrawn: 201 F2 left)
    text = f"The weight after training is\n$$w = 5$$\nand the loss is\n$$L = (w - 2)^2$$\n{cue}\n$$L = 0$$\n"
    assert [status for line, status, *_ in steps_of(text) if line == 6] != ["wrong"]


@pytest.mark.parametrize(
    "sentence",
    [
        # F3: sign words that state no sign
        "Let the recurrent weight $w$ be a positive or a negative number. Then",
        "Let $w$ be positive, negative or zero. Then",
        "The recurrent weight $w$ is positive only for an excitatory unit. Then",
        "The weight $w$ is positive at initialisation. Then",
        "Initially $w$ is positive, but training can make it negative. Then",
        "Let $w$ be a positive example. Then",
        "Let $w$ be positively correlated with the input. Then",
        # F4: conditions the words deny or set aside
        "For a trained RNN we cannot assume $w > 0$. Hence",
        "We must not assume $w > 0$. Hence",
        "There is no reason to expect $w > 0$. Hence",
        "Nothing guarantees $w > 0$. Hence",
        "It is not true in general that $w > 0$, so",
        "Unlike the case $w > 0$, here",
    ],
)
def test_words_that_state_no_sign_or_deny_a_condition_assume_nothing(sentence):
    assert [status for _, status, *_ in steps_of(f"{sentence}\n$$|w| = w$$\n") if status == "ok"] == []


@pytest.mark.parametrize("sentence", ["Let $w$ be positive. Then", "For positive $w$,", "Assume $w > 0$. Hence", "We have $w > 0$, hence"])
def test_words_that_state_a_sign_still_do(sentence):  # twins of the above
    assert "ok" in [status for _, status, *_ in steps_of(f"{sentence}\n$$|w| = w$$\n")]


CLIPPING = r"""Let the threshold be $c = 5$ and let $r = 8$ be the gradient norm. The clipped norm is
$$\min\left(1, \frac{c}{r}\right) r = 5$$
With a threshold of $c = 10$ instead, nothing changes:
$$\min\left(1, \frac{c}{r}\right) r = RESULT$$
"""


def test_a_number_the_prose_gives_a_name_later_replaces_its_value():
    # F7: judged with c = 10 from the sentence before it, not the first c = 5
    assert [status for line, status, *_ in steps_of(CLIPPING.replace("RESULT", "8")) if line == 4] == ["ok"]
    assert [status for line, status, *_ in steps_of(CLIPPING.replace("RESULT", "5")) if line == 4] != ["ok"]  # twin


def test_a_function_named_e_is_not_eulers_number():
    # 202 F9: e(k) = (1-k)^2 p + k^2 r, the error variance of a gain k; its value at the optimum was wrong as e times it
    text = "Let $p > 0$ and $r > 0$. The error variance with gain $k$ is\n$$e(k) = (1-k)^2 p + k^2 r$$\nAt the optimum,\n"
    text += "$$e\\left(\\frac{p}{p+r}\\right) = \\frac{r^2 p + p^2 r}{(p+r)^2} = RESULT$$\n"
    assert [status for _, status, *_ in steps_of(text.replace("RESULT", "\\frac{p r}{p + r}")) if status == "wrong"] == []
    assert "wrong" in [status for _, status, *_ in steps_of(text.replace("RESULT", "\\frac{p r}{p + 2r}"))]  # twin


def test_positive_integers_are_integers_too():
    # 201 F9: "positive integers" kept the sign and dropped the kind; a right shape identity was refuted at s = 0.5
    text = "Let $n$ and $s$ be positive KIND. The output size is\n"
    text += "$$\\left\\lfloor \\frac{n-1}{s} \\right\\rfloor + 1 = \\left\\lceil \\frac{n}{s} \\right\\rceil$$\n"
    assert [status for _, status, *_ in steps_of(text.replace("KIND", "integers"))] == ["ok"]
    assert [status for _, status, *_ in steps_of(text.replace("KIND", "reals"))] != ["ok"]  # twin: not for real n, s


ROUNDED = r"""Let $w = 0.5$, $u = 2$, $h_0 = 1$ and $x_1 = 0.25$.
$$h_1 = \tanh(w h_0 + u x_1) = 0.76$$
$$1 - h_1^2 = 1 - PUT^2 = 0.42$$
"""


def test_the_documents_own_rounded_value_put_in_is_not_flagged():
    # 201 F8, 202 F13: 0.76 is tanh(1) to its digits; 1 - 0.76^2 carries its rounding
    assert [status for _, status, *_ in steps_of(ROUNDED.replace("PUT", "0.76")) if status == "wrong"] == []
    assert [line for line, status, *_ in steps_of(ROUNDED.replace("PUT", "0.66")) if status == "wrong"] == [3, 3]  # twin


def test_an_order_said_in_words_keeps_a_failure_it_may_rule_out_from_being_flagged():
    # 201 F10: "less than one in absolute value" is not read; w = 2 breaks it
    step = "$$w^4 + w^2 = w^2(w^2 + 1) \\le 2w^2$$\n"
    assert "wrong" not in [s for _, s, *_ in steps_of("Let $w$ be less than one in absolute value. Then\n" + step)]
    assert "wrong" in [s for _, s, *_ in steps_of("Let $w$ be a real weight. Then\n" + step)]  # twin
