r"""Numbers as written: the precision a statement's decimals and whole numbers state, and the slack of a comparison.

One convention for every command (``check``, ``equiv``, ``grade``, ``steps``): an equation with decimals holds to the
digits written of the number a side states by itself (:func:`stated_tolerance`); ``\approx`` to a whole number rounds at
its last nonzero digit, a side computed from rounded decimals carries their rounding, and an ``\approx`` in a
conclusion or a closed statement is the interval its digits state (:func:`approximations_as_bounds`). Values are
compared through their difference (:func:`holds_within`), never by adding a slack to a rounded value.
"""

from __future__ import annotations

import fractions
import itertools
import math
import re
from collections.abc import Callable, Collection, Sequence
from typing import Any, NamedTuple

import sympy as sp

__all__ = ["Stated", "approximations_as_bounds", "holds_within", "relative_unit", "stated_tolerance", "tolerance"]

_EXACT_RTOL, _EXACT_ATOL = 1e-50, 1e-100  # 60 digits less 10 for rounding; every difference is re-certified
_HEAVY_RTOL = 1e-20  # a limit evaluated at 10^40 (derivax.evaluate.computable) is approximate
# an integral's value: a closed form at 60 digits, or two quadratures that agree to 1e-30 (absolute below 1, relative
# above: derivax.realeval._quadrature); a difference within this slack is settled exactly where closed forms exist
_INTEGRAL_RTOL, _INTEGRAL_ATOL = 1e-28, 1e-30
_APPROX_RTOL = 1e-3
_LOOSE_APPROX = 0.1  # \approx between expressions with no digits written: refuted only beyond this relative gap
_DECIMAL_CONFIRM_RTOL = 0.2  # a written decimal confirms agreement within half its unit and this relative, at most (1/3 = 0.3: 10 %)
_ONE_DIGIT_CONFIRM_RTOL = 0.01  # a decimal of one significant digit under "=": confirms within this relative only
_WHOLE_APPROX_RTOL = 0.05  # \approx a whole number: half of one, at most this relative (e^3 \approx 20, not sigma(0) \approx 1)


_INCLUSIVE = 1 + 1e-12  # a tolerance's own float rounding never decides a difference of exactly one unit


def holds_within(rel: str, a: Any, b: Any, rtol: float, atol: float) -> bool:
    """``a REL b`` with slack ``atol + rtol * max(|a|, |b|)`` (REL one of == != < <= > >=).

    The slack only ever counts against a strict relation: sides equal within it (``x^2 > 0`` at x = 0)
    do not satisfy ``<`` or ``>``, so such a point is a candidate failure, which the caller certifies
    (``0 > 0`` fails exactly) before it refutes anything.
    """
    # (inclusive to a part in 10^12: one unit of a written 0.24 is 1/24 of it as a float, a hair below 0.01, and 0.24
    # against 1/4 was refuted while 0.26, exactly one unit off too, was within: probe helper-114)
    slack = (atol + rtol * max(abs(a), abs(b))) * _INCLUSIVE
    # Compared through the difference: b + slack is rounded at the working precision, which may be mpmath's 15
    # digits where the values have 60 (1 + 10^{-17} > 1 + 10^{-16} held: b + slack rounded to 1), while a - b keeps
    # its sign and its own leading digits at any precision.
    gap = a - b
    return {
        "==": lambda: abs(gap) <= slack,
        "!=": lambda: abs(gap) > slack,
        "<": lambda: -gap > slack,
        "<=": lambda: gap <= slack,
        ">": lambda: gap > slack,
        ">=": lambda: -gap <= slack,
    }[rel]()


def significant_digits(number: str) -> int:
    """The significant digits of a written decimal (``0.2``: 1, ``0.20``: 2, ``2.5E-9``: 2, ``0.016``: 2)."""
    digits = number.partition("E")[0].replace("-", "").replace(".", "").lstrip("0")
    return len(digits)


