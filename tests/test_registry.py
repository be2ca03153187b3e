"""The registry itself: unique ids, references, twins, domains, seed files."""

from __future__ import annotations

import pytest

from tests.conftest import REGISTRY


def test_ids_are_unique():
    ids = [c.id for c in REGISTRY]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("claim", REGISTRY, ids=str)
def test_claim_is_fully_declared(claim):
    assert claim.refs, "every claim cites a book or paper"
    assert claim.twins, "every claim has at least one wrong twin"
    assert claim.title and claim.doc
    assert claim.target is not None, "grading needs the expression a student is asked to find"
    for twin in claim.wrong_twins():
        assert twin.why and twin.twin_of == claim.id


@pytest.mark.parametrize("claim", REGISTRY, ids=str)
def test_seed_references_exist(claim, seeds_dir):
    for name in claim.seeds:
        assert (seeds_dir / name).is_file(), f"{claim.id} cites a seed that is not there: {name}"


@pytest.mark.parametrize("claim", REGISTRY, ids=str)
def test_witness_is_not_the_lambdified_claim(claim):
    # The witness lives in the claim's module and is written in JAX, never produced by lambdify.
    assert claim.witness.__module__.startswith("derivax.derivations.") or claim.witness.__module__.startswith("derivax_user")
    assert claim.witness.__name__ != "_lambdifygenerated"
