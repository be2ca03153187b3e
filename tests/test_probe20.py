"""Session 20's defects (found by this session's probes): each with a right case and a wrong twin."""

from __future__ import annotations

import math

import pytest
import sympy as sp

from derivax.hidden import MEANINGFUL, hidden_digits
from derivax.judge import check_statement
from derivax.latex import parse


def _verdict(text: str, *assume: str) -> tuple[str, str]:
    judged = check_statement(parse(text), [parse(a) for a in assume])
    note = judged.counterexample.note if judged.counterexample else ""
    return judged.verdict.name, f"{judged.method}: {judged.reason} {note}"


# --- ties the 60 digits cannot see: an exponential of a large argument, or terms of very different sizes --------------

HIDDEN_WRONG = [
    # (statement, assumptions): each agrees to 60 digits at every sampled point and is false
    (r"\sigma(10^{4}) = 1", ()),  # 1 - sigma(10^4) is about 10^-4343
    (r"\sigma(x) = 1", (r"x \ge 10000",)),
    (r"\sigma(x) = 1", (r"x \ge 3000",)),
    (r"\sigma(x) \le 1 - 10^{-500}", ()),  # fails from x = 1151.3; sampled only at 91,497 and beyond
    (r"\sigma'(x) \ge 10^{-500}", ()),  # both sides below the absolute slack past x = 1151
    (r"\tanh(x) \le 1 - 10^{-100}", ()),
    (r"\sigma(x) \ge 1", (r"x \ge 10000",)),
    (r"10^{500} + 1 = 10^{500}", ()),  # (these two were refuted before, by SymPy's evalf at more digits)
    (r"x + 10^{-300} = x", ()),
]


@pytest.mark.parametrize(("statement", "assume"), HIDDEN_WRONG)
def test_a_difference_hidden_below_the_digits_is_refuted(statement, assume):
    verdict, summary = _verdict(statement, *assume)
    assert verdict == "REFUTED", summary
    assert "differ" in summary


HIDDEN_BEYOND_REACH = [
    r"\tanh(10^{99999}) = 1",  # 1 - tanh is 2e^{-2 10^{99999}}: no number of digits shows it
    r"\tanh(10^{5}) = 1",  # 86,859 digits: past what derivax tries
    r"\sigma(10^{6}) = 1",
]


@pytest.mark.parametrize("statement", HIDDEN_BEYOND_REACH)
def test_a_tie_too_deep_to_settle_is_undecided_not_confirmed(statement):
    verdict, summary = _verdict(statement)
    assert verdict == "UNDECIDED", summary
    assert "may hide below" in summary


def test_a_tie_too_deep_under_an_assumption_is_undecided():
    verdict, summary = _verdict(r"\tanh(x) = 1", r"x > 10^6")
    assert verdict == "UNDECIDED", summary


TRUE_TWINS = [
    # the same kinds of statements, true: agreement that is evidence, or a tie settled at more digits
    (r"\arctan(1/2) + \arctan(1/3) = \pi/4", (), {"CONFIRMED", "PROVED"}),
    (r"4\arctan(1/5) - \arctan(1/239) = \pi/4", (), {"CONFIRMED", "PROVED"}),
    (r"\cosh^{-1}(2) = \ln(2 + \sqrt{3})", (), {"CONFIRMED", "PROVED"}),
    (r"\sigma(x) \le 1 - 10^{-500}", (r"x \le 1000",), {"CONFIRMED", "PROVED"}),
    (r"\sigma(10^{4}) \le 1", (), {"CONFIRMED", "PROVED"}),
    (r"\sigma(x) + \sigma(-x) = 1", (r"x \ge 10000",), {"CONFIRMED", "PROVED"}),
    (r"x e^{-x} \le 1", (), {"CONFIRMED", "PROVED"}),
    (r"\ln(1 + e^{x}) \ge x", (), {"CONFIRMED", "PROVED"}),
]


@pytest.mark.parametrize(("statement", "assume", "expected"), TRUE_TWINS)
def test_true_twins_keep_their_verdicts(statement, assume, expected):
    verdict, summary = _verdict(statement, *assume)
    assert verdict in expected, summary


