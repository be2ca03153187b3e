r"""Variances of products, and the initialisations (Glorot, He) that keep activations' variance."""

from __future__ import annotations

import itertools

import sympy as sp

from derivax import Claim, Interval, Sym, Twin, Vec
from derivax.derivations._common import jax, jnp, rbg_key

# ---------------------------------------------------------------------------------------------
# Var(XY) for independent X, Y.

mu_x = Sym("mu_x", r"\operatorname{E}[X]", typical=(-2.0, 2.0))
mu_y = Sym("mu_y", r"\operatorname{E}[Y]", typical=(-2.0, 2.0))
var_x = Sym("var_x", r"\operatorname{Var}(X)", domain=Interval.open(0, sp.oo), typical=(0.1, 2.0))
var_y = Sym("var_y", r"\operatorname{Var}(Y)", domain=Interval.open(0, sp.oo), typical=(0.1, 2.0))
MX, MY, VX, VY = (s.symbol for s in (mu_x, mu_y, var_x, var_y))

DRAWS = 8000


def _variance_with_se(z: jax.Array) -> tuple[jax.Array, jax.Array]:
    r"""Sample variance of ``z`` and its delta-method standard error :math:`\sqrt{(m_4 - s^4)/N}`."""
    count = z.shape[0]
    centered = z - z.mean()
    s2 = jnp.sum(centered**2) / (count - 1)
    m4 = jnp.mean(centered**4)
    return s2, jnp.sqrt(jnp.maximum(m4 - s2**2, 0.0) / count)


def _uniform_law(u: jax.Array, mean: jax.Array, var: jax.Array) -> jax.Array:
    r"""Uniform on :math:`[\mu - \sqrt{3v}, \mu + \sqrt{3v}]` (mean mu, variance v) from U(0, 1) draws ``u``."""
    return mean + jnp.sqrt(3 * var) * (2 * u - 1)


def _product_variance_mc(mu_x, mu_y, var_x, var_y, key):
    r"""Witness: Monte-Carlo :math:`\operatorname{Var}(XY)` for X uniform and Y a shifted, scaled Gamma(2)
    (skewed, not Gaussian), each with the given mean and variance; returns the sample variance of XY
    and its standard error."""
    u = jax.random.uniform(rbg_key(key), (DRAWS, 3), minval=1e-300)
    x = _uniform_law(u[:, 0], mu_x, var_x)
    # Gamma(2) as a sum of two unit exponentials -log(u): mean 2, variance 2.
    g = -jnp.log(u[:, 1]) - jnp.log(u[:, 2])
    y = mu_y + jnp.sqrt(var_y) * (g - 2.0) / jnp.sqrt(2.0)
    return _variance_with_se(x * y)


PRODUCT_VARIANCE = Claim(
    id="product-variance",
    title="Var(XY) = Var X Var Y + Var X (EY)^2 + Var Y (EX)^2 for independent X, Y",
    doc=r"""For independent X, Y, :math:`E[(XY)^2] = E[X^2]E[Y^2]` and :math:`E[XY] = E[X]E[Y]`, so with
    :math:`E[X^2] = \operatorname{Var}X + (EX)^2`,
    :math:`\operatorname{Var}(XY) = \operatorname{Var}X\operatorname{Var}Y + \operatorname{Var}X\,(EY)^2 + \operatorname{Var}Y\,(EX)^2`.
    No distributional assumption beyond independence and finite second moments.""",
    symbols=(mu_x, mu_y, var_x, var_y),
    lhs=(VX + MX**2) * (VY + MY**2) - (MX * MY) ** 2,
    rhs=VX * VY + VX * MY**2 + VY * MX**2,
    target=VX * VY + VX * MY**2 + VY * MX**2,
    witness=_product_variance_mc,
    samples=128,
    refs=("Goodman 1960, 'On the exact variance of products', JASA 55, eq. (2)", "He et al. 2015, sec. 2.2 (the same step)"),
    seeds=("002_6ed97b43ed789b34.txt",),
    twins=(
        Twin("zero-mean-form", "Var X Var Y alone: holds only when both means are zero", rhs=VX * VY),
        Twin("no-variance-product", "the Var X Var Y term dropped", rhs=VX * MY**2 + VY * MX**2),
        Twin("own-mean", "each variance paired with its own mean: Var X (EX)^2 + Var Y (EY)^2", rhs=VX * VY + VX * MX**2 + VY * MY**2),
    ),
)

