r"""Where symbols range (the assumptions as domains) and the one sampler every decider draws from.

:func:`domains_from` turns conditions such as :math:`x > 0`, :math:`0 < \beta < 1` into a set per
symbol where SymPy can solve them, and keeps the rest (:math:`x < y`) as conditions a point must
satisfy. :class:`Sampler` draws points inside those domains, in this order of use:

* *simple points* first (0, 1, -1, 1/2, 2, ...), so that a witness is one a student can check by
  hand, simplest first;
* *near* points, uniform in a box of half-width 3 or 12 around the origin;
* *far* points, magnitudes log-uniform up to :data:`FAR` (a statement that holds near the origin
  only, such as :math:`\min(x, 20) = x`, fails out there).

Symbols used as bounds of sums and products (:math:`\sum_{i=1}^{n}`) range over the positive
integers. The same seed gives the same points in every command, so ``check``, ``equiv``,
``grade`` and ``steps`` see the same evidence.
"""

from __future__ import annotations

import decimal
import functools
import itertools
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import mpmath
import sympy as sp
from sympy.functions.elementary.hyperbolic import HyperbolicFunction
from sympy.functions.elementary.trigonometric import TrigonometricFunction

from derivax.codegen import undefined_functions
from derivax.latex import plain_text
from derivax.limits import TimeLimitExceeded
from derivax.realeval import Unevaluable, faithful_float, nnf, truth, value_at

__all__ = [
    "FAR",
    "NEAR",
    "Domains",
    "Sampler",
    "domain_pieces",
    "domains_from",
    "first_whole_numbers",
    "integer_symbols",
    "plain_number",
    "point_json",
    "rounded_points",
    "shown_at",
    "sum_bounds",
]

NEAR = 3.0
FAR = 1e9
SIMPLE = [0, 1, -1, 2, -2, sp.Rational(1, 2), sp.Rational(-1, 2), 3, -3, sp.Rational(1, 3), 5, -5, 10, -10, 100, -100, 1000, -1000]
# Angles where trigonometric functions take their extreme and special values (the simple points of an angle)
ANGLES = [sp.pi * sp.Rational(k, 12) for k in (6, 3, -6, 12, 4, 2, 9, -3, 8, 18, 24, 10, -12, 1)]


def angle_symbols(*exprs: Any) -> frozenset[sp.Symbol]:
    """The symbols inside trigonometric functions of ``exprs``, and every symbol of one that holds pi (x/pi + 1/2)."""
    found: set[sp.Symbol] = set()
    for expr in exprs:
        if not isinstance(expr, sp.Basic):
            continue
        if expr.has(sp.pi):
            found |= {s for s in expr.free_symbols if isinstance(s, sp.Symbol)}
        for trig in expr.atoms(TrigonometricFunction, HyperbolicFunction):
            found |= {s for s in trig.free_symbols if isinstance(s, sp.Symbol)}
    return frozenset(found)


@dataclass(frozen=True)
class Domains:
    """Where each symbol may range, and conditions tying several symbols together."""

    sets: dict[sp.Symbol, sp.Set] = field(default_factory=dict)
    conditions: tuple[Any, ...] = ()
    # narrowed already to where both sides of a comparison are real by their form (derivax.compare._where_both_real)
    both_defined: bool = False

    def of(self, symbol: sp.Symbol) -> sp.Set:
        return self.sets.get(symbol, sp.S.Reals)

    def as_conditions(self) -> list[Any]:
        """The domains as conditions again (each set that is not all the reals, then the conditions tying symbols)."""
        return [s.as_relational(x) for x, s in self.sets.items() if s != sp.S.Reals] + list(self.conditions)


def domains_from(assumptions: Iterable[Any], symbols: Iterable[sp.Symbol] = ()) -> Domains:
    """Turn conditions (relations, And/Or of them) into per-symbol domains where possible."""
    sets: dict[sp.Symbol, sp.Set] = {}
    conditions: list[Any] = []
    for condition in assumptions:
        parts = condition.args if isinstance(condition, sp.And) else (condition,)
        for part in parts:
            free = part.free_symbols
            if isinstance(part, sp.Contains) and len(free) == 1 and isinstance(part.args[1], sp.Set):
                (x,) = free  # x in Z (a context file's integer domain): the set itself
                sets[x] = part.args[1].intersect(sets.get(x, sp.S.Reals))
                continue
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


