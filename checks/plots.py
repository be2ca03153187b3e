r"""Figures for the report, each drawn from a claim's own witness (never from a formula typed again).

One small function per kind of figure. Each takes witness functions (and, where a reference
curve is drawn, a claimed side lambdified from SymPy, :func:`claimed_side`) and writes one PDF.
A claim that has a figure says so in its own declaration (its ``figure`` field, a function in
the claim's module that hands its witness to one of these); :func:`draw` runs it. The engine
never names a claim of the library.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from derivax.atomicio import atomic_write_bytes
from derivax.settings import jax_in_float64

__all__ = [
    "Figure",
    "adam_bias_correction",
    "claimed_side",
    "draw",
    "gd_trajectories",
    "init_variance",
    "saturation_width",
    "weight_decay_factor",
]

# Drawn at the width they are shown (\linewidth of an A4 page with 2.2 cm margins ~ 6.5 in), so 9 pt is 9 pt.
_WIDTH_IN = 6.4
_STYLE = {
    "font.size": 9,
    "axes.titlesize": 10,
    "axes.labelsize": 9,
    "legend.fontsize": 8,
    "xtick.labelsize": 8,
    "ytick.labelsize": 8,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "lines.linewidth": 1.4,
    "savefig.bbox": "tight",
    "pdf.fonttype": 42,
}


@dataclass(frozen=True)
class Figure:
    """A drawn figure: the PDF file and the caption the report prints under it."""

    claim_id: str
    path: Path
    caption: str


@contextmanager
def _figure(path: Path, ncols: int = 1, height: float = 2.9) -> Iterator[Any]:
    import matplotlib

    matplotlib.use("Agg")  # no display: reports are written on servers and in CI
    import matplotlib.pyplot as plt

    with plt.rc_context(_STYLE):
        fig, axes = plt.subplots(1, ncols, figsize=(_WIDTH_IN, height), layout="constrained")
        try:
            yield fig, axes
            buffer = io.BytesIO()
            fig.savefig(buffer, format=path.suffix.lstrip(".") or "png")
            atomic_write_bytes(path, buffer.getvalue())  # never through a link planted in the output folder
        finally:
            plt.close(fig)


def claimed_side(claim: Any, expr: Any) -> Callable[..., Any]:
    """The claim's own SymPy expression as a NumPy function of its symbols (in declaration order)."""
    from derivax.codegen import safe_lambdify

    return safe_lambdify([s.symbol for s in claim.symbols], expr, "numpy")


def saturation_width(measured_width: Callable[..., Any], claimed_width: Callable[..., Any] | None, path: Path) -> str:
    r"""Interval width where :math:`|w\sigma'(wa+b)| \ge 1` against :math:`|w|`, from the bisection witness.

    ``measured_width(w, b)`` is :func:`derivations.sigmoid._measured_width`; the maximum is
    located on the witness's own values (a coarse grid, then a fine one around its peak).
    """
    jax = jax_in_float64()

    width = jax.jit(jax.vmap(measured_width, in_axes=(0, None)))
    w = np.linspace(4.0, 40.0, 401)  # as many points as the fine grid below: one compilation for both
    measured = np.asarray(width(w, 0.0))
    peak = w[int(np.argmax(measured))]
    fine = np.linspace(max(4.0, peak - 0.2), peak + 0.2, 401)
    fine_width = np.asarray(width(fine, 0.0))
    w_star, width_star = float(fine[int(np.argmax(fine_width))]), float(np.max(fine_width))
    with _figure(path) as (_fig, ax):
        ax.plot(w, measured, color="C0", label=r"witness: bisection of $|w\,\sigma'(wa+b)| = 1$ ($b = 0$)")
        if claimed_width is not None:
            ax.plot(w[::12], claimed_width(w[::12], 0.0), "o", ms=3.5, mfc="none", color="C1", label="claimed width formula")
        ax.plot([w_star], [width_star], "v", color="C3", ms=7, label=f"maximum: width {width_star:.4f} at $|w| = {w_star:.3f}$")
        ax.axvline(w_star, color="C3", lw=0.8, ls=":")
        ax.set_xlabel(r"$|w|$")
        ax.set_ylabel(r"width of $\{a : |w\,\sigma'(wa+b)| \geq 1\}$")
        ax.set_title("Where the sigmoid factor is at least 1")
        ax.set_xlim(4.0, 40.0)
        ax.set_ylim(0.0, width_star * 1.15)
        ax.legend(loc="upper right")
    return (
        rf"Width of the input interval where $|w\,\sigma'(wa+b)| \geq 1$, measured by the claim's bisection witness "
        rf"(line) and given by the claimed formula (circles). It is 0 at $|w| = 4$ and largest, about {width_star:.4f}, "
        rf"at $|w| \approx {w_star:.3f}$."
    )


