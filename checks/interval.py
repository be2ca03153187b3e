r"""Proofs of inequalities on boxes by interval branch-and-bound (mpmath's ``iv``, outward rounding).

To prove ``lhs REL rhs`` for every point of a box, the *gap* (``rhs - lhs`` for ``<=``/``<``,
``lhs - rhs`` for ``>=``/``>``) is evaluated in interval arithmetic over the box. mpmath's ``iv``
context rounds every operation outwards, so the interval it returns contains every value the gap
takes on the box: a lower end ``>= 0`` (``> 0`` for a strict relation) proves the relation on that
box. Otherwise:

1. the *monotonicity test*: where SymPy's derivative of the gap in one symbol is smooth and its
   interval enclosure on the box has one sign, the gap is smallest on one face, and the box is
   narrowed to that face (this settles touching points such as ``sigma'(0) = 1/4``);
2. the box's midpoint is evaluated; a negative gap there is a candidate counterexample, which is
   re-evaluated with mpmath at 60 digits before it is reported;
3. otherwise the box is split in half along its relatively widest side.

The proof is complete when every box is settled. A time limit (and a box budget) applies: running
out is ``confirmed`` with the number of boxes tried and the smallest box left unsettled, never
``proved``. Sides are turned into code by :func:`derivax.codegen.safe_lambdify` only; the generated
function is re-bound to the ``iv`` versions of the same mpmath names (``max``/``min`` by their
interval forms), and a name without an interval version refuses the proof.
"""

from __future__ import annotations

import functools
import time
import types
from collections.abc import Callable, Sequence
from typing import Any

import mpmath
import sympy as sp
from mpmath import iv

from derivax.codegen import safe_lambdify
from derivax.limits import clock

_NO_CONVERGENCE = mpmath.libmp.NoConvergence  # a series mpmath's interval functions sum that never converges (erf)

__all__ = ["continuous_on", "enclosure", "enclosure_on", "fails_certainly", "holds_a_zero", "prove", "prove_facts"]

_REL = {sp.LessThan: "<=", sp.StrictLessThan: "<", sp.GreaterThan: ">=", sp.StrictGreaterThan: ">"}
_NONSMOOTH = (sp.Abs, sp.Max, sp.Min, sp.sign, sp.Heaviside, sp.Piecewise, sp.DiracDelta, sp.floor, sp.ceiling)
_DIGITS = 30


class _precision:
    """``iv.dps`` set for a block (the ``iv`` context has no ``workdps``)."""

    def __init__(self, digits: int):
        self.digits = digits

    def __enter__(self) -> None:
        self.saved = iv.dps
        iv.dps = self.digits

    def __exit__(self, *exc: Any) -> None:
        iv.dps = self.saved


def _iv_max(*args: Any) -> Any:
    items = [iv.mpf(a) for a in args]
    return iv.mpf([max(i.a for i in items), max(i.b for i in items)])


def _iv_min(*args: Any) -> Any:
    items = [iv.mpf(a) for a in args]
    return iv.mpf([min(i.a for i in items), min(i.b for i in items)])


