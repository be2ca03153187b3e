r"""Steps with indexed symbols and sums over an unstated or symbolic range, checked by instantiation.

A step such as ``\sum_k (a_k - y_k) x_k = \sum_k a_k x_k - \sum_k y_k x_k`` (the range of k is not
written: :mod:`derivax.latex` reads ``\sum_k`` as the opaque ``SumOver(body, k)``), or one with
``\sum_{i=1}^{n}`` and a symbolic n, is an identity about every size n. It is checked at n = 1..6:

- every index ranges over 1..n (an explicit ``\sum_{i=a}^{b(n)}`` over its own bounds at that n), a
  ``\sum_{k \ne j}`` leaves out k = j, and an index free in the step (the j of
  ``\frac{\partial}{\partial a_j} \sum_k y_k \ln a_k = y_j / a_j``) takes every value of the range;
- every entry gets a fresh symbol (``x_k`` at k = 2 is ``x_2``, the same symbol as a written ``x_2``);
- the two instances are compared by the one kernel, :func:`derivax.compare.compare` (exact where
  SymPy settles it, its sampling otherwise).

Verdicts: ``ok`` only if every size and every value of the free indices agrees; ``wrong`` only with a
witness (the size, the index values, the entries) and only where the reading is unambiguous; an index
free on one side only (``\sum_k x_k = x_k``) is ``undecided``, naming it, and so is a step whose
reading decides the verdict either way (only identical sides are ``ok`` then): an index both free and
bound (``w_k`` beside ``\sum_k w_k x_k``), an unstated range beside a stated one that is not 1..n.
Readings under which an identity still holds give ``ok`` but never ``wrong``: an unstated range beside
a symbol that may be the number of terms (``\frac{1}{n} \sum_k``), an unstated sum whose index is used
as a value (``\sum_w w^2`` reads it as an element: a fresh symbol per term), a name on one side only
(``C = \sum_k y_k \ln a_k`` defines C).
"""

from __future__ import annotations

import copy
import itertools
import random
import re
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import sympy as sp

from derivax.calculus import ENTRY, OVER_RANGE, derivative_done, entry_symbol
from derivax.compare import compare
from derivax.evidence import Counterexample, Judgement, Verdict
from derivax.limits import TimeLimitExceeded, clock
from derivax.sampling import domains_from

__all__ = ["SIZES", "IndexCheck", "check_with_indices", "has_indices", "indexed_judgement", "relations_by_size"]

SIZES = range(1, 7)  # n = 1..6
# Where the time runs out after this many whole sizes (1..5), they stand: the larger sizes of a slow step (softmax's
# derivative at n = 6) only ever took the time, and a step judged by the machine's load was ok or undecided by chance.
# Five, as (x_1 + ... + x_n)^d missing its terms of d distinct indices holds at n < d only: powers to 5 are covered.
ENOUGH_SIZES = 5
_CUT_SHORT = "the larger sizes not reached in the time"
_OPAQUE = tuple(OVER_RANGE)
_COUNT_LIKE = frozenset({"n", "N", "m", "M", "K", "d", "D", "T"})  # may be the number of terms of an unstated range
_MAX_INSTANCES = 200  # sizes x values of the free indices
_MAX_TERMS = 2_000  # terms of one sum at one size: \sum_{i=1}^{n + 10^9} is refused, not built
# (an accented family's entry too, \hat{y}_i read y_hat_i: the derivative by it left i free on one side: probe helper-188 F1)
_ENTRY = re.compile(r"(?P<stem>[A-Za-z]+(?:_(?:hat|bar|tilde|check|vec|dot|ddot))?)_(?P<idx>[a-z])(?P<sup>__\w+)?")
# W_{ij} read as the name W_ij: the entry (i, j) of a matrix the step also writes with two indices (W[i, k] in a sum)
_ENTRY_OF_TWO = re.compile(r"(?P<stem>[A-Za-z]+)_(?P<row>[a-z])(?P<col>[a-z])")


@dataclass(frozen=True)
class IndexCheck:
    """The outcome: status ok / wrong / undecided, the message, and for wrong the witness."""

    status: str
    message: str
    at: dict[str, Any] = field(default_factory=dict)
    lhs: Any = None
    rhs: Any = None


class _Unsupported(Exception):
    """An index written in a way this reading does not instantiate (x_{k+1}, a non-integer bound)."""


def _opaque(expr: Any) -> list[Any]:
    return [f for f in expr.atoms(sp.core.function.AppliedUndef) if f.func.__name__ in _OPAQUE]


def has_indices(expr: Any) -> bool:
    """Whether an expression has a sum or product over an unstated range, or over a range with a symbol in it."""
    if not isinstance(expr, sp.Basic):
        return False
    if _opaque(expr):
        return True
    if any(d.free_symbols for d in expr.atoms(sp.KroneckerDelta)):
        return True  # \delta_{jk} with j, k free: the entries a_j, a_k it relates are instantiated with them
    return any(limit[1].free_symbols or limit[2].free_symbols for s in expr.atoms(sp.Sum, sp.Product) for limit in s.limits)


# An entry whose index is shifted: x_{n+1} is read as the name x_nplus1 (x_{k-1} as x_kminus1).
_SHIFTED = re.compile(r"(?P<stem>[A-Za-z]+)_(?P<idx>[a-z]+)(?P<op>plus|minus)(?P<d>\d+)(?P<sup>__\w+)?")


def _shifted(name: str, sequences: set[str]) -> tuple[str, sp.Symbol, int] | None:
    """``x_nplus1`` of a sequence x -> (x, n, +1); None for any other name."""
    found = _SHIFTED.fullmatch(name)
    if not found or found["stem"] + (found["sup"] or "") not in sequences:
        return None
    shift = int(found["d"]) * (1 if found["op"] == "plus" else -1)
    return found["stem"] + (found["sup"] or ""), sp.Symbol(found["idx"]), shift


def _split(base: str) -> tuple[str, str]:
    """``z__L`` (z^L, an entry's upper index kept) -> (z, __L)."""
    stem, _, sup = base.partition("__")
    return stem, f"__{sup}" if sup else ""


def _entry(base: str, values: list[int]) -> sp.Symbol:
    if base.endswith("__") and len(values) == 1:  # x^{(i)}: the label family x__, its entry x__1 as written
        return entry_symbol(base, values[0])
    stem, sup = _split(base)
    return sp.Symbol(f"{stem}_{'_'.join(map(str, values))}{sup}")


