r"""How derivax must read the LaTeX of the field: (input, the SymPy it must read as), by family.

Written from the notation of the seeds (five homework solutions), of textbook chapters on
backpropagation, optimisation, regularisation and probability, and of papers. Families are built
as products of what a writer varies (a coefficient, the body, the spelling of a name), so every
rule of checks/latex.py is exercised in many contexts. Each entry is an independent statement of
the reading; the reader is never used to build an expected value.
"""

from __future__ import annotations

import sympy as sp

S = sp.Symbol
F = sp.Function
WRITTEN_MATRIX = sp.Function("matrix", commutative=False)  # a matrix written out: opaque, and its products keep their order
x, y, z, w, a, b, h, t, n, m, k, i, j, c = sp.symbols("x y z w a b h t n m k i j c")
eta, eps, lam, beta, theta, alpha, gamma, sigma_, mu, delta = sp.symbols("eta epsilon lambda beta theta alpha gamma sigma mu delta")
beta1, beta2, lam_max, w_new, w_old, m_hat_t, v_hat_t, m_t, v_t, g_t = sp.symbols(
    "beta_1 beta_2 lambda_max w_new w_old m_hat_t v_hat_t m_t v_t g_t"
)


def sig(u: sp.Expr) -> sp.Expr:
    return 1 / (1 + sp.exp(-u))


READINGS: list[tuple[str, object]] = []


_SEEN: dict[str, object] = {}


def add(latex: str, expected: object) -> None:
    """One entry; a family that spells an input already listed must expect the same reading."""
    if latex in _SEEN:
        assert _SEEN[latex] == expected, latex
        return
    _SEEN[latex] = expected
    READINGS.append((latex, expected))


# --- derivative operators: the coefficient before them never enters the operator -------------
COEFFICIENTS = {"": 1, "3": 3, "-2": -2, r"\epsilon": eps, r"\eta": eta, r"\frac{1}{2}": sp.Rational(1, 2), "x": x, r"2\lambda": 2 * lam}
BODIES = {
    r"\left(w^2\right)": w**2,
    r"(hw^2)": h * w**2,
    r"\sigma(w)": sig(w),
    r"e^{w}": sp.exp(w),
    r"\ln w": sp.log(w),
    r"w^3 x": w**3 * x,
}
for cl, cv in COEFFICIENTS.items():
    for bl, bv in BODIES.items():
        for op in (r"\frac{d}{dw}", r"\frac{\partial}{\partial w}", r"\dfrac{d}{dw}"):
            add(f"{cl}{op}{bl}", cv * sp.Derivative(bv, w))
for bl, bv in BODIES.items():
    add(rf"\frac{{d^2}}{{dw^2}}{bl}", sp.Derivative(bv, (w, 2)))
    add(rf"\frac{{d}}{{dw}}{bl} + w", sp.Derivative(bv, w) + w)
    add(rf"w - \epsilon\frac{{d}}{{dw}}{bl}", w - eps * sp.Derivative(bv, w))
add(r"\frac{\partial^2}{\partial x \partial y} x^2 y^3", sp.Derivative(x**2 * y**3, x, y))
add(r"\frac{\partial}{\partial z}\frac{1}{2}z^2", sp.Derivative(z**2 / 2, z))
add(r"\frac{d}{d\theta} \theta^2", sp.Derivative(theta**2, theta))
add(r"\frac{\mathrm{d}}{\mathrm{d}x} x^2", sp.Derivative(x**2, x))

# --- primes ------------------------------------------------------------------------------------
for arg_l, arg_v in {"z": z, "wa+b": w * a + b, "x": x, r"\theta": theta}.items():
    add(rf"\sigma'({arg_l})", sp.diff(sig(z), z).subs(z, arg_v))
    add(rf"\sigma({arg_l})(1-\sigma({arg_l}))", sig(arg_v) * (1 - sig(arg_v)))
    add(rf"\tanh'({arg_l})", sp.diff(sp.tanh(z), z).subs(z, arg_v))

# --- Leibniz quotients of quantities: functions defined elsewhere ------------------------------
for top, var in (("C", z), ("L", w), ("y", x), ("J", theta), ("E", w)):
    var_l = sp.latex(var)
    name = f"d{top}_d{var}"
    add(rf"\frac{{\partial {top}}}{{\partial {var_l}}}", F(name)(var))
    add(rf"\frac{{d{top}}}{{d{var_l}}}", F(name)(var))

add(r"\frac{\delta C}{\delta a}", F("dC_da")(a))  # delta written for a partial: never the fraction C/a
add(r"\frac{\delta C}{\delta z_j^L}", F("dC_dz_j__L")(S("z_j__L")))

