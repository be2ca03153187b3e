r"""Symbolic checker: SymPy establishes the statement, or says why it could not.

For an equality it reduces :math:`\mathrm{lhs} - \mathrm{rhs}` to zero with a
cascade of ever more expensive rewrites (expand; a rational function in the
exponentials; ``simplify``), after substituting constraints such as
:math:`\sum_k y_k = 1`. An inequality is settled by SymPy's assumptions on
:math:`\mathrm{rhs} - \mathrm{lhs}`. Claims that need an argument (an extremum,
an interval's endpoints) declare ``proof=``: a list of facts, each of which
SymPy must establish; the facts and how each was established are the evidence.

When the cheap rewrites fail, the checker evaluates the statement exactly at a
few rational points of the domain: a nonzero difference there refutes it with
an exact counterexample (so ``simplify``, which cannot reduce a function that is
nonzero somewhere to 0, runs only when no point refutes it). Otherwise the
verdict is ``undecided`` with the reason.
"""

from __future__ import annotations

import time
from typing import Any

import sympy as sp

from derivax.calculus import derivatives_done
from derivax.claims import Claim, Instance
from derivax.domains import Vec
from derivax.evaluate import NEGATION, relation_of, sample_points
from derivax.evidence import Counterexample, Evidence, Verdict, undecided
from derivax.limits import TimeLimitExceeded, time_limit
from derivax.settings import Settings

__all__ = ["check", "establish", "zero_by"]

NAME = "symbolic"
_EXACT_POINTS = 6


def _exp_atoms_as_symbols(expr: sp.Expr) -> sp.Expr:
    """Each ``exp(c1 x1 + c2 x2 + ...)`` as ``X1**c1 * X2**c2 ...`` with positive symbols X."""
    bases: dict[sp.Expr, sp.Dummy] = {}

    def power_of(term: sp.Expr) -> sp.Expr:
        coeff, rest = term.as_coeff_Mul()
        if rest == 1:
            return sp.exp(coeff)
        return bases.setdefault(rest, sp.Dummy(f"E{len(bases)}", positive=True)) ** coeff

    atoms = expr.atoms(sp.exp)
    return expr.xreplace({a: sp.Mul(*[power_of(t) for t in sp.Add.make_args(sp.expand(a.args[0]))]) for a in atoms})


def _rational_zero(expr: sp.Expr) -> bool:
    """Whether ``expr``, a rational function in its atoms, is identically 0: over one denominator, its numerator expands to 0.

    A numerator that expands to 0 is a polynomial that is identically 0, which proves it: then ``cancel``
    would reduce the fraction to 0 too, and it costs three to five times what expanding does (the gcd of
    numerator and denominator, needless when the numerator is 0). Otherwise ``cancel`` decides, as before,
    so no fraction it reduces to 0 is missed."""
    fraction = sp.together(expr)
    return sp.expand(sp.fraction(fraction)[0]) == 0 or sp.cancel(fraction) == 0


_HYPERBOLIC = (sp.sinh, sp.cosh, sp.tanh, sp.coth, sp.sech, sp.csch)
_COMBINATORIAL = (sp.binomial, sp.factorial, sp.gamma, sp.RisingFactorial, sp.FallingFactorial)


def zero_by(expr: sp.Expr, *, cheap: bool = True, costly: bool = True) -> str | None:
    """The first rewrite that reduces ``expr`` to 0, or None (cheapest rewrites first).

    ``cheap``: evaluation, a rational function in the exponentials, expand, cancel (a rational function
    in its atoms), binomials and factorials expanded (``expand_func``), hyperbolic functions written as
    exponentials; ``costly``: ``simplify``
    and the log rules, which can take a second on an expression that is not zero (a wrong twin)."""
    expr = derivatives_done(sp.sympify(expr, strict=True)).doit()
    if cheap:
        if expr == 0:
            return "evaluation"
        if expr.has(sp.exp) and _rational_zero(_exp_atoms_as_symbols(expr)):
            return "rational function in the exponentials"
        if sp.expand(expr) == 0:
            return "expand"
        if sp.cancel(expr) == 0:  # a rational function in its atoms: (x^2-1)/(x+1) - (x-1), partial fractions
            return "cancel"
        if expr.has(*_COMBINATORIAL) and sp.expand(sp.expand_func(expr)) == 0:  # binomial(n, 2) = n(n-1)/2
            return "special functions expanded"
        if expr.has(*_HYPERBOLIC):
            in_exp = expr.rewrite(_HYPERBOLIC, sp.exp)  # tanh x = (e^x - e^-x)/(e^x + e^-x) wherever it is defined
            if _rational_zero(_exp_atoms_as_symbols(in_exp)):
                return "hyperbolic functions as exponentials"
    if not costly:
        return None
    if sp.simplify(expr) == 0:
        return "simplify"
    # Log rules only where the symbols' assumptions justify them (never force=True): ln(xy) = ln x + ln y
    # is false over the reals when x, y < 0, so it must not be "proved" there.
    if sp.simplify(sp.logcombine(sp.expand_log(expr))) == 0:
        return "log rules"
    return None


