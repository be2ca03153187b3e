r"""Session 50: false verdicts found by this session's probes and its own review, each with a twin.

- ``\sqrt{-1} = i`` and ``\sqrt{-4} = 2i`` were refuted at i = 0: true of complex numbers, where i is the imaginary
  unit. A constant side without a real value beside a side that names i or j is undecided now (derivax works over
  the reals); beside any other side it is still refuted (``\sqrt{-1} = 2``: no number, real or complex).
- ``\sum_{i=1}^3 i^2 + i = 15 + i`` "could not be valued in time": the free i's value went into the sum's index too
  (``xreplace`` knows no binding). Bound variables that clash with a point's names are renamed first
  (``realeval._bound_apart``); both readings of the sum's body now have values, and the false one is refuted.
- Probe helper-134 (answer keys): a band that narrows as another symbol grows (``0 < \eta < 2/\lambda``, ``0 < x <
  e^{-y}``) met an extra bound on that symbol (``\wedge \lambda < 10``) only past it, where no slice and no sampled
  point reached: such answers were graded correct (equiv, grade), and ``0 < x < 1/y \Rightarrow y < 10`` confirmed
  (check, steps). Slices now also lie on each side of every bound a relation sets on one symbol alone
  (``solutions._past_the_bounds``), for solution sets and implications alike.
- Probe helper-132 (probability in prose): "variance 0.25" was variance 0 (the declaration's words ended at the decimal
  point), "mean 0.8", "non-zero mean", "nonzero mean" and "not centered" were zero mean, "non-unit variance" was 1, and
  "..., and let $\epsilon$ be zero-mean noise" gave the declared X and Y mean 0. A declared name set equal to something
  later ("Now let $Y = X$", "Define $Y := 2X$") kept its independence: the declaration ends there now.
- Probe helper-131 (matrix calculus): ``xy^T``, ``Axx^T``, ``\Lambda^kQ^T`` and ``\Phi^Ty`` read y^T as y to the power T
  (letters side by side are factors, as TeX sets them); ``e^{A}e^{B} = e^{A+B}`` was proved (an exponential or logarithm
  of a capital now counts as a product's factor, so the capitals are read as matrices too); ``\delta``, ``\mu`` and
  ``\theta`` beside a matrix or a transpose were only numbers (``\delta a^T = a^T\delta`` was proved). ``e^{-L}e^{L} =
  1`` was refuted: e^L as Euler's e to the L is now a reading beside the layer label.
- Probe helper-132 also: ``check --assume '\bar{x} = \frac{1}{n}\sum_i x_i'`` lost the assumption where the indices are
  instantiated, and refuted true identities at points that break it; each instance now solves it for \bar{x}
  (``indices._tied_in``). A Bernoulli mean written as a name is a probability, a variance written as a name is
  nonnegative, and U(a, b) has a < b: right steps were flagged at p = 2, v = -1, a > b (``Context.implied_at``).
- Probe helper-134 also: ``w_{t+1} = w_t - \eta\lambda w_t`` for the key ``(1 - \eta\lambda) w`` was incorrect (its right
  side is the key in other names: undecided, as that side alone is); ``\sigma'(z)`` for ``\sigma(z)(1 - \sigma(z))``
  had full marks (the question restated: the prime is worked out while reading, so no derivative was seen); ``1e{-3}``
  was 1 times e times -3 (TeX sets it as 1e-3). README: the 1 % rule for answers with fewer digits than the key.
- Probe helper-133 (planted mistakes in the seeds): numbered layer superscripts were powers (``a^0`` was 1, so
  ``\delta^1 a^0 = \delta^1`` was proved); a superscript before a subscript (``a^0_{j+l}``) or 0 or 1 on a Latin letter
  or \delta now has the label reading too.
"""

from __future__ import annotations

import pytest

from derivax.latex import parse


def _verdict(statement: str, *assumed: str):
    from derivax.judge import check_statement

    return check_statement(parse(statement), [parse(a) for a in assumed], timeout_s=10)


