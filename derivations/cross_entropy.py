r"""The binary cross-entropy cost: its form, its likelihood reading, its minimum; softmax at low temperature."""

from __future__ import annotations

import sympy as sp

from derivax import Claim, Interval, Sym, Twin
from derivax.derivations._common import LazyModule, jax, jnp

special, stats = LazyModule("jax.scipy.special"), LazyModule("jax.scipy.stats")

Y_LIMIT = sp.Symbol("y", positive=True)  # the label as a limit variable, not sampled
C_VAR = sp.Symbol("c", positive=True)  # the softmax sharpness (inverse temperature), not sampled


def cross_entropy(a: sp.Expr, y: sp.Expr) -> sp.Expr:
    r"""The binary cross-entropy :math:`C = -[y \ln a + (1-y)\ln(1-a)]` for output a and label y."""
    return -(y * sp.log(a) + (1 - y) * sp.log(1 - a))


def _entropy_decomposition(p, q):
    r"""Cross-entropy :math:`H(p, q) = -\sum_i p_i \ln q_i` of two-point distributions, as
    :math:`H(p) + \mathrm{KL}(p \| q)` with JAX's ``entr`` and ``rel_entr`` (which take :math:`0 \ln 0 = 0`)."""
    return jnp.sum(special.entr(p)) + jnp.sum(special.rel_entr(p, q))


# --- the swapped form -[a ln y + (1-a) ln(1-y)] ------------------------------------------------

a_out = Sym("a", "a", domain=Interval.open(0, 1), typical=(0.0, 1.0))
A_OUT = a_out.symbol
SWAPPED = cross_entropy(Y_LIMIT, A_OUT)  # -[a ln y + (1-a) ln(1-y)]: the roles of a and y exchanged
NEAR = 1e-300  # distance of y from 0 or 1 in the witness; the next term of the rate is ~ NEAR / ln(1/NEAR)


def _growth_rates(a):
    r"""Witness: the swapped cost as the cross-entropy :math:`H((a, 1-a), (y, 1-y))` (``entr`` + ``rel_entr``) at
    :math:`y = 10^{-300}` and :math:`y = 1 - 10^{-300}`, divided by :math:`\ln(1/y)` resp. :math:`\ln(1/(1-y))`.

    ``q`` is passed as its two entries so that :math:`1 - y` is exact; the rates' next terms are below 1e-300.
    """
    p = jnp.array([a, 1 - a])
    scale = -jnp.log(NEAR)
    at_zero = _entropy_decomposition(p, jnp.array([NEAR, 1.0])) / scale
    at_one = _entropy_decomposition(p, jnp.array([1.0, NEAR])) / scale
    return jnp.array([at_zero, at_one])


def _undefined_proof() -> list[tuple[str, object]]:
    u = sp.Symbol("u", positive=True)
    correct = cross_entropy(A_OUT, Y_LIMIT)
    return [
        (
            r"\(-[a\ln y + (1-a)\ln(1-y)] / \ln(1/y) \to a\) as \(y \to 0^+\)",
            sp.Eq(sp.limit(SWAPPED / -sp.log(Y_LIMIT), Y_LIMIT, 0, "+"), A_OUT),
        ),
        (
            r"\(-[a\ln y + (1-a)\ln(1-y)] / \ln(1/(1-y)) \to 1-a\) as \(y \to 1^-\)",
            sp.Eq(sp.limit(SWAPPED / -sp.log(1 - Y_LIMIT), Y_LIMIT, 1, "-"), 1 - A_OUT),
        ),
        (
            r"both rates are positive on \(0 < a < 1\) (write \(a = 1/(1+u)\), \(u > 0\)), so the swapped cost \(\to +\infty\)",
            sp.Gt(1 - 1 / (1 + u), 0),
        ),
        (r"the correct form \(-[y\ln a + (1-y)\ln(1-a)]\) is affine in y", sp.Eq(sp.diff(correct, Y_LIMIT, 2), 0)),
        (r"at \(y = 0\) it is \(-\ln(1-a)\), finite for \(a < 1\)", sp.Eq(correct.subs(Y_LIMIT, 0), -sp.log(1 - A_OUT))),
        (
            r"at \(y = 1\) it is \(-\ln a\), finite for \(a > 0\); so on \([0, 1]\) it is at most \(-\ln\min(a, 1-a)\)",
            sp.Eq(correct.subs(Y_LIMIT, 1), -sp.log(A_OUT)),
        ),
    ]