def relative_unit(number: str) -> float | None:
    """One unit in the last written place, relative to the number: ``0.34`` -> 0.01/0.34 (None: exact). A number
    in scientific notation (``6.0E23``, as derivax.latex writes 6.0 \\times 10^{23}) has its mantissa's."""
    mantissa = number.partition("E")[0]
    if "." not in mantissa:
        return None
    try:
        value = fractions.Fraction(mantissa)  # exact: 0.000...25 (400 places) is no float 0
    except ValueError:
        return None
    places = len(mantissa.split(".")[1])
    return float(fractions.Fraction(1, 10**places) / abs(value)) if value else None


class Stated(NamedTuple):
    """The precision written numbers state. ``rtol``: one unit in the last written place, relative to the number
    (shown in the evidence); ``atol``: the slack past which the sides differ (a side agrees with 0.1 to within 0.1,
    not within 10 % of whatever the other side is); ``confirm``: the slack within which they agree (half a unit:
    between the two, truncated or a rounding slip, undecided); ``rounded``: a whole number under ``\\approx``."""

    rtol: float
    atol: float
    rounded: bool = False
    confirm: float = 0.0
    carried: bool = False  # from the decimals a side computes with, not a number a side states
    relative: bool = False  # sides with symbols: the slack is relative (rtol past which they differ, half within)
    one_digit: bool = False  # a number of one significant digit under "=": confirmed within 1 % only
    zero: bool = False  # a zero written with decimals (0.00): ``atol`` its unit, no relative slack


def _trailing_zeros(value: sp.Rational) -> int:
    zeros, n = 0, abs(int(value))
    while n and n % 10 == 0:
        zeros, n = zeros + 1, n // 10
    return zeros


# the rounding band of a statement (:func:`rounding_band`), measured only where a tolerance needs it: it reads the moved
# texts again, and most arithmetic lines state a number on one side, where it is never used
Band = Callable[..., "float | None"]  # called with no argument, or with shortest= (fewest significant digits moved)


