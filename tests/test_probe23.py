"""Session 23: verdicts that rested on how long SymPy's first call took, and points inside thin intervals.

Each fix has a right case and a wrong twin; see tests/FINDINGS.md, "Session 23".
"""

from __future__ import annotations

import math
from fractions import Fraction

import mpmath
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from derivax import solutions
from derivax.interval import enclosure
from derivax.judge import check_statement
from derivax.latex import parse
from derivax.setsolve import in_interval, simplest_between, simplest_inside
from derivax.steps import check_document


def _verdict(text: str, *assume: str) -> tuple[str, str]:
    judged = check_statement(parse(text), [parse(a) for a in assume])
    return judged.verdict.name, f"{judged.method}: {judged.reason}"


# --- the simplest fraction inside an interval, by continued fractions ------------------------------------------------


def _simplest_by_search(low: Fraction, high: Fraction) -> Fraction:
    """The fraction of least denominator in (low, high), the one nearest 0 among those: by trying every denominator."""
    q = 1
    while True:
        inside = [Fraction(p, q) for p in range(math.floor(low * q), math.ceil(high * q) + 1) if low < Fraction(p, q) < high]
        if inside:
            return min(inside, key=abs)
        q += 1


fractions = st.fractions(min_value=-50, max_value=50, max_denominator=60)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(fractions, st.fractions(min_value=Fraction(1, 60), max_value=20, max_denominator=60))
def test_the_simplest_fraction_between_two_is_the_one_a_search_finds(low, width):
    assert simplest_between(low, low + width) == _simplest_by_search(low, low + width)
    # an infinite end: the integer nearest 0 on that side
    assert simplest_between(low, None) == (0 if low < 0 else math.floor(low) + 1)
    assert simplest_between(None, low) == (0 if low > 0 else math.ceil(low) - 1)


def test_a_point_inside_an_interval_whose_end_sympy_rounds_to_infinity():
    # atanh(1 - 10^{-30}) is oo at SymPy's default precision: every candidate 34 + 1/q was asked of SymPy (3 s) in vain
    end = sp.atanh(sp.Rational(10**30 - 1, 10**30))
    with sp.evaluate(False):  # SymPy's own Interval(34, end) is empty or not by what it evaluated before (oo - 34 < 0?)
        closed, opened = sp.Interval(34, end), sp.Interval.open(34, end)
    assert simplest_inside(closed) == 34  # a closed rational end is in the set
    assert solutions._interval_points(opened) == [sp.Rational(69, 2)]
    assert simplest_inside(sp.Interval(sp.sqrt(2), sp.Rational(1415, 1000))) == sp.Rational(58, 41)
    assert simplest_inside(sp.Interval(-sp.oo, -4)) == -4 and simplest_inside(sp.Interval.open(-sp.oo, -4)) == -5
    # ends closer than the enclosures' digits: no point claimed (the caller takes the midpoint, checked at 150 digits)
    assert simplest_inside(sp.Interval(sp.sqrt(2), sp.sqrt(2) + sp.Rational(1, 10**100))) is None
    assert simplest_inside(sp.FiniteSet(3)) is None


# --- interval enclosures of the inverse hyperbolic functions ---------------------------------------------------------


@settings(max_examples=150, deadline=None, derandomize=True)
@given(st.fractions(min_value=-50, max_value=50, max_denominator=1000), st.sampled_from(["atanh", "asinh", "acosh"]))
def test_an_inverse_hyperbolic_value_lies_in_its_enclosure(v, name):
    expr = getattr(sp, name)(sp.Rational(v.numerator, v.denominator))
    bounds = enclosure(expr, 30)
    defined = {"atanh": -1 < v < 1, "asinh": True, "acosh": v >= 1}[name]
    if not defined:
        assert bounds is None, expr  # the wrong twin: no real value, no enclosure
        return
    assert bounds is not None, expr
    with mpmath.workdps(60):
        value = getattr(mpmath, name)(mpmath.mpf(v.numerator) / v.denominator)
        assert bounds[0] <= value <= bounds[1], (expr, bounds, value)
        assert bounds[1] - bounds[0] <= mpmath.mpf(10) ** -20 * max(1, abs(value)), (expr, bounds)


