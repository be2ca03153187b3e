r"""Backpropagation by hand: chains of sigmoids, a sigmoid neuron with L2, max pooling, Gaussian dropout,
and counting a network's parameters."""

from __future__ import annotations

import functools
import itertools

import sympy as sp
from sympy.calculus.util import maximum

from derivax import Claim, Interval, S, Sym, Twin, Vec
from derivax.derivations._common import jax, jnp, rbg_key, sigmoid, sigmoid_prime


def _sigma_prime(z):
    r""":math:`\sigma'(z)` by ``jax.grad`` of ``jax.nn.sigmoid`` (built when a witness runs: JAX loads lazily)."""
    return jax.grad(jax.nn.sigmoid)(z)


# ---------------------------------------------------------------------------------------------
# The vanishing gradient along a chain of scalar sigmoid units.

x0 = Sym("x", "h_0", typical=(-3.0, 3.0))
chain_w = Vec("w", "w", typical=(-3.0, 3.0))
X0 = x0.symbol
_z = sp.Symbol("z", real=True)


@functools.cache
def _sigma_prime_max() -> sp.Expr:
    r""":math:`\max_z \sigma'(z)`, found by SymPy (1/4, at z = 0)."""
    return maximum(sigmoid_prime(_z), _z, S.Reals)


def _activations(n: int) -> list[sp.Expr]:
    r""":math:`h_0 = x`, :math:`h_i = \sigma(w_i h_{i-1})` for i = 1..n."""
    hs = [X0]
    for wi in chain_w.at(n):
        hs.append(sigmoid(wi * hs[-1]))
    return hs


def _chain_lhs(n: int) -> sp.Matrix:
    r"""SymPy's :math:`\partial h_L/\partial w_1`, then :math:`\sup_a |w_i\,\sigma'(w_i a)| = |w_i|\max\sigma'` per layer."""
    ws = chain_w.at(n)
    return sp.Matrix([sp.diff(_activations(n)[-1], ws[0]), *[sp.Abs(wi) * _sigma_prime_max() for wi in ws]])


def _chain_product(n: int, with_input: bool = True) -> sp.Expr:
    r""":math:`h_0\,\sigma'(w_1 h_0) \prod_{i=2}^{L} w_i\,\sigma'(w_i h_{i-1})`."""
    ws, hs = chain_w.at(n), _activations(n)
    first = sigmoid_prime(ws[0] * hs[0]) * (hs[0] if with_input else 1)
    return first * sp.Mul(*[ws[i] * sigmoid_prime(ws[i] * hs[i]) for i in range(1, n)])


QUARTER, HALF = sp.Rational(1, 4), sp.Rational(1, 2)


def _chain_rhs(n: int, bound: sp.Expr = QUARTER, with_input: bool = True) -> sp.Matrix:
    return sp.Matrix([_chain_product(n, with_input), *[sp.Abs(wi) * bound for wi in chain_w.at(n)]])


def _golden_max(f, lo: jax.Array, hi: jax.Array, steps: int = 120) -> jax.Array:
    """Maximum of a unimodal ``f`` on [lo, hi] by golden-section search (elementwise over arrays of brackets)."""
    ratio = (jnp.sqrt(5.0) - 1) / 2

    def shrink(_, bracket):
        a, b = bracket
        c, d = b - ratio * (b - a), a + ratio * (b - a)
        left = f(c) > f(d)
        return jnp.where(left, a, c), jnp.where(left, d, b)

    a, b = jax.lax.fori_loop(0, steps, shrink, (lo, hi))
    return f((a + b) / 2)


def _chain_witness(x, w, size):
    r"""Witness: ``jax.grad`` of the chain :math:`h_L(w_1)` written in JAX, then for each layer the largest
    gain :math:`|w_i\,\sigma'(w_i a)|` over inputs a, by golden-section search (:math:`\sigma'` by ``jax.grad``)."""

    layers = w.shape[-1]  # w comes padded with zeros past ``size`` (one compile for every L): those layers are skipped

    def top(w1):
        h = x
        for i in range(layers):
            h = jnp.where(i < size, jax.nn.sigmoid((w1 if i == 0 else w[i]) * h), h)
        return h

    def gain(a):
        return jnp.abs(w * jax.vmap(_sigma_prime)(w * a))

    gains = _golden_max(gain, jnp.full(layers, -50.0), jnp.full(layers, 50.0))
    return jnp.concatenate([jax.grad(top)(w[0])[None], gains])