class _Reading:
    """What the step's indices are: bound letters, sequences, free indices, the size symbol, the range."""

    def __init__(self, lhs: Any, rhs: Any):
        both = (lhs, rhs)
        self.opaque = [f for e in both for f in _opaque(e)]
        self.explicit = [s for e in both for s in e.atoms(sp.Sum, sp.Product)]
        self.bound: set[sp.Symbol] = set()
        for f in self.opaque:
            self.bound |= {a for a in f.args[1:] if isinstance(a, sp.Symbol)}
        for s in self.explicit:
            self.bound |= {limit[0] for limit in s.limits}
        self.sequences = {str(i.base) for e in both for i in e.atoms(sp.Indexed)}
        self.matrices = {str(i.base) for e in both for i in e.atoms(sp.Indexed) if len(i.indices) == 2}
        # a_j beside \delta_{jk}: an entry of a (the delta's letters are indices), as a_j beside a sum over a_k is
        deltas = {s.name for e in both for d in e.atoms(sp.KroneckerDelta) for s in d.free_symbols}
        for e in both:
            for s in e.free_symbols:
                found = _ENTRY.fullmatch(s.name) if isinstance(s, sp.Symbol) else None
                if found and found["idx"] in deltas:
                    self.sequences.add(found["stem"] + (found["sup"] or ""))
        sizes = {v for s in self.explicit for limit in s.limits for v in (limit[1].free_symbols | limit[2].free_symbols)}
        sizes -= self.bound
        if len(sizes) > 1:
            raise _Unsupported(f"the ranges depend on {len(sizes)} symbols ({', '.join(sorted(map(str, sizes)))})")
        self.size = next(iter(sizes), None)
        if self.size is not None and any(self.size == limit.args[1] for e in both for limit in e.atoms(sp.Limit)):
            # \lim_{N \to \infty} \sum_{t=1}^N a^t: N is the limit's variable, no size to instantiate (N = 2 inside the
            # limit compared two constants and flagged a right step)
            raise _Unsupported(f"the range runs to {self.size}, the variable of a limit: no size to instantiate")
        # (a range that runs to an outer sum's letter, the j <= i of \sum_{i=1}^n \sum_{j=1}^i, is the inner sum's own: its
        # bounds are put in with the outer letter's value at each instance)
        ranges = {
            (limit[1], limit[2])
            for s in self.explicit
            for limit in s.limits
            if (limit[1].free_symbols | limit[2].free_symbols) and not ((limit[1].free_symbols | limit[2].free_symbols) & self.bound)
        }
        self.ambiguous: list[str] = []
        self.counts: list[sp.Symbol] = []  # letters that may be the number of terms of an unstated range (n of 1/n \sum_k)
        # sums over shifted ranges of one size (\sum_{i=1}^{n-1}, \sum_{i=0}^{n-1} beside \sum_{i=1}^n): each instantiated
        # at its own bounds; only a free index or a sum with no stated range needs the one range of the step (checked below)
        self.shifted = len(ranges) > 1
        self.range = next(iter(ranges), None) if not self.shifted else None
        # \sum_{j=1}^3 \delta_{ij} s_j = s_i: every sum over one numeric range and no size symbol: the free indices range
        # over it too (at i = 4 the sum has no s_4, and the softmax Jacobian was wrong at n = 4, probe helper-136)
        numeric = {(limit[1], limit[2]) for s in self.explicit for limit in s.limits if not (limit[1].free_symbols | limit[2].free_symbols)}
        self.fixed: tuple[int, int] | None = None
        if self.size is None and self.range is None and len(numeric) == 1 and not self.opaque:
            lo, hi = next(iter(numeric))
            if lo.is_Integer and hi.is_Integer and 0 <= hi - lo < max(SIZES):
                self.fixed = (int(lo), int(hi))
        self.unclear: list[str] = []  # readings that change the verdict either way: neither ok nor wrong
        if self.opaque and self.range is not None and self.range != (sp.Integer(1), self.size):
            self.unclear.append("a sum with no stated range beside one over a range other than 1..n")
        # the families outside the unranged sums: in a stated sum, or as entries written out (a_1 + a_2 + a_3)
        apart = {f: sp.Integer(1) for f in self.opaque}
        outside = [e.xreplace(apart) for e in both if isinstance(e, sp.Basic)]
        ranged = {str(i.base) for e in outside for i in e.atoms(sp.Indexed)}
        ranged |= {m[1] for e in outside for x in e.free_symbols if (m := re.fullmatch(r"([A-Za-z]+)_\d+", getattr(x, "name", "")))}
        unranged = {str(i.base) for f in self.opaque for i in f.atoms(sp.Indexed)}
        if self.opaque and self.range is None and numeric and ranged & unranged:
            # (only where a family is summed both ways: \sum_{k=1}^3 a_k \sum_j b_j has b's range on both sides alike)
            # \sum_{k=1}^3 \sum_{j \ne k} a_j: j over 1..3 too, or further? (refuted at n = 4 with an a_4 nobody wrote)
            self.unclear.append("a sum with no stated range beside one over a stated numeric range (the same range?)")
        # a written entry x_3 needs n >= 3: smaller sizes would make it a number unrelated to the sums
        numbered = [re.fullmatch(r"([A-Za-z]+)_(\d+)(__\w+)?", s.name) for e in both for s in e.free_symbols if isinstance(s, sp.Symbol)]
        self.least = max([int(m[2]) for m in numbered if m and m[1] + (m[3] or "") in self.sequences] + [1])
        if self.least > max(SIZES):
            raise _Unsupported(f"an entry numbered {self.least}, above the sizes checked (n = 1..{max(SIZES)})")
        self.free = {side: self._free(e) for side, e in (("left", lhs), ("right", rhs))}
        letters = self.free["left"] | self.free["right"]
        if self.fixed is not None and not all(self._indexes_a_summed_family(letter, both) for letter in letters):
            # \sum_{j=1}^3 \delta_{ij} W_{ij} = W_{ii}: i a row of W, whose rows the sum does not count (review helper-140)
            self.fixed = None
        self.own: dict[sp.Symbol, tuple[int, int]] = {}  # free indices of families summed over a numeric range only
        if self.range is not None and numeric:
            # d/dw_j of \sum_{i=1}^n (\sum_{k=1}^2 w_k x_{ik} - y_i)^2: j indexes w, whose sum runs over 1..2, and took the
            # values 1..n of the other range (refuted at j = 3, with a w_3 and an x_{i3} nobody wrote: probe helper-192 F18);
            # it takes the family's own range (where it indexes a family of the symbolic range too: unclear)
            for letter in sorted(letters, key=str):
                ranges = self._summed_ranges(letter, both)
                fixed = {r for r in ranges if not (r[0].free_symbols | r[1].free_symbols)}
                if not fixed:
                    continue
                lo, hi = next(iter(fixed))
                if len(ranges) == 1 and lo.is_Integer and hi.is_Integer and 0 <= hi - lo < max(SIZES):
                    self.own[letter] = (int(lo), int(hi))
                else:
                    self.unclear.append(f"{letter} indexes families summed over different ranges (which is its range?)")
        self.sizes: Sequence[int] = SIZES if self.fixed is None else (max(self.fixed[1], self.least),)
        if self.shifted:
            if letters or self.opaque:
                raise _Unsupported("sums over different symbolic ranges, and an index free or a sum unranged (over which range?)")
            # the sizes where every range runs forwards or is empty (\sum_{i=1}^{n-2} at n = 1 runs backwards, and SymPy's
            # convention for it, minus the terms between, is no reader's)
            self.sizes = [n for n in SIZES if all(_forwards(low, high, self.size, n) for low, high in ranges)]
            if len(self.sizes) < ENOUGH_SIZES:
                raise _Unsupported(f"sums over ranges that run forwards at only {len(self.sizes)} of the sizes n = 1..{max(SIZES)}")
        clash = sorted(str(s) for s in letters & self.bound)
        if clash:
            self.unclear.append(f"{', '.join(clash)} is both a free index and a summation index (which is meant where?)")
        if self.opaque and self.size is None:
            named = {s for e in both for s in e.free_symbols if isinstance(s, sp.Symbol)} - self.bound
            self.counts = sorted((s for s in named if s.name in _COUNT_LIKE and s.name not in self.sequences), key=str)
            if self.counts:
                self.ambiguous.append(f"{', '.join(map(str, self.counts))} may be the number of terms of the unstated range")
        self.taken = {v for e in both if isinstance(e, sp.Basic) for d in e.atoms(sp.Derivative) for v in d.variables}
        plain = {side: self._plain(e) for side, e in (("left", lhs), ("right", rhs))}
        alone = sorted(str(s) for s in plain["left"] ^ plain["right"])
        if alone:
            self.ambiguous.append(f"{', '.join(alone[:4])} on one side only (defined elsewhere?)")
        for f in self.opaque:
            names = {a for a in f.args[1:] if isinstance(a, sp.Symbol)}
            if names & _bare(f.args[0]):
                self.ambiguous.append(f"the index of {f.func.__name__}({f.args[0]}, ...) is used as a value (read as an element)")

    def _summed_ranges(self, letter: sp.Symbol, both: tuple[Any, Any]) -> set[tuple[Any, Any]]:
        """The ranges of the sums over the families ``letter`` indexes (alone) somewhere in the step (w_k summed over
        k = 1..2 for the w_j of d/dw_j)."""
        ranges: dict[str, set[tuple[Any, Any]]] = {}
        for total in self.explicit:
            for entry in total.function.atoms(sp.Indexed):
                if len(entry.indices) == 1 and entry.indices[0] in total.variables:
                    limit = next(lim for lim in total.limits if lim[0] == entry.indices[0])
                    ranges.setdefault(str(entry.base), set()).add((limit[1], limit[2]))
        out: set[tuple[Any, Any]] = set()
        for e in both:
            for entry in e.atoms(sp.Indexed):
                if len(entry.indices) == 1 and entry.indices[0] == letter:
                    out |= ranges.get(str(entry.base), set())
            for symbol in e.atoms(sp.Symbol):  # a derivative's variable too (d/dx_j of a body without x_j)
                found = _ENTRY.fullmatch(symbol.name)
                if found and found["idx"] == letter.name:
                    out |= ranges.get(found["stem"] + (found["sup"] or ""), set())
        return out

    def _indexes_a_summed_family(self, letter: sp.Symbol, both: tuple[Any, Any]) -> bool:
        """Whether ``letter`` indexes (alone) an entry of a family that a sum runs over (s_i beside \\sum_j s_j): then
        its range is that sum's."""
        return bool(self._summed_ranges(letter, both))

    def _free(self, expr: Any, inside: frozenset = frozenset()) -> set[sp.Symbol]:
        """The free indices of one side: letters of entries x_j, of conditions k != j and of deltas, and bare
        summation letters, wherever no sum around them binds them (``inside``: the letters bound there)."""
        out: set[sp.Symbol] = set()
        if isinstance(expr, sp.Symbol):
            found = _ENTRY.fullmatch(expr.name)
            pair = _ENTRY_OF_TWO.fullmatch(expr.name)
            if found and found["stem"] + (found["sup"] or "") in self.sequences:
                out.add(sp.Symbol(found["idx"]))
            elif pair and pair["stem"] in self.matrices:
                out |= {sp.Symbol(pair["row"]), sp.Symbol(pair["col"])}
            elif expr in self.bound:
                out.add(expr)
            elif (shifted := _shifted(expr.name, self.sequences)) is not None:
                out.add(shifted[1])  # x_{n+1}: the letter n (the size is dropped below)
        elif isinstance(expr, sp.Indexed):
            out = set().union(*(i.free_symbols for i in expr.indices))
        elif isinstance(expr, sp.core.function.AppliedUndef) and expr.func.__name__ in _OPAQUE:
            names = frozenset(a for a in expr.args[1:] if isinstance(a, sp.Symbol))
            for a in expr.args[1:]:
                if not isinstance(a, sp.Symbol):
                    out |= a.free_symbols
            out |= self._free(expr.args[0], inside | names)
            out -= names
        elif isinstance(expr, (sp.Sum, sp.Product)):
            names = frozenset(limit[0] for limit in expr.limits)
            out = self._free(expr.function, inside | names) - names
        elif isinstance(expr, sp.KroneckerDelta):
            out = set(expr.free_symbols)
        else:
            for a in expr.args:
                out |= self._free(a, inside)
        out -= inside
        out.discard(self.size)
        return out

    def derivative_only(self, expr: Any) -> set[sp.Symbol]:
        """The free indices of ``expr`` that it uses only in the variables of its derivatives (the j of d/dz_j)."""
        bodies = expr.replace(lambda e: isinstance(e, sp.Derivative), lambda e: e.expr)
        return self._free(expr) - self._free(bodies)

    def _plain(self, expr: Any) -> set[str]:
        """Names of a side that are neither indices nor entries: x for x_k and x[k], c for c."""
        letters = self.free["left"] | self.free["right"] | self.bound | ({self.size} if self.size is not None else set())
        # a derivative's variable, on either side, is taken, not written (d/db (\sum_k w_k x_k + b) = 0: "b on one side only")
        taken = self.taken
        out = set()
        for s in expr.free_symbols:
            if isinstance(s, sp.Indexed) or s in letters or s in taken:
                continue
            found = _ENTRY.fullmatch(s.name)
            stem = found["stem"] + (found["sup"] or "") if found else ""
            if found and sp.Symbol(found["idx"]) in letters and stem in self.sequences:
                continue
            if _shifted(s.name, self.sequences) is not None:
                continue  # x_{n+1}, an entry of x
            numbered = re.fullmatch(r"([A-Za-z]+)_\d+(__\w+)?", s.name)
            if numbered and numbered[1] + (numbered[2] or "") in self.sequences:
                continue  # x_3, a written entry of x
            out.add(s.name)
        return out - self.sequences

    def values_of(self, letters: Sequence[sp.Symbol], n: int) -> list[list[int]]:
        """The values of each free index in ``letters`` at size n: its family's own numeric range, else the step's."""
        return [_range(*self.own[letter]) if letter in self.own else self.values(n) for letter in letters]

    def values(self, n: int) -> list[int]:
        """The range of every index at size n."""
        if self.fixed is not None:
            return _range(*self.fixed)
        if self.range is None:
            return list(range(1, n + 1))
        lo, hi = (b.xreplace({self.size: sp.Integer(n)}) for b in self.range)  # SymPy bounds of a parsed Sum
        if not (lo.is_Integer and hi.is_Integer):
            raise _Unsupported("a bound that is not an integer")
        return _range(int(lo), int(hi))


