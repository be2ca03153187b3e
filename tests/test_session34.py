"""Session 34: the findings of probes AA (one question through check, equiv, grade and steps), AB (thin regions)
and AC (hostile input), each with a right case and its wrong twin."""

from __future__ import annotations

import textwrap

import pytest

from derivax.steps import check_document


def _results(document: str) -> dict[tuple[str, str], tuple[str, str]]:
    results = check_document(textwrap.dedent(document), timeout_s=10)
    return {(r.left, r.right): (r.status, r.message) for r in results}


# Probe AA: a chain's decimal was read as a new value of pi for the whole document.


@pytest.mark.parametrize(
    ("text", "defines"),
    [
        ("$$ \\pi = 3.14 = 3.14 $$", False),  # read as pi = 3 (the full stop of 3.14 taken for a sentence's end)
        ("Let $\\pi = 0.3$.", True),  # Bishop's mixture weight
        ("Let $\\pi = 0.3$. Then", True),
        ("where $\\pi = 3.14159$.", False),
        ("where \\pi = 2.", True),
        ("$$\\pi = 0.25, \\mu = 1$$", True),
    ],
)
def test_a_value_of_pi_is_read_whole(text, defines):
    from derivax import documents

    assert documents.defines_pi(text) is defines


def test_a_chain_opening_with_pi_never_gives_pi_a_new_value():
    right = _results("# Q\n\n$$ \\pi = 3.14 = 3.14 $$\n\n$$ \\cos \\pi = -1 = -1 $$\n")
    assert right[("\\cos \\pi", "-1")][0] == "ok"  # flagged wrong before: cos(3) is not -1
    wrong = _results("# Q\n\n$$ \\pi = 3.14 = 3.14 $$\n\n$$ 100\\pi = 314 = 314 $$\n")
    assert wrong[("100\\pi", "314")][0] == "wrong"  # ok before: 100 * 3.14
    identity = _results("$$ \\pi = 3.14 = 3.14 $$\n\n$$ \\sin(\\pi - x) = \\sin x = \\sin x $$\n")
    assert identity[("\\sin(\\pi - x)", "\\sin x")][0] == "ok"  # undecided before: "pi on one side only"


# Probe AC: pairing bare bars searched every way to pair them before any time limit had started.


@pytest.mark.parametrize("hostile", ["|x|" * 30, "|a|b" * 20, "x|y|" * 20, "|x|" * 60])
def test_pairing_bars_takes_polynomial_time(hostile):
    import time

    from derivax import latex

    start = time.process_time()
    latex._paired_bars(hostile)
    latex._paired_bars(hostile, 1)
    assert time.process_time() - start < 5.0  # milliseconds now; minutes before (30 bars of |x|)


@pytest.mark.parametrize(
    ("statement", "verdict"),
    [
        ("|x||y| = |xy|", "PROVED"),
        ("|x| |y| + |x| = |x|(|y| + 1)", "PROVED"),
        ("|x||y| = |x + y|", "REFUTED"),
        ("|x|y| + 1| = |xy| + 1", "REFUTED"),  # x = -1, y = 1
    ],
)
def test_bars_still_pair_as_written(statement, verdict):
    from derivax.judge import check_statement
    from derivax.latex import parse

    assert check_statement(parse(statement), timeout_s=10).verdict.name == verdict


# Probe AB: true statements refuted outside their domain.


def _verdict(statement: str, *assumed: str) -> str:
    from derivax.judge import check_statement
    from derivax.latex import parse

    return check_statement(parse(statement), [parse(a) for a in assumed], timeout_s=10).verdict.name


@pytest.mark.parametrize(
    ("statement", "holds"),
    [
        ("\\frac{x^2}{x} \\ne 0", True),  # refuted "at x = 0" by a change of sign across the point it has no value
        ("\\frac{x^3}{x^2} \\ne 0", True),
        ("\\frac{x^2}{x} \\ne 1", False),
        ("\\frac{x \\cos x}{x} \\ne x", False),  # equal at the Dottie number, inside the domain
    ],
)
def test_a_change_of_sign_across_a_point_without_a_value_refutes_nothing(statement, holds):
    assert _verdict(statement) in (("PROVED", "CONFIRMED") if holds else ("REFUTED",))


def test_a_sums_bound_starts_at_one_unless_the_domain_starts_at_zero():
    harmonic = "\\sum_{k=1}^{n} \\frac{1}{k} > \\ln(n+1)"  # H_n > ln(n + 1) for n >= 1; equal at the empty sum
    assert _verdict(harmonic) == "CONFIRMED"  # refuted at n = 0 before: ln(n + 1) is defined there, no more
    assert _verdict(harmonic, "n \\ge 0") == "REFUTED"  # n = 0 stated: 0 > 0 fails
    assert _verdict("\\sum_{k=1}^{n} \\frac{1}{k} > \\ln(n+2)") == "REFUTED"  # at n = 1


