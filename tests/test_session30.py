"""Session 30: a name the context file declares and does not define is a parameter, not a value stated elsewhere.

A step that drops such a name (``\\mathbb{E}[aX + b] = a\\mathbb{E}[X]`` with ``b: {kind: scalar}``) fails for a value
of it and is ``wrong``; the same step without the declaration stays ``undecided`` (b may be 0 by a line derivax did
not read). Each case has its right version judged ``ok`` beside it.
"""

from __future__ import annotations

import textwrap

import pytest

from derivax.assignment import assignment_from_text
from derivax.steps import check_document

EXPECTATIONS = """
assignment: session 30, expectations
symbols:
  'X': {kind: random variable, properties: [independent], mean: '\\mu_X', variance: '\\sigma_X^2'}
  'B': {kind: random variable, properties: [independent], distribution: bernoulli, mean: 'p'}
  'a': {kind: scalar}
  'b': {kind: scalar}
  '\\mu_X': {kind: scalar}
  '\\sigma_X': {kind: scalar, domain: positive}
  'p': {kind: scalar, domain: '(0, 1)'}
"""

MATRICES = """
assignment: session 30, matrices
symbols:
  'Q': {kind: matrix, properties: [orthogonal]}
  '\\Lambda': {kind: matrix, properties: [diagonal]}
"""

SCALARS = """
assignment: session 30, scalars
symbols:
  'w': {kind: scalar}
  'c': {kind: scalar}
"""


def _statuses(document: str, context: str | None) -> dict[tuple[str, str], str]:
    assignment = assignment_from_text(textwrap.dedent(context)) if context else None
    results = check_document(textwrap.dedent(document), timeout_s=10, assignment=assignment)
    return {(r.left, r.right): r.status for r in results}


CASES = [
    # (context, right chain, wrong twin, the twin's link)
    (
        EXPECTATIONS,
        "$$\\mathbb{E}[aX + b] = a\\mathbb{E}[X] + b = a\\mu_X + b$$",
        "$$\\mathbb{E}[aX + b] = a\\mathbb{E}[X] = a\\mu_X$$",
        ("\\mathbb{E}[aX + b]", "a\\mathbb{E}[X]"),
    ),
    (
        EXPECTATIONS,
        "$$\\mathbb{E}[B(1 - B)] = \\mathbb{E}[B] - \\mathbb{E}[B^2] = p - p = 0$$",
        "$$\\mathbb{E}[B(1 - B)] = \\mathbb{E}[B] - \\mathbb{E}[B^2] = p - p^2 = p(1-p)$$",
        ("\\mathbb{E}[B] - \\mathbb{E}[B^2]", "p - p^2"),
    ),
    (
        MATRICES,
        "$$Q^T (Q\\Lambda Q^T)^2 Q = Q^T Q\\Lambda Q^T Q\\Lambda Q^T Q = \\Lambda^2$$",
        "$$Q^T (Q\\Lambda Q^T)^2 Q = Q^T Q\\Lambda Q^T Q\\Lambda Q^T Q = \\Lambda$$",
        ("Q^T Q\\Lambda Q^T Q\\Lambda Q^T Q", "\\Lambda"),
    ),
    (
        SCALARS,
        "$$(w + c)^2 - c^2 = w^2 + 2wc = w(w + 2c)$$",
        "$$(w + c)^2 - c^2 = w^2 + 2wc = w^2$$",
        ("w^2 + 2wc", "w^2"),
    ),
]

IDS = ["expectation-drops-a-constant", "bernoulli-second-moment", "orthogonal-matrix-cancelled", "scalar-term-dropped"]


@pytest.mark.parametrize(("context", "right", "wrong", "link"), CASES, ids=IDS)
def test_a_declared_parameter_dropped_by_a_step_is_wrong(context, right, wrong, link):
    document = "# Problem 1\n\n{}\n"
    assert set(_statuses(document.format(right), context).values()) == {"ok"}
    twin = _statuses(document.format(wrong), context)
    assert twin[link] == "wrong", twin