def stated_tolerance(lhs: Any, rhs: Any, numbers: Sequence[str], approx: bool = False, band: Band | None = None) -> Stated | None:
    r"""One unit in the last written digit of the number a side states by itself (the rounded value: 0.35 in
    ``2 \times 0.175 = 0.35``), the least precise where both sides do; None where no side is a written decimal
    (then exact). The numbers a side computes with are data, not roundings: ``0.5 \cdot 3 = 1.6`` is judged to the
    digits of 1.6 (it was judged to those of 0.5, 20 %, and confirmed); but where no side is a written number and
    every decimal the step writes has three or more digits (``\sigma(2)(1 - \sigma(2)) = 0.8808 \cdot 0.1192``), the
    computed side carries their rounding as under ``\approx`` (below), without the tenfold reach; or, where the caller
    can measure it (``band``, :func:`rounding_band`), the difference's own sensitivity to them, a literal on both sides
    being one number.

    With ``\approx``:

    - a whole number is rounded at its last nonzero digit: ``e^{10} \approx 22026`` within half of one (and 5 % at
      most: 0.5 is no ``\approx 1``), ``e^{10} \approx 22000`` within 500 (confirmed within 5 %: ``e^{10}
      \approx 20000``, ten per cent off, is undecided); of two such sides, the right one is the approximation
      (``1000 \approx 1001`` is refuted, ``1001 \approx 1000`` holds);
    - a side computed from rounded decimals (``\sigma(2)(1 - \sigma(2)) \approx 0.881 \cdot 0.119``) carries their
      rounding: the sides agree within half the smaller of the sum of the decimals' relative units (as in a
      product) and the sum of their units (as in a sum), and differ past the larger (ten times it where each decimal
      has three or more digits: a rounded earlier result carried on).

    >>> stated_tolerance(sp.Rational(3, 2), sp.Rational(8, 5), ("0.5", "3", "1.6"))
    Stated(rtol=0.0625, atol=0.1, rounded=False, confirm=0.05, carried=False, relative=False, one_digit=False, zero=False)
    """
    sides = [(e, i) for i, e in enumerate((lhs, rhs)) if isinstance(e, sp.Number) and e.is_finite and e != 0]
    found: list[tuple[Stated, int]] = []

    def whole(value: sp.Rational, side: int) -> tuple[Stated, int]:
        zeros = _trailing_zeros(value)
        cap = _WHOLE_APPROX_RTOL * float(value)
        # half of its last unit either way: e \approx 3 rounds e to a whole number (it was refuted at 5 %, past which it
        # is only undecided: probe helper-159); confirmed within 5 % at most
        slack = 10.0**zeros / 2
        return Stated(float(sp.Rational(str(slack)) / value), slack, True, min(slack, cap)), side

    zeros = [n for n in numbers if re.fullmatch(r"0\.0+", n)]
    if zeros and any(e == 0 for e in (lhs, rhs) if isinstance(e, sp.Number)):
        # \sigma(-10) \approx 0.0000: zero to four decimals, within half of 10^{-4} (it was refuted for any value but 0,
        # a relative unit of nothing; probe helper-159), past one unit off refuted
        unit = 10.0 ** -max(len(n) - 2 for n in zeros)
        return Stated(0.0, unit, True, unit / 2, zero=True)
    if approx and "0" in numbers and any(e == 0 for e in (lhs, rhs) if isinstance(e, sp.Number)):
        # \approx 0 states no scale: within 10^{-9} confirmed (e^{-1000} \approx 0), from half of one refuted, between
        # undecided (0.01 \approx 0 may be meant)
        return Stated(0.0, 0.5, True, 1e-9)

    for number in numbers:
        try:
            value = sp.Rational(number)
        except (TypeError, ValueError):
            continue
        match = next(((abs(v), i) for v, i in sides if value == abs(v) or value / 100 == abs(v)), None)  # 2.5\% states 1/40
        if match is None:
            continue
        unit = relative_unit(number)
        if unit is not None:
            # agreement within half a unit, and 20 % of the number at most: a one-digit decimal's half unit is up to 50 %
            # (\frac{1}{19} = 0.1 was confirmed, and an answer twice the key graded correct)
            size = float(match[0])
            confirm = min(unit * size / 2, _DECIMAL_CONFIRM_RTOL * size)
            one_digit = not approx and significant_digits(number) < 2
            if one_digit:
                # one significant digit under "=" tells 1/6 from 1/5 by nothing (0.2 is both rounded): it agrees within
                # 1 % (5e^{-9} for 4.99975e-9) and no more (\frac{1}{6} against 0.2 was graded correct; 0.2 is the
                # off-by-one 1/5); \approx 0.2 says it is rounded
                confirm = min(confirm, _ONE_DIGIT_CONFIRM_RTOL * size)
            found.append((Stated(unit, unit * size, False, confirm, one_digit=one_digit), match[1]))
        elif approx and value:
            found.append(whole(value, match[1]))
    # 2^{20} \approx 10^6: a million (and 1024 \approx 10^3: the right side is the approximation, not 1024's digits)
    if approx and not any(i == 1 for _, i in found) and sides and sides[-1][1] == 1 and sides[-1][0].is_Integer:
        found.append(whole(abs(sides[-1][0]), sides[-1][1]))
    if approx and any(stated.rounded for stated, _ in found) and any(i == 1 for _, i in found):
        found = [(stated, i) for stated, i in found if i == 1]  # the right side is the approximation
    if found:
        best, at = max(found, key=lambda f: f[0].rtol)
        return _carried_beside(best, at, lhs, rhs, numbers) if not approx else best
    # a whole number written with a point (1.0, as SymPy's N() prints 1) is exact data, no rounding: beside it 3.142/(y^2 +
    # 1.0) was different from pi/(y^2 + 1) while 3.142/(y^2 + 1) was equivalent (probe helper-141)
    numbers = [n for n in numbers if not _whole_decimal(n)]
    units = [u for n in numbers if (u := relative_unit(n)) is not None]
    long = [n for n in numbers if relative_unit(n) is not None and significant_digits(n) >= 3]
    closed = not any(isinstance(e, sp.Basic) and e.free_symbols for e in (lhs, rhs))
    if approx and units and not long and closed and sides:
        # \sigma(0.1) \approx 0.5 + 0.1: short decimals are data, not roundings (their relative units added up to a slack
        # of 220 %, and a wrong linearisation was confirmed: probe helper-159); the side is good to its least precise place
        unit = max(u * abs(float(sp.Rational(n))) for n in numbers if (u := relative_unit(n)) is not None)
        value = float(abs(sides[-1][0]))
        if value and unit > _DECIMAL_CONFIRM_RTOL * value:
            # 0.9^{100} \approx 10^{-3}: the decimals' places say nothing of a value far below them (a tolerance of 100
            # times the value confirmed any power of ten: probe helper-201 F1); they are data, and a power of ten on the
            # right is the approximation, good to its one digit (half of it; confirmed within 5 %, as a whole number)
            power = sides[-1][1] == 1 and sp.log(abs(sides[-1][0]), 10).is_Integer
            if not power:
                return None
            # ... as an order of magnitude: refuted only more than a factor 10 off (0.8^{100} \approx 10^{-10}, 2.04e-10, is
            # "of the order of" it: review helper-203 R8), confirmed within 5 %, undecided between
            half, left = value / 2, (float(abs(sides[0][0])) if len(sides) == 2 and sides[0][1] == 0 else 0.0)
            off = left > 0 and abs(math.log10(left / value)) > 1
            return Stated(0.1 if off else 10.0, value / 10 if off else 10 * value, True, min(half, _WHOLE_APPROX_RTOL * value))
        return Stated(unit / value if value else 0.0, unit, False, unit / 2, True)
    # under "=" too, a number side computed from decimals of three or more digits (\sigma(2)(1 - \sigma(2)) = 0.8808
    # \cdot 0.1192) carries their rounding: a right step was flagged (probe helper-118); shorter decimals stay data, and
    # beside the rounded ones they are data too (0.1 \cdot 0.9^{10} = 0.1 \cdot 0.3487 was wrong for its 0.1: helper-159)
    if approx and long and closed:
        # the same under \approx: beside decimals of three or more digits, shorter ones are data (a score e^{0.5}, a
        # target 0.9): their relative units of 20 % each made a tolerance of 40 %, and \frac{e^{0.5}}{e^{0.5} + e + 1}
        # \approx \frac{1.65}{1.65 + 1.72 + 1}, 23 % off, was confirmed (probe helper-183 F24)
        numbers, units = long, [u for n in long if (u := relative_unit(n)) is not None]
    # short decimals beside the long ones on the number side alone (\sigma(2)(1 - \sigma(2)) = 0.881 \cdot 0.12): they
    # may be roundings too (review helper-217 C7); one the other side holds as well is data (0.1 \cdot 0.9^{10})
    mixed = not approx and long and closed and _short_on_the_number_side(numbers, long, lhs, rhs, sides)
    if not approx and long and closed:
        numbers, units = long, [u for n in long if (u := relative_unit(n)) is not None]
        sides = sides[-1:]  # (both sides numbers, 0.1 \cdot 0.9^{10} = 0.1 \cdot 0.3487: the right one is the rounded)
        if not sides:  # e^{100 \ln 0.99} = e^{-1.005}: no side is a number; the value is the right side's
            try:
                sides = [(sp.Float(sp.N(rhs, 30), 30), 1)]
            except (TypeError, ValueError):
                sides = []
    # (the number side computed from the decimals, no number written itself: \sum_k 0.95^k / k = 3 states 3, and its
    # 0.95 is data)
    computed = len(sides) == 1 and not any(_is_written(n, sides[0][0]) for n in numbers)
    if not approx and closed and units and not long and band is not None and computed:
        # only short decimals, computing a number for a closed form on the other side (\sigma(2)(1 - \sigma(2)) = 0.88
        # \cdot 0.12, 0.88 and 0.12 being \sigma(2) and 1 - \sigma(2) rounded; \tanh(1)\tanh(2) = 0.8 \cdot 0.96): within
        # what their half units move the difference by (the rounding box, to first order, and a tenth more for the second
        # order) it is no slip to flag, but nothing confirms it either; past that it is refuted, as before (a right step
        # was wrong: probe helper-215 C4, review helper-218 C5; 1.5 times excused 0.8 \cdot 0.2 for 0.105, helper-217 M1)
        measured = band(shortest=1)
        if measured:
            return Stated(sum(units), 1.1 * measured, False, 0.0, True)
    carried = approx or (units and max(units) <= 0.01 and len(sides) == 1)
    if carried and units and sides:
        total, value = sum(units), float(abs(sides[-1][0]))
        # (under "=" no rounded earlier result is carried on ten units off: the reach is the units themselves; and a sum's
        # absolute units bound it too: \sigma(2) = 0.100 + 0.100 + 0.100 + 0.592 is no rounding, probe helper-120)
        reach = 10 * total if approx and max(units) <= 0.01 else total
        # Relative units add up in a product, absolute ones in a sum, and the side's shape is gone (a number): confirmed
        # only within half the smaller bound, refuted only past the larger (tanh 1 \approx 0.7616 + 0.01 was confirmed:
        # the 0.01 alone is a relative unit of 1, a tolerance of 100 %)
        spread = sum(u * abs(float(sp.Rational(n))) for n in numbers if (u := relative_unit(n)) is not None)
        if not approx and len(units) == 1:  # one decimal, no sum of them: its relative unit, whatever the side does with it
            spread = total * value  # ((5.010 \cdot 10^{-9})^2: the absolute unit 10^{-12} dwarfed the value, 2.5e-17)
        added = Stated(total, max(reach * value, reach / total * spread), False, min(total * value, spread) / 2, True)
        measured = band() if band is not None and not approx and long and closed else None
        if measured is None:
            return added
        # with the band measured too (the difference's sensitivity, :func:`rounding_band`), a verdict both allow: confirmed
        # strictly within the band (correctly rounded decimals move the difference by up to it: \frac{1}{1 + 0.1353} for
        # \sigma(2) is 0.7 of it; never at its edge, 1.85 + 1.85 = 1.85 + 1.86 is one band apart) and within the units
        # added up, refuted past both (past 1.5 times the band: a first-order bound). A literal on both sides no longer
        # confirms a slip (probe helper-193 F20), and the band's own blow-up where decimals cancel (\frac{1}{1.001 -
        # 1.000} = 1500) or an exponential amplifies (e^{10.00} = 22100) confirms nothing (review helper-200 R1-R3)
        # (a band over 5 % of the value says nothing: 1.05^{100} moves by 57 % as 1.05 moves half a unit, and 1.05^{100} =
        # 200 is refuted as before, by the units; review helper-200 R13)
        value = float(abs(sides[-1][0]))
        refute = added.atol if measured > 0.05 * value else max(added.atol, 1.5 * measured)
        widest = band(shortest=1) if mixed else None
        if widest and measured < widest <= 0.05 * value:
            # the short ones' rounding too, to first order and a tenth more: between, undecided (a right 0.881 \cdot 0.12
            # was refuted), past it refuted as before (0.881 \cdot 0.13)
            refute = max(refute, 1.1 * widest)
        return Stated(added.rtol, refute, False, min(added.confirm, measured * (1 - 1e-6)), True)
    symbolic = not sides and any(isinstance(e, sp.Basic) and e.free_symbols for e in (lhs, rhs))
    if symbolic and long and _on_one_side(long, lhs, rhs):
        # beside a rounded coefficient, shorter decimals are data (0.95^{20} w_0 = 0.3585 w_0: the 0.95's unit of 1 %
        # made the side exact, and a right iterate was wrong; probe helper-167); rounded decimals on both sides stay as
        # they were (0.5 x + 1.23 = 0.5 x + 1.24 is no rounding: review helper-172)
        numbers, units = long, [u for n in long if (u := relative_unit(n)) is not None]
    if symbolic and units and max(units) <= 0.01:
        # \sqrt{2} x = 1.414 x: a coefficient of three or more digits is a rounded number, as 1.414 alone is (it was
        # exact, and a right answer different); shorter decimals (0.5 x, a rate 0.1) stay exact data
        # and each decimal's absolute unit beside it: where the sides cancel (x + \sqrt{2} = x + 1.414 near x = -1.414)
        # no relative slack covers the 0.0002 that 1.414 is off (it was refuted there; probe helper-141)
        # (a constant term's only: a coefficient's unit scales with what it multiplies, so 3.142 r^2 = pi r^2 + 10^{-4}
        # was confirmed at r = 0, review helper-145)
        terms = {abs(a) for side in (lhs, rhs) if isinstance(side, sp.Expr) for a in sp.Add.make_args(side) if a.is_Number}
        absolute = sum(u * abs(float(v)) for n in numbers if (u := relative_unit(n)) is not None and (v := sp.Rational(n)) in terms)
        return Stated(sum(units), absolute, False, 0.0, True, True)
    return None


