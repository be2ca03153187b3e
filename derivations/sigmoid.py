r"""The logistic sigmoid: how far its derivative can carry a gradient."""

from __future__ import annotations

from pathlib import Path

import sympy as sp

from derivax import Claim, Interval, S, Sym, Twin
from derivax.claims import AnswerForm
from derivax.derivations._common import jax, jnp, sigmoid_prime

w = Sym("w", "w", domain=S.Reals, typical=(-8.0, 8.0))
a = Sym("a", "a", domain=S.Reals, typical=(-0.5, 0.5))
b = Sym("b", "b", domain=S.Reals, typical=(-1.0, 1.0))
W, A, B = w.symbol, a.symbol, b.symbol


def _sigma_prime(z):
    r""":math:`\sigma'(z)` by ``jax.grad`` of ``jax.nn.sigmoid`` (built when a witness runs: JAX loads lazily)."""
    return jax.grad(jax.nn.sigmoid)(z)


_Z, _U = sp.Symbol("z", real=True), sp.Symbol("u", nonnegative=True)  # for the interval facts: z = wa + b, u = |w|


def _gain(w, a, b):
    r"""Witness: :math:`|w\,\sigma'(wa+b)|` with :math:`\sigma'` from ``jax.grad`` of ``jax.nn.sigmoid``."""
    return jnp.abs(w * _sigma_prime(w * a + b))


def _bound_proof() -> list[tuple[str, object]]:
    z = sp.Symbol("z", real=True)
    d = sigmoid_prime(z)
    return [
        (r"\(\sigma''(z) = 0\) only at \(z = 0\)", sp.Eq(sp.solveset(sp.diff(d, z), z, S.Reals), sp.FiniteSet(0))),
        (r"\(\sigma'(0) = 1/4\)", sp.Eq(d.subs(z, 0), sp.Rational(1, 4))),
        (r"\(\sigma'(z) \to 0\) as \(z \to +\infty\)", sp.Eq(sp.limit(d, z, sp.oo), 0)),
        (r"\(\sigma'(z) \to 0\) as \(z \to -\infty\)", sp.Eq(sp.limit(d, z, -sp.oo), 0)),
        (
            r"so \(\max_z \sigma'(z) = 1/4\) and \(|w\sigma'(wa+b)| \le |w|/4\); \(\ge 1\) forces \(|w|/4 \ge 1\)",
            sp.Eq(sp.solveset(sp.Abs(W) / 4 >= 1, W, S.Reals), Interval(-sp.oo, -4) | Interval(4, sp.oo)),
        ),
    ]


SIGMOID_SATURATION_BOUND = Claim(
    id="sigmoid-saturation-bound",
    title="|w sigma'(wa+b)| >= 1 needs |w| >= 4",
    doc=r"""Since :math:`\sigma'(z) \le 1/4` with equality only at :math:`z = 0`,
    :math:`|w\,\sigma'(wa+b)| \le |w|/4`, so a factor of at least 1 needs :math:`|w| \ge 4`.""",
    symbols=(w, a, b),
    given=sp.Ge(sp.Abs(W * sigmoid_prime(W * A + B)), 1),
    lhs=sp.Abs(W),
    rel=">=",
    rhs=sp.Integer(4),
    target=sp.Integer(4),
    answer_forms=(AnswerForm(r"|w| \ge 4", "the bound written as the condition on w itself"),),
    witness=_gain,
    proof=_bound_proof,
    refs=("Nielsen, Neural Networks and Deep Learning, ch. 5, problem 'unstable gradient'",),
    seeds=("000_f19b0e60249bc75c.txt", "001_ec4cf106366a6e9c.txt"),
    twins=(
        Twin("needs-5", "a bound of 5: |w| = 4.5 with wa + b = 0 already gives a factor above 1", rhs=sp.Integer(5)),
        Twin("at-most-4", "the inequality reversed: large |w| also gives factors above 1", rel="<="),
        # Needles: the counterexamples fill under 0.1% of the sampling box.
        Twin(
            "needs-4.02",
            "a bound of 4.02: at |w| = 4.01 with wa + b near 0 the factor is already above 1",
            rhs=sp.Rational(201, 50),
        ),
        Twin(
            "needs-4.005",
            "a bound of 4.005: at |w| = 4.003 with wa + b near 0 the factor is already above 1",
            rhs=sp.Rational(801, 200),
        ),
        Twin(
            "gain-0.999",
            "a factor of 0.999 taken to need |w| >= 4 too: |w| = 3.998 with wa + b = 0 gives 0.9995",
            given=sp.Ge(sp.Abs(W * sigmoid_prime(W * A + B)), sp.Rational(999, 1000)),
        ),
        Twin(
            "gain-0.996",
            "a factor of 0.996 taken to need |w| >= 4 too: |w| = 3.99 with wa + b = 0 gives 0.9975",
            given=sp.Ge(sp.Abs(W * sigmoid_prime(W * A + B)), sp.Rational(996, 1000)),
        ),
    ),
    interval=(
        (r"\(\sigma'(z) \le 1/4\) for \(|z| \le 40\)", sp.Le(sigmoid_prime(_Z), sp.Rational(1, 4)), ((_Z, -40, 40),)),
        (
            r"\(|w|\,\sigma'(z) \le |w|/4\) for \(|w| \le 8, |z| \le 40\), so a factor of at least 1 needs \(|w| \ge 4\)",
            sp.Le(_U * sigmoid_prime(_Z), _U / 4),
            ((_U, 0, 8), (_Z, -40, 40)),
        ),
    ),
)

# |w| >= 4: the magnitude u = |w| as a positive symbol keeps Abs out of the algebra.
w_big = Sym("w", "w", domain=Interval(-sp.oo, -4) | Interval(4, sp.oo), typical=(-12.0, 12.0))
WB = w_big.symbol
_UW = sp.Symbol("u", positive=True)  # |w|, for the interval facts


