r"""Judging parsed LaTeX: is a relation true under assumptions; is an answer equal to a key?

The same three routes as for claims, tuned for many small untrusted inputs:

1. *sampling* (mpmath, 30 digits): both sides at points drawn from the symbols' domains
   (what the assumptions allow); a point where they differ refutes at once, with the
   values a student can plug in;
2. *symbolic*: SymPy's cascade (:func:`derivax.symbolic.zero_by`), or for an inequality the
   sign of the difference under the assumptions and, for one variable, ``solveset``;
3. *search* (Hypothesis, only for ``derivax check``): hunts for a counterexample and shrinks it.

Expressions are compared as real functions where both sides are defined: points where a
side is undefined or complex are skipped, so :math:`(x^2-1)/(x+1)` equals :math:`x-1`.
Every call has a time limit; a timeout gives ``undecided``, never a verdict.
"""

from __future__ import annotations

import dataclasses
import math
import random
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import mpmath
import sympy as sp

from derivax.codegen import safe_lambdify, undefined_functions
from derivax.evaluate import to_mp
from derivax.evidence import Counterexample, Verdict
from derivax.latex import Parsed, alternative_readings
from derivax.limits import TimeLimitExceeded, time_limit

__all__ = ["Domains", "Judgement", "check_statement", "domains_from", "equivalent_expressions", "holds_within"]

_DIGITS = 60  # limits are evaluated at 10**40 (see derivax.evaluate), which needs the digits
_BOX = 3.0
_MAX_OPS = 3000


@dataclass(frozen=True)
class Judgement:
    """A verdict on one input, with how it was reached and (when refuted) values to plug in."""

    verdict: Verdict
    method: str
    reason: str = ""
    counterexample: Counterexample | None = None
    points: int = 0
    tolerance: float = 0.0
    seconds: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"verdict": self.verdict.value, "method": self.method, "reason": self.reason}
        if self.points:
            out.update(points=self.points, rtol=self.tolerance)
        if self.counterexample is not None:
            out["counterexample"] = self.counterexample.as_dict()
        out["seconds"] = round(self.seconds, 3)
        return out

    def describe(self) -> str:
        text = f"{self.verdict} ({self.method})"
        if self.counterexample is not None:
            text += f": {self.counterexample.describe()}"
        elif self.reason:
            text += f": {self.reason}"
        return text


@dataclass(frozen=True)
class Domains:
    """Where each symbol may range, and conditions tying several symbols together."""

    sets: dict[sp.Symbol, sp.Set] = field(default_factory=dict)
    conditions: tuple[Any, ...] = ()

    def of(self, symbol: sp.Symbol) -> sp.Set:
        return self.sets.get(symbol, sp.S.Reals)


def domains_from(assumptions: Iterable[Any], symbols: Iterable[sp.Symbol] = ()) -> Domains:
    """Turn conditions (relations, And/Or of them) into per-symbol domains where possible."""
    sets: dict[sp.Symbol, sp.Set] = {}
    conditions: list[Any] = []
    for condition in assumptions:
        parts = condition.args if isinstance(condition, sp.And) else (condition,)
        for part in parts:
            free = part.free_symbols
            if len(free) == 1 and not undefined_functions(part):
                (x,) = free
                try:
                    solved = sp.solveset(part, x, sp.S.Reals)
                except TimeLimitExceeded:
                    raise
                except Exception:  # SymPy can fail in many ways (even RecursionError): keep it as a condition
                    solved = None
                if isinstance(solved, sp.Set) and not isinstance(solved, sp.ConditionSet):
                    sets[x] = sets.get(x, sp.S.Reals).intersect(solved)
                    continue
            conditions.append(part)
    for s in symbols:
        sets.setdefault(s, sp.S.Reals)
    return Domains(sets, tuple(conditions))


def _assumed_symbols(expr: Any, domains: Domains) -> tuple[Any, dict]:
    """Replace symbols by ones carrying SymPy assumptions implied by their domains."""
    mapping = {}
    for s in getattr(expr, "free_symbols", set()):
        if not isinstance(s, sp.Symbol):
            continue
        dom = domains.of(s)
        kw: dict[str, bool] = {"real": True}
        if dom.is_subset(sp.Interval.open(0, sp.oo)):
            kw = {"positive": True}
        elif dom.is_subset(sp.Interval(0, sp.oo)):
            kw = {"nonnegative": True}
        elif dom.is_subset(sp.Interval.open(-sp.oo, 0)):
            kw = {"negative": True}
        mapping[s] = sp.Symbol(s.name, **kw)
    return (expr.xreplace(mapping) if mapping else expr), mapping