# ---------------------------------------------------------------------------------------------
# Var(X_1 ... X_n) for n independent factors.

means = Vec("mu", r"\mu", typical=(-1.5, 1.5))
variances = Vec("v", "v", typical=(0.1, 2.0))
_i = sp.Symbol("i", integer=True, positive=True)
_n = sp.Symbol("n", integer=True, positive=True)


def _moments_form(n: int) -> sp.Expr:
    r""":math:`E[(\prod X_i)^2] - (E\prod X_i)^2 = \prod (v_i + \mu_i^2) - \prod \mu_i^2` (independence)."""
    mus, vs = means.at(n), variances.at(n)
    return sp.Mul(*[v + m**2 for v, m in zip(vs, mus, strict=True)]) - sp.Mul(*[m**2 for m in mus])


def _subset_form(n: int) -> sp.Expr:
    r""":math:`\sum_{\emptyset \ne T \subseteq [n]} \prod_{i \in T} v_i \prod_{i \notin T} \mu_i^2`: the term
    :math:`T = [n]` is :math:`\prod v_i`, every other term carries a squared mean."""
    mus, vs = means.at(n), variances.at(n)
    total = sp.Integer(0)
    for size in range(1, n + 1):
        for chosen in itertools.combinations(range(n), size):
            total += sp.Mul(*[vs[k] if k in chosen else mus[k] ** 2 for k in range(n)])
    return total


def _product_variance_n_mc(mu, v, key, size):
    r"""Witness: Monte-Carlo :math:`\operatorname{Var}(\prod_{k \le n} X_k)` for independent non-Gaussian
    factors with means ``mu`` and variances ``v``: uniform for even k, two-point (mean +- sd) for odd k."""
    factors = mu.shape[-1]  # mu and v come padded with zeros past ``size`` (one compile for every n): those factors are 1
    u = jax.random.uniform(rbg_key(key), (DRAWS, factors))
    product = jnp.ones(DRAWS)
    for k in range(factors):
        two_point = mu[k] + jnp.sqrt(v[k]) * jnp.sign(u[:, k] - 0.5)
        product = product * jnp.where(k < size, _uniform_law(u[:, k], mu[k], v[k]) if k % 2 == 0 else two_point, 1.0)
    return _variance_with_se(product)


PRODUCT_VARIANCE_ZERO_MEAN = Claim(
    id="product-variance-zero-mean",
    title="Var(X_1...X_n) = prod(Var X_i + (E X_i)^2) - prod (E X_i)^2: prod Var X_i only for zero means",
    doc=r"""For independent :math:`X_1, \dots, X_n` with means :math:`\mu_i` and variances :math:`v_i`,
    :math:`\operatorname{Var}(\prod_i X_i) = \prod_i (v_i + \mu_i^2) - \prod_i \mu_i^2
    = \sum_{\emptyset \ne T \subseteq [n]} \prod_{i\in T} v_i \prod_{i\notin T}\mu_i^2`.
    Every term but :math:`T = [n]` carries a squared mean, so for zero-mean factors
    :math:`\operatorname{Var}(\prod_i X_i) = \prod_i \operatorname{Var}(X_i)`, and only then (the terms are
    non-negative and :math:`\mu_j^2 \prod_{i \ne j} v_i > 0` when :math:`\mu_j \ne 0`).""",
    symbols=(means, variances),
    sizes=(2, 3, 4, 5),
    padded_witness=True,
    lhs=_moments_form,
    rhs=_subset_form,
    target=sp.Product(sp.IndexedBase("v")[_i], (_i, 1, _n)),
    witness=_product_variance_n_mc,
    samples=64,
    refs=("Goodman 1962, 'The variance of the product of K random variables', JASA 57, eq. (3)", "He et al. 2015, sec. 2.2"),
    seeds=("002_6ed97b43ed789b34.txt",),
    notes="The seed proves the zero-mean case; the claim states the general form, whose zero-mean case is prod Var(X_i). "
    "Its twin 'no-zero-mean' is the zero-mean result used without the hypothesis.",
    twins=(
        Twin(
            "no-zero-mean",
            "prod Var(X_i) without the zero-mean hypothesis: the squared means add variance",
            rhs=lambda n: sp.Mul(*variances.at(n)),
        ),
        Twin(
            "second-moment",
            "the product of second moments, without subtracting prod (E X_i)^2",
            rhs=lambda n: sp.Mul(*[v + m**2 for v, m in zip(variances.at(n), means.at(n), strict=True)]),
        ),
    ),
)