def _forwards(low: Any, high: Any, size: sp.Symbol, n: int) -> bool:
    """Whether the range low..high at size n is forwards or empty (high >= low - 1)."""
    low, high = (b.xreplace({size: sp.Integer(n)}) for b in (low, high))
    return bool(low.is_Integer and high.is_Integer and high >= low - 1)


def _range(lo: int, hi: int) -> list[int]:
    if hi - lo + 1 > _MAX_TERMS:
        raise _Unsupported(f"a range of over {_MAX_TERMS} terms ({lo}..{hi})")
    return list(range(lo, hi + 1))


def _bare(expr: Any) -> set[sp.Symbol]:
    """Symbols used as values, not as the index of an entry (the k of k x_k, not of x_k)."""
    if isinstance(expr, sp.Symbol):
        return {expr}
    if isinstance(expr, (sp.Indexed, sp.KroneckerDelta)):
        return set()  # an index, or a comparison of indices
    if isinstance(expr, sp.core.function.AppliedUndef) and expr.func.__name__ in _OPAQUE:
        return _bare(expr.args[0]) - {a for a in expr.args[1:] if isinstance(a, sp.Symbol)}  # its condition compares indices
    if isinstance(expr, (sp.Sum, sp.Product)):
        bounds = set().union(*(limit[1].free_symbols | limit[2].free_symbols for limit in expr.limits))
        return (_bare(expr.function) - {limit[0] for limit in expr.limits}) | bounds
    return set().union(set(), *(_bare(a) for a in expr.args))


def _outer_symbols(expr: Any) -> set[sp.Symbol]:
    """Symbols outside any sum's body (a sum's own bound letters excluded), derivative variables included."""
    if isinstance(expr, sp.Symbol):
        return {expr}
    if isinstance(expr, sp.Indexed):
        return set()
    if isinstance(expr, sp.core.function.AppliedUndef) and expr.func.__name__ in _OPAQUE:
        return set()
    if isinstance(expr, (sp.Sum, sp.Product)):
        return set().union(*(limit[1].free_symbols | limit[2].free_symbols for limit in expr.limits))
    return set().union(set(), *(_outer_symbols(a) for a in expr.args))


class _Instance:
    """The step at one size n and one value of every free index."""

    def __init__(self, reading: _Reading, n: int, env: dict[sp.Symbol, int]):
        self.reading, self.n = reading, n
        self.env = dict(env)
        if reading.size is not None:
            self.env[reading.size] = n
        self.range = reading.values(n)

    def __call__(self, expr: Any, env: dict[sp.Symbol, int] | None = None, elements: frozenset = frozenset()) -> Any:
        env = self.env if env is None else env
        if isinstance(expr, sp.Indexed):
            values = [self(i, env, elements) for i in expr.indices]
            if not all(getattr(v, "is_Integer", False) for v in values):
                raise _Unsupported(f"an entry {expr} whose index is not an integer here")
            return _entry(str(expr.base), [int(v) for v in values])
        if isinstance(expr, sp.Symbol):
            if expr in elements:
                return sp.Symbol(f"{expr.name}_{env[expr]}")
            if expr in env:
                return sp.Integer(env[expr])
            shifted = _shifted(expr.name, self.reading.sequences)
            if shifted is not None and shifted[1] in env:
                return _entry(shifted[0], [env[shifted[1]] + shifted[2]])
            size = self.reading.size
            if size is not None and size in env and expr.name.endswith(f"_{size.name}") and size.name[:1].isupper():
                # a_K beside \sum_{k=0}^{K-1}: the family's entry at the size, as a_n is (it was a name of its own, and the
                # telescoping sum "failed" at a_1 against a_K: probe helper-195 F2)
                stem = expr.name[: -len(size.name) - 1]
                if stem in self.reading.sequences:
                    return _entry(stem, [env[size]])
            found = _ENTRY.fullmatch(expr.name)
            if found and sp.Symbol(found["idx"]) in env:
                stem = found["stem"] + (found["sup"] or "")
                if sp.Symbol(found["idx"]) != self.reading.size or stem in self.reading.sequences:
                    return _entry(stem, [env[sp.Symbol(found["idx"])]])
            pair = _ENTRY_OF_TWO.fullmatch(expr.name)
            if pair and pair["stem"] in self.reading.matrices and {sp.Symbol(pair["row"]), sp.Symbol(pair["col"])} <= set(env):
                # \partial W_{ii}: the entry W[i, i] of the sum's W[i, k] (it was a name of its own, and d/dW_ii of the sum 0)
                return _entry(pair["stem"], [env[sp.Symbol(pair["row"])], env[sp.Symbol(pair["col"])]])
            return expr
        if isinstance(expr, sp.core.function.AppliedUndef) and expr.func.__name__ in _OPAQUE:
            body, rest = expr.args[0], expr.args[1:]
            names = [a for a in rest if isinstance(a, sp.Symbol)]
            conditions = [a for a in rest if not isinstance(a, sp.Symbol)]
            as_values = frozenset(names) & _bare(body)  # \sum_w w^2: w is an element, not a number
            if len(self.range) ** len(names) > _MAX_TERMS:
                raise _Unsupported(f"over {_MAX_TERMS} terms in one sum")
            terms = []
            for values in itertools.product(self.range, repeat=len(names)):
                inner = {**env, **dict(zip(names, values, strict=True))}
                if not all(bool(c.xreplace({k: sp.Integer(v) for k, v in inner.items()})) for c in conditions):
                    continue
                terms.append(self(body, inner, elements | as_values))
            if not terms and expr.func.__name__ not in ("SumOver", "ProductOver"):
                raise _Unsupported("an extremum over no entries at this size")  # max of nothing: -oo by SymPy's convention
            kind = OVER_RANGE[expr.func.__name__]
            if kind in (sp.Max, sp.Min) and len(terms) > max(SIZES):
                # a larger size's \max_i over its entries is weighed at plain points only: SymPy orders 100 symbolic
                # entries pairwise (6 s), and the probe ran out of time before it (probe helper-192 F39)
                return kind(*terms, evaluate=False)
            return kind(*terms)
        if isinstance(expr, (sp.Sum, sp.Product)):
            return self._explicit(expr, expr.function, list(expr.limits), env, elements)
        if isinstance(expr, sp.Derivative):
            inner = self(expr.expr, env, elements)
            variables = [(self(v, env, elements), c) for v, c in expr.variable_count]
            if not all(isinstance(v, sp.Symbol) for v, _ in variables):
                raise _Unsupported("a derivative by something that is not a symbol here")
            return derivative_done(sp.Derivative(inner, *variables))
        if not expr.args:
            return expr
        return expr.func(*(self(a, env, elements) for a in expr.args))

    def _explicit(self, expr: Any, body: Any, limits: list, env: dict, elements: frozenset) -> Any:
        if not limits:
            return self(body, env, elements)
        (var, lo, hi), rest = limits[-1], limits[:-1]  # the outermost first (SymPy lists the innermost first): \sum_{j=1}^i
        lo, hi = self(lo, env, elements), self(hi, env, elements)
        if not (getattr(lo, "is_Integer", False) and getattr(hi, "is_Integer", False)):
            raise _Unsupported(f"the bounds {lo}, {hi} are not integers here")
        terms = [self._explicit(expr, body, rest, {**env, var: k}, elements) for k in _range(int(lo), int(hi))]
        return sp.Add(*terms) if isinstance(expr, sp.Sum) else sp.Mul(*terms)