@pytest.mark.parametrize(("context", "right", "wrong", "link"), CASES, ids=IDS)
def test_without_the_declaration_the_dropped_name_may_be_stated_elsewhere(context, right, wrong, link):
    """The rule needs the declaration: with nothing declared, the same twin is not flagged (no false alarm where the
    text may give the name a value derivax did not read)."""
    twin = _statuses(f"# Problem 1\n\n{wrong}\n", None)
    assert twin.get(link, "undecided") == "undecided", twin


def test_a_declared_name_the_document_defines_is_put_in_not_taken_as_a_parameter():
    """``c`` declared and then defined by the document ("Let $c = 0$"): the definition is put in, so the step that
    drops it is right."""
    document = "# Problem 1\n\nLet $c = 0$.\n\n$$(w + c)^2 - c^2 = w^2 + 2wc = w^2$$\n"
    statuses = _statuses(document, SCALARS)
    assert "wrong" not in statuses.values(), statuses


ADAM = """
assignment: session 30, a value put in
symbols:
  'p_1': {kind: scalar, domain: '(0, 1)'}
  's': {kind: scalar}
"""


@pytest.mark.parametrize(
    "substituted",
    [
        "$$\\hat{s} = \\frac{s}{1 - p_1} = \\frac{0.5}{1 - 0.9}$$",  # every name given a number (seed 002, line 228)
        "$$\\hat{s} = \\frac{s}{1 - p_1} = \\frac{s}{1 - 0.9}$$",  # p_1 alone
    ],
)
def test_a_declared_parameter_replaced_by_a_number_is_a_substitution_not_flagged(substituted):
    """A number where the declared name was is a value put in (stated in words, or by an earlier line's numbers):
    not a dropped parameter, so never flagged; the same rule as without a declaration."""
    statuses = _statuses(f"# Problem 1\n\n{substituted}\n", ADAM)
    assert "wrong" not in statuses.values(), statuses


def test_a_name_the_file_defines_is_no_parameter():
    assignment = assignment_from_text(
        textwrap.dedent(
            """
            assignment: session 30, defined
            symbols:
              'c': {kind: scalar}
              'w': {kind: scalar}
            definitions:
              - 'c = 2w'
            """
        )
    )
    assert assignment.parameters() == {"w"}


# -- a declared vector used only through its entries is a step of indices -----------------------------------------------

SOFTMAX = """
assignment: session 30, softmax
symbols:
  'n': {kind: scalar, domain: integer >= 1}
  'y': {kind: vector, properties: [one-hot]}
  'z': {kind: vector}
definitions:
  - 'a_j = \\frac{e^{z_j}}{\\sum_k e^{z_k}}'
"""

ENTRIES = [
    # (right document, wrong twin): y declared a vector, written through its entries y_k only
    (
        "$$\\frac{\\partial}{\\partial z_j}\\sum_k y_k z_k = y_j$$",
        "$$\\frac{\\partial}{\\partial z_j}\\sum_{k \\ne j} y_k z_k = y_j$$",
    ),
    (
        "Let $y$ be one-hot with $y_c = 1$. Then\n\n$$-\\sum_k y_k \\ln a_k = -\\ln a_c$$",
        "Let $y$ be one-hot with $y_c = 1$. Then\n\n$$-\\sum_k y_k \\ln a_k = -\\ln(1 - a_c)$$",
    ),
    (
        "$$-y_j(1 - a_j) + \\sum_{k \\ne j} y_k a_j = -y_j + a_j \\sum_k y_k = a_j - y_j$$",
        "$$-y_j(1 - a_j) + \\sum_{k \\ne j} y_k a_j = -y_j + a_j \\sum_{k \\ne j} y_k = a_j - y_j$$",
    ),
]


