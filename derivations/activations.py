r"""The logistic sigmoid's derivative, and two-class softmax as logistic regression."""

from __future__ import annotations

import sympy as sp

from derivax import Claim, Sym, Twin
from derivax.derivations._common import jax, jnp, sigmoid, softmax

z = Sym("z", "z", typical=(-8.0, 8.0))
Z = z.symbol


def _autodiff_sigmoid_prime(z):
    r"""Witness: :math:`\sigma'(z)` by ``jax.grad`` of ``jax.nn.sigmoid``."""
    return jax.grad(jax.nn.sigmoid)(z)


SIGMOID_DERIVATIVE = Claim(
    id="sigmoid-derivative",
    title="sigma'(z) = sigma(z) (1 - sigma(z))",
    doc=r"""For the logistic function :math:`\sigma(z) = 1/(1 + e^{-z})`,
    :math:`\sigma'(z) = e^{-z}/(1 + e^{-z})^2 = \sigma(z)\,(1 - \sigma(z))`.""",
    symbols=(z,),
    lhs=sp.diff(sigmoid(Z), Z),
    rhs=sigmoid(Z) * (1 - sigmoid(Z)),
    target=sigmoid(Z) * (1 - sigmoid(Z)),
    witness=_autodiff_sigmoid_prime,
    refs=(
        "Nielsen, Neural Networks and Deep Learning, ch. 3, the cross-entropy cost (sigma' = sigma(1 - sigma))",
        "Goodfellow et al., Deep Learning, sec. 3.10",
    ),
    seeds=("001_ec4cf106366a6e9c.txt", "003_f457ea5a82bac99a.txt"),
    twins=(
        Twin("plus-sigma", "sigma (1 + sigma) in place of sigma (1 - sigma)", rhs=sigmoid(Z) * (1 + sigmoid(Z))),
        Twin("tanh-rule", "1 - sigma^2, which is the rule for tanh' = 1 - tanh^2", rhs=1 - sigmoid(Z) ** 2),
        Twin("missing-factor", "the factor sigma is dropped: 1 - sigma", rhs=1 - sigmoid(Z)),
        Twin(
            "bound-0.2499999",
            "the peak 1/4 rounded down to a bound of 0.2499999: sigma' exceeds it for |z| < 0.0013 (a needle)",
            rel="<=",
            rhs=sp.Rational(2499999, 10**7),
        ),
        Twin(
            "tail-0.0003356",
            "sigma' bounded below on the box by 3.356e-4, rounded up from sigma'(8) = 3.3524e-4: fails at the box's edges",
            rel=">=",
            rhs=sp.Rational(3356, 10**7),
        ),
    ),
)

x = Sym("x", "x", typical=(-3.0, 3.0))
w1 = Sym("w1", "w_1", typical=(-3.0, 3.0))
w2 = Sym("w2", "w_2", typical=(-3.0, 3.0))
b1 = Sym("b1", "b_1", typical=(-3.0, 3.0))
b2 = Sym("b2", "b_2", typical=(-3.0, 3.0))
X, W1, W2, B1, B2 = (s.symbol for s in (x, w1, w2, b1, b2))


def _first_softmax_output(x, w1, w2, b1, b2):
    r"""Witness: component 0 of ``jax.nn.softmax`` on the logits :math:`(w_1 x + b_1, w_2 x + b_2)`."""
    return jax.nn.softmax(jnp.array([w1 * x + b1, w2 * x + b2]))[0]


SOFTMAX_TWO_CLASS_LOGISTIC = Claim(
    id="softmax-two-class-logistic",
    title="Two-class softmax is logistic regression with weights w1 - w2, b1 - b2",
    doc=r"""With logits :math:`z_k = w_k x + b_k`, the first output of a two-class softmax is
    :math:`a_1 = \frac{e^{z_1}}{e^{z_1} + e^{z_2}} = \frac{1}{1 + e^{-(z_1 - z_2)}}
    = \sigma\big((w_1 - w_2)x + (b_1 - b_2)\big)`: only the differences of the parameters matter, so the softmax
    model's extra parameters are redundant and it is logistic regression with :math:`w = w_1 - w_2`, :math:`b = b_1 - b_2`.""",
    symbols=(x, w1, w2, b1, b2),
    lhs=softmax((W1 * X + B1, W2 * X + B2), 0),
    rhs=sigmoid((W1 - W2) * X + (B1 - B2)),
    target=sigmoid((W1 - W2) * X + (B1 - B2)),
    witness=_first_softmax_output,
    refs=(
        "Goodfellow et al., Deep Learning, sec. 6.2.2.3 (softmax units; overparametrization)",
        "Bishop, Pattern Recognition and Machine Learning, sec. 4.2 (logistic sigmoid for two classes, softmax for K)",
    ),
    seeds=("003_f457ea5a82bac99a.txt",),
    notes="""Seed 003 sets w_2 = -w_1, b_2 = -b_1 to recover logistic regression sigma(w_l x + b_l) with w_l = w_1. With that substitution
    a_1 = e^u / (e^u + e^-u) = sigma(2u), u = w_1 x + b_1: the logistic weights are w_1 - w_2 = 2 w_1, not w_1. The seed's
    reading is the twin 'seed-half-logit'.""",
    twins=(
        Twin(
            "seed-half-logit",
            "seed 003: w2 = -w1, b2 = -b1 read as sigma(w1 x + b1), i.e. sigma(((w1 - w2) x + b1 - b2) / 2); "
            "the substitution gives e^u / (e^u + e^-u) = sigma(2u), so the logit is w1 - w2 = 2 w1, not half of it",
            rhs=sigmoid(((W1 - W2) * X + (B1 - B2)) / 2),
        ),
        Twin("other-class", "the differences taken the wrong way round: that is a_2", rhs=sigmoid((W2 - W1) * X + (B2 - B1))),
    ),
)
