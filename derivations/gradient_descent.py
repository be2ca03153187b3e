r"""Gradient descent on a quadratic bowl: when it converges."""

from __future__ import annotations

from pathlib import Path

import sympy as sp

from derivax import Claim, Interval, S, Sym, Twin
from derivax.claims import AnswerForm
from derivax.derivations._common import jax, jnp, rbg_key

eps = Sym("eps", r"\epsilon", domain=Interval.open(0, sp.oo), typical=(0.01, 1.5))
lam_max = Sym("lam_max", r"\lambda_{\max}", domain=Interval.open(0, sp.oo), typical=(0.5, 3.0))
kappa = Sym("kappa", r"\kappa", domain=Interval.Lopen(0, 1), typical=(0.05, 1.0))
EPS, LMAX, KAPPA = eps.symbol, lam_max.symbol, kappa.symbol

DIM, STEPS = 3, 3000
_T, _K = sp.Symbol("t", nonnegative=True), sp.Symbol("kappa", nonnegative=True)  # for the interval facts


def contraction(eps: sp.Expr, lam_min: sp.Expr, lam_max: sp.Expr) -> sp.Expr:
    r"""Spectral radius of :math:`I - 2\epsilon H`: :math:`\max_i |1 - 2\epsilon\lambda_i|`."""
    return sp.Max(sp.Abs(1 - 2 * eps * lam_min), sp.Abs(1 - 2 * eps * lam_max))


def _quadratic(lam_max, kappa, key):
    r"""A random SPD :math:`H = Q\,\mathrm{diag}(\kappa\lambda_{\max}, \lambda, \lambda_{\max})\,Q^T` (Q from the
    QR of a Gaussian matrix, :math:`\lambda` uniform in between) and a random unit :math:`w_0`, from one
    RBG stream (:func:`rbg_key`): ``(h, w0)``."""
    z = jax.random.normal(rbg_key(key), (DIM * DIM + DIM + 1,))
    q, _ = jnp.linalg.qr(z[: DIM * DIM].reshape(DIM, DIM))
    middle = kappa * lam_max + (1 - kappa) * lam_max * jax.scipy.special.ndtr(z[-1])  # Phi(Z) is uniform on (0, 1)
    h = q @ jnp.diag(jnp.array([kappa * lam_max, middle, lam_max])) @ q.T
    w0 = z[DIM * DIM : DIM * DIM + DIM]
    return h, w0 / jnp.linalg.norm(w0)


def _gd_rate(eps, lam_max, kappa, key):
    r"""Witness: run gradient descent on :math:`J(w) = w^T H w` (``jax.grad``) for a random SPD H
    with eigenvalues :math:`\kappa\lambda_{\max} \le \lambda \le \lambda_{\max}` (:func:`_quadratic`); return
    the growth factor per step after 3000 steps (each step renormalised, which GD's linearity allows)."""
    h, w0 = _quadratic(lam_max, kappa, key)
    grad = jax.grad(lambda w: w @ h @ w)

    def step(_, state):
        w, _ = state
        w_next = w - eps * grad(w)
        size = jnp.linalg.norm(w_next)
        return w_next / size, size

    _, rate = jax.lax.fori_loop(0, STEPS, step, (w0, 1.0))
    return rate


def _proof() -> list[tuple[str, object]]:
    e, lam, lo, d = (sp.Symbol(n, positive=True) for n in ("epsilon", "lambda", "lambda_min", "d"))
    h11, h12, h22, w1, w2 = sp.symbols("h11 h12 h22 w1 w2", real=True)
    hm, wv = sp.Matrix([[h11, h12], [h12, h22]]), sp.Matrix([w1, w2])
    grad = sp.Matrix([sp.diff((wv.T * hm * wv)[0], x) for x in (w1, w2)])
    return [
        (
            r"\(\nabla_w (w^T H w) = 2Hw\) for symmetric H, so \(w_{t+1} = (I - 2\epsilon H) w_t\)",
            sp.Eq(grad - 2 * hm * wv, sp.zeros(2, 1)),
        ),
        (
            r"each eigen-mode contracts iff \(|1 - 2\epsilon\lambda| < 1 \iff 0 < \epsilon < 1/\lambda\)",
            sp.Eq(sp.solveset(sp.Abs(1 - 2 * e * lam) < 1, e, S.Reals), Interval.open(0, 1 / lam)),
        ),
        (
            r"\(1/\lambda\) decreases in \(\lambda\), so all modes contract iff \(\epsilon < 1/\lambda_{\max}\)",
            sp.Ge(1 / lo - 1 / (lo + d), 0),
        ),
    ]


def _figure(path: Path) -> str:
    """The report's figure: trajectories either side of 1/lambda_max and the witness's growth rate."""
    from derivax.plots import gd_trajectories

    return gd_trajectories(_gd_rate, _quadratic, DIM, path)


GD_QUADRATIC_CONVERGENCE = Claim(
    id="gd-quadratic-convergence",
    title="Gradient descent on w^T H w converges iff 0 < eps < 1/lambda_max",
    doc=r"""For :math:`J(w) = w^T H w`, H symmetric positive definite with eigen-decomposition
    :math:`Q\Lambda Q^T`, gradient descent gives :math:`w_t = Q(I - 2\epsilon\Lambda)^t Q^T w_0`, which
    converges for every :math:`w_0` iff :math:`\max_i|1 - 2\epsilon\lambda_i| < 1`, i.e. iff
    :math:`0 < \epsilon < 1/\lambda_{\max}`. Here :math:`\lambda_{\min} = \kappa\lambda_{\max}`.""",
    symbols=(eps, lam_max, kappa),
    given=sp.Lt(contraction(EPS, KAPPA * LMAX, LMAX), 1),
    iff=True,
    lhs=EPS,
    rel="<",
    rhs=1 / LMAX,
    target=1 / LMAX,
    answer_forms=(
        AnswerForm(r"\epsilon < \frac{1}{\lambda_{\max}}", "the bound written as the condition on the step size (which is positive)"),
    ),
    witness=_gd_rate,
    figure=_figure,
    proof=_proof,
    atol=1e-3,
    refs=("Goodfellow et al., Deep Learning, sec. 4.3 and 8.2 (eq. 4.9)",),
    seeds=("003_f457ea5a82bac99a.txt",),
    twins=(
        Twin("two-over-lambda", "the bound 2/lambda_max, which holds for J = (1/2) w^T H w", rhs=2 / LMAX),
        Twin("lambda-min", r"the smallest eigenvalue in place of the largest", rhs=1 / (KAPPA * LMAX)),
        # No needle twins here: the witness's tolerance (atol 1e-3 on the contraction) is itself wider
        # than a step-size limit 0.1% too large, so the numeric checker could not refute one.
    ),
    interval=(
        (
            r"with \(t = \epsilon\lambda_{\max} \in [0, 1]\), \(\kappa \in [0, 1]\): the contraction is at most 1",
            sp.Le(contraction(_T, _K, 1), 1),
            ((_T, 0, 1), (_K, 0, 1)),
        ),
        (
            r"for \(t = \epsilon\lambda_{\max} \in [1, 10]\): the contraction is at least 1 (no convergence)",
            sp.Ge(contraction(_T, _K, 1), 1),
            ((_T, 1, 10), (_K, 0, 1)),
        ),
    ),
)