CHAIN_SIZES = (2, 3, 4, 5, 6)


def _chain_proof() -> list[tuple[str, object]]:
    d = sigmoid_prime(_z)
    chain_rule = [
        (rf"L = {n}: SymPy's \(\partial h_L/\partial w_1\) is the product of the local factors", sp.Eq(_chain_lhs(n)[0], _chain_product(n)))
        for n in CHAIN_SIZES
    ]
    return [
        *chain_rule,
        (r"\(\sigma''(z) = 0\) only at \(z = 0\)", sp.Eq(sp.solveset(sp.diff(d, _z), _z, S.Reals), sp.FiniteSet(0))),
        (
            r"SymPy's \(\max_z \sigma'(z)\) is \(\sigma'(0) = 1/4\), so \(|w_i\,\sigma'(w_i a)| \le |w_i|/4\), with equality at a = 0",
            sp.Eq(_sigma_prime_max(), d.subs(_z, 0)),
        ),
        (r"\(\sigma'(0) = 1/4\)", sp.Eq(d.subs(_z, 0), QUARTER)),
    ]


VANISHING_GRADIENT_CHAIN = Claim(
    id="vanishing-gradient-chain",
    title="Chain of sigmoids: dh_L/dw_1 = h_0 s'(w_1 h_0) prod w_i s'(w_i h_(i-1)), each factor at most |w_i|/4",
    doc=r"""For :math:`h_i = \sigma(w_i h_{i-1})`, :math:`i = 1..L`, :math:`h_0 = x`, the chain rule gives
    :math:`\frac{\partial h_L}{\partial w_1} = h_0\,\sigma'(w_1 h_0)\prod_{i=2}^{L} w_i\,\sigma'(w_i h_{i-1})`.
    Since :math:`\max_z \sigma'(z) = 1/4`, each factor obeys :math:`|w_i\,\sigma'(w_i a)| \le |w_i|/4`
    (equality at a = 0), so :math:`|\partial h_L/\partial w_1| \le |x| \prod_{i\ge 2}|w_i| / 4^L`: it vanishes
    geometrically when :math:`|w_i| < 4`. Components: the derivative, then :math:`\sup_a |w_i \sigma'(w_i a)|`
    for i = 1..L.""",
    symbols=(x0, chain_w),
    sizes=CHAIN_SIZES,
    padded_witness=True,
    lhs=_chain_lhs,
    rhs=_chain_rhs,
    target=X0
    * sp.Symbol(r"\sigma'(w_1 h_0)")
    * sp.Product(sp.Symbol("w_i") * sp.Symbol(r"\sigma'(w_i h_{i-1})"), (sp.Symbol("i"), 2, sp.Symbol("L"))),
    witness=_chain_witness,
    proof=_chain_proof,
    samples=80,
    refs=(
        "Nielsen, Neural Networks and Deep Learning, ch. 5, 'What's causing the vanishing gradient problem?'",
        "Goodfellow et al., Deep Learning, sec. 8.2.5",
    ),
    seeds=("002_6ed97b43ed789b34.txt", "000_f19b0e60249bc75c.txt"),
    notes="Seed 002 (b.1) sets h_1 = sigma(x), without w_1, and concludes dh_n/dw_1 = 0; with h_1 = sigma(w_1 x) as here "
    "that is the twin 'seed-zero'.",
    twins=(
        Twin("no-input-factor", "the factor h_0 = x from d(w_1 h_0)/dw_1 is lost", rhs=lambda n: _chain_rhs(n, with_input=False)),
        Twin("sigma-prime-half", "max sigma' taken as 1/2: the per-layer bound |w_i|/2", rhs=lambda n: _chain_rhs(n, bound=HALF)),
        Twin(
            "seed-zero",
            "dh_L/dw_1 = 0 (seed 002, which drops w_1 from h_1)",
            rhs=lambda n: sp.Matrix([0, *list(_chain_rhs(n))[1:]]),
        ),
    ),
)

