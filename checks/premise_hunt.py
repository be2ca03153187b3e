r"""The hunt for a refutation of ``A \Rightarrow B`` in the thin sets of the premise that sampling misses.

:func:`derivax.implications.implies` runs it before it confirms: the edges of the premise's inequalities taken as
equations (and just inside them), the points where the conclusion turns or its negation holds with the premise as the
domain (:mod:`derivax.slivers`), and a certified change of sign (the intermediate value theorem). Every point found is
checked again at 150 digits against the premise and the conclusion as written; nothing here proves.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from typing import Any

import mpmath
import sympy as sp

from derivax import implications
from derivax.evidence import Judgement, Verdict
from derivax.limits import TimeLimitExceeded, clock, time_limit
from derivax.realeval import CHECK_DIGITS, Unevaluable
from derivax.sampling import Domains, Sampler, domains_from
from derivax.solutions import _OPS, _ORDERS, Side

__all__ = ["along_rays", "at_a_root_of_the_premise", "edge_counterexample", "inside_the_premise", "on_the_edges", "on_the_factors"]


def inside_the_premise(premise: Side, conclusion: Side, sampler: Sampler, seconds: float) -> Judgement | None:
    r"""A refutation where the conclusion, a single relation, turns or its negation is solved, one variable at a time
    inside the premise as the domain (:mod:`derivax.slivers`, as ``check`` hunts a relation): on a branch of the circle
    ``x^2 + y^2 = 1 \Rightarrow |x + y| < \sqrt{2}`` is a relation in y on [-1, 1] that fails where it turns only.
    Each point is re-checked at 150 digits against the premise and the conclusion as written; never a proof. An
    equation in the premise is :func:`derivax.implications.by_elimination`'s: as a domain it leaves no room to move in."""
    from derivax.slivers import critical_points, negation_points  # slivers solves with this module: imported when needed

    relation = conclusion.obj
    if seconds < 0.3 or premise.kind == "set" or not isinstance(relation, sp.core.relational.Relational):
        return None
    parts = premise.obj.args if isinstance(premise.obj, sp.And) else (premise.obj,)
    if any(isinstance(part, sp.Equality) for part in parts) or not all(isinstance(e, sp.Expr) for e in relation.args):
        return None
    start = clock()
    try:
        with time_limit(min(seconds / 3, 1.0)):
            domains = domains_from([*sampler.domains.as_conditions(), premise.obj], sampler.symbols)
    except (TimeLimitExceeded, TypeError, ValueError, RecursionError):
        return None
    if any(d.is_empty for d in domains.sets.values()):
        return None
    lhs, rhs, op = relation.lhs, relation.rhs, _OPS[type(relation)]
    symbols = sorted(relation.free_symbols & set(sampler.symbols), key=lambda s: s.name)
    fixed = [p for p in sampler.simple_points(limit=30) if sampler.admissible(p) and premise.member(p, None)]
    left = seconds - (clock() - start)
    proposals = negation_points(lhs, rhs, op, symbols, domains, frozenset(sampler.integers), fixed, left / 2)
    for point, how in itertools.chain(proposals, _later(lambda: critical_points(lhs, rhs, op, symbols, domains, fixed, left / 2))):
        point = {**(fixed[0] if fixed else {}), **point}
        if set(point) == set(sampler.symbols) and implications.fails_there(premise, conclusion, point, sampler):
            return implications.refuted_at(point, f"evaluation ({how}, the premise as the domain)")
    return _equal_inside(premise, relation, op, sampler, domains, seconds - (clock() - start))


