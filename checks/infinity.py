r"""Relations with :math:`\pm\infty` as one side, in the extended reals.

:math:`\sum_{k \ge 1} 1/k^2 < \infty` says the series converges; :math:`x < \infty` holds for every real x;
:math:`e^x > -\infty` too; :math:`\frac{\pi^2}{6} \ge \infty` fails. Sampled as numbers, the infinite side has no
real value at any point, and "no point has both sides real" refuted every such relation, true or false (probe
helper-110: ``\frac{\pi^2}{6} < \infty`` was ``wrong`` in a Robbins-Monro write-up). Here the other side F is a real
number wherever it is defined, unless it holds a series, a product, an integral or a limit, which may diverge:

* F without those: the relation holds at every point where F is defined exactly when it holds for F = 0 (any finite
  value compares with an infinity the same way), so it is ``proved``, or ``refuted`` at a point where F has a value;
* F with those and no free symbols: its value (SymPy's, to an infinity where the series or integral diverges to one)
  compared in the extended reals;
* F with those and free symbols: valued (SymPy's doit) at simple and then drawn points inside the domains and the
  conditions that tie symbols together: refuted at a point where its value fails the relation (``\sum \beta^k < \infty``
  at beta = 1), confirmed where enough points hold it (``\lim_{c \to \infty} e^{c(z_m - z_j)} = \infty`` for
  z_m > z_j: at each point a constant limit), otherwise undecided.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import mpmath
import sympy as sp

from derivax.calculus import ENTRY
from derivax.evidence import Counterexample, Verdict
from derivax.limits import TimeLimitExceeded, time_limit
from derivax.realeval import DIGITS, evaluated
from derivax.sampling import Domains, Sampler, first_whole_numbers, integer_symbols, point_json

__all__ = ["against_infinity"]

_INFINITIES = (sp.oo, -sp.oo)
_RELATIONS = {"<": sp.StrictLessThan, "<=": sp.LessThan, ">": sp.StrictGreaterThan, ">=": sp.GreaterThan, "==": sp.Eq, "!=": sp.Ne}
_MAY_DIVERGE = (sp.Sum, sp.Product, sp.Integral, sp.Limit)
_TRIED = (0, 1, 2, -1, sp.Rational(1, 2), 3, -2, 10)  # the simple points a refutation is looked for at
_DOIT_S = 2.0
_SAMPLED = 8  # the points a side with free symbols is valued at
_ENOUGH = 6  # the valued points that confirm a relation with an infinity (each point valued: none unknown)
_SAMPLING_S = 6.0


def against_infinity(lhs: Any, rhs: Any, rel: str, domains: Domains) -> tuple[Verdict, str, str, Counterexample | None] | None:
    """(verdict, method, reason, counterexample) for ``lhs REL rhs`` where a side is an infinity (written, or the
    value of a constant limit, series or integral); None where neither is."""
    if rel not in _RELATIONS or not all(isinstance(e, sp.Expr) for e in (lhs, rhs)):
        return None
    infinities = [_infinite_value(e) for e in (lhs, rhs)]
    if infinities == [None, None]:
        return None
    put_left, put_right, unsaid, used = _families_put_in((lhs, rhs), domains.as_conditions())
    if used:  # the equations put in, and their names, no longer range (t of \alpha_t = c/t is the sum's index: R8)
        gone = set().union(*(c.free_symbols for c in used)) - set().union(*(e.free_symbols for e in (put_left, put_right)))
        kept = tuple(c for c in domains.conditions if c not in used and not (getattr(c, "free_symbols", set()) & gone))
        domains = Domains({x: d for x, d in domains.sets.items() if x not in gone}, kept, domains.both_defined)
    if unsaid:  # 0 < \alpha_t \le 1 beside \sum_t \alpha_t < \infty: a family drawn as one number per entry may break it
        return Verdict.UNDECIDED, "none", f"the assumptions state {unsaid} of a family's entries, which a drawn family may break", None
    if (put_left, put_right) != (lhs, rhs):
        lhs, rhs = put_left, put_right
        infinities = [_infinite_value(e) for e in (lhs, rhs)]
    if infinities[0] is not None and infinities[1] is not None:  # \lim x^2 = \lim e^x: both +infinity
        verdict = Verdict.PROVED if _RELATIONS[rel](*infinities) else Verdict.REFUTED
        sides = zip((lhs, rhs), infinities, strict=True)
        shown = [("" if side in _INFINITIES else "diverges to ") + ("inf" if v == sp.oo else "-inf") for side, v in sides]
        ce = None if verdict is Verdict.PROVED else Counterexample({}, *shown, "compared in the extended reals")
        return verdict, "evaluation in the extended reals", "", ce
    if infinities == [None, None]:
        return None
    finite, infinite = (rhs, infinities[0]) if infinities[0] is not None else (lhs, infinities[1])
    terms = finite.replace(lambda e: isinstance(e, _MAY_DIVERGE), lambda e: sp.Dummy())  # (an infinite bound is no term)
    if terms.has(sp.oo, -sp.oo, sp.zoo, sp.nan):
        return None

    def holds(value: Any) -> bool:
        return bool(_RELATIONS[rel](value, infinite) if finite is lhs else _RELATIONS[rel](infinite, value))

    shown = "\\infty" if infinite == sp.oo else "-\\infty"
    if not finite.free_symbols:
        value = _value(finite)
        if value is None:
            return None
        how = "evaluation in the extended reals"
        if holds(value):
            return Verdict.PROVED, how, "", None
        written = (lhs if finite is rhs else rhs) in _INFINITIES
        return Verdict.REFUTED, how, "", _counterexample({}, finite is lhs, value, infinite, "compared in the extended reals", written)
    if not finite.has(*_MAY_DIVERGE):
        if rel == "==":
            return None  # (x = \infty: no real x; the sampling says where)
        if rel == "!=":
            return Verdict.PROVED, "extended reals", f"no real number is {shown}", None
        if holds(sp.Integer(0)):
            return Verdict.PROVED, "extended reals", f"every real number is {_word(rel, finite is lhs)} {shown}", None
        found = _defined_point(finite, domains)
        if found is None:
            return None
        point, value = found
        return Verdict.REFUTED, "extended reals", "", _counterexample(point, finite is lhs, value, infinite, "no real number is")
    # valued at simple points, then drawn ones, inside the domains and their conditions (z_m > z_j): refuted where the
    # side's value in the extended reals fails the relation (\sum_k \beta^k < \infty at beta = 1: +infinity; never
    # "> -\infty" there), confirmed where it holds at every one of enough points; a divergence whose direction is not
    # known (no value) refutes nothing
    valued = unknown = 0
    for point in _sampled(finite, domains):
        at = finite.xreplace(point)
        value = _value(at)
        if value is None:  # no value known there: whether the series converges says enough, else it may fail there
            converges = _converges(at)
            if converges and holds(sp.Integer(0)):  # \sum k^{-1000} < \infty: any finite value holds it
                valued += 1
                continue
            signed = _one_signed(at) if converges is False else None
            if signed is not None:
                # \sum_t \frac{1}{t + b} at b = 0.001: terms of one sign that do not converge sum to that infinity (it was
                # "no value", and the Robbins-Monro step size a/(t + b) refuted: review helper-191 R6)
                if holds(signed):
                    valued += 1
                    continue
                ce = _counterexample(point, finite is lhs, signed, infinite, "its terms keep one sign and do not converge there")
                return Verdict.REFUTED, "evaluation in the extended reals", "", ce
            if converges is False and rel != "!=":  # \sum (-3/2)^k < \infty: no value at all, finite or infinite
                ce = _counterexample(point, finite is lhs, "diverges", infinite, "it does not converge there (SymPy's tests)")
                return Verdict.REFUTED, "evaluation in the extended reals", "", ce
            unknown += 1
            continue
        if not holds(value):
            ce = _counterexample(point, finite is lhs, value, infinite, "its value there, in the extended reals")
            return Verdict.REFUTED, "evaluation in the extended reals", "", ce
        valued += 1
    names = ", ".join(sorted(s.name for s in finite.free_symbols))
    # confirmed only where every point has its value (\sum r^k < \infty for -2 < r < 1 was confirmed: at r = -3/2 the
    # series has none, and the points that had one held it)
    if valued >= _ENOUGH and not unknown:
        return Verdict.CONFIRMED, f"sampling in the extended reals: the side valued at {valued} points where the assumptions hold", "", None
    if rel in ("==", "!="):
        return None  # (the usual sampling says where no side has a value)
    reason = f"a relation with {shown}: whether the other side (it may diverge) holds it for every value of {names} is not decided"
    return Verdict.UNDECIDED, "none", reason, None


def _one_signed(side: Any) -> Any:
    """+infinity (-infinity) where ``side`` is one series whose terms are all positive (negative) at the first 200
    indices and whose term has no sign change SymPy can see; None otherwise (mixed signs, more than a series)."""
    if not isinstance(side, sp.Sum) or len(side.limits) != 1 or side.limits[0][2] is not sp.oo or side.free_symbols:
        return None
    index, low, _ = side.limits[0]
    try:
        start = int(low)
        values = [side.function.xreplace({index: sp.Integer(k)}).evalf(20) for k in range(start, start + 200)]
    except (TypeError, ValueError):
        return None
    if all(v.is_real and v > 0 for v in values):
        return sp.oo
    if all(v.is_real and v < 0 for v in values):
        return -sp.oo
    return None


def _families_put_in(sides: tuple[Any, Any], conditions: list[Any]) -> tuple[Any, Any, str, list[Any]]:
    r"""Both sides with each assumed ``\alpha_t = \frac{1}{t}`` put into the family's entries ``alpha[k]`` (1/k), and the
    first other assumption that speaks of such an entry ('' if none): ``\sum_{t=1}^\infty \alpha_t^2 < \infty`` under
    it was refuted at alpha[t] = 1, a family the assumption rules out (probe helper-186 F33)."""
    families = {str(e.base) for side in sides for e in side.atoms(sp.Indexed) if len(e.indices) == 1}
    unsaid, used = "", []
    for condition in conditions:
        entries = [(s, m) for s in getattr(condition, "free_symbols", ()) if (m := ENTRY.fullmatch(s.name)) and m["stem"] in families]
        if not entries:
            continue
        (entry, match), *more = entries
        letter = next((s for s in condition.free_symbols if s.name == match["idx"]), None)
        if isinstance(condition, sp.Eq) and condition.lhs == entry and not more and entry not in condition.rhs.free_symbols:
            body = condition.rhs

            def value(e: sp.Indexed, body: Any = body, letter: Any = letter, stem: str = match["stem"]) -> Any:
                return body.xreplace({letter: e.indices[0]}) if letter is not None else body

            sides = tuple(
                side.replace(lambda e, stem=match["stem"]: isinstance(e, sp.Indexed) and str(e.base) == stem and len(e.indices) == 1, value)
                for side in sides
            )
            used.append(condition)
        elif not unsaid:
            unsaid = sp.sstr(condition)
    return sides[0], sides[1], unsaid, used


def _infinite_value(side: Any) -> Any:
    """+-infinity where ``side`` is one: written so, or a constant limit, series, product or integral whose value is
    one (\\lim_{x \\to \\infty} e^x: sampled, it had no real value, and "> 10^{100}" was refuted); else None."""
    if side in _INFINITIES:
        return side
    if side.free_symbols or not side.has(*_MAY_DIVERGE):
        return None
    value = _value(side)
    return value if value in _INFINITIES else None


def _word(rel: str, finite_left: bool) -> str:
    words = {"<": "below", "<=": "at most", ">": "above", ">=": "at least"}
    flipped = {"<": ">", "<=": ">=", ">": "<", ">=": "<="}
    return words[rel if finite_left else flipped[rel]]


_VALUES: dict[Any, Any] = {}  # constant side -> its value in the extended reals (values only, never a None)
_VALUES_MAX = 512


def _value(expr: Any) -> Any:
    """The value of a constant expression with series, integrals or limits in the extended reals (an infinity where it
    diverges to one; SymPy's doit), None where it is not known or not real. Remembered: a side is valued once for
    :func:`_infinite_value` and again as the finite side; no value is not remembered (it may come of a time limit)."""
    if expr in _VALUES:
        return _VALUES[expr]
    with mpmath.workdps(DIGITS):
        value, _ = evaluated(expr, {})
    if value is not None:
        return _remembered(expr, sp.Float(value, DIGITS))
    try:
        with time_limit(_DOIT_S):
            done = expr.doit()
    except TimeLimitExceeded:
        return None
    except Exception:  # SymPy's summation and integration raise many kinds: no value then
        return _remembered(expr, None)
    return _remembered(expr, _extended_value(done))


def _remembered(expr: Any, value: Any) -> Any:
    """``value``, kept for ``expr`` where it is one (a None may come of a time limit inside: load-dependent)."""
    if value is None:
        return None
    if len(_VALUES) >= _VALUES_MAX:
        _VALUES.pop(next(iter(_VALUES)))
    _VALUES[expr] = value
    return value


def _extended_value(done: Any) -> Any:
    """SymPy's ``doit`` of a constant side as a value in the extended reals, or None."""
    if done in _INFINITIES:
        return done
    if isinstance(done, sp.Sum) and _diverges_upward(done):
        return sp.oo
    if isinstance(done, sp.Expr) and done.is_number and not done.has(*_MAY_DIVERGE):
        if done.is_extended_real:
            return done  # (pi^2/6: SymPy's closed form, where the series was slow to sum at the working digits)
        try:  # zeta(1001/1000): SymPy does not say it is real; its value at 30 digits does
            value = sp.N(done, 30)
        except Exception:  # SymPy's evaluation raises many kinds: no value then
            return None
        return value if value.is_real and value.is_finite else None
    return None


def _converges(side: Any) -> bool | None:
    """Whether a constant side that is one series converges (SymPy's convergence tests, within a time limit): True,
    False, or None (not one series, or not known)."""
    if not isinstance(side, sp.Sum) or len(side.limits) != 1 or side.free_symbols:
        return None
    try:
        with time_limit(_DOIT_S):
            found = side.is_convergent()
    except TimeLimitExceeded:
        return None
    except Exception:  # SymPy's convergence tests raise many kinds: not known then
        return None
    return True if found is sp.true else False if found is sp.false else None


def _diverges_upward(series: sp.Sum) -> bool:
    """Whether a series of positive terms diverges (SymPy's convergence tests): then its sum is +infinity."""
    if len(series.limits) != 1:
        return False
    k, low, high = series.limits[0]
    if high != sp.oo or not low.is_number:
        return False
    index = sp.Dummy("k", integer=True)
    term = series.function.xreplace({k: index + low})  # k = low, low + 1, ...: index >= 0
    index_nonnegative = sp.Dummy("k", integer=True, nonnegative=True)
    try:
        with time_limit(_DOIT_S):
            positive = term.xreplace({index: index_nonnegative}).is_positive
            return bool(positive) and series.is_convergent() is sp.false
    except TimeLimitExceeded:
        return False
    except Exception:  # SymPy's convergence tests raise many kinds: not known to diverge then
        return False


def _sampled(expr: Any, domains: Domains) -> Iterator[dict]:
    """Points inside the domains that satisfy the conditions tying symbols together, within :data:`_SAMPLING_S` seconds:
    up to :data:`_SAMPLED` just inside the domains' ends, half as many simple ones, then :data:`_SAMPLED` drawn with a
    fixed seed (each is valued with SymPy's doit)."""
    linked = set(expr.free_symbols)  # and the symbols the conditions tie to them (p > q, q > 1: q drawn too)
    for _ in range(len(domains.conditions)):
        linked |= set().union(*(c.free_symbols for c in domains.conditions if c.free_symbols & linked))
    symbols = tuple(sorted(linked, key=lambda s: s.name))
    sampler = Sampler(symbols, domains, integers=frozenset(integer_symbols(expr)), seed=0, first=first_whole_numbers(expr))
    start = time.perf_counter()
    # simple points, then drawn ones (p = -1.25 of \sum k^p = \infty for p > -3/2: no simple point lies there)
    drawn = (sampler.point(far=i % 3 == 2) for i in range(_SAMPLED * 25))
    for stream, wanted in ((_near_ends(sampler), _SAMPLED), (sampler.simple_points(_SAMPLED * 4), _SAMPLED // 2), (drawn, _SAMPLED)):
        given = 0
        for point in stream:
            if given >= wanted or time.perf_counter() - start > _SAMPLING_S:
                break
            if sampler.admissible(point):
                given += 1
                yield point


def _near_ends(sampler: Sampler) -> list[dict]:
    """Each symbol just inside the ends of its domain, the others at their first simple value: where convergence
    changes (\\sum k^p = \\infty for p > -3/2 fails from -3/2 to -1, where no simple or drawn point fell)."""
    simple = sampler.simple_points(1)
    if not simple:
        return []
    return [{**simple[0], s: end} for s in sampler.symbols for end in sampler.ends(s, [])]


def _points(expr: Any, domains: Domains) -> list[dict]:
    """Simple points inside the domains (each symbol the same value), at most :data:`_TRIED`'s."""
    symbols = sorted(expr.free_symbols, key=lambda s: s.name)
    out = []
    for value in _TRIED:
        point = {s: sp.Integer(value) if isinstance(value, int) else value for s in symbols}
        if all(domains.of(s).contains(v) is sp.true for s, v in point.items()):
            out.append(point)
    return out


def _defined_point(expr: Any, domains: Domains) -> tuple[dict, Any] | None:
    """A simple point inside the domains where ``expr`` has a real value, with it; None where none is found."""
    for point in _points(expr, domains):
        with mpmath.workdps(DIGITS):
            value, _ = evaluated(expr, point)
        if value is not None:
            return point, value
    return None


def _counterexample(point: dict, finite_left: bool, value: Any, infinite: Any, note: str, written: bool = True) -> Counterexample:
    """The point, with the finite side's value and the infinite one's (``diverges to inf`` where it is not written so)."""
    # ("diverges", as the sampling says it: steps then name the side that diverges)
    shown = ("inf" if infinite == sp.oo else "-inf") if written else "diverges"
    if not isinstance(value, str):
        value = "diverges" if value in _INFINITIES else float(value)
    at, exact = point_json(point)
    a, b = (value, shown) if finite_left else (shown, value)
    return Counterexample(at, a, b, note, exact, dict(point))
