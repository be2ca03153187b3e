"""Guided counterexample search: needle twins are refuted, where random points with the same budget miss."""

from __future__ import annotations

import numpy as np
import pytest

from derivax import registry
from derivax.evidence import Verdict
from derivax.latex import parse
from derivax.property import _search_pieces, exact_failure, guided_candidates
from derivax.search import BOUNDARY_POINTS, STARTS, STEPS, violation_of

NEEDLES = (
    "sigmoid-saturation-bound/needs-4.02",
    "sigmoid-saturation-bound/gain-0.996",
    "sigmoid-saturation-bound/needs-4.005",
    "sigmoid-saturation-bound/gain-0.999",
    "sigmoid-derivative/bound-0.2499999",
    "sigmoid-derivative/tail-0.0003356",
    "momentum-stability/mu-below-1.0005",
    "momentum-stability/mu-below-0.9998",
    "momentum-stability/step-2.0005",
    "momentum-stability/step-above-0.0005",
)


def _twins() -> dict:
    return {t.id: t for c in registry.builtin_claims() for t in c.wrong_twins()}


def _random_hits(twin, count: int, seed: int = 0) -> int:
    """How many of ``count`` uniform points of the sampling box violate the twin (float64, by the same score)."""
    inst = twin.instances()[0]
    rng = np.random.default_rng(seed)
    columns = []
    for pieces in _search_pieces(twin):
        lengths = np.array([hi - lo for lo, hi, _ in pieces])
        which = rng.choice(len(pieces), size=count, p=lengths / lengths.sum())
        lows, highs = np.array([pieces[k][0] for k in which]), np.array([pieces[k][1] for k in which])
        columns.append(lows + (highs - lows) * rng.random(count))
    v = np.asarray(violation_of(inst.symbols, inst.lhs, inst.rhs, inst.rel, inst.given, twin.iff)(*columns))
    return int(np.sum(v > 0))


def test_needles_are_thin_and_random_sampling_misses_most_of_them():
    twins = _twins()
    budget = STARTS * STEPS + BOUNDARY_POINTS  # as many evaluations as the guided search spends
    missed = []
    for name in NEEDLES:
        hits = _random_hits(twins[name], 200_000, seed=1)
        assert hits / 200_000 < 1e-3, f"{name}: the failing region is {hits / 200_000:.2%} of the box, not a needle"
        if _random_hits(twins[name], budget) == 0:
            missed.append(name)
    assert len(missed) >= 7, f"random sampling found too many needles; it missed only {missed}"


@pytest.mark.parametrize("name", NEEDLES)
def test_guided_search_refutes_every_needle(name):
    twin = _twins()[name]
    inst = twin.instances()[0]
    report = guided_candidates(twin, inst, seed=0)
    failing = [c for c in report.candidates[:24] if exact_failure(twin, inst, c.point, 1e-9, 1e-12) is not None]
    assert failing, f"{name}: no proposal fails at 60 digits (best violation {report.best_violation})"
    assert failing[0].found_by


def test_property_checker_reports_the_search_that_found_it():
    from derivax import property as property_check
    from derivax.settings import Settings

    twin = _twins()["momentum-stability/mu-below-0.9998"]
    evidence = property_check.check(twin, Settings(seed=0, checks=("property",)))
    assert evidence.verdict is Verdict.REFUTED
    assert "found by" in evidence.counterexample.note and "60 digits" in evidence.counterexample.note
    assert 0.9998 < abs(evidence.counterexample.at["mu"]) < 1


def test_holding_claim_records_how_hard_the_search_tried():
    from derivax import property as property_check
    from derivax.settings import Settings

    claim = next(c for c in registry.builtin_claims() if c.id == "sigmoid-saturation-bound")
    evidence = property_check.check(claim, Settings(seed=0, checks=("property",)))
    assert evidence.verdict is Verdict.CONFIRMED
    search = evidence.details["guided_search"]
    assert search["starts"] == STARTS and search["steps"] == STEPS and search["best_violation"] <= 0


def test_check_refutes_the_thin_saturation_counterexample():
    from derivax.judge import check_statement

    judgement = check_statement(parse(r"|w\,\sigma(wa+b)(1-\sigma(wa+b))| < 1"), [parse(r"|w| < 5")])
    assert judgement.verdict is Verdict.REFUTED
    ce = judgement.counterexample
    assert ce.lhs >= 1 and abs(ce.at["w"]) < 5