@pytest.mark.parametrize(
    ("statement", "holds"),
    [
        ("(x - \\cos x)^2 + y > 0 + y", False),  # equal at the Dottie number for every y: confirmed before
        ("(x - \\cos x)^2 + y \\ge y", True),
        ("1 - \\tanh(x) > 10^{-1000}", False),  # fails from x = 1152 on; the first tie (x = 1000) held: confirmed before
        ("1 - \\tanh(x) > 0", True),
        ("\\sigma(x) \\le 1 - 10^{-5000}", False),  # fails from x = 11,513 on, between the depths tried: confirmed before
        ("\\sigma(x) \\le 1", True),
        ("e^{-10^{12}(x - \\cos x)^2} < 0.5", False),  # false within 10^{-6} of the Dottie number: confirmed before
        ("e^{-10^{12}(x - \\cos x)^2} \\le 1", True),
        ("(x - e^{-x})^4 > 10^{-40}", False),  # false within 10^{-10} of x = 0.567...: confirmed before
        ("(x - e^{-x})^4 \\ge 0", True),
    ],
)
def test_thin_and_deep_failures_are_found(statement, holds):
    assert _verdict(statement) in (("PROVED", "CONFIRMED") if holds else ("REFUTED",))


def test_a_root_no_formula_gives_is_proposed_to_digits_one_can_type():
    import sympy as sp

    from derivax import slivers

    x = sp.Symbol("x")
    roots = slivers._crossings(x - sp.exp(-x), x)
    assert roots[0] == sp.Rational("0.56714329040978387")  # Omega to 17 digits, then to 60
    assert abs(roots[1] - sp.LambertW(1)).evalf(80) < 1e-59
    assert slivers._crossings(x**2 - 2, x) == []  # a polynomial's roots come from SymPy


def test_a_strict_order_that_fails_by_a_tie_is_not_said_to_differ():
    found = _results("$$ (x - y)^2 + 2xy = x^2 + y^2 > 2xy $$\n")
    status, message = found[("x^2 + y^2", "2xy")]
    assert status == "wrong" and message.startswith("the relation > fails at")  # "the sides differ ... 0.0, 0.0" before
    wrong = _results("$$ (x - y)^2 + 2xy = x^2 + y^2 + 1 = y^2 + x^2 + 1 $$\n")
    assert wrong[("(x - y)^2 + 2xy", "x^2 + y^2 + 1")][1].startswith("the sides differ at")


# Probe AA: a sum over a numeric range names the entries written beside it, in equiv and steps as in check.


@pytest.mark.parametrize(
    ("answer", "verdict", "status"),
    [
        ("(x_1+x_2+x_3)^2", "different", "wrong"),  # undecided in both before ("x[...] defined elsewhere", "x_1 on one side")
        ("x_3^2 + x_2^2 + x_1^2", "equivalent", "ok"),
        ("x_1^2 + x_2^2", "different", "undecided"),  # steps: x_3 on one side only, never flagged (its rule)
    ],
)
def test_a_sum_over_a_numeric_range_names_its_entries(answer, verdict, status):
    from derivax.equiv import equivalent

    key = "\\sum_{i=1}^{3} x_i^2"
    assert equivalent(key, answer)["verdict"] == verdict
    found = _results(f"$$ {key} = {answer} = {answer} $$\n")
    assert found[(key, answer)][0] == status


def test_a_workers_deadline_counts_its_cpu_seconds():
    import os

    from derivax import workerpool

    assert workerpool._task_seconds(10.0, 1.0, 3.0) == 2.5  # loaded: 2 s of CPU in 10 s of wall clock, a quarter counts
    assert workerpool._task_seconds(3.0, 1.0, 7.0) == 6.0  # threads: CPU past the wall clock counts in full
    assert workerpool._task_seconds(3.0, None, None) == 3.0  # no /proc: the wall clock
    mine = workerpool._cpu_seconds(os.getpid())
    assert mine is None or mine > 0
    assert workerpool._cpu_seconds(None) is None


@pytest.mark.parametrize(
    ("statement", "holds"),
    [
        ("(x - \\cos x)^2 + y^2 > 0", False),  # 0 at the Dottie number with y = 0: confirmed before
        ("(x - \\cos x)^2 + y^2 + 1 > 0", True),
        ("(x - \\cos x)^2 + (y - 1)^2 \\ne 0", False),  # with y = 1
        ("(x - \\cos x)^2 + (y - \\frac{1}{3})^4 > -1", True),
    ],
)
def test_a_crossing_in_one_variable_once_the_others_are_put_in(statement, holds):
    assert _verdict(statement) in (("PROVED", "CONFIRMED") if holds else ("REFUTED",))