@pytest.mark.parametrize(("right", "wrong"), ENTRIES, ids=["derivative-of-a-sum", "one-hot-picks-an-entry", "one-hot-sums-to-one"])
def test_sums_over_a_declared_vectors_entries_are_judged_by_indices(right, wrong):
    """Such steps went to the matrix check (y is a declared vector), which cannot evaluate a sum over k: undecided,
    "uses SumOver(...), defined elsewhere". Entries are numbers: the index check instantiates them at n = 1..6."""
    document = "# Problem 1\n\n{}\n"
    statuses = _statuses(document.format(right), SOFTMAX)
    assert set(statuses.values()) == {"ok"}, statuses
    assert "wrong" in _statuses(document.format(wrong), SOFTMAX).values()


def test_a_vector_written_whole_still_goes_to_the_matrix_check():
    from derivax.latex import parse

    assignment = assignment_from_text(textwrap.dedent(SOFTMAX))
    assert assignment.not_scalar(parse("\\sum_k y_k z_k")) == []
    assert assignment.not_scalar(parse("y^T z")) == ["y (a vector)", "z (a vector)"]


# -- probe N: cases listed together, a condition the text denies, a limit of a sum --------------------------------------

STEP = "$$\n\\sqrt{x^2} + 3 = |x| + 3 = RIGHT\n$$\n"


def _link_status(prose: str, right: str) -> str:
    statuses = _statuses(f"# Problem 1\n\n{prose}\n{STEP.replace('RIGHT', right)}", None)
    return statuses[("|x| + 3", right)]


@pytest.mark.parametrize(
    "prose",
    [
        "Case 1: $x < 0$. Case 2: $x \\ge 0$. For case 1,",
        "Case 1: $x \\ge 0$. Case 2: $x < 0$. For case 1,",
        "For $x \\ge 0$ we have $|x| = x$, and for $x < 0$ we have $|x| = -x$. In the first case",
        "We split into $x \\ge 0$ and $x < 0$. In the first case",
    ],
)
def test_cases_listed_before_one_display_decide_nothing_about_their_name(prose):
    """Both conditions were stated for the display and the last one was assumed: the same step was ok or wrong by
    the order of the cases. Which case the display is in is not read: undecided, naming the cases."""
    for right in ("x + 3", "3 - x"):
        assert _link_status(prose, right) == "undecided"


def test_one_case_before_a_display_still_decides():
    assert _link_status("For $x \\ge 0$,", "x + 3") == "ok"
    assert _link_status("For $x \\ge 0$,", "3 - x") == "wrong"


@pytest.mark.parametrize(
    "prose", ["Since $x > 0$ fails here,", "If $x > 0$ were true we would have a contradiction, hence", "The case $x > 0$ cannot happen."]
)
def test_a_condition_the_text_denies_is_never_assumed(prose):
    """It was assumed ("assuming x > 0 (stated in the text)"), so the slip x + 3 was ok. Now never assumed: the step
    is in the other case (x <= 0), where x + 3 fails at x = -1 (wrong, or undecided where the words also read as an
    argument by contradiction), and 3 - x, right there, is never wrong (it fails only where x > 0)."""
    assert _link_status(prose, "x + 3") != "ok"
    assert _link_status(prose, "3 - x") != "wrong"


def test_a_denied_condition_leaves_a_failure_inside_the_other_case_wrong():
    assert _link_status("Since $x > 0$ fails here,", "x + 3") == "wrong"  # at x = -1, where x > 0 fails too