def _expands_to_zero(difference: Any) -> bool:
    """A cheap proof first: the instance's sides are often the same polynomial in the fresh entries."""
    if not isinstance(difference, sp.Expr) or sp.count_ops(difference) > 2_000:
        return False
    return sp.expand(difference) == 0


def _shown(expr: Any, limit: int = 160) -> str:
    text = sp.sstr(expr)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _one_hot(symbols: set, base: str, n: int, hot: int) -> dict:
    """The entries ``base_1..base_n`` of a one-hot vector with its 1 at ``hot``."""
    stem, sup = _split(base)
    names = {f"{stem}_{i}{sup}": i for i in range(1, n + 1)}
    return {s: sp.Integer(int(names[s.name] == hot)) for s in symbols if isinstance(s, sp.Symbol) and s.name in names}


class _Refuted(Exception):
    """An instance where the sides differ: the message, the point, both values."""

    def __init__(self, message: str, at: dict, lhs: Any, rhs: Any):
        super().__init__(message)
        self.message, self.at, self.lhs, self.rhs = message, at, lhs, rhs


def _instances(
    reading: _Reading, lhs: Any, rhs: Any, free: list, hot: str | None, hot_at: sp.Symbol | None = None, tying: Sequence[Any] = ()
):
    """Every instance: (where, point, left, right) at n = 1..6, each value of the free indices and of the 1 of ``hot``
    (``hot_at``: the letter the text names that position with, y_c = 1: it takes the position's value); ``tying``:
    assumed equations with entries, put into both sides at each instance (:func:`_tied_in`)."""
    count = 0
    for n in reading.sizes:
        if n < reading.least:
            continue
        for choice in itertools.product(*reading.values_of(free, n)):
            env = dict(zip(free, choice, strict=True))
            instance = _Instance(reading, n, env)
            left, right = (instance(lhs), instance(rhs)) if hot_at is None else (None, None)
            solved: dict = {}
            if tying and left is not None:
                left, right, solved = _tied_in(instance, tying, left, right)
            point = {"n": n, **{str(k): v for k, v in zip(free, choice, strict=True)}}
            where = ", ".join(f"{k} = {v}" for k, v in point.items())
            for position in range(1, n + 1) if hot else (None,):
                count += 1
                if count > _MAX_INSTANCES:
                    raise _Unsupported(f"over {_MAX_INSTANCES} instances")
                if position is None:
                    yield n, where, point, left, right, solved
                    continue
                if hot_at is not None:
                    named = _Instance(reading, n, {**env, hot_at: position})
                    left, right = named(lhs), named(rhs)
                    point = {**point, str(hot_at): position}
                entries = _one_hot(left.free_symbols | right.free_symbols, hot, n, position)
                stem, sup = _split(hot)
                named_at = f" ({hot_at} = {position})" if hot_at is not None else ""
                label = f"{stem}{sup.replace('__', '^')} one-hot with its 1 at {position}{named_at}"
                yield n, f"{where}, {label}", {**point, hot: f"e_{position}"}, left.xreplace(entries), right.xreplace(entries), solved


def _tied_in(instance: _Instance, equations: Sequence[Any], left: Any, right: Any) -> tuple[Any, Any, dict]:
    r"""Both sides with each assumed equation that ties a name to entries (``\bar{x} = \frac{1}{n}\sum_i x_i``) taken at
    this instance, solved for that name and put in: the assumption was left out, and ``\sum_i (x_i - \bar{x}) = 0`` was
    refuted at n = 1, x_1 = 0, x_bar = 1, where it fails (probe helper-132). An equation not linear in a name of the
    sides is left out, as before. With the values put in (p_1 = 1 - p_2 of \sum_i p_i = 1), for the conditions on them."""
    solved = {}
    for equation in equations:
        try:
            difference = sp.expand(instance(equation.lhs - equation.rhs).doit())
        except Exception:  # an entry this instance cannot give: the equation is left out here
            continue
        named = (left.free_symbols | right.free_symbols) & difference.free_symbols if isinstance(left, sp.Basic) else set()
        # the name the equation writes (x_bar) before an entry it gives (x_1): the witness then shows every value
        for name in sorted(named, key=lambda s: (s not in equation.free_symbols, str(s))):
            coefficient = difference.diff(name)
            if coefficient.is_number and coefficient != 0:
                value = -(difference - coefficient * name) / coefficient
                if name not in value.free_symbols:
                    left, right = left.xreplace({name: value}), right.xreplace({name: value})
                    solved[name] = value
                    break
    return left, right, solved


def _all_agree(
    reading: _Reading,
    lhs: Any,
    rhs: Any,
    free: list,
    conditions: list,
    seed: int,
    deadline: float,
    hot: str | None,
    rel: str = "==",
    hot_at: sp.Symbol | None = None,
    valueless_left_out: bool = True,
) -> tuple[set, list[int]]:
    """The methods that showed every instance true (``lhs REL rhs``) and the sizes checked (the conditions may leave
    some out, and so does a size where a side has no value, unless ``valueless_left_out`` is False: then it fails);
    raises _Refuted at the first instance that is not true."""
    methods = set()
    # A condition on the indices alone (j \neq i, k < n) leaves out the instances where it fails.
    named = [*free, *([hot_at] if hot_at is not None and hot else [])]
    # conditions on the size count too: \sum_{i=1}^n x_i = x_1 + x_2 under n = 2 was refuted at n = 3
    size = [reading.size] if reading.size is not None else []
    on_indices = [c for c in conditions if isinstance(c, sp.Basic) and c.free_symbols and c.free_symbols <= set(named + size)]
    checked: set[int] = set()
    valueless: set[int] = set()  # sizes left out where a side has no real value
    tying = [c for c in conditions if isinstance(c, sp.Eq) and c.has(sp.Indexed)]
    for n, where, point, left, right, solved in _instances(reading, lhs, rhs, free, hot, hot_at, tying):
        values = {k: sp.Integer(point[str(k)]) for k in named} | {s: sp.Integer(n) for s in size}
        if any(c.xreplace(values) == sp.false for c in on_indices):
            continue
        if hot and isinstance(point.get(hot), str):
            # the one-hot entries against what the conditions say of each entry: p_i > 0 rules out a 0 entry (the instance
            # was judged all the same, and wrong answers were "right if p is one-hot": probe helper-137)
            stem, sup = _split(hot)
            at = int(point[hot][2:])
            entries = {sp.Symbol(f"{stem}_{k}{sup}"): sp.Integer(int(k == at)) for k in range(1, n + 1)}
            fixed = {str(k): point[str(k)] for k in free}
            if any(c.xreplace(entries) == sp.false for c in _conditions_on_entries(conditions, set(entries), fixed)):
                continue
        checked.add(n)
        if rel in ("==", "<=", ">=") and (left == right or _expands_to_zero(left - right)):
            methods.add("exact")
            continue
        symbols = (left.free_symbols | right.free_symbols) if isinstance(left, sp.Basic) and isinstance(right, sp.Basic) else set()
        stated = _conditions_on_entries(conditions, symbols | set(solved), {str(k): point[str(k)] for k in free})
        # a condition on an entry an assumed equation gave (p_1 > 0, p_1 = 1 - p_2 of \sum_i p_i = 1) holds of its value:
        # it was dropped, and Gibbs' inequality refuted at p_1 = -1 (probe helper-169)
        stated = [c.xreplace(solved) if isinstance(c, sp.Basic) else c for c in stated]
        domains = domains_from([c for c in stated if isinstance(c, sp.Basic) and c.free_symbols <= symbols], symbols)
        remaining = deadline - clock()
        if remaining <= 0.05:
            if len(checked) - 1 >= ENOUGH_SIZES:
                checked.discard(n)  # this size cut short: the ones before it, each whole
                if not hot and reading.fixed is None:
                    # the larger sizes at plain points all the same, on a little time of their own: cut short on a loaded machine,
                    # \sum_{i=1}^n r_i^2 \le 25 \max_i r_i^2 went straight to confirmed (CI of stop 79, probe helper-192 F39)
                    _larger_sizes_hold(reading, lhs, rhs, free, conditions, on_indices, named, size, rel, seed, clock() + _LARGER_SIZES_S)
                return methods | {_CUT_SHORT}, sorted(checked)
            raise TimeLimitExceeded
        j = compare(left, right, rel, domains, seed=seed, timeout_s=remaining)
        if j.verdict is Verdict.REFUTED and valueless_left_out and _no_value_at_size(j.counterexample):
            # n = 1 of the layer-norm Jacobian: its variance is 0 and one side is 1/\sqrt{0}, the other's 0/0 folded to 0
            # while read; a size where a side has no value at any point is outside what is written, not a failure
            checked.discard(n)
            methods.add(f"n = {n} left out: a side has no real value there")
            valueless.add(n)
            continue
        if j.verdict is Verdict.REFUTED:
            ce = j.counterexample
            broken = _broken_at(stated + _instantiated(reading, n, point, free, conditions), ce.at, symbols)
            if broken is not None:
                # \sum_{i=1}^n x_i^2 = n is no interval of any entry: the sampler's point broke it (x_1 = 2 at n = 1), and a
                # consequence of it was refuted there (probe helper-192 F37)
                raise _Unsupported(f"at {where}: the point found ({ce.describe()}) breaks the assumption {sp.sstr(broken)}")
            shown = f"{_shown(left)} {'=' if rel == '==' else rel} {_shown(right)}"
            message = f"instantiated at {where} (a fresh symbol per entry): {shown} fails, {ce.describe()}"
            raise _Refuted(message, {**point, **ce.at}, ce.lhs, ce.rhs)
        if j.verdict is Verdict.UNDECIDED:
            raise _Unsupported(f"at {where}: {j.reason}")
        methods.add(j.method)
    if checked and not hot and reading.fixed is None:  # (an equation tying the entries: its points are moved onto it)
        # (with half a second of CPU at least past the sizes' own deadline: n = 1..6 sampled at length left none, and
        # \sum_{i=1}^n r_i^2 \le 25 \max_i r_i^2 was confirmed, probe helper-192 F39; an outer limit that ends it leaves
        # the step undecided, never confirmed)
        past = max(deadline, clock() + _LARGER_SIZES_S)
        _larger_sizes_hold(reading, lhs, rhs, free, conditions, on_indices, named, size, rel, seed, past)
    if not checked and valueless:
        raise _Unsupported(f"at no size {reading.least}..{max(reading.sizes)} have both sides a real value (a term without one)")
    if not checked:
        raise _Unsupported(f"no size {reading.least}..{max(reading.sizes)} satisfies the stated conditions")
    return methods, sorted(checked)


