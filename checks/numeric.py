r"""Numeric checker: the claim against its independent JAX witness at sampled points.

Points are drawn from the symbols' typical boxes (edges included). The witness
(``jax.grad`` of a loss, a simulation, a Monte-Carlo estimate) is ``jit``-ed and
``vmap``-ed over the points in float64; the claimed side is lambdified to NumPy (float64), a
computation of its own.
They agree at a point when

.. math:: |w - r| \le \mathrm{atol} + \mathrm{rtol}\,|r| + 5\,\mathrm{se},

where ``se`` is the witness's own standard error (Monte-Carlo witnesses return
``(mean, se)``; exact ones return a value and ``se = 0``).

For inequalities and implications the random points are followed by the guided search's
(:mod:`derivax.search`) proposals, once the statement fails there when evaluated exactly (mpmath,
60 digits): the witness is run at those points too, and a disagreement there refutes the claim,
with the search that found the point named in the evidence.
"""

from __future__ import annotations

import functools
import inspect
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

import jax
import jax.numpy as jnp
import numpy as np
import sympy as sp

from derivax.claims import Claim, Instance
from derivax.domains import Vec
from derivax.evaluate import NEGATION, clearly, flatten_point, float_function, relation_of, sample_points
from derivax.evidence import Counterexample, Evidence, Verdict, undecided
from derivax.settings import Settings, jax_in_float64

# float64 everywhere (witnesses and claimed sides are compared at rtol down to 1e-9), XLA set up as settings says.
jax_in_float64()

__all__ = ["Z_SCORE", "check", "run_witness"]

NAME = "numeric"
Z_SCORE = 5.0


def _batched(witness: Callable[..., Any], names: tuple[str, ...], size: int | None, padded: bool = False) -> Callable[..., Any]:
    """The witness ``jit``-ed and ``vmap``-ed over points and keys, made once per witness and size.

    jit caches compiled code per function object and argument shapes: a closure made anew per call
    would be traced and compiled again each time, so a claim's twins (which share its witness) and
    the guided search's points each paid a compile of the same computation."""
    try:
        return _batched_cached(witness, names, size, padded)
    except TypeError:  # an unhashable callable: no sharing, the same computation
        return _batched_uncached(witness, names, size, padded)


def _batched_uncached(witness: Callable[..., Any], names: tuple[str, ...], size: int | None, padded: bool = False) -> Callable[..., Any]:
    """Called as ``f(points, keys, n)``; with ``padded``, ``size`` is the padded length and ``n`` the size, a traced integer."""
    wants = inspect.signature(witness).parameters

    def one(point: dict[str, jax.Array], k: jax.Array, n: jax.Array) -> tuple[jax.Array, jax.Array]:
        kwargs: dict[str, Any] = {"size": n if padded else size} if "size" in wants else {}
        if "key" in wants:
            kwargs["key"] = k
        # Positional in declaration order, so that e.g. jax.grad(f) can be a witness as it is.
        out = witness(*[point[name] for name in names], **kwargs)
        value, se = out if isinstance(out, tuple) else (out, 0.0)
        value = jnp.asarray(value, dtype=jnp.float64)
        return value, jnp.broadcast_to(jnp.asarray(se, dtype=jnp.float64), value.shape)

    # A witness that draws (it takes a key) is Monte-Carlo: thousands of draws per point, so its run,
    # not its compile, is what costs; LLVM's optimisation halves that run (he-variance's witness
    # 2.2 s -> 1.2 s, init-variance 2.4 -> 1.4 s, benchmarks/verify_profile.py). Others keep level 0.
    options = {"xla_backend_optimization_level": 2} if "key" in wants else None
    return jax.jit(jax.vmap(one, in_axes=(0, 0, None)), compiler_options=options)


_batched_cached = functools.lru_cache(maxsize=256)(_batched_uncached)

# The witness's values at the last few point sets: a claim and its wrong twins share the witness,
# the seed, the sampled points and the key, so the same (pure, jit-ed) computation would run again
# for each twin. Keyed by the witness, the size and the bytes of the points and the key.
_RESULTS: OrderedDict[tuple, tuple[np.ndarray, np.ndarray]] = OrderedDict()
_RESULTS_KEPT = 64


_SPLIT_WIDTH = 256  # the fewest keys split at once: the library's point counts (16 to 256) all fit


