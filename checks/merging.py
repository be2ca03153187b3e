r"""Two symbols that a statement uses only through their product, read as one.

:math:`(1 - \eta\lambda)^t \le e^{-\eta\lambda t}` for :math:`0 < \eta\lambda < 2` is a question about
:math:`u = \eta\lambda` alone. Sampled in (eta, lambda, t), the points where it fails (1 < u < 2 and a whole t, where
the base is negative) are a thin set that random points and the guided search missed; in (u, t) the searches that
work in one symbol at a time (solving the negation, the whole exponents) reach them. The two questions are the same:
every value of u is some eta times lambda (both real, or both positive, as their domains say), and every point of
the original gives a u. A counterexample in u is shown back in the original symbols, with lambda = 1.
"""

from __future__ import annotations

import itertools
from typing import Any

import sympy as sp

from derivax.limits import TimeLimitExceeded, time_limit
from derivax.sampling import Domains, domains_from, integer_symbols

__all__ = ["Merged", "RatioSlice", "merged_product", "ratio_slices", "unmerged_point"]

_PAIRS = 6


class Merged:
    """The statement in the product's symbol: its sides, its domains, and the pair it stands for."""

    def __init__(self, lhs: Any, rhs: Any, domains: Domains, pair: tuple[sp.Symbol, sp.Symbol], product: sp.Symbol):
        self.lhs, self.rhs, self.domains, self.pair, self.product = lhs, rhs, domains, pair, product

    def describe(self) -> str:
        a, b = self.pair
        return f"{a.name} and {b.name} appear only as their product, judged as one symbol {self.product.name}"


def _pairs(exprs: list[Any]) -> list[tuple[sp.Symbol, sp.Symbol]]:
    """Pairs of symbols multiplied together somewhere in ``exprs``, in a fixed order."""
    found: dict[tuple[sp.Symbol, sp.Symbol], None] = {}
    for expr in exprs:
        for node in sp.preorder_traversal(expr):
            if isinstance(node, sp.Mul):
                plain = sorted({f for f in node.args if isinstance(f, sp.Symbol)}, key=lambda s: s.name)
                for pair in itertools.combinations(plain, 2):
                    found[pair] = None
    return list(found)[:_PAIRS]


def _product_domain(domains: Domains, a: sp.Symbol, b: sp.Symbol) -> sp.Set | None:
    """Where the product ranges: all the reals for two real symbols, the positive reals for two positive ones, or
    None for any other pair of domains (the image would need working out)."""
    da, db = domains.of(a), domains.of(b)
    if da is sp.S.Reals and db is sp.S.Reals:
        return sp.S.Reals
    positive = sp.Interval.open(0, sp.oo)
    if da == positive and db == positive:
        return positive
    return None


def merged_product(lhs: Any, rhs: Any, domains: Domains) -> Merged | None:
    r"""The statement with a pair of symbols that it uses only through their product replaced by one symbol, or None.

    Only where the sides and every condition of ``domains`` lose both symbols under the substitution, neither is a
    sum's bound or a count, and their domains are both the reals or both the positive reals."""
    exprs = [e for e in (lhs, rhs, *domains.conditions) if isinstance(e, sp.Basic)]
    if any(not isinstance(e, sp.Basic) for e in (lhs, rhs)) or any(e.has(sp.Derivative, sp.Integral, sp.Limit) for e in exprs):
        return None
    counted = integer_symbols(lhs, rhs)
    for a, b in _pairs(exprs):
        if a in counted or b in counted:
            continue
        where = _product_domain(domains, a, b)
        if where is None:
            continue
        product = sp.Symbol(f"{a.name}*{b.name}", **({"positive": True} if where != sp.S.Reals else {}))
        try:
            with time_limit(1.0):
                merged = [e.subs(a * b, product) for e in exprs]
        except (TimeLimitExceeded, TypeError, ValueError, RecursionError):
            continue
        if any(a in e.free_symbols or b in e.free_symbols for e in merged):
            continue
        back = [m.xreplace({product: a * b}) for m in merged]
        if any(m != e and not _same(m, e) for m, e in zip(back, exprs, strict=True)):
            continue  # the substitution changed the statement (SymPy's subs is algebraic): keep the original
        sets = {s: d for s, d in domains.sets.items() if s not in (a, b)}
        stated = domains_from(merged[2:], [product])
        sets.update(stated.sets)
        if where != sp.S.Reals:
            sets[product] = sets.get(product, sp.S.Reals).intersect(where)
        return Merged(merged[0], merged[1], Domains(sets, stated.conditions, domains.both_defined), (a, b), product)
    return None