# ---------------------------------------------------------------------------------------------
# Counting the parameters of a fully connected network.

d_in = Sym("d", "d", domain=sp.Range(1, 65), typical=(1, 64))
width = Sym("h", "h", domain=sp.Range(1, 33), typical=(1, 32))
depth = Sym("k", "k", domain=sp.Range(1, 7), typical=(1, 6))
d_out = Sym("o", "o", domain=sp.Range(1, 17), typical=(1, 16))
D, H, K, OUT = (s.symbol for s in (d_in, width, depth, d_out))
_layer = sp.Symbol("j", integer=True, positive=True)

IN_MAX, OUT_MAX, LAYERS_MAX = 64, 32, 7  # largest fan-in, fan-out, and number of weight layers (k + 1)

WEIGHTS = D * H + sp.Sum(H * H, (_layer, 2, K)) + H * OUT  # d->h, (k-1) times h->h, h->o
BIASES = K * H + OUT  # one per hidden and output unit
PARAMETERS = (D + 1) * H + (K - 1) * (H + 1) * H + (H + 1) * OUT
INSTANCE = {D: 20, H: 10, K: 5, OUT: 1}


def _count_parameters(d, h, k, o):
    r"""Witness: lay out each layer's weight matrix and bias vector in arrays of a static largest shape, masked to
    their real shapes (fan_in, fan_out) = (d, h), then (h, h) k-1 times, then (h, o), and count the live entries."""
    layer = jnp.arange(LAYERS_MAX)[:, None, None]
    rows, cols = jnp.arange(IN_MAX)[None, :, None], jnp.arange(OUT_MAX)[None, None, :]
    alive = layer <= k  # weight layers 0..k exist
    fan_in = jnp.where(layer == 0, d, h)
    fan_out = jnp.where(layer == k, o, h)
    weights = jnp.where(alive & (rows < fan_in) & (cols < fan_out), 1.0, 0.0)  # (layers, in, out)
    biases = jnp.where(alive & (cols < fan_out), 1.0, 0.0)  # (layers, 1, out)
    return weights.sum() + biases.sum()


def _parameter_proof() -> list[tuple[str, object]]:
    no_bias = D * H + (K - 1) * H**2 + H * OUT
    return [
        (r"weights plus biases: \(dh + (k-1)h^2 + ho + kh + o = (d+1)h + (k-1)(h+1)h + (h+1)o\)", sp.Eq(WEIGHTS + BIASES, PARAMETERS)),
        (
            r"input 20, five hidden layers of 10, one output: \(21\cdot 10 + 4\cdot 11\cdot 10 + 11 = 661\)",
            sp.Eq(PARAMETERS.subs(INSTANCE), 661),
        ),
        (r"without biases the same net would have \(200 + 400 + 10 = 610\)", sp.Eq(no_bias.subs(INSTANCE), 610)),
        (r"with four hidden layers (three h-to-h blocks) it has 551", sp.Eq(PARAMETERS.subs({**INSTANCE, K: 4}), 551)),
    ]


PARAMETER_COUNT = Claim(
    id="parameter-count",
    title="A fully connected net d -> h (k hidden layers) -> o has (d+1)h + (k-1)(h+1)h + (h+1)o parameters",
    doc=r"""Each dense layer with fan-in :math:`n_{in}` and fan-out :math:`n_{out}` has an
    :math:`n_{in} \times n_{out}` weight matrix and :math:`n_{out}` biases, :math:`(n_{in}+1)n_{out}` parameters.
    With input d, k hidden layers of width h and output o the total is
    :math:`(d+1)h + (k-1)(h+1)h + (h+1)o`. Input 20, five hidden layers of 10 and a scalar output give
    :math:`210 + 440 + 11 = 661`.""",
    symbols=(d_in, width, depth, d_out),
    lhs=WEIGHTS + BIASES,
    rhs=PARAMETERS,
    target=PARAMETERS,
    witness=_count_parameters,
    proof=_parameter_proof,
    samples=128,
    refs=("Goodfellow et al., Deep Learning, sec. 6.4 (architecture design)", "Nielsen, Neural Networks and Deep Learning, ch. 1"),
    seeds=("003_f457ea5a82bac99a.txt",),
    notes="The seed's 661 = (20+1)10 + 4(10+1)10 + (10+1)1 has four hidden-to-hidden blocks, i.e. five hidden layers "
    "(the usual wording of this exercise). With four hidden layers the count is 551; 661 there is the twin 'k-blocks'.",
    twins=(
        Twin("no-biases", "biases forgotten: d h + (k-1) h^2 + h o (610 for the 661 instance)", rhs=D * H + (K - 1) * H**2 + H * OUT),
        Twin("k-blocks", "k hidden-to-hidden blocks for k hidden layers (one too many)", rhs=(D + 1) * H + K * (H + 1) * H + (H + 1) * OUT),
        Twin("bias-per-input", "biases counted per fan-in: (fan_out + 1) fan_in", rhs=(H + 1) * D + (K - 1) * (H + 1) * H + (OUT + 1) * H),
    ),
)