def _split(key: Any, count: int) -> Any:
    """``jax.random.split(key, count)``, bit for bit, through one compiled split for every count up to 256.

    ``split`` is compiled once per count: the claims' point counts (256 over 1 to 9 sizes, a pair for
    each size's subkey) cost a compile each, about 0.15 s, in a cold run. With partitionable
    threefry (JAX's default) key i of a split depends only on the key and i, so the first ``count``
    keys of a split into 256 (or the next power of two) are exactly the keys of a split into
    ``count``; with the older scheme, or a typed key, it is the plain split."""
    if not jax.config.jax_threefry_partitionable or jnp.issubdtype(key.dtype, jax.dtypes.prng_key):
        return jax.random.split(key, count)
    width = max(_SPLIT_WIDTH, 1 << max(count - 1, 0).bit_length())
    return np.asarray(jax.random.split(key, width))[:count]


def run_witness(claim: Claim, size: int | None, points: dict[str, np.ndarray], key: jax.Array) -> tuple[np.ndarray, np.ndarray]:
    """The witness over all points: values and standard errors (zero when exact).

    A claim with ``padded_witness`` has its vectors padded with zeros to its largest size, so the
    witness is compiled once for all sizes; its first components (as many as the witnessed side
    has at this size) are the result."""
    names = tuple(s.name for s in claim.symbols)
    count = len(next(iter(points.values())))
    keys = _split(key, count)
    arrays = {name: np.asarray(points[name]) for name in names}
    padded = bool(claim.padded_witness) and size is not None
    length, width = size, None
    if padded:
        length = max(claim.sizes)
        arrays = {
            s.name: np.pad(arrays[s.name], ((0, 0), (0, length - size))) if isinstance(s, Vec) else arrays[s.name] for s in claim.symbols
        }
        witnessed = next(i for i in claim.instances() if i.size == size).witnessed
        width = len(witnessed) if isinstance(witnessed, sp.MatrixBase) else None
    try:
        memo: tuple | None = (
            claim.witness,
            names,
            size,
            padded,
            np.asarray(jax.random.key_data(keys) if jnp.issubdtype(keys.dtype, jax.dtypes.prng_key) else keys).tobytes(),
            tuple((a.dtype.str, a.shape, a.tobytes()) for a in arrays.values()),
        )
        hash(memo)
    except TypeError:
        memo = None
    if memo is not None and memo in _RESULTS:
        _RESULTS.move_to_end(memo)
        values, errors = _RESULTS[memo]
        return values.copy(), errors.copy()
    values, errors = _batched(claim.witness, names, length, padded)(arrays, keys, np.int64(size if padded else 0))
    values, errors = np.asarray(values), np.asarray(errors)
    if width is not None:
        values, errors = values[:, :width], errors[:, :width]
    if memo is not None:
        _RESULTS[memo] = (values.copy(), errors.copy())
        while len(_RESULTS) > _RESULTS_KEPT:
            _RESULTS.popitem(last=False)
    return values, errors


def _point(points: dict[str, np.ndarray], i: int) -> dict[str, Any]:
    return {k: v[i].tolist() for k, v in points.items()}


def _per_point(x: jax.Array) -> np.ndarray:
    """Reduce vector-valued results to one number per point (worst component)."""
    x = np.asarray(x)
    return x.max(axis=tuple(range(1, x.ndim))) if x.ndim > 1 else x


def _compare_values(claim: Claim, inst: Instance, points: dict, witness: jax.Array, se: jax.Array, rtol: float, atol: float) -> dict:
    args = flatten_point(claim, points)
    claimed = np.asarray(float_function(inst, inst.rhs)(*args))
    witness = np.asarray(witness)
    tol = atol + rtol * np.abs(claimed) + Z_SCORE * np.asarray(se)
    error = np.abs(witness - claimed)
    if inst.rel == "==":
        bad = error > tol
    elif inst.rel in ("<=", "<"):
        bad = witness > claimed + tol
    else:
        bad = witness < claimed - tol
    finite = np.isfinite(witness) & np.isfinite(claimed)
    bad_pt, finite_pt = _per_point(bad & finite), ~_per_point(~finite)
    excess = _per_point(np.where(finite, error - tol, -np.inf))
    # Relative error only where the claimed value is not tiny: near a zero (a width at |w| = 4) it is meaningless.
    rel_err = np.where(finite & (np.abs(claimed) > max(atol, 1e-12)), error / np.maximum(np.abs(claimed), 1e-300), 0.0)
    return {
        "bad": bad_pt,
        "finite": finite_pt,
        "rank": excess,
        "witness": witness,
        "claimed": claimed,
        "max_abs_error": float(np.max(np.where(finite, error, 0.0))),
        "max_rel_error": float(np.max(rel_err)),
        "max_standard_error": float(np.max(se)),
        "worst": int(np.argmax(_per_point(np.where(finite, error, 0.0)))),
    }


