r"""Symbols that know their domain: one declaration serves SymPy, JAX and Hypothesis.

A :class:`Sym` is a scalar with a domain (a SymPy set) and a *typical box*, the
finite range that samplers draw from. Its SymPy symbol carries the assumptions
the domain implies (``integer``, ``positive``, ...), its sampler includes the
box's edges, and its Hypothesis strategy draws from the same pieces.

A :class:`Vec` is a vector of ``n`` such scalars, where ``n`` is a claim's size
(softmax over ``n`` classes). Its ``kind`` is ``"real"`` (independent entries)
or ``"onehot"`` (a one-hot label, :math:`y = e_c`).

>>> beta = Sym("beta", r"\beta", domain=Interval.open(0, 1))
>>> beta.symbol.is_positive
True
>>> beta.render()
'\\beta \\in \\left(0, 1\\right)'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import sympy as sp
from sympy import Interval, S

if TYPE_CHECKING:  # NumPy and Hypothesis load when a checker samples: `derivax list` and `check` start without them
    import numpy as np
    from hypothesis import strategies as st

__all__ = ["DomainError", "Interval", "S", "Sym", "Vec"]

# Samplers keep this far from an open end so that e.g. beta < 1 stays true in float64.
_OPEN_EDGE = 1e-6


class DomainError(ValueError):
    """A symbol's declaration is inconsistent (typical box outside the domain, ...)."""


def _pieces(domain: sp.Set, box: tuple[float, float]) -> list[sp.Set]:
    """The parts of ``domain`` inside the typical ``box``, as Intervals or Ranges."""
    lo, hi = box
    inside = domain.intersect(Interval(lo, hi))
    parts = list(inside.args) if isinstance(inside, sp.Union) else [inside]
    return [p for p in parts if not p.is_empty and p is not S.EmptySet]


def _closed_ends(piece: sp.Set) -> tuple[float, float]:
    """Float endpoints of an Interval piece, pulled inwards at open ends."""
    lo, hi = float(piece.inf), float(piece.sup)
    width = hi - lo
    nudge = min(_OPEN_EDGE, width / 4) if width > 0 else 0.0
    if getattr(piece, "left_open", False):
        lo += nudge
    if getattr(piece, "right_open", False):
        hi -= nudge
    return lo, hi


