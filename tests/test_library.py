"""Every claim of the library holds every way; every wrong twin is refuted with values."""

from __future__ import annotations

import pytest

from derivax import CI, Verdict, verify
from tests.conftest import CORE_IDS, REGISTRY, TWINS


def test_core_claims_are_present():
    assert set(CORE_IDS) <= {c.id for c in REGISTRY}


@pytest.mark.parametrize("claim", REGISTRY, ids=str)
def test_claim_holds_every_way(claim):
    report = verify(claim, CI)
    assert report.holds, report.explain()
    assert report.evidence["numeric"].verdict is Verdict.CONFIRMED, report.explain()
    assert report.evidence["property"].verdict is Verdict.CONFIRMED, report.explain()
    assert report.evidence["symbolic"].verdict in (Verdict.PROVED, Verdict.UNDECIDED), report.explain()


@pytest.mark.parametrize("twin", TWINS, ids=str)
def test_twin_is_refuted_with_values(twin):
    report = verify(twin, CI)
    assert report.verdict is Verdict.REFUTED, report.explain()
    ce = report.counterexample
    assert ce is not None and ce.at
    assert ce.lhs != ce.rhs
    # Both sampling checkers find it on their own, not only the first one to report.
    assert report.evidence["numeric"].verdict is Verdict.REFUTED, report.explain()
    assert report.evidence["property"].verdict is Verdict.REFUTED, report.explain()