def test_a_limit_of_a_sum_is_not_instantiated_at_its_variable():
    """``\\lim_{N \\to \\infty} \\sum_{t=1}^N a^t = \\lim_{N \\to \\infty} \\frac{a(1 - a^N)}{1 - a}`` (equal for every N)
    was wrong: the sum's bound N, the limit's variable, was instantiated at N = 2 inside the limit."""
    document = "# Problem 1\n\n$$\n\\lim_{N \\to \\infty} \\sum_{t=1}^{N} a^t = \\lim_{N\\to\\infty} \\frac{a(1 - a^N)}{1 - a}\n$$\n"
    assert "wrong" not in _statuses(document, None).values()
    from derivax.indices import check_with_indices
    from derivax.latex import parse

    statement = parse("\\lim_{n\\to\\infty}\\sum_{k=1}^{n}\\frac{x_k}{n} = 0").expr
    verdict = check_with_indices(statement.lhs, statement.rhs, [])
    assert verdict.status == "undecided" and "the variable of a limit" in verdict.message


# -- probe O: one hostile submission stalled a small class graded in this process ---------------------------------------


def test_a_counterexample_too_large_to_write_out_is_described():
    """2^(2^65536) as a counterexample's value: mpmath computed its digits after every time limit had ended (a
    class graded in this process hung on it). It is described by its size now, at once."""
    import mpmath

    from derivax.realeval import faithful_float

    huge = mpmath.mpf(2) ** (2**65536)
    assert faithful_float(huge) == "about 2^(10^19728) (too large to write out)"
    assert faithful_float(-huge).startswith("-about 2^(")
    assert faithful_float(1 / huge) == "about 2^(-10^19728) (too large to write out)"
    assert faithful_float(mpmath.mpf(10) ** 99999) == "1.0e+99999"  # large, written out as before
    assert faithful_float(mpmath.mpf("0.5")) == 0.5


def test_a_student_past_the_deadline_in_this_process_is_stopped_and_the_class_goes_on(tmp_path, monkeypatch):
    """In this process (a small class, --jobs 1) no deadline held: a student's work that outlived every answer's own
    limit stalled the class. The deadline holds there too now, as CPU time: that student gets undecided on every
    answer, the next is graded."""
    from derivax import grading
    from derivax.answerkeys import keys_from_file

    (tmp_path / "key.yaml").write_text("p:\n  answer: 'x - 1'\n")
    keys = keys_from_file(tmp_path / "key.yaml")
    real = grading.grade_submission

    def stalls(submission, *args, **options):
        if submission.student == "hostile":
            while True:  # pure Python: the deadline's signal interrupts it
                pass
        return real(submission, *args, **options)

    monkeypatch.setattr(grading, "grade_submission", stalls)
    students = [grading.Submission("hostile", {"p": "x"}, "h.yaml"), grading.Submission("B", {"p": "x - 1"}, "b.yaml")]
    hostile, other = grading.grade_all(students, keys, jobs=1, deadline_s=1.0)
    assert [a.status for a in hostile.results] == ["undecided"] and "deadline of 1 s" in hostile.error
    assert [a.status for a in other.results] == ["correct"]


def test_an_overflowing_matrix_power_warns_nothing_on_the_terminal(recwarn):
    from derivax.latex import parse
    from derivax.matrices import check_matrix_step

    context = assignment_from_text("symbols: {H: {kind: matrix, properties: [symmetric, positive definite]}, w: {kind: vector}}")
    verdict = check_matrix_step(parse("H^{999999999} w"), "=", parse("H w"), context)
    assert verdict.status != "ok"
    assert not [w for w in recwarn if issubclass(w.category, RuntimeWarning)]


def test_a_known_mistakes_feedback_reaches_the_pdf_too(tmp_path):
    """Probe O: the feedback of a key's known mistake was in the Markdown and HTML feedback but not in the .tex/.pdf:
    the TeX view kept only what followed the counterexample's text."""
    from derivax import grading
    from derivax.answerkeys import keys_from_file
    from derivax.feedback import build_grading_tex

    (tmp_path / "key.yaml").write_text(
        "p:\n  answer: '2x'\n  mistakes:\n    - answer: 'x^2'\n      feedback: 'You integrated instead of differentiating.'\n"
    )
    keys = keys_from_file(tmp_path / "key.yaml")
    wrong = grading.grade_submission(grading.Submission("A", {"p": "x^2"}, "a.yaml"), keys)
    other = grading.grade_submission(grading.Submission("B", {"p": "3x"}, "b.yaml"), keys)
    assert "You integrated instead of differentiating." in build_grading_tex(wrong, keys)
    assert "integrated" not in build_grading_tex(other, keys)  # an answer like no listed mistake gets none