def _no_value_at_size(ce: Any) -> bool:
    """Whether a failure at one size is a side without a real value at every point sampled there ("not real")."""
    return ce is not None and "not real" in (ce.lhs, ce.rhs)


LARGER_SIZES = (8, 12, 24, 100)  # tried at a few plain points after n = 1..6 agree: a claim that first fails at n = 7
# CPU seconds the larger sizes have at least past the sizes' own deadline, half a second of it kept back for the caller's
# limit a second past the deadline (F39's take 0.1 s): 1.5 reached that limit on a loaded machine where the sixth size was
# cut short (the softmax Jacobian's larger sizes take 0.6 s), and the right step was undecided (test_probe24 in the CI
# emulation of 'Session 69 (3)')
_LARGER_SIZES_S = 0.75
_LARGEST_PROBE = 200  # terms an instance of nested sums may have there (a double sum at n = 24, 576 terms, took 4 s)


def _nesting(expr: Any) -> int:
    """How deep sums and products nest in ``expr`` (1 for a sum, 2 for a sum of sums)."""
    if not isinstance(expr, sp.Basic) or not expr.args:
        return 0
    inner = max((_nesting(a) for a in expr.args), default=0)
    return inner + len(expr.limits) if isinstance(expr, sp.Sum | sp.Product) else inner  # (one Sum may hold four limits)


def _plain_points(symbols: list, n: int, seed: int) -> Iterator[dict]:
    """Points a claim about sums often fails at first as n grows: every entry 1, every entry -1, the entry's position
    (x_i = i), and two seeded draws (signed, positive); other names take the same value as the entries."""
    rng = random.Random(seed * 1000 + n)
    position = {s: sp.Integer(int(m.group(1))) if (m := re.search(r"_(\d+)$", s.name)) else sp.Integer(1) for s in symbols}
    yield dict.fromkeys(symbols, sp.Integer(1))
    yield dict.fromkeys(symbols, sp.Integer(-1))
    yield position
    yield {s: sp.Integer((-1) ** int(position[s])) for s in symbols}  # alternating signs: a centred family's extreme
    yield {s: sp.Rational(rng.randint(-30, 30), 10) for s in symbols}
    yield {s: sp.Rational(rng.randint(1, 30), 10) for s in symbols}


def _expression(value: Any) -> sp.Basic:
    """A side's instance as a SymPy expression: the instance is built from SymPy objects (an integer where a size or an
    index was put in), never from text, so nothing is converted but a Python number."""
    if isinstance(value, sp.Basic):
        return value
    if isinstance(value, bool):
        return sp.true if value else sp.false
    if isinstance(value, int):
        return sp.Integer(value)
    raise TypeError(f"not an expression: {type(value).__name__}")


def _larger_sizes_hold(
    reading: _Reading,
    lhs: Any,
    rhs: Any,
    free: list,
    conditions: list,
    on_indices: list,
    named: list,
    size: list,
    rel: str,
    seed: int,
    deadline: float,
) -> None:
    r"""After n = 1..6 agree, the step at a few larger sizes and plain points (:func:`_plain_points`): raises _Refuted
    at the first that fails beyond rounding (checked again at 60 digits). ``(\sum_{i=1}^n x_i)^2 \le 6\sum_{i=1}^n x_i^2``
    holds up to n = 6 and fails at n = 7 with every x_i = 1: it was confirmed (probe helper-188 F25). Points where a
    condition fails, or a side has no real value, are left out; nothing is decided where none fails."""
    holds = {
        "==": lambda a, b, tol: abs(a - b) <= tol,
        "<=": lambda a, b, tol: a <= b + tol,
        ">=": lambda a, b, tol: a >= b - tol,
        "<": lambda a, b, tol: a < b + tol,
        ">": lambda a, b, tol: a > b - tol,
    }.get(rel)
    if holds is None or (rel in ("==", "<=", ">=") and lhs == rhs):
        return  # (the same expression on both sides holds at every size: seed 001:49's double sum took 2.7 s of 3 at n = 24)
    depth = max(_nesting(lhs), _nesting(rhs))
    for n in LARGER_SIZES:
        if n**depth > _LARGEST_PROBE:
            return  # (four nested sums at n = 24 are 331,776 terms: 1 s became 6 s, review helper-190 R16)
        if clock() > deadline - 0.5:
            # (out of time: n = 1..6 stand, as when the sizes themselves ran short; raising here made the softmax Jacobian
            # undecided at n = 8, whose 64 entries take their time)
            return
        choice = next(iter(itertools.product(*reading.values_of(free, n))), None)
        if choice is None:
            return
        env = dict(zip(free, choice, strict=True))
        values = {k: sp.Integer(v) for k, v in env.items()} | {s: sp.Integer(n) for s in size}
        if any(c.xreplace(values) == sp.false for c in on_indices):
            continue
        instance = _Instance(reading, n, env)
        try:
            # (never doit() on a \max over the entries: it orders them all again, the 6 s the instance saved)
            left, right = (side.doit() if side.has(sp.Sum, sp.Product, sp.Derivative, sp.Integral) else side
                           for side in (_expression(instance(lhs)), _expression(instance(rhs))))
        except Exception:  # a side that cannot be taken at this size: nothing said
            return
        symbols = sorted((left.free_symbols | right.free_symbols), key=lambda s: s.name)
        if any(side.has(sp.Indexed, sp.core.function.AppliedUndef, sp.Derivative) for side in (left, right)):
            return
        fixed = {str(k): v for k, v in zip(free, choice, strict=True)}
        # the conditions at this size: n >= 1 with n put in (it was left standing, so no point met it and the size was
        # never tried: probe helper-198 F29), and \sum_{i=1}^n p_i = 1 over this size's entries (198 F11)
        sized = {s: sp.Integer(n) for s in size}
        plain = [c for c in conditions if isinstance(c, sp.Basic) and not c.has(sp.Sum, sp.Product, sp.Indexed)]
        stated = [c.xreplace(sized) for c in _conditions_on_entries(plain, set(symbols), fixed) if isinstance(c, sp.Basic)]
        summed = _instantiated(reading, n, fixed, free, conditions)
        if len(summed) < len(conditions) - len(plain):
            return  # a condition not taken at this size: no point is shown to meet it
        stated += [c.xreplace(sized) for c in summed]
        equations = [c for c in stated if isinstance(c, sp.Eq)]
        for point in _plain_points(symbols, n, seed):
            if clock() > deadline - 0.5:
                return
            try:
                point = _meeting(point, equations, symbols)
                if any(c.xreplace(point) is not sp.true for c in stated):
                    continue
                a, b = (sp.N(side.xreplace(point), 30) for side in (left, right))
                if not (a.is_real and b.is_real and a.is_finite and b.is_finite):
                    continue
                if holds(a, b, 1e-20 * (1 + abs(a) + abs(b))):
                    continue
                a, b = (sp.N(side.xreplace(point), 60) for side in (left, right))  # certified at more digits
                if holds(a, b, 1e-40 * (1 + abs(a) + abs(b))):
                    continue
            except Exception:  # a value SymPy cannot weigh (a comparison of zoo): this point says nothing
                continue
            where = ", ".join(f"{k} = {v}" for k, v in {"n": n, **fixed}.items())
            named_values = sorted((str(k), v) for k, v in point.items())
            shown = ", ".join(f"{k}={v}" for k, v in named_values[:6]) + (", ..." if len(point) > 6 else "")
            message = (
                f"instantiated at {where} (beyond the sizes 1..{max(SIZES)}, which agree; a fresh symbol per entry): "
                f"fails at {shown}: lhs={float(a):.6g}, rhs={float(b):.6g}"
            )
            raise _Refuted(message, {"n": n, **fixed, **{str(k): v for k, v in point.items()}}, a, b)


