"""Session 59: each fix with its twin (probe helpers 186-188 and what session 58 left)."""

from __future__ import annotations

import itertools
import json

import pytest
import yaml

from derivax.cli import main
from derivax.latex import LatexError, parse, parse_assumption
from tests.judged import steps_of, verdict_of

_steps, _check = steps_of, verdict_of  # (tests/judged.py: as derivax steps and derivax check read their inputs)


# --- exit statuses a CI gate reads (probe helper-182 F1, F17) -------------------------------------------------------


def test_equiv_batch_exits_1_where_a_pair_differs_and_0_where_every_pair_is_as_expected(tmp_path, capsys):
    pairs = [
        {"id": "same", "key": "(x+1)^2", "answer": "x^2 + 2x + 1"},
        {"id": "slip", "key": "(x+1)^2", "answer": "x^2 + 1"},
    ]
    path = tmp_path / "pairs.yaml"
    path.write_text(yaml.safe_dump(pairs))
    assert main(["equiv", "--batch", str(path), "--jobs", "0"]) == 1
    captured = capsys.readouterr()
    assert "slip: different" in captured.out and "1 of 2 pairs not as expected" in captured.err and "slip" in captured.err
    # the twin: the near miss is expected to differ (a regression table), so the batch passes
    pairs[1]["expected"] = "different"
    path.write_text(yaml.safe_dump(pairs))
    assert main(["equiv", "--batch", str(path), "--jobs", "0", "--json"]) == 0
    results = json.loads(capsys.readouterr().out)["results"]
    assert [r["as_expected"] for r in results] == [True, True]


def test_equiv_batch_a_bad_pair_or_a_bad_expected_fails_the_batch(tmp_path, capsys):
    path = tmp_path / "pairs.yaml"
    path.write_text(yaml.safe_dump([{"id": "a", "key": "x", "answer": "x"}, 17, {"id": "b", "key": "x", "answer": "x", "expected": "yes"}]))
    assert main(["equiv", "--batch", str(path), "--jobs", "0", "--json"]) == 1
    results = json.loads(capsys.readouterr().out)["results"]
    assert [r["verdict"] for r in results] == ["equivalent", "undecided", "undecided"]
    assert "expected must be one of equivalent, different, undecided" in results[2]["reason"]


def test_equiv_batch_a_misspelt_field_is_a_bad_pair(tmp_path, capsys):
    path = tmp_path / "pairs.yaml"
    path.write_text(yaml.safe_dump([{"id": "a", "key": "|x|", "answer": "x", "assumes": ["x > 0"]}]))
    assert main(["equiv", "--batch", str(path), "--jobs", "0", "--json"]) == 1
    (result,) = json.loads(capsys.readouterr().out)["results"]
    assert result["verdict"] == "undecided" and "unknown field 'assumes'" in result["reason"]  # "different" before


def test_junit_counts_a_document_not_read_as_a_failure(tmp_path, capsys):
    import xml.etree.ElementTree as ElementTree

    unread, right = tmp_path / "bin.md", tmp_path / "right.md"
    unread.write_bytes(b"\xff\xfe\x00bad")
    right.write_text("$$1 + 1 = 2$$\n")
    assert main(["steps", str(unread), str(right), "--format", "junit"]) == 1
    suites = ElementTree.fromstring(capsys.readouterr().out)
    failures = {suite.get("name").rsplit("/", 1)[-1]: suite.get("failures") for suite in suites}
    assert failures == {"bin.md": "1", "right.md": "0"}  # the report agrees with the exit status (0 failures before)


def test_steps_a_document_cut_short_by_its_time_limit_is_not_passed(tmp_path, capsys, monkeypatch):
    import derivax.steps

    clock = itertools.count(0, 100)  # every reading of the clock is 100 s later: the limit runs out after the first step
    monkeypatch.setattr(derivax.steps.time, "monotonic", lambda: next(clock))
    doc = tmp_path / "slow.md"
    doc.write_text("$$ 1 + 1 = 2 $$\n\n$$ 2 + 2 = 4 $$\n\n$$ 3 + 3 = 6 $$\n")
    assert main(["steps", str(doc), "--document-timeout", "150"]) == 1
    err = capsys.readouterr().err
    assert "steps not judged: the document's time limit of 150 s ran out" in err
    monkeypatch.setattr(derivax.steps.time, "monotonic", lambda: 0.0)  # the twin: in time, every step judged
    assert main(["steps", str(doc), "--document-timeout", "150"]) == 0


# --- T bounding a product is a number: a bracket to the power T (probe helper-180 F2) --------------------------------


