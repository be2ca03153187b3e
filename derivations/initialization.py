r"""Weight initialization: keeping the variance of activations from layer to layer."""

from __future__ import annotations

from pathlib import Path

import sympy as sp
from sympy import stats

from derivax import Claim, Interval, Sym, Twin
from derivax.derivations._common import jax, jnp, rbg_key

n = Sym("n", "n", domain=sp.Range(1, 65), typical=(1, 64))
var_w = Sym("var_w", r"\operatorname{Var}(W)", domain=Interval.open(0, sp.oo), typical=(0.01, 2.0))
var_x = Sym("var_x", r"\operatorname{Var}(x)", domain=Interval.open(0, sp.oo), typical=(0.1, 2.0))
N, VW, VX = n.symbol, var_w.symbol, var_x.symbol

N_MAX, DRAWS = 64, 4000


def _layer_variance(n, var_w, var_x, key):
    r"""Witness: Monte-Carlo over random layers: :math:`W_k` uniform with variance Var(W), :math:`x_k`
    Gaussian with variance Var(x), :math:`h = \sum_{k \le n} W_k x_k`; return :math:`E[h^2]` and its
    standard error."""
    k_w, k_x = jax.random.split(rbg_key(key))
    half_width = jnp.sqrt(3 * var_w)
    weights = jax.random.uniform(k_w, (DRAWS, N_MAX), minval=-half_width, maxval=half_width)
    inputs = jnp.sqrt(var_x) * jax.random.normal(k_x, (DRAWS, N_MAX))
    live = jnp.arange(N_MAX) < n
    h2 = jnp.sum(jnp.where(live, weights * inputs, 0.0), axis=1) ** 2
    return h2.mean(), h2.std() / jnp.sqrt(DRAWS)


def _proof() -> list[tuple[str, object]]:
    weight = stats.Uniform("W", -sp.sqrt(3 * VW), sp.sqrt(3 * VW))
    x = stats.Normal("x", 0, sp.sqrt(VX))
    return [
        (
            r"\(\mathrm{Var}(Wx) = \mathrm{Var}(W)\mathrm{Var}(x)\), independent zero-mean W, x (sympy.stats: W uniform, x Gaussian)",
            sp.Eq(stats.variance(weight * x), VW * VX),
        ),
        (
            r"independent terms: \(\operatorname{Var}(h) = n \operatorname{Var}(Wx)\); kept equal to Var(x) iff Var(W) = 1/n",
            sp.Eq(sp.solveset(sp.Eq(N * VW * VX, VX), VW, Interval.open(0, sp.oo)), sp.FiniteSet(1 / N)),
        ),
    ]


def _figure(path: Path) -> str:
    """The report's figure: Monte-Carlo layer variance against n Var(W)."""
    from derivax.plots import init_variance

    return init_variance(_layer_variance, N_MAX, path)


INIT_VARIANCE = Claim(
    id="init-variance",
    title="Var(h) = n Var(W) Var(x): the variance is kept iff Var(W) = 1/n",
    doc=r"""For :math:`h = \sum_{k=1}^n W_k x_k` with independent zero-mean :math:`W_k, x_k`,
    :math:`\operatorname{Var}(h) = n\operatorname{Var}(W)\operatorname{Var}(x)`, so the variance is kept from layer
    to layer iff :math:`\operatorname{Var}(W) = 1/n`.""",
    symbols=(n, var_w, var_x),
    lhs=N * (VW * VX),
    rhs=N * VW * VX,
    target=1 / N,
    witness=_layer_variance,
    figure=_figure,
    proof=_proof,
    samples=64,
    refs=("Glorot & Bengio 2010, sec. 4.2, eq. (5)", "He et al. 2015, sec. 2.2"),
    seeds=("002_6ed97b43ed789b34.txt", "004_fa734a948880b02e.txt"),
    twins=(
        Twin("no-fan-in", r"the factor n is dropped", rhs=VW * VX),
        Twin("squared-fan-in", "n^2 in place of n", rhs=N**2 * VW * VX),
        Twin("sum-of-variances", r"variances added instead of multiplied", rhs=N * (VW + VX)),
    ),
)