def _meeting(point: dict, equations: list, symbols: list) -> dict:
    r"""A plain point moved onto the stated equations where one step does it: all its entries scaled by a positive
    factor (every entry 1 under \sum_i p_i = 1 is the uniform 1/n), else the last entry an equation names solved for
    (every entry 1 under \sum_i x_i = 0 puts x_n = -(n - 1)); the point as it was where neither does."""
    factor = sp.Dummy("factor", positive=True)
    for equation in equations:
        if equation.xreplace(point) is sp.true or not equation.free_symbols <= set(symbols):
            continue
        difference = equation.lhs - equation.rhs
        scaled = [t for t in sp.solve(difference.xreplace({s: factor * point[s] for s in equation.free_symbols}), factor)
                  if t.is_number and t.is_positive]
        if scaled:
            point = {**point, **{s: scaled[0] * point[s] for s in equation.free_symbols}}
            continue
        last = max(equation.free_symbols, key=lambda s: (len(s.name), s.name))
        solved = [v for v in sp.solve(difference.xreplace({s: point[s] for s in equation.free_symbols if s != last}), last)
                  if v.is_number and v.is_real]
        if solved:
            point = {**point, last: solved[0]}
    return point


def _instantiated(reading: _Reading, n: int, point: Mapping[str, Any], free: list, conditions: list) -> list:
    r"""The conditions with sums or entries in them at one instance (size n, the free indices' values): ``\sum_{i=1}^n
    x_i^2 = n`` at n = 2 is x_1^2 + x_2^2 = 2, in the instance's own entries; one that cannot be taken there is left out."""
    instance = _Instance(reading, n, {k: point[str(k)] for k in free})
    out = []
    for condition in conditions:
        if isinstance(condition, sp.Basic) and condition.has(sp.Sum, sp.Indexed, sp.Product):
            try:
                out.append(_expression(instance(condition)).doit())
            except Exception:  # an instance of it this size cannot give: nothing to weigh the point against
                continue
    return out


def _broken_at(stated: list, at: Mapping[str, Any], symbols: set) -> Any:
    """The first stated condition of an instance (its entries only) that the point ``at`` does not satisfy (False, or no
    truth value there), or None: a witness must meet every assumption, whether or not it could be sampled within it."""
    by_name = {s.name: s for s in symbols if isinstance(s, sp.Symbol)}
    values = {by_name[name]: sp.Float(value) if isinstance(value, float) else _expression(value) for name, value in at.items()
              if name in by_name}
    for condition in stated:
        if not isinstance(condition, sp.core.relational.Relational | sp.logic.boolalg.Boolean):
            continue
        if not condition.free_symbols or not condition.free_symbols <= symbols:
            continue
        try:
            truth = condition.xreplace(values)
            truth = truth if truth in (sp.true, sp.false) else sp.simplify(truth)
        except Exception:  # no truth value to weigh: the point is not shown to meet it
            return condition
        if truth is not sp.true:
            return condition
    return None


def _conditions_on_entries(conditions: list, symbols: set, fixed: dict[str, int]) -> list:
    """The stated conditions at one instance: ``x_i > 0`` says every entry is positive, so it is stated for each
    entry x_1, x_2, ... the instance has (it was dropped, and the witness of a step true for positive entries had
    x_1 = -1); an index the step leaves free (the j of d/dx_j) is the instance's value of it only."""
    entries: dict[tuple[str, str], dict[str, sp.Symbol]] = {}  # (stem, label) -> {index: symbol}
    for symbol in symbols:
        part = ENTRY.fullmatch(symbol.name)
        if part is not None and part["idx"].isdigit():
            entries.setdefault((part["stem"], part["label"] or ""), {})[part["idx"]] = symbol
    out = []
    for condition in conditions:
        condition = _aggregates_at(condition, entries)
        stated = [(s, ENTRY.fullmatch(s.name)) for s in getattr(condition, "free_symbols", ())]
        by_letter = {(m["idx"]) for s, m in stated if m is not None and not m["idx"].isdigit()}
        if len(by_letter) != 1:
            out.append(condition)
            continue
        letter = by_letter.pop()
        written = {s: (m["stem"], m["label"] or "") for s, m in stated if m is not None and m["idx"] == letter}
        values = {str(fixed[letter])} if letter in fixed else set().union(*(entries.get(key, {}).keys() for key in written.values()))
        for value in sorted(values):
            at = {s: entries.get(key, {}).get(value, sp.Symbol(f"{key[0]}_{value}{key[1]}")) for s, key in written.items()}
            out.append(condition.xreplace(at))
    return out


def _sample_mean_hedged(reading: _Reading, lhs: Any, rhs: Any, free: list, conditions: list, seed: int, deadline: float, rel: str) -> str:
    r"""Why a step that fails with \bar{x} a free number is not flagged: it holds where \bar{x} is the mean of the
    x_i, as every statistics text writes it (the sample variance's expansion was wrong at x_1 = 0, \bar{x} = 1: probe
    helper-164); '' where no such name, a size, or agreement."""
    symbols = {s for e in (lhs, rhs) for s in e.free_symbols if isinstance(s, sp.Symbol)}
    if reading.size is None or reading.range is None or reading.range[0] != 1:
        return ""
    # \bar{x} of the x_i; \mu (\mu_B, batch and layer norm) of any family the step sums (probe helper-198 F4: the
    # textbook variance identity written with \mu was incorrect in grade)
    pairs = [(s, s.name[: -len("_bar")]) for s in symbols if s.name.endswith("_bar")]
    pairs += [(s, stem) for s in symbols if s.name.split("_")[0] == "mu" for stem in sorted(reading.sequences)]
    for name, stem in sorted(pairs, key=str):
        if stem not in reading.sequences or any(name in getattr(c, "free_symbols", ()) for c in conditions):
            continue
        index = sp.Dummy("i", integer=True)
        mean = sp.Eq(name, sp.Sum(sp.IndexedBase(stem)[index], (index, 1, reading.size)) / reading.size)
        try:
            _all_agree(reading, lhs, rhs, free, [*conditions, mean], seed, deadline, None, rel)
        except (_Refuted, _Unsupported, TimeLimitExceeded):
            continue
        said = f"{sp.sstr(name)} = \\frac{{1}}{{n}}\\sum_i {stem}_i"
        return f"not flagged: it holds where {sp.sstr(name)} is the mean of the {stem}_i (say so: {said})"
    return ""


def _aggregates_at(condition: Any, entries: dict[tuple[str, str], dict[str, sp.Symbol]]) -> Any:
    r"""``condition`` with each ``\max_i x_i`` (``\min``, ``\sum``, ...) over a family's entries taken at this instance's
    entries (Max(x_1, x_2)). One that cannot be (another body, or no entries of the family here) stops the instance:
    the condition dropped, \prod_i \frac{1}{\theta}[x_i \le \theta] = \theta^{-n} under \theta \ge \max_i x_i was refuted at
    \theta = -1, x_1 = 0, a point the assumption rules out (probe helper-164)."""
    if not isinstance(condition, sp.Basic):
        return condition
    found = {}
    for applied in condition.atoms(sp.core.function.AppliedUndef):
        name = applied.func.__name__
        if name not in OVER_RANGE:
            continue
        body, index = applied.args[0], applied.args[1] if len(applied.args) > 1 else None
        family = entries.get((str(body.base), "")) if isinstance(body, sp.Indexed) and body.indices == (index,) else None
        if not family or len(applied.args) != 2:
            raise _Unsupported(f"an assumption with {sp.sstr(applied)} is not taken at each size")
        found[applied] = OVER_RANGE[name](*[family[k] for k in sorted(family, key=int)])
    return condition.xreplace(found) if found else condition