def test_a_bracket_to_the_power_of_a_products_bound_is_a_power():
    bound = parse(r"\left|\prod_{t=1}^{T} w \sigma^{\prime}(z_t)\right| \le \left(\frac{|w|}{4}\right)^T")
    assert str(bound.expr.rhs) == "(Abs(w)/4)**T"
    # the twin: an entry's transpose followed by a vector stays a transpose
    assert "transpose" in str(parse(r"\prod_{t=1}^{T} (W h_t)^T x = 1").expr.lhs)


def test_the_vanishing_gradient_bound_with_too_small_a_constant_is_refuted():
    assert _check(r"\left|\prod_{t=1}^{T} w \sigma^{\prime}(z_t)\right| \le \left(\frac{|w|}{5}\right)^T") == "refuted"  # T = 1, z = 0


# --- a formula's value after "Plugging in the numbers," is a claim about that formula (probe helper-183 F22) ---------

_SCORES = "Let $s_1 = 1$ and $s_2 = 2$.\n\n$$\\alpha_1 = \\frac{e^{s_1}}{e^{s_1} + e^{s_2}}$$\n\n{words}\n\n$$\\alpha_1 = {value}$$\n"


@pytest.mark.parametrize("words", ["Plugging in the numbers,", "So"])
def test_a_formulas_value_stated_after_words_is_checked_against_the_formula(words):
    wrong = _steps(_SCORES.replace("{words}", words).replace("{value}", "0.4"))
    assert wrong[-1][1] == "wrong" and "0.268941, not 0.4" in wrong[-1][4]  # e/(e + e^2) = 0.2689
    right = _steps(_SCORES.replace("{words}", words).replace("{value}", "0.269"))
    assert right[-1][1] == "ok"


@pytest.mark.parametrize(
    "text",
    [
        # the next round of an iteration, said in words with a new value inline: never checked against the old w
        "Let $w = 2$.\n\n$$L = (w - 1)^2$$\n\nAfter one step $w = 1.8$, so\n\n$$L = 0.64$$\n",
        # a name of the formula has no value: p = 0.5 is at some z the words name
        "$$p = \\frac{1}{1 + e^{-z}}$$\n\nSo at the origin\n\n$$p = 0.5$$\n",
        # no words between: the next value (an iteration), as before
        "Let $w = 2$.\n\n$$L = (w - 1)^2$$\n\nAfter one step of gradient descent,\n\n$$L = 0.64$$\n",
    ],
)
def test_a_value_that_may_belong_to_other_values_of_the_names_is_not_flagged(text):
    assert _steps(text)[-1][1] in ("given", "undecided")


# --- two quantities defined through each other are a system of equations (probe helper-186 F1) -----------------------

_BELLMAN = """Two states, $\\gamma = 0.9$.

$$V_1 = 1 + 0.9 V_2$$
$$V_2 = 2 + 0.9 V_1$$

Substituting the second into the first:

$$V_1 = 1 + 0.9(2 + 0.9 V_1) = 1 + 1.8 + 0.81 V_1 = 2.8 + 0.81 V_1$$
"""


def test_a_bellman_system_solved_by_substitution_is_never_wrong():
    results = _steps(_BELLMAN)
    assert all(status != "wrong" for _, status, *_ in results), results
    assert [status for _, status, left, *_ in results if left.startswith("1 + ")] == ["ok", "ok"]


def test_a_slip_in_solving_the_bellman_system_is_still_wrong():
    results = _steps(_BELLMAN.replace("= 1 + 1.8 + 0.81 V_1", "= 1 + 1.8 + 0.9 V_1"))
    assert ("wrong", "1 + 0.9(2 + 0.9 V_1)") in [(status, left) for _, status, left, *_ in results]


# --- a range as written never runs backwards (probe helper-186 F11) --------------------------------------------------


def test_a_sum_whose_ends_hold_two_symbols_is_never_refuted_where_it_runs_backwards():
    assert _check(r"\sum_{k=t+1}^{T-1} \gamma^{k-t-1} \ge 0", r"0 < \gamma < 1") == "confirmed"  # T = t = 1 gave -2
    assert _check(r"\sum_{k=t+1}^{T-1} \gamma^{k-t-1} \ge 1", r"0 < \gamma < 1") == "refuted"  # the empty sum, T = t + 1


# --- a definition's body is judged where it is defined (probe helper-187 F1) ----------------------------------------


def test_a_derivative_of_a_defined_log_is_judged_where_the_log_is_defined():
    text = "The log-likelihood is\n\n$$\\ell(\\theta) = \\log\\theta$$\n\nIts derivative is\n\n$$\\ell'(\\theta) = {right}$$\n"
    assert _steps(text.replace("{right}", "\\frac{1}{|\\theta|}"))[-1][1] == "ok"  # wrong at theta = -1 before
    wrong = _steps(text.replace("{right}", "\\frac{1}{\\theta^2}"))[-1]
    assert wrong[1] == "wrong" and "theta=-" not in wrong[4]  # its witness where the log is a number