# ---------------------------------------------------------------------------------------------
# A sigmoid neuron with an L2 penalty: gradients and one gradient-descent step.

w = Sym("w", "w", typical=(-3.0, 3.0))
b = Sym("b", "b", typical=(-3.0, 3.0))
x = Sym("x", "x", typical=(-3.0, 3.0))
t = Sym("t", "t", domain=Interval(0, 1), typical=(0.0, 1.0))
lam = Sym("lam", r"\lambda", domain=Interval.open(0, sp.oo), typical=(0.01, 2.0))
W, B, X, T, LAM = (s.symbol for s in (w, b, x, t, lam))
Y = sigmoid(W * X + B)
LOSS = (Y - T) ** 2 / 2 + LAM * W**2 / 2
STEP = sp.Rational(1, 10)
ERR = (Y - T) * Y * (1 - Y)  # dL/dz


def _neuron_loss(w, b, x, t, lam):
    return 0.5 * (jax.nn.sigmoid(w * x + b) - t) ** 2 + 0.5 * lam * w**2


def _neuron_gradients(w, b, x, t, lam):
    """Witness: ``jax.grad`` of the L2-penalised squared error over (w, b, x)."""
    return jnp.stack(jax.grad(_neuron_loss, argnums=(0, 1, 2))(w, b, x, t, lam))


SIGMOID_NEURON_L2_GRADIENTS = Claim(
    id="sigmoid-neuron-l2-gradients",
    title="Sigmoid neuron with L2: dL/dw = (y-t)y(1-y)x + lambda w, dL/db = (y-t)y(1-y), dL/dx = (y-t)y(1-y)w",
    doc=r"""For :math:`y = \sigma(wx + b)` and :math:`L = \frac12 (y-t)^2 + \frac{\lambda}{2} w^2`, with
    :math:`\partial L/\partial z = (y-t)\,y(1-y)`:
    :math:`\partial L/\partial w = (y-t)y(1-y)\,x + \lambda w`, :math:`\partial L/\partial b = (y-t)y(1-y)`,
    :math:`\partial L/\partial x = (y-t)y(1-y)\,w`.""",
    symbols=(w, b, x, t, lam),
    lhs=sp.Matrix([sp.diff(LOSS, v) for v in (W, B, X)]),
    rhs=sp.Matrix([ERR * X + LAM * W, ERR, ERR * W]),
    # ImmutableMatrix: the claim is hashed (cached instances) and Claim freezes lhs/rhs but not target.
    target=sp.ImmutableMatrix([ERR * X + LAM * W, ERR, ERR * W]),
    witness=_neuron_gradients,
    refs=("Goodfellow et al., Deep Learning, sec. 6.5 and 7.1.1", "Nielsen, Neural Networks and Deep Learning, ch. 2 and 3 (eq. 87)"),
    seeds=("003_f457ea5a82bac99a.txt",),
    notes="Seed 003 (3a) has the right gradients; its line dL/dy = lambda/dL dL/dy is conversion noise for 1 * dL/dy.",
    twins=(
        Twin("no-decay", "the lambda w term of the penalty is missing from dL/dw", rhs=sp.Matrix([ERR * X, ERR, ERR * W])),
        Twin("no-sigmoid-factor", "the sigmoid's derivative y(1-y) is missing", rhs=sp.Matrix([(Y - T) * X + LAM * W, Y - T, (Y - T) * W])),
    ),
)