def _compare_implication(claim: Claim, inst: Instance, points: dict, witness: jax.Array, se: jax.Array, rtol: float, atol: float) -> dict:
    args = flatten_point(claim, points)
    g_rel = relation_of(inst.given)
    g_rhs = np.asarray(float_function(inst, inst.given.rhs)(*args))
    lhs = np.asarray(float_function(inst, inst.lhs)(*args))
    rhs = np.asarray(float_function(inst, inst.rhs)(*args))
    w = np.asarray(witness)
    g_tol = atol + rtol * np.abs(g_rhs) + Z_SCORE * np.asarray(se)
    c_tol = atol + rtol * np.abs(rhs)
    hyp_true, hyp_false = clearly(g_rel, w, g_rhs, g_tol), clearly(NEGATION[g_rel], w, g_rhs, g_tol)
    con_true, con_false = clearly(inst.rel, lhs, rhs, c_tol), clearly(NEGATION[inst.rel], lhs, rhs, c_tol)
    bad = hyp_true & con_false
    if claim.iff:
        bad = bad | (hyp_false & con_true)
    finite = np.isfinite(w) & np.isfinite(lhs) & np.isfinite(rhs)
    return {
        "bad": bad & finite,
        "finite": finite,
        "rank": np.abs(lhs - rhs) * bad,
        "witness": w,
        "claimed": rhs,
        "lhs": lhs,
        "hypothesis_held": int(np.sum(hyp_true & finite)),
        "hypothesis_failed": int(np.sum(hyp_false & finite)),
    }


def _guided(claim: Claim, inst: Instance, seed: int, rtol: float, atol: float, settings: Settings, count: int):
    """Run the witness at the guided search's proposals that fail exactly; a counterexample if it agrees."""
    from derivax.property import exact_failure, guided_candidates, searchable

    if not searchable(claim, inst):
        return None, None
    report = guided_candidates(claim, inst, seed)
    summary = report.summary()
    failing = []
    for cand in report.candidates[:24]:
        if cand.violation < -1e-3 * (1 + abs(cand.violation)):
            break
        point = {s.name: (round(cand.point[s.name]) if s.is_integer else cand.point[s.name]) for s in claim.symbols}
        if exact_failure(claim, inst, point, settings.rtol, settings.atol) is not None:
            failing.append((point, cand))
        if len(failing) >= 8:
            break
    summary["exactly_failing_proposals"] = len(failing)
    if not failing:
        return None, summary
    points = {s.name: np.array([p[s.name] for p, _ in failing], dtype=float) for s in claim.symbols}
    # Padded with the last proposal to the random points' count: the same shapes, so the witness
    # compiled for them runs here too (a compile costs more than evaluating the extra points).
    pad = max(count - len(failing), 0)
    padded = {name: np.concatenate([v, np.repeat(v[-1:], pad)]) for name, v in points.items()}
    witness, se = run_witness(claim, inst.size, padded, jax.random.PRNGKey(seed + 7919))
    witness, se = witness[: len(failing)], se[: len(failing)]
    compare = _compare_implication if inst.given is not None else _compare_values
    out = compare(claim, inst, points, witness, se, rtol, atol)
    if not out["bad"].any():
        return None, summary
    i = int(np.argmax(np.where(out["bad"], out["rank"], -np.inf)))
    found_by = failing[i][1].found_by
    summary["found_by"] = found_by
    lhs_value = out["lhs"][i] if "lhs" in out else out["witness"][i]
    what = "hypothesis holds (by the witness) but the conclusion fails" if inst.given is not None else "lhs by the independent witness"
    note = f"{what}; point found by {found_by}, and the statement fails there at 60 digits"
    ce = Counterexample(_point(points, i), np.asarray(lhs_value).tolist(), np.asarray(out["claimed"][i]).tolist(), note)
    return ce, summary