def test_hidden_digits_names_what_hides():
    x = sp.Symbol("x")
    sigma = 1 / (1 + sp.exp(-x))
    assert hidden_digits((sigma, sp.Integer(1)), {x: sp.Integer(0)}) <= MEANINGFUL
    assert hidden_digits((sigma, sp.Integer(1)), {x: sp.Integer(10**4)}) == pytest.approx(2 * 10**4 / math.log(10))
    assert hidden_digits((x, 1 - sp.Integer(10) ** -500), {x: sp.Integer(1)}) == pytest.approx(500)  # one Rational
    assert hidden_digits((x, sp.Add(1, -sp.exp(-x), evaluate=False)), {x: sp.Integer(700)}) == pytest.approx(1400 / math.log(10))
    assert hidden_digits((sp.tanh(x), sp.Integer(1)), {x: sp.Integer(10) ** 99999}) == math.inf


# --- reading: a digit after ^ or _ is no mantissa; argument commas; 2e+1; constants that start a bare argument ---------

READINGS = [
    # (input, what it means): the first group read x^{1/500}, x^{2000}, 10^{2000}, a name x_100, 1200, 1/20 ...
    (r"x^2 e^{-3}", "x**2*exp(-3)"),
    (r"t^2e^{-5}", "t**2*exp(-5)"),
    (r"10^2 \cdot 10^3", "100000"),
    (r"2^3 \cdot 10^2", "800"),
    (r"x^2 \cdot 10^3", "1000*x**2"),
    (r"x_1 \cdot 10^{2}", "100*x_1"),
    (r"5^2\times10^{-2}", "1/4"),
    (r"\max(1,2 \times 10^{3})", "2000"),
    (r"\min(0,5\cdot10^2)", "0"),
    (r"e^2+2e+1", "1 + 2*E + exp(2)"),
    (r"\frac{1}{2e+1}", "1/(1 + 2*E)"),
    (r"\sin \frac{\pi}{2} x", "sin(pi*x/2)"),
    (r"\sin\frac{1}{2}\theta", "sin(theta/2)"),
    (r"\sin\sqrt2 x", "sin(sqrt(2)*x)"),
    (r"\ln\frac12 x", "log(x/2)"),
    (r"\sin\binom42 x", "sin(6*x)"),
    (r"w^TX^T", "transpose(w)*transpose(X)"),
    (r"x^TB^TA^T", "transpose(x)*transpose(B)*transpose(A)"),
    # the twins: what stays as it was
    (r"1e-3", "1/1000"),
    (r"5.001e-9", "5001/1000000000000"),
    (r"5,499e^{-4}", "5499/10000000"),
    (r"5e^{-9}", "1/200000000"),
    (r"2 \cdot 10^{-3}", "1/500"),
    (r"3e5", "300000"),
    (r"2E+1", "20"),
    # (\ln \frac{a}{b} c, once c*log(a/b), is refused since session 47: ln(ac/b) to other readers)
    (r"\sin x \cos x", "sin(x)*cos(x)"),
]


@pytest.mark.parametrize(("text", "meant"), READINGS)
def test_readings_of_scripts_commas_and_bare_arguments(text, meant):
    assert str(parse(text).expr) == meant


@pytest.mark.parametrize(
    ("statement", "expected"),
    [
        (r"10^2 \cdot 10^3 = 10^5", "PROVED"),
        (r"10^2 \cdot 10^3 = 10^{2000}", "REFUTED"),
        (r"x^2 \cdot 10^3 = 1000x^2", "PROVED"),
        (r"x^3e^{-4} = x^{3/10000}", "REFUTED"),
        (r"\max(1,2\times10^3) = 2000", "PROVED"),
        (r"e^2+2e+1=(e+1)^2", "PROVED"),
        (r"\frac{1}{2e+1} = 0.05", "REFUTED"),
        (r"\sin\frac{\pi}{2}x = x", "REFUTED"),
        (r"\sin^2\frac12\theta = \frac{1-\cos\theta}{2}", "PROVED"),
        (r"\ln\frac12x = \ln x - \ln 2", "PROVED"),
    ],
)
def test_verdicts_that_rested_on_those_readings(statement, expected):
    verdict, summary = _verdict(statement)
    assert verdict in ({expected, "CONFIRMED"} if expected == "PROVED" else {expected}), summary