_WIDE = 1e6  # the far box: a statement that holds near the origin only (min(x, 20) = x) fails out there


def _pieces(dom: sp.Set, half_width: float = _BOX * 4) -> list[tuple[float, float, bool]]:
    """Sampling pieces (low, high, integer?) of a domain, cut to a finite box."""
    box = sp.Interval(-half_width, half_width)
    inside = dom.intersect(box)
    parts = inside.args if isinstance(inside, sp.Union) else (inside,)
    out = []
    for p in parts:
        if isinstance(p, sp.Interval):
            lo, hi = float(p.inf), float(p.sup)
            if p.left_open:
                lo += 1e-9 * max(1.0, abs(lo))
            if p.right_open:
                hi -= 1e-9 * max(1.0, abs(hi))
            if hi >= lo:
                out.append((lo, hi, False))
        elif isinstance(p, sp.FiniteSet):
            out += [(float(v), float(v), False) for v in p if v.is_real]
        elif isinstance(p, sp.Range) and p.size:
            out.append((float(p.inf), float(p.sup), True))
    return out


def _integer_symbols(expr: Any) -> set[sp.Symbol]:
    """Symbols used as bounds of sums and products: they range over the positive integers."""
    found: set[sp.Symbol] = set()
    for node in sp.preorder_traversal(expr):
        if isinstance(node, sp.Sum | sp.Product):
            for _, lo, hi in node.limits:
                found |= getattr(hi, "free_symbols", set()) | getattr(lo, "free_symbols", set())
    return found


def _draw(symbols: list[sp.Symbol], domains: Domains, integers: set[sp.Symbol], rng: random.Random, scale: float) -> dict:
    point = {}
    for s in symbols:
        if s in integers:
            point[s] = rng.randint(1, 12)
            continue
        pieces = _pieces(domains.of(s)) or [(-_BOX, _BOX, False)]
        lo, hi, integer = rng.choice(pieces)
        if max(lo, -scale) <= min(hi, scale):  # stay near the origin where the piece allows
            lo, hi = max(lo, -scale), min(hi, scale)
        value = rng.uniform(lo, hi)
        point[s] = round(value) if integer else value
    return point


def _draw_far(symbols: list[sp.Symbol], domains: Domains, integers: set[sp.Symbol], rng: random.Random) -> dict:
    """A point with magnitudes spread log-uniformly up to 1e6 (within each symbol's domain)."""
    point = {}
    for s in symbols:
        magnitude = 10 ** rng.uniform(0, 6)
        if s in integers:
            point[s] = rng.randint(1, int(min(magnitude, 10**4)))
            continue
        lo, hi, integer = rng.choice(_pieces(domains.of(s), _WIDE) or [(-_WIDE, _WIDE, False)])
        value = min(max(rng.choice((-1, 1)) * magnitude, lo), hi)
        point[s] = round(value) if integer else value
    return point


_FAST_GROWTH = (sp.exp, sp.sinh, sp.cosh, sp.tanh, sp.factorial, sp.gamma, sp.Sum, sp.Product, sp.Limit, sp.binomial)


def _symbolic_power(expr: sp.Basic) -> bool:
    """A power whose exponent holds a symbol (2^x, x^x): it grows too fast for far points."""
    return any(p.exp.free_symbols for p in expr.atoms(sp.Pow))


def _values_at(f: Any, g: Any, args: Sequence[Any]) -> tuple[Any, Any] | None:
    """Both sides at one point as real mpmath numbers, or None where either is undefined there."""
    try:
        a, b = _numeric(f(*args)), _numeric(g(*args))
    except (ZeroDivisionError, ValueError, OverflowError, TypeError, AttributeError, NameError):
        return None
    return None if a is None or b is None else (a, b)


def _holds_with_more_digits(f: Any, g: Any, args: list, rel: str, rtol: float, atol: float) -> bool:
    """Whether a far point's failure goes away at 240 digits (it was rounding, so the point proves nothing)."""
    with mpmath.workdps(_DIGITS * 4):
        values = _values_at(f, g, args)
        return values is None or holds_within(rel, *values, rtol, atol)