def _neuron_gd_step(w, b, x, t, lam):
    """Witness: one gradient-descent step of size 0.1 on (w, b) with ``jax.grad``."""
    gw, gb = jax.grad(_neuron_loss, argnums=(0, 1))(w, b, x, t, lam)
    return jnp.stack([w - 0.1 * gw, b - 0.1 * gb])


SIGMOID_NEURON_GD_STEP = Claim(
    id="sigmoid-neuron-gd-step",
    title="Sigmoid neuron with L2, one GD step of 0.1: w1 = w0 - 0.1((y-t)y(1-y)x + lambda w0), b1 = b0 - 0.1 (y-t)y(1-y)",
    doc=r"""One step of gradient descent with step 0.1 from :math:`(w_0, b_0)` on the loss of
    ``sigmoid-neuron-l2-gradients``: :math:`w_1 = w_0 - 0.1\,((y-t)y(1-y)x + \lambda w_0)`,
    :math:`b_1 = b_0 - 0.1\,(y-t)y(1-y)`, with :math:`y = \sigma(w_0 x + b_0)`.""",
    symbols=(w, b, x, t, lam),
    lhs=sp.Matrix([W - STEP * sp.diff(LOSS, W), B - STEP * sp.diff(LOSS, B)]),
    rhs=sp.Matrix([W - STEP * (ERR * X + LAM * W), B - STEP * ERR]),
    target=sp.ImmutableMatrix([W - STEP * (ERR * X + LAM * W), B - STEP * ERR]),
    witness=_neuron_gd_step,
    refs=("Goodfellow et al., Deep Learning, sec. 4.3 and 7.1.1",),
    seeds=("003_f457ea5a82bac99a.txt",),
    notes="Seed 003 (3c) gets both updates right; it calls t 'the output of network for input x_0', but t is the target.",
    twins=(
        Twin("ascent", "the step taken up the gradient", rhs=sp.Matrix([W + STEP * (ERR * X + LAM * W), B + STEP * ERR])),
        Twin(
            "decay-outside-step",
            "the decay lambda w0 subtracted without the step size",
            rhs=sp.Matrix([W - STEP * ERR * X - LAM * W, B - STEP * ERR]),
        ),
    ),
)

# ---------------------------------------------------------------------------------------------
# Backpropagation through 2x2 max pooling.

# Distinct boxes: the sampler puts every symbol's lower edge in the first point, which must not be a tie.
a11 = Sym("a11", "a_{11}", typical=(-2.0, 2.0))
a12 = Sym("a12", "a_{12}", typical=(-1.9, 2.1))
a21 = Sym("a21", "a_{21}", typical=(-2.1, 1.9))
a22 = Sym("a22", "a_{22}", typical=(-1.8, 2.2))
delta = Sym("delta", r"\delta", typical=(-3.0, 3.0))
BLOCK = tuple(s.symbol for s in (a11, a12, a21, a22))
DELTA = delta.symbol


def _pool_gradient() -> sp.Matrix:
    r"""SymPy's :math:`\partial(\delta \max a)/\partial a_{jk}`: :math:`\delta\,H(a_{jk} - \max_{\text{others}})`.
    Ties have measure zero; H(0) = 0 there, as no single input is the maximum."""
    grads = [sp.diff(DELTA * sp.Max(*BLOCK), a) for a in BLOCK]
    return sp.Matrix([g.replace(sp.Heaviside, lambda arg, *_: sp.Heaviside(arg, 0)) for g in grads])


def _routing(value: sp.Expr = DELTA) -> sp.Matrix:
    """``value`` at the input that is strictly larger than the other three, 0 elsewhere."""
    return sp.Matrix([sp.Piecewise((value, sp.And(*[a > o for o in BLOCK if o != a])), (0, True)) for a in BLOCK])


def _pool_witness(a11, a12, a21, a22, delta):
    r"""Witness: ``jax.grad`` of :math:`\sum \delta \cdot \mathrm{maxpool}_{2\times 2}(a)`, pooling by ``lax.reduce_window``."""

    def loss(a):
        pooled = jax.lax.reduce_window(a, -jnp.inf, jax.lax.max, (2, 2), (2, 2), "VALID")
        return jnp.sum(delta * pooled)

    return jax.grad(loss)(jnp.array([[a11, a12], [a21, a22]])).ravel()