# --- \pi with a subscript is a name: a policy, a mixture weight (probe helper-186 F7) --------------------------------


@pytest.mark.parametrize(
    ("relation", "verdict"),
    [
        (r"2\pi_1 = \pi_1 + \pi_1", "proved"),
        (r"2\pi_1 = \pi_1 + \pi_2", "refuted"),
        (r"2\pi r = \pi d", "refuted"),  # the circle's constant without a subscript, as before (d = 0, r = 1)
    ],
)
def test_a_subscripted_pi_is_a_name(relation, verdict):
    assert _check(relation) == verdict


def test_the_softmax_policy_score_is_judged_with_pi_defined():
    text = (
        "Let $\\pi_1 = \\frac{e^{\\theta_1}}{e^{\\theta_1} + e^{\\theta_2}}$ and "
        "$\\pi_2 = \\frac{e^{\\theta_2}}{e^{\\theta_1} + e^{\\theta_2}}$.\n\n"
        "$$\\frac{\\partial}{\\partial \\theta_1} \\log \\pi_2 = {right}$$\n"
    )
    assert _steps(text.replace("{right}", "-\\pi_1"))[-1][1] == "ok"
    assert _steps(text.replace("{right}", "-\\pi_2"))[-1][1] == "wrong"


# --- a number worked out from rounded decimals is not refuted within their rounding (probe helper-188 F10; review R1-R3) --


@pytest.mark.parametrize(
    ("relation", "verdict"),
    [
        (r"\frac{-1}{\sqrt{0.667}} = -1.2247", "undecided"),  # -1/sqrt(2/3) to its digits, 0.667 the rounded 2/3: wrong before
        (r"0.5 \cdot 0.667 = 0.3333", "undecided"),
        (r"0.5 \cdot 0.667 = 0.3350", "refuted"),  # past the rounding 0.667 carries (0.3335 +- 0.00025)
        (r"\frac{-1}{\sqrt{0.667}} = -1.2300", "refuted"),
        (r"0.5 \cdot 3 = 1.6", "undecided"),  # short decimals are data: to the digits of 1.6, as before
        # exact data is never confirmed by a carried rounding (review helper-190 R1-R3, R12): these were confirmed
        (r"1000 + 0.125 = 1003.1", "refuted"),
        (r"0.125 \cdot 8 = 1.003", "refuted"),
        (r"\sqrt{0.125} = 0.3545", "refuted"),
        (r"1 - 0.125 = 0.878", "refuted"),
    ],
)
def test_rounding_carried_beside_a_stated_number(relation, verdict):
    assert _check(relation) == verdict


# --- a derivative by a subscripted sigma, and by its square (probe helper-188 F6) -------------------------------------

_BY_VARIANCE = r"\frac{\partial}{\partial \sigma_B^2}\frac{x - \mu_B}{\sqrt{\sigma_B^2 + \epsilon}} = "

_BY_VARIANCE = r"\frac{\partial}{\partial \sigma_B^2}\frac{x - \mu_B}{\sqrt{\sigma_B^2 + \epsilon}} = "


@pytest.mark.parametrize(
    ("relation", "verdict"),
    [
        (r"\frac{\partial}{\partial \sigma_B} \sigma_B^2 = 2\sigma_B", "proved"),
        (r"\frac{\partial}{\partial \sigma_B} \sigma_B^2 = \sigma_B", "refuted"),
        # the batch-norm paper's d/d sigma_B^2, by the chain rule: (d/d sigma_B) / (2 sigma_B)
        (_BY_VARIANCE + r"-\frac{1}{2}(x - \mu_B)(\sigma_B^2 + \epsilon)^{-3/2}", "proved"),
        (_BY_VARIANCE + r"-(x - \mu_B)(\sigma_B^2 + \epsilon)^{-3/2}", "refuted"),
    ],
)
def test_a_derivative_by_a_subscripted_sigma(relation, verdict):
    assert _check(relation) == verdict


def test_a_derivative_by_a_latin_entrys_square_is_still_refused():
    with pytest.raises(LatexError, match="a derivative by w_1\\^2"):
        parse(r"\frac{d}{d w_1^2} w_1^4 = 2 w_1^2")


# --- an edge hunt that meets no real value does not end the check (probe helper-188 F7) ------------------------------


def test_the_glorot_bound_rewritten_is_checked_where_it_is_defined():
    assert _check(r"\sqrt{\frac{6}{n_{in} + n_{out}}} = \frac{\sqrt 6}{\sqrt{n_{in} + n_{out}}}") == "confirmed"  # a TypeError before
    assert _check(r"\sqrt{\frac{6}{a + b}} = \frac{\sqrt 6}{\sqrt{a - b}}") == "refuted"