def _short_on_the_number_side(numbers: Sequence[str], long: Sequence[str], lhs: Any, rhs: Any, sides: list) -> bool:
    """Whether decimals of one or two significant digits are written beside ``long`` ones, and none of them is a number
    of the side that is no number itself (the closed form's own data)."""
    short = [n for n in numbers if n not in long and relative_unit(n) is not None]
    if not short or len(sides) != 1:
        return False
    closed_side = (lhs, rhs)[1 - sides[0][1]]
    if not isinstance(closed_side, sp.Basic):
        return False
    atoms = {abs(a) for a in closed_side.atoms(sp.Number)}
    if any(sp.Rational(n) in atoms for n in short):
        return False
    # and each decimal the right rounding of a part of the closed form (0.881 of \sigma(2) = 0.8808, 0.12 of 1 - \sigma(2)):
    # a slip in a digit, 0.861 or 1.441 for \sqrt 2, is no rounding of anything there, and stays wrong (review helper-219)
    parts = _part_values(closed_side)
    return all(any(_rounds_to(value, n) for value in parts) for n in numbers if relative_unit(n) is not None)


_MAX_PARTS = 200  # the closed form's subexpressions weighed for :func:`_part_values`


def _part_values(expr: sp.Basic) -> list[float]:
    """The absolute values of the closed form's subexpressions that are numbers (at most _MAX_PARTS of them)."""
    values = []
    for part in itertools.islice(sp.preorder_traversal(expr), _MAX_PARTS):
        if isinstance(part, sp.Expr) and part.is_number and not part.is_Integer:
            value = _number(part)
            if value is not None:
                values.append(abs(value))
    return values


