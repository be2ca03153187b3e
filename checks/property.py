r"""Property checker: Hypothesis hunts for a counterexample and shrinks it.

Hypothesis draws points from the symbols' strategies (the same domains and
typical boxes the sampler uses) and evaluates both sides of the SymPy
statement with mpmath at 60 digits, independently of JAX and of SymPy's
simplifier. A point where the sides disagree (or the hypothesis holds and the
conclusion fails) is a counterexample; Hypothesis shrinks it to a simple one.

For inequalities and implications, where a wrong bound may fail only on a thin sliver of the
box, Hypothesis's generation is steered towards large violations with ``target()``, and when it
finds nothing the guided search (:mod:`derivax.search`: gradient ascent on the violation from
many starts, plus the box's edges) proposes points, each re-evaluated here at 60 digits before it
counts. Facts a claim declares in ``interval=`` are proved by interval branch-and-bound
(:mod:`derivax.interval`); the evidence lists them.
"""

from __future__ import annotations

import contextlib
import math
import random
import threading
import time
from collections.abc import Iterator
from typing import Any

import mpmath
import sympy as sp
from hypothesis import HealthCheck, Phase, find, target
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from hypothesis.control import currently_in_test_context
from hypothesis.errors import Flaky, NoSuchExample, Unsatisfiable

from derivax.claims import Claim, Instance
from derivax.codegen import undefined_functions
from derivax.domains import Sym, Vec, _closed_ends, _pieces
from derivax.evaluate import DIGITS, NEGATION, clearly, flatten_point, holds, mp_function, relation_of, to_mp
from derivax.evidence import Counterexample, Evidence, Verdict, undecided
from derivax.settings import Settings

__all__ = ["check", "exact_failure", "guided_candidates", "searchable"]

NAME = "property"


_UNSEEDED = threading.local()  # .on while this thread runs find() for a claim: see _global_prngs_left_alone


def _install_prng_switch() -> bool:
    """Make Hypothesis's per-example reseeding of the global PRNGs skippable, per thread; False where it cannot be.

    Before each example Hypothesis saves ``random``'s and NumPy's global states, seeds both with 0, and
    restores them after (``hypothesis.internal.entropy.deterministic_PRNG``), so that a test using the
    global PRNGs is reproducible: about 0.25 ms an example, a sixth of the property checker's time in
    the library. The condition judged here draws nothing from them (mpmath evaluation of lambdified
    sides; the examples come from Hypothesis's own ``random=`` generator), so skipping it changes no
    example, no shrink and no verdict. The switch wraps the name ``hypothesis.core`` calls; other
    threads and other callers still get the reseeding."""
    import hypothesis.core as core

    original = getattr(core, "deterministic_PRNG", None)
    if original is None:  # a Hypothesis that no longer has it: nothing to skip, or a different design
        return False
    if getattr(original, "_derivax_switch", False):
        return True

    def deterministic_prng(*args: Any, **kwargs: Any) -> Any:
        return contextlib.nullcontext() if getattr(_UNSEEDED, "on", False) else original(*args, **kwargs)

    deterministic_prng._derivax_switch = True  # type: ignore[attr-defined]
    core.deterministic_PRNG = deterministic_prng
    return True


_OWN_CONSTANTS_CACHE: Any = None  # Hypothesis's cache of permitted constants, as it is without any local ones


def _install_constants_switch() -> bool:
    """Make Hypothesis draw no constants from the source of the modules loaded so far, per thread; False where it cannot.

    Hypothesis mixes into its examples the numbers written in the "local" modules imported so far (here
    derivax's own, the claim files among them): which ones depends on what the process has loaded, so a
    claim verified first in a process (``--jobs 1``) and one verified after others in a worker (``--jobs 2``)
    got different examples from the same seed, and a twin a different counterexample. Without them the
    examples depend on the seed alone, and the search never borrows a twin's own constant from its source."""
    global _OWN_CONSTANTS_CACHE
    try:
        from hypothesis.internal.conjecture import providers
    except ImportError:
        return False
    original = getattr(providers, "_get_local_constants", None)
    if original is None or not hasattr(providers, "CONSTANTS_CACHE") or not hasattr(providers, "Constants"):
        return False  # a Hypothesis of another design: left as it is
    if getattr(original, "_derivax_switch", False):
        return True
    none = providers.Constants()

    def local_constants() -> Any:
        return none if getattr(_UNSEEDED, "on", False) else original()

    local_constants._derivax_switch = True  # type: ignore[attr-defined]
    providers._get_local_constants = local_constants
    _OWN_CONSTANTS_CACHE = type(providers.CONSTANTS_CACHE)(1024)
    return True