# --- sums, products, limits: the body runs to the next + or - -----------------------------------
SUM_BODIES = {
    "2i": 2 * i,
    "i^2": i**2,
    r"(1-\beta)\beta^{t-i}": (1 - beta) * beta ** (t - i),
    r"\frac{1}{i}": 1 / i,
    "i x": i * x,
    r"\beta^{i}": beta**i,
}
for bl, bv in SUM_BODIES.items():
    for hi_l, hi_v in (("n", n), ("{t}", t), ("3", 3), ("{10}", 10)):
        add(rf"\sum_{{i=1}}^{hi_l} {bl}", sp.Sum(bv, (i, 1, hi_v)))
    add(rf"2\sum_{{i=1}}^{{n}} {bl} + 1", 2 * sp.Sum(bv, (i, 1, n)) + 1)
    add(rf"\prod_{{i=1}}^{{n}} {bl}", sp.Product(bv, (i, 1, n)))
    add(rf"\sum_{{i=0}}^{{n}} {bl} - n", sp.Sum(bv, (i, 0, n)) - n)
add(r"(1-\beta)\sum_{i=1}^{t}\beta^{t-i}", (1 - beta) * sp.Sum(beta ** (t - i), (i, 1, t)))
xi, yi, wk, xk, si = (sp.IndexedBase(s) for s in ("x", "y", "w", "x", "s"))
add(r"\sum_{i=1}^{n} x_i", sp.Sum(xi[i], (i, 1, n)))
add(r"\sum_{i=1}^{n} x_i y_i", sp.Sum(xi[i] * yi[i], (i, 1, n)))
add(r"\sum_{k=1}^{n} w_k x_k", sp.Sum(wk[k] * xk[k], (k, 1, n)))
add(r"\frac{1}{n}\sum_{i=1}^{n} x_i", sp.Sum(xi[i], (i, 1, n)) / n)
add(r"\sum_{i=1, i \neq j}^n e^{s_i}", sp.Sum((1 - sp.KroneckerDelta(i, j)) * sp.exp(si[i]), (i, 1, n)))
for lim_l, lim_v in ((r"\lim_{n \to \infty}", (n, sp.oo, "-")), (r"\lim_{n\rightarrow\infty}", (n, sp.oo, "-"))):
    add(rf"{lim_l} (1+1/n)^n", sp.Limit((1 + 1 / n) ** n, *lim_v))
    add(rf"{lim_l} n \sin(1/n)", sp.Limit(n * sp.sin(1 / n), *lim_v))
    add(rf"{lim_l} \left(1 - \frac{{\eta\lambda}}{{n}}\right)^{{n}}", sp.Limit((1 - eta * lam / n) ** n, *lim_v))
add(r"\lim_{x \to 0} \frac{\sin x}{x}", sp.Limit(sp.sin(x) / x, x, 0, "+"))
add(r"\lim_{x \to 0^+} x \ln x", sp.Limit(x * sp.log(x), x, 0, "+"))

# --- indexed sums without bounds: opaque, never evaluated --------------------------------------
yk, ak, zL = sp.IndexedBase("y"), sp.IndexedBase("a"), sp.IndexedBase("z__L")
add(r"\sum_k y_k \ln a_k", F("SumOver")(yk[k] * sp.log(ak[k]), k))
add(r"\sum_{k \neq j} e^{z_k^L}", F("SumOver")(sp.exp(zL[k]), k, sp.Ne(k, j)))
add(r"\sum_{k \ne j} e^{z_k^L}", F("SumOver")(sp.exp(zL[k]), k, sp.Ne(k, j)))
xs = sp.IndexedBase("x")
add(r"\sum_{i<j} x_i x_j", F("SumOver")(xs[i] * S("x_j"), i, sp.Lt(i, j)))  # j bound too where no other j (derivax.indices)
add(r"\sum_{i \le j} x_i x_j", F("SumOver")(xs[i] * S("x_j"), i, sp.Le(i, j)))
add(r"\sum_{k < t} \beta^{t-k} g_k", F("SumOver")(beta ** (t - k) * sp.IndexedBase("g")[k], k, sp.Lt(k, t)))

# --- names: subscripts, text, accents, labels, Greek spellings ---------------------------------
NAMES = {
    r"\lambda_{\max}": lam_max,
    r"\lambda_{max}": lam_max,
    r"\lambda_\max": lam_max,
    r"\lambda_{\text{max}}": lam_max,
    r"\lambda_{\mathrm{max}}": lam_max,
    r"w_{\text{new}}": w_new,
    r"w_{\text{old}}": w_old,
    r"w_{new}": w_new,
    r"\hat{m}_t": m_hat_t,
    r"\hat{v}_t": v_hat_t,
    r"\hat{\sigma}": sp.Symbol("sigma_hat"),  # an estimated standard deviation (it was refused: probe helper-181 F6)
    r"\hat\sigma": sp.Symbol("sigma_hat"),
    r"\tilde{\sigma}": sp.Symbol("sigma_tilde"),
    r"m_t": m_t,
    r"v_t": v_t,
    r"g_t": g_t,
    r"\beta_1": beta1,
    r"\beta_{1}": beta1,
    r"\beta_2": beta2,
    r"\varepsilon": eps,
    r"\epsilon": eps,
    r"\vartheta": theta,
    r"a^{(l)}": S("a__l"),
    r"a^L": S("a__L"),
    r"a_j^L": S("a_j__L"),
    r"z_j^L": S("z_j__L"),
    r"\delta^L": S("delta__L"),
    r"\delta_j^L": S("delta_j__L"),
    r"\tilde{y}": S("y_tilde"),
    r"\bar{x}": S("x_bar"),
    r"x_{ij}": S("x_ij"),
    r"x_{i,j}": S("x_ij"),
    r"m_{t-1}": S("m_tminus1"),
    r"m_{t+1}": S("m_tplus1"),
    r"a_{\tilde{y}}^L": S("a_ytilde__L"),
    "X": S("X"),
    "x": x,
}
for nl, nv in NAMES.items():
    add(nl, nv)
    add(f"2{nl}", 2 * nv)
    add(f"{nl}^2", nv**2)
    add(rf"\frac{{1}}{{{nl}}}", 1 / nv)