def _rounds_to(value: float, decimal: str) -> bool:
    """Whether ``decimal`` (as written) is ``value`` rounded to its last written place."""
    places = len(decimal.partition(".")[2])
    return abs(value - float(sp.Rational(decimal))) <= 0.5 * 10.0**-places * (1 + 1e-9)


# a decimal as written in LaTeX (1.85, not the 1 of x_1 nor a part of 1.2.3)
DECIMAL_LITERAL = re.compile(r"(?<![\w.])\d+\.\d+(?![\w.])")


def rounding_band(
    texts: Sequence[str], gap: Callable[[Sequence[str]], Any], exact: Collection[str] = (), shortest: int = 3
) -> float | None:
    r"""How far the rounding of the decimals ``texts`` write can move ``gap`` (the difference of two sides, read from
    the texts by the caller): each distinct decimal of three or more significant digits moved by half a unit in its
    last place everywhere it is written, the moves' effects added (to first order). The same literal on both sides is
    one number: in ``1.85 + 1.85 = 1.85 + 1.86`` its rounding cancels, and ``\sigma(1.25) = \sigma(1.26)`` moves by
    \sigma'(1.25) half a unit at each decimal, not by 1.25's relative unit twice (both were confirmed: probe helper-193
    F20). Decimals in ``exact`` stay (an answer's 1.85 where the key writes 1.85 is the key's number); ``shortest``: the
    fewest significant digits a decimal moved has. None where no such decimal is written or a moved text gives no
    number (a side with names, a parse error).

    >>> def gap(texts):  # the left sum minus the right one
    ...     return sum(sp.Rational(n) for n in texts[0].split("+")) - sum(sp.Rational(n) for n in texts[1].split("+"))
    >>> round(rounding_band(["1.85 + 1.85", "1.85 + 1.86"], gap), 9)
    0.01
    """
    literals = sorted(
        {m.group(0) for text in texts for m in DECIMAL_LITERAL.finditer(text) if significant_digits(m.group(0)) >= shortest} - set(exact)
    )
    if not literals:
        return None
    base = _number(gap(texts))
    if base is None:
        return None
    band = 0.0
    for literal in literals:
        pattern = re.compile(rf"(?<![\w.]){re.escape(literal)}(?![\w.])")
        moved = _number(gap([pattern.sub(literal + "5", text) for text in texts]))  # 1.85 -> 1.855: half a unit up
        if moved is None:
            return None
        band += abs(moved - base)
    return band