def contradiction(conditions: Iterable[Any]) -> str:
    r"""Why ``conditions`` hold nowhere ('' where each name keeps some value): a name they leave no value (x > 0 and
    x < 0). Anything follows from them, so a verdict under them says nothing: ``x > 1 \Rightarrow x > 5`` was proved,
    and graded correct against a key stated under them (probe helper-165)."""
    try:
        return emptied_domains(domains_from([c for c in conditions if isinstance(c, sp.Basic)]))
    except Exception:  # a condition SymPy cannot take apart: nothing said
        return ""


def emptied_domains(domains: Domains) -> str:
    """Why ``domains`` leave a name no value ('' where they do not)."""
    emptied = sorted(str(x) for x, values in domains.sets.items() if values is sp.S.EmptySet)
    return f"the assumptions leave no value for {', '.join(emptied)} (they contradict each other): nothing to check" if emptied else ""


def integer_symbols(*exprs: Any) -> set[sp.Symbol]:
    """Symbols used as bounds of sums and products, or counted by a factorial or a binomial (``(2n)!``,
    ``\\binom{n}{k}``, ``n!!``: n! of n = 1/2 is a Gamma value no one means): they range over the positive integers."""
    found: set[sp.Symbol] = set()
    for expr in exprs:
        for node in sp.preorder_traversal(expr) if isinstance(expr, sp.Basic) else ():
            if isinstance(node, sp.Sum | sp.Product):
                for _, lo, hi in node.limits:
                    found |= getattr(hi, "free_symbols", set()) | getattr(lo, "free_symbols", set())
            elif isinstance(node, sp.factorial | sp.factorial2 | sp.binomial):
                found |= {a for arg in node.args for a in _counted(arg)}
    return found


def sum_bounds(*exprs: Any) -> set[sp.Symbol]:
    """The symbols in the bounds of the sums and products of ``exprs`` (n of \\sum_{k=0}^{n-1})."""
    return {
        s
        for expr in exprs
        if isinstance(expr, sp.Basic)
        for node in expr.atoms(sp.Sum, sp.Product)
        for _, *ends in node.limits
        for end in ends
        for s in getattr(end, "free_symbols", ())
    }


def first_whole_numbers(*exprs: Any) -> dict[sp.Symbol, int]:
    r"""The least value of each sum's or product's bound n at which every such range in ``exprs`` has a term:
    0 for :math:`\sum_{k=0}^{n}`, 1 for :math:`\sum_{k=1}^{n}` and :math:`\sum_{k=0}^{n-1}` (never below 0). Only
    bounds n + c over a whole-number start count; a symbol with none of them is left out (1, as for a count)."""
    floors: dict[sp.Symbol, int] = {}
    for expr in exprs:
        for node in sp.preorder_traversal(expr) if isinstance(expr, sp.Basic) else ():
            if not isinstance(node, sp.Sum | sp.Product):
                continue
            for _, lo, hi in node.limits:
                free = getattr(hi, "free_symbols", set())
                if len(free) != 1 or not getattr(lo, "is_Integer", False):
                    continue
                (n,) = free
                shift = hi - n
                if shift.is_Integer:
                    floors[n] = max(floors.get(n, 0), int(lo - shift))
    return {n: max(v, 0) for n, v in floors.items()}


def ranges_forwards(*exprs: Any) -> list[Any]:
    r"""The conditions under which every sum's or product's range in ``exprs`` whose ends hold two symbols or more runs
    forwards or is empty (``T - 1 >= t`` for :math:`\sum_{k=t+1}^{T-1}`): a range as written is read as one that does
    not run backwards, and SymPy's value where it does (Karr's convention, ``-\sum_{k=T}^{t}``) is no sum of the terms
    (:math:`\sum_{k=t+1}^{T-1} \gamma^{k-t-1} \ge 0` was refuted at T = t = 1 with -2; probe helper-186 F11). A bound in
    one symbol keeps its first whole number instead (:func:`first_whole_numbers`)."""
    found: list[Any] = []
    for expr in exprs:
        for node in sp.preorder_traversal(expr) if isinstance(expr, sp.Basic) else ():
            if isinstance(node, sp.Sum | sp.Product):
                for _, lo, hi in node.limits:
                    ends = getattr(lo, "free_symbols", set()) | getattr(hi, "free_symbols", set())
                    condition = sp.Ge(hi - lo + 1, 0) if len(ends) >= 2 else sp.true
                    if condition not in (sp.true, sp.false) and condition not in found:
                        found.append(condition)
    return found