# --- a function defined "for $0 < p < 1$" is defined on that domain (probe helper-187 F2) ---------------------------

_ENTROPY = (
    "Let $H(p) = -p\\log p - (1-p)\\log(1-p)$ for $0 < p < 1$. Then\n\n"
    "$$H'(p) = -\\log p - 1 + \\log(1-p) + 1 = \\log\\frac{1-p}{p}$$\n\n"
    "and\n\n$$H''(p) = {second}$$\n"
)


def test_a_definition_on_its_domain_is_used():
    results = _steps(_ENTROPY.replace("{second}", "-\\frac{1}{p} - \\frac{1}{1-p}"))
    assert [status for _, status, *_ in results] == ["ok", "ok", "ok"]  # H' and H'' were "defined elsewhere"
    slip = _steps(_ENTROPY.replace("{second}", "-\\frac{1}{p} + \\frac{1}{1-p}"))
    assert slip[-1][1] == "wrong"


def test_one_piece_of_a_piecewise_definition_defines_nothing():
    text = "Let $f(x) = x$ for $0 < x < 1$ and $f(x) = 0$ otherwise.\n\n$$f'(x) = 1$$\n"
    assert _steps(text)[-1][1] != "ok"


# --- a claim about sums that first fails past n = 6 is not confirmed (probe helper-188 F25) ---------------------------


@pytest.mark.parametrize(
    "relation",
    [
        r"\left(\sum_{i=1}^n x_i\right)^2 \le 6\sum_{i=1}^n x_i^2",  # 49 > 42 at n = 7, every x_i = 1
        r"\sum_{i=1}^n x_i = \sum_{i=1}^n x_i + (n-1)(n-2)(n-3)(n-4)(n-5)(n-6)",
    ],
)
def test_a_sum_claim_failing_beyond_the_sizes_instantiated_is_not_confirmed(relation):
    assert _check(relation) != "confirmed"


def test_the_cauchy_schwarz_bound_with_n_is_still_confirmed():
    assert _check(r"\left(\sum_{i=1}^n x_i\right)^2 \le n\sum_{i=1}^n x_i^2") == "confirmed"


# --- a restatement after X = A <= B; a right line after a slip (probe helper-187 F15, F17) ----------------------------


def test_a_value_bounded_is_no_value_to_restate():
    text = "$$H = -p\\log p - (1-p)\\log(1-p) \\le \\log 2$$\n\n$$H = \\log 2$$\n"
    results = _steps(text)
    assert ("ok", "\\log 2", "\\log 2") not in [(status, left, right) for _, status, left, right, _ in results]
    assert [status for line, status, left, *_ in results if line == 3 and left != "H"] == ["undecided"]  # A = log 2: p unknown


def test_a_right_line_after_a_slip_is_not_charged_with_it():
    text = "$$H = -\\frac{1}{2}\\log\\frac{1}{2} - \\frac{1}{2}\\log\\frac{1}{2}$$\n\n$$H = \\frac{1}{2}\\log 2$$\n\n$$H = {third}$$\n"
    right = [(status, message) for _, status, left, _, message in _steps(text.replace("{third}", "\\log 2")) if left != "H"]
    assert [status for status, _ in right] == ["wrong", "ok"] and "which this line corrects" in right[1][1]
    # the twin: a third value that is neither the slip's nor the one before it is a slip of its own
    other = [status for _, status, left, *_ in _steps(text.replace("{third}", "2\\log 2")) if left != "H"]
    assert other == ["wrong", "wrong"]


# --- \log \sigma_2/\sigma_1 and \log_2 1/p have the quotient as a second reading (probe helper-187 F20) ---------------


@pytest.mark.parametrize(
    ("relation", "verdict"),
    [
        (r"\log \sigma_2/\sigma_1 = \log \sigma_2 - \log \sigma_1", "undecided"),  # the readings disagree: never refuted
        (r"\log_2 1/p = -\log_2 p", "undecided"),
        (r"\log \sigma_2/\sigma_1 = 2\log \sigma_2 - \log \sigma_1", "refuted"),  # false in both readings
    ],
)
def test_a_function_of_a_subscripted_quotient_has_both_readings(relation, verdict):
    assert _check(relation) == verdict


# --- a policy's notation: \pi^*, d^\pi(s), V^\pi, \pi(\hat a), \pi^{k+1}(s) (probe helper-186 F21, F22, F29, F30, F37) --


@pytest.mark.parametrize(
    ("text", "read"),
    [
        (r"\pi^*(s) \ge 0", "pi__star(s) >= 0"),
        (r"d^\pi(s) \le 1", "d__pi(s) <= 1"),
        (r"\rho^\pi(s) \le 1", "rho__pi(s) <= 1"),
        (r"V^\pi \ge 0", "V__pi >= 0"),
        (r"x^\pi = x^{\pi}", "Eq(x**pi, x**pi)"),  # a lowercase letter with nothing after it: the power, as before
        (r"e^\pi > 23", "exp(pi) > 23"),
    ],
)
def test_a_policys_labels_are_names(text, read):
    assert str(parse(text).expr) == read