def _is_written(number: str, value: Any) -> bool:
    """Whether the literal ``number`` is ``value`` (up to sign)."""
    try:
        return sp.Rational(number) == abs(value)
    except (TypeError, ValueError):
        return False


def _number(value: Any) -> float | None:
    """A real number's float, or None (names left, no value)."""
    try:
        number = complex(sp.N(value, 30)) if isinstance(value, sp.Basic) else complex(value)
    except (TypeError, ValueError):
        return None
    return number.real if number.imag == 0 and number.real == number.real else None


def _carried_beside(stated: Stated, at: int, lhs: Any, rhs: Any, numbers: Sequence[str]) -> Stated:
    r"""A stated number's tolerance, widened by the rounding the other side computes with where that side is a number
    worked out from decimals of three or more digits (a rounded earlier result carried on): ``\frac{-1}{\sqrt{0.667}}
    = -1.2247`` after v = 2/3 = 0.667 is the exact -1/\sqrt{2/3} to its digits, and 0.667's unit moves the left side
    by more than 1.2247's (it was wrong: probe helper-188 F10). The inputs' half units (absolute) widen the band where
    it is not refuted (undecided there); it is confirmed only within the stated number's own half unit, as before.
    Nothing changes where the other side has symbols or computes with shorter decimals (data: 0.5 \cdot 3 = 1.6 is
    judged to the digits of 1.6), or where the carried rounding is not at least twice the stated number's own."""
    other = (lhs, rhs)[1 - at]
    value = (lhs, rhs)[at]
    if not isinstance(other, sp.Basic) or other.free_symbols or not isinstance(value, sp.Number):
        return stated
    written = {abs(sp.Rational(n)) for n in numbers if relative_unit(n) is not None}
    if isinstance(other, sp.Number) and abs(other) in written:
        return stated  # both sides state numbers: the right one's digits, as before
    inputs = [n for n in numbers if relative_unit(n) is not None and significant_digits(n) >= 3 and abs(sp.Rational(n)) != abs(value)]
    carried = sum(u for n in inputs if (u := relative_unit(n)) is not None)
    if not inputs or carried > 0.01 or carried <= 2 * stated.rtol:
        return stated  # (10^{-8} - 5.001e^{-5} = -5.002e^{-5}: the stated number is as precise as what it computes with)
    # the inputs' half units as absolute amounts: a band where the step is not refuted, and nothing more. Never a wider
    # confirmation: as relative ones they confirmed 1000 + 0.125 = 1003.1 and 0.125 \cdot 8 = 1.003, where 0.125 is exact
    # data (review helper-190 R1-R3, R12)
    # (and never more than the relative ones give: 0.1 \cdot 0.125 = 0.01255 is refuted, 0.125 moving it by 5e-5 at most)
    absolute = sum(u * abs(float(sp.Rational(n))) for n in inputs if (u := relative_unit(n)) is not None) / 2
    half = min(absolute, carried * float(abs(value)) / 2)
    return Stated(stated.rtol, stated.atol + half, False, stated.confirm)


