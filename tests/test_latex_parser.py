r"""How LaTeX is read fast without reading it differently: the Earley shortcuts and the memo of checks/latex.py.

The shortcuts (:class:`derivax.latex._IndexedEarley`) must build the very tree lark's own Earley parser
builds, on every kind of input; the memo must give back what a new reading would, refusals included.
Speed itself is measured in benchmarks/parse_speed.py, never here.
"""

from __future__ import annotations

import functools

import lark
import pytest
import sympy as sp
from lark import Lark

from derivax import latex
from derivax.latex import LatexError, alternative_readings, parse
from tests.readings_table import READINGS


@functools.lru_cache(maxsize=1)
def _lark_parser() -> Lark:
    """The grammar under lark's own Earley parser, without derivax's shortcuts."""
    return Lark(latex.GRAMMAR, parser="earley", ambiguity="resolve", propagate_positions=False)


def test_the_shortcuts_are_in_use():
    """They were checked against lark 1.3's Earley parser; on another lark, lark's own parser reads (slower)."""
    if not lark.__version__.startswith("1.3."):
        pytest.skip(f"lark {lark.__version__}: the shortcuts are off")
    assert type(latex._parser().parser.parser) is latex._IndexedEarley


# Every fourth input of the readings table (all its families), and inputs lark refuses.
SAMPLE = [text for text, _ in READINGS[::4]]


@pytest.mark.parametrize("text", SAMPLE)
def test_the_shortcuts_build_the_tree_lark_builds(text):
    source = latex.normalize(text)
    try:
        expected = _lark_parser().parse(source)
    except Exception as error:  # lark refuses it: so must the shortcuts, at the same place
        with pytest.raises(type(error)) as refused:
            latex._parser().parse(source)
        assert getattr(refused.value, "pos_in_stream", None) == getattr(error, "pos_in_stream", None)
        return
    assert latex._parser().parse(source) == expected


@pytest.mark.parametrize("text", [r"\frac{1}{x} +", r"x_{(1)} = 2", r"\sum_{i=1}^{n} \partial x", r"x^"])
def test_the_shortcuts_refuse_what_lark_refuses(text):
    source = latex.normalize(text)
    with pytest.raises(Exception) as lark_error:
        _lark_parser().parse(source)
    with pytest.raises(type(lark_error.value)) as ours:
        latex._parser().parse(source)
    assert getattr(ours.value, "pos_in_stream", None) == getattr(lark_error.value, "pos_in_stream", None)


def test_a_remembered_reading_is_the_reading():
    text = r"3\frac{d}{dw}\left(w^2\right) + \sqrt{u} = \ln(v)"
    first = parse(text)
    again = parse(text)
    assert again == first
    assert again.expr == first.expr and again.domain == first.domain and again.spellings == first.spellings
    latex._MEMO.clear()
    latex._SOURCES.clear()
    assert parse(text) == first  # a new reading gives the same


def test_spellings_that_normalize_alike_are_read_once_and_keep_their_text(monkeypatch):
    """``\\dfrac`` and ``\\frac``, ``\\left(`` and ``(``, a final full stop: one reading of the normalized source."""
    first = parse(r"\frac{1}{n} + (a - b)")
    calls = []
    real = latex._read_source
    monkeypatch.setattr(latex, "_read_source", lambda *args: calls.append(args[1]) or real(*args))
    for text in (r"\dfrac{1}{n} + \left(a - b\right).", r"\displaystyle \tfrac{1}{n} + (a - b)"):
        again = parse(text)
        assert again.text == text and again.expr == first.expr and again.numbers == first.numbers
        assert again.domain == first.domain and again.spellings == first.spellings
    refusal = r"\frac{1}{n} + \sqrt{"
    with pytest.raises(LatexError) as one:
        parse(refusal)
    with pytest.raises(LatexError) as other:
        parse(refusal + ".")
    assert str(one.value) == str(other.value)
    assert len(calls) == len(set(calls))  # each normalized source read at most once


