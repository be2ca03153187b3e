"""The LaTeX front end: notation of the field, numbers as students write them, hostile input."""

from __future__ import annotations

import pytest
import sympy as sp

from derivax.latex import LatexError, parse

x, z, w = sp.symbols("x z w")
SIG = 1 / (1 + sp.exp(-z))


@pytest.mark.parametrize(
    ("latex", "expected"),
    [
        (r"\sigma(z)(1-\sigma(z))", SIG * (1 - SIG)),
        (r"|w|\sigma(z)", sp.Abs(w) * SIG),
        (r"\sigma'(z)", sp.exp(-z) / (1 + sp.exp(-z)) ** 2),
        (r"\ln(x)", sp.log(x)),
        (r"\log x", sp.log(x)),
        (r"\log_2 8", sp.Integer(3)),
        (r"e^{-x}", sp.exp(-x)),
        (r"\exp\left(-\frac{x}{2}\right)", sp.exp(-x / 2)),
        (r"\operatorname{ReLU}(x)", sp.Max(0, x)),
        (r"\text{ReLU}(x)", sp.Max(0, x)),
        (r"\mathrm{softplus}(x)", sp.log(1 + sp.exp(x))),
        (r"\cosh^{-1}(x)", sp.acosh(x)),
        (r"\sin^2(x) + \cos^2 x", sp.sin(x) ** 2 + sp.cos(x) ** 2),
        (r"\frac12", sp.Rational(1, 2)),
        (r"\sqrt[3]{x}", sp.sign(x) * sp.Abs(x) ** sp.Rational(1, 3)),  # the real cube root (\sqrt[3]{-8} = -2)
        (r"2e^{x}", 2 * sp.exp(x)),
        (r"\max(0, x)", sp.Max(0, x)),
        (r"x(x+1)", x * (x + 1)),
        (r"\frac{2}{|w|} \ln(|w|)", 2 * sp.log(sp.Abs(w)) / sp.Abs(w)),
    ],
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_notation(latex, expected):
    assert sp.simplify(parse(latex).expr - expected) == 0


@pytest.mark.parametrize(
    ("latex", "value"),
    [
        ("5.001e^{-9}", sp.Rational("5.001e-9")),
        ("5.001e-9", sp.Rational("5.001e-9")),
        (r"5 \cdot 10^{-9}", sp.Rational(5, 10**9)),
        (r"5,499e^{-4}", sp.Rational("5.499e-4")),
        ("2.501e-17", sp.Rational("2.501e-17")),
        ("-0.999 + (-0.999)", sp.Rational("-1.998")),
        ("10^{-8} - 5.001e^{-9}", sp.Rational("4.999e-9")),
    ],
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_numbers_as_students_write_them(latex, value):
    assert parse(latex).expr == value


@pytest.mark.parametrize("spelling", [r"\lambda_{\max}", r"\lambda_{max}", r"\lambda_\max"])
def test_spellings_of_one_symbol(spelling):
    assert parse(spelling).expr == sp.Symbol("lambda_max")


def test_epsilon_spellings_agree():
    assert parse(r"\varepsilon").expr == parse(r"\epsilon").expr


def test_relations_chains_logic_sets():
    assert parse(r"|w| \ge 4").kind == "relation"
    assert parse(r"0 < x < 1").kind == "chain"
    assert parse(r"x < -2 \vee x > 2").kind == "logic"
    assert parse(r"[0, 1)").expr == sp.Interval.Ropen(0, 1)
    assert parse(r"\{1, 2, 3\}").expr == sp.FiniteSet(1, 2, 3)
    assert parse(r"(-\infty, 3] \cup \{5\}").kind == "set"


def test_calculus_forms():
    assert parse(r"\frac{d}{dz}\sigma(z)").expr.doit() == sp.diff(SIG, z)
    assert isinstance(parse(r"\lim_{n\to\infty}(1+1/n)^n").expr, sp.Limit)
    assert isinstance(parse(r"\sum_{i=1}^{n} i^2").expr, sp.Sum)
    zj = sp.Symbol("z_j")
    assert parse(r"\frac{\partial C}{\partial z_j}").expr == sp.Function("dC_dz_j")(zj)  # opaque, never 0


@pytest.mark.parametrize(
    ("latex", "message"),
    [
        ("", "empty input"),
        (r"\frac{1}{", "ends too early"),
        (r"\input{/etc/passwd}", r"\\input is not allowed"),
        (r"\def\x{1}", r"\\def is not allowed"),
        ("__import__('os').system('ls')", "cannot parse"),
        ("x" * 5000, "limit is 4000"),
        (r"x \mapsto x", "cannot parse"),
        (r"\begin{cases} 0 & x \\ 1 & y \end{cases}", "a case's condition must be a relation"),
        (r"f(x_1, \dots, x_n)", r"an ellipsis"),
    ],
    ids=["empty", "unfinished", "input", "def", "python", "too-long", "mapsto", "cases", "dots"],
)
def test_hostile_input_gets_a_message(latex, message):
    with pytest.raises(LatexError, match=message):
        parse(latex)


def test_an_unknown_operator_is_a_function_defined_elsewhere():
    x = sp.Symbol("x")
    assert parse(r"\operatorname{frobnicate}(x)").expr == sp.Function("frobnicate")(x)


def test_case_is_kept():
    assert parse("x").expr != parse("X").expr


@pytest.mark.parametrize(
    ("latex", "construct"),
    [
        (r"\frac{\lambda}{\partial L}", r"\\partial outside a derivative quotient"),
        (r"2 Gaussian : N(0,1)", "the character ':'"),
        (r"f(x_1, \dots, x_n)", r"an ellipsis \(\\dots\)"),
        (r"a_1 + \dots + b_n", "do not differ only in one index"),
        (r"x \mapsto x", r"the command \\mapsto"),
        (r"\sum_{0 \ge j \ge 5} j", "index condition"),
    ],
)
def test_what_is_not_read_is_named(latex, construct):
    with pytest.raises(LatexError, match=construct):
        parse(latex)