add(r"\epsilon < \frac{1}{\lambda_{\max}}", sp.Lt(eps, 1 / lam_max))
add(r"\hat{m}_t = \frac{m_t}{1-\beta_1^t}", sp.Eq(m_hat_t, m_t / (1 - beta1**t)))
add(r"m_t = \beta_1 m_{t-1} + (1-\beta_1) g_t", sp.Eq(m_t, beta1 * S("m_tminus1") + (1 - beta1) * g_t))
add(r"\delta^3_l", S("delta_l") ** 3)  # x^3_l is x_l^3 in TeX
add(r"\delta_l^3", S("delta_l") ** 3)

# --- functions of the field ---------------------------------------------------------------------
ARGS = {"x": x, "(x)": x, "(wa+b)": w * a + b, r"\left(z\right)": z}
FUNCTIONS = {
    r"\sigma": sig,
    r"\ln": sp.log,
    r"\log": sp.log,
    r"\exp": sp.exp,
    r"\tanh": sp.tanh,
    r"\operatorname{ReLU}": lambda u: sp.Max(0, u),
    r"\operatorname{softplus}": lambda u: sp.log(1 + sp.exp(u)),
}
for al, av in ARGS.items():
    for fl, fv in FUNCTIONS.items():
        add(f"{fl}{al}" if al.startswith(("(", r"\left")) else f"{fl}({al})", fv(av))
        if fl in (r"\ln", r"\log", r"\tanh") and not al.startswith(("(", r"\left")):
            add(f"{fl} {al}", fv(av))
add(r"\text{ReLU}(x)", sp.Max(0, x))
add(r"\operatorname{softmax}(z)", F("softmax")(z))
add(r"\operatorname{Var}(W)", F("Var")(S("W")))
add(r"\text{Var}(W)", F("Var")(S("W")))
add(r"\operatorname{Cov}(x, y)", F("Cov")(x, y))
add(r"\mathbb{E}[x^2]", F("E")(x**2))
add(r"\mathbb{E}\left[x y\right]", F("E")(x * y))
add(r"E[X]", F("E")(S("X")))
add(r"\nabla J(w)", F("grad")(F("J")(w)))
add(r"\nabla_w L", F("grad_w")(S("L")))
add(r"\nabla_{\theta} J", F("grad_theta")(S("J")))
add(r"L(\theta)", F("L")(theta))
add(r"C(a)", F("C")(a))
add(r"f(x)", F("f")(x))
add(r"x(y+1)", x * (y + 1))
add(r"a(1-a)", a * (1 - a))
add(r"|w|", sp.Abs(w))
add(r"\lvert w \rvert", sp.Abs(w))
add(r"\lfloor x \rfloor", sp.floor(x))
add(r"\operatorname{sech}^2(x)", sp.sech(x) ** 2)  # d/dx tanh x
add(r"\operatorname{sech}^{2}{\left(x \right)}", sp.sech(x) ** 2)  # as SymPy prints it
add(r"\coth x", sp.coth(x))
add(r"\operatorname{csch}(x)", sp.csch(x))
add(r"\left\lceil \frac{n}{2} \right\rceil", sp.ceiling(n / 2))
add(r"\left\lfloor \frac{n + 2p - f}{s} \right\rfloor + 1", sp.floor((n + 2 * S("p") - S("f")) / S("s")) + 1)  # a convolution's output size
add(r"\lfloor |x| \rfloor", sp.floor(sp.Abs(x)))
add(r"\left|w\sigma'(wa+b)\right|", sp.Abs(w * sp.diff(sig(z), z).subs(z, w * a + b)))
add(r"\sqrt{x}", sp.sqrt(x))
add(r"\sqrt[3]{x}", sp.root(x, 3))
add(r"\max(x, 0)", sp.Max(x, 0))
add(r"\min(x, 20)", sp.Min(x, 20))
add(r"\cosh^{-1}(x)", sp.acosh(x))
add(r"\sin^2 x", sp.sin(x) ** 2)
add(r"\log_2 x", sp.log(x, 2))
add(r"\binom{n}{2}", sp.binomial(n, 2))
add(r"n!", sp.factorial(n))
# A name written transposed is a matrix or a vector: it keeps its place in every product of the input
# (Q^T Q is not Q Q^T, x^T x is not x x^T); so do the capitals (matrices) and Latin letters (vectors)
# of an input that transposes something (Q^T A Q is not A Q^T Q); Greek letters stay numbers, and so
# does every name of an input without a transpose.
Qnc, xnc, ync, Anc, wnc = (sp.Symbol(n, commutative=False) for n in ("Q", "x", "y", "A", "w"))
add(r"Q^T Q", F("transpose")(Qnc) * Qnc)
add(r"x^{\top} y", F("transpose")(xnc) * ync)
add(r"x^T x - x x^T", F("transpose")(xnc) * xnc - xnc * F("transpose")(xnc))
add(r"Q^T A Q", F("transpose")(Qnc) * Anc * Qnc)
add(r"(A^T w)^T", F("transpose")(F("transpose")(Anc) * wnc))
add(r"2\lambda x^T A", 2 * lam * F("transpose")(xnc) * Anc)
add(r"A B", S("A") * S("B"))  # no transpose: numbers
# The indicator of a condition, in its spellings: 1 where it holds, 0 elsewhere; a bold 1 alone is not one.
add(r"\mathbb{1}[x > 0]", sp.Piecewise((1, x > 0), (0, True)))
add(r"\mathbf{1}_{x \ge 0}", sp.Piecewise((1, x >= 0), (0, True)))
add(r"\mathbb{I}(0 < x < 1)", sp.Piecewise((1, sp.And(x > 0, x < 1)), (0, True)))
add(r"\mathds{1}\{y = k\} \ln a", sp.Piecewise((1, sp.Eq(y, k)), (0, True)) * sp.log(a))
add(r"\beta^T", beta ** S("T"))
add(r"e^{T}", sp.exp(S("T")))

