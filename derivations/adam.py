r"""Adam's moment estimates and their bias correction."""

from __future__ import annotations

from pathlib import Path

import sympy as sp

from derivax import Claim, Interval, Sym, Twin
from derivax.claims import AnswerForm
from derivax.derivations._common import jax, jnp, rbg_key

beta1 = Sym("beta1", r"\beta_1", domain=Interval.open(0, 1), typical=(0.5, 0.99))
beta2 = Sym("beta2", r"\beta_2", domain=Interval.open(0, 1), typical=(0.8, 0.999))
t = Sym("t", "t", domain=sp.Range(1, 41), typical=(1, 40))
mu = Sym("mu", r"\mu", typical=(-2.0, 2.0))
sigma = Sym("sigma", r"\sigma", domain=Interval.open(0, sp.oo), typical=(0.1, 2.0))
B1, B2, T, MU, SIG = (s.symbol for s in (beta1, beta2, t, mu, sigma))
i = sp.Symbol("i", integer=True, positive=True)

T_MAX = 40
STREAMS = 4000


def _simulated_moments(beta1, beta2, t, mu, sigma, key):
    r"""Witness: run :math:`m \leftarrow \beta_1 m + (1-\beta_1) g`, :math:`v \leftarrow \beta_2 v + (1-\beta_2) g^2`
    from 0 for t steps on 4000 streams of :math:`g \sim N(\mu, \sigma^2)`; return the means and their standard errors."""
    g = mu + sigma * jax.random.normal(rbg_key(key), (STREAMS, T_MAX))

    def step(state, k):
        m, v = state
        live = k < t
        m = jnp.where(live, beta1 * m + (1 - beta1) * g[:, k], m)
        v = jnp.where(live, beta2 * v + (1 - beta2) * g[:, k] ** 2, v)
        return (m, v), None

    (m, v), _ = jax.lax.scan(step, (jnp.zeros(STREAMS), jnp.zeros(STREAMS)), jnp.arange(T_MAX))
    means = jnp.array([m.mean(), v.mean()])
    errors = jnp.array([m.std(), v.std()]) / jnp.sqrt(STREAMS)
    return means, errors


def _unrolled(beta: sp.Expr, mean: sp.Expr) -> sp.Expr:
    r""":math:`E[(1-\beta)\sum_{i=1}^t \beta^{t-i} g_i]` for stationary :math:`E[g_i]` = ``mean``."""
    return (1 - beta) * sp.Sum(beta ** (T - i) * mean, (i, 1, T))


SECOND = MU**2 + SIG**2  # E[g^2]


def _figure(path: Path) -> str:
    """The report's figure: raw and corrected moment means of the simulated optimiser."""
    from derivax.plots import adam_bias_correction

    return adam_bias_correction(_simulated_moments, T_MAX, path)


ADAM_BIAS_CORRECTION = Claim(
    id="adam-bias-correction",
    title="Adam's bias correction: E[m_t] = (1 - beta1^t) E[g], E[v_t] = (1 - beta2^t) E[g^2]",
    doc=r"""Unrolled from :math:`m_0 = 0`, :math:`m_t = (1-\beta_1)\sum_{i\le t}\beta_1^{t-i} g_i`; for stationary
    gradients :math:`E[m_t] = (1-\beta_1^t)E[g]`, so :math:`\hat m_t = m_t/(1-\beta_1^t)` is unbiased.
    The same holds for :math:`v_t` with :math:`\beta_2` and :math:`g^2`.""",
    symbols=(beta1, beta2, t, mu, sigma),
    lhs=sp.Matrix([_unrolled(B1, MU), _unrolled(B2, SECOND)]),
    rhs=sp.Matrix([(1 - B1**T) * MU, (1 - B2**T) * SECOND]),
    target=1 - B1**T,
    answer_forms=(
        AnswerForm(r"\frac{m_t}{1-\beta_1^t}", r"the corrected estimate \hat m_t: m_t divided by the bias factor 1 - \beta_1^t"),
        AnswerForm(
            r"\hat{m}_t = \frac{m_t}{1-\beta_1^t}", r"the corrected estimate \hat m_t: m_t divided by the bias factor 1 - \beta_1^t"
        ),
    ),
    witness=_simulated_moments,
    figure=_figure,
    samples=64,
    refs=("Kingma & Ba 2015, Adam, Alg. 1 and sec. 3", "Goodfellow et al., Deep Learning, sec. 8.5.3"),
    seeds=("003_f457ea5a82bac99a.txt", "002_6ed97b43ed789b34.txt"),
    twins=(
        Twin("off-by-one", "1 - beta1^(t-1) in place of 1 - beta1^t", rhs=sp.Matrix([(1 - B1 ** (T - 1)) * MU, (1 - B2**T) * SECOND])),
        Twin("no-bias", r"the raw moments taken as unbiased", rhs=sp.Matrix([MU, SECOND])),
        Twin("mean-squared", "E[g]^2 in place of E[g^2] for the second moment", rhs=sp.Matrix([(1 - B1**T) * MU, (1 - B2**T) * MU**2])),
    ),
)
