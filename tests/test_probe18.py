"""Session 18's false verdicts: each with a right case and a wrong twin."""

from __future__ import annotations

import pytest
import sympy as sp

from derivax.judge import check_statement
from derivax.latex import parse
from derivax.steps import check_document


def _judged(text: str, *assumptions: str):
    return check_statement(parse(text), [parse(a) for a in assumptions])


def _verdict(text: str, *assumptions: str) -> str:
    return _judged(text, *assumptions).verdict.name


def test_a_divergent_series_is_no_number():
    # sum beta^i = 1/(1 - beta) for beta > 0 was confirmed: beta = 2, where the series diverges, counted as outside
    # the domain (as a log of a negative number does), and the points in (0, 1) agreed
    refuted = _judged(r"\sum_{i=0}^{\infty} \beta^i = \frac{1}{1-\beta}", r"\beta > 0")
    assert refuted.verdict.name == "REFUTED", refuted
    assert refuted.counterexample.lhs == "diverges" and refuted.counterexample.point[sp.Symbol("beta")] >= 1
    assert _verdict(r"\sum_{i=0}^{\infty} \beta^i = \frac{1}{1-\beta}", r"0 < \beta < 1") in ("PROVED", "CONFIRMED")
    assert _verdict(r"\sum_{n=1}^{\infty} \frac{1}{n} = 2") == "REFUTED"  # no symbols: the one evaluation diverges
    assert _verdict(r"\sum_{n=1}^{\infty} \frac{1}{n^2} = \frac{\pi^2}{6}") == "PROVED"
    # an inequality is no equation: a series that diverges to infinity exceeds 5 (nothing refutes it by divergence)
    assert _verdict(r"\sum_{n=1}^{\infty} \frac{1}{n} > 5") != "REFUTED"


def test_a_step_with_a_series_that_diverges_somewhere_is_not_flagged():
    # a document that means 0 < gamma < 1 without saying it in a form derivax reads: undecided, never wrong
    chain = "$$G = \\sum_{t=0}^{\\infty} \\gamma^t r = \\frac{r}{1-\\gamma}$$\n"
    results = [r for r in check_document(chain) if r.status != "given"]
    assert results and results[-1].status == "undecided" and "diverges" in results[-1].message, results
    slip = "$$G = \\sum_{t=0}^{\\infty} \\gamma^t r = \\frac{r}{1+\\gamma}$$\n"  # wrong where the series converges too
    assert [r.status for r in check_document(slip) if r.status != "given"][-1] == "wrong"


@pytest.mark.parametrize(
    ("relation", "verdict"),
    [
        # the sides agree to 150 digits: SymPy's evalf raises its precision until their difference shows
        (r"\tanh(400) = 1", "REFUTED"),
        (r"\tanh(400) < 1", "CONFIRMED"),
        (r"\tanh(400) \ge 1", "REFUTED"),
        (r"2^{1000} + 1 \le 2^{1000}", "REFUTED"),
        (r"2^{1000} + 1 > 2^{1000}", "PROVED"),
        (r"1 + 10^{-400} < 1", "REFUTED"),
        (r"\cos(\pi/7) = \sin(5\pi/14)", "PROVED"),
    ],
)
def test_constants_that_differ_past_150_digits(relation, verdict):
    assert _verdict(relation) == verdict


def test_a_strict_inequality_that_ties_where_sympy_cannot_solve():
    # e^x - e x^{e - 1} = 0 has no solution SymPy finds; its zero, found by mpmath and named (e), is where e^x = x^e
    tied = _judged("e^x > x^e", "x > 0")
    assert tied.verdict.name == "REFUTED" and tied.counterexample.point[sp.Symbol("x")] == sp.E, tied
    assert _verdict("e^x \\ge x^e", "x > 0") == "CONFIRMED"
    assert _verdict("e^x > x^e", "x > 3") == "CONFIRMED"


def test_scientific_notation_with_a_positive_exponent_keeps_its_digits():
    # 6.0 \times 10^{23} was the whole number 600...0 (exact), so 6.02 \times 10^{23} \approx 6.0 \times 10^{23} was refuted
    assert _verdict(r"6.02 \times 10^{23} \approx 6.0 \times 10^{23}") == "CONFIRMED"
    assert _verdict(r"6.2 \times 10^{23} \approx 6.0 \times 10^{23}") == "REFUTED"
    assert _verdict(r"6.0 \times 10^{23} \cdot 2 = 1.2 \times 10^{24}") == "PROVED"
    assert parse(r"6.0 \times 10^{23}").expr == 6 * sp.Integer(10) ** 23
    assert parse("6 \\times 10^{23}").numbers == ("600000000000000000000000",)  # a whole mantissa: exact, as before


def test_a_number_past_pythons_4300_digit_limit_is_printed(tmp_path):
    # 10^{-5000} is read (exact powers of up to 100,000 digits are), and printing it raised ValueError: a traceback
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "derivax.cli", "check", "e^x + 10^{-5000} > e^x", "--json"], capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr[-2000:]
    assert "exp(x) + 1/" in parse("e^x + 10^{-5000} > e^x").read_as  # in-process too, whatever the interpreter's limit