def _pairs_bound(lhs: Any, rhs: Any) -> tuple[Any, Any, list[str]]:
    r"""``\sum_{i<j} x_i x_j``: where the other letter of an order condition (<, >, \le, \ge) indexes an entry of
    the sum's body and appears nowhere else in the relation, the sum is over the pairs (j bound too), as the
    field writes it (``(\sum_i x_i)^2 = \sum_i x_i^2 + 2 \sum_{i<j} x_i x_j``). ``\sum_{k<t} \beta^{t-k} g_k``
    (t outside the entries) keeps t free, and so does ``\sum_{k \ne j}`` (j is often one fixed index there).
    Returns both sides and the conditions read so."""
    read: list[str] = []

    def entry_of(symbol: Any, letter: sp.Symbol) -> bool:
        found = _ENTRY.fullmatch(getattr(symbol, "name", ""))
        return symbol == letter or bool(found and found["idx"] == letter.name)

    def uses(expr: Any, letter: sp.Symbol) -> bool:  # the letter free in expr (a sum that binds it hides it)
        if isinstance(expr, (sp.Sum, sp.Product)) and letter in {limit[0] for limit in expr.limits}:
            return False
        if isinstance(expr, sp.core.function.AppliedUndef) and expr.func.__name__ in _OPAQUE and letter in expr.args[1:]:
            return False
        if isinstance(expr, sp.Symbol):
            return entry_of(expr, letter)
        return any(uses(a, letter) for a in expr.args)

    def rebind(f: Any) -> Any:
        body, rest = f.args[0], f.args[1:]
        names = [a for a in rest if isinstance(a, sp.Symbol)]
        order = [c for c in rest if isinstance(c, (sp.StrictLessThan, sp.LessThan, sp.StrictGreaterThan, sp.GreaterThan))]
        if len(order) != 1 or len(rest) != len(names) + 1 or not all(isinstance(a, sp.Symbol) for a in order[0].args):
            return f
        (other,) = set(order[0].args) - set(names) or {None}
        if other is None or not any(entry_of(s, other) and s != other for s in body.free_symbols):
            return f
        if any(uses(e.xreplace({f: sp.Integer(0)}), other) for e in (lhs, rhs)):
            return f
        read.append(f"{sp.sstr(order[0])}")
        return f.func(body, *names, other, order[0])

    sides = [e.replace(lambda e: isinstance(e, sp.core.function.AppliedUndef) and e.func.__name__ in _OPAQUE, rebind) for e in (lhs, rhs)]
    return sides[0], sides[1], read


def _matrix_like(expr: Any) -> bool:
    """Whether ``expr`` has a transpose or a name read as a matrix or vector (a noncommutative symbol or family)."""
    return any(getattr(f.func, "__name__", "") == "transpose" for f in expr.atoms(sp.Function)) or any(
        a.is_commutative is False for a in expr.atoms(sp.Symbol, sp.Indexed)
    )


def _standing_alone(*sides: sp.Expr) -> list[str]:
    r"""The names written alone and with entries in the same relation: ``w \cdot x = \sum_i w_i x_i``, ``\max(z) \ge
    \frac{1}{n}\sum_j z_j``. Each instance drew the name as one more number, unrelated to its entries, and refuted
    the dot product's definition at w = 0, w_1 = 1 (probe helper-168)."""
    entries = {str(e.base.label) for side in sides for e in side.atoms(sp.Indexed)}
    alone = set()
    for side in sides:
        bare = side.xreplace({e: sp.Dummy() for e in side.atoms(sp.Indexed)})
        alone |= {s.name for s in bare.free_symbols if isinstance(s, sp.Symbol) and not isinstance(s, sp.Dummy)}
    return sorted(entries & alone)


def check_with_indices(lhs: Any, rhs: Any, conditions: list[Any], *args: Any, **options: Any) -> IndexCheck | None:
    """:func:`_check_with_indices`, a failure withheld where a name stands alone beside its own entries (``w \\cdot x =
    \\sum_i w_i x_i``, ``\\max(z)``): each instance drew the name as one more number, unrelated to its entries, and
    refuted the dot product's definition at w = 0, w_1 = 1 (probe helper-168). What holds for every value of such a
    name still holds (``x \\sum_i x_i = \\sum_i x x_i``: review helper-172)."""
    found = _check_with_indices(lhs, rhs, conditions, *args, **options)
    alone = _standing_alone(lhs, rhs) if found is not None and found.status == "wrong" else []
    if not alone:
        return found
    names = ", ".join(alone)
    one = len(alone) == 1
    why = (
        f"{names} {'stands' if one else 'stand'} alone beside {'its' if one else 'their'} own entries (the vector of them? "
        "w \\cdot x, \\max(z)); a number unrelated to the entries is not what the text means"
    )
    return IndexCheck("undecided", f"{found.message}; not flagged: {why}")