# --- numbers as students write them -------------------------------------------------------------
NUMBERS = {
    "5.001e^{-9}": sp.Rational(5001, 10**12),
    "5e^{-9}": sp.Rational(5, 10**9),
    "5.001e-9": sp.Rational(5001, 10**12),
    "5 \\cdot 10^{-9}": sp.Rational(5, 10**9),
    "5 \\times 10^{-9}": sp.Rational(5, 10**9),
    "5,499e^{-4}": sp.Rational(5499, 10**7),
    "1.45e^{-4}": sp.Rational(145, 10**6),
    "2e^{x}": 2 * sp.exp(x),
    "2e^{-1}": 2 * sp.exp(-1),
    "2e^{3}": 2 * sp.exp(3),  # a positive power of e: Euler's (it was 2000)
    "1e^{-3}": sp.Rational(1, 1000),
    "0.5": sp.Rational(1, 2),
    ".25": sp.Rational(1, 4),
    "10^{-8}": sp.Rational(1, 10**8),
    "3 * -2": -6,
    "\\frac{1}{1} * -4.999e^{-9}": sp.Rational(-4999, 10**12),
    "\\pi": sp.pi,
    "e": sp.E,
    "\\infty": sp.oo,
    "1\\,000": 1000,  # digits grouped in threes by a thin space: one number (it was 1 * 000 = 0)
    "1\\,000\\,000": 10**6,
    "2~500": 2500,
    "3.141\\,59": sp.Rational(314159, 10**5),
    "3\\,5": 15,  # no grouping in threes: a product
    "5!!": 15,  # the double factorial (it was (5!)! = 120!)
    "(3!)!": 720,
    "e^\\pi": sp.exp(sp.pi),
    "2^\\pi": 2**sp.pi,
}
for nl, nv in NUMBERS.items():
    add(nl, nv)

# --- relations, chains, logic and sets ------------------------------------------------------------
RELATIONS = {"=": sp.Eq, "<": sp.Lt, ">": sp.Gt, r"\le": sp.Le, r"\ge": sp.Ge, r"\leq": sp.Le, r"\geq": sp.Ge, r"\neq": sp.Ne}
for rl, rv in RELATIONS.items():
    add(rf"|w| {rl} 4", rv(sp.Abs(w), 4))
    add(rf"\epsilon {rl} \frac{{1}}{{\lambda_{{\max}}}}", rv(eps, 1 / lam_max))
add(r"0 < \epsilon < 1", (sp.Lt(0, eps), sp.Lt(eps, 1)))
add(r"x \in [0, 1)", sp.And(x >= 0, x < 1))
add(r"[0, 1)", sp.Interval.Ropen(0, 1))
add(r"(-\infty, 3] \cup \{5\}", sp.Union(sp.Interval(-sp.oo, 3), sp.FiniteSet(5)))
add(r"\{1, 2\}", sp.FiniteSet(1, 2))
add(r"\emptyset", sp.S.EmptySet)
add(r"x = 2 \vee x = -2", sp.Or(sp.Eq(x, 2), sp.Eq(x, -2)))
add(r"x > 0 \wedge y > 0", sp.And(x > 0, y > 0))
add(r"x = 2 \text{ or } x = -2", sp.Or(sp.Eq(x, 2), sp.Eq(x, -2)))
add(r"x > 0 \Rightarrow x^2 > 0", sp.Implies(x > 0, x**2 > 0))