# ---------------------------------------------------------------------------------------------
# Glorot (Xavier) initialisation.

n_in = Sym("n_in", r"n_{\mathrm{in}}", domain=sp.Range(1, 1025), typical=(1, 1024))
n_out = Sym("n_out", r"n_{\mathrm{out}}", domain=sp.Range(1, 1025), typical=(1, 1024))
NIN, NOUT = n_in.symbol, n_out.symbol
FAN = NIN + NOUT

GLOROT_DRAWS = 4000
_w = sp.Symbol("w", real=True)
_r = sp.Symbol("r", positive=True)
_s = sp.Symbol("s", positive=True)  # a positive stand-in (a scale, or the fan sum) keeps SymPy's solvers fast


def _uniform_variance(r: sp.Expr) -> sp.Expr:
    r""":math:`\int_{-r}^{r} w^2 \frac{dw}{2r}`: the variance of U(-r, r)."""
    return sp.integrate(_w**2 / (2 * r), (_w, -r, r))


def _standard_normal_integral(power: int, lower: sp.Expr) -> sp.Expr:
    r""":math:`\int_{\mathrm{lower}}^{\infty} u^p\,\varphi(u)\,du` for the standard normal density :math:`\varphi`."""
    return sp.integrate(_w**power * sp.exp(-(_w**2) / 2) / sp.sqrt(2 * sp.pi), (_w, lower, sp.oo))


def _gaussian_variance(scale: sp.Expr) -> sp.Expr:
    r""":math:`\operatorname{Var}(sZ) = s^2 \int u^2 \varphi(u)\,du` at :math:`s` = ``scale``."""
    return scale**2 * _standard_normal_integral(2, -sp.oo)


def _glorot_half_width() -> sp.Expr:
    r"""The r > 0 with :math:`\operatorname{Var}(U(-r, r)) = 2/(n_{in}+n_{out})`, solved by SymPy."""
    (root,) = sp.solveset(sp.Eq(_uniform_variance(_r), 2 / _s), _r, Interval.open(0, sp.oo))
    return root.subs(_s, FAN)


def _simpson_variance(r: jax.Array) -> jax.Array:
    r"""Variance of U(-r, r) by Simpson's rule on :math:`w^2/(2r)` (exact for a quadratic)."""
    grid = jnp.linspace(-r, r, 65)
    weights = jnp.ones(65).at[1:-1:2].set(4.0).at[2:-1:2].set(2.0)
    return jnp.sum(weights * grid**2 / (2 * r)) * (2 * r / 64) / 3