def _pool_proof() -> list[tuple[str, object]]:
    c = sp.Symbol("c", real=True)
    gaps = sp.symbols("g1:4", positive=True)
    lhs, rhs = _pool_gradient(), _routing()
    facts = []
    for top in range(4):
        cases = []
        for order in itertools.permutations([k for k in range(4) if k != top]):
            # a[order[0]] < a[order[1]] < a[order[2]] < a[top]
            values = {BLOCK[k]: c + sum(gaps[:rank]) for rank, k in enumerate((*order, top))}
            cases.append(sp.Eq(lhs.subs(values), rhs.subs(values)))
        name = sp.latex(BLOCK[top])
        facts.append(
            (rf"if \({name}\) is the strict maximum (all 6 orders of the rest), only \({name}\) receives \(\delta\)", sp.And(*cases))
        )
    return facts


MAXPOOL_BACKPROP = Claim(
    id="maxpool-backprop",
    title="2x2 max pooling routes the upstream gradient delta to the arg-max input only",
    doc=r"""For a 2x2 block :math:`a` of distinct values and upstream gradient :math:`\delta`,
    :math:`\partial(\delta\,\max a)/\partial a_{jk} = \delta` if :math:`a_{jk}` is the maximum, else 0:
    the error goes back only through the unit that won the pooling.""",
    symbols=(a11, a12, a21, a22, delta),
    lhs=_pool_gradient,
    rhs=_routing(),
    target=sp.ImmutableMatrix(_routing()),
    witness=_pool_witness,
    proof=_pool_proof,
    refs=(
        "Nielsen, Neural Networks and Deep Learning, ch. 6, problem 'Backpropagation in a convolutional network'",
        "Goodfellow et al., Deep Learning, sec. 9.3",
    ),
    seeds=("000_f19b0e60249bc75c.txt",),
    twins=(
        Twin("average-pool", "delta/4 to each input, as for average pooling", rhs=sp.Matrix([DELTA / 4] * 4)),
        Twin("every-input", "delta to all four inputs", rhs=sp.Matrix([DELTA] * 4)),
    ),
)

# ---------------------------------------------------------------------------------------------
# Gaussian dropout on a linear unit: the expected gradient carries an L2-like term.

drop_w = Vec("w", "w", typical=(-2.0, 2.0))
drop_x = Vec("x", "x", typical=(-2.0, 2.0))
target_y = Sym("y", "y", typical=(-2.0, 2.0))
alpha = Sym("alpha", r"\alpha", domain=Interval.open(0, sp.oo), typical=(0.05, 1.0))
YD, ALPHA = target_y.symbol, alpha.symbol

DROP_DRAWS = 4000


def _standard_normal_moment(power: int) -> sp.Expr:
    r""":math:`E[\varepsilon^p]` for :math:`\varepsilon \sim N(0, 1)`: 0 for odd p, :math:`(p-1)!!` for even p."""
    return sp.Integer(0) if power % 2 else sp.factorial2(power - 1)


def _gaussian_mean(expr: sp.Expr, eps: tuple[sp.Symbol, ...]) -> sp.Expr:
    r""":math:`E[\mathrm{expr}]` over independent standard normals ``eps``, for a polynomial in them."""
    poly = sp.Poly(sp.expand(expr), *eps)
    return sp.Add(*[coeff * sp.Mul(*[_standard_normal_moment(p) for p in powers]) for powers, coeff in poly.terms()])


def _residual(n: int) -> sp.Expr:
    return YD - sum(wk * xk for wk, xk in zip(drop_w.at(n), drop_x.at(n), strict=True))


def _expected_dropout_gradient(n: int) -> sp.Matrix:
    r""":math:`E[\partial J/\partial w_k]` with :math:`\delta_k = \sqrt{\alpha}\,w_k\varepsilon_k` (noise path included)."""
    ws, xs = drop_w.at(n), drop_x.at(n)
    eps = tuple(sp.Symbol(f"epsilon_{k}", real=True) for k in range(1, n + 1))
    noisy = sum((wk + sp.sqrt(ALPHA) * wk * ek) * xk for wk, ek, xk in zip(ws, eps, xs, strict=True))
    cost = (YD - noisy) ** 2 / 2
    return sp.Matrix([_gaussian_mean(sp.diff(cost, wk), eps) for wk in ws])


