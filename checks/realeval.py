r"""Real evaluation, one convention for every decider: a point where any part is not real is outside.

An expression is *defined* at a point when every part of it is real and finite there:
:math:`\sqrt{x}\sqrt{y}` is undefined at :math:`x = y = -1` although the complex product is the
real number -1, :math:`\ln(x)` is undefined for :math:`x \le 0`, :math:`1/(x^2-2)` at
:math:`x = \sqrt 2` (a sum that cancels to the working precision is an exact zero), and values
beyond :math:`e^{10^6}` count as overflow. A comparison (:mod:`derivax.compare`) uses the points
where both sides are defined; a solution set (:mod:`derivax.solutions`) contains a point only
where every side of its relations is defined.

Evaluation is in mpmath at :data:`DIGITS` significant digits (a difference found there is kept
only if it is still there at :data:`CHECK_DIGITS`). Limits, derivatives and sums are made
computable first (:func:`prepared`): SymPy takes a limit where it can, otherwise the expression
is evaluated at a huge argument (:func:`derivax.evaluate.computable`).
"""

from __future__ import annotations

import contextlib
import functools
import math
from collections.abc import Callable
from typing import Any

import mpmath
import sympy as sp
from sympy.core.function import AppliedUndef
from sympy.logic.boolalg import BooleanFalse, BooleanTrue

from derivax.codegen import safe_lambdify
from derivax.limits import TimeLimitExceeded, time_limit

_SERIES_POINT_S = 0.5  # the most one point of a series or product may take to evaluate

__all__ = [
    "CHECK_DIGITS",
    "DIGITS",
    "Diverges",
    "NotACondition",
    "Undefined",
    "Unevaluable",
    "closed_form",
    "defined_at",
    "evaluated",
    "holds_at",
    "negate",
    "nnf",
    "noise",
    "prepared",
    "real_value",
    "relations_in",
    "truth",
    "value_at",
]

DIGITS = 60  # working digits of every evaluation
CHECK_DIGITS = 150  # a difference found at 60 digits is kept only if it is there at 150 digits too
_MAX_LOG = 10**6


class Undefined(Exception):
    """An expression that is not real (or not finite) at a point."""


class Unevaluable(Undefined):
    """SymPy could not compute a part at the point: nothing is known about it there."""


class Diverges(Undefined):
    """An infinite series that diverges at the point: SymPy's ratio and p-series tests, run while it sums a
    hypergeometric term, say so (``Sum diverges like (2)^n``). The side has no value there, but unlike a log of a
    negative number its notation promises one: a relation between it and a finite number fails there."""


def _fn(check: Any, fn: Any) -> Any:
    def strict(v: Any) -> Any:
        if not check(v):
            raise Undefined
        return fn(v)

    return strict


_FUNCTIONS: dict[Any, Any] = {
    sp.exp: mpmath.exp,
    sp.log: _fn(lambda v: v > 0, mpmath.log),
    sp.sin: mpmath.sin,
    sp.cos: mpmath.cos,
    sp.tan: mpmath.tan,
    sp.sec: mpmath.sec,
    sp.csc: _fn(lambda v: v != 0, mpmath.csc),
    sp.cot: _fn(lambda v: v != 0, mpmath.cot),
    sp.asin: _fn(lambda v: -1 <= v <= 1, mpmath.asin),
    sp.acos: _fn(lambda v: -1 <= v <= 1, mpmath.acos),
    sp.atan: mpmath.atan,
    sp.acot: mpmath.acot,
    sp.sinh: mpmath.sinh,
    sp.cosh: mpmath.cosh,
    sp.tanh: mpmath.tanh,
    sp.asinh: mpmath.asinh,
    sp.acosh: _fn(lambda v: v >= 1, mpmath.acosh),
    sp.atanh: _fn(lambda v: -1 < v < 1, mpmath.atanh),
    sp.Abs: abs,
    sp.sign: mpmath.sign,
    # H_n in closed form (a sum of 1/i): SymPy's evalf of harmonic(10^5) adds the rationals exactly, too slow for a
    # point; mpmath's is the digamma identity, defined off the negative integers
    sp.harmonic: _fn(lambda v: not (v < 0 and mpmath.isint(v)), mpmath.harmonic),
    # n! at a large n (the bounds tried past the sampled ones): mpmath's Gamma, not SymPy's exact product
    sp.factorial: _fn(lambda v: not (v < 0 and mpmath.isint(v)), mpmath.factorial),
}


def real_value(expr: Any, env: dict) -> Any:
    """``expr`` at the point ``env`` (symbol -> mpf) as a finite real mpf; :class:`Undefined` if any part is not real."""
    if expr.is_Symbol:
        if expr not in env:
            raise Undefined
        return env[expr]
    if expr.is_Rational:
        return mpmath.mpf(expr.p) / expr.q
    if expr.is_Float:
        return mpmath.mpf(expr._mpf_)
    if expr.is_NumberSymbol:
        return mpmath.mpf(expr._as_mpf_val(mpmath.mp.prec))
    if expr.is_Add:
        terms = [real_value(a, env) for a in expr.args]
        total = mpmath.fsum(terms)
        # Cancellation down to the working precision is an exact zero (x^2 - 2 at sqrt 2), so that
        # 1/(x^2 - 2) or ln(x^2 - 2) there is undefined, not a huge number.
        return mpmath.mpf(0) if abs(total) <= noise() * max(abs(t) for t in terms) else total
    if expr.is_Mul:
        out = mpmath.mpf(1)
        for a in expr.args:
            out *= real_value(a, env)
        return _finite(out)
    if expr.is_Pow:
        base, exponent = expr.args
        b = real_value(base, env)
        e = exponent if exponent.is_Integer else real_value(exponent, env)
        if not exponent.is_Integer:
            if b > 0:
                _bounded(e * mpmath.log(b))
                return _finite(mpmath.power(b, e))
            if b == 0 and e > 0:
                return mpmath.mpf(0)
            if not mpmath.isint(e):
                raise Undefined  # SymPy's principal root of a negative number is not real
        # an integer exponent, written or by its value ((-1)^{2n} at n = 0 is 1: exp(i pi e) is real exactly there)
        if b == 0 and e < 0:
            raise Undefined
        if b != 0:
            _bounded(int(e) * mpmath.log(abs(b)))
        return _finite(b ** int(e))
    if isinstance(expr, sp.Max | sp.Min):
        values = [real_value(a, env) for a in expr.args]
        return max(values) if isinstance(expr, sp.Max) else min(values)
    if isinstance(expr, sp.floor | sp.ceiling) and len(expr.args) == 1:
        v = real_value(expr.args[0], env)
        if abs(v - mpmath.nint(v)) > noise() * max(1, abs(v)):
            # clear of a whole number, the integer part is exact (a quadrature of floor(x) needs thousands: SymPy's
            # evalf took 6 ms each); near one, rounding may have put the value on the wrong side: SymPy decides below
            return mpmath.floor(v) if isinstance(expr, sp.floor) else mpmath.ceil(v)
    fn = _FUNCTIONS.get(expr.func)
    if fn is not None and len(expr.args) == 1:
        try:
            v = real_value(expr.args[0], env)
            if expr.func in (sp.sinh, sp.cosh):
                _bounded(abs(v))
            elif expr.func is sp.exp:
                _bounded(v)  # e^(-4e6) is a tiny positive number, e^(4e6) an overflow
            if expr.func in _TRIG:
                return _trig_of(expr, v, env)
            return _finite(fn(v))
        except (ValueError, ZeroDivisionError) as error:
            raise Undefined from error
    if isinstance(expr, sp.Sum | sp.Product) and len(expr.limits) == 1:
        value = _term_by_term(expr, env)
        if value is not None:
            return value
    if isinstance(expr, sp.Integral):
        return _integrated(expr, env)
    if isinstance(expr, sp.harmonic | sp.zeta) and len(expr.args) == 2:
        value = _two_argument_zeta(expr, env)
        if value is not None:
            return value
    if expr in (sp.oo, -sp.oo, sp.zoo, sp.nan) or isinstance(expr, AppliedUndef):
        raise Undefined
    return _by_sympy(expr, env)