def weight_decay_factor(epoch_factor: Callable[..., Any], limit: Callable[..., Any] | None, path: Path) -> str:
    r"""The decay over one epoch, :math:`(1 - \eta\lambda/n)^{n/m}`, against n, approaching :math:`e^{-\eta\lambda/m}`.

    ``epoch_factor(eta, lam, m, steps)`` is :func:`derivations.regularization._epoch_factor`
    (the simulated epoch of n/m = ``steps`` mini-batches); ``limit(eta, lam, m)`` the claim's right side.
    """
    jax = jax_in_float64()
    import jax.numpy as jnp

    factor = jax.jit(jax.vmap(epoch_factor, in_axes=(None, None, None, 0)))
    eta, lam = 1.0, 1.0
    steps = np.unique(np.round(np.logspace(0, 3.5, 60)).astype(int))
    with _figure(path) as (_fig, ax):
        for color, m in zip(("C0", "C1", "C2"), (1, 2, 4), strict=True):
            simulated = np.asarray(factor(eta, lam, m, jnp.asarray(steps)))
            ax.plot(m * steps, simulated, color=color, label=f"simulated epoch, $m = {m}$")
            target = float(limit(eta, lam, m)) if limit is not None else float(np.exp(-eta * lam / m))
            ax.axhline(target, color=color, ls="--", lw=1.0, label=rf"$e^{{-\eta\lambda/m}} = {target:.4f}$")
        ax.set_xscale("log")
        ax.set_xlabel(r"training-set size $n$")
        ax.set_ylabel(r"decay over one epoch, $(1 - \eta\lambda/n)^{n/m}$")
        ax.set_title(rf"Weight decay over an epoch ($\eta = {eta:g}$, $\lambda = {lam:g}$)")
        ax.legend(loc="lower right", ncols=2)
    return (
        r"The factor by which weight decay shrinks $w$ over one epoch of $n/m$ mini-batches, simulated step by step "
        r"with the claim's witness (solid), against the training-set size $n$; it approaches $e^{-\eta\lambda/m}$ (dashed) "
        r"with a gap shrinking like $1/n$."
    )


def gd_trajectories(
    gd_rate: Callable[..., Any],
    quadratic: Callable[..., Any],
    dim: int,
    path: Path,
    *,
    lam_max: float = 2.0,
    kappa: float = 0.3,
    steps: int = 120,
) -> str:
    r"""Gradient descent on :math:`w^T H w` just below and just above :math:`\epsilon = 1/\lambda_{\max}`.

    Left: :math:`\|w_t\|` against t, from ``jax.grad`` of the quadratic, with H and :math:`w_0` from the
    witness's own ``quadratic(lam_max, kappa, key)`` (random rotation, eigenvalues
    :math:`\kappa\lambda_{\max} \le \lambda \le \lambda_{\max}`;
    :func:`derivations.gradient_descent._quadratic`).
    Right: the witness ``gd_rate(eps, lam_max, kappa, key)`` (:func:`derivations.gradient_descent._gd_rate`),
    the growth factor per step, against :math:`\epsilon\lambda_{\max}`.
    """
    jax = jax_in_float64()
    import jax.numpy as jnp

    key = jax.random.PRNGKey(0)
    h, w0 = quadratic(lam_max, kappa, key)  # the witness's own problem for this key
    grad = jax.grad(lambda w: w @ h @ w)

    @jax.jit
    def trajectory(eps: jax.Array) -> jax.Array:
        def step(w: jax.Array, _: Any) -> tuple[jax.Array, jax.Array]:
            w = w - eps * grad(w)
            return w, jnp.linalg.norm(w)

        _, norms = jax.lax.scan(step, w0, None, length=steps)
        return jnp.concatenate([jnp.ones(1), norms])

    ratios = (0.9, 0.98, 1.02, 1.1)
    scan = np.linspace(0.05, 1.3, 126)
    rates = np.asarray(jax.jit(jax.vmap(lambda e: gd_rate(e, lam_max, kappa, key)))(scan / lam_max))
    with _figure(path, ncols=2, height=3.0) as (_fig, (left, right)):
        colors = ("C0", "C2", "C1", "C3")
        for color, ratio in zip(colors, ratios, strict=True):
            side = "below" if ratio < 1 else "above"
            left.plot(np.asarray(trajectory(ratio / lam_max)), color=color, label=rf"$\epsilon = {ratio:g}/\lambda_{{\max}}$ ({side})")
        left.set_yscale("log")
        left.set_xlabel("step $t$")
        left.set_ylabel(r"$\|w_t\|$ (with $\|w_0\| = 1$)")
        left.set_title("Trajectories")
        left.legend(loc="upper left")
        right.plot(scan, rates, color="C0", label="witness: growth per step")
        right.axvline(1.0, color="C3", ls="--", lw=1.0, label=r"$\epsilon = 1/\lambda_{\max}$")
        right.axhline(1.0, color="0.4", ls=":", lw=1.0)
        right.set_xlabel(r"$\epsilon\,\lambda_{\max}$")
        right.set_ylabel(r"$\|w_{t+1}\| / \|w_t\|$ after 3000 steps")
        right.set_title("Rate against step size")
        right.legend(loc="upper left")
    return (
        rf"Gradient descent on $J(w) = w^T H w$ with $\lambda_{{\max}} = {lam_max:g}$, $\lambda_{{\min}} = {kappa * lam_max:g}$ "
        r"in dimension " + str(dim) + r". Left: $\|w_t\|$ (log scale) for step sizes just below $1/\lambda_{\max}$ (it shrinks) "
        r"and just above (it grows). Right: the claim's witness, the growth factor per step after 3000 steps, "
        r"which crosses 1 exactly at $\epsilon = 1/\lambda_{\max}$."
    )