# --- constructs of issue 13's second pass (seeds' last unparsed steps) ----------------------------
X, s_ = sp.IndexedBase("X"), sp.IndexedBase("s")
xb, ab, deltab, sigmab, gb = (sp.IndexedBase(nm) for nm in ("x", "a", "delta", "sigma", "g"))
q = S("q")
# ellipses between two terms that differ in one index: a sum or product over that index
add(r"a_1 + \dots + a_n", sp.Sum(ab[i], (i, 1, n)))
add(r"a_1 + a_2 + \cdots + a_n", S("a_1") + sp.Sum(ab[i], (i, 2, n)))
add(r"x_1 + \ldots + x_m", sp.Sum(xb[i], (i, 1, m)))
add(r"X_1 \cdots X_n", sp.Product(X[i], (i, 1, n)))
add(r"x_1 x_2 \cdots x_n", S("x_1") * sp.Product(xb[i], (i, 2, n)))
add(r"x_1 \cdot \cdots \cdot x_n", sp.Product(xb[i], (i, 1, n)))
add(r"X_1^2 \cdots X_n^2", sp.Product(X[i] ** 2, (i, 1, n)))
add(r"E[X_1] \cdots E[X_n]", sp.Product(F("E")(X[i]), (i, 1, n)))
add(r"(E[X_1])^2 \cdots (E[X_n])^2", sp.Product(F("E")(X[i]) ** 2, (i, 1, n)))
add(r"\text{var}(X_1 \cdots X_n)", F("Var")(sp.Product(X[i], (i, 1, n))))
add(r"2 + x_0 + \dots + x_k", 2 + sp.Sum(xb[i], (i, 0, k)))
# sums whose bounds are a condition on one or more indices
add(r"\sum_{0 \le j,k \le 23} \delta^1_{j,k}", sp.Sum(deltab[j, k], (j, 0, 23), (k, 0, 23)))
add(r"\sum_{1 \le i \le n} x_i", sp.Sum(xb[i], (i, 1, n)))
add(r"\sum_{0 < i < n} x_i", sp.Sum(xb[i], (i, 1, n - 1)))
add(r"\prod_{1 \le i \le n} x_i", sp.Product(xb[i], (i, 1, n)))
add(r"\sum_{1 \leq k \leq 3} k", sp.Sum(k, (k, 1, 3)))
# subscripts of sums written as index arithmetic
add(r"\sum_{i=0}^{t-1} g_{t-i-1}", sp.Sum(gb[t - i - 1], (i, 0, t - 1)))
add(r"\sum_{i=1}^{n} x_{n-i+1}", sp.Sum(xb[n - i + 1], (i, 1, n)))
# a sub/superscript on \sigma: a quantity, not the logistic
add(r"\sigma_k^2", S("sigma_k") ** 2)
add(r"\sigma_1", S("sigma_1"))
add(r"\sigma_k(z)", F("sigma_k")(z))
add(r"\sum_{k=1}^n w_k \sigma_k^2", sp.Sum(sp.IndexedBase("w")[k] * sigmab[k] ** 2, (k, 1, n)))
# a bare prime on a name: a quantity named with a prime
add(r"H'", S("H_prime"))
add(r"x''", S("x_primeprime"))
add(r"f'(x)", sp.Derivative(F("f")(x), x))
# a conditional bar inside a function's argument: an opaque named quantity
add(r"P_{\text{model}}(y|x)", F("P_model")(y, F("given")(x)))
add(r"p(y|x)", F("p")(y, F("given")(x)))
add(r"p(y=1|x, \theta)", F("p")(sp.Eq(y, 1), F("given")(x, theta)))
add(r"p(y \mid x; \theta)", F("p")(y, F("given")(x, theta)))  # \mid is the bar; ; separates as , does
add(r"p(x|\theta) + p(x)", F("p")(x, F("given")(theta)) + F("p")(x))
# Leibniz quotients with a layer label, and derivatives of expressions
add(r"\frac{\partial C}{\partial b^1}", F("dC_db__1")(S("b__1")))
add(r"\frac{\partial C}{\partial w^3_{jk}}", F("dC_dw_jk__3")(S("w_jk__3")))
add(r"\frac{d\sigma(z)}{dz}", sp.Derivative(sig(z), z))
# d sigma / dz with no argument: the derivative of a quantity named sigma (opaque unless the document defines
# it), never sigma'(z) of the logistic: sigma may be a function of wx + b, and d sigma/dx is not sigma'(x).
add(r"\frac{d\sigma}{dz}", sp.Function("dsigma_dz")(z))
add(r"\frac{\partial \sigma}{\partial x}", sp.Function("dsigma_dx")(x))
add(r"\frac{\partial \sigma(z)}{\partial z}", sp.Derivative(sig(z), z))
add(r"\frac{d(x^2)}{dx}", sp.Derivative(x**2, x))
add(r"\frac{d \ln x}{d x}", sp.Derivative(sp.log(x), x))
add(r"\frac{\partial \sigma(w x)}{\partial (w x)}", sp.Subs(sp.Derivative(sig(q), q), q, w * x))
add(r"\frac{\partial (w x)}{\partial w}", F("d_wrt")(w * x, w))
add(r"\frac{\partial \sigma(w x)}{\partial w}", F("d_wrt")(sig(w * x), w))
# a function of a big operator: its whole body
add(r"\log \sum_k e^{z_k}", sp.log(F("SumOver")(sp.exp(sp.IndexedBase("z")[k]), k)))
add(r"\exp \sum_{i=1}^{3} i", sp.exp(sp.Sum(i, (i, 1, 3))))
# matrices: opaque (not evaluated), elided entries opaque too
add(r"\begin{bmatrix} 1 & 2 \\ 3 & 4 \end{bmatrix}", WRITTEN_MATRIX(sp.Tuple(1, 2), sp.Tuple(3, 4)))
add(r"\begin{pmatrix} x \\ y \end{pmatrix}", WRITTEN_MATRIX(sp.Tuple(x), sp.Tuple(y)))
add(r"\begin{bmatrix} a_1 \\ \vdots \\ a_n \end{bmatrix}", WRITTEN_MATRIX(sp.Tuple(S("a_1")), sp.Tuple(F("elided")()), sp.Tuple(S("a_n"))))
add(r"\begin{bmatrix} 0 \\ \dots \\ 0 \end{bmatrix}", WRITTEN_MATRIX(sp.Tuple(0), sp.Tuple(F("elided")()), sp.Tuple(0)))
# letters the input itself applies as functions stay functions before parentheses
add(r"p(x) + p'(x)", F("p")(x) + sp.Derivative(F("p")(x), x))
add(r"q(a, b) + q(c)", F("q")(a, b) + F("q")(c))
add(r"u(x) + u(x|y)", F("u")(x) + F("u")(x, F("given")(y)))
# a power after a letter's parentheses: x(y+1)^2 is x times (y+1)^2; f(x)^2 and \ln(x)^2 are powers of the call
add(r"x (y+1)^{2}", x * (y + 1) ** 2)
add(r"2 (x+1)^{-1}", 2 / (x + 1))
add(r"m_t (1-\beta_1^t)^{-1}", S("m_t") / (1 - S("beta_1") ** S("t")))
add(r"\lambda (x+1)^2", lam * (x + 1) ** 2)
add(r"f(x)^2", F("f")(x) ** 2)
add(r"L(\theta)^2", F("L")(S("theta")) ** 2)
add(r"\ln(x)^2", sp.log(x) ** 2)
add(r"\sin(x)^2 + \cos(x)^2", sp.sin(x) ** 2 + sp.cos(x) ** 2)
add(r"\ln x^2", sp.log(x**2))
add(r"\log{\left(x \right)}^{2}", sp.log(x) ** 2)  # sympy.latex(log(x)**2)
add(r"\frac{\log{\left(x + 1 \right)}^{3}}{x}", sp.log(x + 1) ** 3 / x)
# a function without parentheses takes the numbers and names after it, as mathematics is written
# (sin 2x is sin(2x), not sin(2) x); it stops at another function, a parenthesis or an operator
omega = S("omega")
add(r"\sin 2x", sp.sin(2 * x))
add(r"\cos 3t", sp.cos(3 * t))
add(r"\sin \omega t", sp.sin(omega * t))
add(r"\log 2x", sp.log(2 * x))
add(r"\exp 2x", sp.exp(2 * x))
add(r"\sin^2 2x", sp.sin(2 * x) ** 2)
add(r"\log_2 4x", sp.log(4 * x, 2))
add(r"\frac{1}{2}\log 2\pi e \sigma^2", sp.log(2 * sp.pi * sp.E * S("sigma") ** 2) / 2)
add(r"\sin 2x / 3", sp.sin(2 * x) / 3)
add(r"2\sin x \cos x", 2 * sp.sin(x) * sp.cos(x))
add(r"\sin x + y", sp.sin(x) + y)
add(r"\ln(x) y", y * sp.log(x))
add(r"\ln \sigma(z) x", x * sp.log(sig(z)))
# the parenthesis after a bare argument is a factor of the product, not part of the argument (was sin(x(1 + x)))
add(r"\sin x (1 + x)", sp.sin(x) * (1 + x))
add(r"2\tanh x (1 - \tanh^2 x)", 2 * sp.tanh(x) * (1 - sp.tanh(x) ** 2))
add(r"\ln x (1 - x)", sp.log(x) * (1 - x))
add(r"\sin f(x)", sp.sin(F("f")(x)))  # f names a function: its call is the argument
add(r"n (n-1)!", n * sp.factorial(n - 1))  # n times (n-1)!, not (n(n-1))!
# primes spelled as commands; the logit by name (sigma^{-1}(y) is refused: see test_latex_parser)
add(r"f^{\prime}(x)", sp.Derivative(F("f")(x), x))
add(r"f^\prime(x)", sp.Derivative(F("f")(x), x))
add(r"f^{\prime\prime}(x)", sp.Derivative(F("f")(x), (x, 2)))
add(r"\sigma^{\prime}(z)", sp.diff(sig(z), z))
add(r"\operatorname{logit}(y)", sp.log(y / (1 - y)))
add(r"\text{logit}(p)", sp.log(S("p") / (1 - S("p"))))
add(r"x^{-1}(a+b)", (a + b) / x)
# an accent without braces on one letter, as TeX allows: \hat m_t is \hat{m}_t
add(r"\frac{\hat m_t}{\sqrt{\hat v_t} + \epsilon}", S("m_hat_t") / (sp.sqrt(S("v_hat_t")) + eps))
add(r"\bar x", S("x_bar"))
add(r"\hat\theta", S("theta_hat"))
# \partial_x is the operator d/dx, as \frac{\partial}{\partial x}; a norm is an opaque function
add(r"\partial_x (x^2 y)", sp.Derivative(x**2 * y, x))
add(r"3\partial_x x^2", 3 * sp.Derivative(x**2, x))
add(r"\partial_{w} \frac{1}{2} w^2", sp.Derivative(w**2 / 2, w))
add(r"\frac{1}{2}\|w\|^2", F("norm")(w) ** 2 / 2)
add(r"\lVert x - y \rVert", F("norm")(x - y))
add(r"\|x\|_2", F("normtwo")(x))  # a matrix's 2-norm is its largest singular value: never the bare (Frobenius) norm
add(r"\|x\|_1", F("normone")(x))
add(r"\|W\|_F^2", F("normfro")(S("W")) ** 2)
add(r"\|x\|_{\infty}", F("normmax")(x))
add(r"\langle x, y \rangle", F("inner")(x, y))  # the inner product: opaque (matrices evaluate it, tr(A^T B) for matrices)
add(r"\frac{\text{d}}{\text{d}x} x^3", sp.Derivative(x**3, x))
# \Delta before one name is the change in it, one quantity (seed 002's \Delta\theta); \Delta alone is a name
add(r"\Delta\theta", S("Delta_theta"))
add(r"\theta + \Delta\theta", theta + S("Delta_theta"))
add(r"\Delta w = -\eta g", sp.Eq(S("Delta_w"), -eta * S("g")))
add(r"\sqrt{\Delta}", sp.sqrt(S("Delta")))
add(r"\Delta w_i", S("Delta_w_i"))  # the change in w_i, one quantity too (session 57: it was Delta times w_i)
# a superscript in parentheses is a label only when it is an index (x^{(i)}, a^{(l-1)}, w^{(\ell)}); an expression
# there is a power: seed 002 writes the sigmoid as 1/(1 + e^{(w_x * x * \theta + w_y * y * \theta)})
add(r"x^{(i)} + a^{(l-1)}", S("x__i") + S("a__lminus1"))
add(r"w^{(\ell)}", S("w__ell"))
add(r"x^{(i,j)}", S("x__ij"))
add(r"\frac{1}{1 + e^{(w_x * x * \theta + w_y * y * \theta)}}", 1 / (1 + sp.exp(theta * S("w_x") * x + theta * S("w_y") * y)))
add(r"e^{(a x + b)}", sp.exp(a * x + b))
add(r"e^{(a b)}", sp.exp(a * b))
add(r"x^{(n+1)} - x^{(n + 1) y}", S("x__nplus1") - x ** ((n + 1) * y))