CROSS_ENTROPY_UNDEFINED = Claim(
    id="cross-entropy-undefined",
    title="The swapped form -[a ln y + (1-a) ln(1-y)] blows up at y = 0 and y = 1",
    doc=r"""For an output :math:`0 < a < 1`, the swapped cost :math:`S(a, y) = -[a\ln y + (1-a)\ln(1-y)]` grows without
    bound at both labels: :math:`S/\ln(1/y) \to a` as :math:`y \to 0^+` and :math:`S/\ln(1/(1-y)) \to 1 - a` as
    :math:`y \to 1^-`, both rates positive, so :math:`S(a, 0)` and :math:`S(a, 1)` are undefined (infinite).
    The correct form :math:`C = -[y\ln a + (1-y)\ln(1-a)]` is affine in y with values :math:`-\ln(1-a)` and
    :math:`-\ln a` at the ends, so it is finite, at most :math:`-\ln\min(a, 1-a)`, for all :math:`y \in [0, 1]`.""",
    symbols=(a_out,),
    lhs=sp.Matrix(
        [
            sp.Limit(SWAPPED / -sp.log(Y_LIMIT), Y_LIMIT, 0, "+"),
            sp.Limit(SWAPPED / -sp.log(1 - Y_LIMIT), Y_LIMIT, 1, "-"),
        ]
    ),
    rhs=sp.Matrix([A_OUT, 1 - A_OUT]),
    target=A_OUT,
    witness=_growth_rates,
    proof=_undefined_proof,
    refs=("Nielsen, Neural Networks and Deep Learning, ch. 3, eq. (57) and the exercise on the swapped form -[a ln y + (1-a) ln(1-y)]",),
    seeds=("001_ec4cf106366a6e9c.txt",),
    notes="""'Undefined at y = 0, 1' cannot be compared numerically (both sides would be infinite), so the claim states the
    growth rates of the swapped form, a > 0 at y -> 0+ and 1 - a > 0 at y -> 1-, which say that it tends to +infinity at
    both labels. The finiteness of the correct form for every y in [0, 1] is part of the declared proof (facts 4-6),
    not of the sampled statement.""",
    twins=(
        Twin(
            "bounded", "the swapped form taken as finite at the labels, like the correct form: no logarithmic growth", rhs=sp.Matrix([0, 0])
        ),
        Twin(
            "ends-mixed-up",
            "the rates exchanged: at y -> 0 it is the a ln y term that blows up, at y -> 1 the (1-a) ln(1-y) term",
            rhs=sp.Matrix([1 - A_OUT, A_OUT]),
        ),
    ),
)


# --- the Bernoulli negative log-likelihood ---------------------------------------------------------

theta = Sym("theta", r"\theta", domain=Interval.open(0, 1), typical=(0.0, 1.0))
label = Sym("y", "y", domain=sp.Range(0, 2), typical=(0, 1))
THETA, LABEL = theta.symbol, label.symbol


def _bernoulli_nll(theta, y):
    r"""Witness: :math:`-\ln P(y \mid \theta)` from ``jax.scipy.stats.bernoulli.logpmf``."""
    return -stats.bernoulli.logpmf(y.astype(int), theta)