def establish(fact: Any) -> str | None:
    """How SymPy establishes one fact (a Boolean, Eq or inequality), or None."""
    fact = sp.sympify(fact, strict=True)
    if fact is sp.true:
        return "evaluation"
    if isinstance(fact, sp.Equality):
        lhs, rhs = fact.args
        if isinstance(lhs, sp.Set) or isinstance(rhs, sp.Set):
            return "set equality" if lhs == rhs else None
        return zero_by(lhs - rhs)
    if isinstance(fact, sp.Rel):
        rel = relation_of(fact)
        gap = sp.simplify(fact.rhs - fact.lhs if rel in ("<=", "<") else fact.lhs - fact.rhs)
        sign = gap.is_positive if rel in ("<", ">") else gap.is_nonnegative
        return "assumptions on the sign of the difference" if sign else None
    return "simplify" if sp.simplify(fact) is sp.true else None


def _exact(value: float, integer: bool) -> sp.Expr:
    return sp.Integer(round(value)) if integer else sp.Rational(value).limit_denominator(10**6)


def _exact_points(claim: Claim, inst: Instance, seed: int) -> list[dict[sp.Symbol, sp.Expr]]:
    """A few rational points of the domain, as substitutions for the flat symbols."""
    import numpy as np  # here, not at import: compare's proofs (zero_by) never need NumPy

    drawn = sample_points(claim, inst.size, _EXACT_POINTS + 2, np.random.default_rng(seed))
    points = []
    for i in range(_EXACT_POINTS + 2):
        subs: dict[sp.Symbol, sp.Expr] = {}
        for s in claim.symbols:
            if isinstance(s, Vec):
                subs.update({sym: _exact(v, s.kind == "onehot") for sym, v in zip(s.at(inst.size), drawn[s.name][i], strict=True)})
            else:
                subs[s.symbol] = _exact(drawn[s.name][i], s.is_integer)
        points.append(subs)
    return points


def _value(expr: Any, subs: dict) -> Any:
    """``expr`` at an exact point, to 40 digits; limits and derivatives are taken symbolically first."""
    if isinstance(expr, sp.MatrixBase):
        return sp.ImmutableMatrix([_value(e, subs) for e in expr]).reshape(*expr.shape)
    expr = sp.sympify(expr, strict=True)
    if expr.has(sp.Limit, sp.Derivative):
        expr = derivatives_done(expr).doit()
    return expr.evalf(40, subs=subs, chop=True)


def _holds_at(rel: str, lhs: Any, rhs: Any, rtol: float = 0.0, atol: float = 0.0) -> bool | None:
    """Whether ``lhs REL rhs`` at exact values; None when a side is not a real number.

    The slack is 1e-25 (40-digit evaluation), or the claim's own rtol/atol when it declares them
    (a claim whose right side is a rounded number).
    """
    pairs = zip(lhs, rhs, strict=True) if isinstance(lhs, sp.MatrixBase) else [(lhs, rhs)]
    for a, b in pairs:
        if not (a.is_real and b.is_real and a.is_finite and b.is_finite):
            return None
        slack = max(sp.Float(1e-25) * (1 + abs(b)), atol + rtol * abs(b))
        ok = abs(a - b) <= slack if rel == "==" else (a <= b + slack if rel in ("<=", "<") else a >= b - slack)
        if not ok:
            return False
    return True


def _disprove(claim: Claim, inst: Instance, seed: int) -> Counterexample | None:
    """An exact counterexample at a rational point, if one of a few points is one."""
    for subs in _exact_points(claim, inst, seed):
        try:
            lhs, rhs = _value(inst.lhs, subs), _value(inst.rhs, subs)
        except (NotImplementedError, TypeError, ValueError, ZeroDivisionError):
            continue
        if inst.given is not None:
            gap = _value(inst.given.lhs - inst.given.rhs, subs)
            hypothesis = _holds_at(relation_of(inst.given), gap, sp.Integer(0))
            if hypothesis is not True:
                continue
        rtol, atol = claim.rtol or 0.0, claim.atol or 0.0
        outcome = _holds_at(inst.rel, lhs, rhs, rtol, atol)
        if outcome is False and (inst.given is None or _holds_at(NEGATION[inst.rel], lhs, rhs, rtol, atol) is not False):
            at = {str(k): float(v) for k, v in subs.items()}
            if inst.size is not None:
                at = {"n": inst.size, **at}
            return Counterexample(at, _plain(lhs), _plain(rhs), "exact evaluation at a rational point")
    return None