def test_a_negative_end_is_compared_with_its_sign():
    # the fraction of an enclosure's end dropped its sign (mpf.man_exp): -1 was inside (-4, -e)
    assert in_interval(sp.Interval.open(-4, -sp.E), -1) is sp.false
    assert in_interval(sp.Interval.open(-4, -sp.E), -3) is sp.true
    assert in_interval(sp.Interval.open(-sp.atanh(sp.Rational(1, 2)), 0), sp.Rational(-1, 2)) is sp.true
    assert in_interval(sp.Interval.open(-sp.atanh(sp.Rational(1, 2)), 0), sp.Rational(-3, 5)) is sp.false


# --- an implication whose premise SymPy cannot solve in time ---------------------------------------------------------


@pytest.fixture
def premise_unsolved(monkeypatch: pytest.MonkeyPatch):
    """SymPy gives no solution set for any condition with tanh in it (as when its first call ran out of time)."""
    solve = solutions._solution_set

    def unsolved(cond, x, seconds, domain=sp.S.Reals):
        return None if cond.has(sp.tanh) else solve(cond, x, seconds, domain)

    monkeypatch.setattr(solutions, "_solution_set", unsolved)


@pytest.mark.parametrize(
    ("statement", "expected"),
    [
        # was confirmed (70 sampled points, none between 34 and 34.885) when the premise's solve ran out of time
        (r"\tanh x < 1 - 10^{-30} \Rightarrow x < 34", ("REFUTED",)),
        (r"\tanh x < 1 - 10^{-20} \Rightarrow x < 20", ("REFUTED",)),
        (r"\tanh x < 1 - 10^{-30} \Rightarrow x < 35", ("CONFIRMED",)),  # the end is 34.885: nothing proved without a solve
    ],
)
def test_points_beside_the_conclusions_ends_are_tried_without_the_premises_solution(premise_unsolved, statement, expected):
    verdict, summary = _verdict(statement)
    assert verdict in expected, summary


def test_the_first_solve_of_a_process_does_not_pay_for_sympys_imports():
    # solveset's first call imports sympy.physics.units and the combinatorics (0.3 s of CPU): the premise below was
    # unsolved in the 0.31 s it had, or solved, by what ran before it in the process; now the imports come first
    from derivax.setsolve import solvers_loaded

    solvers_loaded()
    import sys

    assert "sympy.physics.units" in sys.modules and "sympy.combinatorics" in sys.modules
    verdict, summary = _verdict(r"\tanh x < 1 - 10^{-30} \Rightarrow x < 34")
    assert verdict == "REFUTED", summary


@pytest.fixture
def conclusion_unsolved(monkeypatch: pytest.MonkeyPatch):
    """SymPy gives no solution set for a condition with 0.0098 in it (the conclusion below)."""
    solve = solutions._solution_set

    def unsolved(cond, x, seconds, domain=sp.S.Reals):
        return None if cond.has(sp.Rational(49, 5000)) else solve(cond, x, seconds, domain)

    monkeypatch.setattr(solutions, "_solution_set", unsolved)


def test_points_just_inside_the_premises_ends_are_tried(conclusion_unsolved):
    # the conclusion fails for z in [4.595, 4.605] only (sigma' = 0.0099 at sigma = 0.99): the premise's simplest point
    # (5) is past it, and sampling rarely lands there; points just inside the premise's end (log 99) do
    verdict, summary = _verdict(r"\sigma(z) \ge 0.99 \Rightarrow \sigma'(z) \le 0.0098")
    assert verdict == "REFUTED", summary
    verdict, summary = _verdict(r"\sigma(z) \ge 0.99 \Rightarrow \sigma'(z) \le 0.0099")
    assert verdict in ("PROVED", "CONFIRMED"), summary


