r"""L2 regularization (weight decay) and what it does over an epoch."""

from __future__ import annotations

from pathlib import Path

import sympy as sp

from derivax import Claim, Interval, Sym, Twin
from derivax.derivations._common import jax, jnp

eta = Sym("eta", r"\eta", domain=Interval.Lopen(0, 1), typical=(0.01, 1.0))
lam = Sym("lam", r"\lambda", domain=Interval.Lopen(0, 1), typical=(0.01, 1.0))
m = Sym("m", "m", domain=sp.Range(1, 129), typical=(1, 128))
ETA, LAM, M = eta.symbol, lam.symbol, m.symbol
N = sp.Symbol("n", positive=True)
_X = sp.Symbol("x", nonnegative=True)  # eta lambda / n, for the interval fact  # training-set size; the limit variable, not sampled


def _epoch_factor(eta, lam, m, steps):
    r"""Apply :math:`w \to (1 - \eta\lambda/n) w` for ``steps`` = n/m mini-batches, with n = m * steps."""
    n = m * steps
    return jax.lax.fori_loop(0, steps, lambda _, f: f * (1 - eta * lam / n), jnp.float64(1.0))


def _simulated_limit(eta, lam, m):
    r"""Witness: simulate one epoch at n/m = K, 2K, 4K and Richardson-extrapolate n -> infinity.

    The gap shrinks like 1/n, so :math:`(8 f_{4K} - 6 f_{2K} + f_K)/3` removes the
    :math:`1/n` and :math:`1/n^2` terms of the error.
    """
    f1, f2, f4 = (_epoch_factor(eta, lam, m, k) for k in (2048, 4096, 8192))
    return (8 * f4 - 6 * f2 + f1) / 3


def _figure(path: Path) -> str:
    """The report's figure: the simulated epoch's decay against n, with the claimed limit."""
    from derivax.plots import claimed_side, weight_decay_factor

    return weight_decay_factor(_epoch_factor, claimed_side(WEIGHT_DECAY_FACTOR, WEIGHT_DECAY_FACTOR.rhs), path)


WEIGHT_DECAY_FACTOR = Claim(
    id="weight-decay-factor",
    title="Weight decay over an epoch tends to exp(-eta lambda / m)",
    doc=r"""With the L2 rule :math:`w \to (1 - \eta\lambda/n) w - \frac{\eta}{m}\sum_x \partial C_x/\partial w`,
    the decay over one epoch of :math:`n/m` mini-batches is :math:`(1 - \eta\lambda/n)^{n/m}`, which tends to
    :math:`e^{-\eta\lambda/m}` as :math:`n \to \infty`; the gap shrinks like :math:`1/n`.""",
    symbols=(eta, lam, m),
    lhs=sp.Limit((1 - ETA * LAM / N) ** (N / M), N, sp.oo),
    rhs=sp.exp(-ETA * LAM / M),
    target=sp.exp(-ETA * LAM / M),
    witness=_simulated_limit,
    figure=_figure,
    rtol=1e-8,
    refs=("Nielsen, Neural Networks and Deep Learning, ch. 3, eq. (93) and problem on weight decay",),
    seeds=("000_f19b0e60249bc75c.txt",),
    twins=(
        Twin("times-m", "m multiplies instead of divides", rhs=sp.exp(-ETA * LAM * M)),
        Twin("first-order", "only the first-order term 1 - eta lambda / m", rhs=1 - ETA * LAM / M),
        Twin("no-batch", "the batch size is dropped: exp(-eta lambda)", rhs=sp.exp(-ETA * LAM)),
    ),
    interval=(
        (
            r"each step's factor \(1 - x\) is at most \(e^{-x}\) for \(x = \eta\lambda/n \in [0, 1]\): "
            r"the epoch decays at least as fast as the limit",
            sp.Le(1 - _X, sp.exp(-_X)),
            ((_X, 0, 1),),
        ),
    ),
)