def test_a_remembered_refusal_is_raised_again_as_a_new_error():
    text = r"\frac{1}{x} + \int x"
    with pytest.raises(LatexError) as first:
        parse(text)
    with pytest.raises(LatexError) as again:
        parse(text)
    assert str(again.value) == str(first.value) and "integral" in str(again.value)
    assert again.value is not first.value and again.value.position == first.value.position


def test_the_memo_keys_on_the_options():
    text = "x + " * 30 + "x"
    assert parse(text).expr == 31 * latex.sp.Symbol("x")
    with pytest.raises(LatexError, match="limit is 20"):
        parse(text, max_length=20)


def test_a_reading_out_of_time_is_not_remembered(monkeypatch):
    """Running out of time depends on the machine's load: the next parse of the same input tries again."""
    text = r"\sum_{i=1}^{n} (a_i + b_i)^2 = 0"
    real = latex._read

    def out_of_time(*args: object) -> None:
        raise latex._overtime("parsing took over 2 s", text)

    monkeypatch.setattr(latex, "_read", out_of_time)
    with pytest.raises(LatexError, match="took over") as error:
        parse(text)
    assert error.value.overtime
    monkeypatch.setattr(latex, "_read", real)
    assert parse(text).kind == "relation"  # read this time, and remembered
    assert (text, latex.MAX_LENGTH, 2.0) in latex._MEMO


def test_second_readings_survive_the_memo():
    """``a(b+c)``: the product as read, and the function a as a second reading, on every parse of it."""
    text = r"a(b+c) = d"
    first = alternative_readings(parse(text).expr)
    latex._CALL_READINGS.clear()  # the registry of second readings is bounded: an old one may be gone
    assert alternative_readings(parse(text).expr) == first
    assert any("function a" in description for description, _ in first)


def test_a_reading_cannot_be_changed_by_its_caller():
    parsed = parse(r"x^2 + y \in [0, 1)")
    with pytest.raises(AttributeError):
        parsed.expr = 0  # type: ignore[misc]
    assert isinstance(parsed.spellings, tuple) and isinstance(parsed.domain, tuple) and isinstance(parsed.numbers, tuple)


@pytest.mark.parametrize(
    "text",
    [r"a \leftarrow b", r"w \gets w - \eta g", r"x \geqq 1", r"a \neqq b", r"a \lesssim b", r"\sigmax", r"\pix + 1", r"e^{a \leftarrow b}"],
)
def test_a_command_is_read_whole_as_tex_reads_it_or_refused(text):
    # The grammar's \le is a prefix of \leftarrow: read letter by letter, 'a \leftarrow b' was the relation
    # a <= b*f*t*a*r*r*o*w. TeX takes the longest run of letters as the command's name, and so does derivax.
    with pytest.raises(LatexError, match=r"the command \\[a-zA-Z]+ is not one derivax reads"):
        parse(text)


@pytest.mark.parametrize("text", [r"a \neg b", r"x \neg 1"])
def test_a_known_command_that_starts_with_a_relation_is_never_the_relation(text):
    # \neg (a command the grammar reads, for logic) starts with \ne: 'a \neg b' was Ne(a, b*g), 'x \neg 1' Ne(x, g)
    with pytest.raises(LatexError):
        parse(text)
    assert str(parse(r"a \ne b").expr) == "Ne(a, b)" and str(parse(r"\neg (x > 1)").expr) == "x <= 1"


def test_commands_the_grammar_reads_and_names_in_subscripts_are_still_read():
    assert str(parse(r"a \le b").expr) == "a <= b"
    assert str(parse(r"a \leq b \geq c").expr) is not None
    assert parse(r"\sigma(x) \cdot \pi").read_as == "pi/(1 + exp(-x))"
    assert "sim" in parse(r"E_{x \sim p}[x]").read_as  # a subscript is part of a name, whatever it holds


@pytest.mark.parametrize("text", [r"\sigma^{-1}(y)", r"f^{-1}(x)", r"g^{-1}\left(y\right)", r"\sigma^-1(y) = \ln\frac{y}{1-y}"])
def test_an_inverse_function_before_parentheses_is_refused_not_read_as_a_product(text):
    # sigma^{-1}(y) was y/sigma, which refuted the logit identity sigma^{-1}(y) = ln(y/(1-y)) at sigma = 1.
    with pytest.raises(LatexError, match="an inverse function before parentheses"):
        parse(text)
    assert parse(r"x^{-1}(a+b)").read_as == "(a + b)/x"  # a variable's inverse times a bracket stays a product