_TERMS = 2000  # a finite sum or product of at most this many terms is added up (multiplied out) in mpmath


def _term_by_term(expr: Any, env: dict) -> Any:
    """A sum or product with whole-number bounds at the point, of at most :data:`_TERMS` terms, each term evaluated
    as any expression is: :math:`\\prod_{k=1}^{1000} (1 + 1/k^2)` took SymPy's evalf past half a second (a point's
    limit); None for anything else (SymPy's evalf then, as before: infinite series, symbolic bounds)."""
    (k, low, high), = expr.limits
    try:
        lo, hi = real_value(low, env), real_value(high, env)
    except Undefined:
        return None
    if not (mpmath.isint(lo) and mpmath.isint(hi)) or not 0 <= hi - lo <= _TERMS or k in env:  # (SymPy's empty ranges)
        return None
    terms = [real_value(expr.function, {**env, k: mpmath.mpf(i)}) for i in range(int(lo), int(hi) + 1)]
    if isinstance(expr, sp.Sum):
        return _finite(mpmath.fsum(terms)) if terms else mpmath.mpf(0)
    out = mpmath.mpf(1)
    for term in terms:
        out *= term
    return _finite(out)


# what makes SymPy's closed form of an integral worth checking: kinks, jumps and inverse functions of periodic ones
_QUAD_S = 2.0  # the most one integral at one point may take (mpmath's tanh-sinh quadrature, at the working precision)
_CLOSED_S = 2.0  # the most SymPy may take to integrate one integral in closed form (once; remembered)
_CLOSED_DIGITS = 3000  # the most digits SymPy may work at to evaluate a closed form whose terms cancel
_BREAKS = 8  # the most landmarks an integrand's interval is cut at (and beside)


def _integrated(expr: sp.Integral, env: dict) -> Any:
    r"""A definite integral at the point: SymPy's closed form where it gives one that holds there (a closed form given
    under a condition the point fails, \int_0^\infty \sin(ax)/x dx = \pi/2 "for a > 0", has no value: unevaluable,
    which leaves a comparison with such a point undecided). On a bounded interval the closed form must agree with a
    rough quadrature, unless it is a ``RealIntegral``'s, which its ``doit`` checked already (SymPy gave 2/3 for
    |\sin 3x| on [0, \pi], and about 0 for e^{-(x - 314159)^4} on [0, 10^6], whose value is 1.81). A closed form whose
    terms cancel (erf(31) - erf(30)) is evaluated by SymPy at as many digits as it needs (:func:`_closed_value`).
    Without a closed form: on a bounded interval, two quadratures that agree (:func:`_quadrature`); over an infinite
    one nothing (quadrature gave 0 for a peak at x = 100). No finite value in closed form: :class:`Diverges`."""
    limits = expr.limits
    if any(len(limit) != 3 for limit in limits):
        raise Unevaluable
    variables = [limit[0] for limit in limits]
    bounded = all(
        not ((low.free_symbols | high.free_symbols) & set(variables)) and sp.oo not in (abs(low), abs(high)) for _, low, high in limits
    )
    closed = closed_form(expr)
    try:
        value = _closed_value(closed, env) if closed is not None else None
    except Diverges:
        value = _integrated_at_the_point(expr, env)
    if value is None and closed is not None and hasattr(expr, "doit_signed"):
        # a closed form under a condition SymPy states on arg(a): \int_0^\infty e^{ax} dx = -1/a "for |arg(a) + pi| < pi/2",
        # which a real a < 0 fails (arg(a) = pi): integrated again with each parameter's sign as at the point
        signed = _signed_closed_form(expr, _signs(expr, env))
        value = _closed_value(signed, env) if signed is not None else None
    if not bounded or len(limits) > 2:
        if value is None:
            raise Unevaluable
        return value
    if value is None:
        return _quadrature(expr, env)
    if getattr(expr, "closed_form_checked", False):
        return value  # (derivax's own closed forms were checked against a quadrature when SymPy gave them)
    rough = rough_quadrature(expr, env)
    if rough is None or abs(value - rough) > 1e-3 * max(abs(value), abs(rough), 1e-30):
        raise Unevaluable  # the closed form and the quadrature disagree (or it has none): which is right is not known here
    return value


def _integrated_at_the_point(expr: sp.Integral, env: dict) -> Any:
    r"""The integral with the point's parameters put in first, where its closed form in general has no value there:
    a removable singularity (\int e^{-x^2}(x - \mu)^2 dx came out with erfc(\mu)/\mu terms, undefined at \mu = 0, and
    a true identity was refuted there "diverges"). Diverges where the integral at the point is infinite too."""
    parameters = {s: _exact(v) for s, v in env.items() if s in expr.free_symbols}
    if not parameters:
        raise Diverges("the integral diverges: no finite value (SymPy's closed form)")
    at = closed_form(expr.xreplace(parameters))
    if at is None:
        raise Unevaluable
    return _closed_value(at, {})


def _signs(expr: sp.Integral, env: dict) -> tuple[tuple[sp.Symbol, int], ...] | None:
    """The signs of the integral's parameters at the point (None where one is 0, not a number, or there are over two)."""
    parameters = sorted(expr.free_symbols, key=lambda p: p.name)
    values = [env.get(p) for p in parameters]
    if not 1 <= len(parameters) <= 2 or not all(isinstance(v, mpmath.mpf) and v != 0 for v in values):
        return None
    return tuple((p, 1 if v > 0 else -1) for p, v in zip(parameters, values, strict=True))


def _signed_closed_form(expr: sp.Integral, signs: tuple[tuple[sp.Symbol, int], ...] | None) -> Any:
    """The closed form with each parameter of known sign (``RealIntegral.doit_signed``), None where SymPy gives none
    (remembered, as :func:`closed_form`'s, and an overtime not)."""
    if signs is None:
        return None
    try:
        return _remembered_closed_form(expr, signs)
    except TimeLimitExceeded:
        return None