def _glorot_witness(n_in, n_out, key):
    r"""Witness: (1) Monte-Carlo variance of uniform draws on (-r, r) with :math:`r = \sqrt{6/(n_{in}+n_{out})}`;
    (2) Monte-Carlo variance of :math:`\sqrt{2/(n_{in}+n_{out})}\,Z`, Z standard normal (seed 004, eq. 11);
    (3) the half-width r whose uniform has variance :math:`2/(n_{in}+n_{out})`, by bisection on Simpson's rule."""
    fan = n_in + n_out
    r = jnp.sqrt(6.0 / fan)
    u = jax.random.uniform(rbg_key(key), (GLOROT_DRAWS, 3), minval=1e-300)
    var_u, se_u = _variance_with_se(r * (2 * u[:, 0] - 1))
    # Box-Muller: a standard normal from two uniforms.
    z = jnp.sqrt(-2 * jnp.log(u[:, 1])) * jnp.cos(2 * jnp.pi * u[:, 2])
    var_g, se_g = _variance_with_se(jnp.sqrt(2.0 / fan) * z)

    def halve(_, bracket):
        lo, hi = bracket
        mid = (lo + hi) / 2
        below = _simpson_variance(mid) < 2.0 / fan
        return jnp.where(below, mid, lo), jnp.where(below, hi, mid)

    lo, hi = jax.lax.fori_loop(0, 200, halve, (jnp.float64(1e-9), jnp.float64(10.0)))
    return jnp.array([var_u, var_g, (lo + hi) / 2]), jnp.array([se_u, se_g, 0.0])


GLOROT_VARIANCE = Claim(
    id="glorot-variance",
    title="Glorot: Var(W) = 2/(n_in + n_out), reached by U(-r, r) with r = sqrt(6/(n_in + n_out))",
    doc=r"""Glorot and Bengio keep both the forward and the backward variance by the compromise
    :math:`\operatorname{Var}(W) = 2/(n_{in} + n_{out})` (their eq. 12). Since
    :math:`\operatorname{Var}(U(-r, r)) = r^2/3`, the uniform reaches it for
    :math:`r = \sqrt{6/(n_{in}+n_{out})}` (eq. 16); the Gaussian :math:`\sqrt{2/(n_{in}+n_{out})}\,N(0, 1)`
    reaches it too. Components: the uniform's variance, the Gaussian's variance, the half-width r.""",
    symbols=(n_in, n_out),
    lhs=lambda: sp.Matrix([_uniform_variance(sp.sqrt(6 / FAN)), _gaussian_variance(sp.sqrt(2 / FAN)), _glorot_half_width()]),
    rhs=sp.Matrix([2 / FAN, 2 / FAN, sp.sqrt(6 / FAN)]),
    target=2 / FAN,
    witness=_glorot_witness,
    samples=128,
    refs=("Glorot & Bengio 2010, sec. 4.2, eq. (12) and (16)", "Goodfellow et al., Deep Learning, sec. 8.4"),
    seeds=("004_fa734a948880b02e.txt",),
    twins=(
        Twin(
            "half-width-sqrt3",
            "r = sqrt(3/(n_in + n_out)), whose uniform has variance r^2/3 = 1/(n_in + n_out), half of Glorot's",
            rhs=sp.Matrix([2 / FAN, 2 / FAN, sp.sqrt(3 / FAN)]),
        ),
        Twin(
            "one-over-sum",
            "Var(W) = 1/(n_in + n_out): the factor 2 of the forward/backward compromise lost",
            rhs=sp.Matrix([1 / FAN, 1 / FAN, sp.sqrt(6 / FAN)]),
        ),
    ),
)

# ---------------------------------------------------------------------------------------------
# He (Kaiming) initialisation for ReLU layers.

fan_in = Sym("n", "n", domain=sp.Range(1, 33), typical=(1, 32))
var_w = Sym("var_w", r"\operatorname{Var}(W)", domain=Interval.open(0, sp.oo), typical=(0.01, 2.0))
var_in = Sym("var_x", r"\operatorname{Var}(x)", domain=Interval.open(0, sp.oo), typical=(0.1, 2.0))
N, VW, VIN = fan_in.symbol, var_w.symbol, var_in.symbol

HE_FAN_MAX, HE_DRAWS = 32, 4000


def _relu_second_moment(v: sp.Expr) -> sp.Expr:
    r""":math:`E[\mathrm{relu}(x)^2] = v \int_0^\infty u^2 \varphi(u)\,du` for :math:`x = \sqrt{v}\,u \sim N(0, v)`."""
    return v * _standard_normal_integral(2, 0)