BERNOULLI_NLL = Claim(
    id="bernoulli-nll",
    title="The Bernoulli negative log-likelihood is the binary cross-entropy",
    doc=r"""For a Bernoulli model :math:`P(y \mid \theta) = \theta^y (1-\theta)^{1-y}`, :math:`y \in \{0, 1\}`,
    the negative log-likelihood is :math:`-\ln P(y \mid \theta) = -[y\ln\theta + (1-y)\ln(1-\theta)]`, the binary
    cross-entropy; averaged over the data it is the cost :math:`C = -\frac{1}{n}\sum_x [y\ln a + (1-y)\ln(1-a)]`.""",
    symbols=(theta, label),
    lhs=-sp.log(THETA**LABEL * (1 - THETA) ** (1 - LABEL)),
    rhs=cross_entropy(THETA, LABEL),
    target=cross_entropy(THETA, LABEL),
    witness=_bernoulli_nll,
    refs=(
        "Goodfellow et al., Deep Learning, sec. 3.9.2 (Bernoulli distribution) and sec. 6.2.2.2 (sigmoid units for Bernoulli outputs)",
        "Nielsen, Neural Networks and Deep Learning, ch. 3, eq. (57)",
    ),
    seeds=("001_ec4cf106366a6e9c.txt",),
    notes="""Seed 001 writes the pmf as y theta + (1-y)(1-theta) (and calls it a cdf). On y in {0, 1} that equals
    theta^y (1-theta)^(1-y), and ln(y theta + (1-y)(1-theta)) = y ln theta + (1-y) ln(1-theta) there, so its
    'distribute the log' step is right for binary labels only; it is not a twin. The claim uses the textbook pmf.""",
    twins=(
        Twin("no-minus", "the log-likelihood itself, without the minus sign", rhs=-cross_entropy(THETA, LABEL)),
        Twin(
            "swapped-probabilities",
            "theta and 1 - theta exchanged: the likelihood of the other label",
            rhs=-(LABEL * sp.log(1 - THETA) + (1 - LABEL) * sp.log(THETA)),
        ),
    ),
)


# --- the minimum of C(a) at a = y ------------------------------------------------------------------

a_min = Sym("a", "a", domain=Interval.open(0, 1), typical=(0.01, 0.99))
y_min = Sym("y", "y", domain=Interval.open(0, 1), typical=(0.01, 0.99))
A, Y = a_min.symbol, y_min.symbol
COST = cross_entropy(A, Y)
SECOND_DERIVATIVE = Y / A**2 + (1 - Y) / (1 - A) ** 2


def _critical_point() -> sp.Expr:
    r"""The one solution of :math:`C'(a) = 0`, by SymPy."""
    (root,) = sp.solve(sp.diff(COST, A), A)
    return root


def _jax_cost(a, y):
    r""":math:`C(a) = -[y\ln a + (1-y)\ln(1-a)]` in JAX (``log1p`` keeps :math:`\ln(1-a)` accurate for small a)."""
    return -(y * jnp.log(a) + (1 - y) * jnp.log1p(-a))


def _minimum_by_autodiff(a, y):
    r"""Witness: bisect :math:`C'(a) = 0` on (0, 1) with :math:`C'` from ``jax.grad`` (C is convex, so C' changes sign
    once), and :math:`C''(a)` from ``jax.grad(jax.grad(C))``."""
    slope = jax.grad(_jax_cost)

    def step(_, bracket):
        lo, hi = bracket
        mid = (lo + hi) / 2
        rising = slope(mid, y) > 0
        return jnp.where(rising, lo, mid), jnp.where(rising, mid, hi)

    lo, hi = jax.lax.fori_loop(0, 100, step, (jnp.float64(0.0), jnp.float64(1.0)))
    return jnp.array([(lo + hi) / 2, jax.grad(slope)(a, y)])


def _minimum_proof() -> list[tuple[str, object]]:
    u, v = sp.Symbol("u", positive=True), sp.Symbol("v", positive=True)
    # a = 1/(1+u), y = 1/(1+v) with u, v > 0 run over all of (0, 1), and SymPy then knows 1 - a, 1 - y > 0.
    inside = {A: 1 / (1 + u), Y: 1 / (1 + v)}
    return [
        (r"\(C'(a) = -y/a + (1-y)/(1-a) = (a - y)/(a(1-a))\)", sp.Eq(sp.diff(COST, A), (A - Y) / (A * (1 - A)))),
        (
            r"\(C'(a) = 0\) on \((0, 1)\) only at \(a = y\) (with \(y = 1/(1+v)\), \(v > 0\))",
            sp.Eq(sp.solveset(sp.diff(COST, A).subs(Y, inside[Y]), A, Interval.open(0, 1)), sp.FiniteSet(inside[Y])),
        ),
        (r"\(C''(a) = y/a^2 + (1-y)/(1-a)^2\)", sp.Eq(sp.diff(COST, A, 2), SECOND_DERIVATIVE)),
        (r"\(C''(a) > 0\) for \(0 < a, y < 1\), so \(a = y\) is the minimum", sp.Gt(SECOND_DERIVATIVE.subs(inside), 0)),
    ]