def _closed_value(closed: Any, env: dict) -> Any:
    """The closed form at the point; None where it keeps an integral or a case split. Terms that cancel to the working
    digits (the tails of erf(31) - erf(30), 2.27e-393) are added up by SymPy's evalf on the exact point, at up to
    :data:`_CLOSED_DIGITS` digits; unevaluable where even that leaves no digit (an exact 0 is not told from 10^{-3000})."""
    at = closed.xreplace({s: sp.Float(v, mpmath.mp.dps) if isinstance(v, mpmath.mpf) else v for s, v in env.items()})
    if at.has(sp.Piecewise) and not at.free_symbols:
        at = sp.piecewise_fold(at).doit()
    if at in (sp.oo, -sp.oo, sp.zoo, sp.nan):
        raise Diverges("the integral diverges: no finite value (SymPy's closed form)")
    if isinstance(at, sp.Integral) and not at.free_symbols:
        # the case the closed form left open at this point (\int_1^\infty x^{-a} dx at a = 1/2): SymPy's integral of it,
        # where that is an infinity (it was unknown, and a > 0 => the integral < \infty was confirmed: probe helper-163)
        try:
            with time_limit(_QUAD_S):
                done = at.doit()
        except Exception:  # the time limit, or an integral SymPy cannot take: unknown, as before
            done = None
        if done in (sp.oo, -sp.oo):
            raise Diverges("the integral diverges at this point (SymPy's integral of the case left open)")
    if at.has(sp.Integral, sp.Piecewise):
        return None
    value = real_value(at, {})
    if not _cancels(at):
        return value
    exact = closed.xreplace({s: _exact(v) for s, v in env.items()})  # (a Float put in erf(30.0) is evaluated at once)
    try:
        with time_limit(_QUAD_S):
            number = sp.N(exact, 20, maxn=_CLOSED_DIGITS)
    except (TimeLimitExceeded, TypeError, ValueError, ArithmeticError) as failure:
        raise Unevaluable from failure
    if number == 0 and not number.is_Float:
        return mpmath.mpf(0)
    if not number.is_Float or number._prec < 20 or not number.is_finite:
        raise Unevaluable
    return mpmath.mpf(number._mpf_)


def exact_point(point: dict) -> dict:
    """The point with its floats taken as the exact binary numbers they are (a sampled float y put in x = sqrt(1 - y^2)
    left x^2 + y^2 a rounding off 1)."""
    return {s: sp.Rational(v) if isinstance(v, sp.Float) else v for s, v in point.items()}


def _exact(v: Any) -> Any:
    """A point's value as the exact rational it stands for (an mpf is a binary fraction)."""
    if not isinstance(v, mpmath.mpf) or not mpmath.isfinite(v):
        return v
    # (the sign from _mpf_: man_exp gives the mantissa unsigned, so -1 was 1, and \int_0^\infty \lambda e^{-\lambda x} dx at
    # lambda = -1 was the integral at lambda = 1: probe helper-199 F10, F21)
    sign, mantissa, exponent, _ = v._mpf_
    return (-1) ** sign * sp.Integer(mantissa) * sp.Integer(2) ** exponent