def adam_bias_correction(simulated_moments: Callable[..., Any], t_max: int, path: Path, *, mu: float = 1.0, sigma: float = 1.0) -> str:
    r"""Adam's raw and bias-corrected moment means against t, from the simulated optimiser.

    ``simulated_moments(beta1, beta2, t, mu, sigma, key)`` is
    :func:`derivations.adam._simulated_moments` (means and standard errors over 4000 streams).
    """
    jax = jax_in_float64()

    beta1, beta2 = 0.9, 0.999
    t = np.arange(1, t_max + 1)
    run = jax.jit(jax.vmap(lambda tt: simulated_moments(beta1, beta2, tt, mu, sigma, jax.random.PRNGKey(0))))
    means, errors = (np.asarray(x) for x in run(t))
    second = mu**2 + sigma**2
    panels = (
        (0, beta1, r"\beta_1", "m_t", mu, r"$E[g] = \mu$"),
        (1, beta2, r"\beta_2", "v_t", second, r"$E[g^2] = \mu^2 + \sigma^2$"),
    )
    with _figure(path, ncols=2, height=3.0) as (_fig, axes):
        for k, beta, beta_tex, name, truth, truth_tex in panels:
            ax = axes[k]
            correction = 1 - beta**t
            raw, corrected = means[:, k], means[:, k] / correction
            ax.plot(t, raw, color="C0", label=f"raw $E[{name}]$")
            ax.fill_between(t, raw - 2 * errors[:, k], raw + 2 * errors[:, k], color="C0", alpha=0.25, lw=0)
            ax.plot(t, corrected, color="C1", label=rf"corrected $E[{name}]/(1 - {beta_tex}^t)$")
            ax.fill_between(
                t, corrected - 2 * errors[:, k] / correction, corrected + 2 * errors[:, k] / correction, color="C1", alpha=0.25, lw=0
            )
            ax.axhline(truth, color="0.3", ls="--", lw=1.0, label=truth_tex)
            ax.set_xlabel("step $t$")
            ax.set_ylabel("mean over 4000 simulated streams")
            ax.set_title(f"{'First' if k == 0 else 'Second'} moment, ${beta_tex} = {beta:g}$")
            ax.set_ylim(0.0, truth * 1.35)
            ax.legend(loc="lower right" if k == 0 else "center right")
    return (
        rf"Adam's moment estimates from $m_0 = v_0 = 0$ on gradients $g \sim N({mu:g}, {sigma:g}^2)$, simulated by the claim's "
        r"witness (bands: $\pm 2$ standard errors). The raw means start near 0 and approach $E[g]$ and $E[g^2]$ only as "
        r"$1 - \beta^t \to 1$; divided by $1 - \beta^t$ they are on target from the first step."
    )