@pytest.mark.parametrize("text", [r"\sec^{-1}(x)", r"\cot^{-1} x", r"\operatorname{sech}^{-1}(x)", r"\operatorname{softmax}^{-1}(z)"])
def test_the_minus_first_power_of_a_function_without_an_agreed_inverse_is_refused(text):
    # \sec^{-1}(x) was 1/sec(x) = cos(x), though by the convention of \sin^{-1} it is arcsec; and a named function's
    # power was dropped (\operatorname{softmax}^2(z) read softmax(z)). The powers that are agreed stay read.
    with pytest.raises(LatexError, match="the inverse function or the reciprocal"):
        parse(text)
    assert parse(r"\sin^{-1}(x)").read_as == "asin(x)" and parse(r"\tanh^{-1} x").read_as == "atanh(x)"
    assert parse(r"\operatorname{softmax}^2(z)").read_as == "softmax(z)**2"


@pytest.mark.parametrize("text", [r"\frac{d}{dx}\Big|_{x=0} x^2", r"\frac{d}{dx}\Big|_{x=0} x^2 = 0", r"x < y|_{y=1}"])
def test_an_evaluation_bar_inside_an_expression_is_refused_by_name(text):
    with pytest.raises(LatexError, match="an evaluation bar"):
        parse(text)


def test_an_evaluation_bar_that_ends_a_side_substitutes_after_differentiating():
    # it was refused everywhere; at the end of a side (or an answer) the body is read, then x replaced by the value
    x = sp.Symbol("x")
    assert parse(r"\left.\frac{d}{dx} x^2 \right|_{x=1}").expr == sp.Subs(sp.Derivative(x**2, x), x, 1)
    assert parse(r"f'(x)\big|_{x=0}").expr == sp.Subs(sp.Derivative(sp.Function("f")(x), x), x, 0)
    assert parse(r"x^2 + 1 \Big|_{x = 2}").expr == 5
    assert parse(r"\left.\frac{d}{dx}x^3\right|_{x=2} = 12").expr == sp.Eq(sp.Subs(sp.Derivative(x**3, x), x, 2), 12)
    assert parse(r"\frac{1}{x}\bigg|_{x=0}").domain == (sp.false,)  # undefined there, never a number
    with pytest.raises(LatexError, match="needs a name before ="):
        parse(r"x^2 \Big|_{2=x}")


def test_plus_minus_is_two_solutions_or_a_set_of_two_values():
    x, a, b, c = sp.symbols("x a b c")
    assert parse(r"x = \pm 1").expr == sp.Or(sp.Eq(x, 1), sp.Eq(x, -1))
    assert parse(r"x = \mp 2").expr == sp.Or(sp.Eq(x, -2), sp.Eq(x, 2))
    roots = parse(r"\frac{-b \pm \sqrt{b^2 - 4ac}}{2a}")
    assert roots.kind == "set" and roots.expr == sp.FiniteSet(*((-b + s * sp.sqrt(b**2 - 4 * a * c)) / (2 * a) for s in (1, -1)))
    for refused, why in ((r"x \pm 1 < 2", "equation"), (r"x = \pm 1 \pm 2", "more than one")):
        with pytest.raises(LatexError, match=why):
            parse(refused)


def test_plus_minus_in_a_derivation_is_judged_as_two_solutions():
    from derivax.steps import check_document

    right = "With $f(x) = x^3 - 3x$,\n$$f'(x) = 3x^2 - 3 = 0 \\implies x = \\pm 1.$$\n"
    (step,) = [r for r in check_document(right, timeout_s=10) if r.relation == "=>"]
    assert step.status == "ok"
    (twin,) = [r for r in check_document(right.replace(r"\pm 1", r"\pm 2"), timeout_s=10) if r.relation == "=>"]
    assert twin.status == "wrong" and twin.counterexample is not None