# --- sides smaller than the comparison's absolute slack ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("statement", "assume", "expected"),
    [
        # x^{101} at x = -1/1001 is -10^{-303}: it tied with 0 within the absolute slack 10^{-100} (confirmed)
        (r"x^{101} \ge 0", r"x > -10^{-3}", ("REFUTED",)),
        (r"x^{101} \le 0", r"x < 10^{-3}", ("REFUTED",)),
        (r"x^{101} \ge -10^{-310}", r"x > -10^{-3}", ("REFUTED",)),
        (r"x^{102} \ge 0", r"x > -10^{-3}", ("PROVED", "CONFIRMED")),
        (r"x^{101} \ge -10^{-200}", r"x > -10^{-3}", ("PROVED", "CONFIRMED")),
        # tiny sides that do agree: the intervals say so, and the agreement stands
        (r"\frac{x^{200}}{1+x^{200}} \ge 0", r"x > -0.1", ("PROVED", "CONFIRMED")),
    ],
)
def test_a_tie_below_the_absolute_slack_is_settled_by_intervals(statement, assume, expected):
    verdict, summary = _verdict(statement, assume)
    assert verdict in expected, summary


# --- a derivative written with a slash is a claimed result, never a definition ---------------------------------------


def _statuses(document: str) -> dict[str, str]:
    return {f"{r.left} {r.relation} {r.right}": r.status for r in check_document(document)}


@pytest.mark.parametrize(
    ("derivative", "expected"),
    [
        (r"dC/dw = a(wa - y)", "ok"),
        (r"dC/dw = (wa - y)", "wrong"),  # was 'given': the definition of a new name dC_dw, and the slip passed
        (r"\partial C/\partial w = a(wa - y)", "ok"),
        (r"\partial C/\partial w = wa - y", "wrong"),
        (r"d/dw\, C = a(wa - y)", "ok"),
    ],
)
def test_a_slash_derivative_of_a_defined_quantity_is_judged(derivative, expected):
    document = f"The cost is $C = \\frac{{1}}{{2}}(wa - y)^2$.\n\n$${derivative}$$\n"
    statuses = _statuses(document)
    assert list(statuses.values()) == [expected], statuses


# --- SymPy's solution sets at its default precision ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "answer", "expected"),
    [
        # the ends differ by 5e-81 (ln(1 + 10^{-40}) against 10^{-40}): equivalent, when ends were compared relative to 1
        (r"e^x > 1 + 10^{-40}", r"x > 10^{-40}", ("different",)),
        (r"\ln x > 10^{-30}", r"x > 1 + 10^{-30}", ("different",)),
        # the right twins: the same sets (SymPy gave x > ln(1 + 10^{-40}) no solution at all)
        (r"e^x > 1 + 10^{-40}", r"x > \ln(1 + 10^{-40})", ("equivalent", "undecided")),
        (r"x < \ln(1 + 10^{-40})", r"x > \ln(1 + 10^{-40})", ("different",)),
        (r"e^x > 1", r"x > 0", ("equivalent",)),
    ],
)
def test_ends_that_differ_far_below_sixty_digits(key, answer, expected):
    from derivax.equiv import equivalent

    result = equivalent(key, answer)
    assert result["verdict"] in expected, result


def test_a_solution_set_that_evaluation_contradicts_is_not_used():
    x = sp.Symbol("x", real=True)
    end = sp.log(sp.Rational(10**40 + 1, 10**40))
    assert sp.solveset(x > end, x, sp.S.Reals) in (sp.S.EmptySet, sp.Interval.open(end, sp.oo))  # SymPy's, either way
    solved = solutions._solution_set(x > end, x, 1.0)
    assert solved == sp.Interval.open(end, sp.oo)  # by hand where SymPy's is wrong at x = 1
    assert solutions._solution_set(x < end, x, 1.0) == sp.Interval.open(-sp.oo, end)
    assert solutions._solution_set(-3 * x >= end, x, 1.0) == sp.Interval(-sp.oo, -end / 3)


