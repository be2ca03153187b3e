"""Session 45: integrals with reversed bounds or an inner bound that depends on the outer variable (valued, each with
a wrong twin refuted), ``[F]_a^b`` with constant bounds without ``\\left``, the variable of ``[F]_a^b`` taken from the
integral beside it, and implications written right to left (``\\Leftarrow``, ``\\impliedby``)."""

from __future__ import annotations

import pytest

from tests.conftest import judged_steps, statuses


def _verdict(statement: str) -> str:
    from derivax.judge import check_statement
    from derivax.latex import parse

    return check_statement(parse(statement), [], timeout_s=10).verdict.name


_HOLDS = ("PROVED", "CONFIRMED")


@pytest.mark.parametrize(
    ("statement", "verdicts"),
    [
        # reversed bounds: mpmath's quadrature over parts sorted increasing gave +1/2, so the closed form -1/2 was
        # taken for wrong and both the right value and its twin were undecided
        ("\\int_1^0 x\\,dx = -\\frac{1}{2}", _HOLDS),
        ("\\int_1^0 x\\,dx = \\frac{1}{2}", ("REFUTED",)),
        ("\\int_2^1 \\frac{1}{x}\\,dx = -\\ln 2", _HOLDS),
        ("\\int_2^1 \\frac{1}{x}\\,dx = \\ln 2", ("REFUTED",)),
        ("\\int_a^b 1\\,dx = b - a", _HOLDS),  # at a = 1, b = 0 too
        ("\\int_a^b 1\\,dx = |b - a|", ("REFUTED",)),
        # an inner bound that depends on the outer variable: no quadrature could check SymPy's closed form
        ("\\int_0^1 \\int_0^x y\\,dy\\,dx = \\frac{1}{6}", _HOLDS),
        ("\\int_0^1 \\int_0^x y\\,dy\\,dx = \\frac{1}{3}", ("REFUTED",)),
        ("\\int_0^1 \\int_0^{x^2} x y\\,dy\\,dx = \\frac{1}{12}", _HOLDS),
        ("\\int_0^1 \\int_0^{x^2} x y\\,dy\\,dx = \\frac{1}{6}", ("REFUTED",)),
        ("\\int_0^{\\pi} \\int_0^{\\sin x} 1\\,dy\\,dx = 2", _HOLDS),
        ("\\int_0^{\\pi} \\int_0^{\\sin x} 1\\,dy\\,dx = 1", ("REFUTED",)),
    ],
)
def test_reversed_and_dependent_bounds_are_valued(statement, verdicts):
    assert _verdict(statement) in verdicts


def test_an_iterated_quadrature_checks_a_wrong_closed_form():
    """The inside-out quadrature is independent of SymPy: it tells a wrong closed form from the right one."""
    import mpmath
    import sympy as sp

    from derivax.realeval import rough_quadrature

    x, y = sp.symbols("x y")
    integral = sp.Integral(x * y, (y, 0, x**2), (x, 0, 1))
    value = rough_quadrature(integral, {})
    assert value is not None and abs(value - mpmath.mpf(1) / 12) < 1e-6
    reversed_outer = sp.Integral(x * y, (y, 0, x**2), (x, 1, 0))
    assert abs(rough_quadrature(reversed_outer, {}) + mpmath.mpf(1) / 12) < 1e-6


@pytest.mark.parametrize(
    ("statement", "verdicts"),
    [
        ("[\\ln x]_1^e = 1", _HOLDS),
        ("[\\ln x]_1^e = 2", ("REFUTED",)),
        ("\\Big[\\sin x\\Big]_0^{\\pi/2} = 1", _HOLDS),
        ("\\Big[\\sin x\\Big]_0^{\\pi/2} = 0", ("REFUTED",)),
        ("[x^2]_{1}^{\\sqrt{2}} = 1", _HOLDS),
        ("[x^2]_{1}^{\\sqrt{2}} = 2", ("REFUTED",)),
    ],
)
def test_brackets_with_constant_bounds_are_evaluations(statement, verdicts):
    assert _verdict(statement) in verdicts