def on_the_factors(premise: Side, sampler: Sampler, seconds: float) -> list[dict]:
    r"""Points on each branch of an equation premise that factors: ``L - R = f_1 f_2 \cdots`` holds where any factor
    vanishes, and sampling lands on the branch that is easiest to solve (often the degenerate one, where the
    conclusion's sides vanish too: a backpropagation step with w_1 for w_2 held at the 37 points of y = a_2, and was
    confirmed). Each factor linear in a name gives that name at simple values of the others (then a few drawn ones),
    to be checked as every candidate is (at 150 digits, against the premise and the conclusion as written)."""
    equation = premise.obj
    if premise.kind == "set" or not isinstance(equation, sp.Equality) or len(sampler.symbols) < 2:
        return []
    start = clock()
    try:
        with time_limit(seconds):
            numerator, _ = sp.fraction(sp.together(equation.lhs - equation.rhs))
            try:
                factored = sp.factor(numerator)  # a polynomial's factors; exp and the like stay whole
            except (sp.PolynomialError, ValueError, TypeError):
                factored = sp.factor_terms(numerator)
    except TimeLimitExceeded:
        return []
    factors = [f.base if f.is_Pow and f.exp.is_positive else f for f in sp.Mul.make_args(factored)]
    branches = []
    for factor in factors:
        for symbol in sorted(factor.free_symbols & set(sampler.symbols), key=lambda s: s.name):
            try:
                poly = sp.Poly(factor, symbol)
            except sp.PolynomialError:
                continue
            if poly.degree() == 1 and not poly.coeffs()[0].free_symbols & {symbol}:
                branches.append((symbol, sp.cancel(-poly.nth(0) / poly.nth(1))))
                break  # one name per factor: its branch is the same set whichever name is solved for
    if len(branches) < 2:
        return []  # one branch only: sampling has it
    draws = [*sampler.simple_points(limit=10), *(sampler.point() for _ in range(4))]  # simple numbers first: a student plugs them in
    points = []
    for draw in draws:  # each draw on every branch before the next draw: the simplest point of each branch first
        for symbol, value in branches:
            if clock() - start > seconds:
                return points
            at = value.subs(draw)
            if at.is_number and at.is_finite and at.is_real is not False:
                points.append({**draw, symbol: at})
    return points


def _equal_inside(premise: Side, relation: Any, op: str, sampler: Sampler, domains: Domains, seconds: float) -> Judgement | None:
    r"""``x > 0 \Rightarrow \cos x \ne x``: the conclusion's sides are equal somewhere inside the premise's interval
    by the intermediate value theorem (:func:`derivax.compare._equal_somewhere`), though at no rational point. One
    symbol, a premise that is one interval of it (so the segment found lies inside), ``\ne`` or a strict order."""
    from derivax.compare import _equal_somewhere, _inside_segment  # compare uses this module: imported when first needed

    if op not in ("!=", "<", ">") or len(sampler.symbols) != 1 or seconds < 0.3:
        return None
    (x,) = sampler.symbols
    where = domains.of(x)
    if not (where is sp.S.Reals or isinstance(where, sp.Interval)):
        return None
    crossing = _equal_somewhere(relation.lhs, relation.rhs, op, x, where, seconds)
    if crossing is None:
        return None
    low, high, changing = crossing
    inside, low_shown, high_shown = _inside_segment(low, high)
    point = {x: inside}
    try:
        with mpmath.workdps(CHECK_DIGITS):
            if not (premise.member(point, None) and premise.member({x: low}, None) and premise.member({x: high}, None)):
                return None
    except (TypeError, ValueError, AttributeError, Unevaluable):
        return None
    note = (
        f"the premise holds on [{low_shown}, {high_shown}], where {changing} changes sign and is continuous: the "
        "conclusion's sides are equal at a point between, by the intermediate value theorem"
    )
    return implications.refuted_at(point, "intermediate value theorem, the premise as the domain", note)


def _later(make: Any) -> Iterable[Any]:
    """The items of ``make()``, made only when the ones before them did not suffice."""
    yield from make()


def edge_counterexample(condition: Any, relation: Any, sampler: Sampler, seconds: float) -> dict | None:
    r"""A point on the edge of a condition that ties several symbols (``x^2 + y^2 \le 1``, given as an assumption)
    where ``relation`` fails (:func:`on_the_edges`), or None."""
    if not isinstance(relation, sp.core.relational.Relational):
        return None
    found = on_the_edges(implications.side_of(condition, ""), implications.side_of(relation, ""), sampler, seconds)
    return dict(found.counterexample.point) if found is not None and found.counterexample is not None else None


_NUDGES = tuple(sp.Rational(1, 10**k) for k in (4, 8, 12, 16))


def on_the_edges(premise: Side, conclusion: Side, sampler: Sampler, budget: float) -> Judgement | None:
    r"""A refutation on or just inside the edge of an inequality of the premise (``x^2 + y^2 \le 1 \Rightarrow x + y
    \le 1.414`` fails near x = y = 0.7071, on the circle): the inequality taken as an equation, which
    :func:`derivax.implications.by_elimination` solves. A point found on the edge of a strict inequality is not in the premise: it is moved
    toward a simple point inside it by 10^-4 .. 10^-16 of the way, where a failure by a margin still shows
    (``x^2 + y^2 < 1 \Rightarrow x + y \le 1.414``). Every point is checked against the premise as written. Never a
    proof: the edge is part of the premise only."""
    if premise.kind == "set" or not isinstance(premise.obj, (*_ORDERS, sp.And)):
        return None
    parts = list(premise.obj.args) if isinstance(premise.obj, sp.And) else [premise.obj]
    start = clock()
    for part in parts:
        if not isinstance(part, _ORDERS) or len(part.free_symbols) < 2:
            continue
        left = budget - (clock() - start)
        if left <= 0.2:
            return None
        edge = sp.And(*[sp.Eq(part.lhs, part.rhs) if q is part else q for q in parts])
        j = implications.by_elimination(implications.side_of(edge, premise.text), conclusion, sampler, left)
        if j is None or j.verdict is not Verdict.REFUTED:
            continue
        point = j.counterexample.point
        for candidate, where in [(point, "on"), *((p, "just inside") for p in _nudged(point, premise, sampler))]:
            if implications.fails_there(premise, conclusion, candidate):
                return implications.refuted_at(candidate, f"{j.method}, {where} the edge {part.lhs} = {part.rhs}")
    return None


