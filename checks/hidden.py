r"""Ties that the digits cannot see: when agreement at a point is evidence, and settling it when it is not.

Sides compared at 60 digits that agree at a point say nothing there about a difference smaller than
:math:`10^{-50}` of their size. Most points are far from that; some are not, because the computation
passes through an exponential of a large argument or adds terms of very different sizes:

* :math:`1 - \sigma(10^4) = e^{-10^4}/(1 + e^{-10^4})`, about :math:`10^{-4343}`: ``\sigma(x) = 1`` for
  :math:`x \ge 10^4` agreed at every sampled point and was confirmed;
* :math:`\tanh 10^5 - 1 \approx -2 e^{-2 \cdot 10^5}`: ``\tanh(10^5) = 1`` was confirmed by 4,000 digits;
* :math:`1 - 10^{-500}` rounds to 1: ``\sigma(x) \le 1 - 10^{-500}`` (false past :math:`x \approx 1151`) was
  confirmed.

:func:`hidden_digits` estimates, at a point, how many digits a difference can hide below: the largest of
:math:`2|a| / \ln 10` over the arguments a of exponentials and hyperbolic functions (their distance to
saturation is :math:`e^{-2|a|}` at worst), :math:`2 a^2 / \ln 10` for the error function,
:math:`\log_{10} |a|` for the arc tangent (:math:`\pi/2 - \arctan a \approx 1/a`), :math:`2 \log_{10}(1/|a|)` for
the cosine of a small argument (:math:`1 - \cos a \approx a^2/2`), and
:math:`\log_{10}(\max |t| / \min |t|)` over the terms t of each sum, and the number of digits of each exact
rational number. A tie where that is at most
:data:`MEANINGFUL` is evidence as it stands. :func:`settle_ties` evaluates the others again, smallest first,
with interval arithmetic at that many digits and 60 more (up to :data:`SETTLE_DIGITS`): a failure certified
there is a counterexample; agreement there is evidence; a point past the limit is evidence of nothing.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

import mpmath
import sympy as sp

from derivax.interval import fails_certainly
from derivax.limits import clock
from derivax.realeval import value_at
from derivax.sampling import shown_at

__all__ = ["MEANINGFUL", "SETTLE_DIGITS", "Settled", "hidden_digits", "settle_ties"]

MEANINGFUL = 40  # a tie at 60 digits (50 after rounding) speaks for a difference down to 10^-40 of the sides' size
SETTLE_DIGITS = 20_000  # the most digits a tie is evaluated again with (an interval exp at 20,000 digits: about 0.1 s)
_SETTLED_AT_MOST = 6  # hidden ties evaluated again, the smallest first
_LN10 = math.log(10)
_HYPERBOLIC = (sp.exp, sp.tanh, sp.sinh, sp.cosh, sp.coth, sp.sech, sp.csch)
_WATCHED = (*_HYPERBOLIC, sp.erf, sp.erfc, sp.atan, sp.acot)
_HOPELESS = 1e15  # an argument this large hides a difference past any number of digits worth trying
_FLAT_AT_ZERO = (sp.cos, sp.sec, sp.cosh, sp.sech)  # 1 - a^2/2 near 0: a tiny argument hides twice its digits


def _value(expr: Any, point: dict) -> Any:
    """The value at 30 digits, None where it is undefined or could not be computed."""
    try:
        with mpmath.workdps(30):
            return value_at(expr, point)
    except Exception:  # anything a part raises: this estimate then reads the part as unknown
        return None


def hidden_digits(sides: Sequence[Any], point: dict) -> float:
    """Below how many digits (relative to the sides) a difference between them can hide at ``point``.

    ``inf`` where an argument is too large to say, 0 where nothing in the sides hides anything."""
    digits = _below_the_slack(sides, point)
    for side in sides:
        if not isinstance(side, sp.Basic):
            continue
        for node in sp.preorder_traversal(side):
            if node.is_Rational:  # 1 - 10^{-500} is one Rational with 500 digits: 60 of them round it to 1
                digits = max(digits, math.log10(max(abs(node.p), node.q)))
                continue
            if not node.args or (not node.free_symbols and not node.has(sp.Function, sp.Pow, sp.Add)):
                continue
            if isinstance(node, _FLAT_AT_ZERO):
                # \cos(10^{-100}) is 1 - 5 \cdot 10^{-201}: x\cos(10^{-100}) = x was confirmed (probe helper-139)
                arg = _value(node.args[0], point)
                if arg is not None and mpmath.isfinite(arg) and 0 < abs(arg) < 1:
                    digits = max(digits, -2 * float(mpmath.log10(abs(arg))))
            if isinstance(node, _WATCHED):
                arg = _value(node.args[0], point)
                if arg is None:
                    continue
                size = float(abs(arg)) if mpmath.isfinite(arg) else math.inf
                if size > _HOPELESS:
                    return math.inf
                if isinstance(node, _HYPERBOLIC):
                    digits = max(digits, 2 * size / _LN10)
                elif isinstance(node, (sp.erf, sp.erfc)):
                    digits = max(digits, 2 * size * size / _LN10)
                elif size > 1:
                    digits = max(digits, math.log10(size))
            elif isinstance(node, sp.Add):
                sizes = [abs(v) for v in (_value(term, point) for term in node.args) if v is not None and v != 0]
                if len(sizes) > 1:
                    ratio = max(sizes) / min(sizes)
                    digits = max(digits, float(mpmath.log10(ratio)) if mpmath.isfinite(ratio) else math.inf)
    return digits


def _below_the_slack(sides: Sequence[Any], point: dict) -> float:
    """Digits a tie hides where the sides are smaller than :math:`10^{-50}`: there the comparison's absolute slack
    (:math:`10^{-100}`) is wider than its relative one, and :math:`x^{101} = -10^{-303}` at x = -1/1001 tied with 0
    (``x^{101} \\ge 0`` for x > -10^{-3} was confirmed). Their size's digits: settled by intervals, which keep
    relative precision however small the values."""
    values = [_value(side, point) if isinstance(side, sp.Basic) else None for side in sides]
    sizes = [abs(v) for v in values if v is not None and isinstance(v, mpmath.mpf) and mpmath.isfinite(v)]
    scale = max(sizes, default=0)
    return float(-mpmath.log10(scale)) if 0 < scale < mpmath.mpf(10) ** -50 else 0.0


class Settled(NamedTuple):
    """What the hidden ties come to: a certified failure (point, the sides at 60 digits, a note), a reason to
    decide nothing, or neither (the agreement stands)."""

    failure: tuple[dict, Any, Any, str] | None = None
    undecided: str = ""


def _scaled(point: dict, factor: float) -> dict:
    """The point moved towards the origin by ``factor``, each coordinate rounded to two significant digits (a point
    a student can plug in: x = 3500, not 3453.877...)."""
    moved = {}
    for symbol, value in point.items():
        number = float(sp.sympify(value, strict=True)) * factor
        moved[symbol] = sp.Rational(f"{number:.2g}") if math.isfinite(number) else sp.sympify(value, strict=True)
    return moved


def _closer(lhs: Any, rhs: Any, digits: float, point: dict, admissible: Callable[[dict], bool]) -> list[tuple[float, dict]]:
    r"""Points between the origin and a tie too deep to settle, where a difference would show at fewer digits: a failure
    in the far tail (\sigma(x) \le 1 - 10^{-500} fails from x = 1151.3, sampled at 91,497 and 10^9) is looked for
    nearer, at points the domain and the assumptions admit."""
    out = []
    # (a threshold between them too: \sigma(x) \le 1 - 10^{-5000} fails from x = 11,513, where 5,000 digits tie and
    # 600 hold; it was confirmed)
    for target in (SETTLE_DIGITS * 0.9, SETTLE_DIGITS / 2, SETTLE_DIGITS / 4, 600.0):
        if not math.isfinite(digits) or target >= digits:
            continue
        moved = _scaled(point, target / digits)
        if moved == point or not admissible(moved):
            continue
        out.append((hidden_digits((lhs, rhs), moved), moved))
    return out


def settle_ties(
    lhs: Any,
    rhs: Any,
    rel: str,
    ties: Sequence[dict],
    needed: int,
    other_evidence: bool,
    admissible: Callable[[dict], bool] = lambda point: True,
    seconds: float = 2.0,
) -> Settled:
    """Settle the points where ``lhs REL rhs`` held only because the sides agreed to 60 digits.

    ``needed``: how many ties that are evidence an equation wants (the rest of its points follow, for sides that
    are analytic); ``other_evidence``: whether points where an inequality held by a visible margin exist;
    ``admissible``: whether a point is in the domain and satisfies the assumptions (for points moved nearer)."""
    start = clock()
    meaningful, hidden = 0, []
    for index, point in enumerate(ties[:60]):
        digits = hidden_digits((lhs, rhs), point)
        if digits <= MEANINGFUL:
            meaningful += 1
            if rel == "==" and meaningful >= needed:
                return Settled()
        else:
            hidden.append((digits, index, point))
        if clock() - start > seconds / 2:
            break
    if not hidden:
        return Settled()
    hidden.sort(key=lambda item: (item[0], item[1]))
    deep = [(digits, point) for digits, _, point in hidden if digits > SETTLE_DIGITS][:2]
    for number, (digits, point) in enumerate(item for deep_tie in deep for item in _closer(lhs, rhs, *deep_tie, admissible)):
        if digits <= SETTLE_DIGITS:
            hidden.append((digits, len(ties) + number, point))
    hidden.sort(key=lambda item: (item[0], item[1]))
    unsettled = []
    for digits, _, point in hidden:
        if digits > SETTLE_DIGITS or len(unsettled) + meaningful >= _SETTLED_AT_MOST + needed or clock() - start > seconds:
            unsettled.append((digits, point))
            continue
        precision = int(digits) + 60
        certain = fails_certainly(rel, lhs, rhs, point, precision)
        if certain:
            with mpmath.workdps(precision):
                a, b = value_at(lhs, point), value_at(rhs, point)
            note = (
                f"the sides agree to 60 digits here and differ by {mpmath.nstr(a - b, 6)}, certified by interval arithmetic "
                f"at {precision} digits (an exponential, a sum of very different sizes or sides below 10^{{-50}} hid it)"
            )
            with mpmath.workdps(60):
                return Settled(failure=(point, +a, +b, note))
        if certain is None:
            unsettled.append((digits, point))
            continue
        meaningful += 1
        if rel == "==" and meaningful >= needed:
            return Settled()
    if not unsettled:
        return Settled()
    digits, point = unsettled[0]
    past = "more digits than derivax tries" if digits > SETTLE_DIGITS else f"about {int(digits)} digits"
    why = (
        f"at {shown_at(point)} the sides agree to the 60 digits evaluated, but a difference there may hide below {past} "
        "(an exponential of a large argument, a sum of very different sizes, or sides below 10^{-50}): "
    )
    if rel == "==" and meaningful < needed:
        return Settled(undecided=why + f"only {meaningful} point(s) where agreement is evidence")
    if rel != "==" and meaningful == 0 and not other_evidence:
        return Settled(undecided=why + "and no point holds by a margin the digits see")
    return Settled()