CROSS_ENTROPY_MINIMUM = Claim(
    id="cross-entropy-minimum",
    title="C(a) = -(y ln a + (1-y) ln(1-a)) is minimized at a = y; C'' = y/a^2 + (1-y)/(1-a)^2 > 0",
    doc=r"""For a label :math:`0 < y < 1`, :math:`C(a) = -(y\ln a + (1-y)\ln(1-a))` has
    :math:`C'(a) = (a - y)/(a(1-a))`, which vanishes on (0, 1) only at :math:`a = y`, and
    :math:`C''(a) = y/a^2 + (1-y)/(1-a)^2 > 0`, so C is convex and :math:`a = \sigma(z) = y` is its minimum.
    The statement is the pair (critical point, :math:`C''(a)`).""",
    symbols=(a_min, y_min),
    lhs=lambda: sp.Matrix([_critical_point(), sp.diff(COST, A, 2)]),
    rhs=sp.Matrix([Y, SECOND_DERIVATIVE]),
    target=Y,
    witness=_minimum_by_autodiff,
    proof=_minimum_proof,
    refs=("Nielsen, Neural Networks and Deep Learning, ch. 3, problem: cross-entropy minimized at sigma(z) = y",),
    seeds=("001_ec4cf106366a6e9c.txt",),
    twins=(
        Twin(
            "second-derivative-sign",
            "C'' = y/a^2 - (1-y)/(1-a)^2: the sign of the second term lost",
            rhs=sp.Matrix([Y, Y / A**2 - (1 - Y) / (1 - A) ** 2]),
        ),
        Twin("minimum-at-one-minus-y", "the minimum placed at a = 1 - y", rhs=sp.Matrix([1 - Y, SECOND_DERIVATIVE])),
    ),
    interval=(
        (
            r"\(C''(a) \ge 1\) on \([0.01, 0.99]^2\): C is strictly convex there",
            sp.Ge(SECOND_DERIVATIVE, 1),
            ((A, 0.01, 0.99), (Y, 0.01, 0.99)),
        ),
    ),
)


# --- softmax with a sharpness c -> infinity ---------------------------------------------------------

SIZES = (1, 3)  # n, the number of entries below the maximum (two sizes: each costs a JAX compile)
tied = Sym("k", "k", domain=sp.Range(1, 7), typical=(1, 6))
gaps = tuple(Sym(f"h{i}", f"h_{i}", domain=Interval.open(0, sp.oo), typical=(0.05, 3.0)) for i in range(1, max(SIZES) + 1))
K = tied.symbol
H = tuple(h.symbol for h in gaps)
K_MAX = 6
SHARP = 1e4  # c in the witness: every term e^{-c h} with h >= 0.05 is below e^{-500}


def _sharp_softmax_terms(n: int) -> tuple[sp.Expr, sp.Expr]:
    r"""Outputs 1 (a maximum) and k + 1 (the first entry below) of :math:`\mathrm{softmax}(c z)` for
    :math:`z = (0, \dots, 0, -h_1, \dots, -h_n)` with k zeros, written out as :math:`e^{c z_j} / \sum_i e^{c z_i}`."""
    logits = [sp.Integer(0)] + [-h for h in H[:n]]  # one of the k equal maxima, then the n entries below
    total = K * sp.exp(C_VAR * logits[0]) + sum(sp.exp(C_VAR * zi) for zi in logits[1:])
    return sp.exp(C_VAR * logits[0]) / total, sp.exp(C_VAR * logits[1]) / total


def _softmax_limits(n: int) -> sp.Matrix:
    r"""The limits as :math:`c \to \infty` of a maximal output and of the output of the first entry below the maximum."""
    return sp.Matrix([sp.Limit(term, C_VAR, sp.oo) for term in _sharp_softmax_terms(n)])