_RAY_SCALES = tuple(m * sp.Integer(10) ** k for k in range(-15, 16) for m in (1, 3))  # how far out along a ray
_RAY_HALVINGS = 24  # bisections between the last scale inside the premise and the first outside


def along_rays(premise: Side, conclusion: Side, sampler: Sampler, seconds: float) -> Judgement | None:
    r"""A refutation out along rays from a simple point inside the premise to its boundary, in the diagonal directions
    (every sign of (1, ..., 1)) and along each axis: ``x^2 + y^2 < 10^{-12} \Rightarrow |x| + |y| < 10^{-6}`` holds on
    both axes and fails only near the diagonal close to the edge (x = y = 7 \cdot 10^{-7}), a disc no sampled point
    and no simple edge point reaches (it was confirmed: probe helper-125). Along each ray the scales ±m·10^k are
    tried, then the boundary is halved toward where the premise ends; each point is checked at 150 digits."""
    symbols = list(sampler.symbols)
    if premise.kind == "set" or not 1 < len(symbols) <= 4:
        return None
    start = clock()
    centre = next((p for p in sampler.simple_points(limit=30) if set(p) == set(symbols) and _inside(premise, sampler, p)), None)
    if centre is None:
        return None
    diagonals = [dict(zip(symbols, signs, strict=True)) for signs in itertools.product((1, -1), repeat=len(symbols))]
    axes = [{s: (sign if s is t else 0) for s in symbols} for t in symbols for sign in (1, -1)]
    for direction in diagonals + axes:
        inside, outside = None, None
        for scale in _RAY_SCALES:
            if clock() - start > seconds:
                return None
            point = {s: centre[s] + scale * direction[s] for s in symbols}
            if not _inside(premise, sampler, point):
                outside = scale
                break
            inside = scale
            if implications.fails_there(premise, conclusion, point, sampler):
                return implications.refuted_at(point, "evaluation (out along a ray from a point inside the premise)")
        if inside is None or outside is None:
            continue
        for _ in range(_RAY_HALVINGS):  # the failure may sit in the last sliver before the edge
            middle = (inside + outside) / 2
            point = {s: centre[s] + middle * direction[s] for s in symbols}
            if _inside(premise, sampler, point):
                inside = middle
                if implications.fails_there(premise, conclusion, point, sampler):
                    return implications.refuted_at(point, "evaluation (out along a ray to the edge of the premise)")
            else:
                outside = middle
    return None


def _inside(premise: Side, sampler: Sampler, point: dict) -> bool:
    try:
        return sampler.admissible(point) and bool(premise.member(point, None))
    except (TypeError, ValueError, AttributeError, Unevaluable):
        return False


def _nudged(point: dict, premise: Side, sampler: Sampler) -> list[dict]:
    """``point`` moved a little toward each of up to three simple points where the premise holds."""
    inside = []
    for q in sampler.simple_points(limit=30):
        if set(q) == set(point) and _inside(premise, sampler, q):
            inside.append(q)
        if len(inside) == 3:
            break
    return [{s: v + t * (q[s] - v) for s, v in point.items()} for t in _NUDGES for q in inside]


def _difference_on(relation: Any, x: sp.Symbol, low: Any, high: Any) -> tuple[Any, Any] | None:
    """The interval enclosure of a relation's lhs - rhs (in x alone) on [low, high]; None where there is none."""
    from derivax.interval import enclosure_on

    difference = relation.lhs - relation.rhs
    return enclosure_on(difference, x, low, high) if difference.free_symbols <= {x} else None