@pytest.mark.parametrize(
    "relation",
    [
        r"\pi^*(s_1) + \pi^*(s_2) = \pi^*(s_1 + s_2)",  # proved with pi^* a product before
        r"V^\pi \ge 0",  # proved as a power of pi before; a value may be negative
        r"d^\pi(s) \ge -1",
    ],
)
def test_no_claim_about_a_policy_is_proved_from_a_power_of_pi(relation):
    assert _check(relation) not in ("proved", "confirmed")


@pytest.mark.parametrize("text", [r"\pi(a^*) \le 1", r"\pi(\hat{a}) \le 1", r"\pi(\tilde a) \ge 0", r"\pi^{k+1}(s) \ge 0"])
def test_pi_before_one_decorated_name_or_as_an_iterate_is_refused(text):
    with pytest.raises(LatexError, match="policy"):
        parse(text)


# --- \gamma^{\infty} is the limit of the powers; max of an inner product is read (probe helpers 186 F43, 188 F20) ------


def test_a_power_to_infinity_is_the_limit_of_the_powers():
    assert _check(r"\gamma^{\infty} = 0", r"0 < \gamma < 1") == "confirmed"  # refuted "not real" at gamma = 0.5 before
    assert _check(r"\gamma^{\infty} = 1", r"0 < \gamma < 1") == "refuted"


@pytest.mark.parametrize("text", [r"\max(0, 1 - y w^T x) \ge 0", r"\operatorname{ReLU}(w^T x) \ge 0"])
def test_the_hinge_loss_and_relu_of_an_inner_product_are_read(text):
    assert "max_of" in str(parse(text).expr)  # a parse error before ("not comparable")
    assert _check(text) == "undecided"


# --- an assumed family is put into an infinite sum's entries (probe helper-186 F33) ---------------------------------


@pytest.mark.parametrize(
    ("relation", "verdict"),
    [
        (r"\sum_{t=1}^\infty \alpha_t^2 < \infty", "proved"),  # refuted at alpha[t] = 1 before, a family the assumption rules out
        (r"\sum_{t=1}^\infty \alpha_t = \infty", "proved"),
        (r"\sum_{t=1}^\infty \alpha_t < \infty", "refuted"),  # the harmonic series diverges
    ],
)
def test_robbins_monro_conditions_under_an_assumed_step_size(relation, verdict):
    assert _check(relation, r"\alpha_t = \frac{1}{t}") == verdict


def test_a_bound_on_a_familys_entries_keeps_a_drawn_family_from_refuting():
    assert _check(r"\sum_{t=1}^\infty \alpha_t = \infty", r"0 < \alpha_t \le 1") == "undecided"  # drawn alpha[t] = 0 broke it


# --- \pi named a quantity in words (probe helper-187 F10) ------------------------------------------------------------

_POSTERIOR = (
    "Let $p = 0.01$, $s = 0.99$ and $f = 0.05$, and let $\\pi$ denote the posterior probability of disease.\n\n"
    "$$\\pi = \\frac{sp}{sp + f(1-p)} = \\frac{0.99 \\cdot 0.01}{0.99 \\cdot 0.01 + {fp}} = \\frac{1}{6}$$\n"
)


def test_pi_named_the_posterior_in_words_is_that_quantity():
    right = _steps(_POSTERIOR.replace("{fp}", "0.05 \\cdot 0.99"))
    assert [status for _, status, *_ in right] == ["given", "ok", "ok"]  # wrong against 3.14159 before
    slip = _steps(_POSTERIOR.replace("{fp}", "0.5 \\cdot 0.99"))
    assert [status for _, status, *_ in slip][:2] == ["given", "wrong"]


def test_pi_stays_the_circles_constant_without_such_words():
    assert _steps("The area is\n\n$$A = \\pi r^2$$\n\nwith $r = 1$, so $$A = 3.14$$\n")[-1][1] != "wrong"


# --- a derivative by an accented family's entry, \hat{y}_i (probe helper-188 F1) -------------------------------------

_MSE = r"\frac{\partial}{\partial \hat{y}_i}\frac{1}{n}\sum_{j=1}^n (\hat{y}_j - y_j)^2 = "


@pytest.mark.parametrize(
    ("right", "verdict"), [(r"\frac{2}{n}(\hat{y}_i - y_i)", "confirmed"), (r"\frac{1}{n}(\hat{y}_i - y_i)", "refuted")]
)
def test_the_mse_gradient_by_an_accented_entry(right, verdict):
    assert _check(_MSE + right) == verdict  # "the index i is free on one side only" before