def _counted(arg: Any) -> set[sp.Symbol]:
    """The symbol a factorial's argument counts with: n of n, 2n, n - 1, 2n + 1 (one symbol, integer coefficients)."""
    free = getattr(arg, "free_symbols", set())
    if len(free) != 1:
        return set()
    (symbol,) = free
    poly = sp.Poly(arg, symbol) if arg.is_polynomial(symbol) else None
    return {symbol} if poly is not None and poly.degree() == 1 and all(c.is_integer for c in poly.all_coeffs()) else set()


def domain_pieces(dom: sp.Set, half_width: float) -> list[tuple[float, float, bool]]:
    """Sampling pieces (low, high, integer?) of a domain, cut to a finite box."""
    inside = dom.intersect(sp.Interval(-half_width, half_width))
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


@functools.lru_cache(maxsize=8192, typed=True)
def _contains(dom: sp.Set, v: Any) -> bool:
    """``v`` is certainly in ``dom``, remembered: SymPy's ``contains`` on a range or an interval with
    a rational takes about a millisecond, and every comparison asks it again for the same simple
    numbers (0, 1, 1/2, ...) and the same domains (typed: 2 and 2.0 are asked apart)."""
    return dom.contains(v) is sp.true


@dataclass
class Sampler:
    """Draws points (symbol -> number) from the symbols' domains; see the module docstring."""

    symbols: tuple[sp.Symbol, ...]
    domains: Domains = field(default_factory=Domains)
    integers: frozenset[sp.Symbol] = frozenset()
    seed: int = 0
    largest: int = 12  # the largest value of a sum's bound (12: the terms of a sum without a closed form are added up)
    angles: frozenset[sp.Symbol] = frozenset()  # symbols of trigonometric functions (or beside pi): simple angles too
    # a sum's bound's least value where every range has a term (first_whole_numbers); 1 for a bound not in it
    first: dict[sp.Symbol, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)
        self._pieces: dict[tuple[sp.Symbol, float], list[tuple[float, float, bool]]] = {}
        self._intervals: dict[sp.Symbol, list[tuple[float, float, bool, bool]] | None] = {}
        self._conditions = [nnf(c) for c in self.domains.conditions if c.free_symbols <= set(self.symbols)]
        self._ranges = {s for s in self.symbols if s in self.integers or self.domains.of(s) is not sp.S.Reals}

    def in_domain(self, s: sp.Symbol, v: Any) -> bool:
        dom = self.domains.of(s)
        # a sum's bound: a whole number, small enough to add up, from where every sum has a term (n = 0 for the sum from
        # k = 0 to n: \sum_{k=0}^n \binom{n}{k}(-1)^k = 0 was confirmed, and fails there), else from 1; 0 too where the
        # domain starts there (n >= 0 stated), not where it merely holds 0 (ln(n + 1) is defined for n > -1: H_n > ln(n + 1)
        # was refuted at the empty sum, n = 0)
        if s in self.integers:
            stated = dom is not sp.S.Reals and getattr(dom, "inf", None) == 0 and _contains(dom, sp.Integer(0))
            lowest = 0 if stated else self.first.get(s, 1)
            if not (getattr(v, "is_Integer", False) and lowest <= v <= self.largest):
                return False
        if dom is sp.S.Reals:
            return True
        intervals = self._intervals_of(s, dom)
        if intervals is not None and getattr(v, "is_Float", False):  # the common case, without SymPy's contains
            x = float(v)
            if any(x in (lo, hi) for lo, hi, _, _ in intervals):
                return _contains(dom, v)  # at an end's float: the end may be irrational (pi), the float just outside
            return any(lo < x < hi for lo, hi, _, _ in intervals)
        return _contains(dom, v)

    def _intervals_of(self, s: sp.Symbol, dom: sp.Set) -> list[tuple[float, float, bool, bool]] | None:
        """A domain made of intervals as (low, high, open below, open above) floats; None for anything else."""
        if s not in self._intervals:
            parts = dom.args if isinstance(dom, sp.Union) else (dom,)
            if all(isinstance(p, sp.Interval) for p in parts):
                self._intervals[s] = [(float(p.inf), float(p.sup), bool(p.left_open), bool(p.right_open)) for p in parts]
            else:
                self._intervals[s] = None
        return self._intervals[s]

    def pieces(self, s: sp.Symbol, half_width: float) -> list[tuple[float, float, bool]]:
        """:func:`domain_pieces` of the symbol's domain, computed once per width."""
        key = (s, half_width)
        if key not in self._pieces:
            self._pieces[key] = domain_pieces(self.domains.of(s), half_width)
        return self._pieces[key]

    def ends(self, s: sp.Symbol, numbers: list) -> list:
        """The finite rational ends of the symbol's domain, or beside an open one a thousandth of its size inside,
        that are no simple number (3.2 of 0 <= x <= 3.2; -0.999e-9 of x > -1e-9): where a relation that holds
        inside may stop holding (arccos(cos x) = x fails past pi only, |x| = x below 0 only)."""
        dom = self.domains.of(s)
        if s in self.integers or dom is sp.S.Reals:
            return []
        ends = []
        for part in dom.args if isinstance(dom, sp.Union) else (dom,):
            if not isinstance(part, sp.Interval):
                continue
            for end, is_open, inward in ((part.inf, part.left_open, 1), (part.sup, part.right_open, -1)):
                if end.is_finite and end.is_Rational:
                    ends.append(end + inward * (abs(end) if end else 1) / 1000 if is_open else end)
        return [e for e in dict.fromkeys(ends) if e not in numbers and self.in_domain(s, e)][:4]

    def members(self, s: sp.Symbol, numbers: list) -> list:
        r"""The values a domain lists one by one that are no simple number (0.9 of ``\gamma = 0.9`` assumed): as exact
        rationals, never drawn as floats near them (0.9 drawn as a float was outside {9/10}, and every check under
        ``--assume '\gamma = 0.9'`` had no point: probe helper-186 F18)."""
        dom = self.domains.of(s)
        listed = [v for part in (dom.args if isinstance(dom, sp.Union) else (dom,)) if isinstance(part, sp.FiniteSet) for v in part]
        return [v for v in listed if v.is_real and v not in numbers and self.in_domain(s, v)][:8]

    def simple_points(self, limit: int = 30, symbols: Sequence[sp.Symbol] | None = None) -> list[dict]:
        """Points made of simple numbers (0, 1, -1, 1/2, ...) inside the domains, simplest first."""
        symbols = self.symbols if symbols is None else tuple(symbols)
        numbers = [sp.sympify(v, strict=True) for v in SIMPLE]
        # |\sin x| < 1 fails at pi/2 alone, \lceil \cos^2 x \rceil = 1 there too: no random point finds such a place
        angled = [v for pair in itertools.zip_longest(ANGLES, numbers) for v in pair if v is not None]
        choices = [
            [v for v in (angled if s in self.angles else numbers) if self.in_domain(s, v)]
            + self.ends(s, numbers)
            + self.members(s, numbers)
            for s in symbols
        ]
        if not all(choices):
            return []
        combos = itertools.islice(itertools.product(*[range(len(c)) for c in choices]), 4000)
        ranked = sorted(combos, key=lambda idx: (sum(idx), idx))[:limit]
        return [{s: c[i] for s, c, i in zip(symbols, choices, idx, strict=True)} for idx in ranked]

    def _value(self, s: sp.Symbol, far: bool) -> Any:
        if s in self.integers:
            return sp.Integer(self.rng.randint(self.first.get(s, 1), 40 if far else 12))
        if far:
            magnitude = 10 ** self.rng.uniform(0, 9)
            lo, hi, integer = self.rng.choice(self.pieces(s, FAR) or [(-FAR, FAR, False)])
            value = min(max(self.rng.choice((-1, 1)) * magnitude, lo), hi)
        else:
            scale = NEAR if self.rng.random() < 0.67 else NEAR * 4
            pieces = self.pieces(s, scale * 4) or [(-scale, scale, False)]
            lo, hi, integer = self.rng.choice(pieces)
            if max(lo, -scale) <= min(hi, scale):  # stay near the origin where the piece allows
                lo, hi = max(lo, -scale), min(hi, scale)
            value = self.rng.uniform(lo, hi)
        return sp.Integer(round(value)) if integer else sp.Float(value, 17)

    def point(self, far: bool = False) -> dict:
        return {s: self._value(s, far) for s in self.symbols}

    def points(self, count: int, simple: int = 30) -> Iterable[dict]:
        """Simple points, then ``count`` drawn points (one in three far from the origin)."""
        yield from self.simple_points(simple)
        for i in range(count):
            yield self.point(far=i % 3 == 2)

    def admissible(self, point: dict) -> bool:
        """Is the point inside every symbol's domain, and does it satisfy the conditions that tie
        several symbols together? (A point where a condition cannot be computed is not.)"""
        if not all(self.in_domain(s, v) for s, v in point.items() if s in self._ranges):
            return False
        try:
            return all(truth(c, point) for c in self._conditions)
        except Unevaluable:
            return False


