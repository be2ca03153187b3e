r"""Guided counterexample search: climb the *violation* of a statement with ``jax.grad``.

Random points miss mistakes whose counterexamples fill a thin sliver of the box (a bound off by a
small constant, a step-size limit slightly too large). This module maximises how badly the
statement fails instead:

- ``lhs <= rhs`` (or ``<``): the violation is ``lhs - rhs``; ``>=``/``>``: ``rhs - lhs``;
- ``lhs = rhs``: ``|lhs - rhs| / (1 + |rhs|)`` (worst component for a vector);
- ``given => lhs REL rhs``: ``min(hypothesis margin, conclusion violation)``, positive exactly where
  the hypothesis holds and the conclusion fails; with ``iff`` also ``min(-margin, -violation)``.

Each symbol ranges over a piece ``[lo, hi]`` of its domain inside the sampling box, reparametrised
as ``lo + (hi - lo) sigmoid(u)`` so that unconstrained steps in ``u`` never leave the domain (a
domain of two pieces, ``|w| >= 4``, gives each start one piece; integer symbols stay fixed per
start). Adam steps on ``u`` are ``jit``-ed and ``vmap``-ed over all starts at once, in float64, and
the best point of each start is kept. The corners and edges of the box (``|w| = 4``, ``beta -> 1``)
are evaluated as well.

The search only *proposes* points: every caller re-evaluates a candidate exactly (mpmath at 60
digits) before it reports a counterexample. The sides are turned into JAX code by
:func:`derivax.codegen.safe_lambdify` only, so no name from input reaches generated code. JAX is
imported when a search runs, never at import time.
"""

from __future__ import annotations

import functools
import itertools
import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import sympy as sp

from derivax.codegen import safe_lambdify
from derivax.limits import set_aside
from derivax.settings import jax_in_float64

__all__ = ["Candidate", "SearchReport", "search", "violation_of"]

STARTS = 16
STEPS = 80
BOUNDARY_POINTS = 81
_LR = 0.3
_DECAY = 0.005
_EDGE = 12.0  # |u| beyond this is a box edge already (sigmoid(12) = 1 - 6e-6): the edges are tried on their own


@dataclass(frozen=True)
class Candidate:
    """A point where the float64 violation was largest for one start (or one boundary point)."""

    point: dict[str, float]
    violation: float
    found_by: str


@dataclass(frozen=True)
class SearchReport:
    """What the search proposed, and how hard it tried."""

    candidates: tuple[Candidate, ...]
    starts: int
    steps: int
    boundary_points: int
    best_violation: float
    seconds: float
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def summary(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "method": "gradient ascent on the violation (jax.grad, Adam, float64) plus box edges",
            "starts": self.starts,
            "steps": self.steps,
            "boundary_points": self.boundary_points,
            "best_violation": self.best_violation if math.isfinite(self.best_violation) else str(self.best_violation),
            "seconds": round(self.seconds, 3),
        }
        if self.note:
            out["note"] = self.note
        return out


def _jax():
    jax = jax_in_float64()  # as in derivax.numeric
    import jax.numpy as jnp

    return jax, jnp


_WARM_UP_TRIES = 3
_warm_ups: list[bool] = []  # each warm-up's outcome so far


def warmed_up() -> bool:
    """Start JAX and run one small search, with the clock set aside (:func:`derivax.limits.set_aside`): a process's
    first search took 2 s of CPU more than later ones (JAX's backend, its tracing machinery, SymPy's JAX printer), all
    of it out of the budget of whichever check came first. Once it succeeded, True; False where it failed. A failure
    is tried again at a later check, up to :data:`_WARM_UP_TRIES` in all: a passing one (a MemoryError under a worker's
    limit, while one check held the memory) must not take the guided search from every later check, and a JAX that
    never starts is not tried again, uncounted, at every check."""
    if True in _warm_ups:
        return True
    if len(_warm_ups) >= _WARM_UP_TRIES:
        return False
    with set_aside():
        x = sp.Symbol("x")
        small = x * sp.exp(-abs(x)) / (1 + sp.exp(x))
        try:
            _cached(((x,), ("x",), (((-3.0, 3.0, False),),), small, sp.Integer(1), "<=", None, False, 0, 2, 2))
        except Exception:
            _warm_ups.append(False)
            return False
    _warm_ups.append(True)
    return True


def _items(side: Any) -> list[Any]:
    return list(side) if isinstance(side, sp.MatrixBase) else [side]