@contextlib.contextmanager
def _global_prngs_left_alone() -> Iterator[None]:
    """Within: this thread's Hypothesis examples run without reseeding the global PRNGs (see :func:`_install_prng_switch`)
    and without constants from loaded modules (:func:`_install_constants_switch`): they depend on the seed alone."""
    prngs, constants = _install_prng_switch(), _install_constants_switch()
    if not (prngs or constants):
        yield
        return
    before = getattr(_UNSEEDED, "on", False)
    _UNSEEDED.on = True
    swapped = None
    if constants:
        from hypothesis.internal.conjecture import providers

        # the cache of permitted constants holds those of other callers' local modules: ours holds none
        swapped, providers.CONSTANTS_CACHE = providers.CONSTANTS_CACHE, _OWN_CONSTANTS_CACHE
    try:
        yield
    finally:
        _UNSEEDED.on = before
        if swapped is not None:
            providers.CONSTANTS_CACHE = swapped


def _strategy(claim: Claim, size: int | None) -> st.SearchStrategy[dict[str, Any]]:
    parts = {s.name: (s.strategy(size) if isinstance(s, Vec) else s.strategy()) for s in claim.symbols}
    return st.fixed_dictionaries(parts)


class _Judge:
    """Evaluates one instance at a point in mpmath; remembers the sides it saw."""

    def __init__(self, claim: Claim, inst: Instance, rtol: float, atol: float, steer: bool = False):
        self.claim, self.inst, self.rtol, self.atol, self.steer = claim, inst, rtol, atol, steer
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
        if self.steer:
            _steer(self.inst, self.claim.iff, lhs_l, rhs_l, gap)
        if bad:
            self.seen = {"lhs": [float(a) for a in lhs_l], "rhs": [float(b) for b in rhs_l]}
        return bad


def _steer(inst: Instance, iff: bool, lhs: list, rhs: list, gap: Any) -> None:
    """Tell Hypothesis how badly the point violates the statement, so it generates towards worse ones."""
    con = max(float(a - b) if inst.rel in ("<=", "<") else float(b - a) for a, b in zip(lhs, rhs, strict=True))
    if gap is not None:
        margin = float(-gap) if relation_of(inst.given) in ("<", "<=") else float(gap)
        con = max(min(margin, con), min(-margin, -con)) if iff else min(margin, con)
    if math.isfinite(con) and currently_in_test_context():
        target(con, label="violation")


def searchable(claim: Claim, inst: Instance) -> bool:
    """Whether the guided search applies: scalar symbols, and an inequality or an implication."""
    return all(isinstance(s, Sym) for s in claim.symbols) and (inst.rel != "==" or inst.given is not None)


def _search_pieces(claim: Claim) -> list[list[tuple[float, float, bool]]]:
    out = []
    for s in claim.symbols:
        pieces = []
        for piece in _pieces(s.domain, s.typical):
            if isinstance(piece, sp.Range):
                pieces.append((float(piece.inf), float(piece.sup), True))
            else:
                lo, hi = _closed_ends(piece)
                pieces.append((lo, hi, False))
        out.append(pieces)
    return out


def guided_candidates(claim: Claim, inst: Instance, seed: int):
    """The guided search's report for one instance (cached: the numeric checker asks for the same)."""
    from derivax.search import search

    names = [s.name for s in claim.symbols]
    return search(inst.symbols, names, _search_pieces(claim), inst.lhs, inst.rhs, inst.rel, inst.given, claim.iff, seed=seed)


def exact_failure(claim: Claim, inst: Instance, point: dict[str, Any], rtol: float, atol: float) -> tuple[Any, Any] | None:
    """Both sides (floats) when the statement fails at ``point`` evaluated with mpmath at 60 digits, else None."""
    judge = _Judge(claim, inst, rtol, atol)
    if not judge.fails(point):
        return None
    lhs, rhs = (v if len(v) > 1 else v[0] for v in (judge.seen["lhs"], judge.seen["rhs"]))
    return lhs, rhs