@pytest.mark.parametrize("text", [r"\sqrt{-1} = i", r"\sqrt{-4} = 2i", r"i = \sqrt{-1}", r"\sqrt{-9} = 3j"])
def test_a_root_of_a_negative_number_beside_i_is_left_to_the_complex_numbers(text):
    judged = _verdict(text)
    assert judged.verdict.name == "UNDECIDED"
    assert "imaginary unit" in judged.reason


@pytest.mark.parametrize("text", [r"\sqrt{-1} = 2", r"\ln(-1) = x", r"\frac{1}{0} = 2"])
def test_a_side_without_a_real_value_beside_another_is_still_refuted(text):
    assert _verdict(text).verdict.name == "REFUTED"


@pytest.mark.parametrize(
    ("text", "verdict"),
    [
        (r"\sum_{i=1}^3 i^2 + i = 15 + i", "REFUTED"),  # false in both readings (14 + i; 20 against 15 + i)
        (r"\sum_{i=1}^3 i^2 + i = 21", "REFUTED"),
        (r"i + \sum_{i=1}^3 i^2 = 14 + i", "PROVED"),  # the twin: the sum ends before + i
        (r"\sum_{i=1}^3 i^2 + i = 20", "UNDECIDED"),  # the readings disagree (as written i + 14; or the sum of i^2 + i)
    ],
)
def test_a_free_name_that_is_also_a_sums_index_is_valued_apart(text, verdict):
    assert _verdict(text).verdict.name == verdict


def test_bound_apart_renames_only_the_clashing_bound_variable():
    import sympy as sp

    from derivax.realeval import _bound_apart

    i, j, n = sp.symbols("i j n")
    # SymPy's first limit is the innermost: j runs to the free i, the inner i to n
    expr = i + sp.Sum(i**2 * j, (i, 1, n), (j, 1, i))
    apart = _bound_apart(expr, {i})
    assert i in apart.free_symbols and j not in apart.free_symbols  # the free i stays free
    assert apart.xreplace({i: 2, n: 3}).doit() == 2 + sum(k**2 * m for m in range(1, 3) for k in range(1, 4))
    inner_first = sp.Sum(i * j, (j, 1, i), (i, 1, n))  # j's end is the outer, bound i: renamed with it
    assert apart_value(_bound_apart(i + inner_first, {i}), {i: 5, n: 3}) == 5 + sum(k * m for k in range(1, 4) for m in range(1, k + 1))


def apart_value(expr, values):
    return expr.xreplace(values).doit()


@pytest.mark.parametrize(
    ("key", "answer", "assume"),
    [
        (r"0 < \eta < \frac{2}{\lambda}", r"0 < \eta\lambda < 2 \wedge \lambda < 10", [r"\lambda > 0"]),
        (r"0 < \eta < \frac{2}{\lambda}", r"0 < \eta\lambda < 2 \wedge \lambda < 10^{6}", [r"\lambda > 0"]),
        (r"0 < \eta < \frac{2}{\lambda}", r"0 < \eta < \frac{2}{\lambda} \wedge \lambda < 10", []),
        (r"0 < x < e^{-y}", r"0 < x < e^{-y} \wedge y < 10", ["y > 0"]),
    ],
)
def test_a_bound_met_only_where_a_band_is_thin_is_found(key, answer, assume):
    from derivax.equiv import equivalent

    found = equivalent(key, answer, assume)
    assert found["verdict"] == "different"
    assert found["witness"]["in_key"] is True and found["witness"]["in_answer"] is False


def test_the_band_without_the_extra_bound_is_still_equivalent():
    from derivax.equiv import equivalent

    assert equivalent(r"0 < \eta < \frac{2}{\lambda}", r"0 < \eta\lambda < 2", [r"\lambda > 0"])["verdict"] == "equivalent"


