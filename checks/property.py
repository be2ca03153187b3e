r"""Property checker: Hypothesis hunts for a counterexample and shrinks it.

Hypothesis draws points from the symbols' strategies (the same domains and
typical boxes the sampler uses) and evaluates both sides of the SymPy
statement with mpmath at 60 digits, independently of JAX and of SymPy's
simplifier. A point where the sides disagree (or the hypothesis holds and the
conclusion fails) is a counterexample; Hypothesis shrinks it to a simple one.
"""

from __future__ import annotations

import random
import time
from typing import Any

import mpmath
import sympy as sp
from hypothesis import HealthCheck, Phase, find
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from hypothesis.errors import NoSuchExample, Unsatisfiable
from sympy.core.function import AppliedUndef

from checks.claims import Claim, Instance
from checks.domains import Vec
from checks.evaluate import DIGITS, NEGATION, clearly, flatten_point, holds, mp_function, relation_of, to_mp
from checks.evidence import Counterexample, Evidence, Verdict, undecided
from checks.settings import Settings

__all__ = ["check"]

NAME = "property"


def _strategy(claim: Claim, size: int | None) -> st.SearchStrategy[dict[str, Any]]:
    parts = {s.name: (s.strategy(size) if isinstance(s, Vec) else s.strategy()) for s in claim.symbols}
    return st.fixed_dictionaries(parts)


class _Judge:
    """Evaluates one instance at a point in mpmath; remembers the sides it saw."""

    def __init__(self, claim: Claim, inst: Instance, rtol: float, atol: float):
        self.claim, self.inst, self.rtol, self.atol = claim, inst, rtol, atol
        self.lhs, self.rhs = mp_function(inst, inst.lhs), mp_function(inst, inst.rhs)
        self.given = mp_function(inst, inst.given.lhs - inst.given.rhs) if inst.given is not None else None
        self.seen: dict[str, Any] = {}

    def _sides(self, point: dict[str, Any]) -> tuple[Any, Any]:
        args = [to_mp(v) for v in flatten_point(self.claim, point)]
        with mpmath.workdps(DIGITS):
            return self.lhs(*args), self.rhs(*args), (self.given(*args) if self.given else None)

    def fails(self, point: dict[str, Any]) -> bool:
        try:
            lhs, rhs, gap = self._sides(point)
        except (ZeroDivisionError, ValueError, OverflowError, TypeError):
            return False  # outside where the statement is defined: not a counterexample
        lhs_l, rhs_l = (lhs, rhs) if isinstance(lhs, list) else ([lhs], [rhs])
        if any(not (mpmath.isfinite(a) and mpmath.isfinite(b)) for a, b in zip(lhs_l, rhs_l, strict=True)):
            return False
        tol = [self.atol + self.rtol * abs(b) for b in rhs_l]
        if gap is None:
            bad = not all(holds(self.inst.rel, a, b, t) for a, b, t in zip(lhs_l, rhs_l, tol, strict=True))
        else:
            g_rel = relation_of(self.inst.given)
            hyp_true = clearly(g_rel, gap, 0, self.atol)
            hyp_false = clearly(NEGATION[g_rel], gap, 0, self.atol)
            con_true = clearly(self.inst.rel, lhs, rhs, tol[0])
            con_false = clearly(NEGATION[self.inst.rel], lhs, rhs, tol[0])
            bad = (hyp_true and con_false) or (self.claim.iff and hyp_false and con_true)
        if bad:
            self.seen = {"lhs": [float(a) for a in lhs_l], "rhs": [float(b) for b in rhs_l]}
        return bad


def check(claim: Claim, settings: Settings) -> Evidence:
    """Search each instance for a counterexample; see the module docstring."""
    start = time.perf_counter()
    seed = 0 if settings.seed is None else settings.seed
    # Both sides are evaluated at 60 digits, so the claim's own (Monte-Carlo) tolerances do not apply.
    rtol, atol = settings.rtol, settings.atol
    instances = list(claim.instances())
    if any(_unevaluable(inst) for inst in instances):
        return undecided(NAME, "the statement uses an undefined function, which mpmath cannot evaluate")
    per_instance = max(settings.examples // len(instances), 20)
    config = hsettings(
        max_examples=per_instance,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        # No "explain" phase: it re-runs the condition hundreds of times to annotate a report we do not print.
        phases=(Phase.generate, Phase.shrink),
    )
    details: dict[str, Any] = {"examples_per_size": per_instance, "sizes": len(instances), "rtol": rtol, "atol": atol, "digits": DIGITS}
    for inst in instances:
        judge = _Judge(claim, inst, rtol, atol)
        try:
            point = find(_strategy(claim, inst.size), judge.fails, settings=config, random=random.Random(seed))
        except (NoSuchExample, Unsatisfiable):
            continue
        judge.fails(point)  # refresh the sides for the shrunk point
        at = {"n": inst.size, **point} if inst.size is not None else point
        lhs, rhs = (v if len(v) > 1 else v[0] for v in (judge.seen["lhs"], judge.seen["rhs"]))
        ce = Counterexample(at, lhs, rhs, "shrunk by Hypothesis; sides evaluated with mpmath")
        return Evidence(NAME, Verdict.REFUTED, f"counterexample {ce.describe()}", details, ce, time.perf_counter() - start)
    examples = per_instance * len(instances)
    return Evidence(NAME, Verdict.CONFIRMED, f"no counterexample in {examples} examples", details, None, time.perf_counter() - start)


def _unevaluable(inst: Instance) -> bool:
    sides = [inst.lhs, inst.rhs] + ([inst.given] if inst.given is not None else [])
    return any(sp.sympify(side, strict=True).has(AppliedUndef) for side in sides)