def test_a_power_of_f_before_parentheses_is_refused_as_ambiguous():
    from derivax.latex import LatexError

    with pytest.raises(LatexError, match="f applied twice"):
        parse(r"f^{2}(x) = f^2 x")
    assert str(parse(r"f(x)^2").expr) == "f(x)**2"


@pytest.mark.parametrize(
    ("statement", "expected"),
    [
        (r"a/bc = \frac{ac}{b}", "UNDECIDED"),  # (a/b) c as TeX reads it, a/(bc) as many mean it
        (r"1/2x = \frac{x}{2}", "UNDECIDED"),
        (r"1/2x = \frac{1}{2x}", "UNDECIDED"),  # was refuted: the other reading holds
        (r"a/b(c+d) = \frac{a(c+d)}{b}", "UNDECIDED"),  # was refuted
        (r"1/2x = \frac{x}{3}", "REFUTED"),  # wrong under both readings
        (r"1/2 \cdot x = \frac{x}{2}", "PROVED"),  # no implicit product after the slash: one reading
        (r"x/2 + 1 = \frac{x+2}{2}", "PROVED"),
    ],
)
def test_a_slash_before_an_implicit_product_has_two_readings(statement, expected):
    verdict, summary = _verdict(statement)
    assert verdict == expected, summary


# --- outputs: names and paths never make a CI command; one line a CSV cell; no lone surrogates in JSON ----------------


def test_printable_never_starts_a_workflow_command():
    from derivax.evidence import printable

    assert not printable("::error file=app.py,line=1::forged").startswith("::")
    assert not printable("  ::stop-commands::token").lstrip().startswith("::")
    assert "##[" not in printable("a ##[error]b")
    assert printable("alice") == "alice"


def test_gradebook_cells_are_one_line_and_json_has_no_lone_surrogates():
    import json

    from derivax.evidence import json_safe
    from derivax.gradebook import spreadsheet_safe

    assert "\n" not in spreadsheet_safe("Eve\n::stop-commands::pwn")
    assert spreadsheet_safe("=1+1").startswith("'")
    assert spreadsheet_safe(3.5) == 3.5
    text = json.dumps(json_safe({"source": "bad\udcffname.yaml", "answers": ["x-1\ud800"]}))
    assert "\\ud" not in text and "\\ufffd" in text


def test_zero_width_and_byte_order_marks_are_shown(tmp_path):
    from derivax.evidence import visible

    assert visible("x\u200by\ufeff\u2028") == "x\\u200by\\ufeff\\u2028"
    assert visible("line one\nline two") == "line one\nline two"


# --- derivations in context: a context file's family definitions; a file that means another thing by a name ----------

from derivax.assignment import assignment_from_text  # noqa: E402
from derivax.steps import check_document  # noqa: E402

SOFTMAX_FILE = """
assignment: probe
symbols:
  'y_k': {kind: scalar, properties: [one-hot]}
definitions:
  - 'a_j = \\frac{e^{z_j}}{\\sum_k e^{z_k}}'
"""


def _steps(document: str, context: str | None = None) -> dict[str, tuple[str, str]]:
    assignment = assignment_from_text(context, "ctx.yaml") if context else None
    # 20 s, not the default 5: instantiated at n = 1..6, the last size's share (0.13 s of CPU) ran out on a loaded CI worker
    results = check_document(document, assignment=assignment, timeout_s=20)
    return {f"{r.left} {r.relation} {r.right}": (r.status, r.message) for r in results}


@pytest.mark.parametrize(("right", "expected"), [("a_j - y_j", "ok"), ("a_j + y_j", "wrong")])
def test_a_context_files_family_definition_reaches_the_entries_of_a_sum(right, expected):
    # a_k inside the sum was a free quantity (dC/dz_j read as 0): the right step was flagged wrong
    document = f"With the cross-entropy $C = -\\sum_k y_k\\ln a_k$:\n\n$$\\frac{{\\partial C}}{{\\partial z_j}} = {right}$$\n"
    found = _steps(document, SOFTMAX_FILE)
    status, message = found[f"\\frac{{\\partial C}}{{\\partial z_j}} = {right}"]
    assert status == expected, message