def _shorter(v: Any, digits: int, rounding: str) -> Any:
    """A float rounded (or cut toward zero) to ``digits`` significant digits, as an exact rational."""
    x = decimal.Decimal(repr(float(v)))
    if not x.is_finite() or x == 0:
        return v
    exponent = x.adjusted() - digits + 1
    return sp.Rational(str(x.quantize(decimal.Decimal(1).scaleb(exponent), rounding=rounding)))


def rounded_points(point: dict) -> list[dict]:
    """Shorter spellings of a float point (1, 2, 3, 4, 6 significant digits), as exact rationals, simplest
    first: rounded, and cut toward zero (so that -4.999999995 in an open domain |w| < 5 becomes -4.9,
    not the excluded -5)."""
    out = []
    for digits in (1, 2, 3, 4, 6):
        for rounding in (decimal.ROUND_HALF_EVEN, decimal.ROUND_DOWN):
            out.append({s: _shorter(v, digits, rounding) if isinstance(v, sp.Float) else v for s, v in point.items()})
    return out


def plain_number(v: Any) -> Any:
    """A point's coordinate for JSON and messages: an int for an integer, else a float (a str if neither)."""
    v = sp.sympify(v, strict=True)
    if v.is_Integer:
        return int(v)
    if not (v.is_Rational or v.is_Float):  # SymPy's float() evaluates at 15 digits: log(1 + 10^{-40})/2 + 10^{-40}/2 gave 5e-41
        try:
            with mpmath.workdps(40):
                value = value_at(v, {})
            if isinstance(value, mpmath.mpf) and mpmath.isfinite(value):
                return faithful_float(value)
        except (TypeError, ValueError, ArithmeticError, Unevaluable):
            pass
    try:
        return float(v)
    except (TypeError, ValueError):
        return str(v)