@pytest.mark.parametrize(
    ("text", "assumed", "verdict"),
    [
        (r"0 < x < \frac{1}{y} \Rightarrow y < 10", ["y > 0"], "REFUTED"),
        (r"0 < xy < 1 \wedge x > 0 \Rightarrow y < 10", [], "REFUTED"),
        (r"0 < x < \frac{1}{y} \Rightarrow x < 1", ["y > 1"], "CONFIRMED"),  # the twin: true, x < 1/y < 1
    ],
)
def test_an_implication_past_a_bound_on_one_symbol(text, assumed, verdict):
    judged = _verdict(text, *assumed)
    assert judged.verdict.name in ({verdict, "PROVED"} if verdict == "CONFIRMED" else {verdict})


def test_steps_flags_the_implication_past_the_bound():
    from conftest import judged_steps, statuses

    found = statuses(judged_steps("Assume $y > 0$.\n$$ 0 < x < \\frac{1}{y} \\Rightarrow y < 10 $$\n"))
    assert list(found.values()) == ["wrong"]


def _document(text: str) -> dict[str, str]:
    from conftest import judged_steps, statuses

    return statuses(judged_steps(text))


@pytest.mark.parametrize(
    ("declared", "step", "right"),
    [
        ("with mean 3 and variance 0.25", r"\mathbb{E}[X^2] = \operatorname{Var}(X) + \mathbb{E}[X]^2 = 9.25", True),
        ("with mean 3 and variance 0.25", r"\mathbb{E}[X^2] = \operatorname{Var}(X) + \mathbb{E}[X]^2 = 9", False),
        ("with mean 0 and standard deviation 0.5", r"\mathbb{E}[X^2] = \operatorname{Var}(X) + \mathbb{E}[X]^2 = 0.25", True),
        ("with mean 0 and standard deviation 0.5", r"\mathbb{E}[X^2] = \operatorname{Var}(X) + \mathbb{E}[X]^2 = 0", False),
        ("with mean 0.5 and variance 1", r"\mathbb{E}[X^2] = \operatorname{Var}(X) + \mathbb{E}[X]^2 = 1.25", True),
        ("with mean 0.5 and variance 1", r"\mathbb{E}[X^2] = \operatorname{Var}(X) + \mathbb{E}[X]^2 = 1", False),
    ],
)
def test_a_decimal_said_in_words_is_read_whole(declared, step, right):
    found = _document(f"Let $X$ be a random variable {declared}.\n\n$${step}$$\n")
    assert ("wrong" in found.values()) is not right
    assert "ok" in found.values()


@pytest.mark.parametrize("said", ["non-zero mean", "nonzero mean", "non zero mean"])
def test_a_mean_said_not_to_be_zero_is_not_zero(said):
    step = (
        r"\operatorname{Var}(XY) = \mathbb{E}[X^2]\mathbb{E}[Y^2] - \mathbb{E}[X]^2\mathbb{E}[Y]^2"
        r" = \operatorname{Var}(X)\operatorname{Var}(Y)"
    )
    found = _document(f"Let $X$ and $Y$ be independent random variables with {said} and variance 1.\n\n$${step}$$\n")
    assert list(found.values())[-1] == "undecided"
    zero = _document(f"Let $X$ and $Y$ be independent random variables with zero mean and variance 1.\n\n$${step}$$\n")
    assert set(zero.values()) == {"ok"}  # the twin: zero means, Var(XY) = Var(X)Var(Y)


def test_a_zero_mean_said_of_another_name_is_its_own():
    text = (
        "Let $X$ and $Y$ be independent random variables with mean 2 and variance 1, and let $\\epsilon$ be zero-mean noise.\n\n"
        "$$\\mathbb{E}[X + Y] = \\mathbb{E}[X] + \\mathbb{E}[Y] = 4$$\n\n$$\\mathbb{E}[XY] = \\mathbb{E}[X]\\mathbb{E}[Y] = 0$$\n"
    )
    found = _document(text)
    assert [v for k, v in found.items() if k.startswith("3:")] == ["ok", "ok"]
    assert [v for k, v in found.items() if k.startswith("5:")] == ["ok", "wrong"]