def _dropout_rhs(n: int, penalty=lambda wk, xk: ALPHA * wk * xk**2) -> sp.Matrix:
    return sp.Matrix([-_residual(n) * xk + penalty(wk, xk) for wk, xk in zip(drop_w.at(n), drop_x.at(n), strict=True)])


def _dropout_mc(w, x, y, alpha, key, size):
    r"""Witness: Monte-Carlo mean of ``jax.grad`` (over w) of :math:`J = \frac12(y - \sum_k w_k(1 + \sqrt\alpha\,\varepsilon_k)x_k)^2`
    over draws of :math:`\varepsilon \sim N(0, I)`, with its standard error."""

    def cost(weights, eps):
        return 0.5 * (y - jnp.sum(weights * (1 + jnp.sqrt(alpha) * eps) * x)) ** 2

    eps = jax.random.normal(rbg_key(key), (DROP_DRAWS, size))
    grads = jax.vmap(jax.grad(cost), in_axes=(None, 0))(w, eps)
    return grads.mean(axis=0), grads.std(axis=0) / jnp.sqrt(DROP_DRAWS)


GAUSSIAN_DROPOUT_GRADIENT = Claim(
    id="gaussian-dropout-gradient",
    title="Gaussian dropout on a linear unit: E dJ/dw_k = -(y - sum w x) x_k + alpha w_k x_k^2",
    doc=r"""For :math:`J = \frac12\left(y - \sum_k (w_k + \delta_k)x_k\right)^2` with independent
    :math:`\delta_k \sim N(0, \alpha w_k^2)`, written :math:`\delta_k = \sqrt{\alpha}\,w_k\varepsilon_k`,
    :math:`\varepsilon_k \sim N(0, 1)` (multiplicative noise :math:`w_k(1 + \sqrt\alpha\,\varepsilon_k)`, so the
    gradient reaches :math:`w_k` through :math:`\delta_k` too),
    :math:`E[\partial J/\partial w_k] = \partial E[J]/\partial w_k = -(y - \sum_j w_j x_j)x_k + \alpha w_k x_k^2`,
    the gradient of :math:`\frac12(y - w^T x)^2 + \frac{\alpha}{2}\sum_k w_k^2 x_k^2`: an L2 penalty scaled
    by the input's square. With :math:`\delta_k` held fixed instead, the expected gradient has no penalty term.""",
    symbols=(drop_w, drop_x, target_y, alpha),
    sizes=(3,),
    lhs=_expected_dropout_gradient,
    rhs=_dropout_rhs,
    target=-(sp.Symbol("y") - sp.Symbol("w^T x")) * sp.Symbol("x_k") + sp.Symbol("alpha") * sp.Symbol("w_k") * sp.Symbol("x_k") ** 2,
    witness=_dropout_mc,
    samples=96,
    refs=(
        "Srivastava et al. 2014, Dropout, JMLR 15, sec. 9.1 and 10 (multiplicative Gaussian noise)",
        "Goodfellow et al., Deep Learning, sec. 7.12",
    ),
    seeds=("003_f457ea5a82bac99a.txt",),
    notes="Seed 003 (6a) ends with alpha w_k^2 x_k^2 (twin 'seed-wk-squared') and treats x as random (E[x_k], "
    "sigma_k^2); the claim is stated for a fixed input x, the textbook form.",
    twins=(
        Twin(
            "seed-wk-squared",
            "the seed's alpha w_k^2 x_k^2: one power of w_k too many",
            rhs=lambda n: _dropout_rhs(n, lambda wk, xk: ALPHA * wk**2 * xk**2),
        ),
        Twin("no-noise-path", "delta_k held fixed (not reparametrised): no penalty term", rhs=lambda n: _dropout_rhs(n, lambda wk, xk: 0)),
        Twin("penalty-sign", "the penalty term with the wrong sign", rhs=lambda n: _dropout_rhs(n, lambda wk, xk: -ALPHA * wk * xk**2)),
    ),
)