def _on_one_side(numbers: Sequence[str], lhs: Any, rhs: Any) -> bool:
    """Whether the written ``numbers`` all stand on one side (as read: their values among that side's numbers)."""
    def values(side: Any) -> set:
        return {abs(a) for a in side.atoms(sp.Number)} if isinstance(side, sp.Basic) else set()

    left, right = values(lhs), values(rhs)
    wanted = {abs(sp.Rational(n)) for n in numbers}
    return (wanted <= left and not wanted & right) or (wanted <= right and not wanted & left)


def _whole_decimal(number: str) -> bool:
    """``1.0``, ``20.0``: a whole number written with a point and one zero after it, as SymPy's N() prints one (``1.000``
    states three decimals: sigma(10) x = 1.000 x is right to them, review helper-145)."""
    _, point, places = number.partition(".")
    return bool(point) and places == "0"


def approximations_as_bounds(condition: Any, approximate: Sequence[Any], numbers: Sequence[str], reach: str = "") -> Any:
    r"""``condition`` with each equation written with ``\approx`` to a number (``x \approx 2.72``) replaced by the
    bounds its digits state (``2.715 \le x \le 2.725``; a whole number at its last nonzero digit, as
    :func:`stated_tolerance` reads it): what a conclusion ``\Rightarrow x \approx 2.72`` claims, and the truth of a
    closed statement ``e^{10} \approx 22026``. Equations with no number for a side are left as they are.

    >>> x = sp.Symbol("x")
    >>> approximations_as_bounds(sp.Eq(x, sp.Rational(272, 100)), [sp.Eq(x, sp.Rational(272, 100))], ["2.72"])
    (x >= 543/200) & (x <= 109/40)
    """
    swaps = {}
    for relation in approximate:
        if not isinstance(relation, sp.Equality):
            continue
        number = relation.rhs if relation.rhs.is_Number else relation.lhs if relation.lhs.is_Number else None
        stated = stated_tolerance(relation.lhs, relation.rhs, numbers, approx=True) if number is not None else None
        if stated is None or stated.carried:
            continue
        # reach: "confirm" the digits' confirming reach (half a unit; 5 % of a rounded whole number at most), "refute"
        # their refuting one (one unit; the rounding of a whole number); else half a unit, a whole number's rounding
        width = {"confirm": stated.confirm, "refute": stated.atol}.get(reach, stated.atol if stated.rounded else stated.confirm)
        half = sp.Rational(str(width))
        other = relation.lhs if number is relation.rhs else relation.rhs
        swaps[relation] = sp.And(other >= number - half, other <= number + half)
    return condition.xreplace(swaps) if swaps and isinstance(condition, sp.Basic) else condition