def _check_with_indices(
    lhs: Any,
    rhs: Any,
    conditions: list[Any],
    seed: int = 0,
    timeout_s: float = 3.0,
    one_hot: frozenset[str] = frozenset(),
    rel: str = "==",
    hot_index: dict[str, str] | None = None,
) -> IndexCheck | None:
    r"""Judge ``lhs REL rhs`` (``==`` unless given) by instantiating its index ranges at n = 1..6; None if the step
    has no such range.

    ``conditions`` are the step's assumptions (as domains of its plain symbols); ``one_hot`` names the
    sequences declared one-hot (``y``: every instance is checked with its 1 at each position). A step that
    fails in general but holds where one of its sequences is one-hot is ``undecided``, saying so (a label
    vector is often one-hot without a declaration). See the module docstring.
    """
    if not (isinstance(lhs, sp.Expr) and isinstance(rhs, sp.Expr)) or not (has_indices(lhs) or has_indices(rhs)):
        return None
    lhs, rhs, conditions = _index_cases_applied(lhs, rhs, conditions)
    if _matrix_like(lhs) or _matrix_like(rhs):  # a fresh commuting symbol per entry would make x_k x_k^T equal x_k^T x_k
        return IndexCheck("undecided", "indices not instantiated: the entries are vectors or matrices (transposed, or kept in order)")
    deadline = clock() + timeout_s
    lhs, rhs, pairs = _pairs_bound(lhs, rhs)
    try:
        reading = _Reading(lhs, rhs)
    except _Unsupported as error:
        return IndexCheck("undecided", f"indices not instantiated: {error}")
    hot = sorted(b for b in reading.sequences if b in one_hot)
    # y one-hot with y_c = 1: c names the position of the 1, so -\ln a_c may stand for \sum_k y_k \ln a_k
    hot_at = sp.Symbol(hot_index[hot[0]]) if len(hot) == 1 and hot_index and hot[0] in hot_index else None
    one_sided = (reading.free["left"] ^ reading.free["right"]) - {hot_at}
    # \frac{\partial}{\partial z_j} \ln \sum_k e^{z_k} = ...: a j that only names the variable of a derivative means
    # every j (each partial derivative), whatever the other side says
    one_sided -= reading.derivative_only(lhs) | reading.derivative_only(rhs)
    # \frac{\partial}{\partial z_i} \ln s_j = -s_i for i \ne j: an index free on one side that a stated case names
    # ranges over every value the case allows; then agreement everywhere is ok, and a failure flags nothing
    cased = {s for s in one_sided if any(s in getattr(c, "free_symbols", ()) for c in conditions)}
    if not (lhs.free_symbols and rhs.free_symbols):  # a_j \delta_{jk}(1 - \delta_{jk}) = 0: a number holds for every index
        cased = set(one_sided)
    if one_sided - cased:
        names = ", ".join(sorted(map(str, one_sided)))
        return IndexCheck("undecided", f"the index {names} is free on one side only (which value is meant?)")
    if reading.unclear and lhs != rhs:
        return IndexCheck("undecided", f"indices not instantiated: {'; '.join(reading.unclear)}")
    free = sorted((reading.free["left"] | reading.free["right"]) - {hot_at}, key=str)

    def agree(cases: list[Any]) -> tuple[set, list[int]]:  # every instance where the stated conditions and ``cases`` hold
        return _all_agree(reading, lhs, rhs, free, conditions + cases, seed, deadline, hot[0] if len(hot) == 1 else None, rel, hot_at)

    try:
        try:
            methods, checked = agree([])
        except _Refuted as refuted:
            if cased:
                names = ", ".join(sorted(map(str, cased)))
                return IndexCheck("undecided", f"{refuted.message}; not flagged: the index {names} is free on one side only")
            if reading.ambiguous and len(reading.ambiguous) == 1 and len(reading.counts) == 1:
                # \frac{\partial}{\partial w_j} \frac{\lambda}{2n}\sum_k w_k^2 = \frac{\lambda}{2n} w_j fails with n the number of
                # terms too: then that reading rescues nothing (probe helper-188 F9)
                counted = copy.copy(reading)
                counted.size = reading.counts[0]
                try:
                    _all_agree(counted, lhs, rhs, free, conditions, seed, deadline, hot[0] if len(hot) == 1 else None, rel, hot_at)
                except _Refuted as again:
                    message = f"{again.message} (with {reading.counts[0]} the number of terms as well)"
                    return IndexCheck("wrong", message, again.at, again.lhs, again.rhs)
                except _Unsupported:
                    pass
            if reading.ambiguous:
                return IndexCheck("undecided", f"{refuted.message}; not flagged: {'; '.join(dict.fromkeys(reading.ambiguous))}")
            if len(hot) > 1:
                return IndexCheck("undecided", f"{refuted.message}; not flagged: several one-hot sequences ({', '.join(hot)})")
            coincide = [(a, b) for a, b in itertools.combinations(free, 2) if refuted.at.get(str(a)) == refuted.at.get(str(b))]
            if coincide:  # da_k/dz_j = -a_k a_j fails at k = j: written for k != j? then say so, never flag
                apart = [sp.Ne(a, b) for a, b in itertools.combinations(free, 2)]
                try:
                    agree(apart)
                except _Refuted as distinct:
                    refuted = distinct  # it fails with the indices apart too: that instance is the witness
                else:
                    same = " or ".join(f"{a} = {b}" for a, b in coincide)
                    why = f"it holds wherever the indices differ, and fails where {same} ({refuted.message}); state which case is meant"
                    return IndexCheck("undecided", why)
            mean = _sample_mean_hedged(reading, lhs, rhs, free, conditions, seed, deadline, rel)
            if mean:
                return IndexCheck("undecided", f"{refuted.message}; {mean}")
            if not hot:
                for base in sorted(reading.sequences):  # holds for a one-hot label vector? then say so, never flag
                    try:
                        # (a one-hot a makes y_j/a_j no value where a_j = 0: not shown to hold there, never left out)
                        _, sizes = _all_agree(reading, lhs, rhs, free, conditions, seed, deadline, base, rel, valueless_left_out=False)
                    except (_Refuted, _Unsupported):
                        continue
                    if max(sizes, default=0) < 2:
                        # one entry is one-hot trivially: where the conditions leave only n = 1 (p_i > 0 rules out a 0 entry),
                        # the hedge kept wrong answers undecided (bits with \ln 2 for 1/\ln 2, probe helper-137)
                        continue
                    return IndexCheck("undecided", f"{refuted.message}; it holds if {base} is one-hot (declare it in the context file)")
            return IndexCheck("wrong", refuted.message, refuted.at, refuted.lhs, refuted.rhs)
    except _Unsupported as error:
        return IndexCheck("undecided", f"indices not instantiated: {error}")
    except TimeLimitExceeded:
        return IndexCheck("undecided", f"instantiating the indices timed out after {timeout_s:.2g} s of CPU")
    sizes = f"n = {reading.least}..{max(SIZES)}"
    if reading.fixed is not None:
        sizes = f"the sums' range {reading.fixed[0]}..{reading.fixed[1]}"
    if cased:
        sizes += f" (the index {', '.join(sorted(map(str, cased)))}, free on one side, at every value the case allows)"
    if _CUT_SHORT in methods:
        methods.discard(_CUT_SHORT)
        sizes = f"n = {', '.join(map(str, checked))} (the larger sizes not reached in {timeout_s:.2g} s of CPU)"
    elif checked and reading.fixed is None and checked != list(range(reading.least, max(SIZES) + 1)):
        sizes = f"n = {', '.join(map(str, checked))} (the sizes the conditions allow)"
    over = f", every value of {', '.join(map(str, free))}" if free else ""
    with_hot = f", {hot[0]} one-hot (its 1 at every position{f' {hot_at}' if hot_at is not None else ''})" if len(hot) == 1 else ""
    how = ", ".join(sorted(methods))
    read = "".join(f"; the sum over {p} read over the pairs ({p.split()[-1]} appears nowhere else: bound too)" for p in pairs)
    agreed = f"a fresh symbol per entry: the sides agree {'at every size' if reading.fixed is None else 'at each'} ({how})"
    return IndexCheck("ok", f"instantiated at {sizes}{over}{with_hot}, {agreed}{read}")


def relations_by_size(premise: Any, conclusion: Any) -> list[tuple[int, Any, Any]]:
    r"""``premise`` and ``conclusion`` (relations or their combinations) at each size n = 1..6, every sum written
    out with a fresh symbol per entry: ``w \sum_i x_i^2 = \sum_i x_i y_i`` at n = 2 is
    ``w (x_1^2 + x_2^2) = x_1 y_1 + x_2 y_2``. Raises ValueError (with the reason) where the indices are not
    instantiated: an index free in either (which value is meant?), or a reading that is not clear.

    >>> from derivax.latex import parse
    >>> n2 = relations_by_size(parse(r"w \sum_{i=1}^n x_i = 1").expr, parse(r"w = 1").expr)[1]
    >>> n2[0], n2[1]
    (2, Eq(w*(x_1 + x_2), 1))
    """
    try:
        reading = _Reading(premise, conclusion)
        free = reading.free["left"] | reading.free["right"]
        if free:
            raise ValueError(f"the index {', '.join(sorted(map(str, free)))} is free (which value is meant?)")
        if reading.unclear:
            raise ValueError("; ".join(reading.unclear))
        out = []
        for n in reading.sizes:
            if n >= reading.least:
                instance = _Instance(reading, n, {})
                out.append((n, instance(premise), instance(conclusion)))
        return out
    except _Unsupported as error:
        raise ValueError(str(error)) from None


def _bound_renamed(side: Any, letter: sp.Symbol, *whole: Any) -> Any:
    """``side`` with the sums and products that bind ``letter`` binding a letter that nothing in ``whole`` uses."""
    loops = [n for n in side.atoms(sp.Sum, sp.Product) if letter in n.variables]
    opaque = [f for f in side.atoms(sp.core.function.AppliedUndef) if f.func.__name__ in _OPAQUE]
    loops += [f for f in opaque if letter in f.args[1:]]
    if not loops:
        return side
    used = {s.name for e in whole for s in e.atoms(sp.Symbol)}
    used |= {part["idx"] for part in map(ENTRY.fullmatch, list(used)) if part is not None}
    fresh = next(sp.Symbol(c, **letter.assumptions0) for c in "pqrsuvhm" + "abcdefg" if c not in used)
    return side.xreplace({loop: loop.xreplace({letter: fresh}) for loop in loops})


def _index_cases_applied(lhs: Any, rhs: Any, conditions: list[Any]) -> tuple[Any, Any, list[Any]]:
    """A stated case ``i = k`` between two index letters ("If $i = k$,") applied: every entry at i read at k (``p_i`` ->
    ``p_k``, ``o[i]`` -> ``o[k]``), the case then dropped; a sum that binds i or k binds another letter first."""
    for case in [c for c in conditions if isinstance(c, sp.Eq)]:
        old, new = case.lhs, case.rhs
        if not (isinstance(old, sp.Symbol) and isinstance(new, sp.Symbol) and len(old.name) == 1 and len(new.name) == 1):
            continue
        for letter in (old, new):  # p_i's sum over j beside the case i = j: that sum's j renamed first
            lhs, rhs = (_bound_renamed(side, letter, lhs, rhs) for side in (lhs, rhs))
        renames: dict[Any, Any] = {old: new}
        for side in (lhs, rhs):
            for symbol in side.atoms(sp.Symbol):
                part = ENTRY.fullmatch(symbol.name)
                if part is not None and part["idx"] == old.name:
                    renames[symbol] = sp.Symbol(f"{part['stem']}_{new.name}{part['label'] or ''}", **symbol.assumptions0)
        lhs, rhs = lhs.xreplace(renames), rhs.xreplace(renames)
        conditions = [c for c in conditions if c is not case]
    return lhs, rhs, conditions


def indexed_judgement(
    lhs: Any, rhs: Any, conditions: list[Any], seed: int = 0, timeout_s: float = 3.0, rel: str = "=="
) -> Judgement | None:
    """:func:`check_with_indices` as the kernel's :class:`~derivax.evidence.Judgement` (None: no index range).

    ``check``, ``equiv`` and ``grade`` call it where the plain comparison stops at indexed quantities, so
    they decide the same steps ``steps`` does: agreement at every size is ``confirmed`` (sizes, not a
    proof for every n), a failing size ``refuted`` with its entries.
    """
    start = time.perf_counter()
    result = check_with_indices(lhs, rhs, conditions, seed, timeout_s, rel=rel)
    if result is None:
        return None
    seconds = time.perf_counter() - start
    if result.status == "ok":
        return Judgement(Verdict.CONFIRMED, f"indices: {result.message}", seconds=seconds)
    if result.status == "wrong":
        ce = Counterexample(dict(result.at), result.lhs, result.rhs, "instantiated, a fresh symbol per entry")
        return Judgement(Verdict.REFUTED, "indices", result.message, ce, seconds=seconds)
    return Judgement(Verdict.UNDECIDED, "indices", result.message, seconds=seconds)