def test_a_declared_name_defined_again_is_no_longer_independent():
    text = (
        "Let $X$ and $Y$ be independent random variables with mean 1 and variance 1.\n\nDefine $Y := 2X$.\n\n"
        "$$\\mathbb{E}[XY] = \\mathbb{E}[X]\\mathbb{E}[Y]$$\n\n$$\\mathbb{E}[XY] = 2\\mathbb{E}[X^2] = 4$$\n"
    )
    found = _document(text)
    assert [v for k, v in found.items() if k.startswith("5:")] == ["wrong"]
    assert set(v for k, v in found.items() if k.startswith("7:")) == {"ok"}


@pytest.mark.parametrize(
    "text",
    [
        r"xy^Tz = zy^Tx",
        r"Axx^T = xx^TA",
        r"A^kB^TC = CA^kB^T",
        r"e^{A+B} = e^{A}e^{B}",
        r"e^{A}B = Be^{A}",
        r"\ln(e^{A}e^{B}) = A + B",
        r"\delta a^T = a^T\delta",
        r"W^T\delta = \delta W^T",
        r"\Sigma^{-1}\mu = \mu\Sigma^{-1}",
        r"x\theta^T = \theta^T x",
    ],
)
def test_matrices_and_vectors_do_not_commute_whatever_the_spelling(text):
    assert _verdict(text).verdict.name == "UNDECIDED"


@pytest.mark.parametrize(
    "text",
    [
        r"xy^T = (yx^T)^T",  # the twins: true for matrices and vectors
        r"\Phi^T(\Phi\theta - y) = \Phi^T\Phi\theta - \Phi^Ty",
        r"QQ^T = Q Q^T",
        r"2\delta a^T = \delta a^T + \delta a^T",
        r"e^{a+b} = e^a e^b",  # lowercase: numbers
        r"\beta^T = \beta \beta^{T-1}",  # a horizon on a Greek scalar
    ],
)
def test_the_right_twins_still_hold(text):
    assert _verdict(text).verdict.name in ("PROVED", "CONFIRMED")


def test_e_to_the_L_has_both_readings():
    found = _verdict(r"e^{-L}e^{L} = 1")
    assert found.verdict.name == "UNDECIDED" and "Euler" not in found.reason and "readings disagree" in found.reason
    assert _verdict(r"e^{L} = 2").verdict.name == "REFUTED"  # false in both readings


ASSUMED_MEAN = r"\bar{x} = \frac{1}{n}\sum_{i=1}^n x_i"


@pytest.mark.parametrize(
    ("text", "verdict"),
    [
        (r"\sum_{i=1}^n (x_i - \bar{x})^2 = \sum_{i=1}^n x_i^2 - n\bar{x}^2", "CONFIRMED"),
        (r"\sum_{i=1}^n (x_i - \bar{x}) = 0", "CONFIRMED"),
        (r"\sum_{i=1}^n (x_i - \bar{x})^2 = \sum_{i=1}^n x_i^2 - \bar{x}^2", "REFUTED"),  # the wrong twin
    ],
)
def test_an_assumed_mean_is_kept_when_the_indices_are_instantiated(text, verdict):
    judged = _verdict(text, ASSUMED_MEAN)
    assert judged.verdict.name == verdict
    if verdict == "REFUTED":  # the witness keeps the assumption: x_bar is the mean of the entries shown
        at = judged.counterexample.at
        entries = [v for k, v in at.items() if k.startswith("x_") and k != "x_bar"]
        assert "x_bar" not in at and len(entries) == at["n"]


@pytest.mark.parametrize(
    ("declared", "step"),
    [
        ("Let $m$ be a Bernoulli random variable with mean $p$.", r"\operatorname{Var}(m) = p - p^2 = |p - p^2|"),
        ("Let $X$ be a random variable with mean 0 and variance $v$.", r"\operatorname{Var}(2X) = 4v = \sqrt{16v^2}"),
        (r"Let $U \sim U(a, b)$.", r"\sqrt{\operatorname{Var}(U)} = \sqrt{\frac{(b-a)^2}{12}} = \frac{b - a}{2\sqrt{3}}"),
    ],
)
def test_what_a_declaration_implies_of_its_parameters_flags_no_right_step(declared, step):
    assert "wrong" not in _document(f"{declared}\n\n$${step}$$\n").values()