def _cancels(at: Any) -> bool:
    """Whether a sum in ``at`` (no symbols) cancels to half the working digits or more."""
    tolerance = mpmath.mpf(10) ** (-(mpmath.mp.dps // 2))
    for node in sp.preorder_traversal(at):
        if isinstance(node, sp.Add):
            try:
                terms = [real_value(term, {}) for term in node.args]
            except Undefined:
                continue
            largest = max(abs(t) for t in terms)
            if largest > 0 and abs(mpmath.fsum(terms)) <= tolerance * largest:
                return True
    return False


_QUADRATURES: dict[tuple, Any] = {}  # (which, integral, bits, its free names' values) -> a quadrature's value
_QUADRATURES_KEPT = 512


def _remembered(quadrature: Callable[[sp.Integral, dict], Any]) -> Callable[[sp.Integral, dict], Any]:
    """``quadrature`` computed once per integral, working precision and values of the integral's free names: a check
    values one integral at the same point many times (each reading, each side of infinity, the closed form's check), and
    each tanh-sinh quadrature takes seconds of CPU (``\\int_0^\\pi |\\sin 3x| dx`` ran past its limit on a loaded machine).
    Only values are kept: a failure (an overtime above all) is tried again."""

    @functools.wraps(quadrature)
    def remembered(expr: sp.Integral, env: dict) -> Any:
        try:
            key = (quadrature.__name__, expr, mpmath.mp.prec, frozenset((s, env[s]) for s in expr.free_symbols if s in env))
            hash(key)
        except TypeError:  # a value that cannot be hashed: computed each time
            return quadrature(expr, env)
        if key not in _QUADRATURES:
            value = quadrature(expr, env)
            if value is None:
                return None
            if len(_QUADRATURES) >= _QUADRATURES_KEPT:
                _QUADRATURES.pop(next(iter(_QUADRATURES)))
            _QUADRATURES[key] = value
        return _QUADRATURES[key]

    return remembered


@_remembered
def rough_quadrature(expr: sp.Integral, env: dict) -> Any:
    """A quadrature over 16 parts (:func:`_pieces`; and the integrand's landmarks, :func:`_cuts`) at 20 digits, good to
    1e-4 where a kink (|x - a|) slows tanh-sinh: enough to catch a closed form that is wrong outright; None where its
    error estimate is larger or it cannot be computed. Reversed bounds give the negated integral; an inner bound that
    depends on an outer variable (\\int_0^1 \\int_0^x y\\,dy\\,dx) is integrated inside out (:func:`_iterated`)."""
    limits = expr.limits
    if len(limits) > 2 or any(len(limit) != 3 for limit in limits):
        return None
    try:
        with mpmath.workdps(20):
            if _depends_on_outer(expr):
                with time_limit(_QUAD_S):
                    value, error = _iterated(expr, env)
            else:
                ends, sign = _oriented([(_end(low, env), _end(high, env)) for _, low, high in limits])
                if any(not mpmath.isfinite(end) for pair in ends for end in pair):
                    return None
                with time_limit(_QUAD_S):
                    cut = _cuts(expr, env, ends)
                    parts = [sorted({*mpmath.linspace(low, high, _pieces(expr)), *c}) for (low, high), c in zip(ends, cut, strict=True)]
                    value, error = mpmath.quad(_integrand(expr, env), *parts, error=True)
                    value *= sign
    except (TimeLimitExceeded, Undefined, ValueError, ZeroDivisionError, OverflowError, TypeError):
        return None
    if isinstance(value, mpmath.mpc) or not mpmath.isfinite(value) or error > 1e-4 * max(1, abs(value)):
        return None
    return value


def _oriented(ends: list[tuple[Any, Any]]) -> tuple[list[tuple[Any, Any]], int]:
    """Each interval with its ends in increasing order, and the sign the reversed ones give the integral
    (:math:`\\int_b^a = -\\int_a^b`): mpmath's quadrature over parts sorted increasing had integrated
    :math:`\\int_1^0 x\\,dx` as +1/2."""
    sign, out = 1, []
    for low, high in ends:
        if low > high:
            low, high, sign = high, low, -sign
        out.append((low, high))
    return out, sign


def _depends_on_outer(expr: sp.Integral) -> bool:
    """Whether a bound of an inner integral holds an outer integration variable (SymPy lists limits inner first)."""
    variables = [limit[0] for limit in expr.limits]
    return any((low.free_symbols | high.free_symbols) & set(variables[i + 1 :]) for i, (_, low, high) in enumerate(expr.limits))


def _iterated(expr: sp.Integral, env: dict) -> tuple[Any, Any]:
    """A double integral whose inner bounds depend on the outer variable, inside out: the outer quadrature's
    integrand is the inner quadrature at its point, each over its oriented interval (an error estimate of the outer
    one only: enough for :func:`rough_quadrature`'s check of a closed form to 1e-3). Single integrals do not
    get here; an outer bound that depends on an inner variable is no integral (unevaluable)."""
    (y, inner_low, inner_high), (x, outer_low, outer_high) = expr.limits
    if (outer_low.free_symbols | outer_high.free_symbols) & {x, y}:
        raise Unevaluable
    (outer,), outer_sign = _oriented([(_end(outer_low, env), _end(outer_high, env))])

    def inner(t: Any) -> Any:
        at = {**env, x: t}
        (ends,), sign = _oriented([(_end(inner_low, at), _end(inner_high, at))])
        return sign * mpmath.quad(lambda s: real_value(expr.function, {**at, y: s}), ends)

    if not all(mpmath.isfinite(end) for end in outer):
        raise Unevaluable
    value, error = mpmath.quad(inner, list(outer), error=True)
    return outer_sign * value, error


def _pieces(expr: sp.Integral) -> int:
    """The ends of the equal parts each variable's interval is cut into: 16 parts in one variable, 2 in each of two
    (16 x 16 boxes took 7 s for xy on the unit square at 20 digits, 2 x 2 take 0.15 s)."""
    return 17 if len(expr.limits) == 1 else 3


def _integrand(expr: sp.Integral, env: dict) -> Any:
    """The integrand as a function of the integration variables (in the order of the limits), the point's values put in."""
    variables = [limit[0] for limit in expr.limits]

    def body(*values: Any) -> Any:
        return real_value(expr.function, {**env, **dict(zip(variables, values, strict=True))})

    return body


def _cuts(expr: sp.Integral, env: dict, ends: list) -> list[list[Any]]:
    r"""For each variable, the points strictly inside its interval where a quadrature should cut it: for an integral in
    one variable, the integrand's landmarks (the real roots of its functions' arguments and even powers' bases, and the
    turning points of an exponent, :func:`derivax.slivers.landmarks_of`). A peak narrower than the spacing of the nodes
    (e^{-(x - 314159)^4} on [0, 10^6]) is met only by a cut at it: both quadratures had agreed on 0."""
    if len(expr.limits) != 1:
        return [[] for _ in expr.limits]
    from derivax.slivers import landmarks_of  # slivers evaluates with this module: imported when needed

    x = expr.limits[0][0]
    ((low, high),) = ends
    body = expr.function.xreplace({s: sp.Rational(mpmath.nstr(v, 30)) if isinstance(v, mpmath.mpf) else v for s, v in env.items()})
    # (sp.N: a landmark may be exact and irrational, pi/6 for |sin 3x|, which sp.Float does not take)
    marks = [m for m in (mpmath.mpf(sp.Float(sp.N(mark, 30), 30)._mpf_) for mark in landmarks_of(body, x)) if low <= m <= high][:_BREAKS]
    # and flanks at 10^{-2}, 10^{-4}, 10^{-6}, 10^{-8} of the interval's length on either side: a peak of any width down
    # to that meets nodes of its own (tanh-sinh crowds them at the ends of each part)
    flanks = [m + side * (high - low) * mpmath.mpf(10) ** -k for m in marks for k in (2, 4, 6, 8) for side in (-1, 1)]
    return [sorted({m for m in (*marks, *flanks, *_switches(body, x, low, high)) if low < m < high})]


_SWITCH_GRID = 256  # the points at which a switch's argument is looked at for a change of sign (or of integer part)
_SWITCHES = 32  # the most points where an integrand switches that an interval is cut at


def _switches(body: Any, x: sp.Symbol, low: Any, high: Any) -> list[Any]:
    r"""Where an integrand of x alone kinks or jumps inside [low, high]: the zeros of the arguments of |.|, sign and
    Heaviside, of the differences of a max's or min's arguments and of a case's condition, and where a floor's or a
    ceiling's argument crosses a whole number, found on a grid and bisected to 30 digits. Tanh-sinh converges slowly
    across a kink it does not end at: |\sin 3x| on [0, \pi] (kinks at \pi/3 and 2\pi/3, which no polynomial root gives)
    was left without a value, so SymPy's wrong closed form 2/3 could not be told from the true 2."""
    parts: list[tuple[Any, bool]] = []  # (an expression whose sign changes mark a switch, whether whole numbers do)
    for node in sp.preorder_traversal(body):
        if isinstance(node, sp.Abs | sp.sign | sp.Heaviside):
            parts.append((node.args[0], False))
        elif isinstance(node, sp.Max | sp.Min):
            parts += [(a - b, False) for i, a in enumerate(node.args) for b in node.args[i + 1 :]]
        elif isinstance(node, sp.Piecewise):
            parts += [(c.lhs - c.rhs, False) for _, cond in node.args for c in cond.atoms(sp.core.relational.Relational)]
        elif isinstance(node, sp.floor | sp.ceiling):
            parts.append((node.args[0], True))
    out: list[Any] = []
    with mpmath.workdps(30):
        grid = mpmath.linspace(low, high, _SWITCH_GRID + 1)
        for part, whole in parts:
            if part.free_symbols != {x}:
                continue

            def level(t: Any, part: Any = part, whole: bool = whole) -> Any:
                v = real_value(part, {x: t})
                return mpmath.floor(v) if whole else mpmath.sign(v)

            try:
                levels = [level(t) for t in grid]
                for a, b, la, lb in zip(grid, grid[1:], levels, levels[1:], strict=False):
                    if la == lb:
                        continue
                    for _ in range(100):  # bisection to 30 digits of the interval
                        middle = (a + b) / 2
                        if level(middle) == la:
                            a = middle
                        else:
                            b = middle
                        if b - a < (high - low) * mpmath.mpf(10) ** -30:
                            break
                    out.append((a + b) / 2)
                    if len(out) >= _SWITCHES:
                        return out
            except (Undefined, ValueError, ZeroDivisionError, OverflowError, TypeError):
                continue
    return out


_WIDEST = mpmath.mpf(10) ** 15  # a finite range wider than this is not integrated numerically


@_remembered
def _quadrature(expr: sp.Integral, env: dict) -> Any:
    """Two quadratures (the whole box, and 16 parts in one variable, :func:`_pieces`; both cut at the integrand's landmarks) that agree to
    half the working digits, else unevaluable."""
    ends, sign = _oriented([(_end(low, env), _end(high, env)) for _, low, high in expr.limits])
    if any(mpmath.isfinite(low) and mpmath.isfinite(high) and high - low > _WIDEST for low, high in ends):
        # [0, 10^{100}]: every node of both quadratures misses where e^{-x^2} lives, and they agree on 0 (refuted
        # \int_0^{10^{100}} e^{-x^2} dx > 1/2: probe helper-113); SymPy's closed form values it, or nothing does
        raise Unevaluable
    body = _integrand(expr, env)
    tolerance = mpmath.mpf(10) ** (-(mpmath.mp.dps // 2))
    try:
        with time_limit(_QUAD_S):
            cuts = _cuts(expr, env, ends)
            wholes = [[low, *cut, high] for (low, high), cut in zip(ends, cuts, strict=True)]
            parts = [sorted({*mpmath.linspace(low, high, _pieces(expr)), *cut}) for (low, high), cut in zip(ends, cuts, strict=True)]
            whole, error = mpmath.quad(body, *wholes, error=True)
            split, split_error = mpmath.quad(body, *parts, error=True)
    except (TimeLimitExceeded, Undefined, ValueError, ZeroDivisionError, OverflowError) as failure:
        raise Unevaluable from failure
    if any(isinstance(v, mpmath.mpc) or not mpmath.isfinite(v) for v in (whole, split)):
        raise Unevaluable
    scale = max(1, abs(whole))
    if max(error, split_error) > tolerance * scale or abs(whole - split) > tolerance * scale:
        raise Unevaluable
    return sign * split


def closed_form(expr: sp.Integral) -> Any:
    """SymPy's closed form of ``expr`` (remembered), None where it leaves an integral or runs out of time (an
    overtime is not remembered: on a busy machine the closed form may come in time at the next point)."""
    try:
        return _remembered_closed_form(expr)
    except TimeLimitExceeded:
        return None


@functools.lru_cache(maxsize=256)
def _remembered_closed_form(expr: sp.Integral, signs: tuple[tuple[sp.Symbol, int], ...] = ()) -> Any:
    """``expr.doit()``, or with ``signs`` ``expr.doit_signed``; None where SymPy fails or leaves an integral (one
    under a case split kept only without signs: a conditional form whose other case is the integral itself)."""
    try:
        with time_limit(_CLOSED_S):
            closed = expr.doit_signed(dict(signs)) if signs else expr.doit()
    except TimeLimitExceeded:
        raise
    except Exception:  # SymPy's integrators raise many kinds: no closed form, then
        return None
    if not isinstance(closed, sp.Expr) or (closed.has(sp.Integral) and (signs or not closed.has(sp.Piecewise))):
        return None
    return closed


def _end(bound: Any, env: dict) -> Any:
    """An integral's bound at the point: a real number, or mpmath's infinity for SymPy's."""
    if bound in (sp.oo, -sp.oo):
        return mpmath.inf if bound == sp.oo else -mpmath.inf
    return real_value(bound, env)


def _two_argument_zeta(expr: Any, env: dict) -> Any:
    r"""The generalized harmonic number :math:`H_n^{(m)} = \zeta(m) - \zeta(m, n + 1)` (m > 1, n >= 0) and Hurwitz's
    :math:`\zeta(s, a)` (s > 1, a > 0) by mpmath: :math:`\sum_{k=1}^{n} 1/k^2` in closed form is harmonic(n, 2), which
    SymPy's evalf adds up term by term (13 s at n = 10^4, where a bound past the sampled ones is tried). None for
    any other arguments (SymPy evaluates those)."""
    first, second = (real_value(a, env) for a in expr.args)
    if isinstance(expr, sp.harmonic):
        n, m = first, second
        if m > 1 and n >= 0:
            return _finite(mpmath.zeta(m) - mpmath.zeta(m, n + 1))
        return None
    s, a = first, second
    return _finite(mpmath.zeta(s, a)) if s > 1 and a > 0 else None


def noise() -> Any:
    """Relative size below which a computed value is rounding noise at the working precision."""
    return _powers_of_ten(10 - mpmath.mp.dps, mpmath.mp.prec)


@functools.lru_cache(maxsize=64)
def _powers_of_ten(exponent: int, prec: int) -> Any:
    r"""10^exponent at ``prec`` bits, computed once: quadrature looks at the noise and the digits of each argument tens of
    thousands of times an integral (a third of the time of \int_0^\pi |\sin 3x| dx went into 10^k and log10)."""
    with mpmath.workprec(prec):
        return mpmath.mpf(10) ** exponent


_TRIG = (sp.sin, sp.cos, sp.tan, sp.sec, sp.csc, sp.cot)


_TRIG_MOST_DIGITS = 20_000  # the most digits an argument may need before its trigonometric function is not computed


def _trig_of(expr: Any, v: Any, env: dict) -> Any:
    """``expr``, a trigonometric function of ``v`` (its argument at the point, at the working precision): an argument of
    d digits before the point is valued again with d more, as its sine needs them (sin 10^{10000} was both > 0 and < 0
    at 60 digits: 10^{10000} rounded to them is 10^{9940} off, probe helper-139); beyond 20,000 not at all."""
    if abs(v) < _powers_of_ten(mpmath.mp.dps // 4 + 1, mpmath.mp.prec):  # at most dps // 4 digits before the point
        return _trig(expr.func, v)
    digits = int(mpmath.log10(abs(v)))
    if digits <= mpmath.mp.dps // 4:
        return _trig(expr.func, v)
    if digits > _TRIG_MOST_DIGITS:
        raise Unevaluable
    with mpmath.workdps(mpmath.mp.dps + digits + 10):
        value = _trig(expr.func, real_value(expr.args[0], env))
    return +value  # rounded to the working precision


def _trig(func: Any, v: Any) -> Any:
    """A trigonometric function with its zeros exact (cos at pi/2 is 0) and its poles undefined."""
    # (only the function or functions ``func`` needs: a sine and a cosine each cost a reduction modulo pi)
    s = mpmath.sin(v) if func in (sp.sin, sp.tan, sp.csc, sp.cot) else None
    c = mpmath.cos(v) if func in (sp.cos, sp.tan, sp.sec, sp.cot) else None
    s = mpmath.mpf(0) if s is not None and abs(s) <= noise() else s
    c = mpmath.mpf(0) if c is not None and abs(c) <= noise() else c
    num, den = {sp.sin: (s, 1), sp.cos: (c, 1), sp.tan: (s, c), sp.sec: (1, c), sp.csc: (1, s), sp.cot: (c, s)}[func]
    if den == 0:
        raise Undefined
    return num / den


def _bounded(log_magnitude: Any) -> None:
    """Values beyond e^(10^6) (towers such as x^{x^{x^x}}) are not computed: unknown there, never "not real".

    Tiny values (a log-magnitude below -10^6) are computed: mpmath's exponents have no limit."""
    if log_magnitude > _MAX_LOG:
        raise Unevaluable  # a real number, too large to be worth computing: nothing is decided there


def _finite(v: Any) -> Any:
    if isinstance(v, mpmath.mpc) or not mpmath.isfinite(v):
        raise Undefined
    return v


def _geometric_summed(at: Any) -> Any:
    r"""Each infinite geometric series at a point, summed exactly: a_0 / (1 - r) for a ratio |r| < 1 (``Diverges`` for
    |r| >= 1). SymPy's evalf of \sum_t \gamma^t at gamma = 0.8768 (a float's exact rational) differed from 1/(1 - gamma)
    past 60 digits, and the 150-digit check of that difference ran out of time: undecided, by chance of load."""
    found = {}
    for series in at.atoms(sp.Sum):
        if len(series.limits) != 1 or series.free_symbols:
            continue
        index, start, end = series.limits[0]
        huge = end.is_Integer and start.is_Integer and end - start + 1 > _TERMS
        if end is not sp.oo and not huge:
            continue
        term = series.function
        first = term.subs(index, start)
        if first == 0 or not first.is_number:
            continue
        ratio = sp.simplify(term.subs(index, index + 1) / term)
        if not ratio.is_number or ratio.has(sp.nan, sp.zoo):
            continue
        if huge and ratio.is_real:
            # \sum_{k=0}^{10^{40} - 1} r^k (a limit taken at a huge argument): a_0 (1 - r^N) / (1 - r) in mpmath, where
            # the exact rational r^N of a float r is too large to compute
            count = int(end - start + 1)
            # digits to spare for r^N (an error in r grows N times) and for 1 - r (r within 10^{-60} of 1: not summed)
            with mpmath.workdps(mpmath.mp.dps + len(str(count)) + 80):
                r = real_value(ratio, {})
                if r != 1 and abs(1 - r) < mpmath.mpf(10) ** -60:
                    continue
                value = real_value(first, {}) * (count if r == 1 else (1 - mpmath.power(r, count)) / (1 - r))
                _bounded(mpmath.log(abs(value)) if value else mpmath.mpf(0))
            found[series] = sp.Float(value, mpmath.mp.dps)
            continue
        if abs(ratio) >= 1:
            raise Diverges(f"Sum diverges like ({ratio})^n")
        found[series] = first / (1 - ratio)
    return at.xreplace(found) if found else at


_DIRECT_TERMS = 200_000  # the most terms a series at a point is added up term by term
_DIRECT_DIGITS = 3000  # the most working digits a series whose terms cancel may need


def _hypergeometric_summed(expr: Any, values: dict) -> Any:
    r"""``expr`` at the point ``values``, each infinite series in it whose term ratio is a rational function of the
    index added up term by term in mpmath (t_{k+1} = t_k r(k)) until its terms fall past the working precision; with
    more digits where large terms cancel. SymPy's evalf of \sum_k \lambda^k e^{-\lambda}/k! at \lambda = 200 is 0 and
    of \sum_k 50^k/k! is 0.e+21, and the Poisson distribution's sum to 1 was refuted "certified at 150 digits" (probe
    helper-164). The ratio is found once per series (SymPy's hypersimp), not at every point."""
    found = {}
    for series in expr.atoms(sp.Sum):
        if len(series.limits) != 1 or series.limits[0][2] is not sp.oo or not series.limits[0][1].is_Integer:
            continue
        index, start, _ = series.limits[0]
        ratio = _term_ratio(series.function, index)
        at = series.xreplace(values)
        if ratio is None or at.free_symbols:
            continue
        ratio = ratio.xreplace(values)
        if ratio.free_symbols != {index}:
            continue
        value = _summed_term_by_term(at.function, ratio, index, int(start))
        if value is not None:
            found[at] = value
    at = expr.xreplace(values)
    return at.xreplace(found) if found else at


@functools.lru_cache(maxsize=256)
def _term_ratio(term: Any, index: sp.Symbol) -> Any:
    """t(k+1)/t(k) of a hypergeometric term t, a rational function of k (its parameters free); None for another."""
    try:
        with time_limit(1.0):
            ratio = sp.hypersimp(term, index)
    except Exception:  # the time limit, or a term SymPy cannot take: left to evalf
        return None
    if ratio is None or index not in ratio.free_symbols or not ratio.is_rational_function(index):
        return None
    return ratio


def _summed_term_by_term(term: Any, ratio: Any, index: sp.Symbol, start: int) -> Any:
    """The series' value as a SymPy Float, None where it is not settled within :data:`_DIRECT_TERMS` terms;
    ``Diverges`` where the ratio's limit passes 1 in size."""
    top, bottom = (sp.Poly(part, index) for part in sp.fraction(sp.together(ratio)))
    # a term ratio that is 0 at a whole k >= start ends the series there: \sum_{k \ge 0} \binom{5}{k} is 2^5 (its ratio
    # (5 - k)/(k + 1) tends to -1, and the sum was refuted as divergent: review helper-166)
    ends = sorted(int(root) for root in sp.roots(top) if root.is_Integer and root >= start) if top.degree() > 0 else []
    if ends:
        return sp.Float(sp.Sum(term, (index, start, ends[0] + 1)).doit(), mpmath.mp.dps)
    if top.degree() != bottom.degree():  # the ratio's limit: 0 or infinite
        limit_ratio = sp.Integer(0) if top.degree() < bottom.degree() else sp.oo
    else:
        limit_ratio = top.LC() / bottom.LC()
    if not limit_ratio.is_number or abs(limit_ratio) > 1:
        raise Diverges(f"Sum diverges like ({limit_ratio})^n")
    if limit_ratio != 0:
        # a ratio tending to a number in (0, 1] converges slowly, term by term (\sum 0.99^k k took 200,000 terms and the
        # point's time: review helper-166): evalf's acceleration, as before; only terms that shrink like 1/k! are added here
        return None
    for _ in range(8):  # k x^k/k!: the terms from the first nonzero one (a zero term makes every later one 0)
        if term.subs(index, start) != 0:
            break
        start += 1
    else:
        return None
    r = safe_lambdify([index], ratio, "mpmath")  # (no name of the input reaches the generated source)
    wanted = mpmath.mp.dps
    digits = wanted + 20
    for _ in range(8):
        with mpmath.workdps(digits):
            t = real_value(term.subs(index, start), {})
            total, peak, k, quiet = t, abs(t), start, 0
            while quiet < 10:
                t *= r(mpmath.mpf(k))
                k += 1
                if k - start > _DIRECT_TERMS:
                    return None
                total += t
                peak = max(peak, abs(t))
                # past the peak, each term a small fraction of the one before: the tail is below the last term's size
                quiet = quiet + 1 if abs(t) <= abs(total) * mpmath.mpf(10) ** (-digits) and abs(r(mpmath.mpf(k))) < 0.9 else 0
                if t == 0:
                    break
            lost = 0 if total == 0 or peak == 0 else int(mpmath.log10(peak / abs(total))) if peak > abs(total) else 0
            if digits >= wanted + lost + 10:  # the digits the cancellation took, and the working ones left
                return sp.Float(total, wanted)
            digits = max(2 * digits, wanted + lost + 30)  # large terms cancelled: again with the digits they took
            if digits > _DIRECT_DIGITS:
                return None
    return None


def _bound_apart(expr: Any, names: set) -> Any:
    r"""``expr`` with each sum's, product's or integral's bound variable that is also one of ``names`` renamed.

    A point's values go in by ``xreplace``, which does not know binding: in ``i + \sum_{i=1}^3 i^2`` the free i's value
    also went in for the index (a sum over the number 2, no value: "could not be valued in time")."""
    if not names or not expr.has(sp.Sum, sp.Product, sp.Integral):
        return expr

    def bound(node: Any) -> bool:
        return isinstance(node, sp.Sum | sp.Product | sp.Integral) and any(limit[0] in names for limit in node.limits)

    def renamed(node: Any) -> Any:
        # SymPy lists the innermost limit first: a limit's ends are in the scope of the limits after it (outer) only
        mapping: dict = {}
        limits: list = []
        for variable, *ends in reversed(node.limits):
            ends = [end.xreplace(mapping) for end in ends]
            if variable in names:
                mapping[variable] = sp.Dummy(variable.name, **variable.assumptions0)
            limits.insert(0, (mapping.get(variable, variable), *ends))
        return node.func(node.function.xreplace(mapping), *limits)

    return expr.replace(bound, renamed)


def _by_sympy(expr: Any, env: dict) -> Any:
    """Anything else (sums, binomials, factorials): SymPy's evalf at the point, real or undefined."""
    dps = mpmath.mp.dps
    values = {s: sp.Integer(int(v)) if v == int(v) else sp.Float(v, dps) for s, v in env.items()}
    if expr.has(sp.Sum, sp.Product):
        # exact values (each float's binary value as a rational): SymPy's evalf of a series with a Float in its
        # terms is wrong (N(Sum(0.5**k, (k, 0, oo))) is 1, not 2), which refuted the geometric series
        values = exact_point(values)
    # A series near its radius (sum gamma^t at gamma = 0.999999) converges slowly: one such point may not take the
    # whole check's time, so it is skipped (unknown there) and the other points still count.
    limit = time_limit(_SERIES_POINT_S) if expr.has(sp.Sum, sp.Product) else contextlib.nullcontext()
    try:
        with limit:
            at = _geometric_summed(_hypergeometric_summed(_bound_apart(expr, set(values)), values))
            v = sp.N(at, dps)
            if not v.is_Number and at.has(sp.Sum, sp.Product):
                v = sp.N(at.doit(), dps)  # nested finite sums (sum_i sum_j ij): evalf leaves them, doit adds them up
    except TimeLimitExceeded as error:
        raise Unevaluable from error
    except ValueError as error:
        if str(error).startswith("Sum diverges"):  # sympy.core.evalf.hypsum: its own tests, the only sign it gives
            raise Diverges from error
        raise Unevaluable from error
    except (TypeError, ZeroDivisionError, NotImplementedError) as error:
        raise Unevaluable from error
    if not v.is_Number:
        raise Unevaluable
    if v.is_real is False or v.has(sp.I) or not v.is_finite:
        raise Undefined
    return mpmath.mpf(sp.Float(v, dps)._mpf_)


def value_at(expr: Any, point: dict) -> Any:
    """The real value at a point (symbol -> SymPy number, int or float), or None where it is undefined.

    At :data:`DIGITS` digits, or at the working precision if that is higher (:func:`evaluated` also says why not).
    """
    return evaluated(expr, point)[0]


def _side_value(expr: Any, point: dict) -> Any:
    """Like :func:`value_at`, but a part that could not be computed raises :class:`Unevaluable`."""
    with mpmath.workdps(max(mpmath.mp.dps, DIGITS)):
        try:
            return real_value(sp.sympify(expr, strict=True), {s: _number(v) for s, v in point.items()})
        except Diverges as error:  # membership where a series diverges: unknown, as before divergence was told apart
            raise Unevaluable from error
        except Unevaluable:
            raise
        except Undefined:
            return None
        except (TypeError, ValueError, ZeroDivisionError, OverflowError, AttributeError) as error:
            raise Unevaluable from error


def defined_at(expr: Any, point: dict) -> bool | None:
    """True where ``expr`` is real at the point, False where it is not (a log of a negative number,
    a division by zero), None where a part could not be computed at all (nothing is known)."""
    with mpmath.workdps(max(mpmath.mp.dps, DIGITS)):
        try:
            real_value(sp.sympify(expr, strict=True), {s: _number(v) for s, v in point.items()})
        except (Unevaluable, Diverges):  # a divergent series is no "not real": sum 1/n > 5 was refuted so
            return None
        except Undefined:
            return False
        except (TypeError, ValueError, ZeroDivisionError, OverflowError, AttributeError):
            return None
    return True


def evaluated(expr: Any, point: dict) -> tuple[Any, str]:
    """:func:`value_at` and, where it is None, why: ``"diverges"`` (an infinite series, :class:`Diverges`),
    ``"unknown"`` (a part could not be computed: :class:`Unevaluable`) or ``"not real"``; ``""`` with a value."""
    with mpmath.workdps(max(mpmath.mp.dps, DIGITS)):
        try:
            env = {s: _number(v) for s, v in point.items()}
            return real_value(sp.sympify(expr, strict=True), env), ""
        except Diverges:
            return None, "diverges"
        except Unevaluable:
            return None, "unknown"
        except (Undefined, TypeError, ValueError, ZeroDivisionError, OverflowError, AttributeError):
            return None, "not real"


def _number(v: Any) -> Any:
    """A point's coordinate as an mpf: ints and floats as they are, SymPy numbers exactly."""
    if isinstance(v, int):
        return mpmath.mpf(v)
    if isinstance(v, float):
        return mpmath.mpf(v)
    return real_value(sp.sympify(v, strict=True), {})


# Functions that jump: SymPy's limit of one at a finite point puts the point into the jump's condition (the limit of
# 1[x > 0] as x -> 0+ came out 0, of floor(x) as x -> a+ came out a; probe helper-144)
_JUMPS = (sp.Piecewise, sp.floor, sp.ceiling, sp.sign, sp.Heaviside, sp.frac)


def _limit_or_keep(limit: sp.Limit) -> Any:
    body, variable, point = limit.args[:3]
    if point.is_finite is not False and any(jump.has(variable) for jump in body.atoms(*_JUMPS)):
        return limit  # evaluated beside the point instead (each side of it for a two-sided limit)
    try:
        taken = limit.doit()
    except (NotImplementedError, ValueError, TypeError):  # e.g. "depends on the sign of ..."
        return limit
    if taken.free_symbols and taken not in (sp.oo, -sp.oo) and taken.has(sp.oo, -sp.oo, sp.zoo):
        # exp(oo*sign(log(beta))) for beta^t: no value at a point's arithmetic (oo * 0, oo - oo); kept, and
        # evaluated at a huge argument like a limit SymPy cannot take
        return limit
    if not _holds_at_zero(limit, taken):
        _GENERIC[limit] = taken
        while len(_GENERIC) > 512:
            _GENERIC.pop(next(iter(_GENERIC)))
        return limit
    return taken


# SymPy's value of a kept limit that differs from the limit where a parameter is 0: {limit: generic value}
_GENERIC: dict[Any, Any] = {}


def generic_limits(expr: Any) -> Any:
    """``expr`` with each limit kept by :func:`_holds_at_zero` at SymPy's generic value (None where it holds none)."""
    if not isinstance(expr, sp.Basic) or not any(limit in _GENERIC for limit in expr.atoms(sp.Limit)):
        return None
    return expr.xreplace({limit: _GENERIC[limit] for limit in expr.atoms(sp.Limit) if limit in _GENERIC})


def _holds_at_zero(limit: sp.Limit, taken: Any) -> bool:
    """Whether SymPy's value of a limit with parameters is also the limit where a parameter is 0: its value is the
    generic one (lim_{e -> 0} -g/(g + e) = -1, but 0 at g = 0, where the claim -1 was proved). Where it is not, the
    limit is kept and evaluated at each point (at a huge argument, or beside the point)."""
    variable = limit.args[1]
    for parameter in sorted(limit.free_symbols - {variable}, key=str):
        try:
            generic = taken.subs(parameter, 0)
            if not generic.is_finite:
                continue  # the claimed value has none there either (e^{-a/m} at m = 0): nothing to tell apart
            special = limit.xreplace({parameter: sp.Integer(0)}).doit()  # the point too: x -> a at a = 0
            if special.has(sp.Limit) or sp.simplify(special - generic) != 0:
                return False
        except Exception:  # SymPy cannot take it there (or says so in its own ways): the value stands as taken
            continue
    return True


def limits_taken(expr: Any) -> Any:
    r"""``expr`` with the limits SymPy takes in closed form taken; the others left as limits. A limit that does not
    exist leaves ``expr`` without a value (nan) even where SymPy folds it away (1/zoo is 0: \frac{1}{\lim_{x \to 0}
    1/x} = 0 was proved)."""
    if isinstance(expr, sp.Basic) and expr.has(sp.Limit):
        missing = []

        def taken(limit: sp.Limit) -> Any:
            value = _limit_or_keep(limit)
            if isinstance(value, sp.Basic) and value.has(sp.zoo, sp.nan, sp.AccumBounds):
                missing.append(limit)
            return value

        expr = expr.replace(lambda e: isinstance(e, sp.Limit), taken)
        if missing and not expr.has(sp.zoo, sp.nan, sp.AccumBounds):
            return sp.nan
    return expr


def prepared(expr: Any) -> Any:
    """``expr`` ready to evaluate: limits taken by SymPy where it can (else at a huge argument), derivatives done."""
    from derivax.evaluate import computable

    return computable(limits_taken(expr))


# --------------------------------------------------------------------------------------------
# conditions: negation normal form and truth at a point


class NotACondition(ValueError):
    """A logical combination with a part that is not a relation (it has no truth value at a point)."""


_EQ_TOL = mpmath.mpf(10) ** -40  # sides of a relation closer than this (relatively) are equal


def negate(cond: Any) -> Any:
    if cond is sp.true or cond is sp.false:
        return sp.false if cond is sp.true else sp.true
    if isinstance(cond, sp.And):
        return sp.Or(*[negate(a) for a in cond.args])
    if isinstance(cond, sp.Or):
        return sp.And(*[negate(a) for a in cond.args])
    if isinstance(cond, sp.Not):
        return nnf(cond.args[0])
    if isinstance(cond, sp.Implies):
        return sp.And(nnf(cond.args[0]), negate(cond.args[1]))
    if isinstance(cond, sp.Equivalent):
        a, b = cond.args[:2]
        return sp.Or(sp.And(nnf(a), negate(b)), sp.And(negate(a), nnf(b)))
    if isinstance(cond, sp.core.relational.Relational):
        return cond.negated
    raise NotACondition(f"cannot negate {cond}")


def nnf(cond: Any) -> Any:
    """Negations pushed onto the relations (``\\neg(x > 1)`` is ``x \\le 1``), as SymPy reads them."""
    if isinstance(cond, sp.And | sp.Or):
        return cond.func(*[nnf(a) for a in cond.args])
    if isinstance(cond, sp.Not):
        return negate(cond.args[0])
    if isinstance(cond, sp.Implies):
        return sp.Or(negate(cond.args[0]), nnf(cond.args[1]))
    if isinstance(cond, sp.Equivalent):
        a, b = cond.args[:2]
        return sp.Or(sp.And(nnf(a), nnf(b)), sp.And(negate(a), negate(b)))
    if isinstance(cond, sp.Contains):
        return nnf(cond.args[1].as_relational(cond.args[0]))
    if isinstance(cond, BooleanTrue | BooleanFalse | sp.core.relational.Relational):
        return cond
    raise NotACondition(f"'{cond}' is not a condition (a relation such as x > 1, or and/or/not of relations)")


def relations_in(cond: Any) -> list[Any]:
    return [a for a in sp.preorder_traversal(cond) if isinstance(a, sp.core.relational.Relational)]


_INFINITE = {sp.oo: mpmath.inf, -sp.oo: -mpmath.inf}
_OPS_FN = {
    sp.StrictGreaterThan: lambda a, b: a > b,
    sp.GreaterThan: lambda a, b: a >= b,
    sp.StrictLessThan: lambda a, b: a < b,
    sp.LessThan: lambda a, b: a <= b,
}


def holds_at(rel: Any, point: dict) -> bool:
    """Does one relation hold at an exact point? False where a side is not real (not in the solution set).

    Raises :class:`Unevaluable` where a side could not be computed: membership is unknown there.
    """
    a, b = (_INFINITE[side] if side in _INFINITE else _side_value(side, point) for side in (rel.lhs, rel.rhs))
    if a is None or b is None:
        return False
    if mpmath.isinf(a) or mpmath.isinf(b):  # -oo < x < oo: the bounds of an unbounded interval
        return {sp.Equality: a == b, sp.Unequality: a != b}.get(type(rel), bool(_OPS_FN[type(rel)](a, b)))
    equal = abs(a - b) <= _EQ_TOL * max(1, abs(a), abs(b))
    deeper = _deeper(rel, point) if equal else None
    if deeper is not None:  # sigma(1000) < 1: 60 digits round sigma(1000) to 1, a difference of 10^-435 (derivax.hidden)
        equal, a, b = False, *deeper
    elif equal and a != b and _apart_certainly(rel, point):
        equal = False  # e^{-10^5} + e^{-2 10^7} is 3.6e-43430, not 0: intervals tell a tiny value from a rounding of 0
    return {
        sp.Equality: equal,
        sp.Unequality: not equal,
        sp.StrictGreaterThan: a > b and not equal,
        sp.GreaterThan: a >= b or equal,
        sp.StrictLessThan: a < b and not equal,
        sp.LessThan: a <= b or equal,
    }[type(rel)]


def _deeper(rel: Any, point: dict) -> tuple[Any, Any] | None:
    """Both sides at the digits a difference hidden at this point needs, where intervals certify them apart there;
    None where the sides are as equal as the digits can see. Raises :class:`Unevaluable` where a difference may hide
    past any number of digits worth trying (tanh x = 1 at x = 10^6): membership is unknown there."""
    from derivax.hidden import MEANINGFUL, SETTLE_DIGITS, hidden_digits  # the same stage; only where sides tie

    digits = hidden_digits((rel.lhs, rel.rhs), point)
    if digits <= MEANINGFUL:
        return None
    if digits > SETTLE_DIGITS / 2:  # (a point of a solution set or an implication: one of many, so half the digits)
        raise Unevaluable(f"the sides agree to 60 digits, and a difference may hide below {digits:.3g} digits")
    from derivax.interval import fails_certainly

    precision = int(digits) + 60
    try:
        if fails_certainly("==", rel.lhs, rel.rhs, point, precision) is not True:
            return None
    except Exception:  # no interval form: the sides stand as equal, as they did
        return None
    with mpmath.workdps(precision):
        a, b = _side_value(rel.lhs, point), _side_value(rel.rhs, point)
    return (a, b) if a is not None and b is not None and a != b else None


def _apart_certainly(rel: Any, point: dict) -> bool:
    """Whether interval arithmetic certifies that the sides of ``rel`` differ at the point (False where it cannot)."""
    from derivax.interval import fails_certainly  # the same stage; imported here, where a near tie needs it

    try:
        return fails_certainly("==", rel.lhs, rel.rhs, point, CHECK_DIGITS) is True
    except Exception:  # no interval form, or anything else: the tolerance stands
        return False


def truth(cond: Any, point: dict) -> bool:
    """The truth of a condition in negation normal form at an exact point."""
    if cond is sp.true or cond is sp.false:
        return bool(cond)
    if isinstance(cond, sp.And):
        return all(truth(a, point) for a in cond.args)
    if isinstance(cond, sp.Or):
        return any(truth(a, point) for a in cond.args)
    return holds_at(cond, point)


def faithful_float(value: Any) -> float | str:
    """A value (an mpmath or SymPy number) as a float where a float holds it, else its digits as text:
    10^{99999} + 1 was ``inf`` and 10^{-99999} was 0 in witnesses."""
    number = float(value)
    if math.isfinite(number) and (number != 0 or value == 0):
        return number
    exact = mpmath.mpf(value)
    magnitude = mpmath.mag(exact)  # about log2 |value|: an integer, however large
    if abs(magnitude) > _WRITTEN_BITS:
        # 2^(2^65536): writing its digits out took longer than any limit (mpmath computes the power of ten)
        sign = "-" if exact < 0 else ""
        return f"{sign}about 2^({'-' if magnitude < 0 else ''}{_about(abs(magnitude))}) (too large to write out)"
    return mpmath.nstr(exact, 15)


_WRITTEN_BITS = 4_000_000  # |log2| past which a number is described, not written (10^{1.2 million})


def _about(n: int) -> str:
    """A positive integer, in full below 10^15, else as 'about 10^k'."""
    if n < 10**15:
        return str(n)
    return f"10^{int(n.bit_length() * 0.30103)}"