def tolerance(written: Stated | None, rel: str, approx: bool, heavy: bool, integrals_only: bool = False) -> tuple[float, float, str]:
    """(rtol, atol, the rule as the evidence says it) for a comparison: the digits written, limits or integrals
    (``heavy``; ``integrals_only``: no limit among them), or exact."""
    if written is not None and written.zero and rel == "==":
        return 0.0, written.atol, f"within the digits written (a zero to {written.atol:g}: within half of it, one apart refuted)"
    if approx:  # one unit of the written number, and a relative 1e-3 at least (a whole number: half of one)
        if written is not None and written.relative:  # sides with symbols: a relative 1e-3 at least, as for any \approx
            rtol, atol = max(_APPROX_RTOL, written.rtol), 0.0
        elif written is not None and (written.rounded or written.carried):
            rtol, atol = 0.0, written.atol
        elif written is not None and written.rtol > _APPROX_RTOL:
            rtol, atol = _APPROX_RTOL, written.atol
        else:
            rtol, atol = _APPROX_RTOL, 0.0
        if written is not None and written.rounded and written.rtol == 0:
            return rtol, atol, "\\approx 0: within 1e-9 (half of one or more apart refuted)"
        of = "of the decimals computed with" if written is not None and written.carried else "of the written number"
        shown = f"rtol {written.rtol:.2g} {of}" if written is not None and atol else f"rtol {rtol:.2g}"
        return rtol, atol, f"\\approx: within the digits written ({shown})"
    if written is not None and rel == "==" and written.relative:
        atol = f", atol {written.atol:.2g}" if written.atol else ""
        return written.rtol, written.atol, f"within the digits written (rtol {written.rtol:.2g}{atol}, the decimals' units added up)"
    if written is not None and rel == "==":
        of = "the decimals computed with" if written.carried else "the written number"
        return 0.0, written.atol, f"within the digits written (rtol {written.rtol:.2g} of {of})"
    if heavy and integrals_only:
        return _INTEGRAL_RTOL, _INTEGRAL_ATOL, f"integrals evaluated numerically (rtol {_INTEGRAL_RTOL:g}, atol {_INTEGRAL_ATOL:g})"
    if heavy:
        return _HEAVY_RTOL, 1e-30, "limits evaluated at 10^40"
    return _EXACT_RTOL, _EXACT_ATOL, "exact"