LABEL_FILE = """
assignment: probe
definitions:
  - 'z = wx + b'
  - 'y = \\sigma(z)'
"""


@pytest.mark.parametrize(
    ("step", "without"),
    [
        (r"\frac{\partial L}{\partial a} = 5(a - y)", "wrong"),  # was ok with the file: a = y = sigma(z), so 0 = 0
        (r"\frac{\partial L}{\partial a} = a - y", "ok"),  # the file's y made it 0 = 0: ok either way
    ],
)
def test_a_context_file_never_turns_a_verdict_of_the_text_around(step, without):
    document = (
        "The prediction is $a = \\sigma(z)$ with label $y$, and the loss is $L = \\frac{1}{2}(a - y)^2$.\n\n"
        f"$$ {step} $$\n"
    )
    alone = _steps(document)
    assert alone[step.replace("$", "").strip()][0] == without
    status, message = _steps(document, LABEL_FILE)[step]
    assert status in (("undecided",) if without == "wrong" else ("ok", "undecided")), message


def test_cross_entropy_with_a_label_is_not_flagged_by_a_file_that_defines_y():
    document = (
        "The prediction is $a = \\sigma(z)$ with label $y$, and the cost is $C = -[y\\ln a + (1-y)\\ln(1-a)]$.\n\n"
        "$$\\frac{\\partial C}{\\partial z} = a - y$$\n"
    )
    status, message = _steps(document, LABEL_FILE)[r"\frac{\partial C}{\partial z} = a - y"]
    assert status != "wrong", message  # it was wrong with the file (y = sigma(z) put in), ok without


@pytest.mark.parametrize(
    ("derivative", "answer", "expected"),
    [
        ("2aw + 2b", r"-\frac{b}{a}", "wrong"),  # the derivative's slip was 'given' and the implication ok
        ("2aw + b", r"-\frac{b}{2a}", "ok"),
    ],
)
def test_a_derivative_worked_out_in_a_premise_is_judged(derivative, answer, expected):
    document = f"Let $f(w) = aw^2 + bw + c$.\n\n$$f'(w) = {derivative} = 0 \\implies w = {answer}$$\n"
    status, message = _steps(document)[f"f'(w) = {derivative}"]
    assert status == expected, message


@pytest.mark.parametrize(
    "statement",
    [r"\sqrt{x}^2 = -1 \Leftrightarrow x = -1", r"x = -1 \Rightarrow \sqrt{x}^2 = -1", r"e^{\ln x} = -2 \Leftrightarrow x = -2"],
)
def test_a_statement_read_as_true_with_a_domain_lost_is_not_proved(statement):
    verdict, summary = _verdict(statement)
    assert verdict == "UNDECIDED", summary


def test_a_statement_read_as_true_without_a_domain_is_still_proved():
    assert _verdict(r"x = 1 \Leftrightarrow x = 1")[0] == "PROVED"


# --- saturation in implications and solution sets: sigma(1000) < 1 holds ----------------------------------------------


@pytest.mark.parametrize(
    ("statement", "expected"),
    [
        (r"x > 0 \Rightarrow \sigma(x) < 1", {"PROVED", "CONFIRMED"}),  # was refuted at x = 1000
        (r"x > 0 \Rightarrow \tanh x < 1", {"PROVED", "CONFIRMED"}),
        (r"x > 0 \Rightarrow \sigma(x) < 1 - 10^{-300}", {"REFUTED"}),  # the wrong twin: fails from x = 691
    ],
)
def test_strict_relations_past_the_digits(statement, expected):
    verdict, summary = _verdict(statement)
    assert verdict in expected, summary


def test_solution_sets_past_the_digits():
    from derivax.equiv import equivalent

    # the key first, the answer second: 'different' at x = 4000000 before (60 digits round sigma there to 1)
    assert equivalent(r"(-\infty, \infty)", r"1 - \sigma(x) > 0")["verdict"] == "equivalent"
    assert equivalent(r"x \in \mathbb{R}", r"\tanh x < 1")["verdict"] == "equivalent"
    assert equivalent(r"x \in \mathbb{R}", r"\tanh x < 1 - 10^{-300}")["verdict"] == "different"