@dataclass(frozen=True)
class Sym:
    """A real or integer scalar with a domain and a typical sampling box."""

    name: str
    latex: str | None = None
    domain: sp.Set = S.Reals
    typical: tuple[float, float] = (-3.0, 3.0)

    def __post_init__(self) -> None:
        lo, hi = self.typical
        if not lo < hi:
            raise DomainError(f"{self.name}: typical={self.typical!r} is empty; give (low, high) with low < high.")
        if not _pieces(self.domain, self.typical):
            raise DomainError(
                f"{self.name}: typical={self.typical!r} lies outside its domain {self.domain}; choose a box that meets the domain."
            )

    @property
    def is_integer(self) -> bool:
        return bool(self.domain.is_subset(S.Integers))

    @property
    def symbol(self) -> sp.Symbol:
        """The SymPy symbol, with the assumptions its domain implies."""
        assumptions: dict[str, bool] = {"integer": True} if self.is_integer else {"real": True}
        if self.domain.is_subset(Interval.open(0, sp.oo)):
            assumptions["positive"] = True
        elif self.domain.is_subset(Interval(0, sp.oo)):
            assumptions["nonnegative"] = True
        elif self.domain.is_subset(Interval.open(-sp.oo, 0)):
            assumptions["negative"] = True
        return sp.Symbol(self.name, **assumptions)

    def render(self) -> str:
        """LaTeX for ``name \\in domain``, as a report shows it."""
        return f"{self.latex or sp.latex(self.symbol)} \\in {sp.latex(self.domain)}"

    def edges(self) -> list[float]:
        """Edge values of the typical box (and of each domain piece inside it)."""
        out: list[float] = []
        for piece in _pieces(self.domain, self.typical):
            if isinstance(piece, sp.Range):
                out += [int(piece.inf), int(piece.sup)]
            else:
                out += list(_closed_ends(piece))
        return out

    def sample(self, rng: np.random.Generator, count: int) -> np.ndarray:
        """``count`` values from the typical box, edges first, then uniform draws."""
        import numpy as np

        pieces = _pieces(self.domain, self.typical)
        edges = self.edges()[: max(count // 8, 0)]
        draws = count - len(edges)
        if self.is_integer:
            values = np.concatenate([np.array(list(p), dtype=float) for p in pieces])
            body = rng.choice(values, size=draws)
        else:
            ends = [_closed_ends(p) for p in pieces]
            lengths = np.array([b - a for a, b in ends])
            which = rng.choice(len(ends), size=draws, p=lengths / lengths.sum())
            lows = np.array([ends[k][0] for k in which])
            highs = np.array([ends[k][1] for k in which])
            body = lows + (highs - lows) * rng.random(draws)
        return np.concatenate([np.asarray(edges, dtype=float), body])

    def strategy(self) -> st.SearchStrategy[Any]:
        """A Hypothesis strategy over the typical box, within the domain."""
        from hypothesis import strategies as st

        options = []
        for piece in _pieces(self.domain, self.typical):
            if isinstance(piece, sp.Range):
                options.append(st.integers(int(piece.inf), int(piece.sup)))
            else:
                lo, hi = _closed_ends(piece)
                options.append(st.floats(lo, hi, allow_nan=False, allow_infinity=False))
        return st.one_of(*options)

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True)
class Vec:
    """A vector of ``n`` scalars, ``name_1 .. name_n``; ``n`` is the claim's size."""

    name: str
    latex: str | None = None
    kind: str = "real"  # "real" or "onehot"
    typical: tuple[float, float] = (-5.0, 5.0)
    entry: Sym = field(init=False)

    def __post_init__(self) -> None:
        if self.kind not in ("real", "onehot"):
            raise DomainError(f"{self.name}: kind={self.kind!r}; use 'real' or 'onehot'.")
        domain = Interval(0, 1) if self.kind == "onehot" else S.Reals
        typical = (0.0, 1.0) if self.kind == "onehot" else self.typical
        object.__setattr__(self, "entry", Sym(self.name, self.latex, domain, typical))

    def at(self, n: int) -> tuple[sp.Symbol, ...]:
        """The SymPy symbols ``name_1 .. name_n``."""
        assumptions = {"nonnegative": True} if self.kind == "onehot" else {"real": True}
        return tuple(sp.Symbol(f"{self.name}_{k}", **assumptions) for k in range(1, n + 1))

    def constraints(self, n: int) -> dict[sp.Symbol, sp.Expr]:
        r"""Substitutions that encode the vector's constraint: a one-hot label sums to 1."""
        if self.kind != "onehot":
            return {}
        ys = self.at(n)
        return {ys[-1]: 1 - sum(ys[:-1])}

    def render(self) -> str:
        tex = self.latex or self.name
        if self.kind == "onehot":
            return f"{tex} \\in \\{{e_1, \\dots, e_n\\}}"
        return f"{tex} \\in \\mathbb{{R}}^n"

    def sample(self, rng: np.random.Generator, count: int, n: int) -> np.ndarray:
        import numpy as np

        if self.kind == "onehot":
            return np.eye(n)[rng.integers(0, n, size=count)]
        lo, hi = self.typical
        return lo + (hi - lo) * rng.random((count, n))

    def strategy(self, n: int) -> st.SearchStrategy[Any]:
        from hypothesis import strategies as st

        if self.kind == "onehot":
            return st.integers(0, n - 1).map(lambda c: [float(k == c) for k in range(n)])
        lo, hi = self.typical
        return st.lists(st.floats(lo, hi, allow_nan=False), min_size=n, max_size=n)

    def __str__(self) -> str:
        return self.name