def _numeric(value: Any) -> Any:
    """A real mpmath number, or None where the value is undefined, infinite or complex."""
    try:
        v = mpmath.mpmathify(value)
    except (TypeError, ValueError):
        return None
    if isinstance(v, mpmath.mpc):
        if abs(v.imag) > mpmath.mpf(10) ** (-_DIGITS // 2) * max(1, abs(v.real)):
            return None
        v = v.real
    return v if mpmath.isfinite(v) else None


def _limit_or_keep(limit: sp.Limit) -> Any:
    try:
        return limit.doit()
    except (NotImplementedError, ValueError, TypeError):  # e.g. "depends on the sign of ..."
        return limit


def _evaluator(expr: Any, symbols: list[sp.Symbol]):
    """An mpmath function; limits are taken by SymPy first, else at a huge argument (see computable)."""
    from derivax.evaluate import computable

    if isinstance(expr, sp.Basic) and expr.has(sp.Limit):
        expr = expr.replace(lambda e: isinstance(e, sp.Limit), _limit_or_keep)
    return safe_lambdify(symbols, computable(expr), "mpmath")


def _close(a: Any, b: Any, rtol: float, atol: float) -> bool:
    return abs(a - b) <= atol + rtol * max(abs(a), abs(b))


def _points_ok(domains: Domains, point: dict, cond_fns: list) -> bool:
    for fn in cond_fns:
        try:
            if not bool(fn(*point.values())):
                return False
        except (TypeError, ValueError, ZeroDivisionError, OverflowError):
            return False
    return True


def _sample_compare(lhs: Any, rhs: Any, rel: str, domains: Domains, count: int, seed: int, rtol: float, atol: float):
    """Compare at sampled points; return (counterexample or None, number of usable points)."""
    symbols = sorted(set().union(*(getattr(e, "free_symbols", set()) for e in (lhs, rhs))), key=lambda s: s.name)
    integers = _integer_symbols(lhs) | _integer_symbols(rhs)
    f, g = _evaluator(lhs, symbols), _evaluator(rhs, symbols)
    cond_fns = [safe_lambdify(symbols, c, "mpmath") for c in domains.conditions if c.free_symbols <= set(symbols)]
    rng = random.Random(seed)
    usable = 0
    # Far points only where growth cannot eat the working digits (cosh(1000)^2 - sinh(1000)^2 needs 870).
    go_far = not any(e.has(*_FAST_GROWTH) or _symbolic_power(e) for e in (lhs, rhs) if isinstance(e, sp.Basic))
    with mpmath.workdps(_DIGITS):
        for i in range(count * 3):
            if usable >= count:
                break
            far = go_far and i % 6 == 5  # one point in six far from the origin, the rest near it
            scale = _BOX if i % 3 else _BOX * 4
            point = _draw_far(symbols, domains, integers, rng) if far else _draw(symbols, domains, integers, rng, scale)
            if not _points_ok(domains, point, cond_fns):
                continue
            args = [to_mp(v) for v in point.values()]
            values = _values_at(f, g, args)
            if values is None:
                continue
            a, b = values
            usable += 1
            if not holds_within(rel, a, b, rtol, atol):
                if far and _holds_with_more_digits(f, g, args, rel, rtol, atol):
                    continue  # the failure was rounding at a large magnitude, not the statement
                at = {s.name: (v if isinstance(v, int) else float(v)) for s, v in point.items()}
                return Counterexample(at, float(a), float(b), "both sides evaluated at 60 digits"), usable
        if rel in ("<", "<=", ">", ">=") and symbols and not _symbolic_within(lhs, rhs, rel, domains, 1.0):
            # An inequality SymPy cannot settle at once may fail on a thin sliver that random points miss:
            # climb its violation (derivax.search; JAX is imported only here), re-evaluate proposals at 60 digits.
            for point, found_by in _guided_points(lhs, rhs, rel, domains, symbols, integers, seed):
                if not _points_ok(domains, point, cond_fns):
                    continue
                values = _values_at(f, g, [to_mp(v) for v in point.values()])
                if values is None:
                    continue
                a, b = values
                if not holds_within(rel, a, b, rtol, atol):
                    at = {s.name: (v if isinstance(v, int) else float(v)) for s, v in point.items()}
                    return Counterexample(at, float(a), float(b), f"found by {found_by}; both sides evaluated at 60 digits"), usable
    return None, usable


def _guided_points(lhs: Any, rhs: Any, rel: str, domains: Domains, symbols: list, integers: set, seed: int) -> list[tuple[dict, str]]:
    """The guided search's proposals (best first), within a share of the time left; none if it cannot run."""
    import signal

    left = signal.getitimer(signal.ITIMER_REAL)[0] if hasattr(signal, "getitimer") else 0.0
    budget = min(6.0, left - 0.3) if left > 0 else 6.0
    if budget < 0.5:
        return []
    pieces = []
    for s in symbols:
        if s in integers:
            pieces.append([(1.0, 12.0, True)])
        else:
            found = _pieces(domains.of(s)) or [(-_BOX, _BOX, False)]
            pieces.append([(max(lo, -_BOX * 4), min(hi, _BOX * 4), integer) for lo, hi, integer in found])
    try:
        with time_limit(budget):
            from derivax.evaluate import computable
            from derivax.search import search

            sides = [computable(e) if isinstance(e, sp.Basic) else e for e in (lhs, rhs)]
            report = search(symbols, [s.name for s in symbols], pieces, sides[0], sides[1], rel, seed=seed, starts=16, steps=60)
    except Exception:  # TimeLimitExceeded included: no JAX form, or too slow: the random points stand
        return []
    out = []
    for cand in report.candidates[:16]:
        point = {s: (round(cand.point[s.name]) if s in integers or pieces[i][0][2] else cand.point[s.name]) for i, s in enumerate(symbols)}
        out.append((point, cand.found_by))
    return out


def holds_within(rel: str, a: Any, b: Any, rtol: float, atol: float) -> bool:
    """``a REL b`` with slack ``atol + rtol * max(|a|, |b|)`` (REL one of == != < <= > >=)."""
    slack = atol + rtol * max(abs(a), abs(b))
    return {
        "==": lambda: abs(a - b) <= slack,
        "!=": lambda: abs(a - b) > slack,
        "<": lambda: a < b + slack,
        "<=": lambda: a <= b + slack,
        ">": lambda: a > b - slack,
        ">=": lambda: a >= b - slack,
    }[rel]()


_REL_NAME = {
    sp.Equality: "==",
    sp.StrictLessThan: "<",
    sp.LessThan: "<=",
    sp.StrictGreaterThan: ">",
    sp.GreaterThan: ">=",
    sp.Unequality: "!=",
}


def _too_big(*exprs: Any) -> bool:
    return any(sp.count_ops(e, visual=False) > _MAX_OPS for e in exprs if isinstance(e, sp.Basic))


def _symbolic_relation(lhs: Any, rhs: Any, rel: str, domains: Domains) -> str | None:
    """How SymPy establishes ``lhs REL rhs`` under the domains, or None."""
    from derivax.symbolic import zero_by

    diff, _ = _assumed_symbols(sp.sympify(lhs - rhs, strict=True), domains)
    if rel == "==":
        return zero_by(diff)
    if rel == "!=":
        return None
    gap = sp.simplify(diff if rel in (">", ">=") else -diff)
    sign = gap.is_positive if rel in ("<", ">") else gap.is_nonnegative
    if sign:
        return "sign of the difference under the assumptions"
    free = list(gap.free_symbols)
    if len(free) == 1:
        x = free[0]
        bad = sp.solveset(gap < 0 if rel in ("<=", ">=") else gap <= 0, x, sp.S.Reals)
        allowed = domains.of(sp.Symbol(x.name))
        if isinstance(bad, sp.Set) and not isinstance(bad, sp.ConditionSet) and bad.intersect(allowed).is_empty:
            return "solveset: no real point in the domain violates it"
    return None


def _undefined_functions(*exprs: Any) -> list[str]:
    """Names of functions applied but never defined (``L(\\theta)``): nothing to evaluate them with."""
    return sorted(undefined_functions(list(exprs)))


def _symbolic_within(lhs: Any, rhs: Any, rel: str, domains: Domains, seconds: float) -> str | None:
    """The symbolic route, or None when SymPy needs longer than ``seconds`` (sampling still stands)."""
    try:
        with time_limit(seconds):
            return _symbolic_relation(lhs, rhs, rel, domains)
    except TimeLimitExceeded:
        return None


def _substituted(parsed: Parsed, substitution: dict) -> Parsed:
    expr = parsed.expr
    swapped = tuple(e.xreplace(substitution) for e in expr) if isinstance(expr, tuple) else expr.xreplace(substitution)
    return dataclasses.replace(parsed, expr=swapped)


def _holds(verdict: Verdict) -> str:
    return {Verdict.PROVED: "holds", Verdict.CONFIRMED: "holds"}.get(verdict, verdict.value)


def check_statement(statement: Parsed, assumptions: Iterable[Parsed] = (), **options: Any) -> Judgement:
    """Is the relation true under the assumptions, under every established reading of the input?

    Where notation has two readings (:func:`derivax.latex.alternative_readings`: ``I`` as a symbol
    or as the identity), each is judged; a verdict is given only if all readings agree, otherwise
    the result is ``undecided`` and names the readings and what each gave.
    """
    assumptions = list(assumptions)
    first = _check_one_reading(statement, assumptions, **options)
    items = list(statement.expr) if isinstance(statement.expr, tuple) else [statement.expr]
    alternatives = alternative_readings(items + [a.condition for a in assumptions])
    for description, substitution in alternatives:
        other = _check_one_reading(_substituted(statement, substitution), [_substituted(a, substitution) for a in assumptions], **options)
        if _holds(other.verdict) != _holds(first.verdict):
            reason = f"the readings disagree: as written, {first.describe()}; with {description}, {other.describe()}"
            return Judgement(Verdict.UNDECIDED, "readings", reason, seconds=first.seconds + other.seconds)
    if alternatives:
        also = "; ".join(d for d, _ in alternatives)
        return dataclasses.replace(first, method=f"{first.method}; the same with {also}")
    return first


def _check_one_reading(
    statement: Parsed,
    assumptions: Iterable[Parsed] = (),
    *,
    points: int = 200,
    seed: int = 0,
    rtol: float = 1e-9,
    atol: float = 1e-12,
    timeout_s: float = 5.0,
    search: bool = True,
) -> Judgement:
    """Is the relation (or chain, or logical combination of relations) true under the assumptions?"""
    start = time.perf_counter()
    conds = [a.condition for a in assumptions]
    relations = _relations(statement)
    if relations is None:
        return Judgement(Verdict.UNDECIDED, "none", f"expected a relation such as A = B or A \\le B, got {statement.kind}")
    symbols = set().union(*(r.free_symbols for r in relations))
    methods: list[str] = []
    refuted = None
    try:
        with time_limit(timeout_s):
            domains = domains_from(conds, symbols)  # solving the assumptions counts against the limit too
            for r in relations:
                lhs, rhs, rel = r.lhs, r.rhs, _REL_NAME[type(r)]
                if _too_big(lhs, rhs):
                    return Judgement(Verdict.UNDECIDED, "none", f"expression too large (over {_MAX_OPS} operations)")
                undefined = _undefined_functions(lhs, rhs, *conds)
                if undefined:
                    return Judgement(Verdict.UNDECIDED, "none", f"uses functions defined elsewhere: {', '.join(undefined)}")
                ce, usable = _sample_compare(lhs, rhs, rel, domains, points, seed, rtol, atol)
                if ce is not None:
                    refuted = (lhs, rhs, rel, ce, usable)
                    break
                route = _symbolic_within(lhs, rhs, rel, domains, timeout_s / 2)
                if route:
                    methods.append(f"symbolic ({route})")
                elif usable >= 10:
                    methods.append(f"sampling ({usable} points, rtol {rtol:g})")
                else:
                    return Judgement(Verdict.UNDECIDED, "sampling", f"only {usable} usable points; SymPy could not decide", None, usable)
    except TimeLimitExceeded:
        return Judgement(Verdict.UNDECIDED, "none", f"timed out after {timeout_s:g} s", seconds=time.perf_counter() - start)
    except Exception as error:  # untrusted input: report it, never crash, never read it as false
        return Judgement(Verdict.UNDECIDED, "none", f"could not evaluate: {type(error).__name__}: {error}"[:300])
    if refuted is not None:
        lhs, rhs, rel, ce, usable = refuted
        if search:
            ce = _shrunk(lhs, rhs, rel, domains, ce, seed, rtol, atol, timeout_s)
        return Judgement(Verdict.REFUTED, "sampling", "", ce, usable, rtol, time.perf_counter() - start)
    verdict = Verdict.PROVED if all(m.startswith("symbolic") for m in methods) else Verdict.CONFIRMED
    return Judgement(verdict, "; ".join(methods), "", None, points, rtol, time.perf_counter() - start)


def _relations(statement: Parsed) -> list[Any] | None:
    expr = statement.expr
    if statement.kind == "chain":
        return list(expr)
    if statement.kind == "relation" and type(expr) in _REL_NAME:
        return [expr]
    if expr is sp.true:
        return []
    return None


def _shrunk(
    lhs: Any, rhs: Any, rel: str, domains: Domains, found: Counterexample, seed: int, rtol: float, atol: float, timeout_s: float
) -> Counterexample:
    """Ask Hypothesis for a simpler counterexample than the sampled one (keep the sampled one if none)."""
    from hypothesis import HealthCheck, Phase, find, settings
    from hypothesis import strategies as st
    from hypothesis.errors import NoSuchExample, Unsatisfiable

    symbols = sorted(set().union(*(getattr(e, "free_symbols", set()) for e in (lhs, rhs))), key=lambda s: s.name)
    integers = _integer_symbols(lhs) | _integer_symbols(rhs)
    f, g = _evaluator(lhs, symbols), _evaluator(rhs, symbols)

    def strategy(s: sp.Symbol) -> st.SearchStrategy:
        if s in integers:
            return st.integers(1, 12)
        pieces = _pieces(domains.of(s)) or [(-_BOX, _BOX, False)]
        return st.one_of(*[st.integers(math.ceil(lo), math.floor(hi)) if integer else st.floats(lo, hi) for lo, hi, integer in pieces])

    def fails(values: tuple) -> bool:
        with mpmath.workdps(_DIGITS):
            both = _values_at(f, g, values)
            return both is not None and not holds_within(rel, *both, rtol, atol)

    try:
        with time_limit(timeout_s):
            values = find(
                st.tuples(*[strategy(s) for s in symbols]),
                fails,
                settings=settings(
                    max_examples=100,
                    database=None,
                    deadline=None,
                    suppress_health_check=list(HealthCheck),
                    phases=(Phase.generate, Phase.shrink),
                ),
                random=random.Random(seed),
            )
    except (NoSuchExample, Unsatisfiable, TimeLimitExceeded):
        return found
    with mpmath.workdps(_DIGITS):
        a, b = _numeric(f(*values)), _numeric(g(*values))
    return Counterexample({s.name: v for s, v in zip(symbols, values, strict=True)}, float(a), float(b), "shrunk by Hypothesis")


def equivalent_expressions(
    key: Any,
    answer: Any,
    domains: Domains,
    *,
    points: int = 40,
    seed: int = 0,
    rtol: float = 1e-8,
    atol: float = 1e-10,
    timeout_s: float = 5.0,
) -> Judgement:
    """Are two expressions equal as real functions where both are defined (under the domains)?"""
    start = time.perf_counter()
    if _too_big(key, answer):
        return Judgement(Verdict.UNDECIDED, "none", f"expression too large (over {_MAX_OPS} operations)")
    undefined = _undefined_functions(key, answer)
    if undefined:
        return Judgement(Verdict.UNDECIDED, "none", f"uses functions not defined in the problem: {', '.join(undefined)}")
    try:
        with time_limit(timeout_s):
            ce, usable = _sample_compare(key, answer, "==", domains, points, seed, rtol, atol)
            if ce is not None:
                ce = Counterexample(ce.at, ce.lhs, ce.rhs, "key (lhs) and answer (rhs) evaluated at 60 digits")
                return Judgement(Verdict.REFUTED, "sampling", "", ce, usable, rtol, time.perf_counter() - start)
        route = _symbolic_within(key, answer, "==", domains, timeout_s / 2)
    except TimeLimitExceeded:
        return Judgement(Verdict.UNDECIDED, "none", f"timed out after {timeout_s:g} s", seconds=time.perf_counter() - start)
    except Exception as error:  # untrusted input: report it, never crash, never read it as false
        return Judgement(Verdict.UNDECIDED, "none", f"could not evaluate: {type(error).__name__}: {error}"[:300])
    if route:
        return Judgement(Verdict.PROVED, f"symbolic ({route})", "", None, usable, rtol, time.perf_counter() - start)
    if usable >= 10:
        return Judgement(Verdict.CONFIRMED, f"sampling ({usable} points)", "", None, usable, rtol, time.perf_counter() - start)
    return Judgement(
        Verdict.UNDECIDED, "sampling", f"only {usable} points where both are defined", None, usable, rtol, time.perf_counter() - start
    )