def _guided(claim: Claim, inst: Instance, seed: int, rtol: float, atol: float) -> tuple[Counterexample | None, dict[str, Any]]:
    """Run the guided search and re-evaluate its proposals exactly; the first real failure is the counterexample."""
    report = guided_candidates(claim, inst, seed)
    summary = report.summary()
    for cand in report.candidates[:24]:
        if cand.violation < -1e-3 * (1 + abs(cand.violation)):
            break  # the search saw nothing close to failing; the exact evaluation would agree
        point = {s.name: (round(cand.point[s.name]) if s.is_integer else cand.point[s.name]) for s in claim.symbols}
        sides = exact_failure(claim, inst, point, rtol, atol)
        if sides is not None:
            summary["found_by"] = cand.found_by
            note = f"found by {cand.found_by}; sides re-evaluated with mpmath at {DIGITS} digits"
            return Counterexample(point, sides[0], sides[1], note), summary
    return None, summary


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
        # Phase.target: the hill-climbing on target() happens only in this phase (without it target() is inert).
        phases=(Phase.generate, Phase.target, Phase.shrink),
    )
    details: dict[str, Any] = {"examples_per_size": per_instance, "sizes": len(instances), "rtol": rtol, "atol": atol, "digits": DIGITS}
    for inst in instances:
        judge = _Judge(claim, inst, rtol, atol, steer=searchable(claim, inst))
        try:
            with _global_prngs_left_alone():
                point = find(_strategy(claim, inst.size), judge.fails, settings=config, random=random.Random(seed))
        except (NoSuchExample, Unsatisfiable):
            continue
        except Flaky as error:  # a failure that did not repeat (a time limit, an evaluation that is not deterministic)
            return undecided(NAME, f"Hypothesis saw a failure it could not repeat: {type(error).__name__}", **details)
        judge.fails(point)  # refresh the sides for the shrunk point
        at = {"n": inst.size, **point} if inst.size is not None else point
        lhs, rhs = (v if len(v) > 1 else v[0] for v in (judge.seen["lhs"], judge.seen["rhs"]))
        ce = Counterexample(at, lhs, rhs, "shrunk by Hypothesis; sides evaluated with mpmath")
        return Evidence(NAME, Verdict.REFUTED, f"counterexample {ce.describe()}", details, ce, time.perf_counter() - start)
    examples = per_instance * len(instances)
    summary = f"no counterexample in {examples} examples"
    searches = [inst for inst in instances if searchable(claim, inst)]
    for inst in searches:
        ce, details["guided_search"] = _guided(claim, inst, seed, rtol, atol)
        if ce is not None:
            return Evidence(NAME, Verdict.REFUTED, f"counterexample {ce.describe()}", details, ce, time.perf_counter() - start)
    if searches:
        report = details["guided_search"]
        best = report["best_violation"]
        best = f"{best:.3g}" if isinstance(best, float) else best
        summary += (
            f" (steered by target()), nor by the guided search ({report['starts']} starts x {report['steps']} steps,"
            f" {report['boundary_points']} edge points; best violation {best})"
        )
    if claim.interval and not claim.is_twin:
        from derivax.interval import prove_facts

        facts = prove_facts(claim.interval, rtol=rtol, atol=atol)
        details["interval"] = facts
        failed = [f for f in facts if f["verdict"] == "refuted"]
        if failed:
            return undecided(NAME, f"a declared interval fact fails: {failed[0]['fact']}: {failed[0]['summary']}", **details)
        proved = [f for f in facts if f["verdict"] == "proved"]
        summary += f"; interval arithmetic: {len(proved)} of {len(facts)} declared facts proved ({sum(f['boxes'] for f in proved)} boxes)"
    return Evidence(NAME, Verdict.CONFIRMED, summary, details, None, time.perf_counter() - start)


def _unevaluable(inst: Instance) -> bool:
    """Undefined functions or indexed quantities: the same test as every other decider (derivax.codegen)."""
    sides = [inst.lhs, inst.rhs] + ([inst.given] if inst.given is not None else [])
    return bool(undefined_functions([sp.sympify(side, strict=True) for side in sides]))