def _relu_layer_variance(n, var_w, var_x, key):
    r"""Witness: Monte-Carlo over random ReLU layers: :math:`x_k \sim N(0, \operatorname{Var}(x))`,
    :math:`W_k \sim N(0, \operatorname{Var}(W))`, :math:`z = \sum_{k \le n} W_k\,\mathrm{relu}(x_k)`;
    returns :math:`E[z^2] = \operatorname{Var}(z)` (E z = 0 as E W = 0) and its standard error."""
    draws = jax.random.normal(rbg_key(key), (2, HE_DRAWS, HE_FAN_MAX))
    weights, inputs = jnp.sqrt(var_w) * draws[0], jnp.sqrt(var_x) * draws[1]
    live = jnp.arange(HE_FAN_MAX) < n
    z2 = jnp.sum(jnp.where(live, weights * jax.nn.relu(inputs), 0.0), axis=1) ** 2
    return z2.mean(), z2.std() / jnp.sqrt(HE_DRAWS)


def _he_proof() -> list[tuple[str, object]]:
    v = sp.Symbol("v", positive=True)
    relu_mean = sp.sqrt(v) * _standard_normal_integral(1, 0)
    return [
        (
            r"\(E[\mathrm{relu}(x)^2] = \operatorname{Var}(x)/2\) for \(x \sim N(0, v)\) (half of a symmetric law)",
            sp.Eq(_relu_second_moment(v), v / 2),
        ),
        (
            r"\(E[\mathrm{relu}(x)]^2 = v/(2\pi) > 0\): the ReLU output is not centred, so E[relu^2] (not its variance) enters",
            sp.Eq(relu_mean**2, v / (2 * sp.pi)),
        ),
        (
            r"independent zero-mean \(W_k\): \(\mathrm{Var}(z) = n\,\mathrm{Var}(W)\,E[\mathrm{relu}(x)^2] = n\,\mathrm{Var}(W)\,v/2\)",
            sp.Eq(N * VW * _relu_second_moment(VIN), N * VW * VIN / 2),
        ),
        (
            r"\(\operatorname{Var}(z) = \operatorname{Var}(x)\) iff \(\operatorname{Var}(W) = 2/n\)",
            sp.Eq(sp.solveset(sp.Eq(N * VW * VIN / 2, VIN), VW, Interval.open(0, sp.oo)), sp.FiniteSet(2 / N)),
        ),
    ]


HE_VARIANCE = Claim(
    id="he-variance",
    title="He: for ReLU layers Var(z) = n Var(W) Var(x) / 2, kept iff Var(W) = 2/n",
    doc=r"""For :math:`z = \sum_{k=1}^n W_k\,\mathrm{relu}(x_k)` with independent zero-mean :math:`W_k` and
    symmetric zero-mean :math:`x_k` of variance v, :math:`E[\mathrm{relu}(x)^2] = v/2`, so
    :math:`\operatorname{Var}(z) = n\operatorname{Var}(W)\,v/2`, which equals v iff
    :math:`\operatorname{Var}(W) = 2/n`.""",
    symbols=(fan_in, var_w, var_in),
    lhs=lambda: N * VW * _relu_second_moment(VIN),
    rhs=N * VW * VIN / 2,
    target=2 / N,
    witness=_relu_layer_variance,
    proof=_he_proof,
    samples=64,
    refs=("He et al. 2015, Delving deep into rectifiers, sec. 2.2, eq. (8)-(10)",),
    seeds=("002_6ed97b43ed789b34.txt", "004_fa734a948880b02e.txt"),
    twins=(
        Twin("no-relu-half", "Var(z) = n Var(W) Var(x), which leads to Var(W) = 1/n: ReLU halves the second moment", rhs=N * VW * VIN),
        Twin(
            "relu-variance",
            "Var(relu(x)) = v (1/2 - 1/(2 pi)) used in place of E(relu(x)^2) = v/2",
            rhs=N * VW * VIN * (sp.pi - 1) / (2 * sp.pi),
        ),
    ),
)