# --- what conversions from PDF and HTML put in math (2026-11-29, public derivations) ----------------------
p = S("p")
add("p_i(1 \u2013 p_i)", S("p_i") * (1 - S("p_i")))  # an en dash between terms is a minus sign there
add("x \u2212 y", x - y)  # U+2212 MINUS SIGN
add("2 \u00b7 x + 3 \u00d7 y", 2 * x + 3 * y)
add("f\u2032(x)", sp.Derivative(F("f")(x), x))
add(r"\sum_{i=1}^{n} -x_i y_i", sp.Sum(-xi[i] * yi[i], (i, 1, n)))  # a body that starts with a minus is the signed term
add(r"1 + \sum_{i=1}^{n}-x_i", 1 + sp.Sum(-xi[i], (i, 1, n)))
add(r"\prod_{i=1}^{n} -x_i", sp.Product(-xi[i], (i, 1, n)))
add(r"\hat{x_i} - \hat{x}_i", 0)  # an accent over an entry: the entry of the accented sequence
add(r"\frac{\partial \mathcal{L}}{\partial w}", F("dL_dw")(w))  # as \frac{\partial L}{\partial w} reads
add(r"\mathcal{L} + \mathscr L", 2 * S("L"))
add(r"\mu \space + 1", mu + 1)
add(r"g_t \odot g_t", S("g_t") ** 2)  # the elementwise product of numbers is their product
add("a \u2299 b + a", S("a") * S("b") + S("a"))
# A second derivative of a quantity written as a quotient: the derivative of dy/dx (it was the fraction d*y/x^2).
add(r"\frac{d^2 y}{dx^2}", sp.Derivative(F("dy_dx")(x), x))
add(r"\frac{\partial^2 f}{\partial w^2} + 1", sp.Derivative(F("df_dw")(w), w) + 1)
add(r"\frac{d^2 y}{dx^2} x", x * sp.Derivative(F("dy_dx")(x), x))  # the operator takes nothing after the quotient
# Leibniz notation with a slash, as plain-text answers write it (dy/dx was d*y/d*x = x*y, d/dx x^2 was x^3).
add(r"dy/dx", F("dy_dx")(x))
add(r"2 dy/dx + y", 2 * F("dy_dx")(x) + y)
add(r"d(x^2)/dx", sp.Derivative(x**2, x))
add(r"d/dx x^2", sp.Derivative(x**2, x))
add(r"\partial L / \partial w", F("dL_dw")(w))
add(r"\partial/\partial w (w^2 x)", sp.Derivative(w**2 * x, w))
add(r"d^2y/dx^2", sp.Derivative(F("dy_dx")(x), x))
add(r"a/b + d/2", a / b + S("d") / 2)  # a quotient that is no derivative stays one
add(r"50\% + x", sp.Rational(1, 2) + x)  # a percentage is its fraction
add(r"97.5\%", sp.Rational(39, 40))
# What a trace or a determinant takes is a square matrix: its names keep their order (tr(ABC) is not tr(ACB);
# read as numbers, tr(ABC) = tr(ACB) was proved); Greek scalars stay numbers.
Bnc, Cnc = (sp.Symbol(n, commutative=False) for n in ("B", "C"))
add(r"\operatorname{tr}(A B C)", F("tr")(Anc * Bnc * Cnc))
add(r"\det(A B) - \det(A)\det(B)", F("det")(Anc * Bnc) - F("det")(Anc) * F("det")(Bnc))
add(r"\mathrm{tr}(\lambda A)", F("tr")(lam * Anc))
# A minus exponent without braces, as plain-text answers write it: one letter (or Greek name, with its subscript)
# is the exponent, as x^-1 is x^{-1} (it did not parse); e^-xy is refused (e^{-x} y or e^{-xy}?).
add(r"e^-x", sp.exp(-x))
add(r"e^- x_i + 1", 1 + sp.exp(-S("x_i")))
add(r"2^-\lambda y", 2 ** (-lam) * y)
# An evaluation bar that ends a side: the body read, then the variable replaced (it was refused everywhere)
add(r"\left. \frac{d}{dx} x^2 \right|_{x=3}", sp.Subs(sp.Derivative(x**2, x), x, 3))
add(r"x^2 + 1 \Big|_{x = 2}", 5)
# A layer in square brackets (deeplearning.ai's notation) is a label, as a^{(l)} is (W^{[1]} was W^1 = W, so
# W^{[1]} = W^{[2]} read W = W^2)
add(r"W^{[1]} x + b^{[1]}", S("W__1") * x + S("b__1"))
add(r"a^{[l-1]} + a^{[l]}", S("a__lminus1") + S("a__l"))