# --- a count that fails as the number of terms too rescues nothing (probe helper-188 F9) ------------------------------


@pytest.mark.parametrize(
    ("relation", "verdict"),
    [
        (r"\frac{\partial}{\partial w_j}\frac{\lambda}{2n}\sum_k w_k^2 = \frac{\lambda}{2n} w_j", "refuted"),  # 2 too few
        (r"\frac{\partial}{\partial w_j}\frac{\lambda}{2n}\sum_k w_k^2 = \frac{\lambda}{n} w_j", "confirmed"),
        (r"\sum_k 1 = n", "undecided"),  # true where n is the number of terms: never flagged
    ],
)
def test_a_count_beside_an_unstated_range(relation, verdict):
    assert _check(relation) == verdict


# --- a declared moment dropped by a step is flagged (probe helper-188 F3) --------------------------------------------

_HE = (
    "Let $w$ and $x$ be independent random variables, where $w$ has mean $0$ and variance $s$, and $x$ has mean $a$ "
    "and variance $v$.\n\n$$\\operatorname{Var}(w x) = \\mathbb{E}[w^2]\\mathbb{E}[x^2] - \\mathbb{E}[w]^2\\mathbb{E}[x]^2 = {right}$$\n"
)


def test_the_he_init_slip_that_drops_the_inputs_mean_is_wrong():
    assert [status for _, status, *_ in _steps(_HE.replace("{right}", "s v"))] == ["ok", "wrong"]  # s(v + a^2), not s v
    assert [status for _, status, *_ in _steps(_HE.replace("{right}", "s(v + a^2)"))] == ["ok", "ok"]


# --- a start value reassigned by later sweeps no longer rules out a counterexample (probe helper-186 F10) --------------

_SWEEPS = """Let $\\gamma = 0.5$, $v_1 = 0$ and $v_2 = 0$.

$$v_1 = 2 + \\gamma v_2 = 2 + 0.5 \\cdot 0 = 2$$
$$v_2 = 4 + \\gamma v_1 = 4 + 0.5 \\cdot 2 = 5$$

The fixed point solves $v_1 = 2 + 0.5 v_2$, $v_2 = 4 + 0.5 v_1$:

$$v_1 = 2 + 0.5(4 + 0.5 v_1) = 4 + 0.25 v_1 \\Rightarrow v_1 = {value}$$
"""


def test_a_wrong_fixed_point_after_sweeps_is_wrong():
    assert _steps(_SWEEPS.replace("{value}", "8"))[-1][1] == "wrong"  # v_1 = 16/3; "breaks v_1 = 0 (line 1)" before
    assert _steps(_SWEEPS.replace("{value}", "\\frac{16}{3}"))[-1][1] == "ok"


# --- a value assumed for a name is the point the check takes (probe helper-186 F18) ----------------------------------


@pytest.mark.parametrize(
    ("relation", "assume", "verdict"),
    [
        (r"\gamma^2 = 0.81", r"\gamma = 0.9", "confirmed"),  # "only 0 points where both sides are defined" before
        (r"x^2 = \frac{81}{100}", r"x = \frac{9}{10}", "confirmed"),
        (r"x^2 = \frac{80}{100}", r"x = \frac{9}{10}", "refuted"),
    ],
)
def test_a_name_assumed_equal_to_a_number(relation, assume, verdict):
    assert _check(relation, assume) == verdict


# --- every value a "Let" sentence lists is learnt (probe helper-187 F11) -------------------------------------------


def test_a_value_listed_after_a_comma_in_a_let_sentence_is_learnt():
    text = (
        "Let $p = 0.01$ be the prevalence, $s = 0.99$ the sensitivity and $f = 0.05$ the false positive rate.\n\n"
        "$$P = \\frac{sp}{sp + f(1-p)} = \\frac{0.99 \\cdot 0.01}{0.99 \\cdot 0.01 + {fp}}$$\n"
    )
    assert _steps(text.replace("{fp}", "0.05 \\cdot 0.99"))[-1][1] == "ok"
    assert _steps(text.replace("{fp}", "0.05 \\cdot 0.01"))[-1][1] == "wrong"  # s on one side only before


# --- a term with its own sum over the index is no part of the sum before it (probe helper-187 F21) --------------------


def test_the_bernoulli_log_likelihood_has_one_reading():
    relation = (
        r"\sum_{i=1}^n x_i\log p + \left(n - \sum_{i=1}^n x_i\right)\log(1-p) = "
        r"\left(\sum_{i=1}^n x_i\right)\log\frac{p}{1-p} + n\log(1-p)"
    )
    assert _check(relation, r"0 < p < 1") == "confirmed"  # undecided "the readings disagree" before
    assert _check(relation.replace("n\\log(1-p)", "\\log(1-p)"), r"0 < p < 1") == "refuted"