def violation_of(
    symbols: Sequence[sp.Symbol], lhs: Any, rhs: Any, rel: str, given: Any = None, iff: bool = False, *, numpy: bool = False
) -> Callable[..., Any]:
    """A JAX function of the symbols (arrays broadcast) whose positive values mark counterexamples.

    ``numpy=True``: the same function in NumPy, for points evaluated once (the box's edges), where
    eager JAX would compile each operation first."""
    if numpy:
        jnp = np
    else:
        _, jnp = _jax()
    lhs_items, rhs_items = _items(lhs), _items(rhs)
    g_items = [given.lhs, given.rhs] if given is not None else []
    n = len(lhs_items)
    fn = safe_lambdify(list(symbols), lhs_items + rhs_items + g_items, "numpy" if numpy else "jax")
    g_rel = {sp.StrictLessThan: "<", sp.LessThan: "<=", sp.StrictGreaterThan: ">", sp.GreaterThan: ">=", sp.Equality: "=="}.get(type(given))

    def conclusion(lv: Any, rv: Any) -> Any:
        if rel in ("<=", "<"):
            return lv - rv
        if rel in (">=", ">"):
            return rv - lv
        return jnp.abs(lv - rv) / (1 + jnp.abs(rv))

    def violation(*args: Any) -> Any:
        values = [jnp.asarray(v, dtype=jnp.float64) for v in fn(*args)]
        con = conclusion(values[0], values[n])
        for k in range(1, n):
            con = jnp.maximum(con, conclusion(values[k], values[n + k]))
        if given is None:
            return con
        gl, gr = values[2 * n], values[2 * n + 1]
        margin = {"<": gr - gl, "<=": gr - gl, ">": gl - gr, ">=": gl - gr}.get(g_rel, -jnp.abs(gl - gr))
        out = jnp.minimum(margin, con)
        return jnp.maximum(out, jnp.minimum(-margin, -con)) if iff else out

    return violation


def _ascent(violation: Callable[..., Any], lows: np.ndarray, highs: np.ndarray, u0: np.ndarray, steps: int):
    """Adam on the logits ``u`` of every start at once; the best point and value of each start."""
    jax, jnp = _jax()
    d = lows.shape[1]
    # NumPy constants, folded into the one compiled program: eager JAX would compile each of these operations first.
    free = (highs > lows).astype(np.float64)
    lo, width = lows, highs - lows

    def score(u: Any, lo_row: Any, width_row: Any) -> Any:
        x = lo_row + width_row * jax.nn.sigmoid(u)
        value = violation(*[x[i] for i in range(d)])
        return jnp.where(jnp.isfinite(value), value, -1e300)

    value_grad = jax.vmap(jax.value_and_grad(score))
    eye = np.eye(d) * 1e-5

    def central(u: Any, lo_row: Any, width_row: Any) -> Any:
        """Central differences: the gradient where autodiff gives nan (sqrt at 0 inside a Max, say)."""
        up = jax.vmap(lambda e: score(u + e, lo_row, width_row))(eye)
        down = jax.vmap(lambda e: score(u - e, lo_row, width_row))(eye)
        return (up - down) / 2e-5

    differences = jax.vmap(central)

    # LLVM's cheapest optimisation level: the loop is small and runs once, so compiling it (0.5 to 1 s
    # at the default level) costs more than it saves; the points are only proposals, re-evaluated exactly.
    @functools.partial(jax.jit, compiler_options={"xla_backend_optimization_level": 0})
    def run(u: Any) -> Any:
        def body(i: Any, state: Any) -> Any:
            u, m, v, best_u, best = state
            value, grad = value_grad(u, lo, width)
            grad = jnp.where(jnp.isfinite(grad), grad, differences(u, lo, width))
            grad = jnp.where(jnp.isfinite(grad) & (jnp.abs(grad) < 1e290), grad, 0.0) * free
            better = value > best
            best_u = jnp.where(better[:, None], u, best_u)
            best = jnp.where(better, value, best)
            m = 0.9 * m + 0.1 * grad
            v = 0.999 * v + 0.001 * grad**2
            t = i + 1.0
            # (no floor of 1e-12 under the root: a gradient of 1e-35, e^{-80} far out in a Gaussian's tail, moved
            # nothing, and a start there stayed where it began; a zero gradient still gives a zero step)
            # (|m| beside the root: where the square of a gradient underflows to 0, the step is its sign, never 1e129)
            corrected = m / (1 - 0.9**t)
            step = corrected / (jnp.maximum(jnp.sqrt(v / (1 - 0.999**t)), jnp.abs(corrected)) + 1e-300)
            rate = _LR * _DECAY ** (i / steps)  # large steps to cross the box, small ones to land in a thin sliver
            u = jnp.clip(u + rate * step, -_EDGE, _EDGE)
            return u, m, v, best_u, best

        zeros = jnp.zeros_like(u)
        init = (u, zeros, zeros, u, jnp.full(u.shape[0], -jnp.inf))
        u_end, _, _, best_u, best = jax.lax.fori_loop(0, steps, body, init)
        last, _ = value_grad(u_end, lo, width)
        better = last > best
        best_u = jnp.where(better[:, None], u_end, best_u)
        return lo + width * jax.nn.sigmoid(best_u), jnp.where(better, last, best)

    x, best = run(u0)
    return np.asarray(x), np.asarray(best)