# --- double factorials and powers under d/dx -------------------------------------------------------
add(r"n!!", sp.factorial2(n))
add(r"n(n-2)!!", n * sp.factorial2(n - 2))  # n times the double factorial of the parenthesis
add(r"\frac{d x^3}{dx}", sp.Derivative(x**3, x))  # x in a layer 3 differentiated by x is no quantity: the power
add(r"\frac{\partial w^2}{\partial w}", sp.Derivative(w**2, w))

# --- the optimum's star, and a limit whose body starts with a minus ----------------------------------------
add(r"w^*", S("w__star"))
add(r"\theta^{\star}", S("theta__star"))
add(r"\lim_{x \to 0} -\frac{\sin x}{x}", -sp.Limit(sp.sin(x) / x, x, 0, dir="+-"))
add(r"\operatorname{atan}(x)", sp.atan(x))  # SymPy's own spelling, read back
add(r"\operatorname{arctanh}(x)", sp.atanh(x))
add(r"\arcsinh(x)", sp.asinh(x))
add(r"\operatorname{erf}(x)", sp.erf(x))
add(r"\Bigl(x + 1\Bigr)^2", (x + 1) ** 2)
add(r"6 \div 3", 2)
add(r"\Phi^{-1}(0.975)", F("phiinv")(sp.Rational(39, 40)))  # the quantile: a function defined elsewhere (was 0.975/Phi)

# --- \pi with a subscript is a name (a policy, a mixture weight); the circle's constant takes none -------------------
add(r"\pi_1 + \pi_2", S("pi_1") + S("pi_2"))
add(r"\pi_{a} \ln \pi_a", S("pi_a") * sp.log(S("pi_a")))
add(r"2\pi x", 2 * sp.pi * x)