def test_an_assumption_on_entries_changes_nothing_where_no_side_is_infinite():
    assert _check(r"\sum_{i=1}^n 2 p_i = 2\sum_{i=1}^n p_i", r"0 < p_i < 1") == "confirmed"


# --- a student not graded carries no score anywhere (probe helper-189 F3) --------------------------------------------


def test_a_student_not_graded_has_no_score_in_results_json_or_feedback(tmp_path):
    from derivax import classview, gradebook, grading
    from derivax.answerkeys import keys_from_file

    key = tmp_path / "key.yaml"
    key.write_text(yaml.safe_dump({"p1": {"answer": "2x", "points": 2}}))
    keys = keys_from_file(key)
    ann = grading.grade_submission(grading.Submission("Ann", {"p1": "x + x"}), keys)
    # a worker stopped at a deadline: the student's grading is lost (a zero was posted for right answers)
    bob = grading.lost_student(grading.Submission("Bob", {"p1": "x + x"}), keys, "the deadline of 0.01 s ran out")
    lost = json.loads(gradebook.gradescope_json(bob))
    assert "score" not in lost and "Not graded" in lost["output"] and all("score" not in t for t in lost["tests"])
    assert "Score: not graded" in gradebook.feedback_markdown(bob)
    assert json.loads(gradebook.gradescope_json(ann))["score"] == 2  # the twin: a graded student keeps hers
    summary = classview.summarise([ann, bob], keys)
    assert list(summary.scores) == [2] and "1 students not graded" in " ".join(summary.notes)


def test_the_steps_page_says_why_a_document_was_not_checked(tmp_path):
    unread, right = tmp_path / "bin.md", tmp_path / "right.md"
    unread.write_bytes(b"\xff\xfe\x00bad")
    right.write_text("$$1 + 1 = 2$$\n")
    out = tmp_path / "pages"
    assert main(["steps", str(unread), str(right), "--format", "html", "--out", str(out)]) == 1
    assert "not checked: not UTF-8" in (out / "bin.html").read_text()  # a bare "unparsed 1" before (probe helper-189 F5)
    assert "not checked" not in (out / "right.html").read_text()


# --- review helper-190: what the change broke, mended --------------------------------------------------------------


@pytest.mark.parametrize(
    ("relation", "assume", "verdict"),
    [
        (r"A^\pi = A^3 A^{\pi - 3}", (), "proved"),  # R4: A^\pi was the label A__pi (refuted)
        (r"R^\pi = e^{\pi \ln R}", (r"R > 0",), "proved"),  # R18
        (r"x^\pi(1+x) = x^\pi + x^{\pi+1}", (), "proved"),  # R5: a power times a bracket, never a call
        (r"x^\pi(1+x) = x^\pi + x^{\pi}", (), "refuted"),
        (r"(A B)^T \sum_{t=1}^T c_t = B^T A^T \sum_{t=1}^T c_t", (), "proved"),  # R11: a bracket of capitals stays transposed
        (r"\sum_{i=1}^n \pi_i \log \pi_i \le 0", (r"0 < \pi_i \le 1",), "confirmed"),  # R14: the entries' condition kept
        (r"x^2 = 2", (r"x = 1.414",), "undecided"),  # R9: an assumed decimal is no rounding to confirm with
    ],
)
def test_review_readings_and_kernel(relation, assume, verdict):
    assert _check(relation, *assume) == verdict


def test_review_a_family_with_a_parameter_put_into_a_series_does_not_crash():
    assert _check(r"\sum_{t=1}^\infty \alpha_t = \infty", r"\alpha_t = \frac{c}{t}", r"c > 0") in ("proved", "confirmed")  # R8
    assert _check(r"\sum_{t=1}^\infty \alpha_t = \infty", r"\alpha_t = \frac{c}{t}") == "refuted"  # at c = 0: the sum is 0


def test_review_pi_named_the_circles_constant_stays_the_constant():
    text = "Let $\\pi$ denote the constant 3.14159..., and let $r = 2$.\n\n$$A = \\pi r^2 = 8\\pi$$\n\n$$\\cos \\pi = 1$$\n"
    assert [status for _, status, *_ in _steps(text)][-1] == "wrong"  # R7: cos(pi) = -1


@pytest.mark.parametrize(("third", "status"), [("5", "ok"), ("7", "wrong")])
def test_review_a_line_after_a_slip_is_judged_with_the_texts_definitions(third, status):
    text = f"Let $a = 2$.\n\n$$X = a^2 + 1$$\n\n$$X = 6$$\n\n$$X = {third}$$\n"
    assert [s for line, s, left, *_ in _steps(text) if line >= 3 and left != "X"][-1] == status  # R10: undecided before