def _roots(u: sp.Expr) -> tuple[sp.Expr, sp.Expr]:
    r"""Roots of :math:`x^2 + (2 - u)x + 1 = 0`, where :math:`x = e^{-(wa+b)}`."""
    disc = sp.sqrt(u * (u - 4))
    return (u - 2 - disc) / 2, (u - 2 + disc) / 2


def width_formula(u: sp.Expr) -> sp.Expr:
    r"""The claimed width :math:`\frac{2}{u}\ln\left(\frac{u(1+\sqrt{1-4/u})}{2} - 1\right)`, :math:`u = |w|`."""
    return 2 / u * sp.log(u * (1 + sp.sqrt(1 - 4 / u)) / 2 - 1)


def _width_by_roots(u: sp.Expr) -> sp.Expr:
    x1, x2 = _roots(u)
    return sp.log(x2 / x1) / u


def _measured_width(w, b):
    """Witness: bisect |w sigma'(wa+b)| = 1 on each side of the peak at a = -b/w (jax.grad for sigma')."""
    center = -b / w
    reach = 40.0 / jnp.abs(w)

    def crossing(direction):
        def step(_, bracket):
            inside, outside = bracket
            mid = (inside + outside) / 2
            above = _gain(w, center + direction * mid, b) >= 1
            return jnp.where(above, mid, inside), jnp.where(above, outside, mid)

        inside, outside = jax.lax.fori_loop(0, 200, step, (0.0, reach))
        return (inside + outside) / 2

    return crossing(1.0) + crossing(-1.0)


def _width_proof() -> list[tuple[str, object]]:
    u, v, x = sp.Symbol("u", positive=True), sp.Symbol("v", nonnegative=True), sp.Symbol("x", positive=True)
    x1, x2 = _roots(4 + v)
    du = sp.diff(width_formula(u), u)
    u_star = sp.nsolve(du, u, 7)
    return [
        (
            r"with \(x = e^{-(wa+b)}\): \(\sigma'\ge 1/u \iff x^2 + (2-u)x + 1 \le 0\)",
            sp.Eq(sp.expand((1 + x) ** 2 - u * x), x**2 + (2 - u) * x + 1),
        ),
        (r"the roots satisfy \(x_1 x_2 = 1\) (so the width is \(\ln(x_2/x_1)/u = 2\ln(x_2)/u\))", sp.Eq(sp.expand(x1 * x2), 1)),
        (r"\(x_2 = u(1+\sqrt{1-4/u})/2 - 1\) for \(u = |w| \ge 4\)", sp.Eq(x2, ((4 + v) * (1 + sp.sqrt(1 - 4 / (4 + v))) / 2 - 1))),
        (r"the width is 0 at \(|w| = 4\)", sp.Eq(width_formula(sp.Integer(4)), 0)),
        (
            rf"the width is largest at \(|w| \approx {float(u_star):.6f}\), where it is \(\approx {float(width_formula(u_star)):.6f}\)",
            sp.Lt(sp.Abs(du.subs(u, u_star)), 1e-12),
        ),
    ]


def _figure(path: Path) -> str:
    """The report's figure: the width measured by the witness against |w|, with the claimed formula."""
    from derivax.plots import claimed_side, saturation_width

    return saturation_width(_measured_width, claimed_side(SIGMOID_SATURATION_WIDTH, SIGMOID_SATURATION_WIDTH.rhs), path)


SIGMOID_SATURATION_WIDTH = Claim(
    id="sigmoid-saturation-width",
    title="Width of the interval where |w sigma'(wa+b)| >= 1",
    doc=r"""For :math:`|w| \ge 4` the inputs :math:`a` with :math:`|w\,\sigma'(wa+b)| \ge 1` form one
    interval of width :math:`\frac{2}{|w|}\ln\left(\frac{|w|(1+\sqrt{1-4/|w|})}{2} - 1\right)`.
    It is 0 at :math:`|w| = 4`, largest (about 0.4477) at :math:`|w| \approx 6.894`, and tends to 0.""",
    symbols=(w_big, b),
    lhs=lambda: _width_by_roots(sp.Abs(WB)),
    rhs=width_formula(sp.Abs(WB)),
    target=width_formula(sp.Abs(sp.Symbol("w", real=True))),
    witness=_measured_width,
    figure=_figure,
    proof=_width_proof,
    rtol=1e-9,
    # The width grows like sqrt(|w| - 4) at the edge, so rounding of 1e-16 in the gain moves it by ~1e-8.
    atol=1e-7,
    refs=("Nielsen, Neural Networks and Deep Learning, ch. 5, problem 'unstable gradient' (b)",),
    seeds=("000_f19b0e60249bc75c.txt", "001_ec4cf106366a6e9c.txt"),
    twins=(
        Twin("no-factor-2", "the factor 2 from ln(x2/x1) = 2 ln(x2) is lost", rhs=width_formula(sp.Abs(WB)) / 2),
        Twin(
            "plus-one",
            "+1 in place of -1 inside the logarithm",
            rhs=2 / sp.Abs(WB) * sp.log(sp.Abs(WB) * (1 + sp.sqrt(1 - 4 / sp.Abs(WB))) / 2 + 1),
        ),
    ),
    interval=(
        (
            r"the width is at most 0.4478 for \(4 \le |w| \le 12\)",
            sp.Le(width_formula(_UW), sp.Rational(4478, 10000)),
            ((_UW, 4, 12),),
        ),
        (r"the width is nonnegative for \(4 \le |w| \le 12\)", sp.Ge(width_formula(_UW), 0), ((_UW, 4, 12),)),
    ),
)