def _same(a: Any, b: Any) -> bool:
    """Two expressions equal by expansion; two conditions only as the same relation of equal sides (a condition that
    the substitution turned into True or False is not the same)."""
    if isinstance(a, sp.Expr) and isinstance(b, sp.Expr):
        return sp.expand(a - b) == 0
    if isinstance(a, sp.core.relational.Relational) and type(a) is type(b):
        return all(_same(x, y) for x, y in zip(a.args, b.args, strict=True))
    return False


def unmerged_point(point: dict, merged: Merged) -> dict:
    """A point in the product's symbol as a point in the pair: the first symbol takes the product, the second 1."""
    a, b = merged.pair
    out = {s: v for s, v in point.items() if s != merged.product}
    if merged.product in point:
        out[a], out[b] = point[merged.product], sp.Integer(1)
    return out


class RatioSlice:
    """The statement on a slice: ``b = 1`` of a pair it uses only through ``a/b``, or the values ``at`` of the names
    that bound others (:func:`_scale_slices`); its sides and domains."""

    def __init__(self, lhs: Any, rhs: Any, domains: Domains, pair: tuple[sp.Symbol, sp.Symbol] | None, at: dict | None = None):
        self.lhs, self.rhs, self.domains, self.pair = lhs, rhs, domains, pair
        self.at = at if at is not None else {pair[1]: sp.Integer(1)}  # the values the slice puts in

    def describe(self) -> str:
        values = ", ".join(f"{s.name} = {v}" for s, v in self.at.items())
        if self.pair is None:
            names = ", ".join(s.name for s in self.at)
            return f"{names} {'bounds' if len(self.at) == 1 else 'bound'} other names: searched again with {values}"
        a, b = self.pair
        return f"{a.name} and {b.name} appear only as {a.name}/{b.name}: searched again with {values}"


def ratio_slices(lhs: Any, rhs: Any, domains: Domains) -> list[RatioSlice]:
    r"""For each pair of symbols the sides use only through their ratio a/b (``(1 - \mu/L)^k \le L/(\mu k^2)``), the
    statement on the slice b = 1, where b may be 1 (its domain holds 1 and the conditions keep a value for a there).

    Sampled in (mu, L, k), the points that break such a bound (mu/L near 1/k, k large) are a thin set the search
    missed, and a false rate bound was confirmed (probe helper-195 F1, F6, F27); on the slice they are a band in
    (mu, k). A point of the slice is a point of the statement (b = 1 put in everywhere, the conditions too), so a
    failure found there is a counterexample as it stands; a slice that holds says nothing of the other values of b."""
    exprs = [e for e in (lhs, rhs) if isinstance(e, sp.Basic)]
    if len(exprs) != 2 or any(e.has(sp.Derivative, sp.Integral, sp.Limit, sp.Sum, sp.Product) for e in exprs):
        return []
    counted = integer_symbols(lhs, rhs)
    symbols = sorted(set().union(*(e.free_symbols for e in exprs)) - set(counted), key=lambda s: s.name)
    out = []
    for a, b in itertools.permutations(symbols, 2):
        if len(out) >= _PAIRS or domains.of(b).contains(1) is not sp.true:
            continue
        ratio = sp.Dummy("ratio", positive=True)
        try:
            with time_limit(0.5):
                reduced = [e.xreplace({a: ratio * b}) for e in exprs]
                if any(b in r.free_symbols for r in reduced):
                    reduced = [sp.powsimp(sp.cancel(r), force=True) for r in reduced]
                if any(b in r.free_symbols for r in reduced):
                    continue
                on_slice = [e.xreplace({b: sp.Integer(1)}) for e in exprs]
                conditions = tuple(c.xreplace({b: sp.Integer(1)}) if isinstance(c, sp.Basic) else c for c in domains.conditions)
        except (TimeLimitExceeded, TypeError, ValueError, RecursionError, ZeroDivisionError):
            continue
        if any(c is sp.false for c in conditions):
            continue
        sets = {s: d for s, d in domains.sets.items() if s != b}
        stated = domains_from([c for c in conditions if c is not sp.true], [s for s in symbols if s != b])
        for s, d in stated.sets.items():
            sets[s] = sets.get(s, sp.S.Reals).intersect(d)
        if any(d is sp.S.EmptySet for d in sets.values()):
            continue
        out.append(RatioSlice(on_slice[0], on_slice[1], Domains(sets, stated.conditions, domains.both_defined), (a, b)))
    return out + _scale_slices(lhs, rhs, domains, {r.pair[1] for r in out})