def _iv_rounded(rounding: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """floor, ceiling or sign of an interval: each is non-decreasing, so the images of its ends enclose it (exact integers)."""

    def enclosure(x: Any) -> Any:
        x = iv.mpf(x)
        # at the interval's own precision: at mpmath's default 53 bits, floor(-10^50) was a double below -10^50 - 1, and
        # floor(x) > x - 1 was "certainly" false there
        with mpmath.workprec(iv.prec):
            return iv.mpf([rounding(mpmath.mpf(x.a.a)), rounding(mpmath.mpf(x.b.b))])

    return enclosure


def _iv_asinh(x: Any) -> Any:
    """asinh is increasing: the enclosures of its values at the ends, each :math:`\\pm\\log(|v| + \\sqrt{v^2 + 1})` for
    the end's sign (as one odd formula on a whole interval it is no enclosure: iv.sign gives [-1, -1] on [-1, 2])."""
    x = iv.mpf(x)

    def at(end: Any) -> Any:
        v = iv.mpf(end)
        magnitude = iv.log(abs(v) + iv.sqrt(v * v + 1))
        return -magnitude if end < 0 else magnitude

    return iv.mpf([at(x.a).a, at(x.b).b])


# Functions the iv context lacks, written with ones it has (still outward-rounded enclosures).
_DERIVED = {
    "cosh": lambda x: (iv.exp(x) + iv.exp(-x)) / 2,
    "sinh": lambda x: (iv.exp(x) - iv.exp(-x)) / 2,
    "tanh": lambda x: 1 - 2 / (iv.exp(2 * x) + 1),
    # the inverse hyperbolic functions by their logarithms (outside their domains iv.log raises, as mpmath does)
    "atanh": lambda x: (iv.log1p(x) - iv.log1p(-x)) / 2,
    "asinh": _iv_asinh,
    "acosh": lambda x: iv.log(x + iv.sqrt(x * x - 1)),
    "floor": _iv_rounded(mpmath.floor),  # a tie at an integer (floor 0 < ceiling 0) is certified, not left to digits
    "ceil": _iv_rounded(mpmath.ceil),
    "sign": _iv_rounded(mpmath.sign),  # non-decreasing too; iv.sign gives [-1, -1] at 0 (sign(x)^2 = 1 was confirmed)
    # the inverse trigonometric functions by iv.atan2 (iv has no atan): arctan 10^{-100} and 0 were "equal" within the
    # tolerance, uncertified, and \arctan x \ne 0 was refuted at x = 10^{-100} (outside [-1, 1] iv.sqrt raises)
    "atan": lambda x: iv.atan2(x, iv.mpf(1)),
    "asin": lambda x: iv.atan2(x, iv.sqrt(1 - x * x)),
    "acos": lambda x: iv.atan2(iv.sqrt(1 - x * x), x),
}


class _NoIntervalForm(ValueError):
    pass


def _interval_function(symbols: Sequence[sp.Symbol], expr: Any) -> Callable[..., Any]:
    """``expr`` as a function of intervals: the mpmath lambdification re-bound to ``iv``."""
    if not isinstance(expr, sp.Basic) or isinstance(expr, sp.MatrixBase):  # not hashable: made each time, as before
        return _rebound(tuple(symbols), expr)
    fn = _interval_lambdified(tuple(symbols), expr)
    if fn is None:
        raise _NoIntervalForm(f"no interval version of a function in {sp.sstr(expr)[:80]}")
    return fn


@functools.lru_cache(maxsize=512)
def _interval_lambdified(symbols: tuple[sp.Symbol, ...], expr: Any) -> Callable[..., Any] | None:
    """:func:`_interval_function`, made once per expression (a refuted point and its rounded spellings
    are certified with the same two sides); None where a function has no interval version."""
    try:
        return _rebound(symbols, expr)
    except _NoIntervalForm:
        return None


def _rebound(symbols: tuple[sp.Symbol, ...], expr: Any) -> Callable[..., Any]:
    try:
        fn = safe_lambdify(list(symbols), expr, "mpmath")
    except NotImplementedError as error:  # a Product has no mpmath printer: no interval version, the points decide
        raise _NoIntervalForm(f"no interval version of {sp.sstr(expr)[:80]}") from error
    names = set(fn.__code__.co_names)
    scope: dict[str, Any] = {"__builtins__": fn.__globals__.get("__builtins__", __builtins__)}
    for name in names:
        if name in ("max", "min"):
            scope[name] = _iv_max if name == "max" else _iv_min
        elif name == "abs":
            scope[name] = abs  # abs of an ivmpf is its interval absolute value
        elif name in _DERIVED:
            scope[name] = _DERIVED[name]
        elif hasattr(iv, name):
            scope[name] = getattr(iv, name)
        else:
            raise _NoIntervalForm(f"no interval version of {name!r}")
    return types.FunctionType(fn.__code__, scope, fn.__name__, fn.__defaults__, fn.__closure__)


def _gap(relation: Any) -> tuple[sp.Expr, bool]:
    rel = _REL[type(relation)]
    gap = relation.rhs - relation.lhs if rel in ("<=", "<") else relation.lhs - relation.rhs
    return sp.sympify(gap, strict=True), rel in ("<", ">")


def prove(relation: Any, box: Sequence[tuple[sp.Symbol, float, float]], *, seconds: float = 3.0, max_boxes: int = 20000) -> dict[str, Any]:
    """Prove ``relation`` on the box by branch-and-bound; a dict with ``verdict`` and the evidence (see module docstring)."""
    start, cpu_start = time.perf_counter(), clock()  # wall seconds reported; CPU seconds budgeted (derivax.limits)
    symbols = [s for s, _, _ in box]
    gap, strict = _gap(relation)
    where = ", ".join(f"{s} in [{float(lo):g}, {float(hi):g}]" for s, lo, hi in box)
    out: dict[str, Any] = {"box": where, "boxes": 0}
    try:
        with _precision(_DIGITS):
            g = _interval_function(symbols, gap)
            exact = safe_lambdify(symbols, gap, "mpmath")
            slopes: list[Callable[..., Any] | None] = []
            for s in symbols:
                d = sp.factor(sp.together(sp.diff(gap, s)))  # one product where possible: tighter enclosures of its sign
                slopes.append(None if d.has(*_NONSMOOTH) else _interval_function(symbols, d))
            widths = [max(float(hi) - float(lo), 1e-300) for _, lo, hi in box]
            stack = [[iv.mpf([lo, hi]) for _, lo, hi in box]]
            while stack:
                if clock() - cpu_start > seconds or out["boxes"] >= max_boxes:
                    out.update(verdict="confirmed", summary=f"time limit: {out['boxes']} boxes settled, {len(stack)} left")
                    out["unsettled_box"] = [[float(x.a), float(x.b)] for x in stack[-1]]
                    return _timed(out, start)
                cell = stack.pop()
                if _settled(g, cell, strict):
                    out["boxes"] += 1
                    continue
                face = _monotone_face(slopes, cell)
                if face is not None and _settled(g, face, strict):
                    out["boxes"] += 1
                    continue
                mid = [iv.mpf(x.mid) for x in cell]
                bad = _counterexample(exact, symbols, mid, strict)
                if bad is not None:
                    out.update(verdict="refuted", summary=f"fails at {bad['at']}: gap {bad['gap']:.6g}", counterexample=bad)
                    return _timed(out, start)
                k = max(range(len(cell)), key=lambda i: float(cell[i].delta) / widths[i])
                if float(cell[k].delta) <= 1e-12 * widths[k]:
                    smallest = [[float(x.a), float(x.b)] for x in cell]
                    out.update(verdict="confirmed", summary="a box too small to split is not settled", unsettled_box=smallest)
                    return _timed(out, start)
                m = cell[k].mid
                for part in (iv.mpf([cell[k].a, m]), iv.mpf([m, cell[k].b])):
                    stack.append([*cell[:k], part, *cell[k + 1 :]])
    except _NoIntervalForm as error:
        out.update(verdict="undecided", summary=str(error))
        return _timed(out, start)
    out.update(verdict="proved", summary=f"proved (interval arithmetic, {out['boxes']} boxes)")
    return _timed(out, start)


def _timed(out: dict[str, Any], start: float) -> dict[str, Any]:
    out["seconds"] = round(time.perf_counter() - start, 3)
    return out


def _settled(g: Callable[..., Any], cell: list[Any], strict: bool) -> bool:
    try:
        value = g(*cell)
    except (ZeroDivisionError, ValueError, TypeError, OverflowError):
        return False
    value = iv.mpf(value)
    low = value.a
    if not mpmath.isfinite(low) or not mpmath.isfinite(value.b):
        return False
    return low > 0 if strict else low >= 0


def _monotone_face(slopes: list[Callable[..., Any] | None], cell: list[Any]) -> list[Any] | None:
    """The face where the gap is smallest, for each symbol whose derivative has one sign on the cell."""
    face = list(cell)
    moved = False
    for i, slope in enumerate(slopes):
        if slope is None or cell[i].delta == 0:
            continue
        try:
            d = iv.mpf(slope(*cell))
        except (ZeroDivisionError, ValueError, TypeError, OverflowError):
            continue
        if not (mpmath.isfinite(d.a) and mpmath.isfinite(d.b)):
            continue
        if d.a >= 0:  # gap increases with this symbol: smallest at the lower end
            face[i], moved = iv.mpf(cell[i].a), True
        elif d.b <= 0:
            face[i], moved = iv.mpf(cell[i].b), True
    return face if moved else None


def _counterexample(f: Callable[..., Any], symbols: list[sp.Symbol], mid: list[Any], strict: bool) -> dict[str, Any] | None:
    """The gap at the midpoint, exactly (mpmath, 60 digits): a violation there is a counterexample."""
    point = {s: float(m.a) for s, m in zip(symbols, mid, strict=True)}
    with mpmath.workdps(60):
        try:
            value = f(*[mpmath.mpf(v) for v in point.values()])
        except (ZeroDivisionError, ValueError, TypeError, OverflowError):
            return None
        if isinstance(value, mpmath.mpc) or not mpmath.isfinite(value):
            return None
        violated = value <= 0 if strict else value < 0
        if not violated:
            return None
        return {"at": {s.name: v for s, v in point.items()}, "gap": float(value)}


def prove_facts(facts: Sequence[tuple[str, Any, Sequence[tuple[Any, float, float]]]], *, seconds: float = 3.0, **_: Any) -> list[dict]:
    """Each declared fact ``(text, relation, box)`` with its verdict: proved, confirmed (time limit), refuted, undecided."""
    results = []
    for text, relation, box in facts:
        result = prove(relation, box, seconds=seconds)
        results.append({"fact": text, **result})
    return results


def _enclosure(v: Any) -> Any:
    """A point's coordinate as an interval: a rational p/q is enclosed by dividing its integers."""
    if isinstance(v, int | float):
        return iv.mpf(v)
    v = sp.sympify(v, strict=True)
    if v.is_Rational:
        return iv.mpf(int(v.p)) / iv.mpf(int(v.q))
    if v.is_Float:
        with mpmath.workprec(max(iv.prec, v._prec)):  # every bit of the float, then enclosed outward at the interval's precision
            return iv.mpf(mpmath.mpf(v._mpf_))
    if v.is_number and _walkable(v, {}):  # an exact constant: log(1 + 10^{-40})/2, the middle of two ends of a set
        return iv.mpf(_walked(v, {}))
    raise _NoIntervalForm(f"no interval for {v}")


class _NotWalked(Exception):
    """A part :func:`_walked` does not evaluate: the lambdified interval function does."""


# The iv functions the lambdified code would call for these (see _rebound); a function without one has no interval form.
_WALKED = {
    sp.exp: iv.exp,
    sp.log: iv.log,
    sp.sin: iv.sin,
    sp.cos: iv.cos,
    sp.tan: iv.tan,
    sp.sec: iv.sec,
    sp.csc: iv.csc,
    sp.cot: iv.cot,
    sp.sign: _DERIVED["sign"],
    sp.Abs: abs,
    sp.acot: iv.acot,
    sp.sinh: _DERIVED["sinh"],
    sp.cosh: _DERIVED["cosh"],
    sp.tanh: _DERIVED["tanh"],
    sp.atanh: _DERIVED["atanh"],
    sp.asinh: _DERIVED["asinh"],
    sp.acosh: _DERIVED["acosh"],
    sp.floor: _DERIVED["floor"],
    sp.ceiling: _DERIVED["ceil"],
    sp.atan: _DERIVED["atan"],
    sp.asin: _DERIVED["asin"],
    sp.acos: _DERIVED["acos"],
}
_NO_INTERVAL_FORM: tuple = ()  # functions iv has no version of (asin, acos, atan have theirs by atan2 now)


def _walkable(expr: Any, env: dict[sp.Symbol, Any]) -> bool:
    """Whether :func:`_walked` evaluates every part of ``expr`` (a function without an interval version counts:
    both ways refuse it)."""
    if not isinstance(expr, sp.Basic):
        return False
    if expr.is_Symbol:
        return expr in env
    if expr.is_Float:
        return False
    if expr.is_Rational or expr is sp.pi or expr is sp.E:
        return True
    if expr.is_Add or expr.is_Mul or expr.is_Pow or (expr.func in _WALKED and len(expr.args) == 1) or expr.func in _NO_INTERVAL_FORM:
        return all(_walkable(a, env) for a in expr.args)
    return False


def _walked(expr: Any, env: dict[sp.Symbol, Any]) -> Any:
    """``expr`` in interval arithmetic at the intervals ``env``, by walking its tree: the operations of
    :func:`_interval_function`'s code (outward-rounded ``iv``, quotients as quotients), without generating code.

    Raises :class:`_NotWalked` for any other kind of part, and :class:`_NoIntervalForm` for a function
    without an interval version (as :func:`_rebound` does).
    """
    if not isinstance(expr, sp.Basic):
        raise _NotWalked
    if expr.is_Symbol:
        if expr not in env:
            raise _NotWalked
        return env[expr]
    if expr.is_Integer:
        return iv.mpf(int(expr))
    if expr.is_Rational:
        return iv.mpf(int(expr.p)) / iv.mpf(int(expr.q))
    if expr.is_Float:  # printed as mpf((sign, mantissa, exponent, bits)), which iv.mpf refuses: left to that code as it was
        raise _NotWalked
    if expr is sp.pi:
        return iv.pi
    if expr is sp.E:
        return iv.e
    if expr.is_Add:
        total = _walked(expr.args[0], env)
        for term in expr.args[1:]:
            total = total + _walked(term, env)
        return total
    if expr.is_Mul:
        above, below = [], []
        for factor in expr.args:
            if factor.is_Pow and factor.exp.is_Rational and factor.exp.is_negative:
                below.append(_walked(sp.Pow(factor.base, -factor.exp, evaluate=False), env))
            else:
                above.append(_walked(factor, env))
        value = above[0] if above else iv.mpf(1)
        for f in above[1:]:
            value = value * f
        for f in below:
            value = value / f
        return value
    if expr.is_Pow:
        base, exponent = expr.args
        if exponent.is_Rational and exponent.is_negative:
            return iv.mpf(1) / _walked(sp.Pow(base, -exponent, evaluate=False), env)
        b = _walked(base, env)
        if exponent.is_Integer:
            return b ** int(exponent)
        if exponent == sp.S.Half:
            return iv.sqrt(b)
        return b ** _walked(exponent, env)
    if expr.func in _NO_INTERVAL_FORM:
        raise _NoIntervalForm(f"no interval version of {expr.func}")
    fn = _WALKED.get(expr.func)
    if fn is None or len(expr.args) != 1:
        raise _NotWalked
    return fn(_walked(expr.args[0], env))


def enclosure(expr: Any, digits: int = 30) -> tuple[Any, Any] | None:
    """Ends (mpf) of an interval that surely holds the number ``expr`` (no free symbols): outward-rounded ``iv``
    arithmetic at ``digits``; None where a part has no interval evaluation here or the enclosure is not finite."""
    try:
        with _precision(digits):
            if not _walkable(expr, {}):
                return None
            value = iv.mpf(_walked(expr, {}))
    except (_NoIntervalForm, ZeroDivisionError, ValueError, TypeError, OverflowError, AttributeError, NotImplementedError, _NO_CONVERGENCE):
        return None
    if not (mpmath.isfinite(value.a) and mpmath.isfinite(value.b)):
        return None
    return _exact_mpf(value._mpi_[0]), _exact_mpf(value._mpi_[1])


_JUMPS = (sp.sign, sp.Heaviside, sp.Piecewise, sp.DiracDelta, sp.floor, sp.ceiling)


def continuous_on(expr: Any, x: sp.Symbol, low: Any, high: Any, digits: int = 30) -> bool:
    """Whether ``expr`` (in x alone) is surely continuous on [low, high]: built from the continuous operations of
    :func:`_walked` only (no sign, floor or Piecewise), and its interval enclosure over [low, high] finite, so no
    pole, no log of a number <= 0 and no root of a negative number lies inside. (The intermediate value theorem's
    condition: a change of sign on [low, high] then has a zero inside.)"""
    if not isinstance(expr, sp.Basic) or expr.free_symbols != {x} or expr.has(*_JUMPS):
        return False
    try:
        with _precision(digits):
            box = {x: iv.mpf([_enclosure(low).a, _enclosure(high).b])}
            if not _walkable(expr, box):
                return False
            # every part finite, not only the whole: tanh(1/x) is bounded across x = 0, where 1/x has no value
            parts = [node for node in sp.preorder_traversal(expr) if x in node.free_symbols]
            values = [iv.mpf(_walked(node, box)) for node in parts]
    except (_NoIntervalForm, _NotWalked, ZeroDivisionError, ValueError, TypeError, OverflowError, AttributeError, NotImplementedError):
        return False
    return all(mpmath.isfinite(v.a) and mpmath.isfinite(v.b) for v in values)


def enclosure_on(expr: Any, x: sp.Symbol, low: Any, high: Any, digits: int = 40) -> tuple[Any, Any] | None:
    """Ends (mpf) of an interval that holds every value ``expr`` (in x alone, continuous there: see
    :func:`continuous_on`) takes on [low, high]; None where it is not surely continuous there or has no interval form."""
    if not continuous_on(expr, x, low, high, digits):
        return None
    try:
        with _precision(digits):
            value = iv.mpf(_walked(expr, {x: iv.mpf([_enclosure(low).a, _enclosure(high).b])}))
    except (_NoIntervalForm, _NotWalked, ZeroDivisionError, ValueError, TypeError, OverflowError, AttributeError, NotImplementedError):
        return None
    if not (mpmath.isfinite(value.a) and mpmath.isfinite(value.b)):
        return None
    return _exact_mpf(value._mpi_[0]), _exact_mpf(value._mpi_[1])


def _exact_mpf(raw: tuple) -> Any:
    """An end of an ``iv`` interval as the plain mpf it is, not rounded (value.a is a one-point interval, which
    setsolve's comparisons with fractions took for no number: every enclosure there was unused)."""
    with mpmath.workprec(max(53, raw[3] + 8)):
        return mpmath.mpf(raw)


def fails_certainly(rel: str, lhs: Any, rhs: Any, point: dict, digits: int = 150) -> bool | None:
    """Does ``lhs REL rhs`` fail at the point beyond any rounding? Interval arithmetic at ``digits``.

    True: the enclosures of the two sides are apart the wrong way (``==``: disjoint), so the
    failure is certain; False: they overlap, so rounding may explain it; None: a part has no
    interval form (the caller falls back to a second evaluation at more digits).
    """
    symbols = sorted(point, key=lambda s: s.name)
    try:
        with _precision(digits):
            args = [_enclosure(point[s]) for s in symbols]
            try:  # one evaluation: walking the tree is 10 to 50 times cheaper than printing, compiling and auditing code
                env = dict(zip(symbols, args, strict=True))
                if not (_walkable(lhs, env) and _walkable(rhs, env)):  # decided before evaluating: the same errors either way
                    raise _NotWalked
                a, b = iv.mpf(_walked(lhs, env)), iv.mpf(_walked(rhs, env))
            except _NotWalked:
                a = iv.mpf(_interval_function(symbols, lhs)(*args))
                b = iv.mpf(_interval_function(symbols, rhs)(*args))
    # KeyError: the printer has no code for zoo, which renaming a binomial's symbols can evaluate it to (\binom{-1}{k});
    # NoConvergence: mpmath's interval erf sums a series that never converges (an internal error: probe helper-122)
    except (_NoIntervalForm, ZeroDivisionError, ValueError, TypeError, OverflowError, AttributeError, NameError, KeyError, _NO_CONVERGENCE):
        return None
    loose = mpmath.mpf(10) ** (-(digits // 3))
    lost = any(isinstance(e, iv.mpf) and e.delta > loose * max(1, abs(e.mid)) for e in (a, b))  # (not a complex one)
    if not all(mpmath.isfinite(e) for e in (a.a, a.b, b.a, b.b)) or lost:
        # an enclosure that lost its digits (sin of 10^{20000} at 150 digits is [-1, 1], tan's is unbounded) says
        # nothing about rounding, and the failure is weighed again at more digits (it was dismissed: sin 10^{20000} < 0,
        # 0.34 at 60 digits, was confirmed, and tan 10^{20000} both > 0 and < 0, probe helper-139)
        return None
    return {
        "==": a.b < b.a or b.b < a.a,
        "!=": a.a == a.b == b.a == b.b,
        "<": a.a >= b.b,
        "<=": a.a > b.b,
        ">": a.b <= b.a,
        ">=": a.b < b.a,
    }[rel]


def holds_a_zero(functions: Sequence[Any], symbols: Sequence[sp.Symbol], center: Sequence[Any], radius: Any, digits: int = 60) -> bool:
    r"""Whether the box ``center`` ± ``radius`` (exact rationals) provably holds a zero of the k ``functions`` of the k
    ``symbols``, by Krawczyk's test: with Y an approximate inverse of the Jacobian at the center and J(X) its
    enclosure on the box X,

    .. math:: K(X) = c - Y G(c) + (I - Y J(X)) (X - c) \subset \operatorname{int} X

    proves X holds exactly one zero of G (Moore, Kearfott and Cloud, *Introduction to Interval Analysis*, 2009,
    section 8.2). Any Y serves: a poor one fails the test, never passes it wrongly. False where a function has no
    interval form, is undefined on the box, or the Jacobian is singular at the center."""
    k = len(symbols)
    system = sp.Matrix(list(functions))
    jacobian = system.jacobian(list(symbols))
    try:
        with mpmath.workdps(digits):
            slope = mpmath.matrix(safe_lambdify(list(symbols), jacobian, "mpmath")(*[mpmath.mpf(c.p) / c.q for c in center]))
            y_point = slope**-1
        with _precision(digits):
            g = _interval_function(symbols, list(system))
            jac = _interval_function(symbols, list(jacobian))  # its entries row by row: a Matrix has no interval form
            c = [iv.mpf(v.p) / v.q for v in center]  # an enclosure of each rational: the test then holds for the point in it
            half = iv.mpf(radius.p) / radius.q
            box = [v + iv.mpf([-half.b, half.b]) for v in c]
            at_center, on_box = g(*c), jac(*box)
            y = [[iv.mpf(y_point[i, j]) for j in range(k)] for i in range(k)]
            for i in range(k):
                image = c[i] - sum((y[i][j] * iv.mpf(at_center[j]) for j in range(k)), iv.mpf(0))
                for j in range(k):
                    coupling = sum((y[i][m] * iv.mpf(on_box[m * k + j]) for m in range(k)), iv.mpf(0))
                    image += ((1 if i == j else 0) - coupling) * (box[j] - c[j])
                if not (image.a > box[i].a and image.b < box[i].b):
                    return False
    except Exception:  # no interval form, a pole or a log at 0 on the box, a singular Jacobian: no certificate
        return False
    return True