@pytest.mark.parametrize(
    ("braced", "plain"),
    [
        (r"\frac{\partial{p_j}}{\partial{o_i}}", r"\frac{\partial p_j}{\partial o_i}"),
        (r"\frac{\partial{p_j}}{\partial o_i}", r"\frac{\partial p_j}{\partial o_i}"),
        (r"\frac{d{y}}{d{x}}", r"\frac{dy}{dx}"),  # was the fraction y/x: a derivative read as a quotient
        (r"\frac{\partial}{\partial{x}} x^2", r"\frac{\partial}{\partial x} x^2"),
        (r"\frac{\partial{}}{\partial{x}} x^2", r"\frac{\partial}{\partial x} x^2"),
        (r"\frac{\mathrm{d}{y}}{\mathrm{d}{x}}", r"\frac{dy}{dx}"),
        (r"\frac{\partial{\log p_k}}{\partial{o_i}}", r"\frac{\partial \log p_k}{\partial o_i}"),
    ],
)
def test_braces_around_a_leibniz_part_are_grouping_only(braced, plain):
    assert parse(braced).expr == parse(plain).expr
    assert parse(r"\frac{a{b}}{c{d}}").expr == parse(r"\frac{ab}{cd}").expr  # not Leibniz: untouched


def test_a_quotient_of_partials_of_one_family_is_a_derivative_and_greek_top_is_a_transpose():
    o_k = sp.Symbol("o_k")
    softmax = parse(r"\frac{\partial \frac{e^{o_i}}{\sum_j e^{o_j}}}{\partial o_k}").expr
    assert isinstance(softmax, sp.Derivative) and softmax.variables == (o_k,)
    # a top with anything outside the bottom's family may depend on it: opaque, as before
    assert parse(r"\frac{\partial \log p_k}{\partial o_i}").expr.func.__name__ == "d_wrt"
    assert parse(r"\theta^\top x").expr == parse(r"\theta^{\intercal} x").expr
    assert "transpose" in str(parse(r"\theta^\top x").expr)
    assert parse(r"\beta^T").expr == sp.Symbol("beta") ** sp.Symbol("T")  # ^T on a Greek letter stays a power


def test_a_sum_with_an_upper_bound_alone_runs_from_one():
    j, C = sp.symbols("j C")
    y = sp.IndexedBase("y")
    assert parse(r"\sum_j^C y_j").expr == parse(r"\sum_{j=1}^{C} y_j").expr == sp.Sum(y[j], (j, 1, C))
    assert parse(r"\sum_{j}^{C} y_j").expr == sp.Sum(y[j], (j, 1, C))
    with pytest.raises(LatexError, match="one index"):
        parse(r"\sum_{i,j}^n x_i")


def test_markdowns_escaped_underscore_is_a_subscript():
    assert parse(r"\sum\_{i=1}^{m} x_i").expr == parse(r"\sum_{i=1}^{m} x_i").expr
    assert parse(r"x\_1 + x_1").expr == 2 * sp.Symbol("x_1")


def test_a_labelled_example_inside_a_sum_over_its_label_is_an_entry():
    # FALSE PROOF before: \frac{1}{m}\sum_{i=1}^m x^{(i)} = x^{(i)} was proved (the sum read as m x^{(i)}).
    from derivax.judge import check_statement

    i, m = sp.symbols("i m")
    assert parse(r"\sum_{i=1}^m x^{(i)}").expr == sp.Sum(sp.IndexedBase("x__")[i], (i, 1, m))
    assert check_statement(parse(r"\frac{1}{m}\sum_{i=1}^m x^{(i)} = x^{(i)}")).verdict.value == "undecided"
    linear = r"\sum_{i=1}^m (x^{(i)} + y^{(i)}) = \sum_{i=1}^m x^{(i)} + \sum_{i=1}^m y^{(i)}"
    assert check_statement(parse(linear)).verdict.value in ("proved", "confirmed")
    twin = check_statement(parse(r"\sum_{i=1}^m 2 x^{(i)} = 2 + \sum_{i=1}^m x^{(i)}"))
    assert twin.verdict.value == "refuted" and twin.counterexample is not None
    assert parse(r"a^{(l)}").expr == sp.Symbol("a__l")  # outside a sum over l: the layer's name, as before