def test_review_a_point_outside_a_definitions_stated_domain_is_not_judged_by_its_formula():
    text = "Let $H(p) = -p\\log p - (1-p)\\log(1-p)$ for $0 < p < 1$.\n\n$$H(0) = 0$$\n\n$$H(0.5) = 2\\log 2$$\n"
    results = _steps(text)
    assert results[0][1] == "undecided"  # R13: H(0) = 0 was wrong by the formula's no value there
    assert "wrong" in [status for _, status, *_ in results[1:]]  # the twin: inside the domain, log 2 is no 2 log 2


def test_an_assumption_that_reads_as_a_false_constant_is_an_input_error():
    with pytest.raises(LatexError, match="which is false"):
        parse_assumption("V^0 = 0")  # V^0 read 1: the check said "only 0 points where both sides are defined" (186 F38)
    assert parse_assumption("V_0 = 0").condition is not None  # the twin: an iterate written with a subscript reads


def test_values_that_lead_the_next_display_do_not_excuse_a_general_slip():
    text = (
        "Let $\\sigma > 0$.\n\n$$K = \\frac{(\\mu_1 - \\mu_2)^2}{2\\sigma^2} = \\frac{(\\mu_1 + \\mu_2)^2}{2\\sigma^2}$$\n\n"
        "For $\\mu_1 = 1$, $\\mu_2 = 0$ and $\\sigma = 1$:\n\n$$K = \\frac{1}{2}$$\n"
    )
    assert [status for line, status, *_ in _steps(text) if line == 3][-1] == "wrong"  # "breaks mu_2 = 0" before (187 F7)
    right = text.replace("(\\mu_1 + \\mu_2)^2}{2", "(\\mu_2 - \\mu_1)^2}{2")
    assert [status for line, status, *_ in _steps(right) if line == 3][-1] == "ok"


# --- review helper-191 -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("relation", "assume", "verdict"),
    [
        (r"J^\pi = e^{\pi \ln J}", r"J > 0", "proved"),  # R1: J bare beside J^\pi: a power, not the label J__pi
        (r"G^\pi \ge 0", r"G > 0", "proved"),  # R1: an assumption names G
        (r"V^\pi \ge 0", r"x > 0", "refuted"),  # the twin: V alone, a policy's value, may be negative
        (r"|\gamma|^{\infty} = 1", r"\gamma < -1", "refuted"),  # R2: |gamma|^k grows; it read 1 at gamma = -1.000000001
    ],
)
def test_second_review_labels_and_limits(relation, assume, verdict):
    assert _check(relation, assume) == verdict


def test_second_review_a_function_restated_at_an_expression_does_not_crash_the_document():
    text = "Let $g(p) = 2p$ for $0 < p < 1$.\n\n$$g(1-p) = 2-2p$$\n\n$$g(1-p) = 2p$$\n\n$$g(0.25) = 0.5$$\n"
    statuses = [status for _, status, *_ in _steps(text)]
    assert "wrong" in statuses and len(statuses) > 1  # R3: "internal error" for the whole document before


def test_second_review_a_divergent_series_of_positive_terms_is_infinite():
    assert _check(r"\sum_{t=1}^\infty \frac{1}{t + b} = \infty", r"b > 0") == "confirmed"  # R6: "diverges" was no value
    assert _check(r"\sum_{t=1}^\infty \frac{1}{t + b} < \infty", r"b > 0") == "refuted"


def test_second_review_pi_named_with_its_entries_leaves_the_bare_pi_the_constant():
    text = (
        "Let $\\pi$ denote the stationary distribution of the chain, with $\\pi_1 = 0.25$ and $\\pi_2 = 0.75$.\n\n"
        "$$\\cos(2\\pi) = {value}$$\n"
    )
    assert _steps(text.replace("{value}", "1"))[-1][1] == "ok"  # R5: undecided with pi a name
    assert _steps(text.replace("{value}", "0"))[-1][1] == "wrong"


def test_second_review_a_line_correcting_a_slip_in_a_sum_is_ok():
    text = "Let $n = 4$.\n\n$$S = \\sum_{i=1}^{n} i$$\n\n$$S = 11$$\n\n$$S = 10$$\n\n$$S = 9$$\n"
    statuses = [(line, status) for line, status, left, *_ in _steps(text) if left != "S"]
    assert statuses == [(3, "wrong"), (3, "ok"), (7, "wrong")] or [s for _, s in statuses] == ["wrong", "ok", "wrong"]  # R8


def test_second_review_a_bound_failing_past_n_24_is_not_confirmed():
    assert _check(r"\sum_{i=1}^n x_i \le 30", r"x_i \le 1") != "confirmed"  # R9: it fails at n = 31