def check(claim: Claim, settings: Settings) -> Evidence:
    """Compare the claim with its witness at sampled points; see the module docstring."""
    start = time.perf_counter()
    seed = 0 if settings.seed is None else settings.seed
    rng, key = np.random.default_rng(seed), jax.random.PRNGKey(seed)
    rtol = claim.rtol if claim.rtol is not None else settings.rtol
    atol = claim.atol if claim.atol is not None else settings.atol
    total = claim.samples or settings.samples
    instances = list(claim.instances())
    count = max(total // len(instances), 16)
    details: dict[str, Any] = {"samples": 0, "rtol": rtol, "atol": atol, "z_score_for_standard_error": Z_SCORE, "seed": seed}
    max_abs = max_rel = max_se = 0.0
    worst_at: dict[str, Any] = {}
    held = failed = unusable = 0
    for inst in instances:
        key, sub = _split(key, 2)
        points = sample_points(claim, inst.size, count, rng)
        witness, se = run_witness(claim, inst.size, points, sub)
        compare = _compare_implication if inst.given is not None else _compare_values
        out = compare(claim, inst, points, witness, se, rtol, atol)
        details["samples"] += count
        unusable += int(np.sum(~out["finite"]))
        if inst.given is not None:
            held += out["hypothesis_held"]
            failed += out["hypothesis_failed"]
        else:
            if out["max_abs_error"] >= max_abs:
                worst_at = _point(points, out["worst"])
                worst_at = {"n": inst.size, **worst_at} if inst.size is not None else worst_at
            max_abs, max_rel = max(max_abs, out["max_abs_error"]), max(max_rel, out["max_rel_error"])
            max_se = max(max_se, out["max_standard_error"])
        if out["bad"].any():
            i = int(np.argmax(np.where(out["bad"], out["rank"], -np.inf)))
            at = _point(points, i)
            if inst.size is not None:
                at = {"n": inst.size, **at}
            lhs_value = out["lhs"][i] if "lhs" in out else out["witness"][i]
            note = (
                "hypothesis holds (by the witness) but the conclusion fails"
                if inst.given is not None
                else "lhs by the independent witness, rhs as claimed"
            )
            details.update(sizes=[i.size for i in instances if i.size is not None] or None, unusable_points=unusable)
            ce = Counterexample(at, np.asarray(lhs_value).tolist(), np.asarray(out["claimed"][i]).tolist(), note)
            return Evidence(NAME, Verdict.REFUTED, f"disagrees with the witness {ce.describe()}", details, ce, time.perf_counter() - start)
    for inst in instances:
        ce, search = _guided(claim, inst, seed, rtol, atol, settings, count)
        if search is not None:
            details["guided_search"] = search
        if ce is not None:
            details.update(unusable_points=unusable)
            return Evidence(NAME, Verdict.REFUTED, f"disagrees with the witness {ce.describe()}", details, ce, time.perf_counter() - start)
    details["unusable_points"] = unusable
    if any(i.size is not None for i in instances):
        details["sizes"] = [i.size for i in instances]
    seconds = time.perf_counter() - start
    if unusable > details["samples"] // 2:
        return undecided(NAME, f"{unusable} of {details['samples']} points gave non-finite values", **details)
    if instances[0].given is not None:
        details.update(hypothesis_held=held, hypothesis_failed=failed)
        if held == 0:
            return undecided(NAME, "no sampled point satisfied the hypothesis; widen the typical boxes", **details)
        summary = f"conclusion held at all {held} sampled points where the hypothesis held"
    else:
        details.update(max_abs_error=max_abs, max_rel_error=max_rel, max_standard_error=max_se, worst_at=worst_at)
        mc = f" + {Z_SCORE:g} Monte-Carlo standard errors (up to {max_se:.3g})" if max_se > 0 else ""
        summary = f"agrees with the witness at {details['samples']} points (max abs error {max_abs:.3g}; rtol {rtol:g}, atol {atol:g}{mc})"
    return Evidence(NAME, Verdict.CONFIRMED, summary, details, None, seconds)