def test_a_bracket_with_letters_for_bounds_stays_unread():
    """``[x]_i^2`` beside no integral is an entry squared as often as F(2) - F(i): not read as an evaluation."""
    from derivax.latex import LatexError, parse

    with pytest.raises(LatexError):
        parse("[x]_i^2 = x_i^2")


@pytest.mark.parametrize(
    ("statement", "verdicts"),
    [
        # F has two names (x and n): the integral's differential says which one runs from 0 to 1; x^n is a power
        # there (x is the integration variable), never a label x__n
        ("\\int_0^1 x^n\\,dx = \\left.\\frac{x^{n+1}}{n+1}\\right|_0^1 = \\frac{1}{n+1}", _HOLDS),
        ("\\int_0^1 x^n\\,dx = \\left.\\frac{x^{n}}{n}\\right|_0^1", ("REFUTED",)),
        ("\\int_0^1 t^a\\,dt = \\Big[\\frac{t^{a+1}}{a+1}\\Big]_0^1", _HOLDS),
        ("\\int_0^1 t^a\\,dt = \\Big[\\frac{t^{a+1}}{a}\\Big]_0^1", ("REFUTED",)),
    ],
)
def test_the_bracket_runs_in_the_integrals_variable(statement, verdicts):
    assert _verdict(statement) in verdicts


def test_a_bracket_with_two_names_and_no_integral_is_refused():
    from derivax.latex import LatexError, parse

    with pytest.raises(LatexError, match="more than one name"):
        parse("\\left.\\frac{x^{n+1}}{n+1}\\right|_0^1 = \\frac{1}{n+1}")


@pytest.mark.parametrize(
    ("statement", "verdicts"),
    [
        ("x > 2 \\Leftarrow x > 3", ("PROVED",)),
        ("x > 3 \\Leftarrow x > 2", ("REFUTED",)),
        ("x^2 > 4 \\impliedby x > 2", ("PROVED",)),
        ("x > 2 \\impliedby x^2 > 4", ("REFUTED",)),  # x = -3
        ("x^2 \\ge 0 \\Longleftarrow x > 0", ("PROVED",)),
    ],
)
def test_implications_right_to_left(statement, verdicts):
    assert _verdict(statement) in verdicts


def test_implications_right_to_left_in_a_document():
    found = statuses(
        judged_steps(
            r"""
            We need $|1 - \eta\lambda| < 1$.

            $$|1 - \eta \lambda| < 1 \Leftarrow 0 < \eta\lambda < 2$$

            $$x^2 > 4 \Leftarrow x > -2$$

            $$x > 1 \impliedby x > 2$$
            """
        )
    )
    assert found == {
        "3: 0 < \\eta\\lambda < 2 => |1 - \\eta \\lambda| < 1": "ok",
        "5: x > -2 => x^2 > 4": "wrong",
        "7: x > 2 => x > 1": "ok",
    }


@pytest.mark.parametrize(("product", "status"), [("g(1 + \\mu)", "ok"), ("g(2 + \\mu)", "wrong")])
def test_a_letter_the_prose_calls_a_constant_is_no_function(product, status):
    """Probe helper-109: after "Let $g$ be a constant gradient", ``g(1 + \\mu)`` was the function g at 1 + mu
    ("uses functions defined elsewhere"); it is the product, so the step is judged, and its slip refuted."""
    found = judged_steps(
        f"""
        Let $g$ be a constant gradient and $\\mu$ the momentum.

        $$v_2 = \\mu g + g = {product}$$
        """
    )
    (step,) = [r for r in found.values() if r.left == "\\mu g + g"]
    assert step.status == status, step.message


def test_a_constant_function_stays_a_function():
    """"a constant function", "a fixed map": the letter is still called, never multiplied (g(2) = 5 is no 2g = 5)."""
    found = judged_steps(
        """
        Let $g$ be a constant function, $g(x) = 5$.

        $$g(2) = 5$$

        Let $h$ be a fixed map.

        $$h(2) = 4$$
        """
    )
    assert all(r.status != "wrong" for r in found.values())
    assert all("2*g" not in r.read_as and "2*h" not in r.read_as for r in found.values())