def init_variance(layer_variance: Callable[..., Any], n_max: int, path: Path) -> str:
    r"""Monte-Carlo variance of :math:`h = \sum_{k \le n} W_k x_k` against :math:`n\operatorname{Var}(W)`.

    ``layer_variance(n, var_w, var_x, key)`` is :func:`derivations.initialization._layer_variance`
    (mean of :math:`h^2` over 4000 random layers, and its standard error).
    """
    jax = jax_in_float64()

    var_x = 1.0
    ns = np.array([1, 2, 4, 8, 16, 32, n_max])
    mc = jax.jit(jax.vmap(lambda n, vw, k: layer_variance(n, vw, var_x, k)))
    series = (
        ("C0", "o", r"$\operatorname{Var}(W) = 1/n$", 1.0 / ns),
        ("C1", "s", r"$\operatorname{Var}(W) = 1/16$", np.full(len(ns), 1 / 16)),
    )
    with _figure(path, ncols=2, height=3.0) as (_fig, (left, right)):
        for j, (color, marker, label, var_w) in enumerate(series):
            keys = jax.random.split(jax.random.PRNGKey(j), len(ns))
            mean, se = (np.asarray(x) for x in mc(ns, var_w, keys))
            left.errorbar(ns * var_w * var_x, mean, yerr=2 * se, fmt=marker, color=color, ms=4, capsize=2, label=label)
            right.errorbar(ns, mean / var_x, yerr=2 * se / var_x, fmt=marker + "-", color=color, ms=4, capsize=2, label=label)
        line = np.array([0.0, n_max / 16 * 1.05])
        left.plot(line, line, color="0.3", ls="--", lw=1.0, label=r"$n\operatorname{Var}(W)\operatorname{Var}(x)$")
        left.set_xlabel(r"$n\,\operatorname{Var}(W)\,\operatorname{Var}(x)$")
        left.set_ylabel(r"Monte-Carlo $\operatorname{Var}(h)$")
        left.set_title(r"Variance of $h = W_1 x_1 + \cdots + W_n x_n$")
        left.legend(loc="upper left")
        right.axhline(1.0, color="0.3", ls=":", lw=1.0)
        right.set_xscale("log", base=2)
        right.set_yscale("log", base=2)
        right.set_xlabel("fan-in $n$")
        right.set_ylabel(r"$\operatorname{Var}(h) / \operatorname{Var}(x)$")
        right.set_title("Kept from layer to layer iff Var(W) = 1/n")
        right.legend(loc="upper left")
    return (
        r"Variance of one unit $h = \sum_{k \leq n} W_k x_k$ over 4000 random layers ($W_k$ uniform, $x_k$ Gaussian with "
        r"$\operatorname{Var}(x) = 1$; bars: $\pm 2$ standard errors), from the claim's witness. Left: against "
        r"$n\operatorname{Var}(W)\operatorname{Var}(x)$, on the diagonal. Right: with $\operatorname{Var}(W) = 1/n$ the "
        r"variance stays at $\operatorname{Var}(x)$; with a fixed $\operatorname{Var}(W)$ it grows with the fan-in."
    )


def draw(claim: Any, out_dir: Path) -> Figure | None:
    """Draw the claim's figure (its ``figure`` field) into ``out_dir/plot-<id>.pdf``; None when it has none."""
    if claim.figure is None:
        return None
    import derivax.numeric  # noqa: F401  (float64 in JAX before any witness runs)

    path = Path(out_dir) / f"plot-{claim.id.replace('/', '-')}.pdf"
    caption = claim.figure(path)
    return Figure(claim.id, path, caption)


def _plain_label(text: str) -> str:
    """A label matplotlib shows as text: ``$`` would start mathtext, which is not for ids."""
    return text.replace("\\", "\\\\").replace("$", r"\$")


def class_figures(summary: Any, out_dir: Path) -> list[Path]:
    """The class at a glance as figures (``grade --html``): the score histogram and, per problem,
    the students with each verdict. Each is written as PNG (for pages and slides) and SVG (for the PDF)."""
    scores = np.asarray(summary.scores, dtype=float)
    written = []
    for suffix in (".png", ".svg"):
        path = out_dir / f"class-scores{suffix}"
        with _figure(path) as (_fig, ax):
            top = max(summary.max_score, 1e-9)
            ax.hist(scores, bins=np.linspace(0.0, top, 11), color="#5c7cba", edgecolor="white")
            ax.set_xlabel("score")
            ax.set_ylabel("students")
            ax.set_title(f"{summary.students} students, maximum {summary.max_score:g}")
        written.append(path)
        path = out_dir / f"class-problems{suffix}"
        with _figure(path, height=max(2.0, 0.45 * len(summary.problems) + 1.2)) as (_fig, ax):
            names = [_plain_label(p.problem) for p in summary.problems]
            left = np.zeros(len(names))
            colours = {"correct": "#2e7d32", "incorrect": "#c62828", "undecided": "#b28704", "unparsed": "#777777", "missing": "#bbbbbb"}
            for status, colour in colours.items():
                counts = np.array([p.counts.get(status, 0) for p in summary.problems], dtype=float)
                ax.barh(names, counts, left=left, color=colour, label=status)
                left += counts
            ax.invert_yaxis()
            ax.set_xlabel("students")
            ax.legend(loc="lower right", fontsize="x-small")
        written.append(path)
    return written