def test_a_witness_shows_its_value_to_more_than_sympys_float_digits():
    from derivax.sampling import plain_number

    # float() of a SymPy expression evaluates at 15 digits: log(1 + 10^{-40}) was 0, and this point 5e-41
    value = sp.log(sp.Rational(10**40 + 1, 10**40)) / 2 + sp.Rational(1, 2 * 10**40)
    assert plain_number(value) == pytest.approx(1e-40, rel=1e-12)
    assert plain_number(sp.Rational(1, 3)) == pytest.approx(1 / 3) and plain_number(sp.Integer(7)) == 7


# --- an initial value the prose sets aside ---------------------------------------------------------------------------


_MOMENTUM = "The momentum is $m_t = \\beta m_{{t-1}} + (1 - \\beta) g_t$. {said}\n\nThen $$m_2 = \\beta g_1 + (1 - \\beta) g_2$$\n"


@pytest.mark.parametrize(
    ("said", "expected"),
    [
        # the student's own start: m_2 is right for it; it was 'wrong' with the m_0 = 0 the sentence sets aside
        ("Instead of $m_0 = 0$, start at $m_1 = g_1$.", ("undecided", "ok")),
        ("Rather than $m_0 = 0$ we start from $m_1 = g_1$.", ("undecided", "ok")),
        # the wrong twin: with m_0 = 0, m_2 = beta(1 - beta) g_1 + (1 - beta) g_2
        ("Start with $m_0 = 0$.", ("wrong",)),
    ],
)
def test_an_initial_value_the_text_sets_aside_is_not_used(said, expected):
    statuses = _statuses(_MOMENTUM.format(said=said))
    assert list(statuses.values())[-1] in expected, statuses


# --- e^-2x: the exponent without braces ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("statement", "expected"),
    [
        # right when e^-2x is e^{-2x}, as its writer most likely meant: was refuted at x = 0
        (r"\frac{d}{dx} e^{-2x} = -2e^-2x", "UNDECIDED"),
        (r"e^-2x = e^{-2x}", "UNDECIDED"),
        (r"x^-2y = \frac{y}{x^2}", "UNDECIDED"),  # right as read (x^{-2} y): proved before, a reading now disagrees
        # wrong both ways: still refuted
        (r"\frac{d}{dx} e^{-2x} = 3e^-2x", "REFUTED"),
        (r"e^-2x = 5", "REFUTED"),
        # braces or a lone letter leave one reading
        (r"e^{-2}x = x e^{-2}", "PROVED"),
        (r"x^-2 = \frac{1}{x^2}", "PROVED"),
        (r"e^-x = \frac{1}{e^x}", "PROVED"),
    ],
)
def test_a_signed_exponent_without_braces_has_both_readings(statement, expected):
    verdict, summary = _verdict(statement)
    assert verdict == expected, summary


# --- 3\frac{1}{2}: a product as read, a mixed number as some mean it --------------------------------------------------


@pytest.mark.parametrize(
    ("statement", "expected"),
    [
        # right as a mixed number (7/2): was refuted (read 3/2 only)
        (r"3\frac{1}{2} = 3.5", "UNDECIDED"),
        (r"3\frac12 = \frac{7}{2}", "UNDECIDED"),
        (r"2\frac{3}{4}x = 1.5x", "UNDECIDED"),  # right as read: proved before, the mixed number disagrees now
        # wrong both ways: refuted
        (r"3\frac{1}{2} = 5", "REFUTED"),
        # no whole number right before a proper fraction: one reading
        (r"x^2\frac{1}{2} = \frac{x^2}{2}", "PROVED"),
        (r"3\frac{5}{2} = 7.5", "PROVED"),  # 5/2 is no proper fraction: no mixed number
        (r"10^3\frac{1}{2} = 500", "PROVED"),
        (r"\frac{1}{2}3 = 1.5", "PROVED"),
    ],
)
def test_a_whole_number_before_a_proper_fraction_has_both_readings(statement, expected):
    verdict, summary = _verdict(statement)
    assert verdict == expected, summary