# --- small sums over entries written out; h defined as a quantity multiplies ------------------------------------------


@pytest.mark.parametrize(
    ("statement", "expected"),
    [
        (r"\sum_{i=1}^3 x_i^2+1 = x_1^2+x_2^2+x_3^2+1", "PROVED"),  # was undecided: x[i] and x_1 were not the same
        (r"\sum_{i=1}^3 x_i^2+3 = x_1^2+x_2^2+x_3^2+1", "REFUTED"),
        (r"\sum_{k=1}^{2} w_k x_k = w_1 x_1 + w_2 x_2", "PROVED"),
        (r"\sum_{k=1}^{3} x_k^2 = (\sum_{k=1}^{3} x_k)^2", "REFUTED"),
    ],
)
def test_a_short_sum_over_entries_is_the_entries_written_beside_it(statement, expected):
    verdict, summary = _verdict(statement)
    assert verdict == expected, summary


@pytest.mark.parametrize(("factor", "expected"), [("", "ok"), ("2", "wrong")])
def test_h_defined_as_a_quantity_multiplies_before_parentheses(factor, expected):
    document = f"Let $h = \\sigma(z)$.\n\n$$\\frac{{dh}}{{dz}} = {factor}h(1-h)$$\n"
    status, message = _steps(document)[f"\\frac{{dh}}{{dz}} = {factor}h(1-h)"]
    assert status == expected, message


def test_h_before_parentheses_stays_a_function_where_nothing_defines_it():
    assert str(parse(r"h(1-h)").expr) == "h(1 - h)"


@pytest.mark.parametrize(("display", "expected"), [(r"e^{0} = 1 \neq 2", "ok"), (r"e^{0} = 1 \neq 1", "wrong")])
def test_a_step_with_not_equal_is_judged(display, expected):
    # steps said "relation != is not checked yet" where check decides
    found = _steps(f"$${display}$$\n")
    status, message = found[f"1 != {display.split('neq ')[1]}"]
    assert status == expected, message


@pytest.mark.parametrize(
    ("statement", "expected"),
    [
        (r"f(x) + x = f(x) + 2x", "REFUTED"),  # wrong whatever f is: was undecided ("does not hold for every value")
        (r"\frac{d}{dw} J(w) + 2w = J'(w) + 3w", "REFUTED"),
        (r"f(x) + x = f(x) + x", "PROVED"),
        (r"f(x) \cdot x = f(x) \cdot 2x", "UNDECIDED"),  # holds where f(x) = 0: not wrong for every f
    ],
)
def test_a_difference_free_of_the_unknowns_refutes_whatever_they_are(statement, expected):
    verdict, summary = _verdict(statement)
    assert verdict == expected, summary


@pytest.mark.parametrize(
    ("text", "shown", "hidden"),
    [
        (r"\det \begin{pmatrix} 1 & 2 \\ 3 & 4 \end{pmatrix}", r"\begin{pmatrix}", r"\matbegin"),
        (r"a + d/dx", r"\frac{d}{dx}", r"\derivop"),
    ],
)
def test_a_refusal_names_what_the_student_wrote(text, shown, hidden):
    from derivax.latex import LatexError

    with pytest.raises(LatexError) as refused:
        parse(text)
    assert shown in str(refused.value) and hidden not in str(refused.value)


def test_an_error_without_words_is_named_by_its_kind():
    from derivax.equiv import equivalent
    from derivax.evidence import failure_text

    # session 32 (probe X): a RecursionError says what it means to a grader, with or without Python's words
    assert failure_text(RecursionError()) == "the input is too large or nested too deeply to evaluate (RecursionError)"
    assert "maximum recursion" not in failure_text(RecursionError("maximum recursion depth exceeded in comparison"))
    assert failure_text(ValueError("bad")) == "ValueError: bad"
    reason = equivalent("x = 2", r"\lim_{x \to 0} x = 2")["reason"]
    assert not reason.endswith(": "), reason