def test_a_wrong_step_beside_a_declared_probability_is_still_wrong():
    found = _document("Let $m$ be a Bernoulli random variable with mean $p$.\n\n$$\\operatorname{Var}(m) = p - p^2 = p^2 - p$$\n")
    assert list(found.values())[-1] == "wrong"


def _graded(key_latex: str, answer: str):
    import tempfile
    from pathlib import Path

    import yaml

    from derivax.answerkeys import keys_from_file
    from derivax.grading import grade_answer

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "key.yaml"
        path.write_text(yaml.safe_dump({"p": {"answer": key_latex}}))
        key = keys_from_file(path)["p"]
    return grade_answer(key, answer)


@pytest.mark.parametrize(
    ("answer", "status"),
    [
        (r"w_{t+1} = w_t - \eta\lambda w_t", "undecided"),  # the update rule: its right side is the key with w_t for w
        (r"w_{t+1} = (1 - \eta\lambda) w", "undecided"),
        (r"w_{t+1} = w_t + \eta\lambda w_t", "incorrect"),  # the wrong twin: a sign
        (r"w_{t+1} = 2w", "incorrect"),
    ],
)
def test_an_update_rule_for_an_expression_key(answer, status):
    assert _graded(r"(1 - \eta\lambda) w", answer).status == status


@pytest.mark.parametrize(
    ("key", "answer", "status"),
    [
        (r"\sigma(z)(1 - \sigma(z))", r"\sigma'(z)", "undecided"),  # the question restated
        (r"1 - \tanh^2(z)", r"\tanh'(z)", "undecided"),
        (r"\sigma(z)(1 - \sigma(z))", r"\sigma(z)\sigma(-z)", "correct"),  # the twins: worked answers
        (r"\sigma(z)(1 - \sigma(z))", r"\sigma(z)(1 + \sigma(z))", "incorrect"),
    ],
)
def test_a_derivative_written_with_a_prime_is_no_worked_answer(key, answer, status):
    assert _graded(key, answer).status == status


@pytest.mark.parametrize(("answer", "status"), [("1e{-3}", "correct"), ("1e-3", "correct"), ("1e{-2}", "incorrect")])
def test_scientific_notation_with_a_braced_exponent(answer, status):
    assert _graded("10^{-3}", answer).status == status


@pytest.mark.parametrize(
    ("text", "verdict"),
    [
        (r"\delta^1 a^0 = \delta^1", "UNDECIDED"),  # a^0 the input layer's activation, or 1
        (r"\delta^1 a^0 + \delta^2 a^1 = \delta^1 + \delta^2 a^1", "UNDECIDED"),
        (r"\frac{d}{dw}(w^2 + w^3) = 2w + 3w^2", "PROVED"),  # two numbers on one letter: a polynomial
        (r"\delta^1 a^0 + \delta^2 a^1 = \delta^1 + \delta^2 a", "PROVED"),  # a also bare: a number to powers
        (r"\delta^1 a^0 = 2\delta^1", "REFUTED"),  # false in both readings
        (r"\beta^0 g_t = g_t", "PROVED"),  # a Greek rate's power, as in an unrolled sum
        (r"a_j^2 \ge 0", "PROVED"),  # a squared entry
    ],
)
def test_numbered_superscripts_have_the_label_reading(text, verdict):
    assert _verdict(text).verdict.name == verdict


@pytest.mark.parametrize(
    ("text", "verdict"),
    [
        (r"\frac{\partial}{\partial W_{ii}}\sum_k W_{ik}a_k = a_i", "CONFIRMED"),  # was refuted: W_ii a name of its own
        (r"\frac{\partial}{\partial W_{ij}}\sum_k W_{ik}a_k = a_i", "REFUTED"),  # the twin: the entry's column is j
        (r"\frac{\partial}{\partial w_{j}}\sum_k w_k x_k = x_j", "CONFIRMED"),
    ],
)
def test_a_derivative_by_a_matrix_entry_is_linked_to_the_sums_entries(text, verdict):
    assert _verdict(text).verdict.name == verdict