def _throughout(relation: Any, x: sp.Symbol, low: Any, high: Any) -> tuple[bool, bool]:
    """(holds, fails): whether the relation in x surely holds, or surely fails, at every point of [low, high], by the
    interval enclosure of the difference of its sides (:func:`derivax.interval.enclosure_on`); (False, False) where
    neither is sure."""
    if isinstance(relation, sp.And):
        parts = [_throughout(part, x, low, high) for part in relation.args]
        return all(h for h, _ in parts), any(f for _, f in parts)
    if not isinstance(relation, sp.core.relational.Relational) or not all(isinstance(e, sp.Expr) for e in relation.args):
        return False, False
    ends = _difference_on(relation, x, low, high)
    if ends is None:
        return False, False
    lo, hi = ends
    op = relation.rel_op
    holds = {"<": hi < 0, "<=": hi <= 0, ">": lo > 0, ">=": lo >= 0, "!=": lo > 0 or hi < 0, "==": lo == hi == 0}.get(op, False)
    fails = {"<": lo >= 0, "<=": lo > 0, ">": hi <= 0, ">=": hi < 0, "==": lo > 0 or hi < 0}.get(op, False)
    return bool(holds), bool(fails)


def _rounded_value(conclusion: Side, x: sp.Symbol, low: Any, high: Any) -> bool:
    """Whether an equation of the conclusion misses by no more than one unit in the last decimal written in it
    (``x = 0.739`` of the root 0.7390851...): a rounding, which a reader takes as the value meant."""
    relation = conclusion.obj
    decimals = [len(m.group(1)) for m in re.finditer(r"\d\.(\d+)", conclusion.text)]
    if not isinstance(relation, sp.Equality) or not decimals:
        return False
    ends = _difference_on(relation, x, low, high)
    return ends is None or min(abs(ends[0]), abs(ends[1])) <= mpmath.mpf(10) ** -max(decimals)


def at_a_root_of_the_premise(premise: Side, conclusion: Side, sampler: Sampler, seconds: float) -> Judgement | None:
    r"""A refutation of ``A \Rightarrow B`` where A is one equation in one variable whose roots no formula gives
    (``x = \cos x``, ``x e^x = 1``): each root that a change of sign on [-20, 20] finds
    (:func:`derivax.slivers._crossings`) is enclosed in a segment of relative width 2·10^{-16} where the difference of
    A's sides changes sign (each end certified by interval arithmetic) and is continuous, so A holds at a point inside
    (the intermediate value theorem); B failing on the whole segment (its interval enclosure) refutes. Never a
    confirmation: roots past [-20, 20] are not looked for. The point shown is inside the segment, not the root."""
    from derivax.compare import _inside_segment  # compare uses this module: imported when first needed
    from derivax.interval import continuous_on, enclosure
    from derivax.slivers import _crossings

    equation = premise.obj
    if premise.kind != "equation" or not isinstance(equation, sp.Equality) or len(sampler.symbols) != 1:
        return None
    (x,) = sampler.symbols
    gap = equation.lhs - equation.rhs
    if not isinstance(gap, sp.Expr) or gap.free_symbols != {x} or sampler.integers:
        return None
    started = clock()
    try:
        with time_limit(seconds):
            roots = _crossings(gap, x)
    except Exception:  # TimeLimitExceeded included: no root, no refutation
        return None
    rounded = None
    for root in dict.fromkeys(roots):
        if clock() - started > seconds:
            return None
        half = sp.Rational(1, 10**16) * max(1, abs(root))  # wide enough for a short fraction inside, to plug in
        low, high = root - half, root + half
        if not sp.Interval(low, high).is_subset(sampler.domains.of(x)):
            continue
        if not all(_throughout(c, x, low, high)[0] for c in sampler.domains.conditions):
            continue  # a condition of the domain not surely met on the segment
        signs = [enclosure(gap.xreplace({x: end}), 60) for end in (low, high)]
        if any(e is None or e[0] <= 0 <= e[1] for e in signs) or (signs[0][0] > 0) == (signs[1][0] > 0):
            continue
        if not continuous_on(gap, x, low, high) or not _throughout(conclusion.obj, x, low, high)[1]:
            continue
        if _rounded_value(conclusion, x, low, high):  # x = 0.739 after x = \cos x: the root rounded as written
            shown = mpmath.nstr(mpmath.mpf(root.p) / root.q, 17)
            rounded = f"the premise's root {shown} (found by a change of sign) and the conclusion agree to within one unit in the "
            rounded += "last digit written: truncated, or a rounding slip"
            continue
        inside, low_shown, high_shown = _inside_segment(low, high)
        note = (
            f"the premise's sides are equal at a point between {low_shown} and {high_shown} (a change of sign, certified, "
            "of a continuous difference: the intermediate value theorem), and the conclusion fails on all of that segment "
            f"(interval arithmetic); {x} = {inside} is a point inside, not the root itself"
        )
        return implications.refuted_at({x: inside}, "a root of the premise found by a change of sign", note)
    return None if rounded is None else Judgement(Verdict.UNDECIDED, "a root of the premise found by a change of sign", rounded)