def point_json(point: dict) -> tuple[dict[str, Any], dict[str, str]]:
    """A point as ``({name: number}, {name: exact LaTeX})``, names in order: how every witness shows it."""
    names = sorted(point, key=lambda s: s.name)
    return {s.name: plain_number(point[s]) for s in names}, {s.name: _exact_latex(point[s]) for s in names}


def shown_at(point: dict, alone: str = "the one evaluation") -> str:
    """A point for a message, ``x = 1, y = 2`` (``alone`` where it has no coordinates: no symbols)."""
    return ", ".join(f"{k} = {v}" for k, v in point_json(point)[0].items()) or alone


def _exact_latex(value: Any) -> str:
    """A coordinate's exact LaTeX; past 100 characters its digits shortened (x = 10^{10000} was printed whole)."""
    value = sp.sympify(value, strict=True)
    if isinstance(value, sp.CRootOf):  # a cubic's root no radical writes (x^3 - 3x + 1): which root, and its digits
        return rf"\text{{root {value.index + 1} of }} {sp.latex(value.poly.as_expr())} \approx {plain_text(value.evalf(15))}"
    text = sp.latex(value) if not (value.is_Rational and max(abs(value.p), value.q).bit_length() > 400) else ""
    return text if text and len(text) <= 100 else plain_text(value)