def _sharp_softmax(k, h1, h2, h3, size):
    r"""Witness: ``jax.nn.softmax`` of :math:`c z` at :math:`c = 10^4`, z = (k zeros, :math:`-h_1, \dots, -h_n`); the
    unused slots (maxima beyond k, gaps beyond n) are masked out. Returns the outputs of a maximum and of :math:`-h_1`.

    The distance to the limit is at most :math:`n e^{-c \min h} \le 3 e^{-500}`, far below float64 resolution.
    """
    z = jnp.concatenate([jnp.zeros(K_MAX), -jnp.array([h1, h2, h3])])
    live = jnp.concatenate([jnp.arange(K_MAX) < k, jnp.arange(len(gaps)) < size])
    out = jax.nn.softmax(SHARP * z, where=live)
    return jnp.array([out[0], out[K_MAX]])


def _temperature_proof() -> list[tuple[str, object]]:
    m, t = sp.Symbol("m", real=True), sp.Symbol("t", positive=True)
    zs = sp.symbols("z1:4", real=True)
    facts: list[tuple[str, object]] = [
        (
            r"softmax is shift invariant: \(e^{c(z_j - m)}/\sum_i e^{c(z_i - m)} = e^{c z_j}/\sum_i e^{c z_i}\), so the maximum may be 0",
            sp.Eq(
                sp.exp(C_VAR * (zs[0] - m)) / sum(sp.exp(C_VAR * (zi - m)) for zi in zs),
                sp.exp(C_VAR * zs[0]) / sum(sp.exp(C_VAR * zi) for zi in zs),
            ),
        ),
        (r"\(e^{-ct} \to 0\) as \(c \to \infty\) for \(t > 0\)", sp.Eq(sp.limit(sp.exp(-C_VAR * t), C_VAR, sp.oo), 0)),
    ]
    for n in SIZES:
        top, first_below = (sp.limit(term, C_VAR, sp.oo) for term in _sharp_softmax_terms(n))
        facts += [
            (rf"n = {n}: a maximal output \(1/(k + \sum_i e^{{-c h_i}}) \to 1/k\)", sp.Eq(top, 1 / K)),
            (rf"n = {n}: the output of \(-h_1\), \(e^{{-c h_1}}/(k + \sum_i e^{{-c h_i}}) \to 0\)", sp.Eq(first_below, 0)),
        ]
    return facts


SOFTMAX_TEMPERATURE_LIMIT = Claim(
    id="softmax-temperature-limit",
    title="softmax(c z) as c -> infinity: 1/k on each of k tied maxima, 0 elsewhere",
    doc=r"""For :math:`a_j = e^{c z_j} / \sum_i e^{c z_i}` over k + n classes, where k entries share the maximum and the
    other n entries lie :math:`h_1, \dots, h_n > 0` below it, :math:`a_j = 1/(k + \sum_i e^{-c h_i}) \to 1/k` for each
    maximal j and :math:`e^{-c h_i}/(k + \sum_l e^{-c h_l}) \to 0` for the others, as :math:`c \to \infty`: the limit is
    the uniform distribution over the argmax set. Softmax is shift invariant, so the maximum is taken to be 0.""",
    symbols=(tied, *gaps),
    sizes=SIZES,
    lhs=_softmax_limits,
    rhs=lambda n: sp.Matrix([1 / K, 0]),
    target=1 / K,
    witness=_sharp_softmax,
    proof=_temperature_proof,
    refs=("Nielsen, Neural Networks and Deep Learning, ch. 3, softmax, exercise 'where does the softmax name come from?' (c -> infinity)",),
    seeds=("001_ec4cf106366a6e9c.txt",),
    notes="""Ties have probability zero under continuous sampling, so they are built in: k (sampled 1..6) entries at the
    maximum, n = 1 or 3 entries at gaps h_i > 0 below it (h_i sampled for i > n are unused). The maximum is 0 by shift
    invariance (proof fact 1); with a symbolic maximum m SymPy's limit asks for the sign of m. Seed 001 answers 1/n for a
    maximal entry, n = number of classes (here k + n); that holds only when all entries tie: twin 'seed-one-over-classes'.""",
    twins=(
        Twin(
            "seed-one-over-classes",
            "seed 001: 1/(number of classes) = 1/(k + n), as if every entry tied with the maximum",
            rhs=lambda n: sp.Matrix([1 / (K + n), 0]),
        ),
        Twin(
            "hardmax",
            "each tied maximum tends to 1, as for an argmax indicator; ties split the mass",
            rhs=lambda n: sp.Matrix([1, 0]),
        ),
    ),
)