def _scale_slices(lhs: Any, rhs: Any, domains: Domains, taken: set) -> list[RatioSlice]:
    r"""The statement on the slice b = 1 of each symbol b that bounds two or more others in the conditions (the R of
    ``|a| \le R``, ``|b| \le 2R``, ``|c| \le 2R``): the boxes' corners are then numbers the searches reach, and ``a + b +
    c \le 4.99R`` (false at a = R, b = c = 2R) was confirmed while the same with R = 1 is refuted (probe helper-197 F21).
    As for a ratio, a point of the slice is a point of the statement."""
    symbols = sorted(set().union(*(e.free_symbols for e in (lhs, rhs) if isinstance(e, sp.Basic))), key=lambda s: s.name)
    values = {}
    for b in symbols:
        tied = [c for c in domains.conditions if isinstance(c, sp.Basic) and b in c.free_symbols and len(c.free_symbols) >= 2]
        value = _inside(domains.of(b))
        if b not in taken and len(tied) >= 2 and value is not None:
            values[b] = value
    # all together first (|v| \le R/(1 - \gamma), |u| \le R/(1 - \gamma): R = 1 and \gamma = 1/2 make the corners numbers),
    # then each alone
    choices = ([values] if len(values) > 1 else []) + [{b: v} for b, v in values.items()]
    out = []
    for chosen in choices[:_PAIRS]:
        try:
            with time_limit(0.5):
                sides = [e.xreplace(chosen) for e in (lhs, rhs)]
                conditions = [c.xreplace(chosen) if isinstance(c, sp.Basic) else c for c in domains.conditions]
                if any(c is sp.false for c in conditions):
                    continue
                rest = [s for s in symbols if s not in chosen]
                stated = domains_from([c for c in conditions if c is not sp.true], rest)
        except (TimeLimitExceeded, TypeError, ValueError, RecursionError, ZeroDivisionError):
            continue
        sets = {s: d for s, d in domains.sets.items() if s not in chosen}
        for s, d in stated.sets.items():
            sets[s] = sets.get(s, sp.S.Reals).intersect(d)
        if any(d is sp.S.EmptySet for d in sets.values()):
            continue
        out.append(RatioSlice(sides[0], sides[1], Domains(sets, stated.conditions, domains.both_defined), None, chosen))
    return out


def _inside(where: sp.Set) -> Any:
    """A plain value inside a symbol's domain: 1 where it holds 1, else the middle of a bounded interval; None otherwise."""
    if where.contains(1) is sp.true:
        return sp.Integer(1)
    if isinstance(where, sp.Interval) and where.start.is_finite and where.end.is_finite:
        return (where.start + where.end) / 2
    return None