def _boundary(pieces: Sequence[Sequence[tuple[float, float, bool]]], rng: np.random.Generator) -> np.ndarray:
    """Corners, edge midpoints and edges of the box: each symbol at an end of a piece or at its centre."""
    options = []
    for sym_pieces in pieces:
        values: list[float] = []
        for lo, hi, integer in sym_pieces:
            mid = round((lo + hi) / 2) if integer else (lo + hi) / 2
            values += [lo, hi, mid] if hi > lo else [lo]
        options.append(sorted(set(values)))
    total = math.prod(len(o) for o in options)
    if total <= BOUNDARY_POINTS:
        return np.array(list(itertools.product(*options)), dtype=float).reshape(-1, len(pieces))
    return np.array([[o[rng.integers(len(o))] for o in options] for _ in range(BOUNDARY_POINTS)], dtype=float)


def search(
    symbols: Sequence[sp.Symbol],
    names: Sequence[str],
    pieces: Sequence[Sequence[tuple[float, float, bool]]],
    lhs: Any,
    rhs: Any,
    rel: str,
    given: Any = None,
    iff: bool = False,
    *,
    seed: int = 0,
    starts: int = STARTS,
    steps: int = STEPS,
) -> SearchReport:
    """Propose points where ``[given =>] lhs REL rhs`` fails most, best first (see the module docstring).

    ``pieces[i]`` are the ``(low, high, integer)`` pieces symbol ``i`` may take, inside the box.
    Results are cached per statement, box and seed (the numeric and property checkers share them).
    """
    key = (tuple(symbols), tuple(names), tuple(tuple(p) for p in pieces), lhs, rhs, rel, given, iff, seed, starts, steps)
    return _cached(key)


@functools.lru_cache(maxsize=256)
def _cached(key: tuple) -> SearchReport:
    symbols, names, pieces, lhs, rhs, rel, given, iff, seed, starts, steps = key
    begin = time.perf_counter()
    rng = np.random.default_rng(seed)
    d = len(symbols)
    violation = violation_of(symbols, lhs, rhs, rel, given, iff)
    lows, highs = np.zeros((starts, d)), np.zeros((starts, d))
    for j, sym_pieces in enumerate(pieces):
        lengths = np.array([max(hi - lo, 1e-12) for lo, hi, _ in sym_pieces])
        which = rng.choice(len(sym_pieces), size=starts, p=lengths / lengths.sum())
        for i, k in enumerate(which):
            lo, hi, integer = sym_pieces[k]
            if integer:
                lows[i, j] = highs[i, j] = float(rng.integers(math.ceil(lo), math.floor(hi) + 1))
            else:
                lows[i, j], highs[i, j] = lo, hi
    u0 = np.log(1 / rng.uniform(0.02, 0.98, size=(starts, d)) - 1) * -1.0
    candidates: list[Candidate] = []
    x, best = _ascent(violation, lows, highs, u0, steps)
    starts_at = lows + (highs - lows) / (1 + np.exp(-u0))
    for i in range(starts):
        if np.isfinite(best[i]) and best[i] > -1e299:
            origin = ", ".join(f"{n}={v:.4g}" for n, v in zip(names, starts_at[i], strict=True))
            where = dict(zip(names, x[i].tolist(), strict=True))
            candidates.append(Candidate(where, float(best[i]), f"guided search from start {i} ({origin})"))
    edge = _boundary(pieces, rng)
    at_edges = violation_of(symbols, lhs, rhs, rel, given, iff, numpy=True)
    with np.errstate(all="ignore"):
        values = np.asarray(at_edges(*[edge[:, j] for j in range(d)]), dtype=float)
    values = np.broadcast_to(values, (len(edge),))
    order = np.argsort(-np.where(np.isfinite(values), values, -np.inf))[:starts]
    for i in order:
        if np.isfinite(values[i]):
            candidates.append(Candidate(dict(zip(names, edge[i].tolist(), strict=True)), float(values[i]), "boundary point of the box"))
    candidates.sort(key=lambda c: -c.violation)
    best_value = candidates[0].violation if candidates else -math.inf
    return SearchReport(tuple(candidates), starts, steps, len(edge), best_value, time.perf_counter() - begin)