@pytest.mark.parametrize("tower", ["2^{2^{2^{2^{2^{2}}}}}", "\\left(\\frac{1}{2}\\right)^{2^{2^{2^{2^{2}}}}}", "10^{10^{10^{3}}}"])
def test_a_tower_of_powers_past_the_limit_is_refused_while_reading(tower):
    """The exponent 2^65536 is kept as a power (a 19,729-digit number), so the size test of a power of numbers did
    not run on 2^(2^65536): it passed the 100,000-digit limit."""
    from derivax.latex import LatexError, parse

    with pytest.raises(LatexError, match=r"a power with .* digits; the limit is 100,000 digits"):
        parse(f"{tower} = 1")
    assert parse("2^{2^{2^{2^{2}}}} = 1").kind == "relation"  # 19,729 digits: under the limit, read as before


@pytest.mark.parametrize("release", ["Now take any real $x$.", "We now check it at any real $x$:", "Consider an arbitrary $x$."])
def test_any_real_x_ends_an_assumption_on_x(release):
    """Probe N: "Assume $x > 0$" held in part (b) after "Now take any real $x$", so the slip |x| + 1 = x + 1 was ok."""
    chain = "$$\n\\sqrt{{x^2}} + 1 = |x| + 1 = x + 1\n$$\n"
    document = f"# Problem 1\n\nAssume $x > 0$.\n\n## (a)\n\n{chain}\n## (b)\n\n{{}}\n{chain}"
    links = [r.status for r in check_document(document.format(release), timeout_s=10) if r.left == "|x| + 1"]
    assert links == ["ok", "wrong"]
    kept = [r.status for r in check_document(document.format("Again:"), timeout_s=10) if r.left == "|x| + 1"]
    assert kept == ["ok", "ok"]  # no release: the assumption holds in (b)


# -- probe P: values given in prose without "Let", a one-hot label, unfixed terms -------------------------------------

RMSPROP = (
    "# RMSProp\n\nRMSProp with $\\rho = 0.9$ from $s_0 = 0$ under a constant gradient $g_t = g$:\n\n"
    "$$s_t = \\rho s_{{t-1}} + (1 - \\rho) g_t^2$$\n\n$$s_2 = {} g^2$$\n"
)
MOMENTUM = "# Momentum\n\n$$v_t = \\mu v_{{t-1}} + g_t$$\n\nWe use $\\mu = 0.5$, $v_0 = 0$, {}.\n\n$$v_2 = \\mu v_1 + g_2 = {}$$\n"


def _last(document: str) -> tuple[str, str]:
    result = check_document(document, timeout_s=10)[-1]
    return result.status, result.message


def test_constants_given_in_prose_without_let_are_put_into_the_unrolling():
    """"RMSProp with $\\rho = 0.9$" was not read (only "Let $\\rho = 0.9$" was): s_2 = 0.19 g^2, right at rho = 0.9, was
    wrong at another rho; "$g_1 = 4$ and $g_2 = 2$" gave g_1 only, and 0.5 * 4 + 2 = 4 was wrong."""
    assert _last(RMSPROP.format("0.19"))[0] == "ok"
    assert _last(RMSPROP.format("0.18"))[0] == "wrong"
    assert _last(MOMENTUM.format("$g_1 = 4$ and $g_2 = 2$", "4"))[0] == "ok"
    assert _last(MOMENTUM.format("$g_1 = 4$ and $g_2 = 2$", "5"))[0] == "wrong"