def test_written_matrices_too_big_to_judge_in_time_are_undecided_within_the_limit():
    from derivax.judge import check_statement

    m = r"\begin{pmatrix}a&b&c&a\\b&c&a&b\\c&a&b&c\\a&b&c&a\end{pmatrix}"
    judged = check_statement(parse(f"{m}^{{14}} = {m}^{{13}}{m}"), [], timeout_s=0.3)
    assert judged.verdict.name == "UNDECIDED" and "took over" in judged.reason
    small = r"\begin{pmatrix}1&2\\3&4\end{pmatrix}\begin{pmatrix}5&6\\7&8\end{pmatrix} = \begin{pmatrix}19&22\\43&50\end{pmatrix}"
    assert check_statement(parse(small), [], timeout_s=2).verdict.name == "PROVED"  # the twin: small, worked out


@pytest.mark.parametrize(
    ("key", "answer"), [(r"\begin{pmatrix} 1 \\ 2 \end{pmatrix}", "3"), ("3", r"\begin{pmatrix} 1 \\ 2 \end{pmatrix}")]
)
def test_a_number_against_a_written_vector_is_different(key, answer):
    from derivax.equiv import equivalent

    assert equivalent(key, answer)["verdict"] == "different"
    vector = r"\begin{pmatrix} 1 \\ 2 \end{pmatrix}"
    assert equivalent(vector, "v")["verdict"] != "different"  # the twins: a name may stand for the vector
    assert equivalent(r"\begin{pmatrix} 3 \end{pmatrix}", "3")["verdict"] != "different"  # 1x1: a number as often


@pytest.mark.parametrize(
    ("text", "verdict"),
    [
        (r"X^T(X\theta - y) = X^TX\theta - yX^T", "UNDECIDED"),  # y X^T has no shape where X^T y has one (probe helper-135)
        (r"X^T(Xw - y) = X^TXw - y X^T", "UNDECIDED"),
        (r"X^T(X\theta - y) = X^TX\theta - X^Ty", "PROVED"),  # the twin: the normal equations' gradient
        (r"y^T X w = w^T X^T y", "CONFIRMED"),  # both 1x1 with X a matrix
    ],
)
def test_a_reading_where_one_side_has_no_shape_leaves_a_product_undecided(text, verdict):
    assert _verdict(text).verdict.name == verdict


@pytest.mark.parametrize(
    "text",
    [r"x^1 = x", r"p^1(1-p)^0 = p", r"W^1 = W", r"\sum_{i=1}^n x^2_i = \sum_{i=1}^n x_i^2", r"Ae^{-t} = e^{-t}A"],
)
def test_ordinary_powers_and_scalar_exponentials_keep_one_reading(text):
    assert _verdict(text).verdict.name in ("PROVED", "CONFIRMED")


@pytest.mark.parametrize(
    ("answer", "status"), [("f'(x) = x", "incorrect"), (r"\frac{dy}{dx} = x^2", "incorrect"), ("f'(x) = 2x", "undecided")]
)
def test_an_equation_whose_right_side_differs_from_the_key_stays_incorrect(answer, status):
    assert _graded("2x", answer).status == status


def test_a_rewrite_from_an_unsettled_line_is_not_blamed_on_the_later_line():
    text = (
        "Let $X$ and $Y$ be independent random variables with mean 1 and variance 1. Now let $Y = X$.\n\n"
        "$$\\mathbb{E}[XY] = \\mathbb{E}[X]\\mathbb{E}[Y] = 1$$\n\n$$\\mathbb{E}[XY] = \\mathbb{E}[X^2] = 2$$\n"
    )
    assert "wrong" not in _document(text).values()
    said = "Let $X$ and $Y$ be independent random variables with mean 1 and variance 1. The event $X = 0$ has probability 0.\n\n"
    found = _document(said + "$$\\mathbb{E}[XY] = \\mathbb{E}[X]\\mathbb{E}[Y] = 1$$\n")
    assert found["3: \\mathbb{E}[XY] = \\mathbb{E}[X]\\mathbb{E}[Y]"] == "ok"
