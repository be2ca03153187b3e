r"""The L2-regularised gradient step: weight decay as a rescaling of the weights."""

from __future__ import annotations

import sympy as sp

from derivax import Claim, Interval, Sym, Twin
from derivax.derivations._common import jax, jnp, sigmoid

eta = Sym("eta", r"\eta", domain=Interval.Lopen(0, 1), typical=(0.01, 1.0))
lam = Sym("lam", r"\lambda", domain=Interval.open(0, sp.oo), typical=(0.05, 5.0))
n = Sym("n", "n", domain=sp.Range(1, 10001), typical=(1, 100))
w1 = Sym("w1", "w_1", typical=(-2.0, 2.0))
w2 = Sym("w2", "w_2", typical=(-2.0, 2.0))
x1 = Sym("x1", "x_1", typical=(-2.0, 2.0))
x2 = Sym("x2", "x_2", typical=(-2.0, 2.0))
y = Sym("y", "y", domain=Interval(0, 1), typical=(0.0, 1.0))
ETA, LAM, N, W1, W2, X1, X2, Y = (s.symbol for s in (eta, lam, n, w1, w2, x1, x2, y))
WEIGHTS = (W1, W2)


def unregularised_cost(ws: tuple[sp.Expr, ...], xs: tuple[sp.Expr, ...], target: sp.Expr) -> sp.Expr:
    r"""A concrete smooth :math:`C_0`: the cross-entropy :math:`-[y\ln a + (1-y)\ln(1-a)]` of one sigmoid unit,
    :math:`a = \sigma(w \cdot x)`."""
    a = sigmoid(sum(wi * xi for wi, xi in zip(ws, xs, strict=True)))
    return -(target * sp.log(a) + (1 - target) * sp.log(1 - a))


def regularised_cost() -> sp.Expr:
    r""":math:`C = C_0 + \frac{\lambda}{2n}\sum_w w^2`."""
    return unregularised_cost(WEIGHTS, (X1, X2), Y) + LAM / (2 * N) * sum(wi**2 for wi in WEIGHTS)


def _gradient_step() -> sp.Matrix:
    r"""SymPy's gradient step :math:`w - \eta\,\partial C/\partial w` on the regularised cost."""
    cost = regularised_cost()
    return sp.Matrix([wi - ETA * sp.diff(cost, wi) for wi in WEIGHTS])


def _decay_rule(factor: sp.Expr) -> sp.Matrix:
    r"""The rule :math:`w \to f\,w - \eta\,\partial C_0/\partial w` with :math:`\partial C_0/\partial w_j = x_j(a - y)`."""
    error = sigmoid(W1 * X1 + W2 * X2) - Y
    return sp.Matrix([factor * wi - ETA * xi * error for wi, xi in zip(WEIGHTS, (X1, X2), strict=True)])


def _autodiff_step(eta, lam, n, w1, w2, x1, x2, y):
    """Witness: one gradient-descent step, with ``jax.grad`` of the regularised cost written in JAX."""

    def cost(w):
        z = w @ jnp.array([x1, x2])
        cross_entropy = -(y * jax.nn.log_sigmoid(z) + (1 - y) * jax.nn.log_sigmoid(-z))
        return cross_entropy + lam / (2 * n) * jnp.sum(w**2)

    w = jnp.array([w1, w2])
    return w - eta * jax.grad(cost)(w)


L2_UPDATE_RULE = Claim(
    id="l2-update-rule",
    title="L2 regularisation: w -> (1 - eta lambda / n) w - eta dC0/dw",
    doc=r"""For the regularised cost :math:`C = C_0 + \frac{\lambda}{2n}\sum_w w^2`,
    :math:`\partial C/\partial w = \partial C_0/\partial w + \frac{\lambda}{n} w`, so a gradient step is
    :math:`w \to \left(1 - \frac{\eta\lambda}{n}\right) w - \eta\,\frac{\partial C_0}{\partial w}`:
    the weights are first rescaled by the weight-decay factor. Checked with the concrete
    :math:`C_0 = -[y\ln a + (1-y)\ln(1-a)]`, :math:`a = \sigma(w_1 x_1 + w_2 x_2)`, for which
    :math:`\partial C_0/\partial w_j = x_j(a - y)`.""",
    symbols=(eta, lam, n, w1, w2, x1, x2, y),
    lhs=_gradient_step,
    rhs=_decay_rule(1 - ETA * LAM / N),
    target=(1 - ETA * LAM / N) * sp.Symbol("w") - ETA * sp.Symbol(r"\partial C_0/\partial w"),
    witness=_autodiff_step,
    refs=("Nielsen, Neural Networks and Deep Learning, ch. 3, eq. (91)-(93)", "Goodfellow et al., Deep Learning, sec. 7.1.1, eq. (7.5)"),
    seeds=("000_f19b0e60249bc75c.txt",),
    twins=(
        Twin("no-n", "the 1/n of the penalty is lost: (1 - eta lambda) w", rhs=_decay_rule(1 - ETA * LAM)),
        Twin("growth", "the sign of the decay is flipped: (1 + eta lambda / n) w", rhs=_decay_rule(1 + ETA * LAM / N)),
    ),
)