def test_a_number_claimed_with_a_term_the_document_does_not_fix_is_undecided():
    """g_2 never given: 0.5 * 4 + g_2 = 4 holds for g_2 = 2, a value the text may give in words; not wrong."""
    status, message = _last(MOMENTUM.format("$g_1 = 4$", "4"))
    assert status == "undecided" and "g_2 = 2" in message


def test_a_case_value_in_prose_is_not_put_into_the_unrolling():
    document = MOMENTUM.replace("We use $\\mu = 0.5$, $v_0 = 0$, {}.", "Let $v_0 = 0$, $g_1 = 4$, $g_2 = 2$. If $\\mu = 0$, then")
    status, _ = _last(document.format("2"))  # right only for mu = 0, a case: never ok for every mu
    assert status != "ok"


def test_a_one_hot_label_does_not_make_the_article_one_hot():
    """"With a one-hot label $y$" read the article "a" as a one-hot sequence: sum_k a_k^2 = sum_k a_k (false for a
    softmax output) was ok."""
    document = "# Problem 1\n\nWith a one-hot label $y$, the softmax outputs $a_k$ satisfy\n\n$$\\sum_{k=1}^n a_k^2 = \\sum_{k=1}^n a_k$$\n"
    assert _last(document)[0] != "ok"
    said = "# Problem 1\n\nWith a one-hot label $y$,\n\n$$\\sum_{k=1}^n y_k^2 = \\sum_{k=1}^n y_k$$\n"
    assert _last(said)[0] == "ok"  # y is the one-hot one


def test_a_chain_opening_with_an_entry_of_a_defined_family_is_a_claim_not_a_definition():
    """Probe P (O07): after "Define $\\hat{m}_t = ...$" the first link of `\\hat{m}_2 = \\frac{0.095}{1 - 0.9} = 0.95`
    was read as m_hat_2's definition (`given`), its slip never judged and then used by later steps."""
    document = (
        "# Problem 7\n\nLet $\\beta_1 = 0.9$, $g_1 = 0.5$ and $g_2 = 0.5$, with $m_0 = 0$ and "
        "$m_t = \\beta_1 m_{t-1} + (1 - \\beta_1) g_t$. Define $\\hat{m}_t = \\frac{m_t}{1 - \\beta_1^t}$.\n\n"
        "$$\\hat{m}_2 = \\frac{0.095}{1 - 0.9} = 0.95$$\n"
    )
    (first, _) = check_document(document, timeout_s=10)
    assert first.left == "\\hat{m}_2" and first.status != "given"
    assert "read as the definition" not in first.message


def test_an_accented_name_with_an_index_is_an_entry_of_its_family():
    from derivax.calculus import ENTRY

    assert ENTRY.fullmatch("m_hat_2")["stem"] == "m_hat" and ENTRY.fullmatch("m_hat_t")["idx"] == "t"
    assert ENTRY.fullmatch("m_hat") is None and ENTRY.fullmatch("a_k__L")["label"] == "__L"


@pytest.mark.parametrize(
    ("statement", "verdict"),
    [
        ("\\lim_{x\\to\\infty} x\\left(\\ln(x+1) - \\ln x\\right) = 1", "proved"),
        ("\\lim_{x\\to\\infty} x\\left(\\ln(x+1) - \\ln x\\right) = 2", "refuted"),
        ("\\lim_{n\\to\\infty} n(e^{1/n}-1) = 1", "proved"),
        ("\\lim_{n\\to\\infty} n(e^{1/n}-1) = 2", "refuted"),
    ],
)
def test_a_limits_variable_before_parentheses_is_no_function(statement, verdict):
    """Probe N: x(...) under \\lim_{x \\to \\infty} was also read as the function x at (...), so the readings disagreed
    and the right statement and its twin were both undecided. The variable of a limit (a sum, an integral, a
    derivative) is a value there."""
    from derivax.judge import check_statement
    from derivax.latex import parse

    assert check_statement(parse(statement), timeout_s=10).verdict.value == verdict
