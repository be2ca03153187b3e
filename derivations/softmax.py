r"""Softmax output layers and the cross-entropy cost."""

from __future__ import annotations

import sympy as sp

from derivax import Claim, Twin, Vec
from derivax.claims import AnswerForm
from derivax.derivations._common import jax, jnp, softmax

z = Vec("z", "z", typical=(-6.0, 6.0))
y = Vec("y", "y", kind="onehot")


def _cross_entropy(n: int) -> sp.Expr:
    zs, ys = z.at(n), y.at(n)
    return -sum(ys[i] * sp.log(softmax(zs, i)) for i in range(n))


def _delta(n: int) -> sp.Matrix:
    r"""SymPy's derivative :math:`\partial C / \partial z_j` for each j."""
    cost = _cross_entropy(n)
    return sp.Matrix([sp.diff(cost, zj) for zj in z.at(n)])


def _a_minus_y(n: int) -> sp.Matrix:
    zs, ys = z.at(n), y.at(n)
    return sp.Matrix([softmax(zs, j) - ys[j] for j in range(n)])


def _autodiff_delta(z, y, size):
    r"""Witness: ``jax.grad`` of the log-sum-exp cross-entropy, written independently.

    ``z`` and ``y`` come padded with zeros past ``size`` (one compile for every n): a padded logit is
    set to -1e300, so :math:`e^{z_k - \max z}` is exactly 0 there and the normaliser is that of the n
    real classes; its label is 0, so it adds nothing to the cost."""
    zz = jnp.where(jnp.arange(z.shape[-1]) < size, z, -1e300)
    return jax.grad(lambda v: -jnp.sum(y * jax.nn.log_softmax(v)))(zz)


SOFTMAX_CE_DELTA = Claim(
    id="softmax-ce-delta",
    title="Softmax with cross-entropy: dC/dz_j = a_j - y_j",
    doc=r"""For :math:`a = \mathrm{softmax}(z)` over n classes, a one-hot label y and
    :math:`C = -\sum_i y_i \ln a_i`, the output error is
    :math:`\delta_j = \partial C / \partial z_j = a_j - y_j`.""",
    symbols=(z, y),
    sizes=tuple(range(2, 11)),
    padded_witness=True,
    lhs=_delta,
    rhs=_a_minus_y,
    target=sp.Symbol("a_j") - sp.Symbol("y_j"),
    answer_forms=(AnswerForm("a - y", "the vector form: the index j was dropped (component j of a - y is a_j - y_j)"),),
    witness=_autodiff_delta,
    refs=("Nielsen, Neural Networks and Deep Learning, ch. 3, eq. (81)-(84)", "Goodfellow et al., Deep Learning, sec. 6.2.2.3"),
    seeds=("001_ec4cf106366a6e9c.txt", "004_fa734a948880b02e.txt"),
    twins=(
        Twin("flipped-sign", "the sign of the error is reversed", rhs=lambda n: -_a_minus_y(n)),
        Twin(
            "sigmoid-factor",
            "an extra factor a_j (1 - a_j), as for the quadratic cost",
            rhs=lambda n: sp.Matrix([e * softmax(z.at(n), j) * (1 - softmax(z.at(n), j)) for j, e in enumerate(_a_minus_y(n))]),
        ),
        Twin("plus-y", "a_j + y_j in place of a_j - y_j", rhs=lambda n: sp.Matrix([softmax(z.at(n), j) + y.at(n)[j] for j in range(n)])),
    ),
)