def _plain(value: Any) -> Any:
    return [float(v) for v in value] if isinstance(value, sp.MatrixBase) else float(value)


class _Equality:
    """An equality's components ``lhs - rhs`` (constraints substituted), and the rewrite that zeroed each so far."""

    def __init__(self, inst: Instance):
        diff = (sp.Matrix(inst.lhs) - sp.Matrix(inst.rhs)) if isinstance(inst.lhs, sp.MatrixBase) else inst.lhs - inst.rhs
        items = list(diff) if isinstance(diff, sp.MatrixBase) else [diff]
        self.items = [sp.sympify(d, strict=True).subs(inst.constraints) for d in items]
        self.routes: list[str | None] = [None] * len(self.items)

    def route(self, *, cheap: bool, costly: bool) -> str | None:
        """Try the rewrites on the components not yet zeroed; the routes when all are, else None."""
        for k, item in enumerate(self.items):
            if self.routes[k] is None:
                self.routes[k] = zero_by(item, cheap=cheap, costly=costly)
                if self.routes[k] is None:
                    return None  # one component left nonzero settles it: the rest wait for the next pass
        return ", ".join(sorted(set(self.routes)))  # type: ignore[arg-type]


def _settle(claim: Claim, inst: Instance, seed: int) -> tuple[str | None, Counterexample | None]:
    """The route that proves ``inst``, or an exact counterexample, or neither.

    For an equality the cheap rewrites run first, then the exact points, and ``simplify`` only when no
    point refutes it: a nonzero exact value at a point shows that ``lhs - rhs`` is not identically zero,
    so no rewrite could reduce it to 0, and a wrong statement no longer pays for ``simplify`` failing."""
    equality, route = None, None
    try:
        if inst.given is None and inst.rel == "==":
            equality = _Equality(inst)
            route = equality.route(cheap=True, costly=False)
        elif inst.given is None:  # an inequality: SymPy's assumptions on the sign of the difference
            route = establish({"<=": sp.Le, "<": sp.Lt, ">=": sp.Ge, ">": sp.Gt}[inst.rel](inst.lhs, inst.rhs))
    except (NotImplementedError, TypeError, ValueError):  # SymPy gave up: try to refute instead
        route, equality = None, None
    if route is not None:
        return route, None
    ce = _disprove(claim, inst, seed)
    if ce is not None or equality is None:
        return None, ce
    try:
        return equality.route(cheap=False, costly=True), None
    except (NotImplementedError, TypeError, ValueError):
        return None, None


def _from_proof(claim: Claim, start: float) -> Evidence:
    steps = []
    for text, fact in claim.proof():
        how = establish(fact)
        steps.append({"fact": text, "latex": sp.latex(fact), "established_by": how})
        if how is None:
            return undecided(NAME, f"could not establish: {text}", steps=steps)
    return Evidence(
        NAME,
        Verdict.PROVED,
        f"{len(steps)} facts established by SymPy",
        {"route": "declared proof", "steps": steps},
        None,
        time.perf_counter() - start,
    )


def check(claim: Claim, settings: Settings) -> Evidence:
    """Establish the claim with SymPy, refute it exactly, or say why neither; see the module docstring."""
    start = time.perf_counter()
    seed = 0 if settings.seed is None else settings.seed
    try:
        with time_limit(settings.timeout_s):
            if claim.proof is not None:
                return _from_proof(claim, start)
            routes = []
            for inst in claim.instances():
                route, ce = _settle(claim, inst, seed)
                if route is None:
                    if ce is not None:
                        return Evidence(
                            NAME,
                            Verdict.REFUTED,
                            f"exact counterexample {ce.describe()}",
                            {"route": "exact evaluation"},
                            ce,
                            time.perf_counter() - start,
                        )
                    why = "an implication needs a declared proof=" if inst.given is not None else "SymPy could not reduce the statement"
                    return undecided(NAME, f"{why}; no exact counterexample at {_EXACT_POINTS} rational points", size=inst.size)
                routes.append(route)
    except TimeLimitExceeded:
        return undecided(NAME, f"timed out after {settings.timeout_s:g} s of CPU")
    sizes = [i.size for i in claim.instances() if i.size is not None]
    details = {"route": ", ".join(sorted(set(routes)))}
    if sizes:
        details["sizes"] = sizes
    return Evidence(
        NAME,
        Verdict.PROVED,
        f"lhs - rhs reduces to 0 by {details['route']}" if claim.rel == "==" else f"established by {details['route']}",
        details,
        None,
        time.perf_counter() - start,
    )
